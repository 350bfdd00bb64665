// console, with output formatted as Node's console.log does it
// (util.format's %s %d %i %f %j %o %O %c substitutions and util.inspect's
// layout rules: 80-column break length, compact = 3, depth 2, grouped
// number arrays, circular references as <ref *1> / [Circular *1]). The code
// follows Node's lib/internal/util/inspect.js closely where it matters for
// the printed text, and leaves out colours and the rarely used options.

const ReflectApply = Reflect.apply;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectGetOwnPropertyNames = Object.getOwnPropertyNames;
const ObjectGetOwnPropertySymbols = Object.getOwnPropertySymbols;
const ObjectKeys = Object.keys;
const ObjectHasOwn = Object.hasOwn;
const ObjectIs = Object.is;
const propertyIsEnumerable = Object.prototype.propertyIsEnumerable;
const FunctionToString = Function.prototype.toString;
const ErrorToString = Error.prototype.toString;
const DateToISOString = Date.prototype.toISOString;
const DateGetTime = Date.prototype.getTime;
const RegExpToString = RegExp.prototype.toString;
const SymbolToString = Symbol.prototype.toString;
const SymbolValueOf = Symbol.prototype.valueOf;
const NumberValueOf = Number.prototype.valueOf;
const StringValueOf = String.prototype.valueOf;
const BooleanValueOf = Boolean.prototype.valueOf;
const BigIntValueOf = BigInt.prototype.valueOf;
const MapForEach = Map.prototype.forEach;
const SetForEach = Set.prototype.forEach;
const JSONStringify = JSON.stringify;
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
const weakPrototypes = new Map([[WeakMap.prototype, 'WeakMap'], [WeakSet.prototype, 'WeakSet']]);

const kObjectType = 0;
const kArrayType = 1;
const kArrayExtrasType = 2;
const keyStrRegExp = /^[a-zA-Z_][a-zA-Z_0-9]*$/;

// ---- strings ----

const escapeRe = /[\x00-\x1f\x27\x5c\x7f-\x9f]/;
const escapeReNoSingle = /[\x00-\x1f\x5c\x7f-\x9f]/;
const metaEscapes = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 39: "\\'", 92: '\\\\' };

