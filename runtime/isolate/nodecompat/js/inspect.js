// inspect: Edgeplay's rendition of util.inspect's default output (depth 2,
// breakLength 80, compact 3), used by util.format's %o/%O/%s, by assertion
// messages and by the "Received ..." part of Node-style errors. It is not
// exported (Next.js does not pick util.inspect).
const customInspect = Symbol.for('nodejs.util.inspect.custom');
// Set by buffer.js once node:buffer is built, for Buffers without their
// custom inspect (e.g. a deleted prototype method).
let fastBufferClass = null;
const builtInCtorNames = new Set(['Object', 'Error', 'Array', 'Date', 'RegExp', 'Map', 'Set', 'WeakMap', 'WeakSet',
  'Promise', 'Function', 'ArrayBuffer', 'DataView', 'Number', 'String', 'Boolean', 'Symbol', 'BigInt']);
const identRe = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
const ObjectToString = Object.prototype.toString;
const FunctionToString = Function.prototype.toString;
const ErrorToString = Error.prototype.toString;
const DateToISOString = Date.prototype.toISOString;
const RegExpToString = RegExp.prototype.toString;
const MapSize = Object.getOwnPropertyDescriptor(Map.prototype, 'size').get;
const SetSize = Object.getOwnPropertyDescriptor(Set.prototype, 'size').get;
const MapEntries = Map.prototype.entries;
const SetValues = Set.prototype.values;
const ArrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;

const metaEscapes = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '\\': '\\\\' };

function quoteString(str) {
  let quote = "'";
  if (str.includes("'")) {
    if (!str.includes('"')) quote = '"';
    else if (!str.includes('`') && !str.includes('${')) quote = '`';
  }
  let out = '';
  for (let i = 0; i < str.length; i++) {
    const ch = str[i];
    const code = str.charCodeAt(i);
    if (ch === quote) out += `\\${ch}`;
    else if (metaEscapes[ch] !== undefined) out += metaEscapes[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = str.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) { out += ch + str[i + 1]; i++; } else out += `\\u${code.toString(16).toUpperCase()}`;
    } else out += ch;
  }
  return quote + out + quote;
}

function formatPrimitive(v) {
  switch (typeof v) {
    case 'string': return quoteString(v);
    case 'number': return ObjectIs(v, -0) ? '-0' : `${v}`;
    case 'bigint': return `${v}n`;
    case 'symbol': return v.toString();
    case 'undefined': return 'undefined';
    default: return `${v}`; // boolean
  }
}

function functionKind(fn) {
  const tag = fn[Symbol.toStringTag];
  let src = '';
  try { src = FunctionToString.call(fn); } catch { /* native */ }
  if (src.startsWith('class') && /^class\b/.test(src)) return 'class';
  if (tag === 'AsyncGeneratorFunction' || tag === 'AsyncFunction' || tag === 'GeneratorFunction') return tag;
  return 'Function';
}

function formatFunctionBase(fn) {
  const kind = functionKind(fn);
  const name = typeof fn.name === 'string' ? fn.name : '';
  if (kind === 'class') {
    let base = `[class ${name || '(anonymous)'}`;
    const sup = ObjectGetPrototypeOf(fn);
    if (sup && sup !== Function.prototype && typeof sup.name === 'string' && sup.name) base += ` extends ${sup.name}`;
    return `${base}]`;
  }
  return name ? `[${kind}: ${name}]` : `[${kind} (anonymous)]`;
}

// constructorName finds the name of the nearest constructor on obj's
// prototype chain that obj is an instance of (so a prototype object is not
// named after its own constructor), or null.
function constructorName(obj) {
  let o = obj;
  while (o) {
    const d = Object.getOwnPropertyDescriptor(o, 'constructor');
    if (d && typeof d.value === 'function' && typeof d.value.name === 'string' && d.value.name !== '') {
      let inst = false;
      try { inst = obj instanceof d.value; } catch { /* not callable as instanceof target */ }
      if (inst) return d.value.name;
    }
    o = ObjectGetPrototypeOf(o);
  }
  return null;
}

