// Package bundle compiles one route's source with esbuild into a script the
// isolate runs, reads the route's static config (SPEC §2) and turns compiler
// diagnostics into problems that carry file, line and column.
package bundle

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// Mode is the build mode (R-MODE-1).
type Mode string

// The two modes Edgeplay runs a workspace in.
const (
	Production  Mode = "production"
	Development Mode = "development"
)

// ParseMode validates a mode name given on the command line or in settings.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case Production, Development:
		return Mode(s), nil
	}
	return "", fmt.Errorf("unknown mode %q (accepted: production, development)", s)
}

// Severity grades a problem.
type Severity string

// Problem severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Problem is one diagnostic about a route's source.
type Problem struct {
	Severity Severity `json:"severity"`
	// File is workspace-relative, in slash form.
	File string `json:"file"`
	// Line is 1-based; Column is 0-based in bytes, as esbuild reports them.
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Message  string `json:"message"`
	LineText string `json:"lineText,omitempty"`
}

// String formats the problem as "file:line:column: severity: message".
func (p Problem) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", p.File, p.Line, p.Column, p.Severity, p.Message)
}

// Options configure a build.
type Options struct {
	// Dir is the workspace root (absolute).
	Dir string
	// Entry is the route file, workspace-relative.
	Entry string
	// Mode selects the value inlined for process.env.NODE_ENV.
	Mode Mode
	// Plan sets the code size limit (R-RT-6); empty means Hobby.
	Plan Plan
	// AppRoute marks an App Router route handler (R-ROUTE-6): it exports
	// HTTP method handlers and segment config (runtime, preferredRegion,
	// maxDuration) instead of a default handler and `config`.
	AppRoute bool
	// Env are next.config's `env` values, inlined where the code reads
	// process.env.NAME, as Next.js inlines them (R-RT-4).
	Env map[string]string
}

// Result is the outcome of compiling one route.
type Result struct {
	// Code is the compiled script: a function expression
	// `(function (module, exports, require) {...})` with an inline source map.
	// Empty when the build failed.
	Code string
	// Hash is the content hash of Code (the handler version).
	Hash string
	// Inputs are the workspace files the bundle was built from (absolute paths).
	Inputs []string
	// Config is the route's static config.
	Config Config
	// Exports lists the module's export names.
	Exports []string
	// GzipSize is the compiled code's size gzip'd, the figure the plan's
	// limit applies to (R-RT-6).
	GzipSize int
	// WasmModules are the bytes of the WebAssembly modules the code
	// imports with `?module` (R-MOD-1), by the id it requires them with
	// (WasmModulePrefix + id).
	WasmModules map[string][]byte
	// WasmFiles names each of WasmModules' source files, workspace-relative.
	WasmFiles map[string]string
	// Assets are the files the code references as `new URL('./file',
	// import.meta.url)`, by the name fetch finds them under
	// (AssetURLPrefix + name; R-MOD-1).
	Assets map[string][]byte
	// Problems holds errors and warnings, errors first.
	Problems []Problem
}

