// TextEncoder, TextDecoder (Encoding Standard), atob, btoa (HTML §8.3).
// The codecs are Go (host.encode, host.decoderDecode, host.atob, ...).

const { toDOMString, toDictionary, requireArgs, exposeInterface, exposeFunction, DOMException } = internal;

class TextEncoder {
  #brand = true;
  constructor() {}
  get encoding() {
    this.#brand;
    return 'utf-8';
  }
  encode(input = '') {
    this.#brand;
    return new Uint8Array(host.encode(toDOMString(input)));
  }
  encodeInto(source, destination) {
    this.#brand;
    requireArgs(arguments.length, 2, "Failed to execute 'encodeInto' on 'TextEncoder'");
    source = toDOMString(source);
    if (internal.typedArrayName(destination) !== 'Uint8Array') {
      throw new TypeError("Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'.");
    }
    const r = host.encodeInto(source, destination);
    return { read: r[0], written: r[1] };
  }
}
exposeInterface(TextEncoder);

class TextDecoder {
  #decoder;
  #encoding;
  #fatal;
  #ignoreBOM;
  constructor(label = 'utf-8', options = undefined) {
    label = toDOMString(label);
    const dict = toDictionary(options, "Failed to construct 'TextDecoder'");
    this.#fatal = !!dict.fatal;
    this.#ignoreBOM = !!dict.ignoreBOM;
    const d = host.decoderNew(label, this.#fatal, this.#ignoreBOM);
    if (d === null) {
      throw new RangeError(`Failed to construct 'TextDecoder': The encoding label provided ('${label}') is invalid.`);
    }
    this.#decoder = d[0];
    this.#encoding = d[1];
  }
  get encoding() {
    return this.#encoding;
  }
  get fatal() {
    return this.#fatal;
  }
  get ignoreBOM() {
    return this.#ignoreBOM;
  }
  decode(input = undefined, options = undefined) {
    const decoder = this.#decoder;
    let bytes = null;
    if (input !== undefined) {
      bytes = internal.bufferSourceBytes(input);
      if (bytes === null) {
        throw new TypeError("Failed to execute 'decode' on 'TextDecoder': The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.");
      }
    }
    const stream = !!toDictionary(options, "Failed to execute 'decode' on 'TextDecoder'").stream;
    const s = host.decoderDecode(decoder, bytes, stream);
    if (s === null) {
      throw new TypeError(`Failed to execute 'decode' on 'TextDecoder': The encoded data was not valid for encoding ${this.#encoding}`);
    }
    return s;
  }
}
exposeInterface(TextDecoder);

function atob(data) {
  requireArgs(arguments.length, 1, "Failed to execute 'atob'");
  const r = host.atob(toDOMString(data));
  if (r === null) {
    throw new DOMException('The string to be decoded is not correctly encoded.', 'InvalidCharacterError');
  }
  return r;
}

function btoa(data) {
  requireArgs(arguments.length, 1, "Failed to execute 'btoa'");
  const r = host.btoa(toDOMString(data));
  if (r === null) {
    throw new DOMException('The string to be encoded contains characters outside of the Latin1 range.', 'InvalidCharacterError');
  }
  return r;
}

exposeFunction('atob', atob);
exposeFunction('btoa', btoa);
