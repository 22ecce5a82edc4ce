package watchtower

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"paychan/internal/testkit"
	"paychan/server/devchain"
	"paychan/server/devchain/devchaintest"
	"paychan/server/relay"
)

// TestLeaseOneHolderAtOnce: hosts sharing one identity and one bucket race
// for the claim lease, first on an empty bucket (Create) and then, once the
// holder stopped renewing for LeaseTTL, to take it over (Update at the
// revision they all saw): each time exactly one of them holds it.
func TestLeaseOneHolderAtOnce(t *testing.T) {
	node := devchaintest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	store, key := OpenTestBucket(t, ctx)
	const ttl = 200 * time.Millisecond
	hosts := make([]*Watchtower, 6)
	for i := range hosts {
		w, err := Open(ctx, Config{Backend: node.Client, ChainID: devchain.ChainID, Contract: node.Contract, Key: key,
			LeaseHolder: string(rune('A' + i)), JetStream: store.JetStream(), Limits: Limits{LeaseTTL: ttl},
			Logger: testkit.Logger(t, slog.LevelInfo)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { w.Close() })
		hosts[i] = w
	}
	race := func(ws []*Watchtower) []*Watchtower {
		var mu sync.Mutex
		var won []*Watchtower
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, w := range ws {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				w.pollMu.Lock()
				defer w.pollMu.Unlock()
				if w.tryLease(ctx) {
					mu.Lock()
					won = append(won, w)
					mu.Unlock()
				}
			}()
		}
		close(start)
		wg.Wait()
		return won
	}
	won := race(hosts)
	if len(won) != 1 {
		t.Fatalf("%d hosts took the free lease at once; want 1", len(won))
	}
	holder := won[0]
	var rest []*Watchtower
	for _, w := range hosts {
		if w != holder {
			rest = append(rest, w)
		}
	}
	// The others see the holder's revision; it stops renewing. They race
	// once it was not renewed for the TTL (by each one's clock).
	if won := race(rest); len(won) != 0 {
		t.Fatalf("%d hosts took a lease renewed just now", len(won))
	}
	testkit.Eventually(t, "the lease's TTL passes for every contender", func() error {
		for _, w := range rest {
			if time.Since(w.lease.seenAt) < ttl {
				return fmt.Errorf("%s saw the lease %s ago", w.lease.id, time.Since(w.lease.seenAt))
			}
		}
		return nil
	})
	won = race(rest)
	if len(won) != 1 {
		t.Fatalf("%d hosts took over the lease at once; want 1", len(won))
	}
	// The old holder's renewal at the revision it wrote now fails: it no
	// longer holds the lease.
	holder.pollMu.Lock()
	defer holder.pollMu.Unlock()
	if holder.tryLease(ctx) {
		t.Fatal("the old holder renewed a lease taken over by another host")
	}
}

// OpenTestBucket opens a JetStream store in a temporary folder, closed with
// the test, and makes a fresh watchtower key: the set-up of every test of
// towers sharing one bucket (exported for the watchtower_test package).
func OpenTestBucket(tb testing.TB, ctx context.Context) (*relay.JetStreamStore, *ecdsa.PrivateKey) {
	tb.Helper()
	store, err := relay.OpenJetStream(ctx, relay.JetStreamOptions{Dir: tb.TempDir()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	key, err := crypto.GenerateKey()
	if err != nil {
		tb.Fatal(err)
	}
	return store, key
}
