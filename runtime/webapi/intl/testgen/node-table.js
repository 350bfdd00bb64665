// Writes runtime/webapi/testdata/intl-node20.json: a table of Intl calls
// (JS expressions) with the result Node 20 (full ICU) gives, which
// TestIntlMatchesNode replays in an Edgeplay isolate. Run from the
// repository root, in UTC with an en-US default locale:
//
//   TZ=UTC LANG=en_US.UTF-8 node runtime/webapi/intl/testgen/node-table.js
'use strict';
const fs = require('fs');
const path = require('path');

const cases = [];
const add = (api, code) => cases.push({ api, code });
const J = (v) => JSON.stringify(v);

const locales = ['en-US', 'en-GB', 'en-IN', 'de-DE', 'de-CH', 'fr-FR', 'fr-CA', 'es-ES', 'es-MX', 'it-IT', 'pt-BR', 'pt-PT', 'ru-RU', 'ja-JP', 'zh-CN', 'zh-TW', 'ko-KR', 'ar-EG', 'hi-IN', 'tr-TR', 'pl-PL', 'nl-NL', 'sv-SE', 'id-ID', 'vi-VN', 'th-TH', 'he-IL', 'fa-IR', 'uk-UA', 'cs-CZ'];
const few = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'pt-BR', 'ru-RU', 'ja-JP', 'zh-CN', 'ko-KR', 'ar-EG', 'hi-IN', 'tr-TR', 'pl-PL', 'nl-NL', 'it-IT', 'sv-SE', 'he-IL', 'zh-TW', 'fr-CA'];

// NumberFormat
const numOpts = [
  {}, { style: 'currency', currency: 'USD' }, { style: 'currency', currency: 'EUR' }, { style: 'currency', currency: 'JPY' },
  { style: 'currency', currency: 'GBP', currencyDisplay: 'name' }, { style: 'currency', currency: 'EUR', currencySign: 'accounting' },
  { style: 'percent' }, { notation: 'compact' }, { notation: 'compact', compactDisplay: 'long' },
  { style: 'unit', unit: 'kilometer-per-hour' }, { style: 'unit', unit: 'megabyte', unitDisplay: 'long' }, { style: 'unit', unit: 'celsius', unitDisplay: 'narrow' },
  { maximumFractionDigits: 0 }, { minimumFractionDigits: 2 }, { notation: 'scientific' }, { signDisplay: 'always' }, { maximumSignificantDigits: 3 },
];
const numVals = [0, 1, -1234.567, 1234567.891, 0.256];
for (const l of locales) for (const o of numOpts) for (const v of numVals) add('NumberFormat', `new Intl.NumberFormat(${J(l)}, ${J(o)}).format(${v})`);
for (const l of few) add('NumberFormat', `new Intl.NumberFormat(${J(l)}).resolvedOptions().locale`);
for (const l of few) add('NumberFormat', `JSON.stringify(new Intl.NumberFormat(${J(l)}, {style:'currency', currency:'EUR'}).formatToParts(-1234.5))`);

// DateTimeFormat
const dates = ['2024-03-10T06:59:59Z', '2024-03-10T07:00:00Z', '2024-10-27T00:59:59Z', '2024-10-27T01:00:00Z', '2024-12-31T23:30:00Z', '2000-02-29T12:05:09Z'];
const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Asia/Kolkata', 'Australia/Sydney', 'America/Los_Angeles'];
const dtOpts = [
  {}, { dateStyle: 'full' }, { dateStyle: 'medium', timeStyle: 'short' }, { timeStyle: 'long' }, { dateStyle: 'short', timeStyle: 'medium' },
  { year: 'numeric', month: 'long', day: 'numeric' }, { weekday: 'short', hour: '2-digit', minute: '2-digit' },
  { hour: 'numeric', minute: '2-digit', hour12: false }, { month: 'short', day: 'numeric', timeZoneName: 'short' },
];
for (const l of few) for (const o of dtOpts) for (let i = 0; i < dates.length; i++) {
  const tz = zones[(i + few.indexOf(l)) % zones.length];
  add('DateTimeFormat', `new Intl.DateTimeFormat(${J(l)}, ${J({ ...o, timeZone: tz })}).format(new Date(${J(dates[i])}))`);
}
for (const tz of zones) for (const d of dates) add('DateTimeFormat', `new Intl.DateTimeFormat('en-US', {timeZone: ${J(tz)}, timeZoneName: 'long', hour: 'numeric', minute: 'numeric'}).format(new Date(${J(d)}))`);
for (const l of few) add('DateTimeFormat', `JSON.stringify(new Intl.DateTimeFormat(${J(l)}).resolvedOptions())`);
for (const l of few) add('DateTimeFormat', `new Intl.DateTimeFormat(${J(l)}, {dateStyle: 'medium', timeZone: 'UTC'}).formatRange(new Date('2024-01-05T00:00:00Z'), new Date('2024-01-09T00:00:00Z'))`);

