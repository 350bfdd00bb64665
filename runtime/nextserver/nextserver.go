// Package nextserver provides the `next/server` module that edge API routes
// import in Edgeplay: NextRequest, NextResponse, their cookie helpers,
// userAgent and the NextFetchEvent a handler receives, written in
// JavaScript that runs inside each goja isolate and behaves as Next.js 15.5
// does (R-NEXT-1..3, R-HANDLER-1), plus the TypeScript declarations the
// editor shows for the module.
//
// The JavaScript (js/next-server.js) is one function expression compiled
// once into a [goja.Program] shared by all runtimes; [Module.Instantiate]
// runs it in a runtime whose Web API globals (Request, Response, Headers,
// URL, URLSearchParams) are already installed and returns the exports
// object that the isolate answers `require('next/server')` with.
//
// Like everything that touches a goja.Runtime, the functions taking a
// runtime must be called on that runtime's goroutine. A [Module] holds no
// per-runtime state and may be shared.
package nextserver

import (
	_ "embed"
	"errors"
	"fmt"
	"strconv"

	"github.com/dop251/goja"
)

//go:embed js/next-server.js
var source string

//go:embed types/next-server.d.ts
var typeDeclarations string

// DefaultNextVersion is the Next.js major version emulated when
// [Options.NextVersion] is zero.
const DefaultNextVersion = 15

// Symbol.for keys under which the JavaScript exposes what the host needs.
// They are registered symbols, so user code could reach them on purpose;
// nothing in Next.js uses these names.
const (
	internalsKey         = "edgeplay.next-server.internals"
	waitUntilPromisesKey = "edgeplay.next-server.waitUntilPromises"
)

// Module is the compiled `next/server` JavaScript, ready to be instantiated
// in any number of runtimes.
type Module struct {
	program *goja.Program
}

// Options configures one instance of the module.
type Options struct {
	// NextVersion is the emulated Next.js major version (13–16); 0 means
	// DefaultNextVersion. Up to 14, NextRequest has `geo` and `ip` (read
	// from the x-vercel-ip-* and x-real-ip headers unless the request init
	// gives them) and ImageResponse says Edgeplay does not render images;
	// from 15 on, `geo` and `ip` are undefined, ImageResponse throws Next's
	// "moved to next/og" error and after/connection are exported; 16 uses
	// Next's "proxy" wording in error messages.
	NextVersion int
	// HeaderGet, when set, is a JavaScript function (headers, lowercaseName)
	// that returns a header's value (null when absent) without validating
	// the name, or undefined when headers is not a Headers of the Web API
	// layer. With it, returning a Response that carries none of the headers
	// the adapter rewrites costs no validated Headers calls
	// (webapi.Bindings.TrustedHeaderGet gives one).
	HeaderGet goja.Value
}

// NewModule compiles the module's JavaScript.
func NewModule() (*Module, error) {
	program, err := goja.Compile("next/server.js", source, false)
	if err != nil {
		return nil, fmt.Errorf("compile next/server: %w", err)
	}
	return &Module{program: program}, nil
}

// Instantiate evaluates the module in rt and returns its exports object
// (NextRequest, NextResponse, ImageResponse, userAgent, userAgentFromString,
// URLPattern and, from Next 15, after, connection, unstable_rootParams).
// rt must already have the Web API globals; each call creates new classes,
// so call it once per runtime and cache the result.
func (m *Module) Instantiate(rt *goja.Runtime, opts Options) (*goja.Object, error) {
	version := opts.NextVersion
	if version == 0 {
		version = DefaultNextVersion
	}
	if version < 12 {
		return nil, fmt.Errorf("instantiate next/server: unsupported Next.js version %d", version)
	}
	value, err := rt.RunProgram(m.program)
	if err != nil {
		return nil, fmt.Errorf("instantiate next/server: %w", err)
	}
	factory, ok := goja.AssertFunction(value)
	if !ok {
		return nil, errors.New("instantiate next/server: module source did not evaluate to a function")
	}
	options := rt.NewObject()
	if err := options.Set("nextVersion", version); err != nil {
		return nil, fmt.Errorf("instantiate next/server: %w", err)
	}
	if opts.HeaderGet != nil {
		if err := options.Set("headerGet", opts.HeaderGet); err != nil {
			return nil, fmt.Errorf("instantiate next/server: %w", err)
		}
	}
	exports, err := factory(goja.Undefined(), options)
	if err != nil {
		return nil, fmt.Errorf("instantiate next/server: %w", err)
	}
	obj, ok := exports.(*goja.Object)
	if !ok {
		return nil, errors.New("instantiate next/server: module did not return an object")
	}
	return obj, nil
}

