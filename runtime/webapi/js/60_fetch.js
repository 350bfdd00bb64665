// Headers, Request, Response, the Body mixin and fetch() (Fetch Standard).
// Bodies are bytes for now (see 50_blob.js for the interim stream); error
// messages follow Node's undici, which Next.js's edge runtime uses.

const {
  toDOMString, toUSVString, toByteString, toDictionary, requireArgs, exposeInterface, exposeFunction,
  kInternal, encodeUTF8, decodeUTF8,
} = internal;
const JSONParse = JSON.parse;
const JSONStringify = JSON.stringify;
const emptyBytes = new Uint8Array(0);

// ---- Headers ----

const tokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const invalidValueRe = /[\0\r\n]/;
const edgeWhitespaceRe = /^[\t\n\r ]+|[\t\n\r ]+$/g;

function normalizeValue(v) {
  if (v === '') return v;
  const a = v.charCodeAt(0);
  const z = v.charCodeAt(v.length - 1);
  if (a === 9 || a === 10 || a === 13 || a === 32 || z === 9 || z === 10 || z === 13 || z === 32) {
    return v.replace(edgeWhitespaceRe, '');
  }
  return v;
}

function checkName(name, op) {
  if (!tokenRe.test(name)) throw new TypeError(`Headers.${op}: "${name}" is an invalid header name.`);
}

function checkValue(value, op) {
  if (invalidValueRe.test(value)) throw new TypeError(`Headers.${op}: "${value}" is an invalid header value.`);
}

class Headers {
  #list = []; // [lowercase name, value] in insertion order
  #guard = 'none';
  #sorted = null; // cache of "sort and combine"

  constructor(init = undefined) {
    if (init === kInternal) return;
    if (init !== undefined) this.#fill(init);
  }

