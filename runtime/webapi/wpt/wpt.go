// Package wpt runs upstream Web Platform Tests (`.any.js` files in worker
// scope, and standalone `.worker.js` files) inside Edgeplay's real isolate globals and summarises the results
// per directory, so Web API fidelity is measured and guarded by a baseline.
package wpt

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"runtime"
	"runtime/metrics"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
	"github.com/evanw/esbuild/pkg/api"

	"edgeplay/runtime/isolate"
)

// File statuses (Run.Status).
const (
	StatusOK      = "OK"
	StatusError   = "ERROR"
	StatusTimeout = "TIMEOUT"
	StatusCrash   = "CRASH"
	StatusSkip    = "SKIP"
	StatusPrecond = "PRECONDITION_FAILED"
)

// Subtest statuses, as testharness.js reports them.
var subtestStatus = [...]string{"PASS", "FAIL", "TIMEOUT", "NOTRUN", "PRECONDITION_FAILED"}

// Subtest is one subtest's outcome.
type Subtest struct {
	Name    string `json:"name"`
	Status  string `json:"status"`
	Message string `json:"message,omitempty"`
}

// Key identifies a run: the file and its variant.
func (r Run) Key() string { return r.File + r.Variant }

// Run is the outcome of one test file with one variant.
type Run struct {
	// Dir and File are slash-separated and relative to the WPT root.
	Dir     string `json:"dir"`
	File    string `json:"file"`
	Variant string `json:"variant,omitempty"`
	// Status is the harness status (OK, ERROR, TIMEOUT,
	// PRECONDITION_FAILED) or CRASH or SKIP.
	Status   string    `json:"status"`
	Message  string    `json:"message,omitempty"`
	Duration float64   `json:"seconds"`
	Subtests []Subtest `json:"subtests,omitempty"`
}

// Options configure a Runner.
type Options struct {
	// Dir is the WPT root folder.
	Dir string
	// FS, if set, is read instead of Dir (tests use an in-memory tree).
	FS fs.FS
	// Workers is how many files run at once (default: GOMAXPROCS, at most 4).
	Workers int
	// Timeout and LongTimeout are each file's deadlines (default 10 s and
	// 60 s, as wptserve).
	Timeout, LongTimeout time.Duration
	// MaxHeap is the Go heap size beyond which the running files are
	// stopped as crashed (runaway memory); default 2 GiB. The heap is the
	// process's, so with several workers every file then running is stopped.
	MaxHeap uint64
	// Exclude lists files (relative to the root) not to run; they are
	// reported as SKIP with the reason "excluded".
	Exclude []string
	// Progress, if set, is called after each run (from several goroutines,
	// one call at a time).
	Progress func(Run)
}

// Runner runs test files. It compiles the shared JavaScript once; create
// one per process and call Run as often as needed.
type Runner struct {
	opts    Options
	fsys    fs.FS
	engine  *isolate.Engine
	harness *goja.Program
	// stash is wptserve's stash for the Python handlers in Go, shared by
	// every file this runner runs, as one wptserve would.
	stash *Stash

	mu       sync.Mutex
	programs map[string]*goja.Program
}

// NewRunner checks the WPT folder and compiles testharness.js and the
// isolate's globals.
func NewRunner(opts Options) (*Runner, error) {
	if opts.Workers <= 0 {
		opts.Workers = min(runtime.GOMAXPROCS(0), 4)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.MaxHeap == 0 {
		opts.MaxHeap = 2 << 30
	}
	if opts.LongTimeout <= 0 {
		opts.LongTimeout = 60 * time.Second
	}
	fsys := opts.FS
	if fsys == nil {
		fsys = os.DirFS(opts.Dir)
	}
	if _, err := fs.Stat(fsys, "resources/testharness.js"); err != nil {
		return nil, fmt.Errorf("wpt folder %s: %w", opts.Dir, err)
	}
	r := &Runner{opts: opts, fsys: fsys, programs: map[string]*goja.Program{}, stash: NewStash()}
	var err error
	if r.harness, err = r.program("resources/testharness.js"); err != nil {
		return nil, err
	}
	if r.engine, err = isolate.NewEngine(); err != nil {
		return nil, fmt.Errorf("wpt: %w", err)
	}
	return r, nil
}

// script compiles a file of the WPT folder as loaded by the test at loc: a
// `.sub.` file is expanded for that location (and not cached), any other
// file comes from program.
func (r *Runner) script(rel, loc string) (*goja.Program, error) {
	if !strings.Contains(path.Base(rel), ".sub.") {
		return r.program(rel)
	}
	src, err := fs.ReadFile(r.fsys, rel)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("%s: test location %q: %w", rel, loc, err)
	}
	sub, err := substitute(string(src), u)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	return r.compile(rel, sub)
}

