import { useMemo } from 'react';
import type { BodyView, KV } from '../../api';
import {
  base64ToBytes,
  formatBytes,
  headerValue,
  hexDump,
  isJSONContentType,
  prettyJSON,
  prettyJSONIfLooksLike,
  utf8Length,
} from '../../lib/format';
import { KVList } from '../KVTable';

/** The most bytes the hex view renders. */
const HEX_LIMIT = 64 * 1024;

interface Rendered {
  kind: 'json' | 'text' | 'hex' | 'empty';
  text: string;
  note?: string;
  stored: number;
}

function render(body: BodyView, headers: KV[]): Rendered {
  if (body.binary) {
    let bytes: Uint8Array;
    try {
      bytes = base64ToBytes(body.base64);
    } catch (err) {
      return { kind: 'empty', text: '', note: `The binary body could not be decoded: ${String(err)}`, stored: 0 };
    }
    const more = bytes.length > HEX_LIMIT ? `; the first ${formatBytes(HEX_LIMIT)} are shown` : '';
    return { kind: 'hex', text: hexDump(bytes, HEX_LIMIT), note: `Binary body, ${formatBytes(bytes.length)}${more}`, stored: bytes.length };
  }
  const stored = utf8Length(body.text);
  if (body.text === '') return { kind: 'empty', text: '', note: 'Empty body', stored };
  const declared = isJSONContentType(headerValue(headers, 'content-type'));
  const pretty = declared ? prettyJSON(body.text) : prettyJSONIfLooksLike(body.text);
  if (pretty !== undefined) return { kind: 'json', text: pretty, stored };
  if (declared && !body.truncated) return { kind: 'text', text: body.text, note: 'The body is not valid JSON.', stored };
  return { kind: 'text', text: body.text, stored };
}

/** A recorded request or response: its headers, then its body. */
export function Message({ headers, body, testId }: { headers: KV[]; body: BodyView; testId: string }) {
  const view = useMemo(() => render(body, headers), [body, headers]);
  return (
    <div className="message" data-testid={testId}>
      <KVList rows={headers} empty="No headers" testId={`${testId}-headers`} />
      {body.truncated && (
        <div className="banner warn small" data-testid={`${testId}-truncated`}>
          <b>Truncated:</b> stored {formatBytes(view.stored)} of {formatBytes(body.size)}.
        </div>
      )}
      {view.note && <div className="muted small pad">{view.note}</div>}
      {view.text !== '' && (
        <pre className={`body ${view.kind}`} data-testid={`${testId}-body`}>
          {view.text}
        </pre>
      )}
    </div>
  );
}
