import { cookies, headers } from 'next/headers';
export const runtime = 'edge';
// next/headers in a route handler: read request headers and cookies, set a cookie.
export async function GET() {
  const h = await headers();
  const c = await cookies();
  c.set('from-next-headers', 'yes', { httpOnly: true });
  return Response.json({ xTest: h.get('x-test'), a: c.get('a') ?? null, all: c.getAll() });
}
