package channel

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// Message is what one wallet sends the other through the relay. The
// concrete types are Payment, Ack, CloseProposal, CloseSignature and Sync;
// package wire encodes them. Messages are addressed to the peer's signer.
type Message interface {
	// ChannelID is the channel the message is about.
	ChannelID() ID
	isMessage()
}

// Payment carries the sender's new cumulative total Paid and its signature
// over Payment(channelId, paid).
type Payment struct {
	ID   ID
	Paid *big.Int
	Sig  Signature
}

// Ack tells the payer the highest total the receiver has stored. It is
// informational: no money depends on it.
type Ack struct {
	ID       ID
	Received *big.Int
}

// CloseProposal proposes a cooperative close with these totals, signed by
// the proposer over Close(channelId, alicePaid, bobPaid).
type CloseProposal struct {
	ID        ID
	AlicePaid *big.Int
	BobPaid   *big.Int
	Sig       Signature
}

// CloseSignature is the countersignature of a CloseProposal.
type CloseSignature struct {
	ID        ID
	AlicePaid *big.Int
	BobPaid   *big.Int
	Sig       Signature
}

// Sync is sent after a reconnect: the sender's latest total with its
// signature (Paid 0 and a zero Sig if it has paid nothing) and the best
// total it holds from the receiver with the receiver's own signature over
// it (Received 0 and a zero ReceivedSig if it holds nothing), so each side
// can resend what the other missed, and a receiver that restored an older
// backup can recover its own latest total from the proof (ReceiveSync). A
// zero ReceivedSig with Received > 0 is allowed (older wallets did not send
// it): it then only acknowledges.
type Sync struct {
	ID          ID
	Paid        *big.Int
	Sig         Signature
	Received    *big.Int
	ReceivedSig Signature
}

// ChannelID implements Message.
func (m Payment) ChannelID() ID { return m.ID }

// ChannelID implements Message.
func (m Ack) ChannelID() ID { return m.ID }

// ChannelID implements Message.
func (m CloseProposal) ChannelID() ID { return m.ID }

// ChannelID implements Message.
func (m CloseSignature) ChannelID() ID { return m.ID }

// ChannelID implements Message.
func (m Sync) ChannelID() ID      { return m.ID }
func (Payment) isMessage()        {}
func (Ack) isMessage()            {}
func (CloseProposal) isMessage()  {}
func (CloseSignature) isMessage() {}
func (Sync) isMessage()           {}

// Tx is a contract call the wallet (or a watchtower) should submit. The
// concrete types are ClaimTx, StartCloseTx, CooperativeCloseTx and WithdrawTx.
type Tx interface {
	// ChannelID is the channel the call is about.
	ChannelID() ID
	isTx()
}

// ClaimTx is claim(channel, payer, paid, sig): it proves that Payer (an
// account address) has paid at least Paid.
type ClaimTx struct {
	ID    ID
	Payer common.Address
	Paid  *big.Int
	Sig   Signature
}

// StartCloseTx is startClose(channel): close without a payment to prove.
type StartCloseTx struct{ ID ID }

// CooperativeCloseTx is cooperativeClose(channel, alicePaid, bobPaid,
// aliceSig, bobSig).
type CooperativeCloseTx struct {
	ID                 ID
	AlicePaid, BobPaid *big.Int
	AliceSig, BobSig   Signature
}

// WithdrawTx is withdraw(channel) from my account.
type WithdrawTx struct{ ID ID }

// ChannelID implements Tx.
func (t ClaimTx) ChannelID() ID { return t.ID }

// ChannelID implements Tx.
func (t StartCloseTx) ChannelID() ID { return t.ID }

// ChannelID implements Tx.
func (t CooperativeCloseTx) ChannelID() ID { return t.ID }

// ChannelID implements Tx.
func (t WithdrawTx) ChannelID() ID { return t.ID }
func (ClaimTx) isTx()              {}
func (StartCloseTx) isTx()         {}
func (CooperativeCloseTx) isTx()   {}
func (WithdrawTx) isTx()           {}

// Effects are what a rule asks the shell to do, in order: send the
// messages to the peer, submit the transactions. The rule's new State must
// be persisted first (Book does that).
type Effects struct {
	Send   []Message
	Submit []Tx
}

// Empty reports whether there is nothing to do.
func (e Effects) Empty() bool { return len(e.Send) == 0 && len(e.Submit) == 0 }

// Event is a contract event for this channel, decoded by the shell (the
// chain client or watchtower) with parties mapped to roles by
// State.RoleOf. Concrete types: Deposited, Claimed, CloseStarted,
// ClosedCooperatively, Withdrawn, Block and Opened.
type Event interface{ isEvent() }

// Deposited: Party's deposit total is now Total.
type Deposited struct {
	Party Role
	Total *big.Int
}

// Claimed: a claim proved that Payer has paid Paid; the channel closes at
// block ClosesAt.
type Claimed struct {
	Payer    Role
	Paid     *big.Int
	ClosesAt uint64
}

// CloseStarted: a party called startClose; the channel closes at ClosesAt.
type CloseStarted struct{ ClosesAt uint64 }

// ClosedCooperatively: the channel closed with these totals (the contract
// keeps max(stored, signed) per direction). It does not say who was paid:
// a payout that failed inside cooperativeClose (a payee that reverts or
// burns its bounded gas) leaves that party's share to withdraw, so who has
// withdrawn comes from Withdrawn events (the contract's withdrawn view).
type ClosedCooperatively struct{ AlicePaid, BobPaid *big.Int }

// Withdrawn: Party withdrew Amount.
type Withdrawn struct {
	Party  Role
	Amount *big.Int
}

// Block: the chain's head is at block Number (drives Closing -> Closed).
type Block struct{ Number uint64 }

// Opened: the channel was opened with this finalization period (read from
// the ChannelOpened event or finalizationBlocks()); it fills in the period
// of a state stored before the period was recorded. Asset, when set, is the
// channel's asset read from the chain (token(id), with the token's symbol
// and decimals): a state holding another asset is refused (ErrBadEvent),
// and a token's symbol and decimals missing from the state are filled in.
// Nil states nothing about the asset.
type Opened struct {
	FinalizationBlocks uint64
	Asset              *Asset
}

func (Deposited) isEvent()           {}
func (Claimed) isEvent()             {}
func (CloseStarted) isEvent()        {}
func (ClosedCooperatively) isEvent() {}
func (Withdrawn) isEvent()           {}
func (Block) isEvent()               {}
func (Opened) isEvent()              {}
