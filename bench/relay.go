package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
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
	"syscall"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/relayclient"
	"paychan/app/seal"
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
// port with data in dir, and waits for /config.json. env is added to the
// host's environment.
func startHost(ctx context.Context, bin, dir string, env ...string) (*hostProc, error) {
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
	// connection and byte limits (an attacker's bound, not a user's).
	cmd := exec.Command(bin, "--addr", addr, "--data", filepath.Join(dir, "data"), "--web", "-",
		"--relay-max-pending-per-ip", "100000", "--relay-max-conns-per-ip", "100000",
		"--relay-ip-send-bytes-rate", "1e12", "--relay-ip-send-bytes-burst", "1099511627776")
	cmd.Stdout, cmd.Stderr = logs, logs
	if len(env) > 0 {
		cmd.Env = append(os.Environ(), env...)
	}
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

// cpu returns the CPU time (user + system, all threads) the host has used
// so far, from /proc (in clock ticks of 10 ms, Linux's USER_HZ).
func (h *hostProc) cpu() (time.Duration, error) {
	return procCPU(h.cmd.Process.Pid)
}

// procCPU returns the user + system CPU time process pid has used.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The fields after the command name in parentheses: state is field 3,
	// utime 14 and stime 15.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: utime %q, stime %q", pid, f[11], f[12])
	}
	return time.Duration(ut+st) * 10 * time.Millisecond, nil
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
			limits = relay.Limits{MaxPendingPerIP: 1 << 20, MaxConnsPerIP: 1 << 20, IPSendBytesRate: 1e12, IPSendBytesBurst: 1 << 40}
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
		var env []string
		if s.hostProf != "" {
			env = append(env, "PAYCHAN_CPUPROFILE="+s.hostProf)
		}
		if h, err = startHost(ctx, s.hostBin, dir, env...); err != nil {
			return err
		}
		defer h.Close()
		url = "ws" + strings.TrimPrefix(h.url, "http") + "/relay"
	}

	// K clients with their own keys; client i sends to client i+1.
	k, m := s.k, s.m
	rg := newRing(k, m)
	// Warm the host with one connection, then measure memory around K idle ones.
	var before int64
	if h != nil {
		c, err := relayclient.Dial(ctx, url, relayclient.KeySigner(rg.keys[0]), relayclient.Options{Logger: quiet})
		if err != nil {
			return err
		}
		c.Close()
		time.Sleep(2 * time.Second)
		before, _ = h.rss()
	}
	clients := make([]*relayclient.Client, k)
	connStart := time.Now()
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
			// Sealing ahead: the client hands the sealed payloads to its
			// Handler as they come (Unsealed), and the bench opens them
			// after the window. Its sends are sealed all the same (Seal).
			c, err := relayclient.Dial(cctx, url, relayclient.KeySigner(rg.keys[i]), relayclient.Options{Handler: rg.handler(i), Logger: quiet, MaxBackoff: time.Second, Unsealed: !s.sealInline})
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
		return fmt.Errorf("connect %d clients: %w%s", k, e.(error), h.tail())
	}
	connTime := time.Since(connStart)
	var perConn float64
	var after int64
	if h != nil {
		time.Sleep(3 * time.Second) // idle
		after, _ = h.rss()
		perConn = float64(after-before) / float64(k)
	}

	// Every client sends m messages to the next one, all at once, with up
	// to inflight of its sends waiting for their stored frames.
	inflight := max(s.inflight, 1)
	// Every payload is distinct (sender, number), about a wire payment.
	const payloadLen = 300
	// Unless -relay-seal-inline, every client seals its m payloads before
	// the timed window (the sealing is the senders' CPU, on the users'
	// machines in production, not the relay's).
	var sealed [][]*relayclient.Sealed
	var sealCPU time.Duration
	if !s.sealInline {
		_, self0 := cpuNow(nil)
		var err error
		if sealed, err = sealAhead(ctx, clients, rg, m, payloadLen); err != nil {
			return err
		}
		_, self1 := cpuNow(nil)
		sealCPU = self1 - self0
	}
	hostCPU0, selfCPU0 := cpuNow(h)
	start := time.Now()
	var sendErr atomic.Value
	for i, c := range clients {
		wg.Add(1)
		to := crypto.PubkeyToAddress(rg.keys[(i+1)%k].PublicKey)
		go func() {
			defer wg.Done()
			var err error
			if sealed != nil {
				err = sendSealedPipelined(ctx, c, sealed[i], inflight)
			} else {
				err = sendPipelined(ctx, c, to, i, m, payloadLen, inflight)
			}
			if err != nil {
				sendErr.Store(err)
			}
		}()
	}
	wg.Wait()
	if e := sendErr.Load(); e != nil {
		return fmt.Errorf("send: %w", e.(error))
	}
	select {
	case <-rg.all:
	case <-time.After(5 * time.Minute):
		return fmt.Errorf("only %d of %d messages arrived", rg.received.Load(), rg.want)
	}
	elapsed := time.Since(start)
	mps := rate(int(rg.want), elapsed)
	hostCPU1, selfCPU1 := cpuNow(h)
	perMsg := func(d time.Duration) time.Duration { return d / time.Duration(rg.want) }
	// Every message must have arrived once, in order, and (sealed ahead)
	// open to its sender's payload under its recipient's key.
	_, open0 := cpuNow(nil)
	if err := rg.check(m, payloadLen, !s.sealInline); err != nil {
		return fmt.Errorf("relay: %w", err)
	}
	_, open1 := cpuNow(nil)
	openCPU := open1 - open0

	r.section("4. Relay (K authenticated clients through one host)")
	r.line("Relay under test: %s. Clients: `app/relayclient` in the benchmark process (sharing the %d cores with the host), each with its own key, logged in by signing the host's challenge.", where, runtime.NumCPU())
	r.line("Client i sends %d messages of %d bytes to client i+1, all clients at once, each client with up to %d of its sends in flight (`SendAsync`, stored and delivered in order; 1 = each send waits for the previous one's `stored`). A message counts when the recipient's handler returned and it is acknowledged. Storage: JetStream file store (fsync by JetStream's default interval); with the host's live delivery (`server/relay` README, Live delivery; on by default, `--relay-live-wait`) a message whose recipient is logged in on the host is handed over at once, and the sender's `stored` comes when the recipient acknowledged it (the message is then never written to the store) or, after 1 s without an acknowledgement, once it is stored.", m, payloadLen, min(inflight, m))
	if s.sealInline {
		r.line("Every payload is sealed by its sender at its send and opened by its recipient before its handler, in the bench process, inside the timed window (`-relay-seal-inline`).\n")
	} else {
		r.line("Every payload is sealed (`app/seal`, as the wallets send them; the relay refuses anything else) by its sender **before** the timed window (`relayclient.Client.Seal`, then `SendSealedAsync` in the window), and opened by its recipient's key **after** it; each must open to its sender's payload, once and in order, or the run fails. Sealing and opening are the clients' CPU, on the users' machines in production: their cost is reported below but not inside the relay's messages/s (`-relay-seal-inline` puts them back in the window).\n")
	}
	rows := [][]string{
		{"clients (K)", fmt.Sprint(k)},
		{"messages", fmt.Sprint(rg.want)},
		{"time to connect and log in all clients", ms(connTime)},
		{"end-to-end messages/s", fmt.Sprintf("%.0f", mps)},
	}
	if h == nil {
		rows = append(rows, []string{"CPU per message (relay and clients in this process)", us(perMsg(selfCPU1 - selfCPU0))})
	}
	clientsRow := "clients' CPU per message (the bench process: seal, open, WebSocket)"
	if !s.sealInline {
		clientsRow = "clients' CPU per message in the window (the bench process: WebSocket, frames)"
		rows = append(rows,
			[]string{"sealing before the window, CPU per message (all senders, `Client.Seal`)", us(perMsg(sealCPU))},
			[]string{"opening and checking after the window, CPU per message (all recipients, `seal.Open`)", us(perMsg(openCPU))})
	}
	if h != nil {
		hostPer := perMsg(hostCPU1 - hostCPU0)
		rows = append(rows,
			[]string{"host CPU per message (user + system, all threads, over the sending)", us(hostPer)},
			[]string{clientsRow, us(perMsg(selfCPU1 - selfCPU0))})
		if hostPer > 0 {
			rows = append(rows, []string{fmt.Sprintf("messages/s the host's CPU per message allows on %d cores of its own (computed, not measured end to end)", runtime.NumCPU()),
				fmt.Sprintf("%.0f", float64(runtime.NumCPU())*float64(time.Second)/float64(hostPer))})
		}
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

// benchPayload is message j of sender i: its numbers, then 'x' up to n bytes.
func benchPayload(i, j, n int) []byte {
	p := fmt.Appendf(make([]byte, 0, n), "from %d, message %d;", i, j)
	for len(p) < n {
		p = append(p, 'x')
	}
	return p
}

// sealAhead has every client i seal its m payloads to client i+1, with
// the clients' sealing spread over the cores.
func sealAhead(ctx context.Context, clients []*relayclient.Client, rg *ring, m, n int) ([][]*relayclient.Sealed, error) {
	out := make([][]*relayclient.Sealed, len(clients))
	var wg sync.WaitGroup
	var failed atomic.Value
	sem := make(chan struct{}, runtime.NumCPU())
	for i, c := range clients {
		to := crypto.PubkeyToAddress(rg.keys[(i+1)%len(clients)].PublicKey)
		out[i] = make([]*relayclient.Sealed, m)
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			for j := range m {
				sl, err := c.Seal(ctx, to, benchPayload(i, j, n))
				if err != nil {
					failed.Store(fmt.Errorf("client %d seals message %d: %w", i, j, err))
					return
				}
				out[i][j] = sl
			}
		}()
	}
	wg.Wait()
	if e := failed.Load(); e != nil {
		return nil, e.(error)
	}
	return out, nil
}

