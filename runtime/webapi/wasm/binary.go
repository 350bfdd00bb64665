package wasm

import (
	"errors"
	"fmt"
	"math"
)

// This file holds the two small pieces of the WebAssembly binary format the
// package needs itself: a reader for the sections that describe a module's
// interface (types, imports, exports, custom section names), which wazero's
// API does not expose for tables and globals, and a writer for the tiny
// synthetic modules that stand for JS-created Memory/Global/Table objects and
// for import providers.

// Value type and external kind encodings (WebAssembly core spec §5.3, §5.5).
const (
	valI32       byte = 0x7f
	valI64       byte = 0x7e
	valF32       byte = 0x7d
	valF64       byte = 0x7c
	valV128      byte = 0x7b
	valFuncref   byte = 0x70
	valExternref byte = 0x6f

	kindFunc   byte = 0
	kindTable  byte = 1
	kindMemory byte = 2
	kindGlobal byte = 3
	kindTag    byte = 4
)

// kindName is the JS-API name of an external kind (Module.imports "kind").
func kindName(k byte) string {
	switch k {
	case kindFunc:
		return "function"
	case kindTable:
		return "table"
	case kindMemory:
		return "memory"
	case kindGlobal:
		return "global"
	case kindTag:
		return "tag"
	}
	return "unknown"
}

// valName is the JS-API name of a value type ("i32", "externref", ...).
func valName(t byte) string {
	switch t {
	case valI32:
		return "i32"
	case valI64:
		return "i64"
	case valF32:
		return "f32"
	case valF64:
		return "f64"
	case valV128:
		return "v128"
	case valFuncref:
		return "anyfunc"
	case valExternref:
		return "externref"
	}
	return fmt.Sprintf("type 0x%02x", t)
}

// funcType is a function signature.
type funcType struct {
	params, results []byte
}

// limits are the size limits of a memory or table.
type limits struct {
	min    uint32
	max    uint32
	hasMax bool
}

// externType describes one import or export.
type externType struct {
	kind    byte
	fn      funcType // kindFunc
	elem    byte     // kindTable: element reference type
	lim     limits   // kindTable, kindMemory
	val     byte     // kindGlobal
	mutable bool     // kindGlobal
}

// importDesc is one entry of the import section.
type importDesc struct {
	module, name string
	typ          externType
}

// exportDesc is one entry of the export section.
type exportDesc struct {
	name  string
	kind  byte
	index uint32
}

// moduleInfo is what the package reads from a module's bytes.
type moduleInfo struct {
	imports []importDesc
	exports []exportDesc
	custom  map[string][][]byte
	tables  []byte // element type per table, imports first (table index space)
	types   []funcType
}

var errTruncated = errors.New("unexpected end of module")

type reader struct {
	b   []byte
	pos int
}

func (r *reader) byte() (byte, error) {
	if r.pos >= len(r.b) {
		return 0, errTruncated
	}
	c := r.b[r.pos]
	r.pos++
	return c, nil
}

func (r *reader) u32() (uint32, error) {
	var v uint64
	for shift := 0; shift < 35; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			if v > math.MaxUint32 {
				return 0, errors.New("integer too large")
			}
			return uint32(v), nil
		}
	}
	return 0, errors.New("integer representation too long")
}

