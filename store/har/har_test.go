package har

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"edgeplay/store"
)

var pngBytes = func() []byte {
	b, err := base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNg+M/A8B8ABQACAeIhvDMAAAAASUVORK5CYII=")
	if err != nil {
		panic(err)
	}
	return b
}()

var start = time.Date(2025, 3, 14, 9, 26, 53, 589123456, time.FixedZone("CET", 3600))

// fullExchange has every field set.
func fullExchange() store.Exchange {
	return store.Exchange{
		ID:       42,
		Start:    start,
		Duration: 12*time.Millisecond + 345678*time.Nanosecond,
		Method:   "POST",
		URL:      "https://app.example.test/api/items/7?tab=usage&q=a%20b&q=c",
		Route:    "/api/items/[id]",
		File:     "app/api/items/[id]/route.ts",
		RequestHeaders: http.Header{
			"Content-Type": {"application/json"},
			"Cookie":       {"session=abc123; theme=dark"},
			"Accept":       {"application/json", "text/plain"},
			"X-Quote":      {`it's "quoted" <&>`},
		},
		RequestBody: []byte(`{"name":"café","n":1}`),
		Status:      201,
		ResponseHeaders: http.Header{
			"Content-Type": {"application/json; charset=utf-8"},
			"Location":     {"/api/items/8"},
			"Set-Cookie": {
				"seen=1; Path=/; Domain=example.test; HttpOnly; Secure; Expires=Wed, 21 Oct 2026 07:28:00 GMT",
				"ab=b; Path=/app",
			},
		},
		ResponseBody:     []byte(`{"id":8}`),
		Error:            "TypeError: x is undefined\n    at handler (app/api/items/[id]/route.ts:3:9)",
		Logs:             []store.LogEntry{{Time: start.Add(time.Millisecond + 7), Level: "log", Message: "hello"}, {Time: start.Add(2 * time.Millisecond), Level: "error", Message: "boom\nline 2"}},
		HandlerVersion:   "sha256:0123abcd",
		Mode:             "development",
		CPUTime:          3*time.Millisecond + 17,
		Params:           map[string][]string{"id": {"7"}},
		Timings:          store.Timings{CompileWait: 5 * time.Millisecond, HandlerStart: 5*time.Millisecond + 100, FirstByte: 9*time.Millisecond + 1},
		ReplayOf:         41,
		RequestBodySize:  22,
		ResponseBodySize: 8,
	}
}

