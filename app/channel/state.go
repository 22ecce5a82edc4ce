package channel

import (
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// ID identifies a channel: the contract and chain (its EIP-712 domain) and
// the contract's sequential channel number.
type ID struct {
	Domain
	Channel uint64 `json:"channel"`
}

// String returns "chainId/contract/channel", e.g. "1337/0x5FbD…0aa3/1"
// written in full; Store implementations may use it as a key.
func (id ID) String() string {
	return fmt.Sprintf("%d/%s/%d", id.ChainID, id.Contract.Hex(), id.Channel)
}

// PaymentDigest is Domain.PaymentDigest for this channel.
func (id ID) PaymentDigest(paid *big.Int) (common.Hash, error) {
	return id.Domain.PaymentDigest(new(big.Int).SetUint64(id.Channel), paid)
}

// CloseDigest is Domain.CloseDigest for this channel.
func (id ID) CloseDigest(alicePaid, bobPaid *big.Int) (common.Hash, error) {
	return id.Domain.CloseDigest(new(big.Int).SetUint64(id.Channel), alicePaid, bobPaid)
}

// Role is a side of a channel: Alice opened it, Bob was invited.
type Role uint8

const (
	// Alice opened the channel.
	Alice Role = iota + 1
	// Bob is the other party.
	Bob
)

// Peer returns the other role.
func (r Role) Peer() Role {
	if r == Alice {
		return Bob
	}
	return Alice
}

// String returns "Alice" or "Bob".
func (r Role) String() string {
	switch r {
	case Alice:
		return "Alice"
	case Bob:
		return "Bob"
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// Status mirrors the contract's channel status.
type Status uint8

const (
	// Open: payments flow.
	Open Status = iota + 1
	// Closing: the finalization period runs until block ClosesAt; claims with
	// higher totals are still accepted on chain.
	Closing
	// Closed: totals are final; parties withdraw.
	Closed
)

// String returns "open", "closing" or "closed".
func (s Status) String() string {
	switch s {
	case Open:
		return "open"
	case Closing:
		return "closing"
	case Closed:
		return "closed"
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// Party is one side's two identities (docs/protocol.md section 2).
type Party struct {
	// Account sends transactions (msg.sender); on EVM chains it usually
	// equals Signer.
	Account common.Address `json:"account"`
	// Signer is the ecrecover address of the party's payment signatures.
	Signer common.Address `json:"signer"`
}

// Direction of a payment in the history.
type Direction uint8

const (
	// Sent is a payment I made.
	Sent Direction = iota + 1
	// Received is a payment I got.
	Received
)

// String returns "sent" or "received".
func (d Direction) String() string {
	if d == Sent {
		return "sent"
	}
	return "received"
}

// HistoryLimit is how many payments State.History keeps (oldest dropped).
const HistoryLimit = 100

// Entry is one payment in the history shown by the UI.
type Entry struct {
	Dir    Direction `json:"dir"`
	Amount *big.Int  `json:"amount"` // this payment
	Total  *big.Int  `json:"total"`  // cumulative total after it
	At     time.Time `json:"at"`     // supplied by the caller
	// Recovered marks a Sent entry this wallet did not make here but
	// learned from the peer's proof (my own signature over a higher total
	// than my Sent, see ReceiveSync): an older backup had been restored.
	Recovered bool `json:"recovered,omitempty"`
}

// CloseOffer is the record of a cooperative Close this wallet signed (as
// proposer or countersigner): the final totals, the signatures gathered so
// far (a zero Signature is missing), and what the wallet did about it. A
// signed Close has no expiry, so from SignedAt on the wallet neither sends
// nor accepts payments in the channel (ErrCloseSigned), and CheckClose
// makes sure the Close lands or the unilateral path is taken. The record is
// persisted (Book) before the signature leaves the wallet.
type CloseOffer struct {
	AlicePaid *big.Int  `json:"alicePaid"`
	BobPaid   *big.Int  `json:"bobPaid"`
	AliceSig  Signature `json:"aliceSig"`
	BobSig    Signature `json:"bobSig"`

	// ProposedBy is the side that signed first (zero in records written
	// before it existed).
	ProposedBy Role `json:"proposedBy,omitempty"`
	// SignedAt is when this wallet first signed a Close for the channel.
	SignedAt time.Time `json:"signedAt"`
	// SubmittedAt is when this wallet last asked for cooperativeClose to be
	// submitted (zero: never).
	SubmittedAt time.Time `json:"submittedAt"`
	// Failed is set when a submission of this Close reverted (CloseFailed).
	Failed bool `json:"failed,omitempty"`
	// FellBackAt is when this wallet last asked for the unilateral path
	// (claim or startClose) because the Close did not land (zero: never).
	FellBackAt time.Time `json:"fellBackAt"`
}

// Complete reports whether both parties have signed.
func (c *CloseOffer) Complete() bool { return c != nil && !c.AliceSig.IsZero() && !c.BobSig.IsZero() }

// State is one wallet's view of one channel. Rules treat it as a value: they
// return a modified copy and never change the *big.Int values they are
// given (amounts are replaced, never mutated). It marshals to JSON for
// Store implementations.
type State struct {
	ID    ID    `json:"id"`
	Role  Role  `json:"role"` // which side I am
	Alice Party `json:"alice"`
	Bob   Party `json:"bob"`

	// Asset is what the channel holds: the native coin (the zero value, and
	// every state stored before token channels existed) or an ERC-20 token.
	// Every amount of the state is in its units. An Opened event naming
	// the asset read from the chain checks it (ApplyEvent).
	Asset Asset `json:"asset,omitzero"`

	// FinalizationBlocks is the channel's finalization period as opened on
	// chain (0: not known yet; the Opened event sets it). Book refuses
	// payments while it is below the minimum (MinFinalizationBlocks).
	FinalizationBlocks uint64 `json:"finalizationBlocks,omitempty"`

	AliceDeposit *big.Int `json:"aliceDeposit"`
	BobDeposit   *big.Int `json:"bobDeposit"`

	// Sent is my cumulative total paid to the peer and SentSig my signature
	// over it (zero while Sent is 0).
	Sent    *big.Int  `json:"sent"`
	SentSig Signature `json:"sentSig"`
	// Received is the best cumulative total the peer has paid me and
	// ReceivedSig the peer's signature over it: what I claim on chain.
	Received    *big.Int  `json:"received"`
	ReceivedSig Signature `json:"receivedSig"`
	// PeerAcked is the highest of my totals the peer has acknowledged.
	PeerAcked *big.Int `json:"peerAcked"`

	Status Status `json:"status"`
	// ClosesAt is the block at which Closing becomes Closed (0 while Open).
	ClosesAt uint64 `json:"closesAt"`
	// AliceOnChain and BobOnChain are the totals proven on chain so far (by
	// claims or a cooperative close).
	AliceOnChain   *big.Int `json:"aliceOnChain"`
	BobOnChain     *big.Int `json:"bobOnChain"`
	AliceWithdrawn bool     `json:"aliceWithdrawn"`
	BobWithdrawn   bool     `json:"bobWithdrawn"`

	// Close is the cooperative close in progress or done (nil if none).
	Close *CloseOffer `json:"close,omitempty"`

	// History holds the last HistoryLimit payments, oldest first.
	History History `json:"history,omitempty"`
}

// NewState returns the Open state of a freshly opened channel with zero
// deposits and totals; apply Deposited events for the deposits.
func NewState(id ID, role Role, alice, bob Party) (State, error) {
	if role != Alice && role != Bob {
		return State{}, &Error{Channel: id, Op: "new", Err: fmt.Errorf("%w: role %d", ErrInvalidState, role)}
	}
	if alice.Signer == (common.Address{}) || bob.Signer == (common.Address{}) || alice.Signer == bob.Signer {
		return State{}, &Error{Channel: id, Op: "new", Err: fmt.Errorf("%w: signers %s and %s must be set and differ", ErrInvalidState, alice.Signer.Hex(), bob.Signer.Hex())}
	}
	s := State{ID: id, Role: role, Alice: alice, Bob: bob, Status: Open}
	s.normalize()
	return s, nil
}

// normalize replaces nil amounts with zero (a State decoded from JSON by an
// older or hand-written store may miss fields).
func (s *State) normalize() {
	for _, p := range []**big.Int{&s.AliceDeposit, &s.BobDeposit, &s.Sent, &s.Received, &s.PeerAcked, &s.AliceOnChain, &s.BobOnChain} {
		if *p == nil {
			*p = new(big.Int)
		}
	}
}

// Clone returns a copy that shares no mutable memory with s (amounts are
// never changed in place: they are shared).
func (s State) Clone() State { return s.clone() }

// clone returns a copy that shares no mutable memory with s.
func (s State) clone() State {
	c := s
	c.History = append([]Entry(nil), s.History...)
	if s.Close != nil {
		cc := *s.Close
		c.Close = &cc
	}
	c.normalize()
	return c
}

// Me returns my party.
func (s State) Me() Party { return s.party(s.Role) }

// Peer returns the other party.
func (s State) Peer() Party { return s.party(s.Role.Peer()) }

func (s State) party(r Role) Party {
	if r == Alice {
		return s.Alice
	}
	return s.Bob
}

// Deposit returns the deposit of role r.
func (s State) Deposit(r Role) *big.Int {
	if r == Alice {
		return s.AliceDeposit
	}
	return s.BobDeposit
}

// RoleOf maps an account or signer address to a role.
func (s State) RoleOf(a common.Address) (Role, bool) {
	switch a {
	case s.Alice.Account, s.Alice.Signer:
		return Alice, true
	case s.Bob.Account, s.Bob.Signer:
		return Bob, true
	}
	return 0, false
}

// Totals returns the off-chain totals in contract order: what Alice has
// paid Bob and what Bob has paid Alice, as this wallet knows them.
func (s State) Totals() Totals {
	if s.Role == Alice {
		return Totals{AlicePaid: s.Sent, BobPaid: s.Received}
	}
	return Totals{AlicePaid: s.Received, BobPaid: s.Sent}
}

// Balance returns my spendable balance: my deposit + received - sent.
func (s State) Balance() *big.Int {
	b := new(big.Int).Add(s.Deposit(s.Role), s.Received)
	return b.Sub(b, s.Sent)
}

// PeerBalance returns the peer's balance as I know it (at least; the peer
// may have received less of my payments than I sent).
func (s State) PeerBalance() *big.Int {
	b := new(big.Int).Add(s.Deposit(s.Role.Peer()), s.Sent)
	return b.Sub(b, s.Received)
}

// Payouts returns what the contract pays each side for the given totals
// (docs/protocol.md section 3: alice = clamp(aliceDeposit + bobPaid - alicePaid,
// 0, total), bob = total - alice).
func (s State) Payouts(t Totals) (alice, bob *big.Int) {
	return Settle(s.AliceDeposit, s.BobDeposit, t)
}

// Settle is the contract's settlement rule (docs/protocol.md section 3): what it
// pays Alice and Bob for deposits aliceDeposit and bobDeposit and totals t.
// alice = clamp(aliceDeposit + bobPaid - alicePaid, 0, total), bob = total
// - alice: never more than the channel holds, whatever is signed.
func Settle(aliceDeposit, bobDeposit *big.Int, t Totals) (alice, bob *big.Int) {
	total := new(big.Int).Add(aliceDeposit, bobDeposit)
	alice = new(big.Int).Add(aliceDeposit, t.BobPaid)
	alice.Sub(alice, t.AlicePaid)
	if alice.Sign() < 0 {
		alice.SetInt64(0)
	}
	if alice.Cmp(total) > 0 {
		alice.Set(total)
	}
	return alice, new(big.Int).Sub(total, alice)
}

// Totals are the two cumulative totals of a channel in contract order.
type Totals struct {
	AlicePaid *big.Int `json:"alicePaid"`
	BobPaid   *big.Int `json:"bobPaid"`
}

func (t Totals) of(r Role) *big.Int {
	if r == Alice {
		return t.AlicePaid
	}
	return t.BobPaid
}

func totalsWith(r Role, paid, other *big.Int) Totals {
	if r == Alice {
		return Totals{AlicePaid: paid, BobPaid: other}
	}
	return Totals{AlicePaid: other, BobPaid: paid}
}

func (s State) onChain() Totals { return Totals{AlicePaid: s.AliceOnChain, BobPaid: s.BobOnChain} }

func (s *State) record(dir Direction, amount, total *big.Int, at time.Time) {
	s.History = append(s.History, Entry{Dir: dir, Amount: amount, Total: total, At: at})
	if n := len(s.History); n > HistoryLimit {
		s.History = append([]Entry(nil), s.History[n-HistoryLimit:]...)
	}
}
