package isolate

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestVLQRoundTrip: values survive encode → decode, segments from the
// source map format decode to their fields, and malformed ones are errors.
func TestVLQRoundTrip(t *testing.T) {
	for _, v := range []int{0, 1, -1, 15, 16, -16, 31, 32, 1000, -1000, 1 << 20} {
		var b strings.Builder
		encodeVLQ(&b, v)
		got, err := decodeVLQ(b.String())
		if err != nil || !slices.Equal(got, []int{v}) {
			t.Errorf("%d → %q → %v, %v", v, b.String(), got, err)
		}
	}
	for seg, want := range map[string][]int{"AAAA": {0, 0, 0, 0}, "SAAS": {9, 0, 0, 9}, "gBAAC": {16, 0, 0, 1}, "D": {-1}} {
		if got, err := decodeVLQ(seg); err != nil || !slices.Equal(got, want) {
			t.Errorf("%q → %v, %v; want %v", seg, got, err, want)
		}
	}
	for _, bad := range []string{"!", "g"} {
		if _, err := decodeVLQ(bad); err == nil {
			t.Errorf("%q decoded without error", bad)
		}
	}
}

// TestShiftColumns: each line's first generated column and the first
// original column move by one; everything relative stays as it was.
func TestShiftColumns(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"AAAA,EAAE;AACA", "CAAC,EAAE;CACA"},
		{";;A,CAAA", ";;C,CAAC"},
		{"", ""},
	} {
		got, err := shiftColumns(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("shiftColumns(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := shiftColumns("AA!A"); err == nil {
		t.Error("a malformed mapping was accepted")
	}
}

// TestStackPositionsAreNodes: a handler error's stack names the .ts file
// and the line and column Node reports for the same code (checked against
// node: `throw new Error()` at the `new`, a call at its callee), in V8's
// frame format without goja's bytecode offsets.
func TestStackPositionsAreNodes(t *testing.T) {
	src := "export const config = { runtime: 'edge' }\n\ntype T = { a: number }\nfunction boom(x: T): never {\n  throw new Error('bad ' + x.a)\n}\nexport default async function handler(req: Request) {\n  await null\n  boom({ a: 1 })\n}\n"
	pool := engine.NewPool(compileSource(t, src), Options{Size: 1})
	defer pool.Close()
	_, err := pool.Serve(context.Background(), Request{URL: "http://localhost:3000/api/r", Method: "GET"})
	var herr *HandlerError
	if !errors.As(err, &herr) {
		t.Fatalf("error %v is not a HandlerError", err)
	}
	want := "Error: bad 1\n    at boom (pages/api/r.ts:5:9)\n    at handler (pages/api/r.ts:9:3)"
	if herr.Stack != want {
		t.Errorf("stack:\n%s\nwant:\n%s", herr.Stack, want)
	}
}

// TestV8Stack rewrites goja's frame format and leaves others alone.
func TestV8Stack(t *testing.T) {
	for in, want := range map[string]string{
		"Error: x\n\tat f (a.ts:1:2(3))\n\tat a.ts:4:5(6)\n\tat native\n": "Error: x\n    at f (a.ts:1:2)\n    at a.ts:4:5\n    at native",
		"Error: y\n    at g (b.js:1:1)":                                   "Error: y\n    at g (b.js:1:1)",
	} {
		if got := v8Stack(in); got != want {
			t.Errorf("v8Stack(%q) = %q, want %q", in, got, want)
		}
	}
}
