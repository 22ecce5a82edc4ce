// Package node is the engine of the headless client (and of the native
// benchmarks): one key's channel.Book on a Store, connected to the host's
// relay and chain, with the same rules as the browser wallet.
//
// Outgoing payments are persisted by the Book before they are sent;
// incoming messages are applied and persisted by the Book before the relay
// handler returns, so the relay client acknowledges only what is on disk.
// Acks to the payer are informational (no money depends on them): they are
// coalesced, one per channel with the highest total, and sent in the
// background, so a burst of payments does not double the relay traffic.
package node

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/channel"
	"paychan/app/hostapi"
	"paychan/app/relayclient"
	"paychan/app/wire"
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
// persisted.
type Incoming struct {
	// From is the peer's signer address.
	From common.Address
	// Msg is the decoded message.
	Msg channel.Message
	// Before and After are the channel state before and after (equal for a
	// duplicate or an Ack).
	Before, After channel.State
	// Err is set when the message was refused (bad signature, overdraw,
	// unknown channel, not from the peer...): it is dropped, nothing changed.
	Err error
}

// Options configures a Node.
type Options struct {
	// OnIncoming is called for every message from the relay, after it was
	// persisted (or refused). It runs on the relay client's handler
	// goroutine and should be quick.
	OnIncoming func(Incoming)
	// OnSubmit is called with transactions the rules ask for (a claim when
	// a channel is closing, cooperativeClose when the peer countersigned).
	OnSubmit func(channel.Tx)
	// Join is called for a message about a channel the Book does not have
	// yet (the peer paid before `join`); it should add the channel from the
	// chain. The message is retried once after it returns nil.
	Join func(ctx context.Context, id channel.ID) error
	// Logger receives the relay client's logs (default: discard below warn).
	Logger *slog.Logger
}

// Node is one key's channels, connected to a relay.
type Node struct {
	// Book applies the rules and persists before effects are returned.
	Book *channel.Book

	opts  Options
	relay *relayclient.Client
	last  map[channel.ID]channel.State // handler goroutine only: state after the last message

	ackMu   sync.Mutex
	acks    map[channel.ID]ackItem
	ackCh   chan struct{}
	ackDone chan struct{}
	ctx     context.Context
	cancel  context.CancelFunc
}

type ackItem struct {
	to  common.Address
	ack channel.Ack
}

// New returns a Node for key on store. Call Connect to reach the relay.
func New(store channel.Store, key *ecdsa.PrivateKey, opts Options) *Node {
	ctx, cancel := context.WithCancel(context.Background())
	return &Node{Book: channel.NewBook(store, key), opts: opts, last: map[channel.ID]channel.State{}, acks: map[channel.ID]ackItem{},
		ackCh: make(chan struct{}, 1), ackDone: make(chan struct{}), ctx: ctx, cancel: cancel}
}

// Connect logs in to the relay at url (ws://…/relay) with key and waits
// until connected. Messages waiting in the mailbox are delivered at once.
// After every (re)connection, each channel whose last payment the peer has
// not acknowledged is resynced.
func (n *Node) Connect(ctx context.Context, url string, key *ecdsa.PrivateKey) error {
	logger := n.opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(discard{}, nil))
	}
	ready := make(chan struct{}) // n.relay is set
	c := relayclient.New(url, relayclient.KeySigner(key), relayclient.Options{
		BatchHandler: n.handleBatch,
		MaxBackoff:   3 * time.Second,
		Logger:       logger,
		OnState: func(s relayclient.State, err error) {
			if s == relayclient.Connected {
				go func() {
					select {
					case <-ready:
						n.resync()
					case <-n.ctx.Done():
					}
				}()
			}
		},
	})
	n.relay = c
	close(ready)
	if err := c.WaitConnected(ctx); err != nil {
		c.Close()
		n.relay = nil
		return fmt.Errorf("connect to the relay %s: %w", url, err)
	}
	go n.ackLoop()
	return nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Relay returns the relay client (nil before Connect).
func (n *Node) Relay() *relayclient.Client { return n.relay }

// Close disconnects from the relay. Everything received was persisted.
func (n *Node) Close() {
	n.cancel()
	if n.relay != nil {
		n.relay.Close()
		<-n.ackDone
	}
}

// Pay pays amount on channel id: the new total is persisted, then sent;
// Pay returns once the relay stored the payment durably.
func (n *Node) Pay(ctx context.Context, id channel.ID, amount *big.Int) (channel.State, error) {
	st, fx, err := n.Book.Pay(id, amount, time.Now())
	if err != nil {
		return st, err
	}
	if err := n.Send(ctx, st.Peer().Signer, fx.Send); err != nil {
		return st, fmt.Errorf("the payment is saved but not delivered yet (it is resent at the next connection): %w", err)
	}
	return st, nil
}

