// Package wasmdata rewrites the data section of a WebAssembly module so
// that the browser spends less time instantiating it.
//
// Go's linker writes a program's initialised memory (its read-only data,
// type and function tables, initialised variables) as up to 100,000 active
// data segments, split wherever it finds a short run of zeros, the last one
// taking whatever is left whole. Instantiating the module copies every
// segment into the fresh memory, one by one, on the page's main thread: for
// the wallet (5 MB of data, 100,000 segments) that was 28 ms in Node's V8
// on this machine, and 31-54 ms in a Lighthouse run of the wallet's first
// page. Memory starts zeroed, so a run of zeros needs no copy at all: Pack
// rebuilds the same memory image as a few segments that skip every long
// run of zeros (such as the precomputed table wasm/postlink blanks, 790
// KB) and carry the short ones.
//
// Even packed, the copy was one task of 50-90 ms on the page in Chromium.
// Defer then moves it out of the instantiation: the segments become
// passive, at most a chunk each, and an added export copies them in one
// call at a time, which the page spreads over several tasks before the
// program runs.
package wasmdata

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// Segment is one active data segment of memory 0: Data is copied to
// memory at Offset when the module is instantiated.
type Segment struct {
	Offset uint32
	Data   []byte
}

// Stats describe a Pack.
type Stats struct {
	SegmentsBefore, SegmentsAfter int
	// BytesBefore and BytesAfter are the bytes the segments copy.
	BytesBefore, BytesAfter int
}

const (
	sectionData      = 11
	sectionDataCount = 12
	opI32Const       = 0x41
	opEnd            = 0x0b
)

var wasmHeader = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

// Pack returns bin with its data section rewritten: the memory image its
// active segments describe, as segments that leave out every run of at
// least minZeros zero bytes and take shorter runs along. The image the
// module starts with is unchanged. It fails on a module whose data section
// Pack does not understand (passive segments, another memory, offsets that
// are not constants, overlapping segments), so that nothing is rewritten
// by a guess.
func Pack(bin []byte, minZeros int) ([]byte, Stats, error) {
	var st Stats
	if minZeros < 1 {
		return nil, st, errors.New("wasmdata: minZeros must be at least 1")
	}
	secs, err := sections(bin)
	if err != nil {
		return nil, st, err
	}
	out := append([]byte(nil), wasmHeader...)
	found := false
	for _, sec := range secs {
		switch sec.id {
		case sectionDataCount:
			// Only needed by memory.init and data.drop, which would name
			// segments by their index: Pack cannot keep those indices.
			return nil, st, errors.New("wasmdata: the module has a data count section (passive segments or memory.init)")
		case sectionData:
			if found {
				return nil, st, errors.New("wasmdata: two data sections")
			}
			found = true
			segs, err := Parse(sec.body)
			if err != nil {
				return nil, st, err
			}
			packed, err := pack(segs, minZeros)
			if err != nil {
				return nil, st, err
			}
			st.SegmentsBefore, st.SegmentsAfter = len(segs), len(packed)
			for _, s := range segs {
				st.BytesBefore += len(s.Data)
			}
			for _, s := range packed {
				st.BytesAfter += len(s.Data)
			}
			out = appendSection(out, sectionData, Encode(packed))
		default:
			out = append(out, sec.raw...)
		}
	}
	if !found {
		return nil, st, errors.New("wasmdata: no data section")
	}
	return out, st, nil
}

// section is one section of a module: its id, its contents and the whole
// section as it was written (id and size included).
type section struct {
	id        byte
	body, raw []byte
}

// sections checks a module's header and splits the rest into its sections.
func sections(bin []byte) ([]section, error) {
	if !bytes.HasPrefix(bin, wasmHeader) {
		return nil, errors.New("wasmdata: not a WebAssembly module (version 1)")
	}
	var secs []section
	for i := len(wasmHeader); i < len(bin); {
		size, n := binary.Uvarint(bin[i+1:])
		if n <= 0 || size > uint64(len(bin)-(i+1+n)) {
			return nil, fmt.Errorf("wasmdata: section at byte %d: bad size", i)
		}
		end := i + 1 + n + int(size)
		secs = append(secs, section{id: bin[i], body: bin[i+1+n : end], raw: bin[i:end]})
		i = end
	}
	return secs, nil
}

// appendSection appends a section with id and body to out.
func appendSection(out []byte, id byte, body []byte) []byte {
	out = append(out, id)
	out = binary.AppendUvarint(out, uint64(len(body)))
	return append(out, body...)
}

