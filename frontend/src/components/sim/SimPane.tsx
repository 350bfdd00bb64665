import { useState } from 'react';
import { api, errorText, type AppState, type EverywhereRow, type RouteInfo, type SendRequest, type SimState } from '../../api';
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
}

/**
 * The Vercel simulation drawn (issue 8): the map of regions, client, data
 * source and each exchange's path, with "from everywhere"; and the CDN
 * cache timeline on the simulated clock. Both read the exchange records,
 * so they explain replayed and historical requests too.
 */
export function SimPane({ tab, state, onState, route, currentRequest }: Props) {
  const [allRoutes, setAllRoutes] = useState(false);
  const routeFilter = allRoutes ? '' : (route?.pattern ?? '');
  const simulation = useSimulation(`${state.vercel}\n${state.client}\n${state.serverURL}`, routeFilter);
  const { sim, regions, exchanges, error, setError } = simulation;
  const [selected, setSelected] = useState<number>();
  const [everywhere, setEverywhere] = useState<EverywhereRow[]>();
  const [firing, setFiring] = useState(false);
  const [pick, setPick] = useState<PickTarget>('client');

  const focus = exchanges.find((x) => x.id === selected) ?? exchanges[0];
  const serving = servingSet(route?.regions, sim?.home || 'iad1');

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
          onOpen={(id) => setSelected(id)}
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
      <CacheTimeline exchanges={simulation.exchanges} now={Number.isFinite(now) ? new Date(now).toISOString() : sim.clock} onOpen={onOpen} />
    </div>
  );
}
