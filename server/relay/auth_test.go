package relay_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"paychan/app/relayclient"
	"paychan/app/relayproto"
	"paychan/server/relay"
)

// TestAuth checks that only a signature by the claimed address over this
// host's login text with this connection's challenge logs in.
func TestAuth(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelay(t, st, relay.Limits{})
	otherChallenge := "0x" + strings.Repeat("ab", relayproto.NonceBytes)
	tests := []struct {
		name string
		auth func(ch relayproto.Frame) relayproto.Frame
	}{
		{"Mallory signs, claims Bob", func(ch relayproto.Frame) relayproto.Frame {
			f := authFrame(Mallory, ch.Host, ch.Challenge, ch.Challenge)
			bob := addrOf(Bob)
			f.Address = &bob
			return f
		}},
		{"wrong host", func(ch relayproto.Frame) relayproto.Frame {
			return authFrame(Bob, "evil.example", ch.Challenge, ch.Challenge)
		}},
		{"signs another challenge", func(ch relayproto.Frame) relayproto.Frame {
			return authFrame(Bob, ch.Host, otherChallenge, ch.Challenge)
		}},
		{"answers another challenge", func(ch relayproto.Frame) relayproto.Frame {
			return authFrame(Bob, ch.Host, otherChallenge, otherChallenge)
		}},
		{"garbage signature", func(ch relayproto.Frame) relayproto.Frame {
			f := authFrame(Bob, ch.Host, ch.Challenge, ch.Challenge)
			f.Signature = "0x" + strings.Repeat("11", 64) + "1b"
			return f
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustRaw(t, r.url)
			ch := c.mustRead(relayproto.TypeChallenge)
			if want := r.http.Listener.Addr().String(); ch.Host != want {
				t.Errorf("challenge host = %q; want the configured name %s", ch.Host, want)
			}
			c.writeFrame(tt.auth(ch))
			f := c.mustRead(relayproto.TypeError)
			if f.Code != relayproto.CodeAuthFailed {
				t.Errorf("error code = %q (%s); want %q", f.Code, f.Message, relayproto.CodeAuthFailed)
			}
			if _, err := c.readFrame(); websocket.CloseStatus(err) != websocket.StatusPolicyViolation {
				t.Errorf("after a failed login: read err = %v; want close status %d", err, websocket.StatusPolicyViolation)
			}
		})
	}

	t.Run("fresh challenge per connection", func(t *testing.T) {
		a, b := mustRaw(t, r.url), mustRaw(t, r.url)
		ca, cb := a.mustRead(relayproto.TypeChallenge), b.mustRead(relayproto.TypeChallenge)
		if ca.Challenge == cb.Challenge {
			t.Fatalf("two connections got the same challenge %s", ca.Challenge)
		}
		// Bob's signature for connection a does not log in on connection b.
		b.writeFrame(authFrame(Bob, ca.Host, ca.Challenge, ca.Challenge))
		if f := b.mustRead(relayproto.TypeError); f.Code != relayproto.CodeAuthFailed {
			t.Errorf("replayed auth: code %q; want %q", f.Code, relayproto.CodeAuthFailed)
		}
	})

	t.Run("send before login", func(t *testing.T) {
		c := mustRaw(t, r.url)
		ch := c.mustRead(relayproto.TypeChallenge)
		to := addrOf(Bob)
		c.writeFrame(relayproto.Frame{Type: relayproto.TypeSend, To: &to, ID: "m1", Payload: []byte("x")})
		if f := c.mustRead(relayproto.TypeError); f.Code != relayproto.CodeNotAuthorized || f.ID != "m1" {
			t.Errorf("send before login: got %+v; want %s for id m1", f, relayproto.CodeNotAuthorized)
		}
		// The connection survives and can still log in.
		c.writeFrame(authFrame(Alice, ch.Host, ch.Challenge, ch.Challenge))
		c.mustRead(relayproto.TypeReady)
	})
}

