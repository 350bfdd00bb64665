package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// run is the writer goroutine: the only code that writes exchanges. It
// gathers queued records into batches of at most BatchSize, writes a batch
// when it is full, when its oldest record has waited FlushInterval, when
// Flush asks, and when Close asks (after draining the queue), then stops.
func (s *Store) run() {
	defer close(s.done)

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()

	batch := make([]Exchange, 0, s.opts.BatchSize)
	var batchBytes int64 // body bytes in batch (Options.BatchBytes)
	var pendingErr error // first write error since the last Flush

	commit := func() {
		if len(batch) == 0 {
			return
		}
		timer.Stop()
		if err := s.writeBatch(batch); err != nil && pendingErr == nil {
			pendingErr = err
		}
		s.queuedBytes.Add(-batchBytes)
		batchBytes = 0
		// A fresh slice: the old one may belong to OnCommit now, and
		// dropping it releases the bodies.
		batch = make([]Exchange, 0, s.opts.BatchSize)
	}
	add := func(e Exchange) {
		batch = append(batch, e)
		batchBytes += bodyBytes(&e)
		switch {
		case len(batch) >= s.opts.BatchSize, batchBytes >= s.opts.BatchBytes:
			commit()
		case len(batch) == 1:
			timer.Reset(s.opts.FlushInterval)
		}
	}

	// Retention runs here, on the one writer, between batches.
	var lastPrune time.Time
	pruneIfDue := func() {
		r := s.retention.Load()
		if !r.enabled() || time.Since(lastPrune) < r.interval() {
			return
		}
		lastPrune = time.Now()
		if _, err := s.prune(context.Background(), lastPrune); err != nil {
			s.log.Warn("history retention: prune failed", "path", s.path, "err", err)
		}
	}
	pruneIfDue()
	// The text index catches up while nothing waits to be recorded.
	indexWhileIdle := func() {
		for s.textIndexed && len(s.queue) == 0 {
			n, err := s.indexText(context.Background())
			if err != nil {
				s.log.Warn("history text index not updated", "path", s.path, "err", err)
				return
			}
			if n == 0 {
				return
			}
		}
	}
	indexWhileIdle()

	for {
		select {
		case e := <-s.queue:
			add(e)
			if len(batch) == 0 {
				pruneIfDue()
			}
		case <-timer.C:
			commit()
			pruneIfDue()
			indexWhileIdle()
		case reply := <-s.flushReq:
			// Everything accepted before Flush was called is either in the
			// batch or among the first len(queue) records of the queue
			// (only this goroutine receives). Taking just those bounds
			// the flush under a steady stream of new records.
			for n := len(s.queue); n > 0; n-- {
				add(<-s.queue)
			}
			commit()
			reply <- pendingErr
			pendingErr = nil
			indexWhileIdle()
		case <-s.quit:
			// Close has set closed under mu, so nothing more is sent.
		drain:
			for {
				select {
				case e := <-s.queue:
					add(e)
				default:
					break drain
				}
			}
			commit()
			s.finalErr = pendingErr
			return
		}
	}
}

// writeBatch writes batch in one transaction, assigning IDs (Record has
// applied the body cap). On failure the whole batch is counted as failed.
func (s *Store) writeBatch(batch []Exchange) error {
	if s.opts.beforeWrite != nil {
		s.opts.beforeWrite(len(batch))
	}
	n := int64(len(batch))
	err := s.insert(batch)
	s.queued.Add(-n)
	if err != nil {
		s.failed.Add(n)
		s.log.Error("history write failed; exchanges not recorded", "path", s.path, "count", n, "err", err)
		return err
	}
	s.recorded.Add(n)
	if s.opts.OnCommit != nil {
		s.opts.OnCommit(batch)
	}
	return nil
}

const insertSQL = `INSERT INTO exchanges (
	start_ns, duration_ns, method, url, route, file,
	request_headers, request_body, request_body_size, request_body_truncated,
	status, response_headers, response_body, response_body_size, response_body_truncated,
	error, logs, handler_version, mode, cpu_ns,
	params, compile_wait_ns, handler_start_ns, first_byte_ns, chunks, replay_of, recorded_ns, sim
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
	(SELECT id FROM exchanges WHERE id = ?), ?, ?)` // a replay of a deleted exchange links to nothing

func (s *Store) insert(batch []Exchange) (err error) {
	// The writer is not tied to any caller's context: Close must still be
	// able to commit what was accepted.
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("write %d exchanges: begin: %w", len(batch), err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, tx.Rollback())
		}
	}()
	stmt, err := tx.PrepareContext(ctx, insertSQL)
	if err != nil {
		return fmt.Errorf("write %d exchanges: prepare: %w", len(batch), err)
	}
	defer stmt.Close()

	for i := range batch {
		e := &batch[i]
		args, err := encode(e)
		if err != nil {
			return fmt.Errorf("write %d exchanges: encode %s %s: %w", len(batch), e.Method, e.URL, err)
		}
		res, err := stmt.ExecContext(ctx, args...)
		if err != nil {
			return fmt.Errorf("write %d exchanges: insert %s %s: %w", len(batch), e.Method, e.URL, err)
		}
		if e.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("write %d exchanges: insert id: %w", len(batch), err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("write %d exchanges: commit: %w", len(batch), err)
	}
	return nil
}

