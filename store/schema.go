package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// applicationID marks a SQLite file as an Edgeplay history
// (PRAGMA application_id; "Eply").
const applicationID = 0x45706c79

// sqliteMagic is the header every SQLite 3 database file starts with.
var sqliteMagic = []byte("SQLite format 3\x00")

// migration is one forward step of the schema. Version n's statements turn
// a version n-1 database into a version n one; they run in the same
// transaction that records the new version.
type migration struct {
	version int
	name    string
	sql     string
}

// schemaMigrations is the ordered list of migrations; its length is the
// schema version this code writes. Append only: never edit a released step.
// It is read-only.
var schemaMigrations = []migration{
	{
		version: 1,
		name:    "exchanges table",
		sql: `
CREATE TABLE exchanges (
	id                      INTEGER PRIMARY KEY AUTOINCREMENT,
	start_ns                INTEGER NOT NULL, -- unix nanoseconds, 0 when unknown
	duration_ns             INTEGER NOT NULL,
	method                  TEXT    NOT NULL,
	url                     TEXT    NOT NULL,
	route                   TEXT    NOT NULL, -- '' when no route matched
	file                    TEXT    NOT NULL, -- '' when none
	request_headers         TEXT    NOT NULL, -- JSON object of string arrays
	request_body            BLOB    NOT NULL, -- at most MaxBodyBytes
	request_body_size       INTEGER NOT NULL, -- full size in bytes
	request_body_truncated  INTEGER NOT NULL CHECK (request_body_truncated IN (0, 1)),
	status                  INTEGER NOT NULL,
	response_headers        TEXT    NOT NULL,
	response_body           BLOB    NOT NULL,
	response_body_size      INTEGER NOT NULL,
	response_body_truncated INTEGER NOT NULL CHECK (response_body_truncated IN (0, 1)),
	error                   TEXT    NOT NULL,
	logs                    TEXT    NOT NULL, -- JSON array of {"t": unix ns, "l": level, "m": message}
	handler_version         TEXT    NOT NULL,
	mode                    TEXT    NOT NULL
);
CREATE INDEX exchanges_start ON exchanges (start_ns);
CREATE INDEX exchanges_route ON exchanges (route, start_ns);
`,
	},
	{
		version: 2,
		name:    "handler CPU time",
		sql: `
ALTER TABLE exchanges ADD COLUMN cpu_ns INTEGER NOT NULL DEFAULT 0; -- the handler's JavaScript time (R-RT-6), 0 when unknown
`,
	},
	{
		version: 3,
		name:    "params, timings, chunks, replays",
		sql: `
ALTER TABLE exchanges ADD COLUMN params TEXT NOT NULL DEFAULT '{}'; -- JSON object: dynamic segment name → array of values
ALTER TABLE exchanges ADD COLUMN compile_wait_ns INTEGER NOT NULL DEFAULT 0; -- from start: waiting for the route's build
ALTER TABLE exchanges ADD COLUMN handler_start_ns INTEGER NOT NULL DEFAULT 0; -- from start: the handler was called (0 when none ran)
ALTER TABLE exchanges ADD COLUMN first_byte_ns INTEGER NOT NULL DEFAULT 0; -- from start: the response head was written
ALTER TABLE exchanges ADD COLUMN chunks TEXT NOT NULL DEFAULT '[]'; -- JSON array of [ns from start, bytes] per streamed chunk
ALTER TABLE exchanges ADD COLUMN replay_of INTEGER REFERENCES exchanges (id) ON DELETE SET NULL; -- the exchange this one replayed
CREATE INDEX exchanges_replay_of ON exchanges (replay_of) WHERE replay_of IS NOT NULL;
CREATE INDEX exchanges_status ON exchanges (status, start_ns);
`,
	},
	{
		version: 4,
		name:    "recorded time",
		sql: `
ALTER TABLE exchanges ADD COLUMN recorded_ns INTEGER NOT NULL DEFAULT 0; -- unix ns the record was written (0: before v4); retention by age uses it, so an imported HAR's old exchanges are kept
DROP INDEX IF EXISTS exchanges_status; -- status filters scan in start order (search.go)
`,
	},
	{
		version: 5,
		name:    "platform simulation",
		sql: `
ALTER TABLE exchanges ADD COLUMN sim TEXT NOT NULL DEFAULT ''; -- JSON of the Vercel simulation's context (Exchange.Sim), '' when it was off
`,
	},
	{
		version: 6,
		name:    "simulated exchanges index",
		sql: `
CREATE INDEX exchanges_sim ON exchanges (start_ns) WHERE sim != ''; -- the map and the cache timeline read the simulated exchanges only (Store.Simulated)
`,
	},
	{
		version: 7,
		name:    "simulated exchanges by route",
		sql: `
CREATE INDEX exchanges_sim_route ON exchanges (route, start_ns) WHERE sim != ''; -- one route's simulated exchanges (Store.Simulated with a route)
`,
	},
}

// SchemaVersionError is returned by Open for a history database written by
// a newer Edgeplay. The database is left untouched.
type SchemaVersionError struct {
	Path    string // as given to Open
	Version int    // the database's schema version
	Known   int    // the newest version this code understands
}

