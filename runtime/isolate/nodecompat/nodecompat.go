// Package nodecompat provides the partial Node.js built-ins that Next.js's
// edge sandbox offers through `require('node:…')` (SPEC R-RT-2):
// node:buffer, node:events, node:async_hooks, node:assert and node:util,
// each with exactly the exports Next.js picks from Node's own module.
//
// The modules are Edgeplay's own JavaScript (js/*.js), written from Node
// 20's observed behaviour (the tests hold values recorded from Node 20).
// The files are concatenated into one function expression, compiled once
// into a [goja.Program] by [New] and shared by every runtime;
// [Library.Module] evaluates it in a runtime on first use (the shared
// internals: errors, inspect, type checks) and evaluates each module's own
// file when that module is first required, so an isolate that never
// requires a node: module pays nothing, and one that does gets the same
// object on every require call (as Node's module cache does).
//
// Byte-level work that JavaScript does slowly in goja (UTF-8 and base64)
// runs in Go host functions handed to the JavaScript in a closure.
// AsyncLocalStorage follows promise reactions and await through goja's
// AsyncContextTracker, which the first AsyncLocalStorage.run or enterWith
// installs on the runtime (js/async_hooks.js says what differs from Node).
//
// Like everything that touches a goja.Runtime, [Library.Module] must be
// called on the goroutine that owns the runtime. A [Library] holds no
// per-runtime state in Go and may be shared by any number of runtimes.
package nodecompat

import (
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/dop251/goja"
)

//go:embed js/*.js
var jsFiles embed.FS

// sourceFile is one embedded JavaScript file. A file with a define name is
// wrapped in `function <define>() { …; return <make>; }` and so evaluated
// only when its module is first required; the others (shared internals)
// run when the library is first evaluated in a runtime.
type sourceFile struct {
	name, define, make string
}

// sourceFiles are the sources in evaluation order.
var sourceFiles = []sourceFile{
	{name: "internal.js"},
	{name: "inspect.js"},
	{name: "types.js"},
	{name: "buffer.js", define: "defineBuffer", make: "makeBufferModule"},
	{name: "events.js", define: "defineEvents", make: "makeEventsModule"},
	{name: "util.js", define: "defineUtil", make: "makeUtilModule"},
	{name: "assert.js", define: "defineAssert", make: "makeAssertModule"},
	{name: "async_hooks.js", define: "defineAsyncHooks", make: "makeAsyncHooksModule"},
	{name: "loader.js"},
}

// Names are the module ids Library.Module answers, as Next.js registers
// them (context.ts's NativeModuleMap).
var Names = []string{"node:buffer", "node:events", "node:async_hooks", "node:assert", "node:util"}

// Library is the compiled JavaScript of the modules, shared by every
// runtime of the process.
type Library struct {
	program *goja.Program
}

// New compiles the modules' JavaScript.
func New() (*Library, error) {
	var b strings.Builder
	b.WriteString("(function (host) {'use strict';")
	for _, f := range sourceFiles {
		src, err := jsFiles.ReadFile("js/" + f.name)
		if err != nil {
			return nil, fmt.Errorf("nodecompat: read %s: %w", f.name, err)
		}
		b.WriteString("\n// ---- " + f.name + "\n")
		if f.define != "" {
			b.WriteString("function " + f.define + "() {\n")
		}
		b.Write(src)
		if f.define != "" {
			b.WriteString("\nreturn " + f.make + ";\n}\n")
		}
	}
	b.WriteString("\nreturn loadModule;\n})")
	program, err := goja.Compile("edgeplay:node-builtins.js", b.String(), true)
	if err != nil {
		return nil, fmt.Errorf("nodecompat: compile: %w", err)
	}
	return &Library{program: program}, nil
}

// Loader gives one runtime its node: modules; each is built on first use
// and the same object is returned afterwards. Use it on the goroutine that
// owns the runtime.
type Loader struct {
	rt   *goja.Runtime
	lib  *Library
	load goja.Callable // nil until the first Module call
}

