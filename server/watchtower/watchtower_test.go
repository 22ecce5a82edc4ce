package watchtower_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
	"paychan/app/hostapi"
	wt "paychan/app/watchtower"
	"paychan/app/wire"
	"paychan/server/devchain/devchaintest"
	"paychan/server/host"
	"paychan/server/watchtower"
)

// finalization is the channels' period in blocks: the dev chain mines a
// block per transaction, so a few transactions fit in it.
const finalization = 12

// unit is the stories' unit of value (0.001 ETH): a claim must protect more
// than its gas costs (about 40,000 gas at the dev chain's base fee).
const unit = 1e15

// u returns n units in wei.
func u(n int64) int64 { return n * unit }

// exchange opens Alice's channel to Bob with 400 and signs the payments of
// the story: 200 (A->B), 100 (B->A), 300 more (A->B, total 500), in units.
func exchange(t *testing.T, c *chain, alice, bob actor) (id channel.ID, a200, b100, a500 channel.Payment) {
	t.Helper()
	id = c.mustOpen(t, alice, bob, u(400), finalization)
	return id, mustPay(t, alice, id, u(200)), mustPay(t, bob, id, u(100)), mustPay(t, alice, id, u(500))
}

// testLimits make claims due 300 ms after the close is seen.
var testLimits = watchtower.Limits{SettleDelay: 300 * time.Millisecond}

func wantAccepted(t *testing.T, r wt.Reply, id channel.ID, payer common.Address, paid int64) *wt.Accepted {
	t.Helper()
	a, ok := r.(*wt.Accepted)
	if !ok {
		t.Fatalf("reply = %#v; want accepted", r)
	}
	if a.ID != id || a.Payer != payer || a.Paid.Int64() != paid {
		t.Fatalf("accepted channel %v payer %s paid %v; want %v %s %d", a.ID, a.Payer.Hex(), a.Paid, id, payer.Hex(), paid)
	}
	return a
}

func wantRefused(t *testing.T, r wt.Reply, code string) *wt.Refused {
	t.Helper()
	f, ok := r.(*wt.Refused)
	if !ok {
		t.Fatalf("reply = %#v; want refused %s", r, code)
	}
	if f.Code != code || f.Message == "" {
		t.Fatalf("refused %q (%s); want %q with a message", f.Code, f.Message, code)
	}
	t.Logf("refused %s: %s", f.Code, f.Message)
	return f
}

