package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"edgeplay/runtime/server"
	"edgeplay/store"
	"edgeplay/store/diff"
)

// replayHopHeaders are request headers a replay does not copy: the
// connection's own, and those net/http sets from the request it sends.
var replayHopHeaders = []string{"Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Content-Length", "Host", "Te", "Trailer", "Proxy-Connection"}

// replayIgnoredHeaders are response headers a replay's comparison leaves
// out: framing the record does not keep (Content-Length,
// Transfer-Encoding, Connection), and values that differ on every answer
// or follow the body, which is compared itself (ETag, X-Vercel-Id).
var replayIgnoredHeaders = []string{"Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Etag", "X-Vercel-Id"}

// cmdReplay re-sends recorded requests, in the order given, to a running
// Edgeplay server (the current code), and compares each answer with the
// recorded one. The server records each replay linked to its original.
func cmdReplay(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "", "history database (default: the user config directory's edgeplay/history.db)")
	to := fs.String("to", "http://127.0.0.1:3000", "the Edgeplay server to replay against (edgeplay serve's address)")
	showDiff := fs.Bool("diff", false, "print what changed: JSON changes or a unified diff of the body")
	timeout := fs.Duration("timeout", 30*time.Second, "time allowed for each replayed request")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: edgeplay replay [--to URL] [--diff] [--db PATH] ID...")
		fs.PrintDefaults()
	}
	ids, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		fs.Usage()
		return errUsage
	}
	base, err := url.Parse(*to)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return fmt.Errorf("--to %q: give the server's origin, e.g. http://127.0.0.1:3000", *to)
	}
	hf := historyFlags{db: dbPath}
	st, _, err := hf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := selectExchanges(ctx, st, store.Filter{}, ids)
	if err != nil {
		return err
	}
	client := &http.Client{Timeout: *timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	failed := 0
	for _, orig := range list {
		got, err := replayOne(ctx, client, base, orig)
		if err != nil {
			failed++
			fmt.Fprintf(stdout, "%d  %s %s: %v\n", orig.ID, orig.Method, orig.URL, err)
			continue
		}
		result := diff.Exchanges(orig, got, diff.Options{IgnoreHeaders: replayIgnoredHeaders})
		fmt.Fprintf(stdout, "%d  %s %s → %d in %s: %s\n", orig.ID, orig.Method, got.URL, got.Status, formatDur(got.Duration), result)
		if orig.RequestBodyTruncated {
			fmt.Fprintf(stdout, "    note: the stored request body was truncated (%d of %d bytes); the replay sent the stored part\n", len(orig.RequestBody), orig.RequestBodySize)
		}
		if *showDiff && !result.Same {
			printDiff(stdout, result)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d replays failed", failed, len(list))
	}
	return nil
}

// replayOne sends orig's request to base and returns the answer as an
// exchange (status, headers, body), for the diff.
func replayOne(ctx context.Context, client *http.Client, base *url.URL, orig store.Exchange) (store.Exchange, error) {
	u, err := url.Parse(orig.URL)
	if err != nil {
		return store.Exchange{}, fmt.Errorf("recorded URL: %w", err)
	}
	target := *base
	target.Path, target.RawPath, target.RawQuery = u.Path, u.RawPath, u.RawQuery
	req, err := http.NewRequestWithContext(ctx, orig.Method, target.String(), bytes.NewReader(orig.RequestBody))
	if err != nil {
		return store.Exchange{}, err
	}
	for name, values := range orig.RequestHeaders {
		if !containsFold(replayHopHeaders, name) {
			req.Header[name] = values
		}
	}
	if host := orig.RequestHeaders.Get("Host"); host != "" {
		req.Host = host
	}
	req.Header.Set(server.ReplayHeader, strconv.FormatInt(orig.ID, 10))
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return store.Exchange{}, fmt.Errorf("send: %w (is edgeplay serve running at %s?)", err, base)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return store.Exchange{}, fmt.Errorf("read the answer: %w", err)
	}
	return store.Exchange{Method: orig.Method, URL: target.String(), Status: res.StatusCode, ResponseHeaders: res.Header,
		ResponseBody: body, Duration: time.Since(start)}, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// printDiff writes a result's details under its summary line.
func printDiff(w io.Writer, r diff.Result) {
	for _, h := range r.Headers {
		fmt.Fprintf(w, "    header %s %s: %q → %q\n", h.Name, h.Kind, h.Old, h.New)
	}
	switch {
	case len(r.Body.JSON) > 0:
		for _, c := range r.Body.JSON {
			fmt.Fprintf(w, "    %s %s: %s → %s\n", c.Kind, c.Path, orDash(c.Old), orDash(c.New))
		}
	case r.Body.Mode == "text":
		for _, line := range strings.Split(strings.TrimRight(r.Body.Unified(), "\n"), "\n") {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
}

func orDash(b []byte) string {
	if len(b) == 0 {
		return "-"
	}
	return string(b)
}
