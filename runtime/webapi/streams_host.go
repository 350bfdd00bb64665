package webapi

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/dop251/goja"
)

// addStreamsHost adds the host functions behind CompressionStream and
// DecompressionStream (js/47_compression.js). Every function runs on the
// loop goroutine (JS calls it).
//
//	zNew(format, decompress) -> handle   format: "gzip", "deflate" or "deflate-raw"
//	zWrite(handle, bytes)    -> ArrayBuffer of the output the chunk produced
//	zFinish(handle)          -> ArrayBuffer of the remaining output
//	zClose(handle)           releases the handle (after an error or a cancel)
//
// zWrite and zFinish throw a TypeError for corrupt, truncated or trailing
// input when decompressing.
func (b *Bindings) addStreamsHost(set hostSetter) {
	rt := b.rt
	codecOf := func(v goja.Value) codec {
		c, ok := v.Export().(codec)
		if !ok {
			panic(rt.NewTypeError("Illegal invocation"))
		}
		return c
	}
	result := func(out []byte, err error) goja.Value {
		if err != nil {
			panic(rt.NewTypeError(err.Error()))
		}
		return rt.ToValue(rt.NewArrayBuffer(out))
	}
	set("zNew", func(c goja.FunctionCall) goja.Value {
		format := c.Argument(0).String()
		var (
			h   codec
			err error
		)
		if c.Argument(1).ToBoolean() {
			h, err = newInflater(format, &b.inflaters)
		} else {
			h, err = newDeflater(format)
		}
		if err != nil {
			panic(rt.NewTypeError(err.Error()))
		}
		return rt.ToValue(h)
	})
	set("zWrite", func(c goja.FunctionCall) goja.Value {
		h := codecOf(c.Argument(0))
		return result(h.write(b.bytesOf(c.Argument(1))))
	})
	set("zFinish", func(c goja.FunctionCall) goja.Value {
		return result(codecOf(c.Argument(0)).finish())
	})
	set("zClose", func(c goja.FunctionCall) goja.Value {
		codecOf(c.Argument(0)).close()
		return goja.Undefined()
	})
}

// codec is one compression or decompression stream, fed chunk by chunk.
type codec interface {
	// write consumes a chunk (which it does not keep) and returns the output produced so far.
	write(p []byte) ([]byte, error)
	// finish ends the input and returns the rest of the output.
	finish() ([]byte, error)
	// close releases the codec without finishing it.
	close()
}

// deflater compresses: the compress/* writers are push-based already.
type deflater struct {
	buf bytes.Buffer
	w   io.WriteCloser
}

func newDeflater(format string) (*deflater, error) {
	d := &deflater{}
	var err error
	switch format {
	case "gzip":
		d.w = gzip.NewWriter(&d.buf)
	case "deflate":
		d.w = zlib.NewWriter(&d.buf)
	case "deflate-raw":
		d.w, err = flate.NewWriter(&d.buf, flate.DefaultCompression)
	default:
		err = fmt.Errorf("unsupported compression format %q", format)
	}
	if err != nil {
		return nil, fmt.Errorf("compression stream: %w", err)
	}
	return d, nil
}

func (d *deflater) take() []byte {
	out := bytes.Clone(d.buf.Bytes())
	d.buf.Reset()
	return out
}

func (d *deflater) write(p []byte) ([]byte, error) {
	if d.w == nil {
		return nil, errors.New("the compression stream is closed")
	}
	if _, err := d.w.Write(p); err != nil {
		return nil, fmt.Errorf("compress: %w", err)
	}
	return d.take(), nil
}

func (d *deflater) finish() ([]byte, error) {
	if d.w == nil {
		return nil, errors.New("the compression stream is closed")
	}
	err := d.w.Close()
	d.w = nil
	if err != nil {
		return nil, fmt.Errorf("compress: %w", err)
	}
	return d.take(), nil
}

func (d *deflater) close() { d.w = nil }

// inflater decompresses. The compress/* readers pull their input, so each
// runs on a goroutine of its own that reads from a feed of chunks; write
// hands it one chunk and waits until it has used it all (it asks for more)
// or has stopped. The goroutine only runs while write or finish waits for
// it, and touches no JS value. It ends when the input ends, on an error,
// on close, or once the inflater is garbage (a cleanup closes the feed).
type inflater struct {
	feed  *inflateFeed
	steps chan inflateStep
	ended bool  // the compressed data ended; more input is an error
	err   error // a sticky error
}

// inflateFeed is the input side of an inflater's goroutine.
type inflateFeed struct {
	in      chan []byte
	once    sync.Once
	stopped atomic.Bool
	live    *feedSet // the isolate's running inflaters, or nil
}

// stop ends the goroutine's input; it is safe from any goroutine, and more
// than once.
func (f *inflateFeed) stop() {
	f.once.Do(func() {
		f.stopped.Store(true)
		close(f.in)
		f.live.remove(f)
	})
}

// feedSet is an isolate's running inflaters, so that Bindings.Close stops
// their goroutines. Safe from any goroutine; the zero value is ready.
type feedSet struct {
	mu     sync.Mutex
	feeds  map[*inflateFeed]struct{}
	closed bool
}

