package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/amount"
	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/engine"
	"paychan/app/hostapi"
	"paychan/app/relayclient"
	"paychan/app/wallet"
	"paychan/cli/filestore"
	"paychan/cli/node"
)

// DefaultHost is the host used when neither --host, $PAYCHAN_HOST nor the
// state file names one.
const DefaultHost = "http://127.0.0.1:8080"

// app is one invocation: global settings and what was opened so far.
type app struct {
	out     io.Writer
	getenv  func(string) string
	host    string
	state   string
	passEnv string

	store *filestore.Store
	cfg   hostapi.Config
	chain *chainclient.Client
	key   *wallet.Key
	eng   *engine.Engine
	relay *relayclient.Client
	// closeTiming drives the core's CheckClose (listen's --close-after).
	closeTiming channel.CloseTiming
	// handOff hands received payments to the host's watchtower (--watchtower).
	handOff bool
	// onNote receives the engine's notifications (listen, close).
	onNote func(engine.Note)
}

// run executes one command line; main only handles signals and exit codes.
func run(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	a := &app{out: out, getenv: getenv, closeTiming: channel.DefaultCloseTiming, handOff: true}
	defer a.close()
	rest, err := a.parse("paychan-cli", args, nil)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usagef("no command")
	}
	cmd, rest := rest[0], rest[1:]
	switch cmd {
	case "key":
		return a.cmdKey(ctx, rest)
	case "open":
		return a.cmdOpen(ctx, rest)
	case "join":
		return a.cmdJoin(ctx, rest)
	case "deposit":
		return a.cmdDeposit(ctx, rest)
	case "pay":
		return a.cmdPay(ctx, rest)
	case "claim":
		return a.cmdClaim(ctx, rest)
	case "close":
		return a.cmdClose(ctx, rest)
	case "withdraw":
		return a.cmdWithdraw(ctx, rest)
	case "status":
		return a.cmdStatus(ctx, rest)
	case "listen":
		return a.cmdListen(ctx, rest)
	case "mine":
		return a.cmdMine(ctx, rest)
	case "help", "-h", "--help":
		fmt.Fprint(out, usage)
		return nil
	}
	return usagef("unknown command %q", cmd)
}

// parse parses flags anywhere among the arguments: the global flags plus
// those that extra registers, and returns the positional arguments.
func (a *app) parse(name string, args []string, extra func(*flag.FlagSet)) ([]string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.host, "host", a.host, "host base URL")
	fs.StringVar(&a.state, "state", a.state, "state file")
	fs.StringVar(&a.passEnv, "passphrase-env", a.passEnv, "environment variable holding the passphrase")
	fs.BoolVar(&a.handOff, "watchtower", a.handOff, "hand received payments to the host's watchtower")
	if extra != nil {
		extra(fs)
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s: %v", name, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if extra == nil { // global parse: stop at the command
			return args, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func (a *app) close() {
	if a.relay != nil {
		a.relay.Close()
	}
	if a.eng != nil {
		a.eng.Close()
	}
	if a.store != nil {
		a.store.Close()
	}
}

func (a *app) printf(format string, v ...any) { fmt.Fprintf(a.out, format, v...) }

// statePath resolves --state.
func (a *app) statePath() string {
	if a.state != "" {
		return a.state
	}
	if _, err := os.Stat("paychan-state.json"); err == nil {
		return "paychan-state.json"
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".paychan", "state.json")
	}
	return "paychan-state.json"
}

// openStore opens the state file.
func (a *app) openStore() (*filestore.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	s, err := filestore.Open(a.statePath(), filestore.Options{})
	if err != nil {
		return nil, err
	}
	a.store = s
	return s, nil
}

// hostURL resolves --host.
func (a *app) hostURL() string {
	switch {
	case a.host != "":
		return strings.TrimRight(a.host, "/")
	case a.getenv("PAYCHAN_HOST") != "":
		return strings.TrimRight(a.getenv("PAYCHAN_HOST"), "/")
	case a.store != nil && a.store.Host() != "":
		return a.store.Host()
	}
	return DefaultHost
}

