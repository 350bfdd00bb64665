package wasm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/sys"
)

// Options configures a Host.
type Options struct {
	// Context, when set, is consulted at every call from JavaScript into
	// wasm (and for start functions); when the context it returns is done,
	// the running wasm stops (R-RT-6 wall-time limits can flow in here).
	// Host.Interrupt works with or without it.
	Context func() context.Context
	// AllowCodeGeneration lets `new WebAssembly.Module(bytes)`,
	// `WebAssembly.compile`, `instantiate(bytes)` and the streaming forms
	// compile, as `next dev` does (R-RT-3, development mode). Off, they
	// fail as on Vercel and `next start`: CompileError "Wasm code
	// generation disallowed by embedder".
	AllowCodeGeneration bool
	// OnWarning receives Next's DynamicWasmCodeGenerationWarning (name,
	// message) the first time compile or instantiate-from-bytes runs in a
	// Host with AllowCodeGeneration. Nil: no warning.
	OnWarning func(name, message string)
}

// Next.js's development warnings for run-time wasm compilation (R-RT-3).
const (
	dynamicWasmWarning            = "DynamicWasmCodeGenerationWarning"
	dynamicWasmCompileMessage     = "Dynamic WASM code generation (e. g. 'WebAssembly.compile') not allowed in Edge Runtime.\nLearn More: https://nextjs.org/docs/messages/edge-dynamic-code-evaluation"
	dynamicWasmInstantiateMessage = "Dynamic WASM code generation ('WebAssembly.instantiate' with a buffer parameter) not allowed in Edge Runtime.\nLearn More: https://nextjs.org/docs/messages/edge-dynamic-code-evaluation"
)

// Host is the WebAssembly API installed on one goja runtime. Its methods,
// except Interrupt and ClearInterrupt, must be called on the runtime's
// goroutine.
type Host struct {
	rt   *goja.Runtime
	e    *Engine
	opts Options

	wrapModule, wrapMemory, wrapGlobal, wrapTable, unwrap, freeze, arrayFrom goja.Callable
	compileError, linkError, runtimeError                                    *goja.Object
	builtinErrors                                                            map[string]*goja.Object

	mu          sync.Mutex // guards the interrupt state below
	runCtx      context.Context
	cancel      context.CancelFunc
	interrupted bool
	reason      any

	instances  []api.Module
	compiled   []wazero.CompiledModule
	memories   []*memoryRef
	globals    []*globalRef
	tables     []*tableRef
	funcs      map[funcKey]*funcRef
	funcObjs   map[*goja.Object]*funcRef
	tableFuncs map[uint64]*funcRef // by function reference
	types      []funcType          // every function type of the instantiated modules
	modObjs    map[*Module]goja.Value
	externs    []goja.Value // externref values by handle-1
	// undefinedRef is the handle of `undefined`, shared by all its uses.
	undefinedRef uint64
	warned       map[string]bool
	closed       bool
}

// funcKey identifies an exported function.
type funcKey struct {
	mod  api.Module
	name string
}

// funcRef is a wasm function seen from JS (an Exported Function).
type funcRef struct {
	mod    api.Module // exporting instance; nil for a function read from a table
	name   string     // export name; "" for a function read from a table
	params []byte
	result []byte
	idle   []api.Function // re-entrant calls each need their own
	newFn  func() (api.Function, error)
	obj    *goja.Object
}

// memoryRef is a wasm memory seen from JS.
type memoryRef struct {
	mod    api.Module // the instance exporting it
	name   string
	mem    api.Memory
	obj    *goja.Object
	buf    goja.ArrayBuffer
	bufVal goja.Value
	bufLen uint32
}

// globalRef is a wasm global seen from JS.
type globalRef struct {
	mod     api.Module
	name    string
	g       api.Global
	val     byte
	mutable bool
	obj     *goja.Object
}

// tableRef is a wasm table seen from JS.
type tableRef struct {
	mod  api.Module
	name string
	elem byte
	lim  limits
	obj  *goja.Object
	// helper is the instance of tableHelper(elem, name) bound to this table,
	// made on first use.
	helper api.Module
}

