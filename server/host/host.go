// Package host assembles the paychan host: the chain (embedded development
// chain or an external JSON-RPC node), the allowlisted /rpc endpoint,
// /config.json, the development tools, the WebSocket relay and the wallet,
// all on one HTTP origin.
//
// Main holds the set-up (in the manner of benbjohnson/wtf's cmd/wtfd), so the
// command only handles signals and tests start the real host on 127.0.0.1:0.
package host

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"paychan/app/channel"
	"paychan/app/hostapi"
	"paychan/server/deploy"
	"paychan/server/devchain"
	"paychan/server/relay"
	"paychan/server/rpcproxy"
	"paychan/server/watchtower"
	"paychan/server/web"
)

// Defaults of Config.
const (
	DefaultAddr    = "127.0.0.1:8080"
	DefaultDataDir = "data"
	DefaultWebDir  = "dist/web"
)

// Config configures Main. The zero value of a field means its default.
type Config struct {
	// Addr is the TCP address to listen on (DefaultAddr; port 0 picks one).
	Addr string
	// DataDir holds the chain (chain/), the relay's JetStream store (nats/)
	// and the contract record (contract.json). Default DefaultDataDir.
	DataDir string
	// RPCURL selects an external Ethereum JSON-RPC node instead of the
	// embedded development chain. Dev tools are off then.
	RPCURL string
	// Contract is the DuplexChannel address. Optional: the embedded chain
	// deploys it at first start, and in external mode the record written by
	// the deploy subcommand in DataDir is used when this is empty.
	Contract string
	// NATSURL selects an external NATS JetStream server for the relay
	// instead of the one embedded on DataDir/nats: one URL, or a NATS
	// cluster's comma-separated seed list.
	NATSURL string
	// NATSReplicas is the number of copies of the relay's stream and the
	// watchtower's bucket (relay.JetStreamOptions.Replicas): 0 means 1 on
	// the embedded server and min(3, cluster servers) with NATSURL.
	NATSReplicas int
	// WatchtowerKeyFile is the watchtower's key file (default
	// DataDir/watchtower.key, created if missing). Hosts sharing one NATS
	// cluster give it the same file: one watchtower identity, one account
	// that pays the claims.
	WatchtowerKeyFile string
	// RelayHost is the relay's fixed name, the host[:port] clients reach
	// the host by, which they sign in relay logins (never taken from a
	// request's Host header). Run defaults it from the listener: Addr's
	// host with the listening port (127.0.0.1:8080), or localhost:PORT
	// when Addr listens on every interface (0.0.0.0:8080, :8080); set it
	// when clients use another name (paychan.example behind a TLS proxy).
	// It is also a name the host answers to (any other Host header but
	// the listening address, its loopback aliases and AllowHosts gets 421:
	// see newHostNames).
	RelayHost string
	// RelayLimits bounds the relay's connections; zero fields take
	// relay.DefaultLimits.
	RelayLimits relay.Limits
	// RelaySenderQuota bounds one sender's unacknowledged messages in one
	// recipient's mailbox (default relay.DefaultSenderQuota).
	RelaySenderQuota int64
	// RelayMaxBytes bounds the relay's stored messages in bytes (default
	// relay.DefaultMaxBytes); a full store refuses sends (store_full).
	RelayMaxBytes int64
	// NATSMaxStore bounds the embedded NATS server's JetStream store on
	// DataDir/nats (default RelayMaxBytes + relay.DefaultStoreHeadroom).
	NATSMaxStore int64
	// WebDir is the built wallet (app.wasm and its compressed copies).
	// Default DefaultWebDir; "-" serves no wallet.
	WebDir string
	// Watchtower bounds the watchtower's hand-offs and times its claims
	// (zero fields: the watchtower package's defaults).
	Watchtower watchtower.Limits
	// WatchtowerTokenPrices are the ERC-20 tokens whose channels the
	// watchtower protects, with what one whole token is worth in wei
	// (watchtower.Config.TokenPrices; flag --watchtower-token-price). On
	// the embedded chain its tUSD is priced devchain.TestUSDWeiPerToken
	// unless given here.
	WatchtowerTokenPrices map[common.Address]*big.Int
	// Logger receives the host's structured logs (default slog.Default()).
	Logger *slog.Logger

	// Limits (README "Limits"); the zero value of each means its default.

	// AllowHosts are further names (host, or host:port) the host answers
	// to besides RelayHost, its listening address and, on loopback, the
	// loopback aliases; any other Host header gets 421.
	AllowHosts []string
	// RequestTimeout is the deadline of every request but /relay and
	// /dev/mine (DefaultRequestTimeout).
	RequestTimeout time.Duration
	// MineTimeout is the deadline of a /dev/mine request (DefaultMineTimeout).
	MineTimeout time.Duration
	// ReadHeaderTimeout bounds reading a request's header
	// (DefaultReadHeaderTimeout).
	ReadHeaderTimeout time.Duration
	// BodyTimeout bounds reading a request's body on every route but /relay
	// (DefaultBodyTimeout).
	BodyTimeout time.Duration
	// RPCMaxBody bounds a /rpc request body in bytes (rpcproxy.DefaultMaxBody).
	RPCMaxBody int64
	// RPCMaxBatch bounds the calls of a /rpc batch (rpcproxy.DefaultMaxBatch).
	RPCMaxBatch int
	// RPCGasCap bounds the gas of one eth_call or eth_estimateGas on the
	// embedded chain (devchain.DefaultRPCGasCap).
	RPCGasCap uint64
	// RPCEVMTimeout bounds the EVM time of one eth_call on the embedded
	// chain (devchain.DefaultRPCEVMTimeout).
	RPCEVMTimeout time.Duration
	// RPCIPShare is how many seconds of /rpc handling a second the
	// requests of one network address (an IPv4 address or an IPv6 /64) may
	// take on average, and RPCIPBurst how many at once, on the embedded
	// chain (with RPCURL a request's time is mostly the wait for the node,
	// which applies its own limits); RPCIPConcurrent bounds its requests in
	// progress (DefaultRPCIPShare, DefaultRPCIPBurst,
	// DefaultRPCIPConcurrent). Over them a request gets HTTP 429. Behind a
	// reverse proxy every client has the proxy's address: raise them there.
	RPCIPShare      float64
	RPCIPBurst      time.Duration
	RPCIPConcurrent int
}

