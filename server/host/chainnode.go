package host

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"paychan/app/hostapi"
	"paychan/server/devchain"
)

// DefaultChainAddr is where `paychan chain` listens by default.
const DefaultChainAddr = "127.0.0.1:8545"

// ChainNode is the development chain as a process of its own (`paychan
// chain`): the node that several hosts share with --rpc. It serves
// JSON-RPC at / (every namespace the embedded chain has: it is a
// development node, not a public endpoint), and the development tools
// /dev/mine and /dev/fund as a host serves them. See docs/deploy.md for why
// this rather than geth --dev.
type ChainNode struct {
	// Config: Addr (default DefaultChainAddr), DataDir (the chain lives in
	// DataDir/chain), Logger and the limits RPCGasCap, RPCEVMTimeout,
	// MineTimeout, RequestTimeout, ReadHeaderTimeout are read by Run.
	Config Config

	m         Main
	url       string
	srv       *http.Server
	served    chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// Run opens the chain and starts serving; it returns once listening.
func (n *ChainNode) Run(ctx context.Context) (err error) {
	cfg := n.Config
	if cfg.Addr == "" {
		cfg.Addr = DefaultChainAddr
	}
	if cfg.DataDir == "" {
		cfg.DataDir = DefaultDataDir
	}
	cfg.setLimitDefaults()
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	devchain.SetGethLogger(log.Handler())
	n.m = Main{Config: cfg, log: log}
	defer func() {
		if err != nil {
			n.Close()
		}
	}()
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("chain: create data directory: %w", err)
	}
	chain, err := devchain.New(devchain.Options{Dir: filepath.Join(cfg.DataDir, "chain"), Logger: log.With("part", "devchain"),
		RPCGasCap: cfg.RPCGasCap, RPCEVMTimeout: cfg.RPCEVMTimeout})
	if err != nil {
		return fmt.Errorf("chain: %w", err)
	}
	n.m.chain = chain
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("chain: listen on %s: %w", cfg.Addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", chain.Handler())
	mux.HandleFunc(hostapi.MinePath, n.m.serveMine)
	mux.HandleFunc(hostapi.FundPath, n.m.serveFund)
	n.url = "http://" + ln.Addr().String()
	n.srv = &http.Server{
		Handler:           n.m.withDeadlines(mux),
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	n.served = make(chan struct{})
	go func() {
		defer close(n.served)
		if err := n.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("chain: serve", "err", err)
		}
	}()
	log.Info("paychan chain node listening", "url", n.url, "chainId", devchain.ChainID, "head", chain.Head(), "data", cfg.DataDir)
	return nil
}

// URL is the node's JSON-RPC URL, such as http://127.0.0.1:8545.
func (n *ChainNode) URL() string { return n.url }

// Chain is the node's chain (nil before Run).
func (n *ChainNode) Chain() *devchain.Chain { return n.m.chain }

// Close stops serving and closes the chain, which flushes it to disk.
func (n *ChainNode) Close() error {
	n.closeOnce.Do(func() {
		var errs []error
		if n.srv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			errs = append(errs, n.srv.Shutdown(ctx))
			cancel()
			<-n.served
		}
		if n.m.chain != nil {
			errs = append(errs, n.m.chain.Close())
		}
		n.closeErr = errors.Join(errs...)
	})
	return n.closeErr
}
