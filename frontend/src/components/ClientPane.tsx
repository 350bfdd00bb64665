import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorText, type KV, type RouteInfo, type SendResult } from '../api';
import { isModKey, onCommand, runCommand } from '../lib/commands';
import { pathToSend } from '../lib/query';
import { load, save } from '../lib/storage';
import type { Row } from './KVTable';
import { RequestBuilder, type Draft } from './RequestBuilder';
import { LimitsStrip } from './LimitsStrip';
import { ResponsePane } from './ResponsePane';

const DRAFTS_KEY = 'edgeplay.drafts.v1';
const MAX_DRAFTS = 200;

function isRow(v: unknown): v is Row {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.name === 'string' && typeof r.value === 'string' && typeof r.enabled === 'boolean';
}

function isDraft(v: unknown): v is Draft {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  return (
    typeof d.method === 'string' &&
    typeof d.path === 'string' &&
    typeof d.body === 'string' &&
    Array.isArray(d.headers) &&
    d.headers.every(isRow) &&
    Array.isArray(d.cookies) &&
    d.cookies.every(isRow)
  );
}

function isDraftMap(v: unknown): v is Record<string, Draft> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isDraft);
}

function loadDraft(key: string): Draft | undefined {
  return load(DRAFTS_KEY, {}, isDraftMap)[key];
}

function saveDraft(key: string, d: Draft): void {
  const all = load(DRAFTS_KEY, {}, isDraftMap);
  delete all[key];
  all[key] = d; // newest last
  const keys = Object.keys(all);
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_DRAFTS))) delete all[k];
  save(DRAFTS_KEY, all);
}

// The last response per route for this run of the app (not persisted).
const lastResults = new Map<string, SendResult>();
// Each pane's draft as it is now (storage gets it a moment later).
const liveDrafts = new Map<string, Draft>();

export function defaultDraft(route: RouteInfo | undefined): Draft {
  return { method: 'GET', path: route?.pattern ?? '/api/', headers: [], cookies: [], body: '' };
}

/** The request as Go's Send takes it. */
export function buildRequest(d: Draft) {
  const headers: KV[] = d.headers.filter((h) => h.enabled && h.name.trim() !== '').map((h) => ({ name: h.name.trim(), value: h.value }));
  const cookies = d.cookies.filter((c) => c.enabled && c.name.trim() !== '').map((c) => `${c.name.trim()}=${c.value}`);
  if (cookies.length > 0) headers.push({ name: 'cookie', value: cookies.join('; ') });
  const hasBody = d.method !== 'GET' && d.method !== 'HEAD';
  return { method: d.method, path: pathToSend(d.path), headers, body: hasBody ? d.body : '' };
}

/** The request the pane of draftKey would send now (its saved draft, else the route's default). */
export function currentRequest(draftKey: string, route: RouteInfo | undefined) {
  return buildRequest(liveDrafts.get(draftKey) ?? loadDraft(draftKey) ?? defaultDraft(route));
}

interface Props {
  /** Identifies the route's draft: workspace dir + route pattern. */
  draftKey: string;
  route: RouteInfo | undefined;
}

/** Request builder and response: the right-hand pane. */
export function ClientPane({ draftKey, route }: Props) {
  const [draft, setDraft] = useState<Draft>(() => loadDraft(draftKey) ?? defaultDraft(route));
  const [result, setResult] = useState<SendResult | undefined>(() => lastResults.get(draftKey));
  const [sendError, setSendError] = useState('');
  const [sending, setSending] = useState(false);

  const draftRef = useRef(draft);
  draftRef.current = draft;
  const sendingRef = useRef(false);

  useEffect(() => {
    liveDrafts.set(draftKey, draft);
    const t = setTimeout(() => saveDraft(draftKey, draft), 300);
    return () => clearTimeout(t);
  }, [draftKey, draft]);

  const send = useCallback(async () => {
    if (sendingRef.current) return;
    sendingRef.current = true;
    setSending(true);
    setSendError('');
    try {
      const r = await api.send(buildRequest(draftRef.current));
      lastResults.set(draftKey, r);
      setResult(r);
    } catch (err) {
      setResult(undefined);
      setSendError(errorText(err));
    } finally {
      sendingRef.current = false;
      setSending(false);
    }
  }, [draftKey]);

  useEffect(() => onCommand('send', () => void send()), [send]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !isModKey(e, 'Enter')) return;
      e.preventDefault();
      runCommand('send');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="client-pane">
      <RequestBuilder
        draft={draft}
        onChange={setDraft}
        onSend={() => void send()}
        onReset={() => setDraft(defaultDraft(route))}
        sending={sending}
      />
      <ResponsePane result={result} error={sendError} sending={sending} />
      <LimitsStrip route={route} result={result} />
    </section>
  );
}
