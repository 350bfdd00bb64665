// Headers, Request, Response, the Body mixin and fetch() (Fetch Standard).
// Bodies are ReadableStreams (45_streams.js), made lazily for bodies from
// bytes; fetch() resolves once the response head has arrived and its body
// streams from Go chunk by chunk. Error messages follow Node's undici,
// which Next.js's edge runtime uses.

const {
  toDOMString, toUSVString, toByteString, toDictionary, requireArgs, exposeInterface, exposeFunction,
  kInternal, encodeUTF8, decodeUTF8, PromiseResolve, PromiseReject, PromiseThen,
  isReadableStream, isReadableStreamLocked, isReadableStreamDisturbed, readableStreamCancel,
  createReadableStream, readableStreamEnqueue, readableStreamClose, readableStreamError,
  readableStreamFromBytes, readableStreamTee, readAllBytes,
} = internal;
const ReflectApply = Reflect.apply;
const PromiseCatch = (p) => PromiseThen(p, undefined, () => {});
// The stream methods bodies use, captured before user code can replace them.
const streamGetReader = internal.ReadableStream.prototype.getReader;
const readerPrototype = Object.getPrototypeOf(ReflectApply(streamGetReader, readableStreamFromBytes(new Uint8Array(0)), []));
const readerRead = readerPrototype.read;
const readerCancel = readerPrototype.cancel;
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

const ReflectOwnKeys = Reflect.ownKeys;
// isOwnEnumerable(o, key) is Object.prototype.propertyIsEnumerable.call(o, key).
const isOwnEnumerable = ReflectApply(Function.prototype.bind, Function.prototype.call, [Object.prototype.propertyIsEnumerable]);

// listOf returns a Headers' list (below), made on first use when the
// Headers holds an incoming request's headers as they came from Go.
let listOf;

class Headers {
  // [lowercase name, value, name] in insertion order; the last is the name
  // as first given for that header (the Fetch Standard's header list keeps
  // it, and fetch sends it so), absent when it is the lowercase one. Read
  // it through listOf: it is null while #flat holds the headers.
  #list = null;
  // An incoming request's headers, alternating lowercase names and values
  // (valid already), until listOf makes the list of them: most handlers
  // never look at the request's headers.
  #flat = null;
  #guard = 'none';
  #sorted = null; // cache of "sort and combine"

  constructor(init = undefined) {
    if (init === kInternal) return;
    this.#list = [];
    if (init !== undefined) this.#fill(init);
  }

