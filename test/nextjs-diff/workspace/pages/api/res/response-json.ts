export const config = { runtime: 'edge' };
// The standard static Response.json.
export default function handler() {
  return Response.json([1, 2, 3], { status: 202, headers: { 'content-type': 'application/vnd.custom+json' } });
}
