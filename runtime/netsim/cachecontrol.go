package netsim

// Cache-control parsing for the CDN cache (SPEC §8, R-CACHE-1 and
// R-CACHE-4).
//
// What Vercel documents, checked while writing this (vercel.com/docs
// "Cache-Control headers", the KB guide "Set cache control headers for
// functions", and the changelog "Proxied responses now cacheable via
// CDN-Cache-Control headers"):
//
//   - Priority when several are set: Vercel-CDN-Cache-Control, then
//     CDN-Cache-Control, then Cache-Control. The winning header alone
//     decides what the CDN does, as RFC 9213 (Targeted HTTP Cache Control)
//     has a targeted cache ignore Cache-Control once its own field is there.
//   - The two CDN-specific headers follow RFC 9213: they carry the standard
//     directives, and their max-age IS the CDN's lifetime (the guide's
//     example "Vercel-CDN-Cache-Control: max-age=3600" "sets the maximum
//     cache duration for Vercel's cache only"; the changelog: "max-age and
//     stale-while-revalidate ... without affecting browser caches"). Since
//     the CDN is a shared cache, an s-maxage in them wins over max-age, as
//     RFC 9111 says for shared caches.
//   - In Cache-Control the CDN uses s-maxage (fresh lifetime, 1 s to
//     31536000 s) and stale-while-revalidate; Vercel's proxy consumes both
//     and does not pass them to the client, which instead receives
//     "public, max-age=0, must-revalidate".
//   - One discrepancy: the KB guide says "Cache-Control: max-age=3600" alone
//     sets the same duration for Vercel, CDNs and the client, while the
//     reference page recommends s-maxage and calls max-age the browser's
//     lifetime. Edgeplay follows SPEC R-CACHE-1: in Cache-Control a max-age
//     alone is a browser directive and the CDN does not cache.

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Header names the CDN reads, in precedence order (R-CACHE-1).
const (
	HeaderVercelCDNCacheControl = "Vercel-CDN-Cache-Control"
	HeaderCDNCacheControl       = "CDN-Cache-Control"
	HeaderCacheControl          = "Cache-Control"
)

// cdnMaxLifetime is the longest lifetime Vercel honours (one year); longer
// values are clamped to it.
const cdnMaxLifetime = 31536000 * time.Second

// ClientCacheControl is what the browser receives when the response set no
// browser max-age of its own (R-CACHE-4).
const ClientCacheControl = "public, max-age=0, must-revalidate"

// CachePolicy is what a response's cache headers tell the CDN
// (R-CACHE-1). It describes the headers only; the request and the rest of
// the response (R-CACHE-2) are checked by Cache.Serve.
type CachePolicy struct {
	// Source is the header that decided: one of the Header* constants, or
	// "" when the response had none of them.
	Source string
	// MaxAge is how long the CDN keeps the response fresh.
	MaxAge time.Duration
	// StaleWhileRevalidate is how long after MaxAge the CDN may still serve
	// the response while it revalidates in the background.
	StaleWhileRevalidate time.Duration
	// Cacheable reports whether the headers allow the CDN to store the
	// response.
	Cacheable bool
	// Reason says why not when Cacheable is false, e.g.
	// "Cache-Control: private".
	Reason string
	// BrowserMaxAge is Cache-Control's max-age, the browser's lifetime, or
	// nil when it sets none.
	BrowserMaxAge *time.Duration
}

// cacheDirective is one directive of a cache-control header; value is
// unquoted and hasValue tells "name" from "name=".
type cacheDirective struct {
	name     string
	value    string
	hasValue bool
}

