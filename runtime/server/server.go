// Package server is Edgeplay's embedded edge server: it serves a
// workspace's API routes over HTTP on 127.0.0.1, compiling each route with
// runtime/bundle, running it in runtime/isolate pools, reloading on edits,
// and handing every exchange to a recorder off the request path.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"edgeplay/runtime/bundle"
	"edgeplay/runtime/isolate"
	"edgeplay/runtime/routes"
	"edgeplay/runtime/workspace"
	"edgeplay/store"
)

// Recorder receives one record per exchange. Record must not block.
type Recorder interface {
	Record(store.Exchange) bool
}

// Options configure a Server.
type Options struct {
	// Workspace is the project to serve.
	Workspace *workspace.Workspace
	// RecordBodyBytes is how much of a streamed response body a record
	// keeps (0: store.DefaultMaxBodyBytes); match the store's MaxBodyBytes.
	RecordBodyBytes int
	// Platform turns on the Vercel platform simulation (platform.go);
	// nil serves as `next start` does.
	Platform *PlatformOptions
	// Mode is production (default) or development (R-MODE-1).
	Mode bundle.Mode
	// Engine is the shared JavaScript engine; when nil, New creates one
	// while it bundles the routes (creating it is most of startup's cost).
	Engine *isolate.Engine
	// Recorder stores exchanges (optional).
	Recorder Recorder
	// AccessLog gets one line per request: method, path, status, duration (optional).
	AccessLog io.Writer
	// Logger receives handler errors and reload events (optional).
	Logger *slog.Logger
	// PoolSize is the most isolates per route (default: the workspace's
	// "isolates" setting, else 2).
	PoolSize int
	// CPULimit bounds the JavaScript time of a request (default: the
	// workspace's "cpuLimit", else isolate.DefaultCPULimit; R-RT-6).
	CPULimit time.Duration
	// Timeout bounds the time to the response head (default 25 s, R-RT-6).
	Timeout time.Duration
	// MaxDuration bounds a response, a streamed one included, from the
	// request's arrival to its last chunk, for routes whose config sets no
	// maxDuration (default 25 s, R-RT-6).
	MaxDuration time.Duration
	// Transport is the base transport of outbound fetches (default: a clone of http.DefaultTransport).
	Transport http.RoundTripper
	// OnRoutesChanged is called after a reload changed the route table or a build (optional).
	OnRoutesChanged func([]RouteInfo)
	// OnExchange is called after each response with the client's address
	// (host:port), so a client of its own can find what the server saw of
	// its request, e.g. the error behind a production 500 page (optional).
	OnExchange func(clientAddr string, e store.Exchange)

	// compileHook, when set, is called as each route's build starts (tests).
	compileHook func(file string)
}

// MaxRequestBody is the Edge Runtime's request body limit (R-RT-6: 4.5 MB).
const MaxRequestBody = 4_500_000

// payloadTooLarge is the message of a request body past MaxRequestBody.
const payloadTooLarge = "FUNCTION_PAYLOAD_TOO_LARGE: the request body exceeds the Edge Runtime's limit of 4500000 bytes (R-RT-6)"

// Server serves one workspace.
type Server struct {
	opts      Options
	transport *originMap

	refreshMu sync.Mutex // serialises Refresh: scan and swap happen as one step
	mu        sync.Mutex // guards table swaps and entries
	table     atomic.Pointer[routes.Table]
	entries   map[string]*entry // by route file

	// env holds the values of the workspace's environment files (R-RT-4);
	// envKey identifies them, so that a change rebuilds every route's
	// isolates; envErr is the last failure to read them.
	env    atomic.Pointer[map[string]string]
	envKey string
	envErr atomic.Pointer[error]

	// platform is the Vercel simulation, nil when it is off.
	platform *platform

	// nextConfig is the workspace's next.config.* as last read statically
	// (trailingSlash, env: R-ROUTE-4, R-RT-4); nextConfigStamp identifies
	// the version read, so that an unchanged file is not parsed again.
	nextConfig      atomic.Pointer[bundle.NextConfig]
	nextConfigStamp string

	// engineReady is closed once engine and engineErr are set: New
	// creates the engine on its own goroutine, concurrently with the
	// routes' bundling, and only pool creation waits for it.
	engineReady chan struct{}
	engine      *isolate.Engine
	engineErr   error
}

