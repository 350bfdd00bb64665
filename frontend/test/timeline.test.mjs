// The CDN cache timeline's logic (issue 8, SPEC R-CACHE-5/6):
// src/lib/timeline.ts, transpiled with the typescript devDependency
// (Node 20 cannot import .ts). Run: node --test test/timeline.test.mjs

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadTS } from './support/load-ts.mjs';

/** @type {typeof import('../src/lib/timeline.ts')} */
let tl;

before(async () => {
  tl = await loadTS('lib/timeline.ts');
});

const T0 = Date.parse('2025-01-01T12:00:00Z');
const MIN = 60_000;
const iso = (ms) => new Date(ms).toISOString();

let nextId = 1;
/**
 * A recorded exchange at T0 + atMin minutes. win is [storedAt, freshUntil,
 * staleUntil] in minutes from T0, or null (no window).
 */
const KEY = 'GET https://localhost/api/cached deployment=dpl_local';
function ex({ atMin, cache, win = null, key = KEY, entry = 'iad1', url = '/api/cached', ageMin = 0, reason = '', method = 'GET', run = 'r1' }) {
  return {
    id: nextId++,
    start: iso(Date.now()),
    method,
    url,
    route: '/api/cached',
    status: 200,
    sim: {
      client: 'Paris', clientLat: 0, clientLon: 0, entry, exec: entry, data: entry, dataLat: 0, dataLon: 0, legs: [],
      vercelId: '', networkMs: 0, fetches: 0,
      cache, cacheReason: reason, cacheKey: key, cacheAgeMs: ageMin * MIN,
      clock: iso(T0 + atMin * MIN),
      storedAt: win ? iso(T0 + win[0] * MIN) : '',
      freshUntil: win ? iso(T0 + win[1] * MIN) : '',
      staleUntil: win ? iso(T0 + win[2] * MIN) : '',
      run,
    },
  };
}

/** A cache event (CacheEventView) at T0 + atMin minutes. */
const ev = (atMin, kind, { key = KEY, region = 'iad1', reason = `${kind} reason` } = {}) => ({
  time: iso(T0 + atMin * MIN), region, kind, key, url: '/api/cached', route: '/api/cached', reason,
});
/** A lane's windows as [storedAt, freshUntil, staleUntil, cut at, cut by, inferred] in minutes from T0. */
const wins = (lane) =>
  lane.windows.map((w) => [
    ...[w.storedAt, w.freshUntil, w.staleUntil].map((v) => (v - T0) / MIN),
    w.cut ? (w.cut.at - T0) / MIN : null, w.cut?.by ?? null, !!w.inferred,
  ]);
const laneEvents = (lane) => lane.events.map((e) => [(e.at - T0) / MIN, e.kind]);