  #fill(init) {
    if (!internal.isObject(init)) {
      throw new TypeError("Failed to construct 'Headers': The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.");
    }
    const iter = init[Symbol.iterator];
    if (iter === headersEntries && #list in init) {
      const list = init.#list;
      for (let i = 0; i < list.length; i++) this.#append(list[i][0], list[i][1]);
      return;
    }
    if (iter !== undefined && iter !== null) {
      if (typeof iter !== 'function') {
        throw new TypeError("Failed to construct 'Headers': The object must have a callable @@iterator property.");
      }
      const pairs = internal.iterateWith(init, iter, (header) => {
        const p = internal.toSequence(header, "Failed to construct 'Headers'", (x) => toByteString(x, 'Headers constructor'));
        if (p.length !== 2) {
          throw new TypeError(`Headers constructor: expected name/value pair to be length 2, found ${p.length}.`);
        }
        return p;
      }, "Failed to construct 'Headers'");
      for (let i = 0; i < pairs.length; i++) this.#append(pairs[i][0], pairs[i][1]);
      return;
    }
    const pairs = [];
    for (const key of Reflect.ownKeys(init)) {
      const d = Object.getOwnPropertyDescriptor(init, key);
      if (d === undefined || !d.enumerable) continue;
      pairs.push([toByteString(key, 'Headers constructor'), toByteString(init[key], 'Headers constructor')]);
    }
    for (let i = 0; i < pairs.length; i++) this.#append(pairs[i][0], pairs[i][1]);
  }

  #append(name, value, op = 'append') {
    value = normalizeValue(value);
    checkName(name, op);
    checkValue(value, op);
    if (this.#guard === 'immutable') throw new TypeError('immutable');
    this.#list.push([name.toLowerCase(), value]);
    this.#sorted = null;
  }

  append(name, value) {
    requireArgs(arguments.length, 2, "Failed to execute 'append' on 'Headers'");
    this.#append(toByteString(name, 'Headers.append'), toByteString(value, 'Headers.append'));
  }

  delete(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'delete' on 'Headers'");
    name = toByteString(name, 'Headers.delete');
    checkName(name, 'delete');
    if (this.#guard === 'immutable') throw new TypeError('immutable');
    const lower = name.toLowerCase();
    const list = this.#list;
    let i = 0;
    while (i < list.length && list[i][0] !== lower) i++;
    if (i === list.length) return;
    this.#list = list.filter((e) => e[0] !== lower);
    this.#sorted = null;
  }

  get(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'get' on 'Headers'");
    name = toByteString(name, 'Headers.get');
    checkName(name, 'get');
    return headerGet(this.#list, name.toLowerCase());
  }

  getSetCookie() {
    const out = [];
    const list = this.#list;
    for (let i = 0; i < list.length; i++) if (list[i][0] === 'set-cookie') out.push(list[i][1]);
    return out;
  }

  has(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'has' on 'Headers'");
    name = toByteString(name, 'Headers.has');
    checkName(name, 'has');
    const lower = name.toLowerCase();
    const list = this.#list;
    for (let i = 0; i < list.length; i++) if (list[i][0] === lower) return true;
    return false;
  }

  set(name, value) {
    requireArgs(arguments.length, 2, "Failed to execute 'set' on 'Headers'");
    name = toByteString(name, 'Headers.set');
    value = normalizeValue(toByteString(value, 'Headers.set'));
    checkName(name, 'set');
    checkValue(value, 'set');
    if (this.#guard === 'immutable') throw new TypeError('immutable');
    const lower = name.toLowerCase();
    const list = this.#list;
    let found = false;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] !== lower) continue;
      if (!found) {
        list[i] = [lower, value];
        found = true;
      } else {
        list.splice(i, 1);
        i--;
      }
    }
    if (!found) list.push([lower, value]);
    this.#sorted = null;
  }

  // #pairs is "sort and combine": names sorted, values of a name joined with
  // ", ", except set-cookie whose values stay separate.
  #pairs() {
    if (this.#sorted !== null) return this.#sorted;
    const byName = new Map();
    const list = this.#list;
    const names = [];
    for (let i = 0; i < list.length; i++) {
      const name = list[i][0];
      const v = byName.get(name);
      if (v === undefined) {
        byName.set(name, [list[i][1]]);
        names.push(name);
      } else {
        v.push(list[i][1]);
      }
    }
    names.sort();
    const out = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const values = byName.get(name);
      if (name === 'set-cookie') {
        for (let j = 0; j < values.length; j++) out.push([name, values[j]]);
      } else {
        out.push([name, values.length === 1 ? values[0] : values.join(', ')]);
      }
    }
    this.#sorted = out;
    return out;
  }

  static {
    internal.headersPairs = (h) => h.#pairs();
    internal.headersList = (h) => h.#list;
    internal.isHeaders = (v) => internal.isObject(v) && #list in v;
    // newHeaders makes a Headers with a guard and an already valid list.
    internal.newHeaders = (guard, list = []) => {
      const h = new Headers(kInternal);
      h.#guard = guard;
      h.#list = list;
      return h;
    };
    internal.fillHeaders = (h, init) => h.#fill(init);
    internal.headersGuard = (h) => h.#guard;
    internal.setHeadersGuard = (h, guard) => {
      h.#guard = guard;
    };
    internal.headerGet = (h, lowerName) => headerGet(h.#list, lowerName);
    // appendIfMissing sets a default header (content-type from a body).
    internal.appendHeaderIfMissing = (h, name, value) => {
      const list = h.#list;
      for (let i = 0; i < list.length; i++) if (list[i][0] === name) return;
      h.#list.push([name, value]);
      h.#sorted = null;
    };
  }
}

function headerGet(list, lower) {
  let out = null;
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (e[0] !== lower) continue;
    out = out === null ? e[1] : `${out}, ${e[1]}`;
  }
  return out;
}

internal.defineIterators(Headers, 'Headers', internal.headersPairs);
const headersEntries = Headers.prototype.entries;
exposeInterface(Headers);
internal.inspectors.set(Headers.prototype, (h) => {
  const props = {};
  for (const [name, value] of internal.headersPairs(h)) {
    if (name in props) props[name] = [].concat(props[name], value);
    else props[name] = value;
  }
  return { props };
});

// ---- bodies ----

// A body record: bytes (never modified once here), whether it was read, and
// the stream handed out by the `body` getter, if any.
function newBody(bytes) {
  return { bytes, disturbed: false, stream: null };
}

function bodyUnusable(body) {
  return body !== null && (body.disturbed || (body.stream !== null && internal.streamUnusable(body.stream)));
}

// takeBody reads a usable body out: it becomes disturbed.
function takeBody(body) {
  if (body.stream !== null) internal.takeStreamBytes(body.stream);
  body.disturbed = true;
  return body.bytes;
}

