package store

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

// TestEncodeHeaderMatchesJSON checks that the header encoding without
// reflection writes exactly what json.Marshal writes (the stored format),
// and that headers needing escapes still go through json.Marshal.
func TestEncodeHeaderMatchesJSON(t *testing.T) {
	for _, tc := range []struct {
		name  string
		h     http.Header
		plain bool
	}{
		{"typical request", http.Header{"Host": {"127.0.0.1:3999"}, "User-Agent": {"curl/8.5.0"}, "Accept": {"*/*"}}, true},
		{"typical response", http.Header{"Content-Type": {"text/plain;charset=UTF-8"}}, true},
		{"several values", http.Header{"Set-Cookie": {"a=1; Path=/", "b=2"}, "Vary": {"Accept"}}, true},
		{"nil values", http.Header{"X-Nil": nil, "A": {"1"}}, true},
		{"empty values", http.Header{"X-Empty": {}, "X-Blank": {""}}, true},
		{"sorting", http.Header{"b": {"2"}, "B": {"1"}, "a-b": {"3"}, "A": {"0"}}, true},
		{"quote", http.Header{"X": {`say "hi"`}}, false},
		{"backslash", http.Header{"X": {`a\b`}}, false},
		{"html", http.Header{"X": {"<b>&amp;</b>"}}, false},
		{"control", http.Header{"X": {"a\tb"}}, false},
		{"non-ASCII", http.Header{"X": {"héllo"}}, false},
		{"invalid UTF-8", http.Header{"X": {"\xff"}}, false},
		{"odd name", http.Header{"X\"Y": {"1"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := json.Marshal(tc.h)
			if err != nil {
				t.Fatal(err)
			}
			got, err := encodeHeader(tc.h)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("encodeHeader = %s, json.Marshal = %s", got, want)
			}
			if _, ok := encodePlainHeader(tc.h); ok != tc.plain {
				t.Errorf("plain = %v, want %v", ok, tc.plain)
			}
		})
	}
}

// BenchmarkEncode measures turning one exchange into its row (the writer
// goroutine's share of recording a request).
func BenchmarkEncode(b *testing.B) {
	e := fullExchange()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := encode(&e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteBatch measures the writer's transaction for a full batch
// of typical exchanges (no logs, small bodies), per exchange.
func BenchmarkWriteBatch(b *testing.B) {
	s, err := Open(b.Context(), filepath.Join(b.TempDir(), "history.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	e := Exchange{
		Start: t0, Duration: 300 * time.Microsecond, Method: http.MethodGet,
		URL: "http://127.0.0.1:3999/api/basic", Route: "/api/basic", File: "pages/api/basic.ts",
		RequestHeaders:  http.Header{"User-Agent": {"wrk"}},
		RequestBody:     []byte{},
		Status:          http.StatusOK,
		ResponseHeaders: http.Header{"Content-Type": {"text/plain;charset=UTF-8"}},
		ResponseBody:    []byte("Hello world!"),
		HandlerVersion:  "sha256:0123456789abcdef", Mode: "production",
	}
	batch := make([]Exchange, DefaultBatchSize)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += len(batch) {
		for j := range batch {
			batch[j] = e
		}
		if err := s.insert(batch); err != nil {
			b.Fatal(err)
		}
	}
}
