import type { NextFetchEvent, NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
let done = 0;
// event.waitUntil (R-HANDLER-1): the response does not wait.
export default function handler(req: NextRequest, event: NextFetchEvent) {
  event.waitUntil(new Promise((r) => setTimeout(() => { done++; r(null); }, 50)));
  return Response.json({ hasWaitUntil: typeof event.waitUntil, sourcePage: (event as any)?.sourcePage ?? null });
}
