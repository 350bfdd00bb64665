import { NextResponse } from 'next/server';
export const config = { runtime: 'edge' };
// ResponseCookies.set with every option (R-NEXT-2); the Set-Cookie lines are compared byte for byte.
export default function handler() {
  const res = NextResponse.json({ ok: true });
  const c = res.cookies;
  c.set('plain', 'v');
  c.set('encoded', 'a b;c=d,é');
  c.set('session', 'abc123', { maxAge: 3600, secure: true, httpOnly: true, sameSite: 'lax' });
  c.set('cross', 'x', { domain: 'example.com', secure: true, sameSite: 'none' });
  c.set('strict', 's', { sameSite: 'strict', path: '/api' });
  c.set('bool', 'b', { sameSite: true as any });
  c.set('exp', 'e', { expires: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)) });
  c.set('expnum', 'n', { expires: Date.UTC(2031, 5, 6, 7, 8, 9) });
  c.set('zero', 'z', { maxAge: 0 });
  c.set('prio', 'p', { priority: 'high' });
  c.set('part', 'q', { partitioned: true, secure: true });
  c.set({ name: 'objform', value: 'o', path: '/x', httpOnly: true });
  c.set('replaced', 'first');
  c.set('replaced', 'second');
  c.set('empty', '');
  return res;
}
