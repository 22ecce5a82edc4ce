package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"

	"paychan/app/amount"
	"paychan/bench/internal/cryptocost"
	"paychan/internal/testkit/seed"
	"paychan/internal/wasmflags"
)

// The seed's public test keys (as the wallet's e2e tests use them).
const (
	aliceSigner = seed.AliceSigner
	bobSigner   = seed.BobSigner
	passphrase  = "correct horse battery"
)

// tab drives one user's browser context through the wallet's element ids
// (the same flow as e2e/).
type tab struct {
	name string
	ctx  context.Context
}

func (u *tab) run(what string, actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(u.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		return fmt.Errorf("%s: %s: %w", u.name, what, err)
	}
	return nil
}

func (u *tab) poll(what, expr string) error {
	ctx, cancel := context.WithTimeout(u.ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(5*time.Millisecond), chromedp.WithPollingTimeout(0))); err != nil {
		return fmt.Errorf("%s: %s: %w", u.name, what, err)
	}
	return nil
}

// idle returns once the page's main thread has had an idle moment
// (requestIdleCallback; at most a second).
func (u *tab) idle() error {
	const js = `new Promise(r => requestIdleCallback(() => r(true), {timeout: 1000}))`
	return u.run("idle", chromedp.Evaluate[chromedp.Void](js, chromedp.EvalAwaitPromise))
}

func (u *tab) click(id string) error {
	return u.run("click #"+id, chromedp.WaitEnabled(chromedp.ID(id)), chromedp.Click(chromedp.ID(id)))
}

