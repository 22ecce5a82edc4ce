package relay

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/ethereum/go-ethereum/common"

	"paychan/app/relayproto"
	"paychan/internal/wsconn"
)

// Options configures NewServer.
type Options struct {
	// Store keeps the mailboxes (required). The Server does not close it.
	Store Store
	// Host is the relay's fixed name in the challenge and the signed login
	// text (required; a server without one refuses every connection): the
	// host[:port] clients reach it by, such as paychan.example or
	// 127.0.0.1:8080. It never comes from the request's Host header, which
	// a server forwarding the request could choose (docs/protocol.md section 6).
	Host string
	// Limits bounds connections; zero fields take their defaults.
	Limits Limits
	// ReservedToken, when set, admits a request carrying it in the
	// ReservedHeader header to the reserved connections (Limits.ReservedConns):
	// the host's own clients (its watchtower, which dials over loopback
	// like anyone on the machine could) get in however many connections
	// others hold. Keep it secret (random, in memory); a request with a
	// wrong token is refused (HTTP 403).
	ReservedToken string
	// Logger receives connection events (default slog.Default()).
	Logger *slog.Logger
	// KeyFallback, when set, finds the public key of an address that never
	// logged in (for example ChainKeys: from a transaction it signed). The
	// key is recorded in the directory. Wallets check every key they get.
	KeyFallback func(ctx context.Context, addr common.Address) (key []byte, ok bool, err error)
}

// ReservedHeader carries Options.ReservedToken in the WebSocket handshake.
const ReservedHeader = "Paychan-Relay-Reserved"

// Server is the relay's WebSocket endpoint, an http.Handler.
type Server struct {
	store  Store
	host   string
	limits Limits
	log    *slog.Logger

	ctx    context.Context // ends when Close is called
	cancel context.CancelFunc
	wg     sync.WaitGroup

	reservedToken string

	mu       sync.Mutex
	conns    int // general (not reserved) connections
	reserved int // reserved connections
	byAddr   map[common.Address]int
	pending  map[string]int // by network address: not logged in yet
	loggedIn map[string]int // by network address: logged in
	closed   bool

	ipBytes ipBuckets // by network address: the send byte budgets

	keys        keyCache // the key directory's in-memory copy
	keyFallback func(ctx context.Context, addr common.Address) ([]byte, bool, error)
	scans       chan struct{} // chain searches running (keys.go scanSlot)
	scansOnce   sync.Once

	live *liveHub // nil when off (live.go)
}

// NewServer returns a relay server on opts.Store.
func NewServer(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	limits := opts.Limits.withDefaults()
	return &Server{
		live:   newLiveHub(opts.Store, limits, opts.Logger),
		store:  opts.Store,
		host:   opts.Host,
		limits: limits,
		log:    opts.Logger,
		ctx:    ctx,
		cancel: cancel,
		byAddr: make(map[common.Address]int),

		keyFallback: opts.KeyFallback,
		keys:        keyCache{max: opts.Limits.withDefaults().MaxKeys, m: make(map[common.Address][]byte)},

		reservedToken: opts.ReservedToken,
		pending:       make(map[string]int),
		loggedIn:      make(map[string]int),
		ipBytes: ipBuckets{
			rate:    limits.IPSendBytesRate,
			burst:   limits.IPSendBytesBurst,
			m:       make(map[string]*bucket),
			sweepAt: max(64, 2*limits.MaxConns),
		},
	}
}

// hasLoggedIn reports whether network address ip has logged-in
// connections.
func (s *Server) hasLoggedIn(ip string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.loggedIn[ip] > 0
}

// Close closes every connection (with a shutdown error frame) and waits for
// their handlers to return. Later upgrades are refused. It does not close
// the Store.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	return nil
}

