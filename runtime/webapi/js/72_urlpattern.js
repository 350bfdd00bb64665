// URLPattern (URL Pattern Standard). The pattern tokenizer and parser, the
// regular expression and pattern string generation and the constructor
// string parser are here; canonicalization of fixed text runs through Go's
// URL parser (urlpattern.go), as the standard runs it through the basic URL
// parser with a state override.
//
// Deviations: goja's RegExp has no `v` flag (nor Unicode property escapes),
// so component regular expressions are compiled with `u`, and a regexp
// group using set notation ([a--b], [a&&b]) does not work as in browsers.

const { toUSVString, exposeInterface } = internal;
const ReflectApply = Reflect.apply;
const RegExpCtor = RegExp;
const regExpExec = RegExp.prototype.exec;
const ObjectCreate = Object.create;

// Canonicalization kinds, shared with urlpattern.go.
const K_PROTOCOL = 1;
const K_USERNAME = 2;
const K_PASSWORD = 3;
const K_HOSTNAME = 4;
const K_PORT = 5;
const K_PATHNAME = 6;
const K_OPAQUE_PATHNAME = 7;
const K_SEARCH = 8;
const K_HASH = 9;

const COMPONENTS = ['protocol', 'username', 'password', 'hostname', 'port', 'pathname', 'search', 'hash'];
const SPECIAL_SCHEMES = ['ftp', 'file', 'http', 'https', 'ws', 'wss'];
const DEFAULT_PORTS = { ftp: '21', http: '80', https: '443', ws: '80', wss: '443' };

const FULL_WILDCARD = '.*';

function typeError(msg) {
  return new TypeError(msg);
}

// ---- tokenizer ----

const T_OPEN = 'open';
const T_CLOSE = 'close';
const T_REGEXP = 'regexp';
const T_NAME = 'name';
const T_CHAR = 'char';
const T_ESCAPED = 'escaped-char';
const T_MODIFIER = 'other-modifier';
const T_ASTERISK = 'asterisk';
const T_END = 'end';
const T_INVALID = 'invalid-char';

const asciiNameStart = /^[A-Za-z$_]$/;
const asciiNamePart = /^[A-Za-z0-9$_]$/;

function isNameCodePoint(cp, first) {
  if (cp.charCodeAt(0) < 0x80) return (first ? asciiNameStart : asciiNamePart).test(cp);
  return host.upIsNameCodePoint(cp, first);
}

const isASCII = (cp) => cp.length === 1 && cp.charCodeAt(0) < 0x80;

// tokenize returns the token list of input (an array of code points).
function tokenize(cps, strict) {
  const tokens = [];
  const n = cps.length;
  let index = 0;
  const add = (type, next, valuePos, valueLen) => {
    tokens.push({ type, index, value: cps.slice(valuePos, valuePos + valueLen).join('') });
    index = next;
  };
  const error = (next, valuePos) => {
    if (strict) throw typeError(`Invalid pattern '${cps.join('')}'.`);
    add(T_INVALID, next, valuePos, next - valuePos);
  };
  while (index < n) {
    const cp = cps[index];
    const next = index + 1;
    if (cp === '*') {
      add(T_ASTERISK, next, index, 1);
    } else if (cp === '+' || cp === '?') {
      add(T_MODIFIER, next, index, 1);
    } else if (cp === '\\') {
      if (index === n - 1) {
        error(next, index);
        continue;
      }
      add(T_ESCAPED, next + 1, next, 1);
    } else if (cp === '{') {
      add(T_OPEN, next, index, 1);
    } else if (cp === '}') {
      add(T_CLOSE, next, index, 1);
    } else if (cp === ':') {
      let pos = next;
      const start = pos;
      while (pos < n && isNameCodePoint(cps[pos], pos === start)) pos++;
      if (pos <= start) {
        error(start, index);
        continue;
      }
      add(T_NAME, pos, start, pos - start);
    } else if (cp === '(') {
      let depth = 1;
      let pos = next;
      const start = pos;
      let failed = false;
      while (pos < n) {
        const c = cps[pos];
        if (!isASCII(c) || (pos === start && c === '?')) {
          error(start, index);
          failed = true;
          break;
        }
        if (c === '\\') {
          if (pos === n - 1 || !isASCII(cps[pos + 1])) {
            error(start, index);
            failed = true;
            break;
          }
          pos += 2;
          continue;
        }
        if (c === ')') {
          depth--;
          if (depth === 0) {
            pos++;
            break;
          }
        } else if (c === '(') {
          depth++;
          if (pos === n - 1 || cps[pos + 1] !== '?') {
            error(start, index);
            failed = true;
            break;
          }
        }
        pos++;
      }
      if (failed) continue;
      if (depth !== 0) {
        error(start, index);
        continue;
      }
      const len = pos - start - 1;
      if (len === 0) {
        error(start, index);
        continue;
      }
      add(T_REGEXP, pos, start, len);
    } else {
      add(T_CHAR, next, index, 1);
    }
  }
  tokens.push({ type: T_END, index, value: '' });
  return tokens;
}

