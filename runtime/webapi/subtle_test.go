package webapi

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// WebIDL and CryptoKey behaviour of crypto.subtle that the Web Platform
// Tests do not pin down (the algorithms themselves are covered there and in
// package subtle).
func TestSubtleInterface(t *testing.T) {
	runCases(t, []jsCase{
		{name: "interfaces", src: `[typeof SubtleCrypto, typeof CryptoKey, crypto.subtle instanceof SubtleCrypto, crypto.subtle === crypto.subtle, SubtleCrypto.length, CryptoKey.length, Crypto.length].join()`,
			want: "function,function,true,true,0,0,0"},
		{name: "illegal constructors", src: `const r = []; for (const C of [SubtleCrypto, CryptoKey, Crypto]) { try { new C(); } catch (e) { r.push(e.constructor.name + ': ' + e.message) } } return r.join('|')`,
			want: "TypeError: Illegal constructor|TypeError: Illegal constructor|TypeError: Illegal constructor"},
		{name: "subtle brand check rejects", src: `try { await SubtleCrypto.prototype.digest.call({}, 'SHA-1', new Uint8Array()) } catch (e) { return e.message }`,
			want: `Value of "this" must be of type SubtleCrypto`},
		{name: "crypto brand checks", src: `const g = Object.getOwnPropertyDescriptor(Crypto.prototype, 'subtle').get; const r = []; for (const f of [() => g.call({}), () => crypto.randomUUID.call(null), () => crypto.getRandomValues.call(1, new Uint8Array(1))]) { try { f() } catch (e) { r.push(e.message) } } return r.join('|')`,
			want: `Value of "this" must be of type Crypto|Value of "this" must be of type Crypto|Value of "this" must be of type Crypto`},
		{name: "key getter brand check", src: `Object.getOwnPropertyDescriptor(CryptoKey.prototype, 'type').get.call({})`,
			want: `throws TypeError: Value of "this" must be of type CryptoKey`},
		{name: "missing arguments reject", src: `try { await crypto.subtle.digest('SHA-1') } catch (e) { return e.constructor.name + ': ' + e.message }`,
			want: "TypeError: Failed to execute 'digest' on 'SubtleCrypto': 2 arguments required, but only 1 present."},
		{name: "cached, frozen usages and cached algorithm", src: `const k = await crypto.subtle.generateKey({name: 'AES-GCM', length: 128}, true, ['decrypt', 'encrypt', 'decrypt']);
			return [k.usages === k.usages, Object.isFrozen(k.usages), k.algorithm === k.algorithm, k.usages.join(), Object.prototype.toString.call(k)].join()`,
			want: "true,true,true,encrypt,decrypt,[object CryptoKey]"},
		{name: "key pair halves share no objects", src: `const p = await crypto.subtle.generateKey({name: 'ECDSA', namedCurve: 'P-256'}, false, ['sign', 'verify']);
			return [p.publicKey.algorithm !== p.privateKey.algorithm, p.publicKey.extractable, p.privateKey.extractable, p.publicKey.usages.join(), p.privateKey.usages.join()].join()`,
			want: "true,true,false,verify,sign"},
		{name: "algorithm names are case-insensitive", src: `const k = await crypto.subtle.importKey('raw', new Uint8Array(16), 'aes-cbc', false, ['encrypt']); return k.algorithm.name + k.algorithm.length`,
			want: "AES-CBC128"},
		{name: "unknown algorithm", src: `try { await crypto.subtle.digest('MD5', new Uint8Array()) } catch (e) { return e.name }`, want: "NotSupportedError"},
		{name: "missing algorithm name", src: `try { await crypto.subtle.digest({}, new Uint8Array()) } catch (e) { return e.name }`, want: "TypeError"},
		{name: "bad usage value is a TypeError", src: `try { await crypto.subtle.generateKey({name: 'HMAC', hash: 'SHA-256'}, true, ['sing']) } catch (e) { return e.name }`, want: "TypeError"},
		{name: "usages are checked before parameters", src: `try { await crypto.subtle.generateKey({name: 'AES-CTR', length: 100}, true, ['sign']) } catch (e) { return e.name }`, want: "SyntaxError"},
		{name: "parameters are checked before empty usages", src: `try { await crypto.subtle.generateKey({name: 'AES-CTR', length: 100}, true, []) } catch (e) { return e.name }`, want: "OperationError"},
		{name: "wrong key for the operation", src: `const k = await crypto.subtle.generateKey({name: 'HMAC', hash: 'SHA-1'}, true, ['verify']);
			try { await crypto.subtle.sign('HMAC', k, new Uint8Array()) } catch (e) { return e.name }`, want: "InvalidAccessError"},
		{name: "non-extractable keys do not export", src: `const k = await crypto.subtle.generateKey({name: 'HMAC', hash: 'SHA-1'}, false, ['sign']);
			try { await crypto.subtle.exportKey('raw', k) } catch (e) { return e.name }`, want: "InvalidAccessError"},
		{name: "data is copied when the call is made", src: `const d = new Uint8Array([1, 2, 3]); const p = crypto.subtle.digest('SHA-256', d); d[0] = 9;
			const a = new Uint8Array(await p); const b = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array([1, 2, 3]))); return a.join() === b.join()`, want: "true"},
		{name: "algorithm members are read when the call is made", src: `const k = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-CBC', true, ['encrypt', 'decrypt']);
			const iv = new Uint8Array(16); const p = crypto.subtle.encrypt({name: 'AES-CBC', iv}, k, new Uint8Array(3)); iv[0] = 1;
			const ct = await p; const pt = await crypto.subtle.decrypt({name: 'AES-CBC', iv: new Uint8Array(16)}, k, ct); return new Uint8Array(pt).length`, want: "3"},
		{name: "jwk export", src: `const k = await crypto.subtle.importKey('raw', new Uint8Array([1, 2, 3, 250]), {name: 'HMAC', hash: 'SHA-256'}, true, ['sign']);
			return JSON.stringify(await crypto.subtle.exportKey('jwk', k))`, want: `{"alg":"HS256","ext":true,"k":"AQID-g","key_ops":["sign"],"kty":"oct"}`},
		{name: "jwk key_ops must cover the usages", src: `try { await crypto.subtle.importKey('jwk', {kty: 'oct', k: 'AQID-g', key_ops: ['verify', 'x-custom']}, {name: 'HMAC', hash: 'SHA-256'}, true, ['sign']) } catch (e) { return e.name }`,
			want: "DataError"},
		{name: "jwk key_ops may hold unknown values", src: `const k = await crypto.subtle.importKey('jwk', {kty: 'oct', k: 'AQID-g', key_ops: ['sign', 'x-custom']}, {name: 'HMAC', hash: 'SHA-256'}, true, ['sign']); return k.type`,
			want: "secret"},
		{name: "ed25519 round trip", src: `const p = await crypto.subtle.generateKey('Ed25519', true, ['sign', 'verify']); const data = new TextEncoder().encode('hi');
			const sig = await crypto.subtle.sign('Ed25519', p.privateKey, data); const jwk = await crypto.subtle.exportKey('jwk', p.publicKey);
			const pub = await crypto.subtle.importKey('jwk', jwk, 'Ed25519', true, ['verify']); return [sig.byteLength, jwk.alg, jwk.crv, await crypto.subtle.verify('Ed25519', pub, sig, data)].join()`,
			want: "64,Ed25519,Ed25519,true"},
		{name: "deriveKey then wrap and unwrap", src: `const s = crypto.subtle; const a = await s.generateKey({name: 'ECDH', namedCurve: 'P-384'}, false, ['deriveKey']);
			const b = await s.generateKey({name: 'ECDH', namedCurve: 'P-384'}, false, ['deriveKey']);
			const kw = await s.deriveKey({name: 'ECDH', public: b.publicKey}, a.privateKey, {name: 'AES-KW', length: 256}, false, ['wrapKey', 'unwrapKey']);
			const hmac = await s.generateKey({name: 'HMAC', hash: 'SHA-512'}, true, ['sign']);
			// A JWK's JSON is rarely a multiple of 8 bytes, as AES-KW needs.
			const wrapped = await s.wrapKey('jwk', hmac, kw, 'AES-KW').catch((e) => e.name);
			const raw = await s.wrapKey('raw', hmac, kw, 'AES-KW');
			const back = await s.unwrapKey('raw', raw, kw, 'AES-KW', {name: 'HMAC', hash: 'SHA-512'}, true, ['sign']);
			return [wrapped instanceof ArrayBuffer ? wrapped.byteLength % 8 : wrapped, raw.byteLength, back.algorithm.length, back.algorithm.hash.name].join()`,
			want: "OperationError,136,1024,SHA-512"},
	})
}