// set sets input id to text and fires the input event go-app listens to.
func (u *tab) set(id, text string) error {
	js := fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.value = %q; e.dispatchEvent(new Event("input", {bubbles: true})); })()`, id, text)
	return u.run("fill #"+id, chromedp.WaitVisible(chromedp.ID(id)), chromedp.Evaluate[chromedp.Void](js))
}

func (u *tab) waitText(id, want string) error {
	return u.poll(fmt.Sprintf("#%s = %q", id, want), fmt.Sprintf(`(() => { const e = document.getElementById(%q); return !!e && e.innerText.trim() === %q; })()`, id, want))
}

// relayConnected waits until the wallet says its relay is connected.
func (u *tab) relayConnected() error {
	return u.poll("relay connected", `(document.getElementById("relay-state")||{}).innerText === "connected"`)
}

func (u *tab) importKey(url, wif string) error {
	if _, err := timeToReady(u.ctx, url); err != nil {
		return err
	}
	for _, step := range []func() error{
		func() error { return u.set("wif", wif) },
		func() error { return u.set("passphrase", passphrase) },
		func() error { return u.click("import-key") },
		u.relayConnected,
	} {
		if err := step(); err != nil {
			// Say what the page shows (a notice explains most failures).
			if text, terr := chromedp.Run(u.ctx, chromedp.Evaluate[string](`document.body.innerText`)); terr == nil {
				err = fmt.Errorf("%w; the page shows: %.600q", err, text)
			}
			return err
		}
	}
	return nil
}

// paySeries is one series of payments measured in the two pages.
type paySeries struct {
	lat       []time.Duration         // click to Bob's new balance
	stages    [][]time.Duration       // per payment, one per payStages entry
	marks     [][2]map[string]float64 // per payment, Alice's and Bob's
	gcs       []string                // per payment with PAYCHAN_BENCH_MARKS: collections in it
	total     time.Duration           // the whole series
	load      string                  // load average before / after
	gc        string                  // Go collections in Alice's / Bob's page
	cpu       time.Duration           // the renderers' CPU time per payment
	renderers int                     // Chromium's renderer processes
}

// reopen reloads the page (a wallet opened again: its storage and the
// browser's caches kept), unlocks the key and opens channel id.
func (u *tab) reopen(id string) error {
	steps := []func() error{
		func() error { return u.run("reload", chromedp.Reload()) },
		func() error { return u.poll("locked channel", `!!document.getElementById("goto-unlock")`) },
		func() error { return u.click("goto-unlock") },
		func() error { return u.set("unlock-passphrase", passphrase) },
		func() error { return u.click("unlock") },
		u.relayConnected,
		func() error { return u.click("nav-channels") },
		func() error { return u.click("open-channel-" + id) },
		func() error { return u.poll("channel", `!!document.getElementById("balance-mine")`) },
	}
	for _, f := range steps {
		if err := f(); err != nil {
			return fmt.Errorf("open the wallet again: %w", err)
		}
	}
	return nil
}

// benchBrowser: Alice pays Bob 100 times through the real app in two
// headless Chromium contexts; latency from Alice's click to Bob's screen
// showing the new balance, both taken from the pages' clocks
// (performance.timeOrigin + now(), the same wall clock in both tabs).
func benchBrowser(ctx context.Context, s settings, r *report, dir string) error {
	if s.browserN < 1 {
		return errors.New("-browser-n must be at least 1")
	}
	signVerify, swErr := wasmCrypto(ctx)
	m, err := startWebHost(ctx, s.webDir, dir)
	if err != nil {
		return err
	}
	defer m.Close()
	browser, stop, err := newBrowser()
	if err != nil {
		return err
	}
	defer stop()
	actx, cancelA, err := newTab(browser)
	if err != nil {
		return err
	}
	defer cancelA()
	bctx, cancelB, err := newTab(browser)
	if err != nil {
		return err
	}
	defer cancelB()
	alice, bob := &tab{"alice", actx}, &tab{"bob", bctx}
	if err := alice.importKey(m.URL()+"/", aliceWIF); err != nil {
		return err
	}
	if err := bob.importKey(m.URL()+"/", bobWIF); err != nil {
		return err
	}
	// Alice opens a channel with Bob and deposits; Bob joins.
	steps := []func() error{
		func() error { return alice.click("nav-create") },
		func() error { return alice.set("create-counterparty", bobSigner) },
		func() error {
			return alice.poll("signer filled", fmt.Sprintf(`(document.getElementById("create-signer")||{}).value === %q`, bobSigner))
		},
		func() error { return alice.set("create-deposit", "10") },
		func() error { return alice.click("create-submit") },
		func() error { return alice.poll("channel created", `!!document.getElementById("created-id")`) },
	}
	for _, f := range steps {
		if err := f(); err != nil {
			return err
		}
	}
	idText, err := chromedp.Run(actx, chromedp.Text(chromedp.ID("created-id")))
	if err != nil {
		return err
	}
	steps = []func() error{
		func() error { return alice.click("goto-created") },
		func() error { return alice.waitText("deposit-mine", "10 ETH") },
		func() error { return bob.click("nav-join") },
		func() error { return bob.set("join-input", idText) },
		func() error { return bob.click("join-submit") },
		func() error { return bob.waitText("deposit-peer", "10 ETH") },
	}
	for _, f := range steps {
		if err := f(); err != nil {
			return err
		}
	}
	// Bob's page records when its balance text changes.
	const observe = `(() => { window.__bal = []; const rec = () => { const t = performance.timeOrigin + performance.now(); const e = document.getElementById("balance-mine"); if (e && e.textContent !== window.__last) { window.__last = e.textContent; window.__bal.push([e.textContent.trim(), t]); performance.mark("paychan-shown"); } };
  new MutationObserver(rec).observe(document.body, {subtree: true, childList: true, characterData: true}); rec(); })()`
	if err := bob.run("observe balance", chromedp.Evaluate[chromedp.Void](observe)); err != nil {
		return err
	}
	// Each payment empties both pages' window.paychanTiming (app/perfmark:
	// the first time each stage was passed since) just before the click.
	const reset = `(() => { const m = window.paychanTiming; if (m) for (const k in m) delete m[k]; })()`
	const click = `(() => { const m = window.paychanTiming; if (m) for (const k in m) delete m[k]; const t = performance.timeOrigin + performance.now(); performance.mark("paychan-click"); document.getElementById("pay-submit").click(); return t; })()`
	step := big.NewInt(1e16) // 0.01 ETH
	showMarks := os.Getenv("PAYCHAN_BENCH_MARKS") != ""
	browserPID := 0
	if p := chromedp.FromContext(browser).Browser.Process(); p != nil {
		browserPID = p.Pid
	}
	// pays makes n payments, the first numbered from (Bob's balance is
	// then from-1 payments in), and measures them.
	pays := func(session string, from, n int) (*paySeries, error) {
		ps := &paySeries{}
		start, loadBefore := time.Now(), loadAvg()
		// The pages' CPU time over the payments (Chromium's renderer
		// processes; the harness's own calls into the pages included).
		cpuBefore, _ := childCPU(browserPID, "--type=renderer")
		gcBefore := [2][]float64{pageGC(actx), pageGC(bctx)}
		for i := from; i < from+n; i++ {
			if err := alice.set("pay-amount", "0.01"); err != nil {
				return nil, err
			}
			if err := alice.run("pay enabled", chromedp.WaitEnabled(chromedp.ID("pay-submit"))); err != nil {
				return nil, err
			}
			if err := bob.run("reset marks", chromedp.Evaluate[chromedp.Void](reset)); err != nil {
				return nil, err
			}
			var gcIn [2][]float64
			if showMarks {
				gcIn = [2][]float64{pageGC(actx), pageGC(bctx)}
			}
			clickedAt, err := chromedp.Run(actx, chromedp.Evaluate[float64](click))
			if err != nil {
				return nil, fmt.Errorf("alice: pay %d: %w", i, err)
			}
			want := amount.Format(new(big.Int).Mul(step, big.NewInt(int64(i))), 18) + " ETH"
			expr := fmt.Sprintf(`(window.__bal || []).some(x => x[0] === %q)`, want)
			if err := bob.poll(fmt.Sprintf("balance %s after payment %d", want, i), expr); err != nil {
				return nil, err
			}
			shownAt, err := chromedp.Run(bctx, chromedp.Evaluate[float64](fmt.Sprintf(`window.__bal.find(x => x[0] === %q)[1]`, want)))
			if err != nil {
				return nil, err
			}
			ps.lat = append(ps.lat, time.Duration((shownAt-clickedAt)*float64(time.Millisecond)))
			// Alice's marks are complete once her save returned (the wallet no
			// longer marks the relay send, app/perfmark's send0 and sent, since
			// the engine took over the payment path).
			if err := alice.poll("save1 mark", `!!window.paychanTiming && window.paychanTiming.save1 !== undefined`); err != nil {
				return nil, err
			}
			am, err := chromedp.Run(actx, chromedp.Evaluate[map[string]float64](`window.paychanTiming`))
			if err != nil {
				return nil, err
			}
			bm, err := chromedp.Run(bctx, chromedp.Evaluate[map[string]float64](`window.paychanTiming || {}`))
			if err != nil {
				return nil, err
			}
			am["click"], bm["shown"] = clickedAt, shownAt
			if showMarks {
				ps.gcs = append(ps.gcs, "Alice "+gcDelta(gcIn[0], pageGC(actx))+", Bob "+gcDelta(gcIn[1], pageGC(bctx)))
				if i < from+3 || i == from+n-1 {
					logMarks(i, am, bm)
				}
			}
			ps.marks = append(ps.marks, [2]map[string]float64{am, bm})
			ps.stages = append(ps.stages, payStageTimes(am, bm))
			// The next click once both pages have had an idle moment: the
			// payment's tail (Bob's acknowledgement and watchtower hand-off,
			// Alice's handling of the acknowledgement, a render due at the
			// next frame) is done, but not work a wallet puts off on purpose
			// (a render it defers), which may then meet the next payment.
			for _, t := range []*tab{bob, alice} {
				if err := t.idle(); err != nil {
					return nil, err
				}
			}
		}
		ps.total = time.Since(start)
		if showMarks {
			// The marks of the three slowest payments: what the p99 is made of.
			order := make([]int, len(ps.lat))
			for i := range order {
				order[i] = i
			}
			sort.Slice(order, func(a, b int) bool { return ps.lat[order[a]] > ps.lat[order[b]] })
			for _, i := range order[:min(3, len(order))] {
				logger.Printf("%s: slow payment %d: %s (Go collections from the click to Alice's save1 and Bob's balance: %s)", session, from+i, ms(ps.lat[i]), ps.gcs[i])
				logMarks(from+i, ps.marks[i][0], ps.marks[i][1])
			}
		}
		cpuAfter, renderers := childCPU(browserPID, "--type=renderer")
		gcAfter := [2][]float64{pageGC(actx), pageGC(bctx)}
		ps.load = loadBefore + " / " + loadAvg()
		ps.gc = gcDelta(gcBefore[0], gcAfter[0]) + " / " + gcDelta(gcBefore[1], gcAfter[1])
		ps.cpu, ps.renderers = (cpuAfter-cpuBefore)/time.Duration(n), renderers
		return ps, nil
	}
	stopProfiles := startProfiles(alice, bob)
	stopTrace := startTrace(browser)
	firstSession, err := pays("first session", 1, s.browserN)
	if err != nil {
		return err
	}
	stopProfiles()
	stopTrace()
	// The same wallets opened again: both pages reloaded (the browser
	// keeps their storage, and its code cache the WebAssembly code it
	// compiled and optimised during the first session), unlocked, back
	// on the channel.
	for _, t := range []*tab{alice, bob} {
		if err := t.reopen(idText); err != nil {
			return err
		}
	}
	if err := bob.run("observe balance", chromedp.Evaluate[chromedp.Void](observe)); err != nil {
		return err
	}
	again, err := pays("opened again", s.browserN+1, s.browserN)
	if err != nil {
		return err
	}
	lat, stages, total := firstSession.lat, firstSession.stages, firstSession.total

	r.section("2. Browser payments (two headless Chromium contexts on the real app)")
	r.line("The real host in process on 127.0.0.1 (embedded chain, JetStream relay) serving `%s`; Alice and Bob each in their own Chromium browser context, driven through the wallet's element ids as in `e2e/`.", s.webDir)
	r.line("**First session** (a fresh browser profile: the wallet's first load in it). Alice pays Bob 0.01 ETH %d times, one after the other (the next click once Bob's page showed the payment, the Pay button is enabled again and both pages have had an idle moment, `requestIdleCallback`: the payment's own work is done, not work a wallet defers on purpose). Latency: from Alice's click (a timestamp taken in her page just before `click()`) to Bob's page showing the new balance (a MutationObserver timestamp on `#balance-mine`); both are `performance.timeOrigin + performance.now()`, one wall clock. It includes Alice's signing and saving to localStorage, the relay, Bob's verification and save, and the new balance reaching Bob's page (the wallet writes a payment's amounts into the page's existing text nodes as soon as it has saved it; go-app renders the rest of the update, the history included, at its next frame: the stage table shows both). The MutationObserver sees the page's DOM when the page's script yields; the browser paints it at its next frame after that, which this does not measure.\n", s.browserN)
	first, rest := lat[0], lat[1:]
	rows := [][]string{
		{"payments", fmt.Sprint(len(lat))},
		{"first payment after the pages loaded, click to Bob's new balance", ms(first)},
		{"click to Bob's new balance, p50 (all payments)", ms(percentile(lat, 50))},
		{"click to Bob's new balance, p99 (all payments)", ms(percentile(lat, 99))},
		{fmt.Sprintf("payments 2-%d, p50", len(lat)), ms(percentile(rest, 50))},
		{fmt.Sprintf("payments 2-%d, p99", len(lat)), ms(percentile(rest, 99))},
		{"whole run (including the harness filling the amount)", ms(total)},
		{"load average (1, 5, 15 min) before / after the payments, on 2 cores", firstSession.load},
		{"Go garbage collections in Alice's / Bob's page over the payments (cycles; stop-the-world pause in ms)", firstSession.gc},
		{fmt.Sprintf("the pages' CPU time per payment (user + system of Chromium's %d renderer processes over the run, both pages and the harness's calls into them; does not grow with the machine's load)", firstSession.renderers), ms(firstSession.cpu)},
	}
	r.browser = &browserRun{n: len(lat), first: first, p50: percentile(lat, 50), p99: percentile(lat, 99)}
	if inPage, err := chromiumCrypto(ctx, browser, dir); err == nil {
		r.chromium = &inPage
		rows = append(rows,
			[]string{fmt.Sprintf("one EIP-712 digest + signature in WebAssembly in Chromium (`channel.Sign`, `bench/wasmcrypto`, mean of %d)", inPage.Rounds), ms(time.Duration(inPage.SignNs))},
			[]string{fmt.Sprintf("one digest + verification in WebAssembly in Chromium (`Signature.Verify`, ecrecover, mean of %d)", inPage.Rounds), ms(time.Duration(inPage.VerifyNs))},
			[]string{fmt.Sprintf("sealing one payment message in WebAssembly in Chromium (`seal.Seal` by Alice + `seal.Open` by Bob, mean of %d; inside the relay stage below)", inPage.Rounds), ms(time.Duration(inPage.SealNs + inPage.OpenNs))})
	} else {
		rows = append(rows, []string{"signature / verification in WebAssembly in Chromium", "not measured: " + err.Error()})
	}
	if swErr == nil {
		rows = append(rows,
			[]string{"the same signature, the core's Go benchmark as GOOS=js GOARCH=wasm in Node's V8", signVerify[0]},
			[]string{"the same verification in Node's V8", signVerify[1]})
	} else {
		rows = append(rows, []string{"signature / verification in WebAssembly in Node", "not measured: " + swErr.Error()})
	}
	r.table([]string{"figure", "value"}, rows)
	r.line("Where the time goes, by stage (`app/perfmark`: the wallet records when a payment passes each stage in `window.paychanTiming`, on the pages' clock; a stage is the time from the previous mark to its own):\n")
	srows := make([][]string, len(payStages))
	for j, st := range payStages {
		// A mark may be missing from some payments (Bob's render, when
		// the wallet defers it past the next click): the percentiles are
		// of the payments that have it, and the row says how many.
		var col []time.Duration
		for _, p := range stages[1:] {
			if p[j] >= 0 {
				col = append(col, p[j])
			}
		}
		first := ms(stages[0][j])
		if stages[0][j] < 0 {
			first = "not marked"
		}
		switch {
		case len(col) == 0 && stages[0][j] < 0:
			srows[j] = []string{st.name, "not marked by the wallet", "", ""}
		case len(col) == 0:
			srows[j] = []string{st.name, first, "not marked", ""}
		case len(col) < len(stages)-1:
			srows[j] = []string{st.name, first, fmt.Sprintf("%s (%d of %d marked)", ms(percentile(col, 50)), len(col), len(stages)-1), ms(percentile(col, 99))}
		default:
			srows[j] = []string{st.name, first, ms(percentile(col, 50)), ms(percentile(col, 99))}
		}
	}
	r.table([]string{"stage", "first payment", fmt.Sprintf("payments 2-%d, p50", len(lat)), "p99"}, srows)
	r.line("**The same wallets opened again.** Then both pages were reloaded (a wallet opened again: the browser keeps its storage and, in its code cache, the WebAssembly code it compiled and optimised during the first session), unlocked and back on the channel, and Alice paid Bob %d times more, measured the same way. In the first session the browser also compiles the wallet's code: each function in its baseline tier at its first call, on the page's thread, and the functions that have run enough again in its optimising tier, on the page's other threads, which share the 2 cores with both pages; a slow payment's stage was mostly its thread waiting for a core (21.7 ms of wall time for 5.5 ms of CPU in one trace). Once a key is unlocked, each page has a worker render the channel screen as at each payment and make in-memory payments (the second warm-up, `app/ui` `WarmUpChannel`), so that much of that code is optimised before the first payment: in Chromium traces of a first session (`PAYCHAN_BENCH_TRACE`, which slows everything), the optimising compiles on the two pages' threads during the 100 payments took 3.3 + 3.7 s of CPU before it (1.1 s on each page during the first 10 payments) and 1.2 + 1.3 s with it (0.2 s).\n", s.browserN)
	afirst, arest := again.lat[0], again.lat[1:]
	r.table([]string{"figure (opened again)", "value"}, [][]string{
		{"payments", fmt.Sprint(len(again.lat))},
		{"first payment after the pages were opened again", ms(afirst)},
		{"click to Bob's new balance, p50 (all payments)", ms(percentile(again.lat, 50))},
		{"click to Bob's new balance, p99 (all payments)", ms(percentile(again.lat, 99))},
		{fmt.Sprintf("payments 2-%d, p50 / p99", len(again.lat)), ms(percentile(arest, 50)) + " / " + ms(percentile(arest, 99))},
		{"whole run", ms(again.total)},
		{"load average before / after", again.load},
		{"Go garbage collections in Alice's / Bob's page", again.gc},
		{"the pages' CPU time per payment", ms(again.cpu)},
	})
	p50, p99 := percentile(lat, 50), percentile(lat, 99)
	ap50, ap99 := percentile(again.lat, 50), percentile(again.lat, 99)
	r.goals("Browser payments", []string{"goal", "target", "reached", ""}, [][]string{
		{"first session: first payment after load", "<= 50 ms", ms(first), goal(first <= 50*time.Millisecond)},
		{"first session: p50", "<= 10 ms", ms(p50), goal(p50 <= 10*time.Millisecond)},
		{"first session: p99", "<= 30 ms", ms(p99), goal(p99 <= 30*time.Millisecond)},
		{"opened again: first payment after load", "<= 50 ms", ms(afirst), goal(afirst <= 50*time.Millisecond)},
		{"opened again: p50", "<= 10 ms", ms(ap50), goal(ap50 <= 10*time.Millisecond)},
		{"opened again: p99", "<= 30 ms", ms(ap99), goal(ap99 <= 30*time.Millisecond)},
	})
	return nil
}