func (r *reader) bytes(n uint32) ([]byte, error) {
	if uint64(r.pos)+uint64(n) > uint64(len(r.b)) {
		return nil, errTruncated
	}
	s := r.b[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return s, nil
}

func (r *reader) name() (string, error) {
	n, err := r.u32()
	if err != nil {
		return "", err
	}
	s, err := r.bytes(n)
	return string(s), err
}

func (r *reader) limits() (limits, error) {
	flag, err := r.byte()
	if err != nil {
		return limits{}, err
	}
	var l limits
	if l.min, err = r.u32(); err != nil {
		return l, err
	}
	if flag&1 != 0 {
		l.hasMax = true
		if l.max, err = r.u32(); err != nil {
			return l, err
		}
	}
	if flag > 3 {
		return l, fmt.Errorf("unsupported limits flag 0x%02x (memory64 or custom page sizes)", flag)
	}
	return l, nil
}

// parseModule reads the interface of a module: its types, imports, exports
// and custom sections. The bytes are otherwise validated by wazero.
func parseModule(b []byte) (*moduleInfo, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly module (bad magic number)")
	}
	r := &reader{b: b, pos: 8}
	info := &moduleInfo{custom: map[string][][]byte{}}
	var types []funcType
	for r.pos < len(b) {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		body, err := r.bytes(size)
		if err != nil {
			return nil, fmt.Errorf("section %d: %w", id, err)
		}
		s := &reader{b: body}
		switch id {
		case 0:
			n, err := s.name()
			if err != nil {
				return nil, fmt.Errorf("custom section: %w", err)
			}
			info.custom[n] = append(info.custom[n], body[s.pos:])
		case 1:
			if types, err = parseTypes(s); err != nil {
				return nil, fmt.Errorf("type section: %w", err)
			}
			info.types = types
		case 2:
			if info.imports, err = parseImports(s, types); err != nil {
				return nil, fmt.Errorf("import section: %w", err)
			}
			for _, im := range info.imports {
				if im.typ.kind == kindTable {
					info.tables = append(info.tables, im.typ.elem)
				}
			}
		case 4:
			n, err := s.u32()
			if err != nil {
				return nil, fmt.Errorf("table section: %w", err)
			}
			for i := uint32(0); i < n; i++ {
				elem, err := s.byte()
				if err != nil {
					return nil, fmt.Errorf("table section: %w", err)
				}
				if elem == 0x40 { // table with an initialiser expression
					return nil, errors.New("table section: table initialisers are not supported")
				}
				if _, err := s.limits(); err != nil {
					return nil, fmt.Errorf("table section: %w", err)
				}
				info.tables = append(info.tables, elem)
			}
		case 7:
			n, err := s.u32()
			if err != nil {
				return nil, fmt.Errorf("export section: %w", err)
			}
			for i := uint32(0); i < n; i++ {
				var e exportDesc
				if e.name, err = s.name(); err != nil {
					return nil, fmt.Errorf("export section: %w", err)
				}
				if e.kind, err = s.byte(); err != nil {
					return nil, fmt.Errorf("export section: %w", err)
				}
				if e.index, err = s.u32(); err != nil {
					return nil, fmt.Errorf("export section: %w", err)
				}
				info.exports = append(info.exports, e)
			}
		}
	}
	return info, nil
}

func parseTypes(s *reader) ([]funcType, error) {
	n, err := s.u32()
	if err != nil {
		return nil, err
	}
	types := make([]funcType, 0, n)
	for i := uint32(0); i < n; i++ {
		form, err := s.byte()
		if err != nil {
			return nil, err
		}
		if form != 0x60 {
			return nil, fmt.Errorf("type %d: unsupported type form 0x%02x (GC proposal)", i, form)
		}
		var ft funcType
		for _, dst := range []*[]byte{&ft.params, &ft.results} {
			m, err := s.u32()
			if err != nil {
				return nil, err
			}
			vals, err := s.bytes(m)
			if err != nil {
				return nil, err
			}
			*dst = append([]byte(nil), vals...)
		}
		types = append(types, ft)
	}
	return types, nil
}

func parseImports(s *reader, types []funcType) ([]importDesc, error) {
	n, err := s.u32()
	if err != nil {
		return nil, err
	}
	var out []importDesc
	for i := uint32(0); i < n; i++ {
		var d importDesc
		if d.module, err = s.name(); err != nil {
			return nil, err
		}
		if d.name, err = s.name(); err != nil {
			return nil, err
		}
		if d.typ.kind, err = s.byte(); err != nil {
			return nil, err
		}
		switch d.typ.kind {
		case kindFunc:
			idx, err := s.u32()
			if err != nil {
				return nil, err
			}
			if int(idx) >= len(types) {
				return nil, fmt.Errorf("import %d: type index %d out of range", i, idx)
			}
			d.typ.fn = types[idx]
		case kindTable:
			if d.typ.elem, err = s.byte(); err != nil {
				return nil, err
			}
			if d.typ.lim, err = s.limits(); err != nil {
				return nil, err
			}
		case kindMemory:
			if d.typ.lim, err = s.limits(); err != nil {
				return nil, err
			}
		case kindGlobal:
			if d.typ.val, err = s.byte(); err != nil {
				return nil, err
			}
			m, err := s.byte()
			if err != nil {
				return nil, err
			}
			d.typ.mutable = m == 1
		case kindTag:
			if _, err := s.byte(); err != nil {
				return nil, err
			}
			if _, err := s.u32(); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("import %d: unknown kind 0x%02x", i, d.typ.kind)
		}
		out = append(out, d)
	}
	return out, nil
}

