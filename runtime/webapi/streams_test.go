package webapi

import (
	"testing"

	"github.com/dop251/goja"
)

// JS-level checks of the streams globals that WPT does not cover or that
// Edgeplay adds (Node's messages, goja gaps filled in 45_streams.js).
func TestStreams(t *testing.T) {
	runCases(t, []jsCase{
		{name: "read what start enqueued", src: `const rs = new ReadableStream({ start(c) { c.enqueue('a'); c.enqueue('b'); c.close(); } });
			const r = rs.getReader(); const out = [];
			for (;;) { const { value, done } = await r.read(); if (done) break; out.push(value); }
			return out.join()`, want: "a,b"},
		{name: "pull on demand with a count strategy", src: `let n = 0;
			const rs = new ReadableStream({ pull(c) { c.enqueue(++n); if (n === 3) c.close(); } }, new CountQueuingStrategy({ highWaterMark: 0 }));
			await Promise.resolve(); const before = n; const r = rs.getReader(); await r.read(); return before + ':' + n`, want: "0:1"},
		{name: "pipeThrough a TransformStream", src: `const rs = new ReadableStream({ start(c) { c.enqueue('x'); c.enqueue('y'); c.close(); } });
			const up = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } });
			const out = []; await rs.pipeThrough(up).pipeTo(new WritableStream({ write(c) { out.push(c); } }));
			return out.join('')`, want: "XY"},
		{name: "tee", src: `const [a, b] = new ReadableStream({ start(c) { c.enqueue(1); c.close(); } }).tee();
			const x = await a.getReader().read(); const y = await b.getReader().read(); return x.value + y.value`, want: "2"},
		{name: "byte stream tee clones chunks", src: `const [a, b] = new ReadableStream({ type: 'bytes', start(c) { c.enqueue(new Uint8Array([1, 2])); c.close(); } }).tee();
			const x = (await a.getReader().read()).value; const y = (await b.getReader().read()).value;
			return (x !== y) + ' ' + x.join() + ' ' + y.join()`, want: "true 1,2 1,2"},
		{name: "BYOB read fills the view", src: `const rs = new ReadableStream({ type: 'bytes', pull(c) { const v = c.byobRequest.view; v[0] = 7; v[1] = 8; c.byobRequest.respond(2); } });
			const r = rs.getReader({ mode: 'byob' }); const { value } = await r.read(new Uint8Array(4));
			return value.constructor.name + value.byteLength + ':' + value.join()`, want: "Uint8Array2:7,8"},
		{name: "BYOB read with min", src: `let i = 0; const rs = new ReadableStream({ type: 'bytes', pull(c) { c.enqueue(new Uint8Array([++i])); } });
			const { value } = await rs.getReader({ mode: 'byob' }).read(new Uint8Array(3), { min: 3 }); return value.join()`, want: "1,2,3"},
		{name: "enqueue transfers the buffer", src: `const buf = new Uint8Array([1]); new ReadableStream({ type: 'bytes', start(c) { c.enqueue(buf); } });
			return buf.byteLength + ' ' + buf.buffer.detached`, want: "0 true"},
		{name: "writer backpressure", src: `const ws = new WritableStream({ write() { return new Promise(() => {}); } }, { highWaterMark: 2 });
			const w = ws.getWriter(); const a = w.desiredSize; w.write('x'); w.write('y'); return a + ',' + w.desiredSize`, want: "2,0"},
		{name: "pipeTo aborted by a signal", src: `const ac = new AbortController(); let cancelled;
			const rs = new ReadableStream({ cancel(r) { cancelled = r; } });
			const p = rs.pipeTo(new WritableStream(), { signal: ac.signal }); ac.abort('stop');
			try { await p; return 'resolved'; } catch (e) { return e + ' ' + cancelled; }`, want: "stop stop"},
		{name: "async iteration, preventCancel", src: `let cancelled = false;
			const rs = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); }, cancel() { cancelled = true; } });
			const it = rs.values({ preventCancel: true }); const first = await it.next(); await it.return();
			return first.value + ' ' + cancelled + ' ' + rs.locked`, want: "1 false false"},
		{name: "async iteration cancels by default", src: `let cancelled = false;
			const rs = new ReadableStream({ cancel() { cancelled = true; } });
			await rs[Symbol.asyncIterator]().return(); return cancelled`, want: "true"},
		{name: "Symbol.asyncIterator is esbuild's fallback symbol", src: `Symbol.asyncIterator === Symbol.for('Symbol.asyncIterator') && typeof ReadableStream.prototype[Symbol.asyncIterator]`, want: "function"},
		{name: "ReadableStream.from", src: `const out = []; for (const r = ReadableStream.from(['a', Promise.resolve('b')]).getReader();;) { const x = await r.read(); if (x.done) break; out.push(x.value); } return out.join()`, want: "a,b"},
		{name: "ReadableStream.from an async iterable", src: `let i = 0; const src = { [Symbol.asyncIterator]() { return { next: async () => (i < 2 ? { value: i++, done: false } : { done: true }) }; } };
			const r = ReadableStream.from(src).getReader(); const a = await r.read(); const b = await r.read(); const c = await r.read(); return [a.value, b.value, c.done].join()`, want: "0,1,true"},
		{name: "locked stream (Node's message)", src: `const rs = new ReadableStream(); rs.getReader(); return rs.getReader()`, want: "throws TypeError: Invalid state: ReadableStream is locked"},
		{name: "closed controller (Node's message)", src: `new ReadableStream({ start(c) { c.close(); c.enqueue(1); } })`, want: "throws TypeError: Invalid state: Controller is already closed"},
		{src: `await ReadableStream.prototype.cancel.call({})`, want: `throws TypeError: Value of "this" must be of type ReadableStream`},
		{src: `Object.prototype.toString.call(new ReadableStream().values())`, want: "[object ReadableStream AsyncIterator]"},
		{src: `[ReadableStream.length, ReadableStreamDefaultReader.length, WritableStream.prototype.getWriter.length, ReadableStream.prototype.pipeTo.length, ReadableStream.from.length].join()`, want: "0,1,0,1,1"},
		{src: `Object.getOwnPropertyDescriptor(ReadableStream.prototype, 'locked').enumerable && Object.getOwnPropertyDescriptor(globalThis, 'ReadableStream').enumerable === false`, want: "true"},
		{src: `new ReadableStreamDefaultController()`, want: "throws TypeError: Illegal constructor"},
		{src: `new CountQueuingStrategy({ highWaterMark: 4 }).size === new CountQueuingStrategy({ highWaterMark: 1 }).size && new ByteLengthQueuingStrategy({ highWaterMark: 4 }).size(new Uint8Array(3))`, want: "3"},
		{name: "ArrayBuffer.prototype.transfer", src: `const a = new Uint8Array([1, 2, 3]).buffer; const b = a.transfer(2); return [a.byteLength, a.detached, b.byteLength, new Uint8Array(b).join()].join(' ')`, want: "0 true 2 1,2"},
		{name: "TransformStream terminate", src: `const ts = new TransformStream({ start(c) { c.enqueue('only'); c.terminate(); } });
			const r = ts.readable.getReader(); const a = await r.read(); const b = await r.read(); return a.value + b.done`, want: "onlytrue"},
		{name: "transformer.cancel", src: `let reason; const ts = new TransformStream({ cancel(r) { reason = r; } }); await ts.readable.cancel('why'); return reason`, want: "why"},
		{name: "WritableStream controller.signal aborts", src: `let sig; const ws = new WritableStream({ start(c) { sig = c.signal; } }); await ws.abort('r'); return sig.aborted + ' ' + sig.reason`, want: "true r"},
	})
}

