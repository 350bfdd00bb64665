// Streams Standard: ReadableStream (default and byte controllers, default
// and BYOB readers, tee, pipeTo/pipeThrough, async iteration, from),
// WritableStream, TransformStream and the queuing strategies.
//
// Contract with the other files (kept stable; all on `internal`):
//
//   ReadableStream                  the class
//   isReadableStream(x)             brand check
//   isReadableStreamLocked(s)       s has a reader
//   isReadableStreamDisturbed(s)    s was read from or cancelled
//   readableStreamCancel(s, reason) -> Promise<undefined>
//   createReadableStream({ pull, cancel, highWaterMark = 1, size, type })
//       the spec's "set up a ReadableStream" for other specs. pull() and
//       cancel(reason) are JS functions returning a promise or undefined
//       (a throw becomes a rejection). type 'bytes' sets the stream up with
//       byte reading support (size is then ignored; highWaterMark defaults
//       to 0). Returns the stream.
//   readableStreamEnqueue(s, chunk) enqueue on a stream from createReadableStream
//       (byte streams: chunk is an ArrayBufferView whose buffer is
//       transferred, i.e. detached on the caller's side)
//   readableStreamClose(s), readableStreamError(s, e)
//   readableStreamDesiredSize(s)    the controller's desired size (null if errored)
//   readableStreamFromBytes(u8)     a byte stream yielding one Uint8Array (a
//       copy of u8) then closing; empty input closes at once
//   readableStreamTee(s)            -> [branch1, branch2] (cloneForBranch2
//       false; the byte-stream tee for byte streams)
//   readAllBytes(s)                 -> Promise<Uint8Array>; the spec's "read
//       all bytes": locks s, TypeError for a chunk that is not a Uint8Array,
//       rejects with the stream's error
//   readAllBytesWith(s, successSteps, failureSteps) -> boolean; the same with
//       callbacks (no promise is resolved with the bytes, so a patched
//       Object.prototype.then cannot intercept them); false if s is locked
//   createTransformStream({ transform, flush, cancel })
//       transform(chunk, controller), flush(controller), cancel(reason): JS
//       functions returning a promise or undefined; controller has
//       enqueue(chunk), error(e), terminate(). Returns the TransformStream.
//   isWritableStream(x), isTransformStream(x)
//
// Design: every public object holds one private field #r, a plain record
// with the spec's internal slots (and `$`, the public object). The abstract
// operations below work on records; the classes only convert arguments,
// check brands and delegate. Promises are settled through captured
// intrinsics so that user code patching Promise.prototype.then or globals
// cannot change the platform's behaviour.

const { toDOMString, exposeInterface } = internal;
const ReflectApply = Reflect.apply;
const ObjectDefineProperty = Object.defineProperty;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const PromiseCtor = Promise;
const promiseThen = Promise.prototype.then;
const promiseResolveFn = Promise.resolve;
const promiseRejectFn = Promise.reject;
const callResolve = Function.prototype.call.bind(promiseResolveFn);
const callReject = Function.prototype.call.bind(promiseRejectFn);
const TypeErrorCtor = TypeError;
const RangeErrorCtor = RangeError;
const ArrayBufferCtor = ArrayBuffer;
const Uint8ArrayCtor = Uint8Array;
const DataViewCtor = DataView;
const ArrayBufferIsView = ArrayBuffer.isView;
const MathMin = Math.min;
const SymbolIterator = Symbol.iterator;
const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype);
const typedArrayTagGet = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const typedArrayBufferGet = Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'buffer').get;
const typedArrayByteOffsetGet = Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'byteOffset').get;
const typedArrayByteLengthGet = Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'byteLength').get;
const typedArrayLengthGet = Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'length').get;
const dataViewBufferGet = Object.getOwnPropertyDescriptor(DataView.prototype, 'buffer').get;
const dataViewByteOffsetGet = Object.getOwnPropertyDescriptor(DataView.prototype, 'byteOffset').get;
const dataViewByteLengthGet = Object.getOwnPropertyDescriptor(DataView.prototype, 'byteLength').get;
const arrayBufferByteLengthGet = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const arrayBufferSlice = ArrayBuffer.prototype.slice;
const typedArraySet = TypedArrayPrototype.set;
const abortSignalAbortedGet = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted').get;
const abortSignalReasonGet = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'reason').get;
const queueMicrotaskFn = typeof queueMicrotask === 'function' ? queueMicrotask : null;

const SymbolAsyncIterator = Symbol.asyncIterator; // defined by 41_es_additions.js

const typedArrayCtors = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};

// ---- promise helpers ----

const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';
const noop = () => {};
// resolvedWith is WebIDL's "a promise resolved with v": a new promise, so a
// thenable v takes the extra ticks of its then job (WPT checks that timing).
const resolvedWith = (v) => {
  if (!isObject(v)) return callResolve(PromiseCtor, v);
  return new PromiseCtor((resolve) => resolve(v));
};
const rejectedWith = (e) => callReject(PromiseCtor, e);
// callThen(p, onF, onR) is the intrinsic then, called without the argument
// array ReflectApply needs (a bound call: later patches cannot reach it).
const callThen = Function.prototype.call.bind(promiseThen);
const then = (p, onF, onR) => callThen(p, onF, onR);
// uponPromise reacts to p without creating an unhandled rejection (a
// reaction to fulfillment only still handles a rejection).
const uponPromise = (p, onF, onR = noop) => {
  callThen(p, onF, onR);
};
const setHandled = (p) => {
  callThen(p, undefined, noop);
};
const queueTask = (fn) => {
  if (queueMicrotaskFn !== null) queueMicrotaskFn(fn);
  else uponPromise(resolvedWith(undefined), fn);
};

// A deferred promise that remembers whether it is settled. (A class rather
// than closures: goja allocates less, and streams make one per operation.)
class Deferred {
  constructor() {
    this.state = 'pending';
    this.res = undefined;
    this.rej = undefined;
    this.promise = new PromiseCtor((res, rej) => {
      this.res = res;
      this.rej = rej;
    });
  }
  resolve(v) {
    if (this.state !== 'pending') return;
    this.state = 'fulfilled';
    this.res(v);
  }
  reject(e) {
    if (this.state !== 'pending') return;
    this.state = 'rejected';
    this.rej(e);
  }
}
ObjectSetPrototypeOf(Deferred.prototype, null);
const newDeferred = () => new Deferred();
function resolvedDeferred(v) {
  return { promise: resolvedWith(v), resolve: noop, reject: noop, state: 'fulfilled' };
}
function rejectedDeferred(e) {
  const p = rejectedWith(e);
  setHandled(p);
  return { promise: p, resolve: noop, reject: noop, state: 'rejected' };
}

// ReadRequest is a read request (chunk, close and error steps) that settles
// a promise. When the steps run before the caller asks for the promise (a
// chunk was queued), the promise is made already settled, which is the same
// to observers and allocates less.
class ReadRequest {
  constructor() {
    this.state = 0; // 0 pending, 1 fulfilled, 2 rejected
    this.value = undefined;
    this.res = undefined;
    this.rej = undefined;
  }
  settle(state, value) {
    if (this.res !== undefined) {
      if (state === 1) this.res(value);
      else this.rej(value);
      return;
    }
    this.state = state;
    this.value = value;
  }
  chunk(chunk) {
    this.settle(1, { value: chunk, done: false });
  }
  close(chunk) {
    this.settle(1, { value: chunk, done: true });
  }
  error(e) {
    this.settle(2, e);
  }
  promise() {
    if (this.state === 1) return callResolve(PromiseCtor, this.value);
    if (this.state === 2) return rejectedWith(this.value);
    return new PromiseCtor((res, rej) => {
      this.res = res;
      this.rej = rej;
    });
  }
}
ObjectSetPrototypeOf(ReadRequest.prototype, null);

// promiseCall calls fn with this and args and gives a promise (a throw is a rejection).
function promiseCall(fn, thisArg, args) {
  try {
    return resolvedWith(ReflectApply(fn, thisArg, args));
  } catch (e) {
    return rejectedWith(e);
  }
}

// ---- errors (Node's wording) ----

function stateError(msg) {
  const e = new TypeErrorCtor(`Invalid state: ${msg}`);
  ObjectDefineProperty(e, 'code', { value: 'ERR_INVALID_STATE', writable: true, configurable: true });
  return e;
}
function thisError(type) {
  const e = new TypeErrorCtor(`Value of "this" must be of type ${type}`);
  ObjectDefineProperty(e, 'code', { value: 'ERR_INVALID_THIS', writable: true, configurable: true });
  return e;
}
function argError(msg) {
  const e = new TypeErrorCtor(msg);
  ObjectDefineProperty(e, 'code', { value: 'ERR_INVALID_ARG_TYPE', writable: true, configurable: true });
  return e;
}

// ---- buffers ----

const typedArrayName = (v) => ReflectApply(typedArrayTagGet, v, []);
// viewBuffer, viewByteOffset and viewByteLength read an ArrayBufferView's
// slots through the intrinsic getters (user code may patch the public ones).
function viewBuffer(v) {
  return typedArrayName(v) !== undefined ? ReflectApply(typedArrayBufferGet, v, []) : ReflectApply(dataViewBufferGet, v, []);
}
function viewByteOffset(v) {
  if (typedArrayName(v) !== undefined) return ReflectApply(typedArrayByteOffsetGet, v, []);
  return host.isDetached(ReflectApply(dataViewBufferGet, v, [])) ? 0 : ReflectApply(dataViewByteOffsetGet, v, []);
}
function viewByteLength(v) {
  if (typedArrayName(v) !== undefined) return ReflectApply(typedArrayByteLengthGet, v, []);
  return host.isDetached(ReflectApply(dataViewBufferGet, v, [])) ? 0 : ReflectApply(dataViewByteLengthGet, v, []);
}
const bufferByteLength = (b) => ReflectApply(arrayBufferByteLengthGet, b, []);
const isDetached = (b) => host.isDetached(b);
function elementSizeOf(name) {
  switch (name) {
    case 'Int8Array': case 'Uint8Array': case 'Uint8ClampedArray': return 1;
    case 'Int16Array': case 'Uint16Array': case 'Float16Array': return 2;
    case 'Int32Array': case 'Uint32Array': case 'Float32Array': return 4;
    default: return 8;
  }
}

// transferArrayBuffer moves b's bytes to a new ArrayBuffer and detaches b.
function transferArrayBuffer(b) {
  const moved = host.transferBuffer(b);
  if (moved === null) throw new TypeErrorCtor('Cannot transfer a detached ArrayBuffer');
  host.detach(b);
  return moved;
}
function cloneArrayBuffer(b, offset, length) {
  return ReflectApply(arrayBufferSlice, b, [offset, offset + length]);
}
function copyDataBlockBytes(dest, destOffset, src, srcOffset, n) {
  ReflectApply(typedArraySet, new Uint8ArrayCtor(dest, destOffset, n), [new Uint8ArrayCtor(src, srcOffset, n)]);
}

// ---- a FIFO queue ----

class Queue {
  constructor() {
    this.items = [];
    this.head = 0;
  }
  get length() {
    return this.items.length - this.head;
  }
  push(x) {
    this.items[this.items.length] = x;
  }
  shift() {
    const x = this.items[this.head];
    this.items[this.head] = undefined;
    this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }
  peek() {
    return this.items[this.head];
  }
  forEach(fn) {
    for (let i = this.head; i < this.items.length; i++) fn(this.items[i]);
  }
}
ObjectSetPrototypeOf(Queue.prototype, null);

// ---- WebIDL conversions ----

function toDict(v, what) {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) throw new TypeErrorCtor(`${what} must be an object`);
  return v;
}
function toCallback(v, what) {
  if (v === undefined) return undefined;
  if (typeof v !== 'function') throw new TypeErrorCtor(`${what} must be a function`);
  return v;
}
function toUnrestrictedDouble(v) {
  return +v;
}
function toEnforceRangeULL(v, what) {
  const n = +v;
  if (n !== n || n === Infinity || n === -Infinity) throw new TypeErrorCtor(`${what} must be a finite number`);
  const t = Math.trunc(n);
  if (t < 0 || t > Number.MAX_SAFE_INTEGER) throw new TypeErrorCtor(`${what} is outside the accepted range`);
  return t + 0;
}
function toBoolean(v) {
  return !!v;
}

// QueuingStrategy dictionary: highWaterMark, size.
function convertStrategy(v, what) {
  const d = toDict(v, what);
  const out = { highWaterMark: undefined, size: undefined };
  if (d === null) return out;
  const hwm = d.highWaterMark;
  if (hwm !== undefined) out.highWaterMark = toUnrestrictedDouble(hwm);
  out.size = toCallback(d.size, `${what}.size`);
  return out;
}
function extractHighWaterMark(strategy, defaultHWM) {
  if (strategy.highWaterMark === undefined) return defaultHWM;
  const hwm = strategy.highWaterMark;
  if (hwm !== hwm || hwm < 0) throw new RangeErrorCtor('Invalid highWaterMark');
  return hwm;
}
function extractSizeAlgorithm(strategy) {
  const size = strategy.size;
  if (size === undefined) return () => 1;
  return (chunk) => ReflectApply(size, undefined, [chunk]);
}

// ---- queue-with-sizes ----

function isNonNegativeNumber(v) {
  return typeof v === 'number' && v === v && v >= 0;
}
function enqueueValueWithSize(c, value, size) {
  if (!isNonNegativeNumber(size) || size === Infinity) {
    throw new RangeErrorCtor('The return value of a queuing strategy\'s size function must be a finite, non-NaN, non-negative number');
  }
  // Value and size take two slots: no pair object per chunk.
  c.queue.push(value);
  c.queue.push(size);
  c.queueTotalSize += size;
}
function dequeueValue(c) {
  const value = c.queue.shift();
  c.queueTotalSize -= c.queue.shift();
  if (c.queueTotalSize < 0) c.queueTotalSize = 0;
  return value;
}
function peekQueueValue(c) {
  return c.queue.peek();
}
function resetQueue(c) {
  c.queue = new Queue();
  c.queueTotalSize = 0;
}

// Record accessors, filled in by the classes' static blocks.
let RS = null; // (x) => ReadableStream record or undefined
let newReadableStream = null; // () => record
let newDefaultReader = null;
let newBYOBReader = null;
let newDefaultController = null;
let newByteController = null;
let newBYOBRequest = null;
let WS = null;
let newWritableStream = null;
let newWriter = null;
let newWritableController = null;
let TS = null;
let newTransformStream = null;
let newTransformController = null;
let DR = null;
let BR = null;
let WR = null;

const kCreate = Symbol('create');

// =====================================================================
// ReadableStream abstract operations
// =====================================================================

function initializeReadableStream(stream) {
  stream.state = 'readable';
  stream.reader = undefined;
  stream.storedError = undefined;
  stream.disturbed = false;
}

function isReadableStreamLocked(stream) {
  return stream.reader !== undefined;
}

function createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark = 1, sizeAlgorithm = () => 1) {
  const stream = newReadableStream();
  const controller = newDefaultController();
  setUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm);
  return stream;
}

function createReadableByteStream(startAlgorithm, pullAlgorithm, cancelAlgorithm) {
  const stream = newReadableStream();
  const controller = newByteController();
  setUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, 0, undefined);
  return stream;
}

