// @ts-expect-error -- the edge build's ?module import (R-MOD-1) has no type declaration here
import addModule from '../../../lib/add.wasm?module';

export const config = { runtime: 'edge' };

// A precompiled WebAssembly module (R-MOD-1): instantiating it is allowed.
export default async function handler(req: Request) {
  const a = Number(new URL(req.url).searchParams.get('a') ?? 40);
  const { exports } = (await WebAssembly.instantiate(addModule)) as unknown as { exports: { add(a: number, b: number): number } };
  return Response.json({
    // Not `instanceof WebAssembly.Module`: next start compiles the module in
    // Node's realm, outside the sandbox, so that is false there (and true on
    // the platform and in Edgeplay); the brand check holds in both.
    tag: Object.prototype.toString.call(addModule),
    exports: WebAssembly.Module.exports(addModule),
    sum: exports.add(a, 2),
  });
}
