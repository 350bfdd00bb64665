package webapi

// A WHATWG URL parser (https://url.spec.whatwg.org/), written in Go rather
// than bundled from whatwg-url because URL parsing sits on the request path
// (every Request, every fetch, every NextURL) and must be fast; fidelity is
// measured against the WPT url/ suite (see url_test.go).
//
// Scope: the full basic URL parser state machine with state overrides (used by
// the URL setters), hosts (domains through UTS #46, IPv4 with hex/octal parts,
// IPv6, opaque hosts), the percent-encode sets and the serialisers. Only UTF-8
// is supported as the query encoding, which is all the URL API ever uses.

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// urlRecord is a parsed URL as the URL Standard defines it.
type urlRecord struct {
	scheme   string
	username string
	password string
	hasHost  bool   // false: host is null
	host     string // serialised host (domain, IPv4, "[IPv6]", opaque host or "")
	port     int    // -1: null
	path     []string
	opaque   bool   // the URL has an opaque path (path is then opaquePath)
	opqPath  string // the opaque path
	hasQuery bool
	query    string
	hasFrag  bool
	fragment string
}

// parserState is a state of the basic URL parser.
type parserState int

const (
	stNone parserState = iota
	stSchemeStart
	stScheme
	stNoScheme
	stSpecialRelativeOrAuthority
	stPathOrAuthority
	stRelative
	stRelativeSlash
	stSpecialAuthoritySlashes
	stSpecialAuthorityIgnoreSlashes
	stAuthority
	stHost
	stHostname
	stPort
	stFile
	stFileSlash
	stFileHost
	stPathStart
	stPath
	stOpaquePath
	stQuery
	stFragment
)

// specialPorts maps each special scheme to its default port (-1: none).
var specialPorts = map[string]int{"ftp": 21, "file": -1, "http": 80, "https": 443, "ws": 80, "wss": 443}

func isSpecialScheme(s string) bool { _, ok := specialPorts[s]; return ok }

func defaultPort(s string) int {
	if p, ok := specialPorts[s]; ok {
		return p
	}
	return -1
}

func (u *urlRecord) special() bool { return isSpecialScheme(u.scheme) }

func (u *urlRecord) includesCredentials() bool { return u.username != "" || u.password != "" }

func (u *urlRecord) cannotHaveUsernamePasswordPort() bool {
	return !u.hasHost || u.host == "" || u.scheme == "file"
}

func (u *urlRecord) clone() *urlRecord {
	c := *u
	c.path = append([]string(nil), u.path...)
	return &c
}

func (u *urlRecord) shortenPath() {
	if u.scheme == "file" && len(u.path) == 1 && isNormalizedWindowsDriveLetter(u.path[0]) {
		return
	}
	if len(u.path) > 0 {
		u.path = u.path[:len(u.path)-1]
	}
}

// percent-encode sets, as predicates over code points.

func inC0ControlSet(c rune) bool { return c < 0x20 || c > 0x7E }

func inFragmentSet(c rune) bool {
	return inC0ControlSet(c) || c == ' ' || c == '"' || c == '<' || c == '>' || c == '`'
}

func inQuerySet(c rune) bool {
	return inC0ControlSet(c) || c == ' ' || c == '"' || c == '#' || c == '<' || c == '>'
}

func inSpecialQuerySet(c rune) bool { return inQuerySet(c) || c == '\'' }

func inPathSet(c rune) bool {
	return inQuerySet(c) || c == '?' || c == '^' || c == '`' || c == '{' || c == '}'
}

func inUserinfoSet(c rune) bool {
	return inPathSet(c) || c == '/' || c == ':' || c == ';' || c == '=' || c == '@' ||
		(c >= '[' && c <= '^') || c == '|'
}

func inComponentSet(c rune) bool {
	return inUserinfoSet(c) || (c >= '$' && c <= '&') || c == '+' || c == ','
}