// ---- pattern parser ----

const P_FIXED = 'fixed-text';
const P_REGEXP = 'regexp';
const P_SEGMENT = 'segment-wildcard';
const P_FULL = 'full-wildcard';

const M_NONE = '';
const M_OPTIONAL = '?';
const M_ZERO_OR_MORE = '*';
const M_ONE_OR_MORE = '+';

const regexpSpecial = /[.+*?^${}()[\]|/\\]/g;
const escapeRegExp = (s) => s.replace(regexpSpecial, '\\$&');
const patternSpecial = /[+*?:{}()\\]/g;
const escapePattern = (s) => s.replace(patternSpecial, '\\$&');

function segmentWildcard(options) {
  return `[^${escapeRegExp(options.delimiter)}]+?`;
}

// parsePattern is "parse a pattern string".
function parsePattern(input, options, encode) {
  const tokens = tokenize(Array.from(input), true);
  const segment = segmentWildcard(options);
  const parts = [];
  const names = new Set();
  let pending = '';
  let i = 0;
  let nextNumericName = 0;

  const tryConsume = (type) => {
    const t = tokens[i];
    if (t.type !== type) return null;
    i++;
    return t;
  };
  const tryModifier = () => tryConsume(T_MODIFIER) || tryConsume(T_ASTERISK);
  const tryRegexpOrWildcard = (nameToken) => {
    const t = tryConsume(T_REGEXP);
    if (nameToken === null && t === null) return tryConsume(T_ASTERISK);
    return t;
  };
  const consumeText = () => {
    let out = '';
    for (;;) {
      const t = tryConsume(T_CHAR) || tryConsume(T_ESCAPED);
      if (t === null) return out;
      out += t.value;
    }
  };
  const consumeRequired = (type) => {
    const t = tryConsume(type);
    if (t === null) throw typeError(`Invalid pattern '${input}'.`);
    return t;
  };
  const flushPending = () => {
    if (pending === '') return;
    const value = encode(pending);
    pending = '';
    parts.push({ type: P_FIXED, value, modifier: M_NONE, name: '', prefix: '', suffix: '' });
  };
  const addPart = (prefix, nameToken, regexpToken, suffix, modifierToken) => {
    const modifier = modifierToken === null ? M_NONE : modifierToken.value;
    if (nameToken === null && regexpToken === null && modifier === M_NONE) {
      pending += prefix;
      return;
    }
    flushPending();
    if (nameToken === null && regexpToken === null) {
      if (prefix === '') return;
      parts.push({ type: P_FIXED, value: encode(prefix), modifier, name: '', prefix: '', suffix: '' });
      return;
    }
    let value;
    if (regexpToken === null) value = segment;
    else if (regexpToken.type === T_ASTERISK) value = FULL_WILDCARD;
    else value = regexpToken.value;
    let type = P_REGEXP;
    if (value === segment) {
      type = P_SEGMENT;
      value = '';
    } else if (value === FULL_WILDCARD) {
      type = P_FULL;
      value = '';
    }
    let name = '';
    if (nameToken !== null) name = nameToken.value;
    else name = String(nextNumericName++);
    if (names.has(name)) throw typeError(`Invalid pattern '${input}': duplicate group name '${name}'.`);
    names.add(name);
    parts.push({ type, value, modifier, name, prefix: encode(prefix), suffix: encode(suffix) });
  };

  while (i < tokens.length) {
    const charToken = tryConsume(T_CHAR);
    let nameToken = tryConsume(T_NAME);
    let regexpToken = tryRegexpOrWildcard(nameToken);
    if (nameToken !== null || regexpToken !== null) {
      let prefix = charToken === null ? '' : charToken.value;
      if (prefix !== '' && prefix !== options.prefix) {
        pending += prefix;
        prefix = '';
      }
      flushPending();
      addPart(prefix, nameToken, regexpToken, '', tryModifier());
      continue;
    }
    const fixed = charToken || tryConsume(T_ESCAPED);
    if (fixed !== null) {
      pending += fixed.value;
      continue;
    }
    if (tryConsume(T_OPEN) !== null) {
      const prefix = consumeText();
      nameToken = tryConsume(T_NAME);
      regexpToken = tryRegexpOrWildcard(nameToken);
      const suffix = consumeText();
      consumeRequired(T_CLOSE);
      addPart(prefix, nameToken, regexpToken, suffix, tryModifier());
      continue;
    }
    flushPending();
    consumeRequired(T_END);
  }
  return parts;
}

