package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"edgeplay/examples"
	"edgeplay/runtime/bundle"
	"edgeplay/runtime/workspace"
	"edgeplay/store"
)

// testServer serves a workspace on 127.0.0.1 for the duration of a test.
type testServer struct {
	URL string
	srv *Server
	dir string
}

func startServer(t *testing.T, dir string, opts Options) *testServer {
	t.Helper()
	return startServerOn(t, dir, opts, func(ln net.Listener) net.Listener { return ln })
}

// startServerOn starts a server on a loopback listener that wrap may
// replace (e.g. with one of small send buffers), and stops it at cleanup.
func startServerOn(t *testing.T, dir string, opts Options, wrap func(net.Listener) net.Listener) *testServer {
	t.Helper()
	ws, err := workspace.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	opts.Workspace = ws
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, wrap(ln), 0) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
	})
	return &testServer{URL: "http://" + ln.Addr().String(), srv: srv, dir: dir}
}

// examplesDir copies the built-in workspace to a temporary directory.
func examplesDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := examples.Extract(dir, true); err != nil {
		t.Fatal(err)
	}
	return dir
}

func get(t *testing.T, url string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

func TestSeedExamples(t *testing.T) {
	// The backend the forwarding example reaches through the origin map.
	var backendAuth, backendMethod string
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		backendAuth, backendMethod = r.Header.Get("Authorization"), r.Method
		if r.URL.Path != "/api/protected" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("X-Backend", "yes")
		// Absolute, as real backends send it: Next's adapter parses a Location
		// header without a base, so a relative one fails the request there too.
		w.Header().Set("Location", "https://auth.example/login")
		w.WriteHeader(http.StatusFound) // must come back as is: redirect: 'manual'
		io.WriteString(w, "go to login")
	}))
	defer backend.Close()

	dir := examplesDir(t)
	cfg := fmt.Sprintf(`{"origins": {"https://backend-api.com": %q}}`, backend.URL)
	if err := os.WriteFile(filepath.Join(dir, "edgeplay.json"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, dir, Options{})

	tests := []struct {
		path    string
		header  http.Header
		status  int
		body    string
		headers map[string]string
	}{
		{path: "/api/basic", status: 200, body: "Hello world!", headers: map[string]string{"Content-Type": "text/plain;charset=UTF-8"}},
		{path: "/api/json", status: 200, body: `{"name":"Jim Halpert"}`, headers: map[string]string{"Content-Type": "application/json"}},
		{path: "/api/cache-control", status: 200, body: `{"name":"Jim Halpert"}`, headers: map[string]string{
			"Content-Type": "application/json", "Cache-Control": "public, s-maxage=1200, stale-while-revalidate=600"}},
		{path: "/api/query-parameters?email=a@b.c", status: 200, body: "a@b.c"},
		{path: "/api/forwarding-headers", header: http.Header{"Cookie": {"authorization=xyz"}}, status: 302, body: "go to login",
			headers: map[string]string{"X-Backend": "yes", "Location": "https://auth.example/login"}},
		{path: "/api/regions", status: 200, body: `{"source":"nearby-data","items":[{"id":1,"city":"San Francisco"},{"id":2,"city":"Washington, D.C."}]}`,
			headers: map[string]string{"Content-Type": "application/json"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, body := get(t, ts.URL+tt.path, tt.header)
			if res.StatusCode != tt.status || body != tt.body {
				t.Fatalf("got %d %q, want %d %q", res.StatusCode, body, tt.status, tt.body)
			}
			for k, v := range tt.headers {
				if got := res.Header.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
		})
	}
	if backendAuth != "xyz" || backendMethod != "GET" {
		t.Errorf("backend saw authorization %q method %q, want xyz GET", backendAuth, backendMethod)
	}

	// config.regions reaches the route table.
	for _, r := range ts.srv.Routes() {
		if r.Pattern == "/api/regions" && (len(r.Regions) != 2 || r.Regions[0] != "sfo1" || r.Regions[1] != "iad1" || r.Runtime != "edge") {
			t.Errorf("regions route = %+v", r)
		}
	}
}

func TestUnmappedOriginExplainsHowToMap(t *testing.T) {
	dir := examplesDir(t)
	// A transport that fails the way an offline machine does, without touching the network.
	offline := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: fmt.Errorf("lookup %s: no such host", r.URL.Hostname())}
	})
	ts := startServer(t, dir, Options{Transport: offline, Mode: bundle.Development})
	res, body := get(t, ts.URL+"/api/forwarding-headers", nil)
	if res.StatusCode != 500 {
		t.Fatalf("status = %d", res.StatusCode)
	}
	for _, want := range []string{"fetch failed", "https://backend-api.com", "edgeplay.json", `&#34;origins&#34;`} {
		if !strings.Contains(body, want) {
			t.Errorf("error page lacks %q:\n%s", want, body)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestSeedRegionsCodeIsANodeRoute(t *testing.T) {
	dir := t.TempDir()
	// The seed's snippet exactly as the docs give it: no runtime, undefined getNearbyData.
	seed := "import { NextResponse } from 'next/server'\n\nexport const config = {\n  regions: ['sfo1', 'iad1'], // defaults to 'all'\n}\n\nexport default async function handler(req: NextRequest) {\n  const myData = await getNearbyData()\n  return NextResponse.json(myData)\n}\n"
	writeFile(t, dir, "pages/api/regions.ts", seed)
	ts := startServer(t, dir, Options{})
	res, body := get(t, ts.URL+"/api/regions", nil)
	if res.StatusCode != http.StatusNotImplemented {
		t.Fatalf("status = %d, want 501", res.StatusCode)
	}
	for _, want := range []string{"Node.js API route", "R-ROUTE-5", "`regions` alone does not select the Edge Runtime", "runtime: 'edge', regions: ['sfo1', 'iad1']"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	routes := ts.srv.Routes()
	if len(routes) != 1 || routes[0].Status != StatusNodeRuntime || routes[0].Runtime != "nodejs" {
		t.Errorf("route table = %+v", routes)
	}
}

func writeFile(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestEditIsServedWithoutRestart(t *testing.T) {
	dir := examplesDir(t)
	ts := startServer(t, dir, Options{})
	if _, body := get(t, ts.URL+"/api/basic", nil); body != "Hello world!" {
		t.Fatalf("before edit: %q", body)
	}
	writeFile(t, dir, "pages/api/basic.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response('Edited!')\n")
	if _, body := get(t, ts.URL+"/api/basic", nil); body != "Edited!" {
		t.Fatalf("after edit: %q", body)
	}
	// A new file is a new route at once.
	writeFile(t, dir, "pages/api/fresh/index.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response('new')\n")
	if res, body := get(t, ts.URL+"/api/fresh", nil); res.StatusCode != 200 || body != "new" {
		t.Fatalf("new route: %d %q", res.StatusCode, body)
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/throws.ts", "export const config = { runtime: 'edge' }\n\nfunction fail(): never {\n  throw new Error('boom at line 4')\n}\n\nexport default () => fail()\n")
	writeFile(t, dir, "pages/api/syntax.ts", "export const config = { runtime: 'edge' }\n\nexport default function (req) {\n  return new Response('x'\n}\n")
	writeFile(t, dir, "pages/api/nodefault.ts", "export const config = { runtime: 'edge' }\nexport const x = 1\n")
	writeFile(t, dir, "pages/api/object.ts", "export const config = { runtime: 'edge' }\nexport default () => ({ hello: 1 })\n")
	writeFile(t, dir, "pages/api/undef.ts", "export const config = { runtime: 'edge' }\nexport default () => undefined\n")
	writeFile(t, dir, "pages/api/rejects.ts", "export const config = { runtime: 'edge' }\nexport default async () => { await null; throw 'plain string' }\n")

	rec := &memRecorder{}
	for _, mode := range []bundle.Mode{bundle.Production, bundle.Development} {
		t.Run(string(mode), func(t *testing.T) {
			ts := startServer(t, dir, Options{Mode: mode, Recorder: rec})

			res, body := get(t, ts.URL+"/api/throws", nil)
			// R-HANDLER-4: Next.js 15.5's page (test/nextjs-diff), whose
			// __NEXT_DATA__ carries the error in development only.
			if res.StatusCode != 500 || !strings.Contains(body, `<title data-next-head="">500: Internal Server Error</title>`) ||
				!strings.Contains(body, `<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"statusCode":500,"hostname":"127.0.0.1"}},"page":"/_error","query":{}`) {
				t.Fatalf("throws: %d %q", res.StatusCode, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("content-type = %q", ct)
			}
			wantCC := "private, no-cache, no-store, max-age=0, must-revalidate"
			if mode == bundle.Development {
				wantCC = "no-store, must-revalidate"
			}
			if cc := res.Header.Get("Cache-Control"); cc != wantCC {
				t.Errorf("cache-control = %q, want %q", cc, wantCC)
			}
			hasMsg := strings.Contains(body, "boom at line 4")
			if hasMsg != (mode == bundle.Development) {
				t.Errorf("%s mode: page shows the message = %v", mode, hasMsg)
			}
			if mode == bundle.Development && !strings.Contains(body, `"err":{"name":"Error","source":"edge-server","message":"boom at line 4","stack":"Error: boom at line 4\n`) {
				t.Errorf("development page lacks the error in __NEXT_DATA__: %q", body)
			}
			last := rec.last(t)
			if !strings.Contains(last.Error, "Error: boom at line 4") || !strings.Contains(last.Error, "(pages/api/throws.ts:4:") {
				t.Errorf("recorded error lacks the message or the .ts line:\n%s", last.Error)
			}

			res, body = get(t, ts.URL+"/api/syntax", nil)
			if res.StatusCode != 500 || !strings.Contains(body, "pages/api/syntax.ts:5:0") || !strings.Contains(body, `Expected ")"`) {
				t.Errorf("syntax: %d %q", res.StatusCode, body)
			}

			get(t, ts.URL+"/api/nodefault", nil)
			if e := rec.last(t).Error; !strings.Contains(e, "The Edge Function \"pages/api/nodefault\" must export a `default` function") {
				t.Errorf("no default: %q", e)
			}
			get(t, ts.URL+"/api/object", nil)
			if e := rec.last(t).Error; !strings.Contains(e, "TypeError: Expected an instance of Response to be returned") {
				t.Errorf("object: %q", e)
			}
			res, body = get(t, ts.URL+"/api/undef", nil)
			if res.StatusCode != 200 || body != "" || res.Header.Get("X-Middleware-Next") != "1" {
				t.Errorf("undefined: %d %q %v", res.StatusCode, body, res.Header)
			}
			res, body = get(t, ts.URL+"/api/rejects", nil)
			if e := rec.last(t).Error; res.StatusCode != 500 || !strings.Contains(e, "plain string") {
				t.Errorf("rejects: %d %q", res.StatusCode, e)
			}
			// A thrown non-Error: Next's development page has an empty message.
			if mode == bundle.Development && !strings.Contains(body, `"err":{"source":"edge-server","message":""}`) {
				t.Errorf("rejects with a string: %q", body)
			}
		})
	}
}

func TestNotFoundAndTrailingSlash(t *testing.T) {
	ts := startServer(t, examplesDir(t), Options{})
	res, body := get(t, ts.URL+"/api/jsno", nil)
	if res.StatusCode != 404 || !strings.Contains(body, "Nearest routes: /api/json") || !strings.Contains(body, "<title data-next-head=\"\">404: This page could not be found</title>") {
		t.Errorf("404: %d %q", res.StatusCode, body)
	}
	// Next's page headers, as next start sends them (test/nextjs-diff).
	for name, want := range map[string]string{"Content-Type": "text/html; charset=utf-8", "X-Powered-By": "Next.js", "Vary": "Accept-Encoding",
		"Cache-Control": "private, no-cache, no-store, max-age=0, must-revalidate"} {
		if got := res.Header.Get(name); got != want {
			t.Errorf("404 %s: %q, want %q", name, got, want)
		}
	}
	if etag := res.Header.Get("Etag"); len(etag) < 4 || etag[0] != '"' {
		t.Errorf("404 etag %q", etag)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]string{"/api/json/?a=1": "/api/json?a=1", "/api//json": "/api/json", "//api///json//": "/api/json"} {
		res, err := noRedirect.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 308 || res.Header.Get("Location") != want || res.Header.Get("Refresh") != "0;url="+want || string(b) != want {
			t.Errorf("%s: %d %v %q, want a 308 to %s", path, res.StatusCode, res.Header, b, want)
		}
	}
	// A raw non-ASCII byte in the request line: 400, as Node's parser answers.
	conn, err := net.Dial("tcp", strings.TrimPrefix(ts.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /api/json?raw=\xc3\xa9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	line, _ := bufio.NewReader(conn).ReadString('\n')
	if !strings.HasPrefix(line, "HTTP/1.1 400 ") {
		t.Errorf("raw non-ASCII request line: %q", line)
	}
}

func TestDynamicParamsInQuery(t *testing.T) {
	// R-ROUTE-3 as Next.js 15.5 does it (test/nextjs-diff): a param takes
	// the place of the first query parameter of its name, else goes at the
	// end; every query is re-serialised as URLSearchParams writes it.
	dir := t.TempDir()
	echo := "export const config = { runtime: 'edge' }\nexport default (req) => new Response(req.url.slice(req.url.indexOf('/api')))\n"
	writeFile(t, dir, "pages/api/users/[id].ts", echo)
	writeFile(t, dir, "pages/api/docs/[...slug].ts", echo)
	writeFile(t, dir, "pages/api/opt/[[...rest]].ts", echo)
	writeFile(t, dir, "pages/api/[user]/[post].ts", echo)
	writeFile(t, dir, "pages/api/url.ts", echo)
	ts := startServer(t, dir, Options{})
	tests := []struct{ path, want string }{
		{"/api/users/42?x=1&x=2", "/api/users/42?x=1&x=2&id=42"},
		{"/api/users/42?id=7", "/api/users/42?id=42"},
		{"/api/users/42?id=7&z=1&id=8", "/api/users/42?id=42&z=1"},
		{"/api/url?a=&b&=c&&", "/api/url?a=&b=&=c"},
		{"/api/url?q=a+b%20c%2B", "/api/url?q=a+b+c%2B"},
		{"/api/url?x=%zz&y=%E2", "/api/url?x=%25zz&y=%EF%BF%BD"},
		// Next's router's own parameters: _rsc dropped, nxtP<name> sets <name>.
		{"/api/users/42?nxtPid=9&nxtPfoo=1&__nextDefaultLocale=x&_rsc=1&__nextDataReq=1", "/api/users/42?__nextDefaultLocale=x&__nextDataReq=1&id=9&foo=1"},
		{"/api/users/42?q=*~%20", "/api/users/42?q=*%7E+&id=42"},
		{"/api/docs/a%2Fb/c%20d?slug=z", "/api/docs/a%2Fb/c%20d?slug=a%2Fb&slug=c+d"},
		{"/api/opt?rest=kept", "/api/opt?rest=kept"},
		{"/api/ann/p1", "/api/ann/p1?user=ann&post=p1"},
	}
	for _, tt := range tests {
		if _, body := get(t, ts.URL+tt.path, nil); body != tt.want {
			t.Errorf("%s: handler saw %q, want %q", tt.path, body, tt.want)
		}
	}
	port := strings.TrimPrefix(ts.URL, "http://127.0.0.1:")
	writeFile(t, dir, "pages/api/full.ts", "export const config = { runtime: 'edge' }\nexport default (req) => new Response(req.url)\n")
	if _, body := get(t, ts.URL+"/api/full", nil); body != "http://localhost:"+port+"/api/full" {
		t.Errorf("req.url = %q (R-HANDLER-7)", body)
	}
}

func TestRequestBodyAndHeadersReachTheHandler(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/echo.ts", `import type { NextRequest } from 'next/server'
export const config = { runtime: 'edge' }
export default async function handler(req: NextRequest) {
  const body = await req.json()
  return Response.json({
    method: req.method,
    got: body,
    session: req.cookies.get('session')?.value ?? null,
    proto: req.headers.get('x-forwarded-proto'),
    custom: req.headers.get('x-custom'),
  })
}
`)
	ts := startServer(t, dir, Options{})
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/api/echo", strings.NewReader(`{"a":[1,2]}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", "session=a%20b; other=1")
	req.Header.Set("X-Custom", "yes")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if want := `{"method":"POST","got":{"a":[1,2]},"session":"a b","proto":"http","custom":"yes"}`; string(body) != want {
		t.Errorf("got %d %s, want %s", res.StatusCode, body, want)
	}
}

func TestProcessEnvComesFromTheWorkspaceEnvFiles(t *testing.T) {
	// R-RT-4: .env files in Next's order, never the host's environment.
	t.Setenv("EDGEPLAY_HOST_SECRET", "host-only")
	dir := t.TempDir()
	writeFile(t, dir, ".env", "API_URL=https://api.example\nGREETING=hello from .env\n")
	writeFile(t, dir, ".env.production", "GREETING=hello from production\n")
	writeFile(t, dir, "pages/api/env.ts", "export const config = { runtime: 'edge' }\nexport default () => Response.json({ g: process.env.GREETING, u: process.env.API_URL, host: process.env.EDGEPLAY_HOST_SECRET ?? null, mode: process.env.NODE_ENV })\n")
	ts := startServer(t, dir, Options{})
	if _, body := get(t, ts.URL+"/api/env", nil); body != `{"g":"hello from production","u":"https://api.example","host":null,"mode":"production"}` {
		t.Fatalf("env = %s", body)
	}
	// An edited env file reaches new isolates after the next refresh.
	writeFile(t, dir, ".env.local", "GREETING=hello from local\n")
	if _, err := ts.srv.Refresh(); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, ts.URL+"/api/env", nil); !strings.Contains(body, `"g":"hello from local"`) {
		t.Fatalf("after editing .env.local: %s", body)
	}
	// A malformed file is reported on the routes, with file and line.
	writeFile(t, dir, ".env.local", "not an assignment\n")
	if _, err := ts.srv.Refresh(); err != nil {
		t.Fatal(err)
	}
	if r := ts.srv.Routes(); len(r) != 1 || len(r[0].Problems) == 0 || !strings.Contains(r[0].Problems[len(r[0].Problems)-1].Message, ".env.local: line 1") {
		t.Errorf("routes = %+v", r)
	}
}

func TestCustomStatusTextIsSent(t *testing.T) {
	// R-HANDLER-7 (obs.): a custom statusText reaches the client.
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/teapot.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response('short and stout', { status: 418, statusText: 'Brewing Elsewhere', headers: { 'x-pot': 'yes' } })\n")
	ts := startServer(t, dir, Options{})
	res, body := get(t, ts.URL+"/api/teapot", nil)
	if res.Status != "418 Brewing Elsewhere" || body != "short and stout" || res.Header.Get("X-Pot") != "yes" {
		t.Errorf("got %q %q %v", res.Status, body, res.Header)
	}
	res, _ = get(t, ts.URL+"/api/teapot", nil) // the server keeps serving after taking a connection over
	if res.StatusCode != 418 {
		t.Errorf("second request: %d", res.StatusCode)
	}
}

func TestImportedFileErrorClearsWhenFixed(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "lib/x.ts", "export const x = (\n")
	writeFile(t, dir, "pages/api/r.ts", "import { x } from '../../lib/x'\nexport const config = { runtime: 'edge' }\nexport default () => new Response(String(x))\n")
	ts := startServer(t, dir, Options{})
	if res, body := get(t, ts.URL+"/api/r", nil); res.StatusCode != 500 || !strings.Contains(body, "lib/x.ts") {
		t.Fatalf("broken import: %d %q", res.StatusCode, body)
	}
	writeFile(t, dir, "lib/x.ts", "export const x = 'fixed'\n")
	if res, body := get(t, ts.URL+"/api/r", nil); res.StatusCode != 200 || body != "fixed" {
		t.Fatalf("after fixing the import: %d %q", res.StatusCode, body)
	}
}

func TestConflictingRoutesAnswerWithBothFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/a.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response('a')\n")
	writeFile(t, dir, "pages/api/a/index.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response('index')\n")
	ts := startServer(t, dir, Options{})
	res, body := get(t, ts.URL+"/api/a", nil)
	if res.StatusCode != 500 || !strings.Contains(body, "pages/api/a.ts") || !strings.Contains(body, "pages/api/a/index.ts") {
		t.Errorf("conflict: %d %q", res.StatusCode, body)
	}
	if routes := ts.srv.Routes(); len(routes) != 1 || routes[0].Status != StatusBuildError {
		t.Errorf("route table = %+v", routes)
	}
}

func TestModuleTopLevelLoopIsStopped(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/spin.ts", "while (true) {}\nexport const config = { runtime: 'edge' }\nexport default () => new Response('never')\n")
	ts := startServer(t, dir, Options{Timeout: 300 * time.Millisecond})
	res, body := get(t, ts.URL+"/api/spin", nil)
	if res.StatusCode != 504 || !strings.Contains(body, "FUNCTION_INVOCATION_TIMEOUT") {
		t.Errorf("spin: %d %q", res.StatusCode, body)
	}
}

// memRecorder keeps exchanges in memory.
type memRecorder struct {
	mu   sync.Mutex
	list []store.Exchange
}

func (m *memRecorder) Record(e store.Exchange) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.list = append(m.list, e)
	return true
}

func (m *memRecorder) last(t *testing.T) store.Exchange {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.list) == 0 {
		t.Fatal("nothing recorded")
	}
	return m.list[len(m.list)-1]
}

func TestHistoryHoldsEveryConcurrentRequest(t *testing.T) {
	ctx := context.Background()
	hist, err := store.Open(ctx, filepath.Join(t.TempDir(), "history.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer hist.Close()
	ts := startServer(t, examplesDir(t), Options{Recorder: hist, PoolSize: 4})

	const n = 240
	client := &http.Client{Timeout: 30 * time.Second}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 32)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			path := []string{"/api/basic", "/api/json", "/api/query-parameters?email=u" + fmt.Sprint(i)}[i%3]
			res, err := client.Get(ts.URL + path)
			if err != nil {
				errs <- err
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				errs <- fmt.Errorf("%s: status %d", path, res.StatusCode)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := hist.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	count, err := hist.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Fatalf("history holds %d rows, want %d (stats %+v)", count, n, hist.Stats())
	}
	recent, err := hist.Recent(ctx, 1)
	if err != nil || len(recent) != 1 || recent[0].Status != 200 || recent[0].Route == "" || recent[0].HandlerVersion == "" {
		t.Errorf("newest record = %+v, %v", recent, err)
	}
}

// TestRunawayHandlerIsStopped: edgeplay.json's cpuLimit (R-RT-6) ends a
// busy loop with a 500 whose record names the limit and the time used,
// while another route keeps answering; the next request gets a new isolate.
func TestRunawayHandlerIsStopped(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "edgeplay.json", `{"cpuLimit": "400ms", "isolates": 1}`)
	writeFile(t, dir, "pages/api/spin.ts", "export const config = { runtime: 'edge' }\nlet n = 0\nexport default (req: Request) => {\n  n++\n  if (new URL(req.url).searchParams.has('forever')) while (true) {}\n  return new Response(String(n))\n}\n")
	writeFile(t, dir, "pages/api/ok.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response('ok')\n")
	rec := &memRecorder{}
	ts := startServer(t, dir, Options{Recorder: rec})
	if _, body := get(t, ts.URL+"/api/spin", nil); body != "1" {
		t.Fatalf("warm-up: %q", body)
	}
	done := make(chan *http.Response, 1)
	go func() {
		res, err := http.Get(ts.URL + "/api/spin?forever")
		if err != nil {
			t.Error(err)
			done <- nil
			return
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		done <- res
	}()
	if _, body := get(t, ts.URL+"/api/ok", nil); body != "ok" {
		t.Errorf("the other route answered %q while one spun", body)
	}
	if res := <-done; res == nil || res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("spin: %v", res)
	}
	rec.mu.Lock()
	var stopped string
	for _, e := range rec.list {
		if strings.HasSuffix(e.URL, "?forever") {
			stopped = e.Error
		}
	}
	rec.mu.Unlock()
	if !strings.Contains(stopped, "EDGE_FUNCTION_CPU_LIMIT") || !strings.Contains(stopped, "limit of 400ms") {
		t.Errorf("record error = %q", stopped)
	}
	// Every record carries the CPU time measured (shown beside the limit).
	rec.mu.Lock()
	for _, e := range rec.list {
		if strings.HasSuffix(e.URL, "?forever") && e.CPUTime < 400*time.Millisecond {
			t.Errorf("the stopped request's record says %s of CPU time", e.CPUTime)
		}
	}
	rec.mu.Unlock()
	if _, body := get(t, ts.URL+"/api/spin", nil); body != "1" {
		t.Errorf("after the limit the route answered %q, want a fresh isolate's 1", body)
	}
}

// TestRouteLimits: the route table gives each route the limits of R-RT-6
// it runs under: maxDuration from its config (which bounds the first byte
// too when shorter), the workspace's CPU limit and isolate count.
func TestRouteLimits(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "edgeplay.json", `{"cpuLimit": "2s", "isolates": 3}`)
	writeFile(t, dir, "pages/api/short.ts", "export const config = { runtime: 'edge', maxDuration: 5 }\nexport default () => new Response('x')\n")
	writeFile(t, dir, "pages/api/plain.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response('x')\n")
	ts := startServer(t, dir, Options{})
	want := map[string]RouteLimits{
		"/api/plain": {FirstByteMs: 25000, MaxDurationMs: 25000, CPUMs: 2000, MemoryBytes: 128 << 20, RequestBodyBytes: 4_500_000, Isolates: 3},
		"/api/short": {FirstByteMs: 5000, MaxDurationMs: 5000, CPUMs: 2000, MemoryBytes: 128 << 20, RequestBodyBytes: 4_500_000, Isolates: 3},
	}
	for _, r := range ts.srv.Routes() {
		if r.Limits != want[r.Pattern] {
			t.Errorf("%s: limits %+v, want %+v", r.Pattern, r.Limits, want[r.Pattern])
		}
	}
}

// TestSaveWithoutChangeKeepsIsolates: a save that leaves the bundle's
// content hash as it was keeps the route's warm isolates and their module
// state (R-HANDLER-5); a real change starts fresh ones.
func TestSaveWithoutChangeKeepsIsolates(t *testing.T) {
	dir := t.TempDir()
	src := "export const config = { runtime: 'edge' }\nlet n = 0\nexport default () => new Response(String(++n))\n"
	writeFile(t, dir, "pages/api/count.ts", src)
	ts := startServer(t, dir, Options{PoolSize: 1})
	for _, want := range []string{"1", "2"} {
		if _, body := get(t, ts.URL+"/api/count", nil); body != want {
			t.Fatalf("got %q, want %q", body, want)
		}
	}
	p := filepath.Join(dir, "pages", "api", "count.ts")
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(p, later, later); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.srv.Refresh(); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, ts.URL+"/api/count", nil); body != "3" {
		t.Errorf("after a save without change: %q, want the same isolate's 3", body)
	}
	writeFile(t, dir, "pages/api/count.ts", src+"// changed\n")
	if _, body := get(t, ts.URL+"/api/count", nil); body != "1" {
		t.Errorf("after a change: %q, want a fresh isolate's 1", body)
	}
}

// TestAppRouterRoutes: App Router route handlers are served beside
// pages/api (R-ROUTE-6), route groups add no segment, private folders are
// not routed, and a URL both routers claim is a conflict naming both files.
func TestAppRouterRoutes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "app/app-api/hello/route.ts", "export const runtime = 'edge'\nexport function GET(req: Request) { return Response.json({ hello: new URL(req.url).pathname }) }\nexport function POST() { return new Response(null, { status: 201 }) }\n")
	writeFile(t, dir, "app/(group)/grouped/route.ts", "export const runtime = 'edge'\nexport const GET = () => new Response('grouped')\n")
	writeFile(t, dir, "app/items/[id]/[...rest]/route.ts", "export const runtime = 'edge'\nexport async function GET(req: Request, { params }: any) { return Response.json({ params: await params, search: new URL(req.url).search }) }\n")
	writeFile(t, dir, "app/_private/route.ts", "export const runtime = 'edge'\nexport const GET = () => new Response('private')\n")
	writeFile(t, dir, "app/node/route.ts", "export const GET = () => new Response('node')\n")
	writeFile(t, dir, "app/api/both/route.ts", "export const runtime = 'edge'\nexport const GET = () => new Response('app')\n")
	writeFile(t, dir, "pages/api/both.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response('pages')\n")
	ts := startServer(t, dir, Options{})

	if res, body := get(t, ts.URL+"/app-api/hello", nil); res.StatusCode != 200 || body != `{"hello":"/app-api/hello"}` {
		t.Errorf("GET /app-api/hello: %d %q", res.StatusCode, body)
	}
	req, _ := http.NewRequest(http.MethodOptions, ts.URL+"/app-api/hello", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 204 || res.Header.Get("Allow") != "GET, HEAD, OPTIONS, POST" {
		t.Errorf("OPTIONS: %d allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
	req, _ = http.NewRequest(http.MethodPut, ts.URL+"/app-api/hello", nil)
	if res, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 405 || res.Header.Get("Allow") != "" {
		t.Errorf("PUT: %d allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
	if res, body := get(t, ts.URL+"/items/9/x/y%2Fz?q=1", nil); res.StatusCode != 200 || body != `{"params":{"id":"9","rest":["x","y/z"]},"search":"?q=1&id=9&rest=x&rest=y%2Fz"}` {
		t.Errorf("params: %d %s", res.StatusCode, body)
	}
	if res, body := get(t, ts.URL+"/grouped", nil); res.StatusCode != 200 || body != "grouped" {
		t.Errorf("route group: %d %q", res.StatusCode, body)
	}
	// A handler without runtime = 'edge' is explained with the App Router's fix (R-ROUTE-5).
	if res, body := get(t, ts.URL+"/node", nil); res.StatusCode != 501 || !strings.Contains(body, "Fix: add this line to the file: export const runtime = 'edge'") {
		t.Errorf("node route handler: %d %q", res.StatusCode, body)
	}
	if res, _ := get(t, ts.URL+"/_private", nil); res.StatusCode != 404 {
		t.Errorf("private folder: %d", res.StatusCode)
	}
	if res, body := get(t, ts.URL+"/api/both", nil); res.StatusCode != 500 || !strings.Contains(body, "pages/api/both.ts") || !strings.Contains(body, "app/api/both/route.ts") {
		t.Errorf("pages/app conflict: %d %q", res.StatusCode, body)
	}
	var patterns []string
	for _, r := range ts.srv.Routes() {
		patterns = append(patterns, r.Pattern)
	}
	if got := strings.Join(patterns, " "); got != "/api/both /api/both /app-api/hello /grouped /items/[id]/[...rest] /node" {
		t.Errorf("route table: %s", got)
	}
}

// TestRepeatedRequestHeaders: repeated request headers reach the handler as
// Node's HTTP server gives them to Next.js (test/nextjs-diff): Cookie lines
// joined with "; " (so RequestCookies sees every cookie), the first of a
// single-valued header such as User-Agent, other repeats joined by Headers.
func TestRepeatedRequestHeaders(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/h.ts", `import type { NextRequest } from 'next/server'
export const config = { runtime: 'edge' }
export default (req: NextRequest) => Response.json({
  cookie: req.headers.get('cookie'), names: req.cookies.getAll().map((c) => c.name),
  ua: req.headers.get('user-agent'), x: req.headers.get('x-multi'),
})
`)
	ts := startServer(t, dir, Options{})
	req, _ := http.NewRequest("GET", ts.URL+"/api/h", nil)
	req.Header["Cookie"] = []string{"a=1; b=2", "c=3"}
	req.Header["User-Agent"] = []string{"first", "second"}
	req.Header["X-Multi"] = []string{"one", "two"}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if want := `{"cookie":"a=1; b=2; c=3","names":["a","b","c"],"ua":"first","x":"one, two"}`; string(body) != want {
		t.Errorf("got %s, want %s", body, want)
	}
}

// TestReasonPhrasesAsNode: without a statusText, the reason phrase is the
// one `next start` (Node) sends (observed by test/nextjs-diff).
func TestReasonPhrasesAsNode(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/s.ts", "export const config = { runtime: 'edge' }\nexport default (req: Request) => new Response('x', { status: Number(new URL(req.url).searchParams.get('s')) })\n")
	ts := startServer(t, dir, Options{})
	for _, tt := range []struct {
		status int
		want   string
	}{{418, "418 I'm a Teapot"}, {499, "499 unknown"}, {599, "599 unknown"}, {413, "413 Payload Too Large"}, {404, "404 Not Found"}, {201, "201 Created"}} {
		res, _ := get(t, fmt.Sprintf("%s/api/s?s=%d", ts.URL, tt.status), nil)
		if res.Status != tt.want {
			t.Errorf("status %d: %q, want %q", tt.status, res.Status, tt.want)
		}
	}
}

// TestNoSniffedContentType: a response that sets no Content-Type is sent
// without one, as Node sends it (net/http would sniff one).
func TestNoSniffedContentType(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/bytes.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response(new Uint8Array([0, 1, 2, 255]))\n")
	writeFile(t, dir, "pages/api/stream.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('<html>')); c.close() } }))\n")
	ts := startServer(t, dir, Options{})
	for _, p := range []string{"/api/bytes", "/api/stream", "/api/bytes/"} {
		res, _ := get(t, ts.URL+p, nil)
		if ct, set := res.Header["Content-Type"]; set {
			t.Errorf("%s: Content-Type %q", p, ct)
		}
	}
}

// TestRepeatedResponseHeadersJoin: a response header appended twice is
// one line with both values, as Next.js sends it; Set-Cookie keeps a line
// per cookie.
func TestRepeatedResponseHeadersJoin(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/dup.ts", "export const config = { runtime: 'edge' }\nexport default () => { const h = new Headers(); h.append('x-dup', 'one'); h.append('x-dup', 'two'); h.append('set-cookie', 'a=1'); h.append('set-cookie', 'b=2'); return new Response('x', { headers: h }) }\n")
	ts := startServer(t, dir, Options{})
	res, _ := get(t, ts.URL+"/api/dup", nil)
	if got := res.Header["X-Dup"]; len(got) != 1 || got[0] != "one, two" {
		t.Errorf("x-dup lines: %q", got)
	}
	if got := res.Header["Set-Cookie"]; len(got) != 2 {
		t.Errorf("set-cookie lines: %q", got)
	}
}

// TestNotFoundPageFollowsTheRouter: next dev answers an unmatched URL with
// the App Router's not-found page once the workspace has an app/ directory
// (RSC names in Vary, no ETag); next start, and next dev without app/, with
// the pages router's 404 page (test/nextjs-diff).
func TestNotFoundPageFollowsTheRouter(t *testing.T) {
	for _, tc := range []struct {
		name      string
		mode      bundle.Mode
		appDir    bool
		wantVary  string
		wantTitle string
		wantETag  bool
	}{
		{"dev with app dir", bundle.Development, true, "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding", "<title>404: This page could not be found.</title>", false},
		{"dev without app dir", bundle.Development, false, "Accept-Encoding", `<title data-next-head="">404: This page could not be found</title>`, true},
		{"production with app dir", bundle.Production, true, "Accept-Encoding", `<title data-next-head="">404: This page could not be found</title>`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "pages/api/json.ts", "export const config = { runtime: 'edge' }\nexport default () => Response.json({})\n")
			if tc.appDir {
				writeFile(t, dir, "app/app-api/hello/route.ts", "export const runtime = 'edge'\nexport const GET = () => new Response('hi')\n")
			}
			ts := startServer(t, dir, Options{Mode: tc.mode})
			res, body := get(t, ts.URL+"/api/jsno", nil)
			if res.StatusCode != 404 || !strings.Contains(body, tc.wantTitle) || !strings.Contains(body, "Nearest routes: /api/json") {
				t.Errorf("404: %d %q", res.StatusCode, body)
			}
			if got := res.Header.Get("Vary"); got != tc.wantVary {
				t.Errorf("Vary %q, want %q", got, tc.wantVary)
			}
			if got := res.Header.Get("Etag") != ""; got != tc.wantETag {
				t.Errorf("ETag present %v, want %v", got, tc.wantETag)
			}
		})
	}
}

// TestSlashRedirect: R-ROUTE-4's 308 targets, by default and with
// next.config's trailingSlash: true.
func TestSlashRedirect(t *testing.T) {
	for _, tc := range []struct {
		path     string
		trailing bool
		want     string // "" for no redirect
	}{
		{"/api/x", false, ""},
		{"/api/x/", false, "/api/x"},
		{"/api//x", false, "/api/x"},
		{"//", false, "/"},
		{"/", false, ""},
		{"/", true, ""},
		{"/api/x", true, "/api/x/"},
		{"/api/x/", true, ""},
		{"/api//x//", true, "/api/x/"},
		{"/api/data.json", true, ""},
		{"/api/data.json/", true, "/api/data.json"},
		{"/.well-known/thing", true, "/.well-known/thing/"},
	} {
		got, ok := slashRedirect(tc.path, tc.trailing)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("slashRedirect(%q, %v) = %q, want %q", tc.path, tc.trailing, got, tc.want)
		}
	}
}

// TestNextConfigSettings: next.config's trailingSlash moves the redirect
// (R-ROUTE-4) and its env values reach handlers inlined (R-RT-4); editing
// the file applies both without a restart.
func TestNextConfigSettings(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/hello.ts", "export const config = { runtime: 'edge' }\nexport default (req: Request) => Response.json({ path: new URL(req.url).pathname, env: process.env.FROM_CONFIG ?? null })\n")
	writeFile(t, dir, "next.config.mjs", "const nextConfig = { trailingSlash: true, env: { FROM_CONFIG: 'one' } }\nexport default nextConfig\n")
	ts := startServer(t, dir, Options{})
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noRedirect.Get(ts.URL + "/api/hello?a=1")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 308 || res.Header.Get("Location") != "/api/hello/?a=1" {
		t.Errorf("without the slash: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, body := get(t, ts.URL+"/api/hello/", nil); res.StatusCode != 200 || body != `{"path":"/api/hello/","env":"one"}` {
		t.Errorf("with the slash: %d %q", res.StatusCode, body)
	}
	writeFile(t, dir, "next.config.mjs", "export default { env: { FROM_CONFIG: 'two' } }\n")
	if _, err := ts.srv.Refresh(); err != nil {
		t.Fatal(err)
	}
	if res, body := get(t, ts.URL+"/api/hello", nil); res.StatusCode != 200 || body != `{"path":"/api/hello","env":"two"}` {
		t.Errorf("after the edit: %d %q", res.StatusCode, body)
	}
}

// TestRecordHoldsParamsTimingsAndChunks: the record keeps the matched
// params, the phases (handler start ≤ first byte ≤ duration) and, for a
// streamed body, when each chunk went out and its size.
func TestRecordHoldsParamsTimingsAndChunks(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/docs/[...slug].ts", `export const config = { runtime: 'edge' }
export default () => {
  const enc = new TextEncoder()
  let n = 0
  return new Response(new ReadableStream({
    async pull(c) {
      if (n === 3) { c.close(); return }
      await new Promise((r) => setTimeout(r, 5))
      c.enqueue(enc.encode('part' + n++))
    },
  }))
}
`)
	rec := &memRecorder{}
	ts := startServer(t, dir, Options{Recorder: rec})
	if res, body := get(t, ts.URL+"/api/docs/a/b", nil); res.StatusCode != 200 || body != "part0part1part2" {
		t.Fatalf("%d %q", res.StatusCode, body)
	}
	e := rec.last(t)
	if got := e.Params["slug"]; len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("params %v", e.Params)
	}
	tm := e.Timings
	if tm.HandlerStart <= 0 || tm.FirstByte < tm.HandlerStart || e.Duration < tm.FirstByte || tm.CompileWait < 0 {
		t.Errorf("timings %+v, duration %v", tm, e.Duration)
	}
	if len(e.Chunks) != 3 {
		t.Fatalf("chunks %+v", e.Chunks)
	}
	for i, c := range e.Chunks {
		if c.Size != 5 || c.At < tm.FirstByte || (i > 0 && c.At < e.Chunks[i-1].At) || c.At > e.Duration {
			t.Errorf("chunk %d: %+v (first byte %v, duration %v)", i, c, tm.FirstByte, e.Duration)
		}
	}
}

// TestReplayHeaderLinksTheRecord: the replay header never reaches the
// handler, and the record names the exchange replayed.
func TestReplayHeaderLinksTheRecord(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/h.ts", "export const config = { runtime: 'edge' }\nexport default (req: Request) => new Response(String(req.headers.has('x-edgeplay-replay-of')))\n")
	rec := &memRecorder{}
	ts := startServer(t, dir, Options{Recorder: rec})
	res, body := get(t, ts.URL+"/api/h", http.Header{ReplayHeader: {"42"}})
	if res.StatusCode != 200 || body != "false" {
		t.Errorf("handler saw the header: %d %q", res.StatusCode, body)
	}
	if e := rec.last(t); e.ReplayOf != 42 || e.RequestHeaders.Get(ReplayHeader) != "" {
		t.Errorf("record: replayOf %d, headers %v", e.ReplayOf, e.RequestHeaders)
	}
}

// TestRecordBodyBytesBoundsAStreamedBody: a record keeps the first
// RecordBodyBytes of a streamed body, marked truncated with its full size.
func TestRecordBodyBytesBoundsAStreamedBody(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/s.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response(new ReadableStream({ start(c) { for (const p of ['abc', 'def', 'ghi']) c.enqueue(new TextEncoder().encode(p)); c.close() } }))\n")
	rec := &memRecorder{}
	ts := startServer(t, dir, Options{Recorder: rec, RecordBodyBytes: 4})
	if res, body := get(t, ts.URL+"/api/s", nil); res.StatusCode != 200 || body != "abcdefghi" {
		t.Fatalf("%d %q", res.StatusCode, body)
	}
	e := rec.last(t)
	if string(e.ResponseBody) != "abcd" || !e.ResponseBodyTruncated || e.ResponseBodySize != 9 {
		t.Errorf("record: %q truncated %v size %d", e.ResponseBody, e.ResponseBodyTruncated, e.ResponseBodySize)
	}
}

// TestControlPrefixIsReserved: /_edgeplay/ answers Edgeplay's control API
// (a path Next.js serves nothing at: "_" folders are private), and
// nothing under it is recorded.
func TestControlPrefixIsReserved(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/x.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response('x')\n")
	rec := &memRecorder{}
	ts := startServer(t, dir, Options{Recorder: rec})
	res, body := get(t, ts.URL+"/_edgeplay/regions", nil)
	if res.StatusCode != 200 || !strings.Contains(body, `"id": "sfo1"`) || !strings.Contains(body, `"home": "iad1"`) {
		t.Errorf("regions: %d %s", res.StatusCode, body)
	}
	res, body = get(t, ts.URL+"/_edgeplay/nope", nil)
	if res.StatusCode != 404 || !strings.Contains(body, "is not an endpoint of Edgeplay's control API") || !strings.Contains(body, "/_edgeplay/regions") {
		t.Errorf("unknown endpoint: %d %s", res.StatusCode, body)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.list) != 0 {
		t.Errorf("control calls were recorded: %+v", rec.list)
	}
}
