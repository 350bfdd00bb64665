package webapi

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/dop251/goja"
	"golang.org/x/text/cases"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Intl is the FormatJS polyfills (bundled by runtime/webapi/intl/gen into
// intl/dist, gzip-compressed) plus a Collator on golang.org/x/text/collate.
// Nothing of it runs at Install: js/87_intl.js defines Intl as a lazy
// accessor, and each service's polyfill, each locale's data and each time
// zone are compiled once per process and run in an isolate only when that
// isolate first needs them.

//go:embed intl/dist
var intlDist embed.FS

// intlScript is one embedded script, compiled at most once per process.
type intlScript struct {
	path string
	once sync.Once
	prg  *goja.Program
	err  error
}

// intlTZ is the IANA time zone database in FormatJS's packed form.
type intlTZ struct {
	Abbrvs  string            `json:"abbrvs"`
	Offsets string            `json:"offsets"`
	Zones   map[string]string `json:"zones"`
	names   []string
}

// intlCache is a process's cache of compiled Intl scripts (Globals.intl):
// the map and locale list are built by newIntlCache and never change; each
// script compiles once, on first use, under its own sync.Once.
type intlCache struct {
	scripts map[string]*intlScript // "intl-numberformat", "intl-numberformat/de", ...
	locales []string

	tzOnce sync.Once
	tz     *intlTZ
	tzErr  error
}

func newIntlCache() *intlCache {
	c := &intlCache{scripts: map[string]*intlScript{}}
	_ = fs.WalkDir(intlDist, "intl/dist", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".js.gz") {
			return err
		}
		name := strings.TrimSuffix(strings.TrimPrefix(path, "intl/dist/"), ".js.gz")
		c.scripts[name] = &intlScript{path: path}
		return nil
	})
	if raw, err := inflate("intl/dist/locales.json.gz"); err == nil {
		_ = json.Unmarshal(raw, &c.locales)
	}
	return c
}

// inflate reads one embedded gzip file.
func inflate(path string) ([]byte, error) {
	gz, err := intlDist.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("intl: read %s: %w", path, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("intl: inflate %s: %w", path, err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("intl: inflate %s: %w", path, err)
	}
	return out, nil
}

// program returns the compiled script name, or nil if there is none.
func (c *intlCache) program(name string) (*goja.Program, error) {
	s := c.scripts[name]
	if s == nil {
		return nil, nil
	}
	s.once.Do(func() {
		src, err := inflate(s.path)
		if err != nil {
			s.err = err
			return
		}
		s.prg, s.err = goja.Compile("edgeplay:intl/"+name+".js", string(src), true)
		if s.err != nil {
			s.err = fmt.Errorf("intl: compile %s: %w", name, s.err)
		}
	})
	return s.prg, s.err
}

// timeZones returns the parsed time zone database.
func (c *intlCache) timeZones() (*intlTZ, error) {
	c.tzOnce.Do(func() {
		raw, err := inflate("intl/dist/tz.json.gz")
		if err != nil {
			c.tzErr = err
			return
		}
		tz := &intlTZ{}
		if err := json.Unmarshal(raw, tz); err != nil {
			c.tzErr = fmt.Errorf("intl: parse time zones: %w", err)
			return
		}
		for name := range tz.Zones {
			tz.names = append(tz.names, name)
		}
		sort.Strings(tz.names)
		c.tz = tz
	})
	return c.tz, c.tzErr
}

// intlCollator is one Intl.Collator's Go side (owned by one isolate).
type intlCollator struct {
	c *collate.Collator
	// upperFirst, if set, compares strings that differ only in case (equal
	// at the secondary level) upper case first, which x/text/collate
	// lacks (caseFirst "upper", LDML kf).
	upperFirst *collate.Collator
	// ignorePunct drops spaces and punctuation before comparing (LDML's
	// alternate=shifted, which x/text/collate gets wrong: every pair
	// compares equal).
	ignorePunct bool
}

// newIntlCollator builds a collator for a resolved locale and the
// collator's options (sensitivity, ignorePunctuation, numeric) expressed
// as the LDML collation keys that x/text/collate reads from a tag.
func newIntlCollator(locale, sensitivity string, ignorePunctuation, numeric, upperFirst bool) *intlCollator {
	base, _, _ := strings.Cut(locale, "-u-")
	keys := []string{}
	switch sensitivity {
	case "base":
		keys = append(keys, "ks-level1")
	case "accent":
		keys = append(keys, "ks-level2")
	case "case":
		keys = append(keys, "kc-true", "ks-level1")
	}
	if numeric {
		keys = append(keys, "kn-true")
	}
	if strings.EqualFold(base, "fr-CA") {
		keys = append(keys, "kb-true") // Canadian French sorts accents backwards
	}
	tag, err := language.Parse(base)
	if err != nil {
		tag = language.Und
	}
	opts := []collate.Option{}
	if len(keys) > 0 {
		if t, err := language.Parse("und-u-" + strings.Join(keys, "-")); err == nil {
			opts = append(opts, collate.OptionsFromTag(t))
		}
	}
	ic := &intlCollator{c: collate.New(tag, opts...), ignorePunct: ignorePunctuation}
	if upperFirst && (sensitivity == "variant" || sensitivity == "case") {
		ic.upperFirst = collate.New(tag, append(opts, collate.IgnoreCase)...)
	}
	return ic
}

// compare orders a and b.
func (ic *intlCollator) compare(a, b string) int {
	if ic.ignorePunct {
		a, b = stripPunct(a), stripPunct(b)
	}
	r := ic.c.CompareString(a, b)
	if r != 0 && ic.upperFirst != nil && ic.upperFirst.CompareString(a, b) == 0 {
		return -r
	}
	return r
}

// stripPunct removes the variable characters (white space and
// punctuation) that ignorePunctuation makes a collator skip.
func stripPunct(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) {
			return -1
		}
		return r
	}, s)
}

