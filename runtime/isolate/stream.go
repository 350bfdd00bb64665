package isolate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/dop251/goja"

	"edgeplay/runtime/webapi"
)

// Stream is a handler's response body read chunk by chunk as its
// ReadableStream yields them (SPEC R-HANDLER-6). The next chunk is pulled
// from the handler's stream only when Next is called again, so a caller that
// writes each chunk before asking for the next passes a slow client's
// backpressure on to the handler. Next and Close are for one goroutine (the
// caller's), not concurrent use.
type Stream struct {
	iso  *isolate
	body *webapi.ResponseBody // loop goroutine only
	// results carries the outcome of the one read in flight (loop → caller).
	results chan streamResult

	// Caller goroutine only.
	reading  bool  // a read was asked for and its result not yet taken
	finished bool  // the handler's stream ended (io.EOF or its error)
	err      error // what Next reports from now on
	closed   bool
	sent     int64
	logs     []LogEntry
	cpu      time.Duration
	start    time.Time
	limit    time.Duration
	timer    *time.Timer
	release  func(healthy bool)
}

// streamResult is one chunk, the end (io.EOF) or the stream's error, with
// the request's console output so far.
type streamResult struct {
	chunk []byte
	err   error
	logs  []LogEntry
	cpu   time.Duration
}

// read asks the handler's stream for its next chunk. Loop goroutine.
func (s *Stream) read() { s.body.Read(s.got) }

// got hands a read's outcome to the caller. Loop goroutine.
func (s *Stream) got(chunk []byte, err error) {
	r := streamResult{chunk: chunk, logs: s.iso.logs, cpu: s.iso.cpu.elapsed()}
	switch {
	case err == nil:
	case errors.Is(err, io.EOF):
		r.err = io.EOF
	default:
		r.err = s.handlerError(err)
	}
	s.results <- r
}

// handlerError describes the stream's error as a JavaScript failure. Loop
// goroutine.
func (s *Stream) handlerError(err error) *HandlerError {
	if l := s.iso.limitErr.Load(); l != nil {
		return l.handlerError() // whatever failed, the limit stopped it
	}
	var je *webapi.JSError
	if errors.As(err, &je) {
		return toHandlerError(s.iso.rt, &goja.Exception{}, je.Value)
	}
	return toHandlerError(s.iso.rt, err)
}

// Next returns the next chunk of the body (never empty), io.EOF at its
// end, the handler's stream error as a *HandlerError, ctx's error when ctx
// ends first (the client went away), or a *HandlerError with status 504
// when the stream runs past the route's maxDuration (R-RT-6). After an
// error other than ctx's, Next keeps reporting it. The chunk is the
// caller's.
func (s *Stream) Next(ctx context.Context) ([]byte, error) {
	for {
		if s.err != nil {
			return nil, s.err
		}
		if !s.reading {
			s.reading = true
			if !s.iso.loop.Enqueue(s.read) {
				s.err = s.stopped()
				return nil, s.err
			}
		}
		select {
		case r := <-s.results:
			s.reading = false
			s.logs, s.cpu = r.logs, r.cpu
			if r.err != nil {
				s.finished = true
				s.err = r.err
				return nil, r.err
			}
			if len(r.chunk) == 0 {
				continue
			}
			s.sent += int64(len(r.chunk))
			return r.chunk, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.timer.C:
			s.err = &HandlerError{Name: "Error", Status: http.StatusGatewayTimeout, Message: fmt.Sprintf(
				"FUNCTION_INVOCATION_TIMEOUT: the response stream of %s ran past the route's maxDuration of %s (R-RT-6): cut after %s, %d bytes sent",
				s.iso.entry, s.limit, time.Since(s.start).Round(time.Millisecond), s.sent)}
			return nil, s.err
		case <-s.iso.loop.stopped:
			s.err = s.stopped()
			return nil, s.err
		}
	}
}

// stopped is the error of a stream whose isolate stopped: the limit that
// stopped it, if one did.
func (s *Stream) stopped() *HandlerError {
	if l := s.iso.limitErr.Load(); l != nil {
		return l.handlerError()
	}
	return &HandlerError{Name: "Error", Status: http.StatusInternalServerError, Message: "the isolate stopped while the response was streaming"}
}

// Sent is how many body bytes Next has returned.
func (s *Stream) Sent() int64 { return s.sent }

// CPUTime is the time the request's JavaScript ran up to the last chunk
// Next returned (R-RT-6's CPU limit counts the same time).
func (s *Stream) CPUTime() time.Duration { return s.cpu }

// Logs is the request's console output up to the last chunk Next returned.
func (s *Stream) Logs() []LogEntry { return s.logs }

// Close ends the stream and gives the isolate back. Unless the handler's
// stream had ended, it is cancelled (the handler's cancel algorithm runs
// with an AbortError), the request's signal aborts and the request's
// context ends, so the handler's pending fetches stop. Calling it again
// does nothing.
func (s *Stream) Close() {
	if s.closed {
		return
	}
	s.closed = true
	if s.timer != nil {
		s.timer.Stop()
	}
	healthy := true
	if !s.finished {
		iso := s.iso
		healthy = iso.loop.Enqueue(func() {
			s.body.Cancel()
			if iso.req != nil {
				if err := iso.bindings.AbortRequest(iso.req); err != nil {
					iso.logger.Debug("abort request", "route", iso.entry, "err", err)
				}
			}
			iso.endRequestContext()
		})
	}
	if s.release != nil {
		s.release(healthy)
	}
}
