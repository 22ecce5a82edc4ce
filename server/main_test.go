package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"paychan/app/chainclient"
	"paychan/app/hostapi"
	"paychan/server/devchain"
)

// binary is the host command built once for the tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "paychan-host-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "paychan")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build the host:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// proc is a host subprocess.
type proc struct {
	cmd  *exec.Cmd
	url  string
	logs *lockedBuffer
	done chan error
}

// lockedBuffer collects a subprocess's stderr.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

// Write appends p.
func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns what was written.
func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// mustStart starts the host binary with args and waits until it listens.
func mustStart(tb testing.TB, args ...string) *proc {
	tb.Helper()
	args = append([]string{"--addr", "127.0.0.1:0", "--web", "-"}, args...)
	cmd := exec.Command(binary, args...)
	p := &proc{cmd: cmd, logs: new(lockedBuffer), done: make(chan error, 1)}
	cmd.Stderr = p.logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start %s: %v", binary, err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "paychan host running at "); ok {
				urls <- u
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() { p.done <- cmd.Wait() }()
	tb.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-p.done:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
			}
		}
		if tb.Failed() {
			tb.Logf("host logs:\n%s", p.logs.String())
		}
	})
	select {
	case p.url = <-urls:
		tb.Logf("host process listening after %s at %s", time.Since(start).Round(time.Millisecond), p.url)
	case err := <-p.done:
		tb.Fatalf("host exited before listening: %v\n%s", err, p.logs.String())
	case <-time.After(2 * time.Minute):
		tb.Fatalf("host did not listen within 2 minutes\n%s", p.logs.String())
	}
	return p
}

// runCmd runs the binary to completion and returns its stdout.
func runCmd(tb testing.TB, env []string, args ...string) (string, error) {
	tb.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("%v: %w\n%s", args, err, stderr.String())
	}
	return string(out), nil
}

// mustDial dials a host's /rpc.
func mustDial(tb testing.TB, url string) *ethclient.Client {
	tb.Helper()
	c, err := ethclient.Dial(url + hostapi.RPCPath)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.Close)
	return c
}

// sent is a transaction whose receipt the host returned.
type sent struct {
	hash, block common.Hash
	took        time.Duration
}

// sendTransfers sends transfers from Alice to Bob one after the other, until
// one fails, reporting each receipted transaction on out.
func sendTransfers(client *ethclient.Client, out chan<- sent) {
	defer close(out)
	ctx := context.Background()
	alice, _ := devchain.TestKeyByName("Alice")
	bob, _ := devchain.TestKeyByName("Bob")
	nonce, err := client.PendingNonceAt(ctx, alice.Address)
	if err != nil {
		return
	}
	signer := types.LatestSignerForChainID(big.NewInt(devchain.ChainID))
	for ; ; nonce++ {
		tx, err := types.SignNewTx(alice.Key, signer, &types.DynamicFeeTx{
			ChainID: big.NewInt(devchain.ChainID), Nonce: nonce, GasTipCap: big.NewInt(1e9),
			GasFeeCap: big.NewInt(100e9), Gas: 21_000, To: &bob.Address, Value: big.NewInt(int64(nonce) + 1),
		})
		if err != nil {
			return
		}
		start := time.Now()
		if err := client.SendTransaction(ctx, tx); err != nil {
			return
		}
		wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		receipt, err := chainclient.WaitMined(wctx, client, tx.Hash())
		cancel()
		if err != nil {
			return
		}
		out <- sent{hash: tx.Hash(), block: receipt.BlockHash, took: time.Since(start)}
	}
}

