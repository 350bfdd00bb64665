package wasm

import (
	"context"
	"fmt"

	"github.com/dop251/goja"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// unwrapObject returns the kind ("Memory", ...) and Go handle of a
// WebAssembly wrapper object.
func (h *Host) unwrapObject(v goja.Value) (string, any) {
	r := h.mustCall(h.unwrap, v)
	if goja.IsUndefined(r) {
		return "", nil
	}
	o := r.ToObject(h.rt)
	return o.Get("0").String(), o.Get("1").Export()
}

// anon is the module config for every instance: no name (so nothing is
// registered in the shared runtime), no WASI _start.
func anon() wazero.ModuleConfig {
	return wazero.NewModuleConfig().WithName("").WithStartFunctions()
}

// instantiateSynthetic compiles and instantiates a generated module.
func (h *Host) instantiateSynthetic(ctx context.Context, b []byte) (api.Module, error) {
	c, err := h.e.compileSynthetic(ctx, b)
	if err != nil {
		return nil, err
	}
	h.compiled = append(h.compiled, c)
	m, err := h.e.rt.InstantiateModule(ctx, c, anon())
	if err != nil {
		return nil, fmt.Errorf("wasm: instantiate internal module: %w", err)
	}
	h.instances = append(h.instances, m)
	return m, nil
}

// importSource is where a provider takes one import from.
type importSource struct {
	mod   api.Module
	field string
}

// instantiate links and instantiates m with a JS imports object and returns
// the frozen exports object (JS-API "instantiate the core of a module").
func (h *Host) instantiate(m *Module, importsVal goja.Value, apiName string) goja.Value {
	if h.closed {
		panic(h.newError("TypeError", apiName+": WebAssembly host is closed"))
	}
	if m.engine != h.e {
		panic(h.newError("TypeError", apiName+": module "+m.id+" belongs to another engine"))
	}
	ctx, done := h.callContext()
	defer done()
	imports := m.info.imports
	var importsObj *goja.Object
	if len(imports) > 0 {
		if importsVal == nil || goja.IsUndefined(importsVal) {
			panic(h.newError("TypeError", apiName+": Imports argument must be present and must be an object"))
		}
		importsObj = importsVal.ToObject(h.rt)
	}
	linkErr := func(i int, imp importDesc, msg string) {
		panic(h.newWasmError(h.linkError, fmt.Sprintf("%s: Import #%d %q %q: %s", apiName, i, imp.module, imp.name, msg)))
	}
	sources := make([]importSource, len(imports))
	var hostBuilder wazero.HostModuleBuilder
	hostFields := map[int]string{}
	for i, imp := range imports {
		mv := importsObj.Get(imp.module)
		mo, ok := mv.(*goja.Object)
		if !ok {
			panic(h.newError("TypeError", fmt.Sprintf("%s: Import #%d %q: module is not an object or function", apiName, i, imp.module)))
		}
		v := mo.Get(imp.name)
		if v == nil {
			v = goja.Undefined()
		}
		switch imp.typ.kind {
		case kindFunc:
			if o, ok := v.(*goja.Object); ok {
				if f, ok := h.funcObjs[o]; ok && f.mod != nil {
					if string(f.params) != string(imp.typ.fn.params) || string(f.result) != string(imp.typ.fn.results) {
						linkErr(i, imp, "imported function does not match the expected type")
					}
					sources[i] = importSource{f.mod, f.name}
					continue
				}
			}
			fn, ok := goja.AssertFunction(v)
			if !ok {
				linkErr(i, imp, "function import requires a callable")
			}
			if hostBuilder == nil {
				hostBuilder = h.e.rt.NewHostModuleBuilder("edgeplay-js-imports")
			}
			field := fmt.Sprintf("f%d", i)
			ps, rs := make([]api.ValueType, len(imp.typ.fn.params)), make([]api.ValueType, len(imp.typ.fn.results))
			for j, t := range imp.typ.fn.params {
				ps[j] = api.ValueType(t)
			}
			for j, t := range imp.typ.fn.results {
				rs[j] = api.ValueType(t)
			}
			hostBuilder.NewFunctionBuilder().WithGoModuleFunction(h.hostFunction(fn, imp.typ.fn), ps, rs).Export(field)
			hostFields[i] = field
		case kindMemory:
			kind, hv := h.unwrapObject(v)
			ref, ok := hv.(*memoryRef)
			if kind != "Memory" || !ok {
				linkErr(i, imp, "memory import must be a WebAssembly.Memory object")
			}
			pages := ref.mem.Size() / 65536
			if pages < imp.typ.lim.min {
				linkErr(i, imp, fmt.Sprintf("memory import has %d pages which is smaller than the declared initial of %d", pages, imp.typ.lim.min))
			}
			if imp.typ.lim.hasMax {
				mx, has := ref.mem.Definition().Max()
				if !has {
					linkErr(i, imp, fmt.Sprintf("memory import has no maximum limit, expected at most %d", imp.typ.lim.max))
				}
				if mx > imp.typ.lim.max {
					linkErr(i, imp, fmt.Sprintf("memory import has a larger maximum size %d than the module's declared maximum %d", mx, imp.typ.lim.max))
				}
			}
			sources[i] = importSource{ref.mod, ref.name}
		case kindGlobal:
			kind, hv := h.unwrapObject(v)
			if ref, ok := hv.(*globalRef); ok && kind == "Global" {
				if ref.val != imp.typ.val {
					linkErr(i, imp, "imported global does not match the expected type")
				}
				if ref.mutable != imp.typ.mutable {
					linkErr(i, imp, "imported global does not match the expected mutability")
				}
				sources[i] = importSource{ref.mod, ref.name}
				continue
			}
			if imp.typ.mutable {
				linkErr(i, imp, "imported mutable global must be a WebAssembly.Global object")
			}
			if imp.typ.val == valI64 && !isBigInt(v) {
				linkErr(i, imp, "global import must be a BigInt value")
			}
			if (imp.typ.val == valI32 || imp.typ.val == valF32 || imp.typ.val == valF64) && !isNumber(v) {
				linkErr(i, imp, "global import must be a number, valid Wasm reference, or WebAssembly.Global object")
			}
			if imp.typ.val != valI32 && imp.typ.val != valI64 && imp.typ.val != valF32 && imp.typ.val != valF64 {
				linkErr(i, imp, "reference-typed global imports from plain values are not supported by Edgeplay")
			}
			ref, err := h.makeGlobal(ctx, imp.typ.val, false, h.toWasm(v, imp.typ.val))
			if err != nil {
				panic(h.newWasmError(h.linkError, apiName+": "+err.Error()))
			}
			sources[i] = importSource{ref.mod, ref.name}
		case kindTable:
			kind, hv := h.unwrapObject(v)
			ref, ok := hv.(*tableRef)
			if kind != "Table" || !ok {
				linkErr(i, imp, "table import requires a WebAssembly.Table")
			}
			sources[i] = importSource{ref.mod, ref.name}
		default:
			linkErr(i, imp, "tag imports are not supported by Edgeplay")
		}
	}
	if hostBuilder != nil {
		hc, err := hostBuilder.Compile(ctx)
		if err != nil {
			panic(h.newWasmError(h.linkError, apiName+": "+err.Error()))
		}
		h.compiled = append(h.compiled, hc)
		hm, err := h.e.rt.InstantiateModule(ctx, hc, anon())
		if err != nil {
			panic(h.newWasmError(h.linkError, apiName+": "+err.Error()))
		}
		h.instances = append(h.instances, hm)
		for i, field := range hostFields {
			sources[i] = importSource{hm, field}
		}
	}
	providers, err := h.buildProviders(ctx, imports, sources)
	if err != nil {
		panic(h.newWasmError(h.linkError, apiName+": "+err.Error()))
	}
	rctx := experimental.WithImportResolver(ctx, func(name string) api.Module { return providers[name] })
	inst, err := h.e.rt.InstantiateModule(rctx, m.compiled, anon())
	h.refreshMemories()
	if err != nil {
		return h.throwCallError(err, apiName)
	}
	h.instances = append(h.instances, inst)
	h.addTypes(m.info.types)
	return h.exportsObject(m, inst)
}

// buildProviders makes, per import module name, one anonymous module that
// re-exports each import under its expected name from where it comes from
// (a host module of JS functions, another instance's export, or a
// JS-created Memory/Global/Table). The importing module then resolves its
// imports through wazero's ImportResolver, so nothing is registered by name
// in the shared runtime.
func (h *Host) buildProviders(ctx context.Context, imports []importDesc, sources []importSource) (map[string]api.Module, error) {
	type group struct {
		enc   encoder
		srcs  map[api.Module]string
		names map[string]bool
	}
	groups := map[string]*group{}
	var order []string
	for i, imp := range imports {
		g := groups[imp.module]
		if g == nil {
			g = &group{srcs: map[api.Module]string{}, names: map[string]bool{}}
			groups[imp.module] = g
			order = append(order, imp.module)
		}
		src := sources[i]
		alias, ok := g.srcs[src.mod]
		if !ok {
			alias = fmt.Sprintf("s%d", len(g.srcs))
			g.srcs[src.mod] = alias
		}
		key := string(rune(imp.typ.kind)) + imp.name
		if g.names[key] {
			continue
		}
		g.names[key] = true
		idx := uint32(g.enc.numImported(imp.typ.kind))
		g.enc.imports = append(g.enc.imports, importDesc{module: alias, name: src.field, typ: imp.typ})
		g.enc.exports = append(g.enc.exports, exportDesc{name: imp.name, kind: imp.typ.kind, index: idx})
	}
	out := map[string]api.Module{}
	for _, name := range order {
		g := groups[name]
		byAlias := map[string]api.Module{}
		for mod, alias := range g.srcs {
			byAlias[alias] = mod
		}
		c, err := h.e.compileSynthetic(ctx, g.enc.bytes())
		if err != nil {
			return nil, fmt.Errorf("imports of %q: %w", name, err)
		}
		h.compiled = append(h.compiled, c)
		pctx := experimental.WithImportResolver(ctx, func(n string) api.Module { return byAlias[n] })
		p, err := h.e.rt.InstantiateModule(pctx, c, anon())
		if err != nil {
			return nil, fmt.Errorf("imports of %q: %w", name, err)
		}
		h.instances = append(h.instances, p)
		out[name] = p
	}
	return out, nil
}

// exportsObject builds the frozen, null-prototype exports object.
func (h *Host) exportsObject(m *Module, inst api.Module) goja.Value {
	o := h.rt.CreateObject(nil)
	defs := m.compiled.ExportedFunctions()
	for _, x := range m.info.exports {
		var v goja.Value
		switch x.kind {
		case kindFunc:
			v = h.functionObject(inst, x.name, defs[x.name])
		case kindMemory:
			v = h.memoryObject(inst, x.name, inst.ExportedMemory(x.name))
		case kindGlobal:
			v = h.globalObject(inst, x.name, inst.ExportedGlobal(x.name))
		case kindTable:
			elem := valFuncref
			if int(x.index) < len(m.info.tables) {
				elem = m.info.tables[x.index]
			}
			v = h.tableObject(inst, x.name, elem)
		default:
			continue
		}
		_ = o.DefineDataProperty(x.name, v, goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_TRUE)
	}
	return h.mustCall(h.freeze, o)
}

func isBigInt(v goja.Value) bool {
	_, ok := v.Export().(interface{ IsInt64() bool })
	return ok
}

func isNumber(v goja.Value) bool {
	switch v.Export().(type) {
	case int64, float64:
		return true
	}
	return false
}

// addTypes records function types for tableFunction.
func (h *Host) addTypes(types []funcType) {
next:
	for _, ft := range types {
		for _, have := range h.types {
			if string(have.params) == string(ft.params) && string(have.results) == string(ft.results) {
				continue next
			}
		}
		h.types = append(h.types, ft)
	}
}
