package main

import (
	"context"
	"flag"
	"fmt"
	"slices"

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
	var tokens []channel.Asset
	for _, n := range ids {
		st, ch, err := a.syncChannel(ctx, n, true)
		if err != nil {
			a.printf("channel %d: %v\n", n, err)
			continue
		}
		a.printState(st, ch)
		if st.Asset.IsToken() && !slices.ContainsFunc(tokens, func(t channel.Asset) bool { return t.Token == st.Asset.Token }) {
			tokens = append(tokens, st.Asset)
		}
	}
	for _, t := range tokens {
		bal, err := a.chain.TokenBalance(ctx, t.Token, a.me())
		if err != nil {
			return err
		}
		a.printf("account %s  on-chain balance %s (token %s)\n", a.me().Hex(), t.Unit(a.native()).Format(bal), t.Token.Hex())
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
	if st.Asset.IsToken() {
		a.printf("  in %s", st.Asset)
	}
	if ch != nil {
		a.printf("  (block %d)", ch.Block)
	}
	a.printf("\n  my deposit %s  peer deposit %s\n  balance %s  sent %s  received %s\n",
		a.in(st, st.Deposit(st.Role)), a.in(st, st.Deposit(st.Role.Peer())), a.in(st, st.Balance()), a.in(st, st.Sent), a.in(st, st.Received))
	if st.Status == channel.Closed {
		mine, done := st.MyPayout()
		if done {
			a.printf("  withdrawn\n")
		} else {
			a.printf("  withdrawable %s\n", a.in(st, mine))
		}
	}
}
