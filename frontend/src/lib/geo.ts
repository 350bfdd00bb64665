// Pure helpers of the simulation's world map (issue 8): labels, captions and
// the coordinates of a simulated request's legs. No React and no d3 here, and
// only type imports, so node --test can load this module on its own.

import type { EverywhereRow, LegView, RegionInfo, SimView } from '../api';

/** A position on the globe as d3 takes it: [longitude, latitude] in degrees. */
export type LonLat = [number, number];

/** One leg of a simulated path with both ends resolved to coordinates. */
export interface LegEnds {
  from: LonLat;
  to: LonLat;
  leg: LegView;
}

/** An integer with "," between thousands ("12,345"); locale-independent. */
function groupThousands(n: number): string {
  const s = String(Math.abs(Math.round(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 && grouped !== '0' ? `-${grouped}` : grouped;
}

/** Simulated milliseconds: "0.4 ms" below 10 ms, whole milliseconds from there ("184 ms"). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 10) return `${(Math.round(ms * 10) / 10).toString()} ms`;
  return `${groupThousands(ms)} ms`;
}

/** A distance in whole kilometres with thousands grouped: "2,400 km". */
export function formatKm(km: number): string {
  if (!Number.isFinite(km)) return '–';
  return `${groupThousands(km)} km`;
}

/**
 * A leg's label: one-way time and distance ("31 ms · 2,400 km"), or
 * "same region" for the zero-length entry → exec leg of a request that
 * runs where it entered (and any leg of neither distance nor time). A
 * client standing on a region's city keeps its time: "1 ms · 0 km".
 */
export function formatLeg(leg: LegView): string {
  if (leg.from === leg.to || (leg.distanceKm <= 0 && leg.oneWayMs <= 0)) return 'same region';
  return `${formatMs(leg.oneWayMs)} · ${formatKm(leg.distanceKm)}`;
}

/**
 * The sentence under the map for one exchange:
 * "Tokyo → hnd1 → iad1 → data: 184 ms there and back (HIT)". The entry
 * region appears once when the request ran where it entered; "→ data" only
 * when the handler fetched from the data source (×N for several fetches),
 * since networkMs counts the data round trip once per fetch.
 */
export function pathCaption(v: SimView): string {
  const stops = [v.client || 'client', v.entry];
  if (v.exec && v.exec !== v.entry) stops.push(v.exec);
  const hasDataLeg = v.legs.some((l) => l.to === 'data');
  if (hasDataLeg && v.fetches > 0) stops.push(v.fetches > 1 ? `data ×${v.fetches}` : 'data');
  const route = stops.filter((s) => s !== '').join(' → ');
  const cache = v.cache ? ` (${v.cache})` : '';
  return `${route}: ${formatMs(v.networkMs)} there and back${cache}`;
}

/**
 * Each leg of v with its ends as coordinates: "client" and "data" are the
 * view's own points, anything else a region id looked up in regions. Legs
 * with an end that cannot be resolved (an unknown region) are left out.
 * The zero-length entry → exec leg is kept; drawing code skips it.
 */
export function legEnds(v: SimView, regions: RegionInfo[]): LegEnds[] {
  const byId = new Map(regions.map((r) => [r.id, r] as const));
  const resolve = (end: string): LonLat | null => {
    if (end === 'client') return [v.clientLon, v.clientLat];
    if (end === 'data') return [v.dataLon, v.dataLat];
    const r = byId.get(end);
    return r ? [r.lon, r.lat] : null;
  };
  const out: LegEnds[] = [];
  for (const leg of v.legs ?? []) {
    const from = resolve(leg.from);
    const to = resolve(leg.to);
    if (from && to) out.push({ from, to, leg });
  }
  return out;
}

/**
 * The part of a "from everywhere" request's path the map draws: the city →
 * entry → exec legs that actually travel (no data leg, no zero-length hop).
 */
export function everywhereEnds(v: SimView, regions: RegionInfo[]): LegEnds[] {
  return legEnds(v, regions).filter((e) => e.leg.to !== 'data' && e.leg.from !== e.leg.to);
}

/** The label of a "from everywhere" city: "Tokyo 24 ms" (its total simulated network time). */
export function everywhereLabel(row: EverywhereRow): string {
  if (!row.sim) return row.error ? `${row.city} failed` : row.city;
  return `${row.city} ${formatMs(row.sim.networkMs)}`;
}

/**
 * A speed class for a simulated network time, for colouring: 'fast' below
 * 50 ms, 'medium' below 150 ms, else 'slow'.
 */
export function latencyClass(ms: number): 'fast' | 'medium' | 'slow' {
  if (ms < 50) return 'fast';
  if (ms < 150) return 'medium';
  return 'slow';
}

/**
 * The regions a route can execute in, from its config.regions, mirroring
 * R-REGION-2 (../shared/SPEC.md): none given, or a list containing 'all' or
 * 'auto', means anywhere ('all'); 'home' stands for the home region; other
 * ids are kept as listed (duplicates dropped, order kept).
 */
export function servingSet(regions: string[] | undefined, home: string): string[] | 'all' {
  if (!regions || regions.length === 0) return 'all';
  if (regions.some((r) => r === 'all' || r === 'auto')) return 'all';
  const out: string[] = [];
  for (const r of regions) {
    const id = r === 'home' ? home : r;
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * The location string a click on the map picks: "LAT,LON" with two
 * decimals ("35.68,139.69"), longitude wrapped into [-180, 180] and no
 * "-0.00".
 */
export function formatPick(lon: number, lat: number): string {
  const wrapped = lon >= -180 && lon <= 180 ? lon : ((((lon + 180) % 360) + 360) % 360) - 180;
  const fixed = (n: number) => {
    const s = n.toFixed(2);
    return s === '-0.00' ? '0.00' : s;
  };
  return `${fixed(lat)},${fixed(wrapped)}`;
}

/** Where a point's label goes: beside it on the right or the left, or nowhere (it would cover another). */
export type LabelSide = 'right' | 'left' | null;

/** A label to place: its point in SVG pixels and its text. */
export interface LabelSpot {
  x: number;
  y: number;
  text: string;
}

/** The approximate box of a label of n characters at 10 px (width per character, height). */
const LABEL_CHAR_W = 5.8;
const LABEL_H = 11;
const LABEL_GAP = 5;

/**
 * Places labels beside their points without overlaps, greedily in order:
 * on the right if that box is free, else on the left, else none (the
 * point's tooltip still has it). Boxes are estimated from the text length.
 */
export function placeLabels(spots: LabelSpot[]): LabelSide[] {
  const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const overlaps = (b: { x0: number; y0: number; x1: number; y1: number }) =>
    placed.some((p) => b.x0 < p.x1 && p.x0 < b.x1 && b.y0 < p.y1 && p.y0 < b.y1);
  return spots.map(({ x, y, text }) => {
    const w = text.length * LABEL_CHAR_W;
    const y0 = y - LABEL_H / 2;
    const right = { x0: x + LABEL_GAP, y0, x1: x + LABEL_GAP + w, y1: y0 + LABEL_H };
    const left = { x0: x - LABEL_GAP - w, y0, x1: x - LABEL_GAP, y1: y0 + LABEL_H };
    for (const [side, box] of [['right', right], ['left', left]] as const) {
      if (!overlaps(box)) {
        placed.push(box);
        return side;
      }
    }
    return null;
  });
}
