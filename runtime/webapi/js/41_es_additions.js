// ECMAScript pieces that goja lacks and the streams need: Symbol.asyncIterator
// and ArrayBuffer.prototype.transfer, transferToFixedLength and detached
// (ES2024). Each is defined only if absent.

const ReflectApply = Reflect.apply;
const ObjectDefineProperty = Object.defineProperty;

// goja has no Symbol.asyncIterator; esbuild's lowered for-await falls back
// to Symbol.for('Symbol.asyncIterator'), so that is the one defined here.
if (Symbol.asyncIterator === undefined) {
  ObjectDefineProperty(Symbol, 'asyncIterator', { value: Symbol.for('Symbol.asyncIterator') });
}

// goja lacks ES2024's ArrayBuffer.prototype.transfer, transferToFixedLength
// and detached, which code handing buffers to byte streams uses.
if (ArrayBuffer.prototype.transfer === undefined) {
  const abLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
  const toIndex = (v) => {
    const n = v === undefined ? 0 : Math.trunc(+v) || 0;
    if (n < 0 || n > Number.MAX_SAFE_INTEGER) throw new RangeError('Invalid array buffer length');
    return n;
  };
  const transferImpl = (buf, newLength) => {
    const oldLength = ReflectApply(abLength, buf, []);
    const length = newLength === undefined ? oldLength : toIndex(newLength);
    if (host.isDetached(buf)) throw new TypeError('Cannot perform ArrayBuffer.prototype.transfer on a detached ArrayBuffer');
    let out;
    if (length === oldLength) {
      out = host.transferBuffer(buf);
    } else {
      out = new ArrayBuffer(length);
      const n = Math.min(length, oldLength);
      if (n > 0) new Uint8Array(out).set(new Uint8Array(buf, 0, n));
    }
    host.detach(buf);
    return out;
  };
  const methods = {
    transfer(newLength = undefined) {
      return transferImpl(this, newLength);
    },
    transferToFixedLength(newLength = undefined) {
      return transferImpl(this, newLength);
    },
    get detached() {
      ReflectApply(abLength, this, []);
      return host.isDetached(this);
    },
  };
  for (const key of ['transfer', 'transferToFixedLength']) {
    ObjectDefineProperty(ArrayBuffer.prototype, key, { value: methods[key], writable: true, enumerable: false, configurable: true });
  }
  ObjectDefineProperty(ArrayBuffer.prototype, 'detached', {
    get: Object.getOwnPropertyDescriptor(methods, 'detached').get, enumerable: false, configurable: true,
  });
}