func TestAuthTimeout(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelay(t, st, relay.Limits{AuthTimeout: 200 * time.Millisecond})
	c := mustRaw(t, r.url)
	c.mustRead(relayproto.TypeChallenge)
	if f := c.mustRead(relayproto.TypeError); f.Code != relayproto.CodeAuthTimeout {
		t.Errorf("silent client: code %q; want %q", f.Code, relayproto.CodeAuthTimeout)
	}
	if _, err := c.readFrame(); websocket.CloseStatus(err) != websocket.StatusPolicyViolation {
		t.Errorf("after auth timeout: read err = %v; want close status %d", err, websocket.StatusPolicyViolation)
	}
}

// TestMailboxIsolation checks that Mallory cannot read Bob's mailbox nor
// send as Alice: the connection is bound to the signer, the mailbox read is
// the bound address's, and the sender is the bound address.
func TestMailboxIsolation(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelay(t, st, relay.Limits{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	alice := mustClient(t, r.url, Alice, relayclient.Options{})
	if _, err := alice.Send(ctx, addrOf(Bob), []byte("for Bob only")); err != nil {
		t.Fatalf("Alice Send: %v", err)
	}

	// Mallory logs in as herself: she sends a message to herself as a
	// marker; it must be the first thing she receives (not Bob's message).
	m := mustRaw(t, r.url)
	m.login(Mallory)
	mal := addrOf(Mallory)
	m.writeFrame(relayproto.Frame{Type: relayproto.TypeSend, To: &mal, ID: "marker", Payload: []byte("marker")})
	for got := 0; got < 2; got++ {
		f, err := m.readFrame()
		if err != nil {
			t.Fatal(err)
		}
		switch f.Type {
		case relayproto.TypeStored:
		case relayproto.TypeDeliver:
			if string(f.Payload) != "marker" || *f.From != mal {
				t.Fatalf("Mallory received %q from %s; want only her marker", f.Payload, f.From.Hex())
			}
			// Acknowledged: delivered live, it is stored for the
			// sender only once its recipient has it.
			m.writeFrame(relayproto.Frame{Type: relayproto.TypeAck, Seq: f.Seq})
		default:
			t.Fatalf("Mallory got %+v", f)
		}
	}

	// Mallory tries to claim a sender: a send frame has no from field.
	bob := addrOf(Bob)
	m.writeRaw(`{"v":1,"type":"send","to":"` + bob.Hex() + `","id":"forged","from":"` + addrOf(Alice).Hex() + `","payload":"aGk="}`)
	if f := m.mustRead(relayproto.TypeError); f.Code != relayproto.CodeBadFrame {
		t.Errorf("send with from: code %q; want %q", f.Code, relayproto.CodeBadFrame)
	}
	// Mallory acks a seq she was not given (trying to delete Bob's message).
	m.writeFrame(relayproto.Frame{Type: relayproto.TypeAck, Seq: 1})
	if f := m.mustRead(relayproto.TypeError); f.Code != relayproto.CodeUnknownSeq {
		t.Errorf("ack of Bob's message: code %q; want %q", f.Code, relayproto.CodeUnknownSeq)
	}
	// A send she may make arrives as hers.
	m.writeFrame(relayproto.Frame{Type: relayproto.TypeSend, To: &bob, ID: "hello", Payload: []byte("from Mallory")})
	m.mustRead(relayproto.TypeStored)

	// Bob gets Alice's message (not deleted by Mallory's ack) and Mallory's,
	// each with its true sender.
	in := newInbox()
	mustClient(t, r.url, Bob, relayclient.Options{Handler: in.handle})
	msgs := in.wait(t, 2)
	want := map[string]string{"for Bob only": addrOf(Alice).Hex(), "from Mallory": mal.Hex()}
	for _, msg := range msgs {
		if want[string(msg.Payload)] != msg.From.Hex() {
			t.Errorf("Bob got %q from %s; want from %s", msg.Payload, msg.From.Hex(), want[string(msg.Payload)])
		}
	}
}

// TestChallengeHostIsConfigured checks that the challenge names the
// relay's configured name, never the request's Host header (which a server
// forwarding the request chooses).
func TestChallengeHostIsConfigured(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelayOpts(t, relay.Options{Store: st, Host: "paychan.example"})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, r.url, &websocket.DialOptions{Host: "evil.example"})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	c := &rawConn{tb: t, ws: ws}
	if ch := c.mustRead(relayproto.TypeChallenge); ch.Host != "paychan.example" {
		t.Fatalf("challenge host = %q with Host: evil.example; want the configured paychan.example", ch.Host)
	}

	// A relay without a name refuses connections.
	unnamed := relay.NewServer(relay.Options{Store: st, Logger: quietLogger(t)})
	defer unnamed.Close()
	rec := httptest.NewRecorder()
	unnamed.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/relay", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "no relay name") {
		t.Fatalf("relay without a name: %d %q; want 503 naming the missing name", rec.Code, rec.Body.String())
	}
}

