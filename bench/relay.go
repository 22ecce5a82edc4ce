package main

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/relayclient"
	"paychan/server/relay"
)

// hostProc is the real host (bin/paychan) running as a subprocess, so its
// memory can be measured apart from the clients'.
type hostProc struct {
	cmd  *exec.Cmd
	url  string
	logs *os.File
}

// startHost builds (unless bin is given) and starts the host on a free
// port with data in dir, and waits for /config.json.
func startHost(ctx context.Context, bin, dir string) (*hostProc, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if bin == "" {
		bin = filepath.Join(dir, "paychan")
		build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", bin, "./server")
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("build the host: %w", err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	logs, err := os.Create(filepath.Join(dir, "host.log"))
	if err != nil {
		return nil, err
	}
	// All the bench's clients come from 127.0.0.1: lift the per-address
	// connection limits (an attacker's bound, not a user's).
	cmd := exec.Command(bin, "--addr", addr, "--data", filepath.Join(dir, "data"), "--web", "-",
		"--relay-max-pending-per-ip", "100000", "--relay-max-conns-per-ip", "100000")
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the host: %w", err)
	}
	h := &hostProc{cmd: cmd, url: "http://" + addr, logs: logs}
	deadline := time.Now().Add(time.Minute)
	for {
		res, err := http.Get(h.url + "/config.json")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return h, nil
			}
		}
		if time.Now().After(deadline) {
			h.Close()
			return nil, fmt.Errorf("the host did not start (see %s)", logs.Name())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// rss returns the host's resident memory in bytes (VmRSS).
func (h *hostProc) rss() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", h.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			f := strings.Fields(l)
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("no VmRSS")
}

// tail returns the end of the host's log, to explain a failure (empty for
// an in-process relay).
func (h *hostProc) tail() string {
	if h == nil {
		return ""
	}
	b, err := os.ReadFile(h.logs.Name())
	if err != nil || len(b) == 0 {
		return ""
	}
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return "\nhost log (end):\n" + string(b)
}

func (h *hostProc) Close() {
	h.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { h.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		h.cmd.Process.Kill()
		<-done
	}
	h.logs.Close()
}

func benchRelay(ctx context.Context, s settings, r *report, dir string) error {
	var url string
	var h *hostProc
	where := "the real host (`go build ./server`, embedded chain and JetStream relay, default limits) in a separate process"
	if s.quick || s.relayLocal {
		limits := benchLimits()
		if s.relayLocal {
			limits = relay.Limits{MaxPendingPerIP: 1 << 20, MaxConnsPerIP: 1 << 20}
		}
		rs, err := startRelay(ctx, filepath.Join(dir, "relay"), limits)
		if err != nil {
			return err
		}
		defer rs.Close()
		url = rs.url
		where = "an in-process relay (no host process, memory not measured)"
	} else {
		var err error
		if h, err = startHost(ctx, s.hostBin, dir); err != nil {
			return err
		}
		defer h.Close()
		url = "ws" + strings.TrimPrefix(h.url, "http") + "/relay"
	}

	// K clients with their own keys; client i sends to client i+1.
	k, m := s.k, s.m
	keys := make([]*ecdsa.PrivateKey, k)
	for i := range keys {
		keys[i], _ = crypto.GenerateKey()
	}
	var received atomic.Int64
	all := make(chan struct{})
	want := int64(k * m)
	handler := func(ctx context.Context, msg relayclient.Message) error {
		if received.Add(1) == want {
			close(all)
		}
		return nil
	}
	// Warm the host with one connection, then measure memory around K idle ones.
	var before int64
	if h != nil {
		c, err := relayclient.Dial(ctx, url, relayclient.KeySigner(keys[0]), relayclient.Options{Logger: quiet})
		if err != nil {
			return err
		}
		c.Close()
		time.Sleep(2 * time.Second)
		before, _ = h.rss()
	}
	connStart := time.Now()
	clients, err := dialClients(ctx, []string{url}, keys, relayclient.Options{Handler: handler, Logger: quiet, MaxBackoff: time.Second})
	if err != nil {
		return fmt.Errorf("%w%s", err, h.tail())
	}
	defer closeClients(clients)
	connTime := time.Since(connStart)
	var perConn float64
	var after int64
	if h != nil {
		time.Sleep(3 * time.Second) // idle
		after, _ = h.rss()
		perConn = float64(after-before) / float64(k)
	}

	// Every client sends m messages to the next one, all at once.
	payload := make([]byte, 300) // about a wire payment
	for i := range payload {
		payload[i] = 'x'
	}
	start := time.Now()
	if err := sendRing(ctx, clients, keys, m, payload); err != nil {
		return err
	}
	select {
	case <-all:
	case <-time.After(5 * time.Minute):
		return fmt.Errorf("only %d of %d messages arrived", received.Load(), want)
	}
	elapsed := time.Since(start)
	mps := rate(int(want), elapsed)

	r.section("4. Relay (K authenticated clients through one host)")
	r.line("Relay under test: %s. Clients: `app/relayclient` in the benchmark process (sharing the %d cores with the host), each with its own key, logged in by signing the host's challenge.", where, runtime.NumCPU())
	r.line("Client i sends %d messages of %d bytes to client i+1, all clients at once; a message counts when the recipient's handler returned and it is acknowledged. Storage: JetStream file store (a message is written before the sender's `stored`; fsync by JetStream's default interval).\n", m, len(payload))
	rows := [][]string{
		{"clients (K)", fmt.Sprint(k)},
		{"messages", fmt.Sprint(want)},
		{"time to connect and log in all clients", ms(connTime)},
		{"end-to-end messages/s", fmt.Sprintf("%.0f", mps)},
	}
	if h != nil {
		rows = append(rows,
			[]string{"host RSS with 1 warm-up connection closed", fmt.Sprintf("%.1f MiB", float64(before)/(1<<20))},
			[]string{"host RSS with K idle connections", fmt.Sprintf("%.1f MiB", float64(after)/(1<<20))},
			[]string{"host memory per idle connection", fmt.Sprintf("%.1f KiB", perConn/1024)})
	}
	r.table([]string{"figure", "value"}, rows)
	goals := [][]string{{"messages/s", ">= 20,000", fmt.Sprintf("%.0f", mps), goal(mps >= 20000)}}
	if h != nil {
		goals = append(goals, []string{"memory per idle connection", "< 100 KiB", fmt.Sprintf("%.1f KiB", perConn/1024), goal(perConn < 100*1024)})
	}
	r.goals("Relay", []string{"goal", "target", "reached", ""}, goals)
	return nil
}

// dialClients connects one relay client per key, 64 at a time, client i to
// urls[i%len(urls)]; when one fails it closes the others and returns the
// error.
func dialClients(ctx context.Context, urls []string, keys []*ecdsa.PrivateKey, opts relayclient.Options) ([]*relayclient.Client, error) {
	clients := make([]*relayclient.Client, len(keys))
	var wg sync.WaitGroup
	var dialErr atomic.Value
	sem := make(chan struct{}, 64)
	for i := range clients {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			cctx, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			c, err := relayclient.Dial(cctx, urls[i%len(urls)], relayclient.KeySigner(keys[i]), opts)
			if err != nil {
				dialErr.Store(err)
				return
			}
			clients[i] = c
		}()
	}
	wg.Wait()
	if e := dialErr.Load(); e != nil {
		closeClients(clients)
		return nil, fmt.Errorf("connect %d clients: %w", len(keys), e.(error))
	}
	return clients, nil
}

// closeClients closes the clients dialClients connected.
func closeClients(clients []*relayclient.Client) {
	for _, c := range clients {
		if c != nil {
			c.Close()
		}
	}
}

// sendRing has client i send m copies of payload to client i+1's key, all
// clients at once, and returns the first error.
func sendRing(ctx context.Context, clients []*relayclient.Client, keys []*ecdsa.PrivateKey, m int, payload []byte) error {
	var wg sync.WaitGroup
	var sendErr atomic.Value
	for i, c := range clients {
		wg.Add(1)
		to := crypto.PubkeyToAddress(keys[(i+1)%len(keys)].PublicKey)
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
		return fmt.Errorf("send: %w", e.(error))
	}
	return nil
}
