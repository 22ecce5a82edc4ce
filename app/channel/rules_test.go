package channel_test

import (
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
)

var (
	t0      = time.Unix(1_700_000_000, 0).UTC()
	testID  = channel.ID{Domain: goldenDomain, Channel: 7}
	otherID = channel.ID{Domain: goldenDomain, Channel: 8}
)

// mustPair returns Alice's and Bob's fresh states of testID with the given deposits.
func mustPair(tb testing.TB, aliceDep, bobDep int64) (alice, bob channel.State) {
	tb.Helper()
	a, b := mustKey(tb, aliceWIF), mustKey(tb, bobWIF)
	pa := channel.Party{Account: crypto.PubkeyToAddress(a.PublicKey), Signer: crypto.PubkeyToAddress(a.PublicKey)}
	pb := channel.Party{Account: common.HexToAddress("0xb0b0000000000000000000000000000000000001"), Signer: crypto.PubkeyToAddress(b.PublicKey)}
	for _, r := range []channel.Role{channel.Alice, channel.Bob} {
		s, err := channel.NewState(testID, r, pa, pb)
		if err != nil {
			tb.Fatal(err)
		}
		s.FinalizationBlocks = channel.DefaultMinFinalizationBlocks
		s = mustApply(tb, s, channel.Deposited{Party: channel.Alice, Total: big.NewInt(aliceDep)})
		s = mustApply(tb, s, channel.Deposited{Party: channel.Bob, Total: big.NewInt(bobDep)})
		if r == channel.Alice {
			alice = s
		} else {
			bob = s
		}
	}
	return alice, bob
}

func mustPay(tb testing.TB, s channel.State, amount int64) (channel.State, channel.Payment) {
	tb.Helper()
	n, fx, err := channel.Pay(s, big.NewInt(amount), keyFor(tb, s), t0)
	if err != nil {
		tb.Fatalf("%s pays %d: %v", s.Role, amount, err)
	}
	return n, fx.Send[0].(channel.Payment)
}

func signedPayment(tb testing.TB, id channel.ID, paid int64, key string) channel.Payment {
	tb.Helper()
	d, err := id.PaymentDigest(big.NewInt(paid))
	if err != nil {
		tb.Fatal(err)
	}
	var k = mustMallory(tb)
	if key != "" {
		k = mustKey(tb, key)
	}
	sig, err := channel.Sign(d, k)
	if err != nil {
		tb.Fatal(err)
	}
	return channel.Payment{ID: id, Paid: big.NewInt(paid), Sig: sig}
}

// cmpBig compares *big.Int by value in cmp.Diff.
var cmpBig = cmp.Comparer(func(a, b *big.Int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Cmp(b) == 0
})

func TestValidTransition(t *testing.T) {
	tot := func(a, b int64) channel.Totals {
		return channel.Totals{AlicePaid: big.NewInt(a), BobPaid: big.NewInt(b)}
	}
	tests := []struct {
		name     string
		from, to channel.Totals
		want     error
		party    channel.Role
	}{
		{"Alice pays within deposit", tot(0, 0), tot(10, 0), nil, 0},
		{"Alice overdraws", tot(0, 0), tot(11, 0), channel.ErrOverdraw, channel.Alice},
		{"Alice spends what she received", tot(10, 5), tot(15, 5), nil, 0},
		{"Bob overdraws", tot(0, 0), tot(0, 4), channel.ErrOverdraw, channel.Bob},
		{"Bob spends received", tot(4, 0), tot(4, 7), nil, 0},
		{"Alice decreases", tot(5, 0), tot(4, 0), channel.ErrDecrease, channel.Alice},
		{"Bob decreases", tot(0, 2), tot(0, 1), channel.ErrDecrease, channel.Bob},
		{"too large", tot(0, 0), channel.Totals{AlicePaid: new(big.Int).Add(channel.MaxTotal, big.NewInt(1)), BobPaid: channel.MaxTotal}, channel.ErrTotalTooLarge, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := channel.ValidTransition(big.NewInt(10), big.NewInt(3), tt.from, tt.to)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("ValidTransition = %v; want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("ValidTransition = %v; want %v", err, tt.want)
			}
			var oe *channel.OverdrawError
			if errors.As(err, &oe) && oe.Party != tt.party {
				t.Errorf("overdraw names %s; want %s", oe.Party, tt.party)
			}
			var de *channel.DecreaseError
			if errors.As(err, &de) && de.Party != tt.party {
				t.Errorf("decrease names %s; want %s", de.Party, tt.party)
			}
		})
	}
}

