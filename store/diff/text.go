package diff

import (
	"bytes"
	"fmt"
	"strings"
)

// LineKind says whether a Line is in both bodies or only in one.
type LineKind string

// Line kinds.
const (
	LineEqual  LineKind = "equal"  // in both (context)
	LineInsert LineKind = "insert" // only in the new body
	LineDelete LineKind = "delete" // only in the old body
)

// Line is one line of a text diff, without its line terminator.
type Line struct {
	Kind LineKind `json:"kind"`
	Text string   `json:"text"`
	// Old and New are the 1-based line numbers in the old and new body;
	// 0 for the side the line is not in.
	Old int `json:"old,omitempty"`
	New int `json:"new,omitempty"`
}

// Hunk is a run of changed lines with their surrounding context, as in a
// unified diff. OldStart and NewStart are 1-based; when a side has no
// lines in the hunk its start is the number of the line before the hunk
// (0 at the beginning of the body), as GNU diff writes it.
type Hunk struct {
	OldStart int    `json:"oldStart"`
	OldLines int    `json:"oldLines"`
	NewStart int    `json:"newStart"`
	NewLines int    `json:"newLines"`
	Lines    []Line `json:"lines"`
}

// DefaultContext is the number of unchanged lines shown around changes.
const DefaultContext = 3

// splitLines splits a text body into lines. Lines end at "\n"; a "\r"
// before it is dropped, so that CRLF and LF bodies compare line by line;
// a final "\n" does not start an empty last line.
func splitLines(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	s := string(b)
	s = strings.TrimSuffix(s, "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// intern maps equal strings to equal small ints, shared across calls.
type interner map[string]int

func (in interner) ids(ss []string) []int {
	out := make([]int, len(ss))
	for i, s := range ss {
		id, ok := in[s]
		if !ok {
			id = len(in)
			in[s] = id
		}
		out[i] = id
	}
	return out
}

// diffText fills d's text fields from the line diff of a and b.
func diffText(d *BodyDiff, a, b []byte, context int, approx bool) {
	la, lb := splitLines(a), splitLines(b)
	if len(la) > MaxExactLines || len(lb) > MaxExactLines {
		if !approx {
			d.Fallback = fmt.Sprintf("more than %d lines: anchored line diff", MaxExactLines)
		}
		approx = true
	}
	in := interner{}
	ops, used := diffSeq(in.ids(la), in.ids(lb), approx)
	if used {
		d.Approximate = true
		if d.Fallback == "" {
			d.Fallback = fmt.Sprintf("more than %d changed lines: anchored line diff", MaxExactEdits)
		}
	}
	d.Hunks = hunks(ops, la, lb, context)
	if len(d.Hunks) == 0 && !bytes.Equal(a, b) {
		d.LineEndingsOnly = true
	}
}

// hunks groups an edit script into hunks with context lines either side
// of each change; a negative context puts every line in one hunk.
func hunks(ops []opKind, a, b []string, context int) []Hunk {
	lines := make([]Line, 0, len(ops))
	i, j := 0, 0
	var changes []int // indexes in lines of inserted or deleted lines
	for _, op := range ops {
		switch op {
		case opEqual:
			lines = append(lines, Line{Kind: LineEqual, Text: a[i], Old: i + 1, New: j + 1})
			i++
			j++
		case opDelete:
			changes = append(changes, len(lines))
			lines = append(lines, Line{Kind: LineDelete, Text: a[i], Old: i + 1})
			i++
		case opInsert:
			changes = append(changes, len(lines))
			lines = append(lines, Line{Kind: LineInsert, Text: b[j], New: j + 1})
			j++
		}
	}
	if len(changes) == 0 {
		return nil
	}
	if context < 0 {
		return []Hunk{makeHunk(lines, 0, len(lines))}
	}
	var out []Hunk
	start := max(0, changes[0]-context)
	last := changes[0]
	for _, c := range changes[1:] {
		if c-last-1 > 2*context {
			out = append(out, makeHunk(lines, start, last+context+1))
			start = c - context
		}
		last = c
	}
	return append(out, makeHunk(lines, start, min(len(lines), last+context+1)))
}

func makeHunk(lines []Line, from, to int) Hunk {
	h := Hunk{Lines: lines[from:to:to]}
	oldBefore, newBefore := 0, 0
	// The line numbers before the hunk: scan back to the nearest line that
	// has one (the context lines around a change have both).
	for k := from - 1; k >= 0 && (oldBefore == 0 || newBefore == 0); k-- {
		if oldBefore == 0 && lines[k].Old > 0 {
			oldBefore = lines[k].Old
		}
		if newBefore == 0 && lines[k].New > 0 {
			newBefore = lines[k].New
		}
	}
	for _, l := range h.Lines {
		if l.Old > 0 {
			h.OldLines++
		}
		if l.New > 0 {
			h.NewLines++
		}
	}
	h.OldStart, h.NewStart = oldBefore, newBefore
	if h.OldLines > 0 {
		h.OldStart++
	}
	if h.NewLines > 0 {
		h.NewStart++
	}
	return h
}

// Unified renders the text diff as a unified diff with "a" and "b" as the
// file names; "" when the bodies were not compared as text or have no
// differing lines. Line terminators are normalised to "\n" and a missing
// final newline is not marked.
func (d BodyDiff) Unified() string {
	if len(d.Hunks) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString("--- a\n+++ b\n")
	for _, h := range d.Hunks {
		fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(h.OldStart, h.OldLines), hunkRange(h.NewStart, h.NewLines))
		for _, l := range h.Lines {
			switch l.Kind {
			case LineEqual:
				sb.WriteByte(' ')
			case LineDelete:
				sb.WriteByte('-')
			case LineInsert:
				sb.WriteByte('+')
			}
			sb.WriteString(l.Text)
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// hunkRange formats "start,count", omitting ",1" as GNU diff does.
func hunkRange(start, n int) string {
	if n == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}
