// Package isolate runs compiled route programs the way the Edge Runtime does:
// each isolate is a goja runtime owned by one event-loop goroutine, holding
// the module's state across requests (R-HANDLER-5); isolates are pooled per
// compiled program so concurrent requests run in parallel.
//
// Every request runs under the limits of R-RT-6: the response head within
// Options.Timeout, the whole response within Options.MaxDuration, the
// JavaScript time within Options.CPULimit and the isolate's heap growth
// within Options.MemoryLimit (limits.go), recursion within a bounded call
// stack. A request stopped by a limit fails with a *HandlerError naming
// it and the value measured, and its isolate is replaced; other isolates
// and routes go on.
package isolate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"

	"edgeplay/runtime/isolate/nodecompat"
	"edgeplay/runtime/nextserver"
	"edgeplay/runtime/webapi"
	"edgeplay/runtime/webapi/wasm"
)

// Engine holds what every isolate shares: the compiled Web API globals and
// the compiled next/server module. Create one per process.
type Engine struct {
	globals *webapi.Globals
	next    *nextserver.Module
	memory  *memoryWatch
	// wasm compiles WebAssembly modules once per process (R-MOD-1).
	wasm *wasm.Engine
}

// NewEngine compiles the shared JavaScript once.
func NewEngine() (*Engine, error) {
	g, err := webapi.NewGlobals()
	if err != nil {
		return nil, fmt.Errorf("compile web api globals: %w", err)
	}
	m, err := nextserver.NewModule()
	if err != nil {
		return nil, fmt.Errorf("compile next/server: %w", err)
	}
	w := wasm.NewEngine(context.Background(), wasm.EngineOptions{MemoryLimitPages: DefaultMemoryLimit >> 16})
	return &Engine{globals: g, next: m, memory: newMemoryWatch(), wasm: w}, nil
}

// Program is a route's compiled script, shared by all its isolates.
type Program struct {
	prog *goja.Program
	// Entry is the route file, workspace-relative (e.g. "pages/api/json.ts").
	Entry string
	// Hash is the content hash of the compiled code (the handler version).
	Hash string
	// AppRoute marks an App Router route handler (R-ROUTE-6): its module
	// exports a handler per HTTP method instead of a default one. Set it
	// before the program serves.
	AppRoute bool
	// Assets are the files the code references with new URL('./file',
	// import.meta.url), by name, which fetch of blob:<name> answers with
	// (R-MOD-1). Set them before the program serves.
	Assets map[string][]byte
	// wasm are the WebAssembly modules the code imports with `?module`
	// (R-MOD-1), compiled by Engine.CompileWasm, by bundle id.
	wasm map[string]*wasm.Module
}

// pageName is the name Next.js gives a route's page, as its handler sees
// it in event.sourcePage (observed by test/nextjs-diff): the path under
// pages/ or app/ without extension, "/api/users/[id]" for
// pages/api/users/[id].ts, "/api" for pages/api/index.ts,
// "/items/[id]/route" for app/items/[id]/route.ts.
func pageName(entry string) string {
	p := strings.TrimSuffix(entry, path.Ext(entry))
	for _, dir := range []string{"src/pages/", "pages/", "src/app/", "app/"} {
		if rest, ok := strings.CutPrefix(p, dir); ok {
			p = rest
			break
		}
	}
	if p == "index" {
		return "/"
	}
	return "/" + strings.TrimSuffix(p, "/index")
}

// wasmModulePrefix starts the ids the bundle requires WebAssembly modules
// by (bundle.WasmModulePrefix; a test keeps the two equal).
const wasmModulePrefix = "edgeplay:wasm/"

// CompileWasm compiles the WebAssembly modules a route's bundle imports
// (bundle.Result.WasmModules, by id) for prog, once per process and
// content, before the program serves. files names each module's source for
// errors (may be nil).
func (e *Engine) CompileWasm(prog *Program, modules map[string][]byte, files map[string]string) error {
	for id, data := range modules {
		m, err := e.wasm.Compile(context.Background(), data)
		if err != nil {
			name := files[id]
			if name == "" {
				name = "a WebAssembly module"
			}
			return fmt.Errorf("compile %s imported by %s: %w", name, prog.Entry, err)
		}
		if prog.wasm == nil {
			prog.wasm = map[string]*wasm.Module{}
		}
		prog.wasm[id] = m
	}
	return nil
}

// Compile turns the bundler's output into a program. The code must be the
// function expression produced by runtime/bundle.
func Compile(entry, code, hash string) (*Program, error) {
	p, err := goja.Compile(entry, withOneBasedColumns(code), false)
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", entry, err)
	}
	return &Program{prog: p, Entry: entry, Hash: hash}, nil
}

// Request is an incoming request as the handler will see it.
type Request struct {
	URL     string
	Method  string
	Headers [][2]string
	// Body is the whole body (nil or empty: req.body is null). It is
	// ignored when BodyReader is set.
	Body []byte
	// Params are the dynamic segments of the route, for an App Router
	// handler's params argument (pages routes see them in the query).
	Params []Param
	// BodyReader, when set, streams the body into the handler (SPEC
	// R-HANDLER-6): req.body is a ReadableStream whose every read pulls
	// one chunk from it, on a goroutine other than the caller's, one Read
	// at a time, only while the handler reads. An error from it errors the
	// stream with that error's message (how a size limit reaches the
	// handler). The caller must unblock a pending Read once the request is
	// over. GET and HEAD requests cannot stream a body: it is ignored for
	// them.
	BodyReader io.Reader
}

// LogEntry is one console call made while serving a request.
type LogEntry struct {
	Time    time.Time
	Level   string
	Message string
}

