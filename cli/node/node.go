// Package node connects the wallet engine (app/engine) to the host over
// the network for the headless client and the native benchmarks: it reads
// the host's configuration and logs in to the relay. Every protocol step
// and effect is the engine's: payments persisted before they are sent,
// incoming messages persisted before the relay client acknowledges them,
// acks coalesced, resync after a reconnection.
package node

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/channel"
	"paychan/app/engine"
	"paychan/app/hostapi"
	"paychan/app/relayclient"
)

// FetchConfig reads the host's /config.json. host is the base URL, such
// as http://127.0.0.1:8080.
func FetchConfig(ctx context.Context, host string) (hostapi.Config, error) {
	var cfg hostapi.Config
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(host, "/")+hostapi.ConfigPath, nil)
	if err != nil {
		return cfg, fmt.Errorf("host %s: %w", host, err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return cfg, fmt.Errorf("the host %s is unreachable: %w", host, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return cfg, fmt.Errorf("host %s: GET %s: %s", host, hostapi.ConfigPath, res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(&cfg); err != nil {
		return cfg, fmt.Errorf("host %s: bad %s: %w", host, hostapi.ConfigPath, err)
	}
	if !common.IsHexAddress(cfg.Contract) || cfg.ChainID == 0 {
		return cfg, fmt.Errorf("host %s: %s names no contract or chain", host, hostapi.ConfigPath)
	}
	return cfg, nil
}

// URL resolves a path of the config (such as "/relay") against the host's
// base URL; scheme "ws" selects a WebSocket URL.
func URL(host, path, scheme string) string {
	if strings.Contains(path, "://") {
		return path
	}
	u := strings.TrimRight(host, "/") + path
	if scheme == "ws" {
		u = "ws" + strings.TrimPrefix(u, "http")
	}
	return u
}

// Incoming reports a message from the peer after it was applied and
// persisted (or refused).
type Incoming struct {
	// From is the peer's signer address.
	From common.Address
	// Msg is the decoded message (nil if it could not be decoded).
	Msg channel.Message
	// Before and After are the channel state before and after.
	Before, After channel.State
	// Err is set when the message was refused (bad signature, overdraw,
	// unknown channel, not from the peer...): it is dropped, nothing changed.
	Err error
}

// Options configures a Node.
type Options struct {
	// OnIncoming is called for every message from the relay, after it was
	// persisted (or refused). It should be quick.
	OnIncoming func(Incoming)
	// Logger receives the relay client's logs (default: discard).
	Logger *slog.Logger
}

// Node is one key's engine, connected to a relay.
type Node struct {
	// Book is the engine's Book.
	Book *channel.Book
	// Engine carries out the rules' effects.
	Engine *engine.Engine

	relay *relayclient.Client
}

// New returns a Node for key on store (no chain: the benchmarks add their
// channels to the Book). Call Connect to reach the relay.
func New(store channel.Store, key *ecdsa.PrivateKey, opts Options) *Node {
	on := opts.OnIncoming
	e := engine.New(engine.Config{Store: store, Key: key, Notify: func(n engine.Note) {
		if on == nil || (n.Kind != engine.Received && n.Kind != engine.Refused) {
			return
		}
		on(Incoming{From: n.From, Msg: n.Msg, Before: n.Before, After: n.After, Err: n.Err})
	}})
	return &Node{Book: e.Book(), Engine: e}
}

// Dial logs in to the relay at url (ws://…/relay) as key, delivering
// messages to e and resyncing e after every (re)connection, and waits
// until connected.
func Dial(ctx context.Context, e *engine.Engine, url string, key *ecdsa.PrivateKey, logger *slog.Logger) (*relayclient.Client, error) {
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	c := relayclient.New(url, relayclient.KeySigner(key), relayclient.Options{
		BatchHandler: e.HandleBatch,
		MaxBackoff:   3 * time.Second,
		Logger:       logger,
		OnState: func(s relayclient.State, err error) {
			if s == relayclient.Connected {
				e.ResyncInBackground(false)
			}
		},
	})
	e.SetRelay(c)
	if err := c.WaitConnected(ctx); err != nil {
		c.Close()
		e.SetRelay(nil)
		return nil, fmt.Errorf("connect to the relay %s: %w", url, err)
	}
	return c, nil
}

// Connect logs in to the relay at url with key and waits until connected.
func (n *Node) Connect(ctx context.Context, url string, key *ecdsa.PrivateKey) error {
	c, err := Dial(ctx, n.Engine, url, key, nil)
	if err != nil {
		return err
	}
	n.relay = c
	return nil
}

// Relay returns the relay client (nil before Connect).
func (n *Node) Relay() *relayclient.Client { return n.relay }

// Close disconnects from the relay and stops the engine.
func (n *Node) Close() {
	if n.relay != nil {
		n.relay.Close()
	}
	n.Engine.Close()
}

// Pay pays amount on channel id (Engine.Pay).
func (n *Node) Pay(ctx context.Context, id channel.ID, amount *big.Int) (channel.State, error) {
	return n.Engine.Pay(ctx, id, amount)
}

// PayMany makes one payment per amount on channel id (Engine.PayMany).
func (n *Node) PayMany(ctx context.Context, id channel.ID, amounts []*big.Int) (channel.State, error) {
	return n.Engine.PayMany(ctx, id, amounts)
}
