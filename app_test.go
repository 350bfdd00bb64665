package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func newTestApp(t *testing.T) *App {
	t.Helper()
	dir := t.TempDir()
	app, err := NewApp(context.Background(), appConfig{
		ConfigDir: filepath.Join(dir, "config"),
		DBPath:    filepath.Join(dir, "history.db"),
		Port:      freePort(t),
	}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.shutdown)
	return app
}

func TestAppServesAndRecordsTheBuiltinExamples(t *testing.T) {
	app := newTestApp(t)
	state, err := app.State()
	if err != nil {
		t.Fatal(err)
	}
	if !state.Workspace.Builtin || len(state.Routes) != 6 || state.Mode != "production" {
		t.Fatalf("state = %+v", state)
	}
	res, err := app.Send(SendRequest{Method: "GET", Path: "/api/query-parameters?email=a%40b.c"})
	if err != nil || res.Status != 200 || res.Body != "a@b.c" || res.Binary {
		t.Fatalf("send = %+v, %v", res, err)
	}
	// R-RT-6: the CPU time the handler used comes with the result, for
	// the window to show beside the limit.
	if res.CPUMs == nil || *res.CPUMs <= 0 || *res.CPUMs > 10_000 {
		t.Errorf("cpuMs = %v", res.CPUMs)
	}
	// The window's request lands in the same history as curl's.
	deadline := time.Now().Add(5 * time.Second)
	for {
		page, err := app.SearchHistory(HistoryQuery{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		list := page.Items
		if len(list) == 1 && list[0].Route == "/api/query-parameters" && list[0].Status == 200 {
			detail, err := app.Exchange(list[0].ID)
			if err != nil || detail.ResponseBody != "a@b.c" || detail.CPUMs <= 0 {
				t.Fatalf("detail = %+v, %v", detail, err)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("history = %+v", list)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestAppSaveRecompilesAndReportsProblems(t *testing.T) {
	app := newTestApp(t)
	info, err := app.SaveFile("pages/api/basic.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response('saved'\n")
	if err != nil {
		t.Fatal(err)
	}
	if info.Status != "build-error" || len(info.Problems) == 0 || info.Problems[0].Line != 3 {
		t.Fatalf("route after a broken save = %+v", info)
	}
	if res, _ := app.Send(SendRequest{Path: "/api/basic"}); res.Status != 500 || !strings.Contains(res.Body, "pages/api/basic.ts:3") {
		t.Errorf("broken route answered %d %q", res.Status, res.Body)
	}
	if _, err := app.SaveFile("pages/api/basic.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response('saved')\n"); err != nil {
		t.Fatal(err)
	}
	if res, _ := app.Send(SendRequest{Path: "/api/basic"}); res.Status != 200 || res.Body != "saved" {
		t.Errorf("fixed route answered %d %q", res.Status, res.Body)
	}
	if _, err := app.SaveFile("../outside.ts", "x"); err == nil {
		t.Error("SaveFile wrote outside the workspace")
	}
	if _, err := app.ReadFile("/etc/passwd"); err == nil {
		t.Error("ReadFile read outside the workspace")
	}
}

func TestAppNewRoute(t *testing.T) {
	app := newTestApp(t)
	info, err := app.NewRoute("users/[id]")
	if err != nil {
		t.Fatal(err)
	}
	if info.Pattern != "/api/users/[id]" || info.Status != "ok" {
		t.Fatalf("new route = %+v", info)
	}
	res, _ := app.Send(SendRequest{Path: "/api/users/7?name=Ada"})
	if res.Status != 200 || res.Body != `{"hello":"Ada","path":"/api/users/7"}` {
		t.Errorf("template route answered %d %q", res.Status, res.Body)
	}
	if _, err := app.NewRoute("users/[id]"); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("duplicate route: %v", err)
	}
	if _, err := app.NewRoute("../x"); err == nil {
		t.Error("accepted a route name that leaves the workspace")
	}
}

func TestAppRemembersTheLastWorkspace(t *testing.T) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "project")
	if err := os.MkdirAll(filepath.Join(ws, "pages", "api"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "pages", "api", "hi.ts"), []byte("export const config = { runtime: 'edge' }\nexport default () => new Response('hi')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := appConfig{ConfigDir: filepath.Join(dir, "config"), DBPath: filepath.Join(dir, "h.db"), Port: freePort(t)}
	first, err := NewApp(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.OpenWorkspace(ws); err != nil {
		t.Fatal(err)
	}
	first.shutdown()
	second, err := NewApp(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer second.shutdown()
	state, _ := second.State()
	if state.Workspace.Dir != ws || len(state.Routes) != 1 {
		t.Errorf("reopened %+v", state.Workspace)
	}
}

func TestAppSendShowsTheErrorBehindAProduction500(t *testing.T) {
	// R-HANDLER-4: the client gets Next's page; the window's response pane gets the error.
	app := newTestApp(t)
	if _, err := app.SaveFile("pages/api/basic.ts", "export const config = { runtime: 'edge' }\n\nexport default () => {\n  throw new Error('kaput')\n}\n"); err != nil {
		t.Fatal(err)
	}
	res, err := app.Send(SendRequest{Path: "/api/basic"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 500 || strings.Contains(res.Body, "kaput") {
		t.Errorf("production page leaked the error or wrong status: %d %q", res.Status, res.Body)
	}
	if !strings.Contains(res.Error, "Error: kaput") || !strings.Contains(res.Error, "pages/api/basic.ts:4") {
		t.Errorf("response pane error = %q", res.Error)
	}
}

// TestAppTypeDeclarations: the editor gets next/server's declarations and
// the Edge Runtime's globals (frontend/test/editor-types.test.mjs checks
// what they accept and refuse).
func TestAppTypeDeclarations(t *testing.T) {
	decls := (&App{}).TypeDeclarations()
	for name, want := range map[string]string{"next-server.d.ts": "declare module 'next/server'", "edge-runtime.d.ts": "declare const EdgeRuntime"} {
		if !strings.Contains(decls[name], want) {
			t.Errorf("%s lacks %q", name, want)
		}
	}
}
