package wasm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
)

// EngineOptions configures an Engine.
type EngineOptions struct {
	// MemoryLimitPages caps every wasm memory (64 KiB pages); 0 means
	// wazero's default of 65536 pages (4 GiB). R-RT-6's 128 MB isolate
	// limit is 2048 pages.
	MemoryLimitPages uint32
}

// Engine compiles WebAssembly modules once per process and shares the
// compiled code between every isolate. It is safe for concurrent use.
type Engine struct {
	rt    wazero.Runtime
	cache wazero.CompilationCache

	mu      sync.Mutex
	modules map[[32]byte]*compileEntry
	closed  bool
}

// compileEntry is one content hash's compilation, shared by concurrent
// callers.
type compileEntry struct {
	done chan struct{}
	mod  *Module
	err  error
}

// Module is a compiled WebAssembly module. It belongs to the Engine that
// compiled it and may be instantiated by any Host of that Engine.
type Module struct {
	engine   *Engine
	compiled wazero.CompiledModule
	info     *moduleInfo
	id       string // "sha256:<first 12 hex digits>"
	size     int
}

// ID names the module in messages: its content hash, shortened.
func (m *Module) ID() string { return m.id }

// NewEngine returns an Engine with a wazero runtime whose calls can be
// cancelled through their context (WithCloseOnContextDone), which is how a
// Host interrupts a runaway wasm loop.
func NewEngine(ctx context.Context, opts EngineOptions) *Engine {
	cache := wazero.NewCompilationCache()
	cfg := wazero.NewRuntimeConfig().
		WithCompilationCache(cache).
		WithCloseOnContextDone(true)
	if opts.MemoryLimitPages > 0 {
		cfg = cfg.WithMemoryLimitPages(opts.MemoryLimitPages)
	}
	return &Engine{
		rt:      wazero.NewRuntimeWithConfig(ctx, cfg),
		cache:   cache,
		modules: map[[32]byte]*compileEntry{},
	}
}

// Compile compiles wasm bytes, or returns the module compiled earlier from
// the same bytes (by SHA-256), so every isolate shares one compilation.
// Concurrent calls for the same bytes compile once.
func (e *Engine) Compile(ctx context.Context, wasmBytes []byte) (*Module, error) {
	sum := sha256.Sum256(wasmBytes)
	id := "sha256:" + hex.EncodeToString(sum[:6])
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil, fmt.Errorf("wasm: compile module %s: %w", id, errEngineClosed)
	}
	if ce, ok := e.modules[sum]; ok {
		e.mu.Unlock()
		select {
		case <-ce.done:
		case <-ctx.Done():
			return nil, fmt.Errorf("wasm: compile module %s: %w", id, ctx.Err())
		}
		return ce.mod, ce.err
	}
	ce := &compileEntry{done: make(chan struct{})}
	e.modules[sum] = ce
	e.mu.Unlock()

	ce.mod, ce.err = e.compile(ctx, wasmBytes, id)
	if ce.err != nil {
		// A failure is not cached: a cancelled context must not poison the
		// entry, and a broken module is cheap to refuse again.
		e.mu.Lock()
		delete(e.modules, sum)
		e.mu.Unlock()
	}
	close(ce.done)
	return ce.mod, ce.err
}

var errEngineClosed = errors.New("engine closed")

// compile does the work of Compile without caching.
func (e *Engine) compile(ctx context.Context, wasmBytes []byte, id string) (*Module, error) {
	info, err := parseModule(wasmBytes)
	if err != nil {
		return nil, fmt.Errorf("wasm: compile module %s (%d bytes): %w", id, len(wasmBytes), err)
	}
	compiled, err := e.rt.CompileModule(ctx, wasmBytes)
	if err != nil {
		return nil, fmt.Errorf("wasm: compile module %s (%d bytes): %w", id, len(wasmBytes), err)
	}
	return &Module{engine: e, compiled: compiled, info: info, id: id, size: len(wasmBytes)}, nil
}

// validate reports whether wasm bytes are a valid module, without caching.
func (e *Engine) validate(ctx context.Context, wasmBytes []byte) error {
	if _, err := parseModule(wasmBytes); err != nil {
		return err
	}
	compiled, err := e.rt.CompileModule(ctx, wasmBytes)
	if err != nil {
		return err
	}
	return compiled.Close(ctx)
}

// compileSynthetic compiles a module the package generated itself (not
// cached by hash here; wazero's compilation cache dedups the machine code).
// The caller closes it.
func (e *Engine) compileSynthetic(ctx context.Context, b []byte) (wazero.CompiledModule, error) {
	c, err := e.rt.CompileModule(ctx, b)
	if err != nil {
		return nil, fmt.Errorf("wasm: internal module: %w", err)
	}
	return c, nil
}

// Close releases every compiled module and instance of the Engine. Hosts
// should be closed first.
func (e *Engine) Close(ctx context.Context) error {
	e.mu.Lock()
	e.closed = true
	e.modules = map[[32]byte]*compileEntry{}
	e.mu.Unlock()
	err := e.rt.Close(ctx)
	if cerr := e.cache.Close(ctx); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("wasm: close engine: %w", err)
	}
	return nil
}
