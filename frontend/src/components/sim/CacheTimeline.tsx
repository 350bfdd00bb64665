// The CDN cache timeline (issue 8, SPEC R-CACHE-5/6): per cached object (a
// region's cache entry for one key) the requests, coloured by
// x-vercel-cache, over the fresh and stale windows of the stored copies,
// with the cache's own events between requests (purge, eviction, expiry,
// failed revalidation), on the simulated clock of one run.

import { useEffect, useMemo, useRef, useState, type CSSProperties, type JSX, type RefObject } from 'react';
import type { CacheEventView, SimulatedExchange } from '../../api';
import { buildTimeline, CACHE_EVENT_KINDS, CACHE_STATUSES, formatSimDateTime, parseSimTime, statusColorVar, timeTicks } from '../../lib/timeline';
import { EventGlyph, TimelineLaneRow, timeScale } from './TimelineLane';
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
  /** The current run's cache events, oldest first (api.cacheEvents()). */
  events?: CacheEventView[];
  /** Only this run's exchanges (SimState.run); undefined shows every run, in lanes of their own. */
  run?: string;
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

const NO_EVENTS: CacheEventView[] = [];

/**
 * The CDN cache timeline: one lane per cached object, newest activity
 * first, with a time axis (simulated clock, UTC), a "now" line, the fresh
 * (green) and stale (amber) windows of each stored copy, a glyph per cache
 * event and a marker per request; clicking a marker opens its exchange.
 */
export function CacheTimeline({ exchanges, now, events = NO_EVENTS, run, onOpen }: CacheTimelineProps): JSX.Element {
  const timeline = useMemo(() => buildTimeline(exchanges, now, events, { run }), [exchanges, now, events, run]);
  const showRun = timeline.runs.length > 1;
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
          <TimelineLaneRow
            key={`${lane.run}\u0000${lane.region}\u0000${lane.key}`}
            lane={lane}
            scale={scale}
            ticks={ticks}
            showRun={showRun}
            onOpen={onOpen}
          />
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

/** The five statuses' colours, the window bands and the event glyphs. */
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
      <li title="Stored by a background revalidation no request reported: its lifetime is assumed from the previous copy">
        <span className="tl-swatch tl-swatch-inferred" />
        assumed
      </li>
      {CACHE_EVENT_KINDS.map(({ kind, label, meaning }) => (
        <li key={kind} title={meaning}>
          <svg className="tl-legend-glyph" width={12} height={12} viewBox="-6 -6 12 12" aria-hidden="true">
            <EventGlyph kind={kind} />
          </svg>
          {label}
        </li>
      ))}
    </ul>
  );
}
