package webapi

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// Loop is what the globals need from the isolate's event loop.
type Loop interface {
	// Enqueue schedules fn to run on the loop goroutine. Safe from any goroutine.
	// Returns false if the loop has stopped (fn will never run).
	Enqueue(fn func()) bool
	// Hold marks one unit of pending work (a timer, an in-flight fetch) so the loop
	// knows the request is not finished; release must be called exactly once.
	Hold() (release func())
}

// Console receives console output (already formatted like Node's util.format / console.log).
type Console interface {
	// Log receives one formatted console call; level is "log", "info",
	// "warn", "error" or "debug". Called on the loop goroutine.
	Log(level string, message string)
}

// Transport performs outbound HTTP for fetch (the lead supplies one that maps origins for offline work).
// RoundTrip is called off the loop goroutine, one call per hop (fetch follows
// redirects itself), and must honour the request's context.
type Transport interface {
	// RoundTrip sends one HTTP request and returns its response, as
	// http.RoundTripper does; fetch reads and closes the body.
	RoundTrip(*http.Request) (*http.Response, error)
}

// DefaultUserAgent is the user-agent fetch sends when the request has none:
// Next.js's edge sandbox sets this value on every subrequest.
const DefaultUserAgent = "Next.js Middleware"

// Options configures the globals of one isolate.
type Options struct {
	// Loop is the isolate's event loop; required.
	Loop Loop
	// Console receives console output; nil discards it.
	Console Console
	// Transport performs fetch's HTTP requests; nil makes every fetch of a
	// non-data: URL reject with "fetch failed".
	Transport Transport
	// Context returns the context of the request currently being served (fetches are cancelled with it).
	// Called on the loop goroutine when fetch starts; nil means context.Background.
	Context func() context.Context
	// ReportError receives exceptions that escaped a callback the runtime
	// invoked on its own (timer callbacks, event listeners, queueMicrotask
	// callbacks, fetch continuations) as *UncaughtError, and errors returned
	// by goja while running such a task (for example *goja.InterruptedError
	// after the isolate interrupted the runtime). Called on the loop
	// goroutine. If nil, they are logged to Console at level "error".
	ReportError func(err error)
	// Assets answers fetch of "blob:<name>" with a bundled asset's bytes,
	// as Next.js's edge sandbox serves the files a route references with
	// new URL('./file', import.meta.url) (R-MOD-1); nil serves none.
	Assets func(name string) ([]byte, bool)
	// UserAgent is fetch's default user-agent header; empty means DefaultUserAgent.
	UserAgent string
	// TimeOrigin is performance.timeOrigin; zero means the time of Install.
	TimeOrigin time.Time
	// BaseURL, if set, is the base against which Request, fetch and
	// Response.redirect resolve relative URLs (a worker's API base URL). The
	// Edge Runtime has none, so relative URLs there are a TypeError; leave
	// it empty except for tests such as the WPT runner.
	BaseURL string
}

// UncaughtError is a JS exception that escaped a callback run by the
// runtime itself (see Options.ReportError).
type UncaughtError struct {
	// Value is the thrown value (valid on the loop goroutine only).
	Value goja.Value
	// Message is the value formatted as Node's console prints an uncaught
	// exception, e.g. "Uncaught Error: boom\n    at ...".
	Message string
}

// Error returns the formatted message.
func (e *UncaughtError) Error() string { return e.Message }

// JSError is a JavaScript exception handed to Go as an error (ReadResponse
// reports a body that cannot be read this way).
type JSError struct {
	// Value is the thrown value (valid on the loop goroutine only).
	Value goja.Value
	// Message is the value as String(value) gives it, e.g.
	// "TypeError: Body is unusable: Body has already been read".
	Message string
}

// Error returns the message.
func (e *JSError) Error() string { return e.Message }

// jsError wraps a thrown JS value. Loop goroutine only.
func (b *Bindings) jsError(v goja.Value) *JSError {
	msg := "exception"
	if ex := b.rt.Try(func() { msg = v.String() }); ex != nil {
		msg = "exception (its toString threw)"
	}
	return &JSError{Value: v, Message: msg}
}

//go:embed js/*.js
var jsFiles embed.FS

// Globals is the compiled JS part of the globals, shared by all isolates (compile once).
// A Globals is immutable and safe for concurrent use by many isolates.
type Globals struct {
	programs []*goja.Program
	// intl caches the compiled Intl scripts, built on first use
	// (intl_host.go).
	intl *intlCache
}

