// Package watchtower runs the host's watchtower: it takes wallets' best
// received payments over the relay, keeps the best one per channel and
// direction in a JetStream KeyValue bucket (the relay's durable store),
// follows the contract's events from the last block it processed, and when a
// watched channel is Closing with a lower total on chain for a direction,
// submits claim(id, payer, paid, sig) from its own funded account before
// closesAt.
//
// It spends its own money, so it is not drainable (docs/protocol.md section 7):
// it takes hand-offs only from the beneficiary of a channel on chain, in
// bounded number ([Limits]); it submits at most one claim per channel
// direction, recorded in the bucket before it is sent (so a restart, or
// another host sharing the bucket, never sends a second one), when the
// claim is due ([wt.Due]: a settle delay after Closing is seen, or closesAt
// minus a margin, whichever comes first) and only when what it protects is
// worth more than its gas ([wt.Protects], [wt.Worth]).
//
// The decisions (accept or refuse a hand-off, claim or not) are the pure
// functions of paychan/app/watchtower; this package does the I/O around them.
// See README.md for the model, guarantees, costs and operator notes.
package watchtower

import (
	"cmp"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats.go/jetstream"

	"paychan/app/channel"
	"paychan/app/relayclient"
	wt "paychan/app/watchtower"
	"paychan/contracts/bindings"
)

// Defaults of Config.
const (
	DefaultBucket         = "PAYCHAN_WATCHTOWER"
	DefaultPollInterval   = time.Second
	DefaultReceiptTimeout = 30 * time.Second
	DefaultLogRange       = 5_000
	// replyTimeout bounds sending one reply through the relay.
	replyTimeout = 10 * time.Second

	// DefaultMaxPerSender bounds the payments (channel directions) held
	// for one sender; DefaultMaxHeld those held in all (~350 bytes each).
	DefaultMaxPerSender = 100
	DefaultMaxHeld      = 100_000
	// DefaultSettleDelay is how long a claim waits after the watchtower
	// first sees the channel Closing, so hand-offs in flight arrive first.
	DefaultSettleDelay = 5 * time.Second
	// DefaultMarginBlocks is the most blocks before closesAt at which a
	// claim is sent at the latest (see wt.Margin: at most half the period).
	DefaultMarginBlocks = 20
)

// Limits bound what the watchtower takes and time its claims. The zero value
// of a field means its default.
type Limits struct {
	// MaxPerSender is the most payments (channel directions) held for one
	// sender (default DefaultMaxPerSender); a new one beyond it is refused
	// with limit_reached. A higher total for a direction already held is
	// always taken.
	MaxPerSender int
	// MaxHeld is the most payments held in all (default DefaultMaxHeld).
	MaxHeld int
	// SettleDelay is how long a claim waits once the channel is seen
	// Closing (default DefaultSettleDelay; negative: none).
	SettleDelay time.Duration
	// MarginBlocks: a claim is sent at the latest when the head reaches
	// closesAt minus min(MarginBlocks, period/2) (default
	// DefaultMarginBlocks).
	MarginBlocks uint64
	// LeaseTTL is how long the claim lease of a host that stopped renewing
	// it is respected before another host takes it over (default
	// DefaultLeaseTTL; see lease.go). Keep it well below MarginBlocks'
	// worth of time.
	LeaseTTL time.Duration
}

func (l *Limits) defaults() {
	if l.MaxPerSender <= 0 {
		l.MaxPerSender = DefaultMaxPerSender
	}
	if l.MaxHeld <= 0 {
		l.MaxHeld = DefaultMaxHeld
	}
	if l.SettleDelay == 0 {
		l.SettleDelay = DefaultSettleDelay
	}
	if l.MarginBlocks == 0 {
		l.MarginBlocks = DefaultMarginBlocks
	}
	if l.LeaseTTL <= 0 {
		l.LeaseTTL = DefaultLeaseTTL
	}
}

// DefaultMinBalance is the balance (0.01 ETH) below which the watchtower
// refuses hand-offs with code "unfunded": it could not pay for a claim.
var DefaultMinBalance = big.NewInt(1e16)

// Backend is the part of an Ethereum client the watchtower uses; an
// *ethclient.Client satisfies it.
type Backend interface {
	bind.ContractBackend
	BlockNumber(ctx context.Context) (uint64, error)
	BalanceAt(ctx context.Context, account common.Address, block *big.Int) (*big.Int, error)
	NonceAt(ctx context.Context, account common.Address, block *big.Int) (uint64, error)
	TransactionReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error)
}

