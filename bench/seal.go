package main

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/channel"
	"paychan/app/relayclient"
	"paychan/app/seal"
	"paychan/app/wire"
)

// benchSeal measures sealed messages (issue 15, docs/sealed-messages.md):
// the cost of sealing and opening one payment natively, and the relay's
// throughput with clear and with sealed payloads, same relay, same clients.
func benchSeal(ctx context.Context, s settings, r *report, dir string) error {
	alice, _ := crypto.GenerateKey()
	bob, _ := crypto.GenerateKey()
	a, b := seal.NewKey(alice), seal.NewKey(bob)
	id := channel.ID{Domain: channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}, Channel: 1}
	d, _ := id.PaymentDigest(big.NewInt(123456789))
	sig, err := channel.Sign(d, alice)
	if err != nil {
		return err
	}
	pt, err := wire.Encode(channel.Payment{ID: id, Paid: big.NewInt(123456789), Sig: sig})
	if err != nil {
		return err
	}
	c := seal.Context{From: crypto.PubkeyToAddress(alice.PublicKey), To: crypto.PubkeyToAddress(bob.PublicKey), ID: "0123456789abcdef01234567"}
	n := 2000
	if s.quick {
		n = 200
	}
	// Per peer, once: the static-static secret (cached by relayclient).
	t0 := time.Now()
	var ss seal.Shared
	for range n {
		ss = a.Agree(b.Public())
	}
	agree := time.Since(t0) / time.Duration(n)
	sealed := make([][]byte, n)
	t0 = time.Now()
	for i := range sealed {
		if sealed[i], err = seal.Seal(nil, a, ss, b.Public(), c, pt); err != nil {
			return err
		}
	}
	sealT := time.Since(t0) / time.Duration(n)
	t0 = time.Now()
	for _, m := range sealed {
		if _, err := seal.Open(b, &seal.Peer{Key: crypto.CompressPubkey(&alice.PublicKey), Shared: ss}, nil, c, m); err != nil {
			return err
		}
	}
	openT := time.Since(t0) / time.Duration(n)
	// For scale: the payment's own signature check (ecrecover) per payment.
	t0 = time.Now()
	for range n {
		if _, err := sig.Recover(d); err != nil {
			return err
		}
	}
	recoverT := time.Since(t0) / time.Duration(n)

	r.section("6. Sealed messages (issue 15)")
	r.line("One wire payment message (%d bytes clear, %d sealed: +%d) sealed by the payer and opened by the payee (`app/seal`: one ephemeral key and one ECDH to seal, one ECDH to open, HKDF-SHA256, ChaCha20-Poly1305; the static-static secret computed once per peer and cached). %d runs, one core.\n", len(pt), len(sealed[0]), seal.Overhead, n)
	r.table([]string{"step", "per payment"}, [][]string{
		{"seal (payer)", us(sealT)},
		{"open (payee)", us(openT)},
		{"seal + open", us(sealT + openT)},
		{"static-static secret, once per peer", us(agree)},
		{"for scale: ecrecover of the payment's signature", us(recoverT)},
	})

	// Relay throughput, clear and sealed, on one in-process relay that
	// allows clear payloads for the comparison.
	k, m := 50, 100
	if s.quick {
		k, m = 10, 20
	}
	limits := benchLimits()
	limits.AllowClear = true
	rs, err := startRelay(ctx, filepath.Join(dir, "relay"), limits)
	if err != nil {
		return err
	}
	defer rs.Close()
	rows := [][]string{}
	var clearMPS float64
	for _, sealedRun := range []bool{false, true} {
		mps, err := relayRun(ctx, rs.url, k, m, pt, !sealedRun)
		if err != nil {
			return err
		}
		name := "clear (before)"
		if sealedRun {
			name = "sealed (after)"
		} else {
			clearMPS = mps
		}
		rows = append(rows, []string{name, fmt.Sprint(k), fmt.Sprint(k * m), fmt.Sprintf("%.0f", mps), fmt.Sprintf("%.2f", mps/clearMPS)})
	}
	r.line("\nRelay throughput before and after: an in-process relay (JetStream file store, limits lifted), %d `relayclient` clients in the same process (%d cores shared), client i sends %d payment messages to client i+1, all at once; counted when the recipient's handler returned.\n", k, runtime.NumCPU(), m)
	r.table([]string{"payloads", "clients", "messages", "messages/s", "ratio to clear"}, rows)
	return nil
}

func us(d time.Duration) string { return fmt.Sprintf("%.1f µs", float64(d)/float64(time.Microsecond)) }

// relayRun runs k clients sending m messages each to the next one and
// returns the end-to-end messages per second.
func relayRun(ctx context.Context, url string, k, m int, payload []byte, unsealed bool) (float64, error) {
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
	clients := make([]*relayclient.Client, k)
	defer func() {
		for _, c := range clients {
			if c != nil {
				c.Close()
			}
		}
	}()
	for i := range clients {
		cctx, cancel := context.WithTimeout(ctx, time.Minute)
		c, err := relayclient.Dial(cctx, url, relayclient.KeySigner(keys[i]), relayclient.Options{Handler: handler, Logger: quiet, Unsealed: unsealed})
		cancel()
		if err != nil {
			return 0, err
		}
		clients[i] = c
	}
	start := time.Now()
	var wg sync.WaitGroup
	var sendErr atomic.Value
	for i, c := range clients {
		wg.Add(1)
		to := crypto.PubkeyToAddress(keys[(i+1)%k].PublicKey)
		go func() {
			defer wg.Done()
			for range m {
				if _, err := c.Send(ctx, to, payload); err != nil {
					sendErr.Store(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if e := sendErr.Load(); e != nil {
		return 0, fmt.Errorf("send: %w", e.(error))
	}
	select {
	case <-all:
	case <-time.After(5 * time.Minute):
		return 0, fmt.Errorf("only %d of %d messages arrived", received.Load(), want)
	}
	return rate(int(want), time.Since(start)), nil
}
