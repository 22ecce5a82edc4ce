package main

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"paychan/app/chainclient"
	"paychan/app/wallet"
	"paychan/internal/testkit"
)

// listenBackground starts `listen` as u until stop is called, and waits
// until it is connected. stop ends it and returns its output.
func (u *user) listenBackground(tb testing.TB, args ...string) (out *safeBuffer, stop func() string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	out = &safeBuffer{}
	errc := make(chan error, 1)
	go func() { errc <- u.run(ctx, out, append([]string{"listen"}, args...)...) }()
	tb.Cleanup(cancel) // a failed wait below ends listen too
	u.waitListening(tb, errc, out)
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

// waitListening waits until the listen that reports its end on errc has
// printed "listening as" to out, and fails tb if it ends first or does not
// connect within testkit.DefaultWait.
func (u *user) waitListening(tb testing.TB, errc <-chan error, out *safeBuffer) {
	tb.Helper()
	testkit.Eventually(tb, u.name+": listen to connect", func() error {
		if strings.Contains(out.String(), "listening as") {
			return nil
		}
		select {
		case err := <-errc:
			tb.Fatalf("%s: listen ended early: %v\n%s", u.name, err, out.String())
		default:
		}
		return fmt.Errorf("not connected yet; output so far:\n%s", out.String())
	})
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
	testkit.EventuallyWithin(t, time.Minute, "Bob's listen to receive 30", func() error {
		if !strings.Contains(out.String(), "total received 30 ETH") {
			return errors.New("no \"total received 30 ETH\" in its output yet")
		}
		return nil
	})

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
	testkit.EventuallyWithin(t, time.Minute, "Bob's listen to claim 30", func() error {
		if ch, err = cl.Channel(ctx, 1); err != nil {
			t.Fatal(err)
		}
		if ch.AlicePaid.Cmp(coins(30)) != 0 {
			return fmt.Errorf("Alice paid %v on chain; want 30 ETH", ch.AlicePaid)
		}
		return nil
	})
	if ch.Block >= started.ClosesAt || ch.Status != chainclient.StatusClosing {
		t.Fatalf("Bob's claim seen at block %d, status %v; want it before closesAt %d", ch.Block, ch.Status, started.ClosesAt)
	}
	// The claim is on chain before listen has read its receipt: stopping
	// listen now would cancel that and lose the line it prints.
	testkit.Eventually(t, "Bob's listen to report its claim", func() error {
		if !strings.Contains(out.String(), "claimed 30 ETH on channel 1") {
			return errors.New("no \"claimed 30 ETH on channel 1\" in its output yet")
		}
		return nil
	})
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
