package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"edgeplay/store"
)

// historyFlags are the filters `history` (and the commands that select
// exchanges the same way) accept.
type historyFlags struct {
	db     *string
	limit  *int
	route  *string
	method *string
	status *string
	text   *string
	since  *string
	errors *bool
}

func addHistoryFlags(fs *flag.FlagSet, defaultLimit int) historyFlags {
	return historyFlags{
		db:     fs.String("db", "", "history database (default: the user config directory's edgeplay/history.db)"),
		limit:  fs.Int("limit", defaultLimit, "how many exchanges, newest first"),
		route:  fs.String("route", "", "only this route pattern, e.g. /api/users/[id]"),
		method: fs.String("method", "", "only this HTTP method"),
		status: fs.String("status", "", "only this status (404) or class (5xx)"),
		text:   fs.String("text", "", "only exchanges with this text in the URL, headers, bodies or error"),
		since:  fs.String("since", "", "only exchanges newer than this: a duration (15m, 2h) or an RFC 3339 time"),
		errors: fs.Bool("errors", false, "only exchanges that failed (an error, or a 5xx)"),
	}
}

// filter turns the flags into a store.Filter, naming the flag of a bad value.
func (h historyFlags) filter(now time.Time) (store.Filter, error) {
	f := store.Filter{Route: *h.route, Method: *h.method, Text: *h.text, ErrorsOnly: *h.errors, Limit: *h.limit}
	if *h.limit < 1 {
		return f, fmt.Errorf("--limit must be at least 1, not %d", *h.limit)
	}
	if *h.status != "" {
		var ok bool
		if f.Status, f.StatusClass, ok = parseStatusFilter(*h.status); !ok {
			return f, fmt.Errorf("--status %q: give a status code (404) or a class (1xx to 5xx)", *h.status)
		}
	}
	if s := *h.since; s != "" {
		if d, err := time.ParseDuration(s); err == nil && d > 0 {
			f.Since = now.Add(-d)
		} else if t, err := time.Parse(time.RFC3339, s); err == nil {
			f.Since = t
		} else {
			return f, fmt.Errorf("--since %q: give a duration (15m, 2h) or an RFC 3339 time (2026-12-06T08:00:00Z)", s)
		}
	}
	return f, nil
}

// parseStatusFilter reads a status filter: a code ("404") or a class
// ("5xx", any case); ok is false for anything else.
func parseStatusFilter(s string) (code, class int, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) == 3 && strings.HasSuffix(s, "xx") && s[0] >= '1' && s[0] <= '5' {
		return 0, int(s[0] - '0'), true
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 100 && n <= 999 {
		return n, 0, true
	}
	return 0, 0, false
}

// open opens the history the flags name.
func (h historyFlags) open(ctx context.Context) (*store.Store, string, error) {
	path := *h.db
	if path == "" {
		var err error
		if path, err = store.DefaultPath(); err != nil {
			return nil, "", err
		}
	}
	st, err := store.Open(ctx, path, store.Options{})
	return st, path, err
}

func cmdHistory(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("history", flag.ContinueOnError)
	fs.SetOutput(stderr)
	hf := addHistoryFlags(fs, 20)
	asJSON := fs.Bool("json", false, "print one JSON object per line")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: edgeplay history [--route R] [--method M] [--status 5xx|404] [--text T] [--since 1h] [--errors] [--limit N] [--json] [--db PATH]")
		fs.PrintDefaults()
	}
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	f, err := hf.filter(time.Now())
	if err != nil {
		return err
	}
	st, path, err := hf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	items, more, err := searchAll(ctx, st, f)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		for _, m := range items {
			if err := enc.Encode(summaryJSON(m)); err != nil {
				return err
			}
		}
		return nil
	}
	if len(items) == 0 {
		fmt.Fprintf(stdout, "no matching exchanges in %s\n", path)
		return nil
	}
	for _, m := range items {
		line := fmt.Sprintf("%6d  %s  %-6s %3d %9s  %s", m.ID, m.Start.Local().Format("2006-01-02 15:04:05"), m.Method, m.Status, formatDur(m.Duration), m.URL)
		if m.ReplayOf != 0 {
			line += fmt.Sprintf("  (replay of %d)", m.ReplayOf)
		}
		if m.Error != "" {
			line += "  ! " + m.Error
		}
		fmt.Fprintln(stdout, line)
	}
	if more {
		fmt.Fprintf(stdout, "… more: raise --limit or narrow the filters\n")
	}
	return nil
}

func formatDur(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000)
}

// summaryJSON is history --json's object for one exchange.
func summaryJSON(m store.Summary) map[string]any {
	out := map[string]any{
		"id": m.ID, "start": m.Start.UTC().Format(time.RFC3339Nano), "method": m.Method, "url": m.URL,
		"route": m.Route, "status": m.Status, "durationMs": float64(m.Duration.Microseconds()) / 1000,
		"cpuMs": float64(m.CPUTime.Microseconds()) / 1000, "error": m.Error, "handlerVersion": m.HandlerVersion,
	}
	if m.ReplayOf != 0 {
		out["replayOf"] = m.ReplayOf
	}
	return out
}
