//go:build !js

package channel_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
	"paychan/contracts/bindings"
	"paychan/contracts/simtest"
)

// TestDigestsMatchContract deploys DuplexChannel and checks that the Go
// digests equal the contract's paymentDigest/closeDigest.
func TestDigestsMatchContract(t *testing.T) {
	c := simtest.New(t)
	d := channel.Domain{ChainID: simtest.ChainID, Contract: c.ChannelAddr}
	for _, tc := range paymentCases {
		want, err := d.PaymentDigest(tc.id, tc.paid)
		if err != nil {
			t.Fatal(err)
		}
		got, err := simtest.Call(c, c.ABI.PackPaymentDigest(tc.id, tc.paid), c.ABI.UnpackPaymentDigest)
		if err != nil {
			t.Fatalf("paymentDigest(%v, %v): %s", tc.id, tc.paid, c.Describe(err))
		}
		if common.Hash(got) != want {
			t.Errorf("paymentDigest(%v, %v) = %x; Go %s", tc.id, tc.paid, got, want)
		}
	}
	for _, tc := range closeCases {
		want, err := d.CloseDigest(tc.id, tc.alice, tc.bob)
		if err != nil {
			t.Fatal(err)
		}
		got, err := simtest.Call(c, c.ABI.PackCloseDigest(tc.id, tc.alice, tc.bob), c.ABI.UnpackCloseDigest)
		if err != nil {
			t.Fatalf("closeDigest(%v, %v, %v): %s", tc.id, tc.alice, tc.bob, c.Describe(err))
		}
		if common.Hash(got) != want {
			t.Errorf("closeDigest(%v, %v, %v) = %x; Go %s", tc.id, tc.alice, tc.bob, got, want)
		}
	}
}

// chainChannel opens a channel on c (Alice deposits aliceDep, Bob bobDep)
// and returns both wallets' states after applying the deposits.
func chainChannel(t *testing.T, c *simtest.Chain, aliceDep, bobDep *big.Int, finalization uint64) (alice, bob channel.State) {
	t.Helper()
	num := c.OpenChannel(t, c.Alice, c.Bob, aliceDep, finalization)
	if bobDep.Sign() > 0 {
		c.MustSend(t, c.Bob, bobDep, c.ABI.PackDeposit(num))
	}
	id := channel.ID{Domain: channel.Domain{ChainID: simtest.ChainID, Contract: c.ChannelAddr}, Channel: num.Uint64()}
	pa := channel.Party{Account: c.Alice.Addr, Signer: c.Alice.Addr}
	pb := channel.Party{Account: c.Bob.Addr, Signer: c.Bob.Addr}
	for _, role := range []channel.Role{channel.Alice, channel.Bob} {
		s, err := channel.NewState(id, role, pa, pb)
		if err != nil {
			t.Fatal(err)
		}
		s = mustApply(t, s, channel.Deposited{Party: channel.Alice, Total: aliceDep})
		s = mustApply(t, s, channel.Deposited{Party: channel.Bob, Total: bobDep})
		if role == channel.Alice {
			alice = s
		} else {
			bob = s
		}
	}
	return alice, bob
}

// submit sends a core transaction from actor.
func submit(t *testing.T, c *simtest.Chain, from *simtest.Actor, tx channel.Tx) {
	t.Helper()
	id := new(big.Int).SetUint64(tx.ChannelID().Channel)
	var data []byte
	switch tx := tx.(type) {
	case channel.ClaimTx:
		data = c.ABI.PackClaim(id, tx.Payer, tx.Paid, tx.Sig[:])
	case channel.CooperativeCloseTx:
		data = c.ABI.PackCooperativeClose(id, tx.AlicePaid, tx.BobPaid, tx.AliceSig[:], tx.BobSig[:])
	case channel.StartCloseTx:
		data = c.ABI.PackStartClose(id)
	case channel.WithdrawTx:
		data = c.ABI.PackWithdraw(id)
	default:
		t.Fatalf("unknown tx %T", tx)
	}
	c.MustSend(t, from, nil, data)
}

