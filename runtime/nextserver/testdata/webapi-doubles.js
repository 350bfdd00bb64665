// Test doubles of the Web API globals next-server.js relies on: Headers,
// URLSearchParams, URL (http/https only), Request and Response. They follow
// the WHATWG specs closely enough for this package's tests and nothing
// more: the real implementations live in runtime/webapi. Run as a script;
// it defines the globals on globalThis.
(function (global) {
  'use strict';

  // ------------------------------------------------------------------ Headers
  var TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

  function normalizeValue(value) {
    return String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  }

  function checkName(name) {
    name = String(name);
    if (!TOKEN.test(name)) throw new TypeError(`Headers: invalid header name "${name}"`);
    return name.toLowerCase();
  }

  // hide defines internal state as non-enumerable, so that JSON.stringify
  // of a double gives {} as it does for the real objects.
  function hide(obj, props) {
    for (var key of Object.keys(props)) {
      Object.defineProperty(obj, key, { value: props[key], writable: true, configurable: true });
    }
  }

  class Headers {
    constructor(init) {
      hide(this, { _list: [] });
      if (init === undefined || init === null) return;
      if (init instanceof Headers) {
        for (var pair of init._list) this._list.push([pair[0], pair[1]]);
      } else if (typeof init[Symbol.iterator] === 'function') {
        for (var entry of init) {
          var arr = Array.from(entry);
          if (arr.length !== 2) throw new TypeError('Headers: each header pair must have two items');
          this.append(arr[0], arr[1]);
        }
      } else if (typeof init === 'object') {
        for (var key of Object.keys(init)) this.append(key, init[key]);
      } else {
        throw new TypeError('Headers: invalid init');
      }
    }
    append(name, value) {
      this._list.push([checkName(name), normalizeValue(value)]);
    }
    delete(name) {
      name = checkName(name);
      this._list = this._list.filter(function (p) { return p[0] !== name; });
    }
    get(name) {
      name = checkName(name);
      var values = this._list.filter(function (p) { return p[0] === name; }).map(function (p) { return p[1]; });
      return values.length ? values.join(', ') : null;
    }
    getSetCookie() {
      return this._list.filter(function (p) { return p[0] === 'set-cookie'; }).map(function (p) { return p[1]; });
    }
    has(name) {
      name = checkName(name);
      return this._list.some(function (p) { return p[0] === name; });
    }
    set(name, value) {
      name = checkName(name);
      value = normalizeValue(value);
      var found = false;
      this._list = this._list.filter(function (p) {
        if (p[0] !== name) return true;
        if (found) return false;
        found = true;
        p[1] = value;
        return true;
      });
      if (!found) this._list.push([name, value]);
    }
    // The sort-and-combine algorithm of the Fetch standard.
    _sorted() {
      var names = Array.from(new Set(this._list.map(function (p) { return p[0]; }))).sort();
      var out = [];
      for (var name of names) {
        if (name === 'set-cookie') {
          for (var v of this.getSetCookie()) out.push([name, v]);
        } else {
          out.push([name, this.get(name)]);
        }
      }
      return out;
    }
    forEach(callback, thisArg) {
      for (var pair of this._sorted()) callback.call(thisArg, pair[1], pair[0], this);
    }
    entries() { return this._sorted()[Symbol.iterator](); }
    keys() { return this._sorted().map(function (p) { return p[0]; })[Symbol.iterator](); }
    values() { return this._sorted().map(function (p) { return p[1]; })[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    get [Symbol.toStringTag]() { return 'Headers'; }
  }

  // ---------------------------------------------------------- URLSearchParams
  function utf8PercentEncode(str, keep) {
    var out = '';
    for (var ch of str) {
      if (keep(ch)) {
        out += ch;
        continue;
      }
      out += encodeURIComponent(ch).replace(/[!'()*~]/g, function (c) {
        return '%' + c.charCodeAt(0).toString(16).toUpperCase();
      });
    }
    return out;
  }

  function formEncode(str) {
    return utf8PercentEncode(str, function (c) { return /[A-Za-z0-9*\-._]/.test(c); }).replace(/%20/g, '+');
  }

  function formDecode(str) {
    var bytes = str.replace(/\+/g, ' ');
    try {
      return decodeURIComponent(bytes);
    } catch (e) {
      return bytes.replace(/%([0-9A-Fa-f]{2})/g, function (m, hex) {
        var code = parseInt(hex, 16);
        return code < 0x80 ? String.fromCharCode(code) : m;
      });
    }
  }

  class URLSearchParams {
    constructor(init) {
      hide(this, { _list: [], _url: null });
      if (init === undefined || init === null) return;
      if (init instanceof URLSearchParams) {
        this._list = init._list.map(function (p) { return [p[0], p[1]]; });
      } else if (typeof init === 'object' && typeof init[Symbol.iterator] === 'function') {
        for (var pair of init) {
          var arr = Array.from(pair);
          if (arr.length !== 2) throw new TypeError('URLSearchParams: each pair must have two items');
          this._list.push([String(arr[0]), String(arr[1])]);
        }
      } else if (typeof init === 'object') {
        for (var key of Object.keys(init)) this._list.push([key, String(init[key])]);
      } else {
        this._parse(String(init).replace(/^\?/, ''));
      }
    }
    _parse(query) {
      this._list = [];
      for (var part of query.split('&')) {
        if (!part) continue;
        var eq = part.indexOf('=');
        var name = eq === -1 ? part : part.slice(0, eq);
        var value = eq === -1 ? '' : part.slice(eq + 1);
        this._list.push([formDecode(name), formDecode(value)]);
      }
    }
    _update() {
      if (!this._url) return;
      var s = this.toString();
      this._url._query = s === '' ? null : s;
    }
    get size() { return this._list.length; }
    append(name, value) {
      this._list.push([String(name), String(value)]);
      this._update();
    }
    delete(name, value) {
      name = String(name);
      this._list = this._list.filter(function (p) {
        return !(p[0] === name && (value === undefined || p[1] === String(value)));
      });
      this._update();
    }
    get(name) {
      name = String(name);
      var found = this._list.find(function (p) { return p[0] === name; });
      return found ? found[1] : null;
    }
    getAll(name) {
      name = String(name);
      return this._list.filter(function (p) { return p[0] === name; }).map(function (p) { return p[1]; });
    }
    has(name, value) {
      name = String(name);
      return this._list.some(function (p) { return p[0] === name && (value === undefined || p[1] === String(value)); });
    }
    set(name, value) {
      name = String(name);
      value = String(value);
      var found = false;
      this._list = this._list.filter(function (p) {
        if (p[0] !== name) return true;
        if (found) return false;
        found = true;
        p[1] = value;
        return true;
      });
      if (!found) this._list.push([name, value]);
      this._update();
    }
    sort() {
      this._list = this._list
        .map(function (p, i) { return [p, i]; })
        .sort(function (a, b) { return a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]; })
        .map(function (x) { return x[0]; });
      this._update();
    }
    forEach(callback, thisArg) {
      for (var pair of this._list.slice()) callback.call(thisArg, pair[1], pair[0], this);
    }
    entries() { return this._list.map(function (p) { return [p[0], p[1]]; })[Symbol.iterator](); }
    keys() { return this._list.map(function (p) { return p[0]; })[Symbol.iterator](); }
    values() { return this._list.map(function (p) { return p[1]; })[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    toString() {
      return this._list.map(function (p) { return formEncode(p[0]) + '=' + formEncode(p[1]); }).join('&');
    }
    get [Symbol.toStringTag]() { return 'URLSearchParams'; }
  }

  // ---------------------------------------------------------------------- URL
  var DEFAULT_PORTS = { 'http:': '80', 'https:': '443' };
  var C0 = function (c) { return c.charCodeAt(0) > 0x20 && c.charCodeAt(0) < 0x7f; };
  var PATH_KEEP = function (c) { return C0(c) && '"#<>?`{}'.indexOf(c) === -1; };
  var QUERY_KEEP = function (c) { return C0(c) && '"#<>\''.indexOf(c) === -1; };
  var FRAGMENT_KEEP = function (c) { return C0(c) && '"<>`'.indexOf(c) === -1; };
  var USERINFO_KEEP = function (c) { return PATH_KEEP(c) && '/:;=@[\\]^|'.indexOf(c) === -1; };

  function invalid(input) {
    return new TypeError(`Invalid URL: ${input}`);
  }

  function normalizePath(path) {
    var segments = path.split('/');
    var out = [];
    for (var i = 1; i < segments.length; i++) {
      var seg = segments[i];
      var last = i === segments.length - 1;
      if (seg === '.' || seg.toLowerCase() === '%2e') {
        if (last) out.push('');
      } else if (seg === '..' || /^(\.|%2e)(\.|%2e)$/i.test(seg)) {
        out.pop();
        if (last) out.push('');
      } else {
        out.push(seg);
      }
    }
    return '/' + out.map(function (s) { return utf8PercentEncode(s, PATH_KEEP); }).join('/');
  }

  function parseHost(host, input) {
    if (host === '') throw invalid(input);
    if (host[0] === '[') {
      if (!/^\[[0-9a-fA-F:.]+\]$/.test(host)) throw invalid(input);
      return host.toLowerCase();
    }
    host = decodeURIComponent(host).toLowerCase();
    if (/[\x00-\x20#%/:<>?@[\\\]^|]/.test(host)) throw invalid(input);
    return host;
  }

  class URL {
    constructor(input, base) {
      input = String(input).replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').replace(/[\t\n\r]/g, '');
      var m = /^([a-zA-Z][a-zA-Z0-9+.\-]*):(.*)$/.exec(input);
      if (m) {
        this._parseAbsolute(m[1].toLowerCase() + ':', m[2], input);
      } else {
        if (base === undefined) throw invalid(input);
        var b = base instanceof URL ? base : new URL(base);
        this._resolve(input, b);
      }
      this._params = new URLSearchParams(this._query || '');
      this._params._url = this;
    }

    _parseAbsolute(protocol, rest, input) {
      if (!DEFAULT_PORTS[protocol]) throw invalid(input);
      rest = rest.replace(/\\/g, '/');
      if (!rest.startsWith('//')) rest = '//' + rest.replace(/^\/*/, '');
      rest = rest.slice(2);
      var end = rest.search(/[\/?#]/);
      var authority = end === -1 ? rest : rest.slice(0, end);
      var tail = end === -1 ? '' : rest.slice(end);
      this._protocol = protocol;
      this._username = '';
      this._password = '';
      var at = authority.lastIndexOf('@');
      if (at !== -1) {
        var userinfo = authority.slice(0, at);
        authority = authority.slice(at + 1);
        var colon = userinfo.indexOf(':');
        this._username = utf8PercentEncode(colon === -1 ? userinfo : userinfo.slice(0, colon), USERINFO_KEEP);
        this._password = colon === -1 ? '' : utf8PercentEncode(userinfo.slice(colon + 1), USERINFO_KEEP);
      }
      var portMatch = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority);
      if (!portMatch) throw invalid(input);
      this._hostname = parseHost(portMatch[1], input);
      this._setPort(portMatch[2] || '', input);
      this._setTail(tail);
    }

    _setPort(port, input) {
      if (port === '') {
        this._port = '';
        return;
      }
      var n = Number(port);
      if (!/^\d+$/.test(port) || n > 65535) throw invalid(input);
      this._port = String(n) === DEFAULT_PORTS[this._protocol] ? '' : String(n);
    }

    _setTail(tail) {
      var hash = tail.indexOf('#');
      this._fragment = hash === -1 ? null : utf8PercentEncode(tail.slice(hash + 1), FRAGMENT_KEEP);
      if (hash !== -1) tail = tail.slice(0, hash);
      var q = tail.indexOf('?');
      this._query = q === -1 ? null : utf8PercentEncode(tail.slice(q + 1), QUERY_KEEP);
      this._path = normalizePath(q === -1 ? tail : tail.slice(0, q)) || '/';
      if (this._path === '') this._path = '/';
    }

    _resolve(input, b) {
      this._protocol = b._protocol;
      this._username = b._username;
      this._password = b._password;
      this._hostname = b._hostname;
      this._port = b._port;
      input = input.replace(/\\/g, '/');
      if (input.startsWith('//')) {
        this._parseAbsolute(b._protocol, input, input);
      } else if (input.startsWith('/')) {
        this._setTail(input);
      } else if (input.startsWith('?')) {
        this._setTail(b._path + input);
      } else if (input.startsWith('#')) {
        this._setTail(b._path + (b._query === null ? '' : '?' + b._query) + input);
      } else if (input === '') {
        this._setTail(b._path + (b._query === null ? '' : '?' + b._query));
      } else {
        this._setTail(b._path.slice(0, b._path.lastIndexOf('/') + 1) + input);
      }
    }

    get protocol() { return this._protocol; }
    set protocol(value) {
      var p = String(value).replace(/:.*$/, '').toLowerCase() + ':';
      if (DEFAULT_PORTS[p]) {
        this._protocol = p;
        if (this._port === DEFAULT_PORTS[p]) this._port = '';
      }
    }
    get username() { return this._username; }
    set username(value) { this._username = utf8PercentEncode(String(value), USERINFO_KEEP); }
    get password() { return this._password; }
    set password(value) { this._password = utf8PercentEncode(String(value), USERINFO_KEEP); }
    get hostname() { return this._hostname; }
    set hostname(value) {
      try {
        this._hostname = parseHost(String(value), value);
      } catch (e) {
        // invalid hosts are ignored by the setter
      }
    }
    get port() { return this._port; }
    set port(value) {
      var digits = /^\d*/.exec(String(value))[0];
      try {
        this._setPort(digits, value);
      } catch (e) {
        // out-of-range ports are ignored by the setter
      }
    }
    get host() { return this._hostname + (this._port ? ':' + this._port : ''); }
    set host(value) {
      var m = /^(\[[^\]]*\]|[^:\/?#]*)(?::(\d*))?/.exec(String(value));
      if (!m || !m[1]) return;
      this.hostname = m[1];
      if (m[2] !== undefined) this.port = m[2];
    }
    get origin() { return this._protocol + '//' + this.host; }
    get pathname() { return this._path; }
    set pathname(value) {
      value = String(value).replace(/\\/g, '/');
      this._path = normalizePath(value.startsWith('/') ? value : '/' + value);
    }
    get search() { return this._query ? '?' + this._query : ''; }
    set search(value) {
      value = String(value).replace(/^\?/, '');
      this._query = value === '' ? null : utf8PercentEncode(value, QUERY_KEEP);
      this._params._parse(this._query || '');
    }
    get searchParams() { return this._params; }
    get hash() { return this._fragment ? '#' + this._fragment : ''; }
    set hash(value) {
      value = String(value).replace(/^#/, '');
      this._fragment = value === '' ? null : utf8PercentEncode(value, FRAGMENT_KEEP);
    }
    get href() {
      var userinfo = this._username || this._password
        ? this._username + (this._password ? ':' + this._password : '') + '@'
        : '';
      return this._protocol + '//' + userinfo + this.host + this._path +
        (this._query === null ? '' : '?' + this._query) +
        (this._fragment === null ? '' : '#' + this._fragment);
    }
    set href(value) {
      var u = new URL(value);
      for (var key of ['_protocol', '_username', '_password', '_hostname', '_port', '_path', '_query', '_fragment']) {
        this[key] = u[key];
      }
      this._params._parse(this._query || '');
    }
    toString() { return this.href; }
    toJSON() { return this.href; }
    get [Symbol.toStringTag]() { return 'URL'; }
  }

  // ---------------------------------------------------------- Request/Response
  // BodyStream stands in for a ReadableStream: it carries the text of a body
  // from one Request/Response to another (new Response(res.body, res)).
  class BodyStream {
    constructor(text) { this._text = text; }
    get [Symbol.toStringTag]() { return 'ReadableStream'; }
  }

  function extractBody(body) {
    if (body === undefined || body === null) return { stream: null, type: null };
    if (body instanceof BodyStream) return { stream: body, type: null };
    if (body instanceof URLSearchParams) {
      return { stream: new BodyStream(body.toString()), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
    }
    return { stream: new BodyStream(String(body)), type: 'text/plain;charset=UTF-8' };
  }

  var bodyMixin = {
    get body() { return this._body; },
    get bodyUsed() { return this._bodyUsed; },
    text: function () {
      if (this._bodyUsed) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
      this._bodyUsed = !!this._body;
      return Promise.resolve(this._body ? this._body._text : '');
    },
    json: function () {
      return this.text().then(JSON.parse);
    },
  };

  function mixBody(proto) {
    for (var key of Object.keys(bodyMixin)) {
      Object.defineProperty(proto, key, Object.getOwnPropertyDescriptor(bodyMixin, key));
    }
  }

  var METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH'];

  class Request {
    constructor(input, init) {
      init = init || {};
      var source = input instanceof Request ? input : null;
      var url;
      if (source) {
        url = source.url;
      } else {
        try {
          url = new URL(String(input)).href;
        } catch (e) {
          throw new TypeError(`Failed to parse URL from ${String(input)}`);
        }
      }
      var method = init.method !== undefined ? String(init.method) : (source ? source.method : 'GET');
      if (METHODS.indexOf(method.toUpperCase()) !== -1) method = method.toUpperCase();
      this._url = url;
      this._method = method;
      this._headers = new Headers(init.headers !== undefined ? init.headers : source ? source.headers : undefined);
      var extracted = init.body !== undefined ? extractBody(init.body) : { stream: source ? source._body : null, type: null };
      if (extracted.stream && (method === 'GET' || method === 'HEAD')) {
        throw new TypeError('Request with GET/HEAD method cannot have body.');
      }
      if (extracted.type && !this._headers.has('content-type')) this._headers.set('content-type', extracted.type);
      this._body = extracted.stream;
      this._bodyUsed = false;
      this._signal = init.signal || null;
    }
    get url() { return this._url; }
    get method() { return this._method; }
    get headers() { return this._headers; }
    get signal() { return this._signal; }
    get cache() { return 'default'; }
    get credentials() { return 'same-origin'; }
    get destination() { return ''; }
    get integrity() { return ''; }
    get keepalive() { return false; }
    get mode() { return 'cors'; }
    get redirect() { return 'follow'; }
    get referrer() { return 'about:client'; }
    get referrerPolicy() { return ''; }
    clone() { return new Request(this); }
    get [Symbol.toStringTag]() { return 'Request'; }
  }
  mixBody(Request.prototype);

  var NULL_BODY_STATUS = [101, 103, 204, 205, 304];
  var REDIRECT_STATUS = [301, 302, 303, 307, 308];

  class Response {
    constructor(body, init) {
      init = init || {};
      var status = init.status !== undefined ? Number(init.status) : 200;
      if (status < 200 || status > 599) {
        throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
      }
      this._status = status;
      this._statusText = init.statusText !== undefined ? String(init.statusText) : '';
      this._headers = new Headers(init.headers);
      var extracted = extractBody(body);
      if (extracted.stream && NULL_BODY_STATUS.indexOf(status) !== -1) {
        throw new TypeError('Response constructor: Invalid response status code ' + status);
      }
      if (extracted.type && !this._headers.has('content-type')) this._headers.set('content-type', extracted.type);
      this._body = extracted.stream;
      this._bodyUsed = false;
    }
    get status() { return this._status; }
    get statusText() { return this._statusText; }
    get ok() { return this._status >= 200 && this._status <= 299; }
    get headers() { return this._headers; }
    get redirected() { return false; }
    get type() { return 'default'; }
    get url() { return ''; }
    clone() { return new Response(this._body, this); }
    static json(data, init) {
      var text = JSON.stringify(data);
      if (text === undefined) throw new TypeError('Value is not JSON serializable');
      var response = new Response(text, init);
      if (!init || !new Headers(init.headers).has('content-type')) response.headers.set('content-type', 'application/json');
      return response;
    }
    static redirect(url, status) {
      status = status === undefined ? 302 : status;
      if (REDIRECT_STATUS.indexOf(status) === -1) throw new RangeError('Invalid status code');
      return new Response(null, { status: status, headers: { location: new URL(String(url)).href } });
    }
    get [Symbol.toStringTag]() { return 'Response'; }
  }
  mixBody(Response.prototype);

  global.Headers = Headers;
  global.URLSearchParams = URLSearchParams;
  global.URL = URL;
  global.Request = Request;
  global.Response = Response;
})(globalThis);
