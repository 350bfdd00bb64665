import { NextResponse, type NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// NextResponse.redirect: ?status= (default 307), ?to= absolute target or path resolved on req.url;
// ?relative=1 passes a relative string (a TypeError in Next), invalid statuses throw RangeError (R-NEXT-2).
export default function handler(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const status = q.has('status') ? Number(q.get('status')) : undefined;
  const to = q.get('to') ?? '/api/echo?from=redirect';
  const target = q.get('relative') ? to : new URL(to, req.url);
  return status === undefined ? NextResponse.redirect(target) : NextResponse.redirect(target, status);
}
