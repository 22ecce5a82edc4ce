package host_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"paychan/app/hostapi"
	wt "paychan/app/watchtower"
	"paychan/internal/testkit/hosttest"
	"paychan/server/host"
	"paychan/server/rpcproxy"
)

// bigMineBlocks is the size of the mine TestRPCAnswersDuringBigMine runs
// against; PAYCHAN_BIG_MINE overrides it (make host-limits-figures: 10000).
func bigMineBlocks(tb testing.TB) int {
	n := 1000
	if s := os.Getenv("PAYCHAN_BIG_MINE"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 || v > hostapi.MaxMineBlocks {
			tb.Fatalf("PAYCHAN_BIG_MINE=%q: want 1 to %d", s, hostapi.MaxMineBlocks)
		}
		n = v
	}
	return n
}

// latencies summarises measured durations.
func latencies(d []time.Duration) string {
	if len(d) == 0 {
		return "none"
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return fmt.Sprintf("median %s, max %s over %d requests", s[len(s)/2].Round(time.Microsecond), s[len(s)-1].Round(time.Microsecond), len(s))
}

// Issue 10: one big /dev/mine froze /rpc for everyone until it ended. The
// mine now releases the chain lock between chunks: eth_blockNumber is
// answered while it runs, and shows the head moving.
func TestRPCAnswersDuringBigMine(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir()})
	client := mustClient(t, m)
	ctx := context.Background()
	before, err := client.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := bigMineBlocks(t)
	var mineDone atomic.Bool
	mined := make(chan string, 1)
	start := time.Now()
	go func() {
		status, body := do(t, "POST", m.URL()+hostapi.MinePath, "application/json", fmt.Sprintf(`{"blocks":%d}`, n))
		mineDone.Store(true)
		mined <- fmt.Sprintf("%d %s", status, strings.TrimSpace(body))
	}()
	// Probe until the mine ends.
	var took []time.Duration
	var during []uint64 // heads answered while the mine ran, strictly inside it
	for !mineDone.Load() {
		time.Sleep(20 * time.Millisecond)
		t0 := time.Now()
		head, err := client.BlockNumber(ctx)
		if err != nil {
			t.Fatalf("eth_blockNumber during the mine: %v", err)
		}
		took = append(took, time.Since(t0))
		if !mineDone.Load() && head > before && head < before+uint64(n) {
			during = append(during, head)
		}
	}
	res := <-mined
	mineTook := time.Since(start)
	t.Logf("mine of %d blocks: %s; eth_blockNumber during it: %s", n, mineTook.Round(time.Millisecond), latencies(took))
	if !strings.HasPrefix(res, "200 ") {
		t.Fatalf("POST /dev/mine %d = %s", n, res)
	}
	if len(during) < 2 || during[0] == during[len(during)-1] {
		t.Errorf("eth_blockNumber answered heads %v while the mine of %d blocks from %d ran; want at least two different heads inside it (the mine holds the chain for its whole length)",
			during, n, before)
	}
	var resp hostapi.MineResponse
	if err := json.Unmarshal([]byte(strings.TrimPrefix(res, "200 ")), &resp); err != nil || resp.Head != before+uint64(n) {
		t.Errorf("mine answer %s; want head %d", res, before+uint64(n))
	}
}

// loopCall is an eth_call whose init code loops until it runs out of gas
// (JUMPDEST PUSH1 0 JUMP): each one burns the whole gas cap.
const loopCall = `{"jsonrpc":"2.0","id":%d,"method":"eth_call","params":[{"data":"0x5b600056"},"latest"]}`

// heavyBatch is a batch of n loopCalls.
func heavyBatch(n int) string {
	calls := make([]string, n)
	for i := range calls {
		calls[i] = fmt.Sprintf(loopCall, i+1)
	}
	return "[" + strings.Join(calls, ",") + "]"
}

