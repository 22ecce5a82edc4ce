// Package watchtower runs the host's watchtower: it takes wallets' best
// received payments over the relay, keeps the best one per channel and
// direction in a JetStream KeyValue bucket (the relay's durable store),
// follows the contract's events from the last block it processed, and when a
// watched channel is Closing with a lower total on chain for a direction,
// submits claim(id, payer, paid, sig) from its own funded account before
// closesAt.
//
// It spends its own money, so it is not drainable (PROTOCOL.md section 7):
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
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
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
	prefix string // key prefix: <chainId>.<contract>
	topics []common.Hash

	pollMu  sync.Mutex         // one poll at a time; guards skipped
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

	relay  *relayclient.Client
	ready  chan struct{} // closed once relay is set: the handler may run before New returns
	kick   chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

type heldKey struct {
	channel uint64
	payer   channel.Role
}

// claimRecord is the watchtower's one claim for a channel direction, stored
// in the bucket (key claim.<chainId>.<contract>.<channel>.<payer>) before
// its transaction is sent: while it exists no other claim is made for that
// direction, across restarts and across hosts sharing the bucket (it is
// created with KeyValue.Create). Replacements of a pending transaction
// (same nonce, same call, higher fees) are the same claim.
type claimRecord struct {
	Channel uint64       `json:"channel"`
	Payer   channel.Role `json:"payer"`
	// Account is the watchtower account that sends it; Nonce its nonce.
	Account common.Address `json:"account"`
	Nonce   uint64         `json:"nonce"`
	// PayerAccount, Paid and Sig are the call: claim(channel, PayerAccount, Paid, Sig).
	PayerAccount common.Address    `json:"payerAccount"`
	Paid         *big.Int          `json:"paid"`
	Sig          channel.Signature `json:"sig"`
	// Protects is what it protects (wei); Gas, Tip and FeeCap the last
	// transaction's; Txs every transaction sent (replacements), last last.
	Protects *big.Int      `json:"protects"`
	Gas      uint64        `json:"gas"`
	Tip      *big.Int      `json:"tip"`
	FeeCap   *big.Int      `json:"feeCap"`
	Txs      []common.Hash `json:"txs"`
	SentAt   time.Time     `json:"sentAt"`
	ClosesAt uint64        `json:"closesAt"`
	// State is claimSent until the receipt is seen, then claimMined or
	// claimReverted; claimLost if the nonce was used by none of Txs,
	// claimMissed if the period ended first.
	State   string `json:"state"`
	Block   uint64 `json:"block,omitempty"`
	GasUsed uint64 `json:"gasUsed,omitempty"`
}

const (
	claimSent     = "sent"
	claimMined    = "mined"
	claimReverted = "reverted"
	claimLost     = "lost"
	claimMissed   = "missed"
)

func (r *claimRecord) pending() bool { return r.State == claimSent }

func (r *claimRecord) clone() *claimRecord {
	c := *r
	c.Txs = append([]common.Hash(nil), r.Txs...)
	return &c
}

// stats are kept durably next to the payments.
type stats struct {
	Claims   int      `json:"claims"`
	Failures int      `json:"failures"`
	Missed   int      `json:"missed"`
	GasUsed  uint64   `json:"gasUsed"`
	GasSpent *big.Int `json:"gasSpent"`
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
	abi := bindings.NewDuplexChannel()
	evs := abi.GetABI().Events
	w := &Watchtower{
		cfg:     cfg,
		log:     cfg.Logger,
		abi:     abi,
		bound:   abi.Instance(cfg.Backend, cfg.Contract),
		addr:    crypto.PubkeyToAddress(cfg.Key.PublicKey),
		dom:     channel.Domain{ChainID: cfg.ChainID, Contract: cfg.Contract},
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
	}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	var err error
	w.kv, err = cfg.JetStream.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      cfg.Bucket,
		Description: "paychan watchtower: best payment and claim per channel and direction, follow cursor, stats",
		History:     1,
		Storage:     jetstream.FileStorage,
	})
	if err != nil {
		return nil, fmt.Errorf("watchtower: open bucket %s: %w", cfg.Bucket, err)
	}
	if err := w.load(ctx); err != nil {
		return nil, err
	}
	return w, nil
}

// Keys in the bucket.
func (w *Watchtower) heldKeyName(k heldKey) string {
	return fmt.Sprintf("held.%s.%d.%s", w.prefix, k.channel, strings.ToLower(k.payer.String()))
}
func (w *Watchtower) claimKeyName(k heldKey) string {
	return fmt.Sprintf("claim.%s.%d.%s", w.prefix, k.channel, strings.ToLower(k.payer.String()))
}
func (w *Watchtower) cursorKey() string { return "cursor." + w.prefix }
func (w *Watchtower) statsKey() string  { return "stats." + w.prefix }

