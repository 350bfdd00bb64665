import { useState, type FormEvent } from 'react';
import { api, errorText, type RouteInfo } from '../api';

interface Props {
  routes: RouteInfo[];
  selected: string | undefined;
  onSelect: (file: string) => void;
  onCreated: (r: RouteInfo) => void;
}

export function RouteList({ routes, selected, onSelect, onCreated }: Props) {
  return (
    <nav className="routes">
      <div className="pane-title">
        Routes <span className="count">{routes.length}</span>
      </div>
      <ul className="route-list">
        {routes.map((r) => (
          <RouteItem key={r.file} route={r} selected={r.file === selected} onSelect={onSelect} />
        ))}
        {routes.length === 0 && <li className="muted small pad">No routes in pages/api yet.</li>}
      </ul>
      <NewRoute onCreated={onCreated} />
    </nav>
  );
}

function RouteItem({ route, selected, onSelect }: { route: RouteInfo; selected: boolean; onSelect: (f: string) => void }) {
  const errors = route.problems.filter((p) => p.severity === 'error').length;
  const warnings = route.problems.filter((p) => p.severity === 'warning');
  const nodeRuntime = route.status === 'node-runtime' || route.runtime === 'nodejs';
  const params = paramLabels(route.pattern);
  return (
    <li>
      <button
        className={selected ? 'route-item selected' : 'route-item'}
        data-testid="route-item"
        data-pattern={route.pattern}
        onClick={() => onSelect(route.file)}
        title={route.file}
      >
        <span className="route-pattern">{route.pattern}</span>
        <span className="route-file">{route.file}</span>
        <span className="route-badges">
          {route.status === 'build-error' && (
            <span className="badge error" title={`${errors} build error${errors === 1 ? '' : 's'}`}>
              build error
            </span>
          )}
          {nodeRuntime ? (
            <span className="badge warn" data-testid="route-runtime" title="A Node.js route: Edgeplay runs Edge routes only (R-ROUTE-5)">
              Node.js runtime
            </span>
          ) : (
            <span className="badge subtle" data-testid="route-runtime" title="Runs in the Edge Runtime">
              {route.runtime}
            </span>
          )}
          {route.status === 'ok' && (
            <span
              className="badge subtle"
              data-testid="route-regions"
              title={route.regions.length > 0 ? `config.regions: ${route.regions.join(', ')}` : 'No config.regions: runs in the region nearest the client (R-REGION-2)'}
            >
              {route.regions.length === 0 ? 'all regions' : route.regions.length <= 2 ? route.regions.join(' ') : `${route.regions.length} regions`}
            </span>
          )}
          {params.length > 0 && (
            <span className="badge subtle" data-testid="route-params" title="Dynamic segments, merged into the query (R-ROUTE-3)">
              {params.join(' ')}
            </span>
          )}
          {warnings.length > 0 && (
            <span className="badge warn" data-testid="route-warnings" title={warnings.map((w) => `${w.file}:${w.line}: ${w.message}`).join('\n')}>
              {warnings.length} warning{warnings.length === 1 ? '' : 's'}
            </span>
          )}
        </span>
      </button>
    </li>
  );
}

/**
 * The dynamic segments of a route pattern (R-ROUTE-2): "id" for [id],
 * "slug…" for [...slug] (one or more), "slug…?" for [[...slug]] (zero or more).
 */
export function paramLabels(pattern: string): string[] {
  const labels: string[] = [];
  for (const seg of pattern.split('/')) {
    const optional = /^\[\[\.\.\.(.+)\]\]$/.exec(seg);
    const catchAll = /^\[\.\.\.(.+)\]$/.exec(seg);
    const single = /^\[(.+)\]$/.exec(seg);
    if (optional) labels.push(`${optional[1]}…?`);
    else if (catchAll) labels.push(`${catchAll[1]}…`);
    else if (single) labels.push(single[1]);
  }
  return labels;
}

function NewRoute({ onCreated }: { onCreated: (r: RouteInfo) => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) return;
    setBusy(true);
    setError('');
    try {
      const r = await api.newRoute(n);
      setOpen(false);
      setName('');
      onCreated(r);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button className="new-route" data-testid="new-route" onClick={() => setOpen(true)}>
        + New route
      </button>
    );
  }
  return (
    <form className="new-route-form" onSubmit={submit}>
      <label className="small muted" htmlFor="new-route-name">
        pages/api/<b>name</b>.ts
      </label>
      <input
        id="new-route-name"
        data-testid="new-route-name"
        autoFocus
        value={name}
        placeholder="hello"
        spellCheck={false}
        disabled={busy}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setOpen(false);
            setError('');
          }
        }}
      />
      <div className="row">
        <button type="submit" className="primary" disabled={busy || !name.trim()}>
          {busy ? 'Creating…' : 'Create'}
        </button>
        <button type="button" onClick={() => { setOpen(false); setError(''); }}>
          Cancel
        </button>
      </div>
      {error && <div className="error-text small" role="alert">{error}</div>}
    </form>
  );
}
