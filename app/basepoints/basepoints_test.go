package basepoints

import (
	"bytes"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/ethereum/go-ethereum/crypto"
)

// TestSameAsLibrary: every entry of the computed table equals the one the
// library decodes from its own string.
func TestSameAsLibrary(t *testing.T) {
	want := library()
	if want == nil {
		t.Fatal("the library's table is empty: this test must run without the -X that drops it")
	}
	got := Compute()
	for b := range got {
		for v := range got[b] {
			for c := 0; c < 2; c++ {
				if !got[b][v][c].Equals(&want[b][v][c]) {
					t.Fatalf("entry [%d][%d][%d]: computed %v, library %v", b, v, c, got[b][v][c], want[b][v][c])
				}
			}
		}
	}
}

// TestLibraryUsesTable: after init the library's k·G goes through Table,
// and signatures made with it recover to the signer (go-ethereum's
// crypto, as the wallet signs).
func TestLibraryUsesTable(t *testing.T) {
	if s256BytePoints() != Table() {
		t.Fatal("the library's loader is not Table")
	}
	for i := 0; i < 20; i++ {
		key, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		// k·G by the table against the generic scalar multiplication.
		var k secp256k1.ModNScalar
		var kb [32]byte
		rand.Read(kb[:])
		k.SetBytes(&kb)
		var viaTable, generic, g secp256k1.JacobianPoint
		secp256k1.ScalarBaseMultNonConst(&k, &viaTable)
		var gx, gy, one secp256k1.FieldVal
		gx.SetByteSlice(secp256k1.Params().Gx.Bytes())
		gy.SetByteSlice(secp256k1.Params().Gy.Bytes())
		one.SetInt(1)
		g = secp256k1.MakeJacobianPoint(&gx, &gy, &one)
		secp256k1.ScalarMultNonConst(&k, &g, &generic)
		viaTable.ToAffine()
		generic.ToAffine()
		if !viaTable.X.Equals(&generic.X) || !viaTable.Y.Equals(&generic.Y) {
			t.Fatalf("k·G differs for k = %x", kb)
		}
		digest := crypto.Keccak256(kb[:])
		sig, err := crypto.Sign(digest, key)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := crypto.SigToPub(digest, sig)
		if err != nil {
			t.Fatal(err)
		}
		if crypto.PubkeyToAddress(*pub) != crypto.PubkeyToAddress(key.PublicKey) {
			t.Fatal("a signature made with the computed table does not recover to its signer")
		}
	}
}

func BenchmarkCompute(b *testing.B) {
	for b.Loop() {
		Compute()
	}
}

func TestBlank(t *testing.T) {
	bin := append(append([]byte("\x00asm head"), compressedBytePoints...), "tail"...)
	if err := Blank(bin); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(bin, []byte("\x00asm head")) || !bytes.HasSuffix(bin, []byte("tail")) {
		t.Fatal("Blank changed bytes around the table")
	}
	if bytes.Count(bin, []byte{0}) != len(compressedBytePoints)+1 {
		t.Fatal("the table is not all zeros")
	}
	if err := Blank(bin); !errors.Is(err, ErrNotFound) {
		t.Fatalf("blanking twice: %v, want ErrNotFound", err)
	}
	two := append([]byte(compressedBytePoints), compressedBytePoints...)
	if err := Blank(two); err == nil {
		t.Fatal("two copies blanked without an error")
	}
}

// TestPrepareAlongsideTable: the background build and the library's
// first use may meet; both end with the one complete table.
func TestPrepareAlongsideTable(t *testing.T) {
	slices := 0
	got := make(chan *table)
	go func() { got <- Table() }()
	Prepare(func() { slices++ })
	if tbl := <-got; tbl != Table() || slices != 32 {
		t.Fatalf("Table %p vs %p, %d slices", tbl, Table(), slices)
	}
	want := Compute()
	if *want != *Table() {
		t.Fatal("the table built in slices differs from Compute's")
	}
}
