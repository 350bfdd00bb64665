// End-to-end test of the desktop UI against the real Go backend.
//
// Contract (the Makefile provides all of it):
//   EDGEPLAY_DEV_BINARY  path to an Edgeplay binary built with `-tags dev,webkit2_41`
//   DISPLAY              an X display (run under `xvfb-run -a`): the dev binary starts GTK
//   frontend/dist        built beforehand (`npm run build`)
//   /usr/bin/chromium    Debian's chromium, driven by playwright-core
//
// The test copies ../examples into a temporary workspace, starts the binary as
//   $EDGEPLAY_DEV_BINARY -devserver 127.0.0.1:<devport> -assetdir <abs frontend/dist>
// with EDGEPLAY_WORKSPACE, EDGEPLAY_DB, EDGEPLAY_PORT and EDGEPLAY_CONFIG_DIR set,
// and drives the page that the Wails dev server serves (Go bindings over its WebSocket).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const frontendDir = path.resolve(here, '..');
const distDir = path.join(frontendDir, 'dist');
const examplesDir = path.resolve(frontendDir, '..', 'examples');
const CHROMIUM = '/usr/bin/chromium';

/** Where the screenshots of the views go (the test output folder, git-ignored). */
const OUT_DIR = process.env.EDGEPLAY_TEST_OUTPUT ?? path.resolve(frontendDir, '..', 'build', 'test-output', 'e2e');

const STARTUP_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 20_000;

/** @type {{ setupError?: Error, tmp?: string, workspace?: string, child?: import('node:child_process').ChildProcess, childExit?: Promise<void>, exited: boolean, output: string[], browser?: import('playwright-core').Browser, page?: import('playwright-core').Page, pageLog: string[], devURL?: string }} */
const ctx = { exited: false, output: [], pageLog: [] };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function keepOutput(prefix, chunk) {
  for (const line of String(chunk).split('\n')) {
    if (line.trim() !== '') ctx.output.push(`${prefix} ${line}`);
  }
  if (ctx.output.length > 400) ctx.output.splice(0, ctx.output.length - 400);
}

/** What went on in the app and the page, for failure messages. */
function diagnostics() {
  const tail = ctx.output.slice(-60).join('\n') || '(no output)';
  const page = ctx.pageLog.slice(-30).join('\n') || '(nothing)';
  return `\n--- edgeplay output (last lines) ---\n${tail}\n--- page console ---\n${page}\n`;
}

/** A port on 127.0.0.1 that the OS says is free right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:port and we can bind it. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Resolves with the HTTP status of GET url, or rejects (bounded by timeoutMs). */
function httpGet(url, timeoutMs) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

