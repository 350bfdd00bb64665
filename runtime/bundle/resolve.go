package bundle

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// unresolvedImport returns the specifier of esbuild's "Could not resolve"
// error.
func unresolvedImport(text string) (string, bool) {
	rest, ok := strings.CutPrefix(text, `Could not resolve "`)
	if !ok || !strings.HasSuffix(rest, `"`) {
		return "", false
	}
	return strings.TrimSuffix(rest, `"`), true
}

// resolveHint says how to fix an import that does not resolve: install the
// package (or the workspace's packages, when package.json already lists
// it), check a relative path, or check a tsconfig/jsconfig alias.
func resolveHint(dir, spec, importer string) string {
	switch {
	case strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") || strings.HasPrefix(spec, "/"):
		return fmt.Sprintf("No file matches it from %s (tried the extensions .ts, .tsx, .js, .jsx, .mjs, .json and index files); check the path and its case.", importer)
	case strings.HasPrefix(spec, "@/") || strings.HasPrefix(spec, "~/") || strings.HasPrefix(spec, "#"):
		return "It looks like a path alias: check \"paths\" and \"baseUrl\" in the workspace's tsconfig.json or jsconfig.json."
	}
	pkg := packageName(spec)
	if listed(dir, pkg) {
		return fmt.Sprintf("package.json lists %s but it is not installed: run `npm install` in %s, then save the route to rebuild it.", pkg, dir)
	}
	return fmt.Sprintf("The package %s is not installed: run `npm install %s` in %s, then save the route to rebuild it.", pkg, pkg, dir)
}

// packageName is the npm package a bare specifier names: "zod" for
// "zod/v4", "@upstash/redis" for "@upstash/redis/nodejs".
func packageName(spec string) string {
	parts := strings.SplitN(spec, "/", 3)
	if strings.HasPrefix(spec, "@") && len(parts) >= 2 {
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}

// listed reports whether the workspace's package.json depends on pkg.
func listed(dir, pkg string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return false
	}
	var manifest map[string]json.RawMessage
	if json.Unmarshal(data, &manifest) != nil {
		return false
	}
	for _, field := range []string{"dependencies", "devDependencies", "optionalDependencies", "peerDependencies"} {
		var deps map[string]string
		if json.Unmarshal(manifest[field], &deps) == nil {
			if _, ok := deps[pkg]; ok {
				return true
			}
		}
	}
	return false
}
