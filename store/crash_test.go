package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// crashChildEnv names the environment variable that turns TestCrashChild
// into the load generator of TestKillDuringLoadLosesNoCommittedRecord: its
// value is the database path.
const crashChildEnv = "EDGEPLAY_CRASH_CHILD"

// crashChildWriters is how many goroutines of the child record at once.
const crashChildWriters = 4

// TestCrashChild is not a test on its own: it returns at once unless
// EDGEPLAY_CRASH_CHILD is set. Then it is the child process of
// TestKillDuringLoadLosesNoCommittedRecord: it records exchanges from
// several goroutines as fast as the store takes them and, after each
// committed batch, writes "committed <first> <last> <count>" to stdout
// (one write(2), unbuffered, so the line is in the pipe before the next
// batch starts) until it is killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		return
	}
	var outMu sync.Mutex
	report := func(batch []Exchange) {
		first, last := batch[0].ID, batch[0].ID
		for _, e := range batch {
			first, last = min(first, e.ID), max(last, e.ID)
		}
		line := fmt.Sprintf("committed %d %d %d\n", first, last, len(batch))
		outMu.Lock()
		defer outMu.Unlock()
		if _, err := os.Stdout.WriteString(line); err != nil {
			os.Exit(3) // the parent is gone: stop the load
		}
	}
	s, err := Open(context.Background(), path, Options{OnCommit: report, BatchSize: 128, QueueSize: 1024})
	if err != nil {
		fmt.Fprintf(os.Stderr, "child: %v\n", err)
		os.Exit(2)
	}
	// The parent kills this process within seconds; the deadline only
	// bounds a child whose parent failed to.
	deadline := time.Now().Add(30 * time.Second)
	var wg sync.WaitGroup
	for w := range crashChildWriters {
		wg.Go(func() {
			for i := 0; time.Now().Before(deadline); i++ {
				if !s.Record(crashExchange(os.Getpid(), w, i)) {
					time.Sleep(50 * time.Microsecond) // queue full: let the writer catch up
				}
			}
		})
	}
	wg.Wait()
	_ = s.Close()
	os.Exit(4) // never reached when the parent works: it must not pass as a test
}

// crashExchange is the record a child writer makes: its URL names it and
// its bodies are derived from the URL, so a reader can tell a record that
// was stored whole from a torn one.
func crashExchange(pid, writer, i int) Exchange {
	u := fmt.Sprintf("http://localhost:3000/api/load?pid=%d&w=%d&i=%d", pid, writer, i)
	return Exchange{
		Start:           time.Now(),
		Duration:        time.Millisecond,
		Method:          http.MethodPost,
		URL:             u,
		Route:           "/api/load",
		File:            "pages/api/load.ts",
		RequestHeaders:  http.Header{"Content-Type": {"text/plain"}},
		RequestBody:     crashBody(u, 'q', 200+i%1500),
		Status:          http.StatusOK,
		ResponseHeaders: http.Header{"Content-Type": {"text/plain"}},
		ResponseBody:    crashBody(u, 'r', 500+i%3000),
		Mode:            "production",
	}
}

// crashBody is n bytes: the URL, then fill.
func crashBody(u string, fill byte, n int) []byte {
	b := bytes.Repeat([]byte{fill}, n+len(u))
	copy(b, u)
	return b
}

// committedRange is one batch the child reported committed.
type committedRange struct{ first, last, count int64 }

// TestKillDuringLoadLosesNoCommittedRecord kills (SIGKILL, kill -9) a child
// process in the middle of heavy recording, three times on the same
// database, and checks after each kill that the database opens cleanly,
// holds every record the child saw committed, whole, and passes SQLite's
// integrity check.
func TestKillDuringLoadLosesNoCommittedRecord(t *testing.T) {
	switch runtime.GOOS {
	case "js", "wasip1", "ios", "android":
		t.Skipf("cannot start a child process on %s", runtime.GOOS)
	}
	path := filepath.Join(t.TempDir(), "history.db")
	var committed []committedRange
	// Each round waits for a different number of committed records, then a
	// random few milliseconds more, so the kill lands at various points of
	// a batch (mid-transaction, between commit and report, during a WAL
	// checkpoint).
	for round, atLeast := range []int64{2000, 3500, 2500} {
		got := runCrashChild(t, path, atLeast)
		t.Logf("round %d: killed after %d reported records in %d batches", round+1, sumCount(got), len(got))
		committed = append(committed, got...)
		checkAfterCrash(t, path, committed)
		if t.Failed() {
			return
		}
	}
}

func sumCount(list []committedRange) int64 {
	var n int64
	for _, c := range list {
		n += c.count
	}
	return n
}

