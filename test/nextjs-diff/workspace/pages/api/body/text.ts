import type { NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// req.text() and a second read.
export default async function handler(req: NextRequest) {
  const t = await req.text();
  let second = 'no error';
  try { await req.text(); } catch (e: any) { second = e?.name; }
  return Response.json({ text: t, length: t.length, second, hasBody: req.body !== null });
}
