package bundle

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/parser"
	"github.com/evanw/esbuild/pkg/api"
	"github.com/go-sourcemap/sourcemap"

	"edgeplay/runtime/netsim"
	"edgeplay/runtime/routes"
)

// Config is a route's static `export const config` (SPEC §2) plus the App
// Router's `export const runtime`.
type Config struct {
	// Found reports whether the module exports a static config object.
	Found bool `json:"found"`
	// Runtime is "edge", "experimental-edge", "nodejs" or "" when unset.
	Runtime string `json:"runtime"`
	// Regions is the config's region list ("all", "home" and "auto" kept as given).
	Regions []string `json:"regions"`
	// MaxDuration is the streaming limit in seconds (0 when unset).
	MaxDuration float64 `json:"maxDuration"`
	// AllowDynamic are the unstable_allowDynamic globs: modules they match
	// may use dynamic code evaluation without a build error (R-RT-3).
	AllowDynamic []string `json:"allowDynamic,omitempty"`
	// Values is the whole static object, for display.
	Values map[string]any `json:"values"`
}

// IsEdge reports whether the config selects the Edge Runtime (R-ROUTE-5).
func (c Config) IsEdge() bool {
	return c.Runtime == "edge" || c.Runtime == "experimental-edge"
}

// knownConfigKeys are the keys R-CONFIG-2 recognises.
var knownConfigKeys = map[string]bool{"runtime": true, "regions": true, "unstable_allowDynamic": true, "maxDuration": true}

// analyzeEntry reads the entry's exports and static config without running
// it: esbuild strips the types and the module syntax, and goja's parser
// gives the AST the config object is read from (R-CONFIG-1).
func analyzeEntry(dir, entry string, appRoute bool) (Config, []string, []Problem) {
	var cfg Config
	src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(entry)))
	if err != nil {
		return cfg, nil, []Problem{{Severity: Error, File: entry, Line: 1, Message: fmt.Sprintf("cannot read the route file: %v", err)}}
	}
	a, syntaxErr, err := parseModule(entry, string(src))
	if syntaxErr {
		// The full build reports the same syntax errors with their locations.
		return cfg, nil, nil
	}
	if err != nil {
		return cfg, nil, []Problem{{Severity: Warning, File: entry, Line: 1, Message: "Edgeplay could not analyse the module's exports: " + err.Error()}}
	}
	exports := a.exports()
	names := make([]string, 0, len(exports))
	for name := range exports {
		names = append(names, name)
	}
	sort.Strings(names)

	if local, ok := exports["config"]; ok {
		if init, pos := a.initializer(local); init != nil {
			v, static := staticValue(init)
			obj, isObj := v.(map[string]any)
			if !static || !isObj {
				a.warn(pos, "config must be a static object literal; this route falls back to the Node.js runtime (R-CONFIG-1)")
			} else {
				cfg.Found = true
				cfg.Values = obj
				a.readConfig(&cfg, obj, pos, keyPositions(init))
			}
		}
	}
	if local, ok := exports["runtime"]; ok && cfg.Runtime == "" {
		if init, pos := a.initializer(local); init != nil {
			if s, ok := init.(*ast.StringLiteral); ok {
				cfg.Runtime = s.Value.String()
			} else {
				a.warn(pos, "runtime must be a string literal such as 'edge'; this route falls back to the Node.js runtime")
			}
		}
	}
	switch {
	case appRoute:
		a.readSegmentConfig(&cfg, exports)
		if methods := routes.HandlerMethods(); !hasAnyName(names, methods[:]) {
			a.problems = append(a.problems, Problem{Severity: Warning, File: entry, Line: 1,
				Message: fmt.Sprintf("No HTTP methods exported in '%s'. Export a named export for each HTTP method.", entry)})
		}
	case !hasName(names, "default"):
		a.problems = append(a.problems, Problem{Severity: Warning, File: entry, Line: 1,
			Message: fmt.Sprintf("Attempted import error: './%s' does not contain a default export (imported as 'handler').", entry)})
	}
	return cfg, names, a.problems
}

