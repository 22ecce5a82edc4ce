package channel_test

import (
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
)

// closePair returns Alice and Bob after Alice paid 6 and Bob 1 (deposits 10
// and 4), Alice's proposal (signed at t0) and Bob's countersignature.
func closePair(t *testing.T) (alice, bob channel.State, prop channel.CloseProposal, cs channel.CloseSignature) {
	t.Helper()
	alice, bob = mustPair(t, 10, 4)
	alice, bob = exchange(t, alice, bob, big.NewInt(6), t0)
	bob, alice = exchange(t, bob, alice, big.NewInt(1), t0)
	alice, fx, err := channel.ProposeClose(alice, mustKey(t, aliceWIF), t0)
	if err != nil {
		t.Fatal(err)
	}
	prop = fx.Send[0].(channel.CloseProposal)
	bob, fx, err = channel.ReceiveCloseProposal(bob, prop, mustKey(t, bobWIF), t0)
	if err != nil {
		t.Fatal(err)
	}
	return alice, bob, prop, fx.Send[0].(channel.CloseSignature)
}

func wantCloseSigned(t *testing.T, what string, err error) {
	t.Helper()
	var cse *channel.CloseSignedError
	var ce *channel.Error
	if !errors.Is(err, channel.ErrCloseSigned) || !errors.As(err, &cse) || !errors.As(err, &ce) || cse.Channel != testID || ce.Channel != testID {
		t.Fatalf("%s: %v; want a *CloseSignedError naming channel %s", what, err, testID)
	}
}

// TestNoPaymentsAfterCloseSigned: once a wallet signed (proposer) or
// countersigned a Close it neither pays nor accepts a higher total, by
// Payment or by Sync; a duplicate is still harmless.
func TestNoPaymentsAfterCloseSigned(t *testing.T) {
	alice, bob, _, _ := closePair(t)
	if !alice.CloseSigned() || !bob.CloseSigned() || !alice.Close.SignedAt.Equal(t0) || alice.Close.ProposedBy != channel.Alice || bob.Close.ProposedBy != channel.Alice {
		t.Fatalf("records: alice %+v, bob %+v", alice.Close, bob.Close)
	}
	for _, s := range []channel.State{alice, bob} {
		_, fx, err := channel.Pay(s, big.NewInt(1), keyFor(t, s), t0)
		wantCloseSigned(t, s.Role.String()+" pays", err)
		if !fx.Empty() {
			t.Fatalf("%s pays: effects %+v", s.Role, fx)
		}
	}
	// Totals the peer signed in time but that arrive after the Close.
	_, _, err := channel.ReceivePayment(bob, signedPayment(t, testID, 7, aliceWIF), t0)
	wantCloseSigned(t, "Bob receives 7", err)
	_, _, err = channel.ReceivePayment(alice, signedPayment(t, testID, 2, bobWIF), t0)
	wantCloseSigned(t, "Alice receives 2", err)
	sync := channel.Sync{ID: testID, Paid: big.NewInt(2), Sig: signedPayment(t, testID, 2, bobWIF).Sig, Received: big.NewInt(6)}
	_, _, err = channel.ReceiveSync(alice, sync, t0)
	wantCloseSigned(t, "Alice receives a Sync of 2", err)
	// A duplicate changes nothing and is not an error.
	if n, _, err := channel.ReceivePayment(bob, signedPayment(t, testID, 6, aliceWIF), t0); err != nil || n.Received.Int64() != 6 {
		t.Fatalf("duplicate: %v, %v", n.Received, err)
	}
	// Before signing, the same payment is accepted (the rule is the Close).
	_, fresh := mustPair(t, 10, 4)
	if _, _, err := channel.ReceivePayment(fresh, signedPayment(t, testID, 7, aliceWIF), t0); err != nil {
		t.Fatal(err)
	}
}

