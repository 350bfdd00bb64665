// The CDN cache timeline (issue 8, SPEC §8 R-CACHE-5/6): turns the recorded
// simulated exchanges and the cache's own events into lanes, one per cached
// object (run × entry region × cache key), with a marker per request, the
// lifetime windows of the stored copies and the events between requests
// (purge, eviction, expiry, failed revalidation). Pure logic; the React
// view is components/sim/CacheTimeline.tsx.

import type { CacheEventView, SimulatedExchange } from '../api';

/** One request on a lane, at its simulated arrival time. */
export interface TimelineMarker {
  id: number;
  /** Milliseconds since the epoch on the simulated clock. */
  at: number;
  /** x-vercel-cache: MISS, HIT, STALE, REVALIDATED or BYPASS. */
  status: string;
  /** Why the cache answered so; for a HIT without a reason, "fresh for …". */
  reason: string;
  ageMs: number;
  method: string;
  url: string;
}

/** Why a copy stopped being served before its staleUntil. */
export type TimelineCutBy = 'replaced' | 'purged' | 'evicted' | 'expired';

/** The lifetime of one stored copy (R-CACHE-5): fresh, then servable stale. */
export interface TimelineWindow {
  storedAt: number;
  freshUntil: number;
  staleUntil: number;
  /** Known only from a stored/revalidated event: its durations are assumed from the lane's previous copy. */
  inferred?: boolean;
  /** When the copy ended before staleUntil (the earliest of its replacement and a purge, eviction or expiry); its bands stop there. */
  cut?: { at: number; by: TimelineCutBy };
}

/**
 * A cache event drawn on a lane (R-CACHE-6). "stored" and "revalidated"
 * appear only for a copy whose lifetime is unknown (no record reported it
 * and the lane has no earlier copy to assume it from).
 */
export type TimelineEventKind = 'purged' | 'evicted' | 'expired' | 'revalidation-failed' | 'stored' | 'revalidated';

/** A cache event between requests, on the simulated clock. */
export interface TimelineEvent {
  at: number;
  kind: TimelineEventKind;
  reason: string;
}

/** The history of one cached object: a region's cache entry for one key (R-CACHE-3), in one run. */
export interface TimelineLane {
  /** The simulation run (SimView.run; "" for records without one). */
  run: string;
  /** The entry region, whose cache was consulted. */
  region: string;
  key: string;
  /** The newest request's URL and route (the first event's without requests). */
  url: string;
  route: string;
  /** Oldest first. */
  markers: TimelineMarker[];
  /** Distinct by storedAt, oldest first. */
  windows: TimelineWindow[];
  /** Oldest first. */
  events: TimelineEvent[];
}

/** The lanes to draw and the time domain that covers them. */
export interface Timeline {
  /** Newest activity first, at most MAX_LANES. */
  lanes: TimelineLane[];
  /** How many lanes were left out by the cap. */
  hiddenLanes: number;
  /** The distinct runs of the included records, the newest record's first; more than one means lanes of several runs. */
  runs: string[];
  /** The domain (ms since epoch, simulated clock): markers, windows, events and now, with a little padding. */
  start: number;
  end: number;
}

/** Which records a timeline takes. */
export interface TimelineOptions {
  /** Only records of this run (SimView.run). Undefined: every run, each in lanes of its own, so runs never mix. */
  run?: string;
}

/** How many lanes a timeline shows. */
export const MAX_LANES = 12;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds since the epoch of an RFC 3339 time, or NaN when it is empty or not a time. */
export function parseSimTime(rfc3339: string): number {
  return rfc3339 ? Date.parse(rfc3339) : Number.NaN;
}

interface LaneItem {
  lane: TimelineLane;
  newestAt: number;
  /** The newest record's id, -1 for a lane made by events alone. */
  newestId: number;
}

/**
 * Builds the timeline at the simulated time now from the exchanges (any
 * order; those that did not consult the cache, cacheKey "", are left out)
 * and the current run's cache events (oldest first, api.cacheEvents()).
 *
 * Windows come from the records first: MISS and REVALIDATED report the copy
 * they stored, HIT and STALE the copy that served them. Then the events:
 *  - hit, stale and bypass are left out: the records' markers show them;
 *  - stored/revalidated at a record copy's storedAt is that copy; otherwise
 *    (a background revalidation no later request reported) it starts a
 *    window marked inferred whose fresh and stale durations are the lane's
 *    previous copy's: the refresh got the same route, whose Cache-Control
 *    rarely changes, and the event carries no lifetime. Without a previous
 *    copy it is a lane event (lifetime unknown);
 *  - purged, evicted, expired and revalidation-failed are lane events; the
 *    first three end the copy they removed (cut: its bands stop there).
 * An event makes a lane of its own only when it stores a copy: a purge or
 * expiry of a key none of whose requests are shown is not interesting.
 * The events belong to options.run or, when it is undefined, to the run of
 * the newest record (the events are the current run's).
 */
