package wallet_test

import (
	"bytes"
	"errors"
	"math/rand"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/wallet"
)

// The wallet encodes WIF and hash160 itself with btcutil's base58 package
// only (btcutil's root package costs the browser build about 0.65 MB
// brotli). These tests hold it to btcutil, the reference, which only tests
// import.

// btcutilParams maps a network to btcutil's parameters (same WIF bytes).
func btcutilParams(n wallet.Network) *chaincfg.Params {
	if n == wallet.Mainnet {
		return &chaincfg.MainNetParams
	}
	return &chaincfg.TestNet3Params
}

// TestWIFMatchesBtcutil: for random keys on both networks, with and without
// compression, WIF and QtumAccount equal btcutil's, and btcutil's WIF
// parses to the same key.
func TestWIFMatchesBtcutil(t *testing.T) {
	seed := rand.Int63()
	rng := rand.New(rand.NewSource(seed))
	for i := 0; i < 200; i++ {
		net := []wallet.Network{wallet.Testnet, wallet.Mainnet}[i%2]
		compressed := i%4 < 2
		k, err := wallet.GenerateKey(net, rng)
		if err != nil {
			t.Fatalf("seed %d: GenerateKey: %v", seed, err)
		}
		k, _ = wallet.NewKey(k.PrivateKey(), net, compressed)
		bk, _ := btcec.PrivKeyFromBytes(crypto.FromECDSA(k.PrivateKey()))
		ref, err := btcutil.NewWIF(bk, btcutilParams(net), compressed)
		if err != nil {
			t.Fatalf("seed %d: btcutil.NewWIF: %v", seed, err)
		}
		if got, want := k.WIF(), ref.String(); got != want {
			t.Fatalf("seed %d: WIF() = %s; want %s (btcutil)", seed, got, want)
		}
		back, err := wallet.ParseWIF(ref.String())
		if err != nil || back.Signer() != k.Signer() || back.Network() != net || back.Compressed() != compressed {
			t.Fatalf("seed %d: ParseWIF(btcutil's %s) = %v, %v; want the same key", seed, ref.String(), back, err)
		}
		want := btcutil.Hash160(crypto.CompressPubkey(&k.PrivateKey().PublicKey))
		if got := k.QtumAccount().Bytes(); !bytes.Equal(got, want) {
			t.Fatalf("seed %d: QtumAccount() = %x; want %x (btcutil.Hash160)", seed, got, want)
		}
	}
}

// checkAgainstBtcutil: ParseWIF accepts exactly what btcutil.DecodeWIF
// accepts for our two networks (keys in range), with the same key and
// compression.
func checkAgainstBtcutil(t *testing.T, s string) {
	t.Helper()
	k, err := wallet.ParseWIF(s)
	// ParseWIF takes a pasted key with white space around it.
	ref, refErr := btcutil.DecodeWIF(strings.TrimSpace(s))
	refOK := refErr == nil && (ref.IsForNet(&chaincfg.TestNet3Params) || ref.IsForNet(&chaincfg.MainNetParams))
	if refOK {
		if _, kerr := crypto.ToECDSA(ref.PrivKey.Serialize()); kerr != nil {
			refOK = false // zero or out of range: btcutil reduces it, we refuse
		}
	}
	if (err == nil) != refOK {
		t.Fatalf("ParseWIF(%q) error %v; btcutil.DecodeWIF error %v (accepted for our networks: %v)", s, err, refErr, refOK)
	}
	if err != nil {
		if refErr != nil && errors.Is(refErr, btcutil.ErrChecksumMismatch) && !errors.Is(err, wallet.ErrBadChecksum) {
			t.Fatalf("ParseWIF(%q) = %v; btcutil says checksum mismatch", s, err)
		}
		return
	}
	if !bytes.Equal(crypto.FromECDSA(k.PrivateKey()), ref.PrivKey.Serialize()) || k.Compressed() != ref.CompressPubKey {
		t.Fatalf("ParseWIF(%q) = key %x compressed %v; btcutil %x compressed %v", s,
			crypto.FromECDSA(k.PrivateKey()), k.Compressed(), ref.PrivKey.Serialize(), ref.CompressPubKey)
	}
}

// TestParseWIFAgreesWithBtcutil runs checkAgainstBtcutil on the seed keys
// and on mangled inputs.
func TestParseWIFAgreesWithBtcutil(t *testing.T) {
	inputs := []string{aliceWIF, bobWIF, deployerWIF, "5HpHagT65TZzG1PH3CSu63k8DbpvD8s5ip4nEB3kEsreAnchuDf",
		mangledFlag(t), wifWithPrefix(0xef, 1, true), wifWithPrefix(0x80, 7, false), wifWithPrefix(0x42, 7, true),
		wifWithPrefix(0xef, 0, true), aliceWIF[:len(aliceWIF)-1] + "2", "", "0OIl"}
	for _, s := range inputs {
		checkAgainstBtcutil(t, s)
	}
}