// Issue 10: a batch of 100 heavy eth_calls held the chain's read lock for
// its whole length, so a block to seal waited, and every request behind the
// waiting sealer too. Each call now holds the lock on its own: a mine and
// eth_blockNumber issued while the batch runs are answered before it ends.
func TestRPCAnswersDuringHeavyBatch(t *testing.T) {
	// go-ethereum's default gas cap (the attack run's), 5 times ours: the
	// batch lasts long enough to probe on any machine.
	m := mustHost(t, host.Config{DataDir: t.TempDir(), RPCGasCap: 50_000_000})
	client := mustClient(t, m)
	ctx := context.Background()
	var batchDone atomic.Bool
	batched := make(chan string, 1)
	start := time.Now()
	go func() {
		status, body := do(t, "POST", m.URL()+hostapi.RPCPath, "application/json", heavyBatch(rpcproxy.DefaultMaxBatch))
		batchDone.Store(true)
		batched <- fmt.Sprintf("%d %.300s", status, body)
	}()
	time.Sleep(100 * time.Millisecond) // let the batch start
	var took []time.Duration
	probes := 0
	for probes < 5 && !batchDone.Load() {
		if status, body := do(t, "POST", m.URL()+hostapi.MinePath, "application/json", `{"blocks":1}`); status != 200 {
			t.Fatalf("mine 1 during the batch = %d %s", status, body)
		}
		t0 := time.Now()
		if _, err := client.BlockNumber(ctx); err != nil {
			t.Fatal(err)
		}
		took = append(took, time.Since(t0))
		if !batchDone.Load() {
			probes++
		}
	}
	res := <-batched
	t.Logf("batch of %d looping eth_calls (50M gas each): %s; mine 1 + eth_blockNumber during it: eth_blockNumber %s",
		rpcproxy.DefaultMaxBatch, time.Since(start).Round(time.Millisecond), latencies(took))
	if !strings.HasPrefix(res, "200 [") {
		t.Fatalf("batch = %s", res)
	}
	if probes == 0 {
		t.Errorf("no mine + eth_blockNumber was answered while the batch of %d heavy calls ran (batch answer %s)", rpcproxy.DefaultMaxBatch, res)
	}
}

// Issue 10 item 14: /rpc answers 415 to anything but application/json, so a
// cross-site text/plain or form post cannot reach the chain.
func TestRPCRefusesCrossSiteContentTypes(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir(), WebDir: "-"})
	body := `{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}`
	for _, ct := range []string{"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b", ""} {
		if status, resp := do(t, "POST", m.URL()+hostapi.RPCPath, ct, body); status != http.StatusUnsupportedMediaType {
			t.Errorf("POST /rpc with Content-Type %q = %d %s; want 415", ct, status, resp)
		}
	}
	if status, resp := do(t, "POST", m.URL()+hostapi.RPCPath, "application/json", body); status != http.StatusOK || !strings.Contains(resp, `"result"`) {
		t.Errorf("POST /rpc with application/json = %d %s; want a result", status, resp)
	}
}

// withHost sends a request with the Host header host.
func withHost(tb testing.TB, method, url, hostHeader, contentType, body string) (int, http.Header, string) {
	tb.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Host = hostHeader
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s (Host %s): %v", method, url, hostHeader, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// Issue 10 item 15: DNS rebinding. A page of evil.example whose name is
// rebound to 127.0.0.1 sends Host: evil.example; every route refuses it
// with 421. The host's own names are accepted.
func TestHostHeaderIsChecked(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir(), RelayHost: "pay.example", AllowHosts: []string{"wallet.example:8443"}})
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(m.URL(), "http://"))
	rpc := `{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}`
	routes := []struct{ method, path, body string }{
		{"POST", hostapi.RPCPath, rpc},
		{"POST", hostapi.MinePath, `{"blocks":1}`},
		{"POST", hostapi.FundPath, `{"address":"0x000000000000000000000000000000000000bEEF","amount":"1"}`},
		{"GET", hostapi.RelayPath, ""},
		{"GET", hostapi.ConfigPath, ""},
		{"GET", wt.StatusPath, ""},
		{"GET", "/", ""},
	}
	for _, bad := range []string{"evil.example", "evil.example:" + port, "127.0.0.1.nip.io:" + port, "localhost:1", "pay.example.evil:" + port, "wallet.example:8444"} {
		for _, r := range routes {
			status, _, body := withHost(t, r.method, m.URL()+r.path, bad, "application/json", r.body)
			if status != http.StatusMisdirectedRequest || !strings.Contains(body, host.CodeMisdirected) || !strings.Contains(body, "--relay-host") {
				t.Errorf("%s %s with Host %q = %d %.200s; want 421 %s", r.method, r.path, bad, status, body, host.CodeMisdirected)
			}
		}
	}
	for _, good := range []string{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port, "pay.example", "pay.example:443", "wallet.example:8443"} {
		if status, _, body := withHost(t, "POST", m.URL()+hostapi.RPCPath, good, "application/json", rpc); status != http.StatusOK {
			t.Errorf("POST /rpc with Host %q = %d %.200s; want 200", good, status, body)
		}
	}
}

