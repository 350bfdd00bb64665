import { useState } from 'react';
import { api, errorText, type AppState } from '../api';
import type { Theme } from '../lib/monaco';
import { VercelToggle } from './VercelToggle';

interface Props {
  state: AppState | undefined;
  onState: (s: AppState) => void;
  theme: Theme;
  onToggleTheme: () => void;
}

export function TopBar({ state, onState, theme, onToggleTheme }: Props) {
  const [busy, setBusy] = useState<'' | 'folder' | 'examples'>('');
  const [error, setError] = useState('');
  const [copied, setCopied] = useState(false);

  const open = async (which: 'folder' | 'examples') => {
    setBusy(which);
    setError('');
    try {
      onState(which === 'folder' ? await api.chooseWorkspace() : await api.openBuiltinWorkspace());
    } catch (err) {
      setError(`Could not open ${which === 'folder' ? 'the folder' : 'the examples'}: ${errorText(err)}`);
    } finally {
      setBusy('');
    }
  };

  const copyURL = async () => {
    if (!state) return;
    try {
      await navigator.clipboard.writeText(state.serverURL);
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    } catch (err) {
      setError(`Could not copy the server URL: ${errorText(err)}`);
    }
  };

  const ws = state?.workspace;
  return (
    <header className="topbar">
      <div className="brand" title="Edgeplay">
        <span className="logo" aria-hidden>
          ◆
        </span>
        Edgeplay
      </div>
      <div className="workspace" title={ws?.dir ?? ''} data-testid="workspace-name">
        {ws ? ws.name : 'No workspace'}
        {ws?.builtin && <span className="badge subtle">built-in</span>}
      </div>
      <button onClick={() => open('folder')} disabled={busy !== ''}>
        {busy === 'folder' ? 'Opening…' : 'Open folder…'}
      </button>
      <button onClick={() => open('examples')} disabled={busy !== ''}>
        {busy === 'examples' ? 'Opening…' : 'Examples'}
      </button>
      {error && (
        <div className="topbar-error" role="alert">
          <span>{error}</span>
          <button className="icon" title="Dismiss" onClick={() => setError('')}>
            ×
          </button>
        </div>
      )}
      <div className="spacer" />
      {state && <VercelToggle state={state} onState={onState} onError={setError} />}
      {state && (
        <span className={`badge mode-${state.mode}`} data-testid="mode" title="Build mode of the edge server">
          {state.mode}
        </span>
      )}
      {state && (
        <button className="server-url" onClick={copyURL} title="Edge server address — click to copy" data-testid="server-url">
          <span className="dot" aria-hidden />
          {copied ? 'Copied' : state.serverURL.replace(/^https?:\/\//, '')}
        </button>
      )}
      <button className="icon theme-toggle" onClick={onToggleTheme} title={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
