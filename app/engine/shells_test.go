//go:build !js

// (The CLI's filestore does not build for GOOS=js; the engine does.)

package engine

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/browserstore"
	"paychan/app/channel"
	"paychan/app/relayclient"
	"paychan/cli/filestore"
)

// The browser and the CLI run the same engine; they differ in their Store
// (localStorage through browserstore, a JSON file through filestore). The
// scenarios below run through both configurations and must behave alike.

// faulty wraps a shell's Store; with fail set, saves fail (a full disk,
// localStorage's quota).
type faulty struct {
	channel.Store
	fail atomic.Bool
}

func (f *faulty) SaveChannel(s channel.State) error {
	if f.fail.Load() {
		return errors.New("quota exceeded")
	}
	return f.Store.SaveChannel(s)
}

type shell struct {
	name     string
	newStore func(tb testing.TB, who string) channel.Store
}

var shells = []shell{
	{"browser", func(tb testing.TB, who string) channel.Store {
		return browserstore.New(browserstore.Memory())
	}},
	{"cli", func(tb testing.TB, who string) channel.Store {
		s, err := filestore.Open(filepath.Join(tb.TempDir(), who+".json"), filestore.Options{NoSync: true})
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { s.Close() })
		return s
	}},
}

// shellPair is Alice and Bob of one shell on channel 1 (Alice deposits
// 100); Bob's store can be made to fail.
func shellPair(t *testing.T, sh shell) (alice, bob *wallet, bobStore *faulty, b *bus, c *fakeChain) {
	t.Helper()
	b, c = newBus(), newFakeChain()
	bobStore = &faulty{Store: sh.newStore(t, "bob")}
	alice = newWallet(t, "alice", sh.newStore(t, "alice"), b, c, nil)
	bob = newWallet(t, "bob", bobStore, b, c, nil)
	c.open(1, alice.addr, bob.addr, 100, 0, 10)
	for _, w := range []*wallet{alice, bob} {
		if _, err := w.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	return alice, bob, bobStore, b, c
}

func TestShellsBehaveAlike(t *testing.T) {
	scenarios := []struct {
		name string
		run  func(t *testing.T, sh shell)
	}{
		{"resync after the relay was down", func(t *testing.T, sh shell) {
			alice, bob, _, b, _ := shellPair(t, sh)
			b.fail = errors.New("relay down")
			var ue *UndeliveredError
			if _, err := alice.Pay(context.Background(), alice.ID(1), coins(9)); !errors.As(err, &ue) {
				t.Fatalf("Pay while the relay is down: %v; want UndeliveredError", err)
			}
			b.fail = nil
			alice.Resync(context.Background(), false)
			bob.deliver(t, b)
			if got := mustGet(t, bob).Received; got.Cmp(coins(9)) != 0 {
				t.Fatalf("Bob received %v; want 9", got)
			}
			// Once Bob's ack arrived, there is nothing to resync.
			eventually(t, "Bob's ack", func() bool { return b.count(alice.addr) > 0 })
			alice.deliver(t, b)
			before := b.total()
			alice.Resync(context.Background(), false)
			if n := b.total() - before; n != 0 {
				t.Fatalf("%d messages resynced after the ack; want 0", n)
			}
		}},
		{"restore an older backup, then a full sync", func(t *testing.T, sh shell) {
			alice, bob, _, b, c := shellPair(t, sh)
			backup := mustGet(t, bob) // nothing received yet
			mustPay(t, alice, 10)
			mustPay(t, alice, 15)
			bob.deliver(t, b)
			// Bob's storage is lost; he restores the older backup in a
			// new wallet of the same shell.
			bob2 := newWallet(t, "bob", sh.newStore(t, "bob2"), b, c, nil)
			if _, err := bob2.Book().Restore(backup); err != nil {
				t.Fatal(err)
			}
			bob2.Resync(context.Background(), true)
			alice.deliver(t, b) // Alice answers the Sync with her latest payment
			eventually(t, "Alice's answer", func() bool { return b.count(bob2.addr) > 0 })
			bob2.deliver(t, b)
			if got := mustGet(t, bob2).Received; got.Cmp(coins(25)) != 0 {
				t.Fatalf("restored Bob received %v after the full sync; want 25", got)
			}
		}},
		{"refusals are dropped, store failures retried", func(t *testing.T, sh shell) {
			alice, bob, bobStore, b, _ := shellPair(t, sh)
			mustPay(t, alice, 6)
			ms := b.take(bob.addr)
			mallory := crypto.PubkeyToAddress(mustKey(t, "mallory").PublicKey)
			if err := bob.HandleBatch(context.Background(), []relayclient.Message{{From: mallory, Payload: ms[0].Payload}}); err != nil {
				t.Fatalf("a message from Mallory: %v; want it dropped", err)
			}
			if r := bob.notes.of(Refused); len(r) != 1 || !errors.Is(r[0].Err, channel.ErrNotPeer) {
				t.Fatalf("Refused notes %+v; want one ErrNotPeer", r)
			}
			bobStore.fail.Store(true)
			if err := bob.HandleBatch(context.Background(), ms); !channel.Retryable(err) {
				t.Fatalf("with a failing store: %v; want a retryable error", err)
			}
			bobStore.fail.Store(false)
			if err := bob.HandleBatch(context.Background(), ms); err != nil {
				t.Fatal(err)
			}
			if got := mustGet(t, bob).Received; got.Cmp(coins(6)) != 0 {
				t.Fatalf("Bob received %v; want 6", got)
			}
		}},
	}
	for _, sc := range scenarios {
		for _, sh := range shells {
			t.Run(sc.name+"/"+sh.name, func(t *testing.T) { sc.run(t, sh) })
		}
	}
}
