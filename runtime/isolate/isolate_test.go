package isolate

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"edgeplay/runtime/bundle"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var engine = func() *Engine {
	e, err := NewEngine()
	if err != nil {
		panic(err)
	}
	return e
}()

// compileSource bundles a route source into a program.
func compileSource(t testing.TB, src string) *Program {
	t.Helper()
	dir := t.TempDir()
	writeRoute(t, dir, src)
	res := bundle.Build(bundle.Options{Dir: dir, Entry: "pages/api/r.ts"})
	if res.Failed() {
		t.Fatalf("build: %v", res.Problems)
	}
	p, err := Compile("pages/api/r.ts", res.Code, res.Hash)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func serve(t *testing.T, pool *Pool, url string) (*Response, error) {
	t.Helper()
	return pool.Serve(context.Background(), Request{URL: url, Method: "GET"})
}

func TestModuleStatePersistsPerIsolate(t *testing.T) {
	// R-HANDLER-5: module scope runs once per isolate.
	prog := compileSource(t, "let n = 0\nexport const config = { runtime: 'edge' }\nexport default () => new Response(String(++n))\n")
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	for want := 1; want <= 3; want++ {
		res, err := serve(t, pool, "http://localhost:3000/api/r")
		if err != nil {
			t.Fatal(err)
		}
		if got := string(res.Body); got != strings.TrimSpace(string(rune('0'+want))) {
			t.Fatalf("request %d saw counter %q", want, got)
		}
	}
	// A new pool (new isolates, e.g. after an edit) starts fresh.
	fresh := engine.NewPool(prog, Options{Size: 1})
	defer fresh.Close()
	if res, _ := serve(t, fresh, "http://localhost:3000/api/r"); string(res.Body) != "1" {
		t.Errorf("fresh isolate counter = %q, want 1", res.Body)
	}
}

func TestBusyLoopIsInterrupted(t *testing.T) {
	prog := compileSource(t, "export const config = { runtime: 'edge' }\nexport default () => { while (true) {} }\n")
	pool := engine.NewPool(prog, Options{Size: 1, Timeout: 200 * time.Millisecond})
	defer pool.Close()
	start := time.Now()
	_, err := serve(t, pool, "http://localhost:3000/api/r")
	var herr *HandlerError
	if !errors.As(err, &herr) || herr.Status != 504 || !strings.Contains(herr.Message, "FUNCTION_INVOCATION_TIMEOUT") {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("interrupt took %s", d)
	}
	// The pool replaced the isolate and keeps serving.
	prog2 := compileSource(t, "export const config = { runtime: 'edge' }\nexport default () => new Response('ok')\n")
	pool2 := engine.NewPool(prog2, Options{Size: 1})
	defer pool2.Close()
	if res, err := serve(t, pool2, "http://localhost:3000/api/r"); err != nil || string(res.Body) != "ok" {
		t.Fatalf("after interrupt: %v %v", res, err)
	}
}

func TestConcurrentRequestsUseSeveralIsolates(t *testing.T) {
	prog := compileSource(t, "export const config = { runtime: 'edge' }\nexport default async (req) => { await new Promise(r => setTimeout(r, 50)); return new Response(new URL(req.url).searchParams.get('i')) }\n")
	pool := engine.NewPool(prog, Options{Size: 4})
	defer pool.Close()
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			want := string(rune('0' + i))
			res, err := serve(t, pool, "http://localhost:3000/api/r?i="+want)
			if err != nil || string(res.Body) != want {
				t.Errorf("request %d: %v %v", i, res, err)
			}
		}(i)
	}
	wg.Wait()
	// 8 requests of 50 ms on 4 isolates: well under 8 × 50 ms if they overlap.
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("8 concurrent requests took %s", d)
	}
}

