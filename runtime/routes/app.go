package routes

import (
	"io/fs"
	"path"
	"strings"
)

// IsAppRouteFile reports whether a file name in the App Router's tree is a
// route handler: route.js, route.jsx, route.ts, route.tsx or route.mjs
// (R-ROUTE-6).
func IsAppRouteFile(name string) bool {
	ext := path.Ext(name)
	return routeExtensions[ext] && strings.TrimSuffix(name, ext) == "route"
}

// ScanApp walks appDir (a slash path inside fsys, e.g. "app") and builds
// the table of its route handlers (R-ROUTE-6), as Next.js's App Router
// maps folders to URLs: a route group "(name)" adds no segment, a private
// folder "_name" and everything under it is not routed, parallel-route
// slots "@name" and intercepting folders "(.)name" hold no route handlers
// and are skipped. A missing directory yields an empty table.
func ScanApp(fsys fs.FS, appDir string) (*Table, error) {
	return scanTree(fsys, appDir, skipAppDir, func(p string) (Route, bool, error) {
		if !IsAppRouteFile(path.Base(p)) {
			return Route{}, false, nil
		}
		r, err := parseAppRoute(strings.TrimPrefix(strings.TrimPrefix(path.Dir(p), appDir), "/"))
		return r, true, err
	})
}

// skipAppDir reports whether an App Router folder and its subtree hold no
// routes: private folders, parallel-route slots, intercepting routes,
// hidden folders and node_modules.
func skipAppDir(name string) bool {
	return strings.HasPrefix(name, "_") || strings.HasPrefix(name, "@") || strings.HasPrefix(name, ".") ||
		strings.HasPrefix(name, "(.") || name == "node_modules"
}

// parseAppRoute turns the folder path of a route handler, relative to the
// app directory ("users/[id]", "(shop)/cart"), into its route.
func parseAppRoute(rel string) (Route, error) {
	r := Route{App: true}
	var parts []string
	if rel != "" {
		parts = strings.Split(rel, "/")
	}
	for _, part := range parts {
		if strings.HasPrefix(part, "(") && strings.HasSuffix(part, ")") {
			continue // a route group: organises files, adds no segment
		}
		if err := r.addSegment(part); err != nil {
			return Route{}, err
		}
	}
	r.Pattern = "/" + joinPattern(r.Segments)
	return r, nil
}

// Merge combines the pages router's table and the App Router's: the
// routes of both in precedence order, with their conflicts and one more
// for each URL both routers claim (Next.js refuses to build such an app:
// "Conflicting app and page file was found").
func Merge(pages, app *Table) *Table {
	t := &Table{}
	t.Routes = append(append(t.Routes, pages.Routes...), app.Routes...)
	t.Conflicts = append(append(t.Conflicts, pages.Conflicts...), app.Conflicts...)
	byShape := map[string]string{}
	for _, r := range pages.Routes {
		byShape[shapeKey(r.Segments)] = r.File
	}
	for _, r := range app.Routes {
		if other, dup := byShape[shapeKey(r.Segments)]; dup {
			t.Conflicts = append(t.Conflicts, Conflict{Pattern: r.Pattern, Files: [2]string{other, r.File}})
		}
	}
	t.sortRoutes()
	return t
}