export function buildTimeline(
  exchanges: SimulatedExchange[],
  now: string,
  events: CacheEventView[] = [],
  options: TimelineOptions = {},
): Timeline {
  const items = new Map<string, LaneItem>();
  const item = (run: string, region: string, key: string, url: string, route: string): LaneItem => {
    const id = `${run}\u0000${region}\u0000${key}`;
    let it = items.get(id);
    if (!it) {
      it = { lane: { run, region, key, url, route, markers: [], windows: [], events: [] }, newestAt: Number.NEGATIVE_INFINITY, newestId: -1 };
      items.set(id, it);
    }
    return it;
  };
  const runIds = new Map<string, number>();
  for (const x of exchanges) {
    const sim = x.sim;
    if (!sim || !sim.cacheKey) continue;
    const run = sim.run ?? '';
    if (options.run !== undefined && run !== options.run) continue;
    const at = parseSimTime(sim.clock);
    if (!Number.isFinite(at)) continue;
    runIds.set(run, Math.max(runIds.get(run) ?? -1, x.id));
    const it = item(run, sim.entry, sim.cacheKey, x.url, x.route);
    const win = windowOf(x);
    it.lane.markers.push({
      id: x.id,
      at,
      status: sim.cache,
      reason: sim.cacheReason || (sim.cache === 'HIT' && win ? `fresh for ${formatDuration(win.freshUntil - at)}` : ''),
      ageMs: sim.cacheAgeMs,
      method: x.method,
      url: x.url,
    });
    if (win && !it.lane.windows.some((w) => w.storedAt === win.storedAt)) it.lane.windows.push(win);
    if (at > it.newestAt || (at === it.newestAt && x.id > it.newestId)) {
      Object.assign(it, { newestAt: at, newestId: x.id });
      Object.assign(it.lane, { url: x.url, route: x.route });
    }
  }
  const runs = [...runIds.keys()].sort((a, b) => (runIds.get(b) ?? 0) - (runIds.get(a) ?? 0));

  const eventRun = options.run ?? runs[0] ?? '';
  const lastStore = new Map<LaneItem, number>();
  for (const e of events) {
    const at = parseSimTime(e.time);
    if (!e.key || !Number.isFinite(at) || e.kind === 'hit' || e.kind === 'stale' || e.kind === 'bypass') continue;
    const kind: TimelineEventKind = e.kind;
    const storing = kind === 'stored' || kind === 'revalidated';
    const id = `${eventRun}\u0000${e.region}\u0000${e.key}`;
    if (!storing && !items.has(id)) continue;
    const it = item(eventRun, e.region, e.key, e.url, e.route);
    it.newestAt = Math.max(it.newestAt, at);
    const lane = it.lane;
    if (storing) {
      lastStore.set(it, at);
      if (lane.windows.some((w) => w.storedAt === at)) continue;
      const prev = newestCopy(lane.windows, (w) => w.storedAt < at);
      if (prev) {
        lane.windows.push({ storedAt: at, freshUntil: at + prev.freshUntil - prev.storedAt, staleUntil: at + prev.staleUntil - prev.storedAt, inferred: true });
        continue;
      }
    }
    lane.events.push({ at, kind, reason: e.reason });
    if (kind === 'purged' || kind === 'evicted' || kind === 'expired') {
      // The removed copy: the newest stored before the event, or at the same
      // instant when its store event came first (a paused clock).
      const w = newestCopy(lane.windows, (c) => c.storedAt < at || (c.storedAt === at && lastStore.get(it) === at));
      if (w) cutAt(w, at, kind);
    }
  }

  const all = [...items.values()];
  for (const { lane } of all) {
    lane.markers.sort((a, b) => a.at - b.at || a.id - b.id);
    lane.windows.sort((a, b) => a.storedAt - b.storedAt);
    lane.windows.forEach((w, i) => i + 1 < lane.windows.length && cutAt(w, lane.windows[i + 1].storedAt, 'replaced'));
    lane.events.sort((a, b) => a.at - b.at);
  }
  all.sort((a, b) => b.newestAt - a.newestAt || b.newestId - a.newestId);
  const lanes = all.slice(0, MAX_LANES).map((i) => i.lane);
  return { lanes, hiddenLanes: all.length - lanes.length, runs, ...domainOf(lanes, parseSimTime(now)) };
}

