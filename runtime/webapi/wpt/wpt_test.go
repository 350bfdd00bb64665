package wpt

import (
	"cmp"
	"context"
	"io"
	"net/http"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"go.uber.org/goleak"
)

// wptDir is the shared, read-only WPT subset (never copied into the repo).
const wptDir = "../../../../shared/wpt"

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestParseMeta(t *testing.T) {
	src := "// META: global=window,worker\n// META: script=/common/utils.js\n// META: script=helper.js\n" +
		"// META: variant=?1-10\n// META: variant=?11-last\n// META: timeout=long\n// META: title=T\n\n// META: script=ignored.js\n"
	got := ParseMeta(src)
	want := Meta{Globals: []string{"window", "worker"}, Scripts: []string{"/common/utils.js", "helper.js"},
		Variants: []string{"?1-10", "?11-last"}, Long: true, Title: "T"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseMeta = %+v, want %+v", got, want)
	}
	for _, c := range []struct {
		globals string
		worker  bool
	}{{"", true}, {"// META: global=window\n", false}, {"// META: global=shadowrealm\n", false},
		{"// META: global=window,dedicatedworker\n", true}, {"// META: global=shadowrealm,sharedworker\n", true}} {
		if got := ParseMeta(c.globals).WorkerScope(); got != c.worker {
			t.Errorf("WorkerScope(%q) = %v", c.globals, got)
		}
	}
}

func TestNeedsServer(t *testing.T) {
	for _, c := range []struct{ rel, body, helper, want string }{
		{"a/x.any.js", "fetch('../resources/inspect-headers.py?x')", "", "needs wptserve (py)"},
		{"a/x.sub.any.js", "", "", ""},
		{"a/x.h2.any.js", "get_host_info().HTTP_REMOTE_ORIGIN", "", "needs wptserve (h2)"},
		{"a/x.any.js", "// META: script=/common/get-host-info.sub.js\ntest(() => {})", "", ""},
		{"a/x.any.js", "fetch('top.txt')", "fetch('stash.py')", "needs wptserve (py)"},
		{"a/x.any.js", "fetch('resources/data.json')", "", ""},
	} {
		var helpers []string
		if c.helper != "" {
			helpers = []string{c.helper}
		}
		if got := NeedsServer(c.rel, c.body, helpers...); got != c.want {
			t.Errorf("NeedsServer(%q, %q) = %q, want %q", c.rel, c.body, got, c.want)
		}
	}
}

func TestStaticTransport(t *testing.T) {
	tr := staticTransport{fsys: fstest.MapFS{
		"resources/webidl2/lib/webidl2.js": {Data: []byte("idl")},
		"a/b.json":                         {Data: []byte("{}")},
		"a/b.json.headers":                 {Data: []byte("Access-Control-Allow-Origin: *\n")},
	}}
	get := func(u string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", u, nil)
		res, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	if res, body := get(Origin + "/resources/WebIDLParser.js"); res.StatusCode != 200 || body != "idl" {
		t.Errorf("WebIDLParser.js: %d %q", res.StatusCode, body)
	}
	res, body := get(Origin + "/a/b.json?x=1")
	if res.StatusCode != 200 || body != "{}" || res.Header.Get("Content-Type") != "application/json" ||
		res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("b.json: %d %q %v", res.StatusCode, body, res.Header)
	}
	if res, _ := get(Origin + "/a/missing.txt"); res.StatusCode != 404 {
		t.Errorf("missing file: %d", res.StatusCode)
	}
	req, _ := http.NewRequest("GET", "http://example.com/", nil)
	if _, err := tr.RoundTrip(req); err == nil {
		t.Error("another origin was served")
	}
}