func eth(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

// TestClaimAcceptedByContract: payments made by the core both ways are
// accepted by claim, and the contract settles what the wallets computed.
func TestClaimAcceptedByContract(t *testing.T) {
	c := simtest.New(t)
	alice, bob := chainChannel(t, c, eth(10), eth(5), 5)
	now := time.Unix(1_700_000_000, 0)
	alice, bob = exchange(t, alice, bob, eth(3), now) // Alice pays Bob 3
	bob, alice = exchange(t, bob, alice, eth(1), now) // Bob pays Alice 1
	alice, bob = exchange(t, alice, bob, big.NewInt(7), now)

	// Bob closes: the core tells him to claim Alice's latest payment.
	_, fx, err := channel.StartClose(bob)
	if err != nil {
		t.Fatal(err)
	}
	if len(fx.Submit) != 1 {
		t.Fatalf("StartClose effects %+v; want one claim", fx)
	}
	submit(t, c, c.Bob, fx.Submit[0])
	// Alice learns of it and the core tells her to claim Bob's payment.
	closesAt := simtest.MustCall(t, c, c.ABI.PackClosesAt(big.NewInt(int64(alice.ID.Channel))), c.ABI.UnpackClosesAt)
	alice, fx, err = channel.ApplyEvent(alice, channel.Claimed{Payer: channel.Alice, Paid: alice.Sent, ClosesAt: closesAt})
	if err != nil {
		t.Fatal(err)
	}
	if len(fx.Submit) != 1 {
		t.Fatalf("Alice's effects %+v; want one claim", fx)
	}
	submit(t, c, c.Alice, fx.Submit[0])

	num := new(big.Int).SetUint64(alice.ID.Channel)
	paid := simtest.MustCall(t, c, c.ABI.PackPaid(num), c.ABI.UnpackPaid)
	want := bindings.PaidOutput{AlicePaid: alice.Sent, BobPaid: bob.Sent}
	if diff := cmp.Diff(want.AlicePaid.String()+"/"+want.BobPaid.String(), paid.AlicePaid.String()+"/"+paid.BobPaid.String()); diff != "" {
		t.Fatalf("paid on chain (-want +got):\n%s", diff)
	}
	bal := simtest.MustCall(t, c, c.ABI.PackBalances(num), c.ABI.UnpackBalances)
	if bal.Alice.Cmp(alice.Balance()) != 0 || bal.Bob.Cmp(bob.Balance()) != 0 {
		t.Fatalf("balances on chain %v/%v; wallets %v/%v", bal.Alice, bal.Bob, alice.Balance(), bob.Balance())
	}

	// After the period, the core asks each side to withdraw.
	c.Mine(6)
	alice = mustApply(t, alice, channel.Claimed{Payer: channel.Bob, Paid: bob.Sent, ClosesAt: closesAt})
	alice, fx, err = channel.ApplyEvent(alice, channel.Block{Number: c.BlockNumber()})
	if err != nil || len(fx.Submit) != 1 {
		t.Fatalf("Block event: %+v, %v; want a withdrawal", fx, err)
	}
	if alice.Status != channel.Closed {
		t.Fatalf("status %v; want closed", alice.Status)
	}
	before := c.Balance(c.Alice.Addr)
	submit(t, c, c.Alice, fx.Submit[0])
	if got := new(big.Int).Sub(c.Balance(c.Alice.Addr), before); got.Cmp(alice.Balance()) > 0 || got.Cmp(new(big.Int).Sub(alice.Balance(), big.NewInt(1e16))) < 0 {
		t.Fatalf("Alice withdrew %v (after gas); want about %v", got, alice.Balance())
	}
}

// TestCooperativeCloseAcceptedByContract: a close proposed and countersigned
// by the core is accepted by cooperativeClose.
func TestCooperativeCloseAcceptedByContract(t *testing.T) {
	c := simtest.New(t)
	alice, bob := chainChannel(t, c, eth(4), eth(2), 10)
	now := time.Unix(1_700_000_000, 0)
	alice, bob = exchange(t, alice, bob, eth(1), now)
	bob, alice = exchange(t, bob, alice, big.NewInt(12345), now)

	alice, fx, err := channel.ProposeClose(alice, mustKey(t, aliceWIF), t0)
	if err != nil {
		t.Fatal(err)
	}
	bob, fx, err = channel.ReceiveCloseProposal(bob, fx.Send[0].(channel.CloseProposal), mustKey(t, bobWIF), t0)
	if err != nil {
		t.Fatal(err)
	}
	alice, fx, err = channel.ReceiveCloseSignature(alice, fx.Send[0].(channel.CloseSignature), t0)
	if err != nil || len(fx.Submit) != 1 {
		t.Fatalf("ReceiveCloseSignature: %+v, %v", fx, err)
	}
	bobBefore := c.Balance(c.Bob.Addr)
	submit(t, c, c.Alice, fx.Submit[0])
	num := new(big.Int).SetUint64(alice.ID.Channel)
	if st := simtest.MustCall(t, c, c.ABI.PackStatus(num), c.ABI.UnpackStatus); st != uint8(channel.Closed) {
		t.Fatalf("status %d; want Closed", st)
	}
	if got := new(big.Int).Sub(c.Balance(c.Bob.Addr), bobBefore); got.Cmp(bob.Balance()) != 0 {
		t.Fatalf("Bob was paid %v; his wallet says %v", got, bob.Balance())
	}
	if !bob.Close.Complete() {
		t.Fatalf("Bob's close offer is not complete: %+v", bob.Close)
	}
}
