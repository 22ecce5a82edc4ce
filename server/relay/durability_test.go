package relay_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"paychan/app/relayclient"
	"paychan/app/relayproto"
	"paychan/internal/testkit"
	"paychan/server/relay"
)

// mustRelayAt serves a relay on st at addr ("127.0.0.1:0" for any port).
func mustRelayAt(tb testing.TB, st relay.Store, addr string) *testRelay {
	tb.Helper()
	var ln net.Listener
	// The previous server's port may take a moment to free.
	testkit.Eventually(tb, "listen "+addr, func() error {
		var err error
		ln, err = net.Listen("tcp", addr)
		return err
	})
	srv := relay.NewServer(relay.Options{Store: st, Limits: relay.Limits{AllowClear: true}, Host: ln.Addr().String(), Logger: quietLogger(tb)})
	hs := httptest.NewUnstartedServer(srv)
	hs.Listener.Close()
	hs.Listener = ln
	hs.Start()
	r := &testRelay{srv: srv, http: hs, url: "ws" + strings.TrimPrefix(hs.URL, "http")}
	tb.Cleanup(r.Close)
	return r
}

// sendAll sends payloads from c to to in order.
func sendAll(tb testing.TB, c *relayclient.Client, to [20]byte, payloads []string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, p := range payloads {
		if _, err := c.Send(ctx, to, []byte(p)); err != nil {
			tb.Fatalf("Send(%q): %v", p, err)
		}
	}
}

func numbered(prefix string, from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("%s %03d", prefix, i))
	}
	return out
}

// TestRedeliveryUntilAcked checks that delivered but unacknowledged messages
// come back at once on the next connection, and acknowledged ones do not.
func TestRedeliveryUntilAcked(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelay(t, st, relay.Limits{})
	alice := mustClient(t, r.url, Alice, relayclient.Options{})
	sendAll(t, alice, addrOf(Bob), numbered("m", 0, 5))

	// Bob reads all five, acknowledges the first two and leaves.
	b := mustRaw(t, r.url)
	b.login(Bob)
	var seqs []uint64
	for range 5 {
		seqs = append(seqs, b.mustRead(relayproto.TypeDeliver).Seq)
	}
	for _, s := range seqs[:2] {
		b.writeFrame(relayproto.Frame{Type: relayproto.TypeAck, Seq: s})
	}
	// A send's delivery back to Bob shows the connection read the acks;
	// they are applied in the background, so one may not be applied yet
	// when the connection closes (at-least-once: it may come back once).
	bob := addrOf(Bob)
	b.writeFrame(relayproto.Frame{Type: relayproto.TypeSend, To: &bob, ID: "sync", Payload: []byte("m 005")})
	for f := b.skipTo(relayproto.TypeDeliver); string(f.Payload) != "m 005"; f = b.skipTo(relayproto.TypeDeliver) {
	}
	b.ws.CloseNow()

	// On the next connection the unacknowledged four come back in order,
	// after at most the acknowledged ones whose acks were still pending.
	b2 := mustRaw(t, r.url)
	b2.login(Bob)
	var got, again []string
	for len(got) < 4 {
		f := b2.mustRead(relayproto.TypeDeliver)
		b2.writeFrame(relayproto.Frame{Type: relayproto.TypeAck, Seq: f.Seq})
		if p := string(f.Payload); len(got) == 0 && (p == "m 000" || p == "m 001") {
			again = append(again, p)
			continue
		}
		got = append(got, string(f.Payload))
	}
	if diff := cmp.Diff([]string{"m 002", "m 003", "m 004", "m 005"}, got); diff != "" {
		t.Errorf("redelivered (-want +got):\n%s", diff)
	}
	if len(again) > 0 && !slices.IsSorted(again) {
		t.Errorf("acknowledged messages redelivered out of order: %q", again)
	}
	got = append(got, again...)
	b2.ws.CloseNow()

	// All acknowledged: a third connection gets only a new message. The
	// acks of b2 are applied in the background after their frames were
	// read (at least once: until then a new connection may see them
	// again), so a connection that still sees one of them tries again.
	sendAll(t, alice, bob, []string{"fresh"})
	testkit.Eventually(t, "a new connection's first delivery to be the fresh message", func() error {
		b3 := mustRaw(t, r.url)
		b3.login(Bob)
		f := b3.mustRead(relayproto.TypeDeliver)
		b3.ws.CloseNow()
		if string(f.Payload) == "fresh" {
			return nil
		}
		if !slices.Contains(got, string(f.Payload)) {
			t.Fatalf("after acking everything, first delivery %q; want fresh", f.Payload)
		}
		return fmt.Errorf("first delivery %q, an acknowledged message (its ack not applied yet)", f.Payload)
	})
}

