// Command gen bundles the FormatJS Intl polyfills installed in
// runtime/webapi/intl/node_modules into the minified scripts under
// runtime/webapi/intl/dist, which package webapi embeds (intl_host.go). Run it from the
// repository root after `npm ci` in runtime/webapi/intl:
//
//	go run ./runtime/webapi/intl/gen
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/evanw/esbuild/pkg/api"
)

// packages are the polyfills in load order, each with whether it has locale data.
var packages = []struct {
	name string
	data bool
}{
	{"intl-getcanonicallocales", false},
	{"intl-locale", false},
	{"intl-pluralrules", true},
	{"intl-numberformat", true},
	{"intl-datetimeformat", true},
	{"intl-relativetimeformat", true},
	{"intl-listformat", true},
	{"intl-displaynames", true},
	{"intl-segmenter", false},
	{"intl-supportedvaluesof", false},
}

func main() {
	if err := run("runtime/webapi/intl"); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	modules := filepath.Join(dir, "node_modules", "@formatjs")
	if _, err := os.Stat(modules); err != nil {
		return fmt.Errorf("FormatJS packages missing (run npm ci in %s): %w", dir, err)
	}
	localesSrc, err := os.ReadFile(filepath.Join(dir, "locales.json"))
	if err != nil {
		return fmt.Errorf("read locale list: %w", err)
	}
	var locales []string
	if err := json.Unmarshal(localesSrc, &locales); err != nil {
		return fmt.Errorf("parse locales.json: %w", err)
	}
	out := filepath.Join(dir, "dist")
	if err := os.RemoveAll(out); err != nil {
		return fmt.Errorf("clean %s: %w", out, err)
	}
	for _, p := range packages {
		code, err := bundle(filepath.Join(modules, p.name, "polyfill-force.js"))
		if err != nil {
			return err
		}
		if err := write(filepath.Join(out, p.name+".js.gz"), code); err != nil {
			return err
		}
		if !p.data {
			continue
		}
		for _, loc := range locales {
			src, err := os.ReadFile(filepath.Join(modules, p.name, "locale-data", loc+".js"))
			if errors.Is(err, fs.ErrNotExist) {
				continue // this service has no data of its own for the region; the language's is used
			}
			if err != nil {
				return fmt.Errorf("read %s data for %s: %w", p.name, loc, err)
			}
			code, err := minify(string(src), p.name+"/"+loc)
			if err != nil {
				return err
			}
			if p.name == "intl-datetimeformat" {
				// V8 (and so Node and the Edge Runtime) writes U+202F NARROW
				// NO-BREAK SPACE in CLDR's date and time patterns as a plain
				// space, for web compatibility; so does Edgeplay.
				code = bytes.ReplaceAll(code, []byte("\u202f"), []byte(" "))
			}
			if err := write(filepath.Join(out, p.name, loc+".js.gz"), code); err != nil {
				return err
			}
		}
	}
	for _, p := range patches {
		if !applied[p[1]] {
			return fmt.Errorf("patch %s: file never bundled", p[0])
		}
	}
	tz, err := os.ReadFile(filepath.Join(modules, "intl-datetimeformat", "add-all-tz.js"))
	if err != nil {
		return fmt.Errorf("read time zone data: %w", err)
	}
	zones, err := splitZones(string(tz))
	if err != nil {
		return err
	}
	if err := write(filepath.Join(out, "tz.json.gz"), zones); err != nil {
		return err
	}
	list, err := json.Marshal(locales)
	if err != nil {
		return fmt.Errorf("locale list: %w", err)
	}
	return write(filepath.Join(out, "locales.json.gz"), list)
}

// bundle builds one polyfill into a function expression taking the locale
// canonicalizer the lazy loader supplies: every reference to
// Intl.getCanonicalLocales in the package becomes a call to it, so the
// loader sees each locale list the service resolves and loads its data first.
func bundle(entry string) ([]byte, error) {
	res := api.Build(api.BuildOptions{
		EntryPoints:       []string{entry},
		Bundle:            true,
		Format:            api.FormatIIFE,
		Target:            api.ES2020,
		MinifyWhitespace:  true,
		MinifySyntax:      true,
		MinifyIdentifiers: os.Getenv("INTL_GEN_DEBUG") == "",
		LegalComments:     api.LegalCommentsNone,
		Charset:           api.CharsetUTF8,
		KeepNames:         true,
		Define:            map[string]string{"Intl.getCanonicalLocales": "__epCanon"},
		Plugins:           []api.Plugin{patchPlugin},
		Write:             false,
	})
	if len(res.Errors) > 0 {
		return nil, fmt.Errorf("bundle %s: %s", entry, res.Errors[0].Text)
	}
	if len(res.OutputFiles) != 1 {
		return nil, fmt.Errorf("bundle %s: %d outputs", entry, len(res.OutputFiles))
	}
	return []byte("(function(__epCanon){" + strings.TrimSpace(string(res.OutputFiles[0].Contents)) + "})"), nil
}