function strEscape(str) {
  let quote = "'";
  let test = escapeRe;
  if (str.includes("'")) {
    if (!str.includes('"')) quote = '"';
    else if (!str.includes('`') && !str.includes('${')) quote = '`';
    if (quote !== "'") test = escapeReNoSingle;
  }
  if (!test.test(str)) return quote + str + quote;
  let out = '';
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c === 39 && quote !== "'") {
      out += "'";
    } else if (metaEscapes[c] !== undefined) {
      out += metaEscapes[c];
    } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      out += `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
    } else {
      out += str[i];
    }
  }
  return quote + out + quote;
}

function formatNumber(n) {
  return ObjectIs(n, -0) ? '-0' : `${n}`;
}

function formatPrimitive(ctx, value) {
  switch (typeof value) {
    case 'string': {
      let trailer = '';
      if (value.length > ctx.maxStringLength) {
        const remaining = value.length - ctx.maxStringLength;
        value = value.slice(0, ctx.maxStringLength);
        trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
      }
      if (value.length > 16 && value.length > ctx.breakLength - ctx.indentationLvl - 4 && value.includes('\n')) {
        const lines = [];
        let start = 0;
        for (let i = value.indexOf('\n'); i !== -1 && i < value.length - 1; i = value.indexOf('\n', start)) {
          lines.push(value.slice(start, i + 1));
          start = i + 1;
        }
        lines.push(value.slice(start));
        return lines.map(strEscape).join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer;
      }
      return strEscape(value) + trailer;
    }
    case 'number':
      return formatNumber(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return `${value}`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return ReflectApply(SymbolToString, value, []);
  }
  return `${value}`;
}

// ---- objects ----

function getConstructorName(obj) {
  let o = obj;
  while (o !== null && o !== undefined) {
    const d = ObjectGetOwnPropertyDescriptor(o, 'constructor');
    if (d !== undefined && typeof d.value === 'function' && d.value.name !== '') {
      return d.value.name;
    }
    o = ObjectGetPrototypeOf(o);
  }
  return null;
}

function getPrefix(constructor, tag, fallback, size = '') {
  if (constructor === null) {
    if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== '' && constructor !== tag) return `${constructor}${size} [${tag}] `;
  return `${constructor}${size} `;
}

function getKeys(value, showHidden) {
  let keys;
  const symbols = ObjectGetOwnPropertySymbols(value);
  if (showHidden) {
    keys = ObjectGetOwnPropertyNames(value);
    if (symbols.length !== 0) keys.push(...symbols);
  } else {
    keys = ObjectKeys(value);
    for (const s of symbols) if (ReflectApply(propertyIsEnumerable, value, [s])) keys.push(s);
  }
  return keys;
}

// Listing the own keys of a huge array costs a string per element, and JS
// has no way to list only the non-index ones (Node asks V8). Past this
// length, extra properties of arrays and typed arrays are not shown.
const kMaxKeyScanLength = 100000;

function nonIndexKeys(value, showHidden) {
  if (value.length > kMaxKeyScanLength) {
    const symbols = ObjectGetOwnPropertySymbols(value);
    return showHidden ? symbols : symbols.filter((s) => ReflectApply(propertyIsEnumerable, value, [s]));
  }
  return getKeys(value, showHidden).filter((k) => !isIndex(k));
}

function isIndex(key) {
  if (typeof key !== 'string' || key === '') return false;
  const n = +key;
  return n >>> 0 === n && `${n}` === key && n !== 4294967295;
}

function findInspector(value) {
  for (let p = ObjectGetPrototypeOf(value); p !== null; p = ObjectGetPrototypeOf(p)) {
    const f = internal.inspectors.get(p);
    if (f !== undefined) return f;
  }
  return undefined;
}

function formatValue(ctx, value, recurseTimes, typedArray) {
  if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(ctx, value);
  if (value === null) return 'null';
  if (ctx.customInspect) {
    let custom;
    try {
      custom = value[inspectCustom];
    } catch {
      custom = undefined;
    }
    if (typeof custom === 'function' && custom !== inspect) {
      const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
      const ret = ReflectApply(custom, value, [depth, { depth, showHidden: ctx.showHidden }, inspect]);
      if (ret !== value) {
        if (typeof ret !== 'string') return formatValue(ctx, ret, recurseTimes);
        return ret.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
      }
    }
  }
  if (ctx.seen.includes(value)) {
    let index = 1;
    if (ctx.circular === undefined) {
      ctx.circular = new Map([[value, index]]);
    } else {
      index = ctx.circular.get(value);
      if (index === undefined) {
        index = ctx.circular.size + 1;
        ctx.circular.set(value, index);
      }
    }
    return `[Circular *${index}]`;
  }
  return formatRaw(ctx, value, recurseTimes, typedArray);
}

function getFunctionBase(value, constructor, tag) {
  let src = '';
  try {
    src = ReflectApply(FunctionToString, value, []);
  } catch {
    // a revoked proxy, say
  }
  if (src.startsWith('class') && /^class(\s|\{)/.test(src)) {
    let base = `[class ${value.name || '(anonymous)'}`;
    if (constructor !== 'Function' && constructor !== null) base += ` [${constructor}]`;
    if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
    const superName = ObjectGetPrototypeOf(value)?.name;
    if (superName) base += ` extends ${superName}`;
    return `${base}]`;
  }
  let type = 'Function';
  if (constructor === 'AsyncFunction' || constructor === 'GeneratorFunction' || constructor === 'AsyncGeneratorFunction') {
    type = constructor;
  }
  let base = `[${type}`;
  if (constructor === null) base += ' (null prototype)';
  base += value.name === '' ? ' (anonymous)' : `: ${value.name}`;
  base += ']';
  if (constructor !== type && constructor !== null) base += ` ${constructor}`;
  if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
  return base;
}

function cleanStack(stack) {
  // goja writes frames as "\tat f (file:1:2(34))"; Node as "    at f (file:1:2)".
  return stack.replace(/\n\tat /g, '\n    at ').replace(/(:\d+:\d+)\(\d+\)/g, '$1').replace(/\n+$/, '');
}

function formatError(err, constructor, tag, ctx, keys) {
  let stack;
  try {
    stack = err.stack;
  } catch {
    stack = undefined;
  }
  if (typeof stack === 'string' && stack !== '') {
    stack = cleanStack(stack);
  } else {
    try {
      stack = ReflectApply(ErrorToString, err, []);
    } catch {
      stack = 'Error';
    }
  }
  for (const name of ['name', 'message', 'stack']) {
    const i = keys.indexOf(name);
    if (i !== -1 && typeof err[name] === 'string' && stack.includes(err[name])) keys.splice(i, 1);
  }
  if ('cause' in err && !keys.includes('cause')) keys.push('cause');
  if (internal.isDOMException(err) && !stack.startsWith('DOMException')) {
    // Node prints "DOMException [AbortError]: message".
    const nl = stack.indexOf('\n');
    const first = nl === -1 ? stack : stack.slice(0, nl);
    if (first.startsWith(`${err.name}`)) stack = `DOMException [${err.name}]${first.slice(err.name.length)}${nl === -1 ? '' : stack.slice(nl)}`;
  }
  if (stack.indexOf('\n    at') === -1) stack = `[${stack}]`;
  if (ctx.indentationLvl !== 0) stack = stack.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
  return stack;
}

function formatRaw(ctx, value, recurseTimes, typedArray) {
  let keys;
  const constructor = getConstructorName(value);
  let tag = '';
  try {
    const t = value[Symbol.toStringTag];
    if (typeof t === 'string') tag = t;
  } catch {
    // ignore throwing getters
  }
  let base = '';
  let formatter = () => [];
  let braces;
  let extrasType = kObjectType;
  const cls = host.classOf(value);

  const inspector = typeof value === 'object' ? findInspector(value) : undefined;
  if (inspector !== undefined) {
    const view = inspector(value);
    const prefix = getPrefix(constructor, tag, tag || 'Object');
    if (view.entries !== undefined) {
      keys = [];
      if (view.entries.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
      formatter = (c, v, r) => {
        c.indentationLvl += 2;
        const out = view.entries.map(([k, val]) => `${formatValue(c, k, r)} => ${formatValue(c, val, r)}`);
        c.indentationLvl -= 2;
        return out;
      };
    } else {
      const props = view.props;
      const propKeys = ObjectKeys(props);
      if (propKeys.length === 0) return `${prefix}{}`;
      keys = [];
      braces = [`${prefix}{`, '}'];
      formatter = (c, v, r) => propKeys.map((k) => formatProperty(c, props, r, k, kObjectType));
    }
  } else if (Array.isArray(value)) {
    const prefix = constructor !== 'Array' || tag !== '' ? getPrefix(constructor, tag, 'Array', `(${value.length})`) : '';
    keys = nonIndexKeys(value, ctx.showHidden);
    braces = [`${prefix}[`, ']'];
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
    extrasType = kArrayExtrasType;
    formatter = formatArray;
  } else if (cls === 'Set') {
    const size = value.size;
    const prefix = getPrefix(constructor, tag, 'Set', `(${size})`);
    keys = getKeys(value, ctx.showHidden);
    if (size === 0 && keys.length === 0) return `${prefix}{}`;
    braces = [`${prefix}{`, '}'];
    formatter = formatSet;
  } else if (cls === 'Map') {
    const size = value.size;
    const prefix = getPrefix(constructor, tag, 'Map', `(${size})`);
    keys = getKeys(value, ctx.showHidden);
    if (size === 0 && keys.length === 0) return `${prefix}{}`;
    braces = [`${prefix}{`, '}'];
    formatter = formatMap;
  } else if (ArrayBuffer.isView(value) && internal.typedArrayName(value) !== undefined) {
    const name = internal.typedArrayName(value);
    keys = nonIndexKeys(value, ctx.showHidden);
    const prefix = getPrefix(constructor, tag, name, `(${value.length})`);
    braces = [`${prefix}[`, ']'];
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
    formatter = formatTypedArray;
    extrasType = kArrayExtrasType;
  } else {
    keys = getKeys(value, ctx.showHidden);
    braces = ['{', '}'];
    if (typeof value === 'function') {
      base = getFunctionBase(value, constructor, tag);
      if (keys.length === 0) return base;
    } else if (cls === 'Arguments') {
      keys = keys.filter((k) => !isIndex(k));
      braces = ['[Arguments] [', ']'];
      if (value.length === 0 && keys.length === 0) return '[Arguments] []';
      extrasType = kArrayExtrasType;
      formatter = formatArray;
    } else if (constructor === 'Object' && cls === 'Object' && !ArrayBuffer.isView(value)) {
      if (tag !== '') braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
      if (keys.length === 0) return `${braces[0]}}`;
    } else if (cls === 'RegExp') {
      base = ReflectApply(RegExpToString, value, []);
      const prefix = getPrefix(constructor, tag, 'RegExp');
      if (prefix !== 'RegExp ') base = `${prefix}${base}`;
      if (keys.length === 0 || (ctx.depth !== null && recurseTimes > ctx.depth)) return base;
    } else if (cls === 'Date') {
      const t = ReflectApply(DateGetTime, value, []);
      base = t !== t ? 'Invalid Date' : ReflectApply(DateToISOString, value, []);
      const prefix = getPrefix(constructor, tag, 'Date');
      if (prefix !== 'Date ') base = `${prefix}${base}`;
      if (keys.length === 0) return base;
    } else if (cls === 'Error' || internal.isDOMException(value)) {
      base = formatError(value, constructor, tag, ctx, keys);
      if (keys.length === 0) return base;
    } else if (cls === 'ArrayBuffer') {
      const prefix = getPrefix(constructor, tag, 'ArrayBuffer');
      if (typedArray) return `${prefix}{ byteLength: ${value.byteLength} }`;
      braces[0] = `${prefix}{`;
      keys.unshift('byteLength');
      formatter = formatArrayBuffer;
    } else if (ArrayBuffer.isView(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'DataView')}{`;
      keys.unshift('byteLength', 'byteOffset', 'buffer');
    } else if (cls === 'Promise') {
      braces[0] = `${getPrefix(constructor, tag, 'Promise')}{`;
      formatter = formatPromise;
    } else if (weakPrototypes.has(ObjectGetPrototypeOf(value))) {
      braces[0] = `${getPrefix(constructor, tag, weakPrototypes.get(ObjectGetPrototypeOf(value)))}{`;
      formatter = () => ['<items unknown>'];
    } else if (cls === 'Number' || cls === 'String' || cls === 'Boolean' || cls === 'BigInt' || ObjectGetPrototypeOf(value) === Symbol.prototype) {
      let type;
      let prim;
      if (cls === 'Number') {
        type = 'Number';
        prim = formatNumber(ReflectApply(NumberValueOf, value, []));
      } else if (cls === 'String') {
        type = 'String';
        const s = ReflectApply(StringValueOf, value, []);
        prim = strEscape(s);
        keys = keys.filter((k) => !isIndex(k) || +k >= s.length);
      } else if (cls === 'Boolean') {
        type = 'Boolean';
        prim = `${ReflectApply(BooleanValueOf, value, [])}`;
      } else if (cls === 'BigInt') {
        type = 'BigInt';
        prim = `${ReflectApply(BigIntValueOf, value, [])}n`;
      } else {
        type = 'Symbol';
        prim = ReflectApply(SymbolToString, ReflectApply(SymbolValueOf, value, []), []);
      }
      base = `[${type}`;
      if (type !== constructor) base += constructor === null ? ' (null prototype)' : ` (${constructor})`;
      base += `: ${prim}]`;
      if (tag !== '' && tag !== constructor) base += ` [${tag}]`;
      if (keys.length === 0) return base;
    } else {
      const prefix = getPrefix(constructor, tag, 'Object');
      if (keys.length === 0) return `${prefix}{}`;
      braces[0] = `${prefix}{`;
    }
  }

  if (ctx.depth !== null && recurseTimes > ctx.depth) {
    let name = getPrefix(constructor, tag, 'Object').slice(0, -1);
    if (constructor !== null) name = `[${name}]`;
    return name;
  }
  recurseTimes += 1;
  ctx.seen.push(value);
  ctx.currentDepth = recurseTimes;
  let output;
  try {
    output = formatter(ctx, value, recurseTimes);
    for (const key of keys) output.push(formatProperty(ctx, value, recurseTimes, key, extrasType));
  } finally {
    ctx.seen.pop();
  }
  if (ctx.circular !== undefined) {
    const index = ctx.circular.get(value);
    if (index !== undefined) {
      const reference = `<ref *${index}>`;
      base = base === '' ? reference : `${reference} ${base}`;
    }
  }
  return reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value);
}

function formatProperty(ctx, value, recurseTimes, key, type) {
  let desc = ObjectGetOwnPropertyDescriptor(value, key);
  if (desc === undefined) desc = { value: value[key], enumerable: true };
  let str;
  if (desc.value !== undefined || !('get' in desc)) {
    ctx.indentationLvl += 2;
    str = formatValue(ctx, desc.value, recurseTimes);
    ctx.indentationLvl -= 2;
  } else if (desc.get !== undefined) {
    str = desc.set !== undefined ? '[Getter/Setter]' : '[Getter]';
  } else if (desc.set !== undefined) {
    str = '[Setter]';
  } else {
    str = 'undefined';
  }
  if (type === kArrayType) return str;
  let name;
  if (typeof key === 'symbol') {
    name = `[${ReflectApply(SymbolToString, key, [])}]`;
  } else if (key === '__proto__') {
    name = "['__proto__']";
  } else if (desc.enumerable === false) {
    name = `[${key}]`;
  } else if (keyStrRegExp.test(key)) {
    name = key;
  } else {
    name = strEscape(key);
  }
  return `${name}: ${str}`;
}

function formatArray(ctx, value, recurseTimes) {
  const len = Math.min(ctx.maxArrayLength, value.length);
  const output = [];
  for (let i = 0; i < len; i++) {
    if (!ObjectHasOwn(value, i)) {
      let j = i;
      while (j < value.length && !ObjectHasOwn(value, j)) j++;
      const holes = j - i;
      output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      i = j - 1;
      continue;
    }
    output.push(formatProperty(ctx, value, recurseTimes, i, kArrayType));
  }
  const remaining = value.length - len;
  if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
  return output;
}

function formatTypedArray(ctx, value) {
  const len = Math.min(ctx.maxArrayLength, value.length);
  const output = [];
  for (let i = 0; i < len; i++) {
    const v = value[i];
    output.push(typeof v === 'bigint' ? `${v}n` : formatNumber(v));
  }
  const remaining = value.length - len;
  if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
  return output;
}

function formatArrayBuffer(ctx, value) {
  const bytes = new Uint8Array(value);
  const shown = Math.min(ctx.maxArrayLength, bytes.length);
  let hex = '';
  for (let i = 0; i < shown; i++) hex += (i === 0 ? '' : ' ') + bytes[i].toString(16).padStart(2, '0');
  const remaining = bytes.length - shown;
  if (remaining > 0) hex += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  return [`[Uint8Contents]: <${hex}>`];
}

function formatSet(ctx, value, recurseTimes) {
  const output = [];
  ctx.indentationLvl += 2;
  ReflectApply(SetForEach, value, [(v) => output.push(formatValue(ctx, v, recurseTimes))]);
  ctx.indentationLvl -= 2;
  return output;
}

function formatMap(ctx, value, recurseTimes) {
  const output = [];
  ctx.indentationLvl += 2;
  ReflectApply(MapForEach, value, [(v, k) => output.push(`${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`)]);
  ctx.indentationLvl -= 2;
  return output;
}

function formatPromise(ctx, value, recurseTimes) {
  const st = host.promiseState(value);
  if (st === null || st[0] === 'pending') return ['<pending>'];
  ctx.indentationLvl += 2;
  const str = formatValue(ctx, st[1], recurseTimes);
  ctx.indentationLvl -= 2;
  return [st[0] === 'rejected' ? `<rejected> ${str}` : str];
}

function groupArrayElements(ctx, output, value) {
  let totalLength = 0;
  let maxLength = 0;
  let outputLength = output.length;
  if (ctx.maxArrayLength < output.length) outputLength--;
  const separatorSpace = 2;
  const dataLen = new Array(outputLength);
  for (let i = 0; i < outputLength; i++) {
    const len = output[i].length;
    dataLen[i] = len;
    totalLength += len + separatorSpace;
    if (maxLength < len) maxLength = len;
  }
  const actualMax = maxLength + separatorSpace;
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength && (totalLength / actualMax > 5 || maxLength <= 6)) {
    const averageBias = Math.sqrt(actualMax - totalLength / output.length);
    const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
    const columns = Math.min(
      Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
      Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      ctx.compact * 4,
      15,
    );
    if (columns <= 1) return output;
    const tmp = [];
    const maxLineLength = [];
    for (let i = 0; i < columns; i++) {
      let lineLength = 0;
      for (let j = i; j < output.length; j += columns) {
        if (dataLen[j] > lineLength) lineLength = dataLen[j];
      }
      maxLineLength.push(lineLength + separatorSpace);
    }
    let padStart = true;
    if (value !== undefined) {
      for (let i = 0; i < output.length; i++) {
        if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') {
          padStart = false;
          break;
        }
      }
    }
    for (let i = 0; i < outputLength; i += columns) {
      const max = Math.min(i + columns, outputLength);
      let str = '';
      let j = i;
      for (; j < max - 1; j++) {
        const cell = `${output[j]}, `;
        str += padStart ? cell.padStart(maxLineLength[j - i], ' ') : cell.padEnd(maxLineLength[j - i], ' ');
      }
      if (padStart) {
        str += output[j].padStart(maxLineLength[j - i] - separatorSpace, ' ');
      } else {
        str += output[j];
      }
      tmp.push(str);
    }
    if (ctx.maxArrayLength < output.length) tmp.push(output[outputLength]);
    return tmp;
  }
  return output;
}

