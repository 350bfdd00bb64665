import type { NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// NextURL (R-NEXT-1): fields, clone(), setters.
export default function handler(req: NextRequest) {
  const u = req.nextUrl;
  const c = u.clone();
  c.pathname = '/api/other';
  c.searchParams.set('added', '1');
  const h = u.clone();
  h.hash = '#frag';
  h.search = '?replaced=yes';
  return Response.json({
    href: u.href, origin: u.origin, protocol: u.protocol, host: u.host, hostname: u.hostname,
    port: u.port, pathname: u.pathname, search: u.search, hash: u.hash,
    basePath: u.basePath, locale: u.locale ?? null, defaultLocale: u.defaultLocale ?? null,
    buildIdType: typeof u.buildId, toString: String(u), toJSON: u.toJSON(),
    isURL: u instanceof URL, cloneHref: c.href, origUnchanged: u.href, hashHref: h.href,
  });
}
