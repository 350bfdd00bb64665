// Event, EventTarget, AbortController, AbortSignal (DOM Standard §2–3).
// There is no node tree here, so dispatch only ever reaches the target.

const { toDOMString, toDictionary, requireArgs, exposeInterface, defineConstants, DOMException, kInternal } = internal;
const ObjectDefineProperty = Object.defineProperty;
const ReflectApply = Reflect.apply;

const NONE = 0;
const CAPTURING_PHASE = 1;
const AT_TARGET = 2;
const BUBBLING_PHASE = 3;

let isTrustedGetter;

class Event {
  #type;
  #bubbles = false;
  #cancelable = false;
  #composed = false;
  #target = null;
  #currentTarget = null;
  #phase = NONE;
  #stopPropagation = false;
  #stopImmediate = false;
  #canceled = false;
  #inPassiveListener = false;
  #dispatching = false;
  #initialized = true;
  #isTrusted = false;
  #timeStamp;

  constructor(type, eventInitDict = undefined) {
    requireArgs(arguments.length, 1, "Failed to construct 'Event'");
    this.#type = toDOMString(type);
    const init = toDictionary(eventInitDict, "Failed to construct 'Event'");
    this.#bubbles = !!init.bubbles;
    this.#cancelable = !!init.cancelable;
    this.#composed = !!init.composed;
    this.#timeStamp = host.now();
    ObjectDefineProperty(this, 'isTrusted', { get: isTrustedGetter, enumerable: true, configurable: false });
  }

