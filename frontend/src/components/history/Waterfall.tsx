import type { ExchangeDetail } from '../../api';
import { formatBytes, formatDuration } from '../../lib/format';

interface Segment {
  key: string;
  label: string;
  from: number;
  to: number;
  title: string;
}

/** The phases of an exchange on one time line, from its timings. */
function segments(d: ExchangeDetail, total: number): Segment[] {
  const hs = d.handlerStartMs;
  const fb = d.firstByteMs;
  const out: Segment[] = [];
  if (hs > 0) {
    const waitFrom = Math.max(0, hs - d.compileWaitMs);
    if (waitFrom > 0) {
      out.push({ key: 'route', label: 'Routing', from: 0, to: waitFrom, title: 'Before the handler: routing and picking an isolate' });
    }
    if (d.compileWaitMs > 0) {
      out.push({ key: 'compile', label: 'Compile wait', from: waitFrom, to: hs, title: 'Waiting for the route to compile' });
    }
  }
  if (fb > 0) {
    out.push({ key: 'ttfb', label: 'To first byte', from: hs, to: fb, title: 'Handler start → first response byte' });
    if (total > fb) out.push({ key: 'body', label: 'Body', from: fb, to: total, title: 'First byte → end of the body (streaming)' });
  } else {
    out.push({ key: 'handler', label: hs > 0 ? 'Handler' : 'Total', from: hs, to: total, title: 'Until the end of the response' });
  }
  return out.filter((s) => s.to >= s.from);
}

const pct = (ms: number, total: number) => `${Math.min(100, Math.max(0, (ms / total) * 100))}%`;

/**
 * A horizontal bar from 0 to the exchange's duration: compile wait, time to
 * first byte and body, with a tick for each streamed chunk.
 */
export function Waterfall({ detail: d }: { detail: ExchangeDetail }) {
  const end = Math.max(d.durationMs, d.firstByteMs, ...d.chunks.map((c) => c[0]));
  const total = end > 0 ? end : 1;
  const segs = segments(d, end);
  const detailed = d.handlerStartMs > 0 || d.firstByteMs > 0;
  return (
    <div className="hx-waterfall" data-testid="timings">
      <div className="hx-wf-bar" role="img" aria-label={`Timings, ${formatDuration(d.durationMs)} in all`}>
        {segs.map((s) => (
          <span
            key={s.key}
            className={`hx-wf-seg hx-wf-${s.key}`}
            style={{ left: pct(s.from, total), width: pct(s.to - s.from, total) }}
            title={`${s.label}: ${formatDuration(s.to - s.from)} (${formatDuration(s.from)} → ${formatDuration(s.to)}). ${s.title}`}
          />
        ))}
        {d.chunks.map(([at, bytes], i) => (
          <span
            key={i}
            className="hx-wf-tick"
            style={{ left: pct(at, total) }}
            title={`Chunk ${i + 1}: ${formatBytes(bytes)} at ${formatDuration(at)}`}
            data-testid="timings-chunk"
          />
        ))}
      </div>
      <div className="hx-wf-axis mono">
        <span>0</span>
        <span>{formatDuration(d.durationMs)}</span>
      </div>
      <ul className="hx-wf-legend">
        {segs.map((s) => (
          <li key={s.key} title={s.title}>
            <span className={`hx-wf-swatch hx-wf-${s.key}`} />
            {s.label} <span className="mono">{formatDuration(s.to - s.from)}</span>
          </li>
        ))}
        {d.chunks.length > 0 && (
          <li title="Each tick on the bar is one chunk of a streamed body">
            <span className="hx-wf-swatch hx-wf-tick-swatch" />
            {d.chunks.length} chunk{d.chunks.length === 1 ? '' : 's'}
          </li>
        )}
        {!detailed && <li className="muted">No phase timings were recorded for this exchange.</li>}
      </ul>
    </div>
  );
}
