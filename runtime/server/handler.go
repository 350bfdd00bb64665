package server

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"edgeplay/runtime/bundle"
	"edgeplay/runtime/isolate"
	"edgeplay/runtime/routes"
	"edgeplay/store"
)

// exchange collects what one request produced, for the access log and the recorder.
type exchange struct {
	start   time.Time
	route   routes.Route
	version string
	reqBody []byte
	status  int
	// statusText is the handler's reason phrase ("" for the standard one).
	statusText string
	header     http.Header
	body       []byte
	errText    string
	logs       []isolate.LogEntry
	// cpu is the handler's JavaScript time (R-RT-6's CPU limit measure).
	cpu time.Duration
	// reqStream is the request body streamed into the handler (nil when
	// it was read whole).
	reqStream *requestBody
	// reqBodySize is the request body's full size when only part of it
	// was kept (0: len(reqBody)).
	reqBodySize      int64
	reqBodyTruncated bool
	// bodySize is a streamed response body's full size when only its
	// first keepLimit bytes were kept (0: len(body)).
	bodySize      int64
	bodyTruncated bool
	// chunks are a streamed body's first keepLimit bytes (kept bytes
	// in all), when keep says someone records the exchange.
	chunks    [][]byte
	kept      int
	keep      bool
	keepLimit int
	// params are the route's dynamic values as matched.
	params routes.Params
	// compileWait is how long the request waited for the route's build;
	// handlerStart and firstByte are offsets from start (0: not reached).
	compileWait, handlerStart, firstByte time.Duration
	// chunkLog records when each streamed chunk was written, and its size
	// (at most maxRecordedChunks entries; later chunks add to the last).
	chunkLog []store.Chunk
	// replayOf is the exchange this request replays (ReplayHeader).
	replayOf int64
	// sim is the Vercel simulation's context (nil when it is off).
	sim *store.SimContext
}

// ReplayHeader marks a request as the replay of a recorded exchange (its
// ID). Edgeplay's server removes it before the handler sees the request
// and links the new record to that exchange.
const ReplayHeader = "X-Edgeplay-Replay-Of"

// ClientLocationHeader places one request's simulated client (a city, a
// region id or "LAT,LON") in Vercel mode, instead of the server's client
// location: scripts and the window's "from everywhere" view fire a
// request from many places with it. The server removes it before the
// handler sees the request, in either mode.
const ClientLocationHeader = "X-Edgeplay-Client-Location"

// maxRecordedChunks bounds the chunk timeline a record keeps of a stream.
const maxRecordedChunks = 4096

// headSent notes the time to first byte: the response head goes out now.
func (x *exchange) headSent() {
	if x.firstByte == 0 {
		x.firstByte = time.Since(x.start)
	}
}

// ServeHTTP answers one request: route it, run the handler, write the
// response, then record it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, ControlPrefix) {
		s.serveControl(w, r) // never a handler's, never recorded
		return
	}
	if s.platform != nil {
		s.platform.serve(w, r) // the Vercel simulation in front (platform.go)
		return
	}
	x := s.newExchange(r)
	defer s.finish(r, x)
	s.serveExchange(w, r, x)
}

// newExchange starts the record of a request, taking the replay header
// off it (ReplayHeader).
func (s *Server) newExchange(r *http.Request) *exchange {
	x := &exchange{start: time.Now(), header: http.Header{}, keep: s.opts.Recorder != nil || s.opts.OnExchange != nil,
		keepLimit: s.opts.RecordBodyBytes}
	if v, ok := r.Header[ReplayHeader]; ok {
		x.replayOf, _ = strconv.ParseInt(v[0], 10, 64)
		delete(r.Header, ReplayHeader)
	}
	delete(r.Header, ClientLocationHeader) // meaningful in Vercel mode only
	return x
}

