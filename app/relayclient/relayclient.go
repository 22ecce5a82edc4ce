// Package relayclient is the Go client of the paychan relay, for the wallet
// (GOOS=js GOARCH=wasm, over the browser's WebSocket) and for native
// programs and tests.
//
// A Client logs in by signing the relay's challenge with a Signer (the key
// stays with the caller), reconnects with backoff when the connection
// drops, resends sends the relay has not confirmed, and hands each incoming
// message to a Handler; the message is acknowledged to the relay (and so
// removed from the mailbox) only after the Handler returned nil, meaning the
// caller persisted it.
//
// Delivery to the Handler is in mailbox order (so in order per sender) and,
// within one Client's lifetime, exactly once per (From, ID): redeliveries after
// a reconnect or a relay crash are recognised and acknowledged without
// calling the Handler again. Across restarts of the caller's process, a
// message whose acknowledgement did not reach the relay is delivered again;
// the caller recognises it by (From, ID) or Seq.
package relayclient

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	neturl "net/url"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/relayproto"
	"paychan/internal/wsconn"
)

// Signer proves ownership of an address; the private key stays with it.
type Signer interface {
	// Address is the signer address the client logs in as.
	Address() common.Address
	// SignHash returns the 65-byte [R || S || V] secp256k1 signature of the
	// 32-byte hash (V 0/1 or 27/28). The client passes the EIP-191
	// personal_sign hash of the login text (relayproto.LoginText).
	SignHash(hash []byte) ([]byte, error)
}

// KeySigner is a Signer holding a private key, for programs and tests.
func KeySigner(key *ecdsa.PrivateKey) Signer { return keySigner{key} }

type keySigner struct{ key *ecdsa.PrivateKey }

func (k keySigner) Address() common.Address { return crypto.PubkeyToAddress(k.key.PublicKey) }
func (k keySigner) SignHash(hash []byte) ([]byte, error) {
	sig, err := crypto.Sign(hash, k.key)
	if err != nil {
		return nil, fmt.Errorf("sign relay login: %w", err)
	}
	return sig, nil
}

// Message is a message received from the relay.
type Message struct {
	// From is the authenticated sender.
	From common.Address
	// ID is the sender's message id; (From, ID) identifies the message.
	ID string
	// Seq is the relay's sequence number, increasing within the mailbox.
	Seq uint64
	// Payload is the opaque content.
	Payload []byte
}

// Handler receives each message in order. It returns nil once it has
// persisted the message; the client then acknowledges it. On an error the
// client calls it again with the same message after a pause (later
// messages wait), until it succeeds or the Client is closed.
type Handler func(ctx context.Context, m Message) error

// State is the state of the connection to the relay.
type State int

// Connection states.
const (
	Disconnected State = iota // not connected; a reconnect is scheduled
	Connecting                // dialling and logging in
	Connected                 // logged in: sends are stored, messages arrive
	Closed                    // Close was called
)

