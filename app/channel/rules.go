package channel

import (
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
)

// ValidTransition is the one payment rule: going from totals `from` to
// `to` with the given deposits, no total decreases and no party pays more
// than its deposit plus what the other side has paid it:
//
//	to.AlicePaid >= from.AlicePaid, to.BobPaid >= from.BobPaid
//	to.AlicePaid <= aliceDeposit + to.BobPaid
//	to.BobPaid   <= bobDeposit   + to.AlicePaid
//
// A sender checks its new total against what it has received; a receiver
// checks the peer's total against what it has sent (which is at least what
// the peer has received, so an honest payment always passes).
//
// and both totals fit the contract's MaxTotal (ErrTotalTooLarge).
func ValidTransition(aliceDeposit, bobDeposit *big.Int, from, to Totals) error {
	for _, r := range []Role{Alice, Bob} {
		if to.of(r).Cmp(from.of(r)) < 0 {
			return &DecreaseError{Party: r, From: from.of(r), To: to.of(r)}
		}
		if to.of(r).Cmp(MaxTotal) > 0 {
			return fmt.Errorf("%w: %s's total %v exceeds %v", ErrTotalTooLarge, r, to.of(r), MaxTotal)
		}
	}
	deposits := map[Role]*big.Int{Alice: aliceDeposit, Bob: bobDeposit}
	for _, r := range []Role{Alice, Bob} {
		limit := new(big.Int).Add(deposits[r], to.of(r.Peer()))
		if to.of(r).Cmp(limit) > 0 {
			return &OverdrawError{Party: r, Paid: to.of(r), Deposit: deposits[r], Received: to.of(r.Peer())}
		}
	}
	return nil
}

// MaxTotal is the contract's MAX_AMOUNT (2^96-1 wei): the largest deposit or
// total it stores. A payment above it could never be claimed.
var MaxTotal = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 96), big.NewInt(1))

func fail(s State, op string, err error) (State, Effects, error) {
	return s, Effects{}, &Error{Channel: s.ID, Op: op, Err: err}
}

func checkKey(s State, key *ecdsa.PrivateKey) error {
	if key == nil {
		return fmt.Errorf("%w: nil key", ErrWrongKey)
	}
	if a := crypto.PubkeyToAddress(key.PublicKey); a != s.Me().Signer {
		return fmt.Errorf("%w: key is %s, my signer is %s", ErrWrongKey, a.Hex(), s.Me().Signer.Hex())
	}
	return nil
}

// Pay makes a payment of amount to the peer: my total grows by amount and I
// sign it. Refused if amount <= 0 (ErrZeroAmount), the channel is not Open
// (ErrNotOpen), I signed a cooperative Close for it (ErrCloseSigned) or my
// balance does not cover it (ErrOverdraw). The effect is the Payment
// message; persist the new state before sending it.
func Pay(s State, amount *big.Int, key *ecdsa.PrivateKey, now time.Time) (State, Effects, error) {
	const op = "pay"
	if amount == nil || amount.Sign() <= 0 {
		return fail(s, op, fmt.Errorf("%w: %v", ErrZeroAmount, amount))
	}
	if s.Status != Open {
		return fail(s, op, fmt.Errorf("%w: status %v", ErrNotOpen, s.Status))
	}
	if err := checkNoClose(s); err != nil {
		return fail(s, op, err)
	}
	if err := checkKey(s, key); err != nil {
		return fail(s, op, err)
	}
	total := new(big.Int).Add(s.Sent, amount)
	if err := ValidTransition(s.AliceDeposit, s.BobDeposit, s.Totals(), totalsWith(s.Role, total, s.Received)); err != nil {
		return fail(s, op, err)
	}
	digest, err := s.ID.PaymentDigest(total)
	if err != nil {
		return fail(s, op, err)
	}
	sig, err := Sign(digest, key)
	if err != nil {
		return fail(s, op, err)
	}
	n := s.clone()
	n.Sent, n.SentSig = total, sig
	n.record(Sent, new(big.Int).Set(amount), total, now)
	return n, Effects{Send: []Message{Payment{ID: s.ID, Paid: total, Sig: sig}}}, nil
}