  #fill(init) {
    if (!internal.isObject(init)) {
      throw new TypeError("Failed to construct 'Headers': The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.");
    }
    const iter = init[Symbol.iterator];
    if (iter === headersEntries && #list in init) {
      const list = listOf(init);
      for (let i = 0; i < list.length; i++) this.#append(headerName(list[i]), list[i][1]);
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
    // A record: its own enumerable keys, each [[GetOwnProperty]] once (as
    // getOwnPropertyDescriptor did, without making a descriptor), then
    // converted, then appended.
    const keys = ReflectOwnKeys(init);
    const pairs = [];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (!isOwnEnumerable(init, key)) continue;
      pairs.push(toByteString(key, 'Headers constructor'), toByteString(init[key], 'Headers constructor'));
    }
    for (let i = 0; i < pairs.length; i += 2) this.#append(pairs[i], pairs[i + 1]);
  }

  #append(name, value, op = 'append') {
    value = normalizeValue(value);
    checkName(name, op);
    checkValue(value, op);
    if (this.#guard === 'immutable') throw new TypeError('immutable');
    const list = listOf(this);
    const lower = name.toLowerCase();
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === lower) {
        name = headerName(list[i]);
        break;
      }
    }
    list.push(name === lower ? [lower, value] : [lower, value, name]);
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
    const list = listOf(this);
    let i = 0;
    while (i < list.length && list[i][0] !== lower) i++;
    if (i === list.length) return;
    this.#list = list.filter((e) => e[0] !== lower);
    this.#sorted = null;
  }

  // (...args) rather than `arguments`, which goja makes as an object at
  // every call; the length is set back to 1 below.
  get(...args) {
    requireArgs(args.length, 1, "Failed to execute 'get' on 'Headers'");
    const name = toByteString(args[0], 'Headers.get');
    checkName(name, 'get');
    return headerGet(listOf(this), name.toLowerCase());
  }

  getSetCookie() {
    const out = [];
    const list = listOf(this);
    for (let i = 0; i < list.length; i++) if (list[i][0] === 'set-cookie') out.push(list[i][1]);
    return out;
  }

  has(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'has' on 'Headers'");
    name = toByteString(name, 'Headers.has');
    checkName(name, 'has');
    const lower = name.toLowerCase();
    const list = listOf(this);
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
    const list = listOf(this);
    let found = false;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] !== lower) continue;
      if (!found) {
        list[i] = list[i].length > 2 ? [lower, value, list[i][2]] : [lower, value];
        found = true;
      } else {
        list.splice(i, 1);
        i--;
      }
    }
    if (!found) list.push(name === lower ? [lower, value] : [lower, value, name]);
    this.#sorted = null;
  }

  // #pairs is "sort and combine": names sorted, values of a name joined with
  // ", ", except set-cookie whose values stay separate.
  #pairs() {
    if (this.#sorted !== null) return this.#sorted;
    const byName = new Map();
    const list = listOf(this);
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
    listOf = (h) => {
      const own = h.#list; // first: the brand check's message names #list
      if (own !== null) return own;
      const flat = h.#flat;
      const list = [];
      for (let i = 0; i < flat.length; i += 2) list.push([flat[i], flat[i + 1]]);
      h.#flat = null;
      h.#list = list;
      return list;
    };
    internal.headersPairs = (h) => h.#pairs();
    internal.headersList = listOf;
    internal.isHeaders = (v) => internal.isObject(v) && #list in v;
    // newHeaders makes a Headers with a guard and an already valid list.
    internal.newHeaders = (guard, list = []) => {
      const h = new Headers(kInternal);
      h.#guard = guard;
      h.#list = list;
      return h;
    };
    // newFlatHeaders makes a Headers with a guard and already valid
    // headers given as alternating lowercase names and values (flat is
    // the Headers' own from now on).
    internal.newFlatHeaders = (guard, flat) => {
      const h = new Headers(kInternal);
      h.#guard = guard;
      h.#flat = flat;
      return h;
    };
    internal.fillHeaders = (h, init) => h.#fill(init);
    internal.headersGuard = (h) => h.#guard;
    internal.setHeadersGuard = (h, guard) => {
      h.#guard = guard;
    };
    internal.headerGet = (h, lowerName) => headerGet(listOf(h), lowerName);
    // trustedHeaderGet is Headers.prototype.get for a lowercase name known
    // to be valid (no argument checks), or undefined when h is not a
    // Headers; it runs once per header the adapter step checks, for every
    // response, so it reads the list directly.
    internal.trustedHeaderGet = (h, lowerName) => {
      if (typeof h !== 'object' || h === null || !(#list in h)) return undefined;
      const list = h.#list;
      return headerGet(list !== null ? list : listOf(h), lowerName);
    };
    // appendIfMissing sets a default header (content-type from a body).
    internal.appendHeaderIfMissing = (h, name, value) => {
      const list = listOf(h);
      for (let i = 0; i < list.length; i++) if (list[i][0] === name) return;
      list.push([name, value]);
      h.#sorted = null;
    };
  }
}

// headerName is the name of a header list entry as first given.
function headerName(e) {
  return e.length > 2 ? e[2] : e[0];
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
Object.defineProperty(Headers.prototype.get, 'length', { value: 1 });
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

// A body record (the Fetch Standard's body): its stream, and its source
// when that is bytes. A body from bytes gets its ReadableStream only when
// the `body` getter asks for it; until then `used` stands for the stream's
// disturbed flag and reading it costs no stream at all. source is never
// modified once here.
function newBytesBody(bytes) {
  return { source: bytes, stream: null, used: false };
}

function newStreamBody(stream) {
  return { source: null, stream, used: false };
}

// lockAndDisturb leaves s as reading it whole would: locked to a reader
// that is never released, disturbed and closed.
function lockAndDisturb(s) {
  ReflectApply(streamGetReader, s, []);
  PromiseCatch(readableStreamCancel(s, undefined));
}

// bodyStream is the body's stream, made on first use.
function bodyStream(b) {
  if (b.stream === null) {
    b.stream = readableStreamFromBytes(b.used ? emptyBytes : b.source);
    if (b.used) lockAndDisturb(b.stream);
  }
  return b.stream;
}

function bodyUsed(b) {
  return b !== null && (b.used || (b.stream !== null && isReadableStreamDisturbed(b.stream)));
}

function bodyUnusable(b) {
  return b !== null && (bodyUsed(b) || (b.stream !== null && isReadableStreamLocked(b.stream)));
}

// consumeBody reads a usable body whole: a promise of { bytes } (a box, so
// that a Uint8Array is never resolved as a thenable). The body is disturbed
// (and its stream locked) at once.
function consumeBody(b) {
  b.used = true;
  if (b.stream === null) return PromiseResolve({ __proto__: null, bytes: b.source });
  if (b.source !== null) {
    lockAndDisturb(b.stream);
    return PromiseResolve({ __proto__: null, bytes: b.source });
  }
  const all = readAllBytes(b.stream);
  const rejected = rejection(all);
  if (rejected !== null) return rejected;
  return PromiseThen(all, (bytes) => {
    if (internal.typedArrayName(bytes) !== 'Uint8Array') throw new TypeError('Received non-Uint8Array chunk');
    return { __proto__: null, bytes };
  });
}

// rejection returns, for a promise p that is already rejected, a new
// promise rejected with the same reason (p's rejection is then handled);
// else null. A body read from an errored stream so rejects at once, before
// the next microtask, as in browsers.
function rejection(p) {
  const state = host.promiseState(p);
  if (state === null || state[0] !== 'rejected') return null;
  PromiseCatch(p);
  return PromiseReject(state[1]);
}

// syncBytes returns the bytes of a usable body that has them at hand (and
// uses it up), or null for a body that must be read from its stream.
function syncBytes(b) {
  if (b.source === null) return null;
  b.used = true;
  if (b.stream !== null) lockAndDisturb(b.stream);
  return b.source;
}

// readerProxy is the Fetch Standard's "create a proxy": a stream that
// reads s (locked from now on) as it is read, passing each chunk through
// convert.
function readerProxy(s, convert = (chunk) => chunk) {
  const reader = ReflectApply(streamGetReader, s, []);
  let proxy = null;
  proxy = createReadableStream({
    __proto__: null,
    highWaterMark: 0,
    pull: () => PromiseThen(ReflectApply(readerRead, reader, []), (r) => {
      if (r.done) readableStreamClose(proxy);
      else readableStreamEnqueue(proxy, convert(r.value));
    }),
    cancel: (reason) => ReflectApply(readerCancel, reader, [reason]),
  });
  return proxy;
}

// takeBody moves a usable body into a new body record, leaving the old one
// used (its stream, if any, locked).
function takeBody(b) {
  b.used = true;
  if (b.stream === null) return newBytesBody(b.source);
  if (b.source !== null) {
    lockAndDisturb(b.stream);
    return newBytesBody(b.source);
  }
  return newStreamBody(readerProxy(b.stream));
}

// byteStreams holds the byte streams this file made (and their tees).
const byteStreams = new WeakSet();

// cloneChunk is StructuredClone, for the second branch of a teed body.
function cloneChunk(chunk) {
  const clone = internal.structuredClone;
  return clone(chunk);
}

// cloneBody is the Fetch Standard's "clone a body": a stream body is teed,
// the clone's chunks structured-cloned (a byte stream's tee copies them
// already).
function cloneBody(b) {
  if (b.stream === null || b.source !== null) return newBytesBody(b.source);
  const branches = readableStreamTee(b.stream);
  const bytes = byteStreams.has(b.stream);
  b.stream = branches[0];
  if (bytes) {
    byteStreams.add(branches[0]);
    byteStreams.add(branches[1]);
    return newStreamBody(branches[1]);
  }
  return newStreamBody(readerProxy(branches[1], cloneChunk));
}

// extractBody is the Fetch Standard's "extract a body": { bytes, stream,
// type }, with exactly one of bytes and stream non-null.
function extractBody(object) {
  if (typeof object === 'string') return { bytes: encodeUTF8(object), stream: null, type: 'text/plain;charset=UTF-8' };
  if (internal.isObject(object)) {
    if (internal.isBlob(object)) {
      const type = internal.blobType(object);
      return { bytes: internal.blobBytes(object), stream: null, type: type === '' ? null : type };
    }
    const view = internal.bufferSourceBytes(object);
    if (view !== null) return { bytes: view.slice(), stream: null, type: null };
    if (internal.isFormData(object)) {
      const f = internal.encodeFormData(object);
      return { bytes: f.bytes, stream: null, type: f.type };
    }
    if (internal.isURLSearchParams(object)) {
      return { bytes: encodeUTF8(internal.serializeSearchParams(object)), stream: null, type: 'application/x-www-form-urlencoded;charset=UTF-8' };
    }
    if (isReadableStream(object)) {
      if (isReadableStreamDisturbed(object) || isReadableStreamLocked(object)) {
        throw new TypeError('Response body object should not be disturbed or locked');
      }
      return { bytes: null, stream: object, type: null };
    }
  }
  return { bytes: encodeUTF8(toUSVString(object)), stream: null, type: 'text/plain;charset=UTF-8' };
}

function bodyFrom(extracted) {
  return extracted.stream !== null ? newStreamBody(extracted.stream) : newBytesBody(extracted.bytes);
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
      if (s.body === null) return PromiseResolve(convert(emptyBytes, s));
      const p = consumeBody(s.body);
      return rejection(p) ?? PromiseThen(p, (r) => convert(r.bytes, s));
    } catch (e) {
      return PromiseReject(e);
    }
  };
  const mixin = {
    get body() {
      const b = stateOf(this).body;
      return b === null ? null : bodyStream(b);
    },
    get bodyUsed() {
      return bodyUsed(stateOf(this).body);
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

// requestStateDefaults are the members of a request state that start the
// same for every request: a state inherits them until it sets its own (a
// plain object per request with all sixteen members costs goja about twice
// the allocations). States are copied with it as their prototype too.
const requestStateDefaults = {
  __proto__: null,
  referrer: 'client', referrerPolicy: '', mode: 'cors', credentials: 'same-origin', cache: 'default',
  redirect: 'follow', integrity: '', keepalive: false, reloadNavigation: false, historyNavigation: false,
  priority: 'auto',
};

function newRequestState(url) {
  return { __proto__: requestStateDefaults, method: 'GET', url, headers: null, body: null, signal: null };
}

// requestSignal is a request's signal. An incoming request's is made
// when first asked for (most handlers never look at it).
function requestSignal(s) {
  if (s.signal === null) s.signal = internal.newAbortSignal();
  return s.signal;
}

let pendingRequest = null;
const requestInitMembers = ['body', 'cache', 'credentials', 'duplex', 'headers', 'integrity', 'keepalive', 'method',
  'mode', 'priority', 'redirect', 'referrer', 'referrerPolicy', 'signal', 'window'];

class Request {
  #s;

  // A rest parameter rather than `arguments` (which goja makes as an object
  // at every call, the internal construction of each incoming request
  // included); Request.length is set back to 1 below.
  constructor(...args) {
    const input = args[0];
    if (input === kInternal) {
      this.#s = pendingRequest;
      pendingRequest = null;
      return;
    }
    const init = args[1];
    const what = "Failed to construct 'Request'";
    requireArgs(args.length, 1, what);
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
      s = { __proto__: requestStateDefaults, ...inputState, headers: null, body: null, signal: null };
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

    let signal = inputState !== null ? requestSignal(inputState) : null;
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
      for (let i = 0; i < from.length; i++) to.push(from[i].slice());
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
      const extracted = extractBody(d.body);
      if (extracted.stream !== null) {
        if (s.keepalive) throw new TypeError('keepalive');
        if (d.duplex === undefined) throw new TypeError('RequestInit: duplex option is required when sending a body.');
      }
      finalBody = bodyFrom(extracted);
      if (extracted.type !== null) internal.appendHeaderIfMissing(s.headers, 'content-type', extracted.type);
      // As browsers do (WPT request-disturbed), the input's body is used up
      // even though the init body replaces it.
      if (inputBody !== null && !bodyUnusable(inputBody)) takeBody(inputBody);
    } else if (inputBody !== null) {
      if (bodyUnusable(inputBody)) {
        throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
      }
      finalBody = takeBody(inputBody);
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
    return requestSignal(this.#s);
  }
  get duplex() {
    this.#s;
    return 'half';
  }

  clone() {
    const s = this.#s;
    if (bodyUnusable(s.body)) throw new TypeError('Request.clone: Body has already been consumed.');
    const c = { __proto__: requestStateDefaults, ...s };
    c.headers = internal.newHeaders(internal.headersGuard(s.headers), internal.headersList(s.headers).map((e) => e.slice()));
    c.body = s.body === null ? null : cloneBody(s.body);
    c.signal = internal.createDependentAbortSignal([requestSignal(s)]);
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
Object.defineProperty(Request, 'length', { value: 1 });
exposeInterface(Request);
internal.inspectors.set(Request.prototype, (r) => {
  const s = internal.requestState(r);
  return {
    props: {
      method: s.method, url: s.url, headers: s.headers, destination: '', referrer: r.referrer,
      referrerPolicy: s.referrerPolicy, mode: s.mode, credentials: s.credentials, cache: s.cache,
      redirect: s.redirect, integrity: s.integrity, keepalive: s.keepalive,
      isReloadNavigation: s.reloadNavigation, isHistoryNavigation: s.historyNavigation, signal: requestSignal(s),
    },
  };
});

// abortRequest aborts the signal of a request built by newIncomingRequest
// (Bindings.AbortRequest: the client went away).
internal.abortRequest = (req) => {
  internal.signalAbort(requestSignal(internal.requestState(req)), undefined);
};

// newIncomingRequest builds the handler's Request (Bindings.NewRequest).
// flatHeaders alternates lowercased names and values, already valid. With
// construct (a function), the request is built by construct(kInternal,
// constructArg): a Request subclass whose constructor calls super(kInternal)
// takes the state readied here, so no copy of a plain Request is made.
// The last URL parsed is remembered: clients repeat theirs.
let lastIncomingURL = null;
let lastIncomingHref = null;
internal.newIncomingRequest = (url, method, flatHeaders, bodyBuffer, construct, constructArg) => {
  if (url !== lastIncomingURL) {
    const r = host.urlHref(url);
    if (r === null) throw new TypeError(`Failed to parse URL from ${url}`);
    lastIncomingURL = url;
    lastIncomingHref = r[0];
  }
  const s = newRequestState(lastIncomingHref);
  s.method = method === 'GET' ? method : normalizeMethod(method);
  s.mode = 'cors';
  s.headers = internal.newFlatHeaders('request', flatHeaders);
  s.body = bodyBuffer === null ? null : newBytesBody(new Uint8Array(bodyBuffer));
  // s.signal stays null until requestSignal makes it.
  if (typeof construct !== 'function') return internal.newRequestFromState(s);
  pendingRequest = s;
  try {
    const req = construct(kInternal, constructArg);
    if (internal.requestState(req) !== s) throw new TypeError('incoming request: the constructor did not take the request state');
    return req;
  } finally {
    pendingRequest = null;
  }
};

// internal.trustedHeaderGet (Headers' static block) is
// Bindings.TrustedHeaderGet, for the host's next/server adapter step.

// ---- Response ----

const nullBodyStatuses = [101, 103, 204, 205, 304];
const redirectStatuses = [301, 302, 303, 307, 308];
const reasonPhraseRe = /^[\t\x20-\x7E\x80-\xFF]*$/;

// responseStateDefaults are the members of a response state most responses
// never change, inherited until set (as requestStateDefaults).
const responseStateDefaults = { __proto__: null, type: 'default', url: '', redirected: false };

function newResponseState() {
  return { __proto__: responseStateDefaults, status: 200, statusText: '', headers: null, body: null };
}

// initializeResponse is the Fetch Standard's "initialize a response"; body
// is a body record (null for none) and type its Content-Type (or null).
function initializeResponse(s, status, statusText, headersInit, body, type) {
  if (status < 200 || status > 599) {
    throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
  }
  if (statusText !== '' && !reasonPhraseRe.test(statusText)) throw new TypeError('Invalid statusText');
  s.status = status;
  s.statusText = statusText;
  if (headersInit !== undefined) internal.fillHeaders(s.headers, headersInit);
  if (body !== null) {
    if (nullBodyStatuses.includes(status)) {
      throw new TypeError(`Response constructor: Invalid response status code ${status}`);
    }
    s.body = body;
    if (type !== null) internal.appendHeaderIfMissing(s.headers, 'content-type', type);
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
    // extractBody, without its result object for the usual string body.
    let bodyRecord = null;
    let type = null;
    if (typeof body === 'string') {
      bodyRecord = newBytesBody(encodeUTF8(body));
      type = 'text/plain;charset=UTF-8';
    } else if (body !== null && body !== undefined) {
      const extracted = extractBody(body);
      bodyRecord = bodyFrom(extracted);
      type = extracted.type;
    }
    // readResponseInit, inline.
    const d = toDictionary(init, what);
    const headers = d.headers;
    const status = d.status === undefined ? 200 : internal.toUnsignedShort(d.status);
    const statusText = d.statusText === undefined ? '' : toByteString(d.statusText, what);
    const s = newResponseState();
    s.headers = internal.newHeaders('response');
    initializeResponse(s, status, statusText, headers, bodyRecord, type);
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
    initializeResponse(s, i.status, i.statusText, i.headers, newBytesBody(encodeUTF8(text)), 'application/json');
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
    const c = { __proto__: responseStateDefaults, ...s };
    c.headers = internal.newHeaders(internal.headersGuard(s.headers), internal.headersList(s.headers).map((e) => e.slice()));
    c.body = s.body === null ? null : cloneBody(s.body);
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
// cb(error) or cb(null, status, statusText, headerList, bodyBuffer|null),
// headerList being the Headers' list ([lowercase name, value, ...] pairs,
// in order; Go reads it during the call, or it is a copy).
// With streaming true (Bindings.StreamResponse) a stream body is not read
// whole: cb gets null for bodyBuffer and, last, a reader
// { read(cb2), cancel(reason) } where cb2(null, chunkBuffer) gives the next
// chunk, cb2(null, null) the end and cb2(error) the stream's error.
internal.readResponse = (res, cb, streaming = false) => {
  if (!internal.isResponse(res)) {
    cb(new TypeError('Expected an instance of Response to be returned'));
    return;
  }
  const s = internal.responseState(res);
  if (bodyUnusable(s.body)) {
    cb(new TypeError('Body is unusable: Body has already been read'));
    return;
  }
  // The list itself when Go reads it at once (no user code runs before),
  // else the headers as they are now (a list's entries are replaced, never
  // changed, so a shallow copy keeps them).
  const list = internal.headersList(s.headers);
  if (s.body === null) {
    cb(null, s.status, s.statusText, list, null);
    return;
  }
  // A body at hand goes back at once.
  const bytes = syncBytes(s.body);
  if (bytes !== null) {
    cb(null, s.status, s.statusText, list, internal.exactBuffer(bytes));
    return;
  }
  if (streaming) {
    s.body.used = true;
    cb(null, s.status, s.statusText, list, null, bodyReader(s.body.stream));
    return;
  }
  const snapshot = list.slice();
  PromiseThen(consumeBody(s.body), (r) => {
    cb(null, s.status, s.statusText, snapshot, internal.exactBuffer(r.bytes));
  }, (e) => {
    cb(e);
  });
};

// bodyBatchBytes bounds how much of a streamed body one read hands to Go:
// the chunks already queued, up to this many bytes, go together.
const bodyBatchBytes = 256 * 1024;

// bodyReader is the reader readResponse hands to Go for a streamed body.
// Each read takes every chunk the stream has at hand (one at least), so a
// source that enqueues many chunks at once pays one hand-over for them.
// String chunks are sent as UTF-8, as Next.js sends them; other
// non-Uint8Array chunks error the body.
function bodyReader(stream) {
  const r = internal.streamBatchReader(stream);
  const deliver = (list, cb) => {
    for (let i = 0; i < list.length; i++) {
      const chunk = list[i];
      if (typeof chunk === 'string') {
        list[i] = internal.encodeUTF8(chunk);
      } else if (internal.typedArrayName(chunk) !== 'Uint8Array') {
        const e = new TypeError('Received non-Uint8Array chunk');
        r.cancel(e);
        cb(e);
        return;
      }
    }
    if (list.length === 1) {
      cb(null, internal.exactBuffer(list[0]));
      return;
    }
    for (let i = 0; i < list.length; i++) list[i] = internal.exactBuffer(list[i]);
    cb(null, list);
  };
  return {
    read(cb) {
      r.read(bodyBatchBytes, {
        chunks: (list) => deliver(list, cb),
        close: (list) => (list.length > 0 ? deliver(list, cb) : cb(null, null)),
        error: (e, list) => (list.length > 0 ? deliver(list, cb) : cb(e)),
      });
    },
    cancel(reason) {
      r.cancel(reason);
    },
  };
}

// ---- fetch ----

// wireHeaders flattens a request's headers for the network: one line per
// name, spelt as first given, its values joined with ", " (as undici sends
// them).
function wireHeaders(h) {
  const list = internal.headersList(h);
  const byName = new Map();
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    const seen = byName.get(e[0]);
    if (seen === undefined) byName.set(e[0], [headerName(e), e[1]]);
    else seen[1] = `${seen[1]}, ${e[1]}`;
  }
  const flat = [];
  for (const v of byName.values()) flat.push(v[0], v[1]);
  return flat;
}

// netCause is the cause of a network error, as undici's has: an Error
// with Node's code when known.
function netCause(message, code) {
  const cause = new Error(message);
  if (code !== undefined) cause.code = code;
  return cause;
}

function fetchFailed(message, code) {
  return new TypeError('fetch failed', { cause: netCause(message, code) });
}

// errorStream errors s unless it is already closed or errored.
function errorStream(s, e) {
  try {
    readableStreamError(s, e);
  } catch {
    // already closed or errored
  }
}

// fetchReadAhead is the high-water mark of a fetched body, in bytes: one
// byte, so that one chunk is read ahead and no more (an unread body holds
// the loop for one read at most).
const fetchReadAhead = 1;

// fetchBodyStream is the byte stream of a fetched response's body: each
// pull reads the next chunk from Go (handle.read); cancelling it stops the
// transfer. done runs once the body has ended, however it ended.
function fetchBodyStream(handle, done) {
  let stream = null;
  let ended = false;
  const end = () => {
    if (ended) return false;
    ended = true;
    done();
    return true;
  };
  stream = createReadableStream({
    __proto__: null,
    type: 'bytes',
    // Read a chunk ahead, as undici does, so that an error after the last
    // chunk read shows on reader.closed.
    highWaterMark: fetchReadAhead,
    pull: () => new Promise((resolve) => {
      handle.read((err, code, chunk) => {
        if (err !== null) {
          if (end()) errorStream(stream, new TypeError('terminated', { cause: netCause(err, code) }));
        } else if (chunk === null) {
          if (end()) readableStreamClose(stream);
        } else if (!ended) {
          readableStreamEnqueue(stream, new Uint8Array(chunk));
        }
        resolve(undefined);
      });
    }),
    cancel: () => {
      end();
      handle.abort();
    },
  });
  byteStreams.add(stream);
  return stream;
}

function fetch(input, init = undefined) {
  let s;
  try {
    requireArgs(arguments.length, 1, "Failed to execute 'fetch'");
    s = internal.requestState(new Request(input, init));
  } catch (e) {
    return PromiseReject(e);
  }
  return new Promise((resolve, reject) => {
    const signal = requestSignal(s);
    // "Abort the fetch() call": a stream request body is cancelled with the
    // reason (synchronously, as browsers do).
    let uploadReader = null;
    const cancelUpload = () => {
      if (uploadReader !== null) {
        PromiseCatch(ReflectApply(readerCancel, uploadReader, [signal.reason]));
      } else if (s.body !== null && s.body.source === null && !bodyUnusable(s.body)) {
        s.body.used = true;
        PromiseCatch(readableStreamCancel(s.body.stream, signal.reason));
      }
    };
    if (signal.aborted) {
      cancelUpload();
      reject(signal.reason);
      return;
    }
    let settled = false; // the fetch promise
    let aborted = false;
    let handle = null;
    let responseStream = null;
    const removeAbort = internal.addAbortAlgorithm(signal, () => {
      if (aborted) return;
      aborted = true;
      if (handle !== null) handle.abort();
      if (!settled) cancelUpload();
      if (!settled) {
        settled = true;
        reject(signal.reason);
      } else if (responseStream !== null) {
        errorStream(responseStream, signal.reason);
      }
    });
    const fail = (e) => {
      if (settled) return;
      settled = true;
      removeAbort();
      reject(e);
    };
    const onHead = (err, code, status, statusText, url, redirected, headers, buf, hasStream) => {
      if (settled) return;
      if (err !== null) {
        fail(fetchFailed(err, code));
        return;
      }
      settled = true;
      const rs = newResponseState();
      rs.type = 'basic';
      rs.status = status;
      rs.statusText = statusText;
      rs.url = url;
      rs.redirected = redirected;
      const list = [];
      for (let i = 0; i < headers.length; i += 2) list.push([headers[i], headers[i + 1]]);
      rs.headers = internal.newHeaders('immutable', list);
      if (hasStream) {
        responseStream = fetchBodyStream(handle, removeAbort);
        rs.body = newStreamBody(responseStream);
      } else {
        removeAbort();
        rs.body = buf === null ? null : newBytesBody(new Uint8Array(buf));
      }
      resolve(internal.newResponseFromState(rs));
    };
    const flat = wireHeaders(s.headers);
    const start = (bytes) => {
      if (aborted || settled) return;
      handle = host.fetch(s.method, s.url, flat, bytes, s.redirect, onHead);
    };
    if (s.body === null) {
      start(null);
      return;
    }
    const bytes = syncBytes(s.body);
    if (bytes !== null) {
      start(bytes);
      return;
    }
    // A stream body is streamed to Go chunk by chunk.
    s.body.used = true;
    uploadReader = ReflectApply(streamGetReader, s.body.stream, []);
    start(true);
    if (handle === null) {
      cancelUpload();
      return;
    }
    pumpUpload(uploadReader, handle, fail);
  });
}

// pumpUpload reads a request body stream and hands its chunks to Go
// (handle.write, one at a time), then ends the upload. A chunk that is not
// a Uint8Array, or an error of the stream, breaks the upload and fails the
// fetch.
function pumpUpload(reader, handle, fail) {
  const broken = (e) => {
    handle.error(`${e !== null && typeof e === 'object' ? e.message : e}`);
    PromiseCatch(ReflectApply(readerCancel, reader, [e]));
    fail(e instanceof TypeError ? e : new TypeError('fetch failed', { cause: e }));
  };
  const step = () => {
    PromiseThen(ReflectApply(readerRead, reader, []), (r) => {
      if (r.done) {
        handle.close();
        return;
      }
      if (internal.typedArrayName(r.value) !== 'Uint8Array') {
        broken(new TypeError('Received non-Uint8Array chunk'));
        return;
      }
      handle.write(r.value, (err) => {
        if (err !== null) {
          // The exchange ended (response, error or abort): stop reading.
          PromiseCatch(ReflectApply(readerCancel, reader, [undefined]));
          return;
        }
        step();
      });
    }, broken);
  };
  step();
}
exposeFunction('fetch', fetch);
