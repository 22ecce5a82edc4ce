package relay_test

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/relayclient"
	"paychan/app/relayproto"
	"paychan/server/relay"
)

// Named actors with deterministic keys.
var (
	Alice   = mustKey("alice")
	Bob     = mustKey("bob")
	Mallory = mustKey("mallory")
)

func mustKey(name string) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("paychan relay test " + name)))
	if err != nil {
		panic(err)
	}
	return k
}

func addrOf(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

// quietLogger discards logs unless the test runs verbose.
func quietLogger(tb testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(testWriter{tb}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

type testWriter struct{ tb testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// mustStore opens a JetStream store on dir and closes it at cleanup.
func mustStore(tb testing.TB, dir string) *relay.JetStreamStore {
	tb.Helper()
	return mustStoreOpts(tb, relay.JetStreamOptions{Dir: dir})
}

func mustStoreOpts(tb testing.TB, opts relay.JetStreamOptions) *relay.JetStreamStore {
	tb.Helper()
	st, err := relay.OpenJetStream(context.Background(), opts)
	if err != nil {
		tb.Fatalf("OpenJetStream(%+v): %v", opts, err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// testRelay is a relay server over httptest on 127.0.0.1.
type testRelay struct {
	srv  *relay.Server
	http *httptest.Server
	url  string
	once sync.Once
}

// mustRelay serves a relay on st and stops it at cleanup.
func mustRelay(tb testing.TB, st relay.Store, limits relay.Limits) *testRelay {
	tb.Helper()
	return mustRelayOpts(tb, relay.Options{Store: st, Limits: limits})
}

// mustRelayOpts serves a relay with opts, named by its listener's address
// when opts.Host is empty, and stops it at cleanup. It is a relay for tests
// of the transport: it stores clear payloads (Limits.AllowClear), like the
// clients of mustClient send; see mustSealedRelay for the real policy.
func mustRelayOpts(tb testing.TB, opts relay.Options) *testRelay {
	tb.Helper()
	opts.Limits.AllowClear = true
	return startRelay(tb, opts)
}

// mustSealedRelay serves a relay that stores only sealed messages (the
// default policy).
func mustSealedRelay(tb testing.TB, opts relay.Options) *testRelay {
	tb.Helper()
	return startRelay(tb, opts)
}

func startRelay(tb testing.TB, opts relay.Options) *testRelay {
	tb.Helper()
	hs := httptest.NewUnstartedServer(nil)
	if opts.Host == "" {
		opts.Host = hs.Listener.Addr().String()
	}
	if opts.Logger == nil {
		opts.Logger = quietLogger(tb)
	}
	srv := relay.NewServer(opts)
	hs.Config.Handler = srv
	hs.Start()
	r := &testRelay{srv: srv, http: hs, url: "ws" + strings.TrimPrefix(hs.URL, "http")}
	tb.Cleanup(r.Close)
	return r
}

// Close stops the server and its connections.
func (r *testRelay) Close() {
	r.once.Do(func() {
		r.http.CloseClientConnections()
		r.srv.Close()
		r.http.Close()
	})
}

// mustClient dials a relay client for key with handler and closes it at
// cleanup. It sends payloads unsealed (a test of the transport); see
// mustSealedClient.
func mustClient(tb testing.TB, url string, key *ecdsa.PrivateKey, opts relayclient.Options) *relayclient.Client {
	tb.Helper()
	opts.Unsealed = true
	return mustSealedClient(tb, url, key, opts)
}

// mustSealedClient dials a relay client that seals what it sends and opens
// what it receives, as the wallets do.
func mustSealedClient(tb testing.TB, url string, key *ecdsa.PrivateKey, opts relayclient.Options) *relayclient.Client {
	tb.Helper()
	if opts.Logger == nil {
		opts.Logger = quietLogger(tb)
	}
	if opts.MaxBackoff == 0 {
		opts.MinBackoff, opts.MaxBackoff = 20*time.Millisecond, 200*time.Millisecond
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := relayclient.Dial(ctx, url, relayclient.KeySigner(key), opts)
	if err != nil {
		tb.Fatalf("Dial(%s): %v", url, err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

// inbox collects delivered messages for a Handler.
type inbox struct {
	mu   sync.Mutex
	msgs []relayclient.Message
	ch   chan struct{}
}

func newInbox() *inbox { return &inbox{ch: make(chan struct{}, 1)} }

func (in *inbox) handle(_ context.Context, m relayclient.Message) error {
	in.mu.Lock()
	in.msgs = append(in.msgs, m)
	in.mu.Unlock()
	select {
	case in.ch <- struct{}{}:
	default:
	}
	return nil
}

// wait blocks until the inbox holds n messages and returns them.
func (in *inbox) wait(tb testing.TB, n int) []relayclient.Message {
	tb.Helper()
	deadline := time.After(60 * time.Second)
	for {
		in.mu.Lock()
		if len(in.msgs) >= n {
			out := append([]relayclient.Message(nil), in.msgs...)
			in.mu.Unlock()
			return out
		}
		got := len(in.msgs)
		in.mu.Unlock()
		select {
		case <-in.ch:
		case <-deadline:
			tb.Fatalf("inbox: got %d messages; want %d", got, n)
		}
	}
}

func (in *inbox) snapshot() []relayclient.Message {
	in.mu.Lock()
	defer in.mu.Unlock()
	return append([]relayclient.Message(nil), in.msgs...)
}

// rawConn is a WebSocket speaking frames by hand, for protocol tests.
type rawConn struct {
	tb testing.TB
	ws *websocket.Conn
}

func mustRaw(tb testing.TB, url string) *rawConn {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		tb.Fatalf("websocket.Dial(%s): %v", url, err)
	}
	ws.SetReadLimit(1 << 22)
	tb.Cleanup(func() { ws.CloseNow() })
	return &rawConn{tb: tb, ws: ws}
}

// writeRaw sends text as one message.
func (c *rawConn) writeRaw(text string) {
	c.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.ws.Write(ctx, websocket.MessageText, []byte(text)); err != nil {
		c.tb.Fatalf("write %.80q: %v", text, err)
	}
}

func (c *rawConn) writeFrame(f relayproto.Frame) {
	c.tb.Helper()
	b, err := relayproto.Encode(f)
	if err != nil {
		c.tb.Fatal(err)
	}
	c.writeRaw(string(b))
}

// readFrame reads one frame, or returns the read error.
func (c *rawConn) readFrame() (relayproto.Frame, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, data, err := c.ws.Read(ctx)
	if err != nil {
		return relayproto.Frame{}, err
	}
	var f relayproto.Frame
	if err := json.Unmarshal(data, &f); err != nil {
		c.tb.Fatalf("server sent invalid JSON %q: %v", data, err)
	}
	return f, nil
}

func (c *rawConn) mustRead(typ string) relayproto.Frame {
	c.tb.Helper()
	f, err := c.readFrame()
	if err != nil {
		c.tb.Fatalf("read %s frame: %v", typ, err)
	}
	if f.Type != typ {
		c.tb.Fatalf("read frame %+v; want type %s", f, typ)
	}
	return f
}

// login answers the challenge as key and expects ready.
func (c *rawConn) login(key *ecdsa.PrivateKey) {
	c.tb.Helper()
	ch := c.mustRead(relayproto.TypeChallenge)
	c.writeFrame(authFrame(key, ch.Host, ch.Challenge, ch.Challenge))
	r := c.mustRead(relayproto.TypeReady)
	if *r.Address != addrOf(key) {
		c.tb.Fatalf("ready for %s; want %s", r.Address.Hex(), addrOf(key).Hex())
	}
}

// authFrame signs the login text for (host, signed) and answers challenge.
func authFrame(key *ecdsa.PrivateKey, host, signed, challenge string) relayproto.Frame {
	sig, err := crypto.Sign(relayproto.TextHash([]byte(relayproto.LoginText(host, signed))), key)
	if err != nil {
		panic(err)
	}
	a := addrOf(key)
	return relayproto.Frame{Type: relayproto.TypeAuth, Challenge: challenge, Address: &a, Signature: "0x" + hex.EncodeToString(sig)}
}

// skipTo reads frames until one of type typ, skipping stored and deliver
// frames of other types (which may interleave).
func (c *rawConn) skipTo(typ string) relayproto.Frame {
	c.tb.Helper()
	for {
		f, err := c.readFrame()
		if err != nil {
			c.tb.Fatalf("read %s frame: %v", typ, err)
		}
		if f.Type == typ {
			return f
		}
		if f.Type != relayproto.TypeStored && f.Type != relayproto.TypeDeliver {
			c.tb.Fatalf("read frame %+v; want type %s", f, typ)
		}
	}
}
