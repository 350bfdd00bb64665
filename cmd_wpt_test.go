package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

func TestCmdWpt(t *testing.T) {
	dir := "../shared/wpt"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("WPT not available: %v", err)
	}
	out := filepath.Join(t.TempDir(), "runs.json")
	var stdout, stderr bytes.Buffer
	err := cmdWpt(context.Background(), []string{"--wpt-dir", dir, "--json", out, "url/url-tojson.any.js", "fetch/api/basic/status.h2.any.js"}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("wpt: %v\n%s", err, stderr.String())
	}
	if !regexp.MustCompile(`(?m)^1 passed, 0 failed\n\z`).MatchString(stdout.String()) {
		t.Errorf("output does not end with the totals line:\n%s", stdout.String())
	}
	var runs []struct {
		File, Status string
		Subtests     []struct{ Name, Status string }
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &runs); err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].Status != "SKIP" || runs[1].Status != "OK" || len(runs[1].Subtests) != 1 {
		t.Errorf("--json runs = %+v", runs)
	}
}
