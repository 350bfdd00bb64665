// Package store is Edgeplay's request history: every HTTP exchange the edge
// server handles is queued without blocking and written to a SQLite database
// in batches by a single writer goroutine, and read back for the GUI, the CLI
// and replay.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	// Registers the "sqlite3" database/sql driver.
	_ "github.com/mattn/go-sqlite3"
)

// ErrNotFound is returned (wrapped) by Get when no exchange has the given ID.
var ErrNotFound = errors.New("exchange not found")

// ErrClosed is returned (wrapped) by Flush, Recent, Get and Count after Close.
var ErrClosed = errors.New("history store is closed")

// Defaults applied by Open to zero-valued Options fields.
const (
	DefaultQueueSize     = 4096
	DefaultBatchSize     = 256
	DefaultFlushInterval = 50 * time.Millisecond
	DefaultMaxBodyBytes  = 1 << 20
	DefaultMaxQueueBytes = 64 << 20
	DefaultBatchBytes    = 8 << 20
)

// Exchange is one recorded request/response pair.
type Exchange struct {
	ID              int64         // assigned when the exchange is written; ignored by Record
	Start           time.Time     // when the request arrived
	Duration        time.Duration // until the last response byte
	Method          string
	URL             string // full URL incl. query
	Route           string // route pattern, e.g. "/api/json" ("" when no route matched)
	File            string // workspace-relative source file of the route ("" when none)
	RequestHeaders  http.Header
	RequestBody     []byte
	Status          int
	ResponseHeaders http.Header
	ResponseBody    []byte
	Error           string     // handler/build error message and stack, "" if none
	Logs            []LogEntry // console output of the handler during this request
	HandlerVersion  string     // content hash of the compiled route
	Mode            string     // "production" | "development"
	// CPUTime is the time the handler's JavaScript ran for this request,
	// the measure of the CPU limit (R-RT-6); 0 when none ran.
	CPUTime time.Duration
	// Params are the route's dynamic segments as matched (name → values;
	// one value for [id], the segments for a catch-all); nil when none.
	Params map[string][]string
	// Timings are the phases of the exchange, measured from Start.
	Timings Timings
	// Chunks are the streamed response body's chunks as they were sent;
	// nil for a body written in one piece.
	Chunks []Chunk
	// ReplayOf is the ID of the exchange this one replayed (0 when it was
	// not a replay, or that exchange has been deleted since).
	ReplayOf int64
	// Sim is what the Vercel platform simulation decided for the exchange
	// (issue 8); nil when the simulation was off.
	Sim *SimContext

	// RequestBodySize and ResponseBodySize are the full sizes of the bodies
	// in bytes. A recorder that captured only a prefix of a body sets the
	// size to the full length; otherwise it may leave it zero and the store
	// uses len(body).
	RequestBodySize  int64
	ResponseBodySize int64
	// RequestBodyTruncated and ResponseBodyTruncated report that the stored
	// body is shorter than the real one, either because it exceeded
	// Options.MaxBodyBytes or because the recorder captured only a prefix.
	RequestBodyTruncated  bool
	ResponseBodyTruncated bool
}

// Timings are the phases of an exchange; a phase that did not happen is
// 0. The total is Exchange.Duration.
type Timings struct {
	// CompileWait is how long the request waited for the route's build
	// (an edit saved just before it is built on first use).
	CompileWait time.Duration
	// HandlerStart is when the handler was called, from the start.
	HandlerStart time.Duration
	// FirstByte is when the response head was written, from the start
	// (time to first byte).
	FirstByte time.Duration
}

