package diff

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"edgeplay/store"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func resp(status int, hdr http.Header, body string) store.Exchange {
	if hdr == nil {
		hdr = http.Header{}
	}
	return store.Exchange{Method: "GET", URL: "http://localhost/x", Status: status, ResponseHeaders: hdr, ResponseBody: []byte(body)}
}

func TestExchangesStatusAndHeaders(t *testing.T) {
	base := http.Header{"Content-Type": {"text/plain"}, "Date": {"Mon, 01 Jan 2024 00:00:00 GMT"}, "X-Vercel-Id": {"a1"}}
	with := func(f func(h http.Header)) http.Header {
		h := base.Clone()
		f(h)
		return h
	}
	tests := []struct {
		name    string
		a, b    store.Exchange
		opts    Options
		same    bool
		status  *StatusChange
		headers []HeaderChange
	}{
		{
			name: "identical",
			a:    resp(200, base, "hi"), b: resp(200, base.Clone(), "hi"),
			same: true, headers: []HeaderChange{},
		},
		{
			name: "status changed",
			a:    resp(200, base, "hi"), b: resp(404, base, "hi"),
			status: &StatusChange{Old: 200, New: 404}, headers: []HeaderChange{},
		},
		{
			name: "date ignored by default, other header ignored by option, any case",
			a:    resp(200, base, "hi"),
			b: resp(200, with(func(h http.Header) {
				h.Set("Date", "Tue, 02 Jan 2024 00:00:00 GMT")
				h.Set("X-Vercel-Id", "b2")
			}), "hi"),
			opts: Options{IgnoreHeaders: []string{"x-vercel-id"}},
			same: true, headers: []HeaderChange{},
		},
		{
			name: "header added, removed, changed",
			a:    resp(200, with(func(h http.Header) { h.Set("X-Old", "1") }), "hi"),
			b: resp(200, with(func(h http.Header) {
				h.Set("Content-Type", "text/html")
				h["x-new"] = []string{"2", "3"} // not canonical as stored
			}), "hi"),
			opts: Options{IgnoreHeaders: []string{"X-Vercel-Id"}},
			headers: []HeaderChange{
				{Name: "Content-Type", Kind: Changed, Old: []string{"text/plain"}, New: []string{"text/html"}},
				{Name: "X-New", Kind: Added, New: []string{"2", "3"}},
				{Name: "X-Old", Kind: Removed, Old: []string{"1"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Exchanges(tt.a, tt.b, tt.opts)
			if r.Same != tt.same {
				t.Errorf("Same = %v, want %v (%s)", r.Same, tt.same, r)
			}
			if !reflect.DeepEqual(r.Status, tt.status) {
				t.Errorf("Status = %+v, want %+v", r.Status, tt.status)
			}
			if !reflect.DeepEqual(r.Headers, tt.headers) {
				t.Errorf("Headers = %+v\nwant %+v", r.Headers, tt.headers)
			}
		})
	}
}

func TestRequests(t *testing.T) {
	a := store.Exchange{Method: "POST", URL: "http://h/a?x=1", RequestHeaders: http.Header{"Content-Type": {"application/json"}}, RequestBody: []byte(`{"n":1}`)}
	tests := []struct {
		name   string
		b      store.Exchange
		same   bool
		method *Change
		url    *Change
		body   bool // body same
	}{
		{name: "identical", b: a, same: true, body: true},
		{name: "method and url", b: store.Exchange{Method: "PUT", URL: "http://h/a?x=2", RequestHeaders: a.RequestHeaders, RequestBody: []byte(`{"n": 1.0}`)},
			method: &Change{Old: "POST", New: "PUT"}, url: &Change{Old: "http://h/a?x=1", New: "http://h/a?x=2"}, body: true},
		{name: "body", b: store.Exchange{Method: "POST", URL: a.URL, RequestHeaders: a.RequestHeaders, RequestBody: []byte(`{"n":2}`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Requests(a, tt.b, Options{})
			if r.Same != tt.same || r.Body.Same != tt.body {
				t.Errorf("Same = %v, Body.Same = %v; want %v, %v", r.Same, r.Body.Same, tt.same, tt.body)
			}
			if !reflect.DeepEqual(r.Method, tt.method) || !reflect.DeepEqual(r.URL, tt.url) {
				t.Errorf("Method, URL = %+v, %+v; want %+v, %+v", r.Method, r.URL, tt.method, tt.url)
			}
			if r.Status != nil {
				t.Errorf("Status = %+v on a request diff", r.Status)
			}
		})
	}
}

// jc builds an expected JSONChange; "" leaves Old or New absent.
func jc(path string, k Kind, old, new string) JSONChange {
	c := JSONChange{Path: path, Kind: k}
	if old != "" {
		c.Old = json.RawMessage(old)
	}
	if new != "" {
		c.New = json.RawMessage(new)
	}
	return c
}

func TestJSONBody(t *testing.T) {
	jsonCT := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	tests := []struct {
		name string
		a, b string
		want []JSONChange
	}{
		{name: "equal", a: `{"a":1}`, b: `{"a":1}`},
		{name: "nested change", a: `{"user":{"name":"ann","age":3}}`, b: `{"user":{"name":"bob","age":3}}`,
			want: []JSONChange{jc("/user/name", Changed, `"ann"`, `"bob"`)}},
		{name: "key added and removed", a: `{"a":1,"b":2}`, b: `{"b":2,"c":{"d":[1]}}`,
			want: []JSONChange{jc("/a", Removed, `1`, ""), jc("/c", Added, "", `{"d":[1]}`)}},
		{name: "array insertion in the middle", a: `{"xs":[{"id":1},{"id":2},{"id":3},{"id":4}]}`, b: `{"xs":[{"id":1},{"id":2},{"id":9},{"id":3},{"id":4}]}`,
			want: []JSONChange{jc("/xs/2", Added, "", `{"id":9}`)}},
		{name: "array deletion uses old index", a: `[1,2,3,4]`, b: `[1,2,4]`,
			want: []JSONChange{jc("/2", Removed, `3`, "")}},
		{name: "array element changed in place", a: `{"users":[{"name":"a"},{"name":"b"},{"name":"c"}]}`, b: `{"users":[{"name":"a"},{"name":"B"},{"name":"c"}]}`,
			want: []JSONChange{jc("/users/1/name", Changed, `"b"`, `"B"`)}},
		{name: "key order ignored", a: `{"a":1,"b":{"x":true,"y":null}}`, b: `{"b":{"y":null,"x":true},"a":1}`},
		{name: "numbers by value", a: `[1, 100, 0.5, -0]`, b: `[1.0, 1e2, 5e-1, 0]`},
		{name: "number changed", a: `{"n":1}`, b: `{"n":1.5}`, want: []JSONChange{jc("/n", Changed, `1`, `1.5`)}},
		{name: "strings exact", a: `["a"]`, b: `["a "]`, want: []JSONChange{jc("/0", Changed, `"a"`, `"a "`)}},
		{name: "pointer escaping", a: `{"a/b":1,"m~n":1,"~/":1}`, b: `{"a/b":2,"m~n":2,"~/":2}`,
			want: []JSONChange{jc("/a~1b", Changed, `1`, `2`), jc("/m~0n", Changed, `1`, `2`), jc("/~0~1", Changed, `1`, `2`)}},
		{name: "type change at root", a: `{"a":1}`, b: `[1]`, want: []JSONChange{jc("", Changed, `{"a":1}`, `[1]`)}},
		{name: "html not escaped", a: `{"h":"<b>"}`, b: `{"h":"<i>"}`, want: []JSONChange{jc("/h", Changed, `"<b>"`, `"<i>"`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Exchanges(resp(200, jsonCT, tt.a), resp(200, jsonCT, tt.b), Options{})
			if r.Body.Mode != ModeJSON {
				t.Fatalf("Mode = %q, want json", r.Body.Mode)
			}
			if !reflect.DeepEqual(r.Body.JSON, tt.want) {
				t.Errorf("JSON changes:\n got %s\nwant %s", mustJSON(t, r.Body.JSON), mustJSON(t, tt.want))
			}
			if r.Body.Same != (len(tt.want) == 0) || r.Same != r.Body.Same {
				t.Errorf("Body.Same = %v, Same = %v with %d changes", r.Body.Same, r.Same, len(tt.want))
			}
		})
	}
}

func TestBodyModeDetection(t *testing.T) {
	tests := []struct {
		name string
		ct   string
		a, b string
		want BodyMode
	}{
		{name: "json sniffed without content type", ct: "text/plain", a: `{"a":1}`, b: `{"a":2}`, want: ModeJSON},
		{name: "bare scalar in text stays text", ct: "text/plain", a: "123", b: "124", want: ModeText},
		{name: "json content type with a scalar", ct: "application/json", a: "123", b: "124", want: ModeJSON},
		{name: "invalid json falls back to text", ct: "application/json", a: `{"a":`, b: `{"a":1}`, want: ModeText},
		{name: "empty", ct: "", a: "", b: "", want: ModeEmpty},
		{name: "one side empty is text", ct: "", a: "", b: "x\n", want: ModeText},
		{name: "NUL is binary", ct: "", a: "a\x00b", b: "a\x00c", want: ModeBinary},
		{name: "invalid utf-8 is binary", ct: "", a: "a\xffb", b: "a", want: ModeBinary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"Content-Type": {tt.ct}}
			r := Exchanges(resp(200, h, tt.a), resp(200, h, tt.b), Options{})
			if r.Body.Mode != tt.want {
				t.Errorf("Mode = %q, want %q", r.Body.Mode, tt.want)
			}
		})
	}
}

func TestTextUnifiedGolden(t *testing.T) {
	lines := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("line %d", i+1)
		}
		return out
	}
	join := func(ls []string) string { return strings.Join(ls, "\n") + "\n" }
	ten := lines(10)
	edit := func(f func([]string) []string) string {
		return join(f(append([]string(nil), ten...)))
	}
	tests := []struct {
		name string
		a, b string
	}{
		{name: "change", a: join(ten), b: edit(func(l []string) []string { l[4] = "line five"; return l })},
		{name: "two_hunks", a: join(lines(20)), b: func() string {
			l := lines(20)
			l[1] = "second"
			l[17] = "eighteenth"
			return join(l)
		}()},
		{name: "insert_start", a: join(ten), b: edit(func(l []string) []string { return append([]string{"new first"}, l...) })},
		{name: "insert_end", a: join(ten), b: edit(func(l []string) []string { return append(l, "new last") })},
		{name: "delete_start", a: join(ten), b: edit(func(l []string) []string { return l[1:] })},
		{name: "delete_end", a: join(ten), b: edit(func(l []string) []string { return l[:9] })},
		{name: "from_empty", a: "", b: "a\nb\n"},
		{name: "crlf_change", a: strings.ReplaceAll(join(ten), "\n", "\r\n"), b: strings.ReplaceAll(edit(func(l []string) []string { l[0] = "LINE 1"; return l }), "\n", "\r\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Exchanges(resp(200, nil, tt.a), resp(200, nil, tt.b), Options{})
			if r.Body.Mode != ModeText || r.Body.Same || r.Body.Approximate {
				t.Fatalf("Mode = %q, Same = %v, Approximate = %v", r.Body.Mode, r.Body.Same, r.Body.Approximate)
			}
			got := r.Body.Unified()
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden (run with -update to create): %v", err)
			}
			if got != string(want) {
				t.Errorf("Unified() =\n%s\nwant\n%s", got, want)
			}
			checkReconstructs(t, tt.a, tt.b, Options{Context: -1})
		})
	}
}

