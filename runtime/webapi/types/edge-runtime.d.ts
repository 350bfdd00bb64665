// Type declarations of what the Edge Runtime adds to the Web APIs (SPEC
// R-RT-1, R-RT-2, R-RT-4), for the editor. The editor compiles routes
// against TypeScript's `es2022` and `webworker` libraries plus this file:
// the Web APIs of a worker, no DOM (`document`, `window`) and no Node.js
// types (`Buffer`, `require`, `fs`), so code that would fail on the Edge
// Runtime is marked before it runs.

/** `'edge-runtime'` in the Edge Runtime; undefined in Node.js (R-RT-1). */
declare const EdgeRuntime: string;

/**
 * The environment of the route (R-RT-4): the workspace's `.env*` files, as
 * Next.js loads them, and `NEXT_RUNTIME` (`'edge'`). The rest of Node's
 * `process` does not exist in the Edge Runtime.
 */
declare const process: {
  readonly env: {
    readonly NODE_ENV: 'development' | 'production' | 'test';
    readonly NEXT_RUNTIME?: 'edge' | 'nodejs';
    [name: string]: string | undefined;
  };
};

/** Node's `AsyncLocalStorage`, which Next.js's edge sandbox puts on the global object (R-RT-2). */
declare const AsyncLocalStorage: typeof import('node:async_hooks').AsyncLocalStorage;

/** The parts of a URL pattern or of a URL to match (URL Pattern standard). */
interface URLPatternInit {
  protocol?: string;
  username?: string;
  password?: string;
  hostname?: string;
  port?: string;
  pathname?: string;
  search?: string;
  hash?: string;
  baseURL?: string;
}

/** One component's match: the input and its named groups. */
interface URLPatternComponentResult {
  input: string;
  groups: Record<string, string | undefined>;
}

/** What URLPattern.exec returns for a match. */
interface URLPatternResult {
  inputs: (string | URLPatternInit)[];
  protocol: URLPatternComponentResult;
  username: URLPatternComponentResult;
  password: URLPatternComponentResult;
  hostname: URLPatternComponentResult;
  port: URLPatternComponentResult;
  pathname: URLPatternComponentResult;
  search: URLPatternComponentResult;
  hash: URLPatternComponentResult;
}

/** Matches URLs against a pattern such as `/users/:id` (a global of the Edge Runtime, R-RT-1; not yet in TypeScript's libraries). */
declare class URLPattern {
  constructor(input?: string | URLPatternInit, baseURL?: string, options?: { ignoreCase?: boolean });
  constructor(input: string | URLPatternInit, options?: { ignoreCase?: boolean });
  test(input?: string | URLPatternInit, baseURL?: string): boolean;
  exec(input?: string | URLPatternInit, baseURL?: string): URLPatternResult | null;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  readonly hasRegExpGroups: boolean;
}

// The node: built-ins Next.js offers in the Edge Runtime (R-RT-2), with
// the exports it picks. Other Node.js modules have no types here: their
// import is flagged, as `next build` flags it.

declare module 'node:async_hooks' {
  /** Keeps a value for the duration of a call and the async work it starts. */
  export class AsyncLocalStorage<T> {
    /** Binds fn to the current async context. */
    static bind<F extends (...args: never[]) => unknown>(fn: F): F;
    /** Captures the current async context; the returned function runs a callback in it. */
    static snapshot(): <R, A extends unknown[]>(fn: (...args: A) => R, ...args: A) => R;
    /** The store of the current context, or undefined outside `run`. */
    getStore(): T | undefined;
    /** Runs callback with store as the current value. */
    run<R, A extends unknown[]>(store: T, callback: (...args: A) => R, ...args: A): R;
    /** Runs callback outside any store. */
    exit<R, A extends unknown[]>(callback: (...args: A) => R, ...args: A): R;
    /** Sets the store for the rest of the current synchronous execution. */
    enterWith(store: T): void;
    /** Disables the instance: getStore returns undefined until run is called again. */
    disable(): void;
  }
  /** Runs callbacks in the async context where the resource was created. */
  export class AsyncResource {
    constructor(type: string, options?: { triggerAsyncId?: number; requireManualDestroy?: boolean });
    static bind<F extends (...args: never[]) => unknown>(fn: F, type?: string, thisArg?: unknown): F;
    bind<F extends (...args: never[]) => unknown>(fn: F): F;
    runInAsyncScope<R, A extends unknown[]>(fn: (...args: A) => R, thisArg?: unknown, ...args: A): R;
    emitDestroy(): this;
    asyncId(): number;
    triggerAsyncId(): number;
  }
}

