// Package devchain runs the host's embedded development chain: a go-ethereum
// node assembled the way `geth --dev` does it (node, eth service, simulated
// beacon), persisted in a data directory, that mines a block as soon as a
// transaction arrives and mines empty blocks on demand.
//
// The chain is crash safe: it uses the hash state scheme without pruning (every
// block's state is written as the block is inserted), and every block is
// synced to disk before any JSON-RPC request served by [Chain.Handler] can see
// it, so a receipt once returned survives a kill -9 of the process.
package devchain

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/big"
	"net/http"
	"paychan/app/chainclient"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/ethclient"
	gethlog "github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/ethereum/go-ethereum/version"
)

// ChainID is the development chain's fixed chain id.
const ChainID = 1337

// GasLimit is the block gas limit of the development chain (mainnet's today).
const GasLimit = 60_000_000

// MaxMine bounds how many blocks one [Chain.Mine] call may mine.
const MaxMine = 100_000

// MineChunk and MineChunkTime bound what [Chain.Mine] seals under the
// chain's write lock at a time: at most MineChunk blocks, and no new block
// once MineChunkTime has passed. Between chunks the lock is released (and the
// chunk synced to disk), so JSON-RPC requests keep being answered during a
// long mine.
const (
	MineChunk     = 8
	MineChunkTime = 50 * time.Millisecond
)

// Defaults of the JSON-RPC execution limits (Options.RPCGasCap,
// Options.RPCEVMTimeout).
const (
	// DefaultRPCGasCap bounds the gas of one eth_call or eth_estimateGas.
	// DuplexChannel's heaviest transaction needs well under 1M.
	DefaultRPCGasCap = 10_000_000
	// DefaultRPCEVMTimeout bounds the EVM time of one eth_call.
	DefaultRPCEVMTimeout = 2 * time.Second
)

// FaucetKeyFile is the file in Options.Dir holding the faucet's key.
const FaucetKeyFile = "faucet.key"

// maxCommitsPerWake bounds the blocks mined for one burst of pool events, so
// a transaction the miner refuses cannot make the miner spin.
const maxCommitsPerWake = 16

// Options configure [New].
// DatabaseCacheMB is the chain database's cache in MB (geth's default is
// 2048): it also bounds the size of pebble's write-ahead log files.
const DatabaseCacheMB = 64

type Options struct {
	// Dir is the chain's data directory; empty keeps the chain in memory.
	Dir string
	// Alloc funds extra accounts at genesis. It must be the same on every
	// start with the same Dir, or the node refuses the directory. The seed's
	// test keys and the faucet are always funded.
	Alloc types.GenesisAlloc
	// Logger receives the chain's own logs; nil means slog.Default().
	Logger *slog.Logger
	// RPCGasCap bounds the gas of one eth_call or eth_estimateGas served by
	// Handler; 0 means DefaultRPCGasCap.
	RPCGasCap uint64
	// RPCEVMTimeout bounds the EVM execution time of one eth_call; 0 means
	// DefaultRPCEVMTimeout.
	RPCEVMTimeout time.Duration
}

