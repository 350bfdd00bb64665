package main

import (
	"strings"
	"testing"
	"time"

	"edgeplay/runtime/netsim"
	"edgeplay/runtime/server"
)

// TestAppVercelMode: the window turns the simulation on (the server
// restarts on the same address), responses come through the CDN cache,
// the client can be moved, records show where requests ran, and the
// choice is saved.
func TestAppVercelMode(t *testing.T) {
	app := newTestApp(t)
	before, err := app.State()
	if err != nil || before.Vercel {
		t.Fatalf("initial state %+v %v", before, err)
	}
	st, err := app.SetVercelMode(true)
	if err != nil || !st.Vercel || st.Client != "Washington D.C." || st.ServerURL != before.ServerURL {
		t.Fatalf("on: %+v %v", st, err)
	}
	cacheOf := func(res SendResult) string {
		for _, h := range res.Headers {
			if h.Name == "x-vercel-cache" {
				return h.Value
			}
		}
		return ""
	}
	first, err := app.Send(SendRequest{Method: "GET", Path: "/api/cache-control"})
	if err != nil || first.Status != 200 || cacheOf(first) != "MISS" {
		t.Fatalf("first: %+v %v", first, err)
	}
	if second, _ := app.Send(SendRequest{Method: "GET", Path: "/api/cache-control"}); cacheOf(second) != "HIT" {
		t.Errorf("second: %+v", second.Headers)
	}
	if st, err := app.SetClientLocation("Tokyo"); err != nil || st.Client != "Tokyo" {
		t.Fatalf("client: %+v %v", st, err)
	}
	if _, err := app.SetClientLocation("Atlantis"); err == nil || !strings.Contains(err.Error(), "unknown client location") {
		t.Errorf("bad location: %v", err)
	}
	if _, err := app.Send(SendRequest{Method: "GET", Path: "/api/json"}); err != nil {
		t.Fatal(err)
	}
	page := waitForHistory(t, app, 3)
	d, err := app.Exchange(page.Items[0].ID)
	if err != nil || d.Sim == nil || d.Sim.Client != "Tokyo" || d.Sim.Entry != "hnd1" || d.Sim.Cache != "BYPASS" {
		t.Errorf("record: %+v %v", d.Sim, err)
	}
	if s, dir := app.loadSettings(), st.Workspace.Dir; !s.Vercel || s.Places[dir].Client != "Tokyo" {
		t.Errorf("saved: %+v", s)
	}
	if st, err := app.SetVercelMode(false); err != nil || st.Vercel {
		t.Errorf("off: %+v %v", st, err)
	}
	if places := app.Places(); len(places) < 40 {
		t.Errorf("%d places", len(places))
	}
}