// parseModule strips a module's types and module syntax with esbuild
// (CommonJS output, as the exports reader expects) and parses the result
// with goja's parser, keeping the source map to place problems. syntaxErr
// reports that esbuild refused the source.
func parseModule(name, src string) (a *analyzer, syntaxErr bool, err error) {
	out := api.Transform(src, api.TransformOptions{
		Loader:     loaderFor(name),
		Format:     api.FormatCommonJS,
		Target:     api.ES2020,
		Sourcefile: name,
		Sourcemap:  api.SourceMapExternal,
		LogLevel:   api.LogLevelSilent,
	})
	if len(out.Errors) > 0 {
		return nil, true, nil
	}
	prog, err := parser.ParseFile(nil, name, string(out.Code), 0, parser.WithDisableSourceMaps)
	if err != nil {
		return nil, false, fmt.Errorf("parse %s: %w", name, err)
	}
	a = &analyzer{entry: name, prog: prog}
	if sm, err := sourcemap.Parse("", out.Map); err == nil {
		a.smap = sm
	}
	return a, false, nil
}

func hasAnyName(names, want []string) bool {
	for _, w := range want {
		if hasName(names, w) {
			return true
		}
	}
	return false
}

// readSegmentConfig reads an App Router handler's route segment config:
// `export const preferredRegion` (a region or a list) and `export const
// maxDuration` (seconds), as static literals (R-CONFIG-1).
func (a *analyzer) readSegmentConfig(cfg *Config, exports map[string]string) {
	if local, ok := exports["preferredRegion"]; ok {
		if init, pos := a.initializer(local); init != nil {
			v, static := staticValue(init)
			switch r := v.(type) {
			case string:
				cfg.Regions = []string{r}
			case []any:
				for _, x := range r {
					if s, ok := x.(string); ok {
						cfg.Regions = append(cfg.Regions, s)
					}
				}
			default:
				static = false
			}
			if !static {
				a.warn(pos, "preferredRegion must be a static string or array of strings (R-CONFIG-1)")
			}
			a.checkRegions(pos, "preferredRegion", cfg.Regions)
		}
	}
	if local, ok := exports["maxDuration"]; ok {
		if init, pos := a.initializer(local); init != nil {
			if v, static := staticValue(init); static {
				if n, ok := v.(float64); ok && n > 0 {
					cfg.MaxDuration = n
					return
				}
			}
			a.warn(pos, "maxDuration must be a positive number of seconds (R-CONFIG-1)")
		}
	}
}

func hasName(names []string, n string) bool {
	for _, x := range names {
		if x == n {
			return true
		}
	}
	return false
}

func loaderFor(name string) api.Loader {
	switch filepath.Ext(name) {
	case ".ts", ".mts", ".cts":
		return api.LoaderTS
	case ".tsx":
		return api.LoaderTSX
	case ".jsx":
		return api.LoaderJSX
	}
	return api.LoaderJS
}

type analyzer struct {
	entry    string
	prog     *ast.Program
	smap     *sourcemap.Consumer
	problems []Problem
}

// exports maps export names to local identifiers, from esbuild's CommonJS
// shape `__export(mod_exports, { name: () => local, ... })`.
func (a *analyzer) exports() map[string]string {
	out := map[string]string{}
	for _, st := range a.prog.Body {
		es, ok := st.(*ast.ExpressionStatement)
		if !ok {
			continue
		}
		call, ok := es.Expression.(*ast.CallExpression)
		if !ok || len(call.ArgumentList) != 2 {
			continue
		}
		if id, ok := call.Callee.(*ast.Identifier); !ok || id.Name != "__export" {
			continue
		}
		obj, ok := call.ArgumentList[1].(*ast.ObjectLiteral)
		if !ok {
			continue
		}
		for _, prop := range obj.Value {
			kp, ok := prop.(*ast.PropertyKeyed)
			if !ok {
				continue
			}
			name, ok := propertyName(kp.Key)
			if !ok {
				continue
			}
			local := ""
			if arrow, ok := kp.Value.(*ast.ArrowFunctionLiteral); ok {
				if body, ok := arrow.Body.(*ast.ExpressionBody); ok {
					if id, ok := body.Expression.(*ast.Identifier); ok {
						local = id.Name.String()
					}
				}
			}
			out[name] = local
		}
	}
	return out
}

