package server

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"

	"edgeplay/runtime/isolate"
)

// errorPageRequest is what Next.js's error page shows of the failed
// request: the host name and the query of the URL the handler saw.
type errorPageRequest struct {
	Hostname string
	RawQuery string
}

// errorPage renders the 500 page Next.js answers with when a handler
// fails (R-HANDLER-4), as `next start` and `next dev` render it (observed
// on Next 15.5 by test/nextjs-diff). Edgeplay has no client bundle, so the
// script tags that load Next's chunks are left out. Production's page is
// Next's markup with its __NEXT_DATA__; development's carries the error in
// __NEXT_DATA__.err as Next's does (source "edge-server"), and, since Next's
// overlay script is not there to show it, also shows it on the page.
func errorPage(herr *isolate.HandlerError, dev bool, req errorPageRequest) string {
	extra := ""
	if dev {
		extra = fmt.Sprintf(`<pre id="edgeplay-error" style="text-align:left;white-space:pre-wrap;max-width:90vw;margin:24px auto;font-size:13px;line-height:normal">%s</pre>`, html.EscapeString(herr.Detail()))
	}
	return nextPageHTML("500", "Internal Server Error", extra, nextData(herr, dev, req))
}

// notFoundPage is Next.js's 404 page for a URL no route matches, with
// Edgeplay's hint (the nearest routes, R-ROUTE-7) under its message.
func notFoundPage(hint string, req errorPageRequest) string {
	extra := hintParagraph(hint)
	data := `{"props":{"pageProps":{"statusCode":404}},"page":"/_error","query":` + queryJSON(req.RawQuery) +
		`,"buildId":"edgeplay","isFallback":false,"gip":true,"scriptLoader":[]}`
	return nextPageHTML("404", "This page could not be found", extra, data)
}