// Config configures Open. Backend, ChainID, Contract, Key and JetStream are
// required.
type Config struct {
	// Backend reads the chain and sends the claims.
	Backend Backend
	// ChainID and Contract are the only chain and DuplexChannel served.
	ChainID  uint64
	Contract common.Address
	// Key is the watchtower's key: its relay identity and the account its
	// claims are sent (and paid) from.
	Key *ecdsa.PrivateKey
	// JetStream holds the bucket (the relay store's handle).
	JetStream jetstream.JetStream
	// Bucket is the KeyValue bucket name (default DefaultBucket).
	Bucket string
	// LeaseHolder names this watchtower in the claim lease (lease.go): a
	// restarted host with the same name takes its lease back at once, a
	// host with another name waits for LeaseTTL. Hosts sharing a bucket
	// need distinct names (the host uses its hostname and data
	// directory). Default "watchtower".
	LeaseHolder string
	// Replicas is the number of copies of the bucket on a NATS cluster
	// (default 1; the host passes the relay stream's).
	Replicas int
	// RelayURL is the ws:// URL of the relay the watchtower reads its
	// mailbox from; empty means no relay (Handle hand-offs yourself).
	RelayURL string
	// RelayHost is the relay's configured name, which its challenge names
	// (default: RelayURL's host); the host sets it since the watchtower
	// dials its own relay over loopback.
	RelayHost string
	// RelayHeader is sent with the relay's WebSocket handshake (the host's
	// reserved-connection token).
	RelayHeader http.Header
	// PollInterval is the pause between two polls of the chain in the
	// background loop (default DefaultPollInterval).
	PollInterval time.Duration
	// ReceiptTimeout bounds waiting for a claim's receipt (default
	// DefaultReceiptTimeout); after it the claim is retried (replacing the
	// transaction) on the next poll.
	ReceiptTimeout time.Duration
	// MinBalance is the balance below which hand-offs are refused
	// (default DefaultMinBalance).
	MinBalance *big.Int
	// LogRange is the largest block range of one eth_getLogs request
	// (default DefaultLogRange).
	LogRange uint64
	// Limits bound the hand-offs taken and time the claims.
	Limits Limits
	// TokenPrices are the ERC-20 tokens whose channels the watchtower
	// protects, each with what one whole token is worth in wei
	// (docs/token-watchtower.md): a claim in a token channel is sent only
	// if the tokens it protects, at this price, are worth more than its
	// gas. Open reads each token's decimals and symbol from the chain and
	// refuses an address that is not a token, a price of 0 or of 10^36 wei
	// or more, and more than wt.MaxPricedTokens tokens. A hand-off for a
	// channel of any other token is refused (unsupported_asset).
	TokenPrices map[common.Address]*big.Int
	// Logger receives the watchtower's logs (default slog.Default()).
	Logger *slog.Logger
}

