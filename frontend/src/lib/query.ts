// Keeps the path input and the query-parameter table in step: the path text is
// the one source of truth, the table is parsed from it and edits to the table
// write a new path.

import type { KV } from '../api';

export interface SplitPath {
  pathname: string;
  query: string;
  /** "#..." or "", kept as typed (it is not sent, but neither is it lost). */
  hash: string;
}

export function splitPath(path: string): SplitPath {
  let rest = path;
  let hash = '';
  const h = rest.indexOf('#');
  if (h >= 0) {
    hash = rest.slice(h);
    rest = rest.slice(0, h);
  }
  const q = rest.indexOf('?');
  if (q < 0) return { pathname: rest, query: '', hash };
  return { pathname: rest.slice(0, q), query: rest.slice(q + 1), hash };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s; // a stray "%" is shown as typed
  }
}

/** The query parameters of a path, in order, duplicates kept. */
export function parseQuery(path: string): KV[] {
  const { query } = splitPath(path);
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return { name: decode(pair), value: '' };
    return { name: decode(pair.slice(0, eq)), value: decode(pair.slice(eq + 1)) };
  });
}

function encode(s: string): string {
  return encodeURIComponent(s);
}

/** Replaces the query string of a path with the given parameters. */
export function withQuery(path: string, params: KV[]): string {
  const { pathname, hash } = splitPath(path);
  // A row with neither name nor value is gone (cleared in the table).
  const kept = params.filter((p) => p.name !== '' || p.value !== '');
  if (kept.length === 0) return pathname + hash;
  const q = kept.map((p) => `${encode(p.name)}=${encode(p.value)}`);
  return `${pathname}?${q.join('&')}${hash}`;
}

/** The path as sent: no fragment. */
export function pathToSend(path: string): string {
  const { pathname, query } = splitPath(path.trim());
  const p = pathname.startsWith('/') ? pathname : `/${pathname}`;
  return query === '' ? p : `${p}?${query}`;
}