// patches are edits to package sources made while bundling, each
// {file suffix, old text, new text}; the build fails if old text is
// missing, so an upgrade that changes it is noticed.
var patches = [][3]string{
	// Edgeplay loads a locale's data by the lookup rule (the tag, then
	// shorter prefixes), so resolving by "best fit" finds nothing better,
	// yet it needs Intl.Locale (the largest polyfill) and maximizes every
	// candidate on each construction. Every service resolves by lookup.
	{"intl-localematcher/index.js", "else r = BestFitMatcher(", "else r = LookupMatcher("},
	// DateTimeFormat matches every skeleton of a locale without an interval
	// format against all interval skeletons, parsing each candidate again
	// every time: quadratic, and half a second per locale in goja. The
	// parse of a bare skeleton depends on the skeleton only, so it is
	// memoised.
	{"intl-datetimeformat/polyfill-force.js", "const candidate = parseDateTimeSkeleton(key);", "const candidate = epParsedSkeleton(key);"},
	{"intl-datetimeformat/polyfill-force.js", "function findIntervalFormat(", `const epSkeletons = new Map();
function epParsedSkeleton(key) {
	let parsed = epSkeletons.get(key);
	if (parsed === undefined) {
		parsed = parseDateTimeSkeleton(key);
		epSkeletons.set(key, parsed);
	}
	return parsed;
}
function findIntervalFormat(`},
	// ICU's pattern generator never shows a field that was not asked for:
	// when the closest CLDR pattern has extra fields (month and day with
	// timeZoneName gets an hour), it formats the date and the time fields
	// apart and joins them with the locale's date-time glue. FormatJS keeps
	// the extra field; this does what ICU (and so Node) does.
	{"intl-datetimeformat/polyfill-force.js", "bestFormat = BestFitFormatMatcher(opt, formats);", "bestFormat = epSplitFormatMatcher(opt, formats, dataLocaleData);"},
	{"intl-datetimeformat/polyfill-force.js", "function BestFitFormatMatcher(", `const epDateFields = ["weekday", "era", "year", "month", "day"];
const epTimeFields = ["hour", "minute", "second", "fractionalSecondDigits", "timeZoneName"];
const epPlainFormats = new WeakMap();
function epSplitFormatMatcher(opt, formats, data) {
	const best = epFormatMatcher(opt, formats, data);
	// V8 asks ICU's pattern generator to match hour field lengths: a
	// numeric hour shown with 2-digit minutes (and no or 2-digit seconds)
	// is not padded, unless a 24-hour clock is forced on a 12-hour locale.
	if (opt.hour === "numeric" && opt.minute === "2-digit" && (opt.second === undefined || opt.second === "2-digit") && best.hour === "2-digit" && !(opt.hour12 === false && data.hourCycle && (data.hourCycle === "h12" || data.hourCycle === "h11"))) best.hour = "numeric";
	return best;
}
function epFormatMatcher(opt, formats, data) {
	const fields = [...epDateFields, ...epTimeFields];
	// CLDR's own skeletons first (FormatJS adds pre-joined ones such as
	// "E, h:mm a" that ICU does not use when a plain one fits).
	let plain = epPlainFormats.get(formats);
	if (plain === undefined) {
		plain = formats.filter((f) => /^[A-Za-z]+$/.test(f.skeleton));
		epPlainFormats.set(formats, plain);
	}
	if (plain.length > 0) {
		const b = BestFitFormatMatcher(opt, plain);
		if (fields.every((p) => (opt[p] === undefined) === (b[p] === undefined))) return b;
	}
	const best = BestFitFormatMatcher(opt, formats);
	const extra = fields.some((p) => opt[p] === undefined && best[p] !== undefined);
	const hasDate = epDateFields.some((p) => opt[p] !== undefined);
	const hasTime = epTimeFields.some((p) => opt[p] !== undefined);
	if (!extra || !hasDate || !hasTime || !data.dateTimeFormat) return best;
	const dateOpt = { ...opt };
	const timeOpt = { ...opt };
	for (const p of epTimeFields) delete dateOpt[p];
	delete dateOpt.hour12;
	for (const p of epDateFields) delete timeOpt[p];
	const date = BestFitFormatMatcher(dateOpt, formats);
	let time;
	if (epTimeFields.every((p) => p === "timeZoneName" || timeOpt[p] === undefined)) {
		if (timeOpt.timeZoneName !== "short" && timeOpt.timeZoneName !== "long") return best;
		const raw = timeOpt.timeZoneName === "short" ? "z" : "zzzz";
		time = { timeZoneName: timeOpt.timeZoneName, pattern: "{timeZoneName}", pattern12: "{timeZoneName}", rawPattern: raw };
	} else {
		time = BestFitFormatMatcher(timeOpt, formats);
	}
	if (fields.some((p) => (opt[p] === undefined) !== ((p in epDateFields.reduce((o, f) => (o[f] = 1, o), {}) ? date[p] : time[p]) === undefined))) return best;
	const style = opt.month === "long" || opt.month === "narrow" ? (opt.weekday ? "full" : "long") : opt.month === "short" ? "medium" : "short";
	const glue = data.dateTimeFormat[style] || data.dateTimeFormat.short;
	const text = glue.replace(/'([^']*)'/g, (m, s) => s || "'");
	const join = (t, d, g = text) => g.replace("{0}", t).replace("{1}", d);
	const out = Object.create(null);
	for (const p of epDateFields) if (date[p] !== undefined) out[p] = date[p];
	for (const p of epTimeFields) if (time[p] !== undefined) out[p] = time[p];
	if (time.hour12 !== undefined) out.hour12 = time.hour12;
	out.pattern = join(time.pattern, date.pattern);
	out.pattern12 = join(time.pattern12, date.pattern12);
	out.rawPattern = join(time.rawPattern, date.rawPattern, glue);
	out.skeleton = (date.skeleton || "") + (time.skeleton || "");
	out.rangePatterns = Object.create(null);
	out.rangePatterns12 = Object.create(null);
	return out;
}
function BestFitFormatMatcher(`},
	// A GMT offset ("GMT+9") is written in the locale's digits, as ICU does
	// (Arabic "غرينتش+٩"); FormatJS leaves ASCII digits. Inside the
	// formatter a local offsetToGmtString localizes the digits with the
	// formatter's own number format.
	{"intl-datetimeformat/polyfill-force.js", "function offsetToGmtString(", "const epOffsetToGmtString = (...args) => offsetToGmtString(...args);\nfunction offsetToGmtString("},
	{"intl-datetimeformat/polyfill-force.js", "const { timeZoneName, gmtFormat, hourFormat } = dataLocaleData;", "const { timeZoneName, gmtFormat, hourFormat } = dataLocaleData;\n\t\t\tconst offsetToGmtString = (...args) => epOffsetToGmtString(...args).replace(/[0-9]/g, (d) => nf.format(+d));"},
	// (and the search for a skeleton's interval formats is deferred too)
	{"intl-datetimeformat/polyfill-force.js", "calendarIntervals[skeleton] || findIntervalFormat(skeleton, calendarIntervals)", "calendarIntervals[skeleton] || (() => findIntervalFormat(skeleton, calendarIntervals))"},
	// Parsing a skeleton's interval (range) patterns is most of the cost of
	// a locale's first DateTimeFormat, yet only formatRange needs them: the
	// parse without them runs at once, the ranges on first read.
	{"intl-datetimeformat/polyfill-force.js", "function parseDateTimeSkeleton(", `function parseDateTimeSkeleton(skeleton, rawPattern = skeleton, rangePatterns, intervalFormatFallback) {
	const result = epParseDateTimeSkeletonFull(skeleton, rawPattern);
	if (!rangePatterns && !intervalFormatFallback) return result;
	let full;
	const ranges = () => {
		if (full === undefined) {
			if (typeof rangePatterns === "function") rangePatterns = rangePatterns();
			full = epParseDateTimeSkeletonFull(skeleton, rawPattern, rangePatterns, intervalFormatFallback);
		}
		return full;
	};
	for (const key of ["rangePatterns", "rangePatterns12"]) {
		Object.defineProperty(result, key, {
			configurable: true,
			enumerable: true,
			get() { return ranges()[key]; },
			set(value) { Object.defineProperty(result, key, { value, writable: true, enumerable: true, configurable: true }); },
		});
	}
	return result;
}
function epParseDateTimeSkeletonFull(`},
}

