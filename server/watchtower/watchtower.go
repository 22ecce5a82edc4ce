// Package watchtower runs the host's watchtower: it takes wallets' best
// received payments over the relay, keeps the best one per channel and
// direction in a JetStream KeyValue bucket (the relay's durable store),
// follows the contract's events from the last block it processed, and when a
// watched channel is Closing with a lower total on chain for a direction,
// submits claim(id, payer, paid, sig) from its own funded account before
// closesAt.
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
)

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

	pollMu sync.Mutex // one poll at a time; guards sent
	sent   map[uint64]fees

	mu      sync.Mutex // guards the fields below
	held    map[heldKey]wt.Held
	dirty   map[uint64]bool   // channels to look at on the next poll
	closing map[uint64]uint64 // channel -> closesAt, to forget it once Closed
	cursor  uint64            // last block processed
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

type fees struct{ tip, feeCap *big.Int }

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
		sent:    make(map[uint64]fees),
		held:    make(map[heldKey]wt.Held),
		dirty:   make(map[uint64]bool),
		closing: make(map[uint64]uint64),
		stats:   stats{GasSpent: new(big.Int)},
		kick:    make(chan struct{}, 1),
		ready:   make(chan struct{}),
	}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	var err error
	w.kv, err = cfg.JetStream.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      cfg.Bucket,
		Description: "paychan watchtower: best payment per channel and direction, follow cursor, stats",
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
func (w *Watchtower) cursorKey() string { return "cursor." + w.prefix }
func (w *Watchtower) statsKey() string  { return "stats." + w.prefix }