func inFormSet(c rune) bool {
	return inComponentSet(c) || c == '!' || (c >= '\'' && c <= ')') || c == '~'
}

const upperHex = "0123456789ABCDEF"

// appendPercentEncoded UTF-8 percent-encodes c with the set inSet.
func appendPercentEncoded(b *strings.Builder, c rune, inSet func(rune) bool) {
	if !inSet(c) {
		b.WriteRune(c)
		return
	}
	var buf [4]byte
	n := utf8.EncodeRune(buf[:], c)
	for _, x := range buf[:n] {
		b.WriteByte('%')
		b.WriteByte(upperHex[x>>4])
		b.WriteByte(upperHex[x&15])
	}
}

func percentEncodeString(s string, inSet func(rune) bool) string {
	for _, c := range s {
		if inSet(c) {
			var b strings.Builder
			for _, c := range s {
				appendPercentEncoded(&b, c, inSet)
			}
			return b.String()
		}
	}
	return s
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// percentDecode percent-decodes the bytes of s (invalid sequences are kept).
func percentDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) {
			h, ok1 := unhex(s[i+1])
			l, ok2 := unhex(s[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|l)
				i += 2
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

func isASCIIAlpha(c rune) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
func isASCIIDigit(c rune) bool { return c >= '0' && c <= '9' }
func isASCIIHexDigit(c rune) bool {
	return isASCIIDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}
func isASCIIAlnum(c rune) bool { return isASCIIAlpha(c) || isASCIIDigit(c) }

func toLowerASCII(c rune) rune {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}

func isWindowsDriveLetter(s string) bool {
	return len(s) == 2 && isASCIIAlpha(rune(s[0])) && (s[1] == ':' || s[1] == '|')
}

func isNormalizedWindowsDriveLetter(s string) bool {
	return len(s) == 2 && isASCIIAlpha(rune(s[0])) && s[1] == ':'
}

// startsWithWindowsDriveLetter reports whether in[i:] starts with a Windows drive letter.
func startsWithWindowsDriveLetter(in []rune, i int) bool {
	if len(in)-i < 2 || !isASCIIAlpha(in[i]) || (in[i+1] != ':' && in[i+1] != '|') {
		return false
	}
	if len(in)-i == 2 {
		return true
	}
	switch in[i+2] {
	case '/', '\\', '?', '#':
		return true
	}
	return false
}

func isSingleDot(s string) bool { return s == "." || strings.EqualFold(s, "%2e") }

func isDoubleDot(s string) bool {
	switch strings.ToLower(s) {
	case "..", ".%2e", "%2e.", "%2e%2e":
		return true
	}
	return false
}

// parseURL runs the API URL parser: input against an optional base.
func parseURL(input string, base *urlRecord) (*urlRecord, bool) {
	return basicParse(input, base, nil, stNone)
}

// basicParse is the basic URL parser. With url non-nil and override set it
// modifies url in place (the setters); the result's bool is false on failure.
func basicParse(input string, base *urlRecord, url *urlRecord, override parserState) (*urlRecord, bool) {
	if url == nil {
		url = &urlRecord{port: -1}
		input = strings.TrimFunc(input, func(r rune) bool { return r <= 0x20 })
	}
	if strings.ContainsAny(input, "\t\n\r") {
		input = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, input)
	}
	in := []rune(input)
	state := override
	if state == stNone {
		state = stSchemeStart
	}
	var buf strings.Builder
	atSignSeen, insideBrackets, passwordTokenSeen := false, false, false
	const eof = rune(-1)

	for p := 0; ; p++ {
		c := eof
		if p < len(in) {
			c = in[p]
		} else if p > len(in) {
			break
		}
		remainingStarts := func(r rune) bool { return p+1 < len(in) && in[p+1] == r }

		switch state {
		case stSchemeStart:
			if c != eof && isASCIIAlpha(c) {
				buf.WriteRune(toLowerASCII(c))
				state = stScheme
			} else if override == stNone {
				state = stNoScheme
				p--
			} else {
				return url, false
			}

		case stScheme:
			if c != eof && (isASCIIAlnum(c) || c == '+' || c == '-' || c == '.') {
				buf.WriteRune(toLowerASCII(c))
			} else if c == ':' {
				s := buf.String()
				if override != stNone {
					if url.special() != isSpecialScheme(s) {
						return url, true
					}
					if (url.includesCredentials() || url.port >= 0) && s == "file" {
						return url, true
					}
					if url.scheme == "file" && url.hasHost && url.host == "" {
						return url, true
					}
				}
				url.scheme = s
				if override != stNone {
					if url.port == defaultPort(url.scheme) {
						url.port = -1
					}
					return url, true
				}
				buf.Reset()
				switch {
				case url.scheme == "file":
					state = stFile
				case url.special() && base != nil && base.scheme == url.scheme:
					state = stSpecialRelativeOrAuthority
				case url.special():
					state = stSpecialAuthoritySlashes
				case remainingStarts('/'):
					state = stPathOrAuthority
					p++
				default:
					url.opaque = true
					url.opqPath = ""
					state = stOpaquePath
				}
			} else if override == stNone {
				buf.Reset()
				state = stNoScheme
				p = -1
			} else {
				return url, false
			}

		case stNoScheme:
			if base == nil || (base.opaque && c != '#') {
				return url, false
			} else if base.opaque && c == '#' {
				url.scheme = base.scheme
				url.opaque = true
				url.opqPath = base.opqPath
				url.hasQuery, url.query = base.hasQuery, base.query
				url.hasFrag, url.fragment = true, ""
				state = stFragment
			} else if base.scheme != "file" {
				state = stRelative
				p--
			} else {
				state = stFile
				p--
			}

		case stSpecialRelativeOrAuthority:
			if c == '/' && remainingStarts('/') {
				state = stSpecialAuthorityIgnoreSlashes
				p++
			} else {
				state = stRelative
				p--
			}

		case stPathOrAuthority:
			if c == '/' {
				state = stAuthority
			} else {
				state = stPath
				p--
			}

		case stRelative:
			url.scheme = base.scheme
			if c == '/' {
				state = stRelativeSlash
			} else if url.special() && c == '\\' {
				state = stRelativeSlash
			} else {
				url.username, url.password = base.username, base.password
				url.hasHost, url.host, url.port = base.hasHost, base.host, base.port
				url.path = append([]string(nil), base.path...)
				url.hasQuery, url.query = base.hasQuery, base.query
				if c == '?' {
					url.hasQuery, url.query = true, ""
					state = stQuery
				} else if c == '#' {
					url.hasFrag, url.fragment = true, ""
					state = stFragment
				} else if c != eof {
					url.hasQuery, url.query = false, ""
					url.shortenPath()
					state = stPath
					p--
				}
			}

		case stRelativeSlash:
			if url.special() && (c == '/' || c == '\\') {
				state = stSpecialAuthorityIgnoreSlashes
			} else if c == '/' {
				state = stAuthority
			} else {
				url.username, url.password = base.username, base.password
				url.hasHost, url.host, url.port = base.hasHost, base.host, base.port
				state = stPath
				p--
			}

		case stSpecialAuthoritySlashes:
			if c == '/' && remainingStarts('/') {
				state = stSpecialAuthorityIgnoreSlashes
				p++
			} else {
				state = stSpecialAuthorityIgnoreSlashes
				p--
			}

		case stSpecialAuthorityIgnoreSlashes:
			if c != '/' && c != '\\' {
				state = stAuthority
				p--
			}

		case stAuthority:
			if c == '@' {
				if atSignSeen {
					b := buf.String()
					buf.Reset()
					buf.WriteString("%40")
					buf.WriteString(b)
				}
				atSignSeen = true
				var user, pass strings.Builder
				user.WriteString(url.username)
				pass.WriteString(url.password)
				for _, cp := range buf.String() {
					if cp == ':' && !passwordTokenSeen {
						passwordTokenSeen = true
						continue
					}
					if passwordTokenSeen {
						appendPercentEncoded(&pass, cp, inUserinfoSet)
					} else {
						appendPercentEncoded(&user, cp, inUserinfoSet)
					}
				}
				url.username, url.password = user.String(), pass.String()
				buf.Reset()
			} else if c == eof || c == '/' || c == '?' || c == '#' || (url.special() && c == '\\') {
				if atSignSeen && buf.Len() == 0 {
					return url, false
				}
				p -= utf8.RuneCountInString(buf.String()) + 1
				buf.Reset()
				state = stHost
			} else {
				buf.WriteRune(c)
			}

		case stHost, stHostname:
			if override != stNone && url.scheme == "file" {
				p--
				state = stFileHost
			} else if c == ':' && !insideBrackets {
				if buf.Len() == 0 {
					return url, false
				}
				if override == stHostname {
					return url, false
				}
				h, ok := parseHost(buf.String(), !url.special())
				if !ok {
					return url, false
				}
				url.hasHost, url.host = true, h
				buf.Reset()
				state = stPort
			} else if c == eof || c == '/' || c == '?' || c == '#' || (url.special() && c == '\\') {
				p--
				if url.special() && buf.Len() == 0 {
					return url, false
				} else if override != stNone && buf.Len() == 0 && (url.includesCredentials() || url.port >= 0) {
					return url, false
				}
				h, ok := parseHost(buf.String(), !url.special())
				if !ok {
					return url, false
				}
				url.hasHost, url.host = true, h
				buf.Reset()
				state = stPathStart
				if override != stNone {
					return url, true
				}
			} else {
				if c == '[' {
					insideBrackets = true
				}
				if c == ']' {
					insideBrackets = false
				}
				buf.WriteRune(c)
			}

		case stPort:
			if c != eof && isASCIIDigit(c) {
				buf.WriteRune(c)
			} else if c == eof || c == '/' || c == '?' || c == '#' || (url.special() && c == '\\') || override != stNone {
				if buf.Len() != 0 {
					s := strings.TrimLeft(buf.String(), "0")
					port := 0
					if len(s) > 5 {
						return url, false
					}
					if s != "" {
						port, _ = strconv.Atoi(s)
					}
					if port > 65535 {
						return url, false
					}
					if port == defaultPort(url.scheme) {
						url.port = -1
					} else {
						url.port = port
					}
					buf.Reset()
					if override != stNone {
						return url, true
					}
				}
				if override != stNone {
					return url, false
				}
				state = stPathStart
				p--
			} else {
				return url, false
			}

		case stFile:
			url.scheme = "file"
			url.hasHost, url.host = true, ""
			if c == '/' || c == '\\' {
				state = stFileSlash
			} else if base != nil && base.scheme == "file" {
				url.hasHost, url.host = base.hasHost, base.host
				url.path = append([]string(nil), base.path...)
				url.hasQuery, url.query = base.hasQuery, base.query
				if c == '?' {
					url.hasQuery, url.query = true, ""
					state = stQuery
				} else if c == '#' {
					url.hasFrag, url.fragment = true, ""
					state = stFragment
				} else if c != eof {
					url.hasQuery, url.query = false, ""
					if !startsWithWindowsDriveLetter(in, p) {
						url.shortenPath()
					} else {
						url.path = nil
					}
					state = stPath
					p--
				}
			} else {
				state = stPath
				p--
			}

		case stFileSlash:
			if c == '/' || c == '\\' {
				state = stFileHost
			} else {
				if base != nil && base.scheme == "file" {
					url.hasHost, url.host = base.hasHost, base.host
					if !startsWithWindowsDriveLetter(in, p) && len(base.path) > 0 && isNormalizedWindowsDriveLetter(base.path[0]) {
						url.path = append(url.path, base.path[0])
					}
				}
				state = stPath
				p--
			}

		case stFileHost:
			if c == eof || c == '/' || c == '\\' || c == '?' || c == '#' {
				p--
				if override == stNone && isWindowsDriveLetter(buf.String()) {
					state = stPath
				} else if buf.Len() == 0 {
					url.hasHost, url.host = true, ""
					if override != stNone {
						return url, true
					}
					state = stPathStart
				} else {
					h, ok := parseHost(buf.String(), !url.special())
					if !ok {
						return url, false
					}
					if h == "localhost" {
						h = ""
					}
					url.hasHost, url.host = true, h
					if override != stNone {
						return url, true
					}
					buf.Reset()
					state = stPathStart
				}
			} else {
				buf.WriteRune(c)
			}

		case stPathStart:
			if url.special() {
				state = stPath
				if c != '/' && c != '\\' {
					p--
				}
			} else if override == stNone && c == '?' {
				url.hasQuery, url.query = true, ""
				state = stQuery
			} else if override == stNone && c == '#' {
				url.hasFrag, url.fragment = true, ""
				state = stFragment
			} else if c != eof {
				state = stPath
				if c != '/' {
					p--
				}
			} else if override != stNone && !url.hasHost {
				url.path = append(url.path, "")
			}

		case stPath:
			slash := c == '/' || (url.special() && c == '\\')
			if c == eof || slash || (override == stNone && (c == '?' || c == '#')) {
				seg := buf.String()
				if isDoubleDot(seg) {
					url.shortenPath()
					if !slash {
						url.path = append(url.path, "")
					}
				} else if isSingleDot(seg) && !slash {
					url.path = append(url.path, "")
				} else if !isSingleDot(seg) {
					if url.scheme == "file" && len(url.path) == 0 && isWindowsDriveLetter(seg) {
						seg = seg[:1] + ":"
					}
					url.path = append(url.path, seg)
				}
				buf.Reset()
				if c == '?' {
					url.hasQuery, url.query = true, ""
					state = stQuery
				}
				if c == '#' {
					url.hasFrag, url.fragment = true, ""
					state = stFragment
				}
			} else {
				appendPercentEncoded(&buf, c, inPathSet)
			}

		case stOpaquePath:
			if c == '?' {
				url.hasQuery, url.query = true, ""
				state = stQuery
			} else if c == '#' {
				url.hasFrag, url.fragment = true, ""
				state = stFragment
			} else if c == ' ' {
				if remainingStarts('?') || remainingStarts('#') {
					url.opqPath += "%20"
				} else {
					url.opqPath += " "
				}
			} else if c != eof {
				var b strings.Builder
				appendPercentEncoded(&b, c, inC0ControlSet)
				url.opqPath += b.String()
			}

		case stQuery:
			if (override == stNone && c == '#') || c == eof {
				set := inQuerySet
				if url.special() {
					set = inSpecialQuerySet
				}
				url.query += percentEncodeString(buf.String(), set)
				buf.Reset()
				if c == '#' {
					url.hasFrag, url.fragment = true, ""
					state = stFragment
				}
			} else if c != eof {
				buf.WriteRune(c)
			}

		case stFragment:
			if c != eof {
				var b strings.Builder
				appendPercentEncoded(&b, c, inFragmentSet)
				url.fragment += b.String()
			}
		}
	}
	return url, true
}

// forbidden host code points.
func isForbiddenHostCodePoint(c rune) bool {
	switch c {
	case 0, '\t', '\n', '\r', ' ', '#', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|':
		return true
	}
	return false
}

func isForbiddenDomainCodePoint(c rune) bool {
	return isForbiddenHostCodePoint(c) || (c >= 0 && c <= 0x1F) || c == '%' || c == 0x7F
}

// idnaProfile implements "domain to ASCII" with beStrict = false: UTS #46
// non-transitional processing, CheckHyphens and VerifyDnsLength off,
// CheckBidi and CheckJoiners on, UseSTD3ASCIIRules off.
var idnaProfile = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.BidiRule(),
	idna.CheckJoiners(true),
	idna.CheckHyphens(false),
	idna.StrictDomainName(false),
	idna.VerifyDNSLength(false),
)