// generateRegExp is "generate a regular expression and name list".
function generateRegExp(parts, options) {
  let out = '^';
  const names = [];
  for (const part of parts) {
    if (part.type === P_FIXED) {
      if (part.modifier === M_NONE) out += escapeRegExp(part.value);
      else out += `(?:${escapeRegExp(part.value)})${part.modifier}`;
      continue;
    }
    names.push(part.name);
    let value = part.value;
    if (part.type === P_SEGMENT) value = segmentWildcard(options);
    else if (part.type === P_FULL) value = FULL_WILDCARD;
    if (part.prefix === '' && part.suffix === '') {
      if (part.modifier === M_NONE || part.modifier === M_OPTIONAL) out += `(${value})${part.modifier}`;
      else out += `((?:${value})${part.modifier})`;
      continue;
    }
    const prefix = escapeRegExp(part.prefix);
    const suffix = escapeRegExp(part.suffix);
    if (part.modifier === M_NONE || part.modifier === M_OPTIONAL) {
      out += `(?:${prefix}(${value})${suffix})${part.modifier}`;
      continue;
    }
    out += `(?:${prefix}((?:${value})(?:${suffix}${prefix}(?:${value}))*)${suffix})`;
    if (part.modifier === M_ZERO_OR_MORE) out += '?';
  }
  return { source: out + '$', names };
}

const isDigit = (c) => c !== undefined && c >= '0' && c <= '9';

// generatePatternString is "generate a pattern string".
function generatePatternString(parts, options) {
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const prev = i > 0 ? parts[i - 1] : null;
    const next = i < parts.length - 1 ? parts[i + 1] : null;
    if (part.type === P_FIXED) {
      if (part.modifier === M_NONE) out += escapePattern(part.value);
      else out += `{${escapePattern(part.value)}}${part.modifier}`;
      continue;
    }
    const customName = !isDigit(part.name[0]);
    let needsGrouping = part.suffix !== '' || (part.prefix !== '' && part.prefix !== options.prefix);
    if (!needsGrouping && customName && part.type === P_SEGMENT && part.modifier === M_NONE &&
        next !== null && next.prefix === '' && next.suffix === '') {
      if (next.type === P_FIXED) {
        const first = Array.from(next.value)[0];
        if (first !== undefined && isNameCodePoint(first, false)) needsGrouping = true;
      } else if (isDigit(next.name[0])) {
        needsGrouping = true;
      }
    }
    if (!needsGrouping && part.prefix === '' && prev !== null && prev.type === P_FIXED &&
        options.prefix !== '' && prev.value.endsWith(options.prefix)) {
      needsGrouping = true;
    }
    if (needsGrouping) out += '{';
    out += escapePattern(part.prefix);
    if (customName) out += `:${part.name}`;
    if (part.type === P_REGEXP) {
      out += `(${part.value})`;
    } else if (part.type === P_SEGMENT && !customName) {
      out += `(${segmentWildcard(options)})`;
    } else if (part.type === P_FULL) {
      if (!customName && (prev === null || prev.type === P_FIXED || prev.modifier !== M_NONE || needsGrouping || part.prefix !== '')) {
        out += '*';
      } else {
        out += `(${FULL_WILDCARD})`;
      }
    }
    if (part.type === P_SEGMENT && customName && part.suffix !== '' && isNameCodePoint(Array.from(part.suffix)[0], false)) {
      out += '\\';
    }
    out += escapePattern(part.suffix);
    if (needsGrouping) out += '}';
    out += part.modifier;
  }
  return out;
}

