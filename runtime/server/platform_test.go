package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"edgeplay/runtime/netsim"
)

// startPlatform serves dir with the Vercel simulation on, the client in
// Paris, the cache's clock paused.
func startPlatform(t *testing.T, dir string, rec *memRecorder) (*testServer, *netsim.SimClock) {
	t.Helper()
	paris, ok := netsim.LookupPlace("Paris")
	if !ok {
		t.Fatal("no Paris")
	}
	clock := netsim.NewSimClock()
	clock.Pause()
	return startServer(t, dir, Options{Recorder: rec, Platform: &PlatformOptions{Client: &paris, Clock: clock}}), clock
}

// TestPlatformPlacesRequests: the handler sees the platform's headers
// (R-REQ-1), client-supplied copies replaced; the response and the record
// say where the request entered and ran (R-REGION-2).
func TestPlatformPlacesRequests(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/where.ts", `export const config = { runtime: 'edge', regions: ['sfo1', 'iad1'] }
export default (req: Request) => Response.json(Object.fromEntries(['x-vercel-ip-city', 'x-vercel-ip-country', 'x-vercel-ip-timezone', 'x-vercel-id', 'x-real-ip', 'x-edgeplay-client-location'].map((h) => [h, req.headers.get(h)])))
`)
	rec := &memRecorder{}
	ts, _ := startPlatform(t, dir, rec)
	res, body := get(t, ts.URL+"/api/where", http.Header{"X-Vercel-Ip-City": {"Atlantis"}})
	id := res.Header.Get("X-Vercel-Id")
	if res.StatusCode != 200 || !strings.HasPrefix(id, "cdg1::iad1::") {
		t.Fatalf("%d x-vercel-id %q", res.StatusCode, id)
	}
	for _, want := range []string{`"x-vercel-ip-city":"Paris"`, `"x-vercel-ip-country":"FR"`, `"x-vercel-ip-timezone":"Europe/Paris"`, `"x-vercel-id":"` + id + `"`, `"x-real-ip":"127.0.0.1"`} {
		if !strings.Contains(body, want) {
			t.Errorf("handler saw %s, lacks %s", body, want)
		}
	}
	if got := res.Header.Get("X-Vercel-Cache"); got != "BYPASS" {
		t.Errorf("x-vercel-cache %q", got)
	}
	e := rec.last(t)
	if e.Sim == nil || e.Sim.Entry != "cdg1" || e.Sim.Exec != "iad1" || e.Sim.Client != "Paris" || e.Sim.Cache != "BYPASS" || e.Sim.Network <= 0 || e.Sim.VercelID != id {
		t.Errorf("record: %+v", e.Sim)
	}
	// The record places every end for the map: the client, the legs
	// client → cdg1 → iad1 → data (iad1, the default) with their costs.
	if e.Sim != nil {
		legs := e.Sim.Legs
		if len(legs) != 3 || legs[0].From != "client" || legs[0].To != "cdg1" || legs[1].To != "iad1" || legs[2].To != "data" ||
			legs[0].OneWay <= 0 || legs[1].OneWay <= legs[0].OneWay || legs[2].DistanceKm != 0 || e.Sim.Network != 2*(legs[0].OneWay+legs[1].OneWay) {
			t.Errorf("legs %+v, network %v", legs, e.Sim.Network)
		}
		if e.Sim.ClientLat < 48 || e.Sim.ClientLat > 49 || e.Sim.Data != "iad1" || e.Sim.DataLon > -70 || e.Sim.Clock.IsZero() {
			t.Errorf("ends: %+v", e.Sim)
		}
	}
	// One request from elsewhere: the header places it and never reaches
	// the handler; a bad place is a 400 that names the header.
	res, body = get(t, ts.URL+"/api/where", http.Header{ClientLocationHeader: {"Sydney"}})
	if !strings.HasPrefix(res.Header.Get("X-Vercel-Id"), "syd1::sfo1::") || !strings.Contains(body, `"x-vercel-ip-city":"Sydney"`) || !strings.Contains(body, `"x-edgeplay-client-location":null`) {
		t.Errorf("from Sydney by header: %q %s", res.Header.Get("X-Vercel-Id"), body)
	}
	if e := rec.last(t); e.RequestHeaders.Get(ClientLocationHeader) != "" || e.Sim.Client != "Sydney" {
		t.Errorf("record of the placed request: %v %+v", e.RequestHeaders, e.Sim)
	}
	if res, body := get(t, ts.URL+"/api/where", http.Header{ClientLocationHeader: {"Atlantis"}}); res.StatusCode != 400 || !strings.Contains(body, ClientLocationHeader) || !strings.Contains(body, "Atlantis") {
		t.Errorf("bad header: %d %s", res.StatusCode, body)
	}
	// The data source moves through the control API.
	if res, body := post(t, ts.URL+"/_edgeplay/data", `{"location":"fra1"}`); res.StatusCode != 200 || !strings.Contains(body, `"name": "fra1"`) {
		t.Errorf("move data: %d %s", res.StatusCode, body)
	}
	get(t, ts.URL+"/api/where", nil)
	if e := rec.last(t); e.Sim.Data != "fra1" || len(e.Sim.Legs) != 3 || e.Sim.Legs[2].DistanceKm < 6000 {
		t.Errorf("after moving the data: %+v", e.Sim)
	}
	if res, body := post(t, ts.URL+"/_edgeplay/data", `{"location":"nowhere"}`); res.StatusCode != 400 || !strings.Contains(body, "nowhere") {
		t.Errorf("bad data: %d %s", res.StatusCode, body)
	}
	// Another client location, through the control API.
	res, _ = post(t, ts.URL+"/_edgeplay/client", `{"location":"Tokyo"}`)
	if res.StatusCode != 200 {
		t.Fatalf("set client: %d", res.StatusCode)
	}
	if res, _ := get(t, ts.URL+"/api/where", nil); !strings.HasPrefix(res.Header.Get("X-Vercel-Id"), "hnd1::sfo1::") {
		t.Errorf("from Tokyo: %q", res.Header.Get("X-Vercel-Id"))
	}
	if res, body := post(t, ts.URL+"/_edgeplay/client", `{"location":"Atlantis"}`); res.StatusCode != 400 || !strings.Contains(body, "unknown client location") {
		t.Errorf("bad location: %d %s", res.StatusCode, body)
	}
}

// TestPlatformCacheWalk walks the seed's cache-control example (s-maxage
// 1200, stale-while-revalidate 600) through MISS, HIT, STALE with one
// background revalidation, HIT of the new response, and MISS after
// expiry, moving the clock with the control API (R-CACHE-5, R-CACHE-6).
func TestPlatformCacheWalk(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/cached.ts", `export const config = { runtime: 'edge' }
let n = 0
export default () => new Response(String(++n), { headers: { 'cache-control': 'public, s-maxage=1200, stale-while-revalidate=600' } })
`)
	rec := &memRecorder{}
	ts, _ := startPlatform(t, dir, rec)
	step := func(wantCache, wantBody string) {
		t.Helper()
		res, body := get(t, ts.URL+"/api/cached", nil)
		if got := res.Header.Get("X-Vercel-Cache"); got != wantCache || body != wantBody {
			t.Fatalf("x-vercel-cache %s body %q, want %s %q", got, body, wantCache, wantBody)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=0, must-revalidate" {
			t.Errorf("client Cache-Control %q (R-CACHE-4)", cc)
		}
	}
	advance := func(d string) {
		t.Helper()
		if res, body := post(t, ts.URL+"/_edgeplay/clock", `{"advance":"`+d+`"}`); res.StatusCode != 200 {
			t.Fatalf("advance: %d %s", res.StatusCode, body)
		}
	}
	step("MISS", "1")
	advance("10m")
	step("HIT", "1")
	if e := rec.last(t); e.Sim.Network != 2*e.Sim.Legs[0].OneWay || len(e.Sim.Legs) != 1 || strings.Count(e.Sim.VercelID, "::") != 1 {
		t.Errorf("a HIT travels only to the entry point and back, its id names no function region: %+v", e.Sim)
	}
	advance("11m")
	step("STALE", "1")
	ts.srv.platform.cacheFor("cdg1").WaitIdle() // the one background revalidation
	step("HIT", "2")
	advance("31m")
	step("MISS", "3")
	rec.mu.Lock()
	var statuses []string
	for _, e := range rec.list {
		statuses = append(statuses, e.Sim.Cache)
		if e.Route != "/api/cached" || e.File != "pages/api/cached.ts" {
			t.Errorf("%s record under route %q file %q", e.Sim.Cache, e.Route, e.File)
		}
	}
	rec.mu.Unlock()
	if got := strings.Join(statuses, " "); got != "MISS HIT STALE HIT MISS" {
		t.Errorf("records %s: one per client request, the background revalidation not among them", got)
	}
	// Each record places itself on the simulated clock with the lifetime
	// of the entry that answered: the cache timeline is drawn from them.
	rec.mu.Lock()
	t0 := rec.list[0].Sim.Clock
	type mark struct{ at, stored, age, fresh, stale time.Duration }
	var got []mark
	for _, e := range rec.list[:5] {
		s := e.Sim
		got = append(got, mark{s.Clock.Sub(t0), s.StoredAt.Sub(t0), s.CacheAge, s.FreshUntil.Sub(s.StoredAt), s.StaleUntil.Sub(s.FreshUntil)})
		if s.CacheKey != "GET http://"+strings.TrimPrefix(ts.URL, "http://")+"/api/cached deployment=local" {
			t.Errorf("cache key %q", s.CacheKey)
		}
	}
	rec.mu.Unlock()
	want := []mark{
		{0, 0, 0, 20 * time.Minute, 10 * time.Minute},
		{10 * time.Minute, 0, 10 * time.Minute, 20 * time.Minute, 10 * time.Minute},
		{21 * time.Minute, 0, 21 * time.Minute, 20 * time.Minute, 10 * time.Minute},
		{21 * time.Minute, 21 * time.Minute, 0, 20 * time.Minute, 10 * time.Minute},
		{52 * time.Minute, 52 * time.Minute, 0, 20 * time.Minute, 10 * time.Minute},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d on the clock: %+v, want %+v", i, got[i], want[i])
		}
	}
	res, body := get(t, ts.URL+"/_edgeplay/cache", nil)
	if res.StatusCode != 200 || !strings.Contains(body, `"kind": "stale"`) || !strings.Contains(body, `"kind": "revalidated"`) || !strings.Contains(body, `"kind": "expired"`) {
		t.Errorf("cache timeline: %d %s", res.StatusCode, body)
	}
	if res, body := post(t, ts.URL+"/_edgeplay/cache/purge", `{"route":"/api/cached"}`); res.StatusCode != 200 || !strings.Contains(body, `"purged": 1`) {
		t.Errorf("purge: %d %s", res.StatusCode, body)
	}
	step("MISS", "4")
	if res, body := post(t, ts.URL+"/_edgeplay/cache/purge", `{"all":true,"route":"/api/other"}`); res.StatusCode != 200 || !strings.Contains(body, `"purged": 1`) {
		t.Errorf("purge all wins over a route: %d %s", res.StatusCode, body)
	}
}

// TestPlatformOffControl: the simulation's endpoints say how to turn it on.
func TestPlatformOffControl(t *testing.T) {
	ts := startServer(t, t.TempDir(), Options{})
	res, body := get(t, ts.URL+"/_edgeplay/clock", nil)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "--vercel") {
		t.Errorf("%d %s", res.StatusCode, body)
	}
}

// TestPlatformPostIsNotBuffered: other methods bypass the cache and
// stream straight through.
func TestPlatformPostIsNotBuffered(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/echo.ts", "export const config = { runtime: 'edge' }\nexport default async (req: Request) => new Response(await req.text())\n")
	ts, _ := startPlatform(t, dir, &memRecorder{})
	res, body := post(t, ts.URL+"/api/echo", "hello")
	if res.StatusCode != 200 || body != "hello" || res.Header.Get("X-Vercel-Cache") != "BYPASS" {
		t.Errorf("%d %q %v", res.StatusCode, body, res.Header)
	}
}

// post sends a POST with a body and returns the response and its body.
func post(t *testing.T, url, body string) (*http.Response, string) {
	t.Helper()
	res, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(data)
}

// TestPlatformFeelDistance: with the delay on, a request takes its
// simulated network time; a cached answer only the way to the entry point
// and back; off, neither.
func TestPlatformFeelDistance(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/far.ts", "export const config = { runtime: 'edge', regions: ['syd1'] }\nexport default () => new Response('x', { headers: { 'cache-control': 's-maxage=60' } })\n")
	paris, _ := netsim.LookupPlace("Paris")
	model := netsim.LatencyModel{KmPerMs: 200, PathFactor: 1, PerHop: 150 * time.Millisecond}
	ts := startServer(t, dir, Options{Platform: &PlatformOptions{Client: &paris, Model: &model, FeelDistance: true}})
	timed := func() time.Duration {
		t.Helper()
		start := time.Now()
		if res, _ := get(t, ts.URL+"/api/far", nil); res.StatusCode != 200 {
			t.Fatalf("status %d", res.StatusCode)
		}
		return time.Since(start)
	}
	// Paris → cdg1 (150 ms a way) → syd1 (about 150 + 84 ms a way).
	miss := timed()
	if miss < 750*time.Millisecond {
		t.Errorf("a MISS took %v, less than its simulated network time (about 770 ms)", miss)
	}
	if hit := timed(); hit < 300*time.Millisecond || hit >= miss {
		t.Errorf("a HIT took %v, want the way to cdg1 and back (300 ms), less than the MISS's %v", hit, miss)
	}
	if res, body := post(t, ts.URL+"/_edgeplay/latency", `{"feel":false}`); res.StatusCode != 200 || !strings.Contains(body, `"feel": false`) {
		t.Fatalf("turn off: %d %s", res.StatusCode, body)
	}
	if d := timed(); d >= 300*time.Millisecond {
		t.Errorf("with the delay off a HIT took %v", d)
	}
}

// TestPlatformCountsFetchLegs: each outbound fetch adds the exec → data
// round trip to the record's simulated network time (R-REGION-3).
func TestPlatformCountsFetchLegs(t *testing.T) {
	data := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "row") }))
	defer data.Close()
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/two.ts", "export const config = { runtime: 'edge' }\nexport default async () => { const a = await (await fetch('"+data.URL+"/a')).text(); const b = await (await fetch('"+data.URL+"/b')).text(); return new Response(a + b) }\n")
	paris, _ := netsim.LookupPlace("Paris")
	dataSrc := netsim.DataSource{Name: "syd1", Point: netsim.Point{Lat: -33.87, Lon: 151.21}}
	rec := &memRecorder{}
	ts := startServer(t, dir, Options{Recorder: rec, Platform: &PlatformOptions{Client: &paris, Data: &dataSrc}})
	if res, body := post(t, ts.URL+"/api/two", ""); res.StatusCode != 200 || body != "rowrow" {
		t.Fatalf("%d %q", res.StatusCode, body)
	}
	e := rec.last(t)
	path, err := netsim.Route(paris, nil, netsim.HomeRegion, &dataSrc, netsim.DefaultLatencyModel())
	if err != nil {
		t.Fatal(err)
	}
	if e.Sim == nil || e.Sim.Fetches != 2 || e.Sim.Network != path.Total(2) || path.Fetch <= 0 {
		t.Errorf("sim %+v, want 2 fetches and %v", e.Sim, path.Total(2))
	}
}

// TestPlatformLocationsFromConfig: edgeplay.json's clientLocation and
// dataLocation place the simulation when the options do not.
func TestPlatformLocationsFromConfig(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "edgeplay.json", `{"clientLocation": "Sydney", "dataLocation": "fra1"}`)
	writeFile(t, dir, "pages/api/x.ts", "export const config = { runtime: 'edge' }\nexport default () => new Response('x')\n")
	rec := &memRecorder{}
	ts := startServer(t, dir, Options{Recorder: rec, Platform: &PlatformOptions{}})
	res, _ := get(t, ts.URL+"/api/x", nil)
	if id := res.Header.Get("X-Vercel-Id"); !strings.HasPrefix(id, "syd1::syd1::") {
		t.Errorf("x-vercel-id %q, want the client in Sydney", id)
	}
	if e := rec.last(t); e.Sim == nil || e.Sim.Client != "Sydney" || e.Sim.Data != "fra1" {
		t.Errorf("sim %+v", e.Sim)
	}
	tokyo, _ := netsim.LookupPlace("Tokyo")
	ts = startServer(t, dir, Options{Recorder: rec, Platform: &PlatformOptions{Client: &tokyo}})
	if res, _ := get(t, ts.URL+"/api/x", nil); !strings.HasPrefix(res.Header.Get("X-Vercel-Id"), "hnd1::") {
		t.Errorf("the option wins over edgeplay.json: %q", res.Header.Get("X-Vercel-Id"))
	}
}

// TestPlatformStreamsWhatItCannotCache: a GET whose response the CDN
// cannot keep (no cache headers) streams through chunk by chunk, as it
// does on Vercel; a cacheable one is held back whole and stored; HEAD and
// a request that bypasses the cache stream too. The handler's second
// chunk waits on a fetch the test releases only after reading the first,
// so a held-back stream fails by timeout.
func TestPlatformStreamsWhatItCannotCache(t *testing.T) {
	release := make(chan struct{}, 1)
	gate := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-time.After(10 * time.Second):
		}
		_, _ = io.WriteString(w, "second")
	}))
	defer gate.Close()
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/stream.ts", `export const config = { runtime: 'edge' }
export default (req: Request) => {
  const cc = new URL(req.url).searchParams.get('cc')
  const enc = new TextEncoder()
  const body = new ReadableStream({
    async start(c) {
      c.enqueue(enc.encode('first;'))
      if (!cc || new URL(req.url).searchParams.has('slow')) c.enqueue(enc.encode(await (await fetch('`+gate.URL+`')).text()))
      c.close()
    },
  })
  return new Response(body, { headers: cc ? { 'cache-control': cc } : {} })
}
`)
	rec := &memRecorder{}
	ts, _ := startPlatform(t, dir, rec)

	// streams GETs url and reads its first chunk before the handler may
	// send the rest; it returns the rest.
	streams := func(url string, header http.Header) string {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		for k, v := range header {
			req.Header[k] = v
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.Header.Get("X-Vercel-Cache") != "BYPASS" || !strings.HasPrefix(res.Header.Get("X-Vercel-Id"), "cdg1::") {
			t.Errorf("streamed head: %v", res.Header)
		}
		first := make([]byte, len("first;"))
		got := make(chan error, 1)
		go func() { _, err := io.ReadFull(res.Body, first); got <- err }()
		select {
		case err := <-got:
			if err != nil || string(first) != "first;" {
				t.Fatalf("first chunk %q %v", first, err)
			}
		case <-time.After(8 * time.Second):
			release <- struct{}{}
			t.Fatalf("%s: the first chunk did not arrive before the stream ended: the response was held back", url)
		}
		release <- struct{}{}
		rest, _ := io.ReadAll(res.Body)
		return string(rest)
	}
	if rest := streams(ts.URL+"/api/stream", nil); rest != "second" {
		t.Errorf("rest %q", rest)
	}
	e := rec.last(t)
	if e.Sim == nil || e.Sim.Cache != "BYPASS" || !strings.Contains(e.Sim.CacheReason, "no Cache-Control") ||
		string(e.ResponseBody) != "first;second" || len(e.Chunks) < 2 || e.ResponseHeaders.Get("X-Vercel-Cache") != "BYPASS" {
		t.Errorf("record: sim %+v body %q chunks %d headers %v", e.Sim, e.ResponseBody, len(e.Chunks), e.ResponseHeaders)
	}

	// Cacheable: held back whole, stored, then a HIT.
	for _, want := range []string{"MISS", "HIT"} {
		res, body := get(t, ts.URL+"/api/stream?cc=s-maxage%3D60", nil)
		if res.Header.Get("X-Vercel-Cache") != want || body != "first;" {
			t.Errorf("cacheable stream: %s %q, want %s", res.Header.Get("X-Vercel-Cache"), body, want)
		}
	}
	// A request that bypasses the cache streams even a cacheable answer.
	if rest := streams(ts.URL+"/api/stream?cc=s-maxage%3D60&slow", http.Header{"Authorization": {"Bearer t"}}); rest != "second" {
		t.Errorf("Authorization: rest %q", rest)
	}
	// HEAD is judged like GET: a cacheable head is a MISS (only a GET
	// fills the cache), an uncacheable one passes through as BYPASS.
	for query, want := range map[string]string{"?cc=s-maxage%3D60&h": "MISS", "?cc=private&h": "BYPASS"} {
		req, _ := http.NewRequest(http.MethodHead, ts.URL+"/api/stream"+query, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("X-Vercel-Cache"); got != want || res.StatusCode != 200 {
			t.Errorf("HEAD %s: %d %s, want %s", query, res.StatusCode, got, want)
		}
	}
}

// TestClientLocationHeaderLocalMode: without the simulation the header
// means nothing, and the handler does not see it either.
func TestClientLocationHeaderLocalMode(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/h.ts", "export const config = { runtime: 'edge' }\nexport default (req: Request) => new Response(String(req.headers.get('x-edgeplay-client-location')))\n")
	ts := startServer(t, dir, Options{})
	if res, body := get(t, ts.URL+"/api/h", http.Header{ClientLocationHeader: {"Tokyo"}}); res.StatusCode != 200 || body != "null" || res.Header.Get("X-Vercel-Id") != "" {
		t.Errorf("%d %q %v", res.StatusCode, body, res.Header)
	}
}
