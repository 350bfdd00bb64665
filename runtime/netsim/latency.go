package netsim

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"strconv"
	"strings"
	"time"
)

// LatencyModel is Edgeplay's own latency model (R-REGION-3), shown to the
// user as such: it makes "put the function next to its data" visible and
// does not predict real milliseconds. The one-way time of a leg between
// two points is
//
//	DistanceKm ÷ KmPerMs × PathFactor + PerHop
//
// The zero LatencyModel is not valid; start from DefaultLatencyModel.
type LatencyModel struct {
	// KmPerMs is the signal speed: 200 km/ms, light in optical fibre
	// (about two thirds of c).
	KmPerMs float64 `json:"kmPerMs"`
	// PathFactor stretches the great circle to the route cables and
	// routers actually take: 1.5 by default, settable, at least 1.
	PathFactor float64 `json:"pathFactor"`
	// PerHop is the fixed cost of every leg, whatever its length: the
	// last mile, queueing and the proxy's own work at each end. The
	// default, 2 ms, is a typical same-city round trip's half; it keeps a
	// same-city leg from being free while leaving long-distance legs
	// (Paris–Washington: 46 ms of distance + 2 ms) dominated by distance.
	PerHop time.Duration `json:"perHop"`
}

// Defaults of DefaultLatencyModel.
const (
	DefaultKmPerMs    = 200.0
	DefaultPathFactor = 1.5
	DefaultPerHop     = 2 * time.Millisecond
)

// DefaultLatencyModel returns R-REGION-3's model: 200 km/ms, path factor
// 1.5, 2 ms per hop.
func DefaultLatencyModel() LatencyModel {
	return LatencyModel{KmPerMs: DefaultKmPerMs, PathFactor: DefaultPathFactor, PerHop: DefaultPerHop}
}

// Validate reports whether the model's numbers make sense: a positive
// finite speed, a finite path factor of at least 1 (no path is shorter
// than the great circle), and a non-negative per-hop cost.
func (m LatencyModel) Validate() error {
	switch {
	case !(m.KmPerMs > 0) || math.IsInf(m.KmPerMs, 0):
		return fmt.Errorf("latency model: speed %v km/ms must be a positive number (light in fibre is %v)", m.KmPerMs, DefaultKmPerMs)
	case !(m.PathFactor >= 1) || math.IsInf(m.PathFactor, 0):
		return fmt.Errorf("latency model: path factor %v must be a number of at least 1 (default %v)", m.PathFactor, DefaultPathFactor)
	case m.PerHop < 0:
		return fmt.Errorf("latency model: per-hop cost %v must not be negative (default %v)", m.PerHop, DefaultPerHop)
	}
	return nil
}

// OneWay returns the one-way time of a leg from a to b, rounded to the
// microsecond. Every leg pays PerHop, even one of zero length (two
// machines in the same city); a leg that does not happen — entry and
// execution in the same region — is simply not a leg (see Route). m must
// be valid (see Validate).
func (m LatencyModel) OneWay(a, b Point) time.Duration {
	ms := DistanceKm(a, b) / m.KmPerMs * m.PathFactor
	return time.Duration(math.Round(ms*1000))*time.Microsecond + m.PerHop
}

// FetchLatency returns the round-trip time of one outbound fetch from a
// function executing in exec to a data source at data: twice the one-way
// time of the leg (R-REGION-3). m must be valid.
func FetchLatency(exec Region, data Point, m LatencyModel) time.Duration {
	return 2 * m.OneWay(exec.Point(), data)
}

// DataSource is where the data a handler talks to lives, placed on the
// map (R-REGION-3): a region's coordinates or any point.
type DataSource struct {
	// Name labels the source for display, e.g. "iad1" or "48.85,2.35".
	Name string `json:"name"`
	// Point is where the source is.
	Point Point `json:"point"`
}

