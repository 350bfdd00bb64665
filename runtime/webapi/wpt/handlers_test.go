package wpt

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// handlerCase is one request to a Go handler and what must come back.
type handlerCase struct {
	name    string
	method  string
	url     string // relative to Origin
	header  http.Header
	body    string
	status  int
	reason  string            // status text, if checked
	want    map[string]string // response headers ("" = must be absent)
	empty   []string          // response headers present with an empty value
	resBody *string           // exact body, if checked
}

func str(s string) *string { return &s }

// roundTrip sends one request through a transport serving no files.
func roundTrip(t *testing.T, tr staticTransport, c handlerCase) (*http.Response, string, error) {
	t.Helper()
	var rd io.Reader
	if c.body != "" {
		rd = strings.NewReader(c.body)
	}
	method := c.method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(context.Background(), method, Origin+c.url, rd)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	res, err := tr.RoundTrip(req)
	if err != nil {
		return nil, "", err
	}
	b, err := io.ReadAll(res.Body)
	_ = res.Body.Close()
	return res, string(b), err
}

func checkCases(t *testing.T, tr staticTransport, cases []handlerCase) {
	t.Helper()
	for _, c := range cases {
		res, body, err := roundTrip(t, tr, c)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if res.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.name, res.StatusCode, c.status)
		}
		if c.reason != "" && res.Status != c.reason {
			t.Errorf("%s: status line %q, want %q", c.name, res.Status, c.reason)
		}
		for k, v := range c.want {
			got, ok := res.Header[http.CanonicalHeaderKey(k)]
			if !ok {
				got, ok = res.Header[k]
			}
			switch {
			case v == "" && ok:
				t.Errorf("%s: header %s = %q, want none", c.name, k, got)
			case v != "" && (!ok || strings.Join(got, ", ") != v):
				t.Errorf("%s: header %s = %q, want %q", c.name, k, got, v)
			}
		}
		for _, k := range c.empty {
			if got, ok := res.Header[k]; !ok || len(got) != 1 || got[0] != "" {
				t.Errorf("%s: header %s = %q, want one empty value", c.name, k, got)
			}
		}
		if c.resBody != nil && body != *c.resBody {
			t.Errorf("%s: body %q, want %q", c.name, body, *c.resBody)
		}
	}
}

