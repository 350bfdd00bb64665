package main

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"edgeplay/runtime/netsim"
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
// "LAT,LON") and remembers it.
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
	saved.Client = location
	a.saveSettings(saved)
	return a.stateOf(s), nil
}
