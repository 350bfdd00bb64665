package webapi

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
)

func TestTimers(t *testing.T) {
	runCases(t, []jsCase{
		{name: "ordering by deadline then creation", src: `const out = [];
			setTimeout(() => out.push('a'), 60);
			setTimeout(() => { out.push('b'); Promise.resolve().then(() => out.push('b-micro')) }, 30);
			setTimeout(() => out.push('c'), 30);
			setTimeout(() => out.push('d'), 0);
			setTimeout(() => out.push('e'));
			await new Promise((r) => setTimeout(r, 90));
			return out.join()`, want: "d,e,b,b-micro,c,a"},
		{name: "arguments and this", src: `return await new Promise((r) => setTimeout((a, b) => r([a, b, this === globalThis].join()), 1, 'x', 2))`, want: "x,2,true"},
		{name: "clearTimeout", src: `let n = 0; const id = setTimeout(() => n++, 5); clearTimeout(id); await new Promise((r) => setTimeout(r, 20)); return n + ',' + (typeof id)`, want: "0,number"},
		{name: "setInterval and clearInterval from the callback", src: `let n = 0;
			await new Promise((r) => { const id = setInterval(() => { if (++n === 3) { clearInterval(id); r() } }, 1) });
			await new Promise((r) => setTimeout(r, 10));
			return n`, want: "3"},
		{name: "ids are positive and distinct", src: `const a = setTimeout(() => {}), b = setTimeout(() => {}); clearTimeout(a); clearTimeout(b); return a > 0 && b > a`, want: "true"},
		{name: "negative delay is 0", src: `const out = []; setTimeout(() => out.push(2), 15); setTimeout(() => out.push(1), -5); await new Promise((r) => setTimeout(r, 30)); return out.join()`, want: "1,2"},
		{name: "non-function handler", src: `setTimeout({})`, want: "throws TypeError: Failed to execute 'setTimeout': parameter 1 is not of type 'Function'."},
		{name: "nested timers are clamped to 4ms after 5 levels", src: `const start = performance.now(); let depth = 0;
			await new Promise((r) => { const f = () => { if (++depth === 15) r(); else setTimeout(f, 0) }; setTimeout(f, 0) });
			return performance.now() - start >= 35`, want: "true"},
	})
}

func TestTimersHoldTheLoop(t *testing.T) {
	e := newEnv(t)
	if _, err := e.rt.RunString(`globalThis.id1 = setTimeout(() => {}, 60000); globalThis.id2 = setInterval(() => {}, 60000)`); err != nil {
		t.Fatal(err)
	}
	if n := e.loop.pendingCount(); n != 1 {
		t.Fatalf("pending timers should take one hold, got %d", n)
	}
	if _, err := e.rt.RunString(`clearTimeout(id1)`); err != nil {
		t.Fatal(err)
	}
	if n := e.loop.pendingCount(); n != 1 {
		t.Fatalf("one timer left, holds = %d", n)
	}
	if _, err := e.rt.RunString(`clearInterval(id2); AbortSignal.timeout(60000)`); err != nil {
		t.Fatal(err)
	}
	if n := e.loop.pendingCount(); n != 0 {
		t.Fatalf("no ref'd timer left (AbortSignal.timeout is unref'd), holds = %d", n)
	}
}

func TestTimerErrorsAreReported(t *testing.T) {
	e := newEnv(t)
	if _, err := e.run(`setTimeout(function tick() { throw new Error('boom') }, 1); setTimeout(() => console.log('still running'), 2)`); err != nil {
		t.Fatal(err)
	}
	if len(e.errs) != 1 {
		t.Fatalf("reported errors: %v", e.errs)
	}
	var ue *UncaughtError
	if !errors.As(e.errs[0], &ue) || !strings.HasPrefix(ue.Message, "Uncaught Error: boom\n    at tick (<eval>:1:") {
		t.Errorf("reported %#v", e.errs[0])
	}
	if got := e.console.take(); len(got) != 1 || got[0] != "log: still running" {
		t.Errorf("console: %q", got)
	}
}

func TestTimerErrorsGoToConsoleWithoutReportError(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.ReportError = nil })
	if _, err := e.run(`queueMicrotask(() => { throw new TypeError('bad') })`); err != nil {
		t.Fatal(err)
	}
	got := e.console.take()
	if len(got) != 1 || !strings.HasPrefix(got[0], "error: Uncaught TypeError: bad") {
		t.Errorf("console: %q", got)
	}
}

func TestTimerInterrupt(t *testing.T) {
	e := newEnv(t)
	if _, err := e.rt.RunString(`setTimeout(() => { for (;;) {} }, 1)`); err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(50*time.Millisecond, func() { e.rt.Interrupt("cpu limit") })
	if err := e.loop.run(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	var ie *goja.InterruptedError
	if len(e.errs) != 1 || !errors.As(e.errs[0], &ie) {
		t.Fatalf("want one *goja.InterruptedError reported, got %v", e.errs)
	}
}

func TestTimersAfterLoopStopped(t *testing.T) {
	e := newEnv(t)
	if _, err := e.rt.RunString(`setTimeout(() => { throw new Error('must not run') }, 1)`); err != nil {
		t.Fatal(err)
	}
	e.loop.stop()
	time.Sleep(20 * time.Millisecond)
	if len(e.errs) != 0 {
		t.Fatalf("a timer ran after the loop stopped: %v", e.errs)
	}
	e.b.Close()
	if n := e.loop.pendingCount(); n != 0 {
		t.Fatalf("Close should release the timer hold, holds = %d", n)
	}
}