func (s State) String() string {
	switch s {
	case Disconnected:
		return "disconnected"
	case Connecting:
		return "connecting"
	case Connected:
		return "connected"
	case Closed:
		return "closed"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// Options configures a Client.
type Options struct {
	// Handler receives incoming messages. Without one the client only
	// sends: delivered messages are never acknowledged and stay in the
	// mailbox.
	Handler Handler
	// OnState is called, from the client's goroutine, on every state
	// change with the error that caused a disconnection (or nil). It must
	// not block.
	OnState func(s State, err error)
	// MinBackoff and MaxBackoff bound the pause before a reconnect, which
	// doubles after each failed attempt (defaults 100 ms and 10 s).
	MinBackoff, MaxBackoff time.Duration
	// DialTimeout bounds dialling and logging in (default 15 s).
	DialTimeout time.Duration
	// MaxFrameBytes is the largest frame accepted from the relay (default 1 MiB).
	MaxFrameBytes int
	// DedupeWindow is how many recent (From, ID) pairs are remembered to
	// suppress redeliveries (default 65536).
	DedupeWindow int
	// Logger receives connection events (default slog.Default()).
	Logger *slog.Logger
	// BatchHandler, when set, is used instead of Handler: it receives the
	// delivered messages that are waiting, in order, up to MaxBatch at a
	// time, so that the caller can persist them with one write. It
	// returns nil once it has persisted all of them; the client then
	// acknowledges them all. On an error the client calls it again with
	// the same messages after a pause.
	BatchHandler BatchHandler
	// MaxBatch bounds the messages of one BatchHandler call (default 256).
	MaxBatch int
	// Host is the relay name the client expects in the relay's challenge
	// (default: the host[:port] of the URL it dials). The client signs a
	// login only for a challenge naming this host (relayproto.SameHost:
	// localhost, 127.0.0.1 and [::1] with the same port are one name), so
	// that a server it connects to cannot replay its login at another
	// relay. Set it when the client dials the relay by another name than
	// the one the relay is configured with, such as the host's watchtower
	// dialing 127.0.0.1 of a host named paychan.example.
	Host string
	// Header is sent with the WebSocket handshake (native clients only;
	// a browser sets its own headers).
	Header http.Header
}

// BatchHandler receives several messages at once (see Options.BatchHandler).
type BatchHandler func(ctx context.Context, ms []Message) error

// Error is an error frame from the relay about a request.
type Error struct {
	// Code is one of relayproto's Code constants, e.g. relayproto.CodeQuotaExceeded.
	Code string
	// Message is the relay's explanation.
	Message string
}

func (e *Error) Error() string { return "relay: " + e.Code + ": " + e.Message }

// ErrClosed is returned by Send after Close.
var ErrClosed = errors.New("relayclient: closed")

// ErrWrongRelay means the relay's challenge names another host than the
// one the client meant to reach (Options.Host, or the URL's host): the
// client did not sign it, since the server may be forwarding another
// relay's challenge to replay the login there.
var ErrWrongRelay = errors.New("relayclient: the relay's challenge names another host")

// Client is a connection to a relay that reconnects by itself.
type Client struct {
	url    string
	host   string // the relay name expected in the challenge
	scheme string // of url
	signer Signer
	addr   common.Address
	opts   Options
	log    *slog.Logger

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	state     State
	sess      *session
	gen       uint64              // connection generation, bumped on connect
	connected chan struct{}       // closed while Connected
	lastErr   error               // of the last failed connection attempt
	pending   map[string]*pending // sends not yet confirmed
	order     []*pending          // pending in send order

	inboxMu sync.Mutex
	inbox   []inboxItem
	inboxCh chan struct{} // signalled when inbox grows

	seen     map[seenKey]struct{}
	seenFIFO []seenKey
}

type seenKey struct {
	from common.Address
	id   string
}

type inboxItem struct {
	gen uint64
	msg Message
}

type pending struct {
	retries int // rate_limited/unavailable refusals so far
	id      string
	to      common.Address
	payload []byte
	done    chan result // buffered 1
}

type result struct {
	seq uint64
	err error
}

// New returns a Client for the relay at url (ws:// or wss://) logging in as
// signer, and starts connecting in the background.
func New(url string, signer Signer, opts Options) *Client {
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = 100 * time.Millisecond
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = 10 * time.Second
		if opts.MaxBackoff < opts.MinBackoff {
			opts.MaxBackoff = opts.MinBackoff
		}
	}
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = 15 * time.Second
	}
	if opts.MaxFrameBytes <= 0 {
		opts.MaxFrameBytes = 1 << 20
	}
	if opts.DedupeWindow <= 0 {
		opts.DedupeWindow = 1 << 16
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	host, scheme := opts.Host, ""
	if u, err := neturl.Parse(url); err == nil {
		scheme = u.Scheme
		if host == "" {
			host = u.Host
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Client{
		url:       url,
		host:      host,
		scheme:    scheme,
		signer:    signer,
		addr:      signer.Address(),
		opts:      opts,
		log:       opts.Logger.With("relay", url, "addr", signer.Address().Hex()),
		ctx:       ctx,
		cancel:    cancel,
		connected: make(chan struct{}),
		pending:   make(map[string]*pending),
		inboxCh:   make(chan struct{}, 1),
		seen:      make(map[seenKey]struct{}),
	}
	c.wg.Add(2)
	go c.run()
	go c.handleLoop()
	return c
}

// Dial is New followed by WaitConnected: it returns once the client is
// logged in, or closes it and returns the error if ctx ends first.
func Dial(ctx context.Context, url string, signer Signer, opts Options) (*Client, error) {
	c := New(url, signer, opts)
	if err := c.WaitConnected(ctx); err != nil {
		c.Close()
		return nil, fmt.Errorf("relayclient: dial %s: %w", url, err)
	}
	return c, nil
}

// Address is the address the client logs in as.
func (c *Client) Address() common.Address { return c.addr }

// State returns the current connection state.
func (c *Client) State() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

// WaitConnected blocks until the client is connected, ctx ends or the
// client is closed. When ctx ends first, the error wraps ctx.Err() and
// names the last failed attempt's error (such as ErrWrongRelay).
func (c *Client) WaitConnected(ctx context.Context) error {
	for {
		c.mu.Lock()
		ch, st := c.connected, c.state
		c.mu.Unlock()
		if st == Closed {
			return ErrClosed
		}
		select {
		case <-ch:
			return nil
		case <-ctx.Done():
			c.mu.Lock()
			last := c.lastErr
			c.mu.Unlock()
			if last != nil {
				return fmt.Errorf("%w (last attempt: %w)", ctx.Err(), last)
			}
			return ctx.Err()
		case <-c.ctx.Done():
			return ErrClosed
		}
	}
}

// Send stores payload in to's mailbox and returns the relay's sequence
// number once the relay confirmed it is durably stored. While the client is
// disconnected, the send waits and is (re)sent after the next login; a
// resend is recognised by the relay and not stored twice. A send the relay
// refuses for now (rate_limited, unavailable) is retried after a backoff. A
// final refusal is an *Error (e.g. quota_exceeded, store_full, too_large). If ctx ends
// first, Send returns ctx.Err() and stops resending; the message may or may
// not have been stored.
//
// Concurrent Sends are stored in no particular order; sequential Sends (each
// waiting for the previous one) are stored, and delivered, in order.
func (c *Client) Send(ctx context.Context, to common.Address, payload []byte) (uint64, error) {
	wait, err := c.SendAsync(to, payload)
	if err != nil {
		return 0, err
	}
	return wait(ctx)
}

// SendAsync is Send in two steps: it writes the send frame now (or queues
// it for the next login) and returns at once with wait, which returns the
// relay's sequence number once the relay confirmed the message is durably
// stored (or the final refusal). Sends written by successive SendAsync
// calls are stored, and delivered, in call order, without waiting for each
// other's confirmation: a pipeline that keeps order (concurrent Sends do
// not). If wait's ctx ends first, wait returns ctx.Err() and the message is
// no longer resent; call wait once.
func (c *Client) SendAsync(to common.Address, payload []byte) (wait func(ctx context.Context) (uint64, error), err error) {
	p := &pending{id: newID(), to: to, payload: payload, done: make(chan result, 1)}
	c.mu.Lock()
	if c.state == Closed {
		c.mu.Unlock()
		return nil, ErrClosed
	}
	c.pending[p.id] = p
	c.order = append(c.order, p)
	sess := c.sess
	c.mu.Unlock()
	// Write now if logged in; otherwise the next login sends it.
	if sess != nil {
		sess.writeMu.Lock()
		err := sess.write(c.ctx, c.sendFrame(p))
		sess.writeMu.Unlock()
		if err != nil {
			c.log.Debug("relayclient: send deferred to the next connection", "err", err)
		}
	}
	return func(ctx context.Context) (uint64, error) {
		select {
		case r := <-p.done:
			return r.seq, r.err
		case <-ctx.Done():
			c.forget(p.id)
			return 0, ctx.Err()
		case <-c.ctx.Done():
			return 0, ErrClosed
		}
	}, nil
}

func (c *Client) sendFrame(p *pending) relayproto.Frame {
	to := p.to
	payload := p.payload
	if payload == nil {
		payload = []byte{}
	}
	return relayproto.Frame{Type: relayproto.TypeSend, To: &to, ID: p.id, Payload: payload}
}

// forget drops a pending send.
func (c *Client) forget(id string) *pending {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.pending[id]
	if p == nil {
		return nil
	}
	delete(c.pending, id)
	for i, q := range c.order {
		if q == p {
			c.order = append(c.order[:i:i], c.order[i+1:]...)
			break
		}
	}
	return p
}

// resolve completes a pending send.
func (c *Client) resolve(id string, r result) {
	if p := c.forget(id); p != nil {
		p.done <- r
	}
}

// Close stops the client: it closes the connection, fails waiting sends
// with ErrClosed and waits for its goroutines (including a running Handler).
func (c *Client) Close() error {
	c.mu.Lock()
	if c.state == Closed {
		c.mu.Unlock()
		return nil
	}
	c.state = Closed
	sess := c.sess
	c.mu.Unlock()
	c.cancel()
	if sess != nil {
		_ = sess.ws.Close(websocket.StatusNormalClosure, "client closed")
	}
	c.wg.Wait()
	if c.opts.OnState != nil {
		c.opts.OnState(Closed, nil)
	}
	return nil
}

// setState records a state change and reports it.
func (c *Client) setState(s State, err error) {
	c.mu.Lock()
	if c.state == Closed || c.state == s {
		c.mu.Unlock()
		return
	}
	c.state = s
	c.mu.Unlock()
	if c.opts.OnState != nil {
		c.opts.OnState(s, err)
	}
}

// run connects, serves the connection and reconnects with backoff.
func (c *Client) run() {
	defer c.wg.Done()
	backoff := c.opts.MinBackoff
	for c.ctx.Err() == nil {
		c.setState(Connecting, nil)
		loggedIn, err := c.session()
		if c.ctx.Err() != nil {
			return
		}
		c.log.Info("relayclient: disconnected", "err", err)
		c.mu.Lock()
		c.lastErr = err
		c.mu.Unlock()
		c.setState(Disconnected, err)
		if loggedIn {
			backoff = c.opts.MinBackoff
		}
		// Sleep a jittered backoff, then try again.
		d := backoff/2 + jitter(backoff/2)
		if backoff *= 2; backoff > c.opts.MaxBackoff {
			backoff = c.opts.MaxBackoff
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-c.ctx.Done():
			t.Stop()
			return
		}
	}
}

func jitter(max time.Duration) time.Duration {
	if max <= 0 {
		return 0
	}
	n, err := rand.Int(rand.Reader, big.NewInt(int64(max)))
	if err != nil {
		return max / 2
	}
	return time.Duration(n.Int64())
}

// session is one logged-in WebSocket connection.
type session struct {
	c       *Client
	ws      *websocket.Conn
	gen     uint64
	writeMu sync.Mutex // orders the resend of pending sends before new ones
	rd      wsconn.Reader
}

// writeTimeout bounds every write.
const writeTimeout = 15 * time.Second

func (s *session) write(ctx context.Context, f relayproto.Frame) error {
	b, err := relayproto.Encode(f)
	if err != nil {
		return err
	}
	if writeDeadlines {
		// The connection's write deadline bounds the write.
		if err := ctx.Err(); err != nil {
			return err
		}
		ctx = context.Background()
	} else {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, writeTimeout)
		defer cancel()
	}
	if err := s.ws.Write(ctx, websocket.MessageText, b); err != nil {
		return fmt.Errorf("relayclient: write %s: %w", f.Type, err)
	}
	return nil
}

// read reads and decodes one frame.
func (s *session) read(ctx context.Context) (relayproto.Frame, error) {
	typ, data, err := s.rd.Read(ctx, s.ws)
	if err != nil {
		return relayproto.Frame{}, fmt.Errorf("relayclient: read: %w", err)
	}
	if typ != websocket.MessageText {
		return relayproto.Frame{}, errors.New("relayclient: the relay sent a binary message")
	}
	f, err := relayproto.Decode(data, s.c.opts.MaxFrameBytes)
	if err != nil {
		return f, fmt.Errorf("relayclient: bad frame from the relay: %w", err)
	}
	return f, nil
}

// session dials, logs in and serves one connection until it fails. It
// reports whether the login succeeded.
func (c *Client) session() (loggedIn bool, err error) {
	// Dial and log in within DialTimeout.
	dctx, cancel := context.WithTimeout(c.ctx, c.opts.DialTimeout)
	defer cancel()
	ws, resp, err := websocket.Dial(dctx, c.url, dialOptions(c.opts.Header))
	if err != nil {
		// The relay explains a refused upgrade (HTTP 429, 503) in the body.
		if resp != nil && resp.Body != nil {
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
			resp.Body.Close()
			if msg := strings.TrimSpace(string(body)); msg != "" {
				return false, fmt.Errorf("relayclient: dial: %w: %s", err, msg)
			}
		}
		return false, fmt.Errorf("relayclient: dial: %w", err)
	}
	ws.SetReadLimit(int64(c.opts.MaxFrameBytes))
	s := &session{c: c, ws: ws}
	defer ws.CloseNow()
	if err := c.login(dctx, s); err != nil {
		_ = ws.Close(websocket.StatusNormalClosure, "")
		return false, err
	}

	// Become the current session and resend what is pending, in order,
	// before any new Send can write.
	c.mu.Lock()
	if c.state == Closed {
		c.mu.Unlock()
		return true, ErrClosed
	}
	c.gen++
	s.gen = c.gen
	c.sess = s
	resend := append([]*pending(nil), c.order...)
	s.writeMu.Lock()
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		if c.sess == s {
			c.sess = nil
			if c.state != Closed {
				c.connected = make(chan struct{})
			}
		}
		c.mu.Unlock()
	}()
	var werr error
	for _, p := range resend {
		if werr = s.write(c.ctx, c.sendFrame(p)); werr != nil {
			break
		}
	}
	s.writeMu.Unlock()
	if werr != nil {
		return true, werr
	}
	c.mu.Lock()
	close(c.connected)
	c.mu.Unlock()
	c.setState(Connected, nil)
	c.log.Info("relayclient: connected", "resent", len(resend))

	// Read frames until the connection fails. The reads need no context:
	// the end of the client's closes the connection, which ends them.
	defer context.AfterFunc(c.ctx, func() { _ = ws.CloseNow() })()
	for {
		f, err := s.read(context.Background())
		if err != nil {
			return true, err
		}
		switch f.Type {
		case relayproto.TypeStored:
			c.resolve(f.ID, result{seq: f.Seq})
		case relayproto.TypeDeliver:
			c.enqueue(inboxItem{gen: s.gen, msg: Message{From: *f.From, ID: f.ID, Seq: f.Seq, Payload: f.Payload}})
		case relayproto.TypeError:
			if f.ID != "" && (f.Code == relayproto.CodeRateLimited || f.Code == relayproto.CodeUnavailable) {
				c.retryLater(f.ID)
				continue
			}
			if f.ID != "" {
				c.resolve(f.ID, result{err: &Error{Code: f.Code, Message: f.Message}})
				continue
			}
			c.log.Warn("relayclient: relay error", "code", f.Code, "message", f.Message, "seq", f.Seq)
		default:
			return true, fmt.Errorf("relayclient: unexpected %s frame", f.Type)
		}
	}
}

// retryLater resends a send the relay refused for now (rate_limited or
// unavailable) after a pause that doubles with each refusal.
func (c *Client) retryLater(id string) {
	c.mu.Lock()
	p := c.pending[id]
	if p == nil {
		c.mu.Unlock()
		return
	}
	pause := c.opts.MinBackoff << min(p.retries, 20)
	if pause > c.opts.MaxBackoff || pause <= 0 {
		pause = c.opts.MaxBackoff
	}
	p.retries++
	c.mu.Unlock()
	time.AfterFunc(pause/2+jitter(pause/2), func() {
		c.mu.Lock()
		s, still := c.sess, c.pending[id] == p
		c.mu.Unlock()
		if !still || s == nil {
			return // done, abandoned, or the next login resends it
		}
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
		if err := s.write(c.ctx, c.sendFrame(p)); err != nil {
			c.log.Debug("relayclient: retry deferred to the next connection", "err", err)
		}
	})
}

// login answers the challenge and waits for ready.
func (c *Client) login(ctx context.Context, s *session) error {
	f, err := s.read(ctx)
	if err != nil {
		return err
	}
	if f.Type != relayproto.TypeChallenge {
		return fmt.Errorf("relayclient: expected a challenge, got %s %s", f.Type, f.Message)
	}
	if !relayproto.SameHost(c.host, f.Host, c.scheme) {
		return fmt.Errorf("%w: the server at %s sent a login challenge for %q, but this client logs in only to %q; not signed (is the URL right, or is the relay's name (--relay-host) set to the name clients reach it by?)", ErrWrongRelay, c.url, f.Host, c.host)
	}
	text := relayproto.LoginText(f.Host, f.Challenge)
	sig, err := c.signer.SignHash(relayproto.TextHash([]byte(text)))
	if err != nil {
		return fmt.Errorf("relayclient: sign login: %w", err)
	}
	addr := c.addr
	if err := s.write(ctx, relayproto.Frame{Type: relayproto.TypeAuth, Challenge: f.Challenge, Address: &addr, Signature: "0x" + hex.EncodeToString(sig)}); err != nil {
		return err
	}
	f, err = s.read(ctx)
	if err != nil {
		return err
	}
	switch {
	case f.Type == relayproto.TypeError:
		return fmt.Errorf("relayclient: login refused: %w", &Error{Code: f.Code, Message: f.Message})
	case f.Type != relayproto.TypeReady || *f.Address != c.addr:
		return fmt.Errorf("relayclient: expected ready for %s, got %s", c.addr.Hex(), f.Type)
	}
	return nil
}

// enqueue adds a delivered message to the handler's queue.
func (c *Client) enqueue(it inboxItem) {
	c.inboxMu.Lock()
	c.inbox = append(c.inbox, it)
	c.inboxMu.Unlock()
	select {
	case c.inboxCh <- struct{}{}:
	default:
	}
}

// dequeue takes the next delivered message, waiting for one.
func (c *Client) dequeue() (inboxItem, bool) {
	its, ok := c.dequeueUpTo(nil, 1)
	if !ok {
		return inboxItem{}, false
	}
	return its[0], true
}

// dequeueUpTo takes up to max waiting messages (at least one, waiting for
// it), appending them to buf.
func (c *Client) dequeueUpTo(buf []inboxItem, max int) ([]inboxItem, bool) {
	for {
		c.inboxMu.Lock()
		if len(c.inbox) > 0 {
			n := min(max, len(c.inbox))
			buf = append(buf, c.inbox[:n]...)
			clear(c.inbox[:n])
			c.inbox = c.inbox[n:]
			c.inboxMu.Unlock()
			return buf, true
		}
		c.inboxMu.Unlock()
		select {
		case <-c.inboxCh:
		case <-c.ctx.Done():
			return nil, false
		}
	}
}

// handleLoop passes delivered messages to the Handler in order and
// acknowledges them.
func (c *Client) handleLoop() {
	defer c.wg.Done()
	if c.opts.BatchHandler != nil {
		c.batchLoop()
		return
	}
	for {
		it, ok := c.dequeue()
		if !ok {
			return
		}
		// A message of an older connection comes again on the current one.
		c.mu.Lock()
		stale := it.gen != c.gen
		c.mu.Unlock()
		if stale {
			continue
		}
		key := seenKey{it.msg.From, it.msg.ID}
		if _, dup := c.seen[key]; !dup {
			if !c.handle(it.msg) {
				return
			}
			c.remember(key)
		}
		c.ack(it)
	}
}

// batchLoop is handleLoop with a BatchHandler: it takes every waiting
// message (up to MaxBatch), hands the new ones to the BatchHandler at once,
// and acknowledges them all after it returned nil.
func (c *Client) batchLoop() {
	max := c.opts.MaxBatch
	if max <= 0 {
		max = 256
	}
	var its []inboxItem
	var fresh []Message
	var keys []seenKey
	for {
		var ok bool
		its, ok = c.dequeueUpTo(its[:0], max)
		if !ok {
			return
		}
		// Messages of an older connection come again on the current one.
		c.mu.Lock()
		gen := c.gen
		c.mu.Unlock()
		fresh, keys = fresh[:0], keys[:0]
		batchSeen := map[seenKey]bool{}
		for _, it := range its {
			key := seenKey{it.msg.From, it.msg.ID}
			if it.gen != gen || batchSeen[key] {
				continue
			}
			if _, dup := c.seen[key]; dup {
				continue
			}
			batchSeen[key] = true
			fresh = append(fresh, it.msg)
			keys = append(keys, key)
		}
		if len(fresh) > 0 {
			if !c.retry(func() error { return c.opts.BatchHandler(c.ctx, fresh) }, fresh[0]) {
				return
			}
			for _, k := range keys {
				c.remember(k)
			}
		}
		for _, it := range its {
			if it.gen == gen {
				c.ack(it)
			}
		}
	}
}

// handle calls the Handler until it succeeds; false means the client closed.
func (c *Client) handle(m Message) bool {
	if c.opts.Handler == nil {
		// Without a handler nothing is persisted: never acknowledge.
		<-c.ctx.Done()
		return false
	}
	return c.retry(func() error { return c.opts.Handler(c.ctx, m) }, m)
}

// retry calls f until it returns nil, pausing with backoff after errors;
// false means the client closed. m names the (first) message in logs.
func (c *Client) retry(f func() error, m Message) bool {
	pause := c.opts.MinBackoff
	for {
		err := f()
		if err == nil {
			return true
		}
		if c.ctx.Err() != nil {
			return false
		}
		c.log.Warn("relayclient: handler failed; retrying", "from", m.From.Hex(), "seq", m.Seq, "err", err)
		t := time.NewTimer(pause)
		select {
		case <-t.C:
		case <-c.ctx.Done():
			t.Stop()
			return false
		}
		if pause *= 2; pause > c.opts.MaxBackoff {
			pause = c.opts.MaxBackoff
		}
	}
}

// remember records a handled message for deduplication.
func (c *Client) remember(k seenKey) {
	c.seen[k] = struct{}{}
	c.seenFIFO = append(c.seenFIFO, k)
	if len(c.seenFIFO) > c.opts.DedupeWindow {
		delete(c.seen, c.seenFIFO[0])
		c.seenFIFO = c.seenFIFO[1:]
	}
}

// ack acknowledges a handled message on the connection that delivered it;
// if that connection is gone, the next one redelivers it and it is
// acknowledged then.
func (c *Client) ack(it inboxItem) {
	c.mu.Lock()
	s := c.sess
	c.mu.Unlock()
	if s == nil || s.gen != it.gen {
		return
	}
	if err := s.write(c.ctx, relayproto.Frame{Type: relayproto.TypeAck, Seq: it.msg.Seq}); err != nil {
		c.log.Debug("relayclient: ack deferred to the next connection", "seq", it.msg.Seq, "err", err)
	}
}

// newID returns a random message id.
func newID() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("relayclient: no randomness: %v", err))
	}
	return hex.EncodeToString(b)
}
