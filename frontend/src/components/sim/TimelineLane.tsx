// One lane of the CDN cache timeline (issue 8, R-CACHE-5/6): a cached
// object's label, the fresh and stale windows of its stored copies and a
// marker per request, drawn in SVG on the simulated clock.

import type { JSX, KeyboardEvent } from 'react';
import {
  formatDuration,
  formatSimTime,
  markerTitle,
  statusColorVar,
  urlPath,
  varyPart,
  type TimeTick,
  type TimelineLane as Lane,
  type TimelineWindow,
} from '../../lib/timeline';

/** Height of a lane's track in pixels. */
export const LANE_HEIGHT = 26;
/** Radius of a request marker; the scale keeps it inside the track. */
export const MARKER_R = 5;

/** Maps a simulated time to x in a track of the given width. */
export interface TimeScale {
  x: (at: number) => number;
  width: number;
}

/** The scale of [start, end] onto a track width pixels wide, inset by the marker radius. */
export function timeScale(start: number, end: number, width: number): TimeScale {
  const span = Math.max(end - start, 1);
  const inner = Math.max(width - 2 * MARKER_R, 1);
  return { width, x: (at) => MARKER_R + ((at - start) / span) * inner };
}

/** Props of TimelineLaneRow. */
export interface TimelineLaneRowProps {
  lane: Lane;
  scale: TimeScale;
  ticks: TimeTick[];
  onOpen?: (id: number) => void;
}

/** A lane: its label and its track. */
export function TimelineLaneRow({ lane, scale, ticks, onOpen }: TimelineLaneRowProps): JSX.Element {
  const vary = varyPart(lane.key);
  const mid = LANE_HEIGHT / 2;
  const xs = markerXs(lane.markers.map((m) => scale.x(m.at)));
  return (
    <div className="tl-row tl-lane" data-testid="timeline-lane" data-key={lane.key} data-region={lane.region}>
      <div className="tl-label" title={`${lane.region} cache · route ${lane.route}\n${lane.key}`}>
        <span className="tl-region">{lane.region}</span>
        <span className="tl-path ellipsis">{urlPath(lane.url)}</span>
        {vary && <span className="tl-vary ellipsis">{vary}</span>}
      </div>
      <div className="tl-track">
        {scale.width > 0 && (
          <svg width={scale.width} height={LANE_HEIGHT} role="group" aria-label={`Requests for ${lane.key} in ${lane.region}`}>
            {ticks.map((t) => (
              <line key={t.at} className="tl-grid" x1={scale.x(t.at)} x2={scale.x(t.at)} y1={0} y2={LANE_HEIGHT} />
            ))}
            <line className="tl-baseline" x1={0} x2={scale.width} y1={mid} y2={mid} />
            {lane.windows.map((w, i) => (
              <WindowBands key={w.storedAt} w={w} replacedAt={lane.windows[i + 1]?.storedAt} scale={scale} />
            ))}
            {lane.markers.map((m, i) => {
              const title = markerTitle(m);
              const open = onOpen ? () => onOpen(m.id) : undefined;
              const onKey = (e: KeyboardEvent) => {
                if (open && (e.key === 'Enter' || e.key === ' ')) {
                  e.preventDefault();
                  open();
                }
              };
              return (
                <circle
                  key={m.id}
                  className={open ? 'tl-marker clickable' : 'tl-marker'}
                  data-testid="timeline-marker"
                  data-status={m.status}
                  data-id={m.id}
                  cx={xs[i]}
                  cy={mid}
                  r={MARKER_R}
                  style={{ fill: statusColorVar(m.status) }}
                  role={open ? 'button' : undefined}
                  tabIndex={open ? 0 : undefined}
                  aria-label={title}
                  onClick={open}
                  onKeyDown={open ? onKey : undefined}
                >
                  <title>{title}</title>
                </circle>
              );
            })}
          </svg>
        )}
      </div>
    </div>
  );
}

/**
 * Where to draw markers whose true positions are xs (ascending): requests
 * at the same simulated instant (a paused clock) would hide each other, so
 * each marker sits at least a marker's width after the one before; the
 * tooltip keeps the true time.
 */
export function markerXs(xs: number[]): number[] {
  const out: number[] = [];
  for (const x of xs) {
    const prev = out.at(-1);
    out.push(prev !== undefined && x < prev + 2 * MARKER_R - 1 ? prev + 2 * MARKER_R - 1 : x);
  }
  return out;
}

const BAND_Y = 6;
const BAND_H = LANE_HEIGHT - 2 * BAND_Y;

/**
 * The fresh (green) and stale (amber) bands of one stored copy. A copy is
 * drawn only until the next copy of the same key replaced it; the title
 * still gives its full lifetime.
 */
function WindowBands({ w, replacedAt, scale }: { w: TimelineWindow; replacedAt: number | undefined; scale: TimeScale }): JSX.Element {
  const limit = replacedAt ?? Number.POSITIVE_INFINITY;
  const clampX = (at: number) => Math.min(Math.max(scale.x(Math.min(at, limit)), 0), scale.width);
  const band = (from: number, to: number) => {
    const x1 = clampX(from);
    return { x: x1, width: Math.max(clampX(to) - x1, 0) };
  };
  const lifetime =
    `Copy stored at ${formatSimTime(w.storedAt)} UTC · fresh ${formatDuration(w.freshUntil - w.storedAt)} until ${formatSimTime(w.freshUntil)}` +
    (w.staleUntil > w.freshUntil ? ` · stale-while-revalidate ${formatDuration(w.staleUntil - w.freshUntil)} until ${formatSimTime(w.staleUntil)}` : '') +
    (replacedAt !== undefined && replacedAt < w.staleUntil ? ` · replaced by a new copy at ${formatSimTime(replacedAt)}` : '');
  return (
    <g data-stored-at={new Date(w.storedAt).toISOString()}>
      <rect className="tl-fresh" data-testid="timeline-fresh" y={BAND_Y} height={BAND_H} rx={3} {...band(w.storedAt, w.freshUntil)}>
        <title>{lifetime}</title>
      </rect>
      {w.staleUntil > w.freshUntil && (
        <rect className="tl-stale" data-testid="timeline-stale" y={BAND_Y} height={BAND_H} rx={3} {...band(w.freshUntil, w.staleUntil)}>
          <title>{lifetime}</title>
        </rect>
      )}
    </g>
  );
}
