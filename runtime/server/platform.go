package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"edgeplay/runtime/netsim"
	"edgeplay/runtime/routes"
	"edgeplay/runtime/workspace"
	"edgeplay/store"
)

// PlatformOptions turn on the simulation of Vercel's platform in front of
// the handlers (issue 8): each request is placed in a region (R-REGION-2)
// with its simulated network time (R-REGION-3), gets the headers the
// platform adds (R-REQ-1) and goes through that region's CDN cache
// (R-CACHE-1..6); every response carries x-vercel-id and x-vercel-cache,
// and every record the simulation's context. Without it the server
// answers as `next start` does.
type PlatformOptions struct {
	// Client is where requests come from (default: edgeplay.json's
	// clientLocation, else the home region's city).
	Client *netsim.Place
	// Data is where the handlers' data lives (default: edgeplay.json's
	// dataLocation, else the home region).
	Data *netsim.DataSource
	// Home is the project's function region (default netsim.HomeRegion).
	Home string
	// Model is the latency model (default netsim.DefaultLatencyModel).
	Model *netsim.LatencyModel
	// Clock is the CDN cache's clock (default: a running netsim.SimClock).
	Clock *netsim.SimClock
	// FeelDistance applies the simulated network time as real delay
	// ("feel the distance", issue 8): the way in before the request is
	// served, the way back before the response is sent. Otherwise it is
	// only computed and recorded.
	FeelDistance bool
}

// platform is the Vercel simulation's state.
type platform struct {
	s      *Server
	home   string
	model  netsim.LatencyModel
	clock  *netsim.SimClock
	client atomic.Pointer[netsim.Place]
	data   atomic.Pointer[netsim.DataSource]
	seq    atomic.Uint64

	mu     sync.Mutex
	caches map[string]*netsim.Cache // by region id

	// feel applies the simulated network time as real delay.
	feel atomic.Bool
	// run tells this simulation's records from an earlier one's: each
	// starts with empty caches and a new clock.
	run string
}

// newRunID returns a random id for a simulation run.
func newRunID() string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read does not fail
	return hex.EncodeToString(b[:])
}

func newPlatform(s *Server, o PlatformOptions, cfg workspace.Config) (*platform, error) {
	if o.Client == nil && cfg.ClientLocation != "" {
		place, err := netsim.ParseLocation(cfg.ClientLocation)
		if err != nil {
			return nil, fmt.Errorf("%s: clientLocation: %w", workspace.ConfigFile, err)
		}
		o.Client = &place
	}
	if o.Data == nil && cfg.DataLocation != "" {
		data, err := netsim.ParseDataSource(cfg.DataLocation)
		if err != nil {
			return nil, fmt.Errorf("%s: dataLocation: %w", workspace.ConfigFile, err)
		}
		o.Data = &data
	}
	p := &platform{s: s, home: o.Home, clock: o.Clock, caches: map[string]*netsim.Cache{}, run: newRunID()}
	if p.home == "" {
		p.home = netsim.HomeRegion
	}
	if p.clock == nil {
		p.clock = netsim.NewSimClock()
	}
	p.model = netsim.DefaultLatencyModel()
	if o.Model != nil {
		p.model = *o.Model
	}
	client := netsim.HomePlace(p.home)
	if o.Client != nil {
		client = *o.Client
	}
	p.client.Store(&client)
	p.feel.Store(o.FeelDistance)
	if o.Data != nil {
		p.data.Store(o.Data)
	} else if r, ok := netsim.LookupRegion(p.home); ok {
		p.data.Store(&netsim.DataSource{Name: r.ID, Point: r.Point()})
	}
	return p, nil
}

// cacheFor is the CDN cache of a region, made on first use.
func (p *platform) cacheFor(region string) *netsim.Cache {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.caches[region]
	if c == nil {
		c = netsim.NewCache(region, p.clock)
		p.caches[region] = c
	}
	return c
}

// allCaches returns the regions' caches made so far.
func (p *platform) allCaches() []*netsim.Cache {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]*netsim.Cache, 0, len(p.caches))
	for _, c := range p.caches {
		out = append(out, c)
	}
	return out
}

