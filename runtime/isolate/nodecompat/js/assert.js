// node:assert — the functions Next.js picks, with Node 20's AssertionError.
const kReadable = {
  deepStrictEqual: 'Expected values to be strictly deep-equal:',
  strictEqual: 'Expected values to be strictly equal:',
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: 'Expected values to be loosely deep-equal:',
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: 'Values have same structure but are not reference-equal:',
};

function inspectForAssert(v) {
  return inspect(v, { compact: false, customInspect: false, depth: 1000, breakLength: Infinity, sorted: true });
}

// createErrDiff renders Node 20's "+ actual - expected" message: the two
// inspections compared line by line (positionally), long runs of equal
// lines elided with "...", equal trailing lines kept (at most three), and
// for short single-line values a caret under the first difference.
function createErrDiff(actual, expected, operator) {
  let other = '';
  let res = '';
  let end = '';
  let skipped = false;
  const actualInspected = inspectForAssert(actual);
  const actualLines = actualInspected.split('\n');
  const expectedLines = inspectForAssert(expected).split('\n');
  let i = 0;
  let indicator = '';
  if (operator === 'strictEqual' &&
      ((typeof actual === 'object' && actual !== null && typeof expected === 'object' && expected !== null) ||
       (typeof actual === 'function' && typeof expected === 'function'))) {
    operator = 'strictEqualObject';
  }
  if (actualLines.length === 1 && expectedLines.length === 1 && actualLines[0] !== expectedLines[0]) {
    const a = actualLines[0];
    const b = expectedLines[0];
    const inputLength = a.length + b.length;
    if (inputLength <= 12) {
      if ((typeof actual !== 'object' || actual === null) && (typeof expected !== 'object' || expected === null) &&
          (actual !== 0 || expected !== 0)) {
        return `${kReadable[operator]}\n\n${a} !== ${b}\n`;
      }
    } else if (operator !== 'strictEqualObject' && inputLength < 80) {
      while (a[i] === b[i]) i++;
      if (i > 2) indicator = `\n  ${' '.repeat(i)}^`;
      i = 0;
    }
  }
  // Equal trailing lines are kept aside (up to three shown).
  let a = actualLines[actualLines.length - 1];
  let b = expectedLines[expectedLines.length - 1];
  while (a === b) {
    if (i++ < 3) end = `\n  ${a}${end}`;
    else other = a;
    actualLines.pop();
    expectedLines.pop();
    if (actualLines.length === 0 || expectedLines.length === 0) break;
    a = actualLines[actualLines.length - 1];
    b = expectedLines[expectedLines.length - 1];
  }
  const maxLines = MathMax(actualLines.length, expectedLines.length);
  if (maxLines === 0) {
    const lines = actualInspected.split('\n');
    if (lines.length > 50) {
      lines[46] = '...';
      lines.length = 47;
    }
    return `${kReadable.notIdentical}\n\n${lines.join('\n')}\n`;
  }
  if (i >= 5) {
    end = `\n...${end}`;
    skipped = true;
  }
  if (other !== '') {
    end = `\n  ${other}${end}`;
    other = '';
  }
  let printedLines = 0;
  let lastPos = 0;
  // Equal lines shown after the start or a difference (the first two).
  let shownEqual = 0;
  const msg = `${kReadable[operator]}\n+ actual - expected`;
  const skippedMsg = ' ... Lines skipped';
  const contextBefore = (lines, at, cur) => {
    if (cur > 1 && at > 2) {
      if (cur > 4) {
        res += '\n...';
        skipped = true;
      }
      if (cur > 3) {
        res += `\n  ${lines[at - 2]}`;
        printedLines++;
      }
      res += `\n  ${lines[at - 1]}`;
      printedLines++;
    }
  };
  for (i = 0; i < maxLines; i++) {
    const cur = i - lastPos;
    if (actualLines.length < i + 1) {
      contextBefore(expectedLines, i, cur);
      lastPos = i;
      shownEqual = 0;
      other += `\n- ${expectedLines[i]}`;
      printedLines++;
    } else if (expectedLines.length < i + 1) {
      contextBefore(actualLines, i, cur);
      lastPos = i;
      shownEqual = 0;
      res += `\n+ ${actualLines[i]}`;
      printedLines++;
    } else {
      const expectedLine = expectedLines[i];
      let actualLine = actualLines[i];
      let diverging = actualLine !== expectedLine && (!actualLine.endsWith(',') || actualLine.slice(0, -1) !== expectedLine);
      if (diverging && expectedLine.endsWith(',') && expectedLine.slice(0, -1) === actualLine) {
        diverging = false;
        actualLine += ',';
      }
      if (diverging) {
        contextBefore(actualLines, i, cur);
        lastPos = i;
        shownEqual = 0;
        res += `\n+ ${actualLine}`;
        other += `\n- ${expectedLine}`;
        printedLines += 2;
      } else {
        res += other;
        other = '';
        if (++shownEqual <= 2) {
          res += `\n  ${actualLine}`;
          printedLines++;
        }
      }
    }
    if (printedLines > 50 && i < maxLines - 2) {
      return `${msg}${skippedMsg}\n${res}\n...${other}\n...`;
    }
  }
  return `${msg}${skipped ? skippedMsg : ''}\n${res}${other}${end}${indicator}`;
}