// load reads the held payments, the claims, the cursor and the stats.
func (w *Watchtower) load(ctx context.Context) error {
	watcher, err := w.kv.WatchFiltered(ctx, []string{"held." + w.prefix + ".>", "claim." + w.prefix + ".>"}, jetstream.IgnoreDeletes())
	if err != nil {
		return fmt.Errorf("watchtower: list held payments: %w", err)
	}
	defer watcher.Stop()
	for e := range watcher.Updates() {
		if e == nil { // end of the current values
			break
		}
		if strings.HasPrefix(e.Key(), "claim.") {
			var r claimRecord
			if err := json.Unmarshal(e.Value(), &r); err != nil {
				return fmt.Errorf("watchtower: claim %s: %w", e.Key(), err)
			}
			w.claims[heldKey{r.Channel, r.Payer}] = &r
			w.dirty[r.Channel] = true
			continue
		}
		var h wt.Held
		if err := json.Unmarshal(e.Value(), &h); err != nil {
			return fmt.Errorf("watchtower: held payment %s: %w", e.Key(), err)
		}
		w.held[heldKey{h.ID.Channel, h.Payer}] = h
		w.owners[h.Owner]++
		w.dirty[h.ID.Channel] = true // look at every watched channel once after a start
	}
	if e, err := w.kv.Get(ctx, w.statsKey()); err == nil {
		if err := json.Unmarshal(e.Value(), &w.stats); err != nil {
			return fmt.Errorf("watchtower: stats: %w", err)
		}
		if w.stats.GasSpent == nil {
			w.stats.GasSpent = new(big.Int)
		}
	} else if !errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("watchtower: read stats: %w", err)
	}
	e, err := w.kv.Get(ctx, w.cursorKey())
	switch {
	case err == nil:
		if err := json.Unmarshal(e.Value(), &w.cursor); err != nil {
			return fmt.Errorf("watchtower: cursor: %w", err)
		}
	case errors.Is(err, jetstream.ErrKeyNotFound):
		head, err := w.cfg.Backend.BlockNumber(ctx)
		if err != nil {
			return fmt.Errorf("watchtower: head block: %w", err)
		}
		if err := w.putJSON(ctx, w.cursorKey(), head); err != nil {
			return err
		}
		w.cursor = head
	default:
		return fmt.Errorf("watchtower: read cursor: %w", err)
	}
	return nil
}

func (w *Watchtower) putJSON(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("watchtower: encode %s: %w", key, err)
	}
	if _, err := w.kv.Put(ctx, key, b); err != nil {
		return fmt.Errorf("watchtower: store %s: %w", key, err)
	}
	return nil
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

// handle is the relay handler: it answers a hand-off and returns nil once
// the outcome is durable (a payment is stored before the message is
// acknowledged). A transient failure (chain or store) returns an error and
// the relay client calls it again. A hand-off that is not an authentic one
// from the beneficiary of a channel on chain gets no reply (wt.Answered).
func (w *Watchtower) handle(ctx context.Context, m relayclient.Message) error {
	reply, err := w.Handle(ctx, m.From, m.ID, m.Payload)
	if err != nil {
		return err
	}
	if r, ok := reply.(*wt.Refused); ok && !wt.Answered(r.Code) {
		return nil
	}
	payload, err := wt.EncodeReply(reply)
	if err != nil {
		w.log.Error("watchtower: encode reply", "to", m.From.Hex(), "err", err)
		return nil
	}
	select {
	case <-w.ready:
	case <-ctx.Done():
		return ctx.Err()
	}
	sctx, cancel := context.WithTimeout(ctx, replyTimeout)
	defer cancel()
	if _, err := w.relay.Send(sctx, m.From, payload); err != nil {
		// The outcome stands; a resent hand-off gets total_equal.
		w.log.Warn("watchtower: reply not delivered", "to", m.From.Hex(), "ref", m.ID, "err", err)
	}
	return nil
}

