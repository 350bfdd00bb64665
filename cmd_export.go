package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"edgeplay/store"
	"edgeplay/store/curl"
	"edgeplay/store/har"
)

// cmdExport writes the exchanges the filters select (oldest first) as a
// HAR 1.2 file, or as curl commands.
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	hf := addHistoryFlags(fs, 100_000)
	harPath := fs.String("har", "", "write a HAR 1.2 file here (- for standard output)")
	asCurl := fs.Bool("curl", false, "print curl commands instead")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: edgeplay export (--har FILE | --curl) [--route R] [--status 5xx] [--text T] [--since 1h] [--errors] [--limit N] [--db PATH] [ID...]")
		fs.PrintDefaults()
	}
	ids, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if (*harPath == "") == !*asCurl {
		fs.Usage()
		return errors.New("export: give exactly one of --har FILE and --curl")
	}
	f, err := hf.filter(time.Now())
	if err != nil {
		return err
	}
	st, _, err := hf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := selectExchanges(ctx, st, f, ids)
	if err != nil {
		return err
	}
	if *asCurl {
		fmt.Fprintln(stdout, curl.Commands(list))
		return nil
	}
	w, done, err := createOutput(*harPath, stdout)
	if err != nil {
		return err
	}
	if err := har.Export(w, list, har.ExportOptions{CreatorVersion: version}); err != nil {
		return fmt.Errorf("export %d exchanges to %s: %w", len(list), *harPath, err)
	}
	if err := done(); err != nil {
		return err
	}
	if *harPath != "-" {
		fmt.Fprintf(stdout, "%d exchanges written to %s\n", len(list), *harPath)
	}
	return nil
}

// selectExchanges loads the exchanges named by ID, or else those the
// filter selects, oldest first.
func selectExchanges(ctx context.Context, st *store.Store, f store.Filter, ids []string) ([]store.Exchange, error) {
	var want []int64
	if len(ids) > 0 && f != (store.Filter{Limit: f.Limit}) {
		return nil, errors.New("give exchange IDs or filters, not both")
	}
	if len(ids) > 0 {
		for _, s := range ids {
			var id int64
			if _, err := fmt.Sscan(s, &id); err != nil || id <= 0 {
				return nil, fmt.Errorf("%q is not an exchange ID (see `edgeplay history`)", s)
			}
			want = append(want, id)
		}
	} else {
		found, _, err := searchAll(ctx, st, f)
		if err != nil {
			return nil, err
		}
		for _, m := range found {
			want = append(want, m.ID)
		}
		slices.Reverse(want)
	}
	list := make([]store.Exchange, 0, len(want))
	for _, id := range want {
		e, err := st.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		list = append(list, e)
	}
	return list, nil
}

// searchAll lists up to f.Limit matches, newest first, a page at a time;
// more reports that the limit cut the list.
func searchAll(ctx context.Context, st *store.Store, f store.Filter) (list []store.Summary, more bool, err error) {
	limit := f.Limit
	for {
		f.Limit = min(1000, limit-len(list))
		page, err := st.Search(ctx, f)
		if err != nil {
			return nil, false, err
		}
		list = append(list, page.Items...)
		if page.Next == nil {
			return list, false, nil
		}
		if len(list) >= limit {
			return list, true, nil
		}
		f.After = page.Next
	}
}

// createOutput opens path for writing through a temporary file renamed
// into place on success ("-" is stdout); done finishes it.
func createOutput(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "-" {
		return stdout, func() error { return nil }, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, nil, fmt.Errorf("create %s: %w", path, err)
	}
	bw := bufio.NewWriter(tmp)
	done := func() error {
		err := bw.Flush()
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}
	return bw, done, nil
}

// cmdImport records the entries of HAR files in the history, so that they
// can be inspected and replayed.
func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "", "history database (default: the user config directory's edgeplay/history.db)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: edgeplay import [--db PATH] FILE.har...")
		fs.PrintDefaults()
	}
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fs.Usage()
		return errUsage
	}
	hf := historyFlags{db: dbPath}
	st, path, err := hf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	total := 0
	for _, name := range files {
		n, err := importHARFile(ctx, st, name)
		total += n
		if err != nil {
			return fmt.Errorf("%w (%d exchanges were imported into %s before it)", err, total, path)
		}
	}
	fmt.Fprintf(stdout, "%d exchanges imported into %s\n", total, path)
	return nil
}

// importHARFile records a HAR file's entries in st as they are read, a
// batch at a time, so that a large file is never in memory whole. It
// returns how many were recorded, also when it fails part way.
func importHARFile(ctx context.Context, st *store.Store, name string) (int, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	const batchSize = 256
	batch := make([]store.Exchange, 0, batchSize)
	done := 0
	flush := func() error {
		if err := st.Import(ctx, batch); err != nil {
			return err
		}
		done += len(batch)
		batch = batch[:0]
		return nil
	}
	_, err = har.ImportEach(bufio.NewReader(f), func(e store.Exchange) error {
		batch = append(batch, e)
		if len(batch) == batchSize {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return done, fmt.Errorf("import %s: %w", name, err)
	}
	return done, nil
}
