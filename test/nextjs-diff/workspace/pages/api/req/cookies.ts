import type { NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// RequestCookies (R-NEXT-1): get/getAll/has/size/iteration, decoding, duplicates.
export default function handler(req: NextRequest) {
  const c = req.cookies;
  return Response.json({
    getAll: c.getAll(),
    get_a: c.get('a') ?? null,
    get_missing: c.get('missing') ?? null,
    getAll_a: c.getAll('a'),
    has_a: c.has('a'),
    has_missing: c.has('missing'),
    size: c.size,
    iter: [...c].map(([k, v]) => [k, v]),
    toString: c.toString(),
  });
}
