import { NextResponse } from 'next/server';
export const config = { runtime: 'edge' };
// ResponseCookies.delete by name and by options object.
export default function handler() {
  const res = new NextResponse(null, { status: 204 });
  res.cookies.delete('gone');
  res.cookies.delete({ name: 'scoped', path: '/api', domain: 'example.com' } as any);
  return res;
}
