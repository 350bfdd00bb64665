package webapi

import (
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// countingReader yields its chunks one per Read, counting the Reads.
type countingReader struct {
	mu     sync.Mutex
	chunks []string
	reads  int
	err    error // after the chunks (io.EOF when nil)
}

func (r *countingReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reads++
	if len(r.chunks) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		return 0, io.EOF
	}
	n := copy(p, r.chunks[0])
	r.chunks = r.chunks[1:]
	return n, nil
}

func (r *countingReader) readCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reads
}

func TestRequestStreamer(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		err    error
		script string // run with the request as globalThis.req; sets globalThis.out
		want   string
	}{
		{"text", []string{"hel", "lo"}, nil, `req.text().then((t) => { out = t })`, "hello"},
		{"chunks", []string{"a", "bc"}, nil, `(async () => { const parts = []; const r = req.body.getReader(); for (;;) { const { done, value } = await r.read(); if (done) break; parts.push(value.constructor.name + ':' + value.length) } out = parts.join(',') })()`, "Uint8Array:1,Uint8Array:2"},
		{"byob", []string{"xyz"}, nil, `(async () => { const r = req.body.getReader({mode: 'byob'}); let a = await r.read(new Uint8Array(8)); let b = await r.read(new Uint8Array(8)); out = a.value.length + ' ' + b.done })()`, "3 true"},
		{"error", []string{"a"}, errors.New("FUNCTION_PAYLOAD_TOO_LARGE: too big"), `req.text().then(() => { out = 'read' }, (e) => { out = e.name + ': ' + e.message })`, "TypeError: FUNCTION_PAYLOAD_TOO_LARGE: too big"},
		{"headers and method", nil, nil, `out = req.method + ' ' + req.headers.get('x-a') + ' ' + (req.body instanceof ReadableStream) + ' ' + req.bodyUsed`, "POST 1 true false"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			s, err := e.b.NewRequestStreamer()
			if err != nil {
				t.Fatal(err)
			}
			src := &countingReader{chunks: tc.chunks, err: tc.err}
			req, err := s.NewRequest(IncomingRequest{URL: "http://localhost:3000/api/r", Method: "post", Headers: [][2]string{{"X-A", "1"}}}, src)
			if err != nil {
				t.Fatal(err)
			}
			_ = e.rt.Set("req", req)
			if _, err := e.run("globalThis.out = undefined;" + tc.script); err != nil {
				t.Fatal(err)
			}
			if got := e.rt.Get("out"); got == nil || got.String() != tc.want {
				t.Errorf("out = %v, want %q", got, tc.want)
			}
		})
	}
}

// TestRequestStreamerIsPullDriven checks that nothing is read before the
// handler reads, and that each read pulls one chunk (backpressure).
func TestRequestStreamerIsPullDriven(t *testing.T) {
	e := newEnv(t)
	s, err := e.b.NewRequestStreamer()
	if err != nil {
		t.Fatal(err)
	}
	src := &countingReader{chunks: []string{"1", "2", "3", "4"}}
	req, err := s.NewRequest(IncomingRequest{URL: "http://localhost:3000/api/r", Method: "POST"}, src)
	if err != nil {
		t.Fatal(err)
	}
	_ = e.rt.Set("req", req)
	if _, err := e.run(`globalThis.reader = req.body.getReader()`); err != nil {
		t.Fatal(err)
	}
	if n := src.readCount(); n != 0 {
		t.Fatalf("%d reads before the handler read", n)
	}
	if _, err := e.run(`reader.read().then((r) => { globalThis.first = new TextDecoder().decode(r.value) })`); err != nil {
		t.Fatal(err)
	}
	if got := e.rt.Get("first").String(); got != "1" {
		t.Errorf("first chunk %q", got)
	}
	if n := src.readCount(); n != 1 {
		t.Errorf("%d reads after one read, want 1", n)
	}
	// Cancelling stops the reads.
	if _, err := e.run(`reader.cancel('done')`); err != nil {
		t.Fatal(err)
	}
	if err := e.loop.runUntil(nil, time.Second); err != nil {
		t.Fatal(err)
	}
	if n := src.readCount(); n != 1 {
		t.Errorf("%d reads after cancel, want 1", n)
	}
}

// TestRequestStreamerRefusesGET checks that GET requests cannot stream a body.
func TestRequestStreamerRefusesGET(t *testing.T) {
	e := newEnv(t)
	s, err := e.b.NewRequestStreamer()
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.NewRequest(IncomingRequest{URL: "http://localhost:3000/api/r", Method: "GET"}, strings.NewReader("x"))
	if err == nil || !strings.Contains(err.Error(), "GET/HEAD") {
		t.Errorf("err = %v", err)
	}
}