// parseCacheDirectives splits the values of a cache-control header into
// directives: names are lower-cased, whitespace around names and values is
// dropped, quoted values may contain commas and backslash escapes, and
// empty members (",,") are skipped. It never fails; an unterminated quote
// runs to the end of the header and the value check reports it.
func parseCacheDirectives(values []string) []cacheDirective {
	var out []cacheDirective
	for _, v := range values {
		for i := 0; i < len(v); {
			// Name up to '=' or ','.
			j := i
			for j < len(v) && v[j] != '=' && v[j] != ',' {
				j++
			}
			d := cacheDirective{name: strings.ToLower(strings.TrimSpace(v[i:j]))}
			i = j
			if i < len(v) && v[i] == '=' {
				d.hasValue = true
				i++
				for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
					i++
				}
				if i < len(v) && v[i] == '"' {
					var b strings.Builder
					i++
					for i < len(v) && v[i] != '"' {
						if v[i] == '\\' && i+1 < len(v) {
							i++
						}
						b.WriteByte(v[i])
						i++
					}
					if i < len(v) {
						i++ // closing quote
					}
					d.value = b.String()
					for i < len(v) && v[i] != ',' {
						i++ // junk after the quoted string
					}
				} else {
					j = i
					for j < len(v) && v[j] != ',' {
						j++
					}
					d.value = strings.TrimSpace(v[i:j])
					i = j
				}
			}
			if i < len(v) && v[i] == ',' {
				i++
			}
			if d.name != "" {
				out = append(out, d)
			}
		}
	}
	return out
}

// cacheDirectiveSet indexes directives by name; the first occurrence of a
// repeated directive wins.
type cacheDirectiveSet map[string]cacheDirective

func newCacheDirectiveSet(ds []cacheDirective) cacheDirectiveSet {
	s := make(cacheDirectiveSet, len(ds))
	for _, d := range ds {
		if _, dup := s[d.name]; !dup {
			s[d.name] = d
		}
	}
	return s
}

