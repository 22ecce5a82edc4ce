// Package watchtower is the pure, I/O-free part of paychan's watchtower,
// shared by the host (which runs the watchtower) and the wallet (which hands
// it payments and reads its replies).
//
// A wallet hands the watchtower the best payment it received in a channel:
// the ordinary app/wire "payment" message its peer sent it (the peer's
// signature over the cumulative total it paid). Such a signature can only
// ever help its holder, so giving it away is safe. The watchtower:
//
//   - checks the hand-off against the chain ([Check]): right chain and
//     contract, an existing channel that is not Closed, a signature by one
//     party (the payer) that pays the sender (the beneficiary), and a total
//     above what it already holds for that direction;
//   - keeps the best payment per channel and direction ([Held]);
//   - answers with an [Accepted] or [Refused] reply ([EncodeReply],
//     [DecodeReply]);
//   - when the channel is Closing with a lower total on chain for that
//     direction and a block is left before closesAt, claims it ([Decide]).
//
// Nothing here reads the chain, a clock or the network: the caller passes a
// [View] of the contract's state read at one block.
package watchtower

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/channel"
)

// View is what the contract says about one channel at block Head: its
// status, parties, proven totals and closesAt. A channel that does not exist
// has Status 0; a settled channel reads Closed with zero parties (the
// contract clears them).
type View struct {
	// Head is the block the view was read at; a transaction sent now is
	// mined at Head+1 or later.
	Head uint64
	// Status is the contract's status (0 for None).
	Status channel.Status
	// Alice and Bob are the parties' accounts and signers.
	Alice, Bob channel.Party
	// AlicePaid and BobPaid are the totals proven on chain.
	AlicePaid, BobPaid *big.Int
	// ClosesAt is the block at which Closing becomes Closed (0 while Open).
	ClosesAt uint64
	// Token is the ERC-20 token the channel holds (docs/protocol.md section 3a),
	// zero for an ether channel. Check reads it (a token channel is taken
	// only if its token has a price); a claim prices what it protects with
	// it ([Price.Wei]).
	Token common.Address
	// AliceDeposit, BobDeposit and Period (the channel's finalization
	// period in blocks) are read only while Closing (nil and 0 otherwise):
	// they size and time a claim.
	AliceDeposit, BobDeposit *big.Int
	Period                   uint64
}

// Deposit returns role r's deposit (never nil).
func (v View) Deposit(r channel.Role) *big.Int {
	d := v.BobDeposit
	if r == channel.Alice {
		d = v.AliceDeposit
	}
	if d == nil {
		return new(big.Int)
	}
	return d
}

// Party returns the identities of role r.
func (v View) Party(r channel.Role) channel.Party {
	if r == channel.Alice {
		return v.Alice
	}
	return v.Bob
}

// Paid returns the total proven on chain for what role r paid (never nil).
func (v View) Paid(r channel.Role) *big.Int {
	p := v.BobPaid
	if r == channel.Alice {
		p = v.AlicePaid
	}
	if p == nil {
		return new(big.Int)
	}
	return p
}

// Held is the best payment a watchtower holds for one channel and direction:
// Payer's signature over its cumulative total Paid to the beneficiary, the
// other party, whose signer Owner handed it over.
type Held struct {
	ID channel.ID `json:"id"`
	// Payer is the role that signed (and pays); the owner is the other role.
	Payer channel.Role `json:"payer"`
	// PayerSigner is the address the signature recovers to.
	PayerSigner common.Address `json:"payerSigner"`
	// Owner is the beneficiary's signer: who handed the payment over and is
	// protected by it.
	Owner common.Address `json:"owner"`
	// Paid is the cumulative total and Sig the payer's signature over it.
	Paid *big.Int          `json:"paid"`
	Sig  channel.Signature `json:"sig"`
	// Block is the head block when the payment was accepted.
	Block uint64 `json:"block"`
	// Token is the channel's ERC-20 token (zero for ether): what Paid
	// and what a claim protects are counted in.
	Token common.Address `json:"token,omitzero"`
}

// Holdings are the totals a watchtower already holds for one channel, by
// payer (nil when it holds none for that direction).
type Holdings struct {
	Alice, Bob *big.Int
}

func (h Holdings) of(r channel.Role) *big.Int {
	if r == channel.Alice {
		return h.Alice
	}
	return h.Bob
}

