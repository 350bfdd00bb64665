package webapi

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// streamResponse runs StreamResponse on the value of src and the loop until
// done has been called.
func streamResponse(t *testing.T, e *env, src string) (OutgoingResponse, *ResponseBody, error) {
	t.Helper()
	v, err := e.rt.RunString(src)
	if err != nil {
		t.Fatal(err)
	}
	var out OutgoingResponse
	var body *ResponseBody
	var outErr error
	calls := 0
	e.b.StreamResponse(v, func(r OutgoingResponse, b *ResponseBody, err error) {
		calls++
		out, body, outErr = r, b, err
	})
	if err := e.loop.runUntil(func() bool { return calls > 0 }, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Fatalf("done called %d times", calls)
	}
	return out, body, outErr
}

// readChunk reads one chunk of body, running the loop until it comes.
func readChunk(t *testing.T, e *env, body *ResponseBody) (string, error) {
	t.Helper()
	var chunk []byte
	var err error
	got := false
	body.Read(func(c []byte, e error) { chunk, err, got = c, e, true })
	if lerr := e.loop.runUntil(func() bool { return got }, 5*time.Second); lerr != nil {
		t.Fatal(lerr)
	}
	return string(chunk), err
}

func TestStreamResponse(t *testing.T) {
	e := newEnv(t)
	r, body, err := streamResponse(t, e, `globalThis.pulls = 0; globalThis.res = new Response(new ReadableStream({
		async pull(c) { pulls++; await new Promise((r) => setTimeout(r, 1)); if (pulls > 3) c.close(); else c.enqueue(new TextEncoder().encode('c' + pulls)); } },
		{highWaterMark: 0}), {status: 201, headers: {'X-A': '1'}}); res`)
	if err != nil || r.Status != 201 || len(r.Headers) != 1 || r.Headers[0] != [2]string{"x-a", "1"} || body == nil {
		t.Fatalf("head: %+v %v %v", r, body, err)
	}
	if v, _ := e.rt.RunString(`res.bodyUsed + ' ' + res.body.locked + ' ' + pulls`); v.String() != "true true 0" {
		t.Errorf("after the head: %s", v)
	}
	for i := 1; i <= 3; i++ {
		c, err := readChunk(t, e, body)
		if err != nil || c != "c"+string(rune('0'+i)) {
			t.Fatalf("chunk %d: %q %v", i, c, err)
		}
		if v, _ := e.rt.RunString(`pulls`); v.ToInteger() != int64(i) {
			t.Errorf("after chunk %d the stream was pulled %d times: not pulled on demand", i, v.ToInteger())
		}
	}
	if c, err := readChunk(t, e, body); c != "" || !errors.Is(err, io.EOF) {
		t.Errorf("end: %q %v", c, err)
	}
}

func TestStreamResponseVariants(t *testing.T) {
	e := newEnv(t)
	// A body at hand is one chunk.
	_, body, err := streamResponse(t, e, `new Response('hello')`)
	if err != nil || body == nil {
		t.Fatal(err)
	}
	if c, err := readChunk(t, e, body); c != "hello" || err != nil {
		t.Errorf("bytes body: %q %v", c, err)
	}
	if _, err := readChunk(t, e, body); !errors.Is(err, io.EOF) {
		t.Errorf("bytes body end: %v", err)
	}
	// A null body.
	r, body, err := streamResponse(t, e, `new Response(null, {status: 204})`)
	if err != nil || body != nil || r.Status != 204 {
		t.Errorf("null body: %+v %v %v", r, body, err)
	}
	// Not a Response.
	if _, _, err := streamResponse(t, e, `({})`); err == nil || !strings.Contains(err.Error(), "Expected an instance of Response") {
		t.Errorf("not a Response: %v", err)
	}
	// A stream error.
	_, body, err = streamResponse(t, e, `new Response(new ReadableStream({ pull(c) { c.error(new RangeError('boom')) } }))`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := readChunk(t, e, body); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("stream error: %v", err)
	}
	// Cancel reaches the handler's stream.
	_, body, err = streamResponse(t, e, `globalThis.reason = null; new Response(new ReadableStream({ cancel(r) { reason = r } }))`)
	if err != nil {
		t.Fatal(err)
	}
	body.Cancel()
	if err := e.loop.run(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if v, _ := e.rt.RunString(`reason && reason.name`); v.String() != "AbortError" {
		t.Errorf("cancel reason: %v", v)
	}
	if _, err := readChunk(t, e, body); !errors.Is(err, io.EOF) {
		t.Errorf("read after cancel: %v", err)
	}
}
