package watchtower_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	wt "paychan/app/watchtower"
	"paychan/app/wire"
	"paychan/internal/testkit"
	"paychan/server/devchain"
	"paychan/server/host"
	"paychan/server/watchtower"
)

// countingBackend counts the watchtower's chain reads.
type countingBackend struct {
	watchtower.Backend
	reads atomic.Int64
}

func (b *countingBackend) CallContract(ctx context.Context, call ethereum.CallMsg, block *big.Int) ([]byte, error) {
	b.reads.Add(1)
	return b.Backend.CallContract(ctx, call, block)
}

func (b *countingBackend) BlockNumber(ctx context.Context) (uint64, error) {
	b.reads.Add(1)
	return b.Backend.BlockNumber(ctx)
}

func (b *countingBackend) BalanceAt(ctx context.Context, a common.Address, block *big.Int) (*big.Int, error) {
	b.reads.Add(1)
	return b.Backend.BalanceAt(ctx, a, block)
}

// TestJunkHandOffsCostNoReads: Mallory and throwaway keys flood the
// watchtower with hand-offs naming a real channel (Alice's real payment to
// Bob). Past the first, which reads the channel's parties once, each is
// refused not_beneficiary without a chain read, so junk cannot delay Bob's
// hand-off behind its own reads; Bob's hand-off is then accepted and,
// when Alice closes with her stale total, claimed.
func TestJunkHandOffsCostNoReads(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir(), Watchtower: testLimits})
	c := newChain(m.Chain().Client(), m.Contract())
	alice, bob, mallory := testActor(t, "Alice"), testActor(t, "Bob"), testActor(t, "Mallory")
	id, a200, _, a500 := exchange(t, c, alice, bob)
	junk, err := wire.Encode(a500)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	store, _ := watchtower.OpenTestBucket(t, ctx)
	be := &countingBackend{Backend: m.Chain().Client()}
	deployer := testActor(t, "Deployer") // a funded key: the tower pays for claims
	w, err := watchtower.Open(ctx, watchtower.Config{Backend: be, ChainID: devchain.ChainID, Contract: m.Contract(),
		Key: deployer.key, JetStream: store.JetStream(), Limits: testLimits, Logger: testkit.Logger(t, slog.LevelInfo)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })

	handle := func(from common.Address, ref string, payload []byte) wt.Reply {
		t.Helper()
		r, err := w.Handle(ctx, from, ref, payload)
		if err != nil {
			t.Fatalf("Handle(%s): %v", ref, err)
		}
		return r
	}
	wantRefused(t, handle(mallory.addr, "j0", junk), wt.CodeNotBeneficiary) // reads the parties once
	before := be.reads.Load()
	const flood = 200
	for i := range flood {
		from := mallory.addr
		if i%2 == 1 { // a throwaway key
			from = testActor(t, fmt.Sprintf("throwaway %d", i)).addr
		}
		wantRefused(t, handle(from, fmt.Sprintf("j%d", i+1), junk), wt.CodeNotBeneficiary)
	}
	if n := be.reads.Load() - before; n != 0 {
		t.Errorf("%d junk hand-offs made %d chain reads; want 0 (refused on the cached parties)", flood, n)
	}

	// Bob's honest hand-off is accepted, and claimed after Alice's stale close.
	wantAccepted(t, handle(bob.addr, "bob", junk), id, alice.addr, u(500))
	c.mustTransact(t, alice, nil, c.abi.PackClaim(big.NewInt(int64(id.Channel)), alice.addr, a200.Paid, a200.Sig[:]))
	testkit.Eventually(t, "the watchtower claims Bob's 500", func() error {
		if err := w.Poll(ctx); err != nil {
			return err
		}
		return alicePaid(t, c, id, u(500))()
	})
}
