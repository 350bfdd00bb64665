package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Retention bounds the history: at most MaxExchanges exchanges and none
// older than MaxAge (a zero field sets no bound). The writer applies it in
// the background, at most every Interval (default 30 s), deleting at most
// pruneBatch exchanges per bound each time so that recording never waits
// long; the oldest go first.
type Retention struct {
	MaxExchanges int
	MaxAge       time.Duration
	Interval     time.Duration
}

// DefaultRetention is what the window and `edgeplay serve` keep unless
// told otherwise: the newest 100 000 exchanges, none older than 30 days.
var DefaultRetention = Retention{MaxExchanges: 100_000, MaxAge: 30 * 24 * time.Hour}

// pruneBatch bounds the exchanges one pass deletes per bound.
const pruneBatch = 5000

func (r Retention) enabled() bool { return r.MaxExchanges > 0 || r.MaxAge > 0 }

func (r Retention) interval() time.Duration {
	if r.Interval > 0 {
		return r.Interval
	}
	return 30 * time.Second
}

// prune applies the retention bounds once and returns how many exchanges
// it deleted.
func (s *Store) prune(ctx context.Context, now time.Time) (int64, error) {
	r := *s.retention.Load()
	var total int64
	if r.MaxAge > 0 {
		// By when the record was written (when it happened, for records
		// written before schema v4): an imported HAR is kept as long as
		// what was recorded here that day.
		res, err := s.db.ExecContext(ctx, `DELETE FROM exchanges WHERE id IN (
			SELECT id FROM exchanges WHERE coalesce(nullif(recorded_ns, 0), start_ns) < ? LIMIT ?)`, now.Add(-r.MaxAge).UnixNano(), pruneBatch)
		if err != nil {
			return total, fmt.Errorf("prune exchanges older than %s: %w", r.MaxAge, err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	if r.MaxExchanges > 0 {
		res, err := s.db.ExecContext(ctx, `DELETE FROM exchanges WHERE id IN (
			SELECT id FROM exchanges ORDER BY start_ns DESC, id DESC LIMIT ? OFFSET ?)`, pruneBatch, r.MaxExchanges)
		if err != nil {
			return total, fmt.Errorf("prune exchanges beyond %d: %w", r.MaxExchanges, err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	s.pruned.Add(total)
	return total, nil
}

// Retention returns the bounds in force.
func (s *Store) Retention() Retention { return *s.retention.Load() }

// SetRetention changes the bounds; the writer applies them at its next
// pass (at once when the history is idle: Prune runs them now).
func (s *Store) SetRetention(r Retention) {
	s.retention.Store(&r)
}

// Prune applies the retention bounds now and returns how many exchanges
// it deleted (at most a bounded number per bound; call again for more).
func (s *Store) Prune(ctx context.Context) (int64, error) {
	if s.isClosed() {
		return 0, fmt.Errorf("prune history: %w", ErrClosed)
	}
	return s.prune(ctx, time.Now())
}

// Delete deletes the exchanges with the given IDs and returns how many
// there were. Replays of them keep their records, unlinked.
func (s *Store) Delete(ctx context.Context, ids ...int64) (int64, error) {
	if s.isClosed() {
		return 0, fmt.Errorf("delete exchanges: %w", ErrClosed)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM exchanges WHERE id IN (?`+strings.Repeat(",?", len(ids)-1)+`)`, args...)
	if err != nil {
		return 0, fmt.Errorf("delete %d exchanges from %s: %w", len(ids), s.path, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// DeleteAll empties the history (what is still queued is recorded after).
func (s *Store) DeleteAll(ctx context.Context) error {
	if s.isClosed() {
		return fmt.Errorf("clear history: %w", ErrClosed)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM exchanges`); err != nil {
		return fmt.Errorf("clear history %s: %w", s.path, err)
	}
	return nil
}

// Vacuum returns the space of deleted exchanges to the file system. It
// rewrites the database and can take a while for a large one.
func (s *Store) Vacuum(ctx context.Context) error {
	if s.isClosed() {
		return fmt.Errorf("vacuum history: %w", ErrClosed)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM`); err != nil {
		return fmt.Errorf("vacuum history %s: %w", s.path, err)
	}
	// In WAL mode the rewritten pages sit in the log until a checkpoint
	// moves them and truncates the file.
	if _, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("vacuum history %s: checkpoint: %w", s.path, err)
	}
	return nil
}