// program compiles a file of the WPT folder once and caches it.
func (r *Runner) program(rel string) (*goja.Program, error) {
	r.mu.Lock()
	p, ok := r.programs[rel]
	r.mu.Unlock()
	if ok {
		return p, nil
	}
	src, err := fs.ReadFile(r.fsys, rel)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	if p, err = r.compile(rel, string(src)); err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.programs[rel] = p
	r.mu.Unlock()
	return p, nil
}

// compile compiles the source of the WPT file rel, lowering what goja
// cannot run.
func (r *Runner) compile(rel, src string) (*goja.Program, error) {
	p, err := goja.Compile("/"+rel, src, false)
	if err != nil {
		// goja lacks async generators and for-await: lower them as the
		// route bundler does, and report goja's error if that fails too.
		lowered, lerr := lowerForGoja(src)
		if lerr != nil {
			return nil, fmt.Errorf("compile %s: %w (lowering: %v)", rel, err, lerr)
		}
		if p, err = goja.Compile("/"+rel, lowered, false); err != nil {
			return nil, fmt.Errorf("compile %s (lowered): %w", rel, err)
		}
	}
	return p, nil
}

// lowerForGoja rewrites the syntax goja lacks (async generators,
// for-await) into what it runs, with esbuild, keeping the script a script.
func lowerForGoja(src string) (string, error) {
	out := api.Transform(src, api.TransformOptions{
		Loader: api.LoaderJS,
		Target: api.ES2020,
		Supported: map[string]bool{
			"async-generator": false,
			"for-await":       false,
			"async-await":     true,
		},
	})
	if len(out.Errors) > 0 {
		return "", fmt.Errorf("esbuild: %s", out.Errors[0].Text)
	}
	return string(out.Code), nil
}

// job is one file with one variant to run.
type job struct {
	rel, variant string
	meta         Meta
	skip         string
}

// RunAll runs every worker-scope `.any.js` file under paths (relative to
// the WPT root; none means all), each variant once, and returns the runs in
// file order. Files that need wptserve are returned as SKIP with the reason.
func (r *Runner) RunAll(ctx context.Context, paths []string) ([]Run, error) {
	files, err := listTests(r.fsys, paths)
	if err != nil {
		return nil, fmt.Errorf("list tests: %w", err)
	}
	var jobs []job
	for _, rel := range files {
		src, err := fs.ReadFile(r.fsys, rel)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", rel, err)
		}
		m := ParseMeta(string(src))
		if !m.WorkerScope() {
			continue
		}
		if slices.Contains(r.opts.Exclude, rel) {
			jobs = append(jobs, job{rel: rel, meta: m, skip: "excluded"})
			continue
		}
		var helpers []string
		for _, h := range resolveScripts(rel, m.Scripts) {
			// The shared harness and utility libraries only define
			// helpers; the area's own helper scripts do the fetching.
			if strings.HasPrefix(h, "resources/") || strings.HasPrefix(h, "common/") || path.Base(h) == "utils.js" {
				continue
			}
			if b, err := fs.ReadFile(r.fsys, h); err == nil {
				helpers = append(helpers, string(b))
			}
		}
		if why := NeedsServer(rel, string(src), helpers...); why != "" {
			jobs = append(jobs, job{rel: rel, meta: m, skip: why})
			continue
		}
		variants := m.Variants
		if len(variants) == 0 {
			variants = []string{""}
		}
		for _, v := range variants {
			jobs = append(jobs, job{rel: rel, variant: v, meta: m})
		}
	}
	runs := make([]Run, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	var progressMu sync.Mutex
	for range r.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				j := jobs[i]
				if j.skip != "" {
					runs[i] = Run{Dir: path.Dir(j.rel), File: j.rel, Status: StatusSkip, Message: j.skip}
				} else {
					runs[i] = r.runFile(ctx, j.rel, j.variant, j.meta)
				}
				if r.opts.Progress != nil {
					progressMu.Lock()
					r.opts.Progress(runs[i])
					progressMu.Unlock()
				}
			}
		}()
	}
	var cerr error