// Date.prototype.toLocale*String
for (const l of [undefined, ...few]) for (const d of dates.slice(0, 3)) {
  add('Date.toLocaleString', `new Date(${J(d)}).toLocaleString(${J(l)})`);
  add('Date.toLocaleString', `new Date(${J(d)}).toLocaleDateString(${J(l)}, {timeZone: 'Asia/Tokyo'})`);
  add('Date.toLocaleString', `new Date(${J(d)}).toLocaleTimeString(${J(l)}, {timeZone: 'America/Los_Angeles'})`);
}
add('Date.toLocaleString', `new Date(NaN).toLocaleString()`);

// Number / BigInt toLocaleString
for (const l of [undefined, ...locales]) for (const v of [1234.5, -0.5, 1e21, 123456789]) add('Number.toLocaleString', `(${v}).toLocaleString(${J(l)})`);
for (const l of [undefined, ...few]) add('Number.toLocaleString', `(12345678901234567890n).toLocaleString(${J(l)})`);
for (const l of few) add('Number.toLocaleString', `(0.5).toLocaleString(${J(l)}, {style: 'percent'})`);

// RelativeTimeFormat
const rtVals = [[-1, 'day'], [1, 'day'], [0, 'day'], [2, 'hour'], [-3, 'month'], [1, 'year'], [-5, 'minute'], [10, 'second'], [-2, 'week'], [1, 'quarter']];
for (const l of locales) for (const o of [{}, { numeric: 'auto' }, { style: 'short' }, { style: 'narrow', numeric: 'auto' }]) for (const [v, u] of rtVals) {
  add('RelativeTimeFormat', `new Intl.RelativeTimeFormat(${J(l)}, ${J(o)}).format(${v}, ${J(u)})`);
}

// PluralRules
for (const l of locales) for (const type of ['cardinal', 'ordinal']) for (const n of [0, 1, 2, 3, 4, 5, 11, 21, 22, 101, 1.5]) {
  add('PluralRules', `new Intl.PluralRules(${J(l)}, {type: ${J(type)}}).select(${n})`);
}

// ListFormat
for (const l of locales) for (const o of [{}, { type: 'disjunction' }, { type: 'unit', style: 'short' }, { style: 'narrow', type: 'unit' }]) for (const list of [['A', 'B'], ['A', 'B', 'C']]) {
  add('ListFormat', `new Intl.ListFormat(${J(l)}, ${J(o)}).format(${J(list)})`);
}

// Collator
const words = ['résumé', 'resume', 'Resume', 'apple', 'Äpfel', 'zebra', 'Zürich', 'item10', 'item2', 'ñandu', 'nube', 'çava', 'ca', 'cote', 'côte', 'coté', 'côté', 'a-b', 'ab', 'ß', 'ss', 'å', 'z'];
for (const l of locales) for (const o of [{}, { sensitivity: 'base' }, { numeric: true }, { caseFirst: 'upper' }]) {
  add('Collator', `${J(words)}.sort(new Intl.Collator(${J(l)}, ${J(o)}).compare).join(' ')`);
}
for (const l of few) for (const [a, b] of [['a', 'A'], ['a', 'á'], ['a', 'b'], ['ä', 'z'], ['item2', 'item10']]) for (const o of [{}, { sensitivity: 'base' }, { sensitivity: 'accent' }]) {
  add('Collator', `new Intl.Collator(${J(l)}, ${J(o)}).compare(${J(a)}, ${J(b)})`);
}
for (const [a, b] of [['a', 'b'], ['b', 'a'], ['a', 'a'], ['a', 'A'], ['ä', 'a'], ['résumé', 'resume']]) {
  add('String.localeCompare', `${J(a)}.localeCompare(${J(b)})`);
  add('String.localeCompare', `${J(a)}.localeCompare(${J(b)}, 'de', {sensitivity: 'base'})`);
}
for (const l of few) add('Collator', `new Intl.Collator(${J(l)}).resolvedOptions().locale`);

