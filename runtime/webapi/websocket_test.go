package webapi

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// wsServer is a WebSocket test server on 127.0.0.1: /echo echoes every
// message (and accepts the subprotocols "chat" and "superchat"), /bye closes
// with 4000 "bye" after the first message, /drop drops the connection,
// /flood?n=N&size=S sends N binary messages of S bytes (the i-th filled with
// byte i) then sends "flooded" on gone and reads until the client goes,
// /stall never reads, /plain is not a WebSocket endpoint and /redirect
// redirects to /echo. gone receives the path whenever a server connection
// ends, unless its buffer is full.
func wsServer(t *testing.T) (*httptest.Server, chan string) {
	return wsServerTLS(t, false)
}

// wsServerTLS is wsServer, over TLS if useTLS.
func wsServerTLS(t *testing.T, useTLS bool) (*httptest.Server, chan string) {
	t.Helper()
	gone := make(chan string, 16)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	accept := func(w http.ResponseWriter, r *http.Request) *websocket.Conn {
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{"chat", "superchat"}})
		if err != nil {
			t.Errorf("accept: %v", err)
			return nil
		}
		return c
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		wg.Add(1)
		defer wg.Done()
		c := accept(w, r)
		if c == nil {
			return
		}
		defer notify(gone, r.URL.Path)
		c.SetReadLimit(-1)
		for {
			typ, data, err := c.Read(context.Background())
			if err != nil {
				return
			}
			if typ == websocket.MessageText && strings.HasPrefix(string(data), "headers") {
				data = []byte("host=" + r.Host + " ua=" + r.Header.Get("User-Agent") + " proto=" + c.Subprotocol())
			}
			if err := c.Write(context.Background(), typ, data); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/bye", func(w http.ResponseWriter, r *http.Request) {
		wg.Add(1)
		defer wg.Done()
		c := accept(w, r)
		if c == nil {
			return
		}
		defer notify(gone, r.URL.Path)
		if _, _, err := c.Read(context.Background()); err != nil {
			return
		}
		c.Close(4000, "bye")
	})
	mux.HandleFunc("/drop", func(w http.ResponseWriter, r *http.Request) {
		wg.Add(1)
		defer wg.Done()
		c := accept(w, r)
		if c == nil {
			return
		}
		defer notify(gone, r.URL.Path)
		c.CloseNow()
	})
	mux.HandleFunc("/flood", func(w http.ResponseWriter, r *http.Request) {
		wg.Add(1)
		defer wg.Done()
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		size, _ := strconv.Atoi(r.URL.Query().Get("size"))
		c := accept(w, r)
		if c == nil {
			return
		}
		defer notify(gone, r.URL.Path)
		for i := 0; i < n; i++ {
			if err := c.Write(context.Background(), websocket.MessageBinary, bytes.Repeat([]byte{byte(i)}, size)); err != nil {
				return
			}
		}
		notify(gone, "flooded")
		for {
			if _, _, err := c.Read(context.Background()); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/stall", func(w http.ResponseWriter, r *http.Request) {
		wg.Add(1)
		defer wg.Done()
		c := accept(w, r)
		if c == nil {
			return
		}
		<-stop
		c.CloseNow()
	})
	mux.HandleFunc("/plain", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("not a websocket"))
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/echo", http.StatusFound)
	})
	var srv *httptest.Server
	if useTLS {
		srv = httptest.NewTLSServer(mux)
	} else {
		srv = httptest.NewServer(mux)
	}
	t.Cleanup(func() {
		close(stop)
		srv.CloseClientConnections()
		srv.Close()
		wg.Wait()
	})
	return srv, gone
}

// notify sends v on ch unless ch is full.
func notify(ch chan string, v string) {
	select {
	case ch <- v:
	default:
	}
}

func wsEnv(t *testing.T, srv *httptest.Server) (*env, string) {
	e := newEnv(t, func(o *Options) { o.Transport = srv.Client().Transport })
	return e, "ws" + strings.TrimPrefix(srv.URL, "http")
}

// runWSCases runs each case with runWSCase.
func runWSCases(t *testing.T, cases []jsCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { runWSCase(t, c) })
	}
}

