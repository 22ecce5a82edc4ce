package contracts_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/go-cmp/cmp"

	"paychan/contracts/bindings"
	"paychan/contracts/simtest"
)

var none = common.Address{}

// maxAmount is the largest amount the contract stores (2**96 - 1).
var maxAmount = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 96), big.NewInt(1))

// netChange returns how a's balance changed over rcs' transactions, adding back the gas a paid.
func netChange(c *simtest.Chain, a *simtest.Actor, before *big.Int, rcs ...*types.Receipt) *big.Int {
	d := new(big.Int).Sub(c.Balance(a.Addr), before)
	for _, rc := range rcs {
		d.Add(d, simtest.GasCost(rc))
	}
	return d
}

// TestSeedDemo is the seed's demo: Alice opens, deposits 100, pays Bob 20
// off-chain, Bob claims, 100 blocks pass, Alice withdraws 80 and Bob 20.
func TestSeedDemo(t *testing.T) {
	c := simtest.New(t)
	aliceBefore, bobBefore := c.Balance(c.Alice.Addr), c.Balance(c.Bob.Addr)

	id, rcOpen := mustOpen(t, c, c.Alice, c.Bob, none, none, nil, 100)
	rcDep := c.MustSend(t, c.Alice, wei(100), c.ABI.PackDeposit(id))
	if got := c.Balance(c.ChannelAddr); got.Cmp(wei(100)) != 0 {
		t.Fatalf("contract holds %s; want 100", got)
	}
	sig := mustPaymentSig(t, c, c.Alice, id, wei(20)) // off-chain: Alice pays Bob 20
	rcClaim := c.MustSend(t, c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(20), sig))
	if st := status(t, c, id); st != statusClosing {
		t.Fatalf("status after claim = %d; want Closing", st)
	}
	c.Mine(100)
	if st := status(t, c, id); st != statusClosed {
		t.Fatalf("status after 100 blocks = %d; want Closed", st)
	}
	bal := simtest.MustCall(t, c, c.ABI.PackBalances(id), c.ABI.UnpackBalances)
	if diff := cmp.Diff([]string{"80", "20"}, []string{bal.Alice.String(), bal.Bob.String()}); diff != "" {
		t.Fatalf("balances (-want +got):\n%s", diff)
	}
	rcWA := c.MustSend(t, c.Alice, nil, c.ABI.PackWithdraw(id))
	rcWB := c.MustSend(t, c.Bob, nil, c.ABI.PackWithdraw(id))

	if got := netChange(c, c.Alice, aliceBefore, rcOpen, rcDep, rcWA); got.Cmp(wei(-20)) != 0 {
		t.Errorf("Alice's balance changed by %s net of gas; want -20", got)
	}
	if got := netChange(c, c.Bob, bobBefore, rcClaim, rcWB); got.Cmp(wei(20)) != 0 {
		t.Errorf("Bob's balance changed by %s net of gas; want +20", got)
	}
	if got := c.Balance(c.ChannelAddr); got.Sign() != 0 {
		t.Errorf("contract still holds %s; want 0", got)
	}
	w := simtest.MustCall(t, c, c.ABI.PackWithdrawn(id), c.ABI.UnpackWithdrawn)
	if !w.Alice || !w.Bob {
		t.Errorf("withdrawn = %+v; want both", w)
	}
	_, err := c.Send(c.Bob, nil, c.ABI.PackWithdraw(id))
	c.RequireRevert(t, err, bindings.DuplexChannelChannelSettledErrorID())
}

