import type { NextRequest } from 'next/server';
import { describe, json } from '../../../lib/echo';
export const config = { runtime: 'edge' };
// One or more segments, one query entry per segment (R-ROUTE-3).
export default function handler(req: NextRequest) {
  return json(describe(req, { route: 'pages/api/docs/[...slug].ts', slug: req.nextUrl.searchParams.getAll('slug') }));
}