// TestContainment checks that a broken file is reported and the run goes
// on: an endless loop, a test that never finishes, a throwing file.
func TestContainment(t *testing.T) {
	harness, err := os.ReadFile(wptDir + "/resources/testharness.js")
	if err != nil {
		t.Fatalf("the WPT subset must be at %s (../shared/wpt beside the checkout): %v", wptDir, err)
	}
	fsys := fstest.MapFS{
		"resources/testharness.js": {Data: harness},
		"t/loop.any.js":            {Data: []byte("test(() => {}, 'before'); while (true) {}")},
		"t/hang.any.js":            {Data: []byte("promise_test(() => new Promise(() => {}), 'hangs'); test(() => {}, 'ok');")},
		"t/throw.any.js":           {Data: []byte("test(() => {}, 'ok'); throw new Error('boom');")},
		"t/fetch.any.js": {Data: []byte("// META: script=/t/resources/helper.js\n" +
			"promise_test(async () => { assert_equals(await (await fetch('resources/data.txt')).text(), 'hi' + HELPER); }, 'fetch');")},
		"t/resources/helper.js": {Data: []byte("var HELPER = '!';")},
		"t/resources/data.txt":  {Data: []byte("hi!")},
		"t/window.any.js":       {Data: []byte("// META: global=window\ntest(() => {}, 'never');")},
		"t/variant.any.js":      {Data: []byte("// META: variant=?a\n// META: variant=?b\ntest(() => { assert_true(location.search.length == 2); }, location.search);")},
		"t/asyncgen.any.js":     {Data: []byte("promise_test(async () => { async function* g() { yield 1; yield 2; } let s = 0; for await (const x of g()) s += x; assert_equals(s, 3); }, 'lowered');")},
		"t/solo.worker.js": {Data: []byte("importScripts('/resources/testharness.js', 'resources/helper.js');\n" +
			"test(() => { assert_equals(HELPER, '!'); assert_true(self instanceof DedicatedWorkerGlobalScope); }, 'standalone');\n" +
			"test(() => { assert_throws_dom('NetworkError', () => importScripts('missing.js')); }, 'missing script');\ndone();")},
	}
	r, err := NewRunner(Options{FS: fsys, Timeout: 500 * time.Millisecond, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	runs, err := r.RunAll(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, run := range runs {
		s := run.Status
		for _, st := range run.Subtests {
			s += " " + st.Name + ":" + st.Status
		}
		got[run.File+run.Variant] = s
	}
	want := map[string]string{
		"t/loop.any.js":      "TIMEOUT before:PASS",
		"t/hang.any.js":      "TIMEOUT ok:PASS hangs:TIMEOUT",
		"t/throw.any.js":     "ERROR ok:PASS",
		"t/fetch.any.js":     "OK fetch:PASS",
		"t/variant.any.js?a": "OK ?a:PASS",
		"t/variant.any.js?b": "OK ?b:PASS",
		"t/solo.worker.js":   "OK standalone:PASS missing script:PASS",
		"t/asyncgen.any.js":  "OK lowered:PASS",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("runs:\n got %v\nwant %v", got, want)
	}
}

// TestRunawayMemory checks that a file that allocates without bound is
// stopped and reported as a crash.
func TestRunawayMemory(t *testing.T) {
	harness, err := os.ReadFile(wptDir + "/resources/testharness.js")
	if err != nil {
		t.Fatalf("the WPT subset must be at %s (../shared/wpt beside the checkout): %v", wptDir, err)
	}
	fsys := fstest.MapFS{
		"resources/testharness.js": {Data: harness},
		"t/grow.any.js":            {Data: []byte("const a = []; for (;;) a.push(new Array(1000).fill('x'));")},
	}
	r, err := NewRunner(Options{FS: fsys, Timeout: 20 * time.Second, MaxHeap: 256 << 20})
	if err != nil {
		t.Fatal(err)
	}
	runs, err := r.RunAll(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0].Status != StatusCrash || !strings.Contains(runs[0].Message, "runaway memory") {
		t.Errorf("runs = %+v", runs)
	}
}

// TestConformanceGate runs the WPT subset in the isolate's globals and fails
// when a directory passes fewer subtests than testdata/wpt-baseline.json
// records. Regenerate the baseline with `make wpt-baseline`.
func TestConformanceGate(t *testing.T) {
	if testing.Short() {
		t.Skip("WPT gate skipped in -short mode")
	}
	if raceEnabled {
		t.Skip("the WPT gate runs without -race (make test-wpt): it measures fidelity, and -race would make it several times slower")
	}
	if _, err := os.Stat(wptDir); err != nil {
		t.Fatalf("the WPT subset must be at %s (../shared/wpt beside the checkout): %v", wptDir, err)
	}
	base, err := ReadBaseline("../testdata/wpt-baseline.json")
	if err != nil {
		t.Fatal(err)
	}
	// Deadlines are generous: on a busy 2-core machine a file cut short
	// passes fewer subtests.
	r, err := NewRunner(Options{Dir: wptDir, Workers: 2, Timeout: 20 * time.Second, LongTimeout: 120 * time.Second, Exclude: gateExclude})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	runs, err := r.RunAll(context.Background(), gatePaths)
	if err != nil {
		t.Fatal(err)
	}
	sum := Total(Summarize(runs))
	t.Logf("WPT gate: %d passed, %d failed, %d files, %d skipped, in %s", sum.Passed, sum.Failed+sum.TimedOut, sum.Files, sum.Skipped, time.Since(start).Round(time.Millisecond))
	slowest := slices.Clone(runs)
	slices.SortFunc(slowest, func(a, b Run) int { return cmp.Compare(b.Duration, a.Duration) })
	for _, run := range slowest[:min(5, len(slowest))] {
		t.Logf("slow: %6.2fs %s", run.Duration, run.Key())
	}
	for _, reg := range base.Regressions(runs) {
		t.Error(reg)
	}
}

// gatePaths are the parts of the suite the gate runs (nil: all of it).
var gatePaths []string

// gateExclude are files the gate leaves to `make conformance` because they
// take most of the time under -race: idlharness parsing html.idl (5 s each
// without -race), a 10,000-element console.log, and a file that can only
// time out.
var gateExclude = []string{
	"FileAPI/idlharness.any.js",
	"WebCryptoAPI/idlharness.https.any.js",
	"fetch/api/idlharness.any.js",
	"hr-time/idlharness.any.js",
	"xhr/idlharness.any.js",
	"console/console-log-large-array.any.js",
	"html/webappapis/timers/evil-spec-example.any.js",
}