// TestFinalizationPeriodStory is the seed's "Finalization Period" story: Alice
// closes with stale totals (re-submitting her own older signature after
// Bob's counter-claim); Bob's single counter-claim wins.
func TestFinalizationPeriodStory(t *testing.T) {
	c := simtest.New(t)
	id, _ := mustOpen(t, c, c.Alice, c.Bob, none, none, wei(400), 100)
	a200 := mustPaymentSig(t, c, c.Alice, id, wei(200)) // 1: Alice sends 200
	b100 := mustPaymentSig(t, c, c.Bob, id, wei(100))   // 2: Bob sends 100
	a500 := mustPaymentSig(t, c, c.Alice, id, wei(500)) // 3: Alice sends 300 more (total 500)

	// Alice claims state 2: Bob paid her 100 (and nothing of hers on chain).
	c.MustSend(t, c.Alice, nil, c.ABI.PackClaim(id, c.Bob.Addr, wei(100), b100))
	// Bob wakes up: one counter-claim with Alice's latest total.
	c.MustSend(t, c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(500), a500))
	// Alice re-submits her own older signature and Bob's payment again: nothing changes.
	c.MustSend(t, c.Alice, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(200), a200))
	c.MustSend(t, c.Alice, nil, c.ABI.PackClaim(id, c.Bob.Addr, wei(100), b100))

	p := simtest.MustCall(t, c, c.ABI.PackPaid(id), c.ABI.UnpackPaid)
	if p.AlicePaid.Cmp(wei(500)) != 0 || p.BobPaid.Cmp(wei(100)) != 0 {
		t.Fatalf("paid = (%s, %s); want (500, 100)", p.AlicePaid, p.BobPaid)
	}
	c.Mine(100)
	bal := simtest.MustCall(t, c, c.ABI.PackBalances(id), c.ABI.UnpackBalances)
	if bal.Alice.Sign() != 0 || bal.Bob.Cmp(wei(400)) != 0 {
		t.Fatalf("balances = (%s, %s); want (0, 400)", bal.Alice, bal.Bob)
	}
	bobBefore := c.Balance(c.Bob.Addr)
	rc := c.MustSend(t, c.Bob, nil, c.ABI.PackWithdraw(id))
	if got := netChange(c, c.Bob, bobBefore, rc); got.Cmp(wei(400)) != 0 {
		t.Errorf("Bob withdrew %s; want 400", got)
	}
	aliceBefore := c.Balance(c.Alice.Addr)
	rc = c.MustSend(t, c.Alice, nil, c.ABI.PackWithdraw(id))
	if got := netChange(c, c.Alice, aliceBefore, rc); got.Sign() != 0 {
		t.Errorf("Alice withdrew %s; want 0", got)
	}
}

func TestOpenRules(t *testing.T) {
	c := simtest.New(t)
	maxFin := simtest.MustCall(t, c, c.ABI.PackMAXFINALIZATIONBLOCKS(), c.ABI.UnpackMAXFINALIZATIONBLOCKS)
	tests := []struct {
		name              string
		bob, bobS, aliceS common.Address
		fin               uint64
		want              common.Hash
	}{
		{"zero Bob", none, none, none, 100, bindings.DuplexChannelInvalidCounterpartyErrorID()},
		{"Bob is Alice", c.Alice.Addr, none, none, 100, bindings.DuplexChannelInvalidCounterpartyErrorID()},
		{"equal signers", c.Bob.Addr, c.Mallory.Addr, c.Mallory.Addr, 100, bindings.DuplexChannelSameSignerErrorID()},
		{"Bob's signer is Alice", c.Bob.Addr, c.Alice.Addr, none, 100, bindings.DuplexChannelSameSignerErrorID()},
		{"zero period", c.Bob.Addr, none, none, 0, bindings.DuplexChannelInvalidFinalizationBlocksErrorID()},
		{"period above max", c.Bob.Addr, none, none, maxFin + 1, bindings.DuplexChannelInvalidFinalizationBlocksErrorID()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.CallAs(c.Alice, nil, c.ABI.PackOpen(tt.bob, tt.bobS, tt.aliceS, tt.fin))
			c.RequireRevert(t, err, tt.want)
		})
	}
	// The maximum period is accepted, ids are sequential from 1, the event resolves zero signers.
	id, rc := mustOpen(t, c, c.Alice, c.Bob, none, none, nil, maxFin)
	if id.Cmp(wei(1)) != 0 {
		t.Errorf("first id = %s; want 1", id)
	}
	ev, err := c.ABI.UnpackChannelOpenedEvent(rc.Logs[0])
	if err != nil {
		t.Fatal(err)
	}
	if ev.AliceSigner != c.Alice.Addr || ev.BobSigner != c.Bob.Addr || ev.FinalizationBlocks != maxFin {
		t.Errorf("ChannelOpened = %+v; want signers = accounts, period %d", ev, maxFin)
	}
	id2, _ := mustOpen(t, c, c.Bob, c.Alice, none, none, nil, 1)
	if id2.Cmp(wei(2)) != 0 {
		t.Errorf("second id = %s; want 2", id2)
	}
}