// TestCheckCloseCountersignerSubmits: the proposer submits when the
// countersignature arrives; the countersigner submits after SubmitAfter if
// the channel is still not closed, and falls back to its claim if the
// Close does not land within LandWithin.
func TestCheckCloseCountersignerSubmits(t *testing.T) {
	alice, bob, prop, cs := closePair(t)
	tm := channel.DefaultCloseTiming
	coop := channel.CooperativeCloseTx{ID: testID, AlicePaid: big.NewInt(6), BobPaid: big.NewInt(1), AliceSig: prop.Sig, BobSig: cs.Sig}

	alice, fx, err := channel.ReceiveCloseSignature(alice, cs, t0.Add(time.Second))
	if err != nil || !cmp.Equal(fx, channel.Effects{Submit: []channel.Tx{coop}}, cmpBig) {
		t.Fatalf("proposer: %+v, %v", fx, err)
	}
	if _, fx, _ := channel.CheckClose(alice, t0.Add(2*time.Second), tm); !fx.Empty() {
		t.Fatalf("proposer checks right after submitting: %+v", fx)
	}
	// A proposer whose submission was lost (record complete, never submitted) submits at once.
	lost := alice
	lost.Close = &channel.CloseOffer{}
	*lost.Close = *alice.Close
	lost.Close.SubmittedAt = time.Time{}
	if _, fx, _ := channel.CheckClose(lost, t0.Add(2*time.Second), tm); !cmp.Equal(fx, channel.Effects{Submit: []channel.Tx{coop}}, cmpBig) {
		t.Fatalf("proposer with a lost submission: %+v", fx)
	}

	if n, fx, _ := channel.CheckClose(bob, t0.Add(tm.SubmitAfter-time.Second), tm); !fx.Empty() || !n.Close.SubmittedAt.IsZero() {
		t.Fatalf("countersigner before SubmitAfter: %+v", fx)
	}
	at := t0.Add(tm.SubmitAfter)
	bob, fx, err = channel.CheckClose(bob, at, tm)
	if err != nil || !cmp.Equal(fx, channel.Effects{Submit: []channel.Tx{coop}}, cmpBig) || !bob.Close.SubmittedAt.Equal(at) {
		t.Fatalf("countersigner at SubmitAfter: %+v, %v", fx, err)
	}
	if _, fx, _ := channel.CheckClose(bob, at.Add(time.Second), tm); !fx.Empty() {
		t.Fatalf("submitted twice: %+v", fx)
	}
	// It did not land: claim the 6 Alice paid (the best received total).
	late := at.Add(tm.LandWithin)
	bob, fx, err = channel.CheckClose(bob, late, tm)
	claim := channel.ClaimTx{ID: testID, Payer: alice.Me().Account, Paid: big.NewInt(6), Sig: bob.ReceivedSig}
	if err != nil || !cmp.Equal(fx, channel.Effects{Submit: []channel.Tx{claim}}, cmpBig) || !bob.Close.FellBackAt.Equal(late) {
		t.Fatalf("fallback: %+v, %v", fx, err)
	}
	if _, fx, _ := channel.CheckClose(bob, late.Add(time.Second), tm); !fx.Empty() {
		t.Fatalf("fallback repeated at once: %+v", fx)
	}
	// Once the chain shows the channel closed, nothing more.
	closed := mustApply(t, bob, channel.ClosedCooperatively{AlicePaid: big.NewInt(6), BobPaid: big.NewInt(1)})
	if _, fx, _ := channel.CheckClose(closed, late.Add(time.Hour), tm); !fx.Empty() {
		t.Fatalf("after the close: %+v", fx)
	}
}

