package wallet_test

import (
	"errors"
	"testing"

	"paychan/app/wallet"
)

// FuzzParseWIF: no panics; it accepts what btcutil accepts (for our
// networks) with the same key; every rejection wraps one of the package's
// errors; every accepted key exports back to a WIF that imports to itself.
func FuzzParseWIF(f *testing.F) {
	for _, s := range []string{aliceWIF, bobWIF, deployerWIF, "5HpHagT65TZzG1PH3CSu63k8DbpvD8s5ip4nEB3kEsreAnchuDf", "", "c", "0OIl", aliceWIF[:40]} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkAgainstBtcutil(t, s)
		k, err := wallet.ParseWIF(s)
		if err != nil {
			if k != nil {
				t.Fatalf("ParseWIF(%q) returned a key with error %v", s, err)
			}
			for _, e := range []error{wallet.ErrEmpty, wallet.ErrBadEncoding, wallet.ErrBadLength, wallet.ErrBadChecksum, wallet.ErrUnknownNetwork, wallet.ErrInvalidKey} {
				if errors.Is(err, e) {
					return
				}
			}
			t.Fatalf("ParseWIF(%q): untyped error %v", s, err)
		}
		back, err := wallet.ParseWIF(k.WIF())
		if err != nil || back.Signer() != k.Signer() || back.Network() != k.Network() || back.Compressed() != k.Compressed() {
			t.Fatalf("ParseWIF(%q).WIF() does not round-trip: %v", s, err)
		}
	})
}

// FuzzParseAddress: no panics; rejections wrap ErrBadAddress; accepted Qtum
// addresses re-encode to an address that parses to the same bytes.
func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"qLn9vqbr2Gx3TsVR9QyTVB5mrMoh4x43Uf", "0x0CF28703ECc9C7dB28F3d496e41666445b0A4EAF", "0x0cf28703ecc9c7db28f3d496e41666445b0a4eaf", "0x", "", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", aliceWIF} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := wallet.ParseAddress(s)
		if err != nil {
			if !errors.Is(err, wallet.ErrBadAddress) {
				t.Fatalf("ParseAddress(%q): error %v does not wrap ErrBadAddress", s, err)
			}
			return
		}
		var again string
		switch a.Kind {
		case wallet.HexAddress:
			again = a.Address.Hex()
		case wallet.QtumAddress:
			if again, err = wallet.QtumAddressOf(a.Address, a.Network); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("ParseAddress(%q): kind %v", s, a.Kind)
		}
		if b, err := wallet.ParseAddress(again); err != nil || b != a {
			t.Fatalf("ParseAddress(%q) = %+v, re-encoded %q parses to %+v, %v", s, a, again, b, err)
		}
	})
}
