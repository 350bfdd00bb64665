export const runtime = 'edge';
// A private folder is not routed.
export function GET() {
  return new Response('private served');
}
