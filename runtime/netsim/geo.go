package netsim

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// EarthRadiusKm is the mean Earth radius the distance model uses (R-REGION-3).
const EarthRadiusKm = 6371.0

// Point is a position on the globe in degrees: latitude -90..90 (north
// positive), longitude -180..180 (east positive).
type Point struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// String formats the point as "LAT,LON" with two decimals (about a
// kilometre), the form ParsePoint reads back.
func (p Point) String() string {
	return strconv.FormatFloat(p.Lat, 'f', 2, 64) + "," + strconv.FormatFloat(p.Lon, 'f', 2, 64)
}

// Valid reports whether the point's coordinates are finite and within
// range.
func (p Point) Valid() bool {
	return validDegrees(p.Lat, 90) && validDegrees(p.Lon, 180)
}

// validDegrees reports whether v is a finite number in [-limit, limit].
func validDegrees(v, limit float64) bool {
	return !math.IsNaN(v) && v >= -limit && v <= limit
}

// Point returns the coordinates of the region's city.
func (r Region) Point() Point { return Point{Lat: r.Lat, Lon: r.Lon} }

// errPointSyntax is wrapped by ParsePoint's syntax errors.
var errPointSyntax = errors.New(`write a point as "LAT,LON" in decimal degrees, e.g. "48.85,2.35" (Paris) or "-33.87,151.21" (Sydney)`)

// ParsePoint reads "LAT,LON" in decimal degrees, e.g. "48.85,2.35" or
// "-33.87, 151.21" (spaces around either number are allowed). Latitude
// must lie in -90..90 and longitude in -180..180.
func ParsePoint(s string) (Point, error) {
	latText, lonText, ok := strings.Cut(s, ",")
	if !ok {
		return Point{}, fmt.Errorf("point %q has no comma: %w", s, errPointSyntax)
	}
	lat, err := strconv.ParseFloat(strings.TrimSpace(latText), 64)
	if err != nil {
		return Point{}, fmt.Errorf("point %q: latitude %q is not a number: %w", s, strings.TrimSpace(latText), errPointSyntax)
	}
	lon, err := strconv.ParseFloat(strings.TrimSpace(lonText), 64)
	if err != nil {
		return Point{}, fmt.Errorf("point %q: longitude %q is not a number: %w", s, strings.TrimSpace(lonText), errPointSyntax)
	}
	if !validDegrees(lat, 90) {
		return Point{}, fmt.Errorf("point %q: latitude %v is outside -90..90: %w", s, lat, errPointSyntax)
	}
	if !validDegrees(lon, 180) {
		return Point{}, fmt.Errorf("point %q: longitude %v is outside -180..180: %w", s, lon, errPointSyntax)
	}
	return Point{Lat: lat, Lon: lon}, nil
}

// DistanceKm returns the great-circle distance between a and b in
// kilometres, by the haversine formula on a sphere of EarthRadiusKm
// (R-REGION-3). It is symmetric and exact to the sphere model, which is
// within about 0.5% of the real (ellipsoidal) distance.
func DistanceKm(a, b Point) float64 {
	const rad = math.Pi / 180
	φ1, φ2 := a.Lat*rad, b.Lat*rad
	dφ := (b.Lat - a.Lat) * rad
	dλ := (b.Lon - a.Lon) * rad
	h := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	// Rounding can push h a hair past 1 for antipodal points.
	h = min(max(h, 0), 1)
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(h))
}

// NearestRegion returns the candidate closest to p by great-circle
// distance (R-REGION-2). Equally distant candidates are decided by the
// smaller id, so the answer does not depend on the candidates' order.
// With no candidates it returns the zero Region.
func NearestRegion(p Point, candidates []Region) Region {
	var best Region
	bestKm := math.Inf(1)
	for _, r := range candidates {
		d := DistanceKm(p, r.Point())
		if d < bestKm || (d == bestKm && r.ID < best.ID) {
			best, bestKm = r, d
		}
	}
	return best
}