// encoder writes a WebAssembly module. It knows only what the package's
// synthetic modules (and its tests) need.
type encoder struct {
	types   []funcType
	imports []importDesc
	funcs   []uint32 // type index per defined function
	tables  []externType
	mems    []limits
	globals []globalDef
	exports []exportDesc
	codes   [][]byte // body per defined function: locals + instructions + end
	start   *uint32
	elems   []elemSeg
	data    []dataSeg
}

// elemSeg is an active element segment for table 0.
type elemSeg struct {
	offset uint32
	funcs  []uint32
}

// globalDef is a defined global with its constant initialiser.
type globalDef struct {
	val     byte
	mutable bool
	init    []byte // constant expression without the final end
}

// dataSeg is an active data segment for memory 0.
type dataSeg struct {
	offset uint32
	bytes  []byte
}

// typeIndex returns the index of ft in the type section, adding it if new.
func (e *encoder) typeIndex(ft funcType) uint32 {
	for i, t := range e.types {
		if string(t.params) == string(ft.params) && string(t.results) == string(ft.results) {
			return uint32(i)
		}
	}
	e.types = append(e.types, ft)
	return uint32(len(e.types) - 1)
}

// function adds a defined function and returns its index in the function
// index space (imports first).
func (e *encoder) function(ft funcType, locals []byte, body []byte) uint32 {
	e.funcs = append(e.funcs, e.typeIndex(ft))
	code := appendU32(nil, uint32(len(locals)))
	for _, l := range locals {
		code = append(code, 1, l)
	}
	code = append(code, body...)
	code = append(code, 0x0b)
	e.codes = append(e.codes, code)
	return uint32(e.numImported(kindFunc) + len(e.funcs) - 1)
}

func (e *encoder) numImported(kind byte) int {
	n := 0
	for _, im := range e.imports {
		if im.typ.kind == kind {
			n++
		}
	}
	return n
}

func appendU32(b []byte, v uint32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			b = append(b, c|0x80)
			continue
		}
		return append(b, c)
	}
}

