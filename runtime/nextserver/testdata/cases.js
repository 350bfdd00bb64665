// Behaviour cases for js/next-server.js, shared by the Go tests (goja with
// the doubles in webapi-doubles.js) and testdata/node-check.mjs (Node.js
// with its real Web APIs, and optionally real Next.js).
//
// A case: { name, next (default 15), edgeplayOnly, run(mod, h), want }.
// run returns a string (or a promise of one) that must equal want. Cases
// marked edgeplayOnly test Edgeplay additions or host hooks; node-check
// skips them when it runs against real Next.js (NEXT_SERVER_REF).
//
// Expected strings were produced by Next.js 15.5.29 under Node.js 20.
(function (global) {
  'use strict';

  var FIXED_NOW = Date.UTC(2025, 0, 2, 3, 4, 5);
  var INTERNALS = Symbol.for('edgeplay.next-server.internals');

  function json(v) {
    return JSON.stringify(v);
  }

  function message(fn) {
    try {
      fn();
    } catch (e) {
      return e.name + ': ' + e.message;
    }
    return 'no error';
  }

  // Helpers stub Date.now and console.warn; restore() undoes both.
  function helpers(mod) {
    var realNow = Date.now;
    var hasConsole = typeof console !== 'undefined';
    var realWarn = hasConsole ? console.warn : undefined;
    var h = {
      warnings: [],
      internals: mod[INTERNALS],
      fixNow: function (ms) {
        Date.now = function () { return ms; };
      },
      restore: function () {
        Date.now = realNow;
        if (hasConsole) console.warn = realWarn;
      },
    };
    if (!hasConsole) global.console = { log: function () {}, error: function () {} };
    console.warn = function () {
      h.warnings.push(Array.prototype.map.call(arguments, String).join(' '));
    };
    return h;
  }

  var UA = {
    chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
    safariIPhone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
    firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
    edgeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80',
    chromeAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
    googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    curl: 'curl/8.5.0',
  };

  function ua(mod, s) {
    return json(mod.userAgentFromString(s));
  }

  var CASES = [
    // ------------------------------------------------------ request cookies
    {
      name: 'request cookies: parse, decode, last duplicate wins, bad encoding skipped',
      run: function (mod) {
        var req = new mod.NextRequest('https://e.com/', { headers: { cookie: 'a=1; b=%20x; a=2; bad=%E0%A4%A; flag; c=x=y' } });
        return json(Array.from(req.cookies));
      },
      want: '[["a",{"name":"a","value":"2"}],["b",{"name":"b","value":" x"}],["flag",{"name":"flag","value":"true"}],["c",{"name":"c","value":"x=y"}]]',
    },
    {
      name: 'request cookies: undecodable duplicate keeps the earlier value',
      run: function (mod) {
        var req = new mod.NextRequest('https://e.com/', { headers: { cookie: 'x=1; x=%E0' } });
        return json(req.cookies.get('x'));
      },
      want: '{"name":"x","value":"1"}',
    },
    {
      name: 'request cookies: get, getAll, has, size, toString',
      run: function (mod) {
        var c = new mod.NextRequest('https://e.com/', { headers: { cookie: 'a=1; b=two%3D2' } }).cookies;
        return [json(c.get('a')), String(c.get('nope')), json(c.get({ name: 'b' })), json(c.getAll()), json(c.getAll('b')),
          c.has('a'), c.has('z'), c.size, c.toString()].join(' | ');
      },
      want: '{"name":"a","value":"1"} | undefined | {"name":"b","value":"two=2"} | [{"name":"a","value":"1"},{"name":"b","value":"two=2"}] | [{"name":"b","value":"two=2"}] | true | false | 2 | a=1; b=two%3D2',
    },
    {
      name: 'request cookies: set, delete and clear rewrite the cookie header',
      run: function (mod) {
        var req = new mod.NextRequest('https://e.com/', { headers: { cookie: 'a=1; b=2' } });
        var out = [];
        req.cookies.set('n', 'v w');
        out.push(req.headers.get('cookie'));
        req.cookies.set({ name: 'a', value: '9' });
        out.push(req.headers.get('cookie'));
        out.push(json(req.cookies.delete('b')));
        out.push(json(req.cookies.delete(['n', 'zz'])));
        out.push(req.headers.get('cookie'));
        out.push(req.cookies.clear() === req.cookies);
        out.push(json(req.headers.get('cookie')) + ' ' + req.cookies.size);
        return out.join(' | ');
      },
      want: 'a=1; b=2; n=v%20w | a=9; b=2; n=v%20w | true | [true,false] | a=9 | true | "" 0',
    },
    {
      name: 'request cookies: JSON shape',
      run: function (mod) {
        return json(new mod.NextRequest('https://e.com/', { headers: { cookie: 'a=1' } }).cookies);
      },
      want: '{"_parsed":{},"_headers":{}}',
    },

    // ----------------------------------------------------- response cookies
    {
      name: 'response cookies: R-NEXT-2 session example (maxAge adds Expires)',
      run: function (mod, h) {
        h.fixNow(FIXED_NOW);
        var res = new mod.NextResponse(null);
        res.cookies.set('session', 'abc123', { maxAge: 3600, secure: true, httpOnly: true, sameSite: 'lax' });
        return json(res.headers.getSetCookie());
      },
      want: '["session=abc123; Path=/; Expires=Thu, 02 Jan 2025 04:04:05 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=lax"]',
    },
    {
      name: 'response cookies: R-NEXT-2 cross-site example, object form',
      run: function (mod) {
        var res = new mod.NextResponse(null);
        res.cookies.set({ name: 'cross', value: 'x', domain: 'example.com', secure: true, sameSite: 'none' });
        return json(res.headers.getSetCookie());
      },
      want: '["cross=x; Path=/; Domain=example.com; Secure; SameSite=none"]',
    },
    {
      name: 'response cookies: values are percent-encoded, path kept',
      run: function (mod) {
        var res = new mod.NextResponse(null);
        res.cookies.set('enc', 'a b;c=d', { path: '/api' });
        return json(res.headers.getSetCookie());
      },
      want: '["enc=a%20b%3Bc%3Dd; Path=/api"]',
    },
    {
      name: 'response cookies: delete by name and with path and domain',
      run: function (mod) {
        var res = new mod.NextResponse(null);
        res.cookies.delete('gone');
        res.cookies.delete({ name: 'other', path: '/x', domain: 'example.com' });
        return json(res.headers.getSetCookie());
      },
      want: '["gone=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT","other=; Path=/x; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Domain=example.com"]',
    },
    {
      name: 'response cookies: setting a name again replaces it in place',
      run: function (mod) {
        var res = new mod.NextResponse(null);
        res.cookies.set('a', '1', { httpOnly: true });
        res.cookies.set('b', '2');
        res.cookies.set('a', '3');
        return json(res.headers.getSetCookie());
      },
      want: '["a=3; Path=/","b=2; Path=/"]',
    },
    {
      name: 'response cookies: partitioned, priority, maxAge 0, numeric expires',
      run: function (mod) {
        var res = new mod.NextResponse(null);
        res.cookies.set('p', '1', { secure: true, partitioned: true, priority: 'high' });
        res.cookies.set('z', '0', { maxAge: 0, expires: 0 });
        return json(res.headers.getSetCookie()) + ' | ' + String(res.cookies);
      },
      want: '["p=1; Path=/; Secure; Partitioned; Priority=high","z=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"] | p=1; Path=/; Secure; Partitioned; Priority=high; z=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0',
    },
    {
      name: 'response cookies: get, getAll, has',
      run: function (mod) {
        var res = new mod.NextResponse(null);
        res.cookies.set('p', '1', { secure: true });
        res.cookies.set('q', '2');
        return [json(res.cookies.get('p')), String(res.cookies.get('x')), json(res.cookies.getAll('q')),
          res.cookies.getAll().length, res.cookies.has('q'), res.cookies.has('x')].join(' | ');
      },
      want: '{"name":"p","value":"1","secure":true,"path":"/"} | undefined | [{"name":"q","value":"2","path":"/"}] | 2 | true | false',
    },
    {
      name: 'response cookies: Set-Cookie lines from init are re-serialised, lines appended before a set() are dropped, later ones kept',
      run: function (mod) {
        var res = new mod.NextResponse('x', { headers: { 'set-cookie': 'raw=1; HttpOnly; Foo=bar' } });
        res.headers.append('set-cookie', 'early=1');
        res.cookies.set('a', '1');
        res.headers.append('set-cookie', 'late=2; Max-Age=5');
        return json(res.headers.getSetCookie());
      },
      want: '["raw=1; HttpOnly","a=1; Path=/","late=2; Max-Age=5"]',
    },
    {
      name: 'response cookies: parsed from init, read back',
      run: function (mod) {
        var res = new mod.NextResponse(null, { headers: [['set-cookie', 'k=v%20w; Path=/p; Max-Age=60; SameSite=Strict; Secure'], ['set-cookie', 'n=1']] });
        return json(res.cookies.getAll());
      },
      want: '[{"name":"k","value":"v w","maxAge":60,"path":"/p","sameSite":"strict","secure":true},{"name":"n","value":"1"}]',
    },
    {
      name: 'response cookies: set() mirrors into x-middleware-set-cookie',
      run: function (mod) {
        var res = new mod.NextResponse(null, { headers: { 'set-cookie': 'raw=1; HttpOnly' } });
        res.cookies.set('a', '1');
        return res.headers.get('x-middleware-set-cookie');
      },
      want: 'raw=1; HttpOnly,a=1; Path=/',
    },

    // ---------------------------------------------------------- NextResponse
    {
      name: 'NextResponse.json',
      run: function (mod) {
        var res = mod.NextResponse.json({ a: 1 }, { status: 201, statusText: 'Made', headers: { 'x-y': 'z' } });
        return res.text().then(function (body) {
          return [json(Array.from(res.headers)), res.status, res.statusText, res instanceof mod.NextResponse, res instanceof Response, body].join(' | ');
        });
      },
      want: '[["content-type","application/json"],["x-y","z"]] | 201 | Made | true | true | {"a":1}',
    },
    {
      name: 'NextResponse.redirect: default 307, absolute Location',
      run: function (mod) {
        var res = mod.NextResponse.redirect('https://example.com');
        return res.status + ' ' + res.headers.get('location') + ' ' + res.body;
      },
      want: '307 https://example.com/ null',
    },
    {
      name: 'NextResponse.redirect: allowed and refused statuses',
      run: function (mod) {
        var out = [];
        for (var s of [301, 302, 303, 307, 308]) out.push(mod.NextResponse.redirect('https://e.com/x', s).status);
        for (var bad of [200, 300, 304, 309]) out.push(message(function () { mod.NextResponse.redirect('https://e.com/x', bad); }));
        out.push(message(function () { mod.NextResponse.redirect('https://e.com/x', { status: 404 }); }));
        return out.join(' | ');
      },
      want: '301 | 302 | 303 | 307 | 308 | RangeError: Failed to execute "redirect" on "response": Invalid status code | RangeError: Failed to execute "redirect" on "response": Invalid status code | RangeError: Failed to execute "redirect" on "response": Invalid status code | RangeError: Failed to execute "redirect" on "response": Invalid status code | RangeError: Failed to execute "redirect" on "response": Invalid status code',
    },
    {
      name: 'NextResponse.redirect: init object',
      run: function (mod) {
        var res = mod.NextResponse.redirect(new URL('https://example.com/a b'), { status: 308, headers: { 'x-a': '1' } });
        return json(Array.from(res.headers)) + ' ' + res.status;
      },
      want: '[["location","https://example.com/a%20b"],["x-a","1"]] 308',
    },
    {
      name: 'NextResponse.redirect: relative URL is an Error caused by the URL TypeError',
      run: function (mod) {
        try {
          mod.NextResponse.redirect('/login');
        } catch (e) {
          return e.name + ': ' + e.message + ' | cause ' + (e.cause instanceof TypeError);
        }
        return 'no error';
      },
      want: 'Error: URL is malformed "/login". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls | cause true',
    },
    {
      name: 'NextResponse.next and request header overrides',
      run: function (mod) {
        var a = mod.NextResponse.next();
        var b = mod.NextResponse.next({ request: { headers: new Headers({ 'x-a': '1', 'x-b': '2' }) } });
        return [a.status, String(a.body), json(Array.from(a.headers)), json(Array.from(b.headers)),
          message(function () { mod.NextResponse.next({ request: { headers: { 'x-a': '1' } } }); })].join(' | ');
      },
      want: '200 | null | [["x-middleware-next","1"]] | [["x-middleware-next","1"],["x-middleware-override-headers","x-a,x-b"],["x-middleware-request-x-a","1"],["x-middleware-request-x-b","2"]] | Error: request.headers must be an instance of Headers',
    },
    {
      name: 'NextResponse.rewrite sets x-middleware-rewrite',
      run: function (mod) {
        var res = mod.NextResponse.rewrite('https://example.com/dest?x=1');
        return json(Array.from(res.headers)) + ' ' + res.status;
      },
      want: '[["x-middleware-rewrite","https://example.com/dest?x=1"]] 200',
    },
    {
      name: 'NextResponse.rewrite warns that it only works in middleware',
      edgeplayOnly: true,
      run: function (mod, h) {
        mod.NextResponse.rewrite(new URL('https://example.com/dest'));
        return h.warnings.length + ' ' + /only has an effect in middleware/.test(h.warnings[0]);
      },
      want: '1 true',
    },
    {
      name: 'NextResponse: status out of range is the host Response RangeError',
      run: function (mod) {
        return message(function () { new mod.NextResponse(null, { status: 600 }); });
      },
      want: 'RangeError: init["status"] must be in the range of 200 to 599, inclusive.',
    },
    {
      name: 'NextResponse: toStringTag comes from Response',
      run: function (mod) {
        return Object.prototype.toString.call(new mod.NextResponse('x')) + ' ' + Object.prototype.toString.call(new mod.NextResponse('x').cookies);
      },
      want: '[object Response] [object Object]',
    },

    // ----------------------------------------------------------- NextRequest
    {
      name: 'NextRequest: url and nextUrl normalise 127.0.0.1 to localhost',
      run: function (mod) {
        var req = new mod.NextRequest('http://127.0.0.1:3000/api/x/?a=1');
        return [req.url, req.nextUrl.href, req.nextUrl.hostname, req.nextUrl.pathname, req.nextUrl.searchParams.get('a'), json(req.nextUrl)].join(' | ');
      },
      want: 'http://localhost:3000/api/x/?a=1 | http://localhost:3000/api/x/?a=1 | localhost | /api/x/ | 1 | "http://localhost:3000/api/x/?a=1"',
    },
    {
      name: 'NextRequest: NextURL properties',
      run: function (mod) {
        var u = new mod.NextRequest('https://e.com:8443/a?b=1#frag').nextUrl;
        return [json(u.basePath), json(u.locale), String(u.defaultLocale), String(u.buildId), u.origin, u.host, u.hostname, u.port,
          u.protocol, u.search, u.hash, u.href, String(u)].join(' | ');
      },
      want: '"" | "" | undefined | undefined | https://e.com:8443 | e.com:8443 | e.com | 8443 | https: | ?b=1 | #frag | https://e.com:8443/a?b=1#frag | https://e.com:8443/a?b=1#frag',
    },
    {
      name: 'NextRequest: nextUrl.clone and setters (trailing slash of the original is kept)',
      run: function (mod) {
        var req = new mod.NextRequest('http://127.0.0.1:3000/api/x/?a=1');
        var c = req.nextUrl.clone();
        c.pathname = '/y';
        c.searchParams.set('q', '1 2');
        var d = new mod.NextRequest('https://e.com/a').nextUrl.clone();
        d.pathname = '/b/';
        d.search = '?z=1';
        d.hash = 'h';
        d.protocol = 'http:';
        d.host = 'other.com:81';
        d.basePath = 'docs';
        return [c.href, req.nextUrl.href, d.href, d.basePath, d.pathname].join(' | ');
      },
      want: 'http://localhost:3000/y/?a=1&q=1+2 | http://localhost:3000/api/x/?a=1 | http://other.com:81/docs/b?z=1#h | /docs | /b/',
    },
    {
      name: 'NextRequest: locale setter without i18n config',
      run: function (mod) {
        return message(function () { new mod.NextRequest('https://e.com/').nextUrl.locale = 'fr'; });
      },
      want: 'TypeError: The NextURL configuration includes no locale "fr"',
    },
    {
      name: 'NextRequest: page and ua throw as in Next.js',
      run: function (mod) {
        var req = new mod.NextRequest('https://e.com/');
        return json(message(function () { return req.page; })) + ' | ' + json(message(function () { return req.ua; }));
      },
      want: '"Error: The request.page has been deprecated in favour of `URLPattern`.\\n  Read more: https://nextjs.org/docs/messages/middleware-request-page\\n  " | "Error: The request.ua has been removed in favour of `userAgent` function.\\n  Read more: https://nextjs.org/docs/messages/middleware-parse-user-agent\\n  "',
    },
    {
      name: 'NextRequest (Next 15): no geo, no ip',
      run: function (mod) {
        var req = new mod.NextRequest('https://e.com/', { headers: { 'x-vercel-ip-country': 'BR', 'x-real-ip': '1.2.3.4' } });
        return [String(req.geo), String(req.ip), 'geo' in req, 'ip' in req].join(' ');
      },
      want: 'undefined undefined false false',
    },
    {
      name: 'NextRequest (Next 14): geo and ip from the Vercel headers',
      next: 14,
      edgeplayOnly: true,
      run: function (mod) {
        var req = new mod.NextRequest('https://e.com/', {
          headers: {
            'x-vercel-ip-city': 'S%C3%A3o%20Paulo',
            'x-vercel-ip-country': 'BR',
            'x-vercel-ip-country-region': 'SP',
            'x-vercel-ip-latitude': '-23.5475',
            'x-vercel-ip-longitude': '-46.6361',
            'x-real-ip': '203.0.113.7',
          },
        });
        var bare = new mod.NextRequest('https://e.com/');
        var given = new mod.NextRequest('https://e.com/', { geo: { country: 'SE' }, ip: '::1', headers: { 'x-real-ip': '1.1.1.1' } });
        return [json(req.geo), req.ip, json(bare.geo), String(bare.ip), json(given.geo), given.ip].join(' | ');
      },
      want: '{"city":"São Paulo","country":"BR","region":"SP","latitude":"-23.5475","longitude":"-46.6361"} | 203.0.113.7 | {} | undefined | {"country":"SE"} | ::1',
    },
    {
      name: 'NextRequest (Next 14): undecodable city stays as sent',
      next: 14,
      edgeplayOnly: true,
      run: function (mod) {
        return json(new mod.NextRequest('https://e.com/', { headers: { 'x-vercel-ip-city': 'Bad%E0' } }).geo);
      },
      want: '{"city":"Bad%E0"}',
    },
    {
      name: 'NextRequest: from a Request, body and cookies',
      run: function (mod) {
        var req = new mod.NextRequest(new Request('https://e.com/a', { method: 'POST', body: 'hi', headers: { cookie: 'k=v' } }));
        return req.text().then(function (t) {
          return [req.method, t, json(req.cookies.get('k')), req.url, req instanceof Request].join(' | ');
        });
      },
      want: 'POST | hi | {"name":"k","value":"v"} | https://e.com/a | true',
    },
    {
      name: 'NextRequest: relative URL is refused',
      run: function (mod) {
        return message(function () { new mod.NextRequest('/api/x'); });
      },
      want: 'Error: URL is malformed "/api/x". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls',
    },
    {
      name: 'NextRequest: toStringTag comes from Request',
      run: function (mod) {
        return Object.prototype.toString.call(new mod.NextRequest('https://e.com/'));
      },
      want: '[object Request]',
    },

    // ------------------------------------------------------------- userAgent
    {
      name: 'userAgent: Chrome on Windows',
      run: function (mod) { return ua(mod, UA.chromeWindows); },
      want: '{"ua":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36","browser":{"name":"Chrome","version":"124.0.0.0","major":"124"},"engine":{"name":"Blink","version":"124.0.0.0"},"os":{"name":"Windows","version":"10"},"device":{},"cpu":{"architecture":"amd64"},"isBot":false}',
    },
    {
      name: 'userAgent: Safari on macOS',
      run: function (mod) { return ua(mod, UA.safariMac); },
      want: '{"ua":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15","browser":{"name":"Safari","version":"17.4.1","major":"17"},"engine":{"name":"WebKit","version":"605.1.15"},"os":{"name":"Mac OS","version":"10.15.7"},"device":{"vendor":"Apple","model":"Macintosh"},"cpu":{},"isBot":false}',
    },
    {
      name: 'userAgent: Safari on iPhone',
      run: function (mod) { return ua(mod, UA.safariIPhone); },
      want: '{"ua":"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1","browser":{"name":"Mobile Safari","version":"17.4.1","major":"17"},"engine":{"name":"WebKit","version":"605.1.15"},"os":{"name":"iOS","version":"17.4.1"},"device":{"vendor":"Apple","model":"iPhone","type":"mobile"},"cpu":{},"isBot":false}',
    },
    {
      name: 'userAgent: Firefox on Linux',
      run: function (mod) { return ua(mod, UA.firefoxLinux); },
      want: '{"ua":"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0","browser":{"name":"Firefox","version":"125.0","major":"125"},"engine":{"name":"Gecko","version":"125.0"},"os":{"name":"Linux","version":"x86_64"},"device":{},"cpu":{"architecture":"amd64"},"isBot":false}',
    },
    {
      name: 'userAgent: Edge on Windows',
      run: function (mod) { return ua(mod, UA.edgeWindows); },
      want: '{"ua":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80","browser":{"name":"Edge","version":"124.0.2478.80","major":"124"},"engine":{"name":"Blink","version":"124.0.0.0"},"os":{"name":"Windows","version":"10"},"device":{},"cpu":{"architecture":"amd64"},"isBot":false}',
    },
    {
      name: 'userAgent: Chrome on Android (Pixel)',
      run: function (mod) { return ua(mod, UA.chromeAndroid); },
      want: '{"ua":"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36","browser":{"name":"Chrome","version":"124.0.6367.82","major":"124"},"engine":{"name":"Blink","version":"124.0.6367.82"},"os":{"name":"Android","version":"14"},"device":{"vendor":"Google","model":"Pixel 8","type":"mobile"},"cpu":{},"isBot":false}',
    },
    {
      name: 'userAgent: Googlebot is a bot',
      run: function (mod) { return ua(mod, UA.googlebot); },
      want: '{"ua":"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)","browser":{},"engine":{},"os":{},"device":{},"cpu":{},"isBot":true}',
    },
    {
      name: 'userAgent: curl is neither a known browser nor a bot (as in UAParser.js 1.0.35)',
      run: function (mod) { return ua(mod, UA.curl); },
      want: '{"ua":"curl/8.5.0","browser":{},"engine":{},"os":{},"device":{},"cpu":{},"isBot":false}',
    },
    {
      name: 'userAgent: unknown fields are present and undefined',
      run: function (mod) {
        var r = mod.userAgentFromString(UA.chromeWindows);
        return json([Object.keys(r), Object.keys(r.browser), Object.keys(r.device), Object.keys(r.engine), Object.keys(r.os), Object.keys(r.cpu), r.device.model === undefined]);
      },
      want: '[["ua","browser","engine","os","device","cpu","isBot"],["name","version","major"],["vendor","model","type"],["name","version"],["name","version"],["architecture"],true]',
    },
    {
      name: 'userAgent(req) reads the user-agent header; none gives an empty ua',
      run: function (mod) {
        var a = mod.userAgent(new mod.NextRequest('https://e.com/', { headers: { 'user-agent': UA.safariIPhone } }));
        var b = mod.userAgent(new mod.NextRequest('https://e.com/'));
        return [a.os.name, a.device.type, json(b.ua), b.isBot, String(b.browser.name)].join(' | ');
      },
      want: 'iOS | mobile | "" | false | undefined',
    },
    {
      name: 'userAgentFromString: strings over 350 characters are cut',
      run: function (mod) {
        return String(mod.userAgentFromString('  ' + UA.chromeWindows + ' ' + 'x'.repeat(400)).ua.length);
      },
      want: '350',
    },

    // ----------------------------------------------------- exports and misc
    {
      name: 'exports (Next 15)',
      run: function (mod) {
        return json(Object.keys(mod).sort());
      },
      want: '["ImageResponse","NextRequest","NextResponse","URLPattern","after","connection","unstable_rootParams","userAgent","userAgentFromString"]',
    },
    {
      name: 'exports (Next 14)',
      next: 14,
      edgeplayOnly: true,
      run: function (mod) {
        return json(Object.keys(mod).filter(function (k) { return k !== 'URLPattern'; }).sort());
      },
      want: '["ImageResponse","NextRequest","NextResponse","userAgent","userAgentFromString"]',
    },
    {
      name: 'ImageResponse (Next 15) says it moved to next/og',
      run: function (mod) {
        return message(function () { new mod.ImageResponse('x'); });
      },
      want: 'Error: ImageResponse moved from "next/server" to "next/og" since Next.js 14, please import from "next/og" instead',
    },
    {
      name: 'ImageResponse (Next 14) is out of scope in Edgeplay',
      next: 14,
      edgeplayOnly: true,
      run: function (mod, h) {
        return message(function () { new mod.ImageResponse('x'); }) + ' | ' + (mod.ImageResponse === h.internals.UnsupportedImageResponse);
      },
      want: 'Error: ImageResponse is not supported by Edgeplay (it needs @vercel/og\'s WebAssembly renderer); render images on Vercel or with next dev | true',
    },
    {
      name: 'after and connection outside a request scope',
      run: function (mod) {
        return message(function () { mod.after(function () {}); }) + ' | ' + message(function () { mod.connection(); });
      },
      want: 'Error: `after` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context | Error: `connection` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context',
    },
    {
      name: 'Next 16 wording',
      next: 16,
      edgeplayOnly: true,
      run: function (mod) {
        return json(message(function () { return new mod.NextRequest('https://e.com/').page; }));
      },
      want: '"Error: The request.page has been deprecated in favour of `URLPattern`.\\n  Read more: https://nextjs.org/docs/messages/proxy-request-page\\n  "',
    },

    // ------------------------------------------------------------ host hooks
    {
      name: 'host: fetch event collects waitUntil promises',
      edgeplayOnly: true,
      run: function (mod, h) {
        var req = h.internals.createRequest('/api/hello', 'https://e.com/api/hello');
        var event = h.internals.createFetchEvent(req, '/api/hello');
        var p1 = Promise.resolve(1);
        event.waitUntil(p1);
        event.waitUntil(Promise.resolve(2));
        var list = h.internals.waitUntilPromises(event);
        return [list.length, list[0] === p1, event.sourcePage, Object.keys(event).join(','),
          message(function () { return event.request; }).split('\n')[0],
          message(function () { event.respondWith(null); }).split('\n')[0]].join(' | ');
      },
      want: '2 | true | /api/hello | sourcePage | Error: The middleware "/api/hello" accepts an async API directly with the form: | Error: The middleware "/api/hello" accepts an async API directly with the form:',
    },
    {
      name: 'host: external waitUntil receives the promises',
      edgeplayOnly: true,
      run: function (mod, h) {
        var got = [];
        var event = h.internals.createFetchEvent(null, '/api/x', function (p) { got.push(p); });
        event.waitUntil('a');
        return got.length + ' ' + h.internals.waitUntilPromises(event).length;
      },
      want: '1 0',
    },
    {
      name: 'host: the request a handler gets (NextRequestHint)',
      edgeplayOnly: true,
      run: function (mod, h) {
        var req = h.internals.createRequest('/api/hello', 'https://e.com/api/hello?x=1', { method: 'POST', body: '{}', headers: { cookie: 'a=b' } });
        return [req instanceof mod.NextRequest, req.sourcePage, req.method, req.cookies.get('a').value, req.nextUrl.search,
          message(function () { req.waitUntil(); }).split('\n')[0]].join(' | ');
      },
      want: 'true | /api/hello | POST | b | ?x=1 | Error: The middleware "/api/hello" accepts an async API directly with the form:',
    },
    {
      name: 'host: finalizeResponse as Next.js\' adapter',
      edgeplayOnly: true,
      run: function (mod, h) {
        var fin = h.internals.finalizeResponse;
        var out = [];
        out.push(message(function () { fin({ status: 200 }); }));
        var none = fin(undefined);
        out.push(none.status + ' ' + none.headers.get('x-middleware-next'));
        var withCookie = new mod.NextResponse('x');
        withCookie.cookies.set('a', '1');
        var stripped = fin(withCookie);
        out.push(String(stripped.headers.get('x-middleware-set-cookie')) + ' ' + json(stripped.headers.getSetCookie()) + ' ' + (stripped instanceof mod.NextResponse));
        var plain = new Response('y');
        out.push(fin(plain) === plain);
        var local = fin(mod.NextResponse.redirect('http://127.0.0.1:3000/next/'), 'http://localhost:3000/api/a');
        out.push(local.headers.get('location'));
        var other = fin(mod.NextResponse.redirect('https://elsewhere.com/x/'), 'http://localhost:3000/api/a');
        out.push(other.headers.get('location'));
        out.push(message(function () { fin(new Response(null, { status: 302, headers: { location: '/login' } }), 'http://localhost:3000/api/a'); }).split(':')[0]);
        return out.join(' | ');
      },
      want: 'TypeError: Expected an instance of Response to be returned | 200 1 | null ["a=1; Path=/"] false | true | http://localhost:3000/next/ | https://elsewhere.com/x/ | TypeError',
    },
  ];

  global.NEXTSERVER_CASES = CASES;
  global.NEXTSERVER_HELPERS = helpers;
})(globalThis);