// extractBody is the Fetch Standard's "extract a body": { bytes, type }.
function extractBody(object) {
  if (typeof object === 'string') return { bytes: encodeUTF8(object), type: 'text/plain;charset=UTF-8' };
  if (internal.isObject(object)) {
    if (internal.isBlob(object)) {
      const type = internal.blobType(object);
      return { bytes: internal.blobBytes(object), type: type === '' ? null : type };
    }
    const view = internal.bufferSourceBytes(object);
    if (view !== null) return { bytes: view.slice(), type: null };
    if (internal.isFormData(object)) return internal.encodeFormData(object);
    if (internal.isURLSearchParams(object)) {
      return { bytes: encodeUTF8(internal.serializeSearchParams(object)), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
    }
    if (internal.isByteStream(object)) {
      if (internal.streamUnusable(object)) throw new TypeError('Response body object should not be disturbed or locked');
      return { bytes: internal.takeStreamBytes(object), type: null };
    }
  }
  return { bytes: encodeUTF8(toUSVString(object)), type: 'text/plain;charset=UTF-8' };
}

function blobTypeOf(s) {
  const ct = internal.headerGet(s.headers, 'content-type');
  if (ct === null || /[^\x20-\x7E]/.test(ct)) return '';
  return ct.toLowerCase();
}

function parseFormData(bytes, s) {
  const ct = internal.headerGet(s.headers, 'content-type');
  const essence = ct === null ? '' : ct.split(';')[0].trim().toLowerCase();
  if (essence === 'multipart/form-data') {
    const flat = host.multipartDecode(bytes, ct);
    if (flat === null) throw new TypeError('Failed to parse body as FormData.');
    return internal.newFormData(flat);
  }
  if (essence === 'application/x-www-form-urlencoded') {
    const pairs = host.formParseBytes(bytes);
    const flat = [];
    for (let i = 0; i < pairs.length; i += 2) flat.push(pairs[i], false, '', '', pairs[i + 1]);
    return internal.newFormData(flat);
  }
  throw new TypeError('Content-Type was not one of "multipart/form-data" or "application/x-www-form-urlencoded".');
}

// installBodyMixin defines the Body members on cls.prototype; stateOf(obj)
// returns obj's state ({ body, headers }) or throws for other objects.
function installBodyMixin(cls, stateOf) {
  const consume = (obj, convert) => {
    try {
      const s = stateOf(obj);
      if (bodyUnusable(s.body)) throw new TypeError('Body is unusable: Body has already been read');
      const bytes = s.body === null ? emptyBytes : takeBody(s.body);
      return internal.PromiseResolve(convert(bytes, s));
    } catch (e) {
      return internal.PromiseReject(e);
    }
  };
  const mixin = {
    get body() {
      const b = stateOf(this).body;
      if (b === null) return null;
      if (b.stream === null) b.stream = internal.newByteStream(b.disturbed ? emptyBytes : b.bytes, b);
      return b.stream;
    },
    get bodyUsed() {
      const b = stateOf(this).body;
      return b !== null && b.disturbed;
    },
    arrayBuffer() {
      return consume(this, (bytes) => bytes.slice().buffer);
    },
    blob() {
      return consume(this, (bytes, s) => internal.newBlob(bytes, blobTypeOf(s)));
    },
    bytes() {
      return consume(this, (bytes) => bytes.slice());
    },
    formData() {
      return consume(this, parseFormData);
    },
    json() {
      return consume(this, (bytes) => JSONParse(decodeUTF8(bytes)));
    },
    text() {
      return consume(this, (bytes) => decodeUTF8(bytes));
    },
  };
  for (const key of Reflect.ownKeys(mixin)) {
    const d = Object.getOwnPropertyDescriptor(mixin, key);
    d.enumerable = true;
    Object.defineProperty(cls.prototype, key, d);
  }
}

function enumValue(v, allowed, type, what) {
  v = toDOMString(v);
  if (!allowed.includes(v)) {
    throw new TypeError(`${what}: The provided value '${v}' is not a valid enum value of type ${type}.`);
  }
  return v;
}

// ---- Request ----

const referrerPolicies = ['', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin', 'strict-origin',
  'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url'];
const modes = ['navigate', 'same-origin', 'no-cors', 'cors'];
const credentialsModes = ['omit', 'same-origin', 'include'];
const cacheModes = ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'];
const redirectModes = ['follow', 'error', 'manual'];
const priorities = ['high', 'low', 'auto'];
const normalizableMethods = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];
const forbiddenMethods = ['CONNECT', 'TRACE', 'TRACK'];

