package relay_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"paychan/app/relayclient"
	"paychan/app/relayproto"
	"paychan/internal/testkit"
	"paychan/server/relay"
)

// TestStoreFull is issue 10 item 13's attack: a sender fills the disk.
// The stream's MaxBytes refuses sends once full (store_full), and nothing
// stored is dropped to make room: every stored message is delivered.
func TestStoreFull(t *testing.T) {
	const maxBytes = 256 << 10
	st := mustStoreOpts(t, relay.JetStreamOptions{Dir: t.TempDir(), MaxBytes: maxBytes})
	r := mustRelay(t, st, relay.Limits{SendRate: 1e6, SendBurst: 1e6})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	mallory := mustClient(t, r.url, Mallory, relayclient.Options{})
	payload := make([]byte, 10<<10)
	stored := 0
	var err error
	for i := 0; i < 1000; i++ {
		if _, err = mallory.Send(ctx, addrOf(Bob), append([]byte(fmt.Sprintf("%04d", i)), payload...)); err != nil {
			break
		}
		stored++
	}
	var re *relayclient.Error
	if !errors.As(err, &re) || re.Code != relayproto.CodeStoreFull {
		t.Fatalf("after %d sends of 10 KiB into a %d-byte store: %v; want a %s error", stored, maxBytes, err, relayproto.CodeStoreFull)
	}
	t.Logf("stored %d messages of 10 KiB (%d KiB) into a %d KiB store, then: %v", stored, stored*10, maxBytes>>10, err)
	if stored == 0 || stored*10<<10 > maxBytes {
		t.Fatalf("stored %d messages of 10 KiB within %d bytes", stored, maxBytes)
	}
	// Anyone else is refused too while it is full...
	alice := mustClient(t, r.url, Alice, relayclient.Options{})
	if _, err := alice.Send(ctx, addrOf(Bob), payload); !errors.As(err, &re) || re.Code != relayproto.CodeStoreFull {
		t.Fatalf("Alice's send into the full store: %v; want %s", err, relayproto.CodeStoreFull)
	}
	// ...and nothing stored is lost: Bob reads every message, in order.
	in := newInbox()
	mustClient(t, r.url, Bob, relayclient.Options{Handler: in.handle})
	got := in.wait(t, stored)
	for i, m := range got[:stored] {
		if want := fmt.Sprintf("%04d", i); string(m.Payload[:4]) != want {
			t.Fatalf("message %d is %q; want %s", i, m.Payload[:4], want)
		}
	}
	// Once Bob's acks are applied there is room again.
	testkit.Eventually(t, "room in Bob's mailbox once his acks are applied", func() error {
		_, err := alice.Send(ctx, addrOf(Bob), []byte("room again"))
		if err != nil && (!errors.As(err, &re) || re.Code != relayproto.CodeStoreFull) {
			t.Fatalf("Send after Bob read his mailbox: %v", err)
		}
		return err
	})
}

