package main

import (
	"bytes"
	"context"
	"math/big"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/wallet"
	"paychan/cli/node"
	"paychan/internal/testkit/hosttest"
	"paychan/internal/testkit/seed"
	"paychan/server/host"
)

// Seed test keys (public, never for real money).
const (
	aliceWIF    = seed.AliceWIF
	aliceQtum   = seed.AliceQtum
	aliceSigner = seed.AliceSigner
	bobWIF      = seed.BobWIF
	bobQtum     = seed.BobQtum
	bobSigner   = seed.BobSigner
	malloryWIF  = seed.DeployerWIF // the seed's deployer
)

// mustHost starts the real host (embedded chain, relay) on 127.0.0.1:0,
// logging nothing.
func mustHost(tb testing.TB) *host.Main {
	tb.Helper()
	return hosttest.Start(tb, host.Config{Logger: hosttest.Quiet()})
}

// safeBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// user is one CLI user: a state file and a passphrase.
type user struct {
	name  string
	host  string
	state string
}

func newUser(tb testing.TB, name, host string) *user {
	tb.Helper()
	return &user{name: name, host: host, state: filepath.Join(tb.TempDir(), name+".json")}
}

// mustAliceAndBob returns the CLI users Alice and Bob of host m, each with
// the seed's key imported.
func mustAliceAndBob(tb testing.TB, m *host.Main) (alice, bob *user) {
	tb.Helper()
	alice, bob = newUser(tb, "alice", m.URL()), newUser(tb, "bob", m.URL())
	alice.must(tb, "key", "import", aliceWIF)
	bob.must(tb, "key", "import", bobWIF)
	return alice, bob
}

func (u *user) env(k string) string {
	if k == "PAYCHAN_PASSPHRASE" {
		return "correct horse " + u.name
	}
	return ""
}

// run runs one command as u and returns its output and error.
func (u *user) run(ctx context.Context, out *safeBuffer, args ...string) error {
	full := append([]string{"--host", u.host, "--state", u.state}, args...)
	return run(ctx, full, out, u.env)
}

// must runs a command that must succeed and returns its output.
func (u *user) must(tb testing.TB, args ...string) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out safeBuffer
	if err := u.run(ctx, &out, args...); err != nil {
		tb.Fatalf("%s: paychan-cli %s: %v\noutput:\n%s", u.name, strings.Join(args, " "), err, out.String())
	}
	tb.Logf("%s$ paychan-cli %s\n%s", u.name, strings.Join(args, " "), out.String())
	return out.String()
}

// mustFail runs a command that must fail with an error containing want.
func (u *user) mustFail(tb testing.TB, want string, args ...string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out safeBuffer
	err := u.run(ctx, &out, args...)
	if err == nil {
		tb.Fatalf("%s: paychan-cli %s succeeded; want an error containing %q\noutput:\n%s", u.name, strings.Join(args, " "), want, out.String())
	}
	if !strings.Contains(err.Error(), want) {
		tb.Fatalf("%s: paychan-cli %s: error %q; want it to contain %q", u.name, strings.Join(args, " "), err, want)
	}
	tb.Logf("%s$ paychan-cli %s\nerror: %v", u.name, strings.Join(args, " "), err)
}

func mustContain(tb testing.TB, out string, wants ...string) {
	tb.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			tb.Fatalf("output does not contain %q:\n%s", w, out)
		}
	}
}

// listen starts `listen` as u in the background and waits until it is
// connected. wait returns its output once it has exited.
func (u *user) listen(tb testing.TB, args ...string) (wait func() string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	out := &safeBuffer{}
	errc := make(chan error, 1)
	go func() { errc <- u.run(ctx, out, append([]string{"listen"}, args...)...) }()
	tb.Cleanup(cancel) // a failed wait below ends listen too
	u.waitListening(tb, errc, out)
	return func() string {
		tb.Helper()
		defer cancel()
		if err := <-errc; err != nil {
			tb.Fatalf("%s: listen: %v\n%s", u.name, err, out.String())
		}
		tb.Logf("%s$ paychan-cli listen %s\n%s", u.name, strings.Join(args, " "), out.String())
		return out.String()
	}
}

func TestKeyImportShowsSeedAddresses(t *testing.T) {
	m := mustHost(t)
	alice := newUser(t, "alice", m.URL())
	out := alice.must(t, "key", "import", aliceWIF)
	mustContain(t, out, aliceQtum, aliceSigner)
	out = alice.must(t, "key", "show")
	mustContain(t, out, aliceQtum, aliceSigner, "balance        1000000 ETH", "balance        1000000 tUSD (token 0x")

	bob := newUser(t, "bob", m.URL())
	mustContain(t, bob.must(t, "key", "import", bobWIF), bobQtum, bobSigner)

	bob.mustFail(t, "not a valid WIF", "key", "import", "cRcG1jizfBzHxfwu68aMjhy78CpnzD9gJYZ5ggDbzfYD3EQfGUDX")
	nopass := &user{name: "", host: m.URL(), state: filepath.Join(t.TempDir(), "x.json")}
	var buf safeBuffer
	err := run(context.Background(), []string{"--state", nopass.state, "key", "import", aliceWIF}, &buf, func(string) string { return "" })
	if err == nil || !strings.Contains(err.Error(), "PAYCHAN_PASSPHRASE") {
		t.Fatalf("key import without a passphrase: err = %v; want it to name $PAYCHAN_PASSPHRASE", err)
	}
}

