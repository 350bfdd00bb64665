package bundle

import (
	"strings"
	"testing"
)

// TestEdgeExportConditions: a package's exports resolve as Next's edge
// build resolves them (R-MOD-1): edge-light first when listed, the mode
// condition, browser over node, no worker condition, and import or require
// by how the module is loaded.
func TestEdgeExportConditions(t *testing.T) {
	pkg := func(exports string) string {
		return `{"name":"p","version":"1.0.0","exports":` + exports + `}`
	}
	for _, tc := range []struct {
		name, exports, load string
		mode                Mode
		want                string
	}{
		{"edge-light first", `{"node":"./node.js","edge-light":"./edge.js","default":"./default.js"}`, "import", Production, "edge"},
		{"browser over node", `{"node":"./node.js","browser":"./browser.js","default":"./default.js"}`, "import", Production, "browser"},
		{"no worker condition", `{"worker":"./worker.js","default":"./default.js"}`, "import", Production, "default"},
		{"production mode", `{"development":"./dev.js","production":"./prod.js","default":"./default.js"}`, "import", Production, "prod"},
		{"development mode", `{"development":"./dev.js","production":"./prod.js","default":"./default.js"}`, "import", Development, "dev"},
		{"import for import", `{"import":"./esm.js","require":"./cjs.js"}`, "import", Production, "esm"},
		{"require for require", `{"import":"./esm.js","require":"./cjs.js"}`, "require", Production, "cjs"},
		{"module condition", `{"module":"./module.js","default":"./default.js"}`, "require", Production, "module"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"node_modules/p/package.json": pkg(tc.exports)}
			for _, f := range []string{"node", "edge", "default", "browser", "worker", "dev", "prod", "esm", "cjs", "module"} {
				files["node_modules/p/"+f+".js"] = "module.exports = '" + f + "'\n"
			}
			load := "import v from 'p'"
			if tc.load == "require" {
				load = "const v = require('p')"
			}
			files["pages/api/r.ts"] = load + "\nexport const config = { runtime: 'edge' }\nexport default () => new Response(v)\n"
			dir := writeFiles(t, files)
			res := Build(Options{Dir: dir, Entry: "pages/api/r.ts", Mode: tc.mode})
			if res.Failed() {
				t.Fatalf("build failed: %v", res.Problems)
			}
			if !strings.Contains(res.Code, "node_modules/p/"+tc.want+".js") {
				t.Errorf("bundle does not contain the %q file:\n%s", tc.want, res.Code[:min(len(res.Code), 1500)])
			}
		})
	}
}
