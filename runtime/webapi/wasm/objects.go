package wasm

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/dop251/goja"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/experimental/table"
)

// refreshMemories detaches the ArrayBuffer of every memory whose size
// changed (a memory.grow inside wasm). It runs whenever control passes from
// wasm to JavaScript, so JS never observes a stale buffer.
func (h *Host) refreshMemories() {
	for _, m := range h.memories {
		if m.bufVal != nil && m.mem.Size() != m.bufLen {
			m.buf.Detach()
			m.bufVal = nil
		}
	}
}

// memoryBuffer returns the memory's current ArrayBuffer.
func (h *Host) memoryBuffer(m *memoryRef) goja.Value {
	size := m.mem.Size()
	if m.bufVal != nil && size == m.bufLen {
		return m.bufVal
	}
	if m.bufVal != nil {
		m.buf.Detach()
	}
	data := []byte{}
	if size > 0 {
		var ok bool
		data, ok = m.mem.Read(0, size)
		if !ok {
			panic(h.newError("RangeError", "WebAssembly.Memory.buffer: memory is not accessible"))
		}
		data = data[:size:size]
	}
	m.buf = h.rt.NewArrayBuffer(data)
	m.bufVal = h.rt.ToValue(m.buf)
	m.bufLen = size
	return m.bufVal
}

// memoryObject returns (creating once) the JS Memory for an exported memory.
func (h *Host) memoryObject(mod api.Module, name string, mem api.Memory) *goja.Object {
	for _, m := range h.memories {
		if m.mem == mem {
			return m.obj
		}
	}
	ref := &memoryRef{mod: mod, name: name, mem: mem}
	ref.obj = h.mustCall(h.wrapMemory, h.rt.ToValue(ref)).ToObject(h.rt)
	h.memories = append(h.memories, ref)
	return ref.obj
}

// globalObject returns (creating once) the JS Global for an exported global.
func (h *Host) globalObject(mod api.Module, name string, g api.Global) *goja.Object {
	for _, r := range h.globals {
		if r.g == g {
			return r.obj
		}
	}
	_, mutable := g.(api.MutableGlobal)
	ref := &globalRef{mod: mod, name: name, g: g, val: apiToVal(g.Type()), mutable: mutable}
	ref.obj = h.mustCall(h.wrapGlobal, h.rt.ToValue(ref)).ToObject(h.rt)
	h.globals = append(h.globals, ref)
	return ref.obj
}

// functionObject returns (creating once) the Exported Function for an
// exported wasm function.
func (h *Host) functionObject(mod api.Module, name string, def api.FunctionDefinition) *goja.Object {
	key := funcKey{mod, name}
	if f, ok := h.funcs[key]; ok {
		return f.obj
	}
	f := &funcRef{mod: mod, name: name, newFn: func() (api.Function, error) {
		if fn := mod.ExportedFunction(name); fn != nil {
			return fn, nil
		}
		return nil, fmt.Errorf("export %s is gone", name)
	}}
	for _, t := range def.ParamTypes() {
		f.params = append(f.params, apiToVal(t))
	}
	for _, t := range def.ResultTypes() {
		f.result = append(f.result, apiToVal(t))
	}
	h.newFunctionObject(f, def.Index())
	h.funcs[key] = f
	return f.obj
}

