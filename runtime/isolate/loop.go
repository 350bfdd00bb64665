package isolate

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// loop is an isolate's event loop: one goroutine owns the goja runtime and
// runs, in order, every task handed to it. Go work that happens elsewhere
// (fetch I/O, timers, body reads) must come back through Enqueue; nothing
// else may touch the runtime.
type loop struct {
	mu      sync.Mutex
	queue   []func()
	wake    chan struct{}
	stopped chan struct{}
	closed  bool
	pending atomic.Int64
	// onPanic receives a panic that escaped a task; the loop goes on.
	onPanic func(any)
	// beforeTask, afterTask and endTask run on the loop goroutine around
	// each task (optional; set before run starts): afterTask when the task
	// returned, endTask in any case, even after a panic.
	beforeTask, afterTask, endTask func()
}

func newLoop(onPanic func(any)) *loop {
	return &loop{wake: make(chan struct{}, 1), stopped: make(chan struct{}), onPanic: onPanic}
}

// Enqueue schedules fn on the loop goroutine. Safe from any goroutine;
// returns false once the loop is closed (fn will never run).
func (l *loop) Enqueue(fn func()) bool {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return false
	}
	l.queue = append(l.queue, fn)
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
	return true
}

// Hold marks one unit of pending work (a timer, an in-flight fetch);
// release must be called exactly once. Safe from any goroutine.
func (l *loop) Hold() (release func()) {
	l.pending.Add(1)
	var once sync.Once
	return func() { once.Do(func() { l.pending.Add(-1) }) }
}

// Pending reports how much work (timers, fetches) is outstanding.
func (l *loop) Pending() int64 { return l.pending.Load() }

// run executes tasks until close is called. It is the only goroutine that
// touches the runtime.
func (l *loop) run() {
	defer close(l.stopped)
	for {
		l.mu.Lock()
		tasks := l.queue
		l.queue = nil
		closed := l.closed
		l.mu.Unlock()
		for _, fn := range tasks {
			l.runTask(fn)
		}
		if closed {
			return
		}
		if len(tasks) == 0 {
			<-l.wake
		}
	}
}

// runTask runs one task; a panic in it is reported instead of taking the
// whole process down.
func (l *loop) runTask(fn func()) {
	if l.beforeTask != nil {
		l.beforeTask()
	}
	if l.endTask != nil {
		defer l.endTask()
	}
	defer func() {
		if r := recover(); r != nil && l.onPanic != nil {
			l.onPanic(fmt.Errorf("panic in event-loop task: %v", r))
		}
	}()
	fn()
	if l.afterTask != nil {
		l.afterTask()
	}
}

// close stops accepting tasks; queued tasks still run, then run returns.
func (l *loop) close() {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return
	}
	l.closed = true
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}
