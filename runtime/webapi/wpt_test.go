package webapi

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// This file runs upstream Web Platform Tests from the shared, read-only
// subset as a sanity check of the JS layer. It is a small stand-in for the
// project's real WPT runner (a later issue): it logs pass counts per file and
// fails only when the total drops below wptMinPass. Run with WPT_VERBOSE=1 to
// list failing subtests; -short skips it.
//
// Known failures, by cause: no ReadableStream global yet, no
// SharedArrayBuffer/resizable ArrayBuffer/Float16Array/MessageChannel in
// goja, tests that need wptserve's Python handlers or XMLHttpRequest, a
// global that is not an EventTarget, no CustomEvent, forbidden request
// headers and a forbidden Set-Cookie response header (undici allows them, as
// Edgeplay does), and an empty FormData serialised with its closing boundary
// (as browsers and undici do; the WPT expectation carries a FIXME).

const wptOrigin = "http://web-platform.test:8000"

// wptMinPass is the number of passing subtests measured when this file was
// last updated; fewer is a regression.
const wptMinPass = 14403

// wptTransport serves the WPT folder for wptOrigin, as wptserve would for
// static files.
type wptTransport struct{}

func (wptTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	p := path.Clean("/" + strings.TrimPrefix(r.URL.Opaque, "/"))
	if r.URL.Opaque == "" {
		p = path.Clean(r.URL.Path)
	}
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	data, err := os.ReadFile(filepath.Join(wptDir, filepath.FromSlash(p)))
	resp := &http.Response{Request: r, Header: http.Header{}, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
	if err != nil {
		resp.StatusCode, resp.Status = 404, "404 Not Found"
		resp.Body = io.NopCloser(strings.NewReader("not found"))
		return resp, nil
	}
	resp.StatusCode, resp.Status = 200, "200 OK"
	if strings.HasSuffix(p, ".json") {
		resp.Header.Set("Content-Type", "application/json")
	}
	resp.Body = io.NopCloser(bytes.NewReader(data))
	return resp, nil
}

type wptMeta struct {
	scripts  []string
	variants []string
	globals  string
}

func readMeta(src string) wptMeta {
	var m wptMeta
	for _, line := range strings.Split(src, "\n") {
		if !strings.HasPrefix(line, "// META:") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			break
		}
		kv := strings.TrimSpace(strings.TrimPrefix(line, "// META:"))
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "script":
			m.scripts = append(m.scripts, v)
		case "variant":
			m.variants = append(m.variants, v)
		case "global":
			m.globals = v
		}
	}
	return m
}

type wptResult struct {
	pass, fail int
	failures   []string
	harness    string
}

func runWPTFile(t *testing.T, rel, variant string) wptResult {
	file := filepath.Join(wptDir, rel)
	src, err := os.ReadFile(file)
	if err != nil {
		t.Skipf("WPT not available: %v", err)
	}
	meta := readMeta(string(src))
	loc := wptOrigin + "/" + strings.TrimSuffix(rel, ".js") + ".worker.js" + variant
	e := newEnv(t, func(o *Options) {
		o.Transport = wptTransport{}
		o.BaseURL = loc
	})
	rt := e.rt
	if _, err := rt.RunString(fmt.Sprintf(`
		self.GLOBAL = { isWindow: () => false, isWorker: () => true, isShadowRealm: () => false };
		self.location = new URL(%q);
		self.isSecureContext = true;
		self.__results = [];
		self.__done = null;
	`, loc)); err != nil {
		t.Fatal(err)
	}
	load := func(p string) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("load %s: %v", p, err)
		}
		if _, err := rt.RunScript(p, string(data)); err != nil {
			t.Logf("%s: error loading %s: %v", rel, p, err)
		}
	}
	// Keep the loop alive until the harness completes: tests may wait on
	// unref'd work such as AbortSignal.timeout.
	release := e.loop.Hold()
	releaseOnce := func(goja.FunctionCall) goja.Value {
		if release != nil {
			release()
			release = nil
		}
		return goja.Undefined()
	}
	if err := rt.Set("__release", releaseOnce); err != nil {
		t.Fatal(err)
	}
	defer releaseOnce(goja.FunctionCall{})
	load(filepath.Join(wptDir, "resources/testharness.js"))
	if _, err := rt.RunString(`
		setup({ explicit_done: true });
		add_result_callback(t => __results.push([t.name, t.status, t.message || '']));
		add_completion_callback((tests, status) => { __done = [status.status, status.message || '']; __release(); });
	`); err != nil {
		t.Fatal(err)
	}
	for _, s := range meta.scripts {
		p := s
		if s == "/resources/WebIDLParser.js" {
			p = "/resources/webidl2/lib/webidl2.js"
		}
		if strings.HasPrefix(p, "/") {
			load(filepath.Join(wptDir, p))
		} else {
			load(filepath.Join(filepath.Dir(file), p))
		}
	}
	load(file)
	if _, err := rt.RunString(`done()`); err != nil {
		t.Logf("%s: done(): %v", rel, err)
	}
	finished := func() bool { d := rt.Get("__done"); return d != nil && !goja.IsNull(d) }
	if err := e.loop.runUntil(finished, 20*time.Second); err != nil {
		t.Logf("%s: %v", rel, err)
	}
	var res wptResult
	var results [][]interface{}
	if err := rt.ExportTo(rt.Get("__results"), &results); err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if fmt.Sprint(r[1]) == "0" {
			res.pass++
		} else {
			res.fail++
			res.failures = append(res.failures, fmt.Sprintf("%v: %v", r[0], r[2]))
		}
	}
	if d := rt.Get("__done"); d == nil || goja.IsNull(d) {
		res.harness = "did not complete"
	} else if s := d.ToObject(rt).Get("0").String(); s != "0" {
		res.harness = "ERROR " + d.ToObject(rt).Get("1").String()
	}
	return res
}

