package isolate

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
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

// limitError asserts that err is the 500 of the limit named code.
func limitError(t *testing.T, err error, code string) *HandlerError {
	t.Helper()
	var herr *HandlerError
	if !errors.As(err, &herr) {
		t.Fatalf("want the %s error, got %v", code, err)
	}
	if herr.Status != http.StatusInternalServerError || !strings.HasPrefix(herr.Message, code+": ") || !strings.Contains(herr.Message, "R-RT-6") {
		t.Fatalf("want a 500 starting %q, got %d %q", code, herr.Status, herr.Message)
	}
	return herr
}

// TestCPULimit checks R-RT-6's CPU time limit: JavaScript that keeps the
// isolate busy past the limit, in one task or over many, ends its request
// with a 500 naming the limit and the time measured, long before the 25 s
// response limit, and the isolate is replaced (module state starts over).
func TestCPULimit(t *testing.T) {
	prog := compileSource(t, "export const config = { runtime: 'edge' }\n"+
		"let n = 0\n"+
		"const spin = (ms) => { const end = Date.now() + ms; while (Date.now() < end) {} }\n"+
		"export default (req) => {\n"+
		"  n++\n"+
		"  const how = new URL(req.url).searchParams.get('spin')\n"+
		"  if (how === 'forever') while (true) {}\n"+
		"  if (how === 'ticks') return new Promise(() => { setInterval(() => spin(40), 1) })\n"+
		"  return new Response(String(n))\n"+
		"}\n")
	tests := []struct{ name, url string }{
		{"one busy task", "http://localhost/api/r?spin=forever"},
		{"many short tasks", "http://localhost/api/r?spin=ticks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pool := engine.NewPool(prog, Options{Size: 1, CPULimit: 300 * time.Millisecond})
			defer pool.Close()
			if res, err := serve(t, pool, "http://localhost/api/r"); err != nil || string(res.Body) != "1" {
				t.Fatalf("warm-up: %v", err)
			}
			start := time.Now()
			_, err := serve(t, pool, tt.url)
			herr := limitError(t, err, "EDGE_FUNCTION_CPU_LIMIT")
			if !strings.Contains(herr.Message, "limit of 300ms") {
				t.Errorf("message does not give the limit: %q", herr.Message)
			}
			if took := time.Since(start); took > 20*time.Second {
				t.Errorf("took %s: the response limit, not the CPU limit, ended it", took)
			}
			res, err := serve(t, pool, "http://localhost/api/r")
			if err != nil {
				t.Fatalf("after the limit: %v", err)
			}
			if string(res.Body) != "1" {
				t.Errorf("module state %q: the stopped isolate served again", res.Body)
			}
		})
	}
}

// TestCPULimitAtTopLevel: a module whose top level never finishes fails
// every request with the CPU limit's error.
func TestCPULimitAtTopLevel(t *testing.T) {
	prog := compileSource(t, "export const config = { runtime: 'edge' }\nwhile (true) {}\nexport default () => new Response('x')\n")
	pool := engine.NewPool(prog, Options{Size: 1, CPULimit: 200 * time.Millisecond})
	defer pool.Close()
	_, err := serve(t, pool, "http://localhost/api/r")
	limitError(t, err, "EDGE_FUNCTION_CPU_LIMIT")
}

// TestRunawayLeavesOthersAlone: while one route spins until its limit,
// another route keeps answering.
func TestRunawayLeavesOthersAlone(t *testing.T) {
	spin := engine.NewPool(compileSource(t, "export const config = { runtime: 'edge' }\nexport default () => { while (true) {} }\n"),
		Options{Size: 1, CPULimit: 2 * time.Second})
	defer spin.Close()
	ok := engine.NewPool(compileSource(t, "export const config = { runtime: 'edge' }\nexport default () => new Response('ok')\n"), Options{Size: 1})
	defer ok.Close()
	errc := make(chan error, 1)
	go func() {
		_, err := spin.Serve(context.Background(), Request{URL: "http://localhost/api/spin", Method: "GET"})
		errc <- err
	}()
	for i := 0; i < 20; i++ {
		res, err := serve(t, ok, "http://localhost/api/ok")
		if err != nil || string(res.Body) != "ok" {
			t.Fatalf("request %d to the other route: %v", i, err)
		}
	}
	limitError(t, <-errc, "EDGE_FUNCTION_CPU_LIMIT")
}

