package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The text index makes Filter.Text fast on a large history: an FTS5 table
// with the trigram tokenizer (substring matching, ASCII case folded) over
// each exchange's URL, headers, error and the first textIndexBodyBytes of
// its bodies. SQLite's FTS5 is compiled into go-sqlite3 only with the
// build tag sqlite_fts5 (the Makefile sets it); without it the index does
// not exist and Search scans, as it does for text shorter than three
// characters.
//
// Recording never waits for the index: the writer indexes exchanges when
// it is idle, a bounded number at a time, and remembers the last ID it
// indexed (textIndexThrough). Search looks the indexed exchanges up in the
// index and scans only the newer ones, so results are the same either way.
// A trigger removes deleted exchanges from the index. The index is not
// part of the versioned schema: it is created, or caught up, when a build
// that has FTS5 opens the history, and a build without FTS5 drops the
// trigger, which the next FTS5 build recreates (entries it missed for
// deleted exchanges match no exchange and are harmless).

// textIndexBodyBytes bounds the part of each body the index holds.
const textIndexBodyBytes = 64 << 10

// textIndexBatch bounds the exchanges one indexing pass adds.
const textIndexBatch = 2000

// textDocSQL is the indexed text of an exchange row.
const textDocSQL = `url || char(10) || request_headers || char(10) || response_headers || char(10) || error || char(10) ||
	substr(CAST(request_body AS TEXT), 1, 65536) || char(10) || substr(CAST(response_body AS TEXT), 1, 65536)`

// setupTextIndex creates the index when this build has FTS5, and reports
// whether it is in use.
func setupTextIndex(ctx context.Context, db *sql.DB, path string) (bool, error) {
	var fts int
	if err := db.QueryRowContext(ctx, `SELECT sqlite_compileoption_used('ENABLE_FTS5')`).Scan(&fts); err != nil {
		return false, fmt.Errorf("open history %s: check for FTS5: %w", path, err)
	}
	if fts == 0 {
		// Without FTS5 the trigger could not run: deletes would fail.
		if _, err := db.ExecContext(ctx, `DROP TRIGGER IF EXISTS exchanges_text_delete`); err != nil {
			return false, fmt.Errorf("open history %s: %w", path, err)
		}
		return false, nil
	}
	for _, stmt := range []string{
		`CREATE VIRTUAL TABLE IF NOT EXISTS exchanges_text USING fts5(doc, tokenize = 'trigram', content = '', contentless_delete = 1)`,
		`CREATE TABLE IF NOT EXISTS exchanges_text_state (through INTEGER NOT NULL)`,
		`INSERT INTO exchanges_text_state (through) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM exchanges_text_state)`,
		`CREATE TRIGGER IF NOT EXISTS exchanges_text_delete AFTER DELETE ON exchanges BEGIN
			DELETE FROM exchanges_text WHERE rowid = old.id;
		END`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return false, fmt.Errorf("open history %s: create the text index: %w", path, err)
		}
	}
	return true, nil
}

// indexText adds up to textIndexBatch not yet indexed exchanges to the
// text index and returns how many it added.
func (s *Store) indexText(ctx context.Context) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("index history text: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	var through int64
	if err := tx.QueryRowContext(ctx, `SELECT through FROM exchanges_text_state`).Scan(&through); err != nil {
		return 0, fmt.Errorf("index history text: %w", err)
	}
	var last sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT max(id) FROM (SELECT id FROM exchanges WHERE id > ? ORDER BY id LIMIT ?)`, through, textIndexBatch).Scan(&last); err != nil {
		return 0, fmt.Errorf("index history text: %w", err)
	}
	if !last.Valid {
		return 0, nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO exchanges_text (rowid, doc) SELECT id, `+textDocSQL+` FROM exchanges WHERE id > ? AND id <= ?`, through, last.Int64)
	if err != nil {
		return 0, fmt.Errorf("index history text: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE exchanges_text_state SET through = ?`, last.Int64); err != nil {
		return 0, fmt.Errorf("index history text: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("index history text: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// useTextIndex reports whether text can be looked up in the index: it
// exists, and the text has a trigram.
func (s *Store) useTextIndex(text string) bool {
	return s.textIndexed && len([]rune(text)) >= 3
}

// textCondition is the WHERE condition and arguments that find text: the
// index for indexed exchanges and a scan of the newer ones, or a scan of
// all when there is no index or the text is too short for trigrams.
func (s *Store) textCondition(text string, index bool) (string, []any) {
	pattern := "%" + escapeLike(text) + "%"
	// The scan reads what the index holds: the first textIndexBodyBytes
	// of each body, so results do not change once an exchange is indexed.
	cols := []string{"url", "request_headers", "response_headers", "substr(CAST(request_body AS TEXT), 1, 65536)", "substr(CAST(response_body AS TEXT), 1, 65536)", "error"}
	likes := make([]string, len(cols))
	var args []any
	for i, c := range cols {
		likes[i] = c + ` LIKE ? ESCAPE '\'`
		args = append(args, pattern)
	}
	scan := "(" + strings.Join(likes, " OR ") + ")"
	if !index || !s.useTextIndex(text) {
		return scan, args
	}
	phrase := `"` + strings.ReplaceAll(text, `"`, `""`) + `"`
	// Two sets of candidate IDs: the index's, and the scan of the
	// exchanges newer than it (a rowid range, so only those are read).
	cond := `id IN (SELECT rowid FROM exchanges_text WHERE exchanges_text MATCH ?
		UNION ALL SELECT id FROM exchanges WHERE id > (SELECT through FROM exchanges_text_state) AND ` + scan + `)`
	return cond, append([]any{phrase}, args...)
}

// TextIndexLag returns how many exchanges the text index has not taken in
// yet (0 without an index: there is nothing to wait for). Search gives the
// same answers either way; only its speed depends on it.
func (s *Store) TextIndexLag(ctx context.Context) (int64, error) {
	if !s.textIndexed {
		return 0, nil
	}
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM exchanges WHERE id > (SELECT through FROM exchanges_text_state)`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("text index lag in %s: %w", s.path, err)
	}
	return n, nil
}
