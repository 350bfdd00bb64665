package webapi

import (
	"context"
	"errors"
	"fmt"
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

// wsMaxSockets is how many WebSockets an isolate may have open (connecting,
// open or closing) at once. Each costs two goroutines and a file descriptor,
// so without a cap a script could exhaust the server's descriptors. A socket
// made beyond it fails as a refused connection does (an error event, then
// close with 1006) and the console gets "WebSocket connection to 'URL'
// failed: Insufficient resources", the message Chrome gives past its own cap
// of 255. Node has no cap.
const wsMaxSockets = 256

// wsMaxBuffered is the most data, in bytes, a WebSocket may hold queued for
// sending (the part of bufferedAmount not yet handed to the connection). A
// send() that would go past it finds the buffer full: as the WebSockets
// Standard requires, the socket is flagged as full and the connection is
// closed without a closing handshake, so error fires, then close with code
// 1006 and wasClean false; the console says why. The data of that send and of
// any later one is counted in bufferedAmount but not sent. One message larger
// than this can therefore never be sent.
const wsMaxBuffered = 16 << 20

// wsMaxUndelivered and wsMaxUndeliveredBytes bound the messages a socket has
// received but the loop has not yet dispatched: while either is reached the
// reader stops reading (so TCP flow control slows the peer), and each message
// event's task lets it go on once dispatched. A socket thus holds at most
// wsMaxUndeliveredBytes plus one message (wsMaxMessage) of input awaiting
// dispatch.
const (
	wsMaxUndelivered      = 16
	wsMaxUndeliveredBytes = 1 << 20
)

var (
	errSocketsClosed = errors.New("the isolate's bindings are closed")
	errSocketsFull   = errors.New("too many open WebSockets")
)

// socketSet holds an isolate's open WebSockets so that Bindings.Close can
// end them, and counts them against wsMaxSockets. Its methods are safe from
// any goroutine.
type socketSet struct {
	mu     sync.Mutex
	next   int64
	conns  map[int64]*wsConn
	live   int // conns whose close event is not yet queued
	closed bool
}

// add registers c and returns its id. It fails with errSocketsClosed once
// closeAll ran, and with errSocketsFull when wsMaxSockets are live.
func (s *socketSet) add(c *wsConn) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, errSocketsClosed
	}
	if s.live >= wsMaxSockets {
		return 0, errSocketsFull
	}
	if s.conns == nil {
		s.conns = map[int64]*wsConn{}
	}
	s.next++
	s.conns[s.next] = c
	s.live++
	c.live = true
	return s.next, nil
}

// ended stops counting c against wsMaxSockets: its connection is gone and
// its close event about to be queued. Idempotent.
func (s *socketSet) ended(c *wsConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.live {
		c.live = false
		s.live--
	}
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
	for _, c := range conns {
		c.live = false
	}
	s.conns = nil
	s.live = 0
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
	url     string

	live bool // counted in socketSet.live; guarded by socketSet.mu

	mu     sync.Mutex
	queue  []wsOut
	queued int           // bytes of data in queue, at most wsMaxBuffered
	full   bool          // a send overflowed wsMaxBuffered: the connection is being failed
	wake   chan struct{} // capacity 1: queue has items
	done   bool          // the writer must stop
	// peerClose is the peer's Close frame when the writer's conn.Close
	// received it (the script started the closing handshake).
	peerClose *websocket.CloseError
	// inMsgs and inBytes count messages read but not yet dispatched on the
	// loop; delivered (capacity 1) is signalled as each is dispatched.
	inMsgs, inBytes int
	delivered       chan struct{}
}

