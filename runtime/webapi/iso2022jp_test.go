package webapi

import (
	"strings"
	"testing"
)

func TestISO2022JPDecoder(t *testing.T) {
	tests := []struct {
		name  string
		in    []byte
		want  string
		fatal bool // the fatal decoder must fail on this input
	}{
		{"ascii", []byte("Hi"), "Hi", false},
		{"roman maps yen and overline", []byte("\x1b(J\\]~"), "¥]‾", false},
		{"katakana", []byte("\x1b(I!"), "｡", false},
		{"double-byte", []byte("\x1b$B0!"), "亜", false},
		{"SO and SI are errors", []byte("\x0e\x0f"), "\ufffd\ufffd", true},
		{"escape to the state in force twice", []byte("\x1b(B\x1b(BP"), "\ufffdP", true},
		{"escape inside a double-byte pair", []byte("\x1b$B0\x1b(BP"), "\ufffdP", true},
		{"truncated escape at the end", []byte("a\x1b$"), "a\ufffd$", true},
		{"lone lead byte at the end", []byte("\x1b$B0"), "\ufffd", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			d := &iso2022jpDecoder{}
			if err := d.decode(&out, tt.in, true, false); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want {
				t.Errorf("decode(%q) = %q, want %q", tt.in, out.String(), tt.want)
			}
			out.Reset()
			d.reset()
			err := d.decode(&out, tt.in, true, true)
			if (err != nil) != tt.fatal {
				t.Errorf("fatal decode(%q) error = %v, want error %v", tt.in, err, tt.fatal)
			}
		})
	}
	t.Run("state carries across chunks", func(t *testing.T) {
		var out strings.Builder
		d := &iso2022jpDecoder{}
		for _, chunk := range []string{"\x1b", "$", "B0", "!"} {
			if err := d.decode(&out, []byte(chunk), false, true); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.decode(&out, nil, true, true); err != nil {
			t.Fatal(err)
		}
		if out.String() != "亜" {
			t.Errorf("got %q, want 亜", out.String())
		}
	})
}
