package contracts_test

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"paychan/contracts/bindings"
	"paychan/contracts/internal/attackbind"
	"paychan/contracts/simtest"
)

// TestStaleCloseCannotUndoClaim is issue 10's story: Alice and Bob sign
// Close(10, 0); Alice then pays Bob 30 and Bob claims it (stored 30); anyone
// then submits the old Close(10, 0). The contract keeps max(stored, signed)
// per direction, so Bob gets the 30 he proved (the old contract paid him 10).
func TestStaleCloseCannotUndoClaim(t *testing.T) {
	c := simtest.New(t)
	id, _ := mustOpen(t, c, c.Alice, c.Bob, none, none, wei(100), 20)
	as := mustCloseSig(t, c, c.Alice, id, wei(10), wei(0))
	bs := mustCloseSig(t, c, c.Bob, id, wei(10), wei(0))
	c.MustSend(t, c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(30), mustPaymentSig(t, c, c.Alice, id, wei(30))))

	aliceBefore, bobBefore := c.Balance(c.Alice.Addr), c.Balance(c.Bob.Addr)
	rc := c.MustSend(t, c.Mallory, nil, c.ABI.PackCooperativeClose(id, wei(10), wei(0), as, bs))
	if got := new(big.Int).Sub(c.Balance(c.Bob.Addr), bobBefore); got.Cmp(wei(30)) != 0 {
		t.Errorf("Bob received %s; want the 30 he claimed, not the stale Close's 10", got)
	}
	if got := new(big.Int).Sub(c.Balance(c.Alice.Addr), aliceBefore); got.Cmp(wei(70)) != 0 {
		t.Errorf("Alice received %s; want 70", got)
	}
	p := simtest.MustCall(t, c, c.ABI.PackPaid(id), c.ABI.UnpackPaid)
	if p.AlicePaid.Cmp(wei(30)) != 0 || p.BobPaid.Sign() != 0 {
		t.Errorf("paid = (%s, %s); want (30, 0)", p.AlicePaid, p.BobPaid)
	}
	ev, err := c.ABI.UnpackClosedCooperativelyEvent(rc.Logs[0])
	if err != nil || ev.AlicePaid.Cmp(wei(30)) != 0 || ev.BobPaid.Sign() != 0 {
		t.Errorf("ClosedCooperatively = %+v, %v; want the kept totals (30, 0)", ev, err)
	}
	if st := status(t, c, id); st != statusClosed {
		t.Errorf("status = %d; want Closed", st)
	}
}

// TestCloseKeepsMaxPerDirection: each direction independently keeps the larger
// of the claimed and the signed total, while Open and while Closing.
func TestCloseKeepsMaxPerDirection(t *testing.T) {
	c := simtest.New(t)
	for _, tc := range []struct {
		name                   string
		claimAlice, claimBob   int64 // 0: no claim in that direction
		closeAlice, closeBob   int64
		wantAlice, wantBob     int64 // kept totals
		aliceOut, bobOut       int64 // payouts (deposits 100 and 50)
		startClose, bothClaims bool
	}{
		{name: "Open, no claim", closeAlice: 30, closeBob: 10, wantAlice: 30, wantBob: 10, aliceOut: 80, bobOut: 70},
		{name: "Closing, no claim", startClose: true, closeAlice: 30, closeBob: 10, wantAlice: 30, wantBob: 10, aliceOut: 80, bobOut: 70},
		{name: "claim higher than Close", claimAlice: 60, closeAlice: 30, closeBob: 10, wantAlice: 60, wantBob: 10, aliceOut: 50, bobOut: 100},
		{name: "claim lower than Close", claimAlice: 20, closeAlice: 30, closeBob: 10, wantAlice: 30, wantBob: 10, aliceOut: 80, bobOut: 70},
		{name: "mixed directions", claimAlice: 60, claimBob: 5, closeAlice: 30, closeBob: 25, wantAlice: 60, wantBob: 25, aliceOut: 65, bobOut: 85},
		{name: "both claims higher", claimAlice: 60, claimBob: 40, closeAlice: 30, closeBob: 25, wantAlice: 60, wantBob: 40, aliceOut: 80, bobOut: 70},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, _ := mustOpen(t, c, c.Alice, c.Bob, none, none, wei(100), 50)
			c.MustSend(t, c.Bob, wei(50), c.ABI.PackDeposit(id))
			if tc.startClose {
				c.MustSend(t, c.Alice, nil, c.ABI.PackStartClose(id))
			}
			if tc.claimAlice > 0 {
				c.MustSend(t, c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(tc.claimAlice), mustPaymentSig(t, c, c.Alice, id, wei(tc.claimAlice))))
			}
			if tc.claimBob > 0 {
				c.MustSend(t, c.Alice, nil, c.ABI.PackClaim(id, c.Bob.Addr, wei(tc.claimBob), mustPaymentSig(t, c, c.Bob, id, wei(tc.claimBob))))
			}
			a, b := wei(tc.closeAlice), wei(tc.closeBob)
			aliceBefore, bobBefore := c.Balance(c.Alice.Addr), c.Balance(c.Bob.Addr)
			c.MustSend(t, c.Mallory, nil, c.ABI.PackCooperativeClose(id, a, b, mustCloseSig(t, c, c.Alice, id, a, b), mustCloseSig(t, c, c.Bob, id, a, b)))
			p := simtest.MustCall(t, c, c.ABI.PackPaid(id), c.ABI.UnpackPaid)
			if p.AlicePaid.Int64() != tc.wantAlice || p.BobPaid.Int64() != tc.wantBob {
				t.Errorf("paid = (%s, %s); want (%d, %d)", p.AlicePaid, p.BobPaid, tc.wantAlice, tc.wantBob)
			}
			if got := new(big.Int).Sub(c.Balance(c.Alice.Addr), aliceBefore); got.Int64() != tc.aliceOut {
				t.Errorf("Alice received %s; want %d", got, tc.aliceOut)
			}
			if got := new(big.Int).Sub(c.Balance(c.Bob.Addr), bobBefore); got.Int64() != tc.bobOut {
				t.Errorf("Bob received %s; want %d", got, tc.bobOut)
			}
			if got := c.Balance(c.ChannelAddr); got.Sign() != 0 {
				t.Errorf("contract holds %s; want 0", got)
			}
		})
	}
}