describe('buildTimeline', () => {
  it('follows one object through MISS, HIT, STALE, HIT of the revalidated copy and MISS after expiry', () => {
    // s-maxage=600, stale-while-revalidate=1200.
    const xs = [
      ex({ atMin: 0, cache: 'MISS', win: [0, 10, 30], reason: 'not in the cache' }),
      ex({ atMin: 5, cache: 'HIT', win: [0, 10, 30], ageMin: 5 }),
      ex({ atMin: 15, cache: 'STALE', win: [0, 10, 30], ageMin: 15, reason: 'past s-maxage; background revalidation started' }),
      ex({ atMin: 20, cache: 'HIT', win: [15, 25, 45], ageMin: 5 }),
      ex({ atMin: 50, cache: 'MISS', win: [50, 60, 80], reason: 'expired' }),
    ];
    const t = tl.buildTimeline([...xs].reverse(), iso(T0 + 51 * MIN));
    assert.equal(t.lanes.length, 1);
    assert.equal(t.hiddenLanes, 0);
    const lane = t.lanes[0];
    assert.equal(lane.region, 'iad1');
    assert.deepEqual(lane.markers.map((m) => m.status), ['MISS', 'HIT', 'STALE', 'HIT', 'MISS']);
    assert.deepEqual(lane.markers.map((m) => (m.at - T0) / MIN), [0, 5, 15, 20, 50]);
    assert.deepEqual(
      lane.windows.map((w) => [w.storedAt, w.freshUntil, w.staleUntil].map((v) => (v - T0) / MIN)),
      [
        [0, 10, 30],
        [15, 25, 45],
        [50, 60, 80],
      ],
    );
    assert.equal(lane.markers[1].reason, 'fresh for 5m', 'a HIT without a reason says how long it stays fresh');
    assert.equal(lane.markers[1].ageMs, 5 * MIN);
    assert.ok(t.start <= T0 && t.end >= T0 + 80 * MIN, 'domain covers the windows');
  });

  it('gives each region and each Vary variant its own lane, newest first', () => {
    const base = 'GET https://localhost/api/lang deployment=dpl_local';
    const xs = [
      ex({ atMin: 0, cache: 'MISS', entry: 'iad1', key: base, win: [0, 10, 10] }),
      ex({ atMin: 1, cache: 'MISS', entry: 'cdg1', key: base, win: [1, 11, 11] }),
      ex({ atMin: 2, cache: 'MISS', entry: 'iad1', key: `${base} vary accept-language="fr"`, win: [2, 12, 12] }),
      ex({ atMin: 3, cache: 'HIT', entry: 'iad1', key: base, win: [0, 10, 10], ageMin: 3 }),
    ];
    const t = tl.buildTimeline(xs, iso(T0 + 3 * MIN));
    assert.deepEqual(
      t.lanes.map((l) => [l.region, tl.varyPart(l.key), l.markers.length]),
      [
        ['iad1', '', 2],
        ['iad1', 'accept-language="fr"', 1],
        ['cdg1', '', 1],
      ],
    );
  });

  it('ignores requests that did not consult the cache and shows a keyed BYPASS without a window', () => {
    const xs = [
      ex({ atMin: 0, cache: 'BYPASS', key: '', method: 'POST', reason: 'method POST is not cached (only GET and HEAD are)' }),
      ex({ atMin: 1, cache: 'BYPASS', reason: 'the response has Cache-Control: private' }),
    ];
    const t = tl.buildTimeline(xs, iso(T0 + MIN));
    assert.equal(t.lanes.length, 1);
    assert.deepEqual(t.lanes[0].markers.map((m) => [m.status, m.reason]), [['BYPASS', 'the response has Cache-Control: private']]);
    assert.deepEqual(t.lanes[0].windows, []);
  });

  it('covers now in its domain', () => {
    const now = T0 + 3 * 60 * MIN;
    const t = tl.buildTimeline([ex({ atMin: 0, cache: 'MISS', win: [0, 1, 2] })], iso(now));
    assert.ok(t.start < T0 && t.end > now, `${iso(t.start)}..${iso(t.end)}`);
    const empty = tl.buildTimeline([], iso(now));
    assert.ok(empty.start < now && empty.end > now);
  });

  it('bounds the domain for a copy that lives a year', () => {
    const t = tl.buildTimeline([ex({ atMin: 0, cache: 'MISS', win: [0, 525600, 525600] })], iso(T0 + MIN));
    assert.ok(t.end < T0 + 3 * 60 * MIN, `end ${iso(t.end)}`);
  });

  it('caps the lanes and counts the rest', () => {
    const xs = Array.from({ length: tl.MAX_LANES + 3 }, (_, i) =>
      ex({ atMin: i, cache: 'MISS', key: `GET https://localhost/api/n?i=${i} deployment=d`, url: `/api/n?i=${i}`, win: [i, i + 1, i + 1] }),
    );
    const t = tl.buildTimeline(xs, iso(T0 + 20 * MIN));
    assert.equal(t.lanes.length, tl.MAX_LANES);
    assert.equal(t.hiddenLanes, 3);
    assert.equal(t.lanes[0].url, `/api/n?i=${tl.MAX_LANES + 2}`, 'newest lane first');
  });
});

