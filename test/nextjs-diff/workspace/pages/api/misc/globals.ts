export const config = { runtime: 'edge' };
// What the Edge Runtime's global scope has (R-RT-1).
export default function handler(req: Request) {
  const g = globalThis as any;
  // ?require: the global require alone (Next's sandbox has one; its use is undocumented).
  if (new URL(req.url).searchParams.has('require')) return Response.json({ require: typeof g.require });
  const names = ['EdgeRuntime', 'navigator', 'Buffer', 'global', 'window', 'caches', 'setImmediate', 'self',
    'process', 'fetch', 'URLPattern', 'WebSocket', 'CompressionStream', 'structuredClone', 'WebAssembly', 'crypto',
    'AbortSignal', 'queueMicrotask', 'performance', 'TextEncoderStream', 'module', 'exports', '__dirname'];
  return Response.json({
    types: Object.fromEntries(names.map((n) => [n, typeof g[n]])),
    edgeRuntime: g.EdgeRuntime ?? null,
    selfIsGlobal: g.self === globalThis,
  });
}
