package nodecompat

import (
	"strings"
	"testing"
)

// TestStacks: errors raised by the built-ins read as in Node — the first
// line names the code and the stack starts at the caller, without frames
// inside Edgeplay's module code.
func TestStacks(t *testing.T) {
	cases := []struct{ name, src, head string }{
		{"node error", `try { require('node:buffer').Buffer.alloc(-1) } catch (e) { return e.stack }`,
			`RangeError [ERR_OUT_OF_RANGE]: The value of "size" is out of range. It must be >= 0 && <= 4294967296. Received -1`},
		{"assertion", `try { require('node:assert').strictEqual(1, 2) } catch (e) { return e.stack }`,
			"AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n1 !== 2\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rt, _, _ := newRuntime(t, testLib)
			got := runJS(t, rt, tc.src)
			if !strings.HasPrefix(got, tc.head+"\n") {
				t.Errorf("stack %q does not start with %q", got, tc.head)
			}
			if strings.Contains(got, "node-builtins") {
				t.Errorf("stack shows internal frames: %q", got)
			}
			if !strings.Contains(got, "\tat ") {
				t.Errorf("stack lost the caller's frames: %q", got)
			}
		})
	}
}
