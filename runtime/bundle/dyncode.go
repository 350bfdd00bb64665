package bundle

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/parser"
	"github.com/go-sourcemap/sourcemap"
)

// R-RT-3 at build time. Next's edge build flags, in every module of the
// bundle (node_modules included), calls of the free names `eval` and
// `Function`, `new Function`, and `WebAssembly.compile` (each also through
// `global.`); `WebAssembly.instantiate` is not flagged because the build
// cannot tell a compiled module from bytes. The check runs on esbuild's
// bundled output, so code the bundler dropped (unused exports) is not
// flagged, as webpack skips modules whose flagged exports are unused; each
// use is located in its source file through the bundle's source map.

// The build error's lines (R-RT-3).
const (
	dynamicCodeMessage   = "Dynamic Code Evaluation (e. g. 'eval', 'new Function', 'WebAssembly.compile') not allowed in Edge Runtime"
	dynamicCodeLearnMore = "Learn More: https://nextjs.org/docs/messages/edge-dynamic-code-evaluation"
	dynamicCodeDevNote   = "In development mode the code runs and logs a DynamicCodeEvaluationWarning; a production build fails here."
)

// sourceMapPrefix starts the inline source map esbuild appends to the bundle.
const sourceMapPrefix = "//# sourceMappingURL=data:application/json;base64,"

// dynamicCodeCheck is the input of checkDynamicCode.
type dynamicCodeCheck struct {
	// Dir is the workspace root; Entry the route, workspace-relative.
	Dir, Entry string
	// Code is esbuild's bundle with its inline source map.
	Code string
	// Metafile is esbuild's metafile, for the import trace.
	Metafile string
	// Allow are the route's unstable_allowDynamic globs.
	Allow []string
	Mode  Mode
}

// dynSite is one flagged use in a parsed program.
type dynSite struct {
	root string   // the free name it starts from: eval, Function, WebAssembly or global
	idx  file.Idx // the callee's start
	top  int      // index of the enclosing top-level statement
}

// checkDynamicCode reports R-RT-3's build error (a warning in development
// mode) at each use of dynamic code evaluation in the bundle, except in
// modules that unstable_allowDynamic or Next's own exemptions cover.
func checkDynamicCode(c dynamicCodeCheck) (out []Problem) {
	defer func() {
		// An AST shape the walker did not expect must not take the build down.
		if r := recover(); r != nil {
			out = []Problem{{Severity: Warning, File: c.Entry, Line: 1,
				Message: fmt.Sprintf("Edgeplay could not check the bundle for dynamic code evaluation (R-RT-3): %v", r)}}
		}
	}()
	// Every flagged form names one of these; most bundles name none.
	if !strings.Contains(c.Code, "eval") && !strings.Contains(c.Code, "Function") && !strings.Contains(c.Code, "WebAssembly") {
		return nil
	}
	prog, err := parser.ParseFile(nil, c.Entry, c.Code, 0, parser.WithDisableSourceMaps)
	if err != nil {
		// goja reports it when the isolate compiles the bundle.
		return nil
	}
	body := bundleBody(prog)
	if len(findDynamicCode(body, false).sites) == 0 {
		return nil
	}
	// Again with the references between top-level statements: a use in a
	// function nothing reaches was kept only because esbuild keeps every
	// symbol of a module with a direct eval, and webpack skips it.
	walk := findDynamicCode(body, true)
	graph := newSymbolGraph(body, walk.refs)
	smap := inlineSourceMap(c.Code)
	sev, note := Error, ""
	if c.Mode == Development {
		sev, note = Warning, "\n"+dynamicCodeDevNote
	}
	modules := map[string]*moduleSource{}
	for _, s := range walk.sites {
		if sym := declaredSymbol(body[s.top], s.idx); sym != "" && !graph.loadReaches(s.top, false) {
			continue
		}
		p := prog.File.Position(int(s.idx) - prog.File.Base())
		p.Column-- // 0-based from here on
		name, line, col := c.Entry, p.Line, p.Column
		if smap != nil {
			if src, _, sl, sc, ok := smap.Source(p.Line, p.Column); ok {
				name, line, col = path.Clean(path.Join(path.Dir(c.Entry), filepath.ToSlash(src))), sl, sc
			}
		}
		if dynamicCodeAllowed(name, c.Allow) {
			continue
		}
		mod := modules[name]
		if mod == nil {
			mod = loadModuleSource(c.Dir, name)
			modules[name] = mod
		}
		msg := dynamicCodeMessage
		if users := mod.exportsUsing(line, col); len(users) > 0 {
			msg += "\nUsed by " + strings.Join(users, ", ")
		}
		msg += "\n" + dynamicCodeLearnMore
		if name != c.Entry {
			if trace := importTrace(c.Metafile, c.Entry, name); len(trace) > 0 {
				msg += "\n\nImport trace for requested module:\n./" + strings.Join(trace, "\n./")
			}
		}
		out = append(out, Problem{Severity: sev, File: name, Line: line, Column: col, Message: msg + note, LineText: mod.line(line)})
	}
	return out
}