// initializer finds the top-level declaration of local and returns its
// initializer and position.
func (a *analyzer) initializer(local string) (ast.Expression, file.Idx) {
	if local == "" {
		return nil, 0
	}
	check := func(list []*ast.Binding) (ast.Expression, file.Idx, bool) {
		for _, b := range list {
			if id, ok := b.Target.(*ast.Identifier); ok && id.Name.String() == local {
				return b.Initializer, id.Idx, true
			}
		}
		return nil, 0, false
	}
	for _, st := range a.prog.Body {
		switch d := st.(type) {
		case *ast.LexicalDeclaration:
			if e, idx, ok := check(d.List); ok {
				return e, idx
			}
		case *ast.VariableStatement:
			if e, idx, ok := check(d.List); ok {
				return e, idx
			}
		}
	}
	return nil, 0
}

// readConfig reads the keys of R-CONFIG-2 from a static config object,
// with a problem for each value it cannot use, placed at its key.
func (a *analyzer) readConfig(cfg *Config, obj map[string]any, objPos file.Idx, keyPos map[string]file.Idx) {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := obj[k]
		// Problems point at the key when it has a position, else at config.
		pos := objPos
		if p, ok := keyPos[k]; ok {
			pos = p
		}
		switch k {
		case "runtime":
			s, ok := v.(string)
			if !ok || (s != "edge" && s != "experimental-edge" && s != "nodejs") {
				a.warn(pos, fmt.Sprintf("config.runtime must be 'edge' or 'nodejs', not %s", describe(v)))
				continue
			}
			cfg.Runtime = s
			if s == "experimental-edge" {
				a.warn(pos, "You are using an experimental edge runtime, the API might change. Use `runtime: 'edge'` instead of `runtime: 'experimental-edge'`.")
			}
		case "regions":
			switch r := v.(type) {
			case string:
				cfg.Regions = []string{r}
			case []any:
				for _, item := range r {
					s, ok := item.(string)
					if !ok {
						a.warn(pos, fmt.Sprintf("config.regions entries must be region id strings, not %s", describe(item)))
						continue
					}
					cfg.Regions = append(cfg.Regions, s)
				}
			default:
				a.warn(pos, fmt.Sprintf("config.regions must be an array of region ids or 'all' | 'home' | 'auto', not %s", describe(v)))
			}
			a.checkRegions(pos, "config.regions", cfg.Regions)
		case "unstable_allowDynamic":
			// A glob or a list of globs (R-CONFIG-2).
			list, ok := v.([]any)
			if s, isString := v.(string); isString {
				list, ok = []any{s}, true
			}
			if !ok {
				a.warn(pos, fmt.Sprintf("config.unstable_allowDynamic must be a glob or an array of globs, not %s", describe(v)))
				continue
			}
			for _, item := range list {
				g, ok := item.(string)
				if !ok {
					a.warn(pos, fmt.Sprintf("config.unstable_allowDynamic entries must be glob strings, not %s", describe(item)))
					continue
				}
				if err := validGlob(g); err != nil {
					a.warn(pos, "config.unstable_allowDynamic: "+err.Error())
					continue
				}
				cfg.AllowDynamic = append(cfg.AllowDynamic, g)
			}
		case "maxDuration":
			if n, ok := v.(float64); ok && n > 0 {
				cfg.MaxDuration = n
			} else {
				a.warn(pos, fmt.Sprintf("config.maxDuration must be a positive number of seconds, not %s", describe(v)))
			}
		default:
			if !knownConfigKeys[k] {
				a.warn(pos, fmt.Sprintf("config key %q is not recognised (known: maxDuration, regions, runtime, unstable_allowDynamic)", k))
			}
		}
	}
}

func describe(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", v)
}

