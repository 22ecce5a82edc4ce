package contracts_test

import (
	"flag"
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"paychan/contracts/bindings"
	"paychan/contracts/simtest"
)

var (
	sequences = flag.Int("sequences", 1000, "random channel sequences in TestPropertyRandomSequences")
	propSeed  = flag.Uint64("seed", 0, "PRNG seed of TestPropertyRandomSequences (0: random)")
)

// payment is a signed cumulative total.
type payment struct {
	total int64
	sig   []byte
}

// seqModel is what the off-chain parties know about one channel, plus the
// expected on-chain state. Index 0 is Alice, 1 is Bob.
type seqModel struct {
	id      *big.Int
	tok     *testToken // nil: an ETH channel
	dep     [2]int64
	sent    [2]int64     // cumulative total party i has paid the other
	signed  [2][]payment // payments party i signed, in order (held by the other party)
	honest  [2]bool
	best    [2]int64 // on chain: max total submitted for payer i
	closing bool
	settled bool
	paidOut [2]int64
	nPaid   [2]int // times party i was paid out
	// A Close both signed during the Open phase (stale once later payments are made), or nil.
	snap     *[2]int64
	snapSigs [2][]byte
}

func (m *seqModel) balance(i int) int64 { return m.dep[i] + m.sent[1-i] - m.sent[i] }

// settlement is what the contract must pay each party under the stored totals:
// alice = clamp(aliceDeposit + bobPaid - alicePaid, 0, total), bob = total - alice.
func (m *seqModel) settlement() [2]int64 {
	total := m.dep[0] + m.dep[1]
	a := min(max(m.dep[0]+m.best[1]-m.best[0], 0), total)
	return [2]int64{a, total - a}
}

// propRun drives random sequences against one contract.
type propRun struct {
	t     *testing.T
	c     *simtest.Chain
	rng   *rand.Rand
	seed  uint64
	seq   int
	party [2]*simtest.Actor
	held  int64 // the ether the contract must hold: ETH deposits not yet paid out, over all channels
	// The tokens channels are opened with, and what the contract must hold of each (token deposits not yet
	// paid out, over all channels of that token).
	tokens  []*testToken
	heldTok map[common.Address]int64
	count   map[string]int // sequences per asset
	steps   []string
}

// asset names a channel's asset in the steps.
func (m *seqModel) asset() string {
	if m.tok == nil {
		return "ETH"
	}
	return m.tok.kind
}

// balanceOf reads addr's balance in m's asset.
func (r *propRun) balanceOf(m *seqModel, addr common.Address) *big.Int {
	r.t.Helper()
	if m.tok == nil {
		return r.c.Balance(addr)
	}
	return m.tok.balance(r.t, addr)
}

// addHeld adds n to what the contract must hold of m's asset.
func (r *propRun) addHeld(m *seqModel, n int64) {
	if m.tok == nil {
		r.held += n
	} else {
		r.heldTok[m.tok.addr] += n
	}
}

// depositCall packs a deposit of amt into m's channel and returns the ether value it carries.
func (r *propRun) depositCall(m *seqModel, amt int64) (int64, []byte) {
	if m.tok == nil {
		return amt, r.c.ABI.PackDeposit(m.id)
	}
	return 0, r.c.ABI.PackDepositToken(m.id, big.NewInt(amt))
}

func (r *propRun) fatalf(format string, args ...any) {
	r.t.Helper()
	r.t.Fatalf("seed %d (rerun with -seed=%d), sequence %d, steps %v: %s", r.seed, r.seed, r.seq, r.steps, fmt.Sprintf(format, args...))
}

func (r *propRun) step(format string, args ...any) {
	r.steps = append(r.steps, fmt.Sprintf(format, args...))
}

func (r *propRun) send(a *simtest.Actor, value int64, data []byte) *types.Receipt {
	r.t.Helper()
	var v *big.Int
	if value > 0 {
		v = big.NewInt(value)
	}
	// A fixed gas limit skips gas estimation (the bulk of the time); a failure is diagnosed by a call.
	opts := r.c.Opts(a)
	opts.Value, opts.GasLimit = v, 1_000_000
	if _, err := r.c.CallAs(a, v, data); err != nil {
		r.fatalf("%s: %s", a.Name, r.c.Describe(err))
	}
	tx, err := bind.Transact(r.c.Channel, opts, data)
	if err != nil {
		r.fatalf("%s: %v", a.Name, err)
	}
	r.c.Commit()
	rc, err := r.c.Receipt(tx.Hash())
	if err != nil || rc.Status != types.ReceiptStatusSuccessful {
		r.fatalf("%s: transaction failed: %v", a.Name, err)
	}
	return rc
}

