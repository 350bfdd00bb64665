package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"text/tabwriter"
	"time"

	"edgeplay/runtime/server"
	"edgeplay/runtime/workspace"
	"edgeplay/store"
)

// Targets and sizes of the history section (issue 7: recording throughput
// with the server under load, query latency at 100 000 rows).
const (
	targetQuery    = 50 * time.Millisecond // every listing and Get, p95
	historyRows    = 100_000               // rows the queries run on
	historyRuns    = 20                    // timed runs per query
	historyConns   = 32                    // wrk connections of the load run
	historyPath    = "/api/basic"          // the loaded route
	queryBudget    = 5 * time.Second       // a query's timed runs stop after this
	seedQueueSize  = 16 << 10              // the seeding store's queue
	seedBodyLength = 400                   // bytes of each synthetic response body
)

// historyReport is what the history section measured; a nil part was not
// measured, and notes say why.
type historyReport struct {
	load  *historyLoad
	seed  *historySeed
	query []queryTiming
	notes []string
}

func (h *historyReport) notef(format string, args ...any) {
	h.notes = append(h.notes, fmt.Sprintf(format, args...))
}

// historyLoad is the in-process server under wrk with and without a
// history store as its recorder.
type historyLoad struct {
	bare      *wrkResult    // the same server without a recorder; nil when not measured
	loaded    wrkResult     // with the store recording
	recorded  int64         // exchanges committed for the loaded run (after the final Flush)
	inRun     int64         // of which committed before wrk returned
	dropped   int64         // refused by Record during the run
	failed    int64         // lost to write errors during the run
	flushTail time.Duration // the final Flush after wrk returned
}

// RecordedPerSec is the exchanges committed per second of load.
func (l historyLoad) RecordedPerSec() float64 {
	if l.loaded.Duration <= 0 {
		return 0
	}
	return float64(l.recorded) / l.loaded.Duration.Seconds()
}

// historySeed is the raw store figure: Record as fast as one goroutine can
// (waiting only when the queue is nearly full), then Flush.
type historySeed struct {
	rows    int
	took    time.Duration
	dropped int64
	// indexed is how long the text index took to catch up after the
	// seeding's Flush (the writer indexes while idle); queries are timed
	// after it.
	indexed time.Duration
}

// PerSec is the exchanges committed per second.
func (s historySeed) PerSec() float64 {
	if s.took <= 0 {
		return 0
	}
	return float64(s.rows) / s.took.Seconds()
}

// queryTiming is one query's timed runs.
type queryTiming struct {
	name    string
	samples []time.Duration
	items   int    // results of the last run (Get: 1)
	check   string // "" when the results were as expected, else what was wrong
}

// measureHistory runs the history section: the in-process server under
// wrk with a store as recorder (when wrkBin is set), then the raw store
// figure and query latency on rows exchanges.
func measureHistory(ctx context.Context, wrkBin string, duration, warmup time.Duration, tmp, ws string, rows int, out io.Writer) *historyReport {
	h := &historyReport{}
	if wrkBin != "" {
		fmt.Fprintf(out, "· history: recording under wrk -c%d %s…\n", historyConns, historyPath)
		l, err := measureRecording(ctx, wrkBin, duration, warmup, tmp, ws)
		if err != nil {
			h.notef("history recording under load: %v", err)
		} else {
			h.load = l
		}
	}
	fmt.Fprintf(out, "· history: seeding %d exchanges and timing queries…\n", rows)
	seed, q, err := measureQueries(ctx, filepath.Join(tmp, "query-history.db"), rows)
	h.seed, h.query = seed, q
	if err != nil {
		h.notef("history queries: %v", err)
	}
	return h
}