// Parse reads a data section's body: active segments of memory 0 with
// constant offsets only.
func Parse(body []byte) ([]Segment, error) {
	r := reader{b: body}
	count := r.uvarint()
	segs := make([]Segment, 0, min(count, uint64(len(body))))
	for k := uint64(0); k < count && r.err == nil; k++ {
		switch flags := r.uvarint(); flags {
		case 0:
		case 2:
			if mem := r.uvarint(); mem != 0 {
				return nil, fmt.Errorf("wasmdata: segment %d is for memory %d", k, mem)
			}
		default:
			return nil, fmt.Errorf("wasmdata: segment %d is not an active segment of memory 0 (flags %d)", k, flags)
		}
		if op := r.byte(); op != opI32Const {
			return nil, fmt.Errorf("wasmdata: segment %d's offset is not an i32.const", k)
		}
		// An i32 offset: addresses from 2 GiB up are written negative.
		off := uint32(int32(r.varint()))
		if end := r.byte(); end != opEnd {
			return nil, fmt.Errorf("wasmdata: segment %d's offset is not a single constant", k)
		}
		n := r.uvarint()
		data := r.bytes(n)
		if r.err != nil {
			break
		}
		if uint64(off)+uint64(len(data)) > 1<<32 {
			return nil, fmt.Errorf("wasmdata: segment %d lies outside 32-bit memory", k)
		}
		segs = append(segs, Segment{Offset: off, Data: data})
	}
	if r.err != nil {
		return nil, fmt.Errorf("wasmdata: data section: %w", r.err)
	}
	if r.i != len(body) {
		return nil, fmt.Errorf("wasmdata: data section: %d bytes after its segments", len(body)-r.i)
	}
	return segs, nil
}

// Encode writes segments as a data section's body.
func Encode(segs []Segment) []byte {
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(segs)))
	for _, s := range segs {
		b = append(b, 0, opI32Const)
		b = appendVarint32(b, int32(s.Offset))
		b = append(b, opEnd)
		b = binary.AppendUvarint(b, uint64(len(s.Data)))
		b = append(b, s.Data...)
	}
	return b
}

// nonZero returns the bytes that are not zero in the memory the segments
// fill (later segments over earlier ones, as instantiation applies them),
// by address: two lists of segments start memory alike when their nonZero
// are equal.
func nonZero(segs []Segment) map[uint32]byte {
	m := make(map[uint32]byte)
	for _, s := range segs {
		for i, c := range s.Data {
			a := s.Offset + uint32(i)
			if c != 0 {
				m[a] = c
			} else {
				delete(m, a)
			}
		}
	}
	return m
}

func pack(segs []Segment, minZeros int) ([]Segment, error) {
	sorted := append([]Segment(nil), segs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Offset < sorted[j].Offset })
	var out []Segment
	// A group is a stretch of memory the segments fill with gaps shorter
	// than minZeros; each group is then cut at its long runs of zeros.
	var base uint32
	var group []byte
	flush := func() {
		for pos := 0; pos < len(group); {
			for pos < len(group) && group[pos] == 0 {
				pos++
			}
			if pos == len(group) {
				break
			}
			end := len(group)
			if z := indexZeros(group[pos:], minZeros); z >= 0 {
				end = pos + z
			}
			data := bytes.TrimRight(group[pos:end], "\x00")
			out = append(out, Segment{Offset: base + uint32(pos), Data: data})
			pos = end
		}
		group = nil
	}
	for i, s := range sorted {
		if i > 0 {
			prev := sorted[i-1]
			prevEnd := uint64(prev.Offset) + uint64(len(prev.Data))
			if uint64(s.Offset) < prevEnd {
				return nil, fmt.Errorf("wasmdata: segments at %d and %d overlap", prev.Offset, s.Offset)
			}
			if gap := uint64(s.Offset) - prevEnd; gap < uint64(minZeros) {
				group = append(group, make([]byte, gap)...)
				group = append(group, s.Data...)
				continue
			}
			flush()
		}
		base = s.Offset
		group = append([]byte(nil), s.Data...)
	}
	flush()
	return out, nil
}

// indexZeros returns the index of the first run of n zero bytes in b, or -1.
func indexZeros(b []byte, n int) int {
	run := 0
	for i, c := range b {
		if c != 0 {
			run = 0
			continue
		}
		run++
		if run == n {
			return i - n + 1
		}
	}
	return -1
}

// reader decodes LEB128 numbers and bytes, remembering the first error.
type reader struct {
	b   []byte
	i   int
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		r.err = fmt.Errorf("bad number at byte %d", r.i)
		return 0
	}
	r.i += n
	return v
}

func (r *reader) varint() int64 {
	if r.err != nil {
		return 0
	}
	var v int64
	var shift uint
	for {
		if r.i >= len(r.b) || shift > 35 {
			r.err = fmt.Errorf("bad i32 at byte %d", r.i)
			return 0
		}
		c := r.b[r.i]
		r.i++
		v |= int64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return int64(int32(v))
		}
	}
}

func (r *reader) byte() byte {
	if r.err != nil {
		return 0
	}
	if r.i >= len(r.b) {
		r.err = fmt.Errorf("unexpected end at byte %d", r.i)
		return 0
	}
	c := r.b[r.i]
	r.i++
	return c
}

func (r *reader) bytes(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)-r.i) {
		r.err = fmt.Errorf("segment of %d bytes runs past the section", n)
		return nil
	}
	b := r.b[r.i : r.i+int(n)]
	r.i += int(n)
	return b
}

func appendVarint32(b []byte, v int32) []byte {
	x := int64(v)
	for {
		c := byte(x & 0x7f)
		x >>= 7
		if (x == 0 && c&0x40 == 0) || (x == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
