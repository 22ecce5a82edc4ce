package engine

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/wire"
)

// Config configures an Engine.
type Config struct {
	// Store persists the channels (browserstore in the browser, filestore
	// in the CLI, channel.MemStore in tests).
	Store channel.Store
	// Key is the wallet's key: it signs payments and, on an EVM chain, its
	// address is also my account that submits transactions.
	Key *ecdsa.PrivateKey
	// Domain is the chain and contract of the host's channels.
	Domain channel.Domain
	// HostMinFinalization is the minimum finalization period the host's
	// configuration states (honoured on the development chain only).
	HostMinFinalization uint64
	// CloseTiming drives the core's CheckClose (zero: the default).
	CloseTiming channel.CloseTiming
	// AutoWithdraw submits the withdrawal the rules ask for when a channel
	// closes. Off, a WithdrawTx is left to the user's Withdraw intent.
	AutoWithdraw bool
	// Watchtower, if set, receives every newly received payment after it
	// was persisted (and every channel's best one after a reconnection).
	Watchtower Watchtower
	// WatchtowerAddr is the watchtower's relay address: its messages are
	// replies, reported as WatchReply notes, not channel messages.
	WatchtowerAddr common.Address
	// HandOff, with no Watchtower set, hands payments to WatchtowerAddr
	// through the engine's relay (RelayTower).
	HandOff bool
	// Notify receives what happened (messages applied or refused, states
	// changed by the chain, transactions). It may be called from any
	// goroutine and must not block.
	Notify func(Note)
	// Progress, if set, returns the progress callback of a transaction the
	// engine submits (the UI shows it).
	Progress func(tx channel.Tx) chainclient.Progress
	// Yield, if set, is called before the background work that follows a
	// received payment: by the ack loop before it takes the queued
	// acknowledgements and sends them (those queued meanwhile go in the
	// same batch), and before a hand-off to the watchtower. The browser
	// waits there for the page's turn, so that the page shows a received
	// payment before those are sealed and sent (the browser runs one
	// goroutine at a time and shows nothing until they all wait).
	Yield func(ctx context.Context)
}

// Kind is what a Note reports.
type Kind int

const (
	// Received: a message from the peer was applied and persisted (Msg,
	// From, Before, After).
	Received Kind = iota
	// Refused: a message was refused by the rules (Err; Msg is nil when it
	// could not be decoded). Nothing changed.
	Refused
	// Changed: the chain changed a channel (Before, After).
	Changed
	// TxStarted: a transaction the rules asked for is being submitted (Tx).
	TxStarted
	// TxDone: it landed (Receipt) or failed (Err).
	TxDone
	// WatchReply: a message from the watchtower (Payload).
	WatchReply
)

// Note is one notification.
type Note struct {
	Kind          Kind
	From          common.Address
	Msg           channel.Message
	Before, After channel.State
	Tx            channel.Tx
	Receipt       *chainclient.Receipt
	Err           error
	Payload       []byte
}

// ErrNoChain and ErrNoRelay: the host's chain or relay is not connected.
var (
	ErrNoChain = errors.New("not connected to the chain")
	ErrNoRelay = errors.New("not connected to the relay")
)

// Engine is one key's wallet. Its methods are safe for concurrent use.
type Engine struct {
	cfg  Config
	book *channel.Book
	me   common.Address

	mu        sync.Mutex
	relay     Relay
	chain     Chain
	domain    channel.Domain
	towerAddr common.Address
	inflight  map[string]bool // transactions being submitted, by txKey
	read      *chainRead      // the last full refresh's read of the chain (chain.go)

	ackMu sync.Mutex
	acks  map[channel.ID]ackItem
	ackCh chan struct{}

	pf prefetch

	unknownMu   sync.Mutex
	unknownRead map[channel.ID]time.Time // channels not mine, read lately for a message (inbox.go)

	handMu      sync.Mutex
	handBusy    map[channel.ID]bool          // a hand-off of the channel is being made
	handPending map[channel.ID]channel.State // the state to hand off next, replaced by a better one

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

type ackItem struct {
	to  common.Address
	ack channel.Ack
}

// New returns an Engine. Give it the relay and the chain with SetRelay and
// SetChain once they are connected; Close stops its background work.
func New(cfg Config) *Engine {
	if cfg.CloseTiming == (channel.CloseTiming{}) {
		cfg.CloseTiming = channel.DefaultCloseTiming
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &Engine{
		cfg: cfg, book: channel.NewBook(cfg.Store, cfg.Key), me: crypto.PubkeyToAddress(cfg.Key.PublicKey),
		inflight: map[string]bool{}, acks: map[channel.ID]ackItem{}, ackCh: make(chan struct{}, 1),
		handBusy: map[channel.ID]bool{}, handPending: map[channel.ID]channel.State{},
		ctx: ctx, cancel: cancel, domain: cfg.Domain, towerAddr: cfg.WatchtowerAddr,
	}
	e.book.SetHostMinFinalization(cfg.HostMinFinalization)
	e.wg.Add(1)
	go e.ackLoop()
	return e
}

// Book returns the engine's Book (read-only use: Get, List, MinFinalization).
func (e *Engine) Book() *channel.Book { return e.book }

// Me returns my signer address (and, on an EVM chain, my account).
func (e *Engine) Me() common.Address { return e.me }

// ID names channel n of the engine's contract.
func (e *Engine) ID(n uint64) channel.ID { return channel.ID{Domain: e.dom(), Channel: n} }

// SetDomain sets the chain and contract (the browser learns them from the
// host's configuration after the key is unlocked).
func (e *Engine) SetDomain(d channel.Domain) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.domain = d
}

// SetWatchtowerAddr sets the watchtower's relay address.
func (e *Engine) SetWatchtowerAddr(a common.Address) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.towerAddr = a
}