function isBelowBreakLength(ctx, output, start, base) {
  let totalLength = output.length + start;
  if (totalLength + output.length > ctx.breakLength) return false;
  for (const s of output) {
    totalLength += s.length;
    if (totalLength > ctx.breakLength) return false;
  }
  return base === '' || !base.includes('\n');
}

function reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value) {
  const entries = output.length;
  if (extrasType === kArrayExtrasType && entries > 6) output = groupArrayElements(ctx, output, value);
  if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
    const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
    if (isBelowBreakLength(ctx, output, start, base)) {
      const joined = output.join(', ');
      if (!joined.includes('\n')) {
        return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
      }
    }
  }
  const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
  return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
}

// inspect is a subset of Node's util.inspect (options: depth, showHidden, customInspect).
function inspect(value, options = undefined) {
  const opts = internal.isObject(options) ? options : {};
  const ctx = {
    depth: opts.depth === undefined ? 2 : opts.depth === null || opts.depth === Infinity ? null : opts.depth,
    showHidden: !!opts.showHidden,
    customInspect: opts.customInspect !== false,
    breakLength: opts.breakLength === undefined ? 80 : opts.breakLength,
    compact: 3,
    maxArrayLength: opts.maxArrayLength === undefined ? 100 : opts.maxArrayLength,
    maxStringLength: 10000,
    seen: [],
    circular: undefined,
    indentationLvl: 0,
    currentDepth: 0,
  };
  return formatValue(ctx, value, 0);
}
internal.inspect = inspect;