// runWSCase runs an async body with WS (the server's ws:// base URL) and
// events(ws, n) (a promise of the socket's first n events, described) defined,
// checks its result, that nothing was reported and that no hold is left,
// and returns the env for further checks.
func runWSCase(t *testing.T, c jsCase) *env {
	t.Helper()
	srv, _ := wsServer(t)
	e, base := wsEnv(t, srv)
	if _, err := e.rt.RunString(`globalThis.WS = ` + "`" + base + "`" + `;
		globalThis.events = (ws, n) => new Promise((resolve) => {
			const out = [];
			const push = (s) => { out.push(s); if (out.length === n) resolve(out.join('|')) };
			ws.onopen = (e) => push('open ' + ws.readyState + ' ' + ws.protocol + ' ' + e.isTrusted);
			ws.onmessage = (e) => push('message ' + (typeof e.data === 'string' ? e.data : Object.prototype.toString.call(e.data)) + ' ' + e.origin.startsWith('ws://127.0.0.1') + ' ' + e.isTrusted);
			ws.onerror = (e) => push('error ' + e.type + ' ' + ws.readyState);
			ws.onclose = (e) => push('close ' + e.wasClean + ' ' + e.code + ' ' + e.reason + ' ' + ws.readyState + ' ' + Object.prototype.toString.call(e) + (e.isTrusted ? '' : ' untrusted'));
		});`); err != nil {
		t.Fatal(err)
	}
	v, err := e.await(c.src)
	got := ""
	if err != nil {
		got = "throws " + err.Error()
	} else {
		got = v.String()
	}
	if got != c.want {
		t.Errorf("%s\n got: %s\nwant: %s", c.src, got, c.want)
	}
	if len(e.errs) != 0 {
		t.Errorf("reported errors: %v", e.errs)
	}
	if n := e.loop.pendingCount(); n != 0 {
		t.Errorf("%d holds left after the socket closed", n)
	}
	return e
}

func TestWebSocket(t *testing.T) {
	runWSCases(t, []jsCase{
		{name: "echo text and close with code and reason", src: `const ws = new WebSocket(WS + '/echo');
			const p = events(ws, 3);
			ws.addEventListener('open', () => { ws.send('héllo'); });
			ws.addEventListener('message', () => ws.close(3001, 'done'));
			return (await p) + ' ' + ws.readyState`,
			want: "open 1  true|message héllo true true|close true 3001 done 3 [object CloseEvent] 3"},
		{name: "the server drops the connection", src: `const ws = new WebSocket(WS + '/drop'); return events(ws, 3)`,
			want: "open 1  true|error error 3|close false 1006  3 [object CloseEvent]"},
		{name: "messages after close() are dropped, dispatchEvent stays untrusted", src: `const ws = new WebSocket(WS + '/echo');
			await new Promise((r) => ws.onopen = r);
			let got = 0; ws.onmessage = () => got++;
			ws.send('a'); ws.close(1000, 'bye');
			const e = await new Promise((r) => ws.onclose = r);
			let trusted;
			ws.addEventListener('x', (ev) => { trusted = ev.isTrusted });
			ws.dispatchEvent(new Event('x'));
			return [got, e.code, e.reason, trusted, ws.readyState].join()`, want: "0,1000,bye,false,3"},
		{name: "binary as arraybuffer and blob, views, blobs", src: `const ws = new WebSocket(WS + '/echo');
			const got = [];
			await new Promise((r) => ws.onopen = r);
			ws.binaryType = 'arraybuffer';
			ws.send(new Uint8Array([1, 2, 3]).subarray(1));
			let e = await new Promise((r) => ws.onmessage = r);
			got.push(Object.prototype.toString.call(e.data) + ':' + [...new Uint8Array(e.data)].join('.'));
			ws.binaryType = 'blob';
			ws.binaryType = 'nonsense';
			ws.send(new Blob(['ab']));
			e = await new Promise((r) => ws.onmessage = r);
			got.push(ws.binaryType + ':' + Object.prototype.toString.call(e.data) + ':' + await e.data.text());
			ws.send(new ArrayBuffer(2));
			e = await new Promise((r) => ws.onmessage = r);
			got.push(e.data.size);
			ws.close();
			e = await new Promise((r) => ws.onclose = r);
			got.push(e.code + ' ' + e.wasClean);
			return got.join()`,
			want: "[object ArrayBuffer]:2.3,blob:[object Blob]:ab,2,1005 true"},
		{name: "subprotocol negotiation and handshake headers", src: `const ws = new WebSocket(WS + '/echo', ['superchat', 'other']);
			await new Promise((r) => ws.onopen = r);
			ws.send('headers');
			const e = await new Promise((r) => ws.onmessage = r);
			ws.close(1000);
			await new Promise((r) => ws.onclose = r);
			return ws.protocol + ' ' + ws.extensions + '|' + e.data.replace(/127\.0\.0\.1:\d+/, 'HOST')`,
			want: "superchat |host=HOST ua=Go-http-client/1.1 proto=superchat"},
		{name: "server closes", src: `const ws = new WebSocket(WS + '/bye');
			const p = events(ws, 2);
			ws.addEventListener('open', () => ws.send('x'));
			return p`, want: "open 1  true|close true 4000 bye 3 [object CloseEvent]"},
		{name: "bufferedAmount rises on send and drains", src: `const ws = new WebSocket(WS + '/echo');
			await new Promise((r) => ws.onopen = r);
			ws.send('abc'); ws.send(new Uint8Array(5));
			const before = ws.bufferedAmount;
			let n = 0;
			await new Promise((r) => ws.onmessage = () => { if (++n === 2) r() });
			const after = ws.bufferedAmount;
			ws.close();
			await new Promise((r) => ws.onclose = r);
			ws.send('late');
			return [before, after, ws.bufferedAmount].join()`, want: "8,0,4"},
		{name: "not a websocket endpoint: error then close 1006", src: `const ws = new WebSocket(WS + '/plain'); return events(ws, 2)`,
			want: "error error 3|close false 1006  3 [object CloseEvent]"},
		{name: "redirects fail the connection", src: `const ws = new WebSocket(WS + '/redirect'); return events(ws, 2)`,
			want: "error error 3|close false 1006  3 [object CloseEvent]"},
		{name: "connection refused", src: `const ws = new WebSocket('ws://127.0.0.1:1/'); return events(ws, 2)`,
			want: "error error 3|close false 1006  3 [object CloseEvent]"},
		{name: "close while connecting fails the connection", src: `const ws = new WebSocket(WS + '/echo'); const p = events(ws, 2); ws.close(); return ws.readyState + ' ' + await p`,
			want: "2 error error 3|close false 1006  3 [object CloseEvent]"},
		{name: "http URLs become ws", src: `const ws = new WebSocket(WS.replace('ws:', 'http:') + '/echo?q#'.slice(0, -1)); const u = ws.url; ws.close(); await events(ws, 2); return u.replace(/:\d+/, ':PORT')`,
			want: "ws://127.0.0.1:PORT/echo?q"},
	})
}

