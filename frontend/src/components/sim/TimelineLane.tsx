// One lane of the CDN cache timeline (issue 8, R-CACHE-5/6): a cached
// object's label, the fresh and stale windows of its stored copies, the
// cache's events between requests and a marker per request, drawn in SVG on
// the simulated clock.

import type { JSX, KeyboardEvent } from 'react';
import {
  eventTitle,
  markerTitle,
  statusColorVar,
  urlPath,
  varyPart,
  windowTitle,
  type TimeTick,
  type TimelineEventKind,
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
  /** Name the lane's run in its title (the timeline mixes runs). */
  showRun?: boolean;
  onOpen?: (id: number) => void;
}

/** A lane: its label and its track. */
export function TimelineLaneRow({ lane, scale, ticks, showRun, onOpen }: TimelineLaneRowProps): JSX.Element {
  const vary = varyPart(lane.key);
  const mid = LANE_HEIGHT / 2;
  const xs = markerXs(lane.markers.map((m) => scale.x(m.at)));
  return (
    <div className="tl-row tl-lane" data-testid="timeline-lane" data-key={lane.key} data-region={lane.region} data-run={lane.run}>
      <div className="tl-label" title={`${lane.region} cache · route ${lane.route}${showRun ? ` · run ${lane.run || '(none)'}` : ''}\n${lane.key}`}>
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
            {lane.windows.map((w) => (
              <WindowBands key={w.storedAt} w={w} scale={scale} />
            ))}
            {lane.events.map((e, i) => (
              <g
                key={`${e.at}-${i}`}
                className="tl-event"
                data-testid="timeline-event"
                data-kind={e.kind}
                transform={`translate(${scale.x(e.at)},${EVENT_Y})`}
              >
                <title>{eventTitle(e)}</title>
                <rect className="tl-event-hit" x={-5} y={-6} width={10} height={12} />
                <EventGlyph kind={e.kind} />
              </g>
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
/** Where event glyphs sit: the lane's lower edge, under the markers. */
const EVENT_Y = LANE_HEIGHT - 5;

/**
 * The fresh (green) and stale (amber) bands of one stored copy, drawn until
 * the copy ended (cut: replaced, purged, evicted or expired); the title
 * still gives its full lifetime. A window inferred from an event has a
 * dashed outline.
 */
function WindowBands({ w, scale }: { w: TimelineWindow; scale: TimeScale }): JSX.Element {
  const limit = w.cut?.at ?? Number.POSITIVE_INFINITY;
  const clampX = (at: number) => Math.min(Math.max(scale.x(Math.min(at, limit)), 0), scale.width);
  const band = (from: number, to: number) => {
    const x1 = clampX(from);
    return { x: x1, width: Math.max(clampX(to) - x1, 0) };
  };
  const title = windowTitle(w);
  const cls = w.inferred ? ' tl-inferred' : '';
  return (
    <g data-stored-at={new Date(w.storedAt).toISOString()} data-inferred={w.inferred ? 'true' : undefined}>
      <rect className={`tl-fresh${cls}`} data-testid="timeline-fresh" y={BAND_Y} height={BAND_H} rx={3} {...band(w.storedAt, w.freshUntil)}>
        <title>{title}</title>
      </rect>
      {w.staleUntil > w.freshUntil && (
        <rect className={`tl-stale${cls}`} data-testid="timeline-stale" y={BAND_Y} height={BAND_H} rx={3} {...band(w.freshUntil, w.staleUntil)}>
          <title>{title}</title>
        </rect>
      )}
    </g>
  );
}

/**
 * The glyph of a lane event, centred on (0, 0): purged a cross, evicted a
 * down-triangle, expired a short bar, revalidation-failed a red tick, a copy
 * of unknown lifetime (stored, revalidated) a hollow up-triangle.
 */
export function EventGlyph({ kind }: { kind: TimelineEventKind }): JSX.Element {
  switch (kind) {
    case 'purged':
      return <path className="tl-glyph tl-glyph-purged" d="M-3.5,-3.5L3.5,3.5M-3.5,3.5L3.5,-3.5" />;
    case 'evicted':
      return <path className="tl-glyph tl-glyph-evicted" d="M-4,-3.5H4L0,3.5Z" />;
    case 'expired':
      return <rect className="tl-glyph tl-glyph-expired" x={-4} y={-1.25} width={8} height={2.5} />;
    case 'revalidation-failed':
      return <path className="tl-glyph tl-glyph-failed" d="M0,-5V5" />;
    default:
      return <path className="tl-glyph tl-glyph-stored" d="M-3.5,3H3.5L0,-3.5Z" />;
  }
}