// place decides where r enters and runs, adds the platform's headers to
// it (R-REQ-1, replacing what the client sent under those names) and
// returns the simulation's context for the record, with the route matched.
func (p *platform) place(r *http.Request, client netsim.Place) (*store.SimContext, netsim.Path, *entry, routes.Params) {
	var regions []string
	e, params := p.s.match(r.URL.EscapedPath())
	if e != nil {
		if c := e.state.Load(); c != nil {
			regions = c.result.Config.Regions
		}
	}
	path, err := netsim.Route(client, regions, p.home, p.data.Load(), p.model)
	if err != nil { // the build refuses unknown regions; run nearest meanwhile
		path, _ = netsim.Route(client, nil, p.home, p.data.Load(), p.model)
	}
	id := netsim.VercelID(path.Entry, path.Exec, p.clock.Now(), p.seq.Add(1))

	h := r.Header
	ip := r.RemoteAddr
	if host, _, err := net.SplitHostPort(ip); err == nil {
		ip = host
	}
	h.Set("X-Forwarded-For", ip)
	h.Set("X-Real-Ip", ip)
	h.Set("X-Forwarded-Host", r.Host)
	h.Set("X-Forwarded-Proto", "http") // the connection Edgeplay really has
	h.Set("X-Vercel-Id", id)
	h.Set("X-Vercel-Deployment-Url", r.Host)
	for _, name := range []string{"X-Vercel-Ip-Country", "X-Vercel-Ip-Country-Region", "X-Vercel-Ip-City", "X-Vercel-Ip-Timezone", "X-Vercel-Ip-Postal-Code"} {
		h.Del(name)
	}
	setIf := func(name, v string) {
		if v != "" {
			h.Set(name, v)
		}
	}
	setIf("X-Vercel-Ip-Country", client.Country)
	setIf("X-Vercel-Ip-Country-Region", client.CountryRegion)
	setIf("X-Vercel-Ip-City", strings.ReplaceAll(url.QueryEscape(client.Name), "+", "%20"))
	h.Set("X-Vercel-Ip-Latitude", strconv.FormatFloat(client.Lat, 'f', 4, 64))
	h.Set("X-Vercel-Ip-Longitude", strconv.FormatFloat(client.Lon, 'f', 4, 64))
	setIf("X-Vercel-Ip-Timezone", client.TimeZone)
	setIf("X-Vercel-Ip-Postal-Code", client.PostalCode)

	sim := simContext(path, id, p.clock.Now())
	sim.Run = p.run
	return sim, path, e, params
}

// simContext is the record's view of a placed request: where it came
// from, entered, ran and fetched data, and each leg's cost.
func simContext(path netsim.Path, vercelID string, now time.Time) *store.SimContext {
	sim := &store.SimContext{
		Client: path.Client.Label(), ClientLat: path.Client.Lat, ClientLon: path.Client.Lon,
		Entry: path.Entry.ID, Exec: path.Exec.ID, VercelID: vercelID, Network: path.Request, Clock: now,
	}
	if path.Data != nil {
		sim.Data, sim.DataLat, sim.DataLon = path.Data.Name, path.Data.Point.Lat, path.Data.Point.Lon
	}
	ends := []string{"client", path.Entry.ID, path.Exec.ID, "data"}
	for i, l := range path.Legs {
		sim.Legs = append(sim.Legs, store.SimLeg{From: ends[i], To: ends[i+1], DistanceKm: l.Distance, OneWay: l.OneWay})
	}
	return sim
}

// originKey marks the context of an origin call made for the request
// being served (not a background revalidation); its value is the request's
// exchange.
type originKey struct{}

