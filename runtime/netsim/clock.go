package netsim

import (
	"errors"
	"sync"
	"time"
)

// Clock is the time the CDN cache runs on (R-CACHE-6): the real clock, or
// a simulated one the user can pause, step and fast-forward.
type Clock interface {
	// Now returns the current time on this clock.
	Now() time.Time
}

// RealClock is the wall clock.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// SimClock is a settable clock: it follows the wall clock while running,
// stands still while paused, and can be moved forward by any duration at
// any time. Its methods are safe for concurrent use. The zero value is
// not ready: use NewSimClock.
type SimClock struct {
	mu sync.Mutex
	// offset is added to the wall clock while running.
	offset time.Duration
	// pausedAt is the clock's time while paused (zero while running).
	pausedAt time.Time
	wall     func() time.Time
}

// NewSimClock returns a running simulated clock that starts at the wall
// clock's time.
func NewSimClock() *SimClock {
	return &SimClock{wall: time.Now}
}

// Now returns the simulated time.
func (c *SimClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.pausedAt.IsZero() {
		return c.pausedAt
	}
	return c.wall().Add(c.offset)
}

// Paused reports whether the clock stands still.
func (c *SimClock) Paused() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.pausedAt.IsZero()
}

// Pause stops the clock at its current time; pausing a paused clock does
// nothing.
func (c *SimClock) Pause() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pausedAt.IsZero() {
		c.pausedAt = c.wall().Add(c.offset)
	}
}

// Resume lets a paused clock run again from where it stood.
func (c *SimClock) Resume() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.pausedAt.IsZero() {
		c.offset = c.pausedAt.Sub(c.wall())
		c.pausedAt = time.Time{}
	}
}

// ErrBackwards is returned by Advance for a negative duration: simulated
// time only moves forward, as cache entries' ages assume.
var ErrBackwards = errors.New("the simulated clock only moves forward")

// Advance moves the clock forward by d (paused or running) and returns the
// new time.
func (c *SimClock) Advance(d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, ErrBackwards
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.pausedAt.IsZero() {
		c.pausedAt = c.pausedAt.Add(d)
		return c.pausedAt, nil
	}
	c.offset += d
	return c.wall().Add(c.offset), nil
}