// ---- util.format ----

let builtInObjects = null;

function hasBuiltInToString(value) {
  if (typeof value.toString !== 'function') return true;
  if (ObjectHasOwn(value, 'toString')) return false;
  let p = value;
  do {
    p = ObjectGetPrototypeOf(p);
  } while (p !== null && !ObjectHasOwn(p, 'toString'));
  if (p === null) return true;
  const d = ObjectGetOwnPropertyDescriptor(p, 'constructor');
  return d !== undefined && typeof d.value === 'function' && builtInObjects.has(d.value.name);
}

function tryStringify(v) {
  try {
    return JSONStringify(v);
  } catch (e) {
    if (e instanceof TypeError && /circular/i.test(e.message)) return '[Circular]';
    throw e;
  }
}

function format(args) {
  const first = args[0];
  let a = 0;
  let str = '';
  let join = '';
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let tempStr;
    let lastPos = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (first.charCodeAt(i) !== 37) continue; // '%'
      const next = first.charCodeAt(++i);
      if (a + 1 !== args.length) {
        switch (next) {
          case 115: { // s
            const arg = args[++a];
            if (typeof arg === 'number') tempStr = formatNumber(arg);
            else if (typeof arg === 'bigint') tempStr = `${arg}n`;
            else if (typeof arg !== 'object' || arg === null || !hasBuiltInToString(arg)) tempStr = String(arg);
            else tempStr = inspect(arg, { depth: 0 });
            break;
          }
          case 106: // j
            tempStr = tryStringify(args[++a]);
            break;
          case 100: { // d
            const n = args[++a];
            if (typeof n === 'bigint') tempStr = `${n}n`;
            else if (typeof n === 'symbol') tempStr = 'NaN';
            else tempStr = formatNumber(Number(n));
            break;
          }
          case 79: // O
            tempStr = inspect(args[++a]);
            break;
          case 111: // o
            tempStr = inspect(args[++a], { showHidden: true, depth: 4 });
            break;
          case 105: { // i
            const n = args[++a];
            if (typeof n === 'bigint') tempStr = `${n}n`;
            else if (typeof n === 'symbol') tempStr = 'NaN';
            else tempStr = formatNumber(parseInt(n));
            break;
          }
          case 102: { // f
            const n = args[++a];
            tempStr = typeof n === 'symbol' ? 'NaN' : formatNumber(parseFloat(n));
            break;
          }
          case 99: // c
            a += 1;
            tempStr = '';
            break;
          case 37: // %
            str += first.slice(lastPos, i);
            lastPos = i + 1;
            continue;
          default:
            continue;
        }
        if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
        str += tempStr;
        lastPos = i + 1;
      } else if (next === 37) {
        str += first.slice(lastPos, i);
        lastPos = i + 1;
      }
    }
    if (lastPos !== 0) {
      a++;
      join = ' ';
      if (lastPos < first.length) str += first.slice(lastPos);
    }
  }
  while (a < args.length) {
    const value = args[a];
    str += join;
    str += typeof value !== 'string' ? inspect(value) : value;
    join = ' ';
    a++;
  }
  return str;
}
internal.format = format;
internal.formatUncaught = (v) => `Uncaught ${inspect(v)}`;

