package isolate

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/dop251/goja"
)

// R-RT-3 at run time. goja has no switch that refuses code generation from
// strings, so the intrinsics that generate code are replaced: the global
// `eval`, the global `Function`, and the `constructor` property of the
// prototypes of Function, AsyncFunction and GeneratorFunction (and
// AsyncGeneratorFunction, should goja gain it). The replacements keep each
// intrinsic's `prototype`, so `x instanceof Function`, `Function.prototype`
// and `fn.constructor === Function` behave as before.
//
// goja evaluates `eval(src)` directly only when the callee is its own
// intrinsic eval object (vm.callEval compares identities), so once the global
// binding holds the replacement, a direct eval is an ordinary call to it and
// cannot reach the compiler.

// codeGenRefused is the EvalError message V8 gives when the embedder
// disallows code generation from strings, as on the Edge Runtime (R-RT-3).
const codeGenRefused = "Code generation from strings disallowed for this context"

// dynamicCodeWarning is what `next dev` logs, once per call site, when code
// is generated from strings (R-RT-3).
const dynamicCodeWarning = "DynamicCodeEvaluationWarning: Dynamic Code Evaluation (e. g. 'eval', 'new Function') not allowed in Edge Runtime\n" +
	"Learn More: https://nextjs.org/docs/messages/edge-dynamic-code-evaluation"

// warningStackDepth bounds the stack printed under a development warning.
const warningStackDepth = 10

// functionPrototypes reads the prototypes of async and generator functions,
// which no global names. Compiled once per process; read-only afterwards.
var functionPrototypes = sync.OnceValue(func() *goja.Program {
	return goja.MustCompile("edgeplay:codegen", "[Object.getPrototypeOf(async function () {}), Object.getPrototypeOf(function* () {})]", true)
})

// asyncGeneratorPrototype reads %AsyncGeneratorFunction.prototype%; nil when
// goja does not parse async generators (true of the version in go.mod).
var asyncGeneratorPrototype = sync.OnceValue(func() *goja.Program {
	p, err := goja.Compile("edgeplay:codegen", "Object.getPrototypeOf(async function* () {})", true)
	if err != nil {
		return nil
	}
	return p
})

// restrictCodeGeneration applies R-RT-3 to rt: code generation from
// strings is refused at run time in production mode and warned about in
// development mode.
func restrictCodeGeneration(rt *goja.Runtime, opts Options) error {
	in, err := captureIntrinsics(rt)
	if err != nil {
		return err
	}
	if opts.Mode == "development" {
		return in.warn(rt)
	}
	return in.refuse(rt)
}

// codegenIntrinsics are a runtime's original code-generating intrinsics.
type codegenIntrinsics struct {
	eval  *goja.Object
	ctors []intrinsicCtor
}

// intrinsicCtor is one constructor that compiles its string arguments.
type intrinsicCtor struct {
	name  string
	ctor  *goja.Object // the original constructor
	proto *goja.Object // its `prototype`, whose `constructor` points back to it
	// writable is the `constructor` property's attribute as goja defines it.
	writable goja.Flag
}

