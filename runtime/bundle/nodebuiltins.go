package bundle

import (
	"fmt"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// NodeBuiltins lists Node.js's built-in modules (without the "node:" prefix).
// The Edge Runtime has none of them (R-RT-2).
var NodeBuiltins = []string{
	"assert", "assert/strict", "async_hooks", "buffer", "child_process", "cluster", "console", "constants",
	"crypto", "dgram", "diagnostics_channel", "dns", "dns/promises", "domain", "events", "fs", "fs/promises",
	"http", "http2", "https", "inspector", "module", "net", "os", "path", "path/posix", "path/win32",
	"perf_hooks", "process", "punycode", "querystring", "readline", "repl", "stream", "stream/promises",
	"stream/web", "string_decoder", "sys", "timers", "timers/promises", "tls", "trace_events", "tty", "url",
	"util", "util/types", "v8", "vm", "wasi", "worker_threads", "zlib",
}

// nodeModuleMarker ends the module name in the plugin's warning; the
// import's line is inserted there once esbuild has located it.
const nodeModuleMarker = "')"

// nodeBuiltinsPlugin keeps imports of Node built-ins external, with Next's
// build warning; the isolate's require returns a stand-in whose property
// reads throw (R-RT-2).
func nodeBuiltinsPlugin() api.Plugin {
	names := make([]string, len(NodeBuiltins))
	for i, n := range NodeBuiltins {
		names[i] = strings.ReplaceAll(n, "/", `\/`)
	}
	filter := `^(node:)?(` + strings.Join(names, "|") + `)$`
	return api.Plugin{
		Name: "edgeplay-node-builtins",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: filter}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				name := strings.TrimPrefix(args.Path, "node:")
				return api.OnResolveResult{
					Path:     args.Path,
					External: true,
					Warnings: []api.Message{{Text: fmt.Sprintf(
						"A Node.js module is loaded ('%s') which is not supported in the Edge Runtime.\nLearn More: https://nextjs.org/docs/messages/node-module-in-edge-runtime", name)}},
				}, nil
			})
		},
	}
}