func TestConsoleIsCapturedPerRequest(t *testing.T) {
	prog := compileSource(t, "export const config = { runtime: 'edge' }\nexport default (req) => { console.log('hello', { a: 1 }); console.error('bad'); return new Response('x') }\n")
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	res, err := serve(t, pool, "http://localhost:3000/api/r")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Logs) != 2 || res.Logs[0].Level != "log" || !strings.Contains(res.Logs[0].Message, "hello") || res.Logs[1].Level != "error" {
		t.Errorf("logs = %+v", res.Logs)
	}
}

func TestProcessEnvIsTheWorkspaceOnly(t *testing.T) {
	t.Setenv("EDGEPLAY_TEST_SECRET", "do-not-leak")
	prog := compileSource(t, "export const config = { runtime: 'edge' }\nexport default () => new Response(JSON.stringify({ s: process.env.EDGEPLAY_TEST_SECRET ?? null, mode: process.env.NODE_ENV, rt: process.env.NEXT_RUNTIME, v: process.env.MY_VAR }))\n")
	pool := engine.NewPool(prog, Options{Size: 1, Env: map[string]string{"MY_VAR": "from .env"}})
	defer pool.Close()
	res, err := serve(t, pool, "http://localhost:3000/api/r")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(res.Body), `{"s":null,"mode":"production","rt":"edge","v":"from .env"}`; got != want {
		t.Errorf("env = %s, want %s", got, want)
	}
}

func TestNodeBuiltinStandIn(t *testing.T) {
	// R-RT-2: the import succeeds; reading from the module throws.
	prog := compileSource(t, "import fs from 'fs'\nexport const config = { runtime: 'edge' }\nexport default () => new Response(String(fs.readFileSync))\n")
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	_, err := serve(t, pool, "http://localhost:3000/api/r")
	if err == nil || !strings.Contains(err.Error(), "Error: The edge runtime does not support Node.js 'fs' module.") {
		t.Fatalf("err = %v", err)
	}
	// The modules Next.js partially polyfills work with the node: prefix
	// (nodecompat), and only with it.
	prog = compileSource(t, "import { Buffer } from 'node:buffer'\nexport const config = { runtime: 'edge' }\nexport default () => new Response(Buffer.from('x').toString('hex'))\n")
	pool2 := engine.NewPool(prog, Options{Size: 1})
	defer pool2.Close()
	if res, err := serve(t, pool2, "http://localhost:3000/api/r"); err != nil || string(res.Body) != "78" {
		t.Fatalf("node:buffer: %v %v", res, err)
	}
	prog = compileSource(t, "import { Buffer } from 'buffer'\nexport const config = { runtime: 'edge' }\nexport default () => new Response(Buffer.from('x').toString())\n")
	pool3 := engine.NewPool(prog, Options{Size: 1})
	defer pool3.Close()
	if _, err := serve(t, pool3, "http://localhost:3000/api/r"); err == nil || !strings.Contains(err.Error(), "The edge runtime does not support Node.js 'buffer' module.") {
		t.Fatalf("buffer without node: %v", err)
	}
}

func TestClosedPool(t *testing.T) {
	prog := compileSource(t, "export const config = { runtime: 'edge' }\nexport default () => new Response('x')\n")
	pool := engine.NewPool(prog, Options{})
	pool.Close()
	if _, err := serve(t, pool, "http://localhost:3000/api/r"); !errors.Is(err, ErrClosed) {
		t.Errorf("err = %v, want ErrClosed", err)
	}
}