// NewLoader returns rt's loader; the library's JavaScript runs in rt only
// when a module is first asked for.
func (l *Library) NewLoader(rt *goja.Runtime) *Loader { return &Loader{rt: rt, lib: l} }

// Module returns the exports object of the node: module name (one of
// [Names]), building it on first use; ok is false for any other name,
// including the same modules without the `node:` prefix (R-RT-2: only the
// prefixed ids are offered).
func (ld *Loader) Module(name string) (goja.Value, bool, error) {
	if !isName(name) {
		return nil, false, nil
	}
	if ld.load == nil {
		load, err := ld.lib.instantiate(ld.rt)
		if err != nil {
			return nil, false, err
		}
		ld.load = load
	}
	v, err := ld.load(goja.Undefined(), ld.rt.ToValue(name))
	if err != nil {
		return nil, false, fmt.Errorf("nodecompat: load %s: %w", name, err)
	}
	return v, true, nil
}

func isName(name string) bool {
	for _, n := range Names {
		if n == name {
			return true
		}
	}
	return false
}

// instantiate evaluates the library in rt and returns its module loader.
func (l *Library) instantiate(rt *goja.Runtime) (goja.Callable, error) {
	v, err := rt.RunProgram(l.program)
	if err != nil {
		return nil, fmt.Errorf("nodecompat: evaluate: %w", err)
	}
	factory, ok := goja.AssertFunction(v)
	if !ok {
		return nil, errors.New("nodecompat: library did not evaluate to a function")
	}
	lv, err := factory(goja.Undefined(), newHost(rt))
	if err != nil {
		return nil, fmt.Errorf("nodecompat: instantiate: %w", err)
	}
	fn, ok := goja.AssertFunction(lv)
	if !ok {
		return nil, errors.New("nodecompat: library did not return a loader")
	}
	return fn, nil
}

// newHost builds the Go functions the JavaScript uses.
func newHost(rt *goja.Runtime) *goja.Object {
	h := rt.NewObject()
	bytesOf := func(v goja.Value) []byte {
		var b []byte
		if err := rt.ExportTo(v, &b); err != nil {
			panic(rt.NewTypeError("expected a Uint8Array"))
		}
		return b
	}
	set := func(name string, fn func(goja.FunctionCall) goja.Value) {
		_ = h.Set(name, fn)
	}
	// utf8Encode(string) → ArrayBuffer; lone surrogates become U+FFFD.
	set("utf8Encode", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(rt.NewArrayBuffer([]byte(c.Argument(0).String())))
	})
	// utf8Decode(uint8array) → string, per the Encoding Standard.
	set("utf8Decode", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(decodeUTF8(bytesOf(c.Argument(0))))
	})
	// base64Encode(uint8array, url) → string.
	set("base64Encode", func(c goja.FunctionCall) goja.Value {
		b := bytesOf(c.Argument(0))
		if c.Argument(1).ToBoolean() {
			return rt.ToValue(base64.RawURLEncoding.EncodeToString(b))
		}
		return rt.ToValue(base64.StdEncoding.EncodeToString(b))
	})
	// base64Decode(string) → ArrayBuffer, as leniently as Node.
	set("base64Decode", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(rt.NewArrayBuffer(decodeBase64(c.Argument(0).String())))
	})
	// promiseState(p) → "pending" | "fulfilled" | "rejected" | undefined.
	// The async context frame of node:async_hooks, carried across promise
	// reactions by goja's AsyncContextTracker once tracking is enabled.
	tr := &tracker{}
	set("getFrame", func(goja.FunctionCall) goja.Value {
		if tr.cur == nil {
			return goja.Undefined()
		}
		return tr.cur
	})
	set("setFrame", func(c goja.FunctionCall) goja.Value {
		tr.cur = c.Argument(0)
		if goja.IsUndefined(tr.cur) {
			tr.cur = nil
		}
		return goja.Undefined()
	})
	set("enableTracking", func(goja.FunctionCall) goja.Value {
		if !tr.enabled {
			tr.enabled = true
			rt.SetAsyncContextTracker(tr)
		}
		return goja.Undefined()
	})
	set("promiseState", func(c goja.FunctionCall) goja.Value {
		p, ok := c.Argument(0).Export().(*goja.Promise)
		if !ok {
			return goja.Undefined()
		}
		switch p.State() {
		case goja.PromiseStateFulfilled:
			return rt.ToValue("fulfilled")
		case goja.PromiseStateRejected:
			return rt.ToValue("rejected")
		}
		return rt.ToValue("pending")
	})
	// promiseResult(p) → the settled value of p.
	set("promiseResult", func(c goja.FunctionCall) goja.Value {
		if p, ok := c.Argument(0).Export().(*goja.Promise); ok && p.State() != goja.PromiseStatePending {
			return p.Result()
		}
		return goja.Undefined()
	})
	return h
}