// checkReconstructs re-diffs a and b with the whole body in one hunk and
// checks that the hunk's lines rebuild both bodies.
func checkReconstructs(t *testing.T, a, b string, opts Options) {
	t.Helper()
	d := Exchanges(resp(200, nil, a), resp(200, nil, b), opts).Body
	var oldL, newL []string
	for _, h := range d.Hunks {
		for _, l := range h.Lines {
			if l.Kind != LineInsert {
				oldL = append(oldL, l.Text)
			}
			if l.Kind != LineDelete {
				newL = append(newL, l.Text)
			}
		}
	}
	if len(d.Hunks) == 0 {
		return
	}
	if !reflect.DeepEqual(oldL, splitLines([]byte(a))) {
		t.Errorf("old side not rebuilt from the diff")
	}
	if !reflect.DeepEqual(newL, splitLines([]byte(b))) {
		t.Errorf("new side not rebuilt from the diff")
	}
}

func TestTextLineEndings(t *testing.T) {
	tests := []struct {
		name string
		a, b string
	}{
		{name: "crlf vs lf", a: "a\r\nb\r\n", b: "a\nb\n"},
		{name: "final newline", a: "a\nb", b: "a\nb\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Exchanges(resp(200, nil, tt.a), resp(200, nil, tt.b), Options{}).Body
			if d.Mode != ModeText || d.Same || !d.LineEndingsOnly || len(d.Hunks) != 0 || d.Unified() != "" {
				t.Errorf("got Mode %q Same %v LineEndingsOnly %v hunks %d", d.Mode, d.Same, d.LineEndingsOnly, len(d.Hunks))
			}
		})
	}
}