// Handle processes one hand-off: payload (an app/wire payment message) sent
// through the relay by the authenticated signer from in message ref. It
// returns the reply: *Accepted once the payment is durably stored, or
// *Refused with nothing stored (the relay handler sends it only when
// wt.Answered says so). An error means a transient failure (reading the
// chain or writing the store): nothing was decided, try again.
func (w *Watchtower) Handle(ctx context.Context, from common.Address, ref string, payload []byte) (wt.Reply, error) {
	refuse := func(err error) (wt.Reply, error) {
		r := err.(*wt.Refused)
		r.Ref = ref
		level := slog.LevelInfo
		if !wt.Answered(r.Code) { // junk: do not let it fill the log either
			level = slog.LevelDebug
		}
		w.log.Log(ctx, level, "watchtower: hand-off refused", "from", from.Hex(), "code", r.Code, "reason", r.Message)
		return r, nil
	}
	p, err := wt.ParseHandOff(payload)
	if err != nil {
		return refuse(err)
	}
	var v wt.View
	if p.ID.Domain == w.dom { // else Check refuses without reading the chain
		head, err := w.cfg.Backend.BlockNumber(ctx)
		if err != nil {
			return nil, fmt.Errorf("watchtower: head block: %w", err)
		}
		if v, err = w.view(ctx, p.ID.Channel, head); err != nil {
			return nil, err
		}
		if v.Status != 0 { // only Check weighs the asset: no poll reads it
			if v.Token, err = w.token(ctx, p.ID.Channel, head); err != nil {
				return nil, err
			}
		}
	}
	w.mu.Lock()
	h, err := wt.Check(w.dom, from, p, v, wt.Holdings{
		Alice: w.heldTotal(p.ID.Channel, channel.Alice), Bob: w.heldTotal(p.ID.Channel, channel.Bob)})
	w.mu.Unlock()
	if err != nil {
		return refuse(err)
	}
	bal, err := w.cfg.Backend.BalanceAt(ctx, w.addr, nil)
	if err != nil {
		return nil, fmt.Errorf("watchtower: balance: %w", err)
	}
	if bal.Cmp(w.cfg.MinBalance) < 0 {
		id := p.ID
		return refuse(&wt.Refused{Code: wt.CodeUnfunded, ID: &id, Paid: p.Paid,
			Message: fmt.Sprintf("the watchtower's account %s holds %v wei, less than the %v it needs to pay for a claim: ask the host's operator to fund it", w.addr.Hex(), bal, w.cfg.MinBalance)})
	}

	// Store, then acknowledge.
	key := heldKey{h.ID.Channel, h.Payer}
	w.mu.Lock()
	defer w.mu.Unlock()
	if c, ok := w.claims[key]; ok {
		return refuse(&wt.Refused{Code: wt.CodeAlreadyClaimed, ID: &h.ID, Paid: h.Paid, Held: new(big.Int).Set(c.Paid),
			Message: fmt.Sprintf("channel %d: the watchtower already claimed %v paid by %s (it claims once per channel direction): claim %v yourself before block %d",
				h.ID.Channel, c.Paid, h.Payer, h.Paid, v.ClosesAt)})
	}
	cur, ok := w.held[key]
	if ok && cur.Paid.Cmp(h.Paid) >= 0 {
		// A concurrent hand-off stored as much; answer as Check would.
		return refuse(&wt.Refused{Code: wt.CodeTotalEqual, ID: &h.ID, Paid: h.Paid, Held: cur.Paid,
			Message: fmt.Sprintf("channel %d: total %v paid by %s is already held", h.ID.Channel, cur.Paid, h.Payer)})
	}
	if !ok { // a new channel direction: bounded per sender and in all
		if n := w.owners[h.Owner]; n >= w.cfg.Limits.MaxPerSender {
			return refuse(&wt.Refused{Code: wt.CodeLimit, ID: &h.ID, Paid: h.Paid,
				Message: fmt.Sprintf("channel %d: the watchtower already holds %d payments for %s, the most it takes from one sender", h.ID.Channel, n, h.Owner.Hex())})
		}
		if n := len(w.held); n >= w.cfg.Limits.MaxHeld {
			return refuse(&wt.Refused{Code: wt.CodeLimit, ID: &h.ID, Paid: h.Paid,
				Message: fmt.Sprintf("channel %d: the watchtower holds %d payments, the most it takes", h.ID.Channel, n)})
		}
	}
	if err := w.putJSON(ctx, w.heldKeyName(key), h); err != nil {
		return nil, err
	}
	if !ok {
		w.owners[h.Owner]++
	}
	w.held[key] = h
	if v.Status == channel.Closing {
		w.dirty[h.ID.Channel] = true
		select {
		case w.kick <- struct{}{}:
		default:
		}
	}
	w.log.Info("watchtower: protecting", "channel", h.ID.Channel, "payer", h.Payer.String(), "paid", h.Paid,
		"owner", h.Owner.Hex(), "status", v.Status.String(), "closesAt", v.ClosesAt, "watched", len(w.held))
	return &wt.Accepted{Ref: ref, ID: h.ID, Payer: h.PayerSigner, Paid: new(big.Int).Set(h.Paid), Status: v.Status,
		ClosesAt: v.ClosesAt, Block: v.Head, ProtectedUntil: wt.ProtectedUntil(v)}, nil
}

// heldTotal returns the total held for a channel and payer, or nil. w.mu is held.
func (w *Watchtower) heldTotal(id uint64, payer channel.Role) *big.Int {
	if h, ok := w.held[heldKey{id, payer}]; ok {
		return h.Paid
	}
	return nil
}

// Held returns the payment held for channel id paid by payer, if any.
func (w *Watchtower) Held(id uint64, payer channel.Role) (wt.Held, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	h, ok := w.held[heldKey{id, payer}]
	return h, ok
}

