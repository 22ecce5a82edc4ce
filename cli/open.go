package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/wallet"
)

func (a *app) cmdOpen(ctx context.Context, args []string) error {
	var peerSigner, deposit, token string
	var blocks uint64
	pos, err := a.parse("open", args, func(fs *flag.FlagSet) {
		fs.StringVar(&peerSigner, "peer-signer", "", "the peer's signer (ecrecover) address, when PEER is a Qtum address")
		fs.StringVar(&deposit, "deposit", "0", "initial deposit (in the token with --token)")
		fs.StringVar(&token, "token", "", "open a channel in this ERC-20 token (its 0x address) instead of the chain's coin")
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
	unit, asset := a.native(), channel.Asset{}
	if token != "" {
		if !common.IsHexAddress(token) {
			return fmt.Errorf("--token %q: want the token's 0x address", token)
		}
		if asset, err = a.chain.TokenInfo(ctx, common.HexToAddress(token)); err != nil {
			return fmt.Errorf("--token: %w", err)
		}
		unit = asset.Unit(unit)
	}
	value := new(big.Int)
	if deposit != "0" {
		if value, err = parseIn(unit, deposit); err != nil {
			return fmt.Errorf("--deposit: %w", err)
		}
	}
	var n uint64
	if asset.IsToken() {
		if value.Sign() > 0 {
			if err := a.approve(ctx, asset, value); err != nil {
				return err
			}
		}
		n, _, err = a.chain.OpenToken(ctx, a.key.PrivateKey(), asset.Token, bob, bobSigner, a.me(), blocks, value, a.progress("openToken"))
	} else {
		n, _, err = a.chain.Open(ctx, a.key.PrivateKey(), bob, bobSigner, a.me(), blocks, value, a.progress("open"))
	}
	if err != nil {
		return fmt.Errorf("open a channel: %w", a.tokenWords(asset, err))
	}
	st, _, err := a.syncChannel(ctx, n, true)
	if err != nil {
		return err
	}
	a.printf("opened channel %d with %s in %s, deposit %s, finalization %d blocks\n", n, bob.Hex(), a.assetName(st.Asset), a.in(st, st.AliceDeposit), blocks)
	return nil
}

// idAmount parses a command whose arguments are a channel id and an
// amount: it connects, then returns the channel, which must be stored,
// and the amount parsed in the channel's unit (its token's decimals).
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
	st, err := a.known(n)
	if err != nil {
		return 0, nil, channel.State{}, err
	}
	v, err := parseIn(a.unit(st), pos[1])
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
	n, v, known, err := a.idAmount(ctx, "deposit", args, a.ready)
	if err != nil {
		return err
	}
	var dep error
	if known.Asset.IsToken() {
		if dep = a.approve(ctx, known.Asset, v); dep == nil {
			_, dep = a.chain.DepositToken(ctx, a.key.PrivateKey(), n, v, a.progress("depositToken"))
		}
	} else {
		_, dep = a.chain.Deposit(ctx, a.key.PrivateKey(), n, v, a.progress("deposit"))
	}
	if dep != nil {
		return fmt.Errorf("deposit into channel %d: %w", n, a.tokenWords(known.Asset, dep))
	}
	st, _, err := a.syncChannel(ctx, n, false)
	if err != nil {
		return err
	}
	a.printf("deposited %s into channel %d; my deposit is %s, my balance %s\n", a.in(st, v), n, a.in(st, st.Deposit(st.Role)), a.in(st, st.Balance()))
	return nil
}

// approve lets the channel contract take v of a token from my account,
// sending approve only when the allowance does not cover it yet (and
// never when the account holds less than v).
func (a *app) approve(ctx context.Context, asset channel.Asset, v *big.Int) error {
	// Nothing is approved for a deposit that cannot be made.
	bal, err := a.chain.TokenBalance(ctx, asset.Token, a.me())
	if err != nil {
		return err
	}
	if bal.Cmp(v) < 0 {
		u := asset.Unit(a.native())
		return fmt.Errorf("your account holds %s, less than %s", u.Format(bal), u.Format(v))
	}
	sent, _, err := a.chain.EnsureAllowance(ctx, a.key.PrivateKey(), asset.Token, v, a.progress("approve"))
	if err != nil {
		return fmt.Errorf("approve %s for the channel contract: %w", asset.Unit(a.native()).Format(v), a.tokenWords(asset, err))
	}
	if sent {
		a.printf("approved the channel contract to take %s\n", asset.Unit(a.native()).Format(v))
	}
	return nil
}

// tokenWords rewords the chain client's refusals of a token transfer.
func (a *app) tokenWords(asset channel.Asset, err error) error {
	if errors.Is(err, chainclient.ErrTokenBalance) {
		return fmt.Errorf("your account holds less %s than that (`status` shows it)", asset.Symbol)
	}
	return err
}

// assetName names what a channel holds: "ETH" or "tUSD (0x…)".
func (a *app) assetName(asset channel.Asset) string {
	if !asset.IsToken() {
		return a.cfg.Symbol
	}
	return asset.String()
}