func TestBinary(t *testing.T) {
	tests := []struct {
		name      string
		a, b      string
		same      bool
		firstDiff int64
	}{
		{name: "equal", a: "\x00\x01\x02", b: "\x00\x01\x02", same: true, firstDiff: -1},
		{name: "differs at 2", a: "\x00\x01\x02\x03", b: "\x00\x01\xff\x03", firstDiff: 2},
		{name: "prefix", a: "\x00\x01", b: "\x00\x01\x02", firstDiff: 2},
		{name: "late in a long body", a: strings.Repeat("\x00", 10000) + "a", b: strings.Repeat("\x00", 10000) + "b", firstDiff: 10000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Exchanges(resp(200, nil, tt.a), resp(200, nil, tt.b), Options{}).Body
			if d.Mode != ModeBinary || d.Same != tt.same || d.FirstDiff != tt.firstDiff {
				t.Errorf("Mode %q Same %v FirstDiff %d; want binary %v %d", d.Mode, d.Same, d.FirstDiff, tt.same, tt.firstDiff)
			}
			if d.OldSize != int64(len(tt.a)) || d.NewSize != int64(len(tt.b)) {
				t.Errorf("sizes %d, %d", d.OldSize, d.NewSize)
			}
		})
	}
}

func TestTruncatedBodies(t *testing.T) {
	a := resp(200, nil, "abc")
	a.ResponseBodySize, a.ResponseBodyTruncated = 5000, true
	tests := []struct {
		name string
		b    func() store.Exchange
		same bool
	}{
		{name: "same prefix, same full size", b: func() store.Exchange { return a }, same: true},
		{name: "same prefix, other full size", b: func() store.Exchange {
			b := a
			b.ResponseBodySize = 6000
			return b
		}},
		{name: "prefix ends inside a character stays text", b: func() store.Exchange {
			b := resp(200, nil, "ab\xc3") // first byte of "é"
			b.ResponseBodySize, b.ResponseBodyTruncated = 5000, true
			return b
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.b()
			d := Exchanges(a, b, Options{}).Body
			if d.Same != tt.same || !d.OldTruncated || d.NewTruncated != b.ResponseBodyTruncated {
				t.Errorf("Same %v OldTruncated %v NewTruncated %v", d.Same, d.OldTruncated, d.NewTruncated)
			}
			if d.OldSize != 5000 || d.OldStored != 3 || d.Mode != ModeText {
				t.Errorf("OldSize %d OldStored %d Mode %q", d.OldSize, d.OldStored, d.Mode)
			}
		})
	}
}