// token reads the ERC-20 token of channel id at block head (zero for ether).
// A hand-off needs it (wt.Check refuses a token channel); a poll does not,
// since nothing of a token channel is held.
func (w *Watchtower) token(ctx context.Context, id, head uint64) (common.Address, error) {
	opts := &bind.CallOpts{Context: ctx, BlockNumber: new(big.Int).SetUint64(head)}
	t, err := bind.Call(w.bound, opts, w.abi.PackToken(new(big.Int).SetUint64(id)), w.abi.UnpackToken)
	if err != nil {
		return t, fmt.Errorf("watchtower: token of channel %d: %w", id, err)
	}
	return t, nil
}

// view reads the contract's state of channel id at block head (not its
// token: see [Watchtower.token]).
func (w *Watchtower) view(ctx context.Context, id, head uint64) (wt.View, error) {
	opts := &bind.CallOpts{Context: ctx, BlockNumber: new(big.Int).SetUint64(head)}
	cid := new(big.Int).SetUint64(id)
	v := wt.View{Head: head}
	st, err := bind.Call(w.bound, opts, w.abi.PackStatus(cid), w.abi.UnpackStatus)
	if err != nil {
		return v, fmt.Errorf("watchtower: status of channel %d: %w", id, err)
	}
	if st > uint8(channel.Closed) {
		return v, fmt.Errorf("watchtower: status of channel %d: unknown value %d", id, st)
	}
	v.Status = channel.Status(st)
	if v.Status == 0 {
		return v, nil
	}
	parties, err := bind.Call(w.bound, opts, w.abi.PackParties(cid), w.abi.UnpackParties)
	if err != nil {
		return v, fmt.Errorf("watchtower: parties of channel %d: %w", id, err)
	}
	v.Alice = channel.Party{Account: parties.Alice, Signer: parties.AliceSigner}
	v.Bob = channel.Party{Account: parties.Bob, Signer: parties.BobSigner}
	paid, err := bind.Call(w.bound, opts, w.abi.PackPaid(cid), w.abi.UnpackPaid)
	if err != nil {
		return v, fmt.Errorf("watchtower: paid totals of channel %d: %w", id, err)
	}
	v.AlicePaid, v.BobPaid = paid.AlicePaid, paid.BobPaid
	if v.ClosesAt, err = bind.Call(w.bound, opts, w.abi.PackClosesAt(cid), w.abi.UnpackClosesAt); err != nil {
		return v, fmt.Errorf("watchtower: closesAt of channel %d: %w", id, err)
	}
	if v.Status != channel.Closing {
		return v, nil
	}
	dep, err := bind.Call(w.bound, opts, w.abi.PackDeposits(cid), w.abi.UnpackDeposits)
	if err != nil {
		return v, fmt.Errorf("watchtower: deposits of channel %d: %w", id, err)
	}
	v.AliceDeposit, v.BobDeposit = dep.Alice, dep.Bob
	if v.Period, err = bind.Call(w.bound, opts, w.abi.PackFinalizationBlocks(cid), w.abi.UnpackFinalizationBlocks); err != nil {
		return v, fmt.Errorf("watchtower: finalization period of channel %d: %w", id, err)
	}
	return v, nil
}

// Poll processes the chain up to the current head synchronously: it reads
// the contract's Claimed, CloseStarted, ClosedCooperatively and Withdrawn
// events since the last processed block, looks at every watched channel they
// touch (and at every watched channel after a start), submits the claims
// [wt.Decide] calls for and waits for their receipts, forgets the channels
// that are Closed, and then stores the new cursor. A failed claim is logged
// and retried by the next Poll. The background loop calls it; tests may too.
func (w *Watchtower) Poll(ctx context.Context) error {
	w.pollMu.Lock()
	defer w.pollMu.Unlock()
	head, err := w.cfg.Backend.BlockNumber(ctx)
	if err != nil {
		return fmt.Errorf("watchtower: head block: %w", err)
	}
	w.mu.Lock()
	from := w.cursor + 1
	w.mu.Unlock()
	// Events since the cursor mark the watched channels they touch.
	for from <= head {
		to := min(from+w.cfg.LogRange-1, head)
		logs, err := w.cfg.Backend.FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
			Addresses: []common.Address{w.cfg.Contract}, Topics: [][]common.Hash{w.topics},
		})
		if err != nil {
			return fmt.Errorf("watchtower: logs of blocks %d-%d: %w", from, to, err)
		}
		w.mu.Lock()
		for _, l := range logs {
			if len(l.Topics) < 2 || l.Removed {
				continue
			}
			id := new(big.Int).SetBytes(l.Topics[1][:])
			if !id.IsUint64() || !w.watched(id.Uint64()) {
				continue
			}
			w.dirty[id.Uint64()] = true
		}
		w.mu.Unlock()
		from = to + 1
	}
	// Closing channels whose period ended are Closed now: forget them.
	w.mu.Lock()
	for id, at := range w.closing {
		if head >= at {
			w.dirty[id] = true
		}
	}
	var ids []uint64
	for id := range w.dirty {
		ids = append(ids, id)
	}
	w.mu.Unlock()

	var errs []error
	for _, id := range ids {
		if err := w.act(ctx, id, head); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err // the cursor stays: the next poll looks again
	}
	if err := w.putJSON(ctx, w.cursorKey(), head); err != nil {
		return err
	}
	w.mu.Lock()
	w.cursor = head
	w.mu.Unlock()
	return nil
}

