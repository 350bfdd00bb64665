package isolate

import (
	"fmt"
	"net/http"
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// Default limits (R-RT-6). The memory limit is the Edge Runtime's; the
// CPU limit is Edgeplay's own (Vercel bounds edge functions by wall time
// to the first byte): it stops a busy loop well before the 25 s response
// limit, so the playground answers quickly.
const (
	DefaultCPULimit    = 10 * time.Second
	DefaultMemoryLimit = 128 << 20
	// DefaultTimeout bounds the response head and, unless the route's
	// maxDuration says otherwise, the whole response.
	DefaultTimeout = 25 * time.Second
)

// limitExceeded describes a request stopped by a limit: which, the limit,
// and what was measured. It is the value the isolate is interrupted with.
type limitExceeded struct {
	code     string // e.g. "EDGE_FUNCTION_CPU_LIMIT"
	message  string
	entry    string
	limit    string
	measured string
}

func (l *limitExceeded) String() string { return l.code + ": " + l.message }

// handlerError is the failure the request reports (a 500, as the platform
// answers an edge function that was stopped).
func (l *limitExceeded) handlerError() *HandlerError {
	return &HandlerError{Name: "Error", Status: http.StatusInternalServerError, Message: l.String()}
}

func cpuLimitExceeded(entry string, limit, used time.Duration) *limitExceeded {
	return &limitExceeded{
		code: "EDGE_FUNCTION_CPU_LIMIT", entry: entry, limit: limit.String(), measured: used.Round(time.Millisecond).String(),
		message: fmt.Sprintf("%s ran JavaScript for %s on this request, past the CPU time limit of %s (R-RT-6; Edgeplay's own limit, set \"cpuLimit\" in edgeplay.json); the isolate was stopped and will be replaced",
			entry, used.Round(time.Millisecond), limit),
	}
}

func memoryLimitExceeded(entry string, limit, used uint64) *limitExceeded {
	return &limitExceeded{
		code: "EDGE_FUNCTION_MEMORY_LIMIT", entry: entry, limit: mib(limit), measured: mib(used),
		message: fmt.Sprintf("%s grew the heap by about %s while serving this request, past the Edge Runtime's limit of %s per isolate (R-RT-6); the isolate was stopped and will be replaced",
			entry, mib(used), mib(limit)),
	}
}

func mib(n uint64) string { return fmt.Sprintf("%d MB", (n+(1<<19))>>20) }

// cpuMeter meters the time an isolate's loop goroutine spends running tasks
// (JavaScript and the Go work it calls) for the request being served,
// waitUntil work included; waiting for timers or I/O costs nothing. A task
// that runs past the budget is interrupted from a timer; budgets used up
// across several tasks are caught when the last one ends. Time spent
// descheduled by a busy machine counts too, so the limit errs towards
// patience.
type cpuMeter struct {
	limit time.Duration
	// exceed is called (on the timer's goroutine or the loop's) once the
	// budget is gone.
	exceed func(used time.Duration)

	mu        sync.Mutex
	used      time.Duration // finished tasks of this request
	taskStart time.Time     // zero between tasks
	tripped   bool
	timer     *time.Timer
}

func newCPUMeter(limit time.Duration, exceed func(time.Duration)) *cpuMeter {
	m := &cpuMeter{limit: limit, exceed: exceed}
	m.timer = time.AfterFunc(time.Hour, m.fire)
	m.timer.Stop()
	return m
}

// begin marks the start of a task. Loop goroutine.
func (m *cpuMeter) begin() {
	m.mu.Lock()
	m.taskStart = time.Now()
	if !m.tripped {
		m.timer.Reset(m.limit - m.used)
	}
	m.mu.Unlock()
}

// end marks the end of a task and reports a budget used up. Loop goroutine.
func (m *cpuMeter) end() {
	m.mu.Lock()
	m.timer.Stop()
	m.used += time.Since(m.taskStart)
	m.taskStart = time.Time{}
	over := !m.tripped && m.used >= m.limit
	m.tripped = m.tripped || over
	used := m.used
	m.mu.Unlock()
	if over {
		m.exceed(used)
	}
}

// reset starts a new request's budget; the task running now counts from
// here. Loop goroutine, inside a task.
func (m *cpuMeter) reset() {
	m.mu.Lock()
	m.used = 0
	if !m.taskStart.IsZero() {
		m.taskStart = time.Now()
		if !m.tripped {
			m.timer.Reset(m.limit)
		}
	}
	m.mu.Unlock()
}

// elapsed is the budget used so far, the running task included.
func (m *cpuMeter) elapsed() time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.taskStart.IsZero() {
		return m.used
	}
	return m.used + time.Since(m.taskStart)
}

// running reports whether a task is running now.
func (m *cpuMeter) running() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return !m.taskStart.IsZero()
}