function acquireReadableStreamDefaultReader(stream) {
  const reader = newDefaultReader();
  setUpReadableStreamDefaultReader(reader, stream);
  return reader;
}

function acquireReadableStreamBYOBReader(stream) {
  const reader = newBYOBReader();
  setUpReadableStreamBYOBReader(reader, stream);
  return reader;
}

function readableStreamCancel(stream, reason) {
  stream.disturbed = true;
  if (stream.state === 'closed') return resolvedWith(undefined);
  if (stream.state === 'errored') return rejectedWith(stream.storedError);
  readableStreamClose(stream);
  const reader = stream.reader;
  if (reader !== undefined && reader.type === 'byob') {
    const requests = reader.readIntoRequests;
    reader.readIntoRequests = new Queue();
    requests.forEach((req) => req.close(undefined));
  }
  const sourceCancelPromise = stream.controller.cancelSteps(reason);
  return then(sourceCancelPromise, noop);
}

function readableStreamClose(stream) {
  stream.state = 'closed';
  const reader = stream.reader;
  if (reader === undefined) return;
  reader.closedPromise.resolve(undefined);
  if (reader.type === 'default') {
    const requests = reader.readRequests;
    reader.readRequests = new Queue();
    requests.forEach((req) => req.close());
  }
}

function readableStreamError(stream, e) {
  stream.state = 'errored';
  stream.storedError = e;
  const reader = stream.reader;
  if (reader === undefined) return;
  reader.closedPromise.reject(e);
  setHandled(reader.closedPromise.promise);
  if (reader.type === 'default') readableStreamDefaultReaderErrorReadRequests(reader, e);
  else readableStreamBYOBReaderErrorReadIntoRequests(reader, e);
}

function readableStreamAddReadRequest(stream, req) {
  stream.reader.readRequests.push(req);
}
function readableStreamAddReadIntoRequest(stream, req) {
  stream.reader.readIntoRequests.push(req);
}
function readableStreamFulfillReadRequest(stream, chunk, done) {
  const req = stream.reader.readRequests.shift();
  if (done) req.close();
  else req.chunk(chunk);
}
function readableStreamFulfillReadIntoRequest(stream, chunk, done) {
  const req = stream.reader.readIntoRequests.shift();
  if (done) req.close(chunk);
  else req.chunk(chunk);
}
function readableStreamGetNumReadRequests(stream) {
  return stream.reader.readRequests.length;
}
function readableStreamGetNumReadIntoRequests(stream) {
  return stream.reader.readIntoRequests.length;
}
function readableStreamHasDefaultReader(stream) {
  const reader = stream.reader;
  return reader !== undefined && reader.type === 'default';
}
function readableStreamHasBYOBReader(stream) {
  const reader = stream.reader;
  return reader !== undefined && reader.type === 'byob';
}

// ---- readers ----

function readableStreamReaderGenericInitialize(reader, stream) {
  reader.stream = stream;
  stream.reader = reader;
  if (stream.state === 'readable') reader.closedPromise = newDeferred();
  else if (stream.state === 'closed') reader.closedPromise = resolvedDeferred(undefined);
  else reader.closedPromise = rejectedDeferred(stream.storedError);
}

function readableStreamReaderGenericCancel(reader, reason) {
  return readableStreamCancel(reader.stream, reason);
}

function readableStreamReaderGenericRelease(reader) {
  const stream = reader.stream;
  const err = stateError('Reader released');
  if (stream.state === 'readable') reader.closedPromise.reject(err);
  else reader.closedPromise = rejectedDeferred(err);
  setHandled(reader.closedPromise.promise);
  stream.controller.releaseSteps();
  stream.reader = undefined;
  reader.stream = undefined;
}

function readableStreamDefaultReaderErrorReadRequests(reader, e) {
  const requests = reader.readRequests;
  reader.readRequests = new Queue();
  requests.forEach((req) => req.error(e));
}

function readableStreamBYOBReaderErrorReadIntoRequests(reader, e) {
  const requests = reader.readIntoRequests;
  reader.readIntoRequests = new Queue();
  requests.forEach((req) => req.error(e));
}

function readableStreamDefaultReaderRead(reader, readRequest) {
  const stream = reader.stream;
  stream.disturbed = true;
  if (stream.state === 'closed') readRequest.close();
  else if (stream.state === 'errored') readRequest.error(stream.storedError);
  else stream.controller.pullSteps(readRequest);
}

function readableStreamDefaultReaderRelease(reader) {
  readableStreamReaderGenericRelease(reader);
  readableStreamDefaultReaderErrorReadRequests(reader, stateError('Releasing reader'));
}

function readableStreamBYOBReaderRelease(reader) {
  readableStreamReaderGenericRelease(reader);
  readableStreamBYOBReaderErrorReadIntoRequests(reader, stateError('Releasing reader'));
}

function readableStreamBYOBReaderRead(reader, view, min, readIntoRequest) {
  const stream = reader.stream;
  stream.disturbed = true;
  if (stream.state === 'errored') readIntoRequest.error(stream.storedError);
  else readableByteStreamControllerPullInto(stream.controller, view, min, readIntoRequest);
}

function setUpReadableStreamDefaultReader(reader, stream) {
  if (isReadableStreamLocked(stream)) throw stateError('ReadableStream is locked');
  readableStreamReaderGenericInitialize(reader, stream);
  reader.readRequests = new Queue();
}

function setUpReadableStreamBYOBReader(reader, stream) {
  if (isReadableStreamLocked(stream)) throw stateError('ReadableStream is locked');
  if (stream.controller.type !== 'byte') {
    throw new TypeErrorCtor('Cannot use a BYOB reader with a non-byte stream');
  }
  readableStreamReaderGenericInitialize(reader, stream);
  reader.readIntoRequests = new Queue();
}

// ---- ReadableStreamDefaultController ----

function readableStreamDefaultControllerCallPullIfNeeded(c) {
  if (!readableStreamDefaultControllerShouldCallPull(c)) return;
  if (c.pulling) {
    c.pullAgain = true;
    return;
  }
  c.pulling = true;
  const pullPromise = c.pullAlgorithm();
  uponPromise(pullPromise, () => {
    c.pulling = false;
    if (c.pullAgain) {
      c.pullAgain = false;
      readableStreamDefaultControllerCallPullIfNeeded(c);
    }
  }, (e) => {
    readableStreamDefaultControllerError(c, e);
  });
}

function readableStreamDefaultControllerShouldCallPull(c) {
  const stream = c.stream;
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return false;
  if (!c.started) return false;
  if (isReadableStreamLocked(stream) && readableStreamGetNumReadRequests(stream) > 0) return true;
  const desiredSize = readableStreamDefaultControllerGetDesiredSize(c);
  return desiredSize > 0;
}

function readableStreamDefaultControllerClearAlgorithms(c) {
  c.pullAlgorithm = undefined;
  c.cancelAlgorithm = undefined;
  c.strategySizeAlgorithm = undefined;
}

function readableStreamDefaultControllerClose(c) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return;
  c.closeRequested = true;
  if (c.queue.length === 0) {
    readableStreamDefaultControllerClearAlgorithms(c);
    readableStreamClose(c.stream);
  }
}

function readableStreamDefaultControllerEnqueue(c, chunk) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return;
  const stream = c.stream;
  if (isReadableStreamLocked(stream) && readableStreamGetNumReadRequests(stream) > 0) {
    readableStreamFulfillReadRequest(stream, chunk, false);
  } else {
    let chunkSize;
    try {
      chunkSize = c.strategySizeAlgorithm(chunk);
    } catch (e) {
      readableStreamDefaultControllerError(c, e);
      throw e;
    }
    try {
      enqueueValueWithSize(c, chunk, chunkSize);
    } catch (e) {
      readableStreamDefaultControllerError(c, e);
      throw e;
    }
  }
  readableStreamDefaultControllerCallPullIfNeeded(c);
}

function readableStreamDefaultControllerError(c, e) {
  const stream = c.stream;
  if (stream.state !== 'readable') return;
  resetQueue(c);
  readableStreamDefaultControllerClearAlgorithms(c);
  readableStreamError(stream, e);
}

function readableStreamDefaultControllerGetDesiredSize(c) {
  const state = c.stream.state;
  if (state === 'errored') return null;
  if (state === 'closed') return 0;
  return c.strategyHWM - c.queueTotalSize;
}

function readableStreamDefaultControllerHasBackpressure(c) {
  return !readableStreamDefaultControllerShouldCallPull(c);
}

function readableStreamDefaultControllerCanCloseOrEnqueue(c) {
  return !c.closeRequested && c.stream.state === 'readable';
}

function defaultControllerCancelSteps(reason) {
  resetQueue(this);
  const result = this.cancelAlgorithm(reason);
  readableStreamDefaultControllerClearAlgorithms(this);
  return result;
}

function defaultControllerPullSteps(readRequest) {
  const stream = this.stream;
  if (this.queue.length > 0) {
    const chunk = dequeueValue(this);
    if (this.closeRequested && this.queue.length === 0) {
      readableStreamDefaultControllerClearAlgorithms(this);
      readableStreamClose(stream);
    } else {
      readableStreamDefaultControllerCallPullIfNeeded(this);
    }
    readRequest.chunk(chunk);
  } else {
    readableStreamAddReadRequest(stream, readRequest);
    readableStreamDefaultControllerCallPullIfNeeded(this);
  }
}

function setUpReadableStreamDefaultController(stream, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm) {
  c.stream = stream;
  resetQueue(c);
  c.started = false;
  c.closeRequested = false;
  c.pullAgain = false;
  c.pulling = false;
  c.strategySizeAlgorithm = sizeAlgorithm;
  c.strategyHWM = highWaterMark;
  c.pullAlgorithm = pullAlgorithm;
  c.cancelAlgorithm = cancelAlgorithm;
  stream.controller = c;
  const startResult = startAlgorithm();
  uponPromise(resolvedWith(startResult), () => {
    c.started = true;
    readableStreamDefaultControllerCallPullIfNeeded(c);
  }, (r) => {
    readableStreamDefaultControllerError(c, r);
  });
}

function setUpReadableStreamDefaultControllerFromUnderlyingSource(stream, source, dict, highWaterMark, sizeAlgorithm) {
  const c = newDefaultController();
  let startAlgorithm = () => undefined;
  let pullAlgorithm = () => resolvedWith(undefined);
  let cancelAlgorithm = () => resolvedWith(undefined);
  if (dict.start !== undefined) startAlgorithm = () => ReflectApply(dict.start, source, [c.$]);
  if (dict.pull !== undefined) pullAlgorithm = () => promiseCall(dict.pull, source, [c.$]);
  if (dict.cancel !== undefined) cancelAlgorithm = (reason) => promiseCall(dict.cancel, source, [reason]);
  setUpReadableStreamDefaultController(stream, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm);
}

// ---- ReadableByteStreamController ----

function readableByteStreamControllerCallPullIfNeeded(c) {
  if (!readableByteStreamControllerShouldCallPull(c)) return;
  if (c.pulling) {
    c.pullAgain = true;
    return;
  }
  c.pulling = true;
  const pullPromise = c.pullAlgorithm();
  uponPromise(pullPromise, () => {
    c.pulling = false;
    if (c.pullAgain) {
      c.pullAgain = false;
      readableByteStreamControllerCallPullIfNeeded(c);
    }
  }, (e) => {
    readableByteStreamControllerError(c, e);
  });
}

function readableByteStreamControllerClearAlgorithms(c) {
  c.pullAlgorithm = undefined;
  c.cancelAlgorithm = undefined;
}

function readableByteStreamControllerClearPendingPullIntos(c) {
  readableByteStreamControllerInvalidateBYOBRequest(c);
  c.pendingPullIntos = [];
}

function readableByteStreamControllerClose(c) {
  const stream = c.stream;
  if (c.closeRequested || stream.state !== 'readable') return;
  if (c.queueTotalSize > 0) {
    c.closeRequested = true;
    return;
  }
  if (c.pendingPullIntos.length > 0) {
    const first = c.pendingPullIntos[0];
    if (first.bytesFilled % first.elementSize !== 0) {
      const e = new TypeErrorCtor('Insufficient bytes to fill elements in the given buffer');
      readableByteStreamControllerError(c, e);
      throw e;
    }
  }
  readableByteStreamControllerClearAlgorithms(c);
  readableStreamClose(stream);
}

function readableByteStreamControllerCommitPullIntoDescriptor(stream, desc) {
  let done = false;
  if (stream.state === 'closed') done = true;
  const filledView = readableByteStreamControllerConvertPullIntoDescriptor(desc);
  if (desc.readerType === 'default') readableStreamFulfillReadRequest(stream, filledView, done);
  else readableStreamFulfillReadIntoRequest(stream, filledView, done);
}

function readableByteStreamControllerConvertPullIntoDescriptor(desc) {
  const buffer = transferArrayBuffer(desc.buffer);
  return new desc.viewConstructor(buffer, desc.byteOffset, desc.bytesFilled / desc.elementSize);
}

function readableByteStreamControllerEnqueue(c, chunk) {
  const stream = c.stream;
  if (c.closeRequested || stream.state !== 'readable') return;
  const buffer = viewBuffer(chunk);
  const byteOffset = viewByteOffset(chunk);
  const byteLength = viewByteLength(chunk);
  if (isDetached(buffer)) throw new TypeErrorCtor('chunk\'s buffer is detached and so cannot be enqueued');
  const transferredBuffer = transferArrayBuffer(buffer);
  if (c.pendingPullIntos.length > 0) {
    const first = c.pendingPullIntos[0];
    if (isDetached(first.buffer)) {
      throw new TypeErrorCtor('The BYOB request\'s buffer has been detached and so cannot be filled with an enqueued chunk');
    }
    readableByteStreamControllerInvalidateBYOBRequest(c);
    first.buffer = transferArrayBuffer(first.buffer);
    if (first.readerType === 'none') readableByteStreamControllerEnqueueDetachedPullIntoToQueue(c, first);
  }
  if (readableStreamHasDefaultReader(stream)) {
    readableByteStreamControllerProcessReadRequestsUsingQueue(c);
    if (readableStreamGetNumReadRequests(stream) === 0) {
      readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
    } else {
      if (c.pendingPullIntos.length > 0) readableByteStreamControllerShiftPendingPullInto(c);
      const transferredView = new Uint8ArrayCtor(transferredBuffer, byteOffset, byteLength);
      readableStreamFulfillReadRequest(stream, transferredView, false);
    }
  } else if (readableStreamHasBYOBReader(stream)) {
    readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
    const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
    for (const desc of filled) readableByteStreamControllerCommitPullIntoDescriptor(stream, desc);
  } else {
    readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
  }
  readableByteStreamControllerCallPullIfNeeded(c);
}

function readableByteStreamControllerEnqueueChunkToQueue(c, buffer, byteOffset, byteLength) {
  c.queue.push({ buffer, byteOffset, byteLength });
  c.queueTotalSize += byteLength;
}

function readableByteStreamControllerEnqueueClonedChunkToQueue(c, buffer, byteOffset, byteLength) {
  let clone;
  try {
    clone = cloneArrayBuffer(buffer, byteOffset, byteLength);
  } catch (e) {
    readableByteStreamControllerError(c, e);
    throw e;
  }
  readableByteStreamControllerEnqueueChunkToQueue(c, clone, 0, byteLength);
}

