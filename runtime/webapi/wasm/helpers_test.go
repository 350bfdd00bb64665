package wasm

import (
	"context"
	"testing"

	"github.com/dop251/goja"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Opcodes used by the hand-assembled test modules.
const (
	opUnreachable = 0x00
	opLoop        = 0x03
	opEnd         = 0x0b
	opBr          = 0x0c
	opCall        = 0x10
	opDrop        = 0x1a
	opLocalGet    = 0x20
	opGlobalGet   = 0x23
	opGlobalSet   = 0x24
	opI32Load8U   = 0x2d
	opI32Store8   = 0x3a
	opMemoryGrow  = 0x40
	opI32Const    = 0x41
	opI32Add      = 0x6a
	opI32DivS     = 0x6d
	opI64Add      = 0x7c
)

var (
	i32 = valI32
	i64 = valI64
	f64 = valF64
)

func sig(params []byte, results ...byte) funcType { return funcType{params: params, results: results} }

func vals(v ...byte) []byte { return v }

// exportFunc adds a function and exports it.
func (e *encoder) exportFunc(name string, ft funcType, body ...byte) uint32 {
	idx := e.function(ft, nil, body)
	e.exports = append(e.exports, exportDesc{name: name, kind: kindFunc, index: idx})
	return idx
}

// importFunc adds a function import; call it before defining functions.
func (e *encoder) importFunc(module, name string, ft funcType) uint32 {
	e.imports = append(e.imports, importDesc{module: module, name: name, typ: externType{kind: kindFunc, fn: ft}})
	return uint32(e.numImported(kindFunc) - 1)
}

// testEnv is a goja runtime with the WebAssembly global installed.
type testEnv struct {
	t    testing.TB
	rt   *goja.Runtime
	e    *Engine
	host *Host
}

func newTestEnv(t testing.TB, opts Options) *testEnv {
	t.Helper()
	ctx := context.Background()
	e := NewEngine(ctx, EngineOptions{MemoryLimitPages: 2048})
	rt := goja.New()
	h, err := Install(rt, e, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := h.Close(); err != nil {
			t.Error(err)
		}
		if err := e.Close(ctx); err != nil {
			t.Error(err)
		}
	})
	return &testEnv{t: t, rt: rt, e: e, host: h}
}

// module compiles enc and binds it to the JS global name.
func (env *testEnv) module(name string, enc *encoder) {
	env.t.Helper()
	m, err := env.e.Compile(context.Background(), enc.bytes())
	if err != nil {
		env.t.Fatal(err)
	}
	if err := env.rt.Set(name, env.host.NewModuleValue(m)); err != nil {
		env.t.Fatal(err)
	}
}

// run evaluates JS and returns the result as a string (exceptions become
// "throw <String(e)>").
func (env *testEnv) run(src string) string {
	env.t.Helper()
	v, err := env.rt.RunString(`(function(){ try { return String((function(){` + src + `})()); } catch (e) { return 'throw ' + String(e); } })()`)
	if err != nil {
		env.t.Fatalf("run %q: %v", src, err)
	}
	return v.String()
}
