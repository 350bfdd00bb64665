package netsim

import (
	"net/http"
	"reflect"
	"testing"
	"time"
)

// TestParseCachePolicy covers R-CACHE-1: which header decides, which
// directives the CDN reads in each, what forbids caching, and robust
// parsing.
func TestParseCachePolicy(t *testing.T) {
	sec := func(n int) time.Duration { return time.Duration(n) * time.Second }
	tests := []struct {
		name      string
		header    map[string][]string
		source    string
		cacheable bool
		maxAge    time.Duration
		swr       time.Duration
		reason    string
		browser   *time.Duration
	}{
		{name: "no header", header: nil, reason: "the response has no Cache-Control, CDN-Cache-Control or Vercel-CDN-Cache-Control header"},
		{name: "blank header counts as absent", header: map[string][]string{"Cache-Control": {"  "}}, reason: "the response has no Cache-Control, CDN-Cache-Control or Vercel-CDN-Cache-Control header"},
		{name: "s-maxage", header: map[string][]string{"Cache-Control": {"s-maxage=60"}}, source: HeaderCacheControl, cacheable: true, maxAge: sec(60)},
		{name: "s-maxage and swr", header: map[string][]string{"Cache-Control": {"s-maxage=1200, stale-while-revalidate=600"}}, source: HeaderCacheControl, cacheable: true, maxAge: sec(1200), swr: sec(600)},
		{name: "swr alone", header: map[string][]string{"Cache-Control": {"stale-while-revalidate=30"}}, source: HeaderCacheControl, cacheable: true, swr: sec(30)},
		{name: "valueless swr is the maximum", header: map[string][]string{"Cache-Control": {"s-maxage=1, stale-while-revalidate"}}, source: HeaderCacheControl, cacheable: true, maxAge: sec(1), swr: cdnMaxLifetime},
		{name: "max-age alone is for the browser", header: map[string][]string{"Cache-Control": {"public, max-age=60"}}, source: HeaderCacheControl,
			reason: "Cache-Control: max-age is a browser directive; the CDN caches by s-maxage or stale-while-revalidate", browser: cachePtr(sec(60))},
		{name: "public alone", header: map[string][]string{"Cache-Control": {"public"}}, source: HeaderCacheControl, reason: "Cache-Control has no s-maxage or stale-while-revalidate"},
		{name: "browser and CDN lifetimes", header: map[string][]string{"Cache-Control": {"max-age=120, s-maxage=86400"}}, source: HeaderCacheControl, cacheable: true, maxAge: sec(86400), browser: cachePtr(sec(120))},
		{name: "private", header: map[string][]string{"Cache-Control": {"private, s-maxage=60"}}, source: HeaderCacheControl, reason: "Cache-Control: private"},
		{name: "no-store", header: map[string][]string{"Cache-Control": {"no-store, s-maxage=60"}}, source: HeaderCacheControl, reason: "Cache-Control: no-store"},
		{name: "no-cache", header: map[string][]string{"Cache-Control": {"s-maxage=60, no-cache"}}, source: HeaderCacheControl, reason: "Cache-Control: no-cache"},
		{name: "no-cache with a field list", header: map[string][]string{"Cache-Control": {`s-maxage=60, no-cache="Set-Cookie, X-A"`}}, source: HeaderCacheControl, reason: "Cache-Control: no-cache"},
		{name: "s-maxage=0", header: map[string][]string{"Cache-Control": {"s-maxage=0"}}, source: HeaderCacheControl, reason: "Cache-Control: s-maxage=0"},
		{name: "invalid s-maxage", header: map[string][]string{"Cache-Control": {"s-maxage=abc"}}, source: HeaderCacheControl, reason: `Cache-Control: invalid s-maxage "abc"`},
		{name: "negative s-maxage", header: map[string][]string{"Cache-Control": {"s-maxage=-5"}}, source: HeaderCacheControl, reason: `Cache-Control: invalid s-maxage "-5"`},
		{name: "empty s-maxage", header: map[string][]string{"Cache-Control": {"s-maxage="}}, source: HeaderCacheControl, reason: `Cache-Control: invalid s-maxage ""`},
		{name: "invalid swr", header: map[string][]string{"Cache-Control": {"s-maxage=5, stale-while-revalidate=1.5"}}, source: HeaderCacheControl, reason: `Cache-Control: invalid stale-while-revalidate "1.5"`},
		{name: "case, spaces, quotes, empty members", header: map[string][]string{"Cache-Control": {` ,PUBLIC ,, S-MaxAge = "90" , Stale-While-Revalidate=10,`}}, source: HeaderCacheControl, cacheable: true, maxAge: sec(90), swr: sec(10)},
		{name: "several header lines", header: map[string][]string{"Cache-Control": {"public", "s-maxage=5"}}, source: HeaderCacheControl, cacheable: true, maxAge: sec(5)},
		{name: "first of repeated directives wins", header: map[string][]string{"Cache-Control": {"s-maxage=5, s-maxage=500"}}, source: HeaderCacheControl, cacheable: true, maxAge: sec(5)},
		{name: "quoted comma does not split", header: map[string][]string{"Cache-Control": {`community="a,b", s-maxage=7`}}, source: HeaderCacheControl, cacheable: true, maxAge: sec(7)},
		{name: "clamped to a year", header: map[string][]string{"Cache-Control": {"s-maxage=99999999999999999999999"}}, source: HeaderCacheControl, cacheable: true, maxAge: cdnMaxLifetime},
		{name: "CDN-Cache-Control max-age is the CDN lifetime", header: map[string][]string{"CDN-Cache-Control": {"max-age=60"}}, source: HeaderCDNCacheControl, cacheable: true, maxAge: sec(60)},
		{name: "Vercel-CDN-Cache-Control max-age and swr", header: map[string][]string{"Vercel-CDN-Cache-Control": {"max-age=3600, stale-while-revalidate=60"}}, source: HeaderVercelCDNCacheControl, cacheable: true, maxAge: sec(3600), swr: sec(60)},
		{name: "s-maxage wins over max-age in a CDN header", header: map[string][]string{"CDN-Cache-Control": {"max-age=10, s-maxage=20"}}, source: HeaderCDNCacheControl, cacheable: true, maxAge: sec(20)},
		{name: "CDN header without lifetime", header: map[string][]string{"CDN-Cache-Control": {"public"}}, source: HeaderCDNCacheControl, reason: "CDN-Cache-Control has no max-age, s-maxage or stale-while-revalidate"},
		{name: "CDN header max-age=0", header: map[string][]string{"Vercel-CDN-Cache-Control": {"max-age=0"}}, source: HeaderVercelCDNCacheControl, reason: "Vercel-CDN-Cache-Control: max-age=0"},
		{name: "CDN header invalid max-age", header: map[string][]string{"CDN-Cache-Control": {"max-age=soon"}}, source: HeaderCDNCacheControl, reason: `CDN-Cache-Control: invalid max-age "soon"`},
		{name: "precedence: all three", header: map[string][]string{
			"Cache-Control":            {"max-age=10, s-maxage=20"},
			"CDN-Cache-Control":        {"max-age=60"},
			"Vercel-CDN-Cache-Control": {"max-age=3600"},
		}, source: HeaderVercelCDNCacheControl, cacheable: true, maxAge: sec(3600), browser: cachePtr(sec(10))},
		{name: "precedence: CDN over Cache-Control", header: map[string][]string{
			"Cache-Control":     {"max-age=10, s-maxage=20"},
			"CDN-Cache-Control": {"max-age=60"},
		}, source: HeaderCDNCacheControl, cacheable: true, maxAge: sec(60), browser: cachePtr(sec(10))},
		{name: "precedence: the winner forbids", header: map[string][]string{
			"Cache-Control":            {"s-maxage=20"},
			"Vercel-CDN-Cache-Control": {"no-store"},
		}, source: HeaderVercelCDNCacheControl, reason: "Vercel-CDN-Cache-Control: no-store"},
		{name: "precedence: Cache-Control private does not bind the targeted header", header: map[string][]string{
			"Cache-Control":     {"private, max-age=30"},
			"CDN-Cache-Control": {"max-age=60"},
		}, source: HeaderCDNCacheControl, cacheable: true, maxAge: sec(60), browser: cachePtr(sec(30))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseCachePolicy(http.Header(tt.header))
			want := CachePolicy{Source: tt.source, MaxAge: tt.maxAge, StaleWhileRevalidate: tt.swr, Cacheable: tt.cacheable, Reason: tt.reason, BrowserMaxAge: tt.browser}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v (browser %v)\nwant %+v (browser %v)", got, cacheDeref(got.BrowserMaxAge), want, cacheDeref(want.BrowserMaxAge))
			}
		})
	}
}