// fire runs on the timer's goroutine. The timer may be stale (its task
// ended, or a newer Reset raced it), so the budget is checked again.
func (m *cpuMeter) fire() {
	m.mu.Lock()
	if m.tripped || m.taskStart.IsZero() {
		m.mu.Unlock()
		return
	}
	used := m.used + time.Since(m.taskStart)
	if used < m.limit {
		m.timer.Reset(m.limit - used)
		m.mu.Unlock()
		return
	}
	m.tripped = true
	m.mu.Unlock()
	m.exceed(used)
}

// stop releases the timer.
func (m *cpuMeter) stop() { m.timer.Stop() }

// memoryWatch enforces the memory limit per isolate (R-RT-6). goja keeps no
// account of a runtime's heap, so the watch estimates it from the Go heap:
// while requests are being served it samples, every tick, the bytes the
// process allocated and charges them to the isolates running a task at that
// moment (split evenly). When the heap has grown past the limit since the
// watch started, it collects garbage and, if the live heap is still over,
// stops the serving isolate with the largest charge. An isolate is never
// stopped unless it allocated at least a quarter of the limit itself, so
// memory held by the rest of the app (history, caches) cannot be pinned on
// a handler. Memory kept in module state across requests is not charged.
type memoryWatch struct {
	tick time.Duration

	mu sync.Mutex
	// serving holds the isolates serving a request with what they were
	// charged (the charge lives on the isolate: no allocation per request).
	serving map[*isolate]struct{}
	wake    chan struct{} // starts the sampling goroutine; nil when it is not running
	base    uint64        // live heap when sampling started
	// A forced collection waits until the heap has grown by a quarter of
	// the limit over the last one's live heap, and 100 ms.
	lastGC   time.Time
	lastLive uint64
}

// memoryCharge is what one serving isolate has been charged; guarded by
// memoryWatch.mu.
type memoryCharge struct {
	limit     uint64
	allocated uint64
}

func newMemoryWatch() *memoryWatch {
	return &memoryWatch{tick: 20 * time.Millisecond, serving: map[*isolate]struct{}{}}
}

// enter starts charging iso for a request.
func (w *memoryWatch) enter(iso *isolate, limit uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.serving[iso] = struct{}{}
	iso.memory = memoryCharge{limit: limit}
	if w.wake == nil {
		w.wake = make(chan struct{})
		samples := readHeap()
		w.base, w.lastLive = samples.live, 0
		go w.sample(w.wake, samples)
	}
}

// leave stops charging iso; the sampler stops with the last request.
func (w *memoryWatch) leave(iso *isolate) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.serving, iso)
	if len(w.serving) == 0 && w.wake != nil {
		close(w.wake)
		w.wake = nil
	}
}

// heapSample is a reading of the Go heap.
type heapSample struct {
	allocated uint64 // cumulative bytes allocated
	inUse     uint64 // bytes in heap objects, garbage not yet swept included
	live      uint64 // live bytes marked by the last collection
}

func readHeap() heapSample {
	s := []metrics.Sample{
		{Name: "/gc/heap/allocs:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/gc/heap/live:bytes"},
	}
	metrics.Read(s)
	var h heapSample
	h.allocated = s[0].Value.Uint64()
	h.inUse = s[1].Value.Uint64()
	h.live = s[2].Value.Uint64()
	return h
}

// sample runs until stop is closed.
func (w *memoryWatch) sample(stop chan struct{}, last heapSample) {
	ticker := time.NewTicker(w.tick)
	defer ticker.Stop()
	for {
		select {
		case <-stop:
			return
		case <-ticker.C:
		}
		now := readHeap()
		w.charge(now.allocated - last.allocated)
		last = now
		if culprit, grown, limit := w.overLimit(now); culprit != nil {
			culprit.exceedMemory(grown, limit)
		}
	}
}

// charge splits freshly allocated bytes among the isolates running a task.
func (w *memoryWatch) charge(bytes uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var running []*isolate
	for iso := range w.serving {
		if iso.cpu.running() {
			running = append(running, iso)
		}
	}
	for _, iso := range running {
		iso.memory.allocated += bytes / uint64(len(running))
	}
}

// overLimit finds the isolate to stop, if the heap is over: the serving
// isolate with the largest charge whose limit the growth exceeds.
func (w *memoryWatch) overLimit(now heapSample) (culprit *isolate, grown, limit uint64) {
	w.mu.Lock()
	var charge *memoryCharge
	for iso := range w.serving {
		if charge == nil || iso.memory.allocated > charge.allocated {
			culprit, charge = iso, &iso.memory
		}
	}
	if culprit == nil {
		w.mu.Unlock()
		return nil, 0, 0
	}
	base, limit, allocated := w.base, charge.limit, charge.allocated
	due := now.inUse >= w.lastLive+limit/4 && time.Since(w.lastGC) >= 100*time.Millisecond
	w.mu.Unlock()
	if now.inUse < base+limit || allocated < limit/4 || !due {
		return nil, 0, 0
	}
	// The heap holds garbage too: only the live heap counts.
	runtime.GC()
	live := readHeap().live
	w.mu.Lock()
	w.lastGC, w.lastLive = time.Now(), live
	w.mu.Unlock()
	if live < base+limit {
		return nil, 0, 0
	}
	return culprit, live - base, limit
}