// PayMany makes one payment per amount on channel id (each signed), saves
// once, then sends them all; it returns once the relay stored them.
func (n *Node) PayMany(ctx context.Context, id channel.ID, amounts []*big.Int) (channel.State, error) {
	st, fx, err := n.Book.PayMany(id, amounts, time.Now())
	if err != nil {
		return st, err
	}
	if err := n.SendAll(ctx, st.Peer().Signer, fx.Send); err != nil {
		return st, fmt.Errorf("the payments are saved but not delivered yet (they are resent at the next connection): %w", err)
	}
	return st, nil
}

// SendAll stores msgs in the peer's mailbox in order, pipelined (every
// send frame is written before any confirmation is awaited), and waits
// until the relay stored them all. Keeping the order matters: a payment
// overtaken by a later total reaches the payee as stale, and the payee
// answers each such payment with a Sync (and the payer then resends its
// latest payment), which multiplies the traffic.
func (n *Node) SendAll(ctx context.Context, to common.Address, msgs []channel.Message) error {
	if len(msgs) <= 1 {
		return n.Send(ctx, to, msgs)
	}
	if n.relay == nil {
		return errors.New("not connected to the relay")
	}
	waits := make([]func(context.Context) (uint64, error), 0, len(msgs))
	var first error
	for _, m := range msgs {
		b, err := wire.Encode(m)
		if err != nil {
			first = fmt.Errorf("encode %T: %w", m, err)
			break
		}
		w, err := n.relay.SendAsync(to, b)
		if err != nil {
			first = fmt.Errorf("relay: %w", err)
			break
		}
		waits = append(waits, w)
	}
	for _, w := range waits {
		if _, err := w(ctx); err != nil && first == nil {
			first = fmt.Errorf("relay: %w", err)
		}
	}
	return first
}

// Send encodes msgs and stores them in the peer's mailbox, in order.
func (n *Node) Send(ctx context.Context, to common.Address, msgs []channel.Message) error {
	if n.relay == nil {
		return errors.New("not connected to the relay")
	}
	for _, m := range msgs {
		b, err := wire.Encode(m)
		if err != nil {
			return fmt.Errorf("encode %T: %w", m, err)
		}
		if _, err := n.relay.Send(ctx, to, b); err != nil {
			return fmt.Errorf("relay: %w", err)
		}
	}
	return nil
}

// resync sends a Sync for every open channel whose last payment the peer
// has not acknowledged (after a reconnect, or a payment saved offline).
func (n *Node) resync() {
	states, err := n.Book.List()
	if err != nil {
		return
	}
	for _, st := range states {
		if st.Status == channel.Closed || st.Sent.Sign() == 0 || st.PeerAcked.Cmp(st.Sent) >= 0 {
			continue
		}
		if fx, err := n.Book.Sync(st.ID); err == nil {
			n.Send(n.ctx, st.Peer().Signer, fx.Send)
		}
	}
}

// refused lists the rule errors after which a message is dropped (it can
// never become valid); any other error (a failed save) is retried.
var refused = []error{
	channel.ErrBadSignature, channel.ErrOverdraw, channel.ErrNotPeer, channel.ErrWrongChannel,
	channel.ErrNotOpen, channel.ErrDecrease, channel.ErrCloseRefused, channel.ErrNoProposal,
	channel.ErrInvalidState, channel.ErrTotalTooLarge, channel.ErrNotFound, channel.ErrWrongKey,
	channel.ErrCloseSigned, channel.ErrFinalizationTooShort,
}

func isRefusal(err error) bool {
	for _, r := range refused {
		if errors.Is(err, r) {
			return true
		}
	}
	return false
}

// handle is the relay handler: decode, apply and persist, then report. It
// returns an error only when persisting failed (the relay client retries).
func (n *Node) handle(ctx context.Context, rm relayclient.Message) error {
	in := Incoming{From: rm.From}
	m, err := wire.Decode(rm.Payload)
	if err != nil {
		in.Err = fmt.Errorf("undecodable message from %s: %w", rm.From.Hex(), err)
		n.report(in)
		return nil
	}
	in.Msg = m
	// The state before, for the report: the last state this handler saw
	// (the handler runs on one goroutine), loaded only the first time.
	id := m.ChannelID()
	before, ok := n.last[id]
	if !ok {
		before, _ = n.Book.Get(id)
	}
	in.Before = before
	st, fx, err := n.Book.Receive(rm.From, m, time.Now())
	if errors.Is(err, channel.ErrNotFound) && n.opts.Join != nil {
		if jerr := n.opts.Join(ctx, id); jerr == nil {
			in.Before, _ = n.Book.Get(id)
			st, fx, err = n.Book.Receive(rm.From, m, time.Now())
		}
	}
	if err == nil {
		n.last[id] = st
	} else {
		delete(n.last, id)
	}
	if err != nil {
		if !isRefusal(err) {
			return err // not persisted: the relay client calls again
		}
		in.Err = err
		n.report(in)
		return nil
	}
	in.After = st
	n.report(in)
	for _, e := range fx.Send {
		if a, ok := e.(channel.Ack); ok {
			n.queueAck(st.Peer().Signer, a)
			continue
		}
		go n.Send(n.ctx, st.Peer().Signer, []channel.Message{e})
	}
	for _, tx := range fx.Submit {
		if n.opts.OnSubmit != nil {
			n.opts.OnSubmit(tx)
		}
	}
	return nil
}