// add registers f; it returns false once stopAll ran.
func (s *feedSet) add(f *inflateFeed) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	if s.feeds == nil {
		s.feeds = map[*inflateFeed]struct{}{}
	}
	s.feeds[f] = struct{}{}
	return true
}

func (s *feedSet) remove(f *inflateFeed) {
	if s == nil {
		return
	}
	s.mu.Lock()
	delete(s.feeds, f)
	s.mu.Unlock()
}

// stopAll stops every registered inflater; later ones cannot start.
func (s *feedSet) stopAll() {
	s.mu.Lock()
	feeds := s.feeds
	s.feeds, s.closed = nil, true
	s.mu.Unlock()
	for f := range feeds {
		f.stop()
	}
}

// inflateStep is what the goroutine reports after using up a chunk or stopping.
type inflateStep struct {
	out   []byte
	err   error
	ended bool // the goroutine stopped (err or the end of the data)
}

// errTrailingData reports input after the end of the compressed data.
var errTrailingData = errors.New("junk found after the end of the compressed data")

// newInflater starts a decompressor; live (nil for none) tracks its
// goroutine for Bindings.Close.
func newInflater(format string, live *feedSet) (*inflater, error) {
	switch format {
	case "gzip", "deflate", "deflate-raw":
	default:
		return nil, fmt.Errorf("decompression stream: unsupported compression format %q", format)
	}
	feed := &inflateFeed{in: make(chan []byte), live: live}
	if live != nil && !live.add(feed) {
		return nil, errors.New("decompression stream: the isolate is closed")
	}
	steps := make(chan inflateStep, 1)
	z := &inflater{feed: feed, steps: steps}
	go runInflate(format, feed.in, steps)
	runtime.AddCleanup(z, func(f *inflateFeed) { f.stop() }, feed)
	return z, nil
}

// chunkSource is the goroutine's reader over the fed chunks. It is an
// io.ByteReader so that the decompressors read no further than they need,
// which is how trailing data is seen.
type chunkSource struct {
	in      <-chan []byte
	steps   chan<- inflateStep
	cur     []byte
	out     *[]byte
	started bool
}

func (s *chunkSource) fill() bool {
	for len(s.cur) == 0 {
		if s.started {
			// The chunk is used up: report its output and wait for the next.
			s.steps <- inflateStep{out: *s.out}
			*s.out = nil
		}
		chunk, ok := <-s.in
		if !ok {
			return false
		}
		s.started = true
		s.cur = chunk
	}
	return true
}

func (s *chunkSource) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if !s.fill() {
		return 0, io.EOF
	}
	n := copy(p, s.cur)
	s.cur = s.cur[n:]
	return n, nil
}

func (s *chunkSource) ReadByte() (byte, error) {
	if !s.fill() {
		return 0, io.EOF
	}
	c := s.cur[0]
	s.cur = s.cur[1:]
	return c, nil
}

// runInflate decompresses the chunks from in, reporting on steps.
func runInflate(format string, in <-chan []byte, steps chan<- inflateStep) {
	var out []byte
	src := &chunkSource{in: in, steps: steps, out: &out}
	fail := func(err error) {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		steps <- inflateStep{err: fmt.Errorf("decompress %s: %w", format, err), ended: true}
	}
	var r io.Reader
	switch format {
	case "gzip":
		zr, err := gzip.NewReader(src)
		if err != nil {
			fail(err)
			return
		}
		zr.Multistream(false)
		r = zr
	case "deflate":
		zr, err := zlib.NewReader(src)
		if err != nil {
			fail(err)
			return
		}
		r = zr
	default:
		r = flate.NewReader(src)
	}
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			if len(src.cur) > 0 {
				fail(errTrailingData)
				return
			}
			steps <- inflateStep{out: out, ended: true}
			return
		}
		if err != nil {
			fail(err)
			return
		}
	}
}

func (z *inflater) write(p []byte) ([]byte, error) {
	if z.err != nil {
		return nil, z.err
	}
	if len(p) == 0 {
		return nil, nil
	}
	if z.ended {
		z.err = fmt.Errorf("decompress: %w", errTrailingData)
		return nil, z.err
	}
	if z.feed.stopped.Load() { // Bindings.Close stopped it
		z.err = errors.New("the decompression stream is closed")
		return nil, z.err
	}
	z.feed.in <- bytes.Clone(p)
	return z.receive()
}

func (z *inflater) receive() ([]byte, error) {
	step := <-z.steps
	if step.ended {
		z.ended = true
		z.feed.stop()
	}
	if step.err != nil {
		z.err = step.err
		return nil, step.err
	}
	return step.out, nil
}

func (z *inflater) finish() ([]byte, error) {
	if z.err != nil {
		return nil, z.err
	}
	if z.ended {
		return nil, nil
	}
	z.feed.stop()
	return z.receive()
}

func (z *inflater) close() {
	z.feed.stop()
	if z.err == nil {
		z.err = errors.New("the decompression stream is closed")
	}
}
