package netsim

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// CacheStatus is the value of the x-vercel-cache response header
// (R-CACHE-5).
type CacheStatus string

// The x-vercel-cache values the simulated CDN sends. PRERENDER is not used:
// the cache serves function (API route) responses only.
const (
	// CacheMiss: the response came from the origin (and was stored, unless
	// it answers a HEAD request, which GET entries serve).
	CacheMiss CacheStatus = "MISS"
	// CacheHit: served fresh from the cache.
	CacheHit CacheStatus = "HIT"
	// CacheStale: served stale within stale-while-revalidate while one
	// background revalidation runs.
	CacheStale CacheStatus = "STALE"
	// CacheRevalidated: a pragma: no-cache request forced a synchronous
	// refresh.
	CacheRevalidated CacheStatus = "REVALIDATED"
	// CacheBypass: the request or response is not cacheable; Result.Reason
	// says why.
	CacheBypass CacheStatus = "BYPASS"
)

// FromCache reports whether the CDN answered from a stored copy (HIT,
// STALE), at the entry region without running the function.
func (s CacheStatus) FromCache() bool { return s == CacheHit || s == CacheStale }

// HeaderXVercelCache is the response header that carries the CacheStatus.
const HeaderXVercelCache = "X-Vercel-Cache"

// CacheMaxBody is the largest body the CDN stores (R-CACHE-2: 10 MB).
const CacheMaxBody = 10 << 20

// DefaultCacheCapacity is a region cache's default size bound; past it the
// least recently used entries are evicted.
const DefaultCacheCapacity = 64 << 20

// DefaultRevalidateTimeout bounds a background revalidation (in real time).
const DefaultRevalidateTimeout = 30 * time.Second

// cacheMaxEvents is how many events a cache keeps (the latest).
const cacheMaxEvents = 1000

// Request is what the CDN cache needs of a client request (R-CACHE-3).
type Request struct {
	// Method is the HTTP method.
	Method string
	// URL is the request target: path and query as received, e.g.
	// "/api/time?tz=utc".
	URL string
	// Host is the requested host (with port, if any).
	Host string
	// Scheme is "http" or "https".
	Scheme string
	// Deployment identifies the deployment, so that a new deployment does
	// not see the old one's entries.
	Deployment string
	// Route is the route pattern that matched (e.g. "/api/posts/[id]"),
	// remembered by entries for PurgeRoute.
	Route string
	// Header holds the request headers.
	Header http.Header
}

// Response is an origin response, or the response to send to the client.
// Its Body must not be modified once handed to the cache or returned by it.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// Streamed, on an origin response, says the origin already sent it to
	// the client itself, as it went (see OriginMayStore and HeadBypass):
	// the cache does not store it and the caller does not send it again.
	// Body may then hold only what the origin kept of it.
	Streamed bool
}

// Origin runs the handler for the request the cache was asked to serve.
// The cache calls it with the request's context for a MISS, BYPASS or
// REVALIDATED, and with a context of its own, detached from the request
// and bounded by the revalidation timeout, for a background revalidation,
// possibly after Serve has returned: it must not depend on the client
// connection.
//
// A CDN passes a response it will not store straight through, streamed,
// rather than holding it back whole. An origin called for a client
// request may do the same: when OriginMayStore(ctx) is false, or when the
// response's head already rules storing out (HeadBypass), it may write the
// response to the client itself and return it marked Streamed.
type Origin func(ctx context.Context) (Response, error)

// originStoreKey is the context key of OriginMayStore's answer.
type originStoreKey struct{}

// OriginMayStore reports whether the response of the origin call made
// with ctx may be kept: false when the request bypasses the cache
// (R-CACHE-2), so that the response passes through as BYPASS whatever it
// is. (A HEAD's response is judged like a GET's, though only a GET fills
// the cache.) It is false too for a context the cache did not make for an
// origin call.
func OriginMayStore(ctx context.Context) bool {
	may, _ := ctx.Value(originStoreKey{}).(bool)
	return may
}

