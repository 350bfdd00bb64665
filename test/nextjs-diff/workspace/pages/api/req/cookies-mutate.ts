import type { NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// RequestCookies set/delete/clear write through to the request's cookie header.
export default function handler(req: NextRequest) {
  const c = req.cookies;
  const steps: unknown[] = [];
  c.set('added', 'v 1;x');
  steps.push({ after: 'set', header: req.headers.get('cookie'), all: c.getAll() });
  c.set({ name: 'obj', value: 'o' });
  const deleted = c.delete('a');
  steps.push({ after: 'delete', deleted, header: req.headers.get('cookie') });
  const multi = c.delete(['obj', 'nope']);
  steps.push({ after: 'delete[]', multi, header: req.headers.get('cookie') });
  c.clear();
  steps.push({ after: 'clear', header: req.headers.get('cookie'), size: c.size });
  return Response.json(steps);
}