// HandlerError describes a JavaScript failure: an exception, a rejected
// promise, a wrong return value or a limit that stopped the handler.
type HandlerError struct {
	Name    string
	Message string
	// Stack is the JS stack with positions mapped to the TypeScript source.
	Stack string
	// Status is the HTTP status the platform answers with (500 or 504).
	Status int
	// Causes is the error's cause chain as Node prints it after the
	// message (" [cause]: …"), so "fetch failed" says why; "" when none.
	Causes string
	// NonError is set when the handler threw, or rejected with, a value
	// that is not an Error object (e.g. a string); Next.js's development
	// error page then carries an empty message (R-HANDLER-4).
	NonError bool
}

func (e *HandlerError) Error() string { return e.Name + ": " + e.Message + e.Causes }

// Detail is the error as a person reads it: the message with its causes,
// then the stack (whose first line, "Name: message" in goja, is not
// repeated).
func (e *HandlerError) Detail() string {
	head := e.Name + ": " + e.Message
	if e.Stack == "" {
		return head + e.Causes
	}
	if rest, ok := strings.CutPrefix(e.Stack, head); ok {
		return head + e.Causes + rest
	}
	return head + e.Causes + "\n" + e.Stack
}

// Response is what the handler produced.
type Response struct {
	Status     int
	StatusText string
	Headers    [][2]string
	// Body is the whole body when Stream is nil (a body that was at hand,
	// such as new Response('text'): the fast path).
	Body []byte
	// Stream, when set, is a body that arrives chunk by chunk (R-HANDLER-6);
	// Body is then nil. The isolate serves nobody else until the caller
	// has called Stream.Close, which it must do.
	Stream *Stream
	// Logs is the console output written while serving this request, up
	// to the response head (Stream.Logs has the rest).
	Logs []LogEntry
	// CPUTime is the time the request's JavaScript ran up to the response
	// head (Stream.CPUTime has the total of a streamed one), measured
	// against Options.CPULimit (R-RT-6).
	CPUTime time.Duration
}

// Options configure the isolates of a pool.
type Options struct {
	// Size is the most isolates the pool runs at once (default 2).
	Size int
	// Mode is "production" or "development" (process.env.NODE_ENV).
	Mode string
	// NextVersion selects version-dependent next/server behaviour (default 15).
	NextVersion int
	// Env is the workspace's environment for process.env (R-RT-4).
	Env map[string]string
	// Transport performs outbound fetches.
	Transport webapi.Transport
	// Timeout bounds the time from the request's arrival to the response
	// head (R-RT-6: 25 s); past it the answer is a 504.
	Timeout time.Duration
	// MaxDuration bounds the whole response, a streamed one included
	// (R-RT-6): from the request's arrival to the last chunk (default
	// 25 s; the route's `config.maxDuration`). A MaxDuration shorter than
	// Timeout bounds the head too. Past it the stream is cancelled and the
	// body cut (Stream.Next reports a *HandlerError naming the limit and
	// the measured duration).
	MaxDuration time.Duration
	// CPULimit bounds the time a request's JavaScript runs (R-RT-6;
	// default DefaultCPULimit). Past it the request fails with a 500 and
	// the isolate is replaced.
	CPULimit time.Duration
	// MemoryLimit bounds how far one isolate may grow the heap while
	// serving a request (R-RT-6; default DefaultMemoryLimit, bytes).
	MemoryLimit uint64
	// Logger receives console output and platform messages (optional).
	Logger *slog.Logger
}

// Pool runs one program in up to Options.Size isolates.
type Pool struct {
	engine *Engine
	prog   *Program
	opts   Options

	mu     sync.Mutex
	idle   []*isolate
	closed bool
	slots  chan struct{}
	// done is closed by Close; it stops waiting for waitUntil work.
	done chan struct{}
}

