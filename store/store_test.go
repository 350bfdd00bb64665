package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// openTest opens a store in a fresh temporary directory and closes it when
// the test ends.
func openTest(t *testing.T, opts Options) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.db")
	return openAt(t, path, opts), path
}

func openAt(t *testing.T, path string, opts Options) *Store {
	t.Helper()
	s, err := Open(t.Context(), path, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func mustFlush(t *testing.T, s *Store) {
	t.Helper()
	if err := s.Flush(t.Context()); err != nil {
		t.Fatalf("Flush: %v", err)
	}
}

func mustCount(t *testing.T, s *Store) int64 {
	t.Helper()
	n, err := s.Count(t.Context())
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	return n
}

func mustRecord(t *testing.T, s *Store, e Exchange) {
	t.Helper()
	if !s.Record(e) {
		t.Fatalf("Record(%s %s) = false, want true", e.Method, e.URL)
	}
}

// rawDB opens path with go-sqlite3 directly, bypassing the store's checks.
func rawDB(t *testing.T, path, params string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", path+params)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func rawExec(t *testing.T, path, params string, stmts ...string) {
	t.Helper()
	db := rawDB(t, path, params)
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// stall is a writer hook that parks the writer before each batch until
// the test releases it, so tests can fill the queue deterministically.
type stall struct {
	entered chan int
	release chan struct{}
	once    sync.Once
}

func newStall() *stall {
	return &stall{entered: make(chan int, 64), release: make(chan struct{})}
}

func (st *stall) hook(n int) {
	select {
	case st.entered <- n:
	default:
	}
	<-st.release
}

func (st *stall) Release() { st.once.Do(func() { close(st.release) }) }

func (st *stall) waitEntered(t *testing.T) int {
	t.Helper()
	select {
	case n := <-st.entered:
		return n
	case <-time.After(10 * time.Second):
		t.Fatal("writer never started a batch")
		return 0
	}
}

// normalized is what a stored e reads back as.
func normalized(e Exchange, id int64) Exchange {
	e.ID = id
	if !e.Start.IsZero() {
		e.Start = time.Unix(0, e.Start.UnixNano())
	}
	if len(e.RequestHeaders) == 0 {
		e.RequestHeaders = nil
	}
	if len(e.ResponseHeaders) == 0 {
		e.ResponseHeaders = nil
	}
	if len(e.RequestBody) == 0 {
		e.RequestBody = nil
	}
	if len(e.ResponseBody) == 0 {
		e.ResponseBody = nil
	}
	if len(e.Logs) == 0 {
		e.Logs = nil
	} else {
		logs := make([]LogEntry, len(e.Logs))
		for i, l := range e.Logs {
			if !l.Time.IsZero() {
				l.Time = time.Unix(0, l.Time.UnixNano())
			}
			logs[i] = l
		}
		e.Logs = logs
	}
	capBodies(&e, DefaultMaxBodyBytes)
	return e
}

var t0 = time.Date(2026, 3, 14, 15, 9, 26, 535897932, time.UTC)

func fullExchange() Exchange {
	return Exchange{
		Start:    t0,
		Duration: 12*time.Millisecond + 345*time.Microsecond,
		Method:   http.MethodPost,
		URL:      "http://127.0.0.1:3000/api/json?q=%E2%9C%93&x=1",
		Route:    "/api/[slug]",
		File:     "pages/api/[slug].ts",
		RequestHeaders: http.Header{
			"Content-Type": {"application/json"},
			"Cookie":       {"a=1", "b=2"},
		},
		RequestBody: []byte(`{"hello":"wörld"}`),
		Status:      http.StatusTeapot,
		ResponseHeaders: http.Header{
			"Set-Cookie":     {"s=1; Path=/", "t=2; HttpOnly"},
			"X-Vercel-Cache": {"MISS"},
		},
		ResponseBody: []byte{0, 1, 2, 0xff, 0xfe, 0},
		Error:        "TypeError: x is undefined\n    at handler (pages/api/[slug].ts:3:9)",
		Logs: []LogEntry{
			{Time: t0.Add(time.Millisecond), Level: "log", Message: "start ✓"},
			{Time: t0.Add(2 * time.Millisecond), Level: "error", Message: "line1\nline2\t\"quoted\""},
		},
		HandlerVersion: "sha256:0123456789abcdef",
		Mode:           "development",
		CPUTime:        3 * time.Millisecond,
		Params:         map[string][]string{"slug": {"a", "b c"}, "id": {"7"}},
		Timings:        Timings{CompileWait: 2 * time.Millisecond, HandlerStart: 2100 * time.Microsecond, FirstByte: 9 * time.Millisecond},
		Chunks:         []Chunk{{At: 9 * time.Millisecond, Size: 3}, {At: 12 * time.Millisecond, Size: 3}},
		Sim:            &SimContext{Client: "Paris", Entry: "cdg1", Exec: "iad1", VercelID: "cdg1::iad1::abcde-1-0123456789ab", Network: 100 * time.Millisecond, Cache: "STALE", CacheReason: "age 21m"},
	}
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		in   Exchange
	}{
		{"every field", fullExchange()},
		{"zero values", Exchange{}},
		{"only method and url", Exchange{Method: "GET", URL: "http://127.0.0.1/"}},
		{"empty non-nil collections", Exchange{
			Method: "GET", RequestHeaders: http.Header{}, ResponseHeaders: http.Header{},
			RequestBody: []byte{}, ResponseBody: []byte{}, Logs: []LogEntry{},
		}},
		{"negative duration and zero log time", Exchange{
			Start: t0, Duration: -time.Second, Logs: []LogEntry{{Level: "warn", Message: ""}},
		}},
		{"location other than UTC", Exchange{Start: t0.In(time.FixedZone("X", 9*3600)), Method: "GET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTest(t, Options{})
			mustRecord(t, s, tt.in)
			mustFlush(t, s)

			recent, err := s.Recent(t.Context(), 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(recent) != 1 {
				t.Fatalf("Recent returned %d exchanges, want 1", len(recent))
			}
			got := recent[0]
			if got.ID <= 0 {
				t.Fatalf("ID = %d, want positive", got.ID)
			}
			want := normalized(tt.in, got.ID)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Recent round trip:\n got %#v\nwant %#v", got, want)
			}
			if !got.Start.Equal(tt.in.Start) {
				t.Errorf("Start = %v, want %v", got.Start, tt.in.Start)
			}

			byID, err := s.Get(t.Context(), got.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(byID, want) {
				t.Errorf("Get round trip:\n got %#v\nwant %#v", byID, want)
			}
		})
	}
}

func TestRecentOrderAndLimit(t *testing.T) {
	s, _ := openTest(t, Options{})
	// Recorded out of start order; two share a start time.
	offsets := []time.Duration{3, 1, 4, 1, 2}
	for i, off := range offsets {
		mustRecord(t, s, Exchange{Start: t0.Add(off * time.Second), Method: "GET", URL: fmt.Sprintf("/%d", i)})
	}
	mustFlush(t, s)
	// Newest start first; equal starts: higher ID (recorded later) first.
	order := []string{"/2", "/0", "/4", "/3", "/1"}

	tests := []struct {
		limit int
		want  []string
	}{
		{1, order[:1]},
		{2, order[:2]},
		{5, order},
		{100, order},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint("limit ", tt.limit), func(t *testing.T) {
			got, err := s.Recent(t.Context(), tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			urls := make([]string, len(got))
			for i, e := range got {
				urls[i] = e.URL
			}
			if !reflect.DeepEqual(urls, tt.want) {
				t.Errorf("Recent(%d) = %v, want %v", tt.limit, urls, tt.want)
			}
		})
	}
	for _, limit := range []int{0, -1} {
		if _, err := s.Recent(t.Context(), limit); err == nil {
			t.Errorf("Recent(%d) succeeded, want an error", limit)
		}
	}
}

func TestGetNotFound(t *testing.T) {
	s, _ := openTest(t, Options{})
	for _, id := range []int64{0, 1, -5, 1 << 40} {
		_, err := s.Get(t.Context(), id)
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%d) error = %v, want ErrNotFound", id, err)
		}
	}
}

func TestConcurrentRecord(t *testing.T) {
	const goroutines, each = 50, 10
	s, _ := openTest(t, Options{})
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				if !s.Record(Exchange{Start: time.Now(), Method: "GET", URL: fmt.Sprintf("/g%d/%d", g, i)}) {
					t.Errorf("Record g%d/%d dropped", g, i)
				}
			}
		})
	}
	wg.Wait()
	mustFlush(t, s)
	if n := mustCount(t, s); n != goroutines*each {
		t.Errorf("Count = %d, want %d", n, goroutines*each)
	}
	want := Stats{Recorded: goroutines * each}
	if got := s.Stats(); got != want {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
}