// TestAppSimulationControls: the window's map and cache timeline
// controls: the data source, the clock, feel-the-distance, purge, "from
// everywhere", and the recorded exchanges they are drawn from.
func TestAppSimulationControls(t *testing.T) {
	app := newTestApp(t)
	if st, err := app.Simulation(); err != nil || st.On {
		t.Fatalf("off: %+v %v", st, err)
	}
	if regions := app.Regions(); len(regions) != len(netsim.Regions()) || regions[0].ID == "" || regions[0].Lat == 0 {
		t.Errorf("regions for the map: %+v", regions)
	}
	if _, err := app.AdvanceClock("20m"); err == nil || !strings.Contains(err.Error(), "Vercel simulation is off") {
		t.Errorf("clock while off: %v", err)
	}
	if _, err := app.FromEverywhere(SendRequest{Method: "GET", Path: "/api/json"}); err == nil || !strings.Contains(err.Error(), "switch the top bar to Vercel") {
		t.Errorf("everywhere while off: %v", err)
	}
	if _, err := app.SetVercelMode(true); err != nil {
		t.Fatal(err)
	}
	st, err := app.Simulation()
	if err != nil || !st.On || st.Home != "iad1" || st.Client.Name != "Washington D.C." || st.Data.Name != "iad1" || st.Clock == "" {
		t.Fatalf("on: %+v %v", st, err)
	}
	if st, err = app.PauseClock(true); err != nil || !st.Paused {
		t.Fatalf("pause: %+v %v", st, err)
	}
	res, err := app.Send(SendRequest{Method: "GET", Path: "/api/cache-control"})
	if err != nil || res.Sim == nil || res.Sim.Cache != "MISS" || res.Sim.Clock != st.Clock || len(res.Sim.Legs) != 3 || res.Sim.StaleUntil == "" {
		t.Fatalf("send: %+v %v", res.Sim, err)
	}
	before := st.Clock
	if st, err = app.AdvanceClock("21m"); err != nil || st.Clock <= before {
		t.Fatalf("advance: %+v %v", st, err)
	}
	if _, err := app.AdvanceClock("soon"); err == nil || !strings.Contains(err.Error(), "20m") {
		t.Errorf("bad duration: %v", err)
	}
	if res, _ := app.Send(SendRequest{Method: "GET", Path: "/api/cache-control"}); res.Sim == nil || res.Sim.Cache != "STALE" {
		t.Errorf("after 21 minutes: %+v", res.Sim)
	}
	if st, err = app.SetDataLocation("Frankfurt"); err != nil || st.Data.Name != "Frankfurt" || st.Data.Lat < 50 {
		t.Errorf("data: %+v %v", st, err)
	}
	if _, err := app.SetDataLocation("Atlantis"); err == nil {
		t.Error("bad data location accepted")
	}
	if st, err = app.SetFeelDistance(true); err != nil || !st.Feel {
		t.Errorf("feel: %+v %v", st, err)
	}
	if _, err := app.SetFeelDistance(false); err != nil {
		t.Fatal(err)
	}
	if n, err := app.PurgeCache("/api/cache-control"); err != nil || n != 1 {
		t.Errorf("purge: %d %v", n, err)
	}
	rows, err := app.FromEverywhere(SendRequest{Method: "GET", Path: "/api/cache-control"})
	if err != nil || len(rows) != 12 {
		t.Fatalf("everywhere: %d rows, %v", len(rows), err)
	}
	byCity := map[string]EverywhereRow{}
	for _, r := range rows {
		if r.Status != 200 || r.Sim == nil || r.Sim.Client != r.City {
			t.Errorf("%s: %+v", r.City, r)
		}
		byCity[r.City] = r
	}
	if r := byCity["Tokyo"]; r.Sim == nil || r.Sim.Entry != "hnd1" || r.Sim.Cache != "MISS" {
		t.Errorf("Tokyo: %+v", r.Sim)
	}
	// The data is in Frankfurt: a MISS from Sydney runs in syd1 and its
	// network time is the way to syd1 and back (no fetch), as the model
	// says; a HIT is only the way to the entry point and back.
	sydney, _ := netsim.LookupPlace("Sydney")
	frankfurt, _ := netsim.ParseDataSource("Frankfurt")
	want, err := netsim.Route(sydney, nil, netsim.HomeRegion, &frankfurt, netsim.DefaultLatencyModel())
	if err != nil {
		t.Fatal(err)
	}
	if r := byCity["Sydney"]; r.Sim == nil || r.Sim.Exec != "syd1" || r.Sim.Cache != "MISS" || r.Sim.NetworkMs != ms(want.Request) || len(r.Sim.Legs) != 3 {
		t.Errorf("Sydney: %+v, want %v", r.Sim, want.Request)
	}
	if again, _ := app.Send(SendRequest{Method: "GET", Path: "/api/cache-control", Headers: []KV{{Name: server.ClientLocationHeader, Value: "Sydney"}}}); again.Sim == nil ||
		again.Sim.Cache != "HIT" || again.Sim.NetworkMs != ms(2*want.Legs[0].OneWay) || len(again.Sim.Legs) != 1 || strings.Count(again.Sim.VercelID, "::") != 1 {
		t.Errorf("a HIT from Sydney: %+v", again.Sim)
	}
	state, err := app.State()
	if err != nil {
		t.Fatal(err)
	}
	dir := state.Workspace.Dir
	if s := app.loadSettings(); s.Places[dir].Data != "Frankfurt" || s.Places[dir].Client != "" {
		t.Errorf("saved: %+v (a fired request must not move the client)", s)
	}
	list := waitForSimulated(t, app, 14)
	if list[0].Route != "/api/cache-control" || list[0].Sim.CacheKey == "" || list[len(list)-1].Sim.Cache != "MISS" {
		t.Errorf("simulated exchanges: %+v", list[0])
	}
	if none, err := app.SimulatedExchanges("/api/nothing", 0); err != nil || len(none) != 0 {
		t.Errorf("other route: %v %v", none, err)
	}
}

// waitForSimulated waits until the history holds n simulated exchanges.
func waitForSimulated(t *testing.T, app *App, n int) []SimulatedExchange {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		list, err := app.SimulatedExchanges("", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) >= n || time.Now().After(deadline) {
			if len(list) < n {
				t.Fatalf("%d simulated exchanges, want %d", len(list), n)
			}
			return list
		}
		time.Sleep(20 * time.Millisecond)
	}
}