function readableByteStreamControllerEnqueueDetachedPullIntoToQueue(c, desc) {
  if (desc.bytesFilled > 0) {
    readableByteStreamControllerEnqueueClonedChunkToQueue(c, desc.buffer, desc.byteOffset, desc.bytesFilled);
  }
  readableByteStreamControllerShiftPendingPullInto(c);
}

function readableByteStreamControllerError(c, e) {
  const stream = c.stream;
  if (stream.state !== 'readable') return;
  readableByteStreamControllerClearPendingPullIntos(c);
  resetQueue(c);
  readableByteStreamControllerClearAlgorithms(c);
  readableStreamError(stream, e);
}

function readableByteStreamControllerFillHeadPullIntoDescriptor(c, size, desc) {
  desc.bytesFilled += size;
}

function readableByteStreamControllerFillPullIntoDescriptorFromQueue(c, desc) {
  const maxBytesToCopy = MathMin(c.queueTotalSize, desc.byteLength - desc.bytesFilled);
  const maxBytesFilled = desc.bytesFilled + maxBytesToCopy;
  let totalBytesToCopyRemaining = maxBytesToCopy;
  let ready = false;
  const remainderBytes = maxBytesFilled % desc.elementSize;
  const maxAlignedBytes = maxBytesFilled - remainderBytes;
  if (maxAlignedBytes >= desc.minimumFill) {
    totalBytesToCopyRemaining = maxAlignedBytes - desc.bytesFilled;
    ready = true;
  }
  const queue = c.queue;
  while (totalBytesToCopyRemaining > 0) {
    const head = queue.peek();
    const bytesToCopy = MathMin(totalBytesToCopyRemaining, head.byteLength);
    const destStart = desc.byteOffset + desc.bytesFilled;
    copyDataBlockBytes(desc.buffer, destStart, head.buffer, head.byteOffset, bytesToCopy);
    if (head.byteLength === bytesToCopy) {
      queue.shift();
    } else {
      head.byteOffset += bytesToCopy;
      head.byteLength -= bytesToCopy;
    }
    c.queueTotalSize -= bytesToCopy;
    readableByteStreamControllerFillHeadPullIntoDescriptor(c, bytesToCopy, desc);
    totalBytesToCopyRemaining -= bytesToCopy;
  }
  return ready;
}

function readableByteStreamControllerFillReadRequestFromQueue(c, readRequest) {
  const entry = c.queue.shift();
  c.queueTotalSize -= entry.byteLength;
  readableByteStreamControllerHandleQueueDrain(c);
  const view = new Uint8ArrayCtor(entry.buffer, entry.byteOffset, entry.byteLength);
  readRequest.chunk(view);
}

function readableByteStreamControllerGetBYOBRequest(c) {
  if (c.byobRequest === null && c.pendingPullIntos.length > 0) {
    const first = c.pendingPullIntos[0];
    const view = new Uint8ArrayCtor(first.buffer, first.byteOffset + first.bytesFilled, first.byteLength - first.bytesFilled);
    const req = newBYOBRequest();
    req.controller = c;
    req.view = view;
    c.byobRequest = req;
  }
  return c.byobRequest;
}

function readableByteStreamControllerGetDesiredSize(c) {
  const state = c.stream.state;
  if (state === 'errored') return null;
  if (state === 'closed') return 0;
  return c.strategyHWM - c.queueTotalSize;
}

function readableByteStreamControllerHandleQueueDrain(c) {
  if (c.queueTotalSize === 0 && c.closeRequested) {
    readableByteStreamControllerClearAlgorithms(c);
    readableStreamClose(c.stream);
  } else {
    readableByteStreamControllerCallPullIfNeeded(c);
  }
}

function readableByteStreamControllerInvalidateBYOBRequest(c) {
  if (c.byobRequest === null) return;
  c.byobRequest.controller = undefined;
  c.byobRequest.view = null;
  c.byobRequest = null;
}

function readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c) {
  const filled = [];
  while (c.pendingPullIntos.length > 0) {
    if (c.queueTotalSize === 0) break;
    const desc = c.pendingPullIntos[0];
    if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(c, desc)) {
      readableByteStreamControllerShiftPendingPullInto(c);
      filled.push(desc);
    }
  }
  return filled;
}

function readableByteStreamControllerProcessReadRequestsUsingQueue(c) {
  const reader = c.stream.reader;
  while (reader.readRequests.length > 0) {
    if (c.queueTotalSize === 0) return;
    const readRequest = reader.readRequests.shift();
    readableByteStreamControllerFillReadRequestFromQueue(c, readRequest);
  }
}

function readableByteStreamControllerPullInto(c, view, min, readIntoRequest) {
  const stream = c.stream;
  let elementSize = 1;
  let ctor = DataViewCtor;
  const name = typedArrayName(view);
  if (name !== undefined) {
    elementSize = elementSizeOf(name);
    ctor = typedArrayCtors[name];
  }
  const minimumFill = min * elementSize;
  const byteOffset = viewByteOffset(view);
  const byteLength = viewByteLength(view);
  let buffer;
  try {
    buffer = transferArrayBuffer(viewBuffer(view));
  } catch (e) {
    readIntoRequest.error(e);
    return;
  }
  const desc = {
    buffer, bufferByteLength: bufferByteLength(buffer), byteOffset, byteLength, bytesFilled: 0,
    minimumFill, elementSize, viewConstructor: ctor, readerType: 'byob',
  };
  if (c.pendingPullIntos.length > 0) {
    c.pendingPullIntos.push(desc);
    readableStreamAddReadIntoRequest(stream, readIntoRequest);
    return;
  }
  if (stream.state === 'closed') {
    const emptyView = new ctor(desc.buffer, desc.byteOffset, 0);
    readIntoRequest.close(emptyView);
    return;
  }
  if (c.queueTotalSize > 0) {
    if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(c, desc)) {
      const filledView = readableByteStreamControllerConvertPullIntoDescriptor(desc);
      readableByteStreamControllerHandleQueueDrain(c);
      readIntoRequest.chunk(filledView);
      return;
    }
    if (c.closeRequested) {
      const e = new TypeErrorCtor('Insufficient bytes to fill elements in the given buffer');
      readableByteStreamControllerError(c, e);
      readIntoRequest.error(e);
      return;
    }
  }
  c.pendingPullIntos.push(desc);
  readableStreamAddReadIntoRequest(stream, readIntoRequest);
  readableByteStreamControllerCallPullIfNeeded(c);
}

function readableByteStreamControllerRespond(c, bytesWritten) {
  const first = c.pendingPullIntos[0];
  const state = c.stream.state;
  if (state === 'closed') {
    if (bytesWritten !== 0) throw new TypeErrorCtor('bytesWritten must be 0 when calling respond() on a closed stream');
  } else {
    if (bytesWritten === 0) throw new TypeErrorCtor('bytesWritten must be greater than 0 when calling respond() on a readable stream');
    if (first.bytesFilled + bytesWritten > first.byteLength) throw new RangeErrorCtor('bytesWritten out of range');
  }
  first.buffer = transferArrayBuffer(first.buffer);
  readableByteStreamControllerRespondInternal(c, bytesWritten);
}

function readableByteStreamControllerRespondInClosedState(c, first) {
  if (first.readerType === 'none') readableByteStreamControllerShiftPendingPullInto(c);
  const stream = c.stream;
  if (readableStreamHasBYOBReader(stream)) {
    const filled = [];
    while (filled.length < readableStreamGetNumReadIntoRequests(stream)) {
      filled.push(readableByteStreamControllerShiftPendingPullInto(c));
    }
    for (const desc of filled) readableByteStreamControllerCommitPullIntoDescriptor(stream, desc);
  }
}

function readableByteStreamControllerRespondInReadableState(c, bytesWritten, desc) {
  readableByteStreamControllerFillHeadPullIntoDescriptor(c, bytesWritten, desc);
  if (desc.readerType === 'none') {
    readableByteStreamControllerEnqueueDetachedPullIntoToQueue(c, desc);
    const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
    for (const d of filled) readableByteStreamControllerCommitPullIntoDescriptor(c.stream, d);
    return;
  }
  if (desc.bytesFilled < desc.minimumFill) return;
  readableByteStreamControllerShiftPendingPullInto(c);
  const remainderSize = desc.bytesFilled % desc.elementSize;
  if (remainderSize > 0) {
    const end = desc.byteOffset + desc.bytesFilled;
    readableByteStreamControllerEnqueueClonedChunkToQueue(c, desc.buffer, end - remainderSize, remainderSize);
  }
  desc.bytesFilled -= remainderSize;
  const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
  readableByteStreamControllerCommitPullIntoDescriptor(c.stream, desc);
  for (const d of filled) readableByteStreamControllerCommitPullIntoDescriptor(c.stream, d);
}

function readableByteStreamControllerRespondInternal(c, bytesWritten) {
  const first = c.pendingPullIntos[0];
  readableByteStreamControllerInvalidateBYOBRequest(c);
  if (c.stream.state === 'closed') readableByteStreamControllerRespondInClosedState(c, first);
  else readableByteStreamControllerRespondInReadableState(c, bytesWritten, first);
  readableByteStreamControllerCallPullIfNeeded(c);
}

function readableByteStreamControllerRespondWithNewView(c, view) {
  const first = c.pendingPullIntos[0];
  const state = c.stream.state;
  const byteLength = viewByteLength(view);
  if (state === 'closed') {
    if (byteLength !== 0) throw new TypeErrorCtor('The view\'s length must be 0 when calling respondWithNewView() on a closed stream');
  } else if (byteLength === 0) {
    throw new TypeErrorCtor('The view\'s length must be greater than 0 when calling respondWithNewView() on a readable stream');
  }
  const buffer = viewBuffer(view);
  if (first.byteOffset + first.bytesFilled !== viewByteOffset(view)) throw new RangeErrorCtor('The region specified by view does not match byobRequest');
  if (first.bufferByteLength !== bufferByteLength(buffer)) throw new RangeErrorCtor('The buffer of view has different capacity than byobRequest');
  if (first.bytesFilled + byteLength > first.byteLength) throw new RangeErrorCtor('The region specified by view is larger than byobRequest');
  first.buffer = transferArrayBuffer(buffer);
  readableByteStreamControllerRespondInternal(c, byteLength);
}

function readableByteStreamControllerShiftPendingPullInto(c) {
  return c.pendingPullIntos.shift();
}

function readableByteStreamControllerShouldCallPull(c) {
  const stream = c.stream;
  if (stream.state !== 'readable') return false;
  if (c.closeRequested) return false;
  if (!c.started) return false;
  if (readableStreamHasDefaultReader(stream) && readableStreamGetNumReadRequests(stream) > 0) return true;
  if (readableStreamHasBYOBReader(stream) && readableStreamGetNumReadIntoRequests(stream) > 0) return true;
  return readableByteStreamControllerGetDesiredSize(c) > 0;
}

function byteControllerCancelSteps(reason) {
  readableByteStreamControllerClearPendingPullIntos(this);
  resetQueue(this);
  const result = this.cancelAlgorithm(reason);
  readableByteStreamControllerClearAlgorithms(this);
  return result;
}

function byteControllerPullSteps(readRequest) {
  const stream = this.stream;
  if (this.queueTotalSize > 0) {
    readableByteStreamControllerFillReadRequestFromQueue(this, readRequest);
    return;
  }
  const autoAllocateChunkSize = this.autoAllocateChunkSize;
  if (autoAllocateChunkSize !== undefined) {
    let buffer;
    try {
      buffer = new ArrayBufferCtor(autoAllocateChunkSize);
    } catch (e) {
      readRequest.error(e);
      return;
    }
    this.pendingPullIntos.push({
      buffer, bufferByteLength: autoAllocateChunkSize, byteOffset: 0, byteLength: autoAllocateChunkSize,
      bytesFilled: 0, minimumFill: 1, elementSize: 1, viewConstructor: Uint8ArrayCtor, readerType: 'default',
    });
  }
  readableStreamAddReadRequest(stream, readRequest);
  readableByteStreamControllerCallPullIfNeeded(this);
}

function byteControllerReleaseSteps() {
  if (this.pendingPullIntos.length > 0) {
    const first = this.pendingPullIntos[0];
    first.readerType = 'none';
    this.pendingPullIntos = [first];
  }
}

function setUpReadableByteStreamController(stream, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, autoAllocateChunkSize) {
  c.stream = stream;
  c.pullAgain = false;
  c.pulling = false;
  c.byobRequest = null;
  resetQueue(c);
  c.closeRequested = false;
  c.started = false;
  c.strategyHWM = highWaterMark;
  c.pullAlgorithm = pullAlgorithm;
  c.cancelAlgorithm = cancelAlgorithm;
  c.autoAllocateChunkSize = autoAllocateChunkSize;
  c.pendingPullIntos = [];
  stream.controller = c;
  const startResult = startAlgorithm();
  uponPromise(resolvedWith(startResult), () => {
    c.started = true;
    readableByteStreamControllerCallPullIfNeeded(c);
  }, (r) => {
    readableByteStreamControllerError(c, r);
  });
}

function setUpReadableByteStreamControllerFromUnderlyingSource(stream, source, dict, highWaterMark) {
  const c = newByteController();
  let startAlgorithm = () => undefined;
  let pullAlgorithm = () => resolvedWith(undefined);
  let cancelAlgorithm = () => resolvedWith(undefined);
  if (dict.start !== undefined) startAlgorithm = () => ReflectApply(dict.start, source, [c.$]);
  if (dict.pull !== undefined) pullAlgorithm = () => promiseCall(dict.pull, source, [c.$]);
  if (dict.cancel !== undefined) cancelAlgorithm = (reason) => promiseCall(dict.cancel, source, [reason]);
  const autoAllocateChunkSize = dict.autoAllocateChunkSize;
  if (autoAllocateChunkSize === 0) throw new TypeErrorCtor('autoAllocateChunkSize must be greater than 0');
  setUpReadableByteStreamController(stream, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, autoAllocateChunkSize);
}

// ---- tee ----

function readableStreamTee(stream, cloneForBranch2) {
  if (stream.controller.type === 'byte') return readableByteStreamTee(stream);
  return readableStreamDefaultTee(stream, cloneForBranch2);
}

function readableStreamDefaultTee(stream, cloneForBranch2) {
  const reader = acquireReadableStreamDefaultReader(stream);
  let reading = false;
  let readAgain = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = newDeferred();
  const readRequest = {
    chunk(chunk) {
      queueTask(() => {
        readAgain = false;
        const chunk1 = chunk;
        let chunk2 = chunk;
        if (!canceled2 && cloneForBranch2) {
          try {
            chunk2 = global.structuredClone(chunk2);
          } catch (e) {
            readableStreamDefaultControllerError(branch1.controller, e);
            readableStreamDefaultControllerError(branch2.controller, e);
            cancelPromise.resolve(readableStreamCancel(stream, e));
            return;
          }
        }
        if (!canceled1) readableStreamDefaultControllerEnqueue(branch1.controller, chunk1);
        if (!canceled2) readableStreamDefaultControllerEnqueue(branch2.controller, chunk2);
        reading = false;
        if (readAgain) pullAlgorithm();
      });
    },
    close() {
      reading = false;
      if (!canceled1) readableStreamDefaultControllerClose(branch1.controller);
      if (!canceled2) readableStreamDefaultControllerClose(branch2.controller);
      if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
    },
    error() {
      reading = false;
    },
  };
  function pullAlgorithm() {
    if (reading) {
      readAgain = true;
      return resolvedWith(undefined);
    }
    reading = true;
    readableStreamDefaultReaderRead(reader, readRequest);
    return resolvedWith(undefined);
  }
  function cancel1Algorithm(reason) {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  }
  function cancel2Algorithm(reason) {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  }
  const startAlgorithm = () => undefined;
  branch1 = createReadableStream(startAlgorithm, pullAlgorithm, cancel1Algorithm);
  branch2 = createReadableStream(startAlgorithm, pullAlgorithm, cancel2Algorithm);
  uponPromise(reader.closedPromise.promise, undefined, (r) => {
    readableStreamDefaultControllerError(branch1.controller, r);
    readableStreamDefaultControllerError(branch2.controller, r);
    if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
  });
  return [branch1, branch2];
}

