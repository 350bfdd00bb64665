package nextserver

import (
	"testing"

	"edgeplay/runtime/webapi"

	"github.com/dop251/goja"
)

// nopLoop is a webapi.Loop for tests that run no tasks.
type nopLoop struct{}

func (nopLoop) Enqueue(func()) bool { return false }
func (nopLoop) Hold() func()        { return func() {} }

// TestIncomingURLRemembered checks that req.url of host-built requests,
// which reuses the last URL's answer when a client repeats it, is what an
// eagerly built NextRequest gives, whatever the order of the reads and
// URLs.
func TestIncomingURLRemembered(t *testing.T) {
	g, err := webapi.NewGlobals()
	if err != nil {
		t.Fatal(err)
	}
	rt := goja.New()
	b, err := g.Install(rt, webapi.Options{Loop: nopLoop{}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	m, err := NewModule()
	if err != nil {
		t.Fatal(err)
	}
	exports, err := m.Instantiate(rt, Options{HeaderGet: b.TrustedHeaderGet()})
	if err != nil {
		t.Fatal(err)
	}
	host, err := NewHost(rt, exports)
	if err != nil {
		t.Fatal(err)
	}
	construct, err := host.IncomingConstructor("/api/r")
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.Set("internals", exports.GetSymbol(symbolFor(rt, internalsKey))); err != nil {
		t.Fatal(err)
	}
	probes := []string{
		"r.url",
		"[r.url, r.nextUrl.href]",
		"[r.nextUrl.href, r.url]",
		"(r.nextUrl.pathname = '/changed', [r.url, r.nextUrl.href])",
		"[r.url, (r.nextUrl.pathname = '/changed', r.url)]",
	}
	urls := []string{
		"http://localhost:3000/api/r?q=1", "http://localhost:3000/api/r?q=1", "http://localhost:3000/api/r/",
		"http://127.0.0.1:3000/api/r", "http://localhost:3000/api/r?q=1", "http://localhost:3000/api/r?q=1#x",
		"http://localhost:3000/_next/data/b1/api/r.json", "http://localhost:3000/_next/data/b1/api/r.json",
	}
	for _, probe := range probes {
		look, err := rt.RunString("(r) => JSON.stringify(" + probe + ")")
		if err != nil {
			t.Fatal(err)
		}
		lookFn, _ := goja.AssertFunction(look)
		eagerOf, err := rt.RunString("(r) => internals.createRequest(r.sourcePage, new Request(r))")
		if err != nil {
			t.Fatal(err)
		}
		eagerFn, _ := goja.AssertFunction(eagerOf)
		for _, u := range urls {
			fast, err := b.NewRequest(webapi.IncomingRequest{URL: u, Method: "GET", Construct: construct, ConstructArg: goja.Null()})
			if err != nil {
				t.Fatal(err)
			}
			other, err := b.NewRequest(webapi.IncomingRequest{URL: u, Method: "GET", Construct: construct, ConstructArg: goja.Null()})
			if err != nil {
				t.Fatal(err)
			}
			eager, err := eagerFn(goja.Undefined(), other)
			if err != nil {
				t.Fatal(err)
			}
			got, err := lookFn(goja.Undefined(), fast)
			if err != nil {
				t.Fatal(err)
			}
			want, err := lookFn(goja.Undefined(), eager)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%s for %s: host-built %s, eager %s", probe, u, got, want)
			}
		}
	}
}
