package wpt

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// More wptserve handlers in Go (see handlers.go): the ones abort/general,
// http-response-code, request-upload and redirect-mode request.

// infiniteSlowDelay is the pause between two bytes of
// infinite-slow-response.py.
const infiniteSlowDelay = 10 * time.Millisecond

// infiniteSlowResponse is fetch/api/resources/infinite-slow-response.py: a
// text/plain body of 2048 dots, then one more dot every 10ms, without end,
// until the client goes away or abortKey= is found (and taken) in the
// stash. With stateKey= it records "open" under that key while the
// response runs and "closed" once it stopped, both in the stash directory
// that stash-take.py reads.
func infiniteSlowResponse(hr *handlerRequest) (*http.Response, error) {
	dir := hr.stashDir()
	stateKey := hr.first("stateKey", "")
	abortKey := hr.first("abortKey", "")
	if stateKey != "" {
		hr.stash.Take(dir, stateKey)
		hr.stash.Put(dir, stateKey, "open")
	}
	body := &endlessBody{
		ctx:  hr.req.Context(),
		head: []byte(strings.Repeat(".", 2048)),
		aborted: func() bool {
			return abortKey != "" && hr.stash.Take(dir, abortKey) != nil
		},
		done: func() {
			if stateKey != "" {
				hr.stash.Take(dir, stateKey)
				hr.stash.Put(dir, stateKey, "closed")
			}
		},
	}
	resp := respond(hr.req, 200, "", http.Header{"Content-Type": {"text/plain"}}, nil)
	resp.ContentLength = -1
	resp.Body = body
	return resp, nil
}

// endlessBody is infinite-slow-response.py's body: head, then a dot every
// infiniteSlowDelay until the context ends, aborted reports true or the
// body is closed; done runs once when it stops.
type endlessBody struct {
	ctx     context.Context
	head    []byte
	aborted func() bool
	done    func()

	mu       sync.Mutex
	stopped  bool
	stopOnce sync.Once
}

// Read returns what is left of head, then one dot after each pause.
func (b *endlessBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	stopped := b.stopped
	b.mu.Unlock()
	if stopped {
		return 0, io.EOF
	}
	if len(b.head) > 0 {
		n := copy(p, b.head)
		b.head = b.head[n:]
		return n, nil
	}
	if err := sleep(b.ctx, infiniteSlowDelay); err != nil {
		b.stop()
		return 0, err
	}
	if b.aborted() {
		b.stop()
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = '.'
	return 1, nil
}

// Close stops the body (the client went away).
func (b *endlessBody) Close() error {
	b.stop()
	return nil
}

func (b *endlessBody) stop() {
	b.mu.Lock()
	b.stopped = true
	b.mu.Unlock()
	b.stopOnce.Do(b.done)
}

// partitionState is what network-partition-key.py keeps under uuid=.
type partitionState struct {
	failed   bool
	requests int
	// conns maps a connection to the partition_id first used on it.
	conns map[string]string
}

// networkPartitionKey is fetch/connection-pool/resources/network-partition-key.py,
// for its check_partition and clean_up dispatches: it counts the requests
// of uuid= and the connections they came on, and fails the test when one
// connection carried two partition_id= values. check_partition answers
// status= (default 200) with "ok" (with addcounter=, followed by ". Request
// was sent N times. M connections were created.") or the failure; an
// in-process request (no remote address) counts as a connection of its own.
func networkPartitionKey(hr *handlerRequest) (*http.Response, error) {
	h := http.Header{}
	h.Set("Cache-Control", "no-store")
	text := func(code int, reason, body string) (*http.Response, error) {
		h.Set("Content-Type", "text/plain")
		return respond(hr.req, code, reason, h, []byte(body)), nil
	}
	dispatch, uuid, partition := hr.first("dispatch", ""), hr.first("uuid", ""), hr.first("partition_id", "")
	if dispatch == "" || uuid == "" || partition == "" {
		return text(404, "Not found", "Invalid query parameters")
	}
	const stashPath = "/fetch/connection-pool/resources/network-partition-key.py"
	// A copy of the state, updated under the stash's lock as the upstream
	// handler holds it: requests may run in parallel.
	var st *partitionState
	if hr.first("nocheck_partition", "") != "True" {
		hr.stash.Update(stashPath, uuid, func(old any) any {
			prev, _ := old.(partitionState)
			next := partitionState{failed: prev.failed, requests: prev.requests + 1, conns: map[string]string{}}
			for k, c := range prev.conns {
				next.conns[k] = c
			}
			key := hr.req.RemoteAddr
			if key == "" {
				key = "in-process#" + strconv.Itoa(next.requests)
			}
			if first, ok := next.conns[key]; !ok {
				next.conns[key] = partition
			} else if first != partition {
				next.failed = true
			}
			st = &next
			return next
		})
	}
	if o, ok := hr.header("Origin"); ok && o != "" {
		h.Set("Access-Control-Allow-Origin", o)
		h.Set("Access-Control-Allow-Credentials", "true")
	}
	if hr.req.Method == http.MethodOptions {
		h.Set("Access-Control-Allow-Methods", "GET")
		h.Set("Access-Control-Allow-Headers", "header-to-force-cors")
		h.Set("Access-Control-Max-Age", "86400")
		return respond(hr.req, 200, "OK", h, []byte("Preflight request")), nil
	}
	failed := st != nil && st.failed
	switch dispatch {
	case "check_partition":
		status, err := hr.intParam("status", 200)
		if err != nil {
			return nil, err
		}
		if failed {
			return text(status, "OK", "Multiple partition IDs used on a socket")
		}
		body := "ok"
		if hr.first("addcounter", "") != "" && st != nil {
			body += fmt.Sprintf(". Request was sent %d times. %d connections were created.", st.requests, len(st.conns))
		}
		return text(status, "OK", body)
	case "clean_up":
		hr.stash.Take(stashPath, uuid)
		if failed {
			return text(200, "OK", "Test failed, but cleanup completed.")
		}
		return text(200, "OK", "cleanup complete")
	}
	return text(404, "Not Found", "Unrecognized dispatch parameter: "+dispatch)
}

// commonRedirect is common/redirect.py: a redirect with status= (default
// 302; a value that is not an integer keeps the default) to location=,
// refused with the body "illegal redirect url" (and no Location) when
// location= names another host than the request's.
func commonRedirect(hr *handlerRequest) (*http.Response, error) {
	status := http.StatusFound
	if v := hr.first("status", ""); hr.has("status") {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
			status = n
		}
	}
	if !hr.has("location") {
		return respond(hr.req, status, "", nil, []byte("exception thrown")), nil
	}
	loc := hr.first("location", "")
	if u, err := url.Parse(loc); err == nil && u.Hostname() != "" {
		host := hr.req.Host
		if host == "" {
			host = hr.req.URL.Host
		}
		if !strings.EqualFold(u.Hostname(), hostOnly(host)) {
			return respond(hr.req, status, "", nil, []byte("illegal redirect url")), nil
		}
	}
	return respond(hr.req, status, "", http.Header{"Location": {loc}}, nil), nil
}

// hostOnly strips the port from a host[:port].
func hostOnly(hostport string) string {
	if u, err := url.Parse("http://" + hostport); err == nil {
		return u.Hostname()
	}
	return hostport
}