// Segmenter
const texts = ['Hello, world! How are you?', 'e\u0301👨‍👩‍👧 flag 🇩🇪!', 'Dr. Smith went home. He slept.', '你好世界。今天天气很好。'];
for (const l of ['en', 'de', 'zh', 'ja']) for (const g of ['grapheme', 'word', 'sentence']) for (const t of texts) {
  add('Segmenter', `JSON.stringify([...new Intl.Segmenter(${J(l)}, {granularity: ${J(g)}}).segment(${J(t)})].map(s => s.segment + (s.isWordLike ? '*' : '')))`);
}

// DisplayNames
for (const l of locales) {
  for (const c of ['de', 'en-US', 'zh-Hant', 'pt-BR', 'ja']) add('DisplayNames', `new Intl.DisplayNames(${J(l)}, {type: 'language'}).of(${J(c)})`);
  for (const c of ['US', 'DE', 'JP', 'BR', '419']) add('DisplayNames', `new Intl.DisplayNames(${J(l)}, {type: 'region'}).of(${J(c)})`);
  for (const c of ['USD', 'EUR', 'JPY']) add('DisplayNames', `new Intl.DisplayNames(${J(l)}, {type: 'currency'}).of(${J(c)})`);
  for (const c of ['Latn', 'Cyrl']) add('DisplayNames', `new Intl.DisplayNames(${J(l)}, {type: 'script'}).of(${J(c)})`);
}

// Locale, getCanonicalLocales, supportedValuesOf
for (const t of ['en-us', 'ZH-hant-tw', 'de-DE-u-co-phonebk', 'sr-Latn', 'iw', 'en-US-u-ca-gregory-nu-latn', 'ja-JP-u-ca-japanese']) {
  add('Locale', `new Intl.Locale(${J(t)}).toString()`);
  add('Locale', `new Intl.Locale(${J(t)}).maximize().toString()`);
  add('Locale', `new Intl.Locale(${J(t)}).minimize().toString()`);
  add('Locale', `new Intl.Locale(${J(t)}).language + '|' + new Intl.Locale(${J(t)}).region`);
  add('getCanonicalLocales', `Intl.getCanonicalLocales(${J(t)}).join()`);
}
add('getCanonicalLocales', `Intl.getCanonicalLocales(['EN-gb', 'en-GB', 'de']).join()`);
add('getCanonicalLocales', `(() => { try { Intl.getCanonicalLocales('en_US') } catch (e) { return e.name } })()`);
for (const k of ['calendar', 'collation', 'currency', 'numberingSystem', 'timeZone', 'unit']) {
  add('supportedValuesOf', `Intl.supportedValuesOf(${J(k)}).includes(${J({ calendar: 'gregory', collation: 'phonebk', currency: 'EUR', numberingSystem: 'arab', timeZone: 'Europe/Berlin', unit: 'meter' }[k])})`);
}

// Array / String methods
for (const l of [undefined, ...few]) {
  add('Array.toLocaleString', `[1234.5, new Date('2024-03-10T07:00:00Z'), 'x', null, 7n].toLocaleString(${J(l)}, {timeZone: 'UTC'})`);
}
for (const [s, l] of [['istanbul', 'tr'], ['İSTANBUL', 'tr'], ['i', 'az'], ['straße', 'de'], ['I', 'en'], ['ΣΊΣΥΦΟΣ', 'el'], ['i̇', 'lt']]) {
  add('String.toLocaleCase', `${J(s)}.toLocaleUpperCase(${J(l)})`);
  add('String.toLocaleCase', `${J(s)}.toLocaleLowerCase(${J(l)})`);
}
add('String.toLocaleCase', `'Istanbul'.toLocaleLowerCase()`);

// Run them.
const out = [];
for (const c of cases) {
  let want;
  try {
    want = String((0, eval)(c.code));
  } catch (e) {
    want = `throws ${e.name}`;
  }
  out.push({ api: c.api, code: c.code, want });
}
const file = path.join(__dirname, '..', '..', 'testdata', 'intl-node20.json');
fs.writeFileSync(file, JSON.stringify({ node: process.version, icu: process.versions.icu, cldr: process.versions.cldr, tz: process.versions.tz, cases: out }, null, 0).replace(/\},\{"api"/g, '},\n{"api"') + '\n');
console.log(`${out.length} cases -> ${file}`);
