package engine

import (
	"context"
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
