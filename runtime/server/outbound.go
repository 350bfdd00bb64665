package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// originMap is the fetch transport: it sends requests for a mapped origin
// to the workspace's replacement (edgeplay.json "origins", R-RT-5), and
// explains how to map an origin that cannot be reached.
type originMap struct {
	base    http.RoundTripper
	origins map[string]string
}

// fetchLegKey marks a handler's context with the Vercel simulation's
// outbound leg (platform.go): each fetch is counted, and delayed when the
// distance is felt.
type fetchLegKey struct{}

// fetchLeg is the simulated exec → data round trip of one outbound fetch.
type fetchLeg struct {
	fetches atomic.Int64
	delay   time.Duration // 0 unless the distance is felt
}

// RoundTrip rewrites the request's origin when mapped, then sends it.
func (m *originMap) RoundTrip(req *http.Request) (*http.Response, error) {
	if leg, ok := req.Context().Value(fetchLegKey{}).(*fetchLeg); ok {
		leg.fetches.Add(1)
		if !sleepCtx(req.Context(), leg.delay) {
			return nil, req.Context().Err()
		}
	}
	origin := strings.ToLower(req.URL.Scheme + "://" + req.URL.Host)
	switch req.URL.Scheme {
	case "https":
		origin = strings.TrimSuffix(origin, ":443")
	case "http":
		origin = strings.TrimSuffix(origin, ":80")
	}
	target, mapped := m.origins[origin]
	if mapped {
		u, err := url.Parse(target)
		if err != nil {
			return nil, fmt.Errorf("origin map %s → %s: %w", origin, target, err)
		}
		out := req.Clone(req.Context())
		out.URL.Scheme, out.URL.Host = u.Scheme, u.Host
		out.Host = u.Host
		req = out
	}
	res, err := m.base.RoundTrip(req)
	if err != nil {
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return nil, ctxErr // cancelled or timed out, not unreachable
		}
		if mapped {
			return nil, fmt.Errorf("%s is mapped to %s in edgeplay.json, which did not answer: %w", origin, target, err)
		}
		return nil, fmt.Errorf("could not reach %s (%w); to work offline, map it to a local server in the workspace's edgeplay.json: {\"origins\": {%q: \"http://127.0.0.1:9000\"}}", origin, err, origin)
	}
	return res, nil
}
