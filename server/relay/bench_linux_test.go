//go:build linux

package relay_test

import (
	"crypto/ecdsa"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
)

// BenchmarkIdleConnectionMemory measures the relay daemon's resident memory
// per idle logged-in connection (WebSocket plus mailbox consumer): it
// starts relayd, opens 500 connections of distinct addresses and compares
// VmRSS before and after. Reported as bytes/conn; each call measures once,
// whatever b.N.
func BenchmarkIdleConnectionMemory(b *testing.B) {
	const n = 500
	bin := mustBuildRelayd(b)
	{
		d := mustStartRelayd(b, bin, b.TempDir(), "127.0.0.1:0")
		// Warm up with a few connections so lazy start-up costs are paid.
		var conns []*rawConn
		for i := range 10 {
			c := mustRaw(b, d.url)
			c.login(benchKey(1_000_000 + i))
			conns = append(conns, c)
		}
		time.Sleep(500 * time.Millisecond) // lets the daemon settle before measuring; waits for nothing
		before := mustRSS(b, d.cmd.Process.Pid)
		for i := range n {
			c := mustRaw(b, d.url)
			c.login(benchKey(i))
			conns = append(conns, c)
		}
		time.Sleep(500 * time.Millisecond) // the same settling before the second measurement
		after := mustRSS(b, d.cmd.Process.Pid)
		b.ReportMetric(float64(after-before)/n, "bytes/conn")
		b.Logf("relayd RSS %d KiB with 10 connections, %d KiB with %d", before>>10, after>>10, n+10)
		for _, c := range conns {
			c.ws.CloseNow()
		}
		d.kill9(b)
	}
}

func benchKey(i int) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("bench " + strconv.Itoa(i))))
	if err != nil {
		panic(err)
	}
	return k
}

// mustRSS returns the resident set size of process pid in bytes.
func mustRSS(tb testing.TB, pid int) int64 {
	tb.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				tb.Fatal(err)
			}
			return kb << 10
		}
	}
	tb.Fatalf("no VmRSS in /proc/%d/status", pid)
	return 0
}
