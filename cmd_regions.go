package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"edgeplay/runtime/netsim"
	"edgeplay/runtime/server"
)

// cmdRegions prints the Vercel regions Edgeplay simulates (R-REGION-1), or,
// with --route (or --regions), which region serves a request from each of
// a list of client cities, and at what simulated network cost
// (R-REGION-2, R-REGION-3).
func cmdRegions(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("regions", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	route := fs.String("route", "", "a route of the workspace (its pattern, e.g. /api/regions): use its config.regions")
	list := fs.String("regions", "", "config.regions to try without a workspace, comma-separated (e.g. sfo1,iad1 or home)")
	from := fs.String("from", strings.Join(netsim.EverywhereCities(), ";"), "client cities, separated by ';' (names, region ids, or LAT,LON)")
	data := fs.String("data", "", "where the route's data lives: a region id, a city or LAT,LON (adds the fetch leg)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: edgeplay regions [--json]\n       edgeplay regions [DIR] --route PATTERN [--from 'Paris;Tokyo;…'] [--data iad1] [--json]\n       edgeplay regions --regions sfo1,iad1 [--from …] [--data …]")
		fs.PrintDefaults()
	}
	dir, err := parseDirArgs(fs, args)
	if err != nil {
		return err
	}
	if *route == "" && *list == "" {
		return printRegionTable(stdout, *asJSON)
	}
	if *route != "" && *list != "" {
		return errors.New("regions: give --route or --regions, not both")
	}
	var regions []string
	label := "config.regions " + *list
	if *list != "" {
		regions = strings.Split(*list, ",")
	} else {
		if regions, err = routeRegions(dir, *route); err != nil {
			return err
		}
		label = *route + ": " + describeRegions(regions)
	}
	var source *netsim.DataSource
	if *data != "" {
		d, err := netsim.ParseDataSource(*data)
		if err != nil {
			return fmt.Errorf("--data: %w", err)
		}
		source = &d
	}
	var paths []netsim.Path
	for _, name := range strings.Split(*from, ";") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		client, err := netsim.ParseLocation(name)
		if err != nil {
			return fmt.Errorf("--from %q: %w", name, err)
		}
		p, err := netsim.Route(client, regions, netsim.HomeRegion, source, netsim.DefaultLatencyModel())
		if err != nil {
			return err
		}
		paths = append(paths, p)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(paths)
	}
	fmt.Fprintf(stdout, "%s — simulated network time (Edgeplay's model, R-REGION-3: distance ÷ 200 km/ms × 1.5 + 2 ms a hop)\n", label)
	fmt.Fprintf(stdout, "%-16s %-6s %-6s %10s", "CLIENT", "ENTRY", "RUNS", "REQUEST")
	if source != nil {
		fmt.Fprintf(stdout, " %10s %10s", "FETCH", "TOTAL")
	}
	fmt.Fprintln(stdout)
	for _, p := range paths {
		fmt.Fprintf(stdout, "%-16s %-6s %-6s %10s", p.Client.Label(), p.Entry.ID, p.Exec.ID, fmtMs(p.Request))
		if source != nil {
			fmt.Fprintf(stdout, " %10s %10s", fmtMs(p.Fetch), fmtMs(p.RoundTrip))
		}
		fmt.Fprintln(stdout)
	}
	return nil
}

// printRegionTable prints R-REGION-1's table, the home region marked.
func printRegionTable(stdout io.Writer, asJSON bool) error {
	regions := netsim.Regions()
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(regions)
	}
	fmt.Fprintf(stdout, "%-6s %-17s %8s %9s\n", "ID", "CITY", "LAT", "LON")
	for _, r := range regions {
		home := ""
		if r.ID == netsim.HomeRegion {
			home = "  (home: where 'home' routes run)"
		}
		fmt.Fprintf(stdout, "%-6s %-17s %8.2f %9.2f%s\n", r.ID, r.City, r.Lat, r.Lon, home)
	}
	return nil
}

// routeRegions is the config.regions of the workspace route with the given
// pattern.
func routeRegions(dir, pattern string) ([]string, error) {
	ws, _, cleanup, err := openWorkspace(dir)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	srv, err := server.New(server.Options{Workspace: ws})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	var patterns []string
	for _, r := range srv.Routes() {
		if r.Pattern == pattern {
			if r.Status != server.StatusOK {
				return nil, fmt.Errorf("regions: %s (%s) does not run in the Edge Runtime now (%s); see `edgeplay routes`", pattern, r.File, r.Status)
			}
			return r.Regions, nil
		}
		patterns = append(patterns, r.Pattern)
	}
	return nil, fmt.Errorf("regions: no route %s; the workspace has %s", pattern, strings.Join(patterns, ", "))
}

func describeRegions(regions []string) string {
	if len(regions) == 0 {
		return "no config.regions (runs nearest the client)"
	}
	return "config.regions " + strings.Join(regions, ",")
}

// fmtMs writes a duration in milliseconds with one decimal.
func fmtMs(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}