// TestBobOnVacation is the seed's finalization story at the protocol level
// with the real host: Bob hands his best payment to the watchtower and goes
// away; Alice closes with stale totals; the watchtower claims Bob's 500
// before closesAt without Bob; after the period Bob gets 400, Alice 0.
func TestBobOnVacation(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir(), Watchtower: testLimits})
	c := newChain(m.Chain().Client(), m.Contract())
	alice, bob := testActor(t, "Alice"), testActor(t, "Bob")
	tower := m.Watchtower().Address()

	// /config.json advertises the watchtower; /watchtower shows it funded.
	var cfg hostapi.Config
	getJSON(t, m.URL()+hostapi.ConfigPath, &cfg)
	if cfg.Watchtower != tower.Hex() {
		t.Fatalf("/config.json watchtower = %q; want %s", cfg.Watchtower, tower.Hex())
	}
	var st wt.Status
	getJSON(t, m.URL()+wt.StatusPath, &st)
	if st.Account != tower.Hex() || st.Balance != host.WatchtowerFunding.String() || st.Watched != 0 {
		t.Fatalf("status = %+v; want account %s funded with %v, nothing watched", st, tower.Hex(), host.WatchtowerFunding)
	}

	id, a200, b100, a500 := exchange(t, c, alice, bob)

	// Bob hands over his best received payment, then goes on vacation.
	bw := mustWallet(t, m, bob)
	acc := wantAccepted(t, bw.handOff(t, tower, a500), id, alice.addr, u(500))
	if acc.Status != channel.Open || acc.ProtectedUntil != 0 {
		t.Errorf("accepted %+v; want open, protected while open", acc)
	}
	bw.c.Close()

	// Alice closes with her stale total and an older Bob signature.
	c.mustTransact(t, alice, nil, c.abi.PackClaim(big.NewInt(int64(id.Channel)), alice.addr, a200.Paid, a200.Sig[:]))
	c.mustTransact(t, alice, nil, c.abi.PackClaim(big.NewInt(int64(id.Channel)), bob.addr, b100.Paid, b100.Sig[:]))
	closesAt := mustCall(t, c, c.abi.PackClosesAt(big.NewInt(int64(id.Channel))), c.abi.UnpackClosesAt)

	// The watchtower claims Bob's 500 once the settle delay is over (the
	// background loop may be first).
	pollUntil(t, m, "the watchtower claims Bob's 500", alicePaid(t, c, id, u(500)))
	if ap, bp := c.paid(t, id); ap != u(500) || bp != u(100) {
		t.Fatalf("on chain paid = (Alice %d, Bob %d); want (500, 100) units", ap, bp)
	}
	if head := c.head(t); head >= closesAt {
		t.Fatalf("head %d >= closesAt %d: the claim came too late", head, closesAt)
	}
	getJSON(t, m.URL()+wt.StatusPath, &st)
	if st.Claims != 1 || st.GasUsed == 0 || st.GasSpent == "0" || st.Watched != 1 {
		t.Fatalf("status after the claim = %+v; want 1 claim with gas spent, 1 payment watched", st)
	}
	t.Logf("figures: watchtower claim gas %d, cost %s wei, claimed %d blocks before closesAt", st.GasUsed, st.GasSpent, closesAt-c.head(t))

	// Nothing more to claim: another poll sends nothing.
	mustPoll(t, m)
	getJSON(t, m.URL()+wt.StatusPath, &st)
	if st.Claims != 1 || st.Failures != 0 {
		t.Fatalf("status after a second poll = %+v; want still 1 claim, no failure", st)
	}

	// After the period: Alice 0, Bob 400.
	if _, err := m.Chain().Mine(finalization); err != nil {
		t.Fatal(err)
	}
	bal := mustCall(t, c, c.abi.PackBalances(big.NewInt(int64(id.Channel))), c.abi.UnpackBalances)
	if got, want := []int64{bal.Alice.Int64(), bal.Bob.Int64()}, []int64{0, u(400)}; !cmp.Equal(want, got) {
		t.Fatalf("balances (-want +got):\n%s", cmp.Diff(want, got))
	}
	for _, w := range []struct {
		who  actor
		want int64
	}{{bob, u(400)}, {alice, 0}} {
		rc := c.mustTransact(t, w.who, nil, c.abi.PackWithdraw(big.NewInt(int64(id.Channel))))
		ev, err := c.abi.UnpackWithdrawnEvent(rc.Logs[0])
		if err != nil || ev.Amount.Int64() != w.want {
			t.Fatalf("%s withdraws %v (%v); want %d", w.who.name, ev, err, w.want)
		}
	}

	// The channel is settled: the watchtower forgets it.
	mustPoll(t, m)
	getJSON(t, m.URL()+wt.StatusPath, &st)
	if st.Watched != 0 || st.Claims != 1 {
		t.Fatalf("status after settlement = %+v; want nothing watched, 1 claim", st)
	}
}

