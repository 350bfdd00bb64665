package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"edgeplay/store"
)

func cmdHistory(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("history", flag.ContinueOnError)
	dbPath := fs.String("db", "", "history database (default: the user config directory's edgeplay/history.db)")
	limit := fs.Int("limit", 20, "how many exchanges to list, newest first")
	asJSON := fs.Bool("json", false, "print JSON lines")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *limit < 1 {
		return fmt.Errorf("--limit must be at least 1, not %d", *limit)
	}
	path := *dbPath
	if path == "" {
		var err error
		if path, err = store.DefaultPath(); err != nil {
			return err
		}
	}
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := st.Recent(ctx, *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		for _, e := range list {
			if err := enc.Encode(historyJSON(e)); err != nil {
				return err
			}
		}
		return nil
	}
	if len(list) == 0 {
		fmt.Fprintf(stdout, "no exchanges recorded in %s yet\n", path)
		return nil
	}
	for _, e := range list {
		fmt.Fprintf(stdout, "%6d  %s  %-6s %3d %9s  %s\n", e.ID, e.Start.Local().Format("2006-01-02 15:04:05"), e.Method, e.Status, formatDur(e.Duration), e.URL)
	}
	return nil
}

func formatDur(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000)
}

func historyJSON(e store.Exchange) map[string]any {
	return map[string]any{
		"id": e.ID, "start": e.Start.UTC().Format(time.RFC3339Nano), "method": e.Method, "url": e.URL,
		"route": e.Route, "status": e.Status, "durationMs": float64(e.Duration.Microseconds()) / 1000,
		"error": e.Error, "handlerVersion": e.HandlerVersion,
	}
}