func TestQueueFullDrops(t *testing.T) {
	st := newStall()
	s, _ := openTest(t, Options{QueueSize: 2, BatchSize: 1, beforeWrite: st.hook})
	t.Cleanup(st.Release) // runs before the store's Close

	mustRecord(t, s, Exchange{URL: "/1"})
	st.waitEntered(t) // the writer holds /1 and is parked: the queue is empty
	mustRecord(t, s, Exchange{URL: "/2"})
	mustRecord(t, s, Exchange{URL: "/3"})
	for i := range 3 {
		if s.Record(Exchange{URL: fmt.Sprintf("/drop%d", i)}) {
			t.Fatalf("Record with a full queue returned true")
		}
	}
	if got, want := s.Stats(), (Stats{Dropped: 3, Queued: 3}); got != want {
		t.Errorf("Stats while stalled = %+v, want %+v", got, want)
	}

	st.Release()
	mustFlush(t, s)
	if n := mustCount(t, s); n != 3 {
		t.Errorf("Count = %d, want 3", n)
	}
	if got, want := s.Stats(), (Stats{Recorded: 3, Dropped: 3}); got != want {
		t.Errorf("Stats after release = %+v, want %+v", got, want)
	}
}

func TestFlushRespectsContext(t *testing.T) {
	st := newStall()
	s, _ := openTest(t, Options{beforeWrite: st.hook, BatchSize: 1})
	t.Cleanup(st.Release)

	mustRecord(t, s, Exchange{URL: "/1"})
	st.waitEntered(t)

	canceled, cancel := context.WithCancel(t.Context())
	cancel()
	if err := s.Flush(canceled); !errors.Is(err, context.Canceled) {
		t.Errorf("Flush(canceled) = %v, want context.Canceled", err)
	}
	short, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	if err := s.Flush(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Flush(deadline) = %v, want context.DeadlineExceeded", err)
	}

	st.Release()
	mustFlush(t, s)
	if n := mustCount(t, s); n != 1 {
		t.Errorf("Count = %d, want 1", n)
	}
}