// ParseDataSource reads the data-source setting: a region id ("iad1"),
// "LAT,LON" in decimal degrees, or a built-in place name ("Frankfurt").
// The Name is the region id, the point as written back by Point.String,
// or the place name.
func ParseDataSource(s string) (DataSource, error) {
	s = strings.TrimSpace(s)
	if r, ok := LookupRegion(strings.ToLower(s)); ok {
		return DataSource{Name: r.ID, Point: r.Point()}, nil
	}
	p, err := ParseLocation(s)
	if err != nil {
		return DataSource{}, fmt.Errorf("data source: %w", err)
	}
	return DataSource{Name: p.Label(), Point: p.Point}, nil
}

// Leg is one network leg of a request's path.
type Leg struct {
	// From and To name the ends for display: "client (Paris)", "cdg1",
	// "data (iad1)".
	From string `json:"from"`
	To   string `json:"to"`
	// FromPoint and ToPoint are the ends' positions.
	FromPoint Point `json:"fromPoint"`
	ToPoint   Point `json:"toPoint"`
	// Distance is the great-circle length in kilometres.
	Distance float64 `json:"distanceKm"`
	// OneWay is the leg's one-way time; zero for a leg that does not
	// happen (entry and execution in the same region).
	OneWay time.Duration `json:"oneWay"`
}

// Path is where one request goes and what each leg costs (R-REGION-2,
// R-REGION-3).
type Path struct {
	// Client is where the request comes from.
	Client Place `json:"client"`
	// Entry is the point of presence nearest the client, where the
	// request enters Vercel's network.
	Entry Region `json:"entry"`
	// Exec is the region the function executes in.
	Exec Region `json:"exec"`
	// Data is the data source the handler talks to; nil if none is placed.
	Data *DataSource `json:"data,omitempty"`
	// Legs are, in order: client → entry; entry → exec (zero distance and
	// time when Entry and Exec are the same region: no hop); and, only
	// when Data is set, exec → data.
	Legs []Leg `json:"legs"`
	// Request is the network time of a request without outbound fetches:
	// 2 × (client → entry + entry → exec), there and back.
	Request time.Duration `json:"request"`
	// Fetch is the round trip of one outbound fetch: 2 × (exec → data);
	// zero without Data.
	Fetch time.Duration `json:"fetch"`
	// RoundTrip is Request + Fetch: one request that makes one outbound
	// fetch (none without Data), sequentially. Handler time is not
	// included.
	RoundTrip time.Duration `json:"roundTrip"`
}

// Total returns the network time of one request that makes the given
// number of sequential outbound fetches: Request + fetches × Fetch.
func (p Path) Total(fetches int) time.Duration {
	return p.Request + time.Duration(max(fetches, 0))*p.Fetch
}

// SelectRegions picks where a request from client enters and executes
// (R-REGION-2). It enters at the region nearest the client. regions is
// the route's config.regions: empty, or containing "all" or "auto",
// executes in the region nearest the client; otherwise in the listed
// region nearest the client, "home" standing for the home region (empty
// home means HomeRegion, iad1). An unknown id in regions or in home is an
// error listing the valid values (R-REGION-1).
func SelectRegions(client Point, regions []string, home string) (entry, exec Region, err error) {
	all := Regions()
	entry = NearestRegion(client, all)
	if home == "" {
		home = HomeRegion
	}
	homeRegion, ok := LookupRegion(home)
	if !ok {
		return Region{}, Region{}, fmt.Errorf("unknown home region %q: valid regions are %s", home, ValidRegionsText())
	}
	candidates := make([]Region, 0, len(regions))
	anywhere := len(regions) == 0
	for _, id := range regions {
		switch id {
		case "all", "auto":
			anywhere = true
		case "home":
			candidates = append(candidates, homeRegion)
		default:
			r, ok := LookupRegion(id)
			if !ok {
				return Region{}, Region{}, fmt.Errorf("unknown region %q in config.regions: valid values are %s", id, ValidRegionsText())
			}
			candidates = append(candidates, r)
		}
	}
	if anywhere {
		return entry, entry, nil
	}
	return entry, NearestRegion(client, candidates), nil
}

