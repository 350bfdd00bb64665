package wpt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// This file reimplements, in Go, the few wptserve Python handlers that the
// fetch/api tests request, so those tests run in process against
// Edgeplay's own fetch. Each handler follows the behaviour of the upstream
// file of the same path in web-platform-tests/wpt (named in its doc
// comment); none of their code is reused.

// handlerFunc answers one request to a Python handler. body is the request
// body, already read; q is its query, parsed as wptserve's request.GET.
type handlerFunc func(hr *handlerRequest) (*http.Response, error)

// handlerRequest is what a handler sees of a request.
type handlerRequest struct {
	req   *http.Request
	path  string // the URL path, starting with "/"
	q     url.Values
	body  []byte
	stash *Stash
}

// handlers maps the path of each implemented handler (relative to the WPT
// root) to its Go implementation. Read-only.
var handlers = map[string]handlerFunc{
	"fetch/api/resources/inspect-headers.py":                   inspectHeaders,
	"fetch/api/resources/redirect.py":                          redirectHandler,
	"fetch/api/resources/redirect-empty-location.py":           redirectEmptyLocation,
	"fetch/api/resources/method.py":                            methodHandler,
	"fetch/api/resources/echo-content.py":                      echoContent,
	"fetch/api/resources/status.py":                            statusHandler,
	"fetch/api/resources/cache.py":                             cacheHandler,
	"fetch/api/resources/trickle.py":                           trickle,
	"fetch/api/resources/bad-chunk-encoding.py":                badChunkEncoding,
	"fetch/api/resources/stash-put.py":                         stashPut,
	"fetch/api/resources/stash-take.py":                        stashTake,
	"fetch/api/resources/clean-stash.py":                       cleanStash,
	"fetch/api/resources/infinite-slow-response.py":            infiniteSlowResponse,
	"fetch/connection-pool/resources/network-partition-key.py": networkPartitionKey,
	"common/redirect.py":                                       commonRedirect,
	"xhr/resources/parse-headers.py":                           parseHeaders,
	"xhr/resources/echo-headers.py":                            echoHeaders,
}

// HasHandler reports whether the Python handler at rel (a path relative to
// the WPT root) is implemented in Go.
func HasHandler(rel string) bool {
	_, ok := handlers[strings.TrimPrefix(path.Clean("/"+rel), "/")]
	return ok
}

// Stash is wptserve's stash: values put by one request and taken (once) by
// a later one, keyed by a path and a key. One per Runner; safe for
// concurrent use.
type Stash struct {
	mu sync.Mutex
	m  map[[2]string]any
}

// NewStash returns an empty stash.
func NewStash() *Stash { return &Stash{m: map[[2]string]any{}} }

// Put stores v under (p, key), replacing any earlier value.
func (s *Stash) Put(p, key string, v any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[[2]string{p, key}] = v
}

// Update replaces the value under (p, key) (nil when there is none) with
// what f returns, atomically: f runs under the stash's lock and must not
// use the stash.
func (s *Stash) Update(p, key string, f func(old any) any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := [2]string{p, key}
	s.m[k] = f(s.m[k])
}

// Take removes and returns the value under (p, key), or nil.
func (s *Stash) Take(p, key string) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := [2]string{p, key}
	v, ok := s.m[k]
	if !ok {
		return nil
	}
	delete(s.m, k)
	return v
}

