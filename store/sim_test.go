package store

import (
	"fmt"
	"testing"
	"time"
)

// TestSimulated: only exchanges recorded with the Vercel simulation come
// back, newest first, with their context, by route and bounded.
func TestSimulated(t *testing.T) {
	s, _ := openTest(t, Options{})
	for i := range 10 {
		e := Exchange{Start: t0.Add(time.Duration(i) * time.Second), Method: "GET", URL: fmt.Sprintf("/api/x?%d", i), Route: "/api/x", Status: 200}
		if i%2 == 1 {
			e.Route = "/api/y"
		}
		if i >= 4 {
			e.Sim = &SimContext{Client: "Tokyo", Entry: "hnd1", Exec: "hnd1", Cache: "HIT", CacheKey: "GET k",
				Clock: t0.Add(time.Duration(i) * time.Minute), Legs: []SimLeg{{From: "client", To: "hnd1", DistanceKm: 12, OneWay: 3 * time.Millisecond}},
				StoredAt: t0, FreshUntil: t0.Add(20 * time.Minute), StaleUntil: t0.Add(30 * time.Minute)}
		}
		mustRecord(t, s, e)
	}
	mustFlush(t, s)
	tests := []struct {
		name string
		f    SimulatedFilter
		want []string
	}{
		{"all", SimulatedFilter{}, []string{"/api/x?9", "/api/x?8", "/api/x?7", "/api/x?6", "/api/x?5", "/api/x?4"}},
		{"route", SimulatedFilter{Route: "/api/x"}, []string{"/api/x?8", "/api/x?6", "/api/x?4"}},
		{"limit", SimulatedFilter{Limit: 2}, []string{"/api/x?9", "/api/x?8"}},
		{"no such route", SimulatedFilter{Route: "/api/z"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Simulated(t.Context(), tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var urls []string
			for _, x := range got {
				urls = append(urls, x.URL)
			}
			if fmt.Sprint(urls) != fmt.Sprint(tt.want) {
				t.Fatalf("got %v, want %v", urls, tt.want)
			}
		})
	}
	got, err := s.Simulated(t.Context(), SimulatedFilter{Limit: 1})
	if err != nil || len(got) != 1 {
		t.Fatal(got, err)
	}
	x := got[0]
	if !x.Start.Equal(t0.Add(9*time.Second)) || x.Sim.Client != "Tokyo" || !x.Sim.Clock.Equal(t0.Add(9*time.Minute)) ||
		len(x.Sim.Legs) != 1 || x.Sim.Legs[0].OneWay != 3*time.Millisecond || !x.Sim.StaleUntil.Equal(t0.Add(30*time.Minute)) {
		t.Errorf("context did not round-trip: %+v", x)
	}
}
