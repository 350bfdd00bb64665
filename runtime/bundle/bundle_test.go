package bundle

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestBuildConfig(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		runtime  string
		regions  []string
		warning  string
		warnLine int
	}{
		{name: "edge", src: "export const config = { runtime: 'edge' }\nexport default () => new Response('x')\n", runtime: "edge"},
		{name: "seed regions without runtime", src: "import { NextResponse } from 'next/server'\n\nexport const config = {\n  regions: ['sfo1', 'iad1'], // defaults to 'all'\n}\n\nexport default async function handler(req: NextRequest) {\n  const myData = await getNearbyData()\n  return NextResponse.json(myData)\n}\n", regions: []string{"sfo1", "iad1"}},
		{name: "computed config", src: "const r = 'edge'\n\nexport const config = { runtime: r }\nexport default () => new Response('x')\n", warning: "config must be a static object literal", warnLine: 3},
		{name: "unknown key", src: "export const config = { runtime: 'edge', foo: 1 }\nexport default () => new Response('x')\n", runtime: "edge", warning: `config key "foo" is not recognised`},
		{name: "experimental-edge", src: "export const config = { runtime: 'experimental-edge' }\nexport default () => new Response('x')\n", runtime: "experimental-edge", warning: "experimental edge runtime"},
		{name: "missing default", src: "export const config = { runtime: 'edge' }\nexport function GET() {}\n", runtime: "edge", warning: "does not contain a default export"},
		{name: "app router runtime", src: "export const runtime = 'edge'\nexport function GET() { return new Response('x') }\nexport default 1\n", runtime: "edge"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"pages/api/r.ts": tt.src})
			res := Build(Options{Dir: dir, Entry: "pages/api/r.ts"})
			if res.Failed() {
				t.Fatalf("build failed: %v", res.Problems)
			}
			if res.Config.Runtime != tt.runtime {
				t.Errorf("runtime = %q, want %q", res.Config.Runtime, tt.runtime)
			}
			if tt.regions != nil && !reflect.DeepEqual(res.Config.Regions, tt.regions) {
				t.Errorf("regions = %v, want %v", res.Config.Regions, tt.regions)
			}
			if tt.warning != "" {
				found := false
				for _, p := range res.Problems {
					if p.Severity == Warning && strings.Contains(p.Message, tt.warning) {
						found = true
						if tt.warnLine != 0 && p.Line != tt.warnLine {
							t.Errorf("warning at line %d, want %d", p.Line, tt.warnLine)
						}
					}
				}
				if !found {
					t.Errorf("no warning containing %q in %v", tt.warning, res.Problems)
				}
			}
		})
	}
}

func TestBuildSyntaxError(t *testing.T) {
	dir := writeFiles(t, map[string]string{"pages/api/bad.ts": "export const config = { runtime: 'edge' }\n\nexport default function (req) {\n  return new Response('x'\n}\n"})
	res := Build(Options{Dir: dir, Entry: "pages/api/bad.ts"})
	p, ok := res.FirstError()
	if !ok {
		t.Fatal("expected a build error")
	}
	if p.File != "pages/api/bad.ts" || p.Line != 5 || !strings.Contains(p.Message, `Expected ")"`) {
		t.Errorf("problem = %+v", p)
	}
	if res.Code != "" {
		t.Error("failed build produced code")
	}
}

func TestBuildBundlesImportsAndWraps(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"lib/greet.ts":    "export const greet = (n: string): string => `hi ${n}`\n",
		"pages/api/hi.ts": "import { greet } from '../../lib/greet'\nimport { NextResponse } from 'next/server'\nexport const config = { runtime: 'edge' }\nexport default () => NextResponse.json({ m: greet('x'), env: process.env.NODE_ENV })\n",
	})
	res := Build(Options{Dir: dir, Entry: "pages/api/hi.ts", Mode: Development})
	if res.Failed() {
		t.Fatal(res.Problems)
	}
	if !strings.HasPrefix(res.Code, "(function (module, exports, require) {") {
		t.Errorf("code is not wrapped: %.80q", res.Code)
	}
	for _, want := range []string{`require("next/server")`, `"development"`, "sourceMappingURL=data:application/json;base64,", "hi ${n}"} {
		if !strings.Contains(res.Code, want) {
			t.Errorf("code lacks %q", want)
		}
	}
	if len(res.Inputs) != 2 || res.Hash == "" {
		t.Errorf("inputs = %v, hash = %q", res.Inputs, res.Hash)
	}
}

func TestNodeBuiltinWarning(t *testing.T) {
	dir := writeFiles(t, map[string]string{"pages/api/fs.ts": "import fs from 'node:fs'\nexport const config = { runtime: 'edge' }\nexport default () => new Response(String(typeof fs))\n"})
	res := Build(Options{Dir: dir, Entry: "pages/api/fs.ts"})
	if res.Failed() {
		t.Fatal(res.Problems)
	}
	found := false
	for _, p := range res.Problems {
		if strings.Contains(p.Message, "A Node.js module is loaded ('fs' at line 1) which is not supported in the Edge Runtime.") && p.Line == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("no Node.js module warning in %v", res.Problems)
	}
}
