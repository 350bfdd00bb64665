import type { NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// Next 15: geo and ip are gone from NextRequest (R-NEXT-1).
export default function handler(req: NextRequest) {
  const r = req as any;
  return Response.json({ geo: r.geo ?? 'undefined', ip: r.ip ?? 'undefined', hasPage: 'page' in r, hasUa: 'ua' in r,
    isRequest: req instanceof Request });
}
