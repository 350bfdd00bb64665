// "From everywhere" on the map: the current request fired from many cities,
// each drawn as a thin arc city → entry → exec with its total simulated
// network time next to the city.

import type { EverywhereRow, RegionInfo, SimView } from '../../api';
import { everywhereEnds, everywhereLabel, latencyClass, placeLabels, type LabelSide } from '../../lib/geo';
import { MapLabel } from './MapLabel';
import type { DrawPath, Project } from './MapView';

/** Props of MapEverywhere. */
export interface MapEverywhereProps {
  /** The rows to draw; rows without a simulated path are skipped. */
  rows: EverywhereRow[];
  regions: RegionInfo[];
  draw: DrawPath;
  project: Project;
}

/** One city's request: its arcs, a dot at the city and "Tokyo 24 ms". */
function EverywhereLine({
  row,
  sim,
  side,
  regions,
  draw,
  project,
}: { row: EverywhereRow; sim: SimView; side: LabelSide } & Omit<MapEverywhereProps, 'rows'>) {
  const ends = everywhereEnds(sim, regions);
  const city = project([sim.clientLon, sim.clientLat]);
  const label = everywhereLabel(row);
  const cls = `map-everywhere-line map-speed-${latencyClass(sim.networkMs)}${row.error ? ' map-everywhere-error' : ''}`;
  return (
    <g className={cls} data-testid="map-everywhere-line" data-city={row.city}>
      <title>{`${label} there and back: ${[row.city, sim.entry, sim.exec !== sim.entry ? sim.exec : ''].filter(Boolean).join(' → ')}${row.error ? ` (${row.error})` : ''}`}</title>
      {ends.length > 0 && (
        <path className="map-everywhere-arc" d={draw({ type: 'MultiLineString', coordinates: ends.map((e) => [e.from, e.to]) })} />
      )}
      {city && (
        <>
          <circle className="map-everywhere-dot" cx={city[0]} cy={city[1]} r={2.5} />
          {side && (
            <MapLabel
              x={city[0]}
              y={city[1]}
              dx={side === 'right' ? 5 : -5}
              dy={3.5}
              anchor={side === 'right' ? 'start' : 'end'}
              text={label}
              className="map-everywhere-label"
            />
          )}
        </>
      )}
    </g>
  );
}

/** Every "from everywhere" row that has a simulated path. */
export function MapEverywhere({ rows, regions, draw, project }: MapEverywhereProps) {
  // Labels that would cover one another move left or go (their tooltips stay).
  const spots = rows.map((row) => {
    const p = row.sim ? project([row.sim.clientLon, row.sim.clientLat]) : null;
    return { x: p?.[0] ?? -1e6, y: p?.[1] ?? -1e6, text: everywhereLabel(row) };
  });
  const sides = placeLabels(spots);
  return (
    <g className="map-everywhere">
      {rows.map((row, i) =>
        row.sim ? (
          <EverywhereLine key={`${i}:${row.city}`} row={row} sim={row.sim} side={sides[i]} regions={regions} draw={draw} project={project} />
        ) : null,
      )}
    </g>
  );
}