// NewPool creates a pool for prog. Isolates start on demand.
func (e *Engine) NewPool(prog *Program, opts Options) *Pool {
	if opts.Size <= 0 {
		opts.Size = 2
	}
	if opts.NextVersion == 0 {
		opts.NextVersion = 15
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxDuration <= 0 {
		opts.MaxDuration = DefaultTimeout
	}
	if opts.CPULimit <= 0 {
		opts.CPULimit = DefaultCPULimit
	}
	if opts.MemoryLimit == 0 {
		opts.MemoryLimit = DefaultMemoryLimit
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Transport == nil {
		opts.Transport = http.DefaultTransport
	}
	return &Pool{engine: e, prog: prog, opts: opts, slots: make(chan struct{}, opts.Size), done: make(chan struct{})}
}

// Program returns the pool's program.
func (p *Pool) Program() *Program { return p.prog }

// ErrClosed is returned by Serve after Close.
var ErrClosed = errors.New("isolate pool closed")

// Serve runs the handler for one request. A JavaScript failure is returned
// as *HandlerError; other errors mean the platform itself failed. When the
// Response has a Stream, its isolate stays with it until the caller calls
// Stream.Close.
func (p *Pool) Serve(ctx context.Context, req Request) (*Response, error) {
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	// The limit counts from arrival (R-RT-6): waiting for a slot and
	// starting an isolate are part of it.
	// The head must come within Timeout, and the whole response within
	// the route's maxDuration (so a shorter maxDuration bounds the head too).
	start := time.Now()
	headLimit := min(p.opts.Timeout, p.opts.MaxDuration)
	streamLimit := p.opts.MaxDuration
	deadline := start.Add(headLimit)
	streamDeadline := start.Add(streamLimit)
	iso, err := p.take(ctx, deadline)
	if err != nil {
		<-p.slots
		return nil, err
	}
	p.engine.memory.enter(iso, p.opts.MemoryLimit)
	res, healthy, settled, err := iso.serve(ctx, req, deadline, streamDeadline, headLimit)
	if errors.Is(err, ErrClosed) && iso.limitErr.Load() != nil && !p.isClosed() {
		// The isolate was stopped (a limit) between take and serve: a
		// fresh one answers.
		p.release(iso, false, false, deadline)
		<-p.slots // release freed the slot; take it again
		return p.Serve(ctx, req)
	}
	if res != nil && res.Stream != nil {
		// The isolate stays with the stream until Stream.Close (it serves
		// one request at a time); waitUntil work then gets the time left
		// before the stream limit, and at least a second to wind down.
		st := res.Stream
		st.start, st.limit = start, streamLimit
		st.timer = time.NewTimer(time.Until(streamDeadline))
		st.release = func(ok bool) {
			waitDeadline := time.Now().Add(time.Second)
			if streamDeadline.After(waitDeadline) {
				waitDeadline = streamDeadline
			}
			p.release(iso, ok, false, waitDeadline)
		}
		return res, err
	}
	p.release(iso, healthy, settled, deadline)
	return res, err
}

// release hands iso back once its request is over: at once, or (R-HANDLER-1)
// once the work given to event.waitUntil has settled, up to waitDeadline;
// the isolate serves nobody else meanwhile. settled says the request is
// known to have left no such work. An unhealthy isolate is discarded.
// Either way the request's slot is freed.
func (p *Pool) release(iso *isolate, healthy, settled bool, waitDeadline time.Time) {
	done := func(ok bool) {
		p.engine.memory.leave(iso)
		if ok {
			p.put(iso)
		} else {
			p.discard(iso)
		}
		<-p.slots
	}
	if !healthy || iso.broken.Load() {
		done(false)
		return
	}
	if settled {
		done(true) // the common case: no goroutine, no loop task
		return
	}
	waited := iso.waitUntilSettled()
	select {
	case <-waited:
		done(true)
	default:
		go func() {
			timer := time.NewTimer(time.Until(waitDeadline))
			defer timer.Stop()
			select {
			case <-waited:
				done(true)
			case <-p.done:
				done(false) // the route changed or the server stops
			case <-timer.C:
				p.opts.Logger.Warn("event.waitUntil work did not finish within the limit; its isolate was stopped", "route", p.prog.Entry, "limit", p.opts.Timeout)
				done(false)
			}
		}()
	}
}

func (p *Pool) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

func (p *Pool) take(ctx context.Context, deadline time.Time) (*isolate, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrClosed
	}
	for n := len(p.idle); n > 0; n = len(p.idle) {
		iso := p.idle[n-1]
		p.idle = p.idle[:n-1]
		if !iso.broken.Load() {
			p.mu.Unlock()
			return iso, nil
		}
		iso.close() // stopped by a limit after it was put back
	}
	p.mu.Unlock()
	return p.engine.newIsolate(ctx, p.prog, p.opts, deadline)
}

func (p *Pool) put(iso *isolate) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || iso.broken.Load() {
		iso.close()
		return
	}
	p.idle = append(p.idle, iso)
}

func (p *Pool) discard(iso *isolate) {
	iso.close()
}

// Close stops idle isolates; busy ones stop when their request ends. Requests
// in flight finish on the old program, so an edit never breaks them.
func (p *Pool) Close() {
	p.mu.Lock()
	if !p.closed {
		close(p.done)
	}
	p.closed = true
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	for _, iso := range idle {
		iso.close()
	}
}

// isolate is one goja runtime with its loop and the instantiated module.
type isolate struct {
	loop     *loop
	rt       *goja.Runtime
	bindings *webapi.Bindings
	next     *goja.Object
	// nextHost holds next/server's entry points, looked up once.
	nextHost *nextserver.Host
	// page is the route's page (its entry without extension), construct
	// builds an incoming request directly as its NextRequest and
	// fetchEvent makes its NextFetchEvent (all fixed before the module's
	// code runs, so user code cannot replace them).
	page       string
	construct  goja.Value
	fetchEvent func() (goja.Value, error)
	handler    goja.Callable
	// initErr is a failure while running the module's top level; every request reports it.
	initErr *HandlerError
	entry   string
	logger  *slog.Logger
	// streamer builds requests with a streamed body (captured before the
	// module's code runs).
	streamer *webapi.RequestStreamer

	// broken is set (on any goroutine) when the isolate must not serve again.
	broken atomic.Bool
	// cpu meters the current request's JavaScript time (limits.go).
	cpu *cpuMeter
	// limitErr is the limit that stopped the isolate, if one did.
	limitErr atomic.Pointer[limitExceeded]
	// memory is what the engine's memory watch charged the request.
	memory memoryCharge

	// Handed from serve to the loop with each request, and the answer back
	// (results holds at most one answer; headTimer bounds the wait for it).
	pending       pendingRequest
	invokePending func() // iso.invokePending bound once
	results       chan result
	headTimer     *time.Timer

	// Per-request state, touched only on the loop goroutine.
	// ctx is the request's context once something asked for it (nil
	// before); ctxParent and ctxDeadline make it; cancel ends it.
	ctx         context.Context
	cancel      context.CancelFunc
	ctxParent   context.Context
	ctxDeadline time.Time
	// answered is set once the request has its answer; reqURL is its URL.
	answered bool
	reqURL   string
	// onFulfilled and onRejected settle a handler's promise (made once).
	onFulfilled, onRejected goja.Value
	logs                    []LogEntry
	event                   goja.Value
	// req is the handler's Request as built (its signal aborts when the
	// client goes away mid-stream).
	req goja.Value
	// unhandled holds rejected promises without a handler yet; what is
	// still there after a task is reported as an unhandled rejection.
	unhandled map[*goja.Promise]struct{}
	// node serves require('node:…') (nodemodules.go); nil until first used.
	node *nodecompat.Loader
	// invoked is set once the isolate has served a request.
	invoked bool
	// wasmHost runs the WebAssembly modules of prog, the program
	// instantiated (set once on the loop goroutine; read by limits from
	// other goroutines).
	wasmHost atomic.Pointer[wasm.Host]
	prog     *Program
	// app is the App Router handler module (nil for a pages/api route);
	// nextVersion picks the shape of its params argument.
	app         *appRoute
	nextVersion int
	// nextHeaders is next/headers, once the module required it.
	nextHeaders *nextserver.Headers
}

// console adapts the isolate to webapi.Console.
type console struct{ iso *isolate }