/** The copy with the latest storedAt among those ok accepts. */
function newestCopy(windows: TimelineWindow[], ok: (w: TimelineWindow) => boolean): TimelineWindow | undefined {
  let best: TimelineWindow | undefined;
  for (const w of windows) if (ok(w) && (!best || w.storedAt > best.storedAt)) best = w;
  return best;
}

/** Ends w at `at` unless it already ended by then (the earliest end wins). */
function cutAt(w: TimelineWindow, at: number, by: TimelineCutBy): void {
  if (at >= w.storedAt && at < (w.cut?.at ?? w.staleUntil)) w.cut = { at, by };
}

/** The lifetime an exchange reports, or null when it has none (BYPASS). */
function windowOf(x: SimulatedExchange): TimelineWindow | null {
  const storedAt = parseSimTime(x.sim.storedAt);
  if (!Number.isFinite(storedAt)) return null;
  let freshUntil = parseSimTime(x.sim.freshUntil);
  if (!Number.isFinite(freshUntil) || freshUntil < storedAt) freshUntil = storedAt;
  let staleUntil = parseSimTime(x.sim.staleUntil);
  if (!Number.isFinite(staleUntil) || staleUntil < freshUntil) staleUntil = freshUntil;
  return { storedAt, freshUntil, staleUntil };
}

/**
 * The domain covering the markers, the windows, the events and now. A
 * window that ends far in the future (s-maxage of a year) extends the
 * domain by at most max(the activity's span, 1 h) past the last activity or
 * now; its band is clipped at the edge.
 */
function domainOf(lanes: TimelineLane[], now: number): { start: number; end: number } {
  let lo = Number.isFinite(now) ? now : Number.POSITIVE_INFINITY;
  let hi = Number.isFinite(now) ? now : Number.NEGATIVE_INFINITY;
  let windowEnd = Number.NEGATIVE_INFINITY;
  for (const lane of lanes) {
    for (const { at } of [...lane.markers, ...lane.events]) {
      lo = Math.min(lo, at);
      hi = Math.max(hi, at);
    }
    for (const w of lane.windows) {
      lo = Math.min(lo, w.storedAt);
      hi = Math.max(hi, w.storedAt);
      windowEnd = Math.max(windowEnd, w.cut?.at ?? w.staleUntil);
    }
  }
  if (!Number.isFinite(lo)) {
    const t = Date.now();
    return { start: t - 5 * MINUTE, end: t + 5 * MINUTE };
  }
  const reach = Math.max(hi - lo, HOUR);
  hi = Math.max(hi, Math.min(windowEnd, hi + reach));
  if (hi - lo < MINUTE) {
    const mid = (lo + hi) / 2;
    lo = mid - MINUTE / 2;
    hi = mid + MINUTE / 2;
  }
  const pad = Math.max((hi - lo) * 0.03, 5 * SECOND);
  return { start: lo - pad, end: hi + pad };
}

/** A duration as "45s", "20m", "1h 5m", "2d 3h" (two largest units), "350ms" below a second. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < SECOND) return ms === 0 ? '0s' : `${Math.round(ms)}ms`;
  const units: [number, string][] = [
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'm'],
    [SECOND, 's'],
  ];
  let rest = Math.round(ms / SECOND) * SECOND;
  const parts: string[] = [];
  for (const [size, name] of units) {
    if (parts.length === 2) break;
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${name}`);
    else if (parts.length > 0) break;
  }
  return parts.join(' ') || '0s';
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A simulated time as HH:MM:SS (or HH:MM without seconds), in UTC. */
export function formatSimTime(at: number, seconds = true): string {
  if (!Number.isFinite(at)) return '–';
  const d = new Date(at);
  const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  return seconds ? `${hm}:${pad2(d.getUTCSeconds())}` : hm;
}

