package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSyntheticExchange(t *testing.T) {
	end := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	body := []byte("{}")
	tests := []struct {
		i          int
		wantStatus int
		wantRoute  string
		wantURL    string
		wantStart  time.Time
	}{
		{0, 500, "/api/r0", "http://127.0.0.1:3000/api/r0?seq=0", end.Add(-1000 * time.Millisecond)},
		{7, 200, "/api/r7", "http://127.0.0.1:3000/api/r7?seq=7", end.Add(-993 * time.Millisecond)},
		{50, 500, "/api/r10", "http://127.0.0.1:3000/api/r10?seq=50", end.Add(-950 * time.Millisecond)},
		{999, 200, "/api/r19", "http://127.0.0.1:3000/api/r19?seq=999", end.Add(-time.Millisecond)},
	}
	for _, tt := range tests {
		e := syntheticExchange(tt.i, 1000, end, body, nil, nil)
		if e.Status != tt.wantStatus || e.Route != tt.wantRoute || e.URL != tt.wantURL || !e.Start.Equal(tt.wantStart) {
			t.Errorf("exchange %d: status %d route %q url %q start %v; want %d %q %q %v",
				tt.i, e.Status, e.Route, e.URL, e.Start, tt.wantStatus, tt.wantRoute, tt.wantURL, tt.wantStart)
		}
		if (e.Error != "") != (tt.wantStatus == 500) {
			t.Errorf("exchange %d: error %q with status %d", tt.i, e.Error, e.Status)
		}
	}
}

// TestMeasureQueries runs the query measurement on a small history: every
// query answers what it should, and the section prints it.
func TestMeasureQueries(t *testing.T) {
	const rows = 1000
	seed, qs, err := measureQueries(t.Context(), filepath.Join(t.TempDir(), "h.db"), rows)
	if err != nil {
		t.Fatal(err)
	}
	if seed == nil || seed.rows != rows || seed.dropped != 0 || seed.PerSec() <= 0 {
		t.Fatalf("seed = %+v", seed)
	}
	if len(qs) != 7 {
		t.Fatalf("%d queries, want 7", len(qs))
	}
	for _, q := range qs {
		if q.check != "" {
			t.Errorf("%s: %s", q.name, q.check)
		}
		if len(q.samples) != historyRuns {
			t.Errorf("%s: %d samples, want %d", q.name, len(q.samples), historyRuns)
		}
	}

	var out bytes.Buffer
	printHistory(&out, &historyReport{seed: seed, query: qs, load: &historyLoad{
		bare:     &wrkResult{RPS: 20000, P99: time.Millisecond},
		loaded:   wrkResult{RPS: 15000, Requests: 75000, Duration: 5 * time.Second, P99: 2 * time.Millisecond},
		recorded: 75010, inRun: 74990, dropped: 0,
	}})
	s := out.String()
	for _, want := range []string{"History (issue 7)", "query at 1000 rows", "newest page (50)", "Get one exchange", "75%", "15002", "0 / 0"} {
		if !strings.Contains(s, want) {
			t.Errorf("section lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "!)") {
		t.Errorf("a query's results were wrong:\n%s", s)
	}
}

func TestMeasureQueriesTooFewRows(t *testing.T) {
	if _, _, err := measureQueries(t.Context(), filepath.Join(t.TempDir(), "h.db"), 10); err == nil {
		t.Fatal("no error for 10 rows")
	}
}

func TestPrintHistoryVerdicts(t *testing.T) {
	tests := []struct {
		name string
		h    *historyReport
		want []string
	}{
		{"nothing measured", &historyReport{notes: []string{"boom"}}, []string{"recording under load", "n/a", "note: boom"}},
		{"drops", &historyReport{load: &historyLoad{
			loaded:   wrkResult{RPS: 100, Requests: 500, Duration: 5 * time.Second},
			recorded: 400, dropped: 100,
		}}, []string{"100 / 0", "MISS"}},
		{"slow query", &historyReport{seed: &historySeed{rows: 5, took: time.Second}, query: []queryTiming{
			{name: "slow", samples: []time.Duration{60 * time.Millisecond, 70 * time.Millisecond}},
			{name: "fast", samples: []time.Duration{time.Millisecond}, check: "0 results"},
		}}, []string{"slow", "MISS", "PASS (0 results!)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			printHistory(&out, tt.h)
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
	var out bytes.Buffer
	printHistory(&out, nil)
	if out.Len() != 0 {
		t.Errorf("nil report printed %q", out.String())
	}
}
