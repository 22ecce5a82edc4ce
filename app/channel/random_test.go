package channel_test

import (
	"errors"
	"flag"
	"math/big"
	"math/rand"
	"testing"
	"time"

	"paychan/app/channel"
)

var seedFlag = flag.Int64("seed", 0, "seed of TestRandomExchange (0: time-based)")

// peer is one side of the simulated exchange.
type peer struct {
	name  string
	s     channel.State
	inbox []channel.Message // messages in flight to this peer
}

// TestRandomExchange runs Alice and Bob paying each other in random order
// while the network reorders, duplicates and drops messages. After every
// step neither side holds more than the other sent, and what each would get
// on chain (both claiming what they hold) is at least its own view of its
// balance. At the end Syncs repair the drops and both agree exactly.
func TestRandomExchange(t *testing.T) {
	seed := *seedFlag
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	t.Logf("seed %d (rerun with -seed=%d)", seed, seed)
	rng := rand.New(rand.NewSource(seed))
	runs := 40
	if testing.Short() {
		runs = 3
	}
	for run := 0; run < runs; run++ {
		randomExchange(t, rng, 150)
		if t.Failed() {
			t.Fatalf("failed in run %d; seed %d", run, seed)
		}
	}
}

func randomExchange(t *testing.T, rng *rand.Rand, steps int) {
	t.Helper()
	depA, depB := rng.Int63n(30), rng.Int63n(30)
	sa, sb := mustPair(t, depA, depB)
	a, b := &peer{name: "Alice", s: sa}, &peer{name: "Bob", s: sb}
	keys := map[*peer]string{a: aliceWIF, b: bobWIF}
	other := map[*peer]*peer{a: b, b: a}
	now := t0

	deliver := func(to *peer, i int, keep bool) {
		m := to.inbox[i]
		if !keep {
			to.inbox = append(to.inbox[:i], to.inbox[i+1:]...)
		}
		n, fx, err := channel.Receive(to.s, m, mustKey(t, keys[to]), now)
		if err != nil {
			t.Fatalf("%s rejects honest %T %+v: %v", to.name, m, m, err)
		}
		to.s = n
		other[to].inbox = append(other[to].inbox, fx.Send...)
	}
	for step := 0; step < steps; step++ {
		now = now.Add(time.Second)
		p := a
		if rng.Intn(2) == 0 {
			p = b
		}
		switch op := rng.Intn(10); {
		case op < 4: // pay
			amt := big.NewInt(1 + rng.Int63n(8))
			n, fx, err := channel.Pay(p.s, amt, mustKey(t, keys[p]), now)
			switch {
			case errors.Is(err, channel.ErrOverdraw):
				if p.s.Balance().Cmp(amt) >= 0 {
					t.Fatalf("%s refused %v with balance %v: %v", p.name, amt, p.s.Balance(), err)
				}
			case err != nil:
				t.Fatalf("%s pays %v: %v", p.name, amt, err)
			default:
				p.s = n
				other[p].inbox = append(other[p].inbox, fx.Send...)
			}
		case op < 8: // deliver a random in-flight message, maybe keeping a duplicate
			if len(p.inbox) > 0 {
				deliver(p, rng.Intn(len(p.inbox)), rng.Intn(4) == 0)
			}
		default: // drop
			if len(p.inbox) > 0 {
				i := rng.Intn(len(p.inbox))
				p.inbox = append(p.inbox[:i], p.inbox[i+1:]...)
			}
		}
		checkSafe(t, a.s, b.s)
	}
	// Heal: deliver everything, then sync both ways until quiet.
	for round := 0; round < 4; round++ {
		for len(a.inbox)+len(b.inbox) > 0 {
			for _, p := range []*peer{a, b} {
				if len(p.inbox) > 0 {
					deliver(p, 0, false)
				}
			}
			checkSafe(t, a.s, b.s)
		}
		b.inbox = append(b.inbox, channel.MakeSync(a.s))
		a.inbox = append(a.inbox, channel.MakeSync(b.s))
	}
	if a.s.Sent.Cmp(b.s.Received) != 0 || b.s.Sent.Cmp(a.s.Received) != 0 {
		t.Fatalf("after healing: Alice sent %v / Bob received %v; Bob sent %v / Alice received %v", a.s.Sent, b.s.Received, b.s.Sent, a.s.Received)
	}
	total := new(big.Int).Add(a.s.Balance(), b.s.Balance())
	if total.Int64() != depA+depB {
		t.Fatalf("balances %v + %v != deposits %d + %d", a.s.Balance(), b.s.Balance(), depA, depB)
	}
	if a.s.PeerAcked.Cmp(a.s.Sent) != 0 || b.s.PeerAcked.Cmp(b.s.Sent) != 0 {
		t.Fatalf("acks after healing: Alice %v of %v, Bob %v of %v", a.s.PeerAcked, a.s.Sent, b.s.PeerAcked, b.s.Sent)
	}
}

// checkSafe asserts that no side can lose money: each holds at most what the
// other signed, and settling on chain with the totals each holds pays each
// side at least the balance it believes it has.
func checkSafe(t *testing.T, a, b channel.State) {
	t.Helper()
	if a.Received.Cmp(b.Sent) > 0 || b.Received.Cmp(a.Sent) > 0 {
		t.Fatalf("holds more than was sent: Alice %v/%v, Bob %v/%v", a.Received, b.Sent, b.Received, a.Sent)
	}
	for _, s := range []channel.State{a, b} {
		if s.Balance().Sign() < 0 {
			t.Fatalf("%s's balance %v < 0", s.Role, s.Balance())
		}
	}
	// On chain: alicePaid is what Bob holds, bobPaid what Alice holds.
	onChain := channel.Totals{AlicePaid: b.Received, BobPaid: a.Received}
	payA, payB := a.Payouts(onChain)
	if payA.Cmp(a.Balance()) < 0 || payB.Cmp(b.Balance()) < 0 {
		t.Fatalf("settlement %v/%v below views %v/%v", payA, payB, a.Balance(), b.Balance())
	}
}
