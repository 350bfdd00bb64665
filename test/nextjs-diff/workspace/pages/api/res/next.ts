import { NextResponse } from 'next/server';
export const config = { runtime: 'edge' };
// NextResponse.next() in an API route.
export default function handler() {
  return NextResponse.next({ headers: { 'x-from-next': '1' } });
}
