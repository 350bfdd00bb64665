package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"edgeplay/examples"
	"edgeplay/runtime/bundle"
	"edgeplay/runtime/isolate"
	"edgeplay/runtime/netsim"
	"edgeplay/runtime/nextserver"
	"edgeplay/runtime/server"
	"edgeplay/runtime/webapi"
	"edgeplay/runtime/workspace"
	"edgeplay/store"
)

// App is the facade the window talks to (bound by Wails): it owns the
// workspace session, the edge server and the history, and emits events.
type App struct {
	cfg    appConfig
	engine *isolate.Engine
	hist   *store.Store
	logger *slog.Logger
	client *http.Client
	// emitter pushes an event to the UI; set by the Wails layer once the
	// window starts (nil before, and in tests).
	emitMu  sync.RWMutex
	emitter func(name string, data any)
	// chooseDir asks the user for a folder, chooseSaveFile for a file to
	// write (with a suggested name) and chooseOpenFile for a file to read;
	// set by the Wails layer ("" when the user cancels).
	chooseDir      func() (string, error)
	chooseSaveFile func(name string) (string, error)
	chooseOpenFile func() (string, error)

	mu      sync.Mutex
	session *session

	// waiters are the window's requests in flight, by the client address
	// they were sent from, waiting for what the server saw of them.
	waitMu  sync.Mutex
	waiters map[string]chan store.Exchange
}

// appConfig is where the app keeps its files and which port it serves on.
type appConfig struct {
	ConfigDir string // settings and the extracted examples
	DBPath    string
	Port      int    // 0: try DefaultPort, then any free port
	Workspace string // workspace to open first ("" = last used, else the examples)
	Examples  bool   // open the built-in examples whatever was used last
	Mode      bundle.Mode
}

// DefaultPort is the port the window's edge server tries first.
const DefaultPort = 3210

// session is one opened workspace being served.
type session struct {
	ws      *workspace.Workspace
	builtin bool
	srv     *server.Server
	url     string
	cancel  context.CancelFunc
	done    chan error
}

// AppState is what the window shows in its top bar and route list.
type AppState struct {
	Workspace WorkspaceInfo      `json:"workspace"`
	ServerURL string             `json:"serverURL"`
	Mode      string             `json:"mode"`
	Routes    []server.RouteInfo `json:"routes"`
	// Vercel reports the Vercel platform simulation (regions, platform
	// headers, CDN cache); Client is its client location when on.
	Vercel bool   `json:"vercel"`
	Client string `json:"client"`
}

// WorkspaceInfo names the opened workspace.
type WorkspaceInfo struct {
	Dir     string `json:"dir"`
	Name    string `json:"name"`
	Builtin bool   `json:"builtin"`
}

// KV is one header or cookie.
type KV struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// SendRequest is a request built in the window.
type SendRequest struct {
	Method  string `json:"method"`
	Path    string `json:"path"`
	Headers []KV   `json:"headers"`
	Body    string `json:"body"`
}

// SendResult is the response shown in the window.
type SendResult struct {
	Status     int     `json:"status"`
	StatusText string  `json:"statusText"`
	Headers    []KV    `json:"headers"`
	Body       string  `json:"body"`
	BodyBase64 string  `json:"bodyBase64"`
	Binary     bool    `json:"binary"`
	DurationMs float64 `json:"durationMs"`
	Size       int     `json:"size"`
	Error      string  `json:"error"`
	// CPUMs is the handler's JavaScript time, shown beside the CPU limit
	// (R-RT-6); absent when the server's record did not arrive.
	CPUMs *float64 `json:"cpuMs,omitempty"`
	// Sim is where the request went in the Vercel simulation (nil when
	// it is off or the server's record did not arrive).
	Sim *SimView `json:"sim,omitempty"`
}

// ExchangeSummary is one history row.
type ExchangeSummary struct {
	ID         int64   `json:"id"`
	Start      string  `json:"start"`
	Method     string  `json:"method"`
	URL        string  `json:"url"`
	Route      string  `json:"route"`
	Status     int     `json:"status"`
	DurationMs float64 `json:"durationMs"`
	Error      string  `json:"error"`
	// CPUMs is the handler's JavaScript time (R-RT-6).
	CPUMs          float64 `json:"cpuMs"`
	ReplayOf       int64   `json:"replayOf"`
	HandlerVersion string  `json:"handlerVersion"`
	ResponseSize   int64   `json:"responseSize"`
}