// BadPayee modes (the Solidity enum's order).
const (
	modeAccept uint8 = iota
	modeRevert
	modeBurnGas
	modeReturnBomb
	modeRevertBomb
	modeHeavy
)

// payee is a contract channel party driven by Mallory: a BadPayee (mode set
// by setMode) or a NoReceive (setMode is nil).
type payee struct {
	c       *simtest.Chain
	addr    common.Address
	bound   *bind.BoundContract
	pack    func(data []byte) []byte // packs act(data)
	setMode func(tb testing.TB, m uint8)
}

func deployPayee(tb testing.TB, c *simtest.Chain, noReceive bool) *payee {
	tb.Helper()
	var (
		bin  string
		ctor []byte
		p    = &payee{c: c}
		abi  interface {
			Instance(bind.ContractBackend, common.Address) *bind.BoundContract
		}
	)
	if noReceive {
		nr := attackbind.NewNoReceive()
		bin, ctor, abi, p.pack = attackbind.NoReceiveMetaData.Bin, nr.PackConstructor(c.ChannelAddr), nr, nr.PackAct
	} else {
		bp := attackbind.NewBadPayee()
		bin, ctor, abi, p.pack = attackbind.BadPayeeMetaData.Bin, bp.PackConstructor(c.ChannelAddr), bp, bp.PackAct
		p.setMode = func(tb testing.TB, m uint8) {
			tb.Helper()
			if _, err := c.SendTo(p.bound, c.Mallory, nil, bp.PackSetMode(m)); err != nil {
				tb.Fatalf("setMode(%d): %v", m, err)
			}
		}
	}
	addr, tx, err := bind.DeployContract(c.Opts(c.Mallory), common.FromHex(bin), c.Client, ctor)
	if err != nil {
		tb.Fatal(err)
	}
	c.Commit()
	if _, err := c.Receipt(tx.Hash()); err != nil {
		tb.Fatal(err)
	}
	p.addr, p.bound = addr, abi.Instance(c.Client, addr)
	return p
}

// act makes the payee call the channel.
func (p *payee) act(value *big.Int, data []byte) (*types.Receipt, error) {
	return p.c.SendTo(p.bound, p.c.Mallory, value, p.pack(data))
}

// sendWithGas sends data to the channel from a with a fixed gas limit (no
// estimation) and returns the mined receipt, successful or not.
func sendWithGas(tb testing.TB, c *simtest.Chain, a *simtest.Actor, data []byte, gas uint64) *types.Receipt {
	tb.Helper()
	opts := c.Opts(a)
	opts.GasLimit = gas
	tx, err := bind.Transact(c.Channel, opts, data)
	if err != nil {
		tb.Fatalf("%s: %v", a.Name, err)
	}
	c.Commit()
	rc, err := c.Receipt(tx.Hash())
	if err != nil {
		tb.Fatal(err)
	}
	return rc
}

