package bundle

import (
	"strings"
	"testing"
)

const learnMore = "Learn More: https://nextjs.org/docs/messages/edge-dynamic-code-evaluation"

// dynProblems returns the R-RT-3 problems of a build.
func dynProblems(res *Result) []Problem {
	var out []Problem
	for _, p := range res.Problems {
		if strings.HasPrefix(p.Message, dynamicCodeMessage) {
			out = append(out, p)
		}
	}
	return out
}

func TestDynamicCodeBuildError(t *testing.T) {
	// R-RT-3: what Next's edge build flags, located in the source.
	const head = "export const config = { runtime: 'edge' }\nconst n: number = 1\n"
	tests := []struct {
		name      string
		src       string
		line, col int
		usedBy    string // "" when the use runs at load time
	}{
		{"eval", head + "export default function handler() {\n  return new Response(String(eval('n + 1')))\n}\n", 4, 29, "default"},
		{"new Function", head + "export default () => {\n  const f = new Function('a', 'return a')\n  return new Response(f(n))\n}\n", 4, 12, "default"},
		{"Function call", head + "export default () => new Response(Function('return 1')())\n", 3, 34, "default"},
		{"global.eval", head + "export default () => new Response(global.eval('1'))\n", 3, 34, "default"},
		{"new global.Function", head + "export default () => new Response(new global.Function('return 1')())\n", 3, 34, "default"},
		{"WebAssembly.compile", head + "export default async (req: Request) => {\n  await WebAssembly.compile(new Uint8Array(8))\n  return new Response('x')\n}\n", 4, 8, "default"},
		{"optional call", head + "export default () => new Response(eval?.('1'))\n", 3, 34, "default"},
		{"top level", head + "const two = eval('1 + 1')\nexport default () => new Response(String(two))\n", 3, 12, ""},
		{"through a helper", head + "function compile(s: string) { return new Function(s) }\nexport const GET = () => compile('return 1')()\nexport default () => new Response(String(compile('return 2')()))\n", 3, 37, "GET, default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"pages/api/r.ts": tt.src})
			res := Build(Options{Dir: dir, Entry: "pages/api/r.ts", Mode: Production})
			if !res.Failed() || res.Code != "" {
				t.Fatalf("build did not fail: %v", res.Problems)
			}
			probs := dynProblems(res)
			if len(probs) != 1 {
				t.Fatalf("want one R-RT-3 problem, got %v", res.Problems)
			}
			p := probs[0]
			if p.Severity != Error || p.File != "pages/api/r.ts" || p.Line != tt.line || p.Column != tt.col {
				t.Errorf("problem at %s:%d:%d (%s), want pages/api/r.ts:%d:%d", p.File, p.Line, p.Column, p.Severity, tt.line, tt.col)
			}
			want := dynamicCodeMessage + "\n"
			if tt.usedBy != "" {
				want += "Used by " + tt.usedBy + "\n"
			}
			want += learnMore
			if p.Message != want {
				t.Errorf("message %q, want %q", p.Message, want)
			}
			if p.LineText == "" {
				t.Error("no line text")
			}
			if first, _ := res.FirstError(); first.Message != p.Message {
				t.Errorf("first error is %q", first.Message)
			}
		})
	}
}

func TestDynamicCodeNotFlagged(t *testing.T) {
	// Forms Next's build does not see (they throw at run time instead), and
	// names that are not the globals.
	tests := []struct{ name, body string }{
		{"indirect eval", "(0, eval)('1')"},
		{"globalThis.eval", "globalThis.eval('1')"},
		{"computed", "globalThis['ev' + 'al']('1')"},
		{"constructor", "(() => {}).constructor('return 1')()"},
		{"WebAssembly.instantiate", "WebAssembly.instantiate(new Uint8Array(8))"},
		{"shadowed Function", "((Function: (s: string) => string) => Function('x'))(s => s)"},
		{"shadowed eval in a block", "(() => { let eval2 = 1; { const Function = String; return Function(eval2) } })()"},
		{"method named eval", "({ eval: (s: string) => s }).eval('x')"},
		{"instanceof", "(() => {}) instanceof Function"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "export const config = { runtime: 'edge' }\nexport default () => new Response(String(" + tt.body + "))\n"
			dir := writeFiles(t, map[string]string{"pages/api/r.ts": src})
			res := Build(Options{Dir: dir, Entry: "pages/api/r.ts", Mode: Production})
			if res.Failed() || len(dynProblems(res)) > 0 {
				t.Errorf("problems: %v", res.Problems)
			}
		})
	}
}

