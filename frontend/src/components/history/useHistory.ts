import { useCallback, useEffect, useRef, useState } from 'react';
import {
  api,
  errorText,
  onEvent,
  type ExchangeSummary,
  type HistoryCursor,
  type HistoryQuery,
  type HistoryStatus,
} from '../../api';

/** Rows per "Load more". */
export const PAGE = 50;
/** The most rows SearchHistory returns at once. */
const MAX_LIMIT = 500;

/** The filter part of a HistoryQuery (the paging is this hook's business). */
export type HistoryFilter = Omit<HistoryQuery, 'after' | 'limit'>;

export interface HistoryList {
  rows: ExchangeSummary[];
  next: HistoryCursor | null;
  status: HistoryStatus | undefined;
  error: string;
  loading: boolean;
  loadingMore: boolean;
  /** Reloads the loaded rows (after a change made here or in Go). */
  reload: () => void;
  loadMore: () => void;
  setStatus: (s: HistoryStatus) => void;
}

/**
 * The history rows matching filter, newest first, a page at a time. A
 * 'history:added' event reloads the rows already loaded (as many as were
 * loaded, so "Load more" pages stay), and a filter change starts again at
 * the first page.
 */
export function useHistory(filter: HistoryFilter): HistoryList {
  const [rows, setRows] = useState<ExchangeSummary[]>([]);
  const [next, setNext] = useState<HistoryCursor | null>(null);
  const [status, setStatus] = useState<HistoryStatus>();
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);

  const filterRef = useRef(filter);
  // Rows loaded so far: a refresh asks for as many again.
  const loaded = useRef(0);
  // Bumped by every first-page load, so a "Load more" answer that arrives
  // after one is dropped.
  const generation = useRef(0);

  // Coalesce refreshes: at most one search in flight, and one more after it
  // if events or filter changes arrived meanwhile.
  const inFlight = useRef(false);
  const again = useRef(false);
  const refresh = useCallback(async () => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    setLoading(true);
    try {
      do {
        again.current = false;
        const limit = Math.min(MAX_LIMIT, Math.max(PAGE, loaded.current));
        try {
          const page = await api.searchHistory({ ...filterRef.current, after: null, limit });
          if (again.current) continue; // stale: the loop asks again
          generation.current++;
          loaded.current = page.items.length;
          setRows(page.items);
          setNext(page.next);
          setStatus(page.status);
          setError('');
        } catch (err) {
          if (again.current) continue;
          setError(`Could not load history: ${errorText(err)}`);
        }
      } while (again.current);
    } finally {
      inFlight.current = false;
      setLoading(false);
    }
  }, []);

  const key = JSON.stringify(filter);
  useEffect(() => {
    filterRef.current = JSON.parse(key) as HistoryFilter;
    loaded.current = 0;
    generation.current++;
    void refresh();
  }, [key, refresh]);

  useEffect(() => onEvent('history:added', () => void refresh()), [refresh]);

  const moreInFlight = useRef(false);
  const loadMore = useCallback(async () => {
    if (!next || moreInFlight.current) return;
    const gen = generation.current;
    moreInFlight.current = true;
    setLoadingMore(true);
    try {
      const page = await api.searchHistory({ ...filterRef.current, after: next, limit: PAGE });
      if (gen !== generation.current) return;
      loaded.current += page.items.length;
      setRows((prev) => {
        const seen = new Set(prev.map((r) => r.id));
        return [...prev, ...page.items.filter((r) => !seen.has(r.id))];
      });
      setNext(page.next);
      setStatus(page.status);
      setError('');
    } catch (err) {
      if (gen === generation.current) setError(`Could not load more history: ${errorText(err)}`);
    } finally {
      moreInFlight.current = false;
      setLoadingMore(false);
    }
  }, [next]);

  return {
    rows,
    next,
    status,
    error,
    loading,
    loadingMore,
    reload: () => void refresh(),
    loadMore: () => void loadMore(),
    setStatus,
  };
}

/** value, once it has stopped changing for ms milliseconds. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}
