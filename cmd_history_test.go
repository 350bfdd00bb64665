package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"edgeplay/store"
)

// seedHistoryDB writes a few exchanges to a new history file.
func seedHistoryDB(t *testing.T, list ...store.Exchange) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "history.db")
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		if !st.Record(e) {
			t.Fatal("not recorded")
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestHistoryCommandFilters: the flags select as issue 7's CLI says.
func TestHistoryCommandFilters(t *testing.T) {
	now := time.Now()
	db := seedHistoryDB(t,
		store.Exchange{Start: now.Add(-3 * time.Hour), Method: "GET", URL: "http://h/api/old", Route: "/api/old", Status: 200},
		store.Exchange{Start: now.Add(-2 * time.Minute), Method: "POST", URL: "http://h/api/users/1", Route: "/api/users/[id]", Status: 201, RequestBody: []byte("Dwight")},
		store.Exchange{Start: now.Add(-time.Minute), Method: "GET", URL: "http://h/api/boom", Route: "/api/boom", Status: 500, Error: "Error: boom\n    at x"},
	)
	for _, tc := range []struct {
		args []string
		want []string // URLs, newest first
	}{
		{[]string{"--status", "5xx"}, []string{"http://h/api/boom"}},
		{[]string{"--status", "201"}, []string{"http://h/api/users/1"}},
		{[]string{"--route", "/api/users/[id]"}, []string{"http://h/api/users/1"}},
		{[]string{"--since", "1h"}, []string{"http://h/api/boom", "http://h/api/users/1"}},
		{[]string{"--text", "dwight"}, []string{"http://h/api/users/1"}},
		{[]string{"--errors"}, []string{"http://h/api/boom"}},
		{[]string{"--method", "get", "--limit", "1"}, []string{"http://h/api/boom"}},
	} {
		var out bytes.Buffer
		if err := cmdHistory(context.Background(), append([]string{"--db", db, "--json"}, tc.args...), &out, io.Discard); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			if line == "" {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("%v: %q is not JSON", tc.args, line)
			}
			got = append(got, m["url"].(string))
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%v: %v, want %v", tc.args, got, tc.want)
		}
	}
	var out bytes.Buffer
	if err := cmdHistory(context.Background(), []string{"--db", db, "--errors"}, &out, io.Discard); err != nil || !strings.Contains(out.String(), "! Error: boom") {
		t.Errorf("table shows the error's first line: %q %v", out.String(), err)
	}
}