func (r *propRun) expectRevert(a *simtest.Actor, value int64, data []byte, want common.Hash) {
	r.t.Helper()
	_, err := r.c.CallAs(a, big.NewInt(value), data)
	got, ok := simtest.RevertData(err)
	if !ok || len(got) < 4 || [4]byte(got[:4]) != simtest.ErrorSelector(want) {
		r.fatalf("%s: got %v; want revert %x", a.Name, err, want[:4])
	}
}

func (r *propRun) sign(i int, m *seqModel, total int64) []byte {
	r.t.Helper()
	d := simtest.MustCall(r.t, r.c, r.c.ABI.PackPaymentDigest(m.id, big.NewInt(total)), r.c.ABI.UnpackPaymentDigest)
	sig, err := simtest.SignDigest(r.party[i].Key, d)
	if err != nil {
		r.fatalf("sign: %v", err)
	}
	return sig
}

// check asserts the invariants that hold after every step.
func (r *propRun) check(m *seqModel) {
	r.t.Helper()
	if got := r.c.Balance(r.c.ChannelAddr); got.Cmp(big.NewInt(r.held)) != 0 {
		r.fatalf("contract holds %s wei; deposited and not withdrawn: %d", got, r.held)
	}
	for _, tk := range r.tokens {
		if got := tk.balance(r.t, r.c.ChannelAddr); got.Cmp(big.NewInt(r.heldTok[tk.addr])) != 0 {
			r.fatalf("contract holds %s %s; deposited and not withdrawn: %d", got, tk.kind, r.heldTok[tk.addr])
		}
	}
	if !m.settled {
		d := simtest.MustCall(r.t, r.c, r.c.ABI.PackDeposits(m.id), r.c.ABI.UnpackDeposits)
		if d.Alice.Int64() != m.dep[0] || d.Bob.Int64() != m.dep[1] {
			r.fatalf("deposits = (%s, %s); want (%d, %d)", d.Alice, d.Bob, m.dep[0], m.dep[1])
		}
		p := simtest.MustCall(r.t, r.c, r.c.ABI.PackPaid(m.id), r.c.ABI.UnpackPaid)
		if p.AlicePaid.Int64() != m.best[0] || p.BobPaid.Int64() != m.best[1] {
			r.fatalf("paid = (%s, %s); want (%d, %d)", p.AlicePaid, p.BobPaid, m.best[0], m.best[1])
		}
	}
	for i := range 2 {
		if m.nPaid[i] > 1 {
			r.fatalf("%s was paid %d times", r.party[i].Name, m.nPaid[i])
		}
	}
	if m.paidOut[0]+m.paidOut[1] > m.dep[0]+m.dep[1] {
		r.fatalf("paid out %d + %d beyond the deposits %d + %d", m.paidOut[0], m.paidOut[1], m.dep[0], m.dep[1])
	}
}

// payout records what party i received in rc (balance change plus the gas it paid if it sent rc).
func (r *propRun) payout(m *seqModel, i int, before *big.Int, rc *types.Receipt, sender *simtest.Actor) int64 {
	var got *big.Int
	switch {
	case m.tok != nil:
		got = new(big.Int).Sub(m.tok.balance(r.t, r.party[i].Addr), before)
	case sender == r.party[i]:
		got = netChange(r.c, r.party[i], before, rc)
	default:
		got = new(big.Int).Sub(r.c.Balance(r.party[i].Addr), before)
	}
	if got.Sign() > 0 || rc != nil {
		m.nPaid[i]++
	}
	m.paidOut[i] += got.Int64()
	r.addHeld(m, -got.Int64())
	return got.Int64()
}