// entry is one route with its current compiled state.
type entry struct {
	route routes.Route
	build sync.Mutex // serialises rebuilds of this route
	state atomic.Pointer[compiled]
}

// compiled is an immutable snapshot of a route's build; an edit swaps in a
// new one, and requests in flight finish on the old.
type compiled struct {
	result *bundle.Result
	pool   *isolate.Pool // nil unless the route is a runnable edge route
	stamps []stamp
}

// stamp identifies one input file's version.
type stamp struct {
	path string
	mod  time.Time
	size int64
}

// RouteInfo describes a route for the route table (CLI and window).
type RouteInfo struct {
	Pattern  string           `json:"pattern"`
	File     string           `json:"file"`
	Runtime  string           `json:"runtime"`
	Regions  []string         `json:"regions"`
	Params   []string         `json:"params"`
	Status   string           `json:"status"`
	Problems []bundle.Problem `json:"problems"`
	Version  string           `json:"version"`
	// CodeSize is the compiled code gzip'd and CodeSizeLimit the plan's
	// limit for it, in bytes (R-RT-6), shown side by side.
	CodeSize      int `json:"codeSize"`
	CodeSizeLimit int `json:"codeSizeLimit"`
	// Limits are the other limits its requests run under.
	Limits RouteLimits `json:"limits"`
}

// RouteLimits are the limits of R-RT-6 as they apply to one route, shown
// beside what a request measured. Durations are in milliseconds.
type RouteLimits struct {
	// FirstByteMs bounds the time to the response head (25 s).
	FirstByteMs int64 `json:"firstByteMs"`
	// MaxDurationMs bounds the whole response, streaming included (the
	// route's config.maxDuration, else 25 s).
	MaxDurationMs int64 `json:"maxDurationMs"`
	// CPUMs bounds a request's JavaScript time (Edgeplay's own limit).
	CPUMs int64 `json:"cpuMs"`
	// MemoryBytes bounds an isolate's heap growth while serving (128 MB).
	MemoryBytes int64 `json:"memoryBytes"`
	// RequestBodyBytes bounds the request body (4.5 MB).
	RequestBodyBytes int64 `json:"requestBodyBytes"`
	// Isolates is how many isolates serve the route at once.
	Isolates int `json:"isolates"`
}

// Route statuses.
const (
	StatusOK          = "ok"
	StatusBuildError  = "build-error"
	StatusNodeRuntime = "node-runtime"
)

