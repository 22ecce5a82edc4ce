package engine

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/channel"
	"paychan/app/relayclient"
)

// eventually polls cond until it holds, or fails after a generous deadline
// (background effects run on their own goroutines).
func eventually(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// setup opens channel 1 between Alice (deposit 100) and Bob on the fake
// chain and lets both engines find it there.
func setup(tb testing.TB, mod func(*Config)) (alice, bob *wallet, b *bus, c *fakeChain) {
	tb.Helper()
	b, c = newBus(), newFakeChain()
	alice = newWallet(tb, "alice", channel.NewMemStore(), b, c, mod)
	bob = newWallet(tb, "bob", channel.NewMemStore(), b, c, mod)
	c.open(1, alice.addr, bob.addr, 100, 0, 10)
	for _, w := range []*wallet{alice, bob} {
		if _, err := w.Refresh(context.Background()); err != nil {
			tb.Fatalf("Refresh: %v", err)
		}
	}
	return alice, bob, b, c
}

func mustPay(tb testing.TB, w *wallet, amount int64) channel.State {
	tb.Helper()
	st, err := w.Pay(context.Background(), w.ID(1), coins(amount))
	if err != nil {
		tb.Fatalf("Pay(%d): %v", amount, err)
	}
	return st
}

func mustGet(tb testing.TB, w *wallet) channel.State {
	tb.Helper()
	st, err := w.Book().Get(w.ID(1))
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

// Effect: joining channels found on chain, with the role the core decides.
func TestRefreshJoinsChannelsFoundOnChain(t *testing.T) {
	alice, bob, _, c := setup(t, nil)
	for _, tc := range []struct {
		w    *wallet
		role channel.Role
	}{{alice, channel.Alice}, {bob, channel.Bob}} {
		if st := mustGet(t, tc.w); st.Role != tc.role || st.AliceDeposit.Cmp(coins(100)) != 0 {
			t.Errorf("role %v deposit %v; want %v and 100", st.Role, st.AliceDeposit, tc.role)
		}
	}
	// A channel between others is not stored.
	mallory := newWallet(t, "mallory", channel.NewMemStore(), newBus(), c, nil)
	if _, _, err := mallory.Join(context.Background(), 1); !errors.Is(err, channel.ErrNotParty) {
		t.Fatalf("Mallory joins channel 1: err = %v; want ErrNotParty", err)
	}
}

// TestRefreshAtReadsNoHead: RefreshAt takes the head its caller has just
// read (the wallet's refresh) and does not read it again; it does what
// Refresh does with it.
func TestRefreshAtReadsNoHead(t *testing.T) {
	b, c := newBus(), newFakeChain()
	alice := newWallet(t, "alice", channel.NewMemStore(), b, c, nil)
	bob := newWallet(t, "bob", channel.NewMemStore(), b, c, nil)
	c.open(1, alice.addr, bob.addr, 100, 0, 10)
	head, err := c.BlockNumber(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	before := c.headReads()
	v, err := alice.RefreshAt(context.Background(), head)
	if err != nil {
		t.Fatal(err)
	}
	if n := c.headReads() - before; n != 0 {
		t.Errorf("RefreshAt read the head %d times; want none", n)
	}
	if v.Head != head || v.Channels[1] == nil || len(v.States) != 1 || v.States[0].ID != alice.ID(1) {
		t.Errorf("RefreshAt = head %d, channels %v, %d states; want head %d and channel 1 joined", v.Head, v.Channels, len(v.States), head)
	}
}

// TestRefreshAtSameHeadReadsChainOnce: at the head of the last full
// refresh the next ones read nothing from the chain (the wallet refreshes
// every second, on a chain that changes only with a block) and still give
// the channels, the balance and the stored states as they are now; a new
// block, or fullRefreshEvery later, the chain is read again.
func TestRefreshAtSameHeadReadsChainOnce(t *testing.T) {
	alice, _, _, c := setup(t, nil)
	reads := func() int {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.reads
	}
	head, _ := c.BlockNumber(context.Background())
	if _, err := alice.RefreshAt(context.Background(), head); err != nil {
		t.Fatal(err)
	}
	r0 := reads()
	mustPay(t, alice, 7)
	v, err := alice.RefreshAt(context.Background(), head)
	if err != nil {
		t.Fatal(err)
	}
	if n := reads() - r0; n != 0 {
		t.Errorf("a refresh at the same head read the chain %d times; want none", n)
	}
	if v.Head != head || v.Channels[1] == nil || v.Balance == nil || len(v.States) != 1 || v.States[0].Sent.Cmp(coins(7)) != 0 {
		t.Fatalf("refresh at the same head = head %d, channels %v, balance %v, states %+v; want the channel and the stored state with 7 sent", v.Head, v.Channels, v.Balance, v.States)
	}
	c.mine(1)
	head++
	if _, err := alice.RefreshAt(context.Background(), head); err != nil {
		t.Fatal(err)
	}
	if n := reads() - r0; n != 1 {
		t.Errorf("a refresh at a new head read channel 1 %d times; want 1", n)
	}
	defer func(d time.Duration) { fullRefreshEvery = d }(fullRefreshEvery)
	fullRefreshEvery = 0
	if _, err := alice.RefreshAt(context.Background(), head); err != nil {
		t.Fatal(err)
	}
	if n := reads() - r0; n != 2 {
		t.Errorf("a refresh after fullRefreshEvery read channel 1 %d times in all; want 2", n)
	}
}

// TestRefreshRetriesFailedClaimAtSameHead: a refresh whose claim could not
// be sent (the node did not answer) is not reused: the next refresh, at
// the same head (no block came), reads the close again and claims.
func TestRefreshRetriesFailedClaimAtSameHead(t *testing.T) {
	alice, bob, b, c := setup(t, nil)
	mustPay(t, alice, 30)
	bob.deliver(t, b)
	if _, err := c.StartClose(context.Background(), nil, 1, nil); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	c.claimErr = errors.New("connection refused")
	c.mu.Unlock()
	head, _ := c.BlockNumber(context.Background())
	bob.RefreshAt(context.Background(), head)
	c.mu.Lock()
	c.claimErr = nil
	c.mu.Unlock()
	if _, err := bob.RefreshAt(context.Background(), head); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.claims) != 1 || c.claims[0].Paid.Cmp(coins(30)) != 0 {
		t.Fatalf("claims on chain %+v; want Bob's claim of 30 at the second refresh", c.claims)
	}
}

// Effect: send (a payment is persisted before it is sent).
func TestPaySendsAfterPersisting(t *testing.T) {
	b, c := newBus(), newFakeChain()
	store := channel.NewMemStore()
	alice := newWallet(t, "alice", store, b, c, nil)
	bob := newWallet(t, "bob", channel.NewMemStore(), b, c, nil)
	c.open(1, alice.addr, bob.addr, 100, 0, 10)
	alice.Refresh(context.Background())
	store.FailSave = errors.New("disk full")
	if _, err := alice.Pay(context.Background(), alice.ID(1), coins(5)); !channel.Retryable(err) {
		t.Fatalf("Pay with a failing store: err = %v; want a retryable store error", err)
	}
	if n := b.count(bob.addr); n != 0 {
		t.Fatalf("%d messages sent after a failed save; want 0", n)
	}
	store.FailSave = nil
	mustPay(t, alice, 5)
	if n := b.count(bob.addr); n != 1 {
		t.Fatalf("%d messages sent; want 1 payment", n)
	}
}

// Effect: acks are coalesced (one per channel, with the latest total).
func TestAcksCoalesced(t *testing.T) {
	alice, bob, b, _ := setup(t, nil)
	for i := 0; i < 5; i++ {
		mustPay(t, alice, 1)
	}
	bob.deliver(t, b)
	eventually(t, "Bob's ack", func() bool { return b.count(alice.addr) > 0 })
	if n := b.count(alice.addr); n != 1 {
		t.Fatalf("Bob sent %d acks for a batch of 5 payments; want 1", n)
	}
	alice.deliver(t, b)
	if got := mustGet(t, alice).PeerAcked; got.Cmp(coins(5)) != 0 {
		t.Fatalf("Alice's PeerAcked = %v; want 5", got)
	}
	if n := len(bob.notes.of(Received)); n != 5 {
		t.Fatalf("Bob got %d Received notes; want 5", n)
	}
}

// Effect: PayMany sends its payments in few relay messages ("payments"),
// and the payee verifies and applies each one: a payment whose signature
// was altered on the way is refused, the ones before it are kept.
func TestPayManyBatchesMessages(t *testing.T) {
	alice, bob, b, _ := setup(t, nil)
	ones := make([]*big.Int, 60)
	for i := range ones {
		ones[i] = coins(1)
	}
	if _, err := alice.PayMany(context.Background(), alice.ID(1), ones); err != nil {
		t.Fatalf("PayMany: %v", err)
	}
	if n := b.count(bob.addr); n < 2 || n > 4 {
		t.Fatalf("PayMany of 60 sent %d relay messages; want 2 to 4", n)
	}
	bob.deliver(t, b)
	if got := mustGet(t, bob).Received; got.Cmp(coins(60)) != 0 {
		t.Fatalf("Bob received %v; want 60", got)
	}
	if n := len(bob.notes.of(Received)); n != 60 {
		t.Fatalf("Bob got %d Received notes; want one per payment, 60", n)
	}

	// Mallory on the relay flips a bit in the 6th signature of the next
	// batch: payments 61-65 are applied, the 66th is refused, and the
	// later ones (valid, with higher totals) are applied again.
	if _, err := alice.PayMany(context.Background(), alice.ID(1), ones[:10]); err != nil {
		t.Fatalf("PayMany: %v", err)
	}
	ms := b.take(bob.addr)
	if len(ms) != 1 {
		t.Fatalf("PayMany of 10 sent %d relay messages; want 1", len(ms))
	}
	p := ms[0].Payload
	k := 0
	for i := 0; i < 6; i++ {
		k += strings.Index(string(p[k:]), `"sig":"0x`) + len(`"sig":"0x`)
	}
	if p[k+10] == 'a' {
		p[k+10] = 'b'
	} else {
		p[k+10] = 'a'
	}
	if err := bob.HandleBatch(context.Background(), ms); err != nil {
		t.Fatalf("HandleBatch: %v", err)
	}
	if n := len(bob.notes.of(Refused)); n != 1 {
		t.Fatalf("Bob refused %d payments of the altered batch; want 1", n)
	}
	if got := mustGet(t, bob).Received; got.Cmp(coins(70)) != 0 {
		t.Fatalf("Bob received %v; want 70", got)
	}
}

// Effect: acks wait for Config.Yield (the browser shows the payment
// first); the acks queued meanwhile go in the same batch.
func TestYieldBeforeAcks(t *testing.T) {
	release := make(chan struct{})
	var calls atomic.Int32
	alice, bob, b, _ := setup(t, func(cfg *Config) {
		if crypto.PubkeyToAddress(cfg.Key.PublicKey) == crypto.PubkeyToAddress(mustKey(t, "bob").PublicKey) {
			cfg.Yield = func(ctx context.Context) {
				calls.Add(1)
				select {
				case <-release:
				case <-ctx.Done():
				}
			}
		}
	})
	mustPay(t, alice, 1)
	bob.deliver(t, b)
	eventually(t, "Bob's ack loop waiting", func() bool { return calls.Load() > 0 })
	mustPay(t, alice, 2)
	bob.deliver(t, b)
	if n := b.count(alice.addr); n != 0 {
		t.Fatalf("Bob sent %d acks before Yield returned; want 0", n)
	}
	close(release)
	eventually(t, "Bob's ack", func() bool { return b.count(alice.addr) > 0 })
	alice.deliver(t, b)
	if got := mustGet(t, alice).PeerAcked; got.Cmp(coins(3)) != 0 {
		t.Fatalf("Alice's PeerAcked = %v; want 3 (both payments in one batch)", got)
	}
}

// Effect: the counter-claim. Alice pays Bob 30 then starts closing with
// nothing proven; Bob's Refresh claims his best total, without a click.
func TestRefreshCounterClaimsWhenPeerStartsClosing(t *testing.T) {
	alice, bob, b, c := setup(t, nil)
	mustPay(t, alice, 10)
	mustPay(t, alice, 20)
	bob.deliver(t, b)
	// Alice closes alone with a stale total (she claims nothing).
	if _, err := c.StartClose(context.Background(), nil, 1, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(c.claims) != 1 || c.claims[0].Paid.Cmp(coins(30)) != 0 || c.claims[0].Payer != alice.addr {
		t.Fatalf("claims on chain %+v; want Bob's claim of Alice's 30", c.claims)
	}
	// Once it landed the rules ask for nothing more.
	bob.Refresh(context.Background())
	if len(c.claims) != 1 {
		t.Fatalf("%d claims after a second refresh; want 1", len(c.claims))
	}
	st := mustGet(t, bob)
	if st.Status != channel.Closing || st.AliceOnChain.Cmp(coins(30)) != 0 {
		t.Fatalf("Bob's state %v, Alice proven %v; want closing with 30", st.Status, st.AliceOnChain)
	}
}

// Effect: one claim per direction per refresh. Alice pays 10 then 20 and
// claims her stale 10 herself: the chain shows her claim and the close, two
// events each asking for Bob's claim of 30; he sends it once.
func TestRefreshClaimsOncePerDirection(t *testing.T) {
	alice, bob, b, c := setup(t, nil)
	mustPay(t, alice, 10)
	mustPay(t, alice, 20)
	bob.deliver(t, b)
	if _, err := c.Claim(context.Background(), nil, 1, alice.addr, coins(10), make([]byte, 65), nil); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	c.claims = nil // Alice's own stale claim
	c.mu.Unlock()
	if _, err := bob.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(c.claims) != 1 || c.claims[0].Paid.Cmp(coins(30)) != 0 || c.claims[0].Payer != alice.addr {
		t.Fatalf("Bob's claims %+v; want exactly one, of Alice's 30", c.claims)
	}
}

// Effect: withdrawal is left to the user unless AutoWithdraw.
func TestWithdrawOnlyWhenAutomatic(t *testing.T) {
	for _, auto := range []bool{false, true} {
		alice, bob, b, c := setup(t, func(cfg *Config) { cfg.AutoWithdraw = auto })
		mustPay(t, alice, 30)
		bob.deliver(t, b)
		if _, err := bob.StartClose(context.Background(), bob.ID(1)); err != nil {
			t.Fatal(err)
		}
		c.mine(20)
		bob.Refresh(context.Background())
		withdrew := false
		for _, call := range c.called() {
			withdrew = withdrew || call == "withdraw"
		}
		if withdrew != auto {
			t.Fatalf("AutoWithdraw %v: withdrew %v", auto, withdrew)
		}
	}
}

// Effect: submit a cooperative close once the peer countersigned, and fall
// back to closing alone when it reverts.
func TestCooperativeCloseAndFallback(t *testing.T) {
	for _, revert := range []bool{false, true} {
		alice, bob, b, c := setup(t, nil)
		c.revertCC = revert
		mustPay(t, alice, 30)
		bob.deliver(t, b)
		if _, err := alice.ProposeClose(context.Background(), alice.ID(1)); err != nil {
			t.Fatal(err)
		}
		bob.deliver(t, b) // countersigns in the background
		want := []string{"cooperativeClose"}
		if revert {
			want = []string{"cooperativeClose", "startClose"} // Alice received nothing: startClose
		}
		eventually(t, "the close "+strings.Join(want, ", "), func() bool {
			alice.deliver(t, b) // Bob's countersignature: Alice submits in the background
			return len(c.called()) >= len(want)
		})
		for i, w := range want {
			if got := c.called()[i]; got != w {
				t.Fatalf("revert %v: calls %v; want %v", revert, c.called(), want)
			}
		}
	}
}

// Effect: hand-off to the watchtower after a received payment is stored.
func TestHandOffAfterReceive(t *testing.T) {
	tw := &tower{}
	alice, bob, b, _ := setup(t, func(cfg *Config) { cfg.Watchtower = tw })
	mustPay(t, alice, 7)
	bob.deliver(t, b)
	eventually(t, "the hand-off", func() bool { return len(tw.totals()) == 1 })
	if got := tw.totals()[0]; got.Cmp(coins(7)) != 0 {
		t.Fatalf("handed off %v; want 7", got)
	}
}

// Effect: payments received while a hand-off is being made wait, and only
// the best of them is handed off next (one hand-off in flight per channel).
func TestHandOffsCoalesce(t *testing.T) {
	tw := &tower{gate: make(chan struct{})}
	alice, bob, b, _ := setup(t, func(cfg *Config) { cfg.Watchtower = tw })
	t.Cleanup(func() { close(tw.gate) }) // before the engines close (cleanups run last first)
	mustPay(t, alice, 1)
	bob.deliver(t, b)
	eventually(t, "the first hand-off", func() bool { return len(tw.totals()) == 1 })
	for i := int64(2); i <= 5; i++ {
		mustPay(t, alice, i)
		bob.deliver(t, b) // one payment at a time, each with its own hand-off asked
	}
	if n := len(tw.totals()); n != 1 {
		t.Fatalf("%d hand-offs while the first was in flight; want 1", n)
	}
	tw.gate <- struct{}{} // the first ends; the best waiting one goes
	eventually(t, "the second hand-off", func() bool { return len(tw.totals()) >= 2 })
	tw.gate <- struct{}{}
	if got := mustGet(t, bob).Received; got.Cmp(coins(15)) != 0 {
		t.Fatalf("Bob received %v; want 15", got)
	}
	got := tw.totals()
	if len(got) != 2 || got[0].Cmp(coins(1)) != 0 || got[1].Cmp(coins(15)) != 0 {
		t.Fatalf("handed off %v; want [1 15]", got)
	}
	// The queue is empty: the next payment is handed off at once.
	mustPay(t, alice, 6)
	bob.deliver(t, b)
	eventually(t, "the next hand-off", func() bool { return len(tw.totals()) == 3 })
	tw.gate <- struct{}{}
	if n := len(tw.totals()); n != 3 {
		t.Fatalf("%d hand-offs; want 3", n)
	}
}

// Effect: resync after a reconnection sends the unacknowledged total.
func TestResyncSendsUnacknowledged(t *testing.T) {
	alice, bob, b, _ := setup(t, nil)
	b.fail = errors.New("relay down")
	var ue *UndeliveredError
	if _, err := alice.Pay(context.Background(), alice.ID(1), coins(9)); !errors.As(err, &ue) {
		t.Fatalf("Pay while the relay is down: err = %v; want UndeliveredError", err)
	}
	b.fail = nil
	alice.Resync(context.Background(), false)
	bob.deliver(t, b)
	if got := mustGet(t, bob).Received; got.Cmp(coins(9)) != 0 {
		t.Fatalf("Bob received %v after the resync; want 9", got)
	}
}

// Effect: joining a channel when a message about it arrives first.
func TestMessageForUnknownChannelJoins(t *testing.T) {
	b, c := newBus(), newFakeChain()
	alice := newWallet(t, "alice", channel.NewMemStore(), b, c, nil)
	bob := newWallet(t, "bob", channel.NewMemStore(), b, c, nil)
	c.open(1, alice.addr, bob.addr, 100, 0, 10)
	alice.Refresh(context.Background())
	mustPay(t, alice, 4)
	bob.deliver(t, b) // Bob never refreshed
	if got := mustGet(t, bob).Received; got.Cmp(coins(4)) != 0 {
		t.Fatalf("Bob received %v; want 4", got)
	}
}

// Effect: an overdraw reads only that channel again (the peer may have
// deposited since), then applies the payment.
func TestOverdrawRereadsTheChannel(t *testing.T) {
	alice, bob, b, c := setup(t, nil)
	c.mu.Lock()
	c.chans[1].AliceDeposit = big.NewInt(150)
	c.head++ // the deposit's block
	c.mu.Unlock()
	alice.Refresh(context.Background())
	mustPay(t, alice, 120)
	c.mu.Lock()
	before := c.reads
	c.mu.Unlock()
	bob.deliver(t, b)
	if got := mustGet(t, bob).Received; got.Cmp(coins(120)) != 0 {
		t.Fatalf("Bob received %v; want 120", got)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reads-before != 1 {
		t.Fatalf("%d channel reads for one overdraw; want 1", c.reads-before)
	}
}

// Refusal vs retry: a refused message is dropped (nil error) and
// reported; a failed save is returned so the relay client delivers again.
func TestRefusalAndRetry(t *testing.T) {
	alice, bob, b, _ := setup(t, nil)
	mallory := mustKey(t, "mallory")
	mustPay(t, alice, 6)
	ms := b.take(bob.addr)
	forged := []relayclient.Message{{From: crypto.PubkeyToAddress(mallory.PublicKey), Payload: ms[0].Payload}}
	if err := bob.HandleBatch(context.Background(), forged); err != nil {
		t.Fatalf("a message from Mallory: err = %v; want it refused and dropped", err)
	}
	if r := bob.notes.of(Refused); len(r) != 1 || !errors.Is(r[0].Err, channel.ErrNotPeer) {
		t.Fatalf("Refused notes %+v; want one ErrNotPeer", r)
	}
	bob.store.(*channel.MemStore).FailSave = errors.New("quota exceeded")
	err := bob.HandleBatch(context.Background(), ms)
	if err == nil || !channel.Retryable(err) {
		t.Fatalf("with a failing store: err = %v; want a retryable error", err)
	}
	bob.store.(*channel.MemStore).FailSave = nil
	if err := bob.HandleBatch(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, bob).Received; got.Cmp(coins(6)) != 0 {
		t.Fatalf("Bob received %v; want 6", got)
	}
}

// A wallet that never saw a channel finds it settled: parties and
// deposits are deleted on chain, so they come from the ChannelOpened and
// Deposited events, and the payout from the proven totals.
func TestFreshWalletFindsSettledChannel(t *testing.T) {
	alice, bob, b, c := setup(t, nil)
	mustPay(t, alice, 30)
	bob.deliver(t, b)
	if _, err := bob.StartClose(context.Background(), bob.ID(1)); err != nil {
		t.Fatal(err)
	}
	c.settle(1)
	for _, join := range []bool{false, true} {
		fresh := newWallet(t, "bob", channel.NewMemStore(), b, c, nil)
		if join {
			if _, _, err := fresh.Join(context.Background(), 1); err != nil {
				t.Fatalf("Join of a settled channel: %v", err)
			}
		} else if _, err := fresh.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		st := mustGet(t, fresh)
		got, withdrawn := st.MyPayout()
		if st.Status != channel.Closed || st.AliceDeposit.Cmp(coins(100)) != 0 || got.Cmp(coins(30)) != 0 || !withdrawn {
			t.Fatalf("join %v: status %v, Alice's deposit %v, payout %v withdrawn %v; want closed, 100, 30, true", join, st.Status, st.AliceDeposit, got, withdrawn)
		}
	}
}

// A channel that holds an ERC-20 token is not joined: the wallet shows and
// parses amounts in ether so far, and would misread the token's units.
// A token channel is joined with its asset: its amounts are in the token's
// units, and payments on it follow the same rules as on an ETH channel.
func TestTokenChannelJoined(t *testing.T) {
	b, c := newFakeChain(), newBus()
	alice := newWallet(t, "alice", channel.NewMemStore(), c, b, nil)
	bob := newWallet(t, "bob", channel.NewMemStore(), c, b, nil)
	b.open(1, alice.addr, bob.addr, 100, 0, 10)
	tusd := channel.Asset{Token: common.HexToAddress("0x00000000000000000000000000000000000000aa"), Symbol: "tUSD", Decimals: 6}
	b.mu.Lock()
	b.chans[1].Asset = tusd
	b.mu.Unlock()
	st, _, err := alice.Join(context.Background(), 1)
	if err != nil {
		t.Fatalf("join a tUSD channel: %v", err)
	}
	if st.Asset != tusd {
		t.Fatalf("joined channel's asset = %+v; want %+v", st.Asset, tusd)
	}
	if _, _, err := bob.Join(context.Background(), 1); err != nil {
		t.Fatalf("bob joins the tUSD channel: %v", err)
	}
	if _, err := alice.Pay(context.Background(), alice.ID(1), coins(7)); err != nil {
		t.Fatalf("pay on the tUSD channel: %v", err)
	}
	bob.deliver(t, c)
	if s, err := bob.Book().Get(bob.ID(1)); err != nil || s.Asset != tusd || s.Received.Cmp(coins(7)) != 0 {
		t.Fatalf("bob's tUSD channel after delivery: %+v, %v; want 7 received", s, err)
	}

	// A stored channel that disagrees with the chain on its asset is not
	// shown in the wrong unit: the chain's Opened event is refused.
	b.mu.Lock()
	b.chans[1].Asset = channel.Asset{}
	b.mu.Unlock()
	alice.Refresh(context.Background())
	if s, _ := alice.Book().Get(alice.ID(1)); s.Asset != tusd {
		t.Fatalf("after the chain reads ETH, the stored asset became %+v", s.Asset)
	}
}

// blockingRelay blocks every Send until its context ends.
type blockingRelay struct {
	entered chan struct{}
	ended   *atomic.Bool
}

func (r blockingRelay) Send(ctx context.Context, _ common.Address, _ []byte) (uint64, error) {
	select {
	case r.entered <- struct{}{}:
	default:
	}
	<-ctx.Done()
	r.ended.Store(true)
	return 0, ctx.Err()
}

// Lifetime: a resync started on a reconnection is the engine's background
// work: Close cancels it and waits for it.
func TestCloseStopsBackgroundResync(t *testing.T) {
	alice, _, b, _ := setup(t, nil)
	b.fail = errors.New("relay down")
	var ue *UndeliveredError
	if _, err := alice.Pay(context.Background(), alice.ID(1), coins(9)); !errors.As(err, &ue) {
		t.Fatalf("Pay while the relay is down: err = %v; want UndeliveredError", err)
	}
	r := blockingRelay{entered: make(chan struct{}, 1), ended: new(atomic.Bool)}
	alice.SetRelay(r)
	alice.ResyncInBackground(false)
	select {
	case <-r.entered:
	case <-time.After(time.Minute):
		t.Fatal("the resync sent nothing")
	}
	alice.Close()
	if !r.ended.Load() {
		t.Fatal("Close returned while the resync was still sending")
	}
}

// Effect: a stranger's messages about a channel that is not mine (here
// Mallory's channel with Alice, open then settled) make my wallet read it
// from the chain once per UnknownReadEvery, not once per message; the
// messages are refused as not mine.
func TestUnknownChannelReadOncePerInterval(t *testing.T) {
	alice, bob, b, c := setup(t, nil)
	mallory := newWallet(t, "mallory", channel.NewMemStore(), b, c, nil)
	c.open(2, mallory.addr, alice.addr, 100, 0, 10)
	if _, err := mallory.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	var msgs []relayclient.Message
	for range 5 {
		if _, err := mallory.Pay(context.Background(), mallory.ID(2), coins(1)); err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, b.take(alice.addr)...)
	}
	if len(msgs) != 5 {
		t.Fatalf("%d messages from Mallory; want 5", len(msgs))
	}
	reads := func() (int, int) {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.reads, len(c.calls)
	}
	r0, _ := reads()
	for _, m := range msgs[:3] { // each as its own delivery to Bob
		if err := bob.HandleBatch(context.Background(), []relayclient.Message{m}); err != nil {
			t.Fatal(err)
		}
	}
	if r, _ := reads(); r-r0 != 1 {
		t.Errorf("%d chain reads for 3 messages about a channel not mine; want 1", r-r0)
	}
	if _, err := bob.Book().Get(bob.ID(2)); !errors.Is(err, channel.ErrNotFound) {
		t.Errorf("Bob holds channel 2 after a stranger's messages: %v", err)
	}
	// Settled, the channel's parties are read from its logs: the same.
	c.open(3, mallory.addr, alice.addr, 100, 0, 10)
	if _, err := mallory.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	msgs = msgs[:0]
	for range 2 {
		if _, err := mallory.Pay(context.Background(), mallory.ID(3), coins(1)); err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, b.take(alice.addr)...)
	}
	c.settle(3)
	r1, _ := reads()
	for _, m := range msgs {
		if err := bob.HandleBatch(context.Background(), []relayclient.Message{m}); err != nil {
			t.Fatal(err)
		}
	}
	if r, _ := reads(); r-r1 != 1 {
		t.Errorf("%d chain reads for 2 messages about a settled channel not mine; want 1", r-r1)
	}
}
