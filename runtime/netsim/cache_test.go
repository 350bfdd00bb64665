package netsim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var cacheT0 = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

// newTestCache returns a cache on a paused simulated clock standing at
// cacheT0.
func newTestCache(t *testing.T, opts ...CacheOption) (*Cache, *SimClock) {
	t.Helper()
	clock := &SimClock{wall: func() time.Time { return cacheT0 }}
	clock.Pause()
	return NewCache("iad1", clock, opts...), clock
}

func cacheAdvance(t *testing.T, c *SimClock, d time.Duration) {
	t.Helper()
	if _, err := c.Advance(d); err != nil {
		t.Fatal(err)
	}
}

func cacheGetReq(url string, header ...string) Request {
	h := http.Header{}
	for i := 0; i+1 < len(header); i += 2 {
		h.Add(header[i], header[i+1])
	}
	return Request{Method: http.MethodGet, URL: url, Host: "app.example.com", Scheme: "https", Deployment: "dpl_1", Route: "/api/x", Header: h}
}

// cacheTestOrigin answers with status, body and headers given as name, value
// pairs, and counts its calls.
type cacheTestOrigin struct {
	calls  atomic.Int32
	status int
	body   string
	header []string
}

func (o *cacheTestOrigin) fn() Origin {
	return func(context.Context) (Response, error) {
		o.calls.Add(1)
		h := http.Header{}
		for i := 0; i+1 < len(o.header); i += 2 {
			h.Add(o.header[i], o.header[i+1])
		}
		status := o.status
		if status == 0 {
			status = http.StatusOK
		}
		return Response{Status: status, Header: h, Body: []byte(o.body)}, nil
	}
}

func cacheServe(t *testing.T, c *Cache, req Request, o Origin) Result {
	t.Helper()
	res, err := c.Serve(context.Background(), req, o)
	if err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if got := res.Response.Header.Get(HeaderXVercelCache); got != string(res.Status) {
		t.Fatalf("x-vercel-cache %q, status %q", got, res.Status)
	}
	return res
}

func cacheEventKinds(evs []Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, string(e.Kind))
	}
	return out
}

// TestCacheBypass covers R-CACHE-2 and R-CACHE-1's refusals: each is a
// BYPASS with its reason, stores nothing, and is on the timeline.
func TestCacheBypass(t *testing.T) {
	big := strings.Repeat("x", CacheMaxBody+1)
	tests := []struct {
		name   string
		req    Request
		origin *cacheTestOrigin
		reason string
	}{
		{name: "POST", req: func() Request { r := cacheGetReq("/api/x"); r.Method = "POST"; return r }(), origin: &cacheTestOrigin{header: []string{"Cache-Control", "s-maxage=60"}}, reason: "method POST is not cached (only GET and HEAD are)"},
		{name: "lower-case method", req: func() Request { r := cacheGetReq("/api/x"); r.Method = "delete"; return r }(), origin: &cacheTestOrigin{header: []string{"Cache-Control", "s-maxage=60"}}, reason: "method DELETE is not cached (only GET and HEAD are)"},
		{name: "Authorization", req: cacheGetReq("/api/x", "Authorization", "Bearer t"), origin: &cacheTestOrigin{header: []string{"Cache-Control", "s-maxage=60"}}, reason: "the request has an Authorization header"},
		{name: "Range", req: cacheGetReq("/api/x", "Range", "bytes=0-9"), origin: &cacheTestOrigin{header: []string{"Cache-Control", "s-maxage=60"}}, reason: "the request has a Range header"},
		{name: "status 500", req: cacheGetReq("/api/x"), origin: &cacheTestOrigin{status: 500, header: []string{"Cache-Control", "s-maxage=60"}}, reason: "status 500 is never cached (only 200, 404, 301 and 308 are)"},
		{name: "status 201", req: cacheGetReq("/api/x"), origin: &cacheTestOrigin{status: 201, header: []string{"Cache-Control", "s-maxage=60"}}, reason: "status 201 is never cached (only 200, 404, 301 and 308 are)"},
		{name: "status 302", req: cacheGetReq("/api/x"), origin: &cacheTestOrigin{status: 302, header: []string{"Cache-Control", "s-maxage=60"}}, reason: "status 302 is never cached (only 200, 404, 301 and 308 are)"},
		{name: "Set-Cookie", req: cacheGetReq("/api/x"), origin: &cacheTestOrigin{header: []string{"Cache-Control", "s-maxage=60", "Set-Cookie", "a=1"}}, reason: "the response has a Set-Cookie header, which made it uncacheable (remove Set-Cookie to let the CDN cache it)"},
		{name: "Vary: Cookie", req: cacheGetReq("/api/x"), origin: &cacheTestOrigin{header: []string{"Cache-Control", "s-maxage=60", "Vary", "Accept-Encoding, cookie"}}, reason: "Vary: Cookie is never cached"},
		{name: "Vary: *", req: cacheGetReq("/api/x"), origin: &cacheTestOrigin{header: []string{"Cache-Control", "s-maxage=60", "Vary", "*"}}, reason: "Vary: * is never cached"},
		{name: "body over 10 MB", req: cacheGetReq("/api/x"), origin: &cacheTestOrigin{body: big, header: []string{"Cache-Control", "s-maxage=60"}}, reason: fmt.Sprintf("the body (%d bytes) is larger than 10 MB", len(big))},
		{name: "no cache headers", req: cacheGetReq("/api/x"), origin: &cacheTestOrigin{}, reason: "the response has no Cache-Control, CDN-Cache-Control or Vercel-CDN-Cache-Control header"},
		{name: "private", req: cacheGetReq("/api/x"), origin: &cacheTestOrigin{header: []string{"Cache-Control", "private, s-maxage=60"}}, reason: "Cache-Control: private"},
		{name: "no-store", req: cacheGetReq("/api/x"), origin: &cacheTestOrigin{header: []string{"Cache-Control", "no-store"}}, reason: "Cache-Control: no-store"},
		{name: "no-cache", req: cacheGetReq("/api/x"), origin: &cacheTestOrigin{header: []string{"Cache-Control", "no-cache, s-maxage=60"}}, reason: "Cache-Control: no-cache"},
		{name: "max-age alone", req: cacheGetReq("/api/x"), origin: &cacheTestOrigin{header: []string{"Cache-Control", "max-age=60"}}, reason: "Cache-Control: max-age is a browser directive; the CDN caches by s-maxage or stale-while-revalidate"},
		{name: "targeted no-store", req: cacheGetReq("/api/x"), origin: &cacheTestOrigin{header: []string{"Cache-Control", "s-maxage=60", "Vercel-CDN-Cache-Control", "no-store"}}, reason: "Vercel-CDN-Cache-Control: no-store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newTestCache(t)
			for i := range 2 {
				res := cacheServe(t, c, tt.req, tt.origin.fn())
				if res.Status != CacheBypass || res.Reason != tt.reason {
					t.Fatalf("request %d: %s %q, want BYPASS %q", i, res.Status, res.Reason, tt.reason)
				}
				if !res.Window.IsZero() {
					t.Errorf("a BYPASS has no lifetime: %+v", res.Window)
				}
			}
			if n := tt.origin.calls.Load(); n != 2 {
				t.Errorf("origin called %d times, want 2", n)
			}
			if es := c.Entries(); len(es) != 0 {
				t.Errorf("stored %v", es)
			}
			evs := c.Events()
			if len(evs) != 2 || evs[0].Kind != EventBypass || evs[0].Reason != tt.reason || evs[0].URL != "/api/x" || evs[0].Region != "iad1" {
				t.Errorf("events %+v", evs)
			}
		})
	}
}

