import type { NextRequest } from 'next/server';
import { describe, json } from '../../../lib/echo';
export const config = { runtime: 'edge' };
// Static beats [id] (R-ROUTE-2).
export default function handler(req: NextRequest) {
  return json(describe(req, { route: 'pages/api/users/me.ts' }));
}
