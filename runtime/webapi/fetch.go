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
	"sync"
	"syscall"

	"github.com/dop251/goja"
)

// maxRedirects is the Fetch Standard's redirect limit.
const maxRedirects = 20

// fetchRequest is what JS hands to Go for one fetch.
type fetchRequest struct {
	method  string
	url     string
	headers [][2]string // names as first given, one entry per name, bytes (isomorphic encoded)
	body    []byte      // nil: no body (or a stream body)
	// bodyStream, if not nil, is a body streamed from JS (a ReadableStream),
	// sent with chunked transfer coding.
	bodyStream io.ReadCloser
	redirect   string // "follow", "manual" or "error"
}

// fetchResult is what Go hands back when the response head has arrived.
type fetchResult struct {
	status     int
	statusText string
	url        string
	redirected bool
	headers    [][2]string
	// body is the whole body of a data: URL response; stream is the open
	// body of an HTTP response. Both are nil for a null body.
	body     []byte
	stream   io.ReadCloser
	nullBody bool
	err      error
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

// fetchChunkSize is the most a response body read hands to JS at once.
const fetchChunkSize = 64 << 10

// fetchOp is one fetch in flight: its cancel function and, once the head
// has arrived, the response body that JS pulls chunk by chunk.
type fetchOp struct {
	id     int64
	cancel context.CancelFunc

	mu      sync.Mutex
	body    io.ReadCloser // nil before the head and after the end
	reading bool
	stopped bool
	upload  *io.PipeReader // the request body's pipe, for a stream body
}

// setBody records the open body of the response (head goroutine); a body
// that arrives after stop is closed at once.
func (op *fetchOp) setBody(body io.ReadCloser) {
	op.mu.Lock()
	stopped := op.stopped
	if !stopped {
		op.body = body
	}
	op.mu.Unlock()
	if stopped {
		body.Close()
	}
}

// stop cancels the exchange and closes the body. Safe from any goroutine,
// more than once.
func (op *fetchOp) stop() {
	op.cancel()
	op.mu.Lock()
	body := op.body
	op.body = nil
	op.stopped = true
	op.mu.Unlock()
	if body != nil {
		body.Close()
	}
	if op.upload != nil {
		op.upload.CloseWithError(context.Canceled)
	}
}

// hostFetch is host.fetch(method, url, headers, body, redirect, onHead): it
// starts one fetch and returns its handle, { id, read(cb), abort() }, plus
// write, close and error (setUploadMethods) when body is true: a body
// streamed from JS. Otherwise body is the bytes to send, or null.
// onHead(err, code) reports a network error; onHead(null, undefined,
// status, statusText, url, redirected, headers, body, hasStream) the
// response head, where body is the whole body of a data: URL (an
// ArrayBuffer) and hasStream says the body is to be pulled with read:
// read(cb) calls cb(null, undefined, chunk) with the next chunk (an
// ArrayBuffer), cb(null, undefined, null) at its end and cb(message, code)
// on a network error; at most one read may be pending. abort() cancels the
// exchange, head or body.
//
// Threading: the arguments are read on the loop goroutine; the HTTP
// exchange and each body read run on their own goroutine under a Loop.Hold,
// and their results are handed back with Loop.Enqueue, so callbacks always
// run on the loop goroutine, exactly once each, unless the loop stopped or
// Close was called first. Close stops every exchange (Bindings.fetches
// holds each one's stop function until its body ends).
func (b *Bindings) hostFetch(call goja.FunctionCall) goja.Value {
	fr := fetchRequest{
		method:   call.Argument(0).String(),
		url:      call.Argument(1).String(),
		redirect: call.Argument(4).String(),
	}
	if hs, ok := call.Argument(2).Export().([]interface{}); ok {
		for i := 0; i+1 < len(hs); i += 2 {
			fr.headers = append(fr.headers, [2]string{isomorphicEncode(fmt.Sprint(hs[i])), isomorphicEncode(fmt.Sprint(hs[i+1]))})
		}
	}
	var upload *io.PipeWriter
	switch body := call.Argument(3); {
	case goja.IsNull(body) || goja.IsUndefined(body):
	case body.Export() == true:
		// true: the body is streamed with handle.write/close/error.
		pr, pw := io.Pipe()
		fr.bodyStream, upload = pr, pw
	default:
		fr.body = append([]byte{}, b.bytesOf(body)...)
	}
	onHead, ok := goja.AssertFunction(call.Argument(5))
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
	op := &fetchOp{cancel: cancel}
	if pr, ok := fr.bodyStream.(*io.PipeReader); ok {
		op.upload = pr
	}
	b.fetchMu.Lock()
	b.nextFetch++
	op.id = b.nextFetch
	b.fetches[op.id] = op.stop
	b.fetchMu.Unlock()
	if b.closed {
		op.stop()
	}

	loop := b.opts.Loop
	release := loop.Hold()
	go func() {
		res := b.doFetch(ctx, &fr)
		if res.stream != nil {
			op.setBody(res.stream)
		}
		if !loop.Enqueue(func() {
			release()
			if res.stream == nil {
				b.endFetch(op)
			}
			if !b.closed {
				b.deliverHead(onHead, &res)
			}
		}) {
			release()
			b.endFetch(op)
		}
	}()

	handle := b.rt.NewObject()
	_ = handle.Set("id", op.id)
	_ = handle.Set("read", func(c goja.FunctionCall) goja.Value {
		cb, ok := goja.AssertFunction(c.Argument(0))
		if !ok {
			panic(b.rt.NewTypeError("fetch read: callback is not a function"))
		}
		b.readFetchBody(op, cb)
		return goja.Undefined()
	})
	_ = handle.Set("abort", func(goja.FunctionCall) goja.Value {
		b.endFetch(op)
		return goja.Undefined()
	})
	if upload != nil {
		b.setUploadMethods(handle, upload)
	}
	return handle
}

// setUploadMethods gives a fetch handle the methods that stream its request
// body into pw: write(chunk, cb) sends a copy of the bytes and calls
// cb(null) once the transport took them, or cb(message) if the exchange
// no longer wants them; close() ends the body; error(message) breaks it.
// At most one write may be pending.
//
// Threading: write copies the bytes on the loop goroutine and blocks on
// the pipe on its own goroutine under a Loop.Hold; cb runs on the loop.
// The pipe's reader is closed when the exchange ends, so a write never
// blocks past it.
func (b *Bindings) setUploadMethods(handle *goja.Object, pw *io.PipeWriter) {
	rt := b.rt
	loop := b.opts.Loop
	_ = handle.Set("write", func(c goja.FunctionCall) goja.Value {
		data := append([]byte{}, b.bytesOf(c.Argument(0))...)
		cb, ok := goja.AssertFunction(c.Argument(1))
		if !ok {
			panic(rt.NewTypeError("fetch write: callback is not a function"))
		}
		release := loop.Hold()
		go func() {
			_, err := pw.Write(data)
			if !loop.Enqueue(func() {
				release()
				if b.closed {
					return
				}
				if err != nil {
					b.call(cb, rt.ToValue(err.Error()))
					return
				}
				b.call(cb, goja.Null())
			}) {
				release()
			}
		}()
		return goja.Undefined()
	})
	_ = handle.Set("close", func(goja.FunctionCall) goja.Value {
		pw.Close()
		return goja.Undefined()
	})
	_ = handle.Set("error", func(c goja.FunctionCall) goja.Value {
		pw.CloseWithError(errors.New(c.Argument(0).String()))
		return goja.Undefined()
	})
}

// endFetch stops op and forgets it. Loop goroutine.
func (b *Bindings) endFetch(op *fetchOp) {
	op.stop()
	b.fetchMu.Lock()
	delete(b.fetches, op.id)
	b.fetchMu.Unlock()
}

// readFetchBody reads the next chunk of op's body on its own goroutine and
// hands it to cb on the loop (see hostFetch). Loop goroutine.
func (b *Bindings) readFetchBody(op *fetchOp, cb goja.Callable) {
	rt := b.rt
	op.mu.Lock()
	body := op.body
	busy := op.reading
	if body != nil && !busy {
		op.reading = true
	}
	op.mu.Unlock()
	if busy {
		panic(rt.NewTypeError("fetch read: a read is already pending"))
	}
	if body == nil {
		// Aborted or finished: the body ends as a network error would.
		b.call(cb, rt.ToValue("terminated"), rt.ToValue("UND_ERR_ABORTED"))
		return
	}
	loop := b.opts.Loop
	release := loop.Hold()
	go func() {
		buf := make([]byte, fetchChunkSize)
		var n int
		var err error
		for n == 0 && err == nil {
			n, err = body.Read(buf)
		}
		if n > 0 {
			err = nil // reported by the next read
		}
		if !loop.Enqueue(func() {
			release()
			op.mu.Lock()
			op.reading = false
			op.mu.Unlock()
			if err != nil {
				b.endFetch(op)
			}
			if b.closed {
				return
			}
			switch {
			case n > 0:
				b.call(cb, goja.Null(), goja.Undefined(), rt.ToValue(rt.NewArrayBuffer(buf[:n:n])))
			case errors.Is(err, io.EOF):
				b.call(cb, goja.Null(), goja.Undefined(), goja.Null())
			default:
				fe := classify(err).(*fetchError)
				code := goja.Undefined()
				if fe.code != "" {
					code = rt.ToValue(fe.code)
				}
				b.call(cb, rt.ToValue(fe.msg), code)
			}
		}) {
			release()
			op.stop()
		}
	}()
}

// hostFetchAbort is host.fetchAbort(id): it cancels an in-flight fetch.
func (b *Bindings) hostFetchAbort(call goja.FunctionCall) goja.Value {
	id := call.Argument(0).ToInteger()
	b.fetchMu.Lock()
	stop := b.fetches[id]
	delete(b.fetches, id)
	b.fetchMu.Unlock()
	if stop != nil {
		stop()
	}
	return goja.Undefined()
}

// deliverHead calls the JS continuation of a fetch with the response head.
// Loop goroutine only.
func (b *Bindings) deliverHead(callback goja.Callable, res *fetchResult) {
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
		flat = append(flat, latin1String([]byte(h[0])), latin1String([]byte(h[1])))
	}
	body := goja.Null()
	if !res.nullBody && res.stream == nil {
		body = rt.ToValue(rt.NewArrayBuffer(res.body))
	}
	b.call(callback, goja.Null(), goja.Undefined(),
		rt.ToValue(res.status), rt.ToValue(latin1String([]byte(res.statusText))), rt.ToValue(res.url),
		rt.ToValue(res.redirected), rt.NewArray(flat...), body, rt.ToValue(res.stream != nil))
}

