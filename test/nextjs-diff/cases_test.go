package nextjsdiff

import (
	"fmt"
	"strings"
)

// bodyMode says how two bodies are compared.
type bodyMode int

const (
	bodyExact    bodyMode = iota // byte for byte (after port normalisation)
	bodyIgnore                   // not compared
	bodyContains                 // each of Contains is in both or in neither
	bodyNextData                 // the error data in Next's __NEXT_DATA__ (see nextDataProjection)
)

// Modes a case runs in.
const (
	prodOnly = iota
	both
	devOnly
)

// reqCase is one request sent to both servers.
type reqCase struct {
	Name    string
	Method  string
	Path    string // raw path and query, sent as written
	Headers [][2]string
	Body    []byte
	// BodyMode and Contains say how bodies are compared.
	BodyMode bodyMode
	Contains []string
	Modes    int
}

func (c reqCase) inMode(mode string) bool {
	switch c.Modes {
	case both:
		return true
	case devOnly:
		return mode == "development"
	default:
		return mode == "production"
	}
}

func (c reqCase) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", c.Method, c.Path)
	for _, h := range c.Headers {
		fmt.Fprintf(&b, " [%s: %s]", h[0], h[1])
	}
	if c.Body != nil {
		fmt.Fprintf(&b, " body(%d bytes)", len(c.Body))
	}
	return b.String()
}

func get(name, path string, headers ...[2]string) reqCase {
	return reqCase{Name: name, Method: "GET", Path: path, Headers: headers}
}

func withBody(name, method, path, contentType string, body []byte) reqCase {
	c := reqCase{Name: name, Method: method, Path: path, Body: body}
	if contentType != "" {
		c.Headers = [][2]string{{"content-type", contentType}}
	}
	return c
}

func inBoth(c reqCase) reqCase   { c.Modes = both; return c }
func devCase(c reqCase) reqCase  { c.Modes = devOnly; return c }
func h(k, v string) [2]string    { return [2]string{k, v} }
func nextData(c reqCase) reqCase { c.BodyMode = bodyNextData; return c }
func contains(c reqCase, s ...string) reqCase {
	c.BodyMode, c.Contains = bodyContains, s
	return c
}

// multipartBody is a fixed multipart/form-data body (boundary "XyZ").
const multipartBody = "--XyZ\r\n" +
	"Content-Disposition: form-data; name=\"field\"\r\n\r\n" +
	"value one\r\n" +
	"--XyZ\r\n" +
	"Content-Disposition: form-data; name=\"field\"\r\n\r\n" +
	"value two\r\n" +
	"--XyZ\r\n" +
	"Content-Disposition: form-data; name=\"upload\"; filename=\"hello.txt\"\r\n" +
	"Content-Type: text/plain\r\n\r\n" +
	"file content é\r\n" +
	"--XyZ\r\n" +
	"Content-Disposition: form-data; name=\"blob\"; filename=\"data.bin\"\r\n\r\n" +
	"\x00\x01\x02\r\n" +
	"--XyZ--\r\n"

func binaryBody() []byte {
	b := make([]byte, 70000)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}

