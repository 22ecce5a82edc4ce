package watchtower_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"paychan/app/channel"
	wt "paychan/app/watchtower"
	"paychan/server/host"
	"paychan/server/watchtower"
)

// fund gives each actor 1 ETH from the embedded chain's faucet.
func fund(t *testing.T, m *host.Main, actors ...actor) {
	t.Helper()
	for _, x := range actors {
		if _, err := m.Chain().Fund(context.Background(), x.addr, big.NewInt(1e18)); err != nil {
			t.Fatal(err)
		}
	}
}

// mineToEnd mines the finalization period of id to its end, polling the
// watchtower after every block.
func mineToEnd(t *testing.T, m *host.Main, c *chain, id channel.ID) {
	t.Helper()
	closesAt := mustCall(t, c, c.abi.PackClosesAt(big.NewInt(int64(id.Channel))), c.abi.UnpackClosesAt)
	for c.head(t) < closesAt {
		if _, err := m.Chain().Mine(1); err != nil {
			t.Fatal(err)
		}
		mustPoll(t, m)
	}
}

// TestDrainAttack reproduces issue 10 item 8 with the default limits: two
// throwaway keys open a 1-wei channel (a 100-block period), start closing,
// and the payee hands off the payer's signatures of totals 1, 2, ..., 20,
// the watchtower polling after each. Before the fix the watchtower claimed
// after every hand-off: 20 claims, 801,236 gas (9.2·10^14 wei) in 5.2 s on
// this test (801,296 gas in the report). Now it claims nothing: the
// claim would protect 1 wei (the payer's deposit), far less than its gas.
func TestDrainAttack(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir()})
	c := newChain(m.Chain().Client(), m.Contract())
	a, b := testActor(t, "throwaway A"), testActor(t, "throwaway B")
	fund(t, m, a, b)
	tower := m.Watchtower().Address()
	id := c.mustOpen(t, a, b, 1, 100)
	c.mustTransact(t, a, nil, c.abi.PackStartClose(big.NewInt(int64(id.Channel))))

	bw := mustWallet(t, m, b)
	start := time.Now()
	accepted := 0
	for total := int64(1); total <= 20; total++ {
		if _, ok := bw.handOff(t, tower, mustPay(t, a, id, total)).(*wt.Accepted); ok {
			accepted++
		}
		mustPoll(t, m)
	}
	handOffs := time.Since(start)
	mineToEnd(t, m, c, id)
	var st wt.Status
	getJSON(t, m.URL()+wt.StatusPath, &st)
	ap, _ := c.paid(t, id)
	t.Logf("drain attack figures: 20 hand-offs (%d accepted) in %v -> %d claims, %d gas, %s wei spent; on chain A paid %d. Before the fix: 20 claims, 801,236 gas, 9.2e14 wei",
		accepted, handOffs.Round(time.Millisecond), st.Claims, st.GasUsed, st.GasSpent, ap)
	if st.Claims != 0 || st.GasUsed != 0 || st.Failures != 0 {
		t.Fatalf("the watchtower made %d claims (%d gas, %d failures) for a 1-wei channel; want 0", st.Claims, st.GasUsed, st.Failures)
	}
}

