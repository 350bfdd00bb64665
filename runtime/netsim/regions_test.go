package netsim

import (
	"sort"
	"strings"
	"testing"
)

// TestRegionTable: R-REGION-1's twenty ids, sorted (LookupRegion relies on
// it), each with a city and coordinates on the globe.
func TestRegionTable(t *testing.T) {
	rs := Regions()
	if len(rs) != 20 {
		t.Fatalf("%d regions, want R-REGION-1's 20", len(rs))
	}
	if !sort.SliceIsSorted(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID }) {
		t.Error("region table is not sorted by id")
	}
	for _, r := range rs {
		if got, ok := LookupRegion(r.ID); !ok || got != r {
			t.Errorf("LookupRegion(%q) = %+v, %v", r.ID, got, ok)
		}
		if r.City == "" || r.Lat < -90 || r.Lat > 90 || r.Lon < -180 || r.Lon > 180 || (r.Lat == 0 && r.Lon == 0) {
			t.Errorf("region %+v lacks a city or coordinates", r)
		}
	}
	for _, tc := range []struct{ id, city string }{{"sfo1", "San Francisco"}, {"iad1", "Washington D.C."}, {"gru1", "São Paulo"}, {"yul1", "Montréal"}} {
		if r, ok := LookupRegion(tc.id); !ok || r.City != tc.city {
			t.Errorf("%s: %+v, %v; want %s", tc.id, r, ok, tc.city)
		}
	}
	for _, unknown := range []string{"", "xyz1", "SFO1", "all"} {
		if _, ok := LookupRegion(unknown); ok {
			t.Errorf("LookupRegion(%q) found a region", unknown)
		}
	}
	// Regions hands out a copy.
	rs[0].ID = "changed"
	if Regions()[0].ID != "arn1" {
		t.Error("Regions exposes the table itself")
	}
	if txt := ValidRegionsText(); !strings.HasPrefix(txt, "arn1 (Stockholm), bom1 (Mumbai)") || !strings.HasSuffix(txt, "yul1 (Montréal), or 'all', 'home', 'auto'") {
		t.Errorf("ValidRegionsText = %q", txt)
	}
}
