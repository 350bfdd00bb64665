package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"edgeplay/runtime/webapi/wpt"
)

// cmdWpt runs the Web Platform Tests subset in Edgeplay's isolate globals:
//
//	edgeplay wpt [--wpt-dir DIR] [--json FILE] [--bugs] [--write-baseline FILE] [PATH...]
func cmdWpt(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("wpt", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("wpt-dir", "../shared/wpt", "the Web Platform Tests folder")
	jsonOut := fs.String("json", "", "write every run's per-subtest results to this file")
	baseline := fs.String("write-baseline", "", "write the per-directory results as the gate's baseline to this file")
	workers := fs.Int("workers", 2, "test files run at once")
	verbose := fs.Bool("v", false, "print each file's result as it finishes")
	bugs := fs.Bool("bugs", false, "after the table, list the subtests Node 20, Node 26 and Deno all pass and Edgeplay does not")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: edgeplay wpt [--wpt-dir DIR] [--json FILE] [--bugs] [--write-baseline FILE] [PATH...]")
		fs.PrintDefaults()
	}
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	opts := wpt.Options{Dir: *dir, Workers: *workers}
	if *verbose {
		opts.Progress = func(r wpt.Run) {
			pass := 0
			for _, t := range r.Subtests {
				if t.Status == "PASS" {
					pass++
				}
			}
			fmt.Fprintf(stderr, "%-8s %4d/%-4d %6.2fs %s%s %s\n", r.Status, pass, len(r.Subtests), r.Duration, r.File, r.Variant, r.Message)
		}
	}
	runner, err := wpt.NewRunner(opts)
	if err != nil {
		return err
	}
	start := time.Now()
	runs, err := runner.RunAll(ctx, paths)
	if err != nil {
		return err
	}
	anchors, err := wpt.LoadAnchors(*dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "WPT in %s, %s\n", *dir, time.Since(start).Round(time.Millisecond))
	if err := wpt.PrintTable(stdout, runs, anchors); err != nil {
		return err
	}
	if *bugs {
		if anchors == nil {
			return fmt.Errorf("--bugs needs %s", filepath.Join(*dir, "ANCHORS.json"))
		}
		if err := wpt.PrintBugs(stdout, runs, anchors); err != nil {
			return err
		}
	}
	if *jsonOut != "" {
		if err := wpt.WriteJSON(*jsonOut, runs); err != nil {
			return err
		}
	}
	if *baseline != "" {
		if len(paths) > 0 {
			return fmt.Errorf("--write-baseline records the whole suite; drop the paths %v", paths)
		}
		if err := wpt.WriteJSON(*baseline, wpt.NewBaseline(runs)); err != nil {
			return err
		}
	}
	return nil
}
