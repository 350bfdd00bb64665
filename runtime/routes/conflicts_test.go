package routes

import (
	"reflect"
	"strings"
	"testing"
)

// wantConflict is one expected conflict: its files and Next.js's message
// (empty for Edgeplay's own "both resolve to" wording).
type wantConflict struct {
	files [2]string
	msg   string
}

func conflictsOf(tab *Table) []wantConflict {
	var got []wantConflict
	for _, c := range tab.Conflicts {
		got = append(got, wantConflict{c.Files, c.Message})
	}
	return got
}

// TestTreeConflictsPages mirrors the errors of Next.js 15.5's route sorter
// (shared/lib/router/utils/sorted-routes.js) for pages/api (R-ROUTE-2).
func TestTreeConflictsPages(t *testing.T) {
	p := func(f string) string { return "pages/api/" + f }
	tests := []struct {
		name  string
		files []string
		want  []wantConflict
	}{
		{"different slug names", []string{"u/[id].ts", "u/[name]/posts.ts"},
			[]wantConflict{{[2]string{p("u/[id].ts"), p("u/[name]/posts.ts")}, "You cannot use different slug names for the same dynamic path ('id' !== 'name')."}}},
		{"different slug names deeper", []string{"u/[id]/a/[x].ts", "u/[id]/a/[y]/b.ts"},
			[]wantConflict{{[2]string{p("u/[id]/a/[x].ts"), p("u/[id]/a/[y]/b.ts")}, "You cannot use different slug names for the same dynamic path ('x' !== 'y')."}}},
		{"different catch-all names", []string{"c/[...a].ts", "c/[...b]/x.ts"},
			// Next.js meets the name clash before the segment after the catch-all.
			[]wantConflict{{[2]string{p("c/[...a].ts"), p("c/[...b]/x.ts")}, "You cannot use different slug names for the same dynamic path ('a' !== 'b')."}}},
		{"required then optional catch-all", []string{"c/[...a].ts", "c/[[...b]].ts"},
			[]wantConflict{{[2]string{p("c/[...a].ts"), p("c/[[...b]].ts")}, `You cannot use both an required and optional catch-all route at the same level ("[...a]" and "[[...b]]" ).`}}},
		{"optional then required catch-all", []string{"c/[[...b]]/index.ts", "c/[...a].ts"},
			// Walk order: "[...a].ts" sorts before "[[...b]]".
			[]wantConflict{{[2]string{p("c/[...a].ts"), p("c/[[...b]]/index.ts")}, `You cannot use both an required and optional catch-all route at the same level ("[...a]" and "[[...b]]" ).`}}},
		{"same slug twice", []string{"u/[id]/[id].ts"},
			[]wantConflict{{[2]string{p("u/[id]/[id].ts")}, `You cannot have the same slug name "id" repeat within a single dynamic path`}}},
		{"same slug twice with catch-all", []string{"u/[id]/[...id].ts"},
			[]wantConflict{{[2]string{p("u/[id]/[...id].ts")}, `You cannot have the same slug name "id" repeat within a single dynamic path`}}},
		{"slugs differ by symbols", []string{"u/[a-b]/[ab].ts"},
			[]wantConflict{{[2]string{p("u/[a-b]/[ab].ts")}, `You cannot have the slug names "a-b" and "ab" differ only by non-word symbols within a single dynamic path`}}},
		{"catch-all not last", []string{"d/[...slug]/edit.ts"},
			[]wantConflict{{[2]string{p("d/[...slug]/edit.ts")}, "Catch-all must be the last part of the URL."}}},
		{"optional catch-all not last", []string{"d/[[...slug]]/[id].ts"},
			[]wantConflict{{[2]string{p("d/[[...slug]]/[id].ts")}, "Catch-all must be the last part of the URL."}}},
		{"optional parameter", []string{"o/[[id]].ts"},
			[]wantConflict{{[2]string{p("o/[[id]].ts")}, `Optional route parameters are not yet supported ("[[id]]").`}}},
		{"three-dot character", []string{"o/[…slug].ts"},
			[]wantConflict{{[2]string{p("o/[…slug].ts")}, "Detected a three-dot character ('…') at ('…slug'). Did you mean ('...')?"}}},
		{"extra brackets", []string{"o/[[...a].ts"},
			[]wantConflict{{[2]string{p("o/[[...a].ts")}, "Segment names may not start or end with extra brackets ('[...a')."}}},
		{"erroneous periods", []string{"o/[....a].ts"},
			[]wantConflict{{[2]string{p("o/[....a].ts")}, "Segment names may not start with erroneous periods ('.a')."}}},
		{"existing duplicate keeps its wording", []string{"u/[id].ts", "u/[name].ts"},
			[]wantConflict{{[2]string{p("u/[id].ts"), p("u/[name].ts")}, ""}}},
		{"existing optional catch-all beside index", []string{"o/index.ts", "o/[[...rest]].ts"},
			[]wantConflict{{[2]string{p("o/index.ts"), p("o/[[...rest]].ts")}, ""}}},

		// Cases Next.js builds.
		{"same slug, deeper route", []string{"u/[id].ts", "u/[id]/posts.ts"}, nil},
		{"static siblings", []string{"u/me.ts", "u/all.ts", "u/[id].ts", "u/index.ts"}, nil},
		{"catch-alls in different folders", []string{"a/[...a].ts", "b/[[...b]].ts"}, nil},
		{"dynamic and catch-all at one level", []string{"u/[id].ts", "u/[...rest].ts"}, nil},
		{"same names under different parents", []string{"a/[x].ts", "b/[y].ts", "[p]/c.ts"}, nil},
		{"different names in different paths", []string{"a/[id]/[slug].ts", "b/[slug]/[id].ts"}, nil},
		{"catch-all named like an earlier parameter's prefix", []string{"u/[id]/[...ids].ts"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := table(t, tt.files...)
			if got := conflictsOf(tab); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("conflicts:\n got %q\nwant %q", got, tt.want)
			}
			if len(tt.want) == 0 && len(tab.Routes) != len(tt.files) {
				t.Errorf("%d routes, want %d", len(tab.Routes), len(tt.files))
			}
			// Every file named is a build error through ConflictFor.
			for _, w := range tt.want {
				for _, f := range w.files {
					if f == "" {
						continue
					}
					if c, ok := tab.ConflictFor(f); !ok || !strings.Contains(c.Error(), f) {
						t.Errorf("ConflictFor(%s) = %v %v", f, c, ok)
					}
				}
			}
		})
	}
}

