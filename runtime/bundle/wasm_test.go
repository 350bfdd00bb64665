package bundle

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestWasmModuleImport: `import mod from './x.wasm?module'` (R-MOD-1)
// becomes a require of the module's content id, its bytes travel with the
// result, and the file is watched; a missing file names the import.
func TestWasmModuleImport(t *testing.T) {
	wasmBytes := "\x00asm\x01\x00\x00\x00"
	dir := writeFiles(t, map[string]string{
		"lib/add.wasm":     wasmBytes,
		"pages/api/add.ts": "import mod from '../../lib/add.wasm?module'\nexport const config = { runtime: 'edge' }\nexport default async () => new Response(String(mod instanceof WebAssembly.Module))\n",
		"pages/api/bad.ts": "import mod from './missing.wasm?module'\nexport const config = { runtime: 'edge' }\nexport default () => new Response(String(mod))\n",
	})
	res := Build(Options{Dir: dir, Entry: "pages/api/add.ts"})
	if res.Failed() {
		t.Fatal(res.Problems)
	}
	if len(res.WasmModules) != 1 {
		t.Fatalf("wasm modules: %v", res.WasmModules)
	}
	for id, data := range res.WasmModules {
		if string(data) != wasmBytes || !strings.Contains(res.Code, `require("`+WasmModulePrefix+id+`")`) {
			t.Errorf("module %s: %q; code lacks its require", id, data)
		}
	}
	watched := false
	for _, in := range res.Inputs {
		if in == filepath.Join(dir, "lib", "add.wasm") {
			watched = true
		}
	}
	if !watched {
		t.Errorf("inputs %v lack the .wasm file", res.Inputs)
	}

	bad := Build(Options{Dir: dir, Entry: "pages/api/bad.ts"})
	p, failed := bad.FirstError()
	if !failed || !strings.Contains(p.Message, "Module not found: Can't resolve './missing.wasm?module'") || p.File != "pages/api/bad.ts" || p.Line != 1 {
		t.Errorf("missing module: %+v", bad.Problems)
	}
}

// TestAssetReferences: new URL('./file', import.meta.url) (R-MOD-1)
// carries the file into the build under a content-named blob: URL; a file
// that is not there is an error naming it; references in line comments
// and to non-relative URLs are left alone.
func TestAssetReferences(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"lib/font.ttf":     "font bytes",
		"pages/api/ok.ts":  "export const config = { runtime: 'edge' }\n// see new URL('./nothing', import.meta.url)\nconst u = new URL('../../lib/font.ttf', import.meta.url)\nconst abs = new URL('https://example.com/x', import.meta.url)\nexport default () => fetch(u)\n",
		"pages/api/bad.ts": "export const config = { runtime: 'edge' }\nconst u = new URL('./missing.bin', import.meta.url)\nexport default () => fetch(u)\n",
	})
	res := Build(Options{Dir: dir, Entry: "pages/api/ok.ts"})
	if res.Failed() || len(res.Assets) != 1 {
		t.Fatalf("build: %v, assets %v", res.Problems, res.Assets)
	}
	for name, data := range res.Assets {
		if !strings.HasPrefix(name, "font.") || !strings.HasSuffix(name, ".ttf") || string(data) != "font bytes" || !strings.Contains(res.Code, AssetURLPrefix+name) {
			t.Errorf("asset %q %q", name, data)
		}
	}
	if !strings.Contains(res.Code, "https://example.com/x") {
		t.Error("the absolute URL was rewritten")
	}
	bad := Build(Options{Dir: dir, Entry: "pages/api/bad.ts"})
	if p, failed := bad.FirstError(); !failed || !strings.Contains(p.Message, `asset "./missing.bin" referenced with new URL(…, import.meta.url) cannot be read`) {
		t.Errorf("missing asset: %+v", bad.Problems)
	}
}
