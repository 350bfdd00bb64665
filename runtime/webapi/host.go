package webapi

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"time"

	"github.com/dop251/goja"
)

// newHost builds the object of Go host functions handed to the JS setup
// code. It is passed as an argument, never stored on the global object.
// Every function here runs on the loop goroutine (JS calls it).
//
// Byte conventions: JS passes bytes as a Uint8Array (or any view), which Go
// reads in place with ExportTo(&[]byte) and copies if it keeps them; Go
// returns bytes as a fresh ArrayBuffer.
func (b *Bindings) newHost() *goja.Object {
	rt := b.rt
	h := rt.NewObject()
	set := func(name string, fn func(goja.FunctionCall) goja.Value) {
		if err := h.Set(name, fn); err != nil {
			panic(fmt.Sprintf("webapi: set host.%s: %v", name, err))
		}
	}
	bytesOf := b.bytesOf

	// console and errors
	set("log", func(c goja.FunctionCall) goja.Value {
		b.log(c.Argument(0).String(), c.Argument(1).String())
		return goja.Undefined()
	})
	set("reportError", func(c goja.FunctionCall) goja.Value {
		b.reportValue(c.Argument(0))
		return goja.Undefined()
	})

	// encoding
	set("encode", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(rt.NewArrayBuffer([]byte(c.Argument(0).String())))
	})
	set("encodeInto", func(c goja.FunctionCall) goja.Value {
		read, written := encodeInto(c.Argument(0).String(), bytesOf(c.Argument(1)))
		return rt.NewArray(read, written)
	})
	set("utf8Decode", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(decodeUTF8(bytesOf(c.Argument(0))))
	})
	set("decoderNew", func(c goja.FunctionCall) goja.Value {
		d, ok := newTextDecoder(c.Argument(0).String(), c.Argument(1).ToBoolean(), c.Argument(2).ToBoolean())
		if !ok {
			return goja.Null()
		}
		return rt.NewArray(rt.ToValue(d), d.name)
	})
	set("decoderDecode", func(c goja.FunctionCall) goja.Value {
		d, ok := c.Argument(0).Export().(*textDecoder)
		if !ok {
			panic(rt.NewTypeError("Illegal invocation"))
		}
		s, err := d.decode(bytesOf(c.Argument(1)), c.Argument(2).ToBoolean())
		if err != nil {
			return goja.Null()
		}
		return rt.ToValue(s)
	})
	set("atob", func(c goja.FunctionCall) goja.Value {
		out, ok := atobDecode(c.Argument(0).String())
		if !ok {
			return goja.Null()
		}
		return rt.ToValue(latin1String(out))
	})
	set("btoa", func(c goja.FunctionCall) goja.Value {
		out, ok := btoaEncode(c.Argument(0).String())
		if !ok {
			return goja.Null()
		}
		return rt.ToValue(out)
	})

	// URL
	set("urlParse", func(c goja.FunctionCall) goja.Value {
		var base *urlRecord
		if bv := c.Argument(1); !goja.IsUndefined(bv) {
			var ok bool
			if base, ok = parseURL(bv.String(), nil); !ok {
				return goja.Null()
			}
		}
		u, ok := parseURL(c.Argument(0).String(), base)
		if !ok {
			return goja.Null()
		}
		return b.urlComponents(u)
	})
	set("urlHref", func(c goja.FunctionCall) goja.Value {
		u, ok := parseURL(c.Argument(0).String(), b.baseURL)
		if !ok {
			return goja.Null()
		}
		return rt.NewArray(u.serialize(false), u.includesCredentials())
	})
	set("urlCanParse", func(c goja.FunctionCall) goja.Value {
		var base *urlRecord
		if bv := c.Argument(1); !goja.IsUndefined(bv) {
			var ok bool
			if base, ok = parseURL(bv.String(), nil); !ok {
				return rt.ToValue(false)
			}
		}
		_, ok := parseURL(c.Argument(0).String(), base)
		return rt.ToValue(ok)
	})
	set("urlSet", func(c goja.FunctionCall) goja.Value {
		u := b.urlRecordOf(c.Argument(0))
		u.set(int(c.Argument(1).ToInteger()), c.Argument(2).String())
		return b.urlComponents(u)
	})
	set("urlSetQuery", func(c goja.FunctionCall) goja.Value {
		u := b.urlRecordOf(c.Argument(0))
		if q := c.Argument(1); goja.IsNull(q) {
			u.hasQuery, u.query = false, ""
		} else {
			u.hasQuery, u.query = true, q.String()
		}
		return b.urlComponents(u)
	})
	set("formParse", func(c goja.FunctionCall) goja.Value {
		pairs := parseForm(c.Argument(0).String())
		items := make([]interface{}, len(pairs))
		for i, p := range pairs {
			items[i] = p
		}
		return rt.NewArray(items...)
	})
	set("formParseBytes", func(c goja.FunctionCall) goja.Value {
		pairs := parseForm(string(bytesOf(c.Argument(0))))
		items := make([]interface{}, len(pairs))
		for i, p := range pairs {
			items[i] = p
		}
		return rt.NewArray(items...)
	})
	set("formSerialize", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(serializeForm(b.stringList(c.Argument(0))))
	})
	set("multipartEncode", func(c goja.FunctionCall) goja.Value {
		// parts: flat [name, isFile, filename, type, bytes, ...]
		obj := c.Argument(0).ToObject(rt)
		n := int(obj.Get("length").ToInteger())
		var parts []formPart
		for i := 0; i+4 < n; i += 5 {
			parts = append(parts, formPart{
				name:        obj.Get(strconv.Itoa(i)).String(),
				isFile:      obj.Get(strconv.Itoa(i + 1)).ToBoolean(),
				filename:    obj.Get(strconv.Itoa(i + 2)).String(),
				contentType: obj.Get(strconv.Itoa(i + 3)).String(),
				data:        bytesOf(obj.Get(strconv.Itoa(i + 4))),
			})
		}
		body, boundary, err := encodeMultipart(parts)
		if err != nil {
			panic(rt.NewGoError(err))
		}
		return rt.NewArray(rt.NewArrayBuffer(body), boundary)
	})
	set("multipartDecode", func(c goja.FunctionCall) goja.Value {
		parts, err := decodeMultipart(bytesOf(c.Argument(0)), c.Argument(1).String())
		if err != nil {
			return goja.Null()
		}
		items := make([]interface{}, 0, 5*len(parts))
		for _, p := range parts {
			var data interface{} = decodeUTF8NoBOM(p.data)
			if p.isFile {
				data = rt.NewArrayBuffer(p.data)
			}
			items = append(items, p.name, p.isFile, p.filename, p.contentType, data)
		}
		return rt.NewArray(items...)
	})

	// crypto
	set("randomFill", func(c goja.FunctionCall) goja.Value {
		if _, err := rand.Read(bytesOf(c.Argument(0))); err != nil {
			panic(rt.NewGoError(fmt.Errorf("crypto.getRandomValues: %w", err)))
		}
		return goja.Undefined()
	})
	set("randomUUID", func(c goja.FunctionCall) goja.Value {
		var u [16]byte
		if _, err := rand.Read(u[:]); err != nil {
			panic(rt.NewGoError(fmt.Errorf("crypto.randomUUID: %w", err)))
		}
		u[6] = u[6]&0x0F | 0x40
		u[8] = u[8]&0x3F | 0x80
		const hx = "0123456789abcdef"
		out := make([]byte, 0, 36)
		for i, x := range u {
			if i == 4 || i == 6 || i == 8 || i == 10 {
				out = append(out, '-')
			}
			out = append(out, hx[x>>4], hx[x&15])
		}
		return rt.ToValue(string(out))
	})

	// time
	set("now", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(float64(time.Since(b.timeOrigin).Nanoseconds()) / 1e6)
	})
	set("timeOrigin", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(float64(b.timeOrigin.UnixNano()) / 1e6)
	})
	set("timerStart", b.timerHostStart)
	set("timerClear", b.timerHostClear)

	// fetch
	set("fetch", b.hostFetch)
	set("fetchAbort", b.hostFetchAbort)

	// engine introspection for structuredClone and console
	set("classOf", func(c goja.FunctionCall) goja.Value {
		o, ok := c.Argument(0).(*goja.Object)
		if !ok {
			return rt.ToValue("")
		}
		return rt.ToValue(classOf(o))
	})
	set("promiseState", func(c goja.FunctionCall) goja.Value {
		p, ok := c.Argument(0).Export().(*goja.Promise)
		if !ok {
			return goja.Null()
		}
		switch p.State() {
		case goja.PromiseStateFulfilled:
			return rt.NewArray("fulfilled", p.Result())
		case goja.PromiseStateRejected:
			return rt.NewArray("rejected", p.Result())
		}
		return rt.NewArray("pending")
	})
	set("transferBuffer", func(c goja.FunctionCall) goja.Value {
		ab, ok := c.Argument(0).Export().(goja.ArrayBuffer)
		if !ok || ab.Detached() {
			return goja.Null()
		}
		return rt.ToValue(rt.NewArrayBuffer(ab.Bytes()))
	})
	set("detach", func(c goja.FunctionCall) goja.Value {
		if ab, ok := c.Argument(0).Export().(goja.ArrayBuffer); ok {
			ab.Detach()
		}
		return goja.Undefined()
	})
	set("isDetached", func(c goja.FunctionCall) goja.Value {
		ab, ok := c.Argument(0).Export().(goja.ArrayBuffer)
		return rt.ToValue(ok && ab.Detached())
	})

	// Each area with Go work of its own adds its functions from its file.
	b.addSubtleHost(set)
	b.addStreamsHost(set)
	b.addIntlHost(set)
	b.addSocketHost(set)
	b.addURLPatternHost(set)
	return h
}