function normalizeMethod(m) {
  if (!tokenRe.test(m)) throw new TypeError(`'${m}' is not a valid HTTP method.`);
  const upper = m.toUpperCase();
  if (forbiddenMethods.includes(upper)) throw new TypeError(`'${m}' HTTP method is unsupported.`);
  return normalizableMethods.includes(upper) ? upper : m;
}

function newRequestState(url) {
  return {
    method: 'GET', url, headers: null, body: null, signal: null,
    referrer: 'client', referrerPolicy: '', mode: 'cors', credentials: 'same-origin', cache: 'default',
    redirect: 'follow', integrity: '', keepalive: false, reloadNavigation: false, historyNavigation: false,
    priority: 'auto',
  };
}

let pendingRequest = null;
const requestInitMembers = ['body', 'cache', 'credentials', 'duplex', 'headers', 'integrity', 'keepalive', 'method',
  'mode', 'priority', 'redirect', 'referrer', 'referrerPolicy', 'signal', 'window'];

class Request {
  #s;

  constructor(input, init = undefined) {
    if (input === kInternal) {
      this.#s = pendingRequest;
      pendingRequest = null;
      return;
    }
    const what = "Failed to construct 'Request'";
    requireArgs(arguments.length, 1, what);
    const dict = toDictionary(init, what);
    // Read the RequestInit members once, in WebIDL's (lexicographic) order.
    const d = {};
    let initNotEmpty = false;
    for (let i = 0; i < requestInitMembers.length; i++) {
      const key = requestInitMembers[i];
      const v = dict[key];
      d[key] = v;
      if (v !== undefined) initNotEmpty = true;
    }

    let s;
    let inputState = null;
    let fallbackMode = null;
    if (internal.isObject(input) && #s in input) {
      inputState = input.#s;
      s = { ...inputState, headers: null, body: null, signal: null };
    } else {
      const url = toUSVString(input);
      const r = host.urlHref(url);
      if (r === null) throw new TypeError(`Failed to parse URL from ${url}`);
      if (r[1]) throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${url}`);
      s = newRequestState(r[0]);
      fallbackMode = 'cors';
    }

    if (d.window !== undefined && d.window !== null) throw new TypeError(`${what}: 'window' option must be null`);
    if (initNotEmpty) {
      if (s.mode === 'navigate') s.mode = 'same-origin';
      s.reloadNavigation = false;
      s.historyNavigation = false;
      s.referrer = 'client';
      s.referrerPolicy = '';
    }
    if (d.referrer !== undefined) {
      const ref = toUSVString(d.referrer);
      if (ref === '') {
        s.referrer = 'no-referrer';
      } else {
        const r = host.urlHref(ref);
        if (r === null) throw new TypeError(`Referrer "${ref}" is not a valid URL.`);
        s.referrer = r[0] === 'about:client' ? 'client' : r[0];
      }
    }
    if (d.referrerPolicy !== undefined) s.referrerPolicy = enumValue(d.referrerPolicy, referrerPolicies, 'ReferrerPolicy', what);
    let mode = d.mode !== undefined ? enumValue(d.mode, modes, 'RequestMode', what) : fallbackMode;
    if (mode === 'navigate') {
      throw new TypeError(`${what}: Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'.`);
    }
    if (mode !== null) s.mode = mode;
    if (d.credentials !== undefined) s.credentials = enumValue(d.credentials, credentialsModes, 'RequestCredentials', what);
    if (d.cache !== undefined) s.cache = enumValue(d.cache, cacheModes, 'RequestCache', what);
    if (s.cache === 'only-if-cached' && s.mode !== 'same-origin') {
      throw new TypeError(`${what}: 'only-if-cached' can be set only with 'same-origin' mode`);
    }
    if (d.redirect !== undefined) s.redirect = enumValue(d.redirect, redirectModes, 'RequestRedirect', what);
    if (d.integrity !== undefined) s.integrity = toDOMString(d.integrity);
    if (d.keepalive !== undefined) s.keepalive = !!d.keepalive;
    if (d.method !== undefined) s.method = normalizeMethod(toByteString(d.method, what));
    if (d.priority !== undefined) s.priority = enumValue(d.priority, priorities, 'RequestPriority', what);
    if (d.duplex !== undefined) enumValue(d.duplex, ['half'], 'RequestDuplex', what);

    let signal = inputState !== null ? inputState.signal : null;
    if (d.signal !== undefined) {
      if (d.signal !== null && !internal.isAbortSignal(d.signal)) {
        throw new TypeError(`${what}: member signal is not of type AbortSignal.`);
      }
      signal = d.signal;
    }
    s.signal = internal.createDependentAbortSignal(signal === null ? [] : [signal]);

    s.headers = internal.newHeaders('request');
    if (d.headers !== undefined) {
      internal.fillHeaders(s.headers, d.headers);
    } else if (inputState !== null) {
      const from = internal.headersList(inputState.headers);
      const to = internal.headersList(s.headers);
      for (let i = 0; i < from.length; i++) to.push([from[i][0], from[i][1]]);
    }
    if (s.mode === 'no-cors') {
      if (s.method !== 'GET' && s.method !== 'HEAD' && s.method !== 'POST') {
        throw new TypeError(`'${s.method}' is unsupported in no-cors mode.`);
      }
      internal.setHeadersGuard(s.headers, 'request-no-cors');
    }

    const inputBody = inputState !== null ? inputState.body : null;
    const hasInitBody = d.body !== undefined && d.body !== null;
    if ((hasInitBody || inputBody !== null) && (s.method === 'GET' || s.method === 'HEAD')) {
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    }
    let finalBody = inputBody;
    if (hasInitBody) {
      const { bytes, type } = extractBody(d.body);
      finalBody = newBody(bytes);
      if (type !== null) internal.appendHeaderIfMissing(s.headers, 'content-type', type);
      // As browsers do (WPT request-disturbed), the input's body is used up
      // even though the init body replaces it.
      if (inputBody !== null && !bodyUnusable(inputBody)) takeBody(inputBody);
    } else if (inputBody !== null) {
      if (bodyUnusable(inputBody)) {
        throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
      }
      finalBody = newBody(takeBody(inputBody));
    }
    s.body = finalBody;
    this.#s = s;
  }

