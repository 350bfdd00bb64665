export const config = { runtime: 'edge' };
// Values Next.js inlines at build time (R-RT-4): next.config's env, and
// NEXT_PUBLIC_ variables; read directly and by a computed name.
export default function handler() {
  const env = process.env as Record<string, string | undefined>;
  const name = (s: string) => s.split('').reverse().join('');
  return Response.json({
    configDirect: process.env.DIFF_FROM_CONFIG ?? null,
    configDynamic: env[name('GIFNOC_MORF_FFID')] ?? null,
    publicDirect: process.env.NEXT_PUBLIC_DIFF ?? null,
    publicDynamic: env[name('FFID_CILBUP_TXEN')] ?? null,
  });
}
