package wasmdata

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// LoadExport is the name of the function Defer adds: each call copies the
// next deferred data segment into memory and returns how many are left
// (0 once all are in).
const LoadExport = "paychan_load_data"

// runExport is the Go program's entry point (wasm_exec.js calls
// exports.run(argc, argv)).
const runExport = "run"

const (
	sectionType     = 1
	sectionImport   = 2
	sectionFunction = 3
	sectionGlobal   = 6
	sectionExport   = 7
	sectionCode     = 10

	kindFunc   = 0
	kindTable  = 1
	kindMemory = 2
	kindGlobal = 3
	kindTag    = 4

	valI32 = 0x7f
)

// DeferStats describe a Defer.
type DeferStats struct {
	Segments int // passive segments, each one call of LoadExport
	Bytes    int // bytes they copy
	Largest  int // bytes of the largest
}

// Defer returns bin with its data copied into memory after instantiation
// instead of during it, in pieces of at most chunk bytes that the page can
// copy in separate tasks.
//
// Instantiating a module copies its active data segments into the fresh
// memory in one go, on the page's main thread; for the wallet (3 MB after
// Pack) that was most of a 50-100 ms task in Chromium. Defer turns every
// segment into a passive one, cut at chunk bytes, and adds:
//
//   - an exported function, LoadExport, whose each call copies the next
//     segment to its address (memory.init, then data.drop to free it) and
//     returns how many are left;
//   - a wrapper of the "run" export that first loads whatever is left, so
//     the module runs as before under any host that knows nothing of
//     LoadExport (Node's wasm_exec, an app.js of an older version).
//
// The page calls LoadExport between instantiation and run, yielding to
// the browser between calls (server/web's app.js). The memory the program
// starts with is the same. Defer refuses modules it does not understand,
// as Pack does, and modules without a "run" function export.
func Defer(bin []byte, chunk int) ([]byte, DeferStats, error) {
	var st DeferStats
	if chunk < 1 {
		return nil, st, errors.New("wasmdata: chunk must be at least 1 byte")
	}
	secs, err := sections(bin)
	if err != nil {
		return nil, st, err
	}
	at := map[byte]int{}
	for k, sec := range secs {
		if sec.id == 0 {
			continue // custom sections may repeat
		}
		if _, dup := at[sec.id]; dup {
			return nil, st, fmt.Errorf("wasmdata: two sections with id %d", sec.id)
		}
		at[sec.id] = k
	}
	if _, ok := at[sectionDataCount]; ok {
		return nil, st, errors.New("wasmdata: the module has a data count section (passive segments or memory.init)")
	}
	for _, id := range []byte{sectionType, sectionFunction, sectionGlobal, sectionExport, sectionCode, sectionData} {
		if _, ok := at[id]; !ok {
			return nil, st, fmt.Errorf("wasmdata: the module has no section %d", id)
		}
	}
	body := func(id byte) []byte { return secs[at[id]].body }

	segs, err := Parse(body(sectionData))
	if err != nil {
		return nil, st, err
	}
	segs = split(segs, chunk)
	st.Segments = len(segs)
	for _, s := range segs {
		st.Bytes += len(s.Data)
		st.Largest = max(st.Largest, len(s.Data))
	}

	types, err := parseTypes(body(sectionType))
	if err != nil {
		return nil, st, err
	}
	var importedFuncs, importedGlobals uint64
	if k, ok := at[sectionImport]; ok {
		if importedFuncs, importedGlobals, err = countImports(secs[k].body); err != nil {
			return nil, st, err
		}
	}
	funcTypes, err := vecUvarints(body(sectionFunction))
	if err != nil {
		return nil, st, fmt.Errorf("wasmdata: function section: %w", err)
	}
	globals, globalsRest, err := vecCount(body(sectionGlobal))
	if err != nil {
		return nil, st, fmt.Errorf("wasmdata: global section: %w", err)
	}
	codes, codesRest, err := vecCount(body(sectionCode))
	if err != nil {
		return nil, st, fmt.Errorf("wasmdata: code section: %w", err)
	}
	if codes != uint64(len(funcTypes)) {
		return nil, st, fmt.Errorf("wasmdata: %d function bodies for %d functions", codes, len(funcTypes))
	}
	exports, err := parseExports(body(sectionExport))
	if err != nil {
		return nil, st, err
	}
	run := -1
	for i, e := range exports {
		if e.name == LoadExport {
			return nil, st, fmt.Errorf("wasmdata: the module already exports %s", LoadExport)
		}
		if e.name == runExport && e.kind == kindFunc {
			run = i
		}
	}
	if run < 0 {
		return nil, st, fmt.Errorf("wasmdata: the module exports no function %q", runExport)
	}
	runFunc := exports[run].index
	if runFunc < importedFuncs || runFunc-importedFuncs >= uint64(len(funcTypes)) {
		return nil, st, fmt.Errorf("wasmdata: %q is not a function the module defines", runExport)
	}
	runType := funcTypes[runFunc-importedFuncs]
	if runType >= uint64(len(types)) {
		return nil, st, fmt.Errorf("wasmdata: %q has type %d of %d", runExport, runType, len(types))
	}
	for _, p := range types[runType].params {
		if p != valI32 {
			return nil, st, fmt.Errorf("wasmdata: %q takes a parameter that is not an i32", runExport)
		}
	}

	// The new pieces, appended so that no existing index moves.
	loadType := uint64(len(types))
	loadFunc := importedFuncs + uint64(len(funcTypes))
	wrapFunc := loadFunc + 1
	next := importedGlobals + globals // the next segment to load

	// The loader: if next < n, copy segment next and drop it, next++;
	// return n - next.
	var load []byte
	load = append(load, 0) // no locals
	for k, s := range segs {
		load = append(load, 0x23)
		load = binary.AppendUvarint(load, next)
		load = append(load, opI32Const)
		load = appendVarint32(load, int32(k))
		load = append(load, 0x46, 0x04, 0x40) // i32.eq, if (no result)
		load = append(load, opI32Const)
		load = appendVarint32(load, int32(s.Offset))
		load = append(load, opI32Const, 0, opI32Const)
		load = appendVarint32(load, int32(len(s.Data)))
		load = append(load, 0xfc, 0x08) // memory.init k, memory 0
		load = binary.AppendUvarint(load, uint64(k))
		load = append(load, 0, 0xfc, 0x09) // data.drop k
		load = binary.AppendUvarint(load, uint64(k))
		load = append(load, opEnd)
	}
	n := appendVarint32(nil, int32(len(segs)))
	getNext := binary.AppendUvarint([]byte{0x23}, next)
	setNext := binary.AppendUvarint([]byte{0x24}, next)
	load = append(load, getNext...)
	load = append(load, opI32Const)
	load = append(load, n...)
	load = append(load, 0x49, 0x04, 0x40) // i32.lt_u, if
	load = append(load, getNext...)
	load = append(load, opI32Const, 1, 0x6a) // i32.add
	load = append(load, setNext...)
	load = append(load, opEnd, opI32Const)
	load = append(load, n...)
	load = append(load, getNext...)
	load = append(load, 0x6b, opEnd) // i32.sub, end of body

	// The wrapper of run: loop { call load; br_if 0 }, then run with the
	// same arguments.
	wrap := []byte{0, 0x03, 0x40, 0x10}
	wrap = binary.AppendUvarint(wrap, loadFunc)
	wrap = append(wrap, 0x0d, 0, opEnd)
	for p := range types[runType].params {
		wrap = append(wrap, 0x20)
		wrap = binary.AppendUvarint(wrap, uint64(p))
	}
	wrap = append(wrap, 0x10)
	wrap = binary.AppendUvarint(wrap, runFunc)
	wrap = append(wrap, opEnd)

	newBody := map[byte][]byte{}
	{
		b := binary.AppendUvarint(nil, uint64(len(types)+1))
		_, rest, _ := vecCount(body(sectionType))
		b = append(b, rest...)
		newBody[sectionType] = append(b, 0x60, 0, 1, valI32) // () -> i32
	}
	{
		b := binary.AppendUvarint(nil, uint64(len(funcTypes)+2))
		_, rest, _ := vecCount(body(sectionFunction))
		b = append(b, rest...)
		b = binary.AppendUvarint(b, loadType)
		newBody[sectionFunction] = binary.AppendUvarint(b, runType)
	}
	{
		b := binary.AppendUvarint(nil, globals+1)
		b = append(b, globalsRest...)
		newBody[sectionGlobal] = append(b, valI32, 1, opI32Const, 0, opEnd) // mut i32 = 0
	}
	{
		exports[run].index = wrapFunc
		exports = append(exports, export{name: LoadExport, kind: kindFunc, index: loadFunc})
		b := binary.AppendUvarint(nil, uint64(len(exports)))
		for _, e := range exports {
			b = binary.AppendUvarint(b, uint64(len(e.name)))
			b = append(b, e.name...)
			b = append(b, e.kind)
			b = binary.AppendUvarint(b, e.index)
		}
		newBody[sectionExport] = b
	}
	{
		b := binary.AppendUvarint(nil, codes+2)
		b = append(b, codesRest...)
		b = binary.AppendUvarint(b, uint64(len(load)))
		b = append(b, load...)
		b = binary.AppendUvarint(b, uint64(len(wrap)))
		newBody[sectionCode] = append(b, wrap...)
	}
	{
		b := binary.AppendUvarint(nil, uint64(len(segs)))
		for _, s := range segs {
			b = append(b, 1) // passive
			b = binary.AppendUvarint(b, uint64(len(s.Data)))
			b = append(b, s.Data...)
		}
		newBody[sectionData] = b
	}

	out := append([]byte(nil), wasmHeader...)
	for _, sec := range secs {
		if sec.id == sectionCode {
			// The data count section comes right before the code,
			// which names segments by index (memory.init).
			out = appendSection(out, sectionDataCount, binary.AppendUvarint(nil, uint64(len(segs))))
		}
		if b, ok := newBody[sec.id]; ok {
			out = appendSection(out, sec.id, b)
		} else {
			out = append(out, sec.raw...)
		}
	}
	return out, st, nil
}

