package wasm

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

// TestRealModules compiles and instantiates the WebAssembly that Next.js
// itself ships (resvg and yoga for @vercel/og, source-map's mappings), with
// every import stubbed, when the nextjs-diff workspace has been installed.
func TestRealModules(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "test", "nextjs-diff", "workspace", "node_modules", "next", "dist", "compiled")
	tests := []struct {
		file string
		want string
	}{
		{"@vercel/og/resvg.wasm", `{"imports":14,"memories":[1179648],"tables":[]}`},
		{"@vercel/og/yoga.wasm", `{"imports":29,"memories":[16777216],"tables":[201]}`},
		{"source-map08/mappings.wasm", `{"imports":1,"memories":[1114112],"tables":[]}`},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tc.file)))
			if err != nil {
				t.Skipf("Next.js not installed in test/nextjs-diff/workspace: %v", err)
			}
			env := newTestEnv(t, Options{})
			m, err := env.e.Compile(context.Background(), b)
			if err != nil {
				t.Fatal(err)
			}
			if again, _ := env.e.Compile(context.Background(), b); again != m {
				t.Fatal("second Compile did not hit the cache")
			}
			_ = env.rt.Set("mod", env.host.NewModuleValue(m))
			got := env.run(`
				const imps = WebAssembly.Module.imports(mod), obj = {};
				for (const d of imps) {
					obj[d.module] ??= {};
					if (d.kind === 'function') obj[d.module][d.name] = () => 0;
				}
				const x = Object.values(new WebAssembly.Instance(mod, obj).exports);
				return JSON.stringify({imports: imps.length,
					memories: x.filter(v => v instanceof WebAssembly.Memory).map(m => m.buffer.byteLength),
					tables: x.filter(v => v instanceof WebAssembly.Table).map(t => t.length)})`)
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// BenchmarkCall measures a call from JS into wasm, a call out to a JS
// import and back, and an instantiation with one JS import.
func BenchmarkCall(b *testing.B) {
	tests := []struct{ name, src string }{
		{"export", `const f = new WebAssembly.Instance(mod).exports.add; (n) => { let s = 0; for (let i = 0; i < n; i++) s = f(s, 1); return s }`},
		{"export calling import", `const g = new WebAssembly.Instance(imp, {env: {cb: x => x}}).exports.run; (n) => { for (let i = 0; i < n; i++) g(1) }`},
		{"instantiate", `(n) => { for (let i = 0; i < n; i++) new WebAssembly.Instance(imp, {env: {cb: x => x}}) }`},
	}
	for _, tc := range tests {
		b.Run(tc.name, func(b *testing.B) {
			env := newTestEnv(b, Options{})
			env.module("mod", addModule())
			env.module("imp", importModule())
			v, err := env.rt.RunString(tc.src)
			if err != nil {
				b.Fatal(err)
			}
			fn, _ := goja.AssertFunction(v)
			b.ResetTimer()
			if _, err := fn(goja.Undefined(), env.rt.ToValue(b.N)); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// TestVercelOG runs the WebAssembly half of @vercel/og as Next.js ships it
// (next/dist/compiled/@vercel/og/index.edge.js): resvg's wasm-bindgen glue
// renders an SVG to PNG, and yoga's Emscripten/embind glue (which reads
// functions out of a funcref table) lays out a row. The glue is cut out of
// the bundle by its section comments; the test skips when Next.js is not
// installed or the bundle's layout changed.
func TestVercelOG(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "test", "nextjs-diff", "workspace", "node_modules", "next", "dist", "compiled", "@vercel", "og")
	bundle, err := os.ReadFile(filepath.Join(dir, "index.edge.js"))
	if err != nil {
		t.Skipf("Next.js not installed in test/nextjs-diff/workspace: %v", err)
	}
	// section returns the bundle from the first line starting with marker
	// to the end of the section holding anchor.
	section := func(marker, anchor string) string {
		s := string(bundle)
		i := strings.Index(s, marker)
		a := strings.Index(s, anchor)
		if i < 0 || a < i {
			t.Skipf("index.edge.js has no %q before %q", marker, anchor)
		}
		j := strings.Index(s[a:], "\n// ")
		if j < 0 {
			t.Skipf("index.edge.js: no section after %q", anchor)
		}
		return s[i : a+j]
	}
	const polyfills = `
		var __export = (o, d) => { for (const k in d) Object.defineProperty(o, k, {get: d[k], enumerable: true}); };
		var console = {log() {}, warn() {}, error() {}};
		class TextEncoder { encode(s) { const out = []; for (const ch of s) { const c = ch.codePointAt(0);
			if (c < 0x80) out.push(c); else if (c < 0x800) out.push(0xc0 | c >> 6, 0x80 | c & 63);
			else if (c < 0x10000) out.push(0xe0 | c >> 12, 0x80 | c >> 6 & 63, 0x80 | c & 63);
			else out.push(0xf0 | c >> 18, 0x80 | c >> 12 & 63, 0x80 | c >> 6 & 63, 0x80 | c & 63); } return new Uint8Array(out); } }
		class TextDecoder { decode(b) { let s = ''; for (let i = 0; b && i < b.length; i++) s += String.fromCharCode(b[i]); return s; } }
		var out = 'pending';
	`
	tests := []struct {
		name, wasm, glue, run, want string
	}{
		{"resvg", "resvg.wasm", section("// node_modules/.pnpm/@resvg+resvg-wasm", "var Resvg2 = class"),
			`initWasm(mod).then(() => {
				const r = new Resvg2('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="red"/></svg>', {});
				const png = r.render().asPng();
				out = [String.fromCharCode(...png.slice(1, 4)), r.width, r.height].join();
			}).catch(e => { out = String(e) })`,
			"PNG,20,10"},
		{"yoga", "yoga.wasm", section("// node_modules/.pnpm/yoga-wasm-web", "async function initYoga"),
			`initYoga(mod).then((Y) => {
				const root = Y.Node.create(); root.setWidth(100); root.setHeight(50); root.setFlexDirection(Y.FLEX_DIRECTION_ROW);
				const a = Y.Node.create(); a.setFlexGrow(1); root.insertChild(a, 0);
				const b = Y.Node.create(); b.setWidth(30); root.insertChild(b, 1);
				root.calculateLayout(undefined, undefined, Y.DIRECTION_LTR);
				out = [a.getComputedWidth(), a.getComputedHeight(), b.getComputedLeft()].join();
			}).catch(e => { out = String(e) })`,
			"70,50,70"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, tc.wasm))
			if err != nil {
				t.Skip(err)
			}
			env := newTestEnv(t, Options{})
			m, err := env.e.Compile(context.Background(), b)
			if err != nil {
				t.Fatal(err)
			}
			_ = env.rt.Set("mod", env.host.NewModuleValue(m))
			if _, err := env.rt.RunString(polyfills + tc.glue + "\n" + tc.run); err != nil {
				t.Fatal(err)
			}
			if got := env.rt.Get("out").String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
