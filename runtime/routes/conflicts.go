package routes

import "fmt"

// Conflict reports files whose routes Next.js refuses to build (R-ROUTE-2):
// two files that resolve to the same route, an optional catch-all beside an
// index, and the route-tree errors of Next.js 15.5's route sorter
// (different parameter names for one dynamic folder, a required and an
// optional catch-all side by side, a repeated parameter name, a catch-all
// that is not last, a malformed parameter name). A conflict about a single
// file leaves Files[1] empty.
type Conflict struct {
	// Pattern is the route at issue (the second file's route when two
	// files are named).
	Pattern string
	// Files are the files involved, in scan order; Files[1] is empty when
	// the conflict is about one file.
	Files [2]string
	// Message is Next.js's build error, word for word; empty for the two
	// cases Edgeplay words itself (two files resolve to one route).
	Message string
	// Fix says in a few words how to resolve the conflict; set with Message.
	Fix string
}

// Error describes the conflict naming its files: Next.js's message and the
// fix when there is one, else the files and the route they both claim.
func (c Conflict) Error() string {
	switch {
	case c.Message == "":
		return fmt.Sprintf("conflicting routes: %s and %s both resolve to %s; rename or remove one", c.Files[0], c.Files[1], c.Pattern)
	case c.Files[1] == "":
		return fmt.Sprintf("invalid route %s: %s Fix: %s.", c.Files[0], c.Message, c.Fix)
	}
	return fmt.Sprintf("conflicting routes: %s and %s: %s Fix: %s.", c.Files[0], c.Files[1], c.Message, c.Fix)
}

// ConflictFor returns the first conflict that involves file, if any.
func (t *Table) ConflictFor(file string) (Conflict, bool) {
	for _, c := range t.Conflicts {
		if file != "" && (c.Files[0] == file || c.Files[1] == file) {
			return c, true
		}
	}
	return Conflict{}, false
}

// issue is what Next.js refuses in one segment's name: its message and a
// short fix.
type issue struct {
	msg, fix string
}

// optionalCatchAllConflicts finds an optional catch-all beside an index
// route of the same folder: both would answer the folder's own path, which
// Next.js refuses (R-ROUTE-2).
func optionalCatchAllConflicts(rs []Route) []Conflict {
	byKey := map[string]Route{}
	for _, r := range rs {
		byKey[shapeKey(r.Segments)] = r
	}
	var out []Conflict
	for _, r := range rs {
		n := len(r.Segments)
		if n == 0 || r.Segments[n-1].Kind != OptionalCatchAll {
			continue
		}
		if index, ok := byKey[shapeKey(r.Segments[:n-1])]; ok {
			out = append(out, Conflict{Pattern: index.Pattern, Files: [2]string{index.File, r.File}})
		}
	}
	return out
}

// treeLevel is what one folder of the route tree has seen so far: the
// parameter name (and the file that set it) of its [name] child, its
// [...name] child and its [[...name]] child.
type treeLevel struct {
	names [3]string // indexed by kind - Dynamic
	files [3]string
}

// treeConflicts checks rs, in scan order, as Next.js 15.5's route sorter
// checks one router's routes before it builds (R-ROUTE-2), reporting the
// first error of each route as Next.js would meet it, segment by segment:
// a segment after a catch-all, a malformed parameter name, a required and
// an optional catch-all in one folder, two parameter names for one
// dynamic folder, and a parameter name used twice in one path. Each
// router's tree is checked alone; Merge adds the cross-router duplicates.
func treeConflicts(rs []Route) []Conflict {
	levels := map[string]*treeLevel{}
	var out []Conflict
	for _, r := range rs {
		if c, bad := treeConflict(r, levels); bad {
			out = append(out, c)
		}
	}
	return out
}

// treeConflict walks r's segments through levels, recording its parameter
// names, and returns the first error Next.js would raise for it.
func treeConflict(r Route, levels map[string]*treeLevel) (Conflict, bool) {
	one := func(msg, fix string) (Conflict, bool) {
		return Conflict{Pattern: r.Pattern, Files: [2]string{r.File}, Message: msg, Fix: fix}, true
	}
	two := func(other, msg, fix string) (Conflict, bool) {
		return Conflict{Pattern: r.Pattern, Files: [2]string{other, r.File}, Message: msg, Fix: fix}, true
	}
	var names []string
	for i, s := range r.Segments {
		if i > 0 && (r.Segments[i-1].Kind == CatchAll || r.Segments[i-1].Kind == OptionalCatchAll) {
			return one("Catch-all must be the last part of the URL.", "make the catch-all folder the last part of the path")
		}
		if is := r.issueAt(i); is != nil {
			return one(is.msg, is.fix)
		}
		if s.Kind == Static {
			continue
		}
		key := shapeKey(r.Segments[:i])
		lv := levels[key]
		if lv == nil {
			lv = &treeLevel{}
			levels[key] = lv
		}
		k := int(s.Kind - Dynamic)
		switch {
		case s.Kind == OptionalCatchAll && lv.names[CatchAll-Dynamic] != "":
			return two(lv.files[CatchAll-Dynamic],
				fmt.Sprintf("You cannot use both an required and optional catch-all route at the same level (\"[...%s]\" and \"%s\" ).", lv.names[CatchAll-Dynamic], joinPattern(r.Segments[i:i+1])),
				"remove or rename one of them; the optional catch-all also matches everything the required one does")
		case s.Kind == CatchAll && lv.names[OptionalCatchAll-Dynamic] != "":
			return two(lv.files[OptionalCatchAll-Dynamic],
				fmt.Sprintf("You cannot use both an optional and required catch-all route at the same level (\"[[...%s]]\" and \"%s\").", lv.names[OptionalCatchAll-Dynamic], joinPattern(r.Segments[i:i+1])),
				"remove or rename one of them; the optional catch-all also matches everything the required one does")
		case lv.names[k] != "" && lv.names[k] != s.Value:
			return two(lv.files[k],
				fmt.Sprintf("You cannot use different slug names for the same dynamic path ('%s' !== '%s').", lv.names[k], s.Value),
				fmt.Sprintf("rename one of them so both use the same parameter name (%q or %q)", lv.names[k], s.Value))
		}
		for _, prev := range names {
			if prev == s.Value {
				return one(fmt.Sprintf("You cannot have the same slug name \"%s\" repeat within a single dynamic path", s.Value),
					"rename one of the two parameters")
			}
			if wordChars(prev) == wordChars(s.Value) {
				return one(fmt.Sprintf("You cannot have the slug names \"%s\" and \"%s\" differ only by non-word symbols within a single dynamic path", prev, s.Value),
					"rename one of the two parameters")
			}
		}
		names = append(names, s.Value)
		if lv.names[k] == "" {
			lv.names[k], lv.files[k] = s.Value, r.File
		}
	}
	return Conflict{}, false
}

// wordChars keeps the ASCII letters, digits and underscores of s, as
// JavaScript's /\W/g replacement (without the u flag) does.
func wordChars(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			b = append(b, c)
		}
	}
	return string(b)
}