func TestDepositRules(t *testing.T) {
	whale := simtest.ActorFromSeed("Whale", "paychan contracts test whale")
	whale.Genesis = new(big.Int).Lsh(big.NewInt(1), 100)
	c := simtest.New(t, whale)
	id, _ := mustOpen(t, c, c.Alice, c.Bob, none, none, wei(10), 5)

	_, err := c.CallAs(c.Mallory, wei(1), c.ABI.PackDeposit(id))
	c.RequireRevert(t, err, bindings.DuplexChannelNotPartyErrorID())
	_, err = c.CallAs(c.Alice, nil, c.ABI.PackDeposit(id))
	c.RequireRevert(t, err, bindings.DuplexChannelZeroDepositErrorID())
	_, err = c.CallAs(c.Alice, wei(1), c.ABI.PackDeposit(wei(99)))
	c.RequireRevert(t, err, bindings.DuplexChannelChannelNotOpenErrorID())

	// Both may deposit any number of times.
	c.MustSend(t, c.Alice, wei(5), c.ABI.PackDeposit(id))
	rc := c.MustSend(t, c.Bob, wei(7), c.ABI.PackDeposit(id))
	c.MustSend(t, c.Bob, wei(8), c.ABI.PackDeposit(id))
	ev, err := c.ABI.UnpackDepositedEvent(rc.Logs[0])
	if err != nil || ev.Party != c.Bob.Addr || ev.Amount.Cmp(wei(7)) != 0 || ev.Total.Cmp(wei(7)) != 0 {
		t.Errorf("Deposited = %+v, %v; want Bob 7 total 7", ev, err)
	}
	d := simtest.MustCall(t, c, c.ABI.PackDeposits(id), c.ABI.UnpackDeposits)
	if d.Alice.Cmp(wei(15)) != 0 || d.Bob.Cmp(wei(15)) != 0 {
		t.Errorf("deposits = (%s, %s); want (15, 15)", d.Alice, d.Bob)
	}

	// Width: a deposit whose total does not fit 96 bits is rejected, at open and later.
	wid, _ := mustOpen(t, c, whale, c.Bob, none, none, maxAmount, 5)
	_, err = c.CallAs(whale, wei(1), c.ABI.PackDeposit(wid))
	c.RequireRevert(t, err, bindings.DuplexChannelAmountTooLargeErrorID())
	_, err = c.CallAs(whale, new(big.Int).Add(maxAmount, wei(1)), c.ABI.PackOpen(c.Bob.Addr, none, none, 5))
	c.RequireRevert(t, err, bindings.DuplexChannelAmountTooLargeErrorID())

	// Only while Open.
	c.MustSend(t, c.Bob, nil, c.ABI.PackStartClose(id))
	_, err = c.CallAs(c.Alice, wei(1), c.ABI.PackDeposit(id))
	c.RequireRevert(t, err, bindings.DuplexChannelChannelNotOpenErrorID())
	c.Mine(5)
	_, err = c.CallAs(c.Alice, wei(1), c.ABI.PackDeposit(id))
	c.RequireRevert(t, err, bindings.DuplexChannelChannelNotOpenErrorID())
}