func (e *Engine) dom() channel.Domain {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.domain
}

func (e *Engine) watchtowerAddr() common.Address {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.towerAddr
}

// SetRelay sets (or, with nil, drops) the relay connection.
func (e *Engine) SetRelay(r Relay) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.relay = r
}

// SetChain sets the chain client.
func (e *Engine) SetChain(c Chain) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.chain = c
	e.read = nil
}

// SetHostMinFinalization updates the host's minimum finalization period.
func (e *Engine) SetHostMinFinalization(blocks uint64) { e.book.SetHostMinFinalization(blocks) }

func (e *Engine) ports() (Relay, Chain) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.relay, e.chain
}

// Close stops the background work (ack loop, submissions in flight) and
// waits for it.
func (e *Engine) Close() {
	e.cancel()
	e.wg.Wait()
}

func (e *Engine) notify(n Note) {
	if e.cfg.Notify != nil {
		e.cfg.Notify(n)
	}
}

// spawn runs fn in the background, tied to the engine's lifetime.
func (e *Engine) spawn(fn func(ctx context.Context)) {
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		fn(e.ctx)
	}()
}

// send encodes msgs and stores them in to's mailbox, in order (a run of
// payments on one channel as few "payments" messages: wire.EncodeAll).
func (e *Engine) send(ctx context.Context, to common.Address, msgs []channel.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	r, _ := e.ports()
	if r == nil {
		return ErrNoRelay
	}
	bs, err := wire.EncodeAll(msgs)
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	for _, b := range bs {
		if _, err := r.Send(ctx, to, b); err != nil {
			return fmt.Errorf("relay: %w", err)
		}
	}
	return nil
}

// carry carries out the effects of a persisted step on st: sends (acks
// coalesced in the background), then transactions. With wait, the
// transactions are submitted before carry returns (a command that exits
// afterwards); otherwise in the background (the relay handler must not
// block the inbox on a receipt).
func (e *Engine) carry(ctx context.Context, st channel.State, fx channel.Effects, wait bool) error {
	var first error
	var msgs []channel.Message
	for _, m := range fx.Send {
		if a, ok := m.(channel.Ack); ok {
			e.queueAck(st.Peer().Signer, a)
			continue
		}
		msgs = append(msgs, m)
	}
	if len(msgs) > 0 {
		if wait {
			first = e.send(ctx, st.Peer().Signer, msgs)
		} else {
			to := st.Peer().Signer
			e.spawn(func(ctx context.Context) { e.send(ctx, to, msgs) })
		}
	}
	for _, tx := range fx.Submit {
		if wait {
			if _, err := e.submit(ctx, tx); err != nil && first == nil {
				first = err
			}
			continue
		}
		tx := tx
		e.spawn(func(ctx context.Context) { e.submit(ctx, tx) })
	}
	return first
}

// errInFlight: the same transaction is being submitted already.
var errInFlight = errors.New("already being submitted")

// txKey identifies a transaction for de-duplication: one of each kind per
// channel at a time (the rules ask again, after it lands, if still needed).
func txKey(tx channel.Tx) string { return fmt.Sprintf("%T/%s", tx, tx.ChannelID()) }

