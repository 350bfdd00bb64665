package webapi

import (
	"errors"
	"fmt"
	"io"

	"github.com/dop251/goja"
)

// requestChunkSize is the most bytes one pull of a streamed request body
// reads from its source.
const requestChunkSize = 64 << 10

// RequestStreamer builds handler Requests whose body streams in from Go
// chunk by chunk as the handler reads it (SPEC R-HANDLER-6, R-RT-5). It
// holds the ReadableStream and Request constructors as they were when it
// was made, so make it right after Install, before user code runs (which
// may replace the globals). Loop goroutine only.
type RequestStreamer struct {
	b              *Bindings
	readableStream goja.Constructor
	request        goja.Constructor
	uint8Array     goja.Constructor
}

// NewRequestStreamer captures what RequestStreamer needs from the freshly
// installed globals.
func (b *Bindings) NewRequestStreamer() (*RequestStreamer, error) {
	s := &RequestStreamer{b: b}
	for name, dst := range map[string]*goja.Constructor{
		"ReadableStream": &s.readableStream,
		"Request":        &s.request,
		"Uint8Array":     &s.uint8Array,
	} {
		ctor, ok := goja.AssertConstructor(b.rt.GlobalObject().Get(name))
		if !ok {
			return nil, fmt.Errorf("request streamer: global %s is not a constructor", name)
		}
		*dst = ctor
	}
	return s, nil
}

// NewRequest is Bindings.NewRequest with a body that streams from body (r.Body
// is ignored): req.body is a byte ReadableStream (highWaterMark 0) whose
// every pull reads at most 64 KiB from body on a goroutine of its own,
// holding the loop (Loop.Hold) until the chunk is handed back through
// Loop.Enqueue. Nothing is read before the handler reads, and only one Read
// is in flight at a time, so a handler that stops reading stops the reads
// (backpressure). io.EOF closes the stream; another error errors it with a
// TypeError carrying the error's message (a source can so report e.g. a
// size limit). When the handler cancels the stream, reads stop; body is
// never closed here: its owner must unblock a pending Read (e.g. by closing
// the connection) when the request is over, or the reading goroutine lives
// until that Read returns. GET and HEAD requests cannot have a body (a
// TypeError, as for new Request).
func (s *RequestStreamer) NewRequest(r IncomingRequest, body io.Reader) (goja.Value, error) {
	r.Body = nil
	base, err := s.b.NewRequest(r)
	if err != nil {
		return nil, err
	}
	rt := s.b.rt
	stream, err := s.bodyStream(body)
	if err != nil {
		return nil, fmt.Errorf("new request %s %s: body stream: %w", r.Method, r.URL, err)
	}
	init := rt.NewObject()
	_ = init.Set("body", stream)
	_ = init.Set("duplex", "half")
	req, err := s.request(nil, base, init)
	if err != nil {
		return nil, fmt.Errorf("new request %s %s: %w", r.Method, r.URL, err)
	}
	return req, nil
}

// bodyStream makes the byte ReadableStream fed from src.
func (s *RequestStreamer) bodyStream(src io.Reader) (goja.Value, error) {
	b, rt := s.b, s.b.rt
	var (
		ended   bool // src reported the end or an error, or the stream was cancelled
		pending error
	)
	source := rt.NewObject()
	_ = source.Set("type", "bytes")
	_ = source.Set("pull", func(call goja.FunctionCall) goja.Value {
		controller := call.Argument(0).ToObject(rt)
		promise, resolve, _ := rt.NewPromise()
		if ended {
			_ = resolve(goja.Undefined())
			return rt.ToValue(promise)
		}
		if pending != nil {
			// The source gave bytes and an error together: the error comes now.
			err := pending
			pending = nil
			ended = true
			s.finish(controller, err)
			_ = resolve(goja.Undefined())
			return rt.ToValue(promise)
		}
		release := b.opts.Loop.Hold()
		go func() {
			buf := make([]byte, requestChunkSize)
			n, err := src.Read(buf)
			if !b.opts.Loop.Enqueue(func() {
				defer release()
				defer func() { _ = resolve(goja.Undefined()) }()
				if ended || b.closed {
					return
				}
				if n > 0 {
					data := buf[:n]
					if n < len(buf)/2 {
						data = append([]byte(nil), data...) // do not pin 64 KiB for a small chunk
					}
					view, verr := s.uint8Array(nil, rt.ToValue(rt.NewArrayBuffer(data)))
					if verr != nil {
						ended = true
						b.report(verr)
						return
					}
					if _, cerr := callMethod(controller, "enqueue", view); cerr != nil {
						ended = true
						b.report(cerr)
						return
					}
					if err != nil {
						pending = err
					}
					return
				}
				if err == nil {
					return // an empty read: the next pull reads again
				}
				ended = true
				s.finish(controller, err)
			}) {
				release()
			}
		}()
		return rt.ToValue(promise)
	})
	_ = source.Set("cancel", func(goja.FunctionCall) goja.Value {
		ended = true
		pending = nil
		return goja.Undefined()
	})
	strategy := rt.NewObject()
	_ = strategy.Set("highWaterMark", 0)
	v, err := s.readableStream(nil, source, strategy)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// finish closes the stream at io.EOF or errors it with err's message.
func (s *RequestStreamer) finish(controller *goja.Object, err error) {
	rt := s.b.rt
	if errors.Is(err, io.EOF) {
		if _, cerr := callMethod(controller, "close"); cerr != nil {
			s.b.report(cerr)
			return
		}
		// A pending BYOB read ends with an empty view (Streams Standard).
		if req, ok := controller.Get("byobRequest").(*goja.Object); ok {
			if _, rerr := callMethod(req, "respond", rt.ToValue(0)); rerr != nil {
				s.b.report(rerr)
			}
		}
		return
	}
	if _, cerr := callMethod(controller, "error", rt.NewTypeError(err.Error())); cerr != nil {
		s.b.report(cerr)
	}
}

// callMethod calls obj[name](args...).
func callMethod(obj *goja.Object, name string, args ...goja.Value) (goja.Value, error) {
	fn, ok := goja.AssertFunction(obj.Get(name))
	if !ok {
		return nil, fmt.Errorf("%s is not a function", name)
	}
	return fn(obj, args...)
}