// RSA key generation runs off the loop goroutine: timers keep firing while
// it is under way.
func TestSubtleHeavyWorkOffLoop(t *testing.T) {
	runCases(t, []jsCase{
		{src: `let ticks = 0; const iv = setInterval(() => ticks++, 0);
			const p = await crypto.subtle.generateKey({name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256'}, true, ['sign']);
			clearInterval(iv); return [ticks > 0, p.privateKey.algorithm.modulusLength, p.publicKey.usages.length].join()`,
			want: "true,2048,0"},
	})
}

// Bindings.Close drops a pending result; the loop is released once the
// work finishes.
func TestSubtleCloseDropsResult(t *testing.T) {
	e := newEnv(t)
	if _, err := e.rt.RunString(`globalThis.done = false; crypto.subtle.generateKey({name: 'RSA-OAEP', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-1'}, true, ['decrypt']).then(() => { globalThis.done = true })`); err != nil {
		t.Fatal(err)
	}
	if n := e.loop.pendingCount(); n != 1 {
		t.Fatalf("holds = %d, want 1", n)
	}
	e.b.Close()
	if err := e.loop.run(10 * time.Second); err != nil {
		t.Fatalf("hold not released: %v", err)
	}
	if e.rt.Get("done").ToBoolean() {
		t.Error("the promise settled after Close")
	}
}

// The request's context ending releases the loop at once, while the work
// itself (not interruptible) finishes on its own goroutine.
func TestSubtleContextReleasesHold(t *testing.T) {
	baseline := goleak.IgnoreCurrent()
	ctx, cancel := context.WithCancel(context.Background())
	e := newEnv(t, func(o *Options) { o.Context = func() context.Context { return ctx } })
	if _, err := e.rt.RunString(`crypto.subtle.importKey('raw', new Uint8Array(8), 'PBKDF2', false, ['deriveBits']).then((k) =>
		crypto.subtle.deriveBits({name: 'PBKDF2', hash: 'SHA-512', salt: new Uint8Array(8), iterations: 1000000}, k, 512))`); err != nil {
		t.Fatal(err)
	}
	if err := e.loop.runUntil(func() bool { return e.loop.pendingCount() == 1 }, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	cancel()
	for e.loop.pendingCount() != 0 {
		if time.Since(start) > 200*time.Millisecond {
			t.Fatal("hold still taken after the context ended")
		}
		time.Sleep(time.Millisecond)
	}
	// Let the derivation finish so that no goroutine outlives the test.
	for deadline := time.Now().Add(30 * time.Second); goleak.Find(baseline) != nil; {
		if time.Now().After(deadline) {
			t.Fatal(goleak.Find(baseline))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
