package ui

import (
	"context"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/chainclient"
	"paychan/app/engine"
)

// runTx runs a transaction in the background and shows its progress.
func (w *root) runTx(ctx app.Context, label string, fn func(context.Context, chainclient.Progress) error) {
	run := w.startTx(label, fn)
	ctx.Async(run)
}

// runTxTo is runTx that hands a failure to failed (on the UI goroutine, as
// a sentence of words.go) so that the form of the action shows it.
func (w *root) runTxTo(ctx app.Context, label string, failed func(string), fn func(context.Context, chainclient.Progress) error) {
	run := w.startTxTo(label, failed, fn)
	ctx.Async(run)
}

// startTx adds the transaction to the list (UI goroutine) and returns the
// blocking function that sends it.
func (w *root) startTx(label string, fn func(context.Context, chainclient.Progress) error) func() {
	return w.startTxTo(label, nil, fn)
}

// startTxTo is startTx with the failure handed to failed (nil: a notice).
func (w *root) startTxTo(label string, failed func(string), fn func(context.Context, chainclient.Progress) error) func() {
	w.nextTx++
	n := w.nextTx
	w.addTx(n, label)
	w.rev++
	progress := w.txUpdater(n)
	return func() {
		cctx, cancel := context.WithTimeout(w.bg, 2*time.Minute)
		defer cancel()
		if err := fn(cctx, progress); err != nil {
			w.apply(func() {
				if failed != nil {
					failed(w.say(err))
					return
				}
				w.note("error", label+" failed. "+w.say(err))
			})
		}
		w.tick(w.bg)
	}
}

// maxTxs is how many transactions the activity list keeps.
const maxTxs = 8

// addTx appends transaction n to the activity list (UI goroutine), keeping
// the last maxTxs.
func (w *root) addTx(n int, label string) {
	w.txs = append(w.txs, txItem{N: n, Label: label, Stage: "signing"})
	if len(w.txs) > maxTxs {
		w.txs = w.txs[len(w.txs)-maxTxs:]
	}
}

// txUpdater returns the progress callback (any goroutine) that updates
// transaction n in the activity list.
func (w *root) txUpdater(n int) chainclient.Progress {
	return func(s chainclient.Stage, h common.Hash, err error) {
		w.apply(func() {
			for i := range w.txs {
				if w.txs[i].N != n {
					continue
				}
				w.txs[i].Stage = s.String()
				if h != (common.Hash{}) {
					w.txs[i].Hash = h.Hex()
				}
				if err != nil {
					w.txs[i].Err = w.say(err)
				}
			}
		})
	}
}

// intent runs a user's intent on the engine in the background (ctx.Async)
// and shows its error; the engine's notifications show the rest.
func (w *root) intent(ctx app.Context, what string, fn func(context.Context, *engine.Engine) error) {
	w.intentTo(ctx, func(s string) { w.note("error", what+": "+s) }, words{Unit: w.wordsUnit()}, fn)
}

// intentTo is intent that hands a failure, in ws's words, to failed (on the
// UI goroutine) so that the form of the action shows it.
func (w *root) intentTo(ctx app.Context, failed func(string), ws words, fn func(context.Context, *engine.Engine) error) {
	_, _, _, eng, _ := w.s.snapshot()
	if eng == nil {
		failed(ws.Error(errLocked))
		return
	}
	ctx.Async(func() {
		cctx, cancel := context.WithTimeout(w.bg, 2*time.Minute)
		defer cancel()
		if err := fn(cctx, eng); err != nil {
			w.apply(func() { failed(ws.Error(err)) })
		}
		w.tick(w.bg)
	})
}
