// The one module that talks to Go. Wails binds the Go `App` as
// window.go.main.App.<Method>(...) (each call returns a Promise that rejects
// with Go's error text) and pushes events through window.runtime.EventsOn.
// Nothing else in the frontend touches window.go or window.runtime.
//
// The types below mirror the Go structs in app.go field for field (their JSON
// tags are the lowerCamelCase names used here).

export type Mode = 'production' | 'development';
export type Runtime = 'edge' | 'nodejs';
export type RouteStatus = 'ok' | 'build-error' | 'node-runtime';
export type Severity = 'error' | 'warning';

export interface Workspace {
  dir: string;
  name: string;
  builtin: boolean;
}

export interface AppState {
  workspace: Workspace;
  serverURL: string;
  mode: Mode;
  routes: RouteInfo[];
  /** The Vercel platform simulation (regions, platform headers, CDN cache) is on. */
  vercel: boolean;
  /** The simulated client location, when on. */
  client: string;
}

/** A built-in client location of the Vercel simulation. */
export interface PlaceInfo {
  name: string;
  country: string;
  lat: number;
  lon: number;
}

/** One network leg of a simulated request's path (R-REGION-3). */
export interface LegView {
  /** "client", a region id, or "data". */
  from: string;
  to: string;
  distanceKm: number;
  oneWayMs: number;
}

/**
 * The Vercel simulation's context of an exchange. Times on the simulated
 * clock are RFC 3339, "" when unset.
 */
export interface SimView {
  client: string;
  clientLat: number;
  clientLon: number;
  /** Where the request entered Vercel's network and where it ran (region ids). */
  entry: string;
  exec: string;
  /** The data source the handler fetches from. */
  data: string;
  dataLat: number;
  dataLon: number;
  /** client → entry, entry → exec, exec → data. */
  legs: LegView[];
  vercelId: string;
  networkMs: number;
  /** Outbound fetches, each adding the exec → data round trip to networkMs. */
  fetches: number;
  /** x-vercel-cache: MISS, HIT, STALE, REVALIDATED, BYPASS. */
  cache: string;
  cacheReason: string;
  /** The CDN cache key in the entry region's cache ("" when the cache was not consulted). */
  cacheKey: string;
  cacheAgeMs: number;
  /** The simulated clock when the request arrived. */
  clock: string;
  /** The lifetime of the entry that answered or was stored. */
  storedAt: string;
  freshUntil: string;
  staleUntil: string;
  /** The simulation run (server start) it was served in: each run has its own caches and clock. */
  run: string;
}

/** One event of a region's CDN cache timeline (R-CACHE-6), on the simulated clock. */
export interface CacheEventView {
  /** RFC 3339, simulated clock. */
  time: string;
  region: string;
  kind: 'stored' | 'hit' | 'stale' | 'revalidated' | 'revalidation-failed' | 'expired' | 'evicted' | 'purged' | 'bypass';
  /** The cache key, as SimView.cacheKey gives it. */
  key: string;
  url: string;
  route: string;
  reason: string;
}

/** A Vercel region on the map (R-REGION-1). */
export interface RegionInfo {
  id: string;
  city: string;
  lat: number;
  lon: number;
}

/** The simulation's state; `on` is false (the rest empty) in local mode. */
export interface SimState {
  on: boolean;
  home: string;
  client: PlaceInfo;
  /** The data source (country empty). */
  data: PlaceInfo;
  /** The simulated clock (RFC 3339) and whether it is paused (R-CACHE-6). */
  clock: string;
  paused: boolean;
  /** The simulated network time is applied as real delay. */
  feel: boolean;
  /** This run's id; its records carry it (SimView.run). */
  run: string;
}

/** The current request, fired from one city. */
export interface EverywhereRow {
  city: string;
  status: number;
  error?: string;
  sim?: SimView;
  place: PlaceInfo;
}

/** A recorded exchange of the simulation (for the map and the cache timeline). */
export interface SimulatedExchange extends Pick<ExchangeSummary, 'id' | 'start' | 'method' | 'url' | 'route' | 'status'> {
  sim: SimView;
}