// Main is a running host.
type Main struct {
	// Config is read by Run; set it before.
	Config Config

	log        *slog.Logger
	chain      *devchain.Chain   // nil in external mode
	client     *ethclient.Client // external mode only
	store      *relay.JetStreamStore
	relay      *relay.Server
	relayToken string                 // admits the watchtower to the relay's reserved connections
	watchtower *watchtower.Watchtower // started after the listener, closed first
	ready      atomic.Bool            // set once Run is done: /config.json is complete
	ln         net.Listener
	srv        *http.Server
	served     chan struct{}
	chainID    uint64
	contract   common.Address
	tokens     []hostapi.Token // listed in /config.json
	url        string

	closeOnce sync.Once
	closeErr  error
}

// NewMain returns a Main with the default Config.
func NewMain() *Main {
	return &Main{Config: Config{Addr: DefaultAddr, DataDir: DefaultDataDir, WebDir: DefaultWebDir}}
}

// Run starts the chain, the relay and the HTTP server and returns once the
// host is listening. ctx bounds the start-up only; stop the host with Close.
// On error everything started so far is closed.
func (m *Main) Run(ctx context.Context) (err error) {
	start := time.Now()
	cfg := &m.Config
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.DataDir == "" {
		cfg.DataDir = DefaultDataDir
	}
	if cfg.WebDir == "" {
		cfg.WebDir = DefaultWebDir
	}
	cfg.setLimitDefaults()
	m.log = cfg.Logger
	if m.log == nil {
		m.log = slog.Default()
	}
	devchain.SetGethLogger(m.log.Handler())
	defer func() {
		if err != nil {
			m.Close()
		}
	}()
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("host: create data directory: %w", err)
	}

	// The chain and its JSON-RPC endpoint.
	var rpcHandler http.Handler
	rpcOpts := rpcproxy.Options{Logger: m.log, MaxBody: cfg.RPCMaxBody, MaxBatch: cfg.RPCMaxBatch}
	if cfg.RPCURL == "" {
		if err := m.startEmbeddedChain(ctx); err != nil {
			return err
		}
		if err := m.startTestToken(ctx); err != nil {
			return err
		}
		rpcHandler = rpcproxy.Filter(m.chain.Handler(), rpcOpts)
	} else {
		if err := m.connectExternalChain(ctx); err != nil {
			return err
		}
		if rpcHandler, err = rpcproxy.New(cfg.RPCURL, rpcOpts); err != nil {
			return fmt.Errorf("host: %w", err)
		}
	}

	// The listener (before the relay, which is named after it).
	m.ln, err = net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("host: listen on %s: %w", cfg.Addr, err)
	}
	if cfg.RelayHost == "" {
		cfg.RelayHost = defaultRelayHost(cfg.Addr, m.ln.Addr())
	}

	// The relay.
	m.store, err = relay.OpenJetStream(ctx, relay.JetStreamOptions{Dir: filepath.Join(cfg.DataDir, "nats"), URL: cfg.NATSURL,
		MaxBytes: cfg.RelayMaxBytes, MaxStore: cfg.NATSMaxStore, SenderQuota: cfg.RelaySenderQuota,
		Replicas: cfg.NATSReplicas, Logger: m.log.With("part", "relay")})
	if err != nil {
		return fmt.Errorf("host: open relay store: %w", err)
	}
	m.relayToken = newRelayToken()
	// Keys of wallets that never logged in come from their transactions
	// (sealed messages, docs/sealed-messages.md).
	var keyChain relay.ChainReader = m.client
	if m.chain != nil {
		keyChain = m.chain.Client()
	}
	m.relay = relay.NewServer(relay.Options{Store: m.store, Host: cfg.RelayHost, Limits: cfg.RelayLimits,
		ReservedToken: m.relayToken, Logger: m.log.With("part", "relay"),
		KeyFallback: relay.ChainKeys(keyChain, m.chainID, cfg.RelayLimits.ChainKeyBlocks)})

	// The wallet.
	wallet, err := m.walletHandler()
	if err != nil {
		return err
	}

	mux := http.NewServeMux()
	mux.Handle(hostapi.RPCPath, newRPCBudget(cfg.RPCURL == "", cfg.RPCIPShare, cfg.RPCIPBurst, cfg.RPCIPConcurrent).wrap(rpcHandler))
	mux.HandleFunc(hostapi.ConfigPath, m.serveConfig)
	mux.HandleFunc(hostapi.MinePath, m.serveMine)
	mux.HandleFunc(hostapi.FundPath, m.serveFund)
	mux.HandleFunc("/dev/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, hostapi.CodeNotFound, "no such development tool")
	})
	mux.Handle(hostapi.RelayPath, m.relay)
	m.registerWatchtower(mux)
	mux.Handle("/", wallet)

	m.url = "http://" + m.ln.Addr().String()
	names := newHostNames(m.ln.Addr(), cfg.RelayHost, cfg.AllowHosts)
	m.srv = &http.Server{
		Handler:           m.logRequests(securityHeaders(names.checkHost(m.withDeadlines(mux)))),
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(m.log.Handler(), slog.LevelWarn),
	}
	m.served = make(chan struct{})
	go func() {
		defer close(m.served)
		if err := m.srv.Serve(m.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.log.Error("host: serve", "err", err)
		}
	}()
	// The watchtower reads its mailbox on the host's own /relay, so it
	// starts once the listener is up; /config.json (which names it) answers
	// 503 until then.
	if err := m.startWatchtower(ctx); err != nil {
		return err
	}
	m.ready.Store(true)
	m.log.Info("paychan host listening", "url", m.url, "chainId", m.chainID, "contract", m.contract.Hex(),
		"embeddedChain", m.chain != nil, "data", cfg.DataDir, "startup", time.Since(start).Round(time.Millisecond))
	return nil
}

