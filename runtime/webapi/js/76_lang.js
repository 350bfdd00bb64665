// WeakRef and FinalizationRegistry (ECMAScript §26.1, §26.2), which goja
// lacks, and the setImmediate / clearImmediate stubs of Next's sandbox.
//
// Deviation, permitted by the specification (it never guarantees that a
// target is collected): goja has no weak references to JS objects, so a
// WeakRef holds its target strongly and deref() returns it for as long as the
// WeakRef itself is reachable, and a FinalizationRegistry never calls its
// cleanup callback. The registry keeps neither targets nor held values (they
// could only ever be handed to a callback that never runs): it counts the
// registrations per unregister token, in a WeakMap keyed by the token where
// the token is an object, so registering extends no object's lifetime. A
// symbol token (goja's WeakMap refuses symbols) is counted in a Map, which
// keeps that symbol until it is unregistered or the registry is dropped.
//
// setImmediate and clearImmediate: see the end of the file.

const ObjectDefineProperty = Object.defineProperty;
const ReflectApply = Reflect.apply;
const SymbolKeyFor = Symbol.keyFor;
const WeakMapCtor = WeakMap;
const MapCtor = Map;
const weakMapGet = WeakMap.prototype.get;
const weakMapSet = WeakMap.prototype.set;
const weakMapDelete = WeakMap.prototype.delete;
const mapGet = Map.prototype.get;
const mapSet = Map.prototype.set;
const mapDelete = Map.prototype.delete;

// canBeHeldWeakly is the abstract operation of ECMAScript §9.13: objects and
// symbols that are not in the global symbol registry.
function canBeHeldWeakly(v) {
  if ((typeof v === 'object' && v !== null) || typeof v === 'function') return true;
  return typeof v === 'symbol' && SymbolKeyFor(v) === undefined;
}

// describe names a receiver as V8's incompatible-receiver errors do.
function describe(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'symbol') return v.toString();
  if ((typeof v === 'object' && v !== null) || typeof v === 'function') {
    let name;
    try {
      name = v.constructor.name;
    } catch {
      name = undefined;
    }
    return `#<${typeof name === 'string' && name !== '' ? name : 'Object'}>`;
  }
  return String(v);
}

// defineBuiltinClass gives cls the shape of an ECMAScript built-in: a
// non-enumerable global and a non-writable Symbol.toStringTag.
function defineBuiltinClass(cls, name) {
  if (typeof global[name] === 'function') return; // the engine has its own
  ObjectDefineProperty(cls.prototype, Symbol.toStringTag, { value: name, writable: false, enumerable: false, configurable: true });
  ObjectDefineProperty(global, name, { value: cls, writable: true, enumerable: false, configurable: true });
  internal.jsBuiltins.add(name);
}

class WeakRef {
  #target;
  constructor(target) {
    if (!canBeHeldWeakly(target)) throw new TypeError('WeakRef: invalid target');
    this.#target = target;
  }
  deref() {
    if (!(typeof this === 'object' && this !== null && #target in this)) {
      throw new TypeError(`Method WeakRef.prototype.deref called on incompatible receiver ${describe(this)}`);
    }
    return this.#target;
  }
}
defineBuiltinClass(WeakRef, 'WeakRef');

class FinalizationRegistry {
  #cleanup;
  // Registrations per unregister token: a WeakMap for object tokens, a Map
  // for symbol tokens (goja's WeakMap takes objects only).
  #objectTokens = new WeakMapCtor();
  #symbolTokens = new MapCtor();

  constructor(cleanupCallback) {
    if (typeof cleanupCallback !== 'function') throw new TypeError('FinalizationRegistry: cleanup must be callable');
    this.#cleanup = cleanupCallback;
  }

  static #check(r, method) {
    if (!(typeof r === 'object' && r !== null && #cleanup in r)) {
      throw new TypeError(`Method FinalizationRegistry.prototype.${method} called on incompatible receiver ${describe(r)}`);
    }
  }

  register(target, heldValue, unregisterToken = undefined) {
    FinalizationRegistry.#check(this, 'register');
    if (!canBeHeldWeakly(target)) throw new TypeError('FinalizationRegistry.prototype.register: invalid target');
    if (target === heldValue) throw new TypeError('FinalizationRegistry.prototype.register: target and holdings must not be same');
    if (unregisterToken === undefined) return undefined;
    if (!canBeHeldWeakly(unregisterToken)) {
      throw new TypeError(`FinalizationRegistry.prototype.register: invalid unregister token`);
    }
    if (typeof unregisterToken === 'symbol') {
      const n = ReflectApply(mapGet, this.#symbolTokens, [unregisterToken]) || 0;
      ReflectApply(mapSet, this.#symbolTokens, [unregisterToken, n + 1]);
    } else {
      const n = ReflectApply(weakMapGet, this.#objectTokens, [unregisterToken]) || 0;
      ReflectApply(weakMapSet, this.#objectTokens, [unregisterToken, n + 1]);
    }
    return undefined;
  }

  unregister(unregisterToken) {
    FinalizationRegistry.#check(this, 'unregister');
    if (!canBeHeldWeakly(unregisterToken)) {
      throw new TypeError('FinalizationRegistry.prototype.unregister: invalid unregister token');
    }
    if (typeof unregisterToken === 'symbol') return ReflectApply(mapDelete, this.#symbolTokens, [unregisterToken]);
    return ReflectApply(weakMapDelete, this.#objectTokens, [unregisterToken]);
  }
}
// register's length is 2 (unregisterToken is optional).
ObjectDefineProperty(FinalizationRegistry.prototype.register, 'length', { value: 2 });
defineBuiltinClass(FinalizationRegistry, 'FinalizationRegistry');

// ---- setImmediate / clearImmediate ----

// SPEC R-RT-1 (obs.): they exist as functions, as in Next.js's edge sandbox,
// where calling one throws; code that needs them fails here as it fails
// there, with the same message. As there, the globals are non-enumerable
// accessors that hand out the stub.
for (const name of ['setImmediate', 'clearImmediate']) {
  const stub = {
    [name]() {
      throw new Error(`A Node.js API is used (${name}) which is not supported in the Edge Runtime.\nLearn more: https://nextjs.org/docs/api-reference/edge-runtime`);
    },
  }[name];
  ObjectDefineProperty(global, name, { get: () => stub, enumerable: false, configurable: false });
}
