package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"edgeplay/runtime/server"
	"edgeplay/runtime/workspace"
	"edgeplay/store"
)

// seedHistoryDB writes a few exchanges to a new history file.
func seedHistoryDB(t *testing.T, list ...store.Exchange) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "history.db")
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		if !st.Record(e) {
			t.Fatal("not recorded")
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestHistoryCommandFilters: the flags select as issue 7's CLI says.
func TestHistoryCommandFilters(t *testing.T) {
	now := time.Now()
	db := seedHistoryDB(t,
		store.Exchange{Start: now.Add(-3 * time.Hour), Method: "GET", URL: "http://h/api/old", Route: "/api/old", Status: 200},
		store.Exchange{Start: now.Add(-2 * time.Minute), Method: "POST", URL: "http://h/api/users/1", Route: "/api/users/[id]", Status: 201, RequestBody: []byte("Dwight")},
		store.Exchange{Start: now.Add(-time.Minute), Method: "GET", URL: "http://h/api/boom", Route: "/api/boom", Status: 500, Error: "Error: boom\n    at x"},
	)
	for _, tc := range []struct {
		args []string
		want []string // URLs, newest first
	}{
		{[]string{"--status", "5xx"}, []string{"http://h/api/boom"}},
		{[]string{"--status", "201"}, []string{"http://h/api/users/1"}},
		{[]string{"--route", "/api/users/[id]"}, []string{"http://h/api/users/1"}},
		{[]string{"--since", "1h"}, []string{"http://h/api/boom", "http://h/api/users/1"}},
		{[]string{"--text", "dwight"}, []string{"http://h/api/users/1"}},
		{[]string{"--errors"}, []string{"http://h/api/boom"}},
		{[]string{"--method", "get", "--limit", "1"}, []string{"http://h/api/boom"}},
	} {
		var out bytes.Buffer
		if err := cmdHistory(context.Background(), append([]string{"--db", db, "--json"}, tc.args...), &out, io.Discard); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			if line == "" {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("%v: %q is not JSON", tc.args, line)
			}
			got = append(got, m["url"].(string))
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%v: %v, want %v", tc.args, got, tc.want)
		}
	}
	var out bytes.Buffer
	if err := cmdHistory(context.Background(), []string{"--db", db, "--errors"}, &out, io.Discard); err != nil || !strings.Contains(out.String(), "! Error: boom") {
		t.Errorf("table shows the error's first line: %q %v", out.String(), err)
	}
}

