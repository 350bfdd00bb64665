// structuredClone (HTML §2.7): serialisation and deserialisation fused
// into one walk with a memory map, so cycles and shared references survive.
// ArrayBuffers in `transfer` move their bytes to the clone and are detached.

const { requireArgs, toDictionary, exposeFunction, DOMException } = internal;
const ReflectApply = Reflect.apply;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectDefineProperty = Object.defineProperty;
const ObjectKeys = Object.keys;
const ObjectHasOwn = Object.hasOwn;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;

const booleanValueOf = Boolean.prototype.valueOf;
const numberValueOf = Number.prototype.valueOf;
const stringValueOf = String.prototype.valueOf;
const bigintValueOf = BigInt.prototype.valueOf;
const dateGetTime = Date.prototype.getTime;
const regexpSource = ObjectGetOwnPropertyDescriptor(RegExp.prototype, 'source').get;
const regexpFlags = ObjectGetOwnPropertyDescriptor(RegExp.prototype, 'flags').get;
const mapForEach = Map.prototype.forEach;
const mapSet = Map.prototype.set;
const setForEach = Set.prototype.forEach;
const setAdd = Set.prototype.add;
const arrayBufferSlice = ArrayBuffer.prototype.slice;
const MapCtor = Map;
const SetCtor = Set;
const DateCtor = Date;
const RegExpCtor = RegExp;
const DataViewCtor = DataView;
const typedArrayCtors = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};
const errorCtors = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
const notCloneablePrototypes = new Set([WeakMap.prototype, WeakSet.prototype, Symbol.prototype]);

function dataCloneError(message) {
  return new DOMException(message, 'DataCloneError');
}

