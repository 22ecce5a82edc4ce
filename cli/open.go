package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/big"

	"paychan/app/channel"
	"paychan/app/wallet"
)

func (a *app) cmdOpen(ctx context.Context, args []string) error {
	var peerSigner, deposit string
	var blocks uint64
	pos, err := a.parse("open", args, func(fs *flag.FlagSet) {
		fs.StringVar(&peerSigner, "peer-signer", "", "the peer's signer (ecrecover) address, when PEER is a Qtum address")
		fs.StringVar(&deposit, "deposit", "0", "initial deposit in coins")
		fs.Uint64Var(&blocks, "blocks", 0, "finalization period in blocks (default 100, or the chain's minimum if higher)")
	})
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("open: want one PEER address")
	}
	if err := a.ready(ctx); err != nil {
		return err
	}
	kind, err := wallet.ParseChainKind(a.cfg.ChainKind)
	if err != nil {
		return fmt.Errorf("host %s: %w", a.hostURL(), err)
	}
	// The one rule shared with the browser's Create form: never record an
	// account that no key can send from (a Qtum hash160 on an EVM chain).
	bob, bobSigner, err := wallet.Counterparty(kind, pos[0], peerSigner)
	if err != nil {
		if errors.Is(err, wallet.ErrNoAccount) && kind == wallet.EVMChain {
			return fmt.Errorf("%w (pass the peer's 0x address, or --peer-signer 0x…)", err)
		}
		return err
	}
	minBlocks := a.eng.Book().MinFinalization(a.cfg.ChainID)
	if blocks == 0 {
		blocks = channel.OpenFinalizationBlocks(minBlocks)
	}
	if err := channel.CheckFinalization(blocks, minBlocks); err != nil {
		return fmt.Errorf("--blocks: %w", err)
	}
	if bob == a.me() || bobSigner == a.me() {
		return errors.New("you cannot open a channel with yourself")
	}
	value := new(big.Int)
	if deposit != "0" {
		if value, err = a.parseAmount(deposit); err != nil {
			return fmt.Errorf("--deposit: %w", err)
		}
	}
	n, _, err := a.chain.Open(ctx, a.key.PrivateKey(), bob, bobSigner, a.me(), blocks, value, a.progress("open"))
	if err != nil {
		return fmt.Errorf("open a channel: %w", err)
	}
	st, _, err := a.syncChannel(ctx, n, true)
	if err != nil {
		return err
	}
	a.printf("opened channel %d with %s, deposit %s, finalization %d blocks\n", n, bob.Hex(), a.coins(st.AliceDeposit), blocks)
	return nil
}

// idAmount parses a command whose arguments are a channel id and an
// amount: it connects (the amount's decimals come from the host), then
// returns the channel, which must be stored.
func (a *app) idAmount(ctx context.Context, name string, args []string, connect func(context.Context) error) (uint64, *big.Int, channel.State, error) {
	pos, err := a.parse(name, args, func(*flag.FlagSet) {})
	if err != nil {
		return 0, nil, channel.State{}, err
	}
	if len(pos) != 2 {
		return 0, nil, channel.State{}, usagef("%s: want ID AMOUNT", name)
	}
	n, err := parseID(pos[0])
	if err != nil {
		return 0, nil, channel.State{}, err
	}
	if err := connect(ctx); err != nil {
		return 0, nil, channel.State{}, err
	}
	v, err := a.parseAmount(pos[1])
	if err != nil {
		return 0, nil, channel.State{}, err
	}
	st, err := a.known(n)
	if err != nil {
		return 0, nil, channel.State{}, err
	}
	return n, v, st, nil
}

// oneID parses a command whose only argument is a channel id.
func (a *app) oneID(name string, args []string, extra func(*flag.FlagSet)) (uint64, error) {
	if extra == nil {
		extra = func(*flag.FlagSet) {}
	}
	pos, err := a.parse(name, args, extra)
	if err != nil {
		return 0, err
	}
	if len(pos) != 1 {
		return 0, usagef("%s: want a channel ID", name)
	}
	return parseID(pos[0])
}

func (a *app) cmdJoin(ctx context.Context, args []string) error {
	n, err := a.oneID("join", args, nil)
	if err != nil {
		return err
	}
	if err := a.ready(ctx); err != nil {
		return err
	}
	st, ch, err := a.syncChannel(ctx, n, true)
	if err != nil {
		return err
	}
	a.printf("joined channel %d as %s\n", n, st.Role)
	a.printState(st, ch)
	return nil
}

func (a *app) cmdDeposit(ctx context.Context, args []string) error {
	n, v, _, err := a.idAmount(ctx, "deposit", args, a.ready)
	if err != nil {
		return err
	}
	if _, err := a.chain.Deposit(ctx, a.key.PrivateKey(), n, v, a.progress("deposit")); err != nil {
		return fmt.Errorf("deposit into channel %d: %w", n, err)
	}
	st, _, err := a.syncChannel(ctx, n, false)
	if err != nil {
		return err
	}
	a.printf("deposited %s into channel %d; my deposit is %s, my balance %s\n", a.coins(v), n, a.coins(st.Deposit(st.Role)), a.coins(st.Balance()))
	return nil
}
