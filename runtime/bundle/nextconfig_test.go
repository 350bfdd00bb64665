package bundle

import (
	"maps"
	"strings"
	"testing"
)

// TestReadNextConfig: next.config.* is read without running it, in the
// forms real projects write it (R-ROUTE-4); anything computed is reported.
func TestReadNextConfig(t *testing.T) {
	for _, tc := range []struct {
		name, file, src string
		trailing        bool
		env             map[string]string
		problem         string // in a Problem's message
		skipped         string // in Skipped
	}{
		{"none", "", "", false, nil, "", ""},
		{"commonjs object", "next.config.js", "module.exports = { trailingSlash: true, env: { A: 'a' } }\n", true, map[string]string{"A": "a"}, "", ""},
		{"commonjs through a const", "next.config.js", "/** @type {import('next').NextConfig} */\nconst nextConfig = {\n  reactStrictMode: true,\n  env: { API: 'https://api.test', N: '1' },\n}\nmodule.exports = nextConfig\n", false, map[string]string{"API": "https://api.test", "N": "1"}, "", ""},
		{"esm default", "next.config.mjs", "const nextConfig = { trailingSlash: true }\nexport default nextConfig\n", true, nil, "", ""},
		{"esm literal", "next.config.mjs", "export default { env: { X: 'y' } }\n", false, map[string]string{"X": "y"}, "", ""},
		{"typescript", "next.config.ts", "import type { NextConfig } from 'next'\nconst nextConfig: NextConfig = { trailingSlash: false, env: { T: 'ts' } }\nexport default nextConfig\n", false, map[string]string{"T": "ts"}, "", ""},
		{"wrapped by a plugin", "next.config.js", "const withX = (c) => c\nmodule.exports = withX({ trailingSlash: true })\n", false, nil, "", "computed by code"},
		{"a function", "next.config.mjs", "export default (phase) => ({ trailingSlash: true })\n", false, nil, "", "computed by code"},
		{"computed trailingSlash", "next.config.js", "module.exports = { trailingSlash: process.env.SLASH === '1' }\n", false, nil, "trailingSlash must be the literal true or false", ""},
		{"non-string env value", "next.config.js", "module.exports = { env: { OK: 'yes', N: 5 } }\n", false, map[string]string{"OK": "yes"}, "env.N must be a string", ""},
		{"syntax error", "next.config.js", "module.exports = {\n", false, nil, "", "could not be parsed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"pages/api/r.ts": "export default () => new Response('x')\n"}
			if tc.file != "" {
				files[tc.file] = tc.src
			}
			cfg := ReadNextConfig(writeFiles(t, files))
			if cfg.File != tc.file || cfg.TrailingSlash != tc.trailing || !maps.Equal(cfg.Env, tc.env) {
				t.Errorf("got file %q trailingSlash %v env %v; want %q %v %v", cfg.File, cfg.TrailingSlash, cfg.Env, tc.file, tc.trailing, tc.env)
			}
			var msgs []string
			for _, p := range cfg.Problems {
				msgs = append(msgs, p.String())
			}
			all := strings.Join(msgs, "\n")
			if (tc.problem == "") != (all == "") || !strings.Contains(all, tc.problem) {
				t.Errorf("problems %q, want one containing %q", all, tc.problem)
			}
			if (tc.skipped == "") != (cfg.Skipped == "") || !strings.Contains(cfg.Skipped, tc.skipped) {
				t.Errorf("skipped %q, want %q", cfg.Skipped, tc.skipped)
			}
		})
	}
}

// TestNextConfigEnvIsInlined: next.config's env values replace
// process.env.NAME in the bundle, as Next.js's DefinePlugin does; a
// computed lookup is left to run time.
func TestNextConfigEnvIsInlined(t *testing.T) {
	dir := writeFiles(t, map[string]string{"pages/api/r.ts": "export const config = { runtime: 'edge' }\nexport default () => Response.json([process.env.FROM_CONFIG, process.env['FROM' + '_CONFIG'] ?? null])\n"})
	res := Build(Options{Dir: dir, Entry: "pages/api/r.ts", Env: map[string]string{"FROM_CONFIG": `say "hi"`, "NOT-AN-IDENT": "x"}})
	if res.Failed() {
		t.Fatalf("build failed: %v", res.Problems)
	}
	if !strings.Contains(res.Code, `'say "hi"'`) && !strings.Contains(res.Code, `"say \"hi\""`) {
		t.Errorf("the value is not inlined:\n%s", res.Code)
	}
	if !strings.Contains(res.Code, `process.env["FROM_CONFIG"] ??`) {
		t.Errorf("the computed lookup changed:\n%s", res.Code)
	}
}
