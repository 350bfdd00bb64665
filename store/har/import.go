package har

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"edgeplay/store"
)

// Import reads a HAR log (1.x: HAR 1.2 and the 1.1 files of older tools)
// and returns its entries as exchanges, in file order.
//
// Files written by Export are restored exactly: each entry's "_edgeplay"
// field gives back every Exchange field, except ID and ReplayOf, which are
// always 0 because ids do not transfer between history databases (the
// exported ids stay in the file, as _edgeplay.id and _edgeplay.replayOf,
// for readers). Header names are kept as written. As the store does, empty
// bodies, headers, params, logs and chunks come back nil, and times in
// the local time zone.
//
// Entries written by other tools, such as a browser's "Save all as HAR",
// fill what HAR has: Start from startedDateTime, Duration from time,
// Method, URL, Status, headers, bodies (postData.text, or postData.params
// re-encoded as a form when there is no text; content.text, decoded when
// content.encoding is "base64"), Error from Chromium's response._error and
// Timings.FirstByte from the sum of the non-negative blocked, dns, connect,
// send and wait phases. Header names are canonicalized
// (http.CanonicalHeaderKey), and HTTP/2 and HTTP/3 pseudo-headers (names
// starting with ':', such as ":authority" and ":path") are dropped: they
// are not headers of the request Edgeplay would replay, and the URL and
// method carry their information. httpVersion ("HTTP/1.1", "h2",
// "http/2.0"…) and cookies (also in the Cookie and Set-Cookie headers) are
// not read, nor are other tools' custom fields (_initiator, _priority,
// _resourceType…). When content.size or request.bodySize is larger than
// the body in the file (content.text is absent when the browser did not
// keep the body), the exchange records that size and is marked truncated.
//
// Errors name what is wrong and where: the byte offset of invalid JSON, or
// the entry's index in log.entries (from 0) and the field.
func Import(r io.Reader) ([]store.Exchange, error) {
	var out []store.Exchange
	if _, err := ImportEach(r, func(e store.Exchange) error {
		out = append(out, e)
		return nil
	}); err != nil {
		return nil, err
	}
	if out == nil {
		out = []store.Exchange{}
	}
	return out, nil
}

// utf8BOM is the byte order mark some tools write before the JSON.
var utf8BOM = []byte("\xef\xbb\xbf")

// ImportEach reads a HAR log as Import does, but entry by entry, handing
// each exchange to fn as soon as it is read, so that a large file is never
// held in memory whole. It returns how many exchanges fn accepted. It
// stops at the first error — a malformed entry, or fn's — after the
// entries before it were handed over; an unsupported log.version written
// after the entries is found only once they were.
func ImportEach(r io.Reader, fn func(store.Exchange) error) (int, error) {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	dec := json.NewDecoder(br)
	n := 0
	fail := func(err error) (int, error) { return n, fmt.Errorf("import HAR: %w", err) }
	if err := expectDelim(dec, '{', "the top level"); err != nil {
		return fail(err)
	}
	sawLog, sawEntries := false, false
	for dec.More() {
		key, err := objectKey(dec)
		if err != nil {
			return fail(err)
		}
		if key != "log" {
			if err := skipValue(dec); err != nil {
				return fail(err)
			}
			continue
		}
		sawLog = true
		if err := expectDelim(dec, '{', "log"); err != nil {
			return fail(err)
		}
		for dec.More() {
			key, err := objectKey(dec)
			if err != nil {
				return fail(err)
			}
			switch key {
			case "version":
				var v *string
				if err := dec.Decode(&v); err != nil {
					return fail(jsonError(err, "not a HAR file: log.version: "))
				}
				if v != nil && *v != "" && !strings.HasPrefix(*v, "1.") {
					return fail(fmt.Errorf("unsupported HAR version %q (want 1.x)", *v))
				}
			case "entries":
				sawEntries = true
				if err := expectDelim(dec, '[', "log.entries"); err != nil {
					return fail(err)
				}
				for dec.More() {
					var raw json.RawMessage
					if err := dec.Decode(&raw); err != nil {
						return fail(jsonError(err, "not a HAR file: "))
					}
					e, err := importEntry(raw)
					if err != nil {
						return fail(fmt.Errorf("entry %d (log.entries[%d]): %w", n, n, err))
					}
					if err := fn(e); err != nil {
						return n, err
					}
					n++
				}
				if err := expectDelim(dec, ']', "log.entries"); err != nil {
					return fail(err)
				}
			default:
				if err := skipValue(dec); err != nil {
					return fail(err)
				}
			}
		}
		if err := expectDelim(dec, '}', "log"); err != nil {
			return fail(err)
		}
	}
	if err := expectDelim(dec, '}', "the top level"); err != nil {
		return fail(err)
	}
	switch {
	case !sawLog:
		return fail(errors.New("not a HAR file: missing log"))
	case !sawEntries:
		return fail(errors.New("not a HAR file: missing log.entries"))
	}
	return n, nil
}

