package webapi

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
)

// rawHeaderServer answers /raw with the request's header lines as the
// server read them off the socket (name spelling included), and /latin1
// with a response header holding the bytes 0xE9 and 0xFF.
func rawHeaderServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/raw", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var b strings.Builder
		for k, vs := range r.Header {
			for _, v := range vs {
				fmt.Fprintf(&b, "%s=%q\n", k, v)
			}
		}
		fmt.Fprintf(&b, "body=%q", body)
		_, _ = io.WriteString(w, b.String())
	})
	mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["X-Bytes"] = []string{"a\xe9\xffb"}
		w.Header()["X-Echo"] = []string{r.Header.Get("X-In")}
	})
	srv := httptest.NewUnstartedServer(mux)
	srv.Config.DisableGeneralOptionsHandler = true
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// keyRecorder is a Transport that writes the request's header map keys
// (as Go will put them on the wire) into the X-Keys request header.
type keyRecorder struct{ next http.RoundTripper }

func (k keyRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	var keys []string
	for key, vs := range r.Header {
		keys = append(keys, fmt.Sprintf("%s=%q", key, strings.Join(vs, "|")))
	}
	sort.Strings(keys)
	r.Header.Set("X-Keys", strings.Join(keys, ","))
	return k.next.RoundTrip(r)
}

// TestFetchWire checks what goes on the wire: header names as first given,
// values of one name combined, header bytes isomorphic both ways, data: URL
// HEAD without body, multipart names and filenames escaped as HTML says.
func TestFetchWire(t *testing.T) {
	srv := rawHeaderServer(t)
	u := srv.URL
	cases := []struct {
		name, src string
		want      []string // substrings of the result
	}{
		{"name case and combining", `const r = await fetch('` + u + `/raw', {headers: [['THIS-is-A-test', '1'], ['THIS-IS-A-TEST', '2']]}); return await r.text()`,
			[]string{`THIS-is-A-test=\"1, 2\"`}},
		{"Headers keep the first spelling", `const h = new Headers([['X-Aa', '1']]); h.append('x-aa', '2'); h.set('X-AA', '3');
			const r = await fetch('` + u + `/raw', {headers: h}); return [...h].join(';') + '\n' + await r.text()`,
			[]string{"x-aa,3\n", `X-Aa=\"3\"`}},
		{"user-agent not doubled", `const r = await fetch('` + u + `/raw', {headers: {'user-agent': 'me'}}); return await r.text()`,
			[]string{`User-Agent="me"`}},
		{"latin1 request header bytes", `const r = await fetch('` + u + `/latin1', {headers: {'x-in': 'caf\xe9'}}); return escape(r.headers.get('x-echo'))`,
			[]string{"caf%E9"}},
		{"latin1 response header bytes", `const r = await fetch('` + u + `/latin1'); return escape(r.headers.get('x-bytes'))`,
			[]string{"a%E9%FFb"}},
		{"control byte in a value", `try { await fetch('` + u + `/raw', {headers: {'X-Ctl': 'a\x01b'}}) } catch (e) { return e.cause.code + ' ' + e.cause.message }`,
			[]string{"UND_ERR_INVALID_ARG invalid X-Ctl header"}},
		{"data: HEAD has no body", `const r = await fetch('data:,hello', {method: 'HEAD'}); return String(r.body) + '|' + await r.text()`,
			[]string{"null|"}},
		{"multipart names and filenames", `const f = new FormData(); f.append('a\nb"c', 'v\rw'); f.append('file', new Blob(['x']), 'n\r\n"m');
			const r = await fetch('` + u + `/raw', {method: 'POST', body: f}); return await r.text()`,
			[]string{`name=\"a%0D%0Ab%22c\"\r\n\r\nv\r\nw\r\n`, `filename=\"n%0D%0A%22m\"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, func(o *Options) { o.Transport = keyRecorder{srv.Client().Transport} })
			v, err := e.await(c.src)
			if err != nil {
				t.Fatal(err)
			}
			got := v.String()
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("got %q\nwant it to contain %q", got, w)
				}
			}
		})
	}
}

func TestEncodeMultipartEscapes(t *testing.T) {
	body, boundary, err := encodeMultipart([]formPart{
		{name: "a\rb", data: []byte("x\ny")},
		{name: "f", isFile: true, filename: "a\nb\"", data: []byte("raw\r")},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"a%0D%0Ab\"\r\n\r\nx\r\ny\r\n" +
		"--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a%0Ab%22\"\r\nContent-Type: application/octet-stream\r\n\r\nraw\r\r\n" +
		"--" + boundary + "--"
	if !bytes.Equal(body, []byte(want)) {
		t.Errorf("got  %q\nwant %q", body, want)
	}
}
