package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"edgeplay/examples"
	"edgeplay/store"
)

// TestLateRecorderRecordsOnceSet checks the recorder serve hands the server
// while the history opens concurrently: nothing is recorded before the
// store is set, everything after.
func TestLateRecorderRecordsOnceSet(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var rec lateRecorder
	if rec.Record(store.Exchange{URL: "/before"}) {
		t.Error("Record before set returned true")
	}
	rec.set(st)
	if !rec.Record(store.Exchange{URL: "/after"}) {
		t.Error("Record after set returned false")
	}
	if err := st.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := st.Stats(); got.Recorded != 1 || got.Dropped != 0 {
		t.Errorf("Stats = %+v, want one recorded", got)
	}
}

// TestServeReportsAHistoryThatCannotOpen checks that the history opening
// alongside the server still stops serve with its error.
func TestServeReportsAHistoryThatCannotOpen(t *testing.T) {
	db := filepath.Join(t.TempDir(), "not-a-db.txt")
	if err := os.WriteFile(db, []byte("plain text, not SQLite, long enough to be checked as a header"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"serve", "--port", "0", "--db", db}, &out, &errOut)
	if code == 0 {
		t.Fatalf("serve exited 0 with a bad history; stdout %q", out.String())
	}
	if !strings.Contains(errOut.String(), "not-a-db.txt") {
		t.Errorf("stderr does not name the history file: %q", errOut.String())
	}
	if strings.Contains(out.String(), "serving") {
		t.Errorf("banner printed although the history failed: %q", out.String())
	}
}

// TestServeRejectsBadLimits: out-of-range --isolates and --cpu-limit are
// refused with the flag and the accepted range, before anything starts.
func TestServeRejectsBadLimits(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--isolates", "99"}, "--isolates: 99 is not a number of isolates per route from 1 to 64"},
		{[]string{"--cpu-limit", "1ms"}, "--cpu-limit: 1ms is not between 10ms and 5m"},
		{[]string{"--keep", "-1"}, "--keep and --keep-days must not be negative (0 keeps everything)"},
		{[]string{"--max-stored-body", "10"}, "--max-stored-body: 10 is not between 1024 and 67108864 bytes"},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		err := cmdServe(context.Background(), tt.args, io.Discard, &stderr)
		if err == nil || err.Error() != tt.want {
			t.Errorf("serve %v: %v, want %q", tt.args, err, tt.want)
		}
	}
}

// TestServeOriginFlagMapsFetch: --origin points a handler's backend at a
// stub whose port is only known at run time, on top of edgeplay.json.
func TestServeOriginFlagMapsFetch(t *testing.T) {
	stub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "stub saw %s %s", r.Method, r.URL.RequestURI())
	}))
	defer stub.Close()
	dir := t.TempDir()
	src := "export const config = { runtime: 'edge' }\nexport default async () => fetch('https://api.example.test/v1/items?x=1')\n"
	if err := os.MkdirAll(filepath.Join(dir, "pages", "api"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pages", "api", "up.ts"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", dir, "--port", "0", "--no-history", "--origin", "HTTPS://API.example.test/=" + stub.URL}, &out, &errOut)
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d: %s", code, errOut.String())
		}
	}()
	urlRe := regexp.MustCompile(`http://127\.0\.0\.1:\d+/api/up`)
	for deadline := time.Now().Add(30 * time.Second); !urlRe.MatchString(out.String()); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no banner; stdout %q stderr %q", out.String(), errOut.String())
		}
	}
	res, err := http.Get(urlRe.FindString(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(body) != "stub saw GET /v1/items?x=1" {
		t.Errorf("mapped fetch: %d %q", res.StatusCode, body)
	}
}

// TestServeRejectsBadOrigin: a malformed --origin names the flag and the
// expected form.
func TestServeRejectsBadOrigin(t *testing.T) {
	for _, arg := range []string{"https://a.test", "ftp://a.test=http://127.0.0.1:1", "https://a.test=127.0.0.1:9000"} {
		var stderr bytes.Buffer
		err := cmdServe(context.Background(), []string{"--origin", arg}, io.Discard, &stderr)
		first, _, _ := strings.Cut(stderr.String(), "\n")
		if err == nil || !strings.Contains(first, "flag -origin") || !strings.Contains(first, "e.g.") {
			t.Errorf("--origin %s: %v (stderr %q)", arg, err, stderr.String())
		}
	}
}

// TestServeVercelFlags: --vercel (or --cdn) with locations turns the
// simulation on; bad locations, or locations without it, are refused.
func TestServeVercelFlags(t *testing.T) {
	if p, err := platformOptions(true, "Tokyo", "fra1"); err != nil || p == nil || p.Client.Name != "Tokyo" || p.Data.Name != "fra1" {
		t.Errorf("on: %+v %v", p, err)
	}
	if p, err := platformOptions(false, "", ""); err != nil || p != nil {
		t.Errorf("off: %+v %v", p, err)
	}
	for _, tc := range []struct {
		on           bool
		client, data string
		want         string
	}{
		{false, "Tokyo", "", "need --vercel"},
		{true, "Atlantis", "", "--client-location: unknown client location"},
		{true, "", "999,0", "--data-location"},
	} {
		if _, err := platformOptions(tc.on, tc.client, tc.data); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc, err, tc.want)
		}
	}
}

