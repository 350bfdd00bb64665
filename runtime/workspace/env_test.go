package workspace

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseEnv(t *testing.T) {
	src := "# comment\nexport A=1\nB = two words # trailing\nC=\"line\\nbreak\"\nD='raw $A'\nE=`multi\nline`\nEMPTY=\n"
	got, err := ParseEnv(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []EnvVar{{Name: "A", Value: "1"}, {Name: "B", Value: "two words"}, {Name: "C", Value: "line\nbreak"},
		{Name: "D", Value: "raw $A"}, {Name: "E", Value: "multi\nline"}, {Name: "EMPTY"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	for _, bad := range []string{"no equals sign", "1BAD=x", "Q=\"never closed\n"} {
		if _, err := ParseEnv(bad); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("ParseEnv(%q) err = %v", bad, err)
		}
	}
}

func TestLoadEnvOrderAndExpansion(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		".env":                  "SHARED=from-env\nBASE=http://api\nURL=${BASE}/v1\nHOME_COPY=$HOME\nFALLBACK=${MISSING:-dflt}\nESC=\\$BASE\nRAW='$BASE'\n",
		".env.production":       "SHARED=from-production\nONLY_PROD=1\n",
		".env.local":            "SHARED=from-local\n",
		".env.production.local": "TOP=1\n",
		".env.development":      "DEV_ONLY=1\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", "/host/home")
	ws, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	env, err := ws.LoadEnv("production")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"SHARED": "from-local", "BASE": "http://api", "URL": "http://api/v1", "HOME_COPY": "",
		"FALLBACK": "dflt", "ESC": "$BASE", "RAW": "http://api", "ONLY_PROD": "1", "TOP": "1",
	}
	if !reflect.DeepEqual(env, want) {
		t.Errorf("env = %v\nwant %v", env, want)
	}
	if err := os.WriteFile(filepath.Join(dir, ".env.local"), []byte("oops\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.LoadEnv("production"); err == nil || !strings.Contains(err.Error(), ".env.local: line 1") {
		t.Errorf("bad file err = %v", err)
	}
}