// Error returns the message shown to the user, naming the path and both versions.
func (e *SchemaVersionError) Error() string {
	return fmt.Sprintf("history database %s has schema version %d, newer than this Edgeplay understands (%d); use a newer Edgeplay or another --db path",
		e.Path, e.Version, e.Known)
}

// dataSourceName returns the go-sqlite3 DSN for the absolute path abs. It
// uses a file: URI so that any character in the path is escaped rather than
// taken for a parameter. The journal mode is not set here: Open switches to
// WAL only after it has checked that the file is a history it may modify.
func dataSourceName(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/x → /C:/x
	}
	u := url.URL{Scheme: "file", Path: p}
	return u.String() + "?_foreign_keys=on&_busy_timeout=5000&_synchronous=NORMAL&_txlock=immediate"
}

// checkFile refuses a path that exists and is not a SQLite database before
// SQLite gets a chance to touch it, and creates a missing file private to
// the user (histories hold request bodies and headers, often credentials).
func checkFile(abs, path string) error {
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		if err := f.Close(); err != nil {
			return fmt.Errorf("open history %s: %w", path, err)
		}
		return nil
	}
	if !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("open history %s: %w", path, err)
	}
	f, err = os.Open(abs)
	if err != nil {
		return fmt.Errorf("open history %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open history %s: %w", path, err)
	}
	if fi.IsDir() {
		return fmt.Errorf("open history %s: is a directory", path)
	}
	if fi.Size() == 0 {
		return nil // SQLite treats an empty file as an empty database
	}
	head := make([]byte, len(sqliteMagic))
	if _, err := io.ReadFull(f, head); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("open history %s: read header: %w", path, err)
	}
	if !bytes.Equal(head, sqliteMagic) {
		return notDatabaseError(path)
	}
	return nil
}

func notDatabaseError(path string) error {
	return fmt.Errorf("open history %s: not a SQLite database; it was left untouched: move it away or use another --db path", path)
}

// sqliteError gives the SQLite errors a user can act on a clear message.
func sqliteError(path, doing string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB:
			return notDatabaseError(path)
		case sqlite3.ErrCorrupt:
			return fmt.Errorf("open history %s: the database is corrupt (%w); it was left untouched: move it away or use another --db path", path, err)
		}
	}
	return fmt.Errorf("open history %s: %s: %w", path, doing, err)
}

// prepare checks that the database is one Open may use, switches it to WAL
// and migrates it. Nothing is written before the checks pass.
func prepare(ctx context.Context, db *sql.DB, path string, opts Options) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return sqliteError(path, "connect", err)
	}
	defer conn.Close()

	known := len(opts.migrations)
	if err := checkIdentity(ctx, conn, path, known); err != nil {
		return err
	}

	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return sqliteError(path, "enable WAL", err)
	}
	if !strings.EqualFold(mode, "wal") {
		// Some file systems (network shares) cannot do WAL; the history still
		// works, with readers and the writer taking turns.
		opts.Logger.Warn("history database is not in WAL mode", "path", path, "journal_mode", mode)
	}
	return migrate(ctx, conn, path, opts.migrations)
}

// checkIdentity refuses newer schemas and SQLite files of other applications.
func checkIdentity(ctx context.Context, conn *sql.Conn, path string, known int) error {
	version, err := userVersion(ctx, conn)
	if err != nil {
		return sqliteError(path, "read schema version", err)
	}
	if version > known {
		return &SchemaVersionError{Path: path, Version: version, Known: known}
	}
	var appID int64
	if err := conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return sqliteError(path, "read application id", err)
	}
	if appID != 0 && appID != applicationID {
		return fmt.Errorf("open history %s: a SQLite database of another application (application_id %#x), not an Edgeplay history; use another --db path", path, appID)
	}
	if version == 0 && appID == 0 {
		var objects int
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&objects); err != nil {
			return sqliteError(path, "read schema", err)
		}
		if objects > 0 {
			return fmt.Errorf("open history %s: a SQLite database with %d schema objects but no Edgeplay schema; it was left untouched: use another --db path", path, objects)
		}
	}
	return nil
}

func userVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// migrate applies the migrations newer than the database's version in one
// IMMEDIATE transaction (the DSN's _txlock), so a concurrent Open of the same
// file waits rather than migrating twice, and a failed step leaves the
// database as it was.
func migrate(ctx context.Context, conn *sql.Conn, path string, migrations []migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return sqliteError(path, "begin migration", err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit

	version, err := userVersion(ctx, tx)
	if err != nil {
		return sqliteError(path, "read schema version", err)
	}
	known := len(migrations)
	if version > known {
		return &SchemaVersionError{Path: path, Version: version, Known: known}
	}
	if version == known {
		return nil
	}
	for _, m := range migrations[version:] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("open history %s: migrate to schema version %d (%s): %w", path, m.version, m.name, err)
		}
	}
	// PRAGMA arguments cannot be bound; both values are integers we control.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", known, applicationID)); err != nil {
		return fmt.Errorf("open history %s: record schema version %d: %w", path, known, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("open history %s: commit migration to schema version %d: %w", path, known, err)
	}
	return nil
}