// Identity escapes that the `u` flag refuses but goja accepts.
const validEscapeLetters = 'dDwWsSbBfnrtvcxupPk';
function checkRegExpEscapes(source) {
  for (let i = 0; i < source.length; i++) {
    if (source[i] !== '\\') continue;
    const c = source[i + 1];
    if (c !== undefined && /[A-Za-z]/.test(c) && !validEscapeLetters.includes(c)) return false;
    i++;
  }
  return true;
}

const defaultOptions = { delimiter: '', prefix: '', ignoreCase: false };
const hostnameOptions = { delimiter: '.', prefix: '', ignoreCase: false };
const pathnameOptions = { delimiter: '/', prefix: '/', ignoreCase: false };

// compileComponent is "compile a component".
function compileComponent(input, encode, options) {
  const parts = parsePattern(input, options, encode);
  const { source, names } = generateRegExp(parts, options);
  let regexp;
  try {
    if (!checkRegExpEscapes(source)) throw new SyntaxError('Invalid escape');
    regexp = new RegExpCtor(source, options.ignoreCase ? 'ui' : 'u');
  } catch (e) {
    throw typeError(`Invalid pattern '${input}': ${e.message}`);
  }
  return {
    pattern: generatePatternString(parts, options),
    regexp,
    names,
    hasRegExpGroups: parts.some((p) => p.type === P_REGEXP),
  };
}

const exec = (re, s) => ReflectApply(regExpExec, re, [s]);

function matchesSpecialScheme(component) {
  for (const s of SPECIAL_SCHEMES) if (exec(component.regexp, s) !== null) return true;
  return false;
}

// ---- canonicalization (encoding callbacks) ----

function canonicalize(kind, value, protocol = undefined) {
  const out = host.upCanonicalize(kind, value, protocol);
  if (out === null) throw typeError(`Invalid ${kindName[kind]} '${value}'.`);
  return out;
}
const kindName = ['', 'protocol', 'username', 'password', 'hostname', 'port', 'pathname', 'pathname', 'search', 'hash'];

const canonProtocol = (v) => canonicalize(K_PROTOCOL, v);
const canonUsername = (v) => canonicalize(K_USERNAME, v);
const canonPassword = (v) => canonicalize(K_PASSWORD, v);
const canonHostname = (v) => canonicalize(K_HOSTNAME, v);
const canonPort = (v, protocol = undefined) => canonicalize(K_PORT, v, protocol);
const canonPathname = (v) => canonicalize(K_PATHNAME, v);
const canonOpaquePathname = (v) => canonicalize(K_OPAQUE_PATHNAME, v);
const canonSearch = (v) => canonicalize(K_SEARCH, v);
const canonHash = (v) => canonicalize(K_HASH, v);

function canonIPv6Hostname(value) {
  let out = '';
  for (const c of value) {
    if (!/^[0-9A-Fa-f[\]:]$/.test(c)) throw typeError(`Invalid IPv6 hostname '${value}'.`);
    out += c.toLowerCase();
  }
  return out;
}

