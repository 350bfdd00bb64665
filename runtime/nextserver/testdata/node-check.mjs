// Runs testdata/cases.js against js/next-server.js under Node.js, whose
// Request, Response, Headers and URL are the real (undici/WHATWG) ones, so
// the module is shown to behave the same on a real Web API implementation.
//
//   node node-check.mjs                      # Edgeplay's module
//   NEXT_SERVER_REF=/path/to/node_modules/next node node-check.mjs
//                                            # real Next.js, Next 15 cases
//                                            # that are not Edgeplay-only
//
// Prints "N passed, N failed, N skipped" and exits non-zero on a failure.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = path.dirname(fileURLToPath(import.meta.url));
const factory = vm.runInThisContext(readFileSync(path.join(here, '..', 'js', 'next-server.js'), 'utf8'), {
  filename: 'next-server.js',
});
vm.runInThisContext(readFileSync(path.join(here, 'cases.js'), 'utf8'), { filename: 'cases.js' });

const ref = process.env.NEXT_SERVER_REF;
let load = (version) => factory({ nextVersion: version });
if (ref) {
  const require = createRequire(path.join(ref, 'package.json'));
  const real = require(path.join(ref, 'server.js'));
  load = () => real;
  console.log(`reference: next ${require(path.join(ref, 'package.json')).version}`);
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const c of globalThis.NEXTSERVER_CASES) {
  const version = c.next ?? 15;
  if (ref && (c.edgeplayOnly || version !== 15)) {
    skipped++;
    continue;
  }
  const mod = load(version);
  const h = globalThis.NEXTSERVER_HELPERS(mod);
  let got;
  try {
    got = String(await c.run(mod, h));
  } catch (e) {
    got = `threw ${e && e.stack ? e.stack : e}`;
  } finally {
    h.restore();
  }
  if (got === c.want) {
    passed++;
  } else {
    failed++;
    console.error(`FAIL ${c.name}\n  got:  ${got}\n  want: ${c.want}`);
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