// TestSeedDemo is the seed's demo between two CLI states: Alice opens with
// 100, Bob joins, Alice pays 20 which Bob's listen receives and persists,
// Bob claims, 100 blocks are mined, Alice withdraws 80 and Bob 20.
func TestSeedDemo(t *testing.T) {
	m := mustHost(t)
	alice, bob, mallory := newUser(t, "alice", m.URL()), newUser(t, "bob", m.URL()), newUser(t, "mallory", m.URL())
	alice.must(t, "key", "import", aliceWIF)
	bob.must(t, "key", "import", bobWIF)
	mallory.must(t, "key", "import", malloryWIF)

	mustContain(t, alice.must(t, "open", bobSigner, "--deposit", "100", "--blocks", "100"), "opened channel 1", "deposit 100 ETH")
	mustContain(t, bob.must(t, "join", "1"), "joined channel 1 as Bob", "my deposit 0 ETH  peer deposit 100 ETH")

	// Clear errors.
	alice.mustFail(t, "your balance there is only 100 ETH", "pay", "1", "100.5")
	alice.mustFail(t, "unknown channel 7", "pay", "7", "1")
	mallory.mustFail(t, "not a party of channel 1", "join", "1")
	bob.mustFail(t, "does not exist", "join", "9")
	bob.mustFail(t, "nothing to claim", "claim", "1")
	alice.mustFail(t, "channel 1 is open", "withdraw", "1")

	wait := bob.listen(t, "--count", "2")
	mustContain(t, alice.must(t, "pay", "1", "15"), "paid 15 ETH on channel 1", "my balance 85 ETH")
	mustContain(t, alice.must(t, "pay", "1", "5"), "total sent 20 ETH", "my balance 80 ETH")
	mustContain(t, wait(), "received 15 ETH on channel 1", "received 5 ETH on channel 1", "total received 20 ETH, balance 20 ETH")

	mustContain(t, bob.must(t, "status", "1"), "balance 20 ETH", "received 20 ETH")
	mustContain(t, bob.must(t, "claim", "1"), "claimed 20 ETH", "closes at block")
	bob.mustFail(t, "closing until block", "withdraw", "1")
	mustContain(t, alice.must(t, "mine", "100"), "mined 100 blocks")

	before := balance(t, m, aliceSigner)
	mustContain(t, alice.must(t, "withdraw", "1"), "withdrew 80 ETH from channel 1")
	if gained := new(big.Int).Sub(balance(t, m, aliceSigner), before); gained.Cmp(coins(79)) <= 0 || gained.Cmp(coins(80)) > 0 {
		t.Errorf("Alice's on-chain balance changed by %v wei; want 80 coins minus gas", gained)
	}
	mustContain(t, bob.must(t, "withdraw", "1"), "withdrew 20 ETH from channel 1")
	bob.mustFail(t, "already withdrew", "withdraw", "1")
	mustContain(t, alice.must(t, "status"), "channel 1  I am Alice", "withdrawn")
}

// TestCooperativeClose: Bob's listen countersigns Alice's close proposal,
// and Alice submits cooperativeClose.
func TestCooperativeClose(t *testing.T) {
	m := mustHost(t)
	alice, bob := mustAliceAndBob(t, m)
	alice.must(t, "open", bobSigner, "--deposit", "10")
	bob.must(t, "join", "1")
	bob.must(t, "deposit", "1", "4")

	wait := bob.listen(t, "--for", "8s")
	alice.must(t, "pay", "1", "3")
	mustContain(t, alice.must(t, "close", "1", "--wait", "20s"), "closed cooperatively")
	mustContain(t, wait(), "received 3 ETH", "countersigned the cooperative close of channel 1")
	mustContain(t, bob.must(t, "status", "1"), "closed", "withdrawn")
}