// hostSetter defines one function on the host object.
type hostSetter func(name string, fn func(goja.FunctionCall) goja.Value)

// reportValue reports an exception thrown by a callback the runtime ran on
// its own (host.reportError). Loop goroutine only.
func (b *Bindings) reportValue(v goja.Value) {
	err := b.uncaught(v)
	if b.opts.ReportError != nil {
		b.opts.ReportError(err)
		return
	}
	b.log("error", err.Message)
}

// urlComponents returns the JS view of u: [record, href, origin, protocol,
// username, password, host, hostname, port, pathname, search, hash].
func (b *Bindings) urlComponents(u *urlRecord) goja.Value {
	c := u.components()
	return b.rt.NewArray(b.rt.ToValue(u), c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10])
}

func (b *Bindings) urlRecordOf(v goja.Value) *urlRecord {
	u, ok := v.Export().(*urlRecord)
	if !ok {
		panic(b.rt.NewTypeError("Illegal invocation"))
	}
	return u
}

// stringList reads a JS array of strings.
func (b *Bindings) stringList(v goja.Value) []string {
	obj := v.ToObject(b.rt)
	n := int(obj.Get("length").ToInteger())
	out := make([]string, n)
	for i := range out {
		out[i] = obj.Get(strconv.Itoa(i)).String()
	}
	return out
}

