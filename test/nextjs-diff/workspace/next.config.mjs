// The differential test's workspace (test/nextjs-diff): Next.js defaults
// except that type checking and linting are skipped at build time (some
// routes are wrong on purpose, and the build stays short), and an `env`
// value for pages/api/misc/env-inline.ts (inlined by both builds).
const nextConfig = {
  typescript: { ignoreBuildErrors: true },
  eslint: { ignoreDuringBuilds: true },
  env: { DIFF_FROM_CONFIG: 'from-next-config' },
};
export default nextConfig;