// runSequence opens one channel and plays a random sequence on it to settlement.
func (r *propRun) runSequence() {
	r.t.Helper()
	c, rng := r.c, r.rng
	r.steps = r.steps[:0]
	m := &seqModel{honest: [2]bool{rng.IntN(3) > 0, rng.IntN(3) > 0}}
	// One channel in three holds ether; the others one of the tokens.
	if k := rng.IntN(len(r.tokens) + 1); k < len(r.tokens) {
		m.tok = r.tokens[k]
	}
	fin := uint64(3 + rng.IntN(2)) // room for both honest claims; short, as mining blocks dominates the runtime
	first := int64(rng.IntN(3)) * int64(1+rng.IntN(100))
	var rc *types.Receipt
	if m.tok == nil {
		rc = r.send(r.party[0], first, c.ABI.PackOpen(r.party[1].Addr, common.Address{}, common.Address{}, fin))
	} else {
		rc = r.send(r.party[0], 0, c.ABI.PackOpenToken(m.tok.addr, r.party[1].Addr, common.Address{}, common.Address{}, fin, big.NewInt(first)))
	}
	for _, l := range rc.Logs {
		if ev, err := c.ABI.UnpackChannelOpenedEvent(l); err == nil {
			m.id = ev.Id
		}
	}
	if m.id == nil {
		r.fatalf("open: no ChannelOpened")
	}
	m.dep[0] = first
	r.addHeld(m, first)
	r.count[m.asset()]++
	r.step("open(%s, %d, fin %d, honest %v)", m.asset(), first, fin, m.honest)
	r.check(m)

	// Open phase: deposits, payments, Mallory's attempts, withdraw attempts.
	for n := rng.IntN(8); n > 0; n-- {
		i := rng.IntN(2)
		switch k := rng.IntN(10); {
		case k < 3:
			amt := int64(1 + rng.IntN(100))
			value, data := r.depositCall(m, amt)
			r.send(r.party[i], value, data)
			m.dep[i] += amt
			r.addHeld(m, amt)
			r.step("deposit(%d, %d)", i, amt)
		case k < 8:
			if m.balance(i) <= 0 {
				continue
			}
			amt := 1 + rng.Int64N(m.balance(i))
			m.sent[i] += amt
			m.signed[i] = append(m.signed[i], payment{m.sent[i], r.sign(i, m, m.sent[i])})
			r.step("pay(%d, %d)", i, amt)
		case k == 8:
			if m.tok == nil {
				r.expectRevert(c.Mallory, 1, c.ABI.PackDeposit(m.id), bindings.DuplexChannelNotPartyErrorID())
				r.expectRevert(r.party[i], 0, c.ABI.PackDepositToken(m.id, big.NewInt(1)), bindings.DuplexChannelNotTokenChannelErrorID())
			} else {
				r.expectRevert(c.Mallory, 0, c.ABI.PackDepositToken(m.id, big.NewInt(1)), bindings.DuplexChannelNotPartyErrorID())
				r.expectRevert(r.party[i], 1, c.ABI.PackDeposit(m.id), bindings.DuplexChannelNotEthChannelErrorID())
			}
			if ps := m.signed[i]; len(ps) > 0 {
				r.expectRevert(c.Mallory, 0, c.ABI.PackClaim(m.id, r.party[i].Addr, big.NewInt(ps[0].total), ps[0].sig), bindings.DuplexChannelNotPartyErrorID())
			}
		default:
			r.expectRevert(r.party[i], 0, c.ABI.PackWithdraw(m.id), bindings.DuplexChannelChannelNotClosedErrorID())
		}
		if m.snap == nil && rng.IntN(6) == 0 {
			r.signSnapshot(m)
		}
		r.check(m)
	}

	// Settle: cooperatively (both agree on the current totals) or by a close.
	if rng.IntN(4) == 0 {
		r.cooperative(m, c.Mallory)
		return
	}
	closer := rng.IntN(2)
	r.startClose(m, closer)
	r.check(m)
	closesAt := simtest.MustCall(r.t, c, c.ABI.PackClosesAt(m.id), c.ABI.UnpackClosesAt)

	// Closing: each honest party submits its best received payment; cheaters re-submit stale ones.
	for i := range 2 {
		payer := 1 - i
		if m.honest[i] && len(m.signed[payer]) > 0 && m.best[payer] < m.sent[payer] {
			r.claim(m, r.party[i], payer, m.signed[payer][len(m.signed[payer])-1])
			r.check(m)
		}
	}
	if m.snap != nil && rng.IntN(3) == 0 {
		// Someone submits the Close signed earlier: it must not undo the claims above.
		r.staleClose(m, []*simtest.Actor{r.party[0], r.party[1], c.Mallory}[rng.IntN(3)])
		return
	}
	if rng.IntN(5) == 0 {
		r.cooperative(m, r.party[rng.IntN(2)])
		return
	}
	for n := rng.IntN(3); n > 0; n-- {
		payer := rng.IntN(2)
		if len(m.signed[payer]) == 0 {
			continue
		}
		p := m.signed[payer][rng.IntN(len(m.signed[payer]))]
		who := []*simtest.Actor{r.party[0], r.party[1], c.Mallory}[rng.IntN(3)]
		data := c.ABI.PackClaim(m.id, r.party[payer].Addr, big.NewInt(p.total), p.sig)
		if c.BlockNumber()+1 >= closesAt {
			r.expectRevert(who, 0, data, bindings.DuplexChannelChannelNotActiveErrorID())
			continue
		}
		r.claim(m, who, payer, p)
		r.check(m)
	}
	// Gas estimation runs against the latest block, so mine up to closesAt itself.
	for c.BlockNumber() < closesAt {
		c.Commit()
	}
	if ps := m.signed[0]; len(ps) > 0 {
		p := ps[len(ps)-1]
		r.expectRevert(r.party[1], 0, c.ABI.PackClaim(m.id, r.party[0].Addr, big.NewInt(p.total), p.sig), bindings.DuplexChannelChannelNotActiveErrorID())
	}

	// Closed: both withdraw in a random order; a second withdrawal fails.
	order := []int{0, 1}
	if rng.IntN(2) == 0 {
		order = []int{1, 0}
	}
	for _, i := range order {
		before := r.balanceOf(m, r.party[i].Addr)
		rc := r.send(r.party[i], 0, c.ABI.PackWithdraw(m.id))
		got := r.payout(m, i, before, rc, r.party[i])
		r.step("withdraw(%d) = %d", i, got)
		m.settled = m.nPaid[0] > 0 && m.nPaid[1] > 0 // settled channels drop parties and deposits
		r.check(m)
		want := bindings.DuplexChannelAlreadyWithdrawnErrorID()
		if m.nPaid[1-i] > 0 {
			want = bindings.DuplexChannelChannelSettledErrorID()
		}
		r.expectRevert(r.party[i], 0, c.ABI.PackWithdraw(m.id), want)
	}
	r.settled(m)
}