// HeadBypass says why a response with this status and these headers
// cannot be stored, judged from its head alone (R-CACHE-1, R-CACHE-2): ""
// when it may be, subject to its body's size, known only at its end.
func HeadBypass(status int, header http.Header) string {
	_, why := cacheResponseBypass(Response{Status: status, Header: header}, ParseCachePolicy(header))
	return why
}

// Result is the cache's answer to one request.
type Result struct {
	// Response is what to send to the client: headers transformed per
	// R-CACHE-4, X-Vercel-Cache set, Age set for cached copies, and no body
	// for HEAD.
	Response Response
	// Status is the X-Vercel-Cache value.
	Status CacheStatus
	// Reason explains a BYPASS, a MISS (e.g. after expiry), a STALE and a
	// REVALIDATED.
	Reason string
	// Key is the cache key (R-CACHE-3), with the Vary values when the entry
	// varies.
	Key string
	// Age is the served entry's age on the cache clock (0 when the origin
	// answered).
	Age time.Duration
	// At is when the cache answered, on its clock.
	At time.Time
	// Streamed says the origin sent the response to the client itself
	// (Response.Streamed): the caller must not send it again.
	Streamed bool
	// Revalidated, for STALE, is closed when the background revalidation
	// serving this key has finished (whatever its outcome); nil otherwise.
	Revalidated <-chan struct{}
	// Window is the lifetime of the entry that answered (HIT, STALE) or
	// was stored (MISS, REVALIDATED); zero when no entry was involved.
	Window Window
}

// Window is a stored entry's lifetime on the cache clock (R-CACHE-1,
// R-CACHE-5): fresh from StoredAt until FreshUntil, then servable stale
// until StaleUntil.
type Window struct {
	StoredAt   time.Time `json:"storedAt"`
	FreshUntil time.Time `json:"freshUntil"`
	StaleUntil time.Time `json:"staleUntil"`
}

// IsZero reports whether the window is unset.
func (w Window) IsZero() bool { return w.StoredAt.IsZero() }

// window is the entry's lifetime.
func (e *cacheEntry) window() Window {
	return Window{StoredAt: e.storedAt, FreshUntil: e.freshUntil(), StaleUntil: e.staleUntil()}
}

// CacheEventKind names a transition on the cache's timeline (R-CACHE-6).
type CacheEventKind string

// The cache event kinds.
const (
	EventStored             CacheEventKind = "stored"
	EventHit                CacheEventKind = "hit"
	EventStale              CacheEventKind = "stale"
	EventRevalidated        CacheEventKind = "revalidated"
	EventRevalidationFailed CacheEventKind = "revalidation-failed"
	EventExpired            CacheEventKind = "expired"
	EventEvicted            CacheEventKind = "evicted"
	EventPurged             CacheEventKind = "purged"
	EventBypass             CacheEventKind = "bypass"
)

// Event is one entry of a cache's timeline (R-CACHE-6).
type Event struct {
	// Time is on the cache's clock.
	Time   time.Time      `json:"time"`
	Region string         `json:"region"`
	Kind   CacheEventKind `json:"kind"`
	Key    string         `json:"key"`
	URL    string         `json:"url"`
	Route  string         `json:"route,omitempty"`
	Reason string         `json:"reason,omitempty"`
}

// EntryInfo describes a stored entry, for the UI.
type EntryInfo struct {
	Key        string    `json:"key"`
	URL        string    `json:"url"`
	Route      string    `json:"route,omitempty"`
	Status     int       `json:"status"`
	Source     string    `json:"source"` // the header that decided (R-CACHE-1)
	StoredAt   time.Time `json:"storedAt"`
	FreshUntil time.Time `json:"freshUntil"`
	StaleUntil time.Time `json:"staleUntil"`
	// State is "fresh", "stale" or "expired" at the time Entries ran.
	State string `json:"state"`
	Size  int64  `json:"size"`
	// Vary maps each Vary header name to the request's value for this
	// variant.
	Vary         map[string]string `json:"vary,omitempty"`
	Revalidating bool              `json:"revalidating"`
}

// CacheOption configures NewCache.
type CacheOption func(*Cache)

