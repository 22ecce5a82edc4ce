package devchain_test

import (
	"context"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	bind "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"

	"paychan/contracts/bindings"
	"paychan/server/devchain"
)

// tokenBalance reads balanceOf(holder) of token through client.
func tokenBalance(tb testing.TB, client *ethclient.Client, token, holder common.Address) *big.Int {
	tb.Helper()
	tk := bindings.NewTestUSD()
	v, err := bind.Call(tk.Instance(client, token), &bind.CallOpts{Context: context.Background()}, tk.PackBalanceOf(holder), tk.UnpackBalanceOf)
	if err != nil {
		tb.Fatalf("balanceOf(%s) at %s: %v", holder, token, err)
	}
	return v
}

// TestTestUSD: the chain deploys tUSD once, Alice and Bob hold 1,000,000
// tUSD each, a restart finds the recorded token without deploying again,
// and a record naming an address without the token deploys it again.
func TestTestUSD(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := mustChain(t, dir)
	tok, err := c.TestUSD(ctx)
	if err != nil {
		t.Fatalf("TestUSD: %v", err)
	}
	if tok.Symbol != "tUSD" || tok.Decimals != 6 || tok.Address == (common.Address{}) {
		t.Fatalf("TestUSD() = %+v; want tUSD, 6 decimals, an address", tok)
	}
	client := mustClient(t, c)
	million := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1_000_000))
	for _, name := range []string{"Alice", "Bob", "Deployer"} {
		k, _ := devchain.TestKeyByName(name)
		want := million
		if name == "Deployer" {
			want = new(big.Int)
		}
		if got := tokenBalance(t, client, tok.Address, k.Address); got.Cmp(want) != 0 {
			t.Errorf("tUSD balance of %s = %s; want %s", name, got, want)
		}
	}
	again, err := c.TestUSD(ctx)
	if err != nil || again != tok {
		t.Errorf("second TestUSD() = %+v, %v; want %+v", again, err, tok)
	}
	deployer, _ := devchain.TestKeyByName("Deployer")
	nonce, err := client.NonceAt(ctx, deployer.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}

	// Restart: the record names the token; nothing is deployed.
	c2 := mustChain(t, dir)
	if got, err := c2.TestUSD(ctx); err != nil || got != tok {
		t.Errorf("TestUSD() after restart = %+v, %v; want %+v", got, err, tok)
	}
	client2 := mustClient(t, c2)
	if n, err := client2.NonceAt(ctx, deployer.Address, nil); err != nil || n != nonce {
		t.Errorf("Deployer nonce after restart = %d, %v; want %d", n, err, nonce)
	}

	// A record naming an address where the token is not (say, written just
	// before a crash that lost the deployment): it is deployed again.
	bogus := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	if err := os.WriteFile(filepath.Join(dir, devchain.TestUSDFile), []byte(`{"address":"`+bogus.Hex()+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	re, err := c2.TestUSD(ctx)
	if err != nil {
		t.Fatalf("TestUSD() with a stale record: %v", err)
	}
	if re.Address == bogus || re.Address == tok.Address {
		t.Errorf("TestUSD() with a stale record = %s; want a new deployment", re.Address)
	}
	k, _ := devchain.TestKeyByName("Alice")
	if got := tokenBalance(t, client2, re.Address, k.Address); got.Cmp(million) != 0 {
		t.Errorf("Alice's balance of the new token = %s; want %s", got, million)
	}
}

// TestTestUSDInMemory: an in-memory chain deploys tUSD once too.
func TestTestUSDInMemory(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := mustChain(t, "")
	tok, err := c.TestUSD(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := c.TestUSD(ctx); err != nil || again != tok {
		t.Errorf("second TestUSD() in memory = %+v, %v; want %+v", again, err, tok)
	}
}