func (r *propRun) startClose(m *seqModel, i int) {
	payer := 1 - i
	ps := m.signed[payer]
	switch {
	case len(ps) == 0:
		r.send(r.party[i], 0, r.c.ABI.PackStartClose(m.id))
		r.step("startClose(%d)", i)
	case m.honest[i]:
		r.claim(m, r.party[i], payer, ps[len(ps)-1])
	default: // a cheater closes with a stale total (the oldest it holds)
		r.claim(m, r.party[i], payer, ps[0])
	}
	m.closing = true
}

func (r *propRun) claim(m *seqModel, who *simtest.Actor, payer int, p payment) {
	r.t.Helper()
	r.send(who, 0, r.c.ABI.PackClaim(m.id, r.party[payer].Addr, big.NewInt(p.total), p.sig))
	m.best[payer] = max(m.best[payer], p.total)
	r.step("claim(%s, payer %d, %d)", who.Name, payer, p.total)
}

// cooperative closes with the current totals (both sign them), submitted by who.
func (r *propRun) cooperative(m *seqModel, who *simtest.Actor) {
	r.t.Helper()
	c := r.c
	a, b := big.NewInt(m.sent[0]), big.NewInt(m.sent[1])
	var sigs [2][]byte
	for i := range 2 {
		d := simtest.MustCall(r.t, c, c.ABI.PackCloseDigest(m.id, a, b), c.ABI.UnpackCloseDigest)
		sig, err := simtest.SignDigest(r.party[i].Key, d)
		if err != nil {
			r.fatalf("sign close: %v", err)
		}
		sigs[i] = sig
	}
	// A cheater cannot close alone with its own signature in both places.
	r.expectRevert(who, 0, c.ABI.PackCooperativeClose(m.id, a, b, sigs[0], sigs[0]), bindings.DuplexChannelWrongSignerErrorID())
	before := [2]*big.Int{r.balanceOf(m, r.party[0].Addr), r.balanceOf(m, r.party[1].Addr)}
	rc := r.send(who, 0, c.ABI.PackCooperativeClose(m.id, a, b, sigs[0], sigs[1]))
	for i := range 2 {
		r.payout(m, i, before[i], rc, who)
	}
	m.best = m.sent
	m.settled = true
	r.step("cooperativeClose(%s, %d, %d)", who.Name, m.sent[0], m.sent[1])
	r.check(m)
	r.expectRevert(r.party[0], 0, c.ABI.PackWithdraw(m.id), bindings.DuplexChannelChannelSettledErrorID())
	r.settled(m)
}

