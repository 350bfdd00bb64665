package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDesktopSmoke launches the real desktop binary (EDGEPLAY_BINARY, built
// with the desktop tags by `make test`) under its own Xvfb, waits for its
// window and its edge server, checks that the server answers, and saves a
// screenshot to build/smoke.png.
func TestDesktopSmoke(t *testing.T) {
	bin := os.Getenv("EDGEPLAY_BINARY")
	if bin == "" {
		t.Skip("EDGEPLAY_BINARY is not set; `make test-smoke` builds the binary and sets it")
	}
	for _, tool := range []string{"Xvfb", "xwininfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: `make deps` installs it (%v)", tool, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	display := startXvfb(t, ctx)
	tmp := t.TempDir()
	port := freePort(t)
	app := exec.CommandContext(ctx, bin)
	app.Env = append(os.Environ(),
		"DISPLAY="+display,
		"EDGEPLAY_PORT="+fmt.Sprint(port),
		"EDGEPLAY_DB="+filepath.Join(tmp, "history.db"),
		"EDGEPLAY_CONFIG_DIR="+filepath.Join(tmp, "config"),
		"EDGEPLAY_WORKSPACE=",
	)
	logFile, err := os.Create(filepath.Join(tmp, "app.log"))
	if err != nil {
		t.Fatal(err)
	}
	app.Stdout, app.Stderr = logFile, logFile
	app.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var exitErr error
	go func() { exitErr = app.Wait(); close(exited) }()
	defer func() {
		_ = syscall.Kill(-app.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-app.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		if t.Failed() {
			data, _ := os.ReadFile(logFile.Name())
			t.Logf("app log:\n%s", data)
		}
	}()

	url := fmt.Sprintf("http://127.0.0.1:%d/api/basic", port)
	waitFor(t, ctx, exited, &exitErr, "the edge server to answer", func() bool {
		res, err := http.Get(url)
		if err != nil {
			return false
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode == 200 && string(body) == "Hello world!"
	})
	waitFor(t, ctx, exited, &exitErr, "the Edgeplay window", func() bool {
		out, err := exec.Command("xwininfo", "-display", display, "-root", "-tree").Output()
		return err == nil && strings.Contains(string(out), `"Edgeplay"`)
	})
	// Give the webview a moment to paint, then keep a screenshot for humans.
	time.Sleep(2 * time.Second)
	if _, err := exec.LookPath("import"); err == nil {
		shot, _ := filepath.Abs(filepath.Join("build", "smoke.png"))
		if err := exec.Command("import", "-display", display, "-window", "root", shot).Run(); err == nil {
			t.Logf("screenshot: %s", shot)
		}
	}
}

// startXvfb runs an Xvfb owned by the test and returns its display name.
func startXvfb(t *testing.T, ctx context.Context) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.CommandContext(ctx, "Xvfb", "-displayfd", "3", "-screen", "0", "1400x900x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	if err := x.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() {
		_ = x.Process.Kill()
		_ = x.Wait()
	})
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		t.Fatalf("Xvfb did not report a display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func waitFor(t *testing.T, ctx context.Context, exited <-chan struct{}, exitErr *error, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if ok() {
			return
		}
		select {
		case <-exited:
			t.Fatalf("the app exited while waiting for %s: %v", what, *exitErr)
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		case <-time.After(250 * time.Millisecond):
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}
