package host_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	bind "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/google/go-cmp/cmp"

	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/hostapi"
	"paychan/app/relayclient"
	"paychan/contracts/bindings"
	"paychan/internal/testkit"
	"paychan/internal/testkit/hosttest"
	"paychan/server/deploy"
	"paychan/server/devchain"
	"paychan/server/devchain/devchaintest"
	"paychan/server/host"
	"paychan/server/relay"
	"paychan/server/watchtower"
)

// testLogger writes the host's logs to the test log, at warn level and up.
func testLogger(tb testing.TB) *slog.Logger { return testkit.Logger(tb, slog.LevelWarn) }

// mustHost starts the real host on 127.0.0.1:0 (hosttest.Start), logging at
// warn level and up.
func mustHost(tb testing.TB, cfg host.Config) *host.Main {
	tb.Helper()
	if cfg.Logger == nil {
		cfg.Logger = testLogger(tb)
	}
	return hosttest.Start(tb, cfg)
}

// mustClient dials the host's /rpc.
func mustClient(tb testing.TB, m *host.Main) *ethclient.Client {
	tb.Helper()
	c, err := ethclient.Dial(m.URL() + hostapi.RPCPath)
	if err != nil {
		tb.Fatalf("dial %s: %v", m.URL(), err)
	}
	tb.Cleanup(c.Close)
	return c
}

// mustTransact sends calldata with value from the named test key to the
// contract and waits for a successful receipt.
func mustTransact(tb testing.TB, client *ethclient.Client, name string, contract common.Address, calldata []byte, value *big.Int) *types.Receipt {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	key, _ := devchain.TestKeyByName(name)
	opts := bind.NewKeyedTransactor(key.Key, big.NewInt(devchain.ChainID))
	opts.Context, opts.Value = ctx, value
	bc := bindings.NewDuplexChannel().Instance(client, contract)
	tx, err := bc.RawTransact(opts, calldata)
	if err != nil {
		tb.Fatalf("%s: transact: %v", name, err)
	}
	receipt, err := chainclient.WaitMined(ctx, client, tx.Hash())
	if err != nil {
		tb.Fatal(err)
	}
	if receipt.Status != types.ReceiptStatusSuccessful {
		tb.Fatalf("%s: transaction %s reverted", name, tx.Hash())
	}
	return receipt
}

// mustCall calls a view function of the contract.
func mustCall[T any](tb testing.TB, client *ethclient.Client, contract common.Address, calldata []byte, unpack func([]byte) (T, error)) T {
	tb.Helper()
	bc := bindings.NewDuplexChannel().Instance(client, contract)
	v, err := bind.Call(bc, &bind.CallOpts{Context: context.Background()}, calldata, unpack)
	if err != nil {
		tb.Fatalf("call: %v", err)
	}
	return v
}

// do sends a request to the host and returns the status and body.
func do(tb testing.TB, method, url, contentType, body string) (int, string) {
	tb.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestConfigJSON(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir()})
	status, body := do(t, "GET", m.URL()+hostapi.ConfigPath, "", "")
	if status != http.StatusOK {
		t.Fatalf("GET /config.json = %d; want 200", status)
	}
	var got hostapi.Config
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
	want := hostapi.Config{
		ChainID: devchain.ChainID, Contract: m.Contract().Hex(), Symbol: "ETH", Decimals: 18,
		RPC: "/rpc", Relay: "/relay", DevTools: true,
		Watchtower: m.Watchtower().Address().Hex(), // generated in the data directory
		ChainKind:  "evm", MinFinalizationBlocks: channel.DevMinFinalizationBlocks,
		Tokens: []hostapi.Token{{Address: m.Tokens()[0].Address, Symbol: "tUSD", Decimals: 6}}, // deployed in the data directory
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("/config.json (-want +got):\n%s", diff)
	}
	if m.Contract() == (common.Address{}) {
		t.Errorf("no contract address")
	}
	if status, _ := do(t, "POST", m.URL()+hostapi.ConfigPath, "application/json", "{}"); status != http.StatusMethodNotAllowed {
		t.Errorf("POST /config.json = %d; want 405", status)
	}
}

