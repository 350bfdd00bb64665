// util.types and the brand checks shared by inspect and assert: brand checks through built-in accessors that throw (or
// answer undefined) for anything without the internal slot.
function brand(fn) {
  return (v) => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return false;
    try { fn(v); return true; } catch { return false; }
  };
}
const isDate = brand((v) => Date.prototype.getTime.call(v));
const regExpSource = Object.getOwnPropertyDescriptor(RegExp.prototype, 'source').get;
const isRegExp = (v) => v !== RegExp.prototype && brand((x) => regExpSource.call(x))(v);
const isMap = brand((v) => MapSize.call(v));
const isSet = brand((v) => SetSize.call(v));
const isWeakMap = brand((v) => WeakMap.prototype.has.call(v, {}));
const isWeakSet = brand((v) => WeakSet.prototype.has.call(v, {}));
const isArrayBuffer = brand((v) => ArrayBufferByteLength.call(v));
const sabByteLength = typeof SharedArrayBuffer === 'function' ? Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength').get : null;
const isSharedArrayBuffer = (v) => sabByteLength !== null && brand((x) => sabByteLength.call(x))(v);
const dataViewByteLength = Object.getOwnPropertyDescriptor(DataView.prototype, 'byteLength').get;
const isDataView = brand((v) => dataViewByteLength.call(v));
const isNumberObject = (v) => typeof v === 'object' && brand((x) => Number.prototype.valueOf.call(x))(v);
const isStringObject = (v) => typeof v === 'object' && brand((x) => String.prototype.valueOf.call(x))(v);
const isBooleanObject = (v) => typeof v === 'object' && brand((x) => Boolean.prototype.valueOf.call(x))(v);
const isBigIntObject = (v) => typeof v === 'object' && brand((x) => BigInt.prototype.valueOf.call(x))(v);
const isSymbolObject = (v) => typeof v === 'object' && brand((x) => Symbol.prototype.valueOf.call(x))(v);
function isPromise(v) { return v !== null && typeof v === 'object' && host.promiseState(v) !== undefined; }
function isNativeError(v) {
  return v !== null && typeof v === 'object' && (v instanceof Error || ObjectToString.call(v) === '[object Error]');
}
function isArgumentsObject(v) { return v !== null && typeof v === 'object' && ObjectToString.call(v) === '[object Arguments]'; }
function fnTag(v) { return typeof v === 'function' ? v[Symbol.toStringTag] : undefined; }
function isAsyncFunction(v) { const t = fnTag(v); return t === 'AsyncFunction' || t === 'AsyncGeneratorFunction'; }
function isGeneratorFunction(v) { const t = fnTag(v); return t === 'GeneratorFunction' || t === 'AsyncGeneratorFunction'; }
const GeneratorPrototype = ObjectGetPrototypeOf(function* () {}.prototype);
function isGeneratorObject(v) {
  if (v === null || typeof v !== 'object') return false;
  const t = ObjectToString.call(v);
  return t === '[object Generator]' || t === '[object AsyncGenerator]' ||
    GeneratorPrototype.isPrototypeOf(v);
}
const MapIteratorPrototype = ObjectGetPrototypeOf(new Map().entries());
const SetIteratorPrototype = ObjectGetPrototypeOf(new Set().values());
function isMapIterator(v) { return v !== null && typeof v === 'object' && MapIteratorPrototype.isPrototypeOf(v); }
function isSetIterator(v) { return v !== null && typeof v === 'object' && SetIteratorPrototype.isPrototypeOf(v); }
function isTypedArray(v) { return typedArrayTag(v) !== undefined; }
function taCheck(name) { return (v) => typedArrayTag(v) === name; }

const types = {
  isExternal: () => false,
  isDate,
  isArgumentsObject,
  isBigIntObject,
  isBooleanObject,
  isNumberObject,
  isStringObject,
  isSymbolObject,
  isNativeError,
  isRegExp,
  isAsyncFunction,
  isGeneratorFunction,
  isGeneratorObject,
  isPromise,
  isMap,
  isSet,
  isMapIterator,
  isSetIterator,
  isWeakMap,
  isWeakSet,
  isArrayBuffer,
  isDataView,
  isSharedArrayBuffer,
  // goja gives script no way to tell a Proxy from its target.
  isProxy: () => false,
  isModuleNamespaceObject: () => false,
  isAnyArrayBuffer: (v) => isArrayBuffer(v) || isSharedArrayBuffer(v),
  isBoxedPrimitive: (v) => isNumberObject(v) || isStringObject(v) || isBooleanObject(v) || isBigIntObject(v) || isSymbolObject(v),
  isArrayBufferView: (v) => ArrayBuffer.isView(v),
  isTypedArray,
  isUint8Array: taCheck('Uint8Array'),
  isUint8ClampedArray: taCheck('Uint8ClampedArray'),
  isUint16Array: taCheck('Uint16Array'),
  isUint32Array: taCheck('Uint32Array'),
  isInt8Array: taCheck('Int8Array'),
  isInt16Array: taCheck('Int16Array'),
  isInt32Array: taCheck('Int32Array'),
  isFloat32Array: taCheck('Float32Array'),
  isFloat64Array: taCheck('Float64Array'),
  isBigInt64Array: taCheck('BigInt64Array'),
  isBigUint64Array: taCheck('BigUint64Array'),
  // There is no node:crypto KeyObject in the Edge Runtime.
  isKeyObject: () => false,
  isCryptoKey: (v) => typeof CryptoKey === 'function' && v instanceof CryptoKey,
};

