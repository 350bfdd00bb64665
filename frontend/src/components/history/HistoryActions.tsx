import { useState } from 'react';
import { api, errorText } from '../../api';
import { ConfirmButton } from './ConfirmButton';

interface Props {
  /** The exchanges the actions apply to, oldest first. */
  targets: number[];
  /** How many are ticked (0: the actions apply to the inspected row). */
  checkedCount: number;
  onReplay: (ids: number[]) => void;
  onReplayAndDiff: (id: number) => void;
  onDiff: (older: number, newer: number) => void;
  /** Exchanges were added or deleted here: reload the list. */
  onChanged: () => void;
  onDeleted: (ids: number[]) => void;
  onClearSelection: () => void;
}

interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

type Busy = '' | 'curl' | 'export' | 'import' | 'delete';

/** The toolbar acting on the selection: replay, diff, copy as curl, HAR, delete. */
export function HistoryActions(p: Props) {
  const [busy, setBusy] = useState<Busy>('');
  const [notice, setNotice] = useState<Notice>();
  const [curlText, setCurlText] = useState<string>();
  const n = p.targets.length;
  const first = p.targets[0];
  const plural = (k: number) => `${k} exchange${k === 1 ? '' : 's'}`;

  const run = async (what: Exclude<Busy, ''>, fn: () => Promise<Notice | undefined>) => {
    setBusy(what);
    setNotice(undefined);
    try {
      setNotice(await fn());
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy('');
    }
  };

  const copyCurl = () =>
    run('curl', async () => {
      let text: string;
      try {
        text = await api.curlCommands(p.targets);
      } catch (err) {
        throw new Error(`Could not make curl commands: ${errorText(err)}`);
      }
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        setCurlText(text); // no clipboard access: show it to copy by hand
        return undefined;
      }
      return { kind: 'ok', text: `Copied ${n === 1 ? 'a curl command' : `${n} curl commands`} to the clipboard.` };
    });

  const exportHAR = () =>
    run('export', async () => {
      let path: string;
      try {
        path = await api.exportHAR(p.targets);
      } catch (err) {
        throw new Error(`Export failed: ${errorText(err)}`);
      }
      return path === '' ? undefined : { kind: 'ok', text: `Saved ${plural(n)} to ${path}` };
    });

  const importHAR = () =>
    run('import', async () => {
      let count: number;
      try {
        count = await api.importHAR();
      } catch (err) {
        throw new Error(`Import failed: ${errorText(err)}`);
      }
      if (count > 0) p.onChanged();
      return count === 0 ? undefined : { kind: 'ok', text: `Imported ${plural(count)}.` };
    });

  const remove = () =>
    run('delete', async () => {
      const ids = p.targets;
      let deleted: number;
      try {
        deleted = await api.deleteExchanges(ids);
      } catch (err) {
        throw new Error(`Delete failed: ${errorText(err)}`);
      }
      p.onDeleted(ids);
      p.onChanged();
      return { kind: 'ok', text: `Deleted ${plural(deleted)}.` };
    });

  return (
    <>
      <div className="hx-toolbar" role="toolbar" aria-label="History actions" data-testid="history-actions">
        <span className="muted small hx-selcount" data-testid="history-selection">
          {p.checkedCount > 0 ? (
            <>
              {p.checkedCount} selected{' '}
              <button className="link small" onClick={p.onClearSelection}>
                none
              </button>
            </>
          ) : n === 1 ? (
            `#${first}`
          ) : (
            'Nothing selected'
          )}
        </span>
        <button className="small" disabled={n === 0} onClick={() => p.onReplay(p.targets)} title="Send again, oldest first, and compare" data-testid="action-replay">
          ↻ Replay
        </button>
        <button
          className="small"
          disabled={n !== 1 || first === undefined}
          onClick={() => first !== undefined && p.onReplayAndDiff(first)}
          title="Replay one exchange and show how its answer differs"
          data-testid="action-replay-diff"
        >
          Replay &amp; diff
        </button>
        <button
          className="small"
          disabled={n !== 2}
          onClick={() => {
            const [a, b] = p.targets;
            if (a !== undefined && b !== undefined) p.onDiff(a, b);
          }}
          title="Compare two exchanges (select exactly two)"
          data-testid="action-diff"
        >
          Diff
        </button>
        <button className="small" disabled={n === 0 || busy !== ''} onClick={() => void copyCurl()} data-testid="action-curl">
          Copy as curl
        </button>
        <button className="small" disabled={n === 0 || busy !== ''} onClick={() => void exportHAR()} title="Save as a HAR 1.2 file" data-testid="action-export">
          Export HAR
        </button>
        <button className="small" disabled={busy !== ''} onClick={() => void importHAR()} title="Record the entries of a HAR file" data-testid="action-import">
          Import HAR
        </button>
        <ConfirmButton
          className="small"
          label="Delete"
          confirm={`Delete ${plural(n)}?`}
          disabled={n === 0 || busy !== ''}
          onConfirm={() => void remove()}
          testId="action-delete"
        />
        {busy !== '' && <span className="spinner" aria-label="Working" />}
      </div>
      {notice && (
        <div className={`banner small ${notice.kind === 'error' ? 'error' : 'hx-ok'}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="history-notice">
          <div>{notice.text}</div>
          <button className="icon" onClick={() => setNotice(undefined)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {curlText !== undefined && <CurlDialog text={curlText} onClose={() => setCurlText(undefined)} />}
    </>
  );
}

/** Shown when the clipboard refused: the commands, selected, to copy by hand. */
function CurlDialog({ text, onClose }: { text: string; onClose: () => void }) {
  return (
    <div className="hx-modal-backdrop" onClick={onClose}>
      <div
        className="hx-modal"
        role="dialog"
        aria-label="curl commands"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
        data-testid="curl-dialog"
      >
        <div className="pane-title">
          curl commands
          <div className="spacer" />
          <button className="icon" onClick={onClose} aria-label="Close">
            ×
          </button>
        </div>
        <div className="muted small pad">The clipboard is not available here: copy the commands with Ctrl+C.</div>
        <textarea readOnly value={text} autoFocus onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
      </div>
    </div>
  );
}
