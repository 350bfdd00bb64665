import type { NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// Any status, optional ?text= statusText and ?body=.
export default function handler(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const code = Number(q.get('code'));
  const init: ResponseInit = { status: code };
  if (q.has('text')) init.statusText = q.get('text')!;
  return new Response(q.has('body') ? q.get('body') : null, init);
}
