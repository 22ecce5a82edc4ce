//go:build !js

package chainclient

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"paychan/contracts/simtest"
)

func TestFeesFor(t *testing.T) {
	tests := []struct {
		base, tip       int64
		nilBase         bool
		wantCap, wantPx int64
	}{
		{base: 7, tip: 1, wantCap: 15, wantPx: 8},
		{base: 0, tip: 3, wantCap: 3, wantPx: 3},
		{nilBase: true, tip: 2, wantCap: 2, wantPx: 2},
	}
	for _, tt := range tests {
		var base *big.Int
		if !tt.nilBase {
			base = big.NewInt(tt.base)
		}
		f := FeesFor(base, big.NewInt(tt.tip))
		if f.Tip.Int64() != tt.tip || f.FeeCap.Int64() != tt.wantCap {
			t.Errorf("FeesFor(%v, %d) = {%v, %v}; want {%d, %d}", base, tt.tip, f.Tip, f.FeeCap, tt.tip, tt.wantCap)
		}
		if p := f.Price(base); p.Int64() != tt.wantPx {
			t.Errorf("FeesFor(%v, %d).Price = %v; want %d", base, tt.tip, p, tt.wantPx)
		}
	}
	// The price never exceeds the fee cap, even if the base fee rose since.
	f := Fees{Tip: big.NewInt(2), FeeCap: big.NewInt(10)}
	if p := f.Price(big.NewInt(100)); p.Int64() != 10 {
		t.Errorf("Price above the cap = %v; want 10", p)
	}
}

func TestBump(t *testing.T) {
	prev := Fees{Tip: big.NewInt(100), FeeCap: big.NewInt(1000)}
	tests := []struct {
		name          string
		now           Fees
		wantTip, wCap int64
	}{
		{"market unchanged: +25 % + 1", Fees{big.NewInt(100), big.NewInt(1000)}, 126, 1251},
		{"market fell: still above prev", Fees{big.NewInt(1), big.NewInt(10)}, 126, 1251},
		{"market rose past the bump", Fees{big.NewInt(500), big.NewInt(5000)}, 500, 5000},
		{"zero prev: +1 wei", Fees{big.NewInt(0), big.NewInt(0)}, 126, 1251},
	}
	for _, tt := range tests {
		got := Bump(prev, tt.now)
		if got.Tip.Int64() != tt.wantTip || got.FeeCap.Int64() != tt.wCap {
			t.Errorf("%s: Bump = {%v, %v}; want {%d, %d}", tt.name, got.Tip, got.FeeCap, tt.wantTip, tt.wCap)
		}
	}
	// Bump must not alias its inputs: callers store the result.
	got := Bump(prev, prev)
	got.Tip.SetInt64(0)
	if prev.Tip.Int64() != 100 {
		t.Errorf("Bump aliased prev.Tip")
	}
	zero := Bump(Fees{Tip: new(big.Int), FeeCap: new(big.Int)}, Fees{Tip: new(big.Int), FeeCap: new(big.Int)})
	if zero.Tip.Int64() != 1 || zero.FeeCap.Int64() != 1 {
		t.Errorf("Bump of zero fees = {%v, %v}; want {1, 1}", zero.Tip, zero.FeeCap)
	}
}

// TestBumpReplacesPendingTransaction sends a transaction that is not mined,
// then a replacement at the same nonce with the current fees (refused by the
// node's pool as underpriced) and with Bump's fees (accepted); the
// replacement is the one mined.
func TestBumpReplacesPendingTransaction(t *testing.T) {
	c := simtest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	fees, base, err := CurrentFees(ctx, c.Client)
	if err != nil {
		t.Fatal(err)
	}
	if base.Sign() <= 0 {
		t.Fatalf("CurrentFees base fee = %v; want > 0 on a London chain", base)
	}
	nonce, err := c.Client.PendingNonceAt(ctx, c.Alice.Addr)
	if err != nil {
		t.Fatal(err)
	}
	send := func(f Fees) (*types.Transaction, error) {
		signer := types.LatestSignerForChainID(c.ChainID())
		tx, err := types.SignNewTx(c.Alice.Key, signer, &types.DynamicFeeTx{ChainID: c.ChainID(), Nonce: nonce,
			GasTipCap: f.Tip, GasFeeCap: f.FeeCap, Gas: 21_000, To: &c.Bob.Addr, Value: big.NewInt(1)})
		if err != nil {
			t.Fatal(err)
		}
		return tx, c.Client.SendTransaction(ctx, tx)
	}
	if _, err := send(fees); err != nil {
		t.Fatalf("first send: %v", err)
	}
	if _, err := send(fees); err == nil {
		t.Fatal("a replacement at the same fees was accepted; the test cannot tell a bump from none")
	}
	next, _, err := CurrentFees(ctx, c.Client)
	if err != nil {
		t.Fatal(err)
	}
	tx2, err := send(Bump(fees, next))
	if err != nil {
		t.Fatalf("replacement with Bump's fees refused: %v", err)
	}
	c.Commit()
	rc, err := WaitMined(ctx, c.Client, tx2.Hash())
	if err != nil {
		t.Fatalf("WaitMined(replacement): %v", err)
	}
	if rc.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("replacement status = %d; want success", rc.Status)
	}
}

