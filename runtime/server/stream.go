package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"edgeplay/runtime/isolate"
	"edgeplay/store"
)

// drainWait bounds how long the rest of a request body the handler did not
// read is read for the exchange record, before a whole response is written.
const drainWait = 500 * time.Millisecond

// requestBody is a request body streamed into the handler (R-HANDLER-6):
// the isolate reads it chunk by chunk as the handler reads req.body. It
// enforces the request body limit as the bytes arrive (R-RT-6) and keeps
// them for the exchange record.
type requestBody struct {
	src   io.Reader
	rc    *http.ResponseController
	limit int64
	// length is the announced length (-1: unknown, e.g. chunked).
	length int64

	mu      sync.Mutex
	idle    sync.Cond // signalled when a Read returns
	reading bool
	closed  bool
	n       int64
	kept    []byte
	err     error // io.EOF, the limit, or the read error: what Read reports from now on
	over    bool  // the limit was exceeded
}

// errRequestOver is what a read after the response reports.
var errRequestOver = errors.New("the request is over: its body can no longer be read")

// errPayloadTooLarge is what the handler's body stream errors with past the limit.
var errPayloadTooLarge = errors.New(payloadTooLarge)

func newRequestBody(w http.ResponseWriter, r *http.Request, limit int64) *requestBody {
	b := &requestBody{src: r.Body, rc: http.NewResponseController(w), limit: limit, length: r.ContentLength}
	b.idle.L = &b.mu
	return b
}

// Read is called by the isolate, one call at a time, off the request's
// goroutine.
func (b *requestBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	switch {
	case b.closed:
		b.mu.Unlock()
		return 0, errRequestOver
	case b.err != nil:
		err := b.err
		b.mu.Unlock()
		return 0, err
	}
	b.reading = true
	b.mu.Unlock()
	n, err := b.src.Read(p)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.reading = false
	b.idle.Broadcast()
	return b.account(p[:n], err)
}

// account counts and keeps chunk, records err, and enforces the limit.
// Called with mu held.
func (b *requestBody) account(chunk []byte, err error) (int, error) {
	if b.n+int64(len(chunk)) > b.limit {
		b.over = true
		b.err = errPayloadTooLarge
		return 0, b.err
	}
	b.n += int64(len(chunk))
	b.kept = append(b.kept, chunk...)
	switch {
	case err == nil:
	case errors.Is(err, io.EOF):
		b.err = io.EOF
	default:
		b.err = fmt.Errorf("read the request body: %w", err)
		err = b.err
	}
	return len(chunk), err
}

// tooLarge reports whether the body went past the limit.
func (b *requestBody) tooLarge() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.over
}

// beforeWhole is called before a whole (not streamed) response is
// written, when the handler is done with the body (a later read is
// refused). A read the handler left pending is unblocked first (net/http
// waits for it before writing; the connection then closes after the
// response). Otherwise the rest of a body the handler did not read is read
// for the record, briefly (a client has normally sent it all by then);
// net/http would read and discard it anyway.
func (b *requestBody) beforeWhole() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	if b.reading {
		b.unblockLocked()
		return
	}
	if b.err != nil {
		return
	}
	_ = b.rc.SetReadDeadline(time.Now().Add(drainWait))
	buf := make([]byte, 32<<10)
	for b.err == nil {
		n, err := b.src.Read(buf)
		_, _ = b.account(buf[:n], err)
	}
	if errors.Is(b.err, io.EOF) {
		// Otherwise the deadline stays: net/http must not wait for the
		// rest either, and closes the connection after the response.
		_ = b.rc.SetReadDeadline(time.Time{})
	}
}

// unblockLocked ends a pending read with a read deadline in the past and
// waits for it to return. Called with mu held.
func (b *requestBody) unblockLocked() {
	if err := b.rc.SetReadDeadline(time.Now()); err != nil {
		return // not a connection: its reads do not block for long
	}
	for b.reading {
		b.idle.Wait()
	}
}

// beforeStream is called before a streamed response's head is written:
// while the body has not ended, the handler may go on reading it as its
// response streams (e.g. an echo), which HTTP/1.1 allows only in full
// duplex mode; that connection then closes after the response. It reports
// whether the connection must close.
func (b *requestBody) beforeStream() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed || b.err != nil {
		return false
	}
	return b.rc.EnableFullDuplex() == nil
}

// finish ends the body when the response is over: a read the handler left
// pending is unblocked (by a read deadline) and waited for, and x gets
// what was kept. Later reads report errRequestOver.
func (b *requestBody) finish(x *exchange) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	if b.reading {
		b.unblockLocked()
	}
	x.reqBody = b.kept
	if b.err != nil && !errors.Is(b.err, io.EOF) {
		x.reqBodyTruncated = true
		if b.length > b.n {
			x.reqBodySize = b.length
		}
	}
}

