package server

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"edgeplay/store"
)

// TestWrkHistoryLoad puts wrk's load on /api/basic with history on (or
// off with EDGEPLAY_WRK=nohistory), for profiling the recording path with
// go test's -cpuprofile. It runs only when EDGEPLAY_WRK is set.
func TestWrkHistoryLoad(t *testing.T) {
	mode := os.Getenv("EDGEPLAY_WRK")
	if mode == "" {
		t.Skip("set EDGEPLAY_WRK=history or EDGEPLAY_WRK=nohistory to run")
	}
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		t.Skip("wrk not installed")
	}
	var opts Options
	var st *store.Store
	if mode == "history" {
		st, err = store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer func() {
			stats := st.Stats()
			if err := st.Close(); err != nil {
				t.Error(err)
			}
			t.Logf("history: %+v", stats)
		}()
		opts.Recorder = st
	}
	dir := examplesDir(t)
	// 1 MiB streamed in 64 KiB chunks, as make bench's stream route.
	writeFile(t, dir, "pages/api/stream.ts", `export const config = { runtime: 'edge' }
const chunk = new Uint8Array(65536).fill(97)
export default function handler() {
  let sent = 0
  return new Response(new ReadableStream({
    pull(c) { if (sent++ < 16) c.enqueue(chunk); else c.close() },
  }))
}
`)
	path := os.Getenv("EDGEPLAY_WRK_PATH")
	if path == "" {
		path = "/api/basic"
	}
	ts := startServer(t, dir, opts)
	for _, d := range []string{"1s", "5s"} {
		out, err := exec.Command(wrk, "-t2", "-c32", "-d"+d, ts.URL+path).CombinedOutput()
		if err != nil {
			t.Fatalf("wrk: %v\n%s", err, out)
		}
		if d != "1s" {
			t.Logf("%s\n%s", mode, out)
		}
	}
}
