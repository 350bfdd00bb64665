package main

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Targets of issue 5.
const (
	targetVsEdgeRuntime = 2.0                    // edgeplay ≥ 2× edge-runtime, every endpoint at c=32
	targetVsFloor       = 0.35                   // edgeplay ≥ 35% of the floor on /api/basic at c=32
	targetP99           = 5 * time.Millisecond   // p99 on /api/basic at c=32
	targetEdit          = 25 * time.Millisecond  // edit → new response, p50
	targetSpawn         = 150 * time.Millisecond // spawn → first 200
	targetIdleRSS       = 60 << 20               // idle RSS, example workspace loaded
	targetConns         = 32
)

// printReport writes the table and the targets.
func printReport(out io.Writer, cfg config, rep *report, took time.Duration) {
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "endpoint\tc\tfloor req/s\tp50\tp99\t\tedgeplay req/s\tp50\tp99\t\tedge-runtime req/s\tp50\tp99\t\tedgeplay/floor\tedgeplay/edge-runtime\t\n")
	for _, ep := range endpoints {
		for _, c := range cfg.conns {
			row := []string{ep.Name, fmt.Sprint(c)}
			for _, name := range serverOrder {
				r := rep.cells[cellKey{name, ep.Name, c}]
				if r == nil {
					row = append(row, "—", "—", "—", "")
					continue
				}
				rps := fmt.Sprintf("%.0f", r.RPS)
				if n := r.Errors(); n > 0 {
					rps += fmt.Sprintf(" (%d err)", n)
				}
				row = append(row, rps, fmtMS(r.P50), fmtMS(r.P99), "")
			}
			row = append(row, ratioCell(rep, srvEdgeplay, srvFloor, ep.Name, c, "%.0f%%", 100),
				ratioCell(rep, srvEdgeplay, srvEdgeRuntime, ep.Name, c, "%.2f×", 1))
			fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
		}
	}
	tw.Flush()
	fmt.Fprintf(out, "(wrk -t2 -cN -d%s --latency, -t1 at c=1; req/s higher is better; edgeplay = `edgeplay serve` in its own process with history recording and the access log on, default pool of isolates per route)\n",
		cfg.duration)
	fmt.Fprintln(out, "(issue 5's reference on this kind of machine, wrk -t2 -c32 -d10s /api/basic: floor ~41,000 req/s, edge-runtime ~8,300)")
	for name, why := range rep.skipped {
		fmt.Fprintf(out, "(%s not measured: %s)\n", name, why)
	}

	fmt.Fprintln(out)
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "target\tmeasured\tgoal\tresult\n")
	for _, ep := range endpoints {
		v, ok := ratio(rep, srvEdgeplay, srvEdgeRuntime, ep.Name, targetConns)
		fmt.Fprintf(tw, "edgeplay vs edge-runtime, %s c=%d\t%s\t≥ %.0f×\t%s\n", ep.Name, targetConns, fmtOK(ok, "%.2f×", v), targetVsEdgeRuntime, verdict(ok, v >= targetVsEdgeRuntime))
	}
	v, ok := ratio(rep, srvEdgeplay, srvFloor, "/api/basic", targetConns)
	fmt.Fprintf(tw, "edgeplay vs floor, /api/basic c=%d\t%s\t≥ %.0f%%\t%s\n", targetConns, fmtOK(ok, "%.0f%%", v*100), targetVsFloor*100, verdict(ok, v >= targetVsFloor))
	if r := rep.cells[cellKey{srvEdgeplay, "/api/basic", targetConns}]; r != nil {
		fmt.Fprintf(tw, "edgeplay p99, /api/basic c=%d\t%s\t≤ %s\t%s\n", targetConns, fmtMS(r.P99), fmtMS(targetP99), verdict(true, r.P99 <= targetP99))
	} else {
		fmt.Fprintf(tw, "edgeplay p99, /api/basic c=%d\t—\t≤ %s\tn/a\n", targetConns, fmtMS(targetP99))
	}
	editP50, editOK := percentile(rep.edit, 0.50)
	editP90, _ := percentile(rep.edit, 0.90)
	fmt.Fprintf(tw, "edit → new response p50 (%d samples; p90 %s)\t%s\t≤ %s\t%s\n", len(rep.edit), fmtMS(editP90), fmtOK(editOK, "%s", fmtMS(editP50)), fmtMS(targetEdit), verdict(editOK, editP50 <= targetEdit))
	spawn, spawnOK := percentile(rep.spawn, 0.50)
	spawnMax, _ := percentile(rep.spawn, 1)
	fmt.Fprintf(tw, "edgeplay serve spawn → first 200, median of %d (max %s)\t%s\t≤ %s\t%s\n", len(rep.spawn), fmtMS(spawnMax), fmtOK(spawnOK, "%s", fmtMS(spawn)), fmtMS(targetSpawn), verdict(spawnOK, spawn <= targetSpawn))
	idle, idleOK := medianRSS(rep.rssIdle)
	fmt.Fprintf(tw, "idle RSS, examples built, 0.5 s after the first 200 (median)\t%s\t(report)\t\n", fmtRSS(idleOK, idle))
	warm, warmOK := medianRSS(rep.rssWarm)
	fmt.Fprintf(tw, "idle RSS, examples loaded, each route served once (median)\t%s\t≤ %s\t%s\n", fmtRSS(warmOK, warm), fmtMiB(targetIdleRSS), verdict(warmOK, warm.Total <= targetIdleRSS))
	if m := rep.iso; m != nil {
		fmt.Fprintf(tw, "memory per warm isolate (%d isolates of one route): Go heap\t%s\t(report)\t\n", m.Isolates, fmtMiB(m.HeapPer()))
		fmt.Fprintf(tw, "memory per warm isolate (%d isolates of one route): RSS\t%s\t(report)\t\n", m.Isolates, fmtMiB(m.RSSPer()))
	} else {
		fmt.Fprintf(tw, "memory per warm isolate\t—\t(report)\tn/a\n")
	}
	if rep.rssER.Total > 0 {
		fmt.Fprintf(tw, "edge-runtime RSS after its load (for comparison)\t%s\t(report)\t\n", fmtRSS(true, rep.rssER))
	}
	tw.Flush()
	for _, n := range rep.notes {
		fmt.Fprintln(out, "note:", n)
	}
	printHistory(out, rep.hist)
	fmt.Fprintf(out, "(one run, %s; load average %s at start, %s at end — other work on this machine moves these figures)\n",
		took.Round(time.Second), rep.loaded, loadAverage())
}