func appendS64(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func appendName(b []byte, s string) []byte {
	b = appendU32(b, uint32(len(s)))
	return append(b, s...)
}

func appendLimits(b []byte, l limits) []byte {
	if l.hasMax {
		b = append(b, 1)
		b = appendU32(b, l.min)
		return appendU32(b, l.max)
	}
	b = append(b, 0)
	return appendU32(b, l.min)
}

func appendExtern(b []byte, e *encoder, t externType) []byte {
	switch t.kind {
	case kindFunc:
		return appendU32(b, e.typeIndex(t.fn))
	case kindTable:
		b = append(b, t.elem)
		return appendLimits(b, t.lim)
	case kindMemory:
		return appendLimits(b, t.lim)
	case kindGlobal:
		m := byte(0)
		if t.mutable {
			m = 1
		}
		return append(b, t.val, m)
	}
	return b
}

func section(out []byte, id byte, body []byte) []byte {
	out = append(out, id)
	out = appendU32(out, uint32(len(body)))
	return append(out, body...)
}

// bytes returns the encoded module.
func (e *encoder) bytes() []byte {
	// Imports first: they may add types.
	var imp []byte
	if len(e.imports) > 0 {
		imp = appendU32(nil, uint32(len(e.imports)))
		for _, im := range e.imports {
			imp = appendName(imp, im.module)
			imp = appendName(imp, im.name)
			imp = append(imp, im.typ.kind)
			imp = appendExtern(imp, e, im.typ)
		}
	}
	out := []byte("\x00asm\x01\x00\x00\x00")
	if len(e.types) > 0 {
		b := appendU32(nil, uint32(len(e.types)))
		for _, t := range e.types {
			b = append(b, 0x60)
			b = appendU32(b, uint32(len(t.params)))
			b = append(b, t.params...)
			b = appendU32(b, uint32(len(t.results)))
			b = append(b, t.results...)
		}
		out = section(out, 1, b)
	}
	if imp != nil {
		out = section(out, 2, imp)
	}
	if len(e.funcs) > 0 {
		b := appendU32(nil, uint32(len(e.funcs)))
		for _, f := range e.funcs {
			b = appendU32(b, f)
		}
		out = section(out, 3, b)
	}
	if len(e.tables) > 0 {
		b := appendU32(nil, uint32(len(e.tables)))
		for _, t := range e.tables {
			b = append(b, t.elem)
			b = appendLimits(b, t.lim)
		}
		out = section(out, 4, b)
	}
	if len(e.mems) > 0 {
		b := appendU32(nil, uint32(len(e.mems)))
		for _, m := range e.mems {
			b = appendLimits(b, m)
		}
		out = section(out, 5, b)
	}
	if len(e.globals) > 0 {
		b := appendU32(nil, uint32(len(e.globals)))
		for _, g := range e.globals {
			m := byte(0)
			if g.mutable {
				m = 1
			}
			b = append(b, g.val, m)
			b = append(b, g.init...)
			b = append(b, 0x0b)
		}
		out = section(out, 6, b)
	}
	if len(e.exports) > 0 {
		b := appendU32(nil, uint32(len(e.exports)))
		for _, x := range e.exports {
			b = appendName(b, x.name)
			b = append(b, x.kind)
			b = appendU32(b, x.index)
		}
		out = section(out, 7, b)
	}
	if e.start != nil {
		out = section(out, 8, appendU32(nil, *e.start))
	}
	if len(e.elems) > 0 {
		b := appendU32(nil, uint32(len(e.elems)))
		for _, el := range e.elems {
			b = append(b, 0, 0x41)
			b = appendS64(b, int64(int32(el.offset)))
			b = append(b, 0x0b)
			b = appendU32(b, uint32(len(el.funcs)))
			for _, f := range el.funcs {
				b = appendU32(b, f)
			}
		}
		out = section(out, 9, b)
	}
	if len(e.codes) > 0 {
		b := appendU32(nil, uint32(len(e.codes)))
		for _, c := range e.codes {
			b = appendU32(b, uint32(len(c)))
			b = append(b, c...)
		}
		out = section(out, 10, b)
	}
	if len(e.data) > 0 {
		b := appendU32(nil, uint32(len(e.data)))
		for _, d := range e.data {
			b = append(b, 0, 0x41)
			b = appendS64(b, int64(int32(d.offset)))
			b = append(b, 0x0b)
			b = appendU32(b, uint32(len(d.bytes)))
			b = append(b, d.bytes...)
		}
		out = section(out, 11, b)
	}
	return out
}

// constExpr returns the constant expression (without end) producing the
// given raw wasm value bits for a value type; reference types get ref.null.
func constExpr(val byte, bits uint64) []byte {
	switch val {
	case valI32:
		return appendS64([]byte{0x41}, int64(int32(uint32(bits))))
	case valI64:
		return appendS64([]byte{0x42}, int64(bits))
	case valF32:
		v := uint32(bits)
		return []byte{0x43, byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)}
	case valF64:
		b := []byte{0x44}
		for i := 0; i < 8; i++ {
			b = append(b, byte(bits>>(8*i)))
		}
		return b
	default:
		return []byte{0xd0, val}
	}
}

// tableHelper is a module that imports table "t".<field> of element type elem
// and exports size(), grow(n, init), get(i) and set(i, v) on it: wazero has
// no API for tables, so WebAssembly.Table goes through wasm itself.
func tableHelper(elem byte, field string) []byte {
	e := &encoder{}
	e.imports = []importDesc{{module: "t", name: field, typ: externType{kind: kindTable, elem: elem}}}
	add := func(name string, ft funcType, body ...byte) {
		idx := e.function(ft, nil, body)
		e.exports = append(e.exports, exportDesc{name: name, kind: kindFunc, index: idx})
	}
	add("size", funcType{results: []byte{valI32}}, 0xfc, 16, 0)
	add("grow", funcType{params: []byte{valI32, elem}, results: []byte{valI32}}, 0x20, 1, 0x20, 0, 0xfc, 15, 0)
	add("get", funcType{params: []byte{valI32}, results: []byte{elem}}, 0x20, 0, 0x25, 0)
	add("set", funcType{params: []byte{valI32, elem}}, 0x20, 0, 0x20, 1, 0x26, 0)
	return e.bytes()
}