// submit sends one transaction the rules asked for and waits for its
// receipt. A withdrawal is left to the user unless AutoWithdraw. A
// cooperative close that reverts falls back to closing alone
// (channel.CloseFailed), which is submitted too.
func (e *Engine) submit(ctx context.Context, tx channel.Tx) (*chainclient.Receipt, error) {
	if _, ok := tx.(channel.WithdrawTx); ok && !e.cfg.AutoWithdraw {
		return nil, nil
	}
	_, cl := e.ports()
	if cl == nil {
		return nil, ErrNoChain
	}
	k := txKey(tx)
	e.mu.Lock()
	if e.inflight[k] {
		e.mu.Unlock()
		return nil, errInFlight
	}
	e.inflight[k] = true
	e.mu.Unlock()
	defer func() {
		e.mu.Lock()
		delete(e.inflight, k)
		e.read = nil // what it changed is read at the next refresh
		e.mu.Unlock()
	}()
	var p chainclient.Progress
	if e.cfg.Progress != nil {
		p = e.cfg.Progress(tx)
	}
	e.notify(Note{Kind: TxStarted, Tx: tx})
	var rc *chainclient.Receipt
	var err error
	key := e.cfg.Key
	switch tx := tx.(type) {
	case channel.ClaimTx:
		rc, err = cl.Claim(ctx, key, tx.ID.Channel, tx.Payer, tx.Paid, tx.Sig[:], p)
	case channel.StartCloseTx:
		rc, err = cl.StartClose(ctx, key, tx.ID.Channel, p)
	case channel.CooperativeCloseTx:
		rc, err = cl.CooperativeClose(ctx, key, tx.ID.Channel, tx.AlicePaid, tx.BobPaid, tx.AliceSig[:], tx.BobSig[:], p)
	case channel.WithdrawTx:
		_, rc, err = cl.Withdraw(ctx, key, tx.ID.Channel, p)
	default:
		err = fmt.Errorf("unknown transaction %T", tx)
	}
	if err != nil {
		err = fmt.Errorf("%s: %w", Describe(tx), err)
	}
	e.notify(Note{Kind: TxDone, Tx: tx, Receipt: rc, Err: err})
	var rev *chainclient.RevertError
	if cc, ok := tx.(channel.CooperativeCloseTx); ok && errors.As(err, &rev) {
		// The Close will never land: the core records it and asks for
		// the unilateral path (claim my best total, or startClose).
		if st, fx, ferr := e.book.CloseFailed(cc.ID, time.Now()); ferr == nil {
			if ferr := e.carry(ctx, st, fx, true); ferr != nil {
				return rc, fmt.Errorf("%w (and the fallback: %v)", err, ferr)
			}
		}
	}
	return rc, err
}

// Describe names a transaction in a few words (for progress and logs).
func Describe(tx channel.Tx) string {
	switch tx := tx.(type) {
	case channel.ClaimTx:
		return fmt.Sprintf("claim %v wei on channel %d", tx.Paid, tx.ID.Channel)
	case channel.StartCloseTx:
		return fmt.Sprintf("startClose on channel %d", tx.ID.Channel)
	case channel.CooperativeCloseTx:
		return fmt.Sprintf("cooperativeClose of channel %d", tx.ID.Channel)
	case channel.WithdrawTx:
		return fmt.Sprintf("withdraw from channel %d", tx.ID.Channel)
	}
	return fmt.Sprintf("%T", tx)
}

// queueAck keeps the highest Ack per channel for the ack loop: a burst of
// payments is acknowledged once, with the latest total.
func (e *Engine) queueAck(to common.Address, a channel.Ack) {
	e.queueAcks([]ackItem{{to: to, ack: a}})
}

// queueAcks queues a batch's Acks at once.
func (e *Engine) queueAcks(items []ackItem) {
	if len(items) == 0 {
		return
	}
	e.ackMu.Lock()
	for _, it := range items {
		if cur, ok := e.acks[it.ack.ID]; !ok || cur.ack.Received.Cmp(it.ack.Received) < 0 {
			e.acks[it.ack.ID] = it
		}
	}
	e.ackMu.Unlock()
	select {
	case e.ackCh <- struct{}{}:
	default:
	}
}

// ackLoop sends the queued Acks, the latest per channel.
func (e *Engine) ackLoop() {
	defer e.wg.Done()
	for {
		select {
		case <-e.ctx.Done():
			return
		case <-e.ackCh:
		}
		if e.cfg.Yield != nil {
			e.cfg.Yield(e.ctx)
		}
		e.ackMu.Lock()
		batch := e.acks
		e.acks = map[channel.ID]ackItem{}
		e.ackMu.Unlock()
		for _, it := range batch {
			e.send(e.ctx, it.to, []channel.Message{it.ack})
		}
	}
}

