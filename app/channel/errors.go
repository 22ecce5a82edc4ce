package channel

import (
	"errors"
	"fmt"
	"math/big"
)

// Sentinel errors of the rules. A rule returns an *Error wrapping one of
// them (or an *OverdrawError / *DecreaseError); test with errors.Is and
// get the channel with errors.As(err, &*channel.Error).
var (
	// ErrZeroAmount: a payment of zero (or less).
	ErrZeroAmount = errors.New("amount must be positive")
	// ErrNotOpen: the channel is not in a status that allows the operation.
	ErrNotOpen = errors.New("channel is not open")
	// ErrOverdraw: a total beyond what the payer can afford (see OverdrawError).
	ErrOverdraw = errors.New("payment exceeds balance")
	// ErrTotalTooLarge: a total above MaxTotal, which the contract rejects.
	ErrTotalTooLarge = errors.New("total exceeds the contract's maximum")
	// ErrDecrease: a total went down (see DecreaseError).
	ErrDecrease = errors.New("total decreased")
	// ErrWrongChannel: a message or event for another channel.
	ErrWrongChannel = errors.New("message for another channel")
	// ErrBadSignature: a signature that is malformed or not by the expected
	// signer (wraps the Sig* error).
	ErrBadSignature = errors.New("bad signature")
	// ErrWrongKey: the key given to sign is not my signer in this channel.
	ErrWrongKey = errors.New("key is not this channel's signer")
	// ErrCloseRefused: a close proposal that pays me less than I hold or
	// makes me pay more than I sent.
	ErrCloseRefused = errors.New("close proposal does not match my totals")
	// ErrNoProposal: a close signature without a matching proposal of mine.
	ErrNoProposal = errors.New("no matching close proposal")
	// ErrInvalidState: arguments that do not make a valid channel.
	ErrInvalidState = errors.New("invalid channel state")
	// ErrBadEvent: a chain event that contradicts the state (e.g. an unknown party).
	ErrBadEvent = errors.New("bad chain event")
	// ErrNotPeer: a message from an address that is not the channel's peer.
	ErrNotPeer = errors.New("message not from the channel's peer")
	// ErrNotFound: no such channel (or no keys) in the Store.
	ErrNotFound = errors.New("not found")
	// ErrExists: Book.Add of a channel that is already stored.
	ErrExists = errors.New("channel already exists")
	// ErrCloseSigned: a payment sent or accepted after this wallet signed a
	// cooperative Close for the channel (see CloseSignedError).
	ErrCloseSigned = errors.New("a cooperative close is signed for this channel")
)

// CloseSignedError refuses a payment in Channel after this wallet signed
// (or countersigned) a Close with totals AlicePaid and BobPaid: a payment
// received now could be undone by submitting that Close, and one sent now
// would not count in it. It matches ErrCloseSigned.
type CloseSignedError struct {
	Channel            ID
	AlicePaid, BobPaid *big.Int
}

// Error names the channel and the signed totals.
func (e *CloseSignedError) Error() string {
	return fmt.Sprintf("%v: channel %s is closing by agreement (Alice paid %v, Bob paid %v): no more payments are sent or accepted in it",
		ErrCloseSigned, e.Channel, e.AlicePaid, e.BobPaid)
}

// Is makes errors.Is(err, ErrCloseSigned) true.
func (e *CloseSignedError) Is(target error) bool { return target == ErrCloseSigned }

// Error is the error of a rule or of Book: what was attempted on which
// channel, and why (Err, one of the sentinels or a detailed error type).
type Error struct {
	Channel ID
	Op      string // "pay", "receive payment", "propose close", ...
	Err     error
}

// Error returns "channel <id>: <op>: <cause>".
func (e *Error) Error() string { return fmt.Sprintf("channel %s: %s: %v", e.Channel, e.Op, e.Err) }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// OverdrawError says that Party's total Paid exceeds what it can afford:
// its Deposit plus what it has Received. It matches ErrOverdraw.
type OverdrawError struct {
	Party    Role
	Paid     *big.Int
	Deposit  *big.Int
	Received *big.Int
}

// Error names the party and the amounts.
func (e *OverdrawError) Error() string {
	return fmt.Sprintf("%v: %s would have paid %v but has only deposit %v + received %v", ErrOverdraw, e.Party, e.Paid, e.Deposit, e.Received)
}

// Is makes errors.Is(err, ErrOverdraw) true.
func (e *OverdrawError) Is(target error) bool { return target == ErrOverdraw }

// DecreaseError says that Party's total would go From a higher value To a
// lower one. It matches ErrDecrease.
type DecreaseError struct {
	Party    Role
	From, To *big.Int
}

// Error names the party and the amounts.
func (e *DecreaseError) Error() string {
	return fmt.Sprintf("%v: %s's total from %v to %v", ErrDecrease, e.Party, e.From, e.To)
}

// Is makes errors.Is(err, ErrDecrease) true.
func (e *DecreaseError) Is(target error) bool { return target == ErrDecrease }
