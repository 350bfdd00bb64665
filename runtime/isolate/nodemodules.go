package isolate

import (
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
