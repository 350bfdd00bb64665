// Command bench measures Edgeplay's edge server against the floor — a bare
// Go net/http handler returning the same bytes — and prints requests/s,
// p50/p99 latency and their ratios from one run (`make bench`). All traffic
// stays on 127.0.0.1; each measurement is bounded in time.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"edgeplay/examples"
	"edgeplay/runtime/server"
	"edgeplay/runtime/workspace"
	"edgeplay/store"
)

type result struct {
	requests int64
	errors   int64
	elapsed  time.Duration
	p50, p99 time.Duration
}

func (r result) rps() float64 { return float64(r.requests) / r.elapsed.Seconds() }

func main() {
	duration := flag.Duration("duration", 3*time.Second, "how long each case runs")
	conc := flag.Int("c", 16, "concurrent connections")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}

	dir, err := os.MkdirTemp("", "edgeplay-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := examples.Extract(filepath.Join(dir, "ws"), true); err != nil {
		log.Fatal(err)
	}
	ws, err := workspace.Open(filepath.Join(dir, "ws"))
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hist, err := store.Open(ctx, filepath.Join(dir, "history.db"), store.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer hist.Close()
	srv, err := server.New(server.Options{Workspace: ws, Recorder: hist, PoolSize: 4})
	if err != nil {
		log.Fatal(err)
	}
	edgeURL := serve(ctx, func(ln net.Listener) { _ = srv.Run(ctx, ln, 0) })
	bareURL := serve(ctx, func(ln net.Listener) { _ = http.Serve(ln, bareHandler()) })

	cases := []string{"/api/basic", "/api/json"}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "case\tserver\treq/s\tp50\tp99\terrors\t\n")
	for _, path := range cases {
		bare := load(bareURL+path, *conc, *duration)
		edge := load(edgeURL+path, *conc, *duration)
		fmt.Fprintf(tw, "%s\tbare net/http\t%.0f\t%s\t%s\t%d\t\n", path, bare.rps(), bare.p50, bare.p99, bare.errors)
		fmt.Fprintf(tw, "%s\tedgeplay\t%.0f\t%s\t%s\t%d\t\n", path, edge.rps(), edge.p50, edge.p99, edge.errors)
		fmt.Fprintf(tw, "%s\tratio edgeplay/bare\t%.3f\t%.2fx\t%.2fx\t\t\n", path, edge.rps()/bare.rps(),
			float64(edge.p50)/float64(bare.p50), float64(edge.p99)/float64(bare.p99))
	}
	tw.Flush()
	fmt.Printf("(%d connections, %s per case, %d cores; history recording on; ratio req/s: higher is better, latency: lower is better)\n", *conc, *duration, runtime.NumCPU())
}

func serve(ctx context.Context, run func(net.Listener)) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go run(ln)
	go func() { <-ctx.Done(); ln.Close() }()
	return "http://" + ln.Addr().String()
}

// bareHandler returns the same bytes as the examples, as fast as Go can.
func bareHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/basic", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		io.WriteString(w, "Hello world!")
	})
	mux.HandleFunc("/api/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"name":"Jim Halpert"}`)
	})
	return mux
}

// load sends GETs from conc workers for d and reports throughput and latency.
func load(url string, conc int, d time.Duration) result {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc}, Timeout: 10 * time.Second}
	// Warm up isolates and connections.
	for i := 0; i < conc; i++ {
		if res, err := client.Get(url); err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
	}
	var (
		mu       sync.Mutex
		lat      []time.Duration
		count    atomic.Int64
		errCount atomic.Int64
		wg       sync.WaitGroup
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 4096)
			for time.Now().Before(deadline) {
				t0 := time.Now()
				res, err := client.Get(url)
				if err != nil {
					errCount.Add(1)
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					errCount.Add(1)
				}
				local = append(local, time.Since(t0))
				count.Add(1)
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	client.CloseIdleConnections()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[int(float64(len(lat)-1)*p)].Round(time.Microsecond)
	}
	return result{requests: count.Load(), errors: errCount.Load(), elapsed: elapsed, p50: pct(0.50), p99: pct(0.99)}
}
