package nodecompat

import (
	"testing"

	"github.com/dop251/goja"
)

// BenchmarkFirstLoad measures what an isolate pays on its first
// require('node:…') of each module: evaluating the library (first module
// only) and building the module.
func BenchmarkFirstLoad(b *testing.B) {
	for _, name := range Names {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				rt := goja.New()
				if _, ok, err := testLib.NewLoader(rt).Module(name); !ok || err != nil {
					b.Fatal(ok, err)
				}
			}
		})
	}
}

// BenchmarkBuffer measures common Buffer calls once loaded.
func BenchmarkBuffer(b *testing.B) {
	rt := goja.New()
	buf, _, err := testLib.NewLoader(rt).Module("node:buffer")
	if err != nil {
		b.Fatal(err)
	}
	_ = rt.Set("B", buf.ToObject(rt).Get("Buffer"))
	for _, c := range []struct{ name, src string }{
		{"from utf8 + toString base64", `B.from('hello world, héllo').toString('base64')`},
		{"from hex + readUInt32BE", `B.from('deadbeefcafebabe', 'hex').readUInt32BE(4)`},
		{"concat 3", `B.concat([B.from('a'), B.from('b'), B.from('c')]).length`},
	} {
		p := goja.MustCompile(c.name, c.src, false)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := rt.RunProgram(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
