package main

import (
	"strings"
	"testing"
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
	if s := app.loadSettings(); !s.Vercel || s.Client != "Tokyo" {
		t.Errorf("saved: %+v", s)
	}
	if st, err := app.SetVercelMode(false); err != nil || st.Vercel {
		t.Errorf("off: %+v %v", st, err)
	}
	if places := app.Places(); len(places) < 40 {
		t.Errorf("%d places", len(places))
	}
}