describe('buildTimeline with cache events (R-CACHE-6)', () => {
  // s-maxage=600, stale-while-revalidate=1200: a copy stored at m is fresh
  // until m+10 and stale until m+30.
  const missAt0 = ex({ atMin: 0, cache: 'MISS', win: [0, 10, 30] });
  const staleAt15 = ex({ atMin: 15, cache: 'STALE', win: [0, 10, 30], ageMin: 15 });

  it('adds an inferred window for a background revalidation no record reported, and none for one a record did', () => {
    const cases = [
      {
        name: 'no later request',
        xs: [missAt0, staleAt15],
        want: [[0, 10, 30, 16, 'replaced', false], [16, 26, 46, null, null, true]],
      },
      {
        name: 'a later HIT reports the copy',
        xs: [missAt0, staleAt15, ex({ atMin: 20, cache: 'HIT', win: [16, 26, 46], ageMin: 4 })],
        want: [[0, 10, 30, 16, 'replaced', false], [16, 26, 46, null, null, false]],
      },
    ];
    const events = [ev(0, 'stored'), ev(15, 'stale'), ev(16, 'revalidated')];
    for (const { name, xs, want } of cases) {
      const t = tl.buildTimeline(xs, iso(T0 + 20 * MIN), events);
      assert.equal(t.lanes.length, 1, name);
      assert.deepEqual(wins(t.lanes[0]), want, name);
      assert.deepEqual(t.lanes[0].events, [], `${name}: stored/revalidated of a known lifetime are no lane events`);
    }
  });

  it('turns purge, eviction, expiry and failed revalidation into lane events that end the right copy', () => {
    const cases = [
      {
        name: 'purge cuts the copy before its replacement',
        xs: [missAt0, ex({ atMin: 5, cache: 'HIT', win: [0, 10, 30] }), ex({ atMin: 12, cache: 'MISS', win: [12, 22, 42] })],
        events: [ev(0, 'stored'), ev(8, 'purged'), ev(12, 'stored')],
        want: [[0, 10, 30, 8, 'purged', false], [12, 22, 42, null, null, false]],
        wantEvents: [[8, 'purged']],
      },
      {
        name: 'eviction in the stale window',
        xs: [missAt0],
        events: [ev(0, 'stored'), ev(20, 'evicted')],
        want: [[0, 10, 30, 20, 'evicted', false]],
        wantEvents: [[20, 'evicted']],
      },
      {
        name: 'expiry at the next request ends the old copy, not the one stored at the same instant',
        xs: [missAt0, ex({ atMin: 50, cache: 'MISS', win: [50, 60, 80] })],
        events: [ev(0, 'stored'), ev(50, 'expired'), ev(50, 'stored')],
        want: [[0, 10, 30, null, null, false], [50, 60, 80, null, null, false]],
        wantEvents: [[50, 'expired']],
      },
      {
        name: 'a purge right after the store on a paused clock ends that copy',
        xs: [missAt0],
        events: [ev(0, 'stored'), ev(0, 'purged')],
        want: [[0, 10, 30, 0, 'purged', false]],
        wantEvents: [[0, 'purged']],
      },
      {
        name: 'a failed revalidation keeps the copy',
        xs: [missAt0, staleAt15],
        events: [ev(0, 'stored'), ev(15, 'stale'), ev(15, 'revalidation-failed')],
        want: [[0, 10, 30, null, null, false]],
        wantEvents: [[15, 'revalidation-failed']],
      },
    ];
    for (const { name, xs, events, want, wantEvents } of cases) {
      const t = tl.buildTimeline(xs, iso(T0 + 50 * MIN), events);
      assert.deepEqual(wins(t.lanes[0]), want, name);
      assert.deepEqual(laneEvents(t.lanes[0]), wantEvents, name);
    }
  });

  it('ignores hit, stale and bypass events and makes lanes only for events that store a copy', () => {
    const other = 'GET https://localhost/api/other deployment=dpl_local';
    const events = [ev(0, 'stored'), ev(5, 'hit'), ev(15, 'stale'), ev(16, 'bypass'), ev(17, 'purged', { key: other }), ev(18, 'stored', { key: 'GET https://localhost/api/new deployment=d' })];
    const t = tl.buildTimeline([missAt0, staleAt15], iso(T0 + 20 * MIN), events);
    assert.deepEqual(t.lanes.map((l) => [l.key, laneEvents(l)]), [
      ['GET https://localhost/api/new deployment=d', [[18, 'stored']]],
      [KEY, []],
    ]);
    assert.deepEqual(wins(t.lanes[1]), [[0, 10, 30, null, null, false]]);
    assert.deepEqual(t.lanes[1].markers.map((m) => m.status), ['MISS', 'STALE']);
  });

  it('keeps runs apart: lanes per run, or only the given run', () => {
    const xs = [ex({ atMin: 0, cache: 'MISS', win: [0, 10, 30], run: 'old' }), ex({ atMin: 1, cache: 'MISS', win: [1, 11, 31], run: 'new' })];
    const cases = [
      { opts: undefined, runs: ['new', 'old'], lanes: [['new', [[5, 'purged']]], ['old', []]] },
      { opts: { run: 'old' }, runs: ['old'], lanes: [['old', [[5, 'purged']]]] },
      { opts: { run: 'new' }, runs: ['new'], lanes: [['new', [[5, 'purged']]]] },
      { opts: { run: 'gone' }, runs: [], lanes: [] },
    ];
    for (const { opts, runs, lanes } of cases) {
      const t = tl.buildTimeline(xs, iso(T0 + 5 * MIN), [ev(5, 'purged')], opts);
      assert.deepEqual(t.runs, runs, JSON.stringify(opts));
      assert.deepEqual(t.lanes.map((l) => [l.run, laneEvents(l)]), lanes, JSON.stringify(opts));
    }
  });

  it('titles windows and events', () => {
    const w = { storedAt: T0, freshUntil: T0 + 10 * MIN, staleUntil: T0 + 30 * MIN, inferred: true, cut: { at: T0 + 8 * MIN, by: 'purged' } };
    assert.equal(
      tl.windowTitle(w),
      'Copy stored at 12:00:00 UTC · fresh 10m until 12:10:00 · stale-while-revalidate 20m until 12:30:00 · purged at 12:08:00 · lifetime assumed from the previous copy',
    );
    assert.equal(tl.windowTitle({ ...w, inferred: false, cut: { at: T0 + 5 * MIN, by: 'replaced' } }).split(' · ').at(-1), 'replaced by a new copy at 12:05:00');
    assert.equal(tl.eventTitle({ at: T0, kind: 'purged', reason: 'purge of /api/x' }), 'purged · 12:00:00 UTC · purge of /api/x');
    assert.match(tl.eventTitle({ at: T0, kind: 'revalidated', reason: '' }), /lifetime unknown/);
  });
});