// signSnapshot has both parties sign Close with the current totals (kept by the model, and stale as soon
// as another payment is made).
func (r *propRun) signSnapshot(m *seqModel) {
	r.t.Helper()
	c := r.c
	snap := m.sent
	d := simtest.MustCall(r.t, c, c.ABI.PackCloseDigest(m.id, big.NewInt(snap[0]), big.NewInt(snap[1])), c.ABI.UnpackCloseDigest)
	for i := range 2 {
		sig, err := simtest.SignDigest(r.party[i].Key, d)
		if err != nil {
			r.fatalf("sign close: %v", err)
		}
		m.snapSigs[i] = sig
	}
	m.snap = &snap
	r.step("signClose(%d, %d)", snap[0], snap[1])
}

// staleClose submits the snapshot Close while Closing: each direction keeps max(stored, signed).
func (r *propRun) staleClose(m *seqModel, who *simtest.Actor) {
	r.t.Helper()
	c := r.c
	before := [2]*big.Int{r.balanceOf(m, r.party[0].Addr), r.balanceOf(m, r.party[1].Addr)}
	rc := r.send(who, 0, c.ABI.PackCooperativeClose(m.id, big.NewInt(m.snap[0]), big.NewInt(m.snap[1]), m.snapSigs[0], m.snapSigs[1]))
	for i := range 2 {
		r.payout(m, i, before[i], rc, who)
		m.best[i] = max(m.best[i], m.snap[i])
	}
	m.settled = true
	r.step("staleClose(%s, %d, %d)", who.Name, m.snap[0], m.snap[1])
	r.check(m)
	p := simtest.MustCall(r.t, c, c.ABI.PackPaid(m.id), c.ABI.UnpackPaid)
	if p.AlicePaid.Int64() != m.best[0] || p.BobPaid.Int64() != m.best[1] {
		r.fatalf("paid after a stale Close = (%s, %s); want (%d, %d)", p.AlicePaid, p.BobPaid, m.best[0], m.best[1])
	}
	r.settled(m)
}

// settled asserts the settlement invariants of a channel both parties have been paid from.
func (r *propRun) settled(m *seqModel) {
	r.t.Helper()
	if want := m.settlement(); m.paidOut != want {
		r.fatalf("paid out %v; the stored totals %v on deposits %v settle to %v", m.paidOut, m.best, m.dep, want)
	}
	if m.paidOut[0]+m.paidOut[1] != m.dep[0]+m.dep[1] {
		r.fatalf("paid out %d + %d; want all deposits %d + %d", m.paidOut[0], m.paidOut[1], m.dep[0], m.dep[1])
	}
	for i := range 2 {
		if m.honest[i] && m.paidOut[i] < m.balance(i) {
			r.fatalf("honest %s got %d; its off-chain balance is %d", r.party[i].Name, m.paidOut[i], m.balance(i))
		}
	}
	w := simtest.MustCall(r.t, r.c, r.c.ABI.PackWithdrawn(m.id), r.c.ABI.UnpackWithdrawn)
	if !w.Alice || !w.Bob {
		r.fatalf("withdrawn = %+v after settlement", w)
	}
}

// TestPropertyRandomSequences plays random sequences, on ETH channels and
// channels of two tokens (a standard ERC-20 and a USDT-like one) mixed in one
// contract, of opens, deposits,
// payments, honest and stale claims, cooperative closes (current and stale:
// a Close signed before later payments, submitted after the claims) and withdrawals by
// honest and cheating parties (and Mallory), many channels in one contract,
// asserting after every step: the contract holds exactly what was deposited
// and not withdrawn, in ether and in each token; nobody is paid twice; nothing is paid beyond a channel's
// deposits; after settlement each party got exactly the settlement of the
// stored totals (max of every claim and Close per direction); and an honest
// party that submitted its best received payment gets at least its off-chain balance.
func TestPropertyRandomSequences(t *testing.T) {
	seed := *propSeed
	if seed == 0 {
		seed = rand.Uint64()
	}
	c := simtest.New(t)
	r := &propRun{t: t, c: c, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), seed: seed, party: [2]*simtest.Actor{c.Alice, c.Bob},
		heldTok: map[common.Address]int64{}, count: map[string]int{}}
	for _, kind := range []string{tokStandard, tokNoReturn} {
		tk := deployToken(t, c, kind)
		tk.fund(t, new(big.Int).Lsh(big.NewInt(1), 80), c.Alice, c.Bob)
		r.tokens = append(r.tokens, tk)
	}
	for r.seq = 0; r.seq < *sequences; r.seq++ {
		r.runSequence()
	}
	t.Logf("seed %d: %d sequences (per asset %v), %d blocks", seed, *sequences, r.count, c.BlockNumber())
}
