import { useMemo, useState } from 'react';
import type { KV, SendResult } from '../api';
import { base64ToBytes, formatBytes, formatDuration, headerValue, hexDump, isJSONContentType, prettyJSON, statusClass } from '../lib/format';
import { KVList } from './KVTable';
import { TabBar } from './Tabs';

type TabKey = 'body' | 'headers';

interface Props {
  result: SendResult | undefined;
  /** A failed Send call (the promise rejected). */
  error: string;
  sending: boolean;
}

export function ResponsePane({ result, error, sending }: Props) {
  const [tab, setTab] = useState<TabKey>('body');
  return (
    <div className={sending ? 'response busy' : 'response'}>
      <div className="response-summary">
        <span className="pane-title inline">Response</span>
        {result && result.status > 0 && (
          <span className={`status ${statusClass(result.status, result.error)}`} data-testid="response-status">
            {result.status} {result.statusText}
          </span>
        )}
        {result && result.status <= 0 && (
          <span className="status serr" data-testid="response-status">
            No response
          </span>
        )}
        {result && (
          <>
            <span className="metric" title="Total time">
              {formatDuration(result.durationMs)}
            </span>
            <span className="metric" title="Response body size">
              {formatBytes(result.size)}
            </span>
          </>
        )}
        {sending && <span className="spinner" aria-label="Sending" />}
      </div>
      {error && (
        <div className="banner error" role="alert" data-testid="response-error">
          <b>Send failed.</b> {error}
        </div>
      )}
      {result?.error && (
        <div className="banner error" role="alert" data-testid="response-error">
          {result.error}
        </div>
      )}
      {!result && !error && (
        <div className="empty muted">{sending ? 'Waiting for the response…' : 'Send a request to see the response here.'}</div>
      )}
      {result && (
        <>
          <TabBar<TabKey>
            tabs={[
              { key: 'body', label: 'Body' },
              { key: 'headers', label: <>Headers<span className="count">{result.headers.length}</span></> },
            ]}
            active={tab}
            onSelect={setTab}
          />
          <div className="response-tab" hidden={tab !== 'body'}>
            <ResponseBody result={result} />
          </div>
          <div className="response-tab" hidden={tab !== 'headers'}>
            <KVList rows={result.headers} testId="response-headers" empty="No headers" />
          </div>
        </>
      )}
    </div>
  );
}

function ResponseBody({ result }: { result: SendResult }) {
  const view = useMemo(() => bodyView(result.headers, result.body, result.bodyBase64, result.binary), [result]);
  return (
    <>
      {view.note && <div className="muted small pad">{view.note}</div>}
      <pre className={`body ${view.kind}`} data-testid="response-body">
        {view.text}
      </pre>
    </>
  );
}

interface BodyView {
  kind: 'json' | 'text' | 'hex' | 'empty';
  text: string;
  note?: string;
}

export function bodyView(headers: KV[], body: string, bodyBase64: string, binary: boolean): BodyView {
  if (binary) {
    try {
      const bytes = base64ToBytes(bodyBase64);
      return { kind: 'hex', text: hexDump(bytes), note: `Binary body, ${formatBytes(bytes.length)}` };
    } catch (err) {
      return { kind: 'text', text: body, note: `Binary body could not be decoded: ${String(err)}` };
    }
  }
  if (body === '') return { kind: 'empty', text: '', note: 'Empty body' };
  if (isJSONContentType(headerValue(headers, 'content-type'))) {
    const pretty = prettyJSON(body);
    if (pretty !== undefined) return { kind: 'json', text: pretty };
    return { kind: 'text', text: body, note: 'The body is not valid JSON.' };
  }
  return { kind: 'text', text: body };
}