feed:
	for i := range jobs {
		select {
		case next <- i:
		case <-ctx.Done():
			cerr = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	if cerr != nil {
		return nil, fmt.Errorf("wpt run: %w", cerr)
	}
	return runs, nil
}

// fileState is what the harness reports for one run; its fields are set on
// the sandbox's loop goroutine and read after done is closed or the
// sandbox has stopped.
type fileState struct {
	mu       sync.Mutex
	subtests []Subtest
	status   string
	message  string
	uncaught []string
	crash    string
	done     chan struct{}
	doneOnce sync.Once
}

func (s *fileState) finish() { s.doneOnce.Do(func() { close(s.done) }) }

// runFile runs one file with one variant in a fresh sandbox, under its
// deadline. It never panics: a crash is the run's status.
func (r *Runner) runFile(ctx context.Context, rel, variant string, meta Meta) (res Run) {
	start := time.Now()
	res = Run{Dir: path.Dir(rel), File: rel, Variant: variant}
	defer func() {
		if p := recover(); p != nil {
			res.Status, res.Message = StatusCrash, fmt.Sprintf("runner panic: %v", p)
		}
		res.Duration = time.Since(start).Seconds()
	}()
	standalone := isWorkerTest(rel)
	loc := Origin + "/" + rel[:len(rel)-len(".js")] + ".worker.js" + variant
	if standalone {
		loc = Origin + "/" + rel
	}
	st := &fileState{done: make(chan struct{})}
	sb, err := r.engine.NewSandbox(isolate.SandboxOptions{
		Transport: staticTransport{fsys: r.fsys, stash: r.stash},
		BaseURL:   loc,
		ReportError: func(err error) {
			st.mu.Lock()
			st.uncaught = append(st.uncaught, err.Error())
			st.mu.Unlock()
		},
		OnPanic: func(err error) {
			st.mu.Lock()
			st.crash = err.Error()
			st.mu.Unlock()
			st.finish()
		},
	})
	if err != nil {
		res.Status, res.Message = StatusCrash, err.Error()
		return res
	}
	defer func() {
		sb.Close()
		select {
		case <-sb.Done():
		case <-time.After(10 * time.Second):
			res.Status, res.Message = StatusCrash, "the sandbox did not stop after close"
		}
	}()

	scripts := append(resolveScripts(rel, meta.Scripts), rel)

	load := func(rt *goja.Runtime) error {
		// Results reported in the same task as completion (timed-out
		// subtests) still count: finish after the task.
		finishLater := func() { sb.Enqueue(func(*goja.Runtime) { st.finish() }) }
		if err := r.prepareGlobal(rt, st, loc, meta.Title, finishLater); err != nil {
			return err
		}
		if standalone {
			// The file loads the harness and ends the test itself.
			if err := rt.Set("importScripts", r.importScripts(rt, rel)); err != nil {
				return fmt.Errorf("define importScripts: %w", err)
			}
		} else if err := r.loadHarness(rt); err != nil {
			return err
		}
		for _, s := range scripts {
			p, err := r.script(s, loc)
			if err == nil {
				_, err = rt.RunProgram(p)
			}
			if err != nil {
				var ie *goja.InterruptedError
				if errors.As(err, &ie) {
					return err
				}
				// As in a worker, a throwing script is an uncaught error
				// and the next script still loads.
				st.mu.Lock()
				st.uncaught = append(st.uncaught, fmt.Sprintf("loading %s: %v", s, err))
				st.mu.Unlock()
			}
		}
		if standalone {
			return nil
		}
		_, err := rt.RunString("done()")
		return err
	}

	timeout := r.opts.Timeout
	if meta.Long {
		timeout = r.opts.LongTimeout
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	loaded := make(chan error, 1)
	if !sb.Enqueue(func(rt *goja.Runtime) { loaded <- load(rt) }) {
		res.Status, res.Message = StatusCrash, "sandbox closed before the test started"
		return res
	}
	timedOut := false
	memTick := time.NewTicker(100 * time.Millisecond)
	defer memTick.Stop()
	loadedCh := loaded
wait:
	for {
		select {
		case <-st.done:
			break wait
		case err := <-loadedCh:
			loadedCh = nil
			if err != nil {
				st.mu.Lock()
				st.crash = err.Error()
				st.mu.Unlock()
				break wait
			}
		case <-memTick.C:
			if heap := heapBytes(); heap > r.opts.MaxHeap {
				sb.Interrupt("runaway memory")
				st.mu.Lock()
				st.crash = fmt.Sprintf("runaway memory: the heap reached %d MiB (limit %d MiB)", heap>>20, r.opts.MaxHeap>>20)
				st.mu.Unlock()
				break wait
			}
		case <-deadline.C:
			timedOut = true
			break wait
		case <-ctx.Done():
			timedOut = true
			break wait
		}
	}
	if timedOut {
		// Let the harness time out what is still running, as a browser
		// would; if the loop is stuck (an endless loop), interrupt it.
		sb.Enqueue(func(rt *goja.Runtime) { _, _ = rt.RunString("timeout()") })
		select {
		case <-st.done:
		case <-time.After(2 * time.Second):
			sb.Interrupt("deadline")
		}
	}
	// Results are complete: done is closed a task after completion, and a
	// late callback only takes the lock.
	st.mu.Lock()
	defer st.mu.Unlock()
	res.Subtests = append([]Subtest(nil), st.subtests...)
	switch {
	case st.crash != "":
		res.Status, res.Message = StatusCrash, st.crash
	case st.status == "":
		res.Status, res.Message = StatusTimeout, fmt.Sprintf("no result within %s; interrupted", timeout)
	default:
		res.Status, res.Message = st.status, st.message
		if timedOut && res.Status == StatusOK {
			res.Status = StatusTimeout
		}
		if len(st.uncaught) > 0 {
			if res.Status == StatusOK {
				res.Status = StatusError
			}
			if res.Message != "" {
				res.Message += "; "
			}
			res.Message += "uncaught: " + st.uncaught[0]
		}
	}
	return res
}

// loadHarness runs testharness.js and the runner's hooks in rt.
func (r *Runner) loadHarness(rt *goja.Runtime) error {
	if _, err := rt.RunProgram(r.harness); err != nil {
		return fmt.Errorf("testharness.js: %w", err)
	}
	if _, err := rt.RunString(harnessHooks); err != nil {
		return fmt.Errorf("harness hooks: %w", err)
	}
	return nil
}

// importScripts is a worker's importScripts for the standalone test rel:
// each URL, resolved against the test's own, runs from the WPT folder in
// order; testharness.js comes with the runner's hooks. A script that
// cannot be read throws a NetworkError, as in a worker.
func (r *Runner) importScripts(rt *goja.Runtime, rel string) func(goja.FunctionCall) goja.Value {
	return func(c goja.FunctionCall) goja.Value {
		for _, arg := range c.Arguments {
			u := arg.String()
			target := path.Clean(u)
			if !strings.HasPrefix(u, "/") {
				target = path.Join("/", path.Dir(rel), u)
			}
			target = strings.TrimPrefix(target, "/")
			var err error
			if target == "resources/testharness.js" {
				err = r.loadHarness(rt)
			} else {
				var p *goja.Program
				if p, err = r.script(target, Origin+"/"+rel); err == nil {
					_, err = rt.RunProgram(p)
				}
			}
			if err != nil {
				var jsErr *goja.Exception
				if errors.As(err, &jsErr) {
					panic(jsErr.Value())
				}
				msg := fmt.Sprintf("Failed to execute 'importScripts' on 'WorkerGlobalScope': The script at '%s' failed to load.", u)
				if ctor, ok := goja.AssertConstructor(rt.Get("DOMException")); ok {
					if e, cerr := ctor(nil, rt.ToValue(msg), rt.ToValue("NetworkError")); cerr == nil {
						panic(e)
					}
				}
				panic(rt.NewTypeError(msg))
			}
		}
		return goja.Undefined()
	}
}

// harnessHooks registers the runner's callbacks before any test is defined.
// The runner enforces the deadlines, so the harness's own are off; done()
// is called after the last script, as wptserve's worker wrapper does.
const harnessHooks = `(function () {
setup({ explicit_done: true, explicit_timeout: true });
const seen = new Set();
// Lone surrogates in a name are written U+xxxx, as ANCHORS.json writes them.
const wellFormed = (s) => {
	let out = "";
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xDC00 && s.charCodeAt(i + 1) <= 0xDFFF) {
			out += s[i] + s[i + 1];
			i++;
		} else if (c >= 0xD800 && c <= 0xDFFF) {
			out += "U+" + c.toString(16);
		} else {
			out += s[i];
		}
	}
	return out;
};
const report = (t, status) => { seen.add(t); __wpt_result(wellFormed(String(t.name)), status, t.message == null ? "" : String(t.message)); };
add_result_callback(function (t) { report(t, t.status); });
add_completion_callback(function (tests, s) {
	// On a harness timeout, unfinished subtests get no result callback.
	for (const t of tests) if (!seen.has(t)) report(t, s.status === 2 && (t.status == null || t.status === 3) ? 2 : t.status);
	__wpt_done(s.status, s.message == null ? "" : String(s.message));
});
})();`

// prepareGlobal sets up the worker-like global testharness.js expects.
func (r *Runner) prepareGlobal(rt *goja.Runtime, st *fileState, loc, title string, finish func()) error {
	g := rt.GlobalObject()
	set := func(k string, v any) error {
		if err := g.Set(k, v); err != nil {
			return fmt.Errorf("set %s: %w", k, err)
		}
		return nil
	}
	if err := set("self", g); err != nil {
		return err
	}
	if err := set("__wpt_result", func(name string, status int, msg string) {
		s := "UNKNOWN"
		if status >= 0 && status < len(subtestStatus) {
			s = subtestStatus[status]
		}
		st.mu.Lock()
		if st.crash == "" {
			st.subtests = append(st.subtests, Subtest{Name: name, Status: s, Message: msg})
		}
		st.mu.Unlock()
	}); err != nil {
		return err
	}
	if err := set("__wpt_done", func(status int, msg string) {
		s := [...]string{StatusOK, StatusError, StatusTimeout, StatusPrecond}
		st.mu.Lock()
		if st.status == "" {
			st.status, st.message = StatusError, msg
			if status >= 0 && status < len(s) {
				st.status = s[status]
			}
		}
		st.mu.Unlock()
		finish()
	}); err != nil {
		return err
	}
	if title != "" {
		if err := set("META_TITLE", title); err != nil {
			return err
		}
	}
	_, err := rt.RunString(fmt.Sprintf(`
		self.GLOBAL = { isWindow: () => false, isWorker: () => true, isShadowRealm: () => false };
		(function () {
			// A WorkerLocation: URL's parts, without searchParams.
			const u = new URL(%q), loc = {};
			for (const k of ["href", "origin", "protocol", "host", "hostname", "port", "pathname", "search", "hash"]) loc[k] = u[k];
			loc.toString = function () { return this.href; };
			self.location = loc;
		})();
		self.isSecureContext = true;
		// The scope interfaces a dedicated worker's global has, so that
		// idlharness sees the worker scope the tests are written for. Only
		// the runner adds them: a handler's global stays as Next's sandbox
		// makes it (its prototype is Object.prototype).
		(function () {
			const scope = (name, parent) => {
				const ctor = { [name]: function () { throw new TypeError("Illegal constructor"); } }[name];
				ctor.prototype = Object.create(parent.prototype, {
					constructor: { value: ctor, writable: true, configurable: true },
					[Symbol.toStringTag]: { value: name, configurable: true },
				});
				Object.setPrototypeOf(ctor, parent);
				Object.defineProperty(self, name, { value: ctor, writable: true, configurable: true });
				return ctor;
			};
			const worker = scope("WorkerGlobalScope", EventTarget);
			const dedicated = scope("DedicatedWorkerGlobalScope", worker);
			Object.setPrototypeOf(self, dedicated.prototype);
			// testharness.js posts its results to the worker's client; the
			// runner takes them through its callbacks instead.
			Object.defineProperty(self, "postMessage", { value: function postMessage() {}, writable: true, configurable: true });
		})();
	`, loc))
	if err != nil {
		return fmt.Errorf("prepare global: %w", err)
	}
	return nil
}

// heapBytes is the live Go heap, read without stopping the world.
func heapBytes() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return sample[0].Value.Uint64()
}

// resolveScripts turns META script= values into paths relative to the WPT
// root, mapping /resources/WebIDLParser.js as wptserve does.
func resolveScripts(rel string, scripts []string) []string {
	out := make([]string, 0, len(scripts)+1)
	for _, s := range scripts {
		if s == "/resources/WebIDLParser.js" {
			s = "/resources/webidl2/lib/webidl2.js"
		}
		if strings.HasPrefix(s, "/") {
			s = path.Clean(s[1:])
		} else {
			s = path.Join(path.Dir(rel), s)
		}
		out = append(out, s)
	}
	return out
}

// dirsOf returns the directories of runs, sorted.
func dirsOf(runs []Run) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range runs {
		if !seen[r.Dir] {
			seen[r.Dir] = true
			out = append(out, r.Dir)
		}
	}
	sort.Strings(out)
	return out
}