func TestClaimRules(t *testing.T) {
	c := simtest.New(t)
	const fin = 10
	id, _ := mustOpen(t, c, c.Alice, c.Bob, none, none, wei(100), fin)
	c.MustSend(t, c.Bob, wei(50), c.ABI.PackDeposit(id))
	a30 := mustPaymentSig(t, c, c.Alice, id, wei(30))
	a40 := mustPaymentSig(t, c, c.Alice, id, wei(40))
	b20 := mustPaymentSig(t, c, c.Bob, id, wei(20))

	// While Open only Alice or Bob may claim.
	_, err := c.CallAs(c.Mallory, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(30), a30))
	c.RequireRevert(t, err, bindings.DuplexChannelNotPartyErrorID())
	// payer must be a party; the signature must be the payer's.
	_, err = c.CallAs(c.Bob, nil, c.ABI.PackClaim(id, c.Mallory.Addr, wei(30), a30))
	c.RequireRevert(t, err, bindings.DuplexChannelInvalidPayerErrorID())
	_, err = c.CallAs(c.Bob, nil, c.ABI.PackClaim(id, c.Bob.Addr, wei(30), a30))
	c.RequireRevert(t, err, bindings.DuplexChannelWrongSignerErrorID())
	_, err = c.CallAs(c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(31), a30))
	c.RequireRevert(t, err, bindings.DuplexChannelWrongSignerErrorID())
	// Width: a validly signed total above 96 bits is rejected.
	huge := new(big.Int).Add(maxAmount, wei(1))
	_, err = c.CallAs(c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, huge, mustPaymentSig(t, c, c.Alice, id, huge)))
	c.RequireRevert(t, err, bindings.DuplexChannelAmountTooLargeErrorID())
	// Unknown channel.
	_, err = c.CallAs(c.Bob, nil, c.ABI.PackClaim(wei(77), c.Alice.Addr, wei(30), a30))
	c.RequireRevert(t, err, bindings.DuplexChannelChannelNotActiveErrorID())

	// The first claim starts the period.
	rc := c.MustSend(t, c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(30), a30))
	closesAt := rc.BlockNumber.Uint64() + fin
	ev, err := c.ABI.UnpackClaimedEvent(rc.Logs[0])
	if err != nil || ev.ClosesAt != closesAt || ev.Paid.Cmp(wei(30)) != 0 || ev.Payer != c.Alice.Addr {
		t.Fatalf("Claimed = %+v, %v; want Alice 30 closesAt %d", ev, err, closesAt)
	}
	// While Closing anyone may claim (a watchtower), and a later claim never extends the period.
	c.Mine(3)
	rc = c.MustSend(t, c.Mallory, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(40), a40))
	if ev, _ := c.ABI.UnpackClaimedEvent(rc.Logs[0]); ev.ClosesAt != closesAt {
		t.Errorf("a later claim moved closesAt to %d; want %d", ev.ClosesAt, closesAt)
	}
	// A stale claim is harmless: the maximum is kept.
	c.MustSend(t, c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(30), a30))
	c.MustSend(t, c.Alice, nil, c.ABI.PackClaim(id, c.Bob.Addr, wei(20), b20))
	if got := simtest.MustCall(t, c, c.ABI.PackClosesAt(id), c.ABI.UnpackClosesAt); got != closesAt {
		t.Errorf("closesAt = %d; want %d", got, closesAt)
	}
	p := simtest.MustCall(t, c, c.ABI.PackPaid(id), c.ABI.UnpackPaid)
	if p.AlicePaid.Cmp(wei(40)) != 0 || p.BobPaid.Cmp(wei(20)) != 0 {
		t.Errorf("paid = (%s, %s); want (40, 20)", p.AlicePaid, p.BobPaid)
	}
	// startClose needs an Open channel.
	_, err = c.CallAs(c.Alice, nil, c.ABI.PackStartClose(id))
	c.RequireRevert(t, err, bindings.DuplexChannelChannelNotOpenErrorID())

	// The last block of the period still accepts claims; at closesAt the channel is Closed.
	for c.BlockNumber()+1 < closesAt-1 {
		c.Commit()
	}
	c.MustSend(t, c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(40), a40)) // mined in block closesAt-1
	if st := status(t, c, id); st != statusClosing {
		t.Fatalf("status at block %d = %d; want Closing", c.BlockNumber(), st)
	}
	_, err = c.CallAs(c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(40), a40)) // would be mined at closesAt
	c.RequireRevert(t, err, bindings.DuplexChannelChannelNotActiveErrorID())
	c.Commit()
	if st := status(t, c, id); st != statusClosed {
		t.Fatalf("status at block %d = %d; want Closed", c.BlockNumber(), st)
	}
	bal := simtest.MustCall(t, c, c.ABI.PackBalances(id), c.ABI.UnpackBalances)
	if bal.Alice.Cmp(wei(80)) != 0 || bal.Bob.Cmp(wei(70)) != 0 {
		t.Errorf("balances = (%s, %s); want (80, 70)", bal.Alice, bal.Bob)
	}
}