// ---- console.table ----

function renderTable(head, columns) {
  const width = (s) => s.length;
  const rows = [];
  const widths = head.map(width);
  const longest = Math.max(0, ...columns.map((c) => c.length));
  for (let i = 0; i < head.length; i++) {
    const column = columns[i];
    for (let j = 0; j < longest; j++) {
      if (rows[j] === undefined) rows[j] = [];
      const v = (rows[j][i] = ObjectHasOwn(column, j) ? column[j] : '');
      widths[i] = Math.max(widths[i] || 0, width(v));
    }
  }
  const renderRow = (row) => {
    let out = '│ ';
    for (let i = 0; i < row.length; i++) {
      out += row[i] + ' '.repeat(widths[i] - width(row[i]));
      if (i !== row.length - 1) out += ' │ ';
    }
    return `${out} │`;
  };
  const divider = widths.map((w) => '─'.repeat(w + 2));
  let result = `┌${divider.join('┬')}┐\n${renderRow(head)}\n├${divider.join('┼')}┤\n`;
  for (const row of rows) result += `${renderRow(row)}\n`;
  result += `└${divider.join('┴')}┘`;
  return result;
}

function table(data, properties) {
  if (data === null || typeof data !== 'object') return format([data]);
  const cell = (v) => {
    const depth = v !== null && typeof v === 'object' && !Array.isArray(v) && ObjectKeys(v).length > 2 ? -1 : 0;
    return inspect(v, { depth, maxArrayLength: 3, breakLength: Infinity });
  };
  let indexKeys;
  let items;
  if (host.classOf(data) === 'Map') {
    indexKeys = [];
    items = [];
    ReflectApply(MapForEach, data, [(v, k) => {
      indexKeys.push(cell(k));
      items.push(v);
    }]);
  } else if (host.classOf(data) === 'Set') {
    indexKeys = [];
    items = [];
    ReflectApply(SetForEach, data, [(v) => {
      indexKeys.push(`${indexKeys.length}`);
      items.push(v);
    }]);
  } else {
    indexKeys = ObjectKeys(data);
    items = indexKeys.map((k) => data[k]);
  }
  const map = new Map();
  let hasPrimitives = false;
  const values = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      values[i] = cell(item);
    } else {
      const keys = properties || ObjectKeys(item);
      for (const key of keys) {
        if (!map.has(key)) map.set(key, []);
        map.get(key)[i] = (primitive && properties) || !ObjectHasOwn(item, key) ? '' : cell(item[key]);
      }
    }
  }
  const head = ['(index)', ...map.keys()];
  const columns = [indexKeys, ...map.values()];
  if (hasPrimitives) {
    head.push('Values');
    columns.push(values);
  }
  return renderTable(head, columns);
}