// serveHandler runs the handler for p (relative to the WPT root), if there
// is one; ok is false when p is not an implemented handler.
func serveHandler(stash *Stash, r *http.Request, p, rawQuery string) (resp *http.Response, ok bool, err error) {
	h, ok := handlers[p]
	if !ok {
		return nil, false, nil
	}
	var body []byte
	if r.Body != nil {
		body, err = io.ReadAll(r.Body)
		_ = r.Body.Close()
		if err != nil {
			return nil, true, fmt.Errorf("wpt: read request body for /%s: %w", p, err)
		}
	}
	if stash == nil {
		// A transport without a stash (a unit test's) keeps nothing
		// between requests.
		stash = NewStash()
	}
	// As Python's parse_qsl: a malformed escape keeps what parsed.
	q, _ := url.ParseQuery(rawQuery)
	resp, err = h(&handlerRequest{req: r, path: "/" + p, q: q, body: body, stash: stash})
	if err != nil {
		return nil, true, fmt.Errorf("wpt: handler /%s: %w", p, err)
	}
	if err := checkWireHeader(resp.Header); err != nil {
		_ = resp.Body.Close()
		return nil, true, fmt.Errorf("wpt: response of /%s: %w", p, err)
	}
	if r.Method == http.MethodHead {
		_ = resp.Body.Close()
		resp.Body = http.NoBody
	}
	return resp, true, nil
}

// checkWireHeader rejects the response header lines that Go's HTTP/1.1
// client (net/textproto) refuses when it reads them from a socket: a name
// that is not a token, or a value with a control byte other than HTAB.
// Without it the in-process transport would pass on headers (a NUL from
// parse-headers.py) that Edgeplay's fetch never sees over a network.
func checkWireHeader(h http.Header) error {
	for k, vs := range h {
		if k == "" || strings.IndexFunc(k, func(c rune) bool { return !isTokenChar(c) }) >= 0 {
			return fmt.Errorf("malformed MIME header line: invalid name %q", k)
		}
		for _, v := range vs {
			for i := 0; i < len(v); i++ {
				if c := v[i]; c != '\t' && (c < 0x20 || c == 0x7f) {
					return fmt.Errorf("malformed MIME header line: %q", k+": "+v)
				}
			}
		}
	}
	return nil
}

// isTokenChar reports whether c may appear in an HTTP token (RFC 9110).
func isTokenChar(c rune) bool {
	return c < 0x7f && c > 0x20 && !strings.ContainsRune(`"(),/:;<=>?@[\]{}`, c)
}

// first is wptserve's request.GET.first(name, def).
func (hr *handlerRequest) first(name, def string) string {
	if v, ok := hr.q[name]; ok && len(v) > 0 {
		return v[0]
	}
	return def
}

// has reports whether the query names the parameter.
func (hr *handlerRequest) has(name string) bool {
	_, ok := hr.q[name]
	return ok
}

// wireHeader returns the request headers as the server would receive them
// over HTTP/1.1 from the transport Edgeplay uses in production (a clone of
// http.DefaultTransport): the header map plus Host, Content-Length when the
// client writes one, and the Accept-Encoding: gzip it adds for transparent
// decompression.
func (hr *handlerRequest) wireHeader() http.Header {
	h := hr.req.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	host := hr.req.Host
	if host == "" {
		host = hr.req.URL.Host
	}
	h.Set("Host", host)
	switch {
	case len(hr.body) > 0:
		h.Set("Content-Length", strconv.Itoa(len(hr.body)))
	case hr.req.Method == http.MethodPost || hr.req.Method == http.MethodPut || hr.req.Method == http.MethodPatch:
		h.Set("Content-Length", "0")
	}
	if h.Get("Accept-Encoding") == "" && h.Get("Range") == "" && hr.req.Method != http.MethodHead {
		h.Add("Accept-Encoding", "gzip")
	}
	return h
}

// header is wptserve's request.headers.get(name): the values of a header,
// matched without regard to case, joined by ", ".
func (hr *handlerRequest) header(name string) (string, bool) {
	var vals []string
	found := false
	for k, v := range hr.wireHeader() {
		if strings.EqualFold(k, name) {
			found = true
			vals = append(vals, v...)
		}
	}
	return strings.Join(vals, ", "), found
}

// respond builds a response. A reason of "" is Go's text for the code.
func respond(r *http.Request, code int, reason string, h http.Header, body []byte) *http.Response {
	if h == nil {
		h = http.Header{}
	}
	if reason == "" {
		reason = http.StatusText(code)
	}
	return &http.Response{
		Request: r, StatusCode: code, Status: fmt.Sprintf("%d %s", code, reason),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, ContentLength: int64(len(body)), Body: io.NopCloser(bytes.NewReader(body)),
	}
}