// WithCapacity sets the cache's size bound in bytes (default
// DefaultCacheCapacity).
func WithCapacity(bytes int64) CacheOption {
	return func(c *Cache) { c.capacity = bytes }
}

// WithRevalidateTimeout sets how long a background revalidation may run
// (default DefaultRevalidateTimeout).
func WithRevalidateTimeout(d time.Duration) CacheOption {
	return func(c *Cache) { c.revalidateTimeout = d }
}

// Cache is one region's CDN cache (SPEC §8). It runs on a Clock, so that
// a simulated clock can pause, step and fast-forward it (R-CACHE-6). Its
// methods are safe for concurrent use.
type Cache struct {
	region            string
	clock             Clock
	capacity          int64
	revalidateTimeout time.Duration

	mu      sync.Mutex
	entries map[string]*cacheEntry // by variant key
	// varyNames maps a base key to the Vary header names of its latest
	// stored response (lower case, sorted).
	varyNames map[string][]string
	lru       *list.List // of *cacheEntry, most recent first
	size      int64
	events    []Event // ring of the latest cacheMaxEvents
	eventHead int     // index of the oldest event once the ring is full
	bg        sync.WaitGroup
}

// cacheEntry is one stored response.
type cacheEntry struct {
	key, base    string
	url, route   string
	resp         Response
	policy       CachePolicy
	storedAt     time.Time
	vary         map[string]string
	size         int64
	elem         *list.Element
	revalidation chan struct{} // non-nil while a background revalidation runs
}

func (e *cacheEntry) freshUntil() time.Time { return e.storedAt.Add(e.policy.MaxAge) }
func (e *cacheEntry) staleUntil() time.Time {
	return e.storedAt.Add(e.policy.MaxAge + e.policy.StaleWhileRevalidate)
}

