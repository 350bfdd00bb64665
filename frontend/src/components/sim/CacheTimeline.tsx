// The CDN cache timeline (issue 8, SPEC R-CACHE-5/6): per cached object (a
// region's cache entry for one key) the requests, coloured by
// x-vercel-cache, over the fresh and stale windows of the stored copies, on
// the simulated clock.

import { useEffect, useMemo, useRef, useState, type CSSProperties, type JSX, type RefObject } from 'react';
import type { SimulatedExchange } from '../../api';
import { buildTimeline, CACHE_STATUSES, formatSimDateTime, parseSimTime, statusColorVar, timeTicks } from '../../lib/timeline';
import { TimelineLaneRow, timeScale } from './TimelineLane';
import './timeline.css';

/** Width of the lane label column in pixels. */
const LABEL_W = 220;
/** Height of the time axis in pixels. */
const AXIS_H = 22;
/** Minimum room per axis label in pixels. */
const TICK_ROOM = 84;

/** Props of CacheTimeline. */
export interface CacheTimelineProps {
  /** The recorded exchanges of the simulation, any order. */
  exchanges: SimulatedExchange[];
  /** The simulated clock now (RFC 3339). */
  now: string;
  /** Called with an exchange id when its marker is clicked. */
  onOpen?: (id: number) => void;
}

/** The width of an element, kept current with a ResizeObserver. */
function useWidth<T extends Element>(): [RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = (w: number) => setWidth(Math.max(Math.floor(w), 0));
    update(el.getBoundingClientRect().width);
    const ro = new ResizeObserver((entries) => {
      for (const e of entries) update(e.contentRect.width);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/**
 * The CDN cache timeline: one lane per cached object, newest activity
 * first, with a time axis (simulated clock, UTC), a "now" line, the fresh
 * (green) and stale (amber) windows of each stored copy and a marker per
 * request; clicking a marker opens its exchange.
 */
export function CacheTimeline({ exchanges, now, onOpen }: CacheTimelineProps): JSX.Element {
  const timeline = useMemo(() => buildTimeline(exchanges, now), [exchanges, now]);
  const [trackRef, width] = useWidth<HTMLDivElement>();
  const scale = timeScale(timeline.start, timeline.end, width);
  const ticks = width > 0 ? timeTicks(timeline.start, timeline.end, Math.max(Math.floor(width / TICK_ROOM), 2)) : [];
  const nowMs = parseSimTime(now);
  const empty = timeline.lanes.length === 0;

  return (
    <div className="tl" data-testid="cache-timeline" style={{ '--tl-label-w': `${LABEL_W}px` } as CSSProperties}>
      <div className="tl-head small">
        <Legend />
        <span className="spacer" />
        {timeline.hiddenLanes > 0 && (
          <span className="muted" data-testid="timeline-hidden">
            +{timeline.hiddenLanes} older cached object{timeline.hiddenLanes === 1 ? '' : 's'} not shown
          </span>
        )}
      </div>
      {empty && (
        <div className="empty muted" data-testid="timeline-empty">
          No cached requests yet. In Vercel mode, send a GET to a route that sets <code>Cache-Control: s-maxage=…</code> (for example{' '}
          <code>s-maxage=600, stale-while-revalidate=1200</code>), then send it again or advance the clock.
        </div>
      )}
      <div className="tl-body" hidden={empty}>
        <div className="tl-row">
          <div className="tl-label tl-axis-label small muted" title="The simulated clock of the CDN cache, in UTC">
            sim clock (UTC)
          </div>
          <div className="tl-track tl-axis" ref={trackRef}>
            {width > 0 && (
              <svg width={width} height={AXIS_H} aria-hidden="true">
                {ticks.map((t) => (
                  <g key={t.at} transform={`translate(${scale.x(t.at)},0)`}>
                    <line className="tl-tick" y1={AXIS_H - 5} y2={AXIS_H} />
                    <text className="tl-tick-label" y={AXIS_H - 8} textAnchor="middle">
                      {t.label}
                    </text>
                  </g>
                ))}
              </svg>
            )}
          </div>
        </div>
        {timeline.lanes.map((lane) => (
          <TimelineLaneRow key={`${lane.region}\u0000${lane.key}`} lane={lane} scale={scale} ticks={ticks} onOpen={onOpen} />
        ))}
        {width > 0 && Number.isFinite(nowMs) && (
          <div
            className="tl-now"
            data-testid="timeline-now"
            title={`Now: ${formatSimDateTime(nowMs)}`}
            style={{ left: LABEL_W + scale.x(nowMs), top: AXIS_H - 4 }}
          >
            <span className="tl-now-label">now</span>
          </div>
        )}
      </div>
    </div>
  );
}

/** The five statuses' colours and the two window bands. */
function Legend(): JSX.Element {
  return (
    <ul className="tl-legend" aria-label="Legend">
      {CACHE_STATUSES.map(({ status, meaning }) => (
        <li key={status} title={meaning}>
          <span className="tl-dot" style={{ background: statusColorVar(status) }} />
          {status}
        </li>
      ))}
      <li title="The stored copy is fresh (s-maxage): requests are a HIT">
        <span className="tl-swatch tl-swatch-fresh" />
        fresh
      </li>
      <li title="The copy is stale but servable (stale-while-revalidate): a STALE answer starts one background revalidation">
        <span className="tl-swatch tl-swatch-stale" />
        stale
      </li>
    </ul>
  );
}
