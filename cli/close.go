package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"paychan/app/channel"
	"paychan/app/engine"
)

func (a *app) cmdClaim(ctx context.Context, args []string) error {
	n, err := a.oneID("claim", args, nil)
	if err != nil {
		return err
	}
	if err := a.ready(ctx); err != nil {
		return err
	}
	st, _, err := a.syncChannel(ctx, n, false)
	if err != nil {
		return err
	}
	if st.Status == channel.Closed {
		return fmt.Errorf("channel %d is closed: nothing can be claimed any more (withdraw instead)", n)
	}
	tx, ok := channel.ClaimNeeded(st)
	if !ok || st.Status != channel.Open {
		// Closing: the engine already claimed what I hold (syncChannel).
		return fmt.Errorf("nothing to claim on channel %d: you hold no payment above what is proven on chain (use `close %d` to start closing anyway)", n, n)
	}
	if _, err := a.eng.StartClose(ctx, a.id(n)); err != nil {
		return fmt.Errorf("claim on channel %d: %w", n, err)
	}
	st, ch, err := a.syncChannel(ctx, n, false)
	if err != nil {
		return err
	}
	a.printf("claimed %s paid by %s on channel %d; it closes at block %d\n", a.in(st, tx.Paid), st.Peer().Signer.Hex(), n, st.ClosesAt)
	a.printState(st, ch)
	return nil
}

func (a *app) cmdClose(ctx context.Context, args []string) error {
	wait := 30 * time.Second
	n, err := a.oneID("close", args, func(fs *flag.FlagSet) {
		fs.DurationVar(&wait, "wait", wait, "how long to wait for the peer's countersignature (0: propose and return; `listen` completes the close)")
	})
	if err != nil {
		return err
	}
	// The engine submits the close as soon as the peer countersigns; this
	// command waits for that transaction.
	done := make(chan error, 4)
	a.onNote = func(note engine.Note) {
		if cc, ok := note.Tx.(channel.CooperativeCloseTx); ok && note.Kind == engine.TxDone && cc.ID.Channel == n {
			select {
			case done <- note.Err:
			default:
			}
		}
	}
	if err := a.connectRelay(ctx); err != nil {
		return err
	}
	st, _, err := a.syncChannel(ctx, n, false)
	if err != nil {
		return err
	}
	if st.Status == channel.Closed {
		return fmt.Errorf("channel %d is already closed", n)
	}
	st, err = a.eng.ProposeClose(ctx, a.id(n))
	if err != nil {
		return fmt.Errorf("propose a cooperative close: %w", err)
	}
	if st.Status == channel.Closed || st.Close.Complete() && !st.Close.SubmittedAt.IsZero() {
		return a.closedCooperatively(ctx, n)
	}
	if wait <= 0 {
		a.printf("proposed a cooperative close of channel %d (Alice paid %s, Bob paid %s); no more payments in it. `listen` submits the close once the peer countersigns (or closes alone if it never does)\n",
			n, a.in(st, st.Close.AlicePaid), a.in(st, st.Close.BobPaid))
		return nil
	}
	a.printf("proposed a cooperative close of channel %d (Alice paid %s, Bob paid %s); waiting up to %s for the peer\n",
		n, a.in(st, st.Close.AlicePaid), a.in(st, st.Close.BobPaid), wait)
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("cooperative close of channel %d: %w", n, err)
		}
		return a.closedCooperatively(ctx, n)
	case <-t.C:
		a.printf("the peer did not countersign within %s: closing unilaterally\n", wait)
		return a.unilateral(ctx, n)
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a *app) closedCooperatively(ctx context.Context, n uint64) error {
	st, ch, err := a.syncChannel(ctx, n, false)
	if err != nil {
		return err
	}
	a.printf("channel %d closed cooperatively; both parties were paid\n", n)
	a.printState(st, ch)
	return nil
}

// unilateral claims my best payment or calls startClose (the core decides).
func (a *app) unilateral(ctx context.Context, n uint64) error {
	if _, err := a.eng.StartClose(ctx, a.id(n)); err != nil {
		return fmt.Errorf("close channel %d: %w", n, err)
	}
	st, ch, err := a.syncChannel(ctx, n, false)
	if err != nil {
		return err
	}
	a.printf("channel %d is closing until block %d\n", n, st.ClosesAt)
	a.printState(st, ch)
	return nil
}

func (a *app) cmdWithdraw(ctx context.Context, args []string) error {
	n, err := a.oneID("withdraw", args, nil)
	if err != nil {
		return err
	}
	if err := a.ready(ctx); err != nil {
		return err
	}
	st, ch, err := a.syncChannel(ctx, n, false)
	if err != nil {
		return err
	}
	_, withdrawn := st.MyPayout()
	switch {
	case st.Status == channel.Open:
		return fmt.Errorf("channel %d is open: claim or close it first", n)
	case st.Status == channel.Closing:
		return fmt.Errorf("channel %d is closing until block %d (now %d): withdraw after that", n, st.ClosesAt, ch.Block)
	case withdrawn:
		return fmt.Errorf("you already withdrew from channel %d", n)
	}
	v, err := a.eng.Withdraw(ctx, a.id(n))
	if err != nil {
		return fmt.Errorf("withdraw from channel %d: %w", n, err)
	}
	a.printf("withdrew %s from channel %d\n", a.in(st, v), n)
	return nil
}
