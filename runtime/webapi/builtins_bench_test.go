package webapi

import "testing"

// builtinSetup is shared data for BenchmarkBuiltins: a ~1 KB JSON document,
// its text, bytes and base64.
const builtinSetup = `
const doc = { users: Array.from({ length: 12 }, (_, i) => ({ id: i, name: 'user ' + i, email: 'u' + i + '@example.com', tags: ['a', 'b'] })) }
const json = JSON.stringify(doc)
const bytes = new TextEncoder().encode(json)
const latin1 = json
const b64 = btoa(latin1)
const enc = new TextEncoder(), dec = new TextDecoder()
const sixteen = new Uint8Array(16)
`

// BenchmarkBuiltins measures one call of each heavy built-in a handler
// uses (issue 5: they are Go code, or goja's own in Go): the cost per call
// on ~1 KB inputs.
func BenchmarkBuiltins(b *testing.B) {
	cases := []struct{ name, body string }{
		{"JSON.parse", `return JSON.parse(json)`},
		{"JSON.stringify", `return JSON.stringify(doc)`},
		{"btoa", `return btoa(latin1)`},
		{"atob", `return atob(b64)`},
		{"TextEncoder.encode", `return enc.encode(json)`},
		{"TextDecoder.decode", `return dec.decode(bytes)`},
		{"new URL", `return new URL('https://example.com/api/users/42?x=1&y=2#top')`},
		{"URLSearchParams.get", `return new URLSearchParams('email=jim%40dundermifflin.com&x=1&y=2').get('email')`},
		{"new Headers", `return new Headers({ 'content-type': 'application/json', 'cache-control': 's-maxage=60', 'x-a': '1' })`},
		{"crypto.getRandomValues", `return crypto.getRandomValues(sixteen)`},
		{"crypto.randomUUID", `return crypto.randomUUID()`},
		{"crypto.subtle.digest", `return crypto.subtle.digest('SHA-256', bytes)`},
		{"structuredClone", `return structuredClone(doc)`},
		{"Response.json", `return Response.json(doc)`},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) { benchJS(b, builtinSetup, c.body) })
	}
}