// push queues an item for the writer. A data item that would take the
// queued bytes past wsMaxBuffered is dropped instead and the connection
// failed; push then returns false (also for every data item after that).
func (c *wsConn) push(o wsOut) bool {
	c.mu.Lock()
	if !o.close {
		if c.full {
			c.mu.Unlock()
			return false
		}
		if c.queued+len(o.data) > wsMaxBuffered {
			c.full = true
			c.queue = nil
			c.queued = 0
			c.mu.Unlock()
			// The reader sees its read fail and reports error and close
			// (1006), as for a dropped connection.
			c.cancel()
			return false
		}
		c.queued += len(o.data)
	}
	c.queue = append(c.queue, o)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
	return true
}

// awaitWindow blocks the reader while wsMaxUndelivered messages or
// wsMaxUndeliveredBytes bytes await dispatch on the loop, or until the
// connection is cancelled.
func (c *wsConn) awaitWindow() {
	for {
		c.mu.Lock()
		open := c.inMsgs < wsMaxUndelivered && c.inBytes < wsMaxUndeliveredBytes
		c.mu.Unlock()
		if open {
			return
		}
		select {
		case <-c.delivered:
		case <-c.ctx.Done():
			return
		}
	}
}

// received counts a message of n bytes handed to the loop.
func (c *wsConn) received(n int) {
	c.mu.Lock()
	c.inMsgs++
	c.inBytes += n
	c.mu.Unlock()
}

// dispatched uncounts a message of n bytes once its event has been
// dispatched (or dropped), and wakes the reader.
func (c *wsConn) dispatched(n int) {
	c.mu.Lock()
	c.inMsgs--
	c.inBytes -= n
	c.mu.Unlock()
	select {
	case c.delivered <- struct{}{}:
	default:
	}
}

// wsEvents hands a connection's events to its JS callback on the loop.
type wsEvents struct {
	b        *Bindings
	callback goja.Callable
}

// wsTask is one event for the JS callback.
type wsTask struct {
	kind string
	args func(rt *goja.Runtime) []goja.Value // built on the loop
	// first, if not nil, runs at the start of the task, or at once (off
	// the loop) if the loop has stopped.
	first func()
	// last, if not nil, runs when the callback has returned (or was
	// skipped because the bindings are closed), or at once (off the loop)
	// if the loop has stopped.
	last func()
}

// emit enqueues callback(t.kind, t.args...) on the loop. Runs off the loop
// goroutine.
func (e wsEvents) emit(t wsTask) {
	b := e.b
	if b.opts.Loop.Enqueue(func() {
		if t.last != nil {
			defer t.last()
		}
		if t.first != nil {
			t.first()
		}
		if b.closed {
			return
		}
		vals := []goja.Value{b.rt.ToValue(t.kind)}
		if t.args != nil {
			vals = append(vals, t.args(b.rt)...)
		}
		b.call(e.callback, vals...)
	}) {
		return
	}
	if t.first != nil {
		t.first()
	}
	if t.last != nil {
		t.last()
	}
}

// closeTask is the final ('close', wasClean, code, reason, failed) event;
// it releases the socket's loop hold when it runs.
func (c *wsConn) closeTask(wasClean bool, code int, reason string, failed bool) wsTask {
	return wsTask{kind: "close", args: func(rt *goja.Runtime) []goja.Value {
		return []goja.Value{rt.ToValue(wasClean), rt.ToValue(code), rt.ToValue(reason), rt.ToValue(failed)}
	}, first: c.release}
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
// finally ('close', wasClean, code, reason, failed). With wsMaxSockets
// sockets already live, no connection is attempted: the console gets the
// reason and the callback only ('close', false, 1006, "", true).
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
	c := &wsConn{
		ctx: ctx, cancel: cancel, release: func() { once.Do(hold) }, url: rawURL,
		wake: make(chan struct{}, 1), delivered: make(chan struct{}, 1),
	}
	if b.closed {
		cancel()
		c.release()
		return b.rt.ToValue(0)
	}
	id, err := b.sockets.add(c)
	switch {
	case errors.Is(err, errSocketsFull):
		cancel()
		b.log("error", fmt.Sprintf("WebSocket connection to '%s' failed: Insufficient resources (an isolate may have at most %d WebSockets open at once)", rawURL, wsMaxSockets))
		events.emit(c.closeTask(false, 1006, "", true))
		return b.rt.ToValue(0)
	case err != nil:
		cancel()
		c.release()
		return b.rt.ToValue(0)
	}
	go b.wsRun(id, c, rawURL, protocols, events)
	return b.rt.ToValue(id)
}

