import { useState } from 'react';
import { headerValue, prettyJSON } from '../lib/format';
import { parseQuery, withQuery } from '../lib/query';
import { EditableKVTable, type Row } from './KVTable';
import { TabBar } from './Tabs';

export interface Draft {
  method: string;
  /** Path with query string, as typed. */
  path: string;
  headers: Row[];
  cookies: Row[];
  body: string;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

type TabKey = 'params' | 'headers' | 'cookies' | 'body';

interface Props {
  draft: Draft;
  onChange: (d: Draft) => void;
  onSend: () => void;
  onReset: () => void;
  sending: boolean;
}

export function RequestBuilder({ draft, onChange, onSend, onReset, sending }: Props) {
  const [tab, setTab] = useState<TabKey>('params');
  const params = parseQuery(draft.path);
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch });
  const hasBody = draft.method !== 'GET' && draft.method !== 'HEAD';
  const count = (rows: Row[]) => rows.filter((r) => r.enabled && r.name.trim() !== '').length;
  const badge = (n: number) => (n > 0 ? <span className="count">{n}</span> : null);

  return (
    <div className="request">
      <form
        className="request-line"
        onSubmit={(e) => {
          e.preventDefault();
          onSend();
        }}
      >
        <select
          className={`method m-${draft.method.toLowerCase()}`}
          data-testid="method"
          value={draft.method}
          onChange={(e) => set({ method: e.target.value })}
          aria-label="Method"
        >
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <input
          className="path"
          data-testid="path"
          value={draft.path}
          spellCheck={false}
          placeholder="/api/route?name=value"
          aria-label="Path and query"
          onChange={(e) => set({ path: e.target.value })}
        />
        <button type="submit" className="primary send" data-testid="send" disabled={sending} title="Send (Ctrl+Enter)">
          {sending ? 'Sending…' : 'Send'}
        </button>
      </form>
      <TabBar<TabKey>
        tabs={[
          { key: 'params', label: <>Params{badge(params.length)}</> },
          { key: 'headers', label: <>Headers{badge(count(draft.headers))}</> },
          { key: 'cookies', label: <>Cookies{badge(count(draft.cookies))}</> },
          { key: 'body', label: <>Body{hasBody && draft.body !== '' ? <span className="count">•</span> : null}</> },
        ]}
        active={tab}
        onSelect={setTab}
      >
        <button type="button" className="link small" onClick={onReset} title="Back to a plain GET of this route">
          Reset
        </button>
      </TabBar>
      <div className="request-tab">
        {tab === 'params' && (
          <EditableKVTable
            rows={params.map((p) => ({ ...p, enabled: true }))}
            onChange={(rows) => set({ path: withQuery(draft.path, rows) })}
            toggles={false}
            testId="query-params"
          />
        )}
        {tab === 'headers' && (
          <EditableKVTable rows={draft.headers} onChange={(headers) => set({ headers })} namePlaceholder="header" testId="request-headers" />
        )}
        {tab === 'cookies' && (
          <>
            <EditableKVTable rows={draft.cookies} onChange={(cookies) => set({ cookies })} namePlaceholder="cookie" testId="request-cookies" />
            <div className="muted small pad">Sent as one <code>cookie</code> header.</div>
          </>
        )}
        {tab === 'body' && (hasBody ? <BodyEditor draft={draft} onChange={onChange} /> : <div className="muted small pad">{draft.method} requests have no body.</div>)}
      </div>
    </div>
  );
}

function BodyEditor({ draft, onChange }: { draft: Draft; onChange: (d: Draft) => void }) {
  const enabledHeaders = draft.headers.filter((h) => h.enabled);
  const contentType = headerValue(enabledHeaders, 'content-type');
  const pretty = draft.body.trim() === '' ? undefined : prettyJSON(draft.body);
  return (
    <div className="body-editor">
      <textarea
        data-testid="request-body"
        value={draft.body}
        spellCheck={false}
        placeholder='{"name": "value"}'
        onChange={(e) => onChange({ ...draft, body: e.target.value })}
      />
      <div className="body-tools small">
        {pretty !== undefined && !contentType && (
          <button
            type="button"
            className="link"
            onClick={() => onChange({ ...draft, headers: [...draft.headers, { name: 'content-type', value: 'application/json', enabled: true }] })}
          >
            + content-type: application/json
          </button>
        )}
        {pretty !== undefined && pretty !== draft.body && (
          <button type="button" className="link" onClick={() => onChange({ ...draft, body: pretty })}>
            Format JSON
          </button>
        )}
        {contentType && <span className="muted">content-type: {contentType}</span>}
      </div>
    </div>
  );
}
