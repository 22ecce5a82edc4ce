package relay_test

import (
	"context"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"paychan/server/relay"
)

// TestManyMailboxReaders opens more mailbox readers than NATS's default of
// 1,000 consumers per stream: the relay's default MaxConns is 1,024, and
// the 1,001st client used to be refused ("maximum consumers limit reached").
func TestManyMailboxReaders(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 1,100 JetStream consumers")
	}
	st := mustStore(t, t.TempDir())
	ctx := context.Background()
	const n = 1_100
	subs := make([]relay.Subscription, 0, n)
	defer func() {
		for _, s := range subs {
			s.Close()
		}
	}()
	for i := 0; i < n; i++ {
		var a common.Address
		a[0], a[1] = byte(i>>8), byte(i)
		s, err := st.Subscribe(ctx, a)
		if err != nil {
			t.Fatalf("Subscribe(reader %d of %d) = %v; want nil", i+1, n, err)
		}
		subs = append(subs, s)
	}
}
