import type { NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// Default content-type per body kind (R-HANDLER-7).
export default function handler(req: NextRequest) {
  const kind = req.nextUrl.searchParams.get('kind');
  switch (kind) {
    case 'string': return new Response('text');
    case 'bytes': return new Response(new Uint8Array([1, 2, 3]));
    case 'blob': return new Response(new Blob(['b'], { type: 'image/x-test' }));
    case 'params': return new Response(new URLSearchParams({ a: '1', b: 'x y' }));
    case 'form': { const f = new FormData(); f.set('k', 'v'); return new Response(f); }
    case 'empty': return new Response(null);
    case 'emptystr': return new Response('');
    default: return new Response(JSON.stringify({ kind }));
  }
}