// parseHost is the host parser; it returns the serialised host.
func parseHost(input string, isOpaque bool) (string, bool) {
	if strings.HasPrefix(input, "[") {
		if !strings.HasSuffix(input, "]") {
			return "", false
		}
		addr, ok := parseIPv6(input[1 : len(input)-1])
		if !ok {
			return "", false
		}
		return "[" + serializeIPv6(addr) + "]", true
	}
	if isOpaque {
		for _, c := range input {
			if isForbiddenHostCodePoint(c) {
				return "", false
			}
		}
		return percentEncodeString(input, inC0ControlSet), true
	}
	domain := strings.ToValidUTF8(string(percentDecode(input)), "\uFFFD")
	ascii, ok := domainToASCII(domain)
	if !ok {
		return "", false
	}
	for _, c := range ascii {
		if isForbiddenDomainCodePoint(c) {
			return "", false
		}
	}
	if endsInANumber(ascii) {
		v, ok := parseIPv4(ascii)
		if !ok {
			return "", false
		}
		return serializeIPv4(v), true
	}
	return ascii, true
}

func domainToASCII(domain string) (string, bool) {
	fast := true
	for i := 0; i < len(domain); i++ {
		if domain[i] >= 0x80 {
			fast = false
			break
		}
	}
	if fast {
		lower := strings.ToLower(domain)
		for _, label := range strings.Split(lower, ".") {
			if strings.HasPrefix(label, "xn--") {
				fast = false
				break
			}
		}
		if fast {
			if lower == "" {
				return "", false
			}
			return lower, true
		}
	}
	out, err := idnaProfile.ToASCII(domain)
	if err != nil || out == "" {
		return "", false
	}
	return out, true
}

