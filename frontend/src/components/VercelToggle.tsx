import { useEffect, useState } from 'react';
import { api, errorText, type AppState, type PlaceInfo } from '../api';

interface Props {
  state: AppState;
  onState: (s: AppState) => void;
  onError: (message: string) => void;
}

/**
 * The Vercel platform simulation switch (issue 8) and, when it is on, the
 * simulated client location. The mode is always visible in the top bar.
 */
export function VercelToggle({ state, onState, onError }: Props) {
  const [busy, setBusy] = useState(false);
  const [places, setPlaces] = useState<PlaceInfo[]>([]);

  useEffect(() => {
    if (!state.vercel || places.length > 0) return;
    api.places().then(setPlaces, (err: unknown) => onError(`Could not list the client locations: ${errorText(err)}`));
  }, [state.vercel, places.length, onError]);

  const run = async (fn: () => Promise<AppState>, what: string) => {
    setBusy(true);
    try {
      onState(await fn());
    } catch (err) {
      onError(`Could not ${what}: ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="vercel-toggle">
      <button
        className={state.vercel ? 'badge mode-vercel on' : 'badge subtle'}
        data-testid="vercel-toggle"
        aria-pressed={state.vercel}
        disabled={busy}
        onClick={() => void run(() => api.setVercelMode(!state.vercel), state.vercel ? 'turn the Vercel simulation off' : 'turn the Vercel simulation on')}
        title={
          state.vercel
            ? 'Vercel simulation on: regions, platform headers, CDN cache (x-vercel-cache). Click for local mode, as next start.'
            : 'Local mode, as next start. Click to simulate Vercel: regions, platform headers, CDN cache.'
        }
      >
        {state.vercel ? 'Vercel' : 'Local'}
      </button>
      {state.vercel && (
        <select
          data-testid="client-location"
          aria-label="Simulated client location"
          title="Where the simulated requests come from"
          value={places.some((p) => p.name === state.client) ? state.client : ''}
          disabled={busy}
          onChange={(e) => void run(() => api.setClientLocation(e.target.value), 'move the client')}
        >
          {!places.some((p) => p.name === state.client) && <option value="">{state.client}</option>}
          {places.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} ({p.country})
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