// Log is called on the loop goroutine by the console global.
func (c console) Log(level, message string) {
	c.iso.logs = append(c.iso.logs, LogEntry{Time: time.Now(), Level: level, Message: message})
	c.iso.logger.Debug("console."+level, "route", c.iso.entry, "message", message)
}

// newIsolate starts an isolate and runs the module's top level, within the
// request's deadline: a module that never finishes loading is interrupted
// like a handler that never answers.
func (e *Engine) newIsolate(ctx context.Context, prog *Program, opts Options, deadline time.Time) (*isolate, error) {
	iso := &isolate{rt: goja.New(), entry: prog.Entry, logger: opts.Logger, results: make(chan result, 1), headTimer: time.NewTimer(time.Hour)}
	iso.headTimer.Stop()
	iso.invokePending = iso.runPending
	iso.loop = newLoop(func(p any) {
		iso.broken.Store(true)
		iso.logger.Error("isolate task failed", "route", prog.Entry, "err", p)
	})
	iso.cpu = newCPUMeter(opts.CPULimit, func(used time.Duration) {
		iso.exceed(cpuLimitExceeded(prog.Entry, opts.CPULimit, used))
	})
	iso.loop.beforeTask, iso.loop.endTask = iso.cpu.begin, iso.cpu.end
	go iso.loop.run()
	errc := make(chan error, 1)
	if !iso.loop.Enqueue(func() { errc <- iso.instantiate(e, prog, opts) }) {
		return nil, ErrClosed
	}
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case err := <-errc:
		if err != nil {
			iso.close()
			return nil, err
		}
		if l := iso.limitErr.Load(); l != nil {
			iso.close()
			return nil, l.handlerError() // the module's top level ran past a limit
		}
		return iso, nil
	case <-timer.C:
		iso.close()
		return nil, &HandlerError{Name: "Error", Status: http.StatusGatewayTimeout,
			Message: fmt.Sprintf("FUNCTION_INVOCATION_TIMEOUT: the module's top level of %s did not finish within %s (R-RT-6)", prog.Entry, opts.Timeout)}
	case <-ctx.Done():
		iso.close()
		return nil, ctx.Err()
	}
}

// instantiate installs the globals and runs the module's top level. It runs
// on the loop goroutine.
func (iso *isolate) instantiate(e *Engine, prog *Program, opts Options) error {
	rt := iso.rt
	iso.unhandled = map[*goja.Promise]struct{}{}
	rt.SetPromiseRejectionTracker(func(p *goja.Promise, op goja.PromiseRejectionOperation) {
		if op == goja.PromiseRejectionReject {
			iso.unhandled[p] = struct{}{}
		} else {
			delete(iso.unhandled, p)
		}
	})
	iso.loop.afterTask = iso.reportUnhandled
	b, next, wasmHost, err := e.installHandlerGlobals(rt, webapi.Options{
		Loop:      iso.loop,
		Console:   console{iso},
		Transport: opts.Transport,
		Context:   iso.requestContext,
		Assets: func(name string) ([]byte, bool) {
			data, ok := prog.Assets[name]
			return data, ok
		},
	}, opts)
	if err != nil {
		return err
	}
	iso.bindings, iso.next, iso.prog = b, next, prog
	iso.wasmHost.Store(wasmHost)
	// next/server is an ES module in Next.js: `import * as server` has no
	// `default` (observed on Next 15.5), so the bundle's interop must not
	// add one.
	if err := next.DefineDataProperty("__esModule", rt.ToValue(true), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE); err != nil {
		return fmt.Errorf("mark next/server as an ES module: %w", err)
	}
	if iso.nextHost, err = nextserver.NewHost(rt, next); err != nil {
		return err
	}
	iso.page = pageName(iso.entry)
	if iso.construct, err = iso.nextHost.IncomingConstructor(iso.page); err != nil {
		return err
	}
	if iso.fetchEvent, err = iso.nextHost.FetchEventConstructor(iso.page); err != nil {
		return err
	}
	if iso.streamer, err = b.NewRequestStreamer(); err != nil {
		return err
	}
	if err := iso.installAsyncLocalStorage(); err != nil {
		return err
	}
	if err := iso.installGlobalRequire(); err != nil {
		return err
	}
	iso.onFulfilled = rt.ToValue(func(c goja.FunctionCall) goja.Value {
		iso.settle(c.Argument(0))
		return goja.Undefined()
	})
	iso.onRejected = rt.ToValue(func(c goja.FunctionCall) goja.Value {
		iso.fail(toHandlerError(rt, &goja.Exception{}, c.Argument(0)))
		return goja.Undefined()
	})

	fnVal, err := rt.RunProgram(prog.prog)
	if err != nil {
		iso.initErr = toHandlerError(rt, err)
		return nil
	}
	fn, ok := goja.AssertFunction(fnVal)
	if !ok {
		return fmt.Errorf("compiled route %s is not a module function", prog.Entry)
	}
	module := rt.NewObject()
	exports := rt.NewObject()
	if err := module.Set("exports", exports); err != nil {
		return err
	}
	if _, err := fn(goja.Undefined(), module, exports, rt.ToValue(iso.require)); err != nil {
		iso.initErr = toHandlerError(rt, err)
		return nil
	}
	exportsObj := module.Get("exports").ToObject(rt)
	if prog.AppRoute {
		iso.app = newAppRoute(rt, prog.Entry, exportsObj)
		iso.nextVersion = opts.NextVersion
		return nil
	}
	if h, ok := goja.AssertFunction(exportsObj.Get("default")); ok {
		iso.handler = h
	}
	return nil
}

