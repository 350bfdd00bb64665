// URL and URLSearchParams (URL Standard §6). Parsing, the setters and
// application/x-www-form-urlencoded are Go (url.go, form.go); a URL holds
// the Go record plus its serialised components, so getters are plain reads.

const { toDOMString, toUSVString, requireArgs, exposeInterface, kInternal } = internal;

// Indexes into the components array host.urlParse returns.
const C_RECORD = 0;
const C_HREF = 1;
const C_ORIGIN = 2;
const C_PROTOCOL = 3;
const C_USERNAME = 4;
const C_PASSWORD = 5;
const C_HOST = 6;
const C_HOSTNAME = 7;
const C_PORT = 8;
const C_PATHNAME = 9;
const C_SEARCH = 10;
const C_HASH = 11;

// Setter ids shared with url.go.
const SET_PROTOCOL = 1;
const SET_USERNAME = 2;
const SET_PASSWORD = 3;
const SET_HOST = 4;
const SET_HOSTNAME = 5;
const SET_PORT = 6;
const SET_PATHNAME = 7;
const SET_SEARCH = 8;
const SET_HASH = 9;

function invalidURL(input, base) {
  const e = new TypeError('Invalid URL');
  e.code = 'ERR_INVALID_URL';
  e.input = input;
  if (base !== undefined) e.base = base;
  return e;
}

function parsePairs(query) {
  const flat = host.formParse(query);
  const list = [];
  for (let i = 0; i < flat.length; i += 2) list.push([flat[i], flat[i + 1]]);
  return list;
}

function serializePairs(list) {
  const flat = [];
  for (let i = 0; i < list.length; i++) flat.push(list[i][0], list[i][1]);
  return host.formSerialize(flat);
}

let pendingComponents = null;

class URL {
  #c;
  #query = null;

  // A rest parameter rather than `arguments`, which goja makes as an object
  // at every call; URL.length is set back to 1 below.
  constructor(...args) {
    let url = args[0];
    if (url === kInternal) {
      this.#c = pendingComponents;
      pendingComponents = null;
      return;
    }
    let base = args[1];
    requireArgs(args.length, 1, "Failed to construct 'URL'");
    url = toDOMString(url);
    if (base !== undefined) base = toDOMString(base);
    const c = host.urlParse(url, base);
    if (c === null) throw invalidURL(url, base);
    this.#c = c;
  }

  static parse(url, base = undefined) {
    requireArgs(arguments.length, 1, "Failed to execute 'parse' on 'URL'");
    url = toDOMString(url);
    if (base !== undefined) base = toDOMString(base);
    const c = host.urlParse(url, base);
    if (c === null) return null;
    pendingComponents = c;
    return new URL(kInternal);
  }

  static canParse(url, base = undefined) {
    requireArgs(arguments.length, 1, "Failed to execute 'canParse' on 'URL'");
    url = toDOMString(url);
    if (base !== undefined) base = toDOMString(base);
    return host.urlCanParse(url, base);
  }

  get href() {
    return this.#c[C_HREF];
  }
  set href(value) {
    value = toDOMString(value);
    const c = host.urlParse(value, undefined);
    if (c === null) throw invalidURL(value);
    this.#c = c;
    this.#syncQuery();
  }
  get origin() {
    return this.#c[C_ORIGIN];
  }
  get protocol() {
    return this.#c[C_PROTOCOL];
  }
  set protocol(v) {
    this.#set(SET_PROTOCOL, v);
  }
  get username() {
    return this.#c[C_USERNAME];
  }
  set username(v) {
    this.#set(SET_USERNAME, v);
  }
  get password() {
    return this.#c[C_PASSWORD];
  }
  set password(v) {
    this.#set(SET_PASSWORD, v);
  }
  get host() {
    return this.#c[C_HOST];
  }
  set host(v) {
    this.#set(SET_HOST, v);
  }
  get hostname() {
    return this.#c[C_HOSTNAME];
  }
  set hostname(v) {
    this.#set(SET_HOSTNAME, v);
  }
  get port() {
    return this.#c[C_PORT];
  }
  set port(v) {
    this.#set(SET_PORT, v);
  }
  get pathname() {
    return this.#c[C_PATHNAME];
  }
  set pathname(v) {
    this.#set(SET_PATHNAME, v);
  }
  get search() {
    return this.#c[C_SEARCH];
  }
  set search(v) {
    this.#set(SET_SEARCH, v);
    this.#syncQuery();
  }
  get searchParams() {
    if (this.#query === null) {
      this.#query = internal.newLinkedSearchParams(this, parsePairs(this.#c[C_SEARCH].slice(1)));
    }
    return this.#query;
  }
  get hash() {
    return this.#c[C_HASH];
  }
  set hash(v) {
    this.#set(SET_HASH, v);
  }
  toString() {
    return this.#c[C_HREF];
  }
  toJSON() {
    return this.#c[C_HREF];
  }

  #set(which, value) {
    this.#c = host.urlSet(this.#c[C_RECORD], which, toDOMString(value));
  }

  #syncQuery() {
    if (this.#query !== null) internal.setSearchParamsList(this.#query, parsePairs(this.#c[C_SEARCH].slice(1)));
  }

  static {
    internal.isURL = (v) => internal.isObject(v) && #c in v;
    // urlUpdateQuery is the URLSearchParams "update" steps for a linked URL.
    internal.urlUpdateQuery = (u, serialized) => {
      u.#c = host.urlSetQuery(u.#c[C_RECORD], serialized === '' ? null : serialized);
    };
    internal.urlHref = (u) => u.#c[C_HREF];
  }
}
Object.defineProperty(URL, 'length', { value: 1 });
exposeInterface(URL);
internal.inspectors.set(URL.prototype, (u) => ({
  props: {
    href: u.href, origin: u.origin, protocol: u.protocol, username: u.username, password: u.password,
    host: u.host, hostname: u.hostname, port: u.port, pathname: u.pathname, search: u.search,
    searchParams: u.searchParams, hash: u.hash,
  },
}));

