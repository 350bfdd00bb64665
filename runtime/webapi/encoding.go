package webapi

// Encoding Standard pieces done in Go: the UTF-8 and UTF-16 decoders exactly
// as https://encoding.spec.whatwg.org/ specifies them (error handling by
// maximal subpart, which Go's unicode/utf8 does differently), legacy
// encodings through golang.org/x/text/encoding/htmlindex, UTF-8 encoding and
// forgiving base64 for atob/btoa.

import (
	"encoding/base64"
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"
)

// errDecode reports malformed input to a fatal decoder.
var errDecode = errors.New("the encoded data was not valid")

// codeDecoder is the streaming part of one encoding's decoder.
type codeDecoder interface {
	// decode appends the decoding of in to out; at eof it flushes pending
	// state. With fatal set it stops at the first error and returns errDecode.
	decode(out *strings.Builder, in []byte, eof, fatal bool) error
	reset()
}

// utf8Decoder is the Encoding Standard's UTF-8 decoder.
type utf8Decoder struct {
	cp, seen, needed int
	lower, upper     byte
}

func (d *utf8Decoder) reset() { *d = utf8Decoder{lower: 0x80, upper: 0xBF} }

func (d *utf8Decoder) decode(out *strings.Builder, in []byte, eof, fatal bool) error {
	if d.lower == 0 {
		d.reset()
	}
	for i := 0; i < len(in); i++ {
		b := in[i]
		if d.needed == 0 {
			switch {
			case b <= 0x7F:
				out.WriteByte(b)
			case b >= 0xC2 && b <= 0xDF:
				d.needed, d.cp = 1, int(b&0x1F)
			case b >= 0xE0 && b <= 0xEF:
				if b == 0xE0 {
					d.lower = 0xA0
				} else if b == 0xED {
					d.upper = 0x9F
				}
				d.needed, d.cp = 2, int(b&0xF)
			case b >= 0xF0 && b <= 0xF4:
				if b == 0xF0 {
					d.lower = 0x90
				} else if b == 0xF4 {
					d.upper = 0x8F
				}
				d.needed, d.cp = 3, int(b&7)
			default:
				if fatal {
					return errDecode
				}
				out.WriteRune(utf8.RuneError)
			}
			continue
		}
		if b < d.lower || b > d.upper {
			d.reset()
			if fatal {
				return errDecode
			}
			out.WriteRune(utf8.RuneError)
			i-- // reprocess b
			continue
		}
		d.lower, d.upper = 0x80, 0xBF
		d.cp = d.cp<<6 | int(b&0x3F)
		d.seen++
		if d.seen == d.needed {
			out.WriteRune(rune(d.cp))
			d.cp, d.seen, d.needed = 0, 0, 0
		}
	}
	if eof && d.needed != 0 {
		d.reset()
		if fatal {
			return errDecode
		}
		out.WriteRune(utf8.RuneError)
	}
	return nil
}

// utf16Decoder is the Encoding Standard's shared UTF-16 decoder.
type utf16Decoder struct {
	bigEndian bool
	lead      int // -1: none
	surrogate int // -1: none
}

func (d *utf16Decoder) reset() { d.lead, d.surrogate = -1, -1 }

func (d *utf16Decoder) decode(out *strings.Builder, in []byte, eof, fatal bool) error {
	fail := func() error {
		if fatal {
			return errDecode
		}
		out.WriteRune(utf8.RuneError)
		return nil
	}
	for _, b := range in {
		if d.lead < 0 {
			d.lead = int(b)
			continue
		}
		var cu int
		if d.bigEndian {
			cu = d.lead<<8 | int(b)
		} else {
			cu = int(b)<<8 | d.lead
		}
		d.lead = -1
		if d.surrogate >= 0 {
			ls := d.surrogate
			d.surrogate = -1
			if cu >= 0xDC00 && cu <= 0xDFFF {
				out.WriteRune(rune(0x10000 + (ls-0xD800)<<10 + (cu - 0xDC00)))
				continue
			}
			if err := fail(); err != nil {
				return err
			}
			// cu is processed afresh below
		}
		switch {
		case cu >= 0xD800 && cu <= 0xDBFF:
			d.surrogate = cu
		case cu >= 0xDC00 && cu <= 0xDFFF:
			if err := fail(); err != nil {
				return err
			}
		default:
			out.WriteRune(rune(cu))
		}
	}
	if eof && (d.lead >= 0 || d.surrogate >= 0) {
		d.reset()
		return fail()
	}
	return nil
}