func endsInANumber(s string) bool {
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" {
		if len(parts) == 1 {
			return false
		}
		parts = parts[:len(parts)-1]
	}
	last := parts[len(parts)-1]
	if last != "" {
		allDigits := true
		for _, c := range last {
			if !isASCIIDigit(c) {
				allDigits = false
				break
			}
		}
		if allDigits {
			return true
		}
	}
	_, ok := parseIPv4Number(last)
	return ok
}

// parseIPv4Number returns the value (saturated above 2^32) of an IPv4 part.
func parseIPv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	radix := uint64(10)
	if len(s) >= 2 && (s[:2] == "0x" || s[:2] == "0X") {
		s = s[2:]
		radix = 16
	} else if len(s) >= 2 && s[0] == '0' {
		s = s[1:]
		radix = 8
	}
	if s == "" {
		return 0, true
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		d, ok := unhex(s[i])
		if !ok || uint64(d) >= radix {
			return 0, false
		}
		if v <= 1<<33 {
			v = v*radix + uint64(d)
		}
	}
	return v, true
}

func parseIPv4(s string) (uint32, bool) {
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return 0, false
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		n, ok := parseIPv4Number(p)
		if !ok {
			return 0, false
		}
		nums[i] = n
	}
	for _, n := range nums[:len(nums)-1] {
		if n > 255 {
			return 0, false
		}
	}
	last := nums[len(nums)-1]
	if last >= uint64(1)<<(8*(5-len(nums))) {
		return 0, false
	}
	ipv4 := last
	for i, n := range nums[:len(nums)-1] {
		ipv4 += n << (8 * (3 - i))
	}
	return uint32(ipv4), true
}

