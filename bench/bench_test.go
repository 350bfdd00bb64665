package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const wrkReport = `Running 5s test @ http://127.0.0.1:18089/api/basic
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   254.63us    0.85ms  14.66ms   96.97%
    Req/Sec    20.56k     1.52k   22.67k    70.00%
  Latency Distribution
     50%   80.00us
     75%  131.00us
     90%  451.00us
     99%    4.67ms
  40886 requests in 5.00s, 4.60MB read
  Socket errors: connect 0, read 2, write 1, timeout 3
  Non-2xx or 3xx responses: 12
Requests/sec:  8177.20
Transfer/sec:      0.92MB
`

func TestParseWrk(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    wrkResult
		wantErr string
	}{
		{
			name: "full report with errors",
			in:   wrkReport,
			want: wrkResult{Requests: 40886, Duration: 5 * time.Second, RPS: 8177.20, P50: 80 * time.Microsecond, P99: 4670 * time.Microsecond,
				SocketErrs: 6, Non2xx: 12, Description: "2 threads and 32 connections"},
		},
		{
			name: "clean run, seconds and minutes",
			in: "  1 threads and 1 connections\n  Latency Distribution\n     50%    1.50s\n     99%    1.25m\n" +
				"  12 requests in 1.10s, 3.91KB read\nRequests/sec:     10.91\n",
			want: wrkResult{Requests: 12, Duration: 1100 * time.Millisecond, RPS: 10.91, P50: 1500 * time.Millisecond, P99: 75 * time.Second,
				Description: "1 threads and 1 connections"},
		},
		{name: "no latency distribution", in: "Requests/sec:  100.00\n", wantErr: "--latency"},
		{name: "connection refused", in: "unable to connect to 127.0.0.1:1 Connection refused\n", wantErr: "no Requests/sec"},
		{name: "bad percentile", in: "  50%  fast\n  99%  1ms\nRequests/sec: 1\n", wantErr: "latency 50%"},
		{name: "bad socket errors", in: wrkReport + "Socket errors: connect x\n", wantErr: "socket errors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseWrk(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseWrk error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseWrk =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestParseWrkDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"80.00us", 80 * time.Microsecond, true},
		{"4.67ms", 4670 * time.Microsecond, true},
		{"1.00s", time.Second, true},
		{"2.00m", 2 * time.Minute, true},
		{"1.00h", time.Hour, true},
		{"12", 0, false},
		{"-1ms", 0, false},
		{"ms", 0, false},
	}
	for _, tt := range tests {
		got, err := parseWrkDuration(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseWrkDuration(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestWrkArgs(t *testing.T) {
	tests := []struct {
		name string
		o    wrkOptions
		want string
	}{
		{"one connection needs one thread", wrkOptions{URL: "http://x/", Connections: 1, Duration: 5 * time.Second},
			"-t1 -c1 -d5s --timeout 5s --latency http://x/"},
		{"two threads otherwise, headers passed", wrkOptions{URL: "http://x/", Connections: 32, Duration: 1500 * time.Millisecond, Headers: []string{"Cookie: a=b"}},
			"-t2 -c32 -d2s --timeout 5s --latency -H Cookie: a=b http://x/"},
		{"at least a second", wrkOptions{URL: "http://x/", Connections: 4, Duration: 100 * time.Millisecond},
			"-t2 -c4 -d1s --timeout 5s --latency http://x/"},
	}
	for _, tt := range tests {
		if got := strings.Join(tt.o.args(), " "); got != tt.want {
			t.Errorf("%s: args = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestParseRSS(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want rss
		ok   bool
	}{
		{"present", "Name:\tedgeplay\nVmPeak:\t  900 kB\nVmRSS:\t   51200 kB\nRssAnon:\t 20480 kB\nRssFile:\t 30720 kB\n",
			rss{Total: 50 << 20, Anon: 20 << 20, File: 30 << 20}, true},
		{"total only", "VmRSS:\t 1024 kB\n", rss{Total: 1 << 20}, true},
		{"missing", "Name:\tedgeplay\nRssAnon:\t 1 kB\n", rss{Anon: 1 << 10}, false},
		{"other unit", "VmRSS:\t 12 MB\n", rss{}, false},
	}
	for _, tt := range tests {
		got, err := parseRSS(strings.NewReader(tt.in))
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("%s: parseRSS = %+v, %v; want %+v, ok=%v", tt.name, got, err, tt.want, tt.ok)
		}
	}
}

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	tests := []struct {
		in   []time.Duration
		p    float64
		want time.Duration
		ok   bool
	}{
		{nil, 0.5, 0, false},
		{ms(7), 0.5, 7 * time.Millisecond, true},
		{ms(4, 1, 3, 2), 0.5, 2 * time.Millisecond, true},
		{ms(5, 1, 4, 2, 3), 0.5, 3 * time.Millisecond, true},
		{ms(5, 1, 4, 2, 3), 1, 5 * time.Millisecond, true},
		{ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 0.9, 9 * time.Millisecond, true},
	}
	for _, tt := range tests {
		got, ok := percentile(tt.in, tt.p)
		if got != tt.want || ok != tt.ok {
			t.Errorf("percentile(%v, %v) = %v, %v; want %v, %v", tt.in, tt.p, got, ok, tt.want, tt.ok)
		}
	}
}

// TestEdgeRuntimeScript checks that the script for edge-runtime carries
// every endpoint's route, transpiled from the workspace's own files.
func TestEdgeRuntimeScript(t *testing.T) {
	dir := t.TempDir()
	if err := writeWorkspace(dir); err != nil {
		t.Fatal(err)
	}
	script, err := edgeRuntimeScript(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, ep := range endpoints {
		path, _, _ := strings.Cut(ep.Path, "?")
		if !strings.Contains(script, `routes["`+path+`"] = `) {
			t.Errorf("script has no route for %s", path)
		}
	}
	for _, want := range []string{"Hello world!", `searchParams.get("email")`, `req.cookies.get("session")`, "new ReadableStream", "addEventListener('fetch'"} {
		if !strings.Contains(script, want) {
			t.Errorf("script lacks %q", want)
		}
	}
	if strings.Contains(script, "import type") || strings.Contains(script, ": NextRequest") {
		t.Error("TypeScript left in the script")
	}
}

func TestRewriteRoute(t *testing.T) {
	dir := t.TempDir()
	if err := writeWorkspace(dir); err != nil {
		t.Fatal(err)
	}
	if err := rewriteRoute(dir, "pages/api/edit.ts", editRoute(7)); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "pages", "api", "edit.ts"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "'"+editBody(7)+"'") {
		t.Errorf("edit.ts = %q", b)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".bench-edit-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestFloorHandler checks that the floor answers every endpoint with the
// bytes Edgeplay and edge-runtime must answer.
func TestFloorHandler(t *testing.T) {
	srv := httptest.NewServer(floorHandler())
	defer srv.Close()
	for _, ep := range endpoints {
		req, err := http.NewRequest(http.MethodGet, srv.URL+ep.Path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range ep.Headers {
			name, value, _ := strings.Cut(h, ":")
			req.Header.Add(name, strings.TrimSpace(value))
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusOK || string(body) != string(ep.Body()) {
			t.Errorf("%s: %d, %d bytes %.40q; want 200 and %d bytes", ep.Path, res.StatusCode, len(body), body, len(ep.Body()))
		}
	}
}