// TestCacheStoredStatuses: 200, 404, 301 and 308 are stored (R-CACHE-2).
func TestCacheStoredStatuses(t *testing.T) {
	for _, status := range []int{200, 404, 301, 308} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			c, _ := newTestCache(t)
			o := &cacheTestOrigin{status: status, body: "b", header: []string{"Cache-Control", "s-maxage=60"}}
			if res := cacheServe(t, c, cacheGetReq("/a"), o.fn()); res.Status != CacheMiss {
				t.Fatalf("first %s %q", res.Status, res.Reason)
			}
			res := cacheServe(t, c, cacheGetReq("/a"), o.fn())
			if res.Status != CacheHit || res.Response.Status != status || o.calls.Load() != 1 {
				t.Fatalf("second %s status %d calls %d", res.Status, res.Response.Status, o.calls.Load())
			}
		})
	}
}

// TestCacheWalk walks one entry through its life (R-CACHE-5, R-CACHE-6):
// MISS, HIT, STALE with exactly one background revalidation for three
// concurrent requests, HIT with the new body, then MISS past
// s-maxage + stale-while-revalidate, with the timeline of it all.
func TestCacheWalk(t *testing.T) {
	c, clock := newTestCache(t)
	hdr := []string{"Cache-Control", "public, s-maxage=1200, stale-while-revalidate=600"}
	v1 := &cacheTestOrigin{body: "v1", header: hdr}

	res := cacheServe(t, c, cacheGetReq("/api/x"), v1.fn())
	if res.Status != CacheMiss || string(res.Response.Body) != "v1" || res.Reason != "not in the cache" {
		t.Fatalf("t0: %s %q %q", res.Status, res.Response.Body, res.Reason)
	}
	if cc := res.Response.Header.Get("Cache-Control"); cc != ClientCacheControl {
		t.Errorf("t0 client Cache-Control %q", cc)
	}
	wantKey := "GET https://app.example.com/api/x deployment=dpl_1"
	if res.Key != wantKey {
		t.Errorf("key %q, want %q", res.Key, wantKey)
	}
	first := Window{StoredAt: cacheT0, FreshUntil: cacheT0.Add(20 * time.Minute), StaleUntil: cacheT0.Add(30 * time.Minute)}
	if res.Window != first {
		t.Errorf("stored window %+v, want %+v", res.Window, first)
	}

	cacheAdvance(t, clock, 10*time.Minute)
	res = cacheServe(t, c, cacheGetReq("/api/x"), v1.fn())
	if res.Status != CacheHit || res.Age != 10*time.Minute || string(res.Response.Body) != "v1" {
		t.Fatalf("t+10m: %s age %v", res.Status, res.Age)
	}
	if got := res.Response.Header.Get("Age"); got != "600" {
		t.Errorf("Age header %q", got)
	}
	if res.Window != first {
		t.Errorf("HIT window %+v, want the stored entry's %+v", res.Window, first)
	}
	if cc := res.Response.Header.Get("Cache-Control"); cc != ClientCacheControl {
		t.Errorf("HIT client Cache-Control %q", cc)
	}

	// t+21m: stale. Three concurrent requests, one background revalidation,
	// which blocks until released.
	cacheAdvance(t, clock, 11*time.Minute)
	release := make(chan struct{})
	var revalidations atomic.Int32
	v2 := func(ctx context.Context) (Response, error) {
		revalidations.Add(1)
		select {
		case <-release:
		case <-ctx.Done():
			return Response{}, ctx.Err()
		}
		return Response{Status: 200, Header: http.Header{"Cache-Control": {hdr[1]}}, Body: []byte("v2")}, nil
	}
	var wg sync.WaitGroup
	results := make([]Result, 3)
	for i := range results {
		wg.Go(func() { results[i] = cacheServe(t, c, cacheGetReq("/api/x"), v2) })
	}
	wg.Wait()
	for i, r := range results {
		if r.Status != CacheStale || string(r.Response.Body) != "v1" || r.Age != 21*time.Minute || r.Revalidated == nil {
			t.Fatalf("stale request %d: %s %q age %v", i, r.Status, r.Response.Body, r.Age)
		}
		if r.Window != first {
			t.Errorf("stale request %d window %+v", i, r.Window)
		}
		if r.Revalidated != results[0].Revalidated {
			t.Errorf("request %d waits on another revalidation", i)
		}
	}
	if es := c.Entries(); len(es) != 1 || !es[0].Revalidating || es[0].State != "stale" {
		t.Errorf("entries during revalidation %+v", es)
	}
	close(release)
	<-results[0].Revalidated
	c.WaitIdle()
	if n := revalidations.Load(); n != 1 {
		t.Fatalf("%d background revalidations, want 1", n)
	}
	if v1.calls.Load() != 1 {
		t.Errorf("v1 origin called %d times", v1.calls.Load())
	}

	cacheAdvance(t, clock, time.Minute) // t+22m
	res = cacheServe(t, c, cacheGetReq("/api/x"), v1.fn())
	if res.Status != CacheHit || string(res.Response.Body) != "v2" || res.Age != time.Minute {
		t.Fatalf("after revalidation: %s %q age %v", res.Status, res.Response.Body, res.Age)
	}
	es := c.Entries()
	if len(es) != 1 || !es[0].StoredAt.Equal(cacheT0.Add(21*time.Minute)) ||
		!es[0].FreshUntil.Equal(cacheT0.Add(41*time.Minute)) || !es[0].StaleUntil.Equal(cacheT0.Add(51*time.Minute)) {
		t.Fatalf("entry after revalidation %+v", es)
	}

	cacheAdvance(t, clock, 29*time.Minute) // t+51m = new store + 1200 s + 600 s
	res = cacheServe(t, c, cacheGetReq("/api/x"), v1.fn())
	wantReason := "expired: age 30m0s is past Cache-Control's lifetime 20m0s + stale-while-revalidate 10m0s"
	if res.Status != CacheMiss || res.Reason != wantReason || string(res.Response.Body) != "v1" {
		t.Fatalf("past the window: %s %q", res.Status, res.Reason)
	}

	evs := c.Events()
	want := []string{"stored", "hit", "stale", "stale", "stale", "revalidated", "hit", "expired", "stored"}
	if got := cacheEventKinds(evs); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("timeline %v, want %v", got, want)
	}
	wantTimes := []time.Duration{0, 10, 21, 21, 21, 21, 22, 51, 51}
	for i, ev := range evs {
		if !ev.Time.Equal(cacheT0.Add(wantTimes[i]*time.Minute)) || ev.Key != wantKey || ev.Reason == "" || ev.Route != "/api/x" {
			t.Errorf("event %d %+v", i, ev)
		}
	}
	started := 0
	for _, ev := range evs[2:5] {
		if strings.HasSuffix(ev.Reason, "background revalidation started") {
			started++
		} else if !strings.HasSuffix(ev.Reason, "background revalidation already running") {
			t.Errorf("stale reason %q", ev.Reason)
		}
	}
	if started != 1 {
		t.Errorf("%d stale events started a revalidation", started)
	}
	if evs[7].Reason != wantReason {
		t.Errorf("expired reason %q", evs[7].Reason)
	}
}

