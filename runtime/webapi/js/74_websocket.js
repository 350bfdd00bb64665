// WebSocket (WHATWG WebSockets Standard), with MessageEvent and CloseEvent
// for its events (not globals: the Edge Runtime exposes neither). The
// connection is Go's (websocket.go): host.wsConnect dials through the fetch
// transport, so the workspace's origin mapping applies, and reports open,
// message, sent and close back on the loop. Messages are received whole.
// Error messages follow undici's WebSocket, which Node and the Edge Runtime
// use.
//
// Limits (websocket.go): an isolate may have 256 sockets open at once; one
// more fails as a refused connection does (error, then close 1006) and the
// console says why, as Chrome does past its cap. A send() that would queue
// more than 16 MiB not yet handed to the connection finds the buffer full:
// the connection is closed without a handshake (error, then close 1006,
// wasClean false) and the data is counted in bufferedAmount but not sent.
// Incoming messages wait in the network while 16 messages or 1 MiB await
// dispatch.

const { toDOMString, toUSVString, requireArgs, exposeInterface, defineConstants, DOMException, kInternal } = internal;
const ObjectDefineProperty = Object.defineProperty;
const ReflectApply = Reflect.apply;
const eventInitKeys = ['bubbles', 'cancelable', 'composed'];

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

function baseInit(init) {
  const out = {};
  for (const k of eventInitKeys) out[k] = init[k];
  return out;
}

class MessageEvent extends Event {
  #data;
  #origin;
  #lastEventId;
  constructor(type, eventInitDict = undefined) {
    requireArgs(arguments.length, 1, "Failed to construct 'MessageEvent'");
    const init = internal.toDictionary(eventInitDict, "Failed to construct 'MessageEvent'");
    super(type, baseInit(init));
    this.#data = init.data === undefined ? null : init.data;
    this.#origin = init.origin === undefined ? '' : toUSVString(init.origin);
    this.#lastEventId = init.lastEventId === undefined ? '' : toDOMString(init.lastEventId);
  }
  get data() {
    return this.#data;
  }
  get origin() {
    return this.#origin;
  }
  get lastEventId() {
    return this.#lastEventId;
  }
  get source() {
    return null;
  }
  get ports() {
    return [];
  }
}
exposeInterface(MessageEvent, 'MessageEvent', false);

class CloseEvent extends Event {
  #wasClean;
  #code;
  #reason;
  constructor(type, eventInitDict = undefined) {
    requireArgs(arguments.length, 1, "Failed to construct 'CloseEvent'");
    const init = internal.toDictionary(eventInitDict, "Failed to construct 'CloseEvent'");
    super(type, baseInit(init));
    this.#wasClean = !!init.wasClean;
    this.#code = init.code === undefined ? 0 : internal.toUnsignedShort(init.code);
    this.#reason = init.reason === undefined ? '' : toUSVString(init.reason);
  }
  get wasClean() {
    return this.#wasClean;
  }
  get code() {
    return this.#code;
  }
  get reason() {
    return this.#reason;
  }
}
exposeInterface(CloseEvent, 'CloseEvent', false);

// fireTrusted dispatches a platform-created event object (isTrusted true).
const fireTrusted = (target, event) => internal.fireEventObject(target, event);

// A subprotocol is an HTTP token (RFC 9110 §5.6.2).
const tokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// toClampedUnsignedShort is WebIDL's [Clamp] unsigned short.
function toClampedUnsignedShort(v) {
  const n = internal.toClampedLongLong(v);
  return n < 0 ? 0 : n > 65535 ? 65535 : n;
}

function syntaxError(msg) {
  return new DOMException(msg, 'SyntaxError');
}

class WebSocket extends EventTarget {
  #id = 0;
  #url;
  #readyState = CONNECTING;
  #protocol = '';
  #extensions = '';
  #binaryType = 'blob';
  #bufferedAmount = 0;
  #closeStarted = false;
  #origin;

  constructor(url, protocols = []) {
    requireArgs(arguments.length, 1, "Failed to construct 'WebSocket'");
    super();
    url = toUSVString(url);
    const c = host.urlParse(url, undefined);
    // undici wraps the URL constructor's error, which Node prints with its code.
    if (c === null) throw syntaxError('TypeError [ERR_INVALID_URL]: Invalid URL');
    let href = c[1];
    let scheme = c[3];
    if (scheme === 'http:' || scheme === 'https:') {
      href = (scheme === 'http:' ? 'ws:' : 'wss:') + href.slice(scheme.length);
      scheme = scheme === 'http:' ? 'ws:' : 'wss:';
    }
    if (scheme !== 'ws:' && scheme !== 'wss:') {
      throw syntaxError(`Expected a ws: or wss: protocol, got ${scheme}`);
    }
    if (c[11] !== '' || href.endsWith('#')) throw syntaxError('Got fragment');
    if (typeof protocols === 'string') {
      protocols = [protocols];
    } else {
      protocols = internal.toSequence(protocols, "Failed to construct 'WebSocket'", toDOMString);
    }
    const seen = new Set();
    for (const p of protocols) {
      const lower = p.toLowerCase();
      if (!tokenRe.test(p) || seen.has(lower)) throw syntaxError('Invalid Sec-WebSocket-Protocol value');
      seen.add(lower);
    }
    this.#url = href;
    this.#origin = host.urlParse(href, undefined)[2];
    this.#id = host.wsConnect(href, protocols, (kind, a, b, c2, d) => this.#onEvent(kind, a, b, c2, d));
  }

