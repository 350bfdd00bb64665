package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"edgeplay/runtime/server"
)

// cmdRoutes prints a workspace's route table (issue 6): for each route its
// URL pattern, file, runtime, regions, params and code size, with its
// build problems under it; --json prints server.RouteInfo values instead.
func cmdRoutes(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("routes", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the table as JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: edgeplay routes [DIR] [--json]")
		fs.PrintDefaults()
	}
	dir, err := parseDirArgs(fs, args)
	if err != nil {
		return err
	}
	ws, _, cleanup, err := openWorkspace(dir)
	if err != nil {
		return err
	}
	defer cleanup()
	srv, err := server.New(server.Options{Workspace: ws})
	if err != nil {
		return err
	}
	defer srv.Close()
	infos := srv.Routes()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(infos)
	}
	printRoutes(stdout, infos, "")
	return nil
}

// printRoutes writes the route table, columns aligned, each route's
// problems (file:line:column, severity, message) indented under it. base,
// when set, prefixes each pattern so the URLs can be clicked.
func printRoutes(w io.Writer, infos []server.RouteInfo, base string) {
	if len(infos) == 0 {
		fmt.Fprintln(w, "no API routes found (add files under pages/api, or app/**/route.ts)")
		return
	}
	rows := [][]string{{"ROUTE", "FILE", "RUNTIME", "REGIONS", "PARAMS", "CODE (gzip'd, of plan limit)"}}
	for _, r := range infos {
		rows = append(rows, []string{base + r.Pattern, r.File, runtimeCell(r), regionsCell(r), paramsCell(r.Pattern), codeCell(r)})
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	for i, row := range rows {
		var b strings.Builder
		for j, cell := range row {
			if j == len(row)-1 {
				b.WriteString(cell)
				break
			}
			b.WriteString(cell)
			b.WriteString(strings.Repeat(" ", widths[j]-utf8.RuneCountInString(cell)+2))
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
		if i == 0 {
			continue
		}
		for _, p := range infos[i-1].Problems {
			fmt.Fprintf(w, "    %s\n", strings.ReplaceAll(p.String(), "\n", "\n      "))
		}
	}
}

// runtimeCell names the runtime, or why the route does not run.
func runtimeCell(r server.RouteInfo) string {
	switch r.Status {
	case server.StatusBuildError:
		return "BUILD ERROR"
	case server.StatusNodeRuntime:
		return "nodejs"
	}
	return r.Runtime
}

// regionsCell is config.regions, or where an edge route without it runs:
// in every region, the one nearest the client (R-REGION-2).
func regionsCell(r server.RouteInfo) string {
	if len(r.Regions) > 0 {
		return strings.Join(r.Regions, ",")
	}
	if r.Status != server.StatusOK {
		return "-"
	}
	return "all"
}

// paramsCell lists a pattern's dynamic segments (R-ROUTE-2, R-ROUTE-3): "id" for
// [id], "slug..." for [...slug] (one or more segments), "slug...?" for
// [[...slug]] (zero or more).
func paramsCell(pattern string) string {
	var params []string
	for _, seg := range strings.Split(pattern, "/") {
		switch {
		case strings.HasPrefix(seg, "[[...") && strings.HasSuffix(seg, "]]"):
			params = append(params, seg[5:len(seg)-2]+"...?")
		case strings.HasPrefix(seg, "[...") && strings.HasSuffix(seg, "]"):
			params = append(params, seg[4:len(seg)-1]+"...")
		case strings.HasPrefix(seg, "[") && strings.HasSuffix(seg, "]"):
			params = append(params, seg[1:len(seg)-1])
		}
	}
	if len(params) == 0 {
		return "-"
	}
	return strings.Join(params, ",")
}

// codeCell is the compiled size beside the plan's limit (R-RT-6).
func codeCell(r server.RouteInfo) string {
	if r.CodeSize == 0 {
		return "-"
	}
	return formatSize(r.CodeSize) + " of " + formatSize(r.CodeSizeLimit)
}

// formatSize writes a byte count as KB or MB (1024-based, as the plan
// limits are).
func formatSize(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.2f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
}
