package contracts_test

import (
	"math/big"
	"testing"

	"paychan/contracts/bindings"
	"paychan/contracts/simtest"
)

// TestUnpayablePartyDoesNotBlockClose: a party whose account rejects
// payments (here the DuplexChannel contract itself, which has no receive or
// fallback function, with Bob's key as its signer) no longer makes
// cooperativeClose revert: the channel closes, Alice is paid, and the
// unpayable party's share stays in the contract (withdrawn shows it false);
// its own withdraw reverts with TransferFailed and changes nothing.
func TestUnpayablePartyDoesNotBlockClose(t *testing.T) {
	c := simtest.New(t)
	unpayable := &simtest.Actor{Name: "Unpayable", Addr: c.ChannelAddr}
	id, _ := mustOpen(t, c, c.Alice, unpayable, none, c.Bob.Addr, wei(100), 10)

	as := mustCloseSig(t, c, c.Alice, id, wei(30), wei(0))
	bs := mustCloseSig(t, c, c.Bob, id, wei(30), wei(0))
	before := c.Balance(c.Alice.Addr)
	c.MustSend(t, c.Mallory, nil, c.ABI.PackCooperativeClose(id, wei(30), wei(0), as, bs))
	if got := new(big.Int).Sub(c.Balance(c.Alice.Addr), before); got.Cmp(wei(70)) != 0 {
		t.Errorf("Alice received %s; want 70", got)
	}
	if st := status(t, c, id); st != statusClosed {
		t.Fatalf("status = %d; want Closed", st)
	}
	if w := simtest.MustCall(t, c, c.ABI.PackWithdrawn(id), c.ABI.UnpackWithdrawn); !w.Alice || w.Bob {
		t.Errorf("withdrawn = %+v; want Alice only", w)
	}
	bal := simtest.MustCall(t, c, c.ABI.PackBalances(id), c.ABI.UnpackBalances)
	if bal.Alice.Sign() != 0 || bal.Bob.Cmp(wei(30)) != 0 {
		t.Errorf("balances = (%s, %s); want (0, 30)", bal.Alice, bal.Bob)
	}
	if got := c.Balance(c.ChannelAddr); got.Cmp(wei(30)) != 0 {
		t.Errorf("contract holds %s; want the unpayable party's 30", got)
	}
	_, err := c.CallAs(unpayable, nil, c.ABI.PackWithdraw(id))
	c.RequireRevert(t, err, bindings.DuplexChannelTransferFailedErrorID())
	_, err = c.CallAs(c.Alice, nil, c.ABI.PackWithdraw(id))
	c.RequireRevert(t, err, bindings.DuplexChannelAlreadyWithdrawnErrorID())
}