// ReceivePayment takes the peer's Payment. It checks the channel, the
// signature (EIP-712, by the peer's signer) and affordability (the peer's
// total <= its deposit + what I have sent). A total no higher than the one I
// hold is a duplicate or stale: not an error, the state is unchanged and
// the effect is an Ack of what I hold. A strictly lower total also gets my
// Sync (MakeSync): the payer may have lost its latest total (an older
// backup restored), and the Sync carries its own signature over the total
// I hold, so that ReceiveSync lets it recover. A payment arriving while
// Closing is kept and claimed (the payer already counts it as paid;
// refusing it would only lose me money); once Closed it is refused
// (ErrNotOpen). A higher total arriving after I signed a cooperative Close
// is refused (ErrCloseSigned): submitting the Close would undo it.
func ReceivePayment(s State, m Payment, now time.Time) (State, Effects, error) {
	const op = "receive payment"
	n, fx, err := acceptPayment(s, m.ID, m.Paid, m.Sig, now)
	if err != nil {
		return fail(s, op, err)
	}
	fx.Send = append([]Message{Ack{ID: s.ID, Received: n.Received}}, fx.Send...)
	if peerBehind(n, m.Paid) {
		fx.Send = append(fx.Send, MakeSync(n))
	}
	return n, fx, nil
}

// peerBehind reports whether the peer's own total paid, as it just told me,
// is below the total I hold from it, with its signature: its state is older
// than mine (a restored backup, or a stale message), and my Sync lets it
// recover.
func peerBehind(s State, peerPaid *big.Int) bool {
	if s.ReceivedSig.IsZero() || s.Received.Sign() == 0 {
		return false
	}
	return peerPaid == nil || peerPaid.Cmp(s.Received) < 0
}

