// The CDN cache timeline (issue 8, SPEC §8 R-CACHE-5/6): turns the recorded
// simulated exchanges into lanes, one per cached object (entry region ×
// cache key), with a marker per request and the lifetime windows of the
// copies that were stored. Pure logic; the React view is
// components/sim/CacheTimeline.tsx.

import type { SimulatedExchange } from '../api';

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

/** The lifetime of one stored copy (R-CACHE-5): fresh, then servable stale. */
export interface TimelineWindow {
  storedAt: number;
  freshUntil: number;
  staleUntil: number;
}

/** The history of one cached object: a region's cache entry for one key (R-CACHE-3). */
export interface TimelineLane {
  /** The entry region, whose cache was consulted. */
  region: string;
  key: string;
  /** The newest request's URL and route. */
  url: string;
  route: string;
  /** Oldest first. */
  markers: TimelineMarker[];
  /** Distinct by storedAt, oldest first. */
  windows: TimelineWindow[];
}

/** The lanes to draw and the time domain that covers them. */
export interface Timeline {
  /** Newest activity first, at most MAX_LANES. */
  lanes: TimelineLane[];
  /** How many lanes were left out by the cap. */
  hiddenLanes: number;
  /** The domain (ms since epoch, simulated clock): markers, windows and now, with a little padding. */
  start: number;
  end: number;
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

/**
 * Builds the timeline of the exchanges at the simulated time now. Exchanges
 * that did not consult the cache (cacheKey "") are left out. Windows come
 * from the records: MISS and REVALIDATED report the copy they stored, HIT
 * and STALE the copy that served them, so a copy stored by a background
 * revalidation appears once a later request reports it.
 */
export function buildTimeline(exchanges: SimulatedExchange[], now: string): Timeline {
  const byLane = new Map<string, { lane: TimelineLane; newest: SimulatedExchange; newestAt: number }>();
  for (const x of exchanges) {
    const sim = x.sim;
    if (!sim || !sim.cacheKey) continue;
    const at = parseSimTime(sim.clock);
    if (!Number.isFinite(at)) continue;
    const id = `${sim.entry}\u0000${sim.cacheKey}`;
    let item = byLane.get(id);
    if (!item) {
      item = {
        lane: { region: sim.entry, key: sim.cacheKey, url: x.url, route: x.route, markers: [], windows: [] },
        newest: x,
        newestAt: at,
      };
      byLane.set(id, item);
    }
    const win = windowOf(x);
    item.lane.markers.push({
      id: x.id,
      at,
      status: sim.cache,
      reason: sim.cacheReason || (sim.cache === 'HIT' && win ? `fresh for ${formatDuration(win.freshUntil - at)}` : ''),
      ageMs: sim.cacheAgeMs,
      method: x.method,
      url: x.url,
    });
    if (win && !item.lane.windows.some((w) => w.storedAt === win.storedAt)) item.lane.windows.push(win);
    if (at > item.newestAt || (at === item.newestAt && x.id > item.newest.id)) {
      item.newest = x;
      item.newestAt = at;
    }
  }

  const all = [...byLane.values()];
  for (const { lane, newest } of all) {
    lane.url = newest.url;
    lane.route = newest.route;
    lane.markers.sort((a, b) => a.at - b.at || a.id - b.id);
    lane.windows.sort((a, b) => a.storedAt - b.storedAt);
  }
  all.sort((a, b) => b.newestAt - a.newestAt || b.newest.id - a.newest.id);
  const lanes = all.slice(0, MAX_LANES).map((i) => i.lane);
  return { lanes, hiddenLanes: all.length - lanes.length, ...domainOf(lanes, parseSimTime(now)) };
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
 * The domain covering the markers, the windows and now. A window that ends
 * far in the future (s-maxage of a year) extends the domain by at most
 * max(the activity's span, 1 h) past the last request or now; its band is
 * clipped at the edge.
 */
function domainOf(lanes: TimelineLane[], now: number): { start: number; end: number } {
  let lo = Number.isFinite(now) ? now : Number.POSITIVE_INFINITY;
  let hi = Number.isFinite(now) ? now : Number.NEGATIVE_INFINITY;
  let windowEnd = Number.NEGATIVE_INFINITY;
  for (const lane of lanes) {
    for (const m of lane.markers) {
      lo = Math.min(lo, m.at);
      hi = Math.max(hi, m.at);
    }
    for (const w of lane.windows) {
      lo = Math.min(lo, w.storedAt);
      hi = Math.max(hi, w.storedAt);
      windowEnd = Math.max(windowEnd, w.staleUntil);
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
