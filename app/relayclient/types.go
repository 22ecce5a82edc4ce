// Package relayclient is the Go client of the paychan relay, for the wallet
// (GOOS=js GOARCH=wasm, over the browser's WebSocket) and for native
// programs and tests.
//
// A Client logs in by signing the relay's challenge with a Signer (the key
// stays with the caller), reconnects with backoff when the connection
// drops, resends sends the relay has not confirmed, and hands each incoming
// message to a Handler; the message is acknowledged to the relay (and so
// removed from the mailbox) only after the Handler returned nil, meaning the
// caller persisted it.
//
// Delivery to the Handler is in mailbox order (so in order per sender) and,
// within one Client's lifetime, exactly once per (From, ID): redeliveries after
// a reconnect or a relay crash are recognised and acknowledged without
// calling the Handler again. Across restarts of the caller's process, a
// message whose acknowledgement did not reach the relay is delivered again;
// the caller recognises it by (From, ID) or Seq.
//
// Payloads are sealed end to end (sealing.go, docs/sealed-messages.md):
// Send seals to the recipient's public key, which the client accepts only
// if its address is the recipient's (ErrWrongPeerKey otherwise, and nothing
// is sent), and the Handler receives the opened plaintext; messages that do
// not open are refused (Options.OnRefused) and never reach it. Seal and
// SendSealedAsync split a send in two: the sealing (the CPU work) ahead,
// the send later.
package relayclient

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Signer proves ownership of an address; the private key stays with it.
type Signer interface {
	// Address is the signer address the client logs in as.
	Address() common.Address
	// SignHash returns the 65-byte [R || S || V] secp256k1 signature of the
	// 32-byte hash (V 0/1 or 27/28). The client passes the EIP-191
	// personal_sign hash of the login text (relayproto.LoginText).
	SignHash(hash []byte) ([]byte, error)
}

// KeySigner is a Signer holding a private key, for programs and tests.
func KeySigner(key *ecdsa.PrivateKey) Signer { return keySigner{key} }

type keySigner struct{ key *ecdsa.PrivateKey }

func (k keySigner) Address() common.Address { return crypto.PubkeyToAddress(k.key.PublicKey) }
func (k keySigner) SignHash(hash []byte) ([]byte, error) {
	sig, err := crypto.Sign(hash, k.key)
	if err != nil {
		return nil, fmt.Errorf("sign relay login: %w", err)
	}
	return sig, nil
}

// Message is a message received from the relay.
type Message struct {
	// From is the authenticated sender.
	From common.Address
	// ID is the sender's message id; (From, ID) identifies the message.
	ID string
	// Seq is the relay's number for the delivery, acknowledged by it: a
	// stored message's sequence number in the mailbox (increasing), or,
	// for a message the relay handed over live without storing it, a
	// number of its own (2^52 and up).
	Seq uint64
	// Payload is the opaque content.
	Payload []byte
}

// Handler receives each message in order. It returns nil once it has
// persisted the message; the client then acknowledges it. On an error the
// client calls it again with the same message after a pause (later
// messages wait), until it succeeds or the Client is closed.
type Handler func(ctx context.Context, m Message) error

// State is the state of the connection to the relay.
type State int

// Connection states.
const (
	Disconnected State = iota // not connected; a reconnect is scheduled
	Connecting                // dialling and logging in
	Connected                 // logged in: sends are stored, messages arrive
	Closed                    // Close was called
)

