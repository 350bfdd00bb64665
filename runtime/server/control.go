package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"edgeplay/runtime/netsim"
)

// ControlPrefix is the reserved path prefix of Edgeplay's local control
// API: scripts and tests drive the simulation through it headless (issue
// 8). Paths under it never reach a handler and are not recorded.
const ControlPrefix = "/_edgeplay/"

// controlEndpoint is one endpoint of the control API, as its index lists it.
type controlEndpoint struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Does   string `json:"does"`
}

// controlEndpoints lists the control API.
func controlEndpoints() []controlEndpoint {
	return []controlEndpoint{
		{"GET", ControlPrefix, "this list"},
		{"GET", ControlPrefix + "regions", "the Vercel regions: id, city, coordinates (R-REGION-1)"},
		{"GET", ControlPrefix + "clock", "the CDN cache's simulated clock: now, paused (R-CACHE-6)"},
		{"POST", ControlPrefix + "clock", `move the clock: {"advance":"20m"}, {"pause":true} or {"resume":true}`},
		{"GET", ControlPrefix + "cache", "every region's cache entries and timeline of events (R-CACHE-6)"},
		{"POST", ControlPrefix + "cache/purge", `purge: {"all":true}, {"route":"/api/x"} or {"url":"/api/x?y=1"}`},
		{"GET", ControlPrefix + "latency", "the latency model and whether it is felt as real delay (R-REGION-3)"},
		{"POST", ControlPrefix + "latency", `feel the distance: {"feel":true} applies the simulated network time as real delay, {"feel":false} stops`},
		{"GET", ControlPrefix + "client", "the simulated client location"},
		{"POST", ControlPrefix + "client", `set it: {"location":"Tokyo"} (a city, a region id, or "LAT,LON"); for one request, send the header ` + ClientLocationHeader + ": Tokyo"},
		{"GET", ControlPrefix + "data", "the simulated data source the handlers fetch from (R-REGION-3)"},
		{"POST", ControlPrefix + "data", `move it: {"location":"fra1"} (a region id, a city, or "LAT,LON")`},
	}
}

// serveControl answers a request under ControlPrefix.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, ControlPrefix)
	switch {
	case path == "" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		writeControlJSON(w, http.StatusOK, map[string]any{"endpoints": controlEndpoints()})
	case path == "regions" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		writeControlJSON(w, http.StatusOK, map[string]any{"regions": netsim.Regions(), "home": netsim.HomeRegion})
	case path == "clock" || path == "cache" || path == "cache/purge" || path == "client" || path == "data" || path == "latency":
		if s.platform == nil {
			writeControlJSON(w, http.StatusConflict, map[string]any{"error": "the Vercel simulation is off: start edgeplay serve with --vercel (or --cdn) to use " + r.URL.Path})
			return
		}
		s.platform.control(w, r, path)
	default:
		writeControlJSON(w, http.StatusNotFound, map[string]any{
			"error":     r.Method + " " + r.URL.Path + " is not an endpoint of Edgeplay's control API",
			"endpoints": controlEndpoints(),
		})
	}
}

func writeControlJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the client may have gone; nothing to do about it
}

// control answers the simulation's endpoints: the clock, the caches and
// the client location.
func (p *platform) control(w http.ResponseWriter, r *http.Request, path string) {
	var body struct {
		Advance  string `json:"advance"`
		Pause    bool   `json:"pause"`
		Resume   bool   `json:"resume"`
		All      bool   `json:"all"`
		Route    string `json:"route"`
		URL      string `json:"url"`
		Location string `json:"location"`
		Feel     *bool  `json:"feel"`
	}
	if r.Method == http.MethodPost || r.Method == http.MethodPut {
		dec := json.NewDecoder(io.LimitReader(r.Body, 1<<16))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil {
			writeControlJSON(w, http.StatusBadRequest, map[string]any{"error": "the body must be a JSON object: " + err.Error()})
			return
		}
	} else if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeControlJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": r.Method + " is not allowed here", "endpoints": controlEndpoints()})
		return
	}
	post := r.Method == http.MethodPost || r.Method == http.MethodPut
	switch path {
	case "clock":
		if post {
			switch {
			case body.Advance != "":
				d, err := time.ParseDuration(body.Advance)
				if err == nil {
					err = p.advance(d)
				}
				if err != nil {
					writeControlJSON(w, http.StatusBadRequest, map[string]any{"error": fmt.Sprintf("advance %q: %v (write a Go duration such as 20m or 1h30m)", body.Advance, err)})
					return
				}
			case body.Pause:
				p.clock.Pause()
			case body.Resume:
				p.clock.Resume()
			default:
				writeControlJSON(w, http.StatusBadRequest, map[string]any{"error": `say what to do: {"advance":"20m"}, {"pause":true} or {"resume":true}`})
				return
			}
		}
		writeControlJSON(w, http.StatusOK, map[string]any{"now": p.clock.Now().UTC().Format(time.RFC3339Nano), "paused": p.clock.Paused()})
	case "cache":
		if post {
			writeControlJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "POST " + ControlPrefix + "cache/purge to purge"})
			return
		}
		type regionCache struct {
			Region  string             `json:"region"`
			Entries []netsim.EntryInfo `json:"entries"`
			Events  []netsim.Event     `json:"events"`
		}
		var out []regionCache
		for _, c := range p.allCaches() {
			out = append(out, regionCache{Region: c.Region(), Entries: c.Entries(), Events: c.Events()})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Region < out[j].Region })
		writeControlJSON(w, http.StatusOK, map[string]any{"now": p.clock.Now().UTC().Format(time.RFC3339Nano), "caches": out})
	case "cache/purge":
		if !post {
			writeControlJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "purge with POST"})
			return
		}
		if !body.All && body.Route == "" && body.URL == "" {
			writeControlJSON(w, http.StatusBadRequest, map[string]any{"error": `say what to purge: {"all":true}, {"route":"/api/x"} or {"url":"/api/x?y=1"}`})
			return
		}
		writeControlJSON(w, http.StatusOK, map[string]any{"purged": p.purge(body.All, body.Route, body.URL)})
	case "latency":
		if post {
			if body.Feel == nil {
				writeControlJSON(w, http.StatusBadRequest, map[string]any{"error": `say {"feel":true} or {"feel":false}`})
				return
			}
			p.feel.Store(*body.Feel)
		}
		writeControlJSON(w, http.StatusOK, map[string]any{"feel": p.feel.Load(), "kmPerMs": p.model.KmPerMs, "pathFactor": p.model.PathFactor,
			"perHopMs": float64(p.model.PerHop.Microseconds()) / 1000, "note": "Edgeplay's own model (R-REGION-3): distance ÷ kmPerMs × pathFactor + perHop per leg"})
	case "client":
		if post {
			place, err := netsim.ParseLocation(body.Location)
			if err != nil {
				writeControlJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
				return
			}
			p.client.Store(&place)
		}
		writeControlJSON(w, http.StatusOK, map[string]any{"client": p.client.Load()})
	case "data":
		if post {
			data, err := netsim.ParseDataSource(body.Location)
			if err != nil {
				writeControlJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
				return
			}
			p.data.Store(&data)
		}
		writeControlJSON(w, http.StatusOK, map[string]any{"data": p.data.Load()})
	}
}
