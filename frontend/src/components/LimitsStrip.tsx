import type { RouteInfo, SendResult } from '../api';
import { formatBytes, formatDuration } from '../lib/format';

interface Meter {
  key: string;
  label: string;
  /** Measured value, when the last response has one. */
  used?: number;
  limit: number;
  format: (n: number) => string;
  title: string;
}

/**
 * The limits of R-RT-6 for the selected route, each beside the value the
 * last response measured: the meter turns amber past half the limit and red
 * near it.
 */
export function LimitsStrip({ route, result }: { route: RouteInfo | undefined; result: SendResult | undefined }) {
  const limits = route?.limits;
  if (!route || !limits) return null;
  const meters: Meter[] = [
    {
      key: 'duration',
      label: 'Duration',
      used: result && result.status > 0 ? result.durationMs : undefined,
      limit: limits.maxDurationMs,
      format: formatDuration,
      title: `The response must start within ${formatDuration(limits.firstByteMs)} and end within ${formatDuration(limits.maxDurationMs)} (maxDuration).`,
    },
    {
      key: 'cpu',
      label: 'CPU',
      used: result && result.cpuMs !== undefined && result.status > 0 ? result.cpuMs : undefined,
      limit: limits.cpuMs,
      format: formatDuration,
      title: 'JavaScript time per request (Edgeplay\'s own limit; "cpuLimit" in edgeplay.json). Past it the request answers 500 and the isolate is replaced.',
    },
    {
      key: 'memory',
      label: 'Memory',
      limit: limits.memoryBytes,
      format: formatBytes,
      title: 'Heap an isolate may grow while serving a request, as on the Edge Runtime. Past it the request answers 500 and the isolate is replaced.',
    },
    {
      key: 'body',
      label: 'Request body',
      limit: limits.requestBodyBytes,
      format: (n) => `${(n / 1_000_000).toFixed(1)} MB`,
      title: 'Larger request bodies are refused with 413.',
    },
  ];
  if (route.codeSizeLimit) {
    meters.push({
      key: 'code',
      label: 'Code',
      used: route.codeSize,
      limit: route.codeSizeLimit,
      format: formatBytes,
      title: 'Compiled code, gzipped, against the plan\'s limit ("plan" in edgeplay.json).',
    });
  }
  return (
    <div className="limits" data-testid="limits">
      {meters.map((m) => (
        <span key={m.key} className={`limit ${level(m.used, m.limit)}`} title={m.title} data-testid={`limit-${m.key}`}>
          <span className="limit-label">{m.label}</span> {m.used !== undefined ? `${m.format(m.used)} / ` : ''}
          {m.format(m.limit)}
        </span>
      ))}
      <span className="limit" title={ISOLATES_TITLE}>
        <span className="limit-label">Isolates</span> {limits.isolates}
      </span>
    </div>
  );
}

function level(used: number | undefined, limit: number): string {
  if (used === undefined || limit <= 0) return '';
  const f = used / limit;
  if (f >= 0.9) return 'over';
  if (f >= 0.5) return 'near';
  return 'ok';
}

const ISOLATES_TITLE = 'Isolates serving this route at once ("isolates" in edgeplay.json); module state lives per isolate.';