// LogLine is one console call in an exchange.
type LogLine struct {
	Time    string `json:"time"`
	Level   string `json:"level"`
	Message string `json:"message"`
}

// ExchangeDetail is everything recorded about one exchange.
type ExchangeDetail struct {
	ExchangeSummary
	RequestHeaders  []KV      `json:"requestHeaders"`
	RequestBody     string    `json:"requestBody"`
	ResponseHeaders []KV      `json:"responseHeaders"`
	ResponseBody    string    `json:"responseBody"`
	Logs            []LogLine `json:"logs"`
	Mode            string    `json:"mode"`
	File            string    `json:"file"`
	// Request and Response are the bodies as the inspector shows them
	// (binary ones in base64), with full sizes and truncation marks.
	Request  bodyView `json:"request"`
	Response bodyView `json:"response"`
	// Params are the route's dynamic segments as matched.
	Params map[string][]string `json:"params"`
	// Timings in milliseconds from the start: the build wait, the
	// handler's start, the first byte; the total is DurationMs.
	CompileWaitMs  float64 `json:"compileWaitMs"`
	HandlerStartMs float64 `json:"handlerStartMs"`
	FirstByteMs    float64 `json:"firstByteMs"`
	// Chunks are a streamed body's pieces: [ms from start, bytes].
	Chunks [][2]float64 `json:"chunks"`
	// Sim is the Vercel simulation's context (nil when it was off).
	Sim *SimView `json:"sim"`
}

// settings are remembered across runs.
type settings struct {
	LastWorkspace string `json:"lastWorkspace"`
	// History holds the retention bounds the user chose (nil: defaults).
	History *HistorySettings `json:"history,omitempty"`
	// Vercel turns the Vercel platform simulation on (issue 8).
	Vercel bool `json:"vercel,omitempty"`
	// Places are the client and data locations chosen in the window, by
	// workspace directory: a workspace's edgeplay.json gives the default
	// until the window moves them.
	Places map[string]simPlaces `json:"places,omitempty"`
}

// simPlaces are one workspace's chosen simulation locations ("" keeps the
// default).
type simPlaces struct {
	Client string `json:"client,omitempty"`
	Data   string `json:"data,omitempty"`
}

// updatePlaces changes the saved locations of the workspace in dir.
func (s *settings) updatePlaces(dir string, change func(*simPlaces)) {
	if s.Places == nil {
		s.Places = map[string]simPlaces{}
	}
	p := s.Places[dir]
	change(&p)
	s.Places[dir] = p
}