function cloneAsUint8Array(view) {
  const buffer = cloneArrayBuffer(viewBuffer(view), viewByteOffset(view), viewByteLength(view));
  return new Uint8ArrayCtor(buffer);
}

function readableByteStreamTee(stream) {
  let reader = acquireReadableStreamDefaultReader(stream);
  let reading = false;
  let readAgainForBranch1 = false;
  let readAgainForBranch2 = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = newDeferred();

  function forwardReaderError(thisReader) {
    uponPromise(thisReader.closedPromise.promise, undefined, (r) => {
      if (thisReader !== reader) return;
      readableByteStreamControllerError(branch1.controller, r);
      readableByteStreamControllerError(branch2.controller, r);
      if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
    });
  }

  function pullWithDefaultReader() {
    if (reader.type === 'byob') {
      readableStreamBYOBReaderRelease(reader);
      reader = acquireReadableStreamDefaultReader(stream);
      forwardReaderError(reader);
    }
    const readRequest = {
      chunk(chunk) {
        queueTask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const chunk1 = chunk;
          let chunk2 = chunk;
          if (!canceled1 && !canceled2) {
            try {
              chunk2 = cloneAsUint8Array(chunk);
            } catch (e) {
              readableByteStreamControllerError(branch1.controller, e);
              readableByteStreamControllerError(branch2.controller, e);
              cancelPromise.resolve(readableStreamCancel(stream, e));
              return;
            }
          }
          if (!canceled1) readableByteStreamControllerEnqueue(branch1.controller, chunk1);
          if (!canceled2) readableByteStreamControllerEnqueue(branch2.controller, chunk2);
          reading = false;
          if (readAgainForBranch1) pull1Algorithm();
          else if (readAgainForBranch2) pull2Algorithm();
        });
      },
      close() {
        reading = false;
        if (!canceled1) readableByteStreamControllerClose(branch1.controller);
        if (!canceled2) readableByteStreamControllerClose(branch2.controller);
        if (branch1.controller.pendingPullIntos.length > 0) readableByteStreamControllerRespond(branch1.controller, 0);
        if (branch2.controller.pendingPullIntos.length > 0) readableByteStreamControllerRespond(branch2.controller, 0);
        if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
      },
      error() {
        reading = false;
      },
    };
    readableStreamDefaultReaderRead(reader, readRequest);
  }

  function pullWithBYOBReader(view, forBranch2) {
    if (reader.type === 'default') {
      readableStreamDefaultReaderRelease(reader);
      reader = acquireReadableStreamBYOBReader(stream);
      forwardReaderError(reader);
    }
    const byobBranch = forBranch2 ? branch2 : branch1;
    const otherBranch = forBranch2 ? branch1 : branch2;
    const readIntoRequest = {
      chunk(chunk) {
        queueTask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const byobCanceled = forBranch2 ? canceled2 : canceled1;
          const otherCanceled = forBranch2 ? canceled1 : canceled2;
          if (!otherCanceled) {
            let clonedChunk;
            try {
              clonedChunk = cloneAsUint8Array(chunk);
            } catch (e) {
              readableByteStreamControllerError(byobBranch.controller, e);
              readableByteStreamControllerError(otherBranch.controller, e);
              cancelPromise.resolve(readableStreamCancel(stream, e));
              return;
            }
            if (!byobCanceled) readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
            readableByteStreamControllerEnqueue(otherBranch.controller, clonedChunk);
          } else if (!byobCanceled) {
            readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          }
          reading = false;
          if (readAgainForBranch1) pull1Algorithm();
          else if (readAgainForBranch2) pull2Algorithm();
        });
      },
      close(chunk) {
        reading = false;
        const byobCanceled = forBranch2 ? canceled2 : canceled1;
        const otherCanceled = forBranch2 ? canceled1 : canceled2;
        if (!byobCanceled) readableByteStreamControllerClose(byobBranch.controller);
        if (!otherCanceled) readableByteStreamControllerClose(otherBranch.controller);
        if (chunk !== undefined) {
          if (!byobCanceled) readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          if (!otherCanceled && otherBranch.controller.pendingPullIntos.length > 0) {
            readableByteStreamControllerRespond(otherBranch.controller, 0);
          }
        }
        if (!byobCanceled || !otherCanceled) cancelPromise.resolve(undefined);
      },
      error() {
        reading = false;
      },
    };
    readableStreamBYOBReaderRead(reader, view, 1, readIntoRequest);
  }

  function pull1Algorithm() {
    if (reading) {
      readAgainForBranch1 = true;
      return resolvedWith(undefined);
    }
    reading = true;
    const byobRequest = readableByteStreamControllerGetBYOBRequest(branch1.controller);
    if (byobRequest === null) pullWithDefaultReader();
    else pullWithBYOBReader(byobRequest.view, false);
    return resolvedWith(undefined);
  }
  function pull2Algorithm() {
    if (reading) {
      readAgainForBranch2 = true;
      return resolvedWith(undefined);
    }
    reading = true;
    const byobRequest = readableByteStreamControllerGetBYOBRequest(branch2.controller);
    if (byobRequest === null) pullWithDefaultReader();
    else pullWithBYOBReader(byobRequest.view, true);
    return resolvedWith(undefined);
  }
  function cancel1Algorithm(reason) {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  }
  function cancel2Algorithm(reason) {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  }
  const startAlgorithm = () => undefined;
  branch1 = createReadableByteStream(startAlgorithm, pull1Algorithm, cancel1Algorithm);
  branch2 = createReadableByteStream(startAlgorithm, pull2Algorithm, cancel2Algorithm);
  forwardReaderError(reader);
  return [branch1, branch2];
}

// ---- pipeTo ----

function waitForAll(promises, onF, onR) {
  let remaining = promises.length;
  if (remaining === 0) {
    queueTask(onF);
    return;
  }
  let rejected = false;
  for (const p of promises) {
    uponPromise(p, () => {
      if (--remaining === 0 && !rejected) onF();
    }, (e) => {
      if (rejected) return;
      rejected = true;
      onR(e);
    });
  }
}

function readableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel, signal) {
  const reader = acquireReadableStreamDefaultReader(source);
  const writer = acquireWritableStreamDefaultWriter(dest);
  source.disturbed = true;
  let shuttingDown = false;
  let currentWrite = resolvedWith(undefined);
  const promise = newDeferred();
  let removeAbort = null;

  if (signal !== undefined) {
    const abortAlgorithm = () => {
      const error = ReflectApply(abortSignalReasonGet, signal, []);
      const actions = [];
      if (!preventAbort) {
        actions.push(() => (dest.state === 'writable' ? writableStreamAbort(dest, error) : resolvedWith(undefined)));
      }
      if (!preventCancel) {
        actions.push(() => (source.state === 'readable' ? readableStreamCancel(source, error) : resolvedWith(undefined)));
      }
      shutdownWithAction(() => {
        const d = newDeferred();
        waitForAll(actions.map((a) => a()), () => d.resolve(undefined), (e) => d.reject(e));
        return d.promise;
      }, true, error);
    };
    if (ReflectApply(abortSignalAbortedGet, signal, [])) {
      abortAlgorithm();
      return promise.promise;
    }
    removeAbort = internal.addAbortAlgorithm(signal, abortAlgorithm);
  }

  function pipeStep() {
    if (shuttingDown) return resolvedWith(true);
    return then(writer.readyPromise.promise, () => {
      const d = newDeferred();
      let inRead = true;
      readableStreamDefaultReaderRead(reader, {
        chunk(chunk) {
          if (inRead) {
            currentWrite = then(writableStreamDefaultWriterWrite(writer, chunk), undefined, noop);
          } else {
            // The chunk comes from the source's enqueue(): the sink's write
            // must not run synchronously inside it, so it waits a microtask.
            const written = newDeferred();
            currentWrite = written.promise;
            queueTask(() => {
              const settle = () => written.resolve(undefined);
              uponPromise(writableStreamDefaultWriterWrite(writer, chunk), settle, settle);
            });
          }
          d.resolve(false);
        },
        close() {
          d.resolve(true);
        },
        error: (e) => d.reject(e),
      });
      inRead = false;
      return d.promise;
    });
  }

  function pipeLoop() {
    const d = newDeferred();
    const next = (done) => {
      if (done) d.resolve(undefined);
      else uponPromise(pipeStep(), next, (e) => d.reject(e));
    };
    next(false);
    return d.promise;
  }

  function isOrBecomesErrored(stream, p, action) {
    if (stream.state === 'errored') action(stream.storedError);
    else uponPromise(p, undefined, action);
  }
  function isOrBecomesClosed(stream, p, action) {
    if (stream.state === 'closed') action();
    else uponPromise(p, action, undefined);
  }

  function waitForWritesToFinish() {
    const oldCurrentWrite = currentWrite;
    return then(currentWrite, () => (oldCurrentWrite !== currentWrite ? waitForWritesToFinish() : undefined));
  }

  function shutdownWithAction(action, originalIsError, originalError) {
    if (shuttingDown) return;
    shuttingDown = true;
    const doTheRest = () => {
      uponPromise(action(), () => finalize(originalIsError, originalError), (newError) => finalize(true, newError));
    };
    if (dest.state === 'writable' && !writableStreamCloseQueuedOrInFlight(dest)) {
      uponPromise(waitForWritesToFinish(), doTheRest);
    } else {
      doTheRest();
    }
  }

  function shutdown(isError, error) {
    if (shuttingDown) return;
    shuttingDown = true;
    if (dest.state === 'writable' && !writableStreamCloseQueuedOrInFlight(dest)) {
      uponPromise(waitForWritesToFinish(), () => finalize(isError, error));
    } else {
      finalize(isError, error);
    }
  }

  function finalize(isError, error) {
    writableStreamDefaultWriterRelease(writer);
    readableStreamDefaultReaderRelease(reader);
    if (removeAbort !== null) removeAbort();
    if (isError) promise.reject(error);
    else promise.resolve(undefined);
  }

  isOrBecomesErrored(source, reader.closedPromise.promise, (storedError) => {
    if (!preventAbort) shutdownWithAction(() => writableStreamAbort(dest, storedError), true, storedError);
    else shutdown(true, storedError);
  });
  isOrBecomesErrored(dest, writer.closedPromise.promise, (storedError) => {
    if (!preventCancel) shutdownWithAction(() => readableStreamCancel(source, storedError), true, storedError);
    else shutdown(true, storedError);
  });
  isOrBecomesClosed(source, reader.closedPromise.promise, () => {
    if (!preventClose) shutdownWithAction(() => writableStreamDefaultWriterCloseWithErrorPropagation(writer));
    else shutdown();
  });
  if (writableStreamCloseQueuedOrInFlight(dest) || dest.state === 'closed') {
    const destClosed = stateError('Destination WritableStream is closed');
    if (!preventCancel) shutdownWithAction(() => readableStreamCancel(source, destClosed), true, destClosed);
    else shutdown(true, destClosed);
  }
  setHandled(pipeLoop());
  return promise.promise;
}

// ---- ReadableStream.from ----

function getIterator(obj, kind) {
  let method;
  if (kind === 'async') {
    method = obj == null ? undefined : obj[SymbolAsyncIterator];
    if (method === undefined || method === null) {
      const syncMethod = obj == null ? undefined : obj[SymbolIterator];
      if (syncMethod === undefined || syncMethod === null) throw new TypeErrorCtor('The provided value is not async iterable');
      if (typeof syncMethod !== 'function') throw new TypeErrorCtor('The provided value is not iterable');
      const syncRecord = getIteratorFromMethod(obj, syncMethod);
      return createAsyncFromSyncIterator(syncRecord);
    }
    if (typeof method !== 'function') throw new TypeErrorCtor('The provided value is not async iterable');
  }
  return getIteratorFromMethod(obj, method);
}
function getIteratorFromMethod(obj, method) {
  const iterator = ReflectApply(method, obj, []);
  if (!isObject(iterator)) throw new TypeErrorCtor('The iterator is not an object');
  return { iterator, nextMethod: iterator.next, done: false };
}
function createAsyncFromSyncIterator(syncRecord) {
  const continuation = (result, closeOnRejection) => {
    const done = !!result.done;
    const value = result.value;
    let valueWrapper;
    try {
      valueWrapper = resolvedWith(value);
    } catch (e) {
      if (!done && closeOnRejection) closeSync();
      return rejectedWith(e);
    }
    return then(valueWrapper, (v) => ({ value: v, done }), (e) => {
      if (!done && closeOnRejection) closeSync();
      throw e;
    });
  };
  const closeSync = () => {
    try {
      const ret = syncRecord.iterator.return;
      if (ret !== undefined && ret !== null) ReflectApply(ret, syncRecord.iterator, []);
    } catch {
      // the original rejection wins
    }
  };
  const iterator = {
    next(v) {
      let result;
      try {
        result = ReflectApply(syncRecord.nextMethod, syncRecord.iterator, arguments.length > 0 ? [v] : []);
        if (!isObject(result)) throw new TypeErrorCtor('The iterator result is not an object');
      } catch (e) {
        return rejectedWith(e);
      }
      return continuation(result, true);
    },
    return(v) {
      let result;
      try {
        const ret = syncRecord.iterator.return;
        if (ret === undefined || ret === null) return resolvedWith({ value: v, done: true });
        result = ReflectApply(ret, syncRecord.iterator, arguments.length > 0 ? [v] : []);
        if (!isObject(result)) throw new TypeErrorCtor('The iterator result is not an object');
      } catch (e) {
        return rejectedWith(e);
      }
      return continuation(result, false);
    },
  };
  return { iterator, nextMethod: iterator.next, done: false };
}

function readableStreamFromIterable(asyncIterable) {
  const record = getIterator(asyncIterable, 'async');
  let stream;
  const startAlgorithm = () => undefined;
  const pullAlgorithm = () => {
    let nextResult;
    try {
      nextResult = ReflectApply(record.nextMethod, record.iterator, []);
    } catch (e) {
      return rejectedWith(e);
    }
    return then(resolvedWith(nextResult), (iterResult) => {
      if (!isObject(iterResult)) throw new TypeErrorCtor('The promise returned by the iterator.next() method must fulfill with an object');
      if (iterResult.done) {
        readableStreamDefaultControllerClose(stream.controller);
      } else {
        readableStreamDefaultControllerEnqueue(stream.controller, iterResult.value);
      }
    });
  };
  const cancelAlgorithm = (reason) => {
    const iterator = record.iterator;
    let returnResult;
    try {
      const returnMethod = iterator.return;
      if (returnMethod === undefined || returnMethod === null) return resolvedWith(undefined);
      if (typeof returnMethod !== 'function') throw new TypeErrorCtor('iterator.return is not a function');
      returnResult = ReflectApply(returnMethod, iterator, [reason]);
    } catch (e) {
      return rejectedWith(e);
    }
    return then(resolvedWith(returnResult), (r) => {
      if (!isObject(r)) throw new TypeErrorCtor('The promise returned by the iterator.return() method must fulfill with an object');
    });
  };
  stream = createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, 0);
  return stream;
}

