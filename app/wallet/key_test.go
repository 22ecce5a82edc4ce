package wallet_test

import (
	"bytes"
	"errors"
	"math/rand"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/wallet"
	"paychan/internal/testkit/seed"
)

// Seed keys (docs/protocol.md section 2). Public test keys, never for real money.
const (
	aliceWIF    = seed.AliceWIF
	bobWIF      = seed.BobWIF
	deployerWIF = seed.DeployerWIF
)

func mustWIF(tb testing.TB, s string) *wallet.Key {
	tb.Helper()
	k, err := wallet.ParseWIF(s)
	if err != nil {
		tb.Fatalf("ParseWIF(%q): %v", s, err)
	}
	return k
}

// TestSeedConstants holds the shared seed constants (internal/testkit/seed,
// used by every other package's tests) to the protocol's vectors, written
// out here.
func TestSeedConstants(t *testing.T) {
	for _, tt := range []struct{ name, got, want string }{
		{"AliceQtum", seed.AliceQtum, "qLn9vqbr2Gx3TsVR9QyTVB5mrMoh4x43Uf"},
		{"AliceSigner", seed.AliceSigner, "0x0CF28703ECc9C7dB28F3d496e41666445b0A4EAF"},
		{"BobQtum", seed.BobQtum, "qUbxboqjBRp96j3La8D1RYkyqx5uQbJPoW"},
		{"BobSigner", seed.BobSigner, "0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47"},
		{"DeployerQtum", seed.DeployerQtum, "qWwbyHadbwKtCTZtTBjwRmv1hW27Bi11bc"},
	} {
		if tt.got != tt.want {
			t.Errorf("seed.%s = %q; want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestParseWIFSeedVectors(t *testing.T) {
	tests := []struct {
		name, wif, qtum, signer string
	}{
		{"Alice", aliceWIF, "qLn9vqbr2Gx3TsVR9QyTVB5mrMoh4x43Uf", "0x0CF28703ECc9C7dB28F3d496e41666445b0A4EAF"},
		{"Bob", bobWIF, "qUbxboqjBRp96j3La8D1RYkyqx5uQbJPoW", "0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47"},
		{"Deployer", deployerWIF, "qWwbyHadbwKtCTZtTBjwRmv1hW27Bi11bc", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := mustWIF(t, tt.wif)
			if got := k.QtumAddress(); got != tt.qtum {
				t.Errorf("QtumAddress() = %s; want %s", got, tt.qtum)
			}
			if tt.signer != "" {
				if got := k.Signer().Hex(); got != tt.signer {
					t.Errorf("Signer() = %s; want %s", got, tt.signer)
				}
			}
			if k.Network() != wallet.Testnet || !k.Compressed() {
				t.Errorf("Network, Compressed = %v, %v; want testnet, true", k.Network(), k.Compressed())
			}
			if got := k.WIF(); got != tt.wif {
				t.Errorf("WIF() = %s; want %s", got, tt.wif)
			}
			a, err := wallet.ParseAddress(tt.qtum)
			if err != nil {
				t.Fatalf("ParseAddress(%s): %v", tt.qtum, err)
			}
			want := wallet.Address{Address: k.QtumAccount(), Kind: wallet.QtumAddress, Network: wallet.Testnet}
			if a != want {
				t.Errorf("ParseAddress(%s) = %+v; want %+v", tt.qtum, a, want)
			}
		})
	}
}

// TestWIFNetworksAndCompression exports the same secret in all four forms and
// checks each imports back to the same key, and that the signer address does
// not depend on the form while the Qtum address depends only on the network.
func TestWIFNetworksAndCompression(t *testing.T) {
	alice := mustWIF(t, aliceWIF)
	forms := []struct {
		net        wallet.Network
		compressed bool
		prefix     string
		qtumPrefix string
	}{
		{wallet.Testnet, true, "c", "q"},
		{wallet.Testnet, false, "9", "q"},
		{wallet.Mainnet, true, "", "Q"}, // K or L
		{wallet.Mainnet, false, "5", "Q"},
	}
	for _, f := range forms {
		k, err := wallet.NewKey(alice.PrivateKey(), f.net, f.compressed)
		if err != nil {
			t.Fatal(err)
		}
		w := k.WIF()
		if f.prefix != "" && w[:1] != f.prefix {
			t.Errorf("%v compressed=%v: WIF %s; want prefix %s", f.net, f.compressed, w, f.prefix)
		}
		if f.prefix == "" && w[0] != 'K' && w[0] != 'L' {
			t.Errorf("%v compressed: WIF %s; want prefix K or L", f.net, w)
		}
		back := mustWIF(t, w)
		if back.Network() != f.net || back.Compressed() != f.compressed {
			t.Errorf("ParseWIF(%s) = %v compressed=%v; want %v %v", w, back.Network(), back.Compressed(), f.net, f.compressed)
		}
		if back.Signer() != alice.Signer() || back.QtumAccount() != alice.QtumAccount() {
			t.Errorf("ParseWIF(%s): signer %s account %s; want %s %s", w, back.Signer(), back.QtumAccount(), alice.Signer(), alice.QtumAccount())
		}
		if q := back.QtumAddress(); q[:1] != f.qtumPrefix {
			t.Errorf("%v: QtumAddress %s; want prefix %s", f.net, q, f.qtumPrefix)
		}
	}
}

// Known vector: the uncompressed mainnet WIF of private key 1 (Bitcoin wiki).
func TestWIFKnownMainnetUncompressed(t *testing.T) {
	k := mustWIF(t, "5HpHagT65TZzG1PH3CSu63k8DbpvD8s5ip4nEB3kEsreAnchuDf")
	if k.Network() != wallet.Mainnet || k.Compressed() {
		t.Fatalf("got %v compressed=%v; want mainnet uncompressed", k.Network(), k.Compressed())
	}
	if got, want := crypto.FromECDSA(k.PrivateKey()), common.LeftPadBytes([]byte{1}, 32); !bytes.Equal(got, want) {
		t.Fatalf("key = %x; want %x", got, want)
	}
	// 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf is the well-known address of key 1.
	if got := k.Signer().Hex(); got != "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf" {
		t.Errorf("Signer() = %s", got)
	}
}

func TestParseWIFErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"empty", "", wallet.ErrEmpty},
		{"spaces", "   ", wallet.ErrEmpty},
		{"not base58", "cRcG1jizfBzHxfwu68aMjhy78CpnzD9gJYZ5ggDbzfYD3EQfGU0Z", wallet.ErrBadEncoding},
		{"wrong checksum", "cRcG1jizfBzHxfwu68aMjhy78CpnzD9gJYZ5ggDbzfYD3EQfGUDa", wallet.ErrBadChecksum},
		{"too short", "cRcG1jizfBzHxfwu68aMjhy78CpnzD9gJYZ5ggDbzfYD3EQ", wallet.ErrBadLength},
		{"too long", aliceWIF + "1111", wallet.ErrBadLength},
		{"address not key", "qLn9vqbr2Gx3TsVR9QyTVB5mrMoh4x43Uf", wallet.ErrBadLength},
		{"bad compression flag", mangledFlag(t), wallet.ErrBadEncoding},
		{"unknown network", wifWithPrefix(0x42, 1, true), wallet.ErrUnknownNetwork},
		{"zero key", wifWithPrefix(0xef, 0, true), wallet.ErrInvalidKey},
		{"garbage", "hello world", wallet.ErrBadEncoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := wallet.ParseWIF(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseWIF(%q) = %v, %v; want error %v", tt.in, k, err, tt.want)
			}
		})
	}
}

