// node:events — EventEmitter with Node 20's semantics. A plain function
// (not a class) so that `EventEmitter.call(this)` works, as with Node.
const kCapture = Symbol('kCapture');
const kErrorMonitor = Symbol('events.errorMonitor');
const kRejection = Symbol.for('nodejs.rejection');
let defaultMaxListeners = 10;
let captureRejectionsDefault = false;

function EventEmitter(opts) {
  EventEmitter.init.call(this, opts);
}

function checkListener(listener) {
  validateFunction(listener, 'listener');
}

EventEmitter.prototype._events = undefined;
EventEmitter.prototype._eventsCount = 0;
EventEmitter.prototype._maxListeners = undefined;
ObjectDefineProperty(EventEmitter.prototype, kCapture, { value: false, writable: true, enumerable: false });

EventEmitter.init = function init(opts) {
  if (this._events === undefined || this._events === ObjectGetPrototypeOf(this)._events) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  }
  this._maxListeners = this._maxListeners || undefined;
  if (opts && opts.captureRejections !== undefined) {
    if (typeof opts.captureRejections !== 'boolean') throw errInvalidArgType('options.captureRejections', 'boolean', opts.captureRejections);
    this[kCapture] = Boolean(opts.captureRejections);
  } else {
    this[kCapture] = EventEmitter.prototype[kCapture];
  }
};

ObjectDefineProperty(EventEmitter, 'defaultMaxListeners', {
  enumerable: true,
  get() { return defaultMaxListeners; },
  set(n) {
    if (typeof n !== 'number' || n < 0 || Number.isNaN(n)) throw errOutOfRange('defaultMaxListeners', 'a non-negative number', n);
    defaultMaxListeners = n;
  },
});
ObjectDefineProperty(EventEmitter, 'captureRejections', {
  enumerable: true,
  get() { return captureRejectionsDefault; },
  set(v) {
    if (typeof v !== 'boolean') throw errInvalidArgType('EventEmitter.captureRejections', 'boolean', v);
    captureRejectionsDefault = v;
    EventEmitter.prototype[kCapture] = v;
  },
});
EventEmitter.captureRejectionSymbol = kRejection;
EventEmitter.errorMonitor = kErrorMonitor;
EventEmitter.usingDomains = false;
EventEmitter.EventEmitter = EventEmitter;

function getMaxListeners(that) {
  return that._maxListeners === undefined ? defaultMaxListeners : that._maxListeners;
}

const EEMethods = {
  setMaxListeners(n) {
    validateNumber(n, 'setMaxListeners', 0);
    this._maxListeners = n;
    return this;
  },
  getMaxListeners() { return getMaxListeners(this); },
  emit(type, ...args) {
    let doError = type === 'error';
    const events = this._events;
    if (events !== undefined) {
      if (doError && events[kErrorMonitor] !== undefined) this.emit(kErrorMonitor, ...args);
      doError = doError && events.error === undefined;
    } else if (!doError) {
      return false;
    }
    if (doError) {
      const er = args.length > 0 ? args[0] : undefined;
      if (er instanceof Error) throw er;
      const err = nodeError(Error, 'ERR_UNHANDLED_ERROR', `Unhandled error. (${inspect(er)})`);
      err.context = er;
      throw err;
    }
    const handler = events[type];
    if (handler === undefined) return false;
    if (typeof handler === 'function') {
      const result = handler.apply(this, args);
      if (result !== undefined && result !== null && this[kCapture]) addCatch(this, result, type, args);
    } else {
      const listeners = handler.slice();
      for (let i = 0; i < listeners.length; i++) {
        const result = listeners[i].apply(this, args);
        if (result !== undefined && result !== null && this[kCapture]) addCatch(this, result, type, args);
      }
    }
    return true;
  },
  addListener(type, listener) { return addListener(this, type, listener, false); },
  on(type, listener) { return addListener(this, type, listener, false); },
  prependListener(type, listener) { return addListener(this, type, listener, true); },
  once(type, listener) {
    checkListener(listener);
    return this.on(type, onceWrap(this, type, listener));
  },
  prependOnceListener(type, listener) {
    checkListener(listener);
    return this.prependListener(type, onceWrap(this, type, listener));
  },
  removeListener(type, listener) {
    checkListener(listener);
    const events = this._events;
    if (events === undefined) return this;
    const list = events[type];
    if (list === undefined) return this;
    if (list === listener || list.listener === listener) {
      this._eventsCount -= 1;
      if (this._eventsCount === 0) this._events = Object.create(null);
      else {
        delete events[type];
        if (events.removeListener) this.emit('removeListener', type, list.listener || listener);
      }
    } else if (typeof list !== 'function') {
      let position = -1;
      let original;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === listener || list[i].listener === listener) {
          original = list[i].listener;
          position = i;
          break;
        }
      }
      if (position < 0) return this;
      list.splice(position, 1);
      if (list.length === 1) events[type] = list[0];
      if (events.removeListener !== undefined) this.emit('removeListener', type, original || listener);
    }
    return this;
  },
  removeAllListeners(type) {
    const events = this._events;
    if (events === undefined) return this;
    if (events.removeListener === undefined) {
      if (arguments.length === 0) {
        this._events = Object.create(null);
        this._eventsCount = 0;
      } else if (events[type] !== undefined) {
        if (--this._eventsCount === 0) this._events = Object.create(null);
        else delete events[type];
      }
      return this;
    }
    if (arguments.length === 0) {
      for (const key of Reflect.ownKeys(events)) {
        if (key === 'removeListener') continue;
        this.removeAllListeners(key);
      }
      this.removeAllListeners('removeListener');
      this._events = Object.create(null);
      this._eventsCount = 0;
      return this;
    }
    const listeners = events[type];
    if (typeof listeners === 'function') this.removeListener(type, listeners);
    else if (listeners !== undefined) {
      for (let i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]);
    }
    return this;
  },
  listeners(type) { return listenersOf(this, type, true); },
  rawListeners(type) { return listenersOf(this, type, false); },
  listenerCount(type, listener) {
    const events = this._events;
    if (events === undefined) return 0;
    const l = events[type];
    if (typeof l === 'function') return listener == null || l === listener || l.listener === listener ? 1 : 0;
    if (l === undefined) return 0;
    if (listener == null) return l.length;
    let n = 0;
    for (const f of l) if (f === listener || f.listener === listener) n++;
    return n;
  },
  eventNames() { return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : []; },
};
EEMethods.off = EEMethods.removeListener;
for (let i = 0, keys = ObjectKeys(EEMethods); i < keys.length; i++) {
  const k = keys[i];
  ObjectDefineProperty(EventEmitter.prototype, k, { value: EEMethods[k], writable: true, configurable: true, enumerable: true });
}

