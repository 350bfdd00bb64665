export const config = { runtime: 'edge' };
// An asset bundled with the route, fetched by its URL (R-MOD-1).
export default async function handler() {
  const url = new URL('../../../lib/asset.txt', import.meta.url);
  const res = await fetch(url);
  return Response.json({ type: typeof url, isURL: url instanceof URL, str: String(url), href: url.href, protocol: url.protocol, status: res.status, headers: [...res.headers], url: res.url, text: await res.text() });
}