function isIPv6HostnamePattern(s) {
  if (s.length < 2) return false;
  return s[0] === '[' || ((s[0] === '{' || s[0] === '\\') && s[1] === '[');
}

// ---- URLPatternInit processing ----

const has = (o, k) => o[k] !== undefined;
const processBase = (s, type) => (type === 'pattern' ? escapePattern(s) : s);

function isAbsolutePathname(s, type) {
  if (s === '') return false;
  if (s[0] === '/') return true;
  if (type === 'url' || s.length < 2) return false;
  return (s[0] === '\\' || s[0] === '{') && s[1] === '/';
}

// processInit is "process a URLPatternInit"; init's members are strings
// or undefined.
function processInit(init, type, preset) {
  const result = { ...preset };
  let base = null;
  if (has(init, 'baseURL')) {
    base = host.upParseURL(init.baseURL, undefined);
    if (base === null) throw typeError(`Invalid baseURL '${init.baseURL}'.`);
    const [bProtocol, bUsername, bPassword, bHostname, bPort, bPathname, bSearch, bHash] = base;
    const given = (...keys) => keys.some((k) => has(init, k));
    if (!given('protocol')) result.protocol = processBase(bProtocol, type);
    if (type !== 'pattern' && !given('protocol', 'hostname', 'port', 'username')) result.username = processBase(bUsername, type);
    if (type !== 'pattern' && !given('protocol', 'hostname', 'port', 'username', 'password')) result.password = processBase(bPassword, type);
    if (!given('protocol', 'hostname')) result.hostname = processBase(bHostname, type);
    if (!given('protocol', 'hostname', 'port')) result.port = processBase(bPort, type);
    if (!given('protocol', 'hostname', 'port', 'pathname')) result.pathname = processBase(bPathname, type);
    if (!given('protocol', 'hostname', 'port', 'pathname', 'search')) result.search = processBase(bSearch, type);
    if (!given('protocol', 'hostname', 'port', 'pathname', 'search', 'hash')) result.hash = processBase(bHash, type);
  }
  const pattern = type === 'pattern';
  if (has(init, 'protocol')) {
    const v = init.protocol.endsWith(':') ? init.protocol.slice(0, -1) : init.protocol;
    result.protocol = pattern ? v : canonProtocol(v);
  }
  if (has(init, 'username')) result.username = pattern ? init.username : canonUsername(init.username);
  if (has(init, 'password')) result.password = pattern ? init.password : canonPassword(init.password);
  if (has(init, 'hostname')) result.hostname = pattern ? init.hostname : canonHostname(init.hostname);
  if (has(init, 'port')) result.port = pattern ? init.port : canonPort(init.port, result.protocol);
  if (has(init, 'pathname')) {
    let p = init.pathname;
    if (base !== null && !base[8] && !isAbsolutePathname(p, type)) {
      const basePath = processBase(base[5], type);
      const slash = basePath.lastIndexOf('/');
      if (slash >= 0) p = basePath.slice(0, slash + 1) + p;
    }
    if (!pattern) {
      const protocol = result.protocol;
      p = protocol === undefined || protocol === '' || SPECIAL_SCHEMES.includes(protocol) ? canonPathname(p) : canonOpaquePathname(p);
    }
    result.pathname = p;
  }
  if (has(init, 'search')) {
    const v = init.search.startsWith('?') ? init.search.slice(1) : init.search;
    result.search = pattern ? v : canonSearch(v);
  }
  if (has(init, 'hash')) {
    const v = init.hash.startsWith('#') ? init.hash.slice(1) : init.hash;
    result.hash = pattern ? v : canonHash(v);
  }
  return result;
}

// ---- constructor string parser ----

const S_INIT = 'init';
const S_PROTOCOL = 'protocol';
const S_AUTHORITY = 'authority';
const S_USERNAME = 'username';
const S_PASSWORD = 'password';
const S_HOSTNAME = 'hostname';
const S_PORT = 'port';
const S_PATHNAME = 'pathname';
const S_SEARCH = 'search';
const S_HASH = 'hash';
const S_DONE = 'done';

