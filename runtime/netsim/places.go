package netsim

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Place is a client location: a city with what Vercel's geolocation
// headers would say about a visitor there (x-vercel-ip-city,
// -country, -country-region, -latitude, -longitude, -timezone,
// -postal-code). The built-in places are real cities with approximate
// coordinates; a bare point from ParseLocation is a Place too, with only
// Point set.
type Place struct {
	// Name is the city's name as x-vercel-ip-city would carry it (before
	// URL-encoding), e.g. "São Paulo"; empty for a bare point.
	Name string `json:"name"`
	// Country is the ISO 3166-1 alpha-2 country code, e.g. "BR".
	Country string `json:"country"`
	// CountryRegion is the subdivision part of the ISO 3166-2 code of the
	// first-level region (x-vercel-ip-country-region), e.g. "CA" for
	// California in US-CA; empty where the country has none (Hong Kong).
	CountryRegion string `json:"countryRegion"`
	// Point is the city's position.
	Point
	// TimeZone is the IANA time zone, e.g. "America/Sao_Paulo".
	TimeZone string `json:"timeZone"`
	// PostalCode is one representative postal code of the city; empty
	// where the country has no postal codes (Dubai, Hong Kong).
	PostalCode string `json:"postalCode"`
}

// Label names the place for display: its name, or "LAT,LON" for a bare
// point.
func (p Place) Label() string {
	if p.Name != "" {
		return p.Name
	}
	return p.Point.String()
}

