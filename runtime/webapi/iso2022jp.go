package webapi

import (
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

// iso2022jpState is one state of the Encoding Standard's ISO-2022-JP decoder.
type iso2022jpState uint8

const (
	jpASCII iso2022jpState = iota
	jpRoman
	jpKatakana
	jpLeadByte
	jpTrailByte
	jpEscapeStart
	jpEscape
)

// iso2022jpDecoder is the Encoding Standard's ISO-2022-JP decoder, written
// out as its state machine: golang.org/x/text's decoder differs from it in
// error handling (escape sequences that switch to the state already in
// force, SO/SI, Roman's ¥ and ‾, errors inside a double-byte sequence),
// which TextDecoder must reproduce.
type iso2022jpDecoder struct {
	state, outputState iso2022jpState
	lead               byte
	outputFlag         bool
	// pending holds bytes "prepended to the stream" by the algorithm, to be
	// read before the rest of the input.
	pending []byte
}

func (d *iso2022jpDecoder) reset() { *d = iso2022jpDecoder{} }

// eofByte stands for end of input in the decoder's queue.
const eofByte = -1

func (d *iso2022jpDecoder) decode(out *strings.Builder, in []byte, eof, fatal bool) error {
	queue := make([]int, 0, len(in)+1)
	for _, b := range in {
		queue = append(queue, int(b))
	}
	if eof {
		queue = append(queue, eofByte)
	}
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		r, prepend, done := d.step(b)
		if len(prepend) > 0 {
			queue = append(prepend, queue...)
		}
		switch {
		case done:
			d.reset()
			return nil
		case r == utf8.RuneError:
			if fatal {
				d.reset()
				return errDecode
			}
			out.WriteRune(r)
		case r >= 0:
			out.WriteRune(r)
		}
	}
	return nil
}

// step handles one byte (or eofByte). It returns the code point to emit
// (-1: none, utf8.RuneError: an error), bytes to put back in front of the
// input, and whether decoding finished.
func (d *iso2022jpDecoder) step(b int) (r rune, prepend []int, done bool) {
	const none = -1
	switch d.state {
	case jpASCII, jpRoman:
		switch {
		case b == 0x1B:
			d.state = jpEscapeStart
			return none, nil, false
		case b == eofByte:
			return none, nil, true
		case b == 0x0E || b == 0x0F || b > 0x7F:
			d.outputFlag = false
			return utf8.RuneError, nil, false
		}
		d.outputFlag = false
		if d.state == jpRoman {
			switch b {
			case 0x5C:
				return 0xA5, nil, false
			case 0x7E:
				return 0x203E, nil, false
			}
		}
		return rune(b), nil, false
	case jpKatakana:
		switch {
		case b == 0x1B:
			d.state = jpEscapeStart
			return none, nil, false
		case b == eofByte:
			return none, nil, true
		case b >= 0x21 && b <= 0x5F:
			d.outputFlag = false
			return rune(0xFF61 - 0x21 + b), nil, false
		}
		d.outputFlag = false
		return utf8.RuneError, nil, false
	case jpLeadByte:
		switch {
		case b == 0x1B:
			d.state = jpEscapeStart
			return none, nil, false
		case b == eofByte:
			return none, nil, true
		case b >= 0x21 && b <= 0x7E:
			d.outputFlag = false
			d.lead = byte(b)
			d.state = jpTrailByte
			return none, nil, false
		}
		d.outputFlag = false
		return utf8.RuneError, nil, false
	case jpTrailByte:
		switch {
		case b == 0x1B:
			d.state = jpEscapeStart
			return utf8.RuneError, nil, false
		case b >= 0x21 && b <= 0x7E:
			d.state = jpLeadByte
			if cp, ok := jis0208(int(d.lead)-0x21, b-0x21); ok {
				return cp, nil, false
			}
			return utf8.RuneError, nil, false
		case b == eofByte:
			d.state = jpLeadByte
			return utf8.RuneError, []int{eofByte}, false
		}
		d.state = jpLeadByte
		return utf8.RuneError, nil, false
	case jpEscapeStart:
		if b == 0x24 || b == 0x28 {
			d.lead = byte(b)
			d.state = jpEscape
			return none, nil, false
		}
		d.outputFlag = false
		d.state = d.outputState
		return utf8.RuneError, []int{b}, false
	default: // jpEscape
		lead := d.lead
		d.lead = 0
		next, ok := jpASCII, true
		switch {
		case lead == 0x28 && b == 0x42:
			next = jpASCII
		case lead == 0x28 && b == 0x4A:
			next = jpRoman
		case lead == 0x28 && b == 0x49:
			next = jpKatakana
		case lead == 0x24 && (b == 0x40 || b == 0x42):
			next = jpLeadByte
		default:
			ok = false
		}
		if ok {
			d.state, d.outputState = next, next
			wasFlag := d.outputFlag
			d.outputFlag = true
			if wasFlag {
				return utf8.RuneError, nil, false
			}
			return none, nil, false
		}
		d.outputFlag = false
		d.state = d.outputState
		return utf8.RuneError, []int{int(lead), b}, false
	}
}

// jis0208 looks a (row, cell) pair up in the JIS X 0208 index, through
// x/text's EUC-JP decoder whose two-byte form is that index offset by 0xA1.
func jis0208(row, cell int) (rune, bool) {
	if row < 0 || row >= 94 || cell < 0 || cell >= 94 {
		return 0, false
	}
	t := jis0208Table()
	r := t[row*94+cell]
	return r, r != 0
}

// jis0208Table builds the JIS X 0208 index once: 0 marks an unmapped pointer.
var jis0208Table = sync.OnceValue(func() *[94 * 94]rune {
	var t [94 * 94]rune
	dec := japanese.EUCJP.NewDecoder()
	for p := range t {
		src := []byte{byte(0xA1 + p/94), byte(0xA1 + p%94)}
		out, err := dec.Bytes(src)
		if err != nil {
			continue
		}
		r, size := utf8.DecodeRune(out)
		if r != utf8.RuneError && size == len(out) {
			t[p] = r
		}
	}
	return &t
})
