import { NextResponse, type NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// NextResponse.rewrite() in an API route (middleware only).
export default function handler(req: NextRequest) {
  return NextResponse.rewrite(new URL('/api/echo', req.url));
}
