// Shared internals: Node-style errors (code in the name while printing,
// `code` property) and argument validators, used by every module.
// Captured now so that user code replacing globals later changes nothing.
const ObjectDefineProperty = Object.defineProperty;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const ObjectKeys = Object.keys;
const ObjectIs = Object.is;
const ArrayIsArray = Array.isArray;
const NumberIsInteger = Number.isInteger;
const MathMin = Math.min;
const MathMax = Math.max;
const MathFloor = Math.floor;
const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype);
const TypedArrayProtoToStringTag = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const PromiseCtor = Promise;
const PromiseResolve = (v) => PromiseCtor.resolve(v);
const consoleWarn = (typeof console === 'object' && console && typeof console.warn === 'function') ? console.warn.bind(console) : () => {};
const queueMicro = typeof queueMicrotask === 'function' ? queueMicrotask : (fn) => { PromiseResolve().then(fn); };

function typedArrayTag(v) {
  return TypedArrayProtoToStringTag.call(v);
}

// defineNodeError makes an error class whose instances print as
// `Name [CODE]: message`, as Node's internal errors do.
function nodeError(Base, code, message) {
  const err = new Base(message);
  ObjectDefineProperty(err, 'code', { value: code, enumerable: true, writable: true, configurable: true });
  ObjectDefineProperty(err, 'toString', {
    value() { return `${this.name} [${code}]: ${this.message}`; },
    enumerable: false, writable: true, configurable: true,
  });
  setStack(err, `${err.name} [${code}]`);
  return err;
}

// setStack rewrites err.stack as Node shows it: the first line names the
// error as heading (e.g. "TypeError [ERR_X]") and the frames inside these
// built-ins are dropped, so the stack starts at the caller's code.
function setStack(err, heading) {
  try {
    const stack = err.stack;
    if (typeof stack !== 'string') return;
    const lines = stack.split('\n');
    const prefix = `${err.name}:`;
    let head = lines[0].startsWith(prefix) ? heading + lines[0].slice(err.name.length) : lines[0];
    const rest = [];
    let i = 1;
    // Lines of a multi-line message come before the first frame.
    for (; i < lines.length && !/^\s+at /.test(lines[i]); i++) head += `\n${lines[i]}`;
    for (; i < lines.length; i++) {
      if (!lines[i].includes('edgeplay:node-builtins.js')) rest.push(lines[i]);
    }
    ObjectDefineProperty(err, 'stack', {
      value: [head, ...rest].join('\n'), enumerable: false, writable: true, configurable: true,
    });
  } catch { /* stack unavailable */ }
}

function addNumericalSeparator(val) {
  let res = '';
  let i = val.length;
  const start = val[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) {
    res = `_${val.slice(i - 3, i)}${res}`;
  }
  return `${val.slice(0, i)}${res}`;
}