describe('helpers', () => {
  it('formatDuration', () => {
    const cases = [
      [0, '0s'],
      [350, '350ms'],
      [45_000, '45s'],
      [90_000, '1m 30s'],
      [20 * MIN, '20m'],
      [65 * MIN, '1h 5m'],
      [60 * MIN + 5_000, '1h'],
      [26 * 60 * MIN, '1d 2h'],
      [-30_000, '-30s'],
    ];
    for (const [ms, want] of cases) assert.equal(tl.formatDuration(ms), want, String(ms));
  });

  it('statusColorVar', () => {
    const cases = [
      ['HIT', 'var(--ok)'],
      ['STALE', 'var(--warn)'],
      ['MISS', 'var(--info)'],
      ['REVALIDATED', 'var(--accent)'],
      ['BYPASS', 'var(--text-faint)'],
      ['PRERENDER', 'var(--error)'],
    ];
    for (const [status, want] of cases) assert.equal(tl.statusColorVar(status), want, status);
  });

  it('formats simulated times in UTC and titles markers', () => {
    assert.equal(tl.formatSimTime(T0 + 61_000), '12:01:01');
    assert.equal(tl.formatSimTime(T0 + 61_000, false), '12:01');
    assert.equal(tl.formatSimDateTime(T0), '2025-01-01 12:00:00 UTC');
    assert.equal(
      tl.markerTitle({ id: 1, at: T0, status: 'HIT', reason: 'fresh for 10m', ageMs: 10 * MIN, method: 'GET', url: '/api/x' }),
      'HIT · age 10m · fresh for 10m · GET /api/x · 12:00:00 UTC',
    );
  });

  it('urlPath and varyPart', () => {
    assert.equal(tl.urlPath('http://localhost:3000/api/x?a=1'), '/api/x?a=1');
    assert.equal(tl.urlPath('/api/x'), '/api/x');
    assert.equal(tl.varyPart('GET https://h/api deployment=d vary accept-language="en" x-a=""'), 'accept-language="en" x-a=""');
    assert.equal(tl.varyPart('GET https://h/api deployment=d'), '');
  });

  it('timeTicks picks round steps', () => {
    const ticks = tl.timeTicks(T0 - 1000, T0 + 30 * MIN + 1000, 6);
    assert.deepEqual(ticks.map((t) => t.label), ['12:00', '12:10', '12:20', '12:30']);
    const fine = tl.timeTicks(T0, T0 + 40_000, 5);
    assert.deepEqual(fine.map((t) => t.label), ['12:00:00', '12:00:10', '12:00:20', '12:00:30', '12:00:40']);
    assert.deepEqual(tl.timeTicks(T0, T0, 5), []);
  });
});