// NetKey is the network address a per-IP limit counts by: the IP of
// remote (host:port), and for IPv6 its /64 (one subscriber's network).
// The host's /rpc limits count by it too.
func NetKey(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return host
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// acquire reserves a connection slot for a connection from network
// address ip, before the upgrade; reserved connections take one of the
// reserved slots. It returns the HTTP status and reason of a refusal.
func (s *Server) acquire(ip string, reserved bool) (status int, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return http.StatusServiceUnavailable, "relay: shutting down"
	case reserved:
		if s.reserved >= s.limits.ReservedConns {
			return http.StatusServiceUnavailable, fmt.Sprintf("relay: all %d reserved connections are in use", s.limits.ReservedConns)
		}
		s.reserved++
	case s.conns >= s.limits.MaxConns:
		return http.StatusServiceUnavailable, fmt.Sprintf("relay: too many connections (limit %d); retry later", s.limits.MaxConns)
	case s.pending[ip] >= s.limits.MaxPendingPerIP:
		return http.StatusTooManyRequests, fmt.Sprintf("relay: too many connections from %s that have not logged in (limit %d); retry later", ip, s.limits.MaxPendingPerIP)
	default:
		s.conns++
		s.pending[ip]++
	}
	s.wg.Add(1)
	return 0, ""
}

// loggedInFrom moves a connection from network address ip from the
// pending to the logged-in ones, if the per-IP limit allows.
func (s *Server) loggedInFrom(ip string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loggedIn[ip] >= s.limits.MaxConnsPerIP {
		return false
	}
	decr(s.pending, ip)
	s.loggedIn[ip]++
	return true
}

// release frees the slot of a connection from ip; loggedIn says which
// per-IP count it is in.
func (s *Server) release(ip string, reserved, loggedIn bool) {
	s.mu.Lock()
	switch {
	case reserved:
		s.reserved--
	case loggedIn:
		s.conns--
		decr(s.loggedIn, ip)
	default:
		s.conns--
		decr(s.pending, ip)
	}
	s.mu.Unlock()
	s.wg.Done()
}

func decr(m map[string]int, k string) {
	if m[k]--; m[k] <= 0 {
		delete(m, k)
	}
}

// bind counts a logged-in connection of addr, if the per-address limit allows.
func (s *Server) bind(addr common.Address) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byAddr[addr] >= s.limits.MaxConnsPerAddress {
		return false
	}
	s.byAddr[addr]++
	return true
}

func (s *Server) unbind(addr common.Address) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byAddr[addr]--; s.byAddr[addr] <= 0 {
		delete(s.byAddr, addr)
	}
}