// capBodies applies the body cap and settles the size and truncated fields.
func capBodies(e *Exchange, limit int) {
	e.RequestBody, e.RequestBodySize, e.RequestBodyTruncated =
		capBody(e.RequestBody, e.RequestBodySize, e.RequestBodyTruncated, limit)
	e.ResponseBody, e.ResponseBodySize, e.ResponseBodyTruncated =
		capBody(e.ResponseBody, e.ResponseBodySize, e.ResponseBodyTruncated, limit)
}

func capBody(body []byte, size int64, truncated bool, limit int) ([]byte, int64, bool) {
	if size < int64(len(body)) {
		size = int64(len(body))
	}
	if limit >= 0 && len(body) > limit {
		body = body[:limit:limit]
	}
	if size > int64(len(body)) {
		truncated = true
	}
	return body, size, truncated
}

// storedLog is the stored form of a LogEntry, kept apart from the exported
// type so that renaming a field never changes the file format.
type storedLog struct {
	Time    int64  `json:"t"`
	Level   string `json:"l"`
	Message string `json:"m"`
}

func encode(e *Exchange) ([]any, error) {
	reqHeaders, err := encodeHeader(e.RequestHeaders)
	if err != nil {
		return nil, fmt.Errorf("request headers: %w", err)
	}
	respHeaders, err := encodeHeader(e.ResponseHeaders)
	if err != nil {
		return nil, fmt.Errorf("response headers: %w", err)
	}
	logsJSON := []byte("[]") // most exchanges log nothing
	if len(e.Logs) > 0 {
		logs := make([]storedLog, len(e.Logs))
		for i, l := range e.Logs {
			logs[i] = storedLog{Time: unixNano(l.Time), Level: l.Level, Message: l.Message}
		}
		if logsJSON, err = json.Marshal(logs); err != nil {
			return nil, fmt.Errorf("logs: %w", err)
		}
	}
	paramsJSON := []byte("{}")
	if len(e.Params) > 0 {
		if paramsJSON, err = json.Marshal(e.Params); err != nil {
			return nil, fmt.Errorf("params: %w", err)
		}
	}
	chunksJSON := encodeChunks(e.Chunks)
	simJSON := ""
	if e.Sim != nil {
		b, err := json.Marshal(e.Sim)
		if err != nil {
			return nil, fmt.Errorf("sim: %w", err)
		}
		simJSON = string(b)
	}
	var replayOf any // NULL unless it replays a stored exchange
	if e.ReplayOf > 0 {
		replayOf = e.ReplayOf
	}
	return []any{
		unixNano(e.Start), int64(e.Duration), e.Method, e.URL, e.Route, e.File,
		reqHeaders, nonNil(e.RequestBody), e.RequestBodySize, e.RequestBodyTruncated,
		e.Status, respHeaders, nonNil(e.ResponseBody), e.ResponseBodySize, e.ResponseBodyTruncated,
		e.Error, string(logsJSON), e.HandlerVersion, e.Mode, int64(e.CPUTime),
		string(paramsJSON), int64(e.Timings.CompileWait), int64(e.Timings.HandlerStart), int64(e.Timings.FirstByte),
		chunksJSON, replayOf, time.Now().UnixNano(), simJSON,
	}, nil
}

// encodeChunks writes chunks as a JSON array of [ns, bytes] pairs, without
// reflection (a stream may have thousands).
func encodeChunks(chunks []Chunk) string {
	if len(chunks) == 0 {
		return "[]"
	}
	b := make([]byte, 0, 2+len(chunks)*16)
	b = append(b, '[')
	for i, c := range chunks {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(c.At), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(c.Size), 10)
		b = append(b, ']')
	}
	return string(append(b, ']'))
}

func encodeHeader(h http.Header) (string, error) {
	if len(h) == 0 {
		return "{}", nil
	}
	if s, ok := encodePlainHeader(h); ok {
		return s, nil
	}
	b, err := json.Marshal(h)
	return string(b), err
}

// encodePlainHeader is json.Marshal(h) for a header whose names and values
// need no escaping (printable ASCII without '"', backslash, '<', '>', '&',
// which are nearly all), written without reflection; ok is false for any
// other header.
func encodePlainHeader(h http.Header) (string, bool) {
	names := make([]string, 0, len(h))
	size := 2
	for name, values := range h {
		if !plainJSON(name) {
			return "", false
		}
		names = append(names, name)
		size += len(name) + 6
		for _, v := range values {
			if !plainJSON(v) {
				return "", false
			}
			size += len(v) + 3
		}
	}
	slices.Sort(names)
	b := make([]byte, 0, size)
	b = append(b, '{')
	for i, name := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, '"', ':')
		values := h[name]
		if values == nil {
			b = append(b, "null"...)
			continue
		}
		b = append(b, '[')
		for j, v := range values {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = append(b, v...)
			b = append(b, '"')
		}
		b = append(b, ']')
	}
	b = append(b, '}')
	return string(b), true
}

// plainJSON reports whether encoding/json writes s as it is between quotes.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c > 0x7e, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		}
	}
	return true
}

// unixNano stores the zero time as 0 (its UnixNano is out of range).
func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// nonNil makes a nil body bind as an empty BLOB rather than NULL.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