// TestMemoryLimit checks R-RT-6's memory limit: a handler that keeps what
// it allocates is stopped once the heap grew past the limit, with the
// measured size; one that allocates as much but keeps nothing is not.
func TestMemoryLimit(t *testing.T) {
	const limit = 48 << 20
	prog := compileSource(t, "export const config = { runtime: 'edge' }\n"+
		"let n = 0\n"+
		"export default (req) => {\n"+
		"  n++\n"+
		"  const keep = new URL(req.url).searchParams.has('keep')\n"+
		"  const kept = []\n"+
		"  for (let i = 0; i < (keep ? 1e9 : 600); i++) {\n"+
		"    const block = new Array(10000).fill(i)\n"+
		"    if (keep) kept.push(block)\n"+
		"  }\n"+
		"  return new Response(String(n))\n"+
		"}\n")
	pool := engine.NewPool(prog, Options{Size: 1, MemoryLimit: limit})
	defer pool.Close()
	if res, err := serve(t, pool, "http://localhost/api/r"); err != nil || string(res.Body) != "1" {
		t.Fatalf("allocating without keeping (garbage well past the limit) failed: %v", err)
	}
	_, err := serve(t, pool, "http://localhost/api/r?keep")
	herr := limitError(t, err, "EDGE_FUNCTION_MEMORY_LIMIT")
	if !strings.Contains(herr.Message, "limit of 48 MB") || !strings.Contains(herr.Message, "grew the heap by about ") {
		t.Errorf("message does not give the limit: %q", herr.Message)
	}
	res, err := serve(t, pool, "http://localhost/api/r")
	if err != nil || string(res.Body) != "1" {
		t.Fatalf("after the limit: body %v, %v (want a fresh isolate)", res, err)
	}
}

// TestCPUTimeIsReported: the response carries the JavaScript time its
// request used (shown next to the CPU limit), waiting not included.
func TestCPUTimeIsReported(t *testing.T) {
	prog := compileSource(t, "export const config = { runtime: 'edge' }\n"+
		"export default async () => {\n"+
		"  await new Promise((r) => setTimeout(r, 150))\n"+
		"  const end = Date.now() + 60; while (Date.now() < end) {}\n"+
		"  return new Response('ok')\n"+
		"}\n")
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	res, err := serve(t, pool, "http://localhost/api/r")
	if err != nil {
		t.Fatal(err)
	}
	if res.CPUTime < 50*time.Millisecond || res.CPUTime >= 150*time.Millisecond+60*time.Millisecond {
		t.Errorf("CPUTime = %s, want the 60 ms busy loop without the 150 ms wait", res.CPUTime)
	}
}

// TestCPULimitCutsAStream: a streamed body whose chunks cost JavaScript
// time is cut once the request's CPU budget is spent, with the limit's
// error after the chunks already sent; the next request gets a new isolate.
func TestCPULimitCutsAStream(t *testing.T) {
	prog := compileSource(t, "export const config = { runtime: 'edge' }\n"+
		"let n = 0\n"+
		"export default () => {\n"+
		"  if (n++ > 0) return new Response('again')\n"+
		"  return new Response(new ReadableStream({\n"+
		"    pull(c) { const end = Date.now() + 30; while (Date.now() < end) {} c.enqueue(new TextEncoder().encode('x')) },\n"+
		"  }, { highWaterMark: 0 }))\n"+
		"}\n")
	pool := engine.NewPool(prog, Options{Size: 1, CPULimit: 300 * time.Millisecond})
	defer pool.Close()
	res, err := serve(t, pool, "http://localhost/api/r")
	if err != nil || res.Stream == nil {
		t.Fatalf("want a stream: %v %v", res, err)
	}
	chunks := 0
	for {
		_, err = res.Stream.Next(context.Background())
		if err != nil {
			break
		}
		chunks++
	}
	res.Stream.Close()
	limitError(t, err, "EDGE_FUNCTION_CPU_LIMIT")
	if chunks < 3 {
		t.Errorf("only %d chunks before the cut", chunks)
	}
	if res.Stream.CPUTime() < 200*time.Millisecond {
		t.Errorf("stream CPU time %s", res.Stream.CPUTime())
	}
	if r, err := serve(t, pool, "http://localhost/api/r"); err != nil || r.Stream == nil {
		t.Errorf("after the cut: %v %v (want a fresh isolate's stream)", r, err)
	} else {
		r.Stream.Close()
	}
}
