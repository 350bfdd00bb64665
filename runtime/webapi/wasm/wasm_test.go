package wasm

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// addModule: (func (export "add") (param i32 i32) (result i32) ...).
func addModule() *encoder {
	e := &encoder{}
	e.exportFunc("add", sig(vals(i32, i32), i32), opLocalGet, 0, opLocalGet, 1, opI32Add)
	return e
}

// i64Module: (func (export "add64") (param i64 i64) (result i64) ...).
func i64Module() *encoder {
	e := &encoder{}
	e.exportFunc("add64", sig(vals(i64, i64), i64), opLocalGet, 0, opLocalGet, 1, opI64Add)
	return e
}

// trapModule exports functions that trap in different ways.
func trapModule() *encoder {
	e := &encoder{mems: []limits{{min: 1, max: 1, hasMax: true}}}
	e.exportFunc("unreachable", sig(nil), opUnreachable)
	e.exportFunc("div", sig(vals(i32, i32), i32), opLocalGet, 0, opLocalGet, 1, opI32DivS)
	e.exportFunc("oob", sig(nil, i32), opI32Const, 0x80, 0x80, 0x04, opI32Load8U, 0, 0) // load8_u at 65536
	e.exportFunc("recurse", sig(nil), opCall, 3)
	return e
}

// importModule imports env.cb (i32)->i32 and exports run(x) = cb(x)+1 and
// inner(x) = x+x (for re-entrancy).
func importModule() *encoder {
	e := &encoder{}
	e.importFunc("env", "cb", sig(vals(i32), i32))
	e.exportFunc("run", sig(vals(i32), i32), opLocalGet, 0, opCall, 0, opI32Const, 1, opI32Add)
	e.exportFunc("inner", sig(vals(i32), i32), opLocalGet, 0, opLocalGet, 0, opI32Add)
	return e
}

// memoryModule exports a 1-page memory holding "hi" at 0, load(addr),
// store(addr, v) and grow(pages).
func memoryModule() *encoder {
	e := &encoder{mems: []limits{{min: 1, max: 4, hasMax: true}}, data: []dataSeg{{offset: 0, bytes: []byte("hi")}}}
	e.exports = append(e.exports, exportDesc{name: "memory", kind: kindMemory})
	e.exportFunc("load", sig(vals(i32), i32), opLocalGet, 0, opI32Load8U, 0, 0)
	e.exportFunc("store", sig(vals(i32, i32)), opLocalGet, 0, opLocalGet, 1, opI32Store8, 0, 0)
	e.exportFunc("grow", sig(vals(i32), i32), opLocalGet, 0, opMemoryGrow, 0)
	return e
}

// importedMemoryModule imports env.mem (min 1) and exports store/load.
func importedMemoryModule() *encoder {
	e := &encoder{}
	e.imports = append(e.imports, importDesc{module: "env", name: "mem", typ: externType{kind: kindMemory, lim: limits{min: 1}}})
	e.exportFunc("load", sig(vals(i32), i32), opLocalGet, 0, opI32Load8U, 0, 0)
	e.exportFunc("store", sig(vals(i32, i32)), opLocalGet, 0, opLocalGet, 1, opI32Store8, 0, 0)
	return e
}

// globalModule imports env.g (mut i32), defines an exported mutable f64
// "counter" = 1.5, and exports bump() which adds 1 to env.g.
func globalModule() *encoder {
	e := &encoder{}
	e.imports = append(e.imports, importDesc{module: "env", name: "g", typ: externType{kind: kindGlobal, val: i32, mutable: true}})
	e.globals = []globalDef{{val: f64, mutable: true, init: constExpr(f64, 0x3ff8000000000000)}}
	e.exports = append(e.exports, exportDesc{name: "counter", kind: kindGlobal, index: 1})
	e.exportFunc("bump", sig(nil), opGlobalGet, 0, opI32Const, 1, opI32Add, opGlobalSet, 0)
	return e
}