// NewRequest creates the request a handler receives, as Next.js' adapter
// does: a NextRequest (of Next's internal NextRequestHint class) whose
// `sourcePage` is page (e.g. "/api/hello") and whose deprecated
// `waitUntil`/`respondWith`/`request` throw Next's signature error. input is
// the absolute URL (a string) or a Request; init is a RequestInit object or
// undefined (its `nextConfig` may carry basePath and trailingSlash, and in
// Next 12–14 mode `geo` and `ip` override the header-derived values).
func NewRequest(rt *goja.Runtime, exports *goja.Object, page string, input, init goja.Value) (*goja.Object, error) {
	v, err := callInternal(rt, exports, "createRequest", rt.ToValue(page), input, orUndefined(init))
	if err != nil {
		return nil, fmt.Errorf("create NextRequest for %s: %w", page, err)
	}
	return v.ToObject(rt), nil
}

// NewFetchEvent creates the NextFetchEvent passed as a handler's second
// argument. Its waitUntil(promise) collects the promises, which
// [WaitUntilPromises] returns.
func NewFetchEvent(rt *goja.Runtime, exports *goja.Object, sourcePage string) (goja.Value, error) {
	v, err := callInternal(rt, exports, "createFetchEvent", goja.Null(), rt.ToValue(sourcePage), goja.Undefined())
	if err != nil {
		return nil, fmt.Errorf("create NextFetchEvent for %s: %w", sourcePage, err)
	}
	return v, nil
}

// WaitUntilPromises returns the values handed to event.waitUntil() so far,
// in call order (normally promises; Next.js accepts anything). It returns
// nil when event is not a NextFetchEvent of this package. Call it again
// after those promises settle to see waitUntil calls they made.
func WaitUntilPromises(rt *goja.Runtime, event goja.Value) []goja.Value {
	obj, ok := event.(*goja.Object)
	if !ok {
		return nil
	}
	key := symbolFor(rt, waitUntilPromisesKey)
	if key == nil {
		return nil
	}
	method, ok := goja.AssertFunction(obj.GetSymbol(key))
	if !ok {
		return nil
	}
	list, err := method(obj)
	if err != nil {
		return nil
	}
	return arrayValues(rt, list)
}