// ServeHTTP upgrades the request to a WebSocket and runs the relay protocol
// on it until either side closes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.host == "" {
		http.Error(w, "relay: no relay name configured (relay.Options.Host, --relay-host)", http.StatusServiceUnavailable)
		return
	}
	reserved := false
	if tok := r.Header.Get(ReservedHeader); tok != "" {
		if s.reservedToken == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(s.reservedToken)) != 1 {
			http.Error(w, "relay: wrong "+ReservedHeader+" token", http.StatusForbidden)
			return
		}
		reserved = true
	}
	// Reserve a slot before upgrading, so that a flood gets plain 503s
	// (429s from one network address).
	ip := NetKey(r.RemoteAddr)
	if status, reason := s.acquire(ip, reserved); status != 0 {
		http.Error(w, reason, status)
		return
	}
	var loggedIn bool // the connection counts as logged in from ip
	defer func() { s.release(ip, reserved, loggedIn) }()

	// Upgrade; the default options allow only same-origin browsers.
	// The hijacked connection bounds every write by WriteTimeout (a
	// deadline per write instead of a timeout context per frame).
	hw := wsconn.NewHijackResponseWriter(w, s.limits.WriteTimeout)
	ws, err := websocket.Accept(hw, r, nil)
	if err != nil {
		s.log.Debug("relay: upgrade failed", "remote", r.RemoteAddr, "err", err)
		return
	}
	ws.SetReadLimit(int64(s.limits.MaxFrameBytes))

	host := s.host
	c := &conn{
		srv:       s,
		ws:        ws,
		nc:        hw.Conn(),
		host:      host,
		remote:    r.RemoteAddr,
		ip:        ip,
		reserved:  reserved,
		loggedIn:  &loggedIn,
		log:       s.log.With("remote", r.RemoteAddr),
		sends:     newBucket(s.limits.SendRate, s.limits.SendBurst),
		frames:    newBucket(s.limits.FrameRate, s.limits.FrameBurst),
		lookups:   newBucket(s.limits.LookupRate, s.limits.LookupBurst),
		window:    make(chan struct{}, s.limits.MaxUnacked),
		sendSlots: make(chan struct{}, s.limits.MaxInflightSends),
		inflight:  make(map[uint64]delivery),
	}
	if reserved {
		c.sends, c.frames = nil, nil // no rate limits
	}
	// The stored replies to a batch of pipelined sends go out in one write.
	c.replies.burst = func(run func()) {
		c.nc.Hold()
		run()
		if err := c.nc.Release(); err != nil {
			c.background(fmt.Errorf("write stored frames: %w", err))
		}
	}
	// Server.Close ends the connection with a shutdown error frame. (A
	// cancelled read context would close the socket before that frame.)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := context.AfterFunc(s.ctx, func() {
		c.fail(&closeErr{relayproto.CodeShutdown, "the relay is shutting down", websocket.StatusGoingAway})
	})
	defer stop()

	// Run the protocol; explain a deliberate close with an error frame.
	err = c.run(ctx)
	var ce *closeErr
	if errors.As(err, &ce) {
		c.fail(ce)
		return
	}
	c.log.Debug("relay: connection ended", "err", err)
	c.closeOnce.Do(func() { _ = ws.Close(websocket.StatusNormalClosure, "") })
}

// conn is one client connection.
type conn struct {
	srv    *Server
	ws     *websocket.Conn
	nc     *wsconn.Conn // under ws: times out every write
	rd     wsconn.Reader
	host   string
	remote string
	ip     string // NetKey(remote)
	// reserved: a host's own client (Options.ReservedToken), without per-IP
	// or rate limits; loggedIn points at ServeHTTP's record of whether
	// the connection counts as logged in from ip.
	reserved bool
	loggedIn *bool
	log      *slog.Logger   // gains the address after login, before other goroutines use it
	addr     common.Address // bound after auth
	key      []byte         // addr's compressed public key, from the login
	sends    *bucket
	frames   *bucket
	lookups  *bucket
	ipBytes  *bucket // shared by the connections of its network address; nil when reserved
	bad      int     // bad frames in a row

	closeOnce sync.Once

	// window holds a token per delivered, unacknowledged message.
	window chan struct{}
	// replies writes the stored frames of pipelined sends, in send order;
	// sendSlots bounds the sends in flight. acks removes acknowledged
	// messages off the read loop. Both run a goroutine only while busy
	// (idle connections stay small).
	replies   lazyWorker
	sendSlots chan struct{}
	acks      lazyWorker
	ackWG     sync.WaitGroup // pipelined acknowledgements in flight
	mu        sync.Mutex
	inflight  map[uint64]delivery
}

// delivery is a message delivered on a connection and not yet
// acknowledged: its sender and id.
type delivery struct {
	from common.Address
	id   string
}

// closeErr ends a connection with an error frame and a close status.
type closeErr struct {
	code   string
	msg    string
	status websocket.StatusCode
}

func (e *closeErr) Error() string { return e.code + ": " + e.msg }

// fail ends the connection, once: an error frame saying why, then a close
// with the status. Safe to call from any goroutine.
func (c *conn) fail(ce *closeErr) {
	c.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), c.srv.limits.WriteTimeout)
		defer cancel()
		_ = c.writeError(ctx, ce.code, ce.msg, "", 0)
		c.srv.log.Info("relay: connection closed", "remote", c.remote, "code", ce.code, "reason", ce.msg)
		_ = c.ws.Close(ce.status, ce.code)
	})
}

