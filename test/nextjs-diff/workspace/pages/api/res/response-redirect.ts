export const config = { runtime: 'edge' };
// The standard Response.redirect.
export default function handler() {
  return Response.redirect('https://example.com/std', 302);
}