// singleByteDecoder decodes a single-byte legacy encoding through a table
// built from golang.org/x/text's charmap. Where x/text leaves 0x80–0x9F
// undefined, the WHATWG indexes map those bytes to the C1 controls
// U+0080–U+009F, so the table does too.
type singleByteDecoder struct {
	table *[128]rune // bytes 0x80–0xFF; utf8.RuneError: unmapped
}

func newSingleByteDecoder(cm *charmap.Charmap) *singleByteDecoder {
	var t [128]rune
	for i := range t {
		b := byte(0x80 + i)
		r := cm.DecodeByte(b)
		if r == utf8.RuneError && b <= 0x9F {
			r = rune(b)
		}
		t[i] = r
	}
	return &singleByteDecoder{table: &t}
}

func (d *singleByteDecoder) reset() {}

func (d *singleByteDecoder) decode(out *strings.Builder, in []byte, eof, fatal bool) error {
	for _, b := range in {
		if b < 0x80 {
			out.WriteByte(b)
			continue
		}
		r := d.table[b-0x80]
		if r == utf8.RuneError && fatal {
			return errDecode
		}
		out.WriteRune(r)
	}
	return nil
}

// legacyDecoder wraps a golang.org/x/text decoder for the other encodings.
// In fatal mode a U+FFFD in the output counts as an error (no legacy
// single-byte or CJK table maps a valid sequence to U+FFFD except gb18030's
// one code point for it).
type legacyDecoder struct {
	enc     encoding.Encoding
	t       transform.Transformer
	pending []byte
}

func (d *legacyDecoder) reset() { d.t = d.enc.NewDecoder(); d.pending = nil }

func (d *legacyDecoder) decode(out *strings.Builder, in []byte, eof, fatal bool) error {
	if d.t == nil {
		d.reset()
	}
	src := append(d.pending, in...)
	d.pending = nil
	dst := make([]byte, 4*len(src)+16)
	for {
		nDst, nSrc, err := d.t.Transform(dst, src, eof)
		chunk := dst[:nDst]
		if fatal && strings.ContainsRune(string(chunk), utf8.RuneError) {
			d.reset()
			return errDecode
		}
		out.Write(chunk)
		src = src[nSrc:]
		switch {
		case err == transform.ErrShortDst:
			dst = make([]byte, 2*len(dst))
			continue
		case err == transform.ErrShortSrc && !eof:
			d.pending = append([]byte(nil), src...)
		case err != nil && len(src) > 0:
			if fatal {
				d.reset()
				return errDecode
			}
			out.WriteRune(utf8.RuneError)
		}
		if eof {
			d.reset()
		}
		return nil
	}
}

// textDecoder is the Go side of one JS TextDecoder.
type textDecoder struct {
	name      string // the encoding's name, lowercase, as TextDecoder.encoding reports it
	fatal     bool
	ignoreBOM bool
	bomSeen   bool
	streaming bool // the last call had stream: true
	dec       codeDecoder
}