// dynamicCodeAllowed reports whether the module at name (workspace-relative)
// may use dynamic code: Next exempts function-bind and regenerator-runtime,
// and the route's unstable_allowDynamic globs, which match the path from the
// project root with a leading slash ('/lib/utilities.js',
// '**/node_modules/function-bind/**'); Edgeplay also accepts it without.
func dynamicCodeAllowed(name string, globs []string) bool {
	rooted := "/" + name
	if strings.Contains(rooted, "/node_modules/function-bind/") || strings.HasSuffix(rooted, "/node_modules/regenerator-runtime/runtime.js") {
		return true
	}
	for _, g := range globs {
		if globMatch(g, rooted) || globMatch(g, name) {
			return true
		}
	}
	return false
}

// inlineSourceMap decodes the source map esbuild appended to code.
func inlineSourceMap(code string) *sourcemap.Consumer {
	i := strings.LastIndex(code, sourceMapPrefix)
	if i < 0 {
		return nil
	}
	data := code[i+len(sourceMapPrefix):]
	if j := strings.IndexAny(data, "\r\n"); j >= 0 {
		data = data[:j]
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(data))
	if err != nil {
		return nil
	}
	sm, err := sourcemap.Parse("", raw)
	if err != nil {
		return nil
	}
	return sm
}

// bundleBody returns the statements of the bundle's module function
// `(function (module, exports, require) {...})`, its top level.
func bundleBody(prog *ast.Program) []ast.Statement {
	if len(prog.Body) == 1 {
		if es, ok := prog.Body[0].(*ast.ExpressionStatement); ok {
			if fn, ok := es.Expression.(*ast.FunctionLiteral); ok && fn.Body != nil {
				return fn.Body.List
			}
		}
	}
	return prog.Body
}

