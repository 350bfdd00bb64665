// The simulated clock of the CDN cache (issue 8, SPEC R-CACHE-6): shows it,
// pauses and resumes it, steps it forward and purges the cache.

import { useEffect, useState, type FormEvent, type JSX } from 'react';
import { api, errorText, type SimState } from '../../api';
import { formatSimDateTime, parseSimTime } from '../../lib/timeline';
import './timeline.css';

/** Props of ClockControls. */
export interface ClockControlsProps {
  sim: SimState;
  /** The selected route pattern, for "Purge route". */
  route?: string;
  /** Receives the simulation state after a clock change. */
  onSim: (s: SimState) => void;
  /** Receives how many cache entries a purge removed. */
  onPurged?: (n: number) => void;
  onError: (message: string) => void;
}

/** The step buttons, as Go durations. */
const STEPS = ['1m', '10m', '20m', '1h'] as const;

/**
 * The simulated clock now (ms since the epoch): the last value the backend
 * reported plus, while the clock runs, the real time elapsed since; it
 * ticks every second and re-syncs whenever sim.clock changes.
 */
export function useSimNow(sim: SimState): number {
  const [base, setBase] = useState(() => ({ clock: sim.clock, paused: sim.paused, real: Date.now() }));
  const [real, setReal] = useState(base.real);
  if (base.clock !== sim.clock || base.paused !== sim.paused) {
    // Adjusting state while rendering when the props change (React's documented pattern).
    const t = Date.now();
    setBase({ clock: sim.clock, paused: sim.paused, real: t });
    setReal(t);
  }
  const running = sim.on && !sim.paused;
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setReal(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [running]);
  const at = parseSimTime(base.clock);
  return running ? at + Math.max(real - base.real, 0) : at;
}

/**
 * The clock controls of the Vercel simulation: the simulated time,
 * Pause/Resume, steps of +1m … +1h and any Go duration, and purging the
 * selected route's or every cached entry. In local mode, a note instead.
 */
export function ClockControls({ sim, route, onSim, onPurged, onError }: ClockControlsProps): JSX.Element {
  const [busy, setBusy] = useState(false);
  const [custom, setCustom] = useState('');
  const now = useSimNow(sim);

  if (!sim.on) {
    return (
      <div className="clock-controls clock-off small muted" data-testid="clock-off">
        The simulated clock and the CDN cache exist in Vercel mode: switch Local → Vercel in the top bar.
      </div>
    );
  }

  const run = async <T,>(fn: () => Promise<T>, done: (v: T) => void, what: string) => {
    setBusy(true);
    try {
      done(await fn());
    } catch (err) {
      onError(what ? `Could not ${what}: ${errorText(err)}` : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  // The Go error of an unparsable duration already says what to write.
  const advance = (d: string) => run(() => api.advanceClock(d), onSim, '');
  const purge = (r: string) =>
    run(() => api.purgeCache(r), (n) => onPurged?.(n), r ? `purge the cached entries of ${r}` : 'purge the CDN cache');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const d = custom.trim();
    if (!d || busy) return;
    void run(
      () => api.advanceClock(d),
      (s) => {
        setCustom('');
        onSim(s);
      },
      '',
    );
  };

  return (
    <div className="clock-controls" data-testid="clock-controls">
      <span className="clock-now mono" data-testid="clock-now" title="The simulated clock of the CDN cache (R-CACHE-6)">
        {formatSimDateTime(now)}
      </span>
      {sim.paused && <span className="badge warn">paused</span>}
      <button
        data-testid="clock-pause"
        disabled={busy}
        aria-pressed={sim.paused}
        onClick={() => void run(() => api.pauseClock(!sim.paused), onSim, sim.paused ? 'resume the clock' : 'pause the clock')}
        title={sim.paused ? 'Let the simulated clock run with real time again' : 'Stop the simulated clock; cached entries stop ageing'}
      >
        {sim.paused ? 'Resume' : 'Pause'}
      </button>
      <span className="clock-steps">
        {STEPS.map((d) => (
          <button key={d} data-testid={`clock-advance-${d}`} disabled={busy} onClick={() => void advance(d)} title={`Advance the simulated clock by ${d}`}>
            +{d}
          </button>
        ))}
      </span>
      <form className="clock-custom" onSubmit={submit}>
        <input
          data-testid="clock-advance-input"
          aria-label="Advance the clock by (a Go duration)"
          placeholder="1h30m"
          value={custom}
          onChange={(e) => setCustom(e.target.value)}
          spellCheck={false}
        />
        <button type="submit" data-testid="clock-advance-custom" disabled={busy || !custom.trim()} title="Advance the clock by a Go duration such as 45s, 20m or 1h30m">
          Advance
        </button>
      </form>
      <span className="spacer" />
      <button
        data-testid="cache-purge-route"
        disabled={busy || !route}
        onClick={() => route && void purge(route)}
        title={route ? `Remove the cached entries of ${route} in every region` : 'Select a route to purge its cached entries'}
      >
        Purge route
      </button>
      <button data-testid="cache-purge-all" disabled={busy} onClick={() => void purge('')} title="Remove every cached entry in every region">
        Purge all
      </button>
    </div>
  );
}