func TestOverdrawErrorText(t *testing.T) {
	alice, _ := mustPair(t, 10, 0)
	_, _, err := channel.Pay(alice, big.NewInt(11), mustKey(t, aliceWIF), t0)
	want := "channel 1337/0x5FbDB2315678afecb367f032d93F642f64180aa3/7: pay: payment exceeds balance: Alice would have paid 11 but has only deposit 10 + received 0"
	if err == nil || err.Error() != want {
		t.Fatalf("error %q;\nwant  %q", err, want)
	}
	var ce *channel.Error
	if !errors.As(err, &ce) || ce.Channel != testID {
		t.Fatalf("error %v does not carry the channel id", err)
	}
}

func TestPay(t *testing.T) {
	alice, bob := mustPair(t, 10, 0)
	closing := mustApply(t, alice, channel.CloseStarted{ClosesAt: 100})
	tests := []struct {
		name   string
		s      channel.State
		amount *big.Int
		key    string
		want   error
	}{
		{"ok", alice, big.NewInt(4), aliceWIF, nil},
		{"whole deposit", alice, big.NewInt(10), aliceWIF, nil},
		{"zero", alice, big.NewInt(0), aliceWIF, channel.ErrZeroAmount},
		{"negative", alice, big.NewInt(-1), aliceWIF, channel.ErrZeroAmount},
		{"nil", alice, nil, aliceWIF, channel.ErrZeroAmount},
		{"overdraw", alice, big.NewInt(11), aliceWIF, channel.ErrOverdraw},
		{"Bob has nothing", bob, big.NewInt(1), bobWIF, channel.ErrOverdraw},
		{"closing", closing, big.NewInt(1), aliceWIF, channel.ErrNotOpen},
		{"wrong key", alice, big.NewInt(1), bobWIF, channel.ErrWrongKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, fx, err := channel.Pay(tt.s, tt.amount, mustKey(t, tt.key), t0)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("Pay = %v; want %v", err, tt.want)
				}
				if diff := cmp.Diff(tt.s, n, cmpBig); diff != "" || !fx.Empty() {
					t.Fatalf("failed Pay changed state or has effects %+v (-want +got):\n%s", fx, diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p := fx.Send[0].(channel.Payment)
			if p.Paid.Cmp(tt.amount) != 0 || n.Sent.Cmp(tt.amount) != 0 || n.SentSig != p.Sig {
				t.Fatalf("Pay: state sent %v, message %+v", n.Sent, p)
			}
			d, _ := testID.PaymentDigest(p.Paid)
			if err := p.Sig.Verify(d, n.Me().Signer); err != nil {
				t.Fatal(err)
			}
			want := channel.History{{Dir: channel.Sent, Amount: tt.amount, Total: tt.amount, At: t0}}
			if diff := cmp.Diff(want, n.History, cmpBig); diff != "" {
				t.Errorf("history (-want +got):\n%s", diff)
			}
			if tt.s.Sent.Sign() != 0 {
				t.Fatal("Pay mutated its input")
			}
		})
	}
}

