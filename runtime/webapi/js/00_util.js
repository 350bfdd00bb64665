// WebIDL-ish helpers shared by the other files, and DOMException.
//
// Every file in js/ is the body of a function (host, internal, global) run
// once per isolate: `host` holds the Go functions, `internal` is the private
// object the files share (never reachable from user code), `global` is
// globalThis. Intrinsics are captured here so that user code replacing
// globals cannot change the platform's behaviour.

const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const ReflectOwnKeys = Reflect.ownKeys;
const ReflectApply = Reflect.apply;
const PromiseCtor = Promise;
const PromiseResolve = (v) => PromiseCtor.resolve(v);
const PromiseReject = (e) => PromiseCtor.reject(e);
const PromiseThen = (p, f, r) => ReflectApply(PromiseCtor.prototype.then, p, [f, r]);
const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype);
const typedArrayTag = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const arrayBufferByteLength = ObjectGetOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const IteratorPrototype = ObjectGetPrototypeOf(ObjectGetPrototypeOf([][Symbol.iterator]()));
const kInternal = Symbol('internal');

internal.kInternal = kInternal;
// jsBuiltins names the JavaScript intrinsic constructors (before any Web API
// global is defined); console's %s uses it as Node does.
internal.jsBuiltins = new Set(Object.getOwnPropertyNames(global).filter((n) => /^[A-Z][a-zA-Z0-9]+$/.test(n)));
// inspectors maps a platform prototype to a function giving console.log a
// view of an instance: { props } (shown as an object) or { entries } (as a Map).
internal.inspectors = new Map();
// platformPrototypes holds the prototype of every platform interface.
internal.platformPrototypes = new Set();
internal.PromiseResolve = PromiseResolve;
internal.PromiseReject = PromiseReject;
internal.PromiseThen = PromiseThen;
internal.IteratorPrototype = IteratorPrototype;

// exposeInterface puts cls on the global object as WebIDL does for an
// interface: the binding is non-enumerable; operations and attributes on the
// prototype and static members are enumerable; Symbol.toStringTag is set.
function exposeInterface(cls, name = cls.name, exposed = true) {
  const proto = cls.prototype;
  internal.platformPrototypes.add(proto);
  for (const key of ReflectOwnKeys(proto)) {
    if (key === 'constructor' || typeof key === 'symbol') continue;
    const d = ObjectGetOwnPropertyDescriptor(proto, key);
    if (!d.configurable) continue;
    d.enumerable = true;
    ObjectDefineProperty(proto, key, d);
  }
  for (const key of ReflectOwnKeys(cls)) {
    if (key === 'length' || key === 'name' || key === 'prototype' || typeof key === 'symbol') continue;
    const d = ObjectGetOwnPropertyDescriptor(cls, key);
    if (!d.configurable) continue;
    d.enumerable = true;
    ObjectDefineProperty(cls, key, d);
  }
  ObjectDefineProperty(proto, Symbol.toStringTag, { value: name, configurable: true });
  if (exposed) {
    ObjectDefineProperty(global, name, { value: cls, writable: true, enumerable: false, configurable: true });
  }
}
internal.exposeInterface = exposeInterface;

// defineConstants defines WebIDL constants on an interface and its prototype.
function defineConstants(cls, constants) {
  for (const key of ReflectOwnKeys(constants)) {
    const d = { value: constants[key], enumerable: true, writable: false, configurable: false };
    ObjectDefineProperty(cls, key, d);
    ObjectDefineProperty(cls.prototype, key, d);
  }
}
internal.defineConstants = defineConstants;

// exposeFunction defines a global operation (enumerable, as WebIDL does).
internal.exposeFunction = (name, fn) => {
  ObjectDefineProperty(global, name, { value: fn, writable: true, enumerable: true, configurable: true });
};