// connectHost reads /config.json and dials the chain.
func (a *app) connectHost(ctx context.Context) error {
	if a.chain != nil {
		return nil
	}
	if _, err := a.openStore(); err != nil {
		return err
	}
	host := a.hostURL()
	cfg, err := node.FetchConfig(ctx, host)
	if err != nil {
		return err
	}
	cl, err := chainclient.Dial(ctx, node.URL(host, cfg.RPC, "http"), common.HexToAddress(cfg.Contract), cfg.ChainID)
	if err != nil {
		return err
	}
	cl.PollInterval = 20 * time.Millisecond
	a.cfg, a.chain = cfg, cl
	if a.store.Host() != host && a.store.Account() != nil {
		a.store.SetHost(host)
	}
	return nil
}

// passphrase reads the passphrase from the environment.
func (a *app) passphrase() (string, error) {
	name := a.passEnv
	if name == "" {
		name = "PAYCHAN_PASSPHRASE"
	}
	p := a.getenv(name)
	if p == "" {
		return "", fmt.Errorf("no passphrase: set $%s (or name another variable with --passphrase-env)", name)
	}
	if len(p) < 8 {
		return "", fmt.Errorf("the passphrase in $%s is shorter than 8 characters", name)
	}
	return p, nil
}

// unlock opens the stored key.
func (a *app) unlock() error {
	if a.key != nil {
		return nil
	}
	s, err := a.openStore()
	if err != nil {
		return err
	}
	sealed, err := s.LoadKeys()
	if errors.Is(err, channel.ErrNotFound) {
		return fmt.Errorf("no key in %s: run `paychan-cli key import WIF` or `paychan-cli key new` first", s.Path())
	}
	if err != nil {
		return err
	}
	pass, err := a.passphrase()
	if err != nil {
		return err
	}
	wif, err := wallet.Open(sealed, []byte(pass))
	if errors.Is(err, wallet.ErrWrongPassphrase) {
		return fmt.Errorf("wrong passphrase for the key in %s", s.Path())
	}
	if err != nil {
		return fmt.Errorf("decrypt the key in %s: %w", s.Path(), err)
	}
	k, err := wallet.ParseWIF(string(wif))
	if err != nil {
		return fmt.Errorf("the key in %s: %w", s.Path(), err)
	}
	a.key = k
	return nil
}

// me is my account address (on an EVM chain, the signer address).
func (a *app) me() common.Address { return a.key.Signer() }

// id names channel n of the host's contract.
func (a *app) id(n uint64) channel.ID {
	return channel.ID{Domain: channel.Domain{ChainID: a.cfg.ChainID, Contract: common.HexToAddress(a.cfg.Contract)}, Channel: n}
}

// native is the chain's own coin as the host names it ("ETH", 18 decimals).
func (a *app) native() amount.Unit {
	return amount.Unit{Symbol: a.cfg.Symbol, Decimals: a.cfg.Decimals}
}

// coins formats an amount of the chain's own coin with the host's symbol.
func (a *app) coins(v *big.Int) string { return a.native().Format(v) }

// unit is the currency of a channel's amounts: its token's, or the
// chain's coin.
func (a *app) unit(st channel.State) amount.Unit { return st.Asset.Unit(a.native()) }

// in formats v in a channel's unit ("20 tUSD").
func (a *app) in(st channel.State, v *big.Int) string {
	if v == nil {
		v = new(big.Int)
	}
	return a.unit(st).Format(v)
}

// stateOf returns my stored state of a channel, or a state of the chain's
// coin when it is not stored (for wording amounts only).
func (a *app) stateOf(id channel.ID) channel.State {
	if a.eng != nil {
		if st, err := a.eng.Book().Get(id); err == nil {
			return st
		}
	}
	return channel.State{ID: id}
}

// parseIn parses a positive amount in u; too many decimals, another
// currency's symbol and 0 are refused in words.
func parseIn(u amount.Unit, s string) (*big.Int, error) {
	v, err := u.Parse(s)
	var dec *amount.DecimalsError
	switch {
	case errors.As(err, &dec):
		if dec.Decimals == 0 {
			return nil, fmt.Errorf("%w: write a whole number", dec)
		}
		return nil, fmt.Errorf("%w: write at most %d digits after the point", dec, dec.Decimals)
	case err != nil:
		return nil, fmt.Errorf("amount %q: %w", s, err)
	}
	if v.Sign() <= 0 {
		return nil, fmt.Errorf("amount %q: must be more than 0", s)
	}
	return v, nil
}

