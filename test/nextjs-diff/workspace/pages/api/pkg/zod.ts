import { z } from 'zod';
export const config = { runtime: 'edge' };
// zod in an edge route: parse a JSON body, report issues as zod words them.
const User = z.object({ name: z.string().min(2), age: z.number().int().positive(), email: z.string().email() });
export default async function handler(req: Request) {
  const body = await req.json().catch(() => null);
  const r = User.safeParse(body);
  if (r.success) return Response.json({ ok: true, data: r.data });
  return Response.json({ ok: false, issues: r.error.issues.map((i) => ({ path: i.path, code: i.code, message: i.message })) }, { status: 400 });
}