// FinalizeResponse does to a handler's result what Next.js' adapter does
// for an edge API route before the response is sent: a value that is not a
// Response is the TypeError "Expected an instance of Response to be
// returned" (returned as err, a *goja.Exception); the internal
// x-middleware-set-cookie header is removed; no result (undefined or null)
// becomes NextResponse.next() (200, empty, x-middleware-next: 1). When
// requestURL is not empty, a same-host x-middleware-rewrite and Location
// header are normalised through NextURL (127.0.0.1 becomes localhost) and a
// relative Location throws a TypeError, as in Next.js 15.5.
func FinalizeResponse(rt *goja.Runtime, exports *goja.Object, result goja.Value, requestURL string) (goja.Value, error) {
	url := goja.Undefined()
	if requestURL != "" {
		url = rt.ToValue(requestURL)
	}
	v, err := callInternal(rt, exports, "finalizeResponse", orUndefined(result), url)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// Host is the host's cached view of one runtime's instance of the module:
// the internal entry points looked up once, so that the per-request calls
// (NewRequest, NewFetchEvent, FinalizeResponse) make no lookups. Its
// methods must be called on the runtime's goroutine.
type Host struct {
	rt                *goja.Runtime
	createRequest     goja.Callable
	createFetchEvent  goja.Callable
	finalize          goja.Callable
	incoming          goja.Callable
	fetchEvent        goja.Callable
	pendingWaitUntil  goja.Callable
	createNextHeaders goja.Callable
}

// NewHost looks up the internal entry points of exports, the object
// [Module.Instantiate] returned for rt.
func NewHost(rt *goja.Runtime, exports *goja.Object) (*Host, error) {
	internals, err := internalsOf(rt, exports)
	if err != nil {
		return nil, fmt.Errorf("next/server host: %w", err)
	}
	h := &Host{rt: rt}
	for name, dst := range map[string]*goja.Callable{
		"createRequest":         &h.createRequest,
		"createFetchEvent":      &h.createFetchEvent,
		"finalizeResponse":      &h.finalize,
		"incomingConstructor":   &h.incoming,
		"fetchEventConstructor": &h.fetchEvent,
		"pendingWaitUntil":      &h.pendingWaitUntil,
		"createNextHeaders":     &h.createNextHeaders,
	} {
		fn, ok := goja.AssertFunction(internals.Get(name))
		if !ok {
			return nil, fmt.Errorf("next/server host: internals have no %s", name)
		}
		*dst = fn
	}
	return h, nil
}

// NewRequest is [NewRequest] for this host's runtime.
func (h *Host) NewRequest(page string, input, init goja.Value) (*goja.Object, error) {
	v, err := h.createRequest(goja.Undefined(), h.rt.ToValue(page), input, orUndefined(init))
	if err != nil {
		return nil, fmt.Errorf("create NextRequest for %s: %w", page, err)
	}
	return v.ToObject(h.rt), nil
}

// IncomingConstructor returns, for page, the JavaScript function the Web
// API layer calls to build an incoming request directly as a NextRequest
// (webapi.IncomingRequest.Construct): called with the Web API's internal
// construction key and the request's Cookie header value (the values of
// all its cookie headers joined with ", ", or null), it returns the
// NextRequest (of Next's NextRequestHint class, `sourcePage` page) that
// [NewRequest] would make from the incoming Request, without copying it;
// its cookies, nextUrl and url are computed when first read. Make it once
// per page and reuse it.
func (h *Host) IncomingConstructor(page string) (goja.Value, error) {
	v, err := h.incoming(goja.Undefined(), h.rt.ToValue(page))
	if err != nil {
		return nil, fmt.Errorf("next/server incoming constructor for %s: %w", page, err)
	}
	return v, nil
}

// NewFetchEvent is [NewFetchEvent] for this host's runtime.
func (h *Host) NewFetchEvent(sourcePage goja.Value) (goja.Value, error) {
	v, err := h.createFetchEvent(goja.Undefined(), goja.Null(), sourcePage, goja.Undefined())
	if err != nil {
		return nil, fmt.Errorf("create NextFetchEvent for %s: %w", sourcePage, err)
	}
	return v, nil
}

// FetchEventConstructor returns a function that makes, at each call, the
// NextFetchEvent [NewFetchEvent] makes for sourcePage. Make it once per
// page and reuse it.
func (h *Host) FetchEventConstructor(sourcePage string) (func() (goja.Value, error), error) {
	v, err := h.fetchEvent(goja.Undefined(), h.rt.ToValue(sourcePage))
	if err != nil {
		return nil, fmt.Errorf("next/server fetch event constructor for %s: %w", sourcePage, err)
	}
	fn, ok := goja.AssertFunction(v)
	if !ok {
		return nil, fmt.Errorf("next/server fetch event constructor for %s: not a function", sourcePage)
	}
	return func() (goja.Value, error) {
		ev, err := fn(goja.Undefined())
		if err != nil {
			return nil, fmt.Errorf("create NextFetchEvent for %s: %w", sourcePage, err)
		}
		return ev, nil
	}, nil
}

// FinalizeResponse is [FinalizeResponse] for this host's runtime, with the
// request URL as a JavaScript value (undefined for none).
func (h *Host) FinalizeResponse(result, requestURL goja.Value) (goja.Value, error) {
	return h.finalize(goja.Undefined(), orUndefined(result), orUndefined(requestURL))
}

// Headers is one isolate's `next/headers` (App Router route handlers,
// R-ROUTE-6): Exports is what require('next/headers') gives; Begin is
// called with the handler's request before it runs, Finish with its
// Response after, which adds the cookies set through cookies().
type Headers struct {
	Exports *goja.Object
	begin   goja.Callable
	finish  goja.Callable
}

// NewHeaders makes the runtime's next/headers.
func (h *Host) NewHeaders() (*Headers, error) {
	v, err := h.createNextHeaders(goja.Undefined())
	if err != nil {
		return nil, fmt.Errorf("next/headers: %w", err)
	}
	obj := v.ToObject(h.rt)
	out := &Headers{Exports: obj.Get("exports").ToObject(h.rt)}
	var ok1, ok2 bool
	out.begin, ok1 = goja.AssertFunction(obj.Get("begin"))
	out.finish, ok2 = goja.AssertFunction(obj.Get("finish"))
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("next/headers: begin or finish missing")
	}
	return out, nil
}