// captureIntrinsics records rt's code-generating intrinsics before anything
// replaces them.
func captureIntrinsics(rt *goja.Runtime) (*codegenIntrinsics, error) {
	global := rt.GlobalObject()
	eval, ok := global.Get("eval").(*goja.Object)
	if !ok {
		return nil, fmt.Errorf("global eval is missing")
	}
	function, ok := global.Get("Function").(*goja.Object)
	if !ok {
		return nil, fmt.Errorf("global Function is missing")
	}
	in := &codegenIntrinsics{eval: eval}
	add := func(name string, proto goja.Value, writable goja.Flag) error {
		p, ok := proto.(*goja.Object)
		if !ok {
			return fmt.Errorf("%s.prototype is not an object", name)
		}
		c, ok := p.Get("constructor").(*goja.Object)
		if !ok {
			return fmt.Errorf("%s.prototype.constructor is not an object", name)
		}
		in.ctors = append(in.ctors, intrinsicCtor{name: name, ctor: c, proto: p, writable: writable})
		return nil
	}
	if err := add("Function", function.Get("prototype"), goja.FLAG_TRUE); err != nil {
		return nil, err
	}
	protos, err := rt.RunProgram(functionPrototypes())
	if err != nil {
		return nil, fmt.Errorf("read function prototypes: %w", err)
	}
	list := protos.ToObject(rt)
	if err := add("AsyncFunction", list.Get("0"), goja.FLAG_TRUE); err != nil {
		return nil, err
	}
	if err := add("GeneratorFunction", list.Get("1"), goja.FLAG_FALSE); err != nil {
		return nil, err
	}
	if prg := asyncGeneratorPrototype(); prg != nil {
		proto, err := rt.RunProgram(prg)
		if err != nil {
			return nil, fmt.Errorf("read async generator function prototype: %w", err)
		}
		if err := add("AsyncGeneratorFunction", proto, goja.FLAG_FALSE); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// refuse installs replacements that throw R-RT-3's EvalError (production).
func (in *codegenIntrinsics) refuse(rt *goja.Runtime) error {
	evalError, ok := goja.AssertConstructor(rt.GlobalObject().Get("EvalError"))
	if !ok {
		return fmt.Errorf("global EvalError is missing")
	}
	// Captured now, so a handler that replaces EvalError cannot change the error.
	throw := func() {
		e, err := evalError(nil, rt.ToValue(codeGenRefused))
		if err != nil {
			panic(err)
		}
		panic(e)
	}
	eval := rt.ToValue(func(goja.FunctionCall) goja.Value {
		throw()
		return nil
	}).ToObject(rt)
	if err := nameFunction(rt, eval, "eval"); err != nil {
		return err
	}
	if err := rt.GlobalObject().DefineDataProperty("eval", eval, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return fmt.Errorf("replace eval: %w", err)
	}
	return in.replaceCtors(rt, func(intrinsicCtor) func(goja.ConstructorCall) *goja.Object {
		return func(goja.ConstructorCall) *goja.Object {
			throw()
			return nil
		}
	})
}

// warn installs replacements that log a DynamicCodeEvaluationWarning once
// per call site, then do what the intrinsic does (development).
func (in *codegenIntrinsics) warn(rt *goja.Runtime) error {
	console, _ := rt.GlobalObject().Get("console").(*goja.Object)
	var consoleWarn goja.Callable
	if console != nil {
		consoleWarn, _ = goja.AssertFunction(console.Get("warn"))
	}
	warned := map[string]bool{}
	report := func() {
		if consoleWarn == nil {
			return
		}
		site, stack := callSite(rt)
		if site == "" || warned[site] {
			return
		}
		warned[site] = true
		_, _ = consoleWarn(console, rt.ToValue(dynamicCodeWarning+stack))
	}

	// eval stays the intrinsic, so a direct eval keeps its scope: the
	// global binding becomes an accessor that reports the site reading it.
	current := goja.Value(in.eval)
	getter := rt.ToValue(func(goja.FunctionCall) goja.Value {
		if current == goja.Value(in.eval) {
			report()
		}
		return current
	})
	setter := rt.ToValue(func(call goja.FunctionCall) goja.Value {
		current = call.Argument(0)
		return goja.Undefined()
	})
	if err := rt.GlobalObject().DefineAccessorProperty("eval", getter, setter, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return fmt.Errorf("wrap eval: %w", err)
	}
	return in.replaceCtors(rt, func(c intrinsicCtor) func(goja.ConstructorCall) *goja.Object {
		construct, _ := goja.AssertConstructor(c.ctor)
		return func(call goja.ConstructorCall) *goja.Object {
			report()
			obj, err := construct(call.NewTarget, call.Arguments...)
			if err != nil {
				panic(err)
			}
			return obj
		}
	})
}

// replaceCtors installs, for each intrinsic constructor, the function build
// makes, with the original's name, length and prototype.
func (in *codegenIntrinsics) replaceCtors(rt *goja.Runtime, build func(intrinsicCtor) func(goja.ConstructorCall) *goja.Object) error {
	var function *goja.Object
	for _, c := range in.ctors {
		repl := rt.ToValue(build(c)).ToObject(rt)
		if err := nameFunction(rt, repl, c.name); err != nil {
			return err
		}
		if err := repl.DefineDataProperty("prototype", c.proto, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE); err != nil {
			return fmt.Errorf("%s.prototype: %w", c.name, err)
		}
		if err := c.proto.DefineDataProperty("constructor", repl, c.writable, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
			return fmt.Errorf("%s.prototype.constructor: %w", c.name, err)
		}
		if c.name == "Function" {
			function = repl
			if err := rt.GlobalObject().DefineDataProperty("Function", repl, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
				return fmt.Errorf("replace Function: %w", err)
			}
		} else if function != nil {
			// As the intrinsics: Object.getPrototypeOf(AsyncFunction) === Function.
			if err := repl.SetPrototype(function); err != nil {
				return fmt.Errorf("%s's prototype: %w", c.name, err)
			}
		}
	}
	return nil
}

// restore puts the original intrinsics back (the WPT sandbox, whose test
// harness generates code, runs unrestricted).
func (in *codegenIntrinsics) restore(rt *goja.Runtime) error {
	if err := rt.GlobalObject().DefineDataProperty("eval", in.eval, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return fmt.Errorf("restore eval: %w", err)
	}
	for _, c := range in.ctors {
		if err := c.proto.DefineDataProperty("constructor", c.ctor, c.writable, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
			return fmt.Errorf("restore %s.prototype.constructor: %w", c.name, err)
		}
		if c.name == "Function" {
			if err := rt.GlobalObject().DefineDataProperty("Function", c.ctor, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
				return fmt.Errorf("restore Function: %w", err)
			}
		}
	}
	return nil
}

// nameFunction gives a native function the intrinsic's name and length 1.
func nameFunction(rt *goja.Runtime, fn *goja.Object, name string) error {
	if err := fn.DefineDataProperty("name", rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return fmt.Errorf("name %s: %w", name, err)
	}
	if err := fn.DefineDataProperty("length", rt.ToValue(1), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return fmt.Errorf("length of %s: %w", name, err)
	}
	return nil
}

// callSite identifies the JavaScript position that is generating code (the
// first frame with a source) and formats the stack below it as an Error's.
func callSite(rt *goja.Runtime) (site, stack string) {
	var buf bytes.Buffer
	for _, f := range rt.CaptureCallStack(warningStackDepth+2, nil) {
		if f.SrcName() == "<native>" {
			continue
		}
		p := f.Position()
		pos := fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
		if site == "" {
			site = pos
		}
		if name := f.FuncName(); name != "" {
			fmt.Fprintf(&buf, "\n    at %s (%s)", name, pos)
		} else {
			fmt.Fprintf(&buf, "\n    at %s", pos)
		}
	}
	return site, buf.String()
}
