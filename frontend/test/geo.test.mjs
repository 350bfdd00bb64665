// The world map's pure helpers (issue 8, src/lib/geo.ts): leg labels, the
// path caption, resolving legs to coordinates and config.regions → serving
// regions (R-REGION-2). Node 20 cannot import .ts, so geo.ts is transpiled
// with the project's TypeScript into a temporary .mjs first.
// Run: cd frontend && node --test test/geo.test.mjs

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadTS } from './support/load-ts.mjs';

let geo;

before(async () => {
  geo = await loadTS('lib/geo.ts');
});

const regions = [
  { id: 'hnd1', city: 'Tokyo', lat: 35.55, lon: 139.78 },
  { id: 'iad1', city: 'Washington, D.C.', lat: 38.95, lon: -77.45 },
  { id: 'cdg1', city: 'Paris', lat: 49.01, lon: 2.55 },
];

/** A SimView with the fields the helpers read; overrides replace them. */
function view(overrides = {}) {
  return {
    client: 'Tokyo',
    clientLat: 35.68,
    clientLon: 139.69,
    entry: 'hnd1',
    exec: 'iad1',
    data: 'Virginia DB',
    dataLat: 39,
    dataLon: -77.5,
    legs: [
      { from: 'client', to: 'hnd1', distanceKm: 20, oneWayMs: 1.2 },
      { from: 'hnd1', to: 'iad1', distanceKm: 10900, oneWayMs: 82 },
      { from: 'iad1', to: 'data', distanceKm: 6, oneWayMs: 0.4 },
    ],
    vercelId: '',
    networkMs: 184,
    fetches: 1,
    cache: 'HIT',
    cacheReason: '',
    cacheKey: '',
    cacheAgeMs: 0,
    clock: '',
    storedAt: '',
    freshUntil: '',
    staleUntil: '',
    ...overrides,
  };
}

describe('formatMs / formatKm', () => {
  const cases = [
    ['formatMs', 0, '0 ms'],
    ['formatMs', 0.44, '0.4 ms'],
    ['formatMs', 9.96, '10 ms'],
    ['formatMs', 31.4, '31 ms'],
    ['formatMs', 1234.5, '1,235 ms'],
    ['formatMs', NaN, '–'],
    ['formatKm', 0, '0 km'],
    ['formatKm', 999.4, '999 km'],
    ['formatKm', 2400, '2,400 km'],
    ['formatKm', 12345678, '12,345,678 km'],
    ['formatKm', Infinity, '–'],
  ];
  for (const [fn, input, want] of cases) {
    it(`${fn}(${input}) = ${want}`, () => assert.equal(geo[fn](input), want));
  }
});

describe('formatLeg', () => {
  const cases = [
    [{ from: 'client', to: 'hnd1', distanceKm: 2400, oneWayMs: 31 }, '31 ms · 2,400 km'],
    [{ from: 'hnd1', to: 'iad1', distanceKm: 10912.6, oneWayMs: 82.3 }, '82 ms · 10,913 km'],
    [{ from: 'iad1', to: 'iad1', distanceKm: 0, oneWayMs: 0 }, 'same region'],
    [{ from: 'client', to: 'iad1', distanceKm: 0, oneWayMs: 0 }, 'same region'],
    [{ from: 'client', to: 'iad1', distanceKm: 0, oneWayMs: 1 }, '1 ms · 0 km'],
    [{ from: 'iad1', to: 'data', distanceKm: 6, oneWayMs: 0.42 }, '0.4 ms · 6 km'],
  ];
  for (const [leg, want] of cases) {
    it(`${leg.from} → ${leg.to}: ${want}`, () => assert.equal(geo.formatLeg(leg), want));
  }
});

describe('pathCaption', () => {
  const cases = [
    ['entry ≠ exec, one fetch, HIT', {}, 'Tokyo → hnd1 → iad1 → data: 184 ms there and back (HIT)'],
    ['entry = exec', { exec: 'hnd1', networkMs: 3 }, 'Tokyo → hnd1 → data: 3 ms there and back (HIT)'],
    ['no fetch: no data stop', { fetches: 0, cache: 'MISS' }, 'Tokyo → hnd1 → iad1: 184 ms there and back (MISS)'],
    ['several fetches', { fetches: 3, cache: '' }, 'Tokyo → hnd1 → iad1 → data ×3: 184 ms there and back'],
    [
      'no data leg',
      { legs: [{ from: 'client', to: 'hnd1', distanceKm: 20, oneWayMs: 1 }], fetches: 2, cache: 'BYPASS' },
      'Tokyo → hnd1 → iad1: 184 ms there and back (BYPASS)',
    ],
    ['unnamed client', { client: '' }, 'client → hnd1 → iad1 → data: 184 ms there and back (HIT)'],
  ];
  for (const [name, overrides, want] of cases) {
    it(name, () => assert.equal(geo.pathCaption(view(overrides)), want));
  }
});