/** A simulated time as "YYYY-MM-DD HH:MM:SS UTC". */
export function formatSimDateTime(at: number): string {
  if (!Number.isFinite(at)) return '–';
  const d = new Date(at);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${formatSimTime(at)} UTC`;
}

/** The CSS variable that colours a cache status. */
export function statusColorVar(status: string): string {
  switch (status) {
    case 'HIT':
      return 'var(--ok)';
    case 'STALE':
      return 'var(--warn)';
    case 'MISS':
      return 'var(--info)';
    case 'REVALIDATED':
      return 'var(--accent)';
    case 'BYPASS':
      return 'var(--text-faint)';
    default:
      return 'var(--error)';
  }
}

/** The five x-vercel-cache statuses of API routes, with what they mean (for the legend). */
export const CACHE_STATUSES: readonly { status: string; meaning: string }[] = [
  { status: 'MISS', meaning: 'not in the cache (or expired); the response was stored' },
  { status: 'HIT', meaning: 'served fresh from the cache' },
  { status: 'STALE', meaning: 'served stale while one background revalidation stores a new copy' },
  { status: 'REVALIDATED', meaning: 'pragma: no-cache forced a synchronous refresh' },
  { status: 'BYPASS', meaning: 'not cacheable; see the reason' },
];

/** A marker's tooltip: "HIT · age 10m · fresh for 10m · GET /api/x · 12:10:00 UTC". */
export function markerTitle(m: TimelineMarker): string {
  const parts = [m.status];
  if (m.status !== 'MISS' && m.status !== 'BYPASS' && m.status !== 'REVALIDATED') parts.push(`age ${formatDuration(m.ageMs)}`);
  if (m.reason) parts.push(m.reason);
  parts.push(`${m.method} ${m.url}`, `${formatSimTime(m.at)} UTC`);
  return parts.join(' · ');
}

/** The lane events in the legend, with what they mean ("stored" also stands for "revalidated"). */
export const CACHE_EVENT_KINDS: readonly { kind: TimelineEventKind; label: string; meaning: string }[] = [
  { kind: 'purged', label: 'purged', meaning: 'the copy was purged; its bands stop here' },
  { kind: 'evicted', label: 'evicted', meaning: 'the copy was evicted (cache full, Vary changed or an uncacheable refresh); its bands stop here' },
  { kind: 'expired', label: 'expired', meaning: 'the copy was removed past its stale-while-revalidate window' },
  { kind: 'revalidation-failed', label: 'revalidation failed', meaning: 'a background revalidation failed; the stale copy is still served' },
  { kind: 'stored', label: 'stored, lifetime unknown', meaning: 'a copy was stored that no shown request reported' },
];

/** A lane event's tooltip: "purged · 12:20:00 UTC · purge of /api/x". */
export function eventTitle(e: TimelineEvent): string {
  const parts = [e.kind, `${formatSimTime(e.at)} UTC`];
  if (e.reason) parts.push(e.reason);
  if (e.kind === 'stored' || e.kind === 'revalidated') parts.push('lifetime unknown: no shown request reported this copy');
  return parts.join(' · ');
}

/** A window's tooltip: when it was stored, its fresh and stale windows, how it ended early, whether its lifetime is assumed. */
export function windowTitle(w: TimelineWindow): string {
  const t = formatSimTime;
  let s = `Copy stored at ${t(w.storedAt)} UTC · fresh ${formatDuration(w.freshUntil - w.storedAt)} until ${t(w.freshUntil)}`;
  if (w.staleUntil > w.freshUntil) s += ` · stale-while-revalidate ${formatDuration(w.staleUntil - w.freshUntil)} until ${t(w.staleUntil)}`;
  if (w.cut) s += w.cut.by === 'replaced' ? ` · replaced by a new copy at ${t(w.cut.at)}` : ` · ${w.cut.by} at ${t(w.cut.at)}`;
  return w.inferred ? `${s} · lifetime assumed from the previous copy` : s;
}

/** The path and query of a URL (absolute or not). */
export function urlPath(url: string): string {
  try {
    const u = new URL(url, 'http://edgeplay.invalid');
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

/** The Vary part of a cache key ("accept-language=\"en\""), or "" when the response had no Vary. */
export function varyPart(key: string): string {
  const i = key.indexOf(' vary ');
  return i < 0 ? '' : key.slice(i + ' vary '.length);
}

/** A tick on the time axis. */
export interface TimeTick {
  at: number;
  label: string;
}

const TICK_STEPS = [
  SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY,
];

/** At most maxTicks round times in [start, end], labelled HH:MM (HH:MM:SS when the step is under a minute), UTC. */
export function timeTicks(start: number, end: number, maxTicks: number): TimeTick[] {
  if (!(end > start) || maxTicks < 1) return [];
  const span = end - start;
  const step = TICK_STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / DAY) * DAY;
  const ticks: TimeTick[] = [];
  for (let at = Math.ceil(start / step) * step; at <= end; at += step) {
    ticks.push({ at, label: formatSimTime(at, step < MINUTE) });
  }
  return ticks;
}
