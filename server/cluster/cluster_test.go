package cluster_test

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"paychan/app/channel"
	"paychan/app/relayclient"
	"paychan/app/wire"
	"paychan/server/cluster"
	"paychan/server/devchain"
	"paychan/server/relay"
	"paychan/server/watchtower"
)

// bins are nats-server and paychan, built once for the tests.
var bins cluster.Binaries

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "paychan-cluster-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	root, err := cluster.ModuleRoot()
	if err == nil {
		bins, err = cluster.Build(context.Background(), root, dir, os.Stderr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// mustCluster starts a cluster of 3 NATS nodes and 2 hosts on t's data.
func mustCluster(tb testing.TB, hostArgs ...string) *cluster.Cluster {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir := tb.TempDir()
	c, err := cluster.Start(ctx, cluster.Options{Binaries: bins, Dir: dir, HostArgs: hostArgs})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		c.Close()
		if tb.Failed() {
			for _, name := range []string{"host1", "host2", "nats1", "nats2", "nats3", "chain"} {
				b, _ := os.ReadFile(filepath.Join(dir, "logs", name+".log"))
				lines := strings.Split(string(b), "\n")
				if len(lines) > 40 {
					lines = lines[len(lines)-40:]
				}
				tb.Logf("---- %s (last lines)\n%s", name, strings.Join(lines, "\n"))
			}
		}
	})
	tb.Logf("cluster:\n%s", c.Summary())
	return c
}

// party is one side of a channel driven by the core (app/channel) over a
// relay client: what it sent and every total it accepted.
type party struct {
	name   string
	key    *ecdsa.PrivateKey
	client *relayclient.Client

	mu       sync.Mutex
	st       channel.State
	sent     map[string]bool // totals it signed and sent
	accepted []string        // totals it accepted, in order
	bogus    []string        // payments it was delivered that the peer never sent
	peer     *party
}

func newParty(tb testing.TB, name string, role channel.Role, id channel.ID, alice, bob channel.Party, deposit *big.Int) *party {
	tb.Helper()
	k, _ := devchain.TestKeyByName(name)
	st, err := channel.NewState(id, role, alice, bob)
	if err != nil {
		tb.Fatal(err)
	}
	st.AliceDeposit, st.BobDeposit = deposit, deposit
	return &party{name: name, key: k.Key, st: st, sent: map[string]bool{}}
}

// handle takes one relayed message through the core and sends its effects.
func (p *party) handle(ctx context.Context, m relayclient.Message) error {
	msg, err := wire.Decode(m.Payload)
	if err != nil {
		return nil // not ours to fail on: drop
	}
	// Was it sent? (The payer records a total before sending it.) Asked
	// before taking p.mu: the peer's handler locks the other way round.
	known := true
	pm, isPayment := msg.(channel.Payment)
	if isPayment {
		p.peer.mu.Lock()
		known = p.peer.sent[pm.Paid.String()]
		p.peer.mu.Unlock()
	}
	p.mu.Lock()
	before := p.st.Received
	n, fx, err := channel.Receive(p.st, msg, p.key, time.Now())
	if err == nil {
		p.st = n
		if isPayment {
			if !known {
				p.bogus = append(p.bogus, pm.Paid.String())
			}
			if n.Received.Cmp(before) > 0 {
				p.accepted = append(p.accepted, n.Received.String())
			}
		}
	}
	p.mu.Unlock()
	if err != nil {
		return nil // refused by the rules: acknowledged, never retried
	}
	for _, out := range fx.Send {
		if b, err := wire.Encode(out); err == nil {
			// Acks and syncs: fire and forget (a lost one is sent again
			// with the next payment's).
			p.client.SendAsync(crypto.PubkeyToAddress(p.peer.key.PublicKey), b)
		}
	}
	return nil
}

