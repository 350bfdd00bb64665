package wpt

import (
	"net/url"
	"testing"
)

func TestSubstitute(t *testing.T) {
	loc, _ := url.Parse("http://web-platform.test:8000/fetch/x.sub.any.js?a=1")
	tests := []struct{ in, want, err string }{
		{"'{{host}}:{{ports[http][0]}}'", "'web-platform.test:8000'", ""},
		{"{{domains[www2]}} {{hosts[alt][]}} {{hosts[alt][www2]}} {{ports[https][1]}}", "www2.web-platform.test not-web-platform.test www2.not-web-platform.test 8444", ""},
		{"{{location[path]}}{{location[query]}}", "/fetch/x.sub.any.js?a=1", ""},
		{"{{GET[x]}} {{uuid()}}", "", "wptserve substitution not supported: {{GET[x]}}, {{uuid()}}"},
	}
	for _, tt := range tests {
		got, err := substitute(tt.in, loc)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("substitute(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("substitute(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestWPTOrigins(t *testing.T) {
	for raw, want := range map[string]bool{
		"http://web-platform.test:8000/x":           true,
		"http://www1.web-platform.test:8001/x":      true,
		"https://not-web-platform.test:8443/x":      true,
		"https://www2.not-web-platform.test:8444/x": true,
		"http://web-platform.test:9000/x":           false,
		"http://example.com:8000/x":                 false,
		"ftp://web-platform.test:8000/x":            false,
	} {
		u, _ := url.Parse(raw)
		if got := isWPTOrigin(u); got != want {
			t.Errorf("isWPTOrigin(%s) = %v, want %v", raw, got, want)
		}
	}
}
