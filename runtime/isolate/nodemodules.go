package isolate

import "github.com/dop251/goja"

// nodeModule returns the partial polyfill Next.js's edge sandbox offers for
// a `node:`-prefixed built-in (R-RT-2), if Edgeplay has it.
func (iso *isolate) nodeModule(name string) (goja.Value, bool) { return nil, false }
