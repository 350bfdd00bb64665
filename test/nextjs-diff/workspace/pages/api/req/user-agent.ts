import { userAgent, type NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// userAgent() (R-NEXT-3).
export default function handler(req: NextRequest) {
  return Response.json(userAgent(req));
}