func TestRPCAllowlist(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir()})
	alice, _ := devchain.TestKeyByName("Alice")
	big := `{"jsonrpc":"2.0","id":1,"method":"eth_call","params":[{"data":"0x` + strings.Repeat("00", 1<<20) + `"},"latest"]}`
	tests := []struct {
		name, body string
		status     int
		wantResult bool // a result, else a JSON-RPC error
		wantCode   int
	}{
		{"eth_chainId", `{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}`, 200, true, 0},
		{"eth_blockNumber", `{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}`, 200, true, 0},
		{"eth_getBalance", `{"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":["` + alice.Address.Hex() + `","latest"]}`, 200, true, 0},
		{"eth_gasPrice", `{"jsonrpc":"2.0","id":1,"method":"eth_gasPrice"}`, 200, true, 0},
		{"eth_maxPriorityFeePerGas", `{"jsonrpc":"2.0","id":1,"method":"eth_maxPriorityFeePerGas"}`, 200, true, 0},
		{"eth_feeHistory", `{"jsonrpc":"2.0","id":1,"method":"eth_feeHistory","params":["0x1","latest",[]]}`, 200, true, 0},
		{"eth_getCode", `{"jsonrpc":"2.0","id":1,"method":"eth_getCode","params":["` + m.Contract().Hex() + `","latest"]}`, 200, true, 0},
		{"eth_getLogs", `{"jsonrpc":"2.0","id":1,"method":"eth_getLogs","params":[{"fromBlock":"0x0"}]}`, 200, true, 0},
		{"net_version", `{"jsonrpc":"2.0","id":1,"method":"net_version"}`, 200, true, 0},
		{"web3_clientVersion", `{"jsonrpc":"2.0","id":1,"method":"web3_clientVersion"}`, 200, true, 0},
		{"admin_nodeInfo", `{"jsonrpc":"2.0","id":1,"method":"admin_nodeInfo"}`, 200, false, -32601},
		{"debug_getRawBlock", `{"jsonrpc":"2.0","id":1,"method":"debug_getRawBlock","params":["latest"]}`, 200, false, -32601},
		{"personal_listAccounts", `{"jsonrpc":"2.0","id":1,"method":"personal_listAccounts"}`, 200, false, -32601},
		{"miner_setExtra", `{"jsonrpc":"2.0","id":1,"method":"miner_setExtra","params":["x"]}`, 200, false, -32601},
		{"txpool_content", `{"jsonrpc":"2.0","id":1,"method":"txpool_content"}`, 200, false, -32601},
		{"eth_sendTransaction", `{"jsonrpc":"2.0","id":1,"method":"eth_sendTransaction","params":[{}]}`, 200, false, -32601},
		{"malformed", `{"jsonrpc":`, 200, false, -32700},
		{"oversized", big, 413, false, -32600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := do(t, "POST", m.URL()+hostapi.RPCPath, "application/json", tt.body)
			if status != tt.status {
				t.Errorf("serve(%s) = %d; want %d (body %.200s)", tt.name, status, tt.status, body)
			}
			var resp struct {
				Result json.RawMessage `json:"result"`
				Error  *struct {
					Code int `json:"code"`
				} `json:"error"`
			}
			if err := json.Unmarshal([]byte(body), &resp); err != nil {
				t.Fatalf("serve(%s): body %.200q is not JSON-RPC: %v", tt.name, body, err)
			}
			if tt.wantResult && (resp.Error != nil || resp.Result == nil) {
				t.Errorf("serve(%s) = %.200s; want a result", tt.name, body)
			}
			if !tt.wantResult && (resp.Error == nil || resp.Error.Code != tt.wantCode) {
				t.Errorf("serve(%s) = %.200s; want error code %d", tt.name, body, tt.wantCode)
			}
		})
	}
}