// TestCacheRevalidationOutcomes: a failed background revalidation keeps
// the stale copy until it expires; an uncacheable answer drops the entry
// (R-CACHE-5).
func TestCacheRevalidationOutcomes(t *testing.T) {
	hdr := []string{"Cache-Control", "s-maxage=60, stale-while-revalidate=60"}
	tests := []struct {
		name      string
		origin    Origin
		kind      CacheEventKind
		reason    string
		kept      bool
		nextState CacheStatus
	}{
		{name: "error", origin: func(context.Context) (Response, error) { return Response{}, errors.New("db down") },
			kind: EventRevalidationFailed, reason: "background revalidation failed: db down", kept: true, nextState: CacheStale},
		{name: "status 503", origin: (&cacheTestOrigin{status: 503, header: hdr}).fn(),
			kind: EventRevalidationFailed, reason: "background revalidation got status 503", kept: true, nextState: CacheStale},
		{name: "now private", origin: (&cacheTestOrigin{header: []string{"Cache-Control", "private"}}).fn(),
			kind: EventEvicted, reason: "background revalidation returned a response that is not cacheable: Cache-Control: private", nextState: CacheMiss},
		{name: "now Set-Cookie", origin: (&cacheTestOrigin{header: append([]string{"Set-Cookie", "a=b"}, hdr...)}).fn(),
			kind: EventEvicted, reason: "background revalidation returned a response that is not cacheable: the response has a Set-Cookie header", nextState: CacheMiss},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, clock := newTestCache(t)
			cacheServe(t, c, cacheGetReq("/a"), (&cacheTestOrigin{body: "v1", header: hdr}).fn())
			cacheAdvance(t, clock, 90*time.Second)
			res := cacheServe(t, c, cacheGetReq("/a"), tt.origin)
			if res.Status != CacheStale {
				t.Fatalf("%s", res.Status)
			}
			<-res.Revalidated
			c.WaitIdle()
			evs := c.Events()
			last := evs[len(evs)-1]
			if last.Kind != tt.kind || !strings.HasPrefix(last.Reason, tt.reason) {
				t.Errorf("last event %+v", last)
			}
			if got := len(c.Entries()) == 1; got != tt.kept {
				t.Errorf("entry kept %v, want %v", got, tt.kept)
			}
			next := cacheServe(t, c, cacheGetReq("/a"), (&cacheTestOrigin{body: "v3", header: hdr}).fn())
			if next.Status != tt.nextState {
				t.Errorf("next request %s, want %s", next.Status, tt.nextState)
			}
			c.WaitIdle()
		})
	}
}