func TestEncodingStreams(t *testing.T) {
	runCases(t, []jsCase{
		{name: "encode, a surrogate pair split across chunks", src: `const ts = new TextEncoderStream(); const w = ts.writable.getWriter(); const r = ts.readable.getReader();
			w.write('a\uD83D'); w.write('\uDE00'); w.close(); const out = [];
			for (;;) { const x = await r.read(); if (x.done) break; out.push(Array.from(x.value).join(' ')); } return out.join('|')`, want: "97|240 159 152 128"},
		{name: "encode, a lone lead surrogate at the end", src: `const ts = new TextEncoderStream(); const w = ts.writable.getWriter(); const r = ts.readable.getReader();
			w.write('\uD83D'); w.close(); const x = await r.read(); return Array.from(x.value).join(' ')`, want: "239 191 189"},
		{name: "decode, a character split across chunks", src: `const ts = new TextDecoderStream(); const w = ts.writable.getWriter(); const r = ts.readable.getReader();
			w.write(new Uint8Array([0xE2, 0x82])); w.write(new Uint8Array([0xAC])); w.close(); return (await r.read()).value`, want: "€"},
		{name: "decode, fatal", src: `const ts = new TextDecoderStream('utf-8', { fatal: true }); const w = ts.writable.getWriter(); w.write(new Uint8Array([0xFF])).catch(() => {});
			try { await ts.readable.getReader().read(); return 'no error'; } catch (e) { return e.name; }`, want: "TypeError"},
		{src: `const s = new TextDecoderStream('latin1', { ignoreBOM: 1 }); return [s.encoding, s.fatal, s.ignoreBOM, new TextEncoderStream().encoding].join()`, want: "windows-1252,false,true,utf-8"},
		{src: `new TextDecoderStream('nope')`, want: "throws RangeError: Failed to construct 'TextDecoderStream': The encoding label provided ('nope') is invalid."},
	})
}

