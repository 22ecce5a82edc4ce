package main

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"paychan/app/chainclient"
	"paychan/app/wallet"
)

// listenBackground starts `listen` as u until stop is called, and waits
// until it is connected. stop ends it and returns its output.
func (u *user) listenBackground(tb testing.TB, args ...string) (out *safeBuffer, stop func() string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	out = &safeBuffer{}
	errc := make(chan error, 1)
	go func() { errc <- u.run(ctx, out, append([]string{"listen"}, args...)...) }()
	waitFor(tb, "listen to connect", func() bool {
		select {
		case err := <-errc:
			cancel()
			tb.Fatalf("%s: listen ended early: %v\n%s", u.name, err, out.String())
		default:
		}
		return strings.Contains(out.String(), "listening as")
	})
	return out, func() string {
		tb.Helper()
		cancel()
		if err := <-errc; err != nil {
			tb.Fatalf("%s: listen: %v\n%s", u.name, err, out.String())
		}
		tb.Logf("%s$ paychan-cli listen %s\n%s", u.name, strings.Join(args, " "), out.String())
		return out.String()
	}
}

// waitFor polls cond every 20 ms until it holds, failing after a minute.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestListenDefendsAgainstStaleClose is issue 11's "done means" for the
// CLI: Alice deposits 100 and pays Bob 30, then calls startClose proving
// nothing (her stale total 0). Bob's running `listen`, with the watchtower
// hand-off off, claims his best received total, 30, before closesAt
// without any command, and Bob withdraws his full 30.
func TestListenDefendsAgainstStaleClose(t *testing.T) {
	m := mustHost(t)
	alice, bob := mustAliceAndBob(t, m)
	alice.must(t, "open", bobSigner, "--deposit", "100", "--blocks", "20")
	bob.must(t, "join", "1")
	out, stop := bob.listenBackground(t, "--watchtower=false")
	alice.must(t, "pay", "1", "10")
	alice.must(t, "pay", "1", "20")
	waitFor(t, "Bob's listen to receive 30", func() bool { return strings.Contains(out.String(), "total received 30 ETH") })

	// Alice closes alone with a lower total than she signed.
	ak, err := wallet.ParseWIF(aliceWIF)
	if err != nil {
		t.Fatal(err)
	}
	cl := chainclient.New(m.Chain().Client(), m.Contract(), m.ChainID())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rc, err := cl.StartClose(ctx, ak.PrivateKey(), 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	started, err := cl.Channel(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if started.Status != chainclient.StatusClosing || started.AlicePaid.Sign() != 0 {
		t.Fatalf("after Alice's startClose (block %v): status %v, Alice paid %v on chain; want closing with 0", rc.BlockNumber, started.Status, started.AlicePaid)
	}
	// No block is mined but by transactions: Bob's claim must land while
	// the channel is closing, before closesAt.
	var ch *chainclient.Channel
	waitFor(t, "Bob's listen to claim 30", func() bool {
		if ch, err = cl.Channel(ctx, 1); err != nil {
			t.Fatal(err)
		}
		return ch.AlicePaid.Cmp(coins(30)) == 0
	})
	if ch.Block >= started.ClosesAt || ch.Status != chainclient.StatusClosing {
		t.Fatalf("Bob's claim seen at block %d, status %v; want it before closesAt %d", ch.Block, ch.Status, started.ClosesAt)
	}
	// The claim is on chain; listen says so once its receipt poll sees it
	// (stopping listen before that would cancel the poll).
	waitFor(t, "Bob's listen to report the claim", func() bool { return strings.Contains(out.String(), "claimed 30 ETH on channel 1") })
	mustContain(t, stop(), "channel 1 is closing until block", "claimed 30 ETH on channel 1")

	alice.must(t, "mine", "25")
	before := balance(t, m, bobSigner)
	mustContain(t, bob.must(t, "withdraw", "1"), "withdrew 30 ETH from channel 1")
	if gained := new(big.Int).Sub(balance(t, m, bobSigner), before); gained.Cmp(coins(29)) <= 0 || gained.Cmp(coins(30)) > 0 {
		t.Errorf("Bob's on-chain balance changed by %v wei; want 30 coins minus gas", gained)
	}
	mustContain(t, alice.must(t, "withdraw", "1"), "withdrew 70 ETH from channel 1")
	if ch, err := cl.Channel(ctx, 1); err != nil || !ch.AliceWithdrawn || !ch.BobWithdrawn {
		t.Fatalf("after both withdrawals: %+v, %v", ch, err)
	}
}
