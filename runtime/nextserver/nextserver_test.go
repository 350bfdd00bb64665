package nextserver

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// harness holds the compiled test scripts: the Web API doubles and the
// shared behaviour cases (testdata/cases.js, also run by node-check.mjs).
type harness struct {
	module  *Module
	doubles *goja.Program
	cases   *goja.Program
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	m, err := NewModule()
	if err != nil {
		t.Fatal(err)
	}
	return &harness{
		module:  m,
		doubles: compileFile(t, "testdata/webapi-doubles.js"),
		cases:   compileFile(t, "testdata/cases.js"),
	}
}

func compileFile(t testing.TB, path string) *goja.Program {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goja.Compile(path, string(src), false)
	if err != nil {
		t.Fatalf("compile %s: %v", path, err)
	}
	return p
}

// runtime returns a fresh runtime with the doubles and the cases loaded.
func (h *harness) runtime(t testing.TB) *goja.Runtime {
	t.Helper()
	rt := goja.New()
	for _, p := range []*goja.Program{h.doubles, h.cases} {
		if _, err := rt.RunProgram(p); err != nil {
			t.Fatal(err)
		}
	}
	return rt
}

// instance returns a fresh runtime and the module's exports in it.
func (h *harness) instance(t testing.TB, version int) (*goja.Runtime, *goja.Object) {
	t.Helper()
	rt := h.runtime(t)
	exports, err := h.module.Instantiate(rt, Options{NextVersion: version})
	if err != nil {
		t.Fatal(err)
	}
	return rt, exports
}

// settle runs src, which must evaluate to a value or a promise, and
// returns the string it resolves to. goja drains the job queue before
// RunString returns, so promises without timers are settled by then.
func settle(t testing.TB, rt *goja.Runtime, src string) string {
	t.Helper()
	v, err := rt.RunString(src)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := v.Export().(*goja.Promise); ok {
		switch p.State() {
		case goja.PromiseStateFulfilled:
			return p.Result().String()
		case goja.PromiseStateRejected:
			t.Fatalf("rejected: %v", p.Result())
		default:
			t.Fatal("promise still pending")
		}
	}
	return v.String()
}

type jsCase struct {
	Name         string
	Next         int
	EdgeplayOnly bool
	Want         string
}

func loadCases(t testing.TB, h *harness) []jsCase {
	t.Helper()
	rt := h.runtime(t)
	list := rt.Get("NEXTSERVER_CASES").ToObject(rt)
	n := int(list.Get("length").ToInteger())
	cases := make([]jsCase, n)
	for i := range cases {
		c := list.Get(fmt.Sprint(i)).ToObject(rt)
		cases[i] = jsCase{Name: c.Get("name").String(), Next: 15, Want: c.Get("want").String()}
		if v := c.Get("next"); v != nil && !goja.IsUndefined(v) {
			cases[i].Next = int(v.ToInteger())
		}
		if v := c.Get("edgeplayOnly"); v != nil {
			cases[i].EdgeplayOnly = v.ToBoolean()
		}
	}
	return cases
}

// TestCases runs the behaviour table of testdata/cases.js on goja.
func TestCases(t *testing.T) {
	h := newHarness(t)
	cases := loadCases(t, h)
	if len(cases) < 40 {
		t.Fatalf("only %d cases loaded", len(cases))
	}
	for i, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			rt, exports := h.instance(t, c.Next)
			if err := rt.Set("__mod", exports); err != nil {
				t.Fatal(err)
			}
			got := settle(t, rt, fmt.Sprintf(`(function () {
				var c = NEXTSERVER_CASES[%d];
				var h = NEXTSERVER_HELPERS(__mod);
				return Promise.resolve()
					.then(function () { return c.run(__mod, h); })
					.then(function (v) { return String(v); },
					      function (e) { return 'threw ' + (e && e.stack ? e.stack : e); })
					.finally(function () { h.restore(); });
			})()`, i))
			if got != c.Want {
				t.Errorf("\n got: %s\nwant: %s", got, c.Want)
			}
		})
	}
}

func TestNewModuleInstantiateErrors(t *testing.T) {
	m, err := NewModule()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Instantiate(goja.New(), Options{NextVersion: 9}); err == nil {
		t.Error("version 9 accepted")
	}
	// Without the Web API globals the classes cannot be defined.
	_, err = m.Instantiate(goja.New(), Options{})
	if err == nil || !strings.Contains(err.Error(), "Request") {
		t.Errorf("missing globals: err = %v", err)
	}
}

