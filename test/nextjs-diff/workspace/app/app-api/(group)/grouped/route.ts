export const runtime = 'edge';
// A route group does not appear in the URL.
export function GET() {
  return new Response('grouped');
}
