// Loads one of the frontend's pure TypeScript modules (src/lib/*.ts, which
// import only types) into a node:test file: Node 20 cannot import .ts, so
// the module is transpiled with the project's TypeScript into a temporary
// .mjs, imported, and the temporary file removed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

/** Imports src/<rel> (e.g. "lib/geo.ts") as an ES module. */
export async function loadTS(rel) {
  const source = fs.readFileSync(path.join(srcDir, rel), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: rel,
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeplay-ts-'));
  try {
    const file = path.join(tmp, `${path.basename(rel, '.ts')}.mjs`);
    fs.writeFileSync(file, outputText);
    return await import(pathToFileURL(file).href);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
