import fs from 'fs';
export const config = { runtime: 'edge' };
// A Node.js built-in (R-RT-2): import succeeds, use throws.
export default function handler() {
  let msg = 'no error';
  try { (fs as any).readFileSync('/etc/hostname'); } catch (e: any) { msg = String(e && e.message); }
  return Response.json({ typeofFs: typeof fs, msg });
}