// seconds reads a delta-seconds directive. present is false when the
// directive is absent; ok is false when its value is not a non-negative
// integer. Values beyond a year are clamped to a year. A valueless
// stale-while-revalidate (which older Next.js versions sent, meaning
// "indefinitely") counts as the maximum.
func (s cacheDirectiveSet) seconds(name string) (d time.Duration, present, ok bool) {
	dir, present := s[name]
	if !present {
		return 0, false, true
	}
	if !dir.hasValue && name == "stale-while-revalidate" {
		return cdnMaxLifetime, true, true
	}
	v := dir.value
	if v == "" {
		return 0, true, false
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return 0, true, false
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n > int64(cdnMaxLifetime/time.Second) {
		// Only digits, so err is overflow: clamp like any long lifetime.
		return cdnMaxLifetime, true, true
	}
	return time.Duration(n) * time.Second, true, true
}

// cacheHeaderValues returns the header's non-blank values. The name is
// matched case-insensitively, so that a header map filled without
// canonical keys (e.g. "CDN-Cache-Control", which canonicalizes to
// "Cdn-Cache-Control") is read all the same.
func cacheHeaderValues(h http.Header, name string) []string {
	var out []string
	for k, vs := range h {
		if !strings.EqualFold(k, name) {
			continue
		}
		for _, v := range vs {
			if strings.TrimSpace(v) != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// cacheHeaderDel deletes a header under any spelling of its name.
func cacheHeaderDel(h http.Header, name string) {
	for k := range h {
		if strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
}

// ParseCachePolicy reads a response's cache headers as Vercel's CDN does
// (R-CACHE-1): the first present of Vercel-CDN-Cache-Control,
// CDN-Cache-Control and Cache-Control decides; private, no-store and
// no-cache forbid caching; in the CDN-specific headers max-age (or
// s-maxage) is the CDN lifetime, in Cache-Control only s-maxage is, and
// stale-while-revalidate adds the window in which a stale copy is served
// while one background revalidation runs. Malformed numbers make the
// response uncacheable with the reason said.
func ParseCachePolicy(h http.Header) CachePolicy {
	var p CachePolicy
	cc := newCacheDirectiveSet(parseCacheDirectives(cacheHeaderValues(h, HeaderCacheControl)))
	if d, present, ok := cc.seconds("max-age"); present && ok {
		p.BrowserMaxAge = &d
	}
	var values []string
	for _, name := range []string{HeaderVercelCDNCacheControl, HeaderCDNCacheControl, HeaderCacheControl} {
		if values = cacheHeaderValues(h, name); values != nil {
			p.Source = name
			break
		}
	}
	if p.Source == "" {
		p.Reason = "the response has no Cache-Control, CDN-Cache-Control or Vercel-CDN-Cache-Control header"
		return p
	}
	dirs := cc
	if p.Source != HeaderCacheControl {
		dirs = newCacheDirectiveSet(parseCacheDirectives(values))
	}
	for _, forbid := range []string{"private", "no-store", "no-cache"} {
		if _, ok := dirs[forbid]; ok {
			p.Reason = p.Source + ": " + forbid
			return p
		}
	}
	lifetimeName := "s-maxage"
	lifetime, present, ok := dirs.seconds("s-maxage")
	if !ok {
		p.Reason = p.Source + ": invalid s-maxage " + strconv.Quote(dirs["s-maxage"].value)
		return p
	}
	if !present && p.Source != HeaderCacheControl {
		lifetimeName = "max-age"
		if lifetime, present, ok = dirs.seconds("max-age"); !ok {
			p.Reason = p.Source + ": invalid max-age " + strconv.Quote(dirs["max-age"].value)
			return p
		}
	}
	swr, swrPresent, ok := dirs.seconds("stale-while-revalidate")
	if !ok {
		p.Reason = p.Source + ": invalid stale-while-revalidate " + strconv.Quote(dirs["stale-while-revalidate"].value)
		return p
	}
	switch {
	case !present && !swrPresent && p.Source == HeaderCacheControl && p.BrowserMaxAge != nil:
		p.Reason = "Cache-Control: max-age is a browser directive; the CDN caches by s-maxage or stale-while-revalidate"
		return p
	case !present && !swrPresent && p.Source == HeaderCacheControl:
		p.Reason = "Cache-Control has no s-maxage or stale-while-revalidate"
		return p
	case !present && !swrPresent:
		p.Reason = p.Source + " has no max-age, s-maxage or stale-while-revalidate"
		return p
	case lifetime == 0 && swr == 0:
		p.Reason = p.Source + ": " + lifetimeName + "=0"
		return p
	}
	p.MaxAge, p.StaleWhileRevalidate, p.Cacheable = lifetime, swr, true
	return p
}

// ClientHeaders returns a copy of a response's headers as the CDN sends
// them to the client (R-CACHE-4): Vercel-CDN-Cache-Control and
// CDN-Cache-Control are removed, s-maxage and stale-while-revalidate are
// removed from Cache-Control, and unless what is left sets a browser
// max-age (or private, no-store or no-cache, which stand as written) the
// browser receives "public, max-age=0, must-revalidate". Vercel's proxy
// consumes those directives for every response, cached or not.
func ClientHeaders(h http.Header) http.Header {
	out := h.Clone()
	if out == nil {
		out = http.Header{}
	}
	cc := cacheHeaderValues(h, HeaderCacheControl)
	cacheHeaderDel(out, HeaderVercelCDNCacheControl)
	cacheHeaderDel(out, HeaderCDNCacheControl)
	cacheHeaderDel(out, HeaderCacheControl)
	var kept []string
	keep := false
	for _, d := range parseCacheDirectives(cc) {
		switch d.name {
		case "s-maxage", "stale-while-revalidate":
			continue
		case "max-age", "private", "no-store", "no-cache":
			keep = true
		}
		kept = append(kept, formatCacheDirective(d))
	}
	if keep {
		out.Set(HeaderCacheControl, strings.Join(kept, ", "))
	} else {
		out.Set(HeaderCacheControl, ClientCacheControl)
	}
	return out
}

// formatCacheDirective writes a directive back, quoting a value that is
// not a plain token.
func formatCacheDirective(d cacheDirective) string {
	if !d.hasValue {
		return d.name
	}
	if d.value != "" && !strings.ContainsAny(d.value, " \t,;=\"\\") {
		return d.name + "=" + d.value
	}
	return d.name + "=" + strconv.Quote(d.value)
}
