package channel_test

import (
	"bytes"
	"crypto/ecdsa"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"

	"paychan/app/channel"
	"paychan/app/wallet"
	"paychan/internal/testkit/seed"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// Seed keys (docs/protocol.md section 2).
const (
	aliceWIF = seed.AliceWIF
	bobWIF   = seed.BobWIF
	// Mallory is a key that is party to nothing.
	malloryHex = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
)

func mustKey(tb testing.TB, wif string) *ecdsa.PrivateKey {
	tb.Helper()
	k, err := wallet.ParseWIF(wif)
	if err != nil {
		tb.Fatal(err)
	}
	return k.PrivateKey()
}

func mustMallory(tb testing.TB) *ecdsa.PrivateKey {
	tb.Helper()
	k, err := crypto.HexToECDSA(malloryHex)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// goldenDomain is the first contract deployed by a fresh account on chain 1337.
var goldenDomain = channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}

func b(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 0)
	if !ok {
		panic("bad big int " + s)
	}
	return v
}

var maxU256 = math.MaxBig256

// digestCases is shared by the golden, apitypes and contract tests.
var paymentCases = []struct{ id, paid *big.Int }{
	{b("1"), b("0")},
	{b("1"), b("1")},
	{b("1"), b("1000000000000000000")},
	{b("2"), b("12345678901234567890123")},
	{b("0x7fffffffffffffff"), b("79228162514264337593543950335")}, // 2^96-1
	{maxU256, maxU256},
}

var closeCases = []struct{ id, alice, bob *big.Int }{
	{b("1"), b("0"), b("0")},
	{b("1"), b("5"), b("3")},
	{b("3"), b("1000000000000000000"), b("2500000000000000000")},
	{maxU256, maxU256, b("0")},
}

func apitypesHash(tb testing.TB, d channel.Domain, primary string, msg apitypes.TypedDataMessage) common.Hash {
	tb.Helper()
	td := apitypes.TypedData{
		Types: apitypes.Types{
			"EIP712Domain": {
				{Name: "name", Type: "string"}, {Name: "version", Type: "string"},
				{Name: "chainId", Type: "uint256"}, {Name: "verifyingContract", Type: "address"},
			},
			"Payment": {{Name: "channelId", Type: "uint256"}, {Name: "paid", Type: "uint256"}},
			"Close":   {{Name: "channelId", Type: "uint256"}, {Name: "alicePaid", Type: "uint256"}, {Name: "bobPaid", Type: "uint256"}},
		},
		PrimaryType: primary,
		Domain: apitypes.TypedDataDomain{
			Name: channel.DomainName, Version: channel.DomainVersion,
			ChainId:           (*math.HexOrDecimal256)(new(big.Int).SetUint64(d.ChainID)),
			VerifyingContract: d.Contract.Hex(),
		},
		Message: msg,
	}
	h, _, err := apitypes.TypedDataAndHash(td)
	if err != nil {
		tb.Fatalf("apitypes: %v", err)
	}
	return common.BytesToHash(h)
}

func TestDigestsMatchApitypes(t *testing.T) {
	domains := []channel.Domain{goldenDomain, {ChainID: 1, Contract: common.HexToAddress("0xffffffffffffffffffffffffffffffffffffffff")}}
	for _, d := range domains {
		for _, c := range paymentCases {
			got, err := d.PaymentDigest(c.id, c.paid)
			if err != nil {
				t.Fatal(err)
			}
			want := apitypesHash(t, d, "Payment", apitypes.TypedDataMessage{"channelId": c.id.String(), "paid": c.paid.String()})
			if got != want {
				t.Errorf("%+v PaymentDigest(%v, %v) = %s; apitypes %s", d, c.id, c.paid, got, want)
			}
		}
		for _, c := range closeCases {
			got, err := d.CloseDigest(c.id, c.alice, c.bob)
			if err != nil {
				t.Fatal(err)
			}
			want := apitypesHash(t, d, "Close", apitypes.TypedDataMessage{"channelId": c.id.String(), "alicePaid": c.alice.String(), "bobPaid": c.bob.String()})
			if got != want {
				t.Errorf("%+v CloseDigest(%v, %v, %v) = %s; apitypes %s", d, c.id, c.alice, c.bob, got, want)
			}
		}
	}
}

func TestDigestOutOfRange(t *testing.T) {
	tooBig := new(big.Int).Lsh(big.NewInt(1), 256)
	for _, v := range []*big.Int{nil, big.NewInt(-1), tooBig} {
		if _, err := goldenDomain.PaymentDigest(big.NewInt(1), v); !errors.Is(err, channel.ErrOutOfRange) {
			t.Errorf("PaymentDigest(1, %v) = %v; want ErrOutOfRange", v, err)
		}
		if _, err := goldenDomain.CloseDigest(v, big.NewInt(1), big.NewInt(1)); !errors.Is(err, channel.ErrOutOfRange) {
			t.Errorf("CloseDigest(%v, 1, 1) = %v; want ErrOutOfRange", v, err)
		}
	}
}

