package webapi

import (
	"errors"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

func TestNewRequest(t *testing.T) {
	e := newEnv(t)
	req, err := e.b.NewRequest(IncomingRequest{
		URL:     "http://localhost:3000/api/users/42?x=1",
		Method:  "post",
		Headers: [][2]string{{"Content-Type", "application/json"}, {"X-Forwarded-For", "127.0.0.1"}, {"Cookie", "a=1"}},
		Body:    []byte(`{"name":"Ada"}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.rt.Set("req", req); err != nil {
		t.Fatal(err)
	}
	v, err := e.await(`return [req instanceof Request, req.method, req.url, req.headers.get('content-type'),
		[...req.headers.keys()].join('+'), (await req.json()).name, req.bodyUsed, new URL(req.url).searchParams.get('x')].join(' ')`)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.String(); got != "true POST http://localhost:3000/api/users/42?x=1 application/json content-type+cookie+x-forwarded-for Ada true 1" {
		t.Errorf("got %q", got)
	}
	if _, err := e.b.NewRequest(IncomingRequest{URL: "/relative", Method: "GET"}); err == nil {
		t.Error("a relative URL should be an error")
	}
}

func TestNewRequestWithoutBodyAndAbort(t *testing.T) {
	e := newEnv(t)
	req, err := e.b.NewRequest(IncomingRequest{URL: "https://example.com/", Method: "GET"})
	if err != nil {
		t.Fatal(err)
	}
	e.rt.Set("req", req)
	if _, err := e.rt.RunString(`globalThis.derived = new Request(req); globalThis.seen = ''; derived.signal.onabort = () => { seen = derived.signal.reason.name }`); err != nil {
		t.Fatal(err)
	}
	if err := e.b.AbortRequest(req); err != nil {
		t.Fatal(err)
	}
	v, _ := e.rt.RunString(`[req.body, req.signal.aborted, seen].join()`)
	if got := v.String(); got != ",true,AbortError" {
		t.Errorf("got %q", got)
	}
}

func TestIsResponse(t *testing.T) {
	e := newEnv(t)
	for src, want := range map[string]bool{
		`new Response('x')`: true,
		`Response.json({})`: true,
		`Response.error()`:  true,
		`new (class NextResponse extends Response {})()`: true,
		`({status: 200})`:                   false,
		`Object.create(Response.prototype)`: false,
		`'text'`:                            false,
		`undefined`:                         false,
	} {
		v, err := e.rt.RunString(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.b.IsResponse(v); got != want {
			t.Errorf("IsResponse(%s) = %v, want %v", src, got, want)
		}
	}
}

func readResponse(t *testing.T, e *env, src string) (OutgoingResponse, error) {
	t.Helper()
	v, err := e.rt.RunString(src)
	if err != nil {
		t.Fatal(err)
	}
	var out OutgoingResponse
	var outErr error
	calls := 0
	e.b.ReadResponse(v, func(r OutgoingResponse, err error) {
		calls++
		out, outErr = r, err
	})
	if err := e.loop.run(5e9); err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Fatalf("done called %d times", calls)
	}
	return out, outErr
}

func TestReadResponse(t *testing.T) {
	e := newEnv(t)
	r, err := readResponse(t, e, `globalThis.res = new Response('héllo', {status: 201, statusText: 'Made', headers: [['Set-Cookie', 'a=1'], ['X-A', '1'], ['set-cookie', 'b=2']]}); res`)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != 201 || r.StatusText != "Made" || string(r.Body) != "héllo" {
		t.Errorf("got %+v", r)
	}
	want := "set-cookie=a=1|x-a=1|set-cookie=b=2|content-type=text/plain;charset=UTF-8"
	var hs []string
	for _, h := range r.Headers {
		hs = append(hs, h[0]+"="+h[1])
	}
	if got := strings.Join(hs, "|"); got != want {
		t.Errorf("headers %q, want %q", got, want)
	}
	if v, _ := e.rt.RunString(`res.bodyUsed`); !v.ToBoolean() {
		t.Error("reading should mark the body used")
	}
	_, err = readResponse(t, e, `res`)
	var jsErr *JSError
	if !errors.As(err, &jsErr) || err.Error() != "read response: TypeError: Body is unusable: Body has already been read" {
		t.Errorf("reading twice: %v", err)
	}
}

func TestReadResponseVariants(t *testing.T) {
	e := newEnv(t)
	r, err := readResponse(t, e, `new Response(null, {status: 204})`)
	if err != nil || r.Status != 204 || r.Body != nil || len(r.Headers) != 0 {
		t.Errorf("null body: %+v %v", r, err)
	}
	r, err = readResponse(t, e, `Response.error()`)
	if err != nil || r.Status != 0 {
		t.Errorf("error response: %+v %v", r, err)
	}
	r, err = readResponse(t, e, `new Response(new Uint8Array([1, 2, 3]).subarray(1))`)
	if err != nil || string(r.Body) != "\x02\x03" || len(r.Headers) != 0 {
		t.Errorf("binary body: %+v %v", r, err)
	}
	_, err = readResponse(t, e, `({status: 200})`)
	if err == nil || !strings.Contains(err.Error(), "TypeError: Expected an instance of Response to be returned") {
		t.Errorf("not a response: %v", err)
	}
	r, err = readResponse(t, e, `const a = new Response('proxied'); new (class NextResponse extends Response {})(a.body, a)`)
	if err != nil || string(r.Body) != "proxied" {
		t.Errorf("subclass: %+v %v", r, err)
	}
}

// TestInstallIsolation checks that two runtimes sharing one Globals do not
// share state.
func TestInstallIsolation(t *testing.T) {
	a, b := newEnv(t), newEnv(t)
	if _, err := a.rt.RunString(`Headers.prototype.marker = 1; globalThis.fetch = null`); err != nil {
		t.Fatal(err)
	}
	v, err := b.rt.RunString(`typeof fetch + (new Headers().marker === undefined)`)
	if err != nil {
		t.Fatal(err)
	}
	if v.String() != "functiontrue" {
		t.Errorf("state leaked between runtimes: %v", v)
	}
}

func TestInstallRequiresLoop(t *testing.T) {
	if _, err := sharedGlobals.Install(goja.New(), Options{}); err == nil {
		t.Error("Install without a Loop should fail")
	}
	if _, err := sharedGlobals.Install(goja.New(), Options{Loop: newTestLoop(t), BaseURL: "::"}); err == nil {
		t.Error("Install with a bad BaseURL should fail")
	}
}

// TestGlobalsSharedConcurrently installs one Globals into runtimes on
// several goroutines at once (run with -race).
func TestGlobalsSharedConcurrently(t *testing.T) {
	g, err := NewGlobals()
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			rt := goja.New()
			b, err := g.Install(rt, Options{Loop: newTestLoop(t)})
			if err != nil {
				errs <- err
				return
			}
			defer b.Close()
			_, err = rt.RunString(`new URL('http://a/b').href + new Headers({a: '1'}).get('a') + btoa('x')`)
			errs <- err
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
