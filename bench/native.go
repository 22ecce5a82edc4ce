package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/channel"
	"paychan/app/wallet"
	"paychan/app/wire"
	"paychan/cli/filestore"
	"paychan/cli/node"
	"paychan/internal/testkit/seed"
	"paychan/server/relay"
)

// Seed test keys (public, never for real money).
const (
	aliceWIF = seed.AliceWIF
	bobWIF   = seed.BobWIF
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// benchLimits lifts the relay's per-connection rate limits (50 sends/s by
// default, which would measure the limiter, not the system).
func benchLimits() relay.Limits {
	return relay.Limits{SendRate: 1e6, SendBurst: 1e6, FrameRate: 1e6, FrameBurst: 1e6, MaxConns: 4096, MaxUnacked: 1024,
		MaxPendingPerIP: 1 << 20, MaxConnsPerIP: 1 << 20, IPSendBytesRate: 1e12, IPSendBytesBurst: 1 << 40}
}

// relayServer is an in-process relay on a JetStream file store.
type relayServer struct {
	url   string
	store *relay.JetStreamStore
	srv   *relay.Server
	hs    *http.Server
}

func startRelay(ctx context.Context, dir string, limits relay.Limits) (*relayServer, error) {
	store, err := relay.OpenJetStream(ctx, relay.JetStreamOptions{Dir: dir, SenderQuota: 1 << 20})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		store.Close()
		return nil, err
	}
	srv := relay.NewServer(relay.Options{Store: store, Host: ln.Addr().String(), Limits: limits, Logger: quiet})
	hs := &http.Server{Handler: srv}
	go hs.Serve(ln)
	return &relayServer{url: "ws://" + ln.Addr().String() + "/relay", store: store, srv: srv, hs: hs}, nil
}

