// End-to-end test: a HAR file recorded by Chromium imports into the history
// and its exchanges replay against `edgeplay serve`.
//
// Contract:
//   EDGEPLAY_BINARY      the headless Edgeplay binary (default: ../build/bin/edgeplay,
//                        built with `go build -o build/bin/edgeplay .` at the repository root)
//   /usr/bin/chromium    Debian's chromium, driven by playwright-core (headless: no display needed)
//
// Run: cd frontend && node --test e2e/har.e2e.test.mjs
//
// The test copies ../examples into a temporary workspace (plus an echo route),
// starts `edgeplay serve <ws> --port 0 --no-history`, lets Chromium load a page
// of it and call fetch() with a HAR recorder on (Playwright's recordHar), then
// runs `edgeplay import`, `edgeplay history --json` and `edgeplay replay` on a
// separate history database.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const frontendDir = path.resolve(here, '..');
const repoDir = path.resolve(frontendDir, '..');
const examplesDir = path.join(repoDir, 'examples');
const CHROMIUM = '/usr/bin/chromium';

const STARTUP_TIMEOUT_MS = 30_000;
const STEP_TIMEOUT_MS = 20_000;
const CLI_TIMEOUT_MS = 30_000;

/**
 * The requests the page makes with fetch(), and what the server answers.
 * Those answered 200 are replayed at the end.
 * @type {{ method: string, path: string, body?: string, status: number, text: string }[]}
 */
const FETCHES = [
  { method: 'GET', path: '/api/json', status: 200, text: '{"name":"Jim Halpert"}' },
  { method: 'GET', path: '/api/query-parameters?email=x%40y.z', status: 200, text: 'x@y.z' },
  { method: 'POST', path: '/api/echo', body: '{"hello":"har","n":7}', status: 200, text: '{"method":"POST","got":{"hello":"har","n":7}}' },
  { method: 'POST', path: '/api/json', body: '{"ignored":true}', status: 200, text: '{"name":"Jim Halpert"}' },
  { method: 'GET', path: '/api/regions', status: 200, text: '{"source":"nearby-data","items":[{"id":1,"city":"San Francisco"},{"id":2,"city":"Washington, D.C."}]}' },
  { method: 'GET', path: '/api/no-such-route', status: 404, text: '' },
];

/** The document the page loads first (its navigation is in the HAR too). */
const PAGE_PATH = '/api/basic';

/**
 * @type {{ setupError?: Error, tmp?: string, workspace?: string, binary?: string,
 *   server?: import('node:child_process').ChildProcess, serverExit?: Promise<void>, exited: boolean,
 *   output: string[], origin?: string, harPath?: string, har?: any, db?: string,
 *   imported?: any[], cli: string[], failed: boolean }}
 */
const ctx = { exited: false, output: [], cli: [], failed: false };

/**
 * Settles as promise does, or after ms with undefined (onTimeout: 'resolve')
 * or an error naming what; the timer is cleared either way, so that it
 * does not keep the process alive.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what
 * @param {'resolve' | 'reject'} [onTimeout]
 * @returns {Promise<T | undefined>}
 */
