export const config = { runtime: 'edge' };
// .env files, precedence, expansion (R-RT-4).
export default function handler(req: Request) {
  const keys = ['DIFF_PLAIN', 'DIFF_OVERRIDDEN', 'DIFF_EXPANDED', 'DIFF_BRACED', 'DIFF_ESCAPED', 'DIFF_QUOTED',
    'DIFF_SINGLE', 'DIFF_MULTILINE', 'DIFF_EMPTY', 'DIFF_MODE', 'DIFF_LOCAL', 'DIFF_OVERRIDDEN_LOCAL', 'DIFF_UNSET'];
  const direct = {
    DIFF_PLAIN: process.env.DIFF_PLAIN ?? null,
    DIFF_OVERRIDDEN: process.env.DIFF_OVERRIDDEN ?? null,
    NODE_ENV: process.env.NODE_ENV ?? null,
    NEXT_RUNTIME: process.env.NEXT_RUNTIME ?? null,
  };
  const env = process.env as Record<string, string | undefined>;
  const dynamic = Object.fromEntries(keys.map((k) => [k, env[k] ?? null]));
  // ?host: whether the host's environment shows through (Next: yes; Edgeplay: never, R-RT-4).
  if (new URL(req.url).searchParams.has('host')) return Response.json({ hasPATH: 'PATH' in env, hasHOME: 'HOME' in env });
  return Response.json({ direct, dynamic });
}