// scattered returns n numbered lines and a copy with every step-th line
// changed, one line inserted and one deleted.
func scattered(n, step int) (string, string) {
	var a, b strings.Builder
	for i := range n {
		fmt.Fprintf(&a, "line %d\n", i)
		switch {
		case i == n/3:
			fmt.Fprintf(&b, "inserted\nline %d\n", i)
		case i == 2*n/3:
			// deleted
		case i%step == 0:
			fmt.Fprintf(&b, "changed %d\n", i)
		default:
			fmt.Fprintf(&b, "line %d\n", i)
		}
	}
	return a.String(), b.String()
}

func TestOversizeIsApproximate(t *testing.T) {
	tests := []struct {
		name     string
		a, b     func() (string, string)
		fallback string
	}{
		{name: "over MaxExactLines", a: func() (string, string) { return scattered(MaxExactLines+5000, 997) }, fallback: "more than 20000 lines"},
		{name: "over MaxExactEdits", a: func() (string, string) { return scattered(5000, 2) }, fallback: "more than 1000 changed lines"},
		{name: "over MaxExactBytes", a: func() (string, string) {
			a, b := scattered(MaxExactLines, 1000)
			pad := strings.Repeat("x", MaxExactBytes) + "\n"
			return pad + a, pad + b
		}, fallback: "body over 1048576 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := tt.a()
			d := Exchanges(resp(200, nil, a), resp(200, nil, b), Options{}).Body
			if d.Mode != ModeText || !d.Approximate || !strings.HasPrefix(d.Fallback, tt.fallback) {
				t.Fatalf("Mode %q Approximate %v Fallback %q", d.Mode, d.Approximate, d.Fallback)
			}
			checkReconstructs(t, a, b, Options{Context: -1})
			if tt.name == "over MaxExactLines" {
				// 26 changed lines (2 edits each), 1 insertion, 1 deletion:
				// the anchored diff finds the minimal script here.
				if n := changedLines(d); n != 2*26+2 {
					t.Errorf("anchored diff has %d changed lines, want %d", n, 2*26+2)
				}
			}
		})
	}
	t.Run("over MaxTextBytes", func(t *testing.T) {
		a := strings.Repeat("a", MaxTextBytes+1)
		d := Exchanges(resp(200, nil, a), resp(200, nil, a+"b"), Options{}).Body
		if d.Mode != ModeBinary || !d.Approximate || d.FirstDiff != int64(len(a)) {
			t.Errorf("Mode %q Approximate %v FirstDiff %d", d.Mode, d.Approximate, d.FirstDiff)
		}
	})
	t.Run("large JSON array", func(t *testing.T) {
		xs := make([]int, MaxExactLines+10)
		for i := range xs {
			xs[i] = i
		}
		a, _ := json.Marshal(xs)
		ys := append(append(append([]int(nil), xs[:100]...), -1), xs[100:]...)
		b, _ := json.Marshal(ys)
		h := http.Header{"Content-Type": {"application/json"}}
		d := Exchanges(resp(200, h, string(a)), resp(200, h, string(b)), Options{}).Body
		want := []JSONChange{jc("/100", Added, "", "-1")}
		if d.Mode != ModeJSON || !d.Approximate || !reflect.DeepEqual(d.JSON, want) {
			t.Errorf("Mode %q Approximate %v JSON %s", d.Mode, d.Approximate, mustJSON(t, d.JSON))
		}
	})
}