// trickle opens a connection to hostport, sends head and then body one byte
// every interval, and reports how many body bytes it had sent when the
// server answered or closed the connection (len(body) if it never did).
func trickle(tb testing.TB, hostport, head, body string, interval time.Duration) (sent int, answer string) {
	tb.Helper()
	conn, err := net.Dial("tcp", hostport)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	closed := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(conn) // until the server answers and closes, or resets
		closed <- string(b)
	}()
	if _, err := io.WriteString(conn, head); err != nil {
		tb.Fatal(err)
	}
	for sent = 0; sent < len(body); sent++ {
		select {
		case answer = <-closed:
			return sent, answer
		case <-time.After(interval):
		}
		if _, err := conn.Write([]byte{body[sent]}); err != nil {
			return sent, <-closed
		}
	}
	conn.(*net.TCPConn).CloseWrite()
	return sent, <-closed
}

// Issue 10 item 16: slow bodies. A client trickling a request body (or
// header) is cut off after the body (header) timeout on every route but
// /relay, long before it has sent everything.
func TestTricklingRequestIsCutOff(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir(), BodyTimeout: 300 * time.Millisecond, ReadHeaderTimeout: 300 * time.Millisecond})
	hostport := strings.TrimPrefix(m.URL(), "http://")
	rpc := `{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}`
	for _, path := range []string{hostapi.RPCPath, hostapi.MinePath, hostapi.FundPath} {
		head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", path, hostport, len(rpc))
		start := time.Now()
		sent, answer := trickle(t, hostport, head, rpc, 50*time.Millisecond)
		t.Logf("POST %s trickling 1 byte per 50 ms: cut off after %d of %d bytes, %s: %.80q", path, sent, len(rpc), time.Since(start).Round(time.Millisecond), answer)
		if sent == len(rpc) {
			t.Errorf("POST %s: the server read a trickled body of %d bytes to its end; want it cut off by the 300 ms body timeout", path, len(rpc))
		}
	}
	// The header too (http.Server.ReadHeaderTimeout).
	head := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\nX-Slow: %s\r\n\r\n", hostapi.ConfigPath, hostport, strings.Repeat("a", 60))
	sent, _ := trickle(t, hostport, "", head, 50*time.Millisecond)
	if sent == len(head) {
		t.Errorf("a header trickled over %d bytes was read to its end; want it cut off by the 300 ms header timeout", len(head))
	}
	// The host still answers normal requests.
	if status, body := do(t, "POST", m.URL()+hostapi.RPCPath, "application/json", rpc); status != 200 {
		t.Errorf("POST /rpc after the trickles = %d %s", status, body)
	}
}

// Issue 10 item 17: the security headers are on every route, not only the
// wallet's.
func TestSecurityHeadersOnEveryRoute(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir()})
	want := map[string]string{
		"X-Content-Type-Options":       "nosniff",
		"X-Frame-Options":              "DENY",
		"Referrer-Policy":              "no-referrer",
		"Cross-Origin-Opener-Policy":   "same-origin",
		"Cross-Origin-Resource-Policy": "same-origin",
	}
	hostport := strings.TrimPrefix(m.URL(), "http://")
	for _, r := range []struct{ method, path, contentType, body, hostHeader string }{
		{"POST", hostapi.RPCPath, "application/json", `{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}`, hostport},
		{"POST", hostapi.RPCPath, "text/plain", `{}`, hostport},
		{"GET", hostapi.RPCPath, "", "", hostport},
		{"POST", hostapi.MinePath, "application/json", `{"blocks":1}`, hostport},
		{"GET", hostapi.FundPath, "", "", hostport},
		{"GET", "/dev/nothing", "", "", hostport},
		{"GET", hostapi.ConfigPath, "", "", hostport},
		{"GET", wt.StatusPath, "", "", hostport},
		{"GET", hostapi.RelayPath, "", "", hostport},
		{"GET", "/", "", "", hostport},
		{"GET", hostapi.ConfigPath, "", "", "evil.example"},
	} {
		status, hd, _ := withHost(t, r.method, m.URL()+r.path, r.hostHeader, r.contentType, r.body)
		for k, v := range want {
			if got := hd.Get(k); got != v {
				t.Errorf("%s %s (%d): %s = %q; want %q", r.method, r.path, status, k, got, v)
			}
		}
		if csp := hd.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s %s (%d): Content-Security-Policy = %q; want frame-ancestors 'none'", r.method, r.path, status, csp)
		}
	}
}

