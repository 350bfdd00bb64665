import { useState } from 'react';
import { api, errorText, type HistoryStatus } from '../../api';
import { ConfirmButton } from './ConfirmButton';
import { PanelHead } from './panels';

interface Props {
  status: HistoryStatus | undefined;
  onStatus: (s: HistoryStatus) => void;
  /** The stored exchanges changed (cleared): reload the list. */
  onChanged: () => void;
  onClose: () => void;
}

type Busy = '' | 'save' | 'vacuum' | 'clear';

/** Retention bounds, vacuum and clear, with the history's counters. */
export function SettingsPanel({ status, onStatus, onChanged, onClose }: Props) {
  const [maxExchanges, setMaxExchanges] = useState(String(status?.maxExchanges ?? 0));
  const [maxDays, setMaxDays] = useState(String(status?.maxDays ?? 0));
  const [busy, setBusy] = useState<Busy>('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  const run = async (what: Exclude<Busy, ''>, fn: () => Promise<string>) => {
    setBusy(what);
    setError('');
    setDone('');
    try {
      setDone(await fn());
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy('');
    }
  };

  const parse = (s: string, label: string): number => {
    const n = Number(s.trim() === '' ? '0' : s);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${label} must be a whole number, 0 or more (0: no bound).`);
    return n;
  };

  const save = () =>
    run('save', async () => {
      const s = await api.setHistorySettings({ maxExchanges: parse(maxExchanges, 'Max exchanges'), maxDays: parse(maxDays, 'Max days') });
      onStatus(s);
      onChanged();
      return 'Saved; the bounds apply now.';
    });

  return (
    <div className="exchange hx-panel" data-testid="history-settings">
      <PanelHead title="History settings" onClose={onClose} />
      {error && (
        <div className="banner error" role="alert" data-testid="settings-error">
          {error}
        </div>
      )}
      <div className="exchange-body hx-settings">
        <form
          className="hx-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            <span>Keep at most</span>
            <input type="number" min={0} value={maxExchanges} onChange={(e) => setMaxExchanges(e.target.value)} data-testid="settings-max-exchanges" />
            <span className="muted">exchanges</span>
          </label>
          <label>
            <span>Keep for at most</span>
            <input type="number" min={0} value={maxDays} onChange={(e) => setMaxDays(e.target.value)} data-testid="settings-max-days" />
            <span className="muted">days</span>
          </label>
          <div className="muted small">0 means no bound. Now: {bound(status?.maxExchanges, 'exchanges')}, {bound(status?.maxDays, 'days')}.</div>
          <div className="row">
            <button type="submit" className="primary" disabled={busy !== ''} data-testid="settings-save">
              {busy === 'save' ? 'Saving…' : 'Save bounds'}
            </button>
            <button
              type="button"
              disabled={busy !== ''}
              title="Give the space of deleted exchanges back to the disk"
              onClick={() =>
                void run('vacuum', async () => {
                  const s = await api.vacuumHistory();
                  onStatus(s);
                  return 'Vacuumed.';
                })
              }
            >
              {busy === 'vacuum' ? 'Vacuuming…' : 'Vacuum'}
            </button>
            <ConfirmButton
              label="Clear all…"
              confirm={`Delete all ${status?.count ?? ''} exchanges?`}
              disabled={busy !== ''}
              testId="settings-clear"
              onConfirm={() =>
                void run('clear', async () => {
                  await api.clearHistory();
                  onChanged();
                  return 'The history is empty.';
                })
              }
            />
            {busy !== '' && <span className="spinner" />}
          </div>
          {done && <div className="ok-text small">{done}</div>}
        </form>
        {status && (
          <table className="kv kv-read hx-facts">
            <tbody>
              <tr>
                <th>Database</th>
                <td>{status.path}</td>
              </tr>
              <tr>
                <th>Stored</th>
                <td>{status.count}</td>
              </tr>
              <tr>
                <th>Recorded since start</th>
                <td>{status.recorded}</td>
              </tr>
              <tr>
                <th>Pruned by the bounds</th>
                <td>{status.pruned}</td>
              </tr>
              <tr>
                <th>Dropped (queue full)</th>
                <td className={status.dropped > 0 ? 'warn-text' : ''}>{status.dropped}</td>
              </tr>
              <tr>
                <th>Failed to write</th>
                <td className={status.failed > 0 ? 'error-text' : ''}>{status.failed}</td>
              </tr>
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

const bound = (n: number | undefined, unit: string) => (n ? `${n} ${unit}` : `no bound on ${unit}`);