// serve answers r through the simulation: GET and HEAD through the entry
// region's CDN cache, other methods straight to the handler (BYPASS).
func (p *platform) serve(w http.ResponseWriter, r *http.Request) {
	s := p.s
	override, overridden := r.Header[ClientLocationHeader]
	x := s.newExchange(r)
	defer s.finish(r, x)
	client := *p.client.Load()
	if overridden {
		place, err := netsim.ParseLocation(override[0])
		if err != nil {
			s.plain(w, x, http.StatusBadRequest, fmt.Sprintf("Edgeplay: the %s header: %v\n", ClientLocationHeader, err))
			return
		}
		client = place
	}
	sim, path, matched, params := p.place(r, client)
	pattern := ""
	if matched != nil {
		pattern = matched.route.Pattern
	}
	x.sim = sim
	// Outbound fetches from this request's handler take the exec → data
	// leg (R-REGION-3): counted for the record, felt when asked.
	leg := &fetchLeg{}
	if p.feel.Load() {
		leg.delay = path.Fetch
	}
	r = r.WithContext(context.WithValue(r.Context(), fetchLegKey{}, leg))
	defer func() {
		n := leg.fetches.Load()
		sim.Fetches = int(n)
		sim.Network = path.Total(int(n))
		if netsim.CacheStatus(sim.Cache).FromCache() {
			// The CDN answered at the entry point: the way there and back
			// is all the request travelled; the function's region and the
			// data were not reached (a STALE's revalidation runs apart).
			sim.Network = 2 * path.Legs[0].OneWay
			sim.Legs = sim.Legs[:1]
		}
	}()
	w.Header().Set("X-Vercel-Id", sim.VercelID)
	// The way in to the entry point: paid by every request.
	toEntry := path.Legs[0].OneWay
	feel := p.feel.Load()
	if feel && !sleepCtx(r.Context(), toEntry) {
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		// Never cached (R-CACHE-2): streamed straight through.
		sim.Cache, sim.CacheReason = string(netsim.CacheBypass), "method "+r.Method+" is never cached (R-CACHE-2)"
		w.Header().Set("X-Vercel-Cache", sim.Cache)
		if feel && !sleepCtx(r.Context(), path.Request-2*toEntry) { // to the function's region and back
			return
		}
		if feel && !sleepCtx(r.Context(), toEntry) {
			return
		}
		s.serveExchange(w, r, x)
		return
	}
	req := netsim.Request{Method: r.Method, URL: r.URL.RequestURI(), Host: r.Host, Scheme: "http", Deployment: "local", Route: pattern, Header: r.Header}
	origin := func(ctx context.Context) (netsim.Response, error) {
		ox, ok := ctx.Value(originKey{}).(*exchange)
		if !ok {
			// A background revalidation: the handler runs again, kept
			// whole for the cache and not recorded as a client's exchange
			// (the cache's timeline has it).
			or := r.Clone(ctx)
			bx := s.newExchange(or)
			bx.keep = false
			bw := newBufferWriter()
			s.serveExchange(bw, or, bx)
			return netsim.Response{Status: bw.status, Header: bw.header, Body: bw.body.Bytes()}, nil
		}
		// The client's request: held back for the cache to store, or
		// streamed straight through when the cache cannot keep it.
		cw := &cdnWriter{client: w, header: http.Header{}, mayStore: netsim.OriginMayStore(ctx), onStream: func(status int, h http.Header) {
			out := netsim.ClientHeaders(h)
			out.Set(netsim.HeaderXVercelCache, string(netsim.CacheBypass))
			out.Set("X-Vercel-Id", sim.VercelID)
			for name := range w.Header() {
				delete(w.Header(), name)
			}
			for name, values := range out {
				w.Header()[name] = values
			}
			if feel {
				sleepCtx(r.Context(), path.Request-toEntry) // to the function's region and back
			}
		}}
		s.serveExchange(cw, r, ox)
		return netsim.Response{Status: cw.status, Header: cw.header, Body: cw.body.Bytes(), Streamed: cw.streaming}, nil
	}
	res, err := p.cacheFor(path.Entry.ID).Serve(context.WithValue(r.Context(), originKey{}, x), req, origin)
	if err != nil {
		x.errText = err.Error()
		s.plain(w, x, http.StatusBadGateway, fmt.Sprintf("Edgeplay's simulated CDN could not reach the handler: %v\n", err))
		return
	}
	sim.Cache, sim.CacheReason = string(res.Status), res.Reason
	sim.CacheKey, sim.CacheAge = res.Key, res.Age
	if !res.At.IsZero() {
		sim.Clock = res.At // when the cache decided, on its clock
	}
	if res.Status.FromCache() {
		// Served at the edge without a function: the id names the entry
		// region only.
		sim.VercelID = edgeOnlyID(sim.VercelID)
	}
	if !res.Window.IsZero() {
		sim.StoredAt, sim.FreshUntil, sim.StaleUntil = res.Window.StoredAt, res.Window.FreshUntil, res.Window.StaleUntil
	}
	if res.Streamed {
		// The handler's response went to the client as it came; the
		// record keeps it as sent.
		x.header = w.Header().Clone()
		return
	}
	if feel {
		// The CDN answered at the entry point; the function's region
		// was reached only when the handler ran for this request.
		back := toEntry
		if !res.Status.FromCache() {
			back = path.Request - toEntry
		}
		if !sleepCtx(r.Context(), back) {
			return
		}
	}
	out := res.Response
	for name, values := range out.Header {
		w.Header()[name] = values
	}
	w.Header().Set("X-Vercel-Id", sim.VercelID)
	x.headSent()
	w.WriteHeader(out.Status)
	if r.Method != http.MethodHead && len(out.Body) > 0 {
		_, _ = w.Write(out.Body)
	}
	// The record shows what the client received, under the route it
	// matched even when the cache answered without running the handler.
	if matched != nil && x.route.Pattern == "" {
		x.route, x.params = matched.route, params
	}
	x.status, x.header = out.Status, w.Header().Clone()
	x.body, x.chunks, x.kept = out.Body, nil, 0
	x.bodySize, x.bodyTruncated = 0, false
}