func TestReceivePayment(t *testing.T) {
	alice, bob := mustPair(t, 10, 2)
	alice, p5 := mustPay(t, alice, 5)
	bob5, _, err := channel.ReceivePayment(bob, p5, t0)
	if err != nil {
		t.Fatal(err)
	}
	_, p8 := mustPay(t, alice, 3)
	closed := mustApply(t, bob, channel.ClosedCooperatively{AlicePaid: big.NewInt(0), BobPaid: big.NewInt(0)})
	highS := p5
	highS.Sig[64] = 29
	wrongCh := signedPayment(t, otherID, 5, aliceWIF)
	// Bob has sent nothing, so Alice can pay at most her deposit 10.
	over := signedPayment(t, testID, 11, aliceWIF)

	tests := []struct {
		name     string
		s        channel.State
		m        channel.Payment
		want     error
		received int64
		sync     bool // a stale total also gets my Sync, so the payer can recover
	}{
		{"first", bob, p5, nil, 5, false},
		{"higher", bob5, p8, nil, 8, false},
		{"out of order: older after newer is a no-op", mustRecv(t, bob, p8), p5, nil, 8, true},
		{"duplicate", bob5, p5, nil, 5, false},
		{"forged by Mallory", bob, signedPayment(t, testID, 5, ""), channel.ErrBadSignature, 0, false},
		{"signed by Bob himself", bob, signedPayment(t, testID, 5, bobWIF), channel.ErrBadSignature, 0, false},
		{"bad v", bob, highS, channel.ErrBadSignature, 0, false},
		{"other channel", bob, wrongCh, channel.ErrWrongChannel, 0, false},
		{"wrong id in message", bob, channel.Payment{ID: otherID, Paid: p5.Paid, Sig: p5.Sig}, channel.ErrWrongChannel, 0, false},
		{"signature for another channel", bob, channel.Payment{ID: testID, Paid: wrongCh.Paid, Sig: wrongCh.Sig}, channel.ErrBadSignature, 0, false},
		{"unaffordable", bob, over, channel.ErrOverdraw, 0, false},
		{"closed", closed, p5, channel.ErrNotOpen, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, fx, err := channel.ReceivePayment(tt.s, tt.m, t0)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("ReceivePayment = %v; want %v", err, tt.want)
				}
				if diff := cmp.Diff(tt.s, n, cmpBig); diff != "" || !fx.Empty() {
					t.Fatalf("failed receive changed state or has effects %+v (-want +got):\n%s", fx, diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n.Received.Cmp(big.NewInt(tt.received)) != 0 {
				t.Fatalf("received %v; want %d", n.Received, tt.received)
			}
			want := channel.Effects{Send: []channel.Message{channel.Ack{ID: testID, Received: big.NewInt(tt.received)}}}
			if tt.sync {
				want.Send = append(want.Send, channel.MakeSync(tt.s))
			}
			if diff := cmp.Diff(want, fx, cmpBig); diff != "" {
				t.Fatalf("effects (-want +got):\n%s", diff)
			}
		})
	}
}

func mustRecv(tb testing.TB, s channel.State, m channel.Payment) channel.State {
	tb.Helper()
	n, _, err := channel.ReceivePayment(s, m, t0)
	if err != nil {
		tb.Fatalf("%s receives %v: %v", s.Role, m.Paid, err)
	}
	return n
}

// TestConcurrentPayments: both pay at once from their own view; each side's
// check of the other's payment uses what it has sent, so honest concurrent
// payments are accepted, and balances stay non-negative on both sides.
func TestConcurrentPayments(t *testing.T) {
	alice, bob := mustPair(t, 5, 5)
	alice, pa := mustPay(t, alice, 5) // Alice spends everything
	bob, pb := mustPay(t, bob, 5)     // Bob too, at the same time
	alice = mustRecv(t, alice, pb)
	bob = mustRecv(t, bob, pa)
	// Now each can spend what it received.
	alice, pa = mustPay(t, alice, 5)
	bob = mustRecv(t, bob, pa)
	if alice.Balance().Sign() != 0 || bob.Balance().Int64() != 10 {
		t.Fatalf("balances %v/%v; want 0/10", alice.Balance(), bob.Balance())
	}
	// Alice cannot spend more, and Bob would refuse it if she signed it anyway.
	if _, _, err := channel.Pay(alice, big.NewInt(1), mustKey(t, aliceWIF), t0); !errors.Is(err, channel.ErrOverdraw) {
		t.Fatalf("Pay = %v; want ErrOverdraw", err)
	}
	if _, _, err := channel.ReceivePayment(bob, signedPayment(t, testID, 11, aliceWIF), t0); !errors.Is(err, channel.ErrOverdraw) {
		t.Fatalf("Receive = %v; want ErrOverdraw", err)
	}
}