// tableModule imports env.t (externref, min 1), exports a table "own"
// and put(i, v) / get(i) on the imported one.
func tableModule() *encoder {
	e := &encoder{}
	e.imports = append(e.imports, importDesc{module: "env", name: "t", typ: externType{kind: kindTable, elem: valExternref, lim: limits{min: 1}}})
	e.tables = []externType{{kind: kindTable, elem: valExternref}}
	e.exports = append(e.exports, exportDesc{name: "own", kind: kindTable, index: 1})
	e.exportFunc("put", sig(vals(i32, valExternref)), opLocalGet, 0, opLocalGet, 1, 0x26, 0)
	e.exportFunc("get", sig(vals(i32), valExternref), opLocalGet, 0, 0x25, 0)
	return e
}

// growCallModule exports memory (1 page) and growCall(), which grows the
// memory by a page and then calls env.cb.
func growCallModule() *encoder {
	e := &encoder{mems: []limits{{min: 1, max: 4, hasMax: true}}}
	e.importFunc("env", "cb", sig(nil))
	e.exports = append(e.exports, exportDesc{name: "memory", kind: kindMemory})
	e.exportFunc("growCall", sig(nil), opI32Const, 1, opMemoryGrow, 0, opDrop, opCall, 0)
	return e
}

// callThenLoadModule exports memory (1 page) and callThenLoad(), which
// calls env.cb and then loads the byte at 70000 (in the second page).
func callThenLoadModule() *encoder {
	e := &encoder{mems: []limits{{min: 1, max: 4, hasMax: true}}}
	e.importFunc("env", "cb", sig(nil))
	e.exports = append(e.exports, exportDesc{name: "memory", kind: kindMemory})
	e.exportFunc("callThenLoad", sig(nil, i32), opCall, 0, opI32Const, 0xf0, 0xa2, 0x04, opI32Load8U, 0, 0)
	return e
}

// funcTableModule exports a funcref table "tab" of 3 entries holding
// add(i32, i32) at 0 and inc(i64) at 1.
func funcTableModule() *encoder {
	e := &encoder{tables: []externType{{kind: kindTable, elem: valFuncref, lim: limits{min: 3}}}}
	add := e.function(sig(vals(i32, i32), i32), nil, []byte{opLocalGet, 0, opLocalGet, 1, opI32Add})
	inc := e.function(sig(vals(i64), i64), nil, []byte{opLocalGet, 0, 0x42, 1, opI64Add})
	e.elems = []elemSeg{{offset: 0, funcs: []uint32{add, inc}}}
	e.exports = append(e.exports, exportDesc{name: "tab", kind: kindTable})
	return e
}

// loopModule exports spin(), an infinite loop.
func loopModule() *encoder {
	e := &encoder{}
	e.exportFunc("spin", sig(nil), opLoop, 0x40, opBr, 0, opEnd)
	return e
}

