package webapi

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/dop251/goja"
)

// Canonicalization kinds of host.upCanonicalize, shared with
// js/72_urlpattern.js.
const (
	upProtocol = iota + 1
	upUsername
	upPassword
	upHostname
	upPort
	upPathname
	upOpaquePathname
	upSearch
	upHash
)

// addURLPatternHost adds the Go side of URLPattern (js/72_urlpattern.js):
// canonicalization through the URL parser, URL parsing into the eight
// components, and the name code point test (goja's regular expressions
// lack Unicode property escapes).
func (b *Bindings) addURLPatternHost(set hostSetter) {
	rt := b.rt
	// host.upCanonicalize(kind, value, protocol?) → canonical string, or
	// null when the URL parser fails.
	set("upCanonicalize", func(c goja.FunctionCall) goja.Value {
		protocol, hasProtocol := "", false
		if p := c.Argument(2); !goja.IsUndefined(p) && !goja.IsNull(p) {
			protocol, hasProtocol = p.String(), true
		}
		out, ok := urlPatternCanonicalize(int(c.Argument(0).ToInteger()), c.Argument(1).String(), protocol, hasProtocol)
		if !ok {
			return goja.Null()
		}
		return rt.ToValue(out)
	})
	// host.upParseURL(input, base?) → [protocol, username, password,
	// hostname, port, pathname, search, hash, hasOpaquePath], or null.
	set("upParseURL", func(c goja.FunctionCall) goja.Value {
		var base *urlRecord
		if bv := c.Argument(1); !goja.IsUndefined(bv) && !goja.IsNull(bv) {
			var ok bool
			if base, ok = parseURL(bv.String(), nil); !ok {
				return goja.Null()
			}
		}
		u, ok := parseURL(c.Argument(0).String(), base)
		if !ok {
			return goja.Null()
		}
		hostname, port := "", ""
		if u.hasHost {
			hostname = u.host
		}
		if u.port >= 0 {
			port = strconv.Itoa(u.port)
		}
		return rt.NewArray(u.scheme, u.username, u.password, hostname, port, u.pathname(), u.query, u.fragment, u.opaque)
	})
	// host.upIsNameCodePoint(s, first) reports whether the first code point
	// of s may appear in a URLPattern group name (at its start if first).
	set("upIsNameCodePoint", func(c goja.FunctionCall) goja.Value {
		s := c.Argument(0).String()
		if s == "" {
			return rt.ToValue(false)
		}
		r := []rune(s)[0]
		return rt.ToValue(isURLPatternNameCodePoint(r, c.Argument(1).ToBoolean()))
	})
}

// isURLPatternNameCodePoint is the URL Pattern Standard's "is a valid name
// code point": IdentifierStart or IdentifierPart of ECMAScript.
func isURLPatternNameCodePoint(r rune, first bool) bool {
	if r == '$' || r == '_' {
		return true
	}
	if !first && (r == 0x200C || r == 0x200D) {
		return true
	}
	if unicode.Is(unicode.Pattern_Syntax, r) || unicode.Is(unicode.Pattern_White_Space, r) {
		return false
	}
	if unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_ID_Start, r) {
		return true
	}
	if first {
		return false
	}
	return unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue)
}

// dummyURL is the URL Pattern Standard's "create a dummy URL":
// https://dummy.invalid/.
func dummyURL() *urlRecord {
	return &urlRecord{scheme: "https", hasHost: true, host: "dummy.invalid", port: -1, path: []string{""}}
}

// urlPatternCanonicalize runs the URL Pattern Standard's canonicalization
// of one component value (an "encoding callback") through the URL parser.
// It reports false where the standard throws a TypeError.
func urlPatternCanonicalize(kind int, value, protocol string, hasProtocol bool) (string, bool) {
	if value == "" {
		return "", true
	}
	switch kind {
	case upProtocol:
		u, ok := parseURL(value+"://dummy.test", nil)
		if !ok {
			return "", false
		}
		return u.scheme, true
	case upUsername, upPassword:
		// The username and password setters, on a URL that can have them.
		return percentEncodeString(value, inUserinfoSet), true
	case upHostname:
		// As in the hostname state of the URL parser, a path, query or
		// fragment delimiter ends the host; what follows is dropped.
		u := dummyURL()
		if _, ok := basicParse(value, nil, u, stHostname); !ok {
			return "", false
		}
		if !u.hasHost {
			return "", true
		}
		return u.host, true
	case upPort:
		// A port pattern must start with a digit: the port state would
		// otherwise leave the port null without failing.
		v := strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, value)
		if v == "" || v[0] < '0' || v[0] > '9' {
			return "", false
		}
		// Without a protocol the dummy URL is not special, so no port is
		// dropped as a default one.
		u := &urlRecord{port: -1}
		if hasProtocol {
			u.scheme = protocol
		}
		if _, ok := basicParse(v, nil, u, stPort); !ok {
			return "", false
		}
		if u.port < 0 {
			return "", true
		}
		return strconv.Itoa(u.port), true
	case upPathname:
		leadingSlash := value[0] == '/'
		modified := value
		if !leadingSlash {
			modified = "/-" + value
		}
		u := dummyURL()
		u.path = nil
		if _, ok := basicParse(modified, nil, u, stPathStart); !ok {
			return "", false
		}
		out := u.pathname()
		if !leadingSlash {
			out = strings.TrimPrefix(out, "/-")
		}
		return out, true
	case upOpaquePathname:
		u := dummyURL()
		u.opaque, u.opqPath, u.path = true, "", nil
		if _, ok := basicParse(value, nil, u, stOpaquePath); !ok {
			return "", false
		}
		return u.pathname(), true
	case upSearch:
		u := dummyURL()
		u.hasQuery, u.query = true, ""
		if _, ok := basicParse(value, nil, u, stQuery); !ok {
			return "", false
		}
		return u.query, true
	case upHash:
		u := dummyURL()
		u.hasFrag, u.fragment = true, ""
		if _, ok := basicParse(value, nil, u, stFragment); !ok {
			return "", false
		}
		return u.fragment, true
	}
	return "", false
}
