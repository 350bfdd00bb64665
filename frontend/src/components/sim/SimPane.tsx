import { useEffect, useRef, useState } from 'react';
import { api, errorText, type AppState, type EverywhereRow, type RouteInfo, type SendRequest, type SimState, type SimulatedExchange } from '../../api';
import { servingSet } from '../../lib/geo';
import { CacheTimeline } from './CacheTimeline';
import { ClockControls, useSimNow } from './ClockControls';
import { MapView } from './MapView';
import { MapToolbar, type PickTarget } from './MapToolbar';
import { SimSidebar } from './SimSidebar';
import { useSimulation, type Simulation } from './useSimulation';
import './sim.css';

export type SimTab = 'map' | 'cache';

interface Props {
  tab: SimTab;
  state: AppState;
  onState: (s: AppState) => void;
  route: RouteInfo | undefined;
  /** The request the request pane would send now (for "from everywhere"). */
  currentRequest: () => SendRequest;
  /** Every route: the drawn exchange's route decides the serving regions. */
  routes: RouteInfo[];
  /** A recorded exchange to draw, asked for from the history (seq changes each time). */
  focusRequest?: { id: number; seq: number };
  /** focusRequest was drawn: the caller forgets it. */
  onFocusDone: () => void;
  /** Draws a recorded exchange on the map (a click on a timeline marker). */
  onShowOnMap: (id: number) => void;
}

/**
 * The Vercel simulation drawn (issue 8): the map of regions, client, data
 * source and each exchange's path, with "from everywhere"; and the CDN
 * cache timeline on the simulated clock. Both read the exchange records,
 * so they explain replayed and historical requests too.
 */
export function SimPane({ tab, state, onState, route, routes, currentRequest, focusRequest, onFocusDone, onShowOnMap }: Props) {
  const [allRoutes, setAllRoutes] = useState(false);
  const routeFilter = allRoutes ? '' : (route?.pattern ?? '');
  const simulation = useSimulation(`${state.vercel}\n${state.client}\n${state.serverURL}`, routeFilter);
  const { sim, regions, exchanges, error, setError } = simulation;
  const [selected, setSelected] = useState<number>();
  const [everywhere, setEverywhere] = useState<EverywhereRow[]>();
  const [firing, setFiring] = useState(false);
  const [pick, setPick] = useState<PickTarget>('client');

  const pinned = usePinnedExchange(
    focusRequest,
    (id) => {
      setEverywhere(undefined);
      setSelected(id);
      onFocusDone();
    },
    setError,
  );
  const focus = exchanges.find((x) => x.id === selected) ?? (pinned?.id === selected ? pinned : undefined) ?? exchanges[0];
  // The serving regions of the drawn exchange's route (R-REGION-2), else the selected route's.
  const servingRoute = (focus && routes.find((r) => r.pattern === focus.route)) ?? route;
  const serving = servingSet(servingRoute?.regions, sim?.home || 'iad1');

  const onPick = async (location: string) => {
    try {
      if (pick === 'client') {
        onState(await api.setClientLocation(location));
      } else {
        simulation.setSim(await api.setDataLocation(location));
      }
      setError('');
    } catch (err) {
      setError(`Could not move the ${pick === 'client' ? 'client' : 'data source'} to ${location}: ${errorText(err)}`);
    }
  };

  const fireEverywhere = async () => {
    setFiring(true);
    setError('');
    try {
      setEverywhere(await api.fromEverywhere(currentRequest()));
    } catch (err) {
      setError(`Could not fire the request from everywhere: ${errorText(err)}`);
    } finally {
      setFiring(false);
    }
  };

  return (
    <section className="sim-pane" data-testid={`sim-${tab}`}>
      {error && (
        <div className="banner error small" role="alert" data-testid="sim-error">
          {error}
        </div>
      )}
      {tab === 'map' && (
        <>
          <MapToolbar
            sim={sim}
            simulation={simulation}
            onState={onState}
            pick={pick}
            onPick={setPick}
            firing={firing}
            onEverywhere={() => void fireEverywhere()}
            route={route}
          />
          <div className="sim-map-body">
            {sim ? (
              <MapView
                regions={regions}
                sim={sim}
                serving={serving}
                focus={everywhere ? undefined : focus?.sim}
                everywhere={everywhere}
                onPick={sim.on ? (loc) => void onPick(loc) : undefined}
                pickHint={sim.on ? `Click the map to move the ${pick === 'client' ? 'client' : 'data source'}` : undefined}
              />
            ) : (
              <div className="empty muted">Loading the map…</div>
            )}
            <SimSidebar
              exchanges={exchanges}
              focus={focus}
              onSelect={(id) => {
                setEverywhere(undefined);
                setSelected(id);
              }}
              everywhere={everywhere}
              onCloseEverywhere={() => setEverywhere(undefined)}
              allRoutes={allRoutes}
              onAllRoutes={setAllRoutes}
            />
          </div>
        </>
      )}
      {tab === 'cache' && sim && (
        <CacheTab
          sim={sim}
          route={route}
          simulation={simulation}
          allRoutes={allRoutes}
          onAllRoutes={setAllRoutes}
          onOpen={onShowOnMap}
        />
      )}
    </section>
  );
}

interface CacheTabProps {
  sim: SimState;
  route: RouteInfo | undefined;
  simulation: Simulation;
  allRoutes: boolean;
  onAllRoutes: (all: boolean) => void;
  onOpen: (id: number) => void;
}

/** The clock controls and the cache timeline, its "now" ticking with the simulated clock. */
function CacheTab({ sim, route, simulation, allRoutes, onAllRoutes, onOpen }: CacheTabProps) {
  const now = useSimNow(sim);
  return (
    <div className="sim-cache-body">
      <ClockControls sim={sim} route={route?.pattern} onSim={simulation.setSim} onPurged={simulation.reload} onError={simulation.setError} />
      <label className="sim-scope small muted">
        <input type="checkbox" checked={allRoutes} onChange={(e) => onAllRoutes(e.target.checked)} data-testid="sim-all-routes" /> all routes
      </label>
      <CacheTimeline
        exchanges={simulation.exchanges}
        events={sim.on ? simulation.events : []}
        run={sim.on ? sim.run : undefined}
        now={Number.isFinite(now) ? new Date(now).toISOString() : sim.clock}
        onOpen={onOpen}
      />
    </div>
  );
}

/**
 * The exchange the history asked to draw, read from the record (it may be
 * of another route, or older than the loaded ones); onPinned selects it.
 */
function usePinnedExchange(
  request: { id: number; seq: number } | undefined,
  onPinned: (id: number) => void,
  onError: (message: string) => void,
): SimulatedExchange | undefined {
  const [pinned, setPinned] = useState<SimulatedExchange>();
  const callbacks = useRef({ onPinned, onError });
  callbacks.current = { onPinned, onError };
  useEffect(() => {
    if (!request) return;
    let live = true;
    api.exchange(request.id).then(
      (d) => {
        if (!live) return;
        if (!d.sim) {
          callbacks.current.onError(`Exchange #${d.id} was recorded in local mode: it has no simulated path to draw.`);
          return;
        }
        setPinned({ id: d.id, start: d.start, method: d.method, url: d.url, route: d.route, status: d.status, sim: d.sim });
        callbacks.current.onPinned(d.id);
      },
      (err: unknown) => live && callbacks.current.onError(`Could not read exchange #${request.id}: ${errorText(err)}`),
    );
    return () => {
      live = false;
    };
  }, [request]);
  return pinned;
}
