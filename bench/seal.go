package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/relayclient"
	"paychan/bench/internal/cryptocost"
)

// benchSeal measures sealed messages (issue 15, docs/sealed-messages.md):
// the cost of sealing and opening one payment natively, and the relay's
// throughput with clear and with sealed payloads, same relay, same clients.
func benchSeal(ctx context.Context, s settings, r *report, dir string) error {
	n := 2000
	if s.quick {
		n = 200
	}
	native := cryptocost.Measure(n)
	if native.Error != "" {
		return errors.New(native.Error)
	}
	// The same code compiled to WebAssembly in Chromium (bench/wasmcrypto),
	// taken from section 2 when it ran in this run.
	inPage, chromiumErr := r.chromium, error(nil)
	if inPage == nil && !s.quick {
		inPage, chromiumErr = chromiumSeal(ctx, filepath.Join(dir, "chromium"))
	} else if inPage == nil {
		chromiumErr = errors.New("not in -quick runs")
	}
	key, _ := crypto.GenerateKey()
	pt, err := cryptocost.Payment(key)
	if err != nil {
		return err
	}

	r.section("6. Sealed messages (issue 15)")
	r.line("One wire payment message (%d bytes clear, %d sealed: +%d) sealed by the payer and opened by the payee (`app/seal`: one ephemeral key and one ECDH to seal, one ECDH to open, HKDF-SHA256, ChaCha20-Poly1305; the static-static secret computed once per peer and cached), next to the payment's own signature and verification, which every payment has had since before sealing. `bench/internal/cryptocost`: the same Go code natively (mean of %d, one core) and compiled to WebAssembly with the wallet's flags in headless Chromium (`bench/wasmcrypto`), the four operations taking turns in batches of 50.\n", native.ClearBytes, native.SealedBytes, native.SealedBytes-native.ClearBytes, native.Rounds)
	col := func(f func(cryptocost.Result) int64) string {
		if inPage == nil {
			return "not measured: " + chromiumErr.Error()
		}
		return us(time.Duration(f(*inPage)))
	}
	ratio := func(f func(cryptocost.Result) int64) string {
		if inPage == nil || f(native) == 0 {
			return ""
		}
		return fmt.Sprintf("%.1f", float64(f(*inPage))/float64(f(native)))
	}
	rows := [][]string{}
	for _, op := range []struct {
		name string
		f    func(cryptocost.Result) int64
	}{
		{"seal (payer, `seal.Seal`)", func(c cryptocost.Result) int64 { return c.SealNs }},
		{"open (payee, `seal.Open`)", func(c cryptocost.Result) int64 { return c.OpenNs }},
		{"**seal + open, per payment**", func(c cryptocost.Result) int64 { return c.SealNs + c.OpenNs }},
		{"static-static secret, once per peer (not per payment)", func(c cryptocost.Result) int64 { return c.AgreeNs }},
		{"for scale: EIP-712 digest + signature (payer, `channel.Sign`)", func(c cryptocost.Result) int64 { return c.SignNs }},
		{"for scale: digest + verification (payee, `Signature.Verify`, ecrecover)", func(c cryptocost.Result) int64 { return c.VerifyNs }},
		{"seal + open as a share of sign + verify", nil},
	} {
		if op.f == nil {
			share := func(c cryptocost.Result) string {
				return fmt.Sprintf("%.0f%%", 100*float64(c.SealNs+c.OpenNs)/float64(c.SignNs+c.VerifyNs))
			}
			inShare := "not measured"
			if inPage != nil {
				inShare = share(*inPage)
			}
			rows = append(rows, []string{op.name, share(native), inShare, ""})
			continue
		}
		rows = append(rows, []string{op.name, us(time.Duration(op.f(native))), col(op.f), ratio(op.f)})
	}
	r.table([]string{"per payment message", "native (Go, amd64)", "Chromium (WebAssembly)", "Chromium / native"}, rows)
	if inPage != nil {
		r.line("Chromium: mean of %d of each.\n", inPage.Rounds)
	}

	// Browser latency before and after: sealing cannot be turned off in
	// the wallet, so "before" is the last report measured before it.
	r.line("Browser latency before and after sealing (section 2's click to Bob's new balance; a sealed payment adds one seal in Alice's page and one open in Bob's, both inside section 2's relay stage). Before: `docs/bench.md` of commit %s (`make bench`, %s, the last report before sealing was merged), on this machine when it was quiet; the signature and verification times in Chromium of each run say how loaded the machine was.\n", beforeSeal.commit, beforeSeal.date)
	brows := [][]string{{"before sealing (" + beforeSeal.commit + ")", fmt.Sprint(beforeSeal.n), ms(beforeSeal.p50), ms(beforeSeal.p99), ms(beforeSeal.sign), ms(beforeSeal.verify), "none"}}
	if b := r.browser; b != nil {
		sv, so, sso := "not measured", "not measured", "not measured"
		if inPage != nil {
			sv, so, sso = ms(time.Duration(inPage.SignNs)), ms(time.Duration(inPage.VerifyNs)), ms(time.Duration(inPage.SealNs+inPage.OpenNs))
		}
		brows = append(brows, []string{"sealed (this run)", fmt.Sprint(b.n), ms(b.p50), ms(b.p99), sv, so, sso})
	} else {
		brows = append(brows, []string{"sealed (this run)", "not measured: run with `-sections browser,seal`", "", "", "", "", ""})
	}
	r.table([]string{"wallet", "payments", "p50", "p99", "sign in Chromium", "verify in Chromium", "seal + open in Chromium"}, brows)

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
	rows = [][]string{}
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

	// Relay latency before and after, one message at a time.
	nl := 400
	if s.quick {
		nl = 40
	}
	lat, err := relayLatency(ctx, rs.url, nl, pt)
	if err != nil {
		return err
	}
	r.line("\nRelay latency before and after, natively: on the same relay, two pairs of `relayclient` clients (one sending clear payloads, one sealed, the same build otherwise), one payment message at a time from `Send` to the recipient's handler (seal, relay, open), %d messages per pair, the pairs taking turns every 50 messages.\n", nl)
	r.table([]string{"payloads", "messages", "p50", "p99", "p50 after - before"}, [][]string{
		{"clear (before)", fmt.Sprint(nl), ms(percentile(lat[0], 50)), ms(percentile(lat[0], 99)), ""},
		{"sealed (after)", fmt.Sprint(nl), ms(percentile(lat[1], 50)), ms(percentile(lat[1], 99)), ms(percentile(lat[1], 50) - percentile(lat[0], 50))},
	})
	return nil
}