// parseConstructorString is "parse a constructor string".
function parseConstructorString(input) {
  const cps = Array.from(input);
  const tokens = tokenize(cps, false);
  const result = {};
  let componentStart = 0;
  let tokenIndex = 0;
  let tokenIncrement = 1;
  let groupDepth = 0;
  let ipv6Depth = 0;
  let protocolIsSpecial = false;
  let state = S_INIT;

  const safeToken = (i) => (i < tokens.length ? tokens[i] : tokens[tokens.length - 1]);
  const isNonSpecial = (i, value) => {
    const t = safeToken(i);
    return t.value === value && (t.type === T_CHAR || t.type === T_ESCAPED || t.type === T_INVALID);
  };
  const componentString = () => {
    const start = safeToken(componentStart).index;
    return cps.slice(start, tokens[tokenIndex].index).join('');
  };
  const rewind = () => {
    tokenIndex = componentStart;
    tokenIncrement = 0;
  };
  const rewindTo = (s) => {
    rewind();
    state = s;
  };
  const setState = (next, skip) => {
    if (state !== S_INIT && state !== S_AUTHORITY && state !== S_DONE) result[state] = componentString();
    if (state !== S_INIT && next !== S_DONE) {
      const early = [S_PROTOCOL, S_AUTHORITY, S_USERNAME, S_PASSWORD];
      if (early.includes(state) && [S_PORT, S_PATHNAME, S_SEARCH, S_HASH].includes(next) && !has(result, 'hostname')) {
        result.hostname = '';
      }
      if ([...early, S_HOSTNAME, S_PORT].includes(state) && (next === S_SEARCH || next === S_HASH) && !has(result, 'pathname')) {
        result.pathname = protocolIsSpecial ? '/' : '';
      }
      if ([...early, S_HOSTNAME, S_PORT, S_PATHNAME].includes(state) && next === S_HASH && !has(result, 'search')) {
        result.search = '';
      }
    }
    state = next;
    tokenIndex += skip;
    componentStart = tokenIndex;
    tokenIncrement = 0;
  };
  const isSearchPrefix = () => {
    if (isNonSpecial(tokenIndex, '?')) return true;
    if (tokens[tokenIndex].value !== '?') return false;
    if (tokenIndex - 1 < 0) return true;
    const prev = safeToken(tokenIndex - 1);
    return !(prev.type === T_NAME || prev.type === T_REGEXP || prev.type === T_CLOSE || prev.type === T_ASTERISK);
  };
  const isHashPrefix = () => isNonSpecial(tokenIndex, '#');
  const isPathnameStart = () => isNonSpecial(tokenIndex, '/');

  while (tokenIndex < tokens.length) {
    tokenIncrement = 1;
    const token = tokens[tokenIndex];
    if (token.type === T_END) {
      if (state === S_INIT) {
        rewind();
        if (isHashPrefix()) setState(S_HASH, 1);
        else if (isSearchPrefix()) setState(S_SEARCH, 1);
        else setState(S_PATHNAME, 0);
        tokenIndex += tokenIncrement;
        continue;
      }
      if (state === S_AUTHORITY) {
        rewindTo(S_HOSTNAME);
        tokenIndex += tokenIncrement;
        continue;
      }
      setState(S_DONE, 0);
      break;
    }
    if (token.type === T_OPEN) {
      groupDepth++;
      tokenIndex += tokenIncrement;
      continue;
    }
    if (groupDepth > 0) {
      if (token.type === T_CLOSE) {
        groupDepth--;
      } else {
        tokenIndex += tokenIncrement;
        continue;
      }
    }
    switch (state) {
      case S_INIT:
        if (isNonSpecial(tokenIndex, ':')) rewindTo(S_PROTOCOL);
        break;
      case S_PROTOCOL:
        if (isNonSpecial(tokenIndex, ':')) {
          const component = compileComponent(componentString(), canonProtocol, defaultOptions);
          protocolIsSpecial = matchesSpecialScheme(component);
          let next = S_PATHNAME;
          let skip = 1;
          if (isNonSpecial(tokenIndex + 1, '/') && isNonSpecial(tokenIndex + 2, '/')) {
            next = S_AUTHORITY;
            skip = 3;
          } else if (protocolIsSpecial) {
            next = S_AUTHORITY;
          }
          setState(next, skip);
        }
        break;
      case S_AUTHORITY:
        if (isNonSpecial(tokenIndex, '@')) rewindTo(S_USERNAME);
        else if (isPathnameStart() || isSearchPrefix() || isHashPrefix()) rewindTo(S_HOSTNAME);
        break;
      case S_USERNAME:
        if (isNonSpecial(tokenIndex, ':')) setState(S_PASSWORD, 1);
        else if (isNonSpecial(tokenIndex, '@')) setState(S_HOSTNAME, 1);
        break;
      case S_PASSWORD:
        if (isNonSpecial(tokenIndex, '@')) setState(S_HOSTNAME, 1);
        break;
      case S_HOSTNAME:
        if (isNonSpecial(tokenIndex, '[')) ipv6Depth++;
        else if (isNonSpecial(tokenIndex, ']')) ipv6Depth--;
        else if (isNonSpecial(tokenIndex, ':') && ipv6Depth === 0) setState(S_PORT, 1);
        else if (isPathnameStart()) setState(S_PATHNAME, 0);
        else if (isSearchPrefix()) setState(S_SEARCH, 1);
        else if (isHashPrefix()) setState(S_HASH, 1);
        break;
      case S_PORT:
        if (isPathnameStart()) setState(S_PATHNAME, 0);
        else if (isSearchPrefix()) setState(S_SEARCH, 1);
        else if (isHashPrefix()) setState(S_HASH, 1);
        break;
      case S_PATHNAME:
        if (isSearchPrefix()) setState(S_SEARCH, 1);
        else if (isHashPrefix()) setState(S_HASH, 1);
        break;
      case S_SEARCH:
        if (isHashPrefix()) setState(S_HASH, 1);
        break;
    }
    tokenIndex += tokenIncrement;
  }
  if (has(result, 'hostname') && !has(result, 'port')) result.port = '';
  return result;
}