// =====================================================================
// WritableStream abstract operations
// =====================================================================

function initializeWritableStream(stream) {
  stream.state = 'writable';
  stream.storedError = undefined;
  stream.writer = undefined;
  stream.controller = undefined;
  stream.inFlightWriteRequest = undefined;
  stream.closeRequest = undefined;
  stream.inFlightCloseRequest = undefined;
  stream.pendingAbortRequest = undefined;
  stream.writeRequests = new Queue();
  stream.backpressure = false;
}

function acquireWritableStreamDefaultWriter(stream) {
  const writer = newWriter();
  setUpWritableStreamDefaultWriter(writer, stream);
  return writer;
}

function createWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark = 1, sizeAlgorithm = () => 1) {
  const stream = newWritableStream();
  const controller = newWritableController();
  setUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
  return stream;
}

function isWritableStreamLocked(stream) {
  return stream.writer !== undefined;
}

function writableStreamAbort(stream, reason) {
  if (stream.state === 'closed' || stream.state === 'errored') return resolvedWith(undefined);
  internal.signalAbort(stream.controller.abortSignal, reason);
  const state = stream.state;
  if (state === 'closed' || state === 'errored') return resolvedWith(undefined);
  if (stream.pendingAbortRequest !== undefined) return stream.pendingAbortRequest.promise.promise;
  let wasAlreadyErroring = false;
  if (state === 'erroring') {
    wasAlreadyErroring = true;
    reason = undefined;
  }
  const promise = newDeferred();
  stream.pendingAbortRequest = { promise, reason, wasAlreadyErroring };
  if (!wasAlreadyErroring) writableStreamStartErroring(stream, reason);
  return promise.promise;
}

function writableStreamClose(stream) {
  const state = stream.state;
  if (state === 'closed' || state === 'errored') {
    return rejectedWith(stateError(`WritableStream is ${state === 'closed' ? 'closed' : 'errored'}`));
  }
  const promise = newDeferred();
  stream.closeRequest = promise;
  const writer = stream.writer;
  if (writer !== undefined && stream.backpressure && state === 'writable') writer.readyPromise.resolve(undefined);
  writableStreamDefaultControllerClose(stream.controller);
  return promise.promise;
}

function writableStreamAddWriteRequest(stream) {
  const promise = newDeferred();
  stream.writeRequests.push(promise);
  return promise.promise;
}

function writableStreamCloseQueuedOrInFlight(stream) {
  return stream.closeRequest !== undefined || stream.inFlightCloseRequest !== undefined;
}

function writableStreamDealWithRejection(stream, error) {
  if (stream.state === 'writable') {
    writableStreamStartErroring(stream, error);
    return;
  }
  writableStreamFinishErroring(stream);
}

function writableStreamFinishErroring(stream) {
  stream.state = 'errored';
  stream.controller.errorSteps();
  const storedError = stream.storedError;
  const requests = stream.writeRequests;
  stream.writeRequests = new Queue();
  requests.forEach((req) => req.reject(storedError));
  if (stream.pendingAbortRequest === undefined) {
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  const abortRequest = stream.pendingAbortRequest;
  stream.pendingAbortRequest = undefined;
  if (abortRequest.wasAlreadyErroring) {
    abortRequest.promise.reject(storedError);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  const promise = stream.controller.abortSteps(abortRequest.reason);
  uponPromise(promise, () => {
    abortRequest.promise.resolve(undefined);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  }, (reason) => {
    abortRequest.promise.reject(reason);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  });
}

function writableStreamFinishInFlightClose(stream) {
  stream.inFlightCloseRequest.resolve(undefined);
  stream.inFlightCloseRequest = undefined;
  if (stream.state === 'erroring') {
    stream.storedError = undefined;
    if (stream.pendingAbortRequest !== undefined) {
      stream.pendingAbortRequest.promise.resolve(undefined);
      stream.pendingAbortRequest = undefined;
    }
  }
  stream.state = 'closed';
  const writer = stream.writer;
  if (writer !== undefined) writer.closedPromise.resolve(undefined);
}

function writableStreamFinishInFlightCloseWithError(stream, error) {
  stream.inFlightCloseRequest.reject(error);
  stream.inFlightCloseRequest = undefined;
  if (stream.pendingAbortRequest !== undefined) {
    stream.pendingAbortRequest.promise.reject(error);
    stream.pendingAbortRequest = undefined;
  }
  writableStreamDealWithRejection(stream, error);
}

function writableStreamFinishInFlightWrite(stream) {
  stream.inFlightWriteRequest.resolve(undefined);
  stream.inFlightWriteRequest = undefined;
}

function writableStreamFinishInFlightWriteWithError(stream, error) {
  stream.inFlightWriteRequest.reject(error);
  stream.inFlightWriteRequest = undefined;
  writableStreamDealWithRejection(stream, error);
}

function writableStreamHasOperationMarkedInFlight(stream) {
  return stream.inFlightWriteRequest !== undefined || stream.inFlightCloseRequest !== undefined;
}

function writableStreamMarkCloseRequestInFlight(stream) {
  stream.inFlightCloseRequest = stream.closeRequest;
  stream.closeRequest = undefined;
}

function writableStreamMarkFirstWriteRequestInFlight(stream) {
  stream.inFlightWriteRequest = stream.writeRequests.shift();
}

function writableStreamRejectCloseAndClosedPromiseIfNeeded(stream) {
  if (stream.closeRequest !== undefined) {
    stream.closeRequest.reject(stream.storedError);
    stream.closeRequest = undefined;
  }
  const writer = stream.writer;
  if (writer !== undefined) {
    writer.closedPromise.reject(stream.storedError);
    setHandled(writer.closedPromise.promise);
  }
}

function writableStreamStartErroring(stream, reason) {
  const controller = stream.controller;
  stream.state = 'erroring';
  stream.storedError = reason;
  const writer = stream.writer;
  if (writer !== undefined) writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, reason);
  if (!writableStreamHasOperationMarkedInFlight(stream) && controller.started) writableStreamFinishErroring(stream);
}

function writableStreamUpdateBackpressure(stream, backpressure) {
  const writer = stream.writer;
  if (writer !== undefined && backpressure !== stream.backpressure) {
    if (backpressure) writer.readyPromise = newDeferred();
    else writer.readyPromise.resolve(undefined);
  }
  stream.backpressure = backpressure;
}

// ---- writer ----

function setUpWritableStreamDefaultWriter(writer, stream) {
  if (isWritableStreamLocked(stream)) throw stateError('WritableStream is locked');
  writer.stream = stream;
  stream.writer = writer;
  const state = stream.state;
  if (state === 'writable') {
    if (!writableStreamCloseQueuedOrInFlight(stream) && stream.backpressure) writer.readyPromise = newDeferred();
    else writer.readyPromise = resolvedDeferred(undefined);
    writer.closedPromise = newDeferred();
  } else if (state === 'erroring') {
    writer.readyPromise = rejectedDeferred(stream.storedError);
    writer.closedPromise = newDeferred();
  } else if (state === 'closed') {
    writer.readyPromise = resolvedDeferred(undefined);
    writer.closedPromise = resolvedDeferred(undefined);
  } else {
    writer.readyPromise = rejectedDeferred(stream.storedError);
    writer.closedPromise = rejectedDeferred(stream.storedError);
  }
}

function writableStreamDefaultWriterAbort(writer, reason) {
  return writableStreamAbort(writer.stream, reason);
}

function writableStreamDefaultWriterClose(writer) {
  return writableStreamClose(writer.stream);
}

function writableStreamDefaultWriterCloseWithErrorPropagation(writer) {
  const stream = writer.stream;
  const state = stream.state;
  if (writableStreamCloseQueuedOrInFlight(stream) || state === 'closed') return resolvedWith(undefined);
  if (state === 'errored') return rejectedWith(stream.storedError);
  return writableStreamDefaultWriterClose(writer);
}

function writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, error) {
  if (writer.closedPromise.state === 'pending') writer.closedPromise.reject(error);
  else writer.closedPromise = rejectedDeferred(error);
  setHandled(writer.closedPromise.promise);
}

function writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, error) {
  if (writer.readyPromise.state === 'pending') writer.readyPromise.reject(error);
  else writer.readyPromise = rejectedDeferred(error);
  setHandled(writer.readyPromise.promise);
}

function writableStreamDefaultWriterGetDesiredSize(writer) {
  const stream = writer.stream;
  const state = stream.state;
  if (state === 'errored' || state === 'erroring') return null;
  if (state === 'closed') return 0;
  return writableStreamDefaultControllerGetDesiredSize(stream.controller);
}

function writableStreamDefaultWriterRelease(writer) {
  const stream = writer.stream;
  const releasedError = stateError('Writer has been released');
  writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, releasedError);
  writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, releasedError);
  stream.writer = undefined;
  writer.stream = undefined;
}

function writableStreamDefaultWriterWrite(writer, chunk) {
  const stream = writer.stream;
  const controller = stream.controller;
  const chunkSize = writableStreamDefaultControllerGetChunkSize(controller, chunk);
  if (stream !== writer.stream) return rejectedWith(stateError('Writer has been released'));
  const state = stream.state;
  if (state === 'errored') return rejectedWith(stream.storedError);
  if (writableStreamCloseQueuedOrInFlight(stream) || state === 'closed') {
    return rejectedWith(stateError('WritableStream is closed'));
  }
  if (state === 'erroring') return rejectedWith(stream.storedError);
  const promise = writableStreamAddWriteRequest(stream);
  writableStreamDefaultControllerWrite(controller, chunk, chunkSize);
  return promise;
}

// ---- WritableStreamDefaultController ----

const closeSentinel = {};

function setUpWritableStreamDefaultController(stream, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm) {
  c.stream = stream;
  stream.controller = c;
  resetQueue(c);
  c.abortSignal = internal.newAbortSignal();
  c.started = false;
  c.strategySizeAlgorithm = sizeAlgorithm;
  c.strategyHWM = highWaterMark;
  c.writeAlgorithm = writeAlgorithm;
  c.closeAlgorithm = closeAlgorithm;
  c.abortAlgorithm = abortAlgorithm;
  writableStreamUpdateBackpressure(stream, writableStreamDefaultControllerGetBackpressure(c));
  const startResult = startAlgorithm();
  uponPromise(resolvedWith(startResult), () => {
    c.started = true;
    writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
  }, (r) => {
    c.started = true;
    writableStreamDealWithRejection(stream, r);
  });
}

function setUpWritableStreamDefaultControllerFromUnderlyingSink(stream, sink, dict, highWaterMark, sizeAlgorithm) {
  const c = newWritableController();
  let startAlgorithm = () => undefined;
  let writeAlgorithm = () => resolvedWith(undefined);
  let closeAlgorithm = () => resolvedWith(undefined);
  let abortAlgorithm = () => resolvedWith(undefined);
  if (dict.start !== undefined) startAlgorithm = () => ReflectApply(dict.start, sink, [c.$]);
  if (dict.write !== undefined) writeAlgorithm = (chunk) => promiseCall(dict.write, sink, [chunk, c.$]);
  if (dict.close !== undefined) closeAlgorithm = () => promiseCall(dict.close, sink, []);
  if (dict.abort !== undefined) abortAlgorithm = (reason) => promiseCall(dict.abort, sink, [reason]);
  setUpWritableStreamDefaultController(stream, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
}

function writableStreamDefaultControllerAdvanceQueueIfNeeded(c) {
  const stream = c.stream;
  if (!c.started) return;
  if (stream.inFlightWriteRequest !== undefined) return;
  const state = stream.state;
  if (state === 'erroring') {
    writableStreamFinishErroring(stream);
    return;
  }
  if (c.queue.length === 0) return;
  const value = peekQueueValue(c);
  if (value === closeSentinel) writableStreamDefaultControllerProcessClose(c);
  else writableStreamDefaultControllerProcessWrite(c, value);
}

function writableStreamDefaultControllerClearAlgorithms(c) {
  c.writeAlgorithm = undefined;
  c.closeAlgorithm = undefined;
  c.abortAlgorithm = undefined;
  c.strategySizeAlgorithm = undefined;
}

function writableStreamDefaultControllerClose(c) {
  enqueueValueWithSize(c, closeSentinel, 0);
  writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
}

function writableStreamDefaultControllerError(c, error) {
  writableStreamDefaultControllerClearAlgorithms(c);
  writableStreamStartErroring(c.stream, error);
}

function writableStreamDefaultControllerErrorIfNeeded(c, error) {
  if (c.stream.state === 'writable') writableStreamDefaultControllerError(c, error);
}

function writableStreamDefaultControllerGetBackpressure(c) {
  return writableStreamDefaultControllerGetDesiredSize(c) <= 0;
}

function writableStreamDefaultControllerGetChunkSize(c, chunk) {
  if (c.strategySizeAlgorithm === undefined) return 1;
  try {
    return c.strategySizeAlgorithm(chunk);
  } catch (e) {
    writableStreamDefaultControllerErrorIfNeeded(c, e);
    return 1;
  }
}

function writableStreamDefaultControllerGetDesiredSize(c) {
  return c.strategyHWM - c.queueTotalSize;
}

function writableStreamDefaultControllerProcessClose(c) {
  const stream = c.stream;
  writableStreamMarkCloseRequestInFlight(stream);
  dequeueValue(c);
  const sinkClosePromise = c.closeAlgorithm();
  writableStreamDefaultControllerClearAlgorithms(c);
  uponPromise(sinkClosePromise, () => {
    writableStreamFinishInFlightClose(stream);
  }, (reason) => {
    writableStreamFinishInFlightCloseWithError(stream, reason);
  });
}

function writableStreamDefaultControllerProcessWrite(c, chunk) {
  const stream = c.stream;
  writableStreamMarkFirstWriteRequestInFlight(stream);
  const sinkWritePromise = c.writeAlgorithm(chunk);
  uponPromise(sinkWritePromise, () => {
    writableStreamFinishInFlightWrite(stream);
    const state = stream.state;
    dequeueValue(c);
    if (!writableStreamCloseQueuedOrInFlight(stream) && state === 'writable') {
      writableStreamUpdateBackpressure(stream, writableStreamDefaultControllerGetBackpressure(c));
    }
    writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
  }, (reason) => {
    if (stream.state === 'writable') writableStreamDefaultControllerClearAlgorithms(c);
    writableStreamFinishInFlightWriteWithError(stream, reason);
  });
}

function writableStreamDefaultControllerWrite(c, chunk, chunkSize) {
  try {
    enqueueValueWithSize(c, chunk, chunkSize);
  } catch (e) {
    writableStreamDefaultControllerErrorIfNeeded(c, e);
    return;
  }
  const stream = c.stream;
  if (!writableStreamCloseQueuedOrInFlight(stream) && stream.state === 'writable') {
    writableStreamUpdateBackpressure(stream, writableStreamDefaultControllerGetBackpressure(c));
  }
  writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
}

function writableControllerAbortSteps(reason) {
  const result = this.abortAlgorithm(reason);
  writableStreamDefaultControllerClearAlgorithms(this);
  return result;
}

function writableControllerErrorSteps() {
  resetQueue(this);
}

// =====================================================================
// TransformStream abstract operations
// =====================================================================

function initializeTransformStream(stream, startPromise, writableHWM, writableSize, readableHWM, readableSize) {
  const startAlgorithm = () => startPromise;
  const writeAlgorithm = (chunk) => transformStreamDefaultSinkWriteAlgorithm(stream, chunk);
  const abortAlgorithm = (reason) => transformStreamDefaultSinkAbortAlgorithm(stream, reason);
  const closeAlgorithm = () => transformStreamDefaultSinkCloseAlgorithm(stream);
  stream.writable = createWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, writableHWM, writableSize);
  const pullAlgorithm = () => transformStreamDefaultSourcePullAlgorithm(stream);
  const cancelAlgorithm = (reason) => transformStreamDefaultSourceCancelAlgorithm(stream, reason);
  stream.readable = createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, readableHWM, readableSize);
  stream.backpressure = undefined;
  stream.backpressureChangePromise = undefined;
  transformStreamSetBackpressure(stream, true);
  stream.controller = undefined;
}

