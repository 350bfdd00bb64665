import { useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { ExchangeSummary } from '../../api';
import { displayURL, formatDuration, formatTime, statusClass } from '../../lib/format';

interface Props {
  rows: ExchangeSummary[];
  /** Rows ticked for the toolbar's actions. */
  checked: ReadonlySet<number>;
  onChecked: (ids: ReadonlySet<number>) => void;
  /** The row shown in the inspector. */
  focused: number | undefined;
  onFocus: (id: number) => void;
}

/**
 * The history rows, newest first. A click shows a row in the inspector; the
 * check boxes select rows for the toolbar (shift-click ticks a range).
 */
export function HistoryTable({ rows, checked, onChecked, focused, onFocus }: Props) {
  // The last box ticked or unticked: the other end of a shift-click range.
  const anchor = useRef<number | undefined>(undefined);

  const toggle = (e: MouseEvent<HTMLInputElement>, id: number, index: number) => {
    e.stopPropagation();
    const on = e.currentTarget.checked;
    const next = new Set(checked);
    const from = anchor.current === undefined ? -1 : rows.findIndex((r) => r.id === anchor.current);
    if (e.shiftKey && from >= 0) {
      const [lo, hi] = from < index ? [from, index] : [index, from];
      for (const r of rows.slice(lo, hi + 1)) {
        if (on) next.add(r.id);
        else next.delete(r.id);
      }
    } else if (on) {
      next.add(id);
    } else {
      next.delete(id);
    }
    anchor.current = id;
    onChecked(next);
  };

  const allChecked = rows.length > 0 && rows.every((r) => checked.has(r.id));

  const onKey = (e: KeyboardEvent<HTMLTableRowElement>, id: number, index: number) => {
    if (e.key === 'Enter') {
      onFocus(id);
    } else if (e.key === ' ') {
      e.preventDefault();
      const next = new Set(checked);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      onChecked(next);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const to = rows[index + (e.key === 'ArrowDown' ? 1 : -1)];
      if (!to) return;
      onFocus(to.id);
      const tr = e.currentTarget.parentElement?.querySelector<HTMLElement>(`tr[data-id="${to.id}"]`);
      tr?.focus();
    }
  };

  return (
    <table className="history-table hx-table" data-testid="history-table">
      <thead>
        <tr>
          <th className="hx-cb">
            <input
              type="checkbox"
              checked={allChecked}
              disabled={rows.length === 0}
              title={allChecked ? 'Select none' : 'Select all loaded rows'}
              aria-label="Select all"
              onChange={() => onChecked(allChecked ? new Set() : new Set(rows.map((r) => r.id)))}
            />
          </th>
          <th>Time</th>
          <th>Method</th>
          <th>URL</th>
          <th className="num">Status</th>
          <th className="num">Duration</th>
          <th className="num" title="JavaScript time of the handler (the CPU limit's measure, R-RT-6)">
            CPU
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => {
          const classes = [r.id === focused ? 'selected' : '', checked.has(r.id) ? 'checked' : ''].filter(Boolean).join(' ');
          return (
            <tr
              key={r.id}
              data-testid="history-row"
              data-id={r.id}
              data-url={displayURL(r.url)}
              className={classes}
              aria-selected={r.id === focused}
              onClick={() => onFocus(r.id)}
              tabIndex={0}
              onKeyDown={(e) => onKey(e, r.id, i)}
            >
              <td className="hx-cb">
                <input
                  type="checkbox"
                  checked={checked.has(r.id)}
                  onClick={(e) => toggle(e, r.id, i)}
                  onChange={() => {}}
                  aria-label={`Select #${r.id}`}
                  data-testid="history-check"
                />
              </td>
              <td className="mono muted" title={r.start}>
                {formatTime(r.start)}
              </td>
              <td className={`mono method-text m-${r.method.toLowerCase()}`}>{r.method}</td>
              <td className="mono url" title={r.url}>
                {r.replayOf !== 0 && (
                  <span className="hx-replay" title={`Replay of #${r.replayOf}`}>
                    ↻ #{r.replayOf}
                  </span>
                )}
                {r.error && (
                  <span className="hx-err-mark" title={r.error}>
                    ⚠
                  </span>
                )}
                {displayURL(r.url)}
              </td>
              <td className={`num status-text ${statusClass(r.status, r.error)}`} title={r.error || undefined}>
                {r.error ? 'ERR' : r.status}
              </td>
              <td className="num mono muted">{formatDuration(r.durationMs)}</td>
              <td className="num mono muted">{r.cpuMs > 0 ? formatDuration(r.cpuMs) : '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