// Watchtower is a running watchtower. Its methods are safe for concurrent use.
type Watchtower struct {
	cfg    Config
	log    *slog.Logger
	abi    *bindings.DuplexChannel
	bound  *bind.BoundContract
	kv     jetstream.KeyValue
	addr   common.Address
	dom    channel.Domain
	prices wt.Prices // TokenPrices with the tokens' decimals; read-only after Open
	prefix string    // key prefix: <chainId>.<contract>
	topics []common.Hash

	pollMu  sync.Mutex // one poll at a time; guards skipped and lease
	lease   leaseState
	skipped map[heldKey]string // last "not worth it" logged, to log it once

	mu      sync.Mutex // guards the fields below
	held    map[heldKey]wt.Held
	owners  map[common.Address]int // payments held per sender (owner)
	claims  map[heldKey]*claimRecord
	dirty   map[uint64]bool      // channels to look at on the next poll
	closing map[uint64]uint64    // channel -> closesAt, to forget it once Closed
	seen    map[uint64]time.Time // channel -> when first seen Closing
	cursor  uint64               // last block processed
	stats   stats

	partyCache partyCache // signers of channels, for the hand-off's first check

	relay  *relayclient.Client
	ready  chan struct{} // closed once relay is set: the handler may run before New returns
	kick   chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// Open opens (or creates) the watchtower's bucket and loads the payments it
// holds and its follow cursor. At the first start the cursor is the current
// head: there is nothing to watch before the first hand-off. Start begins
// the background work.
func Open(ctx context.Context, cfg Config) (*Watchtower, error) {
	switch {
	case cfg.Backend == nil, cfg.Key == nil, cfg.JetStream == nil:
		return nil, errors.New("watchtower: Backend, Key and JetStream are required")
	case cfg.ChainID == 0, cfg.Contract == (common.Address{}):
		return nil, errors.New("watchtower: ChainID and Contract are required")
	}
	if cfg.Bucket == "" {
		cfg.Bucket = DefaultBucket
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = DefaultPollInterval
	}
	if cfg.ReceiptTimeout <= 0 {
		cfg.ReceiptTimeout = DefaultReceiptTimeout
	}
	if cfg.MinBalance == nil {
		cfg.MinBalance = DefaultMinBalance
	}
	if cfg.LogRange == 0 {
		cfg.LogRange = DefaultLogRange
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.Limits.defaults()
	prices, err := readPrices(ctx, cfg)
	if err != nil {
		return nil, err
	}
	abi := bindings.NewDuplexChannel()
	evs := abi.GetABI().Events
	w := &Watchtower{
		cfg:     cfg,
		log:     cfg.Logger,
		abi:     abi,
		bound:   abi.Instance(cfg.Backend, cfg.Contract),
		addr:    crypto.PubkeyToAddress(cfg.Key.PublicKey),
		dom:     channel.Domain{ChainID: cfg.ChainID, Contract: cfg.Contract},
		prices:  prices,
		prefix:  fmt.Sprintf("%d.%s", cfg.ChainID, strings.ToLower(cfg.Contract.Hex()[2:])),
		topics:  []common.Hash{evs["Claimed"].ID, evs["CloseStarted"].ID, evs["ClosedCooperatively"].ID, evs["Withdrawn"].ID},
		skipped: make(map[heldKey]string),
		held:    make(map[heldKey]wt.Held),
		owners:  make(map[common.Address]int),
		claims:  make(map[heldKey]*claimRecord),
		dirty:   make(map[uint64]bool),
		closing: make(map[uint64]uint64),
		seen:    make(map[uint64]time.Time),
		stats:   stats{GasSpent: new(big.Int)},
		kick:    make(chan struct{}, 1),
		ready:   make(chan struct{}),
		lease:   leaseState{id: cmp.Or(cfg.LeaseHolder, "watchtower")},
	}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	w.kv, err = cfg.JetStream.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      cfg.Bucket,
		Description: "paychan watchtower: best payment and claim per channel and direction, follow cursor, stats",
		History:     1,
		Storage:     jetstream.FileStorage,
		Replicas:    max(cfg.Replicas, 1),
	})
	if err != nil {
		return nil, fmt.Errorf("watchtower: open bucket %s: %w", cfg.Bucket, err)
	}
	if err := w.load(ctx); err != nil {
		return nil, err
	}
	return w, nil
}

// Address is the watchtower's signer and account address.
func (w *Watchtower) Address() common.Address { return w.addr }

// Start connects to the relay (when Config.RelayURL is set) and starts the
// background loop, which polls at once (catching up on the blocks mined
// while the watchtower was down) and then every PollInterval.
func (w *Watchtower) Start() {
	if w.cfg.RelayURL != "" {
		w.relay = relayclient.New(w.cfg.RelayURL, relayclient.KeySigner(w.cfg.Key), relayclient.Options{
			Handler: w.handle,
			Logger:  w.log,
			Host:    w.cfg.RelayHost,
			Header:  w.cfg.RelayHeader,
		})
	}
	close(w.ready)
	w.wg.Add(1)
	go w.loop()
}

// WaitConnected waits until the watchtower is logged in to the relay.
func (w *Watchtower) WaitConnected(ctx context.Context) error {
	if w.relay == nil {
		return errors.New("watchtower: no relay configured")
	}
	return w.relay.WaitConnected(ctx)
}

func (w *Watchtower) loop() {
	defer w.wg.Done()
	t := time.NewTicker(w.cfg.PollInterval)
	defer t.Stop()
	for {
		if err := w.Poll(w.ctx); err != nil && w.ctx.Err() == nil {
			w.log.Warn("watchtower: poll failed; retrying", "err", err)
		}
		select {
		case <-w.ctx.Done():
			return
		case <-t.C:
		case <-w.kick:
		}
	}
}

// Close stops the relay client and the background loop, waiting for a poll
// in progress. It does not close the Backend or the JetStream handle.
func (w *Watchtower) Close() error {
	w.cancel()
	if w.relay != nil {
		w.relay.Close()
	}
	w.wg.Wait()
	return nil
}
