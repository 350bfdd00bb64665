package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Filter selects exchanges for Search. Zero fields match everything.
type Filter struct {
	// Route is a route pattern, matched exactly ("/api/users/[id]").
	Route string
	// Method is an HTTP method, matched without regard to case.
	Method string
	// Status is an exact status code; StatusClass a class, 1–5 for
	// 1xx–5xx. Both may be set.
	Status      int
	StatusClass int
	// Text is found in the URL, the headers, the error or the first 64 KiB
	// of the bodies (ASCII letters match either case).
	Text string
	// Since and Until bound the start time: Since ≤ start < Until.
	Since, Until time.Time
	// ErrorsOnly keeps exchanges that failed: a recorded error, or a 5xx.
	ErrorsOnly bool
	// ReplayOf keeps the replays of one exchange.
	ReplayOf int64
	// After continues a listing: only exchanges older than this one (in
	// the newest-first order) are returned. Page.Next gives it.
	After *Cursor
	// Limit is the page size (default 50, at most 1000).
	Limit int
}

// Cursor is a position in the newest-first order of exchanges.
type Cursor struct {
	Start time.Time `json:"start"`
	ID    int64     `json:"id"`
}

// Summary is what a listing shows of an exchange: no headers, bodies or
// logs, so that a page of them is read quickly from a large history.
type Summary struct {
	ID               int64
	Start            time.Time
	Duration         time.Duration
	Method           string
	URL              string
	Route            string
	Status           int
	Error            string // the error's first line, "" when none
	CPUTime          time.Duration
	HandlerVersion   string
	ReplayOf         int64
	RequestBodySize  int64
	ResponseBodySize int64
}

// Page is one page of a listing, newest first. Next is set when more
// exchanges match: pass it as Filter.After for the following page.
type Page struct {
	Items []Summary
	Next  *Cursor
}

// Search lists the exchanges that match f, newest first (by start time,
// then ID), a page at a time.
func (s *Store) Search(ctx context.Context, f Filter) (Page, error) {
	if s.isClosed() {
		return Page{}, fmt.Errorf("search history: %w", ErrClosed)
	}
	limit := f.Limit
	switch {
	case limit <= 0:
		limit = 50
	case limit > 1000:
		return Page{}, fmt.Errorf("search history: page size %d is above 1000", limit)
	}
	if f.Text != "" && s.useTextIndex(f.Text) {
		// Text found often is found fastest by scanning the newest
		// exchanges; the index is for text found rarely (textindex.go).
		recent, err := s.searchRecentWindow(ctx, f, limit)
		if err != nil {
			return Page{}, err
		}
		if len(recent) > limit {
			return pageOf(recent, limit), nil
		}
	}
	where, args, err := s.whereOf(f, true)
	if err != nil {
		return Page{}, fmt.Errorf("search history: %w", err)
	}
	items, err := s.querySummaries(ctx, where, args, limit+1)
	if err != nil {
		return Page{}, err
	}
	return pageOf(items, limit), nil
}

// querySummaries runs Search's query for a WHERE clause.
func (s *Store) querySummaries(ctx context.Context, where string, args []any, limit int) ([]Summary, error) {
	rows, err := s.db.QueryContext(ctx, searchSQL(where), append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("search history in %s: %w", s.path, err)
	}
	defer rows.Close()
	var items []Summary
	for rows.Next() {
		var (
			m                     Summary
			startNS, durNS, cpuNS int64
		)
		if err := rows.Scan(&m.ID, &startNS, &durNS, &m.Method, &m.URL, &m.Route, &m.Status, &m.Error,
			&cpuNS, &m.HandlerVersion, &m.ReplayOf, &m.RequestBodySize, &m.ResponseBodySize); err != nil {
			return nil, fmt.Errorf("search history in %s: %w", s.path, err)
		}
		m.Start, m.Duration, m.CPUTime = fromUnixNano(startNS), time.Duration(durNS), time.Duration(cpuNS)
		items = append(items, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search history in %s: %w", s.path, err)
	}
	return items, nil
}

// recentWindow is how many of the newest exchanges (before the cursor)
// searchRecentWindow scans.
const recentWindow = 5000

// searchRecentWindow scans only the newest recentWindow exchanges (before
// f.After) for f. When that finds more than limit, they are the answer:
// any match newer than the window's oldest exchange was seen.
func (s *Store) searchRecentWindow(ctx context.Context, f Filter, limit int) ([]Summary, error) {
	cursor, cursorArgs := "", []any(nil)
	if f.After != nil {
		cursor, cursorArgs = " WHERE (start_ns, id) < (?, ?)", []any{unixNano(f.After.Start), f.After.ID}
	}
	var boundary int64
	err := s.db.QueryRowContext(ctx, `SELECT start_ns FROM exchanges`+cursor+` ORDER BY start_ns DESC, id DESC LIMIT 1 OFFSET ?`,
		append(cursorArgs, recentWindow-1)...).Scan(&boundary)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // a short history: the full query is as quick
	}
	if err != nil {
		return nil, fmt.Errorf("search history in %s: %w", s.path, err)
	}
	where, args, err := s.whereOf(f, false)
	if err != nil {
		return nil, fmt.Errorf("search history: %w", err)
	}
	return s.querySummaries(ctx, where+" AND start_ns >= ?", append(args, boundary), limit+1)
}