// watched reports whether a payment is held for channel id. w.mu is held.
func (w *Watchtower) watched(id uint64) bool {
	_, a := w.held[heldKey{id, channel.Alice}]
	_, b := w.held[heldKey{id, channel.Bob}]
	return a || b
}

// act reads channel id at head and carries out the decision for each
// payment held for it. It returns an error if something must be retried.
func (w *Watchtower) act(ctx context.Context, id, head uint64) error {
	v, err := w.view(ctx, id, head)
	if err != nil {
		return err
	}
	var errs []error
	retry, later := false, false
	for _, payer := range []channel.Role{channel.Alice, channel.Bob} {
		k := heldKey{id, payer}
		w.mu.Lock()
		h, ok := w.held[k]
		rec := w.claims[k]
		if rec != nil {
			rec = rec.clone()
		}
		w.mu.Unlock()
		if !ok && rec == nil {
			continue
		}
		if v.Status != channel.Open && v.Status != channel.Closing {
			if err := w.forget(ctx, k); err != nil {
				retry = true
				errs = append(errs, err)
			}
			continue
		}
		if rec != nil { // the one claim of this direction is made
			w.markClosing(id, v.ClosesAt)
			if rec.pending() && rec.Account == w.addr {
				if err := w.resume(ctx, v, k, rec); err != nil {
					retry = true
					errs = append(errs, err)
				}
			}
			continue
		}
		switch a := wt.Decide(v, h); a {
		case wt.Wait:
		case wt.Covered:
			w.markClosing(id, v.ClosesAt)
		case wt.Missed:
			w.markClosing(id, v.ClosesAt)
			w.log.Error("watchtower: MISSED a claim: the finalization period ended before it could be submitted",
				"channel", id, "payer", payer.String(), "held", h.Paid, "onChain", v.Paid(payer), "closesAt", v.ClosesAt, "head", head)
			w.bump(ctx, func(s *stats) { s.Missed++ })
		case wt.Claim:
			w.markClosing(id, v.ClosesAt)
			if !wt.Due(v, w.settled(id), wt.Margin(v.Period, w.cfg.Limits.MarginBlocks)) {
				later = true // hand-offs in flight may still raise it
				continue
			}
			if err := w.submit(ctx, v, h); err != nil {
				retry = true
				errs = append(errs, err)
			}
		case wt.Forget:
			if err := w.forget(ctx, k); err != nil {
				retry = true
				errs = append(errs, err)
			}
		}
	}
	w.mu.Lock()
	if !retry && !later {
		delete(w.dirty, id)
	}
	if v.Status != channel.Closing {
		delete(w.closing, id)
		delete(w.seen, id)
	}
	w.mu.Unlock()
	return errors.Join(errs...)
}

// settled reports whether channel id was first seen Closing at least
// Limits.SettleDelay ago (the clock starts at the first look).
func (w *Watchtower) settled(id uint64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, ok := w.seen[id]
	if !ok {
		t = time.Now()
		w.seen[id] = t
	}
	return time.Since(t) >= w.cfg.Limits.SettleDelay
}

func (w *Watchtower) markClosing(id, closesAt uint64) {
	w.mu.Lock()
	w.closing[id] = closesAt
	w.mu.Unlock()
}

// forget deletes the payment and the claim of a Closed channel's direction.
func (w *Watchtower) forget(ctx context.Context, k heldKey) error {
	for _, key := range []string{w.heldKeyName(k), w.claimKeyName(k)} {
		if err := w.kv.Delete(ctx, key); err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
			return fmt.Errorf("watchtower: forget channel %d: %w", k.channel, err)
		}
	}
	w.mu.Lock()
	h, ok := w.held[k]
	if ok {
		delete(w.held, k)
		if w.owners[h.Owner]--; w.owners[h.Owner] <= 0 {
			delete(w.owners, h.Owner)
		}
	}
	delete(w.claims, k)
	n := len(w.held)
	w.mu.Unlock()
	delete(w.skipped, k)
	w.log.Info("watchtower: channel closed; payment forgotten", "channel", k.channel, "payer", k.payer.String(), "watched", n)
	return nil
}