  get method() {
    return this.#s.method;
  }
  get url() {
    return this.#s.url;
  }
  get headers() {
    return this.#s.headers;
  }
  get destination() {
    this.#s;
    return '';
  }
  get referrer() {
    const r = this.#s.referrer;
    return r === 'no-referrer' ? '' : r === 'client' ? 'about:client' : r;
  }
  get referrerPolicy() {
    return this.#s.referrerPolicy;
  }
  get mode() {
    return this.#s.mode;
  }
  get credentials() {
    return this.#s.credentials;
  }
  get cache() {
    return this.#s.cache;
  }
  get redirect() {
    return this.#s.redirect;
  }
  get integrity() {
    return this.#s.integrity;
  }
  get keepalive() {
    return this.#s.keepalive;
  }
  get isReloadNavigation() {
    return this.#s.reloadNavigation;
  }
  get isHistoryNavigation() {
    return this.#s.historyNavigation;
  }
  get signal() {
    return this.#s.signal;
  }
  get duplex() {
    this.#s;
    return 'half';
  }

  clone() {
    const s = this.#s;
    if (bodyUnusable(s.body)) throw new TypeError('Request.clone: Body has already been consumed.');
    const c = { ...s };
    c.headers = internal.newHeaders(internal.headersGuard(s.headers), internal.headersList(s.headers).map((e) => [e[0], e[1]]));
    c.body = s.body === null ? null : newBody(s.body.bytes);
    c.signal = internal.createDependentAbortSignal([s.signal]);
    pendingRequest = c;
    return new Request(kInternal);
  }

  static {
    const stateOf = (r) => r.#s;
    internal.requestState = stateOf;
    internal.isRequest = (v) => internal.isObject(v) && #s in v;
    installBodyMixin(Request, stateOf);
    internal.newRequestFromState = (s) => {
      pendingRequest = s;
      return new Request(kInternal);
    };
  }
}
exposeInterface(Request);
internal.inspectors.set(Request.prototype, (r) => {
  const s = internal.requestState(r);
  return {
    props: {
      method: s.method, url: s.url, headers: s.headers, destination: '', referrer: r.referrer,
      referrerPolicy: s.referrerPolicy, mode: s.mode, credentials: s.credentials, cache: s.cache,
      redirect: s.redirect, integrity: s.integrity, keepalive: s.keepalive,
      isReloadNavigation: s.reloadNavigation, isHistoryNavigation: s.historyNavigation, signal: s.signal,
    },
  };
});