// protoKeys lists, for showHidden, the own properties of the prototypes
// between obj and the first built-in one (class methods and accessors).
function protoKeys(obj) {
  const out = [];
  let o = ObjectGetPrototypeOf(obj);
  while (o && o !== Object.prototype) {
    const d = Object.getOwnPropertyDescriptor(o, 'constructor');
    if (d && typeof d.value === 'function' && builtInCtorNames.has(d.value.name)) break;
    for (const k of Reflect.ownKeys(o)) {
      if (k !== 'constructor' && !out.some((p) => p.key === k)) out.push({ key: k, holder: o });
    }
    o = ObjectGetPrototypeOf(o);
  }
  return out;
}

function formatKey(key) {
  if (typeof key === 'symbol') return `[${key.toString()}]`;
  return identRe.test(key) ? key : quoteString(key);
}

function isBelowBreakLength(ctx, output, start, base) {
  let total = output.length + start;
  if (total + output.length > ctx.breakLength) return false;
  for (const s of output) {
    total += s.length;
    if (total > ctx.breakLength) return false;
  }
  return base === '' || !base.includes('\n');
}

// groupColumns lays long arrays of short entries out in aligned columns,
// following the approach of Node's inspect: about 2.5 characters high per
// character wide, at most 15 columns, numbers right-aligned.
function groupColumns(ctx, output, value) {
  let count = output.length;
  if (ctx.extraItems) count--;
  const lens = output.slice(0, count).map((s) => s.length);
  const total = lens.reduce((a, n) => a + n + 2, 0);
  const longest = MathMax(0, ...lens);
  const width = longest + 2;
  if (!(width * 3 + ctx.indentationLvl < ctx.breakLength && (total / width > 5 || longest <= 6))) return output;
  const bias = Math.sqrt(width - total / output.length);
  const biasedMax = MathMax(width - 3 - bias, 1);
  const columns = MathMin(
    Math.round(Math.sqrt(2.5 * biasedMax * count) / biasedMax),
    MathFloor((ctx.breakLength - ctx.indentationLvl) / width),
    ctx.compact * 4, 15);
  if (columns <= 1) return output;
  const colWidth = [];
  for (let c = 0; c < columns; c++) {
    let w = 0;
    for (let j = c; j < count; j += columns) if (lens[j] > w) w = lens[j];
    colWidth.push(w + 2);
  }
  let numeric = true;
  if (value !== undefined) {
    for (let k = 0; k < count; k++) {
      if (typeof value[k] !== 'number' && typeof value[k] !== 'bigint') { numeric = false; break; }
    }
  }
  const rows = [];
  for (let r = 0; r < count; r += columns) {
    const end = MathMin(r + columns, count);
    let line = '';
    for (let j = r; j < end - 1; j++) {
      const cell = `${output[j]}, `;
      line += numeric ? cell.padStart(colWidth[j - r]) : cell.padEnd(colWidth[j - r]);
    }
    const last = output[end - 1];
    line += numeric ? last.padStart(colWidth[end - 1 - r] - 2) : last;
    rows.push(line);
  }
  if (ctx.extraItems) rows.push(output[count]);
  return rows;
}

function reduceToSingleString(ctx, output, base, braces, isArrayLike, level, value) {
  const entries = output.length;
  if (isArrayLike && entries > 6) output = groupColumns(ctx, output, value);
  if (ctx.currentDepth - level < ctx.compact && entries === output.length) {
    const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
    if (isBelowBreakLength(ctx, output, start, base)) {
      const joined = output.join(', ');
      if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
    }
  }
  const ind = `\n${' '.repeat(ctx.indentationLvl)}`;
  return `${base ? `${base} ` : ''}${braces[0]}${ind}  ${output.join(`,${ind}  `)}${ind}${braces[1]}`;
}

function formatProperty(ctx, obj, key, level, arrayItem) {
  const desc = Object.getOwnPropertyDescriptor(obj, key) || { value: obj[key], enumerable: true };
  let str;
  if (desc.value !== undefined || !('get' in desc || 'set' in desc)) {
    ctx.indentationLvl += 2;
    str = formatValue(ctx, desc.value, level);
    ctx.indentationLvl -= 2;
  } else if (desc.get !== undefined) {
    str = desc.set !== undefined ? '[Getter/Setter]' : '[Getter]';
  } else {
    str = desc.set !== undefined ? '[Setter]' : 'undefined';
  }
  if (arrayItem) return str;
  const name = desc.enumerable === false ? `[${typeof key === 'symbol' ? key.toString() : key}]` : formatKey(key);
  return `${name}: ${str}`;
}