function bounded(promise, ms, what, onTimeout = 'reject') {
  let timer;
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => (onTimeout === 'resolve' ? resolve(undefined) : reject(new Error(`${what} timed out after ${ms / 1000}s`))), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function keepOutput(prefix, chunk) {
  for (const line of String(chunk).split('\n')) {
    if (line.trim() !== '') ctx.output.push(`${prefix} ${line}`);
  }
  if (ctx.output.length > 400) ctx.output.splice(0, ctx.output.length - 400);
}

/** The server's recent output and the CLI runs, for failure messages. */
function diagnostics() {
  const tail = ctx.output.slice(-40).join('\n') || '(no output)';
  const cli = ctx.cli.slice(-6).join('\n') || '(none)';
  return `\n--- edgeplay serve output (last lines) ---\n${tail}\n--- edgeplay commands ---\n${cli}\n`;
}

/**
 * Runs the Edgeplay binary with args, bounded by CLI_TIMEOUT_MS.
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string }>}
 */
function edgeplay(args) {
  return new Promise((resolve) => {
    const child = spawn(/** @type {string} */ (ctx.binary), args, { cwd: ctx.tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    const done = (code, signal) => {
      clearTimeout(timer);
      ctx.cli.push(`$ edgeplay ${args.join(' ')}\n[exit ${code ?? signal}]\n${stdout}${stderr ? `[stderr]\n${stderr}` : ''}`);
      resolve({ code, signal, stdout, stderr });
    };
    child.once('error', (err) => done(null, `spawn error: ${err.message}`));
    child.once('close', done);
  });
}

/** Resolves with the server's origin once its banner names it. */
function waitForBanner(child) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`edgeplay serve printed no address within ${STARTUP_TIMEOUT_MS / 1000}s.${diagnostics()}`)),
      STARTUP_TIMEOUT_MS,
    );
    const onData = (d) => {
      seen += d;
      const m = /\bat (http:\/\/127\.0\.0\.1:\d+)\b/.exec(seen);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`edgeplay serve exited before it printed its address.${diagnostics()}`));
    });
  });
}

async function stopServer() {
  const child = ctx.server;
  if (!child || ctx.exited || child.pid === undefined) return;
  const signalGroup = (sig) => {
    try {
      process.kill(-child.pid, sig); // its process group (spawned detached)
    } catch {
      try {
        child.kill(sig);
      } catch {
        /* already gone */
      }
    }
  };
  signalGroup('SIGTERM');
  await bounded(/** @type {Promise<void>} */ (ctx.serverExit), 5_000, 'SIGTERM', 'resolve');
  if (!ctx.exited) {
    signalGroup('SIGKILL');
    await bounded(/** @type {Promise<void>} */ (ctx.serverExit), 5_000, 'SIGKILL', 'resolve');
  }
}

/** path + query of a URL, for comparing recorded URLs with FETCHES. */
const pathOf = (u) => {
  const x = new URL(u);
  return x.pathname + x.search;
};

