// Package basepoints computes, at first use, the table of precomputed
// points that github.com/decred/dcrd/dcrec/secp256k1/v4 uses for k·G (every
// signature and every new key), instead of decoding the copy the library
// ships as a 790 KB base64 string.
//
// The string is about a quarter of the wallet's WebAssembly once
// compressed (it is zlib data already, so brotli cannot shrink it). The
// wallet (wasm/main.go) imports this package, whose init points the
// library's loader at [Table], so the string is never read; the build
// (wasm/postlink, the Makefile's wasm rule) then overwrites it with zeros
// with [Blank]. Neither the linker (-X keeps the original string data) nor
// go build -overlay (it refuses files in the module cache) can leave it
// out. Computing the table takes about 20 ms natively and 100-350 ms in
// WebAssembly, once: the wallet runs [Prepare] in the background after
// its first render, in 32 slices with a yield to the browser after each, and a
// signature asked for before it is done builds the rest at once.
//
// This reaches into the library's unexported loader (go:linkname), so it
// is tied to the version pinned in go.mod (v4.0.1): the tests check that
// the table is identical to the library's own, entry by entry, and that
// signatures and recoveries agree with the library's after the switch.
package basepoints

import (
	"bytes"
	"errors"
	"sync"
	"sync/atomic"
	_ "unsafe" // go:linkname

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// table is the library's bytePointTable: for each of the 32 bytes of a
// scalar (most significant first) and each byte value v, the affine point
// v·256^(31-byte)·G as normalized X and Y (0, 0 for v = 0).
type table = [32][256][2]secp256k1.FieldVal

// s256BytePoints is the library's loader of its table.
//
//go:linkname s256BytePoints github.com/decred/dcrd/dcrec/secp256k1/v4.s256BytePoints
var s256BytePoints func() *table

// library is the library's own loader, kept for the tests.
var library func() *table

func init() {
	library = s256BytePoints
	s256BytePoints = Table
}

// The table is built one window (256 points) at a time, so that the
// wallet can build it in the background in slices ([Prepare]) and still
// have a complete table the moment the library asks for one ([Table]).
var (
	mu       sync.Mutex
	doubled  *[256]secp256k1.JacobianPoint // 2^i·G, affine, i = 0..255
	built    [32]bool
	building table
	ready    atomic.Bool
)

// Table returns the table, building what is not built yet first.
func Table() *table {
	if !ready.Load() {
		for b := range built {
			window(b)
		}
		ready.Store(true)
	}
	return &building
}

// Prepare builds the table one window at a time, calling yield after
// each (the wallet yields to the browser there, so that no slice blocks
// the page for long), and returns when the table is complete. It may run
// alongside Table.
func Prepare(yield func()) {
	for b := range built {
		window(b)
		yield()
	}
	ready.Store(true)
}

// window builds window b of the table unless it is built.
func window(b int) {
	mu.Lock()
	defer mu.Unlock()
	if built[b] {
		return
	}
	if doubled == nil {
		doubled = doublings()
	}
	fill(&building[b], doubled[8*(31-b):8*(31-b)+8])
	built[b] = true
}

// Compute builds a whole table, apart from the one [Table] serves, as the
// library's generator does (genstatics.go's SerializedBytePoints): the
// window of byte b holds v·2^(8·(31-b))·G for v = 0..255.
func Compute() *table {
	var t table
	g2 := doublings()
	for b := range t {
		fill(&t[b], g2[8*(31-b):8*(31-b)+8])
	}
	return &t
}

// doublings returns 2^i·G for i = 0..255, affine (Z = 1), so that every
// addition in fill is the cheaper mixed one.
func doublings() *[256]secp256k1.JacobianPoint {
	var g2 [256]secp256k1.JacobianPoint
	gx, gy := secp256k1.Params().Gx, secp256k1.Params().Gy
	var x, y, one secp256k1.FieldVal
	x.SetByteSlice(gx.Bytes())
	y.SetByteSlice(gy.Bytes())
	one.SetInt(1)
	q := secp256k1.MakeJacobianPoint(&x, &y, &one)
	for i := range g2 {
		g2[i] = q
		secp256k1.DoubleNonConst(&q, &q)
	}
	affine(g2[:])
	return &g2
}

// fill sets w[v] to v·B for v = 0..255, where w8[j] = 2^j·B: each entry is
// one addition from a smaller one, and the 255 points are made affine with
// one field inversion (Montgomery's trick) instead of 255. w[0], the point
// at infinity, is (0, 0).
func fill(w *[256][2]secp256k1.FieldVal, w8 []secp256k1.JacobianPoint) {
	var pts [256]secp256k1.JacobianPoint // pts[0] is the point at infinity
	for v := 1; v < 256; v++ {
		top := 7
		for v>>top == 0 {
			top--
		}
		secp256k1.AddNonConst(&pts[v&^(1<<top)], &w8[top], &pts[v])
	}
	affine(pts[1:])
	for v := 1; v < 256; v++ {
		w[v][0] = pts[v].X
		w[v][1] = pts[v].Y
	}
}

// affine makes points (none at infinity) affine with one field inversion
// (Montgomery's trick): with P_i = Z_0·…·Z_i, 1/Z_i = P_(i-1) / P_i.
func affine(pts []secp256k1.JacobianPoint) {
	prefix := make([]secp256k1.FieldVal, len(pts))
	prefix[0].Set(&pts[0].Z)
	for i := 1; i < len(pts); i++ {
		prefix[i].Mul2(&prefix[i-1], &pts[i].Z)
	}
	var inv secp256k1.FieldVal // 1 / P_i, walking i down
	inv.Set(&prefix[len(pts)-1]).Inverse()
	for i := len(pts) - 1; i >= 0; i-- {
		var zinv, zinv2, zinv3 secp256k1.FieldVal
		if i > 0 {
			zinv.Mul2(&inv, &prefix[i-1])
			inv.Mul(&pts[i].Z)
		} else {
			zinv.Set(&inv)
		}
		zinv2.SquareVal(&zinv)
		zinv3.Mul2(&zinv2, &zinv)
		pts[i].X.Mul(&zinv2).Normalize()
		pts[i].Y.Mul(&zinv3).Normalize()
		pts[i].Z.SetInt(1)
	}
}

// compressedBytePoints is the library's copy of the table (base64 of zlib).
//
//go:linkname compressedBytePoints github.com/decred/dcrd/dcrec/secp256k1/v4.compressedBytePoints
var compressedBytePoints string

// ErrNotFound: Blank found no copy of the library's table.
var ErrNotFound = errors.New("basepoints: the library's precomputed table is not in this binary")

// Blank overwrites with zeros the library's copy of the table in bin, a
// WebAssembly binary of a program that imports this package (so that the
// library never reads it): zeros cost nothing once the binary is
// compressed, where the table costs about 520 KB. It refuses a binary with
// no copy or with more than one.
func Blank(bin []byte) error {
	data := compressedBytePoints
	if len(data) < 1024 {
		return errors.New("basepoints: the library's table is not linked into this program")
	}
	i := bytes.Index(bin, []byte(data))
	if i < 0 {
		return ErrNotFound
	}
	if bytes.Contains(bin[i+len(data):], []byte(data[:64])) {
		return errors.New("basepoints: more than one copy of the library's table")
	}
	clear(bin[i : i+len(data)])
	return nil
}
