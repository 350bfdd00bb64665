package isolate

import (
	"context"
	"errors"
	"fmt"

	"github.com/dop251/goja"

	"edgeplay/runtime/webapi"
	"edgeplay/runtime/webapi/wasm"
)

// ErrSandboxClosed is returned by Sandbox.Run once the sandbox is closed.
var ErrSandboxClosed = errors.New("sandbox closed")

// SandboxOptions configure a Sandbox.
type SandboxOptions struct {
	// Transport performs outbound fetches; nil makes fetch fail.
	Transport webapi.Transport
	// BaseURL is the base for relative URLs in fetch and Request (see
	// webapi.Options.BaseURL); empty, as on the Edge Runtime, means none.
	BaseURL string
	// Env is process.env beyond NODE_ENV and NEXT_RUNTIME.
	Env map[string]string
	// Mode is process.env.NODE_ENV (default "production").
	Mode string
	// Console receives console output; nil discards it.
	Console webapi.Console
	// ReportError receives uncaught exceptions of callbacks the runtime ran
	// itself (timers, listeners, microtasks); see webapi.Options.ReportError.
	// Called on the loop goroutine.
	ReportError func(error)
	// OnPanic receives a Go panic that escaped a loop task, on the loop
	// goroutine; the loop goes on.
	OnPanic func(error)
	// RestrictCodeGeneration applies R-RT-3 as a route's isolate does
	// (eval and the Function constructors refused, or warned about when Mode
	// is "development"). Off by default: the WPT harness (testharness.js,
	// idlharness.js) generates code from strings.
	RestrictCodeGeneration bool
}

// Sandbox is a bare isolate: a goja runtime with exactly the globals a route
// handler sees (Web APIs, process.env, next/server through require), owned by
// its own event-loop goroutine, into which a caller runs arbitrary scripts.
// The WPT conformance runner uses it. Every method is safe from any
// goroutine; the *goja.Runtime handed to Run's callback must only be used
// inside that callback (or in callbacks it registers with the runtime).
type Sandbox struct {
	loop     *loop
	rt       *goja.Runtime
	bindings *webapi.Bindings
	wasm     *wasm.Host // loop goroutine only
	next     *goja.Object
}

// NewSandbox starts a sandbox with the handler globals installed. Close it
// when done, or its loop goroutine leaks.
func (e *Engine) NewSandbox(opts SandboxOptions) (*Sandbox, error) {
	s := &Sandbox{rt: goja.New()}
	s.loop = newLoop(func(p any) {
		if opts.OnPanic != nil {
			if err, ok := p.(error); ok {
				opts.OnPanic(err)
			} else {
				opts.OnPanic(fmt.Errorf("%v", p))
			}
		}
	})
	go s.loop.run()
	err := s.Run(context.Background(), func(rt *goja.Runtime) error {
		var intrinsics *codegenIntrinsics
		if !opts.RestrictCodeGeneration {
			var err error
			if intrinsics, err = captureIntrinsics(rt); err != nil {
				return fmt.Errorf("capture code generation intrinsics: %w", err)
			}
		}
		b, next, wasmHost, err := e.installHandlerGlobals(rt, webapi.Options{
			Loop:        s.loop,
			Console:     opts.Console,
			Transport:   opts.Transport,
			ReportError: opts.ReportError,
			BaseURL:     opts.BaseURL,
		}, Options{Env: opts.Env, Mode: opts.Mode})
		if err != nil {
			return err
		}
		if intrinsics != nil {
			if err := intrinsics.restore(rt); err != nil {
				return fmt.Errorf("lift code generation restriction: %w", err)
			}
		}
		s.bindings, s.next, s.wasm = b, next, wasmHost
		return rt.Set("require", func(call goja.FunctionCall) goja.Value {
			if name := call.Argument(0).String(); name == "next/server" {
				return s.next
			}
			panic(rt.NewTypeError("Cannot find module '%s'", call.Argument(0).String()))
		})
	})
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("new sandbox: %w", err)
	}
	return s, nil
}

// Run runs fn on the sandbox's loop goroutine and waits for it, or for ctx.
// If ctx ends first, fn may still run later; interrupt the sandbox to stop
// it. A panic in fn is returned as an error.
func (s *Sandbox) Run(ctx context.Context, fn func(rt *goja.Runtime) error) error {
	errc := make(chan error, 1)
	ok := s.loop.Enqueue(func() {
		defer func() {
			if r := recover(); r != nil {
				errc <- fmt.Errorf("panic: %v", r)
			}
		}()
		errc <- fn(s.rt)
	})
	if !ok {
		return ErrSandboxClosed
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Enqueue schedules fn on the loop goroutine without waiting; it returns
// false once the sandbox is closed.
func (s *Sandbox) Enqueue(fn func(rt *goja.Runtime)) bool {
	return s.loop.Enqueue(func() { fn(s.rt) })
}

// Hold marks pending work, as a timer or a fetch does; call release once.
func (s *Sandbox) Hold() (release func()) { return s.loop.Hold() }

// Pending reports the outstanding work (timers, fetches, holds).
func (s *Sandbox) Pending() int64 { return s.loop.Pending() }

// Interrupt stops the JavaScript running now (or next) with a
// *goja.InterruptedError carrying v; the sandbox should then be closed.
func (s *Sandbox) Interrupt(v any) { s.rt.Interrupt(v) }

// Close interrupts running JavaScript, stops timers and fetches and ends the
// loop goroutine once queued tasks have run. Safe to call more than once.
func (s *Sandbox) Close() {
	s.rt.Interrupt("sandbox closed")
	s.loop.Enqueue(func() {
		if s.bindings != nil {
			s.bindings.Close()
		}
		if s.wasm != nil {
			_ = s.wasm.Close()
		}
	})
	s.loop.close()
}

// Done is closed when the loop goroutine has ended (after Close).
func (s *Sandbox) Done() <-chan struct{} { return s.loop.stopped }
