package wasmdata

import (
	"bytes"
	"encoding/binary"
	"maps"
	"math/rand/v2"
	"strings"
	"testing"
)

// module is a WebAssembly module with a custom section before and after
// the given data section body.
func module(data []byte) []byte {
	b := append([]byte(nil), wasmHeader...)
	custom := append([]byte{4}, "name"...)
	b = append(b, 0, byte(len(custom)))
	b = append(b, custom...)
	b = append(b, sectionData)
	b = binary.AppendUvarint(b, uint64(len(data)))
	b = append(b, data...)
	b = append(b, 0, byte(len(custom)))
	return append(b, custom...)
}

// dataOf returns the segments of bin's data section.
func dataOf(t *testing.T, bin []byte) []Segment {
	t.Helper()
	for i := len(wasmHeader); i < len(bin); {
		id := bin[i]
		size, n := binary.Uvarint(bin[i+1:])
		body := bin[i+1+n : i+1+n+int(size)]
		i += 1 + n + int(size)
		if id == sectionData {
			segs, err := Parse(body)
			if err != nil {
				t.Fatal(err)
			}
			return segs
		}
	}
	t.Fatal("no data section")
	return nil
}

func TestPackKeepsImage(t *testing.T) {
	segs := []Segment{
		{Offset: 100, Data: []byte{1, 2, 3}},
		{Offset: 105, Data: []byte{4, 0, 0, 5}},                                // short gap (2), short zeros inside
		{Offset: 200, Data: append(append([]byte{6}, make([]byte, 64)...), 7)}, // a long run inside
		{Offset: 400, Data: []byte{0, 0, 8}},                                   // leading zeros
		{Offset: 0x9000_0000, Data: []byte{9, 9}},                              // written as a negative i32
	}
	bin := module(Encode(segs))
	out, st, err := Pack(bin, 16)
	if err != nil {
		t.Fatal(err)
	}
	got := dataOf(t, out)
	if !maps.Equal(nonZero(segs), nonZero(got)) {
		t.Fatal("the packed segments fill memory differently")
	}
	want := []Segment{
		{Offset: 100, Data: []byte{1, 2, 3, 0, 0, 4, 0, 0, 5}},
		{Offset: 200, Data: []byte{6}},
		{Offset: 265, Data: []byte{7}},
		{Offset: 402, Data: []byte{8}},
		{Offset: 0x9000_0000, Data: []byte{9, 9}},
	}
	if len(got) != len(want) {
		t.Fatalf("segments %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Offset != want[i].Offset || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Fatalf("segment %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if st.SegmentsBefore != 5 || st.SegmentsAfter != 5 || st.BytesAfter >= st.BytesBefore+5 {
		t.Errorf("stats %+v", st)
	}
	// The sections around the data section are kept byte for byte.
	if !bytes.HasPrefix(out, bin[:len(wasmHeader)+7]) || !bytes.HasSuffix(out, bin[len(bin)-7:]) {
		t.Error("the other sections changed")
	}
}

// TestPackRandom: for random segment layouts (as Go's linker writes them:
// in order, apart, zeros here and there), the packed module starts with
// the same memory, in fewer segments when there are many.
func TestPackRandom(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 1))
		var segs []Segment
		off := uint32(r.IntN(1000))
		for range 1 + r.IntN(300) {
			d := make([]byte, 1+r.IntN(100))
			for i := range d {
				if r.IntN(3) > 0 {
					d[i] = byte(r.IntN(256))
				}
			}
			segs = append(segs, Segment{Offset: off, Data: d})
			off += uint32(len(d) + r.IntN(40))
		}
		minZeros := 1 + r.IntN(64)
		out, st, err := Pack(module(Encode(segs)), minZeros)
		if err != nil {
			t.Fatal(err)
		}
		got := dataOf(t, out)
		if !maps.Equal(nonZero(segs), nonZero(got)) {
			t.Fatalf("seed %d: memory differs", seed)
		}
		for _, s := range got {
			if bytes.Contains(s.Data, make([]byte, minZeros)) || s.Data[0] == 0 || s.Data[len(s.Data)-1] == 0 {
				t.Fatalf("seed %d: a segment carries a run of %d zeros or starts or ends with zero", seed, minZeros)
			}
		}
		if st.BytesAfter > st.BytesBefore+minZeros*st.SegmentsBefore {
			t.Fatalf("seed %d: %+v", seed, st)
		}
	}
}

func TestPackRefuses(t *testing.T) {
	cases := map[string][]byte{
		"not a module":   []byte("hello, world"),
		"no data":        wasmHeader,
		"overlap":        module(Encode([]Segment{{Offset: 10, Data: []byte{1, 2, 3}}, {Offset: 11, Data: []byte{4}}})),
		"passive":        module([]byte{1, 1, 2, 1, 2}),
		"other memory":   module([]byte{1, 2, 1, opI32Const, 0, opEnd, 1, 7}),
		"global offset":  module([]byte{1, 0, 0x23, 0, opEnd, 1, 7}),
		"truncated":      module([]byte{1, 0, opI32Const, 0, opEnd, 9, 7}),
		"trailing bytes": module([]byte{1, 0, opI32Const, 0, opEnd, 1, 7, 7}),
		"data count":     append(append([]byte(nil), wasmHeader...), sectionDataCount, 1, 0),
	}
	for name, bin := range cases {
		if _, _, err := Pack(bin, 8); err == nil {
			t.Errorf("%s: no error", name)
		} else if !strings.HasPrefix(err.Error(), "wasmdata: ") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
