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
