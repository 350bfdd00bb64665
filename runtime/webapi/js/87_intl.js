// Intl and the locale-aware methods built on it (ECMA-402): the FormatJS
// polyfills (bundled into intl/dist, see intl_host.go) for NumberFormat,
// DateTimeFormat, RelativeTimeFormat, PluralRules, ListFormat, DisplayNames,
// Segmenter, Locale, getCanonicalLocales and supportedValuesOf, and a
// Collator on Go's golang.org/x/text/collate.
//
// Nothing runs at install: the global Intl is an accessor that replaces
// itself with the real object on first use, each Intl member is an accessor
// that runs its service's polyfill on first use, and each service loads a
// locale's data (and DateTimeFormat a time zone's rules) only when a locale
// list that resolves to it is first seen. The toLocale* methods are stubs
// that load what they need and call the service.
//
// Locales with data (intl/locales.json; the 30 most used languages plus
// common regional variants): en en-GB en-AU en-CA en-IN zh zh-Hant
// zh-Hant-HK es es-419 es-MX es-US ar hi pt pt-PT fr fr-CA fr-CH ru de de-AT
// de-CH ja ko it tr id vi pl nl th fa uk sv he cs ro el hu da fi nb bn ms,
// plus ar-EG and ar-SA (Arabic digits).
// Other locales fall back to the nearest of these (by the lookup rule:
// the tag, then shorter prefixes; every service resolves by lookup), or to
// en-US as Node does for a locale it has no data for.

const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectGetPrototypeOf = Object.getPrototypeOf;

const defaultLocale = 'en-US';
let dataLocales; // the locales with data, read on first use
function hasDataLocale(tag) {
  if (dataLocales === undefined) dataLocales = new Set(host.intlLocales());
  return dataLocales.has(tag);
}

// The services, each with its package and the members it defines on Intl.
const services = {
  getCanonicalLocales: 'intl-getcanonicallocales',
  Locale: 'intl-locale',
  PluralRules: 'intl-pluralrules',
  NumberFormat: 'intl-numberformat',
  DateTimeFormat: 'intl-datetimeformat',
  RelativeTimeFormat: 'intl-relativetimeformat',
  ListFormat: 'intl-listformat',
  DisplayNames: 'intl-displaynames',
  Segmenter: 'intl-segmenter',
  supportedValuesOf: 'intl-supportedvaluesof',
};

// The built-in methods the polyfills replace; the stubs below stay in place
// and call the polyfill's version, kept here.
const patched = [
  [Number.prototype, 'toLocaleString'],
  [BigInt.prototype, 'toLocaleString'],
  [Date.prototype, 'toLocaleString'],
  [Date.prototype, 'toLocaleDateString'],
  [Date.prototype, 'toLocaleTimeString'],
];
const impls = new Map(); // "Date.toLocaleString" etc. -> polyfill function

let intl; // the Intl object, once made
// loading is set while a polyfill's top level runs: the polyfills probe
// for native services there (Intl.Locale?.prototype…), and the probe must
// neither load that service nor find it.
let loading = 0;
let canonicalize; // the polyfill's getCanonicalLocales
const loadedPackages = new Set();
const loadedData = new Set(); // "intl-numberformat/de"

// dataLocaleFor returns the locale whose data serves tag in pkg, or
// undefined: the tag without extensions, then shorter prefixes (with the
// script Chinese regions imply).
function dataLocaleFor(pkg, tag) {
  let base = tag.split(/-[a-wy-z0-9]-|-x-/i)[0];
  const parts = base.split('-');
  if (parts[0] === 'zh' && (parts.length < 2 || parts[1].length !== 4)) {
    const region = parts[1];
    if (region === 'TW' || region === 'HK' || region === 'MO') parts.splice(1, 0, 'Hant');
  }
  if (parts[0] === 'no') parts[0] = 'nb';
  while (parts.length > 0) {
    const cand = parts.join('-');
    if (hasDataLocale(cand) && host.intlHasScript(`${pkg}/${cand}`)) return cand;
    parts.pop();
  }
  return undefined;
}

