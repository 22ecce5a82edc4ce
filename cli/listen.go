package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"time"

	"paychan/app/channel"
	"paychan/app/engine"
	"paychan/app/watchtower"
)

// refreshEvery is how often listen reads the chain (a peer that starts
// closing is answered within it).
const refreshEvery = time.Second

// cmdListen receives payments and keeps the wallet safe while it runs:
// every second it reads the chain through the engine, which claims my best
// received total when the peer starts closing with a lower one, submits a
// cooperative close I signed, and falls back to closing alone when it
// does not land.
func (a *app) cmdListen(ctx context.Context, args []string) error {
	count := 0
	var dur time.Duration
	pos, err := a.parse("listen", args, func(fs *flag.FlagSet) {
		fs.IntVar(&count, "count", 0, "exit after this many payments (0: run until interrupted)")
		fs.DurationVar(&dur, "for", 0, "exit after this long (0: run until interrupted)")
		fs.DurationVar(&a.closeTiming.SubmitAfter, "close-after", a.closeTiming.SubmitAfter, "submit a close I countersigned if the proposer has not after this long")
	})
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("listen: no arguments")
	}
	if dur > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, dur)
		defer cancel()
	}
	done := make(chan struct{})
	got := 0
	lines := make(chan string, 1024)
	a.onNote = func(n engine.Note) {
		if l, paid := a.noteLine(n); l != "" {
			lines <- l
			if paid {
				got++
				if count > 0 && got == count {
					close(done)
				}
			}
		}
	}
	if err := a.connectRelay(ctx); err != nil {
		return err
	}
	a.printf("listening as %s on %s (Ctrl-C stops)\n", a.me().Hex(), a.hostURL())
	refresh := func() {
		rctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		if _, err := a.eng.Refresh(rctx); err != nil && ctx.Err() == nil {
			lines <- fmt.Sprintf("reading the chain: %v", err)
		}
	}
	refresh()
	tick := time.NewTicker(refreshEvery)
	defer tick.Stop()
	flush := func() {
		for len(lines) > 0 {
			a.printf("%s\n", <-lines)
		}
	}
	for {
		select {
		case l := <-lines:
			a.printf("%s\n", l)
		case <-tick.C:
			refresh()
		case <-done:
			flush()
			return nil
		case <-ctx.Done():
			flush()
			if dur > 0 && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil
			}
			return nil
		}
	}
}

// noteLine words an engine notification for listen; paid reports a
// payment received.
func (a *app) noteLine(n engine.Note) (line string, paid bool) {
	switch n.Kind {
	case engine.Refused:
		return fmt.Sprintf("refused a message from %s: %v", n.From.Hex(), n.Err), false
	case engine.Received:
		switch m := n.Msg.(type) {
		case channel.Payment, channel.Sync:
			if n.Before.Received != nil && n.After.Received.Cmp(n.Before.Received) > 0 {
				amt := new(big.Int).Sub(n.After.Received, n.Before.Received)
				return fmt.Sprintf("received %s on channel %d from %s: total received %s, balance %s",
					a.in(n.After, amt), m.ChannelID().Channel, n.From.Hex(), a.in(n.After, n.After.Received), a.in(n.After, n.After.Balance())), true
			}
		case channel.CloseProposal:
			return fmt.Sprintf("countersigned the cooperative close of channel %d proposed by %s", m.ID.Channel, n.From.Hex()), false
		}
	case engine.Changed:
		if n.After.Status != n.Before.Status {
			if n.After.Status == channel.Closing {
				return fmt.Sprintf("channel %d is closing until block %d", n.After.ID.Channel, n.After.ClosesAt), false
			}
			return fmt.Sprintf("channel %d is %s", n.After.ID.Channel, n.After.Status), false
		}
	case engine.TxStarted:
		if c, ok := n.Tx.(channel.ClaimTx); ok {
			return fmt.Sprintf("claiming %s on channel %d (my best received total)", a.in(a.stateOf(c.ID), c.Paid), c.ID.Channel), false
		}
		return fmt.Sprintf("submitting %s", engine.Describe(n.Tx)), false
	case engine.TxDone:
		if n.Err != nil {
			return fmt.Sprintf("%v", n.Err), false
		}
		if c, ok := n.Tx.(channel.ClaimTx); ok {
			return fmt.Sprintf("claimed %s on channel %d in block %d", a.in(a.stateOf(c.ID), c.Paid), c.ID.Channel, n.Receipt.BlockNumber), false
		}
		return fmt.Sprintf("%s: done", engine.Describe(n.Tx)), false
	case engine.WatchReply:
		r, err := watchtower.DecodeReply(n.Payload)
		if err != nil {
			return fmt.Sprintf("unreadable reply from the watchtower: %v", err), false
		}
		switch r := r.(type) {
		case *watchtower.Accepted:
			return fmt.Sprintf("the watchtower holds %s on channel %d", a.in(a.stateOf(r.ID), r.Paid), r.ID.Channel), false
		case *watchtower.Refused:
			return fmt.Sprintf("the watchtower refused a hand-off: %s", r.Message), false
		}
	}
	return "", false
}
