package host_test

import (
	"context"
	"encoding/json"
	"math/big"
	"net/http"
	"testing"
	"time"

	bind "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/hostapi"
	"paychan/contracts/bindings"
	"paychan/server/devchain"
	"paychan/server/host"
)

// TestConfigListsTestUSD: the real host deploys tUSD on its embedded chain,
// lists it in /config.json, and the token read through the host's own /rpc
// is "Test USD" with 6 decimals, Alice and Bob holding 1,000,000 tUSD each.
// A restart on the same data lists the same token without deploying again.
func TestConfigListsTestUSD(t *testing.T) {
	dir := t.TempDir()
	m := mustHost(t, host.Config{DataDir: dir})
	status, body := do(t, "GET", m.URL()+hostapi.ConfigPath, "", "")
	if status != http.StatusOK {
		t.Fatalf("GET /config.json = %d; want 200", status)
	}
	var cfg hostapi.Config
	if err := json.Unmarshal([]byte(body), &cfg); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
	if len(cfg.Tokens) != 1 || cfg.Tokens[0].Symbol != "tUSD" || cfg.Tokens[0].Decimals != 6 || !common.IsHexAddress(cfg.Tokens[0].Address) {
		t.Fatalf("/config.json tokens = %+v; want one tUSD with 6 decimals", cfg.Tokens)
	}
	addr := common.HexToAddress(cfg.Tokens[0].Address)

	client := mustClient(t, m)
	tk := bindings.NewTestUSD()
	inst := tk.Instance(client, addr)
	opts := &bind.CallOpts{Context: context.Background()}
	call := func(data []byte) []byte {
		t.Helper()
		out, err := inst.CallRaw(opts, data)
		if err != nil {
			t.Fatalf("call token %s: %v", addr, err)
		}
		return out
	}
	if name, err := tk.UnpackName(call(tk.PackName())); err != nil || name != "Test USD" {
		t.Errorf("name() = %q, %v; want Test USD", name, err)
	}
	if sym, err := tk.UnpackSymbol(call(tk.PackSymbol())); err != nil || sym != "tUSD" {
		t.Errorf("symbol() = %q, %v; want tUSD", sym, err)
	}
	if dec, err := tk.UnpackDecimals(call(tk.PackDecimals())); err != nil || dec != 6 {
		t.Errorf("decimals() = %d, %v; want 6", dec, err)
	}
	million := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1_000_000)) // 1,000,000 tUSD in 10^-6 units
	for _, name := range []string{"Alice", "Bob"} {
		k, _ := devchain.TestKeyByName(name)
		bal, err := tk.UnpackBalanceOf(call(tk.PackBalanceOf(k.Address)))
		if err != nil || bal.Cmp(million) != 0 {
			t.Errorf("balanceOf(%s) = %v, %v; want %s", name, bal, err, million)
		}
	}
	deployer, _ := devchain.TestKeyByName("Deployer")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	nonce, err := client.NonceAt(ctx, deployer.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	m2 := mustHost(t, host.Config{DataDir: dir})
	if got := m2.WalletConfig().Tokens; len(got) != 1 || got[0] != cfg.Tokens[0] {
		t.Errorf("tokens after restart = %+v; want %+v", got, cfg.Tokens)
	}
	after, err := mustClient(t, m2).NonceAt(ctx, deployer.Address, nil)
	if err != nil || after != nonce {
		t.Errorf("Deployer nonce after restart = %d, %v; want %d (nothing deployed again)", after, err, nonce)
	}
}

// TestTokenChannelThroughHost: the wallet's chain client, through the real
// host's /rpc, reads tUSD as /config.json lists it, approves (and skips a
// second approval the allowance covers), opens a 100 tUSD channel as Alice,
// deposits 20 tUSD as Bob, and reads the channel back with its asset.
func TestTokenChannelThroughHost(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir()})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cfg := m.WalletConfig()
	cl, err := chainclient.Dial(ctx, m.URL()+hostapi.RPCPath, m.Contract(), cfg.ChainID)
	if err != nil {
		t.Fatal(err)
	}
	cl.PollInterval = 5 * time.Millisecond
	tok := common.HexToAddress(cfg.Tokens[0].Address)
	asset, err := cl.TokenInfo(ctx, tok)
	if err != nil || asset.Symbol != cfg.Tokens[0].Symbol || int(asset.Decimals) != cfg.Tokens[0].Decimals {
		t.Fatalf("TokenInfo(%s) = %+v, %v; want %+v", tok, asset, err, cfg.Tokens[0])
	}
	alice, _ := devchain.TestKeyByName("Alice")
	bob, _ := devchain.TestKeyByName("Bob")
	tusd := func(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1_000_000)) }

	if ok, _, err := cl.EnsureAllowance(ctx, alice.Key, tok, tusd(100), nil); err != nil || !ok {
		t.Fatalf("Alice's approval = %v, %v", ok, err)
	}
	if ok, rc, err := cl.EnsureAllowance(ctx, alice.Key, tok, tusd(100), nil); err != nil || ok || rc != nil {
		t.Errorf("a second approval of the same amount = %v, %v, %v; want skipped", ok, rc, err)
	}
	id, _, err := cl.OpenToken(ctx, alice.Key, tok, bob.Address, common.Address{}, common.Address{}, 100, tusd(100), nil)
	if err != nil {
		t.Fatalf("OpenToken: %v", err)
	}
	if ok, _, err := cl.EnsureAllowance(ctx, bob.Key, tok, tusd(20), nil); err != nil || !ok {
		t.Fatalf("Bob's approval = %v, %v", ok, err)
	}
	if _, err := cl.DepositToken(ctx, bob.Key, id, tusd(20), nil); err != nil {
		t.Fatalf("DepositToken: %v", err)
	}
	ch, err := cl.Channel(ctx, id)
	if err != nil {
		t.Fatalf("Channel(%d): %v", id, err)
	}
	if want := (channel.Asset{Token: tok, Symbol: "tUSD", Decimals: 6}); ch.Asset != want {
		t.Errorf("Channel(%d).Asset = %+v; want %+v", id, ch.Asset, want)
	}
	if ch.AliceDeposit.Cmp(tusd(100)) != 0 || ch.BobDeposit.Cmp(tusd(20)) != 0 {
		t.Errorf("deposits = %v, %v; want 100 and 20 tUSD", ch.AliceDeposit, ch.BobDeposit)
	}
	if bal, err := cl.TokenBalance(ctx, tok, alice.Address); err != nil || bal.Cmp(tusd(999_900)) != 0 {
		t.Errorf("Alice's tUSD = %v, %v; want 999,900 tUSD", bal, err)
	}
}
