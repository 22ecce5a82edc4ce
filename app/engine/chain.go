package engine

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/chainclient"
	"paychan/app/channel"
)

// View is what a Refresh read from the chain.
type View struct {
	Head     uint64
	Balance  *big.Int
	Channels map[uint64]*chainclient.Channel
	States   []channel.State
}

// UnknownChannelError: a command names a channel this wallet has not
// joined.
type UnknownChannelError struct{ Channel uint64 }

func (e *UnknownChannelError) Error() string {
	return fmt.Sprintf("unknown channel %d: run `paychan-cli join %d` first", e.Channel, e.Channel)
}

// NoChannelError: no such channel on the contract.
type NoChannelError struct{ Channel uint64 }

func (e *NoChannelError) Error() string {
	return fmt.Sprintf("channel %d does not exist on this host's contract", e.Channel)
}

// Refresh reads the head, my balance and my channels from the chain, adds
// the channels found in ChannelOpened events where I am a party, applies
// the chain's facts to every stored state, runs CheckClose on the channels
// where I signed a Close, and carries out every transaction the rules ask
// for before it returns: above all the claim of my best received total
// when the peer started closing with a lower one.
func (e *Engine) Refresh(ctx context.Context) (View, error) {
	_, cl := e.ports()
	if cl == nil {
		return View{}, ErrNoChain
	}
	head, err := cl.BlockNumber(ctx)
	if err != nil {
		return View{}, err
	}
	return e.RefreshAt(ctx, head)
}

// RefreshAt is Refresh for a caller that has just read the head itself
// (the wallet's refresh, which reads it first to tell whether the host is
// there): one request to the node fewer.
//
// The chain changes only with a new block: at the head of the last full
// refresh (within fullRefreshEvery) it reads nothing from the chain and
// gives that refresh's balance and channels again, with the stored states
// as they are now and CheckClose run as ever. A refresh that left a
// channel unread or asked for a transaction is not reused: the next one
// reads everything again.
func (e *Engine) RefreshAt(ctx context.Context, head uint64) (View, error) {
	var v View
	_, cl := e.ports()
	if cl == nil {
		return v, ErrNoChain
	}
	v.Head = head
	var err error
	if r, ok := e.lastRead(cl, head); ok {
		v.Balance, v.Channels = r.balance, r.channels
		v.States, err = e.closeAndList(ctx, nil)
		return v, err
	}
	e.forgetRead()
	if v.Balance, err = cl.Balance(ctx, e.me); err != nil {
		return v, err
	}
	opened, err := cl.MyChannels(ctx, e.me)
	if err != nil {
		return v, err
	}
	v.Channels = map[uint64]*chainclient.Channel{}
	var txs []channel.Tx
	complete := true
	for _, o := range opened {
		st, ch, fx, err := e.syncOne(ctx, cl, o.ID, true, &o, head)
		if err != nil {
			// Not mine, an ERC-20 channel, or unreadable now: read again
			// next time.
			var notMine *NoChannelError
			if !errors.As(err, &notMine) {
				complete = false
			}
			continue
		}
		_ = st
		v.Channels[o.ID] = ch
		txs = append(txs, fx...)
	}
	v.States, err = e.closeAndList(ctx, txs)
	if err == nil && complete && len(txs) == 0 {
		e.rememberRead(cl, head, v)
	}
	return v, err
}

// closeAndList runs CheckClose on the channels where I signed a Close,
// submits its transactions with txs (each once), and returns the stored
// states.
func (e *Engine) closeAndList(ctx context.Context, txs []channel.Tx) ([]channel.State, error) {
	txs = append(txs, e.checkCloses(time.Now())...)
	for _, tx := range once(txs) {
		e.submit(ctx, tx)
	}
	return e.book.List()
}

// fullRefreshEvery bounds how long RefreshAt reuses a read of the chain at
// an unchanged head.
var fullRefreshEvery = 10 * time.Second

