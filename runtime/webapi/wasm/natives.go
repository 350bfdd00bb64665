package wasm

import (
	"context"
	"fmt"

	"github.com/dop251/goja"
)

// natives is the object of Go helpers the shim calls (its parameter N).
func (h *Host) natives() *goja.Object {
	o := h.rt.NewObject()
	set := func(name string, f func(goja.FunctionCall) goja.Value) {
		_ = o.Set(name, f)
	}
	module := func(v goja.Value) *Module {
		m, _ := v.Export().(*Module)
		if m == nil {
			panic(h.newError("TypeError", "not a WebAssembly.Module"))
		}
		return m
	}
	table := func(v goja.Value) *tableRef {
		t, _ := v.Export().(*tableRef)
		if t == nil {
			panic(h.newError("TypeError", "not a WebAssembly.Table"))
		}
		return t
	}
	// refArg converts a table element value; a funcref other than null is
	// not supported (wazero gives no way to make one from JS).
	refArg := func(t *tableRef, apiName string, v goja.Value, given bool) uint64 {
		if t.elem == valFuncref {
			if given && !goja.IsNull(v) && !goja.IsUndefined(v) {
				panic(h.newError("TypeError", apiName+": storing functions in a table from JavaScript is not supported by Edgeplay"))
			}
			return 0
		}
		if !given {
			v = goja.Undefined()
		}
		return h.toWasm(v, valExternref)
	}
	index := func(apiName string, v goja.Value) uint64 {
		f := v.ToFloat()
		if f != f || f < 0 || f > 0xffffffff {
			panic(h.newError("TypeError", apiName+": Argument 0 must be convertible to a valid number"))
		}
		return uint64(uint32(f))
	}
	set("moduleExports", func(c goja.FunctionCall) goja.Value {
		m := module(c.Argument(0))
		out := make([]any, 0, len(m.info.exports))
		for _, x := range m.info.exports {
			d := h.rt.NewObject()
			_ = d.Set("name", x.name)
			_ = d.Set("kind", kindName(x.kind))
			out = append(out, d)
		}
		return h.rt.NewArray(out...)
	})
	set("moduleImports", func(c goja.FunctionCall) goja.Value {
		m := module(c.Argument(0))
		out := make([]any, 0, len(m.info.imports))
		for _, x := range m.info.imports {
			d := h.rt.NewObject()
			_ = d.Set("module", x.module)
			_ = d.Set("name", x.name)
			_ = d.Set("kind", kindName(x.typ.kind))
			out = append(out, d)
		}
		return h.rt.NewArray(out...)
	})
	set("moduleCustomSections", func(c goja.FunctionCall) goja.Value {
		m := module(c.Argument(0))
		secs := m.info.custom[c.Argument(1).String()]
		out := make([]any, 0, len(secs))
		for _, s := range secs {
			out = append(out, h.rt.NewArrayBuffer(append([]byte(nil), s...)))
		}
		return h.rt.NewArray(out...)
	})
	set("instantiate", func(c goja.FunctionCall) goja.Value {
		return h.instantiate(module(c.Argument(0)), c.Argument(1), c.Argument(2).String())
	})
	_ = o.Set("allowCodegen", h.opts.AllowCodeGeneration)
	set("warn", func(c goja.FunctionCall) goja.Value {
		kind := c.Argument(0).String()
		if h.opts.OnWarning == nil || h.warned[kind] {
			return goja.Undefined()
		}
		h.warned[kind] = true
		msg := dynamicWasmCompileMessage
		if kind == "instantiate" {
			msg = dynamicWasmInstantiateMessage
		}
		h.opts.OnWarning(dynamicWasmWarning, msg)
		return goja.Undefined()
	})
	set("compileBytes", func(c goja.FunctionCall) goja.Value {
		apiName := c.Argument(1).String()
		if !h.opts.AllowCodeGeneration {
			panic(h.newWasmError(h.compileError, apiName+": Wasm code generation disallowed by embedder"))
		}
		m, err := h.e.Compile(context.Background(), bufferBytes(c.Argument(0)))
		if err != nil {
			panic(h.newWasmError(h.compileError, apiName+": "+err.Error()))
		}
		return h.rt.ToValue(m)
	})
	set("validate", func(c goja.FunctionCall) goja.Value {
		b := bufferBytes(c.Argument(0))
		return h.rt.ToValue(h.e.validate(context.Background(), b) == nil)
	})
	set("newMemory", func(c goja.FunctionCall) goja.Value {
		const apiName = "WebAssembly.Memory()"
		desc := c.Argument(1).ToObject(h.rt)
		if s := desc.Get("shared"); s != nil && s.ToBoolean() {
			panic(h.newError("TypeError", apiName+": shared memories are not supported by Edgeplay"))
		}
		initial := h.descInitial(desc, apiName, 65536)
		lim := limits{min: initial}
		if mx, ok := h.descIndex(desc, apiName, "maximum", 65536); ok {
			if mx < initial {
				panic(h.newError("RangeError", fmt.Sprintf("%s: Property 'maximum': value %d is below the lower bound %d", apiName, mx, initial)))
			}
			lim.max, lim.hasMax = mx, true
		}
		enc := &encoder{mems: []limits{lim}, exports: []exportDesc{{name: "m", kind: kindMemory}}}
		mod, err := h.instantiateSynthetic(context.Background(), enc.bytes())
		if err != nil {
			panic(h.newError("RangeError", apiName+": could not allocate memory: "+err.Error()))
		}
		ref := &memoryRef{mod: mod, name: "m", mem: mod.ExportedMemory("m"), obj: c.Argument(0).ToObject(h.rt)}
		h.memories = append(h.memories, ref)
		return h.rt.ToValue(ref)
	})
	memory := func(v goja.Value) *memoryRef {
		m, _ := v.Export().(*memoryRef)
		if m == nil {
			panic(h.newError("TypeError", "not a WebAssembly.Memory"))
		}
		return m
	}
	set("memoryBuffer", func(c goja.FunctionCall) goja.Value {
		return h.memoryBuffer(memory(c.Argument(0)))
	})
	set("memoryGrow", func(c goja.FunctionCall) goja.Value {
		m := memory(c.Argument(0))
		d := c.Argument(1).ToFloat()
		if d != d || d < 0 || d > 65536 {
			panic(h.newError("TypeError", "WebAssembly.Memory.grow(): Argument 0 must be convertible to a valid number"))
		}
		old, ok := m.mem.Grow(uint32(d))
		if !ok {
			panic(h.newError("RangeError", "WebAssembly.Memory.grow(): Maximum memory size exceeded"))
		}
		if m.bufVal != nil { // the spec detaches even on grow(0)
			m.buf.Detach()
			m.bufVal = nil
		}
		return h.rt.ToValue(old)
	})
	set("newGlobal", func(c goja.FunctionCall) goja.Value {
		const apiName = "WebAssembly.Global()"
		desc := c.Argument(1).ToObject(h.rt)
		mutable := false
		if m := desc.Get("mutable"); m != nil {
			mutable = m.ToBoolean()
		}
		tv := desc.Get("value")
		if tv == nil {
			tv = goja.Undefined()
		}
		val, ok := valFromName(tv.String())
		if !ok || goja.IsUndefined(tv) {
			panic(h.newError("TypeError", apiName+": Descriptor property 'value' must be a WebAssembly type"))
		}
		var bits uint64
		if v := c.Argument(2); c.Argument(3).ToBoolean() && !goja.IsUndefined(v) {
			bits = h.toWasm(v, val)
		}
		if (val == valExternref || val == valFuncref) && bits != 0 && !mutable {
			panic(h.newError("TypeError", apiName+": immutable reference-typed globals with a value are not supported by Edgeplay"))
		}
		ref, err := h.makeGlobal(context.Background(), val, mutable, bits)
		if err != nil {
			panic(h.newError("TypeError", apiName+": "+err.Error()))
		}
		ref.obj = c.Argument(0).ToObject(h.rt)
		return h.rt.ToValue(ref)
	})
	global := func(v goja.Value) *globalRef {
		g, _ := v.Export().(*globalRef)
		if g == nil {
			panic(h.newError("TypeError", "not a WebAssembly.Global"))
		}
		return g
	}
	set("globalGet", func(c goja.FunctionCall) goja.Value {
		g := global(c.Argument(0))
		return h.toJS(g.g.Get(), g.val)
	})
	set("globalSet", func(c goja.FunctionCall) goja.Value {
		g := global(c.Argument(0))
		mg, ok := g.g.(interface{ Set(uint64) })
		if !g.mutable || !ok {
			panic(h.newError("TypeError", "set WebAssembly.Global.value: Can't set the value of an immutable global."))
		}
		mg.Set(h.toWasm(c.Argument(1), g.val))
		return goja.Undefined()
	})
	set("newTable", func(c goja.FunctionCall) goja.Value {
		const apiName = "WebAssembly.Table()"
		desc := c.Argument(1).ToObject(h.rt)
		ev := desc.Get("element")
		if ev == nil {
			ev = goja.Undefined()
		}
		elem, ok := valFromName(ev.String())
		if !ok || (elem != valFuncref && elem != valExternref) {
			panic(h.newError("TypeError", apiName+": Descriptor property 'element' must be a WebAssembly reference type"))
		}
		initial := h.descInitial(desc, apiName, 10000000)
		lim := limits{min: initial}
		if mx, ok := h.descIndex(desc, apiName, "maximum", 0xffffffff); ok {
			if mx < initial {
				panic(h.newError("RangeError", fmt.Sprintf("%s: Property 'maximum': value %d is below the lower bound %d", apiName, mx, initial)))
			}
			lim.max, lim.hasMax = mx, true
		}
		enc := &encoder{tables: []externType{{kind: kindTable, elem: elem, lim: lim}}, exports: []exportDesc{{name: "t", kind: kindTable}}}
		mod, err := h.instantiateSynthetic(context.Background(), enc.bytes())
		if err != nil {
			panic(h.newError("RangeError", apiName+": "+err.Error()))
		}
		ref := &tableRef{mod: mod, name: "t", elem: elem, lim: lim, obj: c.Argument(0).ToObject(h.rt)}
		h.tables = append(h.tables, ref)
		// Entries start as the given value, or (JS-API DefaultValue) undefined
		// for externref and null for funcref.
		if elem == valExternref || c.Argument(3).ToBoolean() {
			v := refArg(ref, apiName, c.Argument(2), c.Argument(3).ToBoolean())
			for i := uint32(0); i < initial && v != 0; i++ {
				h.tableCall(ref, apiName, "set", []uint64{uint64(i), v})
			}
		}
		return h.rt.ToValue(ref)
	})
	set("tableLength", func(c goja.FunctionCall) goja.Value {
		stack := []uint64{0}
		h.tableCall(table(c.Argument(0)), "WebAssembly.Table.length", "size", stack)
		return h.rt.ToValue(uint32(stack[0]))
	})
	set("tableGrow", func(c goja.FunctionCall) goja.Value {
		const apiName = "WebAssembly.Table.grow()"
		t := table(c.Argument(0))
		n := index(apiName, c.Argument(1))
		stack := []uint64{n, refArg(t, apiName, c.Argument(2), c.Argument(3).ToBoolean())}
		h.tableCall(t, apiName, "grow", stack)
		if int32(uint32(stack[0])) == -1 {
			panic(h.newError("RangeError", fmt.Sprintf("%s: failed to grow table by %d", apiName, n)))
		}
		return h.rt.ToValue(uint32(stack[0]))
	})
	set("tableGet", func(c goja.FunctionCall) goja.Value {
		const apiName = "WebAssembly.Table.get()"
		t := table(c.Argument(0))
		idx := index(apiName, c.Argument(1))
		stack := []uint64{idx}
		h.tableCall(t, apiName, "get", stack)
		if t.elem == valFuncref && stack[0] != 0 {
			return h.tableFunction(t, uint32(idx), stack[0], apiName)
		}
		return h.toJS(stack[0], t.elem)
	})
	set("tableSet", func(c goja.FunctionCall) goja.Value {
		const apiName = "WebAssembly.Table.set()"
		t := table(c.Argument(0))
		stack := []uint64{index(apiName, c.Argument(1)), refArg(t, apiName, c.Argument(2), c.Argument(3).ToBoolean())}
		h.tableCall(t, apiName, "set", stack)
		return goja.Undefined()
	})
	return o
}

// bufferBytes returns a copy of a BufferSource's bytes.
func bufferBytes(v goja.Value) []byte {
	switch b := v.Export().(type) {
	case goja.ArrayBuffer:
		return append([]byte(nil), b.Bytes()...)
	case []byte:
		return append([]byte(nil), b...)
	}
	return nil
}
