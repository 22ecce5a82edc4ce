package channel_test

import (
	"math/big"
	"testing"

	"paychan/app/channel"
)

// BenchmarkSign is one EIP-712 payment digest and signature (the payer's
// cost per payment). make bench runs it as WebAssembly too.
func BenchmarkSign(b *testing.B) {
	key := mustKey(b, aliceWIF)
	for i := 0; b.Loop(); i++ {
		d, err := testID.PaymentDigest(big.NewInt(int64(i + 1)))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := channel.Sign(d, key); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify is one digest and signature verification (ecrecover; the
// payee's cost per payment).
func BenchmarkVerify(b *testing.B) {
	key := mustKey(b, aliceWIF)
	d, _ := testID.PaymentDigest(big.NewInt(7))
	sig, err := channel.Sign(d, key)
	if err != nil {
		b.Fatal(err)
	}
	signer := addr(key)
	for b.Loop() {
		d, _ := testID.PaymentDigest(big.NewInt(7))
		if err := sig.Verify(d, signer); err != nil {
			b.Fatal(err)
		}
	}
}