// abortRequest aborts the signal of a request built by newIncomingRequest
// (Bindings.AbortRequest: the client went away).
internal.abortRequest = (req) => {
  internal.signalAbort(internal.requestState(req).signal, undefined);
};

// newIncomingRequest builds the handler's Request (Bindings.NewRequest).
internal.newIncomingRequest = (url, method, flatHeaders, bodyBuffer) => {
  const r = host.urlHref(url);
  if (r === null) throw new TypeError(`Failed to parse URL from ${url}`);
  const s = newRequestState(r[0]);
  s.method = normalizeMethod(method);
  s.mode = 'cors';
  const list = [];
  for (let i = 0; i < flatHeaders.length; i += 2) list.push([flatHeaders[i].toLowerCase(), flatHeaders[i + 1]]);
  s.headers = internal.newHeaders('request', list);
  s.body = bodyBuffer === null ? null : newBody(new Uint8Array(bodyBuffer));
  s.signal = internal.newAbortSignal();
  return internal.newRequestFromState(s);
};

// ---- Response ----

const nullBodyStatuses = [101, 103, 204, 205, 304];
const redirectStatuses = [301, 302, 303, 307, 308];
const reasonPhraseRe = /^[\t\x20-\x7E\x80-\xFF]*$/;

function newResponseState() {
  return { type: 'default', status: 200, statusText: '', url: '', redirected: false, headers: null, body: null };
}

// initializeResponse is the Fetch Standard's "initialize a response".
function initializeResponse(s, status, statusText, headersInit, bodyWithType) {
  if (status < 200 || status > 599) {
    throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
  }
  if (!reasonPhraseRe.test(statusText)) throw new TypeError('Invalid statusText');
  s.status = status;
  s.statusText = statusText;
  if (headersInit !== undefined) internal.fillHeaders(s.headers, headersInit);
  if (bodyWithType !== null) {
    if (nullBodyStatuses.includes(status)) {
      throw new TypeError(`Response constructor: Invalid response status code ${status}`);
    }
    s.body = newBody(bodyWithType.bytes);
    if (bodyWithType.type !== null) internal.appendHeaderIfMissing(s.headers, 'content-type', bodyWithType.type);
  }
}

let pendingResponse = null;

function readResponseInit(init, what) {
  const d = toDictionary(init, what);
  const headers = d.headers;
  const status = d.status === undefined ? 200 : internal.toUnsignedShort(d.status);
  const statusText = d.statusText === undefined ? '' : toByteString(d.statusText, what);
  return { headers, status, statusText };
}

class Response {
  #s;

  constructor(body = null, init = undefined) {
    if (body === kInternal) {
      this.#s = pendingResponse;
      pendingResponse = null;
      return;
    }
    const what = "Failed to construct 'Response'";
    const bodyWithType = body === null || body === undefined ? null : extractBody(body);
    const i = readResponseInit(init, what);
    const s = newResponseState();
    s.headers = internal.newHeaders('response');
    initializeResponse(s, i.status, i.statusText, i.headers, bodyWithType);
    this.#s = s;
  }

  static error() {
    const s = newResponseState();
    s.type = 'error';
    s.status = 0;
    s.headers = internal.newHeaders('immutable');
    pendingResponse = s;
    return new Response(kInternal);
  }

  static redirect(url, status = 302) {
    requireArgs(arguments.length, 1, "Failed to execute 'redirect' on 'Response'");
    url = toUSVString(url);
    const r = host.urlHref(url);
    if (r === null) throw new TypeError(`Failed to parse URL from ${url}`);
    status = internal.toUnsignedShort(status);
    if (!redirectStatuses.includes(status)) {
      throw new RangeError('Failed to execute "redirect" on "response": Invalid status code');
    }
    const s = newResponseState();
    s.status = status;
    s.headers = internal.newHeaders('immutable', [['location', r[0]]]);
    pendingResponse = s;
    return new Response(kInternal);
  }