// Failed reports whether the build produced errors.
func (r *Result) Failed() bool {
	for _, p := range r.Problems {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// FirstError returns the first error, if any.
func (r *Result) FirstError() (Problem, bool) {
	for _, p := range r.Problems {
		if p.Severity == Error {
			return p, true
		}
	}
	return Problem{}, false
}

// HasExport reports whether the module exports name.
func (r *Result) HasExport(name string) bool {
	for _, e := range r.Exports {
		if e == name {
			return true
		}
	}
	return false
}

// Platform modules are provided by Edgeplay itself, never by node_modules (R-MOD-1).
var platformModules = []string{"next/server", "next/headers"}

// Build compiles the route in opts.Entry. It never returns a Go error for
// problems in the user's code: those are in Result.Problems.
func Build(opts Options) *Result {
	res := &Result{}
	entryAbs := filepath.Join(opts.Dir, filepath.FromSlash(opts.Entry))
	mode := opts.Mode
	if mode == "" {
		mode = Production
	}

	wasm := &wasmModules{}
	files := &assets{}
	cfg, exports, problems := analyzeEntry(opts.Dir, opts.Entry, opts.AppRoute)
	res.Config, res.Exports = cfg, exports
	res.Problems = append(res.Problems, problems...)

	build := api.Build(api.BuildOptions{
		EntryPoints:   []string{entryAbs},
		AbsWorkingDir: opts.Dir,
		Bundle:        true,
		Write:         false,
		// Beside the entry, so the source map's paths resolve against the
		// script name (the entry) to the workspace-relative source files.
		Outdir:   filepath.Dir(entryAbs),
		Format:   api.FormatCommonJS,
		Platform: api.PlatformNeutral,
		// goja runs ES2020 except async generators and for-await (DESIGN.md).
		Target: api.ES2020,
		Supported: map[string]bool{
			"async-generator":             false,
			"for-await":                   false,
			"async-await":                 true,
			"dynamic-import":              false,
			"top-level-await":             false,
			"regexp-named-capture-groups": true,
		},
		Conditions:    edgeConditions(mode),
		MainFields:    []string{"edge-light", "browser", "module", "main"},
		External:      platformModules,
		Sourcemap:     api.SourceMapInline,
		SourceRoot:    "",
		Banner:        map[string]string{"js": "(function (module, exports, require) {"},
		Footer:        map[string]string{"js": "})"},
		Define:        defines(mode, opts.Env),
		Metafile:      true,
		LogLevel:      api.LogLevelSilent,
		Plugins:       []api.Plugin{nodeBuiltinsPlugin(), wasm.plugin(), files.plugin()},
		LogOverride:   map[string]api.LogLevel{"direct-eval": api.LogLevelSilent}, // checkDynamicCode reports it (R-RT-3)
		Charset:       api.CharsetUTF8,
		LegalComments: api.LegalCommentsNone,
	})
	res.Problems = append(res.Problems, messages(opts.Dir, Error, build.Errors)...)
	res.Problems = append(res.Problems, messages(opts.Dir, Warning, build.Warnings)...)
	sortProblems(res.Problems)
	if len(build.Errors) > 0 {
		return res
	}
	for _, f := range build.OutputFiles {
		if strings.HasSuffix(f.Path, ".js") {
			res.Code = string(f.Contents)
		}
	}
	res.Inputs = append(append(metafileInputs(opts.Dir, build.Metafile), wasm.files...), files.files...)
	res.Assets = files.byName
	res.WasmModules = wasm.byID
	for id, abs := range wasm.fileOf {
		if res.WasmFiles == nil {
			res.WasmFiles = map[string]string{}
		}
		rel, err := filepath.Rel(opts.Dir, abs)
		if err != nil {
			rel = abs
		}
		res.WasmFiles[id] = filepath.ToSlash(rel)
	}
	// R-RT-3: dynamic code evaluation fails a production build.
	res.Problems = append(res.Problems, checkDynamicCode(dynamicCodeCheck{
		Dir: opts.Dir, Entry: opts.Entry, Code: res.Code, Metafile: build.Metafile,
		Allow: res.Config.AllowDynamic, Mode: mode,
	})...)
	size, sizeProblems := checkCodeSize(opts.Entry, res.Code, opts.Plan, mode)
	res.GzipSize = size
	res.Problems = append(res.Problems, sizeProblems...)
	sortProblems(res.Problems)
	if res.Failed() {
		res.Code = ""
		return res
	}
	sum := sha256.Sum256([]byte(res.Code))
	res.Hash = hex.EncodeToString(sum[:8])
	return res
}

// defines are the values inlined into the bundle: process.env.NODE_ENV from
// the mode, and next.config's env values under their names (names that are
// not identifiers cannot be read as process.env.NAME and are left out).
func defines(mode Mode, env map[string]string) map[string]string {
	out := map[string]string{"process.env.NODE_ENV": strconv.Quote(string(mode))}
	for name, value := range env {
		if isIdentifier(name) && name != "NODE_ENV" {
			b, _ := json.Marshal(value) // a string always marshals
			out["process.env."+name] = string(b)
		}
	}
	return out
}

// isIdentifier reports whether s is an ASCII JavaScript identifier.
func isIdentifier(s string) bool {
	for i, r := range s {
		switch {
		case r == '_' || r == '$' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
		case i > 0 && r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return s != ""
}

// edgeConditions are the package.json export conditions Next.js's edge
// build resolves with (R-MOD-1): "edge-light", then webpack's defaults for
// a web target ("webpack", the mode, "browser") and "module". esbuild adds
// "import" or "require" by the kind of import, and "default", as webpack
// does; "worker" and "node" are not among them.
func edgeConditions(mode Mode) []string {
	return []string{"edge-light", "webpack", string(mode), "browser", "module"}
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		return ps[i].Severity == Error && ps[j].Severity != Error
	})
}

func messages(dir string, sev Severity, msgs []api.Message) []Problem {
	var out []Problem
	for _, m := range msgs {
		p := Problem{Severity: sev, Message: m.Text}
		if m.Location != nil {
			p.File = relSlash(dir, m.Location.File)
			p.Line = m.Location.Line
			p.Column = m.Location.Column
			p.LineText = m.Location.LineText
			// esbuild places a plugin's resolve warning at the import: name
			// the line as Next's warning does (R-RT-2).
			p.Message = strings.Replace(p.Message, nodeModuleMarker, fmt.Sprintf("' at line %d)", p.Line), 1)
		}
		if spec, ok := unresolvedImport(m.Text); ok {
			// Next's words for it, and what to do instead of esbuild's
			// "mark it as external" (issue 6).
			p.Message = fmt.Sprintf("Module not found: Can't resolve '%s'\n%s", spec, resolveHint(dir, spec, p.File))
			out = append(out, p)
			continue
		}
		for _, n := range m.Notes {
			if n.Text != "" {
				p.Message += "\n" + n.Text
			}
		}
		out = append(out, p)
	}
	return out
}

func relSlash(dir, file string) string {
	if filepath.IsAbs(file) {
		if rel, err := filepath.Rel(dir, file); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(file)
}

func metafileInputs(dir, metafile string) []string {
	var meta struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(metafile), &meta); err != nil {
		return nil
	}
	var out []string
	for p := range meta.Inputs {
		if strings.Contains(p, ":") { // namespaced virtual modules
			continue
		}
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(dir, filepath.FromSlash(p))
		}
		out = append(out, abs)
	}
	sort.Strings(out)
	return out
}
