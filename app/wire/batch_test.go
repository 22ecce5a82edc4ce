package wire_test

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
	"paychan/app/wire"
)

// alicePays returns n signed payments on testID with totals from+1 ...
// from+n, as Book.PayMany makes them.
func alicePays(tb testing.TB, from, n int64) []channel.Message {
	tb.Helper()
	k, err := crypto.HexToECDSA("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]channel.Message, n)
	for i := range out {
		paid := big.NewInt(from + int64(i) + 1)
		d, _ := testID.PaymentDigest(paid)
		s, err := channel.Sign(d, k)
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = channel.Payment{ID: testID, Paid: paid, Sig: s}
	}
	return out
}

// decodeAll decodes every encoded message in order.
func decodeAll(tb testing.TB, bs [][]byte) []channel.Message {
	tb.Helper()
	var got []channel.Message
	for _, b := range bs {
		ms, err := wire.DecodeAll(b)
		if err != nil {
			tb.Fatalf("DecodeAll(%.120s…): %v", b, err)
		}
		got = append(got, ms...)
	}
	return got
}

// TestEncodeAllRoundTrip: EncodeAll packs runs of payments into as few
// "payments" messages as fit, each within MaxBatchSize, and DecodeAll gives
// every message back in order (each payment with its own signature).
func TestEncodeAllRoundTrip(t *testing.T) {
	other := testID
	other.Channel = 8
	sig := mustSig(t)
	huge := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	ack := channel.Ack{ID: testID, Received: big.NewInt(3)}
	tests := []struct {
		name string
		msgs []channel.Message
		want int // encoded messages
	}{
		{"one payment", alicePays(t, 0, 1), 1},
		{"two payments", alicePays(t, 0, 2), 1},
		{"100 payments", alicePays(t, 0, 100), 4},
		{"1000 payments", alicePays(t, 1e6, 1000), 0},
		{"mixed", append(append(append(alicePays(t, 0, 3), ack), alicePays(t, 3, 2)...),
			channel.Payment{ID: other, Paid: big.NewInt(9), Sig: sig}), 4},
		{"not increasing", []channel.Message{
			channel.Payment{ID: testID, Paid: big.NewInt(5), Sig: sig},
			channel.Payment{ID: testID, Paid: big.NewInt(5), Sig: sig},
			channel.Payment{ID: testID, Paid: big.NewInt(4), Sig: sig},
			channel.Payment{ID: testID, Paid: big.NewInt(6), Sig: sig},
		}, 3},
		{"largest totals", []channel.Message{
			channel.Payment{ID: testID, Paid: new(big.Int).Sub(huge, big.NewInt(1)), Sig: sig},
			channel.Payment{ID: testID, Paid: huge, Sig: sig},
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs, err := wire.EncodeAll(tt.msgs)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want > 0 && len(bs) != tt.want {
				t.Errorf("EncodeAll gave %d messages; want %d", len(bs), tt.want)
			}
			for _, b := range bs {
				if len(b) > wire.MaxBatchSize {
					t.Errorf("a message of %d bytes; limit %d", len(b), wire.MaxBatchSize)
				}
			}
			if diff := cmp.Diff(tt.msgs, decodeAll(t, bs), cmpBig); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPaymentsForm pins the "payments" encoding and checks that a lone
// payment stays a "payment".
func TestPaymentsForm(t *testing.T) {
	ps := alicePays(t, 0, 2)
	bs, err := wire.EncodeAll(ps)
	if err != nil {
		t.Fatal(err)
	}
	sig := func(i int) string { return ps[i].(channel.Payment).Sig.String() }
	want := `{"v":1,"type":"payments","body":{"chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","channel":7,"payments":[` +
		`{"paid":"1","sig":"` + sig(0) + `"},{"paid":"2","sig":"` + sig(1) + `"}]}}`
	if len(bs) != 1 || string(bs[0]) != want {
		t.Fatalf("EncodeAll = %q\nwant %q", bs, want)
	}
	one, err := wire.EncodeAll(ps[:1])
	if err != nil {
		t.Fatal(err)
	}
	single, _ := wire.Encode(ps[0])
	if len(one) != 1 || string(one[0]) != string(single) {
		t.Fatalf("EncodeAll of one payment = %q; want Encode's %q", one, single)
	}
	// Decode refuses a batch by name; DecodeAll takes single messages too.
	if _, err := wire.Decode(bs[0]); !errors.Is(err, wire.ErrBatch) {
		t.Errorf("Decode(payments) error = %v; want ErrBatch", err)
	}
	if got, err := wire.DecodeAll(single); err != nil || len(got) != 1 {
		t.Errorf("DecodeAll(payment) = %v, %v; want the payment", got, err)
	}
}

func TestDecodeAllErrors(t *testing.T) {
	sig := mustSig(t).String()
	head := `{"v":1,"type":"payments","body":{"chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","channel":7,`
	entry := func(paid string) string { return `{"paid":"` + paid + `","sig":"` + sig + `"}` }
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty list", head + `"payments":[]}}`, wire.ErrInvalidField},
		{"null list", head + `"payments":null}}`, wire.ErrMissingField},
		{"no list", head[:len(head)-1] + `}}`, wire.ErrMissingField},
		{"equal totals", head + `"payments":[` + entry("2") + `,` + entry("2") + `]}}`, wire.ErrInvalidField},
		{"decreasing totals", head + `"payments":[` + entry("3") + `,` + entry("2") + `]}}`, wire.ErrInvalidField},
		{"zero total", head + `"payments":[` + entry("0") + `]}}`, wire.ErrInvalidField},
		{"leading zero", head + `"payments":[` + entry("01") + `]}}`, wire.ErrInvalidField},
		{"missing sig", head + `"payments":[{"paid":"1"}]}}`, wire.ErrMissingField},
		{"missing paid", head + `"payments":[{"sig":"` + sig + `"}]}}`, wire.ErrMissingField},
		{"bad sig", head + `"payments":[{"paid":"1","sig":"0x12"}]}}`, wire.ErrInvalidField},
		{"unknown entry field", head + `"payments":[{"paid":"1","sig":"` + sig + `","memo":"x"}]}}`, wire.ErrUnknownField},
		{"unknown body field", head + `"paid":"1","payments":[` + entry("1") + `]}}`, wire.ErrUnknownField},
		{"no channel", `{"v":1,"type":"payments","body":{"chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","payments":[` + entry("1") + `]}}`, wire.ErrMissingField},
		{"too large", head + `"payments":[` + strings.Repeat(entry("1")+",", 30) + entry("2") + `]}}`, wire.ErrTooLarge},
		{"trailing data", head + `"payments":[` + entry("1") + `]}} x`, wire.ErrSyntax},
		{"single over MaxSize", `{"v":1,"type":"ack","body":{"chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","channel":7,"received":"1"}}` + strings.Repeat(" ", wire.MaxSize), wire.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := wire.DecodeAll([]byte(tt.in))
			if !errors.Is(err, tt.want) || m != nil {
				t.Fatalf("DecodeAll = %+v, %v; want %v", m, err, tt.want)
			}
		})
	}
}

// FuzzDecodeAll: DecodeAll never panics, and whatever it accepts
// re-encodes (EncodeAll) and decodes to the same messages.
func FuzzDecodeAll(f *testing.F) {
	bs, err := wire.EncodeAll(alicePays(f, 0, 3))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(bs[0])
	f.Add([]byte(`{"v":1,"type":"payments","body":{"payments":[{}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ms, err := wire.DecodeAll(data)
		if err != nil {
			if ms != nil {
				t.Fatalf("DecodeAll returned %+v with error %v", ms, err)
			}
			return
		}
		bs, err := wire.EncodeAll(ms)
		if err != nil {
			t.Fatalf("EncodeAll(DecodeAll(%q)): %v", data, err)
		}
		if diff := cmp.Diff(ms, decodeAll(t, bs), cmpBig); diff != "" {
			t.Fatalf("re-encoding changed the messages (-want +got):\n%s", diff)
		}
	})
}

// BenchmarkEncodeAll is the payer's encoding of a batch of 100 payments,
// per payment.
func BenchmarkEncodeAll(b *testing.B) {
	ps := alicePays(b, 0, 100)
	for b.Loop() {
		if _, err := wire.EncodeAll(ps); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ps)), "ns/payment")
}

// BenchmarkEncodeOneByOne is the same 100 payments encoded one message
// each (as before "payments").
func BenchmarkEncodeOneByOne(b *testing.B) {
	ps := alicePays(b, 0, 100)
	for b.Loop() {
		for _, p := range ps {
			if _, err := wire.Encode(p); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ps)), "ns/payment")
}

// BenchmarkDecodeAll is the payee's decoding of the batch, per payment.
func BenchmarkDecodeAll(b *testing.B) {
	bs, err := wire.EncodeAll(alicePays(b, 0, 100))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, m := range bs {
			if _, err := wire.DecodeAll(m); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100), "ns/payment")
}

// BenchmarkDecodeOneByOne is the same 100 payments decoded one message
// each.
func BenchmarkDecodeOneByOne(b *testing.B) {
	var bs [][]byte
	for _, p := range alicePays(b, 0, 100) {
		m, err := wire.Encode(p)
		if err != nil {
			b.Fatal(err)
		}
		bs = append(bs, m)
	}
	for b.Loop() {
		for _, m := range bs {
			if _, err := wire.Decode(m); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100), "ns/payment")
}