class AssertionError extends Error {
  constructor(options) {
    validateObject(options, 'options');
    const { message, operator, stackStartFn, details } = options;
    let { actual, expected } = options;
    void stackStartFn;
    void details;
    if (message != null && (operator === 'deepStrictEqual' || operator === 'strictEqual') && !(message instanceof Error)) {
      // Node 20 puts the custom message in place of the diff's heading.
      const diff = createErrDiff(actual, expected, operator);
      super(String(message) + diff.slice(diff.indexOf('\n')));
    } else if (message != null) {
      super(String(message));
    } else if (operator === 'deepStrictEqual' || operator === 'strictEqual') {
      super(createErrDiff(actual, expected, operator));
    } else if (operator === 'notDeepStrictEqual' || operator === 'notStrictEqual') {
      let base = kReadable[operator];
      const res = inspectForAssert(actual).split('\n');
      if (operator === 'notStrictEqual' && ((typeof actual === 'object' && actual !== null) || typeof actual === 'function')) {
        base = kReadable.notStrictEqualObject;
      }
      if (res.length === 1) super(`${base}${res[0].length > 5 ? '\n\n' : ' '}${res[0]}`);
      else super(`${base}\n\n${res.join('\n')}\n`);
    } else {
      let res = inspectForAssert(actual);
      let other = inspectForAssert(expected);
      const knownOperator = kReadable[operator];
      if (operator === 'notDeepEqual' && res === other) {
        res = `${knownOperator}\n\n${res}`;
        if (res.length > 1024) res = `${res.slice(0, 1021)}...`;
        super(res);
      } else {
        if (res.length > 512) res = `${res.slice(0, 509)}...`;
        if (other.length > 512) other = `${other.slice(0, 509)}...`;
        if (operator === 'deepEqual') res = `${knownOperator}\n\n${res}\n\nshould loosely deep-equal\n\n`;
        else {
          const newOp = kReadable[`${operator}Unequal`];
          if (newOp) res = `${newOp}\n\n${res}\n\nshould not loosely deep-equal\n\n`;
          else other = ` ${operator} ${other}`;
        }
        super(`${res}${other}`);
      }
    }
    this.generatedMessage = !message;
    this.code = 'ERR_ASSERTION';
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    setStack(this, 'AssertionError [ERR_ASSERTION]');
  }

  toString() { return `${this.name} [${this.code}]: ${this.message}`; }
}
ObjectDefineProperty(AssertionError.prototype, 'name', { value: 'AssertionError', writable: true, configurable: true, enumerable: false });

function innerFail(obj) {
  if (obj.message instanceof Error) throw obj.message;
  throw new AssertionError(obj);
}

