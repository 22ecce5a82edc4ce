package main

// Section "cluster" (issue 12): relay messages/s and host memory per idle
// connection for one host on its embedded NATS against two hosts on a
// 3-node NATS cluster with 3 replicas (server/cluster: real nats-server
// processes). Everything shares this machine's cores, so the cluster is
// not faster here: the section reports the cost of replication per
// message, from which docs/deploy.md projects capacity.

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/relayclient"
	"paychan/server/cluster"
)

// clusterRelayRun connects k clients (client i to urls[i % len(urls)], expecting
// relay name name) and has each send m messages to the next; it returns
// the time to connect, the end-to-end rate and a function reading memory
// with k idle connections (called by the caller between the two phases).
func clusterRelayRun(ctx context.Context, urls []string, name string, k, m int, idle func()) (time.Duration, float64, error) {
	keys := make([]*ecdsa.PrivateKey, k)
	for i := range keys {
		keys[i], _ = crypto.GenerateKey()
	}
	var received atomic.Int64
	want := int64(k * m)
	all := make(chan struct{})
	handler := func(ctx context.Context, msg relayclient.Message) error {
		if received.Add(1) == want {
			close(all)
		}
		return nil
	}
	clients := make([]*relayclient.Client, k)
	var wg sync.WaitGroup
	var dialErr atomic.Value
	sem := make(chan struct{}, 64)
	start := time.Now()
	for i := range clients {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			cctx, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			c, err := relayclient.Dial(cctx, urls[i%len(urls)], relayclient.KeySigner(keys[i]),
				relayclient.Options{Handler: handler, Logger: quiet, MaxBackoff: time.Second, Host: name})
			if err != nil {
				dialErr.Store(err)
				return
			}
			clients[i] = c
		}()
	}
	wg.Wait()
	defer func() {
		for _, c := range clients {
			if c != nil {
				c.Close()
			}
		}
	}()
	if e := dialErr.Load(); e != nil {
		return 0, 0, fmt.Errorf("connect %d clients: %w", k, e.(error))
	}
	connTime := time.Since(start)
	idle()
	payload := []byte(strings.Repeat("x", 300))
	start = time.Now()
	var sendErr atomic.Value
	for i, c := range clients {
		wg.Add(1)
		to := crypto.PubkeyToAddress(keys[(i+1)%k].PublicKey)
		go func() {
			defer wg.Done()
			for j := 0; j < m; j++ {
				if _, err := c.Send(ctx, to, payload); err != nil {
					sendErr.Store(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if e := sendErr.Load(); e != nil {
		return 0, 0, fmt.Errorf("send: %w", e.(error))
	}
	select {
	case <-all:
	case <-time.After(5 * time.Minute):
		return 0, 0, fmt.Errorf("only %d of %d messages arrived", received.Load(), want)
	}
	return connTime, rate(int(want), time.Since(start)), nil
}

// rssOf is the resident memory of process pid in bytes.
func rssOf(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			kb, _ := strconv.ParseInt(strings.Fields(l)[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// cpuOf is the CPU time (user + system) process pid has used.
func cpuOf(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name (which is in parentheses).
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ
}

func cpuSum(pids ...int) time.Duration {
	var d time.Duration
	for _, p := range pids {
		d += cpuOf(p)
	}
	return d
}

func benchCluster(ctx context.Context, s settings, r *report, dir string) error {
	k, m := s.k, s.m
	type result struct {
		name             string
		conn             time.Duration
		mps, perConnKiB  float64
		hostMiB          float64
		hostCPU, natsCPU time.Duration // per message
	}
	var results []result

	// One host, embedded NATS.
	h, err := startHost(ctx, s.hostBin, filepath.Join(dir, "single"))
	if err != nil {
		return err
	}
	url := "ws" + strings.TrimPrefix(h.url, "http") + "/relay"
	time.Sleep(time.Second)
	before := rssOf(h.cmd.Process.Pid)
	var after int64
	var cpu0 time.Duration
	conn, mps, err := clusterRelayRun(ctx, []string{url}, "", k, m, func() {
		time.Sleep(3 * time.Second)
		after = rssOf(h.cmd.Process.Pid)
		cpu0 = cpuOf(h.cmd.Process.Pid)
	})
	hostCPU := (cpuOf(h.cmd.Process.Pid) - cpu0) / time.Duration(k*m)
	h.Close()
	if err != nil {
		return fmt.Errorf("cluster section, one host: %w", err)
	}
	results = append(results, result{"1 host, embedded NATS (1 copy)", conn, mps, float64(after-before) / float64(k) / 1024, float64(after) / (1 << 20), hostCPU, 0})

	// Two hosts on three nats-server processes, 3 replicas.
	root, err := cluster.ModuleRoot()
	if err != nil {
		return err
	}
	bins, err := cluster.Build(ctx, root, filepath.Join(dir, "bin"), os.Stderr)
	if err != nil {
		return err
	}
	if s.hostBin != "" {
		bins.Paychan = s.hostBin
	}
	c, err := cluster.Start(ctx, cluster.Options{Binaries: bins, Dir: filepath.Join(dir, "cluster"), Replicas: 3,
		HostArgs: []string{"--relay-max-pending-per-ip", "100000", "--relay-max-conns-per-ip", "100000",
			"--relay-ip-send-bytes-rate", "1e12", "--relay-ip-send-bytes-burst", "1099511627776"}})
	if err != nil {
		return err
	}
	defer c.Close()
	var urls []string
	for _, hp := range c.Hosts {
		urls = append(urls, "ws"+strings.TrimPrefix(hp.URL, "http")+"/relay")
	}
	hostsRSS := func() int64 {
		var sum int64
		for _, hp := range c.Hosts {
			sum += rssOf(hp.Pid())
		}
		return sum
	}
	var hostPids, natsPids []int
	for _, hp := range c.Hosts {
		hostPids = append(hostPids, hp.Pid())
	}
	for _, np := range c.NATS {
		natsPids = append(natsPids, np.Pid())
	}
	time.Sleep(time.Second)
	before = hostsRSS()
	var ncpu0 time.Duration
	conn, mps, err = clusterRelayRun(ctx, urls, c.Front.Addr(), k, m, func() {
		time.Sleep(3 * time.Second)
		after = hostsRSS()
		cpu0, ncpu0 = cpuSum(hostPids...), cpuSum(natsPids...)
	})
	hostCPU = (cpuSum(hostPids...) - cpu0) / time.Duration(k*m)
	natsCPU := (cpuSum(natsPids...) - ncpu0) / time.Duration(k*m)
	if err != nil {
		return fmt.Errorf("cluster section, two hosts: %w", err)
	}
	var natsRSS int64
	for _, p := range c.NATS {
		natsRSS += rssOf(p.Pid())
	}
	results = append(results, result{"2 hosts, 3-node NATS cluster, 3 replicas", conn, mps, float64(after-before) / float64(k) / 1024, float64(after) / (1 << 20), hostCPU, natsCPU})

	r.section("Cluster (issue 12): one host vs two hosts on a 3-node NATS cluster")
	r.line("K = %d clients (`app/relayclient` in the bench process, spread over the hosts), each sends %d messages of 300 bytes to the next client; a message counts when the recipient's handler returned. Every process (bench, hosts, 3 nats-server) shares this machine's cores: the cluster is not faster here; the difference is the cost of replication (each message written on 3 servers, through Raft, and deleted on 3 when acknowledged). NATS servers' RSS with the cluster: %.1f MiB in all.\n", k, m, float64(natsRSS)/(1<<20))
	var rows [][]string
	for _, x := range results {
		nats := "(in the host)"
		if x.natsCPU > 0 {
			nats = fmt.Sprintf("%.0f µs", float64(x.natsCPU)/float64(time.Microsecond))
		}
		rows = append(rows, []string{x.name, ms(x.conn), fmt.Sprintf("%.0f", x.mps), fmt.Sprintf("%.0f µs", float64(x.hostCPU)/float64(time.Microsecond)), nats,
			fmt.Sprintf("%.1f KiB", x.perConnKiB), fmt.Sprintf("%.1f MiB", x.hostMiB)})
	}
	r.table([]string{"setup", "connect K", "messages/s", "hosts' CPU per message", "NATS servers' CPU per message (all 3)", "host memory per idle connection", "hosts' RSS with K idle"}, rows)
	load, _ := os.ReadFile("/proc/loadavg")
	r.line("CPU per message is the processes' user + system time (/proc) over the sending phase divided by the messages, so it does not depend on how busy the machine is; messages/s does. Load average at the end: %s.", strings.TrimSpace(string(load)))
	return nil
}