func cachePtr[T any](v T) *T { return &v }

func cacheDeref(d *time.Duration) any {
	if d == nil {
		return nil
	}
	return *d
}

// TestClientHeaders covers R-CACHE-4: what the browser receives.
func TestClientHeaders(t *testing.T) {
	tests := []struct {
		name   string
		header map[string][]string
		want   string // Cache-Control sent to the client
	}{
		{name: "s-maxage stripped", header: map[string][]string{"Cache-Control": {"s-maxage=60"}}, want: ClientCacheControl},
		{name: "swr stripped", header: map[string][]string{"Cache-Control": {"public, s-maxage=1200, stale-while-revalidate=600"}}, want: ClientCacheControl},
		{name: "browser max-age kept", header: map[string][]string{"Cache-Control": {"max-age=120, s-maxage=86400"}}, want: "max-age=120"},
		{name: "browser max-age kept with others", header: map[string][]string{"Cache-Control": {"Public, Max-Age=120, S-MAXAGE=86400, immutable"}}, want: "public, max-age=120, immutable"},
		{name: "private stands", header: map[string][]string{"Cache-Control": {"private"}}, want: "private"},
		{name: "no-store stands", header: map[string][]string{"Cache-Control": {"no-store, s-maxage=5"}}, want: "no-store"},
		{name: "quoted value requoted", header: map[string][]string{"Cache-Control": {`no-cache="Set-Cookie, X-A"`}}, want: `no-cache="Set-Cookie, X-A"`},
		{name: "no header gets the default", header: map[string][]string{"Content-Type": {"text/plain"}}, want: ClientCacheControl},
		{name: "CDN headers removed", header: map[string][]string{
			"Cache-Control":            {"max-age=10"},
			"CDN-Cache-Control":        {"max-age=60"},
			"Vercel-CDN-Cache-Control": {"max-age=3600"},
		}, want: "max-age=10"},
		{name: "CDN header only", header: map[string][]string{"Vercel-CDN-Cache-Control": {"max-age=3600"}}, want: ClientCacheControl},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := http.Header(tt.header)
			before := in.Clone()
			got := ClientHeaders(in)
			if v := got.Values("Cache-Control"); len(v) != 1 || v[0] != tt.want {
				t.Errorf("Cache-Control %q, want %q", v, tt.want)
			}
			for _, h := range []string{HeaderCDNCacheControl, HeaderVercelCDNCacheControl} {
				if got.Get(h) != "" {
					t.Errorf("%s not removed", h)
				}
			}
			if !reflect.DeepEqual(in, before) {
				t.Errorf("input modified: %v", in)
			}
			if ct := in.Get("Content-Type"); ct != "" && got.Get("Content-Type") != ct {
				t.Errorf("other headers lost: %v", got)
			}
		})
	}
	if got := ClientHeaders(nil); got.Get("Cache-Control") != ClientCacheControl {
		t.Errorf("nil header: %v", got)
	}
}
