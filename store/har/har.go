// Package har converts Edgeplay's request history to and from HAR 1.2, the
// HTTP Archive format of browsers' developer tools
// (http://www.softwareishard.com/blog/har-12-spec/).
//
// Export writes a complete HAR 1.2 log in which every standard field is
// filled from the exchange, and everything HAR has no field for (route,
// handler version, logs, chunks, exact nanosecond times, body sizes and
// truncation flags…) is kept in an "_edgeplay" custom field on each entry,
// as HAR allows for names starting with an underscore. Import reads such a
// file back into exchanges equal to the exported ones, and also reads HAR
// files written by browsers, filling what HAR has.
//
// Two extensions beyond HAR 1.2 are written:
//   - request.postData._encoding: "base64" when the request body is not
//     valid UTF-8 or contains a NUL byte, postData.text then being its
//     base64 form, mirroring response.content.encoding of HAR 1.2 (custom
//     fields start with "_", as the format asks; Import also reads a plain
//     "encoding", which other tools write).
//   - "_edgeplay" on each entry, an object with id, start (RFC 3339 with
//     nanoseconds), durationNs, route, file, params, handlerVersion, mode,
//     cpuMs and cpuNs, error, logs ([{time, level, message}]), chunks
//     ([{atNs, size}]), replayOf, timings ({compileWaitNs, handlerStartNs,
//     firstByteNs}), sim (the Vercel simulation's context), requestBodySize, responseBodySize,
//     requestBodyTruncated and responseBodyTruncated. Durations are integer
//     nanoseconds; empty fields are left out.
package har

import (
	"encoding/json"
	"math"
	"time"

	"edgeplay/store"
)

// Version is the HAR version written by Export.
const Version = "1.2"

// CreatorName is log.creator.name in exported files.
const CreatorName = "Edgeplay"

// ExportOptions configures Export.
type ExportOptions struct {
	// CreatorVersion is log.creator.version, Edgeplay's version; "" writes
	// "unknown".
	CreatorVersion string
	// Comment, when set, is written as log.comment.
	Comment string
}

// The HAR 1.2 objects. Optional fields carry omitempty; required ones do
// not, so that an exported file always has them.

// harFile is what Import decodes first: the entries stay raw so that each
// is decoded on its own and an error can name its index.
type harFile struct {
	Log *struct {
		Version *string           `json:"version"`
		Creator *harCreator       `json:"creator"`
		Entries []json.RawMessage `json:"entries"`
	} `json:"log"`
}

type harCreator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type harEntry struct {
	StartedDateTime string        `json:"startedDateTime"`
	Time            float64       `json:"time"`
	Request         *harRequest   `json:"request"`
	Response        *harResponse  `json:"response"`
	Cache           struct{}      `json:"cache"`
	Timings         *harTimings   `json:"timings"`
	ServerIPAddress string        `json:"serverIPAddress,omitempty"`
	Comment         string        `json:"comment,omitempty"`
	Edgeplay        *edgeplayData `json:"_edgeplay,omitempty"`
}

type harRequest struct {
	Method      string         `json:"method"`
	URL         string         `json:"url"`
	HTTPVersion string         `json:"httpVersion"`
	Cookies     []harCookie    `json:"cookies"`
	Headers     []harNameValue `json:"headers"`
	QueryString []harNameValue `json:"queryString"`
	PostData    *harPostData   `json:"postData,omitempty"`
	HeadersSize int64          `json:"headersSize"`
	BodySize    int64          `json:"bodySize"`
}

type harResponse struct {
	Status      int            `json:"status"`
	StatusText  string         `json:"statusText"`
	HTTPVersion string         `json:"httpVersion"`
	Cookies     []harCookie    `json:"cookies"`
	Headers     []harNameValue `json:"headers"`
	Content     *harContent    `json:"content"`
	RedirectURL string         `json:"redirectURL"`
	HeadersSize int64          `json:"headersSize"`
	BodySize    int64          `json:"bodySize"`
	// Error is Chromium's "_error" (e.g. "net::ERR_CONNECTION_REFUSED"),
	// read by Import into Exchange.Error when there is no _edgeplay.
	Error string `json:"_error,omitempty"`
}

