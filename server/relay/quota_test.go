package relay_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"paychan/app/relayclient"
	"paychan/app/relayproto"
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
	for {
		if _, err := alice.Send(ctx, addrOf(Bob), []byte("room again")); err == nil {
			break
		} else if !errors.As(err, &re) || re.Code != relayproto.CodeStoreFull {
			t.Fatalf("Send after Bob read his mailbox: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
