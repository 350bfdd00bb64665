import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, type ExchangeSummary, type HistoryStatus } from '../api';
import { ExchangeInspector } from './history/ExchangeInspector';
import { EMPTY_FILTER, FilterBar, isFiltered, toQuery, type FilterState } from './history/FilterBar';
import { HistoryActions } from './history/HistoryActions';
import { HistoryTable } from './history/HistoryTable';
import { DiffPanel, ReplayPanel } from './history/panels';
import { SettingsPanel } from './history/SettingsPanel';
import { useDebounced, useHistory } from './history/useHistory';
import { usePanel } from './history/usePanel';

const NO_IDS: ReadonlySet<number> = new Set();

/**
 * The window's request history (issue 7): search and filters, paged rows,
 * actions on a selection (replay, diff, curl, HAR, delete), and on the
 * right the inspector, a diff, replay results or the settings.
 */
export function HistoryPane({ onShowOnMap }: { onShowOnMap?: (id: number) => void }) {
  const [filter, setFilter] = useState<FilterState>(EMPTY_FILTER);
  const text = useDebounced(filter.text, 250);
  const query = useMemo(() => toQuery(filter, text), [filter, text]);
  const list = useHistory(query);
  const { rows } = list;

  const [checked, setChecked] = useState<ReadonlySet<number>>(NO_IDS);
  const [focused, setFocused] = useState<number>();
  const panel = usePanel();
  const routes = useSeenRoutes(rows);

  // Ticked rows that a new filter hid are no longer selected.
  useEffect(() => {
    setChecked((prev) => {
      if (prev.size === 0) return prev;
      const ids = new Set(rows.map((r) => r.id));
      const kept = [...prev].filter((id) => ids.has(id));
      return kept.length === prev.size ? prev : new Set(kept);
    });
  }, [rows]);

  const targets = useMemo(() => oldestFirst(rows, checked, focused), [rows, checked, focused]);

  const inspect = useCallback(
    (id: number) => {
      setFocused(id);
      panel.setView({ kind: 'inspect' });
    },
    [panel.setView],
  );

  const status = list.status;
  return (
    <section className="history hx" data-testid="history">
      <div className="history-list">
        <div className="pane-title">
          History{' '}
          <span className="count" data-testid="history-count" title={status ? `${status.count} stored in ${status.path}` : undefined}>
            {status ? status.count : rows.length}
          </span>
          {isFiltered(filter) && (
            <span className="hx-shown" data-testid="history-shown">
              {rows.length}
              {list.next ? '+' : ''} match
            </span>
          )}
          {list.loading && <span className="spinner hx-spinner" aria-label="Loading" />}
          <div className="spacer" />
          <button className="link small" onClick={list.reload} title="Reload history">
            Refresh
          </button>
          <button
            className="link small"
            onClick={() => panel.setView(panel.view.kind === 'settings' ? { kind: 'inspect' } : { kind: 'settings' })}
            title="Retention, vacuum, clear"
            data-testid="history-settings-open"
          >
            Settings
          </button>
        </div>
        <FilterBar value={filter} onChange={setFilter} routes={routes} />
        <HistoryActions
          targets={targets}
          checkedCount={checked.size}
          onReplay={(ids) => void panel.replay(ids)}
          onReplayAndDiff={(id) => void panel.replayAndDiff(id)}
          onDiff={(a, b) => void panel.diff(a, b)}
          onChanged={list.reload}
          onDeleted={(ids) => {
            setChecked(NO_IDS);
            if (focused !== undefined && ids.includes(focused)) setFocused(undefined);
          }}
          onClearSelection={() => setChecked(NO_IDS)}
        />
        {status && <StatusWarnings status={status} />}
        {list.error && (
          <div className="banner error small" role="alert" data-testid="history-error">
            {list.error}
          </div>
        )}
        <div className="table-scroll">
          <HistoryTable rows={rows} checked={checked} onChecked={setChecked} focused={focused} onFocus={inspect} />
          {rows.length === 0 && !list.error && !list.loading && (
            <div className="empty muted">{isFiltered(filter) ? 'No request matches the filter.' : 'No requests yet.'}</div>
          )}
          {list.next && (
            <div className="hx-more">
              <button className="small" onClick={list.loadMore} disabled={list.loadingMore} data-testid="history-more">
                {list.loadingMore ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </div>
      </div>
      {panel.view.kind === 'inspect' && <ExchangeInspector id={focused} onOpen={inspect} onShowOnMap={onShowOnMap} />}
      {panel.view.kind === 'diff' && <DiffPanel key={panel.view.key} view={panel.view} onClose={() => panel.setView({ kind: 'inspect' })} />}
      {panel.view.kind === 'replay' && (
        <ReplayPanel
          key={panel.view.key}
          view={panel.view}
          onOpen={inspect}
          onStop={panel.stopReplay}
          onClose={() => panel.setView({ kind: 'inspect' })}
        />
      )}
      {panel.view.kind === 'settings' && (
        <SettingsPanel status={status} onStatus={list.setStatus} onChanged={list.reload} onClose={() => panel.setView({ kind: 'inspect' })} />
      )}
    </section>
  );
}

/** The ticked rows oldest first, or else the inspected one. */
function oldestFirst(rows: ExchangeSummary[], checked: ReadonlySet<number>, focused: number | undefined): number[] {
  if (checked.size === 0) return focused === undefined ? [] : [focused];
  const start = new Map(rows.map((r) => [r.id, r.start]));
  return [...checked].sort((a, b) => {
    const sa = start.get(a) ?? '';
    const sb = start.get(b) ?? '';
    const t = Date.parse(sa) - Date.parse(sb);
    return Number.isNaN(t) || t === 0 ? a - b : t;
  });
}

/** Every route seen in the rows so far, sorted, for the route filter. */
/**
 * The routes for the route filter: every route the history holds, asked
 * again when the rows change (a new route may have been recorded), and the
 * routes of the loaded rows meanwhile.
 */
function useSeenRoutes(rows: ExchangeSummary[]): string[] {
  const [stored, setStored] = useState<string[]>([]);
  const rowRoutes = useMemo(() => [...new Set(rows.map((r) => r.route).filter(Boolean))].join('\n'), [rows]);
  useEffect(() => {
    let live = true;
    api.historyRoutes().then(
      (list) => {
        if (live) setStored(list);
      },
      () => {
        /* the filter keeps the routes it had; the list shows load errors */
      },
    );
    return () => {
      live = false;
    };
  }, [rowRoutes]);
  return useMemo(() => {
    const all = new Set(stored);
    for (const r of rowRoutes.split('\n')) if (r) all.add(r);
    return [...all].sort();
  }, [stored, rowRoutes]);
}

function StatusWarnings({ status }: { status: HistoryStatus }) {
  if (status.dropped === 0 && status.failed === 0) return null;
  return (
    <div className="banner warn small" role="alert" data-testid="history-warning">
      <div>
        {status.dropped > 0 && (
          <>
            <b>
              {status.dropped} exchange{status.dropped === 1 ? ' was' : 's were'} not recorded:
            </b>{' '}
            the history queue was full.{' '}
          </>
        )}
        {status.failed > 0 && (
          <>
            <b>
              {status.failed} exchange{status.failed === 1 ? '' : 's'} could not be written
            </b>{' '}
            to the history database ({status.path}).
          </>
        )}
      </div>
    </div>
  );
}