export interface Problem {
  severity: Severity;
  /** Workspace-relative file the problem is in. */
  file: string;
  /** 1-based. */
  line: number;
  /** 0-based (esbuild convention). */
  column: number;
  message: string;
  /** The source line, when esbuild gives it (Go: omitempty). */
  lineText?: string;
}

export interface RouteInfo {
  pattern: string;
  /** Workspace-relative path, e.g. "pages/api/json.ts". */
  file: string;
  runtime: Runtime;
  regions: string[];
  status: RouteStatus;
  problems: Problem[];
  /** Dynamic segment names, e.g. ["id"] for /api/users/[id] (extra Go field). */
  params?: string[];
  /** Content hash of the compiled handler (extra Go field). */
  version?: string;
  /** Compiled code gzipped and the plan's limit for it, in bytes (R-RT-6). */
  codeSize?: number;
  codeSizeLimit?: number;
  /** The other limits its requests run under (R-RT-6). */
  limits?: RouteLimits;
}

/** R-RT-6's limits for one route; durations in milliseconds. */
export interface RouteLimits {
  firstByteMs: number;
  maxDurationMs: number;
  cpuMs: number;
  memoryBytes: number;
  requestBodyBytes: number;
  isolates: number;
}

export interface KV {
  name: string;
  value: string;
}

export interface SendRequest {
  method: string;
  /** Path plus query string, e.g. "/api/query-parameters?email=a%40b.c". */
  path: string;
  headers: KV[];
  body: string;
}

export interface SendResult {
  status: number;
  statusText: string;
  headers: KV[];
  body: string;
  bodyBase64: string;
  binary: boolean;
  durationMs: number;
  size: number;
  error: string;
  /** JavaScript time the request used (the CPU limit's measure), when known. */
  cpuMs?: number;
  /** Where the request went in the Vercel simulation (absent when off). */
  sim?: SimView;
}

export interface ExchangeSummary {
  id: number;
  /** RFC 3339. */
  start: string;
  method: string;
  url: string;
  route: string;
  status: number;
  durationMs: number;
  error: string;
  /** The handler's JavaScript time (R-RT-6). */
  cpuMs: number;
  /** The exchange this one replayed; 0 when none. */
  replayOf: number;
  /** Content hash of the handler that answered. */
  handlerVersion: string;
  /** The response body's full size in bytes. */
  responseSize: number;
}

export interface LogLine {
  time: string;
  level: string;
  message: string;
}

/** A recorded body as the inspector shows it. */
export interface BodyView {
  /** The body as text ("" when binary). */
  text: string;
  /** The body in base64 when binary. */
  base64: string;
  binary: boolean;
  /** The full size in bytes (the stored part may be shorter). */
  size: number;
  /** The stored body is only the first part of the real one. */
  truncated: boolean;
}

export interface ExchangeDetail extends ExchangeSummary {
  requestHeaders: KV[];
  requestBody: string;
  responseHeaders: KV[];
  responseBody: string;
  logs: LogLine[];
  mode: string;
  /** The route's source file. */
  file: string;
  request: BodyView;
  response: BodyView;
  /** Dynamic segments as matched: name → values. */
  params: Record<string, string[]> | null;
  /** Milliseconds from the start (compileWaitMs is a wait, not an offset). */
  compileWaitMs: number;
  handlerStartMs: number;
  firstByteMs: number;
  /** A streamed body's chunks: [ms from start, bytes]. */
  chunks: [number, number][];
  /** The Vercel simulation's context (null when it was off). */
  sim: SimView | null;
}

/** A position in the newest-first history, to continue a listing. */
export interface HistoryCursor {
  start: string;
  id: number;
}

/** The history filter; empty fields match everything. */
export interface HistoryQuery {
  route: string;
  method: string;
  /** A code ("404") or a class ("5xx"). */
  status: string;
  text: string;
  /** Only the last so many minutes (0: all). */
  sinceMinutes: number;
  errorsOnly: boolean;
  after: HistoryCursor | null;
  limit: number;
}

