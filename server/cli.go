package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"paychan/app/hostapi"
	wt "paychan/app/watchtower"
	"paychan/server/deploy"
	"paychan/server/devchain"
	"paychan/server/host"
	"paychan/server/relay"
	"paychan/server/rpcproxy"
	"paychan/server/watchtower"
)

// keyEnv names the environment variable holding the deploy subcommand's key.
const keyEnv = "PAYCHAN_DEPLOYER_KEY"

// options are the command line flags.
type options struct {
	cfg     host.Config
	host    string
	keyFile string
	debug   bool
}

// flags returns the flag set filling o.
func flags(o *options, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("paychan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.cfg.Addr, "addr", host.DefaultAddr, "address to listen on")
	fs.StringVar(&o.cfg.DataDir, "data", host.DefaultDataDir, "data directory (chain, relay store, contract record)")
	fs.StringVar(&o.cfg.RPCURL, "rpc", "", "external Ethereum JSON-RPC URL (default: the embedded development chain)")
	fs.StringVar(&o.cfg.Contract, "contract", "", "DuplexChannel address (default: deployed or recorded in --data)")
	fs.StringVar(&o.cfg.NATSURL, "nats", "", "external NATS JetStream URL for the relay, or a NATS cluster's comma-separated seed list (default: embedded in --data)")
	fs.IntVar(&o.cfg.NATSReplicas, "nats-replicas", 0, "copies of the relay's stream and the watchtower's bucket (default: 1 embedded, min(3, cluster servers) with --nats; more than the cluster's servers is an error)")
	fs.StringVar(&o.cfg.WatchtowerKeyFile, "watchtower-key", "", "the watchtower's key file, created if missing (default: --data/watchtower.key); hosts sharing a NATS cluster share one file: one watchtower identity")
	fs.StringVar(&o.cfg.WebDir, "web", host.DefaultWebDir, `built wallet folder ("-" for none)`)
	fs.StringVar(&o.cfg.RelayHost, "relay-host", "", "the relay's name, host[:port] as clients reach it, signed in relay logins (default: --addr's host and port; localhost:PORT when --addr listens on every interface)")
	fs.Int64Var(&o.cfg.RelaySenderQuota, "relay-sender-quota", relay.DefaultSenderQuota, "unacknowledged relay messages one sender may have in one mailbox (then quota_exceeded)")
	fs.Int64Var(&o.cfg.RelayMaxBytes, "relay-max-bytes", relay.DefaultMaxBytes, "bytes of relay messages stored at most (then sends get store_full)")
	fs.Int64Var(&o.cfg.NATSMaxStore, "nats-max-store", 0, "bytes the embedded NATS JetStream store may use (default: --relay-max-bytes + 256 MiB)")
	fs.IntVar(&o.cfg.RelayLimits.MaxConns, "relay-max-conns", relay.DefaultLimits().MaxConns, "relay connections at most (then HTTP 503)")
	fs.IntVar(&o.cfg.RelayLimits.MaxPendingPerIP, "relay-max-pending-per-ip", relay.DefaultLimits().MaxPendingPerIP, "relay connections not yet logged in from one IP address (IPv6: /64) at most (then HTTP 429)")
	fs.IntVar(&o.cfg.RelayLimits.MaxConnsPerIP, "relay-max-conns-per-ip", relay.DefaultLimits().MaxConnsPerIP, "logged-in relay connections from one IP address (IPv6: /64) at most (then too_many_connections); raise both behind a reverse proxy")
	fs.Float64Var(&o.cfg.RelayLimits.SendRate, "relay-send-rate", relay.DefaultLimits().SendRate, "relay sends per second per connection (then rate_limited)")
	fs.IntVar(&o.cfg.RelayLimits.SendBurst, "relay-send-burst", relay.DefaultLimits().SendBurst, "relay sends a connection may make at once")
	fs.Float64Var(&o.cfg.RelayLimits.FrameRate, "relay-frame-rate", relay.DefaultLimits().FrameRate, "relay frames (sends, acks, lookups) per second per connection (then rate_limited)")
	fs.IntVar(&o.cfg.RelayLimits.FrameBurst, "relay-frame-burst", relay.DefaultLimits().FrameBurst, "relay frames a connection may send at once")
	fs.Float64Var(&o.cfg.RelayLimits.IPSendBytesRate, "relay-ip-send-bytes-rate", relay.DefaultLimits().IPSendBytesRate, "bytes of relay messages per second that the connections of one IP address (IPv6: /64) may send together (then rate_limited); raise it behind a reverse proxy")
	fs.IntVar(&o.cfg.RelayLimits.IPSendBytesBurst, "relay-ip-send-bytes-burst", relay.DefaultLimits().IPSendBytesBurst, "bytes of relay messages the connections of one IP address may send at once")
	fs.IntVar(&o.cfg.RelayLimits.MaxUnacked, "relay-max-unacked", relay.DefaultLimits().MaxUnacked, "relay messages delivered to a connection and not yet acknowledged at most (then delivery pauses)")
	fs.DurationVar(&o.cfg.RelayLimits.LiveWait, "relay-live-wait", relay.DefaultLimits().LiveWait, "how long a relay message handed straight to its recipient's connection on this host may wait for the recipient's acknowledgement before it is stored (embedded NATS only; negative: store every message first)")
	fs.IntVar(&o.cfg.RelayLimits.LiveQueue, "relay-live-queue", relay.DefaultLimits().LiveQueue, "relay messages waiting for one recipient connection to take them live at most (then they are stored first)")
	fs.Float64Var(&o.cfg.RelayLimits.LookupRate, "relay-lookup-rate", relay.DefaultLimits().LookupRate, "relay key lookups (a peer's public key, to seal messages to it) per second per connection")
	fs.IntVar(&o.cfg.RelayLimits.LookupBurst, "relay-lookup-burst", relay.DefaultLimits().LookupBurst, "relay key lookups a connection may make at once (then rate_limited)")
	fs.IntVar(&o.cfg.RelayLimits.MaxChainScans, "relay-key-scans", relay.DefaultLimits().MaxChainScans, "chain searches for the key of a wallet that never logged in running at once, host-wide (then the lookup gets unavailable: retry later)")
	fs.IntVar(&o.cfg.RelayLimits.ChainKeyBlocks, "relay-key-scan-blocks", relay.DefaultChainKeyBlocks, "recent blocks searched for a transaction of a wallet that never logged in, to learn its public key")
	fs.IntVar(&o.cfg.Watchtower.MaxPerSender, "watchtower-max-per-sender", watchtower.DefaultMaxPerSender, "payments (channel directions) the watchtower holds per sender")
	fs.IntVar(&o.cfg.Watchtower.MaxHeld, "watchtower-max-held", watchtower.DefaultMaxHeld, "payments the watchtower holds in all")
	fs.DurationVar(&o.cfg.Watchtower.SettleDelay, "watchtower-settle", watchtower.DefaultSettleDelay, "how long a watchtower claim waits after the close is seen (hand-offs in flight arrive)")
	fs.Uint64Var(&o.cfg.Watchtower.MarginBlocks, "watchtower-margin", watchtower.DefaultMarginBlocks, "blocks before closesAt at which a watchtower claim is sent at the latest (at most half the period)")
	fs.DurationVar(&o.cfg.Watchtower.LeaseTTL, "watchtower-lease", watchtower.DefaultLeaseTTL, "how long hosts sharing a watchtower respect a claim lease that its holder stopped renewing before one of them takes it over")
	fs.Func("watchtower-token-price", "TOKEN=WEI_PER_TOKEN: the watchtower protects channels of this ERC-20 token, one whole token being worth this many wei (repeat for up to 64 tokens; default none, but the embedded chain's tUSD at "+devchain.TestUSDWeiPerToken.String()+")", func(s string) error {
		tok, price, err := wt.ParsePrice(s)
		if err != nil {
			return err
		}
		if o.cfg.WatchtowerTokenPrices == nil {
			o.cfg.WatchtowerTokenPrices = map[common.Address]*big.Int{}
		}
		if _, dup := o.cfg.WatchtowerTokenPrices[tok]; dup {
			return fmt.Errorf("%s: token %s is priced twice", wt.PriceFlag, tok.Hex())
		}
		if len(o.cfg.WatchtowerTokenPrices) >= wt.MaxPricedTokens {
			return fmt.Errorf("%s: more than %d tokens priced", wt.PriceFlag, wt.MaxPricedTokens)
		}
		o.cfg.WatchtowerTokenPrices[tok] = price
		return nil
	})
	fs.StringVar(&o.host, "host", "http://"+host.DefaultAddr, "running host for mine and fund")
	fs.StringVar(&o.keyFile, "key-file", "", "file holding the deploy key (WIF or hex); default $"+keyEnv)
	fs.BoolVar(&o.debug, "debug", false, "log every HTTP request")
	// Limits (README "Limits").
	fs.Func("allow-host", "a further name (host or host:port) this host answers to; repeat or separate with commas (default: --relay-host, --addr and its loopback aliases)", func(s string) error {
		for _, n := range strings.Split(s, ",") {
			if n = strings.TrimSpace(n); n != "" {
				o.cfg.AllowHosts = append(o.cfg.AllowHosts, n)
			}
		}
		return nil
	})
	fs.DurationVar(&o.cfg.RequestTimeout, "request-timeout", host.DefaultRequestTimeout, "deadline of every request but /relay and /dev/mine")
	fs.DurationVar(&o.cfg.MineTimeout, "mine-timeout", host.DefaultMineTimeout, "deadline of a /dev/mine request")
	fs.DurationVar(&o.cfg.ReadHeaderTimeout, "read-header-timeout", host.DefaultReadHeaderTimeout, "time to read a request's header")
	fs.DurationVar(&o.cfg.BodyTimeout, "body-timeout", host.DefaultBodyTimeout, "time to read a request's body (every route but /relay)")
	fs.Int64Var(&o.cfg.RPCMaxBody, "rpc-max-body", rpcproxy.DefaultMaxBody, "bytes of one /rpc request body")
	fs.IntVar(&o.cfg.RPCMaxBatch, "rpc-max-batch", rpcproxy.DefaultMaxBatch, "calls in one /rpc batch")
	fs.Float64Var(&o.cfg.RPCIPShare, "rpc-ip-share", host.DefaultRPCIPShare, "seconds of /rpc handling a second that the requests of one IP address (IPv6: /64) may take on average, on the embedded chain (then HTTP 429); raise it behind a reverse proxy")
	fs.DurationVar(&o.cfg.RPCIPBurst, "rpc-ip-burst", host.DefaultRPCIPBurst, "time of /rpc handling the requests of one IP address may take at once, before --rpc-ip-share applies")
	fs.IntVar(&o.cfg.RPCIPConcurrent, "rpc-ip-concurrent", host.DefaultRPCIPConcurrent, "/rpc requests of one IP address in progress at once (then HTTP 429)")
	fs.Uint64Var(&o.cfg.RPCGasCap, "rpc-gas-cap", devchain.DefaultRPCGasCap, "gas of one eth_call or eth_estimateGas (embedded chain)")
	fs.DurationVar(&o.cfg.RPCEVMTimeout, "rpc-evm-timeout", devchain.DefaultRPCEVMTimeout, "EVM time of one eth_call (embedded chain)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage:
  paychan [flags]                      run the host
  paychan [flags] chain                run the development chain alone, serving JSON-RPC on --addr (default `+host.DefaultChainAddr+`) for hosts sharing it (--rpc)
  paychan [flags] deploy               deploy DuplexChannel on --rpc, print and record its address
  paychan [flags] mine N               mine N blocks on the running host at --host
  paychan [flags] fund ADDRESS AMOUNT  send AMOUNT wei to ADDRESS on the running host at --host
flags:
`)
		fs.PrintDefaults()
	}
	return fs
}

// run parses args and runs the host or a subcommand until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := flags(&o, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	// Flags may also follow the subcommand: parse the rest again.
	var positional []string
	for rest := fs.Args(); len(rest) > 0; rest = fs.Args() {
		positional = append(positional, rest[0])
		if err := fs.Parse(rest[1:]); err != nil {
			return err
		}
	}
	level := slog.LevelInfo
	if o.debug {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if len(positional) == 0 {
		return serve(ctx, o, logger, stdout)
	}
	cmd, cmdArgs := positional[0], positional[1:]
	switch cmd {
	case "chain":
		return chainCmd(ctx, o, fs, cmdArgs, logger, stdout)
	case "deploy":
		return deployCmd(ctx, o, cmdArgs, stdout)
	case "mine":
		return mineCmd(ctx, o, cmdArgs, stdout)
	case "fund":
		return fundCmd(ctx, o, cmdArgs, stdout)
	default:
		fs.Usage()
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// serve runs the host until ctx ends, then closes it gracefully.
func serve(ctx context.Context, o options, logger *slog.Logger, stdout io.Writer) error {
	o.cfg.Logger = logger
	m := &host.Main{Config: o.cfg}
	if err := m.Run(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "paychan host running at %s\n", m.URL())
	<-ctx.Done()
	logger.Info("shutting down")
	return m.Close()
}

// chainCmd runs the development chain as a node of its own until ctx ends.
func chainCmd(ctx context.Context, o options, fs *flag.FlagSet, args []string, logger *slog.Logger, stdout io.Writer) error {
	if len(args) != 0 {
		return fmt.Errorf("chain takes no arguments, got %q", args)
	}
	addrSet := false
	fs.Visit(func(f *flag.Flag) { addrSet = addrSet || f.Name == "addr" })
	if !addrSet {
		o.cfg.Addr = host.DefaultChainAddr
	}
	o.cfg.Logger = logger
	n := &host.ChainNode{Config: o.cfg}
	if err := n.Run(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "paychan chain running at %s\n", n.URL())
	<-ctx.Done()
	logger.Info("shutting down")
	return n.Close()
}

// deployCmd deploys DuplexChannel on the external chain.
func deployCmd(ctx context.Context, o options, args []string, stdout io.Writer) error {
	if len(args) != 0 {
		return fmt.Errorf("deploy takes no arguments, got %q", args)
	}
	if o.cfg.RPCURL == "" {
		return errors.New("deploy: pass --rpc URL (the embedded chain deploys the contract itself)")
	}
	raw := os.Getenv(keyEnv)
	if o.keyFile != "" {
		b, err := os.ReadFile(o.keyFile)
		if err != nil {
			return fmt.Errorf("deploy: read key file: %w", err)
		}
		raw = string(b)
	}
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return fmt.Errorf("deploy: no key: pass --key-file FILE or set %s", keyEnv)
	}
	key, err := devchain.DecodeKey(raw)
	if err != nil {
		return fmt.Errorf("deploy: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	client, err := ethclient.DialContext(ctx, o.cfg.RPCURL)
	if err != nil {
		return fmt.Errorf("deploy: dial %s: %w", o.cfg.RPCURL, err)
	}
	defer client.Close()
	addr, receipt, err := deploy.Contract(ctx, client, key)
	if err != nil {
		return err
	}
	chainID, err := client.ChainID(ctx)
	if err != nil {
		return fmt.Errorf("deploy: chain id: %w", err)
	}
	if err := deploy.Save(o.cfg.DataDir, deploy.Record{ChainID: chainID.Uint64(), Contract: addr, Tx: receipt.TxHash, Block: receipt.BlockNumber.Uint64()}); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "deployed DuplexChannel from %s on chain %d in block %d (recorded in %s)\n",
		crypto.PubkeyToAddress(key.PublicKey).Hex(), chainID, receipt.BlockNumber, o.cfg.DataDir)
	fmt.Fprintln(stdout, addr.Hex())
	return nil
}

// mineCmd asks a running host to mine blocks.
func mineCmd(ctx context.Context, o options, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return errors.New("usage: mine N")
	}
	n, err := strconv.Atoi(args[0])
	if err != nil {
		return fmt.Errorf("mine: %q is not a number of blocks", args[0])
	}
	var resp hostapi.MineResponse
	if err := postDev(ctx, o.host+hostapi.MinePath, hostapi.MineRequest{Blocks: n}, &resp); err != nil {
		return fmt.Errorf("mine: %w", err)
	}
	fmt.Fprintf(stdout, "mined %d blocks, head %d\n", resp.Blocks, resp.Head)
	return nil
}

// fundCmd asks a running host's faucet to fund an address.
func fundCmd(ctx context.Context, o options, args []string, stdout io.Writer) error {
	if len(args) != 2 {
		return errors.New("usage: fund ADDRESS AMOUNT (AMOUNT in wei)")
	}
	if _, ok := new(big.Int).SetString(args[1], 10); !ok {
		return fmt.Errorf("fund: amount %q is not a decimal number of wei", args[1])
	}
	var resp hostapi.FundResponse
	if err := postDev(ctx, o.host+hostapi.FundPath, hostapi.FundRequest{Address: args[0], Amount: args[1]}, &resp); err != nil {
		return fmt.Errorf("fund: %w", err)
	}
	fmt.Fprintf(stdout, "funded %s in %s, balance %s wei\n", args[0], resp.Tx, resp.Balance)
	return nil
}

// postDev posts req as JSON to url and decodes the answer into resp.
func postDev(ctx context.Context, url string, req, resp any) error {
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, host.DefaultMineTimeout+time.Minute)
	defer cancel()
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	r.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("read answer of %s: %w", url, err)
	}
	if res.StatusCode != http.StatusOK {
		var e hostapi.Error
		if json.Unmarshal(raw, &e) == nil && e.Code != "" {
			return fmt.Errorf("%s: %w", url, &e)
		}
		return fmt.Errorf("%s: HTTP %s", url, res.Status)
	}
	if err := json.Unmarshal(raw, resp); err != nil {
		return fmt.Errorf("decode answer of %s: %w", url, err)
	}
	return nil
}
