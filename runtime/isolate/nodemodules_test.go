package isolate

import (
	"testing"
)

// TestNodeModules checks R-RT-2's partial polyfills through a real route:
// node: ids resolve to Edgeplay's modules with exactly Next's picked
// exports, the same object on every require, and the unprefixed ids still
// get the throwing stand-in.
func TestNodeModules(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want string
	}{
		{"buffer exports", `const m = require('node:buffer'); return Object.keys(m).sort().join()`, "Buffer,SlowBuffer,constants,kMaxLength,kStringMaxLength"},
		{"events exports", `const m = require('node:events'); return Object.keys(m).sort().join()`, "EventEmitter,captureRejectionSymbol,defaultMaxListeners,errorMonitor,listenerCount,on,once"},
		{"async_hooks exports", `return Object.keys(require('node:async_hooks')).sort().join()`, "AsyncLocalStorage,AsyncResource"},
		{"assert exports", `return Object.keys(require('node:assert')).sort().join()`, "AssertionError,deepEqual,deepStrictEqual,doesNotMatch,doesNotReject,doesNotThrow,equal,fail,ifError,match,notDeepEqual,notDeepStrictEqual,notEqual,notStrictEqual,ok,rejects,strict,strictEqual,throws"},
		{"util exports", `return Object.keys(require('node:util')).sort().join()`, "_extend,callbackify,format,inherits,promisify,types"},
		{"not picked is undefined", `return String(require('node:util').inspect) + String(require('node:buffer').Blob)`, "undefinedundefined"},
		{"cached per isolate", `return String(require('node:buffer') === require('node:buffer') && require('node:events').EventEmitter === require('node:events').EventEmitter)`, "true"},
		{"unprefixed is the stand-in", `try { require('buffer').Buffer; return 'no throw' } catch (e) { return e.message }`, "The edge runtime does not support Node.js 'buffer' module.\nLearn More: https://nextjs.org/docs/messages/node-module-in-edge-runtime"},
		{"buffer works", `const { Buffer } = require('node:buffer'); return Buffer.from('hi').toString('base64')`, "aGk="},
		// Documented difference from Node (which prints "s"): timer
		// callbacks start in the empty async context; promise reactions
		// and await keep it (goja's AsyncContextTracker).
		{"als not into setTimeout", `const { AsyncLocalStorage } = require('node:async_hooks'); const als = new AsyncLocalStorage(); return await als.run('s', () => new Promise((r) => setTimeout(() => r(String(als.getStore())), 1)))`, "undefined"},
		{"als into setTimeout with bind", `const { AsyncLocalStorage } = require('node:async_hooks'); const als = new AsyncLocalStorage(); return await als.run('s', () => new Promise((r) => setTimeout(AsyncLocalStorage.bind(() => r(String(als.getStore()))), 1)))`, "s"},
		{"once with AbortSignal", `const { EventEmitter, once } = require('node:events'); const ac = new AbortController(); const e = new EventEmitter(); const p = once(e, 'x', { signal: ac.signal }); ac.abort(); try { await p; return 'resolved' } catch (err) { return err.name + ':' + err.code + ':' + err.message + ':' + e.listenerCount('x') + ':' + e.listenerCount('error') }`, "AbortError:ABORT_ERR:The operation was aborted:0:0"},
		{"once on EventTarget", `const { once } = require('node:events'); const et = new EventTarget(); setTimeout(() => et.dispatchEvent(new Event('ping')), 1); const [ev] = await once(et, 'ping'); return ev.type`, "ping"},
		{"als into queueMicrotask", `const { AsyncLocalStorage } = require('node:async_hooks'); const a = new AsyncLocalStorage(); return await a.run('m', () => new Promise((r) => queueMicrotask(() => r(String(a.getStore())))))`, "m"},
		// Next's edge sandbox also puts the class on the global object.
		{"global AsyncLocalStorage", `const als = new AsyncLocalStorage(); return als.run('g', () => als.getStore()) + ':' + (AsyncLocalStorage === require('node:async_hooks').AsyncLocalStorage) + ':' + Object.keys(globalThis).includes('AsyncLocalStorage')`, "g:true:true"},
		{"global AsyncLocalStorage assignable", `globalThis.AsyncLocalStorage = 1; const d = Object.getOwnPropertyDescriptor(globalThis, 'AsyncLocalStorage'); return String(AsyncLocalStorage) + d.writable + d.configurable`, "1truetrue"},
		// Next's edge sandbox defines a global require of its own: node:
		// modules only, a TypeError for anything else, not enumerable.
		{"global require node module", `const g = globalThis.require; return String(g('node:buffer') === require('node:buffer')) + Object.keys(globalThis).includes('require') + Object.getOwnPropertyDescriptor(globalThis, 'require').writable`, "truefalsefalse"},
		{"global require other id", `try { globalThis.require('fs'); return 'no throw' } catch (e) { return e.name + ': ' + e.message }`, "TypeError: Native module not found: fs"},
		{"als across await", `const { AsyncLocalStorage } = require('node:async_hooks'); const als = new AsyncLocalStorage(); return await als.run('s', async () => { await new Promise((r) => setTimeout(r, 1)); return als.getStore() })`, "s"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := bodyOf(t, "export const config = { runtime: 'edge' }\nexport default async () => new Response(await (async () => {\n"+tc.src+"\n})())\n")
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestNodeModulesImportForms: esbuild turns imports of node: ids into
// require calls; the default import is the picked exports object, as in
// Next (so `assert(x)` is not callable there either, but assert.ok is).
func TestNodeModulesImportForms(t *testing.T) {
	src := `import { EventEmitter, once } from 'node:events'
import assert from 'node:assert'
import * as util from 'node:util'
import { Buffer } from 'node:buffer'
export const config = { runtime: 'edge' }
export default async () => {
  const e = new EventEmitter()
  setTimeout(() => e.emit('ready', Buffer.from('hi')), 1)
  const [buf] = await once(e, 'ready')
  assert.strictEqual(buf.toString(), 'hi')
  return new Response(util.format('%s %d %j', buf.toString('hex'), 42, { ok: typeof assert === 'function' }))
}
`
	prog := compileSource(t, src)
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	res, err := serve(t, pool, "http://localhost:3000/api/r")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(res.Body), `6869 42 {"ok":false}`; got != want {
		t.Errorf("body = %q, want %q", got, want)
	}
}

// TestAsyncLocalStorageDoesNotLeakAcrossRequests: enterWith in one request
// must not be visible to the next request served by the same isolate.
func TestAsyncLocalStorageDoesNotLeakAcrossRequests(t *testing.T) {
	src := `import { AsyncLocalStorage } from 'node:async_hooks'
export const config = { runtime: 'edge' }
const als = new AsyncLocalStorage()
let n = 0
export default async () => {
  const seen = String(als.getStore())
  als.enterWith('request ' + ++n)
  await null
  return new Response(seen + ' / ' + als.getStore())
}
`
	prog := compileSource(t, src)
	pool := engine.NewPool(prog, Options{Size: 1})
	defer pool.Close()
	for i, want := range []string{"undefined / request 1", "undefined / request 2"} {
		res, err := serve(t, pool, "http://localhost:3000/api/r")
		if err != nil {
			t.Fatal(err)
		}
		if got := string(res.Body); got != want {
			t.Errorf("request %d: body = %q, want %q", i+1, got, want)
		}
	}
}
