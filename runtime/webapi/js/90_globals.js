// performance, self, EdgeRuntime; then the built-ins are sealed.

const { exposeInterface, exposeValue, kInternal } = internal;

const timeOrigin = host.timeOrigin();

class Performance extends EventTarget {
  #brand = true;

  constructor(token = undefined) {
    if (token !== kInternal) throw new TypeError('Illegal constructor');
    super();
  }
  static #check(p) {
    if (!internal.isObject(p) || !(#brand in p)) throw new TypeError('Illegal invocation');
  }
  now() {
    Performance.#check(this);
    return host.now();
  }
  get timeOrigin() {
    Performance.#check(this);
    return timeOrigin;
  }
  toJSON() {
    Performance.#check(this);
    return { timeOrigin };
  }
}
exposeInterface(Performance);
exposeValue('performance', new Performance(kInternal), false);

exposeValue('self', global, false);
// addEventListener and removeEventListener on the global object, as Next's
// edge sandbox (edge-runtime) defines them: handlers for 'unhandledrejection'
// get { reason, promise } (internal.dispatchUnhandledRejection). There is no
// global dispatchEvent there, so none here (see 10_events.js).
for (const name of ['addEventListener', 'removeEventListener']) {
  Object.defineProperty(global, name, { value: EventTarget.prototype[name], writable: true, enumerable: true, configurable: true });
}
Object.defineProperty(global, 'EdgeRuntime', { value: 'edge-runtime', writable: false, enumerable: false, configurable: false });

internal.sealBuiltins();
