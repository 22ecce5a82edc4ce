package ui

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync/atomic"
	"time"

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
		if _, ack := n.Msg.(channel.Ack); ack {
			// An acknowledgement changes only what the peer has
			// confirmed (State.PeerAcked), which no screen shows: the
			// state is kept without a render of the whole wallet (one
			// per payment fewer on the payer's page).
			w.applyQuiet(func() { w.replaceState(n.After) })
			return
		}
		perfmark.Mark(perfmark.Applied)
		collectWhenIdle()
		w.applyQuiet(func() {
			perfmark.Mark(perfmark.UI)
			// The new amounts first (live.go), then the notices.
			w.replaceState(n.After)
			live := w.showLive(n.After.ID)
			if live {
				perfmark.MarkAfter(perfmark.Live, perfmark.Recv)
			}
			w.showReceived(n)
			rendered := func() { perfmark.MarkAfter(perfmark.Render, perfmark.Recv) }
			if live {
				// The amounts are on the screen: the rest (history,
				// notice, the bar's widths) may wait, so that a stream
				// of payments does not render once each.
				w.renderPayment(rendered)
				return
			}
			w.apply(func() {})
			w.afterRender(rendered)
		})
	case engine.Refused:
		if n.Msg != nil && errors.Is(n.Err, channel.ErrNotFound) {
			// Not one of my channels: nothing to show, and no render
			// (anyone can send such messages, as many as the relay allows).
			return
		}
		if n.Msg == nil {
			// Malformed: the first one's notice renders; the next ones
			// add up in it without a render each (anyone can send them).
			w.applyQuiet(func() {
				if w.noteMalformed(n.From.Hex(), w.say(n.Err)) {
					w.apply(func() {})
				}
			})
			return
		}
		w.apply(func() { w.showRefused(n) })
	case engine.Changed:
		w.apply(func() {
			w.replaceState(n.After)
			if n.After.Status == channel.Closing && n.Before.Status == channel.Open {
				w.noteChannel(n.After.ID.Channel, "warn", fmt.Sprintf("Channel %d is closing until block %d.", n.After.ID.Channel, n.After.ClosesAt))
			}
		})
	case engine.TxDone:
		w.apply(func() { w.showTxDone(n) })
	case engine.WatchReply:
		id, p, err := w.s.watchReply(n.Payload)
		if err != nil {
			w.apply(func() { w.noteAll("warn", "The watchtower's answer could not be read: "+w.say(err)) })
			return
		}
		w.applyQuiet(func() { w.showProtection(id, p) })
	}
}

// showReceived shows a message the engine applied and persisted (UI
// goroutine).
func (w *root) showReceived(n engine.Note) {
	st, before := n.After, n.Before
	w.replaceState(st)
	if before.Received != nil && st.Received.Cmp(before.Received) > 0 {
		got := new(big.Int).Sub(st.Received, before.Received)
		w.notePayment(st.ID.Channel, "Received", w.unitOf(st), got)
	}
	switch n.Msg.(type) {
	case channel.CloseProposal:
		w.noteChannel(st.ID.Channel, "info", fmt.Sprintf("Your peer proposed to close channel %d now with your balance %s: it matches your totals, so your wallet countersigned; the close is being submitted.",
			st.ID.Channel, coinsIn(w.unitOf(st), st.Balance())))
	case channel.CloseSignature:
		if st.Close.Complete() {
			w.noteChannel(st.ID.Channel, "info", fmt.Sprintf("Your peer countersigned the close of channel %d: submitting it.", st.ID.Channel))
		}
	}
}

// showRefused shows a message of mine the rules refused (UI goroutine;
// onNote leaves out malformed messages and those about channels not mine).
func (w *root) showRefused(n engine.Note) {
	ch := n.Msg.ChannelID().Channel
	if _, ok := n.Msg.(channel.CloseProposal); ok {
		w.noteChannel(ch, "warn", w.wordsOn(ch).Error(n.Err))
		return
	}
	w.noteChannel(ch, "error", fmt.Sprintf("Refused a message for channel %d. %s", ch, w.wordsOn(ch).Error(n.Err)))
}

// showTxDone reports a transaction the engine submitted (UI goroutine).
func (w *root) showTxDone(n engine.Note) {
	label := w.txLabel(n.Tx)
	ch := n.Tx.ChannelID().Channel
	if n.Err != nil {
		w.noteChannel(ch, "error", label+" failed. "+w.wordsOn(ch).Error(n.Err))
		return
	}
	switch tx := n.Tx.(type) {
	case channel.CooperativeCloseTx:
		w.noteChannel(ch, "ok", fmt.Sprintf("Channel %d closed by agreement in block %d: both balances paid in one transaction.", tx.ID.Channel, n.Receipt.BlockNumber.Uint64()))
	case channel.ClaimTx:
		w.noteChannel(ch, "ok", fmt.Sprintf("Claimed %s on channel %d: your best received total is proven on chain.", coinsIn(w.unitByID(tx.ID), tx.Paid), tx.ID.Channel))
	case channel.WithdrawTx:
		// Withdrawn: what was said about the channel is over.
		w.forgetChannelNotices(ch)
		w.noteChannel(ch, "ok", fmt.Sprintf("Withdrew from channel %d", tx.ID.Channel))
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
			w.apply(func() { w.noteAll("warn", archivedNotice(archived)) })
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
