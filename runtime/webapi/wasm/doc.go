// Package wasm implements the Edge Runtime's `WebAssembly` JavaScript API on
// goja, backed by wazero: modules precompiled by the bundler (the
// `import mod from './x.wasm?module'` path, R-MOD-1) are instantiated and
// run, while compiling bytes at run time is refused as on Vercel and
// `next start` (R-RT-3), or allowed with Next's warning in development mode.
//
// # Pieces
//
// An Engine (one per process) owns a single wazero runtime with a
// compilation cache; Engine.Compile compiles bytes once per SHA-256, so all
// isolates share machine code. Install defines the `WebAssembly` global on
// one goja runtime and returns its Host, which owns that runtime's
// instances; Host.NewModuleValue gives the `WebAssembly.Module` object for a
// compiled module; Host.Close releases everything.
//
// Every instance is anonymous in the shared wazero runtime. Imports are
// linked through wazero's ImportResolver: per import module name, the Host
// generates a small provider module that re-exports each import from where
// it lives (a host module wrapping the JS functions, another instance's
// export, or the synthetic module behind a JS-created Memory, Global or
// Table). wazero has no API for tables, so WebAssembly.Table operations run
// through a generated helper module (table.size/grow/get/set).
//
// # Interrupting wasm
//
// goja's Runtime.Interrupt does not reach wasm code. Call Host.Interrupt(v)
// beside rt.Interrupt(v): the running wasm is cancelled (wazero's
// WithCloseOnContextDone; the instance whose export was running is closed)
// and goja raises its InterruptedError(v) as soon as control is back in
// JavaScript. Host.ClearInterrupt mirrors rt.ClearInterrupt. Options.Context
// can add a per-call context (e.g. a request deadline); its cancellation
// throws a RuntimeError instead.
//
// # Deviations from V8
//
//   - Trap messages are V8's (message-template.h), mapped from wazero's;
//     wazero does not tell `i32.rem_s` by zero from `i32.div_s` by zero, so
//     both say "divide by zero" (V8: "remainder by zero" for rem).
//   - A wasm stack overflow is V8's RangeError "Maximum call stack size
//     exceeded", but the depth is wazero's, not V8's.
//   - Memory.buffer: grow() from JS detaches the old ArrayBuffer at once;
//     a memory.grow inside wasm detaches it at the next wasm→JS transition
//     (export return or import call), which JS cannot tell apart. The buffer
//     is an ordinary goja ArrayBuffer, so code that detaches it itself
//     (a transfer) is not refused as V8 refuses it.
//   - Funcref tables: get() returns a callable Exported Function (as
//     Emscripten's embind needs), found by trying the function types of the
//     Host's modules with wazero's table lookup, so a function whose type no
//     module of the isolate declares cannot be read; set() and grow() accept
//     only null for funcref tables (wazero cannot turn a JS-held function
//     back into a reference). Externref tables work fully.
//   - Shared memories, memory64, tags/exceptions and GC types are not
//     supported (TypeError or CompileError naming Edgeplay).
//   - An immutable reference-typed Global can only hold null.
//   - Exported function objects are cached per instance and export name (V8
//     per function), so one function exported under two names gives two
//     objects.
//   - Compile errors (development mode only) carry wazero's reason, not
//     V8's decoder message.
//   - A JS value passed as externref stays reachable until Host.Close.
package wasm