// openWithPayee opens a channel between the payee contract and an EOA
// (Alice deposits 100, Bob 50). With payeeIsAlice the payee opens it (its
// signer is Mallory's key) with Bob; otherwise Alice opens it with the payee
// as Bob (its signer is Bob's key). It returns the channel id and the signer
// key actors of Alice and Bob.
func openWithPayee(tb testing.TB, c *simtest.Chain, p *payee, payeeIsAlice bool) (id *big.Int, aliceKey, bobKey *simtest.Actor) {
	tb.Helper()
	if payeeIsAlice {
		rc, err := p.act(wei(100), c.ABI.PackOpen(c.Bob.Addr, none, c.Mallory.Addr, 10))
		if err != nil {
			tb.Fatalf("payee opens: %v", c.Describe(err))
		}
		for _, l := range rc.Logs {
			if ev, err := c.ABI.UnpackChannelOpenedEvent(l); err == nil {
				id = ev.Id
			}
		}
		c.MustSend(tb, c.Bob, wei(50), c.ABI.PackDeposit(id))
		return id, c.Mallory, c.Bob
	}
	id, _ = mustOpen(tb, c, c.Alice, &simtest.Actor{Name: "payee", Addr: p.addr}, none, c.Bob.Addr, wei(100), 10)
	if _, err := p.act(wei(50), c.ABI.PackDeposit(id)); err != nil {
		tb.Fatalf("payee deposits: %v", c.Describe(err))
	}
	return id, c.Alice, c.Bob
}

// burnerCloseGas is the most gas a third party's cooperativeClose may use
// against a payee that burns all the gas it is given ("well under 300,000").
const burnerCloseGas = 150_000