// ---- console ----

function formatTime(ms) {
  if (ms >= 1000) {
    const seconds = ms / 1000;
    if (seconds >= 60) {
      const minutes = Math.floor(seconds / 60);
      const rest = (seconds - minutes * 60).toFixed(3).padStart(6, '0');
      return `${minutes}:${rest} (m:ss.mmm)`;
    }
    return `${seconds.toFixed(3)}s`;
  }
  return `${Number(ms.toFixed(3))}ms`;
}

let groupIndent = '';
const counts = new Map();
const timers = new Map();

function emit(level, message) {
  if (groupIndent !== '') message = groupIndent + message.replaceAll('\n', `\n${groupIndent}`);
  host.log(level, message);
}

const consoleObject = {
  log(...data) {
    emit('log', format(data));
  },
  info(...data) {
    emit('info', format(data));
  },
  debug(...data) {
    emit('debug', format(data));
  },
  warn(...data) {
    emit('warn', format(data));
  },
  error(...data) {
    emit('error', format(data));
  },
  trace(...data) {
    const stack = cleanStack(new Error().stack || '').split('\n').slice(2).join('\n');
    emit('error', `Trace${data.length > 0 ? `: ${format(data)}` : ''}${stack ? `\n${stack}` : ''}`);
  },
  assert(condition = false, ...data) {
    if (condition) return;
    if (typeof data[0] === 'string') data[0] = `Assertion failed: ${data[0]}`;
    else data.unshift('Assertion failed');
    emit('warn', format(data));
  },
  dir(item = undefined, options = undefined) {
    emit('log', inspect(item, { ...(internal.isObject(options) ? options : {}), customInspect: false }));
  },
  dirxml(...data) {
    emit('log', format(data));
  },
  table(tabularData = undefined, properties = undefined) {
    emit('log', table(tabularData, properties));
  },
  count(label = 'default') {
    label = `${label}`;
    const n = (counts.get(label) || 0) + 1;
    counts.set(label, n);
    emit('info', `${label}: ${n}`);
  },
  countReset(label = 'default') {
    label = `${label}`;
    if (!counts.has(label)) {
      emit('warn', `Count for '${label}' does not exist`);
      return;
    }
    counts.set(label, 0);
  },
  group(...data) {
    if (data.length > 0) emit('log', format(data));
    groupIndent += '  ';
  },
  groupCollapsed(...data) {
    if (data.length > 0) emit('log', format(data));
    groupIndent += '  ';
  },
  groupEnd() {
    groupIndent = groupIndent.slice(0, -2);
  },
  clear() {
    // There is no terminal to clear; as in Node without a TTY, nothing happens.
  },
  time(label = 'default') {
    label = `${label}`;
    if (timers.has(label)) {
      emit('warn', `Label '${label}' already exists for console.time()`);
      return;
    }
    timers.set(label, host.now());
  },
  timeLog(label = 'default', ...data) {
    label = `${label}`;
    const start = timers.get(label);
    if (start === undefined) {
      emit('warn', `No such label '${label}' for console.timeLog()`);
      return;
    }
    const extra = data.length > 0 ? ` ${format(data)}` : '';
    emit('info', `${label}: ${formatTime(host.now() - start)}${extra}`);
  },
  timeEnd(label = 'default') {
    label = `${label}`;
    const start = timers.get(label);
    if (start === undefined) {
      emit('warn', `No such label '${label}' for console.timeEnd()`);
      return;
    }
    timers.delete(label);
    emit('info', `${label}: ${formatTime(host.now() - start)}`);
  },
};

const consoleNamespace = Object.create({});
for (const key of ObjectKeys(consoleObject)) {
  Object.defineProperty(consoleNamespace, key, { value: consoleObject[key], writable: true, enumerable: true, configurable: true });
}
Object.defineProperty(consoleNamespace, Symbol.toStringTag, { value: 'console', configurable: true });
internal.exposeValue('console', consoleNamespace, false);

// sealBuiltins fixes the constructors console's %s treats as built-in: the
// JavaScript intrinsics only, as in Node (where Web API classes such as URL
// are printed with their own toString).
internal.sealBuiltins = () => {
  builtInObjects = internal.jsBuiltins;
};
