package contracts_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"paychan/contracts/bindings"
	"paychan/contracts/internal/attackbind"
	"paychan/contracts/simtest"
)

// attacker is a deployed ReentrancyAttack contract, driven by Mallory, whose
// channel signatures are made by Mallory's key.
type attacker struct {
	c     *simtest.Chain
	abi   *attackbind.ReentrancyAttack
	addr  common.Address
	bound *bind.BoundContract
}

func mustAttacker(tb testing.TB, c *simtest.Chain) *attacker {
	tb.Helper()
	a := &attacker{c: c, abi: attackbind.NewReentrancyAttack()}
	addr, tx, err := bind.DeployContract(c.Opts(c.Mallory), common.FromHex(attackbind.ReentrancyAttackMetaData.Bin), c.Client, a.abi.PackConstructor(c.ChannelAddr))
	if err != nil {
		tb.Fatal(err)
	}
	c.Commit()
	if _, err := c.Receipt(tx.Hash()); err != nil {
		tb.Fatal(err)
	}
	a.addr, a.bound = addr, a.abi.Instance(c.Client, addr)
	return a
}

// act makes the attacker contract call the channel with data and value.
func (a *attacker) act(tb testing.TB, value *big.Int, data []byte) *types.Receipt {
	tb.Helper()
	rc, err := a.c.SendTo(a.bound, a.c.Mallory, value, a.abi.PackAct(data))
	if err != nil {
		tb.Fatalf("attacker act: %v", err)
	}
	return rc
}

func (a *attacker) setReentry(tb testing.TB, data []byte) {
	tb.Helper()
	if _, err := a.c.SendTo(a.bound, a.c.Mallory, nil, a.abi.PackSetReentry(data)); err != nil {
		tb.Fatalf("attacker setReentry: %v", err)
	}
}

// stats reads what the attacker received and how its re-entries went (last:
// the selector of the last re-entrant call's result).
func (a *attacker) stats(tb testing.TB) (received *big.Int, attempts, successes uint32, last [4]byte) {
	tb.Helper()
	opts := &bind.CallOpts{}
	var err error
	must := func(e error) {
		if e != nil && err == nil {
			err = e
		}
	}
	received, e := bind.Call(a.bound, opts, a.abi.PackReceived(), a.abi.UnpackReceived)
	must(e)
	attempts, e = bind.Call(a.bound, opts, a.abi.PackAttempts(), a.abi.UnpackAttempts)
	must(e)
	successes, e = bind.Call(a.bound, opts, a.abi.PackSuccesses(), a.abi.UnpackSuccesses)
	must(e)
	last, e = bind.Call(a.bound, opts, a.abi.PackLastSelector(), a.abi.UnpackLastSelector)
	must(e)
	if err != nil {
		tb.Fatal(err)
	}
	return received, attempts, successes, last
}

// open has the attacker open a channel (as Alice) to Bob, signing with Mallory's key.
func (a *attacker) open(tb testing.TB, deposit *big.Int) *big.Int {
	tb.Helper()
	before := a.c.Balance(a.c.ChannelAddr)
	rc := a.act(tb, deposit, a.c.ABI.PackOpen(a.c.Bob.Addr, common.Address{}, a.c.Mallory.Addr, 5))
	if got := new(big.Int).Sub(a.c.Balance(a.c.ChannelAddr), before); got.Cmp(deposit) != 0 {
		tb.Fatalf("attacker's open deposited %s; want %s", got, deposit)
	}
	for _, l := range rc.Logs {
		if ev, err := a.c.ABI.UnpackChannelOpenedEvent(l); err == nil && ev.Alice == a.addr {
			return ev.Id
		}
	}
	tb.Fatal("attacker's open emitted no ChannelOpened")
	return nil
}

func requireSelector(tb testing.TB, sel [4]byte, want common.Hash) {
	tb.Helper()
	if sel != simtest.ErrorSelector(want) {
		tb.Fatalf("re-entrant call returned %x; want custom error %x", sel, want[:4])
	}
}

