export const config = { runtime: 'edge' };
// new Response with a status outside 200..599 (R-HANDLER-4 wording).
export default function handler(req: Request) {
  const s = Number(new URL(req.url).searchParams.get('s') ?? '600');
  return new Response('x', { status: s });
}