// Check decides whether a watchtower serving domain dom stores payment p,
// handed over through the relay by the authenticated signer from, given the
// chain's view of the channel and what it already holds. It returns the
// payment to store, or a *[Refused] error saying why not (its Code is one of
// the Code constants). The checks, in order: domain, channel exists, not
// Closed and not too late, signature by one of the parties, sender is the
// other party, a token channel's token has a price in prices, total within
// the contract's limit, above the chain's proven total while Closing,
// above the total held.
func Check(dom channel.Domain, from common.Address, p channel.Payment, v View, held Holdings, prices Prices) (Held, error) {
	id := p.ID
	refuse := func(code, format string, args ...any) (Held, error) {
		return Held{}, &Refused{Code: code, Message: fmt.Sprintf("channel %d: ", id.Channel) + fmt.Sprintf(format, args...), ID: &id, Paid: p.Paid}
	}
	if p.Paid == nil || p.Paid.Sign() <= 0 {
		return refuse(CodeBadMessage, "a payment total must be positive")
	}
	if id.Domain != dom {
		return refuse(CodeWrongDomain, "the payment is for chain %d contract %s; this watchtower serves chain %d contract %s",
			id.ChainID, id.Contract.Hex(), dom.ChainID, dom.Contract.Hex())
	}
	switch v.Status {
	case channel.Open, channel.Closing:
	case channel.Closed:
		return refuse(CodeChannelClosed, "the channel is closed: its totals are final")
	default:
		return refuse(CodeUnknownChannel, "no such channel on contract %s", dom.Contract.Hex())
	}
	if v.Status == channel.Closing && v.Head+1 >= v.ClosesAt {
		return refuse(CodeTooLate, "the finalization period ends at block %d: no block is left for a claim (head %d)", v.ClosesAt, v.Head)
	}
	digest, err := id.PaymentDigest(p.Paid)
	if err != nil {
		return refuse(CodeBadMessage, "%v", err)
	}
	signer, err := p.Sig.Recover(digest)
	if err != nil {
		return refuse(CodeBadSignature, "the signature is invalid: %v", err)
	}
	var payer channel.Role
	switch signer {
	case v.Alice.Signer:
		payer = channel.Alice
	case v.Bob.Signer:
		payer = channel.Bob
	default:
		return refuse(CodeBadSignature, "the signature of Payment(%d, %v) recovers to %s, which is not a signer of this channel (Alice %s, Bob %s)",
			id.Channel, p.Paid, signer.Hex(), v.Alice.Signer.Hex(), v.Bob.Signer.Hex())
	}
	owner := v.Party(payer.Peer()).Signer
	if from != owner {
		return refuse(CodeNotBeneficiary, "the payment by %s pays %s (%s), but it was handed over by %s: a watchtower only protects the party that asks",
			payer, payer.Peer(), owner.Hex(), from.Hex())
	}
	if _, ok := prices[v.Token]; v.Token != (common.Address{}) && !ok {
		return refuse(CodeUnsupportedAsset, "the channel holds the ERC-20 token %s, which this watchtower has no price for (it cannot weigh the token's worth against the gas of a claim): its operator can add one with %s %s=WEI_PER_TOKEN",
			v.Token.Hex(), PriceFlag, v.Token.Hex())
	}
	if p.Paid.Cmp(channel.MaxTotal) > 0 {
		return refuse(CodeTooLarge, "total %v exceeds the contract's maximum %v", p.Paid, channel.MaxTotal)
	}
	if onChain := v.Paid(payer); v.Status == channel.Closing && p.Paid.Cmp(onChain) <= 0 {
		r := &Refused{Code: CodeTotalOnChain, ID: &id, Paid: p.Paid, Held: new(big.Int).Set(onChain),
			Message: fmt.Sprintf("channel %d: the chain already holds %v paid by %s, at least this total %v: nothing to claim", id.Channel, onChain, payer, p.Paid)}
		return Held{}, r
	}
	if h := held.of(payer); h != nil {
		switch c := p.Paid.Cmp(h); {
		case c < 0:
			return Held{}, &Refused{Code: CodeTotalLower, ID: &id, Paid: p.Paid, Held: new(big.Int).Set(h),
				Message: fmt.Sprintf("channel %d: total %v paid by %s is lower than the %v already held: kept %v", id.Channel, p.Paid, payer, h, h)}
		case c == 0:
			return Held{}, &Refused{Code: CodeTotalEqual, ID: &id, Paid: p.Paid, Held: new(big.Int).Set(h),
				Message: fmt.Sprintf("channel %d: total %v paid by %s is already held (you are protected for it)", id.Channel, p.Paid, payer)}
		}
	}
	return Held{ID: id, Payer: payer, PayerSigner: signer, Owner: owner, Paid: new(big.Int).Set(p.Paid), Sig: p.Sig, Block: v.Head, Token: v.Token}, nil
}

// Action is what a watchtower does about a held payment, given the chain.
type Action uint8