// ratio is a/b of the req/s of two servers' runs of one cell.
func ratio(rep *report, a, b, ep string, c int) (float64, bool) {
	ra, rb := rep.cells[cellKey{a, ep, c}], rep.cells[cellKey{b, ep, c}]
	if ra == nil || rb == nil || rb.RPS == 0 {
		return 0, false
	}
	return ra.RPS / rb.RPS, true
}

func ratioCell(rep *report, a, b, ep string, c int, format string, scale float64) string {
	v, ok := ratio(rep, a, b, ep, c)
	return fmtOK(ok, format, v*scale)
}

func fmtOK(ok bool, format string, v any) string {
	if !ok {
		return "—"
	}
	return fmt.Sprintf(format, v)
}

func verdict(measured, pass bool) string {
	switch {
	case !measured:
		return "n/a"
	case pass:
		return "PASS"
	default:
		return "MISS"
	}
}

// fmtMS prints a duration in milliseconds with two decimals.
func fmtMS(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

// fmtMiB prints bytes in MiB with one decimal.
func fmtMiB(b float64) string { return fmt.Sprintf("%.1f MiB", b/(1<<20)) }

// percentile is the nearest-rank p-quantile (0 < p ≤ 1) of ds.
func percentile(ds []time.Duration, p float64) (time.Duration, bool) {
	if len(ds) == 0 {
		return 0, false
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[min(max(i, 0), len(s)-1)], true
}

// medianRSS is the sample with the nearest-rank median total.
func medianRSS(vs []rss) (rss, bool) {
	if len(vs) == 0 {
		return rss{}, false
	}
	s := slices.Clone(vs)
	slices.SortFunc(s, func(a, b rss) int { return cmp.Compare(a.Total, b.Total) })
	return s[(len(s)-1)/2], true
}

// fmtRSS prints a total with its anonymous and file-backed parts.
func fmtRSS(ok bool, m rss) string {
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%s (anon %s, file %s)", fmtMiB(float64(m.Total)), fmtMiB(float64(m.Anon)), fmtMiB(float64(m.File)))
}
