package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"edgeplay/examples"
	"edgeplay/runtime/bundle"
	"edgeplay/runtime/netsim"
	"edgeplay/runtime/server"
	"edgeplay/runtime/workspace"
	"edgeplay/store"
)

// parseFlags parses a command's flags, allowing positional arguments before
// and after them ("serve DIR --port 3000" as well as "serve --port 3000 DIR").
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, errUsage // the flag package already printed what is wrong
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// parseDirArgs parses flags around at most one positional argument, the
// workspace directory ("" when absent), printing the usage for more.
func parseDirArgs(fs *flag.FlagSet, args []string) (string, error) {
	pos, err := parseFlags(fs, args)
	if err != nil {
		return "", err
	}
	if len(pos) > 1 {
		fs.Usage()
		return "", errUsage
	}
	if len(pos) == 1 {
		return pos[0], nil
	}
	return "", nil
}

// openWorkspace opens dir, or extracts the built-in examples to a temporary
// directory when dir is empty; cleanup removes what was extracted.
func openWorkspace(dir string) (ws *workspace.Workspace, builtin bool, cleanup func(), err error) {
	cleanup = func() {}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "edgeplay-examples-")
		if err != nil {
			return nil, false, cleanup, fmt.Errorf("extract built-in examples: %w", err)
		}
		cleanup = func() { os.RemoveAll(tmp) }
		if err := examples.Extract(tmp, true); err != nil {
			cleanup()
			return nil, false, func() {}, err
		}
		dir, builtin = tmp, true
	}
	ws, err = workspace.Open(dir)
	if err != nil {
		cleanup()
		return nil, false, func() {}, err
	}
	return ws, builtin, cleanup, nil
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	port := fs.Int("port", 3000, "TCP port on 127.0.0.1 (0 picks a free one)")
	mode := fs.String("mode", "production", "production or development (R-MODE-1)")
	dbPath := fs.String("db", "", "history database (default: the user config directory's edgeplay/history.db)")
	noHistory := fs.Bool("no-history", false, "do not record exchanges")
	verbose := fs.Bool("verbose", false, "log builds and console output")
	isolates := fs.Int("isolates", 0, "most isolates per route, 1-64 (default: edgeplay.json's \"isolates\", else 2)")
	cpuLimit := fs.Duration("cpu-limit", 0, "JavaScript time per request, e.g. 2s (default: edgeplay.json's \"cpuLimit\", else 10s; R-RT-6)")
	keep := fs.Int("keep", store.DefaultRetention.MaxExchanges, "history: keep at most this many exchanges (0: no bound)")
	keepDays := fs.Int("keep-days", int(store.DefaultRetention.MaxAge/(24*time.Hour)), "history: keep exchanges at most this many days (0: no bound)")
	maxBody := fs.Int("max-stored-body", store.DefaultMaxBodyBytes, "history: store at most this many bytes of each body (longer ones are marked truncated, with their full size)")
	vercel := fs.Bool("vercel", false, "simulate Vercel's platform: regions, the platform's headers, the CDN cache (see /_edgeplay/)")
	cdn := fs.Bool("cdn", false, "the same as --vercel: the CDN cache needs the regions it runs in")
	clientLoc := fs.String("client-location", "", "with --vercel: where requests come from, a city, a region id or LAT,LON (default: the home region's city)")
	dataLoc := fs.String("data-location", "", "with --vercel: where the handlers' data lives, a region id, a city or LAT,LON (default: the home region)")
	feel := fs.Bool("feel-distance", false, "with --vercel: apply the simulated network time as real delay")
	origins := originFlag{}
	fs.Var(origins, "origin", "map an outbound origin for fetch, FROM=TO (repeatable; added to edgeplay.json's \"origins\"), e.g. https://api.example.com=http://127.0.0.1:9000")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: edgeplay serve [DIR] [--port N] [--mode production|development] [--db PATH] [--no-history] [--isolates N] [--cpu-limit D] [--origin FROM=TO]... [--keep N] [--keep-days D] [--max-stored-body BYTES] [--vercel [--client-location L] [--data-location L] [--feel-distance]]")
		fs.PrintDefaults()
	}
	dir, err := parseDirArgs(fs, args)
	if err != nil {
		return err
	}
	if *maxBody < 1024 || *maxBody > 64<<20 {
		return fmt.Errorf("--max-stored-body: %d is not between 1024 and %d bytes", *maxBody, 64<<20)
	}
	if *keep < 0 || *keepDays < 0 {
		return fmt.Errorf("--keep and --keep-days must not be negative (0 keeps everything)")
	}
	retention := store.Retention{MaxExchanges: *keep, MaxAge: time.Duration(*keepDays) * 24 * time.Hour}
	platform, err := platformOptions(*vercel || *cdn, *clientLoc, *dataLoc)
	if err != nil {
		return err
	}
	if *feel {
		if platform == nil {
			return errors.New("--feel-distance needs --vercel (the Vercel simulation)")
		}
		platform.FeelDistance = true
	}
	m, err := bundle.ParseMode(*mode)
	if err != nil {
		return fmt.Errorf("--mode: %w", err)
	}
	if *isolates < 0 || *isolates > 64 {
		return fmt.Errorf("--isolates: %d is not a number of isolates per route from 1 to 64", *isolates)
	}
	if *cpuLimit != 0 && (*cpuLimit < 10*time.Millisecond || *cpuLimit > 5*time.Minute) {
		return fmt.Errorf("--cpu-limit: %s is not between 10ms and 5m", *cpuLimit)
	}
	ws, builtin, cleanup, err := openWorkspace(dir)
	if err != nil {
		return err
	}
	defer cleanup()
	for from, to := range origins {
		ws.Config.Origins[from] = to
	}

	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	// The history opens while the server builds its routes and engine
	// (startup's critical path); a recorder that defers to it until it is
	// open lets the server be created first.
	var hist *store.Store
	var histErr error
	histDone := make(chan struct{})
	if *noHistory {
		close(histDone)
	} else {
		path := *dbPath
		if path == "" {
			if path, err = store.DefaultPath(); err != nil {
				return err
			}
		}
		go func() {
			defer close(histDone)
			hist, histErr = store.Open(ctx, path, store.Options{Logger: logger, Retention: retention, MaxBodyBytes: *maxBody})
		}()
	}
	rec := &lateRecorder{}
	var recorder server.Recorder // nil with --no-history: no records are built
	if !*noHistory {
		recorder = rec
	}
	srv, err := server.New(server.Options{Workspace: ws, Mode: m, Recorder: recorder, AccessLog: stdout, Logger: logger,
		PoolSize: *isolates, CPULimit: *cpuLimit, RecordBodyBytes: *maxBody, Platform: platform})
	<-histDone
	if hist != nil {
		defer hist.Close()
		rec.set(hist)
	}
	if err != nil || histErr != nil {
		if srv != nil {
			srv.Close()
		}
		return errors.Join(histErr, err)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		return fmt.Errorf("listen on 127.0.0.1:%d: %w (use --port to pick another, or --port 0 for any free port)", *port, err)
	}
	base := "http://" + ln.Addr().String()
	name := ws.Dir
	if builtin {
		name = "built-in examples"
	}
	fmt.Fprintf(stdout, "Edgeplay %s serving %s in %s mode at %s\n", version, name, m, base)
	if platform != nil {
		client := netsim.HomePlace(netsim.HomeRegion)
		if platform.Client != nil {
			client = *platform.Client
		}
		fmt.Fprintf(stdout, "Vercel simulation on: clients in %s, home region %s, CDN cache per region; control API at %s%s\n", client.Label(), netsim.HomeRegion, base, server.ControlPrefix)
	} else {
		fmt.Fprintf(stdout, "local mode, as next start (no regions, no CDN cache: --vercel turns them on)\n")
	}
	if hist != nil {
		fmt.Fprintf(stdout, "history: %s\n", dbDisplay(*dbPath))
	}
	printRoutes(stdout, srv.Routes(), base)
	return srv.Run(ctx, ln, 500*time.Millisecond)
}

