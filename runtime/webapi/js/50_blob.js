// Blob, File (File API), FormData (XHR Standard) and the byte stream that
// Body.body and Blob.stream() return until ReadableStream arrives.

const { toDOMString, toUSVString, toDictionary, requireArgs, exposeInterface, kInternal } = internal;
const ObjectDefineProperty = Object.defineProperty;

const emptyBytes = new Uint8Array(0);

// ---- the interim byte stream ----
//
// ReadableStream is not a global yet (a later issue brings the real one).
// Until then Body.body and Blob.stream() return this stream: it has the
// ReadableStream members handlers use to read a body (locked, cancel,
// getReader with read/releaseLock/cancel/closed, async iteration) and yields
// the whole body as one Uint8Array chunk. It can be passed back as a body
// (new Response(res.body)). pipeTo, pipeThrough, tee and BYOB readers are
// missing, and it is not `instanceof ReadableStream`.

class ReadableStream {
  #bytes;
  #owner; // the body record whose `disturbed` flag this stream drives, or null
  #state = 'readable';
  #reader = null;
  #disturbed = false;

  constructor(token, bytes, owner) {
    if (token !== kInternal) throw new TypeError('Illegal constructor');
    this.#bytes = bytes;
    this.#owner = owner;
  }

  get locked() {
    return this.#reader !== null;
  }

  cancel(reason = undefined) {
    if (this.#reader !== null) {
      return internal.PromiseReject(new TypeError('Cannot cancel a stream that already has a reader'));
    }
    this.#disturb();
    this.#close();
    return internal.PromiseResolve(undefined);
  }

  getReader(options = undefined) {
    const mode = toDictionary(options, "Failed to execute 'getReader' on 'ReadableStream'").mode;
    if (mode !== undefined) {
      if (toDOMString(mode) === 'byob') {
        throw new TypeError("Failed to execute 'getReader' on 'ReadableStream': BYOB readers are not supported yet");
      }
      throw new TypeError(`Failed to execute 'getReader' on 'ReadableStream': The provided value '${mode}' is not a valid enum value of type ReadableStreamReaderMode.`);
    }
    if (this.#reader !== null) {
      throw new TypeError('ReadableStreamDefaultReader constructor can only accept readable streams that are not yet locked to a reader');
    }
    const reader = new ReadableStreamDefaultReader(kInternal, this);
    this.#reader = reader;
    return reader;
  }

