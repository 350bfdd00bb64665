package webapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"edgeplay/runtime/webapi/subtle"

	"github.com/dop251/goja"
)

// addSubtleHost adds the host functions behind crypto.subtle (Web
// Cryptography API; JS side in js/86_subtle.js):
//
//   - subtleInit(makeError) hands Go the JS factory of DOMExceptions.
//   - subtle(op, ...args, callback) runs one operation of package subtle
//     and calls callback(error, result) exactly once.
//   - subtleKeyInfo(key) describes an asymmetric key handle.
//
// Threading: arguments are read (and copied) on the loop goroutine. Cheap
// operations run there and call back at once; heavy ones (RSA key
// generation, RSA private-key operations, PBKDF2, Ed448) run on their own
// goroutine under a Loop.Hold and hand their result back with Loop.Enqueue,
// so the callback always runs on the loop goroutine. That work is bounded
// CPU time; the Hold is released early if the request's context ends, and
// once Close has been called the callback is dropped.
func (b *Bindings) addSubtleHost(set hostSetter) {
	rt := b.rt
	var makeError goja.Callable
	set("subtleInit", func(c goja.FunctionCall) goja.Value {
		fn, ok := goja.AssertFunction(c.Argument(0))
		if !ok {
			panic(rt.NewTypeError("subtleInit: not a function"))
		}
		makeError = fn
		return goja.Undefined()
	})
	toError := func(err error) goja.Value {
		name, msg := subtle.OperationError, err.Error()
		var se *subtle.Error
		if errors.As(err, &se) {
			name, msg = se.Name, se.Msg
		}
		v, jsErr := makeError(goja.Undefined(), rt.ToValue(msg), rt.ToValue(name))
		if jsErr != nil {
			panic(jsErr)
		}
		return v
	}
	set("subtle", func(c goja.FunctionCall) goja.Value {
		n := len(c.Arguments)
		cb, ok := goja.AssertFunction(c.Argument(n - 1))
		if !ok || makeError == nil {
			panic(rt.NewTypeError("subtle: callback is not a function"))
		}
		args := subtleArgs{b: b, c: c}
		heavy, work := args.job(c.Argument(0).String())
		deliver := func(res any, err error) {
			var v goja.Value
			if err != nil {
				_, cbErr := cb(goja.Undefined(), toError(err), goja.Undefined())
				if cbErr != nil {
					b.report(cbErr)
				}
				return
			}
			v = b.subtleValue(res)
			if _, cbErr := cb(goja.Undefined(), goja.Null(), v); cbErr != nil {
				b.report(cbErr)
			}
		}
		if !heavy {
			res, err := work()
			deliver(res, err)
			return goja.Undefined()
		}
		b.subtleOffLoop(work, deliver)
		return goja.Undefined()
	})
	set("subtleKeyInfo", func(c goja.FunctionCall) goja.Value {
		k := subtleKeyOf(rt, c.Argument(0))
		info := []any{k.Family(), k.Private()}
		switch k.Family() {
		case subtle.FamilyRSA:
			info = append(info, k.ModulusLength(), rt.NewArrayBuffer(k.PublicExponent()))
		case subtle.FamilyEC:
			info = append(info, k.Curve())
		}
		return rt.NewArray(info...)
	})
}

// subtleOffLoop runs work on its own goroutine and hands its result to
// deliver on the loop goroutine (see addSubtleHost for the threading rules).
func (b *Bindings) subtleOffLoop(work func() (any, error), deliver func(any, error)) {
	if b.closed {
		return
	}
	ctx := context.Background()
	if b.opts.Context != nil {
		if c := b.opts.Context(); c != nil {
			ctx = c
		}
	}
	loop := b.opts.Loop
	release := loop.Hold()
	type result struct {
		res any
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := work()
		done <- result{res, err}
	}()
	go func() {
		select {
		case r := <-done:
			if !loop.Enqueue(func() {
				release()
				if !b.closed {
					deliver(r.res, r.err)
				}
			}) {
				release()
			}
		case <-ctx.Done():
			// The request is over: stop holding the loop; the work
			// goroutine finishes on its own and its result is dropped.
			release()
		}
	}()
}