func TestStartCloseAndWithdrawRules(t *testing.T) {
	c := simtest.New(t)
	id, _ := mustOpen(t, c, c.Alice, c.Bob, none, none, wei(100), 3)

	_, err := c.CallAs(c.Alice, nil, c.ABI.PackWithdraw(id))
	c.RequireRevert(t, err, bindings.DuplexChannelChannelNotClosedErrorID())
	_, err = c.CallAs(c.Mallory, nil, c.ABI.PackStartClose(id))
	c.RequireRevert(t, err, bindings.DuplexChannelNotPartyErrorID())
	_, err = c.CallAs(c.Alice, nil, c.ABI.PackStartClose(wei(42)))
	c.RequireRevert(t, err, bindings.DuplexChannelChannelNotOpenErrorID())

	rc := c.MustSend(t, c.Bob, nil, c.ABI.PackStartClose(id))
	ev, err := c.ABI.UnpackCloseStartedEvent(rc.Logs[0])
	if err != nil || ev.By != c.Bob.Addr || ev.ClosesAt != rc.BlockNumber.Uint64()+3 {
		t.Fatalf("CloseStarted = %+v, %v", ev, err)
	}
	_, err = c.CallAs(c.Alice, nil, c.ABI.PackWithdraw(id))
	c.RequireRevert(t, err, bindings.DuplexChannelChannelNotClosedErrorID())
	c.Mine(3)
	_, err = c.CallAs(c.Mallory, nil, c.ABI.PackWithdraw(id))
	c.RequireRevert(t, err, bindings.DuplexChannelNotPartyErrorID())
	c.MustSend(t, c.Alice, nil, c.ABI.PackWithdraw(id))
	_, err = c.CallAs(c.Alice, nil, c.ABI.PackWithdraw(id))
	c.RequireRevert(t, err, bindings.DuplexChannelAlreadyWithdrawnErrorID())
	// Bob's balance is 0: he may still withdraw (nothing is sent), once.
	c.MustSend(t, c.Bob, nil, c.ABI.PackWithdraw(id))
	_, err = c.CallAs(c.Bob, nil, c.ABI.PackWithdraw(id))
	c.RequireRevert(t, err, bindings.DuplexChannelChannelSettledErrorID())
	if st := status(t, c, id); st != statusClosed {
		t.Errorf("settled channel status = %d; want Closed", st)
	}
}