var (
	typeProxy       = reflect.TypeOf(goja.Proxy{})
	typePromise     = reflect.TypeOf(&goja.Promise{})
	typeBigInt      = reflect.TypeOf(&big.Int{})
	typeMapExport   = reflect.TypeOf([][2]interface{}{})
	typeSetExport   = reflect.TypeOf([]interface{}{})
	typeArrayBuffer = reflect.TypeOf(goja.ArrayBuffer{})
)

// classOf names the kind of a JS object for structuredClone and console:
// goja's class name, refined where that is just "Object".
func classOf(o *goja.Object) string {
	cls := o.ClassName()
	if cls != "Object" {
		return cls
	}
	switch o.ExportType() {
	case typeProxy:
		return "Proxy"
	case typePromise:
		return "Promise"
	case typeBigInt:
		return "BigInt"
	case typeMapExport:
		return "Map"
	case typeSetExport:
		return "Set"
	case typeArrayBuffer:
		return "ArrayBuffer"
	}
	return cls
}

// bytesOf reads a JS Uint8Array (or other view) in place, without copying.
func (b *Bindings) bytesOf(v goja.Value) []byte {
	rt := b.rt
	if goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	obj, ok := v.(*goja.Object)
	if !ok {
		panic(rt.NewTypeError("expected bytes"))
	}
	// goja's export of an empty view at the very end of its buffer does
	// pointer arithmetic past the allocation (checkptr rejects it).
	n := obj.Get("byteLength")
	if n == nil || goja.IsUndefined(n) {
		panic(rt.NewTypeError("expected bytes"))
	}
	if n.ToInteger() == 0 {
		return []byte{}
	}
	var view []byte
	if err := rt.ExportTo(v, &view); err != nil {
		panic(rt.NewTypeError("expected bytes"))
	}
	return view
}
