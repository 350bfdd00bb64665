// Blob, File (File API) and FormData (XHR Standard).

const { toDOMString, toUSVString, toDictionary, requireArgs, exposeInterface, kInternal } = internal;

const emptyBytes = new Uint8Array(0);

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
    return internal.readableStreamFromBytes(this.#bytes);
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