func TestCooperativeClose(t *testing.T) {
	c := simtest.New(t)
	id, _ := mustOpen(t, c, c.Alice, c.Bob, none, none, wei(100), 50)
	c.MustSend(t, c.Bob, wei(50), c.ABI.PackDeposit(id))
	// A claim first (Closing), then a cooperative close: the signed totals raise the stored ones (the max
	// rule; TestCloseKeepsMaxPerDirection covers a claim above the Close).
	c.MustSend(t, c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(20), mustPaymentSig(t, c, c.Alice, id, wei(20))))
	as := mustCloseSig(t, c, c.Alice, id, wei(30), wei(10))
	bs := mustCloseSig(t, c, c.Bob, id, wei(30), wei(10))

	_, err := c.CallAs(c.Bob, nil, c.ABI.PackCooperativeClose(id, wei(30), wei(10), bs, as))
	c.RequireRevert(t, err, bindings.DuplexChannelWrongSignerErrorID())
	_, err = c.CallAs(c.Bob, nil, c.ABI.PackCooperativeClose(id, wei(31), wei(10), as, bs))
	c.RequireRevert(t, err, bindings.DuplexChannelWrongSignerErrorID())
	huge := new(big.Int).Add(maxAmount, wei(1))
	_, err = c.CallAs(c.Bob, nil, c.ABI.PackCooperativeClose(id, huge, wei(10),
		mustCloseSig(t, c, c.Alice, id, huge, wei(10)), mustCloseSig(t, c, c.Bob, id, huge, wei(10))))
	c.RequireRevert(t, err, bindings.DuplexChannelAmountTooLargeErrorID())

	aliceBefore, bobBefore := c.Balance(c.Alice.Addr), c.Balance(c.Bob.Addr)
	// Anyone holding both signatures may submit: Mallory does, both parties are paid in her transaction.
	rc := c.MustSend(t, c.Mallory, nil, c.ABI.PackCooperativeClose(id, wei(30), wei(10), as, bs))
	if got := new(big.Int).Sub(c.Balance(c.Alice.Addr), aliceBefore); got.Cmp(wei(80)) != 0 {
		t.Errorf("Alice received %s; want 80 (100 + 10 - 30)", got)
	}
	if got := new(big.Int).Sub(c.Balance(c.Bob.Addr), bobBefore); got.Cmp(wei(70)) != 0 {
		t.Errorf("Bob received %s; want 70 (50 + 30 - 10)", got)
	}
	if got := c.Balance(c.ChannelAddr); got.Sign() != 0 {
		t.Errorf("contract holds %s; want 0", got)
	}
	ev, err := c.ABI.UnpackClosedCooperativelyEvent(rc.Logs[0])
	if err != nil || ev.AlicePaid.Cmp(wei(30)) != 0 || ev.BobPaid.Cmp(wei(10)) != 0 {
		t.Errorf("ClosedCooperatively = %+v, %v", ev, err)
	}
	if st := status(t, c, id); st != statusClosed {
		t.Errorf("status = %d; want Closed", st)
	}
	_, err = c.CallAs(c.Bob, nil, c.ABI.PackCooperativeClose(id, wei(30), wei(10), as, bs))
	c.RequireRevert(t, err, bindings.DuplexChannelChannelNotActiveErrorID())
	_, err = c.CallAs(c.Alice, nil, c.ABI.PackWithdraw(id))
	c.RequireRevert(t, err, bindings.DuplexChannelChannelSettledErrorID())
	_, err = c.CallAs(c.Alice, nil, c.ABI.PackClaim(id, c.Bob.Addr, wei(10), mustPaymentSig(t, c, c.Bob, id, wei(10))))
	c.RequireRevert(t, err, bindings.DuplexChannelChannelNotActiveErrorID())

	// While Open too.
	id, _ = mustOpen(t, c, c.Alice, c.Bob, none, none, wei(100), 50)
	c.MustSend(t, c.Alice, nil, c.ABI.PackCooperativeClose(id, wei(100), wei(0),
		mustCloseSig(t, c, c.Alice, id, wei(100), wei(0)), mustCloseSig(t, c, c.Bob, id, wei(100), wei(0))))
	if got := c.Balance(c.ChannelAddr); got.Sign() != 0 {
		t.Errorf("contract holds %s; want 0", got)
	}
}