func (s State) String() string {
	switch s {
	case Disconnected:
		return "disconnected"
	case Connecting:
		return "connecting"
	case Connected:
		return "connected"
	case Closed:
		return "closed"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// Options configures a Client.
type Options struct {
	// Handler receives incoming messages. Without one the client only
	// sends: delivered messages are never acknowledged and stay in the
	// mailbox.
	Handler Handler
	// OnState is called, from the client's goroutine, on every state
	// change with the error that caused a disconnection (or nil). It must
	// not block.
	OnState func(s State, err error)
	// MinBackoff and MaxBackoff bound the pause before a reconnect, which
	// doubles after each failed attempt (defaults 100 ms and 10 s).
	MinBackoff, MaxBackoff time.Duration
	// DialTimeout bounds dialling and logging in (default 15 s).
	DialTimeout time.Duration
	// MaxFrameBytes is the largest frame accepted from the relay (default 1 MiB).
	MaxFrameBytes int
	// DedupeWindow is how many recent (From, ID) pairs are remembered to
	// suppress redeliveries (default 65536).
	DedupeWindow int
	// Logger receives connection events (default: slog.Default() natively,
	// the browser's console in WebAssembly). A *slog.Logger is one.
	Logger Logger
	// BatchHandler, when set, is used instead of Handler: it receives the
	// delivered messages that are waiting, in order, up to MaxBatch at a
	// time, so that the caller can persist them with one write. It
	// returns nil once it has persisted all of them; the client then
	// acknowledges them all. On an error the client calls it again with
	// the same messages after a pause.
	BatchHandler BatchHandler
	// MaxBatch bounds the messages of one BatchHandler call (default 256).
	MaxBatch int
	// Host is the relay name the client expects in the relay's challenge
	// (default: the host[:port] of the URL it dials). The client signs a
	// login only for a challenge naming this host (relayproto.SameHost:
	// localhost, 127.0.0.1 and [::1] with the same port are one name), so
	// that a server it connects to cannot replay its login at another
	// relay. Set it when the client dials the relay by another name than
	// the one the relay is configured with, such as the host's watchtower
	// dialing 127.0.0.1 of a host named paychan.example.
	Host string
	// Unsealed sends payloads as they are and hands delivered payloads to
	// the Handler as they come, without sealing (app/seal). For tests and
	// benchmarks of the transport only: the relay refuses clear sends
	// unless it allows them (relay.Limits.AllowClear).
	Unsealed bool
	// SealAhead makes, after each message sealed to a peer (and after
	// PrefetchKey), the next message's ephemeral key for that peer in the
	// background (seal.NewEphemeral: two of sealing's three scalar
	// multiplications), so that a send seals with what is left. For an
	// interactive sender whose next message is not waited for: the
	// browser wallet sets it. Each ephemeral key still seals one message.
	SealAhead bool
	// Yield, when set, is called after the Handler (or BatchHandler)
	// returned and before the acknowledgement is written, when no other
	// delivered message waits. The browser wallet hands the page back
	// there: Go in the browser shows the page only once every goroutine
	// waits, and otherwise the acknowledgement's encoding and WebSocket
	// write (and anything else runnable) went before the UI goroutine that
	// shows what the handler changed. It must return once ctx is done.
	Yield func(ctx context.Context)
	// OnRefused, when set, is called with each delivered message that was
	// refused (it did not open, or it was not sealed): such a message is acknowledged (removed from the
	// mailbox) without reaching the Handler. It must not block.
	OnRefused func(m Message, err error)
	// Header is sent with the WebSocket handshake (native clients only;
	// a browser sets its own headers).
	Header http.Header
}

// BatchHandler receives several messages at once (see Options.BatchHandler).
type BatchHandler func(ctx context.Context, ms []Message) error

// Error is an error frame from the relay about a request.
type Error struct {
	// Code is one of relayproto's Code constants, e.g. relayproto.CodeQuotaExceeded.
	Code string
	// Message is the relay's explanation.
	Message string
}

func (e *Error) Error() string { return "relay: " + e.Code + ": " + e.Message }

// ErrClosed is returned by Send after Close.
var ErrClosed = errors.New("relayclient: closed")

// ErrWrongRelay means the relay's challenge names another host than the
// one the client meant to reach (Options.Host, or the URL's host): the
// client did not sign it, since the server may be forwarding another
// relay's challenge to replay the login there.
var ErrWrongRelay = errors.New("relayclient: the relay's challenge names another host")

func jitter(max time.Duration) time.Duration {
	if max <= 0 {
		return 0
	}
	n, err := rand.Int(rand.Reader, big.NewInt(int64(max)))
	if err != nil {
		return max / 2
	}
	return time.Duration(n.Int64())
}

// newID returns a random message id.
func newID() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("relayclient: no randomness: %v", err))
	}
	return hex.EncodeToString(b)
}

// Logger is what the client logs its connection events to; *slog.Logger
// satisfies it. It is an interface rather than *slog.Logger so that the
// browser build does not link log/slog (about 90 KB of WebAssembly).
type Logger interface {
	Debug(msg string, args ...any)
	Info(msg string, args ...any)
	Warn(msg string, args ...any)
	Error(msg string, args ...any)
}

// withAttrs is a Logger that adds the same key/value pairs to every event
// (slog's Logger.With, for any Logger).
type withAttrs struct {
	l     Logger
	attrs []any
}

func (w withAttrs) args(args []any) []any { return append(append([]any(nil), args...), w.attrs...) }

func (w withAttrs) Debug(msg string, args ...any) { w.l.Debug(msg, w.args(args)...) }
func (w withAttrs) Info(msg string, args ...any)  { w.l.Info(msg, w.args(args)...) }
func (w withAttrs) Warn(msg string, args ...any)  { w.l.Warn(msg, w.args(args)...) }
func (w withAttrs) Error(msg string, args ...any) { w.l.Error(msg, w.args(args)...) }
