package host

import (
	"net"
	"strings"
	"testing"
	"time"
)

func TestHostNames(t *testing.T) {
	tests := []struct {
		listen    string
		relayHost string
		extra     []string
		ok, bad   []string
	}{
		{"127.0.0.1:8080", "", nil,
			[]string{"127.0.0.1:8080", "localhost:8080", "[::1]:8080", "LocalHost:8080"},
			[]string{"evil.example:8080", "localhost:8081", "localhost", "10.0.0.5:8080", "127.0.0.1", ""}},
		{"127.0.0.1:80", "", nil,
			[]string{"localhost", "127.0.0.1", "localhost:80"},
			[]string{"evil.example"}},
		{"0.0.0.0:8080", "", nil,
			[]string{"192.168.1.5:8080", "[fe80::1]:8080", "localhost:8080", "127.0.0.1:8080"},
			[]string{"mybox.local:8080", "192.168.1.5:9090", "evil.example:8080"}},
		{"192.168.1.5:8080", "pay.example", []string{"wallet.example:8443", " "},
			[]string{"192.168.1.5:8080", "pay.example", "pay.example:443", "PAY.EXAMPLE:8080", "wallet.example:8443"},
			[]string{"localhost:8080", "127.0.0.1:8080", "wallet.example", "evil.example", "10.0.0.1:8080"}},
		{"[::1]:8080", "", nil,
			[]string{"[::1]:8080", "localhost:8080", "127.0.0.1:8080"},
			[]string{"[::2]:8080"}},
	}
	for _, tt := range tests {
		addr, err := net.ResolveTCPAddr("tcp", tt.listen)
		if err != nil {
			t.Fatal(err)
		}
		h := newHostNames(addr, tt.relayHost, tt.extra)
		for _, s := range tt.ok {
			if !h.allowed(s) {
				t.Errorf("listening on %s (relay host %q, extra %q): Host %q refused; want accepted", tt.listen, tt.relayHost, tt.extra, s)
			}
		}
		for _, s := range tt.bad {
			if h.allowed(s) {
				t.Errorf("listening on %s (relay host %q, extra %q): Host %q accepted; want refused", tt.listen, tt.relayHost, tt.extra, s)
			}
		}
	}
}

// TestRPCBudgetExternalNode: with an external node (--rpc) a request's
// time is mostly the wait for the node, so only the requests in progress
// are bounded; on the embedded chain the time is charged too.
func TestRPCBudgetExternalNode(t *testing.T) {
	now := time.Now()
	for _, timed := range []bool{false, true} {
		b := newRPCBudget(timed, 0.001, time.Second, 2)
		ok, _, _ := b.begin("192.0.2.1", now)
		if !ok {
			t.Fatalf("timed %v: first request refused", timed)
		}
		b.end("192.0.2.1", time.Minute, now) // a long wait for the node
		if ok, _, why := b.begin("192.0.2.1", now); ok == timed {
			t.Errorf("timed %v: after a minute-long request: admitted %v (%s)", timed, ok, why)
		}
	}
	b := newRPCBudget(false, 0, 0, 2)
	b.begin("192.0.2.1", now)
	b.begin("192.0.2.1", now)
	if ok, _, why := b.begin("192.0.2.1", now); ok || !strings.Contains(why, "in progress") {
		t.Errorf("third request in progress: admitted %v (%s); want refused", ok, why)
	}
}
