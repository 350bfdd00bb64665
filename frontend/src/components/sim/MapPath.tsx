// The selected exchange's simulated path on the map: great-circle arcs
// client → entry → exec → data, each labelled with its one-way time and
// distance, and the caption that sums the path up.

import { geoInterpolate } from 'd3-geo';
import type { RegionInfo, SimView } from '../../api';
import { formatLeg, legEnds, pathCaption } from '../../lib/geo';
import { MapLabel } from './MapLabel';
import type { DrawPath, Project } from './MapView';

/** Props of MapPath. */
export interface MapPathProps {
  focus: SimView;
  regions: RegionInfo[];
  draw: DrawPath;
  project: Project;
  /** The client's current place: a recorded path from elsewhere marks where it started. */
  liveClient: string;
}

/** Which leg of the path: into Vercel's network, between regions, or to the data source. */
function legKind(from: string, to: string): 'in' | 'hop' | 'data' {
  if (from === 'client') return 'in';
  if (to === 'data') return 'data';
  return 'hop';
}

/** Legs shorter than this on screen get their label beside the point instead of on the line. */
const SHORT_PX = 28;

/**
 * Where a short leg's label goes, clear of the other labels around a point:
 * region ids sit right-above a dot, the client's name left-above, the data
 * source's name right-below.
 */
const SHORT_PLACE: Record<'in' | 'hop' | 'data', { dx: number; dy: number; anchor: 'start' | 'middle' | 'end' }> = {
  in: { dx: -9, dy: 14, anchor: 'end' },
  hop: { dx: 0, dy: 14, anchor: 'middle' },
  data: { dx: 7, dy: 24, anchor: 'start' },
};
const ON_LINE = { dx: 0, dy: -5, anchor: 'middle' } as const;

/** The focus exchange's legs as arcs with labels at their midpoints (the entry → exec hop only when it exists). */
export function MapPath({ focus, regions, draw, project, liveClient }: MapPathProps) {
  const legs = legEnds(focus, regions).filter((e) => e.leg.from !== e.leg.to);
  const start = focus.client !== liveClient ? project([focus.clientLon, focus.clientLat]) : null;
  return (
    <g className="map-path" data-testid="map-path">
      {start && (
        <g className="map-path-start" data-testid="map-path-start">
          <title>{`This request came from ${focus.client} (the client is now at ${liveClient || 'no place: local mode'})`}</title>
          <circle cx={start[0]} cy={start[1]} r={4} />
          <MapLabel x={start[0]} y={start[1]} dx={-8} dy={-7} anchor="end" text={focus.client} className="map-path-start-label" />
        </g>
      )}
      {legs.map((e, i) => {
        const kind = legKind(e.leg.from, e.leg.to);
        const a = project(e.from);
        const b = project(e.to);
        const short = !a || !b || Math.hypot(a[0] - b[0], a[1] - b[1]) < SHORT_PX;
        const mid = project(geoInterpolate(e.from, e.to)(0.5));
        const text = formatLeg(e.leg);
        const place = short ? SHORT_PLACE[kind] : ON_LINE;
        return (
          <g
            key={`${i}:${e.leg.from}:${e.leg.to}`}
            className={`map-leg map-leg-${kind}`}
            data-testid="map-leg"
            data-from={e.leg.from}
            data-to={e.leg.to}
          >
            <title>{`${e.leg.from} → ${e.leg.to}: ${text}, one way`}</title>
            <path className="map-leg-line" d={draw({ type: 'LineString', coordinates: [e.from, e.to] })} />
            {mid && <MapLabel x={mid[0]} y={mid[1]} {...place} text={text} className="map-leg-label" />}
          </g>
        );
      })}
    </g>
  );
}

/** The corner caption: "Tokyo → hnd1 → iad1 → data: 184 ms there and back (HIT)" and a key to the arcs. */
export function MapCaption({ focus }: { focus: SimView }) {
  const kinds = new Set(focus.legs.filter((l) => l.from !== l.to).map((l) => legKind(l.from, l.to)));
  return (
    <div
      className="map-caption"
      title="Simulated with Edgeplay's own latency model (R-REGION-3): distance ÷ 200 km/ms × path factor + a per-hop cost. Arc labels are one way."
    >
      <div className="map-caption-text" data-testid="map-caption">
        {pathCaption(focus)}
      </div>
      <div className="map-legend">
        {kinds.has('in') && (
          <span>
            <i className="map-key map-key-in" /> client → entry
          </span>
        )}
        {kinds.has('hop') && (
          <span>
            <i className="map-key map-key-hop" /> entry → exec
          </span>
        )}
        {kinds.has('data') && (
          <span>
            <i className="map-key map-key-data" /> exec → data
          </span>
        )}
        <span className="map-legend-note">one way, simulated</span>
      </div>
    </div>
  );
}
