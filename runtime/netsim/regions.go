// Package netsim simulates the network around Edgeplay's edge server: the
// Vercel regions and where they are (SPEC §7), and, as issue 8 grows it,
// which region serves a client, the latency of each leg, and the
// per-region CDN cache.
package netsim

import (
	"slices"
	"strings"
)

// Region is a Vercel region: its id, the city it is in and the city's
// coordinates in degrees (R-REGION-1).
type Region struct {
	ID   string  `json:"id"`
	City string  `json:"city"`
	Lat  float64 `json:"lat"`
	Lon  float64 `json:"lon"`
}

// regionTable is R-REGION-1's table, sorted by id. It is never modified;
// Regions hands out copies.
var regionTable = [...]Region{
	{"arn1", "Stockholm", 59.33, 18.07},
	{"bom1", "Mumbai", 19.08, 72.88},
	{"cdg1", "Paris", 48.86, 2.35},
	{"cle1", "Cleveland", 41.50, -81.69},
	{"cpt1", "Cape Town", -33.92, 18.42},
	{"dub1", "Dublin", 53.35, -6.26},
	{"dxb1", "Dubai", 25.20, 55.27},
	{"fra1", "Frankfurt", 50.11, 8.68},
	{"gru1", "São Paulo", -23.55, -46.63},
	{"hkg1", "Hong Kong", 22.32, 114.17},
	{"hnd1", "Tokyo", 35.68, 139.69},
	{"iad1", "Washington D.C.", 38.91, -77.04},
	{"icn1", "Seoul", 37.57, 126.98},
	{"kix1", "Osaka", 34.69, 135.50},
	{"lhr1", "London", 51.51, -0.13},
	{"pdx1", "Portland", 45.52, -122.68},
	{"sfo1", "San Francisco", 37.77, -122.42},
	{"sin1", "Singapore", 1.35, 103.82},
	{"syd1", "Sydney", -33.87, 151.21},
	{"yul1", "Montréal", 45.50, -73.57},
}

// HomeRegion is the project's function region when the workspace sets no
// other (R-REGION-2's 'home').
const HomeRegion = "iad1"

// RegionKeywords are the values config.regions accepts besides region ids
// (R-CONFIG-2): every region, the home region, and automatic placement.
var RegionKeywords = [...]string{"all", "home", "auto"}

// Regions returns the region table, sorted by id.
func Regions() []Region {
	return slices.Clone(regionTable[:])
}

// LookupRegion returns the region with the given id.
func LookupRegion(id string) (Region, bool) {
	i, found := slices.BinarySearchFunc(regionTable[:], id, func(r Region, id string) int { return strings.Compare(r.ID, id) })
	if !found {
		return Region{}, false
	}
	return regionTable[i], true
}

// ValidRegionsText lists the accepted region values for an error message:
// "arn1 (Stockholm), bom1 (Mumbai), …, or 'all', 'home', 'auto'".
func ValidRegionsText() string {
	parts := make([]string, len(regionTable))
	for i, r := range regionTable {
		parts[i] = r.ID + " (" + r.City + ")"
	}
	return strings.Join(parts, ", ") + ", or 'all', 'home', 'auto'"
}
