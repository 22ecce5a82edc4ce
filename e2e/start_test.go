//go:build browser

package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestStartRequests: the wallet's start asks the host for its
// configuration once, with the request app.js makes while app.wasm
// compiles (hostapi.ConfigPrefetch, taken by the wallet), and reads the
// chain's head and mark in one JSON-RPC batch (chainclient.HeadAndMark):
// in the browser each request is work on the page's main thread.
func TestStartRequests(t *testing.T) {
	m := mustHost(t, t.TempDir())
	browser := mustBrowser(t)
	u := mustUser(t, browser, "carol")
	net := u.record()
	u.open(m.URL() + "/")
	u.waitText("net-status", "online")
	// The refresh loop ticks once a second: give it two more ticks, in
	// which a wallet that read its configuration again would have.
	time.Sleep(2500 * time.Millisecond)

	net.mu.Lock()
	sent := append([]string(nil), net.sent...)
	net.mu.Unlock()
	configs, batches := 0, 0
	for _, s := range sent {
		if strings.HasPrefix(s, "GET "+m.URL()+"/config.json") {
			configs++
		}
		if strings.HasPrefix(s, "POST "+m.URL()+"/rpc [") &&
			strings.Contains(s, `"eth_blockNumber"`) && strings.Contains(s, `"eth_getBlockByNumber","params":["0x1"`) {
			batches++
		}
	}
	if configs != 1 {
		t.Errorf("the page asked for /config.json %d times; want once (app.js's request, taken by the wallet). Requests:\n%s", configs, strings.Join(sent, "\n"))
	}
	if batches != 1 {
		t.Errorf("%d JSON-RPC batches of the head and block 1; want one. Requests:\n%s", batches, strings.Join(sent, "\n"))
	}
}