// Chain is a running development chain. Its methods are safe for concurrent
// use.
type Chain struct {
	log    *slog.Logger
	dir    string // Options.Dir; empty in memory
	stack  *node.Node
	eth    *eth.Ethereum
	beacon *catalyst.SimulatedBeacon
	rpc    *rpc.Server
	client *ethclient.Client // in process, on rpc

	// mu orders block production against JSON-RPC requests: sealing (and
	// syncing the new blocks to disk) holds the write lock, every JSON-RPC
	// call served by Handler holds the read lock (each element of a batch
	// on its own). A request therefore never sees a block that is not on
	// disk yet, and neither a long mine nor a long batch holds the lock for
	// long: Mine releases it every MineChunk blocks or MineChunkTime.
	mu sync.RWMutex
	// mineMu serialises Mine calls (a channel so that waiting honours ctx).
	mineMu chan struct{}

	fundMu sync.Mutex // serialises faucet transactions (nonces)
	faucet *ecdsa.PrivateKey

	tokenMu    sync.Mutex     // serialises TestUSD
	memTestUSD common.Address // TestUSD's record of an in-memory chain

	wake      chan struct{}
	quit      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// ChainConfig returns the fork rules of the development chain: every fork up
// to today's mainnet (Prague, Osaka and its blob-only forks BPO1 and BPO2) from
// genesis, and no future fork, so gas costs match mainnet.
func ChainConfig() *params.ChainConfig {
	cfg := *params.AllDevChainProtocolChanges
	cfg.ChainID = big.NewInt(ChainID)
	zero := uint64(0)
	cfg.ShanghaiTime, cfg.CancunTime, cfg.PragueTime, cfg.OsakaTime = &zero, &zero, &zero, &zero
	cfg.BPO1Time, cfg.BPO2Time = &zero, &zero
	cfg.BPO3Time, cfg.BPO4Time, cfg.BPO5Time = nil, nil, nil
	cfg.AmsterdamTime, cfg.BogotaTime, cfg.UBTTime = nil, nil, nil
	cfg.BlobScheduleConfig = &params.BlobScheduleConfig{
		Cancun: params.DefaultCancunBlobConfig,
		Prague: params.DefaultPragueBlobConfig,
		BPO1:   params.DefaultBPO1BlobConfig,
		BPO2:   params.DefaultBPO2BlobConfig,
	}
	return &cfg
}

// Genesis returns the development chain's genesis: geth's developer genesis
// (precompiles and system contracts) with the test keys, the faucet and alloc
// funded. It is the same for the same faucet and alloc.
func Genesis(faucet common.Address, alloc types.GenesisAlloc) *core.Genesis {
	g := core.DeveloperGenesisBlock(GasLimit, nil)
	g.Config = ChainConfig()
	for _, k := range TestKeys() {
		g.Alloc[k.Address] = types.Account{Balance: new(big.Int).Set(TestFunds)}
	}
	g.Alloc[faucet] = types.Account{Balance: new(big.Int).Set(faucetFunds)}
	maps.Copy(g.Alloc, alloc)
	return g
}

// New opens (or creates) the chain in opts.Dir and starts it.
func New(opts Options) (*Chain, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	faucet, err := loadFaucetKey(opts.Dir, logger)
	if err != nil {
		return nil, err
	}
	nodeCfg := node.Config{
		Name:    "paychan",
		DataDir: opts.Dir,
		P2P: p2p.Config{
			NoDiscovery: true,
			MaxPeers:    0,
			ListenAddr:  "",
		},
		// No HTTP, WebSocket or IPC endpoints of its own: the host mounts
		// Handler on its own mux.
		IPCPath: "",
	}
	stack, err := node.New(&nodeCfg)
	if err != nil {
		return nil, fmt.Errorf("devchain: create node in %q: %w", opts.Dir, err)
	}

	ethCfg := ethconfig.Defaults
	ethCfg.Genesis = Genesis(crypto.PubkeyToAddress(faucet.PublicKey), opts.Alloc)
	ethCfg.NetworkId = ChainID
	ethCfg.SyncMode = ethconfig.FullSync
	// Crash safety: the path scheme keeps recent state in memory and lost the
	// whole chain on a kill; the hash scheme without pruning writes every
	// block's state with the block.
	ethCfg.StateScheme = rawdb.HashScheme
	ethCfg.NoPruning = true
	// geth's default database cache (2 GB, for mainnet) sizes pebble's
	// memory tables at 256 MB each, and pebble allocates each write-ahead
	// log file at that size on disk: 1.4 GB per data directory before the
	// first block, on the operator's disk and in every test's temporary
	// directory. A development chain writes little (TestDataDirSmall).
	ethCfg.DatabaseCache = DatabaseCacheMB
	ethCfg.TxPool.NoLocals = true
	ethCfg.Miner.GasPrice = big.NewInt(1) // like geth --dev: accept any tip
	ethCfg.Miner.GasCeil = GasLimit
	ethCfg.RPCGasCap = opts.RPCGasCap
	if ethCfg.RPCGasCap == 0 {
		ethCfg.RPCGasCap = DefaultRPCGasCap
	}
	ethCfg.RPCEVMTimeout = opts.RPCEVMTimeout
	if ethCfg.RPCEVMTimeout <= 0 {
		ethCfg.RPCEVMTimeout = DefaultRPCEVMTimeout
	}
	backend, err := eth.New(stack, &ethCfg)
	if err != nil {
		stack.Close()
		return nil, fmt.Errorf("devchain: create eth service: %w", err)
	}

	// Our own JSON-RPC server: only eth (plus filters), net and web3.
	srv := rpc.NewServer()
	for _, api := range backend.APIs() {
		if api.Namespace != "eth" && api.Namespace != "net" {
			continue
		}
		if err := srv.RegisterName(api.Namespace, api.Service); err != nil {
			stack.Close()
			return nil, fmt.Errorf("devchain: register %s API: %w", api.Namespace, err)
		}
	}
	filterAPI := filters.NewFilterAPI(filters.NewFilterSystem(backend.APIBackend, filters.Config{}))
	if err := srv.RegisterName("eth", filterAPI); err != nil {
		stack.Close()
		return nil, fmt.Errorf("devchain: register filter API: %w", err)
	}
	if err := srv.RegisterName("web3", web3API{}); err != nil {
		stack.Close()
		return nil, fmt.Errorf("devchain: register web3 API: %w", err)
	}

	if err := stack.Start(); err != nil {
		stack.Close()
		return nil, fmt.Errorf("devchain: start node: %w", err)
	}
	beacon, err := catalyst.NewSimulatedBeacon(0, common.Address{}, backend)
	if err != nil {
		stack.Close()
		return nil, fmt.Errorf("devchain: create simulated beacon: %w", err)
	}
	c := &Chain{
		log:    logger,
		dir:    opts.Dir,
		stack:  stack,
		eth:    backend,
		beacon: beacon,
		rpc:    srv,
		client: ethclient.NewClient(rpc.DialInProc(srv)),
		faucet: faucet,
		mineMu: make(chan struct{}, 1),
		wake:   make(chan struct{}, 1),
		quit:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	newTxs := make(chan core.NewTxsEvent, 16)
	sub := backend.TxPool().SubscribeTransactions(newTxs, true)
	go c.miner(newTxs, sub)
	return c, nil
}

// miner mines a block whenever the pool reports new transactions.
func (c *Chain) miner(newTxs chan core.NewTxsEvent, sub interface{ Unsubscribe() }) {
	defer close(c.done)
	defer sub.Unsubscribe()
	sealer := make(chan struct{})
	go func() {
		defer close(sealer)
		for {
			select {
			case <-c.quit:
				return
			case <-c.wake:
				c.sealPending()
			}
		}
	}()
	for {
		select {
		case <-c.quit:
			<-sealer
			return
		case <-newTxs:
			select {
			case c.wake <- struct{}{}:
			default: // a wake-up is already queued
			}
		}
	}
}

// sealPending mines blocks until the pool has no executable transaction.
func (c *Chain) sealPending() {
	c.mu.Lock()
	defer c.mu.Unlock()
	pool := c.eth.TxPool()
	for range maxCommitsPerWake {
		if err := pool.Sync(); err != nil {
			c.log.Warn("devchain: tx pool sync", "err", err)
			return
		}
		if executable, _ := pool.Stats(); executable == 0 {
			break
		}
		c.beacon.Commit()
	}
	if err := c.syncDisk(); err != nil {
		c.log.Error("devchain: sync to disk", "err", err)
	}
}

// syncDisk flushes the chain database's write-ahead log to disk.
func (c *Chain) syncDisk() error {
	if err := c.eth.ChainDb().SyncKeyValue(); err != nil {
		return fmt.Errorf("devchain: sync chain database: %w", err)
	}
	return nil
}

// Mine mines n blocks (with whatever the pool holds, usually nothing) and
// returns the new head number. The blocks are on disk when it returns.
func (c *Chain) Mine(n int) (uint64, error) { return c.MineContext(context.Background(), n) }

// MineContext is Mine bounded by ctx. It seals MineChunk blocks at a time
// under the chain's write lock and releases the lock between chunks, so
// JSON-RPC requests are answered while it runs; concurrent calls take turns.
// When ctx ends it stops between chunks and returns the head reached with
// an error wrapping ctx.Err(); the blocks mined so far are on disk.
func (c *Chain) MineContext(ctx context.Context, n int) (uint64, error) {
	if n < 1 || n > MaxMine {
		return 0, fmt.Errorf("devchain: mine %d blocks: want 1 to %d", n, MaxMine)
	}
	select {
	case c.mineMu <- struct{}{}:
		defer func() { <-c.mineMu }()
	case <-ctx.Done():
		return 0, fmt.Errorf("devchain: mine: waiting for another mine: %w", ctx.Err())
	case <-c.quit:
		return 0, errors.New("devchain: mine: chain closed")
	}
	var head uint64
	for done := 0; done < n; {
		if err := ctx.Err(); err != nil {
			return head, fmt.Errorf("devchain: mine: stopped after %d of %d blocks: %w", done, n, err)
		}
		k, h, err := c.mineChunk(min(MineChunk, n-done), done, n)
		head = h
		if err != nil {
			return head, err
		}
		done += k
	}
	return head, nil
}

// mineChunk seals up to k blocks (at least one, none new after
// MineChunkTime) under the write lock, syncs them to disk and returns how
// many it sealed and the head.
func (c *Chain) mineChunk(k, done, n int) (int, uint64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.quit:
		return 0, 0, errors.New("devchain: mine: chain closed")
	default:
	}
	bc := c.eth.BlockChain()
	start := time.Now()
	sealed := 0
	for sealed < k && (sealed == 0 || time.Since(start) < MineChunkTime) {
		before := bc.CurrentBlock().Number.Uint64()
		c.beacon.Commit()
		if after := bc.CurrentBlock().Number.Uint64(); after != before+1 {
			return sealed, after, fmt.Errorf("devchain: mine block %d of %d: head stayed at %d", done+sealed+1, n, after)
		}
		sealed++
	}
	if err := c.syncDisk(); err != nil {
		return sealed, 0, err
	}
	return sealed, bc.CurrentBlock().Number.Uint64(), nil
}

// Head returns the number of the current head block.
func (c *Chain) Head() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.eth.BlockChain().CurrentBlock().Number.Uint64()
}