// edgeOnlyID drops the execution region from an x-vercel-id
// ("cdg1::iad1::id" → "cdg1::id"), the form of a response the CDN served
// without running the function.
func edgeOnlyID(id string) string {
	parts := strings.SplitN(id, "::", 3)
	if len(parts) != 3 {
		return id
	}
	return parts[0] + "::" + parts[2]
}

// sleepCtx waits d, or until ctx ends (it then reports false: the client
// went away).
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// cdnWriter is the http.ResponseWriter a client's GET or HEAD is answered
// through in Vercel mode: the response is held back whole for the CDN
// cache to store, unless the cache cannot keep it (the request bypasses it,
// netsim.OriginMayStore, or the head rules storing out, netsim.HeadBypass);
// then it streams straight to the client, chunk by chunk, as a CDN passes
// through what it will not keep. The choice is made when the head is
// written.
type cdnWriter struct {
	client   http.ResponseWriter
	header   http.Header
	status   int
	body     bytes.Buffer
	mayStore bool
	// onStream prepares the client's head (the cache's header rules,
	// x-vercel-cache, x-vercel-id) before it is written.
	onStream  func(status int, header http.Header)
	decided   bool
	streaming bool
}

// Header returns the response headers: the held-back ones until the head
// is written, then the client's.
func (c *cdnWriter) Header() http.Header {
	if c.streaming {
		return c.client.Header()
	}
	return c.header
}

// WriteHeader decides between holding back and streaming, once.
func (c *cdnWriter) WriteHeader(status int) {
	if c.decided {
		return
	}
	c.decided, c.status = true, status
	if c.mayStore && netsim.HeadBypass(status, c.header) == "" {
		return
	}
	c.streaming = true
	c.onStream(status, c.header)
	c.client.WriteHeader(status)
}

// Write sends body bytes to the client when streaming, keeps them
// otherwise.
func (c *cdnWriter) Write(p []byte) (int, error) {
	if !c.decided {
		c.WriteHeader(http.StatusOK)
	}
	if c.streaming {
		return c.client.Write(p)
	}
	return c.body.Write(p)
}

// Flush sends what was written so far when streaming (http.Flusher).
func (c *cdnWriter) Flush() {
	if c.streaming {
		_ = http.NewResponseController(c.client).Flush()
	}
}

// SetReadDeadline bounds reads of the request body, on the client's
// connection.
func (c *cdnWriter) SetReadDeadline(t time.Time) error {
	return http.NewResponseController(c.client).SetReadDeadline(t)
}

// bufferWriter is an http.ResponseWriter that keeps the response, for
// the CDN cache to store or pass on.
type bufferWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBufferWriter() *bufferWriter { return &bufferWriter{header: http.Header{}} }

// Header returns the response headers.
func (b *bufferWriter) Header() http.Header { return b.header }