// hostWSSend is host.wsSend(id, data, isBinary): it queues a message and
// returns its size in bytes. data is a string (text) or bytes (binary). If
// the queue would go past wsMaxBuffered, the data is dropped, the console
// told, and the connection failed (see wsMaxBuffered).
func (b *Bindings) hostWSSend(call goja.FunctionCall) goja.Value {
	c := b.sockets.get(call.Argument(0).ToInteger())
	var out wsOut
	if call.Argument(2).ToBoolean() {
		data := b.bytesOf(call.Argument(1))
		if c == nil || len(data) > wsMaxBuffered {
			// Nothing would be queued: spare the copy.
			out = wsOut{typ: websocket.MessageBinary, data: data}
		} else {
			out = wsOut{typ: websocket.MessageBinary, data: append([]byte{}, data...)}
		}
	} else {
		out = wsOut{typ: websocket.MessageText, data: []byte(call.Argument(1).String())}
	}
	n := len(out.data)
	if c != nil {
		c.mu.Lock()
		wasFull := c.full
		c.mu.Unlock()
		if !c.push(out) && !wasFull {
			b.log("error", fmt.Sprintf("WebSocket connection to '%s' failed: send buffer full (sending %d more bytes would queue more than %d); the connection was closed", c.url, n, wsMaxBuffered))
		}
	}
	return b.rt.ToValue(n)
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
	// finish frees the socket's place under wsMaxSockets and queues the
	// close event; that task releases the socket's hold, so the loop
	// cannot go idle before the event is delivered.
	finish := func(wasClean bool, code int, reason string, failed bool) {
		b.sockets.ended(c)
		events.emit(c.closeTask(wasClean, code, reason, failed))
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
	events.emit(wsTask{kind: "open", args: func(rt *goja.Runtime) []goja.Value {
		return []goja.Value{rt.ToValue(protocol), rt.ToValue(extensions)}
	}})

	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		wsWrite(c, conn, events)
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
		// Backpressure: read on only once the loop has caught up.
		c.awaitWindow()
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
		var msg func(rt *goja.Runtime) []goja.Value
		if typ == websocket.MessageText {
			if !utf8.Valid(data) {
				_ = conn.Close(websocket.StatusInvalidFramePayloadData, "invalid UTF-8")
				stopWriter()
				finish(false, 1006, "", true)
				return
			}
			text := string(data)
			msg = func(rt *goja.Runtime) []goja.Value {
				return []goja.Value{rt.ToValue(false), rt.ToValue(text)}
			}
		} else {
			msg = func(rt *goja.Runtime) []goja.Value {
				return []goja.Value{rt.ToValue(true), rt.ToValue(rt.NewArrayBuffer(data))}
			}
		}
		n := len(data)
		c.received(n)
		events.emit(wsTask{kind: "message", args: msg, last: func() { c.dispatched(n) }})
	}
}

// wsWrite sends queued messages in order until told to stop or the
// connection fails. Runs on its own goroutine.
func wsWrite(c *wsConn, conn *websocket.Conn, events wsEvents) {
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
				// or an error wrapping the peer's CloseError. Code 1005
				// sends a Close frame without a body.
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
			c.mu.Lock()
			if c.full {
				// The connection is being failed; push dropped the queue.
				c.mu.Unlock()
				return
			}
			c.queued -= n
			c.mu.Unlock()
			events.emit(wsTask{kind: "sent", args: func(rt *goja.Runtime) []goja.Value {
				return []goja.Value{rt.ToValue(n)}
			}})
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
