package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

const selectColumns = `SELECT
	id, start_ns, duration_ns, method, url, route, file,
	request_headers, request_body, request_body_size, request_body_truncated,
	status, response_headers, response_body, response_body_size, response_body_truncated,
	error, logs, handler_version, mode, cpu_ns,
	params, compile_wait_ns, handler_start_ns, first_byte_ns, chunks, replay_of, sim
FROM exchanges`

// Recent returns up to limit exchanges, newest first (by start time, then
// by ID). limit must be positive.
func (s *Store) Recent(ctx context.Context, limit int) ([]Exchange, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("recent exchanges: limit %d is not positive", limit)
	}
	if s.isClosed() {
		return nil, fmt.Errorf("recent exchanges: %w", ErrClosed)
	}
	rows, err := s.db.QueryContext(ctx, selectColumns+` ORDER BY start_ns DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("recent exchanges in %s: %w", s.path, err)
	}
	defer rows.Close()
	out := make([]Exchange, 0, min(limit, 256))
	for rows.Next() {
		e, err := scanExchange(rows)
		if err != nil {
			return nil, fmt.Errorf("recent exchanges in %s: %w", s.path, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recent exchanges in %s: %w", s.path, err)
	}
	return out, nil
}

// Get returns the exchange with the given ID, or an error wrapping
// ErrNotFound.
func (s *Store) Get(ctx context.Context, id int64) (Exchange, error) {
	if s.isClosed() {
		return Exchange{}, fmt.Errorf("get exchange %d: %w", id, ErrClosed)
	}
	e, err := scanExchange(s.db.QueryRowContext(ctx, selectColumns+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Exchange{}, fmt.Errorf("get exchange %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Exchange{}, fmt.Errorf("get exchange %d from %s: %w", id, s.path, err)
	}
	return e, nil
}

// Count returns the number of stored exchanges.
func (s *Store) Count(ctx context.Context) (int64, error) {
	if s.isClosed() {
		return 0, fmt.Errorf("count exchanges: %w", ErrClosed)
	}
	var n int64
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM exchanges`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count exchanges in %s: %w", s.path, err)
	}
	return n, nil
}

type scanner interface {
	Scan(dest ...any) error
}

func scanExchange(row scanner) (Exchange, error) {
	var (
		e                       Exchange
		startNS, durationNS     int64
		cpuNS                   int64
		reqHeaders, respHeaders string
		logsJSON                string
		paramsJSON, chunksJSON  string
		compileNS, handlerNS    int64
		firstByteNS             int64
		replayOf                sql.NullInt64
		simJSON                 string
	)
	err := row.Scan(
		&e.ID, &startNS, &durationNS, &e.Method, &e.URL, &e.Route, &e.File,
		&reqHeaders, &e.RequestBody, &e.RequestBodySize, &e.RequestBodyTruncated,
		&e.Status, &respHeaders, &e.ResponseBody, &e.ResponseBodySize, &e.ResponseBodyTruncated,
		&e.Error, &logsJSON, &e.HandlerVersion, &e.Mode, &cpuNS,
		&paramsJSON, &compileNS, &handlerNS, &firstByteNS, &chunksJSON, &replayOf, &simJSON,
	)
	if err != nil {
		return Exchange{}, err
	}
	e.Start = fromUnixNano(startNS)
	e.Duration = time.Duration(durationNS)
	e.CPUTime = time.Duration(cpuNS)
	e.Timings = Timings{CompileWait: time.Duration(compileNS), HandlerStart: time.Duration(handlerNS), FirstByte: time.Duration(firstByteNS)}
	e.ReplayOf = replayOf.Int64
	if paramsJSON != "{}" {
		if err := json.Unmarshal([]byte(paramsJSON), &e.Params); err != nil {
			return Exchange{}, fmt.Errorf("exchange %d: params: %w", e.ID, err)
		}
	}
	if simJSON != "" {
		e.Sim = &SimContext{}
		if err := json.Unmarshal([]byte(simJSON), e.Sim); err != nil {
			return Exchange{}, fmt.Errorf("exchange %d: sim: %w", e.ID, err)
		}
	}
	if chunksJSON != "[]" {
		var pairs [][2]int64
		if err := json.Unmarshal([]byte(chunksJSON), &pairs); err != nil {
			return Exchange{}, fmt.Errorf("exchange %d: chunks: %w", e.ID, err)
		}
		e.Chunks = make([]Chunk, len(pairs))
		for i, p := range pairs {
			e.Chunks[i] = Chunk{At: time.Duration(p[0]), Size: int(p[1])}
		}
	}
	if len(e.RequestBody) == 0 {
		e.RequestBody = nil
	}
	if len(e.ResponseBody) == 0 {
		e.ResponseBody = nil
	}
	if e.RequestHeaders, err = decodeHeader(reqHeaders); err != nil {
		return Exchange{}, fmt.Errorf("exchange %d: request headers: %w", e.ID, err)
	}
	if e.ResponseHeaders, err = decodeHeader(respHeaders); err != nil {
		return Exchange{}, fmt.Errorf("exchange %d: response headers: %w", e.ID, err)
	}
	var logs []storedLog
	if err := json.Unmarshal([]byte(logsJSON), &logs); err != nil {
		return Exchange{}, fmt.Errorf("exchange %d: logs: %w", e.ID, err)
	}
	if len(logs) > 0 {
		e.Logs = make([]LogEntry, len(logs))
		for i, l := range logs {
			e.Logs[i] = LogEntry{Time: fromUnixNano(l.Time), Level: l.Level, Message: l.Message}
		}
	}
	return e, nil
}

// decodeHeader returns nil for an empty header, as encodeHeader stores
// nil and empty alike.
func decodeHeader(s string) (http.Header, error) {
	var h http.Header
	if err := json.Unmarshal([]byte(s), &h); err != nil {
		return nil, err
	}
	if len(h) == 0 {
		return nil, nil
	}
	return h, nil
}

func fromUnixNano(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns)
}