// NewApp opens the history and the first workspace.
func NewApp(ctx context.Context, cfg appConfig, logger *slog.Logger) (*App, error) {
	if cfg.Mode == "" {
		cfg.Mode = bundle.Production
	}
	engine, err := isolate.NewEngine()
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, engine: engine, logger: logger,
		client: &http.Client{Timeout: 60 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	hist, err := store.Open(ctx, cfg.DBPath, store.Options{Logger: logger, OnCommit: a.committed, Retention: retentionFrom(a.loadSettings())})
	if err != nil {
		return nil, err
	}
	a.hist = hist
	first := cfg.Workspace
	if first == "" && !cfg.Examples {
		first = a.loadSettings().LastWorkspace
	}
	if first != "" {
		if _, err := a.OpenWorkspace(first); err == nil {
			return a, nil
		} else {
			logger.Warn("could not reopen the last workspace; opening the examples", "dir", first, "err", err)
		}
	}
	if _, err := a.OpenBuiltinWorkspace(); err != nil {
		hist.Close()
		return nil, err
	}
	return a, nil
}

// setEmitter installs the function that pushes events to the window.
func (a *App) setEmitter(fn func(name string, data any)) {
	a.emitMu.Lock()
	a.emitter = fn
	a.emitMu.Unlock()
}

// emit pushes an event to the window, if there is one. Safe from any goroutine.
func (a *App) emit(name string, data any) {
	a.emitMu.RLock()
	fn := a.emitter
	a.emitMu.RUnlock()
	if fn != nil {
		fn(name, data)
	}
}

// shutdown stops the server and closes the history. It is unexported so
// that the window cannot call it through the bindings.
func (a *App) shutdown() {
	a.mu.Lock()
	s := a.session
	a.session = nil
	a.mu.Unlock()
	if s != nil {
		s.stop()
	}
	a.hist.Close()
}

// Ping lets tests and the UI check that the bindings work.
func (a *App) Ping() string { return "pong" }

// State returns the current workspace, server URL, mode and routes.
func (a *App) State() (AppState, error) {
	s, err := a.current()
	if err != nil {
		return AppState{}, err
	}
	return a.stateOf(s), nil
}

func (a *App) stateOf(s *session) AppState {
	name := filepath.Base(s.ws.Dir)
	if s.builtin {
		name = "Built-in examples"
	}
	st := AppState{
		Workspace: WorkspaceInfo{Dir: s.ws.Dir, Name: name, Builtin: s.builtin},
		ServerURL: s.url,
		Mode:      string(a.cfg.Mode),
		Routes:    s.srv.Routes(),
	}
	if place, ok := s.srv.SimClient(); ok {
		st.Vercel, st.Client = true, place.Label()
	}
	return st
}

func (a *App) current() (*session, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.session == nil {
		return nil, errors.New("no workspace is open")
	}
	return a.session, nil
}

// OpenWorkspace serves the Next.js project in dir and remembers it.
func (a *App) OpenWorkspace(dir string) (AppState, error) {
	return a.open(dir, false)
}

// ChooseWorkspace asks for a folder and opens it; a cancelled dialog keeps
// the current workspace.
func (a *App) ChooseWorkspace() (AppState, error) {
	if a.chooseDir == nil {
		return AppState{}, errors.New("no folder dialog is available")
	}
	dir, err := a.chooseDir()
	if err != nil {
		return AppState{}, fmt.Errorf("folder dialog: %w", err)
	}
	if dir == "" {
		return a.State()
	}
	return a.OpenWorkspace(dir)
}

// OpenBuiltinWorkspace serves the built-in examples, copied once into the
// config directory so that edits persist.
func (a *App) OpenBuiltinWorkspace() (AppState, error) {
	dir := filepath.Join(a.cfg.ConfigDir, "examples")
	if err := examples.Extract(dir, false); err != nil {
		return AppState{}, err
	}
	return a.open(dir, true)
}

func (a *App) open(dir string, builtin bool) (AppState, error) {
	ws, err := workspace.Open(dir)
	if err != nil {
		return AppState{}, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	port := a.cfg.Port
	old := a.session
	if old != nil {
		// Reuse the port so curl commands keep working across workspaces.
		_, p, _ := net.SplitHostPort(strings.TrimPrefix(old.url, "http://"))
		port, _ = strconv.Atoi(p)
		old.stop()
		a.session = nil
	}
	s, err := a.startSession(ws, builtin, port)
	if err != nil {
		if old != nil {
			// Keep the workspace that was open rather than none.
			if back, rerr := a.startSession(old.ws, old.builtin, port); rerr == nil {
				a.session = back
			}
		}
		return AppState{}, err
	}
	a.session = s
	saved := a.loadSettings() // keep the other settings (history bounds, Vercel mode)
	saved.LastWorkspace = ""
	if !builtin {
		saved.LastWorkspace = ws.Dir
	}
	a.saveSettings(saved)
	return a.stateOf(s), nil
}

func (a *App) startSession(ws *workspace.Workspace, builtin bool, port int) (*session, error) {
	var platform *server.PlatformOptions
	if saved := a.loadSettings(); saved.Vercel {
		platform = &server.PlatformOptions{}
		chosen := saved.Places[ws.Dir]
		if chosen.Client != "" {
			if place, err := netsim.ParseLocation(chosen.Client); err == nil {
				platform.Client = &place
			}
		}
		if chosen.Data != "" {
			if data, err := netsim.ParseDataSource(chosen.Data); err == nil {
				platform.Data = &data
			}
		}
	}
	srv, err := server.New(server.Options{
		Platform:   platform,
		Workspace:  ws,
		Mode:       a.cfg.Mode,
		Engine:     a.engine,
		Recorder:   a.hist,
		OnExchange: a.observed,
		Logger:     a.logger,
		OnRoutesChanged: func(infos []server.RouteInfo) {
			a.emit("routes:changed", infos)
		},
	})
	if err != nil {
		return nil, err
	}
	ln, err := listen(port)
	if err != nil {
		srv.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &session{ws: ws, builtin: builtin, srv: srv, url: "http://" + ln.Addr().String(), cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- srv.Run(ctx, ln, 500*time.Millisecond) }()
	return s, nil
}

// listen binds 127.0.0.1:port; port 0 tries DefaultPort first, then any free port.
func listen(port int) (net.Listener, error) {
	if port == 0 {
		if ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(DefaultPort))); err == nil {
			return ln, nil
		}
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("start the edge server on 127.0.0.1:%d: %w", port, err)
	}
	return ln, nil
}

func (s *session) stop() {
	s.cancel()
	<-s.done
}

// committed tells the window about exchanges once they are in the history
// (called on the store's writer goroutine, with IDs assigned).
func (a *App) committed(list []store.Exchange) {
	for _, e := range list {
		a.emit("history:added", summaryOf(e))
	}
}

// observed hands the server's view of an exchange to the Send waiting for it.
func (a *App) observed(clientAddr string, e store.Exchange) {
	a.waitMu.Lock()
	ch := a.waiters[clientAddr]
	a.waitMu.Unlock()
	if ch != nil {
		select {
		case ch <- e:
		default:
		}
	}
}

// Routes returns the route table.
func (a *App) Routes() ([]server.RouteInfo, error) {
	s, err := a.current()
	if err != nil {
		return nil, err
	}
	return s.srv.Routes(), nil
}

// ReadFile returns a workspace file's text (path relative to the workspace).
func (a *App) ReadFile(path string) (string, error) {
	s, err := a.current()
	if err != nil {
		return "", err
	}
	abs, err := s.ws.Abs(path)
	if err != nil {
		return "", err
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return string(data), nil
}

// SaveFile writes a workspace file atomically and rebuilds its route.
func (a *App) SaveFile(path, content string) (server.RouteInfo, error) {
	s, err := a.current()
	if err != nil {
		return server.RouteInfo{}, err
	}
	abs, err := s.ws.Abs(path)
	if err != nil {
		return server.RouteInfo{}, err
	}
	if err := writeAtomic(abs, []byte(content)); err != nil {
		return server.RouteInfo{}, fmt.Errorf("save %s: %w", path, err)
	}
	info, err := s.srv.Rebuild(path)
	if err != nil {
		// Not a route itself (a lib/ module, .env, edgeplay.json): saved,
		// and the routes that import it were rebuilt by the refresh.
		return server.RouteInfo{File: path, Status: server.StatusOK, Problems: []bundle.Problem{}, Regions: []string{}, Params: []string{}}, nil
	}
	return info, nil
}

// writeAtomic replaces path with data via a temporary file and a rename,
// so a crash never leaves a half-written handler.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".edgeplay-save-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// routeTemplate is the starting point of a new route.
const routeTemplate = `import type { NextRequest } from 'next/server'

export const config = {
  runtime: 'edge',
}

export default async function handler(req: NextRequest) {
  const name = req.nextUrl.searchParams.get('name') ?? 'world'
  return Response.json({ hello: name, path: req.nextUrl.pathname })
}
`

// NewRoute creates pages/api/<name>.ts from a template. name may contain
// folders and dynamic segments ("users/[id]").
func (a *App) NewRoute(name string) (server.RouteInfo, error) {
	s, err := a.current()
	if err != nil {
		return server.RouteInfo{}, err
	}
	name = strings.Trim(strings.TrimSpace(name), "/")
	name = strings.TrimSuffix(strings.TrimSuffix(name, ".ts"), ".js")
	if name == "" || hasDotDotSegment(name) || strings.ContainsAny(name, `\:*?"<>|`) {
		return server.RouteInfo{}, fmt.Errorf("route name %q is not valid: use letters, digits, -, _, / for folders and [param] for dynamic segments", name)
	}
	rel := s.ws.PagesDir + "/api/" + name + ".ts"
	abs, err := s.ws.Abs(rel)
	if err != nil {
		return server.RouteInfo{}, err
	}
	if _, err := os.Stat(abs); err == nil {
		return server.RouteInfo{}, fmt.Errorf("%s already exists", rel)
	}
	if err := writeAtomic(abs, []byte(routeTemplate)); err != nil {
		return server.RouteInfo{}, fmt.Errorf("create %s: %w", rel, err)
	}
	return s.srv.Rebuild(rel)
}

// hasDotDotSegment reports whether a slash path has a ".." segment ("[...slug]" is fine).
func hasDotDotSegment(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// Send performs a request against the local edge server, so it is served
// and recorded exactly like one from curl.
func (a *App) Send(req SendRequest) (SendResult, error) {
	s, err := a.current()
	if err != nil {
		return SendResult{}, err
	}
	return a.send(s, req)
}

// send performs req against the session's server; the result carries the
// server's view of it when that arrives within a second.
func (a *App) send(s *session, req SendRequest) (SendResult, error) {
	method := strings.ToUpper(strings.TrimSpace(req.Method))
	if method == "" {
		method = http.MethodGet
	}
	path := strings.TrimSpace(req.Path)
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	var body io.Reader
	if req.Body != "" && method != http.MethodGet && method != http.MethodHead {
		body = strings.NewReader(req.Body)
	}
	httpReq, err := http.NewRequest(method, s.url+path, body)
	if err != nil {
		return SendResult{}, fmt.Errorf("build request: %w", err)
	}
	for _, h := range req.Headers {
		if strings.TrimSpace(h.Name) == "" {
			continue
		}
		if strings.EqualFold(h.Name, "host") {
			httpReq.Host = h.Value
			continue
		}
		httpReq.Header.Add(h.Name, h.Value)
	}
	// Learn which local address the request leaves from, to find the
	// server's record of it (the error behind a production 500 page).
	seen := make(chan store.Exchange, 1)
	var clientAddr string
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		clientAddr = info.Conn.LocalAddr().String()
		a.waitMu.Lock()
		if a.waiters == nil {
			a.waiters = map[string]chan store.Exchange{}
		}
		a.waiters[clientAddr] = seen
		a.waitMu.Unlock()
	}}
	httpReq = httpReq.WithContext(httptrace.WithClientTrace(httpReq.Context(), trace))
	defer func() {
		a.waitMu.Lock()
		if a.waiters[clientAddr] == seen {
			delete(a.waiters, clientAddr)
		}
		a.waitMu.Unlock()
	}()
	start := time.Now()
	resp, err := a.client.Do(httpReq)
	if err != nil {
		return SendResult{Error: err.Error()}, nil
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	dur := time.Since(start)
	out := SendResult{
		Status:     resp.StatusCode,
		StatusText: strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode)+" "),
		Headers:    headerKVs(resp.Header),
		DurationMs: float64(dur.Microseconds()) / 1000,
		Size:       len(data),
	}
	if err != nil {
		out.Error = "reading the response body: " + err.Error()
	}
	if e, ok := a.awaitRecord(seen, resp.Header.Get("X-Vercel-Id")); ok {
		if out.Error == "" {
			out.Error = e.Error
		}
		cpu := float64(e.CPUTime.Microseconds()) / 1000
		out.CPUMs = &cpu
		out.Sim = simViewOf(e.Sim)
	}
	if isBinary(resp.Header.Get("Content-Type"), data) {
		out.Binary = true
		out.BodyBase64 = base64.StdEncoding.EncodeToString(data)
	} else {
		out.Body = string(data)
	}
	return out, nil
}