// SimContext is the Vercel platform simulation's view of one exchange:
// where the client was, where the request entered and ran (R-REGION-2),
// its simulated network time (R-REGION-3) and the CDN cache's answer
// (R-CACHE-5).
type SimContext struct {
	// Client is the simulated client location's name (or "LAT,LON").
	Client string `json:"client"`
	// Entry and Exec are region ids: where the request entered Vercel's
	// network and where the function ran.
	Entry string `json:"entry"`
	Exec  string `json:"exec"`
	// VercelID is the x-vercel-id the response carried.
	VercelID string `json:"vercelId"`
	// Network is the simulated network time of the request: there and
	// back (client → entry → exec), plus the exec → data round trip of
	// each outbound fetch (Fetches of them).
	Network time.Duration `json:"networkNs"`
	Fetches int           `json:"fetches,omitempty"`
	// Cache is the x-vercel-cache value (MISS, HIT, STALE, REVALIDATED,
	// BYPASS) and CacheReason why.
	Cache       string `json:"cache"`
	CacheReason string `json:"cacheReason,omitempty"`

	// ClientLat and ClientLon place the client; Data names the data
	// source and DataLat, DataLon place it (for the map).
	ClientLat float64 `json:"clientLat,omitzero"`
	ClientLon float64 `json:"clientLon,omitzero"`
	Data      string  `json:"data,omitempty"`
	DataLat   float64 `json:"dataLat,omitzero"`
	DataLon   float64 `json:"dataLon,omitzero"`
	// Legs are the path's legs in order (client → entry, entry → exec,
	// exec → data) with their one-way times (R-REGION-3); only the first
	// for an answer the CDN served from its cache (HIT, STALE).
	Legs []SimLeg `json:"legs,omitempty"`
	// Clock is the simulated clock's time when the CDN cache answered
	// (when the request arrived, for one that bypassed it): the cache's
	// timeline runs on it (R-CACHE-6).
	Clock time.Time `json:"clock,omitzero"`
	// Run identifies the simulation run (a server start): each has its
	// own caches and clock, so timelines never mix runs.
	Run string `json:"run,omitempty"`
	// CacheKey is the CDN cache key (R-CACHE-3) in the entry region's
	// cache; empty for a request that never reached the cache.
	CacheKey string `json:"cacheKey,omitempty"`
	// CacheAge is the age of the cached copy served (HIT, STALE).
	CacheAge time.Duration `json:"cacheAgeNs,omitzero"`
	// StoredAt, FreshUntil and StaleUntil are, on the simulated clock,
	// the lifetime of the cache entry that answered or was stored; zero
	// when none was.
	StoredAt   time.Time `json:"storedAt,omitzero"`
	FreshUntil time.Time `json:"freshUntil,omitzero"`
	StaleUntil time.Time `json:"staleUntil,omitzero"`
}

// SimLeg is one network leg of a simulated request's path.
type SimLeg struct {
	// From and To are the ends: "client", a region id, or "data".
	From string `json:"from"`
	To   string `json:"to"`
	// DistanceKm is the great-circle length.
	DistanceKm float64 `json:"distanceKm"`
	// OneWay is the leg's one-way time.
	OneWay time.Duration `json:"oneWayNs"`
}

// Chunk is one piece of a streamed response body: when it was written, as
// an offset from the exchange's start, and its size in bytes.
type Chunk struct {
	At   time.Duration
	Size int
}

// LogEntry is one console call.
type LogEntry struct {
	Time    time.Time
	Level   string // "log", "info", "warn", "error", "debug"
	Message string
}

// Options configures a Store. Zero values select the defaults.
type Options struct {
	// QueueSize bounds the records waiting to be written (default 4096).
	// Record drops, and counts, what does not fit.
	QueueSize int
	// BatchSize is the maximum number of records per transaction (default 256).
	BatchSize int
	// FlushInterval is the longest a partial batch waits before it is
	// written (default 50ms).
	FlushInterval time.Duration
	// MaxBodyBytes caps each stored body (default 1 MiB); longer bodies are
	// stored truncated with their full size. A negative value disables the cap.
	MaxBodyBytes int
	// MaxQueueBytes bounds the body bytes (after MaxBodyBytes) of the
	// records waiting to be written (default 64 MiB), so that a burst of
	// large bodies cannot hold unbounded memory: Record drops, and counts,
	// a record with bodies that do not fit (one is always let in when no
	// bytes are waiting; records without bodies are bounded by QueueSize
	// only). A negative value disables the bound.
	MaxQueueBytes int64
	// BatchBytes ends a batch early when its body bytes reach it (default
	// 8 MiB): large bodies are written in short transactions and their
	// memory is released sooner.
	BatchBytes int64
	// Logger receives write failures and warnings; nil discards them.
	Logger *slog.Logger
	// OnCommit, if set, is called on the writer goroutine after each batch is
	// committed, with the exchanges as stored (IDs assigned, bodies capped).
	// The callee owns the slice. It must return quickly: the writer waits
	// for it.
	OnCommit func([]Exchange)

	// Retention bounds what the history keeps; the zero value keeps all.
	Retention Retention

	// beforeWrite is a test hook called by the writer before each batch.
	beforeWrite func(n int)
	// migrations replaces the schema migrations in tests.
	migrations []migration
}