// bump updates the stats and stores them.
func (w *Watchtower) bump(ctx context.Context, f func(*stats)) {
	w.mu.Lock()
	f(&w.stats)
	s := w.stats
	s.GasSpent = new(big.Int).Set(w.stats.GasSpent)
	w.mu.Unlock()
	if err := w.putJSON(ctx, w.statsKey(), s); err != nil {
		w.log.Warn("watchtower: stats not stored", "err", err)
	}
}

// submit makes the one claim of h's channel direction, if it is worth its
// gas: claim(id, payer's account, paid, sig) from the watchtower's account,
// recorded in the bucket (created: it fails if a claim exists, e.g. made by
// another host) before it is sent, then waits for the receipt. A claim not
// worth it is skipped (logged once per total) and looked at again when a
// hand-off or an event marks the channel. w.pollMu is held.
func (w *Watchtower) submit(ctx context.Context, v wt.View, h wt.Held) error {
	k := heldKey{h.ID.Channel, h.Payer}
	lg := w.log.With("channel", h.ID.Channel, "payer", h.Payer.String(), "paid", h.Paid, "onChain", v.Paid(h.Payer), "closesAt", v.ClosesAt, "head", v.Head)
	fail := func(err error) error {
		w.bump(ctx, func(s *stats) { s.Failures++ })
		lg.Error("watchtower: claim failed; retrying at the next poll", "err", err)
		return fmt.Errorf("watchtower: claim channel %d: %w", h.ID.Channel, err)
	}
	skip := func(msg string, args ...any) error {
		if tag := h.Paid.String() + "/" + v.Paid(h.Payer).String(); w.skipped[k] != tag {
			w.skipped[k] = tag
			lg.Info(msg, args...)
		}
		return nil
	}
	w.mu.Lock()
	other := w.heldTotal(h.ID.Channel, h.Payer.Peer())
	w.mu.Unlock()
	protects := wt.Protects(v, h, other)
	if protects.Sign() == 0 {
		return skip("watchtower: claim skipped: the payer cannot owe more than the chain already proves", "deposit", v.Deposit(h.Payer))
	}
	payer := v.Party(h.Payer).Account
	data := w.abi.PackClaim(new(big.Int).SetUint64(h.ID.Channel), payer, h.Paid, h.Sig[:])
	b := w.cfg.Backend
	gas, err := b.EstimateGas(ctx, ethereum.CallMsg{From: w.addr, To: &w.cfg.Contract, Data: data})
	if err != nil {
		return fail(fmt.Errorf("the claim would revert: %w", err))
	}
	tip, feeCap, price, err := w.fees(ctx)
	if err != nil {
		return fail(err)
	}
	if !wt.Worth(protects, gas, price) {
		return skip("watchtower: claim skipped: not worth its gas", "protects", protects, "gas", gas, "gasPrice", price,
			"cost", new(big.Int).Mul(new(big.Int).SetUint64(gas), price))
	}
	nonce, err := w.nextNonce(ctx)
	if err != nil {
		return fail(err)
	}
	rec := &claimRecord{Channel: h.ID.Channel, Payer: h.Payer, Account: w.addr, Nonce: nonce, PayerAccount: payer,
		Paid: new(big.Int).Set(h.Paid), Sig: h.Sig, Protects: protects, Gas: gas + gas/4, Tip: tip, FeeCap: feeCap,
		ClosesAt: v.ClosesAt, State: claimSent}
	tx, err := w.sign(rec)
	if err != nil {
		return fail(err)
	}
	rec.Txs, rec.SentAt = []common.Hash{tx.Hash()}, time.Now()
	val, err := json.Marshal(rec)
	if err != nil {
		return fail(err)
	}
	if _, err := w.kv.Create(ctx, w.claimKeyName(k), val); err != nil {
		if errors.Is(err, jetstream.ErrKeyExists) { // another host made it
			e, gerr := w.kv.Get(ctx, w.claimKeyName(k))
			var other claimRecord
			if gerr == nil && json.Unmarshal(e.Value(), &other) == nil {
				w.mu.Lock()
				w.claims[k] = &other
				w.mu.Unlock()
				lg.Info("watchtower: claim left to the host that recorded it first", "account", other.Account.Hex())
				return nil
			}
		}
		return fail(fmt.Errorf("record the claim: %w", err))
	}
	w.mu.Lock()
	w.claims[k] = rec.clone()
	w.mu.Unlock()
	lg = lg.With("tx", tx.Hash().Hex(), "nonce", nonce, "protects", protects)
	if err := b.SendTransaction(ctx, tx); err != nil {
		// Recorded: the next poll sends it again (same nonce and call).
		return fail(fmt.Errorf("send: %w", err))
	}
	lg.Info("watchtower: claim sent", "gas", gas, "gasPrice", price)
	return w.await(ctx, k, rec, w.cfg.ReceiptTimeout)
}