function transformStreamError(stream, e) {
  readableStreamDefaultControllerError(stream.readable.controller, e);
  transformStreamErrorWritableAndUnblockWrite(stream, e);
}

function transformStreamErrorWritableAndUnblockWrite(stream, e) {
  transformStreamDefaultControllerClearAlgorithms(stream.controller);
  writableStreamDefaultControllerErrorIfNeeded(stream.writable.controller, e);
  transformStreamUnblockWrite(stream);
}

function transformStreamUnblockWrite(stream) {
  if (stream.backpressure) transformStreamSetBackpressure(stream, false);
}

function transformStreamSetBackpressure(stream, backpressure) {
  if (stream.backpressureChangePromise !== undefined) stream.backpressureChangePromise.resolve(undefined);
  stream.backpressureChangePromise = newDeferred();
  stream.backpressure = backpressure;
}

function setUpTransformStreamDefaultController(stream, c, transformAlgorithm, flushAlgorithm, cancelAlgorithm) {
  c.stream = stream;
  stream.controller = c;
  c.transformAlgorithm = transformAlgorithm;
  c.flushAlgorithm = flushAlgorithm;
  c.cancelAlgorithm = cancelAlgorithm;
  c.finishPromise = undefined;
}

function setUpTransformStreamDefaultControllerFromTransformer(stream, transformer, dict) {
  const c = newTransformController();
  let transformAlgorithm = (chunk) => {
    try {
      transformStreamDefaultControllerEnqueue(c, chunk);
      return resolvedWith(undefined);
    } catch (e) {
      return rejectedWith(e);
    }
  };
  let flushAlgorithm = () => resolvedWith(undefined);
  let cancelAlgorithm = () => resolvedWith(undefined);
  if (dict.transform !== undefined) transformAlgorithm = (chunk) => promiseCall(dict.transform, transformer, [chunk, c.$]);
  if (dict.flush !== undefined) flushAlgorithm = () => promiseCall(dict.flush, transformer, [c.$]);
  if (dict.cancel !== undefined) cancelAlgorithm = (reason) => promiseCall(dict.cancel, transformer, [reason]);
  setUpTransformStreamDefaultController(stream, c, transformAlgorithm, flushAlgorithm, cancelAlgorithm);
}

function transformStreamDefaultControllerClearAlgorithms(c) {
  c.transformAlgorithm = undefined;
  c.flushAlgorithm = undefined;
  c.cancelAlgorithm = undefined;
}

function transformStreamDefaultControllerEnqueue(c, chunk) {
  const stream = c.stream;
  const readableController = stream.readable.controller;
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(readableController)) {
    throw stateError('Unable to enqueue');
  }
  try {
    readableStreamDefaultControllerEnqueue(readableController, chunk);
  } catch (e) {
    transformStreamErrorWritableAndUnblockWrite(stream, e);
    throw stream.readable.storedError;
  }
  const backpressure = readableStreamDefaultControllerHasBackpressure(readableController);
  if (backpressure !== stream.backpressure) transformStreamSetBackpressure(stream, true);
}

function transformStreamDefaultControllerError(c, e) {
  transformStreamError(c.stream, e);
}

function transformStreamDefaultControllerPerformTransform(c, chunk) {
  const transformPromise = c.transformAlgorithm(chunk);
  return then(transformPromise, undefined, (r) => {
    transformStreamError(c.stream, r);
    throw r;
  });
}

function transformStreamDefaultControllerTerminate(c) {
  const stream = c.stream;
  readableStreamDefaultControllerClose(stream.readable.controller);
  const error = stateError('TransformStream has been terminated');
  transformStreamErrorWritableAndUnblockWrite(stream, error);
}

function transformStreamDefaultSinkWriteAlgorithm(stream, chunk) {
  const c = stream.controller;
  if (stream.backpressure) {
    const backpressureChangePromise = stream.backpressureChangePromise.promise;
    return then(backpressureChangePromise, () => {
      const writable = stream.writable;
      if (writable.state === 'erroring') throw writable.storedError;
      return transformStreamDefaultControllerPerformTransform(c, chunk);
    });
  }
  return transformStreamDefaultControllerPerformTransform(c, chunk);
}

function transformStreamDefaultSinkAbortAlgorithm(stream, reason) {
  const c = stream.controller;
  if (c.finishPromise !== undefined) return c.finishPromise.promise;
  const readable = stream.readable;
  c.finishPromise = newDeferred();
  const finish = c.finishPromise;
  const cancelPromise = c.cancelAlgorithm(reason);
  transformStreamDefaultControllerClearAlgorithms(c);
  uponPromise(cancelPromise, () => {
    if (readable.state === 'errored') {
      finish.reject(readable.storedError);
    } else {
      readableStreamDefaultControllerError(readable.controller, reason);
      finish.resolve(undefined);
    }
  }, (r) => {
    readableStreamDefaultControllerError(readable.controller, r);
    finish.reject(r);
  });
  return finish.promise;
}

function transformStreamDefaultSinkCloseAlgorithm(stream) {
  const c = stream.controller;
  if (c.finishPromise !== undefined) return c.finishPromise.promise;
  const readable = stream.readable;
  c.finishPromise = newDeferred();
  const finish = c.finishPromise;
  const flushPromise = c.flushAlgorithm();
  transformStreamDefaultControllerClearAlgorithms(c);
  uponPromise(flushPromise, () => {
    if (readable.state === 'errored') {
      finish.reject(readable.storedError);
    } else {
      readableStreamDefaultControllerClose(readable.controller);
      finish.resolve(undefined);
    }
  }, (r) => {
    readableStreamDefaultControllerError(readable.controller, r);
    finish.reject(r);
  });
  return finish.promise;
}

function transformStreamDefaultSourcePullAlgorithm(stream) {
  transformStreamSetBackpressure(stream, false);
  return stream.backpressureChangePromise.promise;
}

function transformStreamDefaultSourceCancelAlgorithm(stream, reason) {
  const c = stream.controller;
  if (c.finishPromise !== undefined) return c.finishPromise.promise;
  const writable = stream.writable;
  c.finishPromise = newDeferred();
  const finish = c.finishPromise;
  const cancelPromise = c.cancelAlgorithm(reason);
  transformStreamDefaultControllerClearAlgorithms(c);
  uponPromise(cancelPromise, () => {
    if (writable.state === 'errored') {
      finish.reject(writable.storedError);
    } else {
      writableStreamDefaultControllerErrorIfNeeded(writable.controller, reason);
      transformStreamUnblockWrite(stream);
      finish.resolve(undefined);
    }
  }, (r) => {
    writableStreamDefaultControllerErrorIfNeeded(writable.controller, r);
    transformStreamUnblockWrite(stream);
    finish.reject(r);
  });
  return finish.promise;
}

// =====================================================================
// The interfaces
// =====================================================================

// A rejected promise for a failed brand check in a promise-returning operation.
const brandReject = (type) => rejectedWith(thisError(type));

function convertPipeOptions(options) {
  const d = toDict(options, 'options');
  if (d === null) return { preventAbort: false, preventCancel: false, preventClose: false, signal: undefined };
  const preventAbort = toBoolean(d.preventAbort);
  const preventCancel = toBoolean(d.preventCancel);
  const preventClose = toBoolean(d.preventClose);
  const signal = d.signal;
  if (signal !== undefined && !internal.isAbortSignal(signal)) {
    throw argError('The "options.signal" property must be an instance of AbortSignal.');
  }
  return { preventAbort, preventCancel, preventClose, signal };
}

class ReadableStream {
  #r;
  constructor(underlyingSource = undefined, strategy = undefined) {
    const stream = { $: this, controller: undefined };
    this.#r = stream;
    if (underlyingSource === kCreate) {
      initializeReadableStream(stream);
      return;
    }
    if (underlyingSource !== undefined && !isObject(underlyingSource)) {
      throw argError('The "underlyingSource" argument must be of type object.');
    }
    const strat = convertStrategy(strategy, 'strategy');
    const source = underlyingSource === undefined ? null : underlyingSource;
    const dict = { autoAllocateChunkSize: undefined, cancel: undefined, pull: undefined, start: undefined, type: undefined };
    if (source !== null) {
      const aacs = source.autoAllocateChunkSize;
      if (aacs !== undefined) dict.autoAllocateChunkSize = toEnforceRangeULL(aacs, 'autoAllocateChunkSize');
      dict.cancel = toCallback(source.cancel, 'underlyingSource.cancel');
      dict.pull = toCallback(source.pull, 'underlyingSource.pull');
      dict.start = toCallback(source.start, 'underlyingSource.start');
      const type = source.type;
      if (type !== undefined) {
        dict.type = toDOMString(type);
        if (dict.type !== 'bytes') {
          throw new TypeErrorCtor(`The provided value '${dict.type}' is not a valid enum value of type ReadableStreamType.`);
        }
      }
    }
    initializeReadableStream(stream);
    if (dict.type === 'bytes') {
      if (strat.size !== undefined) throw new RangeErrorCtor('The strategy for a byte stream cannot have a size function');
      const hwm = extractHighWaterMark(strat, 0);
      setUpReadableByteStreamControllerFromUnderlyingSource(stream, source, dict, hwm);
    } else {
      const sizeAlgorithm = extractSizeAlgorithm(strat);
      const hwm = extractHighWaterMark(strat, 1);
      setUpReadableStreamDefaultControllerFromUnderlyingSource(stream, source, dict, hwm, sizeAlgorithm);
    }
  }

  static from(asyncIterable) {
    internal.requireArgs(arguments.length, 1, "Failed to execute 'from' on 'ReadableStream'");
    return readableStreamFromIterable(asyncIterable).$;
  }

