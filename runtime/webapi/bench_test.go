package webapi

import (
	"testing"

	"github.com/dop251/goja"
)

type nopLoop struct{}

func (nopLoop) Enqueue(fn func()) bool { return false }
func (nopLoop) Hold() func()           { return func() {} }

func BenchmarkInstall(b *testing.B) {
	for i := 0; i < b.N; i++ {
		rt := goja.New()
		bind, err := sharedGlobals.Install(rt, Options{Loop: nopLoop{}})
		if err != nil {
			b.Fatal(err)
		}
		bind.Close()
	}
}

func benchJS(b *testing.B, setup, body string) {
	rt := goja.New()
	if _, err := sharedGlobals.Install(rt, Options{Loop: nopLoop{}}); err != nil {
		b.Fatal(err)
	}
	if _, err := rt.RunString(setup); err != nil {
		b.Fatal(err)
	}
	fn, err := rt.RunString("(function(){" + body + "})")
	if err != nil {
		b.Fatal(err)
	}
	call, _ := goja.AssertFunction(fn)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := call(goja.Undefined()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewURL(b *testing.B) {
	benchJS(b, ``, `return new URL('/api/users/42?x=1&y=2', 'https://example.com').searchParams.get('x')`)
}

func BenchmarkNewRequestResponse(b *testing.B) {
	benchJS(b, ``, `const r = new Request('https://example.com/api', {method: 'POST', headers: {'content-type': 'application/json'}, body: '{"a":1}'}); return new Response(JSON.stringify({ok: true}), {status: 201, headers: r.headers})`)
}

func BenchmarkTextEncodeDecode(b *testing.B) {
	benchJS(b, `const enc = new TextEncoder(), dec = new TextDecoder(); const s = 'hello world, héllo wörld'.repeat(20)`, `return dec.decode(enc.encode(s))`)
}

func BenchmarkConsoleFormat(b *testing.B) {
	benchJS(b, `const o = {a: 1, b: 'two', c: [1, 2, 3], d: {e: null}}`, `console.log('value %s', 'x', o)`)
}

// incomingHeaders are the headers `edgeplay serve` hands a handler for a
// request from wrk: Host plus the forwarding headers next start adds.
var incomingHeaders = [][2]string{
	{"host", "127.0.0.1:3999"}, {"x-forwarded-for", "127.0.0.1"}, {"x-forwarded-host", "127.0.0.1:3999"},
	{"x-forwarded-port", "3999"}, {"x-forwarded-proto", "http"},
}

// BenchmarkIncomingRequest measures building the handler's Request
// (Bindings.NewRequest), the Web API part of every request served.
func BenchmarkIncomingRequest(b *testing.B) {
	e := newEnv(b)
	r := IncomingRequest{URL: "http://localhost:3999/api/basic", Method: "GET", Headers: incomingHeaders}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.b.NewRequest(r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStreamResponseWhole measures handing a bytes-bodied Response
// back to Go (Bindings.StreamResponse, then ResponseBody.Whole), the other
// crossing of every request served.
func BenchmarkStreamResponseWhole(b *testing.B) {
	e := newEnv(b)
	mk, err := e.rt.RunString(`() => new Response('Hello world!')`)
	if err != nil {
		b.Fatal(err)
	}
	newResponse, _ := goja.AssertFunction(mk)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := newResponse(goja.Undefined())
		if err != nil {
			b.Fatal(err)
		}
		e.b.StreamResponse(res, func(out OutgoingResponse, body *ResponseBody, err error) {
			if err != nil {
				b.Fatal(err)
			}
			if _, ok := body.Whole(); !ok {
				b.Fatal("not whole")
			}
		})
	}
}

// BenchmarkNewResponseJSON measures the Response the /api/json example
// makes: a string body and a headers record.
func BenchmarkNewResponseJSON(b *testing.B) {
	benchJS(b, ``, `return new Response(JSON.stringify({ name: 'Jim Halpert' }), { status: 200, headers: { 'content-type': 'application/json' } })`)
}

// TestRequestResponseAllocationBudget guards the two crossings every
// request makes (issue 5, "Speed"): building the handler's Request from
// wrk-like headers took ~132 allocations and handing back a bytes-bodied
// Response (made and read) ~144 before the incoming headers and signal
// were made on first use, the response callback made once and typed-array
// property reads avoided; ~41 and ~69 after.
func TestRequestResponseAllocationBudget(t *testing.T) {
	e := newEnv(t)
	r := IncomingRequest{URL: "http://localhost:3999/api/basic", Method: "GET", Headers: incomingHeaders}
	newRequest := func() {
		if _, err := e.b.NewRequest(r); err != nil {
			t.Fatal(err)
		}
	}
	mk, err := e.rt.RunString(`() => new Response('Hello world!')`)
	if err != nil {
		t.Fatal(err)
	}
	newResponse, _ := goja.AssertFunction(mk)
	handBack := func() {
		res, err := newResponse(goja.Undefined())
		if err != nil {
			t.Fatal(err)
		}
		e.b.StreamResponse(res, func(out OutgoingResponse, body *ResponseBody, err error) {
			if err != nil {
				t.Fatal(err)
			}
			if whole, ok := body.Whole(); !ok || string(whole) != "Hello world!" || len(out.Headers) != 1 {
				t.Fatalf("got %v %q %v", ok, whole, out.Headers)
			}
		})
	}
	for _, c := range []struct {
		name   string
		fn     func()
		budget float64
	}{
		{"NewRequest", newRequest, 50},
		{"Response handed back", handBack, 80},
	} {
		c.fn()
		if n := testing.AllocsPerRun(200, c.fn); n > c.budget {
			t.Errorf("%s: %.0f allocations, budget %.0f", c.name, n, c.budget)
		}
	}
}