// TestTreeConflictsApp applies the same rules to App Router handlers, whose
// groups add no segment, and keeps each router's tree to itself.
func TestTreeConflictsApp(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  []wantConflict
	}{
		{"different slug names across groups", []string{"(a)/u/[id]/route.ts", "(b)/u/[name]/posts/route.ts"},
			[]wantConflict{{[2]string{"app/(a)/u/[id]/route.ts", "app/(b)/u/[name]/posts/route.ts"}, "You cannot use different slug names for the same dynamic path ('id' !== 'name')."}}},
		{"required and optional catch-all", []string{"c/[...a]/route.ts", "c/[[...b]]/route.ts"},
			[]wantConflict{{[2]string{"app/c/[...a]/route.ts", "app/c/[[...b]]/route.ts"}, `You cannot use both an required and optional catch-all route at the same level ("[...a]" and "[[...b]]" ).`}}},
		{"catch-all not last", []string{"d/[...slug]/x/route.ts"},
			[]wantConflict{{[2]string{"app/d/[...slug]/x/route.ts"}, "Catch-all must be the last part of the URL."}}},
		{"same slug twice", []string{"u/[id]/v/[id]/route.ts"},
			[]wantConflict{{[2]string{"app/u/[id]/v/[id]/route.ts"}, `You cannot have the same slug name "id" repeat within a single dynamic path`}}},
		{"fine", []string{"u/[id]/route.ts", "u/[id]/posts/route.ts", "a/[...a]/route.ts", "b/[[...b]]/route.ts"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := conflictsOf(appTable(t, tt.files...)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("conflicts:\n got %q\nwant %q", got, tt.want)
			}
		})
	}

	// pages/api/u/[id] and app/api/u/[name]/posts are different trees.
	m := Merge(table(t, "u/[id].ts", "hello.ts"), appTable(t, "api/u/[name]/posts/route.ts", "api/hello/route.ts"))
	if got := conflictsOf(m); !reflect.DeepEqual(got, []wantConflict{{[2]string{"pages/api/hello.ts", "app/api/hello/route.ts"}, ""}}) {
		t.Errorf("merged conflicts = %q, want only the cross-router duplicate", got)
	}
}

func TestConflictError(t *testing.T) {
	tests := []struct {
		c    Conflict
		want string
	}{
		{Conflict{Pattern: "/api/a", Files: [2]string{"pages/api/a.ts", "pages/api/a/index.ts"}},
			"conflicting routes: pages/api/a.ts and pages/api/a/index.ts both resolve to /api/a; rename or remove one"},
		{Conflict{Pattern: "/api/u/[name]/posts", Files: [2]string{"pages/api/u/[id].ts", "pages/api/u/[name]/posts.ts"}, Message: "M.", Fix: "rename one of them"},
			"conflicting routes: pages/api/u/[id].ts and pages/api/u/[name]/posts.ts: M. Fix: rename one of them."},
		{Conflict{Pattern: "/api/d/[...s]/x", Files: [2]string{"pages/api/d/[...s]/x.ts"}, Message: "M.", Fix: "move it"},
			"invalid route pages/api/d/[...s]/x.ts: M. Fix: move it."},
	}
	for _, tt := range tests {
		if got := tt.c.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	if _, ok := (&Table{Conflicts: []Conflict{tests[2].c}}).ConflictFor(""); ok {
		t.Error(`ConflictFor("") matched a one-file conflict`)
	}
}

// TestMatchRefusedRoutes: routes Next.js refuses stay in the table so a
// request reaches their build error, without shadowing valid routes.
func TestMatchRefusedRoutes(t *testing.T) {
	tab := table(t, "d/[...slug].ts", "d/[...slug]/edit.ts", "o/[[id]].ts")
	tests := []struct {
		path, file string
		params     Params
		conflicted bool
	}{
		{"/api/d/a/b", "pages/api/d/[...slug].ts", Params{{"slug", []string{"a", "b"}}}, false},
		{"/api/d/a/b/edit", "pages/api/d/[...slug]/edit.ts", Params{{"slug", []string{"a", "b"}}}, true},
		{"/api/d/edit", "pages/api/d/[...slug].ts", Params{{"slug", []string{"edit"}}}, false},
		{"/api/o/1", "pages/api/o/[[id]].ts", Params{{"id", []string{"1"}}}, true},
	}
	for _, tt := range tests {
		r, params, ok := tab.Match(tt.path)
		if !ok || r.File != tt.file || !reflect.DeepEqual(params, tt.params) {
			t.Errorf("Match(%s) = %s %v %v, want %s %v", tt.path, r.File, params, ok, tt.file, tt.params)
		}
		if _, bad := tab.ConflictFor(r.File); bad != tt.conflicted {
			t.Errorf("%s: conflicted = %v, want %v", r.File, bad, tt.conflicted)
		}
	}
}
