package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"edgeplay/runtime/netsim"
)

// cmdRegions prints the Vercel regions Edgeplay simulates (R-REGION-1).
func cmdRegions(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("regions", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the table as JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: edgeplay regions [--json]")
		fs.PrintDefaults()
	}
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	regions := netsim.Regions()
	if *asJSON {
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