// New builds every route of the workspace and returns a server ready to serve.
func New(opts Options) (*Server, error) {
	if opts.Workspace == nil {
		return nil, errors.New("server: no workspace")
	}
	if opts.Mode == "" {
		opts.Mode = bundle.Production
	}
	if opts.RecordBodyBytes <= 0 {
		opts.RecordBodyBytes = store.DefaultMaxBodyBytes
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.PoolSize <= 0 {
		opts.PoolSize = opts.Workspace.Config.Isolates
	}
	if opts.PoolSize <= 0 {
		opts.PoolSize = 2
	}
	if opts.CPULimit <= 0 {
		opts.CPULimit = opts.Workspace.Config.CPULimit
	}
	base := opts.Transport
	if base == nil {
		base = http.DefaultTransport.(*http.Transport).Clone()
	}
	s := &Server{
		opts:      opts,
		transport: &originMap{base: base, origins: opts.Workspace.Config.Origins},
		entries:   map[string]*entry{},

		engineReady: make(chan struct{}),
	}
	if opts.Platform != nil {
		p, err := newPlatform(s, *opts.Platform, opts.Workspace.Config)
		if err != nil {
			return nil, err
		}
		s.platform = p
	}
	if opts.Engine != nil {
		s.engine = opts.Engine
		close(s.engineReady)
	} else {
		// Compiling the Web API globals and next/server takes longer than
		// bundling every route of a typical workspace: do both at once.
		go func() {
			defer close(s.engineReady)
			s.engine, s.engineErr = isolate.NewEngine()
		}()
	}
	noEnv := map[string]string{}
	s.env.Store(&noEnv)
	s.nextConfig.Store(&bundle.NextConfig{})
	_, err := s.Refresh()
	// Wait for the engine in every case, so that no goroutine outlives New.
	if _, eerr := s.engineOf(); eerr != nil {
		err = errors.Join(err, fmt.Errorf("server: create the JavaScript engine: %w", eerr))
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// engineOf waits until the engine is created and returns it.
func (s *Server) engineOf() (*isolate.Engine, error) {
	<-s.engineReady
	return s.engine, s.engineErr
}

// Mode returns the server's mode.
func (s *Server) Mode() bundle.Mode { return s.opts.Mode }

// Workspace returns the served workspace.
func (s *Server) Workspace() *workspace.Workspace { return s.opts.Workspace }

// Refresh rescans the route table and rebuilds routes whose files changed.
// It reports whether anything changed.
func (s *Server) Refresh() (bool, error) {
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	ws := s.opts.Workspace
	apiDir := filepath.ToSlash(filepath.Join(ws.PagesDir, "api"))
	fsys := os.DirFS(ws.Dir)
	pages, err := routes.Scan(fsys, apiDir)
	if err != nil {
		return false, fmt.Errorf("refresh routes: %w", err)
	}
	app, err := routes.ScanApp(fsys, ws.AppDir)
	if err != nil {
		return false, fmt.Errorf("refresh routes: %w", err)
	}
	table := routes.Merge(pages, app)
	s.mu.Lock()
	changed := false
	old := s.table.Load()
	if old == nil || !sameRoutes(old, table) {
		changed = true
	}
	next := map[string]*entry{}
	for _, r := range table.Routes {
		e, ok := s.entries[r.File]
		if !ok || e.route.Pattern != r.Pattern {
			e = &entry{route: r}
		}
		next[r.File] = e
	}
	for file, e := range s.entries {
		if _, keep := next[file]; !keep {
			if c := e.state.Load(); c != nil && c.pool != nil {
				c.pool.Close()
			}
		}
	}
	s.entries = next
	s.table.Store(table)
	entries := make([]*entry, 0, len(next))
	for _, e := range next {
		entries = append(entries, e)
	}
	s.mu.Unlock()

	envChanged := s.loadEnv()
	inlinedChanged, configChanged := s.loadNextConfig()
	if s.refreshAll(entries, envChanged || inlinedChanged) || configChanged {
		changed = true
	}
	if changed && s.opts.OnRoutesChanged != nil {
		s.opts.OnRoutesChanged(s.Routes())
	}
	return changed, nil
}

// refreshAll brings every entry up to date, building stale ones in
// parallel on at most GOMAXPROCS goroutines (esbuild's Build and goja's
// Compile are safe to call concurrently; each entry's own lock serialises
// its builds). It reports whether any entry was rebuilt.
func (s *Server) refreshAll(entries []*entry, force bool) bool {
	// The poller calls this twice a second: check the stamps here, so
	// that an unchanged workspace starts no goroutine.
	if !force {
		var todo []*entry
		for _, e := range entries {
			if c := e.state.Load(); c == nil || stale(c.stamps, true) {
				todo = append(todo, e)
			}
		}
		entries = todo
	}
	workers := min(runtime.GOMAXPROCS(0), len(entries))
	if workers <= 1 {
		changed := false
		for _, e := range entries {
			if s.ensureFresh(e, true, force) {
				changed = true
			}
		}
		return changed
	}
	var (
		next    atomic.Int64
		changed atomic.Bool
		wg      sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(entries) {
					return
				}
				if s.ensureFresh(entries[i], true, force) {
					changed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	return changed.Load()
}

// loadEnv reads the environment files; it reports whether their values
// changed. A malformed file keeps the previous values and is reported on
// every route. Called with refreshMu held.
func (s *Server) loadEnv() bool {
	env, err := s.opts.Workspace.LoadEnv(string(s.opts.Mode))
	if err != nil {
		s.envErr.Store(&err)
		s.opts.Logger.Warn("environment files not loaded", "err", err)
		return false
	}
	s.envErr.Store(nil)
	keys := make([]string, 0, len(env))
	for k, v := range env {
		keys = append(keys, k+"="+v)
	}
	sort.Strings(keys)
	key := strings.Join(keys, "\x00")
	if key == s.envKey {
		return false
	}
	s.envKey = key
	s.env.Store(&env)
	return true
}

// loadNextConfig reads next.config.* again when it changed. It reports
// whether the values inlined into builds (env) changed, so that every route
// is rebuilt, and whether anything in it changed. Called with refreshMu held.
func (s *Server) loadNextConfig() (inlinedChanged, changed bool) {
	dir := s.opts.Workspace.Dir
	var stamp strings.Builder
	for _, name := range bundle.NextConfigFiles {
		if st, err := os.Stat(filepath.Join(dir, name)); err == nil {
			fmt.Fprintf(&stamp, "%s %d %d;", name, st.ModTime().UnixNano(), st.Size())
		}
	}
	if stamp.String() == s.nextConfigStamp {
		return false, false
	}
	s.nextConfigStamp = stamp.String()
	next := bundle.ReadNextConfig(dir)
	prev := s.nextConfig.Load()
	s.nextConfig.Store(&next)
	if next.Skipped != "" {
		s.opts.Logger.Warn("next.config not read", "reason", next.Skipped)
	}
	return !maps.Equal(prev.Env, next.Env), true
}

func sameRoutes(a, b *routes.Table) bool {
	if len(a.Routes) != len(b.Routes) || !slices.Equal(a.Conflicts, b.Conflicts) {
		return false
	}
	for i := range a.Routes {
		if a.Routes[i].File != b.Routes[i].File || a.Routes[i].Pattern != b.Routes[i].Pattern {
			return false
		}
	}
	return true
}

// ensureFresh rebuilds e when any of its inputs changed since its last
// build, and reports whether it rebuilt. On the request path (all false) it
// checks only the workspace's own files; the poller also checks packages
// under node_modules.
func (s *Server) ensureFresh(e *entry, all, force bool) bool {
	if c := e.state.Load(); c != nil && !force && !stale(c.stamps, all) {
		return false
	}
	e.build.Lock()
	defer e.build.Unlock()
	c := e.state.Load()
	if c != nil && !force && !stale(c.stamps, all) {
		return false
	}
	next := s.compile(e.route, c, !force)
	e.state.Store(next)
	if c != nil && c.pool != nil && c.pool != next.pool {
		c.pool.Close()
	}
	s.opts.Logger.Info("route built", "route", e.route.Pattern, "file", e.route.File, "version", next.result.Hash)
	return true
}

// Rebuild forces a rebuild of the route defined by file (workspace-relative)
// and rescans the table; it returns the route's new info.
func (s *Server) Rebuild(file string) (RouteInfo, error) {
	if _, err := s.Refresh(); err != nil {
		return RouteInfo{}, err
	}
	for _, info := range s.Routes() {
		if info.File == file {
			return info, nil
		}
	}
	return RouteInfo{}, fmt.Errorf("%s is not an API route (a .js, .jsx, .ts, .tsx or .mjs file under %s/api, not hidden and not .d.ts, or a route handler %s/**/route.ts)", file, s.opts.Workspace.PagesDir, s.opts.Workspace.AppDir)
}

// compile builds r; prev is its last build, whose inputs are still watched
// when this build fails (so fixing an imported file clears the error).
// When reuse is set and the bundle's content hash is prev's, prev's pool
// goes on serving: its program is the same, and its warm isolates keep
// their module state (R-HANDLER-5), as for a save that changed nothing.
func (s *Server) compile(r routes.Route, prev *compiled, reuse bool) *compiled {
	ws := s.opts.Workspace
	if s.opts.compileHook != nil {
		s.opts.compileHook(r.File)
	}
	res := bundle.Build(bundle.Options{Dir: ws.Dir, Entry: r.File, Mode: s.opts.Mode, Plan: bundle.Plan(ws.Config.Plan), AppRoute: r.App,
		Env: s.nextConfig.Load().Env})
	inputs := res.Inputs
	if len(inputs) == 0 {
		seen := map[string]bool{}
		add := func(p string) {
			if !seen[p] {
				seen[p] = true
				inputs = append(inputs, p)
			}
		}
		add(filepath.Join(ws.Dir, filepath.FromSlash(r.File)))
		for _, p := range res.Problems {
			if p.File != "" {
				add(filepath.Join(ws.Dir, filepath.FromSlash(p.File)))
			}
		}
		if prev != nil {
			for _, st := range prev.stamps {
				add(st.path)
			}
		}
	}
	c := &compiled{result: res, stamps: stampsOf(inputs)}
	if res.Failed() || !res.Config.IsEdge() {
		return c
	}
	if reuse && prev != nil && prev.pool != nil && prev.pool.Program().Hash == res.Hash {
		c.pool = prev.pool
		return c
	}
	prog, err := isolate.Compile(r.File, res.Code, res.Hash)
	if err != nil {
		res.Problems = append([]bundle.Problem{{Severity: bundle.Error, File: r.File, Line: 1, Message: err.Error()}}, res.Problems...)
		return c
	}
	prog.AppRoute, prog.Assets = r.App, res.Assets
	engine, err := s.engineOf()
	if err != nil {
		res.Problems = append([]bundle.Problem{{Severity: bundle.Error, File: r.File, Line: 1, Message: "the JavaScript engine could not be created: " + err.Error()}}, res.Problems...)
		return c
	}
	if err := engine.CompileWasm(prog, res.WasmModules, res.WasmFiles); err != nil {
		res.Problems = append([]bundle.Problem{{Severity: bundle.Error, File: r.File, Line: 1, Message: err.Error()}}, res.Problems...)
		return c
	}
	c.pool = engine.NewPool(prog, isolate.Options{
		Size:        s.opts.PoolSize,
		Mode:        string(s.opts.Mode),
		NextVersion: ws.Config.Next,
		Env:         *s.env.Load(),
		Transport:   s.transport,
		Timeout:     s.opts.Timeout,
		MaxDuration: routeMaxDuration(res.Config.MaxDuration, s.opts.MaxDuration),
		CPULimit:    s.opts.CPULimit,
		Logger:      s.opts.Logger,
	})
	return c
}

// limitsOf describes the limits of a route whose config sets maxDuration
// (seconds, 0 when unset), with the defaults the isolates apply.
func (s *Server) limitsOf(maxDuration float64) RouteLimits {
	orDefault := func(d, def time.Duration) int64 {
		if d <= 0 {
			d = def
		}
		return d.Milliseconds()
	}
	firstByte := orDefault(s.opts.Timeout, isolate.DefaultTimeout)
	total := orDefault(routeMaxDuration(maxDuration, s.opts.MaxDuration), isolate.DefaultTimeout)
	return RouteLimits{
		FirstByteMs:      min(firstByte, total),
		MaxDurationMs:    total,
		CPUMs:            orDefault(s.opts.CPULimit, isolate.DefaultCPULimit),
		MemoryBytes:      isolate.DefaultMemoryLimit,
		RequestBodyBytes: MaxRequestBody,
		Isolates:         s.opts.PoolSize,
	}
}

// routeMaxDuration is the streaming limit of a route: its config.maxDuration
// (seconds) when set, else the server's default (R-RT-6).
func routeMaxDuration(seconds float64, fallback time.Duration) time.Duration {
	if seconds > 0 {
		return time.Duration(seconds * float64(time.Second))
	}
	return fallback
}

func stampsOf(paths []string) []stamp {
	out := make([]stamp, 0, len(paths))
	for _, p := range paths {
		st := stamp{path: p, size: -1}
		if fi, err := os.Stat(p); err == nil {
			st.mod, st.size = fi.ModTime(), fi.Size()
		}
		out = append(out, st)
	}
	return out
}

func stale(stamps []stamp, all bool) bool {
	sep := string(filepath.Separator)
	for _, st := range stamps {
		if !all && strings.Contains(st.path, sep+"node_modules"+sep) {
			continue
		}
		fi, err := os.Stat(st.path)
		if err != nil {
			if st.size != -1 {
				return true
			}
			continue
		}
		if !fi.ModTime().Equal(st.mod) || fi.Size() != st.size {
			return true
		}
	}
	return false
}

// Routes returns the route table with each route's build state, by pattern.
func (s *Server) Routes() []RouteInfo {
	s.mu.Lock()
	table := s.table.Load()
	entries := s.entries
	s.mu.Unlock()
	var out []RouteInfo
	for _, r := range table.Routes {
		e := entries[r.File]
		if e == nil {
			continue
		}
		out = append(out, s.infoOf(e, table))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pattern < out[j].Pattern })
	return out
}

func (s *Server) infoOf(e *entry, table *routes.Table) RouteInfo {
	info := RouteInfo{Pattern: e.route.Pattern, File: e.route.File, Params: e.route.Params(), Problems: []bundle.Problem{}, Regions: []string{}}
	if info.Params == nil {
		info.Params = []string{}
	}
	c := e.state.Load()
	if c == nil {
		info.Status = StatusBuildError
		return info
	}
	res := c.result
	info.Problems = append(info.Problems, res.Problems...)
	if perr := s.envErr.Load(); perr != nil {
		info.Problems = append(info.Problems, bundle.Problem{Severity: bundle.Warning, File: e.route.File, Line: 1,
			Message: fmt.Sprintf("environment files not loaded (process.env keeps the previous values): %v", *perr)})
	}
	info.Problems = append(info.Problems, s.nextConfig.Load().Problems...)
	conflict, conflicted := table.ConflictFor(e.route.File)
	if conflicted {
		info.Problems = append([]bundle.Problem{{Severity: bundle.Error, File: e.route.File, Line: 1, Message: conflict.Error()}}, info.Problems...)
	}
	if res.Config.Regions != nil {
		info.Regions = res.Config.Regions
	}
	info.Version = res.Hash
	info.CodeSize, info.CodeSizeLimit = res.GzipSize, bundle.Plan(s.opts.Workspace.Config.Plan).CodeSizeLimit()
	info.Limits = s.limitsOf(res.Config.MaxDuration)
	info.Runtime = "nodejs"
	if res.Config.IsEdge() {
		info.Runtime = "edge"
	}
	switch {
	case res.Failed() || conflicted:
		info.Status = StatusBuildError
	case !res.Config.IsEdge():
		info.Status = StatusNodeRuntime
		info.Problems = append(info.Problems, bundle.Problem{Severity: bundle.Warning, File: e.route.File, Line: 1,
			Message: strings.TrimSpace(nodeRuntimeMessage(e.route.File, res.Config.Regions, res.Config.Found, e.route.App))})
	default:
		info.Status = StatusOK
	}
	return info
}

// Run serves HTTP on ln until ctx is cancelled, polling the workspace for
// edits every poll interval (0 disables polling). It closes the isolates on return.
func (s *Server) Run(ctx context.Context, ln net.Listener, poll time.Duration) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	var wg sync.WaitGroup
	stopPoll := make(chan struct{})
	if poll > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(poll)
			defer t.Stop()
			for {
				select {
				case <-stopPoll:
					return
				case <-t.C:
					if _, err := s.Refresh(); err != nil {
						s.opts.Logger.Warn("reload failed", "err", err)
					}
				}
			}
		}()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
		// Let requests in flight finish, then drop what is left (including
		// connections a client opened but never used, which Shutdown would
		// otherwise wait out).
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		if serr := srv.Shutdown(shutdownCtx); serr != nil {
			s.opts.Logger.Warn("forcing shutdown", "err", serr)
			_ = srv.Close()
		}
		cancel()
		err = <-errc
	case err = <-errc:
	}
	close(stopPoll)
	wg.Wait()
	s.Close()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops every isolate.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.entries {
		if c := e.state.Load(); c != nil && c.pool != nil {
			c.pool.Close()
		}
	}
}
