package devchain_test

import (
	"context"
	"crypto/ecdsa"
	"io/fs"
	"math/big"
	"net/http/httptest"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"paychan/app/chainclient"
	"paychan/server/devchain"
)

// mustChain opens the chain in dir and closes it when the test ends.
func mustChain(tb testing.TB, dir string) *devchain.Chain {
	tb.Helper()
	c, err := devchain.New(devchain.Options{Dir: dir})
	if err != nil {
		tb.Fatalf("devchain.New(%q): %v", dir, err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

// mustClient serves the chain's RPC handler on 127.0.0.1 and dials it.
func mustClient(tb testing.TB, c *devchain.Chain) *ethclient.Client {
	tb.Helper()
	srv := httptest.NewServer(c.Handler())
	tb.Cleanup(srv.Close)
	client, err := ethclient.Dial(srv.URL)
	if err != nil {
		tb.Fatalf("dial %s: %v", srv.URL, err)
	}
	tb.Cleanup(client.Close)
	return client
}

// mustTransfer sends value wei from the named test key to to and waits for the receipt.
func mustTransfer(tb testing.TB, client *ethclient.Client, from string, to common.Address, value *big.Int) *types.Receipt {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	key, ok := devchain.TestKeyByName(from)
	if !ok {
		tb.Fatalf("no test key %q", from)
	}
	nonce, err := client.PendingNonceAt(ctx, key.Address)
	if err != nil {
		tb.Fatalf("PendingNonceAt(%s): %v", from, err)
	}
	tip, err := client.SuggestGasTipCap(ctx)
	if err != nil {
		tb.Fatalf("SuggestGasTipCap: %v", err)
	}
	head, err := client.HeaderByNumber(ctx, nil)
	if err != nil {
		tb.Fatalf("HeaderByNumber: %v", err)
	}
	tx, err := types.SignNewTx(key.Key, types.LatestSignerForChainID(big.NewInt(devchain.ChainID)), &types.DynamicFeeTx{
		ChainID: big.NewInt(devchain.ChainID), Nonce: nonce, GasTipCap: tip,
		GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip),
		Gas:       21_000, To: &to, Value: value,
	})
	if err != nil {
		tb.Fatalf("sign: %v", err)
	}
	if err := client.SendTransaction(ctx, tx); err != nil {
		tb.Fatalf("SendTransaction: %v", err)
	}
	receipt, err := chainclient.WaitMined(ctx, client, tx.Hash())
	if err != nil {
		tb.Fatal(err)
	}
	if receipt.Status != types.ReceiptStatusSuccessful {
		tb.Fatalf("transfer %s failed", tx.Hash())
	}
	return receipt
}

func TestTestKeysMatchSeed(t *testing.T) {
	want := map[string]string{
		"Alice": "0x0CF28703ECc9C7dB28F3d496e41666445b0A4EAF",
		"Bob":   "0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47",
	}
	for name, addr := range want {
		k, ok := devchain.TestKeyByName(name)
		if !ok {
			t.Fatalf("TestKeyByName(%q) missing", name)
		}
		if k.Address != common.HexToAddress(addr) {
			t.Errorf("%s address = %s; want %s", name, k.Address, addr)
		}
	}
}

func TestGenesisFundsTestKeysAndIsStable(t *testing.T) {
	a, b := devchain.Genesis(common.Address{1}, nil).ToBlock(), devchain.Genesis(common.Address{1}, nil).ToBlock()
	if a.Hash() != b.Hash() {
		t.Fatalf("genesis hash differs between calls: %s vs %s", a.Hash(), b.Hash())
	}
	c := mustChain(t, t.TempDir())
	client := mustClient(t, c)
	for _, k := range devchain.TestKeys() {
		bal, err := client.BalanceAt(context.Background(), k.Address, nil)
		if err != nil {
			t.Fatal(err)
		}
		if bal.Cmp(devchain.TestFunds) != 0 {
			t.Errorf("balance of %s = %s; want %s", k.Name, bal, devchain.TestFunds)
		}
	}
	id, err := client.ChainID(context.Background())
	if err != nil || id.Uint64() != devchain.ChainID {
		t.Errorf("ChainID() = %v, %v; want %d", id, err, devchain.ChainID)
	}
}

func TestForkRulesStopAtMainnet(t *testing.T) {
	cfg := devchain.ChainConfig()
	if !cfg.IsPrague(big.NewInt(1), 1) || !cfg.IsOsaka(big.NewInt(1), 1) {
		t.Errorf("Prague/Osaka not active at genesis")
	}
	if cfg.IsAmsterdam(big.NewInt(1), 1<<40) || cfg.BogotaTime != nil {
		t.Errorf("a future fork is scheduled: %s", cfg)
	}
	if err := cfg.CheckConfigForkOrder(); err != nil {
		t.Errorf("CheckConfigForkOrder: %v", err)
	}
}

func TestMineAndPersistAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	c := mustChain(t, dir)
	client := mustClient(t, c)
	bob, _ := devchain.TestKeyByName("Bob")
	receipt := mustTransfer(t, client, "Alice", bob.Address, big.NewInt(12345))

	start := time.Now()
	head, err := c.Mine(100)
	if err != nil {
		t.Fatalf("Mine(100): %v", err)
	}
	t.Logf("mined 100 blocks in %s", time.Since(start))
	if want := receipt.BlockNumber.Uint64() + 100; head != want {
		t.Errorf("Mine(100) head = %d; want %d", head, want)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	c2 := mustChain(t, dir)
	client2 := mustClient(t, c2)
	if got := c2.Head(); got != head {
		t.Errorf("head after restart = %d; want %d", got, head)
	}
	got, err := client2.TransactionReceipt(context.Background(), receipt.TxHash)
	if err != nil {
		t.Fatalf("receipt after restart: %v", err)
	}
	if got.BlockHash != receipt.BlockHash {
		t.Errorf("receipt block after restart = %s; want %s", got.BlockHash, receipt.BlockHash)
	}
}

func TestFund(t *testing.T) {
	c := mustChain(t, "")
	client := mustClient(t, c)
	mallory := common.HexToAddress("0x000000000000000000000000000000000000beef")
	amount := big.NewInt(7e18)
	if _, err := c.Fund(context.Background(), mallory, amount); err != nil {
		t.Fatalf("Fund: %v", err)
	}
	bal, err := client.BalanceAt(context.Background(), mallory, nil)
	if err != nil || bal.Cmp(amount) != 0 {
		t.Errorf("balance = %v, %v; want %s", bal, err, amount)
	}
	if _, err := c.Fund(context.Background(), mallory, big.NewInt(0)); err == nil {
		t.Errorf("Fund(0) succeeded; want an error")
	}
	if _, err := c.Mine(0); err == nil {
		t.Errorf("Mine(0) succeeded; want an error")
	}
}

// Issue 10 item 15: the faucet's key is no longer public. It is generated
// in the data directory on first start (mode 0600) and kept: the genesis,
// which funds it, stays the same, so the directory reopens.
func TestFaucetKeyIsPrivateAndKept(t *testing.T) {
	dir := t.TempDir()
	c := mustChain(t, dir)
	faucet := c.FaucetAddress()
	st, err := os.Stat(filepath.Join(dir, devchain.FaucetKeyFile))
	if err != nil {
		t.Fatalf("no faucet key file: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("faucet key file mode = %v; want 0600", st.Mode().Perm())
	}
	public := crypto.PubkeyToAddress(mustKey(t, crypto.Keccak256([]byte("paychan development chain faucet (public test key)"))).PublicKey)
	if faucet == public {
		t.Errorf("faucet %s is the old public key", faucet)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c2 := mustChain(t, dir) // the same genesis, or the node refuses the directory
	if c2.FaucetAddress() != faucet {
		t.Errorf("faucet after restart = %s; want %s", c2.FaucetAddress(), faucet)
	}
	if _, err := c2.Fund(context.Background(), common.HexToAddress("0xbeef"), big.NewInt(1)); err != nil {
		t.Errorf("Fund after restart: %v", err)
	}
	if other := mustChain(t, t.TempDir()); other.FaucetAddress() == faucet {
		t.Errorf("two data directories share the faucet %s", faucet)
	}
	// A directory created before the key file existed keeps the public key
	// its genesis funds.
	legacy := t.TempDir()
	if err := os.MkdirAll(filepath.Join(legacy, "paychan", "chaindata"), 0o700); err != nil {
		t.Fatal(err)
	}
	if got := mustChain(t, legacy).FaucetAddress(); got != public {
		t.Errorf("faucet of a legacy directory = %s; want the public %s", got, public)
	}
}

func mustKey(tb testing.TB, b []byte) *ecdsa.PrivateKey {
	tb.Helper()
	k, err := crypto.ToECDSA(b)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// TestDataDirSmall checks what a new chain's data directory takes on disk,
// in allocated blocks (pebble preallocates its write-ahead log files): 1.4
// GB with geth's default database cache, before any block.
func TestDataDirSmall(t *testing.T) {
	dir := t.TempDir()
	c := mustChain(t, dir)
	if _, err := c.Mine(5); err != nil {
		t.Fatalf("Mine(5): %v", err)
	}
	var used int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		var st syscall.Stat_t
		if err := syscall.Stat(path, &st); err != nil {
			return err
		}
		used += st.Blocks * 512
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("data directory after 5 blocks: %.1f MB on disk", float64(used)/1e6)
	if used > 128<<20 {
		t.Errorf("data directory takes %.1f MB on disk; want at most 128 MB", float64(used)/1e6)
	}
}
