// Type declarations of `next/server` as Edgeplay provides it to edge API
// routes (runtime/nextserver/js/next-server.js). They follow Next.js 15.5's
// own declarations; Edgeplay notes are marked as such.

declare module 'next/server' {
  /**
   * Attributes of a cookie as set on a response (a Cookie Store API
   * `CookieListItem` plus `httpOnly`, `maxAge` and `priority`).
   */
  export interface ResponseCookie {
    /** The cookie's name. */
    name: string;
    /** The cookie's value; it is percent-encoded with `encodeURIComponent` in the header. */
    value: string;
    /** `Domain` attribute. */
    domain?: string;
    /** `Path` attribute; `/` when not given. */
    path?: string;
    /** `Expires` attribute: a Date, or milliseconds since the epoch. `maxAge` overrides it. */
    expires?: number | Date;
    /** `Max-Age` in seconds; a non-zero value also sets `Expires` to now + maxAge. */
    maxAge?: number;
    /** `Secure` attribute. */
    secure?: boolean;
    /** `HttpOnly` attribute. */
    httpOnly?: boolean;
    /** `SameSite` attribute, written as given (`SameSite=lax`). */
    sameSite?: true | false | 'lax' | 'strict' | 'none';
    /** `Partitioned` attribute (CHIPS). */
    partitioned?: boolean;
    /** `Priority` attribute. */
    priority?: 'low' | 'medium' | 'high';
  }

  /** A cookie of a request: only its name and (percent-decoded) value. */
  export interface RequestCookie {
    name: string;
    value: string;
  }

  /** The cookies of a request (`Cookie` header), as `req.cookies`. */
  export class RequestCookies {
    constructor(requestHeaders: Headers);
    [Symbol.iterator](): IterableIterator<[string, RequestCookie]>;
    /** The number of cookies received from the client. */
    get size(): number;
    /** The cookie of that name; the last one wins when the header repeats a name. */
    get(name: string): RequestCookie | undefined;
    get(cookie: RequestCookie): RequestCookie | undefined;
    getAll(name?: string): RequestCookie[];
    getAll(cookie: RequestCookie): RequestCookie[];
    has(name: string): boolean;
    /** Sets a cookie and rewrites the request's `cookie` header. */
    set(name: string, value: string): this;
    set(cookie: RequestCookie): this;
    /** Deletes the cookie(s) of that name and rewrites the `cookie` header. */
    delete(name: string): boolean;
    delete(names: string[]): boolean[];
    /** Deletes all cookies. */
    clear(): this;
    toString(): string;
  }

  /**
   * The cookies of a response (`Set-Cookie` headers), as `res.cookies`. Each
   * `set()`/`delete()` rewrites every Set-Cookie line from the cookies parsed
   * when the response was constructed plus those set since: a line added with
   * `headers.append('Set-Cookie', …)` after construction and before a
   * `set()`/`delete()` is dropped, as in Next.js.
   */
  export class ResponseCookies {
    constructor(responseHeaders: Headers);
    get(name: string): ResponseCookie | undefined;
    get(cookie: ResponseCookie): ResponseCookie | undefined;
    getAll(name?: string): ResponseCookie[];
    getAll(cookie: ResponseCookie): ResponseCookie[];
    has(name: string): boolean;
    /**
     * Sets a cookie, replacing an earlier one of the same name in place:
     * `name=value; Path=/; Expires=…; Max-Age=…; Domain=…; Secure; HttpOnly; SameSite=…; Partitioned; Priority=…`.
     */
    set(name: string, value: string, cookie?: Partial<ResponseCookie>): this;
    set(options: ResponseCookie): this;
    /** Expires a cookie: `name=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`. */
    delete(name: string): this;
    delete(options: Omit<ResponseCookie, 'value' | 'expires'>): this;
    toString(): string;
  }