func TestBatching(t *testing.T) {
	var (
		mu    sync.Mutex
		sizes []int
	)
	hook := func(n int) {
		mu.Lock()
		defer mu.Unlock()
		sizes = append(sizes, n)
	}
	s, _ := openTest(t, Options{BatchSize: 4, FlushInterval: time.Hour, beforeWrite: hook})
	for i := range 10 {
		mustRecord(t, s, Exchange{URL: fmt.Sprint(i)})
	}
	mustFlush(t, s)
	mu.Lock()
	defer mu.Unlock()
	if want := []int{4, 4, 2}; !reflect.DeepEqual(sizes, want) {
		t.Errorf("batch sizes = %v, want %v", sizes, want)
	}
}

func TestFlushIntervalAndOnCommit(t *testing.T) {
	committed := make(chan []Exchange, 1)
	s, _ := openTest(t, Options{
		BatchSize:     100,
		FlushInterval: time.Millisecond,
		OnCommit:      func(b []Exchange) { committed <- b },
	})
	mustRecord(t, s, Exchange{URL: "/tick", RequestBody: bytes.Repeat([]byte("x"), DefaultMaxBodyBytes+1)})
	select {
	case b := <-committed:
		if len(b) != 1 || b[0].ID <= 0 || b[0].URL != "/tick" {
			t.Fatalf("OnCommit got %+v", b)
		}
		if !b[0].RequestBodyTruncated || len(b[0].RequestBody) != DefaultMaxBodyBytes {
			t.Errorf("OnCommit saw the body uncapped: truncated=%v len=%d", b[0].RequestBodyTruncated, len(b[0].RequestBody))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a partial batch was not written after FlushInterval")
	}
}

func TestTruncation(t *testing.T) {
	body := func(n int) []byte { return bytes.Repeat([]byte("a"), n) }
	tests := []struct {
		name      string
		max       int
		body      []byte
		size      int64 // as set by the recorder
		truncated bool  // as set by the recorder
		wantLen   int
		wantSize  int64
		wantTrunc bool
	}{
		{"empty", 8, nil, 0, false, 0, 0, false},
		{"under cap", 8, body(5), 0, false, 5, 5, false},
		{"at cap", 8, body(8), 0, false, 8, 8, false},
		{"over cap", 8, body(20), 0, false, 8, 20, true},
		{"over cap with size given", 8, body(20), 20, false, 8, 20, true},
		{"recorder captured a prefix", 8, body(4), 100, false, 4, 100, true},
		{"recorder flagged truncation", 8, body(4), 0, true, 4, 4, true},
		{"size smaller than body is corrected", 8, body(6), 2, false, 6, 6, false},
		{"cap disabled", -1, body(3 << 20), 0, false, 3 << 20, 3 << 20, false},
		{"default cap", 0, body(DefaultMaxBodyBytes + 1), 0, false, DefaultMaxBodyBytes, DefaultMaxBodyBytes + 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTest(t, Options{MaxBodyBytes: tt.max})
			mustRecord(t, s, Exchange{
				URL:         "/" + tt.name,
				RequestBody: tt.body, RequestBodySize: tt.size, RequestBodyTruncated: tt.truncated,
				ResponseBody: tt.body, ResponseBodySize: tt.size, ResponseBodyTruncated: tt.truncated,
			})
			mustFlush(t, s)
			got, err := s.Recent(t.Context(), 1)
			if err != nil {
				t.Fatal(err)
			}
			e := got[0]
			check := func(which string, b []byte, size int64, trunc bool) {
				if len(b) != tt.wantLen || size != tt.wantSize || trunc != tt.wantTrunc {
					t.Errorf("%s body: len=%d size=%d truncated=%v, want len=%d size=%d truncated=%v",
						which, len(b), size, trunc, tt.wantLen, tt.wantSize, tt.wantTrunc)
				}
				if !bytes.Equal(b, tt.body[:tt.wantLen]) {
					t.Errorf("%s body is not the prefix of the original", which)
				}
			}
			check("request", e.RequestBody, e.RequestBodySize, e.RequestBodyTruncated)
			check("response", e.ResponseBody, e.ResponseBodySize, e.ResponseBodyTruncated)
		})
	}
}

