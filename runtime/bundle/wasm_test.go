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