// split cuts every segment longer than chunk into pieces of chunk bytes.
func split(segs []Segment, chunk int) []Segment {
	var out []Segment
	for _, s := range segs {
		for len(s.Data) > chunk {
			out = append(out, Segment{Offset: s.Offset, Data: s.Data[:chunk]})
			s = Segment{Offset: s.Offset + uint32(chunk), Data: s.Data[chunk:]}
		}
		out = append(out, s)
	}
	return out
}

type funcType struct {
	params, results []byte
}

func parseTypes(body []byte) ([]funcType, error) {
	r := reader{b: body}
	count := r.uvarint()
	var types []funcType
	for k := uint64(0); k < count && r.err == nil; k++ {
		if form := r.byte(); form != 0x60 && r.err == nil {
			return nil, fmt.Errorf("wasmdata: type %d is not a function type (0x%x)", k, form)
		}
		params := r.bytes(r.uvarint())
		results := r.bytes(r.uvarint())
		types = append(types, funcType{params, results})
	}
	if r.err == nil && r.i != len(body) {
		r.err = errors.New("bytes after the types")
	}
	if r.err != nil {
		return nil, fmt.Errorf("wasmdata: type section: %w", r.err)
	}
	return types, nil
}

// countImports returns how many functions and globals the module imports
// (they come first in the index spaces).
func countImports(body []byte) (funcs, globals uint64, err error) {
	r := reader{b: body}
	count := r.uvarint()
	for k := uint64(0); k < count && r.err == nil; k++ {
		r.bytes(r.uvarint()) // module
		r.bytes(r.uvarint()) // name
		switch kind := r.byte(); kind {
		case kindFunc:
			funcs++
			r.uvarint()
		case kindTable:
			r.byte()
			limits(&r)
		case kindMemory:
			limits(&r)
		case kindGlobal:
			globals++
			r.byte()
			r.byte()
		case kindTag:
			r.byte()
			r.uvarint()
		default:
			if r.err == nil {
				return 0, 0, fmt.Errorf("wasmdata: import %d has kind %d", k, kind)
			}
		}
	}
	if r.err == nil && r.i != len(body) {
		r.err = errors.New("bytes after the imports")
	}
	if r.err != nil {
		return 0, 0, fmt.Errorf("wasmdata: import section: %w", r.err)
	}
	return funcs, globals, nil
}

