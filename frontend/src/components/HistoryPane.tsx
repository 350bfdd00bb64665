import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorText, onEvent, type ExchangeDetail, type ExchangeSummary } from '../api';
import { formatDuration, formatTime, statusClass } from '../lib/format';
import { bodyView } from './ResponsePane';
import { KVList } from './KVTable';
import { TabBar } from './Tabs';

const LIMIT = 50;

export function HistoryPane() {
  const [rows, setRows] = useState<ExchangeSummary[]>([]);
  const [error, setError] = useState('');
  const [selected, setSelected] = useState<number>();

  // Coalesce refreshes: at most one History call in flight, and one more
  // after it if events arrived meanwhile.
  const inFlight = useRef(false);
  const again = useRef(false);
  const refresh = useCallback(async () => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      do {
        again.current = false;
        try {
          setRows(await api.history(LIMIT));
          setError('');
        } catch (err) {
          setError(`Could not load history: ${errorText(err)}`);
        }
      } while (again.current);
    } finally {
      inFlight.current = false;
    }
  }, []);

  useEffect(() => {
    void refresh();
    return onEvent('history:added', () => void refresh());
  }, [refresh]);

  return (
    <section className="history">
      <div className="history-list">
        <div className="pane-title">
          History <span className="count">{rows.length}</span>
          <div className="spacer" />
          <button className="link small" onClick={() => void refresh()} title="Reload history">
            Refresh
          </button>
        </div>
        {error && (
          <div className="banner error small" role="alert">
            {error}
          </div>
        )}
        <div className="table-scroll">
          <table className="history-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Method</th>
                <th>URL</th>
                <th className="num">Status</th>
                <th className="num">Time</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.id}
                  data-testid="history-row"
                  data-id={r.id}
                  className={r.id === selected ? 'selected' : ''}
                  onClick={() => setSelected(r.id)}
                  tabIndex={0}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') setSelected(r.id);
                  }}
                >
                  <td className="mono muted">{formatTime(r.start)}</td>
                  <td className={`mono method-text m-${r.method.toLowerCase()}`}>{r.method}</td>
                  <td className="mono url" title={r.url}>
                    {displayURL(r.url)}
                  </td>
                  <td className={`num status-text ${statusClass(r.status, r.error)}`} title={r.error || undefined}>
                    {r.error ? 'ERR' : r.status}
                  </td>
                  <td className="num mono muted">{formatDuration(r.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && !error && <div className="empty muted">No requests yet.</div>}
        </div>
      </div>
      <ExchangeView id={selected} />
    </section>
  );
}

/** The path and query of a URL (the host is always the local edge server). */
function displayURL(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

type TabKey = 'request' | 'response' | 'logs';

function ExchangeView({ id }: { id: number | undefined }) {
  const [detail, setDetail] = useState<ExchangeDetail>();
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const [tab, setTab] = useState<TabKey>('response');

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
  return (
    <div className="exchange" data-testid="exchange-detail">
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {loading && !detail && <div className="empty muted">Loading…</div>}
      {detail && (
        <>
          <div className="exchange-head">
            <span className={`mono method-text m-${detail.method.toLowerCase()}`}>{detail.method}</span>
            <span className="mono url" title={detail.url}>
              {displayURL(detail.url)}
            </span>
            <span className={`status ${statusClass(detail.status, detail.error)}`}>{detail.error ? 'Error' : detail.status}</span>
            <span className="metric">{formatDuration(detail.durationMs)}</span>
            {detail.cpuMs > 0 && (
              <span className="metric" title="JavaScript time of the handler (the CPU limit's measure, R-RT-6)">
                CPU {formatDuration(detail.cpuMs)}
              </span>
            )}
            <div className="spacer" />
            <span className="muted small" title="Route · mode · handler version">
              {[detail.route, detail.mode, detail.handlerVersion && `v ${detail.handlerVersion.slice(0, 12)}`].filter(Boolean).join(' · ')}
            </span>
          </div>
          {detail.error && (
            <div className="banner error" role="alert">
              {detail.error}
            </div>
          )}
          <TabBar<TabKey>
            tabs={[
              { key: 'request', label: 'Request' },
              { key: 'response', label: 'Response' },
              { key: 'logs', label: <>Console{detail.logs.length > 0 && <span className="count">{detail.logs.length}</span>}</> },
            ]}
            active={tab}
            onSelect={setTab}
          />
          <div className="exchange-body">
            {tab === 'request' && <Message headers={detail.requestHeaders} body={detail.requestBody} />}
            {tab === 'response' && <Message headers={detail.responseHeaders} body={detail.responseBody} />}
            {tab === 'logs' &&
              (detail.logs.length === 0 ? (
                <div className="muted small pad">No console output.</div>
              ) : (
                <ul className="logs mono">
                  {detail.logs.map((l, i) => (
                    <li key={i} className={`log-${l.level}`}>
                      <span className="muted">{formatTime(l.time)}</span> <span className="lvl">{l.level}</span> {l.message}
                    </li>
                  ))}
                </ul>
              ))}
          </div>
        </>
      )}
    </div>
  );
}

function Message({ headers, body }: { headers: { name: string; value: string }[]; body: string }) {
  // History keeps bodies as text; binary bodies are not hex-dumped here.
  const view = bodyView(headers, body, '', false);
  return (
    <div className="message">
      <KVList rows={headers} empty="No headers" />
      {view.note && <div className="muted small pad">{view.note}</div>}
      {view.text !== '' && <pre className={`body ${view.kind}`}>{view.text}</pre>}
    </div>
  );
}