// importTrace is the chain of imports from the module name back to the
// entry, as Next prints under the error (module first).
func importTrace(metafile, entry, name string) []string {
	var meta struct {
		Inputs map[string]struct {
			Imports []struct {
				Path string `json:"path"`
			} `json:"imports"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(metafile), &meta); err != nil {
		return nil
	}
	parent := map[string]string{entry: ""}
	queue := []string{entry}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur == name {
			var trace []string
			for n := name; n != ""; n = parent[n] {
				trace = append(trace, n)
			}
			return trace
		}
		for _, imp := range meta.Inputs[cur].Imports {
			if _, seen := parent[imp.Path]; !seen {
				parent[imp.Path] = cur
				queue = append(queue, imp.Path)
			}
		}
	}
	return nil
}

// moduleSource is one source file of the bundle, read when a use is found in
// it: its lines (for the problem's line text) and, for an ES module, which
// exports reach each use (Next's "Used by" line).
type moduleSource struct {
	lines []string
	// exports maps export names to local names, in the module compiled alone.
	exports map[string]string
	order   []string // export names in source order
	prog    *ast.Program
	smap    *sourcemap.Consumer
	walk    *dynWalker
	graph   *symbolGraph
}

func loadModuleSource(dir, name string) *moduleSource {
	m := &moduleSource{}
	src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		return m
	}
	m.lines = strings.Split(string(src), "\n")
	// As for the static config: esbuild strips types and turns the module
	// syntax into `__export(...)`, goja's parser gives the AST.
	a, syntaxErr, err := parseModule(name, string(src))
	if syntaxErr || err != nil || a.smap == nil {
		return m
	}
	prog, sm := a.prog, a.smap
	m.exports = a.exports()
	m.order = exportOrder(prog)
	m.prog, m.smap = prog, sm
	m.walk = findDynamicCode(prog.Body, true)
	m.graph = newSymbolGraph(prog.Body, m.walk.refs)
	return m
}

// line returns the text of a 1-based line.
func (m *moduleSource) line(n int) string {
	if n < 1 || n > len(m.lines) {
		return ""
	}
	return strings.TrimRight(m.lines[n-1], "\r")
}

// exportsUsing names the exports whose code reaches the use at line:col, as
// webpack's inner graph does: none for a CommonJS module or a use in the
// module's top-level code (which runs whatever is imported).
func (m *moduleSource) exportsUsing(line, col int) []string {
	if m.walk == nil || len(m.exports) == 0 {
		return nil
	}
	var site *dynSite
	for i := range m.walk.sites {
		s := &m.walk.sites[i]
		p := m.prog.File.Position(int(s.idx) - m.prog.File.Base())
		if _, _, sl, sc, ok := m.smap.Source(p.Line, p.Column-1); ok && sl == line && (sc == col || site == nil) {
			site = s
			if sc == col {
				break
			}
		}
	}
	if site == nil {
		return nil
	}
	symbol := declaredSymbol(m.prog.Body[site.top], site.idx)
	if symbol == "" || m.graph.loadReaches(site.top, true) {
		return nil
	}
	var users []string
	for _, name := range m.order {
		if i, ok := m.graph.stmtOf[m.exports[name]]; ok && m.graph.reaches(i, site.top) {
			users = append(users, name)
		}
	}
	return users
}

// symbolGraph links a module's top-level statements by the functions and
// classes they declare and reference, as webpack's inner graph does.
type symbolGraph struct {
	body []ast.Statement
	refs []map[string]bool
	// symbols[i] are the functions and classes statement i declares.
	symbols [][]string
	stmtOf  map[string]int
}

func newSymbolGraph(body []ast.Statement, refs []map[string]bool) *symbolGraph {
	g := &symbolGraph{body: body, refs: refs, symbols: make([][]string, len(body)), stmtOf: map[string]int{}}
	for i, st := range body {
		g.symbols[i] = pureSymbols(st)
		for _, s := range g.symbols[i] {
			g.stmtOf[s] = i
		}
	}
	return g
}

// reaches reports whether statement from references, directly or through
// other declarations, statement target.
func (g *symbolGraph) reaches(from, target int) bool {
	seen := map[int]bool{}
	var visit func(i int) bool
	visit = func(i int) bool {
		if i == target {
			return true
		}
		if seen[i] {
			return false
		}
		seen[i] = true
		for ref := range g.refs[i] {
			if j, ok := g.stmtOf[ref]; ok && visit(j) {
				return true
			}
		}
		return false
	}
	return visit(from)
}

// loadReaches reports whether code that runs when the module loads (every
// statement that is not a function or class declaration) reaches statement
// target; skipPlumbing leaves out esbuild's CommonJS export statements.
func (g *symbolGraph) loadReaches(target int, skipPlumbing bool) bool {
	for i, st := range g.body {
		if len(g.symbols[i]) > 0 || (skipPlumbing && isExportPlumbing(st)) {
			continue
		}
		if g.reaches(i, target) {
			return true
		}
	}
	return false
}

// exportOrder lists the names in esbuild's `__export(x, {...})` in order.
func exportOrder(prog *ast.Program) []string {
	var names []string
	for _, st := range prog.Body {
		if obj := exportObject(st); obj != nil {
			for _, prop := range obj.Value {
				if kp, ok := prop.(*ast.PropertyKeyed); ok {
					if n, ok := propertyName(kp.Key); ok {
						names = append(names, n)
					}
				}
			}
		}
	}
	return names
}

// exportObject returns the object of an `__export(x, {...})` statement.
func exportObject(st ast.Statement) *ast.ObjectLiteral {
	es, ok := st.(*ast.ExpressionStatement)
	if !ok {
		return nil
	}
	call, ok := es.Expression.(*ast.CallExpression)
	if !ok || len(call.ArgumentList) != 2 {
		return nil
	}
	if id, ok := call.Callee.(*ast.Identifier); !ok || id.Name != "__export" {
		return nil
	}
	obj, _ := call.ArgumentList[1].(*ast.ObjectLiteral)
	return obj
}

// isExportPlumbing reports esbuild's CommonJS export statements, which
// reference every export without running it.
func isExportPlumbing(st ast.Statement) bool {
	if exportObject(st) != nil {
		return true
	}
	es, ok := st.(*ast.ExpressionStatement)
	if !ok {
		return false
	}
	as, ok := es.Expression.(*ast.AssignExpression)
	if !ok {
		return false
	}
	dot, ok := as.Left.(*ast.DotExpression)
	if !ok || dot.Identifier.Name != "exports" {
		return false
	}
	mod, ok := dot.Left.(*ast.Identifier)
	return ok && mod.Name == "module"
}

// pureSymbols are the names a top-level statement declares as a function or
// a class (whose body runs only when called), as webpack's inner graph
// tracks them.
func pureSymbols(st ast.Statement) []string {
	switch d := st.(type) {
	case *ast.FunctionDeclaration:
		if d.Function.Name != nil {
			return []string{d.Function.Name.Name.String()}
		}
	case *ast.ClassDeclaration:
		if d.Class.Name != nil {
			return []string{d.Class.Name.Name.String()}
		}
	case *ast.VariableStatement:
		return pureBindings(d.List)
	case *ast.LexicalDeclaration:
		return pureBindings(d.List)
	}
	return nil
}

func pureBindings(list []*ast.Binding) []string {
	var out []string
	for _, b := range list {
		id, ok := b.Target.(*ast.Identifier)
		if !ok {
			continue
		}
		switch b.Initializer.(type) {
		case *ast.FunctionLiteral, *ast.ArrowFunctionLiteral, *ast.ClassLiteral:
			out = append(out, id.Name.String())
		}
	}
	return out
}

// declaredSymbol returns the function or class symbol of st whose body
// holds idx, or "" when idx is in code that runs at load time.
func declaredSymbol(st ast.Statement, idx file.Idx) string {
	in := func(n ast.Node) bool { return n != nil && n.Idx0() <= idx && idx < n.Idx1() }
	var list []*ast.Binding
	switch d := st.(type) {
	case *ast.FunctionDeclaration:
		if d.Function.Name != nil {
			return d.Function.Name.Name.String()
		}
	case *ast.ClassDeclaration:
		if d.Class.Name != nil {
			return d.Class.Name.Name.String()
		}
	case *ast.VariableStatement:
		list = d.List
	case *ast.LexicalDeclaration:
		list = d.List
	}
	for _, b := range list {
		if in(b.Initializer) {
			for _, s := range pureBindings([]*ast.Binding{b}) {
				return s
			}
		}
	}
	return ""
}

// span is a source range [from, to) of the parsed program.
type span struct{ from, to file.Idx }

func spanOf(n ast.Node) span { return span{n.Idx0(), n.Idx1()} }

func (s span) holds(idx file.Idx) bool { return s.from <= idx && idx < s.to }

// dynWalker finds flagged uses in a program, telling free names from local
// bindings that shadow them.
type dynWalker struct {
	sites []dynSite
	// shadows are the ranges where a root name is bound locally.
	shadows map[string][]span
	// refs, when collected, are the identifiers each top-level statement reads.
	refs    []map[string]bool
	collect bool
	top     int
	fn      span // the innermost function
	block   span // the innermost block
}

// dynRoots are the free names flagged uses start from.
var dynRoots = map[string]bool{"eval": true, "Function": true, "WebAssembly": true, "global": true}

// findDynamicCode walks a program's top-level statements; with refs it
// also records the identifiers each of them reads.
func findDynamicCode(body []ast.Statement, refs bool) *dynWalker {
	w := &dynWalker{shadows: map[string][]span{}, collect: refs}
	whole := span{0, file.Idx(1 << 40)}
	w.fn, w.block = whole, whole
	if refs {
		w.refs = make([]map[string]bool, len(body))
	}
	for i, st := range body {
		w.top = i
		if refs {
			w.refs[i] = map[string]bool{}
		}
		w.stmt(st)
	}
	// Keep the uses whose root is not bound where they are.
	kept := w.sites[:0]
	for _, s := range w.sites {
		shadowed := false
		for _, sp := range w.shadows[s.root] {
			if sp.holds(s.idx) {
				shadowed = true
				break
			}
		}
		if !shadowed {
			kept = append(kept, s)
		}
	}
	w.sites = kept
	return w
}

// declare records the names a binding target binds within scope.
func (w *dynWalker) declare(target ast.Expression, scope span) {
	switch t := target.(type) {
	case *ast.Identifier:
		if dynRoots[t.Name.String()] {
			w.shadows[t.Name.String()] = append(w.shadows[t.Name.String()], scope)
		}
	case *ast.Binding:
		w.declare(t.Target, scope)
		w.expr(t.Initializer)
	case *ast.ArrayPattern:
		for _, e := range t.Elements {
			w.declare(e, scope)
		}
		w.declare(t.Rest, scope)
	case *ast.ObjectPattern:
		for _, p := range t.Properties {
			switch p := p.(type) {
			case *ast.PropertyShort:
				w.declare(&p.Name, scope)
				w.expr(p.Initializer)
			case *ast.PropertyKeyed:
				if p.Computed {
					w.expr(p.Key)
				}
				w.declare(p.Value, scope)
			}
		}
		w.declare(t.Rest, scope)
	case *ast.AssignExpression: // a default value in a pattern
		w.declare(t.Left, scope)
		w.expr(t.Right)
	case *ast.SpreadElement:
		w.declare(t.Expression, scope)
	}
}

func (w *dynWalker) bindings(list []*ast.Binding, scope span) {
	for _, b := range list {
		w.declare(b.Target, scope)
		w.expr(b.Initializer)
	}
}

func (w *dynWalker) stmts(list []ast.Statement) {
	for _, st := range list {
		w.stmt(st)
	}
}

// inBlock walks f with n as the innermost block.
func (w *dynWalker) inBlock(n ast.Node, f func()) {
	saved := w.block
	w.block = spanOf(n)
	f()
	w.block = saved
}

func (w *dynWalker) stmt(st ast.Statement) {
	switch s := st.(type) {
	case nil:
	case *ast.BlockStatement:
		w.inBlock(s, func() { w.stmts(s.List) })
	case *ast.ExpressionStatement:
		w.expr(s.Expression)
	case *ast.VariableStatement:
		w.bindings(s.List, w.fn)
	case *ast.LexicalDeclaration:
		w.bindings(s.List, w.block)
	case *ast.FunctionDeclaration:
		if s.Function.Name != nil {
			w.declare(s.Function.Name, w.block)
		}
		w.function(s.Function)
	case *ast.ClassDeclaration:
		if s.Class.Name != nil {
			w.declare(s.Class.Name, w.block)
		}
		w.class(s.Class)
	case *ast.IfStatement:
		w.expr(s.Test)
		w.stmt(s.Consequent)
		w.stmt(s.Alternate)
	case *ast.ReturnStatement:
		w.expr(s.Argument)
	case *ast.ThrowStatement:
		w.expr(s.Argument)
	case *ast.TryStatement:
		w.stmt(s.Body)
		if s.Catch != nil {
			w.inBlock(s.Catch, func() {
				if s.Catch.Parameter != nil {
					w.declare(s.Catch.Parameter, w.block)
				}
				w.stmts(s.Catch.Body.List)
			})
		}
		if s.Finally != nil {
			w.stmt(s.Finally)
		}
	case *ast.ForStatement:
		w.inBlock(s, func() {
			switch in := s.Initializer.(type) {
			case *ast.ForLoopInitializerExpression:
				w.expr(in.Expression)
			case *ast.ForLoopInitializerVarDeclList:
				w.bindings(in.List, w.fn)
			case *ast.ForLoopInitializerLexicalDecl:
				w.bindings(in.LexicalDeclaration.List, w.block)
			}
			w.expr(s.Test)
			w.expr(s.Update)
			w.stmt(s.Body)
		})
	case *ast.ForInStatement:
		w.inBlock(s, func() { w.forInto(s.Into); w.expr(s.Source); w.stmt(s.Body) })
	case *ast.ForOfStatement:
		w.inBlock(s, func() { w.forInto(s.Into); w.expr(s.Source); w.stmt(s.Body) })
	case *ast.WhileStatement:
		w.expr(s.Test)
		w.stmt(s.Body)
	case *ast.DoWhileStatement:
		w.stmt(s.Body)
		w.expr(s.Test)
	case *ast.SwitchStatement:
		w.expr(s.Discriminant)
		w.inBlock(s, func() {
			for _, c := range s.Body {
				w.expr(c.Test)
				w.stmts(c.Consequent)
			}
		})
	case *ast.LabelledStatement:
		w.stmt(s.Statement)
	case *ast.WithStatement:
		w.expr(s.Object)
		w.stmt(s.Body)
	}
}

func (w *dynWalker) forInto(into ast.ForInto) {
	switch in := into.(type) {
	case *ast.ForIntoVar:
		w.declare(in.Binding, w.fn)
	case *ast.ForDeclaration:
		w.declare(in.Target, w.block)
	case *ast.ForIntoExpression:
		w.expr(in.Expression)
	}
}

// function walks a function literal: its name and parameters are bound in it.
func (w *dynWalker) function(f *ast.FunctionLiteral) {
	savedFn, savedBlock := w.fn, w.block
	w.fn = spanOf(f)
	w.block = w.fn
	if f.Name != nil {
		w.declare(f.Name, w.fn)
	}
	w.params(f.ParameterList)
	if f.Body != nil {
		w.stmts(f.Body.List)
	}
	w.fn, w.block = savedFn, savedBlock
}

func (w *dynWalker) params(pl *ast.ParameterList) {
	if pl == nil {
		return
	}
	for _, b := range pl.List {
		w.declare(b, w.fn)
	}
	if pl.Rest != nil {
		w.declare(pl.Rest, w.fn)
	}
}

func (w *dynWalker) class(c *ast.ClassLiteral) {
	w.expr(c.SuperClass)
	saved := w.block
	w.block = spanOf(c)
	if c.Name != nil {
		w.declare(c.Name, w.block)
	}
	for _, el := range c.Body {
		switch e := el.(type) {
		case *ast.MethodDefinition:
			if e.Computed {
				w.expr(e.Key)
			}
			w.function(e.Body)
		case *ast.FieldDefinition:
			if e.Computed {
				w.expr(e.Key)
			}
			w.expr(e.Initializer)
		case *ast.ClassStaticBlock:
			savedFn := w.fn
			w.fn = spanOf(e)
			w.stmt(e.Block)
			w.fn = savedFn
		}
	}
	w.block = saved
}

// flag records a use whose callee starts from a root name, at the call's
// start (at `new` for a new expression).
func (w *dynWalker) flag(callee ast.Expression, isNew bool, newIdx file.Idx) {
	n := len(w.sites)
	defer func() {
		if isNew && len(w.sites) > n {
			w.sites[n].idx = newIdx
		}
	}()
	if o, ok := callee.(*ast.Optional); ok {
		callee = o.Expression
	}
	root := func(e ast.Expression) (string, bool) {
		if id, ok := e.(*ast.Identifier); ok {
			return id.Name.String(), true
		}
		return "", false
	}
	switch c := callee.(type) {
	case *ast.Identifier:
		name := c.Name.String()
		if name == "Function" || (name == "eval" && !isNew) {
			w.sites = append(w.sites, dynSite{root: name, idx: c.Idx, top: w.top})
		}
	case *ast.DotExpression:
		member := c.Identifier.Name.String()
		left := c.Left
		if o, ok := left.(*ast.Optional); ok {
			left = o.Expression
		}
		if name, ok := root(left); ok {
			switch {
			case name == "global" && (member == "Function" || (member == "eval" && !isNew)):
				w.sites = append(w.sites, dynSite{root: name, idx: c.Idx0(), top: w.top})
			case name == "WebAssembly" && member == "compile" && !isNew:
				w.sites = append(w.sites, dynSite{root: name, idx: c.Idx0(), top: w.top})
			}
			return
		}
		if inner, ok := left.(*ast.DotExpression); ok && member == "compile" && !isNew && inner.Identifier.Name == "WebAssembly" {
			if name, ok := root(inner.Left); ok && name == "global" {
				w.sites = append(w.sites, dynSite{root: name, idx: c.Idx0(), top: w.top})
			}
		}
	}
}

func (w *dynWalker) exprs(list []ast.Expression) {
	for _, e := range list {
		w.expr(e)
	}
}

func (w *dynWalker) expr(e ast.Expression) {
	switch x := e.(type) {
	case nil:
	case *ast.Identifier:
		if w.collect {
			w.refs[w.top][x.Name.String()] = true
		}
	case *ast.CallExpression:
		w.flag(x.Callee, false, 0)
		w.expr(x.Callee)
		w.exprs(x.ArgumentList)
	case *ast.NewExpression:
		w.flag(x.Callee, true, x.New)
		w.expr(x.Callee)
		w.exprs(x.ArgumentList)
	case *ast.FunctionLiteral:
		w.function(x)
	case *ast.ArrowFunctionLiteral:
		savedFn, savedBlock := w.fn, w.block
		w.fn = spanOf(x)
		w.block = w.fn
		w.params(x.ParameterList)
		switch b := x.Body.(type) {
		case *ast.BlockStatement:
			w.stmts(b.List)
		case *ast.ExpressionBody:
			w.expr(b.Expression)
		}
		w.fn, w.block = savedFn, savedBlock
	case *ast.ClassLiteral:
		w.class(x)
	case *ast.DotExpression:
		w.expr(x.Left)
	case *ast.PrivateDotExpression:
		w.expr(x.Left)
	case *ast.BracketExpression:
		w.expr(x.Left)
		w.expr(x.Member)
	case *ast.Optional:
		w.expr(x.Expression)
	case *ast.OptionalChain:
		w.expr(x.Expression)
	case *ast.AssignExpression:
		w.expr(x.Left)
		w.expr(x.Right)
	case *ast.BinaryExpression:
		w.expr(x.Left)
		w.expr(x.Right)
	case *ast.UnaryExpression:
		w.expr(x.Operand)
	case *ast.ConditionalExpression:
		w.expr(x.Test)
		w.expr(x.Consequent)
		w.expr(x.Alternate)
	case *ast.SequenceExpression:
		w.exprs(x.Sequence)
	case *ast.ArrayLiteral:
		w.exprs(x.Value)
	case *ast.ArrayPattern:
		w.exprs(x.Elements)
		w.expr(x.Rest)
	case *ast.ObjectLiteral:
		w.props(x.Value)
	case *ast.ObjectPattern:
		w.props(x.Properties)
		w.expr(x.Rest)
	case *ast.PropertyKeyed:
		w.props([]ast.Property{x})
	case *ast.PropertyShort:
		w.props([]ast.Property{x})
	case *ast.SpreadElement:
		w.expr(x.Expression)
	case *ast.TemplateLiteral:
		w.expr(x.Tag)
		w.exprs(x.Expressions)
	case *ast.YieldExpression:
		w.expr(x.Argument)
	case *ast.AwaitExpression:
		w.expr(x.Argument)
	case *ast.Binding:
		w.expr(x.Target)
		w.expr(x.Initializer)
	}
}

func (w *dynWalker) props(list []ast.Property) {
	for _, p := range list {
		switch p := p.(type) {
		case *ast.PropertyKeyed:
			if p.Computed {
				w.expr(p.Key)
			}
			w.expr(p.Value)
		case *ast.PropertyShort:
			w.expr(&p.Name)
			w.expr(p.Initializer)
		case *ast.SpreadElement:
			w.expr(p.Expression)
		}
	}
}

// globMatch matches name against a glob as picomatch does for Next's
// unstable_allowDynamic: `*` and `?` within a path segment, `**` across
// segments, `[...]` classes and `{a,b}` alternatives.
func globMatch(glob, name string) bool {
	for _, g := range expandBraces(glob) {
		if matchSegments(strings.Split(g, "/"), strings.Split(name, "/")) {
			return true
		}
	}
	return false
}

// validGlob reports a glob path.Match cannot read.
func validGlob(glob string) error {
	for _, g := range expandBraces(glob) {
		for _, seg := range strings.Split(g, "/") {
			if _, err := path.Match(seg, ""); err != nil {
				return fmt.Errorf("invalid glob %q: %w", glob, err)
			}
		}
	}
	return nil
}

func matchSegments(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for len(pat) > 1 && pat[1] == "**" {
				pat = pat[1:]
			}
			if len(pat) == 1 {
				return true
			}
			for i := 0; i <= len(segs); i++ {
				if matchSegments(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// expandBraces expands the first {a,b} group of glob, recursively.
func expandBraces(glob string) []string {
	depth, open := 0, -1
	for i := 0; i < len(glob); i++ {
		switch glob[i] {
		case '\\':
			i++
		case '{':
			if depth == 0 {
				open = i
			}
			depth++
		case '}':
			if depth == 0 {
				continue
			}
			depth--
			if depth > 0 {
				continue
			}
			var alts []string
			start, d := open+1, 0
			for j := open + 1; j < i; j++ {
				switch glob[j] {
				case '{':
					d++
				case '}':
					d--
				case ',':
					if d == 0 {
						alts = append(alts, glob[start:j])
						start = j + 1
					}
				}
			}
			alts = append(alts, glob[start:i])
			if len(alts) == 1 {
				return []string{glob}
			}
			var out []string
			for _, a := range alts {
				out = append(out, expandBraces(glob[:open]+a+glob[i+1:])...)
			}
			return out
		}
	}
	return []string{glob}
}