  /** A URL as Next.js sees it (`req.nextUrl`): a URL plus basePath, locale and buildId. */
  export class NextURL {
    constructor(input: string | URL, base?: string | URL, opts?: NextURLOptions);
    constructor(input: string | URL, opts?: NextURLOptions);
    get buildId(): string | undefined;
    set buildId(buildId: string | undefined);
    /** The detected locale; `''` (Edgeplay does not emulate i18n). */
    get locale(): string;
    /** Throws `TypeError: The NextURL configuration includes no locale "…"` without an i18n configuration. */
    set locale(locale: string);
    get defaultLocale(): string | undefined;
    get domainLocale(): { defaultLocale: string; domain: string; http?: true; locales?: string[] } | undefined;
    get searchParams(): URLSearchParams;
    get host(): string;
    set host(value: string);
    get hostname(): string;
    set hostname(value: string);
    get port(): string;
    set port(value: string);
    get protocol(): string;
    set protocol(value: string);
    get href(): string;
    set href(url: string);
    get origin(): string;
    get pathname(): string;
    set pathname(value: string);
    get hash(): string;
    set hash(value: string);
    get search(): string;
    set search(value: string);
    get password(): string;
    set password(value: string);
    get username(): string;
    set username(value: string);
    /** `''` unless the app sets `basePath`. */
    get basePath(): string;
    set basePath(value: string);
    toString(): string;
    toJSON(): string;
    clone(): NextURL;
  }

  /** Options of `new NextURL()`. */
  export interface NextURLOptions {
    base?: string | URL;
    headers?: Record<string, string | string[] | undefined>;
    forceLocale?: boolean;
    nextConfig?: { basePath?: string; trailingSlash?: boolean };
  }

  /** The init of `new NextRequest()`. */
  export interface NextRequestInit extends RequestInit {
    nextConfig?: { basePath?: string; trailingSlash?: boolean };
    signal?: AbortSignal;
    duplex?: 'half';
  }

  /**
   * The request an edge API route receives: a Web `Request` with cookies and
   * nextUrl. Its `url` has 127.0.0.1 and [::1] normalised to localhost.
   */
  export class NextRequest extends Request {
    constructor(input: URL | RequestInfo, init?: NextRequestInit);
    get cookies(): RequestCookies;
    get nextUrl(): NextURL;
    /**
     * @deprecated Removed in Next.js 15. Edgeplay: `undefined` in Next 15+ mode;
     * in Next 12–14 mode the simulated client location. Read the
     * `x-vercel-ip-city`, `x-vercel-ip-country`, `x-vercel-ip-country-region`,
     * `x-vercel-ip-latitude` and `x-vercel-ip-longitude` headers instead, or
     * use `geolocation()` from `@vercel/functions`.
     */
    readonly geo?: { city?: string; country?: string; region?: string; latitude?: string; longitude?: string };
    /**
     * @deprecated Removed in Next.js 15. Edgeplay: `undefined` in Next 15+ mode.
     * Read the `x-real-ip` header instead, or use `ipAddress()` from `@vercel/functions`.
     */
    readonly ip?: string;
    /**
     * @deprecated
     * `page` has been deprecated in favour of `URLPattern`: reading it throws.
     * Read more: https://nextjs.org/docs/messages/middleware-request-page
     */
    get page(): void;
    /**
     * @deprecated
     * `ua` has been removed in favour of the `userAgent` function: reading it throws.
     * Read more: https://nextjs.org/docs/messages/middleware-parse-user-agent
     */
    get ua(): void;
    get url(): string;
  }

  /** The init of NextResponse.next() and NextResponse.rewrite(). */
  export interface MiddlewareResponseInit extends ResponseInit {
    /** These fields override the request from clients (middleware only). */
    request?: {
      /** The request headers are overridden with these. */
      headers?: Headers;
    };
  }

  /** A Web `Response` with cookies and Next.js' helpers. */
  export class NextResponse<Body = unknown> extends Response {
    constructor(body?: BodyInit | null, init?: ResponseInit);
    get cookies(): ResponseCookies;
    /** A JSON response (`content-type: application/json`). */
    static json<JsonBody>(body: JsonBody, init?: ResponseInit): NextResponse<JsonBody>;
    /**
     * A redirect to an absolute URL; the status defaults to 307 and must be
     * 301, 302, 303, 307 or 308, else `RangeError: Failed to execute "redirect"
     * on "response": Invalid status code`. A relative URL throws `Error: URL is
     * malformed "…". Please use only absolute URLs`: write
     * `new URL('/path', req.url)`.
     */
    static redirect(url: string | NextURL | URL, init?: number | ResponseInit): NextResponse<unknown>;
    /**
     * Middleware only: sets `x-middleware-rewrite`. Edgeplay: returned from an
     * API route it rewrites nothing, and Edgeplay logs a warning.
     */
    static rewrite(destination: string | NextURL | URL, init?: MiddlewareResponseInit): NextResponse<unknown>;
    /** Middleware's "continue": an empty 200 with `x-middleware-next: 1`. */
    static next(init?: MiddlewareResponseInit): NextResponse<unknown>;
  }