func (c *conn) run(ctx context.Context) error {
	// Log in: challenge, then wait for a valid auth frame.
	if err := c.login(ctx); err != nil {
		return err
	}
	if !c.reserved {
		if !c.srv.loggedInFrom(c.ip) {
			return &closeErr{relayproto.CodeTooManyConns, fmt.Sprintf("too many logged-in connections from %s (limit %d); retry later", c.ip, c.srv.limits.MaxConnsPerIP), websocket.StatusTryAgainLater}
		}
		*c.loggedIn = true
		c.ipBytes = c.srv.ipBytes.get(c.ip, c.srv.hasLoggedIn)
	}
	if !c.srv.bind(c.addr) {
		return &closeErr{relayproto.CodeTooManyConns, fmt.Sprintf("too many connections for %s (limit %d)", c.addr.Hex(), c.srv.limits.MaxConnsPerAddress), websocket.StatusTryAgainLater}
	}
	defer c.srv.unbind(c.addr)

	// Open the mailbox before saying ready, so a storage failure is reported.
	sub, err := c.srv.store.Subscribe(ctx, c.addr)
	if err != nil {
		c.log.Error("relay: open mailbox", "addr", c.addr, "err", err)
		return &closeErr{relayproto.CodeUnavailable, "the mailbox cannot be opened; retry later", websocket.StatusTryAgainLater}
	}
	defer func() {
		if err := sub.Close(); err != nil {
			c.log.Warn("relay: close mailbox reader", "addr", c.addr, "err", err)
		}
	}()
	// Live messages (live.go) it leaves unacknowledged are stored when it
	// ends (after its deliveries stopped: deferred before them).
	defer c.srv.live.join(c.addr, sub, c.reserved)()
	addr := c.addr
	if err := c.write(ctx, relayproto.Frame{Type: relayproto.TypeReady, Address: &addr}); err != nil {
		return err
	}
	c.log = c.log.With("addr", c.addr.Hex())
	c.log.Info("relay: logged in")

	// Pending acknowledgements still remove their messages after the
	// connection ended (so that they are not delivered again); pending
	// stored replies end with the connection (the client resends, and the
	// store recognises the resend).
	defer c.acks.wait()
	defer c.ackWG.Wait()
	defer c.replies.wait()

	// Deliver the mailbox and ping in the background; a failure there ends
	// the connection (and so the read below). Stop both on return.
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	// Writes run without a context (their deadline is the connection's);
	// the end of the connection fails a write in flight.
	defer context.AfterFunc(ctx, c.nc.AbortWrite)()
	wg.Add(2)
	go func() { defer wg.Done(); c.background(c.deliver(ctx, sub)) }()
	go func() { defer wg.Done(); c.background(c.ping(ctx)) }()

	// Read and handle frames until the client leaves or a step fails.
	for {
		data, err := c.read(ctx)
		if err != nil {
			return err
		}
		if err := c.handle(ctx, data); err != nil {
			return err
		}
	}
}

// background ends the connection when a background step failed.
func (c *conn) background(err error) {
	var ce *closeErr
	switch {
	case err == nil:
	case errors.As(err, &ce):
		c.fail(ce)
	default:
		c.log.Debug("relay: connection failed", "err", err)
		c.closeOnce.Do(func() { _ = c.ws.CloseNow() })
	}
}

