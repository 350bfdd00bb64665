package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"edgeplay/runtime/server"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// routesWorkspace writes a workspace with one route of each kind the
// table distinguishes.
func routesWorkspace(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"pages/api/hello.ts":                "export const config = { runtime: 'edge' }\nexport default () => new Response('hi')\n",
		"pages/api/users/[id].ts":           "export const config = { runtime: 'edge', regions: ['fra1', 'iad1'] }\nexport default () => new Response('user')\n",
		"pages/api/docs/[...slug].ts":       "export const config = { runtime: 'edge' }\nexport default () => new Response('docs')\n",
		"pages/api/opt/[[...path]].ts":      "export const config = { runtime: 'edge', colour: 'blue' }\nexport default () => new Response('opt')\n",
		"pages/api/legacy.ts":               "export default function handler(req, res) { res.end('node') }\n",
		"pages/api/far.ts":                  "export const config = { runtime: 'edge', regions: ['xyz1'] }\nexport default () => new Response('far')\n",
		"pages/api/broken.ts":               "export const config = { runtime: 'edge' }\nexport default () => new Response(\n",
		"app/items/[id]/[...rest]/route.ts": "export const runtime = 'edge'\nexport const GET = () => new Response('item')\n",
	}
	for rel, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestRoutesTable compares `edgeplay routes DIR` with its golden file:
// pattern, file, runtime, regions, params and code size per route, and
// each route's problems under it (issue 6's route table).
func TestRoutesTable(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := cmdRoutes([]string{routesWorkspace(t)}, &out, &errOut); err != nil {
		t.Fatalf("routes: %v (%s)", err, errOut.String())
	}
	golden := filepath.Join("testdata", "routes.golden")
	if *updateGolden {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestRoutesTable -update to create it)", err)
	}
	if out.String() != string(want) {
		t.Errorf("routes output differs from %s (go test -run TestRoutesTable -update rewrites it):\n--- got\n%s--- want\n%s", golden, out.String(), want)
	}
}

// TestRoutesJSON: --json prints the same table as RouteInfo values.
func TestRoutesJSON(t *testing.T) {
	var out bytes.Buffer
	if err := cmdRoutes([]string{"--json", routesWorkspace(t)}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var infos []server.RouteInfo
	if err := json.Unmarshal(out.Bytes(), &infos); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	byPattern := map[string]server.RouteInfo{}
	for _, r := range infos {
		byPattern[r.Pattern] = r
	}
	if r := byPattern["/api/users/[id]"]; len(r.Params) != 1 || r.Params[0] != "id" || len(r.Regions) != 2 {
		t.Errorf("/api/users/[id]: %+v", r)
	}
	if r := byPattern["/api/legacy"]; r.Status != server.StatusNodeRuntime {
		t.Errorf("/api/legacy status %q", r.Status)
	}
	if len(infos) != 8 {
		t.Errorf("%d routes, want 8", len(infos))
	}
}

// TestRegionsCommand prints R-REGION-1's table, marking the home region.
func TestRegionsCommand(t *testing.T) {
	var out bytes.Buffer
	if err := cmdRegions(nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if strings.Count(text, "\n") != 21 || !strings.Contains(text, "gru1   São Paulo") || !strings.Contains(text, "iad1   Washington D.C.") || !strings.Contains(text, "(home") {
		t.Errorf("regions:\n%s", text)
	}
	out.Reset()
	if err := cmdRegions([]string{"--json"}, &out, io.Discard); err != nil || !strings.Contains(out.String(), `"id": "syd1"`) {
		t.Errorf("--json: %v %s", err, out.String())
	}
}

// TestRegionsCommandRoute: for a route, which region serves each client
// city (R-REGION-2), with the fetch leg when the data is placed.
func TestRegionsCommandRoute(t *testing.T) {
	var out bytes.Buffer
	if err := cmdRegions([]string{"--route", "/api/regions", "--from", "Paris;Tokyo", "--data", "iad1"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "/api/regions: config.regions sfo1,iad1") ||
		!regexp.MustCompile(`^Paris\s+cdg1\s+iad1\s`).MatchString(lines[2]) || !regexp.MustCompile(`^Tokyo\s+hnd1\s+sfo1\s`).MatchString(lines[3]) {
		t.Errorf("output:\n%s", out.String())
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--route", "/api/nope"}, "no route /api/nope; the workspace has"},
		{[]string{"--route", "/api/json", "--regions", "sfo1"}, "give --route or --regions, not both"},
		{[]string{"--regions", "mars1"}, `"mars1"`},
		{[]string{"--regions", "sfo1", "--from", "Atlantis"}, `--from "Atlantis": unknown client location`},
	} {
		if err := cmdRegions(tc.args, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.args, err, tc.want)
		}
	}
}
