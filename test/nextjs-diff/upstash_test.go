package nextjsdiff

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// upstashOrigin is the origin the workspace's .env gives @upstash/redis
// (UPSTASH_REDIS_REST_URL). Edgeplay maps it to a stub with --origin; next
// gets the stub's own URL in its environment, which Next.js prefers to
// .env files. Each server has its own stub, so both see the same sequence
// of states.
const upstashOrigin = "https://diff-stub.upstash.io"

// upstashToken is UPSTASH_REDIS_REST_TOKEN in the workspace's .env.
const upstashToken = "diff-token"

// upstashStub is a small, in-memory server for the Upstash Redis REST
// protocol that @upstash/redis speaks: a command is a JSON array POSTed to
// the root, a pipeline an array of them POSTed to /pipeline (or
// /multi-exec); the answer is {"result": …} or {"error": …}, with every
// string base64-encoded when the client sends Upstash-Encoding: base64. It
// knows the commands the workspace's handler uses.
type upstashStub struct {
	mu      sync.Mutex
	strings map[string]string
	hashes  map[string]map[string]string
	lists   map[string][]string
	ttls    map[string]int64 // seconds, as set; the stub's clock does not move
}

// startUpstashStub serves a fresh stub on 127.0.0.1 until the test ends.
func startUpstashStub(t *testing.T) *httptest.Server {
	s := &upstashStub{strings: map[string]string{}, hashes: map[string]map[string]string{}, lists: map[string][]string{}, ttls: map[string]int64{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv
}

func (s *upstashStub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "ERR only POST is supported by this stub"})
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+upstashToken {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "WRONGPASS invalid or missing auth token"})
		return
	}
	encode := r.Header.Get("Upstash-Encoding") == "base64"
	switch r.URL.Path {
	case "/", "":
		var cmd []any
		if err := json.NewDecoder(r.Body).Decode(&cmd); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "ERR the body is not a JSON array: " + err.Error()})
			return
		}
		res, err := s.run(cmd)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"result": encodeResult(res, encode)})
	case "/pipeline", "/multi-exec":
		var cmds [][]any
		if err := json.NewDecoder(r.Body).Decode(&cmds); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "ERR the body is not a JSON array of commands: " + err.Error()})
			return
		}
		out := make([]map[string]any, 0, len(cmds))
		for _, cmd := range cmds {
			if res, err := s.run(cmd); err != nil {
				out = append(out, map[string]any{"error": err.Error()})
			} else {
				out = append(out, map[string]any{"result": encodeResult(res, encode)})
			}
		}
		writeJSON(w, http.StatusOK, out)
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"error": "ERR unknown endpoint " + r.URL.Path})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// encodeResult base64-encodes every string in a result, as Upstash does
// for Upstash-Encoding: base64 (numbers and nulls stay as they are).
func encodeResult(v any, encode bool) any {
	if !encode {
		return v
	}
	switch x := v.(type) {
	case string:
		return base64.StdEncoding.EncodeToString([]byte(x))
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = encodeResult(e, encode)
		}
		return out
	}
	return v
}

// run executes one command. Arguments arrive as JSON strings or numbers.
func (s *upstashStub) run(cmd []any) (any, error) {
	if len(cmd) == 0 {
		return nil, fmt.Errorf("ERR empty command")
	}
	args := make([]string, len(cmd))
	for i, a := range cmd {
		switch v := a.(type) {
		case string:
			args[i] = v
		case float64:
			args[i] = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			return nil, fmt.Errorf("ERR argument %d of %v is neither a string nor a number", i, cmd)
		}
	}
	name := strings.ToLower(args[0])
	s.mu.Lock()
	defer s.mu.Unlock()
	arity := func(n int) error {
		if len(args) < n {
			return fmt.Errorf("ERR wrong number of arguments for '%s' command", name)
		}
		return nil
	}
	switch name {
	case "ping":
		return "PONG", nil
	case "set":
		if err := arity(3); err != nil {
			return nil, err
		}
		s.strings[args[1]] = args[2]
		delete(s.ttls, args[1])
		for i := 3; i+1 < len(args); i++ {
			if strings.EqualFold(args[i], "ex") {
				n, err := strconv.ParseInt(args[i+1], 10, 64)
				if err != nil {
					return nil, fmt.Errorf("ERR value is not an integer or out of range")
				}
				s.ttls[args[1]] = n
			}
		}
		return "OK", nil
	case "get":
		if err := arity(2); err != nil {
			return nil, err
		}
		if v, ok := s.strings[args[1]]; ok {
			return v, nil
		}
		return nil, nil
	case "incr", "incrby":
		if err := arity(2); err != nil {
			return nil, err
		}
		by := int64(1)
		if name == "incrby" {
			if err := arity(3); err != nil {
				return nil, err
			}
			var err error
			if by, err = strconv.ParseInt(args[2], 10, 64); err != nil {
				return nil, fmt.Errorf("ERR value is not an integer or out of range")
			}
		}
		n, err := strconv.ParseInt(s.stringOr(args[1], "0"), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("ERR value is not an integer or out of range")
		}
		n += by
		s.strings[args[1]] = strconv.FormatInt(n, 10)
		return n, nil
	case "ttl":
		if err := arity(2); err != nil {
			return nil, err
		}
		if _, ok := s.strings[args[1]]; !ok {
			return -2, nil
		}
		if n, ok := s.ttls[args[1]]; ok {
			return n, nil
		}
		return -1, nil
	case "del":
		n := 0
		for _, k := range args[1:] {
			str, hash, list := deleteKey(s.strings, k), deleteKey(s.hashes, k), deleteKey(s.lists, k)
			if str || hash || list {
				n++
			}
		}
		return n, nil
	case "hset":
		if len(args) < 4 || len(args)%2 != 0 {
			return nil, fmt.Errorf("ERR wrong number of arguments for 'hset' command")
		}
		h := s.hashes[args[1]]
		if h == nil {
			h = map[string]string{}
			s.hashes[args[1]] = h
		}
		added := 0
		for i := 2; i < len(args); i += 2 {
			if _, ok := h[args[i]]; !ok {
				added++
			}
			h[args[i]] = args[i+1]
		}
		return added, nil
	case "hgetall":
		if err := arity(2); err != nil {
			return nil, err
		}
		h := s.hashes[args[1]]
		fields := make([]string, 0, len(h))
		for f := range h {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		out := []any{}
		for _, f := range fields {
			out = append(out, f, h[f])
		}
		return out, nil
	case "lpush", "rpush":
		if err := arity(3); err != nil {
			return nil, err
		}
		l := s.lists[args[1]]
		for _, v := range args[2:] {
			if name == "lpush" {
				l = append([]string{v}, l...)
			} else {
				l = append(l, v)
			}
		}
		s.lists[args[1]] = l
		return len(l), nil
	case "lrange":
		if err := arity(4); err != nil {
			return nil, err
		}
		l := s.lists[args[1]]
		start, err1 := strconv.Atoi(args[2])
		stop, err2 := strconv.Atoi(args[3])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("ERR value is not an integer or out of range")
		}
		if start < 0 {
			start = max(len(l)+start, 0)
		}
		if stop < 0 {
			stop = len(l) + stop
		}
		stop = min(stop, len(l)-1)
		out := []any{}
		for i := start; i <= stop; i++ {
			out = append(out, l[i])
		}
		return out, nil
	}
	return nil, fmt.Errorf("ERR unknown command '%s'", args[0])
}

func (s *upstashStub) stringOr(key, fallback string) string {
	if v, ok := s.strings[key]; ok {
		return v
	}
	return fallback
}

func deleteKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	delete(m, k)
	return ok
}
