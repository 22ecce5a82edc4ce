package seal_test

import (
	"bytes"
	"crypto/ecdsa"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/seal"
)

// Named actors with fixed keys.
var (
	alice   = mustKey("8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f")
	bob     = mustKey("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	mallory = mustKey("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
)

func mustKey(h string) *ecdsa.PrivateKey {
	k, err := crypto.HexToECDSA(h)
	if err != nil {
		panic(err)
	}
	return k
}

type party struct {
	eth  *ecdsa.PrivateKey
	priv *seal.Key
}

func p(k *ecdsa.PrivateKey) party { return party{k, seal.NewKey(k)} }

func ctx(from, to party, id string) seal.Context {
	return seal.Context{From: crypto.PubkeyToAddress(from.eth.PublicKey), To: crypto.PubkeyToAddress(to.eth.PublicKey), ID: id}
}

func mustSeal(tb testing.TB, from, to party, id string, pt []byte) []byte {
	tb.Helper()
	b, err := seal.Seal(nil, from.priv, from.priv.Agree(to.priv.Public()), to.priv.Public(), ctx(from, to, id), pt)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func open(to party, c seal.Context, b []byte) ([]byte, error) {
	return seal.Open(to.priv, nil, func(s *secp256k1.PublicKey) seal.Shared { return to.priv.Agree(s) }, c, b)
}

func TestRoundTrip(t *testing.T) {
	a, b := p(alice), p(bob)
	pt := []byte(`{"v":1,"type":"ack","body":{}}`)
	sealed := mustSeal(t, a, b, "m1", pt)
	if len(sealed) != seal.Overhead+len(pt) {
		t.Errorf("len = %d; want %d", len(sealed), seal.Overhead+len(pt))
	}
	if bytes.Contains(sealed, pt[:8]) {
		t.Errorf("sealed message contains the plaintext")
	}
	got, err := open(b, ctx(a, b, "m1"), sealed)
	if err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("open = %q, %v; want %q", got, err, pt)
	}
	// Two seals of one plaintext differ (fresh ephemeral key).
	if bytes.Equal(sealed, mustSeal(t, a, b, "m1", pt)) {
		t.Errorf("two seals are equal")
	}
}

// TestRefused: tampered, truncated, replayed (under another id), misdirected
// and forged messages are refused with their own error.
func TestRefused(t *testing.T) {
	a, b, m := p(alice), p(bob), p(mallory)
	pt := []byte("payment 123456789")
	sealed := mustSeal(t, a, b, "m1", pt)
	// Mallory seals to Bob claiming to be Alice: she puts her own key in
	// the header (wrong sender) or Alice's key (does not open).
	forged := mustSeal(t, m, b, "m1", pt)
	copy(forged[1+seal.KeyLen:], crypto.CompressPubkey(&a.eth.PublicKey))
	tests := []struct {
		name string
		to   party
		c    seal.Context
		b    []byte
		want error
	}{
		{"truncated header", b, ctx(a, b, "m1"), sealed[:40], seal.ErrLength},
		{"truncated tag", b, ctx(a, b, "m1"), sealed[:len(sealed)-1], seal.ErrOpen},
		{"trailing byte", b, ctx(a, b, "m1"), append(append([]byte{}, sealed...), 0), seal.ErrOpen},
		{"replayed under another id", b, ctx(a, b, "m2"), sealed, seal.ErrOpen},
		{"misdirected to Mallory", m, seal.Context{From: ctx(a, b, "").From, To: ctx(a, m, "").To, ID: "m1"}, sealed, seal.ErrOpen},
		{"relay names another sender", b, ctx(m, b, "m1"), sealed, seal.ErrWrongSender},
		{"forged by Mallory as Alice", b, ctx(a, b, "m1"), forged, seal.ErrOpen},
		{"clear v1", b, ctx(a, b, "m1"), []byte(`{"v":1}`), seal.ErrNotSealed},
		{"unknown version", b, ctx(a, b, "m1"), append([]byte{3}, sealed[1:]...), seal.ErrVersion},
		{"empty", b, ctx(a, b, "m1"), nil, seal.ErrNotSealed},
		{"too large", b, ctx(a, b, "m1"), append(append([]byte{}, sealed...), make([]byte, seal.MaxSize)...), seal.ErrLength},
	}
	for _, tt := range tests {
		_, err := open(tt.to, tt.c, tt.b)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: open = %v; want %v", tt.name, err, tt.want)
		}
	}
	// Every single-bit flip is refused.
	for i := range sealed {
		for bit := range 8 {
			c := append([]byte{}, sealed...)
			c[i] ^= 1 << bit
			if _, err := open(b, ctx(a, b, "m1"), c); err == nil {
				t.Fatalf("flip of byte %d bit %d opened", i, bit)
			}
		}
	}
}