const (
	// Wait: the channel is Open; keep watching.
	Wait Action = iota + 1
	// Claim: the channel is Closing, the chain holds a lower total for this
	// direction and a block is left before closesAt: submit claim(id,
	// payer's account, paid, sig) now.
	Claim
	// Covered: the channel is Closing and the chain already holds at least
	// this total (its owner, or the watchtower, claimed it): nothing to do.
	Covered
	// Missed: the chain holds a lower total but no block is left before
	// closesAt. Only happens if the watchtower was down for the whole period.
	Missed
	// Forget: the channel is Closed (or does not exist): drop the payment.
	Forget
)

// String returns the action's name.
func (a Action) String() string {
	switch a {
	case Wait:
		return "wait"
	case Claim:
		return "claim"
	case Covered:
		return "covered"
	case Missed:
		return "missed"
	case Forget:
		return "forget"
	}
	return fmt.Sprintf("Action(%d)", uint8(a))
}

// Decide says what to do about held payment h given the chain's view v. It
// returns Claim only when the claim raises the owner's total on chain and
// can still be mined before closesAt, so a watchtower following it never
// submits a useless transaction.
func Decide(v View, h Held) Action {
	switch v.Status {
	case channel.Open:
		return Wait
	case channel.Closing:
	default:
		return Forget
	}
	if h.Paid == nil || h.Paid.Cmp(v.Paid(h.Payer)) <= 0 {
		return Covered
	}
	if v.Head+1 >= v.ClosesAt {
		return Missed
	}
	return Claim
}

// Protects returns what a claim of h protects, in the channel's units (wei,
// or the token's units: [Price.Wei] converts them): how much it raises
// what the contract pays the beneficiary (the payer's peer) at settlement
// (channel.Settle), with the other direction at the chain's total or at
// received when that is higher (a payment the watchtower also holds for
// the other direction). Settlement pays out no more than the channel holds,
// so a total beyond what the payer can owe moves nothing: a channel whose
// totals are inflated far past its deposits (one owner behind both sides)
// protects at most its deposits. It is 0 when the claim raises nothing.
func Protects(v View, h Held, received *big.Int) *big.Int {
	if h.Paid == nil {
		return new(big.Int)
	}
	other := v.Paid(h.Payer.Peer())
	if received != nil && received.Cmp(other) > 0 {
		other = received
	}
	payout := func(paid *big.Int) *big.Int {
		t := channel.Totals{AlicePaid: paid, BobPaid: other}
		if h.Payer == channel.Bob {
			t = channel.Totals{AlicePaid: other, BobPaid: paid}
		}
		alice, bob := channel.Settle(v.Deposit(channel.Alice), v.Deposit(channel.Bob), t)
		if h.Payer == channel.Alice {
			return bob
		}
		return alice
	}
	onChain := v.Paid(h.Payer)
	if h.Paid.Cmp(onChain) <= 0 {
		return new(big.Int)
	}
	p := new(big.Int).Sub(payout(h.Paid), payout(onChain))
	if p.Sign() < 0 {
		p.SetInt64(0)
	}
	return p
}

// Worth reports whether a claim that protects protects wei is worth sending
// at an estimated cost of gas at gasPrice wei: protects > gas * gasPrice.
func Worth(protects *big.Int, gas uint64, gasPrice *big.Int) bool {
	cost := new(big.Int).Mul(new(big.Int).SetUint64(gas), gasPrice)
	return protects != nil && protects.Cmp(cost) > 0
}

// Margin is how many blocks before closesAt a watchtower sends a claim at
// the latest (it may send it earlier, see [Due]): maxMargin, but at most
// half the channel's period and at least 1, so a 10-block period on a
// development chain leaves 5 blocks for the claim to be mined, and a long
// period leaves maxMargin.
func Margin(period, maxMargin uint64) uint64 {
	return max(1, min(maxMargin, period/2))
}

// Due reports whether a claim for a Closing channel must be sent now: its
// settle delay is over (settled: hand-offs in flight when the close was
// seen have arrived), or the head reached closesAt - margin (the deadline
// comes first). A watchtower sends one claim per channel direction, with the
// best total it holds when the claim is due.
func Due(v View, settled bool, margin uint64) bool {
	return settled || v.Head+margin >= v.ClosesAt
}

// ProtectedUntil is the "protected until" block a watchtower reports for a
// channel: 0 while it is Open (protected for as long as it stays open and
// through any finalization period that starts), and while Closing the last
// block at which a claim can still be mined (closesAt - 1).
func ProtectedUntil(v View) uint64 {
	if v.Status == channel.Closing && v.ClosesAt > 0 {
		return v.ClosesAt - 1
	}
	return 0
}