func TestCloseDrains(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	s, err := Open(t.Context(), path, Options{BatchSize: 1000, FlushInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		mustRecord(t, s, Exchange{URL: fmt.Sprint(i)})
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if got, want := s.Stats(), (Stats{Recorded: 100}); got != want {
		t.Errorf("Stats after Close = %+v, want %+v", got, want)
	}
	reopened := openAt(t, path, Options{})
	if n := mustCount(t, reopened); n != 100 {
		t.Errorf("Count after reopen = %d, want 100", n)
	}
}

// TestCloseWhileRecording checks that no record Record accepted is lost
// when Close races with it.
func TestCloseWhileRecording(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	s, err := Open(t.Context(), path, Options{QueueSize: 64, BatchSize: 8})
	if err != nil {
		t.Fatal(err)
	}
	const goroutines, each = 8, 200
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range goroutines {
		wg.Go(func() {
			<-start
			for range each {
				s.Record(Exchange{URL: "/race"})
			}
		})
	}
	close(start)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	wg.Wait()
	st := s.Stats()
	if st.Recorded+st.Dropped != goroutines*each || st.Queued != 0 || st.Failed != 0 {
		t.Errorf("Stats = %+v, want Recorded+Dropped = %d and nothing queued or failed", st, goroutines*each)
	}
	reopened := openAt(t, path, Options{})
	if n := mustCount(t, reopened); n != st.Recorded {
		t.Errorf("Count = %d, want Recorded = %d", n, st.Recorded)
	}
}

func TestClosedStore(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "history.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := s.Close(); err != nil {
			t.Fatalf("Close #%d: %v", i+1, err)
		}
	}
	if s.Record(Exchange{URL: "/late"}) {
		t.Error("Record after Close returned true")
	}
	if got := s.Stats().Dropped; got != 1 {
		t.Errorf("Dropped = %d, want 1", got)
	}
	ctx := t.Context()
	calls := map[string]error{
		"Flush": s.Flush(ctx),
		"Recent": func() error {
			_, err := s.Recent(ctx, 1)
			return err
		}(),
		"Get": func() error {
			_, err := s.Get(ctx, 1)
			return err
		}(),
		"Count": func() error {
			_, err := s.Count(ctx)
			return err
		}(),
	}
	for name, err := range calls {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close = %v, want ErrClosed", name, err)
		}
	}
}

func TestReopenKeepsRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	var want []Exchange
	func() {
		s, err := Open(t.Context(), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for i := range 3 {
			e := fullExchange()
			e.Start = t0.Add(time.Duration(i) * time.Second)
			mustRecord(t, s, e)
		}
		mustFlush(t, s)
		var err2 error
		if want, err2 = s.Recent(t.Context(), 10); err2 != nil {
			t.Fatal(err2)
		}
	}()

	s := openAt(t, path, Options{})
	got, err := s.Recent(t.Context(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows after reopen differ:\n got %+v\nwant %+v", got, want)
	}
	// IDs continue after the existing rows.
	mustRecord(t, s, Exchange{Start: t0.Add(time.Hour), URL: "/new"})
	mustFlush(t, s)
	latest, err := s.Recent(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if latest[0].ID != 4 {
		t.Errorf("new ID = %d, want 4", latest[0].ID)
	}
}

func TestOpenSetsUpDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "history.db")
	s := openAt(t, path, Options{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("database not created in a new directory: %v", err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("database mode = %v, want 0600", fi.Mode().Perm())
	}

	db := rawDB(t, path, "")
	defer db.Close()
	pragmas := []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"user_version", fmt.Sprint(len(schemaMigrations))},
		{"application_id", fmt.Sprint(applicationID)},
	}
	for _, p := range pragmas {
		var got string
		if err := db.QueryRow("PRAGMA " + p.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != p.want {
			t.Errorf("PRAGMA %s = %s, want %s", p.pragma, got, p.want)
		}
	}
	for _, index := range []string{"exchanges_start", "exchanges_route"} {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?", index).Scan(&n); err != nil || n != 1 {
			t.Errorf("index %s: count %d, err %v", index, n, err)
		}
	}
}

func TestConnectionPragmas(t *testing.T) {
	s, _ := openTest(t, Options{})
	tests := []struct{ pragma, want string }{
		{"foreign_keys", "1"},
		{"busy_timeout", "5000"},
		{"synchronous", "1"}, // NORMAL
	}
	for _, tt := range tests {
		var got string
		if err := s.db.QueryRowContext(t.Context(), "PRAGMA "+tt.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("PRAGMA %s = %s, want %s", tt.pragma, got, tt.want)
		}
	}
}

func TestUnusualPaths(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("? is not allowed in Windows file names")
	}
	for _, name := range []string{"with space", "q?mark", "hash#", "per%20cent", "ünïcode"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), name)
			path := filepath.Join(dir, name+".db")
			s := openAt(t, path, Options{})
			mustRecord(t, s, Exchange{URL: "/"})
			mustFlush(t, s)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 || entries[0].Name() != name+".db" {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("files in %s = %q, want only %q", dir, names, name+".db")
			}
			if n := mustCount(t, openAt(t, path, Options{})); n != 1 {
				t.Errorf("Count after reopen = %d, want 1", n)
			}
		})
	}
}