// logMarks logs every mark of payment i (Alice's a, Bob's b), in ms
// after the click, in time order.
func logMarks(i int, a, b map[string]float64) {
	type mark struct {
		who, k string
		v      float64
	}
	var all []mark
	for k, v := range a {
		all = append(all, mark{"alice", k, v - a["click"]})
	}
	for k, v := range b {
		all = append(all, mark{"bob", k, v - a["click"]})
	}
	sort.Slice(all, func(x, y int) bool { return all[x].v < all[y].v })
	for _, m := range all {
		logger.Printf("payment %d: %-5s %-8s %8.1f", i, m.who, m.k, m.v)
	}
}

// payStages are the stages of one payment between the marks of
// app/perfmark in Alice's page (a.) and Bob's (b.), plus the benchmark's
// click and Bob's new balance on screen.
var payStages = []struct{ name, from, to string }{
	{"Alice: click handler, EIP-712 digest and signature (click to a.save0)", "a.click", "a.save0"},
	{"Alice: save to localStorage (a.save0 to a.save1)", "a.save0", "a.save1"},
	{"relay: encode, WebSocket, host, delivery to Bob (a.save1 to b.recv)", "a.save1", "b.recv"},
	{"  of which Alice: to the relay client, sealing (a.save1 to a.sealed)", "a.save1", "a.sealed"},
	{"  of which Alice: frame encoding, WebSocket write (a.sealed to a.wire)", "a.sealed", "a.wire"},
	{"  of which the wire: browser to host, the host's relay, host to Bob's page (a.wire to b.frame)", "a.wire", "b.frame"},
	{"  of which Bob: decoding the frame, opening, to the handler (b.frame to b.recv)", "b.frame", "b.recv"},
	{"Bob: decode, verify (ecrecover), rules (b.recv to b.save0)", "b.recv", "b.save0"},
	{"Bob: save to localStorage (b.save0 to b.save1)", "b.save0", "b.save1"},
	{"Bob: after the save to the UI goroutine (the ack, other goroutines, the dispatch; b.save1 to b.ui)", "b.save1", "b.ui"},
	{"Bob: the new amounts written into the page's text nodes, before go-app's next frame (app/ui live.go; b.ui to b.live)", "b.ui", "b.live"},
	{"Bob: until the page's script yields and the MutationObserver sees the new balance (b.live to shown)", "b.live", "b.shown"},
	{"(Bob: UI goroutine to go-app's render of the whole update at its next frame, history included, b.ui to b.render; after the balance is shown)", "b.ui", "b.render"},
	{"(Alice: relay send to stored, a.send0 to a.sent, overlaps the relay stage)", "a.send0", "a.sent"},
}