// serveExchange routes r, runs its handler and writes the response to w,
// filling x for the record.
func (s *Server) serveExchange(w http.ResponseWriter, r *http.Request, x *exchange) {
	// R-RT-6: a body announced larger than the limit is refused before
	// the handler runs.
	if r.ContentLength > MaxRequestBody {
		x.reqBodySize, x.reqBodyTruncated = r.ContentLength, true
		s.plain(w, x, http.StatusRequestEntityTooLarge, payloadTooLarge)
		return
	}
	var body []byte
	var streamed *requestBody
	switch {
	case r.Body == nil || r.Body == http.NoBody:
		// Nothing to read (what reading it gives: an empty body).
		body = []byte{}
		x.reqBody = body
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		// GET and HEAD cannot carry a stream body (new Request refuses
		// it): a body sent with one is read whole.
		var err error
		body, err = io.ReadAll(io.LimitReader(r.Body, MaxRequestBody+1))
		if err != nil {
			s.plain(w, x, http.StatusBadRequest, "could not read the request body: "+err.Error())
			return
		}
		x.reqBody = body
		if len(body) > MaxRequestBody {
			s.plain(w, x, http.StatusRequestEntityTooLarge, payloadTooLarge)
			return
		}
	default:
		// R-HANDLER-6: the body streams into the handler as it reads it.
		streamed = newRequestBody(w, r, MaxRequestBody)
		x.reqStream = streamed
		defer streamed.finish(x)
	}

	// Node's HTTP parser refuses a request line with raw non-ASCII bytes:
	// `next start` answers 400 with nothing else (test/nextjs-diff).
	if !isASCII(r.RequestURI) {
		x.header["Content-Type"] = nil
		x.status = http.StatusBadRequest
		s.write(w, x)
		return
	}
	path := r.URL.EscapedPath()
	trailing := s.nextConfig.Load().TrailingSlash
	if target, redirect := slashRedirect(path, trailing); redirect {
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		x.header.Set("Location", target)
		x.header.Set("Refresh", "0;url="+target)
		x.status = http.StatusPermanentRedirect
		x.body = []byte(target)
		s.write(w, x)
		return
	}

	if trailing && len(path) > 1 {
		path = strings.TrimSuffix(path, "/")
	}
	e, params := s.match(path)
	if e == nil {
		s.notFound(w, r, x, path)
		return
	}
	x.route, x.params = e.route, params
	waitStart := time.Now()
	s.ensureFresh(e, false, false)
	x.compileWait = time.Since(waitStart)
	if conflict, ok := s.table.Load().ConflictFor(e.route.File); ok {
		x.errText = conflict.Error()
		s.plain(w, x, http.StatusInternalServerError, conflict.Error()+" (R-ROUTE-2)\n")
		return
	}
	port := localPort(r)
	incoming := isolate.Request{
		URL:     s.handlerURL(r, port, params),
		Method:  r.Method,
		Headers: requestHeaders(r, port),
		Body:    body,
	}
	if streamed != nil {
		incoming.BodyReader = streamed
	}
	if e.route.App {
		incoming.Params = appParams(e.route, params) // R-ROUTE-6: the handler's params argument
	}
	var res *isolate.Response
	var err error
	// An edit may swap the route's build between loading it and taking an
	// isolate; the old pool is closed then, so take the new build.
	for attempt := 0; ; attempt++ {
		c := e.state.Load()
		x.version = c.result.Hash
		switch {
		case c.result.Failed():
			p, _ := c.result.FirstError()
			msg := fmt.Sprintf("Failed to compile %s\n%s:%d:%d: %s\n", e.route.File, p.File, p.Line, p.Column, p.Message)
			x.errText = msg
			s.plain(w, x, http.StatusInternalServerError, msg)
			return
		case c.pool == nil:
			msg := nodeRuntimeMessage(e.route.File, c.result.Config.Regions, c.result.Config.Found, e.route.App)
			x.errText = msg
			s.plain(w, x, http.StatusNotImplemented, msg)
			return
		}
		if x.handlerStart == 0 {
			x.handlerStart = time.Since(x.start)
		}
		res, err = c.pool.Serve(r.Context(), incoming)
		if !errors.Is(err, isolate.ErrClosed) || attempt == 2 {
			break
		}
	}
	if res != nil {
		x.logs, x.cpu = res.Logs, res.CPUTime
	}
	var herr *isolate.HandlerError
	switch {
	case errors.As(err, &herr) && streamed != nil && streamed.tooLarge():
		// The handler failed reading a body past the limit (R-RT-6).
		x.errText = herr.Error()
		s.plain(w, x, http.StatusRequestEntityTooLarge, payloadTooLarge)
		return
	case errors.As(err, &herr):
		s.handlerFailed(w, x, herr, errorPageRequest{Hostname: hostname(r.Host), RawQuery: r.URL.RawQuery})
		return
	case err != nil:
		x.errText = err.Error()
		s.plain(w, x, http.StatusInternalServerError, "Edgeplay could not run the handler: "+err.Error())
		return
	}
	for _, h := range res.Headers {
		key := canonicalName(h[0])
		// One line per name, values joined with ", ", as Next.js writes a
		// Headers object to Node (test/nextjs-diff); Set-Cookie keeps its
		// lines.
		if prev := x.header[key]; len(prev) == 1 && key != "Set-Cookie" {
			prev[0] += ", " + h[1]
			continue
		}
		x.header[key] = append(x.header[key], h[1])
	}
	x.status = res.Status
	x.statusText = res.StatusText
	if x.statusText == "" {
		x.statusText = nodeReason(x.status)
	}
	if res.Stream != nil {
		st := res.Stream
		defer st.Close()
		defer func() {
			if l := st.Logs(); l != nil {
				x.logs = l
			}
			x.cpu = max(x.cpu, st.CPUTime())
		}()
		s.writeStream(w, r, x, st)
		return
	}
	x.body = res.Body
	s.write(w, x)
}

