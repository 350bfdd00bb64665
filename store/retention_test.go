package store

import (
	"fmt"
	"os"
	"slices"
	"testing"
	"time"
)

// TestRetentionByCount: the newest MaxExchanges are kept; the writer
// prunes the rest in the background and counts them.
func TestRetentionByCount(t *testing.T) {
	s, _ := openTest(t, Options{Retention: Retention{MaxExchanges: 5, Interval: time.Nanosecond}, BatchSize: 4})
	for i := range 12 {
		mustRecord(t, s, Exchange{Start: t0.Add(time.Duration(i) * time.Second), Method: "GET", URL: fmt.Sprintf("/%d", i)})
	}
	mustFlush(t, s)
	if _, err := s.prune(t.Context(), time.Now()); err != nil { // the last batch's turn
		t.Fatal(err)
	}
	page, err := s.Search(t.Context(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := urlsOf(page); len(got) != 5 || got[0] != "/11" || got[4] != "/7" {
		t.Errorf("kept %v, want /11 … /7", got)
	}
	if st := s.Stats(); st.Pruned != 7 {
		t.Errorf("Pruned = %d, want 7", st.Pruned)
	}
}

// TestRetentionByAge: exchanges recorded longer ago than MaxAge go; an
// exchange that happened long ago but was recorded (imported) recently
// stays; records from before schema v4 are judged by their start.
func TestRetentionByAge(t *testing.T) {
	now := time.Now()
	s, _ := openTest(t, Options{Retention: Retention{MaxAge: 24 * time.Hour, Interval: time.Hour}})
	mustRecord(t, s, Exchange{Start: now.Add(-48 * time.Hour), Method: "GET", URL: "/recorded-long-ago"})
	mustRecord(t, s, Exchange{Start: now.Add(-48 * time.Hour), Method: "GET", URL: "/imported-today"})
	mustRecord(t, s, Exchange{Start: now.Add(-48 * time.Hour), Method: "GET", URL: "/before-v4"})
	mustRecord(t, s, Exchange{Start: now.Add(-time.Hour), Method: "GET", URL: "/new"})
	mustFlush(t, s)
	if _, err := s.db.Exec(`UPDATE exchanges SET recorded_ns = ? WHERE url = '/recorded-long-ago'`, now.Add(-47*time.Hour).UnixNano()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`UPDATE exchanges SET recorded_ns = 0 WHERE url = '/before-v4'`); err != nil {
		t.Fatal(err)
	}
	n, err := s.prune(t.Context(), now)
	if err != nil || n != 2 {
		t.Fatalf("prune: %d %v", n, err)
	}
	page, _ := s.Search(t.Context(), Filter{})
	if got := urlsOf(page); !slices.Equal(got, []string{"/new", "/imported-today"}) {
		t.Errorf("kept %v", got)
	}
}

// TestImportCountsNoDrops: Import waits rather than drop, leaves room for
// live records, and counts nothing as dropped.
func TestImportCountsNoDrops(t *testing.T) {
	s, _ := openTest(t, Options{QueueSize: 16})
	list := make([]Exchange, 500)
	for i := range list {
		list[i] = Exchange{Start: t0.Add(time.Duration(i)), Method: "GET", URL: fmt.Sprintf("/%d", i), ResponseBody: []byte("x")}
	}
	if err := s.Import(t.Context(), list); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Count(t.Context()); c != 500 {
		t.Errorf("%d imported, want 500", c)
	}
	if st := s.Stats(); st.Dropped != 0 || st.Recorded != 500 {
		t.Errorf("stats %+v", st)
	}
}

// TestDeleteClearAndVacuum: selected exchanges go, then all; VACUUM gives
// the space back.
func TestDeleteClearAndVacuum(t *testing.T) {
	s, path := openTest(t, Options{})
	big := make([]byte, 512<<10)
	for i := range 8 {
		mustRecord(t, s, Exchange{Start: t0.Add(time.Duration(i)), Method: "GET", URL: fmt.Sprintf("/%d", i), ResponseBody: big})
	}
	mustFlush(t, s)
	page, _ := s.Search(t.Context(), Filter{})
	n, err := s.Delete(t.Context(), page.Items[0].ID, page.Items[1].ID, 99999)
	if err != nil || n != 2 {
		t.Fatalf("Delete: %d %v", n, err)
	}
	if c, _ := s.Count(t.Context()); c != 6 {
		t.Errorf("after Delete: %d exchanges", c)
	}
	if err := s.DeleteAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Count(t.Context()); c != 0 {
		t.Errorf("after DeleteAll: %d exchanges", c)
	}
	before, _ := os.Stat(path)
	if err := s.Vacuum(t.Context()); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(path)
	if after.Size() >= before.Size() || after.Size() > 1<<20 {
		t.Errorf("file %d bytes before VACUUM, %d after", before.Size(), after.Size())
	}
}

// TestSetRetention: bounds changed at run time apply at the next prune.
func TestSetRetention(t *testing.T) {
	s, _ := openTest(t, Options{})
	for i := range 6 {
		mustRecord(t, s, Exchange{Start: t0.Add(time.Duration(i) * time.Second), Method: "GET", URL: fmt.Sprintf("/%d", i)})
	}
	mustFlush(t, s)
	if n, err := s.Prune(t.Context()); err != nil || n != 0 {
		t.Fatalf("no bounds: pruned %d, %v", n, err)
	}
	s.SetRetention(Retention{MaxExchanges: 2})
	if got := s.Retention(); got.MaxExchanges != 2 {
		t.Errorf("Retention() = %+v", got)
	}
	if n, err := s.Prune(t.Context()); err != nil || n != 4 {
		t.Fatalf("pruned %d, %v; want 4", n, err)
	}
}