// ---- deep equality (Node's rules: strict compares prototypes, tags,
// Object.is for primitives; loose uses == for primitives and ignores
// prototypes).
function isDeepEqual(a, b, strict, memos) {
  if (a === b) return a !== 0 || !strict || ObjectIs(a, b);
  if (strict) {
    if (typeof a !== 'object') return typeof a === 'number' && Number.isNaN(a) && Number.isNaN(b);
    if (typeof b !== 'object' || a === null || b === null) return false;
    if (ObjectGetPrototypeOf(a) !== ObjectGetPrototypeOf(b)) return false;
  } else {
    if (a === null || typeof a !== 'object') {
      if (b === null || typeof b !== 'object') {
        // eslint-disable-next-line eqeqeq
        return a == b || (Number.isNaN(a) && Number.isNaN(b));
      }
      return false;
    }
    if (b === null || typeof b !== 'object') return false;
  }
  const aTag = ObjectToString.call(a);
  if (aTag !== ObjectToString.call(b)) return false;
  if (ArrayIsArray(a) !== ArrayIsArray(b)) return false;
  if (isDate(a)) {
    if (!isDate(b) || a.getTime() !== b.getTime()) return false;
  } else if (isRegExp(a)) {
    if (!isRegExp(b) || a.source !== b.source || a.flags !== b.flags || a.lastIndex !== b.lastIndex) return false;
  } else if (isNativeError(a) || a instanceof Error) {
    if (!(isNativeError(b) || b instanceof Error) || a.message !== b.message || a.name !== b.name) return false;
  } else if (ArrayBuffer.isView(a)) {
    if (!ArrayBuffer.isView(b)) return false;
    if (typedArrayTag(a) !== typedArrayTag(b)) return false;
    if (!strict && (typedArrayTag(a) === 'Float32Array' || typedArrayTag(a) === 'Float64Array')) {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    } else {
      const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    }
    return keysEqual(a, b, strict, memos, ObjectKeys(a).filter((k) => String(k >>> 0) !== k));
  } else if (isArrayBuffer(a)) {
    if (!isArrayBuffer(b)) return false;
    const x = new Uint8Array(a);
    const y = new Uint8Array(b);
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  } else if (types.isBoxedPrimitive(a)) {
    if (!types.isBoxedPrimitive(b) || !ObjectIs(a.valueOf(), b.valueOf())) return false;
  } else if (types.isBoxedPrimitive(b)) {
    return false;
  }
  if (ArrayIsArray(a) && a.length !== b.length) return false;
  return keysEqual(a, b, strict, memos);
}

function keysEqual(a, b, strict, memos, keysOverride) {
  const aKeys = keysOverride || ObjectKeys(a);
  const bKeys = keysOverride ? ObjectKeys(b).filter((k) => String(k >>> 0) !== k) : ObjectKeys(b);
  if (aKeys.length !== bKeys.length) return false;
  for (const k of aKeys) {
    if (!Object.prototype.propertyIsEnumerable.call(b, k)) return false;
  }
  if (strict) {
    const aSyms = Object.getOwnPropertySymbols(a).filter((s) => Object.prototype.propertyIsEnumerable.call(a, s));
    const bSyms = Object.getOwnPropertySymbols(b).filter((s) => Object.prototype.propertyIsEnumerable.call(b, s));
    if (aSyms.length !== bSyms.length) return false;
    for (const s of aSyms) {
      if (!Object.prototype.propertyIsEnumerable.call(b, s)) return false;
      aKeys.push(s);
    }
  }
  // Cycle detection: a pair already under comparison counts as equal.
  if (memos === undefined) memos = { a: new Map(), b: new Map(), position: 0 };
  else {
    const ma = memos.a.get(a);
    if (ma !== undefined) {
      const mb = memos.b.get(b);
      if (mb !== undefined) return ma === mb;
    }
    memos.position++;
  }
  memos.a.set(a, memos.position);
  memos.b.set(b, memos.position);
  const ok = objEquiv(a, b, strict, aKeys, memos);
  memos.a.delete(a);
  memos.b.delete(b);
  return ok;
}

function objEquiv(a, b, strict, keys, memos) {
  if (ArrayIsArray(a)) {
    for (let i = 0; i < a.length; i++) {
      const ha = Object.prototype.hasOwnProperty.call(a, i);
      const hb = Object.prototype.hasOwnProperty.call(b, i);
      if (ha !== hb && strict) return false;
      if (!isDeepEqual(a[i], b[i], strict, memos)) return false;
    }
  } else if (isSet(a)) {
    if (!isSet(b) || a.size !== b.size || !setEquiv(a, b, strict, memos)) return false;
  } else if (isMap(a)) {
    if (!isMap(b) || a.size !== b.size || !mapEquiv(a, b, strict, memos)) return false;
  }
  for (const k of keys) {
    if (ArrayIsArray(a) && typeof k === 'string' && String(k >>> 0) === k) continue;
    if (!isDeepEqual(a[k], b[k], strict, memos)) return false;
  }
  return true;
}

function setEquiv(a, b, strict, memos) {
  const pending = [];
  for (const v of a) {
    if (b.has(v)) continue;
    if (typeof v === 'object' && v !== null) pending.push(v);
    else if (strict) return false;
    else pending.push(v);
  }
  if (pending.length === 0) return true;
  const candidates = [];
  for (const v of b) if (!a.has(v)) candidates.push(v);
  for (const v of pending) {
    const idx = candidates.findIndex((c) => isDeepEqual(v, c, strict, memos));
    if (idx === -1) return false;
    candidates.splice(idx, 1);
  }
  return true;
}

