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
	// maxSent is the highest total this peer has ever signed (what it
	// really owes, whatever backup it restored).
	maxSent *big.Int
	// snap is a backup of s taken earlier (nil: none yet).
	snap *channel.State
}

// behind reports whether p restored a backup older than its latest payment
// and has not recovered that payment from the peer's proof yet.
func (p *peer) behind() bool { return p.s.Sent.Cmp(p.maxSent) < 0 }

// TestRandomExchange runs Alice and Bob paying each other in random order
// while the network reorders, duplicates and drops messages, a side
// sometimes restores an older backup of its state, and a lying peer
// sometimes claims to hold more than was paid. After every step nobody
// holds more than the other signed, no side's Sent exceeds what it really
// signed, and what each side that is not behind would get on chain (both
// claiming what they hold) is at least its own view of its balance. At the
// end Syncs repair the drops and restores: both agree exactly, and a last
// exchange of Syncs is quiet.
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
	recovered := 0
	for run := 0; run < runs; run++ {
		recovered += randomExchange(t, rng, 150)
		if t.Failed() {
			t.Fatalf("failed in run %d; seed %d", run, seed)
		}
	}
	t.Logf("%d runs, %d recoveries of a restored Sent", runs, recovered)
}

// randomExchange plays one channel and returns how many times a side
// recovered its Sent total from the peer's proof.
func randomExchange(t *testing.T, rng *rand.Rand, steps int) (recovered int) {
	t.Helper()
	depA, depB := rng.Int63n(30), rng.Int63n(30)
	sa, sb := mustPair(t, depA, depB)
	a, b := &peer{name: "Alice", s: sa, maxSent: new(big.Int)}, &peer{name: "Bob", s: sb, maxSent: new(big.Int)}
	keys := map[*peer]string{a: aliceWIF, b: bobWIF}
	other := map[*peer]*peer{a: b, b: a}
	now := t0

	deliver := func(to *peer, i int, keep bool) {
		m := to.inbox[i]
		if !keep {
			to.inbox = append(to.inbox[:i], to.inbox[i+1:]...)
		}
		n, fx, err := channel.Receive(to.s, m, mustKey(t, keys[to]), now)
		_, isPayment := m.(channel.Payment)
		switch {
		case err != nil && isPayment && to.behind() && errors.Is(err, channel.ErrOverdraw):
			// Unaffordable against the stale Sent of a restored backup:
			// dropped, like a wallet does; the payer's Sync brings it again.
			return
		case err != nil:
			t.Fatalf("%s rejects honest %T %+v: %v", to.name, m, m, err)
		}
		if n.Sent.Cmp(to.s.Sent) > 0 {
			recovered++
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
		switch op := rng.Intn(20); {
		case op < 8: // pay
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
				if p.s.Sent.Cmp(p.maxSent) > 0 {
					p.maxSent = p.s.Sent
				}
				other[p].inbox = append(other[p].inbox, fx.Send...)
			}
		case op < 16: // deliver a random in-flight message, maybe keeping a duplicate
			if len(p.inbox) > 0 {
				deliver(p, rng.Intn(len(p.inbox)), rng.Intn(4) == 0)
			}
		case op < 18: // drop
			if len(p.inbox) > 0 {
				i := rng.Intn(len(p.inbox))
				p.inbox = append(p.inbox[:i], p.inbox[i+1:]...)
			}
		case op < 19: // back up, or restore the older backup
			if p.snap == nil || rng.Intn(2) == 0 {
				snap := p.s
				p.snap = &snap
			} else {
				p.s = *p.snap
			}
		default: // the peer lies: it claims to hold more than p paid
			forgedSync(t, rng, p)
		}
		checkSafe(t, a, b)
	}
	// Heal: deliver everything, then sync both ways until quiet.
	for round := 0; round < 4; round++ {
		for len(a.inbox)+len(b.inbox) > 0 {
			for _, p := range []*peer{a, b} {
				if len(p.inbox) > 0 {
					deliver(p, 0, false)
				}
			}
			checkSafe(t, a, b)
		}
		b.inbox = append(b.inbox, channel.MakeSync(a.s))
		a.inbox = append(a.inbox, channel.MakeSync(b.s))
	}
	// The last Syncs find both sides in agreement: no answer (no ping-pong).
	deliver(a, 0, false)
	deliver(b, 0, false)
	if len(a.inbox)+len(b.inbox) != 0 {
		t.Fatalf("Syncs between agreeing sides are answered: to Alice %+v, to Bob %+v", a.inbox, b.inbox)
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
	return recovered
}

// forgedSync has p's peer lie: it claims to hold a total above p's Sent,
// with a signature by Mallory or none. The first is refused and changes
// nothing; the second is only an ack: p's Sent must not move.
func forgedSync(t *testing.T, rng *rand.Rand, p *peer) {
	t.Helper()
	claim := new(big.Int).Add(p.s.Sent, big.NewInt(1+rng.Int63n(1000)))
	d, err := p.s.ID.PaymentDigest(claim)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := channel.Sign(d, mustMallory(t))
	if err != nil {
		t.Fatal(err)
	}
	m := channel.Sync{ID: p.s.ID, Paid: new(big.Int), Received: claim, ReceivedSig: sig}
	n, fx, err := channel.ReceiveSync(p.s, m, t0)
	if !errors.Is(err, channel.ErrBadSignature) || !fx.Empty() || n.Sent.Cmp(p.s.Sent) != 0 || len(n.History) != len(p.s.History) {
		t.Fatalf("%s takes a sync claiming %v signed by Mallory: sent %v -> %v, effects %+v, err %v", p.name, claim, p.s.Sent, n.Sent, fx, err)
	}
	m.ReceivedSig = channel.Signature{}
	n, _, err = channel.ReceiveSync(p.s, m, t0)
	if err != nil || n.Sent.Cmp(p.s.Sent) != 0 || n.PeerAcked.Cmp(n.Sent) > 0 {
		t.Fatalf("%s takes an unsigned sync claiming %v: sent %v -> %v, acked %v, err %v", p.name, claim, p.s.Sent, n.Sent, n.PeerAcked, err)
	}
	p.s = n // a lying ack is kept (capped at Sent), as before
}

// checkSafe asserts that no side can lose money: nobody holds more than
// the other ever signed, nobody believes it paid more than it signed
// (recovery only accepts my own signatures), each holds at most the other's
// Sent unless the other restored an older backup and has not recovered yet,
// and settling on chain with the totals each holds pays each side that is
// not behind at least the balance it believes it has.
func checkSafe(t *testing.T, a, b *peer) {
	t.Helper()
	for _, p := range []struct{ me, other *peer }{{a, b}, {b, a}} {
		me, other := p.me, p.other
		if me.s.Received.Cmp(other.maxSent) > 0 {
			t.Fatalf("%s holds %v, %s never signed more than %v", me.name, me.s.Received, other.name, other.maxSent)
		}
		if me.s.Sent.Cmp(me.maxSent) > 0 {
			t.Fatalf("%s believes it sent %v, it signed at most %v", me.name, me.s.Sent, me.maxSent)
		}
		if !other.behind() && me.s.Received.Cmp(other.s.Sent) > 0 {
			t.Fatalf("%s holds %v, more than %s sent (%v)", me.name, me.s.Received, other.name, other.s.Sent)
		}
		if me.s.Balance().Sign() < 0 {
			t.Fatalf("%s's balance %v < 0", me.name, me.s.Balance())
		}
	}
	// On chain: alicePaid is what Bob holds, bobPaid what Alice holds.
	onChain := channel.Totals{AlicePaid: b.s.Received, BobPaid: a.s.Received}
	payA, payB := a.s.Payouts(onChain)
	if !a.behind() && payA.Cmp(a.s.Balance()) < 0 || !b.behind() && payB.Cmp(b.s.Balance()) < 0 {
		t.Fatalf("settlement %v/%v below views %v/%v", payA, payB, a.s.Balance(), b.s.Balance())
	}
}
