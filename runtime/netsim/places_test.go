package netsim

import (
	"slices"
	"strings"
	"testing"
	"time"
	// Places' time zones must load even where the system has no tzdata.
	_ "time/tzdata"
)

// TestPlaceTable: every place is a real city with a country, a loadable
// IANA zone and coordinates; the table is sorted, covers every continent,
// includes every region's city at the region's own coordinates, and
// Places hands out a copy.
func TestPlaceTable(t *testing.T) {
	ps := Places()
	if len(ps) < 45 {
		t.Errorf("%d places, want the 20 region cities and about 25 more", len(ps))
	}
	if !slices.IsSortedFunc(ps, func(a, b Place) int { return strings.Compare(placeKey(a.Name), placeKey(b.Name)) }) {
		t.Error("places are not sorted by name")
	}
	zonePrefixes := map[string]bool{}
	for _, p := range ps {
		if p.Name == "" || len(p.Country) != 2 || strings.ToUpper(p.Country) != p.Country || len(p.CountryRegion) > 3 {
			t.Errorf("place %+v: bad name, country or country region", p)
		}
		if !p.Point.Valid() || p.Point == (Point{}) {
			t.Errorf("place %s: bad point %v", p.Name, p.Point)
		}
		if _, err := time.LoadLocation(p.TimeZone); err != nil || p.TimeZone == "" || p.TimeZone == "UTC" {
			t.Errorf("place %s: time zone %q: %v", p.Name, p.TimeZone, err)
		}
		zone, _, _ := strings.Cut(p.TimeZone, "/")
		zonePrefixes[zone] = true
		if got, ok := LookupPlace(p.Name); !ok || got != p {
			t.Errorf("LookupPlace(%q) = %+v, %v", p.Name, got, ok)
		}
		if p.Label() != p.Name {
			t.Errorf("Label of %s = %q", p.Name, p.Label())
		}
	}
	for _, z := range []string{"Africa", "America", "Asia", "Australia", "Europe", "Pacific"} {
		if !zonePrefixes[z] {
			t.Errorf("no place in %s/…", z)
		}
	}
	for _, r := range Regions() {
		p, ok := LookupPlace(r.City)
		if !ok {
			t.Errorf("region %s's city %q is not a place", r.ID, r.City)
			continue
		}
		if p.Point != r.Point() {
			t.Errorf("place %s at %v, region %s at %v", p.Name, p.Point, r.ID, r.Point())
		}
	}
	for name, aliases := range placeAliases {
		for _, a := range aliases {
			if p, ok := LookupPlace(a); !ok || p.Name != name {
				t.Errorf("alias %q found %+v, %v; want %s", a, p, ok, name)
			}
		}
	}
	ps[0].Name = "changed"
	if Places()[0].Name == "changed" {
		t.Error("Places exposes the table itself")
	}
}

// TestLookupPlace: case, accents and punctuation are optional.
func TestLookupPlace(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Paris", "Paris"}, {"paris", "Paris"}, {"  PARIS ", "Paris"},
		{"Sao Paulo", "São Paulo"}, {"são paulo", "São Paulo"}, {"sao-paulo", "São Paulo"},
		{"montreal", "Montréal"}, {"MONTRÉAL", "Montréal"},
		{"Bogota", "Bogotá"}, {"washington dc", "Washington D.C."}, {"Washington", "Washington D.C."},
		{"nyc", "New York"}, {"new_york", "New York"}, {"Bengaluru", "Bangalore"},
		{"ciudad de mexico", "Mexico City"}, {"İstanbul", "Istanbul"},
	} {
		if p, ok := LookupPlace(tc.in); !ok || p.Name != tc.want {
			t.Errorf("LookupPlace(%q) = %q, %v; want %q", tc.in, p.Name, ok, tc.want)
		}
	}
	for _, in := range []string{"", "Atlantis", "Pari", "cdg1", "48.85,2.35"} {
		if p, ok := LookupPlace(in); ok {
			t.Errorf("LookupPlace(%q) found %s", in, p.Name)
		}
	}
}

// TestParseLocation: names, region ids and "LAT,LON"; errors say how to
// write a location.
func TestParseLocation(t *testing.T) {
	for _, tc := range []struct {
		in       string
		wantName string
		wantAt   Point
		wantErr  string
	}{
		{in: "Paris", wantName: "Paris", wantAt: Point{48.86, 2.35}},
		{in: "Sao Paulo", wantName: "São Paulo", wantAt: Point{-23.55, -46.63}},
		{in: "montreal", wantName: "Montréal", wantAt: Point{45.50, -73.57}},
		{in: "Paris, France", wantName: "Paris", wantAt: Point{48.86, 2.35}},
		{in: "cdg1", wantName: "Paris", wantAt: Point{48.86, 2.35}},
		{in: "IAD1", wantName: "Washington D.C.", wantAt: Point{38.91, -77.04}},
		{in: "48.85,2.35", wantAt: Point{48.85, 2.35}},
		{in: " -33.87, 151.21", wantAt: Point{-33.87, 151.21}},
		{in: "", wantErr: "empty client location"},
		{in: "   ", wantErr: "empty client location"},
		{in: "Atlantis", wantErr: `unknown client location "Atlantis"`},
		{in: "Atlantis, Ocean", wantErr: "unknown client location"},
		{in: "48.85", wantErr: `"LAT,LON"`},
		{in: "95,2", wantErr: "outside -90..90"},
		{in: "-1,200", wantErr: "outside -180..180"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			p, err := ParseLocation(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one mentioning %q", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), "e.g.") {
					t.Errorf("error %q gives no example", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Name != tc.wantName || p.Point != tc.wantAt {
				t.Errorf("= %+v, want %q at %v", p, tc.wantName, tc.wantAt)
			}
			if tc.wantName == "" && (p.Country != "" || p.CountryRegion != "" || p.TimeZone != "" || p.PostalCode != "") {
				t.Errorf("bare point has city details: %+v", p)
			}
		})
	}
	if err := func() error { _, err := ParseLocation("Atlantis"); return err }(); err == nil || !strings.Contains(err.Error(), "Tokyo") || !strings.Contains(err.Error(), "cdg1") {
		t.Errorf("unknown-location error should list example names and a region id: %v", err)
	}
	if got := (Place{Point: Point{48.85, 2.35}}).Label(); got != "48.85,2.35" {
		t.Errorf("bare point label = %q", got)
	}
}

// TestHomePlace: the default client location is the home region's city
// (R-REGION-2's 'home', iad1 unless set).
func TestHomePlace(t *testing.T) {
	for _, tc := range []struct{ home, want string }{
		{"", "Washington D.C."}, {"iad1", "Washington D.C."}, {"sfo1", "San Francisco"},
		{"gru1", "São Paulo"}, {"yul1", "Montréal"}, {"nope", "Washington D.C."},
	} {
		if got := HomePlace(tc.home); got.Name != tc.want {
			t.Errorf("HomePlace(%q) = %q, want %q", tc.home, got.Name, tc.want)
		}
	}
}