// isomorphicEncode turns a JS ByteString (code units up to U+00FF, as Go
// sees it: UTF-8) into the bytes it stands for.
func isomorphicEncode(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	out := make([]byte, 0, len(s))
	for _, r := range s {
		out = append(out, byte(r))
	}
	return string(out)
}

// headersWithout returns hs without the named (lowercase) headers.
func headersWithout(hs [][2]string, names ...string) [][2]string {
	out := hs[:0:0]
	for _, h := range hs {
		drop := false
		name := lowerASCII(h[0])
		for _, n := range names {
			if name == n {
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

// hasHeader reports whether hs has a header of the (lowercase) name.
func hasHeader(hs [][2]string, name string) bool {
	for _, h := range hs {
		if lowerASCII(h[0]) == name {
			return true
		}
	}
	return false
}

// checkUndiciHeaders rejects the request headers that Node's undici refuses.
func checkUndiciHeaders(hs [][2]string) error {
	for _, h := range hs {
		name := lowerASCII(h[0])
		switch name {
		case "connection":
			v := strings.ToLower(strings.TrimSpace(h[1]))
			if v != "close" && v != "keep-alive" {
				return &fetchError{msg: "invalid connection header", code: "UND_ERR_INVALID_ARG"}
			}
		case "keep-alive", "upgrade", "transfer-encoding":
			return &fetchError{msg: "invalid " + name + " header", code: "UND_ERR_INVALID_ARG"}
		case "expect":
			return &fetchError{msg: "expect header not supported", code: "UND_ERR_NOT_SUPPORTED"}
		}
		for i := 0; i < len(h[1]); i++ {
			if c := h[1][i]; c != '\t' && (c < 0x20 || c == 0x7f) {
				// undici refuses control bytes in a header value.
				return &fetchError{msg: "invalid " + h[0] + " header", code: "UND_ERR_INVALID_ARG"}
			}
		}
	}
	return nil
}

// doFetch performs the HTTP exchange, following redirects as the Fetch
// Standard's HTTP-redirect fetch does. Runs off the loop goroutine; it must
// not touch the runtime.
func (b *Bindings) doFetch(ctx context.Context, fr *fetchRequest) (res fetchResult) {
	stream := fr.bodyStream
	if stream != nil {
		// Once the exchange is over the JS side stops writing. While a
		// response body streams, the server may still read the upload;
		// fetchOp.stop closes it when that body ends.
		defer func() {
			if res.stream == nil {
				fr.bodyStream.Close()
			}
		}()
	}
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

	// A bundled asset (R-MOD-1): the Response Next's sandbox makes for it,
	// status 200 and no headers. Any other blob: URL goes on to fail.
	if cur.scheme == "blob" && b.opts.Assets != nil {
		if data, ok := b.opts.Assets(strings.TrimPrefix(fr.url, "blob:")); ok {
			return fetchResult{status: 200, body: append([]byte(nil), data...)}
		}
	}
	for redirects := 0; ; redirects++ {
		if err := ctx.Err(); err != nil {
			return fetchResult{err: classify(err)}
		}
		if cur.scheme == "data" {
			res := fetchDataURL(cur)
			if res.err == nil && method == "HEAD" {
				res.body, res.nullBody = nil, true
			}
			return res
		}
		if b.opts.Transport == nil {
			return fetchResult{err: netError("no Transport configured for fetch")}
		}
		req, err := newHTTPRequest(ctx, method, cur, headers, body, stream)
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
				if stream != nil {
					stream.Close()
					stream = nil
				}
				headers = headersWithout(headers, "content-encoding", "content-language", "content-location", "content-type", "content-length")
			}
			if stream != nil {
				// A stream cannot be sent again (Fetch: HTTP-redirect fetch).
				return fetchResult{err: netError("cannot follow a redirect with a stream body")}
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
		res := fetchResult{
			status:     resp.StatusCode,
			statusText: statusText(resp),
			url:        cur.serialize(true),
			redirected: redirects > 0,
			headers:    flattenHeader(resp.Header),
			stream:     resp.Body,
		}
		switch {
		case method == "HEAD" || method == "CONNECT",
			resp.StatusCode == 101 || resp.StatusCode == 103 || resp.StatusCode == 204 || resp.StatusCode == 205 || resp.StatusCode == 304:
			res.nullBody = true
			drain(resp.Body)
			res.stream = nil
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
func newHTTPRequest(ctx context.Context, method string, u *urlRecord, headers [][2]string, body []byte, stream io.Reader) (*http.Request, error) {
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
	switch {
	case stream != nil:
		rd = stream
	case body != nil:
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://placeholder/", rd)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.URL = target
	req.Host = hostport
	req.ContentLength = int64(len(body))
	if stream != nil {
		req.ContentLength = -1 // chunked
	}
	for _, h := range headers {
		name := lowerASCII(h[0])
		switch name {
		case "host":
			req.Host = h[1]
		case "content-length":
			// set from the body, as undici does
		case "connection":
			req.Close = strings.EqualFold(strings.TrimSpace(h[1]), "close")
		case "user-agent", "accept-encoding", "range", "expect", "te", "trailer":
			// Go's transport looks these up by their canonical key.
			req.Header.Add(name, h[1])
		default:
			// Sent spelt as the script gave it, as undici does.
			req.Header[h[0]] = append(req.Header[h[0]], h[1])
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
