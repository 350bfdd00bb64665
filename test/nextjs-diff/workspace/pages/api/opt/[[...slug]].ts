import type { NextRequest } from 'next/server';
import { describe, json } from '../../../lib/echo';
export const config = { runtime: 'edge' };
// Zero or more segments.
export default function handler(req: NextRequest) {
  return json(describe(req, { route: 'pages/api/opt/[[...slug]].ts', slug: req.nextUrl.searchParams.getAll('slug') }));
}