// startEmbeddedChain opens the development chain and makes sure the contract
// is deployed.
func (m *Main) startEmbeddedChain(ctx context.Context) error {
	dir := m.Config.DataDir
	chain, err := devchain.New(devchain.Options{Dir: filepath.Join(dir, "chain"), Logger: m.log.With("part", "devchain"),
		RPCGasCap: m.Config.RPCGasCap, RPCEVMTimeout: m.Config.RPCEVMTimeout})
	if err != nil {
		return fmt.Errorf("host: %w", err)
	}
	m.chain = chain
	m.chainID = devchain.ChainID
	for _, k := range devchain.TestKeys() {
		m.log.Warn("PUBLIC TEST KEY funded on the development chain: anyone can spend it, never use it for real money",
			"name", k.Name, "wif", k.WIF, "address", k.Address.Hex())
	}
	client := chain.Client()

	if m.Config.Contract != "" {
		if !common.IsHexAddress(m.Config.Contract) {
			return fmt.Errorf("host: contract %q is not an address", m.Config.Contract)
		}
		m.contract = common.HexToAddress(m.Config.Contract)
		if ok, err := deploy.HasCode(ctx, client, m.contract); err != nil || !ok {
			return fmt.Errorf("host: no contract at %s on the development chain (%v)", m.contract, err)
		}
		return nil
	}
	if rec, err := deploy.Load(dir); err == nil && rec.ChainID == devchain.ChainID {
		if ok, err := deploy.HasCode(ctx, client, rec.Contract); err == nil && ok {
			m.contract = rec.Contract
			return nil
		}
		m.log.Warn("host: the recorded contract is missing from the chain; deploying again", "contract", rec.Contract.Hex())
	} else if err != nil && !errors.Is(err, deploy.ErrNoRecord) {
		return fmt.Errorf("host: %w", err)
	}

	deployer, _ := devchain.TestKeyByName("Deployer")
	// The Deployer's first transaction is the deployment, so its address is
	// known in advance: a crash between deployment and record finds it here.
	first := crypto.CreateAddress(deployer.Address, 0)
	if ok, err := deploy.HasCode(ctx, client, first); err == nil && ok {
		m.contract = first
		return deploy.Save(dir, deploy.Record{ChainID: devchain.ChainID, Contract: first})
	}
	addr, receipt, err := deploy.Contract(ctx, client, deployer.Key)
	if err != nil {
		return fmt.Errorf("host: deploy DuplexChannel on the development chain: %w", err)
	}
	chain.Barrier()
	m.contract = addr
	m.log.Info("deployed DuplexChannel", "contract", addr.Hex(), "tx", receipt.TxHash.Hex(), "block", receipt.BlockNumber)
	return deploy.Save(dir, deploy.Record{ChainID: devchain.ChainID, Contract: addr, Tx: receipt.TxHash, Block: receipt.BlockNumber.Uint64()})
}

