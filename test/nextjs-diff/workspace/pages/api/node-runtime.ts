// A Node.js API route (no edge runtime): Edgeplay does not emulate it (R-ROUTE-5).
export default function handler(req: any, res: any) {
  res.status(200).json({ runtime: 'nodejs' });
}
