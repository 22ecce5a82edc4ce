package channel_test

import (
	"errors"
	"math/big"
	"sync"
	"testing"

	"paychan/app/channel"
)

// gatedStore is a MemStore whose saves wait for a turn (each save takes
// one value from turns: nil to save, an error to fail), so a test holds a
// save in the middle while the Book goes on.
type gatedStore struct {
	*channel.MemStore
	started chan channel.State // each save's state, when it starts
	turns   chan error
}

func newGatedStore() *gatedStore {
	return &gatedStore{MemStore: channel.NewMemStore(), started: make(chan channel.State, 16), turns: make(chan error)}
}

func (g *gatedStore) SaveChannel(s channel.State) error {
	g.started <- s
	if err := <-g.turns; err != nil {
		return err
	}
	return g.MemStore.SaveChannel(s)
}

// gatedBook is Alice's Book over a gated store holding the channel (its
// first save let through).
func gatedBook(t *testing.T, deposit int64) (*channel.Book, *gatedStore) {
	t.Helper()
	sa, _ := mustPair(t, deposit, 0)
	g := newGatedStore()
	b := channel.NewBook(g, mustKey(t, aliceWIF))
	go func() { <-g.started; g.turns <- nil }()
	if err := b.Add(sa); err != nil {
		t.Fatal(err)
	}
	return b, g
}

func sent(t *testing.T, fx channel.Effects) []int64 {
	t.Helper()
	var out []int64
	for _, m := range fx.Send {
		out = append(out, m.(channel.Payment).Paid.Int64())
	}
	return out
}

// commitInBackground runs commit on its own goroutine and hands over the
// totals it returns.
func commitInBackground(t *testing.T, commit func() (channel.Effects, error)) <-chan []int64 {
	done := make(chan []int64)
	go func() {
		fx, err := commit()
		if err != nil {
			t.Error(err)
		}
		done <- sent(t, fx)
	}()
	return done
}

// TestPayManyAsyncGroupCommit: while the first batch's save is held, the
// next two batches are signed on its unsaved state; each commit returns
// its payments only once a save covering them is done, and the two later
// batches are written by one save.
func TestPayManyAsyncGroupCommit(t *testing.T) {
	b, g := gatedBook(t, 100)
	_, c1, err := b.PayManyAsync(testID, ones(3), t0)
	if err != nil {
		t.Fatal(err)
	}
	done1 := commitInBackground(t, c1)
	first := <-g.started // the first batch's save, held
	if first.Sent.Int64() != 3 {
		t.Fatalf("first save has sent %v; want 3", first.Sent)
	}
	st2, c2, err := b.PayManyAsync(testID, ones(2), t0)
	if err != nil {
		t.Fatal(err)
	}
	st3, c3, err := b.PayManyAsync(testID, ones(4), t0)
	if err != nil {
		t.Fatal(err)
	}
	if st2.Sent.Int64() != 5 || st3.Sent.Int64() != 9 {
		t.Fatalf("later batches built on the unsaved state: sent %v, %v; want 5, 9", st2.Sent, st3.Sent)
	}
	if saved, _ := b.Get(testID); saved.Sent.Sign() != 0 {
		t.Fatalf("Get during the first save = sent %v; want the saved 0", saved.Sent)
	}
	select {
	case got := <-done1:
		t.Fatalf("first commit returned %v before its save", got)
	default:
	}
	g.turns <- nil
	if got := <-done1; len(got) != 3 || got[2] != 3 {
		t.Fatalf("first commit sent %v; want totals 1..3", got)
	}

	done3 := commitInBackground(t, c3)
	second := <-g.started // one save for both later batches
	if second.Sent.Int64() != 9 {
		t.Fatalf("second save has sent %v; want 9 (both later batches)", second.Sent)
	}
	g.turns <- nil
	if got := <-done3; len(got) != 4 || got[3] != 9 {
		t.Fatalf("third commit sent %v; want totals 6..9", got)
	}
	fx2, err := c2() // covered by the same save: no save of its own
	if err != nil || len(sent(t, fx2)) != 2 || sent(t, fx2)[1] != 5 {
		t.Fatalf("second commit = %v, %v; want totals 4..5", sent(t, fx2), err)
	}
	select {
	case s := <-g.started:
		t.Fatalf("a third save (sent %v) for batches already saved", s.Sent)
	default:
	}
	if saved, _ := b.Get(testID); saved.Sent.Int64() != 9 {
		t.Fatalf("saved sent %v; want 9", saved.Sent)
	}
}

