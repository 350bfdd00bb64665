package webapi

import (
	"testing"

	"github.com/dop251/goja"
)

// TestNewRequestConstruct checks IncomingRequest.Construct: the request is
// built directly as the subclass instance (no copy), from the same state a
// plain NewRequest gives, and AbortRequest reaches its signal.
func TestNewRequestConstruct(t *testing.T) {
	e := newEnv(t)
	construct, err := e.rt.RunString(`class Sub extends Request {
  constructor(key, arg) { super(key); this.arg = arg; }
}
(key, arg) => new Sub(key, arg)`)
	if err != nil {
		t.Fatal(err)
	}
	req, err := e.b.NewRequest(IncomingRequest{
		URL: "http://localhost:3000/api/r?x=1", Method: "post",
		Headers:   [][2]string{{"Content-Type", "text/plain"}, {"X-A", "1"}, {"x-a", "2"}},
		Body:      []byte("hello"),
		Construct: construct, ConstructArg: e.rt.ToValue("extra"),
	})
	if err != nil {
		t.Fatal(err)
	}
	e.rt.Set("req", req)
	v, err := e.await(`return [req.constructor.name, req instanceof Request, req.arg, req.method, req.url,
		[...req.headers].join('|'), await req.text(), req.bodyUsed, new Request('http://other/').url].join(' ')`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.String(), "Sub true extra POST http://localhost:3000/api/r?x=1 content-type,text/plain|x-a,1, 2 hello true http://other/"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if err := e.b.AbortRequest(req); err != nil {
		t.Fatal(err)
	}
	if v, _ := e.rt.RunString(`req.signal.aborted`); !v.ToBoolean() {
		t.Error("AbortRequest did not abort the constructed request's signal")
	}
}

// TestNewRequestConstructMustTakeState checks that a Construct which does
// not build its request from the readied state is an error, and that the
// state is not left behind for the next Request.
func TestNewRequestConstructMustTakeState(t *testing.T) {
	cases := map[string]string{
		"plain request":   `() => new Request('http://elsewhere/')`,
		"not a request":   `() => ({})`,
		"throws":          `() => { throw new Error('boom') }`,
		"ignores the key": `(key) => new (class extends Request { constructor() { super('http://x/') } })()`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			construct, err := e.rt.RunString(src)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.b.NewRequest(IncomingRequest{URL: "http://localhost/", Method: "GET", Construct: construct}); err == nil {
				t.Fatal("NewRequest succeeded")
			}
			v, err := e.rt.RunString(`new Request('http://after/').url`)
			if err != nil || v.String() != "http://after/" {
				t.Errorf("a later Request: %v, %v", v, err)
			}
		})
	}
}

// TestTrustedHeaderGet checks the unvalidated lookup next/server's adapter
// step uses: as Headers.get for a lowercase name, undefined for a
// non-Headers, and no user code is called.
func TestTrustedHeaderGet(t *testing.T) {
	e := newEnv(t)
	get, ok := goja.AssertFunction(e.b.TrustedHeaderGet())
	if !ok {
		t.Fatal("TrustedHeaderGet is not a function")
	}
	h, err := e.rt.RunString(`Headers.prototype.get = () => 'patched';
const h = new Headers([['Location', '/a'], ['x-m', '1'], ['X-M', '2']]); h`)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		headers goja.Value
		name    string
		want    string
	}{
		{h, "location", "/a"},
		{h, "x-m", "1, 2"},
		{h, "absent", "null"},
		{e.rt.NewObject(), "location", "undefined"},
		{goja.Undefined(), "location", "undefined"},
	} {
		v, err := get(goja.Undefined(), c.headers, e.rt.ToValue(c.name))
		if err != nil {
			t.Fatal(err)
		}
		if v.String() != c.want {
			t.Errorf("%s: got %q, want %q", c.name, v.String(), c.want)
		}
	}
}

// TestNewRequestRepeatedURL checks that remembering the last parsed URL
// changes nothing: the same URL twice, another one, then an invalid one
// (still an error) and the first again.
func TestNewRequestRepeatedURL(t *testing.T) {
	e := newEnv(t)
	for i, c := range []struct{ url, want string }{
		{"http://LOCALHOST:3000/a/../b?x", "http://localhost:3000/b?x"},
		{"http://LOCALHOST:3000/a/../b?x", "http://localhost:3000/b?x"},
		{"https://example.com/%7e", "https://example.com/%7e"},
		{"/relative", ""},
		{"http://LOCALHOST:3000/a/../b?x", "http://localhost:3000/b?x"},
	} {
		req, err := e.b.NewRequest(IncomingRequest{URL: c.url, Method: "GET"})
		if c.want == "" {
			if err == nil {
				t.Errorf("%d: %s gave no error", i, c.url)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if got := req.ToObject(e.rt).Get("url").String(); got != c.want {
			t.Errorf("%d: url = %q, want %q", i, got, c.want)
		}
	}
}