// writeStream sends a streamed response (R-HANDLER-6): the head at once,
// then each chunk written and flushed as the handler's stream yields it; the
// next chunk is asked for only once the previous one was written
// (backpressure). Past the route's maxDuration (R-RT-6) or on the stream's
// error the body is cut: the connection ends without the final chunk, so
// the client sees an incomplete response.
func (s *Server) writeStream(w http.ResponseWriter, r *http.Request, x *exchange, st *isolate.Stream) {
	if x.status == 0 {
		x.status = http.StatusOK
	}
	copyHeaders(w.Header(), x)
	w.Header().Del("Content-Length")
	if x.reqStream != nil && x.reqStream.beforeStream() {
		w.Header().Set("Connection", "close")
	}
	x.headSent()
	if x.statusText != "" && x.statusText != http.StatusText(x.status) {
		if s.streamWithReason(w, r, x, st) {
			return
		}
	}
	w.WriteHeader(x.status)
	rc := http.NewResponseController(w)
	if err := rc.Flush(); err != nil {
		s.opts.Logger.Debug("client went away", "err", err)
		return
	}
	for {
		chunk, err := st.Next(r.Context())
		if err != nil {
			if s.streamEnded(x, err) {
				return
			}
			panic(http.ErrAbortHandler) // cut the body: no final chunk
		}
		x.addChunk(chunk)
		if _, err := w.Write(chunk); err != nil {
			s.opts.Logger.Debug("client went away mid-stream", "route", x.route.Pattern, "err", err)
			return
		}
		if err := rc.Flush(); err != nil {
			s.opts.Logger.Debug("client went away mid-stream", "route", x.route.Pattern, "err", err)
			return
		}
	}
}

// streamEnded handles the end of a streamed body: it reports true when the
// response may end normally (the stream's end, or a client that went
// away), false when the body must be cut (a limit or the stream's error,
// which is logged and recorded).
func (s *Server) streamEnded(x *exchange, err error) bool {
	if errors.Is(err, io.EOF) {
		return true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		s.opts.Logger.Debug("client went away mid-stream", "route", x.route.Pattern, "err", err)
		return true
	}
	detail := err.Error()
	var herr *isolate.HandlerError
	if errors.As(err, &herr) && herr.Stack != "" {
		detail = herr.Stack
	}
	x.errText = detail
	s.opts.Logger.Error("response stream cut", "route", x.route.Pattern, "file", x.route.File, "error", detail, "sent", x.bodySizeSoFar())
	return false
}

// streamWithReason is writeStream over a hijacked connection, to send a
// custom reason phrase (R-HANDLER-7); the body is chunked by hand and the
// connection closes after it. It reports false when the connection cannot
// be taken over.
func (s *Server) streamWithReason(w http.ResponseWriter, r *http.Request, x *exchange, st *isolate.Stream) bool {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return false
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return false
	}
	defer conn.Close()
	h := w.Header().Clone()
	if r.Method != http.MethodHead {
		h.Set("Transfer-Encoding", "chunked")
	}
	if err := writeHead(buf, h, x); err != nil || buf.Flush() != nil || r.Method == http.MethodHead {
		return true
	}
	// The connection is the handler's now: its context no longer ends
	// when the client leaves, but a failed write says so.
	for {
		chunk, err := st.Next(r.Context())
		if err != nil {
			if s.streamEnded(x, err) {
				_, _ = buf.WriteString("0\r\n\r\n")
				_ = buf.Flush()
			}
			return true // a cut body: the connection closes without the last chunk
		}
		x.addChunk(chunk)
		if err := writeChunk(buf, chunk); err != nil {
			s.opts.Logger.Debug("client went away mid-stream", "route", x.route.Pattern, "err", err)
			return true
		}
	}
}

// writeChunk writes one chunk of a chunked body and flushes it.
func writeChunk(buf *bufio.ReadWriter, chunk []byte) error {
	fmt.Fprintf(buf, "%x\r\n", len(chunk))
	_, _ = buf.Write(chunk)
	_, _ = buf.WriteString("\r\n")
	return buf.Flush()
}

// addChunk keeps a streamed chunk for the record, up to the server's
// RecordBodyBytes.
// The chunk is the exchange's (Stream.Next hands over its own copy), so it
// is kept as it is and the kept chunks are joined once, for the record:
// appending them would copy a 1 MiB body about twice over. Nothing is
// kept when nobody records.
func (x *exchange) addChunk(chunk []byte) {
	x.bodySize += int64(len(chunk))
	if x.keep {
		if n := len(x.chunkLog); n < maxRecordedChunks {
			x.chunkLog = append(x.chunkLog, store.Chunk{At: time.Since(x.start), Size: len(chunk)})
		} else {
			x.chunkLog[n-1].Size += len(chunk)
		}
		if room := x.keepLimit - x.kept; room > 0 {
			part := chunk[:min(room, len(chunk))]
			x.chunks = append(x.chunks, part)
			x.kept += len(part)
		}
	}
	x.bodyTruncated = x.bodySize > int64(x.kept)
}

// recordedBody is the body the record keeps: the whole body, or a
// streamed one's kept chunks joined.
func (x *exchange) recordedBody() []byte {
	if len(x.chunks) == 0 {
		return x.body
	}
	if len(x.chunks) == 1 {
		return x.chunks[0]
	}
	out := make([]byte, 0, x.kept)
	for _, c := range x.chunks {
		out = append(out, c...)
	}
	return out
}

// bodySizeSoFar is how many body bytes were sent.
func (x *exchange) bodySizeSoFar() int64 {
	if x.bodySize > 0 {
		return x.bodySize
	}
	return int64(len(x.body))
}
