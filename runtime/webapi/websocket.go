package webapi

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"unicode/utf8"

	"github.com/coder/websocket"
	"github.com/dop251/goja"
)

// wsMaxMessage is the largest message a WebSocket accepts (browsers have no
// fixed limit; an isolate has 128 MB in all). A larger one fails the
// connection with status 1009.
const wsMaxMessage = 32 << 20

// socketSet holds an isolate's open WebSockets so that Bindings.Close can
// end them. Its methods are safe from any goroutine.
type socketSet struct {
	mu     sync.Mutex
	next   int64
	conns  map[int64]*wsConn
	closed bool
}

// add registers c and returns its id; it returns false once closeAll ran.
func (s *socketSet) add(c *wsConn) (int64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, false
	}
	if s.conns == nil {
		s.conns = map[int64]*wsConn{}
	}
	s.next++
	s.conns[s.next] = c
	return s.next, true
}

func (s *socketSet) get(id int64) *wsConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns[id]
}

func (s *socketSet) remove(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, id)
}

// closeAll drops every connection at once (no closing handshake), stops
// their goroutines and releases their loop holds. Later connects fail.
func (s *socketSet) closeAll() {
	s.mu.Lock()
	conns := s.conns
	s.conns = nil
	s.closed = true
	s.mu.Unlock()
	for _, c := range conns {
		c.cancel()
		c.release()
	}
}

// wsOut is one item for a connection's writer goroutine.
type wsOut struct {
	typ    websocket.MessageType
	data   []byte
	close  bool
	code   websocket.StatusCode
	reason string
}

// wsConn is one WebSocket client connection. The run goroutine dials and
// reads; a writer goroutine sends what wsSend and wsClose queue. Both only
// hand events to the loop through Loop.Enqueue.
type wsConn struct {
	ctx     context.Context
	cancel  context.CancelFunc
	release func() // the Loop.Hold taken while the socket is not closed; idempotent

	mu    sync.Mutex
	queue []wsOut
	wake  chan struct{} // capacity 1: queue has items
	done  bool          // the writer must stop
	// peerClose is the peer's Close frame when the writer's conn.Close
	// received it (the script started the closing handshake).
	peerClose *websocket.CloseError
}

