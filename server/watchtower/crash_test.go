package watchtower_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"paychan/app/channel"
	wt "paychan/app/watchtower"
	"paychan/app/wire"
	"paychan/server/devchain"
	"paychan/server/devchain/devchaintest"
	"paychan/server/watchtower"
)

// lostSend is a backend whose transactions never reach the node: the
// process "crashed" right after recording its claim.
type lostSend struct{ *ethclient.Client }

func (lostSend) SendTransaction(context.Context, *types.Transaction) error { return nil }

// TestCrashAfterRecordClaimsOnce: the watchtower records its claim and dies
// before the transaction reaches the node; the restarted watchtower (same
// bucket, same key) sends that same transaction (same nonce, same hash)
// instead of a new claim: one claim in all, one transaction from its account.
func TestCrashAfterRecordClaimsOnce(t *testing.T) {
	node := devchaintest.Start(t)
	c := newChain(node.Client, node.Contract)
	alice, bob := testActor(t, "Alice"), testActor(t, "Bob")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	store, key := watchtower.OpenTestBucket(t, ctx)
	tower := crypto.PubkeyToAddress(key.PublicKey)
	if _, err := node.Chain.Fund(ctx, tower, big.NewInt(1e18)); err != nil {
		t.Fatal(err)
	}
	open := func(b watchtower.Backend, receiptTimeout time.Duration) *watchtower.Watchtower {
		w, err := watchtower.Open(ctx, watchtower.Config{Backend: b, ChainID: devchain.ChainID, Contract: node.Contract, Key: key,
			JetStream: store.JetStream(), ReceiptTimeout: receiptTimeout, Limits: watchtower.Limits{SettleDelay: -1}, Logger: testLogger(t)})
		if err != nil {
			t.Fatal(err)
		}
		return w
	}

	id, _, _, a500 := exchange(t, c, alice, bob)
	w1 := open(lostSend{node.Client}, 300*time.Millisecond)
	payload, _ := wire.Encode(a500)
	r, err := w1.Handle(ctx, bob.addr, "r1", payload)
	if err != nil {
		t.Fatal(err)
	}
	wantAccepted(t, r, id, alice.addr, u(500))
	c.mustTransact(t, alice, nil, c.abi.PackStartClose(big.NewInt(int64(id.Channel))))
	if err := w1.Poll(ctx); err == nil {
		t.Fatal("Poll with a lost claim transaction succeeded; want a receipt timeout")
	}
	w1.Close()
	if ap, _ := c.paid(t, id); ap != 0 {
		t.Fatalf("on chain Alice paid %d; want 0 (the claim was lost)", ap)
	}

	w2 := open(node.Client, 0)
	defer w2.Close()
	if err := w2.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w2.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	if ap, _ := c.paid(t, id); ap != u(500) {
		t.Fatalf("on chain Alice paid %d after the restart; want 500 units", ap)
	}
	st, err := w2.Status(ctx)
	if err != nil || st.Claims != 1 {
		t.Fatalf("status = %+v, %v; want 1 claim", st, err)
	}
	if n, err := node.Client.NonceAt(ctx, tower, nil); err != nil || n != 1 {
		t.Fatalf("the watchtower's account sent %d transactions (%v); want 1", n, err)
	}
	if _, ok := w2.Held(id.Channel, channel.Alice); !ok {
		t.Fatal("the payment was forgotten while the channel is Closing")
	}
	// A higher total now: refused, not claimed.
	r, err = w2.Handle(ctx, bob.addr, "r2", mustEncode(t, mustPay(t, alice, id, u(600))))
	if err != nil {
		t.Fatal(err)
	}
	wantRefused(t, r, wt.CodeAlreadyClaimed)
}

func mustEncode(t *testing.T, p channel.Payment) []byte {
	t.Helper()
	b, err := wire.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