// snapshot is what "left untouched" compares.
type snapshot struct {
	data    []byte
	modTime time.Time
}

func takeSnapshot(t *testing.T, path string) snapshot {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return snapshot{data, fi.ModTime()}
}

func assertUntouched(t *testing.T, path string, before snapshot) {
	t.Helper()
	after := takeSnapshot(t, path)
	if !bytes.Equal(after.data, before.data) {
		t.Errorf("%s was modified", path)
	}
	if !after.modTime.Equal(before.modTime) {
		t.Errorf("%s modification time changed from %v to %v", path, before.modTime, after.modTime)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	tests := []struct {
		name   string
		create func(t *testing.T, path string)
	}{
		{"history in WAL mode", func(t *testing.T, path string) {
			s, err := Open(t.Context(), path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			mustRecord(t, s, fullExchange())
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			rawExec(t, path, "", "PRAGMA user_version = 99")
		}},
		{"rollback journal", func(t *testing.T, path string) {
			rawExec(t, path, "?_journal_mode=DELETE",
				"CREATE TABLE exchanges_v99 (x)",
				fmt.Sprintf("PRAGMA application_id = %d", applicationID),
				"PRAGMA user_version = 99")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "history.db")
			tt.create(t, path)
			before := takeSnapshot(t, path)
			time.Sleep(10 * time.Millisecond) // let a write show in the modification time

			s, err := Open(t.Context(), path, Options{})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded on a newer schema")
			}
			want := fmt.Sprintf("history database %s has schema version 99, newer than this Edgeplay understands (%d); use a newer Edgeplay or another --db path",
				path, len(schemaMigrations))
			if err.Error() != want {
				t.Errorf("error = %q\nwant    %q", err, want)
			}
			var sve *SchemaVersionError
			if !errors.As(err, &sve) || sve.Version != 99 || sve.Known != len(schemaMigrations) {
				t.Errorf("error %#v is not the SchemaVersionError expected", err)
			}
			assertUntouched(t, path, before)
		})
	}
}

func TestNotSQLiteRefused(t *testing.T) {
	garbage := make([]byte, 8192)
	for i := range garbage {
		garbage[i] = byte(i*7 + i/13)
	}
	tests := []struct {
		name    string
		content []byte
	}{
		{"text file", []byte("edgeplay config\nport = 3000\n")},
		{"one byte", []byte("x")},
		{"binary", garbage},
		{"older SQLite magic", append([]byte("SQLite format 2\x00"), garbage...)},
		{"SQLite magic then garbage", append([]byte("SQLite format 3\x00"), garbage...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "history.db")
			if err := os.WriteFile(path, tt.content, 0o600); err != nil {
				t.Fatal(err)
			}
			before := takeSnapshot(t, path)
			time.Sleep(10 * time.Millisecond)

			s, err := Open(t.Context(), path, Options{})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded on a file that is not a SQLite database")
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
			t.Logf("error: %v", err)
			assertUntouched(t, path, before)
		})
	}
}

func TestForeignSQLiteRefused(t *testing.T) {
	tests := []struct {
		name  string
		stmts []string
	}{
		{"tables but no Edgeplay schema", []string{"CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('keep me')"}},
		{"another application id", []string{"PRAGMA application_id = 1234"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "other.db")
			rawExec(t, path, "?_journal_mode=DELETE", tt.stmts...)
			before := takeSnapshot(t, path)
			time.Sleep(10 * time.Millisecond)

			s, err := Open(t.Context(), path, Options{})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded on another application's database")
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
			assertUntouched(t, path, before)
		})
	}
}

func TestEmptyFileIsInitialized(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openAt(t, path, Options{})
	mustRecord(t, s, Exchange{URL: "/"})
	mustFlush(t, s)
	if n := mustCount(t, s); n != 1 {
		t.Errorf("Count = %d, want 1", n)
	}
}

