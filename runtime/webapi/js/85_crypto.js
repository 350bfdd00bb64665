// Crypto (Web Cryptography API): crypto.getRandomValues, crypto.randomUUID.
// crypto.subtle (SubtleCrypto, CryptoKey) is not here yet, so `crypto.subtle`
// is undefined rather than a stub.

const { requireArgs, exposeInterface, exposeValue, kInternal, DOMException } = internal;

class Crypto {
  constructor(token) {
    if (token !== kInternal) throw new TypeError('Illegal constructor');
  }
  getRandomValues(array) {
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
    return host.randomUUID();
  }
}
exposeInterface(Crypto);
exposeValue('crypto', new Crypto(kInternal), false);
