import { NextResponse } from 'next/server';
export const config = { runtime: 'edge' };
// redirect with a ResponseInit object (headers kept, status from init).
export default function handler() {
  return NextResponse.redirect('https://example.com/a?b=c', { status: 301, headers: { 'x-extra': '1' } });
}
