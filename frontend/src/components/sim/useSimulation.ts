import { useCallback, useEffect, useRef, useState } from 'react';
import {
  api,
  errorText,
  onEvent,
  type PlaceInfo,
  type RegionInfo,
  type SimState,
  type SimulatedExchange,
} from '../../api';

/** How many recorded exchanges the map and the timeline read. */
const SIMULATED_LIMIT = 300;
/** Coalesces the reloads that a burst of new records triggers. */
const RELOAD_DELAY_MS = 150;

/** What the map and the cache timeline are drawn from. */
export interface Simulation {
  sim: SimState | undefined;
  regions: RegionInfo[];
  places: PlaceInfo[];
  /** The newest simulated exchanges (of `route`, or all), newest first. */
  exchanges: SimulatedExchange[];
  error: string;
  setSim: (s: SimState) => void;
  setError: (message: string) => void;
  /** Reads the state and the records again. */
  reload: () => void;
}

/**
 * The Vercel simulation's state and its recorded exchanges, kept fresh:
 * reloaded when the mode or client changes (`stateKey`), when the route
 * filter changes, and shortly after each new record ('history:added').
 */
export function useSimulation(stateKey: string, route: string): Simulation {
  const [sim, setSim] = useState<SimState>();
  const [regions, setRegions] = useState<RegionInfo[]>([]);
  const [places, setPlaces] = useState<PlaceInfo[]>([]);
  const [exchanges, setExchanges] = useState<SimulatedExchange[]>([]);
  const [error, setError] = useState('');
  const routeRef = useRef(route);
  routeRef.current = route;

  useEffect(() => {
    Promise.all([api.regions(), api.places()]).then(
      ([r, p]) => {
        setRegions(r);
        setPlaces(p);
      },
      (err: unknown) => setError(`Could not list the regions: ${errorText(err)}`),
    );
  }, []);

  const reload = useCallback(() => {
    const wanted = routeRef.current;
    Promise.all([api.simulation(), api.simulatedExchanges(wanted, SIMULATED_LIMIT)]).then(
      ([s, xs]) => {
        setSim(s);
        if (routeRef.current === wanted) setExchanges(xs);
      },
      (err: unknown) => setError(`Could not read the simulation: ${errorText(err)}`),
    );
  }, []);

  useEffect(reload, [reload, stateKey, route]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onEvent('history:added', () => {
      clearTimeout(timer);
      timer = setTimeout(reload, RELOAD_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [reload]);

  return { sim, regions, places, exchanges, error, setSim, setError, reload };
}