func TestWaitUntilWorkOutlivesTheResponse(t *testing.T) {
	// R-HANDLER-1: event.waitUntil keeps work running after the response.
	hit := make(chan string, 1)
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(100 * time.Millisecond) // answer after the handler's response was sent
		hit <- r.URL.Path
	}))
	defer upstream.Close()
	prog := compileSource(t, "export const config = { runtime: 'edge' }\nexport default (req, event) => {\n  event.waitUntil(fetch(new URL('/logged', req.nextUrl.searchParams.get('up')).href).then(() => console.log('sent')))\n  return new Response('done')\n}\n")
	pool := engine.NewPool(prog, Options{Size: 1, Transport: http.DefaultTransport})
	defer pool.Close()
	ctx, cancel := context.WithCancel(context.Background())
	res, err := pool.Serve(ctx, Request{URL: "http://localhost:3000/api/r?up=" + upstream.URL, Method: "GET"})
	cancel() // the client is gone once it has the response, as with net/http
	if err != nil || string(res.Body) != "done" {
		t.Fatalf("%v %v", res, err)
	}
	select {
	case p := <-hit:
		if p != "/logged" {
			t.Errorf("upstream saw %q", p)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the waitUntil fetch never reached the upstream")
	}
	// The isolate comes back to the pool once the work settled.
	if res, err := serve(t, pool, "http://localhost:3000/api/r?up="+upstream.URL); err != nil || string(res.Body) != "done" {
		t.Fatalf("second request: %v %v", res, err)
	}
	<-hit
}

func TestUnhandledRejectionIsLogged(t *testing.T) {
	prog := compileSource(t, "export const config = { runtime: 'edge' }\nexport default () => {\n  Promise.reject(new Error('nobody catches me'))\n  return new Response('ok')\n}\n")
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	res, err := serve(t, pool, "http://localhost:3000/api/r")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range res.Logs {
		if l.Level == "error" && strings.Contains(l.Message, "Unhandled Rejection: Error: nobody catches me") {
			found = true
		}
	}
	if !found {
		t.Errorf("logs = %+v", res.Logs)
	}
}

// TestUnhandledRejectionListeners checks that a handler's own
// addEventListener('unhandledrejection') sees { reason, promise }, as in
// Next's edge sandbox, and that the rejection is still logged.
func TestUnhandledRejectionListeners(t *testing.T) {
	prog := compileSource(t, "export const config = { runtime: 'edge' }\n"+
		"addEventListener('unhandledrejection', (e) => console.log('seen', e.reason.message, e.promise instanceof Promise))\n"+
		"export default () => {\n  Promise.reject(new Error('lost'))\n  return new Response('ok')\n}\n")
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	res, err := serve(t, pool, "http://localhost:3000/api/r")
	if err != nil {
		t.Fatal(err)
	}
	var seen, logged bool
	for _, l := range res.Logs {
		seen = seen || l.Message == "seen lost true"
		logged = logged || (l.Level == "error" && strings.Contains(l.Message, "Unhandled Rejection: Error: lost"))
	}
	if !seen || !logged {
		t.Errorf("listener saw it: %v, logged: %v; logs = %+v", seen, logged, res.Logs)
	}
}

// TestTopLevelLogsReachTheFirstRequest checks that what the module's top
// level logs is in the first exchange's logs, and only there.
func TestTopLevelLogsReachTheFirstRequest(t *testing.T) {
	prog := compileSource(t, "export const config = { runtime: 'edge' }\nconsole.log('module loaded')\nexport default () => { console.log('handled'); return new Response('x') }\n")
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	for i, want := range []string{"module loaded|handled", "handled"} {
		res, err := serve(t, pool, "http://localhost:3000/api/r")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range res.Logs {
			got = append(got, l.Message)
		}
		if strings.Join(got, "|") != want {
			t.Errorf("request %d logs = %q, want %q", i+1, got, want)
		}
	}
}

// TestClientDisconnectCancelsPendingFetch: when the client goes away before
// the response head, the handler's outbound fetch is cancelled (the
// upstream sees its request's context end) and the pool keeps serving.
func TestClientDisconnectCancelsPendingFetch(t *testing.T) {
	arrived, cancelled := make(chan struct{}), make(chan struct{})
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-r.Context().Done()
		close(cancelled)
	}))
	defer upstream.Close()
	prog := compileSource(t, "export const config = { runtime: 'edge' }\nexport default async (req) => {\n  const up = req.nextUrl.searchParams.get('up')\n  if (!up) return new Response('ok')\n  return fetch(up)\n}\n")
	pool := engine.NewPool(prog, Options{Size: 1, Transport: http.DefaultTransport})
	defer pool.Close()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := pool.Serve(ctx, Request{URL: "http://localhost:3000/api/r?up=" + upstream.URL, Method: "GET"})
		errc <- err
	}()
	<-arrived
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("Serve after the disconnect: %v", err)
	}
	select {
	case <-cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the upstream request was not cancelled")
	}
	if res, err := serve(t, pool, "http://localhost:3000/api/r"); err != nil || string(res.Body) != "ok" {
		t.Fatalf("after the disconnect: %v %v", res, err)
	}
}