// exposeValue defines a global data property.
internal.exposeValue = (name, value, enumerable = true) => {
  ObjectDefineProperty(global, name, { value, writable: true, enumerable, configurable: true });
};

internal.requireArgs = (n, required, what) => {
  if (n < required) {
    throw new TypeError(`${what}: ${required} argument${required > 1 ? 's' : ''} required, but only ${n} present.`);
  }
};

// toDOMString is WebIDL's DOMString conversion (throws for symbols).
const toDOMString = (v) => (typeof v === 'string' ? v : `${v}`);
internal.toDOMString = toDOMString;

const surrogateRe = /[\uD800-\uDFFF]/;
// toUSVString replaces lone surrogates with U+FFFD.
function toUSVString(v) {
  const s = toDOMString(v);
  if (!surrogateRe.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xDC00 && d <= 0xDFFF) {
        out += s[i] + s[i + 1];
        i++;
        continue;
      }
    }
    out += c >= 0xD800 && c <= 0xDFFF ? '\uFFFD' : s[i];
  }
  return out;
}
internal.toUSVString = toUSVString;

const nonLatin1Re = /[^\x00-\xFF]/;
// toByteString is WebIDL's ByteString conversion.
internal.toByteString = (v, what) => {
  const s = toDOMString(v);
  const m = nonLatin1Re.exec(s);
  if (m !== null) {
    throw new TypeError(`${what}: Cannot convert argument to a ByteString because the character at index ${m.index} has a value of ${s.charCodeAt(m.index)} which is greater than 255.`);
  }
  return s;
};

// toDictionary converts a dictionary argument (undefined/null: empty, one
// frozen object for all: callers only read it).
const emptyDictionary = Object.freeze({});
internal.toDictionary = (v, what) => {
  if (v === undefined || v === null) return emptyDictionary;
  if (typeof v !== 'object' && typeof v !== 'function') {
    throw new TypeError(`${what}: The provided value is not of type 'object'.`);
  }
  return v;
};