// payStageTimes returns one payment's stage durations from the marks of
// Alice's page (a) and Bob's (b); a missing mark gives -1 ms, so that it
// shows in the report.
func payStageTimes(a, b map[string]float64) []time.Duration {
	get := func(k string) (float64, bool) {
		m := a
		if strings.HasPrefix(k, "b.") {
			m = b
		}
		v, ok := m[k[2:]]
		return v, ok
	}
	out := make([]time.Duration, len(payStages))
	for j, st := range payStages {
		from, ok1 := get(st.from)
		to, ok2 := get(st.to)
		if !ok1 || !ok2 {
			out[j] = -time.Millisecond
			continue
		}
		out[j] = time.Duration((to - from) * float64(time.Millisecond))
	}
	return out
}

// chromiumCrypto times the wallet's signature, verification, seal and
// open inside Chromium (bench/internal/cryptocost): bench/wasmcrypto built like the wallet (GOOS=js GOARCH=wasm,
// the Makefile's flags), served from 127.0.0.1 with Go's wasm_exec.js and
// run in a fresh browser context of browser.
func chromiumCrypto(ctx context.Context, browser context.Context, dir string) (cryptocost.Result, error) {
	var res cryptocost.Result
	web := filepath.Join(dir, "wasmcrypto")
	if err := os.MkdirAll(web, 0o755); err != nil {
		return res, err
	}
	args := append(append([]string{"build"}, wasmflags.Build...), "-o", filepath.Join(web, "crypto.wasm"), "./bench/wasmcrypto")
	build := exec.CommandContext(ctx, "go", args...)
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := build.CombinedOutput(); err != nil {
		return res, fmt.Errorf("build bench/wasmcrypto: %w: %s", err, b)
	}
	// As the Makefile's wasm rule (wasm/postlink): the library's table
	// blanked, the wallet's computed one in use, the data packed.
	if b, err := exec.CommandContext(ctx, "go", "run", "./wasm/postlink", filepath.Join(web, "crypto.wasm")).CombinedOutput(); err != nil {
		return res, fmt.Errorf("postlink bench/wasmcrypto: %w: %s", err, b)
	}
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return res, err
	}
	glue, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return res, err
	}
	const page = `<!doctype html><title>wasmcrypto</title><script src="wasm_exec.js"></script><script>
const go = new Go();
WebAssembly.instantiateStreaming(fetch("crypto.wasm"), go.importObject).then(r => go.run(r.instance)).catch(e => { window.paychanCrypto = JSON.stringify({error: String(e)}); });
</script>`
	if err := os.WriteFile(filepath.Join(web, "wasm_exec.js"), glue, 0o644); err != nil {
		return res, err
	}
	if err := os.WriteFile(filepath.Join(web, "index.html"), []byte(page), 0o644); err != nil {
		return res, err
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(web)))
	defer srv.Close()
	tabCtx, cancel, err := newTab(browser)
	if err != nil {
		return res, err
	}
	defer cancel()
	runCtx, cancelRun := context.WithTimeout(tabCtx, 2*time.Minute)
	defer cancelRun()
	if err := chromedp.Do(runCtx, chromedp.Navigate(srv.URL+"/")); err != nil {
		return res, err
	}
	out, err := chromedp.Run(runCtx, chromedp.Poll[string](`window.paychanCrypto`, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(0)))
	if err != nil {
		return res, fmt.Errorf("wasmcrypto in chromium: %w", err)
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		return res, fmt.Errorf("wasmcrypto result %q: %w", out, err)
	}
	if res.Error != "" {
		return res, errors.New("wasmcrypto: " + res.Error)
	}
	return res, nil
}