describe('legEnds', () => {
  const cases = [
    [
      'all three legs resolve',
      view(),
      [
        ['client', 'hnd1', [139.69, 35.68], [139.78, 35.55]],
        ['hnd1', 'iad1', [139.78, 35.55], [-77.45, 38.95]],
        ['iad1', 'data', [-77.45, 38.95], [-77.5, 39]],
      ],
    ],
    [
      'same-region hop is kept',
      view({
        exec: 'hnd1',
        legs: [
          { from: 'client', to: 'hnd1', distanceKm: 20, oneWayMs: 1 },
          { from: 'hnd1', to: 'hnd1', distanceKm: 0, oneWayMs: 0 },
        ],
      }),
      [
        ['client', 'hnd1', [139.69, 35.68], [139.78, 35.55]],
        ['hnd1', 'hnd1', [139.78, 35.55], [139.78, 35.55]],
      ],
    ],
    [
      'unknown region skips its legs',
      view({
        exec: 'zzz9',
        legs: [
          { from: 'client', to: 'hnd1', distanceKm: 20, oneWayMs: 1 },
          { from: 'hnd1', to: 'zzz9', distanceKm: 100, oneWayMs: 2 },
          { from: 'zzz9', to: 'data', distanceKm: 100, oneWayMs: 2 },
        ],
      }),
      [['client', 'hnd1', [139.69, 35.68], [139.78, 35.55]]],
    ],
    ['no legs', view({ legs: [] }), []],
  ];
  for (const [name, v, want] of cases) {
    it(name, () => {
      const got = geo.legEnds(v, regions).map((e) => [e.leg.from, e.leg.to, e.from, e.to]);
      assert.deepEqual(got, want);
    });
  }

  it('keeps the leg object', () => {
    const v = view();
    assert.equal(geo.legEnds(v, regions)[1].leg, v.legs[1]);
  });
});

describe('everywhereEnds', () => {
  const cases = [
    ['drops the data leg', view(), [['client', 'hnd1'], ['hnd1', 'iad1']]],
    [
      'drops the zero-length hop',
      view({
        exec: 'hnd1',
        legs: [
          { from: 'client', to: 'hnd1', distanceKm: 20, oneWayMs: 1 },
          { from: 'hnd1', to: 'hnd1', distanceKm: 0, oneWayMs: 0 },
          { from: 'hnd1', to: 'data', distanceKm: 9000, oneWayMs: 70 },
        ],
      }),
      [['client', 'hnd1']],
    ],
  ];
  for (const [name, v, want] of cases) {
    it(name, () => assert.deepEqual(geo.everywhereEnds(v, regions).map((e) => [e.leg.from, e.leg.to]), want));
  }
});

describe('everywhereLabel', () => {
  const place = { name: 'Tokyo', country: 'JP', lat: 35.68, lon: 139.69 };
  const cases = [
    ['with a simulated path', { city: 'Tokyo', status: 200, place, sim: view({ networkMs: 24.3 }) }, 'Tokyo 24 ms'],
    ['failed', { city: 'Tokyo', status: 0, error: 'boom', place }, 'Tokyo failed'],
    ['no sim, no error', { city: 'Tokyo', status: 200, place }, 'Tokyo'],
  ];
  for (const [name, row, want] of cases) {
    it(name, () => assert.equal(geo.everywhereLabel(row), want));
  }
});

describe('latencyClass', () => {
  const cases = [
    [0, 'fast'],
    [49.9, 'fast'],
    [50, 'medium'],
    [149, 'medium'],
    [150, 'slow'],
    [900, 'slow'],
  ];
  for (const [ms, want] of cases) {
    it(`${ms} ms → ${want}`, () => assert.equal(geo.latencyClass(ms), want));
  }
});

describe('servingSet (R-REGION-2)', () => {
  const cases = [
    ['undefined → all', undefined, 'iad1', 'all'],
    ['empty → all', [], 'iad1', 'all'],
    ['"all" → all', ['all'], 'iad1', 'all'],
    ['"auto" → all', ['auto'], 'iad1', 'all'],
    ['"auto" in a list → all', ['cdg1', 'auto'], 'iad1', 'all'],
    ['"home" → home region', ['home'], 'iad1', ['iad1']],
    ['"home" with another home', ['home'], 'fra1', ['fra1']],
    ['a list, order kept', ['cdg1', 'hnd1'], 'iad1', ['cdg1', 'hnd1']],
    ['home and a list, duplicates dropped', ['iad1', 'home', 'cdg1', 'cdg1'], 'iad1', ['iad1', 'cdg1']],
  ];
  for (const [name, input, home, want] of cases) {
    it(name, () => assert.deepEqual(geo.servingSet(input, home), want));
  }
});

describe('formatPick', () => {
  const cases = [
    [139.6917, 35.6895, '35.69,139.69'],
    [-77.0369, 38.9072, '38.91,-77.04'],
    [-0.001, 0.001, '0.00,0.00'],
    [180, -90, '-90.00,180.00'],
    [190, 10, '10.00,-170.00'],
    [-200, 10, '10.00,160.00'],
  ];
  for (const [lon, lat, want] of cases) {
    it(`(${lon}, ${lat}) → ${want}`, () => assert.equal(geo.formatPick(lon, lat), want));
  }
});

describe('placeLabels', () => {
  const cases = [
    ['one label goes right', [{ x: 100, y: 100, text: 'Tokyo 4 ms' }], ['right']],
    ['far apart: both right', [{ x: 0, y: 0, text: 'London 4 ms' }, { x: 300, y: 200, text: 'Lagos 75 ms' }], ['right', 'right']],
    ['a close neighbour on the right goes left', [{ x: 100, y: 100, text: 'London 4 ms' }, { x: 110, y: 102, text: 'Paris 4 ms' }], ['right', 'left']],
    [
      'a third crowded label is dropped',
      [
        { x: 100, y: 100, text: 'London 4 ms' },
        { x: 110, y: 102, text: 'Paris 4 ms' },
        { x: 105, y: 101, text: 'Brussels 4 ms' },
      ],
      ['right', 'left', null],
    ],
    ['different rows do not collide', [{ x: 100, y: 100, text: 'Osaka 4 ms' }, { x: 100, y: 120, text: 'Tokyo 4 ms' }], ['right', 'right']],
  ];
  for (const [name, spots, want] of cases) {
    it(name, () => assert.deepEqual(geo.placeLabels(spots), want));
  }
});
