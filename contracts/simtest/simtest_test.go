package simtest_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"paychan/contracts/bindings"
	"paychan/contracts/simtest"
)

func TestSeedActors(t *testing.T) {
	c := simtest.New(t)
	if got, want := c.Alice.Addr, common.HexToAddress("0x0CF28703ECc9C7dB28F3d496e41666445b0A4EAF"); got != want {
		t.Errorf("Alice = %s; want %s", got, want)
	}
	if got, want := c.Bob.Addr, common.HexToAddress("0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47"); got != want {
		t.Errorf("Bob = %s; want %s", got, want)
	}
	if got := c.Balance(c.Mallory.Addr); got.Cmp(simtest.FundEach) != 0 {
		t.Errorf("Mallory's balance = %s; want %s", got, simtest.FundEach)
	}
}

func TestOpenAndRevert(t *testing.T) {
	c := simtest.New(t)
	id := c.OpenChannel(t, c.Alice, c.Bob, big.NewInt(100), 100)
	if id.Cmp(big.NewInt(1)) != 0 {
		t.Fatalf("first channel id = %s; want 1", id)
	}
	st := simtest.MustCall(t, c, c.ABI.PackStatus(id), c.ABI.UnpackStatus)
	if st != 1 {
		t.Fatalf("status = %d; want 1 (Open)", st)
	}
	_, err := c.Send(c.Mallory, big.NewInt(1), c.ABI.PackDeposit(id))
	c.RequireRevert(t, err, bindings.DuplexChannelNotPartyErrorID())
}
