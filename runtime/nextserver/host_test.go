package nextserver

import (
	"testing"

	"github.com/dop251/goja"
)

// hostInstance returns a runtime with the doubles, the module instantiated
// with opts, and its Host.
func hostInstance(t *testing.T, h *harness, opts Options) (*goja.Runtime, *Host) {
	t.Helper()
	rt := h.runtime(t)
	exports, err := h.module.Instantiate(rt, opts)
	if err != nil {
		t.Fatal(err)
	}
	host, err := NewHost(rt, exports)
	if err != nil {
		t.Fatal(err)
	}
	return rt, host
}

func TestNewHostRejectsOtherObjects(t *testing.T) {
	h := newHarness(t)
	rt := h.runtime(t)
	for name, obj := range map[string]*goja.Object{"nil": nil, "plain object": rt.NewObject()} {
		if _, err := NewHost(rt, obj); err == nil {
			t.Errorf("%s: NewHost succeeded", name)
		}
	}
}

// TestHostRequestAndEvent checks the Host's cached entry points make what
// the package functions make (R-HANDLER-1): a NextRequestHint with its
// sourcePage, and a NextFetchEvent whose waitUntil promises the host reads.
func TestHostRequestAndEvent(t *testing.T) {
	h := newHarness(t)
	rt, host := hostInstance(t, h, Options{})
	req, err := host.NewRequest("/api/r", rt.ToValue("http://127.0.0.1:3000/api/r?q=1"), nil)
	if err != nil {
		t.Fatal(err)
	}
	newEvent, err := host.FetchEventConstructor("/api/r")
	if err != nil {
		t.Fatal(err)
	}
	event, err := newEvent()
	if err != nil {
		t.Fatal(err)
	}
	other, err := newEvent()
	if err != nil {
		t.Fatal(err)
	}
	rt.Set("req", req)
	rt.Set("event", event)
	rt.Set("other", other)
	v, err := rt.RunString(`event.waitUntil(1); event.waitUntil(2);
[req.constructor.name, req.sourcePage, req.url, req.nextUrl.pathname, event.constructor.name, event.sourcePage, event !== other].join(' ')`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.String(), "NextRequestHint /api/r http://localhost:3000/api/r?q=1 /api/r NextFetchEvent /api/r true"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := host.WaitUntilPromises(event); len(got) != 2 || got[1].ToInteger() != 2 {
		t.Errorf("WaitUntilPromises(event) = %v", got)
	}
	if got := host.WaitUntilPromises(other); len(got) != 0 {
		t.Errorf("a second event shares the first one's promises: %v", got)
	}
	if ev, err := host.NewFetchEvent(rt.ToValue("/api/x")); err != nil || ev.ToObject(rt).Get("sourcePage").String() != "/api/x" {
		t.Errorf("NewFetchEvent = %v, %v", ev, err)
	}
}

// TestHostFinalizeFastPath checks finalizeResponse with Options.HeaderGet:
// a response without the adapter's headers comes back as the same object
// (checked through the lookup, not Headers.prototype.get), and one with
// them is still rewritten as Next.js does (R-NEXT-2).
func TestHostFinalizeFastPath(t *testing.T) {
	h := newHarness(t)
	rt := h.runtime(t)
	lookups := 0
	headerGet := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		lookups++
		headers := c.Argument(0).ToObject(rt)
		get, _ := goja.AssertFunction(headers.Get("get"))
		v, err := get(headers, c.Argument(1))
		if err != nil {
			panic(err)
		}
		return v
	})
	exports, err := h.module.Instantiate(rt, Options{HeaderGet: headerGet})
	if err != nil {
		t.Fatal(err)
	}
	host, err := NewHost(rt, exports)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		response string
		same     bool
		lookups  int
		check    string // an expression over out that must be true
	}{
		{"plain", `new Response('x', { headers: { 'x-a': '1' } })`, true, 3, `out.headers.get('x-a') === '1'`},
		{"location", `new Response(null, { status: 307, headers: { Location: 'http://127.0.0.1:3000/x' } })`, false, 3, `out.headers.get('location') === 'http://localhost:3000/x'`},
		{"set-cookie mirror", `new Response(null, { headers: { 'x-middleware-set-cookie': 'a=1' } })`, false, 1, `!out.headers.has('x-middleware-set-cookie')`},
		{"subclass", `new (class extends Response {})('y')`, false, 0, `out.status === 200`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lookups = 0
			in, err := rt.RunString(c.response)
			if err != nil {
				t.Fatal(err)
			}
			out, err := host.FinalizeResponse(in, rt.ToValue("http://localhost:3000/api/r"))
			if err != nil {
				t.Fatal(err)
			}
			if c.same && !out.SameAs(in) {
				t.Error("a response without the adapter's headers was replaced")
			}
			if lookups != c.lookups {
				t.Errorf("lookups = %d, want %d", lookups, c.lookups)
			}
			rt.Set("out", out)
			if v, err := rt.RunString(c.check); err != nil || !v.ToBoolean() {
				t.Errorf("%s: %v, %v", c.check, v, err)
			}
		})
	}
}
