package relayclient

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	neturl "net/url"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/ethereum/go-ethereum/common"

	"paychan/app/perfmark"
	"paychan/app/relayproto"
	"paychan/internal/wsconn"
)

// Client is a connection to a relay that reconnects by itself.
type Client struct {
	url    string
	host   string // the relay name expected in the challenge
	scheme string // of url
	signer Signer
	addr   common.Address
	opts   Options
	log    Logger

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	state     State
	conn      *conn
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

	seal *sealer
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
	if opts.Logger == nil || isNilLogger(opts.Logger) {
		opts.Logger = defaultLogger()
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
		log:       withAttrs{opts.Logger, []any{"relay", url, "addr", signer.Address().Hex()}},
		ctx:       ctx,
		cancel:    cancel,
		connected: make(chan struct{}),
		pending:   make(map[string]*pending),
		inboxCh:   make(chan struct{}, 1),
		seen:      make(map[seenKey]struct{}),
		seal:      newSealer(signer),
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

// Close stops the client: it closes the connection, fails waiting sends
// with ErrClosed and waits for its goroutines (including a running Handler).
func (c *Client) Close() error {
	c.mu.Lock()
	if c.state == Closed {
		c.mu.Unlock()
		return nil
	}
	c.state = Closed
	conn := c.conn
	c.mu.Unlock()
	c.cancel()
	if conn != nil {
		_ = conn.ws.Close(websocket.StatusNormalClosure, "client closed")
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
		loggedIn, err := c.serveConn()
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

// conn is one logged-in WebSocket connection.
type conn struct {
	c       *Client
	ws      *websocket.Conn
	gen     uint64
	writeMu sync.Mutex // orders the resend of pending sends before new ones
	rd      wsconn.Reader
	done    chan struct{} // closed when the connection ended
}

// writeTimeout bounds every write.
const writeTimeout = 15 * time.Second

func (s *conn) write(ctx context.Context, f relayproto.Frame) error {
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
	if f.Type == relayproto.TypeSend {
		perfmark.Mark(perfmark.Wire)
	}
	return nil
}

// read reads and decodes one frame.
func (s *conn) read(ctx context.Context) (relayproto.Frame, error) {
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

// serveConn dials, logs in and serves one connection until it fails. It
// reports whether the login succeeded.
func (c *Client) serveConn() (loggedIn bool, err error) {
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
	s := &conn{c: c, ws: ws, done: make(chan struct{})}
	defer close(s.done)
	defer ws.CloseNow()
	if err := c.login(dctx, s); err != nil {
		_ = ws.Close(websocket.StatusNormalClosure, "")
		return false, err
	}

	// Become the current connection and resend what is pending, in order,
	// before any new Send can write.
	c.mu.Lock()
	if c.state == Closed {
		c.mu.Unlock()
		return true, ErrClosed
	}
	c.gen++
	s.gen = c.gen
	c.conn = s
	resend := append([]*pending(nil), c.order...)
	s.writeMu.Lock()
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		if c.conn == s {
			c.conn = nil
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
			perfmark.Mark(perfmark.Frame)
			c.enqueue(inboxItem{gen: s.gen, msg: Message{From: *f.From, ID: f.ID, Seq: f.Seq, Payload: f.Payload}})
		case relayproto.TypeKey:
			if !c.answerLookup(f) {
				c.log.Warn("relayclient: a key frame that answers no lookup", "id", f.ID)
			}
		case relayproto.TypeError:
			if f.ID != "" && c.answerLookup(f) {
				continue
			}
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

// login answers the challenge and waits for ready.
func (c *Client) login(ctx context.Context, s *conn) error {
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
