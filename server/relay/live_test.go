package relay_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/ethereum/go-ethereum/common"

	"paychan/app/relayclient"
	"paychan/app/relayproto"
	"paychan/server/relay"
)

// streamLastSeq is the last sequence number the store's stream was ever
// given: 0 while no message was written to it.
func streamLastSeq(t *testing.T, st *relay.JetStreamStore) uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := st.JetStream().Stream(ctx, relay.DefaultStreamName)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return info.State.LastSeq
}

// sendRaw sends payload from c to `to` with id.
func sendRaw(c *rawConn, to common.Address, id string) {
	c.tb.Helper()
	c.writeFrame(relayproto.Frame{Type: relayproto.TypeSend, To: &to, ID: id, Payload: []byte(id)})
}

// livePair starts a relay with limits and logs Bob in, then Alice, each on
// a raw connection.
func livePair(t *testing.T, limits relay.Limits) (st *relay.JetStreamStore, r *testRelay, bob, alice *rawConn) {
	t.Helper()
	st = mustStore(t, t.TempDir())
	r = mustRelay(t, st, limits)
	bob = mustRaw(t, r.url)
	bob.login(Bob)
	alice = mustRaw(t, r.url)
	alice.login(Alice)
	return st, r, bob, alice
}

// TestLiveDeliveryNotStored: a message to a recipient logged in on the
// same host is handed over live; once the recipient acknowledged it, the
// sender hears stored and the store was never written. With LiveWait < 0
// the same exchange writes the store (what the test would see without
// live delivery).
func TestLiveDeliveryNotStored(t *testing.T) {
	for _, tc := range []struct {
		name   string
		wait   time.Duration
		stored bool
	}{{"live", time.Minute, false}, {"off", -1, true}} {
		t.Run(tc.name, func(t *testing.T) {
			st, _, bob, alice := livePair(t, relay.Limits{LiveWait: tc.wait})

			sendRaw(alice, addrOf(Bob), "m1")
			d := bob.mustRead(relayproto.TypeDeliver)
			if string(d.Payload) != "m1" || *d.From != addrOf(Alice) || d.ID != "m1" {
				t.Fatalf("Bob got %+v", d)
			}
			bob.writeFrame(relayproto.Frame{Type: relayproto.TypeAck, Seq: d.Seq})
			s := alice.mustRead(relayproto.TypeStored)
			if s.ID != "m1" || s.Seq == 0 {
				t.Fatalf("Alice got %+v", s)
			}
			if got := streamLastSeq(t, st); (got != 0) != tc.stored {
				t.Errorf("stream's last sequence %d; written = %v, want %v", got, got != 0, tc.stored)
			}
		})
	}
}

// TestLiveUnacknowledgedIsStored: a live message the recipient does not
// acknowledge within LiveWait is stored (the sender's stored frame waits
// for that), and comes again from the store, to this connection and to
// the recipient's next one.
func TestLiveUnacknowledgedIsStored(t *testing.T) {
	st, r, bob, alice := livePair(t, relay.Limits{LiveWait: 200 * time.Millisecond})

	start := time.Now()
	sendRaw(alice, addrOf(Bob), "m1")
	live := bob.mustRead(relayproto.TypeDeliver)
	s := alice.mustRead(relayproto.TypeStored)
	if waited := time.Since(start); waited < 200*time.Millisecond {
		t.Errorf("stored after %v, before LiveWait", waited)
	}
	if streamLastSeq(t, st) == 0 || s.Seq >= 1<<52 {
		t.Fatalf("stored %+v, but the stream is empty or the seq is live", s)
	}
	again := bob.mustRead(relayproto.TypeDeliver)
	if again.ID != "m1" || again.Seq == live.Seq || again.Seq != s.Seq {
		t.Fatalf("delivered again %+v; want m1 from the store (seq %d)", again, s.Seq)
	}
	// Acknowledging the live copy late is harmless; the stored one stays
	// until it is acknowledged itself.
	bob.writeFrame(relayproto.Frame{Type: relayproto.TypeAck, Seq: live.Seq})
	bob.ws.CloseNow()
	bob2 := mustRaw(t, r.url)
	bob2.login(Bob)
	if d := bob2.mustRead(relayproto.TypeDeliver); d.ID != "m1" || d.Seq != s.Seq {
		t.Fatalf("next connection got %+v; want m1 (seq %d)", d, s.Seq)
	}
}

