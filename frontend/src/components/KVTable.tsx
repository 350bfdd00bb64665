import type { KV } from '../api';

export interface Row extends KV {
  enabled: boolean;
}

interface EditableProps {
  rows: Row[];
  onChange: (rows: Row[]) => void;
  namePlaceholder?: string;
  valuePlaceholder?: string;
  /** Rows of a query string have no "enabled" switch: the path is the truth. */
  toggles?: boolean;
  testId?: string;
}

/**
 * An editable name/value table. The last row is always blank; typing in it
 * adds a row.
 */
export function EditableKVTable({
  rows,
  onChange,
  namePlaceholder = 'name',
  valuePlaceholder = 'value',
  toggles = true,
  testId,
}: EditableProps) {
  const all: Row[] = [...rows, { name: '', value: '', enabled: true }];
  const update = (i: number, patch: Partial<Row>) => {
    const next = all.map((r, j) => (j === i ? { ...r, ...patch } : r));
    // Drop the trailing blank row unless it was just typed into.
    const last = next[next.length - 1];
    if (last && last.name === '' && last.value === '') next.pop();
    onChange(next);
  };
  const remove = (i: number) => onChange(rows.filter((_, j) => j !== i));
  return (
    <table className="kv kv-edit" data-testid={testId}>
      <tbody>
        {all.map((r, i) => {
          const blank = i === rows.length;
          return (
            <tr key={i} className={r.enabled ? '' : 'disabled'}>
              {toggles && (
                <td className="kv-toggle">
                  {!blank && (
                    <input
                      type="checkbox"
                      checked={r.enabled}
                      title={r.enabled ? 'Sent' : 'Not sent'}
                      onChange={(e) => update(i, { enabled: e.target.checked })}
                    />
                  )}
                </td>
              )}
              <td>
                <input
                  className="kv-name"
                  value={r.name}
                  placeholder={blank ? namePlaceholder : ''}
                  spellCheck={false}
                  onChange={(e) => update(i, { name: e.target.value })}
                />
              </td>
              <td>
                <input
                  className="kv-value"
                  value={r.value}
                  placeholder={blank ? valuePlaceholder : ''}
                  spellCheck={false}
                  onChange={(e) => update(i, { value: e.target.value })}
                />
              </td>
              <td className="kv-del">
                {!blank && (
                  <button className="icon" title="Remove" onClick={() => remove(i)}>
                    ×
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A read-only name/value table (response and history headers). */
export function KVList({ rows, testId, empty = 'None' }: { rows: KV[]; testId?: string; empty?: string }) {
  if (rows.length === 0) {
    return (
      <div className="muted small pad" data-testid={testId}>
        {empty}
      </div>
    );
  }
  return (
    <table className="kv kv-read" data-testid={testId}>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <th>{r.name}</th>
            <td>{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
