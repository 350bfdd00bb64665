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
