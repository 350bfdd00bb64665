package webapi

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// testLoop is a minimal event loop for tests: a queue owned by the goroutine
// that calls run, plus a count of held work. It fails the test on a double
// release, which the Loop contract forbids.
type testLoop struct {
	t       testing.TB
	mu      sync.Mutex
	queue   []func()
	pending int
	stopped bool
	wake    chan struct{}
}

func newTestLoop(t testing.TB) *testLoop {
	return &testLoop{t: t, wake: make(chan struct{}, 1)}
}

func (l *testLoop) Enqueue(fn func()) bool {
	l.mu.Lock()
	if l.stopped {
		l.mu.Unlock()
		return false
	}
	l.queue = append(l.queue, fn)
	l.mu.Unlock()
	l.signal()
	return true
}

func (l *testLoop) Hold() func() {
	l.mu.Lock()
	l.pending++
	l.mu.Unlock()
	var once sync.Once
	return func() {
		released := false
		once.Do(func() {
			released = true
			l.mu.Lock()
			l.pending--
			l.mu.Unlock()
			l.signal()
		})
		if !released {
			l.t.Errorf("Loop.Hold release called twice")
		}
	}
}

func (l *testLoop) signal() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *testLoop) pendingCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pending
}

// run executes queued tasks until nothing is queued or held, or the timeout passes.
func (l *testLoop) run(timeout time.Duration) error {
	return l.runUntil(nil, timeout)
}

// runUntil runs tasks until done (checked between tasks) is true, even when
// nothing is held (unref'd timers such as AbortSignal.timeout may still
// enqueue work), or until the timeout passes.
func (l *testLoop) runUntil(done func() bool, timeout time.Duration) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		if done != nil && done() {
			return nil
		}
		l.mu.Lock()
		if len(l.queue) > 0 {
			fn := l.queue[0]
			l.queue = l.queue[1:]
			l.mu.Unlock()
			fn()
			continue
		}
		if l.pending == 0 && done == nil {
			l.mu.Unlock()
			return nil
		}
		l.mu.Unlock()
		select {
		case <-l.wake:
		case <-deadline.C:
			return fmt.Errorf("loop still has %d pending after %v", l.pendingCount(), timeout)
		}
	}
}

// stop makes Enqueue fail from now on.
func (l *testLoop) stop() {
	l.mu.Lock()
	l.stopped = true
	l.queue = nil
	l.mu.Unlock()
}

// testConsole records console output.
type testConsole struct {
	mu    sync.Mutex
	lines []string
}

func (c *testConsole) Log(level, msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lines = append(c.lines, level+": "+msg)
}

func (c *testConsole) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.lines
	c.lines = nil
	return l
}

// env is one isolate-like runtime with the globals installed.
type env struct {
	t       testing.TB
	rt      *goja.Runtime
	b       *Bindings
	loop    *testLoop
	console *testConsole
	errs    []error
}

var sharedGlobals = func() *Globals {
	g, err := NewGlobals()
	if err != nil {
		panic(err)
	}
	return g
}()

func newEnv(t testing.TB, configure ...func(*Options)) *env {
	t.Helper()
	e := &env{t: t, rt: goja.New(), loop: newTestLoop(t), console: &testConsole{}}
	opts := Options{
		Loop:        e.loop,
		Console:     e.console,
		ReportError: func(err error) { e.errs = append(e.errs, err) },
	}
	for _, c := range configure {
		c(&opts)
	}
	b, err := sharedGlobals.Install(e.rt, opts)
	if err != nil {
		t.Fatalf("install: %v", err)
	}
	e.b = b
	t.Cleanup(func() {
		b.Close()
		e.loop.stop()
	})
	return e
}

// run evaluates src as a script, then runs the loop until idle.
func (e *env) run(src string) (goja.Value, error) {
	v, err := e.rt.RunString(src)
	if err != nil {
		return nil, err
	}
	if err := e.loop.run(10 * time.Second); err != nil {
		return nil, err
	}
	return v, nil
}

// await evaluates src as the body of an async function, runs the loop until
// idle and returns the settled value, or the rejection as an error.
func (e *env) await(src string) (goja.Value, error) {
	p, err := e.rt.RunString("(async () => {\n" + src + "\n})()")
	if err != nil {
		return nil, err
	}
	prom, ok := p.Export().(*goja.Promise)
	if !ok {
		return nil, errors.New("not a promise")
	}
	settled := func() bool { return prom.State() != goja.PromiseStatePending }
	if err := e.loop.runUntil(settled, 10*time.Second); err != nil {
		return nil, err
	}
	switch prom.State() {
	case goja.PromiseStateFulfilled:
		return prom.Result(), nil
	case goja.PromiseStateRejected:
		return nil, &jsError{e.inspect(prom.Result())}
	}
	return nil, errors.New("promise still pending after the loop went idle")
}

type jsError struct{ msg string }

func (e *jsError) Error() string { return e.msg }

func (e *env) inspect(v goja.Value) string {
	if v == nil {
		return "<nil>"
	}
	return v.String()
}

// jsCase is a JS expression (or async body with `return`) and the string its
// value must convert to.
type jsCase struct {
	name string
	src  string
	want string
}

// runCases checks each case in a fresh env, as an async body.
func runCases(t *testing.T, cases []jsCase) {
	t.Helper()
	for _, c := range cases {
		name := c.name
		if name == "" {
			name = c.src
			if len(name) > 60 {
				name = name[:60]
			}
		}
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			src := c.src
			if !strings.Contains(src, "return") {
				src = "return (" + src + ")"
			}
			v, err := e.await(src)
			got := ""
			if err != nil {
				got = "throws " + err.Error()
			} else {
				got = v.String()
			}
			if got != c.want {
				t.Errorf("%s\n got: %s\nwant: %s", c.src, got, c.want)
			}
		})
	}
}