// pageOf cuts a page of limit items from items (limit+1 were asked for).
func pageOf(items []Summary, limit int) Page {
	page := Page{Items: items}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		page.Next = &Cursor{Start: last.Start, ID: last.ID}
	}
	return page
}

// searchSQL is Search's query for a WHERE clause; its one argument after
// the clause's is the row limit.
func searchSQL(where string) string {
	return `SELECT id, start_ns, duration_ns, method, url, route, status,
		substr(error, 1, coalesce(nullif(instr(error, char(10)), 0) - 1, length(error))),
		cpu_ns, handler_version, coalesce(replay_of, 0), request_body_size, response_body_size
	FROM exchanges` + where + ` ORDER BY start_ns DESC, id DESC LIMIT ?`
}

// whereOf is the filter's WHERE clause (with a leading space, or empty)
// and its arguments; index says whether text may be looked up in the text
// index rather than scanned.
func (s *Store) whereOf(f Filter, index bool) (string, []any, error) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	if f.Route != "" {
		add("route = ?", f.Route)
	}
	if f.Method != "" {
		add("method = ?", strings.ToUpper(f.Method))
	}
	if f.Status != 0 {
		if f.Status < 100 || f.Status > 999 {
			return "", nil, fmt.Errorf("status %d is not an HTTP status code", f.Status)
		}
		// The unary + keeps SQLite on the start-order index (early exit
		// after a page) rather than the status index and a sort of every
		// match, which is slow for a common status.
		add("+status = ?", f.Status)
	}
	if f.StatusClass != 0 {
		if f.StatusClass < 1 || f.StatusClass > 5 {
			return "", nil, fmt.Errorf("status class %d is not one of 1xx to 5xx", f.StatusClass)
		}
		add("+status BETWEEN ? AND ?", f.StatusClass*100, f.StatusClass*100+99)
	}
	if f.ErrorsOnly {
		add("(error <> '' OR status >= 500)")
	}
	if f.ReplayOf != 0 {
		add("replay_of = ?", f.ReplayOf)
	}
	if !f.Since.IsZero() {
		add("start_ns >= ?", f.Since.UnixNano())
	}
	if !f.Until.IsZero() {
		add("start_ns < ?", f.Until.UnixNano())
	}
	if f.Text != "" {
		cond, a := s.textCondition(f.Text, index)
		add(cond, a...)
	}
	if f.After != nil {
		// A row value, which SQLite seeks to in the start index.
		add("(start_ns, id) < (?, ?)", unixNano(f.After.Start), f.After.ID)
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// escapeLike escapes LIKE's wildcards so that text matches literally.
func escapeLike(text string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(text)
}

// Routes lists the route patterns that stored exchanges matched, sorted
// (for a route filter); exchanges that matched no route are left out.
func (s *Store) Routes(ctx context.Context) ([]string, error) {
	if s.isClosed() {
		return nil, fmt.Errorf("list history routes: %w", ErrClosed)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT route FROM exchanges WHERE route <> '' ORDER BY route`)
	if err != nil {
		return nil, fmt.Errorf("list history routes in %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("list history routes in %s: %w", s.path, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
