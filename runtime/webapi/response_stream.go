package webapi

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/dop251/goja"
)

// ResponseBody is the body of a handler's Response read chunk by chunk
// (SPEC R-HANDLER-6), as StreamResponse hands it out. All methods: loop
// goroutine only.
type ResponseBody struct {
	b       *Bindings
	whole   []byte // a body that was at hand: one chunk, then the end
	reader  *goja.Object
	read    goja.Callable
	cancel  goja.Callable
	pending bool
	ended   bool
}

// errReadPending is what Read reports when called with a read in progress.
var errReadPending = errors.New("response body: a read is already pending")

// Read asks for the next chunk of the body: got is called once, on the loop
// goroutine (possibly before Read returns), with the chunk (a copy the
// caller owns), with io.EOF at the end of the body, or with the stream's
// error (wrapping a *JSError). At most one Read may be pending; the next
// chunk is not read before Read is called again, which is the
// backpressure: call it when the previous chunk has been written.
func (rb *ResponseBody) Read(got func(chunk []byte, err error)) {
	switch {
	case rb.pending:
		got(nil, errReadPending)
		return
	case rb.ended:
		got(nil, io.EOF)
		return
	case rb.reader == nil:
		rb.ended = true
		if len(rb.whole) == 0 {
			got(nil, io.EOF)
			return
		}
		chunk := rb.whole
		rb.whole = nil
		got(chunk, nil)
		return
	}
	rb.pending = true
	b := rb.b
	var once sync.Once
	cb := func(call goja.FunctionCall) goja.Value {
		once.Do(func() {
			rb.pending = false
			if e := call.Argument(0); !goja.IsNull(e) && !goja.IsUndefined(e) {
				rb.ended = true
				got(nil, fmt.Errorf("read response body: %w", b.jsError(e)))
				return
			}
			// One ArrayBuffer, or an array of them: the chunks one read
			// took together, copied once into the caller's chunk.
			switch v := call.Argument(1).Export().(type) {
			case goja.ArrayBuffer:
				got(append([]byte(nil), v.Bytes()...), nil)
			case []any:
				n := 0
				for _, x := range v {
					if ab, ok := x.(goja.ArrayBuffer); ok {
						n += len(ab.Bytes())
					}
				}
				chunk := make([]byte, 0, n)
				for _, x := range v {
					if ab, ok := x.(goja.ArrayBuffer); ok {
						chunk = append(chunk, ab.Bytes()...)
					}
				}
				got(chunk, nil)
			default:
				rb.ended = true
				got(nil, io.EOF)
			}
		})
		return goja.Undefined()
	}
	if _, err := rb.read(rb.reader, b.rt.ToValue(cb)); err != nil {
		once.Do(func() {
			rb.pending, rb.ended = false, true
			got(nil, fmt.Errorf("read response body: %w", err))
		})
	}
}

// Cancel cancels the body's stream (the client went away): the handler's
// stream sees cancel(reason) with an AbortError. Later Reads report io.EOF.
func (rb *ResponseBody) Cancel() {
	if rb.ended {
		return
	}
	rb.ended = true
	rb.whole = nil
	if rb.reader == nil {
		return
	}
	reason := rb.b.rt.ToValue("The client went away")
	if ctor, ok := goja.AssertConstructor(rb.b.rt.GlobalObject().Get("DOMException")); ok {
		if e, err := ctor(nil, reason, rb.b.rt.ToValue("AbortError")); err == nil {
			reason = e
		}
	}
	if _, err := rb.cancel(rb.reader, reason); err != nil {
		rb.b.report(err)
	}
}

// StreamResponse is ReadResponse for a server that streams the body: done
// is called once, on the loop goroutine, with the status, status text and
// headers (OutgoingResponse.Body is nil) and the body to read chunk by
// chunk, or with an error as ReadResponse gives it. The body is nil for a
// null body. The Response's body is marked used at once; its stream, if
// any, is locked to the returned body.
//
// With streaming, the JavaScript side always answers before it returns, so
// one callback made on first use serves every call (no function object per
// response): the call's done waits in a field meanwhile.
func (b *Bindings) StreamResponse(v goja.Value, done func(OutgoingResponse, *ResponseBody, error)) {
	if b.onHead == nil {
		b.onHead = b.rt.ToValue(b.streamHead)
	}
	// A done that runs JavaScript may stream another response: the outer
	// call's state is put back afterwards.
	prevDone, prevAnswered := b.headDone, b.headAnswered
	b.headDone, b.headAnswered = done, false
	_, err := b.readResponse(goja.Undefined(), v, b.onHead, b.rt.ToValue(true))
	answered := b.headAnswered
	b.headDone, b.headAnswered = prevDone, prevAnswered
	switch {
	case answered:
	case err != nil:
		done(OutgoingResponse{}, nil, fmt.Errorf("read response: %w", err))
	default:
		done(OutgoingResponse{}, nil, errors.New("read response: the response head was not handed over"))
	}
}

// headerList reads the header list readResponse hands over ([lowercase
// name, value, ...] entries, all strings) item by item, without exporting
// it (nil for none).
func headerList(v goja.Value) [][2]string {
	list, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	n := int(list.Get("length").ToInteger())
	if n == 0 {
		return nil
	}
	out := make([][2]string, 0, n)
	for i := 0; i < n; i++ {
		e, ok := list.Get(strconv.Itoa(i)).(*goja.Object)
		if !ok {
			continue
		}
		out = append(out, [2]string{e.Get("0").String(), e.Get("1").String()})
	}
	return out
}

// streamHead is the callback StreamResponse passes to readResponse: it
// hands the head (or the error) to the pending call's done, once.
func (b *Bindings) streamHead(call goja.FunctionCall) goja.Value {
	done := b.headDone
	if done == nil || b.headAnswered {
		return goja.Undefined()
	}
	b.headAnswered = true
	if e := call.Argument(0); !goja.IsUndefined(e) && !goja.IsNull(e) {
		done(OutgoingResponse{}, nil, fmt.Errorf("read response: %w", b.jsError(e)))
		return goja.Undefined()
	}
	out := OutgoingResponse{
		Status:     int(call.Argument(1).ToInteger()),
		StatusText: call.Argument(2).String(),
	}
	out.Headers = headerList(call.Argument(3))
	var body *ResponseBody
	if ab, ok := call.Argument(4).Export().(goja.ArrayBuffer); ok {
		body = &ResponseBody{b: b, whole: ab.Bytes()}
	} else if rd, ok := call.Argument(5).(*goja.Object); ok {
		read, okRead := goja.AssertFunction(rd.Get("read"))
		cancel, okCancel := goja.AssertFunction(rd.Get("cancel"))
		if !okRead || !okCancel {
			done(OutgoingResponse{}, nil, errors.New("read response: malformed body reader"))
			return goja.Undefined()
		}
		body = &ResponseBody{b: b, reader: rd, read: read, cancel: cancel}
	}
	done(out, body, nil)
	return goja.Undefined()
}

// Whole returns the body when it was at hand as bytes (new Response('text')
// and the like: no stream to read), and true; the body is then consumed
// (later Reads report io.EOF). For a stream body it returns nil, false and
// changes nothing. It lets a server take the common case without a Read
// round. Loop goroutine only.
func (rb *ResponseBody) Whole() ([]byte, bool) {
	if rb.reader != nil || rb.pending || rb.ended {
		return nil, false
	}
	rb.ended = true
	whole := rb.whole
	rb.whole = nil
	return whole, true
}