// TestCacheRevalidationDetached: the background revalidation's context is
// not the request's, and is bounded by the revalidation timeout.
func TestCacheRevalidationDetached(t *testing.T) {
	c, clock := newTestCache(t, WithRevalidateTimeout(20*time.Millisecond))
	hdr := []string{"Cache-Control", "s-maxage=1, stale-while-revalidate=100"}
	cacheServe(t, c, cacheGetReq("/a"), (&cacheTestOrigin{header: hdr}).fn())
	cacheAdvance(t, clock, 2*time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	var sawDeadline atomic.Bool
	res, err := c.Serve(ctx, cacheGetReq("/a"), func(ctx context.Context) (Response, error) {
		_, ok := ctx.Deadline()
		sawDeadline.Store(ok)
		<-ctx.Done()
		return Response{}, ctx.Err()
	})
	cancel() // the client goes away; the revalidation runs on
	if err != nil || res.Status != CacheStale {
		t.Fatalf("%v %s", err, res.Status)
	}
	c.WaitIdle()
	if !sawDeadline.Load() {
		t.Error("background context has no deadline")
	}
	evs := c.Events()
	if last := evs[len(evs)-1]; last.Kind != EventRevalidationFailed || !strings.Contains(last.Reason, context.DeadlineExceeded.Error()) {
		t.Errorf("last event %+v", last)
	}
}

// TestCachePragmaNoCache: a pragma: no-cache request refreshes
// synchronously and answers REVALIDATED (R-CACHE-5).
func TestCachePragmaNoCache(t *testing.T) {
	c, clock := newTestCache(t)
	hdr := []string{"Cache-Control", "s-maxage=600"}
	cacheServe(t, c, cacheGetReq("/a"), (&cacheTestOrigin{body: "v1", header: hdr}).fn())
	cacheAdvance(t, clock, time.Minute)
	o2 := &cacheTestOrigin{body: "v2", header: hdr}
	res := cacheServe(t, c, cacheGetReq("/a", "Pragma", "no-cache"), o2.fn())
	if res.Status != CacheRevalidated || string(res.Response.Body) != "v2" || o2.calls.Load() != 1 {
		t.Fatalf("%s %q", res.Status, res.Response.Body)
	}
	res = cacheServe(t, c, cacheGetReq("/a"), o2.fn())
	if res.Status != CacheHit || string(res.Response.Body) != "v2" || res.Age != 0 {
		t.Fatalf("after: %s %q age %v", res.Status, res.Response.Body, res.Age)
	}
	// A refresh that is no longer cacheable drops the entry.
	res = cacheServe(t, c, cacheGetReq("/a", "Pragma", "No-Cache"), (&cacheTestOrigin{header: []string{"Cache-Control", "no-store"}}).fn())
	if res.Status != CacheBypass || res.Reason != "Cache-Control: no-store" || len(c.Entries()) != 0 {
		t.Fatalf("uncacheable refresh: %s %q %v", res.Status, res.Reason, c.Entries())
	}
	want := "stored revalidated hit evicted bypass"
	if got := strings.Join(cacheEventKinds(c.Events()), " "); got != want {
		t.Errorf("timeline %q, want %q", got, want)
	}
}

// TestCacheVary: the request headers named by Vary are part of the key
// (R-CACHE-3).
func TestCacheVary(t *testing.T) {
	c, _ := newTestCache(t)
	origin := func(lang string) *cacheTestOrigin {
		return &cacheTestOrigin{body: "hello " + lang, header: []string{"Cache-Control", "s-maxage=60", "Vary", "Accept-Language"}}
	}
	en, fr := origin("en"), origin("fr")
	if r := cacheServe(t, c, cacheGetReq("/a", "Accept-Language", "en"), en.fn()); r.Status != CacheMiss {
		t.Fatal(r.Status)
	}
	if r := cacheServe(t, c, cacheGetReq("/a", "Accept-Language", "fr"), fr.fn()); r.Status != CacheMiss {
		t.Fatalf("second variant: %s", r.Status)
	}
	for _, tc := range []struct{ lang, body string }{{"en", "hello en"}, {"fr", "hello fr"}, {"en", "hello en"}} {
		r := cacheServe(t, c, cacheGetReq("/a", "Accept-Language", tc.lang), en.fn())
		if r.Status != CacheHit || string(r.Response.Body) != tc.body {
			t.Errorf("%s: %s %q", tc.lang, r.Status, r.Response.Body)
		}
		if want := `GET https://app.example.com/a deployment=dpl_1 vary accept-language="` + tc.lang + `"`; r.Key != want {
			t.Errorf("key %q, want %q", r.Key, want)
		}
	}
	if en.calls.Load() != 1 || fr.calls.Load() != 1 {
		t.Errorf("calls en %d fr %d", en.calls.Load(), fr.calls.Load())
	}
	es := c.Entries()
	if len(es) != 2 || es[0].Vary["Accept-Language"] != "en" || es[1].Vary["Accept-Language"] != "fr" {
		t.Errorf("entries %+v", es)
	}
	// A third language is a new variant.
	if r := cacheServe(t, c, cacheGetReq("/a", "Accept-Language", "de"), origin("de").fn()); r.Status != CacheMiss {
		t.Errorf("third variant: %s", r.Status)
	}
	// The response stops varying: the old variants go.
	if r := cacheServe(t, c, cacheGetReq("/a", "Pragma", "no-cache"), (&cacheTestOrigin{body: "one", header: []string{"Cache-Control", "s-maxage=60"}}).fn()); r.Status != CacheRevalidated {
		t.Fatal(r.Status)
	}
	if es := c.Entries(); len(es) != 1 || es[0].Vary != nil {
		t.Errorf("after Vary dropped %+v", es)
	}
	if r := cacheServe(t, c, cacheGetReq("/a", "Accept-Language", "fr"), fr.fn()); r.Status != CacheHit || string(r.Response.Body) != "one" {
		t.Errorf("unvaried: %s %q", r.Status, r.Response.Body)
	}
}

// TestCacheKey: scheme, host, URL with query and deployment tell entries
// apart; HEAD shares GET's (R-CACHE-3).
func TestCacheKey(t *testing.T) {
	c, _ := newTestCache(t)
	o := &cacheTestOrigin{body: "body", header: []string{"Cache-Control", "s-maxage=60", "Content-Type", "text/plain"}}
	base := cacheGetReq("/a?x=1")
	cacheServe(t, c, base, o.fn())
	variants := []func(*Request){
		func(r *Request) { r.URL = "/a?x=2" },
		func(r *Request) { r.URL = "/a" },
		func(r *Request) { r.Host = "other.example.com" },
		func(r *Request) { r.Scheme = "http" },
		func(r *Request) { r.Deployment = "dpl_2" },
	}
	for i, mod := range variants {
		r := base
		mod(&r)
		if res := cacheServe(t, c, r, o.fn()); res.Status != CacheMiss {
			t.Errorf("variant %d: %s", i, res.Status)
		}
	}
	if n := len(c.Entries()); n != 6 {
		t.Errorf("%d entries, want 6", n)
	}

	head := base
	head.Method = http.MethodHead
	res := cacheServe(t, c, head, o.fn())
	if res.Status != CacheHit || res.Response.Body != nil || res.Response.Header.Get("Content-Type") != "text/plain" || res.Response.Status != 200 {
		t.Fatalf("HEAD from GET entry: %s body %q", res.Status, res.Response.Body)
	}
	// A HEAD miss goes to the origin and stores nothing.
	head.URL = "/new"
	calls := o.calls.Load()
	res = cacheServe(t, c, head, o.fn())
	if res.Status != CacheMiss || res.Response.Body != nil || o.calls.Load() != calls+1 {
		t.Fatalf("HEAD miss: %s %q", res.Status, res.Response.Body)
	}
	get := base
	get.URL = "/new"
	if res := cacheServe(t, c, get, o.fn()); res.Status != CacheMiss || string(res.Response.Body) != "body" {
		t.Errorf("GET after HEAD miss: %s", res.Status)
	}
}

// TestCacheClientHeaders: responses leave the cache with R-CACHE-4's
// headers, whatever the path through it.
func TestCacheClientHeaders(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		want   string
		status CacheStatus
	}{
		{name: "s-maxage", header: []string{"Cache-Control", "s-maxage=60, stale-while-revalidate=30"}, want: ClientCacheControl, status: CacheMiss},
		{name: "browser max-age", header: []string{"Cache-Control", "max-age=120, s-maxage=86400"}, want: "max-age=120", status: CacheMiss},
		{name: "targeted headers", header: []string{"Cache-Control", "max-age=10", "CDN-Cache-Control", "max-age=60", "Vercel-CDN-Cache-Control", "max-age=3600"}, want: "max-age=10", status: CacheMiss},
		{name: "bypass still strips", header: []string{"Cache-Control", "s-maxage=60", "Set-Cookie", "a=b"}, want: ClientCacheControl, status: CacheBypass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, clock := newTestCache(t)
			o := &cacheTestOrigin{header: tt.header}
			res := cacheServe(t, c, cacheGetReq("/a"), o.fn())
			check := func(res Result, status CacheStatus) {
				t.Helper()
				h := res.Response.Header
				if res.Status != status || h.Get("Cache-Control") != tt.want || h.Get(HeaderCDNCacheControl) != "" || h.Get(HeaderVercelCDNCacheControl) != "" {
					t.Errorf("%s: %v", res.Status, h)
				}
			}
			check(res, tt.status)
			if tt.status == CacheMiss {
				cacheAdvance(t, clock, time.Second)
				check(cacheServe(t, c, cacheGetReq("/a"), o.fn()), CacheHit)
			}
		})
	}
}

