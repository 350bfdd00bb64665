package isolate

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dop251/goja"
)

func TestSandbox(t *testing.T) {
	e, err := NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	sb, err := e.NewSandbox(SandboxOptions{BaseURL: "http://example.test/a/b"})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		sb.Close()
		<-sb.Done()
	}()
	var got string
	err = sb.Run(context.Background(), func(rt *goja.Runtime) error {
		if err := rt.Set("report", func(s string) { got = s }); err != nil {
			return err
		}
		_, err := rt.RunString(`report([process.env.NEXT_RUNTIME, typeof fetch, typeof require('next/server').NextResponse, new Request('x').url].join(' '))`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "edge function function http://example.test/a/x"; got != want {
		t.Errorf("globals: %q, want %q", got, want)
	}

	// An endless loop is stopped by Interrupt.
	errc := make(chan error, 1)
	sb.Enqueue(func(rt *goja.Runtime) { _, err := rt.RunString("for (;;) {}"); errc <- err })
	time.Sleep(50 * time.Millisecond)
	sb.Interrupt("deadline")
	var ie *goja.InterruptedError
	if err := <-errc; !errors.As(err, &ie) {
		t.Errorf("after Interrupt: %v", err)
	}
}

func TestSandboxClosed(t *testing.T) {
	e, err := NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	sb, err := e.NewSandbox(SandboxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sb.Close()
	<-sb.Done()
	if err := sb.Run(context.Background(), func(*goja.Runtime) error { return nil }); !errors.Is(err, ErrSandboxClosed) {
		t.Errorf("Run after Close: %v", err)
	}
}