// login sends the challenge and waits, until AuthTimeout, for a valid auth
// frame. Malformed frames get errors and the wait goes on; a wrong
// signature ends the connection.
func (c *conn) login(ctx context.Context) error {
	nonce := make([]byte, relayproto.NonceBytes)
	if _, err := rand.Read(nonce); err != nil {
		return fmt.Errorf("challenge nonce: %w", err)
	}
	challenge := "0x" + hex.EncodeToString(nonce)
	if err := c.write(ctx, relayproto.Frame{Type: relayproto.TypeChallenge, Host: c.host, Challenge: challenge}); err != nil {
		return err
	}
	// The timer ends the connection, which ends the read below.
	timer := time.AfterFunc(c.srv.limits.AuthTimeout, func() {
		c.fail(&closeErr{relayproto.CodeAuthTimeout, fmt.Sprintf("no valid auth frame within %s", c.srv.limits.AuthTimeout), websocket.StatusPolicyViolation})
	})
	defer timer.Stop()
	for {
		data, err := c.read(ctx)
		if err != nil {
			return err
		}
		f, err := c.decode(ctx, data)
		if err != nil {
			if err == errBadFrame {
				continue
			}
			return err
		}
		if f.Type != relayproto.TypeAuth {
			if err := c.refuse(ctx, relayproto.CodeNotAuthorized, fmt.Sprintf("log in first: a %s frame needs an auth frame before it", f.Type), f.ID, f.Seq); err != nil {
				return err
			}
			continue
		}
		if f.Challenge != challenge {
			return &closeErr{relayproto.CodeAuthFailed, "the auth frame answers another challenge", websocket.StatusPolicyViolation}
		}
		signer, key, err := relayproto.RecoverLoginKey(c.host, challenge, f.Signature)
		if err != nil || signer != *f.Address {
			return &closeErr{relayproto.CodeAuthFailed, fmt.Sprintf("the signature is not %s's signature of the login text for host %q and this challenge", f.Address.Hex(), c.host), websocket.StatusPolicyViolation}
		}
		c.addr, c.key = signer, key
		c.srv.rememberKey(ctx, signer, key)
		return nil
	}
}

// errBadFrame reports a frame that was answered with an error frame; the
// connection goes on.
var errBadFrame = errors.New("bad frame")

// decode decodes a frame, answering a bad one with an error frame. It
// returns errBadFrame for a bad frame the connection survives, and a
// closeErr after too many bad frames in a row.
func (c *conn) decode(ctx context.Context, data []byte) (relayproto.Frame, error) {
	f, err := relayproto.Decode(data, c.srv.limits.MaxFrameBytes)
	if err == nil {
		c.bad = 0
		return f, nil
	}
	var pe *relayproto.Error
	if !errors.As(err, &pe) {
		pe = &relayproto.Error{Code: relayproto.CodeBadFrame, Msg: err.Error()}
	}
	if err := c.refuse(ctx, pe.Code, pe.Msg, pe.ID, pe.Seq); err != nil {
		return f, err
	}
	return f, errBadFrame
}

// refuse answers a bad request with an error frame and counts it; too many
// in a row end the connection.
func (c *conn) refuse(ctx context.Context, code, msg, id string, seq uint64) error {
	c.bad++
	if c.bad >= c.srv.limits.MaxBadFrames {
		return &closeErr{relayproto.CodeTooManyErrors, fmt.Sprintf("%d bad frames in a row; last: %s", c.bad, msg), websocket.StatusPolicyViolation}
	}
	return c.writeError(ctx, code, msg, id, seq)
}

// read reads one text message; the bytes are valid until the next read.
// Only the connection's goroutine reads, and the connection's context ends
// only after it returned, so the read needs no context: closing the
// connection ends it.
func (c *conn) read(ctx context.Context) ([]byte, error) {
	for {
		typ, data, err := c.rd.Read(context.Background(), c.ws)
		if err != nil {
			return nil, err
		}
		if typ == websocket.MessageText {
			return data, nil
		}
		if err := c.refuse(ctx, relayproto.CodeBadFrame, "frames are JSON text messages, not binary", "", 0); err != nil {
			return nil, err
		}
	}
}