// expectDelim reads the next token and requires it to be delim.
func expectDelim(dec *json.Decoder, delim json.Delim, what string) error {
	tok, err := dec.Token()
	if err != nil {
		return jsonError(err, "not a HAR file: ")
	}
	if d, ok := tok.(json.Delim); !ok || d != delim {
		kind := map[json.Delim]string{'{': "an object", '[': "an array", '}': "the end of an object", ']': "the end of an array"}[delim]
		return fmt.Errorf("not a HAR file: %s is not %s (byte offset %d)", what, kind, dec.InputOffset())
	}
	return nil
}

// objectKey reads the next key of an object.
func objectKey(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", jsonError(err, "not a HAR file: ")
	}
	key, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("invalid JSON at byte offset %d: expected an object key", dec.InputOffset())
	}
	return key, nil
}

// skipValue reads past one value the import does not use.
func skipValue(dec *json.Decoder) error {
	var skip json.RawMessage
	if err := dec.Decode(&skip); err != nil {
		return jsonError(err, "not a HAR file: ")
	}
	return nil
}

// jsonError words a decoding error with where it happened.
func jsonError(err error, typePrefix string) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("invalid JSON at byte offset %d: %w", syn.Offset, err)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "top level"
		}
		return fmt.Errorf("%s%s: JSON %s where %s was expected (byte offset %d)", typePrefix, field, typ.Value, goKind(typ.Type.String()), typ.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return fmt.Errorf("invalid JSON: unexpected end of input: %w", err)
	}
	return err
}

// goKind names a Go type the way a HAR author would.
func goKind(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "an array"
	case t == "string":
		return "a string"
	case t == "bool":
		return "a boolean"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "float"), strings.HasPrefix(t, "uint"):
		return "a number"
	}
	return "an object"
}

func importEntry(raw json.RawMessage) (store.Exchange, error) {
	var h harEntry
	if err := json.Unmarshal(raw, &h); err != nil {
		return store.Exchange{}, jsonError(err, "")
	}
	req, resp := h.Request, h.Response
	switch {
	case req == nil:
		return store.Exchange{}, errors.New("missing request")
	case resp == nil:
		return store.Exchange{}, errors.New("missing response")
	case req.Method == "":
		return store.Exchange{}, errors.New("missing request.method")
	}
	if u, err := url.Parse(req.URL); err != nil || !u.IsAbs() || u.Host == "" {
		return store.Exchange{}, fmt.Errorf("request.url %q is not an absolute URL", req.URL)
	}
	ep := h.Edgeplay
	e := store.Exchange{Method: req.Method, URL: req.URL, Status: resp.Status}
	var err error
	if e.RequestBody, err = postDataBody(req.PostData); err != nil {
		return store.Exchange{}, err
	}
	if e.ResponseBody, err = contentBody(resp.Content); err != nil {
		return store.Exchange{}, err
	}
	e.RequestHeaders = headerMap(req.Headers, ep == nil)
	e.ResponseHeaders = headerMap(resp.Headers, ep == nil)
	if ep != nil {
		if err := fromEdgeplay(&e, ep); err != nil {
			return store.Exchange{}, fmt.Errorf("_edgeplay: %w", err)
		}
		return e, nil
	}

	if h.StartedDateTime == "" {
		return store.Exchange{}, errors.New("missing startedDateTime")
	}
	if e.Start, err = parseTime(h.StartedDateTime); err != nil {
		return store.Exchange{}, fmt.Errorf("startedDateTime %q is not an ISO 8601 date and time", h.StartedDateTime)
	}
	if h.Time < 0 {
		return store.Exchange{}, fmt.Errorf("time %v is negative", h.Time)
	}
	e.Duration = fromMs(h.Time)
	if t := h.Timings; t != nil {
		var first float64
		for _, p := range []*float64{t.Blocked, t.DNS, t.Connect, t.Send, t.Wait} {
			if p != nil && *p > 0 {
				first += *p
			}
		}
		e.Timings.FirstByte = fromMs(first)
	}
	e.Error = resp.Error
	e.RequestBodySize, e.RequestBodyTruncated = browserSize(e.RequestBody, req.BodySize)
	var contentSize int64
	if resp.Content != nil {
		contentSize = resp.Content.Size
	}
	e.ResponseBodySize, e.ResponseBodyTruncated = browserSize(e.ResponseBody, contentSize)
	return e, nil
}

