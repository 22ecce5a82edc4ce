package relay

import (
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/seal"
)

// TestSealedByKey holds the send path's shortcut to seal.CheckSender's
// answers: a payload it accepts is one CheckSender accepts, for sealed
// messages of the connection's own key and of another key, cut, altered
// and clear ones.
func TestSealedByKey(t *testing.T) {
	aliceKey, _ := crypto.GenerateKey()
	malloryKey, _ := crypto.GenerateKey()
	bobKey, _ := crypto.GenerateKey()
	alice, mallory, bob := seal.NewKey(aliceKey), seal.NewKey(malloryKey), seal.NewKey(bobKey)
	aliceAddr := crypto.PubkeyToAddress(aliceKey.PublicKey)
	login := crypto.CompressPubkey(&aliceKey.PublicKey) // as RecoverLoginKey returns it

	sealed := func(from *seal.Key, n int) []byte {
		t.Helper()
		b, err := seal.Seal(nil, from, from.Agree(bob.Public()), bob.Public(), seal.Context{From: from.Address(), To: bob.Address(), ID: "m1"}, make([]byte, n))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	good := sealed(alice, 300)
	if !sealedByKey(good, login) {
		t.Fatalf("sealedByKey(Alice's sealed message, Alice's key) = false; want true")
	}
	if sealedByKey(good, nil) {
		t.Errorf("sealedByKey(..., no login key) = true; want false")
	}
	cases := map[string][]byte{
		"Alice's":               good,
		"Alice's, empty":        sealed(alice, 0),
		"Alice's, largest":      sealed(alice, seal.MaxPlaintext),
		"Mallory's":             sealed(mallory, 300),
		"clear":                 []byte(`{"v":1}`),
		"empty":                 nil,
		"header only":           good[:seal.HeaderLen],
		"one byte short":        good[:seal.Overhead-1],
		"too long":              append(append([]byte(nil), good...), make([]byte, seal.MaxSize)...),
		"version 3":             append([]byte{3}, good[1:]...),
		"ephemeral not a point": append([]byte{seal.Version, 0x04}, good[2:]...),
	}
	// Random single-byte changes in the header.
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		b := append([]byte(nil), good...)
		b[rng.IntN(seal.HeaderLen)] ^= byte(1 + rng.IntN(255))
		cases["altered "+string(rune('a'+i%26))+string(rune('a'+i/26))] = b
	}
	for name, b := range cases {
		fast := sealedByKey(b, login)
		err := seal.CheckSender(b, aliceAddr)
		if fast && err != nil {
			t.Errorf("%s: sealedByKey = true, but CheckSender = %v", name, err)
		}
	}
	if err := seal.CheckSender(cases["Mallory's"], aliceAddr); err == nil || sealedByKey(cases["Mallory's"], login) {
		t.Errorf("Mallory's sealed message passes as Alice's")
	}
}
