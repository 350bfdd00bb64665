// node:util — format, inherits, promisify, callbackify, _extend (types
// comes from types.js).

// ---- format
const builtInCtors = new Set(['Object', 'Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError',
  'URIError', 'AggregateError', 'Array', 'Date', 'RegExp', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Promise', 'Function',
  'ArrayBuffer', 'DataView', 'Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array',
  'Float32Array', 'Float64Array', 'Uint8ClampedArray', 'BigInt64Array', 'BigUint64Array', 'Number', 'String',
  'Boolean', 'Symbol', 'BigInt']);

function hasBuiltInToString(value) {
  if (typeof value.toString !== 'function') return true;
  if (Object.prototype.hasOwnProperty.call(value, 'toString')) return false;
  let p = value;
  do { p = ObjectGetPrototypeOf(p); } while (p !== null && !Object.prototype.hasOwnProperty.call(p, 'toString'));
  if (p === null) return true;
  const d = Object.getOwnPropertyDescriptor(p, 'constructor');
  return d !== undefined && typeof d.value === 'function' && builtInCtors.has(d.value.name);
}

function formatNumber(n) { return ObjectIs(n, -0) ? '-0' : `${n}`; }

function format(...args) {
  const first = args[0];
  let a = 0;
  let str = '';
  let join = '';
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let lastPos = 0;
    let tempStr;
    for (let i = 0; i < first.length - 1; i++) {
      if (first.charCodeAt(i) !== 37) continue; // '%'
      const next = first.charCodeAt(++i);
      if (a + 1 !== args.length) {
        switch (next) {
          case 115: { // s
            const arg = args[++a];
            if (typeof arg === 'number') tempStr = formatNumber(arg);
            else if (typeof arg === 'bigint') tempStr = `${arg}n`;
            else if (typeof arg !== 'object' || arg === null || !hasBuiltInToString(arg)) tempStr = String(arg);
            else tempStr = inspect(arg, { depth: 0 });
            break;
          }
          case 106: // j
            tempStr = tryStringify(args[++a]);
            break;
          case 100: { // d
            const n = args[++a];
            if (typeof n === 'bigint') tempStr = `${n}n`;
            else if (typeof n === 'symbol') tempStr = 'NaN';
            else tempStr = formatNumber(Number(n));
            break;
          }
          case 79: // O
            tempStr = inspect(args[++a]);
            break;
          case 111: // o
            tempStr = inspect(args[++a], { showHidden: true, depth: 4 });
            break;
          case 105: { // i
            const n = args[++a];
            if (typeof n === 'bigint') tempStr = `${n}n`;
            else if (typeof n === 'symbol') tempStr = 'NaN';
            else tempStr = formatNumber(parseInt(n));
            break;
          }
          case 102: { // f
            const n = args[++a];
            tempStr = typeof n === 'symbol' ? 'NaN' : formatNumber(parseFloat(n));
            break;
          }
          case 99: // c
            a += 1;
            tempStr = '';
            break;
          case 37: // %
            str += first.slice(lastPos, i);
            lastPos = i + 1;
            continue;
          default:
            continue;
        }
        if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
        str += tempStr;
        lastPos = i + 1;
      } else if (next === 37) {
        str += first.slice(lastPos, i);
        lastPos = i + 1;
      }
    }
    if (lastPos !== 0) {
      a++;
      join = ' ';
      if (lastPos < first.length) str += first.slice(lastPos);
    }
  }
  while (a < args.length) {
    const v = args[a];
    str += join;
    str += typeof v !== 'string' ? inspect(v) : v;
    join = ' ';
    a++;
  }
  return str;
}

function tryStringify(v) {
  try {
    return JSON.stringify(v);
  } catch (err) {
    if (err && typeof err.message === 'string' && /circular/i.test(err.message)) return '[Circular]';
    throw err;
  }
}

// ---- inherits, _extend
function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) throw errInvalidArgType('ctor', 'Function', ctor);
  if (superCtor === undefined || superCtor === null) throw errInvalidArgType('superCtor', 'Function', superCtor);
  if (superCtor.prototype === undefined) throw errInvalidArgType('superCtor.prototype', 'Object', superCtor.prototype);
  ObjectDefineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  ObjectSetPrototypeOf(ctor.prototype, superCtor.prototype);
}

function _extend(target, source) {
  if (source === null || typeof source !== 'object') return target;
  const keys = ObjectKeys(source);
  let i = keys.length;
  while (i--) target[keys[i]] = source[keys[i]];
  return target;
}

// ---- promisify, callbackify
const kCustomPromisify = Symbol.for('nodejs.util.promisify.custom');

function promisify(original) {
  validateFunction(original, 'original');
  if (original[kCustomPromisify]) {
    const fn = original[kCustomPromisify];
    validateFunction(fn, 'util.promisify.custom');
    return ObjectDefineProperty(fn, kCustomPromisify, { value: fn, enumerable: false, writable: false, configurable: true });
  }
  function fn(...args) {
    return new PromiseCtor((resolve, reject) => {
      Reflect.apply(original, this, [...args, (err, ...values) => {
        if (err) return reject(err);
        resolve(values[0]);
      }]);
    });
  }
  ObjectSetPrototypeOf(fn, ObjectGetPrototypeOf(original));
  ObjectDefineProperty(fn, kCustomPromisify, { value: fn, enumerable: false, writable: false, configurable: true });
  const descriptors = Object.getOwnPropertyDescriptors(original);
  for (const k of Reflect.ownKeys(descriptors)) {
    try { ObjectDefineProperty(fn, k, descriptors[k]); } catch { /* non-configurable */ }
  }
  return fn;
}
promisify.custom = kCustomPromisify;

function callbackify(original) {
  validateFunction(original, 'original');
  function callbackified(...args) {
    const maybeCb = args.pop();
    validateFunction(maybeCb, 'last argument');
    const cb = maybeCb.bind(this);
    Reflect.apply(original, this, args).then(
      (ret) => queueMicro(() => cb(null, ret)),
      (rej) => queueMicro(() => {
        if (!rej) {
          const err = nodeError(Error, 'ERR_FALSY_VALUE_REJECTION', 'Promise was rejected with falsy value');
          err.reason = rej;
          rej = err;
        }
        cb(rej);
      }));
  }
  const descriptors = Object.getOwnPropertyDescriptors(original);
  if (descriptors.length && typeof descriptors.length.value === 'number') descriptors.length.value++;
  if (descriptors.name && typeof descriptors.name.value === 'string') descriptors.name.value += 'Callbackified';
  const proto = ObjectGetPrototypeOf(original);
  ObjectSetPrototypeOf(callbackified, proto);
  for (const k of Reflect.ownKeys(descriptors)) {
    if (k === 'prototype') continue;
    try { ObjectDefineProperty(callbackified, k, descriptors[k]); } catch { /* non-configurable */ }
  }
  return callbackified;
}

function makeUtilModule() {
  return { _extend, callbackify, format, inherits, promisify, types };
}
