package nodecompat

import "testing"

// TestMaxListenersWarning: past setMaxListeners, Node emits a
// MaxListenersExceededWarning once per event; the Edge Runtime has no
// process.emitWarning, so it goes to console.warn (message text as Node 20).
func TestMaxListenersWarning(t *testing.T) {
	rt, warnings, _ := newRuntime(t, testLib)
	got := runJS(t, rt, `const {EventEmitter} = require('node:events'); const e = new EventEmitter(); e.setMaxListeners(1); e.on('foo', () => {}); e.on('foo', () => {}); e.on('foo', () => {}); return 'ok'`)
	if got != "ok" {
		t.Fatal(got)
	}
	want := "MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 2 foo listeners added to [EventEmitter]. MaxListeners is 1. Use emitter.setMaxListeners() to increase limit"
	if len(*warnings) != 1 || (*warnings)[0] != want {
		t.Errorf("warnings = %q, want [%q]", *warnings, want)
	}
}

// TestModuleNames: only the node:-prefixed ids are answered (R-RT-2).
func TestModuleNames(t *testing.T) {
	_, _, ld := newRuntime(t, testLib)
	for _, name := range []string{"buffer", "node:fs", "events", "node:crypto"} {
		if _, ok, err := ld.Module(name); ok || err != nil {
			t.Errorf("Module(%q) = ok %v, err %v; want not offered", name, ok, err)
		}
	}
	for _, name := range Names {
		a, ok, err := ld.Module(name)
		if !ok || err != nil {
			t.Fatalf("Module(%q): ok %v, err %v", name, ok, err)
		}
		b, _, _ := ld.Module(name)
		if a != b {
			t.Errorf("Module(%q) built twice in one runtime", name)
		}
	}
}

// TestEnterWithEndsWithTheTask: enterWith changes the context of the code
// running now; the next task (here: the next script run from Go, as the
// loop runs a timer or another request) starts in the empty context.
func TestEnterWithEndsWithTheTask(t *testing.T) {
	rt, _, _ := newRuntime(t, testLib)
	if _, err := rt.RunString(`globalThis.als = new (require('node:async_hooks').AsyncLocalStorage)(); als.enterWith('first task'); globalThis.inTask = als.getStore();`); err != nil {
		t.Fatal(err)
	}
	v, err := rt.RunString(`inTask + ' / ' + String(als.getStore())`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.String(), "first task / undefined"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
