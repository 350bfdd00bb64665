// Command bench measures Edgeplay's edge server against two references and
// prints one table with ratios and the targets of issue 5 (`make bench`):
//
//   - edgeplay: `edgeplay serve` in its own process, as a user runs it
//     (history recorded, access log written), on a temporary copy of the
//     built-in examples plus the bench's own routes;
//   - floor: a bare Go net/http handler returning the same bytes;
//   - edge-runtime: the edge-runtime npm package (V8) serving the same
//     route files, transpiled by esbuild (bench/edge-runtime).
//
// Load comes from wrk (-t2, or -t1 at one connection), on 127.0.0.1 only;
// every run is bounded in time and every server is started and stopped by
// the bench. It also measures edit → new response, `edgeplay serve` spawn
// → first 200, idle RSS, and memory per warm isolate, and (issue 7, off
// with -history=false, alone with -only-history) the history store's
// recording throughput under load and its query latency at 100 000 rows.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"
)

// config is the bench's command line.
type config struct {
	edgeplay    string
	node        string
	edgeRuntime string
	wrk         string
	duration    time.Duration
	warmup      time.Duration
	conns       []int
	spawns      int
	edits       int
	isolates    int
	cpuProfile  string
	history     bool // measure the history section (issue 7)
	onlyHistory bool // measure and print the history section alone

	isolateMemChild string // internal: measure isolates in this workspace and print JSON
}

