package wasm

import (
	"sync"

	"github.com/dop251/goja"
)

// shimSource builds the WebAssembly namespace object around the native
// helpers N (see Host.natives). Classes, prototypes, brand checks and promise
// plumbing live here; compilation, linking and calls live in Go.
const shimSource = `(function (N) {
'use strict';
const slots = new WeakMap(); // wrapper object -> {t: kind, h: Go handle}
function slot(o, t) { const s = (typeof o === 'object' && o !== null) ? slots.get(o) : undefined; return s && s.t === t ? s.h : undefined; }
function brand(o, t, what) { const h = slot(o, t); if (h === undefined) throw new TypeError(what + ': Receiver is not a ' + 'WebAssembly.' + t); return h; }
function wrap(C, t, h) { const o = Object.create(C.prototype); slots.set(o, {t: t, h: h}); return o; }
function errorClass(name) {
	const E = function (message, options) { return Reflect.construct(Error, arguments, new.target || E); };
	Object.setPrototypeOf(E, Error);
	E.prototype = Object.create(Error.prototype, {
		constructor: {value: E, writable: true, configurable: true},
		name: {value: name, writable: true, configurable: true},
	});
	Object.defineProperty(E, 'name', {value: name});
	return E;
}
function isBufferSource(b) { return b instanceof ArrayBuffer || ArrayBuffer.isView(b); }
const CompileError = errorClass('CompileError');
const LinkError = errorClass('LinkError');
const RuntimeError = errorClass('RuntimeError');
const disallowed = (api) => new CompileError(api + ': Wasm code generation disallowed by embedder');
function needNew(nt, name) { if (!nt) throw new TypeError('WebAssembly.' + name + " must be invoked with 'new'"); }
function tag(C, name) { Object.defineProperty(C.prototype, Symbol.toStringTag, {value: 'WebAssembly.' + name, configurable: true}); }
function method(C, name, fn, len) {
	Object.defineProperty(fn, 'name', {value: name});
	Object.defineProperty(C.prototype, name, {value: fn, writable: true, enumerable: true, configurable: true});
}
function getter(C, name, get, set) {
	Object.defineProperty(C.prototype, name, {get: get, set: set, enumerable: true, configurable: true});
}

function bytesArg(b, api) {
	if (!isBufferSource(b)) throw new TypeError(api + ': Argument 0 must be a buffer source');
	return ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);
}
// compileBytes compiles a BufferSource when code generation is allowed
// (development mode, R-RT-3) and returns the new Module.
function compileBytes(b, api) {
	const o = Object.create(Module.prototype);
	slots.set(o, {t: 'Module', h: N.compileBytes(bytesArg(b, api), api)});
	return o;
}
function Module(bytes) {
	needNew(new.target, 'Module');
	if (!N.allowCodegen) throw disallowed('WebAssembly.Module()');
	slots.set(this, {t: 'Module', h: N.compileBytes(bytesArg(bytes, 'WebAssembly.Module()'), 'WebAssembly.Module()')});
}
tag(Module, 'Module');
function moduleArg(m, api) {
	const h = slot(m, 'Module');
	if (h === undefined) throw new TypeError(api + ': Argument 0 must be a WebAssembly.Module');
	return h;
}
Module.exports = function exports(m) { return N.moduleExports(moduleArg(m, 'WebAssembly.Module.exports()')); };
Module.imports = function imports(m) { return N.moduleImports(moduleArg(m, 'WebAssembly.Module.imports()')); };
Module.customSections = function customSections(m, name) {
	const h = moduleArg(m, 'WebAssembly.Module.customSections()');
	if (name === undefined) throw new TypeError('WebAssembly.Module.customSections(): Argument 1 is required');
	return N.moduleCustomSections(h, String(name));
};

function instantiateInto(o, m, imports, api) {
	const h = slot(m, 'Module');
	if (h === undefined) throw new TypeError(api + ': Argument 0 must be a WebAssembly.Module');
	if (imports !== undefined && (typeof imports !== 'object' || imports === null) && typeof imports !== 'function')
		throw new TypeError(api + ': Argument 1 must be an object');
	slots.set(o, {t: 'Instance', h: N.instantiate(h, imports, api)});
	return o;
}
function Instance(m, imports) {
	needNew(new.target, 'Instance');
	instantiateInto(this, m, imports, 'WebAssembly.Instance()');
}
tag(Instance, 'Instance');
getter(Instance, 'exports', function () { return brand(this, 'Instance', 'WebAssembly.Instance.exports'); });

function Memory(desc) {
	needNew(new.target, 'Memory');
	if (typeof desc !== 'object' || desc === null) throw new TypeError('WebAssembly.Memory(): Argument 0 must be a memory descriptor');
	slots.set(this, {t: 'Memory', h: N.newMemory(this, desc)});
}
tag(Memory, 'Memory');
getter(Memory, 'buffer', function () { return N.memoryBuffer(brand(this, 'Memory', 'WebAssembly.Memory.buffer')); });
method(Memory, 'grow', function (delta) { return N.memoryGrow(brand(this, 'Memory', 'WebAssembly.Memory.grow()'), delta); });

function Global(desc, value) {
	needNew(new.target, 'Global');
	if (typeof desc !== 'object' || desc === null) throw new TypeError('WebAssembly.Global(): Argument 0 must be a global descriptor');
	slots.set(this, {t: 'Global', h: N.newGlobal(this, desc, value, arguments.length > 1)});
}
tag(Global, 'Global');
getter(Global, 'value',
	function () { return N.globalGet(brand(this, 'Global', 'get WebAssembly.Global.value')); },
	function (v) { N.globalSet(brand(this, 'Global', 'set WebAssembly.Global.value'), v); });
method(Global, 'valueOf', function () { return N.globalGet(brand(this, 'Global', 'WebAssembly.Global.valueOf()')); });

function Table(desc, value) {
	needNew(new.target, 'Table');
	if (typeof desc !== 'object' || desc === null) throw new TypeError('WebAssembly.Table(): Argument 0 must be a table descriptor');
	slots.set(this, {t: 'Table', h: N.newTable(this, desc, value, arguments.length > 1)});
}
tag(Table, 'Table');
getter(Table, 'length', function () { return N.tableLength(brand(this, 'Table', 'WebAssembly.Table.length')); });
method(Table, 'grow', function (delta, value) { return N.tableGrow(brand(this, 'Table', 'WebAssembly.Table.grow()'), delta, value, arguments.length > 1); });
method(Table, 'get', function (i) { return N.tableGet(brand(this, 'Table', 'WebAssembly.Table.get()'), i); });
method(Table, 'set', function (i, value) { return N.tableSet(brand(this, 'Table', 'WebAssembly.Table.set()'), i, value, arguments.length > 1); });


const WA = {};
function def(name, v) { Object.defineProperty(WA, name, {value: v, writable: true, configurable: true}); }
function fn(name, f, len) { Object.defineProperty(f, 'name', {value: name}); Object.defineProperty(f, 'length', {value: len}); def(name, f); }
fn('compile', function (bytes) {
	if (!N.allowCodegen) return Promise.reject(disallowed('WebAssembly.compile()'));
	N.warn('compile');
	try { return Promise.resolve(compileBytes(bytes, 'WebAssembly.compile()')); } catch (e) { return Promise.reject(e); }
}, 1);
function fromResponse(source, api) {
	return Promise.resolve(source).then((r) => {
		if (typeof r !== 'object' || r === null || typeof r.arrayBuffer !== 'function') throw new TypeError(api + ': Argument 0 must be provided and must be a Response');
		const type = r.headers && r.headers.get('content-type');
		if (type !== 'application/wasm') throw new TypeError(api + ": Incorrect response MIME type. Expected 'application/wasm'.");
		return r.arrayBuffer();
	});
}
fn('compileStreaming', function (source) {
	if (!N.allowCodegen) return Promise.reject(disallowed('WebAssembly.compileStreaming()'));
	// Next's development build wraps only compile and instantiate, so the
	// streaming forms run without its warning.
	return fromResponse(source, 'WebAssembly.compileStreaming()').then((b) => compileBytes(b, 'WebAssembly.compileStreaming()'));
}, 1);
function instantiateBytes(b, imports, api, warn) {
	const module = compileBytes(b, api);
	if (warn) N.warn('instantiate');
	return {module: module, instance: instantiateInto(Object.create(Instance.prototype), module, imports, api)};
}
fn('instantiateStreaming', function (source, imports) {
	if (!N.allowCodegen) return Promise.reject(disallowed('WebAssembly.instantiateStreaming()'));
	return fromResponse(source, 'WebAssembly.instantiateStreaming()').then((b) => instantiateBytes(b, imports, 'WebAssembly.instantiateStreaming()', false));
}, 1);
fn('instantiate', function (source, imports) {
	if (slot(source, 'Module') === undefined) {
		if (!N.allowCodegen) return Promise.reject(disallowed('WebAssembly.instantiate()'));
		try { return Promise.resolve(instantiateBytes(source, imports, 'WebAssembly.instantiate()', true)); } catch (e) { return Promise.reject(e); }
	}
	try {
		return Promise.resolve(instantiateInto(Object.create(Instance.prototype), source, imports, 'WebAssembly.instantiate()'));
	} catch (e) {
		return Promise.reject(e);
	}
}, 1);
fn('validate', function (bytes) {
	return N.validate(bytesArg(bytes, 'WebAssembly.validate()'));
}, 1);
def('Module', Module); def('Instance', Instance); def('Memory', Memory); def('Global', Global); def('Table', Table);
def('CompileError', CompileError); def('LinkError', LinkError); def('RuntimeError', RuntimeError);
Object.defineProperty(WA, Symbol.toStringTag, {value: 'WebAssembly', configurable: true});
for (const [C, n] of [[Module, 1], [Instance, 1], [Memory, 1], [Global, 1], [Table, 1]]) Object.defineProperty(C, 'length', {value: n});

return {
	WebAssembly: WA,
	wrapModule: (h) => wrap(Module, 'Module', h),
	wrapMemory: (h) => wrap(Memory, 'Memory', h),
	wrapGlobal: (h) => wrap(Global, 'Global', h),
	wrapTable: (h) => wrap(Table, 'Table', h),
	unwrap: (o) => { const s = (typeof o === 'object' && o !== null) ? slots.get(o) : undefined; return s ? [s.t, s.h] : undefined; },
	CompileError: CompileError, LinkError: LinkError, RuntimeError: RuntimeError,
	freeze: Object.freeze,
	arrayFrom: Array.from,
};
})`

// shimProgram is the compiled shim, shared by every runtime (a goja Program
// is immutable).
var shimProgram = sync.OnceValues(func() (*goja.Program, error) {
	return goja.Compile("webassembly.js", shimSource, true)
})