func roundTripCases() []struct {
	name string
	in   store.Exchange
} {
	full := fullExchange()
	binary := store.Exchange{
		Start: start, Duration: time.Second, Method: "PUT", URL: "http://localhost:3000/upload",
		RequestHeaders: http.Header{"Content-Type": {"application/octet-stream"}},
		RequestBody:    []byte{0x00, 0xff, 0xfe, 'a', 0x80, '\n'},
		Status:         200, ResponseHeaders: http.Header{"Content-Type": {"image/png"}},
		ResponseBody: pngBytes, RequestBodySize: 6, ResponseBodySize: int64(len(pngBytes)),
	}
	truncated := store.Exchange{
		Start: start, Duration: 50 * time.Millisecond, Method: "POST", URL: "http://localhost:3000/big",
		RequestBody: []byte("aaaa"), RequestBodySize: 1 << 21, RequestBodyTruncated: true,
		Status: 200, ResponseBody: []byte{0xff, 0xd8, 0xff}, ResponseBodySize: 5 << 20, ResponseBodyTruncated: true,
		Timings: store.Timings{FirstByte: 2 * time.Millisecond},
	}
	empty := store.Exchange{
		Start: start, Duration: time.Millisecond, Method: "GET", URL: "http://localhost:3000/",
		RequestBody: []byte{}, ResponseBody: []byte{}, Status: 204,
		RequestHeaders: http.Header{}, ResponseHeaders: nil,
	}
	repeated := store.Exchange{
		Start: start, Duration: time.Millisecond, Method: "GET", URL: "http://localhost:3000/r",
		RequestHeaders: http.Header{"Accept": {"a", "b", "a"}, "x-lower-case": {"kept as written"}, "X-Empty": {""}},
		Status:         302,
		ResponseHeaders: http.Header{
			"Set-Cookie": {"a=1", "b=2; Max-Age=10", "not a cookie"},
			"Vary":       {"RSC", "Accept-Encoding"},
			"Location":   {"https://elsewhere.test/x"},
		},
	}
	streamed := store.Exchange{
		Start: start, Duration: 3 * time.Second, Method: "GET", URL: "http://localhost:3000/stream",
		Status: 200, ResponseHeaders: http.Header{"Content-Type": {"text/event-stream"}},
		ResponseBody: []byte("data: 1\n\ndata: 2\n\n"), ResponseBodySize: 18,
		Chunks:  []store.Chunk{{At: 10 * time.Millisecond, Size: 9}, {At: 2*time.Second + 1, Size: 9}},
		Timings: store.Timings{HandlerStart: time.Millisecond, FirstByte: 9 * time.Millisecond},
		Sim:     &store.SimContext{Client: "Tokyo", Entry: "hnd1", Exec: "sfo1", VercelID: "hnd1::sfo1::abcde-1-0123456789ab", Network: 132 * time.Millisecond, Cache: "MISS", CacheReason: "not in the cache"},
	}
	latin1 := store.Exchange{
		Start: start, Duration: time.Millisecond, Method: "POST", URL: "http://localhost:3000/form",
		RequestHeaders: http.Header{"Content-Type": {"text/plain; charset=iso-8859-1"}},
		RequestBody:    []byte("caf\xe9"), Status: 200,
		ResponseHeaders: http.Header{"Content-Type": {"text/plain; charset=iso-8859-1"}},
		ResponseBody:    []byte("na\xefve \xa9"),
	}
	form := store.Exchange{
		Start: start, Duration: time.Millisecond, Method: "POST", URL: "http://localhost:3000/login",
		RequestHeaders: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
		RequestBody:    []byte("user=ann+lee&pass=p%26ss&flag"), Status: 303,
	}
	zero := store.Exchange{Method: "GET", URL: "http://localhost:3000/zero"}
	return []struct {
		name string
		in   store.Exchange
	}{
		{"full", full},
		{"binary bodies", binary},
		{"truncated bodies", truncated},
		{"empty bodies", empty},
		{"repeated headers", repeated},
		{"streamed chunks", streamed},
		{"non-UTF-8 bodies", latin1},
		{"form body", form},
		{"zero values", zero},
	}
}

// normalise is what Import gives back for e: no ids, times in UTC, and
// empty bodies and headers nil as the store returns them.
func normalise(e store.Exchange) store.Exchange {
	e.ID, e.ReplayOf = 0, 0
	e.Start = e.Start.UTC()
	if len(e.RequestBody) == 0 {
		e.RequestBody = nil
	}
	if len(e.ResponseBody) == 0 {
		e.ResponseBody = nil
	}
	if len(e.RequestHeaders) == 0 {
		e.RequestHeaders = nil
	}
	if len(e.ResponseHeaders) == 0 {
		e.ResponseHeaders = nil
	}
	if e.Logs != nil {
		logs := make([]store.LogEntry, len(e.Logs))
		for i, l := range e.Logs {
			l.Time = l.Time.UTC()
			logs[i] = l
		}
		e.Logs = logs
	}
	return e
}

