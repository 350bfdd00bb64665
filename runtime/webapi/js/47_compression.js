// CompressionStream and DecompressionStream (Compression Standard): transform
// streams whose codecs are Go's compress/gzip, compress/zlib and
// compress/flate (streams_host.go), fed chunk by chunk.

const { toDOMString, requireArgs, exposeInterface } = internal;
const TypeErrorCtor = TypeError;
const Uint8ArrayCtor = Uint8Array;

const formats = new Set(['deflate', 'deflate-raw', 'gzip']);

function toFormat(format, what) {
  format = toDOMString(format);
  if (!formats.has(format)) {
    throw new TypeErrorCtor(`${what}: The provided value '${format}' is not a valid enum value of type CompressionFormat.`);
  }
  return format;
}

// codecStream builds the transform stream around a host codec handle.
function codecStream(handle) {
  const emit = (controller, out) => {
    if (out.byteLength > 0) controller.enqueue(new Uint8ArrayCtor(out));
  };
  const run = (fn) => {
    try {
      return fn();
    } catch (e) {
      host.zClose(handle);
      throw e;
    }
  };
  return internal.createTransformStream({
    transform(chunk, controller) {
      const bytes = internal.bufferSourceBytes(chunk);
      if (bytes === null) {
        host.zClose(handle);
        throw new TypeErrorCtor('The "chunk" argument must be of type ArrayBuffer or ArrayBufferView.');
      }
      emit(controller, run(() => host.zWrite(handle, bytes)));
    },
    flush(controller) {
      emit(controller, run(() => host.zFinish(handle)));
    },
    cancel() {
      host.zClose(handle);
    },
  });
}

class CompressionStream {
  #stream;
  constructor(format) {
    const what = "Failed to construct 'CompressionStream'";
    requireArgs(arguments.length, 1, what);
    this.#stream = codecStream(host.zNew(toFormat(format, what), false));
  }
  get readable() {
    return this.#stream.readable;
  }
  get writable() {
    return this.#stream.writable;
  }
}
exposeInterface(CompressionStream);
internal.inspectors.set(CompressionStream.prototype, (x) => ({ props: { readable: x.readable, writable: x.writable } }));

class DecompressionStream {
  #stream;
  constructor(format) {
    const what = "Failed to construct 'DecompressionStream'";
    requireArgs(arguments.length, 1, what);
    this.#stream = codecStream(host.zNew(toFormat(format, what), true));
  }
  get readable() {
    return this.#stream.readable;
  }
  get writable() {
    return this.#stream.writable;
  }
}
exposeInterface(DecompressionStream);
internal.inspectors.set(DecompressionStream.prototype, (x) => ({ props: { readable: x.readable, writable: x.writable } }));