// TestSeqDiff checks on random inputs that myers is minimal (against an
// LCS table) and that both it and the anchored fallback are valid edit
// scripts.
func TestSeqDiff(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	gen := func() []int {
		s := make([]int, rng.Intn(30))
		for i := range s {
			s[i] = rng.Intn(6)
		}
		return s
	}
	for iter := range 500 {
		a, b := gen(), gen()
		ops, ok := myers(a, b, 1000)
		if !ok {
			t.Fatal("myers gave up below its cap")
		}
		checkScript(t, iter, "myers", ops, a, b)
		edits := 0
		for _, op := range ops {
			if op != opEqual {
				edits++
			}
		}
		if want := len(a) + len(b) - 2*lcsLen(a, b); edits != want {
			t.Fatalf("case %d: myers made %d edits, minimum is %d", iter, edits, want)
		}
		checkScript(t, iter, "anchored", anchored(nil, a, b, 0), a, b)
		if _, ok := myers(a, b, 0); ok && len(a) > 0 && len(b) > 0 && !reflect.DeepEqual(a, b) {
			t.Fatalf("case %d: myers with cap 0 succeeded on different inputs", iter)
		}
	}
}

func checkScript(t *testing.T, iter int, name string, ops []opKind, a, b []int) {
	t.Helper()
	i, j := 0, 0
	for _, op := range ops {
		switch op {
		case opEqual:
			if i >= len(a) || j >= len(b) || a[i] != b[j] {
				t.Fatalf("case %d: %s: bad equal at %d,%d", iter, name, i, j)
			}
			i, j = i+1, j+1
		case opDelete:
			i++
		case opInsert:
			j++
		}
	}
	if i != len(a) || j != len(b) {
		t.Fatalf("case %d: %s: script covers %d/%d, %d/%d", iter, name, i, len(a), j, len(b))
	}
}