func TestRoundTrip(t *testing.T) {
	cases := roundTripCases()
	var all []store.Exchange
	for _, tc := range cases {
		all = append(all, tc.in)
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Export(&buf, []store.Exchange{tc.in}, ExportOptions{CreatorVersion: "0.9.0"}); err != nil {
				t.Fatal(err)
			}
			validateHAR(t, buf.Bytes())
			got, err := Import(&buf)
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			if len(got) != 1 {
				t.Fatalf("imported %d exchanges, want 1", len(got))
			}
			if !got[0].Start.Equal(tc.in.Start) {
				t.Errorf("Start = %v, want %v", got[0].Start, tc.in.Start)
			}
			if g, w := normalise(got[0]), normalise(tc.in); !reflect.DeepEqual(g, w) {
				t.Errorf("round trip differs:\n got %#v\nwant %#v", g, w)
			}
		})
	}
	t.Run("all in order", func(t *testing.T) {
		var buf bytes.Buffer
		if err := Export(&buf, all, ExportOptions{Comment: "history of <app>"}); err != nil {
			t.Fatal(err)
		}
		validateHAR(t, buf.Bytes())
		got, err := Import(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(all) {
			t.Fatalf("imported %d, want %d", len(got), len(all))
		}
		for i := range all {
			if g, w := normalise(got[i]), normalise(all[i]); !reflect.DeepEqual(g, w) {
				t.Errorf("entry %d (%s) differs:\n got %#v\nwant %#v", i, cases[i].name, g, w)
			}
		}
	})
	t.Run("no exchanges", func(t *testing.T) {
		var buf bytes.Buffer
		if err := Export(&buf, nil, ExportOptions{}); err != nil {
			t.Fatal(err)
		}
		validateHAR(t, buf.Bytes())
		got, err := Import(&buf)
		if err != nil || got == nil || len(got) != 0 {
			t.Fatalf("Import = %v, %v; want empty, nil", got, err)
		}
	})
}