// queueHandOff hands st's best received payment to the watchtower in the
// background. One hand-off per channel is made at a time: states received
// meanwhile wait, and only the best of them goes next (the watchtower
// keeps only a channel's best payment, so the ones between add nothing).
// A stream of payments so costs one sealed hand-off, and one reply, per
// round trip to the relay instead of one per payment.
func (e *Engine) queueHandOff(st channel.State) {
	e.handMu.Lock()
	if e.handBusy[st.ID] {
		if cur, ok := e.handPending[st.ID]; !ok || st.Received.Cmp(cur.Received) > 0 {
			e.handPending[st.ID] = st
		}
		e.handMu.Unlock()
		return
	}
	e.handBusy[st.ID] = true
	e.handMu.Unlock()
	e.spawn(func(ctx context.Context) {
		for {
			e.handOff(ctx, st)
			e.handMu.Lock()
			next, ok := e.handPending[st.ID]
			delete(e.handPending, st.ID)
			if !ok || ctx.Err() != nil {
				delete(e.handBusy, st.ID)
				e.handMu.Unlock()
				return
			}
			e.handMu.Unlock()
			st = next
		}
	})
}

// handOff gives st's best received payment to the watchtower.
func (e *Engine) handOff(ctx context.Context, st channel.State) {
	t := e.tower()
	if t == nil || st.Status == channel.Closed || st.Received == nil || st.Received.Sign() == 0 {
		return
	}
	if e.cfg.Yield != nil {
		e.cfg.Yield(ctx)
	}
	t.HandOff(ctx, st)
}

// tower returns the Watchtower port, or nil if hand-offs are off.
func (e *Engine) tower() Watchtower {
	if e.cfg.Watchtower != nil {
		return e.cfg.Watchtower
	}
	addr := e.watchtowerAddr()
	if !e.cfg.HandOff || addr == (common.Address{}) {
		return nil
	}
	if r, _ := e.ports(); r != nil {
		return RelayTower{Relay: r, Addr: addr}
	}
	return nil
}

// prefetchTimeout bounds the background key lookups (prefetchKeys);
// maxPrefetch bounds how many peers one call looks up, well inside the
// relay's lookup burst (20 by default), so a wallet with many channels
// leaves lookups for its sends.
const (
	prefetchTimeout = 30 * time.Second
	maxPrefetch     = 8
)

// prefetchKeys looks up the sealing keys of peers in the background when
// the relay can (KeyPrefetcher). One worker looks them up one at a time,
// from a queue of at most maxPrefetch peers: however many channels are
// found at once (a restore, a refresh), the prefetch takes at most one
// of the relay's lookups at a time and leaves the rest of its burst to
// the sends. A peer already queued is not queued again; a key the relay
// client holds costs no lookup. A failure is left alone: the send looks
// the key up again.
func (e *Engine) prefetchKeys(peers ...common.Address) {
	if r, _ := e.ports(); len(peers) == 0 || !isPrefetcher(r) {
		return
	}
	e.pf.mu.Lock()
	defer e.pf.mu.Unlock()
	if e.pf.queued == nil {
		e.pf.queued = map[common.Address]bool{}
	}
	for _, p := range peers {
		if !e.pf.queued[p] && len(e.pf.queue) < maxPrefetch {
			e.pf.queued[p] = true
			e.pf.queue = append(e.pf.queue, p)
		}
	}
	if e.pf.running || len(e.pf.queue) == 0 {
		return
	}
	e.pf.running = true
	e.spawn(func(ctx context.Context) {
		for {
			e.pf.mu.Lock()
			if len(e.pf.queue) == 0 || ctx.Err() != nil {
				e.pf.running = false
				e.pf.queue = nil
				clear(e.pf.queued)
				e.pf.mu.Unlock()
				return
			}
			p := e.pf.queue[0]
			e.pf.queue = e.pf.queue[1:]
			e.pf.mu.Unlock()
			// The relay of now: it may have been replaced since.
			if r, _ := e.ports(); isPrefetcher(r) {
				lctx, cancel := context.WithTimeout(ctx, prefetchTimeout)
				r.(KeyPrefetcher).PrefetchKey(lctx, p)
				cancel()
			}
		}
	})
}

func isPrefetcher(r Relay) bool {
	_, ok := r.(KeyPrefetcher)
	return ok
}

// prefetch is prefetchKeys' queue (guarded by mu).
type prefetch struct {
	mu      sync.Mutex
	queue   []common.Address
	queued  map[common.Address]bool
	running bool
}