// runCrashChild starts the child on path, waits until it reported at least
// atLeast committed records, kills it and returns what it reported.
func runCrashChild(t *testing.T, path string, atLeast int64) []committedRange {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1", "-test.timeout=60s")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the child: %v", err)
	}
	waited := false
	defer func() {
		if !waited {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}()

	type lineOrErr struct {
		line string
		err  error
	}
	lines := make(chan lineOrErr, 256)
	stop := make(chan struct{}) // the reader's sends give up once closed
	defer close(stop)
	go func() {
		defer close(lines)
		send := func(l lineOrErr) bool {
			select {
			case lines <- l:
				return true
			case <-stop:
				return false
			}
		}
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if !send(lineOrErr{line: sc.Text()}) {
				return
			}
		}
		send(lineOrErr{err: errors.Join(sc.Err(), io.EOF)})
	}()

	var got []committedRange
	var total int64
	timeout := time.NewTimer(10 * time.Second)
	defer timeout.Stop()
	parse := func(l lineOrErr) {
		if l.err != nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			waited = true
			t.Fatalf("the child stopped after %d committed records (%v); stderr:\n%s", total, l.err, stderr.String())
		}
		var c committedRange
		if _, err := fmt.Sscanf(l.line, "committed %d %d %d", &c.first, &c.last, &c.count); err != nil {
			if strings.HasPrefix(l.line, "committed") {
				t.Errorf("child line %q: %v", l.line, err)
			}
			return // go test's own output
		}
		got = append(got, c)
		total += c.count
	}
	for total < atLeast {
		select {
		case l := <-lines:
			parse(l)
		case <-timeout.C:
			t.Fatalf("the child reported %d committed records in 10s, want %d; stderr:\n%s", total, atLeast, stderr.String())
		}
	}
	time.Sleep(time.Duration(rand.IntN(20)) * time.Millisecond)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatalf("kill the child: %v", err)
	}
	// Everything the child wrote before it died is in the pipe: read it all.
	for l := range lines {
		if l.err == nil {
			parse(l)
		}
	}
	err = cmd.Wait()
	waited = true
	var exit *exec.ExitError
	// A process killed by a signal has no exit code (-1) on Unix; Windows
	// gives TerminateProcess's code instead.
	if !errors.As(err, &exit) || exit.Success() || (runtime.GOOS != "windows" && exit.ExitCode() != -1) {
		t.Fatalf("the child ended with %v, want death by SIGKILL; stderr:\n%s", err, stderr.String())
	}
	return got
}

// checkAfterCrash reopens path after a kill and checks every reported
// record, then SQLite's integrity check.
func checkAfterCrash(t *testing.T, path string, committed []committedRange) {
	t.Helper()
	s, err := Open(t.Context(), path, Options{})
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}()
	// Each batch is one transaction of the one writer: its IDs are
	// consecutive, and all of them must be there.
	var ids int64
	for _, c := range committed {
		if c.last-c.first+1 != c.count {
			t.Fatalf("batch %+v: IDs not consecutive", c)
		}
		var n int64
		if err := s.db.QueryRowContext(t.Context(), `SELECT count(*) FROM exchanges WHERE id BETWEEN ? AND ?`, c.first, c.last).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != c.count {
			t.Errorf("batch %d..%d: %d of %d committed records survived the kill", c.first, c.last, n, c.count)
		}
		ids += c.count
	}
	total := mustCount(t, s)
	if total < ids {
		t.Errorf("the database holds %d records, fewer than the %d reported committed", total, ids)
	}
	// Read every reported record back whole: bodies derived from the URL.
	for _, c := range committed {
		for id := c.first; id <= c.last; id++ {
			e, err := s.Get(t.Context(), id)
			if err != nil {
				t.Fatalf("Get(%d): %v", id, err)
			}
			if !bytes.HasPrefix(e.RequestBody, []byte(e.URL)) || !bytes.HasPrefix(e.ResponseBody, []byte(e.URL)) ||
				e.RequestHeaders.Get("Content-Type") != "text/plain" || e.Status != http.StatusOK {
				t.Fatalf("record %d is not whole: url %q, request body %.60q, response body %.60q, status %d",
					id, e.URL, e.RequestBody, e.ResponseBody, e.Status)
			}
		}
	}
	// The store must also still take records after the crash.
	mustRecord(t, s, crashExchange(os.Getpid(), 99, 0))
	mustFlush(t, s)
	if n := mustCount(t, s); n != total+1 {
		t.Errorf("after one more record: %d, want %d", n, total+1)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	db := rawDB(t, path, "")
	defer db.Close()
	var result string
	if err := db.QueryRowContext(t.Context(), "PRAGMA integrity_check").Scan(&result); err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	if result != "ok" {
		t.Errorf("integrity_check after kill: %s", result)
	}
	t.Logf("reopened cleanly: %d records, %d reported committed, integrity ok", total, ids)
}
