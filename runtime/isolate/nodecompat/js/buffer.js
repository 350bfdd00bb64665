// node:buffer — Buffer as a Uint8Array subclass with Node 20's API.
const kMaxLength = 2 ** 32;
const kStringMaxLength = 2 ** 29 - 24;

class FastBuffer extends Uint8Array {}
fastBufferClass = FastBuffer;

function isUint8Array(v) { return typedArrayTag(v) === 'Uint8Array'; }

function normalizeEncoding(enc) {
  if (enc === undefined || enc === null || enc === '') return 'utf8';
  switch (`${enc}`.toLowerCase()) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'hex': return 'hex';
    case 'base64': return 'base64';
    case 'base64url': return 'base64url';
    case 'latin1': case 'binary': return 'latin1';
    case 'ascii': return 'ascii';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    default: return undefined;
  }
}

function encodingOrThrow(enc) {
  const n = normalizeEncoding(enc);
  if (n === undefined) throw errUnknownEncoding(enc);
  return n;
}

function utf8ByteLength(str) {
  let n = 0;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
      const d = str.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n += 4; i++; } else n += 3;
    } else n += 3;
  }
  return n;
}

function base64ByteLength(str) {
  let len = str.length;
  if (len > 0 && str.charCodeAt(len - 1) === 0x3d) {
    len--;
    if (len > 0 && str.charCodeAt(len - 1) === 0x3d) len--;
  }
  return (len * 3) >>> 2;
}

function byteLengthOf(str, enc) {
  switch (enc) {
    case 'utf8': return utf8ByteLength(str);
    case 'utf16le': return str.length * 2;
    case 'latin1': case 'ascii': return str.length;
    case 'hex': return str.length >>> 1;
    default: return base64ByteLength(str);
  }
}

