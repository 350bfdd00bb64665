package webapi

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// streamServer answers /chunks?n=N with N lines, each flushed and then
// held until the test sends on next; it reports on gone when a client
// went away before the end.
type streamServer struct {
	*httptest.Server
	next chan struct{}
	gone chan struct{}
}

func newStreamServer(t *testing.T) *streamServer {
	t.Helper()
	s := &streamServer{next: make(chan struct{}, 16), gone: make(chan struct{}, 4)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Query().Get("n"), "%d", &n)
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		for i := 0; i < n; i++ {
			select {
			case <-s.next:
			case <-r.Context().Done():
				s.gone <- struct{}{}
				return
			}
			fmt.Fprintf(w, "line %d\n", i)
			w.(http.Flusher).Flush()
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// TestFetchStreamsBody checks that fetch resolves on the response head and
// that the body arrives chunk by chunk through body.getReader().
func TestFetchStreamsBody(t *testing.T) {
	srv := newStreamServer(t)
	e := fetchEnv(t, srv.Server)
	// The promise resolves although the server has sent no body byte yet.
	v, err := e.await(`globalThis.res = await fetch('` + srv.URL + `/?n=3'); return res.status + ' ' + res.bodyUsed + ' ' + (res.body instanceof ReadableStream)`)
	if err != nil || v.String() != "200 false true" {
		t.Fatalf("head: %v %v", v, err)
	}
	if _, err := e.rt.RunString(`globalThis.reader = res.body.getReader()`); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		srv.next <- struct{}{}
		v, err := e.await(`const r = await reader.read(); return r.done + ' ' + new TextDecoder().decode(r.value)`)
		if want := fmt.Sprintf("false line %d\n", i); err != nil || v.String() != want {
			t.Fatalf("chunk %d: %q %v, want %q", i, v, err, want)
		}
	}
	v, err = e.await(`const r = await reader.read(); return r.done + ' ' + res.bodyUsed`)
	if err != nil || v.String() != "true true" {
		t.Fatalf("end: %v %v", v, err)
	}
	if err := e.loop.run(5 * time.Second); err != nil {
		t.Fatalf("holds not released after the body ended: %v", err)
	}
}

// TestFetchBodyCancel checks that cancelling the body, aborting the signal
// after the head, or Close stops the transfer.
func TestFetchBodyCancel(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"cancel", `const res = await fetch(URL); await res.body.cancel(); return 'cancelled'`, "cancelled"},
		{"abort after head", `const c = new AbortController(); const res = await fetch(URL, {signal: c.signal});
			const p = res.text(); c.abort(); try { await p } catch (e) { return e.name }`, "AbortError"},
		{"rejects before the next microtask", `const c = new AbortController(); const res = await fetch(URL, {signal: c.signal}); c.abort();
			const log = []; const p = res.text();
			await Promise.all([p.catch((e) => log.push(e.name)), Promise.resolve().then(() => log.push('tick'))]); return log.join()`, "AbortError,tick"},
		{"text after abort", `const c = new AbortController(); const res = await fetch(URL, {signal: c.signal});
			c.abort(); try { await res.arrayBuffer() } catch (e) { return e.name }`, "AbortError"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newStreamServer(t)
			e := fetchEnv(t, srv.Server)
			v, err := e.await(strings.ReplaceAll(c.src, "URL", `'`+srv.URL+`/?n=100'`))
			if err != nil || v.String() != c.want {
				t.Fatalf("got %v %v, want %s", v, err, c.want)
			}
			select {
			case <-srv.gone:
			case <-time.After(5 * time.Second):
				t.Fatal("the server did not see the client go away")
			}
			if err := e.loop.run(5 * time.Second); err != nil {
				t.Fatalf("holds not released: %v", err)
			}
		})
	}
	t.Run("Close", func(t *testing.T) {
		srv := newStreamServer(t)
		e := fetchEnv(t, srv.Server)
		if _, err := e.await(`globalThis.res = await fetch('` + srv.URL + `/?n=100'); res.text(); return 1`); err != nil {
			t.Fatal(err)
		}
		if n := e.loop.pendingCount(); n != 1 {
			t.Fatalf("a pending body read should hold the loop once, holds = %d", n)
		}
		e.b.Close()
		select {
		case <-srv.gone:
		case <-time.After(5 * time.Second):
			t.Fatal("the server did not see the client go away")
		}
		if err := e.loop.run(5 * time.Second); err != nil {
			t.Fatalf("holds not released after Close: %v", err)
		}
	})
}

