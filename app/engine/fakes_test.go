package engine

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/relayclient"
)

// The fakes stand in for the relay and the chain: the engine's effects are
// what is tested here; the real relay and chain are driven by the CLI and
// browser end-to-end tests.

var domain = channel.Domain{ChainID: channel.DevChainID, Contract: common.HexToAddress("0xC0FFEE")}

// mustKey derives a deterministic key for a named actor.
func mustKey(tb testing.TB, name string) *ecdsa.PrivateKey {
	tb.Helper()
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("engine test " + name)))
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// bus is an in-memory relay: Send queues the payload in the recipient's
// mailbox; deliver hands the mailbox to the recipient's engine.
type bus struct {
	mu    sync.Mutex
	boxes map[common.Address][]relayclient.Message
	fail  error
	sent  int
}

func newBus() *bus { return &bus{boxes: map[common.Address][]relayclient.Message{}} }

// port is one wallet's view of the bus.
type port struct {
	b    *bus
	from common.Address
}

func (p port) Send(ctx context.Context, to common.Address, payload []byte) (uint64, error) {
	p.b.mu.Lock()
	defer p.b.mu.Unlock()
	if p.b.fail != nil {
		return 0, p.b.fail
	}
	p.b.sent++
	p.b.boxes[to] = append(p.b.boxes[to], relayclient.Message{From: p.from, Payload: append([]byte(nil), payload...)})
	return uint64(p.b.sent), nil
}

// take empties to's mailbox.
func (b *bus) take(to common.Address) []relayclient.Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	ms := b.boxes[to]
	delete(b.boxes, to)
	return ms
}

// total counts the messages sent so far.
func (b *bus) total() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sent
}

func (b *bus) count(to common.Address) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.boxes[to])
}

// fakeChain is the contract's rules reduced to what the engine reads and
// submits, with the calls recorded.
type fakeChain struct {
	mu       sync.Mutex
	head     uint64
	chans    map[uint64]*chainclient.Channel
	opened   map[uint64]chainclient.Opened
	calls    []string
	claims   []channel.ClaimTx
	revertCC bool
	reads    int
	heads    int   // BlockNumber calls
	claimErr error // Claim fails with it (a node that does not answer)
	// deposited keeps the Deposited events' totals of settled channels
	// (whose deposits and parties the contract deletes).
	deposited map[uint64][2]*big.Int
}

// settle pays both parties of channel n out and deletes what the
// contract deletes: parties and deposits.
func (f *fakeChain) settle(n uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := f.chans[n]
	if f.deposited == nil {
		f.deposited = map[uint64][2]*big.Int{}
	}
	f.deposited[n] = [2]*big.Int{ch.AliceDeposit, ch.BobDeposit}
	ch.Status, ch.AliceWithdrawn, ch.BobWithdrawn = chainclient.StatusClosed, true, true
	ch.AliceDeposit, ch.BobDeposit = new(big.Int), new(big.Int)
	ch.Alice, ch.Bob, ch.AliceSigner, ch.BobSigner = common.Address{}, common.Address{}, common.Address{}, common.Address{}
	f.head++
}

func newFakeChain() *fakeChain {
	return &fakeChain{head: 10, chans: map[uint64]*chainclient.Channel{}, opened: map[uint64]chainclient.Opened{}}
}

func (f *fakeChain) open(n uint64, alice, bob common.Address, aliceDeposit, bobDeposit int64, blocks uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.chans[n] = &chainclient.Channel{ID: n, Status: chainclient.StatusOpen, Alice: alice, Bob: bob, AliceSigner: alice, BobSigner: bob,
		AliceDeposit: big.NewInt(aliceDeposit), BobDeposit: big.NewInt(bobDeposit), AlicePaid: new(big.Int), BobPaid: new(big.Int),
		FinalizationBlocks: blocks, AliceBalance: new(big.Int), BobBalance: new(big.Int)}
	f.opened[n] = chainclient.Opened{ID: n, Alice: alice, Bob: bob, AliceSigner: alice, BobSigner: bob, FinalizationBlocks: blocks}
	f.head++ // a change on chain comes with a block
}

func (f *fakeChain) mine(n uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.head += n
	for _, ch := range f.chans {
		if ch.Status == chainclient.StatusClosing && f.head >= ch.ClosesAt {
			ch.Status = chainclient.StatusClosed
		}
	}
}

func (f *fakeChain) called() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeChain) BlockNumber(context.Context) (uint64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.heads++
	return f.head, nil
}

// headReads counts the BlockNumber calls.
func (f *fakeChain) headReads() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.heads
}

func (f *fakeChain) Balance(context.Context, common.Address) (*big.Int, error) {
	return big.NewInt(1e18), nil
}

func (f *fakeChain) MyChannels(_ context.Context, a common.Address) ([]chainclient.Opened, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []chainclient.Opened
	for n := uint64(1); n <= uint64(len(f.opened)); n++ {
		if o, ok := f.opened[n]; ok && (o.Alice == a || o.Bob == a) {
			out = append(out, o)
		}
	}
	return out, nil
}

func (f *fakeChain) Channel(_ context.Context, n uint64) (*chainclient.Channel, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	ch, ok := f.chans[n]
	if !ok {
		return nil, chainclient.ErrNoChannel
	}
	c := *ch
	c.Block = f.head
	return &c, nil
}

