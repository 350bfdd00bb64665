package isolate

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const edge = "export const config = { runtime: 'edge' }\n"

// readAll drains a stream, failing the test on an error.
func readAll(t *testing.T, st *Stream) string {
	t.Helper()
	var b strings.Builder
	for {
		c, err := st.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return b.String()
		}
		if err != nil {
			t.Fatalf("next: %v", err)
		}
		b.Write(c)
	}
}

// TestBodyKinds checks that a body at hand comes back whole (the fast path,
// no Stream) and a ReadableStream body comes back as a Stream (R-HANDLER-6).
func TestBodyKinds(t *testing.T) {
	tests := []struct {
		name     string
		handler  string
		streamed bool
		want     string
	}{
		{"text", "() => new Response('hello')", false, "hello"},
		{"empty", "() => new Response('')", false, ""},
		{"null", "() => new Response(null, {status: 201})", false, ""},
		{"json", "() => Response.json({a: 1})", false, `{"a":1}`},
		{"stream", "() => new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('a')); c.enqueue(new TextEncoder().encode('b')); c.close() } }))", true, "ab"},
		{"empty stream", "() => new Response(new ReadableStream({ start(c) { c.close() } }))", true, ""},
		{"timed stream", "() => new Response(new ReadableStream({ async pull(c) { await new Promise((r) => setTimeout(r, 5)); c.enqueue(new TextEncoder().encode('x')); c.close() } }))", true, "x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pool := engine.NewPool(compileSource(t, edge+"export default "+tc.handler+"\n"), Options{Size: 1})
			defer pool.Close()
			res, err := serve(t, pool, "http://localhost:3000/api/r")
			if err != nil {
				t.Fatal(err)
			}
			if (res.Stream != nil) != tc.streamed {
				t.Fatalf("streamed = %v, want %v", res.Stream != nil, tc.streamed)
			}
			got := string(res.Body)
			if res.Stream != nil {
				got = readAll(t, res.Stream)
				res.Stream.Close()
			}
			if got != tc.want {
				t.Errorf("body = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestStreamHeadComesFirst checks that the head is handed over while the
// handler's stream still waits on a timer, and each chunk as it comes.
func TestStreamHeadComesFirst(t *testing.T) {
	prog := compileSource(t, edge+`export default () => new Response(new ReadableStream({
  async start(c) {
    c.enqueue(new TextEncoder().encode('first'))
    await new Promise((r) => setTimeout(r, 300))
    c.enqueue(new TextEncoder().encode('second'))
    c.close()
  },
}), { status: 202, headers: { 'x-a': '1' } })
`)
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	start := time.Now()
	res, err := serve(t, pool, "http://localhost:3000/api/r")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Stream.Close()
	if res.Status != 202 || len(res.Headers) == 0 || res.Headers[0] != [2]string{"x-a", "1"} {
		t.Errorf("head: %d %v", res.Status, res.Headers)
	}
	first, err := res.Stream.Next(context.Background())
	if err != nil || string(first) != "first" {
		t.Fatalf("first chunk %q %v", first, err)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("first chunk after %v: it waited for the timer", d)
	}
	if rest := readAll(t, res.Stream); rest != "second" {
		t.Errorf("rest %q", rest)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("whole body after %v, before the timer", d)
	}
}

// TestStreamBackpressure checks that the handler's stream is pulled only as
// the caller asks for chunks.
func TestStreamBackpressure(t *testing.T) {
	prog := compileSource(t, edge+`export default (req) => {
  globalThis.pulls = 0
  return new Response(new ReadableStream({
    pull(c) { pulls++; c.enqueue(new TextEncoder().encode('chunk' + pulls)); if (pulls === 100) c.close() },
  }, { highWaterMark: 0 }))
}
`)
	pool := engine.NewPool(prog, Options{Size: 2})
	defer pool.Close()
	res, err := serve(t, pool, "http://localhost:3000/api/r")
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		c, err := res.Stream.Next(context.Background())
		if err != nil || string(c) != "chunk"+string(rune('0'+i)) {
			t.Fatalf("chunk %d: %q %v", i, c, err)
		}
	}
	time.Sleep(50 * time.Millisecond) // time for a runaway pull to show
	// The isolate is still the stream's: ask its loop directly.
	pulls := make(chan string, 1)
	res.Stream.iso.loop.Enqueue(func() {
		v, err := res.Stream.iso.rt.RunString("pulls")
		if err != nil {
			pulls <- err.Error()
			return
		}
		pulls <- v.String()
	})
	// Three chunks asked for: three pulls, and at most one ahead.
	if p := <-pulls; p != "3" && p != "4" {
		t.Errorf("pulls = %s after 3 chunks were read", p)
	}
	res.Stream.Close()
}

// TestStreamHoldsTheIsolate checks that the isolate serves nobody else
// while its stream runs, and comes back after Close.
func TestStreamHoldsTheIsolate(t *testing.T) {
	prog := compileSource(t, edge+`let n = 0
export default () => {
  n++
  if (n > 1) return new Response('again ' + n)
  return new Response(new ReadableStream({ pull(c) { return new Promise(() => {}) } }))
}
`)
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	res, err := serve(t, pool, "http://localhost:3000/api/r")
	if err != nil || res.Stream == nil {
		t.Fatalf("%v %v", res, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := pool.Serve(ctx, Request{URL: "http://localhost:3000/api/r", Method: "GET"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second request while streaming: %v", err)
	}
	res.Stream.Close()
	res2, err := serve(t, pool, "http://localhost:3000/api/r")
	if err != nil || string(res2.Body) != "again 2" {
		t.Fatalf("after close: %v %v", res2, err)
	}
}

// TestStreamCloseCancels checks that closing a stream that has not ended
// (the client went away) runs the handler's cancel algorithm, aborts
// req.signal and cancels the handler's pending fetches.
func TestStreamCloseCancels(t *testing.T) {
	fetchEnded := make(chan struct{})
	fetchStarted := make(chan struct{})
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(fetchStarted)
		<-r.Context().Done()
		close(fetchEnded)
	}))
	defer upstream.Close()
	prog := compileSource(t, edge+`let log = []
export default (req) => {
  if (req.nextUrl.searchParams.has('log')) return new Response(log.join(','))
  req.signal.addEventListener('abort', () => log.push('abort:' + req.signal.reason.name))
  let sent = false
  return new Response(new ReadableStream({
    pull(c) {
      if (!sent) { sent = true; c.enqueue(new TextEncoder().encode('first')); return }
      return fetch(req.nextUrl.searchParams.get('up')).then(() => log.push('fetched'), (e) => log.push('fetch:' + e.name))
    },
    cancel(reason) { log.push('cancel:' + reason.name) },
  }, { highWaterMark: 0 }))
}
`)
	pool := engine.NewPool(prog, Options{Size: 1, Transport: http.DefaultTransport})
	defer pool.Close()
	res, err := serve(t, pool, "http://localhost:3000/api/r?up="+upstream.URL)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := res.Stream.Next(context.Background()); err != nil || string(c) != "first" {
		t.Fatalf("first: %q %v", c, err)
	}
	// The next read starts the fetch; the client leaves meanwhile.
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-fetchStarted; cancel() }()
	if _, err := res.Stream.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("next: %v", err)
	}
	res.Stream.Close()
	select {
	case <-fetchEnded:
	case <-time.After(5 * time.Second):
		t.Fatal("the pending fetch was not cancelled")
	}
	var log string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		r, err := serve(t, pool, "http://localhost:3000/api/r?log")
		if err != nil {
			t.Fatal(err)
		}
		if log = string(r.Body); strings.Contains(log, "fetch:") {
			break
		}
	}
	// The fetch fails (its context ended) rather than completing.
	for _, want := range []string{"cancel:AbortError", "abort:AbortError", "fetch:"} {
		if !strings.Contains(log, want) {
			t.Errorf("log %q lacks %s", log, want)
		}
	}
}

// TestStreamMaxDuration checks that a stream running past maxDuration is
// cut with a message naming the limit and the measured time (R-RT-6), its
// cancel algorithm runs, and the isolate serves again.
func TestStreamMaxDuration(t *testing.T) {
	prog := compileSource(t, edge+`let cancelled = 0
export default (req) => {
  if (req.nextUrl.searchParams.has('cancelled')) return new Response(String(cancelled))
  return new Response(new ReadableStream({
    async pull(c) { await new Promise((r) => setTimeout(r, 50)); c.enqueue(new TextEncoder().encode('tick')) },
    cancel() { cancelled++ },
  }, { highWaterMark: 0 }))
}
`)
	pool := engine.NewPool(prog, Options{Size: 1, MaxDuration: 400 * time.Millisecond})
	defer pool.Close()
	start := time.Now()
	res, err := serve(t, pool, "http://localhost:3000/api/r")
	if err != nil {
		t.Fatal(err)
	}
	ticks := 0
	var herr *HandlerError
	for {
		_, err := res.Stream.Next(context.Background())
		if err == nil {
			ticks++
			continue
		}
		if !errors.As(err, &herr) {
			t.Fatalf("next: %v", err)
		}
		break
	}
	res.Stream.Close()
	if d := time.Since(start); d < 400*time.Millisecond || d > 2*time.Second {
		t.Errorf("cut after %v", d)
	}
	if ticks < 2 || !strings.Contains(herr.Message, "maxDuration of 400ms") || !strings.Contains(herr.Message, "cut after") {
		t.Errorf("%d ticks, error %q", ticks, herr.Message)
	}
	r, err := serve(t, pool, "http://localhost:3000/api/r?cancelled")
	if err != nil || string(r.Body) != "1" {
		t.Errorf("cancelled = %q %v", r.Body, err)
	}
}

// TestStreamError checks that a stream that errors mid-way reports the
// handler's error.
func TestStreamError(t *testing.T) {
	prog := compileSource(t, edge+`export default () => new Response(new ReadableStream({
  start(c) { c.enqueue(new TextEncoder().encode('a')) },
  pull(c) { return new Promise((_, reject) => setTimeout(() => reject(new RangeError('boom')), 5)) },
}))
`)
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	res, err := serve(t, pool, "http://localhost:3000/api/r")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Stream.Close()
	if c, err := res.Stream.Next(context.Background()); err != nil || string(c) != "a" {
		t.Fatalf("first: %q %v", c, err)
	}
	_, err = res.Stream.Next(context.Background())
	var herr *HandlerError
	if !errors.As(err, &herr) || herr.Name != "RangeError" || herr.Message != "boom" {
		t.Fatalf("err = %#v", err)
	}
}

// TestRequestBodyStreams checks that req.body is fed chunk by chunk: the
// handler answers with the first chunk while the rest has not been sent.
func TestRequestBodyStreams(t *testing.T) {
	prog := compileSource(t, edge+`export default async (req) => {
  const r = req.body.getReader()
  const { value } = await r.read()
  return new Response('got ' + new TextDecoder().decode(value))
}
`)
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() { _, _ = pw.Write([]byte("hello")) }()
	res, err := pool.Serve(context.Background(), Request{URL: "http://localhost:3000/api/r", Method: "POST", BodyReader: pr})
	if err != nil || string(res.Body) != "got hello" {
		t.Fatalf("%v %v", res, err)
	}
	// The second read was never asked for: closing the pipe ends nothing pending.
	pw.Close()
}

// TestRequestBodyErrorReachesTheHandler checks that an error from the body
// source (the server's size limit) errors req.body with its message.
func TestRequestBodyErrorReachesTheHandler(t *testing.T) {
	prog := compileSource(t, edge+`export default async (req) => {
  try { await req.text(); return new Response('read') } catch (e) { return new Response(e.name + ': ' + e.message) }
}
`)
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	src := io.MultiReader(strings.NewReader("abc"), errReader{errors.New("FUNCTION_PAYLOAD_TOO_LARGE: limit")})
	res, err := pool.Serve(context.Background(), Request{URL: "http://localhost:3000/api/r", Method: "PUT", BodyReader: src})
	if err != nil || string(res.Body) != "TypeError: FUNCTION_PAYLOAD_TOO_LARGE: limit" {
		t.Fatalf("%q %v", res.Body, err)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// TestProxiedFetchStreams checks that a handler returning a fetched
// response passes its body on chunk by chunk: the first upstream chunk
// arrives before the upstream sends the second.
func TestProxiedFetchStreams(t *testing.T) {
	release := make(chan struct{})
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("up-1 "))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		_, _ = w.Write([]byte("up-2"))
	}))
	defer upstream.Close()
	prog := compileSource(t, edge+"export default (req) => fetch(req.nextUrl.searchParams.get('up'))\n")
	pool := engine.NewPool(prog, Options{Size: 1, Transport: http.DefaultTransport})
	defer pool.Close()
	res, err := serve(t, pool, "http://localhost:3000/api/r?up="+upstream.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Stream.Close()
	if c, err := res.Stream.Next(context.Background()); err != nil || string(c) != "up-1 " {
		t.Fatalf("first %q %v", c, err)
	}
	close(release)
	if rest := readAll(t, res.Stream); rest != "up-2" {
		t.Errorf("rest %q", rest)
	}
}

