package main

import (
	"context"
	"flag"
	"fmt"

	"paychan/app/chainclient"
	"paychan/app/channel"
)

func (a *app) cmdStatus(ctx context.Context, args []string) error {
	pos, err := a.parse("status", args, func(*flag.FlagSet) {})
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("status: at most one channel ID")
	}
	if err := a.ready(ctx); err != nil {
		return err
	}
	var ids []uint64
	if len(pos) == 1 {
		n, err := parseID(pos[0])
		if err != nil {
			return err
		}
		if _, err := a.known(n); err != nil {
			return err
		}
		ids = []uint64{n}
	} else {
		opened, err := a.chain.MyChannels(ctx, a.me())
		if err != nil {
			return err
		}
		for _, o := range opened {
			ids = append(ids, o.ID)
		}
	}
	bal, err := a.chain.Balance(ctx, a.me())
	if err != nil {
		return err
	}
	a.printf("account %s  on-chain balance %s\n", a.me().Hex(), a.coins(bal))
	if len(ids) == 0 {
		a.printf("no channels\n")
	}
	for _, n := range ids {
		st, ch, err := a.syncChannel(ctx, n, true)
		if err != nil {
			a.printf("channel %d: %v\n", n, err)
			continue
		}
		a.printState(st, ch)
	}
	return nil
}

// printState prints one channel.
func (a *app) printState(st channel.State, ch *chainclient.Channel) {
	status := st.Status.String()
	if st.Status == channel.Closing {
		status = fmt.Sprintf("closing until block %d", st.ClosesAt)
	}
	a.printf("channel %d  I am %s  peer %s  %s", st.ID.Channel, st.Role, st.Peer().Signer.Hex(), status)
	if ch != nil {
		a.printf("  (block %d)", ch.Block)
	}
	a.printf("\n  my deposit %s  peer deposit %s\n  balance %s  sent %s  received %s\n",
		a.coins(st.Deposit(st.Role)), a.coins(st.Deposit(st.Role.Peer())), a.coins(st.Balance()), a.coins(st.Sent), a.coins(st.Received))
	if st.Status == channel.Closed {
		mine, done := st.MyPayout()
		if done {
			a.printf("  withdrawn\n")
		} else {
			a.printf("  withdrawable %s\n", a.coins(mine))
		}
	}
}
