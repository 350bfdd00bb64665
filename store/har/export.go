package har

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"edgeplay/store"
)

// startedFormat is HAR's startedDateTime: ISO 8601 (RFC 3339) with
// milliseconds, written in UTC.
const startedFormat = "2006-01-02T15:04:05.000Z07:00"

// Export writes exchanges, in the given order, to w as one HAR 1.2 log
// (UTF-8 JSON, indented). Entries are encoded one at a time, so memory
// stays bounded by the largest exchange rather than the whole history.
//
// Each entry has the required HAR fields: startedDateTime (UTC, with
// milliseconds), time, request (cookies from the Cookie header, headers
// sorted by name with repeated values as repeated entries, queryString
// from the URL, postData when there is a body, with params for
// application/x-www-form-urlencoded), response (statusText from
// http.StatusText, cookies from Set-Cookie, content with the full size and
// a comment when the stored body is a truncated prefix, redirectURL from
// Location), cache and timings. headersSize is -1 (the raw header block is
// not recorded) and httpVersion is "HTTP/1.1" (the protocol is not
// recorded). timings has blocked, dns and connect -1 (not applicable: the
// connection is not measured), send 0, wait the time to first byte
// (Timings.FirstByte, or the whole duration when it is unknown) and receive
// the rest, so that they sum to time as HAR 1.2 requires.
//
// A body that is not valid UTF-8 or contains a NUL byte is written in
// base64 with "encoding": "base64" (an extension for request.postData; see
// the package comment). Header values, URLs and messages that are not valid
// UTF-8 are written with U+FFFD replacements (JSON strings are Unicode), so
// only they do not round-trip through Import.
func Export(w io.Writer, exchanges []store.Exchange, opts ExportOptions) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	version := opts.CreatorVersion
	if version == "" {
		version = "unknown"
	}
	var head bytes.Buffer
	head.WriteString("{\n  \"log\": {\n    \"version\": \"" + Version + "\",\n")
	head.WriteString("    \"creator\": {\"name\": \"" + CreatorName + "\", \"version\": ")
	head.Write(jsonString(version))
	head.WriteString("},\n")
	if opts.Comment != "" {
		head.WriteString("    \"comment\": ")
		head.Write(jsonString(opts.Comment))
		head.WriteString(",\n")
	}
	head.WriteString("    \"entries\": [")
	if _, err := bw.Write(head.Bytes()); err != nil {
		return fmt.Errorf("export HAR: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("      ", "  ")
	for i := range exchanges {
		buf.Reset()
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString("\n      ")
		if err := enc.Encode(entryOf(&exchanges[i])); err != nil {
			return fmt.Errorf("export HAR: entry %d (exchange %d): %w", i, exchanges[i].ID, err)
		}
		buf.Truncate(buf.Len() - 1) // the Encoder's newline
		if _, err := bw.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("export HAR: %w", err)
		}
	}
	if len(exchanges) > 0 {
		bw.WriteString("\n    ")
	}
	bw.WriteString("]\n  }\n}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export HAR: %w", err)
	}
	return nil
}

// jsonString is s as a JSON string literal.
func jsonString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func entryOf(e *store.Exchange) *harEntry {
	total := max(e.Duration, 0)
	wait := e.Timings.FirstByte
	if wait <= 0 || wait > total {
		wait = total
	}
	neg, send := -1.0, 0.0
	waitMs, receiveMs := ms(wait), ms(total-wait)
	return &harEntry{
		StartedDateTime: e.Start.UTC().Format(startedFormat),
		// The sum, rather than ms(total), so that the timings add up to
		// time exactly despite floating-point rounding.
		Time:     waitMs + receiveMs,
		Request:  requestOf(e),
		Response: responseOf(e),
		Timings: &harTimings{
			Blocked: &neg, DNS: &neg, Connect: &neg,
			Send: &send, Wait: &waitMs, Receive: &receiveMs,
		},
		Edgeplay: edgeplayOf(e),
	}
}

func requestOf(e *store.Exchange) *harRequest {
	r := &harRequest{
		Method:      e.Method,
		URL:         e.URL,
		HTTPVersion: "HTTP/1.1",
		Cookies:     requestCookies(e.RequestHeaders),
		Headers:     headerList(e.RequestHeaders),
		QueryString: queryList(e.URL),
		HeadersSize: -1,
		BodySize:    fullSize(e.RequestBody, e.RequestBodySize),
	}
	if len(e.RequestBody) > 0 || e.RequestBodyTruncated {
		mimeType := headerValue(e.RequestHeaders, "Content-Type")
		text, encoding := bodyText(e.RequestBody)
		r.PostData = &harPostData{
			MimeType: mimeType,
			Text:     &text,
			AltEnc:   encoding, // "_encoding": HAR 1.2 has no postData encoding
			Comment:  truncatedComment(e.RequestBody, r.BodySize, e.RequestBodyTruncated),
		}
		if encoding == "" && mediaType(mimeType) == "application/x-www-form-urlencoded" {
			for _, p := range splitQuery(text) {
				r.PostData.Params = append(r.PostData.Params, harParam(p))
			}
		}
	}
	return r
}

func responseOf(e *store.Exchange) *harResponse {
	size := fullSize(e.ResponseBody, e.ResponseBodySize)
	text, encoding := bodyText(e.ResponseBody)
	c := &harContent{
		Size:     size,
		MimeType: headerValue(e.ResponseHeaders, "Content-Type"),
		Encoding: encoding,
		Comment:  truncatedComment(e.ResponseBody, size, e.ResponseBodyTruncated),
	}
	if len(e.ResponseBody) > 0 {
		c.Text = &text
	}
	return &harResponse{
		Status:      e.Status,
		StatusText:  http.StatusText(e.Status),
		HTTPVersion: "HTTP/1.1",
		Cookies:     responseCookies(e.ResponseHeaders),
		Headers:     headerList(e.ResponseHeaders),
		Content:     c,
		RedirectURL: headerValue(e.ResponseHeaders, "Location"),
		HeadersSize: -1,
		BodySize:    size,
	}
}

