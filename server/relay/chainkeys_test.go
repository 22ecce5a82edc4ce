package relay_test

import (
	"bytes"
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"

	"paychan/app/relayclient"
	"paychan/server/relay"
)

// TestChainKeys: the key of a wallet that never logged in comes from a
// transaction it signed (legacy or typed), within the searched blocks;
// a sealed client then reaches it through the relay.
func TestChainKeys(t *testing.T) {
	carol := addrOf(Carol)
	sim := simulated.NewBackend(types.GenesisAlloc{carol: {Balance: big.NewInt(1e18)}, addrOf(Mallory): {Balance: big.NewInt(1e18)}})
	defer sim.Close()
	cl := sim.Client()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	chainID := params.AllDevChainProtocolChanges.ChainID.Uint64()
	signer := types.LatestSignerForChainID(new(big.Int).SetUint64(chainID))
	head, _ := cl.HeaderByNumber(ctx, nil)
	// Mallory: a legacy (EIP-155) transaction; Carol: a dynamic-fee one.
	legacy := types.MustSignNewTx(Mallory, signer, &types.LegacyTx{Nonce: 0, To: &carol, Value: big.NewInt(1), Gas: 21000, GasPrice: new(big.Int).Mul(head.BaseFee, big.NewInt(2))})
	dyn := types.MustSignNewTx(Carol, signer, &types.DynamicFeeTx{ChainID: new(big.Int).SetUint64(chainID), Nonce: 0, To: &carol, Value: big.NewInt(1), Gas: 21000, GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), big.NewInt(params.GWei)), GasTipCap: big.NewInt(params.GWei)})
	for _, tx := range []*types.Transaction{legacy, dyn} {
		if err := cl.SendTransaction(ctx, tx); err != nil {
			t.Fatal(err)
		}
		sim.Commit()
		if _, err := cl.TransactionReceipt(ctx, tx.Hash()); err != nil {
			t.Fatalf("transaction of type %d not mined: %v", tx.Type(), err)
		}
	}
	find := relay.ChainKeys(cl, chainID, 4)
	got, ok, err := find(ctx, carol)
	if err != nil || !ok || !bytes.Equal(got, crypto.CompressPubkey(&Carol.PublicKey)) {
		t.Fatalf("ChainKeys(Carol) = %x, %v, %v; want her key", got, ok, err)
	}
	got, ok, err = find(ctx, addrOf(Mallory))
	if err != nil || !ok || !bytes.Equal(got, crypto.CompressPubkey(&Mallory.PublicKey)) {
		t.Fatalf("ChainKeys(Mallory, legacy tx) = %x, %v, %v; want her key", got, ok, err)
	}
	if _, ok, err := find(ctx, addrOf(Bob)); ok || err != nil {
		t.Errorf("ChainKeys(Bob, no transaction) = %v, %v; want not found", ok, err)
	}

	// A sealed client reaches Carol, who never logged in.
	r := mustSealedRelay(t, relay.Options{Store: mustStore(t, t.TempDir()), KeyFallback: find})
	alice := mustSealedClient(t, r.url, Alice, relayclient.Options{})
	if _, err := alice.Send(ctx, carol, []byte("hello Carol")); err != nil {
		t.Fatalf("send to Carol: %v", err)
	}
	in := newInbox()
	mustSealedClient(t, r.url, Carol, relayclient.Options{Handler: in.handle})
	if m := in.wait(t, 1); string(m[0].Payload) != "hello Carol" {
		t.Errorf("Carol got %q", m[0].Payload)
	}

	// The search is bounded: after 3 empty blocks Mallory's transaction
	// (block 1) is out of reach of a search of 4 blocks.
	for range 3 {
		sim.Commit()
	}
	if _, ok, err := find(ctx, addrOf(Mallory)); ok || err != nil {
		t.Errorf("ChainKeys beyond its %d blocks = %v, %v; want not found", 4, ok, err)
	}
}

// TestKeyDirectoryBound: a hostile client that logs in with ever new keys
// fills the store's key directory only up to JetStreamOptions.MaxKeys (its
// byte bound); past it a put fails with a clear error and the keys stored
// before stay readable.
func TestKeyDirectoryBound(t *testing.T) {
	st := mustStoreOpts(t, relay.JetStreamOptions{Dir: t.TempDir(), MaxKeys: 4})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	first := addrOf(Alice)
	if err := st.PutKey(ctx, first, crypto.CompressPubkey(&Alice.PublicKey)); err != nil {
		t.Fatalf("PutKey(Alice): %v", err)
	}
	var full error
	for i := 0; i < 100 && full == nil; i++ {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		full = st.PutKey(ctx, crypto.PubkeyToAddress(k.PublicKey), crypto.CompressPubkey(&k.PublicKey))
	}
	if full == nil {
		t.Fatal("100 keys stored in a directory of 4: not bounded")
	}
	if got, ok, err := st.LookupKey(ctx, first); err != nil || !ok || !bytes.Equal(got, crypto.CompressPubkey(&Alice.PublicKey)) {
		t.Errorf("LookupKey(Alice) after the directory filled = %x, %v, %v; want her key", got, ok, err)
	}
}

// countingChain counts the blocks a ChainKeys search reads from a real chain.
type countingChain struct {
	relay.ChainReader
	blocks int
}

func (c *countingChain) BlockByNumber(ctx context.Context, n *big.Int) (*types.Block, error) {
	c.blocks++
	return c.ChainReader.BlockByNumber(ctx, n)
}

// TestChainKeysReadBound: a lookup of an address that never sent a
// transaction reads at most the window (--relay-key-scan-blocks) of
// blocks; a repeated one reads only the blocks mined since.
func TestChainKeysReadBound(t *testing.T) {
	sim := simulated.NewBackend(types.GenesisAlloc{})
	defer sim.Close()
	for range 10 {
		sim.Commit()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ch := &countingChain{ChainReader: sim.Client()}
	find := relay.ChainKeys(ch, params.AllDevChainProtocolChanges.ChainID.Uint64(), 4)
	for i, want := range []int{4, 0, 0} {
		ch.blocks = 0
		if _, ok, err := find(ctx, addrOf(Bob)); ok || err != nil {
			t.Fatalf("search %d: ChainKeys(Bob) = %v, %v; want not found", i, ok, err)
		}
		if ch.blocks != want {
			t.Errorf("search %d of Bob read %d blocks; want %d", i, ch.blocks, want)
		}
	}
	sim.Commit()
	ch.blocks = 0
	if _, ok, err := find(ctx, addrOf(Bob)); ok || err != nil {
		t.Fatalf("ChainKeys(Bob) after a block = %v, %v; want not found", ok, err)
	}
	if ch.blocks != 1 {
		t.Errorf("search of Bob after one new block read %d blocks; want 1", ch.blocks)
	}
	// Another address still gets the whole window, no more.
	ch.blocks = 0
	if _, ok, err := find(ctx, addrOf(Mallory)); ok || err != nil {
		t.Fatalf("ChainKeys(Mallory) = %v, %v; want not found", ok, err)
	}
	if ch.blocks != 4 {
		t.Errorf("search of Mallory read %d blocks; want 4", ch.blocks)
	}
}
