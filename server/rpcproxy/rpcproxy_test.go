package rpcproxy_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/google/go-cmp/cmp"

	"paychan/server/rpcproxy"
)

// ethService is a tiny real eth namespace for go-ethereum's rpc.Server.
type ethService struct{}

// ChainId answers eth_chainId.
func (ethService) ChainId() hexutil.Uint64 { return 1337 }

// BlockNumber answers eth_blockNumber.
func (ethService) BlockNumber() hexutil.Uint64 { return 7 }

// adminService must never be reached through the filter.
type adminService struct{ calls *atomic.Int64 }

// Peers answers admin_peers.
func (a adminService) Peers() []string { a.calls.Add(1); return nil }

// mustUpstream starts a go-ethereum rpc.Server with eth and admin namespaces.
func mustUpstream(tb testing.TB) (*httptest.Server, *atomic.Int64) {
	tb.Helper()
	calls := new(atomic.Int64)
	srv := rpc.NewServer()
	if err := srv.RegisterName("eth", ethService{}); err != nil {
		tb.Fatal(err)
	}
	if err := srv.RegisterName("admin", adminService{calls}); err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	tb.Cleanup(ts.Close)
	return ts, calls
}

// reply is a JSON-RPC response as the tests read it.
type reply struct {
	ID     json.RawMessage `json:"id"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *struct {
		Code int `json:"code"`
	} `json:"error,omitempty"`
}

// summary is "id:result" or "id:error code" for comparison.
func (r reply) summary() string {
	if r.Error != nil {
		return string(r.ID) + ":error " + itoa(r.Error.Code)
	}
	return string(r.ID) + ":" + string(r.Result)
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// post sends body to url and returns the HTTP status and the replies in id order.
func post(tb testing.TB, url, method, body string) (int, []string) {
	tb.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var replies []reply
	if t := strings.TrimSpace(string(raw)); strings.HasPrefix(t, "[") {
		if err := json.Unmarshal(raw, &replies); err != nil {
			tb.Fatalf("decode batch %q: %v", raw, err)
		}
	} else {
		var r reply
		if err := json.Unmarshal(raw, &r); err != nil {
			tb.Fatalf("decode %q: %v", raw, err)
		}
		replies = []reply{r}
	}
	var out []string
	for _, r := range replies {
		out = append(out, r.summary())
	}
	sort.Strings(out)
	return resp.StatusCode, out
}

func TestFilterAndProxy(t *testing.T) {
	upstream, adminCalls := mustUpstream(t)
	proxy, err := rpcproxy.New(upstream.URL, rpcproxy.Options{MaxBody: 512, MaxBatch: 4})
	if err != nil {
		t.Fatal(err)
	}
	front := httptest.NewServer(proxy)
	defer front.Close()

	tests := []struct {
		name, method, body string
		status             int
		want               []string
	}{
		{"allowed", "POST", `{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}`, 200, []string{`1:"0x539"`}},
		{"denied admin", "POST", `{"jsonrpc":"2.0","id":2,"method":"admin_peers"}`, 200, []string{"2:error -32601"}},
		{"denied debug", "POST", `{"jsonrpc":"2.0","id":3,"method":"debug_traceTransaction","params":[]}`, 200, []string{"3:error -32601"}},
		{"denied personal", "POST", `{"jsonrpc":"2.0","id":4,"method":"personal_unlockAccount"}`, 200, []string{"4:error -32601"}},
		{"denied unknown", "POST", `{"jsonrpc":"2.0","id":"x","method":"eth_sendTransaction"}`, 200, []string{`"x":error -32601`}},
		{"malformed", "POST", `{"jsonrpc":"2.0",`, 200, []string{"null:error -32700"}},
		{"not json-rpc 2.0", "POST", `{"id":5,"method":"eth_chainId"}`, 200, []string{"5:error -32600"}},
		{"batch all allowed", "POST", `[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","id":2,"method":"eth_blockNumber"}]`, 200,
			[]string{`1:"0x539"`, `2:"0x7"`}},
		{"batch mixed", "POST", `[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","id":2,"method":"admin_peers"},7]`, 200,
			[]string{`1:"0x539"`, "2:error -32601", "null:error -32600"}},
		{"batch all denied", "POST", `[{"jsonrpc":"2.0","id":1,"method":"miner_start"},{"jsonrpc":"2.0","id":2,"method":"txpool_content"}]`, 200,
			[]string{"1:error -32601", "2:error -32601"}},
		{"empty batch", "POST", `[]`, 200, []string{"null:error -32600"}},
		{"batch too long", "POST", "[" + strings.TrimSuffix(strings.Repeat(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},`, 5), ",") + "]", 200,
			[]string{"null:error -32600"}},
		{"oversized", "POST", `{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":["` + strings.Repeat("a", 600) + `"]}`, 413, []string{"null:error -32600"}},
		{"GET", "GET", ``, 405, []string{"null:error -32600"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, got := post(t, front.URL, tt.method, tt.body)
			if status != tt.status {
				t.Errorf("serve(%q) = %d; want %d", tt.body, status, tt.status)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("serve(%q) replies (-want +got):\n%s", tt.body, diff)
			}
		})
	}
	if n := adminCalls.Load(); n != 0 {
		t.Errorf("admin_peers reached the node %d times; want 0", n)
	}
}

func TestUpstreamDown(t *testing.T) {
	upstream, _ := mustUpstream(t)
	url := upstream.URL
	upstream.Close()
	proxy, err := rpcproxy.New(url, rpcproxy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	front := httptest.NewServer(proxy)
	defer front.Close()
	status, got := post(t, front.URL, "POST", `{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}`)
	if status != http.StatusBadGateway {
		t.Errorf("serve with upstream down = %d; want %d", status, http.StatusBadGateway)
	}
	if diff := cmp.Diff([]string{"null:error -32603"}, got); diff != "" {
		t.Errorf("replies (-want +got):\n%s", diff)
	}
}

func TestNewRejectsBadURL(t *testing.T) {
	for _, u := range []string{"", "ftp://x", "localhost:8545", "http://"} {
		if _, err := rpcproxy.New(u, rpcproxy.Options{}); err == nil {
			t.Errorf("New(%q) succeeded; want an error", u)
		}
	}
}

// Issue 10 item 14: a cross-site page can POST text/plain or a form to /rpc
// without a CORS preflight; the filter answers 415 unless the request is
// application/json, and nothing reaches the node.
func TestContentTypeMustBeJSON(t *testing.T) {
	upstream, _ := mustUpstream(t)
	proxy, err := rpcproxy.New(upstream.URL, rpcproxy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	front := httptest.NewServer(proxy)
	defer front.Close()
	body := `{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}`
	for _, tt := range []struct {
		contentType string
		status      int
	}{
		{"text/plain", http.StatusUnsupportedMediaType},
		{"text/plain;charset=UTF-8", http.StatusUnsupportedMediaType},
		{"application/x-www-form-urlencoded", http.StatusUnsupportedMediaType},
		{"multipart/form-data; boundary=x", http.StatusUnsupportedMediaType},
		{"", http.StatusUnsupportedMediaType},
		{"application/json;;", http.StatusUnsupportedMediaType},
		{"application/json", http.StatusOK},
		{"application/json; charset=utf-8", http.StatusOK},
		{"Application/JSON", http.StatusOK},
	} {
		req, _ := http.NewRequest("POST", front.URL, strings.NewReader(body))
		if tt.contentType != "" {
			req.Header.Set("Content-Type", tt.contentType)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("POST with Content-Type %q = %d %s; want %d", tt.contentType, resp.StatusCode, raw, tt.status)
		}
		if tt.status == http.StatusUnsupportedMediaType && !strings.Contains(string(raw), "application/json") {
			t.Errorf("POST with Content-Type %q: answer %s does not say what to send", tt.contentType, raw)
		}
	}
}