func (f *fakeChain) Deposits(_ context.Context, n uint64, _, _ common.Address) (*big.Int, *big.Int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if d, ok := f.deposited[n]; ok {
		return d[0], d[1], nil
	}
	ch := f.chans[n]
	return ch.AliceDeposit, ch.BobDeposit, nil
}

func (f *fakeChain) closing(ch *chainclient.Channel) {
	if ch.Status == chainclient.StatusOpen {
		ch.Status = chainclient.StatusClosing
		ch.ClosesAt = f.head + ch.FinalizationBlocks
	}
}

func (f *fakeChain) Claim(_ context.Context, key *ecdsa.PrivateKey, n uint64, payer common.Address, paid *big.Int, sig []byte, _ chainclient.Progress) (*chainclient.Receipt, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "claim")
	if f.claimErr != nil {
		return nil, f.claimErr
	}
	ch := f.chans[n]
	s, _ := channel.SignatureFromBytes(sig)
	f.claims = append(f.claims, channel.ClaimTx{ID: channel.ID{Domain: domain, Channel: n}, Payer: payer, Paid: paid, Sig: s})
	if payer == ch.Alice && paid.Cmp(ch.AlicePaid) > 0 {
		ch.AlicePaid = paid
	}
	if payer == ch.Bob && paid.Cmp(ch.BobPaid) > 0 {
		ch.BobPaid = paid
	}
	f.closing(ch)
	f.head++
	return &chainclient.Receipt{BlockNumber: new(big.Int).SetUint64(f.head)}, nil
}

func (f *fakeChain) StartClose(_ context.Context, _ *ecdsa.PrivateKey, n uint64, _ chainclient.Progress) (*chainclient.Receipt, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "startClose")
	f.closing(f.chans[n])
	f.head++
	return &chainclient.Receipt{BlockNumber: new(big.Int).SetUint64(f.head)}, nil
}

func (f *fakeChain) CooperativeClose(_ context.Context, _ *ecdsa.PrivateKey, n uint64, alicePaid, bobPaid *big.Int, _, _ []byte, _ chainclient.Progress) (*chainclient.Receipt, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "cooperativeClose")
	if f.revertCC {
		return nil, &chainclient.RevertError{Reason: "execution reverted: CloseTooLow", Err: errors.New("revert")}
	}
	ch := f.chans[n]
	ch.Status, ch.AlicePaid, ch.BobPaid = chainclient.StatusClosed, alicePaid, bobPaid
	f.head++
	return &chainclient.Receipt{BlockNumber: new(big.Int).SetUint64(f.head)}, nil
}

func (f *fakeChain) Withdraw(_ context.Context, key *ecdsa.PrivateKey, n uint64, _ chainclient.Progress) (*big.Int, *chainclient.Receipt, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "withdraw")
	ch := f.chans[n]
	if crypto.PubkeyToAddress(key.PublicKey) == ch.Alice {
		ch.AliceWithdrawn = true
	} else {
		ch.BobWithdrawn = true
	}
	f.head++
	return new(big.Int), &chainclient.Receipt{BlockNumber: new(big.Int).SetUint64(f.head)}, nil
}

// notes collects an engine's notifications.
type notes struct {
	mu sync.Mutex
	ns []Note
}

func (n *notes) add(x Note) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.ns = append(n.ns, x)
}

func (n *notes) of(k Kind) []Note {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []Note
	for _, x := range n.ns {
		if x.Kind == k {
			out = append(out, x)
		}
	}
	return out
}

// wallet is one actor's engine on the shared bus and chain.
type wallet struct {
	*Engine
	addr  common.Address
	notes *notes
	store channel.Store
}

type tower struct {
	mu   sync.Mutex
	got  []*big.Int
	fail error
	// gate, if set, holds each hand-off (after it is counted) until it
	// can receive.
	gate chan struct{}
}

func (t *tower) HandOff(_ context.Context, st channel.State) error {
	t.mu.Lock()
	t.got = append(t.got, new(big.Int).Set(st.Received))
	gate, fail := t.gate, t.fail
	t.mu.Unlock()
	if gate != nil {
		<-gate
	}
	return fail
}

func (t *tower) totals() []*big.Int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]*big.Int(nil), t.got...)
}

func newWallet(tb testing.TB, name string, store channel.Store, b *bus, c *fakeChain, mod func(*Config)) *wallet {
	tb.Helper()
	key := mustKey(tb, name)
	n := &notes{}
	cfg := Config{Store: store, Key: key, Domain: domain, HostMinFinalization: 2, Notify: n.add}
	if mod != nil {
		mod(&cfg)
	}
	e := New(cfg)
	addr := crypto.PubkeyToAddress(key.PublicKey)
	e.SetRelay(port{b: b, from: addr})
	e.SetChain(c)
	tb.Cleanup(e.Close)
	return &wallet{Engine: e, addr: addr, notes: n, store: store}
}

// deliver hands w its mailbox and fails the test on a retryable error.
func (w *wallet) deliver(tb testing.TB, b *bus) {
	tb.Helper()
	if ms := b.take(w.addr); len(ms) > 0 {
		if err := w.HandleBatch(context.Background(), ms); err != nil {
			tb.Fatalf("HandleBatch: %v", err)
		}
	}
}

func coins(n int64) *big.Int { return big.NewInt(n) }
