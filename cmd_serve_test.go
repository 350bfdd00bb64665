package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"edgeplay/store"
)

// TestLateRecorderRecordsOnceSet checks the recorder serve hands the server
// while the history opens concurrently: nothing is recorded before the
// store is set, everything after.
func TestLateRecorderRecordsOnceSet(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var rec lateRecorder
	if rec.Record(store.Exchange{URL: "/before"}) {
		t.Error("Record before set returned true")
	}
	rec.set(st)
	if !rec.Record(store.Exchange{URL: "/after"}) {
		t.Error("Record after set returned false")
	}
	if err := st.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := st.Stats(); got.Recorded != 1 || got.Dropped != 0 {
		t.Errorf("Stats = %+v, want one recorded", got)
	}
}

// TestServeReportsAHistoryThatCannotOpen checks that the history opening
// alongside the server still stops serve with its error.
func TestServeReportsAHistoryThatCannotOpen(t *testing.T) {
	db := filepath.Join(t.TempDir(), "not-a-db.txt")
	if err := os.WriteFile(db, []byte("plain text, not SQLite, long enough to be checked as a header"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"serve", "--port", "0", "--db", db}, &out, &errOut)
	if code == 0 {
		t.Fatalf("serve exited 0 with a bad history; stdout %q", out.String())
	}
	if !strings.Contains(errOut.String(), "not-a-db.txt") {
		t.Errorf("stderr does not name the history file: %q", errOut.String())
	}
	if strings.Contains(out.String(), "serving") {
		t.Errorf("banner printed although the history failed: %q", out.String())
	}
}