// TestCachePrecedence: with all three headers the Vercel-specific one sets
// the lifetime (R-CACHE-1).
func TestCachePrecedence(t *testing.T) {
	c, clock := newTestCache(t)
	o := &cacheTestOrigin{header: []string{"Cache-Control", "max-age=10, s-maxage=20", "CDN-Cache-Control", "max-age=60", "Vercel-CDN-Cache-Control", "max-age=3600"}}
	cacheServe(t, c, cacheGetReq("/a"), o.fn())
	es := c.Entries()
	if len(es) != 1 || es[0].Source != HeaderVercelCDNCacheControl || !es[0].FreshUntil.Equal(cacheT0.Add(time.Hour)) || !es[0].StaleUntil.Equal(es[0].FreshUntil) {
		t.Fatalf("entries %+v", es)
	}
	cacheAdvance(t, clock, 59*time.Minute)
	if r := cacheServe(t, c, cacheGetReq("/a"), o.fn()); r.Status != CacheHit {
		t.Errorf("at 59m: %s", r.Status)
	}
	cacheAdvance(t, clock, time.Minute)
	if r := cacheServe(t, c, cacheGetReq("/a"), o.fn()); r.Status != CacheMiss || !strings.HasPrefix(r.Reason, "expired: ") {
		t.Errorf("at 60m: %s %q", r.Status, r.Reason)
	}
}

