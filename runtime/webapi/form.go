package webapi

// application/x-www-form-urlencoded (URL Standard §5) and multipart/form-data
// bodies for URLSearchParams, FormData and the Body mixin.

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strings"
)

// parseForm is the application/x-www-form-urlencoded parser; it returns
// name/value pairs flattened (n0, v0, n1, v1, ...).
func parseForm(input string) []string {
	var out []string
	for len(input) > 0 {
		var seq string
		if i := strings.IndexByte(input, '&'); i >= 0 {
			seq, input = input[:i], input[i+1:]
		} else {
			seq, input = input, ""
		}
		if seq == "" {
			continue
		}
		name, value := seq, ""
		if i := strings.IndexByte(seq, '='); i >= 0 {
			name, value = seq[:i], seq[i+1:]
		}
		out = append(out, formDecode(name), formDecode(value))
	}
	return out
}

func formDecode(s string) string {
	if !strings.ContainsAny(s, "+%") {
		return s
	}
	return decodeUTF8NoBOM(percentDecode(strings.ReplaceAll(s, "+", " ")))
}

// serializeForm is the application/x-www-form-urlencoded serializer over
// flattened pairs.
func serializeForm(pairs []string) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if i > 0 {
			b.WriteByte('&')
		}
		formEncode(&b, pairs[i])
		b.WriteByte('=')
		formEncode(&b, pairs[i+1])
	}
	return b.String()
}

func formEncode(b *strings.Builder, s string) {
	for _, c := range s {
		if c == ' ' {
			b.WriteByte('+')
			continue
		}
		appendPercentEncoded(b, c, inFormSet)
	}
}

// formPart is one entry of a multipart/form-data body.
type formPart struct {
	name        string
	isFile      bool
	filename    string
	contentType string
	data        []byte // file contents, or the UTF-8 value
}

// normalizeNewlines turns every CR, LF and CRLF into CRLF, as the HTML
// Standard's "convert to a list of name-value pairs" does for entry names
// and string values (not for filenames).
func normalizeNewlines(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

// multipartEscaper escapes a name or filename in a Content-Disposition
// header as the HTML Standard's multipart/form-data encoding does.
var multipartEscaper = strings.NewReplacer("\n", "%0A", "\r", "%0D", "\"", "%22")

// encodeMultipart serialises parts as multipart/form-data and returns the
// body with its boundary.
func encodeMultipart(parts []formPart) ([]byte, string, error) {
	var rnd [12]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return nil, "", fmt.Errorf("multipart boundary: %w", err)
	}
	boundary := "----formdata-edgeplay-" + hex.EncodeToString(rnd[:])
	var b bytes.Buffer
	for _, p := range parts {
		b.WriteString("--" + boundary + "\r\n")
		b.WriteString(`Content-Disposition: form-data; name="` + multipartEscaper.Replace(normalizeNewlines(p.name)) + `"`)
		if p.isFile {
			b.WriteString(`; filename="` + multipartEscaper.Replace(p.filename) + `"`)
			ct := p.contentType
			if ct == "" {
				ct = "application/octet-stream"
			}
			b.WriteString("\r\nContent-Type: " + ct)
		}
		b.WriteString("\r\n\r\n")
		if p.isFile {
			b.Write(p.data)
		} else {
			b.WriteString(normalizeNewlines(string(p.data)))
		}
		b.WriteString("\r\n")
	}
	// No CRLF after the closing delimiter, as the Edge Runtime's undici
	// writes it (observed on Next.js 15.5 by test/nextjs-diff).
	b.WriteString("--" + boundary + "--")
	return b.Bytes(), boundary, nil
}

// decodeMultipart parses a multipart/form-data body given the request's
// Content-Type header value.
func decodeMultipart(body []byte, contentType string) ([]formPart, error) {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, fmt.Errorf("parse content-type: %w", err)
	}
	boundary := params["boundary"]
	if boundary == "" {
		return nil, fmt.Errorf("multipart body without boundary")
	}
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	var parts []formPart
	for {
		p, err := r.NextRawPart()
		if err == io.EOF {
			return parts, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read multipart part: %w", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, fmt.Errorf("read multipart part: %w", err)
		}
		_, dp, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		if err != nil {
			return nil, fmt.Errorf("parse content-disposition: %w", err)
		}
		fp := formPart{name: dp["name"], data: data}
		if fn, ok := dp["filename"]; ok {
			fp.isFile, fp.filename = true, fn
			fp.contentType = textproto.MIMEHeader(p.Header).Get("Content-Type")
			if fp.contentType == "" {
				fp.contentType = "text/plain"
			}
		}
		parts = append(parts, fp)
	}
}