func TestHandlers(t *testing.T) {
	tr := staticTransport{fsys: fstest.MapFS{}, stash: NewStash()}
	const res = "/fetch/api/resources/"
	checkCases(t, tr, []handlerCase{
		// inspect-headers.py
		{name: "inspect: reflects named headers", url: res + "inspect-headers.py?headers=Accept|x-missing|X-Test",
			header: http.Header{"Accept": {"a/b"}, "X-Test": {"1", "2"}}, status: 200,
			want: map[string]string{"x-request-Accept": "a/b", "x-request-X-Test": "1, 2", "x-request-x-missing": "",
				"Content-Type": "text/plain", "Vary": "*", "Access-Control-Allow-Origin": ""}, resBody: str("")},
		{name: "inspect: wire headers", method: "POST", url: res + "inspect-headers.py?headers=content-length|host|accept-encoding", status: 200,
			want: map[string]string{"x-request-content-length": "0", "x-request-host": "web-platform.test:8000", "x-request-accept-encoding": "gzip"}},
		{name: "inspect: no added Accept-Encoding", url: res + "inspect-headers.py?headers=accept-encoding", header: http.Header{"Accept-Encoding": {"br"}}, status: 200,
			want: map[string]string{"x-request-accept-encoding": "br"}},
		{name: "inspect: cors", url: res + "inspect-headers.py?headers=a|b&cors", header: http.Header{"Origin": {"http://o.test"}}, status: 200,
			want: map[string]string{"Access-Control-Allow-Origin": "http://o.test", "Access-Control-Allow-Credentials": "true",
				"Access-Control-Expose-Headers": "x-request-a, x-request-b", "Access-Control-Allow-Headers": "accept-encoding, host, origin"}},
		{name: "inspect: cors allow_headers", url: res + "inspect-headers.py?cors&allow_headers=x-foo", status: 200,
			want: map[string]string{"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "x-foo"}},
		// redirect.py
		{name: "redirect: default", url: res + "redirect.py", status: 302,
			want: map[string]string{"Location": "", "Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache"}},
		{name: "redirect: status and location", url: res + "redirect.py?redirect_status=307&location=top.txt", status: 307,
			want: map[string]string{"Location": "top.txt?location=top.txt&redirect_status=307&count=1"}},
		{name: "redirect: location with query", url: res + "redirect.py?location=a%3Fx%3D1", status: 302,
			want: map[string]string{"Location": "a?x=1&location=a%3Fx%3D1&count=1"}},
		{name: "redirect: simple", url: res + "redirect.py?simple=1&location=top.txt%3F%E2%98%83", status: 302,
			want: map[string]string{"Location": "top.txt?\u2603"}},
		{name: "redirect: other scheme kept", url: res + "redirect.py?location=data%3A%2CHI", status: 302,
			want: map[string]string{"Location": "data:,HI"}},
		{name: "redirect: referrer policy", url: res + "redirect.py?redirect_referrerpolicy=no-referrer", status: 302,
			want: map[string]string{"Referrer-Policy": "no-referrer"}},
		{name: "redirect: origin echoed", url: res + "redirect.py", header: http.Header{"Origin": {"http://o.test"}}, status: 302,
			want: map[string]string{"Access-Control-Allow-Origin": "http://o.test", "Access-Control-Allow-Credentials": "true"}},
		{name: "redirect: preflight", method: "OPTIONS", url: res + "redirect.py?allow_headers=x-a&redirect_status=301", status: 200,
			want: map[string]string{"Access-Control-Allow-Headers": "x-a"}},
		{name: "redirect: preflight redirected", method: "OPTIONS", url: res + "redirect.py?redirect_preflight&redirect_status=301", status: 301},
		{name: "redirect-empty-location.py", url: res + "redirect-empty-location.py", status: 302, empty: []string{"Location"}},
		// method.py
		{name: "method: echo", method: "PUT", url: res + "method.py", body: "abc", header: http.Header{"Content-Type": {"text/x"}}, status: 200,
			want: map[string]string{"x-request-method": "PUT", "x-request-content-length": "3", "x-request-content-type": "text/x",
				"x-request-content-language": "NO", "Access-Control-Allow-Origin": ""}, resBody: str("abc")},
		{name: "method: cors", url: res + "method.py?cors", status: 200,
			want: map[string]string{"Access-Control-Allow-Methods": "GET, POST, PUT, FOO", "x-request-content-length": "NO"}},
		// echo-content.py
		{name: "echo-content", method: "POST", url: res + "echo-content.py", body: "hello", header: http.Header{"Referer": {"http://r/"}}, status: 200,
			want: map[string]string{"X-Request-Method": "POST", "X-Request-Content-Length": "5", "X-Request-Content-Type": "NO",
				"X-Request-Referer": "http://r/", "Content-Type": "text/plain"}, resBody: str("hello")},
		// status.py
		{name: "status: defaults", url: res + "status.py", status: 200, reason: "200 OMG",
			want: map[string]string{"X-Request-Method": "GET"}, resBody: str("")},
		{name: "status: all", method: "POST", url: res + "status.py?code=201&text=Yes&content=hi&type=text%2Fplain%3Bcharset%3DUTF-8",
			status: 201, reason: "201 Yes", want: map[string]string{"Content-Type": "text/plain;charset=UTF-8", "X-Request-Method": "POST"}, resBody: str("hi")},
		{name: "status: HEAD has no body", method: "HEAD", url: res + "status.py?content=hi", status: 200, resBody: str("")},
		// cache.py
		{name: "cache: miss", url: res + "cache.py", status: 200, want: map[string]string{"ETag": `"123abc"`, "X-HTTP-STATUS": ""}, resBody: str(cacheContent)},
		{name: "cache: hit", url: res + "cache.py", header: http.Header{"If-None-Match": {`"123abc"`}}, status: 304,
			want: map[string]string{"X-HTTP-STATUS": "304"}, resBody: str("")},
		// trickle.py
		{name: "trickle", url: res + "trickle.py?ms=1&count=3", status: 200, want: map[string]string{"Content-Type": "text/plain"},
			resBody: str(strings.Repeat("TEST_TRICKLE\n", 3))},
		{name: "trickle: notype", url: res + "trickle.py?ms=0&count=1&notype=true", status: 200, want: map[string]string{"Content-Type": ""}},
		// xhr handlers
		{name: "parse-headers", url: "/xhr/resources/parse-headers.py?my-custom-header=x%09x%C3%A9", status: 200,
			want: map[string]string{"My-Custom-Header": "x\tx\u00e9"}},
		{name: "echo-headers", url: "/xhr/resources/echo-headers.py", header: http.Header{"x-Raw": {"1, 2"}}, status: 200,
			resBody: str("Accept-Encoding: gzip\r\nHost: web-platform.test:8000\r\nx-Raw: 1, 2\r\n")},
	})
}

// TestRedirectCount follows redirect.py's token/max_count protocol: it
// redirects max_count times, then answers the number of redirects.
func TestRedirectCount(t *testing.T) {
	tr := staticTransport{fsys: fstest.MapFS{}, stash: NewStash()}
	const base = "/fetch/api/resources/"
	clean := handlerCase{url: base + "clean-stash.py?token=T"}
	if _, body, err := roundTrip(t, tr, clean); err != nil || body != "0" {
		t.Fatalf("clean-stash on an empty stash: %q %v", body, err)
	}
	u := base + "redirect.py?token=T&max_count=3&redirect_status=301&location=redirect.py"
	for hop := 1; ; hop++ {
		res, body, err := roundTrip(t, tr, handlerCase{url: u})
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode == 200 {
			if body != "3" || hop != 4 {
				t.Errorf("after %d requests: body %q, want 3 after 4", hop, body)
			}
			break
		}
		if hop > 4 || res.StatusCode != 301 {
			t.Fatalf("hop %d: status %d", hop, res.StatusCode)
		}
		u = base + res.Header.Get("Location")
	}
	// As in wptserve, a handler's stash defaults to its own path: redirect.py's
	// counts are not clean-stash.py's (the tests only check its status).
	if _, body, _ := roundTrip(t, tr, clean); body != "0" {
		t.Errorf("clean-stash after the loop = %q, want 0", body)
	}
	tr.stash.Put(base+"clean-stash.py", "T", 1)
	if _, body, _ := roundTrip(t, tr, clean); body != "1" {
		t.Errorf("clean-stash of its own value = %q, want 1", body)
	}
	if _, body, _ := roundTrip(t, tr, clean); body != "0" {
		t.Errorf("clean-stash twice = %q, want 0", body)
	}
}

// TestStash checks stash-put.py and stash-take.py, and that runners do not
// share a stash.
func TestStash(t *testing.T) {
	tr := staticTransport{fsys: fstest.MapFS{}, stash: NewStash()}
	const base = "/fetch/api/resources/"
	for _, c := range []struct{ url, want string }{
		{base + "stash-take.py?key=k", "null"},
		{base + "stash-put.py?key=k&value=close", "done"},
		{base + "stash-take.py?key=k", `"close"`},
		{base + "stash-take.py?key=k", "null"},
	} {
		res, body, err := roundTrip(t, tr, handlerCase{url: c.url})
		if err != nil || body != c.want {
			t.Errorf("%s: %q %v, want %q", c.url, body, err, c.want)
		}
		if strings.Contains(c.url, "take") && res.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s: no CORS header", c.url)
		}
	}
	other := staticTransport{fsys: fstest.MapFS{}, stash: NewStash()}
	_, _, _ = roundTrip(t, tr, handlerCase{url: base + "stash-put.py?key=s&value=v"})
	if _, body, _ := roundTrip(t, other, handlerCase{url: base + "stash-take.py?key=s"}); body != "null" {
		t.Errorf("another runner's stash saw %q", body)
	}
}

// TestStreamingHandlers checks that trickle.py and bad-chunk-encoding.py
// deliver their body over time, fail as a broken transfer would, and stop
// when the request is cancelled.
func TestStreamingHandlers(t *testing.T) {
	tr := staticTransport{fsys: fstest.MapFS{}, stash: NewStash()}
	req, _ := http.NewRequest("GET", Origin+"/fetch/api/resources/bad-chunk-encoding.py?ms=1&count=2", nil)
	res, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	if string(body) != "TEST_CHUNKTEST_CHUNK" || !errors.Is(err, errBadChunk) {
		t.Errorf("bad-chunk-encoding: %q, %v", body, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	req, _ = http.NewRequestWithContext(ctx, "GET", Origin+"/fetch/api/resources/trickle.py?ms=20&count=1000", nil)
	start := time.Now()
	res, err = tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	if n, err := res.Body.Read(buf); err != nil || string(buf[:n]) != "TEST_TRICKLE\n" {
		t.Fatalf("first chunk: %q %v", buf[:n], err)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("first chunk after %s, want two pauses of 20ms", d)
	}
	cancel()
	if _, err := io.ReadAll(res.Body); !errors.Is(err, context.Canceled) {
		t.Errorf("read after cancel: %v", err)
	}
	if _, err := tr.RoundTrip(req); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled request: %v", err)
	}
}

// TestWireHeaderCheck checks that a handler's response header that a
// network client would refuse fails the request, as on a socket.
func TestWireHeaderCheck(t *testing.T) {
	tr := staticTransport{fsys: fstest.MapFS{}, stash: NewStash()}
	for _, q := range []string{"x%00x", "x%0Dy", "x%0Ay", "x%7Fy"} {
		req, _ := http.NewRequest("GET", Origin+"/xhr/resources/parse-headers.py?my-custom-header="+q, nil)
		if _, err := tr.RoundTrip(req); err == nil || !strings.Contains(err.Error(), "malformed MIME header line") {
			t.Errorf("header value %s: err = %v", q, err)
		}
	}
}

func TestNeedsServerHandlers(t *testing.T) {
	for _, c := range []struct{ rel, body, want string }{
		{"fetch/api/basic/x.any.js", `fetch(RESOURCES_DIR + "inspect-headers.py?headers=Accept")`, ""},
		{"fetch/api/basic/x.any.js", "fetch(`${RESOURCES_DIR}status.py?code=200`)", ""},
		{"fetch/api/basic/x.any.js", `fetch("../resources/trickle.py?ms=1")`, ""},
		{"fetch/api/basic/x.any.js", `fetch("/xhr/resources/echo-headers.py")`, ""},
		{"fetch/api/basic/x.any.js", `fetch("../../../xhr/resources/parse-headers.py?a=b")`, ""},
		{"fetch/api/redirect/x.any.js", `var redir = RESOURCES_DIR + "redirect.py"; var loc = "method.py";`, ""},
		{"fetch/api/basic/x.any.js", `fetch("../resources/infinite-slow-response.py")`, ""},
		{"fetch/api/basic/x.any.js", `fetch("/fetch/connection-pool/resources/network-partition-key.py?a")`, ""},
		{"fetch/api/basic/x.any.js", `fetch("../resources/keepalive-redirect.py")`, "needs wptserve (py)"},
		{"fetch/api/basic/x.any.js", `fetch("../resources/redirect.py"); fetch("no-such-handler.py")`, "needs wptserve (py)"},
		{"xhr/x.any.js", `fetch("resources/redirect.py")`, "needs wptserve (py)"},
		{"fetch/api/basic/x.sub.any.js", `fetch("../resources/status.py")`, ""},
		{"fetch/api/basic/x.any.js", `get_host_info(); fetch("../resources/redirect.py")`, ""},
	} {
		if got := NeedsServer(c.rel, c.body); got != c.want {
			t.Errorf("NeedsServer(%q, %q) = %q, want %q", c.rel, c.body, got, c.want)
		}
	}
}
