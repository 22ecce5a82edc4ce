package contracts_test

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"

	"paychan/contracts/simtest"
)

// domainTypes are the EIP-712 types of docs/protocol.md section 4.
var domainTypes = apitypes.Types{
	"EIP712Domain": {
		{Name: "name", Type: "string"},
		{Name: "version", Type: "string"},
		{Name: "chainId", Type: "uint256"},
		{Name: "verifyingContract", Type: "address"},
	},
	"Payment": {{Name: "channelId", Type: "uint256"}, {Name: "paid", Type: "uint256"}},
	"Close":   {{Name: "channelId", Type: "uint256"}, {Name: "alicePaid", Type: "uint256"}, {Name: "bobPaid", Type: "uint256"}},
}

// typedDigest hashes an EIP-712 message with go-ethereum's own implementation (signer/core/apitypes).
func typedDigest(tb testing.TB, chainID *big.Int, contract common.Address, primary string, msg apitypes.TypedDataMessage) [32]byte {
	tb.Helper()
	td := apitypes.TypedData{
		Types:       domainTypes,
		PrimaryType: primary,
		Domain: apitypes.TypedDataDomain{
			Name:              "DuplexChannel",
			Version:           "1",
			ChainId:           (*math.HexOrDecimal256)(chainID),
			VerifyingContract: contract.Hex(),
		},
		Message: msg,
	}
	h, _, err := apitypes.TypedDataAndHash(td)
	if err != nil {
		tb.Fatalf("apitypes hash of %s: %v", primary, err)
	}
	return [32]byte(h)
}

// paymentDigestGo is Payment(id, paid)'s digest computed by apitypes.
func paymentDigestGo(tb testing.TB, chainID *big.Int, contract common.Address, id, paid *big.Int) [32]byte {
	return typedDigest(tb, chainID, contract, "Payment", apitypes.TypedDataMessage{
		"channelId": (*math.HexOrDecimal256)(id), "paid": (*math.HexOrDecimal256)(paid),
	})
}

// closeDigestGo is Close(id, alicePaid, bobPaid)'s digest computed by apitypes.
func closeDigestGo(tb testing.TB, chainID *big.Int, contract common.Address, id, alicePaid, bobPaid *big.Int) [32]byte {
	return typedDigest(tb, chainID, contract, "Close", apitypes.TypedDataMessage{
		"channelId": (*math.HexOrDecimal256)(id), "alicePaid": (*math.HexOrDecimal256)(alicePaid),
		"bobPaid": (*math.HexOrDecimal256)(bobPaid),
	})
}

// TestDigestsMatchApitypes: the contract's paymentDigest/closeDigest equal
// go-ethereum's EIP-712 implementation for the same data, including the
// extremes of uint256.
func TestDigestsMatchApitypes(t *testing.T) {
	c := simtest.New(t)
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 1))
	u256 := func() *big.Int {
		switch rng.IntN(4) {
		case 0:
			return big.NewInt(0)
		case 1:
			return new(big.Int).Set(math.MaxBig256)
		default:
			b := make([]byte, 1+rng.IntN(32))
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
			return new(big.Int).SetBytes(b)
		}
	}
	chainID := c.ChainID()
	for i := range 50 {
		id, a, b := u256(), u256(), u256()
		got := simtest.MustCall(t, c, c.ABI.PackPaymentDigest(id, a), c.ABI.UnpackPaymentDigest)
		if want := paymentDigestGo(t, chainID, c.ChannelAddr, id, a); got != want {
			t.Fatalf("seed %d case %d: paymentDigest(%s, %s) = %x; apitypes %x", seed, i, id, a, got, want)
		}
		got = simtest.MustCall(t, c, c.ABI.PackCloseDigest(id, a, b), c.ABI.UnpackCloseDigest)
		if want := closeDigestGo(t, chainID, c.ChannelAddr, id, a, b); got != want {
			t.Fatalf("seed %d case %d: closeDigest(%s, %s, %s) = %x; apitypes %x", seed, i, id, a, b, got, want)
		}
	}
	// The domain the contract reports (ERC-5267) is the one above.
	d := simtest.MustCall(t, c, c.ABI.PackEip712Domain(), c.ABI.UnpackEip712Domain)
	if d.Name != "DuplexChannel" || d.Version != "1" || d.ChainId.Cmp(chainID) != 0 || d.VerifyingContract != c.ChannelAddr {
		t.Errorf("eip712Domain = %+v", d)
	}
}
