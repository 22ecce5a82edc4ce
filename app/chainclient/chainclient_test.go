//go:build !js

package chainclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
	"paychan/contracts/simtest"
)

// autoMine mines a block after every transaction, like the host's dev chain.
type autoMine struct {
	Backend
	c *simtest.Chain
}

func (a autoMine) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := a.Backend.SendTransaction(ctx, tx); err != nil {
		return err
	}
	a.c.Commit()
	return nil
}

// transports are the two ways a Client reaches a node: the JSON-RPC client
// over HTTP of Dial (what the browser uses) and a go-ethereum client
// through New.
var transports = []struct {
	name string
	dial func(tb testing.TB, c *simtest.Chain) *Client
}{
	{"jsonrpc", mustDialHTTP},
	{"backend", func(tb testing.TB, c *simtest.Chain) *Client {
		return New(autoMine{c.Client, c}, c.ChannelAddr, simtest.ChainID)
	}},
}

// forEachTransport runs fn on a fresh chain once per transport.
func forEachTransport(t *testing.T, fn func(t *testing.T, c *simtest.Chain, cl *Client)) {
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			c := simtest.New(t)
			cl := tr.dial(t, c)
			cl.PollInterval = 1
			fn(t, c, cl)
		})
	}
}

// mustDialHTTP serves the simulated chain's JSON-RPC API over HTTP on
// loopback (mining a block after every accepted transaction, like the
// host's dev chain) and dials it.
func mustDialHTTP(tb testing.TB, c *simtest.Chain) *Client {
	tb.Helper()
	srv := serveRPC(tb, c, true)
	cl, err := Dial(context.Background(), srv.url, c.ChannelAddr, simtest.ChainID)
	if err != nil {
		tb.Fatal(err)
	}
	return cl
}

// rpcServer is the simulated chain's JSON-RPC API over HTTP; requests
// counts the HTTP requests it answered.
type rpcServer struct {
	url      string
	requests atomic.Int64
}

// serveRPC serves c's JSON-RPC API on loopback. batches says whether it
// takes JSON-RPC batches; without, it answers a batch with an error
// object, as some nodes do.
func serveRPC(tb testing.TB, c *simtest.Chain, batches bool) *rpcServer {
	tb.Helper()
	// The simulated client is a struct embedding the *ethclient.Client of
	// the node's in-process RPC; reflection reaches it.
	ec, ok := reflect.ValueOf(c.Client).Field(0).Interface().(*ethclient.Client)
	if !ok {
		tb.Fatalf("simulated client %T does not embed an *ethclient.Client", c.Client)
	}
	node := ec.Client()
	type request struct {
		ID     json.RawMessage   `json:"id"`
		Method string            `json:"method"`
		Params []json.RawMessage `json:"params"`
	}
	answer := func(ctx context.Context, req request) map[string]any {
		params := make([]any, len(req.Params))
		for i, p := range req.Params {
			params[i] = p
		}
		var result json.RawMessage
		resp := map[string]any{"jsonrpc": "2.0", "id": req.ID}
		if err := node.CallContext(ctx, &result, req.Method, params...); err != nil {
			e := map[string]any{"code": -32000, "message": err.Error()}
			var ce rpc.Error
			if errors.As(err, &ce) {
				e["code"] = ce.ErrorCode()
			}
			var de rpc.DataError
			if errors.As(err, &de) && de.ErrorData() != nil {
				e["data"] = de.ErrorData()
			}
			resp["error"] = e
		} else {
			if len(result) == 0 {
				result = json.RawMessage("null")
			}
			resp["result"] = result
			if req.Method == "eth_sendRawTransaction" {
				c.Commit()
			}
		}
		return resp
	}
	s := &rpcServer{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if bytes.HasPrefix(bytes.TrimSpace(body), []byte("[")) {
			var reqs []request
			if err := json.Unmarshal(body, &reqs); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			if !batches {
				_ = json.NewEncoder(w).Encode(map[string]any{"jsonrpc": "2.0", "id": nil,
					"error": map[string]any{"code": -32600, "message": "batches are not supported"}})
				return
			}
			out := make([]map[string]any, len(reqs))
			for i := range reqs {
				// Answered in reverse: JSON-RPC allows any order.
				out[len(reqs)-1-i] = answer(r.Context(), reqs[i])
			}
			_ = json.NewEncoder(w).Encode(out)
			return
		}
		var req request
		if err := json.Unmarshal(body, &req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		_ = json.NewEncoder(w).Encode(answer(r.Context(), req))
	}))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	srv.Listener = l
	srv.Start()
	tb.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

