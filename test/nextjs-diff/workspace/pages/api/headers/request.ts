import type { NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// The request headers as the handler sees them (R-HANDLER-7, R-REQ-1).
export default function handler(req: NextRequest) {
  const h: Record<string, string> = {};
  req.headers.forEach((v, k) => { h[k] = v; });
  return Response.json({ headers: h, multi: req.headers.get('x-multi'), cookie: req.headers.get('cookie') });
}
