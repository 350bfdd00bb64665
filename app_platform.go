package main

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"edgeplay/runtime/netsim"
	"edgeplay/runtime/server"
	"edgeplay/store"
)

// PlaceInfo is a client location the window offers.
type PlaceInfo struct {
	Name    string  `json:"name"`
	Country string  `json:"country"`
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
}

// Places lists the built-in client locations (issue 8).
func (a *App) Places() []PlaceInfo {
	places := netsim.Places()
	out := make([]PlaceInfo, len(places))
	for i, p := range places {
		out[i] = PlaceInfo{Name: p.Name, Country: p.Country, Lat: p.Lat, Lon: p.Lon}
	}
	return out
}

// SetVercelMode turns the Vercel platform simulation on or off: the
// workspace's server restarts on the same port, and the choice is saved.
func (a *App) SetVercelMode(on bool) (AppState, error) {
	saved := a.loadSettings()
	saved.Vercel = on
	a.saveSettings(saved)
	a.mu.Lock()
	defer a.mu.Unlock()
	old := a.session
	if old == nil {
		return AppState{}, fmt.Errorf("no workspace is open")
	}
	_, p, _ := net.SplitHostPort(strings.TrimPrefix(old.url, "http://"))
	port, _ := strconv.Atoi(p)
	old.stop()
	s, err := a.startSession(old.ws, old.builtin, port)
	if err != nil {
		a.session = nil
		return AppState{}, fmt.Errorf("restart the server: %w", err)
	}
	a.session = s
	return a.stateOf(s), nil
}

// SetClientLocation moves the simulated client (a city, a region id or
// "LAT,LON", as a click on the map gives) and remembers it.
func (a *App) SetClientLocation(location string) (AppState, error) {
	place, err := netsim.ParseLocation(location)
	if err != nil {
		return AppState{}, err
	}
	s, err := a.current()
	if err != nil {
		return AppState{}, err
	}
	if err := s.srv.SetSimClient(place); err != nil {
		return AppState{}, err
	}
	saved := a.loadSettings()
	saved.updatePlaces(s.ws.Dir, func(p *simPlaces) { p.Client = place.Label() })
	a.saveSettings(saved)
	return a.stateOf(s), nil
}

// SimView is the Vercel simulation's context of an exchange, for the
// inspector, the map and the cache timeline. Times on the simulated clock
// are RFC 3339 ("" when unset).
type SimView struct {
	Client    string  `json:"client"`
	ClientLat float64 `json:"clientLat"`
	ClientLon float64 `json:"clientLon"`
	Entry     string  `json:"entry"`
	Exec      string  `json:"exec"`
	Data      string  `json:"data"`
	DataLat   float64 `json:"dataLat"`
	DataLon   float64 `json:"dataLon"`
	// Legs are client → entry, entry → exec, exec → data.
	Legs        []LegView `json:"legs"`
	VercelID    string    `json:"vercelId"`
	NetworkMs   float64   `json:"networkMs"`
	Fetches     int       `json:"fetches"`
	Cache       string    `json:"cache"`
	CacheReason string    `json:"cacheReason"`
	CacheKey    string    `json:"cacheKey"`
	CacheAgeMs  float64   `json:"cacheAgeMs"`
	Clock       string    `json:"clock"`
	StoredAt    string    `json:"storedAt"`
	FreshUntil  string    `json:"freshUntil"`
	StaleUntil  string    `json:"staleUntil"`
	// Run is the simulation run the exchange was served in.
	Run string `json:"run"`
}

// LegView is one leg of a simulated request's path.
type LegView struct {
	From       string  `json:"from"`
	To         string  `json:"to"`
	DistanceKm float64 `json:"distanceKm"`
	OneWayMs   float64 `json:"oneWayMs"`
}

// simViewOf is the window's view of a record's simulation context; nil
// for nil.
func simViewOf(sim *store.SimContext) *SimView {
	if sim == nil {
		return nil
	}
	v := &SimView{Client: sim.Client, ClientLat: sim.ClientLat, ClientLon: sim.ClientLon, Entry: sim.Entry, Exec: sim.Exec,
		Data: sim.Data, DataLat: sim.DataLat, DataLon: sim.DataLon, Legs: []LegView{}, VercelID: sim.VercelID,
		NetworkMs: ms(sim.Network), Fetches: sim.Fetches, Cache: sim.Cache, CacheReason: sim.CacheReason, CacheKey: sim.CacheKey,
		CacheAgeMs: ms(sim.CacheAge), Clock: simTime(sim.Clock), StoredAt: simTime(sim.StoredAt), FreshUntil: simTime(sim.FreshUntil), StaleUntil: simTime(sim.StaleUntil), Run: sim.Run}
	for _, l := range sim.Legs {
		v.Legs = append(v.Legs, LegView{From: l.From, To: l.To, DistanceKm: l.DistanceKm, OneWayMs: ms(l.OneWay)})
	}
	return v
}

