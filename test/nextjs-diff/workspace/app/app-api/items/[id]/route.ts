import type { NextRequest } from 'next/server';
export const runtime = 'edge';
// params is a promise in Next 15 (R-ROUTE-6).
export async function GET(req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const p = ctx.params;
  const isPromise = typeof (p as any)?.then === 'function';
  return Response.json({ isPromise, params: await p, query: [...req.nextUrl.searchParams.entries()], url: req.url });
}