// connectExternalChain checks the external node and finds the contract.
func (m *Main) connectExternalChain(ctx context.Context) error {
	client, err := ethclient.DialContext(ctx, m.Config.RPCURL)
	if err != nil {
		return fmt.Errorf("host: dial %s: %w", m.Config.RPCURL, err)
	}
	m.client = client
	id, err := client.ChainID(ctx)
	if err != nil {
		return fmt.Errorf("host: chain id of %s: %w", m.Config.RPCURL, err)
	}
	m.chainID = id.Uint64()
	switch {
	case m.Config.Contract != "":
		if !common.IsHexAddress(m.Config.Contract) {
			return fmt.Errorf("host: contract %q is not an address", m.Config.Contract)
		}
		m.contract = common.HexToAddress(m.Config.Contract)
	default:
		rec, err := deploy.Load(m.Config.DataDir)
		if errors.Is(err, deploy.ErrNoRecord) || (err == nil && rec.ChainID != m.chainID) {
			return fmt.Errorf("host: no contract for chain %d: pass --contract or run the deploy subcommand first", m.chainID)
		}
		if err != nil {
			return fmt.Errorf("host: %w", err)
		}
		m.contract = rec.Contract
	}
	ok, err := deploy.HasCode(ctx, client, m.contract)
	if err != nil {
		return fmt.Errorf("host: %w", err)
	}
	if !ok {
		return fmt.Errorf("host: no contract code at %s on chain %d", m.contract, m.chainID)
	}
	return nil
}

