package bundle

import (
	"strings"
	"testing"
)

// TestUnresolvedImportsSayWhatToDo: an import that does not resolve fails
// the build with Next's "Module not found" and the fix: the npm install to
// run (or `npm install` when package.json lists the package), the path to
// check, or the alias settings to check.
func TestUnresolvedImportsSayWhatToDo(t *testing.T) {
	for _, tc := range []struct {
		name, imp, pkgJSON string
		want               []string
	}{
		{"missing package", "zod", "", []string{"pages/api/r.ts:1:", "Module not found: Can't resolve 'zod'", "run `npm install zod` in "}},
		{"scoped package subpath", "@upstash/redis/nodejs", "", []string{"Can't resolve '@upstash/redis/nodejs'", "run `npm install @upstash/redis` in "}},
		{"listed but not installed", "jose", `{"dependencies":{"jose":"6.0.0"}}`, []string{"package.json lists jose but it is not installed: run `npm install` in "}},
		{"relative file", "./lib/missing", "", []string{"Can't resolve './lib/missing'", "No file matches it from pages/api/r.ts"}},
		{"path alias", "@/lib/db", "", []string{"Can't resolve '@/lib/db'", `check "paths" and "baseUrl"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"pages/api/r.ts": "import x from '" + tc.imp + "'\nexport const config = { runtime: 'edge' }\nexport default () => new Response(String(x))\n"}
			if tc.pkgJSON != "" {
				files["package.json"] = tc.pkgJSON
			}
			dir := writeFiles(t, files)
			res := Build(Options{Dir: dir, Entry: "pages/api/r.ts"})
			if !res.Failed() {
				t.Fatal("the build did not fail")
			}
			var all []string
			for _, p := range res.Problems {
				all = append(all, p.String())
			}
			text := strings.Join(all, "\n")
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("problems lack %q:\n%s", w, text)
				}
			}
			if strings.Contains(text, "external") {
				t.Errorf("esbuild's advice to mark the import external is still there:\n%s", text)
			}
		})
	}
}