// TestSenderQuota is issue 10 item 12's attack: one sender fills Bob's
// mailbox. Its unacknowledged messages in Bob's mailbox are bounded by the
// sender quota, counted by JetStream across connections and across the
// hosts sharing the stream; another sender still reaches Bob, and the
// flooder can send again once Bob has read its messages.
func TestSenderQuota(t *testing.T) {
	const quota = 50
	url := startNATS(t)
	stA := mustStoreOpts(t, relay.JetStreamOptions{URL: url, SenderQuota: quota})
	stB := mustStoreOpts(t, relay.JetStreamOptions{URL: url, SenderQuota: quota})
	lim := relay.Limits{SendRate: 1e6, SendBurst: 1e6}
	relayA, relayB := mustRelay(t, stA, lim), mustRelay(t, stB, lim)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	bob := addrOf(Bob)

	// Mallory floods from two connections on two hosts.
	var re *relayclient.Error
	stored := 0
	for i, url := range []string{relayA.url, relayB.url} {
		mal := mustClient(t, url, Mallory, relayclient.Options{})
		for j := 0; ; j++ {
			_, err := mal.Send(ctx, bob, []byte(fmt.Sprintf("junk %d/%d", i, j)))
			if err == nil {
				stored++
				if stored > quota {
					t.Fatalf("stored %d of Mallory's messages for Bob; quota %d", stored, quota)
				}
				continue
			}
			if !errors.As(err, &re) || re.Code != relayproto.CodeQuotaExceeded {
				t.Fatalf("Mallory's send %d on host %d: %v; want %s", j, i, err, relayproto.CodeQuotaExceeded)
			}
			if i == 0 && j < 30 {
				t.Fatalf("refused after %d sends", j)
			}
			t.Logf("host %d: %d stored, then %v", i, j, err)
			break
		}
	}
	if stored != quota {
		t.Fatalf("stored %d of Mallory's messages; want the quota %d", stored, quota)
	}

	// Alice still reaches Bob, and Mallory's other recipients are not
	// affected.
	alice := mustClient(t, relayA.url, Alice, relayclient.Options{})
	if _, err := alice.Send(ctx, bob, []byte("real payment")); err != nil {
		t.Fatalf("Alice's send to Bob's flooded mailbox: %v", err)
	}
	mal := mustClient(t, relayB.url, Mallory, relayclient.Options{})
	if _, err := mal.Send(ctx, addrOf(Alice), []byte("hi Alice")); err != nil {
		t.Fatalf("Mallory's send to Alice: %v", err)
	}

	// Bob reads everything (the junk and Alice's message); then Mallory
	// may send to him again.
	in := newInbox()
	mustClient(t, relayB.url, Bob, relayclient.Options{Handler: in.handle})
	got := in.wait(t, quota+1)
	if last := got[len(got)-1]; string(last.Payload) != "real payment" || last.From != addrOf(Alice) {
		t.Fatalf("Bob's last message %q from %s; want Alice's real payment", last.Payload, last.From.Hex())
	}
	testkit.Eventually(t, "Mallory's quota to free once Bob's acks are applied", func() error {
		_, err := mal.Send(ctx, bob, []byte("after reading"))
		if err != nil && (!errors.As(err, &re) || re.Code != relayproto.CodeQuotaExceeded) {
			t.Fatal(err)
		}
		return err
	})
}

// TestLegacyLayoutMigrated opens a stream of the former layout (one subject
// per mailbox, up to 10,000 messages each): its messages move to the
// per-sender subjects, and are delivered, in order, before the sender quota
// applies.
func TestLegacyLayoutMigrated(t *testing.T) {
	url := startNATS(t)
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: relay.DefaultStreamName, Subjects: []string{"paychan_relay.mbox.*"},
		MaxMsgsPerSubject: 10_000, Discard: jetstream.DiscardNew, DiscardNewPerSubject: true, Storage: jetstream.FileStorage}); err != nil {
		t.Fatal(err)
	}
	bob := addrOf(Bob)
	const n = 8 // more than the quota below
	for i := range n {
		m := nats.NewMsg("paychan_relay.mbox." + strings.ToLower(bob.Hex()[2:]))
		m.Header.Set("Paychan-From", addrOf(Alice).Hex())
		m.Header.Set("Paychan-Id", fmt.Sprintf("old%d", i))
		m.Data = []byte(fmt.Sprintf("old %d", i))
		if _, err := js.PublishMsg(ctx, m, jetstream.WithMsgID(addrOf(Alice).Hex()+"/"+fmt.Sprintf("old%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	st := mustStoreOpts(t, relay.JetStreamOptions{URL: url, SenderQuota: 5})
	r := mustRelay(t, st, relay.Limits{})
	in := newInbox()
	mustClient(t, r.url, Bob, relayclient.Options{Handler: in.handle})
	got := in.wait(t, n)
	for i, m := range got {
		if want := fmt.Sprintf("old %d", i); string(m.Payload) != want || m.ID != fmt.Sprintf("old%d", i) || m.From != addrOf(Alice) {
			t.Fatalf("message %d: %q id %s from %s; want %q from Alice", i, m.Payload, m.ID, m.From.Hex(), want)
		}
	}
	if len(got) != n {
		t.Fatalf("Bob got %d messages; want %d", len(got), n)
	}
}
