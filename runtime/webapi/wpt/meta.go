package wpt

import (
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Meta is what a test file's leading `// META:` block says.
type Meta struct {
	// Globals is the global= list, expanded; empty means the default
	// (window, dedicatedworker).
	Globals []string
	// Scripts are the script= helpers, in order, as written.
	Scripts []string
	// Variants are the variant= values (each a separate run); none means one
	// run with an empty location.search.
	Variants []string
	// Long is timeout=long.
	Long bool
	// Title is title=, the default name of unnamed tests.
	Title string
}

// ParseMeta reads the META block at the top of src. As in wptserve, the
// block ends at the first line that is not a META comment.
func ParseMeta(src string) Meta {
	var m Meta
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimRight(line, "\r")
		if !strings.HasPrefix(line, "// META:") {
			break
		}
		k, v, _ := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "// META:")), "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch k {
		case "global":
			for _, g := range strings.Split(v, ",") {
				if g = strings.TrimSpace(g); g != "" {
					m.Globals = append(m.Globals, g)
				}
			}
		case "script":
			m.Scripts = append(m.Scripts, v)
		case "variant":
			m.Variants = append(m.Variants, v)
		case "timeout":
			m.Long = v == "long"
		case "title":
			m.Title = v
		}
	}
	return m
}

// WorkerScope reports whether the file runs in a worker-like global: its
// global= list names a worker kind, or there is none.
func (m Meta) WorkerScope() bool {
	if len(m.Globals) == 0 {
		return true
	}
	for _, g := range m.Globals {
		switch g {
		case "worker", "dedicatedworker", "sharedworker", "serviceworker":
			return true
		}
	}
	return false
}

var (
	pyRef = regexp.MustCompile(`\.py(["'?\x60#]|$)`)
	// pyPath is a reference to a Python handler: an optional literal
	// directory part, then the file name.
	pyPath = regexp.MustCompile(`((?:\.{1,2}/|/)?(?:[A-Za-z0-9_.-]+/)*)([A-Za-z0-9_-]+\.py)(?:["'?\x60#]|$)`)
)

// pyHandlersServed reports whether every Python handler the code of the
// test file rel refers to is implemented in Go. A reference with a
// literal directory is resolved against the file's directory; a bare name
// (written after a variable such as fetch/api's RESOURCES_DIR,
// "../resources/") may be in the file's directory, its resources/ folder
// or its parent's resources/ folder.
func pyHandlersServed(rel, code string) bool {
	dir := path.Dir(rel)
	refs := pyPath.FindAllStringSubmatch(code, -1)
	if len(refs) == 0 {
		// A reference this function cannot read: leave it to wptserve.
		return false
	}
	for _, m := range refs {
		prefix, name := m[1], m[2]
		var candidates []string
		switch {
		case strings.HasPrefix(prefix, "/"):
			candidates = []string{path.Join(prefix, name)}
		case prefix != "":
			candidates = []string{path.Join(dir, prefix, name)}
		default:
			candidates = []string{path.Join(dir, name), path.Join(dir, "resources", name), path.Join(dir, "..", "resources", name)}
		}
		ok := false
		for _, c := range candidates {
			if HasHandler(c) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// NeedsServer returns why a test file needs the upstream Python wptserve
// (Python handlers not implemented in Go, HTTP/2, raw .asis responses), or "" if static files and the Go handlers
// (handlers.go) are enough. body is the file's source;
// helpers are the sources of its META scripts that belong to the test's
// own area (not /resources/ or /common/, which only define functions).
func NeedsServer(rel, body string, helpers ...string) string {
	base := path.Base(rel)
	var why []string
	if strings.Contains(base, ".h2.") {
		why = append(why, "h2")
	}
	// Other hosts (get_host_info()) and `.sub.` substitution are served
	// in process (hosts.go); only the test body and its area's helpers
	// count for the rest.
	code := stripMeta(body) + "\n" + strings.Join(helpers, "\n")
	if strings.Contains(code, ".asis") {
		why = append(why, "asis")
	}
	if pyRef.MatchString(code) && !pyHandlersServed(rel, code) {
		why = append(why, "py")
	}
	if len(why) == 0 {
		return ""
	}
	return "needs wptserve (" + strings.Join(why, "+") + ")"
}

func stripMeta(src string) string {
	for strings.HasPrefix(src, "// META:") {
		i := strings.IndexByte(src, '\n')
		if i < 0 {
			return ""
		}
		src = src[i+1:]
	}
	return src
}

// isWorkerTest reports whether name is a standalone dedicated-worker test
// (`.worker.js`): it loads testharness.js itself with importScripts and
// calls done() itself.
func isWorkerTest(name string) bool { return strings.HasSuffix(name, ".worker.js") }

// listTests returns the `.any.js` and `.worker.js` files under the given paths (relative to
// the WPT root, slash-separated; a directory or a file; none means all),
// sorted.
func listTests(fsys fs.FS, paths []string) ([]string, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range paths {
		p = path.Clean(strings.TrimPrefix(strings.ReplaceAll(p, "\\", "/"), "/"))
		err := fs.WalkDir(fsys, p, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if n := d.Name(); name != p && (n == "resources" || n == "support" || n == "third_party" || strings.HasPrefix(n, ".")) {
					return fs.SkipDir
				}
				return nil
			}
			if (strings.HasSuffix(name, ".any.js") || isWorkerTest(name)) && !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}
