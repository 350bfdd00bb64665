package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeHistoryAndRoutesCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "history.db")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve", "--port", "0", "--db", db}, &out, &errOut) }()

	// The banner names the mode and every route's URL.
	urlRe := regexp.MustCompile(`http://127\.0\.0\.1:\d+/api/basic`)
	deadline := time.Now().Add(30 * time.Second)
	for !urlRe.MatchString(out.String()) {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no banner; stdout %q stderr %q", out.String(), errOut.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	banner := out.String()
	for _, want := range []string{"built-in examples", "production mode", "/api/regions", "sfo1,iad1"} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}
	res, err := http.Get(urlRe.FindString(banner))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(body) != "Hello world!" {
		t.Errorf("body = %q", body)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d: %s", code, errOut.String())
	}
	// One access line per request: method, path, status, duration.
	if !regexp.MustCompile(`(?m)^GET /api/basic 200 \d+(\.\d+)?(µs|ms)$`).MatchString(out.String()) {
		t.Errorf("no access log line in:\n%s", out.String())
	}

	var hist bytes.Buffer
	if code := run(context.Background(), []string{"history", "--db", db}, &hist, io.Discard); code != 0 {
		t.Fatalf("history exited %d", code)
	}
	lines := bufio.NewScanner(strings.NewReader(hist.String()))
	n := 0
	for lines.Scan() {
		if strings.Contains(lines.Text(), "GET") && strings.Contains(lines.Text(), "/api/basic") && strings.Contains(lines.Text(), " 200 ") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("history lists %d matching exchanges:\n%s", n, hist.String())
	}

	var routes bytes.Buffer
	if code := run(context.Background(), []string{"routes"}, &routes, io.Discard); code != 0 || !strings.Contains(routes.String(), "/api/forwarding-headers") {
		t.Errorf("routes exited %d:\n%s", code, routes.String())
	}
}

func TestCommandLineMistakes(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"nope"}, 2, `unknown command "nope"`},
		{[]string{"serve", "--mode", "staging", "--no-history"}, 1, `unknown mode "staging" (accepted: production, development)`},
		{[]string{"serve", "/does/not/exist", "--no-history"}, 1, "/does/not/exist"},
		{[]string{"history", "--limit", "0"}, 1, "--limit must be at least 1"},
		{[]string{"history", "--status", "6xx"}, 1, `--status "6xx": give a status code (404) or a class (1xx to 5xx)`},
		{[]string{"history", "--since", "yesterday"}, 1, `--since "yesterday": give a duration`},
		{[]string{"serve", "--help"}, 0, "Usage: edgeplay serve"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), tt.args, &out, &errOut)
			if code != tt.code || !strings.Contains(out.String()+errOut.String(), tt.want) {
				t.Errorf("exit %d, output %q; want exit %d and %q", code, out.String()+errOut.String(), tt.code, tt.want)
			}
		})
	}
}
