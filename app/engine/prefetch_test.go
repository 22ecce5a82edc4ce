package engine

import (
	"context"
	"math/big"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/channel"
)

// prefetchPort is a bus port that records key prefetches (KeyPrefetcher).
type prefetchPort struct {
	port
	mu    sync.Mutex
	asked []common.Address
}

func (p *prefetchPort) PrefetchKey(ctx context.Context, addr common.Address) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.asked = append(p.asked, addr)
	return nil
}

func (p *prefetchPort) count(addr common.Address) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, a := range p.asked {
		if a == addr {
			n++
		}
	}
	return n
}

// Effect: the peer's sealing key is looked up ahead of the first payment,
// when a channel is added and after each connection (Resync), once per
// distinct peer.
func TestPrefetchPeerKey(t *testing.T) {
	b, c := newBus(), newFakeChain()
	alice := newWallet(t, "alice", channel.NewMemStore(), b, c, nil)
	bob := newWallet(t, "bob", channel.NewMemStore(), b, c, nil)
	pp := &prefetchPort{port: port{b: b, from: alice.addr}}
	alice.SetRelay(pp)
	c.open(1, alice.addr, bob.addr, 100, 0, 10)
	c.open(2, alice.addr, bob.addr, 100, 0, 10)
	if _, _, err := alice.Join(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a prefetch of Bob's key after the join", func() bool { return pp.count(bob.addr) == 1 })
	if _, _, err := alice.Join(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a prefetch for the second channel", func() bool { return pp.count(bob.addr) == 2 })
	alice.Resync(context.Background(), false)
	// Two channels with Bob: one lookup.
	eventually(t, "a prefetch after the connection", func() bool { return pp.count(bob.addr) == 3 })
	mustPay(t, alice, 1)
	if n := b.count(bob.addr); n != 1 {
		t.Errorf("%d messages to Bob; want the payment", n)
	}
	if pp.count(alice.addr) != 0 {
		t.Errorf("Alice looked up her own key")
	}
}

// gatedPrefetchPort blocks each prefetch until released and records how
// many ran at once.
type gatedPrefetchPort struct {
	port
	gate chan struct{}
	mu   sync.Mutex
	now  int
	max  int
	n    int
}

func (p *gatedPrefetchPort) PrefetchKey(ctx context.Context, addr common.Address) error {
	p.mu.Lock()
	p.now++
	p.n++
	p.max = max(p.max, p.now)
	p.mu.Unlock()
	select {
	case <-p.gate:
	case <-ctx.Done():
	}
	p.mu.Lock()
	p.now--
	p.mu.Unlock()
	return nil
}

func (p *gatedPrefetchPort) stats() (running, most, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.now, p.max, p.n
}

// Limit: however many channels are found at once, the prefetch takes one
// of the relay's lookups at a time and at most 1+maxPrefetch in all, so
// the relay's lookup burst (20) is left to the sends.
func TestPrefetchBounded(t *testing.T) {
	b, c := newBus(), newFakeChain()
	alice := newWallet(t, "alice", channel.NewMemStore(), b, c, nil)
	gp := &gatedPrefetchPort{port: port{b: b, from: alice.addr}, gate: make(chan struct{})}
	alice.SetRelay(gp)
	const peers = 30
	for i := range peers {
		c.open(uint64(i+1), alice.addr, common.BigToAddress(big.NewInt(int64(1000+i))), 100, 0, 10)
	}
	if _, err := alice.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	alice.Resync(context.Background(), false)
	eventually(t, "the first prefetch", func() bool { r, _, _ := gp.stats(); return r == 1 })
	close(gp.gate)
	eventually(t, "the queue drained", func() bool {
		alice.pf.mu.Lock()
		defer alice.pf.mu.Unlock()
		return !alice.pf.running
	})
	_, most, total := gp.stats()
	if most != 1 {
		t.Errorf("%d prefetches ran at once; want 1", most)
	}
	if total > 1+maxPrefetch {
		t.Errorf("%d prefetches for %d new channels; want at most %d", total, peers, 1+maxPrefetch)
	}
}