// sleep waits d unless the request is cancelled first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// msParam reads a duration in milliseconds, as Python's float(...)/1E3.
func (hr *handlerRequest) msParam(name string, def float64) (time.Duration, error) {
	ms := def
	if v := hr.first(name, ""); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, fmt.Errorf("%s=%q: %w", name, v, err)
		}
		ms = f
	}
	return time.Duration(ms * float64(time.Millisecond)), nil
}

// intParam reads an integer parameter, as Python's int(...).
func (hr *handlerRequest) intParam(name string, def int) (int, error) {
	v := hr.first(name, "")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, fmt.Errorf("%s=%q: %w", name, v, err)
	}
	return n, nil
}

// inspectHeaders is fetch/api/resources/inspect-headers.py: it reflects the
// request headers named in headers= (separated by "|") as
// x-request-<name>, and with cors= adds permissive CORS headers.
func inspectHeaders(hr *handlerRequest) (*http.Response, error) {
	h := http.Header{}
	var checked []string
	if hr.has("headers") {
		checked = strings.Split(hr.first("headers", ""), "|")
		for _, name := range checked {
			if v, ok := hr.header(name); ok {
				h.Add("x-request-"+name, v)
			}
		}
	}
	if hr.has("cors") {
		if o, ok := hr.header("Origin"); ok {
			h.Add("Access-Control-Allow-Origin", o)
		} else {
			h.Add("Access-Control-Allow-Origin", "*")
		}
		h.Add("Access-Control-Allow-Credentials", "true")
		h.Add("Access-Control-Allow-Methods", "GET, POST, HEAD")
		exposed := make([]string, len(checked))
		for i, name := range checked {
			exposed[i] = "x-request-" + name
		}
		h.Add("Access-Control-Expose-Headers", strings.Join(exposed, ", "))
		if hr.has("allow_headers") {
			h.Add("Access-Control-Allow-Headers", hr.first("allow_headers", ""))
		} else {
			var names []string
			for k := range hr.wireHeader() {
				names = append(names, strings.ToLower(k))
			}
			sort.Strings(names)
			h.Add("Access-Control-Allow-Headers", strings.Join(names, ", "))
		}
	}
	h.Add("Content-Type", "text/plain")
	h.Add("Cache-Control", "no-cache")
	h.Add("Vary", "*")
	return respond(hr.req, 200, "", h, nil), nil
}

// redirectState is what redirect.py keeps in the stash under token=.
type redirectState struct {
	count     int
	preflight bool
}

