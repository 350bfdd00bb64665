export const config = { runtime: 'edge' };
// Response headers: case, duplicates, appended values, odd values.
export default function handler(req: Request) {
  const big = new URL(req.url).searchParams.has('big');
  const h = new Headers({ 'X-Mixed-Case': 'Value' });
  h.append('x-dup', 'one');
  h.append('x-dup', 'two');
  h.set('x-spaces', '  padded  ');
  h.set('cache-control', 's-maxage=60, stale-while-revalidate=30');
  h.set('vary', 'Accept-Encoding');
  h.set('x-powered-by', 'handler');
  return new Response(big ? 'headers '.repeat(1000) : 'headers', { headers: h });
}