  /**
   * The second argument of an edge API route handler. In Next.js this is a
   * type only: `next/server` does not export the class at run time.
   */
  export class NextFetchEvent {
    /** The route's page, e.g. `/api/hello`. */
    sourcePage: string;
    /**
     * Keeps the function alive until the promise settles, after the response
     * has been sent (up to the wall-time limit).
     */
    waitUntil(promise: Promise<any>): void;
    passThroughOnException(): void;
    /** @deprecated The request is now the first parameter of the handler; reading this throws. */
    get request(): void;
    /** @deprecated Return the response instead; calling this throws. */
    respondWith(): void;
  }

  /** The signature of middleware and of edge API route handlers. */
  export type NextMiddleware = (
    request: NextRequest,
    event: NextFetchEvent
  ) => Response | NextResponse | null | undefined | void | Promise<Response | NextResponse | null | undefined | void>;

  /** What userAgent() returns (UAParser.js' result plus `isBot`). */
  export interface UserAgent {
    isBot: boolean;
    ua: string;
    browser: { name?: string; version?: string; major?: string };
    device: { model?: string; type?: string; vendor?: string };
    engine: { name?: string; version?: string };
    os: { name?: string; version?: string };
    cpu: { architecture?: string };
  }

  /** Parses a request's `user-agent` header. */
  export function userAgent(request: { headers: Headers }): UserAgent;

  /** Parses a user-agent string. */
  export function userAgentFromString(input: string | undefined): UserAgent;

  /** The global `URLPattern`, or `undefined` where the runtime has none. */
  export const URLPattern: typeof globalThis extends { URLPattern: infer T } ? T : any;

  /**
   * @deprecated Import ImageResponse from `next/og`. In Next.js 15 this one
   * throws `ImageResponse moved from "next/server" to "next/og"`.
   * Edgeplay: image rendering (`@vercel/og`) is not supported at all.
   */
  export const ImageResponse: new (element: any, options?: any) => Response;

  /**
   * Schedules work after the response (App Router and middleware). In a
   * Pages Router API route it throws "`after` was called outside a request scope".
   */
  export function after<T>(task: T | Promise<T> | (() => T | Promise<T>)): void;

  /**
   * Marks the rest of a render as dynamic (App Router). In a Pages Router API
   * route it throws "`connection` was called outside a request scope".
   */
  export function connection(): Promise<void>;

  /** @deprecated Use `next/root-params`. App Router only. */
  export function unstable_rootParams(): Promise<Record<string, string | string[] | undefined>>;
}

// `next/headers` for App Router route handlers (Next.js 15: the functions
// return promises; reading synchronously still works in 15 and is gone in 16).
declare module 'next/headers' {
  import type { RequestCookie, ResponseCookie } from 'next/server';

  /** The request's headers, read-only: changing them throws `ReadonlyHeadersError`. */
  export function headers(): Promise<Headers>;

  /** A cookie store holding the request's cookies; what `set` and `delete` do is sent with the response. */
  export interface ReadonlyRequestCookies {
    get(name: string): ResponseCookie | undefined;
    get(cookie: { name: string }): ResponseCookie | undefined;
    getAll(name?: string): ResponseCookie[];
    has(name: string): boolean;
    set(name: string, value: string, cookie?: Partial<ResponseCookie>): ReadonlyRequestCookies;
    set(options: ResponseCookie): ReadonlyRequestCookies;
    delete(name: string): ReadonlyRequestCookies;
    delete(options: Omit<ResponseCookie, 'value' | 'expires'>): ReadonlyRequestCookies;
    clear(): ReadonlyRequestCookies;
    toString(): string;
  }

  /** The request's cookies; `set` and `delete` add `Set-Cookie` lines to the handler's response. */
  export function cookies(): Promise<ReadonlyRequestCookies>;

  /** Draft Mode: off in Edgeplay (it needs a Next.js preview secret). */
  export function draftMode(): Promise<{ readonly isEnabled: boolean; enable(): void; disable(): void }>;

  /** @internal keeps RequestCookie referenced for editors that prune unused imports. */
  export type _RequestCookie = RequestCookie;
}
