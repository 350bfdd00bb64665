import type { NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// The request body as a stream, piped to the response.
export default function handler(req: NextRequest) {
  return new Response(req.body, { headers: { 'content-type': req.headers.get('content-type') ?? 'application/octet-stream' } });
}