// libFiles is a workspace whose route imports a package that generates code.
func libFiles(config string) map[string]string {
	return map[string]string{
		"pages/api/r.ts": "import { run } from 'lib'\nimport cjs from 'cjs'\nexport const config = { runtime: 'edge'" + config + " }\n" +
			"export default () => new Response(String(run('1') + cjs('2')))\n",
		"node_modules/lib/package.json": `{"name":"lib","module":"index.js"}`,
		"node_modules/lib/index.js":     "export function run(s) {\n  return new Function('return ' + s)()\n}\nexport function unused(s) { return eval(s) }\n",
		"node_modules/cjs/package.json": `{"name":"cjs","main":"index.js"}`,
		"node_modules/cjs/index.js":     "module.exports = function (s) {\n  return eval(s)\n}\n",
	}
}

func TestDynamicCodeInNodeModules(t *testing.T) {
	dir := writeFiles(t, libFiles(""))
	res := Build(Options{Dir: dir, Entry: "pages/api/r.ts"})
	probs := dynProblems(res)
	if !res.Failed() || len(probs) != 2 {
		t.Fatalf("want 2 R-RT-3 errors, got %v", res.Problems)
	}
	byFile := map[string]Problem{}
	for _, p := range probs {
		byFile[p.File] = p
	}
	// The ES module's unused export (kept by esbuild because of its direct
	// eval) is not flagged: webpack checks the export is used.
	lib, ok := byFile["node_modules/lib/index.js"]
	if !ok || lib.Line != 2 || lib.Column != 9 {
		t.Errorf("lib problem: %+v", lib)
	}
	wantLib := dynamicCodeMessage + "\nUsed by run\n" + learnMore + "\n\nImport trace for requested module:\n./node_modules/lib/index.js\n./pages/api/r.ts"
	if lib.Message != wantLib {
		t.Errorf("lib message %q, want %q", lib.Message, wantLib)
	}
	// A CommonJS module has no inner graph: no "Used by" line.
	cjs, ok := byFile["node_modules/cjs/index.js"]
	if !ok || cjs.Line != 2 || cjs.Column != 9 || strings.Contains(cjs.Message, "Used by") || !strings.Contains(cjs.Message, "./node_modules/cjs/index.js\n./pages/api/r.ts") {
		t.Errorf("cjs problem: %+v", cjs)
	}
}

func TestUnstableAllowDynamic(t *testing.T) {
	tests := []struct {
		name   string
		config string
		errors int
	}{
		{"none", "", 2},
		{"one package", ", unstable_allowDynamic: ['/node_modules/lib/**']", 1},
		{"any depth", ", unstable_allowDynamic: ['**/node_modules/{lib,cjs}/**']", 0},
		{"single file", ", unstable_allowDynamic: '/node_modules/cjs/index.js'", 1},
		{"no match", ", unstable_allowDynamic: ['/lib/**']", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, libFiles(tt.config))
			res := Build(Options{Dir: dir, Entry: "pages/api/r.ts"})
			if got := len(dynProblems(res)); got != tt.errors {
				t.Errorf("%d R-RT-3 errors, want %d: %v", got, tt.errors, res.Problems)
			}
			if res.Failed() != (tt.errors > 0) {
				t.Errorf("failed = %v", res.Failed())
			}
		})
	}
}

func TestKnownSafeDynamicPackages(t *testing.T) {
	// Next exempts function-bind (its dynamic code never runs).
	dir := writeFiles(t, map[string]string{
		"pages/api/r.ts": "import bind from 'function-bind'\nexport const config = { runtime: 'edge' }\nexport default () => new Response(String(typeof bind))\n",
		"node_modules/function-bind/package.json": `{"name":"function-bind","main":"index.js"}`,
		"node_modules/function-bind/index.js":     "module.exports = function () { return Function('binder', 'return 1') }\n",
	})
	if res := Build(Options{Dir: dir, Entry: "pages/api/r.ts"}); res.Failed() {
		t.Errorf("problems: %v", res.Problems)
	}
}

