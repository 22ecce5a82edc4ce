package engine

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/wire"
)

// The user's intents: each runs a rule through the Book (which persists
// first) and carries out its effects.

// Pay pays amount on channel id: the core persists the new total, then it
// is sent. An error after the save says the payment is saved and will be
// resent at the next connection (Resync).
func (e *Engine) Pay(ctx context.Context, id channel.ID, amount *big.Int) (channel.State, error) {
	st, fx, err := e.book.Pay(id, amount, time.Now())
	if err != nil {
		return st, err
	}
	if err := e.send(ctx, st.Peer().Signer, fx.Send); err != nil {
		return st, &UndeliveredError{Err: err}
	}
	return st, nil
}

// PayMany makes one payment per amount (each signed), saves once, then
// sends them all in order.
func (e *Engine) PayMany(ctx context.Context, id channel.ID, amounts []*big.Int) (channel.State, error) {
	st, fx, err := e.book.PayMany(id, amounts, time.Now())
	if err != nil {
		return st, err
	}
	if err := e.sendPipelined(ctx, st.Peer().Signer, fx.Send); err != nil {
		return st, &UndeliveredError{Err: err}
	}
	return st, nil
}

// UndeliveredError: the step was persisted but its message did not reach
// the relay; it is resent at the next connection.
type UndeliveredError struct{ Err error }

// Error says that it is saved.
func (e *UndeliveredError) Error() string {
	return "saved, not delivered yet (it is resent at the next connection): " + e.Err.Error()
}

// Unwrap returns the relay's error.
func (e *UndeliveredError) Unwrap() error { return e.Err }

// asyncRelay is a Relay that can pipeline sends (*relayclient.Client).
type asyncRelay interface {
	SendAsync(to common.Address, payload []byte) (func(context.Context) (uint64, error), error)
}

// sendPipelined writes every message (a run of payments as few "payments"
// messages: wire.EncodeAll) before waiting for any confirmation when the
// relay can, keeping the order.
func (e *Engine) sendPipelined(ctx context.Context, to common.Address, msgs []channel.Message) error {
	r, _ := e.ports()
	ar, ok := r.(asyncRelay)
	if !ok || len(msgs) <= 1 {
		return e.send(ctx, to, msgs)
	}
	bs, err := wire.EncodeAll(msgs)
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	waits := make([]func(context.Context) (uint64, error), 0, len(bs))
	var first error
	for _, b := range bs {
		w, err := ar.SendAsync(to, b)
		if err != nil {
			first = fmt.Errorf("relay: %w", err)
			break
		}
		waits = append(waits, w)
	}
	for _, w := range waits {
		if _, err := w(ctx); err != nil && first == nil {
			first = fmt.Errorf("relay: %w", err)
		}
	}
	return first
}

// ProposeClose proposes a cooperative close with the current totals: the
// signed proposal is persisted, then sent. If both signatures are already
// held, the close is submitted before it returns.
func (e *Engine) ProposeClose(ctx context.Context, id channel.ID) (channel.State, error) {
	st, fx, err := e.book.ProposeClose(id, time.Now())
	if err != nil {
		return st, err
	}
	if err := e.send(ctx, st.Peer().Signer, fx.Send); err != nil {
		return st, &UndeliveredError{Err: err}
	}
	return st, e.carry(ctx, st, channel.Effects{Submit: fx.Submit}, true)
}

// StartClose closes channel id alone: the rules claim my best received
// total, or call startClose if I hold none. It reads the channel from the
// chain first (a claim needs the totals proven on chain) and returns once
// the transaction landed.
func (e *Engine) StartClose(ctx context.Context, id channel.ID) (channel.State, error) {
	if _, _, err := e.SyncChannel(ctx, id.Channel, false); err != nil {
		return channel.State{}, err
	}
	st, fx, err := e.book.StartClose(id)
	if err != nil {
		return st, err
	}
	if err := e.carry(ctx, st, fx, true); err != nil {
		return st, err
	}
	st, _, err = e.SyncChannel(ctx, id.Channel, false)
	return st, err
}

// Withdraw withdraws my share of a closed channel and returns the amount.
func (e *Engine) Withdraw(ctx context.Context, id channel.ID) (*big.Int, error) {
	_, cl := e.ports()
	if cl == nil {
		return nil, ErrNoChain
	}
	tx := channel.WithdrawTx{ID: id}
	var p chainclient.Progress
	if e.cfg.Progress != nil {
		p = e.cfg.Progress(tx)
	}
	e.notify(Note{Kind: TxStarted, Tx: tx})
	v, rc, err := cl.Withdraw(ctx, e.cfg.Key, id.Channel, p)
	e.notify(Note{Kind: TxDone, Tx: tx, Receipt: rc, Err: err})
	if err != nil {
		return nil, err
	}
	_, _, err = e.SyncChannel(ctx, id.Channel, false)
	return v, err
}

// Join stores channel n found on chain (I must be one of its parties) and
// applies what the chain says.
func (e *Engine) Join(ctx context.Context, n uint64) (channel.State, *chainclient.Channel, error) {
	return e.SyncChannel(ctx, n, true)
}

// Resync runs after every (re)connection to the relay: it sends the peer
// a Sync for each channel that needs one (channel.NeedsSync; full after a
// restore from a backup, which reads the chain first so that a channel
// closed since is left alone), and hands every channel's best received
// payment to the watchtower.
func (e *Engine) Resync(ctx context.Context, full bool) {
	if full {
		e.Refresh(ctx)
	}
	states, err := e.book.List()
	if err != nil {
		return
	}
	var peers []common.Address
	for _, st := range states {
		if st.ID.Domain == e.dom() && st.Status != channel.Closed {
			peers = append(peers, st.Peer().Signer)
		}
	}
	e.prefetchKeys(peers...)
	for _, st := range states {
		if st.ID.Domain != e.dom() {
			continue
		}
		if channel.NeedsSync(st, full) {
			if fx, err := e.book.Sync(st.ID); err == nil {
				e.send(ctx, st.Peer().Signer, fx.Send)
			}
		}
		e.handOff(ctx, st)
	}
}

// ResyncInBackground runs Resync in the background, as the engine's own
// work: Close cancels it and waits for it (a relay client's OnState
// callback must not block).
func (e *Engine) ResyncInBackground(full bool) {
	e.spawn(func(ctx context.Context) { e.Resync(ctx, full) })
}

// SubmitClose submits the Close both parties signed for channel id now
// (the user's click; the rules submit it by themselves after a while).
func (e *Engine) SubmitClose(ctx context.Context, id channel.ID) error {
	st, err := e.book.Get(id)
	if err != nil {
		return err
	}
	tx, ok := channel.SignedClose(st)
	if !ok {
		return &channel.Error{Channel: id, Op: "submit close", Err: channel.ErrNoProposal}
	}
	_, err = e.submit(ctx, tx)
	return err
}

// HandOffAll hands every channel's best received payment to the
// watchtower (the user just turned the hand-off on).
func (e *Engine) HandOffAll(ctx context.Context) {
	states, err := e.book.List()
	if err != nil {
		return
	}
	for _, st := range states {
		e.handOff(ctx, st)
	}
}
