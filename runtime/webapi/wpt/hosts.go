package wpt

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// The hosts and ports of wptserve's default configuration that tests reach
// through get_host_info() (common/get-host-info.sub.js). The runner's
// transport serves the WPT folder on every one of them, in process, as
// wptserve does; https is a name only (no TLS in process).
const (
	wptHost    = "web-platform.test"
	wptAltHost = "not-web-platform.test"
)

var (
	wptSubdomains = []string{"", "www", "www1", "www2", "xn--n8j6ds53lwwkrqhv28a", "xn--lve-6lad"}
	wptPorts      = map[string][]string{"http": {"8000", "8001"}, "https": {"8443", "8444"}}
)

// isWPTOrigin reports whether u is on one of the hosts and ports wptserve
// would answer.
func isWPTOrigin(u *url.URL) bool {
	ports, ok := wptPorts[u.Scheme]
	if !ok {
		return false
	}
	port := u.Port()
	found := false
	for _, p := range ports {
		found = found || p == port
	}
	if !found {
		return false
	}
	host := u.Hostname()
	for _, base := range []string{wptHost, wptAltHost} {
		for _, sub := range wptSubdomains {
			name := base
			if sub != "" {
				name = sub + "." + base
			}
			if host == name {
				return true
			}
		}
	}
	return false
}

// substRe matches one wptserve template placeholder, {{...}}.
var substRe = regexp.MustCompile(`\{\{([^{}]*)\}\}`)

// substitute expands the wptserve template placeholders of a `.sub.` file
// that the subset uses: {{host}}, {{domains[sub]}}, {{hosts[alt][sub]}},
// {{ports[scheme][i]}} and {{location[part]}} for the file's own URL loc.
// Any other placeholder is an error naming it, so that a test never runs
// on a half-expanded file.
func substitute(src string, loc *url.URL) (string, error) {
	var bad []string
	out := substRe.ReplaceAllStringFunc(src, func(m string) string {
		expr := strings.TrimSpace(m[2 : len(m)-2])
		if v, ok := substValue(expr, loc); ok {
			return v
		}
		bad = append(bad, m)
		return m
	})
	if len(bad) > 0 {
		return "", fmt.Errorf("wptserve substitution not supported: %s", strings.Join(bad, ", "))
	}
	return out, nil
}

// substValue is the value of one placeholder expression.
func substValue(expr string, loc *url.URL) (string, bool) {
	name, args := expr, []string(nil)
	if i := strings.IndexByte(expr, '['); i >= 0 && strings.HasSuffix(expr, "]") {
		name = expr[:i]
		args = strings.Split(expr[i+1:len(expr)-1], "][")
	}
	sub := func(base, s string) string {
		if s == "" {
			return base
		}
		return s + "." + base
	}
	switch {
	case name == "host" && args == nil:
		return wptHost, true
	case name == "domains" && len(args) == 1:
		return sub(wptHost, args[0]), true
	case name == "hosts" && len(args) == 2 && (args[0] == "" || args[0] == "alt"):
		base := wptHost
		if args[0] == "alt" {
			base = wptAltHost
		}
		return sub(base, args[1]), true
	case name == "ports" && len(args) == 2:
		ports := wptPorts[args[0]]
		for i, p := range ports {
			if fmt.Sprint(i) == args[1] {
				return p, true
			}
		}
	case name == "location" && len(args) == 1 && loc != nil:
		switch args[0] {
		case "scheme":
			return loc.Scheme, true
		case "host":
			return loc.Host, true
		case "hostname":
			return loc.Hostname(), true
		case "port":
			return loc.Port(), true
		case "path":
			return loc.Path, true
		case "query":
			if loc.RawQuery == "" {
				return "", true
			}
			return "?" + loc.RawQuery, true
		case "server":
			return loc.Scheme + "://" + loc.Host, true
		}
	}
	return "", false
}