function toNumberInt(v) {
  const n = +v;
  if (n !== n || n === Infinity || n === -Infinity) return 0;
  return Math.trunc(n);
}
// WebIDL integer conversions (no [EnforceRange] unless named).
internal.toUnsignedShort = (v) => {
  const n = toNumberInt(v) % 65536;
  return n < 0 ? n + 65536 : n + 0;
};
internal.toLong = (v) => toNumberInt(v) | 0;
internal.toUnsignedLongLongEnforce = (v, what) => {
  const n = +v;
  if (n !== n || n === Infinity || n === -Infinity) {
    throw new TypeError(`${what}: Value is not a finite number.`);
  }
  const t = Math.trunc(n);
  if (t < 0 || t > Number.MAX_SAFE_INTEGER) {
    throw new TypeError(`${what}: Value is outside the 'unsigned long long' value range.`);
  }
  return t + 0;
};
internal.toLongLong = (v) => toNumberInt(v);
// toClampedLongLong is [Clamp] long long: clamped, rounded half to even.
internal.toClampedLongLong = (v) => {
  let n = +v;
  if (n !== n) return 0;
  n = Math.min(Math.max(n, -Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
  const f = Math.floor(n);
  const diff = n - f;
  if (diff < 0.5) return f + 0;
  if (diff > 0.5) return f + 1;
  return f % 2 === 0 ? f + 0 : f + 1;
};

// iterateWith converts an iterable to an array with WebIDL sequence
// semantics: the @@iterator method (already read by the caller) is called
// once and each element is converted as soon as it is read.
function iterateWith(v, method, convert, what) {
  const it = ReflectApply(method, v, []);
  if (!internal.isObject(it)) throw new TypeError(`${what}: The iterator is not an object.`);
  const next = it.next;
  const out = [];
  for (;;) {
    const r = ReflectApply(next, it, []);
    if (!internal.isObject(r)) throw new TypeError(`${what}: The iterator result is not an object.`);
    if (r.done) return out;
    out.push(convert(r.value));
  }
}
internal.iterateWith = iterateWith;

// toSequence is WebIDL's sequence<T> conversion.
internal.toSequence = (v, what, convert = (x) => x) => {
  const method = internal.isObject(v) ? v[Symbol.iterator] : undefined;
  if (typeof method !== 'function') {
    throw new TypeError(`${what}: The provided value cannot be converted to a sequence.`);
  }
  return iterateWith(v, method, convert, what);
};

internal.isCallable = (v) => typeof v === 'function';
internal.isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

// isArrayBuffer is a brand check for ArrayBuffer.
internal.isArrayBuffer = (v) => {
  if (!(v instanceof ArrayBuffer)) return false;
  try {
    ReflectApply(arrayBufferByteLength, v, []);
    return true;
  } catch {
    return false;
  }
};
// typedArrayName returns e.g. 'Uint8Array' for typed arrays, undefined otherwise.
internal.typedArrayName = (v) => ReflectApply(typedArrayTag, v, []);
internal.isArrayBufferView = (v) => ArrayBuffer.isView(v);

// bufferSourceBytes views an ArrayBuffer or ArrayBufferView as a Uint8Array
// (no copy); it returns null for other values.
internal.bufferSourceBytes = (v) => {
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (internal.isArrayBuffer(v)) return new Uint8Array(v);
  return null;
};

// concatBytes joins Uint8Arrays.
internal.concatBytes = (chunks) => {
  if (chunks.length === 1) return chunks[0];
  let n = 0;
  for (const c of chunks) n += c.byteLength;
  const out = new Uint8Array(n);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
};

// byteViewGetter(proto, name) calls the getter name of proto on its argument
// (getter.call, bound): no property is looked up on the object itself,
// which for a typed array costs goja a failed number parse per name.
const byteViewGetter = (proto, name) => Reflect.apply(Function.prototype.bind, Function.prototype.call,
  [Object.getOwnPropertyDescriptor(proto, name).get]);
const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const viewBuffer = byteViewGetter(typedArrayPrototype, 'buffer');
const viewByteOffset = byteViewGetter(typedArrayPrototype, 'byteOffset');
const viewByteLength = byteViewGetter(typedArrayPrototype, 'byteLength');
const bufferByteLength = byteViewGetter(ArrayBuffer.prototype, 'byteLength');

// exactBuffer returns an ArrayBuffer holding exactly the bytes of u8.
internal.exactBuffer = (u8) => {
  const buffer = viewBuffer(u8);
  return viewByteOffset(u8) === 0 && viewByteLength(u8) === bufferByteLength(buffer) ? buffer : u8.slice().buffer;
};

internal.encodeUTF8 = (s) => new Uint8Array(host.encode(s));
internal.decodeUTF8 = (u8) => host.utf8Decode(u8);

// defineIterators gives cls the WebIDL pair-iterator members (entries,
// keys, values, @@iterator, forEach) over pairsOf(obj), re-read at every step
// as WebIDL's iteration is live.
internal.defineIterators = (cls, name, pairsOf) => {
  class Iterator {
    #target;
    #kind;
    #index = 0;
    constructor(target, kind) {
      this.#target = target;
      this.#kind = kind;
    }
    next() {
      const pairs = pairsOf(this.#target);
      const i = this.#index;
      if (i >= pairs.length) return { value: undefined, done: true };
      this.#index = i + 1;
      const p = pairs[i];
      const kind = this.#kind;
      return { value: kind === 'key' ? p[0] : kind === 'value' ? p[1] : [p[0], p[1]], done: false };
    }
  }
  const iterProto = Iterator.prototype;
  delete iterProto.constructor;
  ObjectSetPrototypeOf(iterProto, IteratorPrototype);
  ObjectDefineProperty(iterProto, 'next', { enumerable: true });
  ObjectDefineProperty(iterProto, Symbol.toStringTag, { value: `${name} Iterator`, configurable: true });
  const proto = cls.prototype;
  const methods = {
    entries() {
      pairsOf(this);
      return new Iterator(this, 'key+value');
    },
    keys() {
      pairsOf(this);
      return new Iterator(this, 'key');
    },
    values() {
      pairsOf(this);
      return new Iterator(this, 'value');
    },
    forEach(callback, thisArg = undefined) {
      pairsOf(this);
      if (typeof callback !== 'function') {
        throw new TypeError(`Failed to execute 'forEach' on '${name}': parameter 1 is not of type 'Function'.`);
      }
      for (let i = 0; i < pairsOf(this).length; i++) {
        const p = pairsOf(this)[i];
        ReflectApply(callback, thisArg, [p[1], p[0], this]);
      }
    },
  };
  for (const key of ReflectOwnKeys(methods)) {
    ObjectDefineProperty(proto, key, { value: methods[key], writable: true, enumerable: true, configurable: true });
  }
  ObjectDefineProperty(proto, Symbol.iterator, { value: methods.entries, writable: true, enumerable: false, configurable: true });
};

// ---- DOMException ----

const domExceptionCodes = {
  IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
  NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InUseAttributeError: 10,
  InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14,
  InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
  URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
};

class DOMException {
  #name;
  #message;
  constructor(message = undefined, options = undefined) {
    this.#message = message === undefined ? '' : toDOMString(message);
    let name = 'Error';
    if (options !== undefined && options !== null && typeof options === 'object') {
      if (options.name !== undefined) name = toDOMString(options.name);
      if ('cause' in options) {
        ObjectDefineProperty(this, 'cause', { value: options.cause, writable: true, configurable: true });
      }
    } else if (options !== undefined) {
      name = toDOMString(options);
    }
    this.#name = name;
    // A stack like V8's: the name and message, then the caller's frames.
    const stack = new Error(this.#message).stack;
    if (typeof stack === 'string') {
      const lines = stack.split('\n');
      lines.splice(0, 2, `${name}: ${this.#message}`);
      ObjectDefineProperty(this, 'stack', { value: lines.join('\n'), writable: true, configurable: true });
    }
  }
  get name() {
    return this.#name;
  }
  get message() {
    return this.#message;
  }
  get code() {
    return domExceptionCodes[this.#name] || 0;
  }
  static {
    internal.isDOMException = (v) => internal.isObject(v) && #name in v;
  }
}
ObjectSetPrototypeOf(DOMException.prototype, Error.prototype);
exposeInterface(DOMException);
defineConstants(DOMException, {
  INDEX_SIZE_ERR: 1, DOMSTRING_SIZE_ERR: 2, HIERARCHY_REQUEST_ERR: 3, WRONG_DOCUMENT_ERR: 4,
  INVALID_CHARACTER_ERR: 5, NO_DATA_ALLOWED_ERR: 6, NO_MODIFICATION_ALLOWED_ERR: 7, NOT_FOUND_ERR: 8,
  NOT_SUPPORTED_ERR: 9, INUSE_ATTRIBUTE_ERR: 10, INVALID_STATE_ERR: 11, SYNTAX_ERR: 12,
  INVALID_MODIFICATION_ERR: 13, NAMESPACE_ERR: 14, INVALID_ACCESS_ERR: 15, VALIDATION_ERR: 16,
  TYPE_MISMATCH_ERR: 17, SECURITY_ERR: 18, NETWORK_ERR: 19, ABORT_ERR: 20, URL_MISMATCH_ERR: 21,
  QUOTA_EXCEEDED_ERR: 22, TIMEOUT_ERR: 23, INVALID_NODE_TYPE_ERR: 24, DATA_CLONE_ERR: 25,
});
internal.DOMException = DOMException;

// reportError reports an exception thrown by a callback the platform ran.
internal.reportError = (e) => host.reportError(e);
