// Package diff compares two recorded exchanges of the request history, the
// "replay and diff against the original" view (issue 7): the responses
// (status, headers, body) with Exchanges and the requests (method, URL,
// headers, body) with Requests.
//
// Bodies are compared structurally when both are JSON (see JSONChange), as
// lines when both are UTF-8 text (see Hunk and BodyDiff.Unified), and
// otherwise as bytes. The work is bounded: an exact line or array diff is
// a Myers diff capped at MaxExactEdits edits; beyond that, or for inputs
// over MaxExactLines lines or MaxExactBytes bytes, an anchored
// (patience-style) diff runs in O(n log n + 64·n) and the result is marked
// Approximate with the reason in Fallback. Bodies over MaxTextBytes are
// compared as bytes only. The result is JSON-serialisable for the GUI.
package diff

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"unicode/utf8"

	"edgeplay/store"
)

// Size bounds of the body diff.
const (
	// MaxExactBytes is the largest body diffed exactly. A larger body is
	// not parsed as JSON and its lines are diffed with the anchored
	// fallback.
	MaxExactBytes = 1 << 20
	// MaxExactLines is the most lines (or JSON array elements) diffed
	// exactly; more use the anchored fallback.
	MaxExactLines = 20000
	// MaxTextBytes is the largest body diffed at all; a larger body is
	// compared as bytes only (sizes and first differing offset).
	MaxTextBytes = 16 << 20
)

// DefaultIgnoredHeaders are left out of every header comparison: they
// differ between any two exchanges.
var DefaultIgnoredHeaders = []string{"Date"}

// Options tunes a comparison. The zero value is ready to use.
type Options struct {
	// IgnoreHeaders are header names (any case) left out of the comparison
	// in addition to DefaultIgnoredHeaders, e.g. "X-Vercel-Id".
	IgnoreHeaders []string
	// Context is the number of unchanged lines around each change in a
	// text diff: 0 selects DefaultContext, a negative value puts the whole
	// body in one hunk (for a side-by-side view).
	Context int
}

// Change is a changed string value (method, URL).
type Change struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// StatusChange is a changed response status code.
type StatusChange struct {
	Old int `json:"old"`
	New int `json:"new"`
}

// HeaderChange is a header present in one exchange only, or with different
// values (compared as ordered lists) in the two.
type HeaderChange struct {
	Name string   `json:"name"` // canonical form, e.g. "Content-Type"
	Kind Kind     `json:"kind"`
	Old  []string `json:"old,omitempty"`
	New  []string `json:"new,omitempty"`
}

// BodyMode says how two bodies were compared.
type BodyMode string

// Body comparison modes.
const (
	ModeEmpty  BodyMode = "empty"  // both bodies empty
	ModeJSON   BodyMode = "json"   // both parsed as JSON: BodyDiff.JSON
	ModeText   BodyMode = "text"   // both UTF-8 text: BodyDiff.Hunks
	ModeBinary BodyMode = "binary" // otherwise: sizes and BodyDiff.FirstDiff
)

// BodyDiff is the comparison of two bodies.
type BodyDiff struct {
	Mode BodyMode `json:"mode"`
	// Same reports that no difference was found: for JSON, structural
	// equality (key order, spacing and number spelling aside); for text and
	// binary, equal bytes. When a stored body is truncated, Same means the
	// stored prefixes are the same and the full sizes are equal.
	Same bool `json:"same"`
	// OldSize and NewSize are the full body sizes in bytes; OldStored and
	// NewStored the stored bytes that were compared, less than the full
	// size when OldTruncated or NewTruncated ("compared the stored first N
	// bytes").
	OldSize      int64 `json:"oldSize"`
	NewSize      int64 `json:"newSize"`
	OldStored    int   `json:"oldStored"`
	NewStored    int   `json:"newStored"`
	OldTruncated bool  `json:"oldTruncated"`
	NewTruncated bool  `json:"newTruncated"`
	// FirstDiff is the offset of the first differing stored byte (the
	// shorter length when one body is a prefix of the other); -1 when the
	// stored bodies are equal.
	FirstDiff int64 `json:"firstDiff"`
	// Approximate reports that a bound was hit and a cheaper comparison
	// ran; Fallback says which. An approximate line or array diff is still
	// correct (it turns the old body into the new one) but may not be
	// minimal.
	Approximate bool   `json:"approximate"`
	Fallback    string `json:"fallback,omitempty"`
	// JSON lists the structural changes in ModeJSON, in document order
	// (object keys sorted).
	JSON []JSONChange `json:"json,omitempty"`
	// Hunks are the changed lines with context in ModeText.
	Hunks []Hunk `json:"hunks,omitempty"`
	// LineEndingsOnly reports, in ModeText, bodies whose lines are equal
	// but whose bytes differ: CRLF against LF, or a final newline.
	LineEndingsOnly bool `json:"lineEndingsOnly,omitempty"`
}