// push queues an item for the writer.
func (c *wsConn) push(o wsOut) {
	c.mu.Lock()
	c.queue = append(c.queue, o)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// wsEvents hands a connection's events to its JS callback on the loop.
type wsEvents struct {
	b        *Bindings
	callback goja.Callable
}

// emit enqueues callback(kind, args...) on the loop; args are built there.
// first, if not nil, runs at the start of that task, or at once if the loop
// has stopped. Runs off the loop goroutine.
func (e wsEvents) emit(kind string, args func(rt *goja.Runtime) []goja.Value, first func()) {
	b := e.b
	if !b.opts.Loop.Enqueue(func() {
		if first != nil {
			first()
		}
		if b.closed {
			return
		}
		vals := append([]goja.Value{b.rt.ToValue(kind)}, args(b.rt)...)
		b.call(e.callback, vals...)
	}) && first != nil {
		first()
	}
}

// addWebSocketHost adds host.wsConnect, host.wsSend and host.wsClose.
func (b *Bindings) addWebSocketHost(set hostSetter) {
	set("wsConnect", b.hostWSConnect)
	set("wsSend", b.hostWSSend)
	set("wsClose", b.hostWSClose)
}

// hostWSConnect is host.wsConnect(url, protocols, callback): it opens a
// WebSocket to url (ws: or wss:, already validated by JS) and returns its
// id. callback receives, on the loop goroutine and in order:
// ('open', protocol, extensions), ('message', isBinary, string|ArrayBuffer)
// any number of times, ('sent', byteCount) as queued data leaves, and
// finally ('close', wasClean, code, reason, failed).
//
// Threading: the handshake goes through Options.Transport as an HTTP/1.1
// upgrade of the http(s) form of the URL, so the workspace's origin mapping
// applies as it does for fetch. Dialling and reading run on a goroutine,
// writing on another; the socket holds the loop until the close event is
// queued, and Bindings.Close ends both goroutines.
func (b *Bindings) hostWSConnect(call goja.FunctionCall) goja.Value {
	rawURL := call.Argument(0).String()
	protocols := b.stringList(call.Argument(1))
	callback, ok := goja.AssertFunction(call.Argument(2))
	if !ok {
		panic(b.rt.NewTypeError("wsConnect: callback is not a function"))
	}
	events := wsEvents{b: b, callback: callback}

	base := context.Background()
	if b.opts.Context != nil {
		if ctx := b.opts.Context(); ctx != nil {
			base = ctx
		}
	}
	ctx, cancel := context.WithCancel(base)
	hold := b.opts.Loop.Hold()
	var once sync.Once
	c := &wsConn{ctx: ctx, cancel: cancel, release: func() { once.Do(hold) }, wake: make(chan struct{}, 1)}
	id, ok := b.sockets.add(c)
	if !ok || b.closed {
		cancel()
		c.release()
		return b.rt.ToValue(0)
	}
	go b.wsRun(id, c, rawURL, protocols, events)
	return b.rt.ToValue(id)
}

// hostWSSend is host.wsSend(id, data, isBinary): it queues a message and
// returns its size in bytes. data is a string (text) or bytes (binary).
func (b *Bindings) hostWSSend(call goja.FunctionCall) goja.Value {
	c := b.sockets.get(call.Argument(0).ToInteger())
	var out wsOut
	if call.Argument(2).ToBoolean() {
		out = wsOut{typ: websocket.MessageBinary, data: append([]byte{}, b.bytesOf(call.Argument(1))...)}
	} else {
		out = wsOut{typ: websocket.MessageText, data: []byte(call.Argument(1).String())}
	}
	if c != nil {
		c.push(out)
	}
	return b.rt.ToValue(len(out.data))
}

// hostWSClose is host.wsClose(id, code, reason): it starts the closing
// handshake (code 1005 sends a Close frame without a body), or, with code
// 0, abandons a connection that is still being established.
func (b *Bindings) hostWSClose(call goja.FunctionCall) goja.Value {
	c := b.sockets.get(call.Argument(0).ToInteger())
	if c == nil {
		return goja.Undefined()
	}
	code := call.Argument(1).ToInteger()
	if code == 0 {
		c.cancel()
		return goja.Undefined()
	}
	c.push(wsOut{close: true, code: websocket.StatusCode(code), reason: call.Argument(2).String()})
	return goja.Undefined()
}

// roundTripperFunc adapts a function to http.RoundTripper.
type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

var errWSRedirect = errors.New("WebSocket handshake was redirected")

// wsRun establishes the connection and reads from it until it closes.
// Runs on its own goroutine; it never touches the runtime.
func (b *Bindings) wsRun(id int64, c *wsConn, rawURL string, protocols []string, events wsEvents) {
	defer b.sockets.remove(id)
	defer c.cancel()
	// finish queues the close event; its task releases the socket's hold,
	// so the loop cannot go idle before the event is delivered.
	finish := func(wasClean bool, code int, reason string, failed bool) {
		events.emit("close", func(rt *goja.Runtime) []goja.Value {
			return []goja.Value{rt.ToValue(wasClean), rt.ToValue(code), rt.ToValue(reason), rt.ToValue(failed)}
		}, c.release)
	}
	if b.opts.Transport == nil {
		finish(false, 1006, "", true)
		return
	}
	client := &http.Client{
		Transport: roundTripperFunc(b.opts.Transport.RoundTrip),
		// The WebSocket handshake is fetched with redirect mode "error".
		CheckRedirect: func(*http.Request, []*http.Request) error { return errWSRedirect },
	}
	conn, resp, err := websocket.Dial(c.ctx, rawURL, &websocket.DialOptions{
		HTTPClient:      client,
		Subprotocols:    protocols,
		CompressionMode: websocket.CompressionDisabled,
	})
	if resp != nil && resp.Body != nil && err != nil {
		resp.Body.Close()
	}
	if err != nil {
		// The reason is not exposed to JS, as in browsers.
		finish(false, 1006, "", true)
		return
	}
	conn.SetReadLimit(wsMaxMessage)
	extensions := ""
	if resp != nil {
		extensions = resp.Header.Get("Sec-WebSocket-Extensions")
	}
	protocol := conn.Subprotocol()
	events.emit("open", func(rt *goja.Runtime) []goja.Value {
		return []goja.Value{rt.ToValue(protocol), rt.ToValue(extensions)}
	}, nil)

	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		b.wsWrite(c, conn, events)
	}()
	stopWriter := func() {
		c.mu.Lock()
		c.done = true
		c.mu.Unlock()
		select {
		case c.wake <- struct{}{}:
		default:
		}
		<-writerDone
	}

	for {
		typ, data, err := conn.Read(c.ctx)
		if err != nil {
			_ = conn.CloseNow()
			stopWriter()
			// The peer's Close frame reaches either this reader or, when
			// the script started the closing handshake, the writer's
			// conn.Close, which records it.
			var ce websocket.CloseError
			if !errors.As(err, &ce) {
				c.mu.Lock()
				if c.peerClose != nil {
					ce, err = *c.peerClose, nil
				}
				c.mu.Unlock()
			}
			if err == nil || errors.As(err, &ce) {
				finish(true, int(ce.Code), ce.Reason, false)
			} else {
				finish(false, 1006, "", true)
			}
			return
		}
		if typ == websocket.MessageText {
			if !utf8.Valid(data) {
				_ = conn.Close(websocket.StatusInvalidFramePayloadData, "invalid UTF-8")
				stopWriter()
				finish(false, 1006, "", true)
				return
			}
			text := string(data)
			events.emit("message", func(rt *goja.Runtime) []goja.Value {
				return []goja.Value{rt.ToValue(false), rt.ToValue(text)}
			}, nil)
			continue
		}
		events.emit("message", func(rt *goja.Runtime) []goja.Value {
			return []goja.Value{rt.ToValue(true), rt.ToValue(rt.NewArrayBuffer(data))}
		}, nil)
	}
}

