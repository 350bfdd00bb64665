import { NextResponse } from 'next/server';
export const config = { runtime: 'edge' };
// ResponseCookies get/getAll/has/toString after set and delete.
export default function handler() {
  const res = new NextResponse('body');
  res.cookies.set('a', '1', { path: '/p', maxAge: 10 });
  res.cookies.set('b', '2');
  res.cookies.delete('b');
  return NextResponse.json({
    get_a: res.cookies.get('a'),
    get_b: res.cookies.get('b') ?? null,
    getAll: res.cookies.getAll(),
    has_a: res.cookies.has('a'),
    str: res.cookies.toString(),
  });
}
