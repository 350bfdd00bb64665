package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{name: "empty object", in: `{}`, check: func(t *testing.T, c Config) {
			if c.Next != 15 {
				t.Errorf("Next = %d, want default 15", c.Next)
			}
		}},
		{name: "origins normalised", in: `{"origins": {"HTTPS://Backend-API.com:443/": "http://127.0.0.1:9000"}}`, check: func(t *testing.T, c Config) {
			if got := c.Origins["https://backend-api.com"]; got != "http://127.0.0.1:9000" {
				t.Errorf("origin map = %v", c.Origins)
			}
		}},
		{name: "next 14", in: `{"next": 14}`, check: func(t *testing.T, c Config) {
			if c.Next != 14 {
				t.Errorf("Next = %d", c.Next)
			}
		}},
		{name: "unknown key", in: `{"nxet": 14}`, wantErr: `unknown key "nxet" (accepted: clientLocation, cpuLimit, dataLocation, isolates, next, origins, plan)`},
		{name: "locations", in: `{"clientLocation": "Tokyo", "dataLocation": "fra1"}`, check: func(t *testing.T, c Config) {
			if c.ClientLocation != "Tokyo" || c.DataLocation != "fra1" {
				t.Errorf("locations %q %q", c.ClientLocation, c.DataLocation)
			}
		}},
		{name: "unknown client location", in: `{"clientLocation": "Atlantis"}`, wantErr: `key "clientLocation": unknown client location "Atlantis"`},
		{name: "data location off the globe", in: `{"dataLocation": "95,10"}`, wantErr: `key "dataLocation": `},
		{name: "location not a string", in: `{"clientLocation": 3}`, wantErr: `key "clientLocation": 3 is not a location`},
		{name: "bad version", in: `{"next": 12}`, wantErr: `accepted: 13, 14, 15, 16`},
		{name: "isolates", in: `{"isolates": 4}`, check: func(t *testing.T, c Config) {
			if c.Isolates != 4 {
				t.Errorf("isolates %d", c.Isolates)
			}
		}},
		{name: "isolates out of range", in: `{"isolates": 0}`, wantErr: `key "isolates": 0 is not a whole number of isolates per route from 1 to 64`},
		{name: "isolates not a number", in: `{"isolates": "4"}`, wantErr: `key "isolates": "4" is not a whole number`},
		{name: "cpu limit", in: `{"cpuLimit": "1.5s"}`, check: func(t *testing.T, c Config) {
			if c.CPULimit != 1500*time.Millisecond {
				t.Errorf("cpuLimit %s", c.CPULimit)
			}
		}},
		{name: "cpu limit without unit", in: `{"cpuLimit": 500}`, wantErr: `key "cpuLimit": 500 is not a duration between "10ms" and "5m" (e.g. "10s", "500ms")`},
		{name: "cpu limit too small", in: `{"cpuLimit": "1ms"}`, wantErr: `"1ms" is not a duration between`},
		{name: "plan", in: `{"plan": "pro"}`, check: func(t *testing.T, c Config) {
			if c.Plan != "pro" {
				t.Errorf("Plan = %q", c.Plan)
			}
		}},
		{name: "default plan", in: `{}`, check: func(t *testing.T, c Config) {
			if c.Plan != "hobby" {
				t.Errorf("Plan = %q", c.Plan)
			}
		}},
		{name: "bad plan", in: `{"plan": "free"}`, wantErr: `"free" is not a Vercel plan (accepted: "hobby", "pro", "enterprise")`},
		{name: "origin with path", in: `{"origins": {"https://a.com/x": "http://127.0.0.1:1"}}`, wantErr: "drop the path"},
		{name: "not an origin", in: `{"origins": {"backend": "http://127.0.0.1:1"}}`, wantErr: "is not an origin"},
		{name: "bad json", in: `{"next": }`, wantErr: "not valid JSON"},
		{name: "trailing data", in: `{} {}`, wantErr: "unexpected data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseConfig([]byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestOpenNamesTheFileOnError(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ConfigFile), []byte(`{"plan": 1, "bogus": 2}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, ConfigFile)) || !strings.Contains(err.Error(), `"bogus"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestPagesDirAndAbs(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "src", "pages", "api"), 0o755); err != nil {
		t.Fatal(err)
	}
	ws, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ws.PagesDir != "src/pages" {
		t.Errorf("PagesDir = %q, want src/pages", ws.PagesDir)
	}
	for _, bad := range []string{"../x", "/etc/passwd", "a/../../x", ""} {
		if _, err := ws.Abs(bad); err == nil {
			t.Errorf("Abs(%q) accepted a path outside the workspace", bad)
		}
	}
	if err := os.Symlink("/etc", filepath.Join(dir, "escape")); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Abs("escape/passwd"); err == nil {
		t.Error("Abs followed a symlink out of the workspace")
	}
	if _, err := ws.Abs("escape/new-dir/new.ts"); err == nil {
		t.Error("Abs allowed creating a file through a symlinked folder")
	}
	if p, err := ws.Abs("src/pages/api/x.ts"); err != nil || p != filepath.Join(dir, "src/pages/api/x.ts") {
		t.Errorf("Abs = %q, %v", p, err)
	}
}