func TestReceiveWhileClosingIsClaimed(t *testing.T) {
	alice, bob := mustPair(t, 10, 0)
	alice, p := mustPay(t, alice, 4)
	bob = mustApply(t, bob, channel.CloseStarted{ClosesAt: 50})
	n, fx, err := channel.ReceivePayment(bob, p, t0)
	if err != nil {
		t.Fatal(err)
	}
	want := channel.Effects{
		Send:   []channel.Message{channel.Ack{ID: testID, Received: big.NewInt(4)}},
		Submit: []channel.Tx{channel.ClaimTx{ID: testID, Payer: alice.Me().Account, Paid: big.NewInt(4), Sig: p.Sig}},
	}
	if diff := cmp.Diff(want, fx, cmpBig); diff != "" {
		t.Fatalf("effects (-want +got):\n%s", diff)
	}
	if n.Received.Int64() != 4 {
		t.Fatalf("received %v", n.Received)
	}
}

func TestAckAndSync(t *testing.T) {
	alice, bob := mustPair(t, 10, 0)
	alice, p3 := mustPay(t, alice, 3)
	alice, p5 := mustPay(t, alice, 2)
	// p5 is lost; Bob only got p3.
	bob = mustRecv(t, bob, p3)
	alice, _, err := channel.ReceiveAck(alice, channel.Ack{ID: testID, Received: big.NewInt(3)})
	if err != nil || alice.PeerAcked.Int64() != 3 {
		t.Fatalf("ack: %v %v", alice.PeerAcked, err)
	}
	// An ack above what was sent is capped.
	if n, _, _ := channel.ReceiveAck(alice, channel.Ack{ID: testID, Received: big.NewInt(99)}); n.PeerAcked.Int64() != 5 {
		t.Fatalf("PeerAcked %v; want capped at 5", n.PeerAcked)
	}
	if _, _, err := channel.ReceiveAck(alice, channel.Ack{ID: otherID, Received: big.NewInt(1)}); !errors.Is(err, channel.ErrWrongChannel) {
		t.Fatalf("ack for other channel: %v", err)
	}
	// Reconnect: Bob syncs; Alice resends her latest payment.
	sync := channel.MakeSync(bob)
	if sync.Paid.Sign() != 0 || !sync.Sig.IsZero() || sync.Received.Int64() != 3 {
		t.Fatalf("Bob's sync %+v", sync)
	}
	alice, fx, err := channel.ReceiveSync(alice, sync, t0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(channel.Effects{Send: []channel.Message{p5}}, fx, cmpBig); diff != "" {
		t.Fatalf("sync effects (-want +got):\n%s", diff)
	}
	bob = mustRecv(t, bob, fx.Send[0].(channel.Payment))
	if bob.Received.Int64() != 5 {
		t.Fatalf("Bob received %v", bob.Received)
	}
	// Alice's sync carries her payment: Bob, had he missed it, gets it
	// and acknowledges it (so Alice stops resyncing it).
	_, bobFresh := mustPair(t, 10, 0)
	n, fx, err := channel.ReceiveSync(bobFresh, channel.MakeSync(alice), t0)
	if err != nil || n.Received.Int64() != 5 {
		t.Fatalf("ReceiveSync = %v, %+v, %v", n.Received, fx, err)
	}
	if diff := cmp.Diff(channel.Effects{Send: []channel.Message{channel.Ack{ID: testID, Received: big.NewInt(5)}}}, fx, cmpBig); diff != "" {
		t.Fatalf("sync with a new payment: effects (-want +got):\n%s", diff)
	}
	// A forged sync payment is an error.
	forged := channel.Sync{ID: testID, Paid: big.NewInt(5), Sig: signedPayment(t, testID, 5, "").Sig, Received: big.NewInt(0)}
	if _, _, err := channel.ReceiveSync(bobFresh, forged, t0); !errors.Is(err, channel.ErrBadSignature) {
		t.Fatalf("forged sync: %v", err)
	}
}

func TestCooperativeClose(t *testing.T) {
	alice, bob := mustPair(t, 10, 4)
	alice, bob = exchange(t, alice, bob, big.NewInt(6), t0)
	bob, alice = exchange(t, bob, alice, big.NewInt(1), t0)
	ka, kb := mustKey(t, aliceWIF), mustKey(t, bobWIF)

	alice2, fx, err := channel.ProposeClose(alice, ka, t0)
	if err != nil {
		t.Fatal(err)
	}
	prop := fx.Send[0].(channel.CloseProposal)
	if prop.AlicePaid.Int64() != 6 || prop.BobPaid.Int64() != 1 {
		t.Fatalf("proposal %+v", prop)
	}
	closeSig := func(a, b int64, key string) channel.CloseProposal {
		d, _ := testID.CloseDigest(big.NewInt(a), big.NewInt(b))
		k := mustMallory(t)
		if key != "" {
			k = mustKey(t, key)
		}
		s, _ := channel.Sign(d, k)
		return channel.CloseProposal{ID: testID, AlicePaid: big.NewInt(a), BobPaid: big.NewInt(b), Sig: s}
	}
	tests := []struct {
		name string
		m    channel.CloseProposal
		want error
	}{
		{"matching", prop, nil},
		{"pays Bob more than he holds", closeSig(7, 1, aliceWIF), nil},
		{"Bob paid less than he sent", closeSig(6, 0, aliceWIF), nil},
		{"pays Bob less than he holds", closeSig(5, 1, aliceWIF), channel.ErrCloseRefused},
		{"Bob would pay more than he sent", closeSig(6, 2, aliceWIF), channel.ErrCloseRefused},
		{"forged", closeSig(6, 1, ""), channel.ErrBadSignature},
		{"other channel", channel.CloseProposal{ID: otherID, AlicePaid: prop.AlicePaid, BobPaid: prop.BobPaid, Sig: prop.Sig}, channel.ErrWrongChannel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, fx, err := channel.ReceiveCloseProposal(bob, tt.m, kb, t0)
			if tt.want != nil {
				if !errors.Is(err, tt.want) || !fx.Empty() {
					t.Fatalf("ReceiveCloseProposal = %+v, %v; want %v", fx, err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	bob2, fx, err := channel.ReceiveCloseProposal(bob, prop, kb, t0)
	if err != nil {
		t.Fatal(err)
	}
	cs := fx.Send[0].(channel.CloseSignature)
	// A signature for totals Alice did not propose is refused.
	bad := cs
	bad.AlicePaid = big.NewInt(5)
	if _, _, err := channel.ReceiveCloseSignature(alice2, bad, t0); !errors.Is(err, channel.ErrNoProposal) {
		t.Fatalf("mismatched signature: %v", err)
	}
	if _, _, err := channel.ReceiveCloseSignature(alice, cs, t0); !errors.Is(err, channel.ErrNoProposal) {
		t.Fatalf("signature without proposal: %v", err)
	}
	alice3, fx, err := channel.ReceiveCloseSignature(alice2, cs, t0)
	if err != nil {
		t.Fatal(err)
	}
	want := channel.Effects{Submit: []channel.Tx{channel.CooperativeCloseTx{
		ID: testID, AlicePaid: big.NewInt(6), BobPaid: big.NewInt(1), AliceSig: prop.Sig, BobSig: cs.Sig,
	}}}
	if diff := cmp.Diff(want, fx, cmpBig); diff != "" {
		t.Fatalf("effects (-want +got):\n%s", diff)
	}
	if !alice3.Close.Complete() || !bob2.Close.Complete() {
		t.Fatal("close offers not complete")
	}
	// After the event both are closed. The close event alone does not say
	// Alice was paid (a payout that failed in the close is left to
	// withdraw): the contract's withdrawn flags, read as Withdrawn events,
	// do. Paid in the close: nothing to withdraw.
	alice4 := mustApply(t, alice3, channel.ClosedCooperatively{AlicePaid: big.NewInt(6), BobPaid: big.NewInt(1)})
	if _, ok := channel.WithdrawNeeded(alice4); !ok || alice4.Status != channel.Closed {
		t.Fatalf("after cooperative close, payout unknown: status %v, withdraw needed %v; want closed, true", alice4.Status, ok)
	}
	paidOut := mustApply(t, alice4, channel.Withdrawn{Party: channel.Alice, Amount: new(big.Int)})
	if _, ok := channel.WithdrawNeeded(paidOut); ok {
		t.Fatal("after cooperative close that paid Alice: withdraw needed")
	}
	// A stale close event never lowers a total a claim proved (max rule).
	stale := mustApply(t, alice4, channel.ClosedCooperatively{AlicePaid: big.NewInt(2), BobPaid: big.NewInt(0)})
	if stale.AliceOnChain.Cmp(big.NewInt(6)) != 0 || stale.BobOnChain.Cmp(big.NewInt(1)) != 0 {
		t.Fatalf("stale close event lowered the totals: %v %v", stale.AliceOnChain, stale.BobOnChain)
	}
	if _, _, err := channel.ProposeClose(alice4, ka, t0); !errors.Is(err, channel.ErrNotOpen) {
		t.Fatalf("propose after close: %v", err)
	}
}

func TestEventsAndClaims(t *testing.T) {
	alice, bob := mustPair(t, 10, 0)
	alice, bob = exchange(t, alice, bob, big.NewInt(6), t0)
	claimBob := channel.ClaimTx{ID: testID, Payer: alice.Me().Account, Paid: big.NewInt(6), Sig: bob.ReceivedSig}

	// Unilateral close: Bob claims what he holds; Alice holds nothing, so startClose.
	if _, fx, err := channel.StartClose(bob); err != nil || cmp.Diff(channel.Effects{Submit: []channel.Tx{claimBob}}, fx, cmpBig) != "" {
		t.Fatalf("Bob StartClose = %+v, %v", fx, err)
	}
	if _, fx, err := channel.StartClose(alice); err != nil || cmp.Diff(channel.Effects{Submit: []channel.Tx{channel.StartCloseTx{ID: testID}}}, fx) != "" {
		t.Fatalf("Alice StartClose = %+v, %v", fx, err)
	}

	tests := []struct {
		name   string
		s      channel.State
		ev     channel.Event
		want   channel.Effects
		status channel.Status
		err    error
	}{
		{"stale claim by Alice is countered", bob, channel.Claimed{Payer: channel.Alice, Paid: big.NewInt(2), ClosesAt: 40}, channel.Effects{Submit: []channel.Tx{claimBob}}, channel.Closing, nil},
		{"claim of what I hold needs nothing", bob, channel.Claimed{Payer: channel.Alice, Paid: big.NewInt(6), ClosesAt: 40}, channel.Effects{}, channel.Closing, nil},
		{"close started: claim", bob, channel.CloseStarted{ClosesAt: 40}, channel.Effects{Submit: []channel.Tx{claimBob}}, channel.Closing, nil},
		{"close started, nothing held", alice, channel.CloseStarted{ClosesAt: 40}, channel.Effects{}, channel.Closing, nil},
		{"deposit", bob, channel.Deposited{Party: channel.Bob, Total: big.NewInt(3)}, channel.Effects{}, channel.Open, nil},
		{"deposit decreases", bob, channel.Deposited{Party: channel.Alice, Total: big.NewInt(3)}, channel.Effects{}, channel.Open, channel.ErrDecrease},
		{"deposit of nobody", bob, channel.Deposited{Party: 9, Total: big.NewInt(3)}, channel.Effects{}, channel.Open, channel.ErrBadEvent},
		{"claim of nobody", bob, channel.Claimed{Payer: 0, Paid: big.NewInt(1)}, channel.Effects{}, channel.Open, channel.ErrBadEvent},
		{"block while open", bob, channel.Block{Number: 1000}, channel.Effects{}, channel.Open, nil},
		{"withdrawn by nobody", bob, channel.Withdrawn{Party: 5}, channel.Effects{}, channel.Open, channel.ErrBadEvent},
		{"cooperative close without totals", bob, channel.ClosedCooperatively{}, channel.Effects{}, channel.Open, channel.ErrBadEvent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, fx, err := channel.ApplyEvent(tt.s, tt.ev)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("ApplyEvent = %v; want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, fx, cmpBig); diff != "" {
				t.Errorf("effects (-want +got):\n%s", diff)
			}
			if n.Status != tt.status {
				t.Errorf("status %v; want %v", n.Status, tt.status)
			}
		})
	}

	// Full unilateral close for Bob: claimed at 40, closes at block 40, withdraw.
	b := mustApply(t, bob, channel.Claimed{Payer: channel.Alice, Paid: big.NewInt(6), ClosesAt: 40})
	if n, fx, _ := channel.ApplyEvent(b, channel.Block{Number: 39}); n.Status != channel.Closing || !fx.Empty() {
		t.Fatalf("block 39: %v %+v", n.Status, fx)
	}
	// A later claim does not extend the period.
	b = mustApply(t, b, channel.Claimed{Payer: channel.Bob, Paid: big.NewInt(0), ClosesAt: 99})
	if b.ClosesAt != 40 {
		t.Fatalf("closesAt %d; want 40", b.ClosesAt)
	}
	b, fx, err := channel.ApplyEvent(b, channel.Block{Number: 40})
	if err != nil || b.Status != channel.Closed || cmp.Diff(channel.Effects{Submit: []channel.Tx{channel.WithdrawTx{ID: testID}}}, fx) != "" {
		t.Fatalf("block 40: %v %+v %v", b.Status, fx, err)
	}
	alicePay, bobPay := b.Payouts(channel.Totals{AlicePaid: b.AliceOnChain, BobPaid: b.BobOnChain})
	if alicePay.Int64() != 4 || bobPay.Int64() != 6 {
		t.Fatalf("payouts %v/%v; want 4/6", alicePay, bobPay)
	}
	b = mustApply(t, b, channel.Withdrawn{Party: channel.Bob, Amount: big.NewInt(6)})
	if _, ok := channel.WithdrawNeeded(b); ok {
		t.Fatal("withdraw needed after withdrawal")
	}
	if _, _, err := channel.StartClose(b); !errors.Is(err, channel.ErrNotOpen) {
		t.Fatalf("StartClose when closed: %v", err)
	}
}

func TestPayoutsClamp(t *testing.T) {
	alice, _ := mustPair(t, 10, 5)
	a, b := alice.Payouts(channel.Totals{AlicePaid: big.NewInt(100), BobPaid: big.NewInt(0)})
	if a.Sign() != 0 || b.Int64() != 15 {
		t.Fatalf("payouts %v/%v; want 0/15", a, b)
	}
	a, b = alice.Payouts(channel.Totals{AlicePaid: big.NewInt(0), BobPaid: big.NewInt(100)})
	if a.Int64() != 15 || b.Sign() != 0 {
		t.Fatalf("payouts %v/%v; want 15/0", a, b)
	}
}

func TestHistoryLimit(t *testing.T) {
	alice, _ := mustPair(t, 1000, 0)
	for i := 0; i < channel.HistoryLimit+5; i++ {
		alice, _ = mustPay(t, alice, 1)
	}
	if len(alice.History) != channel.HistoryLimit || alice.History[0].Total.Int64() != 6 {
		t.Fatalf("history has %d entries starting at total %v", len(alice.History), alice.History[0].Total)
	}
}

func TestNewStateErrors(t *testing.T) {
	p := channel.Party{Signer: common.HexToAddress("0x01")}
	q := channel.Party{Signer: common.HexToAddress("0x02")}
	for _, tt := range []struct {
		name string
		role channel.Role
		a, b channel.Party
	}{
		{"bad role", 0, p, q}, {"same signer", channel.Alice, p, p}, {"zero signer", channel.Bob, p, channel.Party{}},
	} {
		if _, err := channel.NewState(testID, tt.role, tt.a, tt.b); !errors.Is(err, channel.ErrInvalidState) {
			t.Errorf("%s: NewState = %v; want ErrInvalidState", tt.name, err)
		}
	}
}