// TestRefusals sends every kind of bad hand-off: each is refused with its
// code and nothing is stored. A hand-off that is not an authentic one from
// the beneficiary of a channel on chain (bad_message, bad_signature,
// unknown_channel, wrong_domain, not_beneficiary) gets no reply through the
// relay; the others (total_lower, total_equal, channel_closed) do.
func TestRefusals(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir()})
	c := newChain(m.Chain().Client(), m.Contract())
	alice, bob, mallory := testActor(t, "Alice"), testActor(t, "Bob"), testActor(t, "Mallory")
	tower := m.Watchtower().Address()
	id, _, _, a500 := exchange(t, c, alice, bob)
	other := c.mustOpen(t, alice, bob, u(100), finalization)
	bw, aw, mw := mustWallet(t, m, bob), mustWallet(t, m, alice), mustWallet(t, m, mallory)

	silent := func(w *wallet, payload []byte, code string) {
		t.Helper()
		r, err := m.Watchtower().Handle(context.Background(), w.addr, "direct", payload)
		if err != nil {
			t.Fatal(err)
		}
		wantRefused(t, r, code)
		w.send(t, tower, payload) // and through the relay: no reply (checked below)
	}
	enc := func(p channel.Payment) []byte {
		b, err := wire.Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	// Malformed payloads.
	silent(bw, []byte("hello"), wt.CodeBadMessage)
	ack := `{"v":1,"type":"ack","body":{"chainId":1337,"contract":"` + m.Contract().Hex() + `","channel":1,"received":"5"}}`
	silent(bw, []byte(ack), wt.CodeBadMessage)

	// A signature by someone else, another channel's signature, another total's.
	forged := mustPay(t, mallory, id, u(500))
	silent(bw, enc(forged), wt.CodeBadSignature)
	otherSig := mustPay(t, alice, other, u(500))
	otherSig.ID = id
	silent(bw, enc(otherSig), wt.CodeBadSignature)
	inflated := a500
	inflated.Paid = big.NewInt(u(900))
	silent(bw, enc(inflated), wt.CodeBadSignature)

	// A channel that does not exist.
	missing := id
	missing.Channel = 999
	silent(bw, enc(mustPay(t, alice, missing, u(500))), wt.CodeUnknownChannel)

	// Another chain, another contract.
	chain1 := id
	chain1.ChainID = 1
	silent(bw, enc(mustPay(t, alice, chain1, u(500))), wt.CodeWrongDomain)
	contract2 := id
	contract2.Contract = common.HexToAddress("0x00000000000000000000000000000000000000c2")
	silent(bw, enc(mustPay(t, alice, contract2, u(500))), wt.CodeWrongDomain)

	// Senders who are not the beneficiary: Mallory, and Alice herself.
	silent(mw, enc(a500), wt.CodeNotBeneficiary)
	silent(aw, enc(a500), wt.CodeNotBeneficiary)

	if _, ok := m.Watchtower().Held(id.Channel, channel.Alice); ok {
		t.Fatal("a refused hand-off was stored")
	}

	// One sender's messages are handled in order: the first reply Bob and
	// Alice get answers their first authentic hand-off, so none of the
	// silent refusals above was answered.
	wantAccepted(t, bw.handOffRaw(t, tower, enc(a500), nil), id, alice.addr, u(500))
	wantAccepted(t, aw.handOffRaw(t, tower, enc(mustPay(t, bob, id, u(100))), nil), id, bob.addr, u(100))
	// Mallory's own authentic hand-off (Alice pays her in another channel)
	// is answered; her messages are handled in order too, so if her silent
	// refusal had been answered that reply would come first.
	mid := c.mustOpen(t, alice, mallory, u(100), finalization)
	wantAccepted(t, mw.handOffRaw(t, tower, enc(mustPay(t, alice, mid, u(10))), nil), mid, alice.addr, u(10))
	if n := len(mw.replies); n != 0 {
		t.Fatalf("Mallory got %d more replies; want none", n)
	}

	// Lower and equal totals after the best one.
	r := wantRefused(t, bw.handOff(t, tower, mustPay(t, alice, id, u(300))), wt.CodeTotalLower)
	if r.Held.Int64() != u(500) || r.Paid.Int64() != u(300) || *r.ID != id {
		t.Errorf("total_lower reply %+v; want paid 300, held 500, channel %v", r, id)
	}
	r = wantRefused(t, bw.handOff(t, tower, a500), wt.CodeTotalEqual)
	if r.Held.Int64() != u(500) {
		t.Errorf("total_equal reply held %v; want 500 units", r.Held)
	}
	if h, _ := m.Watchtower().Held(id.Channel, channel.Alice); h.Paid.Int64() != u(500) {
		t.Fatalf("held %v after refusals; want 500", h.Paid)
	}

	// A Closed channel (closed cooperatively).
	cd, _ := other.CloseDigest(big.NewInt(u(50)), big.NewInt(0))
	as, _ := channel.Sign(cd, alice.key)
	bs, _ := channel.Sign(cd, bob.key)
	c.mustTransact(t, alice, nil, c.abi.PackCooperativeClose(big.NewInt(int64(other.Channel)), big.NewInt(u(50)), big.NewInt(0), as[:], bs[:]))
	wantRefused(t, bw.handOff(t, tower, mustPay(t, alice, other, u(60))), wt.CodeChannelClosed)

	var st wt.Status
	getJSON(t, m.URL()+wt.StatusPath, &st)
	if st.Watched != 3 || st.Claims != 0 {
		t.Fatalf("status = %+v; want three payments held (Alice's and Bob's, and Mallory's own), no claim", st)
	}
}

