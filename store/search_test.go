package store

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// searchFixture records a small history with one exchange per trait the
// filters select on; URLs name them.
func searchFixture(t *testing.T) *Store {
	t.Helper()
	s, _ := openTest(t, Options{})
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	for _, e := range []Exchange{
		{Start: at(0), Method: "GET", URL: "http://h/api/json", Route: "/api/json", Status: 200, ResponseBody: []byte(`{"name":"Jim Halpert"}`)},
		{Start: at(1), Method: "POST", URL: "http://h/api/users/7", Route: "/api/users/[id]", Status: 201, RequestBody: []byte(`{"name":"Pam"}`)},
		{Start: at(2), Method: "GET", URL: "http://h/api/users/8", Route: "/api/users/[id]", Status: 404},
		{Start: at(3), Method: "GET", URL: "http://h/api/boom", Route: "/api/boom", Status: 500, Error: "TypeError: x is undefined\n    at handler (pages/api/boom.ts:2:3)"},
		{Start: at(4), Method: "GET", URL: "http://h/api/limit", Route: "/api/limit", Status: 200, Error: "EDGE_FUNCTION_CPU_LIMIT: stopped"},
		{Start: at(5), Method: "GET", URL: "http://h/api/hdr", Route: "/api/hdr", Status: 200, RequestHeaders: http.Header{"X-Trace": {"needle_50%"}}},
		{Start: at(6), Method: "DELETE", URL: "http://h/api/users/7", Route: "/api/users/[id]", Status: 204},
	} {
		mustRecord(t, s, e)
	}
	mustFlush(t, s)
	return s
}

func urlsOf(p Page) []string {
	out := make([]string, len(p.Items))
	for i, m := range p.Items {
		out[i] = strings.TrimPrefix(m.URL, "http://h")
	}
	return out
}

