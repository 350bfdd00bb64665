package store

import (
	"bytes"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"
)

// TestQueueBytesBoundDrops checks that the body bytes waiting to be written
// are bounded: a record that would pass MaxQueueBytes is dropped and
// counted, one without bodies still fits, and the budget is freed once the
// writer has committed.
func TestQueueBytesBoundDrops(t *testing.T) {
	st := newStall()
	s, _ := openTest(t, Options{MaxQueueBytes: 10, BatchSize: 1, beforeWrite: st.hook})
	t.Cleanup(st.Release)
	body := func(n int) []byte { return bytes.Repeat([]byte("b"), n) }

	// Always let one record in, even past the bound, when none waits.
	mustRecord(t, s, Exchange{URL: "/big", ResponseBody: body(12)})
	st.waitEntered(t) // the writer holds /big: its bytes still count
	tests := []struct {
		name string
		e    Exchange
		want bool
	}{
		{"request body past the bound", Exchange{URL: "/req", RequestBody: body(1)}, false},
		{"response body past the bound", Exchange{URL: "/resp", ResponseBody: body(4)}, false},
		{"no body", Exchange{URL: "/empty"}, true},
	}
	for _, tt := range tests {
		if got := s.Record(tt.e); got != tt.want {
			t.Errorf("%s: Record = %v, want %v", tt.name, got, tt.want)
		}
	}
	if got, want := s.Stats(), (Stats{Dropped: 2, Queued: 2}); got != want {
		t.Errorf("Stats while stalled = %+v, want %+v", got, want)
	}
	st.Release()
	mustFlush(t, s)
	if got := s.queuedBytes.Load(); got != 0 {
		t.Errorf("queued bytes after flush = %d, want 0", got)
	}
	mustRecord(t, s, Exchange{URL: "/after", ResponseBody: body(8)})
	mustFlush(t, s)
	if got, want := s.Stats(), (Stats{Recorded: 3, Dropped: 2}); got != want {
		t.Errorf("Stats after release = %+v, want %+v", got, want)
	}
}

// TestQueueBytesCountCappedBodies checks that the bound counts bodies as
// stored (after MaxBodyBytes), not as recorded.
func TestQueueBytesCountCappedBodies(t *testing.T) {
	st := newStall()
	s, _ := openTest(t, Options{MaxQueueBytes: 10, MaxBodyBytes: 4, BatchSize: 1, beforeWrite: st.hook})
	t.Cleanup(st.Release)
	mustRecord(t, s, Exchange{URL: "/1", ResponseBody: bytes.Repeat([]byte("x"), 100)})
	st.waitEntered(t)
	mustRecord(t, s, Exchange{URL: "/2", RequestBody: bytes.Repeat([]byte("y"), 100)})
	if s.Record(Exchange{URL: "/3", ResponseBody: []byte("zzz")}) {
		t.Error("Record past the bound (4+4+3 > 10) returned true")
	}
	st.Release()
	mustFlush(t, s)
	if got, want := s.Stats(), (Stats{Recorded: 2, Dropped: 1}); got != want {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
}

// TestBatchBytesEndsBatches checks that large bodies end a batch before
// BatchSize records.
func TestBatchBytesEndsBatches(t *testing.T) {
	var (
		mu    sync.Mutex
		sizes []int
	)
	hook := func(n int) {
		mu.Lock()
		defer mu.Unlock()
		sizes = append(sizes, n)
	}
	s, _ := openTest(t, Options{BatchSize: 100, BatchBytes: 10, FlushInterval: time.Hour, beforeWrite: hook})
	for i, n := range []int{6, 6, 0, 3, 20, 1} {
		mustRecord(t, s, Exchange{URL: fmt.Sprint(i), ResponseBody: bytes.Repeat([]byte("x"), n)})
	}
	mustFlush(t, s)
	mu.Lock()
	defer mu.Unlock()
	if want := []int{2, 3, 1}; !reflect.DeepEqual(sizes, want) {
		t.Errorf("batch sizes = %v, want %v", sizes, want)
	}
}