func init() {
	// goja has no Unicode property escapes (\p{L} matches nothing), which
	// Segmenter's isWordLike relies on: the class is spelt out from Go's
	// Unicode tables instead.
	patches = append(patches, [3]string{"intl-segmenter/polyfill-force.js",
		`new RegExp("[\\p{L}\\p{N}\\p{M}]", "u")`,
		`new RegExp("` + unicodeClass(unicode.L, unicode.N, unicode.M) + `", "u")`})
}

// unicodeClass spells out the code points of tables as a regular
// expression character class, escaped for a JS string literal.
func unicodeClass(tables ...*unicode.RangeTable) string {
	type span struct{ lo, hi rune }
	var spans []span
	add := func(lo, hi, stride rune) {
		if stride == 1 {
			spans = append(spans, span{lo, hi})
			return
		}
		for r := lo; r <= hi; r += stride {
			spans = append(spans, span{r, r})
		}
	}
	for _, t := range tables {
		for _, r := range t.R16 {
			add(rune(r.Lo), rune(r.Hi), rune(r.Stride))
		}
		for _, r := range t.R32 {
			add(rune(r.Lo), rune(r.Hi), rune(r.Stride))
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].lo < spans[j].lo })
	var merged []span
	for _, s := range spans {
		if n := len(merged); n > 0 && s.lo <= merged[n-1].hi+1 {
			if s.hi > merged[n-1].hi {
				merged[n-1].hi = s.hi
			}
			continue
		}
		merged = append(merged, s)
	}
	var b strings.Builder
	b.WriteByte('[')
	for _, s := range merged {
		fmt.Fprintf(&b, `\\u{%x}`, s.lo)
		if s.hi > s.lo {
			fmt.Fprintf(&b, `-\\u{%x}`, s.hi)
		}
	}
	b.WriteByte(']')
	return b.String()
}

