package curl

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"edgeplay/store"
)

func TestCommand(t *testing.T) {
	tests := []struct {
		name string
		e    store.Exchange
		want string
	}{
		{
			name: "plain GET",
			e:    store.Exchange{Method: "GET", URL: "http://localhost:3000/api/json"},
			want: `curl 'http://localhost:3000/api/json'`,
		},
		{
			name: "empty method is GET",
			e:    store.Exchange{URL: "http://h/"},
			want: `curl 'http://h/'`,
		},
		{
			name: "headers sorted, repeated, quoted; hop-by-hop, Content-Length and same Host left out",
			e: store.Exchange{Method: "GET", URL: "http://localhost:3000/it's?a=1&b=2", RequestHeaders: http.Header{
				"Accept":            {"text/html", "*/*"},
				"X-Quote":           {"it's"},
				"Connection":        {"keep-alive, X-Hop"},
				"X-Hop":             {"1"},
				"Keep-Alive":        {"timeout=5"},
				"Content-Length":    {"0"},
				"Transfer-Encoding": {"chunked"},
				"Host":              {"localhost:3000"},
				"X-Empty":           {""},
			}},
			want: "curl 'http://localhost:3000/it'\\''s?a=1&b=2' \\\n" +
				"  -H 'Accept: text/html' \\\n" +
				"  -H 'Accept: */*' \\\n" +
				"  -H 'X-Empty;' \\\n" +
				"  -H 'X-Quote: it'\\''s'",
		},
		{
			name: "different Host kept",
			e:    store.Exchange{Method: "GET", URL: "https://127.0.0.1:8443/", RequestHeaders: http.Header{"Host": {"app.example.test"}}},
			want: "curl 'https://127.0.0.1:8443/' \\\n  -H 'Host: app.example.test'",
		},
		{
			name: "Host with the default port is the same",
			e:    store.Exchange{Method: "GET", URL: "https://Example.test/", RequestHeaders: http.Header{"Host": {"example.test:443"}}},
			want: "curl 'https://Example.test/'",
		},
		{
			name: "POST with text body",
			e: store.Exchange{Method: "POST", URL: "http://h/api", RequestHeaders: http.Header{"Content-Type": {"application/json"}},
				RequestBody: []byte("{\"a\":\"it's\",\n\t\"b\":\"é\"}")},
			want: "curl 'http://h/api' \\\n  -H 'Content-Type: application/json' \\\n  --data-binary '{\"a\":\"it'\\''s\",\n\t\"b\":\"é\"}'",
		},
		{
			name: "POST without body",
			e:    store.Exchange{Method: "POST", URL: "http://h/api"},
			want: "curl -X POST 'http://h/api'",
		},
		{
			name: "PUT with body and no Content-Type",
			e:    store.Exchange{Method: "PUT", URL: "http://h/x", RequestBody: []byte("v")},
			want: "curl -X PUT 'http://h/x' \\\n  -H 'Content-Type:' \\\n  --data-binary 'v'",
		},
		{
			name: "GET with body",
			e:    store.Exchange{Method: "GET", URL: "http://h/x", RequestHeaders: http.Header{"Content-Type": {"text/plain"}}, RequestBody: []byte("q")},
			want: "curl -X GET 'http://h/x' \\\n  -H 'Content-Type: text/plain' \\\n  --data-binary 'q'",
		},
		{
			name: "DELETE",
			e:    store.Exchange{Method: "DELETE", URL: "http://h/x/1"},
			want: "curl -X DELETE 'http://h/x/1'",
		},
		{
			name: "HEAD",
			e:    store.Exchange{Method: "HEAD", URL: "http://h/"},
			want: "curl --head 'http://h/'",
		},
		{
			name: "odd method quoted",
			e:    store.Exchange{Method: "M;X", URL: "http://h/"},
			want: "curl -X 'M;X' 'http://h/'",
		},
		{
			name: "globbing characters and dot segments",
			e:    store.Exchange{Method: "GET", URL: "http://h/a/../b/./c?x[]=1&y={2}"},
			want: "curl --globoff --path-as-is 'http://h/a/../b/./c?x[]=1&y={2}'",
		},
		{
			name: "body starting with @",
			e:    store.Exchange{Method: "POST", URL: "http://h/", RequestHeaders: http.Header{"Content-Type": {"text/plain"}}, RequestBody: []byte("@etc/passwd")},
			want: "curl 'http://h/' \\\n  -H 'Content-Type: text/plain' \\\n  --data-raw '@etc/passwd'",
		},
		{
			name: "binary body piped from printf",
			e: store.Exchange{Method: "POST", URL: "http://h/up", RequestHeaders: http.Header{"Content-Type": {"application/octet-stream"}},
				RequestBody: []byte("a\x00\xff%\\'\r\n")},
			want: "printf 'a\\000\\377%%\\\\'\\''\\015\\012' | curl 'http://h/up' \\\n  -H 'Content-Type: application/octet-stream' \\\n  --data-binary @-",
		},
		{
			name: "piped body starting with '-' is not a printf option",
			e:    store.Exchange{Method: "POST", URL: "http://h/", RequestHeaders: http.Header{"Content-Type": {"text/plain"}}, RequestBody: []byte("--x\r\n")},
			want: "printf '\\055-x\\015\\012' | curl 'http://h/' \\\n  -H 'Content-Type: text/plain' \\\n  --data-binary @-",
		},
		{
			name: "truncated body noted",
			e: store.Exchange{Method: "PUT", URL: "http://h/big", RequestHeaders: http.Header{"Content-Type": {"text/plain"}},
				RequestBody: []byte("abc"), RequestBodySize: 1 << 21, RequestBodyTruncated: true},
			want: "# The stored request body was truncated to 3 of 2097152 bytes: this command sends only those 3 bytes.\n" +
				"curl -X PUT 'http://h/big' \\\n  -H 'Content-Type: text/plain' \\\n  --data-binary 'abc'",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Command(tc.e); got != tc.want {
				t.Errorf("Command() =\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestCommands(t *testing.T) {
	got := Commands([]store.Exchange{
		{Method: "GET", URL: "http://h/1"},
		{Method: "DELETE", URL: "http://h/2"},
	})
	if want := "curl 'http://h/1'\n\ncurl -X DELETE 'http://h/2'"; got != want {
		t.Errorf("Commands() = %q, want %q", got, want)
	}
	if got := Commands(nil); got != "" {
		t.Errorf("Commands(nil) = %q", got)
	}
}

// received is what the test server saw of one request.
type received struct {
	method, uri, host string
	header            http.Header
	body              []byte
}

// TestCommandRuns runs the commands with sh and the real curl against a
// local server and checks that it receives the recorded request.
func TestCommandRuns(t *testing.T) {
	const curlPath = "/usr/bin/curl"
	if _, err := os.Stat(curlPath); err != nil {
		t.Skipf("no curl at %s", curlPath)
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	got := make(chan received, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("read body: %v", err)
		}
		got <- received{r.Method, r.RequestURI, r.Host, r.Header, body}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")

	// A "curl" first in PATH that runs the real one quietly, never through
	// a proxy, and with a time limit; the command's arguments pass as given.
	dir := t.TempDir()
	wrapper := "#!/bin/sh\nexec " + curlPath + " -sS --noproxy '*' --max-time 10 -o /dev/null \"$@\"\n"
	if err := os.WriteFile(filepath.Join(dir, "curl"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"))

	binary := make([]byte, 256)
	for i := range binary {
		binary[i] = byte(i)
	}
	tests := []struct {
		name string
		e    store.Exchange
	}{
		{"GET with quote in header", store.Exchange{Method: "GET", URL: srv.URL + "/api/it's?q=a%20b&r=1", RequestHeaders: http.Header{
			"Accept": {"text/html", "*/*"}, "X-Quote": {`it's "so" $HOME ` + "`x`"}, "X-Empty": {""},
			"Connection": {"close"}, "Content-Length": {"0"},
		}}},
		{"POST binary body", store.Exchange{Method: "POST", URL: srv.URL + "/upload", RequestHeaders: http.Header{
			"Content-Type": {"application/octet-stream"}, "Content-Length": {"256"},
		}, RequestBody: binary}},
		{"PUT text body with quotes", store.Exchange{Method: "PUT", URL: srv.URL + "/t", RequestHeaders: http.Header{
			"Content-Type": {"application/json"},
		}, RequestBody: []byte("{\"a\": \"it's $HOME `id` \\\\ é\",\n\t\"b\": \"%s %%\"}\n")}},
		{"PATCH multipart with CRLF", store.Exchange{Method: "PATCH", URL: srv.URL + "/m", RequestHeaders: http.Header{
			"Content-Type": {"multipart/form-data; boundary=XX"},
		}, RequestBody: []byte("--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XX--\r\n")}},
		{"body starting with @ and no Content-Type", store.Exchange{Method: "POST", URL: srv.URL + "/at", RequestBody: []byte("@/etc/hostname")}},
		{"DELETE", store.Exchange{Method: "DELETE", URL: srv.URL + "/x/1"}},
		{"HEAD", store.Exchange{Method: "HEAD", URL: srv.URL + "/"}},
		{"globs and dot segments", store.Exchange{Method: "GET", URL: srv.URL + "/a/../b/./c?x[]=1&y={2}"}},
		{"other Host", store.Exchange{Method: "GET", URL: srv.URL + "/h", RequestHeaders: http.Header{"Host": {"app.example.test"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(sh, "-c", Command(tc.e))
			cmd.Env = env
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("sh -c failed: %v\n%s\ncommand:\n%s", err, stderr.Bytes(), Command(tc.e))
			}
			var r received
			select {
			case r = <-got:
			case <-time.After(5 * time.Second):
				t.Fatal("the server received no request")
			}
			u, _ := url.Parse(tc.e.URL)
			if r.method != tc.e.Method {
				t.Errorf("method = %q, want %q", r.method, tc.e.Method)
			}
			if want := u.RequestURI(); r.uri != want {
				t.Errorf("request URI = %q, want %q", r.uri, want)
			}
			wantHost := host
			if h := tc.e.RequestHeaders.Get("Host"); h != "" {
				wantHost = h
			}
			if r.host != wantHost {
				t.Errorf("Host = %q, want %q", r.host, wantHost)
			}
			for name, values := range tc.e.RequestHeaders {
				if skipped[name] || name == "Host" {
					continue
				}
				if g := r.header.Values(name); !equal(g, values) {
					t.Errorf("header %s = %q, want %q", name, g, values)
				}
			}
			if tc.e.RequestHeaders.Get("Content-Type") == "" {
				if g := r.header.Values("Content-Type"); len(g) > 0 {
					t.Errorf("curl added Content-Type %q", g)
				}
			}
			if !bytes.Equal(r.body, tc.e.RequestBody) {
				t.Errorf("body = %q, want %q", r.body, tc.e.RequestBody)
			}
		})
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