func TestDefaultVersionIs15(t *testing.T) {
	h := newHarness(t)
	_, exports := h.instance(t, 0)
	if goja.IsUndefined(exports.Get("after")) {
		t.Error("default instance lacks Next 15's after()")
	}
}

func TestInstancesAreIndependent(t *testing.T) {
	h := newHarness(t)
	rtA, a := h.instance(t, 15)
	_, b := h.instance(t, 15)
	if a.Get("NextResponse").SameAs(b.Get("NextResponse")) {
		t.Fatal("two runtimes share a class")
	}
	// A second instance in the same runtime has its own classes too.
	c, err := h.module.Instantiate(rtA, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Get("NextRequest").SameAs(c.Get("NextRequest")) {
		t.Fatal("re-instantiation returned the same class")
	}
}

func TestRequestAndFetchEventHelpers(t *testing.T) {
	h := newHarness(t)
	rt, exports := h.instance(t, 15)
	init := rt.NewObject()
	if err := init.Set("headers", map[string]interface{}{"cookie": "a=%20b", "user-agent": "curl/8.5.0"}); err != nil {
		t.Fatal(err)
	}
	req, err := NewRequest(rt, exports, "/api/hello", rt.ToValue("http://127.0.0.1:3000/api/hello?x=1"), init)
	if err != nil {
		t.Fatal(err)
	}
	event, err := NewFetchEvent(rt, exports, "/api/hello")
	if err != nil {
		t.Fatal(err)
	}
	if got := WaitUntilPromises(rt, event); len(got) != 0 {
		t.Fatalf("fresh event has %d promises", len(got))
	}
	for name, v := range map[string]goja.Value{"__req": req, "__event": event, "__mod": exports} {
		if err := rt.Set(name, v); err != nil {
			t.Fatal(err)
		}
	}
	got := settle(t, rt, `
		globalThis.__p1 = new Promise(function () {});
		__event.waitUntil(__p1);
		__event.waitUntil(Promise.resolve('done'));
		[__req instanceof __mod.NextRequest, __req.url, __req.sourcePage, __req.cookies.get('a').value,
		 __mod.userAgent(__req).isBot, __event.sourcePage].join(' | ')`)
	want := "true | http://localhost:3000/api/hello?x=1 | /api/hello |  b | false | /api/hello"
	if got != want {
		t.Errorf("\n got: %s\nwant: %s", got, want)
	}
	promises := WaitUntilPromises(rt, event)
	if len(promises) != 2 {
		t.Fatalf("WaitUntilPromises = %d values, want 2", len(promises))
	}
	if !promises[0].SameAs(rt.Get("__p1")) {
		t.Error("first promise is not the one passed to waitUntil")
	}
	if p, ok := promises[1].Export().(*goja.Promise); !ok || p.State() != goja.PromiseStateFulfilled || p.Result().String() != "done" {
		t.Errorf("second promise = %v", promises[1])
	}
	if WaitUntilPromises(rt, rt.ToValue("not an event")) != nil || WaitUntilPromises(rt, rt.NewObject()) != nil {
		t.Error("WaitUntilPromises accepted a non-event")
	}
	if _, err := NewFetchEvent(rt, rt.NewObject(), "/x"); err == nil {
		t.Error("NewFetchEvent accepted foreign exports")
	}
	if _, err := NewRequest(rt, exports, "/api/x", rt.ToValue("/relative"), nil); err == nil ||
		!strings.Contains(err.Error(), `URL is malformed "/relative"`) {
		t.Errorf("relative URL: err = %v", err)
	}
}

func TestFinalizeResponse(t *testing.T) {
	h := newHarness(t)
	rt, exports := h.instance(t, 15)

	_, err := FinalizeResponse(rt, exports, rt.ToValue("text"), "")
	var ex *goja.Exception
	if !errors.As(err, &ex) || !strings.Contains(ex.Error(), "TypeError: Expected an instance of Response to be returned") {
		t.Errorf("string result: err = %v", err)
	}

	res, err := FinalizeResponse(rt, exports, nil, "http://localhost:3000/api/a")
	if err != nil {
		t.Fatal(err)
	}
	obj := res.ToObject(rt)
	if obj.Get("status").ToInteger() != 200 {
		t.Errorf("undefined result: status %v", obj.Get("status"))
	}

	if err := rt.Set("__mod", exports); err != nil {
		t.Fatal(err)
	}
	v, err := rt.RunString(`var r = __mod.NextResponse.json({ok: true}); r.cookies.set('s', '1'); r`)
	if err != nil {
		t.Fatal(err)
	}
	res, err = FinalizeResponse(rt, exports, v, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.Set("__res", res); err != nil {
		t.Fatal(err)
	}
	got := settle(t, rt, `__res.text().then(function (b) {
		return [__res.headers.get('x-middleware-set-cookie'), __res.headers.get('set-cookie'), __res.headers.get('content-type'), b].join(' | ');
	})`)
	if want := ` | s=1; Path=/ | application/json | {"ok":true}`; got != want {
		t.Errorf("\n got: %s\nwant: %s", got, want)
	}

	v, err = rt.RunString(`new Response(null, {status: 302, headers: {location: '/login'}})`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := FinalizeResponse(rt, exports, v, "http://localhost:3000/api/a"); err == nil {
		t.Error("relative Location accepted (Next.js 15.5 fails the request)")
	}
	if _, err := FinalizeResponse(rt, exports, v, ""); err != nil {
		t.Errorf("without a request URL Location is left alone: %v", err)
	}
}

func TestTypeDeclarationsCoverExports(t *testing.T) {
	d := TypeDeclarations()
	if !strings.Contains(d, "declare module 'next/server'") {
		t.Fatal("not a module declaration")
	}
	h := newHarness(t)
	for _, version := range []int{14, 15} {
		_, exports := h.instance(t, version)
		for _, name := range exports.Keys() {
			re := regexp.MustCompile(`export (class|function|const) ` + name + `\b`)
			if !re.MatchString(d) {
				t.Errorf("next %d: export %s is not declared", version, name)
			}
		}
	}
	for _, name := range []string{"NextFetchEvent", "NextMiddleware", "RequestCookies", "ResponseCookies", "ResponseCookie", "NextURL", "UserAgent"} {
		if !regexp.MustCompile(`export (class|interface|type) ` + name + `\b`).MatchString(d) {
			t.Errorf("type %s is not declared", name)
		}
	}
}

// TestSharedModuleAcrossGoroutines instantiates one Module in many runtimes
// at once (run with -race).
func TestSharedModuleAcrossGoroutines(t *testing.T) {
	h := newHarness(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rt := goja.New()
			if _, err := rt.RunProgram(h.doubles); err != nil {
				errs <- err
				return
			}
			exports, err := h.module.Instantiate(rt, Options{NextVersion: 14 + i%3})
			if err != nil {
				errs <- err
				return
			}
			if err := rt.Set("m", exports); err != nil {
				errs <- err
				return
			}
			v, err := rt.RunString(`var r = m.NextResponse.redirect('https://e.com/' + Math.random(), 308); r.status`)
			if err != nil {
				errs <- err
				return
			}
			if v.ToInteger() != 308 {
				errs <- fmt.Errorf("status %v", v)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestNodeCheck runs the same cases under Node.js, whose Request, Response,
// Headers and URL are real implementations. Set NEXT_SERVER_REF to a
// node_modules/next directory to run them against real Next.js instead.
func TestNodeCheck(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH")
	}
	script, err := filepath.Abs("testdata/node-check.mjs")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, script)
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	t.Logf("node %s:\n%s", script, out)
	if err != nil {
		t.Fatalf("node-check failed: %v", err)
	}
	if !regexp.MustCompile(`(?m)^\d+ passed, 0 failed`).Match(out) {
		t.Fatal("node-check did not report its results")
	}
}

func BenchmarkInstantiate(b *testing.B) {
	h := newHarness(b)
	for i := 0; i < b.N; i++ {
		rt := goja.New()
		if _, err := rt.RunProgram(h.doubles); err != nil {
			b.Fatal(err)
		}
		if _, err := h.module.Instantiate(rt, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTypeDeclarationsCoverNextHeaders: the editor's declarations cover
// next/headers' functions as the isolate provides them.
func TestTypeDeclarationsCoverNextHeaders(t *testing.T) {
	d := TypeDeclarations()
	for _, want := range []string{"declare module 'next/headers'", "export function headers(): Promise<Headers>;", "export function cookies(): Promise<ReadonlyRequestCookies>;", "export function draftMode()"} {
		if !strings.Contains(d, want) {
			t.Errorf("declarations lack %q", want)
		}
	}
}
