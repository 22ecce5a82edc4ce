package relay_test

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/relayclient"
	"paychan/app/relayproto"
	"paychan/internal/testkit"
	"paychan/server/relay"
)

// dialFrom dials url from local IP address ip (127.0.0.x are all this
// machine's loopback), returning the connection or the HTTP refusal.
func dialFrom(tb testing.TB, url, ip string, h http.Header) (*rawConn, *http.Response, error) {
	tb.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	hc := &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPClient: hc, HTTPHeader: h})
	if err != nil {
		return nil, resp, err
	}
	ws.SetReadLimit(1 << 22)
	tb.Cleanup(func() { ws.CloseNow() })
	return &rawConn{tb: tb, ws: ws}, resp, nil
}

func freshKey(tb testing.TB) *ecdsa.PrivateKey {
	k, err := crypto.GenerateKey()
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// TestConnsPerIP is issue 10 item 11's attack: one network address opens
// every connection slot. Connections from one address are bounded before
// login (HTTP 429) and after (too_many_connections), a real user from
// another address still gets in, and so does the host's own client (the
// reserved token) from the attacker's address.
func TestConnsPerIP(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelayOpts(t, relay.Options{Store: st, ReservedToken: "s3cret",
		Limits: relay.Limits{MaxConns: 32, MaxPendingPerIP: 4, MaxConnsPerIP: 6, ReservedConns: 1}})

	// Before login: 4 connections from 127.0.0.1, then HTTP 429.
	var pending []*rawConn
	for i := range 10 {
		c, resp, err := dialFrom(t, r.url, "127.0.0.1", nil)
		if i < 4 {
			if err != nil {
				t.Fatalf("pending connection %d: %v", i, err)
			}
			c.mustRead(relayproto.TypeChallenge)
			pending = append(pending, c)
			continue
		}
		if resp == nil || resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("pending connection %d from one address: err %v resp %v; want HTTP 429", i, err, resp)
		}
		if i == 4 {
			body, _ := io.ReadAll(resp.Body)
			t.Logf("refusal: %d %s", resp.StatusCode, strings.TrimSpace(string(body)))
		}
	}

	// The Go client's error names the relay's reason.
	cctx, ccancel := context.WithTimeout(context.Background(), time.Second)
	_, derr := relayclient.Dial(cctx, r.url, relayclient.KeySigner(Alice), relayclient.Options{Logger: quietLogger(t)})
	ccancel()
	if derr == nil || !strings.Contains(derr.Error(), "429") || !strings.Contains(derr.Error(), "have not logged in") {
		t.Fatalf("relayclient from the flooding address: %v; want the HTTP 429 and its reason", derr)
	}
	t.Logf("relayclient: %v", derr)

	// The host's own client gets in from the same address with the token
	// (even with the attacker's pending connections at the limit); a wrong
	// token is refused.
	if _, resp, _ := dialFrom(t, r.url, "127.0.0.1", http.Header{relay.ReservedHeader: {"guess"}}); resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("wrong reserved token: %v; want HTTP 403", resp)
	}
	mustClient(t, r.url, Bob, relayclient.Options{Header: http.Header{relay.ReservedHeader: {"s3cret"}}})
	// The reserved connections are bounded too: the tower holds the only
	// one (ReservedConns 1), so another with the right token gets HTTP 503.
	if _, resp, _ := dialFrom(t, r.url, "127.0.0.1", http.Header{relay.ReservedHeader: {"s3cret"}}); resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("reserved connection beyond ReservedConns: %v; want HTTP 503", resp)
	}

	// A real user on another address gets in.
	user, _, err := dialFrom(t, r.url, "127.0.0.2", nil)
	if err != nil {
		t.Fatalf("a user on 127.0.0.2 while 127.0.0.1 floods: %v", err)
	}
	user.login(Alice)

	// After login: the attacker logs in with fresh keys: 6 connections,
	// then too_many_connections (its pending slots are free again after
	// each login).
	for _, c := range pending {
		c.ws.CloseNow()
	}
	for i := range 7 {
		// The closed connections' pending slots are released
		// asynchronously: a dial may still get 429 for a moment.
		var c *rawConn
		var resp *http.Response
		var err error
		testkit.Eventually(t, "the closed connections' pending slots to be released", func() error {
			c, resp, err = dialFrom(t, r.url, "127.0.0.1", nil)
			if err != nil && resp != nil && resp.StatusCode == http.StatusTooManyRequests {
				return err
			}
			return nil
		})
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		k := freshKey(t)
		ch := c.mustRead(relayproto.TypeChallenge)
		c.writeFrame(authFrame(k, ch.Host, ch.Challenge, ch.Challenge))
		f, err := c.readFrame()
		if err != nil {
			t.Fatalf("login %d: %v", i, err)
		}
		if i < 6 && f.Type != relayproto.TypeReady {
			t.Fatalf("login %d: %+v; want ready", i, f)
		}
		if i == 6 {
			if f.Type != relayproto.TypeError || f.Code != relayproto.CodeTooManyConns {
				t.Fatalf("login %d from one address: %+v; want %s", i, f, relayproto.CodeTooManyConns)
			}
			t.Logf("refusal: %s: %s", f.Code, f.Message)
		}
	}
	// Another real user still gets in.
	user2, _, err := dialFrom(t, r.url, "127.0.0.3", nil)
	if err != nil {
		t.Fatalf("a user on 127.0.0.3: %v", err)
	}
	user2.login(Mallory)
}