// awaitRecord waits up to a second for the server's record of a request
// just answered. A kept-alive connection carries requests one after
// another, so in Vercel mode a record is taken only when its x-vercel-id
// is the response's.
func (a *App) awaitRecord(seen <-chan store.Exchange, vercelID string) (store.Exchange, bool) {
	timeout := time.After(time.Second)
	for {
		select {
		case e := <-seen:
			if e.Sim == nil || vercelID == "" || e.Sim.VercelID == vercelID {
				return e, true
			}
		case <-timeout:
			return store.Exchange{}, false
		}
	}
}

// isBinary decides whether a body is shown as text or as a hex dump.
func isBinary(contentType string, data []byte) bool {
	if len(data) == 0 {
		return false
	}
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		if strings.HasPrefix(mt, "text/") || strings.Contains(mt, "json") || strings.Contains(mt, "xml") || strings.Contains(mt, "javascript") || mt == "application/x-www-form-urlencoded" {
			return !utf8.Valid(data)
		}
		if strings.HasPrefix(mt, "image/") || strings.HasPrefix(mt, "audio/") || strings.HasPrefix(mt, "video/") || mt == "application/octet-stream" {
			return true
		}
	}
	return !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0
}

func headerKVs(h http.Header) []KV {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	out := []KV{}
	for _, n := range names {
		for _, v := range h[n] {
			out = append(out, KV{Name: strings.ToLower(n), Value: v})
		}
	}
	return out
}