// TestSearchFilters: each filter alone and combined, newest first.
func TestSearchFilters(t *testing.T) {
	s := searchFixture(t)
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"all, newest first", Filter{}, []string{"/api/users/7", "/api/hdr", "/api/limit", "/api/boom", "/api/users/8", "/api/users/7", "/api/json"}},
		{"route", Filter{Route: "/api/users/[id]"}, []string{"/api/users/7", "/api/users/8", "/api/users/7"}},
		{"method any case", Filter{Method: "post"}, []string{"/api/users/7"}},
		{"status", Filter{Status: 404}, []string{"/api/users/8"}},
		{"status class 2xx", Filter{StatusClass: 2}, []string{"/api/users/7", "/api/hdr", "/api/limit", "/api/users/7", "/api/json"}},
		{"status class 5xx", Filter{StatusClass: 5}, []string{"/api/boom"}},
		{"errors only", Filter{ErrorsOnly: true}, []string{"/api/limit", "/api/boom"}},
		{"text in a response body, any case", Filter{Text: "jim halpert"}, []string{"/api/json"}},
		{"text in a request body", Filter{Text: `"Pam"`}, []string{"/api/users/7"}},
		{"text in the URL", Filter{Text: "users/8"}, []string{"/api/users/8"}},
		{"text in an error", Filter{Text: "boom.ts:2"}, []string{"/api/boom"}},
		{"wildcards match literally", Filter{Text: "needle_50%"}, []string{"/api/hdr"}},
		{"a wildcard that matches nothing", Filter{Text: "needle%5"}, nil},
		{"time range", Filter{Since: t0.Add(2 * time.Minute), Until: t0.Add(4 * time.Minute)}, []string{"/api/boom", "/api/users/8"}},
		{"combined", Filter{Route: "/api/users/[id]", Method: "GET", StatusClass: 4}, []string{"/api/users/8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.Search(t.Context(), tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := urlsOf(page); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	page, err := s.Search(t.Context(), Filter{Route: "/api/boom"})
	if err != nil || len(page.Items) != 1 || page.Items[0].Error != "TypeError: x is undefined" {
		t.Errorf("the summary's error is the first line: %+v %v", page.Items, err)
	}
}

// TestSearchPages: pages of a listing join up to the whole list, with no
// exchange twice, also for exchanges that share a start time.
func TestSearchPages(t *testing.T) {
	s, _ := openTest(t, Options{})
	for i := range 23 {
		mustRecord(t, s, Exchange{Start: t0.Add(time.Duration(i/3) * time.Second), Method: "GET", URL: fmt.Sprintf("/%d", i)})
	}
	mustFlush(t, s)
	var all []string
	f := Filter{Limit: 5}
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		page, err := s.Search(t.Context(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page.Items {
			all = append(all, m.URL)
		}
		if page.Next == nil {
			break
		}
		f.After = page.Next
	}
	if len(all) != 23 {
		t.Fatalf("%d exchanges over all pages, want 23: %v", len(all), all)
	}
	seen := map[string]bool{}
	for _, u := range all {
		if seen[u] {
			t.Fatalf("%s listed twice: %v", u, all)
		}
		seen[u] = true
	}
}

// TestSearchRefusesBadFilters names what is wrong.
func TestSearchRefusesBadFilters(t *testing.T) {
	s, _ := openTest(t, Options{})
	for f, want := range map[*Filter]string{
		{StatusClass: 7}: "status class 7 is not one of 1xx to 5xx",
		{Status: 42}:     "status 42 is not an HTTP status code",
		{Limit: 5000}:    "page size 5000 is above 1000",
	} {
		if _, err := s.Search(t.Context(), *f); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: %v, want %q", *f, err, want)
		}
	}
}

// TestSearchQueryPlans: the listings a user runs most read an index in
// the listing's order, never sorting the table (EXPLAIN QUERY PLAN).
func TestSearchQueryPlans(t *testing.T) {
	s, _ := openTest(t, Options{})
	for name, f := range map[string]Filter{
		"all":        {},
		"route":      {Route: "/api/x"},
		"next page":  {After: &Cursor{Start: t0, ID: 10}},
		"time range": {Since: t0, Until: t0.Add(time.Hour)},
		"errors":     {ErrorsOnly: true},
		"status":     {Status: 200},
		"class":      {StatusClass: 2},
		"method":     {Method: "GET"},
		"combined":   {Route: "/api/x", StatusClass: 5, Method: "POST"},
		"text":       {Text: "x"},
	} {
		t.Run(name, func(t *testing.T) {
			where, args, err := s.whereOf(f, true)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := s.db.Query(`EXPLAIN QUERY PLAN `+searchSQL(where), append(args, 51)...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			text := strings.Join(plan, "; ")
			if !strings.Contains(text, "USING INDEX exchanges_start") && !strings.Contains(text, "USING INDEX exchanges_route") {
				t.Errorf("plan reads no index in start order: %s", text)
			}
			if strings.Contains(text, "TEMP B-TREE") {
				t.Errorf("plan sorts: %s", text)
			}
		})
	}
}

// TestSearchTextLooksAtTheFirst64KiB: text search reads the first 64 KiB
// of each body, before the text index has the exchange and after.
func TestSearchTextLooksAtTheFirst64KiB(t *testing.T) {
	s, _ := openTest(t, Options{})
	body := []byte(strings.Repeat("a", 10<<10) + "early-needle" + strings.Repeat("b", 70<<10) + "late-needle")
	mustRecord(t, s, Exchange{Start: t0, Method: "GET", URL: "/big", ResponseBody: body})
	mustFlush(t, s)
	check := func(when string) {
		for text, want := range map[string]int{"early-needle": 1, "late-needle": 0} {
			page, err := s.Search(t.Context(), Filter{Text: text})
			if err != nil || len(page.Items) != want {
				t.Errorf("%s: %q found %d times, want %d (%v)", when, text, len(page.Items), want, err)
			}
		}
	}
	check("before indexing")
	for s.textIndexed {
		if n, err := s.indexText(t.Context()); err != nil || n == 0 {
			break
		}
	}
	check("after indexing")
}

// TestRoutes lists each stored route once, sorted, from the route index.
func TestRoutes(t *testing.T) {
	s := searchFixture(t)
	got, err := s.Routes(t.Context())
	want := []string{"/api/boom", "/api/hdr", "/api/json", "/api/limit", "/api/users/[id]"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("Routes() = %v, %v; want %v", got, err, want)
	}
	var detail string
	if err := s.db.QueryRow(`EXPLAIN QUERY PLAN SELECT DISTINCT route FROM exchanges WHERE route <> '' ORDER BY route`).Scan(new(int), new(int), new(int), &detail); err != nil || !strings.Contains(detail, "exchanges_route") {
		t.Errorf("plan %q %v", detail, err)
	}
}