// newFunctionObject makes the JS Exported Function for f (JS-API: name is
// the function index, length the parameter count).
func (h *Host) newFunctionObject(f *funcRef, index uint32) {
	f.obj = h.rt.ToValue(func(call goja.FunctionCall) goja.Value { return h.callExport(f, call.Arguments) }).ToObject(h.rt)
	_ = f.obj.DefineDataProperty("name", h.rt.ToValue(fmt.Sprint(index)), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	_ = f.obj.DefineDataProperty("length", h.rt.ToValue(len(f.params)), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	h.funcObjs[f.obj] = f
}

// tableFunction returns the Exported Function for the function reference
// bits found at index idx of a funcref table. wazero tells a function's type
// only to a caller who names it, so each function type of the Host's
// modules is tried in turn; the result is cached by reference.
func (h *Host) tableFunction(t *tableRef, idx uint32, bits uint64, apiName string) *goja.Object {
	if f, ok := h.tableFuncs[bits]; ok {
		return f.obj
	}
	for _, ft := range h.types {
		fn, err := lookupTableFunction(t.helper, idx, ft)
		if err != nil {
			continue
		}
		f := &funcRef{params: ft.params, result: ft.results}
		f.idle = []api.Function{fn}
		f.newFn = func() (api.Function, error) {
			stack := []uint64{uint64(idx)}
			h.tableCall(t, apiName, "get", stack)
			if stack[0] != bits {
				return nil, fmt.Errorf("table entry %d changed", idx)
			}
			return lookupTableFunction(t.helper, idx, ft)
		}
		h.newFunctionObject(f, fn.Definition().Index())
		h.tableFuncs[bits] = f
		return f.obj
	}
	panic(h.newError("TypeError", fmt.Sprintf("%s: the function at index %d has a type no module of this isolate declares", apiName, idx)))
}

// lookupTableFunction asks wazero for the function at index idx of table 0
// of helper, expecting type ft; a type mismatch is an error.
func lookupTableFunction(helper api.Module, idx uint32, ft funcType) (fn api.Function, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("table lookup: %v", x)
		}
	}()
	ps, rs := make([]api.ValueType, len(ft.params)), make([]api.ValueType, len(ft.results))
	for i, t := range ft.params {
		ps[i] = api.ValueType(t)
	}
	for i, t := range ft.results {
		rs[i] = api.ValueType(t)
	}
	return table.LookupFunction(helper, 0, idx, ps, rs), nil
}

// callExport runs an exported function from JavaScript.
func (h *Host) callExport(f *funcRef, args []goja.Value) goja.Value {
	if h.closed {
		panic(h.newWasmError(h.runtimeError, "WebAssembly instance is closed"))
	}
	n := max(len(f.params), len(f.result))
	stack := make([]uint64, n)
	for i, t := range f.params {
		v := goja.Undefined()
		if i < len(args) {
			v = args[i]
		}
		stack[i] = h.toWasm(v, t)
	}
	var fn api.Function
	if k := len(f.idle); k > 0 {
		fn, f.idle = f.idle[k-1], f.idle[:k-1]
	} else {
		var err error
		if fn, err = f.newFn(); err != nil {
			panic(h.newWasmError(h.runtimeError, err.Error()))
		}
	}
	ctx, done := h.callContext()
	err := fn.CallWithStack(ctx, stack)
	done()
	f.idle = append(f.idle, fn)
	h.refreshMemories()
	if err != nil {
		return h.throwCallError(err, "")
	}
	switch len(f.result) {
	case 0:
		return goja.Undefined()
	case 1:
		return h.toJS(stack[0], f.result[0])
	}
	vals := make([]any, len(f.result))
	for i, t := range f.result {
		vals[i] = h.toJS(stack[i], t)
	}
	return h.rt.NewArray(vals...)
}

// hostFunction adapts a JS callable to a wasm host function of type ft.
func (h *Host) hostFunction(fn goja.Callable, ft funcType) api.GoModuleFunc {
	return func(ctx context.Context, _ api.Module, stack []uint64) {
		defer func() {
			if x := recover(); x != nil {
				if _, ok := x.(*jsThrow); ok {
					panic(x)
				}
				panic(&jsThrow{x})
			}
		}()
		h.refreshMemories()
		args := make([]goja.Value, len(ft.params))
		for i, t := range ft.params {
			args[i] = h.toJS(stack[i], t)
		}
		res, err := fn(goja.Undefined(), args...)
		if err != nil {
			panic(&jsThrow{err})
		}
		switch len(ft.results) {
		case 0:
		case 1:
			stack[0] = h.toWasm(res, ft.results[0])
		default:
			arr := h.mustCall(h.arrayFrom, res).ToObject(h.rt)
			if int(arr.Get("length").ToInteger()) != len(ft.results) {
				panic(h.newError("TypeError", "multi-return length mismatch"))
			}
			for i, t := range ft.results {
				stack[i] = h.toWasm(arr.Get(fmt.Sprint(i)), t)
			}
		}
	}
}

