package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// process is a server the bench started; stop ends it.
type process struct {
	name string
	cmd  *exec.Cmd
	out  *headWriter
	done chan struct{}
	err  error // Wait's result, set before done closes
}

// headWriter keeps the first bytes written to it (for error messages) and
// discards the rest, so a chatty access log costs no memory.
type headWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (w *headWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if room := w.max - w.buf.Len(); room > 0 {
		w.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

func (w *headWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// startProcess starts bin with args; its output is kept only in part.
func startProcess(name, bin string, args []string, dir string) (*process, error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	out := &headWriter{max: 8 << 10}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = childAttr()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, out: out, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// pid is the process id.
func (p *process) pid() int { return p.cmd.Process.Pid }

// stop asks the process to end (SIGTERM), kills it after a grace period,
// and waits for it.
func (p *process) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// exited reports an error when the process has already ended.
func (p *process) exited() error {
	select {
	case <-p.done:
		return fmt.Errorf("%s exited (%v): %s", p.name, p.err, strings.TrimSpace(p.out.String()))
	default:
		return nil
	}
}

// freePort picks a free TCP port on 127.0.0.1.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pick a port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// waitFor200 polls url with fresh connections every millisecond until it
// answers 200, the process exits, or ctx ends.
func waitFor200(ctx context.Context, p *process, url string, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 2 * time.Second}
	defer client.CloseIdleConnections()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return fmt.Errorf("poll %s: %w", url, err)
		}
		if res, err := client.Do(req); err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		if p != nil {
			if err := p.exited(); err != nil {
				return err
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: no 200 within %s", url, limit)
		case <-time.After(time.Millisecond):
		}
	}
}

// rss is a process's resident memory, in bytes: the total and its
// anonymous (heap, stacks) and file-backed (the executable, shared
// libraries) parts.
type rss struct {
	Total, Anon, File int64
}

// rssOf reads a process's resident memory from /proc (Linux).
func rssOf(pid int) (rss, error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return rss{}, fmt.Errorf("read RSS: %w", err)
	}
	defer f.Close()
	return parseRSS(f)
}

// parseRSS reads the VmRSS, RssAnon and RssFile lines of a /proc/PID/status
// file; VmRSS is required.
func parseRSS(r io.Reader) (rss, error) {
	var m rss
	found := false
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		var dst *int64
		switch name {
		case "VmRSS":
			dst, found = &m.Total, ok
		case "RssAnon":
			dst = &m.Anon
		case "RssFile":
			dst = &m.File
		default:
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return m, fmt.Errorf("read RSS: unexpected line %q", sc.Text())
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return m, fmt.Errorf("read RSS: %w", err)
		}
		*dst = kb << 10
	}
	if err := sc.Err(); err != nil {
		return m, fmt.Errorf("read RSS: %w", err)
	}
	if !found {
		return m, errors.New("read RSS: no VmRSS line")
	}
	return m, nil
}

// get fetches url and returns its body.
func get(ctx context.Context, client *http.Client, url string, headers []string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, fmt.Errorf("GET %s: %w", url, err)
	}
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ":")
		req.Header.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("GET %s: %w", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, body, fmt.Errorf("GET %s: read body: %w", url, err)
	}
	return res.StatusCode, body, nil
}
