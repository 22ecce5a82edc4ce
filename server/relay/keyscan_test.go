package relay_test

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"

	"paychan/app/relayclient"
	"paychan/app/relayproto"
	"paychan/internal/testkit"
	"paychan/server/relay"
)

// gatedChain is a real chain whose block reads wait until the gate opens
// (or the search's context ends): a chain search that stays outstanding
// for as long as the test wants, whatever the machine's speed.
type gatedChain struct {
	relay.ChainReader
	gate      chan struct{}
	waiting   atomic.Int64 // block reads waiting at the gate now
	cancelled atomic.Int64 // block reads given up because the search's context ended
}

func (c *gatedChain) BlockByNumber(ctx context.Context, n *big.Int) (*types.Block, error) {
	c.waiting.Add(1)
	defer c.waiting.Add(-1)
	select {
	case <-c.gate:
	case <-ctx.Done():
		c.cancelled.Add(1)
		return nil, ctx.Err()
	}
	return c.ChainReader.BlockByNumber(ctx, n)
}

// lookup sends a lookup frame for addr and returns the answer to it.
func (c *rawConn) lookup(id string, addr common.Address) relayproto.Frame {
	c.tb.Helper()
	c.writeFrame(relayproto.Frame{Type: relayproto.TypeLookup, ID: id, Address: &addr})
	f, err := c.readFrame()
	if err != nil {
		c.tb.Fatalf("lookup %s of %s: no answer: %v", id, addr.Hex(), err)
	}
	if f.ID != id {
		c.tb.Fatalf("lookup %s: got %+v; want the answer to %s", id, f, id)
	}
	return f
}

// TestChainScanBound: Mallory's lookups of random addresses (each a chain
// search) cannot pin the host. While her first search is outstanding (held
// at the gate, counted, not timed): her next lookup of a fresh address is
// answered unavailable at once, not queued (--relay-key-scans); her own
// lookup of a known key is answered (the search runs off her read loop);
// Bob's lookup of Alice's key is answered. When Mallory's connection ends
// her search stops, and its slot serves Bob's search.
func TestChainScanBound(t *testing.T) {
	sim := simulated.NewBackend(types.GenesisAlloc{})
	defer sim.Close()
	for range 5 {
		sim.Commit()
	}
	ch := &gatedChain{ChainReader: sim.Client(), gate: make(chan struct{})}
	find := relay.ChainKeys(ch, params.AllDevChainProtocolChanges.ChainID.Uint64(), 16)
	r := mustSealedRelay(t, relay.Options{Store: mustStore(t, t.TempDir()), KeyFallback: find,
		Limits: relay.Limits{MaxChainScans: 1, LookupRate: 1000, LookupBurst: 1000}})
	var gateOnce sync.Once
	open := func() { gateOnce.Do(func() { close(ch.gate) }) }
	t.Cleanup(open) // before the relay's Close: a stuck search ends
	rng := rand.New(rand.NewPCG(14, 1))
	random := func() common.Address {
		var a common.Address
		for i := range a {
			a[i] = byte(rng.Uint32())
		}
		return a
	}

	alice := mustRaw(t, r.url)
	alice.login(Alice) // her key is now in the directory
	bob := mustRaw(t, r.url)
	bob.login(Bob)
	mal := mustRaw(t, r.url)
	mal.login(Mallory)

	// Mallory's first lookup of a fresh address starts a search.
	first := random()
	mal.writeFrame(relayproto.Frame{Type: relayproto.TypeLookup, ID: "m0", Address: &first})
	testkit.Eventually(t, "Mallory's search waits at the gate", func() error {
		if n := ch.waiting.Load(); n != 1 {
			return fmt.Errorf("%d block reads waiting", n)
		}
		return nil
	})
	if f := mal.lookup("m1", random()); f.Type != relayproto.TypeError || f.Code != relayproto.CodeUnavailable {
		t.Errorf("Mallory's second fresh lookup while a search runs = %s %s %q; want error unavailable", f.Type, f.Code, f.Message)
	}
	if f := mal.lookup("m2", addrOf(Alice)); f.Type != relayproto.TypeKey {
		t.Errorf("Mallory's lookup of Alice while her search runs = %s %s %q; want Alice's key", f.Type, f.Code, f.Message)
	}
	if f := bob.lookup("b0", addrOf(Alice)); f.Type != relayproto.TypeKey {
		t.Errorf("Bob's lookup of Alice while Mallory's search runs = %s %s %q; want Alice's key", f.Type, f.Code, f.Message)
	}
	if n := ch.waiting.Load(); n != 1 {
		t.Fatalf("%d block reads waiting after the honest answers; want Mallory's search still outstanding", n)
	}

	// Mallory leaves: her search stops, and the slot is free again.
	mal.ws.CloseNow()
	testkit.Eventually(t, "Mallory's search stops when her connection ends", func() error {
		if n, w := ch.cancelled.Load(), ch.waiting.Load(); n != 1 || w != 0 {
			return fmt.Errorf("%d block reads cancelled, %d waiting", n, w)
		}
		return nil
	})
	open()
	fresh := random()
	i := 0
	testkit.Eventually(t, "Bob's search takes the freed slot", func() error {
		i++
		f := bob.lookup(fmt.Sprintf("b%d", i), fresh)
		if f.Type != relayproto.TypeError || f.Code != relayproto.CodeUnknownKey {
			return fmt.Errorf("Bob's search = %s %s %q; want unknown_key", f.Type, f.Code, f.Message)
		}
		return nil
	})
}

