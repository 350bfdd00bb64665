package wpt

import (
	"bytes"
	"strings"
	"testing"
)

func TestCompareWithAnchors(t *testing.T) {
	all := map[string]string{"node20": "P", "node26": "P", "deno": "P"}
	a := &Anchors{
		Counts: map[string]map[string][2]int{"node20": {"d/a.any.js": {3, 4}}},
		Subtests: map[string]map[string]map[string]string{"d/a.any.js": {
			"passes":      all,
			"fails here":  all,
			"hidden":      all,
			"all fail":    {"node20": "F", "node26": "F", "deno": "F"},
			"deno only":   {"deno": "P"},
			"never there": all,
		}},
	}
	run := Run{Dir: "d", File: "d/a.any.js", Status: StatusCrash, Message: "boom", Subtests: []Subtest{
		{Name: "passes", Status: "PASS"},
		{Name: "fails here", Status: "FAIL", Message: "x"},
		{Name: "all fail", Status: "FAIL"},
		{Name: "deno only", Status: "FAIL"},
	}}
	c := a.Compare(run)
	if c.Missing != 2 || c.Known != 6 || c.KnownPassed != 1 {
		t.Errorf("Missing, Known, KnownPassed = %d, %d, %d, want 2, 6, 1", c.Missing, c.Known, c.KnownPassed)
	}
	var names []string
	for _, b := range c.Bugs {
		names = append(names, b.Name+":"+b.Status)
	}
	if got := strings.Join(names, ","); got != "fails here:FAIL,hidden:MISSING,never there:MISSING" {
		t.Errorf("Bugs = %s", got)
	}
	var out bytes.Buffer
	if err := PrintTable(&out, []Run{run}, a); err != nil {
		t.Fatal(err)
	}
	// 1 passed of 4 reported + 2 missing: the crash does not flatter the rate.
	if !strings.Contains(out.String(), "16.7%") || !strings.HasSuffix(out.String(), "1 passed, 5 failed\n") {
		t.Errorf("table:\n%s", out.String())
	}
}
