package webapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"edgeplay/runtime/webapi/subtle"

	"github.com/dop251/goja"
)

// Thresholds above which an operation runs off the loop goroutine.
const (
	// subtleHeavyBytes: digests, HMAC and the AES modes over more data.
	subtleHeavyBytes = 1 << 20
	// subtleHeavyPBKDF2: PBKDF2 costing more HMAC computations
	// (iterations times output blocks; about 0.7 ms with SHA-256).
	subtleHeavyPBKDF2 = 4096
	// subtleHeavyRSAImport: RSA private keys with a longer encoding (more
	// than 4096 bits), whose validation takes milliseconds.
	subtleHeavyRSAImport = 3000
	// subtleMaxJobs is how many heavy operations of one isolate run at
	// once; the others wait in order.
	subtleMaxJobs = 2
)

// addSubtleHost adds the host functions behind crypto.subtle (Web
// Cryptography API; JS side in js/86_subtle.js):
//
//   - subtleInit(makeError) hands Go the JS factory of DOMExceptions.
//   - subtle(op, ...args, callback) runs one operation of package subtle
//     and calls callback(error, result) exactly once (unless Close comes
//     first). An asymmetric key is an opaque handle (subtleKeyRef).
//   - subtleKeyInfo(handle) describes an asymmetric key handle.
//
// Threading: arguments are read (and copied) on the loop goroutine. Cheap
// operations run there and call back at once; heavy ones (RSA key
// generation and private-key operations, PBKDF2 above a cost, Ed448 and
// X448, AES, HMAC and digests of more than 1 MB) go to the isolate's
// subtleJobs, which runs at most subtleMaxJobs of them at a time on their
// own goroutines, each also holding one of package subtle's process-wide
// slots (as many as GOMAXPROCS). Each takes a Loop.Hold and hands its
// result back with Loop.Enqueue, so the callback always runs on the loop
// goroutine. When the request's context ends the Hold is released but the
// work goes on and its result is still delivered, as Node would (a promise
// kept in module state settles for a later request). Close cancels the
// isolate's jobs: queued ones never start, PBKDF2 stops, results are
// dropped; RSA key generation cannot be interrupted and finishes on its own
// goroutine, bounded by the slots.
func (b *Bindings) addSubtleHost(set hostSetter) {
	rt := b.rt
	jobs := newSubtleJobs()
	b.subtleJobs = jobs // Bindings.Close stops them

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
		if n < 2 {
			panic(rt.NewTypeError("subtle: an operation and a callback are required"))
		}
		cb, ok := goja.AssertFunction(c.Argument(n - 1))
		if !ok || makeError == nil {
			panic(rt.NewTypeError("subtle: callback is not a function"))
		}
		args := subtleArgs{b: b, c: c}
		heavy, work := args.job(c.Argument(0).String())
		deliver := func(res any, err error) {
			if err != nil {
				if _, cbErr := cb(goja.Undefined(), toError(err), goja.Undefined()); cbErr != nil {
					b.report(cbErr)
				}
				return
			}
			if _, cbErr := cb(goja.Undefined(), goja.Null(), b.subtleValue(res)); cbErr != nil {
				b.report(cbErr)
			}
		}
		if !heavy {
			deliver(subtleProtect(context.Background(), work))
			return goja.Undefined()
		}
		b.subtleOffLoop(jobs, work, deliver)
		return goja.Undefined()
	})
	set("subtleKeyInfo", func(c goja.FunctionCall) goja.Value {
		k := subtleKeyOf(rt, c.Argument(0))
		info := []any{k.Family(), k.Private()}
		switch k.Family() {
		case subtle.FamilyRSA:
			bits, err := k.ModulusLength()
			if err != nil {
				panic(rt.NewGoError(fmt.Errorf("subtle: key info: %w", err)))
			}
			e, err := k.PublicExponent()
			if err != nil {
				panic(rt.NewGoError(fmt.Errorf("subtle: key info: %w", err)))
			}
			info = append(info, bits, rt.NewArrayBuffer(e))
		case subtle.FamilyEC:
			info = append(info, k.Curve())
		}
		return rt.NewArray(info...)
	})
}

// subtleWork is one operation of package subtle; ctx ends when the
// isolate's Bindings is closed (only long loops look at it).
type subtleWork func(ctx context.Context) (any, error)

// subtleProtect runs work, turning a panic into an OperationError: a bug
// in the cryptography must not take the process down (off the loop there
// is nothing else to recover it).
func subtleProtect(ctx context.Context, work subtleWork) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, &subtle.Error{Name: subtle.OperationError, Msg: fmt.Sprintf("internal error: %v", r)}
		}
	}()
	return work(ctx)
}

