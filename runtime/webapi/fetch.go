package webapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/dop251/goja"
)

// maxRedirects is the Fetch Standard's redirect limit.
const maxRedirects = 20

// fetchRequest is what JS hands to Go for one fetch.
type fetchRequest struct {
	method   string
	url      string
	headers  [][2]string // lowercase names, list order
	body     []byte      // nil: no body
	redirect string      // "follow", "manual" or "error"
}

// fetchResult is what Go hands back.
type fetchResult struct {
	status     int
	statusText string
	url        string
	redirected bool
	headers    [][2]string
	body       []byte
	nullBody   bool
	err        error
}

// fetchError is a network error; its message becomes the cause of
// "TypeError: fetch failed", with code as Node's error code when known.
type fetchError struct {
	msg  string
	code string
	err  error
}

func (e *fetchError) Error() string { return e.msg }
func (e *fetchError) Unwrap() error { return e.err }

func netError(msg string) error { return &fetchError{msg: msg} }

// classify wraps a Go error from the transport with Node's error code.
func classify(err error) error {
	fe := &fetchError{msg: err.Error(), err: err}
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, context.Canceled):
		fe.code = "ABORT_ERR"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		fe.code = "ETIMEDOUT"
	case errors.Is(err, syscall.ECONNREFUSED):
		fe.code = "ECONNREFUSED"
	case errors.Is(err, syscall.ECONNRESET):
		fe.code = "ECONNRESET"
	case errors.As(err, &dnsErr):
		fe.code = "ENOTFOUND"
	}
	return fe
}

// hostFetch is host.fetch(method, url, headers, body, redirect, callback):
// it starts one fetch and returns its id (for hostFetchAbort).
//
// Threading: the arguments are read on the loop goroutine; the HTTP exchange
// runs on its own goroutine under a Loop.Hold, and its result is handed back
// with Loop.Enqueue, so callback always runs on the loop goroutine, exactly
// once, unless the loop stopped or Close was called first.
func (b *Bindings) hostFetch(call goja.FunctionCall) goja.Value {
	fr := fetchRequest{
		method:   call.Argument(0).String(),
		url:      call.Argument(1).String(),
		redirect: call.Argument(4).String(),
	}
	if hs, ok := call.Argument(2).Export().([]interface{}); ok {
		for i := 0; i+1 < len(hs); i += 2 {
			fr.headers = append(fr.headers, [2]string{fmt.Sprint(hs[i]), fmt.Sprint(hs[i+1])})
		}
	}
	if body := call.Argument(3); !goja.IsNull(body) && !goja.IsUndefined(body) {
		fr.body = append([]byte{}, b.bytesOf(body)...)
	}
	callback, ok := goja.AssertFunction(call.Argument(5))
	if !ok {
		panic(b.rt.NewTypeError("fetch: callback is not a function"))
	}

	base := context.Background()
	if b.opts.Context != nil {
		if c := b.opts.Context(); c != nil {
			base = c
		}
	}
	ctx, cancel := context.WithCancel(base)
	b.fetchMu.Lock()
	b.nextFetch++
	id := b.nextFetch
	b.fetches[id] = cancel
	b.fetchMu.Unlock()
	if b.closed {
		cancel()
	}

	loop := b.opts.Loop
	release := loop.Hold()
	go func() {
		res := b.doFetch(ctx, &fr)
		finish := func() {
			release()
			b.fetchMu.Lock()
			delete(b.fetches, id)
			b.fetchMu.Unlock()
			cancel()
		}
		if !loop.Enqueue(func() {
			finish()
			if !b.closed {
				b.deliverFetch(callback, &res)
			}
		}) {
			finish()
		}
	}()
	return b.rt.ToValue(id)
}

// hostFetchAbort is host.fetchAbort(id): it cancels an in-flight fetch.
func (b *Bindings) hostFetchAbort(call goja.FunctionCall) goja.Value {
	id := call.Argument(0).ToInteger()
	b.fetchMu.Lock()
	cancel := b.fetches[id]
	b.fetchMu.Unlock()
	if cancel != nil {
		cancel()
	}
	return goja.Undefined()
}