// walletHandler returns the wallet's handler, or a plain explanation when the
// wallet is not built.
func (m *Main) walletHandler() (http.Handler, error) {
	dir := m.Config.WebDir
	if dir == "-" {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeError(w, http.StatusNotFound, hostapi.CodeNotFound, "this host serves no wallet")
		}), nil
	}
	h, err := web.NewHandler(web.Options{Dir: dir})
	if err != nil {
		m.log.Warn("host: the wallet is not built; serving the API only (run `make run` or `make wasm`)", "web", dir, "err", err)
		msg := fmt.Sprintf("the wallet is not built in %s: run `make run` (or `make wasm`) and restart the host", dir)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeError(w, http.StatusServiceUnavailable, hostapi.CodeUnavailable, msg)
		}), nil
	}
	return h, nil
}

// defaultRelayHost is the relay name of a host listening on ln (from
// addr): addr's host with the listening port, or localhost:PORT when addr
// names every interface.
func defaultRelayHost(addr string, ln net.Addr) string {
	_, port, err := net.SplitHostPort(ln.String())
	if err != nil {
		return ln.String()
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// URL returns the host's base URL, such as http://127.0.0.1:8080.
func (m *Main) URL() string { return m.url }

// Chain returns the embedded development chain, or nil in external mode.
func (m *Main) Chain() *devchain.Chain { return m.chain }

// Contract returns the DuplexChannel address the host serves.
func (m *Main) Contract() common.Address { return m.contract }

// ChainID returns the chain id of the chain the host uses.
func (m *Main) ChainID() uint64 { return m.chainID }

// WalletConfig returns what /config.json serves.
func (m *Main) WalletConfig() hostapi.Config {
	return hostapi.Config{
		ChainID:    m.chainID,
		Contract:   m.contract.Hex(),
		Symbol:     "ETH",
		Decimals:   18,
		RPC:        hostapi.RPCPath,
		Relay:      hostapi.RelayPath,
		DevTools:   m.chain != nil,
		Watchtower: m.watchtowerAddress(),
		ChainKind:  "evm",
		// The development chain mines on demand: its lower minimum
		// finalization period (wallets honour it on that chain id only).
		MinFinalizationBlocks: devMinFinalization(m.chainID),
		Tokens:                m.tokens,
	}
}

// devMinFinalization is channel.DevMinFinalizationBlocks on the
// development chain id and 0 (not stated) on any other chain.
func devMinFinalization(chainID uint64) uint64 {
	if chainID == channel.DevChainID {
		return channel.DevMinFinalizationBlocks
	}
	return 0
}

// Close stops the host gracefully: the relay's connections, the HTTP server
// (waiting for requests in flight), the relay store and the chain, which
// flushes to disk. It is safe to call more than once.
func (m *Main) Close() error {
	m.closeOnce.Do(func() {
		var errs []error
		if m.watchtower != nil {
			errs = append(errs, m.watchtower.Close())
		}
		if m.relay != nil {
			errs = append(errs, m.relay.Close())
		}
		if m.srv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if err := m.srv.Shutdown(ctx); err != nil {
				errs = append(errs, fmt.Errorf("host: shut down HTTP server: %w", err))
			}
			cancel()
			<-m.served
		} else if m.ln != nil {
			m.ln.Close()
		}
		if m.store != nil {
			errs = append(errs, m.store.Close())
		}
		if m.client != nil {
			m.client.Close()
		}
		if m.chain != nil {
			errs = append(errs, m.chain.Close())
		}
		m.closeErr = errors.Join(errs...)
		if m.log != nil {
			m.log.Info("paychan host stopped", "err", m.closeErr)
		}
	})
	return m.closeErr
}