// TestOverdrawClamped: whatever is signed, a channel pays out at most its deposits.
func TestOverdrawClamped(t *testing.T) {
	c := simtest.New(t)
	id, _ := mustOpen(t, c, c.Alice, c.Bob, none, none, wei(100), 2)
	c.MustSend(t, c.Bob, wei(10), c.ABI.PackDeposit(id))
	// Alice signed 1000 (more than she has): Bob's balance is clamped to the channel's 110.
	c.MustSend(t, c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(1000), mustPaymentSig(t, c, c.Alice, id, wei(1000))))
	c.Mine(2)
	bal := simtest.MustCall(t, c, c.ABI.PackBalances(id), c.ABI.UnpackBalances)
	if bal.Alice.Sign() != 0 || bal.Bob.Cmp(wei(110)) != 0 {
		t.Fatalf("balances = (%s, %s); want (0, 110)", bal.Alice, bal.Bob)
	}
	c.MustSend(t, c.Alice, nil, c.ABI.PackWithdraw(id))
	c.MustSend(t, c.Bob, nil, c.ABI.PackWithdraw(id))
	if got := c.Balance(c.ChannelAddr); got.Sign() != 0 {
		t.Errorf("contract holds %s; want 0", got)
	}

	// The other direction, cooperatively: Bob "paid" 5000 with a 0 deposit of his own.
	id, _ = mustOpen(t, c, c.Alice, c.Bob, none, none, wei(100), 2)
	c.MustSend(t, c.Bob, wei(1), c.ABI.PackDeposit(id))
	bobBefore := c.Balance(c.Bob.Addr)
	rc := c.MustSend(t, c.Alice, nil, c.ABI.PackCooperativeClose(id, wei(0), wei(5000),
		mustCloseSig(t, c, c.Alice, id, wei(0), wei(5000)), mustCloseSig(t, c, c.Bob, id, wei(0), wei(5000))))
	if got := c.Balance(c.Bob.Addr); got.Cmp(bobBefore) != 0 {
		t.Errorf("Bob's balance changed by %s; want 0", new(big.Int).Sub(got, bobBefore))
	}
	if got := c.Balance(c.ChannelAddr); got.Sign() != 0 {
		t.Errorf("contract holds %s after %d gas; want 0", got, rc.GasUsed)
	}
}

// TestSignatureBinding: a signature for another channel, another contract or
// another chain id, a malleable (high-s) one, a bad v or length are rejected.
func TestSignatureBinding(t *testing.T) {
	c := simtest.New(t)
	id1, _ := mustOpen(t, c, c.Alice, c.Bob, none, none, wei(100), 5)
	id2, _ := mustOpen(t, c, c.Alice, c.Bob, none, none, wei(100), 5)
	other, err := c.Deploy(c.Deployer)
	if err != nil {
		t.Fatal(err)
	}
	claim := func(sig []byte) error {
		_, err := c.CallAs(c.Bob, nil, c.ABI.PackClaim(id1, c.Alice.Addr, wei(20), sig))
		return err
	}
	signTyped := func(chainID int64, contract common.Address, id *big.Int) []byte {
		d := paymentDigestGo(t, big.NewInt(chainID), contract, id, wei(20))
		sig, err := simtest.SignDigest(c.Alice.Key, d)
		if err != nil {
			t.Fatal(err)
		}
		return sig
	}

	good := signTyped(simtest.ChainID, c.ChannelAddr, id1)
	if err := claim(good); err != nil {
		t.Fatalf("good signature rejected: %s", c.Describe(err))
	}
	c.RequireRevert(t, claim(mustPaymentSig(t, c, c.Alice, id2, wei(20))), bindings.DuplexChannelWrongSignerErrorID())
	c.RequireRevert(t, claim(signTyped(simtest.ChainID, other, id1)), bindings.DuplexChannelWrongSignerErrorID())
	c.RequireRevert(t, claim(signTyped(1, c.ChannelAddr, id1)), bindings.DuplexChannelWrongSignerErrorID())

	// High s: (r, n - s, v ^ 1) is the same signature's malleable twin.
	high := append([]byte(nil), good...)
	s := new(big.Int).SetBytes(good[32:64])
	copy(high[32:64], math.U256Bytes(new(big.Int).Sub(crypto.S256().Params().N, s)))
	high[64] = 27 + 28 - good[64]
	c.RequireRevert(t, claim(high), bindings.DuplexChannelECDSAInvalidSignatureSErrorID())
	// v must be 27 or 28 (no 0/1).
	v01 := append([]byte(nil), good...)
	v01[64] -= 27
	c.RequireRevert(t, claim(v01), bindings.DuplexChannelECDSAInvalidSignatureErrorID())
	c.RequireRevert(t, claim(good[:64]), bindings.DuplexChannelECDSAInvalidSignatureLengthErrorID())
	// An eth_sign (prefixed) signature over the digest is not accepted.
	d := paymentDigestGo(t, big.NewInt(simtest.ChainID), c.ChannelAddr, id1, wei(20))
	prefixed, err := crypto.Sign(crypto.Keccak256(append([]byte("\x19Ethereum Signed Message:\n32"), d[:]...)), c.Alice.Key)
	if err != nil {
		t.Fatal(err)
	}
	prefixed[64] += 27
	c.RequireRevert(t, claim(prefixed), bindings.DuplexChannelWrongSignerErrorID())
}