func eth(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

func TestSeedDemoOnChain(t *testing.T) { forEachTransport(t, testSeedDemoOnChain) }

func testSeedDemoOnChain(t *testing.T, c *simtest.Chain, cl *Client) {
	ctx := context.Background()
	alice, bob := c.Alice, c.Bob

	var stages []Stage
	id, _, err := cl.Open(ctx, alice.Key, bob.Addr, common.Address{}, common.Address{}, 100, nil,
		func(s Stage, _ common.Hash, _ error) { stages = append(stages, s) })
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if diff := cmp.Diff([]Stage{Signing, Sent, Mined}, stages); diff != "" {
		t.Errorf("Open progress (-want +got):\n%s", diff)
	}
	if _, err := cl.Deposit(ctx, alice.Key, id, eth(100), nil); err != nil {
		t.Fatalf("Deposit: %v", err)
	}
	for _, who := range []common.Address{alice.Addr, bob.Addr} {
		mine, err := cl.MyChannels(ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 1 || mine[0].ID != id || mine[0].Alice != alice.Addr || mine[0].Bob != bob.Addr {
			t.Errorf("MyChannels(%s) = %+v; want channel %d alice→bob", who, mine, id)
		}
	}
	if mine, _ := cl.MyChannels(ctx, c.Mallory.Addr); len(mine) != 0 {
		t.Errorf("MyChannels(Mallory) = %+v; want none", mine)
	}

	// Alice pays Bob 20 off chain; Bob claims it.
	d := channel.Domain{ChainID: simtest.ChainID, Contract: c.ChannelAddr}
	digest, err := d.PaymentDigest(new(big.Int).SetUint64(id), eth(20))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := channel.Sign(digest, alice.Key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Claim(ctx, bob.Key, id, alice.Addr, eth(20), sig[:], nil); err != nil {
		t.Fatalf("Claim: %v", err)
	}
	ch, err := cl.Channel(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Status != StatusClosing || ch.ClosesAt != ch.Block+100 || ch.AlicePaid.Cmp(eth(20)) != 0 {
		t.Errorf("after claim: status %v closesAt %d (block %d) alicePaid %v; want closing until block+100, paid 20", ch.Status, ch.ClosesAt, ch.Block, ch.AlicePaid)
	}
	// Withdrawing early fails with a readable reason.
	_, _, err = cl.Withdraw(ctx, alice.Key, id, nil)
	var re *RevertError
	if !errors.As(err, &re) || re.Name != "ChannelNotClosed" {
		t.Fatalf("early Withdraw error = %v; want ChannelNotClosed", err)
	}
	c.Mine(100)
	for _, tt := range []struct {
		name string
		who  *simtest.Actor
		want *big.Int
	}{{"Alice", alice, eth(80)}, {"Bob", bob, eth(20)}} {
		before := c.Balance(tt.who.Addr)
		got, rc, err := cl.Withdraw(ctx, tt.who.Key, id, nil)
		if err != nil {
			t.Fatalf("%s Withdraw: %v", tt.name, err)
		}
		if got.Cmp(tt.want) != 0 {
			t.Errorf("%s withdrew %v; want %v", tt.name, got, tt.want)
		}
		net := new(big.Int).Sub(c.Balance(tt.who.Addr), before)
		net.Add(net, rc.GasCost())
		if net.Cmp(tt.want) != 0 {
			t.Errorf("%s balance changed by %v + gas; want %v", tt.name, net, tt.want)
		}
	}
}

func TestReadableErrors(t *testing.T) { forEachTransport(t, testReadableErrors) }

func testReadableErrors(t *testing.T, c *simtest.Chain, cl *Client) {
	ctx := context.Background()
	var failed error
	_, _, err := cl.Open(ctx, c.Alice.Key, c.Alice.Addr, common.Address{}, common.Address{}, 100, nil,
		func(s Stage, _ common.Hash, err error) {
			if s == Failed {
				failed = err
			}
		})
	var re *RevertError
	if !errors.As(err, &re) || re.Name != "InvalidCounterparty" {
		t.Fatalf("Open with self = %v; want InvalidCounterparty", err)
	}
	if failed == nil {
		t.Error("progress did not report Failed")
	}
	if _, err := cl.Channel(ctx, 42); !errors.Is(err, ErrNoChannel) {
		t.Errorf("Channel(42) = %v; want ErrNoChannel", err)
	}
	// A token channel is read with its asset, never as ether (its amounts
	// are in the token's units).
	tokID, tok := c.OpenTokenChannel(t, c.Alice, c.Bob, big.NewInt(100_000_000), 100)
	if ch, err := cl.Channel(ctx, tokID.Uint64()); err != nil || ch.Asset.Token != tok || ch.Asset.Decimals != 6 {
		t.Errorf("Channel(token channel %v) = %+v, %v; want token %s with 6 decimals", tokID, ch, err, tok)
	}
	_, err = cl.Deposit(ctx, c.Mallory.Key, c.OpenChannel(t, c.Alice, c.Bob, eth(1), 10).Uint64(), eth(1), nil)
	if !errors.As(err, &re) || re.Name != "NotParty" {
		t.Errorf("Mallory's deposit = %v; want NotParty", err)
	}
}

// TestEmbeddedABIIsCurrent keeps the embedded ABI equal to the contract's
// build output (run `cp contracts/build/DuplexChannel.abi
// app/chainclient/duplexchannel.abi.json` after changing the contract).
func TestEmbeddedABIIsCurrent(t *testing.T) {
	want, err := os.ReadFile("../../contracts/build/DuplexChannel.abi")
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != abiJSON {
		t.Error("app/chainclient/duplexchannel.abi.json differs from contracts/build/DuplexChannel.abi: copy it again")
	}
}

// TestCooperativeCloseOneTx closes by agreement: both parties are paid in
// the one transaction, and the settled channel's deposits (deleted on
// chain) are still found in its Deposited events.
func TestCooperativeCloseOneTx(t *testing.T) { forEachTransport(t, testCooperativeCloseOneTx) }

func testCooperativeCloseOneTx(t *testing.T, c *simtest.Chain, cl *Client) {
	ctx := context.Background()
	alice, bob := c.Alice, c.Bob
	id, _, err := cl.Open(ctx, alice.Key, bob.Addr, common.Address{}, common.Address{}, 100, eth(10), nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if _, err := cl.Deposit(ctx, bob.Key, id, eth(5), nil); err != nil {
		t.Fatalf("Deposit: %v", err)
	}
	if _, err := cl.Deposit(ctx, alice.Key, id, eth(2), nil); err != nil {
		t.Fatalf("Deposit: %v", err)
	}
	d := channel.Domain{ChainID: simtest.ChainID, Contract: c.ChannelAddr}
	digest, err := d.CloseDigest(new(big.Int).SetUint64(id), eth(4), eth(1))
	if err != nil {
		t.Fatal(err)
	}
	aliceSig, err := channel.Sign(digest, alice.Key)
	if err != nil {
		t.Fatal(err)
	}
	bobSig, err := channel.Sign(digest, bob.Key)
	if err != nil {
		t.Fatal(err)
	}
	aliceBefore, bobBefore := c.Balance(alice.Addr), c.Balance(bob.Addr)
	rc, err := cl.CooperativeClose(ctx, bob.Key, id, eth(4), eth(1), aliceSig[:], bobSig[:], nil)
	if err != nil {
		t.Fatalf("CooperativeClose: %v", err)
	}
	// Alice: 12 + 1 - 4 = 9; Bob: 5 + 4 - 1 = 8 (minus the gas he paid).
	aliceGot := new(big.Int).Sub(c.Balance(alice.Addr), aliceBefore)
	bobGot := new(big.Int).Sub(c.Balance(bob.Addr), bobBefore)
	bobGot.Add(bobGot, rc.GasCost())
	if aliceGot.Cmp(eth(9)) != 0 || bobGot.Cmp(eth(8)) != 0 {
		t.Errorf("paid Alice %v and Bob %v (+gas); want 9 and 8 ETH", aliceGot, bobGot)
	}
	ch, err := cl.Channel(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Status != StatusClosed || !ch.AliceWithdrawn || !ch.BobWithdrawn || ch.AliceDeposit.Sign() != 0 {
		t.Errorf("after close: %+v; want closed, both withdrawn, deposits deleted", ch)
	}
	a, b, err := cl.Deposits(ctx, id, alice.Addr, bob.Addr)
	if err != nil {
		t.Fatal(err)
	}
	if a.Cmp(eth(12)) != 0 || b.Cmp(eth(5)) != 0 {
		t.Errorf("Deposits = %v, %v; want 12 and 5 ETH", a, b)
	}
}

func TestChainMark(t *testing.T) { forEachTransport(t, testChainMark) }

func testChainMark(t *testing.T, c *simtest.Chain, cl *Client) {
	ctx := context.Background()
	got, err := cl.ChainMark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h, err := c.Client.HeaderByNumber(ctx, big.NewInt(MarkBlock))
	if err != nil {
		t.Fatal(err)
	}
	if got != h.Hash() || got == (common.Hash{}) {
		t.Errorf("ChainMark = %s; want block %d's hash %s", got, MarkBlock, h.Hash())
	}
}

// TestHeadAndMark checks that HeadAndMark answers what BlockNumber and
// ChainMark answer.
func TestHeadAndMark(t *testing.T) { forEachTransport(t, testHeadAndMark) }

func testHeadAndMark(t *testing.T, c *simtest.Chain, cl *Client) {
	ctx := context.Background()
	head, mark, err := cl.HeadAndMark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantHead, err := cl.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantMark, err := cl.ChainMark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if head != wantHead || mark != wantMark || mark == (common.Hash{}) {
		t.Errorf("HeadAndMark = %d, %s; want %d, %s", head, mark, wantHead, wantMark)
	}
}

// TestHeadAndMarkRequests: HeadAndMark is one request to a node that
// takes JSON-RPC batches; one that refuses them gets a request each.
func TestHeadAndMarkRequests(t *testing.T) {
	for _, batches := range []bool{true, false} {
		t.Run(fmt.Sprintf("batches=%t", batches), func(t *testing.T) {
			c := simtest.New(t)
			srv := serveRPC(t, c, batches)
			cl, err := Dial(context.Background(), srv.url, c.ChannelAddr, simtest.ChainID)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			before := srv.requests.Load()
			if _, _, err := cl.HeadAndMark(ctx); err != nil {
				t.Fatal(err)
			}
			requests := srv.requests.Load() - before
			want := int64(1)
			if !batches {
				want = 3 // the refused batch, then one request each
			}
			if requests != want {
				t.Errorf("HeadAndMark made %d requests; want %d", requests, want)
			}
			testHeadAndMark(t, c, cl) // and answers right
		})
	}
}

// TestStartParsesNoABI checks that the wallet's start (Dial, the block
// number, the chain's mark) parses no ABI: in the browser the parse is a
// long task of its own. The first contract call parses the contract's
// ABI once.
func TestStartParsesNoABI(t *testing.T) {
	saved := contractABI
	t.Cleanup(func() { contractABI = saved })
	var parses atomic.Int32
	contractABI = sync.OnceValue(func() *abi.ABI {
		parses.Add(1)
		return mustParseABI("DuplexChannel", abiJSON)
	})
	c := simtest.New(t)
	cl := mustDialHTTP(t, c)
	ctx := context.Background()
	if _, err := cl.BlockNumber(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.ChainMark(ctx); err != nil {
		t.Fatal(err)
	}
	if n := parses.Load(); n != 0 {
		t.Fatalf("Dial, BlockNumber and ChainMark parsed %d ABIs; want none", n)
	}
	for range 2 {
		if _, err := cl.Channel(ctx, 1); err == nil {
			t.Fatal("Channel(1) on a chain without channels: want an error")
		}
	}
	if n := parses.Load(); n != 1 {
		t.Fatalf("two contract calls parsed %d ABIs; want 1", n)
	}
}

// TestHeadAndMarkBadBatchAnswers: a node's batch answer that refuses an
// element, leaves one out or answers one twice gives a clear error, never
// a wrong head or mark.
func TestHeadAndMarkBadBatchAnswers(t *testing.T) {
	type elem struct {
		ID     uint64 `json:"id"`
		Method string `json:"method"`
	}
	cases := []struct {
		name    string
		answer  func(reqs []elem) []map[string]any
		wantErr string
	}{
		{"head refused", func(reqs []elem) []map[string]any {
			return []map[string]any{
				{"jsonrpc": "2.0", "id": reqs[0].ID, "error": map[string]any{"code": -32005, "message": "limit exceeded"}},
				{"jsonrpc": "2.0", "id": reqs[1].ID, "result": map[string]any{"hash": common.Hash{1}}},
			}
		}, "limit exceeded"},
		{"mark left out", func(reqs []elem) []map[string]any {
			return []map[string]any{{"jsonrpc": "2.0", "id": reqs[0].ID, "result": "0x10"}}
		}, "left it out"},
		{"head twice, mark left out", func(reqs []elem) []map[string]any {
			return []map[string]any{
				{"jsonrpc": "2.0", "id": reqs[0].ID, "result": "0x10"},
				{"jsonrpc": "2.0", "id": reqs[0].ID, "result": map[string]any{"hash": common.Hash{1}}},
			}
		}, "left it out"},
		{"head null", func(reqs []elem) []map[string]any {
			return []map[string]any{
				{"jsonrpc": "2.0", "id": reqs[0].ID, "result": nil},
				{"jsonrpc": "2.0", "id": reqs[1].ID, "result": map[string]any{"hash": common.Hash{1}}},
			}
		}, "answered null"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				var reqs []elem
				if err := json.NewDecoder(r.Body).Decode(&reqs); err != nil || len(reqs) != 2 {
					http.Error(w, "want a batch of two", http.StatusBadRequest)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				_ = json.NewEncoder(w).Encode(tc.answer(reqs))
			}))
			t.Cleanup(srv.Close)
			cl, err := Dial(context.Background(), srv.URL, common.Address{1}, simtest.ChainID)
			if err != nil {
				t.Fatal(err)
			}
			head, mark, err := cl.HeadAndMark(context.Background())
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("HeadAndMark = %d, %s, %v; want an error saying %q", head, mark, err, tc.wantErr)
			}
		})
	}
}