func TestWebSocketValidation(t *testing.T) {
	runCases(t, []jsCase{
		{src: `new WebSocket('ftp://example.com/')`, want: "throws SyntaxError: Expected a ws: or wss: protocol, got ftp:"},
		{src: `new WebSocket('/relative')`, want: "throws SyntaxError: TypeError [ERR_INVALID_URL]: Invalid URL"},
		{src: `new WebSocket('ws://example.com/#frag')`, want: "throws SyntaxError: Got fragment"},
		{src: `new WebSocket('ws://example.com/#')`, want: "throws SyntaxError: Got fragment"},
		{src: `new WebSocket('ws://example.com/', ['a', 'A'])`, want: "throws SyntaxError: Invalid Sec-WebSocket-Protocol value"},
		{src: `new WebSocket('ws://example.com/', 'a b')`, want: "throws SyntaxError: Invalid Sec-WebSocket-Protocol value"},
		{src: `new WebSocket()`, want: "throws TypeError: Failed to construct 'WebSocket': 1 argument required, but only 0 present."},
		{src: `const ws = new WebSocket('ws://127.0.0.1:1/'); try { ws.send('x') } catch (e) { return e.name + ': ' + e.message }`,
			want: "InvalidStateError: Sent before connected."},
		{src: `const ws = new WebSocket('ws://127.0.0.1:1/'); try { ws.close(1001) } catch (e) { return e.name + ': ' + e.message }`,
			want: "InvalidAccessError: invalid code"},
		{src: `const ws = new WebSocket('ws://127.0.0.1:1/'); try { ws.close(1000, 'x'.repeat(124)) } catch (e) { return e.name + ': ' + e.message }`,
			want: "SyntaxError: Reason must be less than 123 bytes; received 124"},
		{src: `[WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED, WebSocket.prototype.CLOSED].join()`, want: "0,1,2,3,3"},
		{src: `const ws = new WebSocket('ws://127.0.0.1:1/x'); const r = [ws.url, ws.readyState, ws.binaryType, ws.bufferedAmount, ws.protocol === '', ws.onopen, ws instanceof EventTarget, Object.prototype.toString.call(ws)]; ws.close(); return r.join()`,
			want: "ws://127.0.0.1:1/x,0,blob,0,true,,true,[object WebSocket]"},
		{src: `[typeof MessageEvent, typeof CloseEvent, Object.getOwnPropertyDescriptor(globalThis, 'WebSocket').enumerable].join()`, want: "undefined,undefined,false"},
	})
}