// lateRecorder is a server.Recorder whose store is set after the server
// is created; until then (and with --no-history) it records nothing. The
// server serves no request before the store is set.
type lateRecorder struct {
	st atomic.Pointer[store.Store]
}

func (l *lateRecorder) set(st *store.Store) { l.st.Store(st) }

// Record hands e to the store once it is set, never blocking.
func (l *lateRecorder) Record(e store.Exchange) bool {
	if st := l.st.Load(); st != nil {
		return st.Record(e)
	}
	return false
}

func dbDisplay(p string) string {
	if p != "" {
		return p
	}
	d, err := store.DefaultPath()
	if err != nil {
		return "(default)"
	}
	return d
}

// platformOptions are the Vercel simulation's settings from serve's flags;
// nil when it is off (then the locations must not be given).
func platformOptions(on bool, client, data string) (*server.PlatformOptions, error) {
	if !on {
		if client != "" || data != "" {
			return nil, errors.New("--client-location and --data-location need --vercel (the Vercel simulation)")
		}
		return nil, nil
	}
	opts := &server.PlatformOptions{}
	if client != "" {
		p, err := netsim.ParseLocation(client)
		if err != nil {
			return nil, fmt.Errorf("--client-location: %w", err)
		}
		opts.Client = &p
	}
	if data != "" {
		d, err := netsim.ParseDataSource(data)
		if err != nil {
			return nil, fmt.Errorf("--data-location: %w", err)
		}
		opts.Data = &d
	}
	return opts, nil
}

// originFlag collects --origin FROM=TO mappings, normalised as edgeplay.json's
// "origins" are, so a script can point a handler's backend at a stub whose
// port it chose at run time.
type originFlag map[string]string

// String lists the mappings as FROM=TO, sorted (flag.Value).
func (o originFlag) String() string {
	pairs := make([]string, 0, len(o))
	for from, to := range o {
		pairs = append(pairs, from+"="+to)
	}
	sort.Strings(pairs)
	return strings.Join(pairs, ",")
}

// Set adds one FROM=TO mapping, both sides normalised (flag.Value).
func (o originFlag) Set(v string) error {
	from, to, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("%q is not FROM=TO, e.g. https://api.example.com=http://127.0.0.1:9000", v)
	}
	f, err := workspace.NormalizeOrigin(from)
	if err != nil {
		return err
	}
	t, err := workspace.NormalizeOrigin(to)
	if err != nil {
		return err
	}
	o[f] = t
	return nil
}
