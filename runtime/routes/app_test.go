package routes

import (
	"reflect"
	"testing"
	"testing/fstest"
)

func appTable(t *testing.T, files ...string) *Table {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys["app/"+f] = &fstest.MapFile{Data: []byte("export const runtime = 'edge'\n")}
	}
	tab, err := ScanApp(fsys, "app")
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// TestScanApp checks R-ROUTE-6's folder rules: route files only, groups add
// no segment, private folders, slots and intercepting folders hold no
// routes, dynamic segments as in the pages router.
func TestScanApp(t *testing.T) {
	tab := appTable(t, "route.ts", "app-api/hello/route.ts", "(shop)/cart/route.tsx", "users/[id]/route.js",
		"docs/[...slug]/route.ts", "opt/[[...all]]/route.ts", "_private/route.ts", "x/_lib/route.ts",
		"@modal/route.ts", "(.)photo/route.ts", "page/page.tsx", "hello/other.ts", "users/[id]/layout.tsx")
	var got []string
	for _, r := range tab.Routes {
		if !r.App {
			t.Errorf("%s is not marked as an App Router route", r.File)
		}
		got = append(got, r.Pattern+"="+r.File)
	}
	want := []string{
		"/app-api/hello=app/app-api/hello/route.ts",
		"/cart=app/(shop)/cart/route.tsx",
		"/docs/[...slug]=app/docs/[...slug]/route.ts",
		"/opt/[[...all]]=app/opt/[[...all]]/route.ts",
		"/users/[id]=app/users/[id]/route.js",
		"/=app/route.ts",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("routes:\n got %q\nwant %q", got, want)
	}
	if r, params, ok := tab.Match("/users/42"); !ok || r.File != "app/users/[id]/route.js" || !reflect.DeepEqual(params, Params{{"id", []string{"42"}}}) {
		t.Errorf("match /users/42: %v %v %v", r, params, ok)
	}
	if r, _, ok := tab.Match("/"); !ok || r.File != "app/route.ts" {
		t.Errorf("match /: %v %v", r, ok)
	}
}

// TestMergeReportsBothRouters: a URL claimed by a pages/api file and an
// App Router handler is a conflict naming both files; groups that make two
// handlers claim one URL are one too.
func TestMergeReportsBothRouters(t *testing.T) {
	pages := table(t, "hello.ts", "users/[id].ts")
	app := appTable(t, "api/hello/route.ts", "(a)/x/route.ts", "(b)/x/route.ts", "other/route.ts")
	m := Merge(pages, app)
	if len(m.Routes) != 5 {
		t.Errorf("%d routes, want 5: %+v", len(m.Routes), m.Routes)
	}
	c, ok := m.ConflictFor("app/api/hello/route.ts")
	if !ok || c.Files != [2]string{"pages/api/hello.ts", "app/api/hello/route.ts"} {
		t.Errorf("pages/app conflict: %+v %v", c, ok)
	}
	if c, ok := m.ConflictFor("app/(b)/x/route.ts"); !ok || c.Pattern != "/x" {
		t.Errorf("group conflict: %+v %v", c, ok)
	}
	if _, ok := m.ConflictFor("app/other/route.ts"); ok {
		t.Error("other/route.ts reported as a conflict")
	}
}