// TestHonestClaimOnce: Bob hands off Alice's 200 and goes away; Alice starts
// closing; Bob's better hand-off (500) still in flight arrives during the
// settle window and is the one claimed; a still better one after the claim
// (600) is refused with already_claimed; a host restart makes no second
// claim. Claims are timed by blocks here (the settle delay is an hour): due
// at closesAt - min(20, period/2).
func TestHonestClaimOnce(t *testing.T) {
	dir := t.TempDir()
	cfg := host.Config{DataDir: dir, Watchtower: watchtower.Limits{SettleDelay: time.Hour}}
	m := mustHost(t, cfg)
	c := newChain(m.Chain().Client(), m.Contract())
	alice, bob := testActor(t, "Alice"), testActor(t, "Bob")
	tower := m.Watchtower().Address()
	id, a200, _, a500 := exchange(t, c, alice, bob)
	bw := mustWallet(t, m, bob)
	wantAccepted(t, bw.handOff(t, tower, a200), id, alice.addr, u(200))

	c.mustTransact(t, alice, nil, c.abi.PackStartClose(big.NewInt(int64(id.Channel))))
	closesAt := mustCall(t, c, c.abi.PackClosesAt(big.NewInt(int64(id.Channel))), c.abi.UnpackClosesAt)
	margin := wt.Margin(finalization, watchtower.DefaultMarginBlocks)
	mustPoll(t, m)
	if ap, _ := c.paid(t, id); ap != 0 {
		t.Fatalf("claimed %d at once; want the claim to wait for hand-offs in flight", ap)
	}
	acc := wantAccepted(t, bw.handOff(t, tower, a500), id, alice.addr, u(500))
	if acc.Status != channel.Closing || acc.ProtectedUntil != closesAt-1 {
		t.Errorf("accepted %+v; want closing, protected until %d", acc, closesAt-1)
	}
	// Mine until the claim is due: one claim, of the best total.
	for c.head(t)+margin < closesAt {
		mustPoll(t, m)
		if ap, _ := c.paid(t, id); ap != 0 {
			t.Fatalf("claimed at block %d, before closesAt %d - margin %d", c.head(t), closesAt, margin)
		}
		if _, err := m.Chain().Mine(1); err != nil {
			t.Fatal(err)
		}
	}
	mustPoll(t, m)
	if ap, _ := c.paid(t, id); ap != u(500) {
		t.Fatalf("on chain Alice paid %d; want 500 units claimed when due", ap)
	}
	claimedAt := c.head(t)

	// A better hand-off after the claim: refused, not claimed.
	r := wantRefused(t, bw.handOff(t, tower, mustPay(t, alice, id, u(600))), wt.CodeAlreadyClaimed)
	if r.Held.Int64() != u(500) {
		t.Errorf("already_claimed held %v; want 500 units", r.Held)
	}
	mustPoll(t, m)

	// A restart keeps the claim record: still refused, no second claim.
	bw.c.Close()
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	m2 := mustHost(t, cfg)
	c = newChain(m2.Chain().Client(), m2.Contract())
	bw2 := mustWallet(t, m2, bob)
	wantRefused(t, bw2.handOff(t, tower, mustPay(t, alice, id, u(700))), wt.CodeAlreadyClaimed)
	mustPoll(t, m2)
	var st wt.Status
	getJSON(t, m2.URL()+wt.StatusPath, &st)
	if st.Claims != 1 || st.Failures != 0 {
		t.Fatalf("status after the restart = %+v; want 1 claim, no failure", st)
	}
	if ap, _ := c.paid(t, id); ap != u(500) {
		t.Fatalf("on chain Alice paid %d after the restart; want 500 units", ap)
	}
	t.Logf("honest claim figures: 1 claim, %d gas, %s wei, mined at block %d, closesAt %d (margin %d blocks)",
		st.GasUsed, st.GasSpent, claimedAt, closesAt, margin)
	mineToEnd(t, m2, c, id)
	getJSON(t, m2.URL()+wt.StatusPath, &st)
	if st.Claims != 1 || st.Watched != 0 {
		t.Fatalf("status after the period = %+v; want 1 claim, nothing watched", st)
	}
}

// TestHandOffLimits: a sender's new channel directions beyond MaxPerSender,
// and any beyond MaxHeld, are refused (with a reply: the sender is an
// authentic beneficiary); a higher total for a direction already held is
// still taken.
func TestHandOffLimits(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir(), Watchtower: watchtower.Limits{MaxPerSender: 2, MaxHeld: 3}})
	c := newChain(m.Chain().Client(), m.Contract())
	alice, bob := testActor(t, "Alice"), testActor(t, "Bob")
	tower := m.Watchtower().Address()
	var ids [3]channel.ID
	for i := range ids {
		ids[i] = c.mustOpen(t, alice, bob, u(100), finalization)
	}
	bw, aw := mustWallet(t, m, bob), mustWallet(t, m, alice)
	wantAccepted(t, bw.handOff(t, tower, mustPay(t, alice, ids[0], u(10))), ids[0], alice.addr, u(10))
	wantAccepted(t, bw.handOff(t, tower, mustPay(t, alice, ids[1], u(10))), ids[1], alice.addr, u(10))
	wantRefused(t, bw.handOff(t, tower, mustPay(t, alice, ids[2], u(10))), wt.CodeLimit)
	wantAccepted(t, bw.handOff(t, tower, mustPay(t, alice, ids[0], u(20))), ids[0], alice.addr, u(20))
	wantAccepted(t, aw.handOff(t, tower, mustPay(t, bob, ids[0], u(5))), ids[0], bob.addr, u(5))
	wantRefused(t, aw.handOff(t, tower, mustPay(t, bob, ids[1], u(5))), wt.CodeLimit)
	if _, ok := m.Watchtower().Held(ids[2].Channel, channel.Alice); ok {
		t.Fatal("a hand-off over the bound was stored")
	}
}
