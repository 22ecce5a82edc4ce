package main

import (
	"bufio"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/hostapi"
	"paychan/server/devchain"
)

// mustStartChain starts `paychan chain` on a free port and returns its URL.
func mustStartChain(tb testing.TB, dir string) string {
	tb.Helper()
	cmd := exec.Command(binary, "chain", "--addr", "127.0.0.1:0", "--data", dir)
	logs := new(lockedBuffer)
	cmd.Stderr = logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	done := make(chan error, 1)
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "paychan chain running at "); ok {
				urls <- u
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() { done <- cmd.Wait() }()
	tb.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
		}
		if tb.Failed() {
			tb.Logf("chain logs:\n%s", logs.String())
		}
	})
	select {
	case u := <-urls:
		return u
	case err := <-done:
		tb.Fatalf("chain exited before listening: %v\n%s", err, logs.String())
	case <-time.After(2 * time.Minute):
		tb.Fatalf("chain did not listen within 2 minutes\n%s", logs.String())
	}
	return ""
}

// TestChainSubcommand runs the chain node as its own process, deploys the
// contract once with the deploy subcommand, and starts two hosts on it with
// --rpc and --contract: both serve the same chain and contract, and the
// node's development tools mine and fund.
func TestChainSubcommand(t *testing.T) {
	url := mustStartChain(t, t.TempDir())
	out, err := runCmd(t, []string{"PAYCHAN_DEPLOYER_KEY=" + devchain.DeployerWIF}, "deploy", "--rpc", url, "--data", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	contract := strings.TrimSpace(out)
	if !common.IsHexAddress(contract) {
		t.Fatalf("deploy printed %q; want an address", out)
	}
	if out, err := runCmd(t, nil, "mine", "5", "--host", url); err != nil || !strings.Contains(out, "mined 5 blocks") {
		t.Errorf("mine 5 on the chain node = %q, %v", out, err)
	}
	bob, _ := devchain.TestKeyByName("Bob")
	if out, err := runCmd(t, nil, "fund", bob.Address.Hex(), "1000", "--host", url); err != nil || !strings.Contains(out, "funded") {
		t.Errorf("fund on the chain node = %q, %v", out, err)
	}
	for _, name := range []string{"host A", "host B"} {
		p := mustStart(t, "--rpc", url, "--contract", contract, "--data", t.TempDir())
		var cfg hostapi.Config
		mustGetJSON(t, p.url+hostapi.ConfigPath, &cfg)
		if cfg.Contract != common.HexToAddress(contract).Hex() || cfg.ChainID != devchain.ChainID {
			t.Errorf("%s: config.json = %+v; want contract %s on chain %d", name, cfg, contract, devchain.ChainID)
		}
		head, err := mustDial(t, p.url).BlockNumber(t.Context())
		if err != nil || head < 6 {
			t.Errorf("%s: head through its /rpc = %d, %v; want at least 6 (deploy, fund, 5 mined)", name, head, err)
		}
	}
}