// NewGlobals compiles the embedded JS of the globals.
func NewGlobals() (*Globals, error) {
	names, err := fs.Glob(jsFiles, "js/*.js")
	if err != nil {
		return nil, fmt.Errorf("list embedded js: %w", err)
	}
	sort.Strings(names)
	g := &Globals{intl: newIntlCache()}
	for _, name := range names {
		src, err := jsFiles.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		// One wrapper per file, on the file's first line so that line numbers
		// in stack traces match the file.
		wrapped := "(function (host, internal, global) {'use strict';" + string(src) + "\n})"
		prg, err := goja.Compile("edgeplay:webapi/"+name, wrapped, true)
		if err != nil {
			return nil, fmt.Errorf("compile %s: %w", name, err)
		}
		g.programs = append(g.programs, prg)
	}
	return g, nil
}

// Bindings lets the isolate move requests and responses across the Go/JS
// boundary, and owns the per-isolate state of the globals (timers, in-flight
// fetches). All methods: loop goroutine only, except where stated.
type Bindings struct {
	rt   *goja.Runtime
	opts Options

	// JS functions captured from the setup code.
	newIncomingRequest goja.Callable
	abortRequest       goja.Callable
	isResponse         goja.Callable
	trustedHeaderGet   goja.Value
	readResponse       goja.Callable
	formatUncaught     goja.Callable
	timerCallback      goja.Callable
	unhandledRejection goja.Callable

	timeOrigin time.Time
	baseURL    *urlRecord
	closed     bool

	timers timerQueue

	fetchMu   sync.Mutex
	fetches   map[int64]context.CancelFunc
	nextFetch int64
	sockets   socketSet // open WebSockets (websocket.go)
	inflaters feedSet   // running DecompressionStream goroutines (streams_host.go)
	// subtleJobs runs crypto.subtle's heavy work off the loop (subtle_host.go).
	subtleJobs *subtleJobs
	// intl is the process's cache of compiled Intl scripts (Globals.intl).
	intl *intlCache
	// headerNames caches the JS strings of incoming header names (at most
	// maxCachedHeaderNames), which repeat from request to request.
	headerNames map[string]goja.Value
	// headerValues caches the JS strings of incoming header values and
	// methods (headerValue); lastURL and lastURLValue, the last request URL.
	headerValues map[string]goja.Value
	lastURL      string
	lastURLValue goja.Value
	// onHead is StreamResponse's callback (made on first use); headDone
	// is the done of the StreamResponse call it answers, headAnswered
	// whether it did.
	onHead       goja.Value
	headDone     func(OutgoingResponse, *ResponseBody, error)
	headAnswered bool
}

// Install defines the Edge Runtime globals on rt (which must be fresh) and returns handles the isolate uses.
// Call it on the goroutine that owns rt; the returned Bindings belongs to that
// goroutine too.
func (g *Globals) Install(rt *goja.Runtime, opts Options) (*Bindings, error) {
	if opts.Loop == nil {
		return nil, errors.New("install web api globals: Options.Loop is required")
	}
	b := &Bindings{rt: rt, opts: opts, fetches: map[int64]context.CancelFunc{}, intl: g.intl}
	b.timeOrigin = opts.TimeOrigin
	if b.timeOrigin.IsZero() {
		b.timeOrigin = time.Now()
	}
	if opts.BaseURL != "" {
		base, ok := parseURL(opts.BaseURL, nil)
		if !ok {
			return nil, fmt.Errorf("install web api globals: invalid BaseURL %q", opts.BaseURL)
		}
		b.baseURL = base
	}
	b.timers.init()
	hostObj := b.newHost()
	internal := rt.NewObject()
	global := rt.GlobalObject()
	for i, prg := range g.programs {
		v, err := rt.RunProgram(prg)
		if err != nil {
			return nil, fmt.Errorf("install web api globals: run setup %d: %w", i, err)
		}
		fn, ok := goja.AssertFunction(v)
		if !ok {
			return nil, fmt.Errorf("install web api globals: setup %d is not a function", i)
		}
		if _, err := fn(goja.Undefined(), hostObj, internal, global); err != nil {
			return nil, fmt.Errorf("install web api globals: setup %d: %w", i, err)
		}
	}
	b.trustedHeaderGet = internal.Get("trustedHeaderGet")
	if _, ok := goja.AssertFunction(b.trustedHeaderGet); !ok {
		return nil, errors.New("install web api globals: internal trustedHeaderGet missing")
	}
	for name, dst := range map[string]*goja.Callable{
		"newIncomingRequest":         &b.newIncomingRequest,
		"abortRequest":               &b.abortRequest,
		"isResponse":                 &b.isResponse,
		"readResponse":               &b.readResponse,
		"formatUncaught":             &b.formatUncaught,
		"timerCallback":              &b.timerCallback,
		"dispatchUnhandledRejection": &b.unhandledRejection,
	} {
		fn, ok := goja.AssertFunction(internal.Get(name))
		if !ok {
			return nil, fmt.Errorf("install web api globals: internal %s missing", name)
		}
		*dst = fn
	}
	return b, nil
}

