package nodecompat

import (
	"strings"
	"testing"

	"github.com/dop251/goja"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// jsCase is one table entry: src is a function body run in a fresh
// runtime where require('node:…') answers from the library; it returns a
// string (or a promise of one), compared with want, which was recorded
// from Node 20 (`node -e`) unless the case says otherwise.
type jsCase struct {
	name string
	src  string
	want string
}

func newRuntime(t *testing.T, lib *Library) (*goja.Runtime, *[]string, *Loader) {
	t.Helper()
	rt := goja.New()
	ld := lib.NewLoader(rt)
	warnings := &[]string{}
	console := rt.NewObject()
	_ = console.Set("warn", func(c goja.FunctionCall) goja.Value {
		parts := make([]string, len(c.Arguments))
		for i, a := range c.Arguments {
			parts[i] = a.String()
		}
		*warnings = append(*warnings, strings.Join(parts, " "))
		return goja.Undefined()
	})
	_ = rt.Set("console", console)
	_ = rt.Set("require", func(c goja.FunctionCall) goja.Value {
		v, ok, err := ld.Module(c.Argument(0).String())
		if err != nil {
			panic(rt.NewGoError(err))
		}
		if !ok {
			panic(rt.NewTypeError("no module %s", c.Argument(0).String()))
		}
		return v
	})
	// Minimal queueMicrotask and setTimeout (run as a microtask) for a
	// runtime without the Web API globals.
	if _, err := rt.RunString(`globalThis.queueMicrotask = (fn) => { Promise.resolve().then(fn); };
	globalThis.setTimeout = (fn, ms, ...args) => { Promise.resolve().then(() => fn(...args)); };`); err != nil {
		t.Fatal(err)
	}
	return rt, warnings, ld
}

var testLib = func() *Library {
	l, err := New()
	if err != nil {
		panic(err)
	}
	return l
}()

func runCases(t *testing.T, cases []jsCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rt, _, _ := newRuntime(t, testLib)
			got := runJS(t, rt, tc.src)
			if got == tc.want {
				return
			}
			g, w := strings.Split(got, "\n"), strings.Split(tc.want, "\n")
			if len(g) != len(w) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
				return
			}
			for i := range g {
				if g[i] != w[i] {
					t.Errorf("line %d:\ngot  %s\nwant %s", i+1, g[i], w[i])
				}
			}
		})
	}
}

// runJS runs body as an async function and returns its settled value (a
// rejection is returned as "REJECTED: " + String(reason)).
func runJS(t *testing.T, rt *goja.Runtime, body string) string {
	t.Helper()
	v, err := rt.RunString("(async () => {\n" + body + "\n})().then((v) => String(v), (e) => 'REJECTED: ' + (e && e.stack ? String(e) : String(e)))")
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	p, ok := v.Export().(*goja.Promise)
	if !ok {
		t.Fatalf("not a promise: %v", v)
	}
	if p.State() != goja.PromiseStateFulfilled {
		t.Fatalf("promise did not settle (state %v)", p.State())
	}
	return p.Result().String()
}