// ---- WebIDL conversions ----

const initKeys = ['baseURL', 'hash', 'hostname', 'password', 'pathname', 'port', 'protocol', 'search', 'username'];

function toInit(v) {
  const out = {};
  for (const k of initKeys) {
    const x = v[k];
    if (x !== undefined) out[k] = toUSVString(x);
  }
  return out;
}

function toOptions(v, what) {
  if (v === undefined || v === null) return { ignoreCase: false };
  if (typeof v !== 'object' && typeof v !== 'function') {
    throw new TypeError(`${what}: The provided value is not of type 'URLPatternOptions'.`);
  }
  return { ignoreCase: !!v.ignoreCase };
}

const isDict = (v) => v === undefined || v === null || typeof v === 'object' || typeof v === 'function';

// toInput converts a URLPatternInput: an object is a URLPatternInit,
// anything else a string.
function toInput(v) {
  if (v === undefined || v === null) return {};
  if (typeof v === 'object' || typeof v === 'function') return toInit(v);
  return toUSVString(v);
}

// ---- URLPattern ----

class URLPattern {
  #c;

  constructor(input = undefined, baseURL = undefined, options = undefined) {
    const what = "Failed to construct 'URLPattern'";
    let base;
    if (arguments.length >= 2 && !isDict(baseURL)) {
      base = toUSVString(baseURL);
      options = toOptions(options, what);
    } else {
      base = undefined;
      options = toOptions(arguments.length >= 2 ? baseURL : undefined, what);
    }
    input = toInput(input);
    let init;
    if (typeof input === 'string') {
      init = parseConstructorString(input);
      if (base === undefined && !has(init, 'protocol')) {
        throw typeError(`${what}: Relative constructor string '${input}' must have a base URL passed as the second argument.`);
      }
      if (base !== undefined) init.baseURL = base;
    } else {
      if (base !== undefined) throw typeError(`${what}: Invalid second argument baseURL '${base}' provided with a URLPatternInit input. Use the URLPatternInit.baseURL property instead.`);
      init = input;
    }
    const p = processInit(init, 'pattern', {});
    for (const k of COMPONENTS) if (p[k] === undefined) p[k] = '*';
    if (SPECIAL_SCHEMES.includes(p.protocol) && DEFAULT_PORTS[p.protocol] === p.port) p.port = '';
    const ci = { ...defaultOptions, ignoreCase: options.ignoreCase };
    const c = {};
    c.protocol = compileComponent(p.protocol, canonProtocol, defaultOptions);
    c.username = compileComponent(p.username, canonUsername, defaultOptions);
    c.password = compileComponent(p.password, canonPassword, defaultOptions);
    c.hostname = isIPv6HostnamePattern(p.hostname) ? compileComponent(p.hostname, canonIPv6Hostname, hostnameOptions) : compileComponent(p.hostname, canonHostname, hostnameOptions);
    c.port = compileComponent(p.port, canonPort, defaultOptions);
    c.pathname = matchesSpecialScheme(c.protocol)
      ? compileComponent(p.pathname, canonPathname, { ...pathnameOptions, ignoreCase: options.ignoreCase })
      : compileComponent(p.pathname, canonOpaquePathname, ci);
    c.search = compileComponent(p.search, canonSearch, ci);
    c.hash = compileComponent(p.hash, canonHash, ci);
    this.#c = c;
  }