describe('a HAR file recorded by Chromium imports and replays', { timeout: 180_000 }, () => {
  before(async () => {
    try {
      await setUp();
    } catch (err) {
      ctx.failed = true;
      ctx.setupError = err instanceof Error ? err : new Error(String(err));
    }
  });

  async function setUp() {
    const binary = process.env.EDGEPLAY_BINARY || path.join(repoDir, 'build', 'bin', 'edgeplay');
    if (!existsSync(binary)) {
      throw new Error(
        `${binary} is missing: build it with \`go build -o build/bin/edgeplay .\` at the repository root, or set EDGEPLAY_BINARY.`,
      );
    }
    await fs.access(binary, fs.constants.X_OK).catch(() => {
      throw new Error(`${binary} is not executable`);
    });
    ctx.binary = path.resolve(binary);
    if (!existsSync(path.join(examplesDir, 'pages', 'api'))) {
      throw new Error(`${examplesDir}/pages/api is missing: the example workspace is needed.`);
    }
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

    ctx.tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'edgeplay-har-e2e-'));
    // An old binary without the history commands fails here, clearly.
    const probe = await edgeplay(['import']);
    if (!/Usage: edgeplay import/.test(probe.stderr + probe.stdout)) {
      throw new Error(`${ctx.binary} has no \`import\` command: rebuild it (go build -o build/bin/edgeplay .).${diagnostics()}`);
    }

    ctx.workspace = path.join(ctx.tmp, 'workspace');
    await fs.cp(examplesDir, ctx.workspace, { recursive: true });
    // A route that answers with the request's method and JSON body, so the
    // replay proves the HAR kept the request body.
    await fs.writeFile(
      path.join(ctx.workspace, 'pages', 'api', 'echo.ts'),
      "export const config = { runtime: 'edge' }\n" +
        'export default async (req: Request) => Response.json({ method: req.method, got: await req.json() })\n',
    );
    ctx.harPath = path.join(ctx.tmp, 'chromium.har');
    ctx.db = path.join(ctx.tmp, 'imported.db');

    const server = spawn(ctx.binary, ['serve', ctx.workspace, '--port', '0', '--no-history'], {
      cwd: ctx.tmp,
      detached: true, // own process group, so `after` can end it and its children
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    ctx.server = server;
    ctx.serverExit = new Promise((resolve) => {
      server.once('exit', (code, signal) => {
        ctx.exited = true;
        keepOutput('[exit]', `code=${code} signal=${signal}`);
        resolve();
      });
      server.once('error', (err) => {
        ctx.exited = true;
        keepOutput('[spawn error]', err.message);
        resolve();
      });
    });
    server.stdout.on('data', (d) => keepOutput('[out]', d));
    server.stderr.on('data', (d) => keepOutput('[err]', d));
    ctx.origin = await waitForBanner(server);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: STARTUP_TIMEOUT_MS,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    try {
      const context = await browser.newContext({ recordHar: { path: ctx.harPath, content: 'embed', mode: 'full' } });
      const page = await context.newPage();
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
      const res = await page.goto(ctx.origin + PAGE_PATH, { timeout: STEP_TIMEOUT_MS });
      assert.equal(res?.status(), 200, `GET ${PAGE_PATH} in the page`);
      const got = await page.evaluate(async (fetches) => {
        const out = [];
        for (const f of fetches) {
          const init = { method: f.method };
          if (f.body !== undefined) {
            init.body = f.body;
            init.headers = { 'content-type': 'application/json' };
          }
          const r = await fetch(f.path, init);
          out.push({ status: r.status, text: await r.text() });
        }
        return out;
      }, FETCHES);
      for (const [i, f] of FETCHES.entries()) {
        assert.equal(got[i].status, f.status, `${f.method} ${f.path} from the page`);
        if (f.status === 200) assert.equal(got[i].text, f.text, `${f.method} ${f.path} from the page`);
      }
      // Closing the context writes the HAR.
      await bounded(context.close(), STEP_TIMEOUT_MS, 'closing the browser context (which writes the HAR)');
    } finally {
      await bounded(browser.close().catch(() => {}), 10_000, 'closing the browser', 'resolve');
    }
    ctx.har = JSON.parse(await fs.readFile(ctx.harPath, 'utf8'));
  }

  after(async () => {
    await stopServer();
    if (ctx.failed && ctx.tmp) {
      // Keep the evidence: the HAR and the history it was imported into.
      const dest = path.join(os.tmpdir(), `edgeplay-har-e2e-failure-${Date.now()}`);
      await fs.mkdir(dest, { recursive: true }).catch(() => {});
      for (const f of [ctx.harPath, ctx.db]) {
        if (f && existsSync(f)) await fs.copyFile(f, path.join(dest, path.basename(f))).catch(() => {});
      }
      await fs.writeFile(path.join(dest, 'output.txt'), diagnostics()).catch(() => {});
      console.error(`har e2e: failure evidence (HAR, history, output) kept in ${dest}`);
    }
    if (ctx.tmp) await fs.rm(ctx.tmp, { recursive: true, force: true }).catch(() => {});
  });

  /** Runs a step; a failure marks the run failed and carries the diagnostics. */
  async function step(fn) {
    if (ctx.setupError) throw ctx.setupError;
    try {
      await fn();
    } catch (err) {
      ctx.failed = true;
      const msg = err instanceof Error ? err.message : String(err);
      const wrapped = new Error(`${msg}${diagnostics()}`);
      if (err instanceof Error && err.stack) wrapped.stack = `${wrapped.message}\n${err.stack}`;
      throw wrapped;
    }
  }

  it('Chromium recorded every fetch in the HAR', () =>
    step(async () => {
      const entries = ctx.har?.log?.entries ?? [];
      assert.equal(ctx.har?.log?.version, '1.2', 'HAR version');
      for (const f of FETCHES) {
        const e = entries.find((x) => x.request.method === f.method && pathOf(x.request.url) === f.path);
        assert.ok(e, `no HAR entry for ${f.method} ${f.path}`);
        assert.equal(e.response.status, f.status, `HAR status of ${f.method} ${f.path}`);
      }
    }));

  it('imports the HAR, and the history lists its exchanges with their statuses', () =>
    step(async () => {
      if (!ctx.har) throw new Error('no HAR: an earlier step failed');
      const entries = ctx.har.log.entries;
      const imp = await edgeplay(['import', '--db', /** @type {string} */ (ctx.db), /** @type {string} */ (ctx.harPath)]);
      assert.equal(imp.code, 0, 'edgeplay import exit code');
      const m = /^(\d+) exchanges imported into /m.exec(imp.stdout);
      assert.ok(m, `unexpected import output: ${imp.stdout}`);
      assert.equal(Number(m[1]), entries.length, 'every HAR entry imported');

      const hist = await edgeplay(['history', '--db', /** @type {string} */ (ctx.db), '--json', '--limit', '1000']);
      assert.equal(hist.code, 0, 'edgeplay history exit code');
      const rows = hist.stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l));
      assert.equal(rows.length, entries.length, 'history rows');
      for (const f of [{ method: 'GET', path: PAGE_PATH, status: 200 }, ...FETCHES]) {
        const row = rows.find((r) => r.method === f.method && pathOf(r.url) === f.path);
        assert.ok(row, `history lacks ${f.method} ${f.path}`);
        assert.equal(row.status, f.status, `history status of ${f.method} ${f.path}`);
        assert.ok(row.id > 0, `history id of ${f.method} ${f.path}`);
      }
      ctx.imported = rows;
    }));

  it('replays the imported /api/ exchanges against the server', (t) =>
    step(async () => {
      if (!ctx.imported) throw new Error('nothing imported: an earlier step failed');
      // The page's own document and each fetch answered 200, oldest first.
      const rows = ctx.imported
        .filter((r) => new URL(r.url).pathname.startsWith('/api/') && r.status === 200)
        .sort((a, b) => a.id - b.id);
      assert.equal(rows.length, 1 + FETCHES.filter((f) => f.status === 200).length, 'exchanges to replay');
      const rep = await edgeplay([
        'replay',
        '--diff',
        '--db',
        /** @type {string} */ (ctx.db),
        '--to',
        /** @type {string} */ (ctx.origin),
        ...rows.map((r) => String(r.id)),
      ]);
      for (const l of rep.stdout.trimEnd().split('\n')) t.diagnostic(l);
      assert.equal(rep.code, 0, 'edgeplay replay exit code');
      const lines = rep.stdout.split('\n').filter((l) => /^\d+ {2}/.test(l));
      assert.equal(lines.length, rows.length, `one line per replay:\n${rep.stdout}`);
      for (const [i, r] of rows.entries()) {
        const line = lines[i];
        assert.ok(line.startsWith(`${r.id}  ${r.method} `), `replay line ${i} is not exchange ${r.id}: ${line}`);
        assert.match(line, / → 200 in /, `replay of ${r.method} ${r.url}`);
        // The body the server gives now is the one Chromium saw.
        assert.doesNotMatch(line, /\bbody \(/, `replayed body differs: ${line}`);
      }
      // Headers may differ only in how the body was framed: Chromium
      // records Transfer-Encoding, which Go's client does not report.
      for (const l of rep.stdout.split('\n').filter((x) => /^ {4}header /.test(x))) {
        assert.match(l, /^ {4}header (Transfer-Encoding|Connection|Keep-Alive) /i, `replayed header differs:\n${rep.stdout}`);
      }
    }));
});