function addListener(target, type, listener, prepend) {
  checkListener(listener);
  let events = target._events;
  if (events === undefined) {
    events = target._events = Object.create(null);
    target._eventsCount = 0;
  } else if (events.newListener !== undefined) {
    target.emit('newListener', type, listener.listener ? listener.listener : listener);
    events = target._events;
  }
  let existing = events[type];
  if (existing === undefined) {
    events[type] = listener;
    target._eventsCount += 1;
  } else {
    if (typeof existing === 'function') {
      existing = events[type] = prepend ? [listener, existing] : [existing, listener];
    } else if (prepend) existing.unshift(listener);
    else existing.push(listener);
    const m = getMaxListeners(target);
    if (m > 0 && existing.length > m && !existing.warned) {
      existing.warned = true;
      const name = `${inspect(target, { depth: -1 })}`;
      consoleWarn(`MaxListenersExceededWarning: Possible EventEmitter memory leak detected. ${existing.length} ${String(type)} listeners added to ${name}. MaxListeners is ${m}. Use emitter.setMaxListeners() to increase limit`);
    }
  }
  return target;
}

function onceWrap(target, type, listener) {
  const state = { fired: false, wrapFn: undefined, target, type, listener };
  const wrapped = function (...args) {
    if (!state.fired) {
      state.target.removeListener(state.type, state.wrapFn);
      state.fired = true;
      return state.listener.apply(state.target, args);
    }
    return undefined;
  };
  wrapped.listener = listener;
  state.wrapFn = wrapped;
  return wrapped;
}

function listenersOf(target, type, unwrap) {
  const events = target._events;
  if (events === undefined) return [];
  const l = events[type];
  if (l === undefined) return [];
  if (typeof l === 'function') return unwrap ? [l.listener || l] : [l];
  return unwrap ? l.map((f) => f.listener || f) : l.slice();
}

function addCatch(that, promise, type, args) {
  try {
    const then = promise.then;
    if (typeof then === 'function') {
      then.call(promise, undefined, (err) => {
        queueMicro(() => emitRejection(that, err, type, args));
      });
    }
  } catch (err) {
    that.emit('error', err);
  }
}

function emitRejection(ee, err, type, args) {
  if (typeof ee[kRejection] === 'function') {
    ee[kRejection](err, type, ...args);
    return;
  }
  const prev = ee[kCapture];
  try {
    ee[kCapture] = false;
    ee.emit('error', err);
  } finally {
    ee[kCapture] = prev;
  }
}

function listenerCountStatic(emitter, type) {
  if (typeof emitter.listenerCount === 'function') return emitter.listenerCount(type);
  return EEMethods.listenerCount.call(emitter, type);
}

