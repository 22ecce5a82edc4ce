package relay_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"paychan/app/relayclient"
	"paychan/server/relay"
)

func TestSendDeliverInOrder(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelay(t, st, relay.Limits{})
	alice := mustClient(t, r.url, Alice, relayclient.Options{})
	bobInbox := newInbox()
	mustClient(t, r.url, Bob, relayclient.Options{Handler: bobInbox.handle})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var want []string
	for i := range 50 {
		p := fmt.Sprintf("alice→bob %d", i)
		want = append(want, p)
		if _, err := alice.Send(ctx, addrOf(Bob), []byte(p)); err != nil {
			t.Fatalf("Send(%d): %v", i, err)
		}
	}
	var got []string
	for _, m := range bobInbox.wait(t, len(want)) {
		if m.From != addrOf(Alice) {
			t.Errorf("message from %s; want Alice %s", m.From.Hex(), addrOf(Alice).Hex())
		}
		got = append(got, string(m.Payload))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Bob's messages (-want +got):\n%s", diff)
	}
}

// TestYieldBeforeAck: relayclient's Options.Yield runs after the handler
// and before the acknowledgement (the browser wallet shows a payment
// there): while it has not returned the message is not acknowledged, and
// a new connection gets it again.
func TestYieldBeforeAck(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelay(t, st, relay.Limits{})
	sendAll(t, mustClient(t, r.url, Alice, relayclient.Options{}), addrOf(Bob), []string{"m1"})
	in := newInbox()
	yielded := make(chan struct{}, 1)
	bob := mustClient(t, r.url, Bob, relayclient.Options{Handler: in.handle, Yield: func(ctx context.Context) {
		yielded <- struct{}{}
		<-ctx.Done() // the page never gets its turn
	}})
	in.wait(t, 1)
	select {
	case <-yielded:
	case <-time.After(30 * time.Second):
		t.Fatal("Yield was not called after the handler")
	}
	bob.Close()
	again := newInbox()
	mustClient(t, r.url, Bob, relayclient.Options{Handler: again.handle})
	if m := again.wait(t, 1); string(m[0].Payload) != "m1" {
		t.Fatalf("delivered again %q; want m1 (not acknowledged before Yield returned)", m[0].Payload)
	}
}
