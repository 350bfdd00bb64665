// Command edgeplay is a desktop playground for Next.js Edge API Routes.
// Without arguments it opens the window; subcommands run headless:
//
//	edgeplay serve [DIR] [--port N] [--mode production|development] [--db PATH]
//	edgeplay routes [DIR] [--json]
//	edgeplay history [--route R] [--status 5xx] [--text T] [--since 1h] [--errors] [--json] ...
//	edgeplay export (--har FILE | --curl) [filters] [ID...]
//	edgeplay import FILE.har...
//	edgeplay replay [--to URL] [--diff] ID...
//	edgeplay regions [--json]
//	edgeplay wpt [--wpt-dir DIR] [--json FILE] [PATH...]
package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

//go:embed all:frontend/dist
var assets embed.FS

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `Edgeplay — a playground for Next.js Edge API Routes

Usage:
  edgeplay                      open the desktop window
  edgeplay serve [DIR] [flags]  serve a workspace's API routes on 127.0.0.1 (no window);
                                without DIR, the built-in examples
  edgeplay routes [DIR] [--json] print the route table: pattern, file, runtime,
                                regions, params, code size, problems
  edgeplay history [flags]      list and search recorded exchanges
  edgeplay export --har FILE [flags] [ID...]
                                write exchanges as HAR 1.2 (or --curl: curl commands)
  edgeplay import FILE.har...   record a HAR file's entries (from a browser or Edgeplay)
  edgeplay replay [--to URL] [--diff] ID...
                                re-send recorded requests to edgeplay serve, compare the answers
  edgeplay regions [--json]     print the Vercel regions Edgeplay simulates
  edgeplay wpt [PATH...]        run the Web Platform Tests subset in Edgeplay's isolate
  edgeplay version              print the version

Run "edgeplay <command> --help" for a command's flags.
`

func main() {
	if os.Getenv("GOGC") == "" {
		// Every request leaves ~20 KB of garbage beside long-lived isolate
		// heaps: collecting half as often cuts CPU per request by ~16% for
		// ~15 MB more memory under load (issue 5; GOGC still overrides).
		debug.SetGCPercent(200)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches a command line and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (len(args[0]) > 0 && args[0][0] == '-' && !isHelp(args[0]) && args[0] != "--version") {
		// No subcommand: the window. Wails reads its own flags (-devserver, -assetdir) from os.Args.
		if err := openWindow(); err != nil {
			fmt.Fprintln(stderr, "edgeplay:", err)
			return 1
		}
		return 0
	}
	var err error
	switch args[0] {
	case "serve":
		err = cmdServe(ctx, args[1:], stdout, stderr)
	case "routes":
		err = cmdRoutes(args[1:], stdout, stderr)
	case "history":
		err = cmdHistory(ctx, args[1:], stdout, stderr)
	case "export":
		err = cmdExport(ctx, args[1:], stdout, stderr)
	case "import":
		err = cmdImport(ctx, args[1:], stdout, stderr)
	case "replay":
		err = cmdReplay(ctx, args[1:], stdout, stderr)
	case "regions":
		err = cmdRegions(args[1:], stdout, stderr)
	case "wpt":
		err = cmdWpt(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "edgeplay", version)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "edgeplay: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case errors.Is(err, errHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "edgeplay:", err)
		return 1
	}
	return 0
}

func isHelp(a string) bool { return a == "-h" || a == "--help" || a == "-help" }

// errUsage marks a command-line mistake whose message was already printed;
// errHelp a requested --help, also already printed.
var (
	errUsage = errors.New("usage")
	errHelp  = errors.New("help")
)