function ownKeys(obj, showHidden) {
  const keys = showHidden ? Object.getOwnPropertyNames(obj) : ObjectKeys(obj);
  for (const s of Object.getOwnPropertySymbols(obj)) {
    if (showHidden || Object.prototype.propertyIsEnumerable.call(obj, s)) keys.push(s);
  }
  return keys;
}

function hexBytes(u8, max) {
  const n = MathMin(u8.length, max);
  let s = '';
  for (let i = 0; i < n; i++) s += (i ? ' ' : '') + u8[i].toString(16).padStart(2, '0');
  if (u8.length > max) s += ` ... ${u8.length - max} more byte${u8.length - max > 1 ? 's' : ''}`;
  return s;
}

function formatValue(ctx, value, level, typedArrayNoCustom) {
  if (value === null) return 'null';
  if (typeof value === 'string' && ctx.compact !== true && value.length > 16 &&
      value.length > ctx.breakLength - ctx.indentationLvl - 4) {
    // Long strings are shown line by line, joined with +.
    const parts = [];
    let start = 0;
    for (let i = 0; i < value.length; i++) {
      if (value.charCodeAt(i) === 10) {
        parts.push(value.slice(start, i + 1));
        start = i + 1;
      }
    }
    if (start < value.length) parts.push(value.slice(start));
    return parts.map(quoteString).join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`);
  }
  if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(value);
  if (ctx.customInspect !== false) {
    const fn = value[customInspect];
    if (typeof fn === 'function' && fn !== inspect && !typedArrayNoCustom) {
      const depth = ctx.depth === null ? null : ctx.depth - level;
      const ret = fn.call(value, depth, { ...ctx, stylize: (s) => s }, inspect);
      if (ret !== value) {
        if (typeof ret !== 'string') return formatValue(ctx, ret, level);
        return ret.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
      }
    }
  }
  if (ctx.seen.includes(value)) {
    let idx = ctx.circular.get(value);
    if (idx === undefined) {
      idx = ctx.circular.size + 1;
      ctx.circular.set(value, idx);
    }
    return `[Circular *${idx}]`;
  }
  return formatRaw(ctx, value, level);
}

function formatRaw(ctx, value, level) {
  let keys = ownKeys(value, ctx.showHidden);
  const ctor = constructorName(value);
  const proto = ObjectGetPrototypeOf(value);
  const tag = value[Symbol.toStringTag];
  let prefixName = ctor === null ? '[Object: null prototype]' : ctor;
  let base = '';
  let braces;
  let isArrayLike = false;
  let formatter = null;
  let extra = null;
  const tagSuffix = (name) => (typeof tag === 'string' && tag !== '' && tag !== name ? ` [${tag}]` : '');

  if (ArrayIsArray(value)) {
    const prefix = ctor === 'Array' ? '' : `${prefixName}(${value.length}) `;
    keys = keys.filter((k) => !(typeof k === 'string' && String(k >>> 0) === k && (k >>> 0) < value.length));
    braces = [`${prefix}[`, ']'];
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
    isArrayLike = true;
    formatter = formatArray;
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const ta = typedArrayTag(value);
    if (fastBufferClass !== null && value instanceof fastBufferClass) {
      let str = `<${ctor || 'Buffer'} ${hexBytes(value, 50)}`.replace(/ $/, '');
      if (value.length === 0) str = `<${ctor || 'Buffer'}`;
      return `${str}>`;
    }
    keys = keys.filter((k) => !(typeof k === 'string' && String(k >>> 0) === k));
    const prefix = `${ctor === ta ? ta : `${prefixName} [${ta}]`}(${value.length}) `;
    braces = [`${prefix}[`, ']'];
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
    isArrayLike = true;
    formatter = formatTypedArray;
  } else if (value instanceof Map || isMap(value)) {
    const size = MapSize.call(value);
    braces = [`${prefixName}(${size}) {`, '}'];
    if (size === 0 && keys.length === 0) return `${braces[0]}}`;
    formatter = formatMap;
  } else if (value instanceof Set || isSet(value)) {
    const size = SetSize.call(value);
    braces = [`${prefixName}(${size}) {`, '}'];
    if (size === 0 && keys.length === 0) return `${braces[0]}}`;
    formatter = formatSet;
  } else if (typeof value === 'function') {
    base = formatFunctionBase(value);
    keys = keys.filter((k) => k !== 'prototype');
    if (ctx.showHidden && Object.prototype.hasOwnProperty.call(value, 'prototype')) keys.push('prototype');
    if (keys.length === 0) return base;
    braces = ['{', '}'];
  } else if (isRegExp(value)) {
    base = RegExpToString.call(value);
    if (ctor !== 'RegExp') base = `${prefixName} ${base}`;
    keys = keys.filter((k) => k !== 'lastIndex');
    if (keys.length === 0) return base;
    braces = ['{', '}'];
  } else if (isDate(value)) {
    const t = value.getTime();
    base = Number.isNaN(t) ? 'Invalid Date' : DateToISOString.call(value);
    if (ctor !== 'Date') base = `${prefixName} ${base}`;
    if (keys.length === 0) return base;
    braces = ['{', '}'];
  } else if (isNativeError(value) || value instanceof Error) {
    base = formatError(value);
    if (ctx.indentationLvl !== 0) base = base.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
    keys = keys.filter((k) => k !== 'stack' && k !== 'message');
    if (keys.length === 0) return base;
    braces = ['{', '}'];
  } else if (isArrayBuffer(value)) {
    braces = [`${prefixName} {`, '}'];
    extra = [`[Uint8Contents]: <${hexBytes(new Uint8Array(value), 50)}>`, `byteLength: ${ArrayBufferByteLength.call(value)}`];
  } else if (isPromise(value)) {
    braces = [`${prefixName} {`, '}'];
    const state = host.promiseState(value);
    if (state === 'pending') extra = ['<pending>'];
    else {
      ctx.indentationLvl += 2;
      const r = formatValue(ctx, host.promiseResult(value), level + 1);
      ctx.indentationLvl -= 2;
      extra = [state === 'rejected' ? `<rejected> ${r}` : r];
    }
  } else if (value instanceof WeakMap || value instanceof WeakSet) {
    braces = [`${prefixName} {`, '}'];
    extra = ['<items unknown>'];
  } else if (value instanceof Number || value instanceof String || value instanceof Boolean ||
             (typeof BigInt === 'function' && value instanceof BigInt) || value instanceof Symbol) {
    const prim = value.valueOf();
    const type = typeof prim === 'string' ? 'String' : typeof prim === 'number' ? 'Number' : typeof prim === 'boolean' ? 'Boolean' : typeof prim === 'bigint' ? 'BigInt' : 'Symbol';
    base = `[${type}${ctor !== type ? (ctor === null ? ' (null prototype)' : ` (${ctor})`) : ''}: ${formatPrimitive(prim)}]`;
    if (typeof prim === 'string') keys = keys.filter((k) => !(typeof k === 'string' && String(k >>> 0) === k));
    if (keys.length === 0) return base;
    braces = ['{', '}'];
  } else {
    if (ctor === 'Object') {
      if (isArgumentsObject(value)) braces = ['[Arguments] [', ']'];
      else braces = [`${tagSuffix('Object') ? `Object${tagSuffix('Object')} ` : ''}{`, '}'];
    } else if (ctor === null) {
      braces = [`[Object: null prototype]${tagSuffix('')} {`, '}'];
    } else {
      braces = [`${prefixName}${tagSuffix(prefixName)} {`, '}'];
    }
    if (keys.length === 0) return `${braces[0]}}`;
  }
  void proto;

  if (level > ctx.depth && ctx.depth !== null) {
    let name = ctor === null ? '[Object: null prototype]' : ctor;
    if (ArrayIsArray(value)) name = 'Array';
    return ctor === null ? name : `[${name}]`;
  }
  level += 1;
  ctx.seen.push(value);
  ctx.currentDepth = level;
  let output;
  try {
    output = formatter ? formatter(ctx, value, level) : [];
    if (extra) output.push(...extra);
    for (const k of keys) output.push(formatProperty(ctx, value, k, level, false));
    if (ctx.showHidden && typeof value === 'object' && !isArrayLike && formatter === null) {
      for (const { key, holder } of protoKeys(value)) {
        const str = formatProperty(ctx, holder, key, level, false);
        output.push(str.startsWith('[') ? str : `[${typeof key === 'symbol' ? key.toString() : key}]${str.slice(formatKey(key).length)}`);
      }
    }
  } finally {
    ctx.seen.pop();
  }
  if (ctx.sorted) {
    // Sorted as rendered: everything for objects, maps and sets; only the
    // extra properties for arrays.
    if (!isArrayLike) output.sort();
    else if (keys.length > 1) {
      const tail = output.slice(output.length - keys.length).sort();
      output.splice(output.length - keys.length, keys.length, ...tail);
    }
  }
  const ref = ctx.circular.get(value);
  if (ref !== undefined) {
    const refStr = `<ref *${ref}>`;
    if (base === '') braces[0] = `${refStr} ${braces[0]}`;
    else base = `${refStr} ${base}`;
  }
  return reduceToSingleString(ctx, output, base, braces, isArrayLike, level, isArrayLike ? value : undefined);
}

function formatError(err) {
  let stack = '';
  try { stack = err.stack; } catch { /* ignore */ }
  if (typeof stack === 'string' && stack !== '') {
    // goja indents frames with a tab; Node with four spaces.
    return stack.replace(/\n\tat /g, '\n    at ');
  }
  try { return `[${ErrorToString.call(err)}]`; } catch { return '[Error]'; }
}

function formatArray(ctx, value, level) {
  const out = [];
  const max = MathMin(100, value.length);
  let holes = 0;
  let i = 0;
  const flushHoles = () => {
    if (holes > 0) {
      out.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      holes = 0;
    }
  };
  for (; i < value.length && out.length < max; i++) {
    if (!Object.prototype.hasOwnProperty.call(value, i)) { holes++; continue; }
    flushHoles();
    out.push(formatProperty(ctx, value, i, level, true));
  }
  flushHoles();
  ctx.extraItems = false;
  if (i < value.length) {
    const rest = value.length - i;
    out.push(`... ${rest} more item${rest > 1 ? 's' : ''}`);
    ctx.extraItems = true;
  }
  return out;
}

function formatTypedArray(ctx, value, level) {
  const max = MathMin(100, value.length);
  const out = [];
  for (let i = 0; i < max; i++) out.push(formatPrimitive(value[i]));
  ctx.extraItems = false;
  if (value.length > max) {
    const rest = value.length - max;
    out.push(`... ${rest} more item${rest > 1 ? 's' : ''}`);
    ctx.extraItems = true;
  }
  void level;
  return out;
}

function formatMap(ctx, value, level) {
  const out = [];
  ctx.indentationLvl += 2;
  for (const [k, v] of MapEntries.call(value)) {
    out.push(`${formatValue(ctx, k, level)} => ${formatValue(ctx, v, level)}`);
  }
  ctx.indentationLvl -= 2;
  return out;
}

function formatSet(ctx, value, level) {
  const out = [];
  ctx.indentationLvl += 2;
  for (const v of SetValues.call(value)) out.push(formatValue(ctx, v, level));
  ctx.indentationLvl -= 2;
  return out;
}

// inspect(value, options) renders value as Node's util.inspect does by
// default; options: depth (default 2, null for infinite), showHidden,
// breakLength (80), compact (3), customInspect (true).
function inspect(value, opts) {
  const ctx = {
    depth: 2, showHidden: false, breakLength: 80, compact: 3, customInspect: true, colors: false, sorted: false,
    seen: [], circular: new Map(), indentationLvl: 0, currentDepth: 0, extraItems: false,
  };
  if (opts !== null && typeof opts === 'object') {
    for (const k of ['depth', 'showHidden', 'breakLength', 'compact', 'customInspect', 'sorted']) {
      if (opts[k] !== undefined) ctx[k] = opts[k];
    }
  }
  if (ctx.depth === Infinity) ctx.depth = null;
  if (ctx.depth !== null && ctx.depth < 0) {
    // depth -1: only the outermost name, as the error helpers use it.
    if (value !== null && typeof value === 'object') {
      const c = constructorName(value);
      return ArrayIsArray(value) ? '[Array]' : c === null ? '[Object: null prototype]' : `[${c}]`;
    }
  }
  return formatValue(ctx, value, 0);
}