// resume follows a claim recorded but not yet mined (after a receipt timeout,
// a failed send or a restart): it looks for the receipt of every
// transaction sent for it, and if none is mined it sends the same call again
// at the same nonce with fees raised by 25 % (a replacement: still the one
// claim). w.pollMu is held.
func (w *Watchtower) resume(ctx context.Context, v wt.View, k heldKey, rec *claimRecord) error {
	b := w.cfg.Backend
	for _, h := range rec.Txs {
		if rc, err := b.TransactionReceipt(ctx, h); err == nil && rc != nil {
			return w.finish(ctx, k, rec, rc)
		}
	}
	lg := w.log.With("channel", k.channel, "payer", k.payer.String(), "paid", rec.Paid, "nonce", rec.Nonce, "closesAt", rec.ClosesAt, "head", v.Head)
	confirmed, err := b.NonceAt(ctx, w.addr, nil)
	if err != nil {
		return fmt.Errorf("watchtower: nonce: %w", err)
	}
	if confirmed > rec.Nonce { // used, by none of ours (or a receipt raced)
		for _, h := range rec.Txs {
			if rc, err := b.TransactionReceipt(ctx, h); err == nil && rc != nil {
				return w.finish(ctx, k, rec, rc)
			}
		}
		lg.Error("watchtower: claim lost: its nonce was used by another transaction")
		rec.State = claimLost
		return w.storeClaim(ctx, k, rec)
	}
	if v.Head+1 >= v.ClosesAt {
		lg.Error("watchtower: MISSED a claim: its transaction was not mined before closesAt")
		w.bump(ctx, func(s *stats) { s.Missed++ })
		rec.State = claimMissed
		return w.storeClaim(ctx, k, rec)
	}
	if wait := w.cfg.ReceiptTimeout - time.Since(rec.SentAt); wait > 0 {
		// Send the last transaction again (signing is deterministic: the
		// same hash), in case it never reached the node (a failed send, a
		// crash right after it was recorded, a node restart).
		if tx, err := w.sign(rec); err == nil {
			if err := b.SendTransaction(ctx, tx); err != nil {
				lg.Debug("watchtower: claim sent again", "tx", tx.Hash().Hex(), "err", err)
			}
		}
		return w.await(ctx, k, rec, wait)
	}
	tip, feeCap, _, err := w.fees(ctx)
	if err != nil {
		return err
	}
	rec.Tip, rec.FeeCap = maxBig(tip, bumped(rec.Tip)), maxBig(feeCap, bumped(rec.FeeCap))
	tx, err := w.sign(rec)
	if err != nil {
		return err
	}
	rec.Txs, rec.SentAt = append(rec.Txs, tx.Hash()), time.Now()
	if err := w.storeClaim(ctx, k, rec); err != nil {
		return err
	}
	if err := b.SendTransaction(ctx, tx); err != nil {
		w.bump(ctx, func(s *stats) { s.Failures++ })
		lg.Error("watchtower: claim not sent again; retrying at the next poll", "err", err)
		return fmt.Errorf("watchtower: claim channel %d: send: %w", k.channel, err)
	}
	lg.Info("watchtower: claim sent again with higher fees", "tx", tx.Hash().Hex(), "tip", rec.Tip, "feeCap", rec.FeeCap)
	return w.await(ctx, k, rec, w.cfg.ReceiptTimeout)
}

// await waits up to timeout for the receipt of the claim's last transaction.
func (w *Watchtower) await(ctx context.Context, k heldKey, rec *claimRecord, timeout time.Duration) error {
	rctx, cancel := context.WithTimeout(ctx, timeout)
	rc, err := waitReceipt(rctx, w.cfg.Backend, rec.Txs[len(rec.Txs)-1])
	cancel()
	if err != nil {
		w.bump(ctx, func(s *stats) { s.Failures++ })
		w.log.Warn("watchtower: claim not mined yet; looking again at the next poll", "channel", k.channel, "payer", k.payer.String(), "err", err)
		return fmt.Errorf("watchtower: claim channel %d: %w", k.channel, err)
	}
	return w.finish(ctx, k, rec, rc)
}

// finish records a claim's receipt and adds its cost to the stats.
func (w *Watchtower) finish(ctx context.Context, k heldKey, rec *claimRecord, rc *types.Receipt) error {
	ok := rc.Status == types.ReceiptStatusSuccessful
	rec.State, rec.Block, rec.GasUsed = claimMined, rc.BlockNumber.Uint64(), rc.GasUsed
	if !ok {
		rec.State = claimReverted
	}
	if err := w.storeClaim(ctx, k, rec); err != nil {
		return err
	}
	cost := new(big.Int).Mul(new(big.Int).SetUint64(rc.GasUsed), rc.EffectiveGasPrice)
	w.bump(ctx, func(s *stats) {
		s.GasUsed += rc.GasUsed
		s.GasSpent.Add(s.GasSpent, cost)
		if ok {
			s.Claims++
		} else {
			s.Failures++
		}
	})
	w.mu.Lock()
	st := w.stats
	w.mu.Unlock()
	lg := w.log.With("channel", k.channel, "payer", k.payer.String(), "paid", rec.Paid, "protects", rec.Protects, "tx", rc.TxHash.Hex(),
		"block", rc.BlockNumber, "closesAt", rec.ClosesAt, "gasUsed", rc.GasUsed, "cost", cost, "claims", st.Claims, "gasSpent", st.GasSpent)
	if !ok {
		lg.Error("watchtower: claim reverted; not claiming this direction again")
		return nil
	}
	lg.Info("watchtower: CLAIMED for the absent party")
	return nil
}