// serveInProcess starts Edgeplay's server on ws in this process, with
// serve's access log (discarded) and rec as its recorder (none when nil).
func serveInProcess(ctx context.Context, ws string, rec server.Recorder) (base string, stop func(), err error) {
	w, err := workspace.Open(ws)
	if err != nil {
		return "", nil, fmt.Errorf("open workspace: %w", err)
	}
	opts := server.Options{Workspace: w, AccessLog: io.Discard}
	if rec != nil {
		opts.Recorder = rec
	}
	srv, err := server.New(opts)
	if err != nil {
		return "", nil, fmt.Errorf("start server: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	runDone := make(chan error, 1)
	go func() { runDone <- srv.Run(ctx, ln, 0) }()
	return "http://" + ln.Addr().String(), func() { cancel(); <-runDone }, nil
}

// measureRecording loads the in-process server, first without a recorder
// then with a history store opened as `edgeplay serve` opens it, and
// counts what the store committed, dropped and lost for the second run.
func measureRecording(ctx context.Context, wrkBin string, duration, warmup time.Duration, tmp, ws string) (*historyLoad, error) {
	l := &historyLoad{}
	load := func(url string) (wrkResult, error) {
		if warmup > 0 {
			if _, err := runWrk(ctx, wrkOptions{Bin: wrkBin, URL: url, Connections: historyConns, Duration: warmup}); err != nil {
				return wrkResult{}, fmt.Errorf("warm-up: %w", err)
			}
		}
		return runWrk(ctx, wrkOptions{Bin: wrkBin, URL: url, Connections: historyConns, Duration: duration})
	}

	base, stop, err := serveInProcess(ctx, ws, nil)
	if err != nil {
		return nil, err
	}
	bare, err := load(base + historyPath)
	stop()
	if err != nil {
		return nil, fmt.Errorf("without recorder: %w", err)
	}
	l.bare = &bare

	st, err := store.Open(ctx, filepath.Join(tmp, "load-history.db"), store.Options{Retention: store.DefaultRetention})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	base, stop, err = serveInProcess(ctx, ws, st)
	if err != nil {
		return nil, err
	}
	defer stop()
	url := base + historyPath
	if warmup > 0 {
		if _, err := runWrk(ctx, wrkOptions{Bin: wrkBin, URL: url, Connections: historyConns, Duration: warmup}); err != nil {
			return nil, fmt.Errorf("warm-up: %w", err)
		}
	}
	flushCtx := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, 30*time.Second) }
	fctx, cancel := flushCtx()
	err = st.Flush(fctx)
	cancel()
	if err != nil {
		return nil, err
	}
	before := st.Stats()
	res, err := runWrk(ctx, wrkOptions{Bin: wrkBin, URL: url, Connections: historyConns, Duration: duration})
	if err != nil {
		return nil, fmt.Errorf("with recorder: %w", err)
	}
	l.loaded = res
	l.inRun = st.Stats().Recorded - before.Recorded
	t0 := time.Now()
	fctx, cancel = flushCtx()
	err = st.Flush(fctx)
	cancel()
	if err != nil {
		return nil, err
	}
	l.flushTail = time.Since(t0)
	after := st.Stats()
	l.recorded = after.Recorded - before.Recorded
	l.dropped = after.Dropped - before.Dropped
	l.failed = after.Failed - before.Failed
	return l, nil
}

// syntheticExchange is the i-th of the seeded exchanges: 20 routes, one
// exchange in 50 a 5xx with an error, a JSON body of about 400 bytes,
// starts a millisecond apart ending at end. Its URL holds "seq=i".
func syntheticExchange(i, n int, end time.Time, body []byte, reqH, respH map[string][]string) store.Exchange {
	e := store.Exchange{
		Start:           end.Add(-time.Duration(n-i) * time.Millisecond),
		Duration:        time.Millisecond,
		Method:          "GET",
		URL:             fmt.Sprintf("http://127.0.0.1:3000/api/r%d?seq=%d", i%20, i),
		Route:           fmt.Sprintf("/api/r%d", i%20),
		File:            fmt.Sprintf("pages/api/r%d.ts", i%20),
		RequestHeaders:  reqH,
		Status:          200,
		ResponseHeaders: respH,
		ResponseBody:    body,
		Mode:            "production",
		HandlerVersion:  "bench",
	}
	if i%50 == 0 {
		e.Status, e.Error = 500, "TypeError: boom\n    at handler (pages/api/r0.ts:3:9)"
	}
	return e
}

// seedStore records n synthetic exchanges into st as fast as one goroutine
// can, waiting only while the queue is nearly full, then flushes. It
// returns the time from the first Record to the end of the Flush.
func seedStore(ctx context.Context, st *store.Store, n, queueSize int, end time.Time) (time.Duration, error) {
	body := make([]byte, 0, seedBodyLength+64)
	for len(body) < seedBodyLength {
		body = append(body, `{"id":1,"name":"Michael Scott","branch":"Scranton"},`...)
	}
	// Shared read-only by every record: the store only reads them.
	reqH := map[string][]string{"Accept": {"*/*"}, "User-Agent": {"wrk"}}
	respH := map[string][]string{"Content-Type": {"application/json"}}
	high := int64(max(queueSize-64, 1))
	t0 := time.Now()
	for i := range n {
		for st.Stats().Queued >= high {
			if err := ctx.Err(); err != nil {
				return 0, fmt.Errorf("seed: %w", err)
			}
			time.Sleep(100 * time.Microsecond)
		}
		st.Record(syntheticExchange(i, n, end, body, reqH, respH))
	}
	fctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := st.Flush(fctx); err != nil {
		return 0, fmt.Errorf("seed: %w", err)
	}
	return time.Since(t0), nil
}

