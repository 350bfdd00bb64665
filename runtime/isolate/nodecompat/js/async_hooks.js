// node:async_hooks — AsyncLocalStorage and AsyncResource.
//
// The current context is a frame (a Map from AsyncLocalStorage to store)
// kept in Go. goja's AsyncContextTracker (installed on first use, see
// nodecompat.go) captures the frame whenever a promise reaction is
// registered — then/catch/finally and every `await` — and restores it when
// the reaction runs, so stores follow promise chains and async functions as
// in Node. Timer and host callbacks (setTimeout, setInterval, fetch
// internals) start in the empty frame: use AsyncResource or
// AsyncLocalStorage.bind/snapshot to carry a context into them.
//
// enterWith and disable change the frame of the running synchronous code;
// in Node that ends with the current execution. Here the tracker returns to
// the empty frame after every promise reaction, so they queue a no-op
// reaction: when the current task's code has returned, it runs and the
// frame is reset, and the next task (another request) never inherits it.
const emptyFrame = new Map();
const noop = () => {};

function resetAfterTask() {
  PromiseResolve().then(noop);
}
let asyncIdCounter = 1;

function currentFrame() {
  const f = host.getFrame();
  return f === undefined ? emptyFrame : f;
}

function runInFrame(frame, fn, thisArg, args) {
  const prev = host.getFrame();
  host.setFrame(frame);
  try {
    return Reflect.apply(fn, thisArg, args);
  } finally {
    host.setFrame(prev);
  }
}

class AsyncLocalStorage {
  #enabled = false;

  static bind(fn) {
    validateFunction(fn, 'fn');
    const frame = currentFrame();
    return function bound(...args) { return runInFrame(frame, fn, this, args); };
  }

  static snapshot() {
    const frame = currentFrame();
    return function runInAsyncScope(fn, ...args) { return runInFrame(frame, fn, this, args); };
  }

  disable() {
    if (this.#enabled) {
      this.#enabled = false;
      const f = currentFrame();
      if (f.has(this)) {
        const next = new Map(f);
        next.delete(this);
        host.setFrame(next);
        resetAfterTask();
      }
    }
  }

  getStore() {
    if (!this.#enabled) return undefined;
    return currentFrame().get(this);
  }

  enterWith(store) {
    this.#enabled = true;
    host.enableTracking();
    host.setFrame(new Map(currentFrame()).set(this, store));
    resetAfterTask();
  }

  run(store, callback, ...args) {
    this.#enabled = true;
    host.enableTracking();
    return runInFrame(new Map(currentFrame()).set(this, store), callback, null, args);
  }

  exit(callback, ...args) {
    if (!this.#enabled) return Reflect.apply(callback, null, args);
    const frame = new Map(currentFrame());
    frame.delete(this);
    return runInFrame(frame, callback, null, args);
  }
}

class AsyncResource {
  #frame;
  #asyncId;
  #triggerAsyncId;

  constructor(type, opts = {}) {
    validateString(type, 'type');
    let triggerAsyncId = opts;
    if (typeof opts !== 'number') triggerAsyncId = opts.triggerAsyncId === undefined ? 0 : opts.triggerAsyncId;
    this.#frame = currentFrame();
    this.#asyncId = ++asyncIdCounter;
    this.#triggerAsyncId = triggerAsyncId;
  }

  runInAsyncScope(fn, thisArg, ...args) {
    return runInFrame(this.#frame, fn, thisArg, args);
  }

  emitDestroy() { return this; }

  asyncId() { return this.#asyncId; }

  triggerAsyncId() { return this.#triggerAsyncId; }

  bind(fn, thisArg) {
    validateFunction(fn, 'fn');
    const resource = this;
    const bound = thisArg === undefined
      ? function (...args) { return resource.runInAsyncScope(fn, this, ...args); }
      : function (...args) { return resource.runInAsyncScope(fn, thisArg, ...args); };
    ObjectDefineProperty(bound, 'length', { value: fn.length, configurable: true });
    ObjectDefineProperty(bound, 'asyncResource', { value: this, configurable: true, enumerable: true, writable: true });
    return bound;
  }

  static bind(fn, type, thisArg) {
    type = type || fn.name || 'bound-anonymous-fn';
    return new AsyncResource(type).bind(fn, thisArg);
  }
}

function makeAsyncHooksModule() {
  return { AsyncLocalStorage, AsyncResource };
}
