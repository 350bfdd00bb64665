package server

import (
	"net/http"
	"runtime"
	"testing"
	"time"

	"edgeplay/examples"
	"edgeplay/runtime/isolate"
	"edgeplay/runtime/workspace"
)

// BenchmarkNewExamples measures server startup: building every route of the
// built-in workspace (the bulk of `edgeplay serve`'s spawn → first 200).
func BenchmarkNewExamples(b *testing.B) {
	dir := b.TempDir()
	if err := examples.Extract(dir, true); err != nil {
		b.Fatal(err)
	}
	ws, err := workspace.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		srv, err := New(Options{Workspace: ws})
		if err != nil {
			b.Fatal(err)
		}
		srv.Close()
	}
}

// BenchmarkBuildRoutes measures building every route of the built-in
// workspace with an engine already made.
func BenchmarkBuildRoutes(b *testing.B) {
	dir := b.TempDir()
	if err := examples.Extract(dir, true); err != nil {
		b.Fatal(err)
	}
	ws, err := workspace.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	eng, err := isolate.NewEngine()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		srv, err := New(Options{Workspace: ws, Engine: eng})
		if err != nil {
			b.Fatal(err)
		}
		srv.Close()
	}
}

// TestRoutesBuildInParallel checks that New builds routes concurrently: two
// builds must be under way at once before either may finish.
func TestRoutesBuildInParallel(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("needs GOMAXPROCS >= 2")
	}
	dir := examplesDir(t)
	ws, err := workspace.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	entered := make(chan string, 16)
	release := make(chan struct{})
	done := make(chan error, 1)
	var srv *Server
	go func() {
		var err error
		srv, err = New(Options{Workspace: ws, compileHook: func(file string) {
			entered <- file
			<-release
		}})
		done <- err
	}()
	for i := range 2 {
		select {
		case <-entered:
		case <-time.After(10 * time.Second):
			close(release)
			<-done
			t.Fatalf("only %d route build(s) started at once", i)
		}
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	infos := srv.Routes()
	if len(infos) < 2 {
		t.Fatalf("routes = %d, want several", len(infos))
	}
	for _, info := range infos {
		if info.Status != StatusOK && info.Status != StatusNodeRuntime {
			t.Errorf("%s: status %s %v", info.Pattern, info.Status, info.Problems)
		}
	}
}

// TestServesEveryRouteAfterParallelBuild serves each example route once
// after the parallel startup build (pools are created with the engine that
// was compiled concurrently).
func TestServesEveryRouteAfterParallelBuild(t *testing.T) {
	ts := startServer(t, examplesDir(t), Options{})
	for _, path := range []string{"/api/basic", "/api/json", "/api/cache-control", "/api/query-parameters?email=a@b.c"} {
		res, body := get(t, ts.URL+path, nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d %q", path, res.StatusCode, body)
		}
	}
}