// wasmCrypto times one signature and one verification of the core in a
// WebAssembly build: the core's Go benchmarks compiled with GOOS=js
// GOARCH=wasm and run by Go's wasm runner in Node (V8, the engine of
// Chromium). The wallet page exposes no timing hook (see docs/bench.md).
func wasmCrypto(ctx context.Context) ([2]string, error) {
	var out [2]string
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return out, err
	}
	execWasm := filepath.Join(string(goroot[:len(goroot)-1]), "lib", "wasm", "go_js_wasm_exec")
	if _, err := exec.LookPath("node"); err != nil {
		return out, errors.New("node is not installed")
	}
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", "^Benchmark(Sign|Verify)$", "-benchtime", "200x", "-exec", execWasm, "./app/channel")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	b, err := cmd.CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("wasm benchmark: %w: %s", err, b)
	}
	for i, name := range []string{"BenchmarkSign", "BenchmarkVerify"} {
		m := regexp.MustCompile(name + `\S*\s+\d+\s+([\d.]+) ns/op`).FindSubmatch(b)
		if m == nil {
			return out, fmt.Errorf("no %s in: %s", name, b)
		}
		ns, _ := strconv.ParseFloat(string(m[1]), 64)
		out[i] = ms(time.Duration(ns))
	}
	return out, nil
}