func TestMigrationsAreSequential(t *testing.T) {
	for i, m := range schemaMigrations {
		if m.version != i+1 {
			t.Errorf("migration %d (%s) has version %d, want %d", i, m.name, m.version, i+1)
		}
	}
}

func TestMigrationIsTransactional(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	v1 := schemaMigrations
	s, err := Open(t.Context(), path, Options{migrations: v1})
	if err != nil {
		t.Fatal(err)
	}
	mustRecord(t, s, Exchange{URL: "/kept"})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	broken := append(v1[:len(v1):len(v1)], migration{
		version: len(v1) + 1, name: "broken",
		sql: "CREATE TABLE extra (x); ALTER TABLE exchanges ADD COLUMN; ",
	})
	if s, err := Open(t.Context(), path, Options{migrations: broken}); err == nil {
		s.Close()
		t.Fatal("Open with a failing migration succeeded")
	} else if !strings.Contains(err.Error(), "broken") {
		t.Errorf("error %q does not name the failing migration", err)
	}

	db := rawDB(t, path, "")
	var version, extra int
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").Scan(&extra); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if version != len(v1) || extra != 0 {
		t.Errorf("after a failed migration: user_version %d, table extra %d; want %d and 0", version, extra, len(v1))
	}

	fixed := append(v1[:len(v1):len(v1)], migration{
		version: len(v1) + 1, name: "add tags",
		sql: "ALTER TABLE exchanges ADD COLUMN tags TEXT NOT NULL DEFAULT '';",
	})
	s = openAt(t, path, Options{migrations: fixed})
	if n := mustCount(t, s); n != 1 {
		t.Errorf("Count after migration = %d, want 1", n)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// The code that knows only v1 now refuses the file.
	var sve *SchemaVersionError
	if _, err := Open(t.Context(), path, Options{}); !errors.As(err, &sve) {
		t.Errorf("Open of a migrated database by older code = %v, want SchemaVersionError", err)
	}
}

