package webapi

import "testing"

// TestIncomingRequestLazyParts checks that an incoming request's headers
// list and signal, made only when first used, behave as if made at once,
// whichever use comes first.
func TestIncomingRequestLazyParts(t *testing.T) {
	headers := [][2]string{{"Host", "localhost:3000"}, {"X-Forwarded-For", "127.0.0.1"}, {"Accept", "*/*"}, {"accept", "text/html"}}
	for _, tc := range []struct {
		name, src, want string
		abortFirst      bool
	}{
		{"get", `req.headers.get('accept')`, "*/*, text/html", false},
		{"has then keys", `[req.headers.has('HOST'), [...req.headers.keys()].join('+')].join(' ')`, "true accept+host+x-forwarded-for", false},
		{"entries in order", `JSON.stringify([...req.headers])`, `[["accept","*/*, text/html"],["host","localhost:3000"],["x-forwarded-for","127.0.0.1"]]`, false},
		{"append then get", `req.headers.append('x-a', '1'); req.headers.get('x-a') + ' ' + [...req.headers.keys()].length`, "1 4", false},
		{"set replaces", `req.headers.set('accept', 'x'); JSON.stringify([...req.headers.entries()][0])`, `["accept","x"]`, false},
		{"delete", `req.headers.delete('accept'); [...req.headers.keys()].join('+')`, "host+x-forwarded-for", false},
		{"copied into Headers", `JSON.stringify([...new Headers(req.headers)])`, `[["accept","*/*, text/html"],["host","localhost:3000"],["x-forwarded-for","127.0.0.1"]]`, false},
		{"copied into Request", `new Request(req).headers.get('host')`, "localhost:3000", false},
		{"cloned", `req.clone().headers.get('x-forwarded-for')`, "127.0.0.1", false},
		{"getSetCookie", `req.headers.getSetCookie().length`, "0", false},
		{"signal same object", `String(req.signal === req.signal) + ' ' + req.signal.aborted`, "true false", false},
		{"aborted before first read", `[req.signal.aborted, req.signal.reason.name].join()`, "true,AbortError", true},
		{"aborted before a copy", `[new Request(req).signal.aborted, req.clone().signal.aborted].join()`, "true,true", true},
		{"copy not aborted", `new Request(req).signal.aborted`, "false", false},
		{"state defaults", `[req.mode, req.cache, req.credentials, req.redirect, req.referrer, req.keepalive, req.priority === undefined].join()`, "cors,default,same-origin,follow,about:client,false,true", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			req, err := e.b.NewRequest(IncomingRequest{URL: "http://localhost:3000/api/x", Method: "GET", Headers: headers})
			if err != nil {
				t.Fatal(err)
			}
			if err := e.rt.Set("req", req); err != nil {
				t.Fatal(err)
			}
			if tc.abortFirst {
				if err := e.b.AbortRequest(req); err != nil {
					t.Fatal(err)
				}
			}
			v, err := e.rt.RunString(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			if got := v.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRestParameterLengths checks that the members written with a rest
// parameter (to avoid goja's arguments object) keep their WebIDL length
// and still count their arguments.
func TestRestParameterLengths(t *testing.T) {
	e := newEnv(t)
	v, err := e.rt.RunString(`[Request.length, URL.length, Headers.prototype.get.length, URLSearchParams.prototype.get.length,
		Object.getOwnPropertyDescriptor(Request, 'length').writable, Object.getOwnPropertyDescriptor(Request, 'length').configurable,
		Object.keys(Request).length].join()`)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.String(); got != "1,1,1,1,false,true,0" {
		t.Errorf("got %q", got)
	}
	for src, want := range map[string]string{
		`new Request()`:                             "TypeError: Failed to construct 'Request': 1 argument required, but only 0 present.",
		`new URL()`:                                 "TypeError: Failed to construct 'URL': 1 argument required, but only 0 present.",
		`new Headers().get()`:                       "TypeError: Failed to execute 'get' on 'Headers': 1 argument required, but only 0 present.",
		`new URLSearchParams('a=1').get()`:          "TypeError: Failed to execute 'get' on 'URLSearchParams': 1 argument required, but only 0 present.",
		`new Request(undefined)`:                    "TypeError: Failed to parse URL from undefined",
		`new URLSearchParams('a=1').get(undefined)`: "null",
	} {
		v, err := e.rt.RunString(`try { String(` + src + `) } catch (e) { String(e) }`)
		if err != nil {
			t.Fatal(err)
		}
		if got := v.String(); got != want {
			t.Errorf("%s: got %q, want %q", src, got, want)
		}
	}
}
