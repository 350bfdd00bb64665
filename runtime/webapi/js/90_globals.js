// performance, self, EdgeRuntime; then the built-ins are sealed.

const { exposeInterface, exposeValue, kInternal } = internal;

const timeOrigin = host.timeOrigin();

class Performance extends EventTarget {
  constructor(token) {
    if (token !== kInternal) throw new TypeError('Illegal constructor');
    super();
  }
  now() {
    return host.now();
  }
  get timeOrigin() {
    return timeOrigin;
  }
  toJSON() {
    return { timeOrigin };
  }
}
exposeInterface(Performance);
exposeValue('performance', new Performance(kInternal), false);

exposeValue('self', global, false);
// The global object's EventTarget methods (see 10_events.js).
for (const name of ['addEventListener', 'removeEventListener', 'dispatchEvent']) {
  Object.defineProperty(global, name, { value: EventTarget.prototype[name], writable: true, enumerable: true, configurable: true });
}
Object.defineProperty(global, 'EdgeRuntime', { value: 'edge-runtime', writable: false, enumerable: false, configurable: false });

internal.sealBuiltins();