// placeTable is the built-in client locations, sorted by name: the city
// of every region (R-REGION-1, at the region's own coordinates) and major
// cities on every inhabited continent, for the "from everywhere" view and
// the client-location setting. It is never modified; Places hands out
// copies.
var placeTable = [...]Place{
	{"Auckland", "NZ", "AUK", Point{-36.85, 174.76}, "Pacific/Auckland", "1010"},
	{"Bangalore", "IN", "KA", Point{12.97, 77.59}, "Asia/Kolkata", "560001"},
	{"Beijing", "CN", "BJ", Point{39.90, 116.41}, "Asia/Shanghai", "100000"},
	{"Berlin", "DE", "BE", Point{52.52, 13.40}, "Europe/Berlin", "10115"},
	{"Bogotá", "CO", "DC", Point{4.71, -74.07}, "America/Bogota", "110111"},
	{"Buenos Aires", "AR", "C", Point{-34.60, -58.38}, "America/Argentina/Buenos_Aires", "C1002"},
	{"Cairo", "EG", "C", Point{30.04, 31.24}, "Africa/Cairo", "11511"},
	{"Cape Town", "ZA", "WC", Point{-33.92, 18.42}, "Africa/Johannesburg", "8001"},
	{"Chicago", "US", "IL", Point{41.88, -87.63}, "America/Chicago", "60601"},
	{"Cleveland", "US", "OH", Point{41.50, -81.69}, "America/New_York", "44113"},
	{"Delhi", "IN", "DL", Point{28.61, 77.21}, "Asia/Kolkata", "110001"},
	{"Dubai", "AE", "DU", Point{25.20, 55.27}, "Asia/Dubai", ""},
	{"Dublin", "IE", "L", Point{53.35, -6.26}, "Europe/Dublin", "D02"},
	{"Frankfurt", "DE", "HE", Point{50.11, 8.68}, "Europe/Berlin", "60311"},
	{"Hong Kong", "HK", "", Point{22.32, 114.17}, "Asia/Hong_Kong", ""},
	{"Honolulu", "US", "HI", Point{21.31, -157.86}, "Pacific/Honolulu", "96813"},
	{"Istanbul", "TR", "34", Point{41.01, 28.98}, "Europe/Istanbul", "34110"},
	{"Jakarta", "ID", "JK", Point{-6.21, 106.85}, "Asia/Jakarta", "10110"},
	{"Johannesburg", "ZA", "GP", Point{-26.20, 28.05}, "Africa/Johannesburg", "2001"},
	{"Lagos", "NG", "LA", Point{6.52, 3.38}, "Africa/Lagos", "100001"},
	{"Lima", "PE", "LMA", Point{-12.05, -77.04}, "America/Lima", "15001"},
	{"London", "GB", "ENG", Point{51.51, -0.13}, "Europe/London", "SW1A 1AA"},
	{"Los Angeles", "US", "CA", Point{34.05, -118.24}, "America/Los_Angeles", "90012"},
	{"Madrid", "ES", "MD", Point{40.42, -3.70}, "Europe/Madrid", "28013"},
	{"Manila", "PH", "00", Point{14.60, 120.98}, "Asia/Manila", "1000"},
	{"Mexico City", "MX", "CMX", Point{19.43, -99.13}, "America/Mexico_City", "06000"},
	{"Montréal", "CA", "QC", Point{45.50, -73.57}, "America/Toronto", "H2Y 1C6"},
	{"Mumbai", "IN", "MH", Point{19.08, 72.88}, "Asia/Kolkata", "400001"},
	{"Nairobi", "KE", "30", Point{-1.29, 36.82}, "Africa/Nairobi", "00100"},
	{"New York", "US", "NY", Point{40.71, -74.01}, "America/New_York", "10001"},
	{"Osaka", "JP", "27", Point{34.69, 135.50}, "Asia/Tokyo", "530-0001"},
	{"Paris", "FR", "IDF", Point{48.86, 2.35}, "Europe/Paris", "75001"},
	{"Perth", "AU", "WA", Point{-31.95, 115.86}, "Australia/Perth", "6000"},
	{"Portland", "US", "OR", Point{45.52, -122.68}, "America/Los_Angeles", "97201"},
	{"Riyadh", "SA", "01", Point{24.71, 46.68}, "Asia/Riyadh", "11564"},
	{"San Francisco", "US", "CA", Point{37.77, -122.42}, "America/Los_Angeles", "94103"},
	{"Santiago", "CL", "RM", Point{-33.45, -70.67}, "America/Santiago", "8320000"},
	{"São Paulo", "BR", "SP", Point{-23.55, -46.63}, "America/Sao_Paulo", "01000-000"},
	{"Seoul", "KR", "11", Point{37.57, 126.98}, "Asia/Seoul", "04524"},
	{"Shanghai", "CN", "SH", Point{31.23, 121.47}, "Asia/Shanghai", "200000"},
	{"Singapore", "SG", "01", Point{1.35, 103.82}, "Asia/Singapore", "018956"},
	{"Stockholm", "SE", "AB", Point{59.33, 18.07}, "Europe/Stockholm", "111 20"},
	{"Sydney", "AU", "NSW", Point{-33.87, 151.21}, "Australia/Sydney", "2000"},
	{"Tokyo", "JP", "13", Point{35.68, 139.69}, "Asia/Tokyo", "100-0001"},
	{"Toronto", "CA", "ON", Point{43.65, -79.38}, "America/Toronto", "M5H 2N2"},
	{"Vancouver", "CA", "BC", Point{49.28, -123.12}, "America/Vancouver", "V6B 1A1"},
	{"Warsaw", "PL", "14", Point{52.23, 21.01}, "Europe/Warsaw", "00-001"},
	{"Washington D.C.", "US", "DC", Point{38.91, -77.04}, "America/New_York", "20001"},
}

// EverywhereCities are the client cities a request is fired from to see
// which region serves each ("from everywhere"): one to three per
// inhabited continent, every one a built-in place.
func EverywhereCities() []string {
	return []string{"San Francisco", "New York", "São Paulo", "London", "Paris", "Lagos", "Johannesburg", "Dubai", "Mumbai", "Singapore", "Tokyo", "Sydney"}
}

// placeAliases are other names LookupPlace accepts, keyed by the place's
// Name. Accents, case and punctuation need no alias (see placeKey).
var placeAliases = map[string][]string{
	"Bangalore":       {"Bengaluru"},
	"Delhi":           {"New Delhi"},
	"Mexico City":     {"Ciudad de México", "CDMX"},
	"Mumbai":          {"Bombay"},
	"New York":        {"New York City", "NYC"},
	"Washington D.C.": {"Washington", "DC"},
	"Warsaw":          {"Warszawa"},
	"Montréal":        {"Montreal"},
}