func (o Options) withDefaults() Options {
	if o.QueueSize <= 0 {
		o.QueueSize = DefaultQueueSize
	}
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.FlushInterval <= 0 {
		o.FlushInterval = DefaultFlushInterval
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.MaxQueueBytes == 0 {
		o.MaxQueueBytes = DefaultMaxQueueBytes
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = DefaultBatchBytes
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.migrations == nil {
		o.migrations = schemaMigrations
	}
	return o
}

// Stats are the store's counters. They are read independently, so a
// snapshot taken while records flow may be off by the records in flight.
type Stats struct {
	Recorded int64 // exchanges committed to the database since Open
	Dropped  int64 // exchanges refused by Record: queue full (by count or bytes) or store closed
	Queued   int64 // exchanges accepted by Record and not yet committed or failed
	Failed   int64 // exchanges accepted by Record but lost to a write error
	Pruned   int64 // exchanges deleted by the retention bounds since Open
}

// Store is an open request history. Its methods are safe for concurrent use.
type Store struct {
	path string
	db   *sql.DB
	opts Options
	log  *slog.Logger

	// mu guards closed and makes sends on queue exclusive with Close, so
	// that no record is accepted after the writer has drained the queue.
	mu     sync.RWMutex
	closed bool

	queue    chan Exchange
	flushReq chan chan error
	quit     chan struct{} // closed by Close: drain and stop
	done     chan struct{} // closed by the writer when it has stopped
	finalErr error         // write error of the final drain; read after done

	closeOnce sync.Once
	closeErr  error

	recorded atomic.Int64
	dropped  atomic.Int64
	queued   atomic.Int64
	failed   atomic.Int64
	pruned   atomic.Int64
	// retention is Options.Retention, changeable with SetRetention.
	retention atomic.Pointer[Retention]
	// textIndexed reports that the text index exists (textindex.go).
	textIndexed bool
	queuedBytes atomic.Int64 // body bytes of the queued records (MaxQueueBytes)
}

// DefaultPath returns the default history database path,
// <os.UserConfigDir()>/edgeplay/history.db.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("default history path: %w", err)
	}
	return filepath.Join(dir, "edgeplay", "history.db"), nil
}

// Open opens the history database at path, creating it and its parent
// directory when missing, and starts the writer goroutine. It switches the
// database to WAL mode and applies pending schema migrations. It refuses,
// without modifying them, files that are not SQLite databases, SQLite
// databases of other applications and histories with a newer schema
// (a *SchemaVersionError). ctx bounds Open only, not the Store's lifetime:
// call Close to release it.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("open history: empty path")
	}
	opts = opts.withDefaults()
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("open history %s: create directory: %w", path, err)
	}
	if err := checkFile(abs, path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite3", dataSourceName(abs))
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	if err := prepare(ctx, db, path, opts); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	textIndexed, err := setupTextIndex(ctx, db, path)
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	s := &Store{
		path:     path,
		db:       db,
		opts:     opts,
		log:      opts.Logger,
		queue:    make(chan Exchange, opts.QueueSize),
		flushReq: make(chan chan error),
		quit:     make(chan struct{}),
		done:     make(chan struct{}),

		textIndexed: textIndexed,
	}
	s.retention.Store(&opts.Retention)
	go s.run()
	return s, nil
}

// Path returns the path the store was opened with.
func (s *Store) Path() string { return s.path }