// jsThrow carries a JavaScript throw (or goja interrupt) from a JS import
// through wasm frames back to the JS caller of the export.
type jsThrow struct{ v any }

func (j *jsThrow) Error() string { return fmt.Sprintf("JavaScript exception: %v", j.v) }

// Install defines the `WebAssembly` global on rt as the Edge Runtime has it
// (R-RT-1, R-RT-3, R-MOD-1) and returns the Host that owns the instances.
func Install(rt *goja.Runtime, e *Engine, opts Options) (*Host, error) {
	prg, err := shimProgram()
	if err != nil {
		return nil, fmt.Errorf("wasm: compile WebAssembly shim: %w", err)
	}
	h := &Host{rt: rt, e: e, opts: opts,
		funcs: map[funcKey]*funcRef{}, funcObjs: map[*goja.Object]*funcRef{}, tableFuncs: map[uint64]*funcRef{}, modObjs: map[*Module]goja.Value{}, warned: map[string]bool{}}
	h.runCtx, h.cancel = context.WithCancel(context.Background())
	h.builtinErrors = map[string]*goja.Object{}
	for _, name := range []string{"TypeError", "RangeError", "SyntaxError"} {
		h.builtinErrors[name] = rt.Get(name).ToObject(rt)
	}
	factory, err := rt.RunProgram(prg)
	if err != nil {
		return nil, fmt.Errorf("wasm: run WebAssembly shim: %w", err)
	}
	call, ok := goja.AssertFunction(factory)
	if !ok {
		return nil, errors.New("wasm: WebAssembly shim is not a function")
	}
	res, err := call(goja.Undefined(), h.natives())
	if err != nil {
		return nil, fmt.Errorf("wasm: build WebAssembly namespace: %w", err)
	}
	o := res.ToObject(rt)
	fn := func(name string) goja.Callable {
		f, _ := goja.AssertFunction(o.Get(name))
		return f
	}
	h.wrapModule, h.wrapMemory, h.wrapGlobal, h.wrapTable = fn("wrapModule"), fn("wrapMemory"), fn("wrapGlobal"), fn("wrapTable")
	h.unwrap, h.freeze, h.arrayFrom = fn("unwrap"), fn("freeze"), fn("arrayFrom")
	h.compileError = o.Get("CompileError").ToObject(rt)
	h.linkError = o.Get("LinkError").ToObject(rt)
	h.runtimeError = o.Get("RuntimeError").ToObject(rt)
	if err := rt.GlobalObject().DefineDataProperty("WebAssembly", o.Get("WebAssembly"), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return nil, fmt.Errorf("wasm: define WebAssembly global: %w", err)
	}
	return h, nil
}

// NewModuleValue returns the `WebAssembly.Module` object for a module the
// bundler compiled (`import mod from './x.wasm?module'`, R-MOD-1). The same
// Module gives the same object.
func (h *Host) NewModuleValue(m *Module) goja.Value {
	if v, ok := h.modObjs[m]; ok {
		return v
	}
	v := h.mustCall(h.wrapModule, h.rt.ToValue(m))
	h.modObjs[m] = v
	return v
}

// Interrupt stops the wasm code running now (and any started later, until
// ClearInterrupt) and makes goja raise an InterruptedError carrying v once
// control is back in JavaScript — call it beside rt.Interrupt(v). The
// instance whose export was running is closed by wazero and unusable
// afterwards. Safe from any goroutine.
func (h *Host) Interrupt(v any) {
	h.mu.Lock()
	h.interrupted, h.reason = true, v
	cancel := h.cancel
	h.mu.Unlock()
	cancel()
}

// ClearInterrupt lets wasm run again after Interrupt, as goja's
// Runtime.ClearInterrupt does for JavaScript. Safe from any goroutine.
func (h *Host) ClearInterrupt() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.interrupted {
		return
	}
	h.cancel()
	h.runCtx, h.cancel = context.WithCancel(context.Background())
	h.interrupted, h.reason = false, nil
}

