package netsim

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// mustPlace returns a built-in place or fails the test.
func mustPlace(t *testing.T, name string) Place {
	t.Helper()
	p, ok := LookupPlace(name)
	if !ok {
		t.Fatalf("LookupPlace(%q) found nothing", name)
	}
	return p
}

// mustRegion returns a region or fails the test.
func mustRegion(t *testing.T, id string) Region {
	t.Helper()
	r, ok := LookupRegion(id)
	if !ok {
		t.Fatalf("LookupRegion(%q) found nothing", id)
	}
	return r
}

// TestDistanceKm: the great-circle distances R-REGION-3's model rests on.
func TestDistanceKm(t *testing.T) {
	for _, tc := range []struct {
		name   string
		a, b   Point
		wantKm float64
		tolPct float64
	}{
		{"Paris–New York", Point{48.8566, 2.3522}, Point{40.7128, -74.0060}, 5837, 1},
		{"London–Paris", Point{51.5074, -0.1278}, Point{48.8566, 2.3522}, 344, 1},
		{"quarter of the equator", Point{0, 0}, Point{0, 90}, EarthRadiusKm * math.Pi / 2, 1e-9},
		{"antipodes", Point{10, 20}, Point{-10, -160}, EarthRadiusKm * math.Pi, 1e-9},
		{"pole to pole", Point{90, 0}, Point{-90, 0}, EarthRadiusKm * math.Pi, 1e-9},
		{"across the date line", Point{0, 179.5}, Point{0, -179.5}, EarthRadiusKm * math.Pi / 180, 1e-6},
		{"same point", Point{35.68, 139.69}, Point{35.68, 139.69}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := DistanceKm(tc.a, tc.b)
			if math.Abs(got-tc.wantKm) > tc.wantKm*tc.tolPct/100 {
				t.Errorf("DistanceKm = %.3f km, want %.3f ± %v%%", got, tc.wantKm, tc.tolPct)
			}
			if back := DistanceKm(tc.b, tc.a); back != got {
				t.Errorf("not symmetric: %v vs %v", got, back)
			}
		})
	}
	// The built-in places agree with the real distances.
	if got := DistanceKm(mustPlace(t, "Paris").Point, mustPlace(t, "New York").Point); math.Abs(got-5837) > 58.37 {
		t.Errorf("Paris–New York places are %.0f km apart, want ≈ 5837", got)
	}
	if got := DistanceKm(mustPlace(t, "London").Point, mustPlace(t, "Paris").Point); math.Abs(got-344) > 3.44 {
		t.Errorf("London–Paris places are %.0f km apart, want ≈ 344", got)
	}
}

// TestNearestRegion: the nearest candidate wins, ties go to the smaller id
// whatever the order, and no candidates give the zero Region (R-REGION-2).
func TestNearestRegion(t *testing.T) {
	all := Regions()
	for _, tc := range []struct {
		place string
		want  string
	}{
		{"Paris", "cdg1"}, {"London", "lhr1"}, {"Berlin", "fra1"}, {"New York", "iad1"},
		{"Chicago", "cle1"}, {"Los Angeles", "sfo1"}, {"Vancouver", "pdx1"}, {"Toronto", "cle1"},
		{"Buenos Aires", "gru1"}, {"Lima", "gru1"}, {"Johannesburg", "cpt1"}, {"Riyadh", "dxb1"},
		{"Delhi", "bom1"}, {"Jakarta", "sin1"}, {"Manila", "hkg1"}, {"Beijing", "icn1"},
		{"Auckland", "syd1"}, {"Perth", "syd1"}, {"Honolulu", "sfo1"}, {"Warsaw", "arn1"},
	} {
		p := mustPlace(t, tc.place)
		if got := NearestRegion(p.Point, all); got.ID != tc.want {
			t.Errorf("nearest region to %s = %s, want %s", tc.place, got.ID, tc.want)
		}
		reversed := slices.Clone(all)
		slices.Reverse(reversed)
		if got := NearestRegion(p.Point, reversed); got.ID != tc.want {
			t.Errorf("nearest region to %s depends on candidate order: %s", tc.place, got.ID)
		}
	}
	twins := []Region{{ID: "b", City: "B", Lat: 10, Lon: 10}, {ID: "a", City: "A", Lat: 10, Lon: 10}, {ID: "c", City: "C", Lat: 10, Lon: 10}}
	for i := range 3 {
		if got := NearestRegion(Point{0, 0}, twins); got.ID != "a" {
			t.Errorf("tie (rotation %d) went to %q, want the smaller id a", i, got.ID)
		}
		twins = append(twins[1:], twins[0])
	}
	if got := NearestRegion(Point{1, 1}, nil); got != (Region{}) {
		t.Errorf("no candidates gave %+v", got)
	}
}

// TestParsePoint: "LAT,LON" in range, and errors that say how to write one.
func TestParsePoint(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Point
		wantErr string
	}{
		{in: "48.85,2.35", want: Point{48.85, 2.35}},
		{in: " -33.87 , 151.21 ", want: Point{-33.87, 151.21}},
		{in: "90,-180", want: Point{90, -180}},
		{in: "+1,+2", want: Point{1, 2}},
		{in: "48.85", wantErr: "no comma"},
		{in: "48.85;2.35", wantErr: `"LAT,LON"`},
		{in: "abc,2", wantErr: "latitude"},
		{in: "1,2,3", wantErr: "longitude"},
		{in: "91,0", wantErr: "outside -90..90"},
		{in: "0,180.5", wantErr: "outside -180..180"},
		{in: "NaN,0", wantErr: "outside -90..90"},
		{in: "0,-Inf", wantErr: "outside -180..180"},
	} {
		got, err := ParsePoint(tc.in)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("ParsePoint(%q): %v", tc.in, err)
		case tc.wantErr == "" && got != tc.want:
			t.Errorf("ParsePoint(%q) = %v, want %v", tc.in, got, tc.want)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("ParsePoint(%q) error = %v, want one mentioning %q", tc.in, err, tc.wantErr)
		}
	}
	if s := (Point{48.856, -2.3}).String(); s != "48.86,-2.30" {
		t.Errorf("Point.String = %q", s)
	}
	for _, p := range []Point{{0, 0}, {90, 180}, {-90, -180}} {
		if !p.Valid() {
			t.Errorf("%v should be valid", p)
		}
	}
	for _, p := range []Point{{91, 0}, {0, -181}, {math.NaN(), 0}, {0, math.Inf(1)}} {
		if p.Valid() {
			t.Errorf("%v should be invalid", p)
		}
	}
}
