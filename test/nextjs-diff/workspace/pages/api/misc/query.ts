import type { NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// Query edge cases as URLSearchParams and raw strings see them.
export default function handler(req: NextRequest) {
  const u = req.nextUrl;
  return Response.json({ url: req.url, search: u.search, entries: [...u.searchParams.entries()],
    rawSearch: new URL(req.url).search, size: [...u.searchParams.keys()].length });
}