// pageGC reads the wallet's Go garbage collector figures in a page
// (app/perfmark): [cycles, pause ms], nil when the wallet has none.
func pageGC(ctx context.Context) []float64 {
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`window.paychanGC ? window.paychanGC() : []`))
	if err != nil || len(v) != 2 {
		return nil
	}
	return v
}

func gcDelta(before, after []float64) string {
	if before == nil || after == nil {
		return "not measured"
	}
	return fmt.Sprintf("%.0f (%.1f ms)", after[0]-before[0], after[1]-before[1])
}

// startProfiles starts V8's sampling profiler in each page when
// PAYCHAN_BENCH_PROFILE is set (an experiment: use a wallet built
// without -s so that the WebAssembly functions have names); the returned
// func stops them and logs each page's functions by self time, then by
// inclusive time (cum: samples with the function anywhere on the stack);
// with PAYCHAN_BENCH_PROFILE_DIR set, it also writes each page's whole
// profile there (NAME.cpuprofile).
func startProfiles(tabs ...*tab) func() {
	if os.Getenv("PAYCHAN_BENCH_PROFILE") == "" {
		return func() {}
	}
	for _, t := range tabs {
		if _, err := chromedp.Call(t.ctx, profiler.Enable, cdp.Empty{}); err != nil {
			logger.Printf("profile %s: %v", t.name, err)
		}
		chromedp.Call(t.ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 100})
		chromedp.Call(t.ctx, profiler.Start, cdp.Empty{})
	}
	return func() {
		for _, t := range tabs {
			res, err := chromedp.Call(t.ctx, profiler.Stop, cdp.Empty{})
			if err != nil || res.Profile == nil {
				logger.Printf("profile %s: %v", t.name, err)
				continue
			}
			p := res.Profile
			if dir := os.Getenv("PAYCHAN_BENCH_PROFILE_DIR"); dir != "" {
				// The whole profile, for Chromium's DevTools (Performance,
				// load profile) or a script.
				if b, err := json.Marshal(p); err == nil {
					err = os.WriteFile(filepath.Join(dir, t.name+".cpuprofile"), b, 0o644)
					if err != nil {
						logger.Printf("profile %s: %v", t.name, err)
					}
				}
			}
			byID := map[int64]*profiler.ProfileNode{}
			for _, n := range p.Nodes {
				byID[n.ID] = n
			}
			parent := map[int64]int64{}
			for _, n := range p.Nodes {
				for _, c := range n.Children {
					parent[c] = n.ID
				}
			}
			self := map[string]int64{}
			cum := map[string]int64{}
			var total int64
			for i, id := range p.Samples {
				if i >= len(p.TimeDeltas) {
					break
				}
				d := p.TimeDeltas[i]
				n := byID[id]
				name := "?"
				if n != nil && n.CallFrame != nil {
					name = n.CallFrame.FunctionName
				}
				self[name] += d
				total += d
				seen := map[string]bool{}
				for at, ok := id, true; ok; at, ok = parent[at] {
					if m := byID[at]; m != nil && m.CallFrame != nil && !seen[m.CallFrame.FunctionName] {
						seen[m.CallFrame.FunctionName] = true
						cum["cum "+m.CallFrame.FunctionName] += d
					}
				}
			}
			type kv struct {
				k string
				v int64
			}
			var all []kv
			for k, v := range self {
				all = append(all, kv{k, v})
			}
			pkgs := map[string]int64{}
			for k, v := range self {
				pkg := k
				if i := strings.Index(k, ".__"); i > 0 {
					pkg = k[:i]
				} else if i := strings.LastIndex(k, "."); i > 0 && !strings.HasPrefix(k, "(") {
					pkg = k[:i]
				}
				pkgs["pkg "+pkg] += v
			}
			for k, v := range pkgs {
				all = append(all, kv{k, v})
			}
			sort.Slice(all, func(i, j int) bool { return all[i].v > all[j].v })
			var cums []kv
			for k, v := range cum {
				cums = append(cums, kv{k, v})
			}
			sort.Slice(cums, func(i, j int) bool { return cums[i].v > cums[j].v })
			if len(cums) > 80 {
				cums = cums[:80]
			}
			all = append(all[:min(len(all), 60)], cums...)
			logger.Printf("profile %s: %.0f ms sampled", t.name, float64(total)/1e3)
			for _, e := range all {
				logger.Printf("profile %s: %7.1f ms %5.1f%% %s", t.name, float64(e.v)/1e3, 100*float64(e.v)/float64(total), e.k)
			}
		}
	}
}