// subtleValue converts an operation's result to JS. Loop goroutine only.
func (b *Bindings) subtleValue(res any) goja.Value {
	rt := b.rt
	switch r := res.(type) {
	case []byte:
		return rt.ToValue(rt.NewArrayBuffer(r))
	case bool:
		return rt.ToValue(r)
	case *subtle.Key:
		return rt.ToValue(r)
	case [2]*subtle.Key:
		return rt.NewArray(rt.ToValue(r[0]), rt.ToValue(r[1]))
	case subtle.JWK:
		s, err := json.Marshal(r)
		if err != nil {
			panic(rt.NewGoError(fmt.Errorf("subtle: jwk: %w", err)))
		}
		return rt.ToValue(string(s))
	}
	return goja.Undefined()
}

func subtleKeyOf(rt *goja.Runtime, v goja.Value) *subtle.Key {
	k, ok := v.Export().(*subtle.Key)
	if !ok {
		panic(rt.NewTypeError("subtle: not a key handle"))
	}
	return k
}

// subtleArgs reads the arguments of host.subtle(op, ...); every byte
// argument is copied, as the work may run after JS changed the buffer.
type subtleArgs struct {
	b *Bindings
	c goja.FunctionCall
}

func (a subtleArgs) str(i int) string { return a.c.Argument(i).String() }
func (a subtleArgs) int(i int) int    { return int(a.c.Argument(i).ToInteger()) }
func (a subtleArgs) bool(i int) bool  { return a.c.Argument(i).ToBoolean() }
func (a subtleArgs) bytes(i int) []byte {
	return append([]byte{}, a.b.bytesOf(a.c.Argument(i))...)
}
func (a subtleArgs) key(i int) *subtle.Key { return subtleKeyOf(a.b.rt, a.c.Argument(i)) }