// TestServeVercelWalksTheSeedCacheExample runs the README's walk against
// `edgeplay serve --vercel` on the built-in examples: the seed's
// cache-control route (s-maxage=1200, stale-while-revalidate=600) goes
// MISS → HIT → STALE → revalidated HIT → MISS after expiry as the control
// API moves the clock (R-CACHE-5, R-CACHE-6), and the cache's timeline
// has each transition.
func TestServeVercelWalksTheSeedCacheExample(t *testing.T) {
	dir := t.TempDir()
	if err := examples.Extract(dir, false); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", dir, "--port", "0", "--no-history", "--vercel", "--client-location", "Paris"}, &out, &errOut)
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d: %s", code, errOut.String())
		}
	}()
	baseRe := regexp.MustCompile(`control API at (http://127\.0\.0\.1:\d+)/_edgeplay/`)
	for deadline := time.Now().Add(30 * time.Second); !baseRe.MatchString(out.String()); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no banner; stdout %q stderr %q", out.String(), errOut.String())
		}
	}
	base := baseRe.FindStringSubmatch(out.String())[1]
	control := func(path, body string) {
		t.Helper()
		res, err := http.Post(base+"/_edgeplay/"+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		msg, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("POST %s %s: %d %s", path, body, res.StatusCode, msg)
		}
	}
	cacheOf := func() (status, age string) {
		t.Helper()
		res, err := http.Get(base + "/api/cache-control")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), "Jim Halpert") || !strings.HasPrefix(res.Header.Get("X-Vercel-Id"), "cdg1::") {
			t.Fatalf("%d %q %v", res.StatusCode, body, res.Header)
		}
		return res.Header.Get("X-Vercel-Cache"), res.Header.Get("Age")
	}
	step := func(want string) {
		t.Helper()
		if got, _ := cacheOf(); got != want {
			t.Fatalf("x-vercel-cache %s, want %s", got, want)
		}
	}
	step("MISS")
	control("clock", `{"pause":true}`)
	step("HIT")
	control("clock", `{"advance":"21m"}`)
	step("STALE")
	// The one background revalidation stores a new copy: age 0 once done.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		status, age := cacheOf()
		if status == "HIT" && age == "0" {
			break
		}
		if (status != "STALE" && status != "HIT") || time.Now().After(deadline) {
			t.Fatalf("after the revalidation: %s age %s", status, age)
		}
	}
	control("clock", `{"advance":"31m"}`)
	step("MISS")
	res, err := http.Get(base + "/_edgeplay/cache")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, kind := range []string{"stored", "hit", "stale", "revalidated", "expired"} {
		if !strings.Contains(string(body), `"kind": "`+kind+`"`) {
			t.Errorf("the cache timeline has no %q event: %s", kind, body)
		}
	}
}