// TestCachePurge: purge all, by route and by URL, each with events.
func TestCachePurge(t *testing.T) {
	fill := func(t *testing.T) *Cache {
		c, _ := newTestCache(t)
		o := &cacheTestOrigin{header: []string{"Cache-Control", "s-maxage=60"}}
		for _, r := range []struct{ url, route string }{
			{"/api/posts/1", "/api/posts/[id]"},
			{"/api/posts/2", "/api/posts/[id]"},
			{"/api/time?tz=utc", "/api/time"},
			{"/api/time?tz=cet", "/api/time"},
		} {
			req := cacheGetReq(r.url)
			req.Route = r.route
			cacheServe(t, c, req, o.fn())
		}
		return c
	}
	tests := []struct {
		name   string
		purge  func(*Cache) int
		n      int
		left   []string
		reason string
	}{
		{name: "all", purge: (*Cache).Purge, n: 4, reason: "purge all"},
		{name: "route", purge: func(c *Cache) int { return c.PurgeRoute("/api/posts/[id]") }, n: 2, left: []string{"/api/time?tz=cet", "/api/time?tz=utc"}, reason: "purge route /api/posts/[id]"},
		{name: "URL with query", purge: func(c *Cache) int { return c.PurgeURL("/api/time?tz=utc") }, n: 1, left: []string{"/api/posts/1", "/api/posts/2", "/api/time?tz=cet"}, reason: "purge URL /api/time?tz=utc"},
		{name: "path purges every query", purge: func(c *Cache) int { return c.PurgeURL("/api/time") }, n: 2, left: []string{"/api/posts/1", "/api/posts/2"}, reason: "purge URL /api/time"},
		{name: "nothing", purge: func(c *Cache) int { return c.PurgeRoute("/nope") }, n: 0, left: []string{"/api/posts/1", "/api/posts/2", "/api/time?tz=cet", "/api/time?tz=utc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fill(t)
			if n := tt.purge(c); n != tt.n {
				t.Errorf("purged %d, want %d", n, tt.n)
			}
			var left []string
			for _, e := range c.Entries() {
				left = append(left, e.URL)
			}
			if strings.Join(left, " ") != strings.Join(tt.left, " ") {
				t.Errorf("left %v, want %v", left, tt.left)
			}
			evs := c.Events()[4:]
			if len(evs) != tt.n {
				t.Fatalf("events %+v", evs)
			}
			for _, ev := range evs {
				if ev.Kind != EventPurged || ev.Reason != tt.reason {
					t.Errorf("event %+v", ev)
				}
			}
			if tt.n == 4 && c.Size() != 0 {
				t.Errorf("size %d after purge all", c.Size())
			}
		})
	}
}