func TestCompressionStreams(t *testing.T) {
	roundTrip := func(format string) string {
		return `const input = new TextEncoder().encode('hello hello hello hello ' + 'x'.repeat(1000));
			const cs = new CompressionStream('` + format + `'); const w = cs.writable.getWriter();
			w.write(input.subarray(0, 10)); w.write(input.subarray(10)); w.close();
			const compressed = new Uint8Array(await new Response(cs.readable).arrayBuffer());
			const ds = new DecompressionStream('` + format + `'); const dw = ds.writable.getWriter();
			for (const b of compressed) dw.write(new Uint8Array([b])); dw.close();
			const out = await new Response(ds.readable).text();
			return (compressed.length < input.length) + ' ' + (out === new TextDecoder().decode(input))`
	}
	runCases(t, []jsCase{
		{name: "gzip round trip, one byte at a time", src: roundTrip("gzip"), want: "true true"},
		{name: "deflate round trip, one byte at a time", src: roundTrip("deflate"), want: "true true"},
		{name: "deflate-raw round trip, one byte at a time", src: roundTrip("deflate-raw"), want: "true true"},
		{name: "truncated input", src: `const ds = new DecompressionStream('gzip'); const w = ds.writable.getWriter();
			w.write(new Uint8Array([31, 139, 8, 0, 0, 0, 0, 0, 0, 3, 75])).catch(() => {}); w.close().catch(() => {});
			try { await ds.readable.getReader().read(); return 'no error'; } catch (e) { return e.name; }`, want: "TypeError"},
		{name: "trailing junk", src: `const ds = new DecompressionStream('deflate-raw'); const w = ds.writable.getWriter();
			w.write(new Uint8Array([1, 0, 0, 255, 255, 9])).catch(() => {}); w.close().catch(() => {});
			try { await ds.readable.getReader().read(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; }`, want: "TypeError: decompress deflate-raw: junk found after the end of the compressed data"},
		{name: "junk in a later chunk", src: `const ds = new DecompressionStream('deflate-raw'); const w = ds.writable.getWriter();
			w.write(new Uint8Array([1, 0, 0, 255, 255])); w.write(new Uint8Array([9])).catch(() => {}); w.close().catch(() => {});
			try { await ds.readable.getReader().read(); return 'no error'; } catch (e) { return e.name; }`, want: "TypeError"},
		{src: `new CompressionStream('zip')`, want: "throws TypeError: Failed to construct 'CompressionStream': The provided value 'zip' is not a valid enum value of type CompressionFormat."},
		{src: `new DecompressionStream()`, want: "throws TypeError: Failed to construct 'DecompressionStream': 1 argument required, but only 0 present."},
	})
}

