// Package routes maps a workspace's pages/api files to URL patterns and
// matches request paths against them, following Next.js's file-system
// routing (SPEC §1: R-ROUTE-1, R-ROUTE-2, R-ROUTE-6, R-ROUTE-7), for the
// pages router's pages/api files and the App Router's route handlers.
package routes

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
)

// SegmentKind says how one path segment of a route matches.
type SegmentKind int

// The kinds of segments, in precedence order (R-ROUTE-2: most specific first).
const (
	Static           SegmentKind = iota // "users"
	Dynamic                             // "[id]": exactly one segment
	CatchAll                            // "[...slug]": one or more segments
	OptionalCatchAll                    // "[[...slug]]": zero or more segments
)

// Segment is one element of a route pattern.
type Segment struct {
	Kind SegmentKind
	// Value is the literal for Static segments and the parameter name otherwise.
	Value string
}

// Route is one API route.
type Route struct {
	// Pattern is the URL pattern, e.g. "/api/users/[id]".
	Pattern string
	// File is the source file, relative to the workspace, in slash form.
	File string
	// Segments is Pattern split into segments.
	Segments []Segment
	// App marks an App Router route handler (app/**/route.ts, R-ROUTE-6);
	// otherwise the route is a pages/api route.
	App bool
	// issues holds, per segment, what Next.js refuses in that segment's
	// name (nil entries and a nil slice: nothing); see parseSegment.
	issues []*issue
}

// Params returns the names of the route's dynamic parameters, in order.
func (r Route) Params() []string {
	var names []string
	for _, s := range r.Segments {
		if s.Kind != Static {
			names = append(names, s.Value)
		}
	}
	return names
}

// Table is the set of routes of one workspace, sorted by precedence.
type Table struct {
	Routes    []Route
	Conflicts []Conflict
}

// Param is one dynamic segment's value; a catch-all has one value per
// segment it matched.
type Param struct {
	Name   string
	Values []string
}

// Params holds a matched route's dynamic values in segment order.
type Params []Param

// Has reports whether name is one of the params.
func (p Params) Has(name string) bool {
	for _, x := range p {
		if x.Name == name {
			return true
		}
	}
	return false
}

var routeExtensions = map[string]bool{".js": true, ".jsx": true, ".ts": true, ".tsx": true, ".mjs": true}

// IsRouteFile reports whether a file name under pages/api is an API route
// (R-ROUTE-1): any .js, .jsx, .ts, .tsx or .mjs file but a declaration file
// (.d.ts) or a hidden one. As Next.js 15.5 does (observed by
// test/nextjs-diff), names starting with "_" and test files such as
// x.test.ts are routes too: the pages router has no private files.
func IsRouteFile(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".d.ts") {
		return false
	}
	return routeExtensions[path.Ext(name)]
}

// Scan walks apiDir (a slash path inside fsys, e.g. "pages/api") and builds
// the route table. A missing directory yields an empty table.
func Scan(fsys fs.FS, apiDir string) (*Table, error) {
	skip := func(name string) bool { return strings.HasPrefix(name, ".") || name == "node_modules" }
	return scanTree(fsys, apiDir, skip, func(p string) (Route, bool, error) {
		if !IsRouteFile(path.Base(p)) {
			return Route{}, false, nil
		}
		r, err := parseRoute(strings.TrimPrefix(strings.TrimPrefix(p, apiDir), "/"))
		return r, true, err
	})
}

