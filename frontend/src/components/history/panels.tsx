import { useState, type ReactNode } from 'react';
import type { DiffResult, ReplayResult } from '../../api';
import { formatDuration, statusClass } from '../../lib/format';
import { DiffView } from './DiffView';

/** What the right side of the history shows. */
export type PanelView =
  | { kind: 'inspect' }
  | { kind: 'settings' }
  | {
      kind: 'replay';
      key: number;
      ids: number[];
      results: ReplayResult[];
      running: boolean;
      error: string;
    }
  | {
      kind: 'diff';
      key: number;
      /** What is being compared, e.g. "#3 → replay #9". */
      title: string;
      /** Shown while the diff is computed ("Replaying #3…"). */
      progress: string;
      error: string;
      response?: DiffResult;
      request?: DiffResult;
    };

export function DiffPanel({ view, onClose }: { view: Extract<PanelView, { kind: 'diff' }>; onClose: () => void }) {
  return (
    <div className="exchange hx-panel" data-testid="diff-panel">
      <PanelHead title="Diff" onClose={onClose} />
      <div className="exchange-body">
        {view.progress && (
          <div className="hx-progress" data-testid="diff-progress">
            <span className="spinner" /> {view.progress}
          </div>
        )}
        {view.error && (
          <div className="banner error" role="alert" data-testid="diff-error">
            {view.error}
          </div>
        )}
        {view.response && <DiffView title={view.title} response={view.response} request={view.request} />}
      </div>
    </div>
  );
}

interface ReplayProps {
  view: Extract<PanelView, { kind: 'replay' }>;
  onOpen: (id: number) => void;
  onStop: () => void;
  onClose: () => void;
}

/** The results of replaying a selection, as they come in. */
export function ReplayPanel({ view, onOpen, onStop, onClose }: ReplayProps) {
  const [open, setOpen] = useState<number>();
  const done = view.results.length;
  return (
    <div className="exchange hx-panel" data-testid="replay-panel">
      <PanelHead title={`Replay · ${done} of ${view.ids.length}`} onClose={onClose}>
        {view.running && (
          <>
            <span className="spinner" aria-label="Replaying" />
            <button className="small" onClick={onStop}>
              Stop
            </button>
          </>
        )}
      </PanelHead>
      {view.running && (
        <progress className="hx-progressbar" max={view.ids.length} value={done} aria-label="Replay progress" />
      )}
      {view.error && (
        <div className="banner error" role="alert" data-testid="replay-error">
          {view.error}
        </div>
      )}
      <div className="exchange-body">
        <ul className="hx-replays">
          {view.results.map((r, i) => (
            <li key={`${r.originalId}-${i}`} data-testid="replay-result">
              <div className="hx-replay-line">
                <button className="link mono" onClick={() => onOpen(r.originalId)} title="Show the original">
                  #{r.originalId}
                </button>
                <span className="hx-arrow">↻</span>
                {r.newId !== 0 ? (
                  <button className="link mono" onClick={() => onOpen(r.newId)} title="Show the replay" data-testid="replay-new">
                    #{r.newId}
                  </button>
                ) : (
                  <span className="muted">not recorded</span>
                )}
                {r.error ? (
                  <span className="status serr">Error</span>
                ) : (
                  <span className={`status ${statusClass(r.status)}`}>{r.status}</span>
                )}
                <span className="metric">{formatDuration(r.durationMs)}</span>
                <span className={r.error ? 'error-text' : r.diff.same ? 'ok-text' : 'warn-text'}>
                  {r.error || (r.diff.same ? 'same as the original' : r.summary)}
                </span>
                <div className="spacer" />
                {!r.error && (
                  <button className="link small" onClick={() => setOpen(open === i ? undefined : i)}>
                    {open === i ? 'Hide diff' : 'Diff'}
                  </button>
                )}
              </div>
              {open === i && !r.error && <DiffView title={`#${r.originalId} → replay${r.newId ? ` #${r.newId}` : ''}`} response={r.diff} />}
            </li>
          ))}
        </ul>
        {view.results.length === 0 && view.running && <div className="empty muted">Replaying…</div>}
      </div>
    </div>
  );
}

export function PanelHead({ title, onClose, children }: { title: string; onClose: () => void; children?: ReactNode }) {
  return (
    <div className="exchange-head hx-panel-head">
      <span className="pane-title inline">{title}</span>
      {children}
      <div className="spacer" />
      <button className="icon" onClick={onClose} title="Back to the inspector" aria-label="Close">
        ×
      </button>
    </div>
  );
}
