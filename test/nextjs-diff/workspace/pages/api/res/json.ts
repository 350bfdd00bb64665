import { NextResponse } from 'next/server';
export const config = { runtime: 'edge' };
// NextResponse.json with init (status, statusText, headers).
export default function handler() {
  return NextResponse.json({ ok: true, n: 1.5, s: 'é\u2028', nil: null, arr: [1, 'two'] },
    { status: 201, statusText: 'Made It', headers: { 'x-custom': 'yes' } });
}