// sendSealedPipelined is sendPipelined for payloads sealed ahead.
func sendSealedPipelined(ctx context.Context, c *relayclient.Client, sealed []*relayclient.Sealed, inflight int) error {
	return pipeline(ctx, len(sealed), inflight, func(j int) (func(context.Context) (uint64, error), error) {
		return c.SendSealedAsync(sealed[j])
	})
}

// sendPipelined sends m messages (in order) from c (client i) to to with
// SendAsync, at most inflight of them waiting for the relay's stored
// frame at a time (1: each Send waits for the previous one).
func sendPipelined(ctx context.Context, c *relayclient.Client, to common.Address, i, m, n, inflight int) error {
	return pipeline(ctx, m, inflight, func(j int) (func(context.Context) (uint64, error), error) {
		return c.SendAsync(to, benchPayload(i, j, n))
	})
}

// pipeline calls send for j = 0..m-1 in order, with at most inflight of
// the sends waiting for the relay's stored frame at a time.
func pipeline(ctx context.Context, m, inflight int, send func(j int) (func(context.Context) (uint64, error), error)) error {
	waits := make([]func(context.Context) (uint64, error), 0, m)
	done := 0
	for j := 0; j < m; j++ {
		if len(waits)-done >= inflight {
			if _, err := waits[done](ctx); err != nil {
				return err
			}
			done++
		}
		w, err := send(j)
		if err != nil {
			return err
		}
		waits = append(waits, w)
	}
	for ; done < len(waits); done++ {
		if _, err := waits[done](ctx); err != nil {
			return err
		}
	}
	return nil
}

