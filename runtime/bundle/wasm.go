package bundle

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"
)

// WasmModulePrefix starts the ids the compiled code requires WebAssembly
// modules by: `require("edgeplay:wasm/<id>")` gives the WebAssembly.Module
// whose bytes are Result.WasmModules[<id>].
const WasmModulePrefix = "edgeplay:wasm/"

// wasmModules collects the WebAssembly modules a route imports with the
// edge build's `?module` suffix (`import mod from './add.wasm?module'`,
// SPEC R-MOD-1): each becomes a require of its content id, answered by the
// isolate with a compiled WebAssembly.Module.
type wasmModules struct {
	mu     sync.Mutex
	byID   map[string][]byte
	fileOf map[string]string // id → absolute path
	files  []string
}

func (w *wasmModules) plugin() api.Plugin {
	return api.Plugin{
		Name: "edgeplay-wasm-modules",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: `\.wasm\?module$`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				p := strings.TrimSuffix(args.Path, "?module")
				if !filepath.IsAbs(p) {
					p = filepath.Join(args.ResolveDir, filepath.FromSlash(p))
				}
				if _, err := os.Stat(p); err != nil {
					return api.OnResolveResult{}, fmt.Errorf("Module not found: Can't resolve '%s'", args.Path)
				}
				return api.OnResolveResult{Path: p, Namespace: "edgeplay-wasm"}, nil
			})
			b.OnResolve(api.OnResolveOptions{Filter: "^" + WasmModulePrefix}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				return api.OnResolveResult{Path: args.Path, External: true}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "edgeplay-wasm"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				data, err := os.ReadFile(args.Path)
				if err != nil {
					return api.OnLoadResult{}, fmt.Errorf("read WebAssembly module: %w", err)
				}
				sum := sha256.Sum256(data)
				id := hex.EncodeToString(sum[:12])
				w.mu.Lock()
				if w.byID == nil {
					w.byID, w.fileOf = map[string][]byte{}, map[string]string{}
				}
				w.byID[id], w.fileOf[id] = data, args.Path
				w.files = append(w.files, args.Path)
				w.mu.Unlock()
				contents := fmt.Sprintf("module.exports = require(%q);\n", WasmModulePrefix+id)
				return api.OnLoadResult{Contents: &contents, Loader: api.LoaderJS, ResolveDir: filepath.Dir(args.Path)}, nil
			})
		},
	}
}
