package relay_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	natsserver "github.com/nats-io/nats-server/v2/server"

	"paychan/app/relayclient"
	"paychan/server/relay"
)

// readSeqs reads from sub until it yielded last (or fails after a timeout),
// checking that every message is to's and that sequences increase.
func readSeqs(tb testing.TB, sub relay.Subscription, to common.Address, last uint64) []uint64 {
	tb.Helper()
	return readUntil(tb, sub, to, func(e relay.Envelope) bool { return e.Seq >= last })
}

// readUntil reads from sub until stop(message) (or fails after a timeout),
// checking that every message is to's and that sequences increase.
func readUntil(tb testing.TB, sub relay.Subscription, to common.Address, stop func(relay.Envelope) bool) []uint64 {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var seqs []uint64
	for {
		e, err := sub.Next(ctx)
		if err != nil {
			tb.Errorf("Next after %d messages: %v", len(seqs), err)
			return seqs
		}
		if e.To != to {
			tb.Errorf("message %d is to %s; want %s", e.Seq, e.To.Hex(), to.Hex())
		}
		if len(seqs) > 0 && e.Seq <= seqs[len(seqs)-1] {
			tb.Errorf("message %d after %d: out of order or repeated", e.Seq, seqs[len(seqs)-1])
		}
		seqs = append(seqs, e.Seq)
		if stop(e) {
			return seqs
		}
	}
}

func equalSeqs(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestReaderHandover opens readers of a mailbox while messages are being
// stored in it (and in other mailboxes, interleaved in the stream): each
// reader must yield every message of the mailbox from the oldest, in order,
// with no gap and no repeat between the backlog it reads from the stream
// and the live messages the host's consumer hands it.
func TestReaderHandover(t *testing.T) {
	st := mustStore(t, t.TempDir())
	ctx := context.Background()
	to := addrOf(Bob)
	other := addrOf(Mallory)

	var mu sync.Mutex
	var stored []uint64 // to's messages, in store order
	const n = 600
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i <= n; i++ {
			id := fmt.Sprintf("m%d", i)
			if i == n {
				id = "end"
			}
			s, err := st.Append(ctx, relay.Envelope{From: addrOf(Alice), To: to, ID: id, Payload: []byte("x")})
			if err != nil {
				t.Errorf("Append: %v", err)
				return
			}
			if _, err := st.Append(ctx, relay.Envelope{From: addrOf(Alice), To: other, ID: fmt.Sprintf("o%d", i)}); err != nil {
				t.Errorf("Append: %v", err)
				return
			}
			mu.Lock()
			stored = append(stored, s.Seq)
			mu.Unlock()
		}
	}()

	// Readers opened at different moments while the sends go on; half
	// read at once (backlog, then live), half only after the sends ended
	// (their live buffers overflow). Each must end up with exactly what
	// was stored.
	var wg sync.WaitGroup
	for k := 0; k < 12; k++ {
		time.Sleep(time.Duration(k) * 3 * time.Millisecond) // staggers the readers' start; waits for nothing
		sub, err := st.Subscribe(ctx, to)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer sub.Close()
			if k%2 == 1 {
				<-done
			}
			got := readUntil(t, sub, to, func(e relay.Envelope) bool { return e.ID == "end" })
			<-done
			mu.Lock()
			want := append([]uint64(nil), stored...)
			mu.Unlock()
			if !equalSeqs(got, want) {
				t.Errorf("reader %d yielded %d messages; want the %d stored, in order (first got %v, want %v)", k, len(got), len(want), got[:min(5, len(got))], want[:5])
			}
		}()
	}
	wg.Wait()
	<-done
}

// TestReaderOverflow lets a reader fall far behind (its live buffer is
// dropped) and checks that it still yields every message in order, reading
// them back from the stream.
func TestReaderOverflow(t *testing.T) {
	st := mustStoreOpts(t, relay.JetStreamOptions{Dir: t.TempDir(), SenderQuota: 10_000})
	ctx := context.Background()
	to := addrOf(Bob)
	sub, err := st.Subscribe(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	var want []uint64
	payload := make([]byte, 2000)
	for i := 0; i < 1500; i++ {
		s, err := st.Append(ctx, relay.Envelope{From: addrOf(Alice), To: to, ID: fmt.Sprintf("m%d", i), Payload: payload})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, s.Seq)
		if i == 700 {
			// Read a few in the middle, then fall behind again.
			got := readSeqs(t, sub, to, want[3])
			if !equalSeqs(got, want[:4]) {
				t.Fatalf("first reads %v; want %v", got, want[:4])
			}
		}
	}
	got := readSeqs(t, sub, to, want[len(want)-1])
	if !equalSeqs(got, want[4:]) {
		t.Fatalf("yielded %d messages; want %d in order", len(got), len(want)-4)
	}
}

