package main

import (
	"bytes"
	"context"
	"io"
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

// TestServeRejectsBadLimits: out-of-range --isolates and --cpu-limit are
// refused with the flag and the accepted range, before anything starts.
func TestServeRejectsBadLimits(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--isolates", "99"}, "--isolates: 99 is not a number of isolates per route from 1 to 64"},
		{[]string{"--cpu-limit", "1ms"}, "--cpu-limit: 1ms is not between 10ms and 5m"},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		err := cmdServe(context.Background(), tt.args, io.Discard, &stderr)
		if err == nil || err.Error() != tt.want {
			t.Errorf("serve %v: %v, want %q", tt.args, err, tt.want)
		}
	}
}