// waitIdle waits until the relay has finished with the previous run's
// connections: each closed connection removes its mailbox reader (its
// JetStream consumer) only after its queued acknowledgements were applied
// (one DeleteMsg each), which runs on after the clients left. Without this
// wait a run starts while the relay still drains the previous one's
// backlog, and the first payments of a paced run wait behind it (their
// latency, not the run's steady state, made the paced p99 of 0.3-3 s).
func (r *relayServer) waitIdle(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	for {
		st, err := r.store.JetStream().Stream(ctx, relay.DefaultStreamName)
		if err != nil {
			return fmt.Errorf("relay stream: %w", err)
		}
		info, err := st.Info(ctx)
		if err != nil {
			return fmt.Errorf("relay stream info: %w", err)
		}
		if info.State.Consumers == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the relay still has %d mailbox readers of the previous run: %w", info.State.Consumers, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (r *relayServer) Close() {
	r.srv.Close()
	r.hs.Close()
	r.store.Close()
}

func mustKey(wif string) *ecdsa.PrivateKey {
	k, err := wallet.ParseWIF(wif)
	if err != nil {
		panic(err)
	}
	return k.PrivateKey()
}

var benchDomain = channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x80be956cA18908253695612CfE6906a7866Dd662")}

// storeKind is how a client persists.
type storeKind struct {
	name string
	open func(path string) (channel.Store, func(), error)
}

var storeKinds = []storeKind{
	{"file, fsync (the CLI's store)", func(p string) (channel.Store, func(), error) {
		s, err := filestore.Open(p, filestore.Options{})
		if err != nil {
			return nil, nil, err
		}
		return s, func() { s.Close() }, nil
	}},
	{"file, no fsync (atomic rename only)", func(p string) (channel.Store, func(), error) {
		s, err := filestore.Open(p, filestore.Options{NoSync: true})
		if err != nil {
			return nil, nil, err
		}
		return s, func() { s.Close() }, nil
	}},
	{"memory (channel.MemStore)", func(string) (channel.Store, func(), error) {
		return channel.NewMemStore(), func() {}, nil
	}},
}

// party is one side of the benchmark channel.
type party struct {
	key  *ecdsa.PrivateKey
	node *node.Node
	done func()

	mu      sync.Mutex
	sentAt  []time.Time // sentAt[k-1]: when Pay of total k returned (persisted)
	recvAt  []time.Time // recvAt[k-1]: when total >= k from the peer was persisted
	recvTot int64
	full    chan struct{} // closed when recvTot reaches want
	want    int64
}

// nativeRun is one measurement: n payments of 1 wei per direction.
type nativeRun struct {
	store    string
	dir      string // "one way" or "both ways"
	n        int    // payments in total
	elapsed  time.Duration
	lat      []time.Duration
	perPay   time.Duration // mean Book.Pay time (sign + persist)
	batch    int
	async    bool // Book.PayManyAsync: the next batch signed while the last is saved
	pace     float64
	storeIdx int
}

func benchNative(ctx context.Context, s settings, r *report, dir string) error {
	rs, err := startRelay(ctx, filepath.Join(dir, "relay"), benchLimits())
	if err != nil {
		return err
	}
	defer rs.Close()

	// The crypto limit: one EIP-712 digest + sign + recover per payment.
	// Measured before and after the runs, and averaged: on a shared
	// machine whose load drifts during the runs, one measurement at the
	// start can be far from the conditions of the runs.
	oneBefore, allBefore := cryptoLimit(s.n)

	// The runs: each store one payment at a time (Book.Pay: one save per
	// payment), pipelined (Book.PayMany: one save per batch on the payer,
	// relayclient's batch handler and Book.ReceiveMany: one save per
	// delivered batch on the payee), and paced for latency.
	type cfg struct {
		store int // index in storeKinds
		n     int
		batch int
		both  bool
		pace  float64 // payments/s, 0 = as fast as possible
		async bool    // Book.PayManyAsync (group commit)
	}
	want := map[string]bool{}
	for i, name := range []string{"fsync", "nosync", "memory"} {
		want[fmt.Sprint(i)] = s.stores == "all" || s.stores == name
	}
	var cfgs []cfg
	for i := range storeKinds {
		if !want[fmt.Sprint(i)] {
			continue
		}
		one := s.n
		if i < 2 { // file stores: about 2 ms per save on this disk
			one = s.nSync
		}
		cfgs = append(cfgs, cfg{i, one, 1, false, 0, false}, cfg{i, s.n, s.batch, false, 0, false}, cfg{i, s.n, s.batch, true, 0, false})
		if i == 0 { // the CLI's store: the payer signs the next batch while the last is saved
			cfgs = append(cfgs, cfg{i, s.n, s.batch, false, 0, true}, cfg{i, s.n, s.batch, true, 0, true})
		}
	}
	if want["0"] {
		cfgs = append(cfgs, cfg{0, s.nSync / 2, 1, false, 100, false}, cfg{0, s.nSync * 2, 10, false, 1000, false})
	}
	var runs []nativeRun
	chanNum := uint64(0)
	for _, c := range cfgs {
		chanNum++
		if err := rs.waitIdle(ctx); err != nil {
			return err
		}
		sk := storeKinds[c.store]
		run, err := nativeOnce(ctx, rs.url, filepath.Join(dir, fmt.Sprint(chanNum)), sk, chanNum, c.n, c.batch, c.pace, c.both, c.async)
		if err != nil {
			return fmt.Errorf("%s: %w", sk.name, err)
		}
		run.storeIdx = c.store
		runs = append(runs, run)
	}

	oneAfter, allAfter := cryptoLimit(s.n)
	cryptoOne, cryptoAll := (oneBefore+oneAfter)/2, (allBefore+allAfter)/2

	r.section("1. Native payments (two headless clients, one channel, through a local relay)")
	r.line("Two `cli/node` clients (the headless client's engine: `channel.Book` + `relayclient` + `wire`) in one process,")
	r.line("connected to a relay on 127.0.0.1 (`server/relay` on an embedded JetStream file store, default sync), one channel, payments of 1 wei.")
	r.line("A payment is signed and persisted by the payer's Book, stored by the relay, delivered, verified (ecrecover) and persisted by the payee's Book before it is acknowledged.")
	r.line("Latency: from the payer's `Pay` returning (the new total persisted) to the payee having persisted a total that includes it.")
	r.line("Relay limits lifted for the measurement (default 50 sends/s per connection): %+v.\n", benchLimits())
	rows := [][]string{}
	for _, x := range runs {
		mode := "one at a time (`Book.Pay`)"
		if x.batch > 1 {
			mode = fmt.Sprintf("pipelined (`Book.PayMany`, %d per save)", x.batch)
		}
		if x.async {
			mode = fmt.Sprintf("pipelined, group commit (`Book.PayManyAsync`, batches of %d signed while the last is saved)", x.batch)
		}
		speed := fmt.Sprintf("%.0f", rate(x.n, x.elapsed))
		if x.pace > 0 {
			mode += fmt.Sprintf(", paced at %.0f/s", x.pace)
		}
		rows = append(rows, []string{x.store, mode, x.dir, fmt.Sprint(x.n), speed,
			ms(percentile(x.lat, 50)), ms(percentile(x.lat, 99)), fmt.Sprintf("%.2f", rate(x.n, x.elapsed)/cryptoOne)})
	}
	r.table([]string{"store", "mode", "direction", "payments", "payments/s", "p50", "p99", "ratio to crypto limit (1 core)"}, rows)
	r.line("Crypto limit measured in the same run (digest + `channel.Sign` + `Signature.Verify` per payment, %d rounds, the mean of one measurement before the runs and one after: %.0f and %.0f/s on one core): **%.0f payments/s on one core**, %.0f/s on %d cores in parallel.",
		max(s.n, 2000), oneBefore, oneAfter, cryptoOne, cryptoAll, runtime.NumCPU())
	r.line("Every payment is signed by the payer and verified by the payee, one by one, in every mode; pipelining only groups the writes (the payer saves the last state of a batch before sending any of its payments; the payee acknowledges a delivered batch after one save; with group commit the payer signs the next batches while the last one is being saved, and one save then covers all of them, each batch sent only after it) and the relay messages (a batch's payments travel as `payments` messages of up to %d bytes, about 25 payments each, each payment with its own signature).", wire.MaxBatchSize)
	best := 0.0
	for _, x := range runs {
		if x.storeIdx == 0 && x.dir == "one way" && x.pace == 0 && rate(x.n, x.elapsed) > best {
			best = rate(x.n, x.elapsed)
		}
	}
	r.line("")
	r.goals("Native payments", []string{"goal", "target", "reached (CLI fsync store, one way, best mode)", ""}, [][]string{
		{"payments/s", ">= 5,000", fmt.Sprintf("%.0f", best), goal(best >= 5000)},
		{"share of the crypto limit", ">= 0.5", fmt.Sprintf("%.2f", best/cryptoOne), goal(best/cryptoOne >= 0.5)},
	})
	return nil
}

// cryptoLimit measures sign+recover per payment on one goroutine and on
// all cores.
func cryptoLimit(n int) (one, all float64) {
	if n < 2000 {
		n = 2000
	}
	key := mustKey(aliceWIF)
	addr := crypto.PubkeyToAddress(key.PublicKey)
	id := channel.ID{Domain: benchDomain, Channel: 1}
	work := func(k int) {
		for i := 1; i <= k; i++ {
			d, _ := id.PaymentDigest(big.NewInt(int64(i)))
			sig, err := channel.Sign(d, key)
			if err != nil {
				panic(err)
			}
			if err := sig.Verify(d, addr); err != nil {
				panic(err)
			}
		}
	}
	start := time.Now()
	work(n)
	one = rate(n, time.Since(start))
	cores := runtime.NumCPU()
	var wg sync.WaitGroup
	start = time.Now()
	for c := 0; c < cores; c++ {
		wg.Add(1)
		go func() { defer wg.Done(); work(n / cores) }()
	}
	wg.Wait()
	all = rate(n/cores*cores, time.Since(start))
	return one, all
}

// nativeOnce runs n payments one way (Alice to Bob) or n per direction at
// once (both ways), with fresh stores.
func nativeOnce(ctx context.Context, url, dir string, sk storeKind, num uint64, n, batch int, pace float64, both, async bool) (nativeRun, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nativeRun{}, err
	}
	id := channel.ID{Domain: benchDomain, Channel: num}
	alice := &party{key: mustKey(aliceWIF)}
	bob := &party{key: mustKey(bobWIF)}
	aliceP := channel.Party{Account: crypto.PubkeyToAddress(alice.key.PublicKey), Signer: crypto.PubkeyToAddress(alice.key.PublicKey)}
	bobP := channel.Party{Account: crypto.PubkeyToAddress(bob.key.PublicKey), Signer: crypto.PubkeyToAddress(bob.key.PublicKey)}
	deposit := big.NewInt(int64(n) + 1)
	for _, p := range []struct {
		who  *party
		role channel.Role
		name string
	}{{alice, channel.Alice, "alice"}, {bob, channel.Bob, "bob"}} {
		st, done, err := sk.open(filepath.Join(dir, p.name+".json"))
		if err != nil {
			return nativeRun{}, err
		}
		p.who.done = done
		p.who.sentAt = make([]time.Time, n)
		p.who.recvAt = make([]time.Time, n)
		p.who.full = make(chan struct{})
		p.who.want = int64(n)
		if !both && p.who == alice {
			p.who.want = 0
		}
		who := p.who
		who.node = node.New(st, who.key, node.Options{Logger: quiet, OnIncoming: func(in node.Incoming) { who.received(in) }})
		cs, err := channel.NewState(id, p.role, aliceP, bobP)
		if err != nil {
			return nativeRun{}, err
		}
		cs.FinalizationBlocks = channel.DefaultMinFinalizationBlocks
		cs, _, _ = channel.ApplyEvent(cs, channel.Deposited{Party: channel.Alice, Total: deposit})
		cs, _, _ = channel.ApplyEvent(cs, channel.Deposited{Party: channel.Bob, Total: deposit})
		if err := who.node.Book.Add(cs); err != nil {
			return nativeRun{}, err
		}
		cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		err = who.node.Connect(cctx, url, who.key)
		cancel()
		if err != nil {
			return nativeRun{}, err
		}
	}
	defer func() {
		for _, p := range []*party{alice, bob} {
			p.node.Close()
			p.done()
		}
	}()

	start := time.Now()
	var payTime atomic.Int64
	errc := make(chan error, 2)
	pay := func(from, to *party) {
		if async {
			errc <- from.payLoopAsync(ctx, id, n, batch, to, &payTime)
			return
		}
		errc <- from.payLoop(ctx, id, n, batch, pace, to, &payTime)
	}
	go pay(alice, bob)
	payers := 1
	if both {
		go pay(bob, alice)
		payers = 2
	}
	for i := 0; i < payers; i++ {
		if err := <-errc; err != nil {
			return nativeRun{}, err
		}
	}
	wait := func(p *party) error {
		select {
		case <-p.full:
			return nil
		case <-time.After(5 * time.Minute):
			return fmt.Errorf("payee got %d of %d payments", p.total(), p.want)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := wait(bob); err != nil {
		return nativeRun{}, err
	}
	if both {
		if err := wait(alice); err != nil {
			return nativeRun{}, err
		}
	}
	run := nativeRun{store: sk.name, dir: "one way", n: n * payers, elapsed: time.Since(start), batch: batch, pace: pace, async: async}
	if both {
		run.dir = "both ways"
	}
	run.lat = append(run.lat, latencies(alice, bob)...)
	if both {
		run.lat = append(run.lat, latencies(bob, alice)...)
	}
	run.perPay = time.Duration(payTime.Load() / int64(n*payers))
	return run, nil
}

// relayWriter writes payment runs to the peer in order (SendAsync: no
// wait between them) while a pool awaits their confirmations: payments
// overtaken by a later total would reach the payee as stale, and each
// would cost a Sync back and a resent payment.
type relayWriter struct {
	p     *party
	peer  common.Address
	queue chan func(context.Context) (uint64, error)
	wg    sync.WaitGroup
	err   atomic.Value
}

func newRelayWriter(ctx context.Context, p, to *party) *relayWriter {
	w := &relayWriter{p: p, peer: crypto.PubkeyToAddress(to.key.PublicKey), queue: make(chan func(context.Context) (uint64, error), 1<<14)}
	for range 4 {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for wait := range w.queue {
				if _, err := wait(ctx); err != nil {
					w.err.Store(err)
				}
			}
		}()
	}
	return w
}

// write sends a run of payments as few relay messages as fit
// ("payments", wire.EncodeAll), each payment with its signature.
func (w *relayWriter) write(msgs []channel.Message) error {
	bs, err := wire.EncodeAll(msgs)
	if err != nil {
		return err
	}
	for _, b := range bs {
		wait, err := w.p.node.Relay().SendAsync(w.peer, b)
		if err != nil {
			return err
		}
		w.queue <- wait
	}
	if e := w.err.Load(); e != nil {
		return e.(error)
	}
	return nil
}

// close waits for the confirmations.
func (w *relayWriter) close() {
	close(w.queue)
	w.wg.Wait()
}

// markSent records now as the send time of the k payments up to total last.
func (p *party) markSent(last int64, k int, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for j := int64(0); j < int64(k); j++ {
		p.sentAt[last-1-j] = now
	}
}

// payLoop makes n payments of 1 wei to the peer, batch at a time
// (Book.PayMany: each payment signed, one save for the batch), at most
// pace payments per second when pace > 0. Each batch is persisted by the
// Book, then written to the relay in order (relayWriter), so the relay
// round trip overlaps the next batch.
func (p *party) payLoop(ctx context.Context, id channel.ID, n, batch int, pace float64, to *party, payTime *atomic.Int64) error {
	w := newRelayWriter(ctx, p, to)
	defer w.close()
	amounts := ones(batch)
	start := time.Now()
	for i := 0; i < n; i += batch {
		if pace > 0 {
			if d := time.Until(start.Add(time.Duration(float64(i) / pace * float64(time.Second)))); d > 0 {
				time.Sleep(d)
			}
		}
		k := min(batch, n-i)
		t0 := time.Now()
		st, fx, err := p.node.Book.PayMany(id, amounts[:k], t0)
		if err != nil {
			return err
		}
		now := time.Now()
		payTime.Add(int64(now.Sub(t0)))
		p.markSent(st.Sent.Int64(), k, now)
		if err := w.write(fx.Send); err != nil {
			return err
		}
	}
	return nil
}

// payLoopAsync is payLoop with the payer's saves grouped: this goroutine
// signs batch after batch (Book.PayManyAsync) while a second one commits
// them in order (the save running when a batch is signed is followed by
// one save for every batch signed meanwhile) and writes each committed
// batch to the relay. Nothing is written before the save covering it.
func (p *party) payLoopAsync(ctx context.Context, id channel.ID, n, batch int, to *party, payTime *atomic.Int64) error {
	type signed struct {
		commit func() (channel.Effects, error)
		last   int64 // the batch's last total
		k      int
		t0     time.Time
	}
	ahead := make(chan signed, 2) // at most 2 batches signed ahead of the saves
	sendErr := make(chan error, 1)
	go func() {
		w := newRelayWriter(ctx, p, to)
		defer w.close()
		for sb := range ahead {
			fx, err := sb.commit()
			if err != nil {
				sendErr <- err
				return
			}
			now := time.Now()
			payTime.Add(int64(now.Sub(sb.t0)))
			p.markSent(sb.last, sb.k, now)
			if err := w.write(fx.Send); err != nil {
				sendErr <- err
				return
			}
		}
		sendErr <- nil
	}()
	amounts := ones(batch)
	var err error
	for i := 0; i < n && err == nil; i += batch {
		k := min(batch, n-i)
		t0 := time.Now()
		st, commit, perr := p.node.Book.PayManyAsync(id, amounts[:k], t0)
		if perr != nil {
			err = perr
			break
		}
		select {
		case ahead <- signed{commit: commit, last: st.Sent.Int64(), k: k, t0: t0}:
		case err = <-sendErr:
			if err == nil {
				err = errors.New("the sender stopped early")
			}
			return err
		}
	}
	close(ahead)
	if serr := <-sendErr; err == nil {
		err = serr
	}
	return err
}

// ones is k amounts of 1 wei.
func ones(k int) []*big.Int {
	a := make([]*big.Int, k)
	for i := range a {
		a[i] = big.NewInt(1)
	}
	return a
}

// received records when each total from the peer was persisted.
func (p *party) received(in node.Incoming) {
	if in.Err != nil || in.After.Received == nil || in.Before.Received == nil {
		return
	}
	now := time.Now()
	from, to := in.Before.Received.Int64(), in.After.Received.Int64()
	if to <= from {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for k := from + 1; k <= to && k <= int64(len(p.recvAt)); k++ {
		p.recvAt[k-1] = now
	}
	p.recvTot = to
	if p.want > 0 && to >= p.want {
		select {
		case <-p.full:
		default:
			close(p.full)
		}
	}
}

func (p *party) total() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.recvTot
}

// latencies pairs the payer's send times with the payee's persist times.
func latencies(payer, payee *party) []time.Duration {
	payer.mu.Lock()
	defer payer.mu.Unlock()
	payee.mu.Lock()
	defer payee.mu.Unlock()
	var out []time.Duration
	for k := range payer.sentAt {
		if payer.sentAt[k].IsZero() || payee.recvAt[k].IsZero() {
			continue
		}
		out = append(out, payee.recvAt[k].Sub(payer.sentAt[k]))
	}
	return out
}
