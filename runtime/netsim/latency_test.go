package netsim

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// ms writes a duration in (fractional) milliseconds for the tables.
func ms(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }

// TestLatencyModel: R-REGION-3's formula with explicit numbers.
func TestLatencyModel(t *testing.T) {
	def := DefaultLatencyModel()
	if def != (LatencyModel{KmPerMs: 200, PathFactor: 1.5, PerHop: 2 * time.Millisecond}) {
		t.Fatalf("DefaultLatencyModel = %+v", def)
	}
	cdg1, iad1 := mustRegion(t, "cdg1"), mustRegion(t, "iad1")
	for _, tc := range []struct {
		name string
		m    LatencyModel
		a, b Point
		want time.Duration
	}{
		// 10007.543 km ÷ 200 × 1.5 = 75.057 ms, + 2 ms.
		{"quarter equator", def, Point{0, 0}, Point{0, 90}, ms(77.057)},
		{"quarter equator, straight fibre, no hop cost", LatencyModel{200, 1, 0}, Point{0, 0}, Point{0, 90}, ms(50.038)},
		{"quarter equator, path factor 2, 5 ms hops", LatencyModel{200, 2, 5 * time.Millisecond}, Point{0, 0}, Point{0, 90}, ms(105.075)},
		// 6164.539 km ÷ 200 × 1.5 = 46.234 ms, + 2 ms.
		{"cdg1 → iad1", def, cdg1.Point(), iad1.Point(), ms(48.234)},
		{"iad1 → cdg1", def, iad1.Point(), cdg1.Point(), ms(48.234)},
		{"same place pays the hop", def, cdg1.Point(), cdg1.Point(), ms(2)},
	} {
		if got := tc.m.OneWay(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: OneWay = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := FetchLatency(iad1, cdg1.Point(), def); got != ms(96.468) {
		t.Errorf("FetchLatency(iad1 → Paris) = %v, want 96.468ms", got)
	}
	if got := FetchLatency(iad1, iad1.Point(), def); got != ms(4) {
		t.Errorf("FetchLatency next door = %v, want 4ms", got)
	}
}

// TestLatencyModelValidate: nonsense settings are refused.
func TestLatencyModelValidate(t *testing.T) {
	for _, tc := range []struct {
		m       LatencyModel
		wantErr string
	}{
		{DefaultLatencyModel(), ""},
		{LatencyModel{KmPerMs: 300, PathFactor: 1, PerHop: 0}, ""},
		{LatencyModel{}, "speed"},
		{LatencyModel{KmPerMs: -1, PathFactor: 1.5}, "speed"},
		{LatencyModel{KmPerMs: 200, PathFactor: 0.9}, "path factor"},
		{LatencyModel{KmPerMs: 200, PathFactor: 1.5, PerHop: -time.Millisecond}, "per-hop"},
	} {
		err := tc.m.Validate()
		if (tc.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("Validate(%+v) = %v, want error mentioning %q", tc.m, err, tc.wantErr)
		}
	}
	if _, err := Route(mustPlace(t, "Paris"), nil, "", nil, LatencyModel{}); err == nil {
		t.Error("Route accepted the zero model")
	}
}

// TestRouteRegions: where a request enters and executes, client city ×
// config.regions (R-REGION-2).
func TestRouteRegions(t *testing.T) {
	for _, tc := range []struct {
		client    string
		regions   []string
		home      string
		wantEntry string
		wantExec  string
	}{
		{"Paris", nil, "", "cdg1", "cdg1"},
		{"Paris", []string{}, "", "cdg1", "cdg1"},
		{"Paris", []string{"all"}, "", "cdg1", "cdg1"},
		{"Paris", []string{"auto"}, "", "cdg1", "cdg1"},
		{"Paris", []string{"sfo1", "all"}, "", "cdg1", "cdg1"},
		{"Paris", []string{"sfo1", "iad1"}, "", "cdg1", "iad1"},
		{"Tokyo", []string{"sfo1", "iad1"}, "", "hnd1", "sfo1"},
		{"Sydney", []string{"home"}, "", "syd1", "iad1"},
		{"Sydney", []string{"home"}, "sin1", "syd1", "sin1"},
		{"Sydney", []string{"home", "hnd1"}, "", "syd1", "hnd1"},
		{"São Paulo", []string{"gru1"}, "", "gru1", "gru1"},
		{"São Paulo", nil, "", "gru1", "gru1"},
		{"New York", nil, "", "iad1", "iad1"},
		{"New York", []string{"fra1", "sfo1"}, "", "iad1", "sfo1"},
		{"Los Angeles", []string{"fra1", "sfo1"}, "", "sfo1", "sfo1"},
		{"Osaka", []string{"hnd1"}, "", "kix1", "hnd1"},
		{"Nairobi", []string{"iad1", "iad1"}, "", "dxb1", "iad1"},
	} {
		name := tc.client + " " + strings.Join(tc.regions, ",") + " home=" + tc.home
		t.Run(name, func(t *testing.T) {
			client := mustPlace(t, tc.client)
			entry, exec, err := SelectRegions(client.Point, tc.regions, tc.home)
			if err != nil {
				t.Fatal(err)
			}
			if entry.ID != tc.wantEntry || exec.ID != tc.wantExec {
				t.Errorf("SelectRegions = %s/%s, want %s/%s", entry.ID, exec.ID, tc.wantEntry, tc.wantExec)
			}
			p, err := Route(client, tc.regions, tc.home, nil, DefaultLatencyModel())
			if err != nil {
				t.Fatal(err)
			}
			if p.Entry.ID != tc.wantEntry || p.Exec.ID != tc.wantExec {
				t.Errorf("Route = %s/%s, want %s/%s", p.Entry.ID, p.Exec.ID, tc.wantEntry, tc.wantExec)
			}
		})
	}
}

// TestRouteErrors: unknown ids are errors listing the valid values
// (R-REGION-1); points off the globe are refused.
func TestRouteErrors(t *testing.T) {
	paris := mustPlace(t, "Paris")
	for _, tc := range []struct {
		name    string
		client  Place
		regions []string
		home    string
		data    *DataSource
		wantErr string
	}{
		{"unknown region", paris, []string{"iad1", "xyz1"}, "", nil, `unknown region "xyz1" in config.regions`},
		{"upper-case id", paris, []string{"SFO1"}, "", nil, `unknown region "SFO1"`},
		{"empty id", paris, []string{""}, "", nil, `unknown region ""`},
		{"unknown home", paris, []string{"home"}, "mars1", nil, `unknown home region "mars1"`},
		{"client off the globe", Place{Point: Point{100, 0}}, nil, "", nil, "not on the globe"},
		{"data off the globe", paris, nil, "", &DataSource{Name: "db", Point: Point{0, 200}}, `data source "db"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Route(tc.client, tc.regions, tc.home, tc.data, DefaultLatencyModel())
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v, want one mentioning %q", err, tc.wantErr)
			}
			if strings.Contains(tc.wantErr, "unknown") && !strings.Contains(err.Error(), "arn1 (Stockholm)") {
				t.Errorf("error %q does not list the valid regions", err)
			}
		})
	}
}

// TestRouteLegs: each leg's cost and the totals, showing why the function
// belongs next to its data (R-REGION-3).
func TestRouteLegs(t *testing.T) {
	m := DefaultLatencyModel()
	paris := mustPlace(t, "Paris")
	cdg1, iad1 := mustRegion(t, "cdg1"), mustRegion(t, "iad1")
	db := &DataSource{Name: "iad1", Point: iad1.Point()}

	// Function next to the data: the request crosses the Atlantic once,
	// each fetch stays in Washington.
	near, err := Route(paris, []string{"iad1"}, "", db, m)
	if err != nil {
		t.Fatal(err)
	}
	wantNear := []Leg{
		{From: "client (Paris)", To: "cdg1", FromPoint: paris.Point, ToPoint: cdg1.Point(), Distance: 0, OneWay: ms(2)},
		{From: "cdg1", To: "iad1", FromPoint: cdg1.Point(), ToPoint: iad1.Point(), Distance: DistanceKm(cdg1.Point(), iad1.Point()), OneWay: ms(48.234)},
		{From: "iad1", To: "data (iad1)", FromPoint: iad1.Point(), ToPoint: iad1.Point(), Distance: 0, OneWay: ms(2)},
	}
	if !reflect.DeepEqual(near.Legs, wantNear) {
		t.Errorf("legs = %+v\nwant %+v", near.Legs, wantNear)
	}
	for _, tc := range []struct {
		name      string
		got, want time.Duration
	}{
		{"near Request", near.Request, ms(100.468)},
		{"near Fetch", near.Fetch, ms(4)},
		{"near RoundTrip", near.RoundTrip, ms(104.468)},
		{"near Total(0)", near.Total(0), ms(100.468)},
		{"near Total(3)", near.Total(3), ms(112.468)},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}

	// Function next to the client: entry and execution coincide (no hop
	// leg cost), every fetch crosses the Atlantic.
	edge, err := Route(paris, nil, "", db, m)
	if err != nil {
		t.Fatal(err)
	}
	if hop := edge.Legs[1]; hop.From != "cdg1" || hop.To != "cdg1" || hop.Distance != 0 || hop.OneWay != 0 {
		t.Errorf("same-region hop leg = %+v, want zero", hop)
	}
	if edge.Request != ms(4) || edge.Fetch != ms(96.468) || edge.RoundTrip != ms(100.468) || edge.Total(3) != ms(293.404) {
		t.Errorf("edge path: request %v, fetch %v, round trip %v, 3 fetches %v", edge.Request, edge.Fetch, edge.RoundTrip, edge.Total(3))
	}
	if edge.Total(3) <= near.Total(3) {
		t.Error("with three fetches, running next to the data should win")
	}

	// No data source: two legs, no fetch time.
	bare, err := Route(paris, []string{"iad1"}, "", nil, m)
	if err != nil {
		t.Fatal(err)
	}
	if len(bare.Legs) != 2 || bare.Data != nil || bare.Fetch != 0 || bare.RoundTrip != ms(100.468) || bare.Total(5) != ms(100.468) {
		t.Errorf("no-data path = %+v", bare)
	}

	// A bare-point client is labelled by its coordinates; the path keeps
	// its own copy of the data source.
	src := &DataSource{Name: "db", Point: Point{50.11, 8.68}}
	pt, err := Route(Place{Point: Point{48.85, 2.35}}, nil, "", src, m)
	if err != nil {
		t.Fatal(err)
	}
	src.Name = "changed"
	if pt.Legs[0].From != "client (48.85,2.35)" || pt.Legs[2].To != "data (db)" || pt.Data.Name != "db" {
		t.Errorf("point path legs = %+v, data %+v", pt.Legs, pt.Data)
	}
}

// TestRouteFromEverywhere: every built-in place routes, enters at its
// nearest region, and routing is deterministic.
func TestRouteFromEverywhere(t *testing.T) {
	m := DefaultLatencyModel()
	db := &DataSource{Name: "iad1", Point: mustRegion(t, "iad1").Point()}
	for _, p := range Places() {
		a, err := Route(p, []string{"sfo1", "fra1", "home"}, "", db, m)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		b, _ := Route(p, []string{"home", "fra1", "sfo1"}, "", db, m)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: route depends on list order or is not deterministic:\n%+v\n%+v", p.Name, a, b)
		}
		if a.Entry != NearestRegion(p.Point, Regions()) {
			t.Errorf("%s entered at %s", p.Name, a.Entry.ID)
		}
		if a.Legs[0].OneWay < m.PerHop || a.RoundTrip <= 0 {
			t.Errorf("%s: implausible path %+v", p.Name, a)
		}
	}
}

// TestParseDataSource: a region, a point or a place.
func TestParseDataSource(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    DataSource
		wantErr string
	}{
		{in: "iad1", want: DataSource{Name: "iad1", Point: Point{38.91, -77.04}}},
		{in: " FRA1 ", want: DataSource{Name: "fra1", Point: Point{50.11, 8.68}}},
		{in: "48.85,2.35", want: DataSource{Name: "48.85,2.35", Point: Point{48.85, 2.35}}},
		{in: "sao paulo", want: DataSource{Name: "São Paulo", Point: Point{-23.55, -46.63}}},
		{in: "", wantErr: "data source: empty"},
		{in: "Atlantis", wantErr: "data source: unknown"},
		{in: "0,999", wantErr: "outside -180..180"},
	} {
		got, err := ParseDataSource(tc.in)
		switch {
		case tc.wantErr == "" && (err != nil || got != tc.want):
			t.Errorf("ParseDataSource(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("ParseDataSource(%q) error = %v, want one mentioning %q", tc.in, err, tc.wantErr)
		}
	}
}

// TestVercelID: Vercel's x-vercel-id shape, deterministic, unique per n.
func TestVercelID(t *testing.T) {
	cdg1, iad1 := mustRegion(t, "cdg1"), mustRegion(t, "iad1")
	at := time.UnixMilli(1704551507123)
	fn := regexp.MustCompile(`^cdg1::iad1::[0-9a-z]{5}-1704551507123-[0-9a-f]{12}$`)
	static := regexp.MustCompile(`^cdg1::[0-9a-z]{5}-1704551507123-[0-9a-f]{12}$`)
	dev := regexp.MustCompile(`^dev1::[0-9a-z]{5}-[1-9][0-9]+-[0-9a-f]{12}$`)
	for _, tc := range []struct {
		name        string
		entry, exec Region
		re          *regexp.Regexp
	}{
		{"function", cdg1, iad1, fn},
		{"served at the edge", cdg1, Region{}, static},
		{"no entry", Region{}, Region{}, dev},
	} {
		id := VercelID(tc.entry, tc.exec, at, 7)
		if !tc.re.MatchString(id) {
			t.Errorf("%s: %q does not match %s", tc.name, id, tc.re)
		}
		if again := VercelID(tc.entry, tc.exec, at, 7); again != id {
			t.Errorf("%s: not deterministic: %q, %q", tc.name, id, again)
		}
	}
	seen := map[string]uint64{}
	for n := range uint64(20000) {
		id := VercelID(cdg1, iad1, at, n)
		short := strings.Split(id, "::")[2][:5]
		if prev, dup := seen[short]; dup {
			t.Fatalf("n=%d and n=%d share the short id %s", prev, n, short)
		}
		seen[short] = n
	}
	if VercelID(cdg1, iad1, at, 1) == VercelID(cdg1, iad1, at.Add(time.Millisecond), 1) {
		t.Error("the time does not show in the id")
	}
}