// Issue 10 item 17: /config.json right after the listener started once named
// no watchtower (the watchtower starts after the listener: it reads its
// mailbox on the host's own /relay). It now answers 503 with Retry-After
// until the host is complete, and never a configuration without the
// watchtower.
func TestConfigJSONOnlyWhenComplete(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	m := &host.Main{Config: host.Config{Addr: addr, DataDir: t.TempDir(), WebDir: "-", Logger: testLogger(t)}}
	t.Cleanup(func() { m.Close() })
	runErr := make(chan error, 1)
	go func() { // bounded: the loop below ends when Run returns
		ctx, cancel := context.WithTimeout(context.Background(), hosttest.StartTimeout)
		defer cancel()
		runErr <- m.Run(ctx)
	}()
	var unavailable, complete int
	running := true
	for running {
		select {
		case err := <-runErr:
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			running = false
		default:
		}
		resp, err := http.Get("http://" + addr + hostapi.ConfigPath)
		if err != nil {
			time.Sleep(5 * time.Millisecond)
			continue // not listening yet
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusServiceUnavailable:
			if resp.Header.Get("Retry-After") == "" {
				t.Errorf("503 /config.json without Retry-After: %s", b)
			}
			unavailable++
		case http.StatusOK:
			var cfg hostapi.Config
			if err := json.Unmarshal(b, &cfg); err != nil || cfg.Watchtower == "" {
				t.Fatalf("/config.json answered %s (%v) without a watchtower while the host started", b, err)
			}
			complete++
		default:
			t.Fatalf("/config.json = %d %s", resp.StatusCode, b)
		}
	}
	t.Logf("while starting: %d answers 503, %d complete", unavailable, complete)
	var cfg hostapi.Config
	if status, body := do(t, "GET", m.URL()+hostapi.ConfigPath, "", ""); status != 200 || json.Unmarshal([]byte(body), &cfg) != nil || cfg.Watchtower != m.Watchtower().Address().Hex() {
		t.Errorf("/config.json after Run = %d %s; want the watchtower %s", status, body, m.Watchtower().Address().Hex())
	}
}

// Issue 10: every request has a deadline. A heavy batch that outlives
// --request-timeout gets timeout errors for the calls it did not reach, and
// a mine that outlives --mine-timeout stops with a clear error.
func TestRequestDeadline(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir(), RequestTimeout: 300 * time.Millisecond, MineTimeout: 300 * time.Millisecond})
	start := time.Now()
	status, body := do(t, "POST", m.URL()+hostapi.RPCPath, "application/json", heavyBatch(rpcproxy.DefaultMaxBatch))
	t.Logf("batch of %d looping eth_calls with a 300 ms deadline: %s", rpcproxy.DefaultMaxBatch, time.Since(start).Round(time.Millisecond))
	if status != 200 || !strings.Contains(body, "timed out") {
		t.Errorf("heavy batch past the deadline = %d %.300s; want timeout errors", status, body)
	}
	status, body = do(t, "POST", m.URL()+hostapi.MinePath, "application/json", `{"blocks":10000}`)
	if status != http.StatusServiceUnavailable || !strings.Contains(body, "--mine-timeout") {
		t.Errorf("mine 10000 past the deadline = %d %s; want 503 naming --mine-timeout", status, body)
	}
	// The host is fine afterwards.
	if status, body := do(t, "POST", m.URL()+hostapi.MinePath, "application/json", `{"blocks":1}`); status != 200 {
		t.Errorf("mine 1 after = %d %s", status, body)
	}
}

