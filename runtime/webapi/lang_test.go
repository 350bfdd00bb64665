package webapi

import (
	"testing"
)

func TestWeakRefAndFinalizationRegistry(t *testing.T) {
	runCases(t, []jsCase{
		{src: `const o = {}; const r = new WeakRef(o); return r.deref() === o`, want: "true"},
		{src: `new WeakRef(Symbol('x')).deref().toString()`, want: "Symbol(x)"},
		{src: `new WeakRef(1)`, want: "throws TypeError: WeakRef: invalid target"},
		{src: `new WeakRef(Symbol.for('registered'))`, want: "throws TypeError: WeakRef: invalid target"},
		{src: `WeakRef({})`, want: "throws TypeError: Class constructor cannot be invoked without 'new'"},
		{src: `WeakRef.prototype.deref.call({})`, want: "throws TypeError: Method WeakRef.prototype.deref called on incompatible receiver #<Object>"},
		{src: `Object.prototype.toString.call(new WeakRef({})) + Object.prototype.toString.call(new FinalizationRegistry(() => {}))`,
			want: "[object WeakRef][object FinalizationRegistry]"},
		{name: "ECMAScript-shaped globals", src: `const d = Object.getOwnPropertyDescriptor(globalThis, 'WeakRef'), f = Object.getOwnPropertyDescriptor(globalThis, 'FinalizationRegistry');
			const tag = Object.getOwnPropertyDescriptor(WeakRef.prototype, Symbol.toStringTag);
			return [d.enumerable, d.writable, f.enumerable, tag.writable, tag.enumerable, Object.keys(WeakRef.prototype).length,
				WeakRef.length, FinalizationRegistry.length, FinalizationRegistry.prototype.register.length, FinalizationRegistry.prototype.unregister.length].join()`,
			want: "false,true,false,false,false,0,1,1,2,1"},
		{src: `new FinalizationRegistry(1)`, want: "throws TypeError: FinalizationRegistry: cleanup must be callable"},
		{src: `const o = {}; return new FinalizationRegistry(() => {}).register(o, o)`, want: "throws TypeError: FinalizationRegistry.prototype.register: target and holdings must not be same"},
		{src: `new FinalizationRegistry(() => {}).register(1, 2)`, want: "throws TypeError: FinalizationRegistry.prototype.register: invalid target"},
		{src: `new FinalizationRegistry(() => {}).register({}, 2, 3)`, want: "throws TypeError: FinalizationRegistry.prototype.register: invalid unregister token"},
		{src: `new FinalizationRegistry(() => {}).unregister(3)`, want: "throws TypeError: FinalizationRegistry.prototype.unregister: invalid unregister token"},
		{name: "unregister reports whether something was removed", src: `const r = new FinalizationRegistry(() => {});
			const tok = {}, sym = Symbol('t');
			const out = [r.register({}, 'held', tok), r.register({}, 'held2', tok), r.register({}, 1, sym), r.register({}, 1)];
			out.push(r.unregister(tok), r.unregister(tok), r.unregister(sym), r.unregister({}));
			return out.join()`, want: ",,,,true,false,true,false"},
		{src: `FinalizationRegistry.prototype.unregister.call(new WeakRef({}), {})`,
			want: "throws TypeError: Method FinalizationRegistry.prototype.unregister called on incompatible receiver #<WeakRef>"},
		{name: "never calls back", src: `let n = 0; const r = new FinalizationRegistry(() => n++); for (let i = 0; i < 100; i++) r.register({}, i);
			await new Promise((res) => setTimeout(res, 5)); return n`, want: "0"},
	})
}

// TestImmediateStubs checks SPEC R-RT-1 (obs.): setImmediate and
// clearImmediate exist as functions that throw Next's sandbox message.
func TestImmediateStubs(t *testing.T) {
	const msg = " which is not supported in the Edge Runtime.\nLearn more: https://nextjs.org/docs/api-reference/edge-runtime"
	runCases(t, []jsCase{
		{src: `[typeof setImmediate, typeof clearImmediate, Object.keys(globalThis).includes('setImmediate')].join()`, want: "function,function,false"},
		{src: `setImmediate(() => {})`, want: "throws Error: A Node.js API is used (setImmediate)" + msg},
		{src: `clearImmediate(1)`, want: "throws Error: A Node.js API is used (clearImmediate)" + msg},
		{name: "cannot be replaced", src: `globalThis.setImmediate = () => 1; return typeof setImmediate(() => {})`, want: "throws Error: A Node.js API is used (setImmediate)" + msg},
	})
}