// handle handles one frame of a logged-in connection.
func (c *conn) handle(ctx context.Context, data []byte) error {
	f, err := c.decode(ctx, data)
	if err != nil {
		if err == errBadFrame {
			return nil
		}
		return err
	}
	// Over the frame limit, a send is refused by its id (the client
	// resends it later), never dropped unanswered; an ack of a message
	// delivered here is always taken: acks are bounded by the delivery
	// window, and a refused one would hold its slot until the client
	// reconnects (delivery stalls once the window is full of them).
	if !c.frames.allow() && !(f.Type == relayproto.TypeAck && c.delivered(f.Seq)) {
		if f.Type == relayproto.TypeSend {
			_, pipelined := c.srv.store.(AsyncAppender)
			return c.refuseSend(ctx, pipelined, relayproto.CodeRateLimited, "too many frames; not stored, retry later", f.ID)
		}
		return c.refuse(ctx, relayproto.CodeRateLimited, "too many frames; slow down", f.ID, f.Seq)
	}
	switch f.Type {
	case relayproto.TypeSend:
		return c.handleSend(ctx, f)
	case relayproto.TypeAck:
		return c.handleAck(ctx, f)
	case relayproto.TypeLookup:
		return c.handleLookup(ctx, f)
	case relayproto.TypeAuth:
		return c.refuse(ctx, relayproto.CodeBadFrame, "already logged in as "+c.addr.Hex(), "", 0)
	default:
		return c.refuse(ctx, relayproto.CodeBadFrame, fmt.Sprintf("a %s frame is sent only by the server", f.Type), f.ID, f.Seq)
	}
}