// cldrZoneIDs pairs CLDR's zone IDs with the IANA names that replaced them.
const cldrZoneIDs = [
  ['Asia/Calcutta', 'Asia/Kolkata'], ['Asia/Saigon', 'Asia/Ho_Chi_Minh'], ['Asia/Katmandu', 'Asia/Kathmandu'],
  ['Asia/Rangoon', 'Asia/Yangon'], ['Europe/Kiev', 'Europe/Kyiv'], ['Atlantic/Faeroe', 'Atlantic/Faroe'],
  ['America/Godthab', 'America/Nuuk'], ['Pacific/Truk', 'Pacific/Chuuk'], ['Pacific/Ponape', 'Pacific/Pohnpei'],
  ['Pacific/Enderbury', 'Pacific/Kanton'], ['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  ['America/Indianapolis', 'America/Indiana/Indianapolis'], ['America/Louisville', 'America/Kentucky/Louisville'],
  ['Asia/Chongqing', 'Asia/Shanghai'],
];

// dateDataUpdates bring FormatJS's DateTimeFormat data up to the CLDR
// release Node 20's ICU carries where they differ in common output.
const dateDataUpdates = {
  // Korean abbreviated AM/PM markers.
  ko(data) {
    data.am = 'AM';
    data.pm = 'PM';
  },
  // Portuguese joins a medium or short date and time with a comma.
  pt(data) {
    data.dateTimeFormat = { ...data.dateTimeFormat, medium: '{1}, {0}', short: '{1}, {0}' };
  },
};

function loadData(pkg, tag) {
  const loc = dataLocaleFor(pkg, tag);
  if (loc === undefined) return false;
  const key = `${pkg}/${loc}`;
  if (loadedData.has(key)) return true;
  loadedData.add(key);
  host.intlScript(key)(intl);
  if (pkg === services.DateTimeFormat) {
    const data = intl.DateTimeFormat.localeData[loc];
    if (data !== undefined) {
      // FormatJS's data lacks the hour cycle of two locales (CLDR timeData:
      // Taiwan uses the 12-hour clock, Iran the 24-hour one).
      if (!data.hourCycle) data.hourCycle = loc === 'zh-Hant' ? 'h12' : 'h23';
      // CLDR keys zone names by its own (older) zone IDs; DateTimeFormat
      // looks them up by the IANA name it canonicalizes to.
      const names = data.timeZoneName;
      if (names) {
        for (const [cldr, iana] of cldrZoneIDs) {
          if (names[cldr] !== undefined && names[iana] === undefined) names[iana] = names[cldr];
        }
      }
      const update = dateDataUpdates[loc] || dateDataUpdates[loc.split('-')[0]];
      if (update !== undefined) update(data);
    }
  }
  return true;
}

// canonFor is what a service's polyfill calls for Intl.getCanonicalLocales:
// it loads the data of every locale in the list (or of the default locale)
// before the service resolves it.
function canonFor(pkg) {
  return (locales) => {
    const list = canonicalize(locales);
    let found = false;
    for (let i = 0; i < list.length; i++) found = loadData(pkg, list[i]) || found;
    if (!found) loadData(pkg, defaultLocale);
    return list;
  };
}

function loadPackage(pkg) {
  if (loadedPackages.has(pkg)) return;
  loadedPackages.add(pkg);
  if (pkg !== services.getCanonicalLocales) loadPackage(services.getCanonicalLocales);
  const saved = patched.map(([obj, name]) => ObjectGetOwnPropertyDescriptor(obj, name));
  const run = host.intlScript(pkg);
  loading++;
  try {
    run(pkg === services.getCanonicalLocales ? (l) => canonicalize(l) : canonFor(pkg));
  } finally {
    loading--;
  }
  patched.forEach(([obj, name], i) => {
    const d = ObjectGetOwnPropertyDescriptor(obj, name);
    if (d.value !== saved[i].value) {
      impls.set(`${obj === Date.prototype ? 'Date' : obj === Number.prototype ? 'Number' : 'BigInt'}.${name}`, d.value);
      ObjectDefineProperty(obj, name, saved[i]);
    }
  });
  if (pkg === services.getCanonicalLocales) {
    canonicalize = intl.getCanonicalLocales;
    return;
  }
  for (const name of Object.keys(services)) {
    if (services[name] !== pkg) continue;
    const svc = intl[name];
    if (typeof svc === 'function' && '__defaultLocale' in svc) svc.__defaultLocale = defaultLocale;
  }
  if (pkg === services.DateTimeFormat) lazyTimeZones(intl.DateTimeFormat);
}

// lazyTimeZones gives DateTimeFormat the names of all IANA zones at once but
// each zone's transitions only when it is first read.
function lazyTimeZones(DTF) {
  const [names, abbrvs, offsets] = host.intlTimeZones();
  const data = {};
  for (const zone of names) {
    ObjectDefineProperty(data, zone, {
      enumerable: true,
      configurable: true,
      get() {
        const line = host.intlTimeZone(zone);
        DTF.__addTZData({ abbrvs, offsets, zones: [line] });
        const unpacked = DTF.tzData[zone];
        DTF.tzData = data;
        ObjectDefineProperty(data, zone, { value: unpacked, enumerable: true, configurable: true, writable: true });
        return unpacked;
      },
    });
  }
  DTF.tzData = data;
}

function service(name) {
  makeIntl();
  return intl[name];
}

// makeIntl creates the Intl namespace with a lazy accessor per member.
function makeIntl() {
  if (intl !== undefined) return intl;
  intl = {};
  ObjectDefineProperty(global, 'Intl', { value: intl, writable: true, enumerable: false, configurable: true });
  ObjectDefineProperty(intl, Symbol.toStringTag, { value: 'Intl', configurable: true });
  for (const name of Object.keys(services)) {
    const pkg = services[name];
    ObjectDefineProperty(intl, name, {
      configurable: true,
      enumerable: false,
      get() {
        if (loading > 0) return undefined;
        loadPackage(pkg);
        const d = ObjectGetOwnPropertyDescriptor(intl, name);
        if (d && d.get) return undefined;
        return intl[name];
      },
      set(v) {
        loadPackage(pkg);
        ObjectDefineProperty(intl, name, { value: v, writable: true, enumerable: false, configurable: true });
      },
    });
  }
  ObjectDefineProperty(intl, 'Collator', { value: Collator, writable: true, enumerable: false, configurable: true });
  return intl;
}

ObjectDefineProperty(global, 'Intl', {
  configurable: true,
  enumerable: false,
  get: makeIntl,
  set(v) {
    makeIntl();
    ObjectDefineProperty(global, 'Intl', { value: v, writable: true, enumerable: false, configurable: true });
  },
});

// ---- Collator (Go's x/text/collate) ----

const collatorSlots = new WeakMap();

function getOption(options, name, allowed, fallback) {
  let v = options[name];
  if (v === undefined) return fallback;
  if (allowed === Boolean) return Boolean(v);
  v = String(v);
  if (!allowed.includes(v)) throw new RangeError(`Value ${v} out of range for Intl.Collator options property ${name}`);
  return v;
}

function unicodeKey(tag, key) {
  const m = new RegExp(`-u(?:-[a-z0-9]{2,8})*?-${key}(?:-([a-z0-9]{3,8}))?(?=-|$)`, 'i').exec(tag);
  if (!m) return undefined;
  return m[1] === undefined ? 'true' : m[1].toLowerCase();
}

// collationLocale is the locale a Collator resolves to for a requested tag
// (without extensions): ICU has collation data per language, apart from
// a few regional variants.
function collationLocale(tag) {
  const parts = tag.split('-');
  const lang = parts[0].toLowerCase();
  if (lang === 'zh' || tag === 'en-US' || tag === 'fr-CA' || tag === 'he-IL') return tag;
  return lang;
}

function Collator(locales, options) {
  if (new.target === undefined) return new Collator(locales, options);
  const list = locales === undefined ? [] : service('getCanonicalLocales')(locales);
  if (options === undefined) options = {};
  else if (options === null) throw new TypeError('Cannot convert undefined or null to object');
  else options = Object(options);
  const usage = getOption(options, 'usage', ['sort', 'search'], 'sort');
  getOption(options, 'localeMatcher', ['lookup', 'best fit'], 'best fit');
  // Read as the spec does; only each language's default collation exists.
  if (options.collation !== undefined) String(options.collation);
  let numeric = options.numeric === undefined ? undefined : Boolean(options.numeric);
  let caseFirst = getOption(options, 'caseFirst', ['upper', 'lower', 'false'], undefined);
  let locale = defaultLocale;
  let requested = defaultLocale;
  for (const tag of list) {
    if (dataLocaleFor('intl-numberformat', tag) !== undefined) {
      requested = tag;
      locale = collationLocale(tag.split(/-[a-wy-z0-9]-|-x-/i)[0]);
      break;
    }
  }
  const ext = [];
  const kn = unicodeKey(requested, 'kn');
  if (kn !== undefined && numeric === undefined && (kn === 'true' || kn === 'false')) {
    numeric = kn === 'true';
    ext.push(kn === 'true' ? 'kn' : 'kn-false');
  }
  const kf = unicodeKey(requested, 'kf');
  if (kf !== undefined && caseFirst === undefined && ['upper', 'lower', 'false'].includes(kf)) {
    caseFirst = kf;
    ext.push(`kf-${kf}`);
  }
  if (ext.length) locale += `-u-${ext.join('-')}`;
  let sensitivity = getOption(options, 'sensitivity', ['base', 'accent', 'case', 'variant'], undefined);
  if (sensitivity === undefined) sensitivity = 'variant';
  const lang = locale.split('-')[0];
  let ignorePunctuation = options.ignorePunctuation === undefined ? lang === 'th' : Boolean(options.ignorePunctuation);
  collatorSlots.set(this, {
    coll: host.intlCollator(locale, sensitivity, ignorePunctuation, numeric === true, caseFirst === 'upper'),
    resolved: {
      locale, usage, sensitivity, ignorePunctuation, collation: 'default',
      numeric: numeric === true, caseFirst: caseFirst === undefined ? 'false' : caseFirst,
    },
    bound: undefined,
  });
}

function collatorSlotsOf(c, what) {
  const s = collatorSlots.get(c);
  if (s === undefined) throw new TypeError(`Method Intl.Collator.prototype.${what} called on incompatible receiver ${typeof c === 'object' ? '#<Object>' : String(c)}`);
  return s;
}

ObjectDefineProperty(Collator.prototype, 'compare', {
  configurable: true,
  enumerable: false,
  get: function compare() {
    const s = collatorSlotsOf(this, 'compare');
    if (s.bound === undefined) {
      const bound = (x, y) => host.intlCompare(s.coll, `${x}`, `${y}`);
      ObjectDefineProperty(bound, 'name', { value: '' });
      s.bound = bound;
    }
    return s.bound;
  },
});
ObjectDefineProperty(ObjectGetOwnPropertyDescriptor(Collator.prototype, 'compare').get, 'name', { value: 'get compare' });
ObjectDefineProperty(Collator.prototype, 'resolvedOptions', {
  configurable: true,
  enumerable: false,
  writable: true,
  value: function resolvedOptions() {
    return { ...collatorSlotsOf(this, 'resolvedOptions').resolved };
  },
});
ObjectDefineProperty(Collator.prototype, Symbol.toStringTag, { value: 'Intl.Collator', configurable: true });
ObjectDefineProperty(Collator, 'supportedLocalesOf', {
  configurable: true,
  enumerable: false,
  writable: true,
  value: function supportedLocalesOf(locales) {
    const list = service('getCanonicalLocales')(locales);
    return list.filter((tag) => dataLocaleFor('intl-numberformat', tag) !== undefined);
  },
});
ObjectDefineProperty(Collator, 'prototype', { writable: false });

// ---- locale-aware methods ----

// define replaces a built-in method, keeping its name and length.
function define(obj, name, fn, length) {
  ObjectDefineProperty(fn, 'name', { value: name, configurable: true });
  ObjectDefineProperty(fn, 'length', { value: length, configurable: true });
  ObjectDefineProperty(obj, name, { value: fn, writable: true, enumerable: false, configurable: true });
}

function callImpl(key, pkg, self, args) {
  makeIntl();
  loadPackage(pkg);
  return impls.get(key).apply(self, args);
}

const numberValueOf = Number.prototype.valueOf;
const bigintValueOf = BigInt.prototype.valueOf;
const dateGetTime = Date.prototype.getTime;

// Formatters for the common calls without options, cached per locale
// argument (constructing one is the expensive part).
const cachedFormatters = new Map();
function cachedFormatter(kind, locales, make) {
  if (locales !== undefined && typeof locales !== 'string') return make();
  const key = `${kind}|${locales}`;
  let f = cachedFormatters.get(key);
  if (f === undefined) {
    f = make();
    cachedFormatters.set(key, f);
  }
  return f;
}

define(Number.prototype, 'toLocaleString', function (locales, options) {
  const x = numberValueOf.call(this);
  if (options === undefined) return cachedFormatter('number', locales, () => new (service('NumberFormat'))(locales)).format(x);
  return callImpl('Number.toLocaleString', services.NumberFormat, x, [locales, options]);
}, 0);
define(BigInt.prototype, 'toLocaleString', function (locales, options) {
  const x = bigintValueOf.call(this);
  if (options === undefined) return cachedFormatter('number', locales, () => new (service('NumberFormat'))(locales)).format(x);
  return callImpl('BigInt.toLocaleString', services.NumberFormat, x, [locales, options]);
}, 0);
// The fields each Date method shows when options name none.
const dateDefaults = {
  toLocaleString: { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' },
  toLocaleDateString: { year: 'numeric', month: 'numeric', day: 'numeric' },
  toLocaleTimeString: { hour: 'numeric', minute: 'numeric', second: 'numeric' },
};
const dateTimeFields = ['weekday', 'era', 'year', 'month', 'day', 'dayPeriod', 'hour', 'minute', 'second', 'fractionalSecondDigits', 'timeZoneName', 'dateStyle', 'timeStyle'];

// dateTimeGlued formats the date and the time parts of Date's default
// toLocaleString separately and joins them with the locale's pattern, as
// ICU's pattern generator does (FormatJS instead picks one CLDR pattern
// with all six fields, which differs for ja, zh, ko and others).
function dateTimeGlued(locales, options) {
  const DTF = service('DateTimeFormat');
  const dateF = new DTF(locales, { ...options, ...dateDefaults.toLocaleDateString });
  const timeF = new DTF(locales, { ...options, ...dateDefaults.toLocaleTimeString });
  const data = DTF.localeData && DTF.localeData[dateF.resolvedOptions().locale];
  const glue = (data && data.dateTimeFormat && data.dateTimeFormat.short) || '{1}, {0}';
  return { format: (t) => glue.replace('{0}', timeF.format(t)).replace('{1}', dateF.format(t)) };
}

for (const name of ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']) {
  define(Date.prototype, name, function (locales, options) {
    const t = dateGetTime.call(this);
    if (options === undefined) {
      if (t !== t) return 'Invalid Date';
      if (name === 'toLocaleString') return cachedFormatter(name, locales, () => dateTimeGlued(locales)).format(t);
      return cachedFormatter(name, locales, () => new (service('DateTimeFormat'))(locales, dateDefaults[name])).format(t);
    }
    if (name === 'toLocaleString' && options !== null && typeof options === 'object' && !dateTimeFields.some((f) => options[f] !== undefined)) {
      if (t !== t) return 'Invalid Date';
      return dateTimeGlued(locales, options).format(t);
    }
    return callImpl(`Date.${name}`, services.DateTimeFormat, this, [locales, options]);
  }, 0);
}

let defaultCollator;
define(String.prototype, 'localeCompare', function (that, locales, options) {
  if (this === undefined || this === null) throw new TypeError('String.prototype.localeCompare called on null or undefined');
  const s = `${this}`;
  const t = `${that}`;
  if (locales === undefined && options === undefined) {
    if (defaultCollator === undefined) defaultCollator = new Collator();
    return defaultCollator.compare(s, t);
  }
  return new Collator(locales, options).compare(s, t);
}, 1);

function caseMap(self, locales, upper, what) {
  if (self === undefined || self === null) throw new TypeError(`String.prototype.${what} called on null or undefined`);
  const s = `${self}`;
  let tag = defaultLocale;
  if (locales !== undefined) {
    const list = service('getCanonicalLocales')(locales);
    if (list.length > 0) tag = list[0];
  }
  return host.intlCase(s, tag, upper);
}
define(String.prototype, 'toLocaleUpperCase', function (locales) {
  return caseMap(this, locales, true, 'toLocaleUpperCase');
}, 0);
define(String.prototype, 'toLocaleLowerCase', function (locales) {
  return caseMap(this, locales, false, 'toLocaleLowerCase');
}, 0);

// ECMA-402's Array.prototype.toLocaleString passes locales and options to
// each element's toLocaleString.
function listToLocaleString(arr, locales, options) {
  const len = arr.length;
  let out = '';
  for (let i = 0; i < len; i++) {
    if (i > 0) out += ',';
    const e = arr[i];
    if (e !== undefined && e !== null) out += `${e.toLocaleString(locales, options)}`;
  }
  return out;
}
define(Array.prototype, 'toLocaleString', function (locales, options) {
  return listToLocaleString(Object(this), locales, options);
}, 0);
const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype);
const typedArrayToLocaleString = TypedArrayPrototype.toLocaleString;
define(TypedArrayPrototype, 'toLocaleString', function (locales, options) {
  typedArrayToLocaleString.call(this); // brand check
  return listToLocaleString(this, locales, options);
}, 0);