// storeClaim stores rec (the watchtower's own record) and keeps a copy.
func (w *Watchtower) storeClaim(ctx context.Context, k heldKey, rec *claimRecord) error {
	if err := w.putJSON(ctx, w.claimKeyName(k), rec); err != nil {
		return err
	}
	w.mu.Lock()
	w.claims[k] = rec.clone()
	w.mu.Unlock()
	return nil
}

// fees returns the EIP-1559 tip suggested by the node, the fee cap (2 x base
// fee + tip) and the gas price a claim is expected to pay (base fee + tip).
func (w *Watchtower) fees(ctx context.Context) (tip, feeCap, price *big.Int, err error) {
	tip, err = w.cfg.Backend.SuggestGasTipCap(ctx)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("gas tip: %w", err)
	}
	hdr, err := w.cfg.Backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("head header: %w", err)
	}
	base := hdr.BaseFee
	if base == nil {
		base = new(big.Int)
	}
	feeCap = new(big.Int).Add(tip, new(big.Int).Mul(base, big.NewInt(2)))
	return tip, feeCap, new(big.Int).Add(base, tip), nil
}

// nextNonce is the account's confirmed nonce, or the one after the highest
// nonce of its own claims still pending. w.pollMu is held.
func (w *Watchtower) nextNonce(ctx context.Context) (uint64, error) {
	n, err := w.cfg.Backend.NonceAt(ctx, w.addr, nil)
	if err != nil {
		return 0, fmt.Errorf("nonce: %w", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, r := range w.claims {
		if r.pending() && r.Account == w.addr && r.Nonce >= n {
			n = r.Nonce + 1
		}
	}
	return n, nil
}

// sign signs rec's call at its nonce, gas and fees.
func (w *Watchtower) sign(rec *claimRecord) (*types.Transaction, error) {
	chainID := new(big.Int).SetUint64(w.cfg.ChainID)
	data := w.abi.PackClaim(new(big.Int).SetUint64(rec.Channel), rec.PayerAccount, rec.Paid, rec.Sig[:])
	tx, err := types.SignNewTx(w.cfg.Key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: rec.Nonce, GasTipCap: rec.Tip, GasFeeCap: rec.FeeCap, Gas: rec.Gas,
		To: &w.cfg.Contract, Data: data,
	})
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	return tx, nil
}

func bumped(v *big.Int) *big.Int {
	return new(big.Int).Add(new(big.Int).Div(new(big.Int).Mul(v, big.NewInt(5)), big.NewInt(4)), big.NewInt(1))
}

func maxBig(a, b *big.Int) *big.Int {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

// waitReceipt polls for a receipt every few milliseconds until it exists
// or ctx ends.
func waitReceipt(ctx context.Context, b Backend, hash common.Hash) (*types.Receipt, error) {
	delay := 2 * time.Millisecond
	for {
		rc, err := b.TransactionReceipt(ctx, hash)
		if err == nil && rc != nil {
			return rc, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("no receipt for %s: %w (last error: %v)", hash.Hex(), ctx.Err(), err)
		case <-time.After(delay):
		}
		delay = min(delay*2, 100*time.Millisecond)
	}
}

// Status reports the watchtower's account, balance, work and costs; the
// host serves it at wt.StatusPath.
func (w *Watchtower) Status(ctx context.Context) (wt.Status, error) {
	w.mu.Lock()
	s := wt.Status{
		Account:  w.addr.Hex(),
		ChainID:  w.cfg.ChainID,
		Contract: w.cfg.Contract.Hex(),
		Watched:  len(w.held),
		Channels: 0,
		Cursor:   w.cursor,
		Claims:   w.stats.Claims,
		Failures: w.stats.Failures,
		Missed:   w.stats.Missed,
		GasUsed:  w.stats.GasUsed,
		GasSpent: w.stats.GasSpent.String(),
	}
	chans := map[uint64]bool{}
	for k := range w.held {
		chans[k.channel] = true
	}
	s.Channels = len(chans)
	w.mu.Unlock()
	if w.relay != nil {
		s.Relay = w.relay.State().String()
	}
	bal, err := w.cfg.Backend.BalanceAt(ctx, w.addr, nil)
	if err != nil {
		return s, fmt.Errorf("watchtower: balance: %w", err)
	}
	s.Balance = bal.String()
	return s, nil
}