// startTrace records a Chromium trace of every process (the pages' main
// threads with each task's wall and thread time) into the file named by
// PAYCHAN_BENCH_TRACE, an experiment's tool: a task whose thread time is
// far below its wall time waited for a core. The harness marks each click
// and each new balance with performance.mark.
func startTrace(browser context.Context) func() {
	path := os.Getenv("PAYCHAN_BENCH_TRACE")
	if path == "" {
		return func() {}
	}
	var (
		mu     sync.Mutex
		events [][]byte
		done   = make(chan struct{})
	)
	chromedp.ListenBrowser(browser, func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			for _, v := range ev.Value {
				events = append(events, []byte(v))
			}
			mu.Unlock()
		case *tracing.EventTracingComplete:
			if ev.DataLossOccurred {
				logger.Printf("trace: Chromium's trace buffer overflowed: events were lost")
			}
			close(done)
		}
	})
	_, err := chromedp.CallBrowser(browser, tracing.Start, tracing.StartParams{TraceConfig: &tracing.TraceConfig{
		IncludedCategories: []string{"toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.wasm", "disabled-by-default-v8.wasm.detailed", "disabled-by-default-v8.wasm.turbofan", "disabled-by-default-v8.compile", "blink.user_timing", "__metadata"},
	}})
	if err != nil {
		logger.Printf("trace: %v", err)
		return func() {}
	}
	return func() {
		if _, err := chromedp.CallBrowser(browser, tracing.End, cdp.Empty{}); err != nil {
			logger.Printf("trace: %v", err)
			return
		}
		select {
		case <-done:
		case <-time.After(time.Minute):
			logger.Printf("trace: not complete after a minute")
		}
		mu.Lock()
		defer mu.Unlock()
		f, err := os.Create(path)
		if err != nil {
			logger.Printf("trace: %v", err)
			return
		}
		w := bufio.NewWriter(f)
		w.WriteString(`{"traceEvents":[`)
		for i, e := range events {
			if i > 0 {
				w.WriteString(",\n")
			}
			w.Write(e)
		}
		w.WriteString("]}\n")
		if err := errors.Join(w.Flush(), f.Close()); err != nil {
			logger.Printf("trace: write %s: %v", path, err)
			return
		}
		logger.Printf("trace: %d events in %s", len(events), path)
	}
}
