package ui

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/amount"
	"paychan/app/chainclient"
	"paychan/app/channel"
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

// bgTx adds a transaction to the activity list from any goroutine and
// returns its progress callback (a step that is decided in the
// background, such as an approval that may be skipped).
func (w *root) bgTx(label string) chainclient.Progress {
	n := -int(txSeq.Add(1)) // the engine's numbering: apart from runTx's
	w.apply(func() { w.addTx(n, label) })
	return w.txUpdater(n)
}

// runTokenTx runs a transaction that takes amt of token from my account
// (openToken, depositToken) in the background: it first checks that I
// hold amt, then approves the channel contract for it as a step of its
// own in the activity list (skipped when the allowance already covers
// amt), then runs fn as the transaction label. Errors are notices in the
// token's unit.
func (w *root) runTokenTx(ctx app.Context, label string, tok channel.Asset, amt *big.Int, failed func(string), fn func(context.Context, chainclient.Progress) error) {
	_, cl, key, _, _ := w.s.snapshot()
	if cl == nil || key == nil {
		w.tokenFailed(label, failed, errLocked, tok.Unit(w.nativeUnit()))
		return
	}
	u := tok.Unit(w.nativeUnit())
	owner := crypto.PubkeyToAddress(key.PrivateKey().PublicKey)
	ctx.Async(func() {
		cctx, cancel := context.WithTimeout(w.bg, 3*time.Minute)
		defer cancel()
		fail := func(err error) { w.apply(func() { w.tokenFailed(label, failed, err, u) }) }
		defer w.tick(w.bg)
		if amt.Sign() > 0 {
			if err := approveStep(cctx, cl, key.PrivateKey(), owner, tok, u, amt, w.bgTx); err != nil {
				fail(err)
				return
			}
		}
		if err := fn(cctx, w.bgTx(label)); err != nil {
			fail(tokenErrorText(err, u))
		}
	})
}

// tokenFailed reports a token transaction's failure in u's words: to
// failed (the action's form) when set, else as a notice.
func (w *root) tokenFailed(label string, failed func(string), err error, u amount.Unit) {
	text := words{Unit: u}.Error(err)
	if failed != nil {
		failed(text)
		return
	}
	w.note("error", label+" failed. "+text)
}

// approveStep makes sure the channel contract may take amt of tok from
// owner: an error in u's words when owner holds less than amt, nothing
// when the allowance covers amt, else an approval reported as the
// transaction newTx returns a progress for.
func approveStep(ctx context.Context, cl *chainclient.Client, key *ecdsa.PrivateKey, owner common.Address, tok channel.Asset, u amount.Unit, amt *big.Int,
	newTx func(string) chainclient.Progress) error {
	bal, err := cl.TokenBalance(ctx, tok.Token, owner)
	if err != nil {
		return err
	}
	if bal.Cmp(amt) < 0 {
		return fmt.Errorf("you hold %s, less than %s: get more %s first", u.Format(bal), u.Format(amt), u.Symbol)
	}
	have, err := cl.Allowance(ctx, tok.Token, owner)
	if err != nil {
		return err
	}
	if have.Cmp(amt) >= 0 {
		return nil // already approved: no transaction
	}
	_, _, err = cl.EnsureAllowance(ctx, key, tok.Token, amt, newTx("Approve "+u.Format(amt)+" for the channel contract"))
	if err != nil {
		return fmt.Errorf("approval: %w", tokenErrorText(err, u))
	}
	return nil
}

// tokenErrorText rewrites the token errors that count in base units in
// u's words.
func tokenErrorText(err error, u amount.Unit) error {
	switch {
	case errors.Is(err, chainclient.ErrTokenBalance):
		return fmt.Errorf("you do not hold enough %s", u.Symbol)
	case errors.Is(err, chainclient.ErrAllowance):
		return fmt.Errorf("the channel contract is not approved to take this much %s: try again", u.Symbol)
	}
	return err
}