// Issue 10: eth_call and eth_estimateGas are capped at --rpc-gas-cap.
func TestRPCGasCap(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir(), WebDir: "-"})
	status, body := do(t, "POST", m.URL()+hostapi.RPCPath, "application/json",
		`{"jsonrpc":"2.0","id":1,"method":"eth_estimateGas","params":[{"data":"0x5b600056","gas":"0x5f5e100"}]}`)
	if status != 200 || !strings.Contains(body, "10000000") {
		t.Errorf("eth_estimateGas of an endless loop asking 100M gas = %d %s; want an error naming the cap of 10000000", status, body)
	}
}

// Issue 10: a batch over --rpc-max-batch calls is refused whole, without
// reaching the chain.
func TestRPCBatchCap(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir(), WebDir: "-"})
	status, body := do(t, "POST", m.URL()+hostapi.RPCPath, "application/json", heavyBatch(rpcproxy.DefaultMaxBatch+1))
	if status != 200 || !strings.Contains(body, "-32600") || !strings.Contains(body, "exceeds the limit of 100") {
		t.Errorf("batch of %d calls = %d %.300s; want -32600 naming the limit", rpcproxy.DefaultMaxBatch+1, status, body)
	}
}

// doFrom is do from local address ip (127.0.0.x are all this machine's).
func doFrom(tb testing.TB, ip, url, body string) (int, http.Header, string) {
	tb.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	hc := &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
	defer hc.CloseIdleConnections()
	resp, err := hc.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		tb.Fatalf("POST %s from %s: %v", url, ip, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// TestRPCBudgetPerAddress is the attack on the host's CPU through /rpc:
// batches of eth_calls that each burn the gas cap keep a core busy for
// seconds, and a few of them at a time from one address took every core
// from the wallets and the relay. One network address gets a share of the
// host's time (--rpc-ip-share, --rpc-ip-burst) and a few requests in
// progress (--rpc-ip-concurrent); beyond them it gets HTTP 429 with
// Retry-After, while another address is answered.
func TestRPCBudgetPerAddress(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir(), WebDir: "-",
		RPCIPShare: 0.001, RPCIPBurst: 200 * time.Millisecond, RPCIPConcurrent: 2})
	url := m.URL() + hostapi.RPCPath
	const blockNumber = `{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}`

	// The share: one heavy batch uses up 127.0.0.1's burst, the next
	// request is refused and says when to retry.
	start := time.Now()
	if status, _, body := doFrom(t, "127.0.0.1", url, heavyBatch(rpcproxy.DefaultMaxBatch)); status != 200 {
		t.Fatalf("first heavy batch = %d %.200s", status, body)
	}
	t.Logf("batch of %d looping eth_calls at the default gas cap: %s", rpcproxy.DefaultMaxBatch, time.Since(start).Round(time.Millisecond))
	status, hd, body := doFrom(t, "127.0.0.1", url, blockNumber)
	if status != http.StatusTooManyRequests || !strings.Contains(body, hostapi.CodeRateLimited) || !strings.Contains(body, "127.0.0.1") || hd.Get("Retry-After") == "" {
		t.Fatalf("request after the burst = %d %s (Retry-After %q); want 429 rate_limited naming the address, with Retry-After", status, body, hd.Get("Retry-After"))
	}
	t.Logf("refusal: %d Retry-After %s %s", status, hd.Get("Retry-After"), strings.TrimSpace(body))

	// Another address is answered.
	if status, _, body := doFrom(t, "127.0.0.2", url, blockNumber); status != 200 || !strings.Contains(body, `"result"`) {
		t.Fatalf("eth_blockNumber from 127.0.0.2 = %d %s", status, body)
	}

	// Requests in progress: two heavy batches from 127.0.0.3, then a third
	// request is refused until one of them is answered.
	done := make(chan int, 2)
	for range 2 {
		go func() {
			status, _, _ := doFrom(t, "127.0.0.3", url, heavyBatch(rpcproxy.DefaultMaxBatch))
			done <- status
		}()
	}
	refused := ""
	for finished := 0; finished == 0 && refused == ""; {
		select {
		case <-done:
			finished++
		case <-time.After(20 * time.Millisecond):
			if status, _, body := doFrom(t, "127.0.0.3", url, blockNumber); status == http.StatusTooManyRequests {
				refused = body
			}
		}
	}
	if !strings.Contains(refused, "in progress") {
		t.Fatalf("a third request while two heavy batches of 127.0.0.3 ran: %q; want 429 naming the requests in progress", refused)
	}
	t.Logf("refusal: %s", strings.TrimSpace(refused))
}
