package watchtower_test

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/hostapi"
	"paychan/app/relayclient"
	wt "paychan/app/watchtower"
	"paychan/app/wire"
	"paychan/contracts/bindings"
	"paychan/server/devchain"
	"paychan/server/host"
)

// testLogger writes logs at info level and up to the test log.
func testLogger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tbWriter{tb}, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

type tbWriter struct{ tb testing.TB }

func (w tbWriter) Write(p []byte) (int, error) {
	w.tb.Helper()
	w.tb.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// mustHost starts the real host on 127.0.0.1:0 (no wallet) and closes it at
// the end of the test.
func mustHost(tb testing.TB, cfg host.Config) *host.Main {
	tb.Helper()
	cfg.Addr, cfg.WebDir, cfg.Logger = "127.0.0.1:0", "-", testLogger(tb)
	m := &host.Main{Config: cfg}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := m.Run(ctx); err != nil {
		tb.Fatalf("host Run: %v", err)
	}
	tb.Cleanup(func() { m.Close() })
	return m
}

// actor is a named key.
type actor struct {
	name string
	key  *ecdsa.PrivateKey
	addr common.Address
}

func testActor(tb testing.TB, name string) actor {
	tb.Helper()
	if k, ok := devchain.TestKeyByName(name); ok {
		return actor{name, k.Key, k.Address}
	}
	key, err := crypto.ToECDSA(crypto.Keccak256([]byte("paychan watchtower test " + name)))
	if err != nil {
		tb.Fatal(err)
	}
	return actor{name, key, crypto.PubkeyToAddress(key.PublicKey)}
}

// chain is the test's view of a chain and the deployed contract.
type chain struct {
	client   *ethclient.Client
	contract common.Address
	abi      *bindings.DuplexChannel
	bound    *bind.BoundContract
}

func newChain(client *ethclient.Client, contract common.Address) *chain {
	abi := bindings.NewDuplexChannel()
	return &chain{client: client, contract: contract, abi: abi, bound: abi.Instance(client, contract)}
}

// mustTransact sends calldata from a with value and waits for a successful receipt.
func (c *chain) mustTransact(tb testing.TB, a actor, value *big.Int, calldata []byte) *types.Receipt {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	opts := bind.NewKeyedTransactor(a.key, big.NewInt(devchain.ChainID))
	opts.Context, opts.Value = ctx, value
	tx, err := c.bound.RawTransact(opts, calldata)
	if err != nil {
		tb.Fatalf("%s: transact: %v", a.name, err)
	}
	rc, err := chainclient.WaitMined(ctx, c.client, tx.Hash())
	if err != nil {
		tb.Fatal(err)
	}
	if rc.Status != types.ReceiptStatusSuccessful {
		tb.Fatalf("%s: transaction %s reverted", a.name, tx.Hash())
	}
	return rc
}

func mustCall[T any](tb testing.TB, c *chain, calldata []byte, unpack func([]byte) (T, error)) T {
	tb.Helper()
	v, err := bind.Call(c.bound, &bind.CallOpts{Context: context.Background()}, calldata, unpack)
	if err != nil {
		tb.Fatalf("call: %v", err)
	}
	return v
}

// mustOpen has alice open a channel to bob with deposit and period.
func (c *chain) mustOpen(tb testing.TB, alice, bob actor, deposit int64, period uint64) channel.ID {
	tb.Helper()
	rc := c.mustTransact(tb, alice, big.NewInt(deposit), c.abi.PackOpen(bob.addr, common.Address{}, common.Address{}, period))
	for _, l := range rc.Logs {
		if ev, err := c.abi.UnpackChannelOpenedEvent(l); err == nil {
			return channel.ID{Domain: channel.Domain{ChainID: devchain.ChainID, Contract: c.contract}, Channel: ev.Id.Uint64()}
		}
	}
	tb.Fatal("no ChannelOpened event")
	return channel.ID{}
}

func (c *chain) paid(tb testing.TB, id channel.ID) (alice, bob int64) {
	tb.Helper()
	p := mustCall(tb, c, c.abi.PackPaid(big.NewInt(int64(id.Channel))), c.abi.UnpackPaid)
	return p.AlicePaid.Int64(), p.BobPaid.Int64()
}

func (c *chain) head(tb testing.TB) uint64 {
	tb.Helper()
	n, err := c.client.BlockNumber(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// mustPay returns payer's signed Payment(id, total).
func mustPay(tb testing.TB, payer actor, id channel.ID, total int64) channel.Payment {
	tb.Helper()
	d, err := id.PaymentDigest(big.NewInt(total))
	if err != nil {
		tb.Fatal(err)
	}
	sig, err := channel.Sign(d, payer.key)
	if err != nil {
		tb.Fatal(err)
	}
	return channel.Payment{ID: id, Paid: big.NewInt(total), Sig: sig}
}

// wallet is a relay participant that talks to the watchtower.
type wallet struct {
	actor
	c       *relayclient.Client
	replies chan relayclient.Message
}

func mustWallet(tb testing.TB, m *host.Main, a actor) *wallet {
	tb.Helper()
	w := &wallet{actor: a, replies: make(chan relayclient.Message, 64)}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := relayclient.Dial(ctx, "ws"+strings.TrimPrefix(m.URL(), "http")+hostapi.RelayPath, relayclient.KeySigner(a.key), relayclient.Options{
		Handler: func(ctx context.Context, msg relayclient.Message) error {
			w.replies <- msg
			return nil
		},
	})
	if err != nil {
		tb.Fatalf("%s dials the relay: %v", a.name, err)
	}
	w.c = c
	tb.Cleanup(func() { c.Close() })
	return w
}

// handOffRaw sends payload to the watchtower and returns the first reply
// that match accepts (nil accepts any). Replies are matched by content, the
// way a wallet does: the relay delivers at least once, so a reply whose
// acknowledgement was lost when a client closed comes again to the next one.
func (w *wallet) handOffRaw(tb testing.TB, tower common.Address, payload []byte, match func(wt.Reply) bool) wt.Reply {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := w.c.Send(ctx, tower, payload); err != nil {
		tb.Fatalf("%s sends to the watchtower: %v", w.name, err)
	}
	for {
		select {
		case msg := <-w.replies:
			if msg.From != tower {
				tb.Fatalf("%s got a message from %s; want the watchtower %s", w.name, msg.From.Hex(), tower.Hex())
			}
			r, err := wt.DecodeReply(msg.Payload)
			if err != nil {
				tb.Fatalf("%s decodes the watchtower's reply %s: %v", w.name, msg.Payload, err)
			}
			if r.RefID() == "" {
				tb.Fatalf("reply without ref: %s", msg.Payload)
			}
			if match == nil || match(r) {
				return r
			}
			tb.Logf("%s skips a redelivered reply: %s", w.name, msg.Payload)
		case <-ctx.Done():
			tb.Fatalf("%s: no reply from the watchtower", w.name)
			return nil
		}
	}
}

// send sends payload to the watchtower without waiting for a reply.
func (w *wallet) send(tb testing.TB, tower common.Address, payload []byte) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := w.c.Send(ctx, tower, payload); err != nil {
		tb.Fatalf("%s sends to the watchtower: %v", w.name, err)
	}
}

// handOff hands p (encoded with app/wire) to the watchtower.
func (w *wallet) handOff(tb testing.TB, tower common.Address, p channel.Payment) wt.Reply {
	tb.Helper()
	b, err := wire.Encode(p)
	if err != nil {
		tb.Fatal(err)
	}
	return w.handOffRaw(tb, tower, b, func(r wt.Reply) bool {
		switch r := r.(type) {
		case *wt.Accepted:
			return r.ID == p.ID && r.Paid.Cmp(p.Paid) == 0
		case *wt.Refused:
			return r.ID == nil || (*r.ID == p.ID && r.Paid != nil && r.Paid.Cmp(p.Paid) == 0)
		}
		return false
	})
}

// getJSON GETs url and decodes the JSON body into v.
func getJSON(tb testing.TB, url string, v any) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s = %d %s; want 200", url, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		tb.Fatalf("GET %s: decode %s: %v", url, b, err)
	}
}

func mustPoll(tb testing.TB, m *host.Main) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := m.Watchtower().Poll(ctx); err != nil {
		tb.Fatalf("watchtower Poll: %v", err)
	}
}

// pollUntil polls the watchtower until cond holds (a claim waits for its
// settle delay), for at most 30 s.
func pollUntil(tb testing.TB, m *host.Main, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		mustPoll(tb, m)
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatal("condition not reached after 30 s of polling")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