func balance(tb testing.TB, m *host.Main, addr string) *big.Int {
	tb.Helper()
	v, err := m.Chain().Client().BalanceAt(context.Background(), common.HexToAddress(addr), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func coins(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

// TestOpenQtumAddressOnEVM is the regression test of issue 10 item 7: on
// the EVM dev chain a Qtum address never becomes the peer's on-chain
// account (no key sends from its hash160, so the peer's withdraw would
// revert). A bare Qtum address is refused with a clear error; with
// --peer-signer the account is the signer, as in the browser's Create form.
func TestOpenQtumAddressOnEVM(t *testing.T) {
	m := mustHost(t)
	alice, bob := mustAliceAndBob(t, m)
	alice.mustFail(t, "names no account on this EVM chain", "open", bobQtum)

	mustContain(t, alice.must(t, "open", bobQtum, "--peer-signer", bobSigner, "--deposit", "10"), "opened channel 1 with "+bobSigner)
	cl := chainclient.New(m.Chain().Client(), m.Contract(), m.ChainID())
	ch, err := cl.Channel(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := common.HexToAddress(bobSigner); ch.Bob != want || ch.BobSigner != want {
		t.Fatalf("Bob's account %s, signer %s on chain; want both %s (the Qtum hash160 is nobody's EVM account)", ch.Bob.Hex(), ch.BobSigner.Hex(), want.Hex())
	}
	// Bob sends from his account: he joins, deposits, closes and withdraws.
	bob.must(t, "join", "1")
	bob.must(t, "deposit", "1", "1")
	mustContain(t, bob.must(t, "close", "1", "--wait", "1s"), "closing until block")
	alice.must(t, "mine", "200")
	mustContain(t, bob.must(t, "withdraw", "1"), "withdrew 1 ETH from channel 1")
}

// TestSignedCloseStopsPaymentsAndLands (issue 10 item 4): once Alice has
// proposed a cooperative close she cannot pay in the channel; Bob's listen
// countersigns it, and since Alice is not there to submit it, Bob's listen
// submits it itself after --close-after: both are paid at once.
func TestSignedCloseStopsPaymentsAndLands(t *testing.T) {
	m := mustHost(t)
	alice, bob := mustAliceAndBob(t, m)
	alice.must(t, "open", bobSigner, "--deposit", "10")
	bob.must(t, "join", "1")
	wait := bob.listen(t, "--count", "1")
	alice.must(t, "pay", "1", "3")
	mustContain(t, wait(), "received 3 ETH")

	mustContain(t, alice.must(t, "close", "1", "--wait", "0"), "proposed a cooperative close of channel 1", "no more payments")
	alice.mustFail(t, "closing by agreement", "pay", "1", "1")
	mustContain(t, alice.must(t, "status", "1"), "open")

	wait = bob.listen(t, "--for", "6s", "--close-after", "1s")
	mustContain(t, wait(), "countersigned the cooperative close of channel 1", "cooperativeClose: mined")
	mustContain(t, bob.must(t, "status", "1"), "closed", "withdrawn")
	mustContain(t, alice.must(t, "status", "1"), "closed", "withdrawn")
	bob.mustFail(t, "closed", "pay", "1", "1")
}

// TestShortFinalizationRefused (issue 10 item 5): the dev host states its
// lower minimum in /config.json; open refuses a period below it, and join
// refuses a channel opened (outside the wallet) with a 2-block period.
func TestShortFinalizationRefused(t *testing.T) {
	m := mustHost(t)
	cfg, err := node.FetchConfig(context.Background(), m.URL())
	if err != nil || cfg.MinFinalizationBlocks != channel.DevMinFinalizationBlocks || cfg.ChainKind != "evm" {
		t.Fatalf("config.json: %+v, %v; want minFinalizationBlocks %d and chainKind evm", cfg, err, channel.DevMinFinalizationBlocks)
	}
	alice, bob := mustAliceAndBob(t, m)
	alice.mustFail(t, "finalization period too short: 1 blocks, the minimum is 10", "open", bobSigner, "--blocks", "1")
	mustContain(t, alice.must(t, "open", bobSigner, "--blocks", "10"), "opened channel 1", "finalization 10 blocks")

	// Channel 2 is opened with 2 blocks by another client: Bob refuses it.
	k, err := wallet.ParseWIF(aliceWIF)
	if err != nil {
		t.Fatal(err)
	}
	cl := chainclient.New(m.Chain().Client(), m.Contract(), m.ChainID())
	if _, _, err := cl.Open(context.Background(), k.PrivateKey(), common.HexToAddress(bobSigner), common.Address{}, common.Address{}, 2, nil, nil); err != nil {
		t.Fatal(err)
	}
	bob.mustFail(t, "refusing channel 2: finalization period too short: 2 blocks", "join", "2")
	mustContain(t, bob.must(t, "join", "1"), "joined channel 1 as Bob")
}

// TestJoinRefusesForeignSigner (issue 10 item 6): Alice alone picks Bob's
// signer at open. A channel naming Bob's account with another signer is
// refused by Bob's join: he could never sign or check its payments.
func TestJoinRefusesForeignSigner(t *testing.T) {
	m := mustHost(t)
	alice, bob := mustAliceAndBob(t, m)
	mal, err := wallet.ParseWIF(malloryWIF)
	if err != nil {
		t.Fatal(err)
	}
	alice.must(t, "open", bobSigner, "--peer-signer", mal.Signer().Hex())
	bob.mustFail(t, "channel 1 expects "+mal.Signer().Hex()+" to sign for you, but your key is "+bobSigner, "join", "1")
}