// Result is the comparison of two exchanges, one side of them (response
// or request).
type Result struct {
	// Status is the changed response status; nil when equal or when
	// comparing requests.
	Status *StatusChange `json:"status,omitempty"`
	// Method and URL are the changed request line; nil when equal or when
	// comparing responses.
	Method *Change `json:"method,omitempty"`
	URL    *Change `json:"url,omitempty"`
	// Headers are the header differences, sorted by name.
	Headers []HeaderChange `json:"headers"`
	Body    BodyDiff       `json:"body"`
	// Same reports that nothing above differs.
	Same bool `json:"same"`
}

// Exchanges compares the responses of a (old) and b (new): status,
// response headers and response body.
func Exchanges(a, b store.Exchange, opts Options) Result {
	var r Result
	if a.Status != b.Status {
		r.Status = &StatusChange{Old: a.Status, New: b.Status}
	}
	r.Headers = diffHeaders(a.ResponseHeaders, b.ResponseHeaders, opts.IgnoreHeaders)
	r.Body = diffBody(
		side{a.ResponseBody, a.ResponseBodySize, a.ResponseBodyTruncated, a.ResponseHeaders.Get("Content-Type")},
		side{b.ResponseBody, b.ResponseBodySize, b.ResponseBodyTruncated, b.ResponseHeaders.Get("Content-Type")},
		opts)
	r.Same = r.Status == nil && len(r.Headers) == 0 && r.Body.Same
	return r
}

// Requests compares the requests of a (old) and b (new): method, URL,
// request headers and request body.
func Requests(a, b store.Exchange, opts Options) Result {
	var r Result
	if a.Method != b.Method {
		r.Method = &Change{Old: a.Method, New: b.Method}
	}
	if a.URL != b.URL {
		r.URL = &Change{Old: a.URL, New: b.URL}
	}
	r.Headers = diffHeaders(a.RequestHeaders, b.RequestHeaders, opts.IgnoreHeaders)
	r.Body = diffBody(
		side{a.RequestBody, a.RequestBodySize, a.RequestBodyTruncated, a.RequestHeaders.Get("Content-Type")},
		side{b.RequestBody, b.RequestBodySize, b.RequestBodyTruncated, b.RequestHeaders.Get("Content-Type")},
		opts)
	r.Same = r.Method == nil && r.URL == nil && len(r.Headers) == 0 && r.Body.Same
	return r
}

// canonHeaders merges h under canonical names (values of names that
// differ only in case are concatenated in key order), leaving out ignored
// names.
func canonHeaders(h http.Header, ignore map[string]bool) map[string][]string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[string][]string, len(h))
	for _, k := range keys {
		c := http.CanonicalHeaderKey(k)
		if ignore[c] {
			continue
		}
		out[c] = append(out[c], h[k]...)
	}
	return out
}

func diffHeaders(a, b http.Header, ignoreExtra []string) []HeaderChange {
	ignore := make(map[string]bool, len(DefaultIgnoredHeaders)+len(ignoreExtra))
	for _, n := range DefaultIgnoredHeaders {
		ignore[http.CanonicalHeaderKey(n)] = true
	}
	for _, n := range ignoreExtra {
		ignore[http.CanonicalHeaderKey(n)] = true
	}
	ca, cb := canonHeaders(a, ignore), canonHeaders(b, ignore)
	changes := []HeaderChange{}
	for name, av := range ca {
		bv, ok := cb[name]
		switch {
		case !ok:
			changes = append(changes, HeaderChange{Name: name, Kind: Removed, Old: av})
		case !slices.Equal(av, bv):
			changes = append(changes, HeaderChange{Name: name, Kind: Changed, Old: av, New: bv})
		}
	}
	for name, bv := range cb {
		if _, ok := ca[name]; !ok {
			changes = append(changes, HeaderChange{Name: name, Kind: Added, New: bv})
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Name < changes[j].Name })
	return changes
}

