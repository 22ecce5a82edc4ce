package relayproto_test

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/go-cmp/cmp"

	"paychan/app/relayproto"
)

var bob = common.HexToAddress("0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47")

func TestRoundTrip(t *testing.T) {
	nonce := "0x" + strings.Repeat("5a", relayproto.NonceBytes)
	sig := "0x" + strings.Repeat("01", 64) + "1b"
	frames := []relayproto.Frame{
		{Type: relayproto.TypeChallenge, Host: "localhost:8080", Challenge: nonce},
		{Type: relayproto.TypeAuth, Challenge: nonce, Address: &bob, Signature: sig},
		{Type: relayproto.TypeReady, Address: &bob},
		{Type: relayproto.TypeSend, To: &bob, ID: "m-1", Payload: []byte(`{"kind":"pay"}`)},
		{Type: relayproto.TypeSend, To: &bob, ID: "m-2"},
		{Type: relayproto.TypeStored, ID: "m-1", Seq: 7, Duplicate: true},
		{Type: relayproto.TypeDeliver, From: &bob, Seq: 7, ID: "m-1", Payload: []byte{0, 1, 2}},
		{Type: relayproto.TypeAck, Seq: 7},
		{Type: relayproto.TypeError, Code: relayproto.CodeMailboxFull, Message: "full", ID: "m-1"},
		{Type: relayproto.TypeLookup, ID: "k-1", Address: &bob},
		{Type: relayproto.TypeKey, ID: "k-1", Address: &bob, Payload: append([]byte{2}, make([]byte, 32)...)},
	}
	for _, f := range frames {
		b, err := relayproto.Encode(f)
		if err != nil {
			t.Fatalf("Encode(%+v): %v", f, err)
		}
		got, err := relayproto.Decode(b, 1<<16)
		if err != nil {
			t.Fatalf("Decode(%s): %v", b, err)
		}
		f.V = relayproto.Version
		if diff := cmp.Diff(f, got); diff != "" {
			t.Errorf("Decode(Encode(%s)) (-want +got):\n%s", f.Type, diff)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	tests := []struct {
		name, in, code string
	}{
		{"too large", `{"v":1,"type":"ack","seq":1}` + strings.Repeat(" ", 100), relayproto.CodeTooLarge},
		{"unknown field", `{"v":1,"type":"ack","seq":1,"x":1}`, relayproto.CodeBadFrame},
		{"two objects", `{"v":1,"type":"ack","seq":1}{"v":1}`, relayproto.CodeBadFrame},
		{"null", `null`, relayproto.CodeUnsupported},
		{"wrong version", `{"v":0,"type":"ack","seq":1}`, relayproto.CodeUnsupported},
		{"missing type", `{"v":1}`, relayproto.CodeUnsupported},
		{"field of another type", `{"v":1,"type":"ack","seq":1,"host":"h"}`, relayproto.CodeBadFrame},
		{"lookup without id", `{"v":1,"type":"lookup","address":"0x6fd56e72373a34ba39bf4167af82e7a411bfed47"}`, relayproto.CodeBadFrame},
		{"key of 32 bytes", `{"v":1,"type":"key","id":"k","address":"0x6fd56e72373a34ba39bf4167af82e7a411bfed47","payload":"` + strings.Repeat("A", 43) + `="}`, relayproto.CodeBadFrame},
		{"uncompressed key", `{"v":1,"type":"key","id":"k","address":"0x6fd56e72373a34ba39bf4167af82e7a411bfed47","payload":"BA` + strings.Repeat("A", 42) + `"}`, relayproto.CodeBadFrame},
		{"short challenge", `{"v":1,"type":"challenge","host":"h","challenge":"0x00"}`, relayproto.CodeBadFrame},
		{"challenge without 0x", `{"v":1,"type":"challenge","host":"h","challenge":"` + strings.Repeat("00", 32) + `"}`, relayproto.CodeBadFrame},
		{"bad recovery id", `{"v":1,"type":"auth","challenge":"0x` + strings.Repeat("00", 32) + `","address":"` + bob.Hex() + `","signature":"0x` + strings.Repeat("00", 64) + `05"}`, relayproto.CodeBadFrame},
		{"string seq", `{"v":1,"type":"ack","seq":"1"}`, relayproto.CodeBadFrame},
	}
	for _, tt := range tests {
		limit := 400
		if tt.code == relayproto.CodeTooLarge {
			limit = 100
		}
		_, err := relayproto.Decode([]byte(tt.in), limit)
		var pe *relayproto.Error
		if !errors.As(err, &pe) || pe.Code != tt.code {
			t.Errorf("%s: Decode(%q) = %v; want a %s error", tt.name, tt.in, err, tt.code)
		}
	}
}

func TestRecoverLogin(t *testing.T) {
	key, _ := crypto.ToECDSA(crypto.Keccak256([]byte("alice")))
	alice := crypto.PubkeyToAddress(key.PublicKey)
	challenge := "0x" + strings.Repeat("ab", 32)
	text := relayproto.LoginText("relay.example", challenge)
	if want := "paychan relay login\nhost: relay.example\nchallenge: " + challenge; text != want {
		t.Errorf("LoginText = %q; want %q", text, want)
	}
	sig, err := crypto.Sign(relayproto.TextHash([]byte(text)), key)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []byte{0, 27} { // both conventions of the recovery id
		s := append([]byte(nil), sig...)
		s[64] += v
		got, err := relayproto.RecoverLogin("relay.example", challenge, "0x"+hex.EncodeToString(s))
		if err != nil || got != alice {
			t.Errorf("RecoverLogin (v+%d) = %s, %v; want %s", v, got.Hex(), err, alice.Hex())
		}
	}
	if got, _ := relayproto.RecoverLogin("other.example", challenge, "0x"+hex.EncodeToString(sig)); got == alice {
		t.Errorf("a signature for relay.example recovers Alice for other.example")
	}
}

// FuzzDecode checks that Decode never panics, that whatever it accepts is
// valid and survives a re-encoding unchanged, and that errors carry a code.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"v":1,"type":"challenge","host":"localhost:8080","challenge":"0x` + strings.Repeat("5a", 32) + `"}`,
		`{"v":1,"type":"auth","challenge":"0x` + strings.Repeat("5a", 32) + `","address":"` + bob.Hex() + `","signature":"0x` + strings.Repeat("01", 64) + `1c"}`,
		`{"v":1,"type":"send","to":"` + bob.Hex() + `","id":"m1","payload":"aGVsbG8="}`,
		`{"v":1,"type":"deliver","from":"` + bob.Hex() + `","seq":3,"id":"m1","payload":"aGVsbG8="}`,
		`{"v":1,"type":"ack","seq":18446744073709551615}`,
		`{"v":1,"type":"error","code":"bad_frame","message":"x","id":"m1"}`,
		`{"v":1,"type":"stored","id":"m1","seq":1,"duplicate":true}`,
		`{"v":1,"type":"ready","address":"` + bob.Hex() + `"}`,
		`{"v":1,"type":"send","to":"` + bob.Hex() + `","id":"m1","payload":"aGVsbG8="}x`,
		`{"v":1,"TYPE":"ack","Seq":1}`,
		`{"v":1,"type":"ack","seq":1,"seq":2}`,
		`[]`, `"x"`, `{}`, ``, `{"v":1e3}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := relayproto.Decode(data, 4096)
		if err != nil {
			var pe *relayproto.Error
			if !errors.As(err, &pe) || pe.Code == "" || pe.Msg == "" {
				t.Fatalf("Decode(%q) error %v without a code and message", data, err)
			}
			if pe.ID != "" && !relayproto.ValidID(pe.ID) {
				t.Fatalf("Decode(%q) error carries invalid id %q", data, pe.ID)
			}
			return
		}
		if err := fr.Validate(); err != nil {
			t.Fatalf("Decode(%q) accepted an invalid frame: %v", data, err)
		}
		b, err := relayproto.Encode(fr)
		if err != nil {
			t.Fatalf("Encode(%+v): %v", fr, err)
		}
		again, err := relayproto.Decode(b, 1<<20)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		if diff := cmp.Diff(fr, again); diff != "" {
			t.Fatalf("Decode(Encode(Decode(%q))) differs (-first +second):\n%s", data, diff)
		}
	})
}