// TestConnFloodDefaults replays the attack with the default limits: 1,023
// connections from one address in about a second took every slot before;
// now 16 get in (not logged in) and the rest get HTTP 429, and a user on
// another address logs in.
func TestConnFloodDefaults(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelay(t, st, relay.Limits{})
	ok, refused := 0, 0
	start := time.Now()
	for range 1023 {
		_, resp, err := dialFrom(t, r.url, "127.0.0.1", nil)
		switch {
		case err == nil:
			ok++
		case resp != nil && resp.StatusCode == http.StatusTooManyRequests:
			refused++
		default:
			t.Fatalf("flood: %v", err)
		}
	}
	t.Logf("1,023 connections from 127.0.0.1 in %v: %d open, %d refused with HTTP 429", time.Since(start).Round(time.Millisecond), ok, refused)
	if want := relay.DefaultLimits().MaxPendingPerIP; ok != want {
		t.Fatalf("%d connections open from one address; want %d", ok, want)
	}
	user, _, err := dialFrom(t, r.url, "127.0.0.2", nil)
	if err != nil {
		t.Fatalf("a user on 127.0.0.2 after the flood: %v", err)
	}
	user.login(Alice)
}

// TestIPSendBytes is the attack on the store: one network address fills
// the relay's store (MaxBytes) through many connections and fresh keys,
// after which every other sender would get store_full for as long as the
// messages are kept. The connections of one address share a budget of
// payload bytes (Limits.IPSendBytesRate, IPSendBytesBurst) that survives
// reconnecting; another address and the host's own client are not
// charged.
func TestIPSendBytes(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelayOpts(t, relay.Options{Store: st, ReservedToken: "s3cret", Limits: relay.Limits{
		MaxPayloadBytes:  1000,
		IPSendBytesRate:  0.001, // no refill during the test
		IPSendBytesBurst: 3000,
		SendRate:         1e6, SendBurst: 1e6, FrameRate: 1e6, FrameBurst: 1e6,
	}})
	send := func(c *rawConn, id string) string {
		t.Helper()
		to := addrOf(Bob)
		c.writeFrame(relayproto.Frame{Type: relayproto.TypeSend, To: &to, ID: id, Payload: make([]byte, 1000)})
		for {
			f, err := c.readFrame()
			if err != nil {
				t.Fatalf("send %s: %v", id, err)
			}
			switch {
			case f.Type == relayproto.TypeStored && f.ID == id:
				return "stored"
			case f.Type == relayproto.TypeError && f.ID == id:
				if f.Code == relayproto.CodeRateLimited && !strings.Contains(f.Message, "127.0.0.1") {
					t.Errorf("refusal %q does not name the network address", f.Message)
				}
				return f.Code
			}
		}
	}

	// Two connections from 127.0.0.1 with two keys share 3,000 bytes.
	a, _, err := dialFrom(t, r.url, "127.0.0.1", nil)
	if err != nil {
		t.Fatal(err)
	}
	a.login(freshKey(t))
	b, _, err := dialFrom(t, r.url, "127.0.0.1", nil)
	if err != nil {
		t.Fatal(err)
	}
	b.login(freshKey(t))
	got := []string{send(a, "a1"), send(b, "b1"), send(a, "a2"), send(b, "b2"), send(a, "a3")}
	if want := "stored stored stored rate_limited rate_limited"; strings.Join(got, " ") != want {
		t.Fatalf("five 1,000-byte sends from one address with a budget of 3,000: %s; want %s", strings.Join(got, " "), want)
	}

	// Reconnecting with a fresh key does not refill the budget.
	a.ws.CloseNow()
	b.ws.CloseNow()
	testkit.Eventually(t, "a new connection from 127.0.0.1 to be refused too", func() error {
		c, _, err := dialFrom(t, r.url, "127.0.0.1", nil)
		if err != nil {
			return err
		}
		defer c.ws.CloseNow()
		c.login(freshKey(t))
		if got := send(c, "c1"); got != relayproto.CodeRateLimited {
			t.Fatalf("send after reconnecting: %s; want %s", got, relayproto.CodeRateLimited)
		}
		return nil
	})

	// Another address, and the host's own client from this one, still send.
	u, _, err := dialFrom(t, r.url, "127.0.0.2", nil)
	if err != nil {
		t.Fatal(err)
	}
	u.login(Alice)
	if got := send(u, "u1"); got != "stored" {
		t.Errorf("a user on 127.0.0.2: %s; want stored", got)
	}
	h, _, err := dialFrom(t, r.url, "127.0.0.1", http.Header{relay.ReservedHeader: {"s3cret"}})
	if err != nil {
		t.Fatal(err)
	}
	h.login(Mallory)
	for i := range 5 {
		if got := send(h, fmt.Sprintf("h%d", i)); got != "stored" {
			t.Fatalf("the host's reserved connection, send %d: %s; want stored", i, got)
		}
	}
}