// TestBodyStreams checks stream bodies: Response and Request from a
// ReadableStream, clone by tee, and bodyUsed/locked after reading.
func TestBodyStreams(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"Response from stream", `const s = new ReadableStream({start(c) { c.enqueue(new Uint8Array([104, 105])); c.close(); }});
			const r = new Response(s); return [r.body === s, String(r.headers.get('content-type')), await r.text(), r.bodyUsed].join(' ')`, "true null hi true"},
		{"clone tees", `const s = new ReadableStream({start(c) { c.enqueue(new Uint8Array([97])); c.close(); }});
			const r = new Response(s); const c = r.clone(); return [await r.text(), await c.text(), r.body !== s].join(' ')`, "a a true"},
		{"read bytes body then body is locked", `const r = new Response('x'); await r.text(); return [r.bodyUsed, r.body.locked].join(' ')`, "true true"},
		{"Request needs duplex", `try { new Request('http://a/', {method: 'POST', body: new ReadableStream()}) } catch (e) { return e.message }`,
			"RequestInit: duplex option is required when sending a body."},
		{"Request from stream", `const r = new Request('http://a/', {method: 'POST', duplex: 'half', body: new ReadableStream({start(c) { c.enqueue(new Uint8Array([65])); c.close(); }})});
			const r2 = new Request(r); return [r.bodyUsed, await r2.text()].join(' ')`, "true A"},
		{"non-bytes chunk", `const r = new Response(new ReadableStream({start(c) { c.enqueue('x'); c.close(); }})); try { await r.text() } catch (e) { return e.name }`, "TypeError"},
		{"aborted fetch cancels a stream body at once", `let reason = null; const body = new ReadableStream({ cancel(r) { reason = r } });
			const p = fetch('http://a.test/', {method: 'POST', body, duplex: 'half', signal: AbortSignal.abort()});
			const sync = reason !== null && reason.name; const err = await p.catch((e) => e); return [sync, err === reason].join(' ')`, "AbortError true"},
		{"Object.prototype.then cannot inject a chunk", `const r = new Response(new ReadableStream({start(c) { c.enqueue(new Uint8Array([104])); c.close(); }}));
			Object.prototype.then = function (f) { delete Object.prototype.then; f({done: false, value: 1}); };
			try { return await r.text() } catch (e) { return e.name } finally { delete Object.prototype.then }`, "TypeError"},
		{"Blob.stream", `const rd = new Blob(['ab']).stream().getReader({mode: 'byob'}); const r = await rd.read(new Uint8Array(8)); return r.value.join(',')`, "97,98"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			v, err := e.await(c.src)
			if err != nil || v.String() != c.want {
				t.Fatalf("got %v %v, want %s", v, err, c.want)
			}
		})
	}
}

// TestReadResponseStream checks that Bindings.ReadResponse reads a stream
// body whole before calling back, and reports a stream error.
func TestReadResponseStream(t *testing.T) {
	e := newEnv(t)
	r, err := readResponse(t, e, `let i = 0; new Response(new ReadableStream({ async pull(c) {
		await new Promise((res) => setTimeout(res, 1));
		if (i === 3) c.close(); else c.enqueue(new TextEncoder().encode('c' + i++)); } }), {headers: {'X-A': '1'}})`)
	if err != nil || string(r.Body) != "c0c1c2" || len(r.Headers) != 1 || r.Headers[0] != [2]string{"x-a", "1"} {
		t.Errorf("stream body: %+v %v", r, err)
	}
	_, err = readResponse(t, e, `new Response(new ReadableStream({ pull(c) { c.error(new RangeError('boom')) } }))`)
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("errored stream: %v", err)
	}
}

