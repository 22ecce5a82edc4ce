package channel_test

import (
	"errors"
	"math/big"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
)

func mustBooks(tb testing.TB, aliceDep, bobDep int64) (alice, bob *channel.Book, as, bs *channel.MemStore) {
	tb.Helper()
	sa, sb := mustPair(tb, aliceDep, bobDep)
	as, bs = channel.NewMemStore(), channel.NewMemStore()
	alice, bob = channel.NewBook(as, mustKey(tb, aliceWIF)), channel.NewBook(bs, mustKey(tb, bobWIF))
	if err := alice.Add(sa); err != nil {
		tb.Fatal(err)
	}
	if err := bob.Add(sb); err != nil {
		tb.Fatal(err)
	}
	return alice, bob, as, bs
}

func TestBookPayReceivePersistFirst(t *testing.T) {
	alice, bob, as, bs := mustBooks(t, 10, 0)
	st, fx, err := alice.Pay(testID, big.NewInt(4), t0)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := as.LoadChannel(testID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(st, saved, cmpBig); diff != "" {
		t.Fatalf("returned state differs from the saved one (-want +got):\n%s", diff)
	}
	if saved.Sent.Int64() != 4 {
		t.Fatalf("saved sent %v", saved.Sent)
	}
	// Bob's store fails: he must not acknowledge.
	bs.FailSave = errors.New("disk full")
	if _, fx2, err := bob.Receive(alice.Signer(), fx.Send[0], t0); err == nil || !fx2.Empty() {
		t.Fatalf("Receive with failing store = %+v, %v; want error and no ack", fx2, err)
	}
	bs.FailSave = nil
	st, fx2, err := bob.Receive(alice.Signer(), fx.Send[0], t0)
	if err != nil || st.Received.Int64() != 4 || len(fx2.Send) != 1 {
		t.Fatalf("Receive = %v, %+v, %v", st.Received, fx2, err)
	}
	// Alice's store fails: she must not get a payment to send.
	as.FailSave = errors.New("quota")
	if _, fx3, err := alice.Pay(testID, big.NewInt(1), t0); err == nil || !fx3.Empty() {
		t.Fatalf("Pay with failing store = %+v, %v", fx3, err)
	}
	as.FailSave = nil
	if st, _ := alice.Get(testID); st.Sent.Int64() != 4 {
		t.Fatalf("a failed save changed the stored total to %v", st.Sent)
	}
	if _, _, err := alice.Receive(bob.Signer(), fx2.Send[0], t0); err != nil {
		t.Fatalf("ack: %v", err)
	}
}

func TestBookErrors(t *testing.T) {
	alice, bob, _, _ := mustBooks(t, 10, 0)
	sa, sb := mustPair(t, 10, 0)
	if err := alice.Add(sa); !errors.Is(err, channel.ErrExists) {
		t.Errorf("Add twice = %v; want ErrExists", err)
	}
	if err := alice.Add(sb); !errors.Is(err, channel.ErrWrongKey) {
		t.Errorf("Add of Bob's view to Alice's book = %v; want ErrWrongKey", err)
	}
	if _, err := alice.Get(otherID); !errors.Is(err, channel.ErrNotFound) {
		t.Errorf("Get(unknown) = %v; want ErrNotFound", err)
	}
	if _, _, err := alice.Pay(otherID, big.NewInt(1), t0); !errors.Is(err, channel.ErrNotFound) {
		t.Errorf("Pay(unknown) = %v; want ErrNotFound", err)
	}
	_, fx, err := alice.Pay(testID, big.NewInt(1), t0)
	if err != nil {
		t.Fatal(err)
	}
	mallory := mustMallory(t)
	if _, _, err := bob.Receive(addr(mallory), fx.Send[0], t0); !errors.Is(err, channel.ErrNotPeer) {
		t.Errorf("Receive from Mallory = %v; want ErrNotPeer", err)
	}
	if _, _, err := bob.Receive(alice.Signer(), nil, t0); err == nil {
		t.Errorf("Receive(nil) accepted")
	}
	list, err := alice.List()
	if err != nil || len(list) != 1 || list[0].ID != testID {
		t.Errorf("List = %v, %v", list, err)
	}
	if _, err := channel.NewMemStore().LoadKeys(); !errors.Is(err, channel.ErrNotFound) {
		t.Errorf("LoadKeys on empty store = %v", err)
	}
}

func TestBookFlow(t *testing.T) {
	alice, bob, as, _ := mustBooks(t, 10, 0)
	_, fx, err := alice.Pay(testID, big.NewInt(3), t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := bob.Receive(alice.Signer(), fx.Send[0], t0); err != nil {
		t.Fatal(err)
	}
	fx, err = bob.Sync(testID)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := alice.Receive(bob.Signer(), fx.Send[0], t0); err != nil {
		t.Fatal(err)
	}
	_, fx, err = alice.ProposeClose(testID, t0)
	if err != nil {
		t.Fatal(err)
	}
	_, fx, err = bob.Receive(alice.Signer(), fx.Send[0], t0)
	if err != nil {
		t.Fatal(err)
	}
	st, fx, err := alice.Receive(bob.Signer(), fx.Send[0], t0)
	if err != nil || len(fx.Submit) != 1 || !st.Close.Complete() {
		t.Fatalf("close: %+v %v", fx, err)
	}
	st, _, err = alice.Apply(testID, channel.ClosedCooperatively{AlicePaid: big.NewInt(3), BobPaid: big.NewInt(0)})
	if err != nil || st.Status != channel.Closed {
		t.Fatalf("Apply: %v %v", st.Status, err)
	}
	if _, fx, err := bob.StartClose(testID); err != nil || len(fx.Submit) != 1 {
		t.Fatalf("Bob StartClose: %+v %v", fx, err)
	}
	if err := as.SaveKeys([]byte("sealed")); err != nil {
		t.Fatal(err)
	}
	if k, err := as.LoadKeys(); err != nil || string(k) != "sealed" {
		t.Fatalf("LoadKeys = %q, %v", k, err)
	}
}

// TestBookConcurrentPays: many goroutines paying at once never overdraw.
func TestBookConcurrentPays(t *testing.T) {
	alice, _, _, _ := mustBooks(t, 50, 0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for range 80 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := alice.Pay(testID, big.NewInt(1), t0)
			if err != nil && !errors.Is(err, channel.ErrOverdraw) {
				t.Errorf("Pay: %v", err)
			}
			if err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	st, _ := alice.Get(testID)
	if ok != 50 || st.Sent.Int64() != 50 {
		t.Fatalf("%d payments succeeded, sent %v; want 50", ok, st.Sent)
	}
}