// mapTransport sends requests for one origin to another, as the server's
// origin map does.
type mapTransport struct {
	from, to string
	base     http.RoundTripper
}

func (m mapTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Scheme+"://"+r.URL.Host == m.from {
		r = r.Clone(r.Context())
		r.URL.Host = strings.TrimPrefix(m.to, "http://")
		r.Host = r.URL.Host
	}
	return m.base.RoundTrip(r)
}

func TestWebSocketOriginMapping(t *testing.T) {
	srv, _ := wsServer(t)
	e := newEnv(t, func(o *Options) {
		o.Transport = mapTransport{from: "http://api.example", to: srv.URL, base: srv.Client().Transport}
	})
	v, err := e.await(`const ws = new WebSocket('ws://api.example/echo');
		await new Promise((r, j) => { ws.onopen = r; ws.onerror = j });
		ws.send('mapped');
		const m = await new Promise((r) => ws.onmessage = r);
		ws.close();
		await new Promise((r) => ws.onclose = r);
		return m.data + ' ' + m.origin`)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.String(); got != "mapped ws://api.example" {
		t.Fatalf("got %q", got)
	}
}

func TestWebSocketCloseReleasesEverything(t *testing.T) {
	srv, gone := wsServer(t)
	e, base := wsEnv(t, srv)
	if _, err := e.await(`globalThis.a = new WebSocket('` + base + `/echo'); globalThis.b = new WebSocket('` + base + `/echo');
		await Promise.all([new Promise((r) => a.onopen = r), new Promise((r) => b.onopen = r)]);
		globalThis.c = new WebSocket('` + base + `/echo');`); err != nil {
		t.Fatal(err)
	}
	if n := e.loop.pendingCount(); n != 3 {
		t.Fatalf("three sockets should hold the loop three times, got %d", n)
	}
	// a and b run a reader and a writer each (the writer starts just after
	// open), c at least its reader: the count below must see them for its
	// check of their end to mean anything.
	for start := time.Now(); ; time.Sleep(5 * time.Millisecond) {
		readers, writers := wsGoroutineCounts()
		if readers == 3 && writers >= 2 {
			break
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("counted %d readers and %d writers for three sockets", readers, writers)
		}
	}
	e.b.Close()
	if n := e.loop.pendingCount(); n != 0 {
		t.Fatalf("Close left %d holds", n)
	}
	for i := 0; i < 2; i++ {
		select {
		case <-gone:
		case <-time.After(5 * time.Second):
			t.Fatal("the server never saw the connection end")
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for wsGoroutines() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d WebSocket goroutines still running after Close", wsGoroutines())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if v, err := e.rt.RunString(`new WebSocket('` + base + `/echo').readyState`); err != nil || v.ToInteger() != 0 {
		t.Fatalf("a socket made after Close: %v %v", v, err)
	}
	if n := e.loop.pendingCount(); n != 0 {
		t.Fatalf("a socket made after Close holds the loop (%d)", n)
	}
}

// wsGoroutines counts the goroutines running a connection's reader or writer.
func wsGoroutines() int {
	readers, writers := wsGoroutineCounts()
	return readers + writers
}

// wsGoroutineCounts counts the goroutines running a connection's reader
// (wsRun) and writer (wsWrite).
func wsGoroutineCounts() (readers, writers int) {
	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	return strings.Count(stacks, "webapi.(*Bindings).wsRun("), strings.Count(stacks, "webapi.wsWrite(")
}

func TestWebSocketTLS(t *testing.T) {
	srv, _ := wsServerTLS(t, true)
	e := newEnv(t, func(o *Options) { o.Transport = srv.Client().Transport })
	url := "wss" + strings.TrimPrefix(srv.URL, "https")
	v, err := e.await(`const ws = new WebSocket('` + url + `/echo');
		await new Promise((r, j) => { ws.onopen = r; ws.onerror = j });
		ws.send(new Uint8Array([7, 8]));
		ws.binaryType = 'arraybuffer';
		const m = await new Promise((r) => ws.onmessage = r);
		ws.close(4999);
		const c = await new Promise((r) => ws.onclose = r);
		return [ws.url.slice(0, 6), new Uint8Array(m.data).join('.'), c.code, c.wasClean].join()`)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.String(); got != "wss://,7.8,4999,true" {
		t.Fatalf("got %q", got)
	}
}

// TestWebSocketCloseFrame checks the Close frame close() sends: with neither
// code nor reason, or with no code and an empty reason, it has no body. The
// /echo peer (coder/websocket) reads an empty body as 1005 and echoes it;
// a body carrying a code comes back with that code.
func TestWebSocketCloseFrame(t *testing.T) {
	var cases []jsCase
	for _, c := range []struct{ args, want string }{
		{"", `1005 "" true`},
		{"undefined, undefined", `1005 "" true`},
		{"undefined, ''", `1005 "" true`},
		{"undefined, 'why'", `1000 "why" true`},
		{"1000", `1000 "" true`},
		{"1000, ''", `1000 "" true`},
		{"3000, 'r'", `3000 "r" true`},
	} {
		cases = append(cases, jsCase{name: "close(" + c.args + ")", src: `const ws = new WebSocket(WS + '/echo');
			await new Promise((r) => ws.onopen = r);
			ws.close(` + c.args + `);
			const e = await new Promise((r) => ws.onclose = r);
			return e.code + ' ' + JSON.stringify(e.reason) + ' ' + e.wasClean`, want: c.want})
	}
	runWSCases(t, cases)
}

// TestWebSocketSocketCap opens wsMaxSockets sockets, then one more, which
// fails as a refused connection does and says why on the console; once one
// socket has closed, a new one opens.
func TestWebSocketSocketCap(t *testing.T) {
	e := runWSCase(t, jsCase{src: fmt.Sprintf(`const max = %d;
		const socks = [];
		for (let i = 0; i < max; i++) socks.push(new WebSocket(WS + '/echo'));
		await Promise.all(socks.map((ws) => new Promise((r, j) => { ws.onopen = r; ws.onerror = j })));
		const extra = new WebSocket(WS + '/echo?extra');
		const first = extra.readyState;
		const failed = await events(extra, 2);
		socks[0].close();
		await new Promise((r) => socks[0].onclose = r);
		const again = new WebSocket(WS + '/echo');
		await new Promise((r, j) => { again.onopen = r; again.onerror = j });
		socks[0] = again;
		const state = again.readyState;
		await Promise.all(socks.map((ws) => { ws.close(); return new Promise((r) => ws.onclose = r) }));
		return first + ' ' + failed + '|' + state`, wsMaxSockets),
		want: "0 error error 3|close false 1006  3 [object CloseEvent]|1"})
	lines := e.console.take()
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "error: WebSocket connection to 'ws://127.0.0.1:") ||
		!strings.Contains(lines[0], "/echo?extra' failed: Insufficient resources") {
		t.Errorf("console: %q", lines)
	}
}