func TestKill9LosesNoReceiptedTransaction(t *testing.T) {
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	killAfter := 10 + rng.IntN(30)
	t.Logf("seed %d: SIGKILL after %d receipts", seed, killAfter)
	dir := filepath.Join(t.TempDir(), "data")

	p := mustStart(t, "--data", dir)
	var cfg hostapi.Config
	mustGetJSON(t, p.url+hostapi.ConfigPath, &cfg)
	client := mustDial(t, p.url)
	out := make(chan sent)
	go sendTransfers(client, out)
	var got []sent
	for s := range out {
		got = append(got, s)
		if len(got) == killAfter {
			// Kill while the sender goes on: its next transaction is in flight.
			if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			<-p.done
		}
	}
	if len(got) < killAfter {
		t.Fatalf("only %d transactions receipted before the kill; want %d (seed %d)\n%s", len(got), killAfter, seed, p.logs.String())
	}
	var took []time.Duration
	for _, s := range got {
		took = append(took, s.took)
	}
	slices.Sort(took)
	t.Logf("transaction to receipt over HTTP: median %s, max %s (%d transactions)", took[len(took)/2], took[len(took)-1], len(took))

	p2 := mustStart(t, "--data", dir)
	var cfg2 hostapi.Config
	mustGetJSON(t, p2.url+hostapi.ConfigPath, &cfg2)
	if cfg2.Contract != cfg.Contract {
		t.Errorf("contract after kill -9 = %s; want %s", cfg2.Contract, cfg.Contract)
	}
	client2 := mustDial(t, p2.url)
	for i, s := range got {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		receipt, err := chainclient.WaitMined(ctx, client2, s.hash)
		cancel()
		if err != nil {
			t.Fatalf("transaction %d (%s) receipted before the kill is lost (seed %d): %v", i, s.hash, seed, err)
		}
		if receipt.BlockHash != s.block {
			t.Errorf("transaction %d moved from block %s to %s (seed %d)", i, s.block, receipt.BlockHash, seed)
		}
	}

	// The CLI's dev tools against the restarted host.
	start := time.Now()
	if outp, err := runCmd(t, nil, "mine", "100", "--host", p2.url); err != nil || !strings.HasPrefix(outp, "mined 100 blocks") {
		t.Errorf("mine 100 = %q, %v", outp, err)
	}
	t.Logf("`mine 100` subcommand: %s", time.Since(start).Round(time.Millisecond))
	mallory := "0x000000000000000000000000000000000000bEEF"
	if outp, err := runCmd(t, nil, "--host", p2.url, "fund", mallory, "42"); err != nil || !strings.Contains(outp, "balance 42 wei") {
		t.Errorf("fund = %q, %v", outp, err)
	}
	if _, err := runCmd(t, nil, "--host", p2.url, "fund", "nonsense", "42"); err == nil || !strings.Contains(err.Error(), hostapi.CodeBadRequest) {
		t.Errorf("fund nonsense = %v; want a bad_request error", err)
	}

	// SIGTERM closes the host gracefully.
	if err := p2.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p2.done:
		if err != nil {
			t.Errorf("host exit after SIGTERM = %v; want success\n%s", err, p2.logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("host did not stop within 30 s of SIGTERM")
	}
	if !strings.Contains(p2.logs.String(), "paychan host stopped") {
		t.Errorf("no shutdown log after SIGTERM:\n%s", p2.logs.String())
	}
}

func TestDeploySubcommandAndExternalMode(t *testing.T) {
	// A separate development node on its own listener plays the external node.
	node, err := devchain.New(devchain.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { node.Close() })
	srv := httptest.NewServer(node.Handler())
	t.Cleanup(srv.Close)
	dir := filepath.Join(t.TempDir(), "data")

	if _, err := runCmd(t, []string{"PAYCHAN_DEPLOYER_KEY="}, "deploy", "--rpc", srv.URL, "--data", dir); err == nil {
		t.Errorf("deploy without a key succeeded")
	}
	out, err := runCmd(t, []string{"PAYCHAN_DEPLOYER_KEY=" + devchain.DeployerWIF}, "deploy", "--rpc", srv.URL, "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimSpace(out)
	if !common.IsHexAddress(addr) {
		t.Fatalf("deploy printed %q; want an address", out)
	}
	code, err := node.Client().CodeAt(context.Background(), common.HexToAddress(addr), nil)
	if err != nil || len(code) == 0 {
		t.Fatalf("no code at the deployed %s: %v", addr, err)
	}
	// A hex key from a file works too.
	keyFile := filepath.Join(t.TempDir(), "key")
	bob, _ := devchain.TestKeyByName("Bob")
	if err := os.WriteFile(keyFile, []byte(fmt.Sprintf("0x%x\n", bob.Key.D.FillBytes(make([]byte, 32)))), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := runCmd(t, nil, "deploy", "--rpc", srv.URL, "--data", t.TempDir(), "--key-file", keyFile); err != nil || !common.IsHexAddress(strings.TrimSpace(out)) {
		t.Errorf("deploy --key-file = %q, %v", out, err)
	}

	// The host uses the recorded contract on the external node.
	p := mustStart(t, "--rpc", srv.URL, "--data", dir)
	var cfg hostapi.Config
	mustGetJSON(t, p.url+hostapi.ConfigPath, &cfg)
	if cfg.Contract != common.HexToAddress(addr).Hex() || cfg.DevTools || cfg.ChainID != devchain.ChainID {
		t.Errorf("config.json = %+v; want contract %s on chain %d without dev tools", cfg, addr, devchain.ChainID)
	}
	if _, err := runCmd(t, nil, "mine", "1", "--host", p.url); err == nil || !strings.Contains(err.Error(), hostapi.CodeNotFound) {
		t.Errorf("mine against an external-chain host = %v; want not_found", err)
	}
	client := mustDial(t, p.url)
	if id, err := client.ChainID(context.Background()); err != nil || id.Uint64() != devchain.ChainID {
		t.Errorf("eth_chainId through the proxy = %v, %v", id, err)
	}
}

// mustGetJSON GETs url and decodes the JSON answer into v.
func mustGetJSON(tb testing.TB, url string, v any) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s = %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		tb.Fatalf("decode %s: %v", url, err)
	}
}