// TestHandlerErrorRetries checks that a message is acknowledged only after
// the Handler succeeded: a failing handler is called again, and messages
// stay in the mailbox meanwhile.
func TestHandlerErrorRetries(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelay(t, st, relay.Limits{})
	alice := mustClient(t, r.url, Alice, relayclient.Options{})
	sendAll(t, alice, addrOf(Bob), numbered("m", 0, 3))

	var mu sync.Mutex
	var calls []string
	failing := true
	in := newInbox()
	handler := func(ctx context.Context, m relayclient.Message) error {
		mu.Lock()
		calls = append(calls, string(m.Payload))
		f := failing && string(m.Payload) == "m 001"
		mu.Unlock()
		if f {
			return errors.New("disk full")
		}
		return in.handle(ctx, m)
	}
	bob := mustClient(t, r.url, Bob, relayclient.Options{Handler: handler})
	// Wait until m 001 failed twice; m 002 must not have been handled.
	testkit.Eventually(t, "m 001 to fail twice", func() error {
		mu.Lock()
		defer mu.Unlock()
		if n := strings.Count(strings.Join(calls, ","), "m 001"); n < 2 {
			return fmt.Errorf("handler calls %q", calls)
		}
		return nil
	})
	if got := in.snapshot(); len(got) != 1 {
		t.Fatalf("handled %d messages while m 001 fails; want 1", len(got))
	}
	// Bob goes away: m 001 and m 002 are still in his mailbox.
	bob.Close()
	mu.Lock()
	failing = false
	mu.Unlock()
	in2 := newInbox()
	mustClient(t, r.url, Bob, relayclient.Options{Handler: in2.handle})
	var got []string
	for _, m := range in2.wait(t, 2) {
		got = append(got, string(m.Payload))
	}
	if diff := cmp.Diff([]string{"m 001", "m 002"}, got); diff != "" {
		t.Errorf("after the handler failed (-want +got):\n%s", diff)
	}
}

// TestDurableAcrossRestart stops relay and store, reopens both on the same
// data dir and checks the mailbox: unacknowledged messages are there in
// order, acknowledged ones are gone.
func TestDurableAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	bob := addrOf(Bob)
	func() {
		st, err := relay.OpenJetStream(context.Background(), relay.JetStreamOptions{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		r := mustRelay(t, st, relay.Limits{})
		defer r.Close()
		alice := mustClient(t, r.url, Alice, relayclient.Options{})
		defer alice.Close()
		sendAll(t, alice, bob, numbered("m", 0, 20))
	}()
	// Restart 1: Bob acknowledges the first ten.
	func() {
		st, err := relay.OpenJetStream(context.Background(), relay.JetStreamOptions{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		r := mustRelay(t, st, relay.Limits{})
		defer r.Close()
		b := mustRaw(t, r.url)
		b.login(Bob)
		for i := range 20 {
			f := b.mustRead(relayproto.TypeDeliver)
			if want := fmt.Sprintf("m %03d", i); string(f.Payload) != want {
				t.Fatalf("after restart, delivery %d = %q; want %q", i, f.Payload, want)
			}
			if i < 10 {
				b.writeFrame(relayproto.Frame{Type: relayproto.TypeAck, Seq: f.Seq})
			}
		}
		// Sync on a send so the acks are handled before the restart.
		b.writeFrame(relayproto.Frame{Type: relayproto.TypeSend, To: &bob, ID: "sync", Payload: []byte("sync")})
		for f := b.skipTo(relayproto.TypeStored); f.ID != "sync"; f = b.skipTo(relayproto.TypeStored) {
		}
		b.ws.CloseNow()
	}()
	// Restart 2: the other ten (and the sync message) remain.
	st := mustStore(t, dir)
	r := mustRelay(t, st, relay.Limits{})
	in := newInbox()
	mustClient(t, r.url, Bob, relayclient.Options{Handler: in.handle})
	var got []string
	for _, m := range in.wait(t, 11) {
		got = append(got, string(m.Payload))
	}
	if diff := cmp.Diff(append(numbered("m", 10, 20), "sync"), got); diff != "" {
		t.Errorf("after two restarts (-want +got):\n%s", diff)
	}
}

// TestClientReconnectResend stops the relay under a connected client, sends
// while it is down and starts it again on the same address: the client
// reconnects, the send completes and is delivered once.
func TestClientReconnectResend(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelayAt(t, st, "127.0.0.1:0")
	addr := r.http.Listener.Addr().String()

	states := make(chan relayclient.State, 100)
	alice := mustClient(t, r.url, Alice, relayclient.Options{OnState: func(s relayclient.State, err error) { states <- s }})
	in := newInbox()
	mustClient(t, r.url, Bob, relayclient.Options{Handler: in.handle})
	sendAll(t, alice, addrOf(Bob), []string{"before"})
	in.wait(t, 1)

	r.Close()
	for s := range states {
		if s == relayclient.Disconnected {
			break
		}
	}
	if got := alice.State(); got == relayclient.Connected {
		t.Fatalf("State() = %v after the relay stopped", got)
	}
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		_, err := alice.Send(ctx, addrOf(Bob), []byte("while down"))
		done <- err
	}()
	r2 := mustRelayAt(t, st, addr)
	_ = r2
	if err := <-done; err != nil {
		t.Fatalf("Send across the restart: %v", err)
	}
	var got []string
	for _, m := range in.wait(t, 2) {
		got = append(got, string(m.Payload))
	}
	if diff := cmp.Diff([]string{"before", "while down"}, got); diff != "" {
		t.Errorf("Bob's messages (-want +got):\n%s", diff)
	}
	if s := alice.State(); s != relayclient.Connected {
		t.Errorf("State() = %v after reconnect; want connected", s)
	}
}

// TestStoreDuplicateSend checks that a resend of the same (sender, id) is
// recognised by the store and not stored twice.
func TestStoreDuplicateSend(t *testing.T) {
	st := mustStore(t, t.TempDir())
	ctx := context.Background()
	e := relay.Envelope{From: addrOf(Alice), To: addrOf(Bob), ID: "once", Payload: []byte("x")}
	first, err := st.Append(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	second, err := st.Append(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	if want := (relay.Stored{Seq: first.Seq, Duplicate: true}); second != want {
		t.Errorf("second Append = %+v; want %+v", second, want)
	}
	// Another sender may use the same id.
	e.From = addrOf(Mallory)
	third, err := st.Append(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	if third.Duplicate || third.Seq == first.Seq {
		t.Errorf("Mallory's Append with Alice's id = %+v; want a new message", third)
	}
}