// installHandlerGlobals gives rt what every handler sees: the Web API
// globals, process.env and the next/server module (whose exports it
// returns). It runs on the runtime's loop goroutine.
func (e *Engine) installHandlerGlobals(rt *goja.Runtime, web webapi.Options, opts Options) (b *webapi.Bindings, next *goja.Object, wasmHost *wasm.Host, err error) {
	rt.SetMaxCallStackSize(4000)
	if b, err = e.globals.Install(rt, web); err != nil {
		return nil, nil, nil, fmt.Errorf("install globals: %w", err)
	}
	defer func() {
		if err != nil {
			if wasmHost != nil {
				_ = wasmHost.Close()
			}
			b.Close()
		}
	}()
	// R-MOD-1, R-RT-3: precompiled modules run; compiling bytes is refused
	// in production and warned about in development, as in next dev.
	wasmHost, err = wasm.Install(rt, e.wasm, wasm.Options{AllowCodeGeneration: opts.Mode == "development", OnWarning: consoleWarning(rt)})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("install WebAssembly: %w", err)
	}
	if err = installProcess(rt, opts); err != nil {
		return nil, nil, nil, fmt.Errorf("install process: %w", err)
	}
	if err = restrictCodeGeneration(rt, opts); err != nil {
		return nil, nil, nil, fmt.Errorf("restrict code generation: %w", err)
	}
	next, err = e.next.Instantiate(rt, nextserver.Options{NextVersion: opts.NextVersion, HeaderGet: b.TrustedHeaderGet()})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("instantiate next/server: %w", err)
	}
	return b, next, wasmHost, nil
}

// consoleWarning reports a platform warning (name and message) through the
// runtime's console.warn, as Next's sandbox warns.
func consoleWarning(rt *goja.Runtime) func(name, message string) {
	return func(name, message string) {
		console, _ := rt.GlobalObject().Get("console").(*goja.Object)
		if console == nil {
			return
		}
		if warn, ok := goja.AssertFunction(console.Get("warn")); ok {
			_, _ = warn(console, rt.ToValue(name+": "+message))
		}
	}
}

// installProcess defines the `process` global with only NODE_ENV,
// NEXT_RUNTIME and the workspace's variables, never the host's (R-RT-4).
func installProcess(rt *goja.Runtime, opts Options) error {
	env := rt.NewObject()
	for k, v := range opts.Env {
		if err := env.Set(k, v); err != nil {
			return err
		}
	}
	mode := opts.Mode
	if mode == "" {
		mode = "production"
	}
	_ = env.Set("NODE_ENV", mode)
	_ = env.Set("NEXT_RUNTIME", "edge")
	proc := rt.NewObject()
	_ = proc.Set("env", env)
	return rt.Set("process", proc)
}

// require answers the bundle's require calls for platform modules.
func (iso *isolate) require(call goja.FunctionCall) goja.Value {
	name := call.Argument(0).String()
	switch name {
	case "next/server":
		return iso.next
	case "next/headers":
		// R-MOD-1: made on first use; answers inside App Router handlers.
		if iso.nextHeaders == nil {
			h, err := iso.nextHost.NewHeaders()
			if err != nil {
				panic(iso.newError(err.Error()))
			}
			iso.nextHeaders = h
		}
		return iso.nextHeaders.Exports
	}
	if id, ok := strings.CutPrefix(name, wasmModulePrefix); ok {
		if m := iso.prog.wasm[id]; m != nil {
			return iso.wasmHost.Load().NewModuleValue(m) // R-MOD-1
		}
		panic(iso.newError(fmt.Sprintf("the WebAssembly module %s was not compiled with this route; save the route to rebuild it", id)))
	}
	if v, ok := iso.nodeModule(name); ok {
		return v
	}
	return iso.unsupportedModule(strings.TrimPrefix(name, "node:"))
}

// unsupportedModuleHelp is the second line of Next.js's message for a Node.js
// module in the Edge Runtime.
const unsupportedModuleHelp = "\nLearn More: https://nextjs.org/docs/messages/node-module-in-edge-runtime"

// unsupportedModule is the stand-in Next.js's edge sandbox gives for a
// Node.js built-in it does not offer (R-RT-2): the import succeeds and
// yields a function; reading a property of it, calling it or constructing
// it throws "The edge runtime does not support Node.js '<name>' module."
// with Next's "Learn More" line. As in Next, reading `then` gives an empty
// object (so awaiting it does not throw) and calling it with a function
// calls that function with the stand-in; `__esModule` reads as undefined so
// the bundle's interop makes the stand-in the default export.
func (iso *isolate) unsupportedModule(name string) goja.Value {
	rt := iso.rt
	msg := fmt.Sprintf("The edge runtime does not support Node.js '%s' module.%s", name, unsupportedModuleHelp)
	target, err := rt.RunProgram(emptyFunction)
	if err != nil {
		panic(err)
	}
	var standIn goja.Proxy
	standIn = rt.NewProxy(target.ToObject(rt), &goja.ProxyTrapConfig{
		Get: func(_ *goja.Object, property string, _ goja.Value) goja.Value {
			switch property {
			case "__esModule", "constructor":
				// constructor too: goja's await reads it even from a
				// non-promise (V8 does not), and a throw there would leave
				// the awaiting function suspended for good.
				return goja.Undefined()
			case "then":
				return rt.NewObject()
			}
			panic(iso.newError(msg))
		},
		Apply: func(_ *goja.Object, _ goja.Value, args []goja.Value) goja.Value {
			if len(args) > 0 {
				if fn, ok := goja.AssertFunction(args[0]); ok {
					v, err := fn(goja.Undefined(), rt.ToValue(standIn))
					if err != nil {
						panic(err)
					}
					return v
				}
			}
			panic(iso.newError(msg))
		},
		Construct: func(*goja.Object, []goja.Value, *goja.Object) *goja.Object {
			panic(iso.newError(msg))
		},
	})
	return rt.ToValue(standIn)
}

// emptyFunction evaluates to a new `function () {}`: callable and
// constructible, the target of a stand-in's proxy.
var emptyFunction = goja.MustCompile("edgeplay:stand-in", "(function () {})", true)

