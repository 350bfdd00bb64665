import type { NextRequest } from 'next/server';
import { describe, json } from '../../../lib/echo';
export const config = { runtime: 'edge' };
export default function handler(req: NextRequest) {
  return json(describe(req, { route: 'pages/api/docs/intro.ts' }));
}
