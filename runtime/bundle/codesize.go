package bundle

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"strings"
)

// Plan is the Vercel plan a workspace targets; it sets the Edge Function
// code size limit (R-RT-6).
type Plan string

// The plans of SPEC §9.
const (
	Hobby      Plan = "hobby"
	Pro        Plan = "pro"
	Enterprise Plan = "enterprise"
)

// Plans lists the accepted plan names.
var Plans = []Plan{Hobby, Pro, Enterprise}

// CodeSizeLimit is the plan's limit on a route's compiled code, gzip'd
// (R-RT-6): 1 MB on Hobby, 2 MB on Pro, 4 MB on Enterprise. An unknown or
// empty plan counts as Hobby.
func (p Plan) CodeSizeLimit() int {
	const mb = 1 << 20
	switch p {
	case Pro:
		return 2 * mb
	case Enterprise:
		return 4 * mb
	}
	return mb
}

// gzipSize is the size of code gzip'd at the default level, without the
// inline source map (Edgeplay's own debugging aid, not part of what a
// deployment uploads).
func gzipSize(code string) int {
	if i := strings.LastIndex(code, "\n//# sourceMappingURL="); i >= 0 {
		code = code[:i]
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write([]byte(code)) // writes to a bytes.Buffer do not fail
	_ = zw.Close()
	return buf.Len()
}

// checkCodeSize measures the route's gzip'd code and, past the plan's
// limit, reports it: an error in production (the deployment would be
// refused), a warning in development (next dev does not check).
func checkCodeSize(entry, code string, plan Plan, mode Mode) (size int, problems []Problem) {
	size = gzipSize(code)
	limit := plan.CodeSizeLimit()
	if size <= limit {
		return size, nil
	}
	if plan == "" {
		plan = Hobby
	}
	sev := Error
	if mode == Development {
		sev = Warning
	}
	msg := fmt.Sprintf("The Edge Function %q size is %s gzip'd and your plan (%s) size limit is %s (R-RT-6). "+
		"Move large dependencies or data out of the route, or set \"plan\" in edgeplay.json to the plan you deploy on.",
		strings.TrimSuffix(entry, pathExt(entry)), formatMB(size), plan, formatMB(limit))
	return size, []Problem{{Severity: sev, File: entry, Line: 1, Message: msg}}
}

func formatMB(n int) string { return fmt.Sprintf("%.2f MB", float64(n)/(1<<20)) }

func pathExt(p string) string {
	if i := strings.LastIndexByte(p, '.'); i > strings.LastIndexByte(p, '/') {
		return p[i:]
	}
	return ""
}
