package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// wrkResult is what one wrk run reports.
type wrkResult struct {
	Requests    int64         // completed requests
	Duration    time.Duration // how long the run took, as wrk measured it
	RPS         float64       // Requests/sec
	P50, P99    time.Duration // latency percentiles (--latency)
	SocketErrs  int64         // connect + read + write + timeout errors
	Non2xx      int64         // "Non-2xx or 3xx responses"
	Description string        // the "N threads and M connections" line
}

// Errors is every failed or non-2xx/3xx request of the run.
func (r wrkResult) Errors() int64 { return r.SocketErrs + r.Non2xx }

// wrkOptions describe one load run.
type wrkOptions struct {
	Bin         string // the wrk executable
	URL         string
	Connections int
	Duration    time.Duration
	Headers     []string // "Name: value"
}

// threads is wrk's thread count: two (-t2), but never more than the
// connections, which wrk refuses.
func (o wrkOptions) threads() int {
	return min(2, max(o.Connections, 1))
}

// args returns wrk's command line for o.
func (o wrkOptions) args() []string {
	secs := int(o.Duration.Round(time.Second) / time.Second)
	if secs < 1 {
		secs = 1
	}
	args := []string{
		"-t" + strconv.Itoa(o.threads()),
		"-c" + strconv.Itoa(max(o.Connections, 1)),
		"-d" + strconv.Itoa(secs) + "s",
		"--timeout", "5s",
		"--latency",
	}
	for _, h := range o.Headers {
		args = append(args, "-H", h)
	}
	return append(args, o.URL)
}

// runWrk runs wrk once and parses its report.
func runWrk(ctx context.Context, o wrkOptions) (wrkResult, error) {
	// wrk stops by itself after the duration; the context is the backstop.
	ctx, cancel := context.WithTimeout(ctx, o.Duration+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, o.Bin, o.args()...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %w: %s%s", o.URL, err, strings.TrimSpace(stderr.String()), strings.TrimSpace(stdout.String()))
	}
	res, err := parseWrk(stdout.String())
	if err != nil {
		return res, fmt.Errorf("wrk %s: %w", o.URL, err)
	}
	return res, nil
}

// parseWrk reads the report wrk prints with --latency. The requests/s line
// and the 50% and 99% latency percentiles are required.
func parseWrk(out string) (wrkResult, error) {
	var r wrkResult
	var haveRPS, have50, have99 bool
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		fields := strings.Fields(line)
		switch {
		case strings.Contains(line, "threads and") && strings.HasSuffix(line, "connections"):
			r.Description = line
		case strings.HasPrefix(line, "Requests/sec:") && len(fields) == 2:
			v, err := strconv.ParseFloat(fields[1], 64)
			if err != nil {
				return r, fmt.Errorf("requests/sec %q: %w", fields[1], err)
			}
			r.RPS, haveRPS = v, true
		case (strings.HasPrefix(line, "50%") || strings.HasPrefix(line, "99%")) && len(fields) == 2:
			d, err := parseWrkDuration(fields[1])
			if err != nil {
				return r, fmt.Errorf("latency %s: %w", fields[0], err)
			}
			if fields[0] == "50%" {
				r.P50, have50 = d, true
			} else {
				r.P99, have99 = d, true
			}
		case len(fields) >= 4 && fields[1] == "requests" && fields[2] == "in":
			// "40886 requests in 1.00s, 4.60MB read"
			n, err := strconv.ParseInt(fields[0], 10, 64)
			if err != nil {
				return r, fmt.Errorf("request count %q: %w", fields[0], err)
			}
			d, err := parseWrkDuration(strings.TrimSuffix(fields[3], ","))
			if err != nil {
				return r, fmt.Errorf("run duration: %w", err)
			}
			r.Requests, r.Duration = n, d
		case strings.HasPrefix(line, "Socket errors:"):
			// "Socket errors: connect 0, read 1, write 0, timeout 3"
			rest := strings.Fields(strings.ReplaceAll(strings.TrimPrefix(line, "Socket errors:"), ",", ""))
			for i := 0; i+1 < len(rest); i += 2 {
				n, err := strconv.ParseInt(rest[i+1], 10, 64)
				if err != nil {
					return r, fmt.Errorf("socket errors %q: %w", line, err)
				}
				r.SocketErrs += n
			}
		case strings.HasPrefix(line, "Non-2xx or 3xx responses:") && len(fields) == 5:
			n, err := strconv.ParseInt(fields[4], 10, 64)
			if err != nil {
				return r, fmt.Errorf("non-2xx count %q: %w", fields[4], err)
			}
			r.Non2xx = n
		}
	}
	if err := sc.Err(); err != nil {
		return r, fmt.Errorf("read wrk output: %w", err)
	}
	if !haveRPS || !have50 || !have99 {
		return r, errors.New("no Requests/sec line or latency distribution in wrk's output (was it run with --latency?)")
	}
	return r, nil
}

// parseWrkDuration reads wrk's durations: a number with one of the units
// us, ms, s, m or h ("80.00us", "4.67ms", "1.00s", "1.50m").
func parseWrkDuration(s string) (time.Duration, error) {
	units := []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}, {"m", time.Minute}, {"h", time.Hour}}
	for _, u := range units {
		num, ok := strings.CutSuffix(s, u.suffix)
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil || v < 0 {
			return 0, fmt.Errorf("bad duration %q", s)
		}
		return time.Duration(v * float64(u.unit)), nil
	}
	return 0, fmt.Errorf("bad duration %q: no unit", s)
}
