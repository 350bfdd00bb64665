package nextjsdiff

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Time bounds. Every external step runs under one of these.
const (
	npmCITimeout     = 5 * time.Minute
	nextBuildTimeout = 4 * time.Minute
	startTimeout     = 90 * time.Second // until a server answers
	requestTimeout   = 30 * time.Second // one request, body included (next dev compiles on first hit)
	stopGrace        = 5 * time.Second  // SIGTERM to SIGKILL
)

// volatileHeaders are response headers that are not compared, with the
// reason each is volatile or framing-only. Everything else is compared.
var volatileHeaders = map[string]string{
	"date":              "wall clock of the response",
	"connection":        "hop-by-hop (RFC 9110 §7.6.1): depends on the HTTP server's keep-alive policy, not on the route",
	"keep-alive":        "hop-by-hop: Node's HTTP server advertises its idle timeout, Go's does not; not visible to fetch() callers",
	"transfer-encoding": "framing: chunked vs Content-Length is the server's choice; the body is compared byte for byte",
	"content-length":    "framing (see transfer-encoding); compared separately only when both servers send it",
}

// presenceOnlyHeaders are compared by presence, not value, with the reason.
var presenceOnlyHeaders = map[string]string{
	"etag": "Next.js hashes the rendered page, which embeds per-build chunk names and the build id",
}

// Normalisations applied to bodies and header values of both servers before
// comparing, each for a value that is random or specific to one build or run:
//   - the two servers' ports (they listen on different ports; the port shows
//     in req.url, Location and Host) become <PORT>;
//   - HTTP dates and ISO timestamps within two days of now (cookie Expires
//     computed from maxAge, Date.now()) become <NOW+Nm>, N in minutes;
//   - multipart boundaries (random by definition) become <BOUNDARY>;
//   - the content hash in a bundled asset's blob: name (webpack's hash
//     function is its own) becomes <HASH>;
//   - in Next's HTML pages, the script tags that load its client chunks are
//     removed (Edgeplay has no client bundle to load: its pages are Next's
//     server-rendered markup), and the build id becomes <BUILD>.
var (
	httpDateRE = regexp.MustCompile(`(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT`)
	isoDateRE  = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z`)
	boundaryRE = regexp.MustCompile(`-{2,}formdata-[A-Za-z]+-[0-9A-Za-z]+`)
	assetRE    = regexp.MustCompile(`(blob:[\w-]+)\.[0-9a-f]{16}(\.\w+)?`)
	chunkRE    = regexp.MustCompile(`/_next/static/[^"']+`)
	scriptRE   = regexp.MustCompile(`<script(?: defer="")?(?: noModule="")? src="/_next/static/[^"]*"(?: defer="")?></script>`)
	buildIDRE  = regexp.MustCompile(`"buildId":"[^"]*"`)
)

func normalise(b []byte, ports []int) []byte {
	for _, p := range ports {
		re := regexp.MustCompile(`(^|[^0-9])` + strconv.Itoa(p) + `($|[^0-9])`)
		b = re.ReplaceAll(b, []byte("${1}<PORT>${2}"))
	}
	now := time.Now()
	near := func(t time.Time, err error, m []byte) []byte {
		if err != nil || t.Sub(now) > 48*time.Hour || now.Sub(t) > 48*time.Hour {
			return m
		}
		return []byte(fmt.Sprintf("<NOW%+dm>", int(t.Sub(now).Round(time.Minute)/time.Minute)))
	}
	b = httpDateRE.ReplaceAllFunc(b, func(m []byte) []byte {
		t, err := time.Parse(http.TimeFormat, string(m))
		return near(t, err, m)
	})
	b = isoDateRE.ReplaceAllFunc(b, func(m []byte) []byte {
		t, err := time.Parse(time.RFC3339Nano, string(m))
		return near(t, err, m)
	})
	b = boundaryRE.ReplaceAll(b, []byte("--<BOUNDARY>"))
	b = assetRE.ReplaceAll(b, []byte("${1}.<HASH>${2}"))
	b = scriptRE.ReplaceAll(b, nil)
	b = chunkRE.ReplaceAll(b, []byte("/_next/static/<BUILD>"))
	b = buildIDRE.ReplaceAll(b, []byte(`"buildId":"<BUILD>"`))
	return b
}

// answer is one server's response to one request, normalised.
type answer struct {
	Status  string              // "201 Made It"
	Headers map[string][]string // lower-case names, values in order
	Framing string              // "content-length: N" or "chunked"
	Body    []byte              `json:"-"`
	// BodyText is Body for the JSON record (quoted when not printable).
	BodyText string `json:"body"`
	Err      string `json:"error,omitempty"` // transport error, if any
}

// target is a running server under test.
type target struct {
	name string
	base string // http://127.0.0.1:PORT
	port int
}

// freePort asks the kernel for a free TCP port on 127.0.0.1.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// proc is a server process started in its own process group.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  *lockedBuffer
	done chan struct{}
}

