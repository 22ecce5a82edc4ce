package relay_test

import (
	"context"
	"crypto/ecdsa"
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
