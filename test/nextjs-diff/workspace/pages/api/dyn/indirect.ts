export const config = { runtime: 'edge' };

// Dynamic code the build cannot see (R-RT-3): refused at run time in
// production (EvalError / CompileError), run in development, as next dev
// runs it.
const g = globalThis as Record<string, any>;
const hidden = (name: string) => g[name.split('').reverse().join('')];

// The smallest valid WebAssembly module: the magic number and version 1.
const emptyModule = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

export default async function handler(req: Request) {
  const form = new URL(req.url).searchParams.get('form');
  try {
    switch (form) {
      case 'eval':
        return Response.json({ value: hidden('lave')('6 * 7') });
      case 'function':
        return Response.json({ value: hidden('noitcnuF')('a', 'b', 'return a + b')(40, 2) });
      case 'wasm-compile': {
        const wasm = g['WebAssembly'];
        const mod = await wasm[['com', 'pile'].join('')](emptyModule);
        return Response.json({ value: wasm.Module.exports(mod).length });
      }
      case 'wasm-instantiate': {
        const { instance } = await g['WebAssembly'][['instan', 'tiate'].join('')](emptyModule);
        return Response.json({ value: Object.keys(instance.exports).length });
      }
    }
    return Response.json({ error: 'unknown form' }, { status: 400 });
  } catch (e) {
    const err = e as Error;
    return Response.json({ error: `${err.name}: ${err.message}`, isEvalError: e instanceof EvalError }, { status: 500 });
  }
}