func TestStreamsInspect(t *testing.T) {
	e := newEnv(t)
	if _, err := e.await(`console.log(new ReadableStream()); console.log(new CountQueuingStrategy({ highWaterMark: 3 }))`); err != nil {
		t.Fatal(err)
	}
	got := e.console.take()
	want := []string{"log: ReadableStream {\n  locked: false,\n  state: 'readable',\n  supportsBYOB: false\n}", "log: CountQueuingStrategy { highWaterMark: 3 }"}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("console.log printed %q, want %q", got, want)
	}
}

// TestStreamsNoUnhandledRejections checks that the promises the streams make
// internally never reject unhandled when user code handles its own.
func TestStreamsNoUnhandledRejections(t *testing.T) {
	for _, src := range []string{
		`const e = new Error('x'); const rs = new ReadableStream({ start(c) { c.error(e); } }); const r = rs.getReader(); await r.read().catch(() => {});`,
		`const ws = new WritableStream({ write() { throw new Error('w'); } }); const w = ws.getWriter(); await w.write('a').catch(() => {}); await w.close().catch(() => {});`,
		`const rs = new ReadableStream({ pull(c) { c.error(new Error('p')); } }); await rs.pipeTo(new WritableStream()).catch(() => {});`,
		`const ts = new TransformStream({ transform() { throw new Error('t'); } }); const out = new ReadableStream({ start(c) { c.enqueue(1); c.close(); } }).pipeThrough(ts); await out.getReader().read().catch(() => {});`,
		`const ac = new AbortController(); const p = new ReadableStream().pipeTo(new WritableStream(), { signal: ac.signal }); ac.abort(); await p.catch(() => {});`,
		`const [a, b] = new ReadableStream({ start(c) { c.error(new Error('tee')); } }).tee(); await a.getReader().read().catch(() => {}); await b.cancel().catch(() => {});`,
		`const ds = new DecompressionStream('gzip'); const w = ds.writable.getWriter(); w.write(new Uint8Array([1, 2, 3])).catch(() => {}); w.close().catch(() => {}); await ds.readable.getReader().read().catch(() => {});`,
		`const ws = new WritableStream(); const w = ws.getWriter(); w.releaseLock();`,
		`const rs = new ReadableStream(); const r = rs.getReader(); r.read().catch(() => {}); r.releaseLock();`,
		`const rs = new ReadableStream({ type: 'bytes', pull(c) { c.error(new Error('b')); } }); const [a, b] = rs.tee(); await a.getReader({ mode: 'byob' }).read(new Uint8Array(4)).catch(() => {}); await b.getReader().read().catch(() => {});`,
		`const ts = new TextDecoderStream('utf-8', { fatal: true }); const w = ts.writable.getWriter(); w.write(new Uint8Array([255])).catch(() => {}); await ts.readable.getReader().read().catch(() => {});`,
		`const ts = new TransformStream(); await ts.readable.cancel(new Error('c')); await ts.writable.getWriter().write(1).catch(() => {});`,
		`const ws = new WritableStream({ start(c) { c.error(new Error('s')); } }); await new ReadableStream({ start(c) { c.enqueue(1); } }).pipeTo(ws).catch(() => {});`,
		`const rs = new ReadableStream({ start(c) { c.enqueue(1); c.close(); } }); await rs.pipeTo(new WritableStream({ close() { throw new Error('cl'); } })).catch(() => {});`,
		`const rs = new ReadableStream({ start(c) { c.enqueue(1); } }); const it = rs.values(); await it.next(); await it.return();`,
		`const rs = new ReadableStream({ start(c) { c.error(new Error('it')); } }); await rs.values().next().catch(() => {});`,
		`const ws = new WritableStream({ write() { return new Promise(() => {}); } }); const w = ws.getWriter(); w.write(1).catch(() => {}); await w.abort(new Error('ab')).catch(() => {});`,
	} {
		e := newEnv(t)
		pending := map[*goja.Promise]bool{}
		e.rt.SetPromiseRejectionTracker(func(p *goja.Promise, op goja.PromiseRejectionOperation) {
			if op == goja.PromiseRejectionReject {
				pending[p] = true
			} else {
				delete(pending, p)
			}
		})
		if _, err := e.await(src); err != nil {
			t.Fatal(err)
		}
		for p := range pending {
			t.Errorf("%s\n unhandled rejection: %v", src, p.Result())
		}
	}
}
