import type { HistoryFilter } from './useHistory';

/** What the filter bar's controls hold (the text before debouncing). */
export interface FilterState {
  text: string;
  method: string;
  /** '' (any), '2xx' … '5xx', or 'code' for the custom code input. */
  statusChoice: string;
  code: string;
  route: string;
  sinceMinutes: number;
  errorsOnly: boolean;
}

export const EMPTY_FILTER: FilterState = {
  text: '',
  method: '',
  statusChoice: '',
  code: '',
  route: '',
  sinceMinutes: 0,
  errorsOnly: false,
};

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const RANGES: { minutes: number; label: string }[] = [
  { minutes: 0, label: 'All time' },
  { minutes: 15, label: 'Last 15 min' },
  { minutes: 60, label: 'Last hour' },
  { minutes: 24 * 60, label: 'Last 24 h' },
  { minutes: 7 * 24 * 60, label: 'Last 7 days' },
];

/** The query a filter state asks for, with text being the debounced search. */
export function toQuery(f: FilterState, text: string): HistoryFilter {
  return {
    text: text.trim(),
    method: f.method,
    status: f.statusChoice === 'code' ? f.code.trim() : f.statusChoice,
    route: f.route,
    sinceMinutes: f.sinceMinutes,
    errorsOnly: f.errorsOnly,
  };
}

export function isFiltered(f: FilterState): boolean {
  return (
    f.text !== '' ||
    f.method !== '' ||
    f.statusChoice !== '' ||
    f.route !== '' ||
    f.sinceMinutes !== 0 ||
    f.errorsOnly
  );
}

interface Props {
  value: FilterState;
  onChange: (f: FilterState) => void;
  /** Routes seen in the history so far. */
  routes: string[];
}

export function FilterBar({ value: f, onChange, routes }: Props) {
  const set = (patch: Partial<FilterState>) => onChange({ ...f, ...patch });
  return (
    <div className="hx-filters" role="search">
      <input
        type="search"
        className="hx-search"
        placeholder="Search URL, headers, bodies…"
        value={f.text}
        spellCheck={false}
        onChange={(e) => set({ text: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === 'Escape') set({ text: '' });
        }}
        aria-label="Search the history"
        data-testid="history-search"
      />
      <select value={f.method} onChange={(e) => set({ method: e.target.value })} aria-label="Method" data-testid="history-method">
        <option value="">Any method</option>
        {METHODS.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <select
        value={f.statusChoice}
        onChange={(e) => set({ statusChoice: e.target.value })}
        aria-label="Status"
        data-testid="history-status-filter"
      >
        <option value="">Any status</option>
        <option value="2xx">2xx</option>
        <option value="3xx">3xx</option>
        <option value="4xx">4xx</option>
        <option value="5xx">5xx</option>
        <option value="code">Code…</option>
      </select>
      {f.statusChoice === 'code' && (
        <input
          className="hx-code"
          inputMode="numeric"
          placeholder="404"
          value={f.code}
          onChange={(e) => set({ code: e.target.value })}
          aria-label="Status code"
        />
      )}
      <select value={f.route} onChange={(e) => set({ route: e.target.value })} aria-label="Route" data-testid="history-route">
        <option value="">Any route</option>
        {routes.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <select
        value={f.sinceMinutes}
        onChange={(e) => set({ sinceMinutes: Number(e.target.value) })}
        aria-label="Time range"
        data-testid="history-range"
      >
        {RANGES.map((r) => (
          <option key={r.minutes} value={r.minutes}>
            {r.label}
          </option>
        ))}
      </select>
      <label className="hx-check" title="Only exchanges that failed (no response, or 5xx)">
        <input type="checkbox" checked={f.errorsOnly} onChange={(e) => set({ errorsOnly: e.target.checked })} data-testid="history-errors" />
        Errors
      </label>
      {isFiltered(f) && (
        <button className="link small" onClick={() => onChange(EMPTY_FILTER)} data-testid="history-clear-filters">
          Clear
        </button>
      )}
    </div>
  );
}
