package watchtower_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"paychan/server/devchain"
	"paychan/server/devchain/devchaintest"
	"paychan/server/watchtower"
)

// TestLeaseHolderLostAnotherHostClaims: two hosts share one watchtower
// identity (one key) and one bucket. Bob hands his best payment to the
// host holding the claim lease (A) and goes away; Alice starts a stale
// close. While A renews the lease, B claims nothing. A dies before its
// claim is due (it never releases the lease); B takes the lease over once
// it was not renewed for LeaseTTL, reads Bob's payment from the bucket
// (it never saw the hand-off) and claims before closesAt: exactly one
// claim transaction from the shared account.
func TestLeaseHolderLostAnotherHostClaims(t *testing.T) {
	node := devchaintest.Start(t)
	c := newChain(node.Client, node.Contract)
	alice, bob := testActor(t, "Alice"), testActor(t, "Bob")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	store, key := watchtower.OpenTestBucket(t, ctx)
	tower := crypto.PubkeyToAddress(key.PublicKey)
	if _, err := node.Chain.Fund(ctx, tower, big.NewInt(1e18)); err != nil {
		t.Fatal(err)
	}
	const ttl = 500 * time.Millisecond
	open := func(name string, settle time.Duration) *watchtower.Watchtower {
		w, err := watchtower.Open(ctx, watchtower.Config{Backend: node.Client, ChainID: devchain.ChainID, Contract: node.Contract, Key: key, LeaseHolder: name,
			JetStream: store.JetStream(), Limits: watchtower.Limits{SettleDelay: settle, LeaseTTL: ttl}, Logger: testLogger(t)})
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	// A would claim only near closesAt (a long settle delay): it dies first.
	a := open("host A", time.Hour)
	b := open("host B", -1)
	defer b.Close()
	if err := a.Poll(ctx); err != nil { // A takes the lease
		t.Fatal(err)
	}

	id, _, _, a500 := exchange(t, c, alice, bob)
	r, err := a.Handle(ctx, bob.addr, "r1", mustEncode(t, a500))
	if err != nil {
		t.Fatal(err)
	}
	wantAccepted(t, r, id, alice.addr, u(500))
	rc := c.mustTransact(t, alice, nil, c.abi.PackStartClose(big.NewInt(int64(id.Channel))))
	closesAt := rc.BlockNumber.Uint64() + finalization

	// A holds and renews the lease: B polls past the TTL and claims nothing.
	for start := time.Now(); time.Since(start) < 3*ttl; {
		for _, w := range []*watchtower.Watchtower{a, b} {
			if err := w.Poll(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n, err := node.Client.NonceAt(ctx, tower, nil); err != nil || n != 0 {
		t.Fatalf("the shared account sent %d transactions (%v) while A held the lease and its claim was not due; want 0", n, err)
	}

	a.Close() // A dies holding the lease
	for {
		if err := b.Poll(ctx); err != nil {
			t.Logf("B's poll: %v", err)
		}
		if ap, _ := c.paid(t, id); ap == u(500) {
			break
		}
		if head := c.head(t); head >= closesAt {
			t.Fatalf("closesAt %d reached without B's claim", closesAt)
		}
		if ctx.Err() != nil {
			t.Fatal("B did not claim within the test's time")
		}
	}
	if head := c.head(t); head >= closesAt {
		t.Errorf("claimed at head %d; want before closesAt %d", head, closesAt)
	}
	if n, err := node.Client.NonceAt(ctx, tower, nil); err != nil || n != 1 {
		t.Fatalf("the shared account sent %d transactions (%v); want exactly 1 claim", n, err)
	}
	st, err := b.Status(ctx)
	if err != nil || st.Claims != 1 {
		t.Fatalf("status = %+v, %v; want 1 claim", st, err)
	}
}