// subtleOffLoop hands work to jobs under a Loop.Hold and delivers its
// result on the loop goroutine (see addSubtleHost for the threading rules).
// Loop goroutine only.
func (b *Bindings) subtleOffLoop(jobs *subtleJobs, work subtleWork, deliver func(any, error)) {
	if b.closed {
		return
	}
	reqCtx := context.Background()
	if b.opts.Context != nil {
		if c := b.opts.Context(); c != nil {
			reqCtx = c
		}
	}
	loop := b.opts.Loop
	hold := loop.Hold()
	var once sync.Once
	release := func() { once.Do(hold) }
	// The request ending releases the Hold, not the work (see above).
	stopWatch := context.AfterFunc(reqCtx, release)
	jobs.submit(work, func(res any, err error) {
		stopWatch()
		if !loop.Enqueue(func() {
			release()
			if !b.closed {
				deliver(res, err)
			}
		}) {
			release()
		}
	})
}

// subtleJobs runs one isolate's heavy crypto.subtle work off the loop
// goroutine: at most limit jobs at once, the others queued in order, each
// running under one of package subtle's process-wide slots. stop (called
// by Bindings.Close) ends ctx: queued jobs then finish at once with an
// error instead of running, and running PBKDF2 stops. Safe for concurrent
// use.
type subtleJobs struct {
	ctx   context.Context
	stop  context.CancelFunc
	limit int

	mu      sync.Mutex
	queue   []subtleJob
	workers int
}

type subtleJob struct {
	work   subtleWork
	finish func(any, error)
}

func newSubtleJobs() *subtleJobs {
	ctx, stop := context.WithCancel(context.Background())
	return &subtleJobs{ctx: ctx, stop: stop, limit: subtleMaxJobs}
}

// submit queues work; finish is called exactly once, on a worker
// goroutine, with its result (or an OperationError if stop came first).
func (j *subtleJobs) submit(work subtleWork, finish func(any, error)) {
	j.mu.Lock()
	j.queue = append(j.queue, subtleJob{work: work, finish: finish})
	start := j.workers < j.limit
	if start {
		j.workers++
	}
	j.mu.Unlock()
	if start {
		go j.worker()
	}
}

// worker runs queued jobs until the queue is empty.
func (j *subtleJobs) worker() {
	for {
		j.mu.Lock()
		if len(j.queue) == 0 {
			j.workers--
			j.mu.Unlock()
			return
		}
		job := j.queue[0]
		j.queue[0] = subtleJob{}
		j.queue = j.queue[1:]
		j.mu.Unlock()
		job.finish(j.run(job.work))
	}
}

