package webapi

import (
	"bytes"
	"compress/gzip"
	"errors"
	"go.uber.org/goleak"
	"io"
	"strings"
	"testing"
	"time"
)

// feed writes p to c in pieces of n bytes and finishes it.
func feed(c codec, p []byte, n int) ([]byte, error) {
	var out []byte
	for len(p) > 0 {
		k := min(n, len(p))
		o, err := c.write(p[:k])
		if err != nil {
			return out, err
		}
		out = append(out, o...)
		p = p[k:]
	}
	o, err := c.finish()
	return append(out, o...), err
}

func TestCodecRoundTrip(t *testing.T) {
	input := []byte(strings.Repeat("streams are fun; ", 5000))
	for _, format := range []string{"gzip", "deflate", "deflate-raw"} {
		for _, n := range []int{1, 7, 4096, len(input)} {
			d, err := newDeflater(format)
			if err != nil {
				t.Fatal(err)
			}
			compressed, err := feed(d, input, n)
			if err != nil {
				t.Fatalf("%s/%d: compress: %v", format, n, err)
			}
			z, err := newInflater(format, nil)
			if err != nil {
				t.Fatal(err)
			}
			out, err := feed(z, compressed, n)
			if err != nil {
				t.Fatalf("%s/%d: decompress: %v", format, n, err)
			}
			if !bytes.Equal(out, input) {
				t.Errorf("%s/%d: round trip gave %d bytes, want %d", format, n, len(out), len(input))
			}
		}
	}
}

func TestInflaterErrors(t *testing.T) {
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	_, _ = w.Write([]byte("expected output"))
	_ = w.Close()
	good := gz.Bytes()
	cases := []struct {
		name   string
		format string
		input  []byte
		want   string // substring of the error; "" for success
	}{
		{"whole", "gzip", good, ""},
		{"empty input", "gzip", nil, "unexpected EOF"},
		{"truncated", "gzip", good[:len(good)-3], "unexpected EOF"},
		{"trailing junk", "gzip", append(bytes.Clone(good), 0), "junk found"},
		{"second member is junk", "gzip", append(bytes.Clone(good), good...), "junk found"},
		{"bad header", "deflate", []byte{0, 0, 0}, "decompress deflate"},
		{"bad format", "zip", nil, "unsupported"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			z, err := newInflater(c.format, nil)
			if err == nil {
				_, err = feed(z, c.input, 5)
			}
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestInflaterCloseStopsGoroutine(t *testing.T) {
	z, err := newInflater("gzip", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := z.write([]byte{31, 139}); err != nil {
		t.Fatal(err)
	}
	z.close()
	// The goroutine reports the end of its input and stops.
	select {
	case step := <-z.steps:
		if !step.ended || !errors.Is(step.err, io.ErrUnexpectedEOF) {
			t.Fatalf("final step %+v, want an unexpected EOF", step)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the inflater goroutine did not stop after close")
	}
	if _, err := z.write([]byte{1}); err == nil {
		t.Fatal("write after close succeeded")
	}
}

// TestBindingsCloseStopsInflaters checks that Bindings.Close ends the
// goroutine of a DecompressionStream left mid-stream by the handler.
func TestBindingsCloseStopsInflaters(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	e := newEnv(t)
	if _, err := e.run(`globalThis.w = new DecompressionStream('gzip').writable.getWriter(); w.write(new Uint8Array([31, 139, 8]))`); err != nil {
		t.Fatal(err)
	}
	if n := len(e.b.inflaters.feeds); n != 1 {
		t.Fatalf("%d inflaters running, want 1", n)
	}
	e.b.Close()
	if err := goleak.Find(ignore); err != nil {
		t.Fatalf("the inflater goroutine survived Bindings.Close: %v", err)
	}
	if _, err := newInflater("gzip", &e.b.inflaters); err == nil {
		t.Error("an inflater started after Close")
	}
}
