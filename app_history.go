package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"edgeplay/store"
	"edgeplay/store/curl"
	"edgeplay/store/diff"
	"edgeplay/store/har"
)

// HistoryQuery is the window's history filter (issue 7); empty fields
// match everything.
type HistoryQuery struct {
	Route  string `json:"route"`
	Method string `json:"method"`
	// Status is a code ("404") or a class ("5xx").
	Status string `json:"status"`
	Text   string `json:"text"`
	// SinceMinutes keeps exchanges of the last so many minutes (0: all).
	SinceMinutes int  `json:"sinceMinutes"`
	ErrorsOnly   bool `json:"errorsOnly"`
	// After continues a listing from the previous page's Next.
	After *store.Cursor `json:"after"`
	Limit int           `json:"limit"`
}

// HistoryPage is one page of the history, newest first, with the store's
// counters so the window can say when records were dropped.
type HistoryPage struct {
	Items  []ExchangeSummary `json:"items"`
	Next   *store.Cursor     `json:"next"`
	Status HistoryStatus     `json:"status"`
}

// HistoryStatus is the state of the history: its size, its bounds, and
// what was recorded, dropped or pruned since the app started.
type HistoryStatus struct {
	Path         string `json:"path"`
	Count        int64  `json:"count"`
	Recorded     int64  `json:"recorded"`
	Dropped      int64  `json:"dropped"`
	Failed       int64  `json:"failed"`
	Pruned       int64  `json:"pruned"`
	MaxExchanges int    `json:"maxExchanges"`
	MaxDays      int    `json:"maxDays"`
}

// HistorySettings are the retention bounds the user chose (0: no bound).
type HistorySettings struct {
	MaxExchanges int `json:"maxExchanges"`
	MaxDays      int `json:"maxDays"`
}

// ReplayResult is one replayed exchange and how its answer differs from
// the recorded one.
type ReplayResult struct {
	OriginalID int64 `json:"originalId"`
	// NewID is the replay's own record (0 when it could not be found).
	NewID      int64       `json:"newId"`
	Status     int         `json:"status"`
	DurationMs float64     `json:"durationMs"`
	Summary    string      `json:"summary"`
	Diff       diff.Result `json:"diff"`
	Error      string      `json:"error"`
}

// ExchangeDiff compares two exchanges' requests and responses.
type ExchangeDiff struct {
	A        int64       `json:"a"`
	B        int64       `json:"b"`
	Request  diff.Result `json:"request"`
	Response diff.Result `json:"response"`
}

// SearchHistory lists the exchanges that match q, a page at a time.
func (a *App) SearchHistory(q HistoryQuery) (HistoryPage, error) {
	f := store.Filter{Route: q.Route, Method: q.Method, Text: q.Text, ErrorsOnly: q.ErrorsOnly, After: q.After, Limit: q.Limit}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	if strings.TrimSpace(q.Status) != "" {
		var ok bool
		if f.Status, f.StatusClass, ok = parseStatusFilter(q.Status); !ok {
			return HistoryPage{}, fmt.Errorf("status filter %q: give a code (404) or a class (5xx)", q.Status)
		}
	}
	if q.SinceMinutes > 0 {
		f.Since = time.Now().Add(-time.Duration(q.SinceMinutes) * time.Minute)
	}
	page, err := a.hist.Search(context.Background(), f)
	if err != nil {
		return HistoryPage{}, err
	}
	out := HistoryPage{Items: make([]ExchangeSummary, 0, len(page.Items)), Next: page.Next}
	for _, m := range page.Items {
		out.Items = append(out.Items, ExchangeSummary{
			ID: m.ID, Start: m.Start.UTC().Format(time.RFC3339Nano), Method: m.Method, URL: m.URL, Route: m.Route,
			Status: m.Status, DurationMs: ms(m.Duration), Error: m.Error, CPUMs: ms(m.CPUTime), ReplayOf: m.ReplayOf,
			HandlerVersion: m.HandlerVersion, ResponseSize: m.ResponseBodySize,
		})
	}
	if out.Status, err = a.HistoryStatus(); err != nil {
		return HistoryPage{}, err
	}
	return out, nil
}

