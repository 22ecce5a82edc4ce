// Package basepoints computes, at first use, the table of precomputed
// points that github.com/decred/dcrd/dcrec/secp256k1/v4 uses for k·G (every
// signature and every new key), instead of decoding the copy the library
// ships as a 790 KB base64 string.
//
// The string is about a quarter of the wallet's WebAssembly once
// compressed (it is zlib data already, so brotli cannot shrink it). The
// wallet (wasm/main.go) imports this package, whose init points the
// library's loader at [Table], so the string is never read; the build
// (wasm/blanktable, the Makefile's wasm rule) then overwrites it with zeros
// with [Blank]. Neither the linker (-X keeps the original string data) nor
// go build -overlay (it refuses files in the module cache) can leave it
// out. Computing the table takes a few milliseconds natively and a few
// tens in the browser, once, on the first signature (app/warmup makes that
// happen while the wallet is idle after it loads).
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

var (
	once     sync.Once
	computed *table
)

// Table returns the table, computing it on the first call.
func Table() *table {
	once.Do(func() { computed = compute(nil) })
	return computed
}

// Prepare computes the table ahead of its first use, calling yield between
// slices of the work (33 windows, each in two halves), so a browser can
// run between them: in WebAssembly the whole computation is one long task
// of hundreds of milliseconds on a phone. A signature made meanwhile waits
// for it. Prepare does nothing once the table exists.
func Prepare(yield func()) {
	once.Do(func() { computed = compute(yield) })
}

// Compute builds the table as the library's generator does (see compute).
func Compute() *table { return compute(nil) }

// compute builds the table as the library's generator does
// (genstatics.go's SerializedBytePoints): the window of byte b holds
// v·2^(8·(31-b))·G for v = 0..255. Each entry is one addition from a
// smaller one, and each window's 255 points are made affine with one field
// inversion (Montgomery's trick) instead of 255. yield (if not nil) is
// called between slices of the work.
func compute(yield func()) *table {
	if yield == nil {
		yield = func() {}
	}
	var t table
	// g2[i] = 2^i·G for i = 0..255.
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
	// Affine window points (Z = 1) make every addition below the cheaper
	// mixed one.
	affine(g2[:])
	yield()
	var pts [256]secp256k1.JacobianPoint // pts[0] is the point at infinity
	for b := 0; b < 32; b++ {
		w := g2[8*(31-b) : 8*(31-b)+8]
		for v := 1; v < 256; v++ {
			top := 7
			for v>>top == 0 {
				top--
			}
			secp256k1.AddNonConst(&pts[v&^(1<<top)], &w[top], &pts[v])
		}
		yield()
		affine(pts[1:])
		for v := 1; v < 256; v++ {
			t[b][v][0] = pts[v].X
			t[b][v][1] = pts[v].Y
		}
		yield()
	}
	return &t
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