// placeIndex maps placeKey of every name and alias to its index in
// placeTable.
var placeIndex = func() map[string]int {
	idx := make(map[string]int, len(placeTable)+len(placeAliases))
	add := func(name string, i int) {
		k := placeKey(name)
		if j, dup := idx[k]; dup && j != i {
			panic(fmt.Sprintf("netsim: place names %q and %q collide", name, placeTable[j].Name))
		}
		idx[k] = i
	}
	for i, p := range placeTable {
		add(p.Name, i)
		for _, a := range placeAliases[p.Name] {
			add(a, i)
		}
	}
	return idx
}()

// placeKey folds a place name for lookup: accents removed ("São" →
// "sao"), lower case, dots and apostrophes dropped ("D.C." → "dc"),
// hyphens and underscores read as spaces, runs of spaces collapsed.
func placeKey(name string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, name)
	if err != nil {
		folded = name
	}
	var b strings.Builder
	for _, f := range strings.FieldsFunc(strings.ToLower(folded), func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '_'
	}) {
		f = strings.Map(func(r rune) rune {
			if r == '.' || r == '\'' || r == '’' {
				return -1
			}
			return r
		}, f)
		if f == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

// Places returns the built-in client locations, sorted by name.
func Places() []Place {
	return slices.Clone(placeTable[:])
}

// LookupPlace finds a built-in place by name or alias, ignoring case,
// accents and punctuation: "sao paulo" finds "São Paulo", "montreal"
// finds "Montréal", "washington dc" finds "Washington D.C.".
func LookupPlace(name string) (Place, bool) {
	i, ok := placeIndex[placeKey(name)]
	if !ok {
		return Place{}, false
	}
	return placeTable[i], true
}

// regionPlace returns the built-in place of a region's city.
func regionPlace(r Region) Place {
	if p, ok := LookupPlace(r.City); ok {
		return p
	}
	// Every region's city is in placeTable (a test checks it); this is
	// only a safety net.
	return Place{Name: r.City, Point: r.Point()}
}

// HomePlace returns the city of the home region, the default client
// location: a visitor in the same city as the project's function region.
// An empty or unknown home means HomeRegion (iad1, Washington D.C.).
func HomePlace(home string) Place {
	r, ok := LookupRegion(home)
	if !ok {
		r, _ = LookupRegion(HomeRegion)
	}
	return regionPlace(r)
}

// locationExamples ends ParseLocation's error messages.
const locationExamples = `write a city name (e.g. "Paris", "Sao Paulo", "Tokyo", "New York", "Sydney"), a region id (e.g. "cdg1"), or "LAT,LON" in decimal degrees (e.g. "48.85,2.35")`

// ParseLocation reads the client-location setting. It accepts, in order:
//   - "LAT,LON" in decimal degrees, e.g. "48.85,2.35": a bare point. The
//     Place has only Point set — no name, country, region, time zone or
//     postal code, since a point need not be in any city; the geolocation
//     headers then carry just the coordinates.
//   - a region id, e.g. "cdg1": the region's city (as HomePlace).
//   - a built-in place name as LookupPlace reads it, e.g. "Sao Paulo";
//     a trailing ", country" is ignored ("Paris, France").
//
// Anything else is an error that says how to write a location.
func ParseLocation(s string) (Place, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Place{}, fmt.Errorf("empty client location: %s", locationExamples)
	}
	if looksNumeric(s) {
		p, err := ParsePoint(s)
		if err != nil {
			return Place{}, fmt.Errorf("client location: %w", err)
		}
		return Place{Point: p}, nil
	}
	if r, ok := LookupRegion(strings.ToLower(s)); ok {
		return regionPlace(r), nil
	}
	if p, ok := LookupPlace(s); ok {
		return p, nil
	}
	if city, _, ok := strings.Cut(s, ","); ok {
		if p, ok := LookupPlace(city); ok {
			return p, nil
		}
	}
	return Place{}, fmt.Errorf("unknown client location %q: %s", s, locationExamples)
}

// looksNumeric reports whether s starts like a number, so it is meant as
// "LAT,LON" rather than a name.
func looksNumeric(s string) bool {
	c := s[0]
	return c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')
}