// deliverFetch calls the JS continuation of a fetch. Loop goroutine only.
func (b *Bindings) deliverFetch(callback goja.Callable, res *fetchResult) {
	rt := b.rt
	if res.err != nil {
		code := goja.Undefined()
		var fe *fetchError
		if errors.As(res.err, &fe) && fe.code != "" {
			code = rt.ToValue(fe.code)
		}
		b.call(callback, rt.ToValue(res.err.Error()), code)
		return
	}
	flat := make([]interface{}, 0, 2*len(res.headers))
	for _, h := range res.headers {
		flat = append(flat, h[0], h[1])
	}
	body := goja.Null()
	if !res.nullBody {
		body = rt.ToValue(rt.NewArrayBuffer(res.body))
	}
	b.call(callback, goja.Null(), goja.Undefined(),
		rt.ToValue(res.status), rt.ToValue(res.statusText), rt.ToValue(res.url),
		rt.ToValue(res.redirected), rt.NewArray(flat...), body)
}

// headersWithout returns hs without the named (lowercase) headers.
func headersWithout(hs [][2]string, names ...string) [][2]string {
	out := hs[:0:0]
	for _, h := range hs {
		drop := false
		for _, n := range names {
			if h[0] == n {
				drop = true
				break
			}
		}
		if !drop {
			out = append(out, h)
		}
	}
	return out
}

func hasHeader(hs [][2]string, name string) bool {
	for _, h := range hs {
		if h[0] == name {
			return true
		}
	}
	return false
}

// checkUndiciHeaders rejects the request headers that Node's undici refuses.
func checkUndiciHeaders(hs [][2]string) error {
	for _, h := range hs {
		switch h[0] {
		case "connection":
			v := strings.ToLower(strings.TrimSpace(h[1]))
			if v != "close" && v != "keep-alive" {
				return &fetchError{msg: "invalid connection header", code: "UND_ERR_INVALID_ARG"}
			}
		case "keep-alive", "upgrade", "transfer-encoding":
			return &fetchError{msg: "invalid " + h[0] + " header", code: "UND_ERR_INVALID_ARG"}
		case "expect":
			return &fetchError{msg: "expect header not supported", code: "UND_ERR_NOT_SUPPORTED"}
		}
	}
	return nil
}

// doFetch performs the HTTP exchange, following redirects as the Fetch
// Standard's HTTP-redirect fetch does. Runs off the loop goroutine; it must
// not touch the runtime.
func (b *Bindings) doFetch(ctx context.Context, fr *fetchRequest) fetchResult {
	cur, ok := parseURL(fr.url, nil)
	if !ok {
		return fetchResult{err: netError("invalid URL " + strconv.Quote(fr.url))}
	}
	if err := checkUndiciHeaders(fr.headers); err != nil {
		return fetchResult{err: err}
	}
	method, body := fr.method, fr.body
	headers := append([][2]string(nil), fr.headers...)
	ua := b.opts.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	for _, d := range [][2]string{{"accept", "*/*"}, {"accept-language", "*"}, {"sec-fetch-mode", "cors"}, {"user-agent", ua}} {
		if !hasHeader(headers, d[0]) {
			headers = append(headers, d)
		}
	}

	for redirects := 0; ; redirects++ {
		if err := ctx.Err(); err != nil {
			return fetchResult{err: classify(err)}
		}
		if cur.scheme == "data" {
			return fetchDataURL(cur)
		}
		if b.opts.Transport == nil {
			return fetchResult{err: netError("no Transport configured for fetch")}
		}
		req, err := newHTTPRequest(ctx, method, cur, headers, body)
		if err != nil {
			return fetchResult{err: netError(err.Error())}
		}
		resp, err := b.opts.Transport.RoundTrip(req)
		if err != nil {
			return fetchResult{err: classify(err)}
		}
		loc, hasLoc := resp.Header["Location"]
		if isRedirectStatus(resp.StatusCode) && hasLoc && fr.redirect != "manual" {
			drain(resp.Body)
			if fr.redirect == "error" {
				return fetchResult{err: netError("unexpected redirect")}
			}
			next, ok := parseURL(strings.Join(loc, ", "), cur)
			if !ok {
				return fetchResult{err: netError("invalid redirect URL " + strconv.Quote(loc[0]))}
			}
			if next.scheme != "http" && next.scheme != "https" {
				return fetchResult{err: netError("URL scheme must be a HTTP(S) scheme")}
			}
			if redirects >= maxRedirects {
				return fetchResult{err: netError("redirect count exceeded")}
			}
			if (resp.StatusCode == 301 || resp.StatusCode == 302) && method == "POST" ||
				resp.StatusCode == 303 && method != "GET" && method != "HEAD" {
				method, body = "GET", nil
				headers = headersWithout(headers, "content-encoding", "content-language", "content-location", "content-type", "content-length")
			}
			if next.origin() != cur.origin() {
				headers = headersWithout(headers, "authorization", "proxy-authorization", "cookie", "host")
			}
			if !next.hasFrag && cur.hasFrag {
				next.hasFrag, next.fragment = true, cur.fragment
			}
			cur = next
			continue
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return fetchResult{err: classify(err)}
		}
		res := fetchResult{
			status:     resp.StatusCode,
			statusText: statusText(resp),
			url:        cur.serialize(true),
			redirected: redirects > 0,
			headers:    flattenHeader(resp.Header),
			body:       data,
		}
		switch {
		case method == "HEAD" || method == "CONNECT":
			res.nullBody = true
		case resp.StatusCode == 101 || resp.StatusCode == 103 || resp.StatusCode == 204 || resp.StatusCode == 205 || resp.StatusCode == 304:
			res.nullBody = true
		}
		return res
	}
}

