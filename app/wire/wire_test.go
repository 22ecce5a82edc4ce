package wire_test

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
	"paychan/app/wire"
)

var (
	testID = channel.ID{Domain: channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}, Channel: 7}
	cmpBig = cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 })
)

func mustSig(tb testing.TB) channel.Signature {
	tb.Helper()
	k, err := crypto.HexToECDSA("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	if err != nil {
		tb.Fatal(err)
	}
	d, _ := testID.PaymentDigest(big.NewInt(5))
	s, err := channel.Sign(d, k)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestRoundTrip(t *testing.T) {
	sig := mustSig(t)
	big1 := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	for _, m := range []channel.Message{
		channel.Payment{ID: testID, Paid: big.NewInt(5), Sig: sig},
		channel.Payment{ID: testID, Paid: big1, Sig: sig},
		channel.Ack{ID: testID, Received: big.NewInt(0)},
		channel.CloseProposal{ID: testID, AlicePaid: big.NewInt(1), BobPaid: big.NewInt(0), Sig: sig},
		channel.CloseSignature{ID: testID, AlicePaid: big.NewInt(1), BobPaid: big.NewInt(2), Sig: sig},
		channel.Sync{ID: testID, Paid: big.NewInt(3), Sig: sig, Received: big.NewInt(4)},
		channel.Sync{ID: testID, Paid: big.NewInt(0), Received: big.NewInt(4)},
		channel.Sync{ID: testID, Paid: big.NewInt(3), Sig: sig, Received: big.NewInt(5), ReceivedSig: sig},
		channel.Sync{ID: testID, Paid: big.NewInt(0), Received: big.NewInt(5), ReceivedSig: sig},
	} {
		b, err := wire.Encode(m)
		if err != nil {
			t.Fatalf("Encode(%+v): %v", m, err)
		}
		got, err := wire.Decode(b)
		if err != nil {
			t.Fatalf("Decode(%s): %v", b, err)
		}
		if diff := cmp.Diff(m, got, cmpBig); diff != "" {
			t.Errorf("round trip of %s (-want +got):\n%s", b, diff)
		}
	}
}

func TestEncodeForm(t *testing.T) {
	b, err := wire.Encode(channel.Ack{ID: testID, Received: big.NewInt(12)})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"v":1,"type":"ack","body":{"chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","channel":7,"received":"12"}}`
	if string(b) != want {
		t.Fatalf("Encode = %s\nwant     %s", b, want)
	}
}

// TestSyncForm pins the sync body with and without receivedSig, and checks
// that a sync as older wallets wrote it (no receivedSig) still decodes.
func TestSyncForm(t *testing.T) {
	sig := mustSig(t)
	head := `{"v":1,"type":"sync","body":{"chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","channel":7,`
	tests := []struct {
		name string
		m    channel.Sync
		want string
	}{
		{"with proof", channel.Sync{ID: testID, Paid: big.NewInt(3), Sig: sig, Received: big.NewInt(5), ReceivedSig: sig},
			head + `"paid":"3","received":"5","sig":"` + sig.String() + `","receivedSig":"` + sig.String() + `"}}`},
		{"nothing held", channel.Sync{ID: testID, Paid: big.NewInt(3), Sig: sig, Received: big.NewInt(0)},
			head + `"paid":"3","received":"0","sig":"` + sig.String() + `"}}`},
		{"without proof", channel.Sync{ID: testID, Paid: big.NewInt(0), Received: big.NewInt(5)},
			head + `"paid":"0","received":"5"}}`},
		// A signature on a zero total is never written (there is nothing to prove).
		{"zero received drops its signature", channel.Sync{ID: testID, Paid: big.NewInt(0), Received: big.NewInt(0), ReceivedSig: sig},
			head + `"paid":"0","received":"0"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := wire.Encode(tt.m)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Fatalf("Encode = %s\nwant     %s", b, tt.want)
			}
		})
	}
	// As older wallets wrote it; a JSON null is absent, as for every field.
	want := channel.Sync{ID: testID, Paid: big.NewInt(3), Sig: sig, Received: big.NewInt(5)}
	for _, in := range []string{
		head + `"paid":"3","sig":"` + sig.String() + `","received":"5"}}`,
		head + `"paid":"3","sig":"` + sig.String() + `","received":"5","receivedSig":null}}`,
	} {
		m, err := wire.Decode([]byte(in))
		if err != nil {
			t.Fatalf("Decode(%s): %v", in, err)
		}
		if diff := cmp.Diff(channel.Message(want), m, cmpBig); diff != "" {
			t.Fatalf("Decode(%s) (-want +got):\n%s", in, diff)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	for _, m := range []channel.Message{
		nil,
		channel.Payment{ID: testID, Paid: big.NewInt(0), Sig: mustSig(t)},
		channel.Payment{ID: testID, Paid: big.NewInt(1)}, // no signature
		channel.Ack{ID: testID},
		channel.Ack{ID: channel.ID{Domain: testID.Domain}, Received: big.NewInt(1)},
	} {
		if b, err := wire.Encode(m); err == nil {
			t.Errorf("Encode(%+v) = %s; want error", m, b)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	sig := mustSig(t).String()
	highS := mustSig(t)
	highS[64] = 29
	body := func(fields string) string {
		return `{"v":1,"type":"payment","body":{"chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","channel":7,` + fields + `}}`
	}
	pay := func(paid, s string) string { return body(`"paid":"` + paid + `","sig":"` + s + `"`) }
	sync := func(fields string) string {
		return `{"v":1,"type":"sync","body":{"chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","channel":7,` + fields + `}}`
	}
	good := pay("5", sig)
	if _, err := wire.Decode([]byte(good)); err != nil {
		t.Fatalf("good message: %v", err)
	}
	tests := []struct {
		name, in string
		want     error
	}{
		{"too large", good + strings.Repeat(" ", wire.MaxSize), wire.ErrTooLarge},
		{"empty", ``, wire.ErrSyntax},
		{"not json", `hello`, wire.ErrSyntax},
		{"array", `[]`, wire.ErrSyntax},
		{"trailing", good + `{}`, wire.ErrSyntax},
		{"trailing brace", good + `}`, wire.ErrSyntax},
		{"no version", `{"type":"ack","body":{}}`, wire.ErrMissingField},
		{"version 2", `{"v":2,"type":"ack","body":{}}`, wire.ErrVersion},
		{"version string", `{"v":"1","type":"ack","body":{}}`, wire.ErrInvalidField},
		{"no type", `{"v":1,"body":{}}`, wire.ErrMissingField},
		{"unknown type", `{"v":1,"type":"invoice","body":{}}`, wire.ErrUnknownType},
		{"no body", `{"v":1,"type":"ack"}`, wire.ErrMissingField},
		{"null body", `{"v":1,"type":"ack","body":null}`, wire.ErrMissingField},
		{"unknown envelope field", `{"v":1,"type":"ack","body":{},"from":"x"}`, wire.ErrUnknownField},
		{"unknown body field", body(`"paid":"5","sig":"` + sig + `","memo":"hi"`), wire.ErrUnknownField},
		{"field of another type", body(`"paid":"5","sig":"` + sig + `","received":"1"`), wire.ErrUnknownField},
		{"missing sig", body(`"paid":"5"`), wire.ErrMissingField},
		{"missing paid", body(`"sig":"` + sig + `"`), wire.ErrMissingField},
		{"zero paid", pay("0", sig), wire.ErrInvalidField},
		{"negative", pay("-5", sig), wire.ErrInvalidField},
		{"leading zero", pay("05", sig), wire.ErrInvalidField},
		{"decimal point", pay("5.0", sig), wire.ErrInvalidField},
		{"hex amount", pay("0x5", sig), wire.ErrInvalidField},
		{"amount as number", body(`"paid":5,"sig":"` + sig + `"`), wire.ErrInvalidField},
		{"above uint256", pay(new(big.Int).Lsh(big.NewInt(1), 256).String(), sig), wire.ErrInvalidField},
		{"short sig", pay("5", sig[:130]), wire.ErrInvalidField},
		{"sig not hex", pay("5", "0x"+strings.Repeat("zz", 65)), wire.ErrInvalidField},
		{"sig high v", pay("5", highS.String()), wire.ErrInvalidField},
		{"sig zero", pay("5", channel.Signature{}.String()), wire.ErrInvalidField},
		{"bad contract", strings.Replace(good, "0x5FbDB2315678afecb367f032d93F642f64180aa3", "0x5FbDB2315678afecb367f032d93F642f64180aa", 1), wire.ErrInvalidField},
		{"contract checksum", strings.Replace(good, "0x5FbDB2315678afecb367f032d93F642f64180aa3", "0x5fbDB2315678afecb367f032d93F642f64180aa3", 1), wire.ErrInvalidField},
		{"zero contract", strings.Replace(good, "0x5FbDB2315678afecb367f032d93F642f64180aa3", "0x0000000000000000000000000000000000000000", 1), wire.ErrInvalidField},
		{"channel 0", strings.Replace(good, `"channel":7`, `"channel":0`, 1), wire.ErrInvalidField},
		{"negative channel", strings.Replace(good, `"channel":7`, `"channel":-7`, 1), wire.ErrInvalidField},
		{"chain 0", strings.Replace(good, `"chainId":1337`, `"chainId":0`, 1), wire.ErrInvalidField},
		{"chain float", strings.Replace(good, `"chainId":1337`, `"chainId":1.5`, 1), wire.ErrInvalidField},
		{"sync sig without paid", `{"v":1,"type":"sync","body":{"chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","channel":7,"paid":"0","sig":"` + sig + `","received":"0"}}`, wire.ErrInvalidField},
		{"sync paid without sig", `{"v":1,"type":"sync","body":{"chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","channel":7,"paid":"3","received":"0"}}`, wire.ErrMissingField},
		{"sync receivedSig without received", sync(`"paid":"0","received":"0","receivedSig":"` + sig + `"`), wire.ErrInvalidField},
		{"sync receivedSig short", sync(`"paid":"0","received":"5","receivedSig":"` + sig[:130] + `"`), wire.ErrInvalidField},
		{"sync receivedSig high v", sync(`"paid":"0","received":"5","receivedSig":"` + highS.String() + `"`), wire.ErrInvalidField},
		{"sync receivedSig zero", sync(`"paid":"0","received":"5","receivedSig":"` + channel.Signature{}.String() + `"`), wire.ErrInvalidField},
		{"sync receivedSig not a string", sync(`"paid":"0","received":"5","receivedSig":5`), wire.ErrInvalidField},
		{"receivedSig in a payment", body(`"paid":"5","sig":"` + sig + `","receivedSig":"` + sig + `"`), wire.ErrUnknownField},
		{"receivedSig in an ack", `{"v":1,"type":"ack","body":{"chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","channel":7,"received":"5","receivedSig":"` + sig + `"}}`, wire.ErrUnknownField},
		{"sync unknown field", sync(`"paid":"0","received":"5","receivedSignature":"` + sig + `"`), wire.ErrUnknownField},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := wire.Decode([]byte(tt.in))
			if !errors.Is(err, tt.want) {
				t.Fatalf("Decode = %+v, %v; want %v", m, err, tt.want)
			}
		})
	}
}

// FuzzDecode: Decode never panics, and whatever it accepts re-encodes and
// decodes to the same message.
func FuzzDecode(f *testing.F) {
	sig := mustSig(f)
	for _, m := range []channel.Message{
		channel.Payment{ID: testID, Paid: big.NewInt(5), Sig: sig},
		channel.Ack{ID: testID, Received: big.NewInt(0)},
		channel.CloseProposal{ID: testID, AlicePaid: big.NewInt(1), BobPaid: big.NewInt(0), Sig: sig},
		channel.CloseSignature{ID: testID, AlicePaid: big.NewInt(1), BobPaid: big.NewInt(2), Sig: sig},
		channel.Sync{ID: testID, Paid: big.NewInt(3), Sig: sig, Received: big.NewInt(4)},
		channel.Sync{ID: testID, Paid: big.NewInt(3), Sig: sig, Received: big.NewInt(4), ReceivedSig: sig},
	} {
		b, err := wire.Encode(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"v":1,"type":"ack","body":{"received":"1"}}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := wire.Decode(data)
		if err != nil {
			if m != nil {
				t.Fatalf("Decode returned %+v with error %v", m, err)
			}
			return
		}
		b, err := wire.Encode(m)
		if err != nil {
			t.Fatalf("Encode(Decode(%q)): %v", data, err)
		}
		back, err := wire.Decode(b)
		if err != nil {
			t.Fatalf("Decode(Encode(Decode(%q))): %v", data, err)
		}
		if diff := cmp.Diff(m, back, cmpBig); diff != "" {
			t.Fatalf("re-encoding changed the message (-want +got):\n%s", diff)
		}
	})
}
