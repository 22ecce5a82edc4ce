package e2e

// A native test (no browser, no build tag): two wallets (cli/node, the
// headless wallet's engine: channel.Book + relayclient + wire) pay each
// other through the real host, and the host's data directory (the
// relay's JetStream store and key directory, the chain) never holds an
// amount, a total, a signature or the channel id, in any encoding
// (issue 15, docs/sealed-messages.md).

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/channel"
	"paychan/app/hostapi"
	"paychan/app/wire"
	"paychan/cli/node"
	"paychan/server/host"
)

// sealedHost starts the real host (embedded chain, relay) on 127.0.0.1:0
// with its data in dir.
func sealedHost(tb testing.TB, dir string) *host.Main {
	tb.Helper()
	m := &host.Main{Config: host.Config{Addr: "127.0.0.1:0", DataDir: dir, WebDir: "-",
		Logger: slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError}))}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := m.Run(ctx); err != nil {
		tb.Fatalf("host Run: %v", err)
	}
	tb.Cleanup(func() { m.Close() })
	return m
}

// sealedWallet is a headless wallet with one channel.
type sealedWallet struct {
	key   *ecdsa.PrivateKey
	store channel.Store
	node  *node.Node

	mu  sync.Mutex
	got []node.Incoming
}

func (w *sealedWallet) connect(tb testing.TB, url string, cs channel.State) {
	tb.Helper()
	w.node = node.New(w.store, w.key, node.Options{OnIncoming: func(in node.Incoming) {
		w.mu.Lock()
		w.got = append(w.got, in)
		w.mu.Unlock()
	}})
	if _, err := w.node.Book.Get(cs.ID); err != nil {
		if err := w.node.Book.Add(cs); err != nil {
			tb.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := w.node.Connect(ctx, url, w.key); err != nil {
		tb.Fatal(err)
	}
}

// secretForms are the encodings a secret could be stored in: raw bytes
// (when 8 bytes or longer: a shorter sequence turns up by chance in
// megabytes of chain data), hex with and without 0x (both cases), base64
// std/url, padded or not.
func secretForms(b []byte) [][]byte {
	h := hex.EncodeToString(b)
	var out [][]byte
	if len(b) >= 8 {
		out = append(out, b)
	}
	for _, s := range []string{h, strings.ToUpper(h), "0x" + h, base64.StdEncoding.EncodeToString(b), base64.URLEncoding.EncodeToString(b),
		base64.RawStdEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b)} {
		out = append(out, []byte(s))
	}
	return out
}

// scanDir returns the files under dir holding any of the needles, and
// whether the control (which must be there) was found.
func scanDir(tb testing.TB, dir string, needles map[string][]byte, control []byte) (hits []string, sawControl bool) {
	tb.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, control) {
			sawControl = true
		}
		for name, n := range needles {
			if bytes.Contains(b, n) {
				hits = append(hits, fmt.Sprintf("%s in %s", name, path))
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return hits, sawControl
}

// TestSealedRelayLearnsNothing: Alice pays Bob distinctive amounts while
// Bob is offline (so the payments sit in his mailbox on disk), then Bob
// comes online and receives them. Before and after, the host's data
// directory holds no amount, total, signature or channel id.
func TestSealedRelayLearnsNothing(t *testing.T) {
	dir := t.TempDir()
	m := sealedHost(t, dir)
	url := "ws" + strings.TrimPrefix(m.URL(), "http") + hostapi.RelayPath
	aliceKey, _ := crypto.GenerateKey()
	bobKey, _ := crypto.GenerateKey()
	alice := &sealedWallet{key: aliceKey, store: channel.NewMemStore()}
	bob := &sealedWallet{key: bobKey, store: channel.NewMemStore()}
	id := channel.ID{Domain: channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}, Channel: 918273645}
	aP := channel.Party{Account: crypto.PubkeyToAddress(aliceKey.PublicKey), Signer: crypto.PubkeyToAddress(aliceKey.PublicKey)}
	bP := channel.Party{Account: crypto.PubkeyToAddress(bobKey.PublicKey), Signer: crypto.PubkeyToAddress(bobKey.PublicKey)}
	deposit, _ := new(big.Int).SetString("900000000000000000000000", 10)
	state := func(r channel.Role) channel.State {
		cs, err := channel.NewState(id, r, aP, bP)
		if err != nil {
			t.Fatal(err)
		}
		cs.FinalizationBlocks = channel.DefaultMinFinalizationBlocks
		cs, _, _ = channel.ApplyEvent(cs, channel.Deposited{Party: channel.Alice, Total: deposit})
		cs, _, _ = channel.ApplyEvent(cs, channel.Deposited{Party: channel.Bob, Total: deposit})
		return cs
	}
	// Bob logs in once (the relay learns his key), then goes offline.
	bob.connect(t, url, state(channel.Bob))
	bob.node.Close()
	alice.connect(t, url, state(channel.Alice))
	defer alice.node.Close()

	needles := map[string][]byte{}
	add := func(name string, b []byte) {
		for i, f := range secretForms(b) {
			needles[fmt.Sprintf("%s (form %d: %.20q)", name, i, f)] = f
		}
	}
	addNumber := func(name string, v *big.Int) {
		needles[name+" (decimal)"] = []byte(v.String())
		add(name, v.Bytes())
	}
	var ch [8]byte
	binary.BigEndian.PutUint64(ch[:], id.Channel)
	needles["channel id (decimal)"] = []byte(fmt.Sprint(id.Channel))
	add("channel id", bytes.TrimLeft(ch[:], "\x00"))
	add("channel id (uint64)", ch[:])

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	total := new(big.Int)
	for i, s := range []string{"31415926535897932384", "27182818284590452353", "16180339887498948482"} {
		amount, _ := new(big.Int).SetString(s, 10)
		total.Add(total, amount)
		st, fx, err := alice.node.Book.Pay(id, amount, time.Now())
		if err != nil {
			t.Fatalf("pay %s: %v", s, err)
		}
		for _, m := range fx.Send {
			b, err := wire.Encode(m)
			if err != nil {
				t.Fatalf("encode payment %d: %v", i, err)
			}
			if _, err := alice.node.Relay().Send(ctx, st.Peer().Signer, b); err != nil {
				t.Fatalf("send payment %d: %v", i, err)
			}
		}
		addNumber(fmt.Sprintf("amount %d", i), amount)
		addNumber(fmt.Sprintf("total %d", i), new(big.Int).Set(total))
		for _, msg := range fx.Send {
			if p, ok := msg.(channel.Payment); ok {
				add(fmt.Sprintf("signature %d", i), p.Sig[:])
				add(fmt.Sprintf("signature %d r", i), p.Sig[:32])
			}
		}
	}
	// The mailbox subjects name Alice's address in hex: the scan reads the
	// relay's store (a positive control).
	control := []byte(strings.ToLower(aP.Signer.Hex()[2:]))
	hits, saw := scanDir(t, dir, needles, control)
	if !saw {
		t.Errorf("the scan of %s did not find Alice's address: it does not read the relay's store", dir)
	}
	if len(hits) > 0 {
		t.Errorf("with the payments in Bob's mailbox, the host's data holds:\n%s", strings.Join(hits, "\n"))
	}

	// Bob comes online and receives the three payments (opened by his
	// relay client, verified and persisted by his Book).
	bob.connect(t, url, state(channel.Bob))
	defer bob.node.Close()
	deadline := time.Now().Add(time.Minute)
	for {
		cs, err := bob.node.Book.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		if cs.Totals().AlicePaid.Cmp(total) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Bob's total received is %v; want %v", cs.Totals().AlicePaid, total)
		}
		time.Sleep(20 * time.Millisecond)
	}
	bob.mu.Lock()
	for _, in := range bob.got {
		if in.Err != nil {
			t.Errorf("Bob refused %T: %v", in.Msg, in.Err)
		}
	}
	bob.mu.Unlock()
	if hits, _ := scanDir(t, dir, needles, control); len(hits) > 0 {
		t.Errorf("after delivery, the host's data holds:\n%s", strings.Join(hits, "\n"))
	}
}