// TestReentrancyWithdraw: a party contract re-entering withdraw from its
// receive function gets its balance once.
func TestReentrancyWithdraw(t *testing.T) {
	c := simtest.New(t)
	a := mustAttacker(t, c)
	id := a.open(t, wei(100))
	c.MustSend(t, c.Bob, wei(100), c.ABI.PackDeposit(id))
	a.act(t, nil, c.ABI.PackClaim(id, c.Bob.Addr, wei(30), mustPaymentSig(t, c, c.Bob, id, wei(30))))
	c.Mine(5)

	a.setReentry(t, c.ABI.PackWithdraw(id))
	a.act(t, nil, c.ABI.PackWithdraw(id))
	received, attempts, successes, last := a.stats(t)
	if received.Cmp(wei(130)) != 0 || attempts != 1 || successes != 0 {
		t.Fatalf("attacker received %s in %d re-entries (%d succeeded); want 130, 1, 0", received, attempts, successes)
	}
	requireSelector(t, last, bindings.DuplexChannelAlreadyWithdrawnErrorID())
	if got := c.Balance(c.ChannelAddr); got.Cmp(wei(70)) != 0 {
		t.Fatalf("contract holds %s; want Bob's 70", got)
	}
	c.MustSend(t, c.Bob, nil, c.ABI.PackWithdraw(id))
	if got := c.Balance(c.ChannelAddr); got.Sign() != 0 {
		t.Fatalf("contract holds %s; want 0", got)
	}
}

// TestReentrancyCooperativeClose: re-entering cooperativeClose (or withdraw)
// while being paid by a cooperative close gains nothing.
func TestReentrancyCooperativeClose(t *testing.T) {
	c := simtest.New(t)
	a := mustAttacker(t, c)
	var total int64
	var runs uint32
	for _, tc := range []struct {
		name  string
		again func(id *big.Int, close []byte) []byte
		want  common.Hash
	}{
		{"cooperativeClose again", func(_ *big.Int, close []byte) []byte { return close }, bindings.DuplexChannelChannelNotActiveErrorID()},
		{"withdraw", func(id *big.Int, _ []byte) []byte { return c.ABI.PackWithdraw(id) }, bindings.DuplexChannelChannelSettledErrorID()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := a.open(t, wei(100))
			c.MustSend(t, c.Bob, wei(100), c.ABI.PackDeposit(id))
			as := mustCloseSig(t, c, c.Mallory, id, wei(0), wei(40))
			bs := mustCloseSig(t, c, c.Bob, id, wei(0), wei(40))
			closeCall := c.ABI.PackCooperativeClose(id, wei(0), wei(40), as, bs)
			a.setReentry(t, tc.again(id, closeCall))
			bobBefore := c.Balance(c.Bob.Addr)
			rc := c.MustSend(t, c.Bob, nil, closeCall)
			total += 140
			runs++
			received, attempts, successes, last := a.stats(t)
			// The re-entry ran inside the payout's bounded gas (attempts), failed, and the
			// attacker was paid in the close itself, once.
			if received.Cmp(big.NewInt(total)) != 0 || attempts != runs || successes != 0 {
				t.Fatalf("attacker received %s in total in %d re-entries (%d succeeded); want %d, %d, 0", received, attempts, successes, total, runs)
			}
			if w := simtest.MustCall(t, c, c.ABI.PackWithdrawn(id), c.ABI.UnpackWithdrawn); !w.Alice || !w.Bob {
				t.Errorf("withdrawn = %+v; want both", w)
			}
			requireSelector(t, last, tc.want)
			if got := netChange(c, c.Bob, bobBefore, rc); got.Cmp(wei(60)) != 0 {
				t.Errorf("Bob received %s; want 60", got)
			}
			if got := c.Balance(c.ChannelAddr); got.Sign() != 0 {
				t.Errorf("contract holds %s; want 0", got)
			}
		})
	}
}