// applied records the patches made, so that run can report one whose file
// was never loaded.
var applied = map[string]bool{}

var patchPlugin = api.Plugin{
	Name: "edgeplay-patch",
	Setup: func(b api.PluginBuild) {
		b.OnLoad(api.OnLoadOptions{Filter: `(polyfill-force|intl-localematcher/index)\.js$`}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			src, err := os.ReadFile(args.Path)
			if err != nil {
				return api.OnLoadResult{}, fmt.Errorf("read %s: %w", args.Path, err)
			}
			code := string(src)
			for _, p := range patches {
				if !strings.HasSuffix(filepath.ToSlash(args.Path), p[0]) {
					continue
				}
				if !strings.Contains(code, p[1]) {
					return api.OnLoadResult{}, fmt.Errorf("patch %s: %q not found", p[0], p[1])
				}
				code = strings.Replace(code, p[1], p[2], 1)
				applied[p[1]] = true
			}
			dir := filepath.Dir(args.Path)
			return api.OnLoadResult{Contents: &code, ResolveDir: dir, Loader: api.LoaderJS}, nil
		})
	},
}

// minify compacts one locale data script (a call to the service's
// __addLocaleData) into a function expression taking the Intl object.
func minify(src, name string) ([]byte, error) {
	res := api.Transform(src, api.TransformOptions{
		Target:           api.ES2020,
		MinifyWhitespace: true,
		MinifySyntax:     true,
		Charset:          api.CharsetUTF8,
		LegalComments:    api.LegalCommentsNone,
	})
	if len(res.Errors) > 0 {
		return nil, fmt.Errorf("minify %s: %s", name, res.Errors[0].Text)
	}
	return []byte("(function(Intl){" + string(bytes.TrimSpace(res.Code)) + "})"), nil
}

var packedRe = regexp.MustCompile(`(?s)__addTZData\((\{.*\})\)`)

// splitZones turns the packed IANA database script into JSON
// {"abbrvs":…, "offsets":…, "zones":{name: line}} so a zone's line can be
// unpacked on its own when a DateTimeFormat first uses it.
func splitZones(src string) ([]byte, error) {
	m := packedRe.FindStringSubmatch(src)
	if m == nil {
		return nil, errors.New("time zone data: no __addTZData call")
	}
	var packed struct {
		Abbrvs  string   `json:"abbrvs"`
		Offsets string   `json:"offsets"`
		Zones   []string `json:"zones"`
	}
	if err := json.Unmarshal([]byte(m[1]), &packed); err != nil {
		return nil, fmt.Errorf("time zone data: %w", err)
	}
	zones := map[string]string{}
	var names []string
	for _, z := range packed.Zones {
		name, _, _ := strings.Cut(z, "|")
		zones[name] = z
		names = append(names, name)
	}
	sort.Strings(names)
	out := struct {
		Abbrvs  string            `json:"abbrvs"`
		Offsets string            `json:"offsets"`
		Zones   map[string]string `json:"zones"`
	}{packed.Abbrvs, packed.Offsets, zones}
	return json.Marshal(out)
}

// write stores data gzip-compressed (the embedded files stay small; package
// intl inflates each once per process, when it is first needed).
func write(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("mkdir for %s: %w", path, err)
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("gzip %s: %w", path, err)
	}
	zw.ModTime = time.Time{}
	if _, err := zw.Write(data); err != nil {
		return fmt.Errorf("gzip %s: %w", path, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("gzip %s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
