package channel

import (
	"fmt"
	"time"
)

// A signed Close has no expiry (docs/protocol.md section 5): anyone holding both
// signatures can submit it at any time. The rules below follow from that:
//
//   - From the moment this wallet signs or countersigns a Close it neither
//     sends nor accepts payments in the channel (Pay and accepting refuse
//     with a *CloseSignedError): a payment received later could be undone
//     by submitting the Close. State.Close is the durable record, persisted
//     (Book) before the signature leaves the wallet.
//   - CheckClose, run by the shells periodically and after they applied the
//     chain's view of the channel, submits a complete Close that the peer
//     did not submit within CloseTiming.SubmitAfter, and falls back to the
//     unilateral path (claim my best received total, or startClose) if the
//     Close does not land: it reverted (CloseFailed), it was submitted and
//     the channel is still not closed after LandWithin, or my own proposal
//     was not countersigned within AnswerWithin.

// CloseTiming are the delays of CheckClose.
type CloseTiming struct {
	// SubmitAfter is how long the countersigner waits, from its signature,
	// for the proposer to submit cooperativeClose before submitting it
	// itself. (The proposer submits as soon as the countersignature
	// arrives.) Both submitting is harmless but wastes one transaction's gas.
	SubmitAfter time.Duration
	// LandWithin is how long a submitted Close may take to land (the chain
	// showing the channel closed) before the wallet falls back to the
	// unilateral path; it is also the pause between two fallback attempts.
	// The fallback is safe even if the Close lands later: cooperativeClose
	// is allowed while Closing and keeps the higher total per direction.
	LandWithin time.Duration
	// AnswerWithin is how long a proposer waits for the countersignature
	// before closing alone. Until then the channel takes no payments: the
	// peer may countersign the proposal at any time.
	AnswerWithin time.Duration
}

// DefaultCloseTiming is what the wallets use: the peer's wallet answers a
// proposal within seconds when it runs, so 30 s is a short wait for the
// proposer's submission; a transaction that has not landed in 5 minutes is
// stuck or lost; and a proposal unanswered for 10 minutes means the peer is
// offline, when closing alone is what the user asked for.
var DefaultCloseTiming = CloseTiming{SubmitAfter: 30 * time.Second, LandWithin: 5 * time.Minute, AnswerWithin: 10 * time.Minute}

// CloseSigned reports whether I signed a cooperative Close for the channel
// (so it takes no more payments).
func (s State) CloseSigned() bool {
	c := s.Close
	if c == nil {
		return false
	}
	if s.Role == Alice {
		return !c.AliceSig.IsZero()
	}
	return !c.BobSig.IsZero()
}

// checkNoClose refuses a payment after I signed a Close.
func checkNoClose(s State) error {
	if !s.CloseSigned() {
		return nil
	}
	return &CloseSignedError{Channel: s.ID, AlicePaid: s.Close.AlicePaid, BobPaid: s.Close.BobPaid}
}

// signedSince is when the channel's payments stopped: the first signature
// of a Close I already hold, else now.
func signedSince(s State, now time.Time) time.Time {
	if s.CloseSigned() && !s.Close.SignedAt.IsZero() && s.Close.SignedAt.Before(now) {
		return s.Close.SignedAt
	}
	return now
}

// closeTx is the cooperativeClose of the complete record in s.
func closeTx(s State) CooperativeCloseTx {
	c := s.Close
	return CooperativeCloseTx{ID: s.ID, AlicePaid: c.AlicePaid, BobPaid: c.BobPaid, AliceSig: c.AliceSig, BobSig: c.BobSig}
}

// CheckClose decides, at time now, what a wallet that signed a Close must
// do for it. Shells call it periodically and after applying the chain's
// events (so s.Status is the chain's view): it returns the transactions to
// submit and records that it asked for them (persist before submitting;
// Book.CheckClose does). Nothing is done without a Close I signed, or once
// the channel is Closed.
//
//   - A complete Close not submitted by me yet: submitted at once if I
//     proposed it (my submission after the countersignature was lost), or
//     t.SubmitAfter after I countersigned (the proposer did not).
//   - A complete Close I submitted that has not closed the channel after
//     t.LandWithin, or one that reverted (Failed): the unilateral path.
//   - My proposal, not countersigned after t.AnswerWithin: the unilateral
//     path.
//
// The unilateral path is StartClose's while Open (claim my best received
// total, or startClose) and a claim while Closing if I hold more than the
// chain shows; it is asked for again every t.LandWithin until the channel
// closes.
func CheckClose(s State, now time.Time, t CloseTiming) (State, Effects, error) {
	c := s.Close
	if !s.CloseSigned() || s.Status == Closed {
		return s, Effects{}, nil
	}
	switch {
	case c.Failed:
		return fallBack(s, now, t)
	case c.Complete() && c.SubmittedAt.IsZero():
		if c.ProposedBy != s.Role && now.Sub(c.SignedAt) < t.SubmitAfter {
			return s, Effects{}, nil // the proposer submits first
		}
		n := s.clone()
		n.Close.SubmittedAt = now
		return n, Effects{Submit: []Tx{closeTx(n)}}, nil
	case c.Complete():
		if now.Sub(c.SubmittedAt) < t.LandWithin {
			return s, Effects{}, nil
		}
		return fallBack(s, now, t)
	default: // my proposal, unanswered
		if now.Sub(c.SignedAt) < t.AnswerWithin {
			return s, Effects{}, nil
		}
		return fallBack(s, now, t)
	}
}

// CloseFailed records that submitting the signed Close reverted (or was
// refused by the node) and returns the unilateral path at once. The
// payments stay stopped: the Close's signatures still exist.
func CloseFailed(s State, now time.Time) (State, Effects, error) {
	if !s.CloseSigned() || !s.Close.Complete() {
		return fail(s, "close failed", fmt.Errorf("%w: no signed close", ErrNoProposal))
	}
	n := s.clone()
	n.Close.Failed = true
	n.Close.FellBackAt = time.Time{}
	return fallBack(n, now, DefaultCloseTiming)
}

// fallBack asks for the unilateral path, at most once per t.LandWithin.
func fallBack(s State, now time.Time, t CloseTiming) (State, Effects, error) {
	if fb := s.Close.FellBackAt; !fb.IsZero() && now.Sub(fb) < t.LandWithin {
		return s, Effects{}, nil
	}
	n := s.clone()
	n.Close.FellBackAt = now
	var fx Effects
	switch s.Status {
	case Open:
		_, fx, _ = StartClose(s)
	case Closing:
		if tx, ok := ClaimNeeded(s); ok {
			fx.Submit = []Tx{tx}
		}
	}
	return n, fx, nil
}