// parseID parses a channel number.
func parseID(s string) (uint64, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return 0, usagef("channel id %q: want a number from 1", s)
	}
	return n, nil
}

// known returns my stored state of channel n, or a clear error.
func (a *app) known(n uint64) (channel.State, error) {
	st, err := a.eng.Book().Get(a.id(n))
	if errors.Is(err, channel.ErrNotFound) {
		return st, fmt.Errorf("unknown channel %d: run `paychan-cli join %d` first (or `status` to find your channels)", n, n)
	}
	return st, err
}

// progress prints a transaction's stages.
func (a *app) progress(what string) chainclient.Progress {
	return func(s chainclient.Stage, h common.Hash, err error) {
		switch s {
		case chainclient.Sent:
			a.printf("%s: transaction %s sent\n", what, h.Hex())
		case chainclient.Mined:
			a.printf("%s: mined\n", what)
		}
	}
}

// newKey seals k with the passphrase and stores it.
func (a *app) storeKey(k *wallet.Key) error {
	pass, err := a.passphrase()
	if err != nil {
		return err
	}
	s, err := a.openStore()
	if err != nil {
		return err
	}
	sealed, err := wallet.Seal([]byte(k.WIF()), []byte(pass), rand.Reader)
	if err != nil {
		return fmt.Errorf("encrypt the key: %w", err)
	}
	return s.SetKey(sealed, filestore.Account{Qtum: k.QtumAddress(), Signer: k.Signer().Hex()})
}

func (a *app) cmdKey(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("key: want import WIF, new or show")
	}
	sub := args[0]
	pos, err := a.parse("key "+sub, args[1:], func(*flag.FlagSet) {})
	if err != nil {
		return err
	}
	switch sub {
	case "import":
		if len(pos) != 1 {
			return usagef("key import: want one WIF")
		}
		k, err := wallet.ParseWIF(pos[0])
		if err != nil {
			return fmt.Errorf("this is not a valid WIF private key: %w", err)
		}
		if err := a.storeKey(k); err != nil {
			return err
		}
		a.printf("imported key into %s\n", a.store.Path())
	case "new":
		if len(pos) != 0 {
			return usagef("key new: no arguments")
		}
		k, err := wallet.GenerateKey(wallet.Testnet, rand.Reader)
		if err != nil {
			return fmt.Errorf("create a key: %w", err)
		}
		if err := a.storeKey(k); err != nil {
			return err
		}
		a.printf("created a key in %s\nWIF %s\n(write the WIF down now: it is shown only once and is your only backup)\n", a.store.Path(), k.WIF())
	case "show":
		if _, err := a.openStore(); err != nil {
			return err
		}
	default:
		return usagef("key: unknown subcommand %q", sub)
	}
	acct := a.store.Account()
	if acct == nil {
		return fmt.Errorf("no key in %s: run `paychan-cli key import WIF` or `paychan-cli key new` first", a.store.Path())
	}
	a.printf("qtum address   %s\nsigner address %s\n", acct.Qtum, acct.Signer)
	if sub == "show" {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := a.connectHost(cctx); err != nil {
			a.printf("balance        unknown (%v)\n", err)
			return nil
		}
		bal, err := a.chain.Balance(cctx, common.HexToAddress(acct.Signer))
		if err != nil {
			return err
		}
		a.printf("balance        %s\n", a.coins(bal))
		// The tokens the host suggests (the dev chain's tUSD).
		for _, t := range a.cfg.Tokens {
			if !common.IsHexAddress(t.Address) {
				continue
			}
			tok := common.HexToAddress(t.Address)
			bal, err := a.chain.TokenBalance(cctx, tok, common.HexToAddress(acct.Signer))
			if err != nil {
				a.printf("balance        unknown %s (%v)\n", t.Symbol, err)
				continue
			}
			a.printf("balance        %s (token %s)\n", amount.Unit{Symbol: t.Symbol, Decimals: t.Decimals}.Format(bal), tok.Hex())
		}
	}
	return nil
}
