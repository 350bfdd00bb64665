// Web Cryptography API: SubtleCrypto (crypto.subtle) and CryptoKey.
//
// This file does the WebIDL side: argument conversion, algorithm
// normalization, usages, JWK members, CryptoKey's slots and every check the
// spec orders before the cryptography; host.subtle (subtle_host.go, package
// runtime/webapi/subtle) does the cryptography. Errors are DOMExceptions
// named as the spec says; messages follow Node 20 where it has one.
//
// Key handles: a secret key holds its bytes (a Uint8Array nobody else sees);
// an asymmetric key holds an opaque Go handle.
//
// Internal values (key handles, key bytes, intermediate results) never pass
// through a promise: resolving a promise reads `then` from the value, which
// a getter on Object.prototype could use to capture it. The work is done
// in continuation-passing style (see run and next) and only the value the
// caller receives resolves the promise.

const { requireArgs, exposeInterface, kInternal, DOMException, toDOMString, isObject } = internal;
const ObjectFreeze = Object.freeze;
const JSONParse = JSON.parse;
const JSONStringify = JSON.stringify;
const PromiseCtor = Promise;

host.subtleInit((message, name) => new DOMException(message, name));

const opError = (msg = 'The operation failed for an operation-specific reason') => new DOMException(msg, 'OperationError');
const dataError = (msg = 'Invalid keyData') => new DOMException(msg, 'DataError');
const notSupported = (msg = 'Unrecognized algorithm name') => new DOMException(msg, 'NotSupportedError');
const syntaxError = (msg) => new DOMException(msg, 'SyntaxError');
const accessError = (msg) => new DOMException(msg, 'InvalidAccessError');

// A continuation k is { ok(value), fail(error) }; neither throws.

// run calls host.subtle(op, ...args); then(result) runs with the result
// (possibly synchronously), and the operation's error, or what then
// throws, goes to k.fail.
function run(k, then, op, ...args) {
  host.subtle(op, ...args, (err, res) => {
    if (err !== null) {
      k.fail(err);
      return;
    }
    try {
      then(res);
    } catch (e) {
      k.fail(e);
    }
  });
}

// next is the continuation that passes k's value to fn, sending what fn
// throws to k.fail.
function next(k, fn) {
  return {
    ok: (v) => {
      try {
        fn(v);
      } catch (e) {
        k.fail(e);
      }
    },
    fail: k.fail,
  };
}