function hexValue(c) {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

// encodeString returns the bytes of str in enc (a normalized name).
function encodeString(str, enc) {
  switch (enc) {
    case 'utf8': return new Uint8Array(host.utf8Encode(str));
    case 'latin1': case 'ascii': {
      const out = new Uint8Array(str.length);
      for (let i = 0; i < str.length; i++) out[i] = str.charCodeAt(i);
      return out;
    }
    case 'utf16le': {
      const out = new Uint8Array(str.length * 2);
      for (let i = 0; i < str.length; i++) {
        const c = str.charCodeAt(i);
        out[2 * i] = c & 0xff;
        out[2 * i + 1] = c >>> 8;
      }
      return out;
    }
    case 'hex': {
      const n = str.length >>> 1;
      const out = new Uint8Array(n);
      let i = 0;
      for (; i < n; i++) {
        const hi = hexValue(str.charCodeAt(2 * i));
        const lo = hexValue(str.charCodeAt(2 * i + 1));
        if (hi < 0 || lo < 0) break;
        out[i] = hi * 16 + lo;
      }
      return i === n ? out : out.subarray(0, i);
    }
    default: return new Uint8Array(host.base64Decode(str));
  }
}

function latin1Slice(u8, start, end, mask) {
  let out = '';
  for (let i = start; i < end; i += 4096) {
    const chunk = u8.subarray(i, MathMin(end, i + 4096));
    out += String.fromCharCode.apply(null, mask ? Array.from(chunk, (b) => b & 0x7f) : chunk);
  }
  return out;
}

function decodeBytes(u8, enc, start, end) {
  switch (enc) {
    case 'utf8': return host.utf8Decode(u8.subarray(start, end));
    case 'latin1': return latin1Slice(u8, start, end, false);
    case 'ascii': return latin1Slice(u8, start, end, true);
    case 'hex': {
      let out = '';
      for (let i = start; i < end; i++) out += hexTable[u8[i]];
      return out;
    }
    case 'utf16le': {
      let out = '';
      const units = [];
      for (let i = start; i + 1 < end; i += 2) {
        units.push(u8[i] | (u8[i + 1] << 8));
        if (units.length === 4096) { out += String.fromCharCode.apply(null, units); units.length = 0; }
      }
      return out + String.fromCharCode.apply(null, units);
    }
    case 'base64': return host.base64Encode(u8.subarray(start, end), false);
    default: return host.base64Encode(u8.subarray(start, end), true);
  }
}

const hexTable = [];
for (let i = 0; i < 256; i++) hexTable.push((i < 16 ? '0' : '') + i.toString(16));

function fromArrayLike(obj) {
  const len = obj.length >>> 0;
  const buf = new FastBuffer(len);
  for (let i = 0; i < len; i++) buf[i] = obj[i];
  return buf;
}

function fromString(str, encoding) {
  const enc = (typeof encoding !== 'string' || encoding.length === 0) ? 'utf8' : encodingOrThrow(encoding);
  if (str.length === 0) return new FastBuffer(0);
  const bytes = encodeString(str, enc);
  return new FastBuffer(bytes.buffer, bytes.byteOffset, bytes.length);
}

function isAnyArrayBuffer(v) {
  return isArrayBuffer(v) || isSharedArrayBuffer(v);
}

function fromArrayBuffer(ab, byteOffset, length) {
  if (byteOffset === undefined) byteOffset = 0;
  else {
    byteOffset = +byteOffset;
    if (Number.isNaN(byteOffset)) byteOffset = 0;
  }
  const maxLength = ab.byteLength - byteOffset;
  if (maxLength < 0) throw errBufferOutOfBounds('offset');
  if (length === undefined) length = maxLength;
  else {
    length = +length;
    if (length > 0) {
      if (length > maxLength) throw errBufferOutOfBounds('length');
    } else length = 0;
  }
  return new FastBuffer(ab, byteOffset, length);
}

const kFromTypes = ['string', 'Buffer', 'ArrayBuffer', 'Array', 'Array-like Object'];

function bufferFrom(value, encodingOrOffset, length) {
  if (typeof value === 'string') return fromString(value, encodingOrOffset);
  if (typeof value === 'object' && value !== null) {
    if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);
    const tag = typedArrayTag(value);
    if (tag !== undefined && tag !== 'BigInt64Array' && tag !== 'BigUint64Array') {
      // A copy, element by element (ToUint8), done natively.
      return new FastBuffer(value);
    }
    const valueOf = value.valueOf && value.valueOf();
    if (valueOf != null && valueOf !== value && (typeof valueOf === 'string' || typeof valueOf === 'object')) {
      return bufferFrom(valueOf, encodingOrOffset, length);
    }
    if (value.length !== undefined || isAnyArrayBuffer(value.buffer)) {
      if (typeof value.length !== 'number') return new FastBuffer(0);
      return fromArrayLike(value);
    }
    if (value.type === 'Buffer' && ArrayIsArray(value.data)) return fromArrayLike(value.data);
    if (typeof value[Symbol.toPrimitive] === 'function') {
      const prim = value[Symbol.toPrimitive]('string');
      if (typeof prim === 'string') return fromString(prim, encodingOrOffset);
    }
  }
  throw errInvalidArgType('first argument', kFromTypes, value);
}

// Buffer is callable with or without `new`, as Node's (deprecated) form.
function Buffer(arg, encodingOrOffset, length) {
  if (typeof arg === 'number') {
    if (typeof encodingOrOffset === 'string') throw errInvalidArgType('string', 'string', arg);
    return Buffer.alloc(arg);
  }
  return bufferFrom(arg, encodingOrOffset, length);
}
ObjectSetPrototypeOf(Buffer, Uint8Array);
Buffer.prototype = FastBuffer.prototype;
ObjectDefineProperty(FastBuffer.prototype, 'constructor', { value: Buffer, writable: true, configurable: true, enumerable: false });

const kMaxLen = kMaxLength;
function validateSize(size) {
  validateNumber(size, 'size', 0, kMaxLen);
}