// HistoryRoutes lists the routes the stored exchanges matched, for the
// history's route filter.
func (a *App) HistoryRoutes() ([]string, error) {
	routes, err := a.hist.Routes(context.Background())
	if routes == nil {
		routes = []string{}
	}
	return routes, err
}

// HistoryStatus reports the history's size, bounds and counters.
func (a *App) HistoryStatus() (HistoryStatus, error) {
	n, err := a.hist.Count(context.Background())
	if err != nil {
		return HistoryStatus{}, err
	}
	st, r := a.hist.Stats(), a.hist.Retention()
	return HistoryStatus{Path: a.hist.Path(), Count: n, Recorded: st.Recorded, Dropped: st.Dropped, Failed: st.Failed, Pruned: st.Pruned,
		MaxExchanges: r.MaxExchanges, MaxDays: int(r.MaxAge / (24 * time.Hour))}, nil
}

// SetHistorySettings changes the retention bounds, applies them at once
// and remembers them.
func (a *App) SetHistorySettings(h HistorySettings) (HistoryStatus, error) {
	if h.MaxExchanges < 0 || h.MaxDays < 0 {
		return HistoryStatus{}, errors.New("history bounds must not be negative (0 keeps everything)")
	}
	a.hist.SetRetention(store.Retention{MaxExchanges: h.MaxExchanges, MaxAge: time.Duration(h.MaxDays) * 24 * time.Hour})
	if _, err := a.hist.Prune(context.Background()); err != nil {
		return HistoryStatus{}, err
	}
	s := a.loadSettings()
	s.History = &h
	a.saveSettings(s)
	return a.HistoryStatus()
}

// retentionFrom is the retention the settings ask for, else the default.
func retentionFrom(s settings) store.Retention {
	if s.History == nil {
		return store.DefaultRetention
	}
	return store.Retention{MaxExchanges: s.History.MaxExchanges, MaxAge: time.Duration(s.History.MaxDays) * 24 * time.Hour}
}

// DeleteExchanges deletes the selected exchanges.
func (a *App) DeleteExchanges(ids []int64) (int64, error) {
	return a.hist.Delete(context.Background(), ids...)
}

// ClearHistory deletes every exchange.
func (a *App) ClearHistory() error {
	return a.hist.DeleteAll(context.Background())
}

// VacuumHistory gives the space of deleted exchanges back to the disk.
func (a *App) VacuumHistory() (HistoryStatus, error) {
	if err := a.hist.Vacuum(context.Background()); err != nil {
		return HistoryStatus{}, err
	}
	return a.HistoryStatus()
}

// Replay re-sends the selected exchanges, in order, to the current
// workspace's server and compares each answer with the recorded one.
func (a *App) Replay(ids []int64) ([]ReplayResult, error) {
	s, err := a.current()
	if err != nil {
		return nil, err
	}
	base, err := url.Parse(s.url)
	if err != nil {
		return nil, fmt.Errorf("server address %q: %w", s.url, err)
	}
	ctx := context.Background()
	out := make([]ReplayResult, 0, len(ids))
	for _, id := range ids {
		orig, err := a.hist.Get(ctx, id)
		if err != nil {
			return out, err
		}
		res := ReplayResult{OriginalID: id}
		got, err := replayOne(ctx, a.client, base, orig)
		if err != nil {
			res.Error = err.Error()
			out = append(out, res)
			continue
		}
		res.Status, res.DurationMs = got.Status, ms(got.Duration)
		res.Diff = diff.Exchanges(orig, got, diff.Options{IgnoreHeaders: replayIgnoredHeaders})
		res.Summary = res.Diff.String()
		// The server records the replay asynchronously: wait for the
		// writer, then find the newest record linked to the original.
		if err := a.hist.Flush(ctx); err == nil {
			if page, err := a.hist.Search(ctx, store.Filter{ReplayOf: id, Limit: 1}); err == nil && len(page.Items) == 1 {
				res.NewID = page.Items[0].ID
			}
		}
		out = append(out, res)
	}
	return out, nil
}