// job parses the arguments of op and returns its work and whether that is
// heavy enough to run off the loop goroutine.
func (a subtleArgs) job(op string) (heavy bool, work func() (any, error)) {
	rt := a.b.rt
	switch op {
	case "digest": // name, data
		name, data := a.str(1), a.bytes(2)
		return len(data) > 1<<20, func() (any, error) { return subtle.Digest(name, data) }
	case "hmacSign": // hash, key, data
		h, k, d := a.str(1), a.bytes(2), a.bytes(3)
		return false, func() (any, error) { return subtle.HMACSign(h, k, d) }
	case "hmacVerify": // hash, key, sig, data
		h, k, s, d := a.str(1), a.bytes(2), a.bytes(3), a.bytes(4)
		return false, func() (any, error) { return subtle.HMACVerify(h, k, s, d) }
	case "aesCBC": // encrypt, key, iv, data
		enc, k, iv, d := a.bool(1), a.bytes(2), a.bytes(3), a.bytes(4)
		return false, func() (any, error) { return subtle.AESCBC(enc, k, iv, d) }
	case "aesCTR": // key, counter, length, data
		k, ctr, n, d := a.bytes(1), a.bytes(2), a.int(3), a.bytes(4)
		return false, func() (any, error) { return subtle.AESCTR(k, ctr, n, d) }
	case "aesGCM": // encrypt, key, iv, aad, tagLength, data
		enc, k, iv, aad, tl, d := a.bool(1), a.bytes(2), a.bytes(3), a.bytes(4), a.int(5), a.bytes(6)
		return false, func() (any, error) { return subtle.AESGCM(enc, k, iv, aad, tl, d) }
	case "aesKW": // wrap, key, data
		wrap, k, d := a.bool(1), a.bytes(2), a.bytes(3)
		return false, func() (any, error) {
			if wrap {
				return subtle.AESKWWrap(k, d)
			}
			return subtle.AESKWUnwrap(k, d)
		}
	case "hkdf": // hash, key, salt, info, length (bytes)
		h, k, salt, info, n := a.str(1), a.bytes(2), a.bytes(3), a.bytes(4), a.int(5)
		return false, func() (any, error) { return subtle.HKDF(h, k, salt, info, n) }
	case "pbkdf2": // hash, key, salt, iterations, length (bytes)
		h, k, salt, it, n := a.str(1), a.bytes(2), a.bytes(3), a.int(4), a.int(5)
		return it > 1000, func() (any, error) { return subtle.PBKDF2(h, k, salt, it, n) }
	case "generate": // family, modulusLength|curve, publicExponent
		fam := a.str(1)
		switch fam {
		case subtle.FamilyRSA:
			bits, e := a.int(2), a.bytes(3)
			return true, func() (any, error) { return pair(subtle.GenerateRSA(bits, e)) }
		case subtle.FamilyEC:
			curve := a.str(2)
			return false, func() (any, error) { return pair(subtle.GenerateEC(curve)) }
		}
		return fam == subtle.FamilyEd448 || fam == subtle.FamilyX448, func() (any, error) { return pair(subtle.GenerateOKP(fam)) }
	case "import": // family, curve, format, data (bytes, or JWK JSON)
		fam, curve, format := a.str(1), a.str(2), a.str(3)
		if format == "jwk" {
			var j subtle.JWK
			if err := json.Unmarshal([]byte(a.str(4)), &j); err != nil {
				panic(rt.NewGoError(fmt.Errorf("subtle: jwk: %w", err)))
			}
			return fam == subtle.FamilyEd448 || fam == subtle.FamilyX448, func() (any, error) { return subtle.ImportJWK(fam, curve, j) }
		}
		data := a.bytes(4)
		return fam == subtle.FamilyEd448 || fam == subtle.FamilyX448, func() (any, error) {
			switch format {
			case "raw":
				return subtle.ImportRaw(fam, curve, data)
			case "spki":
				return subtle.ImportSPKI(fam, curve, data)
			case "pkcs8":
				return subtle.ImportPKCS8(fam, curve, data)
			}
			return nil, &subtle.Error{Name: subtle.NotSupportedError, Msg: "Unsupported key format"}
		}
	case "export": // key, format
		k, format := a.key(1), a.str(2)
		return false, func() (any, error) {
			switch format {
			case "raw":
				return k.ExportRaw()
			case "spki":
				return k.ExportSPKI()
			case "pkcs8":
				return k.ExportPKCS8()
			case "jwk":
				return k.ExportJWK()
			}
			return nil, &subtle.Error{Name: subtle.NotSupportedError, Msg: "Unsupported key format"}
		}
	case "sign": // algorithm, key, hash, saltLength, data
		p := subtle.SignParams{Algorithm: a.str(1), Hash: a.str(3), SaltLength: a.int(4)}
		k, d := a.key(2), a.bytes(5)
		return p.Algorithm != "ECDSA" && p.Algorithm != "Ed25519", func() (any, error) { return subtle.Sign(k, p, d) }
	case "verify": // algorithm, key, hash, saltLength, signature, data
		p := subtle.SignParams{Algorithm: a.str(1), Hash: a.str(3), SaltLength: a.int(4)}
		k, s, d := a.key(2), a.bytes(5), a.bytes(6)
		return p.Algorithm == "Ed448", func() (any, error) { return subtle.Verify(k, p, s, d) }
	case "oaep": // encrypt, key, hash, label, data
		enc, k, h, label, d := a.bool(1), a.key(2), a.str(3), a.bytes(4), a.bytes(5)
		return !enc, func() (any, error) { return subtle.RSAOAEP(enc, k, h, label, d) }
	case "derive": // private key, public key
		priv, pub := a.key(1), a.key(2)
		return priv.Family() == subtle.FamilyX448, func() (any, error) { return subtle.DeriveShared(priv, pub) }
	}
	panic(rt.NewTypeError("subtle: unknown operation " + op))
}

func pair(priv, pub *subtle.Key, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return [2]*subtle.Key{priv, pub}, nil
}