// match finds the route for path, rescanning once on a miss in case a file
// was just created.
func (s *Server) match(path string) (*entry, routes.Params) {
	for attempt := 0; attempt < 2; attempt++ {
		s.mu.Lock()
		table := s.table.Load()
		entries := s.entries
		s.mu.Unlock()
		if r, params, ok := table.Match(path); ok {
			if e := entries[r.File]; e != nil {
				return e, params
			}
		}
		if attempt == 0 && (path == "/api" || strings.HasPrefix(path, "/api/")) {
			if _, err := s.Refresh(); err != nil {
				s.opts.Logger.Warn("reload failed", "err", err)
			}
		}
	}
	return nil, nil
}

// handlerURL is req.url as the handler sees it: the origin `next start`
// reports (R-HANDLER-7; port is localPort's) and the dynamic params
// appended to the query (R-ROUTE-3).
func (s *Server) handlerURL(r *http.Request, port string, params routes.Params) string {
	u := "http://localhost:" + port + r.URL.EscapedPath()
	if r.URL.RawQuery == "" && len(params) == 0 {
		return u
	}
	// As Next.js does (R-ROUTE-3, observed by test/nextjs-diff): the query
	// is re-serialised as URLSearchParams writes it, and each param takes
	// the place of the first query parameter of its name (the others of
	// that name are dropped), or goes at the end. Next's router's own
	// parameters are applied as it applies them: _rsc is dropped and
	// nxtP<name>=v sets the param <name> to v.
	params = routerParams(r.URL.RawQuery, params)
	var b strings.Builder
	add := func(k, v string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(formEncode(k))
		b.WriteByte('=')
		b.WriteString(formEncode(v))
	}
	placed := make([]bool, len(params))
	addParam := func(i int) {
		if !placed[i] {
			placed[i] = true
			for _, v := range params[i].Values {
				add(params[i].Name, v)
			}
		}
	}
	for _, pair := range strings.Split(r.URL.RawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key := formDecode(k)
		if isRouterParam(key) {
			continue
		}
		if i := paramIndex(params, key); i >= 0 {
			addParam(i)
			continue
		}
		add(key, formDecode(v))
	}
	for i := range params {
		addParam(i)
	}
	if b.Len() == 0 {
		return u
	}
	return u + "?" + b.String()
}

