package isolate

import (
	"fmt"
	"sync"

	"github.com/dop251/goja"

	"edgeplay/runtime/isolate/nodecompat"
)

// nodeLibrary compiles the node: modules' JavaScript once per process, on
// first use; afterwards it is read-only.
var nodeLibrary = sync.OnceValues(nodecompat.New)

// nodeModule returns the partial polyfill Next.js's edge sandbox offers for
// a `node:`-prefixed built-in (R-RT-2): node:buffer, node:events,
// node:async_hooks, node:assert and node:util, each with exactly the
// exports Next.js picks. Each module is built once per isolate, so every
// require returns the same object. Unprefixed names are not offered: they
// get the stand-in.
func (iso *isolate) nodeModule(name string) (goja.Value, bool) {
	if iso.node == nil {
		lib, err := nodeLibrary()
		if err != nil {
			panic(iso.newError("Edgeplay could not load its Node.js built-ins: " + err.Error()))
		}
		iso.node = lib.NewLoader(iso.rt)
	}
	v, ok, err := iso.node.Module(name)
	if err != nil {
		panic(iso.newError("Edgeplay could not load " + name + ": " + err.Error()))
	}
	return v, ok
}

// installAsyncLocalStorage gives the global object `AsyncLocalStorage`, as
// Next.js's edge sandbox does (it assigns node:async_hooks' class to the
// context; SPEC R-RT-2), so code written for the Edge Runtime can use it
// without an import. node:async_hooks loads on first read, so isolates that
// never use it pay nothing; the first read or an assignment turns the
// property into the plain data property Next.js creates.
func (iso *isolate) installAsyncLocalStorage() error {
	const name = "AsyncLocalStorage"
	global := iso.rt.GlobalObject()
	settle := func(v goja.Value) {
		if err := global.DefineDataProperty(name, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE); err != nil {
			panic(err)
		}
	}
	getter := iso.rt.ToValue(func(goja.FunctionCall) goja.Value {
		mod, _ := iso.nodeModule("node:async_hooks")
		v := mod.ToObject(iso.rt).Get(name)
		settle(v)
		return v
	})
	setter := iso.rt.ToValue(func(call goja.FunctionCall) goja.Value {
		settle(call.Argument(0))
		return goja.Undefined()
	})
	if err := global.DefineAccessorProperty(name, getter, setter, goja.FLAG_TRUE, goja.FLAG_TRUE); err != nil {
		return fmt.Errorf("define %s: %w", name, err)
	}
	return nil
}

// installGlobalRequire gives the global object the `require` Next.js's edge
// sandbox defines (SPEC R-RT-1: `require` exists as a function): a
// non-enumerable, read-only function that returns the node: modules of
// nodeModule and throws `TypeError: Native module not found: <id>` for any
// other id — unprefixed names included, unlike the bundle's own require,
// which gives those the stand-in.
func (iso *isolate) installGlobalRequire() error {
	rt := iso.rt
	require := rt.ToValue(func(call goja.FunctionCall) goja.Value {
		id := call.Argument(0).String()
		if v, ok := iso.nodeModule(id); ok {
			return v
		}
		panic(rt.NewTypeError("Native module not found: " + id))
	})
	if err := rt.GlobalObject().DefineDataProperty("require", require, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE); err != nil {
		return fmt.Errorf("define require: %w", err)
	}
	return nil
}