// newError creates a JavaScript Error (not a GoError) with message msg.
func (iso *isolate) newError(msg string) goja.Value {
	if ctor, ok := goja.AssertConstructor(iso.rt.Get("Error")); ok {
		if obj, err := ctor(nil, iso.rt.ToValue(msg)); err == nil {
			return obj
		}
	}
	return iso.rt.ToValue(msg)
}

// result is what a request's settlement carries back to Serve.
type result struct {
	res *Response
	err error
	// settled is set when the request left no event.waitUntil work: its
	// isolate can go back to the pool at once.
	settled bool
}

// serve runs one request. healthy is false when the isolate must be
// discarded (it was interrupted or its loop stopped).
// The head must come by deadline; the handler's own context lasts until
// streamDeadline.
func (iso *isolate) serve(ctx context.Context, req Request, deadline, streamDeadline time.Time, timeout time.Duration) (res *Response, healthy, settled bool, err error) {
	// The handler's own work (fetches, timers) may outlive the response
	// (event.waitUntil), so its context (made on first use, see
	// requestContext) lasts until streamDeadline rather than the client's
	// connection; a disconnect stops it by closing the isolate.
	iso.pending = pendingRequest{req: req, parent: ctx, deadline: streamDeadline}
	if !iso.loop.Enqueue(iso.invokePending) {
		return nil, false, false, ErrClosed
	}
	iso.headTimer.Reset(time.Until(deadline))
	defer iso.headTimer.Stop()
	select {
	case r := <-iso.results:
		return r.res, true, r.settled, r.err
	case <-iso.headTimer.C:
		// The loop may still be running JavaScript, so its logs cannot be read safely.
		return &Response{}, false, false, &HandlerError{
			Name: "Error", Status: http.StatusGatewayTimeout,
			Message: fmt.Sprintf("FUNCTION_INVOCATION_TIMEOUT: the Edge Function did not start its response within %s (R-RT-6)", timeout),
		}
	case <-ctx.Done():
		return nil, false, false, ctx.Err()
	}
}

// pendingRequest is what serve hands to the loop for one request (written
// before Enqueue, read by the task it enqueued).
type pendingRequest struct {
	req      Request
	parent   context.Context
	deadline time.Time
}

// finish answers the current request, once. Loop goroutine.
func (iso *isolate) finish(r result) {
	if iso.answered {
		return
	}
	iso.answered = true
	iso.results <- r
}

// fail answers the current request with an error. Loop goroutine.
func (iso *isolate) fail(herr *HandlerError) {
	if l := iso.limitErr.Load(); l != nil {
		herr = l.handlerError() // whatever failed, the limit stopped it
	}
	iso.reportUnhandled()
	iso.finish(result{res: &Response{Logs: iso.logs, CPUTime: iso.cpu.elapsed()}, err: herr, settled: iso.settledNow()})
}

// settledNow reports whether the request left no event.waitUntil work; if
// so its context ends here, as waitUntilSettled ends it once the work has
// settled. Loop goroutine.
func (iso *isolate) settledNow() bool {
	if iso.event != nil && len(iso.nextHost.WaitUntilPromises(iso.event)) > 0 {
		return false
	}
	iso.endRequestContext()
	return true
}

// requestContext is the context of the request being served, made on first
// use (most handlers never fetch): it ends at the request's stream deadline
// or when the request's work is over, whichever comes first. Loop goroutine.
func (iso *isolate) requestContext() context.Context {
	switch {
	case iso.ctx != nil:
		return iso.ctx
	case iso.ctxParent == nil:
		return endedContext // between requests: nothing may start
	}
	iso.ctx, iso.cancel = context.WithDeadline(context.WithoutCancel(iso.ctxParent), iso.ctxDeadline)
	return iso.ctx
}

// endRequestContext ends the current request's context: its fetches stop.
// Loop goroutine.
func (iso *isolate) endRequestContext() {
	if iso.cancel != nil {
		iso.cancel()
	}
	iso.ctx, iso.cancel, iso.ctxParent = nil, nil, nil
}

// endedContext is the context of work started outside any request.
var endedContext = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

// runPending runs the request serve handed over. Loop goroutine.
func (iso *isolate) runPending() {
	p := iso.pending
	iso.pending = pendingRequest{}
	iso.invoke(p)
}

