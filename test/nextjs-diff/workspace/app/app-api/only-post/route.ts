export const runtime = 'edge';
export function POST() {
  return new Response('posted');
}