func TestDevEndpoints(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir()})
	client := mustClient(t, m)
	mallory := "0x000000000000000000000000000000000000bEEF"
	tests := []struct {
		name, method, path, contentType, body string
		status                                int
		want                                  string // substring of the answer
	}{
		{"mine 3", "POST", hostapi.MinePath, "application/json", `{"blocks":3}`, 200, `"blocks":3`},
		{"mine 0", "POST", hostapi.MinePath, "application/json", `{"blocks":0}`, 400, hostapi.CodeBadRequest},
		{"mine too many", "POST", hostapi.MinePath, "application/json", `{"blocks":10001}`, 400, hostapi.CodeBadRequest},
		{"mine not JSON", "POST", hostapi.MinePath, "application/json", `{"blocks":`, 400, hostapi.CodeBadRequest},
		{"mine unknown field", "POST", hostapi.MinePath, "application/json", `{"blocks":1,"x":2}`, 400, hostapi.CodeBadRequest},
		{"mine trailing data", "POST", hostapi.MinePath, "application/json", `{"blocks":1}{}`, 400, hostapi.CodeBadRequest},
		{"mine form post", "POST", hostapi.MinePath, "application/x-www-form-urlencoded", `blocks=1`, 415, hostapi.CodeUnsupported},
		{"mine GET", "GET", hostapi.MinePath, "", ``, 405, hostapi.CodeMethod},
		{"mine huge body", "POST", hostapi.MinePath, "application/json", `{"blocks":1` + strings.Repeat(" ", 5000) + `}`, 413, hostapi.CodeTooLarge},
		{"fund", "POST", hostapi.FundPath, "application/json", `{"address":"` + mallory + `","amount":"5000000000000000000"}`, 200, `"balance":"5000000000000000000"`},
		{"fund bad address", "POST", hostapi.FundPath, "application/json", `{"address":"0x12","amount":"1"}`, 400, hostapi.CodeBadRequest},
		{"fund zero", "POST", hostapi.FundPath, "application/json", `{"address":"` + mallory + `","amount":"0"}`, 400, hostapi.CodeBadRequest},
		{"fund negative", "POST", hostapi.FundPath, "application/json", `{"address":"` + mallory + `","amount":"-5"}`, 400, hostapi.CodeBadRequest},
		{"fund not decimal", "POST", hostapi.FundPath, "application/json", `{"address":"` + mallory + `","amount":"0x10"}`, 400, hostapi.CodeBadRequest},
		{"fund too much", "POST", hostapi.FundPath, "application/json", `{"address":"` + mallory + `","amount":"1000000000000000000000001"}`, 400, hostapi.CodeBadRequest},
		{"unknown tool", "POST", "/dev/reset", "application/json", `{}`, 404, hostapi.CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := do(t, tt.method, m.URL()+tt.path, tt.contentType, tt.body)
			if status != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("serve(%s %s %.60q) = %d %s; want %d containing %q", tt.method, tt.path, tt.body, status, body, tt.status, tt.want)
			}
		})
	}
	bal, err := client.BalanceAt(context.Background(), common.HexToAddress(mallory), nil)
	if err != nil || bal.String() != "5000000000000000000" {
		t.Errorf("Mallory's balance = %v, %v; want 5 ETH", bal, err)
	}
}

func TestMine100(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir()})
	client := mustClient(t, m)
	before, err := client.BlockNumber(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	status, body := do(t, "POST", m.URL()+hostapi.MinePath, "application/json", `{"blocks":100}`)
	t.Logf("POST /dev/mine 100 blocks: %s", time.Since(start).Round(time.Millisecond))
	if status != http.StatusOK {
		t.Fatalf("mine 100 = %d %s", status, body)
	}
	var resp hostapi.MineResponse
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatal(err)
	}
	after, err := client.BlockNumber(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if after != before+100 || resp.Head != after {
		t.Errorf("after mining 100: head %d (answer %d); want %d", after, resp.Head, before+100)
	}
}

func TestChannelPersistsAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	m := mustHost(t, host.Config{DataDir: dir})
	client := mustClient(t, m)
	alice, _ := devchain.TestKeyByName("Alice")
	bob, _ := devchain.TestKeyByName("Bob")
	dc := bindings.NewDuplexChannel()
	deposit := big.NewInt(3e18)

	start := time.Now()
	receipt := mustTransact(t, client, "Alice", m.Contract(), dc.PackOpen(bob.Address, common.Address{}, common.Address{}, 10), deposit)
	t.Logf("open: transaction to receipt in %s (block %d)", time.Since(start).Round(time.Millisecond), receipt.BlockNumber)
	contract := m.Contract()
	if err := m.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	m2 := mustHost(t, host.Config{DataDir: dir})
	if m2.Contract() != contract {
		t.Fatalf("contract after restart = %s; want %s", m2.Contract(), contract)
	}
	rec, err := deploy.Load(dir)
	if err != nil || rec.Contract != contract {
		t.Errorf("recorded contract = %v, %v; want %s", rec.Contract, err, contract)
	}
	client2 := mustClient(t, m2)
	one := big.NewInt(1)
	if status := mustCall(t, client2, contract, dc.PackStatus(one), dc.UnpackStatus); status != 1 {
		t.Errorf("status(1) after restart = %d; want 1 (Open)", status)
	}
	deps := mustCall(t, client2, contract, dc.PackDeposits(one), dc.UnpackDeposits)
	if deps.Alice.Cmp(deposit) != 0 {
		t.Errorf("Alice's deposit after restart = %s; want %s", deps.Alice, deposit)
	}
	parties := mustCall(t, client2, contract, dc.PackParties(one), dc.UnpackParties)
	if parties.Alice != alice.Address || parties.Bob != bob.Address {
		t.Errorf("parties after restart = %s, %s; want Alice, Bob", parties.Alice, parties.Bob)
	}
	got, err := client2.TransactionReceipt(context.Background(), receipt.TxHash)
	if err != nil || got.BlockHash != receipt.BlockHash {
		t.Errorf("open receipt after restart = %v, %v; want block %s", got, err, receipt.BlockHash)
	}
}

func TestExternalChain(t *testing.T) {
	// A separate development node on its own listener plays the external node.
	node := devchaintest.Start(t)
	addr, receipt := node.Contract, node.Deployed

	// With --contract.
	m := mustHost(t, host.Config{DataDir: t.TempDir(), RPCURL: node.URL, Contract: addr.Hex()})
	if got := m.WalletConfig(); got.DevTools || got.Contract != addr.Hex() || got.ChainID != devchain.ChainID {
		t.Errorf("WalletConfig() = %+v; want contract %s, chain %d, no dev tools", got, addr, devchain.ChainID)
	}
	for _, path := range []string{hostapi.MinePath, hostapi.FundPath} {
		if status, body := do(t, "POST", m.URL()+path, "application/json", `{"blocks":1}`); status != http.StatusNotFound {
			t.Errorf("POST %s in external mode = %d %s; want 404", path, status, body)
		}
	}
	client := mustClient(t, m)
	dc := bindings.NewDuplexChannel()
	bob, _ := devchain.TestKeyByName("Bob")
	mustTransact(t, client, "Alice", addr, dc.PackOpen(bob.Address, common.Address{}, common.Address{}, 5), big.NewInt(1e18))
	if status := mustCall(t, client, addr, dc.PackStatus(big.NewInt(1)), dc.UnpackStatus); status != 1 {
		t.Errorf("status(1) through the proxy = %d; want 1", status)
	}
	status, body := do(t, "POST", m.URL()+hostapi.RPCPath, "application/json", `{"jsonrpc":"2.0","id":1,"method":"txpool_status"}`)
	if status != 200 || !strings.Contains(body, "-32601") {
		t.Errorf("txpool_status through the proxy = %d %s; want a -32601 error", status, body)
	}

	// Without --contract: the record in the data directory (as the deploy
	// subcommand writes it) is used; without a record the host refuses.
	dir := t.TempDir()
	bad := &host.Main{Config: host.Config{Addr: "127.0.0.1:0", DataDir: dir, RPCURL: node.URL, WebDir: "-", Logger: testLogger(t)}}
	if err := bad.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "deploy") {
		t.Errorf("Run without a contract = %v; want an error naming the deploy subcommand", err)
	}
	if err := deploy.Save(dir, deploy.Record{ChainID: devchain.ChainID, Contract: addr, Tx: receipt.TxHash}); err != nil {
		t.Fatal(err)
	}
	m2 := mustHost(t, host.Config{DataDir: dir, RPCURL: node.URL})
	if m2.Contract() != addr {
		t.Errorf("contract from the record = %s; want %s", m2.Contract(), addr)
	}
}