// TestCacheLRU: past the size bound the least recently used entry goes,
// with an event.
func TestCacheLRU(t *testing.T) {
	body := bytes.Repeat([]byte("x"), 1000)
	o := func(context.Context) (Response, error) {
		return Response{Status: 200, Header: http.Header{"Cache-Control": {"s-maxage=60"}}, Body: body}, nil
	}
	size := cacheEntrySize(Response{Header: http.Header{"Cache-Control": {"s-maxage=60"}}, Body: body})
	c, _ := newTestCache(t, WithCapacity(3*size))
	cacheServe(t, c, cacheGetReq("/1"), o)
	cacheServe(t, c, cacheGetReq("/2"), o)
	cacheServe(t, c, cacheGetReq("/3"), o)
	cacheServe(t, c, cacheGetReq("/1"), o) // /2 is now the least recently used
	cacheServe(t, c, cacheGetReq("/4"), o)
	var urls []string
	for _, e := range c.Entries() {
		urls = append(urls, e.URL)
	}
	if strings.Join(urls, " ") != "/1 /3 /4" || c.Size() != 3*size {
		t.Fatalf("entries %v size %d", urls, c.Size())
	}
	evs := c.Events()
	last := evs[len(evs)-1]
	if last.Kind != EventEvicted || last.URL != "/2" || !strings.HasPrefix(last.Reason, "least recently used") {
		t.Errorf("events %v, last %+v", cacheEventKinds(evs), last)
	}
	// A response larger than the whole cache is not stored.
	small, _ := newTestCache(t, WithCapacity(100))
	if r := cacheServe(t, small, cacheGetReq("/big"), o); r.Status != CacheBypass || !strings.Contains(r.Reason, "larger than the cache") {
		t.Errorf("too big: %s %q", r.Status, r.Reason)
	}
}

// TestCacheSweep: Sweep records expiries when the clock moves, not at the
// next request.
func TestCacheSweep(t *testing.T) {
	c, clock := newTestCache(t)
	cacheServe(t, c, cacheGetReq("/short"), (&cacheTestOrigin{header: []string{"Cache-Control", "s-maxage=60"}}).fn())
	cacheServe(t, c, cacheGetReq("/long"), (&cacheTestOrigin{header: []string{"Cache-Control", "s-maxage=60, stale-while-revalidate=600"}}).fn())
	cacheAdvance(t, clock, 2*time.Minute)
	es := c.Entries()
	if len(es) != 2 || es[0].State != "stale" || es[1].State != "expired" {
		t.Fatalf("states %+v", es)
	}
	if n := c.Sweep(); n != 1 {
		t.Errorf("swept %d", n)
	}
	evs := c.Events()
	if last := evs[len(evs)-1]; last.Kind != EventExpired || last.URL != "/short" || !last.Time.Equal(cacheT0.Add(2*time.Minute)) {
		t.Errorf("last event %+v", last)
	}
	if es := c.Entries(); len(es) != 1 || es[0].URL != "/long" {
		t.Errorf("left %+v", es)
	}
}

// TestCacheEventsBounded: the timeline keeps the latest 1000 events, oldest
// first.
func TestCacheEventsBounded(t *testing.T) {
	c, _ := newTestCache(t)
	o := (&cacheTestOrigin{}).fn()
	for i := range cacheMaxEvents + 5 {
		cacheServe(t, c, cacheGetReq(fmt.Sprintf("/%d", i)), o)
	}
	evs := c.Events()
	if len(evs) != cacheMaxEvents || evs[0].URL != "/5" || evs[len(evs)-1].URL != fmt.Sprintf("/%d", cacheMaxEvents+4) {
		t.Errorf("%d events from %s to %s", len(evs), evs[0].URL, evs[len(evs)-1].URL)
	}
}

// TestCacheOriginError: origin errors come back wrapped and store nothing.
func TestCacheOriginError(t *testing.T) {
	c, _ := newTestCache(t)
	boom := errors.New("boom")
	_, err := c.Serve(context.Background(), cacheGetReq("/a"), func(context.Context) (Response, error) { return Response{}, boom })
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "cdn cache iad1") {
		t.Errorf("err %v", err)
	}
	if len(c.Entries()) != 0 {
		t.Error("stored after error")
	}
}