// TestCatchUpAndRestart: the watchtower holds Bob's payment, the host stops,
// Alice starts the close on the (external) chain while it is down, and the
// restarted host still claims within the period. The held payment survives
// the restart.
func TestCatchUpAndRestart(t *testing.T) {
	node := devchaintest.Start(t)
	client, contract := node.Client, node.Contract
	c := newChain(client, contract)
	alice, bob := testActor(t, "Alice"), testActor(t, "Bob")
	dir := t.TempDir()
	cfg := host.Config{DataDir: dir, RPCURL: node.URL, Contract: contract.Hex(), Watchtower: testLimits}

	m := mustHost(t, cfg)
	tower := m.Watchtower().Address()
	id, a200, _, a500 := exchange(t, c, alice, bob)
	bw := mustWallet(t, m, bob)

	// External mode: the operator has not funded the watchtower yet.
	wantRefused(t, bw.handOff(t, tower, a500), wt.CodeUnfunded)
	if _, err := node.Chain.Fund(context.Background(), tower, big.NewInt(1e18)); err != nil {
		t.Fatal(err)
	}
	wantAccepted(t, bw.handOff(t, tower, a500), id, alice.addr, u(500))
	bw.c.Close()
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	// While the host is down, Alice closes with her stale total.
	c.mustTransact(t, alice, nil, c.abi.PackClaim(big.NewInt(int64(id.Channel)), alice.addr, a200.Paid, a200.Sig[:]))
	closesAt := mustCall(t, c, c.abi.PackClosesAt(big.NewInt(int64(id.Channel))), c.abi.UnpackClosesAt)
	if _, err := node.Chain.Mine(3); err != nil {
		t.Fatal(err)
	}

	// The host comes back within the period: same key, payment still held.
	m2 := mustHost(t, cfg)
	if got := m2.Watchtower().Address(); got != tower {
		t.Fatalf("watchtower address after restart = %s; want %s", got.Hex(), tower.Hex())
	}
	if h, ok := m2.Watchtower().Held(id.Channel, channel.Alice); !ok || h.Paid.Int64() != u(500) || h.Owner != bob.addr {
		t.Fatalf("held after restart = %+v, %v; want Alice's 500 for Bob", h, ok)
	}
	pollUntil(t, m2, "the restarted watchtower claims Bob's 500", alicePaid(t, c, id, u(500)))
	if ap, _ := c.paid(t, id); ap != u(500) {
		t.Fatalf("on chain Alice paid = %d after the restart; want 500", ap)
	}
	if head := c.head(t); head >= closesAt {
		t.Fatalf("head %d >= closesAt %d", head, closesAt)
	}

	// The restarted watchtower still refuses what it already holds.
	bw2 := mustWallet(t, m2, bob)
	wantRefused(t, bw2.handOff(t, tower, a200), wt.CodeTotalOnChain)

	// Stats survive a restart too.
	if err := m2.Close(); err != nil {
		t.Fatal(err)
	}
	m3 := mustHost(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := m3.Watchtower().Status(ctx)
	if err != nil || st.Claims != 1 || st.Watched != 1 {
		t.Fatalf("status after a second restart = %+v, %v; want 1 claim, 1 payment held", st, err)
	}
}
