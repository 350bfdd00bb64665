package diff

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// Kind is the kind of a header or JSON change.
type Kind string

// Change kinds.
const (
	Added   Kind = "added"   // only in the new exchange
	Removed Kind = "removed" // only in the old exchange
	Changed Kind = "changed" // in both, with different values
)

// JSONChange is one difference between two JSON documents.
type JSONChange struct {
	// Path is a JSON Pointer (RFC 6901) to the value, "" for the whole
	// document. Array indexes are positions in the new array for Added and
	// Changed, and in the old array for Removed.
	Path string `json:"path"`
	Kind Kind   `json:"kind"`
	// Old and New are the values as JSON; Old is absent for Added, New
	// for Removed.
	Old json.RawMessage `json:"old,omitempty"`
	New json.RawMessage `json:"new,omitempty"`
}

// parseJSON decodes b as exactly one JSON value, numbers kept as text.
func parseJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("parse JSON body: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("parse JSON body: data after the value")
	}
	return v, nil
}

// looksJSON reports whether a body with this content type should be tried
// as JSON: a JSON content type (application/json, application/problem+json,
// …), or, whatever the type, text whose first non-space byte opens an
// object or array (a bare "123" in text/plain stays text).
func looksJSON(contentType string, b []byte) bool {
	if strings.Contains(strings.ToLower(contentType), "json") {
		return true
	}
	t := bytes.TrimLeft(b, " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// jsonDiffer accumulates the changes between two decoded JSON values.
type jsonDiffer struct {
	changes []JSONChange
	approx  bool // an array diff used the anchored fallback
}

// escapePointer escapes a key as a JSON Pointer reference token.
func escapePointer(k string) string {
	if !strings.ContainsAny(k, "~/") {
		return k
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
}

func (d *jsonDiffer) add(path string, k Kind, a, b any) {
	c := JSONChange{Path: path, Kind: k}
	if k != Added {
		c.Old = rawJSON(a)
	}
	if k != Removed {
		c.New = rawJSON(b)
	}
	d.changes = append(d.changes, c)
}

func (d *jsonDiffer) diff(path string, a, b any) {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			d.add(path, Changed, a, b)
			return
		}
		keys := make([]string, 0, len(av)+len(bv))
		for k := range av {
			keys = append(keys, k)
		}
		for k := range bv {
			if _, ok := av[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := path + "/" + escapePointer(k)
			x, inA := av[k]
			y, inB := bv[k]
			switch {
			case !inB:
				d.add(p, Removed, x, nil)
			case !inA:
				d.add(p, Added, nil, y)
			default:
				d.diff(p, x, y)
			}
		}
	case []any:
		bv, ok := b.([]any)
		if !ok {
			d.add(path, Changed, a, b)
			return
		}
		d.diffArray(path, av, bv)
	case json.Number:
		if bn, ok := b.(json.Number); !ok || (av != bn && canonNumber(av) != canonNumber(bn)) {
			d.add(path, Changed, a, b)
		}
	default: // string, bool, nil: comparable
		if a != b {
			d.add(path, Changed, a, b)
		}
	}
}

// diffArray matches the elements of a and b by their canonical JSON with
// diffSeq, so that an inserted element is one addition; a run of k removed
// and m added elements between matches is paired up, the first min(k, m)
// diffed in place (a changed field shows as /i/field) and the rest
// reported as removed or added.
func (d *jsonDiffer) diffArray(path string, a, b []any) {
	in := interner{}
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i, x := range a {
		ka[i] = canonJSON(x)
	}
	for i, x := range b {
		kb[i] = canonJSON(x)
	}
	approx := len(a) > MaxExactLines || len(b) > MaxExactLines
	ops, used := diffSeq(in.ids(ka), in.ids(kb), approx)
	d.approx = d.approx || used
	var dels, ins []int
	flush := func() {
		n := min(len(dels), len(ins))
		for k := range n {
			d.diff(path+"/"+strconv.Itoa(ins[k]), a[dels[k]], b[ins[k]])
		}
		for _, i := range dels[n:] {
			d.add(path+"/"+strconv.Itoa(i), Removed, a[i], nil)
		}
		for _, j := range ins[n:] {
			d.add(path+"/"+strconv.Itoa(j), Added, nil, b[j])
		}
		dels, ins = dels[:0], ins[:0]
	}
	i, j := 0, 0
	for _, op := range ops {
		switch op {
		case opEqual:
			flush()
			i++
			j++
		case opDelete:
			dels = append(dels, i)
			i++
		case opInsert:
			ins = append(ins, j)
			j++
		}
	}
	flush()
}

// canonNumber normalises a JSON number so that equal values compare equal
// as strings: 1, 1.0 and 1e0 all become "1"; 100 and 1e2 both "1e+02".
// Values are compared at 256 bits of precision; a number big.Float cannot
// parse (an exponent beyond its range) is kept as written.
func canonNumber(n json.Number) string {
	s := string(n)
	f, _, err := big.ParseFloat(s, 10, 256, big.ToNearestEven)
	if err != nil {
		return s
	}
	if f.Sign() == 0 {
		return "0" // -0 == 0
	}
	return f.Text('g', -1)
}

// canonJSON renders v as canonical JSON: object keys sorted, numbers
// normalised by canonNumber, no insignificant space.
func canonJSON(v any) string {
	var sb strings.Builder
	writeCanon(&sb, v)
	return sb.String()
}

func writeCanon(sb *strings.Builder, v any) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		sb.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(strconv.Quote(k))
			sb.WriteByte(':')
			writeCanon(sb, x[k])
		}
		sb.WriteByte('}')
	case []any:
		sb.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				sb.WriteByte(',')
			}
			writeCanon(sb, e)
		}
		sb.WriteByte(']')
	case json.Number:
		sb.WriteString(canonNumber(x))
	case string:
		sb.WriteString(strconv.Quote(x))
	case bool:
		sb.WriteString(strconv.FormatBool(x))
	default:
		sb.WriteString("null")
	}
}

// rawJSON marshals a decoded value back to compact JSON (object keys
// sorted, numbers as written, HTML characters not escaped).
func rawJSON(v any) json.RawMessage {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Unreachable for values from parseJSON; keep the result valid JSON.
		return json.RawMessage("null")
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}