// chainRead is what the last full refresh read from the chain.
type chainRead struct {
	chain    Chain
	head     uint64
	at       time.Time
	balance  *big.Int
	channels map[uint64]*chainclient.Channel
}

// lastRead returns the last full refresh's read if it was made at head on
// chain cl less than fullRefreshEvery ago (a copy of its channels map).
func (e *Engine) lastRead(cl Chain, head uint64) (chainRead, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	r := e.read
	if r == nil || r.chain != cl || r.head != head || time.Since(r.at) >= fullRefreshEvery {
		return chainRead{}, false
	}
	c := *r
	c.channels = make(map[uint64]*chainclient.Channel, len(r.channels))
	for id, ch := range r.channels {
		c.channels[id] = ch
	}
	return c, true
}

// rememberRead records a full refresh's read of the chain.
func (e *Engine) rememberRead(cl Chain, head uint64, v View) {
	r := &chainRead{chain: cl, head: head, at: time.Now(), balance: v.Balance, channels: make(map[uint64]*chainclient.Channel, len(v.Channels))}
	for id, ch := range v.Channels {
		r.channels[id] = ch
	}
	e.mu.Lock()
	e.read = r
	e.mu.Unlock()
}

// forgetRead makes the next refresh read the chain (a transaction was
// submitted, a channel was read or added, the chain was replaced).
func (e *Engine) forgetRead() {
	e.mu.Lock()
	e.read = nil
	e.mu.Unlock()
}

// SyncChannel reads channel n from the chain, adds it to the book if add
// is set (refusing a channel I am not a party of), applies what the chain
// says and carries out the transactions the rules ask for.
func (e *Engine) SyncChannel(ctx context.Context, n uint64, add bool) (channel.State, *chainclient.Channel, error) {
	_, cl := e.ports()
	if cl == nil {
		return channel.State{}, nil, ErrNoChain
	}
	e.forgetRead()
	st, ch, txs, err := e.syncOne(ctx, cl, n, add, nil, 0)
	if err != nil {
		return st, ch, err
	}
	for _, tx := range once(txs) {
		if _, err := e.submit(ctx, tx); err != nil && !errors.Is(err, errInFlight) {
			return st, ch, err
		}
	}
	if len(txs) > 0 {
		if s, err := e.book.Get(e.ID(n)); err == nil {
			st = s
		}
	}
	return st, ch, nil
}