// appNotFoundPage is the not-found page `next dev` renders with the App
// Router when the workspace has an app/ directory (observed on Next 15.5 by
// test/nextjs-diff): its visible markup, without the React Server
// Components payload and scripts Edgeplay has no client for, and with
// Edgeplay's hint (R-ROUTE-7) under the message.
func appNotFoundPage(hint string) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><meta name="robots" content="noindex"/><title>404: This page could not be found.</title></head><body><div hidden=""><!--$--><!--/$--></div>`)
	b.WriteString(errorFrameOpen)
	b.WriteString(`<div>` + errorPageStyle)
	b.WriteString(`<h1 class="next-error-h1" style="display:inline-block;margin:0 20px 0 0;padding:0 23px 0 0;font-size:24px;font-weight:500;vertical-align:top;line-height:49px">404</h1>`)
	b.WriteString(`<div style="display:inline-block"><h2 style="font-size:14px;font-weight:400;line-height:49px;margin:0">This page could not be found.</h2></div></div>`)
	b.WriteString(hintParagraph(hint))
	b.WriteString(`</div></body></html>`)
	return b.String()
}

// hintParagraph is Edgeplay's explanation under a Next.js page's message.
func hintParagraph(hint string) string {
	return `<p id="edgeplay-hint" style="font-size:14px;line-height:normal;margin:24px auto;max-width:90vw">` + html.EscapeString(hint) + `</p>`
}

// errorFrameOpen opens the full-height centred box of Next.js's error pages.
const errorFrameOpen = `<div style="font-family:system-ui,&quot;Segoe UI&quot;,Roboto,Helvetica,Arial,sans-serif,&quot;Apple Color Emoji&quot;,&quot;Segoe UI Emoji&quot;;height:100vh;text-align:center;display:flex;flex-direction:column;align-items:center;justify-content:center">`

// errorPageStyle is the style sheet of Next.js's error pages.
const errorPageStyle = `<style>body{color:#000;background:#fff;margin:0}.next-error-h1{border-right:1px solid rgba(0,0,0,.3)}@media (prefers-color-scheme:dark){body{color:#fff;background:#000}.next-error-h1{border-right:1px solid rgba(255,255,255,.3)}}</style>`

// nextPageHTML is the markup of Next.js's error page (pages router) for a
// status and its message, extra HTML under them, and __NEXT_DATA__.
func nextPageHTML(status, message, extra, data string) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charSet="utf-8" data-next-head=""/><meta name="viewport" content="width=device-width" data-next-head=""/><title data-next-head="">`)
	b.WriteString(status + ": " + message)
	b.WriteString(`</title><noscript data-n-css=""></noscript></head><body><div id="__next">`)
	b.WriteString(errorFrameOpen)
	b.WriteString(`<div style="line-height:48px">` + errorPageStyle)
	b.WriteString(`<h1 class="next-error-h1" style="display:inline-block;margin:0 20px 0 0;padding-right:23px;font-size:24px;font-weight:500;vertical-align:top">` + status + `</h1>`)
	b.WriteString(`<div style="display:inline-block"><h2 style="font-size:14px;font-weight:400;line-height:28px">` + message + `<!-- -->.</h2></div></div>`)
	b.WriteString(extra)
	b.WriteString(`</div></div><script id="__NEXT_DATA__" type="application/json">`)
	b.WriteString(data)
	b.WriteString(`</script></body></html>`)
	return b.String()
}

// nextData is the error page's __NEXT_DATA__ JSON, keys in Next's order.
// encoding/json's escaping of <, >, &, U+2028 and U+2029 is the one Next
// applies to this script's content.
func nextData(herr *isolate.HandlerError, dev bool, req errorPageRequest) string {
	var b strings.Builder
	b.WriteString(`{"props":{"pageProps":{"statusCode":500,"hostname":`)
	b.WriteString(jsonString(req.Hostname))
	b.WriteString(`}},"page":"/_error","query":`)
	b.WriteString(queryJSON(req.RawQuery))
	if dev {
		b.WriteString(`,"buildId":"development","isFallback":false,"err":{`)
		if herr.NonError {
			b.WriteString(`"source":"edge-server","message":""`)
		} else {
			b.WriteString(`"name":` + jsonString(herr.Name) + `,"source":"edge-server","message":` + jsonString(herr.Message))
			if herr.Stack != "" {
				b.WriteString(`,"stack":` + jsonString(herr.Stack))
			}
		}
		b.WriteString(`},"gip":true,"scriptLoader":[]}`)
		return b.String()
	}
	b.WriteString(`,"buildId":"edgeplay","isFallback":false,"isExperimentalCompile":false,"err":{"name":"Internal Server Error.","message":"500 - Internal Server Error.","statusCode":500},"gip":true,"scriptLoader":[]}`)
	return b.String()
}

// queryJSON renders a raw query as Next's parsed query object: keys in
// order of first appearance, a repeated key as an array, "+" as a space.
func queryJSON(raw string) string {
	type param struct {
		key    string
		values []string
	}
	var params []*param
	index := map[string]*param{}
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k, v = unescapeQuery(k), unescapeQuery(v)
		p := index[k]
		if p == nil {
			p = &param{key: k}
			index[k] = p
			params = append(params, p)
		}
		p.values = append(p.values, v)
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, p := range params {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(jsonString(p.key) + ":")
		if len(p.values) == 1 {
			b.WriteString(jsonString(p.values[0]))
			continue
		}
		b.WriteByte('[')
		for j, v := range p.values {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(jsonString(v))
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.String()
}

// unescapeQuery decodes one query component; a malformed escape is kept
// as it is, as Node's querystring does.
func unescapeQuery(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return strings.ReplaceAll(s, "+", " ")
}

// jsonString is s as a JSON string with HTML-safe escaping.
func jsonString(s string) string {
	out, _ := json.Marshal(s)
	return string(out)
}

// nodeRuntimeMessage explains why a Node.js API route is not executed (R-ROUTE-5).
// An App Router handler (app) selects the runtime with a segment export
// instead, and the message says so.
func nodeRuntimeMessage(file string, regions []string, configFound, app bool) string {
	var b strings.Builder
	if app {
		fmt.Fprintf(&b, "%s is a Node.js route handler: it does not export runtime = 'edge'.\n", file)
		b.WriteString("Edgeplay emulates the Edge Runtime only, so it does not run Node.js route handlers (SPEC R-ROUTE-5, R-ROUTE-6).\n")
		b.WriteString("Fix: add this line to the file: export const runtime = 'edge'\n")
		return b.String()
	}
	fmt.Fprintf(&b, "%s is a Node.js API route: its config does not set runtime: 'edge'.\n", file)
	b.WriteString("Edgeplay emulates the Edge Runtime only, so it does not run Node.js API routes (SPEC R-ROUTE-5).\n")
	if len(regions) > 0 {
		b.WriteString("Note: `regions` alone does not select the Edge Runtime; it only says where an edge function runs.\n")
	}
	if configFound {
		b.WriteString("Fix: add `runtime: 'edge'` to the route's config, e.g. export const config = { runtime: 'edge'")
		if len(regions) > 0 {
			fmt.Fprintf(&b, ", regions: ['%s']", strings.Join(regions, "', '"))
		}
		b.WriteString(" }\n")
	} else {
		b.WriteString("Fix: add this line to the file: export const config = { runtime: 'edge' }\n")
	}
	return b.String()
}