// allCases is the request table. Names are stable: allowlist.json uses them.
func allCases() []reqCase {
	const chrome = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
	const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
	const bot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
	return []reqCase{
		// --- routing (R-ROUTE-1..4, R-ROUTE-7) ---
		inBoth(get("route-index", "/api")),
		get("route-index-query", "/api?x=1"),
		get("route-echo", "/api/echo?a=1"),
		get("route-users-index", "/api/users"),
		get("route-users-id", "/api/users/42"),
		get("route-users-id-query", "/api/users/42?x=1&x=2"),
		get("route-users-id-query-override", "/api/users/42?id=7&z=1"),
		get("route-users-id-encoded", "/api/users/a%20b%2Fc"),
		get("route-users-me-static", "/api/users/me"),
		get("route-users-nested", "/api/users/7/posts?page=2"),
		get("route-docs-catchall-one", "/api/docs/a"),
		get("route-docs-catchall-many", "/api/docs/a/b/c?slug=z"),
		get("route-docs-catchall-encoded", "/api/docs/a%2Fb/c%20d"),
		get("route-docs-static-wins", "/api/docs/intro"),
		get("route-docs-static-deeper", "/api/docs/intro/more"),
		get("404-docs-none", "/api/docs"),
		get("route-opt-none", "/api/opt"),
		get("route-opt-none-query", "/api/opt?slug=kept"),
		get("route-opt-one", "/api/opt/x"),
		get("route-opt-many", "/api/opt/x/y?slug=dropped"),
		get("route-shop-category-index", "/api/shop/books"),
		get("route-internal-query-params", "/api/users/42?nxtPid=9&nxtPfoo=1&__nextDefaultLocale=x&_rsc=1&__nextDataReq=1"),
		get("route-shop-two-params", "/api/shop/books/42?category=no"),
		get("404-unknown", "/api/nope"),
		get("404-unknown-deep", "/api/users/1/2/3"),
		get("route-underscore-file", "/api/_private"),
		get("route-test-file", "/api/thing.test"),
		get("route-trailing-slash", "/api/echo/?q=1"),
		get("route-trailing-slash-index", "/api/users/"),
		get("route-double-slash", "/api//echo"),
		get("404-dot-segment", "/api/users/../echo"),
		get("404-case-sensitive", "/api/ECHO"),
		get("404-extension-in-url", "/api/echo.ts"),
		get("route-node-runtime", "/api/node-runtime"),

		// --- App Router route handlers (R-ROUTE-6) ---
		inBoth(get("app-get", "/app-api/hello?a=1")),
		withBody("app-post", "POST", "/app-api/hello", "text/plain", []byte("hi")),
		{Name: "app-put-405", Method: "PUT", Path: "/app-api/hello"},
		{Name: "app-delete-405", Method: "DELETE", Path: "/app-api/hello"},
		{Name: "app-head-auto", Method: "HEAD", Path: "/app-api/hello"},
		{Name: "app-options-auto", Method: "OPTIONS", Path: "/app-api/hello"},
		get("app-only-post-get", "/app-api/only-post"),
		{Name: "app-only-post-head", Method: "HEAD", Path: "/app-api/only-post"},
		{Name: "app-only-post-options", Method: "OPTIONS", Path: "/app-api/only-post"},
		get("app-params-promise", "/app-api/items/9?q=1"),
		get("app-params-encoded", "/app-api/items/a%20b"),
		get("app-route-group", "/app-api/grouped"),
		get("404-app-private-folder", "/app-api/_private"),
		get("app-catchall", "/app-api/catch/x/y%2Fz"),
		get("app-optional-none", "/app-api/opt"),
		get("app-optional-many", "/app-api/opt/a/b"),
		get("app-next-headers", "/app-api/next-headers", h("x-test", "T"), h("cookie", "a=1; b=2")),
		get("app-throw", "/app-api/throw"),
		get("app-stream", "/app-api/stream"),
		get("app-trailing-slash", "/app-api/hello/"),

		// --- next/server: NextRequest (R-NEXT-1) ---
		get("req-cookies", "/api/req/cookies", h("cookie", "a=1; b=x%20y; a=2; c=%E2%9C%93; d=\"quoted\"; e; =f; g==h")),
		get("req-cookies-none", "/api/req/cookies"),
		get("req-cookies-bad-encoding", "/api/req/cookies", h("cookie", "a=%E0%A4%A; b=ok; c=%; d=a%3Bb"), h("cookie", "second=header")),
		get("req-cookies-mutate", "/api/req/cookies-mutate", h("cookie", "a=1; keep=2")),
		get("req-nexturl", "/api/req/nexturl?x=1#ignored"),
		get("req-nexturl-host", "/api/req/nexturl", h("host", "example.com:8080")),
		get("req-geo-ip", "/api/req/geo-ip", h("x-vercel-ip-city", "Paris"), h("x-real-ip", "1.2.3.4")),
		get("req-user-agent-chrome", "/api/req/user-agent", h("user-agent", chrome)),
		get("req-user-agent-iphone", "/api/req/user-agent", h("user-agent", iphone)),
		get("req-user-agent-bot", "/api/req/user-agent", h("user-agent", bot)),
		get("req-user-agent-none", "/api/req/user-agent", h("user-agent", "")),

		// --- next/server: NextResponse (R-NEXT-2) ---
		get("res-json", "/api/res/json"),
		get("res-json-plain", "/api/res/json-plain"),
		get("res-response-json", "/api/res/response-json"),
		get("res-redirect-default", "/api/res/redirect"),
		get("res-redirect-301", "/api/res/redirect?status=301"),
		get("res-redirect-302", "/api/res/redirect?status=302"),
		get("res-redirect-303", "/api/res/redirect?status=303"),
		get("res-redirect-308", "/api/res/redirect?status=308"),
		get("res-redirect-invalid-200", "/api/res/redirect?status=200"),
		get("res-redirect-invalid-304", "/api/res/redirect?status=304"),
		get("res-redirect-external", "/api/res/redirect?to=https://example.com/x%20y?z=1"),
		get("res-redirect-relative", "/api/res/redirect?relative=1&to=/api/echo"),
		get("res-redirect-init", "/api/res/redirect-init"),
		get("res-response-redirect", "/api/res/response-redirect"),
		get("res-next", "/api/res/next"),
		get("res-rewrite", "/api/res/rewrite"),
		get("res-members", "/api/res/members"),

		// --- cookies (R-NEXT-2) ---
		get("cookies-set-every-option", "/api/cookies/set"),
		get("cookies-get", "/api/cookies/get"),
		get("cookies-delete", "/api/cookies/delete"),
		get("cookies-raw", "/api/cookies/raw"),
		get("cookies-mixed", "/api/cookies/mixed"),

		// --- errors (R-HANDLER-2..4) ---
		get("err-throw", "/api/errors/throw"),
		get("err-throw-string", "/api/errors/throw-string"),
		get("err-reject", "/api/errors/reject"),
		get("err-non-response", "/api/errors/non-response"),
		get("err-string-return", "/api/errors/string-return"),
		get("err-undefined-return", "/api/errors/undefined-return"),
		get("err-no-default", "/api/errors/no-default"),
		get("err-bad-status-600", "/api/errors/bad-status?s=600"),
		get("err-bad-status-199", "/api/errors/bad-status?s=199"),
		get("err-bad-status-101", "/api/errors/bad-status?s=101"),
		get("err-module-throw", "/api/errors/module-throw"),
		get("err-node-builtin", "/api/errors/node-builtin"),

		// --- streaming (R-HANDLER-6) ---
		get("stream-chunks", "/api/stream/chunks"),
		get("stream-sse", "/api/stream/sse"),
		get("stream-string-chunks", "/api/stream/string-chunks"),
		get("stream-error-midway", "/api/stream/error-midway"),

		// --- request bodies ---
		withBody("body-json", "POST", "/api/body/json", "application/json", []byte(`{"a":[1,2,{"b":null}],"u":"\u00e9"}`)),
		withBody("body-json-invalid", "POST", "/api/body/json", "application/json", []byte(`{"a":`)),
		withBody("body-json-empty", "POST", "/api/body/json", "application/json", nil),
		withBody("body-urlencoded", "POST", "/api/body/form", "application/x-www-form-urlencoded", []byte("a=1&b=x+y&b=%E2%9C%93&empty=&novalue")),
		withBody("body-multipart", "POST", "/api/body/form", "multipart/form-data; boundary=XyZ", []byte(multipartBody)),
		withBody("body-form-wrong-type", "POST", "/api/body/form", "text/plain", []byte("a=1")),
		withBody("body-binary", "POST", "/api/body/binary", "application/octet-stream", binaryBody()),
		withBody("body-binary-echo", "PUT", "/api/body/binary?echo=1", "application/octet-stream", binaryBody()),
		withBody("body-text-utf8", "POST", "/api/body/text", "text/plain; charset=utf-8", []byte("héllo\u2603\n")),
		withBody("body-text-get-with-body", "DELETE", "/api/body/text", "", []byte("delete body")),
		get("body-text-none", "/api/body/text"),
		withBody("body-stream-echo", "POST", "/api/body/stream", "application/x-custom", []byte(strings.Repeat("stream-me ", 2000))),

		// --- methods ---
		{Name: "method-head", Method: "HEAD", Path: "/api/misc/methods"},
		{Name: "method-options", Method: "OPTIONS", Path: "/api/misc/methods"},
		withBody("method-patch", "PATCH", "/api/misc/methods", "text/plain", []byte("p")),
		{Name: "method-delete", Method: "DELETE", Path: "/api/misc/methods"},
		{Name: "method-custom", Method: "PURGE", Path: "/api/misc/methods"},

		// --- status codes and statusText ---
		get("status-201-text", "/api/status/201?text=Made%20It"),
		get("status-204", "/api/status/204"),
		get("status-204-body", "/api/status/204?body=x"),
		get("status-304", "/api/status/304"),
		get("status-404-body", "/api/status/404?body=custom%20not%20found"),
		get("status-418", "/api/status/418"),
		get("status-499-unknown", "/api/status/499?body=x"),
		get("status-500-text", "/api/status/500?text=Broken&body=b"),
		get("status-599", "/api/status/599"),
		get("status-200-empty-text", "/api/status/200?text="),

		// --- headers (R-HANDLER-7, R-REQ-1) ---
		get("headers-request", "/api/headers/request", h("x-multi", "one"), h("x-multi", "two"), h("X-Upper", "V"),
			h("x-forwarded-for", "9.9.9.9"), h("x-forwarded-host", "spoofed.example"), h("x-real-ip", "8.8.8.8")),
		get("headers-response", "/api/headers/response"),
		get("headers-ct-string", "/api/headers/content-types?kind=string"),
		get("headers-ct-bytes", "/api/headers/content-types?kind=bytes"),
		get("headers-ct-blob", "/api/headers/content-types?kind=blob"),
		get("headers-ct-params", "/api/headers/content-types?kind=params"),
		get("headers-ct-form", "/api/headers/content-types?kind=form"),
		get("headers-ct-empty", "/api/headers/content-types?kind=empty"),
		get("headers-ct-emptystr", "/api/headers/content-types?kind=emptystr"),
		get("headers-gzip", "/api/headers/response", h("accept-encoding", "gzip")),
		get("headers-gzip-large", "/api/headers/response?big=1", h("accept-encoding", "gzip, deflate, br")),
		get("headers-large-no-gzip", "/api/headers/response?big=1"),
		get("headers-echo-all", "/api/echo", h("accept", "*/*"), h("x-custom", "c")),
		get("headers-forwarded-spoof", "/api/headers/request", h("x-forwarded-proto", "https"), h("x-forwarded-port", "443"),
			h("forwarded", "for=1.1.1.1"), h("x-vercel-id", "fake"), h("x-middleware-subrequest", "pages/api/headers/request")),
		withBody("headers-request-post", "POST", "/api/headers/request", "application/json", []byte(`{}`)),

		// --- query edge cases ---
		get("query-repeated", "/api/misc/query?a=1&a=2&b=3"),
		get("query-empty-and-novalue", "/api/misc/query?a=&b&=c&&"),
		get("query-plus-and-space", "/api/misc/query?q=a+b%20c%2B"),
		get("query-unicode", "/api/misc/query?n=%E2%9C%93&raw=é"),
		get("query-encoded-amp", "/api/misc/query?x=a%26b%3Dc"),
		get("query-bad-percent", "/api/misc/query?x=%zz&y=%E2"),
		get("query-only-question", "/api/misc/query?"),
		get("query-fragment-chars", "/api/misc/query?a=%23b"),

		// --- packages people use in edge routes (R-MOD-1) ---
		withBody("pkg-zod-valid", "POST", "/api/pkg/zod", "application/json", []byte(`{"name":"Ada","age":36,"email":"ada@example.com"}`)),
		withBody("pkg-zod-invalid", "POST", "/api/pkg/zod", "application/json", []byte(`{"name":"A","age":-1.5,"email":"nope"}`)),
		get("pkg-jose", "/api/pkg/jose"),
		get("pkg-nanoid", "/api/pkg/nanoid"),
		get("pkg-upstash", "/api/pkg/upstash"),
		get("pkg-upstash-bad-token", "/api/pkg/upstash?bad-token"),
		get("pkg-hono-get", "/app-api/hono/hello?q=1"),
		withBody("pkg-hono-post", "POST", "/app-api/hono/echo", "application/json", []byte(`{"x":[1,"two"]}`)),
		get("pkg-hono-404", "/app-api/hono/missing"),
		get("asset-fetch", "/api/pkg/asset"),
		inBoth(get("wasm-module", "/api/pkg/wasm?a=40")),

		// --- env and globals (R-RT-1, R-RT-4) ---
		inBoth(get("env-files", "/api/misc/env")),
		get("env-host", "/api/misc/env?host"),
		inBoth(get("env-inline", "/api/misc/env-inline")),
		get("globals", "/api/misc/globals"),
		get("globals-require", "/api/misc/globals?require"),
		// Dynamic code the build cannot see (R-RT-3): refused at run time
		// by next start, run by next dev.
		inBoth(get("dyn-eval", "/api/dyn/indirect?form=eval")),
		inBoth(get("dyn-function", "/api/dyn/indirect?form=function")),
		inBoth(get("dyn-wasm-compile", "/api/dyn/indirect?form=wasm-compile")),
		inBoth(get("dyn-wasm-instantiate", "/api/dyn/indirect?form=wasm-instantiate")),
		get("wait-until", "/api/misc/wait-until"),

		// --- development-mode specifics (R-MODE-1) ---
		// next dev renders its error page on the client from __NEXT_DATA__'s err
		// object (name, message, stack, source "edge-server"; SPEC R-HANDLER-4).
		devCase(nextData(get("dev-err-throw", "/api/errors/throw"))),
		devCase(nextData(get("dev-err-throw-string", "/api/errors/throw-string"))),
		devCase(nextData(get("dev-err-reject", "/api/errors/reject?q=1"))),
		devCase(nextData(get("dev-err-non-response", "/api/errors/non-response"))),
		devCase(nextData(get("dev-err-string-return", "/api/errors/string-return"))),
		devCase(nextData(get("dev-err-no-default", "/api/errors/no-default"))),
		devCase(nextData(get("dev-err-bad-status", "/api/errors/bad-status?s=600"))),
		devCase(nextData(get("dev-err-module-throw", "/api/errors/module-throw"))),
		devCase(nextData(get("dev-err-node-builtin", "/api/errors/node-builtin"))),
		devCase(nextData(get("dev-res-redirect-invalid", "/api/res/redirect?status=200"))),
		devCase(nextData(get("dev-res-redirect-relative", "/api/res/redirect?relative=1&to=/api/echo"))),
		devCase(get("dev-stream-string-chunks", "/api/stream/string-chunks")),
		devCase(nextData(get("dev-app-throw", "/app-api/throw"))),
		devCase(nextData(get("404-dev", "/api/nope"))),
		devCase(get("dev-err-undefined-return", "/api/errors/undefined-return")),
		devCase(get("dev-req-nexturl", "/api/req/nexturl?x=1")),
		devCase(get("dev-res-json", "/api/res/json")),
		devCase(get("dev-cookies-set", "/api/cookies/set")),
	}
}
