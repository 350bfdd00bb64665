package isolate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"edgeplay/runtime/bundle"
)

// compileAppRoute bundles an App Router route handler source.
func compileAppRoute(t *testing.T, src string) *Program {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "app", "items", "[id]", "route.ts")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := bundle.Build(bundle.Options{Dir: dir, Entry: "app/items/[id]/route.ts", AppRoute: true})
	if res.Failed() {
		t.Fatalf("build: %v", res.Problems)
	}
	prog, err := Compile("app/items/[id]/route.ts", res.Code, res.Hash)
	if err != nil {
		t.Fatal(err)
	}
	prog.AppRoute = true
	return prog
}

// TestAppRouteMethods checks R-ROUTE-6 as Next.js 15.5 answers it
// (test/nextjs-diff): one handler per exported method, HEAD by GET,
// OPTIONS with a sorted Allow header, 405 without one for other standard
// methods, 400 for non-standard ones, params as a promise.
func TestAppRouteMethods(t *testing.T) {
	prog := compileAppRoute(t, `export const runtime = 'edge'
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return Response.json({ method: req.method, id })
}
export function POST() { return new Response('made', { status: 201 }) }
`)
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	params := []Param{{Name: "id", Values: []string{"9"}}}
	tests := []struct {
		method, body, allow string
		status              int
	}{
		{"GET", `{"method":"GET","id":"9"}`, "", 200},
		{"HEAD", `{"method":"HEAD","id":"9"}`, "", 200},
		{"POST", "made", "", 201},
		{"OPTIONS", "", "GET, HEAD, OPTIONS, POST", 204},
		{"PUT", "", "", 405},
		{"DELETE", "", "", 405},
		{"PURGE", "", "", 400},
	}
	for _, tt := range tests {
		res, err := pool.Serve(context.Background(), Request{URL: "http://localhost:3000/items/9", Method: tt.method, Params: params})
		if err != nil {
			t.Fatalf("%s: %v", tt.method, err)
		}
		allow := headerValue(res, "allow")
		if res.Status != tt.status || string(res.Body) != tt.body || allow != tt.allow {
			t.Errorf("%s: %d %q allow %q, want %d %q allow %q", tt.method, res.Status, res.Body, allow, tt.status, tt.body, tt.allow)
		}
	}
}

// TestAppRouteParamsAndErrors: params per Next version (a promise that
// also carries the values in 15, a plain object in 14), catch-all values as
// arrays, and Next's error for a handler that returns no Response.
func TestAppRouteParamsAndErrors(t *testing.T) {
	prog := compileAppRoute(t, `export const runtime = 'edge'
export async function GET(req: Request, ctx: any) {
  const p = ctx.params
  const isPromise = typeof p.then === 'function'
  const v = isPromise ? await p : p
  return Response.json({ isPromise, sync: p.id ?? null, v })
}
export function POST() { return { not: 'a response' } }
`)
	params := []Param{{Name: "id", Values: []string{"a b"}}, {Name: "rest", Values: []string{"x", "y/z"}, CatchAll: true}}
	for _, tt := range []struct {
		version int
		want    string
	}{
		{15, `{"isPromise":true,"sync":"a b","v":{"id":"a b","rest":["x","y/z"]}}`},
		{16, `{"isPromise":true,"sync":null,"v":{"id":"a b","rest":["x","y/z"]}}`},
		{14, `{"isPromise":false,"sync":"a b","v":{"id":"a b","rest":["x","y/z"]}}`},
	} {
		pool := engine.NewPool(prog, Options{Size: 1, NextVersion: tt.version})
		res, err := pool.Serve(context.Background(), Request{URL: "http://localhost:3000/items/a%20b", Method: "GET", Params: params})
		if err != nil || string(res.Body) != tt.want {
			t.Errorf("Next %d: %v %q, want %q", tt.version, err, res.Body, tt.want)
		}
		_, err = pool.Serve(context.Background(), Request{URL: "http://localhost:3000/items/1", Method: "POST"})
		if err == nil || !strings.Contains(err.Error(), "No response is returned from route handler 'app/items/[id]/route.ts'. Ensure you return a `Response` or a `NextResponse` in all branches of your handler.") {
			t.Errorf("Next %d, non-Response: %v", tt.version, err)
		}
		pool.Close()
	}
}

