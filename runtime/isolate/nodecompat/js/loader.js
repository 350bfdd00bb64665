// loadModule(name) returns the exports of a node: module, built on first
// use and the same object afterwards. The exports are plain objects holding
// exactly what Next.js's sandbox picks from Node's module (R-RT-2).
// Each module's file is evaluated only when the module is first required
// (nodecompat.go wraps it in a define function).
const moduleFactories = {
  'node:buffer': () => defineBuffer()(),
  'node:events': () => defineEvents()(),
  'node:async_hooks': () => defineAsyncHooks()(),
  'node:assert': () => defineAssert()(),
  'node:util': () => defineUtil()(),
};
const moduleCache = new Map();

function loadModule(name) {
  let m = moduleCache.get(name);
  if (m === undefined) {
    const factory = moduleFactories[name];
    if (factory === undefined) return undefined;
    m = factory();
    moduleCache.set(name, m);
  }
  return m;
}