func isRedirectStatus(s int) bool {
	return s == 301 || s == 302 || s == 303 || s == 307 || s == 308
}

// drain discards a little of an unused body so the connection can be reused.
func drain(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 4<<10)
	body.Close()
}

func statusText(resp *http.Response) string {
	if s, ok := strings.CutPrefix(resp.Status, strconv.Itoa(resp.StatusCode)); ok {
		return strings.TrimPrefix(s, " ")
	}
	return resp.Status
}

// flattenHeader turns a Go header map into a list sorted by lowercase name,
// values of one name in their received order.
func flattenHeader(h http.Header) [][2]string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return lowerASCII(names[i]) < lowerASCII(names[j]) })
	var out [][2]string
	for _, k := range names {
		lk := lowerASCII(k)
		for _, v := range h[k] {
			out = append(out, [2]string{lk, v})
		}
	}
	return out
}

// newHTTPRequest builds the Go request for one hop. The request target is
// set verbatim (url.URL.Opaque) so the WHATWG serialisation goes on the wire
// unchanged.
func newHTTPRequest(ctx context.Context, method string, u *urlRecord, headers [][2]string, body []byte) (*http.Request, error) {
	hostport := u.hostPort()
	target := &url.URL{Scheme: u.scheme, Host: hostport}
	path := u.pathname()
	if strings.HasPrefix(path, "//") {
		target.Opaque = "//" + hostport + path
	} else {
		target.Opaque = path
	}
	if u.hasQuery {
		target.RawQuery = u.query
		target.ForceQuery = u.query == ""
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://placeholder/", rd)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.URL = target
	req.Host = hostport
	req.ContentLength = int64(len(body))
	for _, h := range headers {
		switch h[0] {
		case "host":
			req.Host = h[1]
		case "content-length":
			// set from the body, as undici does
		case "connection":
			req.Close = strings.EqualFold(strings.TrimSpace(h[1]), "close")
		default:
			req.Header.Add(h[0], h[1])
		}
	}
	return req, nil
}

// fetchDataURL is the Fetch Standard's data: URL processor.
func fetchDataURL(u *urlRecord) fetchResult {
	input := strings.TrimPrefix(u.serialize(true), "data:")
	comma := strings.IndexByte(input, ',')
	if comma < 0 {
		return fetchResult{err: netError("invalid data: URL")}
	}
	mimeType := strings.Trim(input[:comma], "\t\n\f\r ")
	body := percentDecode(input[comma+1:])
	if i := strings.LastIndexByte(mimeType, ';'); i >= 0 && strings.EqualFold(strings.TrimLeft(mimeType[i+1:], " "), "base64") {
		decoded, ok := atobDecode(latin1String(body))
		if !ok {
			return fetchResult{err: netError("invalid data: URL")}
		}
		body = decoded
		mimeType = strings.TrimRight(mimeType[:i], " ")
	}
	if strings.HasPrefix(mimeType, ";") {
		mimeType = "text/plain" + mimeType
	}
	if mimeType == "" || !strings.Contains(mimeType, "/") {
		mimeType = "text/plain;charset=US-ASCII"
	}
	return fetchResult{
		status:     200,
		statusText: "OK",
		url:        u.serialize(true),
		headers:    [][2]string{{"content-type", mimeType}},
		body:       body,
	}
}