// TestWaitMinedWaitsForTheBlock starts waiting before the block exists.
func TestWaitMinedWaitsForTheBlock(t *testing.T) {
	c := simtest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	fees, _, err := CurrentFees(ctx, c.Client)
	if err != nil {
		t.Fatal(err)
	}
	nonce, err := c.Client.PendingNonceAt(ctx, c.Alice.Addr)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := types.SignNewTx(c.Alice.Key, types.LatestSignerForChainID(c.ChainID()), &types.DynamicFeeTx{ChainID: c.ChainID(),
		Nonce: nonce, GasTipCap: fees.Tip, GasFeeCap: fees.FeeCap, Gas: 21_000, To: &c.Bob.Addr, Value: big.NewInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Client.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	type result struct {
		rc  *types.Receipt
		err error
	}
	done := make(chan result, 1)
	go func() {
		rc, err := WaitMined(ctx, c.Client, tx.Hash())
		done <- result{rc, err}
	}()
	c.Commit()
	r := <-done
	if r.err != nil {
		t.Fatalf("WaitMined: %v", r.err)
	}
	if r.rc.TxHash != tx.Hash() || r.rc.BlockNumber.Sign() <= 0 {
		t.Fatalf("WaitMined = receipt of %s in block %v; want %s", r.rc.TxHash, r.rc.BlockNumber, tx.Hash())
	}
}

// TestWaitMinedEndsWithContext: a transaction never sent is never mined;
// the poll ends with the context's error.
func TestWaitMinedEndsWithContext(t *testing.T) {
	c := simtest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := WaitMined(ctx, c.Client, common.HexToHash("0x01"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitMined(unknown tx) = %v; want context.DeadlineExceeded", err)
	}
}

// TestPollReceiptStopsOnAFatalError: an error retry refuses ends the poll at
// once, carrying the error; an error it accepts is a miss.
func TestPollReceiptStopsOnAFatalError(t *testing.T) {
	fatal, transient := errors.New("fatal"), errors.New("transient")
	calls := 0
	get := func(context.Context, common.Hash) (*Receipt, error) {
		calls++
		switch calls {
		case 1:
			return nil, transient
		case 2:
			return nil, nil // not mined yet
		}
		return nil, fatal
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := PollReceipt(ctx, common.Hash{}, Backoff{First: time.Millisecond, Max: time.Millisecond}, get,
		func(err error) bool { return errors.Is(err, transient) })
	if !errors.Is(err, fatal) || calls != 3 {
		t.Fatalf("PollReceipt = %v after %d calls; want fatal after 3", err, calls)
	}
	if !strings.Contains(err.Error(), "receipt of") {
		t.Errorf("error %q does not say what was polled", err)
	}
}

func TestBackoffDoublesUpToMax(t *testing.T) {
	b := Backoff{First: 2 * time.Millisecond, Max: 10 * time.Millisecond}
	var d time.Duration
	var got []time.Duration
	for range 5 {
		d = b.next(d)
		got = append(got, d)
	}
	want := []time.Duration{2, 4, 8, 10, 10}
	for i := range want {
		if got[i] != want[i]*time.Millisecond {
			t.Fatalf("schedule = %v; want %v ms", got, want)
		}
	}
	if d := (Backoff{}).next(0); d <= 0 {
		t.Fatalf("zero Backoff pauses %v; want > 0 (no busy loop)", d)
	}
}

// laggingHead reports the head one block behind for its first calls, as
// go-ethereum does for a moment after it indexes a block's receipts and
// before it makes the block the head (a fault a test cannot time).
type laggingHead struct {
	simulatedClient
	lagCalls int
	calls    int
}

type simulatedClient interface {
	ReceiptReader
	BlockNumber(ctx context.Context) (uint64, error)
}

func (l *laggingHead) BlockNumber(ctx context.Context) (uint64, error) {
	n, err := l.simulatedClient.BlockNumber(ctx)
	if l.calls++; l.calls <= l.lagCalls && n > 0 {
		n--
	}
	return n, err
}

// TestWaitMinedWaitsForTheHead: WaitMined returns only once the receipt's
// block is the head, so a read at "latest" right after sees the transaction.
func TestWaitMinedWaitsForTheHead(t *testing.T) {
	c := simtest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	fees, _, err := CurrentFees(ctx, c.Client)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := types.SignNewTx(c.Alice.Key, types.LatestSignerForChainID(c.ChainID()), &types.DynamicFeeTx{ChainID: c.ChainID(),
		Nonce: 0, GasTipCap: fees.Tip, GasFeeCap: fees.FeeCap, Gas: 21_000, To: &c.Bob.Addr, Value: big.NewInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Client.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	c.Commit()
	l := &laggingHead{simulatedClient: c.Client, lagCalls: 3}
	rc, err := WaitMined(ctx, l, tx.Hash())
	if err != nil {
		t.Fatalf("WaitMined: %v", err)
	}
	if l.calls != l.lagCalls+1 {
		t.Fatalf("WaitMined read the head %d times; want %d (until the head reached block %v)", l.calls, l.lagCalls+1, rc.BlockNumber)
	}
}