// TestLookupAskedAgainWhenScansBusy: a relay client whose key lookup is
// refused for now, because the relay's one chain search slot serves
// another wallet's search (--relay-key-scans), asks again after a pause
// and gets the key once the slot is free, instead of failing the send or
// prefetch that needed it (cli TestOpenQtumAddressOnEVM's close failed so).
func TestLookupAskedAgainWhenScansBusy(t *testing.T) {
	carol := mustKey("carol")
	gate := make(chan struct{})
	var searches atomic.Int64
	find := func(ctx context.Context, a common.Address) ([]byte, bool, error) {
		searches.Add(1)
		if a != addrOf(carol) {
			select { // another wallet's search, outstanding until the gate opens
			case <-gate:
			case <-ctx.Done():
				return nil, false, ctx.Err()
			}
			return nil, false, nil
		}
		return crypto.CompressPubkey(&carol.PublicKey), true, nil
	}
	r := mustSealedRelay(t, relay.Options{Store: mustStore(t, t.TempDir()), KeyFallback: find,
		Limits: relay.Limits{MaxChainScans: 1, LookupRate: 1000, LookupBurst: 1000}})
	var gateOnce sync.Once
	open := func() { gateOnce.Do(func() { close(gate) }) }
	t.Cleanup(open)

	mal := mustRaw(t, r.url)
	mal.login(Mallory)
	fresh := common.Address{19: 0x77}
	mal.writeFrame(relayproto.Frame{Type: relayproto.TypeLookup, ID: "m0", Address: &fresh})
	testkit.Eventually(t, "Mallory's search holds the slot", func() error {
		if n := searches.Load(); n != 1 {
			return fmt.Errorf("%d searches", n)
		}
		return nil
	})

	bob := mustSealedClient(t, r.url, Bob, relayclient.Options{})
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		done <- bob.PrefetchKey(ctx, addrOf(carol))
	}()
	// Bob's lookup is refused while the slot is taken: he has not failed,
	// and has not got the key (no search of Carol ran).
	select {
	case err := <-done:
		t.Fatalf("Bob's prefetch ended while the search slot was taken: %v; want it to ask again", err)
	case <-time.After(300 * time.Millisecond):
	}
	if n := searches.Load(); n != 1 {
		t.Fatalf("%d searches while the slot was taken; want Mallory's only", n)
	}
	open()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Bob's prefetch once the slot was free: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Bob's prefetch did not end once the slot was free")
	}
}