// redirectHandler is fetch/api/resources/redirect.py: it answers with a
// redirect (redirect_status=, default 302) to location=, to which (unless
// simple= or omit_parameters= is given, or the location is not http(s) or
// relative) its own query and a hop count are appended. With token= it
// counts the hops in the stash and, past max_count=, answers 200 with the
// number of redirects. OPTIONS preflights get 200 unless
// redirect_preflight= is given.
func redirectHandler(hr *handlerRequest) (*http.Response, error) {
	st := redirectState{}
	status := http.StatusFound
	h := http.Header{}
	h.Set("Content-Type", "text/plain")
	h.Set("Cache-Control", "no-cache")
	h.Set("Pragma", "no-cache")
	if o, ok := hr.header("Origin"); ok {
		h.Set("Access-Control-Allow-Origin", o)
		h.Set("Access-Control-Allow-Credentials", "true")
	} else {
		h.Set("Access-Control-Allow-Origin", "*")
	}
	token := ""
	if hr.has("token") {
		token = hr.first("token", "")
		if v, ok := hr.stash.Take(hr.path, token).(redirectState); ok {
			st = v
		}
	}
	if hr.req.Method == http.MethodOptions {
		if hr.has("allow_headers") {
			h.Set("Access-Control-Allow-Headers", hr.first("allow_headers", ""))
		}
		st.preflight = true
		if !hr.has("redirect_preflight") {
			if token != "" {
				hr.stash.Put(hr.path, token, st)
			}
			return respond(hr.req, 200, "", h, nil), nil
		}
	}
	if hr.has("redirect_status") {
		n, err := hr.intParam("redirect_status", status)
		if err != nil {
			return nil, err
		}
		status = n
	}
	st.count++
	if hr.has("location") {
		loc := hr.first("location", "")
		scheme := ""
		if u, err := url.Parse(loc); err == nil {
			scheme = strings.ToLower(u.Scheme)
		} else if i := strings.IndexByte(loc, ':'); i > 0 {
			scheme = strings.ToLower(loc[:i])
		}
		if (scheme == "" || scheme == "http" || scheme == "https") && !hr.has("simple") && !hr.has("omit_parameters") {
			if strings.Contains(loc, "?") {
				loc += "&"
			} else {
				loc += "?"
			}
			// Keep the request's parameters (first value of each), then
			// a count, so a redirect loop changes the URL each hop.
			params := url.Values{}
			for k, v := range hr.q {
				params.Set(k, v[0])
			}
			loc += params.Encode() + "&count=" + strconv.Itoa(st.count)
		}
		h.Set("Location", loc)
	}
	if hr.has("redirect_referrerpolicy") {
		h.Set("Referrer-Policy", hr.first("redirect_referrerpolicy", ""))
	}
	if hr.has("delay") {
		d, err := hr.msParam("delay", 0)
		if err != nil {
			return nil, err
		}
		if err := sleep(hr.req.Context(), d); err != nil {
			return nil, err
		}
	}
	if token != "" {
		hr.stash.Put(hr.path, token, st)
		if hr.has("max_count") {
			max, err := hr.intParam("max_count", 0)
			if err != nil {
				return nil, err
			}
			if st.count > max {
				// The last hop is not a redirect.
				return respond(hr.req, 200, "", http.Header{"Content-Type": {"text/html"}}, []byte(strconv.Itoa(st.count-1))), nil
			}
		}
	}
	return respond(hr.req, status, "", h, nil), nil
}

// redirectEmptyLocation is fetch/api/resources/redirect-empty-location.py:
// a 302 with an empty Location header.
func redirectEmptyLocation(hr *handlerRequest) (*http.Response, error) {
	return respond(hr.req, http.StatusFound, "", http.Header{"Location": {""}}, nil), nil
}

// methodHandler is fetch/api/resources/method.py: it echoes the body and
// reports the method and the content-* request headers (NO when absent)
// as x-request-* headers; cors= adds CORS headers.
func methodHandler(hr *handlerRequest) (*http.Response, error) {
	h := http.Header{}
	if hr.has("cors") {
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, FOO")
		h.Set("Access-Control-Allow-Headers", "x-test, x-foo")
		h.Set("Access-Control-Expose-Headers", "x-request-method")
	}
	h.Set("x-request-method", hr.req.Method)
	for _, name := range []string{"Content-Length", "Content-Type", "Content-Encoding", "Content-Language", "Content-Location"} {
		v, ok := hr.header(name)
		if !ok {
			v = "NO"
		}
		h.Set("x-request-"+strings.ToLower(name), v)
	}
	return respond(hr.req, 200, "", h, hr.body), nil
}

// echoContent is fetch/api/resources/echo-content.py: it echoes the body as
// text/plain and reports the method, content length, content type and
// referrer as X-Request-* headers (NO when absent).
func echoContent(hr *handlerRequest) (*http.Response, error) {
	h := http.Header{}
	h.Set("X-Request-Method", hr.req.Method)
	for _, name := range []string{"Content-Length", "Content-Type", "Referer"} {
		v, ok := hr.header(name)
		if !ok {
			v = "NO"
		}
		h.Set("X-Request-"+name, v)
	}
	h.Set("Content-Type", "text/plain")
	return respond(hr.req, 200, "", h, hr.body), nil
}