// Handler serves the chain's JSON-RPC API (eth, net, web3 and the eth filter
// methods) over HTTP POST. Put an allowlist in front of it before exposing it.
//
// Each call holds the chain's read lock on its own: the elements of a batch
// are served one after the other, each under the lock, so a batch of slow
// calls lets blocks be sealed (and other requests be answered) between its
// elements. When the request's context ends, the elements not yet served
// are answered with a timeout error.
func (c *Chain) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			c.serveLocked(w, r)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxHandlerBody))
		if err != nil {
			http.Error(w, "cannot read the request body: "+err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		var elems []json.RawMessage
		if t := bytes.TrimLeft(body, " \t\r\n"); len(t) == 0 || t[0] != '[' || json.Unmarshal(body, &elems) != nil || len(elems) == 0 {
			c.serveLocked(w, withBody(r, body)) // a single call, or one the server answers with an error
			return
		}
		out := []byte{'['}
		n := 0
		for _, e := range elems {
			var answer []byte
			switch {
			case r.Context().Err() != nil:
				answer = batchError(e, timeoutCode, "request timed out")
			case len(out) > maxBatchResponse:
				answer = batchError(e, responseTooLargeCode, "batch response too large")
			default:
				rec := &bufferWriter{header: http.Header{}}
				c.serveLocked(rec, withBody(r, e))
				answer = bytes.TrimSpace(rec.body.Bytes())
			}
			if len(answer) == 0 {
				continue // a notification
			}
			if n > 0 {
				out = append(out, ',')
			}
			out = append(out, answer...)
			n++
		}
		out = append(out, ']', '\n')
		w.Header().Set("Content-Type", "application/json")
		if n == 0 {
			w.WriteHeader(http.StatusOK)
			return
		}
		w.Write(out)
	})
}

