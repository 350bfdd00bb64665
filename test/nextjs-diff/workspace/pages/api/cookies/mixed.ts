import { NextResponse } from 'next/server';
export const config = { runtime: 'edge' };
// Raw header lines and ResponseCookies together.
export default function handler() {
  const res = new NextResponse('mixed', { headers: { 'set-cookie': 'first=1' } });
  res.headers.append('set-cookie', 'second=2');
  res.cookies.set('third', '3');
  res.cookies.set('first', 'replaced');
  return res;
}