/** The history's size, bounds and counters. */
export interface HistoryStatus {
  path: string;
  count: number;
  recorded: number;
  /** Exchanges not recorded because the queue was full. */
  dropped: number;
  failed: number;
  pruned: number;
  maxExchanges: number;
  maxDays: number;
}

export interface HistoryPage {
  items: ExchangeSummary[];
  next: HistoryCursor | null;
  status: HistoryStatus;
}

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface HeaderChange {
  name: string;
  kind: ChangeKind;
  old?: string[];
  new?: string[];
}

export interface JSONChange {
  /** JSON Pointer (RFC 6901). */
  path: string;
  kind: ChangeKind;
  /** The values as JSON text (absent for added / removed). */
  old?: unknown;
  new?: unknown;
}

export interface DiffLine {
  kind: 'equal' | 'insert' | 'delete';
  text: string;
  /** 1-based line numbers in the old and new body (absent on the other side). */
  old?: number;
  new?: number;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[] | null;
}

export interface BodyDiff {
  mode: 'empty' | 'json' | 'text' | 'binary';
  same: boolean;
  oldSize: number;
  newSize: number;
  oldTruncated: boolean;
  newTruncated: boolean;
  /** First differing byte offset, -1 when equal. */
  firstDiff: number;
  /** A size bound was hit: the diff is correct but may not be minimal. */
  approximate: boolean;
  fallback?: string;
  json?: JSONChange[];
  hunks?: DiffHunk[];
  lineEndingsOnly?: boolean;
}

export interface DiffResult {
  same: boolean;
  status?: { old: number; new: number };
  method?: { old: string; new: string };
  url?: { old: string; new: string };
  headers: HeaderChange[] | null;
  body: BodyDiff;
}

export interface ReplayResult {
  originalId: number;
  newId: number;
  status: number;
  durationMs: number;
  summary: string;
  diff: DiffResult;
  error: string;
}

export interface ExchangeDiff {
  a: number;
  b: number;
  request: DiffResult;
  response: DiffResult;
}

export interface HistorySettings {
  maxExchanges: number;
  maxDays: number;
}

/** The methods of the bound Go App, as Wails exposes them. */
interface GoApp {
  Ping(): Promise<string>;
  State(): Promise<AppState>;
  OpenWorkspace(dir: string): Promise<AppState>;
  OpenBuiltinWorkspace(): Promise<AppState>;
  ChooseWorkspace(): Promise<AppState>;
  Routes(): Promise<RouteInfo[] | null>;
  ReadFile(path: string): Promise<string>;
  SaveFile(path: string, content: string): Promise<RouteInfo>;
  NewRoute(name: string): Promise<RouteInfo>;
  Send(req: SendRequest): Promise<SendResult>;
  Exchange(id: number): Promise<ExchangeDetail>;
  SearchHistory(q: HistoryQuery): Promise<HistoryPage>;
  HistoryStatus(): Promise<HistoryStatus>;
  HistoryRoutes(): Promise<string[] | null>;
  SetHistorySettings(s: HistorySettings): Promise<HistoryStatus>;
  DeleteExchanges(ids: number[]): Promise<number>;
  ClearHistory(): Promise<void>;
  VacuumHistory(): Promise<HistoryStatus>;
  Replay(ids: number[]): Promise<ReplayResult[] | null>;
  DiffExchanges(a: number, b: number): Promise<ExchangeDiff>;
  CurlCommands(ids: number[]): Promise<string>;
  ExportHAR(ids: number[]): Promise<string>;
  ImportHAR(): Promise<number>;
  Places(): Promise<PlaceInfo[] | null>;
  SetVercelMode(on: boolean): Promise<AppState>;
  SetClientLocation(location: string): Promise<AppState>;
  TypeDeclarations(): Promise<Record<string, string> | null>;
  Regions(): Promise<RegionInfo[] | null>;
  Simulation(): Promise<SimState>;
  SetDataLocation(location: string): Promise<SimState>;
  SetFeelDistance(on: boolean): Promise<SimState>;
  AdvanceClock(duration: string): Promise<SimState>;
  PauseClock(paused: boolean): Promise<SimState>;
  PurgeCache(route: string): Promise<number>;
  FromEverywhere(req: SendRequest): Promise<EverywhereRow[] | null>;
  SimulatedExchanges(route: string, limit: number): Promise<SimulatedExchange[] | null>;
  CacheEvents(): Promise<CacheEventView[] | null>;
}

