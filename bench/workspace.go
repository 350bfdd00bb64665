package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"edgeplay/examples"
)

// streamChunk and streamChunks make the streamed response: 16 chunks of
// 64 KiB, 1 MiB in all.
const (
	streamChunk  = 64 << 10
	streamChunks = 16
)

// benchCookie is the Cookie header wrk sends to the cookie-reading route.
const benchCookie = "theme=dark; session=s3ss10n-t0k3n; lang=en"

// Routes the examples lack, added to a temporary copy of the built-in
// workspace (examples/ itself is never edited).
var extraRoutes = map[string]string{
	// A cookie-reading handler: NextRequest's cookies, as a user writes it.
	"pages/api/cookies.ts": `import type { NextRequest } from 'next/server'

export const config = {
  runtime: 'edge',
}

export default function handler(req: NextRequest) {
  return new Response(req.cookies.get('session')?.value ?? 'no session')
}
`,
	// 1 MiB streamed in 64 KiB chunks, one per pull.
	"pages/api/stream.ts": `export const config = {
  runtime: 'edge',
}

const chunk = new Uint8Array(` + strconv.Itoa(streamChunk) + `).fill(97)

export default function handler() {
  let sent = 0
  const body = new ReadableStream({
    pull(controller) {
      if (sent++ < ` + strconv.Itoa(streamChunks) + `) controller.enqueue(chunk)
      else controller.close()
    },
  })
  return new Response(body, { headers: { 'content-type': 'application/octet-stream' } })
}
`,
	// The route the edit measurement rewrites.
	"pages/api/edit.ts": editRoute(0),
	// Holds its isolate for a while, so concurrent requests warm several.
	"pages/api/hold.ts": `export const config = {
  runtime: 'edge',
}

export default async function handler() {
  await new Promise((resolve) => setTimeout(resolve, 300))
  return new Response('held')
}
`,
}

// editRoute is the edit route's source answering editBody(n).
func editRoute(n int) string {
	return "export const config = {\n  runtime: 'edge',\n}\n\nexport default () => new Response('" + editBody(n) + "')\n"
}

// editBody is the body of the edit route's n-th version.
func editBody(n int) string { return fmt.Sprintf("edit-%04d", n) }

// endpoint is one measured path with the bytes every server must answer.
type endpoint struct {
	Name    string // short label for the table
	Path    string // path and query
	File    string // route file in the workspace
	Headers []string
	Body    func() []byte
}

var endpoints = []endpoint{
	{Name: "/api/basic", Path: "/api/basic", File: "pages/api/basic.ts",
		Body: func() []byte { return []byte("Hello world!") }},
	{Name: "/api/json", Path: "/api/json", File: "pages/api/json.ts",
		Body: func() []byte { return []byte(`{"name":"Jim Halpert"}`) }},
	{Name: "/api/query-parameters", Path: "/api/query-parameters?email=jim@dundermifflin.com", File: "pages/api/query-parameters.ts",
		Body: func() []byte { return []byte("jim@dundermifflin.com") }},
	{Name: "cookie (/api/cookies)", Path: "/api/cookies", File: "pages/api/cookies.ts", Headers: []string{"Cookie: " + benchCookie},
		Body: func() []byte { return []byte("s3ss10n-t0k3n") }},
	{Name: "1 MiB stream (/api/stream)", Path: "/api/stream", File: "pages/api/stream.ts",
		Body: func() []byte { return []byte(strings.Repeat("a", streamChunk*streamChunks)) }},
}

// writeWorkspace extracts the built-in examples into dir and adds the
// bench's own routes.
func writeWorkspace(dir string) error {
	if err := examples.Extract(dir, true); err != nil {
		return fmt.Errorf("bench workspace: %w", err)
	}
	for name, src := range extraRoutes {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(src), 0o644); err != nil {
			return fmt.Errorf("bench workspace: %w", err)
		}
	}
	return nil
}

// rewriteRoute replaces a route file the way an editor's atomic save does
// (write a temporary file beside the workspace's routes, then rename), so
// the server never reads a half-written file.
func rewriteRoute(dir, name, src string) error {
	tmp, err := os.CreateTemp(dir, ".bench-edit-*")
	if err != nil {
		return fmt.Errorf("edit %s: %w", name, err)
	}
	if _, err := tmp.WriteString(src); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("edit %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("edit %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, filepath.FromSlash(name))); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("edit %s: %w", name, err)
	}
	return nil
}

// edgeRuntimeScript turns the endpoints' route files in the workspace dir
// into one script for the edge-runtime package: each handler transpiled by
// esbuild from the same source Edgeplay serves, and a fetch listener that
// dispatches on the path. Next.js hands edge API routes a NextRequest; the
// script gives edge-runtime's Request only the lazy `cookies.get` the
// cookie route reads, which is less work than a NextRequest, so the
// comparison leans towards edge-runtime.
func edgeRuntimeScript(dir string) (string, error) {
	var b strings.Builder
	b.WriteString(edgeRuntimePrelude)
	b.WriteString("const routes = Object.create(null);\n")
	for i, ep := range endpoints {
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(ep.File)))
		if err != nil {
			return "", fmt.Errorf("edge-runtime script: %w", err)
		}
		name := "__bench_route_" + strconv.Itoa(i)
		res := api.Transform(string(src), api.TransformOptions{
			Loader:     api.LoaderTS,
			Format:     api.FormatIIFE,
			GlobalName: name,
			Target:     api.ES2022,
			Sourcefile: ep.File,
		})
		if len(res.Errors) > 0 {
			return "", fmt.Errorf("edge-runtime script: transpile %s: %s", ep.File, res.Errors[0].Text)
		}
		b.Write(res.Code)
		path, _, _ := strings.Cut(ep.Path, "?")
		fmt.Fprintf(&b, "routes[%q] = %s.default;\n", path, name)
	}
	b.WriteString(edgeRuntimeDispatch)
	return b.String(), nil
}

// edgeRuntimePrelude defines the cookie accessor on Request.prototype once,
// so requests that do not read cookies pay nothing for it.
const edgeRuntimePrelude = `"use strict";
Object.defineProperty(Request.prototype, 'cookies', {
  configurable: true,
  get() {
    const header = this.headers.get('cookie') || '';
    const jar = new Map();
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const name = part.slice(0, eq).trim();
      if (!jar.has(name)) jar.set(name, { name, value: decodeURIComponent(part.slice(eq + 1).trim()) });
    }
    return { get: (name) => jar.get(name) };
  },
});
`

// edgeRuntimeDispatch routes each fetch event by its path, without
// building a URL object.
const edgeRuntimeDispatch = `addEventListener('fetch', (event) => {
  const url = event.request.url;
  const start = url.indexOf('/', url.indexOf('//') + 2);
  let end = url.indexOf('?', start);
  if (end < 0) end = url.length;
  const handler = routes[url.slice(start, end)];
  event.respondWith(handler ? handler(event.request, event) : new Response('not found', { status: 404 }));
});
`
