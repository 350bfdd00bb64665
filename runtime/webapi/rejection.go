package webapi

import "github.com/dop251/goja"

// UnhandledRejection tells the handler's own 'unhandledrejection' listeners
// (registered with the global addEventListener) about a promise rejected
// without a handler; each gets { reason, promise }, as in Next's edge
// sandbox. The isolate calls it before it logs the rejection. Loop
// goroutine only.
func (b *Bindings) UnhandledRejection(p *goja.Promise) {
	if b.closed || b.unhandledRejection == nil {
		return
	}
	b.call(b.unhandledRejection, b.rt.ToValue(p), p.Result())
}