// lockedBuffer collects a process's output safely.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startProc starts name in dir with its own process group; the test's
// cleanup stops the whole group.
func startProc(t *testing.T, name, dir string, env []string, bin string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p := &proc{name: name, cmd: cmd, log: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.log, p.log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() { _ = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.stop(t) })
	return p
}

// stop sends SIGTERM to the process group, then SIGKILL after stopGrace.
func (p *proc) stop(t *testing.T) {
	select {
	case <-p.done:
		return
	default:
	}
	pgid := p.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(stopGrace):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		select {
		case <-p.done:
		case <-time.After(stopGrace):
			t.Errorf("%s (pid %d) did not exit after SIGKILL", p.name, pgid)
		}
	}
	// Children that outlived the leader (next start forks workers).
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
}

// waitReady polls url until any HTTP answer arrives, the process exits, or
// startTimeout passes.
func waitReady(t *testing.T, p *proc, url string) {
	t.Helper()
	deadline := time.Now().Add(startTimeout)
	c := &http.Client{Timeout: 30 * time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			t.Fatalf("%s exited before answering; output:\n%s", p.name, tail(p.log.String(), 4000))
		default:
		}
		resp, err := c.Get(url)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s did not answer %s within %s; output:\n%s", p.name, url, startTimeout, tail(p.log.String(), 4000))
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// runStep runs a bounded command and fails the test with its output on error.
func runStep(t *testing.T, timeout time.Duration, dir string, env []string, bin string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = stopGrace
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, tail(string(out), 6000))
	}
	t.Logf("%s %s: ok (%s)", filepath.Base(bin), strings.Join(args, " "), lastLine(string(out)))
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// client sends requests exactly as written: no redirects followed, no
// transparent gzip, a fresh connection per request.
func newClient() *http.Client {
	tr := &http.Transport{DisableCompression: true, DisableKeepAlives: true}
	return &http.Client{
		Transport:     tr,
		Timeout:       requestTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// send sends c to tg and returns the normalised answer.
func send(cl *http.Client, tg target, c reqCase, ports []int) answer {
	var body io.Reader
	if c.Body != nil {
		body = bytes.NewReader(c.Body)
	}
	req, err := http.NewRequest(c.Method, tg.base+c.Path, body)
	if err != nil {
		return answer{Err: fmt.Sprintf("build request: %v", err)}
	}
	req.Header.Set("User-Agent", "nextjs-diff/1")
	for _, h := range c.Headers {
		if strings.EqualFold(h[0], "host") {
			req.Host = h[1]
			continue
		}
		if h[1] == "" && strings.EqualFold(h[0], "user-agent") {
			req.Header.Del("User-Agent")
			continue
		}
		if strings.EqualFold(h[0], "user-agent") {
			req.Header.Set("User-Agent", h[1])
			continue
		}
		req.Header.Add(h[0], h[1])
	}
	resp, err := cl.Do(req)
	if err != nil {
		return answer{Err: normaliseErr(err, tg)}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	a := answer{Status: resp.Status, Headers: map[string][]string{}}
	if err != nil {
		a.Err = "reading body: " + normaliseErr(err, tg)
	}
	for k, v := range resp.Header {
		lk := strings.ToLower(k)
		vals := make([]string, len(v))
		for i, s := range v {
			vals[i] = string(normalise([]byte(s), ports))
		}
		a.Headers[lk] = vals
	}
	if len(resp.TransferEncoding) > 0 {
		a.Framing = strings.Join(resp.TransferEncoding, ",")
	} else if resp.ContentLength >= 0 {
		a.Framing = "content-length: " + strconv.FormatInt(resp.ContentLength, 10)
	}
	if ce := resp.Header.Get("Content-Encoding"); ce == "gzip" && len(b) > 0 {
		if zr, err := gzip.NewReader(bytes.NewReader(b)); err == nil {
			if plain, err := io.ReadAll(zr); err == nil {
				b = append([]byte("(gunzipped) "), plain...)
			}
		}
	}
	a.Body = normalise(b, ports)
	a.BodyText = showBody(a.Body)
	// A Content-Length that matches the body is compared as the length of
	// the normalised body: what normalisation changes (script tags
	// removed, ports of other widths) says nothing about the servers.
	if resp.ContentLength >= 0 && resp.ContentLength == int64(len(b)) && len(resp.TransferEncoding) == 0 {
		a.Framing = "content-length: " + strconv.Itoa(len(a.Body))
	}
	return a
}

func normaliseErr(err error, tg target) string {
	s := err.Error()
	s = strings.ReplaceAll(s, tg.base, "<BASE>")
	return s
}

// diff is one difference between the two answers.
type diff struct {
	Case  string `json:"case"`
	Mode  string `json:"mode"`
	Field string `json:"field"` // status, header:NAME, body, framing, error
	Next  string `json:"next"`
	Edge  string `json:"edgeplay"`
	// Allowed is the allow-list reason, when one matched.
	Allowed string `json:"allowed,omitempty"`
	Request string `json:"request"`
}

// compare returns the differences between Next.js's answer n and
// Edgeplay's answer e for case c.
func compare(c reqCase, mode string, n, e answer) []diff {
	var out []diff
	add := func(field, nv, ev string) {
		out = append(out, diff{Case: c.Name, Mode: mode, Field: field, Next: nv, Edge: ev, Request: c.describe()})
	}
	if n.Err != "" || e.Err != "" {
		if n.Err != e.Err {
			add("error", n.Err, e.Err)
		}
	}
	if n.Status != e.Status {
		add("status", n.Status, e.Status)
	}
	names := map[string]bool{}
	for k := range n.Headers {
		names[k] = true
	}
	for k := range e.Headers {
		names[k] = true
	}
	sorted := make([]string, 0, len(names))
	for k := range names {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		if _, ok := volatileHeaders[k]; ok {
			continue
		}
		nv, ev := n.Headers[k], e.Headers[k]
		if _, ok := presenceOnlyHeaders[k]; ok && nv != nil && ev != nil {
			continue
		}
		if strings.Join(nv, "\n") != strings.Join(ev, "\n") {
			add("header:"+k, showHeader(nv), showHeader(ev))
		}
	}
	// Content-Length matters only where the bodies agree (a HEAD answer, or
	// a length that lies); elsewhere the body difference says it all.
	if bytes.Equal(n.Body, e.Body) && strings.HasPrefix(n.Framing, "content-length") && strings.HasPrefix(e.Framing, "content-length") && n.Framing != e.Framing {
		add("header:content-length", n.Framing, e.Framing)
	}
	switch c.BodyMode {
	case bodyIgnore:
	case bodyNextData:
		if pn, pe := nextDataProjection(n.Body), nextDataProjection(e.Body); pn != pe {
			add("body", pn, pe)
		}
	case bodyContains:
		for _, want := range c.Contains {
			inN, inE := bytes.Contains(n.Body, []byte(want)), bytes.Contains(e.Body, []byte(want))
			if inN != inE {
				add("body", fmt.Sprintf("contains %q: %v; %s", want, inN, showBody(n.Body)), fmt.Sprintf("contains %q: %v; %s", want, inE, showBody(e.Body)))
			}
		}
	default:
		if !bytes.Equal(n.Body, e.Body) {
			add("body", showBody(n.Body), showBody(e.Body))
		}
	}
	return out
}

var nextDataRE = regexp.MustCompile(`(?s)<script id="__NEXT_DATA__" type="application/json">(.*?)</script>`)

// nextDataProjection returns what Next's error page hands its client: the
// page, query, status and the error's name, source and message from the
// __NEXT_DATA__ script (next dev renders the error overlay from it), and
// whether a stack is there; stack frames are not compared (Next's point
// into webpack-internal modules).
func nextDataProjection(body []byte) string {
	m := nextDataRE.FindSubmatch(body)
	if m == nil {
		return "(no __NEXT_DATA__) " + showBody(body)
	}
	var data struct {
		Page  string         `json:"page"`
		Query map[string]any `json:"query"`
		Props struct {
			PageProps struct {
				StatusCode int `json:"statusCode"`
			} `json:"pageProps"`
		} `json:"props"`
		Err *struct {
			Name    *string `json:"name"`
			Source  *string `json:"source"`
			Message *string `json:"message"`
			Stack   *string `json:"stack"`
		} `json:"err"`
	}
	if err := json.Unmarshal(m[1], &data); err != nil {
		return "(bad __NEXT_DATA__: " + err.Error() + ")"
	}
	out := map[string]any{"page": data.Page, "query": data.Query, "statusCode": data.Props.PageProps.StatusCode}
	if data.Err != nil {
		out["err"] = map[string]any{"name": data.Err.Name, "source": data.Err.Source, "message": data.Err.Message, "hasStack": data.Err.Stack != nil}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func showHeader(v []string) string {
	if v == nil {
		return "(absent)"
	}
	return strings.Join(v, " | ")
}

func showBody(b []byte) string {
	const max = 4000
	s := string(b)
	if !isPrintable(s) {
		return fmt.Sprintf("(%d bytes) %q", len(b), truncate(s, 200))
	}
	if len(b) == 0 {
		return "(empty)"
	}
	return truncate(s, max)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("…(%d bytes in all)", len(s))
}

func isPrintable(s string) bool {
	for _, r := range s {
		if r == 0xFFFD || (r < 0x20 && r != '\n' && r != '\r' && r != '\t') {
			return false
		}
	}
	return true
}

// allowEntry is one accepted difference in allowlist.json.
type allowEntry struct {
	Case   string `json:"case"`   // case name, or a path.Match pattern such as "route-unknown*"
	Mode   string `json:"mode"`   // "production", "development" or "" for both
	Field  string `json:"field"`  // as in diff.Field, or "*"
	Reason string `json:"reason"` // why this difference is acceptable by design
	used   bool
}

func loadAllowlist(t *testing.T) []*allowEntry {
	t.Helper()
	b, err := os.ReadFile("allowlist.json")
	if err != nil {
		t.Fatalf("read allowlist.json: %v", err)
	}
	var file struct {
		Entries []*allowEntry `json:"entries"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatalf("parse allowlist.json: %v", err)
	}
	for _, e := range file.Entries {
		if e.Case == "" || e.Field == "" || strings.TrimSpace(e.Reason) == "" {
			t.Fatalf("allowlist.json: entry %+v needs case, field and reason", *e)
		}
	}
	return file.Entries
}

func allowed(list []*allowEntry, d diff) (string, bool) {
	for _, e := range list {
		if ok, _ := path.Match(e.Case, d.Case); ok && (e.Mode == "" || e.Mode == d.Mode) && (e.Field == "*" || e.Field == d.Field) {
			e.used = true
			return e.Reason, true
		}
	}
	return "", false
}

// writeReport writes the differences as Markdown and JSON to dir.
func writeReport(t *testing.T, mode string, cases int, diffs []diff) {
	t.Helper()
	dir := reportDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Errorf("report dir: %v", err)
		return
	}
	js, _ := json.MarshalIndent(diffs, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, "diff-"+mode+".json"), js, 0o644); err != nil {
		t.Errorf("write report: %v", err)
	}
	var md strings.Builder
	failing := 0
	for _, d := range diffs {
		if d.Allowed == "" {
			failing++
		}
	}
	fmt.Fprintf(&md, "# Next.js vs Edgeplay, %s mode\n\n%d requests compared, %d differences (%d allow-listed).\n\n", mode, cases, len(diffs), len(diffs)-failing)
	last := ""
	for _, d := range diffs {
		if d.Case != last {
			fmt.Fprintf(&md, "\n## %s\n\n`%s`\n\n", d.Case, d.Request)
			last = d.Case
		}
		tag := ""
		if d.Allowed != "" {
			tag = " (allowed: " + d.Allowed + ")"
		}
		fmt.Fprintf(&md, "- **%s**%s\n  - Next.js: `%s`\n  - Edgeplay: `%s`\n", d.Field, tag, oneLine(d.Next), oneLine(d.Edge))
	}
	if err := os.WriteFile(filepath.Join(dir, "diff-"+mode+".md"), []byte(md.String()), 0o644); err != nil {
		t.Errorf("write report: %v", err)
	}
	abs, _ := filepath.Abs(dir)
	t.Logf("report: %s/diff-%s.md", abs, mode)
}

// recorded is one case's two answers, kept as a record of what real
// Next.js answered (answers-MODE.json) for SPEC's (obs.) rules.
type recorded struct {
	Case     string `json:"case"`
	Request  string `json:"request"`
	Next     answer `json:"next"`
	Edgeplay answer `json:"edgeplay"`
}

// writeAnswers writes every case's two answers next to the report.
func writeAnswers(t *testing.T, mode string, rec []recorded) {
	t.Helper()
	js, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		t.Errorf("answers: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(reportDir(), "answers-"+mode+".json"), js, 0o644); err != nil {
		t.Errorf("write answers: %v", err)
	}
}

func reportDir() string {
	if dir := os.Getenv("EDGEPLAY_NEXT_DIFF_OUT"); dir != "" {
		return dir
	}
	return "out"
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "`", "'")
	s = strings.ReplaceAll(s, "\r", `\r`)
	return strings.ReplaceAll(s, "\n", `\n`)
}
