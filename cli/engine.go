package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/engine"
	"paychan/cli/node"
)

// ready opens the store, the host and the key, and starts the wallet
// engine (without the relay): every command runs through it.
func (a *app) ready(ctx context.Context) error {
	if err := a.connectHost(ctx); err != nil {
		return err
	}
	if err := a.unlock(); err != nil {
		return err
	}
	if a.eng != nil {
		return nil
	}
	cfg := engine.Config{
		Store:               a.store,
		Key:                 a.key.PrivateKey(),
		Domain:              channel.Domain{ChainID: a.cfg.ChainID, Contract: common.HexToAddress(a.cfg.Contract)},
		HostMinFinalization: a.cfg.MinFinalizationBlocks,
		CloseTiming:         a.closeTiming,
		HandOff:             a.handOff,
		Notify: func(n engine.Note) {
			if a.onNote != nil {
				a.onNote(n)
			}
		},
		Progress: func(tx channel.Tx) chainclient.Progress { return a.progress(txName(tx)) },
	}
	if common.IsHexAddress(a.cfg.Watchtower) {
		cfg.WatchtowerAddr = common.HexToAddress(a.cfg.Watchtower)
	}
	a.eng = engine.New(cfg)
	a.eng.SetChain(a.chain)
	return nil
}

// connectRelay logs in to the relay: messages go to the engine, which
// resyncs after every (re)connection.
func (a *app) connectRelay(ctx context.Context) error {
	if err := a.ready(ctx); err != nil {
		return err
	}
	if a.relay != nil {
		return nil
	}
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	c, err := node.Dial(cctx, a.eng, node.URL(a.hostURL(), a.cfg.Relay, "ws"), a.key.PrivateKey(), nil)
	if err != nil {
		return err
	}
	a.relay = c
	return nil
}

// txName names a transaction in the progress lines.
func txName(tx channel.Tx) string {
	switch tx.(type) {
	case channel.ClaimTx:
		return "claim"
	case channel.StartCloseTx:
		return "startClose"
	case channel.CooperativeCloseTx:
		return "cooperativeClose"
	case channel.WithdrawTx:
		return "withdraw"
	}
	return fmt.Sprintf("%T", tx)
}

// syncChannel reads channel n from the chain through the engine (which
// carries out what the rules ask for), joining it if add is set, and words
// the refusals for the command line.
func (a *app) syncChannel(ctx context.Context, n uint64, add bool) (channel.State, *chainclient.Channel, error) {
	st, ch, err := a.eng.SyncChannel(ctx, n, add)
	var none *engine.NoChannelError
	var short *channel.FinalizationError
	switch {
	case errors.As(err, &none):
		return st, ch, fmt.Errorf("channel %d does not exist on contract %s", n, a.cfg.Contract)
	case errors.As(err, &short):
		return st, ch, fmt.Errorf("refusing channel %d: %w", n, short)
	}
	return st, ch, err
}