// TestWebSocketSendBufferFull checks that send() past wsMaxBuffered queued
// bytes fails the connection (error, close 1006, not clean) once, with a
// console message, and that sends up to it go through.
func TestWebSocketSendBufferFull(t *testing.T) {
	for _, c := range []struct {
		name, src, want string
		logged          bool
	}{
		{name: "a message of exactly the cap is sent", src: `const ws = new WebSocket(WS + '/echo');
			ws.binaryType = 'arraybuffer';
			await new Promise((r) => ws.onopen = r);
			ws.send(new Uint8Array(MAX));
			const before = ws.bufferedAmount;
			const m = await new Promise((r) => ws.onmessage = r);
			ws.close();
			const e = await new Promise((r) => ws.onclose = r);
			return [before, m.data.byteLength, ws.bufferedAmount, e.code].join()`,
			want: "16777216,16777216,0,1005"},
		{name: "one byte more fails the connection", src: `const ws = new WebSocket(WS + '/echo');
			await new Promise((r) => ws.onopen = r);
			const p = events(ws, 2);
			ws.send(new Uint8Array(MAX + 1));
			ws.send('after');
			return ws.readyState + ' ' + ws.bufferedAmount + ' ' + await p + ' ' + ws.bufferedAmount`,
			want: "1 16777222 error error 3|close false 1006  3 [object CloseEvent] 16777222", logged: true},
		{name: "a peer that does not read fills the buffer", src: `const ws = new WebSocket(WS + '/stall');
			await new Promise((r) => ws.onopen = r);
			const p = events(ws, 2);
			const chunk = new Uint8Array(1 << 20);
			for (let i = 0; i < 48; i++) ws.send(chunk);
			const queued = ws.bufferedAmount;
			// What reached the socket before the failure has left bufferedAmount.
			return queued + ' ' + await p + ' ' + (ws.bufferedAmount > MAX)`,
			want: "50331648 error error 3|close false 1006  3 [object CloseEvent] true", logged: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := runWSCase(t, jsCase{src: fmt.Sprintf("const MAX = %d;\n", wsMaxBuffered) + c.src, want: c.want})
			lines := e.console.take()
			if !c.logged {
				if len(lines) != 0 {
					t.Errorf("console: %q", lines)
				}
				return
			}
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "error: WebSocket connection to 'ws://") || !strings.Contains(lines[0], "failed: send buffer full") {
				t.Errorf("console: %q", lines)
			}
		})
	}
}

