// Crypto (Web Cryptography API): crypto.getRandomValues, crypto.randomUUID
// and crypto.subtle (SubtleCrypto and CryptoKey live in 86_subtle.js).

const { requireArgs, exposeInterface, exposeValue, kInternal, DOMException } = internal;

let isCrypto;

class Crypto {
  #brand = true;
  static {
    isCrypto = (v) => internal.isObject(v) && #brand in v;
  }
  constructor() {
    if (arguments[0] !== kInternal) throw new TypeError('Illegal constructor');
  }
  getRandomValues(array) {
    if (!isCrypto(this)) throw new TypeError('Value of "this" must be of type Crypto');
    requireArgs(arguments.length, 1, "Failed to execute 'getRandomValues' on 'Crypto'");
    if (!internal.isObject(array) || !ArrayBuffer.isView(array)) {
      throw new TypeError("Failed to execute 'getRandomValues' on 'Crypto': parameter 1 is not of type 'ArrayBufferView'.");
    }
    const name = internal.typedArrayName(array);
    if (name === undefined || name === 'Float32Array' || name === 'Float64Array') {
      throw new DOMException(`Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is of type '${name === undefined ? 'DataView' : name}', which is not an integer array type.`, 'TypeMismatchError');
    }
    if (array.byteLength > 65536) {
      throw new DOMException(`Failed to execute 'getRandomValues' on 'Crypto': The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536).`, 'QuotaExceededError');
    }
    host.randomFill(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    return array;
  }
  randomUUID() {
    if (!isCrypto(this)) throw new TypeError('Value of "this" must be of type Crypto');
    return host.randomUUID();
  }
  get subtle() {
    if (!isCrypto(this)) throw new TypeError('Value of "this" must be of type Crypto');
    return internal.subtle;
  }
}
exposeInterface(Crypto);
exposeValue('crypto', new Crypto(kInternal), false);