// simTime formats a simulated-clock time for the window; "" when zero.
func simTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// Regions lists R-REGION-1's regions with their coordinates, for the map.
func (a *App) Regions() []netsim.Region {
	return netsim.Regions()
}

// SimState is the Vercel simulation as the map and the clock controls
// show it; On is false (and the rest empty) when it is off.
type SimState struct {
	On     bool      `json:"on"`
	Home   string    `json:"home"`
	Client PlaceInfo `json:"client"`
	// Data is the data source (its Country is empty).
	Data PlaceInfo `json:"data"`
	// Clock is the simulated clock's time (RFC 3339) and whether it is
	// paused (R-CACHE-6).
	Clock  string `json:"clock"`
	Paused bool   `json:"paused"`
	// Feel says the simulated network time is applied as real delay.
	Feel bool `json:"feel"`
	// Run identifies this simulation run; records carry it (SimView.Run).
	Run string `json:"run"`
}

// Simulation returns the simulation's state.
func (a *App) Simulation() (SimState, error) {
	s, err := a.current()
	if err != nil {
		return SimState{}, err
	}
	return simStateOf(s.srv), nil
}

func simStateOf(srv *server.Server) SimState {
	client, on := srv.SimClient()
	if !on {
		return SimState{}
	}
	data, _ := srv.SimData()
	home, _ := srv.SimHome()
	clock, _ := srv.SimClock()
	return SimState{On: true, Home: home,
		Client: PlaceInfo{Name: client.Label(), Country: client.Country, Lat: client.Lat, Lon: client.Lon},
		Data:   PlaceInfo{Name: data.Name, Lat: data.Point.Lat, Lon: data.Point.Lon},
		Clock:  simTime(clock.Now()), Paused: clock.Paused(), Feel: srv.FeelDistance(), Run: srv.SimRun()}
}

// simChange applies change to the session's server and returns the new
// state.
func (a *App) simChange(change func(srv *server.Server) error) (SimState, error) {
	s, err := a.current()
	if err != nil {
		return SimState{}, err
	}
	if err := change(s.srv); err != nil {
		return SimState{}, err
	}
	return simStateOf(s.srv), nil
}

// SetDataLocation moves the data source the handlers fetch from (a region
// id, a city or "LAT,LON") and remembers it (R-REGION-3).
func (a *App) SetDataLocation(location string) (SimState, error) {
	data, err := netsim.ParseDataSource(location)
	if err != nil {
		return SimState{}, err
	}
	s, err := a.current()
	if err != nil {
		return SimState{}, err
	}
	if err := s.srv.SetSimData(data); err != nil {
		return SimState{}, err
	}
	saved := a.loadSettings()
	saved.updatePlaces(s.ws.Dir, func(p *simPlaces) { p.Data = data.Name })
	a.saveSettings(saved)
	return simStateOf(s.srv), nil
}

// SetFeelDistance applies the simulated network time as real delay ("feel
// the distance"), or stops.
func (a *App) SetFeelDistance(on bool) (SimState, error) {
	return a.simChange(func(srv *server.Server) error { return srv.SetFeelDistance(on) })
}

// AdvanceClock moves the simulated clock forward by a Go duration such as
// "20m" or "1h30m" (R-CACHE-6).
func (a *App) AdvanceClock(duration string) (SimState, error) {
	d, err := time.ParseDuration(strings.TrimSpace(duration))
	if err != nil {
		return SimState{}, fmt.Errorf("advance the clock by %q: write a duration such as 30s, 20m or 1h30m", duration)
	}
	return a.simChange(func(srv *server.Server) error { return srv.AdvanceSimClock(d) })
}

// PauseClock stops the simulated clock (paused) or lets it run again.
func (a *App) PauseClock(paused bool) (SimState, error) {
	return a.simChange(func(srv *server.Server) error {
		clock, err := srv.SimClock()
		if err != nil {
			return err
		}
		if paused {
			clock.Pause()
		} else {
			clock.Resume()
		}
		return nil
	})
}