// cpuNow returns the CPU time used so far by the host process (0 without
// one) and by this process (the clients, and an in-process relay).
func cpuNow(h *hostProc) (host, self time.Duration) {
	if h != nil {
		host, _ = h.cpu()
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return host, self
}

// ring is K clients' keys (client i sends M messages to client i+1) and
// Handlers that keep the deliveries and close all at the last one.
type ring struct {
	keys     []*ecdsa.PrivateKey
	got      [][]relayclient.Message // by recipient, in delivery order
	want     int64
	received atomic.Int64
	all      chan struct{}
}

func newRing(k, m int) *ring {
	r := &ring{keys: make([]*ecdsa.PrivateKey, k), got: make([][]relayclient.Message, k), want: int64(k * m), all: make(chan struct{})}
	for i := range r.keys {
		r.keys[i], _ = crypto.GenerateKey()
		r.got[i] = make([]relayclient.Message, 0, m)
	}
	return r
}

// handler is client i's Handler (a client calls it for one message at a
// time).
func (r *ring) handler(i int) relayclient.Handler {
	return func(ctx context.Context, msg relayclient.Message) error {
		r.got[i] = append(r.got[i], msg)
		if r.received.Add(1) == r.want {
			close(r.all)
		}
		return nil
	}
}

// check verifies that every client received exactly m messages, from the
// previous client, in order, each with its payload of n bytes; sealed:
// the payloads are still sealed and must open under the recipient's key.
func (r *ring) check(m, n int, sealed bool) error {
	k := len(r.keys)
	errs := make([]error, k)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.NumCPU())
	for i := range k {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = r.checkOne(i, m, n, sealed)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (r *ring) checkOne(i, m, n int, sealed bool) error {
	k := len(r.keys)
	from := (i + k - 1) % k
	fromAddr := crypto.PubkeyToAddress(r.keys[from].PublicKey)
	if len(r.got[i]) != m {
		return fmt.Errorf("client %d received %d messages; want %d", i, len(r.got[i]), m)
	}
	var key *seal.Key
	var peer *seal.Peer
	if sealed {
		key = seal.NewKey(r.keys[i])
		pub, err := seal.ParsePublicKey(crypto.CompressPubkey(&r.keys[from].PublicKey))
		if err != nil {
			return err
		}
		peer = &seal.Peer{Key: pub.SerializeCompressed(), Shared: key.Agree(pub)}
	}
	for j, msg := range r.got[i] {
		if msg.From != fromAddr {
			return fmt.Errorf("client %d message %d from %s; want %s", i, j, msg.From.Hex(), fromAddr.Hex())
		}
		pt := msg.Payload
		if sealed {
			var err error
			pt, err = seal.Open(key, peer, func(s *secp256k1.PublicKey) seal.Shared { return key.Agree(s) },
				seal.Context{From: msg.From, To: crypto.PubkeyToAddress(r.keys[i].PublicKey), ID: msg.ID}, msg.Payload)
			if err != nil {
				return fmt.Errorf("client %d message %d (id %s) does not open: %w", i, j, msg.ID, err)
			}
		}
		if want := benchPayload(from, j, n); !bytes.Equal(pt, want) {
			return fmt.Errorf("client %d message %d = %.40q…; want %.40q…", i, j, pt, want)
		}
	}
	return nil
}