func TestWebAssembly(t *testing.T) {
	tests := []struct {
		name    string
		modules map[string]func() *encoder
		src     string
		want    string
	}{
		{"add", map[string]func() *encoder{"mod": addModule},
			`return new WebAssembly.Instance(mod, {}).exports.add(2, 40)`, "42"},
		{"add wraps with ToInt32", map[string]func() *encoder{"mod": addModule},
			`const {add} = new WebAssembly.Instance(mod).exports; return [add(2**31, 0), add('7', true), add(2**32 + 5, 0.9)].join()`, "-2147483648,8,5"},
		{"exported function name and length", map[string]func() *encoder{"mod": addModule},
			`const f = new WebAssembly.Instance(mod).exports.add; return f.name + '/' + f.length`, "0/2"},
		{"exports frozen, null prototype", map[string]func() *encoder{"mod": addModule},
			`const x = new WebAssembly.Instance(mod).exports; return [Object.isFrozen(x), Object.getPrototypeOf(x)].join()`, "true,"},
		{"instance brand", map[string]func() *encoder{"mod": addModule},
			`const i = new WebAssembly.Instance(mod); return [i instanceof WebAssembly.Instance, String(i), mod instanceof WebAssembly.Module, String(mod)].join()`,
			"true,[object WebAssembly.Instance],true,[object WebAssembly.Module]"},
		{"i64 BigInt round trip", map[string]func() *encoder{"mod": i64Module},
			`const {add64} = new WebAssembly.Instance(mod).exports; return [add64(2n**63n-1n, 1n), add64(-5n, 2n), typeof add64(1n, 1n), add64(true, '41')].join()`,
			"-9223372036854775808,-3,bigint,42"},
		{"i64 refuses a Number", map[string]func() *encoder{"mod": i64Module},
			`return new WebAssembly.Instance(mod).exports.add64(1, 2)`, "throw TypeError: Cannot convert 1 to a BigInt"},
		{"imported JS function", map[string]func() *encoder{"mod": importModule},
			`const seen = []; const i = new WebAssembly.Instance(mod, {env: {cb: (x) => { seen.push(x); return x * 10 }}}); return i.exports.run(4) + ':' + seen`, "41:4"},
		{"callback re-entrancy", map[string]func() *encoder{"mod": importModule},
			`let inst; inst = new WebAssembly.Instance(mod, {env: {cb: (x) => x > 0 ? inst.exports.run(x - 1) + inst.exports.inner(x) : 0}}); return inst.exports.run(3)`,
			"16"},
		{"JS exception through wasm keeps identity", map[string]func() *encoder{"mod": importModule},
			`const boom = new Error('boom'); const i = new WebAssembly.Instance(mod, {env: {cb: () => { throw boom }}}); try { i.exports.run(1) } catch (e) { return e === boom }`, "true"},
		{"import result converted", map[string]func() *encoder{"mod": importModule},
			`return new WebAssembly.Instance(mod, {env: {cb: () => '2.9'}}).exports.run(0)`, "3"},
		{"wasm function as import", map[string]func() *encoder{"add": addModule, "imp": importModule},
			`const inner = new WebAssembly.Instance(imp, {env: {cb: (x) => x}}).exports.inner; return new WebAssembly.Instance(imp, {env: {cb: inner}}).exports.run(5)`, "11"},
		{"wasm function of the wrong type", map[string]func() *encoder{"add": addModule, "imp": importModule},
			`const a = new WebAssembly.Instance(add).exports.add; return new WebAssembly.Instance(imp, {env: {cb: a}})`,
			`throw LinkError: WebAssembly.Instance(): Import #0 "env" "cb": imported function does not match the expected type`},
		{"missing import is a LinkError", map[string]func() *encoder{"mod": importModule},
			`try { new WebAssembly.Instance(mod, {env: {}}) } catch (e) { return [e instanceof WebAssembly.LinkError, e instanceof Error, e.name, e.message].join('|') }`,
			`true|true|LinkError|WebAssembly.Instance(): Import #0 "env" "cb": function import requires a callable`},
		{"missing import module is a TypeError", map[string]func() *encoder{"mod": importModule},
			`return new WebAssembly.Instance(mod, {})`, `throw TypeError: WebAssembly.Instance(): Import #0 "env": module is not an object or function`},
		{"missing imports object", map[string]func() *encoder{"mod": importModule},
			`return new WebAssembly.Instance(mod)`, `throw TypeError: WebAssembly.Instance(): Imports argument must be present and must be an object`},
		{"trap unreachable", map[string]func() *encoder{"mod": trapModule},
			`try { new WebAssembly.Instance(mod).exports.unreachable() } catch (e) { return [e instanceof WebAssembly.RuntimeError, e instanceof Error, e.name, e.message].join('|') }`,
			"true|true|RuntimeError|unreachable"},
		{"trap divide by zero", map[string]func() *encoder{"mod": trapModule},
			`return new WebAssembly.Instance(mod).exports.div(1, 0)`, "throw RuntimeError: divide by zero"},
		{"trap divide overflow", map[string]func() *encoder{"mod": trapModule},
			`return new WebAssembly.Instance(mod).exports.div(-(2**31), -1)`, "throw RuntimeError: divide result unrepresentable"},
		{"trap out of bounds", map[string]func() *encoder{"mod": trapModule},
			`return new WebAssembly.Instance(mod).exports.oob()`, "throw RuntimeError: memory access out of bounds"},
		{"stack overflow is a RangeError", map[string]func() *encoder{"mod": trapModule},
			`return new WebAssembly.Instance(mod).exports.recurse()`, "throw RangeError: Maximum call stack size exceeded"},
		{"memory through Uint8Array", map[string]func() *encoder{"mod": memoryModule},
			`const x = new WebAssembly.Instance(mod).exports; const u = new Uint8Array(x.memory.buffer); u[100] = 7; x.store(101, 9);
			 return [String.fromCharCode(u[0], u[1]), x.load(100), u[101], x.memory.buffer.byteLength, x.memory.buffer === x.memory.buffer, x.memory instanceof WebAssembly.Memory].join()`,
			"hi,7,9,65536,true,true"},
		{"growth inside wasm detaches the buffer", map[string]func() *encoder{"mod": memoryModule},
			`const x = new WebAssembly.Instance(mod).exports; const b = x.memory.buffer; const old = x.grow(1);
			 const nb = x.memory.buffer; nb[0];
			 return [old, b.byteLength, nb.byteLength, new Uint8Array(nb)[1], b === nb].join()`,
			"1,0,131072,105,false"},
		{"Memory.grow detaches and returns old size", map[string]func() *encoder{"mod": memoryModule},
			`const x = new WebAssembly.Instance(mod).exports; const b = x.memory.buffer; const old = x.memory.grow(2);
			 let err; try { x.memory.grow(5) } catch (e) { err = e.name }
			 return [old, b.byteLength, x.memory.buffer.byteLength, err].join()`,
			"1,0,196608,RangeError"},
		{"growth inside wasm seen by a JS import", map[string]func() *encoder{"mod": growCallModule},
			`let x, b; const seen = []; x = new WebAssembly.Instance(mod, {env: {cb: () => { seen.push(b.byteLength, x.memory.buffer.byteLength) }}}).exports;
			 b = x.memory.buffer; x.growCall(); return seen.join()`,
			"0,131072"},
		{"growth by a JS import seen by wasm", map[string]func() *encoder{"mod": callThenLoadModule},
			`let x; x = new WebAssembly.Instance(mod, {env: {cb: () => { x.memory.grow(1); new Uint8Array(x.memory.buffer)[70000] = 9 }}}).exports; return x.callThenLoad()`,
			"9"},
		{"new Memory imported", map[string]func() *encoder{"mod": importedMemoryModule},
			`const mem = new WebAssembly.Memory({initial: 1, maximum: 2}); const x = new WebAssembly.Instance(mod, {env: {mem}}).exports;
			 x.store(5, 77); new Uint8Array(mem.buffer)[6] = 78; return [new Uint8Array(mem.buffer)[5], x.load(6), mem.buffer.byteLength].join()`,
			"77,78,65536"},
		{"Memory descriptor checked", map[string]func() *encoder{},
			`const r = []; for (const d of [{}, {initial: 70000}, {initial: 2, maximum: 1}]) { try { new WebAssembly.Memory(d) } catch (e) { r.push(e.name + ': ' + e.message) } } return r.join('|')`,
			"TypeError: WebAssembly.Memory(): Property 'initial' is required|RangeError: WebAssembly.Memory(): Property 'initial': value 70000 is above the upper bound 65536|RangeError: WebAssembly.Memory(): Property 'maximum': value 1 is below the lower bound 2"},
		{"memory import type checked", map[string]func() *encoder{"mod": importedMemoryModule},
			`return new WebAssembly.Instance(mod, {env: {mem: {}}})`,
			`throw LinkError: WebAssembly.Instance(): Import #0 "env" "mem": memory import must be a WebAssembly.Memory object`},
		{"exported memory re-imported keeps identity", map[string]func() *encoder{"a": memoryModule, "b": importedMemoryModule},
			`const x = new WebAssembly.Instance(a).exports; const y = new WebAssembly.Instance(b, {env: {mem: x.memory}}).exports;
			 y.store(3, 33); return [x.load(3), x.memory === x.memory].join()`, "33,true"},
		{"globals", map[string]func() *encoder{"mod": globalModule},
			`const g = new WebAssembly.Global({value: 'i32', mutable: true}, 41); const x = new WebAssembly.Instance(mod, {env: {g}}).exports;
			 x.bump(); x.counter.value = x.counter.value + 1; return [g.value, x.counter.value, x.counter instanceof WebAssembly.Global, g.valueOf()].join()`,
			"42,2.5,true,42"},
		{"immutable global refuses set", map[string]func() *encoder{},
			`const g = new WebAssembly.Global({value: 'i64'}, 5n); try { g.value = 1n } catch (e) { return g.value + ' ' + e.name }`, "5 TypeError"},
		{"mutable global import must be a Global", map[string]func() *encoder{"mod": globalModule},
			`return new WebAssembly.Instance(mod, {env: {g: 1}})`,
			`throw LinkError: WebAssembly.Instance(): Import #0 "env" "g": imported mutable global must be a WebAssembly.Global object`},
		{"Module.exports and imports", map[string]func() *encoder{"mod": importModule, "mem": memoryModule},
			`return JSON.stringify([WebAssembly.Module.imports(mod), WebAssembly.Module.exports(mod), WebAssembly.Module.exports(mem).map(d => d.kind)])`,
			`[[{"module":"env","name":"cb","kind":"function"}],[{"name":"run","kind":"function"},{"name":"inner","kind":"function"}],["memory","function","function","function"]]`},
		{"Module constructor refuses bytes", map[string]func() *encoder{},
			`try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])) } catch (e) { return [e instanceof WebAssembly.CompileError, e.name, e.message].join('|') }`,
			"true|CompileError|WebAssembly.Module(): Wasm code generation disallowed by embedder"},
		{"Module needs new", map[string]func() *encoder{},
			`return WebAssembly.Module(new Uint8Array(8))`, "throw TypeError: WebAssembly.Module must be invoked with 'new'"},
		{"validate", map[string]func() *encoder{},
			`return [WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])), WebAssembly.validate(new Uint8Array([1, 2, 3])), WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]).buffer)].join()`,
			"true,false,true"},
		{"validate needs a buffer", map[string]func() *encoder{},
			`return WebAssembly.validate('x')`, "throw TypeError: WebAssembly.validate(): Argument 0 must be a buffer source"},
		{"error classes", map[string]func() *encoder{},
			`const e = WebAssembly.RuntimeError('m'); return [e instanceof WebAssembly.RuntimeError, e.name, e.message, WebAssembly.CompileError.name, new WebAssembly.LinkError('x') instanceof Error, String(WebAssembly)].join()`,
			"true,RuntimeError,m,CompileError,true,[object WebAssembly]"},
		{"externref Table", map[string]func() *encoder{},
			`const o = {}; const t = new WebAssembly.Table({element: 'externref', initial: 2}, 'x'); t.set(1, o);
			 const old = t.grow(2, 5); let err; try { t.get(9) } catch (e) { err = e.name }
			 return [t.get(0), t.get(1) === o, old, t.length, t.get(3), err, t instanceof WebAssembly.Table].join()`,
			"x,true,2,4,5,RangeError,true"},
		{"externref Table defaults to undefined", map[string]func() *encoder{},
			`const t = new WebAssembly.Table({element: 'externref', initial: 1}); t.grow(1); t.grow(1, null); return [t.get(0), t.get(1), t.get(2)].map(String).join()`,
			"undefined,undefined,null"},
		{"funcref Table", map[string]func() *encoder{},
			`const t = new WebAssembly.Table({element: 'anyfunc', initial: 2}); let err; try { t.set(0, () => 1) } catch (e) { err = e.name }
			 return [t.length, t.get(0), err].join()`,
			"2,,TypeError"},
		{"funcref table entries are callable", map[string]func() *encoder{"mod": funcTableModule},
			`const t = new WebAssembly.Instance(mod).exports.tab; const f = t.get(0), g = t.get(1);
			 return [f(2, 3), g(5n), f === t.get(0), f.length, t.get(2), t.length].join()`,
			"5,6,true,2,,3"},
		{"imported and exported tables", map[string]func() *encoder{"mod": tableModule},
			`const t = new WebAssembly.Table({element: 'externref', initial: 1}); const x = new WebAssembly.Instance(mod, {env: {t}}).exports;
			 const o = {a: 1}; x.put(0, o); x.own.grow(3);
			 return [t.get(0) === o, x.own.length, x.own === x.own, x.get(0) === o].join()`,
			"true,3,true,true"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t, Options{})
			for name, mk := range tc.modules {
				env.module(name, mk())
			}
			if got := env.run(tc.src); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestPromiseAPIs(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"instantiate module", `WebAssembly.instantiate(mod, {}).then(i => { out = [i instanceof WebAssembly.Instance, i.exports.add(1, 2)].join() })`, "true,3"},
		{"instantiate bytes rejected", `WebAssembly.instantiate(new Uint8Array(8), {}).catch(e => { out = [e instanceof WebAssembly.CompileError, e.message].join('|') })`,
			"true|WebAssembly.instantiate(): Wasm code generation disallowed by embedder"},
		{"compile rejected", `WebAssembly.compile(new Uint8Array(8)).catch(e => { out = e.name + ': ' + e.message })`,
			"CompileError: WebAssembly.compile(): Wasm code generation disallowed by embedder"},
		{"compileStreaming rejected", `WebAssembly.compileStreaming(null).catch(e => { out = e.message })`,
			"WebAssembly.compileStreaming(): Wasm code generation disallowed by embedder"},
		{"instantiateStreaming rejected", `WebAssembly.instantiateStreaming(null).catch(e => { out = e.message })`,
			"WebAssembly.instantiateStreaming(): Wasm code generation disallowed by embedder"},
		{"instantiate link error rejected", `WebAssembly.instantiate(imp, {env: {}}).catch(e => { out = e.name + ': ' + e.message })`,
			`LinkError: WebAssembly.instantiate(): Import #0 "env" "cb": function import requires a callable`},
		{"instantiate is async", `WebAssembly.instantiate(mod).then(() => { out += 'b' }); out = 'a'`, "ab"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t, Options{})
			env.module("mod", addModule())
			env.module("imp", importModule())
			// goja runs the job queue when the outermost call returns, so
			// the promise has settled once RunString is back.
			if _, err := env.rt.RunString(`var out = '';` + tc.src); err != nil {
				t.Fatal(err)
			}
			if got := env.rt.Get("out").String(); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestInterrupt(t *testing.T) {
	tests := []struct {
		name string
		stop func(env *testEnv, cancel context.CancelFunc)
		want string // InterruptedError value, or RuntimeError message prefix
	}{
		{"Host.Interrupt beside rt.Interrupt", func(env *testEnv, _ context.CancelFunc) {
			env.rt.Interrupt("cpu limit")
			env.host.Interrupt("cpu limit")
		}, "interrupted: cpu limit"},
		{"Host.Interrupt alone", func(env *testEnv, _ context.CancelFunc) {
			env.host.Interrupt("deadline")
		}, "interrupted: deadline"},
		{"Options.Context cancelled", func(_ *testEnv, cancel context.CancelFunc) { cancel() },
			"RuntimeError: wasm execution stopped"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			// The calls after the interruption run under a live context
			// (read on this goroutine, the runtime's).
			current := ctx
			env := newTestEnv(t, Options{Context: func() context.Context { return current }})
			env.module("mod", loopModule())
			timer := time.AfterFunc(50*time.Millisecond, func() { tc.stop(env, cancel) })
			defer timer.Stop()
			start := time.Now()
			_, err := env.rt.RunString(`new WebAssembly.Instance(mod).exports.spin()`)
			if time.Since(start) > 5*time.Second {
				t.Fatalf("took %v", time.Since(start))
			}
			var intr *goja.InterruptedError
			var ex *goja.Exception
			switch {
			case errors.As(err, &intr):
				if got := "interrupted: " + intr.Value().(string); got != tc.want {
					t.Errorf("got %q, want %q", got, tc.want)
				}
			case errors.As(err, &ex):
				if !strings.HasPrefix(ex.Value().String(), tc.want) {
					t.Errorf("got %q, want prefix %q", ex.Value().String(), tc.want)
				}
			default:
				t.Fatalf("got %v, want an interruption", err)
			}
			// The runtime is usable again once the interrupt is cleared.
			env.rt.ClearInterrupt()
			env.host.ClearInterrupt()
			current = context.Background()
			env.module("add", addModule())
			if v, err := env.rt.RunString(`new WebAssembly.Instance(add).exports.add(1, 1)`); err != nil || v.ToInteger() != 2 {
				t.Fatalf("after interrupt: %v %v", v, err)
			}
		})
	}
}

func TestInterruptInsideImport(t *testing.T) {
	env := newTestEnv(t, Options{})
	env.module("mod", importModule())
	timer := time.AfterFunc(50*time.Millisecond, func() {
		env.rt.Interrupt("cpu limit")
		env.host.Interrupt("cpu limit")
	})
	defer timer.Stop()
	// The JS import spins; goja's interrupt must cross the wasm frames
	// between it and the script, uncatchable by the try/catch.
	_, err := env.rt.RunString(`try { new WebAssembly.Instance(mod, {env: {cb: () => { for (;;) {} }}}).exports.run(1) } catch (e) { 'caught' }`)
	var intr *goja.InterruptedError
	if !errors.As(err, &intr) || intr.Value() != "cpu limit" {
		t.Fatalf("got %v, want InterruptedError(cpu limit)", err)
	}
}

func TestCloseDetachesBuffers(t *testing.T) {
	env := newTestEnv(t, Options{})
	env.module("mod", memoryModule())
	if _, err := env.rt.RunString(`var x = new WebAssembly.Instance(mod).exports, b = x.memory.buffer`); err != nil {
		t.Fatal(err)
	}
	if err := env.host.Close(); err != nil {
		t.Fatal(err)
	}
	got := env.run(`let r = b.byteLength; try { x.load(0) } catch (e) { r += ' ' + e.message } return r`)
	if want := "0 WebAssembly instance is closed"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestEngineCompileCache(t *testing.T) {
	ctx := context.Background()
	e := NewEngine(ctx, EngineOptions{})
	defer func() {
		if err := e.Close(ctx); err != nil {
			t.Error(err)
		}
	}()
	b := addModule().bytes()
	var wg sync.WaitGroup
	mods := make([]*Module, 8)
	for i := range mods {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, err := e.Compile(ctx, b)
			if err != nil {
				t.Error(err)
			}
			mods[i] = m
		}()
	}
	wg.Wait()
	for _, m := range mods[1:] {
		if m != mods[0] {
			t.Fatal("same bytes compiled twice")
		}
	}
	tests := []struct {
		name  string
		bytes []byte
		want  string
	}{
		{"bad magic", []byte("nope-nope"), "not a WebAssembly module"},
		{"truncated", append(addModule().bytes(), 1, 9), "unexpected end of module"},
		{"invalid body", func() []byte {
			enc := &encoder{}
			enc.exportFunc("f", sig(nil, i32), opI32Add)
			return enc.bytes()
		}(), "wasm: compile module sha256:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.Compile(ctx, tc.bytes)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestSharedAcrossHosts(t *testing.T) {
	ctx := context.Background()
	e := NewEngine(ctx, EngineOptions{})
	defer e.Close(ctx)
	m, err := e.Compile(ctx, importModule().bytes())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		rt := goja.New()
		h, err := Install(rt, e, Options{})
		if err != nil {
			t.Fatal(err)
		}
		_ = rt.Set("mod", h.NewModuleValue(m))
		v, err := rt.RunString(`new WebAssembly.Instance(mod, {env: {cb: x => x * 2}}).exports.run(20)`)
		if err != nil || v.ToInteger() != 41 {
			t.Fatalf("host %d: %v %v", i, v, err)
		}
		if err := h.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := rt.RunString(`new WebAssembly.Instance(mod, {env: {cb: x => x}})`); err == nil || !strings.Contains(err.Error(), "closed") {
			t.Fatalf("after Close: %v", err)
		}
	}
}

func TestDevelopmentCodeGeneration(t *testing.T) {
	const compileWarning = "DynamicWasmCodeGenerationWarning: Dynamic WASM code generation (e. g. 'WebAssembly.compile') not allowed in Edge Runtime.\nLearn More: https://nextjs.org/docs/messages/edge-dynamic-code-evaluation"
	const instantiateWarning = "DynamicWasmCodeGenerationWarning: Dynamic WASM code generation ('WebAssembly.instantiate' with a buffer parameter) not allowed in Edge Runtime.\nLearn More: https://nextjs.org/docs/messages/edge-dynamic-code-evaluation"
	tests := []struct {
		name, src, want string
		warnings        []string
	}{
		{"Module constructor", `out = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.add(20, 22)`, "42", nil},
		{"compile warns once", `WebAssembly.compile(bytes).then(m => WebAssembly.compile(bytes)).then(m => { out = [m instanceof WebAssembly.Module, new WebAssembly.Instance(m).exports.add(1, 1)].join() })`,
			"true,2", []string{compileWarning}},
		{"instantiate bytes gives module and instance", `WebAssembly.instantiate(new Uint8Array(bytes)).then(r => { out = [r.module instanceof WebAssembly.Module, r.instance.exports.add(2, 3)].join() })`,
			"true,5", []string{instantiateWarning}},
		{"invalid bytes are a CompileError", `WebAssembly.compile(new Uint8Array([1, 2, 3])).catch(e => { out = e.name + ': ' + e.message.slice(0, 23) })`,
			"CompileError: WebAssembly.compile(): ", []string{compileWarning}},
		{"compileStreaming", `WebAssembly.compileStreaming({headers: new Map([['content-type', 'application/wasm']]), arrayBuffer: async () => bytes}).then(m => { out = WebAssembly.Module.exports(m)[0].name })`,
			"add", nil},
		{"compileStreaming checks the MIME type", `WebAssembly.compileStreaming({headers: new Map(), arrayBuffer: async () => bytes}).catch(e => { out = e.message })`,
			"WebAssembly.compileStreaming(): Incorrect response MIME type. Expected 'application/wasm'.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var warnings []string
			env := newTestEnv(t, Options{AllowCodeGeneration: true, OnWarning: func(name, msg string) { warnings = append(warnings, name+": "+msg) }})
			_ = env.rt.Set("bytes", env.rt.NewArrayBuffer(addModule().bytes()))
			if _, err := env.rt.RunString(`var out = '';` + tc.src); err != nil {
				t.Fatal(err)
			}
			if got := env.rt.Get("out").String(); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			if strings.Join(warnings, "|") != strings.Join(tc.warnings, "|") {
				t.Errorf("warnings %q, want %q", warnings, tc.warnings)
			}
		})
	}
}
