import type { ReactNode } from 'react';
import type { BodyDiff, DiffHunk, DiffResult, HeaderChange, JSONChange } from '../../api';
import { formatBytes, jsonSnippet, statusClass } from '../../lib/format';

interface Props {
  title: ReactNode;
  /** The responses compared (a replay's diff, or an exchange diff's response). */
  response: DiffResult;
  /** The requests compared, when two recorded exchanges are diffed. */
  request?: DiffResult;
}

/** How two exchanges differ: status, method and URL, headers and body. */
export function DiffView({ title, response, request }: Props) {
  const same = response.same && (request?.same ?? true);
  return (
    <div className="hx-diff" data-testid="diff-view">
      <div className="hx-diff-title">{title}</div>
      {same ? (
        <div className="hx-same ok-text" data-testid="diff-same">
          No differences
          <BodyNotes b={response.body} />
        </div>
      ) : (
        <>
          {request && <DiffSection label="Request" d={request} testId="diff-request" />}
          <DiffSection label="Response" d={response} testId="diff-response" />
        </>
      )}
    </div>
  );
}

function DiffSection({ label, d, testId }: { label: string; d: DiffResult; testId: string }) {
  return (
    <section className="hx-diff-section" data-testid={testId}>
      <div className="hx-subtitle">
        {label}
        {d.same && <span className="muted hx-subnote">the same</span>}
      </div>
      {!d.same && (
        <>
          {d.status && (
            <div className="hx-change" data-testid="diff-status">
              <span className="hx-change-label">Status</span>
              <span className={`status-text hx-old ${statusClass(d.status.old)}`}>{d.status.old}</span>
              <span className="hx-arrow">→</span>
              <span className={`status-text ${statusClass(d.status.new)}`}>{d.status.new}</span>
            </div>
          )}
          {d.method && (
            <div className="hx-change" data-testid="diff-method">
              <span className="hx-change-label">Method</span>
              <span className="mono hx-old">{d.method.old}</span>
              <span className="hx-arrow">→</span>
              <span className="mono hx-new">{d.method.new}</span>
            </div>
          )}
          {d.url && (
            <div className="hx-change" data-testid="diff-url">
              <span className="hx-change-label">URL</span>
              <span className="mono hx-old">{d.url.old}</span>
              <span className="hx-arrow">→</span>
              <span className="mono hx-new">{d.url.new}</span>
            </div>
          )}
          {(d.headers ?? []).length > 0 && <HeaderChanges changes={d.headers ?? []} />}
          <BodyChanges b={d.body} />
        </>
      )}
    </section>
  );
}

function HeaderChanges({ changes }: { changes: HeaderChange[] }) {
  return (
    <table className="kv kv-read hx-header-diff" data-testid="diff-headers">
      <tbody>
        {changes.map((h) => (
          <tr key={h.name} className={`hx-k-${h.kind}`}>
            <th>
              <span className={`hx-kind hx-k-${h.kind}`}>{sign(h.kind)}</span> {h.name}
            </th>
            <td>
              {h.kind !== 'added' && <span className="hx-old">{(h.old ?? []).join(', ')}</span>}
              {h.kind === 'changed' && <span className="hx-arrow">→</span>}
              {h.kind !== 'removed' && <span className="hx-new">{(h.new ?? []).join(', ')}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const sign = (kind: string) => (kind === 'added' ? '+' : kind === 'removed' ? '−' : '~');

function BodyChanges({ b }: { b: BodyDiff }) {
  const sizes = (
    <span className="muted small">
      {formatBytes(b.oldSize)} → {formatBytes(b.newSize)}
    </span>
  );
  return (
    <div className="hx-body-diff" data-testid="diff-body">
      <div className="hx-change">
        <span className="hx-change-label">Body</span>
        {b.same ? <span className="muted">the same</span> : <span className="badge subtle">{b.mode}</span>}
        {sizes}
      </div>
      <BodyNotes b={b} />
      {!b.same && b.mode === 'json' && <JSONChanges changes={b.json ?? []} />}
      {!b.same && b.mode === 'text' && <Hunks hunks={b.hunks ?? []} />}
      {!b.same && b.mode === 'binary' && (
        <div className="pad small" data-testid="diff-binary">
          The bodies differ at byte {b.firstDiff >= 0 ? b.firstDiff.toLocaleString() : '?'}.
        </div>
      )}
      {!b.same && b.mode === 'empty' && <div className="pad small muted">One body is empty.</div>}
    </div>
  );
}

function BodyNotes({ b }: { b: BodyDiff }) {
  const notes: string[] = [];
  if (b.approximate) notes.push(`Approximate: the diff is correct but may not be minimal${b.fallback ? ` (${b.fallback})` : ''}.`);
  if (b.oldTruncated || b.newTruncated) {
    const which = b.oldTruncated && b.newTruncated ? 'Both bodies were' : b.oldTruncated ? 'The old body was' : 'The new body was';
    notes.push(`${which} truncated when recorded: only the stored parts are compared.`);
  }
  if (b.lineEndingsOnly) notes.push('Only the line endings differ.');
  if (notes.length === 0) return null;
  return (
    <ul className="hx-notes small">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

function JSONChanges({ changes }: { changes: JSONChange[] }) {
  if (changes.length === 0) return <div className="pad small muted">No value changed (formatting only).</div>;
  return (
    <ul className="hx-json-changes mono" data-testid="diff-json">
      {changes.map((c, i) => (
        <li key={i} className={`hx-k-${c.kind}`}>
          <span className={`hx-kind hx-k-${c.kind}`} title={c.kind}>
            {sign(c.kind)}
          </span>
          <code className="hx-path">{c.path === '' ? '(root)' : c.path}</code>
          {c.kind !== 'added' && <span className="hx-old">{jsonSnippet(c.old)}</span>}
          {c.kind === 'changed' && <span className="hx-arrow">→</span>}
          {c.kind !== 'removed' && <span className="hx-new">{jsonSnippet(c.new)}</span>}
        </li>
      ))}
    </ul>
  );
}

function Hunks({ hunks }: { hunks: DiffHunk[] }) {
  if (hunks.length === 0) return null;
  return (
    <div className="hx-hunks" data-testid="diff-hunks">
      <table className="hx-unified mono">
        {hunks.map((h, i) => (
          <tbody key={i}>
            <tr className="hx-hunk-head">
              <td colSpan={4}>
                @@ -{h.oldStart},{h.oldLines} +{h.newStart},{h.newLines} @@
              </td>
            </tr>
            {(h.lines ?? []).map((l, j) => (
              <tr key={j} className={`hx-line-${l.kind}`}>
                <td className="hx-ln">{l.old ?? ''}</td>
                <td className="hx-ln">{l.new ?? ''}</td>
                <td className="hx-sign">{l.kind === 'insert' ? '+' : l.kind === 'delete' ? '-' : ' '}</td>
                <td className="hx-text">{l.text}</td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}
