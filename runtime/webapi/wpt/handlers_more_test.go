package wpt

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestMoreHandlers(t *testing.T) {
	tr := staticTransport{fsys: fstest.MapFS{}, stash: NewStash()}
	const npk = "/fetch/connection-pool/resources/network-partition-key.py?"
	checkCases(t, tr, []handlerCase{
		// network-partition-key.py
		{name: "partition: missing parameters", url: npk + "dispatch=check_partition", status: 404, resBody: str("Invalid query parameters")},
		{name: "partition: first request", url: npk + "status=425&uuid=u1&partition_id=p&dispatch=check_partition&addcounter=true",
			status: 425, want: map[string]string{"Cache-Control": "no-store", "Content-Type": "text/plain"},
			resBody: str("ok. Request was sent 1 times. 1 connections were created.")},
		{name: "partition: second request", method: "POST", body: "x", url: npk + "uuid=u1&partition_id=p&dispatch=check_partition&addcounter=1",
			status: 200, resBody: str("ok. Request was sent 2 times. 2 connections were created.")},
		{name: "partition: no counter", url: npk + "uuid=u2&partition_id=p&dispatch=check_partition", status: 200, resBody: str("ok")},
		{name: "partition: preflight", method: "OPTIONS", url: npk + "uuid=u3&partition_id=p&dispatch=check_partition",
			header: http.Header{"Origin": {"http://o.test"}}, status: 200,
			want: map[string]string{"Access-Control-Allow-Origin": "http://o.test", "Access-Control-Max-Age": "86400"}, resBody: str("Preflight request")},
		{name: "partition: clean up", url: npk + "uuid=u1&partition_id=p&dispatch=clean_up&nocheck_partition=True", status: 200, resBody: str("cleanup complete")},
		{name: "partition: counts restart", url: npk + "uuid=u1&partition_id=p&dispatch=check_partition&addcounter=true",
			status: 200, resBody: str("ok. Request was sent 1 times. 1 connections were created.")},
		{name: "partition: bad dispatch", url: npk + "uuid=u4&partition_id=p&dispatch=nope", status: 404, resBody: str("Unrecognized dispatch parameter: nope")},
		// common/redirect.py
		{name: "common redirect: default", url: "/common/redirect.py?location=/x", status: 302, want: map[string]string{"Location": "/x"}},
		{name: "common redirect: status", url: "/common/redirect.py?status=308&location=http%3A%2F%2Fweb-platform.test%3A8000%2Fy", status: 308,
			want: map[string]string{"Location": "http://web-platform.test:8000/y"}},
		{name: "common redirect: bad status", url: "/common/redirect.py?status=x&location=/x", status: 302},
		{name: "common redirect: other host", url: "/common/redirect.py?location=http%3A%2F%2Fother.test%2F", status: 302,
			want: map[string]string{"Location": ""}, resBody: str("illegal redirect url")},
	})
}

// TestInfiniteSlowResponse checks infinite-slow-response.py: 2048 bytes at
// once, then a byte at a time; its stash state goes from open to closed
// when the client cancels, or when abortKey is put in the stash.
func TestInfiniteSlowResponse(t *testing.T) {
	tr := staticTransport{fsys: fstest.MapFS{}, stash: NewStash()}
	const res = "/fetch/api/resources/"
	state := func() string {
		t.Helper()
		_, body, err := roundTrip(t, tr, handlerCase{url: res + "stash-take.py?key=S"})
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatalf("stash-take: %q: %v", body, err)
		}
		s, _ := v.(string)
		return s
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", Origin+res+"infinite-slow-response.py?stateKey=S&abortKey=A", nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/plain" {
		t.Errorf("Content-Type %q", ct)
	}
	buf := make([]byte, 4096)
	n, err := io.ReadFull(resp.Body, buf[:2050])
	if err != nil || strings.Trim(string(buf[:n]), ".") != "" {
		t.Fatalf("first 2050 bytes: %d %v", n, err)
	}
	if s := state(); s != "open" {
		t.Errorf("state while running = %q, want open", s)
	}
	cancel()
	if _, err := io.ReadAll(resp.Body); !errors.Is(err, context.Canceled) {
		t.Errorf("read after cancel: %v", err)
	}
	if s := state(); s != "closed" {
		t.Errorf("state after cancel = %q, want closed", s)
	}

	// abortKey ends the body.
	req, _ = http.NewRequest("GET", Origin+res+"infinite-slow-response.py?stateKey=S&abortKey=B", nil)
	resp, err = tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := roundTrip(t, tr, handlerCase{url: res + "stash-put.py?key=B&value=close"}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := io.ReadAll(resp.Body)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("body after abortKey: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("body did not end after abortKey")
	}
	if s := state(); s != "closed" {
		t.Errorf("state after abortKey = %q, want closed", s)
	}
}

// TestSlowBodyClose checks that closing a trickling body (as fetch does on
// abort, from another goroutine) ends a read that waits for the next chunk.
func TestSlowBodyClose(t *testing.T) {
	tr := staticTransport{fsys: fstest.MapFS{}, stash: NewStash()}
	req, _ := http.NewRequest("GET", Origin+"/fetch/api/resources/trickle.py?ms=0&count=2", nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body := resp.Body.(*slowBody)
	body.delay = time.Hour
	done := make(chan error, 1)
	go func() {
		_, err := body.Read(make([]byte, 64))
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	_ = resp.Body.Close()
	select {
	case err := <-done:
		if !errors.Is(err, errBodyClosed) {
			t.Errorf("read after close: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end the pending read")
	}
}
