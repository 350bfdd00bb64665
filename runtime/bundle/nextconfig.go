package bundle

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
)

// NextConfigFiles are the names Next.js 15 loads its configuration from,
// in the order it looks for them.
var NextConfigFiles = [...]string{"next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs"}

// NextConfig holds the settings of next.config.* that change what API
// routes do, read statically as SPEC R-ROUTE-4 says: only literal values,
// the file is never run.
type NextConfig struct {
	// File is the configuration file read ("" when the workspace has none).
	File string
	// TrailingSlash is `trailingSlash`: URLs end with a slash (R-ROUTE-4).
	TrailingSlash bool
	// Env is `env`: values Next.js inlines into the build wherever the code
	// reads process.env.NAME (R-RT-4).
	Env map[string]string
	// Problems are the trailingSlash and env settings that could not be
	// read statically.
	Problems []Problem
	// Skipped says why the file as a whole was not read ("" when it was):
	// a configuration built by code, whose settings keep their defaults.
	Skipped string
}

// ReadNextConfig reads the workspace's next.config.* without running it.
// A configuration built by code (a function, a plugin wrapper, computed
// values) is reported as a warning and its settings are left at their
// defaults.
func ReadNextConfig(dir string) NextConfig {
	var cfg NextConfig
	var src []byte
	for _, name := range NextConfigFiles {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err == nil {
			cfg.File, src = name, data
			break
		}
	}
	if cfg.File == "" {
		return cfg
	}
	fail := func(line int, format string, args ...any) NextConfig {
		cfg.Skipped = fmt.Sprintf("%s:%d: ", cfg.File, line) + fmt.Sprintf(format, args...) +
			" Edgeplay reads only literal settings from this file (R-ROUTE-4); trailingSlash and env keep their defaults."
		return cfg
	}
	a, syntaxErr, err := parseModule(cfg.File, string(src))
	if syntaxErr || err != nil {
		return fail(1, "%s could not be parsed.", cfg.File)
	}
	init, pos := a.exportedConfig()
	obj, ok := init.(*ast.ObjectLiteral)
	if !ok {
		if init == nil {
			return fail(1, "%s exports no configuration object Edgeplay can find (module.exports = {...} or export default {...}).", cfg.File)
		}
		line, _ := a.sourcePosition(pos)
		return fail(line, "%s exports a configuration computed by code (a function or a plugin wrapper).", cfg.File)
	}
	keys := keyPositions(obj)
	for _, prop := range obj.Value {
		keyed, ok := prop.(*ast.PropertyKeyed)
		if !ok {
			continue
		}
		name, ok := propertyName(keyed.Key)
		if !ok || (name != "trailingSlash" && name != "env") {
			continue
		}
		v, static := staticValue(keyed.Value)
		line, _ := a.sourcePosition(keys[name])
		switch name {
		case "trailingSlash":
			b, isBool := v.(bool)
			if !static || !isBool {
				cfg.Problems = append(cfg.Problems, Problem{Severity: Warning, File: cfg.File, Line: line,
					Message: "trailingSlash must be the literal true or false for Edgeplay to read it (R-ROUTE-4); it is treated as false."})
				continue
			}
			cfg.TrailingSlash = b
		case "env":
			m, isObj := v.(map[string]any)
			if !static || !isObj {
				cfg.Problems = append(cfg.Problems, Problem{Severity: Warning, File: cfg.File, Line: line,
					Message: "env must be an object of literal strings for Edgeplay to read it; its values are not inlined."})
				continue
			}
			cfg.Env = map[string]string{}
			names := make([]string, 0, len(m))
			for k := range m {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, k := range names {
				s, isString := m[k].(string)
				if !isString {
					// Next.js refuses a non-string env value at build time.
					cfg.Problems = append(cfg.Problems, Problem{Severity: Warning, File: cfg.File, Line: line,
						Message: fmt.Sprintf("env.%s must be a string (Next.js refuses other values); it is not inlined.", k)})
					continue
				}
				cfg.Env[k] = s
			}
		}
	}
	return cfg
}

// exportedConfig finds the object a configuration module exports, through
// `module.exports = X`, `export default X` (esbuild's CommonJS form of it)
// and up to a few identifiers standing for it (`const nextConfig = {...}`).
func (a *analyzer) exportedConfig() (ast.Expression, file.Idx) {
	var expr ast.Expression
	var pos file.Idx
	if local, ok := a.exports()["default"]; ok {
		expr, _ = a.initializer(local)
	}
	for _, st := range a.prog.Body {
		es, ok := st.(*ast.ExpressionStatement)
		if !ok {
			continue
		}
		assign, ok := es.Expression.(*ast.AssignExpression)
		if !ok {
			continue
		}
		if dot, ok := assign.Left.(*ast.DotExpression); ok && dot.Identifier.Name == "exports" {
			if obj, ok := dot.Left.(*ast.Identifier); ok && obj.Name == "module" {
				// esbuild's own `module.exports = __toCommonJS(...)` for an
				// ES module is a call; the default export was found above.
				if _, isCall := assign.Right.(*ast.CallExpression); !isCall || expr == nil {
					expr = assign.Right
				}
			}
		}
	}
	for hops := 0; hops < 4; hops++ {
		id, ok := expr.(*ast.Identifier)
		if !ok {
			break
		}
		init, idx := a.initializer(id.Name.String())
		if init == nil {
			break
		}
		expr, pos = init, idx
	}
	if expr != nil && pos == 0 {
		pos = expr.Idx0()
	}
	return expr, pos
}