func edgeplayOf(e *store.Exchange) *edgeplayData {
	d := &edgeplayData{
		ID:             e.ID,
		Start:          formatTime(e.Start),
		DurationNs:     int64(e.Duration),
		Route:          e.Route,
		File:           e.File,
		Params:         e.Params,
		HandlerVersion: e.HandlerVersion,
		Mode:           e.Mode,
		CPUMs:          ms(e.CPUTime),
		CPUNs:          int64(e.CPUTime),
		Error:          e.Error,
		ReplayOf:       e.ReplayOf,
		Sim:            e.Sim,
		Timings: edgeplayTimings{
			CompileWaitNs:  int64(e.Timings.CompileWait),
			HandlerStartNs: int64(e.Timings.HandlerStart),
			FirstByteNs:    int64(e.Timings.FirstByte),
		},
		RequestBodySize:       e.RequestBodySize,
		ResponseBodySize:      e.ResponseBodySize,
		RequestBodyTruncated:  e.RequestBodyTruncated,
		ResponseBodyTruncated: e.ResponseBodyTruncated,
	}
	for _, l := range e.Logs {
		d.Logs = append(d.Logs, edgeplayLog{Time: formatTime(l.Time), Level: l.Level, Message: l.Message})
	}
	for _, c := range e.Chunks {
		d.Chunks = append(d.Chunks, edgeplayChunk{AtNs: int64(c.At), Size: c.Size})
	}
	return d
}

// formatTime is t in UTC with nanoseconds; Import restores the instant.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// fullSize is the body's full size: the recorded size, or the stored
// length when that is larger (a recorder may leave the size zero).
func fullSize(body []byte, size int64) int64 { return max(size, int64(len(body))) }

func truncatedComment(body []byte, size int64, truncated bool) string {
	if !truncated && size <= int64(len(body)) {
		return ""
	}
	return fmt.Sprintf("body truncated at %d of %d bytes: the text is only the stored prefix", len(body), size)
}

// isText reports whether body can be a HAR text as it is: valid UTF-8
// without NUL bytes.
func isText(body []byte) bool {
	return utf8.Valid(body) && bytes.IndexByte(body, 0) < 0
}

// bodyText is body as HAR text and its encoding ("" or "base64").
func bodyText(body []byte) (text, encoding string) {
	if isText(body) {
		return string(body), ""
	}
	return base64.StdEncoding.EncodeToString(body), "base64"
}

// headerList is h as HAR name/value pairs, sorted by name, each value of
// a repeated header its own pair in recorded order.
func headerList(h http.Header) []harNameValue {
	names := make([]string, 0, len(h))
	n := 0
	for name, values := range h {
		names = append(names, name)
		n += len(values)
	}
	sort.Strings(names)
	list := make([]harNameValue, 0, n)
	for _, name := range names {
		for _, v := range h[name] {
			list = append(list, harNameValue{Name: name, Value: v})
		}
	}
	return list
}

// headerValues are the values of the header name, matched without regard
// to case (recorded names need not be canonical).
func headerValues(h http.Header, name string) []string {
	if v, ok := h[name]; ok {
		return v
	}
	var out []string
	for k, v := range h {
		if strings.EqualFold(k, name) {
			out = append(out, v...)
		}
	}
	return out
}

func headerValue(h http.Header, name string) string {
	if v := headerValues(h, name); len(v) > 0 {
		return v[0]
	}
	return ""
}

func mediaType(contentType string) string {
	t, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(contentType))
	}
	return t
}

// queryList is the URL's query as HAR name/value pairs, in order.
func queryList(rawURL string) []harNameValue {
	list := []harNameValue{}
	u, err := url.Parse(rawURL)
	if err != nil {
		return list
	}
	return append(list, splitQuery(u.RawQuery)...)
}

// splitQuery splits an application/x-www-form-urlencoded string into
// decoded pairs in order (url.ParseQuery loses the order); a part that
// does not decode is kept as it is.
func splitQuery(q string) []harNameValue {
	var list []harNameValue
	for part := range strings.SplitSeq(q, "&") {
		if part == "" {
			continue
		}
		name, value, _ := strings.Cut(part, "=")
		list = append(list, harNameValue{Name: unescape(name), Value: unescape(value)})
	}
	return list
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// requestCookies parses the Cookie headers leniently: each "name=value"
// pair separated by ";".
func requestCookies(h http.Header) []harCookie {
	list := []harCookie{}
	for _, line := range headerValues(h, "Cookie") {
		for part := range strings.SplitSeq(line, ";") {
			name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
			if !ok && name == "" {
				continue
			}
			list = append(list, harCookie{Name: name, Value: strings.Trim(value, `"`)})
		}
	}
	return list
}

// responseCookies parses the Set-Cookie headers; one that does not parse
// is left out (it is still among the headers).
func responseCookies(h http.Header) []harCookie {
	list := []harCookie{}
	for _, line := range headerValues(h, "Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err != nil {
			continue
		}
		hc := harCookie{Name: c.Name, Value: c.Value, Path: c.Path, Domain: c.Domain, HTTPOnly: c.HttpOnly, Secure: c.Secure}
		if !c.Expires.IsZero() {
			hc.Expires = c.Expires.UTC().Format(startedFormat)
		}
		list = append(list, hc)
	}
	return list
}
