package isolate

import (
	"os"
	"path/filepath"
	"testing"
)

func writeRoute(t testing.TB, dir, src string) {
	t.Helper()
	p := filepath.Join(dir, "pages", "api", "r.ts")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}
