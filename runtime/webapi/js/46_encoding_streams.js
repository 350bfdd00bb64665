// TextEncoderStream and TextDecoderStream (Encoding Standard §7): transform
// streams over the codecs behind TextEncoder and TextDecoder (host.encode,
// host.decoderNew, host.decoderDecode in encoding.go).

const { toDOMString, exposeInterface } = internal;
const TypeErrorCtor = TypeError;
const RangeErrorCtor = RangeError;
const Uint8ArrayCtor = Uint8Array;

function toDict(v, what) {
  if (v === undefined || v === null) return null;
  if ((typeof v !== 'object' || v === null) && typeof v !== 'function') {
    throw new TypeErrorCtor(`${what}: The provided value is not of type 'TextDecoderOptions'.`);
  }
  return v;
}

class TextEncoderStream {
  #stream;
  constructor() {
    // A lead surrogate at the end of a chunk waits for the next chunk.
    let pending = '';
    this.#stream = internal.createTransformStream({
      transform(chunk, controller) {
        let s = pending + toDOMString(chunk);
        pending = '';
        if (s.length > 0) {
          const last = s.charCodeAt(s.length - 1);
          if (last >= 0xD800 && last <= 0xDBFF) {
            pending = s[s.length - 1];
            s = s.slice(0, -1);
          }
        }
        if (s.length > 0) controller.enqueue(new Uint8ArrayCtor(host.encode(s)));
      },
      flush(controller) {
        if (pending !== '') controller.enqueue(new Uint8ArrayCtor([0xEF, 0xBF, 0xBD]));
      },
    });
  }
  get encoding() {
    this.#stream;
    return 'utf-8';
  }
  get readable() {
    return this.#stream.readable;
  }
  get writable() {
    return this.#stream.writable;
  }
}
exposeInterface(TextEncoderStream);
internal.inspectors.set(TextEncoderStream.prototype, (x) => ({ props: { encoding: x.encoding, readable: x.readable, writable: x.writable } }));

class TextDecoderStream {
  #stream;
  #encoding;
  #fatal;
  #ignoreBOM;
  constructor(label = 'utf-8', options = undefined) {
    label = toDOMString(label);
    const dict = toDict(options, "Failed to construct 'TextDecoderStream'");
    this.#fatal = dict === null ? false : !!dict.fatal;
    this.#ignoreBOM = dict === null ? false : !!dict.ignoreBOM;
    const d = host.decoderNew(label, this.#fatal, this.#ignoreBOM);
    if (d === null) {
      throw new RangeErrorCtor(`Failed to construct 'TextDecoderStream': The encoding label provided ('${label}') is invalid.`);
    }
    const decoder = d[0];
    this.#encoding = d[1];
    const encoding = this.#encoding;
    const decode = (bytes, stream) => {
      const s = host.decoderDecode(decoder, bytes, stream);
      if (s === null) throw new TypeErrorCtor(`The encoded data was not valid for encoding ${encoding}`);
      return s;
    };
    this.#stream = internal.createTransformStream({
      transform(chunk, controller) {
        const bytes = internal.bufferSourceBytes(chunk);
        if (bytes === null) {
          throw new TypeErrorCtor('The "chunk" argument must be an instance of ArrayBuffer or ArrayBufferView.');
        }
        const s = decode(bytes, true);
        if (s.length > 0) controller.enqueue(s);
      },
      flush(controller) {
        const s = decode(null, false);
        if (s.length > 0) controller.enqueue(s);
      },
    });
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
  get readable() {
    return this.#stream.readable;
  }
  get writable() {
    return this.#stream.writable;
  }
}
exposeInterface(TextDecoderStream);
internal.inspectors.set(TextDecoderStream.prototype, (x) => ({
  props: { encoding: x.encoding, fatal: x.fatal, ignoreBOM: x.ignoreBOM, readable: x.readable, writable: x.writable },
}));