// TestNodeBuiltinStandInShape checks the stand-in against Next.js's edge
// sandbox (R-RT-2, observed on Next 15.5): a function whose every use
// throws the message with Next's "Learn More" line.
func TestNodeBuiltinStandInShape(t *testing.T) {
	const msg = "The edge runtime does not support Node.js 'fs' module.\nLearn More: https://nextjs.org/docs/messages/node-module-in-edge-runtime"
	cases := []struct{ name, body, want string }{
		{"typeof", `return typeof fs`, "function"},
		{"property", `try { fs.readFileSync; return 'no throw' } catch (e) { return e.message }`, msg},
		{"call", `try { fs('x'); return 'no throw' } catch (e) { return e.message }`, msg},
		{"construct", `try { new fs(); return 'no throw' } catch (e) { return e.message }`, msg},
		{"then", `return typeof fs.then`, "object"},
		{"call with a function", `return fs((m) => m === fs ? 'same' : 'other')`, "same"},
		{"awaited", `return (await fs) === fs ? "itself" : "other"`, "itself"},
		{"resolved", `return await Promise.resolve(fs) === fs ? "itself" : "other"`, "itself"},
		{"then read", `const t = fs.then; return typeof t`, "object"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := bodyOf(t, "import fs from 'fs'\nexport const config = { runtime: 'edge' }\nexport default async () => new Response(await (async () => {\n"+tc.body+"\n})())\n")
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestNextServerNamespace: `import * as server from 'next/server'` has
// Next.js's exports and no `default` (observed on Next 15.5).
func TestNextServerNamespace(t *testing.T) {
	prog := compileSource(t, "import * as server from 'next/server'\nimport { NextResponse } from 'next/server'\nexport const config = { runtime: 'edge' }\nexport default () => new Response(String('default' in server) + ' ' + (server.NextResponse === NextResponse) + ' ' + Object.keys(server).includes('__esModule'))\n")
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	res, err := serve(t, pool, "http://localhost:3000/api/r")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(res.Body); got != "false true false" {
		t.Errorf("got %q", got)
	}
}

// TestEmptyBodyIsABodyExceptForGETAndHEAD: a request of another method
// without a body still has one (empty), as in Next.js; GET and HEAD have
// none.
func TestEmptyBodyIsABodyExceptForGETAndHEAD(t *testing.T) {
	prog := compileSource(t, "export const config = { runtime: 'edge' }\nexport default async (req) => new Response(String(req.body === null) + ':' + JSON.stringify(await req.text()))\n")
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	for method, want := range map[string]string{"GET": `true:""`, "HEAD": `true:""`, "DELETE": `false:""`, "OPTIONS": `false:""`, "POST": `false:""`} {
		res, err := pool.Serve(context.Background(), Request{URL: "http://localhost/api/r", Method: method})
		if err != nil || string(res.Body) != want {
			t.Errorf("%s: %v %q, want %q", method, err, res.Body, want)
		}
	}
}

func TestPageName(t *testing.T) {
	for entry, want := range map[string]string{
		"pages/api/misc/wait-until.ts": "/api/misc/wait-until",
		"src/pages/api/users/[id].ts":  "/api/users/[id]",
		"pages/api/index.ts":           "/api",
		"pages/api/users/index.js":     "/api/users",
		"app/items/[id]/route.ts":      "/items/[id]/route",
		"src/app/route.ts":             "/route",
	} {
		if got := pageName(entry); got != want {
			t.Errorf("pageName(%q) = %q, want %q", entry, got, want)
		}
	}
}