declare module 'node:events' {
  // any: a listener receives whatever emit passes, as in @types/node.
  type Listener = (...args: any[]) => void;
  /** Node's event emitter. */
  export class EventEmitter {
    static defaultMaxListeners: number;
    static readonly errorMonitor: unique symbol;
    static readonly captureRejectionSymbol: unique symbol;
    constructor(options?: { captureRejections?: boolean });
    on(event: string | symbol, listener: Listener): this;
    addListener(event: string | symbol, listener: Listener): this;
    prependListener(event: string | symbol, listener: Listener): this;
    once(event: string | symbol, listener: Listener): this;
    prependOnceListener(event: string | symbol, listener: Listener): this;
    off(event: string | symbol, listener: Listener): this;
    removeListener(event: string | symbol, listener: Listener): this;
    removeAllListeners(event?: string | symbol): this;
    emit(event: string | symbol, ...args: unknown[]): boolean;
    listenerCount(event: string | symbol): number;
    listeners(event: string | symbol): Listener[];
    rawListeners(event: string | symbol): Listener[];
    eventNames(): (string | symbol)[];
    setMaxListeners(n: number): this;
    getMaxListeners(): number;
  }
  export const defaultMaxListeners: number;
  export const errorMonitor: unique symbol;
  export const captureRejectionSymbol: unique symbol;
  /** Resolves with the arguments of the next `event` (an EventEmitter or an EventTarget). */
  export function once(emitter: EventEmitter | EventTarget, event: string | symbol, options?: { signal?: AbortSignal }): Promise<unknown[]>;
  /** Iterates over every `event`'s arguments. */
  export function on(emitter: EventEmitter, event: string | symbol, options?: { signal?: AbortSignal }): AsyncIterableIterator<unknown[]>;
  export function listenerCount(emitter: EventEmitter, event: string | symbol): number;
}

declare module 'node:buffer' {
  /** Node's Buffer: a Uint8Array with encodings (only through `import { Buffer } from 'node:buffer'`). */
  export interface Buffer extends Uint8Array<ArrayBuffer> {
    toString(encoding?: BufferEncoding, start?: number, end?: number): string;
    toJSON(): { type: 'Buffer'; data: number[] };
    equals(other: Uint8Array): boolean;
    compare(other: Uint8Array): -1 | 0 | 1;
    write(text: string, offset?: number, length?: number, encoding?: BufferEncoding): number;
    slice(start?: number, end?: number): Buffer;
    subarray(start?: number, end?: number): Buffer;
    readUInt8(offset?: number): number;
    readUInt16BE(offset?: number): number;
    readUInt32BE(offset?: number): number;
    writeUInt8(value: number, offset?: number): number;
    writeUInt32BE(value: number, offset?: number): number;
  }
  /** Buffer's constructor functions. */
  export interface BufferConstructor {
    from(data: string, encoding?: BufferEncoding): Buffer;
    from(data: ArrayLike<number> | ArrayBuffer | Uint8Array): Buffer;
    alloc(size: number, fill?: string | number, encoding?: BufferEncoding): Buffer;
    allocUnsafe(size: number): Buffer;
    byteLength(data: string | ArrayBuffer | ArrayBufferView, encoding?: BufferEncoding): number;
    concat(list: readonly Uint8Array[], totalLength?: number): Buffer;
    isBuffer(value: unknown): value is Buffer;
    isEncoding(encoding: string): encoding is BufferEncoding;
    compare(a: Uint8Array, b: Uint8Array): -1 | 0 | 1;
    readonly prototype: Buffer;
  }
  export const Buffer: BufferConstructor;
  export type BufferEncoding = 'utf8' | 'utf-8' | 'hex' | 'base64' | 'base64url' | 'latin1' | 'binary' | 'ascii' | 'ucs2' | 'ucs-2' | 'utf16le' | 'utf-16le';
  export const SlowBuffer: BufferConstructor;
  export const kMaxLength: number;
  export const kStringMaxLength: number;
  export const constants: { readonly MAX_LENGTH: number; readonly MAX_STRING_LENGTH: number };
}

