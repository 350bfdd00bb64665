package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"edgeplay/store"
)

// TestEveryConcurrentExchangeIsRecordedOnce sends 64 concurrent clients ×
// 100 requests, each with its own token, across three routes (a GET that
// reads the query, a POST that echoes its body, a streamed response) to a
// server recording into a real SQLite history, and checks that each
// exchange is in the history exactly once, whole, and that nothing was
// dropped.
func TestEveryConcurrentExchangeIsRecordedOnce(t *testing.T) {
	const (
		clients  = 64
		requests = 100
		total    = clients * requests
	)
	dir := t.TempDir()
	writeFile(t, dir, "pages/api/query.ts", `export const config = { runtime: 'edge' }
export default (req: Request) => Response.json({ n: new URL(req.url).searchParams.get('n') })
`)
	writeFile(t, dir, "pages/api/echo.ts", `export const config = { runtime: 'edge' }
export default async (req: Request) => new Response('echo:' + await req.text(), { headers: { 'content-type': 'text/plain' } })
`)
	// R-HANDLER-6: a streamed body, written in three chunks.
	writeFile(t, dir, "pages/api/stream.ts", `export const config = { runtime: 'edge' }
export default (req: Request) => {
  const n = new URL(req.url).searchParams.get('n')
  const enc = new TextEncoder()
  let i = 0
  return new Response(new ReadableStream({
    pull(c) {
      if (i === 3) { c.close(); return }
      c.enqueue(enc.encode('part' + i++ + ':' + n + ';'))
    },
  }))
}
`)

	ctx := context.Background()
	// Room for every exchange in the queue: none may be dropped, even if
	// the writer falls behind.
	hist, err := store.Open(ctx, filepath.Join(t.TempDir(), "history.db"), store.Options{QueueSize: 2 * total})
	if err != nil {
		t.Fatal(err)
	}
	// Registered before the server's cleanup, so it runs after the server
	// has stopped.
	t.Cleanup(func() {
		if err := hist.Close(); err != nil {
			t.Errorf("close history: %v", err)
		}
	})
	ts := startServer(t, dir, Options{Recorder: hist, PoolSize: 4})

	transport := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}

	type kind int
	const (
		getQuery kind = iota
		postEcho
		getStream
	)
	kindOf := func(c, i int) kind { return kind((c + i) % 3) }
	token := func(c, i int) string { return fmt.Sprintf("%d-%d", c, i) }

	// do sends one request and checks its answer.
	do := func(c, i int) error {
		n := token(c, i)
		var req *http.Request
		var want string
		var err error
		switch kindOf(c, i) {
		case getQuery:
			req, err = http.NewRequest(http.MethodGet, ts.URL+"/api/query?n="+n, nil)
			want = `{"n":"` + n + `"}`
		case postEcho:
			req, err = http.NewRequest(http.MethodPost, ts.URL+"/api/echo?n="+n, strings.NewReader("body-"+n))
			want = "echo:body-" + n
		case getStream:
			req, err = http.NewRequest(http.MethodGet, ts.URL+"/api/stream?n="+n, nil)
			want = "part0:" + n + ";part1:" + n + ";part2:" + n + ";"
		}
		if err != nil {
			return err
		}
		res, err := client.Do(req)
		if err != nil {
			return fmt.Errorf("%s %s: %w", req.Method, req.URL, err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil {
			return fmt.Errorf("%s %s: read: %w", req.Method, req.URL, err)
		}
		if res.StatusCode != http.StatusOK || string(body) != want {
			return fmt.Errorf("%s %s: %d %q, want 200 %q", req.Method, req.URL, res.StatusCode, body, want)
		}
		return nil
	}

	start := time.Now()
	errs := make(chan error, total)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for i := range requests {
				if err := do(c, i); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	nerr := 0
	for err := range errs {
		if nerr++; nerr <= 10 {
			t.Error(err)
		}
	}
	if nerr > 0 {
		t.Fatalf("%d of %d requests failed", nerr, total)
	}
	sent := time.Since(start)

	// A record is made once the handler has finished, which for a stream
	// may be just after the client read its last byte: wait until the
	// store has seen every exchange, then commit them.
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := hist.Stats()
		if st.Recorded+st.Queued+st.Dropped+st.Failed >= total {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the history was handed %d exchanges, want %d (stats %+v)", st.Recorded+st.Queued+st.Dropped+st.Failed, total, st)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := hist.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if st := hist.Stats(); st.Dropped != 0 || st.Failed != 0 || st.Recorded != total {
		t.Errorf("stats %+v, want %d recorded and none dropped or failed", st, total)
	}

	// Every exchange, by its token.
	seen := make(map[string]int64, total) // token → ID
	pages := 0
	f := store.Filter{Limit: 1000}
	for {
		page, err := hist.Search(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, m := range page.Items {
			u, err := url.Parse(m.URL)
			if err != nil {
				t.Fatalf("record %d: URL %q: %v", m.ID, m.URL, err)
			}
			n := u.Query().Get("n")
			if prev, dup := seen[n]; dup {
				t.Errorf("token %q recorded twice: records %d and %d", n, prev, m.ID)
			}
			seen[n] = m.ID
			if m.Status != http.StatusOK {
				t.Errorf("record %d %s %s: status %d", m.ID, m.Method, m.URL, m.Status)
			}
		}
		if page.Next == nil {
			break
		}
		f.After = page.Next
	}
	if len(seen) != total {
		t.Errorf("%d distinct exchanges recorded, want %d", len(seen), total)
	}

	// Each record is whole: method, route, bodies and, for the stream,
	// its chunks.
	for c := range clients {
		for i := range requests {
			n := token(c, i)
			id, ok := seen[n]
			if !ok {
				t.Errorf("exchange %s was not recorded", n)
				continue
			}
			e, err := hist.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var method, route, reqBody, respBody string
			switch kindOf(c, i) {
			case getQuery:
				method, route, respBody = http.MethodGet, "/api/query", `{"n":"`+n+`"}`
			case postEcho:
				method, route, reqBody, respBody = http.MethodPost, "/api/echo", "body-"+n, "echo:body-"+n
			case getStream:
				method, route, respBody = http.MethodGet, "/api/stream", "part0:"+n+";part1:"+n+";part2:"+n+";"
				// The handler enqueues its three parts without waiting, so
				// the server may send some of them as one chunk.
				size := 0
				for _, ch := range e.Chunks {
					size += ch.Size
				}
				if len(e.Chunks) < 1 || len(e.Chunks) > 3 || size != len(respBody) {
					t.Errorf("record %d (%s): chunks %+v, want 1 to 3 of %d bytes in all", id, n, e.Chunks, len(respBody))
				}
			}
			if e.Method != method || e.Route != route || string(e.RequestBody) != reqBody || string(e.ResponseBody) != respBody {
				t.Errorf("record %d (%s): %s %s bodies %q → %q, want %s %s %q → %q",
					id, n, e.Method, e.Route, e.RequestBody, e.ResponseBody, method, route, reqBody, respBody)
			}
		}
	}

	// Nothing arrives late, twice.
	time.Sleep(100 * time.Millisecond)
	if err := hist.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := hist.Count(ctx); err != nil || n != total {
		t.Errorf("history holds %d exchanges at the end (%v), want %d", n, err, total)
	}
	t.Logf("%d requests in %v (%.0f/s), %d pages of history read", total, sent.Round(time.Millisecond), float64(total)/sent.Seconds(), pages)
}