  get type() {
    return this.#type;
  }
  get target() {
    return this.#target;
  }
  get srcElement() {
    return this.#target;
  }
  get currentTarget() {
    return this.#currentTarget;
  }
  composedPath() {
    return this.#dispatching && this.#currentTarget !== null ? [this.#currentTarget] : [];
  }
  get eventPhase() {
    return this.#phase;
  }
  stopPropagation() {
    this.#stopPropagation = true;
  }
  get cancelBubble() {
    return this.#stopPropagation;
  }
  set cancelBubble(v) {
    if (v) this.#stopPropagation = true;
  }
  stopImmediatePropagation() {
    this.#stopPropagation = true;
    this.#stopImmediate = true;
  }
  get bubbles() {
    return this.#bubbles;
  }
  get cancelable() {
    return this.#cancelable;
  }
  get returnValue() {
    return !this.#canceled;
  }
  set returnValue(v) {
    if (!v) this.#setCanceled();
  }
  preventDefault() {
    this.#setCanceled();
  }
  get defaultPrevented() {
    return this.#canceled;
  }
  get composed() {
    return this.#composed;
  }
  get timeStamp() {
    return this.#timeStamp;
  }
  initEvent(type, bubbles = false, cancelable = false) {
    requireArgs(arguments.length, 1, "Failed to execute 'initEvent' on 'Event'");
    if (this.#dispatching) return;
    this.#initialized = true;
    this.#stopPropagation = false;
    this.#stopImmediate = false;
    this.#canceled = false;
    this.#isTrusted = false;
    this.#target = null;
    this.#type = toDOMString(type);
    this.#bubbles = !!bubbles;
    this.#cancelable = !!cancelable;
  }

  #setCanceled() {
    if (this.#cancelable && !this.#inPassiveListener) this.#canceled = true;
  }

  static {
    isTrustedGetter = {
      get isTrusted() {
        return this.#isTrusted;
      },
    };
    isTrustedGetter = Object.getOwnPropertyDescriptor(isTrustedGetter, 'isTrusted').get;

    // dispatch runs the DOM dispatch algorithm for a target without parents.
    internal.dispatchEvent = (target, event, listenersOf, trusted = false) => {
      if (event.#dispatching || !event.#initialized) {
        throw new DOMException("Failed to execute 'dispatchEvent' on 'EventTarget': The event is already being dispatched.", 'InvalidStateError');
      }
      if (trusted) event.#isTrusted = true;
      event.#dispatching = true;
      event.#target = target;
      event.#currentTarget = target;
      event.#phase = AT_TARGET;
      try {
        for (const capture of [true, false]) {
          if (event.#stopPropagation) break;
          const all = listenersOf(event.#type);
          if (all === undefined) break;
          for (const l of all.slice()) {
            if (l.removed || l.capture !== capture) continue;
            if (l.once) l.remove();
            if (l.passive) event.#inPassiveListener = true;
            try {
              const cb = l.callback;
              if (typeof cb === 'function') {
                ReflectApply(cb, target, [event]);
              } else {
                const handleEvent = cb.handleEvent;
                if (typeof handleEvent !== 'function') throw new TypeError('handleEvent is not a function');
                ReflectApply(handleEvent, cb, [event]);
              }
            } catch (e) {
              internal.reportError(e);
            }
            event.#inPassiveListener = false;
            if (event.#stopImmediate) break;
          }
          if (event.#stopImmediate) break;
        }
      } finally {
        event.#dispatching = false;
        event.#phase = NONE;
        event.#currentTarget = null;
        event.#stopPropagation = false;
        event.#stopImmediate = false;
      }
      return !event.#canceled;
    };
    internal.isEvent = (v) => internal.isObject(v) && #type in v;
    internal.isDispatching = (e) => e.#dispatching;
  }
}
exposeInterface(Event);
defineConstants(Event, { NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE });

function flattenOptions(options) {
  if (internal.isObject(options)) return { capture: !!options.capture, options };
  return { capture: !!options, options: null };
}

// CustomEvent carries a `detail` (DOM Standard).
class CustomEvent extends Event {
  #detail = null;

  constructor(type, eventInitDict = undefined) {
    requireArgs(arguments.length, 1, "Failed to construct 'CustomEvent'");
    const init = toDictionary(eventInitDict, "Failed to construct 'CustomEvent'");
    super(type, init);
    if (init.detail !== undefined) this.#detail = init.detail;
  }
  get detail() {
    return this.#detail;
  }
  initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
    requireArgs(arguments.length, 1, "Failed to execute 'initCustomEvent' on 'CustomEvent'");
    if (internal.isDispatching(this)) return;
    this.initEvent(type, bubbles, cancelable);
    this.#detail = detail;
  }
}
exposeInterface(CustomEvent);

// The global object is an event target too, as in Next.js's edge sandbox
// (handlers call addEventListener('unhandledrejection', …)); its listeners
// live here because it cannot carry EventTarget's private field. Called
// without a receiver (addEventListener(…) at top level), the methods act on
// the global object, as WebIDL says for a [Global] interface.
const globalListeners = new Map();

// dispatchUnhandledRejection calls the global 'unhandledrejection' listeners
// with { reason, promise }, as edge-runtime does (Bindings.UnhandledRejection).
internal.dispatchUnhandledRejection = (promise, reason) => {
  const list = globalListeners.get('unhandledrejection');
  if (list === undefined) return;
  for (const l of list.slice()) {
    if (l.removed) continue;
    if (l.once) l.remove();
    try {
      const cb = l.callback;
      if (typeof cb === 'function') ReflectApply(cb, global, [{ reason, promise }]);
      else ReflectApply(cb.handleEvent, cb, [{ reason, promise }]);
    } catch (e) {
      internal.reportError(e);
    }
  }
};

// noListeners stands for a target that never had a listener: it is only
// read, never changed.
const noListeners = new Map();

class EventTarget {
  // type → array of listener records; made by the first addEventListener
  // (most targets, like a request's AbortSignal, never get one).
  #listeners = null;

  constructor() {}

  // listenersOf is the target's listener map, or the global object's; with
  // create, a target without one gets its own.
  static #listenersOf(target, op, create = false) {
    if (target === undefined || target === null || target === global) return globalListeners;
    if (!internal.isObject(target) || !(#listeners in target)) {
      throw new TypeError(`Failed to execute '${op}' on 'EventTarget': Illegal invocation`);
    }
    if (target.#listeners === null) {
      if (!create) return noListeners;
      target.#listeners = new Map();
    }
    return target.#listeners;
  }

  addEventListener(type, callback, options = undefined) {
    const listeners = EventTarget.#listenersOf(this, 'addEventListener', true);
    requireArgs(arguments.length, 2, "Failed to execute 'addEventListener' on 'EventTarget'");
    type = toDOMString(type);
    if (callback !== null && !internal.isObject(callback)) {
      throw new TypeError("Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'Object'.");
    }
    const { capture, options: dict } = flattenOptions(options);
    let once = false;
    let passive = false;
    let signal = null;
    if (dict !== null) {
      once = !!dict.once;
      passive = !!dict.passive;
      if (dict.signal !== undefined) {
        signal = dict.signal;
        if (!internal.isAbortSignal(signal)) {
          throw new TypeError("Failed to execute 'addEventListener' on 'EventTarget': member signal is not of type AbortSignal.");
        }
      }
    }
    if (signal !== null && signal.aborted) return;
    if (callback === null) return;
    let list = listeners.get(type);
    if (list === undefined) {
      list = [];
      listeners.set(type, list);
    }
    for (const l of list) {
      if (l.callback === callback && l.capture === capture) return;
    }
    const listener = {
      callback,
      capture,
      once,
      passive,
      removed: false,
      remove: () => {
        listener.removed = true;
        const i = list.indexOf(listener);
        if (i >= 0) list.splice(i, 1);
      },
    };
    list.push(listener);
    if (signal !== null) internal.addAbortAlgorithm(signal, listener.remove);
  }

  removeEventListener(type, callback, options = undefined) {
    const listeners = EventTarget.#listenersOf(this, 'removeEventListener');
    requireArgs(arguments.length, 2, "Failed to execute 'removeEventListener' on 'EventTarget'");
    type = toDOMString(type);
    const { capture } = flattenOptions(options);
    const list = listeners.get(type);
    if (list === undefined) return;
    for (const l of list) {
      if (l.callback === callback && l.capture === capture) {
        l.remove();
        return;
      }
    }
  }

  dispatchEvent(event) {
    const listeners = EventTarget.#listenersOf(this, 'dispatchEvent');
    requireArgs(arguments.length, 1, "Failed to execute 'dispatchEvent' on 'EventTarget'");
    if (!internal.isEvent(event)) {
      throw new TypeError("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
    }
    return internal.dispatchEvent(this ?? global, event, (type) => listeners.get(type));
  }

  static {
    // fireEvent fires a trusted event of the given type at target.
    internal.fireEvent = (target, type) => internal.fireEventObject(target, new Event(type));
    // fireEventObject fires a platform-made event object (a MessageEvent, a
    // CloseEvent …) at target as a trusted event.
    internal.fireEventObject = (target, event) => {
      const listeners = EventTarget.#listenersOf(target, 'dispatchEvent');
      return internal.dispatchEvent(target, event, (t) => listeners.get(t), true);
    };
  }
}
exposeInterface(EventTarget);

// defineEventHandler adds an `on<type>` event handler attribute to proto.
internal.defineEventHandler = (proto, type) => {
  const handlers = new WeakMap(); // target → { value, listener }
  ObjectDefineProperty(proto, `on${type}`, {
    get() {
      const h = handlers.get(this);
      return h === undefined ? null : h.value;
    },
    set(value) {
      if (!internal.isObject(value)) value = null;
      let h = handlers.get(this);
      if (h === undefined) {
        if (value === null) return;
        h = { value };
        handlers.set(this, h);
        h.listener = (event) => {
          const fn = h.value;
          if (typeof fn === 'function') {
            const r = ReflectApply(fn, this, [event]);
            if (r === false) event.preventDefault();
          }
        };
        this.addEventListener(type, h.listener);
      }
      h.value = value;
    },
    enumerable: true,
    configurable: true,
  });
};

// ---- AbortSignal / AbortController ----

class AbortSignal extends EventTarget {
  #aborted = false;
  #reason = undefined;
  #algorithms = null; // Sets made on first use: most signals never need them
  #dependent = false;
  #sources = null;
  #dependents = null;

  constructor(token) {
    if (token !== kInternal) throw new TypeError('Illegal constructor');
    super();
  }

  static abort(reason = undefined) {
    const s = new AbortSignal(kInternal);
    s.#aborted = true;
    s.#reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    return s;
  }

  static timeout(milliseconds) {
    requireArgs(arguments.length, 1, "Failed to execute 'timeout' on 'AbortSignal'");
    const ms = internal.toUnsignedLongLongEnforce(milliseconds, "Failed to execute 'timeout' on 'AbortSignal'");
    const s = new AbortSignal(kInternal);
    // An unref timer: a pending timeout does not keep the request alive.
    internal.setInternalTimer(() => {
      AbortSignal.#signalAbort(s, new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, ms);
    return s;
  }

  static any(signals) {
    requireArgs(arguments.length, 1, "Failed to execute 'any' on 'AbortSignal'");
    const list = internal.toSequence(signals, "Failed to execute 'any' on 'AbortSignal'", (s) => {
      if (!internal.isAbortSignal(s)) {
        throw new TypeError("Failed to execute 'any' on 'AbortSignal': Failed to convert value to 'AbortSignal'.");
      }
      return s;
    });
    return AbortSignal.#createDependent(list);
  }

  get aborted() {
    return this.#aborted;
  }

  get reason() {
    return this.#reason;
  }

  throwIfAborted() {
    if (this.#aborted) throw this.#reason;
  }

  static #createDependent(signals) {
    const result = new AbortSignal(kInternal);
    for (let i = 0; i < signals.length; i++) {
      const s = signals[i];
      if (s.#aborted) {
        result.#aborted = true;
        result.#reason = s.#reason;
        return result;
      }
    }
    result.#dependent = true;
    for (let i = 0; i < signals.length; i++) {
      const s = signals[i];
      if (!s.#dependent) {
        AbortSignal.#link(s, result);
      } else if (s.#sources !== null) {
        for (const src of s.#sources) AbortSignal.#link(src, result);
      }
    }
    return result;
  }

  // link makes dep a dependent of the source signal src.
  static #link(src, dep) {
    if (dep.#sources === null) dep.#sources = new Set();
    if (src.#dependents === null) src.#dependents = new Set();
    dep.#sources.add(src);
    src.#dependents.add(dep);
  }

  static #signalAbort(signal, reason) {
    if (signal.#aborted) return;
    signal.#aborted = true;
    signal.#reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    const toAbort = [];
    for (const dep of signal.#dependents ?? []) {
      if (!dep.#aborted) {
        dep.#aborted = true;
        dep.#reason = signal.#reason;
        toAbort.push(dep);
      }
    }
    AbortSignal.#runAbortSteps(signal);
    for (const dep of toAbort) AbortSignal.#runAbortSteps(dep);
  }

  static #runAbortSteps(signal) {
    const algorithms = signal.#algorithms === null ? [] : [...signal.#algorithms];
    signal.#algorithms = null;
    for (const alg of algorithms) {
      try {
        alg();
      } catch (e) {
        internal.reportError(e);
      }
    }
    // An aborted signal no longer needs its sources (nor they it).
    if (signal.#sources !== null) {
      for (const src of signal.#sources) src.#dependents.delete(signal);
      signal.#sources = null;
    }
    internal.fireEvent(signal, 'abort');
  }

  static {
    internal.isAbortSignal = (v) => internal.isObject(v) && #aborted in v;
    internal.newAbortSignal = () => new AbortSignal(kInternal);
    internal.signalAbort = (s, reason) => AbortSignal.#signalAbort(s, reason);
    // createDependentAbortSignal is the DOM's "create a dependent abort signal".
    internal.createDependentAbortSignal = (signals) => AbortSignal.#createDependent(signals);
    // addAbortAlgorithm runs fn when signal aborts; it returns a remover.
    internal.addAbortAlgorithm = (signal, fn) => {
      if (signal.#aborted) return () => {};
      if (signal.#algorithms === null) signal.#algorithms = new Set();
      const algorithms = signal.#algorithms;
      return (algorithms.add(fn), () => algorithms.delete(fn));
    };
  }
}
internal.defineEventHandler(AbortSignal.prototype, 'abort');
exposeInterface(AbortSignal);
internal.inspectors.set(AbortSignal.prototype, (sig) => ({ props: { aborted: sig.aborted } }));

class AbortController {
  #signal = new AbortSignal(kInternal);
  constructor() {}
  get signal() {
    return this.#signal;
  }
  abort(reason = undefined) {
    internal.signalAbort(this.#signal, reason);
  }
}
exposeInterface(AbortController);