// exportOne exports e and returns the decoded entry.
func exportOne(t *testing.T, e store.Exchange) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(&buf, []store.Exchange{e}, ExportOptions{CreatorVersion: "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return at(doc, "log", "entries").([]any)[0].(map[string]any)
}

// at walks a decoded JSON document by object keys and array indexes.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func TestExportFields(t *testing.T) {
	full := exportOne(t, fullExchange())
	truncated := exportOne(t, roundTripCases()[2].in)
	binary := exportOne(t, roundTripCases()[1].in)
	noTTFB := exportOne(t, store.Exchange{Start: start, Duration: 4 * time.Millisecond, Method: "GET", URL: "http://h/", Status: 200})
	form := exportOne(t, roundTripCases()[7].in)
	tests := []struct {
		name  string
		entry map[string]any
		path  []any
		want  any
	}{
		{"startedDateTime in UTC with ms", full, []any{"startedDateTime"}, "2025-03-14T08:26:53.589Z"},
		{"time", full, []any{"time"}, 12.345678},
		{"method", full, []any{"request", "method"}, "POST"},
		{"httpVersion", full, []any{"request", "httpVersion"}, "HTTP/1.1"},
		{"headers sorted, repeated", full, []any{"request", "headers"}, []any{
			map[string]any{"name": "Accept", "value": "application/json"},
			map[string]any{"name": "Accept", "value": "text/plain"},
			map[string]any{"name": "Content-Type", "value": "application/json"},
			map[string]any{"name": "Cookie", "value": "session=abc123; theme=dark"},
			map[string]any{"name": "X-Quote", "value": `it's "quoted" <&>`},
		}},
		{"request cookies", full, []any{"request", "cookies"}, []any{
			map[string]any{"name": "session", "value": "abc123"},
			map[string]any{"name": "theme", "value": "dark"},
		}},
		{"queryString in order, decoded", full, []any{"request", "queryString"}, []any{
			map[string]any{"name": "tab", "value": "usage"},
			map[string]any{"name": "q", "value": "a b"},
			map[string]any{"name": "q", "value": "c"},
		}},
		{"postData", full, []any{"request", "postData"}, map[string]any{"mimeType": "application/json", "text": `{"name":"café","n":1}`}},
		{"request bodySize", full, []any{"request", "bodySize"}, 22.0},
		{"headersSize", full, []any{"request", "headersSize"}, -1.0},
		{"statusText", full, []any{"response", "statusText"}, "Created"},
		{"response cookies", full, []any{"response", "cookies"}, []any{
			map[string]any{"name": "seen", "value": "1", "path": "/", "domain": "example.test", "expires": "2026-10-21T07:28:00.000Z", "httpOnly": true, "secure": true},
			map[string]any{"name": "ab", "value": "b", "path": "/app"},
		}},
		{"content", full, []any{"response", "content"}, map[string]any{"size": 8.0, "mimeType": "application/json; charset=utf-8", "text": `{"id":8}`}},
		{"redirectURL", full, []any{"response", "redirectURL"}, "/api/items/8"},
		{"timings", full, []any{"timings"}, map[string]any{"blocked": -1.0, "dns": -1.0, "connect": -1.0, "send": 0.0, "wait": 9.000001, "receive": 3.345677}},
		{"cache", full, []any{"cache"}, map[string]any{}},
		{"_edgeplay route", full, []any{"_edgeplay", "route"}, "/api/items/[id]"},
		{"_edgeplay id", full, []any{"_edgeplay", "id"}, 42.0},
		{"_edgeplay replayOf", full, []any{"_edgeplay", "replayOf"}, 41.0},
		{"_edgeplay cpuMs", full, []any{"_edgeplay", "cpuMs"}, 3.000017},
		{"_edgeplay start exact", full, []any{"_edgeplay", "start"}, "2025-03-14T08:26:53.589123456Z"},
		{"truncated request comment", truncated, []any{"request", "postData", "comment"}, "body truncated at 4 of 2097152 bytes: the text is only the stored prefix"},
		{"truncated request bodySize", truncated, []any{"request", "bodySize"}, 2097152.0},
		{"truncated content", truncated, []any{"response", "content"}, map[string]any{
			"size": 5242880.0, "mimeType": "", "text": "/9j/", "encoding": "base64",
			"comment": "body truncated at 3 of 5242880 bytes: the text is only the stored prefix",
		}},
		{"binary postData", binary, []any{"request", "postData"}, map[string]any{"mimeType": "application/octet-stream", "text": "AP/+YYAK", "_encoding": "base64"}},
		{"no response body: no text", noTTFB, []any{"response", "content"}, map[string]any{"size": 0.0, "mimeType": ""}},
		{"no postData without body", noTTFB, []any{"request", "postData"}, nil},
		{"unknown TTFB: all wait", noTTFB, []any{"timings", "wait"}, 4.0},
		{"unknown TTFB: no receive", noTTFB, []any{"timings", "receive"}, 0.0},
		{"form params", form, []any{"request", "postData", "params"}, []any{
			map[string]any{"name": "user", "value": "ann lee"},
			map[string]any{"name": "pass", "value": "p&ss"},
			map[string]any{"name": "flag"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := at(tc.entry, tc.path...)
			if f, ok := got.(float64); ok {
				if w, ok := tc.want.(float64); ok && math.Abs(f-w) < 1e-9 {
					return
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%v = %#v, want %#v", tc.path, got, tc.want)
			}
		})
	}
}

func TestImportChromium(t *testing.T) {
	f, err := os.Open("testdata/chromium.har")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := Import(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("imported %d exchanges, want 4", len(got))
	}
	ms := func(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }
	want := []store.Exchange{
		{
			Start:    time.Date(2025, 3, 14, 9, 26, 53, 589e6, time.UTC),
			Duration: ms(45.612),
			Method:   "GET",
			URL:      "https://app.example.test/dashboard?tab=usage&q=a%20b",
			RequestHeaders: http.Header{
				"Accept":          {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
				"Accept-Encoding": {"gzip, deflate, br, zstd"},
				"Accept-Language": {"en-GB,en;q=0.9"},
				"Cookie":          {"session=abc123; theme=dark"},
				"Sec-Fetch-Mode":  {"navigate"},
				"User-Agent":      {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.0.0 Safari/537.36"},
			},
			Status: 200,
			ResponseHeaders: http.Header{
				"Cache-Control":    {"private, no-cache, no-store, max-age=0, must-revalidate"},
				"Content-Encoding": {"br"},
				"Content-Type":     {"text/html; charset=utf-8"},
				"Date":             {"Fri, 14 Mar 2025 09:26:53 GMT"},
				"Set-Cookie":       {"seen=1; Path=/; HttpOnly", "ab=b; Path=/; Max-Age=3600"},
				"Vary":             {"RSC, Next-Router-State-Tree, Accept-Encoding"},
			},
			ResponseBody:     []byte(`<!DOCTYPE html><html lang="en"><head><title>Usage</title></head><body><main id="app">…</main></body></html>`),
			ResponseBodySize: 109,
			Timings:          store.Timings{FirstByte: ms(2.104 + 0.218 + 40.529)},
		},
		{
			Start:    time.Date(2025, 3, 14, 9, 26, 53, 702e6, time.UTC),
			Duration: ms(12.5),
			Method:   "GET",
			URL:      "https://app.example.test/pixel.png",
			RequestHeaders: http.Header{
				"Accept":  {"image/avif,image/webp,image/apng,image/*,*/*;q=0.8"},
				"Referer": {"https://app.example.test/dashboard?tab=usage&q=a%20b"},
			},
			Status:           200,
			ResponseHeaders:  http.Header{"Content-Length": {"71"}, "Content-Type": {"image/png"}},
			ResponseBody:     pngBytes,
			ResponseBodySize: 71,
			Timings:          store.Timings{FirstByte: ms(10)},
		},
		{
			Start:                time.Date(2025, 3, 14, 9, 26, 54, 10e6, time.UTC),
			Duration:             ms(30.25),
			Method:               "POST",
			URL:                  "https://app.example.test/api/upload",
			RequestHeaders:       http.Header{"Content-Type": {"application/octet-stream"}, "Content-Length": {"2048"}},
			RequestBodySize:      2048,
			RequestBodyTruncated: true,
			Status:               204,
			ResponseHeaders:      http.Header{"Date": {"Fri, 14 Mar 2025 09:26:54 GMT"}},
			Timings:              store.Timings{FirstByte: ms(0.75 + 4.5 + 24)},
		},
		{
			Start:          time.Date(2025, 3, 14, 9, 26, 54, 100e6, time.UTC),
			Duration:       ms(3.25),
			Method:         "GET",
			URL:            "http://localhost:3001/api/health",
			RequestHeaders: http.Header{"Accept": {"*/*"}, "Referer": {"https://app.example.test/"}},
			Error:          "net::ERR_CONNECTION_REFUSED",
			Timings:        store.Timings{FirstByte: ms(3.25)},
		},
	}
	for i := range want {
		t.Run(want[i].URL, func(t *testing.T) {
			g, w := normalise(got[i]), normalise(want[i])
			if !reflect.DeepEqual(g, w) {
				t.Errorf("entry %d:\n got %#v\nwant %#v", i, g, w)
			}
		})
	}
}

func TestImportErrors(t *testing.T) {
	entry := func(edit string) string {
		e := `{"startedDateTime":"2025-03-14T09:26:53.589Z","time":1,` +
			`"request":{"method":"GET","url":"http://h/","httpVersion":"HTTP/1.1","cookies":[],"headers":[],"queryString":[],"headersSize":-1,"bodySize":0},` +
			`"response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","cookies":[],"headers":[],"content":{"size":0,"mimeType":""},"redirectURL":"","headersSize":-1,"bodySize":0},` +
			`"cache":{},"timings":{"send":0,"wait":1,"receive":0}}`
		if edit != "" {
			parts := strings.SplitN(edit, "=>", 2)
			e = strings.Replace(e, parts[0], parts[1], 1)
		}
		return `{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[` + entry0 + `,` + e + `]}}`
	}
	tests := []struct {
		name, input, want string
	}{
		{"empty input", "", "invalid JSON"},
		{"invalid JSON", `{"log": {"entries": [}`, "invalid JSON at byte offset 21"},
		{"truncated JSON", `{"log": {"entries": [`, "invalid JSON"},
		{"array", `[]`, "not a HAR file: the top level is not an object"},
		{"no log", `{"entries": []}`, "not a HAR file: missing log"},
		{"no entries", `{"log": {"version": "1.2"}}`, "not a HAR file: missing log.entries"},
		{"entries not an array", `{"log": {"entries": {}}}`, "not a HAR file: log.entries is not an array"},
		{"version", `{"log": {"version": "2.0", "entries": []}}`, `unsupported HAR version "2.0"`},
		{"relative URL", entry(`"url":"http://h/"=>"url":"/api/x"`), `entry 1 (log.entries[1]): request.url "/api/x" is not an absolute URL`},
		{"missing request", entry(`"request":=>"_request":`), "entry 1 (log.entries[1]): missing request"},
		{"missing response", entry(`"response":=>"_response":`), "entry 1 (log.entries[1]): missing response"},
		{"missing method", entry(`"method":"GET"=>"method":""`), "entry 1 (log.entries[1]): missing request.method"},
		{"bad date", entry(`2025-03-14T09:26:53.589Z=>yesterday`), `entry 1 (log.entries[1]): startedDateTime "yesterday" is not an ISO 8601 date and time`},
		{"missing date", entry(`"startedDateTime":"2025-03-14T09:26:53.589Z",=>`), "entry 1 (log.entries[1]): missing startedDateTime"},
		{"negative time", entry(`"time":1=>"time":-5`), "entry 1 (log.entries[1]): time -5 is negative"},
		{"wrong type", entry(`"status":200=>"status":"200"`), "entry 1 (log.entries[1]): response.status: JSON string where a number was expected"},
		{"bad base64", entry(`"mimeType":""}=>"mimeType":"","text":"%%%","encoding":"base64"}`), "entry 1 (log.entries[1]): response.content: text is not valid base64"},
		{"unknown encoding", entry(`"mimeType":""}=>"mimeType":"","text":"x","encoding":"gzip"}`), `entry 1 (log.entries[1]): response.content: encoding "gzip" is not supported`},
		{"bad _edgeplay", entry(`"cache":{}=>"cache":{},"_edgeplay":{"start":"soon"}`), `entry 1 (log.entries[1]): _edgeplay: start "soon" is not an RFC 3339 date and time`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Import(strings.NewReader(tc.input))
			if err == nil {
				t.Fatalf("Import succeeded (%d exchanges), want error containing %q", len(got), tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %q, want it to contain %q", err, tc.want)
			}
		})
	}
	// The unedited entry imports.
	if _, err := Import(strings.NewReader(`{"log":{"entries":[` + entry0 + `]}}`)); err != nil {
		t.Errorf("valid entry: %v", err)
	}
}

const entry0 = `{"startedDateTime":"2025-03-14T09:26:53+01:00","time":0,` +
	`"request":{"method":"GET","url":"http://h/","httpVersion":"h2","cookies":[],"headers":[],"queryString":[],"headersSize":-1,"bodySize":-1},` +
	`"response":{"status":200,"statusText":"OK","httpVersion":"h2","cookies":[],"headers":[],"content":{"size":0,"mimeType":""},"redirectURL":"","headersSize":-1,"bodySize":-1},` +
	`"cache":{},"timings":{"send":0,"wait":0,"receive":0}}`

// validateHAR checks an exported file against HAR 1.2's required fields
// and types, that custom fields start with '_', and that timings sum to
// time.
func validateHAR(t *testing.T, data []byte) {
	t.Helper()
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("exported HAR is not JSON: %v", err)
	}
	v := &validator{t: t}
	root := v.object(doc, "", map[string]string{"log": "object"}, nil)
	log := v.object(root["log"], "log", map[string]string{"version": "string", "creator": "object", "entries": "array"},
		map[string]string{"browser": "object", "pages": "array", "comment": "string"})
	if log == nil {
		return
	}
	if log["version"] != "1.2" {
		t.Errorf("log.version = %v, want 1.2", log["version"])
	}
	creator := v.object(log["creator"], "log.creator", map[string]string{"name": "string", "version": "string"}, map[string]string{"comment": "string"})
	if creator["name"] != "Edgeplay" {
		t.Errorf("log.creator.name = %v", creator["name"])
	}
	nameValue := map[string]string{"name": "string", "value": "string"}
	for i, raw := range log["entries"].([]any) {
		p := fmt.Sprintf("log.entries[%d]", i)
		e := v.object(raw, p,
			map[string]string{"startedDateTime": "string", "time": "number", "request": "object", "response": "object", "cache": "object", "timings": "object"},
			map[string]string{"pageref": "string", "serverIPAddress": "string", "connection": "string", "comment": "string"})
		if e == nil {
			continue
		}
		if s, _ := e["startedDateTime"].(string); !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)$`).MatchString(s) {
			t.Errorf("%s.startedDateTime %q is not ISO 8601 with ms", p, s)
		}
		req := v.object(e["request"], p+".request",
			map[string]string{"method": "string", "url": "string", "httpVersion": "string", "cookies": "array", "headers": "array", "queryString": "array", "headersSize": "number", "bodySize": "number"},
			map[string]string{"postData": "object", "comment": "string"})
		resp := v.object(e["response"], p+".response",
			map[string]string{"status": "number", "statusText": "string", "httpVersion": "string", "cookies": "array", "headers": "array", "content": "object", "redirectURL": "string", "headersSize": "number", "bodySize": "number"},
			map[string]string{"comment": "string"})
		cookie := map[string]string{"path": "string", "domain": "string", "expires": "string", "httpOnly": "boolean", "secure": "boolean", "comment": "string"}
		for _, m := range []map[string]any{req, resp} {
			for _, c := range m["cookies"].([]any) {
				v.object(c, p+" cookie", nameValue, cookie)
			}
			for _, h := range m["headers"].([]any) {
				v.object(h, p+" header", nameValue, map[string]string{"comment": "string"})
			}
		}
		for _, q := range req["queryString"].([]any) {
			v.object(q, p+".request.queryString[]", nameValue, map[string]string{"comment": "string"})
		}
		if pd, ok := req["postData"]; ok {
			// Only HAR 1.2's fields (custom ones start with "_").
			post := v.object(pd, p+".request.postData", map[string]string{"mimeType": "string"},
				map[string]string{"text": "string", "params": "array", "comment": "string"})
			if params, ok := post["params"].([]any); ok {
				for _, pp := range params {
					v.object(pp, p+".request.postData.params[]", map[string]string{"name": "string"},
						map[string]string{"value": "string", "fileName": "string", "contentType": "string", "comment": "string"})
				}
			}
		}
		v.object(resp["content"], p+".response.content", map[string]string{"size": "number", "mimeType": "string"},
			map[string]string{"compression": "number", "text": "string", "encoding": "string", "comment": "string"})
		v.object(e["cache"], p+".cache", nil, map[string]string{"beforeRequest": "object", "afterRequest": "object", "comment": "string"})
		tm := v.object(e["timings"], p+".timings", map[string]string{"send": "number", "wait": "number", "receive": "number"},
			map[string]string{"blocked": "number", "dns": "number", "connect": "number", "ssl": "number", "comment": "string"})
		var sum float64
		for _, k := range []string{"blocked", "dns", "connect", "send", "wait", "receive"} {
			f, ok := tm[k].(float64)
			if !ok {
				continue
			}
			switch {
			case f >= 0:
				sum += f
			case f != -1 || k == "send" || k == "wait" || k == "receive":
				t.Errorf("%s.timings.%s = %v", p, k, f)
			}
		}
		if time, _ := e["time"].(float64); sum != time {
			t.Errorf("%s: timings sum to %v, time is %v", p, sum, time)
		}
	}
}

type validator struct{ t *testing.T }

// object checks that v is an object with the required keys of the given
// JSON types, optional ones of theirs, and no other keys but custom ones
// ("_…"); it returns the object (nil when v is not one).
func (v *validator) object(x any, path string, required, optional map[string]string) map[string]any {
	v.t.Helper()
	m, ok := x.(map[string]any)
	if !ok {
		v.t.Errorf("%s: %T is not an object", path, x)
		return nil
	}
	for k, typ := range required {
		val, ok := m[k]
		if !ok {
			v.t.Errorf("%s: missing required %q", path, k)
			continue
		}
		v.checkType(path+"."+k, val, typ)
	}
	for k, val := range m {
		if _, ok := required[k]; ok {
			continue
		}
		if typ, ok := optional[k]; ok {
			v.checkType(path+"."+k, val, typ)
		} else if !strings.HasPrefix(k, "_") {
			v.t.Errorf("%s: unknown field %q (custom fields must start with '_')", path, k)
		}
	}
	return m
}

func (v *validator) checkType(path string, val any, typ string) {
	v.t.Helper()
	var ok bool
	switch typ {
	case "string":
		_, ok = val.(string)
	case "number":
		_, ok = val.(float64)
	case "boolean":
		_, ok = val.(bool)
	case "array":
		_, ok = val.([]any)
	case "object":
		_, ok = val.(map[string]any)
	}
	if !ok {
		v.t.Errorf("%s: %T is not a JSON %s", path, val, typ)
	}
}

// TestImportEachStreams: entries reach fn one at a time in file order,
// whatever comes before or after them in the log; fn's error stops the
// import with the count so far; a bad entry stops it after the good ones.
func TestImportEachStreams(t *testing.T) {
	entry := func(u string) string {
		return `{"startedDateTime":"2026-01-02T03:04:05.000Z","time":1,"request":{"method":"GET","url":"` + u + `","httpVersion":"h2","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},` +
			`"response":{"status":200,"statusText":"OK","httpVersion":"h2","headers":[],"cookies":[],"content":{"size":0,"mimeType":""},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":0,"wait":1,"receive":0}}`
	}
	file := "\xef\xbb\xbf" + `{"log":{"pages":[{"id":"p","title":"x"}],"entries":[` + entry("http://h/1") + "," + entry("http://h/2") + "," + entry("http://h/3") + `],"version":"1.2","creator":{"name":"x","version":"1"}},"extra":[1,2]}`
	var urls []string
	n, err := ImportEach(strings.NewReader(file), func(e store.Exchange) error {
		urls = append(urls, e.URL)
		return nil
	})
	if err != nil || n != 3 || strings.Join(urls, " ") != "http://h/1 http://h/2 http://h/3" {
		t.Fatalf("ImportEach: %d %v %v", n, urls, err)
	}
	stop := errors.New("full")
	n, err = ImportEach(strings.NewReader(file), func(e store.Exchange) error {
		if e.URL == "http://h/2" {
			return stop
		}
		return nil
	})
	if n != 1 || !errors.Is(err, stop) {
		t.Errorf("fn's error: %d %v", n, err)
	}
	bad := strings.Replace(file, `"url":"http://h/3"`, `"url":"/relative"`, 1)
	n, err = ImportEach(strings.NewReader(bad), func(store.Exchange) error { return nil })
	if n != 2 || err == nil || !strings.Contains(err.Error(), "entry 2 (log.entries[2]): request.url \"/relative\" is not an absolute URL") {
		t.Errorf("bad entry: %d %v", n, err)
	}
}
