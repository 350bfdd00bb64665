package wpt

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// Origin is the made-up origin tests run on; fetches to it are served from
// the WPT folder.
const Origin = "http://web-platform.test:8000"

// staticTransport serves the WPT folder on wptserve's hosts (Origin and
// the others of hosts.go) as wptserve does for static files, in process (no
// socket): `/resources/WebIDLParser.js` is mapped to the webidl2 build,
// `*.headers` sidecars are honoured and `.sub.` files are expanded.
// Requests to the Python handlers implemented in Go (handlers.go) are
// answered by them, sharing stash. Requests to any other origin fail, as
// they would without a network.
type staticTransport struct {
	fsys  fs.FS
	stash *Stash
}

// RoundTrip serves one request. Safe from any goroutine.
func (t staticTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if !isWPTOrigin(r.URL) {
		return nil, fmt.Errorf("wpt: no network outside wptserve's hosts (%s …) (asked for %s)", Origin, r.URL.Redacted())
	}
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	raw := r.URL.Path
	if r.URL.Opaque != "" {
		raw = r.URL.Opaque
	}
	rawQuery := r.URL.RawQuery
	if i := strings.IndexByte(raw, '?'); i >= 0 {
		raw, rawQuery = raw[:i], raw[i+1:]
	}
	if u, err := url.PathUnescape(raw); err == nil {
		raw = u
	}
	p := strings.TrimPrefix(path.Clean("/"+raw), "/")
	if resp, ok, err := serveHandler(t.stash, r, p, rawQuery); ok {
		return resp, err
	}
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	resp := &http.Response{Request: r, Header: http.Header{}, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
	if p == "resources/WebIDLParser.js" {
		p = "resources/webidl2/lib/webidl2.js"
	}
	data, err := fs.ReadFile(t.fsys, p)
	if err != nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		code := http.StatusNotFound
		if err == nil {
			code = http.StatusMethodNotAllowed
		}
		resp.StatusCode, resp.Status = code, fmt.Sprintf("%d %s", code, http.StatusText(code))
		resp.Header.Set("Content-Type", "text/plain")
		resp.Body = io.NopCloser(strings.NewReader(http.StatusText(code)))
		return resp, nil
	}
	if strings.Contains(path.Base(p), ".sub.") {
		sub, err := substitute(string(data), r.URL)
		if err != nil {
			return nil, fmt.Errorf("wpt: %s: %w", p, err)
		}
		data = []byte(sub)
	}
	resp.StatusCode, resp.Status = http.StatusOK, "200 OK"
	if ct := contentType(p); ct != "" {
		resp.Header.Set("Content-Type", ct)
	}
	if h, err := fs.ReadFile(t.fsys, p+".headers"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(h))
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok {
				resp.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
			}
		}
	}
	resp.ContentLength = int64(len(data))
	if r.Method == http.MethodHead {
		data = nil
	}
	resp.Body = io.NopCloser(bytes.NewReader(data))
	return resp, nil
}

func contentType(p string) string {
	switch path.Ext(p) {
	case ".js":
		return "text/javascript"
	case ".json":
		return "application/json"
	case ".txt", ".idl":
		return "text/plain"
	case ".vtt":
		return "text/vtt"
	case ".webm":
		return "video/webm"
	}
	return mime.TypeByExtension(path.Ext(p))
}