func main() {
	var cfg config
	flag.StringVar(&cfg.edgeplay, "edgeplay", "build/bin/edgeplay", "the edgeplay binary (make bench builds it)")
	flag.StringVar(&cfg.node, "node", "node", "the Node.js executable for edge-runtime")
	flag.StringVar(&cfg.edgeRuntime, "edge-runtime-dir", "bench/edge-runtime", "folder with serve.mjs and node_modules/edge-runtime (make bench installs it)")
	flag.StringVar(&cfg.wrk, "wrk", "wrk", "the wrk executable")
	flag.DurationVar(&cfg.duration, "d", 5*time.Second, "duration of each wrk run (whole seconds)")
	flag.DurationVar(&cfg.warmup, "warmup", time.Second, "warm-up load per server and endpoint before its runs")
	flag.IntVar(&cfg.spawns, "spawns", 5, "spawn → first 200 samples")
	flag.IntVar(&cfg.edits, "edits", 20, "edit → new response samples")
	flag.IntVar(&cfg.isolates, "isolates", 16, "isolates warmed to measure memory per isolate")
	flag.StringVar(&cfg.cpuProfile, "cpuprofile", "", "also profile Edgeplay's server in process under wrk -c32 on /api/basic and write the CPU profile here")
	flag.BoolVar(&cfg.history, "history", true, "measure history recording under load and query latency at 100 000 rows (issue 7)")
	flag.BoolVar(&cfg.onlyHistory, "only-history", false, "measure and print the history section only (no edgeplay binary, node or other servers needed)")
	flag.StringVar(&cfg.isolateMemChild, "isolate-mem-child", "", "internal: measure memory per isolate on this workspace and print JSON")
	flag.Parse()
	cfg.conns = []int{1, 32}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.isolateMemChild != "" {
		m, err := measureIsolates(ctx, cfg.isolateMemChild, cfg.isolates)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		_ = json.NewEncoder(os.Stdout).Encode(m)
		return
	}
	if cfg.onlyHistory {
		if err := runHistoryOnly(ctx, cfg, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// server names, in table order.
const (
	srvFloor       = "floor"
	srvEdgeplay    = "edgeplay"
	srvEdgeRuntime = "edge-runtime"
)

var serverOrder = []string{srvFloor, srvEdgeplay, srvEdgeRuntime}

// cellKey identifies one wrk run.
type cellKey struct {
	server   string
	endpoint string
	conns    int
}

// report is everything one run measured; a nil or zero field was not
// measured, and notes say why.
type report struct {
	cells   map[cellKey]*wrkResult
	skipped map[string]string // server → why it has no figures
	edit    []time.Duration
	spawn   []time.Duration
	rssIdle []rss // 0.5 s after the first 200
	rssWarm []rss // after each example route (but the outbound one) answered once
	rssER   rss   // edge-runtime's RSS after the load
	iso     *isolateMem
	hist    *historyReport // nil with -history=false
	notes   []string
	loaded  string
}

func (r *report) notef(format string, args ...any) {
	r.notes = append(r.notes, fmt.Sprintf(format, args...))
}

func run(ctx context.Context, cfg config, out io.Writer) error {
	start := time.Now()
	wrkBin, err := exec.LookPath(cfg.wrk)
	if err != nil {
		return fmt.Errorf("wrk not found (make bench installs the Debian package): %w", err)
	}
	cfg.wrk = wrkBin
	if cfg.edgeplay, err = filepath.Abs(cfg.edgeplay); err != nil {
		return fmt.Errorf("edgeplay binary: %w", err)
	}
	if _, err := os.Stat(cfg.edgeplay); err != nil {
		return fmt.Errorf("edgeplay binary (make bench builds it; or pass -edgeplay): %w", err)
	}
	if cfg.edgeRuntime, err = filepath.Abs(cfg.edgeRuntime); err != nil {
		return fmt.Errorf("edge-runtime folder: %w", err)
	}
	tmp, ws, err := tempWorkspace()
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	rep := &report{cells: map[cellKey]*wrkResult{}, skipped: map[string]string{}, loaded: loadAverage()}

	fmt.Fprintf(out, "Edgeplay bench: %d cores, load average %s at start; wrk %s per run, warm-up %s; all on 127.0.0.1\n",
		runtime.NumCPU(), rep.loaded, cfg.duration, cfg.warmup)

	// Cold start and idle memory first, while nothing else runs.
	fmt.Fprintln(out, "· spawn → first 200 and idle RSS (edgeplay serve, built-in examples)…")
	if err := measureSpawns(ctx, cfg, tmp, rep); err != nil {
		rep.notef("spawn/RSS: %v", err)
	}
	fmt.Fprintln(out, "· memory per warm isolate…")
	if m, err := runIsolateChild(ctx, cfg, ws); err != nil {
		rep.notef("memory per isolate: %v", err)
	} else {
		rep.iso = m
	}

	srvs := &servers{urls: map[string]string{}, procs: map[string]*process{}}
	defer srvs.stop()
	if err := srvs.start(ctx, cfg, tmp, ws, rep); err != nil {
		return err
	}
	urls := srvs.urls
	checkBodies(ctx, urls, rep)

	fmt.Fprintf(out, "· throughput: %d endpoints × %v connections × %d servers…\n", len(endpoints), cfg.conns, len(urls))
	for _, ep := range endpoints {
		for _, name := range serverOrder {
			base, ok := urls[name]
			if !ok || cfg.warmup <= 0 {
				continue
			}
			if _, err := runWrk(ctx, wrkOptions{Bin: cfg.wrk, URL: base + ep.Path, Connections: 32, Duration: cfg.warmup, Headers: ep.Headers}); err != nil {
				rep.notef("warm-up %s %s: %v", name, ep.Name, err)
			}
		}
		for _, c := range cfg.conns {
			for _, name := range serverOrder {
				base, ok := urls[name]
				if !ok {
					continue
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				res, err := runWrk(ctx, wrkOptions{Bin: cfg.wrk, URL: base + ep.Path, Connections: c, Duration: cfg.duration, Headers: ep.Headers})
				if err != nil {
					rep.notef("%s %s c=%d: %v", name, ep.Name, c, err)
					continue
				}
				rep.cells[cellKey{name, ep.Name, c}] = &res
			}
		}
	}
	if p, ok := srvs.procs[srvEdgeRuntime]; ok {
		if m, err := rssOf(p.pid()); err == nil {
			rep.rssER = m
		}
	}

	if base, ok := urls[srvEdgeplay]; ok {
		fmt.Fprintf(out, "· edit → new response (%d samples)…\n", cfg.edits)
		if err := measureEdits(ctx, base, ws, cfg.edits, rep); err != nil {
			rep.notef("edit → response: %v", err)
		}
	}
	srvs.stop()

	if cfg.history {
		rep.hist = measureHistory(ctx, cfg.wrk, cfg.duration, cfg.warmup, tmp, ws, historyRows, out)
	}
	if cfg.cpuProfile != "" {
		fmt.Fprintf(out, "· CPU profile of the in-process server under wrk -c32 /api/basic…\n")
		if err := profileInProcess(ctx, cfg, tmp, ws); err != nil {
			rep.notef("profile: %v", err)
		} else {
			rep.notef("CPU profile of the in-process server written to %s (go tool pprof -top %s)", cfg.cpuProfile, cfg.cpuProfile)
		}
	}
	printReport(out, cfg, rep, time.Since(start))
	return nil
}

// servers are the three servers of the load runs: their base URLs, the
// processes among them, and how to stop each.
type servers struct {
	urls  map[string]string
	procs map[string]*process
	stops []func()
}

// stop ends whatever was started, last first.
func (s *servers) stop() {
	for i := len(s.stops) - 1; i >= 0; i-- {
		s.stops[i]()
	}
	s.stops = nil
	clear(s.procs)
	clear(s.urls)
}

// start starts the three servers. A server that cannot start is left out
// and noted, except Edgeplay, whose failure is fatal.
func (s *servers) start(ctx context.Context, cfg config, tmp, ws string, rep *report) error {
	// The floor.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("floor server: %w", err)
	}
	floor := &http.Server{Handler: floorHandler(), ReadHeaderTimeout: 10 * time.Second}
	floorDone := make(chan struct{})
	go func() { defer close(floorDone); _ = floor.Serve(ln) }()
	s.stops = append(s.stops, func() { _ = floor.Close(); <-floorDone })
	s.urls[srvFloor] = "http://" + ln.Addr().String()

	// Edgeplay, as a user runs it.
	port, err := freePort()
	if err != nil {
		return err
	}
	p, err := startProcess(srvEdgeplay, cfg.edgeplay, []string{"serve", ws, "--port", fmt.Sprint(port), "--db", filepath.Join(tmp, "bench-history.db")}, tmp)
	if err != nil {
		return err
	}
	s.stops = append(s.stops, p.stop)
	s.procs[srvEdgeplay] = p
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := waitFor200(ctx, p, base+"/api/basic", 30*time.Second); err != nil {
		return fmt.Errorf("edgeplay serve: %w", err)
	}
	s.urls[srvEdgeplay] = base

	if err := s.startEdgeRuntime(ctx, cfg, tmp, ws); err != nil {
		rep.skipped[srvEdgeRuntime] = err.Error()
	}
	return nil
}

// startEdgeRuntime serves the endpoints' route files with the edge-runtime
// package in Node.js.
func (s *servers) startEdgeRuntime(ctx context.Context, cfg config, tmp, ws string) error {
	if _, err := os.Stat(filepath.Join(cfg.edgeRuntime, "node_modules", "edge-runtime", "package.json")); err != nil {
		return fmt.Errorf("not installed (make bench runs npm ci in %s)", cfg.edgeRuntime)
	}
	node, err := exec.LookPath(cfg.node)
	if err != nil {
		return fmt.Errorf("node not found: %w", err)
	}
	script, err := edgeRuntimeScript(ws)
	if err != nil {
		return err
	}
	scriptFile := filepath.Join(tmp, "edge-runtime-handlers.js")
	if err := os.WriteFile(scriptFile, []byte(script), 0o644); err != nil {
		return fmt.Errorf("edge-runtime script: %w", err)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	p, err := startProcess(srvEdgeRuntime, node, []string{filepath.Join(cfg.edgeRuntime, "serve.mjs"), scriptFile, fmt.Sprint(port)}, cfg.edgeRuntime)
	if err != nil {
		return err
	}
	s.stops = append(s.stops, p.stop)
	s.procs[srvEdgeRuntime] = p
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := waitFor200(ctx, p, base+"/api/basic", 30*time.Second); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	s.urls[srvEdgeRuntime] = base
	return nil
}

// checkBodies makes sure every server answers every endpoint with the same
// bytes before anything is timed; a server that does not is noted.
func checkBodies(ctx context.Context, urls map[string]string, rep *report) {
	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	for _, name := range serverOrder {
		base, ok := urls[name]
		if !ok {
			continue
		}
		for _, ep := range endpoints {
			status, body, err := get(ctx, client, base+ep.Path, ep.Headers)
			switch {
			case err != nil:
				rep.notef("%s %s: %v", name, ep.Name, err)
			case status != http.StatusOK:
				rep.notef("%s %s answered %d: %.200q", name, ep.Name, status, body)
			case string(body) != string(ep.Body()):
				rep.notef("%s %s answered other bytes (%d bytes: %.80q)", name, ep.Name, len(body), body)
			}
		}
	}
}

// floorHandler answers the endpoints' bytes as directly as Go can.
func floorHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/basic", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		io.WriteString(w, "Hello world!")
	})
	mux.HandleFunc("/api/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"name":"Jim Halpert"}`)
	})
	mux.HandleFunc("/api/query-parameters", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		io.WriteString(w, r.URL.Query().Get("email"))
	})
	mux.HandleFunc("/api/cookies", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		if c, err := r.Cookie("session"); err == nil {
			io.WriteString(w, c.Value)
			return
		}
		io.WriteString(w, "no session")
	})
	chunk := make([]byte, streamChunk)
	for i := range chunk {
		chunk[i] = 'a'
	}
	mux.HandleFunc("/api/stream", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		f, _ := w.(http.Flusher)
		for range streamChunks {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			if f != nil {
				f.Flush()
			}
		}
	})
	return mux
}