// Record queues e to be written and returns true, or returns false and
// counts a drop when the queue is full (Options.QueueSize records or
// Options.MaxQueueBytes body bytes) or the store is closed. It never waits
// for the database and copies nothing: it only caps the bodies (by
// slicing) and hands e to the writer goroutine, which encodes it. The store
// takes ownership of e's slices and maps: the caller must not modify them
// afterwards. e.ID is ignored.
func (s *Store) Record(e Exchange) bool {
	capBodies(&e, s.opts.MaxBodyBytes)
	if !s.enqueue(e, bodyBytes(&e), s.opts.MaxQueueBytes) {
		s.dropped.Add(1)
		return false
	}
	return true
}

// Import records exchanges from elsewhere (a HAR file) without dropping
// any: where Record refuses, Import waits for the writer. It keeps half of
// the queue (by count and by bytes) free for the server's own records, so
// that a large import never makes live traffic go unrecorded. It returns
// once every exchange is committed, or ctx is done.
func (s *Store) Import(ctx context.Context, list []Exchange) error {
	for i := range list {
		e := list[i]
		capBodies(&e, s.opts.MaxBodyBytes)
		size := bodyBytes(&e)
		for {
			if s.isClosed() {
				return fmt.Errorf("import into %s: %w", s.path, ErrClosed)
			}
			byteLimit := s.opts.MaxQueueBytes / 2
			if s.opts.MaxQueueBytes < 0 {
				byteLimit = -1 // no limit
			}
			if s.queued.Load() < int64(s.opts.QueueSize/2) && s.enqueue(e, size, byteLimit) {
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("import into %s: %w", s.path, ctx.Err())
			case <-time.After(time.Millisecond):
			}
		}
	}
	return s.Flush(ctx)
}

// enqueue hands e, whose bodies hold size bytes, to the writer without
// blocking, and reports whether it did. It refuses when the store is
// closed, the queue is full, or the queued body bytes would pass byteLimit
// (negative: no limit; a record is always let in when no bytes wait).
func (s *Store) enqueue(e Exchange, size, byteLimit int64) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return false
	}
	// Count before sending so the writer never subtracts first.
	if n := s.queuedBytes.Add(size); size > 0 && byteLimit >= 0 && n > byteLimit && n != size {
		s.queuedBytes.Add(-size)
		return false
	}
	s.queued.Add(1)
	select {
	case s.queue <- e:
		return true
	default:
		s.queued.Add(-1)
		s.queuedBytes.Add(-size)
		return false
	}
}

// bodyBytes is the memory a queued record's bodies hold.
func bodyBytes(e *Exchange) int64 {
	return int64(len(e.RequestBody) + len(e.ResponseBody))
}

// Flush returns once everything Record accepted before the call has been
// committed, or ctx is done. It returns the first write error since the
// previous Flush, if any, and ErrClosed after Close (which commits the
// queue itself).
func (s *Store) Flush(ctx context.Context) error {
	reply := make(chan error, 1)
	select {
	case s.flushReq <- reply:
	case <-s.done:
		return fmt.Errorf("flush history %s: %w", s.path, ErrClosed)
	case <-ctx.Done():
		return fmt.Errorf("flush history %s: %w", s.path, ctx.Err())
	}
	select {
	case err := <-reply:
		if err != nil {
			return fmt.Errorf("flush history %s: %w", s.path, err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("flush history %s: %w", s.path, ctx.Err())
	}
}

// Stats returns the store's counters.
func (s *Store) Stats() Stats {
	return Stats{
		Recorded: s.recorded.Load(),
		Dropped:  s.dropped.Load(),
		Pruned:   s.pruned.Load(),
		Queued:   s.queued.Load(),
		Failed:   s.failed.Load(),
	}
}

// Close stops accepting records, commits what is queued, stops the writer
// goroutine and closes the database. It is idempotent: later calls return
// the first call's result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		close(s.quit)
		<-s.done
		var errs []error
		if s.finalErr != nil {
			errs = append(errs, fmt.Errorf("close history %s: %w", s.path, s.finalErr))
		}
		if err := s.db.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close history %s: %w", s.path, err))
		}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

func (s *Store) isClosed() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.closed
}