// statusHandler is fetch/api/resources/status.py: a response with code=
// (default 200), reason text= (default OMG), body content= and
// Content-Type type=, reporting the method as X-Request-Method.
func statusHandler(hr *handlerRequest) (*http.Response, error) {
	code, err := hr.intParam("code", 200)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set("Content-Type", hr.first("type", ""))
	h.Set("X-Request-Method", hr.req.Method)
	return respond(hr.req, code, hr.first("text", "OMG"), h, []byte(hr.first("content", ""))), nil
}

// cacheETag and cacheContent are cache.py's fixed validator and body.
const (
	cacheETag    = `"123abc"`
	cacheContent = "lorem ipsum dolor sit amet"
)

// cacheHandler is fetch/api/resources/cache.py: a text/plain body with a
// fixed ETag, or 304 (marked X-HTTP-STATUS: 304) when If-None-Match
// matches it.
func cacheHandler(hr *handlerRequest) (*http.Response, error) {
	if v, _ := hr.header("If-None-Match"); v == cacheETag {
		return respond(hr.req, http.StatusNotModified, "Not Modified", http.Header{"X-Http-Status": {"304"}}, nil), nil
	}
	h := http.Header{}
	h.Set("ETag", cacheETag)
	h.Set("Content-Type", "text/plain")
	return respond(hr.req, 200, "OK", h, []byte(cacheContent)), nil
}

// slowBody yields chunks with a pause before each, then ends with err (nil
// for a clean end). It stops early when its context is cancelled or it is
// closed. One goroutine reads; Close may come from another.
type slowBody struct {
	ctx    context.Context
	chunks [][]byte
	delay  time.Duration
	end    error
	cur    []byte

	closeOnce sync.Once
	closed    chan struct{} // made by newSlowBody
}

// errBodyClosed is what a read of a closed slowBody reports.
var errBodyClosed = errors.New("http: read on closed response body")

func newSlowBody(ctx context.Context, chunks [][]byte, delay time.Duration, end error) *slowBody {
	return &slowBody{ctx: ctx, chunks: chunks, delay: delay, end: end, closed: make(chan struct{})}
}

// Read waits for and returns the next chunk.
func (b *slowBody) Read(p []byte) (int, error) {
	select {
	case <-b.closed:
		return 0, errBodyClosed
	default:
	}
	if len(b.cur) == 0 {
		if len(b.chunks) == 0 {
			if b.end != nil {
				return 0, b.end
			}
			return 0, io.EOF
		}
		t := time.NewTimer(b.delay)
		select {
		case <-t.C:
		case <-b.ctx.Done():
			t.Stop()
			return 0, b.ctx.Err()
		case <-b.closed:
			t.Stop()
			return 0, errBodyClosed
		}
		b.cur, b.chunks = b.chunks[0], b.chunks[1:]
	}
	n := copy(p, b.cur)
	b.cur = b.cur[n:]
	return n, nil
}

// Close ends the body; a Read waiting for the next chunk returns.
func (b *slowBody) Close() error {
	b.closeOnce.Do(func() { close(b.closed) })
	return nil
}

// trickle is fetch/api/resources/trickle.py: after ms= milliseconds
// (default 500) the headers, then count= (default 50) lines
// "TEST_TRICKLE\n", each after another pause; text/plain unless notype=.
func trickle(hr *handlerRequest) (*http.Response, error) {
	h := http.Header{}
	if !hr.has("notype") {
		h.Set("Content-Type", "text/plain")
	}
	return slowResponse(hr, 500, "TEST_TRICKLE\n", h, nil)
}

// errBadChunk is the error a client's chunked decoder reports for
// bad-chunk-encoding.py's trailing garbage.
var errBadChunk = errors.New("malformed chunked encoding")

