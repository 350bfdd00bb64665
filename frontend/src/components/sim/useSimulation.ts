import { useCallback, useEffect, useRef, useState } from 'react';
import {
  api,
  errorText,
  onEvent,
  type CacheEventView,
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
  /** The running simulation's cache events, every region's, oldest first. */
  events: CacheEventView[];
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
  const [events, setEvents] = useState<CacheEventView[]>([]);
  const [error, setError] = useState('');
  const routeRef = useRef(route);
  routeRef.current = route;
  // Bumped by every reload (a control's new state starts one too): a reply
  // older than the latest is dropped (a reload started before "+20m" must
  // not put the clock back).
  const generation = useRef(0);

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
    const gen = ++generation.current;
    Promise.all([api.simulation(), api.simulatedExchanges(wanted, SIMULATED_LIMIT), api.cacheEvents()]).then(
      ([s, xs, evs]) => {
        if (gen !== generation.current || routeRef.current !== wanted) return;
        setSim(s);
        setExchanges(xs);
        setEvents(evs);
      },
      (err: unknown) => {
        if (gen === generation.current) setError(`Could not read the simulation: ${errorText(err)}`);
      },
    );
  }, []);

  const setLatestSim = useCallback(
    (s: SimState) => {
      setSim(s);
      // The reload drops any older reply still on its way, and brings the
      // events the control caused (a purge, an expiry by the clock).
      reload();
    },
    [reload],
  );

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

  return { sim, regions, places, exchanges, events, error, setSim: setLatestSim, setError, reload };
}
