import type { EverywhereRow, SimulatedExchange } from '../../api';
import { formatLeg } from '../../lib/geo';

interface Props {
  exchanges: SimulatedExchange[];
  focus: SimulatedExchange | undefined;
  onSelect: (id: number) => void;
  everywhere: EverywhereRow[] | undefined;
  onCloseEverywhere: () => void;
  allRoutes: boolean;
  onAllRoutes: (all: boolean) => void;
}

/** Beside the map: the "from everywhere" table, or the recorded requests with the drawn one's legs. */
export function SimSidebar(props: Props) {
  if (props.everywhere) return <EverywhereTable rows={props.everywhere} onClose={props.onCloseEverywhere} />;
  const { exchanges, focus, onSelect } = props;
  return (
    <aside className="sim-side" data-testid="sim-side">
      <div className="pane-title">
        Requests
        <div className="spacer" />
        <label className="small muted sim-scope">
          <input type="checkbox" checked={props.allRoutes} onChange={(e) => props.onAllRoutes(e.target.checked)} /> all routes
        </label>
      </div>
      {focus && <FocusLegs x={focus} />}
      <ul className="sim-list" data-testid="sim-list">
        {exchanges.length === 0 && <li className="muted small">No request of this route was simulated yet: send one in Vercel mode.</li>}
        {exchanges.slice(0, 60).map((x) => (
          <li key={x.id}>
            <button className={x.id === focus?.id ? 'selected' : ''} onClick={() => onSelect(x.id)} data-testid="sim-list-item">
              <span className="mono">#{x.id}</span> <span className="mono">{x.method}</span> {x.sim.client} → {x.sim.exec}{' '}
              <span className="mono">{Math.round(x.sim.networkMs)} ms</span> <CacheBadge status={x.sim.cache} />
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}

function FocusLegs({ x }: { x: SimulatedExchange }) {
  const s = x.sim;
  return (
    <div className="sim-focus" data-testid="sim-focus">
      <div className="small">
        <b>#{x.id}</b> {x.method} {pathOf(x.url)} · <CacheBadge status={s.cache} />
      </div>
      {s.legs.length === 0 && (
        <div className="small muted" data-testid="sim-no-path">
          Recorded before Edgeplay kept each request's path: replay it to draw it.
        </div>
      )}
      <table className="sim-legs small">
        <tbody>
          {s.legs.map((l, i) => (
            <tr key={i}>
              <td>
                {endName(l.from, s.client, s.data)} → {endName(l.to, s.client, s.data)}
              </td>
              <td className="mono">{formatLeg(l)}</td>
            </tr>
          ))}
          <tr>
            <td>network, there and back{s.fetches > 0 ? ` + ${s.fetches} fetch${s.fetches === 1 ? '' : 'es'}` : ''}</td>
            <td className="mono">{Math.round(s.networkMs)} ms</td>
          </tr>
        </tbody>
      </table>
      {s.cacheReason && <div className="small muted">{s.cacheReason}</div>}
    </div>
  );
}

function EverywhereTable({ rows, onClose }: { rows: EverywhereRow[]; onClose: () => void }) {
  const sorted = [...rows].sort((a, b) => (a.sim?.networkMs ?? Infinity) - (b.sim?.networkMs ?? Infinity));
  return (
    <aside className="sim-side" data-testid="everywhere">
      <div className="pane-title">
        From everywhere
        <div className="spacer" />
        <button className="link small" onClick={onClose}>
          Back to requests
        </button>
      </div>
      <table className="sim-everywhere small">
        <thead>
          <tr>
            <th>client</th>
            <th>enters → runs</th>
            <th>network</th>
            <th>cache</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.city} data-testid="everywhere-row" data-city={r.city}>
              <td>{r.city}</td>
              {r.sim ? (
                <>
                  <td className="mono">
                    {r.sim.entry} → {r.sim.exec}
                  </td>
                  <td className="mono">{Math.round(r.sim.networkMs)} ms</td>
                  <td>
                    <CacheBadge status={r.sim.cache} />
                  </td>
                </>
              ) : (
                <td colSpan={3} className="error-text">
                  {r.error || `HTTP ${r.status}`}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}

/** x-vercel-cache as a coloured badge. */
export function CacheBadge({ status }: { status: string }) {
  if (!status) return null;
  return <span className={`cache-badge cache-${status.toLowerCase()}`}>{status}</span>;
}

function endName(end: string, client: string, data: string): string {
  if (end === 'client') return client;
  if (end === 'data') return `data (${data})`;
  return end;
}

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}