// pay makes a payment of amount with the core, records it, and sends it
// until the relay stored it (a send refused while NATS or a host fails is
// sent again, the same payment: the payee takes a total at most once).
func (p *party) pay(ctx context.Context, amount *big.Int) error {
	p.mu.Lock()
	n, fx, err := channel.Pay(p.st, amount, p.key, time.Now())
	if err == nil {
		p.st = n
		p.sent[n.Sent.String()] = true
	}
	p.mu.Unlock()
	if err != nil {
		return err
	}
	b, err := wire.Encode(fx.Send[0])
	if err != nil {
		return err
	}
	to := crypto.PubkeyToAddress(p.peer.key.PublicKey)
	for {
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		_, err := p.client.Send(sctx, to, b)
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s: send %v: %w (last error %v)", p.name, amount, ctx.Err(), err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *party) snapshot() (sent, received *big.Int, accepted int, bogus []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.st.Sent, p.st.Received, len(p.accepted), append([]string(nil), p.bogus...)
}

// TestPaymentsSurviveNATSNodeAndHostKill: Alice (on host1) and Bob (on
// host2) pay each other 1,000 times each (2,000 payments) through the
// core and the relay client while one NATS node is SIGKILLed and
// restarted and Bob's host is SIGKILLed (Bob reconnects through his front
// to host1 and goes on; both hosts carry one relay name). Afterwards both
// sides agree on the totals, each got every total the other sent exactly
// once and in order, and nothing was delivered that was never sent.
func TestPaymentsSurviveNATSNodeAndHostKill(t *testing.T) {
	// The per-client fronts below are further origins on loopback.
	c := mustCluster(t, "--allow-host", "127.0.0.1")
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()

	// The relay stream and the watchtower bucket have 3 copies.
	nc, err := nats.Connect(strings.Join(c.NATSURLs, ","))
	if err != nil {
		t.Fatal(err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{relay.DefaultStreamName, "KV_" + watchtower.DefaultBucket} {
		st, err := js.Stream(ctx, name)
		if err != nil {
			t.Fatalf("stream %s: %v", name, err)
		}
		if got := st.CachedInfo().Config.Replicas; got != 3 {
			t.Errorf("stream %s has %d replicas; want 3 on the 3-node cluster", name, got)
		}
	}
	nc.Close()

	aliceKey, _ := devchain.TestKeyByName("Alice")
	bobKey, _ := devchain.TestKeyByName("Bob")
	alice := channel.Party{Account: aliceKey.Address, Signer: aliceKey.Address}
	bob := channel.Party{Account: bobKey.Address, Signer: bobKey.Address}
	id := channel.ID{Domain: channel.Domain{ChainID: devchain.ChainID, Contract: c.Contract}, Channel: 1}
	deposit := big.NewInt(1e15)
	a := newParty(t, "Alice", channel.Alice, id, alice, bob, deposit)
	b := newParty(t, "Bob", channel.Bob, id, alice, bob, deposit)
	a.peer, b.peer = b, a

	// One front per client: Alice prefers host1, Bob host2; both sign
	// logins for the cluster's one relay name.
	host := func(i int) string { return strings.TrimPrefix(c.Hosts[i].URL, "http://") }
	frontA, err := cluster.NewFront("127.0.0.1:0", []string{host(0), host(1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { frontA.Close() })
	frontB, err := cluster.NewFront("127.0.0.1:0", []string{host(1), host(0)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { frontB.Close() })
	opts := func(p *party) relayclient.Options {
		return relayclient.Options{Handler: p.handle, Host: c.Front.Addr(), MinBackoff: 50 * time.Millisecond, MaxBackoff: time.Second}
	}
	a.client = relayclient.New("ws://"+frontA.Addr()+"/relay", relayclient.KeySigner(a.key), opts(a))
	t.Cleanup(func() { a.client.Close() })
	b.client = relayclient.New("ws://"+frontB.Addr()+"/relay", relayclient.KeySigner(b.key), opts(b))
	t.Cleanup(func() { b.client.Close() })
	for _, p := range []*party{a, b} {
		if err := p.client.WaitConnected(ctx); err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
	}

	const each = 1000
	start := time.Now()
	var progress sync.WaitGroup
	errs := make(chan error, 2)
	step := make(chan int, 2*each)
	for _, p := range []*party{a, b} {
		progress.Add(1)
		go func() {
			defer progress.Done()
			for i := 1; i <= each; i++ {
				if err := p.pay(ctx, big.NewInt(int64(i))); err != nil {
					errs <- err
					return
				}
				step <- i
			}
		}()
	}
	// The faults, at points of the run.
	faults := []struct {
		at   int
		what string
		do   func() error
	}{
		{300, "SIGKILL nats2", func() error { return c.NATS[1].Kill() }},
		{700, "restart nats2", func() error { return c.RestartNATS(ctx, 1) }},
		{1000, "SIGKILL host2 (Bob's)", func() error { return c.Hosts[1].Kill() }},
	}
	finished := make(chan struct{})
	go func() { progress.Wait(); close(finished) }()
	n := 0
	for f := 0; ; {
		select {
		case <-step:
			n++
		case err := <-errs:
			t.Fatal(err)
		case <-finished:
		}
		for f < len(faults) && n >= faults[f].at {
			t.Logf("after %d payments: %s", n, faults[f].what)
			if err := faults[f].do(); err != nil {
				t.Fatal(err)
			}
			f++
		}
		select {
		case <-finished:
		default:
			continue
		}
		if f < len(faults) {
			t.Fatalf("the payments ended before fault %q", faults[f].what)
		}
		break
	}
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
	t.Logf("%d payments sent and stored in %s (%.0f/s, with the faults); waiting for both sides to agree", 2*each, time.Since(start).Round(time.Millisecond), 2*each/time.Since(start).Seconds())

	want := big.NewInt(each * (each + 1) / 2)
	for {
		aSent, aRecv, _, _ := a.snapshot()
		bSent, bRecv, _, _ := b.snapshot()
		if aSent.Cmp(want) == 0 && bSent.Cmp(want) == 0 && aRecv.Cmp(bSent) == 0 && bRecv.Cmp(aSent) == 0 {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("sides disagree: Alice sent %v received %v, Bob sent %v received %v; want %v each way", aSent, aRecv, bSent, bRecv, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, p := range []*party{a, b} {
		_, _, accepted, bogus := p.snapshot()
		if len(bogus) > 0 {
			t.Errorf("%s was delivered %d payments never sent: %v", p.name, len(bogus), bogus)
		}
		p.mu.Lock()
		got := append([]string(nil), p.accepted...)
		p.mu.Unlock()
		if accepted != each {
			t.Errorf("%s accepted %d totals; want every one of the %d sent exactly once", p.name, accepted, each)
		}
		for i, total := range got {
			if w := fmt.Sprint((i + 1) * (i + 2) / 2); total != w {
				t.Errorf("%s's payment %d has total %s; want %s (in order, none missed)", p.name, i+1, total, w)
				break
			}
		}
	}
}