// appParams are a matched App Router route's params for its handler.
func appParams(r routes.Route, params routes.Params) []isolate.Param {
	out := make([]isolate.Param, 0, len(params))
	for _, p := range params {
		catchAll := false
		for _, seg := range r.Segments {
			if seg.Value == p.Name && (seg.Kind == routes.CatchAll || seg.Kind == routes.OptionalCatchAll) {
				catchAll = true
			}
		}
		out = append(out, isolate.Param{Name: p.Name, Values: p.Values, CatchAll: catchAll})
	}
	return out
}

// slashRedirect is the 308 target R-ROUTE-4 sends a path to, if any:
// repeated slashes collapse (as Next.js normalises //, test/nextjs-diff);
// by default a trailing slash is dropped; with next.config's
// `trailingSlash: true` one is added instead, except to a path whose last
// segment looks like a file name (it has an extension), from which it is
// dropped, as Next's redirects for that setting do.
func slashRedirect(path string, trailing bool) (string, bool) {
	if path == "/" {
		return "", false
	}
	target := collapseSlashes(strings.TrimRight(path, "/"))
	if target == "" {
		return "/", true
	}
	if trailing && !looksLikeFile(target) {
		target += "/"
	}
	return target, target != path
}

// looksLikeFile reports whether a path's last segment has an extension
// (".well-known" paths excepted), as Next's trailingSlash redirects test.
func looksLikeFile(path string) bool {
	if strings.HasPrefix(path, "/.well-known/") || path == "/.well-known" {
		return false
	}
	last := path[strings.LastIndexByte(path, '/')+1:]
	dot := strings.LastIndexByte(last, '.')
	return dot > 0 && dot < len(last)-1
}

