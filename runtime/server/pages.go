package server

import (
	"fmt"
	"html"
	"strings"

	"edgeplay/runtime/isolate"
)

// nextErrorPage renders the 500 page Next.js answers with when a handler
// fails (R-HANDLER-4). In development mode it carries the error.
func nextErrorPage(herr *isolate.HandlerError, dev bool) string {
	var detail string
	if dev {
		text := herr.Name + ": " + herr.Message
		if herr.Stack != "" {
			if strings.HasPrefix(herr.Stack, text) {
				text = herr.Stack // goja's stack starts with "Name: message"
			} else {
				text += "\n" + herr.Stack
			}
		}
		detail = fmt.Sprintf(`<pre id="edgeplay-error" style="text-align:left;white-space:pre-wrap;max-width:90vw;margin:24px auto;font-size:13px">%s</pre>`, html.EscapeString(text))
	}
	return `<!DOCTYPE html><html><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width"/><title>500: Internal Server Error</title></head>` +
		`<body><div id="__next"><div style="font-family:system-ui,&quot;Segoe UI&quot;,Roboto,Helvetica,Arial,sans-serif;height:100vh;text-align:center;display:flex;flex-direction:column;align-items:center;justify-content:center">` +
		`<div><h1 class="next-error-h1" style="display:inline-block;margin:0 20px 0 0;padding:0 23px 0 0;font-size:24px;font-weight:500;vertical-align:top;line-height:49px">500</h1>` +
		`<div style="display:inline-block"><h2 style="font-size:14px;font-weight:400;line-height:49px;margin:0">Internal Server Error.</h2></div></div>` +
		detail + `</div></div></body></html>`
}

// nodeRuntimeMessage explains why a Node.js API route is not executed (R-ROUTE-5).
func nodeRuntimeMessage(file string, regions []string, configFound bool) string {
	var b strings.Builder
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