func serializeIPv4(v uint32) string {
	return strconv.Itoa(int(v>>24)) + "." + strconv.Itoa(int(v>>16&255)) + "." +
		strconv.Itoa(int(v>>8&255)) + "." + strconv.Itoa(int(v&255))
}

func parseIPv6(s string) ([8]uint16, bool) {
	var addr [8]uint16
	in := []rune(s)
	pieceIndex, compress := 0, -1
	p := 0
	at := func(i int) rune {
		if i < len(in) {
			return in[i]
		}
		return -1
	}
	if at(p) == ':' {
		if at(p+1) != ':' {
			return addr, false
		}
		p += 2
		pieceIndex++
		compress = pieceIndex
	}
	for at(p) != -1 {
		if pieceIndex == 8 {
			return addr, false
		}
		if at(p) == ':' {
			if compress != -1 {
				return addr, false
			}
			p++
			pieceIndex++
			compress = pieceIndex
			continue
		}
		value, length := 0, 0
		for length < 4 && at(p) != -1 && isASCIIHexDigit(at(p)) {
			d, _ := unhex(byte(at(p)))
			value = value*16 + int(d)
			p++
			length++
		}
		if at(p) == '.' {
			if length == 0 {
				return addr, false
			}
			p -= length
			if pieceIndex > 6 {
				return addr, false
			}
			numbersSeen := 0
			for at(p) != -1 {
				ipv4Piece := -1
				if numbersSeen > 0 {
					if at(p) == '.' && numbersSeen < 4 {
						p++
					} else {
						return addr, false
					}
				}
				if at(p) == -1 || !isASCIIDigit(at(p)) {
					return addr, false
				}
				for at(p) != -1 && isASCIIDigit(at(p)) {
					n := int(at(p) - '0')
					if ipv4Piece == -1 {
						ipv4Piece = n
					} else if ipv4Piece == 0 {
						return addr, false
					} else {
						ipv4Piece = ipv4Piece*10 + n
					}
					if ipv4Piece > 255 {
						return addr, false
					}
					p++
				}
				addr[pieceIndex] = addr[pieceIndex]*0x100 + uint16(ipv4Piece)
				numbersSeen++
				if numbersSeen == 2 || numbersSeen == 4 {
					pieceIndex++
				}
			}
			if numbersSeen != 4 {
				return addr, false
			}
			break
		} else if at(p) == ':' {
			p++
			if at(p) == -1 {
				return addr, false
			}
		} else if at(p) != -1 {
			return addr, false
		}
		addr[pieceIndex] = uint16(value)
		pieceIndex++
	}
	if compress != -1 {
		swaps := pieceIndex - compress
		pieceIndex = 7
		for pieceIndex != 0 && swaps > 0 {
			addr[pieceIndex], addr[compress+swaps-1] = addr[compress+swaps-1], addr[pieceIndex]
			pieceIndex--
			swaps--
		}
	} else if pieceIndex != 8 {
		return addr, false
	}
	return addr, true
}