// badChunkEncoding is fetch/api/resources/bad-chunk-encoding.py: after ms=
// milliseconds (default 1000) the headers, then count= (default 50) chunks
// "TEST_CHUNK", then invalid chunked framing, so reading the body fails
// after the response has arrived.
func badChunkEncoding(hr *handlerRequest) (*http.Response, error) {
	resp, err := slowResponse(hr, 1000, "TEST_CHUNK", http.Header{}, errBadChunk)
	if err != nil {
		return nil, err
	}
	resp.TransferEncoding = []string{"chunked"}
	return resp, nil
}

// slowResponse is what trickle.py and bad-chunk-encoding.py share: wait ms=
// milliseconds (default defaultMs), send the headers, then count= (default
// 50) copies of chunk, each after the same pause, ending with end (nil for
// a clean end of body).
func slowResponse(hr *handlerRequest, defaultMs float64, chunk string, h http.Header, end error) (*http.Response, error) {
	delay, err := hr.msParam("ms", defaultMs)
	if err != nil {
		return nil, err
	}
	count, err := hr.intParam("count", 50)
	if err != nil {
		return nil, err
	}
	ctx := hr.req.Context()
	if err := sleep(ctx, delay); err != nil {
		return nil, err
	}
	chunks := make([][]byte, max(count, 0))
	for i := range chunks {
		chunks[i] = []byte(chunk)
	}
	resp := respond(hr.req, 200, "", h, nil)
	resp.ContentLength = -1
	resp.Body = newSlowBody(ctx, chunks, delay, end)
	return resp, nil
}

// stashDir is the directory of the handler's URL path, with a trailing
// slash: the stash path stash-put.py and stash-take.py share.
func (hr *handlerRequest) stashDir() string {
	return path.Dir(hr.path) + "/"
}

// stashPut is fetch/api/resources/stash-put.py: it stores value= under
// key= for the handler's directory and answers "done".
func stashPut(hr *handlerRequest) (*http.Response, error) {
	hr.stash.Put(hr.stashDir(), hr.first("key", ""), hr.first("value", ""))
	return respond(hr.req, 200, "", http.Header{"Content-Type": {"text/html"}}, []byte("done")), nil
}

// stashTake is fetch/api/resources/stash-take.py: it takes the value under
// key= for the handler's directory and answers it as JSON (null if none),
// readable from any origin.
func stashTake(hr *handlerRequest) (*http.Response, error) {
	v := hr.stash.Take(hr.stashDir(), hr.first("key", ""))
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode stash value: %w", err)
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Access-Control-Allow-Origin", "*")
	return respond(hr.req, 200, "", h, data), nil
}

// cleanStash is fetch/api/resources/clean-stash.py: it takes token= from
// the stash (under its own path, as wptserve's default) and answers "1" if
// there was a value, else "0".
func cleanStash(hr *handlerRequest) (*http.Response, error) {
	body := "0"
	if hr.stash.Take(hr.path, hr.first("token", "")) != nil {
		body = "1"
	}
	return respond(hr.req, 200, "", http.Header{"Content-Type": {"text/html"}}, []byte(body)), nil
}

// parseHeaders is xhr/resources/parse-headers.py: an empty response with
// My-Custom-Header set to my-custom-header= when given.
func parseHeaders(hr *handlerRequest) (*http.Response, error) {
	h := http.Header{}
	if hr.has("my-custom-header") {
		h["My-Custom-Header"] = []string{hr.first("my-custom-header", "")}
	}
	return respond(hr.req, 200, "", h, nil), nil
}

// echoHeaders is xhr/resources/echo-headers.py: the request's header lines,
// "Name: value", as the server received them, as text/plain. Names keep
// the spelling the client put in its header map (Go's client writes them
// so); the lines are sorted by name.
func echoHeaders(hr *handlerRequest) (*http.Response, error) {
	h := hr.wireHeader()
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		for _, v := range h[k] {
			b.WriteString(k + ": " + v + "\r\n")
		}
	}
	return respond(hr.req, 200, "", http.Header{"Content-Type": {"text/plain"}, "Connection": {"close"}}, []byte(b.String())), nil
}