// invoke calls the handler on the loop goroutine and arranges for finish to
// be called exactly once with the outcome.
func (iso *isolate) invoke(p pendingRequest) {
	iso.endRequestContext() // the previous request's leftovers end with its waitUntil
	// The first request also gets what the module's top level logged.
	if iso.invoked {
		iso.logs = nil
	}
	iso.invoked = true
	iso.answered = false
	iso.cpu.reset()
	iso.ctxParent, iso.ctxDeadline = p.parent, p.deadline
	iso.event = nil
	iso.req = nil
	req := p.req
	iso.reqURL = req.URL
	rt := iso.rt
	fail := iso.fail
	defer func() {
		if r := recover(); r != nil {
			// A Go panic unwound the VM mid-call: this runtime must not
			// serve again.
			iso.broken.Store(true)
			fail(&HandlerError{Name: "Error", Message: fmt.Sprintf("internal error: %v", r), Status: 500})
		}
	}()
	if iso.initErr != nil {
		fail(iso.initErr)
		return
	}
	if iso.handler == nil && iso.app == nil {
		// R-HANDLER-2.
		fail(&HandlerError{Name: "Error", Status: 500,
			Message: fmt.Sprintf("The Edge Function %q must export a `default` function", strings.TrimSuffix(iso.entry, path.Ext(iso.entry))),
			// Next's adapter throws it: its stack is the adapter's.
			Stack: fmt.Sprintf("Error: The Edge Function %q must export a `default` function\n    at adapter (next/server)", strings.TrimSuffix(iso.entry, path.Ext(iso.entry)))})
		return
	}
	var jsReq, nextReq goja.Value
	var err error
	if req.BodyReader != nil && !strings.EqualFold(req.Method, "GET") && !strings.EqualFold(req.Method, "HEAD") {
		jsReq, err = iso.streamer.NewRequest(webapi.IncomingRequest{URL: req.URL, Method: req.Method, Headers: req.Headers}, req.BodyReader)
	} else {
		body := req.Body
		switch {
		case strings.EqualFold(req.Method, "GET") || strings.EqualFold(req.Method, "HEAD"):
			body = nil // a GET or HEAD request must not carry even an empty body
		case body == nil:
			// Other methods carry a body, empty when nothing was sent: in
			// Next.js req.body is a stream even for a DELETE without one
			// (test/nextjs-diff).
			body = []byte{}
		}
		// The common case: the NextRequest is built directly from the
		// incoming request (no intermediate Request to copy).
		jsReq, err = iso.bindings.NewRequest(webapi.IncomingRequest{URL: req.URL, Method: req.Method, Headers: req.Headers, Body: body,
			Construct: iso.construct, ConstructArg: cookieHeader(rt, req.Headers)})
		nextReq = jsReq
	}
	if err != nil {
		fail(toHandlerError(rt, err))
		return
	}
	iso.req = jsReq
	if nextReq == nil {
		if nextReq, err = iso.nextHost.NewRequest(iso.page, jsReq, goja.Undefined()); err != nil {
			fail(toHandlerError(rt, err))
			return
		}
	}
	event, err := iso.fetchEvent()
	if err != nil {
		fail(toHandlerError(rt, err))
		return
	}
	iso.event = event
	var ret goja.Value
	if iso.app != nil {
		if iso.nextHeaders != nil {
			if err := iso.nextHeaders.Begin(nextReq); err != nil {
				fail(toHandlerError(rt, err))
				return
			}
		}
		ret, err = iso.app.call(rt, req.Method, nextReq, req.Params, iso.nextVersion)
	} else {
		ret, err = iso.handler(goja.Undefined(), nextReq, event)
	}
	if err != nil {
		fail(toHandlerError(rt, err))
		return
	}
	if !isPromise(ret) {
		iso.settle(ret)
		return
	}
	// Attaching handlers also marks an already rejected promise as handled.
	then, _ := goja.AssertFunction(ret.ToObject(rt).Get("then"))
	if _, err := then(ret, iso.onFulfilled, iso.onRejected); err != nil {
		fail(toHandlerError(rt, err))
	}
}

var promiseType = reflect.TypeOf((*goja.Promise)(nil))

// isPromise reports whether v is a JavaScript Promise, without exporting
// other objects (Export would copy their properties into a map).
func isPromise(v goja.Value) bool {
	obj, ok := v.(*goja.Object)
	return ok && obj.ExportType() == promiseType
}

// cookieHeader is the value the request's Headers give for "cookie" (its
// cookie headers joined with ", "), or null when it has none.
func cookieHeader(rt *goja.Runtime, headers [][2]string) goja.Value {
	var value string
	found := false
	for _, h := range headers {
		if len(h[0]) != len("cookie") || !strings.EqualFold(h[0], "cookie") {
			continue
		}
		if found {
			value += ", " + h[1]
		} else {
			value, found = h[1], true
		}
	}
	if !found {
		return goja.Null()
	}
	return rt.ToValue(value)
}

// waitUntilSettled returns a channel closed once every promise the request
// gave to event.waitUntil has settled (at once when there are none).
func (iso *isolate) waitUntilSettled() <-chan struct{} {
	done := make(chan struct{})
	var once sync.Once
	closeDone := func() { once.Do(func() { close(done) }) }
	ok := iso.loop.Enqueue(func() {
		// Runs on the loop: once the request's work is over, its context
		// ends too (fetches it did not hand to waitUntil stop here).
		settled := func() {
			iso.endRequestContext()
			closeDone()
		}
		if iso.event == nil {
			settled()
			return
		}
		promises := iso.nextHost.WaitUntilPromises(iso.event)
		if len(promises) == 0 {
			settled()
			return
		}
		rt := iso.rt
		promiseCtor := rt.Get("Promise").ToObject(rt)
		allSettled, _ := goja.AssertFunction(promiseCtor.Get("allSettled"))
		all, err := allSettled(promiseCtor, rt.NewArray(toAny(promises)...))
		if err != nil {
			settled()
			return
		}
		then, _ := goja.AssertFunction(all.ToObject(rt).Get("then"))
		if _, err := then(all, rt.ToValue(func(goja.FunctionCall) goja.Value { settled(); return goja.Undefined() })); err != nil {
			settled()
		}
	})
	if !ok {
		closeDone()
	}
	return done
}

func toAny(vs []goja.Value) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// reportUnhandled hands promises rejected without a handler by the end of a
// task to the handler's 'unhandledrejection' listeners, then logs them, as
// the platform logs unhandled rejections. Runs on the loop goroutine.
func (iso *isolate) reportUnhandled() {
	for p := range iso.unhandled {
		delete(iso.unhandled, p)
		if iso.bindings != nil {
			iso.bindings.UnhandledRejection(p)
		}
		herr := toHandlerError(iso.rt, &goja.Exception{}, p.Result())
		msg := herr.Name + ": " + herr.Message + herr.Causes
		if herr.Stack != "" {
			msg = herr.Stack
		}
		console{iso}.Log("error", "Unhandled Rejection: "+msg)
	}
}

