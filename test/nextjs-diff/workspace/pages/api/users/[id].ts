import type { NextRequest } from 'next/server';
import { describe, json } from '../../../lib/echo';
export const config = { runtime: 'edge' };
// One segment (R-ROUTE-2); the param is merged into the query (R-ROUTE-3).
export default function handler(req: NextRequest) {
  return json(describe(req, { route: 'pages/api/users/[id].ts', id: req.nextUrl.searchParams.get('id') }));
}