func TestParseWIFTrimsSpace(t *testing.T) {
	if k := mustWIF(t, "  "+aliceWIF+"\n"); k.WIF() != aliceWIF {
		t.Fatalf("WIF() = %s", k.WIF())
	}
}

func TestGenerateKey(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	a, err := wallet.GenerateKey(wallet.Testnet, rng)
	if err != nil {
		t.Fatal(err)
	}
	b, err := wallet.GenerateKey(wallet.Testnet, rng)
	if err != nil {
		t.Fatal(err)
	}
	if a.Signer() == b.Signer() {
		t.Fatal("two generated keys are equal")
	}
	if back := mustWIF(t, a.WIF()); back.Signer() != a.Signer() || !back.Compressed() {
		t.Fatalf("WIF round trip: got %s compressed=%v; want %s", back.Signer(), back.Compressed(), a.Signer())
	}
	if _, err := wallet.GenerateKey(wallet.Network(9), rng); !errors.Is(err, wallet.ErrUnknownNetwork) {
		t.Fatalf("GenerateKey(unknown) = %v; want ErrUnknownNetwork", err)
	}
}

func TestParseAddress(t *testing.T) {
	alice := mustWIF(t, aliceWIF)
	mainnetQ, err := wallet.QtumAddressOf(alice.QtumAccount(), wallet.Mainnet)
	if err != nil {
		t.Fatal(err)
	}
	signer := alice.Signer()
	tests := []struct {
		name, in string
		want     wallet.Address
		err      error
	}{
		{"checksummed hex", signer.Hex(), wallet.Address{Address: signer, Kind: wallet.HexAddress}, nil},
		{"lower hex", "0x0cf28703ecc9c7db28f3d496e41666445b0a4eaf", wallet.Address{Address: signer, Kind: wallet.HexAddress}, nil},
		{"upper hex", "0x0CF28703ECC9C7DB28F3D496E41666445B0A4EAF", wallet.Address{Address: signer, Kind: wallet.HexAddress}, nil},
		{"spaces", " " + signer.Hex() + " ", wallet.Address{Address: signer, Kind: wallet.HexAddress}, nil},
		{"qtum testnet", alice.QtumAddress(), wallet.Address{Address: alice.QtumAccount(), Kind: wallet.QtumAddress, Network: wallet.Testnet}, nil},
		{"qtum mainnet", mainnetQ, wallet.Address{Address: alice.QtumAccount(), Kind: wallet.QtumAddress, Network: wallet.Mainnet}, nil},
		{"empty", "", wallet.Address{}, wallet.ErrEmpty},
		{"bad EIP-55", "0x0cF28703ECc9C7dB28F3d496e41666445b0A4EAF", wallet.Address{}, wallet.ErrBadChecksum},
		{"short hex", "0x0CF28703ECc9C7dB28F3d496e41666445b0A4E", wallet.Address{}, wallet.ErrBadLength},
		{"long hex", "0x0CF28703ECc9C7dB28F3d496e41666445b0A4EAF00", wallet.Address{}, wallet.ErrBadLength},
		{"not hex", "0xZZF28703ECc9C7dB28F3d496e41666445b0A4EAF", wallet.Address{}, wallet.ErrBadEncoding},
		{"qtum checksum", "qLn9vqbr2Gx3TsVR9QyTVB5mrMoh4x43Ug", wallet.Address{}, wallet.ErrBadChecksum},
		{"qtum short", "qLn9vqbr2Gx3TsVR9QyTVB5mrMoh4x", wallet.Address{}, wallet.ErrBadLength},
		{"bitcoin address", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", wallet.Address{}, wallet.ErrUnknownNetwork},
		{"WIF not address", aliceWIF, wallet.Address{}, wallet.ErrBadLength},
		{"garbage", "alice@example.com", wallet.Address{}, wallet.ErrBadEncoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := wallet.ParseAddress(tt.in)
			if tt.err != nil {
				if !errors.Is(err, tt.err) || !errors.Is(err, wallet.ErrBadAddress) {
					t.Fatalf("ParseAddress(%q) = %+v, %v; want errors %v and ErrBadAddress", tt.in, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseAddress(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}