// keyPositions maps the keys of an object literal to their positions.
func keyPositions(e ast.Expression) map[string]file.Idx {
	obj, ok := e.(*ast.ObjectLiteral)
	if !ok {
		return nil
	}
	out := map[string]file.Idx{}
	for _, prop := range obj.Value {
		if keyed, ok := prop.(*ast.PropertyKeyed); ok {
			if name, ok := propertyName(keyed.Key); ok {
				out[name] = keyed.Key.Idx0()
			}
		}
	}
	return out
}

// checkRegions fails the build for each entry that is neither a Vercel
// region id nor 'all', 'home' or 'auto', listing the valid values
// (R-REGION-1).
func (a *analyzer) checkRegions(pos file.Idx, setting string, regions []string) {
	for _, id := range regions {
		if _, ok := netsim.LookupRegion(id); ok || slices.Contains(netsim.RegionKeywords[:], id) {
			continue
		}
		a.fail(pos, fmt.Sprintf("%s: %q is not a Vercel region id (R-REGION-1). Use one of %s.", setting, id, netsim.ValidRegionsText()))
	}
}

// warn records a warning at a generated-code position mapped back to the source.
func (a *analyzer) warn(pos file.Idx, msg string) {
	a.report(pos, Warning, msg)
}

// fail records an error, which fails the route's build, at a position as warn does.
func (a *analyzer) fail(pos file.Idx, msg string) {
	a.report(pos, Error, msg)
}

func (a *analyzer) report(pos file.Idx, severity Severity, msg string) {
	line, col := a.sourcePosition(pos)
	a.problems = append(a.problems, Problem{Severity: severity, File: a.entry, Line: line, Column: col, Message: msg})
}

// sourcePosition maps a position in the transformed code back to the
// source: a 1-based line and a 0-based column, as esbuild's problems.
func (a *analyzer) sourcePosition(pos file.Idx) (line, col int) {
	line, col = 1, 0
	if pos > 0 {
		p := a.prog.File.Position(int(pos) - a.prog.File.Base())
		line, col = p.Line, p.Column-1
		if a.smap != nil {
			if _, _, sl, sc, ok := a.smap.Source(p.Line, p.Column-1); ok {
				line, col = sl, sc
			}
		}
	}
	return line, col
}

func propertyName(e ast.Expression) (string, bool) {
	switch k := e.(type) {
	case *ast.StringLiteral:
		return k.Value.String(), true
	case *ast.Identifier:
		return k.Name.String(), true
	case *ast.NumberLiteral:
		return k.Literal, true
	}
	return "", false
}

// staticValue evaluates a literal expression: strings, numbers, booleans,
// null, arrays and objects of those, templates without substitutions and
// negative numbers. Anything else is not static.
func staticValue(e ast.Expression) (any, bool) {
	switch v := e.(type) {
	case *ast.StringLiteral:
		return v.Value.String(), true
	case *ast.NumberLiteral:
		switch n := v.Value.(type) {
		case int64:
			return float64(n), true
		case float64:
			return n, true
		}
		return nil, false
	case *ast.BooleanLiteral:
		return v.Value, true
	case *ast.NullLiteral:
		return nil, true
	case *ast.TemplateLiteral:
		if v.Tag == nil && len(v.Expressions) == 0 && len(v.Elements) == 1 {
			return v.Elements[0].Parsed.String(), true
		}
	case *ast.UnaryExpression:
		if v.Operator.String() == "-" {
			if n, ok := staticValue(v.Operand); ok {
				if f, ok := n.(float64); ok {
					return -f, true
				}
			}
		}
	case *ast.ArrayLiteral:
		out := make([]any, 0, len(v.Value))
		for _, item := range v.Value {
			x, ok := staticValue(item)
			if !ok {
				return nil, false
			}
			out = append(out, x)
		}
		return out, true
	case *ast.ObjectLiteral:
		out := map[string]any{}
		for _, prop := range v.Value {
			kp, ok := prop.(*ast.PropertyKeyed)
			if !ok || kp.Computed || kp.Kind != ast.PropertyKindValue {
				return nil, false
			}
			name, ok := propertyName(kp.Key)
			if !ok {
				return nil, false
			}
			x, ok := staticValue(kp.Value)
			if !ok {
				return nil, false
			}
			out[name] = x
		}
		return out, true
	}
	return nil, false
}