// Close releases every instance and internal module of the Host and
// detaches the ArrayBuffers it handed out. Later calls into wasm fail.
func (h *Host) Close() error {
	if h.closed {
		return nil
	}
	h.closed = true
	h.mu.Lock()
	h.cancel()
	h.mu.Unlock()
	ctx := context.Background()
	var errs []error
	for _, m := range h.instances {
		if err := m.Close(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	for _, c := range h.compiled {
		if err := c.Close(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	for _, m := range h.memories {
		if m.bufVal != nil {
			m.buf.Detach()
			m.bufVal = nil
		}
	}
	h.instances, h.compiled, h.memories, h.globals, h.tables, h.externs, h.undefinedRef = nil, nil, nil, nil, nil, nil, 0
	h.funcs, h.funcObjs, h.tableFuncs, h.modObjs = map[funcKey]*funcRef{}, map[*goja.Object]*funcRef{}, map[uint64]*funcRef{}, map[*Module]goja.Value{}
	h.types = nil
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("wasm: close host: %w", err)
	}
	return nil
}

// callContext is the context for one call into wasm.
func (h *Host) callContext() (context.Context, func()) {
	h.mu.Lock()
	base := h.runCtx
	h.mu.Unlock()
	if h.opts.Context == nil {
		return base, func() {}
	}
	c := h.opts.Context()
	if c == nil || c.Done() == nil {
		return base, func() {}
	}
	ctx, cancel := context.WithCancel(base)
	stop := context.AfterFunc(c, cancel)
	return ctx, func() { stop(); cancel() }
}

func (h *Host) mustCall(f goja.Callable, args ...goja.Value) goja.Value {
	v, err := f(goja.Undefined(), args...)
	if err != nil {
		panic(err)
	}
	return v
}

// newError builds an error of a built-in class (TypeError, RangeError,
// SyntaxError), using the constructors as they were at Install.
func (h *Host) newError(ctor string, msg string) *goja.Object {
	c := h.builtinErrors[ctor]
	o, err := h.rt.New(c, h.rt.ToValue(msg))
	if err != nil {
		panic(err)
	}
	return o
}

func (h *Host) newWasmError(c *goja.Object, msg string) *goja.Object {
	o, err := h.rt.New(c, h.rt.ToValue(msg))
	if err != nil {
		panic(err)
	}
	return o
}

// v8Traps maps wazero's trap messages to V8's (message-template.h).
var v8Traps = map[string]string{
	"unreachable":                   "unreachable",
	"integer divide by zero":        "divide by zero",
	"integer overflow":              "divide result unrepresentable",
	"invalid conversion to integer": "float unrepresentable in integer range",
	"out of bounds memory access":   "memory access out of bounds",
	"invalid table access":          "table index is out of bounds",
	"indirect call type mismatch":   "null function or function signature mismatch",
	"null reference":                "dereferencing a null pointer",
	"unaligned atomic":              "operation does not support unaligned accesses",
}

// throwCallError turns an error from wazero into the JS throw the JS-API
// prescribes. It returns (undefined) only when the Host was interrupted:
// goja then raises its InterruptedError at the next instruction.
func (h *Host) throwCallError(err error, linking string) goja.Value {
	var jt *jsThrow
	if errors.As(err, &jt) {
		panic(jt.v)
	}
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		h.mu.Lock()
		interrupted, reason := h.interrupted, h.reason
		h.mu.Unlock()
		if interrupted {
			h.rt.Interrupt(reason)
			return goja.Undefined()
		}
		panic(h.newWasmError(h.runtimeError, "wasm execution stopped: "+exit.Error()))
	}
	msg := err.Error()
	reason, isTrap := msg, false
	if i := strings.Index(msg, "wasm error: "); i >= 0 {
		reason, isTrap = msg[i+len("wasm error: "):], true
	}
	if j := strings.IndexByte(reason, '\n'); j >= 0 {
		reason = reason[:j]
	}
	if reason == "stack overflow" {
		panic(h.newError("RangeError", "Maximum call stack size exceeded"))
	}
	if v8, ok := v8Traps[reason]; ok {
		panic(h.newWasmError(h.runtimeError, v8))
	}
	if isTrap {
		panic(h.newWasmError(h.runtimeError, reason))
	}
	if linking != "" {
		panic(h.newWasmError(h.linkError, linking+": "+msg))
	}
	panic(h.newWasmError(h.runtimeError, msg))
}