// newTextDecoder resolves label as the Encoding Standard's "get an encoding"
// does; ok is false for unknown labels and for the replacement encoding.
func newTextDecoder(label string, fatal, ignoreBOM bool) (*textDecoder, bool) {
	label = strings.ToLower(strings.Trim(label, "\t\n\f\r "))
	for _, r := range label {
		// Labels are ASCII words; htmlindex would trim other white space.
		if r <= ' ' || r >= 0x7F {
			return nil, false
		}
	}
	d := &textDecoder{fatal: fatal, ignoreBOM: ignoreBOM}
	switch label {
	case "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8":
		d.name, d.dec = "utf-8", &utf8Decoder{}
	case "unicodefffe", "utf-16be":
		d.name, d.dec = "utf-16be", &utf16Decoder{bigEndian: true, lead: -1, surrogate: -1}
	case "csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le":
		d.name, d.dec = "utf-16le", &utf16Decoder{lead: -1, surrogate: -1}
	default:
		enc, err := htmlindex.Get(label)
		if err != nil || enc == encoding.Replacement {
			return nil, false
		}
		name, err := htmlindex.Name(enc)
		if err != nil || name == "replacement" {
			return nil, false
		}
		d.name = strings.ToLower(name)
		if d.name == "iso-8859-8-i" {
			enc = charmap.ISO8859_8 // the same table; x/text wraps it in another type
		}
		if cm, ok := enc.(*charmap.Charmap); ok {
			d.dec = newSingleByteDecoder(cm)
		} else if d.name == "iso-2022-jp" {
			d.dec = &iso2022jpDecoder{}
		} else {
			d.dec = &legacyDecoder{enc: enc}
		}
	}
	d.dec.reset()
	return d, true
}

// decode implements TextDecoder.decode(input, {stream}).
func (d *textDecoder) decode(in []byte, stream bool) (string, error) {
	if !d.streaming {
		d.dec.reset()
		d.bomSeen = false
	}
	d.streaming = stream
	var s string
	if u, ok := d.dec.(*utf8Decoder); ok && u.needed == 0 && utf8.Valid(in) {
		s = string(in) // fast path: nothing pending, nothing to replace
	} else {
		var out strings.Builder
		out.Grow(len(in))
		if err := d.dec.decode(&out, in, !stream, d.fatal); err != nil {
			d.streaming = false
			return "", err
		}
		s = out.String()
	}
	if !d.ignoreBOM && !d.bomSeen && (d.name == "utf-8" || d.name == "utf-16le" || d.name == "utf-16be") {
		if s != "" {
			d.bomSeen = true
			s = strings.TrimPrefix(s, "\uFEFF")
		}
	}
	return s, nil
}

// decodeUTF8 is "UTF-8 decode": BOM stripped, errors replaced by U+FFFD.
func decodeUTF8(b []byte) string {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		b = b[3:]
	}
	return decodeUTF8NoBOM(b)
}

// decodeUTF8NoBOM is "UTF-8 decode without BOM".
func decodeUTF8NoBOM(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var out strings.Builder
	out.Grow(len(b) + 8)
	var d utf8Decoder
	_ = d.decode(&out, b, true, false)
	return out.String()
}

// encodeInto UTF-8 encodes as much of s as fits in dst, never splitting a
// code point; read counts UTF-16 code units of s.
func encodeInto(s string, dst []byte) (read, written int) {
	for _, r := range s {
		n := utf8.RuneLen(r)
		if n < 0 { // cannot happen for strings from goja, which are valid UTF-8
			r, n = utf8.RuneError, 3
		}
		if written+n > len(dst) {
			break
		}
		utf8.EncodeRune(dst[written:], r)
		written += n
		if r >= 0x10000 {
			read += 2
		} else {
			read++
		}
	}
	return read, written
}

// atobDecode is forgiving-base64 decode; ok is false where atob throws.
func atobDecode(s string) ([]byte, bool) {
	if strings.ContainsAny(s, "\t\n\f\r ") {
		s = strings.Map(func(r rune) rune {
			switch r {
			case '\t', '\n', '\f', '\r', ' ':
				return -1
			}
			return r
		}, s)
	}
	if len(s)%4 == 0 {
		if strings.HasSuffix(s, "==") {
			s = s[:len(s)-2]
		} else if strings.HasSuffix(s, "=") {
			s = s[:len(s)-1]
		}
	}
	if len(s)%4 == 1 {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
			return nil, false
		}
	}
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	return b, true
}

// latin1String returns the string whose code units are the bytes of b.
func latin1String(b []byte) string {
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) * 2)
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// btoaEncode base64-encodes the code units of s; ok is false if one exceeds U+00FF.
func btoaEncode(s string) (string, bool) {
	buf := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			return "", false
		}
		buf = append(buf, byte(r))
	}
	return base64.StdEncoding.EncodeToString(buf), true
}