// run runs one job once a process-wide slot is free, unless stop came first.
func (j *subtleJobs) run(work subtleWork) (any, error) {
	if j.ctx.Err() != nil {
		return nil, &subtle.Error{Name: subtle.OperationError, Msg: "The operation was cancelled"}
	}
	release, err := subtle.Acquire(j.ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return subtleProtect(j.ctx, work)
}

// subtleKeyRef is the JS value of an asymmetric key: an opaque Go value
// with no exported fields or methods, so a script that gets hold of one
// can do nothing with it.
type subtleKeyRef struct{ k *subtle.Key }

// subtleValue converts an operation's result to JS. Loop goroutine only.
func (b *Bindings) subtleValue(res any) goja.Value {
	rt := b.rt
	switch r := res.(type) {
	case []byte:
		return rt.ToValue(rt.NewArrayBuffer(r))
	case bool:
		return rt.ToValue(r)
	case *subtle.Key:
		return rt.ToValue(&subtleKeyRef{r})
	case [2]*subtle.Key:
		return rt.NewArray(rt.ToValue(&subtleKeyRef{r[0]}), rt.ToValue(&subtleKeyRef{r[1]}))
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
	ref, ok := v.Export().(*subtleKeyRef)
	if !ok || ref == nil || ref.k == nil {
		panic(rt.NewTypeError("subtle: not a key handle"))
	}
	return ref.k
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
func (a subtleArgs) job(op string) (heavy bool, work subtleWork) {
	rt := a.b.rt
	switch op {
	case "digest": // name, data
		name, data := a.str(1), a.bytes(2)
		return len(data) > subtleHeavyBytes, func(context.Context) (any, error) { return subtle.Digest(name, data) }
	case "hmacSign": // hash, key, data
		h, k, d := a.str(1), a.bytes(2), a.bytes(3)
		return len(d) > subtleHeavyBytes, func(context.Context) (any, error) { return subtle.HMACSign(h, k, d) }
	case "hmacVerify": // hash, key, sig, data
		h, k, s, d := a.str(1), a.bytes(2), a.bytes(3), a.bytes(4)
		return len(d) > subtleHeavyBytes, func(context.Context) (any, error) { return subtle.HMACVerify(h, k, s, d) }
	case "aesCBC": // encrypt, key, iv, data
		enc, k, iv, d := a.bool(1), a.bytes(2), a.bytes(3), a.bytes(4)
		return len(d) > subtleHeavyBytes, func(context.Context) (any, error) { return subtle.AESCBC(enc, k, iv, d) }
	case "aesCTR": // key, counter, length, data
		k, ctr, n, d := a.bytes(1), a.bytes(2), a.int(3), a.bytes(4)
		return len(d) > subtleHeavyBytes, func(context.Context) (any, error) { return subtle.AESCTR(k, ctr, n, d) }
	case "aesGCM": // encrypt, key, iv, aad, tagLength, data
		enc, k, iv, aad, tl, d := a.bool(1), a.bytes(2), a.bytes(3), a.bytes(4), a.int(5), a.bytes(6)
		return len(d)+len(aad) > subtleHeavyBytes, func(context.Context) (any, error) { return subtle.AESGCM(enc, k, iv, aad, tl, d) }
	case "aesKW": // wrap, key, data
		wrap, k, d := a.bool(1), a.bytes(2), a.bytes(3)
		return len(d) > subtleHeavyBytes, func(context.Context) (any, error) {
			if wrap {
				return subtle.AESKWWrap(k, d)
			}
			return subtle.AESKWUnwrap(k, d)
		}
	case "hkdf": // hash, key, salt, info, length (bytes)
		h, k, salt, info, n := a.str(1), a.bytes(2), a.bytes(3), a.bytes(4), a.int(5)
		return false, func(context.Context) (any, error) { return subtle.HKDF(h, k, salt, info, n) }
	case "pbkdf2": // hash, key, salt, iterations, length (bytes)
		h, k, salt, it, n := a.str(1), a.bytes(2), a.bytes(3), a.int(4), a.int(5)
		return subtle.PBKDF2Work(h, it, n) > subtleHeavyPBKDF2, func(ctx context.Context) (any, error) {
			return subtle.PBKDF2(ctx, h, k, salt, it, n)
		}
	case "generate": // family, modulusLength|curve, publicExponent
		fam := a.str(1)
		switch fam {
		case subtle.FamilyRSA:
			bits, e := a.int(2), a.bytes(3)
			return true, func(context.Context) (any, error) { return pair(subtle.GenerateRSA(bits, e)) }
		case subtle.FamilyEC:
			curve := a.str(2)
			return false, func(context.Context) (any, error) { return pair(subtle.GenerateEC(curve)) }
		}
		return fam == subtle.FamilyEd448 || fam == subtle.FamilyX448, func(context.Context) (any, error) { return pair(subtle.GenerateOKP(fam)) }
	case "import": // family, curve, format, data (bytes, or JWK JSON)
		fam, curve, format := a.str(1), a.str(2), a.str(3)
		curve448 := fam == subtle.FamilyEd448 || fam == subtle.FamilyX448
		if format == "jwk" {
			src := a.str(4)
			var j subtle.JWK
			if err := json.Unmarshal([]byte(src), &j); err != nil {
				panic(rt.NewGoError(fmt.Errorf("subtle: jwk: %w", err)))
			}
			_, private := j["d"]
			bigRSA := fam == subtle.FamilyRSA && private && len(src) > subtleHeavyRSAImport
			return curve448 || bigRSA, func(context.Context) (any, error) { return subtle.ImportJWK(fam, curve, j) }
		}
		data := a.bytes(4)
		bigRSA := fam == subtle.FamilyRSA && format == "pkcs8" && len(data) > subtleHeavyRSAImport
		return curve448 || bigRSA, func(context.Context) (any, error) {
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
		return false, func(context.Context) (any, error) {
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
		heavy := (p.Algorithm != "ECDSA" && p.Algorithm != "Ed25519") || len(d) > subtleHeavyBytes
		return heavy, func(context.Context) (any, error) { return subtle.Sign(k, p, d) }
	case "verify": // algorithm, key, hash, saltLength, signature, data
		p := subtle.SignParams{Algorithm: a.str(1), Hash: a.str(3), SaltLength: a.int(4)}
		k, s, d := a.key(2), a.bytes(5), a.bytes(6)
		heavy := p.Algorithm == "Ed448" || len(d) > subtleHeavyBytes
		return heavy, func(context.Context) (any, error) { return subtle.Verify(k, p, s, d) }
	case "oaep": // encrypt, key, hash, label, data
		enc, k, h, label, d := a.bool(1), a.key(2), a.str(3), a.bytes(4), a.bytes(5)
		return !enc, func(context.Context) (any, error) { return subtle.RSAOAEP(enc, k, h, label, d) }
	case "derive": // private key, public key
		priv, pub := a.key(1), a.key(2)
		return priv.Family() == subtle.FamilyX448, func(context.Context) (any, error) { return subtle.DeriveShared(priv, pub) }
	}
	panic(rt.NewTypeError("subtle: unknown operation " + op))
}

func pair(priv, pub *subtle.Key, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return [2]*subtle.Key{priv, pub}, nil
}
