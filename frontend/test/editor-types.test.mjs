// The editor's type checking of routes (issue 6): the compiler settings of
// src/lib/edge-compiler-options.json and the declarations Go hands the
// editor (runtime/nextserver/types, runtime/webapi/types) accept code that
// runs on the Edge Runtime and flag code that cannot (DOM, Node.js).
// Run by `make test-frontend` (node --test).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const options = JSON.parse(fs.readFileSync(path.join(here, '..', 'src', 'lib', 'edge-compiler-options.json'), 'utf8'));
const declarations = {
  '/types/next-server.d.ts': fs.readFileSync(path.join(repo, 'runtime', 'nextserver', 'types', 'next-server.d.ts'), 'utf8'),
  '/types/edge-runtime.d.ts': fs.readFileSync(path.join(repo, 'runtime', 'webapi', 'types', 'edge-runtime.d.ts'), 'utf8'),
};

/** Type-checks one route source as the editor does; returns its diagnostics as "line: message". */
function check(source) {
  const files = { ...declarations, '/pages/api/route.ts': source };
  const compilerOptions = {
    ...ts.convertCompilerOptionsFromJson(options, '/').options,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  };
  const defaultHost = ts.createCompilerHost(compilerOptions);
  const host = {
    ...defaultHost,
    fileExists: (f) => f in files || (f.includes('/typescript/lib/') && defaultHost.fileExists(f)),
    readFile: (f) => (f in files ? files[f] : f.includes('/typescript/lib/') ? defaultHost.readFile(f) : undefined),
    getSourceFile: (f, lang) =>
      f in files ? ts.createSourceFile(f, files[f], lang, true) : f.includes('/typescript/lib/') ? defaultHost.getSourceFile(f, lang) : undefined,
    getCurrentDirectory: () => '/',
    directoryExists: (d) => d === '/' || Object.keys(files).some((f) => f.startsWith(d.endsWith('/') ? d : `${d}/`)) || d.includes('/typescript/lib'),
    getDirectories: () => [],
  };
  const program = ts.createProgram(Object.keys(files), compilerOptions, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => {
      const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || d.start === undefined) return msg;
      return `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ${msg}`;
    });
}

describe('editor types for edge routes', () => {
  it('accept the declarations themselves and an Edge Runtime route', () => {
    const diags = check(`import { NextRequest, NextResponse, userAgent } from 'next/server';
import { AsyncLocalStorage as ALS } from 'node:async_hooks';
import { Buffer } from 'node:buffer';
import { EventEmitter } from 'node:events';
export const config = { runtime: 'edge' };
const store = new AsyncLocalStorage<string>();
export default async function handler(req: NextRequest) {
  const id = req.nextUrl.searchParams.get('id') ?? 'none';
  const token = req.cookies.get('token')?.value;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id));
  const hex = Buffer.from(new Uint8Array(digest)).toString('hex');
  const stream = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new TextEncoder().encode(hex)); c.close(); } });
  const match = new URLPattern({ pathname: '/api/:name' }).exec(req.url)?.pathname.groups.name;
  const ua = userAgent(req).browser.name;
  const signal = AbortSignal.timeout(1000);
  new EventEmitter().emit('x', 1);
  new ALS<number>().run(1, () => store.getStore());
  const res = NextResponse.json({ id, token, hex, match, ua, env: process.env.NODE_ENV, runtime: EdgeRuntime, aborted: signal.aborted });
  res.cookies.set('seen', '1', { httpOnly: true, sameSite: 'lax' });
  return process.env.FLAG ? new Response(stream) : res;
}
`);
    assert.deepEqual(diags, []);
  });

  const refused = [
    ['the DOM', "export default () => new Response(document.title)", /Cannot find name 'document'/],
    ['window', "export default () => new Response(String(window.location))", /Cannot find name 'window'/],
    ['the Buffer global', "export default () => new Response(Buffer.from('x'))", /Cannot find name 'Buffer'/],
    ['require', "const fs = require('fs');\nexport default () => new Response('x')", /Cannot find name 'require'/],
    ['a Node.js module', "import { readFileSync } from 'fs';\nexport default () => new Response(readFileSync('x'))", /Cannot find module 'fs'/],
    ['Node process members', "export default () => new Response(process.cwd())", /Property 'cwd' does not exist/],
    ['a wrong NextResponse call', "import { NextResponse } from 'next/server';\nexport default () => NextResponse.redirect('/x', 'moved')", /not assignable to parameter of type/],
  ];
  for (const [what, source, want] of refused) {
    it(`flag ${what}`, () => {
      const diags = check(source);
      assert.ok(diags.some((d) => want.test(d)), `no diagnostic matching ${want}:\n${diags.join('\n')}`);
    });
  }
});