// PurgeCache empties every region's CDN cache of one route's entries (""
// for all of them) and returns how many went (R-CACHE-6).
func (a *App) PurgeCache(route string) (int, error) {
	s, err := a.current()
	if err != nil {
		return 0, err
	}
	return s.srv.PurgeCache(route)
}

// EverywhereRow is the answer to the request fired from one city.
type EverywhereRow struct {
	City   string    `json:"city"`
	Status int       `json:"status"`
	Error  string    `json:"error,omitempty"`
	Sim    *SimView  `json:"sim,omitempty"`
	Place  PlaceInfo `json:"place"`
}

// everywhereParallel is how many of the "from everywhere" requests run at
// once.
const everywhereParallel = 4

// FromEverywhere fires req once from each of netsim.EverywhereCities
// (through server.ClientLocationHeader) and returns, per city, where it
// was served and its simulated network time. Each request is served and
// recorded like any other; the simulation must be on.
func (a *App) FromEverywhere(req SendRequest) ([]EverywhereRow, error) {
	s, err := a.current()
	if err != nil {
		return nil, err
	}
	if _, on := s.srv.SimClient(); !on {
		return nil, fmt.Errorf("the Vercel simulation is off: switch the top bar to Vercel to fire the request from everywhere")
	}
	cities := netsim.EverywhereCities()
	rows := make([]EverywhereRow, len(cities))
	var wg sync.WaitGroup
	sem := make(chan struct{}, everywhereParallel)
	for i, city := range cities {
		place, _ := netsim.LookupPlace(city)
		rows[i] = EverywhereRow{City: city, Place: PlaceInfo{Name: place.Name, Country: place.Country, Lat: place.Lat, Lon: place.Lon}}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			one := req
			one.Headers = append(append([]KV{}, req.Headers...), KV{Name: server.ClientLocationHeader, Value: city})
			res, err := a.send(s, one)
			switch {
			case err != nil:
				rows[i].Error = err.Error()
			default:
				rows[i].Status, rows[i].Error, rows[i].Sim = res.Status, res.Error, res.Sim
			}
		})
	}
	wg.Wait()
	return rows, nil
}

// SimulatedExchanges returns the newest exchanges recorded with the
// simulation on (of one route, or all for ""), newest first: the map
// draws their paths and the cache timeline their markers, so both explain
// replayed and historical requests too.
func (a *App) SimulatedExchanges(route string, limit int) ([]SimulatedExchange, error) {
	list, err := a.hist.Simulated(context.Background(), store.SimulatedFilter{Route: route, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]SimulatedExchange, len(list))
	for i, x := range list {
		out[i] = SimulatedExchange{ID: x.ID, Start: x.Start.UTC().Format(time.RFC3339Nano), Method: x.Method, URL: x.URL,
			Route: x.Route, Status: x.Status, Sim: *simViewOf(&x.Sim)}
	}
	return out, nil
}

// SimulatedExchange is one recorded exchange of the simulation.
type SimulatedExchange struct {
	ID     int64   `json:"id"`
	Start  string  `json:"start"`
	Method string  `json:"method"`
	URL    string  `json:"url"`
	Route  string  `json:"route"`
	Status int     `json:"status"`
	Sim    SimView `json:"sim"`
}

// CacheEventView is one event of a region's CDN cache timeline (R-CACHE-6):
// stored, hit, stale, revalidated, revalidation-failed, expired, evicted,
// purged or bypass, at a time on the simulated clock (RFC 3339).
type CacheEventView struct {
	Time   string `json:"time"`
	Region string `json:"region"`
	Kind   string `json:"kind"`
	Key    string `json:"key"`
	URL    string `json:"url"`
	Route  string `json:"route"`
	Reason string `json:"reason"`
}

// CacheEvents returns the running simulation's cache timelines, every
// region's, oldest first: what the records cannot tell (a background
// revalidation, an expiry, a purge, an eviction) for the cache timeline.
func (a *App) CacheEvents() ([]CacheEventView, error) {
	s, err := a.current()
	if err != nil {
		return nil, err
	}
	events := s.srv.CacheEvents()
	out := make([]CacheEventView, len(events))
	for i, e := range events {
		out[i] = CacheEventView{Time: simTime(e.Time), Region: e.Region, Kind: string(e.Kind), Key: e.Key, URL: e.URL, Route: e.Route, Reason: e.Reason}
	}
	return out, nil
}
