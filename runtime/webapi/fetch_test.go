package webapi

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
	"go.uber.org/goleak"
)

// echoServer answers /echo with a description of the request, /redirect/N
// with status N and Location /echo, /slow only when the client goes away,
// and /json with a JSON body.
func echoServer(t *testing.T) (*httptest.Server, *slowEvents) {
	t.Helper()
	ev := &slowEvents{started: make(chan struct{}, 4), cancelled: make(chan struct{}, 4)}
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Method", r.Method)
		w.Header().Add("Set-Cookie", "a=1")
		w.Header().Add("Set-Cookie", "b=2")
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "%s %s|ct=%s|ua=%s|accept=%s|x=%s|body=%s",
			r.Method, r.URL.RequestURI(), r.Header.Get("Content-Type"), r.Header.Get("User-Agent"),
			r.Header.Get("Accept"), r.Header.Get("X-Custom"), body)
	})
	mux.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(201)
		fmt.Fprint(w, `{"ok":true,"n":[1,2]}`)
	})
	mux.HandleFunc("/redirect/", func(w http.ResponseWriter, r *http.Request) {
		var code int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/redirect/"), "%d", &code)
		w.Header().Set("Location", "/echo?from="+fmt.Sprint(code))
		w.WriteHeader(code)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		ev.started <- struct{}{}
		<-r.Context().Done()
		ev.cancelled <- struct{}{}
	})
	mux.HandleFunc("/nocontent", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(204)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, ev
}

// slowEvents reports when /slow requests arrive and when they are cancelled.
type slowEvents struct {
	started, cancelled chan struct{}
}

func (ev *slowEvents) wait(t *testing.T, ch chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatalf("timed out waiting for the server to see the request %s", what)
	}
}

func fetchEnv(t *testing.T, srv *httptest.Server, configure ...func(*Options)) *env {
	return newEnv(t, append([]func(*Options){func(o *Options) { o.Transport = srv.Client().Transport }}, configure...)...)
}

func TestFetch(t *testing.T) {
	srv, _ := echoServer(t)
	u := srv.URL
	cases := []jsCase{
		{name: "GET", src: `const r = await fetch('` + u + `/echo?q=1'); return [r.status, r.statusText, r.ok, r.type, r.url, r.redirected, r.headers.get('x-method'), await r.text()].join(' ; ')`,
			want: "200 ; OK ; true ; basic ; " + u + "/echo?q=1 ; false ; GET ; GET /echo?q=1|ct=|ua=Next.js Middleware|accept=*/*|x=|body="},
		{name: "JSON", src: `const r = await fetch('` + u + `/json'); return r.status + JSON.stringify(await r.json())`, want: `201{"ok":true,"n":[1,2]}`},
		{name: "POST string body and headers", src: `const r = await fetch('` + u + `/echo', {method: 'POST', body: 'hello', headers: {'X-Custom': 'yes', 'User-Agent': 'me'}}); return await r.text()`,
			want: "POST /echo|ct=text/plain;charset=UTF-8|ua=me|accept=*/*|x=yes|body=hello"},
		{name: "POST bytes", src: `const r = await fetch('` + u + `/echo', {method: 'PUT', body: new Uint8Array([104, 105]).buffer}); return await r.text()`,
			want: "PUT /echo|ct=|ua=Next.js Middleware|accept=*/*|x=|body=hi"},
		{name: "POST URLSearchParams", src: `const r = await fetch('` + u + `/echo', {method: 'POST', body: new URLSearchParams({a: '1 2'})}); return await r.text()`,
			want: "POST /echo|ct=application/x-www-form-urlencoded;charset=UTF-8|ua=Next.js Middleware|accept=*/*|x=|body=a=1+2"},
		{name: "fetch(Request)", src: `const r = await fetch(new Request('` + u + `/echo', {method: 'POST', body: 'x'})); return await r.text()`,
			want: "POST /echo|ct=text/plain;charset=UTF-8|ua=Next.js Middleware|accept=*/*|x=|body=x"},
		{name: "set-cookie kept separate", src: `const r = await fetch('` + u + `/echo'); return JSON.stringify(r.headers.getSetCookie())`, want: `["a=1","b=2"]`},
		{name: "headers immutable", src: `const r = await fetch('` + u + `/echo'); r.headers.set('a', 'b')`, want: "throws TypeError: immutable"},
		{name: "redirect manual", src: `const r = await fetch('` + u + `/redirect/302', {redirect: 'manual'}); return [r.status, r.headers.get('location'), r.redirected, r.url].join(' ')`,
			want: "302 /echo?from=302 false " + u + "/redirect/302"},
		{name: "redirect follow", src: `const r = await fetch('` + u + `/redirect/307#frag'); return [r.status, r.redirected, r.url, await r.text()].join(' ')`,
			want: "200 true " + u + "/echo?from=307 GET /echo?from=307|ct=|ua=Next.js Middleware|accept=*/*|x=|body="},
		{name: "303 turns POST into GET", src: `const r = await fetch('` + u + `/redirect/303', {method: 'POST', body: 'x'}); return await r.text()`,
			want: "GET /echo?from=303|ct=|ua=Next.js Middleware|accept=*/*|x=|body="},
		{name: "307 keeps POST and body", src: `const r = await fetch('` + u + `/redirect/307', {method: 'POST', body: 'x'}); return await r.text()`,
			want: "POST /echo?from=307|ct=text/plain;charset=UTF-8|ua=Next.js Middleware|accept=*/*|x=|body=x"},
		{name: "redirect error", src: `try { await fetch('` + u + `/redirect/301', {redirect: 'error'}) } catch (e) { return e.name + ': ' + e.message + ' / ' + e.cause.message }`,
			want: "TypeError: fetch failed / unexpected redirect"},
		{name: "redirect loop", src: `try { await fetch('` + u + `/loop') } catch (e) { return e.message + ' / ' + e.cause.message }`,
			want: "fetch failed / redirect count exceeded"},
		{name: "HEAD has no body", src: `const r = await fetch('` + u + `/echo', {method: 'HEAD'}); return r.body === null && r.status === 200`, want: "true"},
		{name: "204 has no body", src: `const r = await fetch('` + u + `/nocontent'); return r.body === null && r.status === 204`, want: "true"},
		{name: "data: URL", src: `const r = await fetch('data:text/plain;base64,aGk='); return r.headers.get('content-type') + ' ' + await r.text()`, want: "text/plain hi"},
		{name: "bad URL rejects", src: `try { await fetch('/relative') } catch (e) { return e.message }`, want: "Failed to parse URL from /relative"},
		{name: "GET with body rejects", src: `try { await fetch('` + u + `', {body: 'x'}) } catch (e) { return e.message }`, want: "Request with GET/HEAD method cannot have body."},
		{name: "undici header rules", src: `try { await fetch('` + u + `/echo', {headers: {connection: 'upgrade'}}) } catch (e) { return e.message + ' / ' + e.cause.message }`,
			want: "fetch failed / invalid connection header"},
		{name: "already aborted", src: `try { await fetch('` + u + `/echo', {signal: AbortSignal.abort()}) } catch (e) { return e.name }`, want: "AbortError"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := fetchEnv(t, srv)
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
		})
	}
}

func TestFetchConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	e := newEnv(t, func(o *Options) { o.Transport = &http.Transport{} })
	v, err := e.await(`try { await fetch('http://` + addr + `/') } catch (e) {
		return [e instanceof TypeError, e.message, e.cause instanceof Error, e.cause.code, e.cause.message].join(' | ') }`)
	if err != nil {
		t.Fatal(err)
	}
	got := v.String()
	if !strings.HasPrefix(got, "true | fetch failed | true | ECONNREFUSED | dial tcp "+addr) || !strings.Contains(got, "connection refused") {
		t.Errorf("got %q", got)
	}
}

func TestFetchNoTransport(t *testing.T) {
	e := newEnv(t)
	v, err := e.await(`try { await fetch('http://example.com/') } catch (e) { return e.message + ' / ' + e.cause.message }`)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.String(); got != "fetch failed / no Transport configured for fetch" {
		t.Errorf("got %q", got)
	}
}

func TestFetchCancelledByContext(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) }) // runs last, after the server and env are closed
	srv, ev := echoServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := fetchEnv(t, srv, func(o *Options) { o.Context = func() context.Context { return ctx } })
	p, err := e.rt.RunString(`fetch('` + srv.URL + `/slow').then(() => 'resolved', (e) => e.message + ' / ' + e.cause.message + ' / ' + e.cause.code)`)
	if err != nil {
		t.Fatal(err)
	}
	if e.loop.pendingCount() != 1 {
		t.Fatalf("a fetch in flight should hold the loop once, holds = %d", e.loop.pendingCount())
	}
	ev.wait(t, ev.started, "arrive")
	cancel()
	if err := e.loop.run(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if got := settledValue(t, p); got != "fetch failed / context canceled / ABORT_ERR" {
		t.Errorf("got %q", got)
	}
	ev.wait(t, ev.cancelled, "cancelled")
}

func TestFetchAbortSignal(t *testing.T) {
	srv, ev := echoServer(t)
	e := fetchEnv(t, srv)
	v, err := e.await(`const c = new AbortController();
		setTimeout(() => c.abort(), 30);
		try { await fetch('` + srv.URL + `/slow', {signal: c.signal}) } catch (e) { return e.name + ': ' + e.message }`)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.String(); got != "AbortError: This operation was aborted" {
		t.Errorf("got %q", got)
	}
	ev.wait(t, ev.cancelled, "cancelled")
	if err := e.loop.run(5 * time.Second); err != nil {
		t.Fatalf("the aborted fetch should release its hold: %v", err)
	}
}

func TestFetchCloseCancelsInFlight(t *testing.T) {
	srv, ev := echoServer(t)
	e := fetchEnv(t, srv)
	if _, err := e.rt.RunString(`fetch('` + srv.URL + `/slow'); setTimeout(() => {}, 60000)`); err != nil {
		t.Fatal(err)
	}
	if n := e.loop.pendingCount(); n != 2 {
		t.Fatalf("holds = %d, want 2 (fetch + timer)", n)
	}
	ev.wait(t, ev.started, "arrive")
	e.b.Close()
	ev.wait(t, ev.cancelled, "cancelled")
	if err := e.loop.run(5 * time.Second); err != nil {
		t.Fatalf("holds not released after Close: %v", err)
	}
	if e.loop.pendingCount() != 0 {
		t.Fatalf("holds = %d after Close", e.loop.pendingCount())
	}
}

// settledValue returns the string value of a settled promise.
func settledValue(t *testing.T, p goja.Value) string {
	t.Helper()
	prom, ok := p.Export().(*goja.Promise)
	if !ok || prom.State() == goja.PromiseStatePending {
		t.Fatalf("not a settled promise: %v", p)
	}
	return prom.Result().String()
}