function define(obj, key, value) {
  if (key === '__proto__') {
    ObjectDefineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

// platformName returns the interface name if v is one of the platform's
// objects (their prototypes were registered by exposeInterface), else null.
function platformName(v) {
  for (let p = ObjectGetPrototypeOf(v); p !== null; p = ObjectGetPrototypeOf(p)) {
    if (internal.platformPrototypes.has(p)) return p[Symbol.toStringTag];
  }
  return null;
}

function cloneValue(v, memory) {
  const type = typeof v;
  if (type === 'symbol') throw dataCloneError(`${String(v)} could not be cloned.`);
  if ((type !== 'object' && type !== 'function') || v === null) return v;
  const seen = memory.get(v);
  if (seen !== undefined) return seen;
  if (type === 'function') throw dataCloneError(`${String(v)} could not be cloned.`);

  let out;
  switch (host.classOf(v)) {
    case 'Boolean':
      out = Object(ReflectApply(booleanValueOf, v, []));
      memory.set(v, out);
      return out;
    case 'Number':
      out = Object(ReflectApply(numberValueOf, v, []));
      memory.set(v, out);
      return out;
    case 'String':
      out = Object(ReflectApply(stringValueOf, v, []));
      memory.set(v, out);
      return out;
    case 'BigInt':
      out = Object(ReflectApply(bigintValueOf, v, []));
      memory.set(v, out);
      return out;
    case 'Date':
      out = new DateCtor(ReflectApply(dateGetTime, v, []));
      memory.set(v, out);
      return out;
    case 'RegExp':
      out = new RegExpCtor(ReflectApply(regexpSource, v, []), ReflectApply(regexpFlags, v, []));
      memory.set(v, out);
      return out;
    case 'ArrayBuffer':
      if (host.isDetached(v)) throw dataCloneError('An ArrayBuffer is detached and could not be cloned.');
      out = ReflectApply(arrayBufferSlice, v, [0]);
      memory.set(v, out);
      return out;
    case 'Error': {
      let name = v.name;
      if (!ObjectHasOwn(errorCtors, name)) name = 'Error';
      const d = ObjectGetOwnPropertyDescriptor(v, 'message');
      out = d !== undefined && 'value' in d ? new errorCtors[name](`${d.value}`) : new errorCtors[name]();
      memory.set(v, out);
      const cause = ObjectGetOwnPropertyDescriptor(v, 'cause');
      if (cause !== undefined && 'value' in cause) {
        ObjectDefineProperty(out, 'cause', { value: cloneValue(cause.value, memory), writable: true, configurable: true });
      }
      const stack = ObjectGetOwnPropertyDescriptor(v, 'stack');
      if (stack !== undefined && typeof stack.value === 'string') {
        ObjectDefineProperty(out, 'stack', { value: stack.value, writable: true, configurable: true });
      }
      memory.set(v, out);
      return out;
    }
    case 'Array': {
      out = new Array(v.length);
      memory.set(v, out);
      for (const key of ObjectKeys(v)) {
        if (ObjectHasOwn(v, key)) define(out, key, cloneValue(v[key], memory));
      }
      return out;
    }
    case 'Map': {
      out = new MapCtor();
      memory.set(v, out);
      const entries = [];
      ReflectApply(mapForEach, v, [(value, key) => entries.push(key, value)]);
      for (let i = 0; i < entries.length; i += 2) {
        ReflectApply(mapSet, out, [cloneValue(entries[i], memory), cloneValue(entries[i + 1], memory)]);
      }
      return out;
    }
    case 'Set': {
      out = new SetCtor();
      memory.set(v, out);
      const values = [];
      ReflectApply(setForEach, v, [(value) => values.push(value)]);
      for (const value of values) ReflectApply(setAdd, out, [cloneValue(value, memory)]);
      return out;
    }
    case 'Promise':
    case 'Proxy':
    case 'Arguments':
      throw dataCloneError(`#<${host.classOf(v)}> could not be cloned.`);
  }

  if (ArrayBuffer.isView(v)) {
    const name = internal.typedArrayName(v);
    const buffer = cloneValue(v.buffer, memory);
    out = name === undefined ? new DataViewCtor(buffer, v.byteOffset, v.byteLength) : new typedArrayCtors[name](buffer, v.byteOffset, v.length);
    memory.set(v, out);
    return out;
  }
  const proto = ObjectGetPrototypeOf(v);
  if (notCloneablePrototypes.has(proto)) {
    throw dataCloneError(`#<${proto[Symbol.toStringTag] || 'Object'}> could not be cloned.`);
  }
  const platform = platformName(v);
  if (platform !== null) {
    if (internal.isFile(v)) {
      out = new internal.File([v], v.name, { type: v.type, lastModified: v.lastModified });
    } else if (internal.isBlob(v)) {
      out = internal.newBlob(internal.blobBytes(v), internal.blobType(v));
    } else if (internal.isDOMException(v)) {
      out = new DOMException(v.message, v.name);
    } else if (internal.isCryptoKey !== undefined && internal.isCryptoKey(v)) {
      out = internal.cloneCryptoKey(v);
    } else {
      throw dataCloneError(`${platform} object could not be cloned.`);
    }
    memory.set(v, out);
    return out;
  }
  out = {};
  memory.set(v, out);
  for (const key of ObjectKeys(v)) {
    if (ObjectHasOwn(v, key)) define(out, key, cloneValue(v[key], memory));
  }
  return out;
}

function structuredClone(value, options = undefined) {
  requireArgs(arguments.length, 1, "Failed to execute 'structuredClone'");
  const dict = toDictionary(options, "Failed to execute 'structuredClone'");
  const memory = new MapCtor();
  const transfer = [];
  if (dict.transfer !== undefined) {
    const list = internal.toSequence(dict.transfer, "Failed to execute 'structuredClone'", (t) => {
      if (!internal.isObject(t)) {
        throw new TypeError("Failed to execute 'structuredClone': Failed to convert value to 'object'.");
      }
      return t;
    });
    for (const t of list) {
      if (!internal.isArrayBuffer(t)) throw dataCloneError('Value not transferable');
      if (memory.has(t)) throw dataCloneError(`ArrayBuffer at index ${transfer.length} is a duplicate of an earlier ArrayBuffer. Duplicate ArrayBuffers cannot be transferred.`);
      const moved = host.transferBuffer(t);
      if (moved === null) throw dataCloneError(`ArrayBuffer at index ${transfer.length} is already detached.`);
      memory.set(t, moved);
      transfer.push(t);
    }
  }
  const result = cloneValue(value, memory);
  for (const t of transfer) host.detach(t);
  return result;
}

exposeFunction('structuredClone', structuredClone);
// The platform's own copy, for other files (user code may replace the global).
internal.structuredClone = structuredClone;
