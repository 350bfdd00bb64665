package isolate

import (
	"context"
	"testing"
)

// BenchmarkServeBasic measures one request through an isolate: building the
// NextRequest, calling the handler, reading the Response.
func BenchmarkServeBasic(b *testing.B) {
	prog := compileSource(b, "export const config = { runtime: 'edge' }\nexport default (req) => new Response('Hello world!')\n")
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	req := Request{URL: "http://localhost:3000/api/basic", Method: "GET", Headers: [][2]string{
		{"host", "localhost:3000"}, {"user-agent", "curl/8.5.0"}, {"accept", "*/*"},
		{"x-forwarded-for", "127.0.0.1"}, {"x-forwarded-host", "localhost:3000"}, {"x-forwarded-port", "3000"}, {"x-forwarded-proto", "http"},
	}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := pool.Serve(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

// TestServeAllocationBudget guards the request path's cost (issue 5,
// "Speed"): serving /api/basic-like requests allocated ~1,450 objects per
// request before the NextRequest was built directly from the incoming
// request and the adapter step skipped plain responses (~460 after).
func TestServeAllocationBudget(t *testing.T) {
	const budget = 800
	prog := compileSource(t, "export const config = { runtime: 'edge' }\nexport default (req) => new Response('Hello world!')\n")
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	req := Request{URL: "http://localhost:3000/api/basic", Method: "GET", Headers: [][2]string{
		{"host", "localhost:3000"}, {"user-agent", "curl/8.5.0"}, {"accept", "*/*"},
	}}
	serve := func() {
		if _, err := pool.Serve(context.Background(), req); err != nil {
			t.Fatal(err)
		}
	}
	serve() // warm up
	if n := testing.AllocsPerRun(200, serve); n > budget {
		t.Errorf("%.0f allocations per request, budget %d", n, budget)
	}
}