// collapseSlashes replaces each run of slashes in p with one.
func collapseSlashes(p string) string {
	if !strings.Contains(p, "//") {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '/' && i > 0 && p[i-1] == '/' {
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// isRouterParam reports whether a query parameter is one of Next's
// router's own, which a handler never sees as such.
func isRouterParam(key string) bool {
	return key == "_rsc" || (len(key) > len("nxtP") && strings.HasPrefix(key, "nxtP"))
}

// routerParams applies the query's nxtP<name> parameters to the route's
// params, as Next's router does: the value replaces the param's, or is
// added after them.
func routerParams(rawQuery string, params routes.Params) routes.Params {
	if !strings.Contains(rawQuery, "nxtP") {
		return params
	}
	out := append(routes.Params(nil), params...)
	for _, pair := range strings.Split(rawQuery, "&") {
		k, v, _ := strings.Cut(pair, "=")
		key := formDecode(k)
		if key == "_rsc" || !isRouterParam(key) {
			continue
		}
		name, value := strings.TrimPrefix(key, "nxtP"), formDecode(v)
		if i := paramIndex(out, name); i >= 0 {
			out[i] = routes.Param{Name: name, Values: []string{value}}
		} else {
			out = append(out, routes.Param{Name: name, Values: []string{value}})
		}
	}
	return out
}

// paramIndex is the index of the param named name, or -1.
func paramIndex(params routes.Params, name string) int {
	for i, p := range params {
		if p.Name == name {
			return i
		}
	}
	return -1
}

// localPort is the port the server accepted r on.
func localPort(r *http.Request) string {
	if tcp, ok := r.Context().Value(http.LocalAddrContextKey).(*net.TCPAddr); ok {
		return strconv.Itoa(tcp.Port) // what SplitHostPort(tcp.String()) gives, made directly
	}
	if addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if _, p, err := net.SplitHostPort(addr.String()); err == nil {
			return p
		}
	}
	return "80"
}

// formDecode decodes one application/x-www-form-urlencoded name or value
// as URLSearchParams does: "+" is a space, each valid %XX a byte, a bad
// escape stays as it is, and bytes that are not UTF-8 become U+FFFD.
func formDecode(s string) string {
	if !strings.ContainsAny(s, "+%") && utf8.ValidString(s) {
		return s
	}
	buf := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			buf = append(buf, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			buf = append(buf, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			buf = append(buf, c)
		}
	}
	return strings.ToValidUTF8(string(buf), "\uFFFD")
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// formEncode serialises as URLSearchParams does: only *-._ and
// alphanumerics stay, a space becomes "+", everything else is %XX.
func formEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '*', c == '-', c == '.', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// requestHeaders are the client's headers plus the forwarding headers
// `next start` adds (R-HANDLER-7, R-REQ-1); port is localPort's.
func requestHeaders(r *http.Request, port string) [][2]string {
	out := make([][2]string, 0, len(r.Header)+5)
	var names []string
	if len(r.Header) > 0 {
		names = make([]string, 0, len(r.Header))
		for name := range r.Header {
			names = append(names, name)
		}
		sort.Strings(names)
	}
	for _, name := range names {
		lower := lowerName(name)
		if isForwardingHeader(lower) {
			continue
		}
		values := r.Header[name]
		// Repeated headers reach the handler as Node's HTTP server hands
		// them to Next.js (observed by test/nextjs-diff): cookie lines
		// joined with "; ", the first of a single-valued header kept.
		switch {
		case len(values) > 1 && lower == "cookie":
			out = append(out, [2]string{lower, strings.Join(values, "; ")})
			continue
		case len(values) > 1 && singleValued[lower]:
			values = values[:1]
		}
		for _, v := range values {
			out = append(out, [2]string{lower, v})
		}
	}
	clientIP, _, _ := net.SplitHostPort(r.RemoteAddr)
	// As next start does: a value the client sent is kept (??=).
	// (canonical is name as net/http keys it.)
	keep := func(name, canonical, fallback string) [2]string {
		if v := r.Header[canonical]; len(v) > 0 && v[0] != "" {
			return [2]string{name, v[0]}
		}
		return [2]string{name, fallback}
	}
	out = append(out,
		[2]string{"host", r.Host},
		keep("x-forwarded-for", "X-Forwarded-For", clientIP),
		keep("x-forwarded-host", "X-Forwarded-Host", r.Host),
		keep("x-forwarded-port", "X-Forwarded-Port", port),
		keep("x-forwarded-proto", "X-Forwarded-Proto", "http"),
	)
	return out
}

// nodeReason is the reason phrase `next start` sends for a status the
// handler gave no statusText for: Node's, where it differs from Go's ("" to
// keep Go's), "unknown" for a code Node does not name (observed by
// test/nextjs-diff).
func nodeReason(status int) string {
	switch status {
	case 413:
		return "Payload Too Large"
	case 414:
		return "URI Too Long"
	case 416:
		return "Range Not Satisfiable"
	case 418:
		return "I'm a Teapot"
	case 509:
		return "Bandwidth Limit Exceeded"
	case 306:
		return "unknown"
	}
	if http.StatusText(status) == "" {
		return "unknown"
	}
	return ""
}

// singleValued are the request headers of which Node's HTTP server keeps
// only the first when a client repeats them.
var singleValued = map[string]bool{
	"age": true, "authorization": true, "content-length": true, "content-type": true, "etag": true,
	"expires": true, "from": true, "if-modified-since": true, "if-unmodified-since": true,
	"last-modified": true, "location": true, "max-forwards": true, "proxy-authorization": true,
	"referer": true, "retry-after": true, "server": true, "user-agent": true,
}

// isForwardingHeader reports whether a lowercase header name is one the
// server sets itself (requestHeaders).
func isForwardingHeader(lower string) bool {
	switch lower {
	case "x-forwarded-for", "x-forwarded-host", "x-forwarded-port", "x-forwarded-proto", "host":
		return true
	}
	return false
}

// commonHeaders are header names clients and handlers use all the time,
// lowercase and as net/http keys them, so that the per-request
// conversions make no new string for them.
var commonHeaders = [...][2]string{
	{"accept", "Accept"}, {"accept-encoding", "Accept-Encoding"}, {"accept-language", "Accept-Language"},
	{"cache-control", "Cache-Control"}, {"connection", "Connection"}, {"content-length", "Content-Length"},
	{"content-type", "Content-Type"}, {"cookie", "Cookie"}, {"date", "Date"}, {"etag", "Etag"},
	{"host", "Host"}, {"location", "Location"}, {"origin", "Origin"}, {"referer", "Referer"},
	{"set-cookie", "Set-Cookie"}, {"user-agent", "User-Agent"}, {"vary", "Vary"},
	{"x-forwarded-for", "X-Forwarded-For"}, {"x-forwarded-host", "X-Forwarded-Host"},
	{"x-forwarded-port", "X-Forwarded-Port"}, {"x-forwarded-proto", "X-Forwarded-Proto"},
}

// lowerName is strings.ToLower(name), without a new string for a
// canonical common name.
func lowerName(name string) string {
	for i := range commonHeaders {
		if commonHeaders[i][1] == name {
			return commonHeaders[i][0]
		}
	}
	return strings.ToLower(name)
}

// canonicalName is http.CanonicalHeaderKey(name), without a new string
// for a lowercase common name.
func canonicalName(name string) string {
	for i := range commonHeaders {
		if commonHeaders[i][0] == name {
			return commonHeaders[i][1]
		}
	}
	return http.CanonicalHeaderKey(name)
}

// hostname is the host name of a Host header value (without the port; an
// IPv6 address without its brackets).
func hostname(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
}

// handlerFailed answers a JavaScript failure per R-HANDLER-4; req is what
// the error page shows of the request (the host name of its Host header
// and the query the handler saw).
func (s *Server) handlerFailed(w http.ResponseWriter, x *exchange, herr *isolate.HandlerError, req errorPageRequest) {
	detail := herr.Detail()
	x.errText = detail
	s.opts.Logger.Error("handler failed", "route", x.route.Pattern, "file", x.route.File, "error", detail)
	status := herr.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if status != http.StatusInternalServerError {
		// A platform limit, reported by name in both modes (R-RT-6).
		s.plain(w, x, status, herr.Message+"\n")
		return
	}
	dev := s.opts.Mode == bundle.Development
	s.nextPage(w, x, status, errorPage(herr, dev, req))
}

// nextPage sends a page Next.js's server renders itself (the 500 and 404
// pages) with the headers `next start` and `next dev` send with it
// (test/nextjs-diff): HTML, not cacheable, X-Powered-By, Vary and an ETag.
func (s *Server) nextPage(w http.ResponseWriter, x *exchange, status int, page string) {
	x.header.Set("Content-Type", "text/html; charset=utf-8")
	if s.opts.Mode == bundle.Development {
		x.header.Set("Cache-Control", "no-store, must-revalidate")
	} else {
		x.header.Set("Cache-Control", "private, no-cache, no-store, max-age=0, must-revalidate")
	}
	x.header.Set("X-Powered-By", "Next.js")
	x.header.Set("Vary", "Accept-Encoding")
	x.header.Set("Etag", pageETag(page))
	x.status = status
	x.body = []byte(page)
	s.write(w, x)
}

// pageETag is a strong validator of a rendered page: a digest of it and its
// length, in base 36 as Next's are written.
func pageETag(page string) string {
	sum := sha256.Sum256([]byte(page))
	return `"` + strconv.FormatUint(binary.BigEndian.Uint64(sum[:8])>>12, 36) + strconv.FormatInt(int64(len(page)), 36) + `"`
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, x *exchange, path string) {
	s.mu.Lock()
	table := s.table.Load()
	s.mu.Unlock()
	hint := fmt.Sprintf("No API route matches %s (SPEC R-ROUTE-7).", path)
	if near := table.Nearest(path, 3); len(near) > 0 {
		hint += " Nearest routes: " + strings.Join(near, ", ")
	} else {
		hint += fmt.Sprintf(" The workspace has no API routes yet: add a file under %s/api.", s.opts.Workspace.PagesDir)
	}
	if s.opts.Mode == bundle.Development && s.hasAppDir() {
		// next dev renders the App Router's not-found page when there is
		// an app/ directory: its Vary names the RSC request headers and it
		// has no ETag (test/nextjs-diff).
		x.header.Set("Content-Type", "text/html; charset=utf-8")
		x.header.Set("Cache-Control", "no-store, must-revalidate")
		x.header.Set("X-Powered-By", "Next.js")
		x.header.Set("Vary", "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding")
		x.status = http.StatusNotFound
		x.body = []byte(appNotFoundPage(hint))
		s.write(w, x)
		return
	}
	s.nextPage(w, x, http.StatusNotFound, notFoundPage(hint, errorPageRequest{Hostname: hostname(r.Host), RawQuery: r.URL.RawQuery}))
}

// hasAppDir reports whether the workspace has an App Router directory now.
func (s *Server) hasAppDir() bool {
	ws := s.opts.Workspace
	st, err := os.Stat(filepath.Join(ws.Dir, filepath.FromSlash(ws.AppDir)))
	return err == nil && st.IsDir()
}

func (s *Server) plain(w http.ResponseWriter, x *exchange, status int, msg string) {
	x.header.Set("Content-Type", "text/plain; charset=utf-8")
	x.status = status
	x.body = []byte(msg)
	s.write(w, x)
}

// isHopByHop reports whether a canonical header name is a connection-level
// one, never copied from a handler's response.
func isHopByHop(canonical string) bool {
	switch canonical {
	case "Connection", "Content-Length", "Transfer-Encoding", "Keep-Alive", "Upgrade":
		return true
	}
	return false
}

func (s *Server) write(w http.ResponseWriter, x *exchange) {
	if x.reqStream != nil {
		x.reqStream.beforeWhole()
	}
	x.headSent()
	copyHeaders(w.Header(), x)
	w.Header()["Content-Length"] = []string{strconv.Itoa(len(x.body))}
	if x.status == 0 {
		x.status = http.StatusOK
	}
	if x.statusText != "" && x.statusText != http.StatusText(x.status) {
		if s.writeWithReason(w, x) {
			return
		}
	}
	w.WriteHeader(x.status)
	if len(x.body) == 0 {
		return
	}
	if _, err := w.Write(x.body); err != nil {
		s.opts.Logger.Debug("client went away", "err", err)
	}
}

// copyHeaders puts the handler's headers on h, except connection-level ones.
func copyHeaders(h http.Header, x *exchange) {
	for name, values := range x.header {
		key := name
		if !isCanonical(name) {
			key = http.CanonicalHeaderKey(name)
		}
		if isHopByHop(key) {
			continue
		}
		h[key] = values
	}
	// Node sends no Content-Type a response does not set (test/nextjs-diff:
	// a Uint8Array body, a redirect); net/http would sniff one.
	if _, set := h["Content-Type"]; !set {
		h["Content-Type"] = nil
	}
}

// isCanonical reports whether name is as http.CanonicalHeaderKey gives it
// for the names that function changes: letters, digits and '-' only, each
// word capitalised and the rest lowercase.
func isCanonical(name string) bool {
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '-':
			upper = true
			continue
		case c >= 'a' && c <= 'z':
			if upper {
				return false
			}
		case c >= 'A' && c <= 'Z':
			if !upper {
				return false
			}
		case c >= '0' && c <= '9':
		default:
			return false
		}
		upper = false
	}
	return name != ""
}

// writeWithReason sends a custom reason phrase, which net/http cannot: it
// takes over the connection and writes the HTTP/1.1 response itself
// (R-HANDLER-7: a custom statusText is sent). It reports false when the
// connection cannot be taken over (then the standard phrase is used).
func (s *Server) writeWithReason(w http.ResponseWriter, x *exchange) bool {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return false
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return false
	}
	defer conn.Close()
	if err := writeHead(buf, w.Header().Clone(), x); err != nil {
		return true
	}
	buf.Write(x.body)
	if err := buf.Flush(); err != nil {
		s.opts.Logger.Debug("client went away", "err", err)
	}
	return true
}