// queuedTasks is how many tasks wait in l's queue.
func queuedTasks(l *testLoop) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.queue)
}

// TestWebSocketBackpressure checks that a socket whose messages the loop is
// not dispatching stops reading: at most wsMaxUndelivered messages, or
// wsMaxUndeliveredBytes bytes plus one message, wait on the loop; and that
// all messages then arrive, in order.
func TestWebSocketBackpressure(t *testing.T) {
	for _, c := range []struct {
		n, size, maxQueued int
	}{
		{n: 200, size: 10, maxQueued: wsMaxUndelivered},
		{n: 40, size: 128 << 10, maxQueued: wsMaxUndeliveredBytes / (128 << 10)},
		{n: 8, size: 1 << 20, maxQueued: 1},
	} {
		t.Run(fmt.Sprintf("%dx%d", c.n, c.size), func(t *testing.T) {
			srv, gone := wsServer(t)
			e, base := wsEnv(t, srv)
			if _, err := e.rt.RunString(fmt.Sprintf(`globalThis.got = [];
				globalThis.ws = new WebSocket('%s/flood?n=%d&size=%d');
				ws.binaryType = 'arraybuffer';
				ws.onmessage = (e) => { const b = new Uint8Array(e.data); got.push(b.length + ':' + b[0] + ':' + b[b.length - 1]) };`,
				base, c.n, c.size)); err != nil {
				t.Fatal(err)
			}
			readyState := func() int64 {
				v, err := e.rt.RunString(`ws.readyState`)
				if err != nil {
					t.Fatal(err)
				}
				return v.ToInteger()
			}
			if err := e.loop.runUntil(func() bool { return readyState() != 0 }, 10*time.Second); err != nil {
				t.Fatal(err)
			}
			if readyState() != 1 {
				t.Fatalf("readyState %d", readyState())
			}
			// The loop is busy elsewhere: give the peer time to send all
			// and the reader time to read what it may.
			select {
			case <-gone:
			case <-time.After(time.Second):
			}
			time.Sleep(200 * time.Millisecond)
			if q := queuedTasks(e.loop); q > c.maxQueued {
				t.Errorf("%d messages wait on the loop, want at most %d", q, c.maxQueued)
			}
			n := func() int64 {
				v, err := e.rt.RunString(`got.length`)
				if err != nil {
					t.Fatal(err)
				}
				return v.ToInteger()
			}
			if err := e.loop.runUntil(func() bool { return n() == int64(c.n) }, 10*time.Second); err != nil {
				t.Fatalf("%v; got %d messages of %d", err, n(), c.n)
			}
			v, err := e.rt.RunString(`got.join()`)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for i := 0; i < c.n; i++ {
				want = append(want, fmt.Sprintf("%d:%d:%d", c.size, byte(i), byte(i)))
			}
			if v.String() != strings.Join(want, ",") {
				t.Errorf("messages out of order or damaged: %.200s", v.String())
			}
			if _, err := e.run(`ws.close()`); err != nil {
				t.Fatal(err)
			}
			if n := e.loop.pendingCount(); n != 0 {
				t.Errorf("%d holds left", n)
			}
		})
	}
}