// Close stops the isolate's timers and cancels its in-flight fetches,
// releasing every Hold they took. Callbacks that were already queued on the
// loop become no-ops. Call it on the loop goroutine (or after the loop has
// stopped) when the isolate is discarded or its request is abandoned;
// calling it more than once is harmless.
func (b *Bindings) Close() {
	b.closed = true
	b.timers.stop()
	b.fetchMu.Lock()
	cancels := b.fetches
	b.fetches = map[int64]context.CancelFunc{}
	b.fetchMu.Unlock()
	for _, cancel := range cancels {
		cancel()
	}
	b.sockets.closeAll()
	b.inflaters.stopAll()
	if b.subtleJobs != nil {
		b.subtleJobs.stop()
	}
}

// report hands an error from a loop task to Options.ReportError (or the console).
func (b *Bindings) report(err error) {
	if err == nil {
		return
	}
	var ex *goja.Exception
	if errors.As(err, &ex) {
		err = b.uncaught(ex.Value())
	}
	if b.opts.ReportError != nil {
		b.opts.ReportError(err)
		return
	}
	b.log("error", err.Error())
}

// uncaught wraps a thrown JS value as an *UncaughtError.
func (b *Bindings) uncaught(v goja.Value) *UncaughtError {
	msg := "Uncaught " + v.String()
	if b.formatUncaught != nil {
		if s, err := b.formatUncaught(goja.Undefined(), v); err == nil {
			msg = s.String()
		}
	}
	return &UncaughtError{Value: v, Message: msg}
}

func (b *Bindings) log(level, msg string) {
	if b.opts.Console != nil {
		b.opts.Console.Log(level, msg)
	}
}

// call invokes a JS function as a loop task and reports what escapes it;
// it returns false if something did.
func (b *Bindings) call(fn goja.Callable, args ...goja.Value) bool {
	if _, err := fn(goja.Undefined(), args...); err != nil {
		b.report(err)
		return false
	}
	return true
}

// IncomingRequest is a request arriving at the handler, as the server received it.
type IncomingRequest struct {
	// URL is the absolute request URL the handler sees (req.url).
	URL string
	// Method is the request method; it is normalised as Request does
	// ("post" becomes "POST").
	Method string
	// Headers in arrival order; names in any case (they are lowercased).
	Headers [][2]string
	// Body is nil for a request without a body (req.body === null); a
	// non-nil empty slice is an empty body. It is not copied: the caller
	// must not modify it afterwards.
	Body []byte
	// Construct, when not nil, is a JavaScript function that builds the
	// request as an instance of a Request subclass without copying it (the
	// host's NextRequest): NewRequest readies the request's state and calls
	// Construct(key, ConstructArg), whose `super(key)` call in the subclass
	// constructor takes that state; what Construct returns is the request.
	// The key is private to the Web API layer: pass Construct only a
	// function that user code cannot replace.
	Construct goja.Value
	// ConstructArg is Construct's second argument (undefined when nil).
	ConstructArg goja.Value
}

// OutgoingResponse is a handler's Response, read out of JS.
type OutgoingResponse struct {
	// Status is the response status (0 for Response.error()).
	Status int
	// StatusText is the reason phrase the handler set ("" by default).
	StatusText string
	// Headers in the Response's header list order, names lowercased,
	// set-cookie values kept separate.
	Headers [][2]string
	// Body is nil for a null body. It shares memory with the runtime's
	// (consumed, no longer reachable) body buffer; it is safe to read from
	// any goroutine once done has been called.
	Body []byte
}

// NewRequest builds a JS Request (guard "request") for an incoming request.
// The URL must be absolute; the method is normalised as Request does.
func (b *Bindings) NewRequest(r IncomingRequest) (goja.Value, error) {
	// One flat array of lowercased names and values: the JavaScript side
	// takes them as they are (the server has already validated them). Its
	// items are JS values already (no second conversion in NewArray).
	flat := make([]interface{}, 0, 2*len(r.Headers))
	for _, h := range r.Headers {
		flat = append(flat, b.headerName(h[0]), b.headerValue(h[1]))
	}
	body := goja.Null()
	if r.Body != nil {
		body = b.rt.ToValue(b.rt.NewArrayBuffer(r.Body))
	}
	construct, arg := goja.Undefined(), goja.Undefined()
	if r.Construct != nil {
		construct = r.Construct
		if r.ConstructArg != nil {
			arg = r.ConstructArg
		}
	}
	// Clients repeat their URL: the last one's JS string is kept.
	if r.URL != b.lastURL || b.lastURLValue == nil {
		b.lastURL, b.lastURLValue = r.URL, b.rt.ToValue(r.URL)
	}
	v, err := b.newIncomingRequest(goja.Undefined(), b.lastURLValue, b.headerValue(r.Method), b.rt.NewArray(flat...), body, construct, arg)
	if err != nil {
		return nil, fmt.Errorf("new request %s %s: %w", r.Method, r.URL, err)
	}
	return v, nil
}

