package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// waitForHistory waits until the history holds n exchanges.
func waitForHistory(t *testing.T, app *App, n int) HistoryPage {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if err := app.hist.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		page, err := app.SearchHistory(HistoryQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) >= n {
			return page
		}
		if time.Now().After(deadline) {
			t.Fatalf("history has %d exchanges, want %d", len(page.Items), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestAppHistorySearchReplayDiff: the window's history tools end to end
// on the built-in examples: search with filters, inspect the record's
// params and timings, replay with a link to the original, diff two
// exchanges, curl and HAR export, HAR import, delete and clear.
func TestAppHistorySearchReplayDiff(t *testing.T) {
	app := newTestApp(t)
	for _, p := range []string{"/api/query-parameters?email=a%40b.c", "/api/json", "/api/nope"} {
		if _, err := app.Send(SendRequest{Method: "GET", Path: p}); err != nil {
			t.Fatal(err)
		}
	}
	page := waitForHistory(t, app, 3)
	if page.Status.Count != 3 || page.Status.Dropped != 0 || page.Status.MaxExchanges != 100_000 {
		t.Errorf("status %+v", page.Status)
	}
	if routes, err := app.HistoryRoutes(); err != nil || strings.Join(routes, ",") != "/api/json,/api/query-parameters" {
		t.Errorf("routes: %v %v", routes, err)
	}
	found, err := app.SearchHistory(HistoryQuery{Status: "4xx"})
	if err != nil || len(found.Items) != 1 || !strings.HasSuffix(found.Items[0].URL, "/api/nope") {
		t.Fatalf("4xx search: %+v %v", found.Items, err)
	}
	if _, err := app.SearchHistory(HistoryQuery{Status: "9xx"}); err == nil {
		t.Error("a bad status filter was accepted")
	}
	byText, err := app.SearchHistory(HistoryQuery{Text: "a@b.c"})
	if err != nil || len(byText.Items) != 1 {
		t.Fatalf("text search: %+v %v", byText.Items, err)
	}
	query := byText.Items[0]
	detail, err := app.Exchange(query.ID)
	if err != nil || detail.Response.Text != "a@b.c" || detail.FirstByteMs <= 0 || detail.FirstByteMs > detail.DurationMs || detail.HandlerStartMs <= 0 {
		t.Fatalf("detail: %+v %v", detail, err)
	}

	results, err := app.Replay([]int64{query.ID})
	if err != nil || len(results) != 1 || results[0].Status != 200 || !results[0].Diff.Same || results[0].NewID == 0 {
		t.Fatalf("replay: %+v %v", results, err)
	}
	replayed, err := app.Exchange(results[0].NewID)
	if err != nil || replayed.ReplayOf != query.ID {
		t.Fatalf("replay record: %+v %v", replayed.ExchangeSummary, err)
	}
	json := page.Items[1] // /api/json, newest first: nope, json, query
	d, err := app.DiffExchanges(query.ID, json.ID)
	if err != nil || d.Response.Same || d.Request.URL == nil {
		t.Fatalf("diff: %+v %v", d, err)
	}

	cmds, err := app.CurlCommands([]int64{query.ID})
	if err != nil || !strings.Contains(cmds, "curl ") || !strings.Contains(cmds, "/api/query-parameters?email=a%40b.c") {
		t.Errorf("curl: %q %v", cmds, err)
	}
	harPath := filepath.Join(t.TempDir(), "x.har")
	if err := app.exportHARTo(harPath, []int64{query.ID, json.ID}); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(harPath); err != nil || !strings.Contains(string(data), `"version": "1.2"`) && !strings.Contains(string(data), `"version":"1.2"`) {
		t.Fatalf("HAR file: %v %.200s", err, data)
	}
	if n, err := app.importHARFrom(harPath); err != nil || n != 2 {
		t.Fatalf("import: %d %v", n, err)
	}
	waitForHistory(t, app, 6)

	if n, err := app.DeleteExchanges([]int64{query.ID}); err != nil || n != 1 {
		t.Errorf("delete: %d %v", n, err)
	}
	if st, err := app.SetHistorySettings(HistorySettings{MaxExchanges: 2}); err != nil || st.Count != 2 || st.MaxExchanges != 2 {
		t.Errorf("settings: %+v %v", st, err)
	}
	if s := app.loadSettings(); s.History == nil || s.History.MaxExchanges != 2 {
		t.Errorf("settings not saved: %+v", s)
	}
	if err := app.ClearHistory(); err != nil {
		t.Fatal(err)
	}
	if st, err := app.VacuumHistory(); err != nil || st.Count != 0 {
		t.Errorf("after clear: %+v %v", st, err)
	}
}

// TestViewBodyOfACutCharacter: a text body the store's cap cut inside a
// character still shows as text; a binary one stays binary.
func TestViewBodyOfACutCharacter(t *testing.T) {
	cut := []byte(`{"name":"Zoë`)[:11] // the cap fell inside "ë"
	if v := viewBody("application/json", cut, 40, true); v.Binary || v.Text != `{"name":"Zo` || v.Size != 40 || !v.Truncated {
		t.Errorf("cut text: %+v", v)
	}
	if v := viewBody("application/octet-stream", []byte{0, 1, 2}, 3, false); !v.Binary || v.Base64 != "AAEC" {
		t.Errorf("binary: %+v", v)
	}
}

// TestOpeningAWorkspaceKeepsOtherSettings: switching workspaces saves the
// last workspace without losing the history bounds the user set.
func TestOpeningAWorkspaceKeepsOtherSettings(t *testing.T) {
	app := newTestApp(t)
	if _, err := app.SetHistorySettings(HistorySettings{MaxExchanges: 7, MaxDays: 3}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.OpenBuiltinWorkspace(); err != nil {
		t.Fatal(err)
	}
	if s := app.loadSettings(); s.History == nil || s.History.MaxExchanges != 7 || s.History.MaxDays != 3 {
		t.Errorf("settings after opening a workspace: %+v", s)
	}
}
