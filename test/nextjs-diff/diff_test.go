package nextjsdiff

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNextDiff serves ./workspace with real Next.js and with Edgeplay,
// sends every case of the table to both and fails on each difference that
// allowlist.json does not accept. Modes: production (`next build` +
// `next start` vs `edgeplay serve`) and development (`next dev` vs
// `edgeplay serve --mode development`, R-MODE-1), selected with
// EDGEPLAY_NEXT_DIFF_MODES (default both).
func TestNextDiff(t *testing.T) {
	if os.Getenv("EDGEPLAY_NEXT_DIFF") != "1" {
		t.Skip("differential test against real Next.js: set EDGEPLAY_NEXT_DIFF=1 (needs node, npm, and npm's registry on first run)")
	}
	start := time.Now()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node not found: %v", err)
	}
	ws, err := filepath.Abs("workspace")
	if err != nil {
		t.Fatal(err)
	}
	edge := os.Getenv("EDGEPLAY_BINARY")
	if edge == "" {
		edge = filepath.Join("..", "..", "build", "bin", "edgeplay")
	}
	if edge, err = filepath.Abs(edge); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(edge); err != nil {
		t.Fatalf("Edgeplay binary %s: %v (build it with `make build`, or set EDGEPLAY_BINARY)", edge, err)
	}
	if !installed(ws) {
		npm, err := exec.LookPath("npm")
		if err != nil {
			t.Fatalf("npm not found: %v", err)
		}
		runStep(t, npmCITimeout, ws, nil, npm, "ci", "--no-audit", "--no-fund")
	}
	nextBin := filepath.Join(ws, "node_modules", "next", "dist", "bin", "next")
	allow := loadAllowlist(t)
	cases := allCases()
	checkCaseNames(t, cases)

	modes := os.Getenv("EDGEPLAY_NEXT_DIFF_MODES")
	if modes == "" {
		modes = "production,development"
	}
	completed := map[string]bool{} // modes whose requests were all sent
	for _, mode := range strings.Split(modes, ",") {
		mode = strings.TrimSpace(mode)
		if mode != "production" && mode != "development" {
			t.Fatalf("EDGEPLAY_NEXT_DIFF_MODES: %q is not production or development", mode)
		}
		t.Run(mode, func(t *testing.T) {
			runMode(t, mode, node, nextBin, edge, ws, cases, allow)
			completed[mode] = true // not reached after a t.Fatal in runMode
		})
	}
	for _, e := range allow {
		if !e.used && ((e.Mode == "" && len(completed) == 2) || completed[e.Mode]) {
			t.Errorf("allowlist.json: entry {case %q, mode %q, field %q} matched no difference; remove it", e.Case, e.Mode, e.Field)
		}
	}
	t.Logf("total time %s", time.Since(start).Round(time.Second))
}

// runMode starts both servers in one mode and compares every case.
func runMode(t *testing.T, mode, node, nextBin, edge, ws string, cases []reqCase, allow []*allowEntry) {
	// Each server gets its own Upstash stub (upstash_test.go): next through
	// its environment, Edgeplay through an origin mapping.
	nextRedis, edgeRedis := startUpstashStub(t), startUpstashStub(t)
	env := []string{"NEXT_TELEMETRY_DISABLED=1", "UPSTASH_REDIS_REST_URL=" + nextRedis.URL}
	begin := time.Now()
	nextPort, edgePort := freePort(t), freePort(t)
	var nextProc *proc
	if mode == "production" {
		runStep(t, nextBuildTimeout, ws, env, node, nextBin, "build")
		t.Logf("next build: %s", time.Since(begin).Round(time.Second))
		nextProc = startProc(t, "next start", ws, env, node, nextBin, "start", "-H", "127.0.0.1", "-p", fmt.Sprint(nextPort))
	} else {
		nextProc = startProc(t, "next dev", ws, env, node, nextBin, "dev", "-H", "127.0.0.1", "-p", fmt.Sprint(nextPort))
	}
	edgeProc := startProc(t, "edgeplay serve", ws, nil, edge, "serve", ws, "--port", fmt.Sprint(edgePort), "--no-history", "--mode", mode,
		"--origin", upstashOrigin+"="+edgeRedis.URL)
	nt := target{name: "next", base: fmt.Sprintf("http://127.0.0.1:%d", nextPort), port: nextPort}
	et := target{name: "edgeplay", base: fmt.Sprintf("http://127.0.0.1:%d", edgePort), port: edgePort}
	waitReady(t, nextProc, nt.base+"/api")
	waitReady(t, edgeProc, et.base+"/api")
	t.Logf("servers ready after %s", time.Since(begin).Round(time.Second))

	ports := []int{nextPort, edgePort}
	cl := newClient()
	var diffs []diff
	var record []recorded
	n := 0
	sendStart := time.Now()
	for _, c := range cases {
		if !c.inMode(mode) {
			continue
		}
		n++
		na := send(cl, nt, c, ports)
		ea := send(cl, et, c, ports)
		record = append(record, recorded{Case: c.Name, Request: c.describe(), Next: na, Edgeplay: ea})
		for _, d := range compare(c, mode, na, ea) {
			if reason, ok := allowed(allow, d); ok {
				d.Allowed = reason
			}
			diffs = append(diffs, d)
		}
	}
	t.Logf("%d requests sent to each server in %s", n, time.Since(sendStart).Round(time.Millisecond))
	writeReport(t, mode, n, diffs)
	writeAnswers(t, mode, record)
	failing := 0
	for _, d := range diffs {
		if d.Allowed != "" {
			continue
		}
		failing++
		t.Errorf("%s [%s]\n    request:  %s\n    next.js:  %s\n    edgeplay: %s", d.Case, d.Field, d.Request, oneLine(truncate(d.Next, 400)), oneLine(truncate(d.Edge, 400)))
	}
	t.Logf("%s mode: %d requests, %d differences (%d not allow-listed), %s", mode, n, len(diffs), failing, time.Since(begin).Round(time.Second))
	if t.Failed() && os.Getenv("EDGEPLAY_NEXT_DIFF_LOGS") == "1" {
		t.Logf("next.js output:\n%s", tail(nextProc.log.String(), 20000))
		t.Logf("edgeplay output:\n%s", tail(edgeProc.log.String(), 20000))
	}
}

// checkCaseNames rejects duplicate case names (the allow-list keys on them).
func checkCaseNames(t *testing.T, cases []reqCase) {
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.Name] {
			t.Fatalf("duplicate case name %q", c.Name)
		}
		seen[c.Name] = true
	}
}

// installed reports whether workspace/node_modules holds what the lockfile
// pins: npm records the tree it installed in node_modules/.package-lock.json,
// so one older than package-lock.json means a dependency changed since.
func installed(ws string) bool {
	lock, err := os.Stat(filepath.Join(ws, "package-lock.json"))
	if err != nil {
		return false
	}
	tree, err := os.Stat(filepath.Join(ws, "node_modules", ".package-lock.json"))
	return err == nil && !tree.ModTime().Before(lock.ModTime())
}