func TestWPTSubset(t *testing.T) {
	if testing.Short() {
		t.Skip("WPT subset skipped in -short mode")
	}
	if _, err := os.Stat(wptDir); err != nil {
		t.Skip("WPT not available")
	}
	files := []string{
		"url/url-constructor.any.js", "url/url-origin.any.js", "url/url-setters.any.js",
		"url/url-setters-stripping.any.js", "url/url-searchparams.any.js", "url/url-statics-canparse.any.js",
		"url/url-statics-parse.any.js", "url/url-tojson.any.js", "url/urlencoded-parser.any.js",
		"url/urlsearchparams-append.any.js", "url/urlsearchparams-constructor.any.js",
		"url/urlsearchparams-delete.any.js", "url/urlsearchparams-foreach.any.js", "url/urlsearchparams-get.any.js",
		"url/urlsearchparams-getall.any.js", "url/urlsearchparams-has.any.js", "url/urlsearchparams-set.any.js",
		"url/urlsearchparams-size.any.js", "url/urlsearchparams-sort.any.js", "url/urlsearchparams-stringifier.any.js",
		"url/historical.any.js",
		"encoding/api-basics.any.js", "encoding/api-invalid-label.any.js", "encoding/api-surrogates-utf8.any.js",
		"encoding/encodeInto.any.js", "encoding/textdecoder-arguments.any.js", "encoding/textdecoder-byte-order-marks.any.js",
		"encoding/textdecoder-eof.any.js", "encoding/textdecoder-fatal.any.js", "encoding/textdecoder-fatal-streaming.any.js",
		"encoding/textdecoder-ignorebom.any.js", "encoding/textdecoder-labels.any.js", "encoding/textdecoder-streaming.any.js",
		"encoding/textdecoder-utf16-surrogates.any.js", "encoding/textencoder-constructor-non-utf.any.js",
		"encoding/textencoder-utf16-surrogates.any.js", "encoding/textdecoder-fatal-single-byte.any.js",
		"encoding/replacement-encodings.any.js", "encoding/api-replacement-encodings.any.js",
		"encoding/unsupported-encodings.any.js", "encoding/textdecoder-copy.any.js",
		"html/webappapis/atob/base64.any.js",
		"html/webappapis/structured-clone/structured-clone.any.js",
		"html/webappapis/timers/clearinterval-from-callback.any.js", "html/webappapis/timers/cleartimeout-clearinterval.any.js",
		"html/webappapis/timers/missing-timeout-setinterval.any.js", "html/webappapis/timers/negative-setinterval.any.js",
		"html/webappapis/timers/negative-settimeout.any.js", "html/webappapis/timers/type-long-setinterval.any.js",
		"html/webappapis/timers/type-long-settimeout.any.js",
		"dom/events/AddEventListenerOptions-once.any.js", "dom/events/AddEventListenerOptions-passive.any.js",
		"dom/events/AddEventListenerOptions-signal.any.js", "dom/events/Event-constructors.any.js",
		"dom/events/Event-isTrusted.any.js", "dom/events/EventTarget-add-remove-listener.any.js",
		"dom/events/EventTarget-addEventListener.any.js", "dom/events/EventTarget-constructible.any.js",
		"dom/events/EventTarget-removeEventListener.any.js",
		"dom/abort/AbortSignal.any.js", "dom/abort/abort-signal-any.any.js", "dom/abort/event.any.js", "dom/abort/timeout.any.js",
		"fetch/api/headers/header-setcookie.any.js", "fetch/api/headers/header-values-normalize.any.js",
		"fetch/api/headers/header-values.any.js", "fetch/api/headers/headers-basic.any.js",
		"fetch/api/headers/headers-casing.any.js", "fetch/api/headers/headers-combine.any.js",
		"fetch/api/headers/headers-errors.any.js", "fetch/api/headers/headers-normalize.any.js",
		"fetch/api/headers/headers-record.any.js", "fetch/api/headers/headers-structure.any.js",
		"fetch/api/request/forbidden-method.any.js", "fetch/api/request/request-constructor-init-body-override.any.js",
		"fetch/api/request/request-consume-empty.any.js", "fetch/api/request/request-consume.any.js",
		"fetch/api/request/request-disturbed.any.js", "fetch/api/request/request-error.any.js",
		"fetch/api/request/request-headers.any.js", "fetch/api/request/request-init-002.any.js",
		"fetch/api/request/request-init-contenttype.any.js", "fetch/api/request/request-structure.any.js",
		"fetch/api/request/request-init-priority.any.js",
		"fetch/api/response/json.any.js", "fetch/api/response/response-clone.any.js",
		"fetch/api/response/response-consume-empty.any.js", "fetch/api/response/response-error.any.js",
		"fetch/api/response/response-init-001.any.js", "fetch/api/response/response-init-002.any.js",
		"fetch/api/response/response-init-contenttype.any.js", "fetch/api/response/response-static-error.any.js",
		"fetch/api/response/response-static-json.any.js", "fetch/api/response/response-static-redirect.any.js",
		"fetch/api/response/response-headers-guard.any.js",
		"fetch/api/body/formdata.any.js", "fetch/api/body/mime-type.any.js",
		"FileAPI/blob/Blob-array-buffer.any.js", "FileAPI/blob/Blob-bytes.any.js", "FileAPI/blob/Blob-constructor.any.js",
		"FileAPI/blob/Blob-slice-overflow.any.js", "FileAPI/blob/Blob-slice.any.js", "FileAPI/blob/Blob-text.any.js",
		"FileAPI/file/File-constructor.any.js",
		"xhr/formdata/append.any.js", "xhr/formdata/constructor.any.js", "xhr/formdata/delete.any.js",
		"xhr/formdata/foreach.any.js", "xhr/formdata/get.any.js", "xhr/formdata/has.any.js",
		"xhr/formdata/iteration.any.js", "xhr/formdata/set-blob.any.js", "xhr/formdata/set.any.js",
		"hr-time/basic.any.js", "hr-time/monotonic-clock.any.js",
		"console/console-is-a-namespace.any.js", "console/console-label-conversion.any.js",
		"console/console-log-large-array.any.js", "console/console-log-symbol.any.js",
		"console/console-namespace-object-class-string.any.js", "console/console-tests-historical.any.js",
	}
	verbose := os.Getenv("WPT_VERBOSE") != ""
	totalPass, totalFail := 0, 0
	var summary []string
	for _, rel := range files {
		if _, err := os.Stat(filepath.Join(wptDir, rel)); err != nil {
			continue
		}
		t.Run(rel, func(t *testing.T) {
			src, _ := os.ReadFile(filepath.Join(wptDir, rel))
			variants := readMeta(string(src)).variants
			if len(variants) == 0 {
				variants = []string{""}
			}
			for _, v := range variants {
				res := runWPTFile(t, rel, v)
				totalPass += res.pass
				totalFail += res.fail
				line := fmt.Sprintf("%-70s %4d pass %4d fail %s", rel+v, res.pass, res.fail, res.harness)
				summary = append(summary, line)
				if verbose {
					for _, f := range res.failures {
						t.Logf("  FAIL %s", f)
					}
				}
			}
		})
	}
	sort.Strings(summary)
	t.Logf("WPT subset: %d pass, %d fail\n%s", totalPass, totalFail, strings.Join(summary, "\n"))
	if totalPass < wptMinPass {
		t.Errorf("%d WPT subtests pass, fewer than the %d recorded", totalPass, wptMinPass)
	}
}
