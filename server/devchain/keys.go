package devchain

import (
	"crypto/ecdsa"
	"fmt"
	"math/big"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// TestKey is one of the seed's PUBLIC test keys. Anyone can spend what these
// keys hold: they exist only so a fresh development chain has funded accounts.
type TestKey struct {
	Name    string            // Alice, Bob or Deployer
	WIF     string            // the key as the seed printed it
	Key     *ecdsa.PrivateKey // the decoded secp256k1 key
	Address common.Address    // its EVM (signer and account) address
}

// The seed's public test keys, funded at genesis of the development chain.
const (
	AliceWIF    = "cRcG1jizfBzHxfwu68aMjhy78CpnzD9gJYZ5ggDbzfYD3EQfGUDZ"
	BobWIF      = "cMbgxCJrTYUqgcmiC1berh5DFrtY1KeU4PXZ6NZxgenniF1mXCRk"
	DeployerWIF = "cVLiw3xKLNVMVKkhNhQGxHc6VmAgdu7jeyt2KYND2BCbwnHqiPBw"
)

// faucetSeed names the key /dev/fund pays from. It is public too.
const faucetSeed = "paychan development chain faucet (public test key)"

// TestFunds is what each test key holds at genesis: 1,000,000 ETH in wei.
var TestFunds = new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1e18))

// faucetFunds is the faucet's genesis balance: 10^12 ETH in wei.
var faucetFunds = new(big.Int).Mul(big.NewInt(1_000_000_000_000), big.NewInt(1e18))

// TestKeys returns Alice, Bob and the Deployer, decoded.
func TestKeys() []TestKey {
	keys := make([]TestKey, 0, 3)
	for _, k := range []struct{ name, wif string }{{"Alice", AliceWIF}, {"Bob", BobWIF}, {"Deployer", DeployerWIF}} {
		key, err := DecodeKey(k.wif)
		if err != nil {
			panic(fmt.Sprintf("devchain: test key %s: %v", k.name, err)) // constants: cannot happen
		}
		keys = append(keys, TestKey{Name: k.name, WIF: k.wif, Key: key, Address: crypto.PubkeyToAddress(key.PublicKey)})
	}
	return keys
}

// TestKeyByName returns the named test key (Alice, Bob or Deployer).
func TestKeyByName(name string) (TestKey, bool) {
	for _, k := range TestKeys() {
		if k.Name == name {
			return k, true
		}
	}
	return TestKey{}, false
}

// FaucetKey returns the public key /dev/fund pays from.
func FaucetKey() *ecdsa.PrivateKey {
	key, err := crypto.ToECDSA(crypto.Keccak256([]byte(faucetSeed)))
	if err != nil {
		panic(fmt.Sprintf("devchain: faucet key: %v", err)) // a keccak digest is a valid key
	}
	return key
}

// DecodeKey decodes a private key given as WIF (as the seed's wallets print
// them) or as 64 hex digits with or without 0x.
func DecodeKey(s string) (*ecdsa.PrivateKey, error) {
	if wif, err := btcutil.DecodeWIF(s); err == nil {
		key, err := crypto.ToECDSA(wif.PrivKey.Serialize())
		if err != nil {
			return nil, fmt.Errorf("decode WIF key: %w", err)
		}
		return key, nil
	}
	hexKey := s
	if len(hexKey) >= 2 && (hexKey[:2] == "0x" || hexKey[:2] == "0X") {
		hexKey = hexKey[2:]
	}
	key, err := crypto.HexToECDSA(hexKey)
	if err != nil {
		return nil, fmt.Errorf("decode key: neither WIF nor 64 hex digits: %w", err)
	}
	return key, nil
}