// TestFetchStreamRequestBody checks that a stream request body (duplex
// 'half') is sent.
func TestFetchStreamRequestBody(t *testing.T) {
	srv, _ := echoServer(t)
	e := fetchEnv(t, srv)
	v, err := e.await(`const body = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('ab')); c.enqueue(new TextEncoder().encode('cd')); c.close(); } });
		const r = await fetch('` + srv.URL + `/echo', {method: 'POST', body, duplex: 'half'}); return [body.locked, await r.text()].join(' ')`)
	if err != nil || v.String() != "true POST /echo|ct=|ua=Next.js Middleware|accept=*/*|x=|body=abcd" {
		t.Errorf("got %v %v", v, err)
	}
	v, err = e.await(`const body = new ReadableStream({ start(c) { c.enqueue('text'); c.close(); } });
		try { await fetch('` + srv.URL + `/echo', {method: 'POST', body, duplex: 'half'}) } catch (e) { return e.name }`)
	if err != nil || v.String() != "TypeError" {
		t.Errorf("non-bytes chunk: %v %v", v, err)
	}
}

// TestFetchUnreadBodyLetsLoopIdle checks that a body nobody reads holds the
// loop for one read-ahead chunk only, and that Close then ends the transfer.
func TestFetchUnreadBodyLetsLoopIdle(t *testing.T) {
	srv := newStreamServer(t)
	e := fetchEnv(t, srv.Server)
	if _, err := e.await(`globalThis.res = await fetch('` + srv.URL + `/?n=100'); return 1`); err != nil {
		t.Fatal(err)
	}
	srv.next <- struct{}{}
	if err := e.loop.run(5 * time.Second); err != nil {
		t.Fatalf("an unread body should not hold the loop: %v", err)
	}
	if v, err := e.await(`const r = res.body.getReader(); const x = await r.read(); r.releaseLock(); return new TextDecoder().decode(x.value)`); err != nil || v.String() != "line 0\n" {
		t.Fatalf("read-ahead chunk: %v %v", v, err)
	}
	e.b.Close()
	select {
	case <-srv.gone:
	case <-time.After(5 * time.Second):
		t.Fatal("the server did not see the client go away after Close")
	}
}

// TestFetchStreamsUpload checks that a stream request body goes out chunk
// by chunk: the stream produces its second chunk only after the server has
// received the first. A stream body cannot follow a 307 redirect; a 303
// drops it.
func TestFetchStreamsUpload(t *testing.T) {
	gotFirst := make(chan struct{}, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("/upload", func(w http.ResponseWriter, r *http.Request) {
		var all []byte
		buf := make([]byte, 64)
		for {
			n, err := r.Body.Read(buf)
			all = append(all, buf[:n]...)
			if strings.Contains(string(all), "first") {
				select {
				case gotFirst <- struct{}{}:
				default:
				}
			}
			if err != nil {
				break
			}
		}
		fmt.Fprintf(w, "%s %v %s", r.TransferEncoding, r.ContentLength, all)
	})
	mux.HandleFunc("/waitfirst", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-gotFirst:
			fmt.Fprint(w, "ok")
		case <-time.After(5 * time.Second):
			fmt.Fprint(w, "timeout")
		}
	})
	mux.HandleFunc("/307", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/upload", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/303", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/upload", http.StatusSeeOther)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	e := fetchEnv(t, srv)
	u := srv.URL
	v, err := e.await(`let n = 0;
		const body = new ReadableStream({ async pull(c) {
			if (n === 0) c.enqueue(new TextEncoder().encode('first|'));
			else if (n === 1) c.enqueue(new TextEncoder().encode(await (await fetch('` + u + `/waitfirst')).text()));
			else c.close();
			n++;
		} });
		const r = await fetch('` + u + `/upload', {method: 'POST', body, duplex: 'half'}); return await r.text()`)
	if err != nil || v.String() != "[chunked] -1 first|ok" {
		t.Errorf("streamed upload: %v %v", v, err)
	}
	v, err = e.await(`const body = new ReadableStream({ start(c) { c.enqueue(new Uint8Array([65])); c.close(); } });
		try { await fetch('` + u + `/307', {method: 'POST', body, duplex: 'half'}); return 'resolved' } catch (e) { return e.cause.message }`)
	if err != nil || v.String() != "cannot follow a redirect with a stream body" {
		t.Errorf("307: %v %v", v, err)
	}
	v, err = e.await(`const body = new ReadableStream({ start(c) { c.enqueue(new Uint8Array([65])); c.close(); } });
		const r = await fetch('` + u + `/303', {method: 'POST', body, duplex: 'half'}); return await r.text()`)
	if err != nil || v.String() != "[] 0 " {
		t.Errorf("303: %v %v", v, err)
	}
}