class URLSearchParams {
  #list = [];
  #url = null;

  constructor(init = '') {
    if (init === kInternal) return;
    if (internal.isObject(init)) {
      const iter = init[Symbol.iterator];
      if (iter !== undefined && iter !== null) {
        if (typeof iter !== 'function') {
          throw new TypeError("Failed to construct 'URLSearchParams': The object must have a callable @@iterator property.");
        }
        this.#list = internal.iterateWith(init, iter, (pair) => {
          const p = internal.toSequence(pair, "Failed to construct 'URLSearchParams'", toUSVString);
          if (p.length !== 2) {
            throw new TypeError("Failed to construct 'URLSearchParams': Sequence initializer must only contain pair elements");
          }
          return p;
        }, "Failed to construct 'URLSearchParams'");
      } else {
        // record<USVString, USVString>: keys that convert to the same string
        // keep the first position and the last value.
        const record = new Map();
        for (const key of Reflect.ownKeys(init)) {
          const d = Object.getOwnPropertyDescriptor(init, key);
          if (d === undefined || !d.enumerable) continue;
          if (typeof key === 'symbol') {
            throw new TypeError("Failed to construct 'URLSearchParams': Cannot convert a Symbol value to a string");
          }
          record.set(toUSVString(key), toUSVString(init[key]));
        }
        for (const [k, v] of record) this.#list.push([k, v]);
      }
    } else {
      let s = toUSVString(init);
      if (s.charCodeAt(0) === 0x3f) s = s.slice(1);
      this.#list = parsePairs(s);
    }
  }

  get size() {
    return this.#list.length;
  }

  append(name, value) {
    requireArgs(arguments.length, 2, "Failed to execute 'append' on 'URLSearchParams'");
    this.#list.push([toUSVString(name), toUSVString(value)]);
    this.#update();
  }

  delete(name, value = undefined) {
    requireArgs(arguments.length, 1, "Failed to execute 'delete' on 'URLSearchParams'");
    name = toUSVString(name);
    if (value !== undefined) {
      value = toUSVString(value);
      this.#list = this.#list.filter((p) => !(p[0] === name && p[1] === value));
    } else {
      this.#list = this.#list.filter((p) => p[0] !== name);
    }
    this.#update();
  }

  // (...args): see URL's constructor; the length is set back to 1 below.
  get(...args) {
    requireArgs(args.length, 1, "Failed to execute 'get' on 'URLSearchParams'");
    const name = toUSVString(args[0]);
    const list = this.#list;
    for (let i = 0; i < list.length; i++) if (list[i][0] === name) return list[i][1];
    return null;
  }

  getAll(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'getAll' on 'URLSearchParams'");
    name = toUSVString(name);
    const out = [];
    const list = this.#list;
    for (let i = 0; i < list.length; i++) if (list[i][0] === name) out.push(list[i][1]);
    return out;
  }

  has(name, value = undefined) {
    requireArgs(arguments.length, 1, "Failed to execute 'has' on 'URLSearchParams'");
    name = toUSVString(name);
    if (value !== undefined) {
      value = toUSVString(value);
      const list = this.#list;
      for (let i = 0; i < list.length; i++) if (list[i][0] === name && list[i][1] === value) return true;
      return false;
    }
    const list = this.#list;
    for (let i = 0; i < list.length; i++) if (list[i][0] === name) return true;
    return false;
  }

  set(name, value) {
    requireArgs(arguments.length, 2, "Failed to execute 'set' on 'URLSearchParams'");
    name = toUSVString(name);
    value = toUSVString(value);
    const list = this.#list;
    let found = false;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] !== name) continue;
      if (!found) {
        list[i] = [name, value];
        found = true;
      } else {
        list.splice(i, 1);
        i--;
      }
    }
    if (!found) list.push([name, value]);
    this.#update();
  }

  sort() {
    // A stable sort by UTF-16 code units of the names.
    const list = this.#list;
    const indexed = list.map((p, i) => [p, i]);
    indexed.sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]));
    this.#list = indexed.map((x) => x[0]);
    this.#update();
  }

  toString() {
    return serializePairs(this.#list);
  }

  #update() {
    if (this.#url !== null) internal.urlUpdateQuery(this.#url, serializePairs(this.#list));
  }

  static {
    internal.newLinkedSearchParams = (url, list) => {
      const p = new URLSearchParams(kInternal);
      p.#url = url;
      p.#list = list;
      return p;
    };
    internal.setSearchParamsList = (p, list) => {
      p.#list = list;
    };
    internal.isURLSearchParams = (v) => internal.isObject(v) && #list in v;
    internal.serializeSearchParams = (p) => serializePairs(p.#list);
    internal.searchParamsPairs = (p) => p.#list;
  }
}
internal.defineIterators(URLSearchParams, 'URLSearchParams', internal.searchParamsPairs);
Object.defineProperty(URLSearchParams.prototype.get, 'length', { value: 1 });
exposeInterface(URLSearchParams);
internal.inspectors.set(URLSearchParams.prototype, (p) => ({ entries: internal.searchParamsPairs(p) }));
