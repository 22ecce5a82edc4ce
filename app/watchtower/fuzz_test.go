package watchtower_test

import (
	"bytes"
	"math/rand/v2"
	"testing"

	wt "paychan/app/watchtower"
)

// newRand returns the seeded PRNG of a property test.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

// FuzzDecodeReply: DecodeReply never panics, and whatever it accepts
// encodes again to a reply that decodes to the same encoding.
func FuzzDecodeReply(f *testing.F) {
	for _, s := range []string{
		`{"v":1,"type":"watchAccepted","body":{"ref":"abc","chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","channel":7,"payer":"0x0CF28703ECc9C7dB28F3d496e41666445b0A4EAF","paid":"500","status":"closing","closesAt":30,"block":20,"protectedUntil":29}}`,
		`{"v":1,"type":"watchAccepted","body":{"ref":"","chainId":1,"contract":"0x5fbdb2315678afecb367f032d93f642f64180aa3","channel":1,"payer":"0x0cf28703ecc9c7db28f3d496e41666445b0a4eaf","paid":"1","status":"open","closesAt":0,"block":0,"protectedUntil":0}}`,
		`{"v":1,"type":"watchRefused","body":{"ref":"x","code":"total_lower","message":"lower","chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","channel":7,"paid":"3","held":"5"}}`,
		`{"v":1,"type":"watchRefused","body":{"ref":"x","code":"bad_message","message":"not a payment"}}`,
		`{"v":1,"type":"watchRefused","body":null}`,
		`{"v":2,"type":"watchRefused","body":{}}`,
		`[]`, ``, `{"v":1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := wt.DecodeReply(data)
		if err != nil {
			return
		}
		b, err := wt.EncodeReply(r)
		if err != nil {
			t.Fatalf("DecodeReply accepted %q but EncodeReply fails: %v", data, err)
		}
		r2, err := wt.DecodeReply(b)
		if err != nil {
			t.Fatalf("re-encoded %q does not decode: %v", b, err)
		}
		b2, err := wt.EncodeReply(r2)
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("encoding is not stable: %q then %q (%v)", b, b2, err)
		}
	})
}
