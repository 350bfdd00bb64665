package wpt

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"
)

// DirSummary counts one directory's results.
type DirSummary struct {
	Files    int `json:"files"`
	Skipped  int `json:"skipped"`
	Passed   int `json:"passed"`
	Failed   int `json:"failed"`
	TimedOut int `json:"timedOut"`
	Crashed  int `json:"crashed"`
}

// Summarize counts runs per directory. Skipped and Crashed count files;
// the rest count subtests (NOTRUN and PRECONDITION_FAILED count as failed).
func Summarize(runs []Run) map[string]DirSummary {
	out := map[string]DirSummary{}
	for _, r := range runs {
		s := out[r.Dir]
		switch r.Status {
		case StatusSkip:
			s.Skipped++
		case StatusCrash:
			s.Crashed++
			s.Files++
		default:
			s.Files++
		}
		for _, t := range r.Subtests {
			switch t.Status {
			case "PASS":
				s.Passed++
			case "TIMEOUT":
				s.TimedOut++
			default:
				s.Failed++
			}
		}
		out[r.Dir] = s
	}
	return out
}

// Total adds up directory summaries.
func Total(sum map[string]DirSummary) DirSummary {
	var t DirSummary
	for _, s := range sum {
		t.Files += s.Files
		t.Skipped += s.Skipped
		t.Passed += s.Passed
		t.Failed += s.Failed
		t.TimedOut += s.TimedOut
		t.Crashed += s.Crashed
	}
	return t
}

// Anchors holds other runtimes' results from ANCHORS.json in the WPT
// folder, per run (file and variant) so that they add up over exactly the
// runs made here.
type Anchors struct {
	// Counts: runtime name → run key → [passed, total].
	Counts map[string]map[string][2]int
	// Subtests: run key → subtest name → runtime name → "P", "F" or "T".
	Subtests map[string]map[string]map[string]string
}

// AnchorRuntimes are the runtimes ANCHORS.json describes, in column order.
var AnchorRuntimes = []string{"node20", "node26", "deno"}