// DiffExchanges compares exchange a with exchange b.
func (a *App) DiffExchanges(idA, idB int64) (ExchangeDiff, error) {
	ctx := context.Background()
	ea, err := a.hist.Get(ctx, idA)
	if err != nil {
		return ExchangeDiff{}, err
	}
	eb, err := a.hist.Get(ctx, idB)
	if err != nil {
		return ExchangeDiff{}, err
	}
	opts := diff.Options{IgnoreHeaders: replayIgnoredHeaders}
	return ExchangeDiff{A: idA, B: idB, Request: diff.Requests(ea, eb, opts), Response: diff.Exchanges(ea, eb, opts)}, nil
}

// CurlCommands returns curl commands that re-send the selected exchanges.
func (a *App) CurlCommands(ids []int64) (string, error) {
	list, err := a.exchanges(ids)
	if err != nil {
		return "", err
	}
	return curl.Commands(list), nil
}

// ExportHAR writes the selected exchanges as a HAR 1.2 file the user
// picks; it returns the path, "" when the user cancelled.
func (a *App) ExportHAR(ids []int64) (string, error) {
	if a.chooseSaveFile == nil {
		return "", errors.New("no file dialog in this mode")
	}
	path, err := a.chooseSaveFile("edgeplay-history.har")
	if err != nil || path == "" {
		return "", err
	}
	return path, a.exportHARTo(path, ids)
}

func (a *App) exportHARTo(path string, ids []int64) error {
	list, err := a.exchanges(ids)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := har.Export(&buf, list, har.ExportOptions{CreatorVersion: version}); err != nil {
		return fmt.Errorf("export %d exchanges: %w", len(list), err)
	}
	return writeAtomic(path, buf.Bytes())
}

// ImportHAR records the entries of a HAR file the user picks and returns
// how many there were (0 when the user cancelled).
func (a *App) ImportHAR() (int, error) {
	if a.chooseOpenFile == nil {
		return 0, errors.New("no file dialog in this mode")
	}
	path, err := a.chooseOpenFile()
	if err != nil || path == "" {
		return 0, err
	}
	return a.importHARFrom(path)
}

func (a *App) importHARFrom(path string) (int, error) {
	n, err := importHARFile(context.Background(), a.hist, path)
	if err != nil {
		return n, fmt.Errorf("%w (%d exchanges were imported before it)", err, n)
	}
	return n, nil
}

// exchanges loads exchanges by ID, in the order given (oldest first when
// the window sends a selection in its order).
func (a *App) exchanges(ids []int64) ([]store.Exchange, error) {
	if len(ids) == 0 {
		return nil, errors.New("select at least one exchange")
	}
	out := make([]store.Exchange, 0, len(ids))
	for _, id := range ids {
		e, err := a.hist.Get(context.Background(), id)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// ms is a duration in milliseconds with microsecond precision.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// bodyView is how the window shows a body: text, or base64 when binary.
type bodyView struct {
	Text      string `json:"text"`
	Base64    string `json:"base64"`
	Binary    bool   `json:"binary"`
	Size      int64  `json:"size"`
	Truncated bool   `json:"truncated"`
}

func viewBody(contentType string, b []byte, size int64, truncated bool) bodyView {
	v := bodyView{Size: max(size, int64(len(b))), Truncated: truncated}
	if truncated {
		// The cap may have cut a character in two: drop its first bytes
		// so that a text body still reads as text.
		for cut := 0; cut < utf8.UTFMax-1 && len(b) > 0 && !utf8.Valid(b); cut++ {
			b = b[:len(b)-1]
		}
	}
	if isBinary(contentType, b) {
		v.Binary, v.Base64 = true, base64.StdEncoding.EncodeToString(b)
	} else {
		v.Text = string(b)
	}
	return v
}