// TestTwoReadersOneMailbox checks that two readers of one mailbox (two
// connections of one address) each see every message, and that an ack
// through one removes the message for later readers.
func TestTwoReadersOneMailbox(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelay(t, st, relay.Limits{})
	in1, in2 := newInbox(), newInbox()
	mustClient(t, r.url, Bob, relayclient.Options{Handler: in1.handle})
	mustClient(t, r.url, Bob, relayclient.Options{Handler: in2.handle})
	alice := mustClient(t, r.url, Alice, relayclient.Options{})
	payloads := numbered("two", 0, 50)
	sendAll(t, alice, addrOf(Bob), payloads)
	for i, in := range []*inbox{in1, in2} {
		got := in.wait(t, len(payloads))
		for j, m := range got[:len(payloads)] {
			if string(m.Payload) != payloads[j] {
				t.Fatalf("connection %d message %d = %q; want %q", i+1, j, m.Payload, payloads[j])
			}
		}
	}
}

// startNATS runs a NATS server with JetStream on a free local port, as
// several hosts would share (--nats URL).
func startNATS(tb testing.TB) string {
	tb.Helper()
	ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: tb.TempDir(), NoSigs: true, NoLog: true})
	if err != nil {
		tb.Fatal(err)
	}
	ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		tb.Fatal("NATS did not start")
	}
	tb.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	return ns.ClientURL()
}

// TestHostsShareNATS runs two relay hosts on one external NATS: a message
// sent through one host reaches a recipient logged in on the other (the
// first host's consumer ignores it, and it stays until acknowledged), and a
// message stored while its recipient is logged in nowhere is delivered when
// the recipient logs in on either host.
func TestHostsShareNATS(t *testing.T) {
	url := startNATS(t)
	stA := mustStoreOpts(t, relay.JetStreamOptions{URL: url})
	stB := mustStoreOpts(t, relay.JetStreamOptions{URL: url})
	relayA := mustRelay(t, stA, relay.Limits{})
	relayB := mustRelay(t, stB, relay.Limits{})

	bobIn := newInbox()
	mustClient(t, relayB.url, Bob, relayclient.Options{Handler: bobIn.handle})
	alice := mustClient(t, relayA.url, Alice, relayclient.Options{})
	first := numbered("a to b", 0, 30)
	sendAll(t, alice, addrOf(Bob), first)
	got := bobIn.wait(t, len(first))
	for i, m := range got[:len(first)] {
		if string(m.Payload) != first[i] || m.From != addrOf(Alice) {
			t.Fatalf("message %d = %q from %s; want %q from Alice", i, m.Payload, m.From.Hex(), first[i])
		}
	}

	// Mallory is logged in nowhere; her messages wait, then reach her on
	// host A (whose consumer saw them go by with no reader) in order.
	later := numbered("to mallory", 0, 20)
	sendAll(t, alice, addrOf(Mallory), later)
	malIn := newInbox()
	mustClient(t, relayA.url, Mallory, relayclient.Options{Handler: malIn.handle})
	more := numbered("to mallory", 20, 40)
	sendAll(t, alice, addrOf(Mallory), more)
	want := append(later, more...)
	gotM := malIn.wait(t, len(want))
	for i, m := range gotM[:len(want)] {
		if string(m.Payload) != want[i] {
			t.Fatalf("Mallory's message %d = %q; want %q", i, m.Payload, want[i])
		}
	}
	if len(bobIn.snapshot()) != len(first) {
		t.Fatalf("Bob got %d messages; want %d", len(bobIn.snapshot()), len(first))
	}
}

// TestPipelinedAcks acknowledges many messages at once (AckAsync, all in
// flight together), twice each: every ack
// succeeds, and a new reader of the mailbox sees only what came after.
func TestPipelinedAcks(t *testing.T) {
	st := mustStore(t, t.TempDir())
	ctx := context.Background()
	to := addrOf(Bob)
	var seqs []uint64
	for i := 0; i < 500; i++ {
		s, err := st.Append(ctx, relay.Envelope{From: addrOf(Alice), To: to, ID: fmt.Sprintf("m%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, s.Seq)
	}
	errs := make(chan error, 2*len(seqs))
	for range 2 {
		for _, q := range seqs {
			st.AckAsync(to, q, func(err error) { errs <- err })
		}
	}
	for range cap(errs) {
		select {
		case err := <-errs:
			if err != nil {
				t.Fatalf("ack: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("acks did not complete")
		}
	}
	if err := st.Ack(ctx, to, seqs[0]); err != nil {
		t.Fatalf("Ack of an acknowledged message: %v", err)
	}
	last, err := st.Append(ctx, relay.Envelope{From: addrOf(Alice), To: to, ID: "after"})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := st.Subscribe(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if got := readSeqs(t, sub, to, last.Seq); !equalSeqs(got, []uint64{last.Seq}) {
		t.Fatalf("after the acks the mailbox yields %v; want only %d", got, last.Seq)
	}
}