// TestCheckCloseUnanswered: a proposal not countersigned within
// AnswerWithin falls back to the unilateral path (startClose when I hold
// nothing, else my claim); a channel without a signed Close needs nothing.
func TestCheckCloseUnanswered(t *testing.T) {
	tm := channel.DefaultCloseTiming
	alice, _ := mustPair(t, 10, 0)
	if _, fx, _ := channel.CheckClose(alice, t0.Add(time.Hour), tm); !fx.Empty() {
		t.Fatalf("no close: %+v", fx)
	}
	alice, _, err := channel.ProposeClose(alice, mustKey(t, aliceWIF), t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, fx, _ := channel.CheckClose(alice, t0.Add(tm.AnswerWithin-time.Second), tm); !fx.Empty() {
		t.Fatalf("before AnswerWithin: %+v", fx)
	}
	// Proposing again keeps the time payments stopped.
	again, _, err := channel.ProposeClose(alice, mustKey(t, aliceWIF), t0.Add(time.Minute))
	if err != nil || !again.Close.SignedAt.Equal(t0) {
		t.Fatalf("proposing again: signed at %v, %v", again.Close.SignedAt, err)
	}
	_, fx, err := channel.CheckClose(again, t0.Add(tm.AnswerWithin), tm)
	if err != nil || !cmp.Equal(fx, channel.Effects{Submit: []channel.Tx{channel.StartCloseTx{ID: testID}}}, cmpBig) {
		t.Fatalf("after AnswerWithin: %+v, %v", fx, err)
	}
}

// TestCloseFailedFallsBack: a Close that reverted leads to the claim at once
// (while Open), or to a claim while Closing only if the chain shows less.
func TestCloseFailedFallsBack(t *testing.T) {
	_, bob, _, _ := closePair(t)
	if _, _, err := channel.CloseFailed(mustApply(t, bob, channel.Block{Number: 1}), t0); err != nil {
		t.Fatal(err)
	}
	n, fx, err := channel.CloseFailed(bob, t0)
	if err != nil || !n.Close.Failed || len(fx.Submit) != 1 {
		t.Fatalf("CloseFailed: %+v, %+v, %v", n.Close, fx, err)
	}
	if c, ok := fx.Submit[0].(channel.ClaimTx); !ok || c.Paid.Int64() != 6 {
		t.Fatalf("fallback %+v; want the claim of 6", fx.Submit[0])
	}
	// Still no payments: the signatures exist.
	_, _, err = channel.Pay(n, big.NewInt(1), mustKey(t, bobWIF), t0)
	wantCloseSigned(t, "pay after the Close failed", err)
	// Alice claimed 6 meanwhile: nothing left for Bob to claim.
	closing := mustApply(t, bob, channel.Claimed{Payer: channel.Alice, Paid: big.NewInt(6), ClosesAt: 200})
	if _, fx, err := channel.CloseFailed(closing, t0); err != nil || !fx.Empty() {
		t.Fatalf("closing, nothing to add: %+v, %v", fx, err)
	}
	alice, _ := mustPair(t, 10, 0)
	if _, _, err := channel.CloseFailed(alice, t0); !errors.Is(err, channel.ErrNoProposal) {
		t.Fatalf("CloseFailed without a Close: %v", err)
	}
}

// TestBookClosePersistsFirst: the signed record is saved before the
// proposal is handed out; if saving fails nothing is returned to send.
func TestBookClosePersistsFirst(t *testing.T) {
	alice, _, as, _ := mustBooks(t, 10, 0)
	as.FailSave = errors.New("disk full")
	if _, fx, err := alice.ProposeClose(testID, t0); err == nil || !fx.Empty() {
		t.Fatalf("ProposeClose with a failing store: %+v, %v", fx, err)
	}
	as.FailSave = nil
	if _, fx, err := alice.ProposeClose(testID, t0); err != nil || len(fx.Send) != 1 {
		t.Fatalf("ProposeClose: %+v, %v", fx, err)
	}
	saved, err := as.LoadChannel(testID)
	if err != nil || !saved.CloseSigned() || !saved.Close.SignedAt.Equal(t0) {
		t.Fatalf("saved record %+v, %v", saved.Close, err)
	}
	_, _, err = alice.Pay(testID, big.NewInt(1), t0)
	wantCloseSigned(t, "Book.Pay", err)
	st, fx, err := alice.CheckClose(testID, t0.Add(channel.DefaultCloseTiming.AnswerWithin), channel.DefaultCloseTiming)
	if err != nil || len(fx.Submit) != 1 || st.Close.FellBackAt.IsZero() {
		t.Fatalf("Book.CheckClose: %+v, %v", fx, err)
	}
	if saved, _ := as.LoadChannel(testID); !saved.Close.FellBackAt.Equal(st.Close.FellBackAt) {
		t.Fatalf("fallback time not persisted: %v", saved.Close.FellBackAt)
	}
}