function mapEquiv(a, b, strict, memos) {
  const pending = [];
  for (const [k, v] of a) {
    if (b.has(k) && isDeepEqual(v, b.get(k), strict, memos)) continue;
    if (typeof k === 'object' && k !== null) pending.push([k, v]);
    else if (strict || b.has(k)) return false;
    else pending.push([k, v]);
  }
  if (pending.length === 0) return true;
  const candidates = [];
  for (const entry of b) if (!a.has(entry[0])) candidates.push(entry);
  for (const [k, v] of pending) {
    const idx = candidates.findIndex(([ck, cv]) => isDeepEqual(k, ck, strict, memos) && isDeepEqual(v, cv, strict, memos));
    if (idx === -1) return false;
    candidates.splice(idx, 1);
  }
  return true;
}

// ---- the assertion functions
function innerOk(fn, argLen, value, message) {
  if (!value) {
    let generatedMessage = false;
    if (argLen === 0) {
      generatedMessage = true;
      message = 'No value argument passed to `assert.ok()`';
    } else if (message == null) {
      // Node quotes the call's source here; Edgeplay cannot read it back.
      generatedMessage = true;
      message = `The expression evaluated to a falsy value:\n\n  assert.ok(${inspect(value)})\n`;
    } else if (message instanceof Error) {
      throw message;
    }
    const err = new AssertionError({ actual: value, expected: true, message, operator: '==', stackStartFn: fn });
    err.generatedMessage = generatedMessage;
    throw err;
  }
}

function ok(...args) { innerOk(ok, args.length, ...args); }

function requireArgs(n, count) {
  if (n < count) {
    throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "actual" and "expected" arguments must be specified');
  }
}

function equal(actual, expected, message) {
  requireArgs(arguments.length, 2);
  // eslint-disable-next-line eqeqeq
  if (actual != expected && (!Number.isNaN(actual) || !Number.isNaN(expected))) {
    innerFail({ actual, expected, message, operator: '==', stackStartFn: equal });
  }
}
function notEqual(actual, expected, message) {
  requireArgs(arguments.length, 2);
  // eslint-disable-next-line eqeqeq
  if (actual == expected || (Number.isNaN(actual) && Number.isNaN(expected))) {
    innerFail({ actual, expected, message, operator: '!=', stackStartFn: notEqual });
  }
}
function strictEqual(actual, expected, message) {
  requireArgs(arguments.length, 2);
  if (!ObjectIs(actual, expected)) innerFail({ actual, expected, message, operator: 'strictEqual', stackStartFn: strictEqual });
}
function notStrictEqual(actual, expected, message) {
  requireArgs(arguments.length, 2);
  if (ObjectIs(actual, expected)) innerFail({ actual, expected, message, operator: 'notStrictEqual', stackStartFn: notStrictEqual });
}
function deepEqual(actual, expected, message) {
  requireArgs(arguments.length, 2);
  if (!isDeepEqual(actual, expected, false)) innerFail({ actual, expected, message, operator: 'deepEqual', stackStartFn: deepEqual });
}
function notDeepEqual(actual, expected, message) {
  requireArgs(arguments.length, 2);
  if (isDeepEqual(actual, expected, false)) innerFail({ actual, expected, message, operator: 'notDeepEqual', stackStartFn: notDeepEqual });
}
function deepStrictEqual(actual, expected, message) {
  requireArgs(arguments.length, 2);
  if (!isDeepEqual(actual, expected, true)) innerFail({ actual, expected, message, operator: 'deepStrictEqual', stackStartFn: deepStrictEqual });
}
function notDeepStrictEqual(actual, expected, message) {
  requireArgs(arguments.length, 2);
  if (isDeepEqual(actual, expected, true)) innerFail({ actual, expected, message, operator: 'notDeepStrictEqual', stackStartFn: notDeepStrictEqual });
}

function fail(message) {
  if (message instanceof Error) throw message;
  const err = new AssertionError({ message: message === undefined ? 'Failed' : message, operator: 'fail', stackStartFn: fail });
  if (message === undefined) err.generatedMessage = true;
  throw err;
}