// TestCooperativeCloseBadPayee: a payee that reverts, burns all its gas,
// answers with a return-data bomb, or has no receive function cannot make a
// third party's cooperative close revert or cost more than burnerCloseGas
// (the issue: 2.95M gas and a revert). The other party is paid in the close;
// the failed party's share stays in the contract, withdrawn shows it false,
// and it takes its share once with withdraw.
func TestCooperativeCloseBadPayee(t *testing.T) {
	c := simtest.New(t)
	for _, kind := range []struct {
		name      string
		mode      uint8
		noReceive bool
		paid      bool // the payout succeeds anyway
	}{
		{name: "reverts", mode: modeRevert},
		{name: "burns gas", mode: modeBurnGas},
		{name: "revert bomb", mode: modeRevertBomb},
		{name: "no receive", noReceive: true},
		{name: "return bomb", mode: modeReturnBomb, paid: true},
		{name: "heavy but within the bound", mode: modeHeavy, paid: true},
	} {
		for _, payeeIsAlice := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s, payee is Alice %v", kind.name, payeeIsAlice), func(t *testing.T) {
				p := deployPayee(t, c, kind.noReceive)
				id, ak, bk := openWithPayee(t, c, p, payeeIsAlice)
				if p.setMode != nil {
					p.setMode(t, kind.mode)
				}
				// Alice paid 30, Bob 10: Alice is owed 80, Bob 70.
				a, b := wei(30), wei(10)
				other, share, otherShare := c.Alice, int64(70), int64(80)
				if payeeIsAlice {
					other, share, otherShare = c.Bob, 80, 70
				}
				otherBefore, payeeBefore, held := c.Balance(other.Addr), c.Balance(p.addr), c.Balance(c.ChannelAddr)
				// heldNow is what the contract holds beyond what it held before this close (earlier
				// subtests leave shares of unpayable parties behind).
				heldNow := func() int64 { return new(big.Int).Sub(c.Balance(c.ChannelAddr), held).Int64() + 150 }
				rc := sendWithGas(t, c, c.Mallory, c.ABI.PackCooperativeClose(id, a, b, mustCloseSig(t, c, ak, id, a, b), mustCloseSig(t, c, bk, id, a, b)), 3_000_000)
				if rc.Status != types.ReceiptStatusSuccessful {
					t.Fatalf("cooperativeClose reverted (%d gas)", rc.GasUsed)
				}
				t.Logf("third party's cooperativeClose: %d gas", rc.GasUsed)
				if rc.GasUsed > burnerCloseGas {
					t.Errorf("cooperativeClose used %d gas; want <= %d", rc.GasUsed, burnerCloseGas)
				}
				if got := new(big.Int).Sub(c.Balance(other.Addr), otherBefore); got.Int64() != otherShare {
					t.Errorf("%s received %s; want %d", other.Name, got, otherShare)
				}
				if st := status(t, c, id); st != statusClosed {
					t.Errorf("status = %d; want Closed", st)
				}
				w := simtest.MustCall(t, c, c.ABI.PackWithdrawn(id), c.ABI.UnpackWithdrawn)
				payeeWithdrawn, otherWithdrawn := w.Bob, w.Alice
				if payeeIsAlice {
					payeeWithdrawn, otherWithdrawn = w.Alice, w.Bob
				}
				if !otherWithdrawn || payeeWithdrawn != kind.paid {
					t.Fatalf("withdrawn = %+v; want %s paid, payee paid %v", w, other.Name, kind.paid)
				}
				if kind.paid {
					if got := new(big.Int).Sub(c.Balance(p.addr), payeeBefore); got.Int64() != share {
						t.Errorf("payee received %s; want %d", got, share)
					}
					if got := heldNow(); got != 0 {
						t.Errorf("channel holds %d; want 0", got)
					}
					return
				}
				// The failed share stays in the contract, for the payee alone.
				if got := heldNow(); got != share {
					t.Fatalf("channel holds %d; want the payee's %d", got, share)
				}
				bal := simtest.MustCall(t, c, c.ABI.PackBalances(id), c.ABI.UnpackBalances)
				wantA, wantB := int64(0), share
				if payeeIsAlice {
					wantA, wantB = share, 0
				}
				if bal.Alice.Int64() != wantA || bal.Bob.Int64() != wantB {
					t.Errorf("balances = (%s, %s); want (%d, %d)", bal.Alice, bal.Bob, wantA, wantB)
				}
				pd := simtest.MustCall(t, c, c.ABI.PackPaid(id), c.ABI.UnpackPaid)
				if pd.AlicePaid.Cmp(a) != 0 || pd.BobPaid.Cmp(b) != 0 {
					t.Errorf("paid = (%s, %s); want (30, 10)", pd.AlicePaid, pd.BobPaid)
				}
				_, err := c.CallAs(other, nil, c.ABI.PackWithdraw(id))
				c.RequireRevert(t, err, bindings.DuplexChannelAlreadyWithdrawnErrorID())
				_, err = c.CallAs(c.Mallory, nil, c.ABI.PackWithdraw(id))
				c.RequireRevert(t, err, bindings.DuplexChannelNotPartyErrorID())
				if kind.noReceive {
					// It can never take ether; its withdraw reverts and its share stays put.
					if _, err := p.act(nil, c.ABI.PackWithdraw(id)); err == nil {
						t.Fatal("withdraw to a contract without receive succeeded")
					}
					return
				}
				p.setMode(t, modeAccept)
				if _, err := p.act(nil, c.ABI.PackWithdraw(id)); err != nil {
					t.Fatalf("payee withdraws: %v", c.Describe(err))
				}
				if got := new(big.Int).Sub(c.Balance(p.addr), payeeBefore); got.Int64() != share {
					t.Errorf("payee withdrew %s; want %d", got, share)
				}
				if got := heldNow(); got != 0 {
					t.Errorf("channel holds %d; want 0", got)
				}
				if w := simtest.MustCall(t, c, c.ABI.PackWithdrawn(id), c.ABI.UnpackWithdrawn); !w.Alice || !w.Bob {
					t.Errorf("withdrawn = %+v after the payee's withdraw; want both", w)
				}
				if _, err := p.act(nil, c.ABI.PackWithdraw(id)); err == nil {
					t.Error("second withdraw succeeded")
				}
			})
		}
	}
}