// Route works out a request's path from client to the region it executes
// in and on to the data source (nil: none), with each leg's cost under m
// (R-REGION-2, R-REGION-3). regions and home are as for SelectRegions.
func Route(client Place, regions []string, home string, data *DataSource, m LatencyModel) (Path, error) {
	if err := m.Validate(); err != nil {
		return Path{}, err
	}
	if !client.Point.Valid() {
		return Path{}, fmt.Errorf("route: client location %v is not on the globe", client.Point)
	}
	if data != nil && !data.Point.Valid() {
		return Path{}, fmt.Errorf("route: data source %q at %v is not on the globe", data.Name, data.Point)
	}
	entry, exec, err := SelectRegions(client.Point, regions, home)
	if err != nil {
		return Path{}, fmt.Errorf("route: %w", err)
	}
	leg := func(from, to string, a, b Point) Leg {
		return Leg{From: from, To: to, FromPoint: a, ToPoint: b, Distance: DistanceKm(a, b), OneWay: m.OneWay(a, b)}
	}
	p := Path{Client: client, Entry: entry, Exec: exec}
	in := leg("client ("+client.Label()+")", entry.ID, client.Point, entry.Point())
	hop := Leg{From: entry.ID, To: exec.ID, FromPoint: entry.Point(), ToPoint: exec.Point()}
	if exec.ID != entry.ID {
		hop = leg(entry.ID, exec.ID, entry.Point(), exec.Point())
	}
	p.Legs = []Leg{in, hop}
	p.Request = 2 * (in.OneWay + hop.OneWay)
	if data != nil {
		d := *data
		p.Data = &d
		out := leg(exec.ID, "data ("+d.Name+")", exec.Point(), d.Point)
		p.Legs = append(p.Legs, out)
		p.Fetch = 2 * out.OneWay
	}
	p.RoundTrip = p.Request + p.Fetch
	return p, nil
}

// VercelID formats an x-vercel-id header value. Vercel's is the regions a
// request passed through, then a request id:
// "cdg1::iad1::5lk6x-1704551507000-4d96ae5b07e7" for a function that ran
// in iad1 after entering at cdg1, "cdg1::5lk6x-…" for a response served
// at the edge without a function (pass a zero exec). The id is five
// base-36 characters, the Unix time in milliseconds and twelve hex
// digits. Here the first part is a bijective scramble of n modulo 36⁵ (so
// consecutive requests look unrelated yet never collide within 60 million),
// and the hex part a hash of all inputs: the result is deterministic. A
// zero entry is written "dev1", as `vercel dev` does.
func VercelID(entry, exec Region, at time.Time, n uint64) string {
	if entry.ID == "" {
		entry.ID = "dev1"
	}
	const space = 36 * 36 * 36 * 36 * 36 // 36⁵
	// 48271 is prime and neither 2 nor 3, hence coprime with 36⁵: the map
	// is a bijection on 0..36⁵-1.
	short := strconv.FormatUint((n%space*48271+1299709)%space, 36)
	short = strings.Repeat("0", 5-len(short)) + short
	ms := at.UnixMilli()
	h := fnv.New64a()
	h.Write([]byte(entry.ID + "::" + exec.ID + "::"))
	var buf [16]byte
	binary.BigEndian.PutUint64(buf[:8], uint64(ms))
	binary.BigEndian.PutUint64(buf[8:], n)
	h.Write(buf[:])
	hexPart := fmt.Sprintf("%012x", h.Sum64()&(1<<48-1))
	parts := []string{entry.ID}
	if exec.ID != "" {
		parts = append(parts, exec.ID)
	}
	parts = append(parts, short+"-"+strconv.FormatInt(ms, 10)+"-"+hexPart)
	return strings.Join(parts, "::")
}
