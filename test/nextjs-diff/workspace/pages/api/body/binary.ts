import type { NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// req.arrayBuffer(): length and SHA-256 of the bytes, then echo them back.
export default async function handler(req: NextRequest) {
  const buf = await req.arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
  const hex = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  if (req.nextUrl.searchParams.get('echo')) {
    return new Response(buf, { headers: { 'x-sha256': hex, 'x-length': String(buf.byteLength) } });
  }
  return Response.json({ length: buf.byteLength, sha256: hex, bodyUsed: req.bodyUsed, ct: req.headers.get('content-type') });
}