const BufferStatics = {
  poolSize: 8 * 1024,
  from(value, encodingOrOffset, length) { return bufferFrom(value, encodingOrOffset, length); },
  of(...items) { return fromArrayLike(items); },
  alloc(size, fill, encoding) {
    validateSize(size);
    const buf = new FastBuffer(size);
    if (fill !== undefined && fill !== 0 && size > 0) return fillImpl(buf, fill, 0, buf.length, encoding);
    return buf;
  },
  allocUnsafe(size) { validateSize(size); return new FastBuffer(size); },
  allocUnsafeSlow(size) { validateSize(size); return new FastBuffer(size); },
  isBuffer(b) { return b instanceof Buffer; },
  isEncoding(enc) { return typeof enc === 'string' && enc.length !== 0 && normalizeEncoding(enc) !== undefined; },
  byteLength(string, encoding) {
    if (typeof string !== 'string') {
      if (ArrayBuffer.isView(string) || isAnyArrayBuffer(string)) return string.byteLength;
      throw errInvalidArgType('string', ['string', 'Buffer', 'ArrayBuffer'], string);
    }
    return byteLengthOf(string, normalizeEncoding(encoding) || 'utf8');
  },
  compare(buf1, buf2) {
    if (!isUint8Array(buf1)) throw errInvalidArgType('buf1', ['Buffer', 'Uint8Array'], buf1);
    if (!isUint8Array(buf2)) throw errInvalidArgType('buf2', ['Buffer', 'Uint8Array'], buf2);
    return compareBytes(buf1, 0, buf1.length, buf2, 0, buf2.length);
  },
  concat(list, length) {
    if (!ArrayIsArray(list)) throw errInvalidArgType('list', 'Array', list);
    if (list.length === 0) return new FastBuffer(0);
    if (length === undefined) {
      length = 0;
      for (let i = 0; i < list.length; i++) {
        if (!isUint8Array(list[i])) throw errInvalidArgType(`list[${i}]`, ['Buffer', 'Uint8Array'], list[i]);
        length += list[i].length;
      }
    } else validateInteger(length, 'length', 0, kMaxLen);
    const out = new FastBuffer(length);
    let pos = 0;
    for (let i = 0; i < list.length && pos < length; i++) {
      const b = list[i];
      if (!isUint8Array(b)) throw errInvalidArgType(`list[${i}]`, ['Buffer', 'Uint8Array'], b);
      const n = MathMin(b.length, length - pos);
      out.set(n === b.length ? b : b.subarray(0, n), pos);
      pos += n;
    }
    return out;
  },
};
for (let i = 0, keys = ObjectKeys(BufferStatics); i < keys.length; i++) {
  const k = keys[i];
  ObjectDefineProperty(Buffer, k, { value: BufferStatics[k], writable: true, configurable: true, enumerable: k === 'poolSize' });
}

function compareBytes(a, aStart, aEnd, b, bStart, bEnd) {
  const n = MathMin(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < n; i++) {
    const x = a[aStart + i];
    const y = b[bStart + i];
    if (x !== y) return x < y ? -1 : 1;
  }
  const la = aEnd - aStart;
  const lb = bEnd - bStart;
  return la < lb ? -1 : la > lb ? 1 : 0;
}

function fillImpl(buf, value, offset, end, encoding) {
  let bytes = null;
  if (typeof value === 'string') {
    const enc = encoding === undefined ? 'utf8' : (typeof encoding === 'string' ? encodingOrThrow(encoding) : (() => { throw errInvalidArgType('encoding', 'string', encoding); })());
    if (value.length === 0) {
      value = 0;
    } else if (value.length === 1 && ((enc === 'utf8' && value.charCodeAt(0) < 128) || enc === 'latin1')) {
      value = value.charCodeAt(0);
    } else {
      bytes = encodeString(value, enc);
      if (bytes.length === 0) throw errInvalidArgValue('value', value);
    }
  } else if (isUint8Array(value) || ArrayBuffer.isView(value)) {
    bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (bytes.length === 0) throw errInvalidArgValue('value', value);
  } else if (typeof value === 'boolean') {
    value = Number(value);
  }
  if (offset === undefined) offset = 0;
  else validateInteger(offset, 'offset', 0, kMaxLen);
  if (end === undefined) end = buf.length;
  else validateInteger(end, 'end', 0, buf.length);
  if (offset >= end) return buf;
  if (bytes === null) {
    Uint8Array.prototype.fill.call(buf, Number(value) & 255, offset, end);
  } else {
    for (let i = offset, j = 0; i < end; i++, j++) {
      if (j === bytes.length) j = 0;
      buf[i] = bytes[j];
    }
  }
  return buf;
}

