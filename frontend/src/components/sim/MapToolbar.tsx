import { useState } from 'react';
import { api, errorText, type AppState, type RouteInfo, type SimState } from '../../api';
import { servingSet } from '../../lib/geo';
import { LocationInput } from './LocationInput';
import type { Simulation } from './useSimulation';

/** What a click on the map moves. */
export type PickTarget = 'client' | 'data';

interface Props {
  sim: SimState | undefined;
  simulation: Simulation;
  onState: (s: AppState) => void;
  pick: PickTarget;
  onPick: (p: PickTarget) => void;
  firing: boolean;
  onEverywhere: () => void;
  route: RouteInfo | undefined;
}

/**
 * The map's controls: where the client and the data source are, what a
 * click moves, whether the distance is felt, and "from everywhere".
 */
export function MapToolbar({ sim, simulation, onState, pick, onPick, firing, onEverywhere, route }: Props) {
  const [busy, setBusy] = useState(false);
  /** Runs a change; an error goes to the banner and is reported as false. */
  const run = async (what: string, fn: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    try {
      await fn();
      simulation.setError('');
      return true;
    } catch (err) {
      simulation.setError(`Could not ${what}: ${errorText(err)}`);
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (!sim?.on) {
    return (
      <div className="sim-toolbar" data-testid="sim-toolbar">
        <span className="muted small">
          Local mode (as <code>next start</code>): requests are not placed in regions. Switch the top bar to <b>Vercel</b> to see where
          each request enters, runs and fetches data.
        </span>
        {route && <span className="small muted sim-serving">Serving regions of {route.pattern}: {servingText(route)}</span>}
      </div>
    );
  }
  const move = async (what: string, fn: () => Promise<void>) => {
    if (!(await run(what, fn))) throw new Error(`could not ${what}`);
  };
  return (
    <div className="sim-toolbar" data-testid="sim-toolbar">
      <LocationInput
        label="Client"
        current={sim.client.name}
        options={simulation.places.map((p) => ({ value: p.name, label: `${p.name} (${p.country})` }))}
        disabled={busy}
        testId="map-client-input"
        onMove={(loc) => move('move the client', async () => onState(await api.setClientLocation(loc)))}
      />
      <LocationInput
        label="Data"
        current={sim.data.name}
        options={simulation.regions.map((r) => ({ value: r.id, label: `${r.id} · ${r.city}` }))}
        disabled={busy}
        testId="map-data-input"
        onMove={(loc) => move('move the data source', async () => simulation.setSim(await api.setDataLocation(loc)))}
      />
      <div className="segmented small" role="group" aria-label="What a click on the map moves">
        <button className={pick === 'client' ? 'on' : ''} aria-pressed={pick === 'client'} onClick={() => onPick('client')}>
          click moves client
        </button>
        <button className={pick === 'data' ? 'on' : ''} aria-pressed={pick === 'data'} onClick={() => onPick('data')} data-testid="map-pick-data">
          data
        </button>
      </div>
      <label className="small" title="Apply the simulated network time as real delay">
        <input
          type="checkbox"
          checked={sim.feel}
          disabled={busy}
          data-testid="map-feel"
          onChange={(e) => void run('change feel-the-distance', async () => simulation.setSim(await api.setFeelDistance(e.target.checked)))}
        />{' '}
        feel the distance
      </label>
      <div className="spacer" />
      <button
        className="small"
        disabled={firing || !route}
        onClick={onEverywhere}
        data-testid="map-everywhere"
        title="Send the request of the request pane once from each of a dozen cities; each is served and recorded"
      >
        {firing ? 'Firing…' : 'From everywhere'}
      </button>
    </div>
  );
}

/** The route's config.regions as a sentence (R-REGION-2, read by servingSet). */
function servingText(route: RouteInfo): string {
  const serving = servingSet(route.regions, 'home');
  return serving === 'all' ? 'all (the region nearest each client)' : serving.join(', ');
}