// TestForwardedChallengeRefused is the regression test of issue 10 item 9:
// a fake relay that forwards the real relay's challenge to a client (to
// replay the client's login there and read its mailbox) gets no login: the
// client sees a challenge naming another host than the one it dialed and
// refuses to sign it.
func TestForwardedChallengeRefused(t *testing.T) {
	st := mustStore(t, t.TempDir())
	real := mustRelay(t, st, relay.Limits{})

	// Mail for Bob waits in the real relay.
	alice := mustClient(t, real.url, Alice, relayclient.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := alice.Send(ctx, addrOf(Bob), []byte("for Bob only")); err != nil {
		t.Fatal(err)
	}

	// The fake relay: for each victim connection it opens one to the real
	// relay and passes frames both ways.
	var auths, readies atomic.Int32
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		victim, err := websocket.Accept(w, req, nil)
		if err != nil {
			return
		}
		defer victim.CloseNow()
		rctx, cancel := context.WithTimeout(req.Context(), 10*time.Second)
		defer cancel()
		up, _, err := websocket.Dial(rctx, real.url, nil)
		if err != nil {
			return
		}
		defer up.CloseNow()
		_, ch, err := up.Read(rctx)
		if err != nil || victim.Write(rctx, websocket.MessageText, ch) != nil {
			return
		}
		_, auth, err := victim.Read(rctx)
		if err != nil {
			return
		}
		auths.Add(1)
		if up.Write(rctx, websocket.MessageText, auth) != nil {
			return
		}
		if _, f, err := up.Read(rctx); err == nil && strings.Contains(string(f), `"ready"`) {
			readies.Add(1)
		}
	}))
	defer fake.Close()
	fakeURL := "ws" + strings.TrimPrefix(fake.URL, "http")

	in := newInbox()
	c := relayclient.New(fakeURL, relayclient.KeySigner(Bob), relayclient.Options{Unsealed: true,
		Handler: in.handle, Logger: quietLogger(t), MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond,
	})
	defer c.Close()
	wctx, wcancel := context.WithTimeout(context.Background(), time.Second)
	defer wcancel()
	err := c.WaitConnected(wctx)
	if !errors.Is(err, relayclient.ErrWrongRelay) {
		t.Fatalf("client through the fake relay: WaitConnected = %v; want ErrWrongRelay", err)
	}
	if !strings.Contains(err.Error(), real.http.Listener.Addr().String()) {
		t.Errorf("the error does not name the challenge's host: %v", err)
	}
	t.Logf("client's error: %v", err)
	if n := auths.Load(); n != 0 {
		t.Fatalf("the client answered %d forwarded challenges; want none", n)
	}
	if n := readies.Load(); n != 0 {
		t.Fatalf("the fake relay logged in %d times as Bob", n)
	}

	// Bob's mail is still there for Bob on the real relay.
	in2 := newInbox()
	mustClient(t, real.url, Bob, relayclient.Options{Handler: in2.handle})
	if got := in2.wait(t, 1); string(got[0].Payload) != "for Bob only" {
		t.Fatalf("Bob got %q", got[0].Payload)
	}
}

// TestLoopbackAliases checks that a client dialing localhost reaches a relay
// named 127.0.0.1:port (a browser at http://localhost:8080 and a host on
// --addr 127.0.0.1:8080), and that Options.Host names the relay when the
// client dials it by another name.
func TestLoopbackAliases(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelay(t, st, relay.Limits{})
	mustClient(t, strings.Replace(r.url, "127.0.0.1", "localhost", 1), Alice, relayclient.Options{})

	named := mustRelayOpts(t, relay.Options{Store: st, Host: "paychan.example"})
	mustClient(t, named.url, Bob, relayclient.Options{Host: "paychan.example"})
}