interface WailsRuntime {
  // Wails v2 returns an unsubscribe function from EventsOn in recent
  // versions and undefined in older ones; the data arguments are whatever
  // Go passed to EventsEmit, hence unknown.
  EventsOn(name: string, cb: (...data: unknown[]) => void): (() => void) | undefined;
}

declare global {
  interface Window {
    go?: { main?: { App?: GoApp } };
    runtime?: WailsRuntime;
  }
}

/** The text of an error from a Go call (Wails rejects with a plain string). */
export function errorText(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err instanceof Error) return err.message;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

const BINDINGS_TIMEOUT_MS = 10_000;

let appPromise: Promise<GoApp> | undefined;

/**
 * Resolves with the bound App once Wails has installed it. The Wails runtime
 * script normally runs before this module, so this resolves at once; the
 * bounded wait covers slow starts and gives a clear error when the page is
 * opened outside Edgeplay.
 */
function app(): Promise<GoApp> {
  appPromise ??= new Promise<GoApp>((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const bound = window.go?.main?.App;
      if (bound) {
        resolve(bound);
      } else if (Date.now() - started > BINDINGS_TIMEOUT_MS) {
        appPromise = undefined;
        reject(new Error('The Go bindings are not available: this page must run inside Edgeplay.'));
      } else {
        setTimeout(poll, 50);
      }
    };
    poll();
  });
  return appPromise;
}

/** Calls one Go method; a rejection carries Go's error text as an Error. */
async function call<T>(fn: (a: GoApp) => Promise<T>): Promise<T> {
  const a = await app();
  try {
    return await fn(a);
  } catch (err) {
    throw new Error(errorText(err));
  }
}

// Go encodes nil slices and maps as null; the UI always gets arrays.
const arr = <T>(v: T[] | null | undefined): T[] => v ?? [];

function normRoute(r: RouteInfo): RouteInfo {
  return { ...r, regions: arr(r.regions), problems: arr(r.problems) };
}

function normSim(s: SimView): SimView {
  return { ...s, legs: arr(s.legs) };
}

function normState(s: AppState): AppState {
  return { ...s, routes: arr(s.routes).map(normRoute) };
}