// TestSeparateSigner is the Qtum case: accounts send transactions, other keys sign.
func TestSeparateSigner(t *testing.T) {
	c := simtest.New(t)
	aliceKey := simtest.ActorFromSeed("Alice's signer", "paychan test alice signer")
	bobKey := simtest.ActorFromSeed("Bob's signer", "paychan test bob signer")
	id, _ := mustOpen(t, c, c.Alice, c.Bob, aliceKey.Addr, bobKey.Addr, wei(100), 5)
	c.MustSend(t, c.Bob, wei(100), c.ABI.PackDeposit(id))

	p := simtest.MustCall(t, c, c.ABI.PackParties(id), c.ABI.UnpackParties)
	want := bindings.PartiesOutput{Alice: c.Alice.Addr, Bob: c.Bob.Addr, AliceSigner: aliceKey.Addr, BobSigner: bobKey.Addr}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Fatalf("parties (-want +got):\n%s", diff)
	}
	// The account key is not the signer any more.
	_, err := c.CallAs(c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(20), mustPaymentSig(t, c, c.Alice, id, wei(20))))
	c.RequireRevert(t, err, bindings.DuplexChannelWrongSignerErrorID())
	c.MustSend(t, c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(20), mustPaymentSig(t, c, aliceKey, id, wei(20))))
	c.MustSend(t, c.Alice, nil, c.ABI.PackClaim(id, c.Bob.Addr, wei(5), mustPaymentSig(t, c, bobKey, id, wei(5))))
	// Cooperative close with the signer keys (account keys rejected).
	_, err = c.CallAs(c.Alice, nil, c.ABI.PackCooperativeClose(id, wei(20), wei(5),
		mustCloseSig(t, c, c.Alice, id, wei(20), wei(5)), mustCloseSig(t, c, bobKey, id, wei(20), wei(5))))
	c.RequireRevert(t, err, bindings.DuplexChannelWrongSignerErrorID())
	bobBefore := c.Balance(c.Bob.Addr)
	c.MustSend(t, c.Alice, nil, c.ABI.PackCooperativeClose(id, wei(20), wei(5),
		mustCloseSig(t, c, aliceKey, id, wei(20), wei(5)), mustCloseSig(t, c, bobKey, id, wei(20), wei(5))))
	if got := new(big.Int).Sub(c.Balance(c.Bob.Addr), bobBefore); got.Cmp(wei(115)) != 0 {
		t.Errorf("Bob received %s; want 115", got)
	}
	// Settled: signers are deleted along with the parties.
	p = simtest.MustCall(t, c, c.ABI.PackParties(id), c.ABI.UnpackParties)
	if diff := cmp.Diff(bindings.PartiesOutput{}, p); diff != "" {
		t.Errorf("parties of a settled channel (-want +got):\n%s", diff)
	}
}
