package store

import (
	"slices"
	"testing"
)

// TestTextIndex: with FTS5 in the build, the writer's index finds what the
// scan finds, for exchanges indexed and for newer ones not yet indexed;
// deleted exchanges leave the index. Without FTS5 it is skipped (Search
// scans, as TestSearchFilters checks).
func TestTextIndex(t *testing.T) {
	s := searchFixture(t)
	if !s.textIndexed {
		t.Skip("this build has no FTS5 (build tag sqlite_fts5): Search scans")
	}
	texts := []string{"jim halpert", `"Pam"`, "users/8", "boom.ts:2", "needle_50%", "no such text", "ja"}
	before := map[string][]string{}
	for _, text := range texts {
		page, err := s.Search(t.Context(), Filter{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		before[text] = urlsOf(page)
	}
	for {
		n, err := s.indexText(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	var through, count int64
	if err := s.db.QueryRow(`SELECT through FROM exchanges_text_state`).Scan(&through); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow(`SELECT max(id) FROM exchanges`).Scan(&count); err != nil || through != count {
		t.Fatalf("indexed through %d of %d", through, count)
	}
	for _, text := range texts {
		page, err := s.Search(t.Context(), Filter{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if got := urlsOf(page); !slices.Equal(got, before[text]) {
			t.Errorf("%q: indexed search %v, scan %v", text, got, before[text])
		}
	}
	var hits int
	if err := s.db.QueryRow(`SELECT count(*) FROM exchanges_text WHERE exchanges_text MATCH '"halpert"'`).Scan(&hits); err != nil || hits != 1 {
		t.Fatalf("index hits %d, %v", hits, err)
	}
	if err := s.DeleteAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow(`SELECT count(*) FROM exchanges_text WHERE exchanges_text MATCH '"halpert"'`).Scan(&hits); err != nil || hits != 0 {
		t.Errorf("after DeleteAll the index still has %d hits, %v", hits, err)
	}
}