// browserSize is the full size of a body and whether the file holds less
// of it than that.
func browserSize(body []byte, size int64) (int64, bool) {
	if size > int64(len(body)) {
		return size, true
	}
	return int64(len(body)), false
}

func fromEdgeplay(e *store.Exchange, d *edgeplayData) error {
	var err error
	if e.Start, err = parseTime(d.Start); err != nil {
		return fmt.Errorf("start %q is not an RFC 3339 date and time", d.Start)
	}
	e.Duration = time.Duration(d.DurationNs)
	e.Route, e.File = d.Route, d.File
	if len(d.Params) > 0 {
		e.Params = d.Params
	}
	e.HandlerVersion, e.Mode, e.Error = d.HandlerVersion, d.Mode, d.Error
	e.Sim = d.Sim
	e.CPUTime = time.Duration(d.CPUNs)
	if d.CPUNs == 0 {
		e.CPUTime = fromMs(d.CPUMs)
	}
	for i, l := range d.Logs {
		t, err := parseTime(l.Time)
		if err != nil {
			return fmt.Errorf("logs[%d].time %q is not an RFC 3339 date and time", i, l.Time)
		}
		e.Logs = append(e.Logs, store.LogEntry{Time: t, Level: l.Level, Message: l.Message})
	}
	for _, c := range d.Chunks {
		e.Chunks = append(e.Chunks, store.Chunk{At: time.Duration(c.AtNs), Size: c.Size})
	}
	e.Timings = store.Timings{
		CompileWait:  time.Duration(d.Timings.CompileWaitNs),
		HandlerStart: time.Duration(d.Timings.HandlerStartNs),
		FirstByte:    time.Duration(d.Timings.FirstByteNs),
	}
	e.RequestBodySize, e.ResponseBodySize = d.RequestBodySize, d.ResponseBodySize
	e.RequestBodyTruncated, e.ResponseBodyTruncated = d.RequestBodyTruncated, d.ResponseBodyTruncated
	return nil
}

// parseTime parses an RFC 3339 time with any fraction of a second; the
// zero time stays zero, others are in the local time zone as the store
// returns them.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || t.IsZero() {
		return time.Time{}, err
	}
	return t.Local(), nil
}

// headerMap builds a header from HAR pairs, in order, leaving out
// pseudo-headers; browser names are canonicalized.
func headerMap(list []harNameValue, canonical bool) http.Header {
	if len(list) == 0 {
		return nil
	}
	h := make(http.Header, len(list))
	for _, nv := range list {
		if nv.Name == "" || nv.Name[0] == ':' {
			continue
		}
		name := nv.Name
		if canonical {
			name = http.CanonicalHeaderKey(name)
		}
		h[name] = append(h[name], nv.Value)
	}
	if len(h) == 0 {
		return nil
	}
	return h
}

func postDataBody(p *harPostData) ([]byte, error) {
	if p == nil {
		return nil, nil
	}
	if p.Text == nil {
		// A form given as params only.
		parts := make([]string, len(p.Params))
		for i, param := range p.Params {
			parts[i] = url.QueryEscape(param.Name) + "=" + url.QueryEscape(param.Value)
		}
		return nonEmpty([]byte(strings.Join(parts, "&"))), nil
	}
	encoding := p.Encoding
	if encoding == "" {
		encoding = p.AltEnc
	}
	b, err := decodeText(*p.Text, encoding)
	if err != nil {
		return nil, fmt.Errorf("request.postData: %w", err)
	}
	return b, nil
}

func contentBody(c *harContent) ([]byte, error) {
	if c == nil || c.Text == nil {
		return nil, nil
	}
	b, err := decodeText(*c.Text, c.Encoding)
	if err != nil {
		return nil, fmt.Errorf("response.content: %w", err)
	}
	return b, nil
}

func decodeText(text, encoding string) ([]byte, error) {
	switch strings.ToLower(encoding) {
	case "":
		return nonEmpty([]byte(text)), nil
	case "base64":
		b, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			// Some tools leave out the padding.
			var err2 error
			if b, err2 = base64.RawStdEncoding.DecodeString(strings.TrimRight(text, "=")); err2 != nil {
				return nil, fmt.Errorf("text is not valid base64: %w", err)
			}
		}
		return nonEmpty(b), nil
	}
	return nil, fmt.Errorf("encoding %q is not supported (only base64)", encoding)
}

func nonEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}