// wsWrite sends queued messages in order until told to stop or the
// connection fails. Runs on its own goroutine.
func (b *Bindings) wsWrite(c *wsConn, conn *websocket.Conn, events wsEvents) {
	for {
		c.mu.Lock()
		items := c.queue
		c.queue = nil
		done := c.done
		c.mu.Unlock()
		if done {
			return
		}
		for _, o := range items {
			if o.close {
				// Close sends our Close frame and waits for the peer's. If
				// it reads that frame itself (the reader may get it
				// instead), it returns nil when the peer echoed our code,
				// or an error wrapping the peer's CloseError.
				err := conn.Close(o.code, o.reason)
				peer := websocket.CloseError{Code: o.code, Reason: o.reason}
				if err == nil || errors.As(err, &peer) {
					c.mu.Lock()
					c.peerClose = &peer
					c.mu.Unlock()
				}
				return
			}
			// Reported as the message is handed to the connection, so
			// that bufferedAmount has dropped before any reply to it is
			// delivered.
			n := len(o.data)
			events.emit("sent", func(rt *goja.Runtime) []goja.Value {
				return []goja.Value{rt.ToValue(n)}
			}, nil)
			if err := conn.Write(c.ctx, o.typ, o.data); err != nil {
				_ = conn.CloseNow()
				return
			}
		}
		select {
		case <-c.wake:
		case <-c.ctx.Done():
			return
		}
	}
}
