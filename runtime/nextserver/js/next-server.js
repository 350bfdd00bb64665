// Edgeplay's `next/server` for edge API routes.
//
// This file is ONE function expression. The host evaluates it once per
// isolate and calls it with `{ nextVersion }`; the function returns the
// module's exports object, which the isolate hands out for
// `require('next/server')`. It relies only on the Web API globals of the
// Edge Runtime (Request, Response, Headers, URL) and plain ES2020, so the
// same file runs under goja and under Node.js (see testdata/node-check.mjs).
//
// Behaviour follows Next.js 15.5 (packages/next/src/server/web/**) so that
// user code sees what it would see on Vercel, down to error messages:
//   - cookie parsing and Set-Cookie serialisation follow @edge-runtime/cookies
//     6.0.0 (MIT, Vercel), the copy Next.js bundles, so strings are
//     byte-identical;
//   - userAgent() returns what UAParser.js 1.0.35 (MIT, Faisal Salman), the
//     parser Next.js bundles, returns; its regular expressions are used as
//     they are, but only for the common browser, engine, OS and device
//     families (see UA_RULES below).
// Edgeplay-specific additions are marked "Edgeplay:".
(function (options) {
  'use strict';

  options = options || {};
  var nextVersion = Number(options.nextVersion) || 15;
  // Next.js 16 renamed middleware to "proxy" in its messages.
  var mwWord = nextVersion >= 16 ? 'proxy' : 'middleware';
  var legacyGeo = nextVersion <= 14;
  var ReflectApply = Reflect.apply;
  // Edgeplay: the host's unvalidated header lookup (see finalizeResponse).
  var trustedHeaderGet = typeof options.headerGet === 'function' ? options.headerGet : null;

  // ---------------------------------------------------------------------
  // Errors (next/dist/server/web/error.js)
  // ---------------------------------------------------------------------

  class PageSignatureError extends Error {
    constructor(params) {
      super(`The ${mwWord} "${params.page}" accepts an async API directly with the form:
  
  export function ${mwWord}(request, event) {
    return NextResponse.redirect('/new-location')
  }
  
  Read more: https://nextjs.org/docs/messages/${mwWord}-new-signature
  `);
    }
  }

  class RemovedPageError extends Error {
    constructor() {
      super(`The request.page has been deprecated in favour of \`URLPattern\`.
  Read more: https://nextjs.org/docs/messages/${mwWord}-request-page
  `);
    }
  }

  class RemovedUAError extends Error {
    constructor() {
      super(`The request.ua has been removed in favour of \`userAgent\` function.
  Read more: https://nextjs.org/docs/messages/${mwWord}-parse-user-agent
  `);
    }
  }

  class InvariantError extends Error {
    constructor(message) {
      super('Invariant: ' + (message.endsWith('.') ? message : message + '.') + ' This is a bug in Next.js.');
      this.name = 'InvariantError';
    }
  }

  function withCause(error, cause) {
    if (!('cause' in error)) {
      Object.defineProperty(error, 'cause', { value: cause, writable: true, enumerable: false, configurable: true });
    }
    return error;
  }

  // validateURL from next/dist/server/web/utils.js: relative URLs are an
  // Error (not a TypeError) whose cause is the URL parser's TypeError.
  function validateURL(url) {
    try {
      return String(new URL(String(url)));
    } catch (error) {
      throw withCause(
        new Error(`URL is malformed "${String(url)}". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls`, { cause: error }),
        error
      );
    }
  }

  var INSPECT = Symbol.for('edge-runtime.inspect.custom');

  // ---------------------------------------------------------------------
  // Cookies (@edge-runtime/cookies 6.0.0 semantics)
  // ---------------------------------------------------------------------

  function stringifyCookie(c) {
    var attrs = [
      'path' in c && c.path && `Path=${c.path}`,
      'expires' in c && (c.expires || c.expires === 0) &&
        `Expires=${(typeof c.expires === 'number' ? new Date(c.expires) : c.expires).toUTCString()}`,
      'maxAge' in c && typeof c.maxAge === 'number' && `Max-Age=${c.maxAge}`,
      'domain' in c && c.domain && `Domain=${c.domain}`,
      'secure' in c && c.secure && 'Secure',
      'httpOnly' in c && c.httpOnly && 'HttpOnly',
      'sameSite' in c && c.sameSite && `SameSite=${c.sameSite}`,
      'partitioned' in c && c.partitioned && 'Partitioned',
      'priority' in c && c.priority && `Priority=${c.priority}`,
    ].filter(Boolean);
    var stringified = `${c.name}=${encodeURIComponent(c.value ?? '')}`;
    return attrs.length === 0 ? stringified : `${stringified}; ${attrs.join('; ')}`;
  }

  // parseCookie parses a `Cookie` header. A pair without '=' gets the value
  // 'true'; a value that is not valid percent-encoding is skipped (an
  // earlier pair of the same name then stays); the last duplicate wins.
  function parseCookie(cookie) {
    var map = new Map();
    for (var pair of cookie.split(/; */)) {
      if (!pair) continue;
      var splitAt = pair.indexOf('=');
      if (splitAt === -1) {
        map.set(pair, 'true');
        continue;
      }
      var key = pair.slice(0, splitAt);
      var value = pair.slice(splitAt + 1);
      try {
        map.set(key, decodeURIComponent(value ?? 'true'));
      } catch (e) {
        // ignore invalid encoded values
      }
    }
    return map;
  }

  var SAME_SITE = ['strict', 'lax', 'none'];
  var PRIORITY = ['low', 'medium', 'high'];

  function parseSameSite(string) {
    string = string.toLowerCase();
    return SAME_SITE.includes(string) ? string : undefined;
  }

  function parsePriority(string) {
    string = string.toLowerCase();
    return PRIORITY.includes(string) ? string : undefined;
  }

  function compact(t) {
    var out = {};
    for (var key in t) {
      if (t[key]) out[key] = t[key];
    }
    return out;
  }

  // parseSetCookie parses one `Set-Cookie` line into a ResponseCookie.
  function parseSetCookie(setCookie) {
    if (!setCookie) return undefined;
    var entries = Array.from(parseCookie(setCookie));
    var name = entries[0][0];
    var value = entries[0][1];
    var attrs = {};
    for (var i = 1; i < entries.length; i++) {
      attrs[entries[i][0].toLowerCase().replace(/-/g, '')] = entries[i][1];
    }
    var cookie = { name: name, value: decodeURIComponent(value), domain: attrs.domain };
    if (attrs.expires) cookie.expires = new Date(attrs.expires);
    if (attrs.httponly) cookie.httpOnly = true;
    if (typeof attrs.maxage === 'string') cookie.maxAge = Number(attrs.maxage);
    cookie.path = attrs.path;
    if (attrs.samesite) cookie.sameSite = parseSameSite(attrs.samesite);
    if (attrs.secure) cookie.secure = true;
    if (attrs.priority) cookie.priority = parsePriority(attrs.priority);
    if (attrs.partitioned) cookie.partitioned = true;
    return compact(cookie);
  }

  // splitCookiesString splits a comma-joined Set-Cookie value without
  // breaking on the comma inside an Expires date (set-cookie-parser's
  // algorithm, as used by Next.js).
  function splitCookiesString(cookiesString) {
    if (!cookiesString) return [];
    var cookiesStrings = [];
    var pos = 0;
    var start, ch, lastComma, nextStart, cookiesSeparatorFound;
    function skipWhitespace() {
      while (pos < cookiesString.length && /\s/.test(cookiesString.charAt(pos))) pos += 1;
      return pos < cookiesString.length;
    }
    function notSpecialChar() {
      ch = cookiesString.charAt(pos);
      return ch !== '=' && ch !== ';' && ch !== ',';
    }
    while (pos < cookiesString.length) {
      start = pos;
      cookiesSeparatorFound = false;
      while (skipWhitespace()) {
        ch = cookiesString.charAt(pos);
        if (ch === ',') {
          lastComma = pos;
          pos += 1;
          skipWhitespace();
          nextStart = pos;
          while (pos < cookiesString.length && notSpecialChar()) pos += 1;
          if (pos < cookiesString.length && cookiesString.charAt(pos) === '=') {
            cookiesSeparatorFound = true;
            pos = nextStart;
            cookiesStrings.push(cookiesString.substring(start, lastComma));
            start = pos;
          } else {
            pos = lastComma + 1;
          }
        } else {
          pos += 1;
        }
      }
      if (!cookiesSeparatorFound || pos >= cookiesString.length) {
        cookiesStrings.push(cookiesString.substring(start, cookiesString.length));
      }
    }
    return cookiesStrings;
  }

  function cookieName(args) {
    return typeof args[0] === 'string' ? args[0] : args[0].name;
  }

  /** Cookies of a request (the `Cookie` header), as `req.cookies`. */
  class RequestCookies {
    constructor(requestHeaders) {
      this._parsed = new Map();
      this._headers = requestHeaders;
      var header = requestHeaders.get('cookie');
      if (header) {
        for (var [name, value] of parseCookie(header)) {
          this._parsed.set(name, { name: name, value: value });
        }
      }
    }

    [Symbol.iterator]() {
      return this._parsed[Symbol.iterator]();
    }

    get size() {
      return this._parsed.size;
    }

    get(...args) {
      return this._parsed.get(cookieName(args));
    }

    getAll(...args) {
      var all = Array.from(this._parsed);
      if (!args.length) return all.map(function (e) { return e[1]; });
      var name = typeof args[0] === 'string' ? args[0] : args[0] && args[0].name;
      return all.filter(function (e) { return e[0] === name; }).map(function (e) { return e[1]; });
    }

    has(name) {
      return this._parsed.has(name);
    }

    set(...args) {
      var name = args.length === 1 ? args[0].name : args[0];
      var value = args.length === 1 ? args[0].value : args[1];
      this._parsed.set(name, { name: name, value: value });
      this._headers.set('cookie', Array.from(this._parsed.values()).map(stringifyCookie).join('; '));
      return this;
    }

    delete(names) {
      var map = this._parsed;
      var result = !Array.isArray(names) ? map.delete(names) : names.map(function (n) { return map.delete(n); });
      this._headers.set('cookie', Array.from(map.values()).map(stringifyCookie).join('; '));
      return result;
    }

    clear() {
      this.delete(Array.from(this._parsed.keys()));
      return this;
    }

    [INSPECT]() {
      return `RequestCookies ${JSON.stringify(Object.fromEntries(this._parsed))}`;
    }

    toString() {
      return Array.from(this._parsed.values())
        .map(function (v) { return `${v.name}=${encodeURIComponent(v.value)}`; })
        .join('; ');
    }
  }

  function normalizeCookie(cookie) {
    if (typeof cookie.expires === 'number') cookie.expires = new Date(cookie.expires);
    if (cookie.maxAge) cookie.expires = new Date(Date.now() + cookie.maxAge * 1000);
    if (cookie.path === null || cookie.path === undefined) cookie.path = '/';
    return cookie;
  }

  /**
   * Cookies of a response (`Set-Cookie` headers), as `res.cookies`. Like
   * Next.js, it parses the Set-Cookie lines present when the response is
   * constructed; every set()/delete() rewrites all Set-Cookie lines from
   * that parsed list, so lines appended with headers.append() after
   * construction and before a set()/delete() are dropped, as on Vercel.
   */
  class ResponseCookies {
    constructor(responseHeaders) {
      this._parsed = new Map();
      this._headers = responseHeaders;
      var setCookie = (typeof responseHeaders.getSetCookie === 'function' ? responseHeaders.getSetCookie() : undefined) ??
        responseHeaders.get('set-cookie') ?? [];
      var cookieStrings = Array.isArray(setCookie) ? setCookie : splitCookiesString(setCookie);
      for (var cookieString of cookieStrings) {
        var parsed = parseSetCookie(cookieString);
        if (parsed) this._parsed.set(parsed.name, parsed);
      }
    }

    get(...args) {
      return this._parsed.get(cookieName(args));
    }

    getAll(...args) {
      var all = Array.from(this._parsed.values());
      if (!args.length) return all;
      var key = typeof args[0] === 'string' ? args[0] : args[0] && args[0].name;
      return all.filter(function (c) { return c.name === key; });
    }

    has(name) {
      return this._parsed.has(name);
    }

    set(...args) {
      var name, value, cookie;
      if (args.length === 1) {
        name = args[0].name;
        value = args[0].value;
        cookie = args[0];
      } else {
        name = args[0];
        value = args[1];
        cookie = args[2];
      }
      this._parsed.set(name, normalizeCookie(Object.assign({ name: name, value: value }, cookie)));
      this._headers.delete('set-cookie');
      for (var c of this._parsed.values()) {
        this._headers.append('set-cookie', stringifyCookie(c));
      }
      return this;
    }

    delete(...args) {
      var name = typeof args[0] === 'string' ? args[0] : args[0].name;
      var opts = typeof args[0] === 'string' ? undefined : args[0];
      return this.set(Object.assign({}, opts, { name: name, value: '', expires: new Date(0) }));
    }

    [INSPECT]() {
      return `ResponseCookies ${JSON.stringify(Object.fromEntries(this._parsed))}`;
    }

    toString() {
      return Array.from(this._parsed.values()).map(stringifyCookie).join('; ');
    }
  }

  // ---------------------------------------------------------------------
  // NextURL (next/dist/server/web/next-url.js, without i18n)
  // ---------------------------------------------------------------------

  var REGEX_LOCALHOST_HOSTNAME = /(?!^https?:\/\/)(127(?:\.(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)){3}|\[::1\]|localhost)/;

  function parseURL(url, base) {
    var input = String(url).replace(REGEX_LOCALHOST_HOSTNAME, 'localhost');
    if (base === undefined || base === null) return new URL(input);
    return new URL(input, base && String(base).replace(REGEX_LOCALHOST_HOSTNAME, 'localhost'));
  }

  function parsePath(path) {
    var hashIndex = path.indexOf('#');
    var queryIndex = path.indexOf('?');
    var hasQuery = queryIndex > -1 && (hashIndex < 0 || queryIndex < hashIndex);
    if (hasQuery || hashIndex > -1) {
      return {
        pathname: path.substring(0, hasQuery ? queryIndex : hashIndex),
        query: hasQuery ? path.substring(queryIndex, hashIndex > -1 ? hashIndex : undefined) : '',
        hash: hashIndex > -1 ? path.slice(hashIndex) : '',
      };
    }
    return { pathname: path, query: '', hash: '' };
  }

  function addPathPrefix(path, prefix) {
    if (!path.startsWith('/') || !prefix) return path;
    var p = parsePath(path);
    return '' + prefix + p.pathname + p.query + p.hash;
  }

  function addPathSuffix(path, suffix) {
    if (!path.startsWith('/') || !suffix) return path;
    var p = parsePath(path);
    return '' + p.pathname + suffix + p.query + p.hash;
  }

  function pathHasPrefix(path, prefix) {
    if (typeof path !== 'string') return false;
    var pathname = parsePath(path).pathname;
    return pathname === prefix || pathname.startsWith(prefix + '/');
  }

  function removePathPrefix(path, prefix) {
    if (!pathHasPrefix(path, prefix)) return path;
    var withoutPrefix = path.slice(prefix.length);
    return withoutPrefix.startsWith('/') ? withoutPrefix : '/' + withoutPrefix;
  }

  function removeTrailingSlash(route) {
    return route.replace(/\/$/, '') || '/';
  }

  function getNextPathnameInfo(pathname, nextConfig) {
    var basePath = nextConfig && nextConfig.basePath;
    var info = {
      pathname: pathname,
      trailingSlash: pathname !== '/' ? pathname.endsWith('/') : nextConfig && nextConfig.trailingSlash,
    };
    if (basePath && pathHasPrefix(info.pathname, basePath)) {
      info.pathname = removePathPrefix(info.pathname, basePath);
      info.basePath = basePath;
    }
    if (info.pathname.startsWith('/_next/data/') && info.pathname.endsWith('.json')) {
      var paths = info.pathname.replace(/^\/_next\/data\//, '').replace(/\.json$/, '').split('/');
      info.buildId = paths[0];
      info.pathname = paths[1] !== 'index' ? '/' + paths.slice(1).join('/') : '/';
    }
    return info;
  }

  function formatNextPathnameInfo(info) {
    var pathname = info.pathname;
    if (info.buildId || !info.trailingSlash) pathname = removeTrailingSlash(pathname);
    if (info.buildId) {
      pathname = addPathSuffix(addPathPrefix(pathname, '/_next/data/' + info.buildId), info.pathname === '/' ? 'index.json' : '.json');
    }
    pathname = addPathPrefix(pathname, info.basePath);
    return !info.buildId && info.trailingSlash
      ? (!pathname.endsWith('/') ? addPathSuffix(pathname, '/') : pathname)
      : removeTrailingSlash(pathname);
  }

  var URL_INTERNAL = Symbol('NextURLInternal');

  /** A URL with Next.js' view of basePath, locale and buildId (`req.nextUrl`). */
  class NextURL {
    constructor(input, baseOrOpts, opts) {
      var base;
      var options;
      if ((typeof baseOrOpts === 'object' && baseOrOpts !== null && 'pathname' in baseOrOpts) || typeof baseOrOpts === 'string') {
        base = baseOrOpts;
        options = opts || {};
      } else {
        options = opts || baseOrOpts || {};
      }
      this[URL_INTERNAL] = {
        url: parseURL(input, base ?? options.base),
        options: options,
        basePath: '',
      };
      this.analyze();
    }

    analyze() {
      var internal = this[URL_INTERNAL];
      var info = getNextPathnameInfo(internal.url.pathname, internal.options.nextConfig);
      // Edgeplay: i18n (locales, domain locales) is not emulated.
      var defaultLocale = undefined;
      internal.url.pathname = info.pathname;
      internal.defaultLocale = defaultLocale;
      internal.basePath = info.basePath ?? '';
      internal.buildId = info.buildId;
      internal.locale = info.locale ?? defaultLocale;
      internal.trailingSlash = info.trailingSlash;
    }

    formatPathname() {
      var internal = this[URL_INTERNAL];
      return formatNextPathnameInfo({
        basePath: internal.basePath,
        buildId: internal.buildId,
        defaultLocale: !internal.options.forceLocale ? internal.defaultLocale : undefined,
        locale: internal.locale,
        pathname: internal.url.pathname,
        trailingSlash: internal.trailingSlash,
      });
    }

    formatSearch() {
      return this[URL_INTERNAL].url.search;
    }

    get buildId() { return this[URL_INTERNAL].buildId; }
    set buildId(buildId) { this[URL_INTERNAL].buildId = buildId; }

    get locale() { return this[URL_INTERNAL].locale ?? ''; }
    set locale(locale) {
      // Without an i18n configuration every locale is unknown, as in Next.js.
      throw new TypeError(`The NextURL configuration includes no locale "${locale}"`);
    }

    get defaultLocale() { return this[URL_INTERNAL].defaultLocale; }
    get domainLocale() { return this[URL_INTERNAL].domainLocale; }
    get searchParams() { return this[URL_INTERNAL].url.searchParams; }

    get host() { return this[URL_INTERNAL].url.host; }
    set host(value) { this[URL_INTERNAL].url.host = value; }
    get hostname() { return this[URL_INTERNAL].url.hostname; }
    set hostname(value) { this[URL_INTERNAL].url.hostname = value; }
    get port() { return this[URL_INTERNAL].url.port; }
    set port(value) { this[URL_INTERNAL].url.port = value; }
    get protocol() { return this[URL_INTERNAL].url.protocol; }
    set protocol(value) { this[URL_INTERNAL].url.protocol = value; }

    get href() {
      var pathname = this.formatPathname();
      var search = this.formatSearch();
      return `${this.protocol}//${this.host}${pathname}${search}${this.hash}`;
    }
    set href(url) {
      this[URL_INTERNAL].url = parseURL(url);
      this.analyze();
    }

    get origin() { return this[URL_INTERNAL].url.origin; }
    get pathname() { return this[URL_INTERNAL].url.pathname; }
    set pathname(value) { this[URL_INTERNAL].url.pathname = value; }
    get hash() { return this[URL_INTERNAL].url.hash; }
    set hash(value) { this[URL_INTERNAL].url.hash = value; }
    get search() { return this[URL_INTERNAL].url.search; }
    set search(value) { this[URL_INTERNAL].url.search = value; }
    get password() { return this[URL_INTERNAL].url.password; }
    set password(value) { this[URL_INTERNAL].url.password = value; }
    get username() { return this[URL_INTERNAL].url.username; }
    set username(value) { this[URL_INTERNAL].url.username = value; }

    get basePath() { return this[URL_INTERNAL].basePath; }
    set basePath(value) { this[URL_INTERNAL].basePath = value.startsWith('/') ? value : `/${value}`; }

    toString() { return this.href; }
    toJSON() { return this.href; }

    [INSPECT]() {
      return {
        href: this.href,
        origin: this.origin,
        protocol: this.protocol,
        username: this.username,
        password: this.password,
        host: this.host,
        hostname: this.hostname,
        port: this.port,
        pathname: this.pathname,
        search: this.search,
        searchParams: this.searchParams,
        hash: this.hash,
      };
    }

    clone() {
      return new NextURL(String(this), this[URL_INTERNAL].options);
    }
  }

  // ---------------------------------------------------------------------
  // NextRequest
  // ---------------------------------------------------------------------

  function safeDecode(value) {
    try {
      return decodeURIComponent(value);
    } catch (e) {
      return value;
    }
  }

  // Edgeplay: Next.js 12–14 got `geo` and `ip` from the platform; Edgeplay
  // reads the x-vercel-ip-* and x-real-ip headers its Vercel simulation adds.
  function geoFromHeaders(headers) {
    var geo = {};
    var city = headers.get('x-vercel-ip-city');
    var country = headers.get('x-vercel-ip-country');
    var region = headers.get('x-vercel-ip-country-region');
    var latitude = headers.get('x-vercel-ip-latitude');
    var longitude = headers.get('x-vercel-ip-longitude');
    if (city) geo.city = safeDecode(city);
    if (country) geo.country = country;
    if (region) geo.region = region;
    if (latitude) geo.latitude = latitude;
    if (longitude) geo.longitude = longitude;
    return geo;
  }

  var REQUEST_INTERNALS = Symbol('internal request');

  // Edgeplay: the request the host builds for a handler (createIncoming)
  // skips the copy Next.js' adapter makes of the incoming Request: the
  // NextRequest is made directly from the incoming request's state, and its
  // cookies, nextUrl and url are computed on first read (from the Cookie
  // header and URL as they were at construction, so what a handler sees is
  // what Next.js' eager constructor gives).
  var INCOMING = Symbol('incoming request');
  var incomingKey = null;
  var incomingCookie = null;
  var requestURLGetter = Object.getOwnPropertyDescriptor(Request.prototype, 'url').get;
  // requestURLOf(request) is requestURLGetter.call(request), with no
  // argument array to make.
  var requestURLOf = ReflectApply(Function.prototype.bind, Function.prototype.call, [requestURLGetter]);

  // requestCookiesFrom is `new RequestCookies(headers)` for a Cookie header
  // value read earlier (null when absent).
  function requestCookiesFrom(headers, header) {
    var cookies = Object.create(RequestCookies.prototype);
    cookies._parsed = new Map();
    cookies._headers = headers;
    if (header) {
      for (var [name, value] of parseCookie(header)) {
        cookies._parsed.set(name, { name: name, value: value });
      }
    }
    return cookies;
  }

  // lazyURL fills in nextUrl and url of a host-built request together, so
  // that url never reflects later changes to nextUrl (as when eager).
  function lazyURL(request, internals) {
    if (internals.nextUrl === undefined) {
      // A host-built request has no init, so no nextConfig.
      var requestURL = requestURLOf(request);
      var nextUrl = new NextURL(requestURL, { nextConfig: undefined });
      internals.nextUrl = nextUrl;
      if (internals.url === undefined) {
        internals.url = nextUrl.toString();
        lastLazyURLInput = requestURL;
        lastLazyURL = internals.url;
      }
    }
    return internals;
  }

  // lazyURLString is the url of a host-built request whose nextUrl nobody
  // asked for: what a fresh NextURL of the request URL gives (a pure
  // function of that URL), remembered for the last URL (clients repeat
  // theirs), so reading req.url costs no NextURL then.
  var lastLazyURLInput = null;
  var lastLazyURL = null;
  function lazyURLString(request, internals) {
    if (internals.url === undefined) {
      var requestURL = requestURLOf(request);
      if (requestURL === lastLazyURLInput) internals.url = lastLazyURL;
      else lazyURL(request, internals);
    }
    return internals.url;
  }

  /** The request handed to an edge API route: a Request with cookies and nextUrl. */
  class NextRequest extends Request {
    // Edgeplay: `init = {}` as in Next.js, but the {} is made only when
    // used (a host-built request never needs it).
    constructor(input, init = undefined) {
      if (input === INCOMING) {
        var key = incomingKey;
        var cookieHeader = incomingCookie;
        incomingKey = null;
        incomingCookie = null;
        super(key);
        var lazy = { cookies: undefined, nextUrl: undefined, url: undefined, cookieHeader: cookieHeader };
        if (legacyGeo) {
          if (init === undefined) init = {};
          lazy.geo = init.geo || geoFromHeaders(this.headers);
          lazy.ip = init.ip !== undefined ? init.ip : (this.headers.get('x-real-ip') || undefined);
        }
        this[REQUEST_INTERNALS] = lazy;
        return;
      }
      if (init === undefined) init = {};
      var url = typeof input !== 'string' && 'url' in input ? input.url : String(input);
      validateURL(url);
      if (input instanceof Request) super(input, init);
      else super(url, init);
      var nextUrl = new NextURL(url, { nextConfig: init.nextConfig });
      var internals = {
        cookies: new RequestCookies(this.headers),
        nextUrl: nextUrl,
        url: nextUrl.toString(),
      };
      if (legacyGeo) {
        internals.geo = init.geo || geoFromHeaders(this.headers);
        internals.ip = init.ip !== undefined ? init.ip : (this.headers.get('x-real-ip') || undefined);
      }
      this[REQUEST_INTERNALS] = internals;
    }

    [INSPECT]() {
      var view = {
        cookies: this.cookies,
        nextUrl: this.nextUrl,
        url: this.url,
        bodyUsed: this.bodyUsed,
        cache: this.cache,
        credentials: this.credentials,
        destination: this.destination,
        headers: Object.fromEntries(this.headers),
        integrity: this.integrity,
        keepalive: this.keepalive,
        method: this.method,
        mode: this.mode,
        redirect: this.redirect,
        referrer: this.referrer,
        referrerPolicy: this.referrerPolicy,
        signal: this.signal,
      };
      if (legacyGeo) {
        view.geo = this.geo;
        view.ip = this.ip;
      }
      return view;
    }

    get cookies() {
      var internals = this[REQUEST_INTERNALS];
      if (internals.cookies === undefined && 'cookieHeader' in internals) {
        internals.cookies = requestCookiesFrom(this.headers, internals.cookieHeader);
      }
      return internals.cookies;
    }
    get nextUrl() {
      var internals = this[REQUEST_INTERNALS];
      if (internals.nextUrl === undefined && 'cookieHeader' in internals) lazyURL(this, internals);
      return internals.nextUrl;
    }

    /** @deprecated */
    get page() { throw new RemovedPageError(); }

    /** @deprecated */
    get ua() { throw new RemovedUAError(); }

    get url() {
      var internals = this[REQUEST_INTERNALS];
      if (internals.url === undefined && 'cookieHeader' in internals) return lazyURLString(this, internals);
      return internals.url;
    }
  }
  if (legacyGeo) {
    Object.defineProperty(NextRequest.prototype, 'geo', {
      get: function () { return this[REQUEST_INTERNALS].geo; },
      enumerable: false,
      configurable: true,
    });
    Object.defineProperty(NextRequest.prototype, 'ip', {
      get: function () { return this[REQUEST_INTERNALS].ip; },
      enumerable: false,
      configurable: true,
    });
  }

  // NextRequestHint is the class of the request Next.js' adapter really
  // passes to a handler: a NextRequest that knows its page and rejects the
  // pre-12.2 middleware signature.
  class NextRequestHint extends NextRequest {
    constructor(params) {
      super(params.input, params.init);
      this.sourcePage = params.page;
    }
    get request() { throw new PageSignatureError({ page: this.sourcePage }); }
    respondWith() { throw new PageSignatureError({ page: this.sourcePage }); }
    waitUntil() { throw new PageSignatureError({ page: this.sourcePage }); }
  }

  // ---------------------------------------------------------------------
  // NextResponse
  // ---------------------------------------------------------------------

  var RESPONSE_INTERNALS = Symbol('internal response');
  var REDIRECTS = new Set([301, 302, 303, 307, 308]);

  function handleMiddlewareField(init, headers) {
    if (init && init.request && init.request.headers) {
      if (!(init.request.headers instanceof Headers)) {
        throw new Error('request.headers must be an instance of Headers');
      }
      var keys = [];
      for (var [key, value] of init.request.headers) {
        headers.set('x-middleware-request-' + key, value);
        keys.push(key);
      }
      headers.set('x-middleware-override-headers', keys.join(','));
    }
  }

  function reflectGet(target, prop, receiver) {
    var value = Reflect.get(target, prop, receiver);
    return typeof value === 'function' ? value.bind(target) : value;
  }

  function warn(message) {
    if (typeof console !== 'undefined' && console && typeof console.warn === 'function') {
      console.warn(message);
    }
  }

  /** A Response with cookies and Next.js' redirect/rewrite/next helpers. */
  class NextResponse extends Response {
    constructor(body, init = {}) {
      super(body, init);
      var headers = this.headers;
      var cookies = new ResponseCookies(headers);
      // As in Next.js, set() and delete() also mirror every cookie into
      // x-middleware-set-cookie; the adapter strips it from API route
      // responses (see finalizeResponse).
      var cookiesProxy = new Proxy(cookies, {
        get: function (target, prop, receiver) {
          switch (prop) {
            case 'delete':
            case 'set':
              return function (...args) {
                var result = Reflect.apply(target[prop], target, args);
                var newHeaders = new Headers(headers);
                if (result instanceof ResponseCookies) {
                  headers.set('x-middleware-set-cookie', result.getAll().map(stringifyCookie).join(','));
                }
                handleMiddlewareField(init, newHeaders);
                return result;
              };
            default:
              return reflectGet(target, prop, receiver);
          }
        },
      });
      this[RESPONSE_INTERNALS] = {
        cookies: cookiesProxy,
        url: init.url ? new NextURL(init.url, { nextConfig: init.nextConfig }) : undefined,
      };
    }

    [INSPECT]() {
      return {
        cookies: this.cookies,
        url: this[RESPONSE_INTERNALS].url,
        body: this.body,
        bodyUsed: this.bodyUsed,
        headers: Object.fromEntries(this.headers),
        ok: this.ok,
        redirected: this.redirected,
        status: this.status,
        statusText: this.statusText,
        type: this.type,
      };
    }

    get cookies() { return this[RESPONSE_INTERNALS].cookies; }

    static json(body, init) {
      var response = Response.json(body, init);
      return new NextResponse(response.body, response);
    }

    static redirect(url, init) {
      var status = typeof init === 'number' ? init : ((init && init.status) ?? 307);
      if (!REDIRECTS.has(status)) {
        throw new RangeError('Failed to execute "redirect" on "response": Invalid status code');
      }
      var initObj = typeof init === 'object' ? init : {};
      var headers = new Headers(initObj && initObj.headers);
      headers.set('Location', validateURL(url));
      return new NextResponse(null, Object.assign({}, initObj, { headers: headers, status: status }));
    }

    static rewrite(destination, init) {
      var headers = new Headers(init && init.headers);
      headers.set('x-middleware-rewrite', validateURL(destination));
      handleMiddlewareField(init, headers);
      // Edgeplay: Next.js says nothing, but nothing is rewritten either.
      warn('NextResponse.rewrite() only has an effect in middleware: returned from an API route it rewrites nothing, and the response goes out as is (empty body, x-middleware-rewrite header). Fetch the destination and return its response instead.');
      return new NextResponse(null, Object.assign({}, init, { headers: headers }));
    }

    static next(init) {
      var headers = new Headers(init && init.headers);
      headers.set('x-middleware-next', '1');
      handleMiddlewareField(init, headers);
      return new NextResponse(null, Object.assign({}, init, { headers: headers }));
    }
  }

  // ---------------------------------------------------------------------
  // NextFetchEvent (next/dist/server/web/spec-extension/fetch-event.js)
  // ---------------------------------------------------------------------

  var responseSymbol = Symbol('response');
  var passThroughSymbol = Symbol('passThrough');
  var waitUntilSymbol = Symbol('waitUntil');

  class FetchEvent {
    constructor(_request, waitUntil) {
      this[passThroughSymbol] = false;
      this[waitUntilSymbol] = waitUntil
        ? { kind: 'external', function: waitUntil }
        : { kind: 'internal', promises: [] };
    }

    respondWith(response) {
      if (!this[responseSymbol]) this[responseSymbol] = Promise.resolve(response);
    }

    passThroughOnException() {
      this[passThroughSymbol] = true;
    }

    waitUntil(promise) {
      var state = this[waitUntilSymbol];
      if (state.kind === 'external') return state.function(promise);
      state.promises.push(promise);
    }
  }

  /** The second argument of a handler: `event.waitUntil(promise)`. */
  class NextFetchEvent extends FetchEvent {
    constructor(params) {
      super(params.request, params.context && params.context.waitUntil);
      this.sourcePage = params.page;
    }

    /** @deprecated */
    get request() { throw new PageSignatureError({ page: this.sourcePage }); }

    /** @deprecated */
    respondWith() { throw new PageSignatureError({ page: this.sourcePage }); }
  }

  // waitUntilPromises returns the promises handed to event.waitUntil() so far
  // (a copy), or [] when the event delegates to an external waitUntil.
  function waitUntilPromises(event) {
    var state = event && event[waitUntilSymbol];
    if (!state || state.kind !== 'internal') return [];
    return state.promises.slice();
  }

  // Edgeplay: the host reads the promises through this non-enumerable,
  // Symbol.for-keyed method (nextserver.WaitUntilPromises in Go).
  Object.defineProperty(FetchEvent.prototype, Symbol.for('edgeplay.next-server.waitUntilPromises'), {
    value: function () { return waitUntilPromises(this); },
    enumerable: false,
    writable: false,
    configurable: false,
  });

  // ---------------------------------------------------------------------
  // Adapter step (next/dist/server/web/adapter.js, API route branch)
  // ---------------------------------------------------------------------

  // finalizeResponse applies what Next.js' adapter does to the value an
  // edge API route returned: a non-Response is a TypeError; the internal
  // x-middleware-set-cookie header is stripped; with the request URL, a
  // same-host rewrite and a Location header are normalised through NextURL
  // (a relative Location throws, as it does in Next.js 15); no response
  // means NextResponse.next().
  // Edgeplay: a response carrying none of the headers this step looks at
  // goes out as it is; whether it carries them is read without the Headers
  // methods' argument validation when they are the built-in ones.
  var ResponsePrototype = Response.prototype;
  var headersHas = Headers.prototype.has;
  var headersGet = Headers.prototype.get;

  function untouchedByAdapter(response) {
    var proto = Object.getPrototypeOf(response);
    if (proto !== ResponsePrototype && proto !== NextResponse.prototype) return false;
    var headers = response.headers;
    if (headers.has !== headersHas || headers.get !== headersGet) return false;
    return trustedHeaderGet(headers, 'x-middleware-set-cookie') === null &&
      trustedHeaderGet(headers, 'x-middleware-rewrite') === null &&
      trustedHeaderGet(headers, 'location') === null;
  }

  function finalizeResponse(response, requestUrl, nextConfig) {
    if (response && !(response instanceof Response)) {
      throw new TypeError('Expected an instance of Response to be returned');
    }
    if (response && trustedHeaderGet !== null && untouchedByAdapter(response)) return response;
    if (response && response.headers.has('x-middleware-set-cookie')) {
      response = new Response(response.body, response);
      response.headers.delete('x-middleware-set-cookie');
    }
    if (response && requestUrl !== undefined && requestUrl !== null) {
      // Edgeplay: the request URL is parsed only when a header needs it
      // (parsing a URL the host already parsed cannot throw).
      var requestURL;
      var rewrite = response.headers.get('x-middleware-rewrite');
      if (rewrite) {
        var destination = new NextURL(rewrite, { forceLocale: true, nextConfig: nextConfig });
        requestURL = new NextURL(requestUrl, { nextConfig: nextConfig });
        if (destination.host === requestURL.host) {
          response.headers.set('x-middleware-rewrite', String(destination));
        }
      }
      var redirect = response.headers.get('Location');
      if (redirect) {
        var redirectURL = new NextURL(redirect, { forceLocale: false, nextConfig: nextConfig });
        response = new Response(response.body, response);
        if (requestURL === undefined) requestURL = new NextURL(requestUrl, { nextConfig: nextConfig });
        if (redirectURL.host === requestURL.host) {
          response.headers.set('Location', redirectURL.toString());
        }
      }
    }
    return response ? response : NextResponse.next();
  }

  // ---------------------------------------------------------------------
  // userAgent (UAParser.js 1.0.35 semantics, common families only)
  // ---------------------------------------------------------------------

  var NAME = 'name', VERSION = 'version', MAJOR = 'major', MODEL = 'model', VENDOR = 'vendor',
    TYPE = 'type', ARCHITECTURE = 'architecture', MOBILE = 'mobile', TABLET = 'tablet',
    WEARABLE = 'wearable', CONSOLE = 'console', SMARTTV = 'smarttv', UA_MAX_LENGTH = 350;

  function lowerize(str) { return str.toLowerCase(); }

  function majorize(version) {
    return typeof version === 'string' ? version.replace(/[^\d\.]/g, '').split('.')[0] : undefined;
  }

  function has(str1, str2) {
    return typeof str1 === 'string' ? lowerize(str2).indexOf(lowerize(str1)) !== -1 : false;
  }

  function strMapper(str, map) {
    for (var i in map) {
      if (typeof map[i] === 'object' && map[i].length > 0) {
        for (var j = 0; j < map[i].length; j++) {
          if (has(map[i][j], str)) return i === '?' ? undefined : i;
        }
      } else if (has(map[i], str)) {
        return i === '?' ? undefined : i;
      }
    }
    return str;
  }

  var oldSafariMap = { '1.0': '/8', '1.2': '/1', '1.3': '/3', '2.0': '/412', '2.0.2': '/416', '2.0.3': '/417', '2.0.4': '/419', '?': '/' };
  var windowsVersionMap = {
    'ME': '4.90', 'NT 3.11': 'NT3.51', 'NT 4.0': 'NT4.0', '2000': 'NT 5.0', 'XP': ['NT 5.1', 'NT 5.2'],
    'Vista': 'NT 6.0', '7': 'NT 6.1', '8': 'NT 6.2', '8.1': 'NT 6.3', '10': ['NT 6.4', 'NT 10.0'], 'RT': 'ARM',
  };

  // rgxMapper applies the first matching rule: rules are [regexes, props]
  // pairs; a prop is a name (the next capture), [name, constant],
  // [name, fn], [name, regex, replacement], [name, fn, map] or
  // [name, regex, replacement, fn].
  function rgxMapper(target, ua, rules) {
    var matches;
    for (var i = 0; i < rules.length && !matches; i += 2) {
      var regexes = rules[i];
      var props = rules[i + 1];
      var k = 0;
      for (var j = 0; j < regexes.length && !matches; j++) {
        matches = regexes[j].exec(ua);
        if (!matches) continue;
        for (var p = 0; p < props.length; p++) {
          var match = matches[++k];
          var q = props[p];
          if (typeof q === 'object' && q.length > 0) {
            if (q.length === 2) {
              target[q[0]] = typeof q[1] === 'function' ? q[1](match) : q[1];
            } else if (q.length === 3) {
              if (typeof q[1] === 'function' && !(q[1].exec && q[1].test)) {
                target[q[0]] = match ? q[1](match, q[2]) : undefined;
              } else {
                target[q[0]] = match ? match.replace(q[1], q[2]) : undefined;
              }
            } else if (q.length === 4) {
              target[q[0]] = match ? q[3](match.replace(q[1], q[2])) : undefined;
            }
          } else {
            target[q] = match ? match : undefined;
          }
        }
      }
    }
  }

  // Subset of UAParser.js 1.0.35's rules, in its order. Families without a
  // rule here fall through to the later, more generic rules (e.g. a niche
  // Chromium-based browser is reported as Chrome).
  var UA_RULES = {
    // Edgeplay: in the case-insensitive regexes with a lookaround, `.` is
    // written [^\n\r\u2028\u2029] (the very set `.` matches): goja compiles
    // those with a backtracking engine that expands the case variants of `.`
    // slowly (~150 ms at startup in all).
    browser: [
      [/\b(?:crmo|crios)\/([\w\.]+)/i], [VERSION, [NAME, 'Chrome']],
      [/edg(?:e|ios|a)?\/([\w\.]+)/i], [VERSION, [NAME, 'Edge']],
      [/(opera mini)\/([-\w\.]+)/i, /(opera [mobiletab]{3,6})\b.+version\/([-\w\.]+)/i, /(opera)(?:.+version\/|[\/ ]+)([\w\.]+)/i], [NAME, VERSION],
      [/opios[\/ ]+([\w\.]+)/i], [VERSION, [NAME, 'Opera Mini']],
      [/\bopr\/([\w\.]+)/i], [VERSION, [NAME, 'Opera']],
      [/(kindle)\/([\w\.]+)/i, /(lunascape|maxthon|netfront|jasmine|blazer)[\/ ]?([\w\.]*)/i,
        /(avant |iemobile|slim)(?:browser)?[\/ ]?([\w\.]*)/i, /(ba?idubrowser)[\/ ]?([\w\.]+)/i, /(?:ms|\()(ie) ([\w\.]+)/i,
        /(flock|rockmelt|midori|epiphany|silk|skyfire|bolt|iron|vivaldi|iridium|phantomjs|bowser|quark|qupzilla|falkon|rekonq|puffin|brave|whale(?![^\n\r\u2028\u2029]+naver)|qqbrowserlite|qq|duckduckgo)\/([-\w\.]+)/i,
        /(heytap|ovi)browser\/([\d\.]+)/i, /(weibo)__([\d\.]+)/i], [NAME, VERSION],
      [/(?:\buc? ?browser|(?:juc.+)ucweb)[\/ ]?([\w\.]+)/i], [VERSION, [NAME, 'UCBrowser']],
      [/micromessenger\/([\w\.]+)/i], [VERSION, [NAME, 'WeChat']],
      [/konqueror\/([\w\.]+)/i], [VERSION, [NAME, 'Konqueror']],
      [/trident.+rv[: ]([\w\.]{1,9})\b.+like gecko/i], [VERSION, [NAME, 'IE']],
      [/ya(?:search)?browser\/([\w\.]+)/i], [VERSION, [NAME, 'Yandex']],
      [/(avast|avg)\/([\w\.]+)/i], [[NAME, /(.+)/, '$1 Secure Browser'], VERSION],
      [/\bfocus\/([\w\.]+)/i], [VERSION, [NAME, 'Firefox Focus']],
      [/\bopt\/([\w\.]+)/i], [VERSION, [NAME, 'Opera Touch']],
      [/coc_coc\w+\/([\w\.]+)/i], [VERSION, [NAME, 'Coc Coc']],
      [/dolfin\/([\w\.]+)/i], [VERSION, [NAME, 'Dolphin']],
      [/coast\/([\w\.]+)/i], [VERSION, [NAME, 'Opera Coast']],
      [/miuibrowser\/([\w\.]+)/i], [VERSION, [NAME, 'MIUI Browser']],
      [/fxios\/([-\w\.]+)/i], [VERSION, [NAME, 'Firefox']],
      [/\bqihu|(qi?ho?o?|360)browser/i], [[NAME, '360 Browser']],
      [/(oculus|samsung|sailfish|huawei)browser\/([\w\.]+)/i], [[NAME, /(.+)/, '$1 Browser'], VERSION],
      [/(comodo_dragon)\/([\w\.]+)/i], [[NAME, /_/g, ' '], VERSION],
      [/(electron)\/([\w\.]+) safari/i, /(tesla)(?: qtcarbrowser|\/(20\d\d\.[-\w\.]+))/i, /m?(qqbrowser|baiduboxapp|2345Explorer)[\/ ]?([\w\.]+)/i], [NAME, VERSION],
      [/(metasr)[\/ ]?([\w\.]+)/i, /(lbbrowser)/i, /\[(linkedin)app\]/i], [NAME],
      [/((?:fban\/fbios|fb_iab\/fb4a)(?![^\n\r\u2028\u2029]+fbav)|;fbav\/([\w\.]+);)/i], [[NAME, 'Facebook'], VERSION],
      [/(kakao(?:talk|story))[\/ ]([\w\.]+)/i, /(naver)\(.*?(\d+\.[\w\.]+).*\)/i, /safari (line)\/([\w\.]+)/i, /\b(line)\/([\w\.]+)\/iab/i, /(chromium|instagram)[\/ ]([-\w\.]+)/i], [NAME, VERSION],
      [/\bgsa\/([\w\.]+) .*safari\//i], [VERSION, [NAME, 'GSA']],
      [/musical_ly(?:.+app_?version\/|_)([\w\.]+)/i], [VERSION, [NAME, 'TikTok']],
      [/headlesschrome(?:\/([\w\.]+)| )/i], [VERSION, [NAME, 'Chrome Headless']],
      [/ wv\).+(chrome)\/([\w\.]+)/i], [[NAME, 'Chrome WebView'], VERSION],
      [/droid.+ version\/([\w\.]+)\b.+(?:mobile safari|safari)/i], [VERSION, [NAME, 'Android Browser']],
      [/(chrome|omniweb|arora|[tizenoka]{5} ?browser)\/v?([\w\.]+)/i], [NAME, VERSION],
      [/version\/([\w\.\,]+) .*mobile\/\w+ (safari)/i], [VERSION, [NAME, 'Mobile Safari']],
      [/version\/([\w(\.|\,)]+) .*(mobile ?safari|safari)/i], [VERSION, NAME],
      [/webkit.+?(mobile ?safari|safari)(\/[\w\.]+)/i], [NAME, [VERSION, strMapper, oldSafariMap]],
      [/(webkit|khtml)\/([\w\.]+)/i], [NAME, VERSION],
      [/(navigator|netscape\d?)\/([-\w\.]+)/i], [[NAME, 'Netscape'], VERSION],
      [/mobile vr; rv:([\w\.]+)\).+firefox/i], [VERSION, [NAME, 'Firefox Reality']],
      [/ekiohf.+(flow)\/([\w\.]+)/i, /(swiftfox)/i,
        /(icedragon|iceweasel|camino|chimera|fennec|maemo browser|minimo|conkeror|klar)[\/ ]?([\w\.\+]+)/i,
        /(seamonkey|k-meleon|icecat|iceape|firebird|phoenix|palemoon|basilisk|waterfox)\/([-\w\.]+)$/i,
        /(firefox)\/([\w\.]+)/i, /(mozilla)\/([\w\.]+) .+rv\:.+gecko\/\d+/i,
        /(polaris|lynx|dillo|icab|doris|amaya|w3m|netsurf|sleipnir|obigo|mosaic|(?:go|ice|up)[\. ]?browser)[-\/ ]?v?([\w\.]+)/i,
        /(links) \(([\w\.]+)/i, /panasonic;(viera)/i], [NAME, VERSION],
      [/(cobalt)\/([\w\.]+)/i], [NAME, [VERSION, /master.|lts./, '']],
    ],
    cpu: [
      [/(?:(amd|x(?:(?:86|64)[-_])?|wow|win)64)[;\)]/i], [[ARCHITECTURE, 'amd64']],
      [/(ia32(?=;))/i], [[ARCHITECTURE, lowerize]],
      [/((?:i[346]|x)86)[;\)]/i], [[ARCHITECTURE, 'ia32']],
      [/\b(aarch64|arm(v?8e?l?|_?64))\b/i], [[ARCHITECTURE, 'arm64']],
      [/\b(arm(?:v[67])?ht?n?[fl]p?)\b/i], [[ARCHITECTURE, 'armhf']],
      [/windows (ce|mobile); ppc;/i], [[ARCHITECTURE, 'arm']],
      [/((?:ppc|powerpc)(?:64)?)(?: mac|;|\))/i], [[ARCHITECTURE, /ower/, '', lowerize]],
      [/(sun4\w)[;\)]/i], [[ARCHITECTURE, 'sparc']],
      [/((?:avr32|ia64(?=;))|68k(?=\))|\barm(?=v(?:[1-7]|[5-7]1)l?|;|eabi)|(?=atmel )avr|(?:irix|mips|sparc)(?:64)?\b|pa-risc)/i], [[ARCHITECTURE, lowerize]],
    ],
    device: [
      [/\b(sch-i[89]0\d|shw-m380s|sm-[ptx]\w{2,4}|gt-[pn]\d{2,4}|sgh-t8[56]9|nexus 10)/i], [MODEL, [VENDOR, 'Samsung'], [TYPE, TABLET]],
      [/\b((?:s[cgp]h|gt|sm)-\w+|sc[g-]?[\d]+a?|galaxy nexus)/i, /samsung[- ]([-\w]+)/i, /sec-(sgh\w+)/i], [MODEL, [VENDOR, 'Samsung'], [TYPE, MOBILE]],
      [/(?:\/|\()(ip(?:hone|od)[\w, ]*)(?:\/|;)/i], [MODEL, [VENDOR, 'Apple'], [TYPE, MOBILE]],
      [/\((ipad);[-\w\),; ]+apple/i, /applecoremedia\/[\w\.]+ \((ipad)/i, /\b(ipad)\d\d?,\d\d?[;\]].+ios/i], [MODEL, [VENDOR, 'Apple'], [TYPE, TABLET]],
      [/(macintosh);/i], [MODEL, [VENDOR, 'Apple']],
      [/(pixel c)\b/i], [MODEL, [VENDOR, 'Google'], [TYPE, TABLET]],
      [/droid.+; (pixel[\daxl ]{0,6})(?: bui|\))/i], [MODEL, [VENDOR, 'Google'], [TYPE, MOBILE]],
      [/crkey/i], [[MODEL, 'Chromecast'], [VENDOR, 'Google'], [TYPE, SMARTTV]],
      [/(playstation [345portablevi]+)/i], [MODEL, [VENDOR, 'Sony'], [TYPE, CONSOLE]],
      [/\b(xbox(?: one)?(?!; xbox))[\); ]/i], [MODEL, [VENDOR, 'Microsoft'], [TYPE, CONSOLE]],
      [/(watch)(?: ?os[,\/]|\d,\d\/)[\d\.]+/i], [MODEL, [VENDOR, 'Apple'], [TYPE, WEARABLE]],
      [/droid .+?; ([^;]+?)(?: bui|\) applew).+? mobile safari/i], [MODEL, [TYPE, MOBILE]],
      [/droid [^\n\r\u2028\u2029]+?; ([^;]+?)(?: bui|\) applew)[^\n\r\u2028\u2029]+?(?! mobile) safari/i], [MODEL, [TYPE, TABLET]],
      [/\b((tablet|tab)[;\/]|focus\/\d(?![^\n\r\u2028\u2029]+mobile))/i], [[TYPE, TABLET]],
      [/(phone|mobile(?:[;\/]| [ \w\/\.]*safari)|pda(?=[^\n\r\u2028\u2029]+windows ce))/i], [[TYPE, MOBILE]],
      [/(android[-\w\. ]{0,9});.+buil/i], [MODEL, [VENDOR, 'Generic']],
    ],
    engine: [
      [/windows.+ edge\/([\w\.]+)/i], [VERSION, [NAME, 'EdgeHTML']],
      [/webkit\/537\.36[^\n\r\u2028\u2029]+chrome\/(?!27)([\w\.]+)/i], [VERSION, [NAME, 'Blink']],
      [/(presto)\/([\w\.]+)/i, /(webkit|trident|netfront|netsurf|amaya|lynx|w3m|goanna)\/([\w\.]+)/i, /ekioh(flow)\/([\w\.]+)/i,
        /(khtml|tasman|links)[\/ ]\(?([\w\.]+)/i, /(icab)[\/ ]([23]\.[\d\.]+)/i, /\b(libweb)/i], [NAME, VERSION],
      [/rv\:([\w\.]{1,9})\b.+(gecko)/i], [VERSION, NAME],
    ],
    os: [
      [/microsoft (windows) (vista|xp)/i], [NAME, VERSION],
      [/(windows) nt 6\.2; (arm)/i, /(windows (?:phone(?: os)?|mobile))[\/ ]?([\d\.\w ]*)/i, /(windows)[\/ ]?([ntce\d\. ]+\w)(?![^\n\r\u2028\u2029]+xbox)/i], [NAME, [VERSION, strMapper, windowsVersionMap]],
      [/(win(?=3|9|n)|win 9x )([nt\d\.]+)/i], [[NAME, 'Windows'], [VERSION, strMapper, windowsVersionMap]],
      [/ip[honead]{2,4}\b(?:.*os ([\w]+) like mac|; opera)/i, /ios;fbsv\/([\d\.]+)/i, /cfnetwork\/.+darwin/i], [[VERSION, /_/g, '.'], [NAME, 'iOS']],
      [/(mac os x) ?([\w\. ]*)/i, /(macintosh|mac_powerpc\b)(?![^\n\r\u2028\u2029]+haiku)/i], [[NAME, 'Mac OS'], [VERSION, /_/g, '.']],
      [/droid ([\w\.]+)\b.+(android[- ]x86|harmonyos)/i], [VERSION, NAME],
      [/(android|webos|qnx|bada|rim tablet os|maemo|meego|sailfish)[-\/ ]?([\w\.]*)/i, /(blackberry)\w*\/([\w\.]*)/i, /(tizen|kaios)[\/ ]([\w\.]+)/i, /\((series40);/i], [NAME, VERSION],
      [/\(bb(10);/i], [VERSION, [NAME, 'BlackBerry']],
      [/(?:symbian ?os|symbos|s60(?=;)|series60)[-\/ ]?([\w\.]*)/i], [VERSION, [NAME, 'Symbian']],
      [/mozilla\/[\d\.]+ \((?:mobile|tablet|tv|mobile; [\w ]+); rv:.+ gecko\/([\w\.]+)/i], [VERSION, [NAME, 'Firefox OS']],
      [/web0s;.+rt(tv)/i, /\b(?:hp)?wos(?:browser)?\/([\w\.]+)/i], [VERSION, [NAME, 'webOS']],
      [/watch(?: ?os[,\/]|\d,\d\/)([\d\.]+)/i], [VERSION, [NAME, 'watchOS']],
      [/crkey\/([\d\.]+)/i], [VERSION, [NAME, 'Chromecast']],
      [/(cros) [\w]+(?:\)| ([\w\.]+)\b)/i], [[NAME, 'Chromium OS'], VERSION],
      [/panasonic;(viera)/i, /(netrange)mmh/i, /(nettv)\/(\d+\.[\w\.]+)/i, /(nintendo|playstation) ([wids345portablevuch]+)/i, /(xbox); +xbox ([^\);]+)/i,
        /\b(joli|palm)\b ?(?:os)?\/?([\w\.]*)/i, /(mint)[\/\(\) ]?(\w*)/i, /(mageia|vectorlinux)[; ]/i,
        /([kxln]?ubuntu|debian|suse|opensuse|gentoo|arch(?= linux)|slackware|fedora|mandriva|centos|pclinuxos|red ?hat|zenwalk|linpus|raspbian|plan 9|minix|risc os|contiki|deepin|manjaro|elementary os|sabayon|linspire)(?: gnu\/linux)?(?: enterprise)?(?:[- ]linux)?(?:-gnu)?[-\/ ]?(?!chrom|package)([-\w\.]*)/i,
        /(hurd|linux) ?([\w\.]*)/i, /(gnu) ?([\w\.]*)/i, /\b([-frentopcghs]{0,5}bsd|dragonfly)[\/ ]?(?!amd|[ix346]{1,2}86)([\w\.]*)/i, /(haiku) (\w+)/i], [NAME, VERSION],
      [/(sunos) ?([\w\.\d]*)/i], [[NAME, 'Solaris'], VERSION],
      [/((?:open)?solaris)[-\/ ]?([\w\.]*)/i, /(aix) ((\d)(?=\.|\)| )[\w\.])*/i, /\b(beos|os\/2|amigaos|morphos|openvms|fuchsia|hp-ux|serenityos)/i, /(unix) ?([\w\.]*)/i], [NAME, VERSION],
    ],
  };

  function parseUA(input) {
    var ua = input || '';
    if (typeof ua === 'string' && ua.length > UA_MAX_LENGTH) {
      ua = ua.replace(/^\s\s*/, '').substring(0, UA_MAX_LENGTH);
    }
    var browser = { name: undefined, version: undefined };
    rgxMapper(browser, ua, UA_RULES.browser);
    browser[MAJOR] = majorize(browser.version);
    var engine = { name: undefined, version: undefined };
    rgxMapper(engine, ua, UA_RULES.engine);
    var os = { name: undefined, version: undefined };
    rgxMapper(os, ua, UA_RULES.os);
    var device = { vendor: undefined, model: undefined, type: undefined };
    rgxMapper(device, ua, UA_RULES.device);
    var cpu = { architecture: undefined };
    rgxMapper(cpu, ua, UA_RULES.cpu);
    return { ua: ua, browser: browser, engine: engine, os: os, device: device, cpu: cpu };
  }

  // isBot is Next.js 15.5's list, verbatim.
  function isBot(input) {
    return /Googlebot|Mediapartners-Google|AdsBot-Google|googleweblight|Storebot-Google|Google-PageRenderer|Google-InspectionTool|Bingbot|BingPreview|Slurp|DuckDuckBot|baiduspider|yandex|sogou|LinkedInBot|bitlybot|tumblr|vkShare|quora link preview|facebookexternalhit|facebookcatalog|Twitterbot|applebot|redditbot|Slackbot|Discordbot|WhatsApp|SkypeUriPreview|ia_archiver/i.test(input);
  }

  function userAgentFromString(input) {
    return Object.assign(parseUA(input), { isBot: input === undefined ? false : isBot(input) });
  }

  function userAgent(request) {
    return userAgentFromString(request.headers.get('user-agent') || undefined);
  }

  // ---------------------------------------------------------------------
  // Out of scope or request-scoped APIs
  // ---------------------------------------------------------------------

  var imageResponseUnsupported = 'ImageResponse is not supported by Edgeplay (it needs @vercel/og\'s WebAssembly renderer); render images on Vercel or with next dev';

  // Edgeplay: the ImageResponse of next/og (and of next/server before 15).
  class UnsupportedImageResponse {
    constructor() {
      throw new Error(imageResponseUnsupported);
    }
  }

  // Next.js 15 turned next/server's ImageResponse into this function.
  function ImageResponse() {
    throw new Error('ImageResponse moved from "next/server" to "next/og" since Next.js 14, please import from "next/og" instead');
  }

  // Pages Router API routes run without Next's request store, so these
  // throw exactly as they do there.
  function after(task) {
    throw new Error('`after` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context');
  }

  function connection() {
    throw new Error('`connection` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context');
  }

  async function unstable_rootParams() {
    throw new InvariantError('Missing workStore in unstable_rootParams');
  }

  // ---------------------------------------------------------------------
  // Exports
  // ---------------------------------------------------------------------

  var exports = {};
  exports.NextRequest = NextRequest;
  exports.NextResponse = NextResponse;
  exports.ImageResponse = nextVersion >= 15 ? ImageResponse : UnsupportedImageResponse;
  exports.userAgentFromString = userAgentFromString;
  exports.userAgent = userAgent;
  if (nextVersion >= 15 || typeof URLPattern !== 'undefined') {
    exports.URLPattern = typeof URLPattern === 'undefined' ? undefined : URLPattern;
  }
  if (nextVersion >= 15) {
    exports.after = after;
    exports.connection = connection;
  }
  if (nextVersion === 15) {
    exports.unstable_rootParams = unstable_rootParams;
  }

  // ---------------------------------------------------------------------
  // next/headers for App Router route handlers (R-MOD-1, R-ROUTE-6)
  // ---------------------------------------------------------------------

  // Edgeplay: createNextHeaders makes one isolate's `next/headers`: its
  // exports, and the host's begin(request) before a route handler runs and
  // finish(response) after, which adds the cookies the handler set through
  // cookies() to the response, as Next.js's app-route module does
  // (appendMutableCookies: the response's own cookies keep their place
  // and win over one of the same name).
  function createNextHeaders() {
    var current = null;
    function scope(name) {
      if (current === null) {
        throw new Error('`' + name + '` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context');
      }
      return current;
    }
    function readonly(error) {
      return function () {
        throw error();
      };
    }
    function readonlyHeaders(source) {
      var h = new Headers(source);
      var fail = readonly(function () {
        var e = new Error('Headers cannot be modified. Read more: https://nextjs.org/docs/app/api-reference/functions/headers');
        e.name = 'ReadonlyHeadersError';
        return e;
      });
      Object.defineProperties(h, { append: { value: fail }, delete: { value: fail }, set: { value: fail } });
      return h;
    }
    // Next 15 hands out a promise that also answers synchronously (with a
    // warning in Next); 16 a promise; 13 and 14 the object.
    function versioned(value, methods) {
      if (nextVersion < 15) return value;
      var p = Promise.resolve(value);
      if (nextVersion === 15) {
        methods.forEach(function (m) {
          Object.defineProperty(p, m, { value: function () { return value[m].apply(value, arguments); } });
        });
      }
      return p;
    }
    var headerMethods = ['get', 'has', 'entries', 'keys', 'values', 'forEach', 'getSetCookie', 'append', 'delete', 'set'];
    var cookieMethods = ['get', 'getAll', 'has', 'set', 'delete', 'clear', 'toString'];
    var exportsObj = {
      headers: function () {
        var c = scope('headers');
        if (c.headers === null) c.headers = readonlyHeaders(c.request.headers);
        return versioned(c.headers, headerMethods);
      },
      cookies: function () {
        var c = scope('cookies');
        if (c.cookies === null) {
          // A ResponseCookies seeded with the request's cookies, as Next's
          // MutableRequestCookiesAdapter; set and delete are remembered.
          var store = new ResponseCookies(new Headers());
          new RequestCookies(c.request.headers).getAll().forEach(function (k) { store.set(k); });
          var modified = c.modified;
          var set = store.set;
          store.set = function () {
            var r = set.apply(store, arguments);
            var name = arguments.length === 1 ? arguments[0].name : arguments[0];
            modified.set(name, true);
            return r;
          };
          store.clear = function () {
            store.getAll().forEach(function (k) { store.delete(k.name); });
            return store;
          };
          c.cookies = store;
        }
        return versioned(c.cookies, cookieMethods);
      },
      draftMode: function () {
        scope('draftMode');
        var mode = {
          isEnabled: false,
          enable: function () { throw new Error('draftMode().enable() is not supported in Edgeplay: it needs a Next.js preview secret'); },
          disable: function () {},
        };
        return versioned(mode, []);
      },
    };
    return {
      exports: exportsObj,
      begin: function (request) {
        current = { request: request, headers: null, cookies: null, modified: new Map() };
      },
      finish: function (response) {
        var c = current;
        current = null;
        if (c === null || c.cookies === null || c.modified.size === 0) return response;
        var resCookies = new ResponseCookies(response.headers);
        var own = resCookies.getAll();
        c.modified.forEach(function (_, name) {
          var cookie = c.cookies.get(name);
          if (cookie) resCookies.set(cookie);
        });
        own.forEach(function (cookie) { resCookies.set(cookie); });
        return response;
      },
    };
  }

  // Edgeplay: what the host needs and next/server does not export. Next.js
  // exports NextFetchEvent as a type only, so it lives here too.
  Object.defineProperty(exports, Symbol.for('edgeplay.next-server.internals'), {
    value: Object.freeze({
      nextVersion: nextVersion,
      NextFetchEvent: NextFetchEvent,
      NextRequestHint: NextRequestHint,
      NextURL: NextURL,
      RequestCookies: RequestCookies,
      ResponseCookies: ResponseCookies,
      UnsupportedImageResponse: UnsupportedImageResponse,
      createRequest: function (page, input, init) {
        return new NextRequestHint({ page: page, input: input, init: init });
      },
      // incomingConstructor returns the function the Web API layer calls
      // with its internal construction key, once the incoming request's
      // state is ready, to build that request as this page's NextRequest.
      incomingConstructor: function (page) {
        var params = { page: page, input: INCOMING, init: undefined };
        return function (key, cookieHeader) {
          incomingKey = key;
          incomingCookie = cookieHeader;
          return new NextRequestHint(params);
        };
      },
      // fetchEventConstructor returns a function making the NextFetchEvent
      // of a request to page (createFetchEvent(null, page) each call).
      fetchEventConstructor: function (page) {
        var params = { request: null, page: page, context: undefined };
        return function () {
          return new NextFetchEvent(params);
        };
      },
      createFetchEvent: function (request, page, waitUntil) {
        return new NextFetchEvent({
          request: request,
          page: page,
          context: typeof waitUntil === 'function' ? { waitUntil: waitUntil } : undefined,
        });
      },
      waitUntilPromises: waitUntilPromises,
      createNextHeaders: createNextHeaders,
      // pendingWaitUntil is what the host reads once a request is
      // answered: the promises handed to event.waitUntil() so far (a
      // copy), or null when there are none (no array made).
      pendingWaitUntil: function (event) {
        var state = event && event[waitUntilSymbol];
        if (!state || state.kind !== 'internal' || state.promises.length === 0) return null;
        return state.promises.slice();
      },
      finalizeResponse: finalizeResponse,
      stringifyCookie: stringifyCookie,
      isBot: isBot,
    }),
    enumerable: false,
    writable: false,
    configurable: false,
  });

  return exports;
})
