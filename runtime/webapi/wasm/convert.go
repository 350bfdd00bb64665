package wasm

import (
	"math"
	"math/big"
	"strings"

	"github.com/dop251/goja"
	"github.com/tetratelabs/wazero/api"
)

// toWasm converts a JS value to a wasm value of type t (JS-API
// ToWebAssemblyValue): i32 by ToInt32, i64 by ToBigInt64 (a Number is a
// TypeError, as in V8), f32/f64 by ToNumber, externref by handle. It panics
// with a JS TypeError for types JS cannot pass.
func (h *Host) toWasm(v goja.Value, t byte) uint64 {
	switch t {
	case valI32:
		return uint64(uint32(toInt32(v)))
	case valI64:
		return uint64(h.toBigInt64(v))
	case valF32:
		return uint64(math.Float32bits(float32(v.ToFloat())))
	case valF64:
		return math.Float64bits(v.ToFloat())
	case valExternref:
		if goja.IsNull(v) {
			return 0
		}
		if goja.IsUndefined(v) && h.undefinedRef != 0 {
			return h.undefinedRef
		}
		h.externs = append(h.externs, v)
		if goja.IsUndefined(v) {
			h.undefinedRef = uint64(len(h.externs))
		}
		return uint64(len(h.externs))
	}
	panic(h.rt.NewTypeError("type incompatibility when transforming from/to JS"))
}

// toInt32 is ECMAScript ToInt32 (goja's ToInteger saturates; wrap instead).
func toInt32(v goja.Value) int32 {
	f := v.ToFloat()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	f = math.Trunc(f)
	f = math.Mod(f, 4294967296)
	if f < 0 {
		f += 4294967296
	}
	return int32(uint32(f))
}

// toBigInt64 is ECMAScript ToBigInt64: BigInt, Boolean and String convert,
// Number, undefined, null and Symbol are TypeErrors.
func (h *Host) toBigInt64(v goja.Value) int64 {
	if o, ok := v.(*goja.Object); ok {
		v = h.toPrimitive(o)
	}
	var b *big.Int
	switch x := v.Export().(type) {
	case *big.Int:
		b = x
	case bool:
		if x {
			return 1
		}
		return 0
	case string:
		s := strings.TrimSpace(x)
		if s == "" {
			return 0
		}
		var ok bool
		if b, ok = new(big.Int).SetString(s, 0); !ok {
			panic(h.newError("SyntaxError", "Cannot convert "+x+" to a BigInt"))
		}
	default:
		panic(h.rt.NewTypeError("Cannot convert %s to a BigInt", v.String()))
	}
	// Wrap modulo 2^64.
	m := new(big.Int).And(b, new(big.Int).SetUint64(math.MaxUint64))
	return int64(m.Uint64())
}

// toPrimitive runs ToPrimitive(hint number) through the object's valueOf.
func (h *Host) toPrimitive(o *goja.Object) goja.Value {
	for _, name := range []string{"valueOf", "toString"} {
		if f, ok := goja.AssertFunction(o.Get(name)); ok {
			r, err := f(o)
			if err != nil {
				panic(err)
			}
			if _, isObj := r.(*goja.Object); !isObj {
				return r
			}
		}
	}
	panic(h.rt.NewTypeError("Cannot convert object to primitive value"))
}

// toJS converts a wasm value of type t to JS (JS-API ToJSValue): i64
// becomes a BigInt.
func (h *Host) toJS(bits uint64, t byte) goja.Value {
	switch t {
	case valI32:
		return h.rt.ToValue(int32(uint32(bits)))
	case valI64:
		return h.rt.ToValue(big.NewInt(int64(bits)))
	case valF32:
		return h.rt.ToValue(float64(math.Float32frombits(uint32(bits))))
	case valF64:
		return h.rt.ToValue(math.Float64frombits(bits))
	case valExternref:
		if bits == 0 || bits > uint64(len(h.externs)) {
			return goja.Null()
		}
		return h.externs[bits-1]
	case valFuncref:
		if bits == 0 {
			return goja.Null()
		}
	}
	panic(h.rt.NewTypeError("type incompatibility when transforming from/to JS"))
}

// apiToVal maps wazero's value types to the binary encoding.
func apiToVal(t api.ValueType) byte { return byte(t) }

// valFromName parses a JS-API value type name (Global descriptors).
func valFromName(s string) (byte, bool) {
	switch s {
	case "i32":
		return valI32, true
	case "i64":
		return valI64, true
	case "f32":
		return valF32, true
	case "f64":
		return valF64, true
	case "externref":
		return valExternref, true
	case "anyfunc", "funcref":
		return valFuncref, true
	}
	return 0, false
}
