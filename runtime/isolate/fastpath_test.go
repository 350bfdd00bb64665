package isolate

import (
	"context"
	"strings"
	"testing"
)

// fastPathHeaders is what a browser-like client sends, with two Cookie
// headers (Headers joins them with ", ") and the legacy geo/ip headers.
var fastPathHeaders = [][2]string{
	{"Host", "localhost:3000"}, {"user-agent", "curl/8.5.0"}, {"accept", "*/*"},
	{"cookie", "a=1; b=two%20words"}, {"Cookie", "c=3"},
	{"x-real-ip", "10.0.0.7"}, {"x-vercel-ip-city", "S%C3%A3o%20Paulo"}, {"x-vercel-ip-country", "BR"},
}

// TestIncomingNextRequestMatchesEager checks that the NextRequest the host
// builds directly from the incoming request (lazy cookies, nextUrl and url)
// is indistinguishable from the one Next.js' adapter builds eagerly from a
// copy of it (R-HANDLER-1, R-NEXT-1): each probe runs on the handler's
// request and on internals.createRequest(page, new Request(req)) made at the
// handler's start, and both answers must agree.
func TestIncomingNextRequestMatchesEager(t *testing.T) {
	probes := []struct {
		name  string
		next  int
		probe string // an expression over r
	}{
		{"class", 15, "[r instanceof NextRequest, r instanceof Request, r.constructor.name, Object.getPrototypeOf(Object.getPrototypeOf(r)) === NextRequest.prototype]"},
		{"own keys", 15, "[Reflect.ownKeys(r).map(String), Object.keys(r), r.sourcePage]"},
		{"url", 15, "[r.url, r.nextUrl.href, r.nextUrl.pathname, r.nextUrl.search, r.nextUrl.searchParams.get('q'), r.nextUrl.basePath]"},
		{"url then nextUrl", 15, "[r.url, r.nextUrl.host]"},
		{"nextUrl then url", 15, "[r.nextUrl.host, r.url]"},
		{"url after nextUrl change", 15, "(r.nextUrl.pathname = '/changed', [r.url, r.nextUrl.pathname])"},
		{"cookies", 15, "[r.cookies.get('a'), r.cookies.get('b'), r.cookies.get('c'), r.cookies.size, r.cookies.getAll(), String(r.cookies), r.cookies === r.cookies]"},
		{"cookies after header change", 15, "(r.headers.set('cookie', 'z=9'), [r.cookies.has('z'), r.cookies.getAll()])"},
		{"cookie set writes header", 15, "(r.cookies.set('d', '4'), [r.headers.get('cookie'), r.cookies.size])"},
		{"cookies inspect", 15, "[r.cookies[Symbol.for('edge-runtime.inspect.custom')](), r.cookies instanceof Object.getPrototypeOf(r.cookies).constructor]"},
		{"request fields", 15, "[r.method, r.mode, r.referrer, r.cache, r.credentials, r.redirect, r.bodyUsed, r.body, [...r.headers], r.signal.aborted]"},
		{"inspect view", 15, "Object.keys(r[Symbol.for('edge-runtime.inspect.custom')]())"},
		{"deprecated", 15, "[(() => { try { return r.page } catch (e) { return e.message } })(), (() => { try { return r.request } catch (e) { return e.message } })()]"},
		{"geo and ip in 15", 15, "[r.geo, r.ip, 'geo' in r]"},
		{"geo and ip in 14", 14, "[r.geo, r.ip, 'geo' in r]"},
		{"clone", 15, "(() => { const c = r.clone(); return [c.constructor.name, c.url, [...c.headers]]; })()"},
	}
	for _, p := range probes {
		t.Run(p.name, func(t *testing.T) {
			src := `import { NextRequest } from 'next/server'

export const config = { runtime: 'edge' }
const internals = require('next/server')[Symbol.for('edgeplay.next-server.internals')]
const look = (r) => JSON.stringify(` + p.probe + `)
export default (req) => {
  const eager = internals.createRequest(req.sourcePage, new Request(req))
  return Response.json({ fast: look(req), eager: look(eager) })
}
`
			prog := compileSource(t, src)
			pool := engine.NewPool(prog, Options{Size: 1, NextVersion: p.next})
			defer pool.Close()
			res, err := pool.Serve(context.Background(), Request{URL: "http://127.0.0.1:3000/api/r?q=1", Method: "GET", Headers: fastPathHeaders})
			if err != nil {
				t.Fatal(err)
			}
			body := string(res.Body)
			fast, eager, ok := splitFastEager(body)
			if !ok {
				t.Fatalf("body = %s", body)
			}
			if fast != eager {
				t.Errorf("host-built request differs:\n fast:  %s\n eager: %s", fast, eager)
			}
		})
	}
}

