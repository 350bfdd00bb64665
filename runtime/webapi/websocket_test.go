package webapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// wsServer is a WebSocket test server on 127.0.0.1: /echo echoes every
// message (and accepts the subprotocols "chat" and "superchat"), /bye closes
// with 4000 "bye" after the first message, /hang never answers the closing
// handshake's peer side until the client goes away, and /plain is not a
// WebSocket endpoint. gone receives a value whenever a server connection
// ends.
func wsServer(t *testing.T) (*httptest.Server, chan string) {
	return wsServerTLS(t, false)
}

// wsServerTLS is wsServer, over TLS if useTLS.
func wsServerTLS(t *testing.T, useTLS bool) (*httptest.Server, chan string) {
	t.Helper()
	gone := make(chan string, 16)
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
		defer func() { gone <- r.URL.Path }()
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
		defer func() { gone <- r.URL.Path }()
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
		defer func() { gone <- r.URL.Path }()
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
		srv.CloseClientConnections()
		srv.Close()
		wg.Wait()
	})
	return srv, gone
}

func wsEnv(t *testing.T, srv *httptest.Server) (*env, string) {
	e := newEnv(t, func(o *Options) { o.Transport = srv.Client().Transport })
	return e, "ws" + strings.TrimPrefix(srv.URL, "http")
}

// wsCase runs an async body with WS (the server's ws:// base URL) defined.
func runWSCases(t *testing.T, cases []jsCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
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
		})
	}
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
	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	return strings.Count(stacks, "webapi.(*Bindings).wsRun(") + strings.Count(stacks, "webapi.(*Bindings).wsWrite(")
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