declare module 'node:util' {
  /** printf-like formatting, as console.log formats its arguments. */
  export function format(format?: unknown, ...args: unknown[]): string;
  // any: the arguments are the wrapped function's own, as in @types/node.
  /** Turns a callback-last function into one returning a promise. */
  export function promisify<T>(fn: (...args: any[]) => void): (...args: any[]) => Promise<T>;
  /** Turns an async function into a callback-last one. */
  export function callbackify<T>(fn: (...args: any[]) => Promise<T>): (...args: any[]) => void;
  /** Sets ctor's prototype chain to superCtor's (legacy). */
  export function inherits(ctor: unknown, superCtor: unknown): void;
  /** Copies own properties of source onto target (legacy). */
  export function _extend<T extends object, S extends object>(target: T, source: S): T & S;
  /** Type checks for built-in objects. */
  export const types: {
    isPromise(value: unknown): value is Promise<unknown>;
    isRegExp(value: unknown): value is RegExp;
    isDate(value: unknown): value is Date;
    isUint8Array(value: unknown): value is Uint8Array;
    isArrayBuffer(value: unknown): value is ArrayBuffer;
    isAnyArrayBuffer(value: unknown): value is ArrayBuffer;
    isTypedArray(value: unknown): value is ArrayBufferView;
    isMap(value: unknown): value is Map<unknown, unknown>;
    isSet(value: unknown): value is Set<unknown>;
    isNativeError(value: unknown): value is Error;
    isAsyncFunction(value: unknown): boolean;
    isGeneratorFunction(value: unknown): boolean;
    isBoxedPrimitive(value: unknown): boolean;
  };
}

declare module 'node:assert' {
  /** Node's assertion functions (not callable itself in Next's edge build: use assert.ok). */
  namespace assert {
    class AssertionError extends Error {
      actual: unknown;
      expected: unknown;
      operator: string;
      code: 'ERR_ASSERTION';
      constructor(options: { message?: string; actual?: unknown; expected?: unknown; operator?: string });
    }
    function ok(value: unknown, message?: string | Error): asserts value;
    function equal(actual: unknown, expected: unknown, message?: string | Error): void;
    function notEqual(actual: unknown, expected: unknown, message?: string | Error): void;
    function strictEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T;
    function notStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void;
    function deepEqual(actual: unknown, expected: unknown, message?: string | Error): void;
    function notDeepEqual(actual: unknown, expected: unknown, message?: string | Error): void;
    function deepStrictEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T;
    function notDeepStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void;
    function fail(message?: string | Error): never;
    function ifError(value: unknown): asserts value is null | undefined;
    function match(value: string, regExp: RegExp, message?: string | Error): void;
    function doesNotMatch(value: string, regExp: RegExp, message?: string | Error): void;
    function throws(block: () => unknown, error?: unknown, message?: string | Error): void;
    function doesNotThrow(block: () => unknown, message?: string | Error): void;
    function rejects(block: Promise<unknown> | (() => Promise<unknown>), error?: unknown, message?: string | Error): Promise<void>;
    function doesNotReject(block: Promise<unknown> | (() => Promise<unknown>), message?: string | Error): Promise<void>;
    const strict: typeof assert;
  }
  export = assert;
}
