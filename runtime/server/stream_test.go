package server

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log sink safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// smallBufferListener gives every accepted connection a small kernel send
// buffer, so that a client that stops reading is felt at once.
type smallBufferListener struct{ net.Listener }

func (l smallBufferListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(16 << 10)
	}
	return c, err
}

// startStreamServer is startServer with a listener of small send buffers.
func startStreamServer(t *testing.T, dir string, opts Options) *testServer {
	t.Helper()
	return startServerOn(t, dir, opts, func(ln net.Listener) net.Listener { return smallBufferListener{ln} })
}

// smallBufferClient reads through a small kernel receive buffer and
// without connection reuse.
func smallBufferClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		DisableKeepAlives: true,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if tc, ok := c.(*net.TCPConn); ok {
				_ = tc.SetReadBuffer(16 << 10)
			}
			return c, err
		},
	}}
}

// TestStreamedResponseReachesTheClientChunkByChunk checks R-HANDLER-6 over
// HTTP: the client reads the first chunk while the handler still waits on
// a timer, and the record holds the whole body.
func TestStreamedResponseReachesTheClientChunkByChunk(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/stream.ts", `export const config = { runtime: 'edge' }
export default () => new Response(new ReadableStream({
  async start(c) {
    c.enqueue(new TextEncoder().encode('first\n'))
    await new Promise((r) => setTimeout(r, 800))
    c.enqueue(new TextEncoder().encode('second\n'))
    c.close()
  },
}), { headers: { 'content-type': 'text/plain' } })
`)
	rec := &memRecorder{}
	ts := startServer(t, dir, Options{Recorder: rec})
	start := time.Now()
	res, err := http.Get(ts.URL + "/api/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/plain" || res.ContentLength != -1 {
		t.Errorf("head: %d %v length %d", res.StatusCode, res.Header, res.ContentLength)
	}
	br := bufio.NewReader(res.Body)
	line, err := br.ReadString('\n')
	if err != nil || line != "first\n" {
		t.Fatalf("first line %q %v", line, err)
	}
	if d := time.Since(start); d > 600*time.Millisecond {
		t.Errorf("first chunk after %v: it waited for the handler's timer", d)
	}
	rest, err := io.ReadAll(br)
	if err != nil || string(rest) != "second\n" {
		t.Fatalf("rest %q %v", rest, err)
	}
	if d := time.Since(start); d < 800*time.Millisecond {
		t.Errorf("whole body after %v", d)
	}
	// The record comes once the handler returned.
	var got string
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		rec.mu.Lock()
		if len(rec.list) > 0 {
			got = string(rec.list[len(rec.list)-1].ResponseBody)
		}
		rec.mu.Unlock()
		if got != "" {
			break
		}
	}
	if got != "first\nsecond\n" {
		t.Errorf("recorded body %q", got)
	}
}

// TestStreamBackpressureHoldsTheHandler checks that a client that stops
// reading stops the handler's stream: chunks are pulled only as they are
// written. Each chunk carries its pull number and the time it was pulled.
func TestStreamBackpressureHoldsTheHandler(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/flood.ts", `export const config = { runtime: 'edge' }
export default () => {
  let pulls = 0
  const pad = 'x'.repeat(8 * 1024)
  return new Response(new ReadableStream({
    pull(c) {
      pulls++
      c.enqueue(new TextEncoder().encode(pulls + ' ' + Date.now() + ' ' + pad + '\n'))
      if (pulls === 40) c.close()
    },
  }, { highWaterMark: 0 }))
}
`)
	ts := startStreamServer(t, dir, Options{})
	res, err := smallBufferClient().Get(ts.URL + "/api/flood")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	br := bufio.NewReaderSize(res.Body, 64<<10)
	if _, err := br.ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	time.Sleep(600 * time.Millisecond) // a slow client
	resumed := time.Now().UnixMilli()
	ahead, lines := 0, 1
	for {
		line, err := br.ReadString('\n')
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		lines++
		f := strings.SplitN(line, " ", 3)
		at, _ := strconv.ParseInt(f[1], 10, 64)
		if at < resumed {
			ahead++
		}
	}
	if lines != 40 {
		t.Errorf("%d lines, want 40", lines)
	}
	t.Logf("%d of 40 chunks pulled while the client was not reading", ahead)
	// What the socket buffers and the client's reader hold, and no more,
	// was pulled while the client was not reading.
	if ahead > 24 {
		t.Errorf("%d chunks of 8 KiB pulled while the client was not reading", ahead)
	}
}

// TestStreamMaxDurationCutsTheBody checks R-RT-6: past the route's
// maxDuration the body is cut (the client sees an incomplete response),
// the limit is logged with the measured time, and the handler's cancel
// algorithm runs.
func TestStreamMaxDurationCutsTheBody(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/ticks.ts", `export const config = { runtime: 'edge', maxDuration: 0.5 }
let cancelled = 0
export default (req: Request) => {
  if (new URL(req.url).searchParams.has('cancelled')) return new Response(String(cancelled))
  return new Response(new ReadableStream({
    async pull(c) { await new Promise((r) => setTimeout(r, 50)); c.enqueue(new TextEncoder().encode('tick\n')) },
    cancel() { cancelled++ },
  }, { highWaterMark: 0 }))
}
`)
	logs := &syncBuffer{}
	rec := &memRecorder{}
	ts := startServer(t, dir, Options{PoolSize: 1, Recorder: rec, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	start := time.Now()
	res, err := http.Get(ts.URL + "/api/ticks")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err == nil {
		t.Errorf("the body ended cleanly: %q", body)
	}
	if d := time.Since(start); d < 500*time.Millisecond || d > 3*time.Second {
		t.Errorf("cut after %v", d)
	}
	if !strings.HasPrefix(string(body), "tick\ntick\n") {
		t.Errorf("body %q", body)
	}
	if l := logs.String(); !strings.Contains(l, "maxDuration of 500ms") || !strings.Contains(l, "cut after") {
		t.Errorf("log: %s", l)
	}
	if _, got := get(t, ts.URL+"/api/ticks?cancelled", nil); got != "1" {
		t.Errorf("cancelled = %q", got)
	}
	var e = rec.list[0]
	if !strings.Contains(e.Error, "maxDuration") || !bytes.HasPrefix(e.ResponseBody, []byte("tick\n")) {
		t.Errorf("record: %q %q", e.Error, e.ResponseBody)
	}
}

// TestClientDisconnectCancelsTheStream checks that a client leaving
// mid-stream cancels the handler's stream (its cancel algorithm runs).
func TestClientDisconnectCancelsTheStream(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/forever.ts", `export const config = { runtime: 'edge' }
let log: string[] = []
export default (req: Request) => {
  if (new URL(req.url).searchParams.has('log')) return new Response(log.join(','))
  let n = 0
  return new Response(new ReadableStream({
    async pull(c) { await new Promise((r) => setTimeout(r, n++ ? 100 : 0)); c.enqueue(new TextEncoder().encode('tick\n')) },
    cancel(reason) { log.push('cancel:' + reason.name) },
  }, { highWaterMark: 0 }))
}
`)
	ts := startServer(t, dir, Options{PoolSize: 1})
	res, err := http.Get(ts.URL + "/api/forever")
	if err != nil {
		t.Fatal(err)
	}
	if line, err := bufio.NewReader(res.Body).ReadString('\n'); err != nil || line != "tick\n" {
		t.Fatalf("first %q %v", line, err)
	}
	res.Body.Close() // the client leaves
	var got string
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, got = get(t, ts.URL+"/api/forever?log", nil); got != "" {
			break
		}
	}
	if got != "cancel:AbortError" {
		t.Errorf("log = %q", got)
	}
}

// TestRequestBodyStreamsBothWays checks that req.body is fed as the client
// sends it: an echo handler returns each chunk before the next is sent.
func TestRequestBodyStreamsBothWays(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/echo.ts", `export const config = { runtime: 'edge' }
export default (req: Request) => new Response(req.body)
`)
	rec := &memRecorder{}
	ts := startServer(t, dir, Options{Recorder: rec})
	pr, pw := io.Pipe()
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/api/echo", pr)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = pw.Write([]byte("ping 1\n")) }()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	br := bufio.NewReader(res.Body)
	for i := 1; i <= 3; i++ {
		line, err := br.ReadString('\n')
		if err != nil || line != fmt.Sprintf("ping %d\n", i) {
			t.Fatalf("echo %d: %q %v", i, line, err)
		}
		if i < 3 {
			go func() { _, _ = fmt.Fprintf(pw, "ping %d\n", i+1) }()
		}
	}
	pw.Close()
	if rest, err := io.ReadAll(br); err != nil || len(rest) != 0 {
		t.Errorf("rest %q %v", rest, err)
	}
	var e = rec.last(t)
	for deadline := time.Now().Add(2 * time.Second); string(e.RequestBody) == "" && time.Now().Before(deadline); e = rec.last(t) {
		time.Sleep(10 * time.Millisecond)
	}
	if string(e.RequestBody) != "ping 1\nping 2\nping 3\n" || string(e.ResponseBody) != "ping 1\nping 2\nping 3\n" {
		t.Errorf("record: %q → %q", e.RequestBody, e.ResponseBody)
	}
}

// TestRequestBodyLimit checks R-RT-6's 4.5 MB request body limit: an
// announced length past it is refused before the handler runs; a chunked
// body is stopped as the bytes arrive, with the limit's message.
func TestRequestBodyLimit(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/read.ts", `export const config = { runtime: 'edge' }
export default async (req: Request) => {
  const b = await req.arrayBuffer()
  return new Response(String(b.byteLength))
}
`)
	writeFile(t, dir, "pages/api/catch.ts", `export const config = { runtime: 'edge' }
export default async (req: Request) => {
  try { await req.text() } catch (e) { return new Response(e.name + ': ' + e.message, { status: 400 }) }
  return new Response('read it all')
}
`)
	ts := startServer(t, dir, Options{})
	big := bytes.Repeat([]byte("x"), MaxRequestBody+1)
	tests := []struct {
		name       string
		path       string
		chunked    bool
		size       int
		wantStatus int
		wantBody   string
	}{
		{"at the limit", "/api/read", true, MaxRequestBody, 200, strconv.Itoa(MaxRequestBody)},
		{"announced past the limit", "/api/read", false, MaxRequestBody + 1, 413, "FUNCTION_PAYLOAD_TOO_LARGE"},
		{"chunked past the limit", "/api/read", true, MaxRequestBody + 1, 413, "FUNCTION_PAYLOAD_TOO_LARGE"},
		{"handler catches it", "/api/catch", true, MaxRequestBody + 1, 400, "TypeError: FUNCTION_PAYLOAD_TOO_LARGE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader = bytes.NewReader(big[:tc.size])
			if tc.chunked {
				body = io.MultiReader(body) // hides the length: chunked
			}
			req, err := http.NewRequest(http.MethodPost, ts.URL+tc.path, body)
			if err != nil {
				t.Fatal(err)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.wantStatus || !strings.HasPrefix(string(got), tc.wantBody) {
				t.Errorf("%d %.200q, want %d %q", res.StatusCode, got, tc.wantStatus, tc.wantBody)
			}
		})
	}
}

// TestAbandonedBodyReadDoesNotHoldTheResponse checks that a handler that
// answers while its read of req.body is still pending gets its response
// out although the client sends nothing more.
func TestAbandonedBodyReadDoesNotHoldTheResponse(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/early.ts", `export const config = { runtime: 'edge' }
export default async (req: Request) => {
  const r = req.body!.getReader()
  const first = await r.read()
  r.read() // never answered: the client holds the rest
  return new Response('early ' + first.value!.length)
}
`)
	ts := startServer(t, dir, Options{})
	pr, pw := io.Pipe()
	defer pw.Close()
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/api/early", pr)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = pw.Write([]byte("abc")) }()
	done := make(chan struct{})
	var got string
	go func() {
		defer close(done)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			got = err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		got = string(b)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the response waited for the abandoned read")
	}
	if got != "early 3" {
		t.Errorf("got %q", got)
	}
}

// TestStreamWithCustomStatusText checks that a streamed response keeps a
// custom reason phrase (R-HANDLER-7) and still arrives chunk by chunk.
func TestStreamWithCustomStatusText(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/reason.ts", `export const config = { runtime: 'edge' }
export default () => new Response(new ReadableStream({
  async start(c) {
    c.enqueue(new TextEncoder().encode('one\n'))
    await new Promise((r) => setTimeout(r, 300))
    c.enqueue(new TextEncoder().encode('two\n'))
    c.close()
  },
}), { status: 200, statusText: 'Streaming Along' })
`)
	ts := startServer(t, dir, Options{})
	start := time.Now()
	res, err := http.Get(ts.URL + "/api/reason")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Status != "200 Streaming Along" {
		t.Errorf("status %q", res.Status)
	}
	br := bufio.NewReader(res.Body)
	if line, err := br.ReadString('\n'); err != nil || line != "one\n" || time.Since(start) > 250*time.Millisecond {
		t.Fatalf("first %q %v after %v", line, err, time.Since(start))
	}
	if rest, err := io.ReadAll(br); err != nil || string(rest) != "two\n" {
		t.Errorf("rest %q %v", rest, err)
	}
}
