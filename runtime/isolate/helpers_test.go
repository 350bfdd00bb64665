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

// bodyOf compiles src as a route, serves it one GET in a fresh pool and
// returns the body, failing the test on any error.
func bodyOf(t *testing.T, src string) string {
	t.Helper()
	pool := engine.NewPool(compileSource(t, src), Options{Size: 1})
	defer pool.Close()
	res, err := serve(t, pool, "http://localhost:3000/api/r")
	if err != nil {
		t.Fatal(err)
	}
	return string(res.Body)
}
