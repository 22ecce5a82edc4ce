package relay

import (
	"context"
	"errors"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Envelope is one relayed message as the Store keeps it.
type Envelope struct {
	// From is the authenticated sender and To the recipient (mailbox owner).
	From, To common.Address
	// ID is the sender's client message id; (From, ID) identifies a send.
	ID string
	// Payload is the opaque message.
	Payload []byte
	// Seq is the store's sequence number, set by the Store: increasing in
	// the order messages were stored, so increasing within a mailbox.
	Seq uint64
	// Time is when the message was stored.
	Time time.Time
}

// Stored is the result of a successful Append.
type Stored struct {
	// Seq is the sequence number of the stored message.
	Seq uint64
	// Duplicate reports that (From, ID) had already been stored recently
	// (a resend); Seq is then the first copy's sequence number.
	Duplicate bool
}

// Store is a set of durable mailboxes, one per recipient address.
//
// Implementations are safe for concurrent use.
type Store interface {
	// Append durably stores e in e.To's mailbox (e.Seq and e.Time are
	// ignored) and reports its sequence number. When Append returns nil the
	// message survives a crash of the process. It returns an error wrapping
	// ErrQuotaExceeded when the sender has its quota of unacknowledged
	// messages in the mailbox,
	// ErrTooLarge when the payload exceeds the store's limit, and
	// ErrStoreFull when the store holds its limit of bytes.
	Append(ctx context.Context, e Envelope) (Stored, error)

	// Subscribe starts reading to's mailbox: the Subscription yields, in
	// sequence order, every message not yet acknowledged, beginning with the
	// oldest, and then new messages as they arrive. Several subscriptions to
	// one mailbox each see every message.
	Subscribe(ctx context.Context, to common.Address) (Subscription, error)

	// Ack removes message seq from to's mailbox. Callers pass only a seq
	// that a Subscription of to yielded. Acknowledging a message that is
	// already gone is not an error.
	Ack(ctx context.Context, to common.Address, seq uint64) error
}

// AsyncAppender is an optional Store method for pipelining: AppendAsync
// starts storing e and returns at once; wait blocks until it is stored
// (with Append's results and errors). Appends started in some order are
// stored in that order. The relay uses it, when the Store has it, so that
// one connection's sends do not wait for each other.
type AsyncAppender interface {
	AppendAsync(e Envelope) (wait func(ctx context.Context) (Stored, error), err error)
}

// Subscription reads one mailbox in order; see Store.Subscribe.
type Subscription interface {
	// Next blocks until the next message is available or ctx ends.
	Next(ctx context.Context) (Envelope, error)
	// Close releases the subscription's resources.
	Close() error
}

// Store errors.
var (
	// ErrQuotaExceeded means the sender has its quota of unacknowledged
	// messages in the recipient's mailbox; the message was not stored.
	ErrQuotaExceeded = errors.New("relay: sender quota exceeded")
	// ErrTooLarge means the payload exceeds the store's size limit.
	ErrTooLarge = errors.New("relay: message too large")
	// ErrStoreFull means the store holds its limit of bytes; the message
	// was not stored (nothing stored was dropped to make room).
	ErrStoreFull = errors.New("relay: store full")
)