// TestCooperativeCloseBothPayoutsFail: both parties are gas burners; the close
// still goes through (under burnerCloseGas plus one more bounded payout) and
// each party withdraws its share later.
func TestCooperativeCloseBothPayoutsFail(t *testing.T) {
	c := simtest.New(t)
	pa, pb := deployPayee(t, c, false), deployPayee(t, c, false)
	rc, err := pa.act(wei(100), c.ABI.PackOpen(pb.addr, c.Bob.Addr, c.Mallory.Addr, 10))
	if err != nil {
		t.Fatal(c.Describe(err))
	}
	ev, err := c.ABI.UnpackChannelOpenedEvent(rc.Logs[0])
	if err != nil {
		t.Fatal(err)
	}
	id := ev.Id
	if _, err := pb.act(wei(50), c.ABI.PackDeposit(id)); err != nil {
		t.Fatal(c.Describe(err))
	}
	pa.setMode(t, modeBurnGas)
	pb.setMode(t, modeRevertBomb)
	a, b := wei(30), wei(10)
	rc = sendWithGas(t, c, c.Mallory, c.ABI.PackCooperativeClose(id, a, b, mustCloseSig(t, c, c.Mallory, id, a, b), mustCloseSig(t, c, c.Bob, id, a, b)), 3_000_000)
	if rc.Status != types.ReceiptStatusSuccessful || rc.GasUsed > burnerCloseGas+55_000 {
		t.Fatalf("cooperativeClose: status %d, %d gas; want success within %d", rc.Status, rc.GasUsed, burnerCloseGas+55_000)
	}
	t.Logf("third party's cooperativeClose with two failing payouts: %d gas", rc.GasUsed)
	if w := simtest.MustCall(t, c, c.ABI.PackWithdrawn(id), c.ABI.UnpackWithdrawn); w.Alice || w.Bob {
		t.Fatalf("withdrawn = %+v; want neither", w)
	}
	if got := c.Balance(c.ChannelAddr); got.Cmp(wei(150)) != 0 {
		t.Fatalf("contract holds %s; want 150", got)
	}
	for _, tc := range []struct {
		p    *payee
		want int64
	}{{pa, 80}, {pb, 70}} {
		tc.p.setMode(t, modeAccept)
		before := c.Balance(tc.p.addr)
		if _, err := tc.p.act(nil, c.ABI.PackWithdraw(id)); err != nil {
			t.Fatal(c.Describe(err))
		}
		if got := new(big.Int).Sub(c.Balance(tc.p.addr), before); got.Int64() != tc.want {
			t.Errorf("withdrew %s; want %d", got, tc.want)
		}
	}
	if got := c.Balance(c.ChannelAddr); got.Sign() != 0 {
		t.Errorf("contract holds %s; want 0", got)
	}
	if st := status(t, c, id); st != statusClosed {
		t.Errorf("status = %d; want Closed", st)
	}
}

// TestCooperativeCloseStarvedPayoutReverts: a third party cannot pick a gas
// limit that starves an honest payee whose receive needs more than the 2,300
// stipend (but less than the bound) and so push it onto withdraw: at every
// gas limit the close either reverts as a whole or pays the payee.
func TestCooperativeCloseStarvedPayoutReverts(t *testing.T) {
	c := simtest.New(t)
	for _, payeeIsAlice := range []bool{true, false} {
		t.Run(fmt.Sprintf("payee is Alice %v", payeeIsAlice), func(t *testing.T) {
			p := deployPayee(t, c, false)
			p.setMode(t, modeHeavy)
			id, ak, bk := openWithPayee(t, c, p, payeeIsAlice)
			a, b := wei(30), wei(10)
			data := c.ABI.PackCooperativeClose(id, a, b, mustCloseSig(t, c, ak, id, a, b), mustCloseSig(t, c, bk, id, a, b))
			successes, reverts := 0, 0
			for gas := uint64(60_000); successes < 3; gas += 500 {
				if gas > 400_000 {
					t.Fatal("no gas limit up to 400,000 closes the channel")
				}
				rc := sendWithGas(t, c, c.Mallory, data, gas)
				if rc.Status != types.ReceiptStatusSuccessful {
					reverts++
					if st := status(t, c, id); st != statusOpen {
						t.Fatalf("status after a reverted close = %d; want Open", st)
					}
					continue
				}
				if w := simtest.MustCall(t, c, c.ABI.PackWithdrawn(id), c.ABI.UnpackWithdrawn); !w.Alice || !w.Bob {
					t.Fatalf("gas limit %d: the close went through without paying the payee (withdrawn %+v)", gas, w)
				}
				successes++
				t.Logf("gas limit %d: closed, %d gas used (after %d reverted attempts)", gas, rc.GasUsed, reverts)
				id, ak, bk = openWithPayee(t, c, p, payeeIsAlice)
				data = c.ABI.PackCooperativeClose(id, a, b, mustCloseSig(t, c, ak, id, a, b), mustCloseSig(t, c, bk, id, a, b))
			}
			if reverts == 0 {
				t.Error("no gas limit was low enough to revert: the sweep started too high")
			}
		})
	}
}