// TestCacheStreamedThrough: the cache tells the origin whether it may
// store the response, and an origin that streamed an uncacheable response
// to the client itself gets a BYPASS with the head's reason, nothing
// stored and the stale copy dropped (a CDN streams what it will not keep).
func TestCacheStreamedThrough(t *testing.T) {
	c, _ := newTestCache(t)
	var mayStore []bool
	streaming := func(header ...string) Origin {
		return func(ctx context.Context) (Response, error) {
			mayStore = append(mayStore, OriginMayStore(ctx))
			h := http.Header{}
			for i := 0; i+1 < len(header); i += 2 {
				h.Add(header[i], header[i+1])
			}
			return Response{Status: 200, Header: h, Body: []byte("chunk"), Streamed: HeadBypass(200, h) != "" || !OriginMayStore(ctx)}, nil
		}
	}
	res := cacheServe(t, c, cacheGetReq("/api/x"), streaming())
	if res.Status != CacheBypass || !res.Streamed || res.Reason != "the response has no Cache-Control, CDN-Cache-Control or Vercel-CDN-Cache-Control header" {
		t.Fatalf("uncacheable stream: %s streamed=%v %q", res.Status, res.Streamed, res.Reason)
	}
	res = cacheServe(t, c, cacheGetReq("/api/x", "Authorization", "Bearer t"), streaming("Cache-Control", "s-maxage=60"))
	if res.Status != CacheBypass || !res.Streamed || res.Reason != "the request has an Authorization header" {
		t.Fatalf("request bypass: %s streamed=%v %q", res.Status, res.Streamed, res.Reason)
	}
	head := cacheGetReq("/api/x")
	head.Method = http.MethodHead
	if res := cacheServe(t, c, head, streaming("Cache-Control", "s-maxage=60")); res.Status != CacheMiss || res.Streamed || len(c.Entries()) != 0 {
		t.Fatalf("cacheable HEAD: %s streamed=%v entries %d", res.Status, res.Streamed, len(c.Entries()))
	}
	if res := cacheServe(t, c, head, streaming()); res.Status != CacheBypass || !res.Streamed || !strings.HasPrefix(res.Reason, "the response has no Cache-Control") {
		t.Fatalf("uncacheable HEAD: %s streamed=%v %q", res.Status, res.Streamed, res.Reason)
	}
	res = cacheServe(t, c, cacheGetReq("/api/x"), streaming("Cache-Control", "s-maxage=60"))
	if res.Status != CacheMiss || res.Streamed || len(c.Entries()) != 1 {
		t.Fatalf("cacheable: %s streamed=%v entries %d", res.Status, res.Streamed, len(c.Entries()))
	}
	if got := fmt.Sprint(mayStore); got != "[true false true true true]" {
		t.Errorf("OriginMayStore per call %s, want [true false true true true]", got)
	}
	// A forced refresh whose answer is no longer cacheable streams and
	// drops the stored copy.
	res = cacheServe(t, c, cacheGetReq("/api/x", "Pragma", "no-cache"), streaming("Cache-Control", "no-store"))
	if res.Status != CacheBypass || !res.Streamed || res.Reason != "Cache-Control: no-store" || len(c.Entries()) != 0 {
		t.Fatalf("refresh to no-store: %s streamed=%v %q entries %d", res.Status, res.Streamed, res.Reason, len(c.Entries()))
	}
	// An origin that streams what the cache could keep still bypasses.
	res = cacheServe(t, c, cacheGetReq("/api/x"), func(context.Context) (Response, error) {
		return Response{Status: 200, Header: http.Header{"Cache-Control": {"s-maxage=60"}}, Streamed: true}, nil
	})
	if res.Status != CacheBypass || !strings.Contains(res.Reason, "streamed") || len(c.Entries()) != 0 {
		t.Errorf("streamed cacheable: %s %q", res.Status, res.Reason)
	}
}

// TestHeadBypass: the head-only judgement agrees with the full one for
// every reason a head can give.
func TestHeadBypass(t *testing.T) {
	tests := []struct {
		status int
		header http.Header
		want   string
	}{
		{200, http.Header{"Cache-Control": {"s-maxage=60"}}, ""},
		{200, http.Header{}, "the response has no Cache-Control, CDN-Cache-Control or Vercel-CDN-Cache-Control header"},
		{500, http.Header{"Cache-Control": {"s-maxage=60"}}, "status 500 is never cached (only 200, 404, 301 and 308 are)"},
		{200, http.Header{"Cache-Control": {"s-maxage=60"}, "Set-Cookie": {"a=1"}}, "the response has a Set-Cookie header, which made it uncacheable (remove Set-Cookie to let the CDN cache it)"},
		{200, http.Header{"Cache-Control": {"s-maxage=60"}, "Vary": {"Cookie"}}, "Vary: Cookie is never cached"},
		{200, http.Header{"Cache-Control": {"private, s-maxage=60"}}, "Cache-Control: private"},
		{404, http.Header{"Cdn-Cache-Control": {"max-age=60"}}, ""},
	}
	for _, tt := range tests {
		if got := HeadBypass(tt.status, tt.header); got != tt.want {
			t.Errorf("HeadBypass(%d, %v) = %q, want %q", tt.status, tt.header, got, tt.want)
		}
	}
}

// TestCacheStatusFromCache: only HIT and STALE are answered from a stored copy.
func TestCacheStatusFromCache(t *testing.T) {
	for status, want := range map[CacheStatus]bool{CacheHit: true, CacheStale: true, CacheMiss: false, CacheRevalidated: false, CacheBypass: false} {
		if got := status.FromCache(); got != want {
			t.Errorf("%s.FromCache() = %v", status, got)
		}
	}
}