func changedLines(d BodyDiff) int {
	n := 0
	for _, h := range d.Hunks {
		for _, l := range h.Lines {
			if l.Kind != LineEqual {
				n++
			}
		}
	}
	return n
}

func lcsLen(a, b []int) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

func TestResultJSON(t *testing.T) {
	r := Exchanges(resp(200, nil, "a\n"), resp(500, http.Header{"X-A": {"1"}}, "b\n"), Options{})
	s := mustJSON(t, r)
	for _, key := range []string{`"status":{"old":200,"new":500}`, `"headers":[{"name":"X-A","kind":"added","new":["1"]}]`,
		`"mode":"text"`, `"hunks":[{"oldStart":1,"oldLines":1,"newStart":1,"newLines":1,"lines":[{"kind":"delete","text":"a","old":1},{"kind":"insert","text":"b","new":1}]}]`,
		`"firstDiff":0`, `"same":false`} {
		if !strings.Contains(s, key) {
			t.Errorf("JSON lacks %s:\n%s", key, s)
		}
	}
	if got := r.String(); got != "status 200 → 500, 1 header(s), body (text)" {
		t.Errorf("String() = %q", got)
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// BenchmarkLargeText diffs 50 000 lines each side with about 100 scattered
// changes: over MaxExactLines, so the anchored fallback runs.
func BenchmarkLargeText(b *testing.B) {
	x, y := scattered(50000, 500)
	ea, eb := resp(200, nil, x), resp(200, nil, y)
	b.ReportAllocs()
	for b.Loop() {
		if d := Exchanges(ea, eb, Options{}).Body; !d.Approximate || len(d.Hunks) == 0 {
			b.Fatal("unexpected result")
		}
	}
}

// BenchmarkExactText diffs 20 000 lines each side with 40 scattered
// changes: the exact Myers diff.
func BenchmarkExactText(b *testing.B) {
	x, y := scattered(MaxExactLines, 500)
	ea, eb := resp(200, nil, x), resp(200, nil, y)
	b.ReportAllocs()
	for b.Loop() {
		if d := Exchanges(ea, eb, Options{}).Body; d.Approximate || len(d.Hunks) == 0 {
			b.Fatal("unexpected result")
		}
	}
}

// BenchmarkWorstCaseText diffs 20 000 lines against 20 000 entirely
// different lines: the exact diff gives up at MaxExactEdits and the
// fallback replaces the block.
func BenchmarkWorstCaseText(b *testing.B) {
	var x, y strings.Builder
	for i := range MaxExactLines {
		fmt.Fprintf(&x, "a%d\n", i)
		fmt.Fprintf(&y, "b%d\n", i)
	}
	ea, eb := resp(200, nil, x.String()), resp(200, nil, y.String())
	for b.Loop() {
		Exchanges(ea, eb, Options{})
	}
}
