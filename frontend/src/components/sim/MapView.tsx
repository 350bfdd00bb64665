// The Vercel simulation's offline world map (issue 8): regions, the client
// and the data source, the selected exchange's path and the "from
// everywhere" results, drawn in SVG over Natural Earth's 1:110m land
// (bundled by Vite from world-atlas, so it needs no network).

import { useEffect, useMemo, useRef, useState, type JSX, type MouseEvent, type RefObject } from 'react';
import { geoEqualEarth, geoGraticule10, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import landTopology from 'world-atlas/land-110m.json';
import type { EverywhereRow, RegionInfo, SimState, SimView } from '../../api';
import { formatPick, type LonLat } from '../../lib/geo';
import { MapEverywhere } from './MapEverywhere';
import { MapPlaces, MapRegions } from './MapMarkers';
import { MapCaption, MapPath } from './MapPath';
import './map.css';

/** Props of MapView. */
export interface MapViewProps {
  regions: RegionInfo[];
  sim: SimState; // client and data markers, home region
  /** The selected route's serving regions: region ids, or 'all' (config.regions empty/"all"/"auto"). 'home' is already resolved by the caller. */
  serving: string[] | 'all';
  /** The exchange whose path to draw (client → entry → exec → data), with each leg's one-way latency. */
  focus?: SimView;
  /** "From everywhere" results: each city's request drawn city → entry → exec, labelled with its total simulated ms. */
  everywhere?: EverywhereRow[];
  /** A click on the map: "LAT,LON" (2 decimals) or a region id when a region dot is clicked. */
  onPick?: (location: string) => void;
  /** What a click does, shown in a corner when onPick is set (default "Click the map to pick a location"). */
  pickHint?: string;
}

/** Projects [lon, lat] to SVG pixels; null when the point is clipped away. */
export type Project = (p: LonLat) => [number, number] | null;

/** The SVG path of a GeoJSON object (a LineString gives its great-circle arc); "" when nothing shows. */
export type DrawPath = (o: GeoPermissibleObjects) => string;

// The land is converted from TopoJSON once, when the module loads (~55 KB).
const topology = landTopology as unknown as Topology<{ land: GeometryCollection }>;
const land = feature(topology, topology.objects.land);
const graticule = geoGraticule10();
const sphere: GeoPermissibleObjects = { type: 'Sphere' };

/** Labels of serving regions are shown when there are at most this many; otherwise only on hover. */
const MAX_LABELLED = 6;
const MARGIN = 6;

/** The size of an element's content box, kept current with a ResizeObserver. */
function useSize<T extends Element>(): [RefObject<T | null>, { width: number; height: number }] {
  const ref = useRef<T | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = (width: number, height: number) => {
      const w = Math.floor(width);
      const h = Math.floor(height);
      setSize((s) => (s.width === w && s.height === h ? s : { width: w, height: h }));
    };
    const rect = el.getBoundingClientRect();
    update(rect.width, rect.height);
    const ro = new ResizeObserver((entries) => {
      for (const e of entries) update(e.contentRect.width, e.contentRect.height);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size];
}

/**
 * The world map of the Vercel simulation. It fills its container (give the
 * container a height) and redraws when that is resized.
 */
export function MapView(props: MapViewProps): JSX.Element {
  const { regions, sim, serving, focus, everywhere, onPick, pickHint } = props;
  const [boxRef, { width, height }] = useSize<HTMLDivElement>();

  const geo = useMemo(() => {
    if (width <= 2 * MARGIN || height <= 2 * MARGIN) return null;
    const projection = geoEqualEarth().fitExtent(
      [
        [MARGIN, MARGIN],
        [width - MARGIN, height - MARGIN],
      ],
      sphere,
    );
    const gen = geoPath(projection);
    const draw: DrawPath = (o) => gen(o) ?? '';
    const project: Project = (p) => projection(p);
    return { projection, draw, project, sphere: draw(sphere), graticule: draw(graticule), land: draw(land) };
  }, [width, height]);

  const servingIds = useMemo(() => (serving === 'all' ? null : new Set(serving)), [serving]);
  const labelled = useMemo(() => {
    const ids = new Set<string>();
    if (servingIds && servingIds.size <= MAX_LABELLED) servingIds.forEach((id) => ids.add(id));
    if (focus) {
      ids.add(focus.entry);
      ids.add(focus.exec);
    }
    return ids;
  }, [servingIds, focus]);

  const pick = (e: MouseEvent<SVGSVGElement>) => {
    if (!onPick || !geo?.projection.invert) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const p: [number, number] = [e.clientX - rect.left, e.clientY - rect.top];
    const ll = geo.projection.invert(p);
    if (!ll || !Number.isFinite(ll[0]) || !Number.isFinite(ll[1])) return;
    if (Math.abs(ll[1]) > 90 || Math.abs(ll[0]) > 180) return;
    // Outside the sphere the inverse still answers; projecting back shows it.
    const back = geo.projection(ll);
    if (!back || Math.hypot(back[0] - p[0], back[1] - p[1]) > 1) return;
    onPick(formatPick(ll[0], ll[1]));
  };

  const rows = everywhere?.filter((r) => r.sim) ?? [];
  return (
    <div ref={boxRef} className={`map-view${onPick ? ' map-pickable' : ''}`} data-testid="map">
      {geo && (
        <svg
          className="map-svg"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label="World map of the simulated request"
          onClick={pick}
        >
          <path className="map-sphere" d={geo.sphere} />
          <path className="map-graticule" d={geo.graticule} />
          <path className="map-land" d={geo.land} />
          <path className="map-sphere-outline" d={geo.sphere} />
          {rows.length > 0 && <MapEverywhere rows={rows} regions={regions} draw={geo.draw} project={geo.project} />}
          {focus && <MapPath focus={focus} regions={regions} draw={geo.draw} project={geo.project} liveClient={sim.on ? sim.client.name : ''} />}
          <MapRegions
            regions={regions}
            serving={servingIds}
            home={sim.on ? sim.home : ''}
            labelled={labelled}
            project={geo.project}
            onPick={onPick}
          />
          {sim.on && <MapPlaces sim={sim} project={geo.project} />}
        </svg>
      )}
      {focus && <MapCaption focus={focus} />}
      {onPick && <div className="map-hint">{pickHint ?? 'Click the map to pick a location'}</div>}
    </div>
  );
}
