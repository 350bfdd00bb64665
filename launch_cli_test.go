//go:build !desktop && !dev

package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestWindowNeedsTheWindowProgram: the headless build opens the window by
// starting edgeplay-window beside it; without that program it says where
// it looked and how to get it.
func TestWindowNeedsTheWindowProgram(t *testing.T) {
	var stderr bytes.Buffer
	code := run(context.Background(), nil, &bytes.Buffer{}, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "/"+windowProgram+", which `make build` builds beside this one") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}