func TestDynamicCodeWarnsInDevelopment(t *testing.T) {
	dir := writeFiles(t, map[string]string{"pages/api/r.ts": "export const config = { runtime: 'edge' }\nexport default () => new Response(String(eval('1 + 1')))\n"})
	res := Build(Options{Dir: dir, Entry: "pages/api/r.ts", Mode: Development})
	probs := dynProblems(res)
	if res.Failed() || res.Code == "" || len(probs) != 1 || probs[0].Severity != Warning || probs[0].Line != 2 {
		t.Fatalf("problems: %v", res.Problems)
	}
	if !strings.HasSuffix(probs[0].Message, learnMore+"\n"+dynamicCodeDevNote) {
		t.Errorf("message %q", probs[0].Message)
	}
	// esbuild's own direct-eval warning is not repeated.
	for _, p := range res.Problems {
		if strings.Contains(p.Message, "direct eval") {
			t.Errorf("esbuild warning kept: %v", p)
		}
	}
}

func TestAllowDynamicConfig(t *testing.T) {
	tests := []struct {
		name    string
		value   string
		want    []string
		warning string
	}{
		{"list", "['/lib/a.js', '**/node_modules/x/**']", []string{"/lib/a.js", "**/node_modules/x/**"}, ""},
		{"string", "'/lib/a.js'", []string{"/lib/a.js"}, ""},
		{"number", "1", nil, "must be a glob or an array of globs"},
		{"bad glob", "['/lib/[a.js']", nil, "invalid glob"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "export const config = { runtime: 'edge', unstable_allowDynamic: " + tt.value + " }\nexport default () => new Response('x')\n"
			dir := writeFiles(t, map[string]string{"pages/api/r.ts": src})
			res := Build(Options{Dir: dir, Entry: "pages/api/r.ts"})
			if strings.Join(res.Config.AllowDynamic, "|") != strings.Join(tt.want, "|") {
				t.Errorf("AllowDynamic = %q, want %q", res.Config.AllowDynamic, tt.want)
			}
			found := tt.warning == ""
			for _, p := range res.Problems {
				if tt.warning != "" && strings.Contains(p.Message, tt.warning) {
					found = true
				}
			}
			if !found {
				t.Errorf("no warning %q in %v", tt.warning, res.Problems)
			}
		})
	}
}

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		glob, name string
		want       bool
	}{
		{"/lib/utilities.js", "/lib/utilities.js", true},
		{"/lib/utilities.js", "/lib/other.js", false},
		{"/lib/*.js", "/lib/a.js", true},
		{"/lib/*.js", "/lib/sub/a.js", false},
		{"/lib/**/*.js", "/lib/sub/deep/a.js", true},
		{"/lib/**/*.js", "/lib/a.js", true},
		{"**/node_modules/function-bind/**", "/node_modules/function-bind/implementation.js", true},
		{"**/node_modules/function-bind/**", "/node_modules/function-bind", true},
		{"**/node_modules/function-bind/**", "/node_modules/function-bind-x/a.js", false},
		{"/node_modules/{a,b}/*.js", "/node_modules/b/i.js", true},
		{"/node_modules/{a,b}/*.js", "/node_modules/c/i.js", false},
		{"/lib/?.js", "/lib/a.js", true},
		{"/lib/[ab].js", "/lib/c.js", false},
	}
	for _, tt := range tests {
		if got := globMatch(tt.glob, tt.name); got != tt.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tt.glob, tt.name, got, tt.want)
		}
	}
}

func TestConfigWarningColumn(t *testing.T) {
	// The warning points at the key (0-based column, as esbuild's problems).
	dir := writeFiles(t, map[string]string{"pages/api/r.ts": "export const config = { runtime: 'edge', unstable_allowDynamic: 1 }\nexport default () => new Response('x')\n"})
	res := Build(Options{Dir: dir, Entry: "pages/api/r.ts"})
	for _, p := range res.Problems {
		if strings.Contains(p.Message, "unstable_allowDynamic") {
			if p.Line != 1 || p.Column != 41 {
				t.Errorf("warning at %d:%d, want 1:41", p.Line, p.Column)
			}
			return
		}
	}
	t.Errorf("no warning in %v", res.Problems)
}
