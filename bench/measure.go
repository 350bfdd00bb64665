package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"time"

	"edgeplay/runtime/server"
	"edgeplay/runtime/workspace"
	"edgeplay/store"
)

// warmRoutes are the example routes requested once before the "warm" idle
// RSS is read: every example but forwarding-headers, whose handler fetches
// a host on the internet.
var warmRoutes = []string{"/api/basic", "/api/json", "/api/query-parameters?email=jim@dundermifflin.com", "/api/cache-control", "/api/regions"}

// measureSpawns starts `edgeplay serve` (the built-in examples, as a user
// runs it) cfg.spawns times: the time from exec to the first 200 on
// /api/basic, the RSS right then (idle), and the RSS after every example
// route answered once and a second of quiet (warm).
func measureSpawns(ctx context.Context, cfg config, tmp string, rep *report) error {
	db := filepath.Join(tmp, "spawn-history.db") // created by the first spawn, reused after, as on a user's machine
	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	for i := 0; i < cfg.spawns; i++ {
		port, err := freePort()
		if err != nil {
			return err
		}
		base := fmt.Sprintf("http://127.0.0.1:%d", port)
		t0 := time.Now()
		p, err := startProcess("edgeplay serve", cfg.edgeplay, []string{"serve", "--port", fmt.Sprint(port), "--db", db}, tmp)
		if err != nil {
			return err
		}
		err = waitFor200(ctx, p, base+"/api/basic", 30*time.Second)
		elapsed := time.Since(t0)
		if err != nil {
			p.stop()
			return err
		}
		rep.spawn = append(rep.spawn, elapsed)
		time.Sleep(500 * time.Millisecond)
		if m, err := rssOf(p.pid()); err == nil {
			rep.rssIdle = append(rep.rssIdle, m)
		}
		for _, path := range warmRoutes {
			if status, _, err := get(ctx, client, base+path, nil); err != nil || status != http.StatusOK {
				rep.notef("spawn %d: %s answered %d (%v)", i, path, status, err)
			}
		}
		client.CloseIdleConnections()
		time.Sleep(time.Second)
		if m, err := rssOf(p.pid()); err == nil {
			rep.rssWarm = append(rep.rssWarm, m)
		}
		p.stop()
	}
	return nil
}

// measureEdits rewrites the edit route n times and times each from the
// write to the first response with the new body, polling as fast as one
// client can (keep-alive, no pause).
func measureEdits(ctx context.Context, base, ws string, n int, rep *report) error {
	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	url := base + "/api/edit"
	for i := 1; i <= n; i++ {
		time.Sleep(100 * time.Millisecond) // let the previous version settle
		want := editBody(i)
		t0 := time.Now()
		if err := rewriteRoute(ws, "pages/api/edit.ts", editRoute(i)); err != nil {
			return err
		}
		deadline := t0.Add(10 * time.Second)
		for {
			_, body, err := get(ctx, client, url, nil)
			if err == nil && string(body) == want {
				rep.edit = append(rep.edit, time.Since(t0))
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("sample %d: %q did not appear within 10s (last: %.80q, %v)", i, want, body, err)
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	return nil
}

// isolateMem is memory per warm isolate, measured in a process of its own:
// Go's live heap and the RSS after one isolate of the hold route and after
// Isolates of them.
type isolateMem struct {
	Isolates  int   `json:"isolates"`
	HeapOne   int64 `json:"heapOne"`
	HeapAll   int64 `json:"heapAll"`
	RSSOne    int64 `json:"rssOne"`
	RSSAll    int64 `json:"rssAll"`
	HeapStart int64 `json:"heapStart"` // routes built, no isolate yet
}

// HeapPer is the live Go heap each isolate past the first adds.
func (m isolateMem) HeapPer() float64 {
	return float64(m.HeapAll-m.HeapOne) / float64(max(m.Isolates-1, 1))
}

// RSSPer is the RSS each isolate past the first adds.
func (m isolateMem) RSSPer() float64 {
	return float64(m.RSSAll-m.RSSOne) / float64(max(m.Isolates-1, 1))
}

// measureIsolates runs Edgeplay's server in this process on ws with a pool
// of n isolates per route, warms one isolate of the hold route, then n at
// once (each request holds its isolate 300 ms, so the pool must start n),
// and reads the heap and RSS after each step.
func measureIsolates(ctx context.Context, ws string, n int) (isolateMem, error) {
	m := isolateMem{Isolates: n}
	if n < 2 {
		return m, errors.New("need at least 2 isolates")
	}
	w, err := workspace.Open(ws)
	if err != nil {
		return m, fmt.Errorf("open workspace: %w", err)
	}
	srv, err := server.New(server.Options{Workspace: w, PoolSize: n})
	if err != nil {
		return m, fmt.Errorf("start server: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return m, fmt.Errorf("listen: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	runDone := make(chan error, 1)
	go func() { runDone <- srv.Run(ctx, ln, 0) }()
	defer func() { cancel(); <-runDone }()

	url := "http://" + ln.Addr().String() + "/api/hold"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n}, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	measure := func() (heap, total int64, err error) {
		runtime.GC()
		debug.FreeOSMemory()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		m, err := rssOf(os.Getpid())
		return int64(ms.HeapAlloc), m.Total, err
	}
	if m.HeapStart, _, err = measure(); err != nil {
		return m, err
	}
	hold := func(k int) error {
		var wg sync.WaitGroup
		errs := make([]error, k)
		for i := range k {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status, body, err := get(ctx, client, url, nil)
				if err == nil && (status != http.StatusOK || string(body) != "held") {
					err = fmt.Errorf("hold route answered %d %.80q", status, body)
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		return errors.Join(errs...)
	}
	if err := hold(1); err != nil {
		return m, err
	}
	if m.HeapOne, m.RSSOne, err = measure(); err != nil {
		return m, err
	}
	if err := hold(n); err != nil {
		return m, err
	}
	if m.HeapAll, m.RSSAll, err = measure(); err != nil {
		return m, err
	}
	return m, nil
}

// profileInProcess runs Edgeplay's server in this process with serve's
// settings (history recorded, access log written) and profiles its CPU
// under wrk -c32 on /api/basic for cfg.duration.
func profileInProcess(ctx context.Context, cfg config, tmp, ws string) (err error) {
	w, err := workspace.Open(ws)
	if err != nil {
		return fmt.Errorf("open workspace: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	hist, err := store.Open(ctx, filepath.Join(tmp, "profile-history.db"), store.Options{})
	if err != nil {
		return err
	}
	defer hist.Close()
	srv, err := server.New(server.Options{Workspace: w, Recorder: hist, AccessLog: io.Discard})
	if err != nil {
		return fmt.Errorf("start server: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	runDone := make(chan error, 1)
	go func() { runDone <- srv.Run(ctx, ln, 0) }()
	defer func() { cancel(); <-runDone }()
	url := "http://" + ln.Addr().String() + "/api/basic"
	if _, err := runWrk(ctx, wrkOptions{Bin: cfg.wrk, URL: url, Connections: 32, Duration: cfg.warmup}); err != nil {
		return err
	}
	f, err := os.Create(cfg.cpuProfile)
	if err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("profile: %w", cerr)
		}
	}()
	if err := pprof.StartCPUProfile(f); err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	_, err = runWrk(ctx, wrkOptions{Bin: cfg.wrk, URL: url, Connections: 32, Duration: cfg.duration})
	pprof.StopCPUProfile()
	return err
}