// measureQueries seeds a fresh store at path with rows exchanges (the raw
// recording figure) and times the listings issue 7 names and one Get.
func measureQueries(ctx context.Context, path string, rows int) (*historySeed, []queryTiming, error) {
	if rows < 100 {
		return nil, nil, fmt.Errorf("need at least 100 rows, not %d", rows)
	}
	st, err := store.Open(ctx, path, store.Options{QueueSize: seedQueueSize})
	if err != nil {
		return nil, nil, err
	}
	defer st.Close()
	end := time.Now().Add(-time.Minute)
	took, err := seedStore(ctx, st, rows, seedQueueSize, end)
	if err != nil {
		return nil, nil, err
	}
	stats := st.Stats()
	seed := &historySeed{rows: int(stats.Recorded), took: took, dropped: stats.Dropped}
	if stats.Recorded != int64(rows) {
		return seed, nil, fmt.Errorf("seeded %d of %d exchanges (%d dropped, %d failed)", stats.Recorded, rows, stats.Dropped, stats.Failed)
	}

	// The writer indexes the text while idle: time the catch-up, then
	// the queries against the steady state.
	idxStart := time.Now()
	for {
		lag, err := st.TextIndexLag(ctx)
		if err != nil {
			return seed, nil, err
		}
		if lag == 0 {
			break
		}
		if time.Since(idxStart) > time.Minute {
			return seed, nil, fmt.Errorf("the text index still lags %d exchanges after a minute", lag)
		}
		time.Sleep(50 * time.Millisecond)
	}
	seed.indexed = time.Since(idxStart)

	// A position in the middle, found once, outside the timings.
	mid := end.Add(-time.Duration(rows/2) * time.Millisecond)
	p, err := st.Search(ctx, store.Filter{Until: mid.Add(time.Nanosecond), Limit: 1})
	if err != nil {
		return seed, nil, err
	}
	if len(p.Items) != 1 {
		return seed, nil, errors.New("no exchange in the middle of the history")
	}
	middle := &store.Cursor{Start: p.Items[0].Start, ID: p.Items[0].ID}
	rare := rows / 2 // "seq=<rare>" is in one URL only: rare·10 ≥ rows

	pageOf := func(want func(int) bool, f store.Filter) func() (int, string, error) {
		return func() (int, string, error) {
			pg, err := st.Search(ctx, f)
			if err != nil {
				return 0, "", err
			}
			if !want(len(pg.Items)) {
				return len(pg.Items), fmt.Sprintf("%d results", len(pg.Items)), nil
			}
			return len(pg.Items), "", nil
		}
	}
	// Each listing must fill its page, or hold every match when fewer.
	exactly := func(want int) func(int) bool { return func(n int) bool { return n == min(want, 50) } }
	full := exactly(50)
	errorRows := (rows + 49) / 50  // i%50 == 0
	route7Rows := (rows + 12) / 20 // i%20 == 7
	cases := []struct {
		name string
		run  func() (int, string, error)
	}{
		{"newest page (50)", pageOf(full, store.Filter{Limit: 50})},
		{"route /api/r7", pageOf(exactly(route7Rows), store.Filter{Route: "/api/r7", Limit: 50})},
		{"status 5xx", pageOf(exactly(errorRows), store.Filter{StatusClass: 5, Limit: 50})},
		{"errors only", pageOf(exactly(errorRows), store.Filter{ErrorsOnly: true, Limit: 50})},
		{"page in the middle (After)", pageOf(full, store.Filter{After: middle, Limit: 50})},
		{"text in one URL (text index)", pageOf(exactly(1), store.Filter{Text: fmt.Sprintf("seq=%d", rare), Limit: 50})},
		{"Get one exchange", func() (int, string, error) {
			e, err := st.Get(ctx, middle.ID)
			if err != nil {
				return 0, "", err
			}
			if len(e.ResponseBody) < seedBodyLength {
				return 1, fmt.Sprintf("body of %d bytes", len(e.ResponseBody)), nil
			}
			return 1, "", nil
		}},
	}
	var out []queryTiming
	for _, c := range cases {
		q := queryTiming{name: c.name}
		if _, _, err := c.run(); err != nil { // warm-up, untimed
			return seed, out, fmt.Errorf("%s: %w", c.name, err)
		}
		started := time.Now()
		for range historyRuns {
			if err := ctx.Err(); err != nil {
				return seed, out, err
			}
			t0 := time.Now()
			n, check, err := c.run()
			q.samples = append(q.samples, time.Since(t0))
			if err != nil {
				return seed, out, fmt.Errorf("%s: %w", c.name, err)
			}
			q.items, q.check = n, check
			if time.Since(started) > queryBudget {
				break
			}
		}
		out = append(out, q)
	}
	return seed, out, nil
}

