package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// seedHistory writes n exchanges straight into s's database in one
// transaction: 20 routes, one exchange in 50 a 5xx with an error, and
// bodies of about 400 bytes.
func seedHistory(b testing.TB, s *Store, n int) {
	b.Helper()
	tx, err := s.db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	stmt, err := tx.Prepare(insertSQL)
	if err != nil {
		b.Fatal(err)
	}
	body := make([]byte, 0, 400)
	for len(body) < 400 {
		body = append(body, `{"id":1,"name":"Michael Scott","branch":"Scranton"},`...)
	}
	for i := range n {
		e := Exchange{
			Start: t0.Add(time.Duration(i) * time.Millisecond), Duration: time.Millisecond, Method: "GET",
			URL: fmt.Sprintf("http://127.0.0.1:3000/api/r%d?i=%d", i%20, i), Route: fmt.Sprintf("/api/r%d", i%20),
			RequestHeaders: map[string][]string{"Accept": {"*/*"}, "User-Agent": {"curl/8"}}, Status: 200,
			ResponseHeaders: map[string][]string{"Content-Type": {"application/json"}}, ResponseBody: body, Mode: "production",
		}
		if i%50 == 0 {
			e.Status, e.Error = 500, "TypeError: boom"
		}
		args, err := encode(&e)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := stmt.Exec(args...); err != nil {
			b.Fatal(err)
		}
	}
	stmt.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	// As the writer does when idle: bring the text index up to date.
	for s.textIndexed {
		n, err := s.indexText(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
}

// BenchmarkSearch100k: a page of 50 from a history of 100 000 exchanges,
// for the listings issue 7 names (target: under 50 ms each).
func BenchmarkSearch100k(b *testing.B) {
	s, err := Open(b.Context(), filepath.Join(b.TempDir(), "history.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	seedHistory(b, s, 100_000)
	middle := Cursor{Start: t0.Add(50_000 * time.Millisecond), ID: 50_001}
	for _, bc := range []struct {
		name string
		f    Filter
	}{
		{"newest", Filter{}},
		{"page in the middle", Filter{After: &middle}},
		{"route", Filter{Route: "/api/r7"}},
		{"status 5xx", Filter{StatusClass: 5}},
		{"status 2xx", Filter{StatusClass: 2}},
		{"status 200, GET", Filter{Status: 200, Method: "GET"}},
		{"errors only", Filter{ErrorsOnly: true}},
		{"time range", Filter{Since: t0.Add(10 * time.Second), Until: t0.Add(20 * time.Second)}},
		{"text, frequent", Filter{Text: "scranton"}},
		{"text, in one URL", Filter{Text: "i=12345"}},
		{"text, nowhere", Filter{Text: "no such text"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(b.Context(), bc.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
