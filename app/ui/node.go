package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/browserstore"
	"paychan/app/chainclient"
	"paychan/app/chainclient/fetch"
	"paychan/app/channel"
	"paychan/app/engine"
	"paychan/app/hostapi"
	"paychan/app/perfmark"
	"paychan/app/relayclient"
	"paychan/app/wallet"
)

// node connects this browser's wallet engine (app/engine, which owns the
// channels and carries out every effect) to the host, as cli/node does for
// the CLI: it holds the host's configuration, the chain and relay clients,
// the watchtower hand-off, the store and the unlocked key. Its methods block
// (network, scrypt, signing) and run from ctx.Async or the node's own
// goroutines, never on the UI goroutine; the root component copies their
// results into its fields inside ctx.Dispatch.
type node struct {
	origin string // the host's origin, e.g. http://127.0.0.1:8080
	store  *browserstore.Store

	mu    sync.Mutex
	cfg   hostapi.Config
	chain *chainclient.Client
	key   *wallet.Key
	eng   *engine.Engine
	relay *relayclient.Client
	// notify and progress connect the engine to the view (set by root
	// before a key is unlocked).
	notify   func(engine.Note)
	progress func(channel.Tx) chainclient.Progress
	// fullSync asks the next relay connection to sync every channel with
	// its peer (set by a restore from backup).
	fullSync bool
	// marked is set once the chain's mark was checked against the one
	// this browser recorded (checkChain); cleared when the host is lost
	// (a failed refresh, a new relay connection), so that a chain started
	// again behind the same host is noticed.
	marked bool
}

func newNode(origin string, store *browserstore.Store) *node {
	return &node{origin: origin, store: store}
}

// hostTimeout bounds a request to the host. Requests go through
// fetch.Do, not http.Client, which would link net/http's Go transport with
// crypto/tls into app.wasm.
const hostTimeout = 10 * time.Second

// errLocked is returned by actions that need the key while it is locked.
var errLocked = errors.New("unlock your key first")

// errOffline is returned by actions that need the host while it is down.
var errOffline = errors.New("the host is unreachable: you are offline")

// loadConfig fetches /config.json and connects the chain client; on
// failure it returns the cached configuration with the error.
func (s *node) loadConfig(ctx context.Context) (hostapi.Config, error) {
	var cfg hostapi.Config
	err := s.getConfig(ctx, &cfg)
	if err != nil {
		var cached hostapi.Config
		if ok, _ := s.store.LoadConfig(&cached); ok {
			s.mu.Lock()
			s.cfg = cached
			s.mu.Unlock()
			return cached, fmt.Errorf("%w (%v)", errOffline, err)
		}
		return cached, fmt.Errorf("%w (%v)", errOffline, err)
	}
	s.store.SaveConfig(cfg)
	cl, err := chainclient.Dial(ctx, s.origin+cfg.RPC, common.HexToAddress(cfg.Contract), cfg.ChainID)
	if err != nil {
		return cfg, err
	}
	s.mu.Lock()
	s.cfg, s.chain = cfg, cl
	eng := s.eng
	s.mu.Unlock()
	if eng != nil {
		configure(eng, cfg, cl)
	}
	return cfg, nil
}

// getConfig reads the host's configuration: the first time from the
// request app.js started as the page loaded (hostapi.ConfigPrefetch), so
// that the start has one fetch fewer and the answer is there sooner;
// then, or if that request failed, with a request of its own.
func (s *node) getConfig(ctx context.Context, cfg *hostapi.Config) error {
	ctx, cancel := context.WithTimeout(ctx, hostTimeout)
	defer cancel()
	res, ok, err := fetch.Take(ctx, hostapi.ConfigPrefetch)
	if ok && err == nil && res.StatusCode == http.StatusOK && json.Unmarshal(res.Body, cfg) == nil {
		return nil
	}
	*cfg = hostapi.Config{}
	return s.getJSON(ctx, hostapi.ConfigPath, cfg)
}

func (s *node) getJSON(ctx context.Context, path string, v any) error {
	ctx, cancel := context.WithTimeout(ctx, hostTimeout)
	defer cancel()
	res, err := fetch.Do(ctx, http.MethodGet, s.origin+path, "", nil)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, res.Status)
	}
	return json.Unmarshal(res.Body, v)
}

func (s *node) postJSON(ctx context.Context, path string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, hostTimeout)
	defer cancel()
	res, err := fetch.Do(ctx, http.MethodPost, s.origin+path, "application/json", b)
	if err != nil {
		return fmt.Errorf("%w (%v)", errOffline, err)
	}
	body := res.Body
	if len(body) > 1<<16 {
		body = body[:1<<16]
	}
	if res.StatusCode != http.StatusOK {
		var he hostapi.Error
		if json.Unmarshal(body, &he) == nil && he.Message != "" {
			return fmt.Errorf("host refused: %s", he.Message)
		}
		return fmt.Errorf("host refused: %s", res.Status)
	}
	return json.Unmarshal(body, out)
}