// syncOne reads channel n and applies it; it returns the transactions the
// rules asked for, without submitting them. o is its ChannelOpened event
// when known; head 0 means the block the channel was read at.
func (e *Engine) syncOne(ctx context.Context, cl Chain, n uint64, add bool, o *chainclient.Opened, head uint64) (channel.State, *chainclient.Channel, []channel.Tx, error) {
	id := e.ID(n)
	ch, err := cl.Channel(ctx, n)
	if errors.Is(err, chainclient.ErrNoChannel) {
		return channel.State{}, nil, nil, &NoChannelError{Channel: n}
	}
	if err != nil {
		return channel.State{}, nil, nil, err
	}
	if _, err := e.book.Get(id); errors.Is(err, channel.ErrNotFound) {
		if !add {
			return channel.State{}, ch, nil, &UnknownChannelError{Channel: n}
		}
		if o == nil && ch.Alice == (common.Address{}) {
			// A settled channel's parties are deleted on chain: they are
			// in its ChannelOpened event.
			if opened, err := cl.MyChannels(ctx, e.me); err == nil {
				for i := range opened {
					if opened[i].ID == n {
						o = &opened[i]
					}
				}
			}
		}
		alice := channel.Party{Account: ch.Alice, Signer: ch.AliceSigner}
		bob := channel.Party{Account: ch.Bob, Signer: ch.BobSigner}
		if o != nil {
			alice = channel.Party{Account: o.Alice, Signer: o.AliceSigner}
			bob = channel.Party{Account: o.Bob, Signer: o.BobSigner}
		}
		st, err := channel.Found(id, alice, bob, ch.FinalizationBlocks, e.me)
		if err != nil {
			return channel.State{}, ch, nil, err
		}
		// What the channel holds is fixed at its opening; amounts of a
		// token channel are in the token's units (channel.Asset.Unit).
		st.Asset = ch.Asset
		if err := e.book.Add(st); err != nil && !errors.Is(err, channel.ErrExists) {
			return channel.State{}, ch, nil, err
		}
		// The first payment either way need not wait for the peer's key.
		e.prefetchKeys(st.Peer().Signer)
	} else if err != nil {
		return channel.State{}, ch, nil, err
	}
	before, _ := e.book.Get(id)
	var txs []channel.Tx
	apply := func(ev channel.Event) {
		// Each event on its own: one the core refuses (a deposit lower
		// than known) must not hide the others.
		if _, fx, err := e.book.Apply(id, ev); err == nil {
			txs = append(txs, fx.Submit...)
		}
	}
	// A channel stored before its period was recorded learns it here.
	// The asset is checked too: a stored channel that disagrees with the
	// chain on what it holds is refused, never shown in the wrong unit.
	asset := ch.Asset
	apply(channel.Opened{FinalizationBlocks: ch.FinalizationBlocks, Asset: &asset})
	if ch.AliceWithdrawn && ch.BobWithdrawn && before.AliceDeposit.Sign() == 0 && before.BobDeposit.Sign() == 0 {
		// Settled: deposits() reads zero on chain. A wallet that never saw
		// the deposits (a new browser) reads them from the events.
		// (The parties are read from my state: a settled channel's may be
		// deleted on chain too.)
		if a, b, err := cl.Deposits(ctx, n, before.Alice.Account, before.Bob.Account); err == nil {
			apply(channel.Deposited{Party: channel.Alice, Total: a})
			apply(channel.Deposited{Party: channel.Bob, Total: b})
		}
	}
	if head == 0 || head < ch.Block {
		head = ch.Block
	}
	for _, ev := range ch.Events(head) {
		apply(ev)
	}
	after, err := e.book.Get(id)
	if err != nil {
		return after, ch, txs, err
	}
	if after.Status != before.Status || after.AliceDeposit.Cmp(before.AliceDeposit) != 0 || after.BobDeposit.Cmp(before.BobDeposit) != 0 ||
		after.AliceOnChain.Cmp(before.AliceOnChain) != 0 || after.BobOnChain.Cmp(before.BobOnChain) != 0 ||
		after.AliceWithdrawn != before.AliceWithdrawn || after.BobWithdrawn != before.BobWithdrawn {
		e.notify(Note{Kind: Changed, Before: before, After: after})
	}
	return after, ch, txs, nil
}

// checkCloses runs the core's CheckClose on every channel where I signed a
// cooperative Close not closed yet: the Close the peer did not submit, or
// the unilateral fallback when it does not land.
func (e *Engine) checkCloses(now time.Time) []channel.Tx {
	states, err := e.book.List()
	if err != nil {
		return nil
	}
	var txs []channel.Tx
	for _, st := range states {
		if !st.CloseSigned() || st.Status == channel.Closed || st.ID.Domain != e.dom() {
			continue
		}
		if _, fx, err := e.book.CheckClose(st.ID, now, e.cfg.CloseTiming); err == nil {
			txs = append(txs, fx.Submit...)
		}
	}
	return txs
}

// once drops the repeats of a transaction from txs: the events of one read
// of a channel (a claim in each direction, the close) may each ask for
// the same claim, since each rule sees totals the claim has not raised
// yet; it is sent once (two identical claims: the second only spends gas).
func once(txs []channel.Tx) []channel.Tx {
	seen := make(map[string]bool, len(txs))
	out := txs[:0:0]
	for _, tx := range txs {
		k := fmt.Sprintf("%T%+v", tx, tx)
		if !seen[k] {
			seen[k] = true
			out = append(out, tx)
		}
	}
	return out
}