// handleBatch is the relay's batch handler: decode every message, apply
// them all and persist each changed channel once (Book.ReceiveMany), then
// report and carry out the effects. It returns an error only when
// persisting failed (the relay client retries the batch; the rules treat
// messages applied again as duplicates).
func (n *Node) handleBatch(ctx context.Context, rms []relayclient.Message) error {
	ins := make([]channel.Incoming, 0, len(rms))
	idx := make([]int, 0, len(rms)) // ins[k] is rms[idx[k]]
	reports := make([]Incoming, len(rms))
	for i, rm := range rms {
		reports[i].From = rm.From
		m, err := wire.Decode(rm.Payload)
		if err != nil {
			reports[i].Err = fmt.Errorf("undecodable message from %s: %w", rm.From.Hex(), err)
			continue
		}
		reports[i].Msg = m
		ins = append(ins, channel.Incoming{From: rm.From, Msg: m})
		idx = append(idx, i)
	}
	outs, err := n.Book.ReceiveMany(ins, time.Now())
	if err != nil {
		return err // nothing persisted: the relay client calls again
	}
	// Messages about a channel the Book does not have yet: join it from the
	// chain, then apply them again.
	if n.opts.Join != nil {
		var retry []int
		joined := map[channel.ID]bool{}
		for k, o := range outs {
			if errors.Is(o.Err, channel.ErrNotFound) {
				id := ins[k].Msg.ChannelID()
				if _, tried := joined[id]; !tried {
					joined[id] = n.opts.Join(ctx, id) == nil
				}
				if joined[id] {
					retry = append(retry, k)
				}
			}
		}
		if len(retry) > 0 {
			again := make([]channel.Incoming, len(retry))
			for j, k := range retry {
				again[j] = ins[k]
			}
			outs2, err := n.Book.ReceiveMany(again, time.Now())
			if err != nil {
				return err
			}
			for j, k := range retry {
				outs[k] = outs2[j]
			}
		}
	}
	for k, o := range outs {
		r := &reports[idx[k]]
		r.Before, r.After, r.Err = o.Before, o.After, o.Err
		if o.Err != nil {
			if !isRefusal(o.Err) {
				return o.Err
			}
			continue
		}
		n.last[o.After.ID] = o.After
		for _, e := range o.Effects.Send {
			if a, ok := e.(channel.Ack); ok {
				n.queueAck(o.After.Peer().Signer, a)
				continue
			}
			go n.Send(n.ctx, o.After.Peer().Signer, []channel.Message{e})
		}
		for _, tx := range o.Effects.Submit {
			if n.opts.OnSubmit != nil {
				n.opts.OnSubmit(tx)
			}
		}
	}
	for _, r := range reports {
		n.report(r)
	}
	return nil
}

func (n *Node) report(in Incoming) {
	if n.opts.OnIncoming != nil {
		n.opts.OnIncoming(in)
	}
}

// queueAck keeps the highest Ack per channel for the ack loop.
func (n *Node) queueAck(to common.Address, a channel.Ack) {
	n.ackMu.Lock()
	if cur, ok := n.acks[a.ID]; !ok || cur.ack.Received.Cmp(a.Received) < 0 {
		n.acks[a.ID] = ackItem{to: to, ack: a}
	}
	n.ackMu.Unlock()
	select {
	case n.ackCh <- struct{}{}:
	default:
	}
}

// ackLoop sends the queued Acks, the latest per channel.
func (n *Node) ackLoop() {
	defer close(n.ackDone)
	for {
		select {
		case <-n.ctx.Done():
			return
		case <-n.ackCh:
		}
		n.ackMu.Lock()
		batch := n.acks
		n.acks = map[channel.ID]ackItem{}
		n.ackMu.Unlock()
		for _, it := range batch {
			n.Send(n.ctx, it.to, []channel.Message{it.ack})
		}
	}
}