// Limits of Handler's batches, as go-ethereum's own defaults.
const (
	maxHandlerBody       = 5 << 20  // bytes of a request body
	maxBatchResponse     = 25 << 20 // bytes of a batch answer
	timeoutCode          = -32002   // go-ethereum's "request timed out"
	responseTooLargeCode = -32003   // go-ethereum's "response too large"
)

// serveLocked serves one JSON-RPC request (a call or a batch) under the read lock.
func (c *Chain) serveLocked(w http.ResponseWriter, r *http.Request) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.rpc.ServeHTTP(w, r)
}

// withBody returns r with body as its body.
func withBody(r *http.Request, body []byte) *http.Request {
	r2 := r.Clone(r.Context())
	r2.Body = io.NopCloser(bytes.NewReader(body))
	r2.ContentLength = int64(len(body))
	return r2
}

// batchError is a JSON-RPC error answer to the batch element e.
func batchError(e json.RawMessage, code int, msg string) []byte {
	var req struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(e, &req) != nil || len(req.ID) == 0 {
		req.ID = json.RawMessage("null")
	}
	b, _ := json.Marshal(struct {
		Version string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}{Version: "2.0", ID: req.ID, Error: struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}{code, msg}})
	return b
}

// bufferWriter is an http.ResponseWriter that keeps the body in memory.
type bufferWriter struct {
	header http.Header
	body   bytes.Buffer
}

// Header returns the header map.
func (b *bufferWriter) Header() http.Header { return b.header }

// WriteHeader ignores the status: a batch element's answer is its body.
func (b *bufferWriter) WriteHeader(int) {}

// Write buffers p.
func (b *bufferWriter) Write(p []byte) (int, error) { return b.body.Write(p) }

// Client returns an ethclient connected in process to the chain. Its reads
// may see a block a moment before it is synced to disk; use [Chain.Barrier]
// before reporting a result to the outside world.
func (c *Chain) Client() *ethclient.Client { return c.client }