// TestAppRouteWithoutGET: without GET (nor HEAD) Next.js implements no
// OPTIONS either, so both answer 405.
func TestAppRouteWithoutGET(t *testing.T) {
	prog := compileAppRoute(t, "export const runtime = 'edge'\nexport function POST() { return new Response('ok') }\n")
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	for _, m := range []string{"GET", "HEAD"} {
		res, err := pool.Serve(context.Background(), Request{URL: "http://localhost:3000/items/1", Method: m})
		if err != nil || res.Status != 405 {
			t.Errorf("%s: %v %v", m, res, err)
		}
	}
	// OPTIONS is still answered automatically, as Next 15.5 does.
	res, err := pool.Serve(context.Background(), Request{URL: "http://localhost:3000/items/1", Method: "OPTIONS"})
	if err != nil || res.Status != 204 || headerValue(res, "allow") != "OPTIONS, POST" {
		t.Errorf("OPTIONS: %+v %v", res, err)
	}
}

// TestNextHeaders checks next/headers in an App Router handler (R-MOD-1,
// observed on Next.js 15.5 by test/nextjs-diff): headers() reads the
// request's headers and refuses changes, cookies() holds the request's
// cookies as response cookies, and what the handler sets through it is
// added to the response's Set-Cookie lines.
func TestNextHeaders(t *testing.T) {
	prog := compileAppRoute(t, `import { cookies, headers } from 'next/headers'
export const runtime = 'edge'
export async function GET() {
  const h = await headers()
  const c = await cookies()
  let readonly = ''
  try { h.set('x', '1') } catch (e: any) { readonly = e.name }
  c.set('from-next-headers', 'yes', { httpOnly: true })
  return Response.json({ xTest: h.get('x-test'), readonly, a: c.get('a') ?? null, all: c.getAll() })
}
export async function POST() {
  (await cookies()).delete('a')
  const res = new Response('x')
  res.headers.append('set-cookie', 'own=1; Path=/')
  return res
}
`)
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	headers := [][2]string{{"x-test", "T"}, {"cookie", "a=1; b=2"}}
	res, err := pool.Serve(context.Background(), Request{URL: "http://localhost:3000/items/1", Method: "GET", Headers: headers})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"xTest":"T","readonly":"ReadonlyHeadersError","a":{"name":"a","value":"1","path":"/"},"all":[{"name":"a","value":"1","path":"/"},{"name":"b","value":"2","path":"/"},{"name":"from-next-headers","value":"yes","httpOnly":true,"path":"/"}]}`
	if string(res.Body) != want {
		t.Errorf("body %s\nwant %s", res.Body, want)
	}
	var setCookies []string
	for _, h := range res.Headers {
		if h[0] == "set-cookie" {
			setCookies = append(setCookies, h[1])
		}
	}
	if strings.Join(setCookies, " | ") != "from-next-headers=yes; Path=/; HttpOnly" {
		t.Errorf("set-cookie %q", setCookies)
	}
	res, err = pool.Serve(context.Background(), Request{URL: "http://localhost:3000/items/1", Method: "POST", Headers: headers})
	if err != nil {
		t.Fatal(err)
	}
	setCookies = nil
	for _, h := range res.Headers {
		if h[0] == "set-cookie" {
			setCookies = append(setCookies, h[1])
		}
	}
	if strings.Join(setCookies, " | ") != "own=1; Path=/ | a=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT" {
		t.Errorf("delete, then the response's own: %q", setCookies)
	}
}

// headerValue is the value of a response header (the last one of its name).
func headerValue(res *Response, name string) string {
	v := ""
	for _, h := range res.Headers {
		if strings.EqualFold(h[0], name) {
			v = h[1]
		}
	}
	return v
}
