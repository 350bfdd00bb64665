import type { NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// Every method reaches the handler.
export default async function handler(req: NextRequest) {
  const body = req.body ? await req.text() : null;
  return new Response(JSON.stringify({ method: req.method, body }), {
    headers: { 'content-type': 'application/json', 'x-method': req.method },
  });
}
