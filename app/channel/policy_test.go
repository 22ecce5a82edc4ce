package channel_test

import (
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/channel"
)

func TestMinFinalizationBlocks(t *testing.T) {
	for _, tt := range []struct {
		chain, hostMin, want uint64
	}{
		{1, 0, channel.DefaultMinFinalizationBlocks},
		{1, 10, channel.DefaultMinFinalizationBlocks}, // a host cannot lower a real chain's minimum
		{81, 1, channel.DefaultMinFinalizationBlocks},
		{channel.DevChainID, 0, channel.DefaultMinFinalizationBlocks},
		{channel.DevChainID, channel.DevMinFinalizationBlocks, channel.DevMinFinalizationBlocks},
		{channel.DevChainID, 1, 2},
	} {
		if got := channel.MinFinalizationBlocks(tt.chain, tt.hostMin); got != tt.want {
			t.Errorf("MinFinalizationBlocks(%d, %d) = %d; want %d", tt.chain, tt.hostMin, got, tt.want)
		}
	}
	if err := channel.CheckFinalization(1, 10); !errors.Is(err, channel.ErrFinalizationTooShort) {
		t.Errorf("CheckFinalization(1, 10) = %v", err)
	}
	if err := channel.CheckFinalization(0, 2); !errors.Is(err, channel.ErrFinalizationTooShort) {
		t.Errorf("CheckFinalization(unknown) = %v", err)
	}
	if err := channel.CheckFinalization(10, 10); err != nil {
		t.Errorf("CheckFinalization(10, 10) = %v", err)
	}
}

// TestBookRefusesShortFinalization: a Book neither adds (open, join) nor
// pays nor accepts payments in a channel whose period is below its minimum;
// the dev host's lower minimum counts on the dev chain only.
func TestBookRefusesShortFinalization(t *testing.T) {
	sa, sb := mustPair(t, 10, 0)
	short := func(s channel.State, blocks uint64) channel.State { s.FinalizationBlocks = blocks; return s }
	alice := channel.NewBook(channel.NewMemStore(), mustKey(t, aliceWIF))
	for _, blocks := range []uint64{0, 1, channel.DefaultMinFinalizationBlocks - 1} {
		if err := alice.Add(short(sa, blocks)); !errors.Is(err, channel.ErrFinalizationTooShort) {
			t.Fatalf("Add with %d blocks = %v; want ErrFinalizationTooShort", blocks, err)
		}
	}
	// The dev host states 10: honoured for chain 1337 (testID's chain)...
	alice.SetHostMinFinalization(channel.DevMinFinalizationBlocks)
	if err := alice.Add(short(sa, 9)); !errors.Is(err, channel.ErrFinalizationTooShort) {
		t.Fatalf("Add with 9 blocks = %v", err)
	}
	if err := alice.Add(short(sa, 10)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := alice.Pay(testID, big.NewInt(1), t0); err != nil {
		t.Fatal(err)
	}
	// ...but not for another chain.
	other := short(sa, 100)
	other.ID.ChainID = 1
	if err := alice.Add(other); !errors.Is(err, channel.ErrFinalizationTooShort) {
		t.Fatalf("Add on chain 1 with 100 blocks and a host minimum of 10 = %v", err)
	}

	// A state stored before the period was recorded (0) takes no payment
	// until the chain's Opened event fills it in.
	bs := channel.NewMemStore()
	if err := bs.SaveChannel(short(sb, 0)); err != nil {
		t.Fatal(err)
	}
	bob := channel.NewBook(bs, mustKey(t, bobWIF))
	p := signedPayment(t, testID, 3, aliceWIF)
	if _, _, err := bob.Receive(addr(mustKey(t, aliceWIF)), p, t0); !errors.Is(err, channel.ErrFinalizationTooShort) {
		t.Fatalf("Receive on an unknown period = %v", err)
	}
	outs, err := bob.ReceiveMany([]channel.Incoming{{From: addr(mustKey(t, aliceWIF)), Msg: p}}, t0)
	if err != nil || !errors.Is(outs[0].Err, channel.ErrFinalizationTooShort) {
		t.Fatalf("ReceiveMany on an unknown period = %v, %v", outs, err)
	}
	if _, _, err := bob.Apply(testID, channel.Opened{FinalizationBlocks: 1}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := bob.Receive(addr(mustKey(t, aliceWIF)), p, t0); !errors.Is(err, channel.ErrFinalizationTooShort) {
		t.Fatalf("Receive on a 1-block channel = %v", err)
	}
	if _, _, err := bob.Apply(testID, channel.Opened{FinalizationBlocks: 7200}); !errors.Is(err, channel.ErrBadEvent) {
		t.Fatalf("a different period on chain = %v; want ErrBadEvent", err)
	}
	// A close proposal is still answered: closing a bad channel is fine.
	if _, fx, err := bob.ProposeClose(testID, t0); err != nil || len(fx.Send) != 1 {
		t.Fatalf("ProposeClose on a short channel = %v", err)
	}
}

// TestBookRefusesForeignSigner (issue 10 item 6): Alice alone picks Bob's
// signer at open, so a channel can name Bob's account but another signer.
// Bob's wallet must refuse it (ErrWrongKey): payments to him would be
// signed and checked against a key he does not hold.
func TestBookRefusesForeignSigner(t *testing.T) {
	a, b, mallory := mustKey(t, aliceWIF), mustKey(t, bobWIF), mustMallory(t)
	pa := channel.Party{Account: crypto.PubkeyToAddress(a.PublicKey), Signer: crypto.PubkeyToAddress(a.PublicKey)}
	pb := channel.Party{Account: crypto.PubkeyToAddress(b.PublicKey), Signer: crypto.PubkeyToAddress(mallory.PublicKey)}
	st, err := channel.NewState(testID, channel.Bob, pa, pb)
	if err != nil {
		t.Fatal(err)
	}
	st.FinalizationBlocks = channel.DefaultMinFinalizationBlocks
	if err := channel.NewBook(channel.NewMemStore(), b).Add(st); !errors.Is(err, channel.ErrWrongKey) {
		t.Fatalf("Add of a channel whose signer for Bob is Mallory's = %v; want ErrWrongKey", err)
	}
}

// TestOpenFinalizationBlocks: the wallets' proposed period is 100 blocks,
// never below the chain's minimum.
func TestOpenFinalizationBlocks(t *testing.T) {
	for _, tt := range []struct{ min, want uint64 }{
		{channel.DevMinFinalizationBlocks, 100},
		{channel.DefaultMinFinalizationBlocks, channel.DefaultMinFinalizationBlocks},
	} {
		if got := channel.OpenFinalizationBlocks(tt.min); got != tt.want {
			t.Errorf("OpenFinalizationBlocks(%d) = %d; want %d", tt.min, got, tt.want)
		}
	}
}
