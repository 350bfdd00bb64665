// Package curl writes an exchange of Edgeplay's request history as a curl
// command line that re-sends its request, for pasting into a POSIX shell
// (sh, dash, bash, zsh).
package curl

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"edgeplay/store"
)

// maxArgBody is the longest quoted body passed as an argument; a longer
// one is piped in, because Linux refuses to exec a program with an
// argument over 128 KiB (MAX_ARG_STRLEN).
const maxArgBody = 100 << 10

// skipped are the request headers a command does not send: the
// connection-specific ones (RFC 9110 section 7.6.1), which describe the
// recorded connection rather than the request, and Content-Length, which
// curl computes from the body it sends.
var skipped = map[string]bool{
	"Connection":        true,
	"Keep-Alive":        true,
	"Proxy-Connection":  true,
	"Te":                true,
	"Trailer":           true,
	"Transfer-Encoding": true,
	"Upgrade":           true,
	"Content-Length":    true,
}

// Command returns a curl command that re-sends e's request: its method,
// URL, headers and body, as a POSIX shell command line (continued over
// several lines with backslashes, without a trailing newline).
//
//   - The method is given with -X unless curl picks it by itself: GET
//     without a body, POST with one. A HEAD request without a body uses
//     --head, since curl -X HEAD would wait for a response body.
//   - The URL is single-quoted; --globoff is added when it has brackets or
//     braces (curl's URL globbing) and --path-as-is when its path has "."
//     or ".." segments (which curl would otherwise remove).
//   - Each header value is one -H, in header name order; an empty value is
//     written "Name;" as curl requires. Connection-specific headers and
//     Content-Length are left out, and Host is kept only when it differs
//     from the URL's host. A body without a Content-Type header gets
//     -H 'Content-Type:', so that curl does not add its form type.
//   - A body that is valid UTF-8 and has no control characters other than
//     newline and tab is passed as --data-binary '…' (as --data-raw when it
//     starts with '@', which --data-binary reads as a file name). Any other
//     body — binary, with NUL bytes (which no command argument can hold) or
//     carriage returns (which terminals rewrite when pasting), or longer
//     than 100 KiB — is piped in from printf with octal escapes:
//     printf '…' | curl … --data-binary @-.
//   - When the stored body was truncated, a leading "# " comment line says
//     so: the command sends only the stored prefix.
func Command(e store.Exchange) string {
	method := e.Method
	if method == "" {
		method = http.MethodGet
	}
	body := e.RequestBody
	hasBody := len(body) > 0
	var args []string
	switch {
	case method == http.MethodHead && !hasBody:
		args = append(args, "--head")
	case method == http.MethodGet && !hasBody, method == http.MethodPost && hasBody:
	default:
		args = append(args, "-X "+quoteIfNeeded(method))
	}
	if strings.ContainsAny(e.URL, "[]{}") {
		args = append(args, "--globoff")
	}
	if hasDotSegment(e.URL) {
		args = append(args, "--path-as-is")
	}
	first := strings.Join(append([]string{"curl"}, append(args, quote(e.URL))...), " ")

	lines := []string{first}
	for _, h := range headerArgs(e.RequestHeaders, e.URL, hasBody) {
		lines = append(lines, "-H "+quote(h))
	}
	var pipe string
	if hasBody {
		switch {
		case !argSafe(body):
			pipe = "printf " + printfFormat(body) + " | "
			lines = append(lines, "--data-binary @-")
		case body[0] == '@':
			lines = append(lines, "--data-raw "+quote(string(body)))
		default:
			lines = append(lines, "--data-binary "+quote(string(body)))
		}
	}
	var b strings.Builder
	if size := max(e.RequestBodySize, int64(len(body))); e.RequestBodyTruncated || size > int64(len(body)) {
		fmt.Fprintf(&b, "# The stored request body was truncated to %d of %d bytes: this command sends only those %d bytes.\n", len(body), size, len(body))
	}
	b.WriteString(pipe)
	b.WriteString(strings.Join(lines, " \\\n  "))
	return b.String()
}

// Commands returns the commands of es, separated by blank lines.
func Commands(es []store.Exchange) string {
	cmds := make([]string, len(es))
	for i, e := range es {
		cmds[i] = Command(e)
	}
	return strings.Join(cmds, "\n\n")
}

// headerArgs are the "Name: value" arguments of -H, sorted by name.
func headerArgs(h http.Header, rawURL string, hasBody bool) []string {
	dropped := map[string]bool{}
	for name, values := range h {
		if http.CanonicalHeaderKey(name) != "Connection" {
			continue
		}
		for _, v := range values {
			for token := range strings.SplitSeq(v, ",") {
				dropped[http.CanonicalHeaderKey(strings.TrimSpace(token))] = true
			}
		}
	}
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []string
	hasType := false
	for _, name := range names {
		canon := http.CanonicalHeaderKey(name)
		if skipped[canon] || dropped[canon] {
			continue
		}
		for _, v := range h[name] {
			if canon == "Host" && sameHost(v, rawURL) {
				continue
			}
			if canon == "Content-Type" {
				hasType = true
			}
			if v == "" {
				out = append(out, name+";")
			} else {
				out = append(out, name+": "+v)
			}
		}
	}
	if hasBody && !hasType {
		out = append(out, "Content-Type:")
	}
	return out
}

// sameHost reports whether the Host header value names the URL's host
// (ignoring case and the scheme's default port).
func sameHost(host, rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	norm := func(h string) string {
		h = strings.ToLower(h)
		switch {
		case u.Scheme == "http" && strings.HasSuffix(h, ":80"):
			h = strings.TrimSuffix(h, ":80")
		case u.Scheme == "https" && strings.HasSuffix(h, ":443"):
			h = strings.TrimSuffix(h, ":443")
		}
		return h
	}
	return norm(host) == norm(u.Host)
}

// hasDotSegment reports whether the URL's path has a "." or ".." segment.
func hasDotSegment(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	for seg := range strings.SplitSeq(u.EscapedPath(), "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// argSafe reports whether body can be a single-quoted argument that also
// survives pasting into a terminal: valid UTF-8, no control characters but
// newline and tab, not too long.
func argSafe(body []byte) bool {
	if len(body) > maxArgBody || !utf8.Valid(body) {
		return false
	}
	for _, c := range body {
		if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// quote single-quotes s for a POSIX shell: a single quote inside ends
// the quoting, is written backslash-escaped, and the quoting resumes.
func quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// quoteIfNeeded leaves a plain token (letters, digits, '-', '_', '.') as
// it is and quotes anything else.
func quoteIfNeeded(s string) string {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return quote(s)
		}
	}
	if s == "" {
		return "''"
	}
	return s
}

// printfFormat is a single-quoted printf format that prints body exactly:
// printable ASCII as it is ('%' and '\' doubled), every other byte as a
// three-digit octal escape, which POSIX printf defines (\x is not POSIX).
// A leading '-' is escaped too, or printf would read an option.
func printfFormat(body []byte) string {
	var b bytes.Buffer
	b.Grow(len(body) + 2)
	b.WriteByte('\'')
	for i, c := range body {
		switch {
		case i == 0 && c == '-':
			b.WriteString(`\055`)
		case c == '%':
			b.WriteString("%%")
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\'':
			b.WriteString(`'\''`)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, `\%03o`, c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}