  values(options = undefined) {
    const preventCancel = !!toDictionary(options, "Failed to execute 'values' on 'ReadableStream'").preventCancel;
    const reader = this.getReader();
    const iterator = {
      next() {
        return internal.PromiseThen(reader.read(), (r) => {
          if (r.done) reader.releaseLock();
          return r;
        });
      },
      return(value) {
        const p = preventCancel ? internal.PromiseResolve(undefined) : reader.cancel(value);
        return internal.PromiseThen(p, () => {
          reader.releaseLock();
          return { value, done: true };
        });
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return iterator;
  }

  #disturb() {
    this.#disturbed = true;
    if (this.#owner !== null) this.#owner.disturbed = true;
  }

  #close() {
    this.#state = 'closed';
    this.#bytes = null;
  }

  static {
    // pull reads the next chunk for a reader.
    internal.streamPull = (s) => {
      s.#disturb();
      if (s.#state === 'closed' || s.#bytes.byteLength === 0) {
        s.#close();
        return { value: undefined, done: true };
      }
      const chunk = s.#bytes.slice();
      s.#bytes = emptyBytes;
      return { value: chunk, done: false };
    };
    internal.streamCancel = (s) => {
      s.#disturb();
      s.#close();
    };
    internal.streamRelease = (s) => {
      s.#reader = null;
    };
    internal.isByteStream = (v) => internal.isObject(v) && #bytes in v;
    internal.streamState = (s) => s.#state;
    internal.streamUnusable = (s) => s.#disturbed || s.#reader !== null;
    // takeStreamBytes makes s the source of a new body: s becomes disturbed
    // and locked, and its bytes move over.
    internal.takeStreamBytes = (s) => {
      const bytes = s.#state === 'closed' ? emptyBytes : s.#bytes;
      s.#disturb();
      s.#reader = kInternal;
      s.#close();
      return bytes;
    };
    internal.newByteStream = (bytes, owner = null) => new ReadableStream(kInternal, bytes, owner);
  }
}
ObjectDefineProperty(ReadableStream.prototype, Symbol.asyncIterator, {
  value: ReadableStream.prototype.values, writable: true, configurable: true,
});
exposeInterface(ReadableStream, 'ReadableStream', false);
internal.inspectors.set(ReadableStream.prototype, (s) => ({
  props: { locked: s.locked, state: internal.streamState(s), supportsBYOB: false },
}));

class ReadableStreamDefaultReader {
  #stream;
  #closed;
  #resolveClosed;
  constructor(token, stream) {
    if (token !== kInternal) throw new TypeError('Illegal constructor');
    this.#stream = stream;
    this.#closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
  }
  get closed() {
    return this.#closed;
  }
  read() {
    if (this.#stream === null) {
      return internal.PromiseReject(new TypeError('This readable stream reader has been released and cannot be used to read from its previous owner stream'));
    }
    const r = internal.streamPull(this.#stream);
    if (r.done) this.#resolveClosed(undefined);
    return internal.PromiseResolve(r);
  }
  releaseLock() {
    if (this.#stream === null) return;
    internal.streamRelease(this.#stream);
    this.#stream = null;
  }
  cancel(reason = undefined) {
    if (this.#stream === null) {
      return internal.PromiseReject(new TypeError('This readable stream reader has been released and cannot be used to cancel its previous owner stream'));
    }
    internal.streamCancel(this.#stream);
    this.#resolveClosed(undefined);
    return internal.PromiseResolve(undefined);
  }
}
exposeInterface(ReadableStreamDefaultReader, 'ReadableStreamDefaultReader', false);

// ---- Blob and File ----

function normalizeType(type) {
  type = toDOMString(type);
  if (/[^\x20-\x7E]/.test(type)) return '';
  return type.toLowerCase();
}

function convertLineEndingsToNative(s) {
  return s.replace(/\r\n?/g, '\n');
}

// blobPartsBytes processes a blobParts sequence into bytes.
function blobPartsBytes(parts, endings, what) {
  if (parts === undefined) return emptyBytes;
  const chunks = internal.toSequence(parts, what, (part) => {
    if (internal.isBlob(part)) return internal.blobBytes(part);
    const view = internal.isObject(part) ? internal.bufferSourceBytes(part) : null;
    if (view !== null) return view.slice();
    let s = toUSVString(part);
    if (endings === 'native') s = convertLineEndingsToNative(s);
    return internal.encodeUTF8(s);
  });
  if (chunks.length === 0) return emptyBytes;
  return internal.concatBytes(chunks);
}

function relativeIndex(v, size) {
  const n = internal.toClampedLongLong(v);
  if (n < 0) return Math.max(size + n, 0);
  return Math.min(n, size);
}

class Blob {
  #bytes;
  #type;

  constructor(blobParts = undefined, options = undefined) {
    if (blobParts === kInternal) {
      this.#bytes = options.bytes;
      this.#type = options.type;
      return;
    }
    const dict = toDictionary(options, "Failed to construct 'Blob'");
    let endings = 'transparent';
    if (dict.endings !== undefined) {
      endings = toDOMString(dict.endings);
      if (endings !== 'transparent' && endings !== 'native') {
        throw new TypeError(`Failed to construct 'Blob': The provided value '${endings}' is not a valid enum value of type EndingType.`);
      }
    }
    this.#bytes = blobPartsBytes(blobParts, endings, "Failed to construct 'Blob'");
    this.#type = dict.type === undefined ? '' : normalizeType(dict.type);
  }

  get size() {
    return this.#bytes.byteLength;
  }

  get type() {
    return this.#type;
  }

  slice(start = undefined, end = undefined, contentType = undefined) {
    const size = this.#bytes.byteLength;
    const from = start === undefined ? 0 : relativeIndex(start, size);
    const to = end === undefined ? size : relativeIndex(end, size);
    const type = contentType === undefined ? '' : normalizeType(contentType);
    return new Blob(kInternal, { bytes: this.#bytes.subarray(from, Math.max(to, from)), type });
  }

  stream() {
    return internal.newByteStream(this.#bytes);
  }

  text() {
    try {
      return internal.PromiseResolve(internal.decodeUTF8(this.#bytes));
    } catch (e) {
      return internal.PromiseReject(e);
    }
  }

  arrayBuffer() {
    try {
      return internal.PromiseResolve(this.#bytes.slice().buffer);
    } catch (e) {
      return internal.PromiseReject(e);
    }
  }

  bytes() {
    try {
      return internal.PromiseResolve(this.#bytes.slice());
    } catch (e) {
      return internal.PromiseReject(e);
    }
  }

  static {
    internal.isBlob = (v) => internal.isObject(v) && #bytes in v;
    // blobBytes returns the Blob's bytes; callers must not modify them.
    internal.blobBytes = (b) => b.#bytes;
    internal.blobType = (b) => b.#type;
    internal.newBlob = (bytes, type) => new Blob(kInternal, { bytes, type });
  }
}
exposeInterface(Blob);

class File extends Blob {
  #name;
  #lastModified;

  constructor(fileBits, fileName, options = undefined) {
    requireArgs(arguments.length, 2, "Failed to construct 'File'");
    const dict = toDictionary(options, "Failed to construct 'File'");
    let endings = 'transparent';
    if (dict.endings !== undefined) {
      endings = toDOMString(dict.endings);
      if (endings !== 'transparent' && endings !== 'native') {
        throw new TypeError(`Failed to construct 'File': The provided value '${endings}' is not a valid enum value of type EndingType.`);
      }
    }
    const bytes = blobPartsBytes(fileBits, endings, "Failed to construct 'File'");
    const type = dict.type === undefined ? '' : normalizeType(dict.type);
    super(kInternal, { bytes, type });
    this.#name = toUSVString(fileName);
    this.#lastModified = dict.lastModified === undefined ? Date.now() : internal.toLongLong(dict.lastModified);
  }

  get name() {
    return this.#name;
  }

  get lastModified() {
    return this.#lastModified;
  }

  get webkitRelativePath() {
    this.#name;
    return '';
  }

  static {
    internal.isFile = (v) => internal.isObject(v) && #name in v;
  }
}
exposeInterface(File);
internal.File = File;

// ---- FormData ----

function makeEntry(name, value, filename, argc, what) {
  name = toUSVString(name);
  if (internal.isBlob(value)) {
    if (argc > 2 || !internal.isFile(value)) {
      const fname = argc > 2 ? toUSVString(filename) : internal.isFile(value) ? value.name : 'blob';
      const options = { type: value.type };
      if (internal.isFile(value)) options.lastModified = value.lastModified;
      value = new File([value], fname, options);
    }
    return [name, value];
  }
  if (argc > 2) {
    throw new TypeError(`${what}: parameter 2 is not of type 'Blob'.`);
  }
  return [name, toUSVString(value)];
}

class FormData {
  #list = [];

  constructor(form = undefined, submitter = undefined) {
    if (form !== undefined) {
      throw new TypeError("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
    }
  }

  append(name, value, filename = undefined) {
    requireArgs(arguments.length, 2, "Failed to execute 'append' on 'FormData'");
    this.#list.push(makeEntry(name, value, filename, arguments.length, "Failed to execute 'append' on 'FormData'"));
  }

  delete(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'delete' on 'FormData'");
    name = toUSVString(name);
    this.#list = this.#list.filter((e) => e[0] !== name);
  }

  get(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'get' on 'FormData'");
    name = toUSVString(name);
    for (const e of this.#list) if (e[0] === name) return e[1];
    return null;
  }

  getAll(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'getAll' on 'FormData'");
    name = toUSVString(name);
    const out = [];
    for (const e of this.#list) if (e[0] === name) out.push(e[1]);
    return out;
  }

  has(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'has' on 'FormData'");
    name = toUSVString(name);
    for (const e of this.#list) if (e[0] === name) return true;
    return false;
  }

  set(name, value, filename = undefined) {
    requireArgs(arguments.length, 2, "Failed to execute 'set' on 'FormData'");
    const entry = makeEntry(name, value, filename, arguments.length, "Failed to execute 'set' on 'FormData'");
    const list = this.#list;
    let found = false;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] !== entry[0]) continue;
      if (!found) {
        list[i] = entry;
        found = true;
      } else {
        list.splice(i, 1);
        i--;
      }
    }
    if (!found) list.push(entry);
  }

  static {
    internal.isFormData = (v) => internal.isObject(v) && #list in v;
    internal.formDataEntries = (f) => f.#list;
    // encodeFormData serialises as multipart/form-data: { bytes, type }.
    internal.encodeFormData = (f) => {
      const parts = [];
      for (const [name, value] of f.#list) {
        if (typeof value === 'string') {
          parts.push(name, false, '', '', internal.encodeUTF8(value));
        } else {
          parts.push(name, true, value.name, value.type, internal.blobBytes(value));
        }
      }
      const r = host.multipartEncode(parts);
      return { bytes: new Uint8Array(r[0]), type: `multipart/form-data; boundary=${r[1]}` };
    };
    // newFormData builds a FormData from flat [name, isFile, filename, type, data] entries.
    internal.newFormData = (flat) => {
      const f = new FormData();
      for (let i = 0; i < flat.length; i += 5) {
        if (flat[i + 1]) {
          f.#list.push([flat[i], new File([new Uint8Array(flat[i + 4])], flat[i + 2], { type: flat[i + 3] })]);
        } else {
          f.#list.push([flat[i], flat[i + 4]]);
        }
      }
      return f;
    };
  }
}
internal.defineIterators(FormData, 'FormData', internal.formDataEntries);
exposeInterface(FormData);