// loadAverage returns the 1, 5 and 15 minute load averages (Linux), or "?".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	var a, b5, c float64
	if _, err := fmt.Sscanf(string(b), "%f %f %f", &a, &b5, &c); err != nil {
		return "?"
	}
	return fmt.Sprintf("%.2f %.2f %.2f", a, b5, c)
}

// runIsolateChild measures memory per isolate in a fresh process of this
// program, so the figures hold nothing of the bench's own allocations.
func runIsolateChild(ctx context.Context, cfg config, ws string) (*isolateMem, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find the bench executable: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, "-isolate-mem-child", ws, "-isolates", fmt.Sprint(cfg.isolates))
	cmd.SysProcAttr = childAttr()
	var stderr headWriter
	stderr.max = 4 << 10
	cmd.Stderr = &stderr
	outb, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("child: %w: %s", err, stderr.String())
	}
	var m isolateMem
	if err := json.Unmarshal(outb, &m); err != nil {
		return nil, fmt.Errorf("child output %q: %w", outb, err)
	}
	return &m, nil
}

// tempWorkspace makes a temporary folder with the bench workspace in it;
// the caller removes tmp.
func tempWorkspace() (tmp, ws string, err error) {
	tmp, err = os.MkdirTemp("", "edgeplay-bench-")
	if err != nil {
		return "", "", fmt.Errorf("temporary folder: %w", err)
	}
	ws = filepath.Join(tmp, "ws")
	if err := writeWorkspace(ws); err != nil {
		os.RemoveAll(tmp)
		return "", "", err
	}
	return tmp, ws, nil
}
