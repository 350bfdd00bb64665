import type { NextRequest } from 'next/server';
export const runtime = 'edge';
// Per-method exports (R-ROUTE-6): GET and POST; others 405, HEAD and OPTIONS automatic.
export async function GET(req: NextRequest) {
  return Response.json({ method: 'GET', url: req.url, query: [...req.nextUrl.searchParams.entries()] });
}
export async function POST(req: NextRequest) {
  return Response.json({ method: 'POST', body: await req.text() }, { status: 201 });
}