export const api = {
  ping: () => call((a) => a.Ping()),
  state: () => call((a) => a.State()).then(normState),
  openWorkspace: (dir: string) => call((a) => a.OpenWorkspace(dir)).then(normState),
  openBuiltinWorkspace: () => call((a) => a.OpenBuiltinWorkspace()).then(normState),
  chooseWorkspace: () => call((a) => a.ChooseWorkspace()).then(normState),
  routes: () => call((a) => a.Routes()).then((rs) => arr(rs).map(normRoute)),
  readFile: (path: string) => call((a) => a.ReadFile(path)),
  saveFile: (path: string, content: string) => call((a) => a.SaveFile(path, content)).then(normRoute),
  newRoute: (name: string) => call((a) => a.NewRoute(name)).then(normRoute),
  send: (req: SendRequest) =>
    call((a) => a.Send(req)).then((r) => ({ ...r, headers: arr(r.headers), sim: r.sim && normSim(r.sim) })),
  exchange: (id: number) =>
    call((a) => a.Exchange(id)).then((d) => ({
      ...d,
      requestHeaders: arr(d.requestHeaders),
      responseHeaders: arr(d.responseHeaders),
      logs: arr(d.logs),
      chunks: arr(d.chunks),
      sim: d.sim && normSim(d.sim),
    })),
  searchHistory: (q: HistoryQuery) =>
    call((a) => a.SearchHistory(q)).then((p) => ({ ...p, items: arr(p.items) })),
  historyStatus: () => call((a) => a.HistoryStatus()),
  historyRoutes: () => call((a) => a.HistoryRoutes()).then(arr),
  setHistorySettings: (s: HistorySettings) => call((a) => a.SetHistorySettings(s)),
  deleteExchanges: (ids: number[]) => call((a) => a.DeleteExchanges(ids)),
  clearHistory: () => call((a) => a.ClearHistory()),
  vacuumHistory: () => call((a) => a.VacuumHistory()),
  replay: (ids: number[]) => call((a) => a.Replay(ids)).then(arr),
  diffExchanges: (a: number, b: number) => call((g) => g.DiffExchanges(a, b)),
  curlCommands: (ids: number[]) => call((a) => a.CurlCommands(ids)),
  exportHAR: (ids: number[]) => call((a) => a.ExportHAR(ids)),
  importHAR: () => call((a) => a.ImportHAR()),
  places: () => call((a) => a.Places()).then(arr),
  setVercelMode: (on: boolean) => call((a) => a.SetVercelMode(on)).then(normState),
  setClientLocation: (location: string) => call((a) => a.SetClientLocation(location)).then(normState),
  typeDeclarations: () => call((a) => a.TypeDeclarations()).then((d) => d ?? {}),
  regions: () => call((a) => a.Regions()).then(arr),
  simulation: () => call((a) => a.Simulation()),
  setDataLocation: (location: string) => call((a) => a.SetDataLocation(location)),
  setFeelDistance: (on: boolean) => call((a) => a.SetFeelDistance(on)),
  advanceClock: (duration: string) => call((a) => a.AdvanceClock(duration)),
  pauseClock: (paused: boolean) => call((a) => a.PauseClock(paused)),
  purgeCache: (route: string) => call((a) => a.PurgeCache(route)),
  fromEverywhere: (req: SendRequest) =>
    call((a) => a.FromEverywhere(req)).then((rows) => arr(rows).map((r) => ({ ...r, sim: r.sim && normSim(r.sim) }))),
  simulatedExchanges: (route: string, limit: number) =>
    call((a) => a.SimulatedExchanges(route, limit)).then((xs) => arr(xs).map((x) => ({ ...x, sim: normSim(x.sim) }))),
  cacheEvents: () => call((a) => a.CacheEvents()).then(arr),
};

/** Payload types of the events Go emits. */
export interface EventPayloads {
  'routes:changed': RouteInfo[];
  'history:added': ExchangeSummary;
}
export type EventName = keyof EventPayloads;

type Listener<E extends EventName> = (payload: EventPayloads[E]) => void;

const normalizers: { [E in EventName]: (raw: unknown) => EventPayloads[E] } = {
  // The payload is trusted to match the Go struct; only nil slices are fixed up.
  'routes:changed': (raw) => arr(raw as RouteInfo[] | null).map(normRoute),
  'history:added': (raw) => raw as ExchangeSummary,
};

// One Wails listener per event name fans out to local subscribers, so
// unsubscribing never depends on the Wails version's EventsOn return value.
const subscribers = new Map<EventName, Set<(payload: unknown) => void>>();

function wailsSubscribe(name: EventName): void {
  const attach = (rt: WailsRuntime) => {
    rt.EventsOn(name, (...data: unknown[]) => {
      const payload = normalizers[name](data[0]);
      for (const cb of subscribers.get(name) ?? []) cb(payload);
    });
  };
  if (window.runtime) {
    attach(window.runtime);
    return;
  }
  // The runtime arrives together with the bindings.
  app().then(
    () => {
      if (window.runtime) attach(window.runtime);
      else console.error(`Wails runtime missing: cannot listen to ${name}`);
    },
    (err: unknown) => console.error(`cannot listen to ${name}: ${errorText(err)}`),
  );
}

/** Subscribes to a Go event; returns the unsubscribe function. */
export function onEvent<E extends EventName>(name: E, cb: Listener<E>): () => void {
  let set = subscribers.get(name);
  if (!set) {
    set = new Set();
    subscribers.set(name, set);
    wailsSubscribe(name);
  }
  const wrapped = cb as (payload: unknown) => void;
  set.add(wrapped);
  return () => {
    set.delete(wrapped);
  };
}