func TestSealLimits(t *testing.T) {
	a, b := p(alice), p(bob)
	if _, err := seal.Seal(nil, a.priv, seal.Shared{}, b.priv.Public(), ctx(a, b, "x"), make([]byte, seal.MaxPlaintext+1)); !errors.Is(err, seal.ErrLength) {
		t.Errorf("oversize Seal = %v; want ErrLength", err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	pt := make([]byte, seal.MaxPlaintext)
	for i := range pt {
		pt[i] = byte(r.Uint32())
	}
	got, err := open(b, ctx(a, b, "x"), mustSeal(t, a, b, "x", pt))
	if err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("max-size round trip: %v", err)
	}
}

// FuzzDecode: Decode and Open never panic, and nothing but the seeds as
// sealed opens.
func FuzzDecode(f *testing.F) {
	a, b := p(alice), p(bob)
	// A deterministic ephemeral key: every fuzz worker builds the same seed.
	good, err := seal.Seal(rand.NewChaCha8([32]byte{1}), a.priv, a.priv.Agree(b.priv.Public()), b.priv.Public(), ctx(a, b, "m1"), []byte("hello"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:seal.Overhead])
	f.Add([]byte(`{"v":1}`))
	f.Add([]byte{2})
	f.Fuzz(func(t *testing.T, data []byte) {
		env, err := seal.Decode(data)
		if err != nil {
			if env.Sender != nil || env.Ciphertext != nil {
				t.Fatalf("Decode error %v with a non-empty envelope", err)
			}
		} else if len(env.Ciphertext) < seal.TagLen || len(data) > seal.MaxSize {
			t.Fatalf("Decode accepted %d bytes with a %d-byte ciphertext", len(data), len(env.Ciphertext))
		}
		pt, err := open(b, ctx(a, b, "m1"), data)
		if err == nil && !bytes.Equal(data, good) {
			t.Fatalf("a fuzzed message opened: %q", pt)
		}
	})
}

func BenchmarkSeal(b *testing.B) {
	a, bob := p(alice), p(bob)
	ss := a.priv.Agree(bob.priv.Public())
	pt := make([]byte, 280)
	c := ctx(a, bob, "m1")
	for b.Loop() {
		if _, err := seal.Seal(nil, a.priv, ss, bob.priv.Public(), c, pt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	a, bb := p(alice), p(bob)
	ss := a.priv.Agree(bb.priv.Public())
	m := mustSeal(b, a, bb, "m1", make([]byte, 280))
	c := ctx(a, bb, "m1")
	for b.Loop() {
		if _, err := seal.Open(bb.priv, &seal.Peer{Key: crypto.CompressPubkey(&alice.PublicKey), Shared: ss}, nil, c, m); err != nil {
			b.Fatal(err)
		}
	}
}

// TestOpenKnownPeer: with the sender's verified key given, a message under
// it opens without parsing it again; a message under another key falls
// back to the full checks (and is refused when the relay names the wrong
// sender).
func TestOpenKnownPeer(t *testing.T) {
	a, b, m := p(alice), p(bob), p(mallory)
	known := &seal.Peer{Key: crypto.CompressPubkey(&alice.PublicKey), Shared: b.priv.Agree(a.priv.Public())}
	msg := mustSeal(t, a, b, "m1", []byte("hi"))
	if got, err := seal.Open(b.priv, known, nil, ctx(a, b, "m1"), msg); err != nil || string(got) != "hi" {
		t.Fatalf("Open with the known peer = %q, %v", got, err)
	}
	forged := mustSeal(t, m, b, "m1", []byte("hi"))
	shared := func(s *secp256k1.PublicKey) seal.Shared { return b.priv.Agree(s) }
	if _, err := seal.Open(b.priv, known, shared, ctx(a, b, "m1"), forged); !errors.Is(err, seal.ErrWrongSender) {
		t.Errorf("Mallory's message as Alice's = %v; want ErrWrongSender", err)
	}
	tampered := append([]byte{}, msg...)
	tampered[len(tampered)-1] ^= 1
	if _, err := seal.Open(b.priv, known, nil, ctx(a, b, "m1"), tampered); !errors.Is(err, seal.ErrOpen) {
		t.Errorf("tampered with the known peer = %v; want ErrOpen", err)
	}
}

// TestEphemeralAhead: a message sealed with an ephemeral key made ahead is
// the message Seal makes from the same randomness, opens, and the key
// seals that one message only, to the recipient it was made for.
func TestEphemeralAhead(t *testing.T) {
	a, b, m := p(alice), p(bob), p(mallory)
	ss := a.priv.Agree(b.priv.Public())
	pt := []byte(`{"v":1,"type":"pay"}`)
	randomness := bytes.Repeat([]byte{7}, 32)
	want, err := seal.Seal(bytes.NewReader(randomness), a.priv, ss, b.priv.Public(), ctx(a, b, "m1"), pt)
	if err != nil {
		t.Fatal(err)
	}
	e, err := seal.NewEphemeral(bytes.NewReader(randomness), b.priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	if !e.For(b.priv.Public()) || e.For(m.priv.Public()) {
		t.Error("For does not name the recipient the key was made for")
	}
	// Another recipient's message is refused, and does not use it up.
	if _, err := seal.SealWith(e, a.priv, a.priv.Agree(m.priv.Public()), m.priv.Public(), ctx(a, m, "m1"), pt); err == nil {
		t.Error("an ephemeral key made for Bob sealed a message to Mallory")
	}
	got, err := seal.SealWith(e, a.priv, ss, b.priv.Public(), ctx(a, b, "m1"), pt)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("SealWith differs from Seal with the same randomness")
	}
	if opened, err := open(b, ctx(a, b, "m1"), got); err != nil || !bytes.Equal(opened, pt) {
		t.Fatalf("open = %q, %v", opened, err)
	}
	if _, err := seal.SealWith(e, a.priv, ss, b.priv.Public(), ctx(a, b, "m2"), pt); !errors.Is(err, seal.ErrEphemeralUsed) {
		t.Errorf("a second SealWith with one ephemeral key = %v; want ErrEphemeralUsed", err)
	}
	if _, err := seal.SealWith(nil, a.priv, ss, b.priv.Public(), ctx(a, b, "m2"), pt); err == nil {
		t.Error("SealWith without an ephemeral key sealed")
	}
}
