import type { NextRequest } from 'next/server';
import { describe, json } from '@/lib/echo';
export const config = { runtime: 'edge' };
// Everything the handler sees of its request, headers included.
export default async function handler(req: NextRequest) {
  const headers = [...req.headers.entries()];
  const body = req.body ? await req.text() : null;
  return json(describe(req, { route: 'pages/api/echo.ts', headers, body }));
}