// acceptPayment is the shared part of ReceivePayment and ReceiveSync.
func acceptPayment(s State, id ID, paid *big.Int, sig Signature, now time.Time) (State, Effects, error) {
	if id != s.ID {
		return s, Effects{}, fmt.Errorf("%w: %s", ErrWrongChannel, id)
	}
	if s.Status == Closed {
		return s, Effects{}, fmt.Errorf("%w: status %v", ErrNotOpen, s.Status)
	}
	digest, err := s.ID.PaymentDigest(paid)
	if err != nil {
		return s, Effects{}, err
	}
	if err := sig.Verify(digest, s.Peer().Signer); err != nil {
		return s, Effects{}, fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	if paid.Cmp(s.Received) <= 0 {
		return s, Effects{}, nil // duplicate or stale: already hold as much
	}
	if err := checkNoClose(s); err != nil {
		return s, Effects{}, err
	}
	if err := ValidTransition(s.AliceDeposit, s.BobDeposit, s.Totals(), totalsWith(s.Role.Peer(), paid, s.Sent)); err != nil {
		return s, Effects{}, err
	}
	n := s.clone()
	amount := new(big.Int).Sub(paid, s.Received)
	n.Received, n.ReceivedSig = new(big.Int).Set(paid), sig
	n.record(Received, amount, n.Received, now)
	var fx Effects
	if n.Status == Closing {
		if tx, ok := ClaimNeeded(n); ok {
			fx.Submit = append(fx.Submit, tx)
		}
	}
	return n, fx, nil
}

// ReceiveAck records the highest total the peer says it holds (capped at
// what I sent). It never changes money.
func ReceiveAck(s State, m Ack) (State, Effects, error) {
	if m.ID != s.ID {
		return fail(s, "receive ack", fmt.Errorf("%w: %s", ErrWrongChannel, m.ID))
	}
	if m.Received == nil || m.Received.Cmp(s.PeerAcked) <= 0 {
		return s, Effects{}, nil
	}
	n := s.clone()
	n.PeerAcked = new(big.Int).Set(m.Received)
	if n.PeerAcked.Cmp(n.Sent) > 0 {
		n.PeerAcked = new(big.Int).Set(n.Sent)
	}
	return n, Effects{}, nil
}

// MakeSync returns the Sync message to send the peer after a reconnect: my
// latest total with my signature, and the best total I hold from the peer
// with the peer's own signature over it (ReceivedSig), which is the proof a
// peer that lost its latest total needs to recover it (ReceiveSync).
func MakeSync(s State) Sync {
	return Sync{ID: s.ID, Paid: s.Sent, Sig: s.SentSig, Received: s.Received, ReceivedSig: s.ReceivedSig}
}

// ReceiveSync takes the peer's Sync, in this order:
//
//  1. Recovery of my own total. If the peer holds more from me than my Sent
//     (I restored an older backup) and proves it with ReceivedSig, my own
//     signature over Payment(channel, Received) for this channel's domain,
//     my Sent becomes that total and SentSig that signature, with a
//     Recovered history entry: I did sign it, so the peer can claim it on
//     chain whatever I believe, and my balance must count it. A
//     ReceivedSig that is not mine is ErrBadSignature and nothing changes.
//     A higher Received without ReceivedSig is never trusted (a lying peer
//     would have me sign more than I paid): it only counts as an ack,
//     capped at my Sent.
//  2. The peer's total Paid, if any, is handled like a Payment (after 1, so
//     that the affordability check sees my recovered total).
//  3. If the peer holds less than I sent, my latest Payment is resent. If
//     the peer's Paid is below what I hold from it (the peer lost its
//     latest total), my own Sync is sent back so it can recover. Each such
//     reply answers a total the reply itself brings up to date, so two
//     honest wallets never ping-pong.
func ReceiveSync(s State, m Sync, now time.Time) (State, Effects, error) {
	const op = "receive sync"
	if m.ID != s.ID {
		return fail(s, op, fmt.Errorf("%w: %s", ErrWrongChannel, m.ID))
	}
	n, err := recoverSent(s, m.Received, m.ReceivedSig, now)
	if err != nil {
		return fail(s, op, err)
	}
	var fx Effects
	if m.Paid != nil && m.Paid.Sign() > 0 {
		before := n.Received
		if n, fx, err = acceptPayment(n, m.ID, m.Paid, m.Sig, now); err != nil {
			return fail(s, op, err)
		}
		if n.Received.Cmp(before) > 0 {
			// A payment delivered by the Sync is acknowledged like one
			// delivered alone, so the payer stops resyncing it.
			fx.Send = append(fx.Send, Ack{ID: n.ID, Received: new(big.Int).Set(n.Received)})
		}
	}
	if m.Received != nil && m.Received.Cmp(n.Sent) < 0 && n.Sent.Sign() > 0 {
		fx.Send = append(fx.Send, Payment{ID: n.ID, Paid: n.Sent, Sig: n.SentSig})
	}
	if peerBehind(n, m.Paid) {
		fx.Send = append(fx.Send, MakeSync(n))
	}
	if m.Received != nil && m.Received.Cmp(n.PeerAcked) > 0 {
		n, _, _ = ReceiveAck(n, Ack{ID: n.ID, Received: m.Received})
	}
	return n, fx, nil
}

// recoverSent raises my Sent to total when sig is my own signature over it
// (see ReceiveSync). A total no higher than Sent, or no signature, changes
// nothing and is not an error.
func recoverSent(s State, total *big.Int, sig Signature, now time.Time) (State, error) {
	if total == nil || total.Cmp(s.Sent) <= 0 || sig.IsZero() {
		return s, nil
	}
	digest, err := s.ID.PaymentDigest(total)
	if err != nil {
		return s, err
	}
	if err := sig.Verify(digest, s.Me().Signer); err != nil {
		return s, fmt.Errorf("%w: the peer claims to hold %v from me (I sent %v), but receivedSig is not my signature over it: %w", ErrBadSignature, total, s.Sent, err)
	}
	n := s.clone()
	amount := new(big.Int).Sub(total, s.Sent)
	n.Sent, n.SentSig = new(big.Int).Set(total), sig
	n.record(Sent, amount, n.Sent, now)
	n.History[len(n.History)-1].Recovered = true
	return n, nil
}

// ProposeClose signs Close with my current totals and returns the proposal
// to send. Allowed while Open or Closing. From now on the channel takes no
// more payments (ErrCloseSigned). Proposing again resends an unanswered
// proposal (the totals cannot have moved since); if both signatures are
// already held, the effect is the cooperativeClose to submit instead.
func ProposeClose(s State, key *ecdsa.PrivateKey, now time.Time) (State, Effects, error) {
	const op = "propose close"
	if s.Status == Closed {
		return fail(s, op, fmt.Errorf("%w: status %v", ErrNotOpen, s.Status))
	}
	if err := checkKey(s, key); err != nil {
		return fail(s, op, err)
	}
	if s.Close.Complete() {
		n := s.clone()
		n.Close.SubmittedAt = now
		return n, Effects{Submit: []Tx{closeTx(n)}}, nil
	}
	t := s.Totals()
	digest, err := s.ID.CloseDigest(t.AlicePaid, t.BobPaid)
	if err != nil {
		return fail(s, op, err)
	}
	sig, err := Sign(digest, key)
	if err != nil {
		return fail(s, op, err)
	}
	n := s.clone()
	n.Close = &CloseOffer{AlicePaid: t.AlicePaid, BobPaid: t.BobPaid, ProposedBy: s.Role, SignedAt: signedSince(s, now)}
	if s.Role == Alice {
		n.Close.AliceSig = sig
	} else {
		n.Close.BobSig = sig
	}
	return n, Effects{Send: []Message{CloseProposal{ID: s.ID, AlicePaid: t.AlicePaid, BobPaid: t.BobPaid, Sig: sig}}}, nil
}

// ReceiveCloseProposal countersigns the peer's proposal if it pays me no
// less than I hold and has me pay no more than I sent (ErrCloseRefused
// otherwise), and the peer's signature is valid. The effect is the
// CloseSignature to send; the proposer submits cooperativeClose, and the
// completed offer is kept in State.Close so I can submit it too
// (CheckClose). From now on the channel takes no more payments.
func ReceiveCloseProposal(s State, m CloseProposal, key *ecdsa.PrivateKey, now time.Time) (State, Effects, error) {
	const op = "countersign close"
	if m.ID != s.ID {
		return fail(s, op, fmt.Errorf("%w: %s", ErrWrongChannel, m.ID))
	}
	if s.Status == Closed {
		return fail(s, op, fmt.Errorf("%w: status %v", ErrNotOpen, s.Status))
	}
	if err := checkKey(s, key); err != nil {
		return fail(s, op, err)
	}
	digest, err := s.ID.CloseDigest(m.AlicePaid, m.BobPaid)
	if err != nil {
		return fail(s, op, err)
	}
	if err := m.Sig.Verify(digest, s.Peer().Signer); err != nil {
		return fail(s, op, fmt.Errorf("%w: %w", ErrBadSignature, err))
	}
	prop := Totals{AlicePaid: m.AlicePaid, BobPaid: m.BobPaid}
	if got := prop.of(s.Role.Peer()); got.Cmp(s.Received) < 0 {
		return fail(s, op, fmt.Errorf("%w: %s would pay me %v, I hold %v", ErrCloseRefused, s.Role.Peer(), got, s.Received))
	}
	if got := prop.of(s.Role); got.Cmp(s.Sent) > 0 {
		return fail(s, op, fmt.Errorf("%w: I (%s) would pay %v, I sent %v", ErrCloseRefused, s.Role, got, s.Sent))
	}
	sig, err := Sign(digest, key)
	if err != nil {
		return fail(s, op, err)
	}
	n := s.clone()
	n.Close = &CloseOffer{AlicePaid: new(big.Int).Set(m.AlicePaid), BobPaid: new(big.Int).Set(m.BobPaid),
		ProposedBy: s.Role.Peer(), SignedAt: signedSince(s, now)}
	if s.Role == Alice {
		n.Close.AliceSig, n.Close.BobSig = sig, m.Sig
	} else {
		n.Close.AliceSig, n.Close.BobSig = m.Sig, sig
	}
	return n, Effects{Send: []Message{CloseSignature{ID: s.ID, AlicePaid: m.AlicePaid, BobPaid: m.BobPaid, Sig: sig}}}, nil
}

// ReceiveCloseSignature completes my proposal with the peer's
// countersignature; the effect is the cooperativeClose transaction. A
// signature for other totals than my pending proposal is ErrNoProposal; a
// repeated one is a no-op.
func ReceiveCloseSignature(s State, m CloseSignature, now time.Time) (State, Effects, error) {
	const op = "receive close signature"
	if m.ID != s.ID {
		return fail(s, op, fmt.Errorf("%w: %s", ErrWrongChannel, m.ID))
	}
	c := s.Close
	if c == nil || m.AlicePaid == nil || m.BobPaid == nil || c.AlicePaid.Cmp(m.AlicePaid) != 0 || c.BobPaid.Cmp(m.BobPaid) != 0 {
		return fail(s, op, fmt.Errorf("%w: totals %v/%v", ErrNoProposal, m.AlicePaid, m.BobPaid))
	}
	if s.Status == Closed {
		return s, Effects{}, nil
	}
	digest, err := s.ID.CloseDigest(m.AlicePaid, m.BobPaid)
	if err != nil {
		return fail(s, op, err)
	}
	if err := m.Sig.Verify(digest, s.Peer().Signer); err != nil {
		return fail(s, op, fmt.Errorf("%w: %w", ErrBadSignature, err))
	}
	n := s.clone()
	if s.Role == Alice {
		n.Close.BobSig = m.Sig
	} else {
		n.Close.AliceSig = m.Sig
	}
	n.Close.SubmittedAt = now
	return n, Effects{Submit: []Tx{closeTx(n)}}, nil
}

// Receive dispatches a message from the peer to the matching rule. key is
// needed to countersign a close proposal.
func Receive(s State, m Message, key *ecdsa.PrivateKey, now time.Time) (State, Effects, error) {
	switch m := m.(type) {
	case Payment:
		return ReceivePayment(s, m, now)
	case Ack:
		return ReceiveAck(s, m)
	case Sync:
		return ReceiveSync(s, m, now)
	case CloseProposal:
		return ReceiveCloseProposal(s, m, key, now)
	case CloseSignature:
		return ReceiveCloseSignature(s, m, now)
	}
	return fail(s, "receive", fmt.Errorf("%w: unknown message %T", ErrInvalidState, m))
}

// ClaimNeeded decides what to claim when closing: my best received payment,
// if it is higher than what is proven on chain for the peer's direction.
// The watchtower uses the same decision.
func ClaimNeeded(s State) (ClaimTx, bool) {
	peer := s.Role.Peer()
	if s.Received.Sign() == 0 || s.ReceivedSig.IsZero() || s.Received.Cmp(s.onChain().of(peer)) <= 0 {
		return ClaimTx{}, false
	}
	return ClaimTx{ID: s.ID, Payer: s.Peer().Account, Paid: s.Received, Sig: s.ReceivedSig}, true
}

// StartClose closes unilaterally: it returns the claim of my best received
// payment, or startClose if I hold none. The state changes when the chain
// event arrives (ApplyEvent).
func StartClose(s State) (State, Effects, error) {
	if s.Status != Open {
		return fail(s, "start close", fmt.Errorf("%w: status %v", ErrNotOpen, s.Status))
	}
	if tx, ok := ClaimNeeded(s); ok {
		return s, Effects{Submit: []Tx{tx}}, nil
	}
	return s, Effects{Submit: []Tx{StartCloseTx{ID: s.ID}}}, nil
}

// ApplyEvent applies a contract event. Effects: a claim when the channel
// enters Closing (or a claim lands) and I hold a higher total than is proven
// on chain; a withdrawal when the channel is Closed and I have something to
// withdraw.
func ApplyEvent(s State, ev Event) (State, Effects, error) {
	const op = "apply event"
	n := s.clone()
	var fx Effects
	switch ev := ev.(type) {
	case Deposited:
		if ev.Party != Alice && ev.Party != Bob || ev.Total == nil {
			return fail(s, op, fmt.Errorf("%w: deposit %+v", ErrBadEvent, ev))
		}
		if ev.Total.Cmp(n.Deposit(ev.Party)) < 0 {
			return fail(s, op, &DecreaseError{Party: ev.Party, From: n.Deposit(ev.Party), To: ev.Total})
		}
		if ev.Party == Alice {
			n.AliceDeposit = new(big.Int).Set(ev.Total)
		} else {
			n.BobDeposit = new(big.Int).Set(ev.Total)
		}
	case Claimed:
		if ev.Payer != Alice && ev.Payer != Bob || ev.Paid == nil {
			return fail(s, op, fmt.Errorf("%w: claim %+v", ErrBadEvent, ev))
		}
		if ev.Payer == Alice && ev.Paid.Cmp(n.AliceOnChain) > 0 {
			n.AliceOnChain = new(big.Int).Set(ev.Paid)
		}
		if ev.Payer == Bob && ev.Paid.Cmp(n.BobOnChain) > 0 {
			n.BobOnChain = new(big.Int).Set(ev.Paid)
		}
		n.enterClosing(ev.ClosesAt)
		if n.Status == Closing {
			if tx, ok := ClaimNeeded(n); ok {
				fx.Submit = append(fx.Submit, tx)
			}
		}
	case CloseStarted:
		n.enterClosing(ev.ClosesAt)
		if n.Status == Closing {
			if tx, ok := ClaimNeeded(n); ok {
				fx.Submit = append(fx.Submit, tx)
			}
		}
	case ClosedCooperatively:
		if ev.AlicePaid == nil || ev.BobPaid == nil {
			return fail(s, op, fmt.Errorf("%w: cooperative close %+v", ErrBadEvent, ev))
		}
		n.Status = Closed
		// The max rule: a Close never lowers a total a claim proved.
		if ev.AlicePaid.Cmp(n.AliceOnChain) > 0 {
			n.AliceOnChain = new(big.Int).Set(ev.AlicePaid)
		}
		if ev.BobPaid.Cmp(n.BobOnChain) > 0 {
			n.BobOnChain = new(big.Int).Set(ev.BobPaid)
		}
	case Withdrawn:
		switch ev.Party {
		case Alice:
			n.AliceWithdrawn = true
		case Bob:
			n.BobWithdrawn = true
		default:
			return fail(s, op, fmt.Errorf("%w: withdrawal %+v", ErrBadEvent, ev))
		}
		n.Status = Closed
	case Opened:
		switch {
		case ev.FinalizationBlocks == 0:
			return fail(s, op, fmt.Errorf("%w: opened with no finalization period", ErrBadEvent))
		case n.FinalizationBlocks == 0:
			n.FinalizationBlocks = ev.FinalizationBlocks
		case n.FinalizationBlocks != ev.FinalizationBlocks:
			return fail(s, op, fmt.Errorf("%w: finalization period %d on chain, %d stored", ErrBadEvent, ev.FinalizationBlocks, n.FinalizationBlocks))
		}
		if ev.Asset != nil {
			if ev.Asset.Token != n.Asset.Token {
				return fail(s, op, fmt.Errorf("%w: the channel holds %s on chain, %s stored", ErrBadEvent, ev.Asset, n.Asset))
			}
			if n.Asset.IsToken() && n.Asset.Symbol == "" {
				n.Asset.Symbol, n.Asset.Decimals = ev.Asset.Symbol, ev.Asset.Decimals
			}
		}
	case Block:
		if n.Status == Closing && ev.Number >= n.ClosesAt {
			n.Status = Closed
			if tx, ok := WithdrawNeeded(n); ok {
				fx.Submit = append(fx.Submit, tx)
			}
		}
	default:
		return fail(s, op, fmt.Errorf("%w: unknown event %T", ErrBadEvent, ev))
	}
	return n, fx, nil
}

func (s *State) enterClosing(closesAt uint64) {
	if s.Status == Open {
		s.Status = Closing
		s.ClosesAt = closesAt
	}
}

// WithdrawNeeded reports whether I should call withdraw: the channel is
// Closed, I have not withdrawn, and my payout under the on-chain totals is
// positive.
func WithdrawNeeded(s State) (WithdrawTx, bool) {
	if s.Status != Closed {
		return WithdrawTx{}, false
	}
	mine, done := s.MyPayout()
	if done || mine.Sign() == 0 {
		return WithdrawTx{}, false
	}
	return WithdrawTx{ID: s.ID}, true
}