func summaryOf(e store.Exchange) ExchangeSummary {
	return ExchangeSummary{
		ID: e.ID, Start: e.Start.UTC().Format(time.RFC3339Nano), Method: e.Method, URL: e.URL, Route: e.Route,
		Status: e.Status, DurationMs: ms(e.Duration), Error: e.Error, CPUMs: ms(e.CPUTime), ReplayOf: e.ReplayOf,
		HandlerVersion: e.HandlerVersion, ResponseSize: max(e.ResponseBodySize, int64(len(e.ResponseBody))),
	}
}

// Exchange returns one recorded exchange in full.
func (a *App) Exchange(id int64) (ExchangeDetail, error) {
	e, err := a.hist.Get(context.Background(), id)
	if err != nil {
		return ExchangeDetail{}, err
	}
	d := ExchangeDetail{
		ExchangeSummary: summaryOf(e),
		RequestHeaders:  headerKVs(e.RequestHeaders),
		RequestBody:     string(e.RequestBody),
		ResponseHeaders: headerKVs(e.ResponseHeaders),
		ResponseBody:    string(e.ResponseBody),
		Logs:            []LogLine{},
		Mode:            e.Mode,
		File:            e.File,
		Request:         viewBody(e.RequestHeaders.Get("Content-Type"), e.RequestBody, e.RequestBodySize, e.RequestBodyTruncated),
		Response:        viewBody(e.ResponseHeaders.Get("Content-Type"), e.ResponseBody, e.ResponseBodySize, e.ResponseBodyTruncated),
		Params:          e.Params,
		CompileWaitMs:   ms(e.Timings.CompileWait),
		HandlerStartMs:  ms(e.Timings.HandlerStart),
		FirstByteMs:     ms(e.Timings.FirstByte),
		Chunks:          make([][2]float64, 0, len(e.Chunks)),
	}
	for _, c := range e.Chunks {
		d.Chunks = append(d.Chunks, [2]float64{ms(c.At), float64(c.Size)})
	}
	d.Sim = simViewOf(e.Sim)
	for _, l := range e.Logs {
		d.Logs = append(d.Logs, LogLine{Time: l.Time.UTC().Format(time.RFC3339Nano), Level: l.Level, Message: l.Message})
	}
	return d, nil
}

// TypeDeclarations returns the .d.ts files the editor loads for IntelliSense.
func (a *App) TypeDeclarations() map[string]string {
	return map[string]string{"next-server.d.ts": nextserver.TypeDeclarations(), "edge-runtime.d.ts": webapi.TypeDeclarations()}
}

func (a *App) settingsPath() string { return filepath.Join(a.cfg.ConfigDir, "settings.json") }

func (a *App) loadSettings() settings {
	var s settings
	data, err := os.ReadFile(a.settingsPath())
	if err == nil {
		if err := json.Unmarshal(data, &s); err != nil {
			a.logger.Warn("ignoring unreadable settings", "path", a.settingsPath(), "err", err)
		}
	}
	return s
}

func (a *App) saveSettings(s settings) {
	data, _ := json.MarshalIndent(s, "", "  ")
	if err := writeAtomic(a.settingsPath(), data); err != nil {
		a.logger.Warn("could not save settings", "err", err)
	}
}
