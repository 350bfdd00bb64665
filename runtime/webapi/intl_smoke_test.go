package webapi

import (
	"runtime"
	"testing"
	"time"
)

// TestIntlBasics checks one call of every Intl service and locale-aware
// method (the Node table in TestIntlMatchesNode covers them in depth).
func TestIntlBasics(t *testing.T) {
	runCases(t, []jsCase{
		{name: "typeof", src: `typeof Intl`, want: "object"},
		{name: "toStringTag", src: `Object.prototype.toString.call(Intl)`, want: "[object Intl]"},
		{name: "number default", src: `(1234.5).toLocaleString()`, want: "1,234.5"},
		{name: "currency de", src: `(1234.5).toLocaleString('de-DE', {style:'currency', currency:'EUR'})`, want: "1.234,50\u00a0€"},
		{name: "compact", src: `new Intl.NumberFormat('en', {notation:'compact'}).format(1234567)`, want: "1.2M"},
		{name: "bigint", src: `(12345n).toLocaleString('de')`, want: "12.345"},
		{name: "dst edge", src: `new Date(Date.UTC(2024,2,10,7)).toLocaleString('en-US', {timeZone:'America/New_York'})`, want: "3/10/2024, 3:00:00 AM"},
		{name: "date default utc", src: `new Date(0).toLocaleString()`, want: "1/1/1970, 12:00:00 AM"},
		{name: "dateStyle ja", src: `new Date(0).toLocaleDateString('ja-JP', {dateStyle:'full', timeZone:'Asia/Tokyo'})`, want: "1970年1月1日木曜日"},
		{name: "relative", src: `new Intl.RelativeTimeFormat('fr', {numeric:'auto'}).format(-1, 'day')`, want: "hier"},
		{name: "ordinal", src: `new Intl.PluralRules('en', {type:'ordinal'}).select(22)`, want: "two"},
		{name: "list", src: `new Intl.ListFormat('en').format(['a','b','c'])`, want: "a, b, and c"},
		{name: "collator", src: `['b','a','ä','z'].sort(new Intl.Collator('de').compare).join()`, want: "a,ä,b,z"},
		{name: "collator upper first", src: `['a','A'].sort(new Intl.Collator('en', {caseFirst:'upper'}).compare).join()`, want: "A,a"},
		{name: "localeCompare", src: `'a'.localeCompare('B')`, want: "-1"},
		{name: "segmenter", src: `[...new Intl.Segmenter('en', {granularity:'word'}).segment('Hi there')].map(s=>s.segment).join('|')`, want: "Hi| |there"},
		{name: "display names", src: `new Intl.DisplayNames('en', {type:'region'}).of('DE')`, want: "Germany"},
		{name: "locale", src: `new Intl.Locale('en').maximize().toString()`, want: "en-Latn-US"},
		{name: "canonical", src: `Intl.getCanonicalLocales('EN-us').join()`, want: "en-US"},
		{name: "supportedValuesOf", src: `Intl.supportedValuesOf('currency').includes('EUR')`, want: "true"},
		{name: "turkish upper", src: `'i'.toLocaleUpperCase('tr')`, want: "İ"},
		{name: "array", src: `[1234.5, new Date(0)].toLocaleString('de', {timeZone:'UTC'})`, want: "1.234,5,1.1.1970, 00:00:00"},
		{name: "name", src: `Intl.NumberFormat.name + ' ' + Number.prototype.toLocaleString.name`, want: "NumberFormat toLocaleString"},
	})
}

// TestIntlLazy checks that installing the globals runs none of Intl and
// that the first use replaces the accessors with the real values.
func TestIntlLazy(t *testing.T) {
	e := newEnv(t)
	v, err := e.run(`typeof Object.getOwnPropertyDescriptor(globalThis, 'Intl').get`)
	if err != nil || v.String() != "function" {
		t.Fatalf("Intl before use: %v %v", v, err)
	}
	v, err = e.run(`Intl.PluralRules; [typeof Object.getOwnPropertyDescriptor(globalThis, 'Intl').value, typeof Object.getOwnPropertyDescriptor(Intl, 'PluralRules').value, typeof Object.getOwnPropertyDescriptor(Intl, 'DateTimeFormat').get].join()`)
	if err != nil || v.String() != "object,function,function" {
		t.Fatalf("Intl after use: %v %v", v, err)
	}
	// Only the locales asked for are loaded.
	v, err = e.run(`new Intl.NumberFormat('de-AT').format(1); ['de-AT', 'de', 'fr', 'en'].map((l) => l in Intl.NumberFormat.localeData).join()`)
	if err != nil || v.String() != "true,true,false,false" {
		t.Fatalf("locale data loaded: %v %v", v, err)
	}
}

// TestIntlFirstUseCost logs the time and heap a fresh isolate spends on its
// first Intl calls (after the process has compiled the scripts once).
func TestIntlFirstUseCost(t *testing.T) {
	for _, c := range []struct{ name, src string }{
		{"number", `(1234.5).toLocaleString()`},
		{"number de", `(1234.5).toLocaleString('de', {style: 'currency', currency: 'EUR'})`},
		{"date", `new Date(0).toLocaleString()`},
		{"date tz de", `new Date(0).toLocaleString('de', {timeZone: 'Europe/Berlin'})`},
		{"collator", `'a'.localeCompare('b')`},
		{"plural", `new Intl.PluralRules('en').select(1)`},
	} {
		start := time.Now()
		if _, err := newEnv(t).run(c.src); err != nil { // compiles once per process
			t.Fatalf("%s: %v", c.name, err)
		}
		firstInProcess := time.Since(start)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		e := newEnv(t)
		start = time.Now()
		if _, err := e.run(c.src); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		took := time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&after)
		t.Logf("first use %-10s %8v  heap +%d KiB  (first in process, with compiling: %v)", c.name, took.Round(time.Millisecond/10), (int64(after.HeapAlloc)-int64(before.HeapAlloc))/1024, firstInProcess.Round(time.Millisecond))
		runtime.KeepAlive(e)
	}
}