// handleSend stores a message from the bound address and acknowledges it.
func (c *conn) handleSend(ctx context.Context, f relayproto.Frame) error {
	aa, pipelined := c.srv.store.(AsyncAppender)
	if !c.sends.allow() {
		return c.refuseSend(ctx, pipelined, relayproto.CodeRateLimited, fmt.Sprintf("more than %g sends a second; not stored, retry later", c.srv.limits.SendRate), f.ID)
	}
	if len(f.Payload) > c.srv.limits.MaxPayloadBytes {
		return c.refuseSend(ctx, pipelined, relayproto.CodeTooLarge, fmt.Sprintf("payload of %d bytes exceeds the limit of %d; not stored", len(f.Payload), c.srv.limits.MaxPayloadBytes), f.ID)
	}
	if err := c.checkSealed(f.Payload); err != nil {
		return c.refuseSend(ctx, pipelined, relayproto.CodeNotSealed, fmt.Sprintf("%v; not stored (update your wallet: messages are sealed end to end)", err), f.ID)
	}
	if !c.ipBytes.allowN(float64(len(f.Payload))) {
		return c.refuseSend(ctx, pipelined, relayproto.CodeRateLimited, fmt.Sprintf("the connections from %s sent more than %s a second of messages; not stored, retry later", c.ip, byteSize(c.srv.limits.IPSendBytesRate)), f.ID)
	}
	e := Envelope{From: c.addr, To: *f.To, ID: f.ID, Payload: f.Payload}
	if !pipelined {
		st, err := c.srv.store.Append(ctx, e)
		return c.stored(ctx, f, st, err)
	}
	// Pipelined: start storing, and let the reply worker write the stored
	// frame (in send order) once the store confirmed it.
	select {
	case c.sendSlots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	// Live (live.go): handed to the recipient's connection, stored only
	// if not acknowledged in time.
	m, settled := c.srv.live.send(e, c.reserved)
	wait := func(ctx context.Context) (Stored, error) { return m.wait(ctx) }
	if m == nil {
		var err error
		if wait, err = aa.AppendAsync(e); err != nil {
			settled(Stored{}, err)
			<-c.sendSlots
			return c.stored(ctx, f, Stored{}, err)
		}
	}
	c.replies.do(func() {
		defer func() { <-c.sendSlots }()
		st, err := wait(ctx)
		if m == nil {
			settled(st, err)
		}
		if err := c.stored(ctx, f, st, err); err != nil && ctx.Err() == nil {
			c.background(err)
		}
	})
	return nil
}

// refuseSend refuses a send; when sends are pipelined the error frame
// queues behind the replies to earlier sends, so that a client sees the
// answers to its sends in order.
func (c *conn) refuseSend(ctx context.Context, pipelined bool, code, msg, id string) error {
	if !pipelined {
		return c.refuse(ctx, code, msg, id, 0)
	}
	c.bad++
	if c.bad >= c.srv.limits.MaxBadFrames {
		return &closeErr{relayproto.CodeTooManyErrors, fmt.Sprintf("%d bad frames in a row; last: %s", c.bad, msg), websocket.StatusPolicyViolation}
	}
	c.replies.do(func() {
		if err := c.writeError(ctx, code, msg, id, 0); err != nil && ctx.Err() == nil {
			c.background(err)
		}
	})
	return nil
}

// stored reports the outcome of storing send f to the client.
func (c *conn) stored(ctx context.Context, f relayproto.Frame, st Stored, err error) error {
	switch {
	case errors.Is(err, ErrQuotaExceeded):
		return c.writeError(ctx, relayproto.CodeQuotaExceeded, fmt.Sprintf("you have your quota of unacknowledged messages in the mailbox of %s; not stored (retry once the recipient has read them)", f.To.Hex()), f.ID, 0)
	case errors.Is(err, ErrStoreFull):
		return c.writeError(ctx, relayproto.CodeStoreFull, "the relay's store is full; not stored (retry later, once recipients have read their mail)", f.ID, 0)
	case errors.Is(err, ErrTooLarge):
		return c.writeError(ctx, relayproto.CodeTooLarge, "the payload exceeds the store's limit; not stored", f.ID, 0)
	case err != nil:
		if ctx.Err() != nil {
			return ctx.Err()
		}
		c.log.Error("relay: store message", "to", f.To.Hex(), "err", err)
		return c.writeError(ctx, relayproto.CodeUnavailable, "the message could not be stored; retry later", f.ID, 0)
	}
	return c.write(ctx, relayproto.Frame{Type: relayproto.TypeStored, ID: f.ID, Seq: st.Seq, Duplicate: st.Duplicate})
}

// delivered reports whether message seq was delivered on this connection
// and is not yet acknowledged.
func (c *conn) delivered(seq uint64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.inflight[seq]
	return ok
}

// handleAck removes an acknowledged message delivered on this connection.
func (c *conn) handleAck(ctx context.Context, f relayproto.Frame) error {
	c.mu.Lock()
	d, ok := c.inflight[f.Seq]
	delete(c.inflight, f.Seq)
	c.mu.Unlock()
	if !ok {
		return c.refuse(ctx, relayproto.CodeUnknownSeq, fmt.Sprintf("message %d was not delivered on this connection (or is already acknowledged)", f.Seq), "", f.Seq)
	}
	<-c.window
	if c.srv.live.ack(f.Seq) {
		return nil // a live message: never stored (or stored, and delivered again)
	}
	c.srv.live.acked(d.from, c.addr, d.id)
	// Remove it off the read loop; the removal completes even if the
	// connection ends meanwhile.
	seq := f.Seq
	failed := func(err error) {
		c.log.Error("relay: ack", "seq", seq, "err", err)
		if ctx.Err() == nil {
			// The message stays and comes back on the next connection.
			_ = c.writeError(ctx, relayproto.CodeUnavailable, "the acknowledgement could not be stored; the message may be delivered again", "", seq)
		}
	}
	if aa, ok := c.srv.store.(AsyncAcker); ok {
		// Pipelined: many removals in flight, none waiting for another.
		c.ackWG.Add(1)
		aa.AckAsync(c.addr, seq, func(err error) {
			if err == nil {
				c.ackWG.Done()
				return
			}
			// Not on the store's goroutine: the error frame may wait.
			go func() {
				defer c.ackWG.Done()
				failed(err)
			}()
		})
		return nil
	}
	actx := context.WithoutCancel(ctx)
	c.acks.do(func() {
		if err := c.srv.store.Ack(actx, c.addr, seq); err != nil {
			failed(err)
		}
	})
	return nil
}

// lazyWorker runs queued functions in order on one goroutine that exists
// only while there is work.
type lazyWorker struct {
	mu      sync.Mutex
	queue   []func()
	running bool
	wg      sync.WaitGroup
	// burst, if set, runs a batch of more than one queued function (the
	// worker's writes gathered into one).
	burst func(run func())
}

// do queues f.
func (w *lazyWorker) do(f func()) {
	w.mu.Lock()
	w.queue = append(w.queue, f)
	if !w.running {
		w.running = true
		w.wg.Add(1)
		go w.loop()
	}
	w.mu.Unlock()
}

func (w *lazyWorker) loop() {
	defer w.wg.Done()
	for {
		w.mu.Lock()
		q := w.queue
		w.queue = nil
		if len(q) == 0 {
			w.running = false
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
		run := func() {
			for _, f := range q {
				f()
			}
		}
		if len(q) > 1 && w.burst != nil {
			w.burst(run)
		} else {
			run()
		}
	}
}

// wait waits until the queue is empty and the goroutine gone.
func (w *lazyWorker) wait() { w.wg.Wait() }

// buffered is an optional Subscription method: whether Next has a message
// to return at once.
type buffered interface{ Buffered() bool }

// deliver streams the mailbox to the client, pausing while MaxUnacked
// messages wait for their acks. While more messages wait in the
// subscription, their frames are gathered and written together (one write
// for the burst); nothing is gathered while it waits.
func (c *conn) deliver(ctx context.Context, sub Subscription) error {
	more, _ := sub.(buffered)
	held := false
	release := func() error {
		if !held {
			return nil
		}
		held = false
		if err := c.nc.Release(); err != nil {
			return fmt.Errorf("write deliver frames: %w", err)
		}
		return nil
	}
	defer release()
	for {
		// Take a window slot; the ack gives it back.
		select {
		case c.window <- struct{}{}:
		default:
			if err := release(); err != nil {
				return err
			}
			select {
			case c.window <- struct{}{}:
			case <-ctx.Done():
				return nil
			}
		}
		if more == nil || !more.Buffered() {
			if err := release(); err != nil {
				return err
			}
		}
		e, err := sub.Next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			c.log.Error("relay: read mailbox", "err", err)
			return &closeErr{relayproto.CodeUnavailable, "reading the mailbox failed; reconnect", websocket.StatusTryAgainLater}
		}
		c.mu.Lock()
		c.inflight[e.Seq] = delivery{from: e.From, id: e.ID}
		c.mu.Unlock()
		if !held && more != nil && more.Buffered() {
			c.nc.Hold()
			held = true
		}
		from := e.From
		if err := c.write(ctx, relayproto.Frame{Type: relayproto.TypeDeliver, From: &from, Seq: e.Seq, ID: e.ID, Payload: e.Payload}); err != nil {
			return err
		}
	}
}

// ping checks that the client is alive.
func (c *conn) ping(ctx context.Context) error {
	t := time.NewTicker(c.srv.limits.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			pctx, cancel := context.WithTimeout(ctx, c.srv.limits.WriteTimeout)
			err := c.ws.Ping(pctx)
			cancel()
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return fmt.Errorf("ping: %w", err)
			}
		}
	}
}

// write sends one frame within WriteTimeout (the deadline of every write on
// the connection). A write fails at once when ctx has ended.
func (c *conn) write(ctx context.Context, f relayproto.Frame) error {
	b, err := relayproto.Encode(f)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := c.ws.Write(context.Background(), websocket.MessageText, b); err != nil {
		return fmt.Errorf("write %s frame: %w", f.Type, err)
	}
	return nil
}

// writeError sends an error frame (msg cut to 512 bytes).
func (c *conn) writeError(ctx context.Context, code, msg, id string, seq uint64) error {
	if len(msg) > 512 {
		msg = strings.ToValidUTF8(msg[:509], "") + "..."
	}
	return c.write(ctx, relayproto.Frame{Type: relayproto.TypeError, Code: code, Message: msg, ID: id, Seq: seq})
}

var _ io.Closer = (*Server)(nil)
