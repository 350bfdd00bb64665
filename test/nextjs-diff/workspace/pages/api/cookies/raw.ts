export const config = { runtime: 'edge' };
// Raw Set-Cookie lines pass unchanged; getSetCookie splits them.
export default function handler() {
  const h = new Headers();
  h.append('Set-Cookie', 'raw1=a; Path=/; HttpOnly');
  h.append('Set-Cookie', 'raw2=b, c; Expires=Wed, 21 Oct 2037 07:28:00 GMT');
  h.append('content-type', 'application/json');
  return new Response(JSON.stringify({ split: h.getSetCookie(), get: h.get('set-cookie') }), { headers: h });
}