// scanTree walks dir, skipping the folders skip names, and builds a table
// of the files route makes a route of (ok false: not a route file), with
// the conflicts between them (R-ROUTE-2). A missing dir is an empty table.
func scanTree(fsys fs.FS, dir string, skip func(name string) bool, route func(p string) (r Route, ok bool, err error)) (*Table, error) {
	t := &Table{}
	byPattern := map[string]string{}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && isNotExist(err) {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() {
			if p != dir && skip(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		r, ok, perr := route(p)
		switch {
		case perr != nil:
			return fmt.Errorf("%s: %w", p, perr)
		case !ok:
			return nil
		}
		r.File = p
		key := shapeKey(r.Segments)
		if other, dup := byPattern[key]; dup {
			t.Conflicts = append(t.Conflicts, Conflict{Pattern: r.Pattern, Files: [2]string{other, p}})
			return nil
		}
		byPattern[key] = p
		t.Routes = append(t.Routes, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", dir, err)
	}
	t.Conflicts = append(t.Conflicts, optionalCatchAllConflicts(t.Routes)...)
	t.Conflicts = append(t.Conflicts, treeConflicts(t.Routes)...)
	t.sortRoutes()
	return t, nil
}

// sortRoutes orders the routes by precedence (R-ROUTE-2).
func (t *Table) sortRoutes() {
	sort.SliceStable(t.Routes, func(i, j int) bool { return less(t.Routes[i].Segments, t.Routes[j].Segments) })
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// parseRoute turns "users/[id].ts" into the route /api/users/[id]. What
// Next.js refuses in a segment's name (a catch-all that is not last, a
// three-dot character, …) does not fail the scan: the route is kept and
// treeConflicts reports it as a build error of its file.
func parseRoute(rel string) (Route, error) {
	noExt := strings.TrimSuffix(rel, path.Ext(rel))
	parts := strings.Split(noExt, "/")
	if parts[len(parts)-1] == "index" {
		parts = parts[:len(parts)-1]
	}
	r := Route{Segments: []Segment{{Kind: Static, Value: "api"}}}
	for _, part := range parts {
		if err := r.addSegment(part); err != nil {
			return Route{}, err
		}
	}
	r.Pattern = "/" + joinPattern(r.Segments)
	return r, nil
}

// addSegment parses part and appends it to r's segments.
func (r *Route) addSegment(part string) error {
	s, is, err := parseSegment(part)
	if err != nil {
		return err
	}
	if is != nil {
		for len(r.issues) < len(r.Segments) {
			r.issues = append(r.issues, nil)
		}
		r.issues = append(r.issues, is)
	}
	r.Segments = append(r.Segments, s)
	return nil
}

// issueAt returns what Next.js refuses in segment i's name, if anything.
func (r Route) issueAt(i int) *issue {
	if i < len(r.issues) {
		return r.issues[i]
	}
	return nil
}

// parseSegment parses one file or folder name. Bracketed names are read
// in the order Next.js 15.5's route sorter reads them (R-ROUTE-2): outer
// brackets, optional brackets, "...", then the name; a name Next.js
// refuses comes back as an issue with the segment it would have been.
func parseSegment(part string) (Segment, *issue, error) {
	if !strings.HasPrefix(part, "[") || !strings.HasSuffix(part, "]") || len(part) < 2 {
		if strings.ContainsAny(part, "[]") {
			return Segment{}, nil, fmt.Errorf("segment %q mixes text and brackets; use [name], [...name] or [[...name]]", part)
		}
		return Segment{Kind: Static, Value: part}, nil, nil
	}
	name := part[1 : len(part)-1]
	optional := len(name) >= 2 && strings.HasPrefix(name, "[") && strings.HasSuffix(name, "]")
	if optional {
		name = name[1 : len(name)-1]
	}
	kind := Dynamic
	var is *issue
	if strings.HasPrefix(name, "…") {
		is = &issue{fmt.Sprintf("Detected a three-dot character ('…') at ('%s'). Did you mean ('...')?", name),
			"write three periods: [...name]"}
	}
	if strings.HasPrefix(name, "...") {
		name = name[3:]
		kind = CatchAll
		if optional {
			kind = OptionalCatchAll
		}
	}
	switch {
	case is != nil:
	case strings.HasPrefix(name, "[") || strings.HasSuffix(name, "]"):
		is = &issue{fmt.Sprintf("Segment names may not start or end with extra brackets ('%s').", name),
			"use [name], [...name] or [[...name]]"}
	case strings.HasPrefix(name, "."):
		is = &issue{fmt.Sprintf("Segment names may not start with erroneous periods ('%s').", name),
			"use [name] or [...name]"}
	case optional && kind == Dynamic:
		is = &issue{fmt.Sprintf("Optional route parameters are not yet supported (\"%s\").", part),
			"use [[..." + name + "]] for an optional catch-all or [" + name + "] for a required parameter"}
	}
	if is != nil {
		return Segment{Kind: kind, Value: name}, is, nil
	}
	if name == "" || strings.ContainsAny(name, "[]./") {
		return Segment{}, nil, fmt.Errorf("segment %q has an invalid parameter name", part)
	}
	return Segment{Kind: kind, Value: name}, nil, nil
}

func joinPattern(segs []Segment) string {
	out := make([]string, len(segs))
	for i, s := range segs {
		switch s.Kind {
		case Static:
			out[i] = s.Value
		case Dynamic:
			out[i] = "[" + s.Value + "]"
		case CatchAll:
			out[i] = "[..." + s.Value + "]"
		case OptionalCatchAll:
			out[i] = "[[..." + s.Value + "]]"
		}
	}
	return strings.Join(out, "/")
}

// shapeKey identifies routes that match the same URLs regardless of
// parameter names ("[id]" and "[name]" collide).
func shapeKey(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		switch s.Kind {
		case Static:
			b.WriteString("/" + s.Value)
		case Dynamic:
			b.WriteString("/[]")
		case CatchAll:
			b.WriteString("/[...]")
		case OptionalCatchAll:
			b.WriteString("/[[...]]")
		}
	}
	return b.String()
}

// less orders routes by precedence, segment by segment from the left (R-ROUTE-2).
func less(a, b []Segment) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i].Kind != b[i].Kind {
			return a[i].Kind < b[i].Kind
		}
		if a[i].Value != b[i].Value && a[i].Kind == Static {
			return a[i].Value < b[i].Value
		}
	}
	return len(a) > len(b)
}

