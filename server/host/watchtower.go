package host

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/params"

	"paychan/app/hostapi"
	wt "paychan/app/watchtower"
	"paychan/server/devchain"
	"paychan/server/relay"
	"paychan/server/watchtower"
)

// WatchtowerFunding is what the embedded chain's faucet gives the
// watchtower's account at start when it holds less than WatchtowerLowFunds.
var (
	WatchtowerFunding  = new(big.Int).Mul(big.NewInt(1_000), big.NewInt(params.Ether))
	WatchtowerLowFunds = new(big.Int).Mul(big.NewInt(100), big.NewInt(params.Ether))
)

// startWatchtower starts the host's watchtower once the chain, the relay
// and the listener are up: its key lives in DataDir/watchtower.key; on the
// embedded chain its account is funded from the faucet, in external mode the
// operator funds the logged address. It reads its mailbox on the host's own
// /relay over loopback and keeps its state in the relay's JetStream.
func (m *Main) startWatchtower(ctx context.Context) error {
	keyFile := m.Config.WatchtowerKeyFile
	if keyFile == "" {
		keyFile = filepath.Join(m.Config.DataDir, watchtower.KeyFile)
	}
	key, created, err := watchtower.LoadOrCreateKey(keyFile)
	if err != nil {
		return fmt.Errorf("host: %w", err)
	}
	backend := m.client
	if m.chain != nil {
		backend = m.chain.Client()
	}
	w, err := watchtower.Open(ctx, watchtower.Config{
		Backend:   backend,
		ChainID:   m.chainID,
		Contract:  m.contract,
		Key:       key,
		JetStream: m.store.JetStream(),
		Replicas:  m.store.Replicas(),
		// Distinct per host sharing the bucket, the same across restarts.
		LeaseHolder: leaseHolder(m.Config.DataDir),
		RelayURL:    loopbackRelayURL(m.ln.Addr()),
		Limits:      m.Config.Watchtower,
		TokenPrices: m.tokenPrices(),
		RelayHost:   m.Config.RelayHost,
		// A reserved slot: others on loopback cannot crowd it out.
		RelayHeader: http.Header{relay.ReservedHeader: {m.relayToken}},
		Logger:      m.log.With("part", "watchtower"),
	})
	if err != nil {
		return fmt.Errorf("host: %w", err)
	}
	addr := w.Address()
	bal, err := backend.BalanceAt(ctx, addr, nil)
	if err != nil {
		return fmt.Errorf("host: watchtower balance: %w", err)
	}
	if m.chain != nil && bal.Cmp(WatchtowerLowFunds) < 0 {
		if _, err := m.chain.Fund(ctx, addr, WatchtowerFunding); err != nil {
			return fmt.Errorf("host: fund the watchtower: %w", err)
		}
		bal = new(big.Int).Add(bal, WatchtowerFunding)
	}
	m.watchtower = w
	// Wallets seal their hand-offs to the watchtower's key: the relay
	// knows it now, not only once the watchtower has logged in.
	m.relay.KnowKey(ctx, &key.PublicKey)
	w.Start()
	st, _ := w.Status(ctx)
	m.log.Info("watchtower started", "account", addr.Hex(), "newKey", created, "balance", bal, "watched", st.Watched,
		"cursor", st.Cursor, "claims", st.Claims, "gasSpent", st.GasSpent)
	if bal.Sign() == 0 {
		m.log.Warn("the watchtower's account holds nothing: fund it or it refuses hand-offs and cannot claim", "account", addr.Hex())
	}
	return nil
}

// tokenPrices are the watchtower's token prices: the configured ones, and
// on the embedded chain its test token at devchain.TestUSDWeiPerToken
// unless configured (so the development demo in tUSD is protected).
func (m *Main) tokenPrices() map[common.Address]*big.Int {
	prices := maps.Clone(m.Config.WatchtowerTokenPrices)
	if m.chain == nil {
		return prices
	}
	if prices == nil {
		prices = map[common.Address]*big.Int{}
	}
	for _, t := range m.tokens {
		if tok := common.HexToAddress(t.Address); t.Symbol == devchain.TestUSDSymbol && prices[tok] == nil {
			prices[tok] = new(big.Int).Set(devchain.TestUSDWeiPerToken)
		}
	}
	return prices
}

// leaseHolder names this host in the watchtower's claim lease: its
// hostname and absolute data directory.
func leaseHolder(dataDir string) string {
	name, _ := os.Hostname()
	if abs, err := filepath.Abs(dataDir); err == nil {
		dataDir = abs
	}
	return name + ":" + dataDir
}

// newRelayToken returns a random secret for the relay's reserved
// connections (kept in memory only).
func newRelayToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("host: no randomness: %v", err))
	}
	return hex.EncodeToString(b)
}

// loopbackRelayURL is the ws:// URL of the host's own /relay over loopback,
// also when the host listens on all interfaces.
func loopbackRelayURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "ws://" + addr.String() + hostapi.RelayPath
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "ws://" + net.JoinHostPort(host, port) + hostapi.RelayPath
}

// Watchtower returns the host's watchtower (nil before Run).
func (m *Main) Watchtower() *watchtower.Watchtower { return m.watchtower }

// watchtowerAddress is the address /config.json advertises ("" without one).
func (m *Main) watchtowerAddress() string {
	if !m.ready.Load() || m.watchtower == nil {
		return ""
	}
	return m.watchtower.Address().Hex()
}

// registerWatchtower routes wt.StatusPath to the watchtower's status.
func (m *Main) registerWatchtower(mux *http.ServeMux) {
	mux.HandleFunc(wt.StatusPath, m.serveWatchtower)
}

// serveWatchtower serves the watchtower's Status at wt.StatusPath.
func (m *Main) serveWatchtower(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, hostapi.CodeMethod, "use GET")
		return
	}
	if m.refuseWhileStarting(w) {
		return
	}
	if m.watchtower == nil {
		writeError(w, http.StatusServiceUnavailable, hostapi.CodeUnavailable, "this host runs no watchtower")
		return
	}
	st, err := m.watchtower.Status(r.Context())
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, hostapi.CodeUnavailable, err.Error())
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, st)
}