// TestPayManyAsyncLostSave: when a save fails, its batch and every batch
// signed on top of it while it was being written fail at commit (nothing
// of them may be sent), and the next payment starts again from the saved
// state.
func TestPayManyAsyncLostSave(t *testing.T) {
	b, g := gatedBook(t, 100)
	_, c1, err := b.PayManyAsync(testID, ones(3), t0)
	if err != nil {
		t.Fatal(err)
	}
	go func() { <-g.started; g.turns <- nil }()
	if _, err := c1(); err != nil {
		t.Fatal(err)
	}

	_, c2, err := b.PayManyAsync(testID, ones(2), t0)
	if err != nil {
		t.Fatal(err)
	}
	err2 := make(chan error)
	go func() { _, err := c2(); err2 <- err }()
	<-g.started // the second batch's save, held
	st3, c3, err := b.PayManyAsync(testID, ones(4), t0)
	if err != nil || st3.Sent.Int64() != 9 {
		t.Fatalf("third batch = sent %v, %v; want 9", st3.Sent, err)
	}
	disk := errors.New("disk full")
	g.turns <- disk
	var se *channel.StoreError
	if err := <-err2; !errors.Is(err, disk) || !errors.As(err, &se) {
		t.Fatalf("second commit = %v; want the store's error", err)
	}
	if fx, err := c3(); !errors.Is(err, disk) || !fx.Empty() {
		t.Fatalf("third commit, built on the lost state = %+v, %v; want the store's error and nothing to send", fx, err)
	}
	if saved, _ := b.Get(testID); saved.Sent.Int64() != 3 {
		t.Fatalf("saved sent %v; want 3", saved.Sent)
	}
	go func() { <-g.started; g.turns <- nil }()
	st, fx, err := b.Pay(testID, big.NewInt(1), t0)
	if err != nil || st.Sent.Int64() != 4 || sent(t, fx)[0] != 4 {
		t.Fatalf("the next payment = sent %v, %v, %v; want a total of 4, on the saved 3", st.Sent, sent(t, fx), err)
	}
}

// TestBookConcurrentStepsSaved: many goroutines paying and receiving on
// one Book at once; every step returns only once its state is saved
// (the store holds at least its total), and no payment is lost or doubled.
func TestBookConcurrentStepsSaved(t *testing.T) {
	alice, bob, as, _ := mustBooks(t, 1000, 1000)
	var mu sync.Mutex
	var fromBob []channel.Message
	inParallel(20, func() {
		_, fx, err := bob.Pay(testID, big.NewInt(1), t0)
		if err != nil {
			t.Error(err)
			return
		}
		mu.Lock()
		fromBob = append(fromBob, fx.Send...)
		mu.Unlock()
	})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		inParallel(40, func() {
			st, _, err := alice.Pay(testID, big.NewInt(2), t0)
			if err != nil {
				t.Error(err)
				return
			}
			if saved, _ := as.LoadChannel(testID); saved.Sent.Cmp(st.Sent) < 0 {
				t.Errorf("Pay returned sent %v; the store holds %v", st.Sent, saved.Sent)
			}
		})
	}()
	go func() {
		defer wg.Done()
		next := make(chan channel.Message, len(fromBob))
		for _, m := range fromBob {
			next <- m
		}
		close(next)
		inParallel(len(fromBob), func() {
			st, _, err := alice.Receive(bob.Signer(), <-next, t0)
			if err != nil {
				t.Errorf("Receive: %v", err)
				return
			}
			if saved, _ := as.LoadChannel(testID); saved.Received.Cmp(st.Received) < 0 {
				t.Errorf("Receive returned received %v; the store holds %v", st.Received, saved.Received)
			}
		})
	}()
	wg.Wait()
	saved, _ := as.LoadChannel(testID)
	if saved.Sent.Int64() != 80 || saved.Received.Int64() != 20 {
		t.Fatalf("saved sent %v, received %v; want 80 and 20", saved.Sent, saved.Received)
	}
}

// inParallel runs f n times at once and waits for all of them.
func inParallel(n int, f func()) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	wg.Wait()
}

// countingStore counts SaveChannel calls.
type countingStore struct {
	*channel.MemStore
	mu    sync.Mutex
	saves int
}

func (c *countingStore) SaveChannel(s channel.State) error {
	c.mu.Lock()
	c.saves++
	c.mu.Unlock()
	return c.MemStore.SaveChannel(s)
}

// TestNoOpStepNotSaved: a chain event applied again (the wallet reads the
// chain every second) changes nothing and writes nothing; a new one is
// saved.
func TestNoOpStepNotSaved(t *testing.T) {
	sa, _ := mustPair(t, 10, 0)
	st := &countingStore{MemStore: channel.NewMemStore()}
	b := channel.NewBook(st, mustKey(t, aliceWIF))
	if err := b.Add(sa); err != nil {
		t.Fatal(err)
	}
	ev := channel.Deposited{Party: channel.Bob, Total: big.NewInt(7)}
	if _, _, err := b.Apply(testID, ev); err != nil {
		t.Fatal(err)
	}
	before := st.saves
	for range 3 {
		n, _, err := b.Apply(testID, ev)
		if err != nil || n.BobDeposit.Int64() != 7 {
			t.Fatalf("Apply again = deposit %v, %v", n.BobDeposit, err)
		}
	}
	if st.saves != before {
		t.Fatalf("the same event applied 3 more times wrote %d times; want none", st.saves-before)
	}
	if _, _, err := b.Apply(testID, channel.Deposited{Party: channel.Bob, Total: big.NewInt(8)}); err != nil {
		t.Fatal(err)
	}
	if st.saves != before+1 {
		t.Fatalf("a new deposit wrote %d times; want 1", st.saves-before)
	}
	if got, _ := b.Get(testID); got.BobDeposit.Int64() != 8 {
		t.Fatalf("saved deposit %v; want 8", got.BobDeposit)
	}
}