  static json(data, init = undefined) {
    requireArgs(arguments.length, 1, "Failed to execute 'json' on 'Response'");
    const text = JSONStringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    const i = readResponseInit(init, "Failed to execute 'json' on 'Response'");
    const s = newResponseState();
    s.headers = internal.newHeaders('response');
    initializeResponse(s, i.status, i.statusText, i.headers, { bytes: encodeUTF8(text), type: 'application/json' });
    pendingResponse = s;
    return new Response(kInternal);
  }

  get type() {
    return this.#s.type;
  }
  get url() {
    return this.#s.url;
  }
  get redirected() {
    return this.#s.redirected;
  }
  get status() {
    return this.#s.status;
  }
  get ok() {
    const st = this.#s.status;
    return st >= 200 && st <= 299;
  }
  get statusText() {
    return this.#s.statusText;
  }
  get headers() {
    return this.#s.headers;
  }

  clone() {
    const s = this.#s;
    if (bodyUnusable(s.body)) throw new TypeError('Response.clone: Body has already been consumed.');
    const c = { ...s };
    c.headers = internal.newHeaders(internal.headersGuard(s.headers), internal.headersList(s.headers).map((e) => [e[0], e[1]]));
    c.body = s.body === null ? null : newBody(s.body.bytes);
    pendingResponse = c;
    return new Response(kInternal);
  }

  static {
    const stateOf = (r) => r.#s;
    internal.responseState = stateOf;
    internal.isResponse = (v) => internal.isObject(v) && #s in v;
    installBodyMixin(Response, stateOf);
    internal.newResponseFromState = (s) => {
      pendingResponse = s;
      return new Response(kInternal);
    };
  }
}
exposeInterface(Response);
internal.inspectors.set(Response.prototype, (r) => {
  const s = internal.responseState(r);
  return {
    props: {
      status: s.status, statusText: s.statusText, headers: s.headers, body: r.body, bodyUsed: r.bodyUsed,
      ok: r.ok, redirected: s.redirected, type: s.type, url: s.url,
    },
  };
});

// readResponse hands a handler's Response to Go (Bindings.ReadResponse):
// cb(error) or cb(null, status, statusText, flatHeaders, bodyBuffer|null).
internal.readResponse = (res, cb) => {
  if (!internal.isResponse(res)) {
    cb(new TypeError('Expected an instance of Response to be returned'));
    return;
  }
  const s = internal.responseState(res);
  if (bodyUnusable(s.body)) {
    cb(new TypeError('Body is unusable: Body has already been read'));
    return;
  }
  const flat = flattenHeaders(s.headers);
  const body = s.body === null ? null : internal.exactBuffer(takeBody(s.body));
  cb(null, s.status, s.statusText, flat, body);
};

// ---- fetch ----

function flattenHeaders(h) {
  const list = internal.headersList(h);
  const flat = [];
  for (let i = 0; i < list.length; i++) flat.push(list[i][0], list[i][1]);
  return flat;
}

function fetchFailed(message, code) {
  const cause = new Error(message);
  if (code !== undefined) cause.code = code;
  return new TypeError('fetch failed', { cause });
}

function fetch(input, init = undefined) {
  let s;
  try {
    requireArgs(arguments.length, 1, "Failed to execute 'fetch'");
    s = internal.requestState(new Request(input, init));
  } catch (e) {
    return internal.PromiseReject(e);
  }
  return new Promise((resolve, reject) => {
    const signal = s.signal;
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let settled = false;
    let id = 0;
    const removeAbort = internal.addAbortAlgorithm(signal, () => {
      if (settled) return;
      settled = true;
      host.fetchAbort(id);
      reject(signal.reason);
    });
    const flat = flattenHeaders(s.headers);
    const body = s.body === null ? null : takeBody(s.body);
    id = host.fetch(s.method, s.url, flat, body, s.redirect, (err, code, status, statusText, url, redirected, headers, buf) => {
      removeAbort();
      if (settled) return;
      settled = true;
      if (err !== null) {
        reject(fetchFailed(err, code));
        return;
      }
      const rs = newResponseState();
      rs.type = 'basic';
      rs.status = status;
      rs.statusText = statusText;
      rs.url = url;
      rs.redirected = redirected;
      const list = [];
      for (let i = 0; i < headers.length; i += 2) list.push([headers[i], headers[i + 1]]);
      rs.headers = internal.newHeaders('immutable', list);
      rs.body = buf === null ? null : newBody(new Uint8Array(buf));
      resolve(internal.newResponseFromState(rs));
    });
  });
}
exposeFunction('fetch', fetch);