// NewCache returns an empty cache for a region, running on clock.
func NewCache(region string, clock Clock, opts ...CacheOption) *Cache {
	c := &Cache{
		region:            region,
		clock:             clock,
		capacity:          DefaultCacheCapacity,
		revalidateTimeout: DefaultRevalidateTimeout,
		entries:           map[string]*cacheEntry{},
		varyNames:         map[string][]string{},
		lru:               list.New(),
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Region returns the id of the region the cache belongs to.
func (c *Cache) Region() string { return c.region }

// Serve answers a request through the cache (SPEC §8): from a stored
// entry when there is a fresh one (HIT) or a stale one within
// stale-while-revalidate (STALE, starting one background revalidation per
// entry), otherwise from origin, storing the response when it is cacheable
// (MISS) or not (BYPASS, with the reason). A pragma: no-cache request
// refreshes synchronously (REVALIDATED). The error is origin's, wrapped.
func (c *Cache) Serve(ctx context.Context, req Request, origin Origin) (Result, error) {
	base := cacheBaseKey(req)
	if reason := cacheRequestBypass(req); reason != "" {
		return c.fromOrigin(ctx, req, origin, base, CacheBypass, reason)
	}
	if cachePragmaNoCache(req.Header) {
		return c.fromOrigin(ctx, req, origin, base, CacheRevalidated, "pragma: no-cache request forced a synchronous refresh")
	}

	c.mu.Lock()
	now := c.clock.Now()
	key := cacheVariantKey(base, c.varyNames[base], req.Header)
	missReason := "not in the cache"
	if e := c.entries[key]; e != nil {
		age := now.Sub(e.storedAt)
		switch {
		case now.Before(e.freshUntil()):
			c.lru.MoveToFront(e.elem)
			c.record(now, EventHit, e, "fresh for "+e.freshUntil().Sub(now).String())
			res := c.cachedResult(req, e, CacheHit, "", age)
			c.mu.Unlock()
			return res, nil
		case now.Before(e.staleUntil()):
			c.lru.MoveToFront(e.elem)
			reason := fmt.Sprintf("age %v is past the %v lifetime (%s); may serve stale for %v more", age, e.policy.MaxAge, e.policy.Source, e.staleUntil().Sub(now))
			if e.revalidation == nil {
				e.revalidation = make(chan struct{})
				c.bg.Add(1)
				bgReq := req
				bgReq.Header = req.Header.Clone()
				go c.revalidate(bgReq, e, origin)
				reason += "; background revalidation started"
			} else {
				reason += "; background revalidation already running"
			}
			c.record(now, EventStale, e, reason)
			res := c.cachedResult(req, e, CacheStale, reason, age)
			res.Revalidated = e.revalidation
			c.mu.Unlock()
			return res, nil
		default:
			missReason = fmt.Sprintf("expired: age %v is past %s's lifetime %v + stale-while-revalidate %v", age, e.policy.Source, e.policy.MaxAge, e.policy.StaleWhileRevalidate)
			c.remove(e)
			c.record(now, EventExpired, e, missReason)
		}
	}
	c.mu.Unlock()
	return c.fromOrigin(ctx, req, origin, base, CacheMiss, missReason)
}

// fromOrigin runs origin synchronously and, unless the request already
// bypasses the cache, stores a cacheable response. want is the status to
// answer with when the response is stored (MISS or REVALIDATED).
func (c *Cache) fromOrigin(ctx context.Context, req Request, origin Origin, base string, want CacheStatus, reason string) (Result, error) {
	resp, err := origin(context.WithValue(ctx, originStoreKey{}, want != CacheBypass))
	if err != nil {
		return Result{}, fmt.Errorf("cdn cache %s: origin for %s %s: %w", c.region, req.Method, req.URL, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	res := Result{Status: want, Reason: reason, Key: base, At: now}
	switch {
	case want == CacheBypass:
		c.record(now, EventBypass, &cacheEntry{key: base, url: req.URL, route: req.Route}, reason)
	default:
		policy := ParseCachePolicy(resp.Header)
		names, why := cacheResponseBypass(resp, policy)
		if why == "" && resp.Streamed {
			why = "the origin streamed the response through without letting the cache keep it"
		}
		if why == "" && c.capacity > 0 && cacheEntrySize(resp) > c.capacity {
			why = fmt.Sprintf("the response (%d bytes) is larger than the cache (%d bytes)", cacheEntrySize(resp), c.capacity)
		}
		if why != "" {
			res.Status, res.Reason = CacheBypass, why
			if old := c.entries[cacheVariantKey(base, c.varyNames[base], req.Header)]; old != nil {
				c.remove(old)
				c.record(now, EventEvicted, old, "the refreshed response is not cacheable: "+why)
			}
			c.record(now, EventBypass, &cacheEntry{key: base, url: req.URL, route: req.Route}, why)
			break
		}
		if strings.EqualFold(req.Method, http.MethodHead) {
			// GET entries answer HEAD requests (R-CACHE-3's method class);
			// a HEAD response has no body to store for them.
			res.Key = cacheVariantKey(base, c.varyNames[base], req.Header)
			res.Reason = reason + "; HEAD responses are not stored, a GET fills the cache"
			break
		}
		e := c.store(now, req, base, names, resp, policy)
		res.Key, res.Window = e.key, e.window()
		kind := EventStored
		if want == CacheRevalidated {
			kind = EventRevalidated
		}
		c.record(now, kind, e, storedReason(policy, reason, want))
		c.evictLRU(now, e)
	}
	res.Streamed = resp.Streamed
	res.Response = Response{Status: resp.Status, Header: ClientHeaders(resp.Header), Body: resp.Body}
	if strings.EqualFold(req.Method, http.MethodHead) {
		res.Response.Body = nil
	}
	res.Response.Header.Set(HeaderXVercelCache, string(res.Status))
	return res, nil
}

// storedReason is the timeline reason for storing a response.
func storedReason(p CachePolicy, reason string, status CacheStatus) string {
	s := fmt.Sprintf("%s: fresh for %v, stale-while-revalidate %v", p.Source, p.MaxAge, p.StaleWhileRevalidate)
	if status == CacheRevalidated {
		return reason + "; " + s
	}
	return s
}

// revalidate is the background revalidation of a stale entry (R-CACHE-5):
// it runs origin on a context detached from the request and replaces the
// entry with a cacheable response, drops it when the response is not
// cacheable, and keeps serving the stale copy until it expires when origin
// fails (an error or a 5xx status).
func (c *Cache) revalidate(req Request, e *cacheEntry, origin Origin) {
	defer c.bg.Done()
	ctx, cancel := context.WithTimeout(context.Background(), c.revalidateTimeout)
	resp, err := origin(context.WithValue(ctx, originStoreKey{}, true))
	cancel()
	if err == nil && resp.Streamed {
		err = errors.New("a background revalidation has no client to stream to")
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	done := e.revalidation
	defer close(done)
	now := c.clock.Now()
	current := c.entries[e.key] == e
	e.revalidation = nil
	switch {
	case err != nil:
		c.record(now, EventRevalidationFailed, e, fmt.Sprintf("background revalidation failed: %v; serving stale until %v", err, e.staleUntil().Format(time.RFC3339)))
		return
	case resp.Status >= 500:
		c.record(now, EventRevalidationFailed, e, fmt.Sprintf("background revalidation got status %d; serving stale until %v", resp.Status, e.staleUntil().Format(time.RFC3339)))
		return
	case !current:
		c.record(now, EventRevalidationFailed, e, "the entry was purged, evicted or replaced during background revalidation; its result is discarded")
		return
	}
	policy := ParseCachePolicy(resp.Header)
	names, why := cacheResponseBypass(resp, policy)
	if why == "" && c.capacity > 0 && cacheEntrySize(resp) > c.capacity {
		why = fmt.Sprintf("the response (%d bytes) is larger than the cache (%d bytes)", cacheEntrySize(resp), c.capacity)
	}
	if why != "" {
		c.remove(e)
		c.record(now, EventEvicted, e, "background revalidation returned a response that is not cacheable: "+why)
		return
	}
	n := c.store(now, req, e.base, names, resp, policy)
	c.record(now, EventRevalidated, n, "background revalidation; "+storedReason(policy, "", CacheMiss))
	c.evictLRU(now, n)
}

// store adds or replaces the entry for req; the caller records the event
// and then calls evictLRU. c.mu is held.
func (c *Cache) store(now time.Time, req Request, base string, names []string, resp Response, policy CachePolicy) *cacheEntry {
	if old := c.varyNames[base]; !slices.Equal(old, names) {
		for _, o := range c.entries {
			if o.base == base {
				c.remove(o)
				c.record(now, EventEvicted, o, fmt.Sprintf("Vary changed from %q to %q", strings.Join(old, ", "), strings.Join(names, ", ")))
			}
		}
		if names == nil {
			delete(c.varyNames, base)
		} else {
			c.varyNames[base] = names
		}
	}
	key := cacheVariantKey(base, names, req.Header)
	if old := c.entries[key]; old != nil {
		c.remove(old)
	}
	e := &cacheEntry{
		key: key, base: base, url: req.URL, route: req.Route,
		resp:     Response{Status: resp.Status, Header: resp.Header.Clone(), Body: resp.Body},
		policy:   policy,
		storedAt: now,
		size:     cacheEntrySize(resp),
	}
	if len(names) > 0 {
		e.vary = make(map[string]string, len(names))
		for _, n := range names {
			e.vary[http.CanonicalHeaderKey(n)] = strings.Join(req.Header.Values(n), ", ")
		}
	}
	e.elem = c.lru.PushFront(e)
	c.entries[key] = e
	c.size += e.size
	return e
}

// evictLRU evicts least recently used entries, never keep, while the
// cache is over its capacity. c.mu is held.
func (c *Cache) evictLRU(now time.Time, keep *cacheEntry) {
	for c.capacity > 0 && c.size > c.capacity {
		victim := c.lru.Back().Value.(*cacheEntry)
		if victim == keep {
			return
		}
		c.remove(victim)
		c.record(now, EventEvicted, victim, fmt.Sprintf("least recently used; the cache holds at most %d bytes", c.capacity))
	}
}

// remove takes an entry out of the cache. c.mu is held.
func (c *Cache) remove(e *cacheEntry) {
	if c.entries[e.key] != e {
		return
	}
	delete(c.entries, e.key)
	c.lru.Remove(e.elem)
	c.size -= e.size
}

// cachedResult builds the answer from a stored entry. c.mu is held.
func (c *Cache) cachedResult(req Request, e *cacheEntry, status CacheStatus, reason string, age time.Duration) Result {
	h := ClientHeaders(e.resp.Header)
	h.Set(HeaderXVercelCache, string(status))
	h.Set("Age", strconv.FormatInt(int64(age/time.Second), 10))
	body := e.resp.Body
	if strings.EqualFold(req.Method, http.MethodHead) {
		body = nil
	}
	return Result{
		Response: Response{Status: e.resp.Status, Header: h, Body: body},
		Status:   status,
		Reason:   reason,
		Key:      e.key,
		Age:      age,
		Window:   e.window(),
		At:       e.storedAt.Add(age),
	}
}

// record appends an event to the bounded timeline. c.mu is held.
func (c *Cache) record(now time.Time, kind CacheEventKind, e *cacheEntry, reason string) {
	ev := Event{Time: now, Region: c.region, Kind: kind, Key: e.key, URL: e.url, Route: e.route, Reason: reason}
	if len(c.events) < cacheMaxEvents {
		c.events = append(c.events, ev)
		return
	}
	c.events[c.eventHead] = ev
	c.eventHead = (c.eventHead + 1) % cacheMaxEvents
}

// Events returns the timeline, oldest first (the latest 1000 events).
func (c *Cache) Events() []Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Event, 0, len(c.events))
	out = append(out, c.events[c.eventHead:]...)
	return append(out, c.events[:c.eventHead]...)
}

// Entries describes the stored entries, sorted by key.
func (c *Cache) Entries() []EntryInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	out := make([]EntryInfo, 0, len(c.entries))
	for _, e := range c.entries {
		state := "fresh"
		if !now.Before(e.staleUntil()) {
			state = "expired"
		} else if !now.Before(e.freshUntil()) {
			state = "stale"
		}
		out = append(out, EntryInfo{
			Key: e.key, URL: e.url, Route: e.route, Status: e.resp.Status, Source: e.policy.Source,
			StoredAt: e.storedAt, FreshUntil: e.freshUntil(), StaleUntil: e.staleUntil(),
			State: state, Size: e.size, Vary: e.vary, Revalidating: e.revalidation != nil,
		})
	}
	slices.SortFunc(out, func(a, b EntryInfo) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// Size returns the bytes the entries take.
func (c *Cache) Size() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

// Sweep removes the entries past their stale-while-revalidate window, each
// with an "expired" event, and returns how many it removed; call it after
// moving the clock so that the timeline shows expiries when they happen
// rather than at the next request.
func (c *Cache) Sweep() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	n := 0
	for _, e := range c.entries {
		if !now.Before(e.staleUntil()) {
			c.remove(e)
			c.record(now, EventExpired, e, fmt.Sprintf("past %s's lifetime %v + stale-while-revalidate %v", e.policy.Source, e.policy.MaxAge, e.policy.StaleWhileRevalidate))
			n++
		}
	}
	return n
}

// purge removes the entries match selects, with reason. It returns how
// many it removed.
func (c *Cache) purge(reason string, match func(*cacheEntry) bool) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	var victims []*cacheEntry
	for _, e := range c.entries {
		if match(e) {
			victims = append(victims, e)
		}
	}
	slices.SortFunc(victims, func(a, b *cacheEntry) int { return strings.Compare(a.key, b.key) })
	for _, e := range victims {
		c.remove(e)
		c.record(now, EventPurged, e, reason)
	}
	return len(victims)
}

// Purge removes every entry and returns how many it removed.
func (c *Cache) Purge() int {
	return c.purge("purge all", func(*cacheEntry) bool { return true })
}

// PurgeRoute removes the entries stored for a route pattern (Request.Route)
// and returns how many it removed.
func (c *Cache) PurgeRoute(pattern string) int {
	return c.purge("purge route "+pattern, func(e *cacheEntry) bool { return e.route == pattern })
}

// PurgeURL removes the entries for a request target (Request.URL) and
// returns how many it removed: a target with a query matches exactly, a
// bare path matches that path with any query.
func (c *Cache) PurgeURL(url string) int {
	return c.purge("purge URL "+url, func(e *cacheEntry) bool {
		if e.url == url {
			return true
		}
		path, _, hasQuery := strings.Cut(e.url, "?")
		return hasQuery && !strings.Contains(url, "?") && path == url
	})
}

// WaitIdle waits until no background revalidation runs.
func (c *Cache) WaitIdle() {
	c.bg.Wait()
}

// cacheBaseKey is R-CACHE-3's key without the Vary values: method class
// (HEAD shares GET's entries), scheme, host, URL with query, deployment.
func cacheBaseKey(req Request) string {
	method := strings.ToUpper(req.Method)
	if method == http.MethodHead {
		method = http.MethodGet
	}
	return method + " " + req.Scheme + "://" + req.Host + req.URL + " deployment=" + req.Deployment
}

// cacheVariantKey adds the request's values of the Vary headers to a base
// key.
func cacheVariantKey(base string, names []string, h http.Header) string {
	if len(names) == 0 {
		return base
	}
	var b strings.Builder
	b.WriteString(base)
	b.WriteString(" vary")
	for _, n := range names {
		b.WriteString(" " + n + "=" + strconv.Quote(strings.Join(h.Values(n), ", ")))
	}
	return b.String()
}

// cacheRequestBypass says why a request is never served from the cache
// (R-CACHE-2), or "".
func cacheRequestBypass(req Request) string {
	switch m := strings.ToUpper(req.Method); {
	case m != http.MethodGet && m != http.MethodHead:
		return "method " + m + " is not cached (only GET and HEAD are)"
	case cacheHeaderValues(req.Header, "Authorization") != nil:
		return "the request has an Authorization header"
	case cacheHeaderValues(req.Header, "Range") != nil:
		return "the request has a Range header"
	}
	return ""
}

// cachePragmaNoCache reports a pragma: no-cache request header.
func cachePragmaNoCache(h http.Header) bool {
	for _, d := range parseCacheDirectives(cacheHeaderValues(h, "Pragma")) {
		if d.name == "no-cache" {
			return true
		}
	}
	return false
}

// cacheResponseBypass checks a response against R-CACHE-1 and R-CACHE-2.
// It returns the response's Vary names (lower case, sorted, deduplicated)
// and "" when it may be stored, or why not.
func cacheResponseBypass(resp Response, p CachePolicy) (vary []string, why string) {
	if !p.Cacheable {
		return nil, p.Reason
	}
	switch resp.Status {
	case http.StatusOK, http.StatusNotFound, http.StatusMovedPermanently, http.StatusPermanentRedirect:
	default:
		return nil, fmt.Sprintf("status %d is never cached (only 200, 404, 301 and 308 are)", resp.Status)
	}
	if len(resp.Body) > CacheMaxBody {
		return nil, fmt.Sprintf("the body (%d bytes) is larger than 10 MB", len(resp.Body))
	}
	if cacheHeaderValues(resp.Header, "Set-Cookie") != nil {
		return nil, "the response has a Set-Cookie header, which made it uncacheable (remove Set-Cookie to let the CDN cache it)"
	}
	for _, v := range cacheHeaderValues(resp.Header, "Vary") {
		for _, n := range strings.Split(v, ",") {
			n = strings.ToLower(strings.TrimSpace(n))
			switch n {
			case "":
				continue
			case "*":
				return nil, "Vary: * is never cached"
			case "cookie":
				return nil, "Vary: Cookie is never cached"
			}
			if !slices.Contains(vary, n) {
				vary = append(vary, n)
			}
		}
	}
	slices.Sort(vary)
	return vary, ""
}

// cacheEntrySize approximates the bytes an entry takes: body and headers.
func cacheEntrySize(resp Response) int64 {
	n := int64(len(resp.Body))
	for k, vs := range resp.Header {
		for _, v := range vs {
			n += int64(len(k) + len(v) + 4)
		}
	}
	return n
}
