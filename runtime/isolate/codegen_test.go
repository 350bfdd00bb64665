package isolate

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"edgeplay/runtime/bundle"
)

// moduleProgram compiles a hand-written module function, bypassing the
// build (whose R-RT-3 check would refuse the direct forms in production).
func moduleProgram(t *testing.T, body string) *Program {
	t.Helper()
	code := "(function (module, exports, require) {\n" + body + "\n})"
	p, err := Compile("pages/api/r.js", code, "h")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// evalHandler returns a module whose handler runs expr and answers with its
// result or with the error it threw ("Name: message").
func evalHandler(expr string) string {
	return `module.exports.default = function () {
  var flag = { ran: false }
  globalThis.flag = flag
  var out
  try {
    out = 'ok: ' + String(` + expr + `)
  } catch (e) {
    out = (e instanceof EvalError ? 'EvalError instance ' : '') + e.name + ': ' + e.message
  }
  return new Response(out + (flag.ran ? ' (code ran)' : ''))
}`
}

func serveOnce(t *testing.T, prog *Program, opts Options) *Response {
	t.Helper()
	pool := engine.NewPool(prog, opts)
	defer pool.Close()
	res, err := pool.Serve(context.Background(), Request{URL: "http://localhost:3000/api/r", Method: "GET"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCodeGenerationRefusedInProduction(t *testing.T) {
	// R-RT-3: forms the build cannot see (and the direct ones, should they
	// reach the isolate) throw V8's EvalError.
	const want = "EvalError instance EvalError: Code generation from strings disallowed for this context"
	forms := []struct{ name, expr string }{
		{"direct eval", `eval('flag.ran = true')`},
		{"direct eval in strict code", `(function () { 'use strict'; return eval('flag.ran = true') })()`},
		{"indirect eval", `(0, eval)('flag.ran = true')`},
		{"computed global eval", `globalThis['ev' + 'al']('flag.ran = true')`},
		{"eval.call", `eval.call(null, 'flag.ran = true')`},
		{"Function call", `Function('flag.ran = true')()`},
		{"new Function", `new Function('flag.ran = true')()`},
		{"Function.apply", `Function.apply(null, ['flag.ran = true'])()`},
		{"Reflect.construct", `Reflect.construct(Function, ['flag.ran = true'])()`},
		{"Function.prototype.constructor", `Function.prototype.constructor('flag.ran = true')()`},
		{"arrow constructor", `(() => {}).constructor('flag.ran = true')()`},
		{"class constructor's constructor", `(class {}).constructor('flag.ran = true')()`},
		{"async function constructor", `(async () => {}).constructor('flag.ran = true')()`},
		{"async function declaration constructor", `Object.getPrototypeOf(async function () {}).constructor('flag.ran = true')()`},
		{"generator function constructor", `(function* () {}).constructor('flag.ran = true')().next()`},
		{"subclass of Function", `(function () { class F extends Function {}; return new F('flag.ran = true')() })()`},
		{"bound Function", `Function.bind(null, 'flag.ran = true')()()`},
	}
	for _, tt := range forms {
		t.Run(tt.name, func(t *testing.T) {
			res := serveOnce(t, moduleProgram(t, evalHandler(tt.expr)), Options{Size: 1, Mode: "production"})
			if got := string(res.Body); got != want {
				t.Errorf("%s: got %q, want %q", tt.expr, got, want)
			}
		})
	}
}

func TestAsyncGeneratorConstructorRefusedThroughBuild(t *testing.T) {
	// goja lacks async generators; the build lowers them to generators, so
	// the `constructor` a handler reaches is still a refused one.
	prog := compileSource(t, `export const config = { runtime: 'edge' }
export default async function handler() {
  const gen = async function* () { yield 1 }
  try {
    gen.constructor('return 1')
    return new Response('generated')
  } catch (e) {
    return new Response(e.name + ': ' + e.message)
  }
}
`)
	res := serveOnce(t, prog, Options{Size: 1, Mode: "production"})
	if got, want := string(res.Body), "EvalError: "+codeGenRefused; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFunctionIntrinsicsKeepWorking(t *testing.T) {
	// Replacing the constructors must not break what does not generate code.
	checks := []string{
		`(() => {}) instanceof Function`,
		`(async () => {}) instanceof Function`,
		`(function* () {}) instanceof Function`,
		`!({} instanceof Function)`,
		`(function () {}).constructor === Function`,
		`Function.prototype === Object.getPrototypeOf(function () {})`,
		`Function.prototype.call.call(function (a) { return this.x + a }, { x: 1 }, 2) === 3`,
		`(function () { return this }).bind(7)() == 7`,
		`Function.name === 'Function' && Function.length === 1 && eval.name === 'eval'`,
		`typeof eval === 'function' && typeof Function === 'function'`,
		`Object.getPrototypeOf(async function () {}).constructor.prototype === Object.getPrototypeOf(async function () {})`,
		`Object.getPrototypeOf(Object.getPrototypeOf(async function () {}).constructor) === Function`,
		`Object.getPrototypeOf(function* () {}).constructor.name === 'GeneratorFunction'`,
		`(async () => {}).constructor.name === 'AsyncFunction'`,
		`Object.getOwnPropertyDescriptor(Function, 'prototype').writable === false`,
		`Function.prototype.toString.call(Function).includes('Function')`,
		`Array.from([1, 2], x => x * 2).join() === '2,4'`,
	}
	for _, mode := range []string{"production", "development"} {
		t.Run(mode, func(t *testing.T) {
			var list []string
			for _, c := range checks {
				list = append(list, "(function () { try { return "+c+" } catch (e) { return String(e) } })()")
			}
			body := "module.exports.default = function () { var r = [" + strings.Join(list, ",\n") + "]; return new Response(JSON.stringify(r)) }"
			res := serveOnce(t, moduleProgram(t, body), Options{Size: 1, Mode: mode})
			var got []any
			if err := decodeJSON(res.Body, &got); err != nil {
				t.Fatalf("%v: %s", err, res.Body)
			}
			for i, v := range got {
				if v != true {
					t.Errorf("%s: got %v", checks[i], v)
				}
			}
		})
	}
}

func TestDynamicCodeWarningInDevelopment(t *testing.T) {
	// R-RT-3: `next dev` runs the code and warns once per call site.
	body := `module.exports.default = function () {
  var local = 40
  var out = []
  for (var i = 0; i < 3; i++) {
    out.push(eval('local + 2'))
    out.push(new Function('a', 'return a * 2')(i))
    out.push((async () => {}).constructor('return 1') instanceof Function)
  }
  out.push((0, eval)('typeof local'))
  return new Response(JSON.stringify(out))
}`
	pool := engine.NewPool(moduleProgram(t, body), Options{Size: 1, Mode: "development"})
	defer pool.Close()
	for round := 0; round < 2; round++ {
		res, err := pool.Serve(context.Background(), Request{URL: "http://localhost:3000/api/r", Method: "GET"})
		if err != nil {
			t.Fatal(err)
		}
		// Direct eval keeps its scope (local is visible); indirect eval does not.
		if got, want := string(res.Body), `[42,0,true,42,2,true,42,4,true,"undefined"]`; got != want {
			t.Errorf("round %d: body %s, want %s", round, got, want)
		}
		var warnings []string
		for _, l := range res.Logs {
			if strings.Contains(l.Message, "DynamicCodeEvaluationWarning") {
				warnings = append(warnings, l.Message)
				if l.Level != "warn" {
					t.Errorf("level %q, want warn", l.Level)
				}
			}
		}
		wantN := 4 // eval, new Function, AsyncFunction, (0, eval): each once
		if round == 1 {
			wantN = 0 // already warned in this isolate
		}
		if len(warnings) != wantN {
			t.Fatalf("round %d: %d warnings, want %d: %q", round, len(warnings), wantN, warnings)
		}
		for _, w := range warnings {
			if !strings.HasPrefix(w, dynamicCodeWarning+"\n    at ") || !strings.Contains(w, "pages/api/r.js:") {
				t.Errorf("warning %q lacks the message or the call site", w)
			}
		}
	}
}

func TestDevelopmentEvalReadIsReportedOnce(t *testing.T) {
	res := serveOnce(t, moduleProgram(t, `module.exports.default = () => new Response(String(typeof eval))`), Options{Size: 1, Mode: "development"})
	if string(res.Body) != "function" {
		t.Errorf("body %q", res.Body)
	}
	// Reading eval is reported as a site in development (the accessor cannot
	// tell a read from a call): exactly once.
	if len(res.Logs) != 1 {
		t.Errorf("logs = %+v", res.Logs)
	}
}

func TestSandboxCodeGeneration(t *testing.T) {
	// The WPT harness generates code: the sandbox is unrestricted unless asked.
	for _, tt := range []struct {
		restrict bool
		want     string
	}{
		{false, "3 2 true"},
		{true, "EvalError: " + codeGenRefused},
	} {
		sb, err := engine.NewSandbox(SandboxOptions{RestrictCodeGeneration: tt.restrict})
		if err != nil {
			t.Fatal(err)
		}
		var got string
		err = sb.Run(context.Background(), func(rt *goja.Runtime) error {
			v, err := rt.RunString(`(function () { try {
  return [new Function('return 3')(), eval('1 + 1'), (function () {}).constructor === Function].join(' ')
} catch (e) { return e.name + ': ' + e.message } })()`)
			if err == nil {
				got = v.String()
			}
			return err
		})
		sb.Close()
		<-sb.Done()
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("restrict=%v: %q, want %q", tt.restrict, got, tt.want)
		}
	}
}

func TestBuildRefusesWhatTheIsolateRefuses(t *testing.T) {
	// The two halves of R-RT-3 agree: the production build fails on a direct
	// eval, and a development build of the same route runs it with a warning.
	dir := t.TempDir()
	writeRoute(t, dir, "export const config = { runtime: 'edge' }\nexport default () => new Response(String(eval('1 + 1')))\n")
	if res := bundle.Build(bundle.Options{Dir: dir, Entry: "pages/api/r.ts", Mode: bundle.Production}); !res.Failed() {
		t.Fatalf("production build did not fail: %v", res.Problems)
	}
	res := bundle.Build(bundle.Options{Dir: dir, Entry: "pages/api/r.ts", Mode: bundle.Development})
	if res.Failed() {
		t.Fatalf("development build failed: %v", res.Problems)
	}
	prog, err := Compile("pages/api/r.ts", res.Code, res.Hash)
	if err != nil {
		t.Fatal(err)
	}
	out := serveOnce(t, prog, Options{Size: 1, Mode: "development"})
	if string(out.Body) != "2" || len(out.Logs) != 1 || !strings.Contains(out.Logs[0].Message, "pages/api/r.ts:2:") {
		t.Errorf("body %q, logs %+v", out.Body, out.Logs)
	}
}

func decodeJSON(b []byte, v any) error { return json.Unmarshal(b, v) }
