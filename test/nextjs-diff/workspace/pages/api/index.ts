import type { NextRequest } from 'next/server';
import { describe, json } from '../../lib/echo';
export const config = { runtime: 'edge' };
// /api (R-ROUTE-1: index maps to its folder)
export default function handler(req: NextRequest) {
  return json(describe(req, { route: 'pages/api/index.ts' }));
}
