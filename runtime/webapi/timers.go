package webapi

import (
	"container/heap"
	"time"

	"github.com/dop251/goja"
)

// timerQueue holds the isolate's pending timers ordered by (deadline,
// creation). It is touched only on the loop goroutine; one Go time.Timer is
// armed for the earliest deadline and its expiry only enqueues runDue on the
// loop, so ordering between timers is decided here, never by Go's scheduler.
type timerQueue struct {
	h       timerHeap
	byID    map[int64]*timerEntry
	seq     uint64
	refs    int         // pending timers that keep the loop alive
	release func()      // the Loop.Hold taken while refs > 0
	goTimer *time.Timer // armed for h[0]
	stopped bool
}

type timerEntry struct {
	id    int64
	when  time.Time
	seq   uint64
	ref   bool
	index int
}

type timerHeap []*timerEntry

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when.Equal(h[j].when) {
		return h[i].seq < h[j].seq
	}
	return h[i].when.Before(h[j].when)
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *timerHeap) Push(x any) {
	e := x.(*timerEntry)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *timerHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}

func (q *timerQueue) init() { q.byID = map[int64]*timerEntry{} }

// stop disarms the Go timer, drops every timer and releases the hold.
func (q *timerQueue) stop() {
	q.stopped = true
	if q.goTimer != nil {
		q.goTimer.Stop()
	}
	q.h = nil
	q.byID = map[int64]*timerEntry{}
	q.refs = 0
	if q.release != nil {
		q.release()
		q.release = nil
	}
}

// timerStart schedules JS timer id to fire after delay. ref timers keep the
// loop alive (setTimeout, setInterval); unref ones do not (AbortSignal.timeout).
func (b *Bindings) timerStart(id int64, delay time.Duration, ref bool) {
	q := &b.timers
	if q.stopped {
		return
	}
	if old, ok := q.byID[id]; ok {
		b.timerRemove(old)
	}
	q.seq++
	e := &timerEntry{id: id, when: time.Now().Add(delay), seq: q.seq, ref: ref}
	heap.Push(&q.h, e)
	q.byID[id] = e
	if ref {
		q.refs++
	}
	b.timerSync()
}

// timerClear cancels JS timer id, if pending.
func (b *Bindings) timerClear(id int64) {
	if e, ok := b.timers.byID[id]; ok {
		b.timerRemove(e)
		b.timerSync()
	}
}

func (b *Bindings) timerRemove(e *timerEntry) {
	q := &b.timers
	heap.Remove(&q.h, e.index)
	delete(q.byID, e.id)
	if e.ref {
		q.refs--
	}
}

// timerSync arms the Go timer for the earliest deadline and takes or
// releases the loop hold. Loop goroutine only.
func (b *Bindings) timerSync() {
	q := &b.timers
	if q.stopped {
		return
	}
	if len(q.h) == 0 {
		if q.goTimer != nil {
			q.goTimer.Stop()
		}
	} else {
		d := time.Until(q.h[0].when)
		if q.goTimer == nil {
			loop := b.opts.Loop
			// Runs on a Go timer goroutine: it only hands runDue to the loop.
			q.goTimer = time.AfterFunc(d, func() { loop.Enqueue(b.timersRunDue) })
		} else {
			q.goTimer.Reset(d)
		}
	}
	if q.refs > 0 && q.release == nil {
		q.release = b.opts.Loop.Hold()
	} else if q.refs == 0 && q.release != nil {
		q.release()
		q.release = nil
	}
}

// timersRunDue fires every timer whose deadline has passed, in order, each
// as its own task (microtasks run between them). Loop goroutine only.
func (b *Bindings) timersRunDue() {
	q := &b.timers
	now := time.Now()
	for !q.stopped && len(q.h) > 0 && !q.h[0].when.After(now) {
		e := heap.Pop(&q.h).(*timerEntry)
		delete(q.byID, e.id)
		if e.ref {
			q.refs--
		}
		if !b.call(b.timerCallback, b.rt.ToValue(e.id)) {
			// The runtime itself failed (an interrupt, say): run no more
			// timers in this task. The rest stay queued.
			break
		}
	}
	b.timerSync()
}

// timerHostStart is host.timerStart(id, delayMs, ref).
func (b *Bindings) timerHostStart(call goja.FunctionCall) goja.Value {
	ms := call.Argument(1).ToFloat()
	if !(ms > 0) {
		ms = 0
	}
	b.timerStart(call.Argument(0).ToInteger(), time.Duration(ms*float64(time.Millisecond)), call.Argument(2).ToBoolean())
	return goja.Undefined()
}

// timerHostClear is host.timerClear(id).
func (b *Bindings) timerHostClear(call goja.FunctionCall) goja.Value {
	b.timerClear(call.Argument(0).ToInteger())
	return goja.Undefined()
}