function isEventTarget(v) {
  return v !== null && typeof v === 'object' && typeof v.addEventListener === 'function' && typeof v.on !== 'function';
}

// once(emitter, name[, {signal}]) resolves with the arguments of the next
// `name` event; an 'error' event first rejects.
function onceStatic(emitter, name, options = {}) {
  validateObject(options, 'options');
  const signal = options.signal;
  validateAbortSignal(signal, 'options.signal');
  if (signal && signal.aborted) return PromiseCtor.reject(abortError(signal));
  return new PromiseCtor((resolve, reject) => {
    let abort;
    if (isEventTarget(emitter)) {
      const listener = (...args) => {
        if (signal) signal.removeEventListener('abort', abort);
        resolve(args);
      };
      emitter.addEventListener(name, listener, { once: true });
      abort = () => {
        emitter.removeEventListener(name, listener);
        reject(abortError(signal));
      };
    } else {
      const errorListener = (err) => {
        emitter.removeListener(name, resolver);
        if (signal) signal.removeEventListener('abort', abort);
        reject(err);
      };
      const resolver = (...args) => {
        if (name !== 'error') emitter.removeListener('error', errorListener);
        if (signal) signal.removeEventListener('abort', abort);
        resolve(args);
      };
      emitter.once(name, resolver);
      if (name !== 'error') emitter.once('error', errorListener);
      abort = () => {
        emitter.removeListener(name, resolver);
        emitter.removeListener('error', errorListener);
        reject(abortError(signal));
      };
    }
    if (signal) signal.addEventListener('abort', abort, { once: true });
  });
}

// goja has no async generators, so no %AsyncIteratorPrototype% to inherit.
const AsyncIteratorPrototype = Object.prototype;

// on(emitter, name[, {signal}]) is an async iterator over the arguments of
// each `name` event; an 'error' event makes it throw.
function onStatic(emitter, event, options = {}) {
  validateObject(options, 'options');
  const signal = options.signal;
  validateAbortSignal(signal, 'options.signal');
  if (signal && signal.aborted) throw abortError(signal);
  const unconsumedEvents = [];
  const unconsumedPromises = [];
  let error = null;
  let finished = false;

  const eventHandler = (...args) => {
    const p = unconsumedPromises.shift();
    if (p) p.resolve({ value: args, done: false });
    else unconsumedEvents.push(args);
  };
  const errorHandler = (err) => {
    finished = true;
    const p = unconsumedPromises.shift();
    if (p) p.reject(err);
    else error = err;
    iterator.return();
  };
  const abortListener = () => errorHandler(abortError(signal));
  const removeAll = () => {
    if (isEventTarget(emitter)) {
      emitter.removeEventListener(event, eventHandler);
    } else {
      emitter.removeListener(event, eventHandler);
      emitter.removeListener('error', errorHandler);
    }
    if (signal) signal.removeEventListener('abort', abortListener);
  };
  const iterator = ObjectSetPrototypeOf({
    next() {
      const value = unconsumedEvents.shift();
      if (value) return PromiseResolve({ value, done: false });
      if (error) {
        const p = PromiseCtor.reject(error);
        error = null;
        return p;
      }
      if (finished) return PromiseResolve({ value: undefined, done: true });
      return new PromiseCtor((resolve, reject) => unconsumedPromises.push({ resolve, reject }));
    },
    return() {
      removeAll();
      finished = true;
      for (const p of unconsumedPromises) p.resolve({ value: undefined, done: true });
      unconsumedPromises.length = 0;
      return PromiseResolve({ value: undefined, done: true });
    },
    throw(err) {
      if (!(err instanceof Error)) throw errInvalidArgType('EventEmitter.AsyncIterator', 'Error', err);
      error = err;
      removeAll();
      return PromiseResolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() { return this; },
  }, AsyncIteratorPrototype);
  if (isEventTarget(emitter)) {
    emitter.addEventListener(event, eventHandler);
  } else {
    emitter.on(event, eventHandler);
    if (event !== 'error') emitter.on('error', errorHandler);
  }
  if (signal) signal.addEventListener('abort', abortListener, { once: true });
  return iterator;
}

EventEmitter.once = onceStatic;
EventEmitter.on = onStatic;
EventEmitter.listenerCount = listenerCountStatic;

function makeEventsModule() {
  return {
    EventEmitter,
    captureRejectionSymbol: kRejection,
    defaultMaxListeners: EventEmitter.defaultMaxListeners,
    errorMonitor: kErrorMonitor,
    listenerCount: listenerCountStatic,
    on: onStatic,
    once: onceStatic,
  };
}
