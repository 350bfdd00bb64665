package isolate

import (
	"errors"
	"testing"
)

// TestRecursionIsARangeError checks R-RT-6's recursion depth: unbounded
// recursion ends the request with V8's RangeError (never a Go stack
// overflow) and the isolate keeps serving. goja's stack overflow cannot be
// caught by the handler's try/catch, unlike V8's (a documented deviation).
func TestRecursionIsARangeError(t *testing.T) {
	prog := compileSource(t, "export const config = { runtime: 'edge' }\n"+
		"let n = 0\n"+
		"const deep = (d) => deep(d + 1)\n"+
		"export default (req) => {\n"+
		"  n++\n"+
		"  if (new URL(req.url).searchParams.has('deep')) deep(0)\n"+
		"  return new Response(String(n))\n"+
		"}\n")
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()

	_, err := serve(t, pool, "http://localhost:3000/api/r?deep")
	var herr *HandlerError
	if !errors.As(err, &herr) || herr.Status != 500 || herr.Name != "RangeError" || herr.Message != "Maximum call stack size exceeded" {
		t.Fatalf("unbounded recursion: %#v", err)
	}
	res, err := serve(t, pool, "http://localhost:3000/api/r")
	if err != nil {
		t.Fatalf("the next request failed: %v", err)
	}
	if len(res.Body) == 0 {
		t.Error("empty body after the overflow")
	}
}
