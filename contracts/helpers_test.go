package contracts_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"paychan/contracts/simtest"
)

// wei returns n as a *big.Int.
func wei(n int64) *big.Int { return big.NewInt(n) }

// mustPaymentSig has signer sign Payment(id, paid) on c's contract, using the contract's own digest.
func mustPaymentSig(tb testing.TB, c *simtest.Chain, signer *simtest.Actor, id, paid *big.Int) []byte {
	tb.Helper()
	d := simtest.MustCall(tb, c, c.ABI.PackPaymentDigest(id, paid), c.ABI.UnpackPaymentDigest)
	sig, err := simtest.SignDigest(signer.Key, d)
	if err != nil {
		tb.Fatal(err)
	}
	return sig
}

// mustCloseSig has signer sign Close(id, alicePaid, bobPaid).
func mustCloseSig(tb testing.TB, c *simtest.Chain, signer *simtest.Actor, id, alicePaid, bobPaid *big.Int) []byte {
	tb.Helper()
	d := simtest.MustCall(tb, c, c.ABI.PackCloseDigest(id, alicePaid, bobPaid), c.ABI.UnpackCloseDigest)
	sig, err := simtest.SignDigest(signer.Key, d)
	if err != nil {
		tb.Fatal(err)
	}
	return sig
}

// mustOpen opens a channel from alice to bob with explicit signers (zero = same as account).
func mustOpen(tb testing.TB, c *simtest.Chain, alice, bob *simtest.Actor, aliceSigner, bobSigner common.Address, deposit *big.Int, fin uint64) (*big.Int, *types.Receipt) {
	tb.Helper()
	rc := c.MustSend(tb, alice, deposit, c.ABI.PackOpen(bob.Addr, bobSigner, aliceSigner, fin))
	for _, l := range rc.Logs {
		if ev, err := c.ABI.UnpackChannelOpenedEvent(l); err == nil {
			return ev.Id, rc
		}
	}
	tb.Fatal("no ChannelOpened event")
	return nil, nil
}

// status reads a channel's status.
func status(tb testing.TB, c *simtest.Chain, id *big.Int) uint8 {
	tb.Helper()
	return simtest.MustCall(tb, c, c.ABI.PackStatus(id), c.ABI.UnpackStatus)
}

// Status values of the contract's enum.
const (
	statusNone uint8 = iota
	statusOpen
	statusClosing
	statusClosed
)