func (s *node) snapshot() (hostapi.Config, *chainclient.Client, *wallet.Key, *engine.Engine, *relayclient.Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg, s.chain, s.key, s.eng, s.relay
}

// configure gives the engine what the host's configuration says.
func configure(eng *engine.Engine, cfg hostapi.Config, cl *chainclient.Client) {
	// The host may lower the minimum finalization period on the
	// development chain only (channel.MinFinalizationBlocks).
	eng.SetHostMinFinalization(cfg.MinFinalizationBlocks)
	if cfg.ChainID != 0 {
		eng.SetDomain(channel.Domain{ChainID: cfg.ChainID, Contract: common.HexToAddress(cfg.Contract)})
	}
	if common.IsHexAddress(cfg.Watchtower) {
		eng.SetWatchtowerAddr(common.HexToAddress(cfg.Watchtower))
	}
	if cl != nil {
		eng.SetChain(cl)
	}
}

// connectRelay logs in to the relay as the key's signer; incoming messages
// go to the engine, which persists them before the handler returns (and so
// before the relay client acknowledges them).
func (s *node) connectRelay(onState func(relayclient.State, error)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.key == nil || s.eng == nil || s.relay != nil || s.cfg.Relay == "" {
		return
	}
	eng := s.eng
	url := "ws" + strings.TrimPrefix(s.origin, "http") + s.cfg.Relay
	s.relay = relayclient.New(url, relayclient.KeySigner(s.key.PrivateKey()), relayclient.Options{
		Handler: func(ctx context.Context, m relayclient.Message) error {
			perfmark.Mark(perfmark.Recv)
			return eng.Handle(ctx, m)
		},
		OnState: onState, MaxBackoff: 3 * time.Second,
		// A received payment's new balance (written by the UI goroutine,
		// live.go) reaches the page before the relay acknowledgement is
		// encoded and written.
		Yield: yieldToPage,
		// The next payment's ephemeral key is made while the user looks
		// at this one: its send seals with what is left.
		SealAhead: true,
	})
	eng.SetRelay(s.relay)
}

// channelID names channel n of the configured contract.
func channelID(cfg hostapi.Config, n uint64) channel.ID {
	return channel.ID{Domain: channel.Domain{ChainID: cfg.ChainID, Contract: common.HexToAddress(cfg.Contract)}, Channel: n}
}

// chainView is what a refresh learned from the chain.
type chainView struct {
	Head     uint64
	Balance  *big.Int
	Channels map[uint64]*chainclient.Channel
	States   []channel.State
	// Archived lists the channels set aside because the chain was reset
	// (checkChain), on the refresh that noticed it.
	Archived []channel.ID
}

// refresh checks the chain's mark, then lets the engine read the chain:
// it adds the channels found in ChannelOpened events, applies the on-chain
// facts to each stored state and carries out what the rules ask for (a
// claim when the peer starts closing with a lower total, a signed Close).
func (s *node) refresh(ctx context.Context) (chainView, error) {
	cfg, cl, k, eng, _ := s.snapshot()
	var v chainView
	if cl == nil {
		return v, errOffline
	}
	s.mu.Lock()
	marked := s.marked
	s.mu.Unlock()
	// The chain's mark is read once per connection to the host, with the
	// head in the same request.
	var head uint64
	var mark common.Hash
	var err error
	if marked {
		head, err = cl.BlockNumber(ctx)
	} else {
		head, mark, err = cl.HeadAndMark(ctx)
	}
	if err != nil {
		s.mu.Lock()
		s.marked = false
		s.mu.Unlock()
		return v, fmt.Errorf("%w (%v)", errOffline, err)
	}
	v.Head = head
	if !marked {
		if v.Archived, err = s.checkChain(cfg, mark); err != nil {
			return v, err
		}
	}
	v.Channels = map[uint64]*chainclient.Channel{}
	if k == nil || eng == nil {
		return v, nil
	}
	ev, err := eng.RefreshAt(ctx, v.Head)
	if err != nil {
		return v, err
	}
	v.Balance, v.Channels, v.States = ev.Balance, ev.Channels, ev.States
	s.store.SaveBalance(k.Signer().Hex(), browserstore.Balance{Wei: v.Balance.String(), Block: v.Head})
	return v, nil
}

// pay makes a payment: the engine persists the new total before it is sent.
func (s *node) pay(ctx context.Context, id channel.ID, amt *big.Int) (channel.State, error) {
	_, _, _, eng, _ := s.snapshot()
	if eng == nil {
		return channel.State{}, errLocked
	}
	// An *engine.UndeliveredError (saved, sent later) goes up as it is:
	// words.go says it.
	return eng.Pay(ctx, id, amt)
}

// proposeClose proposes a cooperative close with my current totals: the
// engine signs and persists the proposal, then it goes to the peer.
func (s *node) proposeClose(ctx context.Context, id channel.ID) (channel.State, error) {
	_, _, _, eng, _ := s.snapshot()
	if eng == nil {
		return channel.State{}, errLocked
	}
	return eng.ProposeClose(ctx, id)
}