async function waitForDevServer(url) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (ctx.exited) throw new Error(`edgeplay exited before its dev server answered.${diagnostics()}`);
    try {
      const status = await httpGet(url, 2_000);
      if (status === 200) return;
      last = `HTTP ${status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(250);
  }
  throw new Error(`the dev server at ${url} did not answer within ${STARTUP_TIMEOUT_MS / 1000}s (last: ${last}).${diagnostics()}`);
}

/** Waits until window.go.main.App.Ping() resolves to "pong" in the page. */
async function waitForBindings(page) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    if (ctx.exited) throw new Error(`edgeplay exited while waiting for its bindings.${diagnostics()}`);
    last = await page
      .evaluate(
        () =>
          new Promise((resolve) => {
            const app = window.go?.main?.App;
            if (!app) return resolve('window.go.main.App is not there yet');
            const timer = setTimeout(() => resolve('Ping did not answer within 2s'), 2_000);
            app.Ping().then(
              (v) => {
                clearTimeout(timer);
                resolve(v);
              },
              (e) => {
                clearTimeout(timer);
                resolve(`Ping failed: ${String(e)}`);
              },
            );
          }),
      )
      .catch((err) => `evaluate failed: ${err instanceof Error ? err.message : String(err)}`);
    if (last === 'pong') return;
    await sleep(250);
  }
  throw new Error(`Go bindings not ready within ${STARTUP_TIMEOUT_MS / 1000}s: ${last}${diagnostics()}`);
}

async function stopChild() {
  const child = ctx.child;
  if (!child || ctx.exited || child.pid === undefined) return;
  const signalGroup = (sig) => {
    try {
      process.kill(-child.pid, sig); // the whole process group (spawned detached)
    } catch {
      try {
        child.kill(sig);
      } catch {
        /* already gone */
      }
    }
  };
  signalGroup('SIGTERM');
  await Promise.race([ctx.childExit, sleep(5_000)]);
  if (!ctx.exited) {
    signalGroup('SIGKILL');
    await Promise.race([ctx.childExit, sleep(5_000)]);
  }
}

describe('Edgeplay desktop UI against the real Go backend', { timeout: 240_000 }, () => {
  // A setup failure is kept and reported by every test as its failure, so the
  // run counts failed tests (not cancelled ones) with the reason attached.
  before(async () => {
    try {
      await setUp();
    } catch (err) {
      ctx.setupError = err instanceof Error ? err : new Error(String(err));
    }
  });

  async function setUp() {
    const binary = process.env.EDGEPLAY_DEV_BINARY;
    if (!binary) {
      throw new Error(
        'EDGEPLAY_DEV_BINARY is not set: point it at an Edgeplay binary built with `go build -tags dev,webkit2_41` (the Makefile does this).',
      );
    }
    if (!existsSync(binary)) throw new Error(`EDGEPLAY_DEV_BINARY=${binary} does not exist`);
    await fs.access(binary, fs.constants.X_OK).catch(() => {
      throw new Error(`EDGEPLAY_DEV_BINARY=${binary} is not executable`);
    });
    if (!process.env.DISPLAY) {
      throw new Error('DISPLAY is not set: the dev binary starts GTK; run this test under `xvfb-run -a`.');
    }
    if (!existsSync(path.join(distDir, 'index.html'))) {
      throw new Error(`${distDir}/index.html is missing: run \`npm run build\` first.`);
    }
    if (!existsSync(path.join(examplesDir, 'pages', 'api'))) {
      throw new Error(`${examplesDir}/pages/api is missing: the example workspace is needed.`);
    }
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

    // Two distinct free ports, checked again just before the start.
    const devPort = await freePort();
    let edgePort = await freePort();
    while (edgePort === devPort) edgePort = await freePort();
    for (const p of [devPort, edgePort]) {
      assert.ok(await portIsFree(p), `port ${p} on 127.0.0.1 is not free`);
    }

    ctx.tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'edgeplay-e2e-'));
    ctx.workspace = path.join(ctx.tmp, 'workspace');
    await fs.cp(examplesDir, ctx.workspace, { recursive: true });
    // A dynamic route whose config has an unknown key: the route list shows
    // its params and its warning.
    await fs.mkdir(path.join(ctx.workspace, 'pages', 'api', 'users'), { recursive: true });
    await fs.writeFile(
      path.join(ctx.workspace, 'pages', 'api', 'users', '[id].ts'),
      "export const config = { runtime: 'edge', colour: 'blue' }\nexport default () => new Response('user')\n",
    );
    await fs.mkdir(path.join(ctx.tmp, 'config'), { recursive: true });
    await fs.mkdir(OUT_DIR, { recursive: true });

    // Wails flags first: an unknown flag before them disables them silently.
    const args = ['-devserver', `127.0.0.1:${devPort}`, '-assetdir', distDir];
    const child = spawn(path.resolve(binary), args, {
      cwd: ctx.tmp,
      detached: true, // own process group, so `after` can end it and its children
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        EDGEPLAY_WORKSPACE: ctx.workspace,
        EDGEPLAY_DB: path.join(ctx.tmp, 'history.db'),
        EDGEPLAY_PORT: String(edgePort),
        EDGEPLAY_CONFIG_DIR: path.join(ctx.tmp, 'config'),
      },
    });
    ctx.child = child;
    ctx.childExit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        ctx.exited = true;
        keepOutput('[exit]', `code=${code} signal=${signal}`);
        resolve();
      });
      child.once('error', (err) => {
        ctx.exited = true;
        keepOutput('[spawn error]', err.message);
        resolve();
      });
    });
    child.stdout.on('data', (d) => keepOutput('[out]', d));
    child.stderr.on('data', (d) => keepOutput('[err]', d));

    ctx.devURL = `http://127.0.0.1:${devPort}/`;
    await waitForDevServer(ctx.devURL);

    ctx.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: STARTUP_TIMEOUT_MS,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('console', (m) => ctx.pageLog.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => ctx.pageLog.push(`[pageerror] ${e.message}`));
    ctx.page = page;
    await page.goto(ctx.devURL, { timeout: STEP_TIMEOUT_MS });
    await waitForBindings(page);
  }

  after(async () => {
    // Each step is bounded and runs even when an earlier one failed.
    if (ctx.browser) {
      await Promise.race([ctx.browser.close().catch(() => {}), sleep(10_000)]);
    }
    await stopChild();
    if (ctx.tmp) await fs.rm(ctx.tmp, { recursive: true, force: true }).catch(() => {});
  });

  it('lists /api/json, shows its file, sends a request and records it', async () => {
    if (ctx.setupError) throw ctx.setupError;
    const page = /** @type {import('playwright-core').Page} */ (ctx.page);
    try {
      const route = page.locator('[data-testid="route-item"][data-pattern="/api/json"]');
      await route.waitFor({ state: 'visible' });
      await route.click();

      await page.locator('[data-testid="editor"] .view-lines', { hasText: 'Jim Halpert' }).waitFor({ state: 'visible' });

      await page.locator('[data-testid="method"]').selectOption('GET');
      await page.locator('[data-testid="path"]').fill('/api/json');
      await page.locator('[data-testid="send"]').click();

      const status = page.locator('[data-testid="response-status"]');
      await status.waitFor({ state: 'visible' });
      await page.waitForFunction(
        () => /\b200\b/.test(document.querySelector('[data-testid="response-status"]')?.textContent ?? ''),
        undefined,
        { timeout: STEP_TIMEOUT_MS },
      );
      assert.match((await status.textContent()) ?? '', /^200\b/);
      const body = (await page.locator('[data-testid="response-body"]').textContent()) ?? '';
      assert.ok(body.includes('Jim Halpert'), `response body lacks "Jim Halpert": ${body}`);

      // R-RT-6: the route's limits, each beside what this request measured.
      const limits = (await page.locator('[data-testid="limits"]').textContent()) ?? '';
      assert.match(limits, /Duration [\d.]+ m?s \/ 25\.00 s/, `limits strip: ${limits}`);
      assert.match(limits, /CPU [\d.]+ m?s \/ 10\.00 s/, `limits strip: ${limits}`);
      assert.match(limits, /Memory 128\.0 MB/, `limits strip: ${limits}`);
      assert.match(limits, /Code [\d.]+ K?B \/ [\d.]+ MB/, `limits strip: ${limits}`);

      await page.locator('[data-testid="history-row"]').first().waitFor({ state: 'visible' });
      const row = (await page.locator('[data-testid="history-row"]').first().textContent()) ?? '';
      assert.ok(row.includes('/api/json') && row.includes('200'), `unexpected newest history row: ${row}`);
    } catch (err) {
      await failWithDiagnostics(page, err);
    }
  });

  it('shows each route\'s runtime, regions, params and warnings in the route list', async () => {
    if (ctx.setupError) throw ctx.setupError;
    const page = /** @type {import('playwright-core').Page} */ (ctx.page);
    try {
      const regions = page.locator('[data-testid="route-item"][data-pattern="/api/regions"] [data-testid="route-regions"]');
      await regions.waitFor({ state: 'visible' });
      assert.equal(await regions.textContent(), 'sfo1 iad1');
      const json = page.locator('[data-testid="route-item"][data-pattern="/api/json"]');
      assert.equal(await json.locator('[data-testid="route-runtime"]').textContent(), 'edge');
      assert.equal(await json.locator('[data-testid="route-regions"]').textContent(), 'all regions');
      const user = page.locator('[data-testid="route-item"][data-pattern="/api/users/[id]"]');
      assert.equal(await user.locator('[data-testid="route-params"]').textContent(), 'id');
      const warnings = user.locator('[data-testid="route-warnings"]');
      assert.equal(await warnings.textContent(), '1 warning');
      assert.match((await warnings.getAttribute('title')) ?? '', /pages\/api\/users\/\[id\]\.ts:1: config key "colour" is not recognised/);
    } catch (err) {
      await failWithDiagnostics(page, err);
    }
  });

  it('saves an edit typed in the editor (Ctrl+S) to the workspace file', async () => {
    if (ctx.setupError) throw ctx.setupError;
    const page = /** @type {import('playwright-core').Page} */ (ctx.page);
    try {
      const file = path.join(/** @type {string} */ (ctx.workspace), 'pages', 'api', 'json.ts');
      const before = await fs.readFile(file, 'utf8');
      const marker = `// edited by the e2e test ${Date.now()}`;

      await page.locator('[data-testid="editor"] .view-lines').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type(marker);
      await page.keyboard.press('Control+S');

      const deadline = Date.now() + STEP_TIMEOUT_MS;
      let now = before;
      while (Date.now() < deadline && !now.includes(marker)) {
        await sleep(200);
        now = await fs.readFile(file, 'utf8');
      }
      assert.ok(now.includes(marker), `the edit did not reach ${file}`);
      assert.ok(now.startsWith(before.trimEnd()), 'the saved file lost its original content');
      // The save finished in the UI (no unsaved-changes dot) before its problems are read.
      await page.locator('[data-testid="editor-dirty"]').waitFor({ state: 'detached' });
      const problems = (await page.locator('[data-testid="problems"]').textContent()) ?? '';
      assert.ok(!/\berror/i.test(problems), `unexpected build problems after save: ${problems}`);

      // The saved handler still answers: a new exchange appears and the pane shows it.
      const prevID = await page.locator('[data-testid="history-row"]').first().getAttribute('data-id');
      await page.locator('[data-testid="send"]').click();
      await page.waitForFunction(
        (prev) => {
          const send = document.querySelector('[data-testid="send"]');
          const first = document.querySelector('[data-testid="history-row"]');
          return send instanceof HTMLButtonElement && !send.disabled && first !== null && first.getAttribute('data-id') !== prev;
        },
        prevID,
        { timeout: STEP_TIMEOUT_MS },
      );
      assert.match((await page.locator('[data-testid="response-status"]').textContent()) ?? '', /^200\b/);
      const body = (await page.locator('[data-testid="response-body"]').textContent()) ?? '';
      assert.ok(body.includes('Jim Halpert'), `response body after the edit lacks "Jim Halpert": ${body}`);
    } catch (err) {
      await failWithDiagnostics(page, err);
    }
  });

  it('searches, inspects, replays and diffs exchanges in the history', async () => {
    if (ctx.setupError) throw ctx.setupError;
    const page = /** @type {import('playwright-core').Page} */ (ctx.page);
    try {
      // A taller history pane (the window remembers its layout), so the
      // screenshots show the rows and the inspector together.
      await page.evaluate(() => localStorage.setItem('edgeplay.layout', JSON.stringify({ left: 200, right: 420, bottom: 460 })));
      await page.reload({ timeout: STEP_TIMEOUT_MS });
      await waitForBindings(page);
      await page.locator('[data-testid="send"]').waitFor({ state: 'visible' });

      const rows = page.locator('[data-testid="history-row"]');
      const row = (id) => page.locator(`[data-testid="history-row"][data-id="${id}"]`);
      const rowIDs = () => page.$$eval('[data-testid="history-row"]', (trs) => trs.map((tr) => tr.getAttribute('data-id')));

      /** Sends GET path with the request builder; returns the new exchange's ID. */
      const send = async (reqPath) => {
        await rows.first().waitFor({ state: 'visible' });
        const prev = await rows.first().getAttribute('data-id');
        await page.locator('[data-testid="method"]').selectOption('GET');
        await page.locator('[data-testid="path"]').fill(reqPath);
        await page.locator('[data-testid="send"]').click();
        await page.waitForFunction(
          (prevID) => {
            const btn = document.querySelector('[data-testid="send"]');
            const first = document.querySelector('[data-testid="history-row"]');
            return btn instanceof HTMLButtonElement && !btn.disabled && first !== null && first.getAttribute('data-id') !== prevID;
          },
          prev,
          { timeout: STEP_TIMEOUT_MS },
        );
        const id = await rows.first().getAttribute('data-id');
        assert.ok(id, 'the new history row has no data-id');
        return id;
      };
      const jsonID = await send('/api/json');
      const queryID = await send('/api/query-parameters?email=a@b.c');
      assert.match((await row(queryID).textContent()) ?? '', /query-parameters/);

      // Search: only the query-parameters exchange matches.
      const search = page.locator('[data-testid="history-search"]');
      await search.fill('query-parameters');
      await page.waitForFunction(
        () => {
          const trs = document.querySelectorAll('[data-testid="history-row"]');
          return trs.length === 1 && (trs[0]?.getAttribute('data-url') ?? '').includes('query-parameters');
        },
        undefined,
        { timeout: STEP_TIMEOUT_MS },
      );
      assert.deepEqual(await rowIDs(), [queryID]);
      await search.fill('');
      await row(jsonID).waitFor({ state: 'visible' });
      assert.ok((await rows.count()) >= 2, 'clearing the search did not bring the rows back');

      // Inspect /api/json: the timings waterfall, then the response body.
      await row(jsonID).locator('td.url').click();
      const inspector = page.locator('[data-testid="exchange-detail"]');
      await inspector.locator('[data-testid="timings"]').waitFor({ state: 'visible' });
      await page.locator('[data-testid="history-settings-open"]').waitFor({ state: 'visible' });
      await page.screenshot({ path: path.join(OUT_DIR, 'history-inspector.png') });
      await inspector.locator('[data-testid="inspector-tab-response"]').click();
      const body = inspector.locator('[data-testid="inspector-response-body"]');
      await body.waitFor({ state: 'visible' });
      assert.ok(((await body.textContent()) ?? '').includes('Jim Halpert'), `inspector body: ${await body.textContent()}`);

      // Replay & diff of that one exchange: the handler answers the same.
      await page.locator('[data-testid="action-replay-diff"]').click();
      const diff = page.locator('[data-testid="diff-view"]');
      await diff.waitFor({ state: 'visible' });
      await page.locator('[data-testid="diff-view"] [data-testid="diff-same"]').waitFor({ state: 'visible' });
      assert.match((await diff.textContent()) ?? '', /No differences/);

      // Diff of the two exchanges: the URL changed.
      await row(jsonID).locator('[data-testid="history-check"]').check();
      await row(queryID).locator('[data-testid="history-check"]').check();
      assert.match((await page.locator('[data-testid="history-selection"]').textContent()) ?? '', /2 selected/);
      await page.locator('[data-testid="action-diff"]').click();
      const url = page.locator('[data-testid="diff-view"] [data-testid="diff-url"]');
      await url.waitFor({ state: 'visible' });
      const urlText = (await url.textContent()) ?? '';
      assert.ok(urlText.includes('/api/json') && urlText.includes('/api/query-parameters'), `diff URL row: ${urlText}`);
      assert.doesNotMatch((await page.locator('[data-testid="diff-view"]').textContent()) ?? '', /No differences/);
      await page.screenshot({ path: path.join(OUT_DIR, 'history-diff.png') });
    } catch (err) {
      await failWithDiagnostics(page, err);
    }
  });
  it('turns the Vercel simulation on: the CDN cache answers and the inspector shows where a request ran', async () => {
    if (ctx.setupError) throw ctx.setupError;
    const page = /** @type {import('playwright-core').Page} */ (ctx.page);
    try {
      const toggle = page.locator('[data-testid="vercel-toggle"]');
      await toggle.waitFor({ state: 'visible' });
      assert.equal(await toggle.textContent(), 'Local');
      await toggle.click();
      await page.waitForFunction(() => document.querySelector('[data-testid="vercel-toggle"]')?.textContent === 'Vercel', undefined, { timeout: STEP_TIMEOUT_MS });
      await page.locator('[data-testid="client-location"]').selectOption('Tokyo');
      await page.waitForFunction(
        () => /** @type {HTMLSelectElement | null} */ (document.querySelector('[data-testid="client-location"]'))?.value === 'Tokyo',
        undefined,
        { timeout: STEP_TIMEOUT_MS },
      );
      const rows = page.locator('[data-testid="history-row"]');
      for (const want of ['MISS', 'HIT']) {
        const prev = await rows.first().getAttribute('data-id');
        await page.locator('[data-testid="method"]').selectOption('GET');
        await page.locator('[data-testid="path"]').fill('/api/cache-control');
        await page.locator('[data-testid="send"]').click();
        await page.waitForFunction(
          (prevID) => document.querySelector('[data-testid="history-row"]')?.getAttribute('data-id') !== prevID,
          prev,
          { timeout: STEP_TIMEOUT_MS },
        );
        await rows.first().locator('td.url').click();
        const cache = page.locator('[data-testid="exchange-detail"] [data-testid="inspector-cache"]');
        await page.waitForFunction(
          (w) => (document.querySelector('[data-testid="exchange-detail"] [data-testid="inspector-cache"]')?.textContent ?? '').startsWith(w),
          want,
          { timeout: STEP_TIMEOUT_MS },
        );
        assert.match((await cache.textContent()) ?? '', new RegExp(`^${want}`));
      }
      const sim = (await page.locator('[data-testid="exchange-detail"] [data-testid="inspector-sim"]').textContent()) ?? '';
      assert.match(sim, /client Tokyo → enters hnd1 → answered from hnd1's CDN cache/);
    } catch (err) {
      await failWithDiagnostics(page, err);
    }
  });
  it('draws the simulation: a request from Sydney on the map, "from everywhere", and the cache timeline on a fast-forwarded clock', async () => {
    if (ctx.setupError) throw ctx.setupError;
    const page = /** @type {import('playwright-core').Page} */ (ctx.page);
    try {
      // Still in Vercel mode (the test before turned it on).
      await page.locator('[data-testid="route-item"][data-pattern="/api/cache-control"]').click();
      await page.locator('[data-testid="client-location"]').selectOption('Sydney');
      await page.waitForFunction(() => (document.querySelector('[data-testid="bottom-mode"]')?.textContent ?? '').includes('Sydney'), undefined, {
        timeout: STEP_TIMEOUT_MS,
      });
      await page.getByRole('tab', { name: 'Cache timeline' }).click();
      await page.locator('[data-testid="clock-pause"]').click();
      await page.locator('[data-testid="cache-purge-route"]').click();
      // Each send is awaited through the timeline: its record adds a marker.
      const send = async () => {
        await page.locator('[data-testid="method"]').selectOption('GET');
        await page.locator('[data-testid="path"]').fill('/api/cache-control');
        await page.locator('[data-testid="send"]').click();
      };
      // Sydney's requests enter at syd1: that region's cache has the lane.
      const lane = '[data-testid="timeline-lane"][data-region="syd1"]';
      const markers = page.locator(`${lane} [data-testid="timeline-marker"]`);
      /** Waits until Sydney's lane shows these statuses, oldest first. */
      const waitMarkers = async (want) =>
        page
          .waitForFunction(
            ([sel, w]) => [...document.querySelectorAll(sel)].map((m) => m.getAttribute('data-status')).join(' ') === w.join(' '),
            [`${lane} [data-testid="timeline-marker"]`, want],
            { timeout: STEP_TIMEOUT_MS },
          )
          .catch(async (err) => {
            const got = await markers.evaluateAll((ms) => ms.map((m) => m.getAttribute('data-status')).join(' '));
            throw new Error(`timeline lane syd1 shows [${got}], want [${want.join(' ')}]: ${err}`);
          });
      await send();
      await waitMarkers(['MISS']);
      await send();
      await waitMarkers(['MISS', 'HIT']);
      await page.locator('[data-testid="clock-advance-20m"]').click();
      await page.locator('[data-testid="clock-advance-1m"]').click();
      await send();
      await waitMarkers(['MISS', 'HIT', 'STALE']);
      // The cache's own events: the STALE's background revalidation stored
      // a new copy (drawn with the lifetime of the one before), and the
      // purge before the walk emptied Tokyo's entry in hnd1.
      await page.locator(`${lane} [data-inferred="true"]`).first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
      await page
        .locator('[data-testid="timeline-lane"][data-region="hnd1"] [data-testid="timeline-event"][data-kind="purged"]')
        .first()
        .waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
      assert.ok((await page.locator(`${lane} [data-testid="timeline-fresh"]`).count()) >= 1, 'a fresh window is drawn');
      assert.ok((await page.locator(`${lane} [data-testid="timeline-stale"]`).count()) >= 1, 'a stale window is drawn');
      const title = (await markers.last().locator('title').textContent()) ?? '';
      assert.match(title, /STALE/, `the marker explains itself on hover: ${title}`);
      await page.locator('[data-testid="timeline-now"]').waitFor({ state: 'attached' });
      await page.screenshot({ path: path.join(OUT_DIR, 'cache-timeline.png') });

      await page.getByRole('tab', { name: 'Map' }).click();
      const pathGroup = page.locator('[data-testid="map-path"]');
      await pathGroup.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const caption = (await page.locator('[data-testid="map-caption"]').textContent()) ?? '';
      assert.match(caption, /Sydney/, `caption: ${caption}`);
      // The newest request was a STALE: the CDN answered at syd1, so the
      // path ends there.
      const legs = page.locator('[data-testid="map-leg"]');
      assert.equal(await legs.count(), 1, 'a cached answer travels to the entry point only');
      assert.equal(await legs.first().getAttribute('data-to'), 'syd1');
      assert.equal(await page.locator('[data-testid="map-region"][data-id="syd1"]').getAttribute('data-serving'), 'true');
      await page.locator('[data-testid="map-client"]').waitFor({ state: 'visible' });
      await page.screenshot({ path: path.join(OUT_DIR, 'map-path.png') });

      await page.locator('[data-testid="map-everywhere"]').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="everywhere-row"]').length === 12, undefined, { timeout: 60_000 });
      const tokyo = (await page.locator('[data-testid="everywhere-row"][data-city="Tokyo"]').textContent()) ?? '';
      assert.match(tokyo, /hnd1 → hnd1/, `Tokyo row: ${tokyo}`);
      assert.ok((await page.locator('[data-testid="map-everywhere-line"]').count()) >= 10, 'a line per city');
      await page.screenshot({ path: path.join(OUT_DIR, 'map-everywhere.png') });

      // The selected route's config.regions decide which regions serve it.
      await page.locator('[data-testid="everywhere"] button', { hasText: 'Back to requests' }).click();
      await page.locator('[data-testid="route-item"][data-pattern="/api/regions"]').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="map-region"][data-id="syd1"]')?.getAttribute('data-serving') === 'false',
        undefined,
        { timeout: STEP_TIMEOUT_MS },
      );
      assert.equal(await page.locator('[data-testid="map-region"][data-id="sfo1"]').getAttribute('data-serving'), 'true');
      assert.equal(await page.locator('[data-testid="map-region"][data-id="iad1"]').getAttribute('data-serving'), 'true');

      // A click on the map moves the client there.
      const box = await page.locator('[data-testid="map"] svg').first().boundingBox();
      assert.ok(box, 'the map has a box');
      await page.mouse.click(box.x + box.width * 0.52, box.y + box.height * 0.4);
      await page.waitForFunction(() => /client -?\d+\.\d+,-?\d+\.\d+/.test(document.querySelector('[data-testid="bottom-mode"]')?.textContent ?? ''), undefined, {
        timeout: STEP_TIMEOUT_MS,
      });

      // The data source can be typed too: a region id, a city or LAT,LON.
      await page.locator('[data-testid="map-data-input"]').fill('fra1');
      await page.locator('[data-testid="map-data-input"]').press('Enter');
      await page.waitForFunction(() => (document.querySelector('[data-testid="map-data"]')?.textContent ?? '').includes('fra1'), undefined, {
        timeout: STEP_TIMEOUT_MS,
      });
      await page.locator('[data-testid="map-data-input"]').fill('Atlantis');
      await page.locator('[data-testid="map-data-input"]').press('Enter');
      await page.locator('[data-testid="sim-error"]', { hasText: 'Atlantis' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      assert.equal(await page.locator('[data-testid="map-data-input"]').inputValue(), 'fra1', 'a bad place leaves the data where it was');

      // Any recorded exchange can be drawn from the history's inspector.
      await page.getByRole('tab', { name: 'History' }).click();
      await page.locator('[data-testid="history-row"]').first().locator('td.url').click();
      const simText = (await page.locator('[data-testid="exchange-detail"] [data-testid="inspector-sim"]').textContent()) ?? '';
      const client = /client (.+?) → enters/.exec(simText)?.[1];
      assert.ok(client, `inspector: ${simText}`);
      await page.locator('[data-testid="inspector-show-on-map"]').click();
      await page.waitForFunction(
        (c) => (document.querySelector('[data-testid="map-caption"]')?.textContent ?? '').startsWith(c),
        client,
        { timeout: STEP_TIMEOUT_MS },
      );

      await page.getByRole('tab', { name: 'History' }).click();
      const toggle = page.locator('[data-testid="vercel-toggle"]');
      await toggle.click();
      await page.waitForFunction(() => document.querySelector('[data-testid="vercel-toggle"]')?.textContent === 'Local', undefined, { timeout: STEP_TIMEOUT_MS });
    } catch (err) {
      await failWithDiagnostics(page, err);
    }
  });
});

/** Rethrows err with a screenshot path and the app's recent output. */
async function failWithDiagnostics(page, err) {
  let shot = '';
  if (page && ctx.tmp) {
    const dest = path.join(os.tmpdir(), `edgeplay-e2e-failure-${Date.now()}.png`);
    shot = await page
      .screenshot({ path: dest, timeout: 5_000 })
      .then(() => `\nscreenshot: ${dest}`)
      .catch(() => '');
  }
  const msg = err instanceof Error ? err.message : String(err);
  const wrapped = new Error(`${msg}${shot}${diagnostics()}`);
  if (err instanceof Error && err.stack) wrapped.stack = `${wrapped.message}\n${err.stack}`;
  throw wrapped;
}