  #onEvent(kind, a, b, c, d) {
    switch (kind) {
      case 'open':
        if (this.#readyState !== CONNECTING) return;
        this.#readyState = OPEN;
        this.#protocol = a;
        this.#extensions = b;
        internal.fireEvent(this, 'open');
        return;
      case 'message': {
        if (this.#readyState !== OPEN) return;
        let data = b;
        if (a) data = this.#binaryType === 'blob' ? internal.newBlob(new Uint8Array(b), '') : b;
        fireTrusted(this, new MessageEvent('message', { data, origin: this.#origin }));
        return;
      }
      case 'sent':
        this.#bufferedAmount = Math.max(0, this.#bufferedAmount - a);
        return;
      case 'close':
        this.#readyState = CLOSED;
        if (d) internal.fireEvent(this, 'error');
        fireTrusted(this, new CloseEvent('close', { wasClean: a, code: b, reason: c }));
        return;
    }
  }

  get url() {
    return this.#url;
  }
  get readyState() {
    return this.#readyState;
  }
  get bufferedAmount() {
    return this.#bufferedAmount;
  }
  get extensions() {
    return this.#extensions;
  }
  get protocol() {
    return this.#protocol;
  }
  get binaryType() {
    return this.#binaryType;
  }
  set binaryType(v) {
    v = toDOMString(v);
    if (v === 'blob' || v === 'arraybuffer') this.#binaryType = v;
  }

  close(code = undefined, reason = undefined) {
    if (code !== undefined) {
      code = toClampedUnsignedShort(code);
      if (code !== 1000 && (code < 3000 || code > 4999)) {
        throw new DOMException('invalid code', 'InvalidAccessError');
      }
    }
    let reasonLength = 0;
    if (reason !== undefined) {
      reason = toUSVString(reason);
      reasonLength = internal.encodeUTF8(reason).byteLength;
      if (reasonLength > 123) {
        throw syntaxError(`Reason must be less than 123 bytes; received ${reasonLength}`);
      }
    }
    if (this.#readyState === CLOSING || this.#readyState === CLOSED || this.#closeStarted) return;
    this.#closeStarted = true;
    if (this.#readyState === CONNECTING) {
      // Fail the connection: Go reports error and close (1006).
      this.#readyState = CLOSING;
      host.wsClose(this.#id, 0, '');
      return;
    }
    this.#readyState = CLOSING;
    if (reason === undefined) reason = '';
    // With no code and an empty or absent reason the Close frame has no
    // body (host.wsClose sends a bodiless frame for 1005), so
    // close(undefined, '') is close(); a reason without a code goes with
    // 1000, as the WebSockets Standard and undici have it.
    if (code === undefined) code = reason === '' ? 1005 : 1000;
    host.wsClose(this.#id, code, reason);
  }

  send(data) {
    requireArgs(arguments.length, 1, "Failed to execute 'send' on 'WebSocket'");
    if (this.#readyState === CONNECTING) throw new DOMException('Sent before connected.', 'InvalidStateError');
    let bytes = null;
    let text = null;
    if (internal.isBlob(data)) {
      bytes = internal.blobBytes(data);
    } else if (internal.isArrayBuffer(data) || ArrayBuffer.isView(data)) {
      bytes = internal.bufferSourceBytes(data);
    } else {
      text = toUSVString(data);
    }
    if (this.#readyState !== OPEN) {
      // Closing or closed: the data is counted but not sent.
      this.#bufferedAmount += bytes !== null ? bytes.byteLength : internal.encodeUTF8(text).byteLength;
      return;
    }
    this.#bufferedAmount += bytes !== null ? host.wsSend(this.#id, bytes, true) : host.wsSend(this.#id, text, false);
  }

  static {
    internal.isWebSocket = (v) => internal.isObject(v) && #id in v;
  }
}
exposeInterface(WebSocket);
defineConstants(WebSocket, { CONNECTING, OPEN, CLOSING, CLOSED });
for (const type of ['open', 'message', 'error', 'close']) internal.defineEventHandler(WebSocket.prototype, type);
internal.inspectors.set(WebSocket.prototype, (ws) => ({
  props: { url: ws.url, readyState: ws.readyState, protocol: ws.protocol, extensions: ws.extensions, binaryType: ws.binaryType, bufferedAmount: ws.bufferedAmount },
}));