// WriteHeader keeps the first status.
func (b *bufferWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

// Write keeps the body bytes.
func (b *bufferWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

// Flush does nothing: the whole body is kept (http.Flusher, for streams).
func (b *bufferWriter) Flush() {}

// SetReadDeadline has no connection to bound (for request body reads).
func (b *bufferWriter) SetReadDeadline(time.Time) error { return nil }

// SimClient returns the simulated client location; ok is false when the
// Vercel simulation is off.
func (s *Server) SimClient() (place netsim.Place, ok bool) {
	if s.platform == nil {
		return netsim.Place{}, false
	}
	return *s.platform.client.Load(), true
}

// SimData returns the simulated data source; ok is false when the Vercel
// simulation is off.
func (s *Server) SimData() (data netsim.DataSource, ok bool) {
	if s.platform == nil {
		return netsim.DataSource{}, false
	}
	return *s.platform.data.Load(), true
}

// SetSimData moves the simulated data source; it fails when the
// simulation is off.
func (s *Server) SetSimData(data netsim.DataSource) error {
	if s.platform == nil {
		return errSimulationOff
	}
	s.platform.data.Store(&data)
	return nil
}

// SetSimClient moves the simulated client; it fails when the simulation
// is off.
func (s *Server) SetSimClient(place netsim.Place) error {
	if s.platform == nil {
		return errSimulationOff
	}
	s.platform.client.Store(&place)
	return nil
}

// advance moves the simulated clock forward by d; entries past their
// lifetime then expire on the caches' timelines at once.
func (p *platform) advance(d time.Duration) error {
	if _, err := p.clock.Advance(d); err != nil {
		return err
	}
	for _, c := range p.allCaches() {
		c.Sweep()
	}
	return nil
}

// purge empties every region's cache of all entries, one route's or one
// URL's (the first given, in that order; nothing given: all); it returns
// how many entries went.
func (p *platform) purge(all bool, route, url string) int {
	n := 0
	for _, c := range p.allCaches() {
		switch {
		case all:
			n += c.Purge()
		case route != "":
			n += c.PurgeRoute(route)
		case url != "":
			n += c.PurgeURL(url)
		default:
			n += c.Purge()
		}
	}
	return n
}

// errSimulationOff is what the simulation's methods answer when it is off.
var errSimulationOff = fmt.Errorf("the Vercel simulation is off: turn it on (the window's Local/Vercel switch, or edgeplay serve --vercel)")

// SimClock returns the CDN cache's clock, or an error when the
// simulation is off.
func (s *Server) SimClock() (*netsim.SimClock, error) {
	if s.platform == nil {
		return nil, errSimulationOff
	}
	return s.platform.clock, nil
}

// AdvanceSimClock moves the simulated clock forward by d (R-CACHE-6).
func (s *Server) AdvanceSimClock(d time.Duration) error {
	if s.platform == nil {
		return errSimulationOff
	}
	return s.platform.advance(d)
}

// PurgeCache empties the CDN caches of one route's entries ("" for all);
// it returns how many entries went (R-CACHE-6).
func (s *Server) PurgeCache(route string) (int, error) {
	if s.platform == nil {
		return 0, errSimulationOff
	}
	return s.platform.purge(route == "", route, ""), nil
}

// FeelDistance reports whether the simulated network time is applied as
// real delay.
func (s *Server) FeelDistance() bool {
	return s.platform != nil && s.platform.feel.Load()
}

// SetFeelDistance applies the simulated network time as real delay, or
// stops.
func (s *Server) SetFeelDistance(on bool) error {
	if s.platform == nil {
		return errSimulationOff
	}
	s.platform.feel.Store(on)
	return nil
}

// SimHome returns the project's home region; ok is false when the
// simulation is off.
func (s *Server) SimHome() (home string, ok bool) {
	if s.platform == nil {
		return "", false
	}
	return s.platform.home, true
}

// SimRun returns the id of the running simulation, which its records
// carry (store.SimContext.Run); "" when it is off.
func (s *Server) SimRun() string {
	if s.platform == nil {
		return ""
	}
	return s.platform.run
}

// CacheEvents returns every region's CDN cache timeline (R-CACHE-6),
// oldest first; nil when the simulation is off.
func (s *Server) CacheEvents() []netsim.Event {
	if s.platform == nil {
		return nil
	}
	var out []netsim.Event
	for _, c := range s.platform.allCaches() {
		out = append(out, c.Events()...)
	}
	slices.SortStableFunc(out, func(a, b netsim.Event) int { return a.Time.Compare(b.Time) })
	return out
}