// Match finds the route for an escaped URL path (without query, as
// url.URL.EscapedPath returns it). Each segment is percent-decoded once, so
// "%2F" stays inside its segment (R-ROUTE-3).
func (t *Table) Match(urlPath string) (Route, Params, bool) {
	parts := splitPath(urlPath)
	for _, r := range t.Routes {
		if params, ok := matchSegments(r.Segments, parts); ok {
			return r, params, true
		}
	}
	return Route{}, nil, false
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func matchSegments(segs []Segment, parts []string) (Params, bool) {
	params := Params{}
	for i, s := range segs {
		switch s.Kind {
		case Static:
			if i >= len(parts) || decode(parts[i]) != s.Value {
				return nil, false
			}
		case Dynamic:
			if i >= len(parts) || parts[i] == "" {
				return nil, false
			}
			params = append(params, Param{Name: s.Value, Values: []string{decode(parts[i])}})
		case CatchAll, OptionalCatchAll:
			// A catch-all takes what the segments after it leave; only a
			// route Next.js refuses has any (reported by treeConflicts),
			// and it should still reach its build error.
			start, end := min(i, len(parts)), len(parts)-(len(segs)-i-1)
			if end < start || (end == start && s.Kind == CatchAll) {
				return nil, false
			}
			if end > start {
				p := Param{Name: s.Value}
				for _, r := range parts[start:end] {
					p.Values = append(p.Values, decode(r))
				}
				params = append(params, p)
			}
			more, ok := matchSegments(segs[i+1:], parts[end:])
			if !ok {
				return nil, false
			}
			return append(params, more...), true
		}
	}
	if len(parts) != len(segs) {
		return nil, false
	}
	return params, true
}

func decode(s string) string {
	if v, err := url.PathUnescape(s); err == nil {
		return v
	}
	return s
}

// Nearest returns up to n route patterns closest to urlPath (edit distance
// on the pattern text), for the 404 explanation (R-ROUTE-7).
func (t *Table) Nearest(urlPath string, n int) []string {
	type scored struct {
		pattern string
		d       int
	}
	var all []scored
	for _, r := range t.Routes {
		all = append(all, scored{r.Pattern, distance(strings.ToLower(urlPath), strings.ToLower(r.Pattern))})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].d < all[j].d })
	var out []string
	for i := 0; i < len(all) && i < n; i++ {
		out = append(out, all[i].pattern)
	}
	return out
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// HandlerMethods are the HTTP methods an App Router route handler module
// may export, one handler each, in Next.js's order (R-ROUTE-6).
func HandlerMethods() [7]string {
	return [7]string{"GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"}
}