// addIntlHost adds the host functions behind Intl. All run on the loop
// goroutine.
func (b *Bindings) addIntlHost(set hostSetter) {
	rt := b.rt
	cache := b.intl
	// intlScript runs an embedded script and returns its value (a function
	// taking what the script needs), or null if there is no such script.
	set("intlScript", func(c goja.FunctionCall) goja.Value {
		prg, err := cache.program(c.Argument(0).String())
		if err != nil {
			panic(rt.NewGoError(err))
		}
		if prg == nil {
			return goja.Null()
		}
		v, err := rt.RunProgram(prg)
		if err != nil {
			panic(rt.NewGoError(err))
		}
		return v
	})
	set("intlHasScript", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(cache.scripts[c.Argument(0).String()] != nil)
	})
	set("intlLocales", func(goja.FunctionCall) goja.Value {
		out := make([]interface{}, len(cache.locales))
		for i, l := range cache.locales {
			out[i] = l
		}
		return rt.NewArray(out...)
	})
	set("intlTimeZones", func(goja.FunctionCall) goja.Value {
		tz, err := cache.timeZones()
		if err != nil {
			panic(rt.NewGoError(err))
		}
		out := make([]interface{}, len(tz.names))
		for i, n := range tz.names {
			out[i] = n
		}
		return rt.NewArray(rt.NewArray(out...), tz.Abbrvs, tz.Offsets)
	})
	set("intlTimeZone", func(c goja.FunctionCall) goja.Value {
		tz, err := cache.timeZones()
		if err != nil {
			panic(rt.NewGoError(err))
		}
		line, ok := tz.Zones[c.Argument(0).String()]
		if !ok {
			return goja.Null()
		}
		return rt.ToValue(line)
	})
	set("intlCollator", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(newIntlCollator(c.Argument(0).String(), c.Argument(1).String(), c.Argument(2).ToBoolean(), c.Argument(3).ToBoolean(), c.Argument(4).ToBoolean()))
	})
	set("intlCompare", func(c goja.FunctionCall) goja.Value {
		coll, ok := c.Argument(0).Export().(*intlCollator)
		if !ok {
			panic(rt.NewTypeError("Illegal invocation"))
		}
		return rt.ToValue(coll.compare(c.Argument(1).String(), c.Argument(2).String()))
	})
	// intlCase maps s to upper (or lower) case with the language's special
	// rules (Turkish and Azerbaijani dotted i, Lithuanian dot above).
	set("intlCase", func(c goja.FunctionCall) goja.Value {
		s := c.Argument(0).String()
		tag, err := language.Parse(c.Argument(1).String())
		if err != nil {
			tag = language.Und
		}
		if c.Argument(2).ToBoolean() {
			return rt.ToValue(cases.Upper(tag).String(s))
		}
		return rt.ToValue(cases.Lower(tag).String(s))
	})
}