func TestWalletNotBuilt(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir(), WebDir: t.TempDir()})
	status, body := do(t, "GET", m.URL()+"/", "", "")
	if status != http.StatusServiceUnavailable || !strings.Contains(body, "make run") {
		t.Errorf("GET / without a wallet = %d %s; want 503 explaining how to build it", status, body)
	}
}

func TestRelayMountedAndDurableAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	m := mustHost(t, host.Config{DataDir: dir})
	wsURL := "ws" + strings.TrimPrefix(m.URL(), "http") + hostapi.RelayPath
	aliceKey, _ := devchain.TestKeyByName("Alice")
	bobKey, _ := devchain.TestKeyByName("Bob")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// Bob logs in once, so that the relay knows his key: messages are
	// sealed to it (docs/sealed-messages.md).
	bob0, err := relayclient.Dial(ctx, wsURL, relayclient.KeySigner(bobKey.Key), relayclient.Options{Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("Bob: %v", err)
	}
	bob0.Close()
	alice, err := relayclient.Dial(ctx, wsURL, relayclient.KeySigner(aliceKey.Key), relayclient.Options{Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("Alice: %v", err)
	}
	if _, err := alice.Send(ctx, bobKey.Address, []byte("payment 1")); err != nil {
		t.Fatalf("Alice sends: %v", err)
	}
	alice.Close()
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	// Bob connects only after a restart: the stored message is delivered.
	m2 := mustHost(t, host.Config{DataDir: dir})
	wsURL = "ws" + strings.TrimPrefix(m2.URL(), "http") + hostapi.RelayPath
	got := make(chan relayclient.Message, 1)
	bob, err := relayclient.Dial(ctx, wsURL, relayclient.KeySigner(bobKey.Key), relayclient.Options{
		Logger: testLogger(t),
		Handler: func(ctx context.Context, msg relayclient.Message) error {
			select {
			case got <- msg:
			default:
			}
			return nil
		},
	})
	if err != nil {
		t.Fatalf("Bob: %v", err)
	}
	defer bob.Close()
	select {
	case msg := <-got:
		if msg.From != aliceKey.Address || string(msg.Payload) != "payment 1" {
			t.Errorf("Bob got %s from %s; want %q from Alice", msg.Payload, msg.From, "payment 1")
		}
	case <-ctx.Done():
		t.Fatal("Bob received nothing after the restart")
	}
}

// TestRelayNameAndLimits checks the relay's name (defaulted from the
// listener, or --relay-host), that a client dialing localhost reaches a
// host named 127.0.0.1:PORT, that the watchtower logs in over loopback
// with the configured name, and that the relay's limits are passed on.
// (The watchtower's reserved slot: relay.TestConnsPerIP.)
func TestRelayNameAndLimits(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir(), RelayLimits: relay.Limits{MaxPendingPerIP: 2}})
	if want := strings.TrimPrefix(m.URL(), "http://"); m.Config.RelayHost != want {
		t.Fatalf("RelayHost = %q; want %q (from the listener)", m.Config.RelayHost, want)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	wsURL := "ws" + strings.TrimPrefix(m.URL(), "http") + hostapi.RelayPath
	aliceKey, _ := devchain.TestKeyByName("Alice")
	alice, err := relayclient.Dial(ctx, strings.Replace(wsURL, "127.0.0.1", "localhost", 1), relayclient.KeySigner(aliceKey.Key), relayclient.Options{Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("Alice via localhost: %v", err)
	}
	alice.Close()
	if err := m.Watchtower().WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}

	// An attacker on loopback holds both pending slots of 127.0.0.1.
	for range 2 {
		ws, _, err := websocket.Dial(ctx, wsURL, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer ws.CloseNow()
	}
	if _, resp, err := websocket.Dial(ctx, wsURL, nil); resp == nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("third pending connection: %v %v; want HTTP 429", resp, err)
	}
	m2 := mustHost(t, host.Config{DataDir: t.TempDir(), RelayHost: "paychan.example"})
	if err := m2.Watchtower().WaitConnected(ctx); err != nil {
		t.Fatalf("watchtower of a host named paychan.example: %v", err)
	}
	// A client dialing it by its address refuses its challenge.
	wctx, wcancel := context.WithTimeout(ctx, time.Second)
	defer wcancel()
	_, err = relayclient.Dial(wctx, "ws"+strings.TrimPrefix(m2.URL(), "http")+hostapi.RelayPath, relayclient.KeySigner(aliceKey.Key), relayclient.Options{Logger: testLogger(t)})
	if !errors.Is(err, relayclient.ErrWrongRelay) {
		t.Fatalf("dialing a host named paychan.example by its IP: %v; want ErrWrongRelay", err)
	}
}

