package isolate

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// inlineMapPrefix starts the source map runtime/bundle appends to a route.
const inlineMapPrefix = "//# sourceMappingURL=data:application/json;base64,"

// withOneBasedColumns rewrites the inline source map at the end of code so
// that goja reports the source positions V8 and Node report.
//
// goja looks a position up in a source map with a 1-based generated column
// and returns the map's original column as it is, which source maps store
// 0-based: every stack frame's column would be one too small (and a lookup
// could land on the segment after the right one). Shifting every generated
// and every original column of the map by one makes both ends agree with
// goja's arithmetic, so `throw new Error()` at the start of a line is
// reported at column 7, as Node reports it. Code without an inline map,
// or with one this cannot read, is returned unchanged.
func withOneBasedColumns(code string) string {
	i := strings.LastIndex(code, inlineMapPrefix)
	if i < 0 {
		return code
	}
	start := i + len(inlineMapPrefix)
	end := start
	for end < len(code) && code[end] != '\n' && code[end] != '\r' {
		end++
	}
	raw, err := base64.StdEncoding.DecodeString(code[start:end])
	if err != nil {
		return code
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return code
	}
	var mappings string
	if err := json.Unmarshal(m["mappings"], &mappings); err != nil {
		return code
	}
	shifted, err := shiftColumns(mappings)
	if err != nil {
		return code
	}
	if m["mappings"], err = json.Marshal(shifted); err != nil {
		return code
	}
	out, err := json.Marshal(m)
	if err != nil {
		return code
	}
	return code[:start] + base64.StdEncoding.EncodeToString(out) + code[end:]
}

// shiftColumns adds one to every segment's generated column and original
// column in a source map's "mappings" string. Generated columns are
// relative within a line, so only each line's first segment changes;
// original columns are relative across the whole string, so only the first
// segment that has one changes.
func shiftColumns(mappings string) (string, error) {
	var b strings.Builder
	b.Grow(len(mappings) + 64)
	sourceShifted := false
	for li, line := range strings.Split(mappings, ";") {
		if li > 0 {
			b.WriteByte(';')
		}
		for si, seg := range strings.Split(line, ",") {
			if si > 0 {
				b.WriteByte(',')
			}
			if seg == "" {
				continue
			}
			fields, err := decodeVLQ(seg)
			if err != nil {
				return "", fmt.Errorf("line %d segment %d: %w", li+1, si+1, err)
			}
			if si == 0 {
				fields[0]++
			}
			if len(fields) >= 4 && !sourceShifted {
				fields[3]++
				sourceShifted = true
			}
			for _, f := range fields {
				encodeVLQ(&b, f)
			}
		}
	}
	return b.String(), nil
}

// vlqDigits are the base64 digits of source map VLQs.
const vlqDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// decodeVLQ reads the signed base64 VLQ fields of one segment.
func decodeVLQ(seg string) ([]int, error) {
	var fields []int
	value, shift := 0, 0
	for i := 0; i < len(seg); i++ {
		d := strings.IndexByte(vlqDigits, seg[i])
		if d < 0 {
			return nil, fmt.Errorf("%q is not a base64 VLQ digit", seg[i])
		}
		value += (d & 31) << shift
		if d&32 != 0 {
			shift += 5
			if shift > 30 {
				return nil, fmt.Errorf("VLQ value too large in %q", seg)
			}
			continue
		}
		if value&1 != 0 {
			value = -(value >> 1)
		} else {
			value >>= 1
		}
		fields = append(fields, value)
		value, shift = 0, 0
	}
	if shift != 0 {
		return nil, fmt.Errorf("unterminated VLQ in %q", seg)
	}
	return fields, nil
}

// encodeVLQ writes one signed field as a base64 VLQ.
func encodeVLQ(b *strings.Builder, v int) {
	u := v << 1
	if v < 0 {
		u = (-v << 1) | 1
	}
	for {
		d := u & 31
		u >>= 5
		if u != 0 {
			d |= 32
		}
		b.WriteByte(vlqDigits[d])
		if u == 0 {
			return
		}
	}
}

// gojaFramePosition matches the end of a goja stack frame, "file:L:C(pc))",
// whose "(pc)" is the bytecode offset, not part of V8's format.
var gojaFramePosition = regexp.MustCompile(`(:\d+:\d+)\(\d+\)(\)?)$`)

// v8Stack rewrites a goja stack trace in V8's format, as Node prints it
// and Next.js's error data carries it: frames indented with four spaces,
// "    at fn (file:line:column)" without goja's bytecode offsets.
func v8Stack(stack string) string {
	if !strings.Contains(stack, "\tat ") {
		return stack
	}
	lines := strings.Split(strings.TrimRight(stack, "\n"), "\n")
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, "\tat "); ok {
			lines[i] = "    at " + gojaFramePosition.ReplaceAllString(rest, "$1$2")
		}
	}
	return strings.Join(lines, "\n")
}