function indexOfImpl(buf, value, byteOffset, encoding, forward) {
  if (typeof byteOffset === 'string') {
    encoding = byteOffset;
    byteOffset = undefined;
  } else if (byteOffset > 0x7fffffff) byteOffset = 0x7fffffff;
  else if (byteOffset < -0x80000000) byteOffset = -0x80000000;
  byteOffset = +byteOffset;
  if (Number.isNaN(byteOffset)) byteOffset = forward ? 0 : buf.length;
  byteOffset = Math.trunc(byteOffset);
  let needle;
  if (typeof value === 'number') {
    needle = [(value >>> 0) & 0xff];
  } else if (typeof value === 'string') {
    needle = encodeString(value, encoding === undefined ? 'utf8' : encodingOrThrow(encoding));
  } else if (isUint8Array(value)) {
    needle = value;
  } else {
    throw errInvalidArgType('value', ['number', 'string', 'Buffer', 'Uint8Array'], value);
  }
  const len = buf.length;
  const n = needle.length;
  if (byteOffset < 0) byteOffset += len;
  if (forward) {
    if (byteOffset < 0) byteOffset = 0;
    if (n === 0) return MathMin(byteOffset, len);
    outer: for (let i = byteOffset; i <= len - n; i++) {
      for (let j = 0; j < n; j++) if (buf[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }
  if (byteOffset < 0) return -1;
  if (n === 0) return MathMin(byteOffset, len);
  outer2: for (let i = MathMin(byteOffset, len - n); i >= 0; i--) {
    for (let j = 0; j < n; j++) if (buf[i + j] !== needle[j]) continue outer2;
    return i;
  }
  return -1;
}

function adjustOffset(offset, length) {
  offset = Math.trunc(offset);
  if (offset === 0 || Number.isNaN(offset)) return 0;
  if (offset < 0) {
    offset += length;
    return offset > 0 ? offset : 0;
  }
  return offset < length ? offset : length;
}

function swapBytes(buf, size) {
  if (buf.length % size !== 0) {
    throw nodeError(RangeError, 'ERR_INVALID_BUFFER_SIZE', `Buffer size must be a multiple of ${size * 8}-bits`);
  }
  for (let i = 0; i < buf.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = buf[a];
      buf[a] = buf[b];
      buf[b] = t;
    }
  }
  return buf;
}

// Bounds errors of the read/write methods, worded as Node's.
function boundsError(value, length, type) {
  if (MathFloor(value) !== value) {
    validateNumber(value, type || 'offset');
    throw errOutOfRange(type || 'offset', 'an integer', value);
  }
  if (length < 0) throw errBufferOutOfBounds();
  throw errOutOfRange(type || 'offset', `>= ${type ? 1 : 0} and <= ${length}`, value);
}

function checkOffset(buf, offset, size) {
  if (typeof offset !== 'number') throw errInvalidArgType('offset', 'number', offset);
  if (!(offset >= 0 && offset + size <= buf.length && NumberIsInteger(offset))) boundsError(offset, buf.length - size);
}

function checkIntValue(value, min, max, byteLength) {
  if (value > max || value < min) {
    const n = typeof min === 'bigint' ? 'n' : '';
    let range;
    if (byteLength > 3) {
      const bits = (byteLength + 1) * 8;
      if (min === 0 || min === 0n) range = `>= 0${n} and < 2${n} ** ${bits}${n}`;
      else range = `>= -(2${n} ** ${bits - 1}${n}) and < 2 ** ${bits - 1}${n}`;
      if (n) range = min === 0n ? range : `>= -(2n ** ${bits - 1}n) and < 2n ** ${bits - 1}n`;
    } else {
      range = `>= ${min}${n} and <= ${max}${n}`;
    }
    throw errOutOfRange('value', range, value);
  }
}

function validateByteLength(byteLength) {
  if (byteLength === undefined) throw errInvalidArgType('byteLength', 'number', byteLength);
  if (typeof byteLength !== 'number') throw errInvalidArgType('byteLength', 'number', byteLength);
  if (!(byteLength >= 1 && byteLength <= 6 && NumberIsInteger(byteLength))) boundsError(byteLength, 6, 'byteLength');
}

function readUnsigned(buf, offset, size, little) {
  if (offset === undefined) offset = 0;
  checkOffset(buf, offset, size);
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + buf[little ? offset + size - 1 - i : offset + i];
  return v;
}

function readSigned(buf, offset, size, little) {
  const v = readUnsigned(buf, offset, size, little);
  const limit = 2 ** (size * 8 - 1);
  return v >= limit ? v - limit * 2 : v;
}

function writeInteger(buf, value, offset, size, little, signed) {
  value = +value;
  if (offset === undefined) offset = 0;
  const bits = size * 8;
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  checkIntValue(value, min, max, size - 1);
  checkOffset(buf, offset, size);
  let v = Math.trunc(value) || 0;
  if (v < 0) v += 2 ** bits;
  for (let i = 0; i < size; i++) {
    const b = v % 256;
    buf[little ? offset + i : offset + size - 1 - i] = b;
    v = (v - b) / 256;
  }
  return offset + size;
}

function readBig(buf, offset, little, signed) {
  if (offset === undefined) offset = 0;
  checkOffset(buf, offset, 8);
  let v = 0n;
  for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(buf[little ? offset + 7 - i : offset + i]);
  return signed ? BigInt.asIntN(64, v) : v;
}

function writeBig(buf, value, offset, little, signed) {
  // Node does BigInt arithmetic on the value, which throws this for numbers.
  if (typeof value !== 'bigint') throw new TypeError('Cannot mix BigInt and other types, use explicit conversions');
  if (offset === undefined) offset = 0;
  const min = signed ? -(2n ** 63n) : 0n;
  const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
  checkIntValue(value, min, max, 7);
  checkOffset(buf, offset, 8);
  let v = BigInt.asUintN(64, value);
  for (let i = 0; i < 8; i++) {
    buf[little ? offset + i : offset + 7 - i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return offset + 8;
}

const floatScratch = new DataView(new ArrayBuffer(8));

function readFloat(buf, offset, size, little) {
  if (offset === undefined) offset = 0;
  checkOffset(buf, offset, size);
  for (let i = 0; i < size; i++) floatScratch.setUint8(i, buf[offset + i]);
  return size === 4 ? floatScratch.getFloat32(0, little) : floatScratch.getFloat64(0, little);
}

function writeFloat(buf, value, offset, size, little) {
  value = +value;
  if (offset === undefined) offset = 0;
  checkOffset(buf, offset, size);
  if (size === 4) floatScratch.setFloat32(0, value, little);
  else floatScratch.setFloat64(0, value, little);
  for (let i = 0; i < size; i++) buf[offset + i] = floatScratch.getUint8(i);
  return offset + size;
}

function writeString(buf, string, offset, length, encoding) {
  if (typeof string !== 'string') {
    // Node's legacy wording here: a plain TypeError that carries a code.
    const err = new TypeError('argument must be a string');
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  if (offset === undefined) {
    offset = 0;
    length = buf.length;
  } else if (length === undefined && typeof offset === 'string') {
    encoding = offset;
    offset = 0;
    length = buf.length;
  } else {
    validateInteger(offset, 'offset', 0, buf.length);
    const remaining = buf.length - offset;
    if (length === undefined) length = remaining;
    else if (typeof length === 'string') {
      encoding = length;
      length = remaining;
    } else {
      validateInteger(length, 'length', 0, buf.length);
      if (length > remaining) length = remaining;
    }
  }
  const enc = encoding === undefined ? 'utf8' : encodingOrThrow(encoding);
  let bytes = encodeString(string, enc);
  if (bytes.length > length) {
    let n = length;
    if (enc === 'utf8') {
      // Never write part of a character.
      while (n > 0 && (bytes[n] & 0xc0) === 0x80) n--;
    } else if (enc === 'utf16le') {
      n -= n % 2;
    }
    bytes = bytes.subarray(0, n);
  }
  buf.set(bytes, offset);
  return bytes.length;
}

const BufferMethods = {
  toString(encoding, start, end) {
    if (arguments.length === 0) return host.utf8Decode(this);
    const len = this.length;
    if (start === undefined || start <= 0) start = 0;
    else if (start >= len) return '';
    else start = Math.trunc(start) || 0;
    if (end === undefined || end > len) end = len;
    else end = Math.trunc(end) || 0;
    if (end <= start) return '';
    const enc = encoding === undefined ? 'utf8' : encodingOrThrow(encoding);
    return decodeBytes(this, enc, start, end);
  },
  toLocaleString(encoding, start, end) { return BufferMethods.toString.apply(this, arguments); },
  equals(otherBuffer) {
    if (!isUint8Array(otherBuffer)) throw errInvalidArgType('otherBuffer', ['Buffer', 'Uint8Array'], otherBuffer);
    if (this === otherBuffer) return true;
    if (this.length !== otherBuffer.length) return false;
    return compareBytes(this, 0, this.length, otherBuffer, 0, otherBuffer.length) === 0;
  },
  compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
    if (!isUint8Array(target)) throw errInvalidArgType('target', ['Buffer', 'Uint8Array'], target);
    if (targetStart === undefined) targetStart = 0; else validateInteger(targetStart, 'targetStart', 0, kMaxLen);
    if (targetEnd === undefined) targetEnd = target.length; else validateInteger(targetEnd, 'targetEnd', 0, target.length);
    if (sourceStart === undefined) sourceStart = 0; else validateInteger(sourceStart, 'sourceStart', 0, kMaxLen);
    if (sourceEnd === undefined) sourceEnd = this.length; else validateInteger(sourceEnd, 'sourceEnd', 0, this.length);
    if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
    if (targetStart >= targetEnd) return 1;
    return compareBytes(this, sourceStart, sourceEnd, target, targetStart, targetEnd);
  },
  indexOf(value, byteOffset, encoding) { return indexOfImpl(this, value, byteOffset, encoding, true); },
  lastIndexOf(value, byteOffset, encoding) { return indexOfImpl(this, value, byteOffset, encoding, false); },
  includes(value, byteOffset, encoding) { return indexOfImpl(this, value, byteOffset, encoding, true) !== -1; },
  subarray(start, end) {
    const len = this.length;
    start = start === undefined ? 0 : adjustOffset(start, len);
    end = end === undefined ? len : adjustOffset(end, len);
    const n = end > start ? end - start : 0;
    return new FastBuffer(this.buffer, this.byteOffset + start, n);
  },
  slice(start, end) { return BufferMethods.subarray.call(this, start, end); },
  fill(value, offset, end, encoding) {
    if (typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      end = this.length;
    } else if (typeof end === 'string') {
      encoding = end;
      end = this.length;
    }
    return fillImpl(this, value, offset, end, encoding);
  },
  copy(target, targetStart, sourceStart, sourceEnd) {
    if (!isUint8Array(target)) throw errInvalidArgType('target', ['Buffer', 'Uint8Array'], target);
    if (targetStart === undefined) targetStart = 0;
    else {
      targetStart = Math.trunc(+targetStart) || 0;
      if (targetStart < 0) throw errOutOfRange('targetStart', '>= 0', targetStart);
    }
    if (sourceStart === undefined) sourceStart = 0;
    else {
      sourceStart = Math.trunc(+sourceStart) || 0;
      if (sourceStart < 0 || sourceStart > this.length) throw errOutOfRange('sourceStart', `>= 0 && <= ${this.length}`, sourceStart);
    }
    if (sourceEnd === undefined) sourceEnd = this.length;
    else {
      sourceEnd = Math.trunc(+sourceEnd) || 0;
      if (sourceEnd < 0) throw errOutOfRange('sourceEnd', '>= 0', sourceEnd);
    }
    if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;
    if (sourceEnd > this.length) sourceEnd = this.length;
    const n = MathMin(sourceEnd - sourceStart, target.length - targetStart);
    if (n <= 0) return 0;
    Uint8Array.prototype.set.call(target, Uint8Array.prototype.subarray.call(this, sourceStart, sourceStart + n), targetStart);
    return n;
  },
  write(string, offset, length, encoding) { return writeString(this, string, offset, length, encoding); },
  toJSON() {
    return { type: 'Buffer', data: Array.prototype.slice.call(this) };
  },
  swap16() { return swapBytes(this, 2); },
  swap32() { return swapBytes(this, 4); },
  swap64() { return swapBytes(this, 8); },
  readUInt8(offset) { return readUnsigned(this, offset, 1, false); },
  readUInt16LE(offset) { return readUnsigned(this, offset, 2, true); },
  readUInt16BE(offset) { return readUnsigned(this, offset, 2, false); },
  readUInt32LE(offset) { return readUnsigned(this, offset, 4, true); },
  readUInt32BE(offset) { return readUnsigned(this, offset, 4, false); },
  readInt8(offset) { return readSigned(this, offset, 1, false); },
  readInt16LE(offset) { return readSigned(this, offset, 2, true); },
  readInt16BE(offset) { return readSigned(this, offset, 2, false); },
  readInt32LE(offset) { return readSigned(this, offset, 4, true); },
  readInt32BE(offset) { return readSigned(this, offset, 4, false); },
  readUIntLE(offset, byteLength) { validateByteLength(byteLength); return readUnsigned(this, offset, byteLength, true); },
  readUIntBE(offset, byteLength) { validateByteLength(byteLength); return readUnsigned(this, offset, byteLength, false); },
  readIntLE(offset, byteLength) { validateByteLength(byteLength); return readSigned(this, offset, byteLength, true); },
  readIntBE(offset, byteLength) { validateByteLength(byteLength); return readSigned(this, offset, byteLength, false); },
  readBigUInt64LE(offset) { return readBig(this, offset, true, false); },
  readBigUInt64BE(offset) { return readBig(this, offset, false, false); },
  readBigInt64LE(offset) { return readBig(this, offset, true, true); },
  readBigInt64BE(offset) { return readBig(this, offset, false, true); },
  readFloatLE(offset) { return readFloat(this, offset, 4, true); },
  readFloatBE(offset) { return readFloat(this, offset, 4, false); },
  readDoubleLE(offset) { return readFloat(this, offset, 8, true); },
  readDoubleBE(offset) { return readFloat(this, offset, 8, false); },
  writeUInt8(value, offset) { return writeInteger(this, value, offset, 1, false, false); },
  writeUInt16LE(value, offset) { return writeInteger(this, value, offset, 2, true, false); },
  writeUInt16BE(value, offset) { return writeInteger(this, value, offset, 2, false, false); },
  writeUInt32LE(value, offset) { return writeInteger(this, value, offset, 4, true, false); },
  writeUInt32BE(value, offset) { return writeInteger(this, value, offset, 4, false, false); },
  writeInt8(value, offset) { return writeInteger(this, value, offset, 1, false, true); },
  writeInt16LE(value, offset) { return writeInteger(this, value, offset, 2, true, true); },
  writeInt16BE(value, offset) { return writeInteger(this, value, offset, 2, false, true); },
  writeInt32LE(value, offset) { return writeInteger(this, value, offset, 4, true, true); },
  writeInt32BE(value, offset) { return writeInteger(this, value, offset, 4, false, true); },
  writeUIntLE(value, offset, byteLength) { validateByteLength(byteLength); return writeInteger(this, value, offset, byteLength, true, false); },
  writeUIntBE(value, offset, byteLength) { validateByteLength(byteLength); return writeInteger(this, value, offset, byteLength, false, false); },
  writeIntLE(value, offset, byteLength) { validateByteLength(byteLength); return writeInteger(this, value, offset, byteLength, true, true); },
  writeIntBE(value, offset, byteLength) { validateByteLength(byteLength); return writeInteger(this, value, offset, byteLength, false, true); },
  writeBigUInt64LE(value, offset) { return writeBig(this, value, offset, true, false); },
  writeBigUInt64BE(value, offset) { return writeBig(this, value, offset, false, false); },
  writeBigInt64LE(value, offset) { return writeBig(this, value, offset, true, true); },
  writeBigInt64BE(value, offset) { return writeBig(this, value, offset, false, true); },
  writeFloatLE(value, offset) { return writeFloat(this, value, offset, 4, true); },
  writeFloatBE(value, offset) { return writeFloat(this, value, offset, 4, false); },
  writeDoubleLE(value, offset) { return writeFloat(this, value, offset, 8, true); },
  writeDoubleBE(value, offset) { return writeFloat(this, value, offset, 8, false); },
};
// The encoding-specific helpers Node also exposes (buf.hexSlice(), ...).
const sliceWriteNames = [['utf8', 'utf8'], ['hex', 'hex'], ['base64', 'base64'], ['base64url', 'base64url'], ['latin1', 'latin1'], ['ascii', 'ascii'], ['ucs2', 'utf16le']];
for (let i = 0; i < sliceWriteNames.length; i++) {
  const name = sliceWriteNames[i][0];
  const enc = sliceWriteNames[i][1];
  BufferMethods[`${name}Slice`] = function (start = 0, end = this.length) { return decodeBytes(this, enc, start, end); };
  BufferMethods[`${name}Write`] = function (string, offset = 0, length = this.length - offset) { return writeString(this, string, offset, length, enc); };
}
for (let i = 0, keys = ObjectKeys(BufferMethods); i < keys.length; i++) {
  const k = keys[i];
  ObjectDefineProperty(FastBuffer.prototype, k, { value: BufferMethods[k], writable: true, configurable: true, enumerable: false });
  // Node's lower-case aliases (readUint8, writeBigUint64LE, ...).
  if (k.includes('UInt')) {
    ObjectDefineProperty(FastBuffer.prototype, k.replace('UInt', 'Uint'), { value: BufferMethods[k], writable: true, configurable: true, enumerable: false });
  }
}
ObjectDefineProperty(FastBuffer.prototype, customInspect, {
  value(depth, options) {
    let str = hexBytes(this, 50);
    const extras = ObjectKeys(this).filter((k) => String(k >>> 0) !== k);
    if (extras.length) {
      str += (str ? ', ' : '') + extras.map((k) => `${formatKey(k)}: ${inspect(this[k], options)}`).join(', ');
    }
    return `<${this.constructor.name}${str ? ` ${str}` : ''}>`;
  },
  writable: true, configurable: true, enumerable: false,
});

function SlowBuffer(size) {
  validateSize(size);
  return new FastBuffer(size);
}
ObjectSetPrototypeOf(SlowBuffer.prototype, Uint8Array.prototype);
ObjectSetPrototypeOf(SlowBuffer, Uint8Array);

function makeBufferModule() {
  return {
    constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength },
    kMaxLength,
    kStringMaxLength,
    Buffer,
    SlowBuffer,
  };
}