  get locked() {
    return isReadableStreamLocked(this.#r);
  }

  cancel(reason = undefined) {
    const stream = RS(this);
    if (stream === undefined) return brandReject('ReadableStream');
    if (isReadableStreamLocked(stream)) return rejectedWith(stateError('ReadableStream is locked'));
    return readableStreamCancel(stream, reason);
  }

  getReader(options = undefined) {
    const stream = this.#r;
    const d = toDict(options, 'options');
    let mode;
    if (d !== null && d.mode !== undefined) {
      mode = toDOMString(d.mode);
      if (mode !== 'byob') throw new TypeErrorCtor(`The provided value '${mode}' is not a valid enum value of type ReadableStreamReaderMode.`);
    }
    if (mode === undefined) return acquireReadableStreamDefaultReader(stream).$;
    return acquireReadableStreamBYOBReader(stream).$;
  }

  pipeThrough(transform, options = undefined) {
    const stream = this.#r;
    internal.requireArgs(arguments.length, 1, "Failed to execute 'pipeThrough' on 'ReadableStream'");
    const pair = toDict(transform, 'transform');
    if (pair === null) throw argError('The "transform" argument must be of type object.');
    const readable = RS(pair.readable);
    if (readable === undefined) throw argError('The "transform.readable" property must be an instance of ReadableStream.');
    const writable = WS(pair.writable);
    if (writable === undefined) throw argError('The "transform.writable" property must be an instance of WritableStream.');
    const opts = convertPipeOptions(options);
    if (isReadableStreamLocked(stream)) throw stateError('The ReadableStream is locked');
    if (isWritableStreamLocked(writable)) throw stateError('The WritableStream is locked');
    const promise = readableStreamPipeTo(stream, writable, opts.preventClose, opts.preventAbort, opts.preventCancel, opts.signal);
    setHandled(promise);
    return readable.$;
  }

  pipeTo(destination, options = undefined) {
    const stream = RS(this);
    if (stream === undefined) return brandReject('ReadableStream');
    let dest;
    let opts;
    try {
      internal.requireArgs(arguments.length, 1, "Failed to execute 'pipeTo' on 'ReadableStream'");
      dest = WS(destination);
      if (dest === undefined) throw argError('The "destination" argument must be an instance of WritableStream.');
      opts = convertPipeOptions(options);
    } catch (e) {
      return rejectedWith(e);
    }
    if (isReadableStreamLocked(stream)) return rejectedWith(stateError('The ReadableStream is locked'));
    if (isWritableStreamLocked(dest)) return rejectedWith(stateError('The WritableStream is locked'));
    return readableStreamPipeTo(stream, dest, opts.preventClose, opts.preventAbort, opts.preventCancel, opts.signal);
  }

  tee() {
    const branches = readableStreamTee(this.#r, false);
    return [branches[0].$, branches[1].$];
  }

  values(options = undefined) {
    const stream = this.#r;
    const d = toDict(options, 'options');
    const preventCancel = d === null ? false : toBoolean(d.preventCancel);
    const reader = acquireReadableStreamDefaultReader(stream);
    return newAsyncIterator(reader, preventCancel);
  }

  static {
    RS = (x) => (isObject(x) && #r in x ? x.#r : undefined);
    newReadableStream = () => new ReadableStream(kCreate).#r;
  }
}
ObjectDefineProperty(ReadableStream.prototype, SymbolAsyncIterator, {
  value: ReadableStream.prototype.values, writable: true, enumerable: false, configurable: true,
});

// The async iterator (WebIDL asynchronous iterable declaration).
const AsyncIteratorPrototype = (() => {
  const proto = {};
  ObjectDefineProperty(proto, SymbolAsyncIterator, {
    value: { [SymbolAsyncIterator]() { return this; } }[SymbolAsyncIterator],
    writable: true, enumerable: false, configurable: true,
  });
  return proto;
})();

class ReadableStreamAsyncIterator {
  #it;
  constructor(reader, preventCancel) {
    this.#it = { reader, preventCancel, ongoing: undefined, finished: false };
  }
  next() {
    const it = this.#it;
    const nextSteps = () => {
      if (it.finished) return resolvedWith({ value: undefined, done: true });
      const reader = it.reader;
      const d = newDeferred();
      readableStreamDefaultReaderRead(reader, {
        chunk: (chunk) => d.resolve({ value: chunk, done: false }),
        close: () => {
          readableStreamDefaultReaderRelease(reader);
          d.resolve(undefined);
        },
        error: (e) => {
          readableStreamDefaultReaderRelease(reader);
          d.reject(e);
        },
      });
      return then(d.promise, (result) => {
        it.ongoing = undefined;
        if (result === undefined) {
          it.finished = true;
          return { value: undefined, done: true };
        }
        return result;
      }, (reason) => {
        it.ongoing = undefined;
        it.finished = true;
        throw reason;
      });
    };
    it.ongoing = it.ongoing !== undefined ? then(it.ongoing, nextSteps, nextSteps) : nextSteps();
    return it.ongoing;
  }
  return(value = undefined) {
    const it = this.#it;
    const returnSteps = () => {
      if (it.finished) return resolvedWith({ value, done: true });
      it.finished = true;
      const reader = it.reader;
      if (reader.stream === undefined) return resolvedWith(undefined);
      if (!it.preventCancel) {
        const result = readableStreamReaderGenericCancel(reader, value);
        readableStreamDefaultReaderRelease(reader);
        return result;
      }
      readableStreamDefaultReaderRelease(reader);
      return resolvedWith(undefined);
    };
    it.ongoing = it.ongoing !== undefined ? then(it.ongoing, returnSteps, returnSteps) : returnSteps();
    return then(it.ongoing, () => ({ value, done: true }));
  }
  static {
    internal.isReadableStreamAsyncIterator = (x) => isObject(x) && #it in x;
  }
}
{
  const proto = ReadableStreamAsyncIterator.prototype;
  const next = proto.next;
  const ret = proto.return;
  // Brand failures reject rather than throw.
  const methods = {
    next() {
      if (!internal.isReadableStreamAsyncIterator(this)) return rejectedWith(thisError('ReadableStreamAsyncIterator'));
      return ReflectApply(next, this, []);
    },
    return(value) {
      if (!internal.isReadableStreamAsyncIterator(this)) return rejectedWith(thisError('ReadableStreamAsyncIterator'));
      return ReflectApply(ret, this, [value]);
    },
  };
  ObjectDefineProperty(proto, 'next', { value: methods.next, writable: true, enumerable: true, configurable: true });
  ObjectDefineProperty(proto, 'return', { value: methods.return, writable: true, enumerable: true, configurable: true });
  delete proto.constructor;
  ObjectSetPrototypeOf(proto, AsyncIteratorPrototype);
  ObjectDefineProperty(proto, Symbol.toStringTag, { value: 'ReadableStream AsyncIterator', configurable: true });
}
function newAsyncIterator(reader, preventCancel) {
  return new ReadableStreamAsyncIterator(reader, preventCancel);
}

class ReadableStreamDefaultReader {
  #r;
  constructor(stream) {
    const reader = { $: this, type: 'default', stream: undefined, closedPromise: undefined, readRequests: undefined };
    this.#r = reader;
    if (stream === kCreate) return;
    internal.requireArgs(arguments.length, 1, "Failed to construct 'ReadableStreamDefaultReader'");
    const s = RS(stream);
    if (s === undefined) throw argError('The "stream" argument must be an instance of ReadableStream.');
    setUpReadableStreamDefaultReader(reader, s);
  }
  get closed() {
    const reader = DR(this);
    if (reader === undefined) return brandReject('ReadableStreamDefaultReader');
    return reader.closedPromise.promise;
  }
  cancel(reason = undefined) {
    const reader = DR(this);
    if (reader === undefined) return brandReject('ReadableStreamDefaultReader');
    if (reader.stream === undefined) return rejectedWith(stateError('The reader is not attached to a stream'));
    return readableStreamReaderGenericCancel(reader, reason);
  }
  read() {
    const reader = DR(this);
    if (reader === undefined) return brandReject('ReadableStreamDefaultReader');
    if (reader.stream === undefined) return rejectedWith(stateError('The reader is not attached to a stream'));
    const req = new ReadRequest();
    readableStreamDefaultReaderRead(reader, req);
    return req.promise();
  }
  releaseLock() {
    const reader = this.#r;
    if (reader.stream === undefined) return;
    readableStreamDefaultReaderRelease(reader);
  }
  static {
    DR = (x) => (isObject(x) && #r in x ? x.#r : undefined);
    newDefaultReader = () => new ReadableStreamDefaultReader(kCreate).#r;
  }
}
class ReadableStreamBYOBReader {
  #r;
  constructor(stream) {
    const reader = { $: this, type: 'byob', stream: undefined, closedPromise: undefined, readIntoRequests: undefined };
    this.#r = reader;
    if (stream === kCreate) return;
    internal.requireArgs(arguments.length, 1, "Failed to construct 'ReadableStreamBYOBReader'");
    const s = RS(stream);
    if (s === undefined) throw argError('The "stream" argument must be an instance of ReadableStream.');
    setUpReadableStreamBYOBReader(reader, s);
  }
  get closed() {
    const reader = BR(this);
    if (reader === undefined) return brandReject('ReadableStreamBYOBReader');
    return reader.closedPromise.promise;
  }
  cancel(reason = undefined) {
    const reader = BR(this);
    if (reader === undefined) return brandReject('ReadableStreamBYOBReader');
    if (reader.stream === undefined) return rejectedWith(stateError('The reader is not attached to a stream'));
    return readableStreamReaderGenericCancel(reader, reason);
  }
  read(view, options = undefined) {
    const reader = BR(this);
    if (reader === undefined) return brandReject('ReadableStreamBYOBReader');
    let min = 1;
    try {
      internal.requireArgs(arguments.length, 1, "Failed to execute 'read' on 'ReadableStreamBYOBReader'");
      if (!ArrayBufferIsView(view)) throw argError('The "view" argument must be an instance of ArrayBufferView.');
      const d = toDict(options, 'options');
      if (d !== null && d.min !== undefined) min = toEnforceRangeULL(d.min, 'options.min');
    } catch (e) {
      return rejectedWith(e);
    }
    if (viewByteLength(view) === 0) return rejectedWith(new TypeErrorCtor('view must have non-zero byteLength'));
    const buffer = viewBuffer(view);
    if (bufferByteLength(buffer) === 0) {
      return rejectedWith(new TypeErrorCtor('view\'s buffer must have non-zero byteLength'));
    }
    if (isDetached(buffer)) return rejectedWith(new TypeErrorCtor('view\'s buffer has been detached'));
    if (min === 0) return rejectedWith(new TypeErrorCtor('options.min must be greater than 0'));
    if (typedArrayName(view) !== undefined) {
      if (min > ReflectApply(typedArrayLengthGet, view, [])) return rejectedWith(new RangeErrorCtor('options.min must be less than or equal to view\'s length'));
    } else if (min > viewByteLength(view)) {
      return rejectedWith(new RangeErrorCtor('options.min must be less than or equal to view\'s byteLength'));
    }
    if (reader.stream === undefined) return rejectedWith(stateError('The reader is not attached to a stream'));
    const req = new ReadRequest();
    readableStreamBYOBReaderRead(reader, view, min, req);
    return req.promise();
  }
  releaseLock() {
    const reader = this.#r;
    if (reader.stream === undefined) return;
    readableStreamBYOBReaderRelease(reader);
  }
  static {
    BR = (x) => (isObject(x) && #r in x ? x.#r : undefined);
    newBYOBReader = () => new ReadableStreamBYOBReader(kCreate).#r;
  }
}
class ReadableStreamDefaultController {
  #r;
  constructor(token = undefined) {
    if (token !== kCreate) throw new TypeErrorCtor('Illegal constructor');
    this.#r = {
      $: this, type: 'default', cancelSteps: defaultControllerCancelSteps, pullSteps: defaultControllerPullSteps, releaseSteps: noop,
    };
  }
  get desiredSize() {
    return readableStreamDefaultControllerGetDesiredSize(this.#r);
  }
  close() {
    const c = this.#r;
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) throw stateError('Controller is already closed');
    readableStreamDefaultControllerClose(c);
  }
  enqueue(chunk = undefined) {
    const c = this.#r;
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) throw stateError('Controller is already closed');
    readableStreamDefaultControllerEnqueue(c, chunk);
  }
  error(e = undefined) {
    readableStreamDefaultControllerError(this.#r, e);
  }
  static {
    newDefaultController = () => new ReadableStreamDefaultController(kCreate).#r;
  }
}

class ReadableByteStreamController {
  #r;
  constructor(token = undefined) {
    if (token !== kCreate) throw new TypeErrorCtor('Illegal constructor');
    this.#r = {
      $: this, type: 'byte', cancelSteps: byteControllerCancelSteps, pullSteps: byteControllerPullSteps, releaseSteps: byteControllerReleaseSteps,
    };
  }
  get byobRequest() {
    const req = readableByteStreamControllerGetBYOBRequest(this.#r);
    return req === null ? null : req.$;
  }
  get desiredSize() {
    return readableByteStreamControllerGetDesiredSize(this.#r);
  }
  close() {
    const c = this.#r;
    if (c.closeRequested) throw stateError('Controller is already closed');
    if (c.stream.state !== 'readable') throw stateError('ReadableStream is not readable');
    readableByteStreamControllerClose(c);
  }
  enqueue(chunk) {
    const c = this.#r;
    internal.requireArgs(arguments.length, 1, "Failed to execute 'enqueue' on 'ReadableByteStreamController'");
    if (!ArrayBufferIsView(chunk)) throw argError('The "chunk" argument must be an instance of ArrayBufferView.');
    if (viewByteLength(chunk) === 0) throw new TypeErrorCtor('chunk must have non-zero byteLength');
    if (bufferByteLength(viewBuffer(chunk)) === 0) throw new TypeErrorCtor('chunk\'s buffer must have non-zero byteLength');
    if (c.closeRequested) throw stateError('Controller is already closed');
    if (c.stream.state !== 'readable') throw stateError('ReadableStream is not readable');
    readableByteStreamControllerEnqueue(c, chunk);
  }
  error(e = undefined) {
    readableByteStreamControllerError(this.#r, e);
  }
  static {
    newByteController = () => new ReadableByteStreamController(kCreate).#r;
  }
}

class ReadableStreamBYOBRequest {
  #r;
  constructor(token = undefined) {
    if (token !== kCreate) throw new TypeErrorCtor('Illegal constructor');
    this.#r = { $: this, controller: undefined, view: null };
  }
  get view() {
    return this.#r.view;
  }
  respond(bytesWritten) {
    const req = this.#r;
    internal.requireArgs(arguments.length, 1, "Failed to execute 'respond' on 'ReadableStreamBYOBRequest'");
    bytesWritten = toEnforceRangeULL(bytesWritten, 'bytesWritten');
    if (req.controller === undefined) throw stateError('This BYOB request has been invalidated');
    if (isDetached(viewBuffer(req.view))) throw new TypeErrorCtor('The BYOB request\'s buffer has been detached');
    readableByteStreamControllerRespond(req.controller, bytesWritten);
  }
  respondWithNewView(view) {
    const req = this.#r;
    internal.requireArgs(arguments.length, 1, "Failed to execute 'respondWithNewView' on 'ReadableStreamBYOBRequest'");
    if (!ArrayBufferIsView(view)) throw argError('The "view" argument must be an instance of ArrayBufferView.');
    if (req.controller === undefined) throw stateError('This BYOB request has been invalidated');
    if (isDetached(viewBuffer(view))) throw new TypeErrorCtor('The given view\'s buffer has been detached');
    readableByteStreamControllerRespondWithNewView(req.controller, view);
  }
  static {
    newBYOBRequest = () => new ReadableStreamBYOBRequest(kCreate).#r;
  }
}

class WritableStream {
  #r;
  constructor(underlyingSink = undefined, strategy = undefined) {
    const stream = { $: this };
    this.#r = stream;
    if (underlyingSink === kCreate) {
      initializeWritableStream(stream);
      return;
    }
    if (underlyingSink !== undefined && !isObject(underlyingSink)) {
      throw argError('The "underlyingSink" argument must be of type object.');
    }
    const strat = convertStrategy(strategy, 'strategy');
    const sink = underlyingSink === undefined ? null : underlyingSink;
    const dict = { abort: undefined, close: undefined, start: undefined, type: undefined, write: undefined };
    if (sink !== null) {
      dict.abort = toCallback(sink.abort, 'underlyingSink.abort');
      dict.close = toCallback(sink.close, 'underlyingSink.close');
      dict.start = toCallback(sink.start, 'underlyingSink.start');
      dict.type = sink.type;
      dict.write = toCallback(sink.write, 'underlyingSink.write');
    }
    if (dict.type !== undefined) throw new RangeErrorCtor('Invalid type is specified');
    initializeWritableStream(stream);
    const sizeAlgorithm = extractSizeAlgorithm(strat);
    const hwm = extractHighWaterMark(strat, 1);
    setUpWritableStreamDefaultControllerFromUnderlyingSink(stream, sink, dict, hwm, sizeAlgorithm);
  }
  get locked() {
    return isWritableStreamLocked(this.#r);
  }
  abort(reason = undefined) {
    const stream = WS(this);
    if (stream === undefined) return brandReject('WritableStream');
    if (isWritableStreamLocked(stream)) return rejectedWith(stateError('WritableStream is locked'));
    return writableStreamAbort(stream, reason);
  }
  close() {
    const stream = WS(this);
    if (stream === undefined) return brandReject('WritableStream');
    if (isWritableStreamLocked(stream)) return rejectedWith(stateError('WritableStream is locked'));
    if (writableStreamCloseQueuedOrInFlight(stream)) return rejectedWith(stateError('WritableStream is closed'));
    return writableStreamClose(stream);
  }
  getWriter() {
    return acquireWritableStreamDefaultWriter(this.#r).$;
  }
  static {
    WS = (x) => (isObject(x) && #r in x ? x.#r : undefined);
    newWritableStream = () => new WritableStream(kCreate).#r;
  }
}

class WritableStreamDefaultWriter {
  #r;
  constructor(stream) {
    const writer = { $: this, stream: undefined, readyPromise: undefined, closedPromise: undefined };
    this.#r = writer;
    if (stream === kCreate) return;
    internal.requireArgs(arguments.length, 1, "Failed to construct 'WritableStreamDefaultWriter'");
    const s = WS(stream);
    if (s === undefined) throw argError('The "stream" argument must be an instance of WritableStream.');
    setUpWritableStreamDefaultWriter(writer, s);
  }
  get closed() {
    const writer = WR(this);
    if (writer === undefined) return brandReject('WritableStreamDefaultWriter');
    return writer.closedPromise.promise;
  }
  get desiredSize() {
    const writer = this.#r;
    if (writer.stream === undefined) throw stateError('Writer is not bound to a WritableStream');
    return writableStreamDefaultWriterGetDesiredSize(writer);
  }
  get ready() {
    const writer = WR(this);
    if (writer === undefined) return brandReject('WritableStreamDefaultWriter');
    return writer.readyPromise.promise;
  }
  abort(reason = undefined) {
    const writer = WR(this);
    if (writer === undefined) return brandReject('WritableStreamDefaultWriter');
    if (writer.stream === undefined) return rejectedWith(stateError('Writer is not bound to a WritableStream'));
    return writableStreamDefaultWriterAbort(writer, reason);
  }
  close() {
    const writer = WR(this);
    if (writer === undefined) return brandReject('WritableStreamDefaultWriter');
    const stream = writer.stream;
    if (stream === undefined) return rejectedWith(stateError('Writer is not bound to a WritableStream'));
    if (writableStreamCloseQueuedOrInFlight(stream)) return rejectedWith(stateError('WritableStream is closed'));
    return writableStreamDefaultWriterClose(writer);
  }
  releaseLock() {
    const writer = this.#r;
    if (writer.stream === undefined) return;
    writableStreamDefaultWriterRelease(writer);
  }
  write(chunk = undefined) {
    const writer = WR(this);
    if (writer === undefined) return brandReject('WritableStreamDefaultWriter');
    if (writer.stream === undefined) return rejectedWith(stateError('Writer is not bound to a WritableStream'));
    return writableStreamDefaultWriterWrite(writer, chunk);
  }
  static {
    WR = (x) => (isObject(x) && #r in x ? x.#r : undefined);
    newWriter = () => new WritableStreamDefaultWriter(kCreate).#r;
  }
}
class WritableStreamDefaultController {
  #r;
  constructor(token = undefined) {
    if (token !== kCreate) throw new TypeErrorCtor('Illegal constructor');
    this.#r = { $: this, abortSteps: writableControllerAbortSteps, errorSteps: writableControllerErrorSteps };
  }
  get signal() {
    return this.#r.abortSignal;
  }
  error(e = undefined) {
    const c = this.#r;
    if (c.stream.state !== 'writable') return;
    writableStreamDefaultControllerError(c, e);
  }
  static {
    newWritableController = () => new WritableStreamDefaultController(kCreate).#r;
  }
}

class TransformStream {
  #r;
  constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
    const stream = { $: this };
    this.#r = stream;
    if (transformer === kCreate) return;
    if (transformer !== undefined && !isObject(transformer)) {
      throw argError('The "transformer" argument must be of type object.');
    }
    const wStrat = convertStrategy(writableStrategy, 'writableStrategy');
    const rStrat = convertStrategy(readableStrategy, 'readableStrategy');
    const t = transformer === undefined ? null : transformer;
    const dict = { cancel: undefined, flush: undefined, readableType: undefined, start: undefined, transform: undefined, writableType: undefined };
    if (t !== null) {
      dict.cancel = toCallback(t.cancel, 'transformer.cancel');
      dict.flush = toCallback(t.flush, 'transformer.flush');
      dict.readableType = t.readableType;
      dict.start = toCallback(t.start, 'transformer.start');
      dict.transform = toCallback(t.transform, 'transformer.transform');
      dict.writableType = t.writableType;
    }
    if (dict.readableType !== undefined) throw new RangeErrorCtor('Invalid readableType specified');
    if (dict.writableType !== undefined) throw new RangeErrorCtor('Invalid writableType specified');
    const readableHWM = extractHighWaterMark(rStrat, 0);
    const readableSize = extractSizeAlgorithm(rStrat);
    const writableHWM = extractHighWaterMark(wStrat, 1);
    const writableSize = extractSizeAlgorithm(wStrat);
    const startPromise = newDeferred();
    initializeTransformStream(stream, startPromise.promise, writableHWM, writableSize, readableHWM, readableSize);
    setUpTransformStreamDefaultControllerFromTransformer(stream, t, dict);
    if (dict.start !== undefined) startPromise.resolve(ReflectApply(dict.start, t, [stream.controller.$]));
    else startPromise.resolve(undefined);
  }
  get readable() {
    return this.#r.readable.$;
  }
  get writable() {
    return this.#r.writable.$;
  }
  static {
    TS = (x) => (isObject(x) && #r in x ? x.#r : undefined);
    newTransformStream = () => new TransformStream(kCreate).#r;
  }
}

class TransformStreamDefaultController {
  #r;
  constructor(token = undefined) {
    if (token !== kCreate) throw new TypeErrorCtor('Illegal constructor');
    this.#r = { $: this };
  }
  get desiredSize() {
    return readableStreamDefaultControllerGetDesiredSize(this.#r.stream.readable.controller);
  }
  enqueue(chunk = undefined) {
    transformStreamDefaultControllerEnqueue(this.#r, chunk);
  }
  error(reason = undefined) {
    transformStreamDefaultControllerError(this.#r, reason);
  }
  terminate() {
    transformStreamDefaultControllerTerminate(this.#r);
  }
  static {
    newTransformController = () => new TransformStreamDefaultController(kCreate).#r;
  }
}

// ---- queuing strategies ----

const byteLengthSize = { size(chunk) { return chunk.byteLength; } }.size;
const countSize = { size() { return 1; } }.size;

function convertStrategyInit(init, what) {
  internal.requireArgs(init === kCreate ? 0 : 1, 1, what);
  const d = toDict(init, what);
  if (d === null || d.highWaterMark === undefined) {
    throw new TypeErrorCtor(`${what}: required member highWaterMark is undefined.`);
  }
  return toUnrestrictedDouble(d.highWaterMark);
}

class ByteLengthQueuingStrategy {
  #hwm;
  constructor(init) {
    internal.requireArgs(arguments.length, 1, "Failed to construct 'ByteLengthQueuingStrategy'");
    this.#hwm = convertStrategyInit(init, "Failed to construct 'ByteLengthQueuingStrategy'");
  }
  get highWaterMark() {
    return this.#hwm;
  }
  get size() {
    this.#hwm;
    return byteLengthSize;
  }
}

class CountQueuingStrategy {
  #hwm;
  constructor(init) {
    internal.requireArgs(arguments.length, 1, "Failed to construct 'CountQueuingStrategy'");
    this.#hwm = convertStrategyInit(init, "Failed to construct 'CountQueuingStrategy'");
  }
  get highWaterMark() {
    return this.#hwm;
  }
  get size() {
    this.#hwm;
    return countSize;
  }
}

exposeInterface(ReadableStream);
exposeInterface(ReadableStreamDefaultReader);
exposeInterface(ReadableStreamBYOBReader);
exposeInterface(ReadableStreamDefaultController);
exposeInterface(ReadableByteStreamController);
exposeInterface(ReadableStreamBYOBRequest);
exposeInterface(WritableStream);
exposeInterface(WritableStreamDefaultWriter);
exposeInterface(WritableStreamDefaultController);
exposeInterface(TransformStream);
exposeInterface(TransformStreamDefaultController);
exposeInterface(ByteLengthQueuingStrategy);
exposeInterface(CountQueuingStrategy);

internal.inspectors.set(ReadableStream.prototype, (s) => {
  const r = RS(s);
  return { props: { locked: r.reader !== undefined, state: r.state, supportsBYOB: r.controller.type === 'byte' } };
});
internal.inspectors.set(WritableStream.prototype, (s) => {
  const r = WS(s);
  return { props: { locked: r.writer !== undefined, state: r.state } };
});
internal.inspectors.set(TransformStream.prototype, (s) => {
  const r = TS(s);
  return { props: { readable: r.readable.$, writable: r.writable.$, backpressure: r.backpressure } };
});
internal.inspectors.set(ReadableStreamDefaultReader.prototype, (x) => {
  const r = DR(x);
  return {
    props: {
      stream: r.stream === undefined ? undefined : r.stream.$,
      readRequests: r.readRequests.length,
      close: r.closedPromise.promise,
    },
  };
});
internal.inspectors.set(ReadableStreamBYOBReader.prototype, (x) => {
  const r = BR(x);
  return {
    props: {
      stream: r.stream === undefined ? undefined : r.stream.$,
      requestCount: r.readIntoRequests.length,
      close: r.closedPromise.promise,
    },
  };
});
internal.inspectors.set(WritableStreamDefaultWriter.prototype, (x) => {
  const w = WR(x);
  return {
    props: {
      stream: w.stream === undefined ? undefined : w.stream.$,
      close: w.closedPromise.promise,
      ready: w.readyPromise.promise,
      desiredSize: w.stream === undefined ? undefined : writableStreamDefaultWriterGetDesiredSize(w),
    },
  };
});
internal.inspectors.set(ByteLengthQueuingStrategy.prototype, (x) => ({ props: { highWaterMark: x.highWaterMark } }));
internal.inspectors.set(CountQueuingStrategy.prototype, (x) => ({ props: { highWaterMark: x.highWaterMark } }));

// =====================================================================
// The contract with the other files (see the top of this file)
// =====================================================================

internal.ReadableStream = ReadableStream;
internal.isReadableStream = (x) => RS(x) !== undefined;
internal.isWritableStream = (x) => WS(x) !== undefined;
internal.isTransformStream = (x) => TS(x) !== undefined;
internal.isReadableStreamLocked = (s) => isReadableStreamLocked(RS(s));
internal.isReadableStreamDisturbed = (s) => RS(s).disturbed;
internal.readableStreamCancel = (s, reason) => readableStreamCancel(RS(s), reason);

const resultPromise = (fn, args) => {
  if (fn === undefined) return resolvedWith(undefined);
  return promiseCall(fn, undefined, args);
};

internal.createReadableStream = ({ pull, cancel, highWaterMark, size, type } = {}) => {
  const stream = newReadableStream();
  const pullAlgorithm = () => resultPromise(pull, []);
  const cancelAlgorithm = (reason) => resultPromise(cancel, [reason]);
  if (type === 'bytes') {
    const c = newByteController();
    setUpReadableByteStreamController(stream, c, () => undefined, pullAlgorithm, cancelAlgorithm, highWaterMark === undefined ? 0 : highWaterMark, undefined);
  } else {
    const c = newDefaultController();
    const sizeAlgorithm = size === undefined ? () => 1 : (chunk) => size(chunk);
    setUpReadableStreamDefaultController(stream, c, () => undefined, pullAlgorithm, cancelAlgorithm, highWaterMark === undefined ? 1 : highWaterMark, sizeAlgorithm);
  }
  return stream.$;
};

internal.readableStreamEnqueue = (s, chunk) => {
  const stream = RS(s);
  const c = stream.controller;
  if (c.type === 'default') {
    readableStreamDefaultControllerEnqueue(c, chunk);
    return;
  }
  const req = readableByteStreamControllerGetBYOBRequest(c);
  if (req !== null && viewBuffer(chunk) === viewBuffer(req.view)) {
    readableByteStreamControllerRespond(c, viewByteLength(chunk));
    return;
  }
  readableByteStreamControllerEnqueue(c, chunk);
};

internal.readableStreamClose = (s) => {
  const c = RS(s).controller;
  if (c.type === 'default') {
    readableStreamDefaultControllerClose(c);
    return;
  }
  readableByteStreamControllerClose(c);
  if (c.pendingPullIntos.length > 0 && c.stream.state === 'closed') readableByteStreamControllerRespond(c, 0);
};

internal.readableStreamError = (s, e) => {
  const c = RS(s).controller;
  if (c.type === 'default') readableStreamDefaultControllerError(c, e);
  else readableByteStreamControllerError(c, e);
};

internal.readableStreamDesiredSize = (s) => {
  const c = RS(s).controller;
  if (c.type === 'default') return readableStreamDefaultControllerGetDesiredSize(c);
  return readableByteStreamControllerGetDesiredSize(c);
};

internal.readableStreamFromBytes = (u8) => {
  const s = internal.createReadableStream({ type: 'bytes' });
  if (u8.byteLength > 0) internal.readableStreamEnqueue(s, new Uint8ArrayCtor(u8));
  internal.readableStreamClose(s);
  return s;
};

internal.readableStreamTee = (s) => {
  const branches = readableStreamTee(RS(s), false);
  return [branches[0].$, branches[1].$];
};

// readAllBytesWith is "read all bytes" with success and failure steps
// (no promise resolved with the bytes, so Object.prototype.then cannot
// intercept them). It returns false, without calling either, if s is locked.
internal.readAllBytesWith = (s, successSteps, failureSteps) => {
  const stream = RS(s);
  if (isReadableStreamLocked(stream)) return false;
  const reader = acquireReadableStreamDefaultReader(stream);
  const chunks = [];
  const req = {
    chunk(chunk) {
      if (typedArrayName(chunk) !== 'Uint8Array') {
        failureSteps(new TypeErrorCtor('Received non-Uint8Array chunk'));
        return;
      }
      chunks.push(chunk);
      readNext();
    },
    close() {
      successSteps(chunks.length === 0 ? new Uint8ArrayCtor(0) : internal.concatBytes(chunks));
    },
    error(e) {
      failureSteps(e);
    },
  };
  const readNext = readerLoop(reader, req);
  readNext();
  return true;
};

// readerLoop returns readNext(), which reads reader's next chunk into the
// read request req. Called again from req's chunk steps (the next chunk
// already queued), it loops instead of recursing.
function readerLoop(reader, req) {
  let inLoop = false;
  let again = false;
  return function readNext() {
    if (inLoop) {
      again = true;
      return;
    }
    inLoop = true;
    do {
      again = false;
      readableStreamDefaultReaderRead(reader, req);
    } while (again);
    inLoop = false;
  };
}

// streamBatchReader locks s with a default reader whose read(maxBytes,
// steps) takes, in one go, every chunk already queued (up to maxBytes; at
// least one, waiting for it if none is): steps.chunks(list) with them,
// steps.close(list) or steps.error(e, list) when the stream ends first
// (list then holds the chunks read before; a later read reports the end
// again). A response body handed to the socket is read this way, so chunks
// a source enqueues together cost one hand-over, not one each.
internal.streamBatchReader = (s) => {
  const stream = RS(s);
  const reader = acquireReadableStreamDefaultReader(stream);
  return {
    read(maxBytes, steps) {
      const chunks = [];
      let size = 0;
      const req = {
        chunk(chunk) {
          chunks.push(chunk);
          size += typeof chunk === 'string' ? chunk.length : (chunk?.byteLength ?? 1);
          if (size < maxBytes && stream.state === 'readable' && stream.controller.queueTotalSize > 0) {
            readNext();
            return;
          }
          steps.chunks(chunks);
        },
        close() {
          steps.close(chunks);
        },
        error(e) {
          steps.error(e, chunks);
        },
      };
      const readNext = readerLoop(reader, req);
      readNext();
    },
    cancel(reason) {
      setHandled(readableStreamReaderGenericCancel(reader, reason));
    },
  };
};

internal.readAllBytes = (s) => {
  const d = newDeferred();
  if (!internal.readAllBytesWith(s, (bytes) => d.resolve(bytes), (e) => d.reject(e))) {
    return rejectedWith(stateError('ReadableStream is locked'));
  }
  return d.promise;
};

internal.createTransformStream = ({ transform, flush, cancel } = {}) => {
  const stream = newTransformStream();
  const startPromise = newDeferred();
  initializeTransformStream(stream, startPromise.promise, 1, () => 1, 0, () => 1);
  const c = newTransformController();
  const api = {
    enqueue: (chunk) => transformStreamDefaultControllerEnqueue(c, chunk),
    error: (e) => transformStreamDefaultControllerError(c, e),
    terminate: () => transformStreamDefaultControllerTerminate(c),
  };
  const transformAlgorithm = transform === undefined
    ? (chunk) => {
      try {
        api.enqueue(chunk);
        return resolvedWith(undefined);
      } catch (e) {
        return rejectedWith(e);
      }
    }
    : (chunk) => promiseCall(transform, undefined, [chunk, api]);
  const flushAlgorithm = () => resultPromise(flush, [api]);
  const cancelAlgorithm = (reason) => resultPromise(cancel, [reason]);
  setUpTransformStreamDefaultController(stream, c, transformAlgorithm, flushAlgorithm, cancelAlgorithm);
  startPromise.resolve(undefined);
  return stream.$;
};
