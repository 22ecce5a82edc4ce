package contracts_test

import (
	"testing"

	"paychan/contracts/bindings"
	"paychan/contracts/simtest"
)

// TestUnpayablePartyKeepsUnilateralPath: a party whose account rejects
// payments (here a contract without a receive function, with Bob's key as
// its signer) makes cooperativeClose revert with TransferFailed, and
// nothing changes: the channel stays Open and the other party still gets
// its money through the unilateral path (claim, period, withdraw).
func TestUnpayablePartyKeepsUnilateralPath(t *testing.T) {
	c := simtest.New(t)
	// DuplexChannel itself has no receive or fallback function: any plain
	// transfer to it reverts.
	unpayable := &simtest.Actor{Name: "Unpayable", Addr: c.ChannelAddr}
	id, _ := mustOpen(t, c, c.Alice, unpayable, none, c.Bob.Addr, wei(100), 10)

	as := mustCloseSig(t, c, c.Alice, id, wei(30), wei(0))
	bs := mustCloseSig(t, c, c.Bob, id, wei(30), wei(0))
	_, err := c.CallAs(c.Mallory, nil, c.ABI.PackCooperativeClose(id, wei(30), wei(0), as, bs))
	c.RequireRevert(t, err, bindings.DuplexChannelTransferFailedErrorID())
	if st := status(t, c, id); st != statusOpen {
		t.Fatalf("status after the failed cooperative close = %d; want Open", st)
	}

	// Alice closes alone (startClose: she holds no payment from the other
	// side) and after the period withdraws her whole deposit, since the 30
	// she signed in the failed close was never proven on chain.
	c.MustSend(t, c.Alice, nil, c.ABI.PackStartClose(id))
	c.Mine(10)
	before := c.Balance(c.Alice.Addr)
	rc := c.MustSend(t, c.Alice, nil, c.ABI.PackWithdraw(id))
	got := before.Sub(c.Balance(c.Alice.Addr), before)
	got.Add(got, simtest.GasCost(rc))
	if got.Cmp(wei(100)) != 0 {
		t.Errorf("Alice withdrew %s; want 100 (no payment by her was proven on chain)", got)
	}
}
