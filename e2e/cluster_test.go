//go:build browser

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"paychan/server/cluster"
)

// clusterBins are nats-server and paychan, built once for the tests that
// run hosts as processes.
var (
	clusterBinsOnce sync.Once
	clusterBins     cluster.Binaries
	clusterBinsErr  error
	clusterBinsDir  string // removed by TestMain
)

// mustClusterBins builds nats-server and paychan once per test binary.
func mustClusterBins(tb testing.TB) cluster.Binaries {
	tb.Helper()
	clusterBinsOnce.Do(func() {
		dir, err := os.MkdirTemp("", "paychan-e2e-bin")
		if err != nil {
			clusterBinsErr = err
			return
		}
		clusterBinsDir = dir
		root, err := cluster.ModuleRoot()
		if err != nil {
			clusterBinsErr = err
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		clusterBins, clusterBinsErr = cluster.Build(ctx, root, dir, os.Stderr)
	})
	if clusterBinsErr != nil {
		tb.Fatalf("build the cluster's binaries: %v", clusterBinsErr)
	}
	return clusterBins
}

// TestBrowserHostSwappedBehindOrigin (issue 12): Alice and Bob in Chromium
// load the wallet from one origin, a TCP front standing in for a load
// balancer, with two host processes behind it sharing one nats-server
// process and one chain node (`paychan chain`), each with the front as
// its --relay-host. They open a channel and Alice pays through host1;
// host1 is then killed (SIGKILL), the front sends every new connection to
// host2, and a payment Alice makes after the swap arrives on Bob's page.
func TestBrowserHostSwappedBehindOrigin(t *testing.T) {
	start := time.Now()
	bins := mustClusterBins(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := cluster.Start(ctx, cluster.Options{Binaries: bins, Dir: dir, NATSNodes: 1, Hosts: 2, Replicas: 1, WebDir: webDir})
	if err != nil {
		t.Fatalf("start the cluster: %v", err)
	}
	t.Cleanup(func() {
		c.Close()
		if t.Failed() {
			for _, name := range []string{"host1", "host2", "nats1", "chain"} {
				b, _ := os.ReadFile(filepath.Join(dir, "logs", name+".log"))
				lines := strings.Split(string(b), "\n")
				if len(lines) > 40 {
					lines = lines[len(lines)-40:]
				}
				t.Logf("---- %s (last lines)\n%s", name, strings.Join(lines, "\n"))
			}
		}
	})
	t.Logf("cluster up in %v:\n%s", time.Since(start).Round(time.Millisecond), c.Summary())
	origin := c.FrontURL()

	browser := mustBrowser(t)
	alice := mustUser(t, browser, "alice")
	bob := mustUser(t, browser, "bob")
	alice.open(origin + "/")
	alice.importKey(aliceWIF, aliceQtum, aliceSigner)
	bob.open(origin + "/")
	bob.importKey(bobWIF, bobQtum, bobSigner)

	// Before the swap: both are on host1 (the front's first backend).
	openChannel(t, alice, bob, "10")
	alice.pay("1")
	bob.waitText("received", "1 ETH")
	alice.waitText("sent", "1 ETH")

	// The swap: host1 dies; its connections through the front close and
	// the front sends new ones to host2.
	if err := c.Hosts[0].Kill(); err != nil {
		t.Fatalf("kill host1: %v", err)
	}
	t.Logf("host1 killed at %v", time.Since(start).Round(time.Millisecond))

	// After the swap: Alice pays 2 more (her wallet sends it once its relay
	// connection, through the front to host2, is back), and Bob's page
	// shows it arrive.
	alice.pay("2")
	bob.waitText("received", "3 ETH")
	bob.waitText("balance-mine", "3 ETH")
	bob.poll("notice", `[...document.querySelectorAll(".notice.ok")].some(e => e.innerText.includes("Received 2 ETH"))`)
	alice.waitText("sent", "3 ETH")
	alice.waitText("balance-mine", "7 ETH")
	bob.shot("after-host-swap")
	if c.Hosts[0].Running() || !c.Hosts[1].Running() {
		t.Fatalf("host1 running %v, host2 running %v; want only host2", c.Hosts[0].Running(), c.Hosts[1].Running())
	}
	if n := strings.Count(bob.text("notices"), "Refused"); n != 0 {
		t.Errorf("bob refused %d messages: %s", n, bob.text("notices"))
	}
	t.Logf("host swap test took %v", time.Since(start).Round(time.Millisecond))
}
