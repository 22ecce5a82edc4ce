//go:build !js

package chainclient

import (
	"bytes"
	"math/big"
	"math/rand"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/go-cmp/cmp"
)

// TestSignedTxMatchesGoEthereum signs a table of transactions by hand and
// with core/types' latest signer: the signing hash, the raw bytes and the
// hash must be identical, and core/types must recover the sender.
func TestSignedTxMatchesGoEthereum(t *testing.T) {
	const seed = 20261124
	rng := rand.New(rand.NewSource(seed))
	randBytes := func(n int) []byte {
		b := make([]byte, n)
		rng.Read(b)
		return b
	}
	big256 := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	tests := []struct {
		name string
		tx   dynamicFeeTx
	}{
		{"zero", dynamicFeeTx{ChainID: big.NewInt(1337), GasTipCap: new(big.Int), GasFeeCap: new(big.Int)}},
		{"nil value", dynamicFeeTx{ChainID: big.NewInt(1337), Nonce: 1, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2),
			Gas: 21000, To: common.HexToAddress("0x0CF28703ECc9C7dB28F3d496e41666445b0A4EAF")}},
		{"deposit", dynamicFeeTx{ChainID: big.NewInt(1337), Nonce: 7, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(3e9),
			Gas: 60000, To: common.HexToAddress("0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47"), Value: eth(100), Data: randBytes(36)}},
		{"large data", dynamicFeeTx{ChainID: big.NewInt(1), Nonce: 1 << 40, GasTipCap: big.NewInt(1), GasFeeCap: big256,
			Gas: 1<<63 - 1, To: common.BytesToAddress(randBytes(20)), Value: big256, Data: randBytes(1000)}},
		{"one byte data", dynamicFeeTx{ChainID: big.NewInt(1337), Nonce: 127, GasTipCap: big.NewInt(128), GasFeeCap: big.NewInt(255),
			Gas: 55, To: common.BytesToAddress(randBytes(20)), Value: big.NewInt(127), Data: []byte{0x7f}}},
	}
	for i := 0; i < 20; i++ {
		tests = append(tests, struct {
			name string
			tx   dynamicFeeTx
		}{"random", dynamicFeeTx{ChainID: new(big.Int).SetUint64(rng.Uint64()), Nonce: rng.Uint64(),
			GasTipCap: new(big.Int).SetBytes(randBytes(rng.Intn(33))), GasFeeCap: new(big.Int).SetBytes(randBytes(rng.Intn(33))),
			Gas: rng.Uint64(), To: common.BytesToAddress(randBytes(20)), Value: new(big.Int).SetBytes(randBytes(rng.Intn(33))),
			Data: randBytes(rng.Intn(300))}})
	}
	for _, tt := range tests {
		key, err := crypto.ToECDSA(crypto.Keccak256(randBytes(32)))
		if err != nil {
			t.Fatal(err)
		}
		value := tt.tx.Value
		if value == nil {
			value = new(big.Int)
		}
		to := tt.tx.To
		signer := types.LatestSignerForChainID(tt.tx.ChainID)
		want, err := types.SignNewTx(key, signer, &types.DynamicFeeTx{ChainID: tt.tx.ChainID, Nonce: tt.tx.Nonce,
			GasTipCap: tt.tx.GasTipCap, GasFeeCap: tt.tx.GasFeeCap, Gas: tt.tx.Gas, To: &to, Value: value, Data: tt.tx.Data})
		if err != nil {
			t.Fatalf("%s: core/types sign: %v (seed %d)", tt.name, err, seed)
		}
		wantRaw, err := want.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		h, err := tt.tx.sigHash()
		if err != nil {
			t.Fatalf("%s: sigHash: %v", tt.name, err)
		}
		if wantHash := signer.Hash(want); h != wantHash {
			t.Errorf("%s: signing hash %s; core/types %s (seed %d)", tt.name, h, wantHash, seed)
		}
		raw, hash, err := tt.tx.sign(key)
		if err != nil {
			t.Fatalf("%s: sign: %v", tt.name, err)
		}
		if !bytes.Equal(wantRaw, raw) {
			t.Errorf("%s: raw transaction differs from core/types (seed %d) (-want +got):\n%s", tt.name, seed, cmp.Diff(wantRaw, raw))
		}
		if hash != want.Hash() {
			t.Errorf("%s: hash %s; core/types %s (seed %d)", tt.name, hash, want.Hash(), seed)
		}
		var back types.Transaction
		if err := back.UnmarshalBinary(raw); err != nil {
			t.Fatalf("%s: core/types cannot decode: %v", tt.name, err)
		}
		from, err := types.Sender(signer, &back)
		if err != nil || from != crypto.PubkeyToAddress(key.PublicKey) {
			t.Errorf("%s: sender %s, %v; want %s", tt.name, from, err, crypto.PubkeyToAddress(key.PublicKey))
		}
	}
}
