import { useEffect, useState, type ReactNode } from 'react';
import { api, errorText, type ExchangeDetail } from '../../api';
import { displayURL, formatBytes, formatDuration, formatTime, shortHash, statusClass } from '../../lib/format';
import { KVList } from '../KVTable';
import { TabBar } from '../Tabs';
import { Message } from './Message';
import { Waterfall } from './Waterfall';

type TabKey = 'overview' | 'request' | 'response' | 'console' | 'error';

interface Props {
  id: number | undefined;
  /** Shows another exchange (a replay's original). */
  onOpen: (id: number) => void;
  /** Draws a simulated exchange's path on the map. */
  onShowOnMap?: (id: number) => void;
}

/** One recorded exchange in full: overview and timings, request, response, console, error. */
export function ExchangeInspector({ id, onOpen, onShowOnMap }: Props) {
  const [detail, setDetail] = useState<ExchangeDetail>();
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const [tab, setTab] = useState<TabKey>('overview');

  useEffect(() => {
    if (id === undefined) return;
    let cancelled = false;
    setLoading(true);
    setError('');
    api.exchange(id).then(
      (d) => {
        if (cancelled) return;
        setDetail(d);
        setLoading(false);
      },
      (err: unknown) => {
        if (cancelled) return;
        setDetail(undefined);
        setError(`Could not load exchange #${id}: ${errorText(err)}`);
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id]);

  if (id === undefined) {
    return <div className="exchange empty muted">Select a request to see its details.</div>;
  }
  const shown = detail && detail.id === id ? detail : undefined;
  const active: TabKey = tab === 'error' && !shown?.error ? 'overview' : tab;
  return (
    <div className="exchange" data-testid="exchange-detail">
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {loading && !shown && !error && <div className="empty muted">Loading #{id}…</div>}
      {shown && (
        <>
          <div className="exchange-head">
            <span className="muted mono">#{shown.id}</span>
            <span className={`mono method-text m-${shown.method.toLowerCase()}`}>{shown.method}</span>
            <span className="mono url" title={shown.url}>
              {displayURL(shown.url)}
            </span>
            <span className={`status ${statusClass(shown.status, shown.error)}`} data-testid="inspector-status">
              {shown.error ? 'Error' : shown.status}
            </span>
            <span className="metric">{formatDuration(shown.durationMs)}</span>
            {shown.cpuMs > 0 && (
              <span className="metric" title="JavaScript time of the handler (the CPU limit's measure, R-RT-6)">
                CPU {formatDuration(shown.cpuMs)}
              </span>
            )}
          </div>
          <TabBar<TabKey>
            tabs={[
              { key: 'overview', label: <span data-testid="inspector-tab-overview">Overview</span> },
              { key: 'request', label: <span data-testid="inspector-tab-request">Request</span> },
              { key: 'response', label: <span data-testid="inspector-tab-response">Response</span> },
              {
                key: 'console',
                label: (
                  <span data-testid="inspector-tab-console">
                    Console{shown.logs.length > 0 && <span className="count">{shown.logs.length}</span>}
                  </span>
                ),
              },
              ...(shown.error
                ? [{ key: 'error' as const, label: <span className="error-text" data-testid="inspector-tab-error">Error</span> }]
                : []),
            ]}
            active={active}
            onSelect={setTab}
          />
          <div className="exchange-body" data-testid="inspector-body">
            {active === 'overview' && <Overview d={shown} onOpen={onOpen} onShowOnMap={onShowOnMap} />}
            {active === 'request' && <Message headers={shown.requestHeaders} body={shown.request} testId="inspector-request" />}
            {active === 'response' && <Message headers={shown.responseHeaders} body={shown.response} testId="inspector-response" />}
            {active === 'console' && <Console d={shown} />}
            {active === 'error' && (
              <pre className="body hx-error-pre error-text" data-testid="inspector-error">
                {shown.error}
              </pre>
            )}
          </div>
        </>
      )}
    </div>
  );
}

function Overview({ d, onOpen, onShowOnMap }: { d: ExchangeDetail; onOpen: (id: number) => void; onShowOnMap?: (id: number) => void }) {
  const params = Object.entries(d.params ?? {}).map(([name, values]) => ({ name, value: values.join(' / ') }));
  const facts: [string, ReactNode][] = [
    ['Method', <span className={`method-text m-${d.method.toLowerCase()}`}>{d.method}</span>],
    ['URL', d.url],
    ['Started', `${formatTime(d.start)} (${d.start})`],
    ['Route', d.route || '–'],
    ['File', d.file || '–'],
    [
      'Handler version',
      d.handlerVersion ? <span title={d.handlerVersion}>{shortHash(d.handlerVersion)}</span> : '–',
    ],
    ['Mode', d.mode || '–'],
    [
      'Status',
      <span className={`status-text ${statusClass(d.status, d.error)}`}>{d.error ? `Error${d.status > 0 ? ` (${d.status})` : ''}` : d.status}</span>,
    ],
    ['Request body', sizeText(d.request.size, d.request.truncated, d.request.binary ? d.request.base64 : d.request.text, d.request.binary)],
    ['Response body', sizeText(d.response.size, d.response.truncated, d.response.binary ? d.response.base64 : d.response.text, d.response.binary)],
  ];
  if (d.sim) {
    const sim = d.sim;
    facts.push(
      [
        'Vercel simulation',
        <span data-testid="inspector-sim">
          client {sim.client} → enters {sim.entry} →{' '}
          {sim.cache === 'HIT' || sim.cache === 'STALE' ? `answered from ${sim.entry}'s CDN cache` : `runs in ${sim.exec}`} ·{' '}
          {sim.networkMs.toFixed(1)} ms simulated network
          {sim.fetches > 0 ? ` (with ${sim.fetches} fetch${sim.fetches === 1 ? '' : 'es'} to the data)` : ''}
          {onShowOnMap && (
            <>
              {' '}
              <button className="link small" onClick={() => onShowOnMap(d.id)} data-testid="inspector-show-on-map">
                Show on map
              </button>
            </>
          )}
        </span>,
      ],
      [
        'x-vercel-cache',
        <span title={sim.cacheReason} data-testid="inspector-cache">
          {sim.cache}
          {sim.cacheReason ? ` — ${sim.cacheReason}` : ''}
        </span>,
      ],
      ['x-vercel-id', <span className="mono">{sim.vercelId}</span>],
    );
  }
  if (d.replayOf !== 0) {
    facts.push([
      'Replay of',
      <button className="link mono" onClick={() => onOpen(d.replayOf)} data-testid="inspector-replay-of">
        ↻ #{d.replayOf}
      </button>,
    ]);
  }
  return (
    <div className="hx-overview">
      <Waterfall detail={d} />
      <table className="kv kv-read hx-facts">
        <tbody>
          {facts.map(([k, v]) => (
            <tr key={k}>
              <th>{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="hx-subtitle">Params</div>
      <KVList rows={params} empty="No dynamic segments" testId="inspector-params" />
    </div>
  );
}

/** "1.2 KB", or "truncated: stored N of M bytes" when only a part was kept. */
function sizeText(size: number, truncated: boolean, stored: string, binary: boolean): ReactNode {
  if (!truncated) return formatBytes(size);
  const n = binary ? Math.floor((stored.replace(/=+$/, '').length * 3) / 4) : new TextEncoder().encode(stored).length;
  return (
    <span className="warn-text">
      {formatBytes(size)} — truncated: stored {n} of {size} bytes
    </span>
  );
}

function Console({ d }: { d: ExchangeDetail }) {
  if (d.logs.length === 0) return <div className="muted small pad">No console output.</div>;
  return (
    <ul className="logs mono hx-logs" data-testid="inspector-console">
      {d.logs.map((l, i) => (
        <li key={i} className={`log-${l.level}`}>
          <span className="muted">{formatTime(l.time)}</span> <span className={`badge hx-lvl hx-lvl-${l.level}`}>{l.level}</span> {l.message}
        </li>
      ))}
    </ul>
  );
}