// makeGlobal creates a global in a synthetic module.
func (h *Host) makeGlobal(ctx context.Context, val byte, mutable bool, bits uint64) (*globalRef, error) {
	enc := &encoder{}
	init := constExpr(val, bits)
	if val == valExternref || val == valFuncref {
		init = constExpr(val, 0)
	}
	enc.globals = []globalDef{{val: val, mutable: mutable, init: init}}
	enc.exports = []exportDesc{{name: "g", kind: kindGlobal}}
	mod, err := h.instantiateSynthetic(ctx, enc.bytes())
	if err != nil {
		return nil, err
	}
	g := mod.ExportedGlobal("g")
	if mg, ok := g.(api.MutableGlobal); ok && bits != 0 {
		mg.Set(bits)
	}
	ref := &globalRef{mod: mod, name: "g", g: g, val: val, mutable: mutable}
	h.globals = append(h.globals, ref)
	return ref, nil
}

// descIndex reads an integer descriptor property ([EnforceRange]
// unsigned long).
func (h *Host) descIndex(desc *goja.Object, api, prop string, upper uint32) (uint32, bool) {
	v := desc.Get(prop)
	if v == nil || goja.IsUndefined(v) {
		return 0, false
	}
	f := v.ToFloat()
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > math.MaxUint32 {
		panic(h.newError("TypeError", fmt.Sprintf("%s: Property '%s' must be convertible to a valid number", api, prop)))
	}
	n := uint32(math.Trunc(f))
	if n > upper {
		panic(h.newError("RangeError", fmt.Sprintf("%s: Property '%s': value %d is above the upper bound %d", api, prop, n, upper)))
	}
	return n, true
}

// tableObject returns (creating once) the JS Table for an exported table.
func (h *Host) tableObject(mod api.Module, name string, elem byte) *goja.Object {
	for _, t := range h.tables {
		if t.mod == mod && t.name == name {
			return t.obj
		}
	}
	ref := &tableRef{mod: mod, name: name, elem: elem}
	ref.obj = h.mustCall(h.wrapTable, h.rt.ToValue(ref)).ToObject(h.rt)
	h.tables = append(h.tables, ref)
	return ref.obj
}

// tableCall runs one of the table helper's functions.
func (h *Host) tableCall(t *tableRef, apiName, fn string, stack []uint64) {
	if h.closed {
		panic(h.newError("TypeError", apiName+": WebAssembly host is closed"))
	}
	if t.helper == nil {
		ctx := context.Background()
		c, err := h.e.compileSynthetic(ctx, tableHelper(t.elem, t.name))
		if err != nil {
			panic(h.newError("TypeError", apiName+": "+err.Error()))
		}
		h.compiled = append(h.compiled, c)
		rctx := experimental.WithImportResolver(ctx, func(string) api.Module { return t.mod })
		m, err := h.e.rt.InstantiateModule(rctx, c, anon())
		if err != nil {
			panic(h.newError("TypeError", apiName+": "+err.Error()))
		}
		h.instances = append(h.instances, m)
		t.helper = m
	}
	if err := t.helper.ExportedFunction(fn).CallWithStack(context.Background(), stack); err != nil {
		if strings.Contains(err.Error(), "invalid table access") {
			panic(h.newError("RangeError", apiName+": invalid address"))
		}
		panic(h.newError("TypeError", apiName+": "+err.Error()))
	}
}

// descInitial reads a descriptor's "initial" (or its newer spelling
// "minimum").
func (h *Host) descInitial(desc *goja.Object, api string, upper uint32) uint32 {
	if n, ok := h.descIndex(desc, api, "initial", upper); ok {
		return n
	}
	if n, ok := h.descIndex(desc, api, "minimum", upper); ok {
		return n
	}
	panic(h.newError("TypeError", api+": Property 'initial' is required"))
}