func limits(r *reader) {
	switch f := r.byte(); f {
	case 0:
		r.uvarint()
	case 1:
		r.uvarint()
		r.uvarint()
	default:
		if r.err == nil {
			r.err = fmt.Errorf("limits flag %d", f)
		}
	}
}

type export struct {
	name  string
	kind  byte
	index uint64
}

func parseExports(body []byte) ([]export, error) {
	r := reader{b: body}
	count := r.uvarint()
	var es []export
	for k := uint64(0); k < count && r.err == nil; k++ {
		name := string(r.bytes(r.uvarint()))
		kind := r.byte()
		es = append(es, export{name, kind, r.uvarint()})
	}
	if r.err == nil && r.i != len(body) {
		r.err = errors.New("bytes after the exports")
	}
	if r.err != nil {
		return nil, fmt.Errorf("wasmdata: export section: %w", r.err)
	}
	return es, nil
}

// vecUvarints reads a vector of unsigned numbers (the function section).
func vecUvarints(body []byte) ([]uint64, error) {
	r := reader{b: body}
	count := r.uvarint()
	vs := make([]uint64, 0, min(count, uint64(len(body))))
	for k := uint64(0); k < count && r.err == nil; k++ {
		vs = append(vs, r.uvarint())
	}
	if r.err == nil && r.i != len(body) {
		r.err = errors.New("bytes after the vector")
	}
	return vs, r.err
}

// vecCount reads a vector's length and returns it with the bytes of its
// elements.
func vecCount(body []byte) (uint64, []byte, error) {
	r := reader{b: body}
	count := r.uvarint()
	if r.err != nil {
		return 0, nil, r.err
	}
	return count, body[r.i:], nil
}