// splitFastEager parses {"fast":"…","eager":"…"} without caring about the
// escaping inside (both sides are escaped alike).
func splitFastEager(body string) (fast, eager string, ok bool) {
	const a, b = `{"fast":`, `,"eager":`
	if !strings.HasPrefix(body, a) || !strings.HasSuffix(body, "}") {
		return "", "", false
	}
	rest := strings.TrimSuffix(strings.TrimPrefix(body, a), "}")
	i := strings.Index(rest, b)
	if i < 0 {
		return "", "", false
	}
	return rest[:i], rest[i+len(b):], true
}

// TestIncomingNextRequestConsoleLog checks console.log of the handler's
// request prints what it prints for an eagerly built NextRequest.
func TestIncomingNextRequestConsoleLog(t *testing.T) {
	src := `import * as nextServer from 'next/server'
export const config = { runtime: 'edge' }
const internals = require('next/server')[Symbol.for('edgeplay.next-server.internals')]
export default (req) => {
  const eager = internals.createRequest(req.sourcePage, new Request(req))
  console.log(req)
  console.log(eager)
  return new Response('ok')
}
`
	prog := compileSource(t, src)
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	res, err := pool.Serve(context.Background(), Request{URL: "http://localhost:3000/api/r", Method: "GET", Headers: fastPathHeaders})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Logs) != 2 {
		t.Fatalf("logs = %+v", res.Logs)
	}
	if res.Logs[0].Message != res.Logs[1].Message {
		t.Errorf("console.log differs:\n fast:  %s\n eager: %s", res.Logs[0].Message, res.Logs[1].Message)
	}
	if !strings.Contains(res.Logs[0].Message, "NextRequestHint") {
		t.Errorf("console.log output lacks the class: %s", res.Logs[0].Message)
	}
}

// TestFinalizeResponseFastPath checks the adapter step still rewrites what
// it must once plain responses skip it (R-NEXT-2): only responses carrying
// x-middleware-set-cookie, x-middleware-rewrite or Location are changed.
func TestFinalizeResponseFastPath(t *testing.T) {
	cases := []struct {
		name    string
		handler string
		status  int
		want    map[string]string // header → value ("" = absent)
	}{
		{"plain response", "new Response('hi', { headers: { 'x-a': '1' } })", 200,
			map[string]string{"x-a": "1", "content-type": "text/plain;charset=UTF-8"}},
		{"next response with cookie", "(() => { const r = NextResponse.json({}); r.cookies.set('s', '1'); return r })()", 200,
			map[string]string{"x-middleware-set-cookie": "", "set-cookie": "s=1; Path=/"}},
		{"same-host location", "new Response(null, { status: 307, headers: { Location: 'http://127.0.0.1:3000/x' } })", 307,
			map[string]string{"location": "http://localhost:3000/x"}},
		{"other-host location", "new Response(null, { status: 307, headers: { Location: 'https://example.com/x' } })", 307,
			map[string]string{"location": "https://example.com/x"}},
		{"same-host rewrite", "new Response(null, { headers: { 'x-middleware-rewrite': 'http://127.0.0.1:3000/y' } })", 200,
			map[string]string{"x-middleware-rewrite": "http://localhost:3000/y"}},
		{"subclass with own headers getter", "new (class extends Response { get headers() { const h = new Headers(super.headers); h.set('x-sub', '1'); return h } })('b')", 200,
			map[string]string{"content-type": "text/plain;charset=UTF-8"}},
		{"no response", "undefined", 200, map[string]string{"x-middleware-next": "1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "import { NextResponse } from 'next/server'\nexport const config = { runtime: 'edge' }\nexport default () => " + c.handler + "\n"
			prog := compileSource(t, src)
			pool := engine.NewPool(prog, Options{Size: 1})
			defer pool.Close()
			res, err := pool.Serve(context.Background(), Request{URL: "http://localhost:3000/api/r", Method: "GET"})
			if err != nil {
				t.Fatal(err)
			}
			if res.Stream != nil {
				res.Stream.Close()
			}
			if res.Status != c.status {
				t.Errorf("status = %d, want %d", res.Status, c.status)
			}
			got := map[string]string{}
			for _, h := range res.Headers {
				got[strings.ToLower(h[0])] = h[1]
			}
			for name, want := range c.want {
				if got[name] != want {
					t.Errorf("%s = %q, want %q (headers %v)", name, got[name], want, res.Headers)
				}
			}
		})
	}
}

// TestRelativeLocationStillThrows checks the slow path's TypeError for a
// relative Location survives the fast path (Next.js 15.5).
func TestRelativeLocationStillThrows(t *testing.T) {
	prog := compileSource(t, "export const config = { runtime: 'edge' }\nexport default () => new Response(null, { status: 302, headers: { Location: '/rel' } })\n")
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	_, err := pool.Serve(context.Background(), Request{URL: "http://localhost:3000/api/r", Method: "GET"})
	if err == nil || !strings.Contains(err.Error()+herrMessage(err), "Invalid URL") {
		t.Fatalf("err = %v", err)
	}
}

func herrMessage(err error) string {
	if h, ok := err.(*HandlerError); ok {
		return h.Name + ": " + h.Message
	}
	return ""
}