// TestGolden pins digests and the seed keys' signatures; run with -update
// after a deliberate change of encoding (which would break every client).
func TestGolden(t *testing.T) {
	alice, bob := mustKey(t, aliceWIF), mustKey(t, bobWIF)
	var out bytes.Buffer
	fmt.Fprintf(&out, "# EIP-712 digests and signatures (Alice %s, Bob %s)\n", crypto.PubkeyToAddress(alice.PublicKey).Hex(), crypto.PubkeyToAddress(bob.PublicKey).Hex())
	fmt.Fprintf(&out, "domain chainId=%d contract=%s separator=%s\n", goldenDomain.ChainID, goldenDomain.Contract.Hex(), goldenDomain.Separator().Hex())
	sign := func(d common.Hash, k *ecdsa.PrivateKey) channel.Signature {
		s, err := channel.Sign(d, k)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Verify(d, crypto.PubkeyToAddress(k.PublicKey)); err != nil {
			t.Fatalf("own signature does not verify: %v", err)
		}
		return s
	}
	for _, c := range paymentCases {
		d, _ := goldenDomain.PaymentDigest(c.id, c.paid)
		fmt.Fprintf(&out, "payment channelId=%v paid=%v digest=%s\n  alice=%s\n  bob=%s\n", c.id, c.paid, d.Hex(), sign(d, alice), sign(d, bob))
	}
	for _, c := range closeCases {
		d, _ := goldenDomain.CloseDigest(c.id, c.alice, c.bob)
		fmt.Fprintf(&out, "close channelId=%v alicePaid=%v bobPaid=%v digest=%s\n  alice=%s\n  bob=%s\n", c.id, c.alice, c.bob, d.Hex(), sign(d, alice), sign(d, bob))
	}
	golden := filepath.Join("testdata", "eip712.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update once)", err)
	}
	if got := out.String(); got != string(want) {
		t.Errorf("EIP-712 output differs from %s:\n%s", golden, lineDiff(string(want), got))
	}
}

func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var sb strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			fmt.Fprintf(&sb, "line %d\n-%s\n+%s\n", i+1, a, c)
		}
	}
	return sb.String()
}

func TestSignatureChecks(t *testing.T) {
	alice := mustKey(t, aliceWIF)
	aliceAddr := crypto.PubkeyToAddress(alice.PublicKey)
	d, _ := goldenDomain.PaymentDigest(big.NewInt(1), big.NewInt(10))
	good, err := channel.Sign(d, alice)
	if err != nil {
		t.Fatal(err)
	}
	if good[64] != 27 && good[64] != 28 {
		t.Fatalf("v = %d", good[64])
	}
	// The malleable twin: s' = n - s, v flipped. Same signer, must be rejected.
	high := good
	s := new(big.Int).SetBytes(good[32:64])
	copy(high[32:64], math.PaddedBigBytes(new(big.Int).Sub(crypto.S256().Params().N, s), 32))
	high[64] = 55 - high[64] // 27 <-> 28
	v01 := good
	v01[64] -= 27
	zeroR := good
	copy(zeroR[:32], make([]byte, 32))
	other, _ := goldenDomain.PaymentDigest(big.NewInt(1), big.NewInt(11))

	tests := []struct {
		name   string
		sig    channel.Signature
		digest common.Hash
		want   error
	}{
		{"good", good, d, nil},
		{"high s", high, d, channel.ErrSigHighS},
		{"v 0/1", v01, d, channel.ErrSigV},
		{"zero r", zeroR, d, channel.ErrSigInvalid},
		{"zero", channel.Signature{}, d, channel.ErrSigV},
		{"other digest", good, other, channel.ErrWrongSigner},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.sig.Verify(tt.digest, aliceAddr)
			if !errors.Is(err, tt.want) && !(tt.want == nil && err == nil) {
				t.Fatalf("Verify = %v; want %v", err, tt.want)
			}
		})
	}
}

func TestSignatureText(t *testing.T) {
	d, _ := goldenDomain.PaymentDigest(big.NewInt(1), big.NewInt(10))
	sig, _ := channel.Sign(d, mustKey(t, aliceWIF))
	txt, _ := sig.MarshalText()
	var back channel.Signature
	if err := back.UnmarshalText(txt); err != nil || back != sig {
		t.Fatalf("round trip: %v %v", back, err)
	}
	for _, bad := range []string{"", "0x", sig.String()[2:], sig.String() + "00", "0x" + strings.Repeat("zz", 65)} {
		if _, err := channel.ParseSignature(bad); err == nil {
			t.Errorf("ParseSignature(%q) accepted", bad)
		}
	}
	if _, err := channel.SignatureFromBytes(make([]byte, 64)); !errors.Is(err, channel.ErrSigLength) {
		t.Errorf("SignatureFromBytes(64 bytes) = %v", err)
	}
}