// TestChainNodeDevBounds: `paychan chain` serves /dev/mine and /dev/fund
// with the host's bounds: a mine of more than MaxMineBlocks blocks and a
// fund of more than a test key holds are refused and change nothing.
func TestChainNodeDevBounds(t *testing.T) {
	n := &host.ChainNode{Config: host.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir()}}
	if err := n.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	mallory := "0x000000000000000000000000000000000000bEEF"
	head := n.Chain().Head()
	tests := []struct {
		name, path, body string
		status           int
		want             string
	}{
		{"mine too many", hostapi.MinePath, fmt.Sprintf(`{"blocks":%d}`, hostapi.MaxMineBlocks+1), 400, hostapi.CodeBadRequest},
		{"mine 0", hostapi.MinePath, `{"blocks":0}`, 400, hostapi.CodeBadRequest},
		{"fund too much", hostapi.FundPath, `{"address":"` + mallory + `","amount":"1000000000000000000000001"}`, 400, hostapi.CodeBadRequest},
		{"fund zero", hostapi.FundPath, `{"address":"` + mallory + `","amount":"0"}`, 400, hostapi.CodeBadRequest},
		{"mine huge body", hostapi.MinePath, `{"blocks":1` + strings.Repeat(" ", 5000) + `}`, 413, hostapi.CodeTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := do(t, "POST", n.URL()+tt.path, "application/json", tt.body)
			if status != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("POST %s %.60q = %d %s; want %d containing %q", tt.path, tt.body, status, body, tt.status, tt.want)
			}
		})
	}
	if got := n.Chain().Head(); got != head {
		t.Errorf("head %d after refused requests; want %d", got, head)
	}
	bal, err := n.Chain().Client().BalanceAt(t.Context(), common.HexToAddress(mallory), nil)
	if err != nil || bal.Sign() != 0 {
		t.Errorf("Mallory's balance = %v, %v; want 0", bal, err)
	}
}

// TestWatchtowerKeyFile: --watchtower-key names the watchtower's key file,
// created if missing: two hosts given the same file (each with its own
// data directory) are one watchtower identity, and the key is not put in
// either data directory.
func TestWatchtowerKeyFile(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "shared.key")
	var addrs []common.Address
	for range 2 {
		dir := t.TempDir()
		m := mustHost(t, host.Config{DataDir: dir, WatchtowerKeyFile: keyFile})
		addrs = append(addrs, m.Watchtower().Address())
		if _, err := os.Stat(filepath.Join(dir, watchtower.KeyFile)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s in the data directory: %v; want none (the key is in %s)", watchtower.KeyFile, err, keyFile)
		}
	}
	key, _, err := watchtower.LoadOrCreateKey(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	want := crypto.PubkeyToAddress(key.PublicKey)
	if addrs[0] != want || addrs[1] != want {
		t.Errorf("watchtower accounts %v; want both %s, the key in %s", addrs, want.Hex(), keyFile)
	}
}