// LoadAnchors reads ANCHORS.json from the WPT folder; a missing file gives
// nil and no error.
func LoadAnchors(dir string) (*Anchors, error) {
	data, err := os.ReadFile(filepath.Join(dir, "ANCHORS.json"))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read anchors: %w", err)
	}
	var doc struct {
		Runs map[string]struct {
			Dir      string                       `json:"dir"`
			Subtests map[string]map[string]string `json:"subtests"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse anchors: %w", err)
	}
	a := &Anchors{Counts: map[string]map[string][2]int{}, Subtests: map[string]map[string]map[string]string{}}
	for key, run := range doc.Runs {
		a.Subtests[key] = run.Subtests
		for _, res := range run.Subtests {
			for rtName, v := range res {
				if a.Counts[rtName] == nil {
					a.Counts[rtName] = map[string][2]int{}
				}
				c := a.Counts[rtName][key]
				c[1]++
				if v == "P" {
					c[0]++
				}
				a.Counts[rtName][key] = c
			}
		}
	}
	return a, nil
}

// Comparison is one run's results set beside the anchors, subtest by
// subtest.
type Comparison struct {
	// Known counts the subtests some anchor runtime reported for this run,
	// and KnownPassed those of them this run passed: the rate over the
	// same subtests as the anchors'.
	Known, KnownPassed int
	// Missing counts the subtests some anchor runtime reported that this
	// run did not report at all (a crash or an early error hid them).
	Missing int
	// Bugs lists the subtests every anchor runtime passes that this run
	// failed or did not report.
	Bugs []Subtest
}

// Compare sets run r beside the anchors (nil anchors: nothing to compare).
func (a *Anchors) Compare(r Run) Comparison {
	var c Comparison
	if a == nil || r.Status == StatusSkip {
		return c
	}
	ours := make(map[string]Subtest, len(r.Subtests))
	for _, t := range r.Subtests {
		ours[t.Name] = t
	}
	names := make([]string, 0, len(a.Subtests[r.Key()]))
	for name := range a.Subtests[r.Key()] {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		res := a.Subtests[r.Key()][name]
		t, reported := ours[name]
		c.Known++
		if t.Status == "PASS" {
			c.KnownPassed++
		}
		if !reported {
			c.Missing++
			t = Subtest{Name: name, Status: "MISSING", Message: "not reported: " + r.Status + " " + r.Message}
		}
		if t.Status == "PASS" || len(res) < len(AnchorRuntimes) {
			continue
		}
		all := true
		for _, v := range res {
			all = all && v == "P"
		}
		if all {
			c.Bugs = append(c.Bugs, t)
		}
	}
	return c
}

func rate(passed, total int) string {
	if total == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(passed)/float64(total))
}

// PrintTable writes the per-directory table and the totals, ending with the
// line "N passed, M failed" (M counts every subtest that did not pass,
// including those an anchor runtime reported and this run did not).
// With anchors, "missing" counts such hidden subtests, "bugs" the subtests
// all three anchor runtimes pass and Edgeplay does not, the rate counts
// missing subtests as failed, and "same set" is the rate over exactly the
// subtests the anchor runtimes reported (the files they skipped, those
// needing wptserve's Python handlers, are left out), the figure to hold
// against theirs. anchors may be nil.
func PrintTable(w io.Writer, runs []Run, anchors *Anchors) error {
	sum := Summarize(runs)
	// Anchor counts per directory (and "total"), over the runs made here.
	anchorSum := map[string]map[string][2]int{}
	missing, bugs := map[string]int{}, map[string]int{}
	known := map[string][2]int{} // passed, total over the anchors' subtests
	if anchors != nil {
		for _, n := range AnchorRuntimes {
			m := map[string][2]int{}
			for _, r := range runs {
				if r.Status == StatusSkip {
					continue
				}
				c := anchors.Counts[n][r.Key()]
				for _, k := range []string{r.Dir, "total"} {
					d := m[k]
					d[0] += c[0]
					d[1] += c[1]
					m[k] = d
				}
			}
			anchorSum[n] = m
		}
		for _, r := range runs {
			c := anchors.Compare(r)
			for _, k := range []string{r.Dir, "total"} {
				missing[k] += c.Missing
				bugs[k] += len(c.Bugs)
				kn := known[k]
				kn[0] += c.KnownPassed
				kn[1] += c.Known
				known[k] = kn
			}
		}
	}
	dirs := make([]string, 0, len(sum))
	for d := range sum {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	width := len("directory")
	for _, d := range dirs {
		width = max(width, len(d))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := fmt.Sprintf("%-*s\t", width, "directory") + "files\tskipped\tpassed\tfailed\ttimed out\tcrashed\t"
	if anchors != nil {
		head += "missing\tbugs\t"
	}
	head += "rate\t"
	if anchors != nil {
		head += "same set\t"
		for _, n := range AnchorRuntimes {
			head += n + "\t"
		}
	}
	fmt.Fprintln(tw, head)
	row := func(name string, s DirSummary) {
		line := fmt.Sprintf("%-*s\t%d\t%d\t%d\t%d\t%d\t%d\t", width, name, s.Files, s.Skipped, s.Passed, s.Failed, s.TimedOut, s.Crashed)
		if anchors != nil {
			line += fmt.Sprintf("%d\t%d\t", missing[name], bugs[name])
		}
		line += rate(s.Passed, s.Passed+s.Failed+s.TimedOut+missing[name]) + "\t"
		if anchors != nil {
			line += rate(known[name][0], known[name][1]) + "\t"
			for _, n := range AnchorRuntimes {
				c := anchorSum[n][name]
				line += rate(c[0], c[1]) + "\t"
			}
		}
		fmt.Fprintln(tw, line)
	}
	for _, d := range dirs {
		row(d, sum[d])
	}
	t := Total(sum)
	row("total", t)
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print table: %w", err)
	}
	_, err := fmt.Fprintf(w, "%d passed, %d failed\n", t.Passed, t.Failed+t.TimedOut+missing["total"])
	return err
}

// PrintBugs lists, per run, the subtests all three anchor runtimes pass
// and Edgeplay fails or does not report, with Edgeplay's message.
func PrintBugs(w io.Writer, runs []Run, anchors *Anchors) error {
	for _, r := range runs {
		c := anchors.Compare(r)
		if len(c.Bugs) == 0 {
			continue
		}
		if _, err := fmt.Fprintf(w, "%s%s (%s): %d\n", r.File, r.Variant, r.Status, len(c.Bugs)); err != nil {
			return fmt.Errorf("print bugs: %w", err)
		}
		for _, t := range c.Bugs {
			msg := t.Message
			if len(msg) > 160 {
				msg = msg[:160] + "…"
			}
			if _, err := fmt.Fprintf(w, "  %-7s %s | %s\n", t.Status, t.Name, msg); err != nil {
				return fmt.Errorf("print bugs: %w", err)
			}
		}
	}
	return nil
}

// Baseline is the checked-in record of passing subtests.
type Baseline struct {
	// About says how the file was made.
	About string `json:"about"`
	// Total and Directories summarise the recorded run.
	Total       DirSummary            `json:"total"`
	Directories map[string]DirSummary `json:"directories"`
	// Runs maps each run (file and variant) to its passing subtests, so a
	// partial run (the gate leaves slow files out) compares like with like.
	Runs map[string]int `json:"runs"`
}

// NewBaseline records runs as a baseline.
func NewBaseline(runs []Run) Baseline {
	b := Baseline{
		About:       "Edgeplay's WPT results (edgeplay wpt); regenerate with `make wpt-baseline`. The gate fails when a directory passes fewer subtests than recorded here for the runs it made.",
		Directories: Summarize(runs),
		Runs:        map[string]int{},
	}
	b.Total = Total(b.Directories)
	for _, r := range runs {
		if r.Status != StatusSkip {
			b.Runs[r.Key()] = passed(r)
		}
	}
	return b
}

func passed(r Run) int {
	n := 0
	for _, t := range r.Subtests {
		if t.Status == "PASS" {
			n++
		}
	}
	return n
}

// ReadBaseline reads a baseline file.
func ReadBaseline(file string) (Baseline, error) {
	var b Baseline
	data, err := os.ReadFile(file)
	if err != nil {
		return b, fmt.Errorf("read baseline: %w", err)
	}
	if err := json.Unmarshal(data, &b); err != nil {
		return b, fmt.Errorf("parse baseline %s: %w", file, err)
	}
	return b, nil
}

// WriteJSON writes v as indented JSON to file.
func WriteJSON(file string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", file, err)
	}
	if err := os.WriteFile(file, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	return nil
}

// Regressions lists the directories whose runs pass fewer subtests than
// the baseline records for the same runs (skipped runs count on neither
// side).
func (b Baseline) Regressions(runs []Run) []string {
	got, want := map[string]int{}, map[string]int{}
	for _, r := range runs {
		if r.Status == StatusSkip {
			continue
		}
		got[r.Dir] += passed(r)
		want[r.Dir] += b.Runs[r.Key()]
	}
	var out []string
	for _, d := range dirsOf(runs) {
		if got[d] < want[d] {
			out = append(out, fmt.Sprintf("%s: %d subtests pass, the baseline has %d", d, got[d], want[d]))
		}
	}
	return out
}