// relayLatency sends n messages one at a time through a clear pair of
// clients and n through a sealed pair, in turns of 50, and returns each
// pair's latencies from Send to the recipient's handler.
func relayLatency(ctx context.Context, url string, n int, payload []byte) ([2][]time.Duration, error) {
	var out [2][]time.Duration
	type pair struct {
		from, to *relayclient.Client
		toAddr   common.Address
		got      chan time.Time
	}
	var pairs [2]*pair
	for i, unsealed := range []bool{true, false} {
		p := &pair{got: make(chan time.Time, 1)}
		ka, _ := crypto.GenerateKey()
		kb, _ := crypto.GenerateKey()
		p.toAddr = crypto.PubkeyToAddress(kb.PublicKey)
		dial := func(k *ecdsa.PrivateKey, h relayclient.Handler) (*relayclient.Client, error) {
			cctx, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			return relayclient.Dial(cctx, url, relayclient.KeySigner(k), relayclient.Options{Handler: h, Logger: quiet, Unsealed: unsealed})
		}
		var err error
		if p.to, err = dial(kb, func(ctx context.Context, msg relayclient.Message) error { p.got <- time.Now(); return nil }); err != nil {
			return out, err
		}
		defer p.to.Close()
		if p.from, err = dial(ka, nil); err != nil {
			return out, err
		}
		defer p.from.Close()
		pairs[i] = p
	}
	for sent := 0; sent < n; sent += 50 {
		for i, p := range pairs {
			for range min(50, n-sent) {
				t0 := time.Now()
				if _, err := p.from.Send(ctx, p.toAddr, payload); err != nil {
					return out, fmt.Errorf("send: %w", err)
				}
				select {
				case t := <-p.got:
					out[i] = append(out[i], t.Sub(t0))
				case <-time.After(time.Minute):
					return out, errors.New("a message did not arrive within a minute")
				case <-ctx.Done():
					return out, ctx.Err()
				}
			}
		}
	}
	return out, nil
}

func us(d time.Duration) string { return fmt.Sprintf("%.1f µs", float64(d)/float64(time.Microsecond)) }

// relayRun runs k clients sending m messages each to the next one and
// returns the end-to-end messages per second.
func relayRun(ctx context.Context, url string, k, m int, payload []byte, unsealed bool) (float64, error) {
	rg := newRing(k, m)
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
		c, err := relayclient.Dial(cctx, url, relayclient.KeySigner(rg.keys[i]), relayclient.Options{Handler: rg.handler(i), Logger: quiet, Unsealed: unsealed})
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
		to := crypto.PubkeyToAddress(rg.keys[(i+1)%k].PublicKey)
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
	case <-rg.all:
	case <-time.After(5 * time.Minute):
		return 0, fmt.Errorf("only %d of %d messages arrived", rg.received.Load(), rg.want)
	}
	return rate(int(rg.want), time.Since(start)), nil
}

// beforeSeal is section 2 of the last report before sealing
// (docs/bench.md at commit 6d1de43, `make bench` on 2026-12-01; the seal
// branch was merged in 204b976).
var beforeSeal = struct {
	commit, date string
	n            int
	p50, p99     time.Duration
	sign, verify time.Duration // in Chromium, bench/wasmcrypto
}{"6d1de43", "2026-12-01", 100, 29_500 * time.Microsecond, 53_800 * time.Microsecond, 170 * time.Microsecond, 350 * time.Microsecond}

// chromiumSeal runs bench/wasmcrypto in a headless Chromium of its own
// (when section 2 did not run).
func chromiumSeal(ctx context.Context, dir string) (*cryptocost.Result, error) {
	browser, stop, err := newBrowser()
	if err != nil {
		return nil, err
	}
	defer stop()
	res, err := chromiumCrypto(ctx, browser, dir)
	if err != nil {
		return nil, err
	}
	return &res, nil
}