// Barrier waits until any block being sealed is on disk.
func (c *Chain) Barrier() {
	c.mu.RLock()
	//lint:ignore SA2001 an empty critical section is the point: it waits for the sealer's write lock
	c.mu.RUnlock()
}

// FaucetAddress is the account /dev/fund pays from.
func (c *Chain) FaucetAddress() common.Address { return crypto.PubkeyToAddress(c.faucet.PublicKey) }

// Fund sends amount wei from the faucet to addr, waits until the transaction
// is mined and on disk, and returns its hash.
func (c *Chain) Fund(ctx context.Context, addr common.Address, amount *big.Int) (common.Hash, error) {
	if amount == nil || amount.Sign() <= 0 {
		return common.Hash{}, errors.New("devchain: fund: amount must be positive")
	}
	c.fundMu.Lock()
	from := c.FaucetAddress()
	nonce, err := c.eth.APIBackend.GetPoolNonce(ctx, from)
	if err != nil {
		c.fundMu.Unlock()
		return common.Hash{}, fmt.Errorf("devchain: fund: faucet nonce: %w", err)
	}
	head := c.eth.BlockChain().CurrentBlock()
	tip := big.NewInt(params.GWei)
	feeCap := new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
	gas := uint64(21_000)
	if code, err := c.client.CodeAt(ctx, addr, nil); err == nil && len(code) > 0 {
		gas = 100_000 // a contract's receive function may run some code
	}
	tx, err := types.SignNewTx(c.faucet, types.LatestSignerForChainID(big.NewInt(ChainID)), &types.DynamicFeeTx{
		ChainID:   big.NewInt(ChainID),
		Nonce:     nonce,
		GasTipCap: tip,
		GasFeeCap: feeCap,
		Gas:       gas,
		To:        &addr,
		Value:     amount,
	})
	if err != nil {
		c.fundMu.Unlock()
		return common.Hash{}, fmt.Errorf("devchain: fund: sign: %w", err)
	}
	err = c.eth.APIBackend.SendTx(ctx, tx)
	c.fundMu.Unlock()
	if err != nil {
		return common.Hash{}, fmt.Errorf("devchain: fund %s: send: %w", addr, err)
	}
	receipt, err := chainclient.WaitMined(ctx, c.client, tx.Hash())
	if err != nil {
		return tx.Hash(), fmt.Errorf("devchain: fund %s: %w", addr, err)
	}
	c.Barrier()
	if receipt.Status != types.ReceiptStatusSuccessful {
		return tx.Hash(), fmt.Errorf("devchain: fund %s: transaction %s failed", addr, tx.Hash())
	}
	return tx.Hash(), nil
}

// Close stops mining, waits for requests in flight and closes the node,
// flushing the chain to disk. It is safe to call more than once.
func (c *Chain) Close() error {
	c.closeOnce.Do(func() {
		close(c.quit)
		<-c.done
		c.mu.Lock()
		defer c.mu.Unlock()
		c.client.Close()
		if err := c.beacon.Stop(); err != nil {
			c.closeErr = fmt.Errorf("devchain: stop beacon: %w", err)
		}
		if err := c.stack.Close(); err != nil {
			c.closeErr = errors.Join(c.closeErr, fmt.Errorf("devchain: close node: %w", err))
		}
	})
	return c.closeErr
}

// web3API is the small web3 namespace wallets probe.
type web3API struct{}

// ClientVersion returns the node's name.
func (web3API) ClientVersion() string {
	return fmt.Sprintf("paychan-devchain/go-ethereum-v%d.%d.%d", version.Major, version.Minor, version.Patch)
}

// Sha3 returns the Keccak-256 of input.
func (web3API) Sha3(input hexutil.Bytes) hexutil.Bytes { return crypto.Keccak256(input) }

// SetGethLogger routes go-ethereum's own logs to h at warn level and above.
// go-ethereum logs nothing until this is called.
func SetGethLogger(h slog.Handler) {
	gethlog.SetDefault(gethlog.NewLogger(minLevel{h, slog.LevelWarn}))
}

// minLevel drops records below level.
type minLevel struct {
	slog.Handler
	level slog.Level
}

// Enabled reports whether level is at least the minimum.
func (m minLevel) Enabled(ctx context.Context, level slog.Level) bool {
	return level >= m.level && m.Handler.Enabled(ctx, level)
}

// WithAttrs keeps the minimum level.
func (m minLevel) WithAttrs(attrs []slog.Attr) slog.Handler {
	return minLevel{m.Handler.WithAttrs(attrs), m.level}
}

// WithGroup keeps the minimum level.
func (m minLevel) WithGroup(name string) slog.Handler {
	return minLevel{m.Handler.WithGroup(name), m.level}
}