// TestExportImportCommands: export --har then import into another history
// gives the same exchanges; --curl prints a command per exchange; bad
// input names the problem.
func TestExportImportCommands(t *testing.T) {
	src := seedHistoryDB(t,
		store.Exchange{Start: time.Unix(1700000000, 5), Method: "POST", URL: "http://127.0.0.1:3000/api/echo", Route: "/api/echo", Status: 200,
			RequestHeaders: map[string][]string{"Content-Type": {"application/json"}}, RequestBody: []byte(`{"a":1}`), ResponseBody: []byte{0, 1, 2}},
		store.Exchange{Start: time.Unix(1700000001, 0), Method: "GET", URL: "http://127.0.0.1:3000/api/boom", Status: 500, Error: "Error: boom"},
	)
	harFile := filepath.Join(t.TempDir(), "out.har")
	var out bytes.Buffer
	if err := cmdExport(context.Background(), []string{"--db", src, "--har", harFile}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2 exchanges written to") {
		t.Errorf("export said %q", out.String())
	}
	dst := filepath.Join(t.TempDir(), "imported.db")
	out.Reset()
	if err := cmdImport(context.Background(), []string{"--db", dst, harFile}, &out, io.Discard); err != nil || !strings.Contains(out.String(), "2 exchanges imported") {
		t.Fatalf("import: %v %q", err, out.String())
	}
	st, err := store.Open(context.Background(), dst, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.Recent(context.Background(), 10)
	if err != nil || len(got) != 2 {
		t.Fatalf("imported %d exchanges, %v", len(got), err)
	}
	if got[1].Method != "POST" || string(got[1].RequestBody) != `{"a":1}` || !bytes.Equal(got[1].ResponseBody, []byte{0, 1, 2}) || !got[1].Start.Equal(time.Unix(1700000000, 5)) || got[0].Error != "Error: boom" {
		t.Errorf("imported: %+v", got)
	}

	out.Reset()
	if err := cmdExport(context.Background(), []string{"--db", src, "--curl", "--status", "5xx"}, &out, io.Discard); err != nil || !strings.Contains(out.String(), "curl 'http://127.0.0.1:3000/api/boom'") || strings.Contains(out.String(), "/api/echo") {
		t.Errorf("curl export: %v %q", err, out.String())
	}
	bad := filepath.Join(t.TempDir(), "bad.har")
	if err := os.WriteFile(bad, []byte(`{"log":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := cmdImport(context.Background(), []string{"--db", dst, bad}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "bad.har") || !strings.Contains(err.Error(), "log.entries") {
		t.Errorf("bad HAR: %v", err)
	}
	if err := cmdExport(context.Background(), []string{"--db", src}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "exactly one of --har FILE and --curl") {
		t.Errorf("no format: %v", err)
	}
}

// replayRecorder keeps what the server records during a replay test.
type replayRecorder struct {
	mu   sync.Mutex
	list []store.Exchange
}

func (r *replayRecorder) Record(e store.Exchange) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.list = append(r.list, e)
	return true
}

// TestReplayCommand: replay re-sends a recorded request to a running
// server, which records it linked to the original, and reports what
// changed against the recorded answer.
func TestReplayCommand(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "pages", "api"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "export const config = { runtime: 'edge' }\nexport default async (req: Request) => Response.json({ fixed: true, got: await req.text(), q: new URL(req.url).searchParams.get('q') })\n"
	if err := os.WriteFile(filepath.Join(dir, "pages", "api", "echo.ts"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec := &replayRecorder{}
	srv, err := server.New(server.Options{Workspace: ws, Recorder: rec})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()

	db := seedHistoryDB(t, store.Exchange{Start: time.Now(), Method: "POST", URL: "http://127.0.0.1:9/api/echo?q=1", Route: "/api/echo", Status: 500,
		RequestHeaders: map[string][]string{"Content-Type": {"text/plain"}, "Content-Length": {"5"}}, RequestBody: []byte("hello"),
		ResponseHeaders: map[string][]string{"Content-Type": {"application/json"}}, ResponseBody: []byte(`{"fixed":false,"got":"hello","q":"1"}`)})
	var out bytes.Buffer
	if err := cmdReplay(context.Background(), []string{"--db", db, "--to", ts.URL, "--diff", "1"}, &out, io.Discard); err != nil {
		t.Fatalf("replay: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{"1  POST " + ts.URL + "/api/echo?q=1 → 200", "status 500 → 200", "changed /fixed: false → true"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.list) != 1 || rec.list[0].ReplayOf != 1 || string(rec.list[0].RequestBody) != "hello" {
		t.Errorf("server recorded %+v", rec.list)
	}
	if err := cmdReplay(context.Background(), []string{"--db", db, "--to", "ftp://x", "1"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "--to") {
		t.Errorf("bad --to: %v", err)
	}
}

// TestHistoryListsPastOnePage: --limit above a page lists across pages,
// and a cut list says so; IDs and filters together are refused.
func TestHistoryListsPastOnePage(t *testing.T) {
	list := make([]store.Exchange, 1205)
	for i := range list {
		list[i] = store.Exchange{Start: time.Unix(1700000000, int64(i)), Method: "GET", URL: "http://h/" + strconv.Itoa(i), Status: 200}
	}
	db := seedHistoryDB(t, list...)
	var out bytes.Buffer
	if err := cmdHistory(context.Background(), []string{"--db", db, "--json", "--limit", "1100"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n"); n != 1100 {
		t.Errorf("%d lines, want 1100", n)
	}
	out.Reset()
	if err := cmdHistory(context.Background(), []string{"--db", db, "--limit", "1204"}, &out, io.Discard); err != nil || !strings.Contains(out.String(), "… more") {
		t.Errorf("cut list: %v %q", err, out.String()[max(0, out.Len()-100):])
	}
	if err := cmdExport(context.Background(), []string{"--db", db, "--curl", "--status", "200", "5"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "IDs or filters, not both") {
		t.Errorf("IDs and filters: %v", err)
	}
}