func serializeIPv6(addr [8]uint16) string {
	// find the first longest run of zero pieces of length > 1
	compress, best := -1, 1
	for i := 0; i < 8; {
		if addr[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && addr[j] == 0 {
			j++
		}
		if j-i > best {
			compress, best = i, j-i
		}
		i = j
	}
	var b strings.Builder
	ignore0 := false
	for i := 0; i < 8; i++ {
		if ignore0 && addr[i] == 0 {
			continue
		}
		ignore0 = false
		if compress == i {
			if i == 0 {
				b.WriteString("::")
			} else {
				b.WriteString(":")
			}
			ignore0 = true
			continue
		}
		b.WriteString(strconv.FormatUint(uint64(addr[i]), 16))
		if i != 7 {
			b.WriteByte(':')
		}
	}
	return b.String()
}

// pathname serialises the URL's path.
func (u *urlRecord) pathname() string {
	if u.opaque {
		return u.opqPath
	}
	var b strings.Builder
	for _, seg := range u.path {
		b.WriteByte('/')
		b.WriteString(seg)
	}
	return b.String()
}

// serialize is the URL serializer.
func (u *urlRecord) serialize(excludeFragment bool) string {
	var b strings.Builder
	b.WriteString(u.scheme)
	b.WriteByte(':')
	if u.hasHost {
		b.WriteString("//")
		if u.includesCredentials() {
			b.WriteString(u.username)
			if u.password != "" {
				b.WriteByte(':')
				b.WriteString(u.password)
			}
			b.WriteByte('@')
		}
		b.WriteString(u.host)
		if u.port >= 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(u.port))
		}
	}
	if !u.hasHost && !u.opaque && len(u.path) > 1 && u.path[0] == "" {
		b.WriteString("/.")
	}
	b.WriteString(u.pathname())
	if u.hasQuery {
		b.WriteByte('?')
		b.WriteString(u.query)
	}
	if !excludeFragment && u.hasFrag {
		b.WriteByte('#')
		b.WriteString(u.fragment)
	}
	return b.String()
}