// Begin makes request the one headers() and cookies() answer for.
func (nh *Headers) Begin(request goja.Value) error {
	_, err := nh.begin(goja.Undefined(), request)
	return err
}

// Finish adds the cookies the handler set to response and ends the scope.
func (nh *Headers) Finish(response goja.Value) (goja.Value, error) {
	return nh.finish(goja.Undefined(), response)
}

// WaitUntilPromises is [WaitUntilPromises] for this host's runtime, for
// the events this module made: it reads their state directly (no method
// lookup) and returns nil, making no array, when there are none (the
// common case, checked once per request).
func (h *Host) WaitUntilPromises(event goja.Value) []goja.Value {
	obj, ok := event.(*goja.Object)
	if !ok {
		return nil
	}
	list, err := h.pendingWaitUntil(goja.Undefined(), obj)
	if err != nil {
		return nil
	}
	return arrayValues(h.rt, list)
}

// TypeDeclarations returns the TypeScript declarations of `next/server` as
// Edgeplay provides it, for the editor's IntelliSense (a module declaration
// file: `declare module 'next/server' { ... }`).
func TypeDeclarations() string {
	return typeDeclarations
}

func internalsOf(rt *goja.Runtime, exports *goja.Object) (*goja.Object, error) {
	if exports == nil {
		return nil, errors.New("next/server exports are nil")
	}
	key := symbolFor(rt, internalsKey)
	if key == nil {
		return nil, errors.New("Symbol.for is not available")
	}
	internals, ok := exports.GetSymbol(key).(*goja.Object)
	if !ok {
		return nil, errors.New("not the exports of Edgeplay's next/server")
	}
	return internals, nil
}

func callInternal(rt *goja.Runtime, exports *goja.Object, name string, args ...goja.Value) (goja.Value, error) {
	internals, err := internalsOf(rt, exports)
	if err != nil {
		return nil, err
	}
	fn, ok := goja.AssertFunction(internals.Get(name))
	if !ok {
		return nil, fmt.Errorf("next/server internals have no %s", name)
	}
	return fn(goja.Undefined(), args...)
}

// symbolFor returns Symbol.for(key) of rt.
func symbolFor(rt *goja.Runtime, key string) *goja.Symbol {
	symbolCtor, ok := rt.Get("Symbol").(*goja.Object)
	if !ok {
		return nil
	}
	forFn, ok := goja.AssertFunction(symbolCtor.Get("for"))
	if !ok {
		return nil
	}
	v, err := forFn(symbolCtor, rt.ToValue(key))
	if err != nil {
		return nil
	}
	sym, _ := v.(*goja.Symbol)
	return sym
}

func arrayValues(rt *goja.Runtime, v goja.Value) []goja.Value {
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	n := int(obj.Get("length").ToInteger())
	out := make([]goja.Value, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, obj.Get(strconv.Itoa(i)))
	}
	return out
}

func orUndefined(v goja.Value) goja.Value {
	if v == nil {
		return goja.Undefined()
	}
	return v
}