// printHistory writes the history section: what was measured, then its
// targets.
func printHistory(out io.Writer, h *historyReport) {
	if h == nil {
		return
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, "History (issue 7): recording throughput and query latency")
	tw := newTable(out)
	fmt.Fprintf(tw, "recording\tmeasured\tgoal\tresult\n")
	if l := h.load; l != nil {
		if l.bare != nil {
			fmt.Fprintf(tw, "in-process server, no recorder: req/s, /api/basic c=%d\t%.0f (p99 %s)\t(report)\t\n", historyConns, l.bare.RPS, fmtMS(l.bare.P99))
		}
		rps := fmt.Sprintf("%.0f (p99 %s)", l.loaded.RPS, fmtMS(l.loaded.P99))
		if n := l.loaded.Errors(); n > 0 {
			rps += fmt.Sprintf(" (%d err)", n)
		}
		fmt.Fprintf(tw, "in-process server, history recorded: req/s, /api/basic c=%d\t%s\t(report)\t\n", historyConns, rps)
		if l.bare != nil && l.bare.RPS > 0 {
			fmt.Fprintf(tw, "req/s with recording / without\t%.0f%%\t(report)\t\n", 100*l.loaded.RPS/l.bare.RPS)
		}
		fmt.Fprintf(tw, "exchanges recorded/s under load (%d in %s; %d committed before wrk ended, final Flush %s)\t%.0f\t≥ wrk's requests (%d)\t%s\n",
			l.recorded, l.loaded.Duration.Round(10*time.Millisecond), l.inRun, fmtMS(l.flushTail), l.RecordedPerSec(), l.loaded.Requests,
			verdict(true, l.recorded >= l.loaded.Requests))
		fmt.Fprintf(tw, "exchanges dropped / failed under load\t%d / %d\t0\t%s\n", l.dropped, l.failed, verdict(true, l.dropped == 0 && l.failed == 0))
	} else {
		fmt.Fprintf(tw, "recording under load\t—\t(report)\tn/a\n")
	}
	if s := h.seed; s != nil {
		fmt.Fprintf(tw, "raw store: Record %d synthetic exchanges then Flush, exchanges/s committed (took %s)\t%.0f\t(report)\t\n",
			s.rows, s.took.Round(time.Millisecond), s.PerSec())
		fmt.Fprintf(tw, "text index caught up after the seeding (indexed while the writer is idle)\t%s\t(report)\t\n", s.indexed.Round(time.Millisecond))
	} else {
		fmt.Fprintf(tw, "raw store: exchanges/s committed\t—\t(report)\tn/a\n")
	}
	tw.Flush()

	fmt.Fprintln(out)
	tw = newTable(out)
	rows := "?"
	if h.seed != nil {
		rows = fmt.Sprint(h.seed.rows)
	}
	fmt.Fprintf(tw, "query at %s rows\tmedian\tp95\truns\tgoal\tresult\n", rows)
	if len(h.query) == 0 {
		fmt.Fprintf(tw, "queries\t—\t—\t0\tp95 < %s\tn/a\n", fmtMS(targetQuery))
	}
	for _, q := range h.query {
		p50, ok := percentile(q.samples, 0.50)
		p95, _ := percentile(q.samples, 0.95)
		res := verdict(ok, p95 < targetQuery)
		if q.check != "" {
			res += " (" + q.check + "!)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\tp95 < %s\t%s\n", q.name, fmtMS(p50), fmtMS(p95), len(q.samples), fmtMS(targetQuery), res)
	}
	tw.Flush()
	fmt.Fprintf(out, "(in this process: the server with wrk -t2 -c%d, the store opened as `edgeplay serve` opens it; queries on a fresh SQLite file of synthetic exchanges — 20 routes, 1 in 50 a 5xx with an error, %d-byte bodies — after one untimed run each)\n",
		historyConns, seedBodyLength)
	for _, n := range h.notes {
		fmt.Fprintln(out, "note:", n)
	}
}

// runHistoryOnly runs and prints the history section alone (-only-history).
func runHistoryOnly(ctx context.Context, cfg config, out io.Writer) error {
	start := time.Now()
	loaded := loadAverage()
	wrkBin, err := findWrk(cfg.wrk)
	if err != nil {
		fmt.Fprintf(out, "(%v: recording under load is not measured)\n", err)
	}
	tmp, ws, err := tempWorkspace()
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Fprintf(out, "Edgeplay bench, history section only: %d cores, load average %s at start\n", runtime.NumCPU(), loaded)
	h := measureHistory(ctx, wrkBin, cfg.duration, cfg.warmup, tmp, ws, historyRows, out)
	printHistory(out, h)
	fmt.Fprintf(out, "(one run, %s; load average %s at start, %s at end)\n", time.Since(start).Round(time.Second), loaded, loadAverage())
	return nil
}

// newTable is the report's left-aligned table writer.
func newTable(out io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
}

// findWrk resolves the wrk executable.
func findWrk(bin string) (string, error) {
	p, err := exec.LookPath(bin)
	if err != nil {
		return "", fmt.Errorf("wrk not found: %w", err)
	}
	return p, nil
}