// origin serialises the URL's origin ("null" for opaque origins).
func (u *urlRecord) origin() string {
	switch u.scheme {
	case "blob":
		inner, ok := parseURL(u.pathname(), nil)
		if ok && (inner.scheme == "http" || inner.scheme == "https") {
			return inner.origin()
		}
		return "null"
	case "ftp", "http", "https", "ws", "wss":
		s := u.scheme + "://" + u.host
		if u.port >= 0 {
			s += ":" + strconv.Itoa(u.port)
		}
		return s
	}
	return "null"
}

// hostPort is the URL's host with its port, as the URL API's host getter returns it.
func (u *urlRecord) hostPort() string {
	if !u.hasHost {
		return ""
	}
	if u.port >= 0 {
		return u.host + ":" + strconv.Itoa(u.port)
	}
	return u.host
}

// URL API setters, identified by index (shared with js/url.js).
const (
	setHref = iota
	setProtocol
	setUsername
	setPassword
	setHost
	setHostname
	setPort
	setPathname
	setSearch
	setHash
)

// set runs the URL API setter `which` with value v on u.
func (u *urlRecord) set(which int, v string) {
	switch which {
	case setProtocol:
		basicParse(v+":", nil, u, stSchemeStart)
	case setUsername:
		if !u.cannotHaveUsernamePasswordPort() {
			u.username = percentEncodeString(v, inUserinfoSet)
		}
	case setPassword:
		if !u.cannotHaveUsernamePasswordPort() {
			u.password = percentEncodeString(v, inUserinfoSet)
		}
	case setHost:
		if !u.opaque {
			basicParse(v, nil, u, stHost)
		}
	case setHostname:
		if !u.opaque {
			basicParse(v, nil, u, stHostname)
		}
	case setPort:
		if u.cannotHaveUsernamePasswordPort() {
			return
		}
		if v == "" {
			u.port = -1
		} else {
			basicParse(v, nil, u, stPort)
		}
	case setPathname:
		if u.opaque {
			return
		}
		u.path = nil
		basicParse(v, nil, u, stPathStart)
	case setSearch:
		if v == "" {
			u.hasQuery, u.query = false, ""
			return
		}
		v = strings.TrimPrefix(v, "?")
		u.hasQuery, u.query = true, ""
		basicParse(v, nil, u, stQuery)
	case setHash:
		if v == "" {
			u.hasFrag, u.fragment = false, ""
			return
		}
		v = strings.TrimPrefix(v, "#")
		u.hasFrag, u.fragment = true, ""
		basicParse(v, nil, u, stFragment)
	}
}

// components returns what the URL API's getters return: href, origin,
// protocol, username, password, host, hostname, port, pathname, search, hash.
func (u *urlRecord) components() [11]string {
	port := ""
	if u.port >= 0 {
		port = strconv.Itoa(u.port)
	}
	search := ""
	if u.hasQuery && u.query != "" {
		search = "?" + u.query
	}
	hash := ""
	if u.hasFrag && u.fragment != "" {
		hash = "#" + u.fragment
	}
	hostname := ""
	if u.hasHost {
		hostname = u.host
	}
	return [11]string{u.serialize(false), u.origin(), u.scheme + ":", u.username, u.password,
		u.hostPort(), hostname, port, u.pathname(), search, hash}
}
