package routes

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func table(t *testing.T, files ...string) *Table {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys["pages/api/"+f] = &fstest.MapFile{Data: []byte("export default () => {}")}
	}
	tab, err := Scan(fsys, "pages/api")
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestScanPatterns(t *testing.T) {
	tab := table(t, "basic.ts", "index.ts", "users/index.ts", "users/[id].ts", "docs/[...slug].ts",
		"opt/[[...all]].ts", "_private.ts", "types.d.ts", "x.test.ts", "y.spec.js", "readme.md", "_lib/z.ts", ".hidden/q.ts")
	var got []string
	for _, r := range tab.Routes {
		got = append(got, r.Pattern+"="+r.File)
	}
	// R-ROUTE-1 as Next.js 15.5 does it: "_" names and test files are
	// routes; declaration files, hidden files and other extensions are not.
	want := []string{
		"/api/_lib/z=pages/api/_lib/z.ts",
		"/api/_private=pages/api/_private.ts",
		"/api/basic=pages/api/basic.ts",
		"/api/docs/[...slug]=pages/api/docs/[...slug].ts",
		"/api/opt/[[...all]]=pages/api/opt/[[...all]].ts",
		"/api/users/[id]=pages/api/users/[id].ts",
		"/api/users=pages/api/users/index.ts",
		"/api/x.test=pages/api/x.test.ts",
		"/api/y.spec=pages/api/y.spec.js",
		"/api=pages/api/index.ts",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("routes:\n got %q\nwant %q", got, want)
	}
}

func TestMatch(t *testing.T) {
	tab := table(t, "users/me.ts", "users/[id].ts", "users/[id]/posts.ts", "docs/[...slug].ts", "opt/[[...all]].ts", "index.ts")
	tests := []struct {
		path    string
		pattern string
		params  Params
	}{
		{"/api/users/me", "/api/users/me", Params{}},
		{"/api/users/42", "/api/users/[id]", Params{{"id", []string{"42"}}}},
		{"/api/users/42/posts", "/api/users/[id]/posts", Params{{"id", []string{"42"}}}},
		{"/api/users/a%2Fb", "/api/users/[id]", Params{{"id", []string{"a/b"}}}},
		{"/api/users/x%2525", "/api/users/[id]", Params{{"id", []string{"x%25"}}}},
		{"/api/docs/a%2Fb/c%20d", "/api/docs/[...slug]", Params{{"slug", []string{"a/b", "c d"}}}},
		{"/api/docs", "", nil},
		{"/api/opt", "/api/opt/[[...all]]", Params{}},
		{"/api/opt/x/y", "/api/opt/[[...all]]", Params{{"all", []string{"x", "y"}}}},
		{"/api/us%65rs/me", "/api/users/me", Params{}},
		{"/api", "/api", Params{}},
		{"/api/nope", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r, params, ok := tab.Match(tt.path)
			if tt.pattern == "" {
				if ok {
					t.Fatalf("matched %s, want no match", r.Pattern)
				}
				return
			}
			if !ok || r.Pattern != tt.pattern {
				t.Fatalf("matched %q (%v), want %q", r.Pattern, ok, tt.pattern)
			}
			if !reflect.DeepEqual(params, tt.params) {
				t.Errorf("params = %v, want %v", params, tt.params)
			}
		})
	}
}

func TestConflicts(t *testing.T) {
	tab := table(t, "a.ts", "a/index.ts", "u/[id].ts", "u/[name].ts", "o/index.ts", "o/[[...rest]].ts")
	if _, ok := tab.ConflictFor("pages/api/o/[[...rest]].ts"); !ok {
		t.Errorf("optional catch-all beside index not reported: %v", tab.Conflicts)
	}
	if len(tab.Conflicts) != 3 {
		t.Fatalf("conflicts = %v, want 3", tab.Conflicts)
	}
	msg := tab.Conflicts[0].Error()
	if !strings.Contains(msg, "pages/api/a.ts") || !strings.Contains(msg, "pages/api/a/index.ts") {
		t.Errorf("conflict message %q does not name both files", msg)
	}
}

func TestNearest(t *testing.T) {
	tab := table(t, "basic.ts", "json.ts", "cache-control.ts", "regions.ts")
	got := tab.Nearest("/api/jsno", 2)
	if len(got) != 2 || got[0] != "/api/json" {
		t.Errorf("Nearest = %v, want /api/json first", got)
	}
}

func TestBadSegments(t *testing.T) {
	tests := []struct{ file, want string }{
		{"a[b].ts", "mixes text and brackets"},
		{"[].ts", "invalid parameter name"},
		{"[a.b].ts", "invalid parameter name"},
		{"[...].ts", "invalid parameter name"},
	}
	for _, tt := range tests {
		fsys := fstest.MapFS{"pages/api/" + tt.file: &fstest.MapFile{}}
		if _, err := Scan(fsys, "pages/api"); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.file, err, tt.want)
		}
	}
}