// settle turns the handler's resolved value into a response as Next's
// adapter does (R-HANDLER-3): undefined becomes NextResponse.next(), a
// non-Response is a TypeError, internal headers are stripped.
func (iso *isolate) settle(v goja.Value) {
	fail := iso.fail
	iso.reportUnhandled() // microtasks have run: this request's logs are complete so far
	if v == nil {
		v = goja.Undefined()
	}
	final := v
	if iso.app != nil {
		// R-ROUTE-6: the App Router takes a Response as it is.
		if !iso.bindings.IsResponse(v) {
			fail(iso.app.noResponseError())
			return
		}
		if iso.nextHeaders != nil {
			// The cookies set through next/headers' cookies().
			var err error
			if final, err = iso.nextHeaders.Finish(v); err != nil {
				fail(toHandlerError(iso.rt, err))
				return
			}
		}
	} else {
		var err error
		if final, err = iso.nextHost.FinalizeResponse(v, iso.rt.ToValue(iso.reqURL)); err != nil {
			fail(toHandlerError(iso.rt, err))
			return
		}
	}
	if !iso.bindings.IsResponse(final) {
		fail(&HandlerError{Name: "TypeError", Message: "Expected an instance of Response to be returned", Status: 500})
		return
	}
	iso.bindings.StreamResponse(final, func(out webapi.OutgoingResponse, body *webapi.ResponseBody, err error) {
		if err != nil {
			fail(toHandlerError(iso.rt, err))
			return
		}
		res := &Response{Status: out.Status, StatusText: out.StatusText, Headers: out.Headers, Logs: iso.logs, CPUTime: iso.cpu.elapsed()}
		if body == nil {
			iso.finish(result{res: res, settled: iso.settledNow()})
			return
		}
		// A body at hand (bytes) goes back whole, with no further hop (the
		// fast path). Anything else is a stream, handed over with the head
		// at once, its first chunk already asked for (R-HANDLER-6).
		if whole, ok := body.Whole(); ok {
			res.Body = whole
			iso.finish(result{res: res, settled: iso.settledNow()})
			return
		}
		st := &Stream{iso: iso, body: body, results: make(chan streamResult, 1), reading: true, logs: iso.logs, cpu: res.CPUTime}
		res.Stream = st
		st.read()
		iso.finish(result{res: res})
	})
}

// close interrupts whatever JavaScript is running, stops the isolate's
// timers and fetches, and ends its loop goroutine. Safe from any goroutine.
func (iso *isolate) close() {
	iso.broken.Store(true)
	iso.cpu.stop()
	iso.rt.Interrupt("isolate closed")
	if h := iso.wasmHost.Load(); h != nil {
		h.Interrupt("isolate closed")
	}
	iso.loop.Enqueue(func() {
		if iso.bindings != nil {
			iso.bindings.Close()
		}
		if h := iso.wasmHost.Load(); h != nil {
			_ = h.Close()
		}
	})
	iso.loop.close()
}

// exceed stops the isolate for a limit: the JavaScript running now is
// interrupted, the request fails with the limit's message (and logs it),
// and the isolate closes. Safe from any goroutine; only the first limit
// counts.
func (iso *isolate) exceed(l *limitExceeded) {
	if !iso.limitErr.CompareAndSwap(nil, l) {
		return
	}
	iso.broken.Store(true)
	iso.rt.Interrupt(l)
	if h := iso.wasmHost.Load(); h != nil {
		h.Interrupt(l) // goja's interrupt does not reach running wasm
	}
	iso.logger.Warn("limit exceeded; isolate stopped", "route", iso.entry, "limit", l.code, "max", l.limit, "measured", l.measured)
	iso.loop.Enqueue(func() {
		iso.rt.ClearInterrupt() // what it stopped has stopped
		if h := iso.wasmHost.Load(); h != nil {
			h.ClearInterrupt()
		}
		herr := l.handlerError()
		console{iso}.Log("error", herr.Name+": "+herr.Message)
		iso.fail(herr) // a no-op once the request has its answer
		iso.close()
	})
}

// exceedMemory stops the isolate for the memory limit.
func (iso *isolate) exceedMemory(grown uint64, limit uint64) {
	iso.exceed(memoryLimitExceeded(iso.entry, limit, grown))
}

// toHandlerError describes a Go error from goja (or a rejected value) as a
// JavaScript error with name, message and source-mapped stack.
func toHandlerError(rt *goja.Runtime, err error, rejected ...goja.Value) *HandlerError {
	herr := &HandlerError{Name: "Error", Status: 500}
	var val goja.Value
	var ex *goja.Exception
	var interrupted *goja.InterruptedError
	var overflow *goja.StackOverflowError
	switch {
	case len(rejected) > 0:
		val = rejected[0]
	case errors.As(err, &overflow):
		// R-RT-6: recursion depth ends in V8's RangeError.
		herr.Name, herr.Message = "RangeError", "Maximum call stack size exceeded"
		herr.Stack = v8Stack("RangeError: Maximum call stack size exceeded\n" + overflow.String())
		return herr
	case errors.As(err, &interrupted):
		if l, ok := interrupted.Value().(*limitExceeded); ok {
			return l.handlerError()
		}
		herr.Message = fmt.Sprintf("the handler was interrupted: %v", interrupted.Value())
		return herr
	case errors.As(err, &ex):
		val = ex.Value()
		herr.Stack = v8Stack(ex.String())
	default:
		herr.Message = err.Error()
		return herr
	}
	obj, isObject := val.(*goja.Object)
	herr.NonError = !isObject || obj == nil || obj.ClassName() != "Error"
	if isObject && obj != nil {
		if name := obj.Get("name"); name != nil && !goja.IsUndefined(name) {
			herr.Name = name.String()
		}
		if msg := obj.Get("message"); msg != nil && !goja.IsUndefined(msg) {
			herr.Message = msg.String()
		}
		if st := obj.Get("stack"); st != nil && !goja.IsUndefined(st) {
			herr.Stack = v8Stack(st.String())
		}
		// Print the cause chain as Node does, so "fetch failed" says why.
		for depth, cur := 0, obj; depth < 5; depth++ {
			c, ok := cur.Get("cause").(*goja.Object)
			if !ok {
				break
			}
			desc := c.String()
			if m := c.Get("message"); m != nil && !goja.IsUndefined(m) {
				desc = m.String()
			}
			herr.Causes += " [cause]: " + desc
			cur = c
		}
		return herr
	}
	// A thrown non-Error value (R-HANDLER-4).
	if val != nil {
		herr.Message = val.String()
	}
	return herr
}