// load reads the held payments, the cursor and the stats.
func (w *Watchtower) load(ctx context.Context) error {
	watcher, err := w.kv.WatchFiltered(ctx, []string{"held." + w.prefix + ".>"}, jetstream.IgnoreDeletes())
	if err != nil {
		return fmt.Errorf("watchtower: list held payments: %w", err)
	}
	defer watcher.Stop()
	for e := range watcher.Updates() {
		if e == nil { // end of the current values
			break
		}
		var h wt.Held
		if err := json.Unmarshal(e.Value(), &h); err != nil {
			return fmt.Errorf("watchtower: held payment %s: %w", e.Key(), err)
		}
		w.held[heldKey{h.ID.Channel, h.Payer}] = h
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
// the relay client calls it again.
func (w *Watchtower) handle(ctx context.Context, m relayclient.Message) error {
	reply, err := w.Handle(ctx, m.From, m.ID, m.Payload)
	if err != nil {
		return err
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
// returns the reply to send back: *Accepted once the payment is durably
// stored, or *Refused with nothing stored. An error means a transient
// failure (reading the chain or writing the store): nothing was decided,
// try again.
func (w *Watchtower) Handle(ctx context.Context, from common.Address, ref string, payload []byte) (wt.Reply, error) {
	refuse := func(err error) (wt.Reply, error) {
		r := err.(*wt.Refused)
		r.Ref = ref
		w.log.Info("watchtower: hand-off refused", "from", from.Hex(), "code", r.Code, "reason", r.Message)
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
	if cur, ok := w.held[key]; ok && cur.Paid.Cmp(h.Paid) >= 0 {
		// A concurrent hand-off stored as much; answer as Check would.
		return refuse(&wt.Refused{Code: wt.CodeTotalEqual, ID: &h.ID, Paid: h.Paid, Held: cur.Paid,
			Message: fmt.Sprintf("channel %d: total %v paid by %s is already held", h.ID.Channel, cur.Paid, h.Payer)})
	}
	if err := w.putJSON(ctx, w.heldKeyName(key), h); err != nil {
		return nil, err
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

// view reads the contract's state of channel id at block head.
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
	retry := false
	for _, payer := range []channel.Role{channel.Alice, channel.Bob} {
		h, ok := w.Held(id, payer)
		if !ok {
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
			if err := w.claim(ctx, v, h); err != nil {
				retry = true
				errs = append(errs, err)
			}
		case wt.Forget:
			if err := w.forget(ctx, heldKey{id, payer}); err != nil {
				retry = true
				errs = append(errs, err)
			}
		}
	}
	w.mu.Lock()
	if !retry {
		delete(w.dirty, id)
	}
	if v.Status != channel.Closing {
		delete(w.closing, id)
	}
	w.mu.Unlock()
	return errors.Join(errs...)
}

func (w *Watchtower) markClosing(id, closesAt uint64) {
	w.mu.Lock()
	w.closing[id] = closesAt
	w.mu.Unlock()
}

// forget deletes a payment of a Closed channel.
func (w *Watchtower) forget(ctx context.Context, k heldKey) error {
	if err := w.kv.Delete(ctx, w.heldKeyName(k)); err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("watchtower: forget channel %d: %w", k.channel, err)
	}
	w.mu.Lock()
	delete(w.held, k)
	n := len(w.held)
	w.mu.Unlock()
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

// claim submits claim(id, payer's account, paid, sig) from the watchtower's
// account at its confirmed nonce (replacing, with higher fees, a transaction
// of an earlier poll that is still pending) and waits for the receipt.
// w.pollMu is held.
func (w *Watchtower) claim(ctx context.Context, v wt.View, h wt.Held) error {
	id := new(big.Int).SetUint64(h.ID.Channel)
	payer := v.Party(h.Payer).Account
	data := w.abi.PackClaim(id, payer, h.Paid, h.Sig[:])
	lg := w.log.With("channel", h.ID.Channel, "payer", h.Payer.String(), "paid", h.Paid, "onChain", v.Paid(h.Payer), "closesAt", v.ClosesAt, "head", v.Head)
	fail := func(err error) error {
		w.bump(ctx, func(s *stats) { s.Failures++ })
		lg.Error("watchtower: claim failed; retrying at the next poll", "err", err)
		return fmt.Errorf("watchtower: claim channel %d: %w", h.ID.Channel, err)
	}
	b := w.cfg.Backend
	nonce, err := b.NonceAt(ctx, w.addr, nil)
	if err != nil {
		return fail(fmt.Errorf("nonce: %w", err))
	}
	gas, err := b.EstimateGas(ctx, ethereum.CallMsg{From: w.addr, To: &w.cfg.Contract, Data: data})
	if err != nil {
		return fail(fmt.Errorf("the claim would revert: %w", err))
	}
	tip, err := b.SuggestGasTipCap(ctx)
	if err != nil {
		return fail(fmt.Errorf("gas tip: %w", err))
	}
	hdr, err := b.HeaderByNumber(ctx, nil)
	if err != nil {
		return fail(fmt.Errorf("head header: %w", err))
	}
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(hdr.BaseFee, big.NewInt(2)))
	if prev, ok := w.sent[nonce]; ok { // replace the pending transaction: +25%
		tip = maxBig(tip, bumped(prev.tip))
		feeCap = maxBig(feeCap, bumped(prev.feeCap))
	}
	tx, err := types.SignNewTx(w.cfg.Key, types.LatestSignerForChainID(new(big.Int).SetUint64(w.cfg.ChainID)), &types.DynamicFeeTx{
		ChainID: new(big.Int).SetUint64(w.cfg.ChainID), Nonce: nonce,
		GasTipCap: tip, GasFeeCap: feeCap, Gas: gas + gas/4,
		To: &w.cfg.Contract, Data: data,
	})
	if err != nil {
		return fail(fmt.Errorf("sign: %w", err))
	}
	if err := b.SendTransaction(ctx, tx); err != nil {
		return fail(fmt.Errorf("send: %w", err))
	}
	w.sent[nonce] = fees{tip, feeCap}
	lg.Info("watchtower: claim sent", "tx", tx.Hash().Hex(), "nonce", nonce)
	rctx, cancel := context.WithTimeout(ctx, w.cfg.ReceiptTimeout)
	rc, err := waitReceipt(rctx, b, tx.Hash())
	cancel()
	if err != nil {
		return fail(err)
	}
	delete(w.sent, nonce)
	cost := new(big.Int).Mul(new(big.Int).SetUint64(rc.GasUsed), rc.EffectiveGasPrice)
	ok := rc.Status == types.ReceiptStatusSuccessful
	w.bump(ctx, func(s *stats) {
		s.GasUsed += rc.GasUsed
		s.GasSpent.Add(s.GasSpent, cost)
		if ok {
			s.Claims++
		}
	})
	if !ok {
		return fail(fmt.Errorf("transaction %s reverted in block %v", tx.Hash().Hex(), rc.BlockNumber))
	}
	w.mu.Lock()
	st := w.stats
	w.mu.Unlock()
	lg.Info("watchtower: CLAIMED for the absent party", "tx", tx.Hash().Hex(), "block", rc.BlockNumber, "gasUsed", rc.GasUsed,
		"cost", cost, "claims", st.Claims, "gasSpent", st.GasSpent)
	return nil
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