function ifError(err) {
  if (err !== null && err !== undefined) {
    let message = 'ifError got unwanted exception: ';
    if (typeof err === 'object' && typeof err.message === 'string') {
      if (err.message.length === 0 && err.constructor) message += err.constructor.name;
      else message += err.message;
    } else {
      message += inspect(err);
    }
    const newErr = new AssertionError({ actual: err, expected: null, operator: 'ifError', message, stackStartFn: ifError });
    newErr.generatedMessage = false;
    throw newErr;
  }
}

function internalMatch(string, regexp, message, fn, negate) {
  if (!isRegExp(regexp)) throw errInvalidArgType('regexp', 'RegExp', regexp);
  if (typeof string !== 'string' || regexp.test(string) === negate) {
    if (message instanceof Error) throw message;
    const generatedMessage = !message;
    message = message || (typeof string !== 'string'
      ? `The "string" argument must be of type string. Received type ${typeof string} (${inspect(string)})`
      : (negate ? 'The input was expected to not match the regular expression ' : 'The input did not match the regular expression ') +
        `${inspect(regexp)}. Input:\n\n${inspect(string)}\n`);
    const err = new AssertionError({ actual: string, expected: regexp, message, operator: fn.name, stackStartFn: fn });
    err.generatedMessage = generatedMessage;
    throw err;
  }
}
function match(string, regexp, message) { internalMatch(string, regexp, message, match, false); }
function doesNotMatch(string, regexp, message) { internalMatch(string, regexp, message, doesNotMatch, true); }

const NO_EXCEPTION = {};

function getActual(fn) {
  validateFunction(fn, 'fn');
  try {
    fn();
  } catch (e) {
    return e;
  }
  return NO_EXCEPTION;
}

async function waitForActual(promiseFn) {
  let resultPromise;
  if (typeof promiseFn === 'function') {
    resultPromise = promiseFn();
    if (!(resultPromise !== null && typeof resultPromise === 'object' && typeof resultPromise.then === 'function' && typeof resultPromise.catch === 'function')) {
      const shown = describeReceived(resultPromise).replace(/^ Received /, '');
      throw nodeError(TypeError, 'ERR_INVALID_RETURN_VALUE',
        `Expected instance of Promise to be returned from the "promiseFn" function but got ${shown}.`);
    }
  } else if (promiseFn !== null && typeof promiseFn === 'object' && typeof promiseFn.then === 'function' && typeof promiseFn.catch === 'function') {
    resultPromise = promiseFn;
  } else {
    throw errInvalidArgType('promiseFn', ['Function', 'Promise'], promiseFn);
  }
  try {
    await resultPromise;
  } catch (e) {
    return e;
  }
  return NO_EXCEPTION;
}

function expectedException(actual, expected, message, fn) {
  let generatedMessage = false;
  let throwError = false;
  if (typeof expected !== 'function') {
    if (isRegExp(expected)) {
      const str = String(actual);
      if (RegExp.prototype.exec.call(expected, str) !== null) return;
      if (!message) {
        generatedMessage = true;
        message = `The input did not match the regular expression ${inspect(expected)}. Input:\n\n${inspect(str)}\n`;
      }
      throwError = true;
    } else if (typeof actual !== 'object' || actual === null) {
      const err = new AssertionError({ actual, expected, message, operator: 'deepStrictEqual', stackStartFn: fn });
      err.operator = fn.name;
      throw err;
    } else {
      const keys = ObjectKeys(expected);
      if (expected instanceof Error) keys.push('name', 'message');
      else if (keys.length === 0) throw errInvalidArgValue('error', expected, 'may not be an empty object');
      for (const key of keys) {
        if (typeof actual[key] === 'string' && isRegExp(expected[key]) && RegExp.prototype.exec.call(expected[key], actual[key]) !== null) continue;
        if (!(key in actual) || !isDeepEqual(actual[key], expected[key], true)) {
          if (!message) {
            // Node compares copies restricted to the expected keys.
            const a = new Comparison(actual, keys);
            const b = new Comparison(expected, keys, actual);
            const err = new AssertionError({ actual: a, expected: b, operator: 'deepStrictEqual', stackStartFn: fn });
            err.actual = actual;
            err.expected = expected;
            err.operator = fn.name;
            throw err;
          }
          innerFail({ actual, expected, message, operator: fn.name, stackStartFn: fn });
        }
      }
      return;
    }
  } else if (expected.prototype !== undefined && actual instanceof expected) {
    return;
  } else if (Error.isPrototypeOf(expected) || expected === Error) {
    if (!message) {
      generatedMessage = true;
      message = 'The error is expected to be an instance of ' +
        `"${expected.name}". Received `;
      if (isNativeError(actual)) {
        const name = (actual.constructor && actual.constructor.name) || actual.name;
        message += expected.name === name ? 'an error with identical name but a different prototype.' : `"${name}"`;
        if (actual.message) message += `\n\nError message:\n\n${actual.message}`;
      } else {
        message += `"${inspect(actual, { depth: -1 })}"`;
      }
    }
    throwError = true;
  } else {
    const res = Reflect.apply(expected, {}, [actual]);
    if (res !== true) {
      if (!message) {
        generatedMessage = true;
        const name = expected.name ? `"${expected.name}" ` : '';
        message = `The ${name}validation function is expected to return "true". Received ${inspect(res)}`;
        if (isNativeError(actual)) message += `\n\nCaught error:\n\n${actual}`;
      }
      throwError = true;
    }
  }
  if (throwError) {
    const err = new AssertionError({ actual, expected, message, operator: fn.name, stackStartFn: fn });
    err.generatedMessage = generatedMessage;
    throw err;
  }
}

