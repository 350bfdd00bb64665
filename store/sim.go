package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Simulated is a recorded exchange of the Vercel simulation, as the map and
// the cache timeline draw it.
type Simulated struct {
	ID     int64
	Start  time.Time
	Method string
	URL    string
	Route  string
	Status int
	Sim    SimContext
}

// SimulatedFilter selects simulated exchanges; the zero value takes the
// newest DefaultSimulatedLimit of any route.
type SimulatedFilter struct {
	// Route keeps one route's exchanges ("" for all).
	Route string
	// Limit bounds the answer (0: DefaultSimulatedLimit; at most
	// MaxSimulatedLimit).
	Limit int
}

// DefaultSimulatedLimit and MaxSimulatedLimit bound Store.Simulated.
const (
	DefaultSimulatedLimit = 500
	MaxSimulatedLimit     = 5000
)

// Simulated returns the newest exchanges recorded with the Vercel
// simulation on (those with a SimContext), newest first. Partial indexes
// hold them (by time, and by route and time), so the answer costs the same
// however much other history surrounds them.
func (s *Store) Simulated(ctx context.Context, f SimulatedFilter) ([]Simulated, error) {
	if s.isClosed() {
		return nil, fmt.Errorf("simulated exchanges: %w", ErrClosed)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultSimulatedLimit
	}
	limit = min(limit, MaxSimulatedLimit)
	q := `SELECT id, start_ns, method, url, route, status, sim FROM exchanges INDEXED BY exchanges_sim WHERE sim != ''`
	args := []any{}
	if f.Route != "" {
		q = `SELECT id, start_ns, method, url, route, status, sim FROM exchanges INDEXED BY exchanges_sim_route WHERE sim != '' AND route = ?`
		args = append(args, f.Route)
	}
	q += ` ORDER BY start_ns DESC, id DESC LIMIT ?`
	rows, err := s.db.QueryContext(ctx, q, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("simulated exchanges in %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []Simulated
	for rows.Next() {
		var (
			x       Simulated
			startNS int64
			simJSON string
		)
		if err := rows.Scan(&x.ID, &startNS, &x.Method, &x.URL, &x.Route, &x.Status, &simJSON); err != nil {
			return nil, fmt.Errorf("simulated exchanges in %s: %w", s.path, err)
		}
		if err := json.Unmarshal([]byte(simJSON), &x.Sim); err != nil {
			return nil, fmt.Errorf("simulated exchange %d in %s: %w", x.ID, s.path, err)
		}
		x.Start = fromUnixNano(startNS)
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("simulated exchanges in %s: %w", s.path, err)
	}
	return out, nil
}