// tracker implements goja.AsyncContextTracker for AsyncLocalStorage: the
// frame current when a promise reaction is registered (then, await) is the
// frame while the reaction runs; outside reactions the frame is whatever
// the synchronous code set (run() restores it on return).
type tracker struct {
	cur     goja.Value // nil: the empty frame
	enabled bool
}

// Grab captures the current frame.
func (t *tracker) Grab() any { return t.cur }

// Resumed restores the frame captured by Grab.
func (t *tracker) Resumed(v any) {
	t.cur, _ = v.(goja.Value)
}

// Exited returns to the empty frame: reactions run from the job queue, at
// the top of the stack, never nested in other JavaScript.
func (t *tracker) Exited() { t.cur = nil }

// decodeUTF8 decodes b, replacing each maximal ill-formed subsequence with
// U+FFFD as the Encoding Standard's UTF-8 decoder (and Node) do.
func decodeUTF8(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			sb.WriteByte(c)
			i++
			continue
		}
		var need int
		var cp rune
		lower, upper := byte(0x80), byte(0xBF)
		switch {
		case c >= 0xC2 && c <= 0xDF:
			need, cp = 1, rune(c&0x1F)
		case c >= 0xE0 && c <= 0xEF:
			if c == 0xE0 {
				lower = 0xA0
			} else if c == 0xED {
				upper = 0x9F
			}
			need, cp = 2, rune(c&0x0F)
		case c >= 0xF0 && c <= 0xF4:
			if c == 0xF0 {
				lower = 0x90
			} else if c == 0xF4 {
				upper = 0x8F
			}
			need, cp = 3, rune(c&0x07)
		default:
			sb.WriteRune(0xFFFD)
			i++
			continue
		}
		j := i + 1
		ok := true
		for k := 0; k < need; k++ {
			if j >= len(b) || b[j] < lower || b[j] > upper {
				ok = false
				break
			}
			cp = cp<<6 | rune(b[j]&0x3F)
			lower, upper = 0x80, 0xBF
			j++
		}
		if !ok {
			sb.WriteRune(0xFFFD)
			i = j
			continue
		}
		sb.WriteRune(cp)
		i = j
	}
	return sb.String()
}

// decodeBase64 decodes s the way Node's Buffer does: both alphabets,
// characters outside them skipped, decoding stops at the first '=', and a
// trailing single sextet is dropped.
func decodeBase64(s string) []byte {
	out := make([]byte, 0, len(s)*3/4)
	var acc uint32
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var v byte
		switch {
		case c >= 'A' && c <= 'Z':
			v = c - 'A'
		case c >= 'a' && c <= 'z':
			v = c - 'a' + 26
		case c >= '0' && c <= '9':
			v = c - '0' + 52
		case c == '+' || c == '-':
			v = 62
		case c == '/' || c == '_':
			v = 63
		case c == '=':
			i = len(s)
			continue
		default:
			continue
		}
		acc = acc<<6 | uint32(v)
		n++
		if n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 2:
		out = append(out, byte(acc>>4))
	case 3:
		out = append(out, byte(acc>>10), byte(acc>>2))
	}
	return out
}
