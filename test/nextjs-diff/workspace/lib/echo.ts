import type { NextRequest } from 'next/server';

// describe returns what a handler sees of its request, as plain JSON.
export function describe(req: NextRequest, extra: Record<string, unknown> = {}) {
  const u = req.nextUrl;
  return {
    method: req.method,
    url: req.url,
    pathname: u.pathname,
    search: u.search,
    query: [...u.searchParams.entries()],
    ...extra,
  };
}

export function json(data: unknown, init?: ResponseInit) {
  return new Response(JSON.stringify(data), {
    ...init,
    headers: { 'content-type': 'application/json', ...(init?.headers as Record<string, string>) },
  });
}
