package server

import (
	"encoding/json"
	"net/http"
	"strings"

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