// side is one body to compare.
type side struct {
	body        []byte
	size        int64 // full size; 0 means len(body)
	truncated   bool
	contentType string
}

func (s side) fullSize() int64 {
	if s.size > 0 {
		return s.size
	}
	return int64(len(s.body))
}

func diffBody(a, b side, opts Options) BodyDiff {
	d := BodyDiff{
		OldSize: a.fullSize(), NewSize: b.fullSize(),
		OldStored: len(a.body), NewStored: len(b.body),
		OldTruncated: a.truncated, NewTruncated: b.truncated,
		FirstDiff: firstDiff(a.body, b.body),
	}
	sizesOK := d.OldSize == d.NewSize || (!a.truncated && !b.truncated)
	bytesSame := d.FirstDiff < 0 && sizesOK
	context := opts.Context
	if context == 0 {
		context = DefaultContext
	}
	large := len(a.body) > MaxExactBytes || len(b.body) > MaxExactBytes
	switch {
	case len(a.body) == 0 && len(b.body) == 0:
		d.Mode = ModeEmpty
		d.Same = sizesOK
		return d
	case len(a.body) > MaxTextBytes || len(b.body) > MaxTextBytes:
		d.Mode = ModeBinary
		d.Approximate = true
		d.Fallback = fmt.Sprintf("body over %d bytes: compared bytes only", MaxTextBytes)
		d.Same = bytesSame
		return d
	}
	if !large && looksJSON(a.contentType, a.body) && looksJSON(b.contentType, b.body) {
		va, errA := parseJSON(a.body)
		vb, errB := parseJSON(b.body)
		if errA == nil && errB == nil {
			var jd jsonDiffer
			jd.diff("", va, vb)
			d.Mode = ModeJSON
			d.JSON = jd.changes
			if jd.approx {
				d.Approximate = true
				d.Fallback = "large JSON array: anchored element diff"
			}
			d.Same = len(d.JSON) == 0 && sizesOK
			return d
		}
	}
	if isText(a) && isText(b) {
		d.Mode = ModeText
		if large {
			d.Fallback = fmt.Sprintf("body over %d bytes: anchored line diff, JSON not parsed", MaxExactBytes)
		}
		diffText(&d, a.body, b.body, context, large)
		d.Same = bytesSame
		return d
	}
	d.Mode = ModeBinary
	d.Same = bytesSame
	return d
}

// isText reports whether a body is UTF-8 text without NUL bytes; a
// truncated body may end inside a character.
func isText(s side) bool {
	b := s.body
	if bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	if s.truncated {
		// Drop an incomplete final character (at most 3 bytes).
		if i := lastRuneStart(b); i >= 0 && !utf8.FullRune(b[i:]) {
			b = b[:i]
		}
	}
	return utf8.Valid(b)
}

// lastRuneStart returns the index where the last (possibly incomplete)
// UTF-8 sequence of b starts.
func lastRuneStart(b []byte) int {
	i := len(b) - 1
	for i > 0 && len(b)-i < utf8.UTFMax && !utf8.RuneStart(b[i]) {
		i--
	}
	return i
}

// firstDiff returns the offset of the first byte that differs between a
// and b, the shorter length if one is a prefix of the other, or -1.
func firstDiff(a, b []byte) int64 {
	n := min(len(a), len(b))
	// Compare in chunks so that long equal prefixes run at memcmp speed.
	const chunk = 4096
	i := 0
	for i+chunk <= n && bytes.Equal(a[i:i+chunk], b[i:i+chunk]) {
		i += chunk
	}
	for ; i < n; i++ {
		if a[i] != b[i] {
			return int64(i)
		}
	}
	if len(a) != len(b) {
		return int64(n)
	}
	return -1
}

// String summarises a result in one line, for logs and the CLI.
func (r Result) String() string {
	if r.Same {
		return "same"
	}
	s := ""
	add := func(part string) {
		if s != "" {
			s += ", "
		}
		s += part
	}
	if r.Status != nil {
		add("status " + strconv.Itoa(r.Status.Old) + " → " + strconv.Itoa(r.Status.New))
	}
	if r.Method != nil {
		add("method " + r.Method.Old + " → " + r.Method.New)
	}
	if r.URL != nil {
		add("url changed")
	}
	if len(r.Headers) > 0 {
		add(strconv.Itoa(len(r.Headers)) + " header(s)")
	}
	if !r.Body.Same {
		add("body (" + string(r.Body.Mode) + ")")
	}
	return s
}