  test(input = undefined, baseURL = undefined) {
    return this.#match(input, baseURL, arguments.length >= 2) !== null;
  }

  exec(input = undefined, baseURL = undefined) {
    return this.#match(input, baseURL, arguments.length >= 2);
  }

  #match(input, baseURL, hasBase) {
    const c = this.#c;
    input = toInput(input);
    if (hasBase && baseURL !== undefined) baseURL = toUSVString(baseURL);
    else baseURL = undefined;
    const inputs = [input];
    let values;
    if (typeof input !== 'string') {
      if (baseURL !== undefined) throw typeError("Failed to execute 'exec' on 'URLPattern': Invalid second argument baseURL provided with a URLPatternInit input.");
      try {
        values = processInit(input, 'url', { protocol: '', username: '', password: '', hostname: '', port: '', pathname: '', search: '', hash: '' });
      } catch {
        return null;
      }
    } else {
      if (baseURL !== undefined) {
        if (host.upParseURL(baseURL, undefined) === null) return null;
        inputs.push(baseURL);
      }
      const u = host.upParseURL(input, baseURL);
      if (u === null) return null;
      values = {};
      for (let i = 0; i < COMPONENTS.length; i++) values[COMPONENTS[i]] = u[i];
    }
    const result = { inputs };
    for (const k of COMPONENTS) {
      const m = exec(c[k].regexp, values[k]);
      if (m === null) return null;
      const groups = ObjectCreate(Object.prototype);
      const names = c[k].names;
      for (let i = 1; i < m.length; i++) groups[names[i - 1]] = m[i];
      result[k] = { input: values[k], groups };
    }
    return result;
  }

  get protocol() {
    return this.#c.protocol.pattern;
  }
  get username() {
    return this.#c.username.pattern;
  }
  get password() {
    return this.#c.password.pattern;
  }
  get hostname() {
    return this.#c.hostname.pattern;
  }
  get port() {
    return this.#c.port.pattern;
  }
  get pathname() {
    return this.#c.pathname.pattern;
  }
  get search() {
    return this.#c.search.pattern;
  }
  get hash() {
    return this.#c.hash.pattern;
  }
  get hasRegExpGroups() {
    const c = this.#c;
    return COMPONENTS.some((k) => c[k].hasRegExpGroups);
  }
}
exposeInterface(URLPattern);
internal.inspectors.set(URLPattern.prototype, (p) => {
  const props = {};
  for (const k of COMPONENTS) props[k] = p[k];
  props.hasRegExpGroups = p.hasRegExpGroups;
  return { props };
});