// TestLiveRecipientLeaves: live messages the recipient's connection leaves
// unacknowledged are stored when it ends (not LiveWait later), in order,
// and the recipient's next connection gets them.
func TestLiveRecipientLeaves(t *testing.T) {
	_, r, bob, alice := livePair(t, relay.Limits{LiveWait: time.Hour})
	for i := range 3 {
		sendRaw(alice, addrOf(Bob), fmt.Sprintf("m%d", i))
	}
	for i := range 3 {
		if d := bob.mustRead(relayproto.TypeDeliver); d.ID != fmt.Sprintf("m%d", i) {
			t.Fatalf("delivery %d: %+v", i, d)
		}
	}
	bob.ws.CloseNow()
	for i := range 3 {
		if s := alice.mustRead(relayproto.TypeStored); s.ID != fmt.Sprintf("m%d", i) || s.Seq >= 1<<52 {
			t.Fatalf("stored %d: %+v", i, s)
		}
	}
	bob2 := mustRaw(t, r.url)
	bob2.login(Bob)
	for i := range 3 {
		if d := bob2.mustRead(relayproto.TypeDeliver); d.ID != fmt.Sprintf("m%d", i) {
			t.Fatalf("after reconnecting, delivery %d: %+v", i, d)
		}
	}
}

// TestLiveKeepsOrder: a sender's messages reach the recipient in the order
// sent when some go through the store and others live: messages stored
// before the recipient logged in (read as its backlog, one at a time with
// MaxUnacked 1), messages sent while those wait for their acknowledgement,
// and messages stored because the recipient's live queue was full. The
// recipient acknowledges slowly; every message must arrive once, in order.
func TestLiveKeepsOrder(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelay(t, st, relay.Limits{MaxUnacked: 1, LiveQueue: 2, LiveWait: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	alice := mustClient(t, r.url, Alice, relayclient.Options{})
	const before, after = 5, 60
	for i := range before {
		if _, err := alice.Send(ctx, addrOf(Bob), []byte(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	bob := mustRaw(t, r.url)
	bob.login(Bob)
	// Sent while Bob's backlog is unread, then while he reads slowly
	// (some live, some stored, some stored from a full live queue).
	waits := make(chan func(context.Context) (uint64, error), after)
	go func() {
		defer close(waits)
		for i := before; i < before+after; i++ {
			w, err := alice.SendAsync(addrOf(Bob), []byte(fmt.Sprint(i)))
			if err != nil {
				t.Error(err)
				return
			}
			waits <- w
			if i%5 == 4 {
				time.Sleep(40 * time.Millisecond) // Bob catches up
			}
		}
	}()
	// A message may come twice (a live one not acknowledged before the
	// queue filled is stored, and delivered again from the store), but
	// never one before an earlier one.
	seen := map[uint64]bool{}
	again := 0
	for next := 0; next < before+after; {
		d := bob.mustRead(relayproto.TypeDeliver)
		time.Sleep(time.Duration(next%3) * 2 * time.Millisecond)
		bob.writeFrame(relayproto.Frame{Type: relayproto.TypeAck, Seq: d.Seq})
		if seen[d.Seq] {
			t.Fatalf("seq %d delivered twice", d.Seq)
		}
		seen[d.Seq] = true
		var got int
		if _, err := fmt.Sscan(string(d.Payload), &got); err != nil {
			t.Fatal(err)
		}
		switch {
		case got > next:
			t.Fatalf("got message %d before %d (order lost)", got, next)
		case got < next:
			again++
		default:
			next++
		}
	}
	i := before
	for w := range waits {
		if _, err := w(ctx); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		i++
	}
	live := 0
	for seq := range seen {
		if seq >= 1<<52 {
			live++
		}
	}
	t.Logf("%d deliveries of %d messages, %d live, %d again", len(seen), before+after, live, again)
}

// TestLiveTwoConnections: while an address has two connections, both read
// the stream (a live message goes to one connection only), and the live
// messages the first held are stored when the second logs in.
func TestLiveTwoConnections(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelay(t, st, relay.Limits{LiveWait: time.Hour})
	bob1 := mustRaw(t, r.url)
	bob1.login(Bob)
	alice := mustRaw(t, r.url)
	alice.login(Alice)
	sendRaw(alice, addrOf(Bob), "m1")
	if d := bob1.mustRead(relayproto.TypeDeliver); d.Seq < 1<<52 {
		t.Fatalf("first delivery %+v; want it live", d)
	}
	bob2 := mustRaw(t, r.url)
	bob2.login(Bob)
	if s := alice.mustRead(relayproto.TypeStored); s.Seq >= 1<<52 {
		t.Fatalf("stored %+v; want it in the store once Bob has two connections", s)
	}
	sendRaw(alice, addrOf(Bob), "m2")
	if s := alice.mustRead(relayproto.TypeStored); s.Seq >= 1<<52 {
		t.Fatalf("stored %+v; want the store", s)
	}
	for _, b := range []*rawConn{bob1, bob2} {
		got := ""
		for range 2 {
			d := b.mustRead(relayproto.TypeDeliver)
			got += d.ID
		}
		if got != "m1m2" {
			t.Errorf("a connection of Bob read %q from the store; want m1m2", got)
		}
	}
}

// TestLiveQueueFull: a recipient that takes nothing (its delivery window
// full, no acks) holds at most LiveQueue live messages; the sender's next
// message has the queued ones stored, then itself, long before LiveWait.
func TestLiveQueueFull(t *testing.T) {
	st, _, bob, alice := livePair(t, relay.Limits{MaxUnacked: 1, LiveQueue: 2, LiveWait: time.Hour})
	for i := range 4 {
		sendRaw(alice, addrOf(Bob), fmt.Sprintf("m%d", i))
	}
	// m0 was delivered, live or (if the queue filled before the
	// connection took it) from the store.
	if d := bob.mustRead(relayproto.TypeDeliver); d.ID != "m0" {
		t.Fatalf("first delivery %+v; want m0", d)
	}
	for i := range 4 {
		if s := alice.mustRead(relayproto.TypeStored); s.ID != fmt.Sprintf("m%d", i) || s.Seq >= 1<<52 {
			t.Fatalf("stored %d: %+v; want m%d in the store", i, s, i)
		}
	}
	if got := streamLastSeq(t, st); got != 4 {
		t.Errorf("stream's last sequence %d; want 4", got)
	}
}

// TestLiveNotForServices: the host's own services (reserved connections,
// such as its watchtower) send and receive through the store. A service
// answers inside its relay handler and waits for the answer's stored
// frame; live, that would wait for the wallet's acknowledgement while the
// wallet's next hand-off waits for the service's (a stall of LiveWait).
// Here neither side acknowledges, yet both stored frames come at once.
func TestLiveNotForServices(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelayOpts(t, relay.Options{Store: st, ReservedToken: "s3cret", Limits: relay.Limits{LiveWait: time.Hour}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	service, _, err := websocket.Dial(ctx, r.url, &websocket.DialOptions{HTTPHeader: http.Header{relay.ReservedHeader: {"s3cret"}}})
	if err != nil {
		t.Fatal(err)
	}
	service.SetReadLimit(1 << 22)
	svc := &rawConn{tb: t, ws: service}
	t.Cleanup(func() { service.CloseNow() })
	svc.login(Alice)
	bob := mustRaw(t, r.url)
	bob.login(Bob)

	sendRaw(bob, addrOf(Alice), "handoff")
	if s := bob.mustRead(relayproto.TypeStored); s.Seq >= 1<<52 {
		t.Errorf("a wallet's message to a service: stored %+v; want the store", s)
	}
	if d := svc.mustRead(relayproto.TypeDeliver); d.ID != "handoff" {
		t.Fatalf("service got %+v", d)
	}
	sendRaw(svc, addrOf(Bob), "reply")
	if s := svc.mustRead(relayproto.TypeStored); s.Seq >= 1<<52 {
		t.Errorf("a service's message: stored %+v; want the store", s)
	}
}
