package wallet_test

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	mrand "math/rand"
	"testing"

	"paychan/app/wallet"
)

// cheap parameters keep the tests fast; BenchmarkSeal measures the defaults.
var cheap = wallet.ScryptParams{N: 1 << 10, R: 8, P: 1}

func mustSeal(tb testing.TB, plaintext, pass []byte) []byte {
	tb.Helper()
	sealed, err := wallet.SealWith(plaintext, pass, cheap, rand.Reader)
	if err != nil {
		tb.Fatalf("SealWith: %v", err)
	}
	return sealed
}

func TestSealOpenRoundTrip(t *testing.T) {
	for _, pt := range [][]byte{{}, []byte(aliceWIF), bytes.Repeat([]byte{7}, 10000)} {
		sealed := mustSeal(t, pt, []byte("correct horse"))
		got, err := wallet.Open(sealed, []byte("correct horse"))
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("Open = %q, %v; want %q", got, err, pt)
		}
	}
}

func TestSealDefaultParams(t *testing.T) {
	sealed, err := wallet.Seal([]byte("secret"), []byte("pw"), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var hdr struct{ V, N, R, P int }
	if err := json.Unmarshal(sealed, &hdr); err != nil {
		t.Fatal(err)
	}
	if hdr.V != 1 || hdr.N != wallet.DefaultScryptN || hdr.R != wallet.DefaultScryptR || hdr.P != wallet.DefaultScryptP {
		t.Fatalf("header %+v; want v1 with default params", hdr)
	}
	if got, err := wallet.Open(sealed, []byte("pw")); err != nil || string(got) != "secret" {
		t.Fatalf("Open = %q, %v", got, err)
	}
}

func TestSealFreshSaltAndNonce(t *testing.T) {
	a, b := mustSeal(t, []byte("x"), []byte("pw")), mustSeal(t, []byte("x"), []byte("pw"))
	if bytes.Equal(a, b) {
		t.Fatal("two seals of the same input are equal")
	}
}

// edit returns sealed with one JSON field changed by f.
func edit(tb testing.TB, sealed []byte, f func(m map[string]any)) []byte {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal(sealed, &m); err != nil {
		tb.Fatal(err)
	}
	f(m)
	out, err := json.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// flip flips one bit of a base64 []byte field.
func flip(tb testing.TB, sealed []byte, field string, i int) []byte {
	tb.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(sealed, &m); err != nil {
		tb.Fatal(err)
	}
	var b []byte
	if err := json.Unmarshal(m[field], &b); err != nil {
		tb.Fatal(err)
	}
	b[i%len(b)] ^= 1
	m[field], _ = json.Marshal(b)
	out, _ := json.Marshal(m)
	return out
}

func TestOpenErrors(t *testing.T) {
	pass := []byte("correct horse")
	sealed := mustSeal(t, []byte(aliceWIF), pass)
	tests := []struct {
		name   string
		sealed []byte
		pass   []byte
		want   error
	}{
		{"wrong passphrase", sealed, []byte("battery staple"), wallet.ErrWrongPassphrase},
		{"empty passphrase", sealed, nil, wallet.ErrWrongPassphrase},
		{"ciphertext bit", flip(t, sealed, "ct", 3), pass, wallet.ErrTampered},
		{"tag bit", flip(t, sealed, "ct", -1+len(aliceWIF)+16), pass, wallet.ErrTampered},
		{"nonce bit", flip(t, sealed, "nonce", 0), pass, wallet.ErrTampered},
		{"salt bit", flip(t, sealed, "salt", 0), pass, wallet.ErrWrongPassphrase},
		{"check bit", flip(t, sealed, "check", 0), pass, wallet.ErrWrongPassphrase},
		{"truncated ct", edit(t, sealed, func(m map[string]any) { m["ct"] = "AAAA" }), pass, wallet.ErrBadEnvelope},
		{"version", edit(t, sealed, func(m map[string]any) { m["v"] = 2 }), pass, wallet.ErrBadEnvelope},
		{"kdf", edit(t, sealed, func(m map[string]any) { m["kdf"] = "pbkdf2" }), pass, wallet.ErrBadEnvelope},
		{"huge N", edit(t, sealed, func(m map[string]any) { m["n"] = 1 << 30 }), pass, wallet.ErrBadEnvelope},
		{"N not power of two", edit(t, sealed, func(m map[string]any) { m["n"] = 1000 }), pass, wallet.ErrBadEnvelope},
		{"unknown field", edit(t, sealed, func(m map[string]any) { m["x"] = 1 }), pass, wallet.ErrBadEnvelope},
		{"missing salt", edit(t, sealed, func(m map[string]any) { delete(m, "salt") }), pass, wallet.ErrBadEnvelope},
		{"not json", []byte("hello"), pass, wallet.ErrBadEnvelope},
		{"trailing", append(append([]byte{}, sealed...), []byte(" {}")...), pass, wallet.ErrBadEnvelope},
		{"empty", nil, pass, wallet.ErrBadEnvelope},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := wallet.Open(tt.sealed, tt.pass)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open = %q, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// TestOpenTamperedHeader changes r: the derived key changes, which reads as
// a wrong passphrase (the header is also GCM additional data).
func TestOpenTamperedHeader(t *testing.T) {
	sealed := mustSeal(t, []byte("x"), []byte("pw"))
	bad := edit(t, sealed, func(m map[string]any) { m["r"] = 4 })
	if _, err := wallet.Open(bad, []byte("pw")); !errors.Is(err, wallet.ErrWrongPassphrase) {
		t.Fatalf("Open = %v; want ErrWrongPassphrase", err)
	}
}

func TestSealErrors(t *testing.T) {
	if _, err := wallet.SealWith([]byte("x"), nil, cheap, rand.Reader); !errors.Is(err, wallet.ErrEmptyPassphrase) {
		t.Errorf("empty passphrase: %v", err)
	}
	if _, err := wallet.SealWith([]byte("x"), []byte("pw"), wallet.ScryptParams{N: 3, R: 8, P: 1}, rand.Reader); err == nil {
		t.Errorf("bad N accepted")
	}
	if _, err := wallet.SealWith([]byte("x"), []byte("pw"), cheap, bytes.NewReader(nil)); err == nil {
		t.Errorf("failing random accepted")
	}
}

// BenchmarkSeal measures the default parameters (one key derivation per
// op). Open costs the same. Run with: go test -bench Seal ./app/wallet/
func BenchmarkSeal(b *testing.B) {
	rng := mrand.New(mrand.NewSource(1))
	for b.Loop() {
		if _, err := wallet.Seal([]byte(aliceWIF), []byte("correct horse"), rng); err != nil {
			b.Fatal(err)
		}
	}
}
