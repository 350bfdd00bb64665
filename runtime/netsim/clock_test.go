package netsim

import (
	"errors"
	"testing"
	"time"
)

// TestSimClock: paused, the clock stands still; advanced, it jumps; resumed,
// it runs on from where it stood; it never goes back.
func TestSimClock(t *testing.T) {
	wall := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	c := &SimClock{wall: func() time.Time { return wall }}
	if got := c.Now(); !got.Equal(wall) {
		t.Fatalf("start %v", got)
	}
	c.Pause()
	wall = wall.Add(time.Minute)
	if got := c.Now(); !got.Equal(wall.Add(-time.Minute)) || !c.Paused() {
		t.Errorf("paused clock moved: %v", got)
	}
	if got, err := c.Advance(20 * time.Minute); err != nil || !got.Equal(wall.Add(19*time.Minute)) {
		t.Errorf("advance while paused: %v %v", got, err)
	}
	c.Resume()
	wall = wall.Add(time.Second)
	if got := c.Now(); !got.Equal(wall.Add(19*time.Minute)) || c.Paused() {
		t.Errorf("resumed: %v, want %v", got, wall.Add(19*time.Minute))
	}
	if got, err := c.Advance(time.Hour); err != nil || !got.Equal(wall.Add(79*time.Minute)) {
		t.Errorf("advance while running: %v %v", got, err)
	}
	if _, err := c.Advance(-time.Second); !errors.Is(err, ErrBackwards) {
		t.Errorf("backwards: %v", err)
	}
	var _ Clock = RealClock{}
	var _ Clock = NewSimClock()
}
