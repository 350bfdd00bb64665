// The map's markers: Vercel's regions (serving ones bright, the home region
// ringed) and, when the simulation is on, the client and the data source.

import type { RegionInfo, SimState } from '../../api';
import { MapLabel } from './MapLabel';
import type { Project } from './MapView';

/** Props of MapRegions. */
export interface MapRegionsProps {
  regions: RegionInfo[];
  /** The serving region ids; null means every region serves. */
  serving: Set<string> | null;
  /** The home region's id ("" for none). */
  home: string;
  /** Region ids to label on the map; the rest show their id on hover. */
  labelled: Set<string>;
  project: Project;
  onPick?: (location: string) => void;
}

/** Every region as a dot; a click on one picks its id. */
export function MapRegions({ regions, serving, home, labelled, project, onPick }: MapRegionsProps) {
  return (
    <g className="map-regions">
      {regions.map((r) => {
        const p = project([r.lon, r.lat]);
        if (!p) return null;
        const on = serving === null || serving.has(r.id);
        const cls = `map-region ${on ? 'map-region-serving' : 'map-region-dim'}${r.id === home ? ' map-region-home' : ''}`;
        return (
          <g
            key={r.id}
            className={cls}
            data-testid="map-region"
            data-id={r.id}
            data-serving={on ? 'true' : 'false'}
            transform={`translate(${p[0]},${p[1]})`}
            onClick={
              onPick
                ? (e) => {
                    e.stopPropagation();
                    onPick(r.id);
                  }
                : undefined
            }
          >
            <title>{`${r.id} · ${r.city}${r.id === home ? ' (home)' : ''}${on ? '' : ' · not serving this route'}`}</title>
            <circle className="map-region-hit" r={7} />
            {r.id === home && <circle className="map-home-ring" r={6.5} />}
            <circle className="map-region-dot" r={on ? 3.5 : 2.5} />
            {labelled.has(r.id) && <MapLabel x={0} y={0} dx={6} dy={-5} text={r.id} className="map-region-label" />}
          </g>
        );
      })}
    </g>
  );
}

/** The simulated client (a haloed dot) and the data source (a square). */
export function MapPlaces({ sim, project }: { sim: SimState; project: Project }) {
  const client = project([sim.client.lon, sim.client.lat]);
  const data = sim.data.name ? project([sim.data.lon, sim.data.lat]) : null;
  const clientName = sim.client.name || `${sim.client.lat.toFixed(2)},${sim.client.lon.toFixed(2)}`;
  return (
    <g className="map-places">
      {data && (
        <g className="map-data" data-testid="map-data" transform={`translate(${data[0]},${data[1]})`}>
          <title>{`Data source: ${sim.data.name}`}</title>
          <rect className="map-data-mark" x={-3.5} y={-3.5} width={7} height={7} />
          <MapLabel x={0} y={0} dx={7} dy={12} text={`data · ${sim.data.name}`} className="map-data-label" />
        </g>
      )}
      {client && (
        <g className="map-client" data-testid="map-client" transform={`translate(${client[0]},${client[1]})`}>
          <title>{`Client: ${clientName}${sim.client.country ? `, ${sim.client.country}` : ''}`}</title>
          <circle className="map-client-halo" r={9} />
          <circle className="map-client-dot" r={4} />
          <MapLabel x={0} y={0} dx={-10} dy={-7} anchor="end" text={clientName} className="map-client-label" />
        </g>
      )}
    </g>
  );
}
