package isolate

import (
	"sync"

	"github.com/dop251/goja"

	"edgeplay/runtime/isolate/nodecompat"
)

// nodeLibrary compiles the node: modules' JavaScript once per process, on
// first use. It is a lazily built, then read-only value (the Engine does
// not hold it because isolate.go belongs to another change).
var nodeLibrary = sync.OnceValues(nodecompat.New)

// nodeModule returns the partial polyfill Next.js's edge sandbox offers for
// a `node:`-prefixed built-in (R-RT-2): node:buffer, node:events,
// node:async_hooks, node:assert and node:util, each with exactly the
// exports Next.js picks. The module is built once per isolate (the
// library caches it in the runtime) so every require returns the same
// object. Unprefixed names are not offered: they get the stand-in.
func (iso *isolate) nodeModule(name string) (goja.Value, bool) {
	lib, err := nodeLibrary()
	if err != nil {
		panic(iso.newError("Edgeplay could not load its Node.js built-ins: " + err.Error()))
	}
	v, ok, err := lib.Module(iso.rt, name)
	if err != nil {
		panic(iso.newError("Edgeplay could not load " + name + ": " + err.Error()))
	}
	return v, ok
}