class Comparison {
  constructor(obj, keys, actual) {
    for (const key of keys) {
      if (key in obj) {
        if (actual !== undefined && typeof actual[key] === 'string' && isRegExp(obj[key]) && RegExp.prototype.exec.call(obj[key], actual[key]) !== null) {
          this[key] = actual[key];
        } else {
          this[key] = obj[key];
        }
      }
    }
  }
}

function expectsError(stackStartFn, actual, error, message) {
  if (typeof error === 'string') {
    if (arguments.length === 4) throw errInvalidArgType('error', ['Object', 'Error', 'Function', 'RegExp'], error);
    message = error;
    error = undefined;
  } else if (error != null && typeof error !== 'object' && typeof error !== 'function') {
    throw errInvalidArgType('error', ['Object', 'Error', 'Function', 'RegExp'], error);
  }
  if (actual === NO_EXCEPTION) {
    let details = '';
    if (error && error.name) details += ` (${error.name})`;
    details += message ? `: ${message}` : '.';
    const fnType = stackStartFn === rejects ? 'rejection' : 'exception';
    innerFail({ actual: undefined, expected: error, operator: stackStartFn.name, message: `Missing expected ${fnType}${details}`, stackStartFn });
  }
  if (!error) return;
  expectedException(actual, error, message, stackStartFn);
}

function expectsNoError(stackStartFn, actual, error, message) {
  if (actual === NO_EXCEPTION) return;
  if (typeof error === 'string') {
    message = error;
    error = undefined;
  }
  if (!error || (typeof error === 'function' && error.prototype !== undefined && actual instanceof error) ||
      (typeof error === 'function' && !(error.prototype !== undefined) && false)) {
    const details = message ? `: ${message}` : '.';
    const fnType = stackStartFn === doesNotReject ? 'rejection' : 'exception';
    innerFail({
      actual, expected: error, operator: stackStartFn.name,
      message: `Got unwanted ${fnType}${details}\nActual message: "${actual && actual.message}"`, stackStartFn,
    });
  }
  throw actual;
}

function throws(promiseFn, ...args) { expectsError(throws, getActual(promiseFn), ...args); }
async function rejects(promiseFn, ...args) { expectsError(rejects, await waitForActual(promiseFn), ...args); }
function doesNotThrow(fn, ...args) { expectsNoError(doesNotThrow, getActual(fn), ...args); }
async function doesNotReject(fn, ...args) { expectsNoError(doesNotReject, await waitForActual(fn), ...args); }

function strict(...args) { innerOk(strict, args.length, ...args); }
Object.assign(strict, {
  AssertionError, ok, fail, ifError, match, doesNotMatch, throws, rejects, doesNotThrow, doesNotReject,
  equal: strictEqual, notEqual: notStrictEqual, deepEqual: deepStrictEqual, notDeepEqual: notDeepStrictEqual,
  strictEqual, notStrictEqual, deepStrictEqual, notDeepStrictEqual,
});
strict.strict = strict;

function makeAssertModule() {
  return {
    AssertionError, deepEqual, deepStrictEqual, doesNotMatch, doesNotReject, doesNotThrow, equal, fail, ifError,
    match, notDeepEqual, notDeepStrictEqual, notEqual, notStrictEqual, ok, rejects, strict, strictEqual, throws,
  };
}