type harCookie struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Path     string `json:"path,omitempty"`
	Domain   string `json:"domain,omitempty"`
	Expires  string `json:"expires,omitempty"`
	HTTPOnly bool   `json:"httpOnly,omitempty"`
	Secure   bool   `json:"secure,omitempty"`
}

type harNameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type harPostData struct {
	MimeType string     `json:"mimeType"`
	Params   []harParam `json:"params,omitempty"`
	Text     *string    `json:"text,omitempty"`
	Encoding string     `json:"encoding,omitempty"`  // read only: other tools' extension
	AltEnc   string     `json:"_encoding,omitempty"` // written for binary bodies
	Comment  string     `json:"comment,omitempty"`
}

type harParam struct {
	Name  string `json:"name"`
	Value string `json:"value,omitempty"`
}

type harContent struct {
	Size     int64   `json:"size"`
	MimeType string  `json:"mimeType"`
	Text     *string `json:"text,omitempty"`
	Encoding string  `json:"encoding,omitempty"`
	Comment  string  `json:"comment,omitempty"`
}

// harTimings are pointers so that Import can tell a missing phase from 0.
type harTimings struct {
	Blocked *float64 `json:"blocked,omitempty"`
	DNS     *float64 `json:"dns,omitempty"`
	Connect *float64 `json:"connect,omitempty"`
	Send    *float64 `json:"send"`
	Wait    *float64 `json:"wait"`
	Receive *float64 `json:"receive"`
	SSL     *float64 `json:"ssl,omitempty"`
}

// edgeplayData is the "_edgeplay" custom field of an exported entry: the
// Exchange fields HAR has no place for, and exact (nanosecond) forms of
// those HAR rounds. Durations are integer nanoseconds (names ending in
// "Ns"); cpuMs is the same CPU time in milliseconds, for readers.
type edgeplayData struct {
	ID             int64               `json:"id,omitempty"`
	Start          string              `json:"start"` // RFC 3339 with nanoseconds
	DurationNs     int64               `json:"durationNs"`
	Route          string              `json:"route,omitempty"`
	File           string              `json:"file,omitempty"`
	Params         map[string][]string `json:"params,omitempty"`
	HandlerVersion string              `json:"handlerVersion,omitempty"`
	Mode           string              `json:"mode,omitempty"`
	CPUMs          float64             `json:"cpuMs,omitempty"`
	CPUNs          int64               `json:"cpuNs,omitempty"`
	Error          string              `json:"error,omitempty"`
	Logs           []edgeplayLog       `json:"logs,omitempty"`
	Chunks         []edgeplayChunk     `json:"chunks,omitempty"`
	ReplayOf       int64               `json:"replayOf,omitempty"`
	Timings        edgeplayTimings     `json:"timings"`
	// Sim is the Vercel simulation's context (region, cache), when on.
	Sim *store.SimContext `json:"sim,omitempty"`

	RequestBodySize       int64 `json:"requestBodySize"`
	ResponseBodySize      int64 `json:"responseBodySize"`
	RequestBodyTruncated  bool  `json:"requestBodyTruncated,omitempty"`
	ResponseBodyTruncated bool  `json:"responseBodyTruncated,omitempty"`
}

type edgeplayTimings struct {
	CompileWaitNs  int64 `json:"compileWaitNs"`
	HandlerStartNs int64 `json:"handlerStartNs"`
	FirstByteNs    int64 `json:"firstByteNs"`
}

type edgeplayLog struct {
	Time    string `json:"time"` // RFC 3339 with nanoseconds
	Level   string `json:"level"`
	Message string `json:"message"`
}

type edgeplayChunk struct {
	AtNs int64 `json:"atNs"`
	Size int   `json:"size"`
}

// ms converts a duration to HAR's float milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// fromMs converts HAR's float milliseconds to a duration, rounded to the
// nanosecond.
func fromMs(v float64) time.Duration {
	return time.Duration(math.Round(v * float64(time.Millisecond)))
}