// asciiUpper upper-cases ASCII letters only, as the spec's case-insensitive
// algorithm name match asks ('ſ'.toUpperCase() is 'S').
function asciiUpper(s) {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

// ---- WebIDL conversions ----

const kKeyUsages = ['encrypt', 'decrypt', 'sign', 'verify', 'deriveKey', 'deriveBits', 'wrapKey', 'unwrapKey'];
const kFormats = ['raw', 'spki', 'pkcs8', 'jwk'];

// copyBufferSource converts a BufferSource argument, taking a copy.
function copyBufferSource(v, what) {
  const u8 = internal.bufferSourceBytes(v);
  if (u8 === null) {
    throw new TypeError(`${what} is not of type '(ArrayBuffer or ArrayBufferView)'.`);
  }
  return u8.slice();
}

function toEnforcedInt(v, what, max) {
  const n = +v;
  if (n !== n || n === Infinity || n === -Infinity) throw new TypeError(`${what}: Value is not a finite number.`);
  const t = Math.trunc(n);
  if (t < 0 || t > max) throw new TypeError(`${what}: Value is outside the accepted range.`);
  return t + 0;
}

function toKeyFormat(v, what) {
  const s = toDOMString(v);
  if (!kFormats.includes(s)) {
    throw new TypeError(`${what}: The provided value '${s}' is not a valid enum value of type KeyFormat.`);
  }
  return s;
}

function toUsages(v, what) {
  return internal.toSequence(v, what, (u) => {
    const s = toDOMString(u);
    if (!kKeyUsages.includes(s)) {
      throw new TypeError(`${what}: The provided value '${s}' is not a valid enum value of type KeyUsage.`);
    }
    return s;
  });
}

// ---- algorithm normalization ----

// Registered algorithms per operation, each with the dictionary to convert
// the algorithm argument to (see dictionaries below).
const kOps = {
  digest: { 'SHA-1': null, 'SHA-256': null, 'SHA-384': null, 'SHA-512': null },
  generateKey: {
    'RSASSA-PKCS1-v1_5': 'RsaHashedKeyGenParams', 'RSA-PSS': 'RsaHashedKeyGenParams', 'RSA-OAEP': 'RsaHashedKeyGenParams',
    ECDSA: 'EcKeyGenParams', ECDH: 'EcKeyGenParams',
    'AES-CTR': 'AesKeyGenParams', 'AES-CBC': 'AesKeyGenParams', 'AES-GCM': 'AesKeyGenParams', 'AES-KW': 'AesKeyGenParams',
    HMAC: 'HmacKeyGenParams', Ed25519: null, X25519: null, Ed448: null, X448: null,
  },
  importKey: {
    'RSASSA-PKCS1-v1_5': 'RsaHashedImportParams', 'RSA-PSS': 'RsaHashedImportParams', 'RSA-OAEP': 'RsaHashedImportParams',
    ECDSA: 'EcKeyImportParams', ECDH: 'EcKeyImportParams', HMAC: 'HmacImportParams',
    'AES-CTR': null, 'AES-CBC': null, 'AES-GCM': null, 'AES-KW': null, HKDF: null, PBKDF2: null,
    Ed25519: null, X25519: null, Ed448: null, X448: null,
  },
  sign: { 'RSASSA-PKCS1-v1_5': null, 'RSA-PSS': 'RsaPssParams', ECDSA: 'EcdsaParams', HMAC: null, Ed25519: null, Ed448: 'Ed448Params' },
  encrypt: { 'RSA-OAEP': 'RsaOaepParams', 'AES-CTR': 'AesCtrParams', 'AES-CBC': 'AesCbcParams', 'AES-GCM': 'AesGcmParams' },
  deriveBits: { ECDH: 'EcdhKeyDeriveParams', X25519: 'EcdhKeyDeriveParams', X448: 'EcdhKeyDeriveParams', HKDF: 'HkdfParams', PBKDF2: 'Pbkdf2Params' },
  getKeyLength: {
    'AES-CTR': 'AesDerivedKeyParams', 'AES-CBC': 'AesDerivedKeyParams', 'AES-GCM': 'AesDerivedKeyParams', 'AES-KW': 'AesDerivedKeyParams',
    HMAC: 'HmacImportParams', HKDF: null, PBKDF2: null,
  },
  wrapKey: { 'AES-KW': null },
};
kOps.verify = kOps.sign;
kOps.decrypt = kOps.encrypt;
kOps.unwrapKey = kOps.wrapKey;
kOps.exportKey = kOps.importKey;

// Members of each dictionary in lexicographic order (as WebIDL reads them):
// [name, type, required].
const kDicts = {
  RsaHashedKeyGenParams: [['hash', 'hash', true], ['modulusLength', 'ulong', true], ['publicExponent', 'bigint', true]],
  RsaHashedImportParams: [['hash', 'hash', true]],
  EcKeyGenParams: [['namedCurve', 'string', true]],
  EcKeyImportParams: [['namedCurve', 'string', true]],
  AesKeyGenParams: [['length', 'ushort', true]],
  AesDerivedKeyParams: [['length', 'ushort', true]],
  HmacKeyGenParams: [['hash', 'hash', true], ['length', 'ulong', false]],
  HmacImportParams: [['hash', 'hash', true], ['length', 'ulong', false]],
  RsaPssParams: [['saltLength', 'ulong', true]],
  EcdsaParams: [['hash', 'hash', true]],
  Ed448Params: [['context', 'buffer', false]],
  RsaOaepParams: [['label', 'buffer', false]],
  AesCtrParams: [['counter', 'buffer', true], ['length', 'octet', true]],
  AesCbcParams: [['iv', 'buffer', true]],
  AesGcmParams: [['additionalData', 'buffer', false], ['iv', 'buffer', true], ['tagLength', 'octet', false]],
  EcdhKeyDeriveParams: [['public', 'key', true]],
  HkdfParams: [['hash', 'hash', true], ['info', 'buffer', true], ['salt', 'buffer', true]],
  Pbkdf2Params: [['hash', 'hash', true], ['iterations', 'ulong', true], ['salt', 'buffer', true]],
};

const kAllNames = new Map();
for (const op of Object.keys(kOps)) {
  for (const name of Object.keys(kOps[op])) kAllNames.set(asciiUpper(name), name);
}

// normalize is the spec's "normalize an algorithm" for op; it throws the
// TypeError or NotSupportedError the spec names.
function normalize(alg, op) {
  if (!isObject(alg)) {
    return normalize({ name: toDOMString(alg) }, op);
  }
  const rawName = alg.name;
  if (rawName === undefined) {
    throw new TypeError("Failed to normalize algorithm: 'name' is required in 'Algorithm'.");
  }
  const upper = asciiUpper(toDOMString(rawName));
  const name = kAllNames.get(upper);
  const table = kOps[op];
  if (name === undefined || !(name in table)) throw notSupported();
  const dict = table[name];
  const out = { name };
  if (dict === null) return out;
  for (const [member, type, required] of kDicts[dict]) {
    const v = alg[member];
    if (v === undefined) {
      if (required) throw new TypeError(`Failed to normalize algorithm: '${member}' is required in '${dict}'.`);
      continue;
    }
    const what = `Failed to normalize algorithm: '${member}' of '${dict}'`;
    switch (type) {
      case 'hash':
        out[member] = normalize(v, 'digest');
        break;
      case 'string':
        out[member] = toDOMString(v);
        break;
      case 'ulong':
        out[member] = toEnforcedInt(v, what, 4294967295);
        break;
      case 'ushort':
        out[member] = toEnforcedInt(v, what, 65535);
        break;
      case 'octet':
        out[member] = toEnforcedInt(v, what, 255);
        break;
      case 'buffer':
        out[member] = copyBufferSource(v, what);
        break;
      case 'bigint':
        if (!(v instanceof Uint8Array)) throw new TypeError(`${what} is not of type 'Uint8Array'.`);
        out[member] = v.slice();
        break;
      case 'key':
        if (!isCryptoKey(v)) throw new TypeError(`${what} is not of type 'CryptoKey'.`);
        out[member] = v;
        break;
    }
  }
  return out;
}

// ---- CryptoKey ----

let isCryptoKey;
let keySlots;
let publicView;

// The [[algorithm]] and [[usages]] slots are private and frozen, and every
// check reads them; the getters return cached copies the script may change
// at will (Node 20 returns the same mutable usages array each time).
class CryptoKey {
  #type;
  #extractable;
  #algorithm;
  #usages;
  #handle;
  #algorithmObject;
  #usagesObject;
  constructor() {
    const [token, type, extractable, algorithm, usages, handle] = arguments;
    if (token !== kInternal) throw new TypeError('Illegal constructor');
    this.#type = type;
    this.#extractable = extractable;
    this.#algorithm = freezeAlgorithm(cloneAlgorithm(algorithm));
    this.#usages = ObjectFreeze([...usages]);
    this.#handle = handle;
    this.#algorithmObject = cloneAlgorithm(algorithm);
    this.#usagesObject = [...usages];
  }
  get type() {
    checkThis(this);
    return this.#type;
  }
  get extractable() {
    checkThis(this);
    return this.#extractable;
  }
  get algorithm() {
    checkThis(this);
    return this.#algorithmObject;
  }
  get usages() {
    checkThis(this);
    return this.#usagesObject;
  }
  static {
    isCryptoKey = (v) => isObject(v) && #type in v;
    keySlots = (k) => ({ type: k.#type, extractable: k.#extractable, algorithm: k.#algorithm, usages: k.#usages, handle: k.#handle });
    publicView = (k) => ({ type: k.#type, extractable: k.#extractable, algorithm: k.#algorithmObject, usages: k.#usagesObject });
  }
}
exposeInterface(CryptoKey);

function checkThis(v) {
  if (!isCryptoKey(v)) throw new TypeError('Value of "this" must be of type CryptoKey');
}

internal.isCryptoKey = isCryptoKey;
// cloneCryptoKey is structuredClone's copy of a CryptoKey: the same slots
// (not the cached objects the script may have changed), fresh cached
// algorithm and usages objects.
internal.cloneCryptoKey = (k) => {
  const s = keySlots(k);
  return newKey(s.type, s.extractable, s.algorithm, s.usages, s.handle);
};

function cloneAlgorithm(a) {
  const out = { ...a };
  if (a.hash !== undefined) out.hash = { ...a.hash };
  if (a.publicExponent !== undefined) out.publicExponent = a.publicExponent.slice();
  return out;
}

// freezeAlgorithm freezes an algorithm slot and its hash dictionary (a
// Uint8Array publicExponent cannot be frozen; nothing outside this file
// ever sees it).
function freezeAlgorithm(a) {
  if (a.hash !== undefined) ObjectFreeze(a.hash);
  return ObjectFreeze(a);
}
internal.inspectors.set(CryptoKey.prototype, (k) => ({ props: publicView(k) }));

function newKey(type, extractable, algorithm, usages, handle) {
  return new CryptoKey(kInternal, type, extractable, algorithm, usages, handle);
}

// ---- per-algorithm facts ----

const kHashOfJwk = {
  HMAC: { 'SHA-1': 'HS1', 'SHA-256': 'HS256', 'SHA-384': 'HS384', 'SHA-512': 'HS512' },
  'RSASSA-PKCS1-v1_5': { 'SHA-1': 'RS1', 'SHA-256': 'RS256', 'SHA-384': 'RS384', 'SHA-512': 'RS512' },
  'RSA-PSS': { 'SHA-1': 'PS1', 'SHA-256': 'PS256', 'SHA-384': 'PS384', 'SHA-512': 'PS512' },
  'RSA-OAEP': { 'SHA-1': 'RSA-OAEP', 'SHA-256': 'RSA-OAEP-256', 'SHA-384': 'RSA-OAEP-384', 'SHA-512': 'RSA-OAEP-512' },
};
const kEcJwkAlg = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
const kCurves = ['P-256', 'P-384', 'P-521'];
const kHashBits = { 'SHA-1': 160, 'SHA-256': 256, 'SHA-384': 384, 'SHA-512': 512 };
const kHashBlockBits = { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 };

const isAES = (n) => n === 'AES-CTR' || n === 'AES-CBC' || n === 'AES-GCM' || n === 'AES-KW';
const isRSA = (n) => n === 'RSASSA-PKCS1-v1_5' || n === 'RSA-PSS' || n === 'RSA-OAEP';
const isEC = (n) => n === 'ECDSA' || n === 'ECDH';
const isOKP = (n) => n === 'Ed25519' || n === 'X25519' || n === 'Ed448' || n === 'X448';

// usagesFor gives [public/secret usages, private usages] of an algorithm.
function usagesFor(name) {
  switch (name) {
    case 'RSASSA-PKCS1-v1_5': case 'RSA-PSS': case 'ECDSA': case 'Ed25519': case 'Ed448':
      return [['verify'], ['sign']];
    case 'RSA-OAEP':
      return [['encrypt', 'wrapKey'], ['decrypt', 'unwrapKey']];
    case 'ECDH': case 'X25519': case 'X448':
      return [[], ['deriveKey', 'deriveBits']];
    case 'AES-CTR': case 'AES-CBC': case 'AES-GCM':
      return [['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'], null];
    case 'AES-KW':
      return [['wrapKey', 'unwrapKey'], null];
    case 'HMAC':
      return [['sign', 'verify'], null];
    case 'HKDF': case 'PBKDF2':
      return [['deriveKey', 'deriveBits'], null];
  }
  return [[], null];
}

function checkUsages(usages, allowed) {
  for (const u of usages) {
    if (!allowed.includes(u)) throw syntaxError(`Unsupported key usage for this key: ${u}`);
  }
}

// dedupe keeps the first occurrence of each usage, in the spec's order.
function dedupe(usages) {
  return kKeyUsages.filter((u) => usages.includes(u));
}

function familyOf(name) {
  if (isRSA(name)) return 'RSA';
  if (isEC(name)) return 'EC';
  return name;
}

function hashDict(h) {
  return { name: h.name };
}

// ---- base64url for JWK "k" ----

function b64urlEncode(u8) {
  let s = '';
  for (let i = 0; i < u8.length; i++) s += String.fromCharCode(u8[i]);
  return host.btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function b64urlDecode(s) {
  if (/[^A-Za-z0-9_-]/.test(s.replace(/=+$/, ''))) throw dataError('Invalid keyData');
  const bin = host.atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  if (bin === null) throw dataError('Invalid keyData');
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// ---- JWK dictionary ----

const kJwkStringMembers = ['alg', 'crv', 'd', 'dp', 'dq', 'e', 'k', 'kty', 'n', 'p', 'q', 'qi', 'use', 'x', 'y'];

// toJwk converts a JsonWebKey dictionary (members read in order).
function toJwk(v) {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new TypeError("Failed to execute 'importKey' on 'SubtleCrypto': The provided value is not of type 'JsonWebKey'.");
  const out = {};
  const read = (m) => {
    const x = v[m];
    if (x !== undefined) out[m] = x;
  };
  for (const m of ['alg', 'crv', 'd', 'dp', 'dq', 'e', 'ext', 'k', 'key_ops', 'kty', 'n', 'oth', 'p', 'q', 'qi', 'use', 'x', 'y']) read(m);
  for (const m of kJwkStringMembers) if (m in out) out[m] = toDOMString(out[m]);
  if ('ext' in out) out.ext = !!out.ext;
  if ('key_ops' in out) out.key_ops = internal.toSequence(out.key_ops, 'key_ops', toDOMString);
  return out;
}

// checkJwkCommon does the kty/use/key_ops/ext checks shared by every import.
function checkJwkCommon(jwk, kty, use, usages, extractable) {
  if (jwk.kty !== kty) throw dataError("Invalid JWK 'kty' Parameter");
  if (usages.length > 0 && jwk.use !== undefined && jwk.use !== use) {
    throw dataError("Invalid JWK 'use' Parameter");
  }
  if (jwk.key_ops !== undefined) {
    const ops = jwk.key_ops;
    // Unknown operations are allowed (RFC 7517); known ones must not repeat.
    for (let i = 0; i < ops.length; i++) {
      if (kKeyUsages.includes(ops[i]) && ops.indexOf(ops[i]) !== i) throw dataError('Duplicate key operation');
    }
    for (const u of usages) {
      if (!ops.includes(u)) throw dataError("Key operations and usage mismatch");
    }
  }
  if (jwk.ext === false && extractable) throw dataError('JWK "ext" Parameter and extractable mismatch');
}

// jwkKeyMembers picks the key-material members for Go.
function jwkKeyMembers(jwk) {
  const out = {};
  for (const m of ['crv', 'd', 'dp', 'dq', 'e', 'n', 'p', 'q', 'qi', 'x', 'y']) {
    if (jwk[m] !== undefined) out[m] = jwk[m];
  }
  return JSONStringify(out);
}

// ---- import ----

// importKeyNow is the spec's import key steps after normalization; it
// hands the CryptoKey to k (without the final empty-usages check).
function importKeyNow(format, keyData, alg, extractable, usages, k) {
  const name = alg.name;
  const [pubUsages, privUsages] = usagesFor(name);
  usages = dedupe(usages);
  if (privUsages === null) {
    k.ok(importSecret(format, keyData, alg, extractable, usages, pubUsages));
    return;
  }
  // Asymmetric.
  let isPrivate;
  if (format === 'raw' || format === 'spki') {
    isPrivate = false;
    if (format === 'raw' && isRSA(name)) throw notSupported('Unable to import RSA key with format raw');
  } else if (format === 'pkcs8') {
    isPrivate = true;
  } else {
    isPrivate = keyData.d !== undefined;
  }
  checkUsages(usages, isPrivate ? privUsages : pubUsages);
  const family = familyOf(name);
  let curve = '';
  let data = keyData;
  if (isEC(name)) {
    curve = alg.namedCurve;
    if (!kCurves.includes(curve)) throw notSupported('Unrecognized namedCurve');
  }
  if (format === 'jwk') {
    const kty = isRSA(name) ? 'RSA' : isEC(name) ? 'EC' : 'OKP';
    const use = name === 'ECDSA' || name === 'Ed25519' || name === 'Ed448' || name === 'RSASSA-PKCS1-v1_5' || name === 'RSA-PSS' ? 'sig' : 'enc';
    checkJwkCommon(keyData, kty, use, usages, extractable);
    if (keyData.alg !== undefined) {
      if (isRSA(name)) {
        if (keyData.alg !== kHashOfJwk[name][alg.hash.name]) throw dataError('JWK "alg" does not match the requested algorithm');
      } else if (name === 'ECDSA') {
        if (keyData.alg !== kEcJwkAlg[curve]) throw dataError('JWK "alg" does not match the requested algorithm');
      } else if (name === 'Ed25519' || name === 'Ed448') {
        if (keyData.alg !== 'EdDSA' && keyData.alg !== name) throw dataError('JWK "alg" does not match the requested algorithm');
      }
    }
    if (isRSA(name) && keyData.oth !== undefined) throw notSupported('Multi-prime RSA keys are not supported');
    if (isEC(name) && keyData.crv !== curve) throw dataError('JWK "crv" does not match the requested algorithm');
    if (isOKP(name) && keyData.crv !== name) throw dataError('JWK "crv" Parameter and algorithm name mismatch');
    data = jwkKeyMembers(keyData);
  }
  run(k, (handle) => {
    const info = host.subtleKeyInfo(handle);
    const type = info[1] ? 'private' : 'public';
    let algorithm;
    if (family === 'RSA') {
      algorithm = { name, modulusLength: info[2], publicExponent: new Uint8Array(info[3]), hash: hashDict(alg.hash) };
    } else if (family === 'EC') {
      algorithm = { name, namedCurve: curve };
    } else {
      algorithm = { name };
    }
    k.ok(newKey(type, extractable, algorithm, usages, handle));
  }, 'import', family, curve, format, data);
}

function importSecret(format, keyData, alg, extractable, usages, allowed) {
  const name = alg.name;
  checkUsages(usages, allowed);
  let bytes;
  if (name === 'HKDF' || name === 'PBKDF2') {
    if (format !== 'raw') throw notSupported(`Unable to import ${name} key with format ${format}`);
    if (extractable) throw syntaxError(`${name} keys are not extractable`);
    return newKey('secret', false, { name }, usages, keyData);
  }
  if (format === 'spki' || format === 'pkcs8') throw notSupported(`Unable to import ${name} key with format ${format}`);
  if (format === 'raw') {
    bytes = keyData;
  } else {
    const use = name === 'HMAC' ? 'sig' : 'enc';
    checkJwkCommon(keyData, 'oct', use, usages, extractable);
    if (keyData.k === undefined) throw dataError("Invalid JWK: 'k' is missing");
    bytes = b64urlDecode(keyData.k);
  }
  if (isAES(name)) {
    const bits = bytes.length * 8;
    if (bits !== 128 && bits !== 192 && bits !== 256) throw dataError('Invalid key length');
    if (format === 'jwk' && keyData.alg !== undefined && keyData.alg !== `A${bits}${name.slice(4)}`) {
      throw dataError('JWK "alg" does not match the requested algorithm');
    }
    return newKey('secret', extractable, { name, length: bits }, usages, bytes);
  }
  // HMAC
  const hash = alg.hash.name;
  if (format === 'jwk' && keyData.alg !== undefined && keyData.alg !== kHashOfJwk.HMAC[hash]) {
    throw dataError('JWK "alg" does not match the requested algorithm');
  }
  let length = bytes.length * 8;
  if (length === 0) throw dataError('Zero-length key is not supported');
  if (alg.length !== undefined) {
    if (alg.length > length || alg.length <= length - 8) throw dataError('Invalid key length');
    length = alg.length;
  }
  return newKey('secret', extractable, { name, length, hash: hashDict(alg.hash) }, usages, bytes);
}

// ---- export ----

// exportKeyNow hands k the exported key: an ArrayBuffer, or a JWK object.
function exportKeyNow(format, key, k) {
  const s = keySlots(key);
  const name = s.algorithm.name;
  if (name === 'HKDF' || name === 'PBKDF2') throw notSupported(`Unable to export ${name} key`);
  if (!s.extractable) throw accessError('key is not extractable');
  if (s.type === 'secret') {
    if (format === 'raw') {
      k.ok(s.handle.slice().buffer);
      return;
    }
    if (format !== 'jwk') throw notSupported(`Unable to export ${name} secret key using ${format} format`);
    const jwk = { key_ops: [...s.usages], ext: s.extractable, kty: 'oct', k: b64urlEncode(s.handle) };
    if (isAES(name)) jwk.alg = `A${s.algorithm.length}${name.slice(4)}`;
    else jwk.alg = kHashOfJwk.HMAC[s.algorithm.hash.name];
    k.ok(sortJwk(jwk));
    return;
  }
  if (format === 'raw' && isRSA(name)) throw notSupported('Unable to export RSA key using raw format');
  if (format === 'raw' && s.type === 'private') throw accessError('Unable to export a raw private key');
  if (format === 'spki' && s.type !== 'public') throw accessError('Unable to export a private key as spki');
  if (format === 'pkcs8' && s.type !== 'private') throw accessError('Unable to export a public key as pkcs8');
  run(k, (res) => {
    if (format !== 'jwk') {
      k.ok(res);
      return;
    }
    const jwk = JSONParse(res);
    if (isRSA(name)) jwk.alg = kHashOfJwk[name][s.algorithm.hash.name];
    else if (name === 'ECDSA') jwk.alg = kEcJwkAlg[s.algorithm.namedCurve];
    else if (name === 'Ed25519' || name === 'Ed448') jwk.alg = name;
    jwk.key_ops = [...s.usages];
    jwk.ext = s.extractable;
    k.ok(sortJwk(jwk));
  }, 'export', s.handle, format);
}

function sortJwk(jwk) {
  const out = {};
  for (const m of Object.keys(jwk).sort()) out[m] = jwk[m];
  return out;
}

// ---- generate ----

// generateKeyNow hands k the CryptoKey or CryptoKeyPair.
function generateKeyNow(alg, extractable, usages, k) {
  const name = alg.name;
  const [pubUsages, privUsages] = usagesFor(name);
  usages = dedupe(usages);
  if (privUsages === null) {
    checkUsages(usages, pubUsages);
    let length;
    let algorithm;
    if (isAES(name)) {
      length = alg.length;
      if (length !== 128 && length !== 192 && length !== 256) throw opError('AES key length must be 128, 192, or 256 bits');
      algorithm = { name, length };
    } else {
      length = alg.length === undefined ? kHashBlockBits[alg.hash.name] : alg.length;
      if (length === 0) throw opError('Zero-length key is not supported');
      algorithm = { name, length, hash: hashDict(alg.hash) };
    }
    if (usages.length === 0) throw syntaxError('Usages cannot be empty when creating a key.');
    const bytes = new Uint8Array(Math.ceil(length / 8));
    host.randomFill(bytes);
    k.ok(newKey('secret', extractable, algorithm, usages, bytes));
    return;
  }
  checkUsages(usages, [...pubUsages, ...privUsages]);
  const family = familyOf(name);
  let p1;
  let p2;
  let algorithm;
  if (family === 'RSA') {
    const e = alg.publicExponent;
    let ev = 0;
    for (const x of e) ev = ev * 256 + x;
    if (ev !== 65537) throw opError('Unsupported public exponent');
    if (alg.modulusLength < 1024 || alg.modulusLength % 8 !== 0 || alg.modulusLength > 16384) {
      throw opError('Unsupported modulus length');
    }
    p1 = alg.modulusLength;
    p2 = e;
    algorithm = { name, modulusLength: alg.modulusLength, publicExponent: e.slice(), hash: hashDict(alg.hash) };
  } else if (family === 'EC') {
    if (!kCurves.includes(alg.namedCurve)) throw notSupported('Unrecognized namedCurve');
    p1 = alg.namedCurve;
    algorithm = { name, namedCurve: alg.namedCurve };
  } else {
    algorithm = { name };
  }
  const privateUsages = usages.filter((u) => privUsages.includes(u));
  const publicUsages = usages.filter((u) => pubUsages.includes(u));
  if (privateUsages.length === 0) throw syntaxError('Usages cannot be empty when creating a key.');
  run(k, (handles) => {
    k.ok({
      publicKey: newKey('public', true, algorithm, publicUsages, handles[1]),
      privateKey: newKey('private', extractable, algorithm, privateUsages, handles[0]),
    });
  }, 'generate', family, p1, p2);
}

// ---- the operations on keys ----

// checkKeyFor is the check every operation on a key starts with: the
// key's algorithm is the one asked for and its usages allow the operation
// (the key's slots, not the objects its getters return).
function checkKeyFor(alg, key, usage) {
  const s = keySlots(key);
  if (alg.name !== s.algorithm.name || !s.usages.includes(usage)) {
    throw accessError(usage === 'sign' || usage === 'verify' ? `Unable to use this key to ${usage}` : 'The requested operation is not valid for the provided key');
  }
  return s;
}

// encryptNow hands k the ciphertext (or plaintext) as an ArrayBuffer.
function encryptNow(alg, s, data, encrypt, k) {
  const name = alg.name;
  switch (name) {
    case 'RSA-OAEP':
      if (s.type !== (encrypt ? 'public' : 'private')) throw accessError('The requested operation is not valid for the provided key');
      run(k, k.ok, 'oaep', encrypt, s.handle, s.algorithm.hash.name, alg.label, data);
      return;
    case 'AES-CBC':
      if (alg.iv.length !== 16) throw opError('algorithm.iv must contain exactly 16 bytes');
      run(k, k.ok, 'aesCBC', encrypt, s.handle, alg.iv, data);
      return;
    case 'AES-CTR':
      if (alg.counter.length !== 16) throw opError('algorithm.counter must contain exactly 16 bytes');
      if (alg.length === 0 || alg.length > 128) throw opError('algorithm.length must be between 1 and 128');
      run(k, k.ok, 'aesCTR', s.handle, alg.counter, alg.length, data);
      return;
    case 'AES-GCM': {
      const tag = alg.tagLength === undefined ? 128 : alg.tagLength;
      if (![32, 64, 96, 104, 112, 120, 128].includes(tag)) throw opError(`${tag} is not a valid AES-GCM tag length`);
      if (!encrypt && data.length < tag / 8) throw opError('The provided data is too small.');
      run(k, k.ok, 'aesGCM', encrypt, s.handle, alg.iv, alg.additionalData, tag, data);
      return;
    }
  }
  throw notSupported();
}

// signNow hands k the signature (an ArrayBuffer), or for verify a boolean.
function signNow(alg, s, data, signature, k) {
  const name = alg.name;
  const verify = signature !== undefined;
  if (name === 'HMAC') {
    if (verify) run(k, k.ok, 'hmacVerify', s.algorithm.hash.name, s.handle, signature, data);
    else run(k, k.ok, 'hmacSign', s.algorithm.hash.name, s.handle, data);
    return;
  }
  if (s.type !== (verify ? 'public' : 'private')) throw accessError('The requested operation is not valid for the provided key');
  if (name === 'Ed448' && alg.context !== undefined && alg.context.length !== 0) {
    throw notSupported('Non zero-length Ed448Params.context is not supported');
  }
  const hash = name === 'ECDSA' ? alg.hash.name : isRSA(name) ? s.algorithm.hash.name : '';
  const salt = name === 'RSA-PSS' ? alg.saltLength : 0;
  if (verify) run(k, k.ok, 'verify', name, s.handle, hash, salt, signature, data);
  else run(k, k.ok, 'sign', name, s.handle, hash, salt, data);
}

// deriveBitsNow hands k an ArrayBuffer; length is null or a number.
function deriveBitsNow(alg, s, length, k) {
  const name = alg.name;
  if (name === 'HKDF' || name === 'PBKDF2') {
    if (length === null) throw opError('length cannot be null');
    if (length % 8 !== 0) throw opError('length must be a multiple of 8');
    if (name === 'HKDF') {
      run(k, k.ok, 'hkdf', alg.hash.name, s.handle, alg.salt, alg.info, length / 8);
      return;
    }
    if (alg.iterations === 0) throw opError('iterations cannot be zero');
    run(k, k.ok, 'pbkdf2', alg.hash.name, s.handle, alg.salt, alg.iterations, length / 8);
    return;
  }
  const pub = keySlots(alg.public);
  if (pub.type !== 'public') throw accessError('algorithm.public must be a public key');
  if (pub.algorithm.name !== s.algorithm.name) throw accessError('The public and private keys must be of the same type');
  if (isEC(name) && pub.algorithm.namedCurve !== s.algorithm.namedCurve) {
    throw accessError('The public and private keys must be on the same curve');
  }
  run(k, (buf) => {
    if (length === null) {
      k.ok(buf);
      return;
    }
    if (length > buf.byteLength * 8) throw opError('derived bit length is too large');
    const n = Math.ceil(length / 8);
    const out = new Uint8Array(buf, 0, n).slice();
    if (length % 8 !== 0) out[n - 1] &= 0xFF << (8 - (length % 8));
    k.ok(out.buffer);
  }, 'derive', s.handle, pub.handle);
}

function getKeyLength(alg) {
  const name = alg.name;
  if (isAES(name)) {
    if (alg.length !== 128 && alg.length !== 192 && alg.length !== 256) throw opError('AES key length must be 128, 192, or 256 bits');
    return alg.length;
  }
  if (name === 'HMAC') {
    if (alg.length === undefined) return kHashBlockBits[alg.hash.name];
    if (alg.length === 0) throw new TypeError('length must not be zero');
    return alg.length;
  }
  return null;
}

// ---- SubtleCrypto ----

// promised returns a promise settled by fn(k): fn runs at once with the
// continuation k that settles it, and a synchronous throw rejects it. Only
// the final, caller-visible value ever resolves a promise.
function promised(fn) {
  return new PromiseCtor((resolve, reject) => {
    try {
      fn({ ok: resolve, fail: reject });
    } catch (e) {
      reject(e);
    }
  });
}

function requireKey(v, what) {
  if (!isCryptoKey(v)) throw new TypeError(`${what} is not of type 'CryptoKey'.`);
}

function toDataArg(v, method, n) {
  return copyBufferSource(v, `Failed to execute '${method}' on 'SubtleCrypto': parameter ${n}`);
}

function toKeyData(format, v, method) {
  if (format === 'jwk') return toJwk(v);
  return toDataArg(v, method, 2);
}

// kSpace is the byte of the padding a JWK gets before AES-KW wraps it.
const kSpace = 0x20;

// wrapBytes is the data wrapKey encrypts: the exported key, its JSON (as
// UTF-8) for jwk. As Node does, a JWK to be wrapped with AES-KW is padded
// with trailing spaces to a multiple of 8 bytes, the input size AES-KW
// needs (the spec's wrapKey note allows adapting the serialization).
function wrapBytes(format, exported, wrapName) {
  if (format !== 'jwk') return new Uint8Array(exported);
  const json = internal.encodeUTF8(JSONStringify(exported));
  if (wrapName !== 'AES-KW' || json.length % 8 === 0) return json;
  const out = new Uint8Array(json.length + 8 - (json.length % 8)).fill(kSpace);
  out.set(json);
  return out;
}

let subtleBrand;

class SubtleCrypto {
  #brand = true;
  constructor() {
    if (arguments[0] !== kInternal) throw new TypeError('Illegal constructor');
  }
  static {
    subtleBrand = (o) => {
      if (!isObject(o) || !(#brand in o)) throw new TypeError('Value of "this" must be of type SubtleCrypto');
    };
  }

  digest(algorithm, data) {
    const argc = arguments.length;
    return promised((k) => {
      subtleBrand(this);
      requireArgs(argc, 2, "Failed to execute 'digest' on 'SubtleCrypto'");
      const bytes = toDataArg(data, 'digest', 2);
      const alg = normalize(algorithm, 'digest');
      run(k, k.ok, 'digest', alg.name, bytes);
    });
  }

  generateKey(algorithm, extractable, keyUsages) {
    const argc = arguments.length;
    return promised((k) => {
      subtleBrand(this);
      requireArgs(argc, 3, "Failed to execute 'generateKey' on 'SubtleCrypto'");
      extractable = !!extractable;
      const usages = toUsages(keyUsages, "Failed to execute 'generateKey' on 'SubtleCrypto': parameter 3");
      const alg = normalize(algorithm, 'generateKey');
      generateKeyNow(alg, extractable, usages, k);
    });
  }

  importKey(format, keyData, algorithm, extractable, keyUsages) {
    const argc = arguments.length;
    return promised((k) => {
      subtleBrand(this);
      requireArgs(argc, 5, "Failed to execute 'importKey' on 'SubtleCrypto'");
      format = toKeyFormat(format, "Failed to execute 'importKey' on 'SubtleCrypto': parameter 1");
      const data = toKeyData(format, keyData, 'importKey');
      extractable = !!extractable;
      const usages = toUsages(keyUsages, "Failed to execute 'importKey' on 'SubtleCrypto': parameter 5");
      const alg = normalize(algorithm, 'importKey');
      importKeyNow(format, data, alg, extractable, usages, finishKey(k));
    });
  }

  exportKey(format, key) {
    const argc = arguments.length;
    return promised((k) => {
      subtleBrand(this);
      requireArgs(argc, 2, "Failed to execute 'exportKey' on 'SubtleCrypto'");
      format = toKeyFormat(format, "Failed to execute 'exportKey' on 'SubtleCrypto': parameter 1");
      requireKey(key, "Failed to execute 'exportKey' on 'SubtleCrypto': parameter 2");
      exportKeyNow(format, key, k);
    });
  }

  sign(algorithm, key, data) {
    const argc = arguments.length;
    return promised((k) => {
      subtleBrand(this);
      requireArgs(argc, 3, "Failed to execute 'sign' on 'SubtleCrypto'");
      requireKey(key, "Failed to execute 'sign' on 'SubtleCrypto': parameter 2");
      const bytes = toDataArg(data, 'sign', 3);
      const alg = normalize(algorithm, 'sign');
      const s = checkKeyFor(alg, key, 'sign');
      signNow(alg, s, bytes, undefined, k);
    });
  }

  verify(algorithm, key, signature, data) {
    const argc = arguments.length;
    return promised((k) => {
      subtleBrand(this);
      requireArgs(argc, 4, "Failed to execute 'verify' on 'SubtleCrypto'");
      requireKey(key, "Failed to execute 'verify' on 'SubtleCrypto': parameter 2");
      const sig = toDataArg(signature, 'verify', 3);
      const bytes = toDataArg(data, 'verify', 4);
      const alg = normalize(algorithm, 'verify');
      const s = checkKeyFor(alg, key, 'verify');
      signNow(alg, s, bytes, sig, k);
    });
  }

  encrypt(algorithm, key, data) {
    const argc = arguments.length;
    return promised((k) => {
      subtleBrand(this);
      requireArgs(argc, 3, "Failed to execute 'encrypt' on 'SubtleCrypto'");
      requireKey(key, "Failed to execute 'encrypt' on 'SubtleCrypto': parameter 2");
      const bytes = toDataArg(data, 'encrypt', 3);
      const alg = normalize(algorithm, 'encrypt');
      const s = checkKeyFor(alg, key, 'encrypt');
      encryptNow(alg, s, bytes, true, k);
    });
  }

  decrypt(algorithm, key, data) {
    const argc = arguments.length;
    return promised((k) => {
      subtleBrand(this);
      requireArgs(argc, 3, "Failed to execute 'decrypt' on 'SubtleCrypto'");
      requireKey(key, "Failed to execute 'decrypt' on 'SubtleCrypto': parameter 2");
      const bytes = toDataArg(data, 'decrypt', 3);
      const alg = normalize(algorithm, 'decrypt');
      const s = checkKeyFor(alg, key, 'decrypt');
      encryptNow(alg, s, bytes, false, k);
    });
  }

  deriveBits(algorithm, baseKey, length = null) {
    const argc = arguments.length;
    return promised((k) => {
      subtleBrand(this);
      requireArgs(argc, 2, "Failed to execute 'deriveBits' on 'SubtleCrypto'");
      requireKey(baseKey, "Failed to execute 'deriveBits' on 'SubtleCrypto': parameter 2");
      if (length !== null) length = toEnforcedInt(length, "Failed to execute 'deriveBits' on 'SubtleCrypto': parameter 3", 4294967295);
      const alg = normalize(algorithm, 'deriveBits');
      const s = checkKeyFor(alg, baseKey, 'deriveBits');
      deriveBitsNow(alg, s, length, k);
    });
  }

  deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsages) {
    const argc = arguments.length;
    return promised((k) => {
      subtleBrand(this);
      requireArgs(argc, 5, "Failed to execute 'deriveKey' on 'SubtleCrypto'");
      requireKey(baseKey, "Failed to execute 'deriveKey' on 'SubtleCrypto': parameter 2");
      extractable = !!extractable;
      const usages = toUsages(keyUsages, "Failed to execute 'deriveKey' on 'SubtleCrypto': parameter 5");
      const alg = normalize(algorithm, 'deriveBits');
      const importAlg = normalize(derivedKeyType, 'importKey');
      const lengthAlg = normalize(derivedKeyType, 'getKeyLength');
      const s = checkKeyFor(alg, baseKey, 'deriveKey');
      const length = getKeyLength(lengthAlg);
      deriveBitsNow(alg, s, length, next(k, (bits) => {
        importKeyNow('raw', new Uint8Array(bits), importAlg, extractable, usages, finishKey(k));
      }));
    });
  }

  wrapKey(format, key, wrappingKey, wrapAlgorithm) {
    const argc = arguments.length;
    return promised((k) => {
      subtleBrand(this);
      requireArgs(argc, 4, "Failed to execute 'wrapKey' on 'SubtleCrypto'");
      format = toKeyFormat(format, "Failed to execute 'wrapKey' on 'SubtleCrypto': parameter 1");
      requireKey(key, "Failed to execute 'wrapKey' on 'SubtleCrypto': parameter 2");
      requireKey(wrappingKey, "Failed to execute 'wrapKey' on 'SubtleCrypto': parameter 3");
      let alg;
      try {
        alg = normalize(wrapAlgorithm, 'wrapKey');
      } catch (e) {
        if (!internal.isDOMException(e) || e.name !== 'NotSupportedError') throw e;
        alg = normalize(wrapAlgorithm, 'encrypt');
      }
      const s = checkKeyFor(alg, wrappingKey, 'wrapKey');
      exportKeyNow(format, key, next(k, (exported) => {
        const bytes = wrapBytes(format, exported, alg.name);
        if (alg.name === 'AES-KW') run(k, k.ok, 'aesKW', true, s.handle, bytes);
        else encryptNow(alg, s, bytes, true, k);
      }));
    });
  }

  unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, keyUsages) {
    const argc = arguments.length;
    return promised((k) => {
      subtleBrand(this);
      requireArgs(argc, 7, "Failed to execute 'unwrapKey' on 'SubtleCrypto'");
      format = toKeyFormat(format, "Failed to execute 'unwrapKey' on 'SubtleCrypto': parameter 1");
      const wrapped = toDataArg(wrappedKey, 'unwrapKey', 2);
      requireKey(unwrappingKey, "Failed to execute 'unwrapKey' on 'SubtleCrypto': parameter 3");
      extractable = !!extractable;
      const usages = toUsages(keyUsages, "Failed to execute 'unwrapKey' on 'SubtleCrypto': parameter 7");
      let alg;
      try {
        alg = normalize(unwrapAlgorithm, 'unwrapKey');
      } catch (e) {
        if (!internal.isDOMException(e) || e.name !== 'NotSupportedError') throw e;
        alg = normalize(unwrapAlgorithm, 'decrypt');
      }
      const importAlg = normalize(unwrappedKeyAlgorithm, 'importKey');
      const s = checkKeyFor(alg, unwrappingKey, 'unwrapKey');
      const then = next(k, (buf) => {
        let data = new Uint8Array(buf);
        if (format === 'jwk') {
          let parsed;
          try {
            parsed = JSONParse(internal.decodeUTF8(data));
          } catch {
            throw dataError('Invalid wrapped JWK');
          }
          data = toJwk(parsed);
        }
        importKeyNow(format, data, importAlg, extractable, usages, finishKey(k));
      });
      if (alg.name === 'AES-KW') run(then, then.ok, 'aesKW', false, s.handle, wrapped);
      else encryptNow(alg, s, wrapped, false, then);
    });
  }
}

// finishKey is the continuation that does the final check of importKey,
// deriveKey and unwrapKey before handing the key to k.
function finishKey(k) {
  return next(k, (key) => {
    const s = keySlots(key);
    if ((s.type === 'secret' || s.type === 'private') && s.usages.length === 0) {
      throw syntaxError('Usages cannot be empty when creating a key.');
    }
    k.ok(key);
  });
}

exposeInterface(SubtleCrypto);
internal.subtle = new SubtleCrypto(kInternal);