// BenchmarkServeStreamed measures a streamed response of 16 chunks of
// 4 KiB through an isolate, read as a server would.
func BenchmarkServeStreamed(b *testing.B) {
	prog := compileSource(b, edge+`const chunk = new Uint8Array(4096).fill(120)
export default () => {
  let n = 0
  return new Response(new ReadableStream({ pull(c) { if (n++ === 16) c.close(); else c.enqueue(chunk.slice()) } }, { highWaterMark: 0 }))
}
`)
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	req := Request{URL: "http://localhost:3000/api/stream", Method: "GET"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := pool.Serve(context.Background(), req)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			c, err := res.Stream.Next(context.Background())
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n += len(c)
		}
		res.Stream.Close()
		if n != 16*4096 {
			b.Fatalf("%d bytes", n)
		}
	}
}

// TestStreamChunksAtHandGoTogether: chunks the handler's stream has queued
// together reach the caller in one read (one hand-over instead of one per
// chunk), up to 256 KiB, and in order; string chunks are sent as UTF-8, as
// Next.js sends them; other non-bytes chunks error the body.
func TestStreamChunksAtHandGoTogether(t *testing.T) {
	prog := compileSource(t, edge+`export default (req) => {
  const kind = new URL(req.url).searchParams.get('kind')
  return new Response(new ReadableStream({
    start(c) {
      if (kind === 'string') { c.enqueue('not '); c.enqueue(new TextEncoder().encode('bytes')); c.close(); return }
      if (kind === 'object') { c.enqueue({}); c.close(); return }
      if (kind === 'big') { for (let i = 0; i < 6; i++) c.enqueue(new Uint8Array(64 * 1024).fill(97 + i)); c.close(); return }
      for (const s of ['a', 'b', 'c']) c.enqueue(new TextEncoder().encode(s))
      c.close()
    },
  }))
}
`)
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	chunks := func(kind string) ([]string, error) {
		res, err := serve(t, pool, "http://localhost:3000/api/r?kind="+kind)
		if err != nil {
			return nil, err
		}
		defer res.Stream.Close()
		var out []string
		for {
			c, err := res.Stream.Next(context.Background())
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			if err != nil {
				return out, err
			}
			out = append(out, string(c))
		}
	}
	if got, err := chunks("small"); err != nil || len(got) != 1 || got[0] != "abc" {
		t.Errorf("three queued chunks: %q %v", got, err)
	}
	if got, err := chunks("string"); err != nil || strings.Join(got, "") != "not bytes" {
		t.Errorf("a string chunk: %q %v", got, err)
	}
	got, err := chunks("big")
	if err != nil || len(got) != 2 || len(got[0]) != 256*1024 || len(got[1]) != 128*1024 || got[0][0] != 'a' || got[1][0] != 'e' || got[1][len(got[1])-1] != 'f' {
		t.Errorf("384 KiB queued: %d reads, %v", len(got), err)
	}
	if _, err := chunks("object"); err == nil || !strings.Contains(err.Error(), "Received non-Uint8Array chunk") {
		t.Errorf("an object chunk: %v", err)
	}
}