// maxCachedHeaderNames bounds Bindings.headerNames.
const maxCachedHeaderNames = 128

// maxCachedHeaderValues bounds Bindings.headerValues, and
// maxCachedHeaderValueLen the values it keeps.
const (
	maxCachedHeaderValues   = 256
	maxCachedHeaderValueLen = 256
)

// headerValue returns an incoming header value (or method) as a JS string;
// the values that repeat from request to request (host, the forwarding
// headers, a client's user-agent and cookies) are made once.
func (b *Bindings) headerValue(value string) goja.Value {
	if v, ok := b.headerValues[value]; ok {
		return v
	}
	v := b.rt.ToValue(value)
	if len(value) <= maxCachedHeaderValueLen && len(b.headerValues) < maxCachedHeaderValues {
		if b.headerValues == nil {
			b.headerValues = make(map[string]goja.Value)
		}
		b.headerValues[value] = v
	}
	return v
}

// headerName returns name lowercased, as a JS string (cached).
func (b *Bindings) headerName(name string) goja.Value {
	if v, ok := b.headerNames[name]; ok {
		return v
	}
	v := b.rt.ToValue(lowerASCII(name))
	if b.headerNames == nil {
		b.headerNames = make(map[string]goja.Value)
	}
	if len(b.headerNames) < maxCachedHeaderNames {
		b.headerNames[name] = v
	}
	return v
}

// AbortRequest aborts the signal of a request made by NewRequest (and so of
// every Request built from it, such as a NextRequest), with an AbortError:
// call it when the client goes away.
func (b *Bindings) AbortRequest(req goja.Value) error {
	if _, err := b.abortRequest(goja.Undefined(), req); err != nil {
		return fmt.Errorf("abort request: %w", err)
	}
	return nil
}

// TrustedHeaderGet returns a JavaScript function (headers, lowercaseName)
// that answers as headers.get(lowercaseName) without validating the name
// (the caller passes a valid lowercase one), and returns undefined when
// headers is not a Headers. It never calls user code.
func (b *Bindings) TrustedHeaderGet() goja.Value {
	return b.trustedHeaderGet
}

// IsResponse reports whether v is an instance of the global Response
// class as installed (subclasses such as NextResponse included).
func (b *Bindings) IsResponse(v goja.Value) bool {
	if v == nil {
		return false
	}
	r, err := b.isResponse(goja.Undefined(), v)
	return err == nil && r.ToBoolean()
}

// ReadResponse consumes a JS Response and calls done (on the loop goroutine)
// with its parts once the body is fully read: a stream body is read whole,
// so done comes after the loop has run the stream (StreamResponse hands
// the body over chunk by chunk instead). done is called exactly once; for a
// bytes body it may be called before ReadResponse returns.
// Reading marks the body used; an already-used body, or a value that is not a
// Response, gives an error wrapping a *JSError (a TypeError with Node's
// wording). A Response.error() reads as status 0.
func (b *Bindings) ReadResponse(v goja.Value, done func(OutgoingResponse, error)) {
	var once sync.Once
	finish := func(r OutgoingResponse, err error) { once.Do(func() { done(r, err) }) }
	onDone := func(call goja.FunctionCall) goja.Value {
		if e := call.Argument(0); !goja.IsUndefined(e) && !goja.IsNull(e) {
			finish(OutgoingResponse{}, fmt.Errorf("read response: %w", b.jsError(e)))
			return goja.Undefined()
		}
		var out OutgoingResponse
		out.Status = int(call.Argument(1).ToInteger())
		out.StatusText = call.Argument(2).String()
		out.Headers = headerList(call.Argument(3))
		if body, ok := call.Argument(4).Export().(goja.ArrayBuffer); ok {
			out.Body = body.Bytes()
		}
		finish(out, nil)
		return goja.Undefined()
	}
	if _, err := b.readResponse(goja.Undefined(), v, b.rt.ToValue(onDone)); err != nil {
		finish(OutgoingResponse{}, fmt.Errorf("read response: %w", err))
	}
}

// lowerASCII lowercases ASCII letters only (header names are byte strings).
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}