func TestWriteFailure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	s, err := Open(t.Context(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Another connection makes every insert fail.
	rawExec(t, path, "", `CREATE TRIGGER refuse BEFORE INSERT ON exchanges BEGIN SELECT RAISE(ABORT, 'disk says no'); END`)

	mustRecord(t, s, Exchange{URL: "/lost"})
	if err := s.Flush(t.Context()); err == nil || !strings.Contains(err.Error(), "disk says no") {
		t.Errorf("Flush = %v, want the write error", err)
	}
	if got, want := s.Stats(), (Stats{Failed: 1}); got != want {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
	mustFlush(t, s) // the error was reported once

	mustRecord(t, s, Exchange{URL: "/lost at close"})
	if err := s.Close(); err == nil || !strings.Contains(err.Error(), "disk says no") {
		t.Errorf("Close = %v, want the write error of the final batch", err)
	}
	if got, want := s.Stats(), (Stats{Failed: 2}); got != want {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
}

func TestDefaultPath(t *testing.T) {
	dir, err := os.UserConfigDir()
	if err != nil {
		t.Skipf("no user config dir: %v", err)
	}
	got, err := DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "edgeplay", "history.db"); got != want {
		t.Errorf("DefaultPath = %s, want %s", got, want)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	canceled, cancel := context.WithCancel(t.Context())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		path string
	}{
		{"empty path", t.Context(), ""},
		{"directory", t.Context(), dir},
		{"parent is a file", t.Context(), filepath.Join(file, "history.db")},
		{"canceled context", canceled, filepath.Join(dir, "history.db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(tt.ctx, tt.path, Options{})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			t.Logf("error: %v", err)
		})
	}
}

func BenchmarkRecord(b *testing.B) {
	s, err := Open(b.Context(), filepath.Join(b.TempDir(), "history.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	e := fullExchange()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			s.Record(e)
		}
	})
	b.StopTimer()
	st := s.Stats()
	b.ReportMetric(float64(st.Dropped)/float64(b.N), "dropped/op")
}

// TestMigrationFromEveryVersion opens a database written at each earlier
// schema version with today's code: its records survive, fields added
// since read as zero, and new records keep every field.
func TestMigrationFromEveryVersion(t *testing.T) {
	for v := 1; v < len(schemaMigrations); v++ {
		t.Run(fmt.Sprintf("from v%d", v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "history.db")
			old := openAt(t, path, Options{migrations: schemaMigrations[:v]})
			if err := old.Close(); err != nil {
				t.Fatal(err)
			}
			// A row as that version wrote it (version 1's columns).
			db := rawDB(t, path, "")
			if _, err := db.Exec(`INSERT INTO exchanges (start_ns, duration_ns, method, url, route, file, request_headers, request_body,
				request_body_size, request_body_truncated, status, response_headers, response_body, response_body_size,
				response_body_truncated, error, logs, handler_version, mode)
				VALUES (1, 1, 'GET', '/old', '', '', '{}', x'', 0, 0, 200, '{}', x'', 0, 0, '', '[]', '', 'production')`); err != nil {
				t.Fatal(err)
			}
			db.Close()
			s := openAt(t, path, Options{})
			defer s.Close()
			mustRecord(t, s, Exchange{URL: "/new", Method: "GET", Status: 200, CPUTime: 1500 * time.Microsecond,
				Params: map[string][]string{"id": {"1"}}, Timings: Timings{FirstByte: time.Millisecond}, Chunks: []Chunk{{At: time.Millisecond, Size: 2}}})
			mustFlush(t, s)
			byURL := recentByURL(t, s)
			if e, ok := byURL["/old"]; !ok || e.CPUTime != 0 {
				t.Errorf("old record: %+v %v", e, ok)
			}
			if e, ok := byURL["/new"]; !ok || e.CPUTime != 1500*time.Microsecond || e.Params["id"][0] != "1" || e.Timings.FirstByte != time.Millisecond || len(e.Chunks) != 1 {
				t.Errorf("new record: %+v %v", e, ok)
			}
			if e := byURL["/old"]; e.Params != nil || e.Chunks != nil || e.Timings != (Timings{}) || e.ReplayOf != 0 {
				t.Errorf("old record's new fields: %+v", e)
			}
		})
	}
}

// TestReplayLink: a replay links to the exchange it replayed; the link is
// dropped when that exchange is deleted, and a replay of an exchange that
// no longer exists is recorded without one (never a failed batch).
func TestReplayLink(t *testing.T) {
	s, _ := openTest(t, Options{})
	mustRecord(t, s, Exchange{Method: "GET", URL: "/orig"})
	mustFlush(t, s)
	orig, err := s.Recent(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	mustRecord(t, s, Exchange{Method: "GET", URL: "/replay", ReplayOf: orig[0].ID})
	mustRecord(t, s, Exchange{Method: "GET", URL: "/replay-of-nothing", ReplayOf: 9999})
	mustFlush(t, s)
	byURL := recentByURL(t, s)
	if len(byURL) != 3 || byURL["/replay"].ReplayOf != orig[0].ID || byURL["/replay-of-nothing"].ReplayOf != 0 {
		t.Fatalf("replay links: %+v", byURL)
	}
	if _, err := s.db.Exec(`DELETE FROM exchanges WHERE id = ?`, orig[0].ID); err != nil {
		t.Fatal(err)
	}
	if e, err := s.Get(t.Context(), byURL["/replay"].ID); err != nil || e.ReplayOf != 0 {
		t.Errorf("after deleting the original: %+v %v", e.ReplayOf, err)
	}
}

// recentByURL returns the newest exchanges (up to 10) by URL.
func recentByURL(t *testing.T, s *Store) map[string]Exchange {
	t.Helper()
	got, err := s.Recent(t.Context(), 10)
	if err != nil {
		t.Fatal(err)
	}
	byURL := map[string]Exchange{}
	for _, e := range got {
		byURL[e.URL] = e
	}
	return byURL
}