// describeReceived renders the "Received ..." tail of ERR_INVALID_ARG_TYPE.
function describeReceived(value) {
  if (value == null) return ` Received ${value}`;
  if (typeof value === 'function') return ` Received function ${value.name}`;
  if (typeof value === 'object') {
    const ctor = value.constructor;
    if (ctor && typeof ctor.name === 'string' && ctor.name !== '') {
      return ` Received an instance of ${ctor.name}`;
    }
    return ` Received ${inspect(value, { depth: -1 })}`;
  }
  let shown = inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

const classRe = /^([A-Z][a-z0-9]*)+$/;
const kTypes = ['string', 'function', 'number', 'object', 'Function', 'Object', 'boolean', 'bigint', 'symbol'];

function formatList(list, word = 'or') {
  if (list.length < 3) return list.join(` ${word} `);
  return `${list.slice(0, -1).join(', ')}, ${word} ${list[list.length - 1]}`;
}

// errInvalidArgType builds Node's ERR_INVALID_ARG_TYPE TypeError; expected
// lists type names ('string'), class names ('Buffer') or other phrases.
function errInvalidArgType(name, expected, actual) {
  if (!ArrayIsArray(expected)) expected = [expected];
  let msg = 'The ';
  if (name.endsWith(' argument')) {
    msg += `${name} `;
  } else {
    msg += `"${name}" ${name.includes('.') ? 'property' : 'argument'} `;
  }
  msg += 'must be ';
  const types = [];
  const instances = [];
  const other = [];
  for (const value of expected) {
    if (kTypes.includes(value)) types.push(value.toLowerCase());
    else if (classRe.test(value)) instances.push(value);
    else other.push(value);
  }
  if (instances.length > 0) {
    const pos = types.indexOf('object');
    if (pos !== -1) {
      types.splice(pos, 1);
      instances.push('Object');
    }
  }
  if (types.length > 0) {
    msg += `${types.length > 1 ? 'one of type' : 'of type'} ${formatList(types)}`;
    if (instances.length > 0 || other.length > 0) msg += ' or ';
  }
  if (instances.length > 0) {
    msg += `an instance of ${formatList(instances)}`;
    if (other.length > 0) msg += ' or ';
  }
  if (other.length > 0) {
    if (other.length > 1) msg += `one of ${formatList(other)}`;
    else {
      if (other[0].toLowerCase() !== other[0]) msg += 'an ';
      msg += `${other[0]}`;
    }
  }
  msg += '.' + describeReceived(actual);
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', msg);
}

function errOutOfRange(name, range, input, replaceDefaultBoolean) {
  let msg = replaceDefaultBoolean ? name : `The value of "${name}" is out of range.`;
  let received;
  if (NumberIsInteger(input) && Math.abs(input) > 2 ** 32) {
    received = addNumericalSeparator(String(input));
  } else if (typeof input === 'bigint') {
    received = String(input);
    if (input > 2n ** 32n || input < -(2n ** 32n)) received = addNumericalSeparator(received);
    received += 'n';
  } else {
    received = inspect(input);
  }
  msg += ` It must be ${range}. Received ${received}`;
  return nodeError(RangeError, 'ERR_OUT_OF_RANGE', msg);
}

function errInvalidArgValue(name, value, reason = 'is invalid') {
  const type = name.includes('.') ? 'property' : 'argument';
  let shown = inspect(value);
  if (shown.length > 128) shown = `${shown.slice(0, 128)}...`;
  return nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The ${type} '${name}' ${reason}. Received ${shown}`);
}

function errUnknownEncoding(enc) {
  return nodeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${enc}`);
}

function errBufferOutOfBounds(name) {
  return nodeError(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS',
    name ? `"${name}" is outside of buffer bounds` : 'Attempt to access memory outside buffer bounds');
}

function errMissingArgs(name) {
  return nodeError(TypeError, 'ERR_MISSING_ARGS', `The "${name}" argument must be specified`);
}

function validateFunction(value, name) {
  if (typeof value !== 'function') throw errInvalidArgType(name, 'Function', value);
}

function validateNumber(value, name, min, max) {
  if (typeof value !== 'number') throw errInvalidArgType(name, 'number', value);
  if ((min != null && value < min) || (max != null && value > max) ||
      ((min != null || max != null) && Number.isNaN(value))) {
    throw errOutOfRange(name,
      `${min != null ? `>= ${min}` : ''}${min != null && max != null ? ' && ' : ''}${max != null ? `<= ${max}` : ''}`,
      value);
  }
}

function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number') throw errInvalidArgType(name, 'number', value);
  if (!NumberIsInteger(value)) throw errOutOfRange(name, 'an integer', value);
  if (value < min || value > max) throw errOutOfRange(name, `>= ${min} && <= ${max}`, value);
}

function validateObject(value, name) {
  if (value === null || typeof value !== 'object' || ArrayIsArray(value)) {
    throw errInvalidArgType(name, 'Object', value);
  }
}

function validateString(value, name) {
  if (typeof value !== 'string') throw errInvalidArgType(name, 'string', value);
}

function validateAbortSignal(signal, name) {
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw errInvalidArgType(name, 'AbortSignal', signal);
  }
}

function abortError(signal) {
  const reason = signal ? signal.reason : undefined;
  const err = new Error('The operation was aborted', reason !== undefined ? { cause: reason } : undefined);
  err.name = 'AbortError';
  ObjectDefineProperty(err, 'code', { value: 'ABORT_ERR', enumerable: true, writable: true, configurable: true });
  return err;
}
