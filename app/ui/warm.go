package ui

import (
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/browserstore"
	"paychan/app/channel"
	"paychan/app/engine"
)

// warmingUp is set while WarmUpRender or WarmUpChannel runs: the wallet
// then renders as when it is prerendered and starts nothing (no store, no
// network).
var warmingUp bool

// WarmUpRender mounts the wallet's first screen once, in the worker that
// compiled app.wasm (wasm/main.go, warmUpInWorker), on the stand-in
// document that worker defines (assets/wasm-compile.js). The browser
// compiles a WebAssembly function on its first call, on the thread that
// calls it, and the code belongs to the module the worker shares with the
// page: so go-app's mount, update, attribute and event code, the first
// screen's renders and the start's reads of the store are compiled there,
// and the page's first render, one long task of its start-up, does not
// compile them. It refuses to run anywhere but in a worker: go-app's test
// engine, which it uses, clears the storage it is given, and on a page
// that would be the wallet's.
func WarmUpRender() error {
	return inWorker("render warm-up", func() error {
		_, d := warmRoot()
		d.Close()
		return nil
	})
}

// WarmUpChannel is the second warm-up, in a worker of its own that the
// page starts once a key is unlocked (app.js paychanWarmChannel,
// assets/wasm-compile.js channelWarmUp; wasm/main.go): the channel screen
// rendered as at each payment (warmUpChannel), on that worker's stand-in
// document, like WarmUpRender and for the same reason only there.
func WarmUpChannel() error {
	return inWorker("channel warm-up", func() error {
		w, d := warmRoot()
		defer d.Close()
		return warmUpChannel(w, d, warmChannelRounds)
	})
}

// inWorker runs a warm-up, f, if this is a worker with the stand-in
// document (inCompilingWorker), with warmingUp set; a panic in it is its
// error, named what.
func inWorker(what string, f func() error) (err error) {
	if err := inCompilingWorker(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: %v", what, r)
		}
	}()
	warmingUp = true
	defer func() { warmingUp = false }()
	return f()
}

// inCompilingWorker says why the warm-ups may not run here: anywhere but
// in a worker (assets/wasm-compile.js) whose global scope carries the
// stand-in document.
func inCompilingWorker() error {
	if !app.IsClient {
		return errors.New("not in a browser")
	}
	g := app.Window()
	scope := g.Get("WorkerGlobalScope")
	if scope.Type() != app.TypeFunction || !g.InstanceOf(scope) || g.Get("paychanStandInDocument").Type() != app.TypeBoolean || !g.Get("paychanStandInDocument").Bool() {
		return errors.New("only in the compiling worker, on its stand-in document")
	}
	return nil
}

// warmRoot mounts the wallet's root with go-app's client tester and does
// what OnMount does on the page in the same task: read the (stand-in,
// empty) storage and render the wallet as started.
func warmRoot() (*root, app.ClientDispatcher) {
	w := newRoot()
	d := app.NewClientTester(w)
	w.s = newNode("", browserstore.New(browserstore.Local(d.Context().LocalStorage())))
	w.load()
	d.Context().Dispatch(func(app.Context) { w.ready = true })
	d.Consume()
	return w, d
}

// warmChannelRounds is how many payments warmUpChannel renders: enough
// for the browser to optimise the channel screen's render in the worker
// (bench note "Browser payments, eleventh round").
const warmChannelRounds = 40

// warmUpChannel renders the channel screen of a made-up channel as the
// page renders it at each payment, rounds times, on the dispatcher d
// (warmRoot's): the new amounts written into the page (showLive's texts,
// up to the page's paychanSetTexts), the payment's notice, the whole
// wallet's render with the channel's history, its times formatted. The
// browser optimises a function only once it has run a while, and on the
// pages of a first session those renders were optimised during the first
// few tens of payments, on the same cores as the payments (the time
// formatting alone about 200 ms of compiling on a page); the worker runs
// them before. So is the read of the Go runtime's metrics that follows
// each payment (collectWhenIdle): metrics.Read goes through one long
// function (initMetrics, which sets the metrics up on the first read),
// about 200 ms of compiling on each page during the first payments.
func warmUpChannel(w *root, d app.ClientDispatcher, rounds int) error {
	alice := channel.Party{Account: common.Address{19: 0xa1}, Signer: common.Address{19: 0xa1}}
	bob := channel.Party{Account: common.Address{19: 0xb0}, Signer: common.Address{19: 0xb0}}
	st, err := channel.NewState(channel.ID{Channel: 1}, channel.Bob, alice, bob)
	if err != nil {
		return err
	}
	st.AliceDeposit, st.BobDeposit = big.NewInt(1e18), big.NewInt(1e18)
	st.Sent, st.Received = new(big.Int), new(big.Int)
	step := big.NewInt(1e16)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	w.disp = d
	w.path, w.query = PathChannel, url.Values{"id": {"1"}}
	w.replaceState(st)
	w.apply(func() {})
	d.Consume()
	for i := range rounds {
		w.apply(func() {
			before := st
			// A payment of mine now and then, as on a payer's page; the
			// rest received.
			mine := i%4 == 3
			e := channel.Entry{Dir: channel.Received, Amount: step, At: at.Add(time.Duration(i) * time.Second)}
			if mine {
				st.Sent = new(big.Int).Add(st.Sent, step)
				e.Dir, e.Total = channel.Sent, st.Sent
			} else {
				st.Received = new(big.Int).Add(st.Received, step)
				e.Total = st.Received
			}
			st.History = append(st.History, e)
			w.replaceState(st)
			// What showLive hands the page's paychanSetTexts (which the
			// stand-in document lacks).
			_ = liveTextsArg(liveTexts(st, w.unitOf(st), claimLabel(st, w)))
			if mine {
				w.notePayment(1, "Sent", w.unitOf(st), step)
			} else {
				w.showReceived(engine.Note{Kind: engine.Received, Before: before, After: st})
			}
		})
		d.Consume()
		// As collectWhenIdle after a payment, a few times over: the
		// browser optimises a function once its calls have added up to
		// a budget, and after its first call metrics.Read's set-up
		// returns at once, so each call counts for little.
		for range 4 {
			heapNearGoal(idleGCHeadroom)
		}
	}
	return nil
}