// writeHead writes the status line with x's reason phrase and h, for a
// hijacked connection that closes after the response.
func writeHead(buf *bufio.ReadWriter, h http.Header, x *exchange) error {
	h.Set("Connection", "close")
	if h.Get("Date") == "" {
		h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	}
	reason := strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, x.statusText)
	fmt.Fprintf(buf, "HTTP/1.1 %03d %s\r\n", x.status, reason)
	if err := h.Write(buf); err != nil {
		return fmt.Errorf("write response head: %w", err)
	}
	_, err := buf.WriteString("\r\n")
	return err
}

// finish logs the access line and records the exchange, never blocking.
func (s *Server) finish(r *http.Request, x *exchange) {
	dur := time.Since(x.start)
	uri := r.URL.RequestURI()
	if s.opts.AccessLog != nil {
		// "METHOD URI STATUS DURATION\n", built without fmt.
		line := make([]byte, 0, len(r.Method)+len(uri)+24)
		line = append(line, r.Method...)
		line = append(line, ' ')
		line = append(line, uri...)
		line = append(line, ' ')
		line = strconv.AppendInt(line, int64(x.status), 10)
		line = append(line, ' ')
		line = appendDuration(line, dur)
		line = append(line, '\n')
		_, _ = s.opts.AccessLog.Write(line)
	}
	if s.opts.Recorder == nil && s.opts.OnExchange == nil {
		return
	}
	logs := make([]store.LogEntry, len(x.logs))
	for i, l := range x.logs {
		logs[i] = store.LogEntry{Time: l.Time, Level: l.Level, Message: l.Message}
	}
	full := "http://" + r.Host + uri
	// net/http gives each request its own Header and nothing modifies it
	// after the handler: the record takes r.Header without a copy.
	e := store.Exchange{
		Start:           x.start,
		Duration:        dur,
		Method:          r.Method,
		URL:             full,
		Route:           x.route.Pattern,
		File:            x.route.File,
		RequestHeaders:  r.Header,
		RequestBody:     x.reqBody,
		Status:          x.status,
		ResponseHeaders: x.header,
		ResponseBody:    x.recordedBody(),
		Error:           x.errText,
		Logs:            logs,
		HandlerVersion:  x.version,
		Mode:            string(s.opts.Mode),
		CPUTime:         x.cpu,
		Params:          recordedParams(x.params),
		Timings:         store.Timings{CompileWait: x.compileWait, HandlerStart: x.handlerStart, FirstByte: x.firstByte},
		Chunks:          x.chunkLog,
		ReplayOf:        x.replayOf,
		Sim:             x.sim,

		RequestBodySize:       x.reqBodySize,
		RequestBodyTruncated:  x.reqBodyTruncated,
		ResponseBodySize:      x.bodySize,
		ResponseBodyTruncated: x.bodyTruncated,
	}
	if s.opts.Recorder != nil {
		s.opts.Recorder.Record(e)
	}
	if s.opts.OnExchange != nil {
		s.opts.OnExchange(r.RemoteAddr, e)
	}
}

// recordedParams is the record's form of a route's matched params.
func recordedParams(p routes.Params) map[string][]string {
	if len(p) == 0 {
		return nil
	}
	out := make(map[string][]string, len(p))
	for _, x := range p {
		out[x.Name] = x.Values
	}
	return out
}

// appendDuration appends d as the access log shows it: whole µs below a
// millisecond, ms with one decimal below a second, else rounded to the ms.
func appendDuration(b []byte, d time.Duration) []byte {
	switch {
	case d < time.Millisecond:
		return append(strconv.AppendInt(b, d.Microseconds(), 10), "µs"...)
	case d < time.Second:
		return append(strconv.AppendFloat(b, float64(d.Microseconds())/1000, 'f', 1, 64), "ms"...)
	}
	return append(b, d.Round(time.Millisecond).String()...)
}
