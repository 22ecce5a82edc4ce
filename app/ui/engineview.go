package ui

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync/atomic"
	"time"

	"paychan/app/browserstore"
	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/engine"
	"paychan/app/perfmark"
	"paychan/app/relayclient"
)

// The wallet engine (app/engine) decides and does everything: it applies
// relay messages and chain events, persists, sends, and submits the
// transactions the rules ask for. This file turns its notifications into
// the view's state; nothing here decides protocol.

// onNote shows one engine notification. It may be called from any
// goroutine: the view changes inside apply (go-app's Dispatch).
func (w *root) onNote(n engine.Note) {
	switch n.Kind {
	case engine.Received:
		perfmark.Mark(perfmark.Applied)
		w.apply(func() {
			perfmark.Mark(perfmark.UI)
			w.showReceived(n)
		})
	case engine.Refused:
		w.apply(func() { w.showRefused(n) })
	case engine.Changed:
		w.apply(func() {
			w.replaceState(n.After)
			if n.After.Status == channel.Closing && n.Before.Status == channel.Open {
				w.note("warn", fmt.Sprintf("Channel %d is closing until block %d.", n.After.ID.Channel, n.After.ClosesAt))
			}
		})
	case engine.TxDone:
		w.apply(func() { w.showTxDone(n) })
	case engine.WatchReply:
		id, p, err := w.s.watchReply(n.Payload)
		w.apply(func() {
			if err != nil {
				w.note("warn", err.Error())
				return
			}
			if w.protect == nil {
				w.protect = map[channel.ID]browserstore.Protection{}
			}
			w.protect[id] = p
		})
	}
}

// showReceived shows a message the engine applied and persisted (UI
// goroutine).
func (w *root) showReceived(n engine.Note) {
	st, before := n.After, n.Before
	w.replaceState(st)
	if before.Received != nil && st.Received.Cmp(before.Received) > 0 {
		got := new(big.Int).Sub(st.Received, before.Received)
		w.note("ok", fmt.Sprintf("Received %s on channel %d", coinsIn(w.unitOf(st), got), st.ID.Channel))
	}
	switch n.Msg.(type) {
	case channel.CloseProposal:
		w.note("info", fmt.Sprintf("Your peer proposed to close channel %d now with your balance %s: it matches your totals, so your wallet countersigned; the close is being submitted.",
			st.ID.Channel, coinsIn(w.unitOf(st), st.Balance())))
	case channel.CloseSignature:
		if st.Close.Complete() {
			w.note("info", fmt.Sprintf("Your peer countersigned the close of channel %d: submitting it.", st.ID.Channel))
		}
	}
}

// showRefused shows a message the rules refused (UI goroutine).
func (w *root) showRefused(n engine.Note) {
	if n.Msg == nil {
		w.note("error", "Ignored a malformed message from "+n.From.Hex()+": "+n.Err.Error())
		return
	}
	if errors.Is(n.Err, channel.ErrNotFound) {
		return // not one of my channels
	}
	ch := n.Msg.ChannelID().Channel
	if _, ok := n.Msg.(channel.CloseProposal); ok {
		w.note("warn", fmt.Sprintf("Your peer proposed to close channel %d with totals that do not match yours: not signed (%v). The channel stays open.", ch, n.Err))
		return
	}
	w.note("error", fmt.Sprintf("Refused a message for channel %d: %v", ch, n.Err))
}

// showTxDone reports a transaction the engine submitted (UI goroutine).
func (w *root) showTxDone(n engine.Note) {
	label := w.txLabel(n.Tx)
	if n.Err != nil {
		w.note("error", label+" failed: "+n.Err.Error())
		return
	}
	switch tx := n.Tx.(type) {
	case channel.CooperativeCloseTx:
		w.note("ok", fmt.Sprintf("Channel %d closed by agreement in block %d: both balances paid in one transaction.", tx.ID.Channel, n.Receipt.BlockNumber.Uint64()))
	case channel.ClaimTx:
		w.note("ok", fmt.Sprintf("Claimed %s on channel %d: your best received total is proven on chain.", coinsIn(w.unitByID(tx.ID), tx.Paid), tx.ID.Channel))
	case channel.WithdrawTx:
		w.note("ok", fmt.Sprintf("Withdrew from channel %d", tx.ID.Channel))
	}
}

// txLabel names a transaction for the activity list.
func (w *root) txLabel(tx channel.Tx) string {
	switch tx := tx.(type) {
	case channel.ClaimTx:
		return fmt.Sprintf("Claim %s on channel %d", coinsIn(w.unitByID(tx.ID), tx.Paid), tx.ID.Channel)
	case channel.StartCloseTx:
		return fmt.Sprintf("Start closing channel %d", tx.ID.Channel)
	case channel.CooperativeCloseTx:
		return fmt.Sprintf("Close channel %d by agreement", tx.ID.Channel)
	case channel.WithdrawTx:
		return fmt.Sprintf("Withdraw from channel %d", tx.ID.Channel)
	}
	return engine.Describe(tx)
}

// txSeq numbers the transactions the engine submits (from any goroutine).
var txSeq atomic.Int64

// txProgress adds a transaction the engine submits to the activity list
// and returns its progress callback.
func (w *root) txProgress(tx channel.Tx) chainclient.Progress {
	n := -int(txSeq.Add(1)) // negative: apart from the user's runTx numbers
	label := w.txLabel(tx)
	w.apply(func() { w.addTx(n, label) })
	return w.txUpdater(n)
}

// onRelayState shows the relay connection and, once connected, lets the
// engine resync (a payment saved while the relay was unreachable; every
// channel after a restore) and hand payments to the watchtower.
func (w *root) onRelayState(st relayclient.State, err error) {
	w.apply(func() { w.relay = st.String() })
	if st != relayclient.Connected || w.disp == nil {
		return
	}
	w.disp.Async(func() {
		ctx, cancel := context.WithTimeout(w.bg, 30*time.Second)
		defer cancel()
		// A new connection may be to a host restarted on a new chain:
		// set the old chain's channels aside before syncing them.
		if archived, err := w.s.recheckChain(ctx); err == nil && len(archived) > 0 {
			w.apply(func() { w.note("warn", archivedNotice(archived)) })
			w.tick(ctx)
		}
		_, _, _, eng, _ := w.s.snapshot()
		if eng == nil {
			return
		}
		w.s.mu.Lock()
		full := w.s.fullSync
		w.s.fullSync = false
		w.s.mu.Unlock()
		eng.Resync(ctx, full)
		w.apply(w.loadProtection)
	})
}
