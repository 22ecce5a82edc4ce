package ui

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/browserstore"
	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/engine"
	"paychan/app/perfmark"
)

// channelScreen shows one channel: deposits, balances, totals, status and
// history, with deposit, pay, claim, start close and withdraw.
type channelScreen struct {
	app.Compo
	W   *root
	Rev int
	ID  string // ?id=

	err    string
	paying bool
	// depositing is set from the click until the deposit ends: a second
	// click meanwhile (the amount stays typed) deposits nothing.
	depositing bool

	// Each action's error, shown next to its form (words.go sentences).
	payErr, depositErr, closeErr, withdrawErr string
	// The peer as the user knows it (browserstore.Peer), read once per
	// channel; nameInput is the name being typed.
	peer      browserstore.Peer
	peerOf    channel.ID
	nameInput string
	nameSaved bool
}

func newChannelScreen(w *root, id string) *channelScreen {
	return &channelScreen{W: w, Rev: w.rev, ID: id}
}

func (c *channelScreen) num() uint64 {
	n, _ := strconv.ParseUint(c.ID, 10, 64)
	return n
}

func (c *channelScreen) onDeposit(ctx app.Context, e app.Event) {
	w := c.W
	if c.depositing {
		return
	}
	n := c.num()
	ws := w.wordsOn(n)
	c.depositErr = ""
	typed := typedIn("deposit-amount")
	st, _ := w.stateOf(n)
	u := w.unitOf(st)
	v, err := u.Parse(typed)
	if err != nil {
		c.depositErr = amountError("Deposit", u, err)
		return
	}
	_, cl, key, _, _ := w.s.snapshot()
	if cl == nil || key == nil {
		c.depositErr = ws.Error(errLocked)
		return
	}
	// The amount stays in the field until the deposit is done: a refused
	// one can be corrected rather than typed again.
	c.depositing = true
	failed := func(s string) { c.depositErr, c.depositing = s, false }
	done := func() {
		ctx.Dispatch(func(ctx app.Context) {
			c.depositing = false
			if typedIn("deposit-amount") == typed {
				setInput("deposit-amount", "")
			}
		})
	}
	if st.Asset.IsToken() {
		// A token deposit: approve the contract first (a step of its own).
		w.runTokenTx(ctx, fmt.Sprintf("Deposit %s", coinsIn(u, v)), st.Asset, v, failed, func(cctx context.Context, p chainclient.Progress) error {
			_, err := cl.DepositToken(cctx, key.PrivateKey(), n, v, p)
			if err == nil {
				done()
			}
			return err
		})
		return
	}
	w.runTxTo(ctx, fmt.Sprintf("Deposit %s", coinsIn(u, v)), failed, func(cctx context.Context, p chainclient.Progress) error {
		_, err := cl.Deposit(cctx, key.PrivateKey(), n, v, p)
		if err == nil {
			done()
		}
		return err
	})
}

func (c *channelScreen) onPay(ctx app.Context, e app.Event) {
	perfmark.Mark(perfmark.Click)
	w := c.W
	if c.paying {
		// A second click (or a held Enter) before the next frame has
		// disabled the button: the amount stays typed, so it would pay
		// twice.
		return
	}
	c.payErr = ""
	ws := w.wordsOn(c.num())
	typed := typedIn("pay-amount")
	st, ok := w.stateOf(c.num())
	if !ok {
		c.payErr = ws.Error(&engine.UnknownChannelError{Channel: c.num()})
		return
	}
	v, err := w.unitOf(st).Parse(typed)
	if err != nil {
		c.payErr = amountError("Payment", w.unitOf(st), err)
		return
	}
	c.paying = true
	paymentSeen.Store(true) // the after-unlock warm-up stops
	// The field empties as the payment starts, so that whatever the user
	// types while it is on its way stays, the same amount again included;
	// a refused payment puts the amount back (below).
	setInput("pay-amount", "")
	ctx.Async(func() {
		cctx, cancel := context.WithTimeout(w.bg, 20*time.Second)
		defer cancel()
		newSt, err := w.s.pay(cctx, st.ID, v)
		var undelivered *engine.UndeliveredError
		saved := err == nil || errors.As(err, &undelivered)
		ctx.Dispatch(func(ctx app.Context) {
			c.paying = false
			// A refused payment gives the typed amount back to correct,
			// unless the user has typed into the field since.
			if !saved && typedIn("pay-amount") == "" {
				setInput("pay-amount", typed)
			}
			if err != nil {
				c.payErr = ws.Error(err)
			}
		})
		collectWhenIdle()
		w.apply(func() {
			if newSt.Sent != nil {
				w.replaceState(newSt)
				w.showLive(newSt.ID)
			}
			if err == nil {
				w.notePayment(st.ID.Channel, "Sent", w.unitOf(st), v)
			}
		})
	})
}

// onClaim closes alone: the core claims my best received total against
// the totals proven on chain, or calls startClose if I hold none.
func (c *channelScreen) onClaim(ctx app.Context, e app.Event) {
	st, ok := c.W.stateOf(c.num())
	if !ok {
		return
	}
	c.closeErr = ""
	c.W.intentTo(ctx, func(s string) { c.closeErr = s }, wordsFor(st, c.W.wordsUnit()), func(cctx context.Context, eng *engine.Engine) error {
		_, err := eng.StartClose(cctx, st.ID)
		return err
	})
}

func (c *channelScreen) onWithdraw(ctx app.Context, e app.Event) {
	w := c.W
	st, ok := w.stateOf(c.num())
	if !ok {
		return
	}
	c.withdrawErr = ""
	w.intentTo(ctx, func(s string) { c.withdrawErr = s }, wordsFor(st, w.wordsUnit()), func(cctx context.Context, eng *engine.Engine) error {
		got, err := eng.Withdraw(cctx, st.ID)
		if err == nil {
			w.apply(func() {
				// Withdrawn: what was said about the channel is over.
				w.forgetChannelNotices(st.ID.Channel)
				w.noteChannel(st.ID.Channel, "ok", fmt.Sprintf("Withdrew %s from channel %d", coinsIn(w.unitOf(st), got), st.ID.Channel))
			})
		}
		return err
	})
}

// onCloseNow proposes a cooperative close with the current totals; if the
// peer does not countersign within the root's closeTimeout, the screen
// offers the unilateral path.
func (c *channelScreen) onCloseNow(ctx app.Context, e app.Event) {
	w := c.W
	st, ok := w.stateOf(c.num())
	if !ok {
		return
	}
	n := st.ID.Channel
	if w.closeAsked == nil {
		w.closeAsked, w.closeTimedOut = map[uint64]time.Time{}, map[uint64]bool{}
	}
	w.closeAsked[n] = time.Now()
	delete(w.closeTimedOut, n)
	c.closeErr = ""
	ws := wordsFor(st, w.wordsUnit())
	timeout := w.closeTimeout
	ctx.Async(func() {
		cctx, cancel := context.WithTimeout(w.bg, 20*time.Second)
		defer cancel()
		newSt, err := w.s.proposeClose(cctx, st.ID)
		w.apply(func() {
			if newSt.Close != nil {
				w.replaceState(newSt)
			}
			if err != nil {
				c.closeErr = ws.Error(err)
				return
			}
			w.noteChannel(n, "info", fmt.Sprintf("Proposed to close channel %d now: you get %s, your peer %s. Waiting for your peer to countersign.",
				n, coinsIn(w.unitOf(newSt), newSt.Balance()), coinsIn(w.unitOf(newSt), newSt.PeerBalance())))
		})
		time.Sleep(timeout)
		w.apply(func() {
			cur, ok := w.stateOf(n)
			if ok && cur.Status == channel.Open && !cur.Close.Complete() {
				w.closeTimedOut[n] = true
				w.noteChannel(n, "warn", fmt.Sprintf("Your peer did not answer the close of channel %d: you can close alone (claim, then wait for the finalization period).", n))
			}
		})
	})
}

// onSubmitClose submits a close both parties signed (the countersigner's
// copy, if the proposer did not submit it).
func (c *channelScreen) onSubmitClose(ctx app.Context, e app.Event) {
	st, ok := c.W.stateOf(c.num())
	if !ok || !st.Close.Complete() {
		return
	}
	c.closeErr = ""
	c.W.intentTo(ctx, func(s string) { c.closeErr = s }, wordsFor(st, c.W.wordsUnit()), func(cctx context.Context, eng *engine.Engine) error {
		return eng.SubmitClose(cctx, st.ID)
	})
}

// onOptIn turns the hand-off to the watchtower on or off.
func (c *channelScreen) onOptIn(ctx app.Context, e app.Event) {
	w := c.W
	on := ctx.JSSrc().Get("checked").Bool()
	w.s.store.SetWatchtowerOptIn(on)
	w.optIn = on
	if on {
		w.intent(ctx, "Watchtower", func(cctx context.Context, eng *engine.Engine) error {
			eng.HandOffAll(cctx)
			w.apply(w.loadProtection)
			return nil
		})
	}
}

// closeSection describes a cooperative close in progress or done, and the
// unilateral path when the peer did not answer.
func (c *channelScreen) closeSection(st channel.State, closed, canAct bool) app.UI {
	w := c.W
	n := st.ID.Channel
	k := st.Close
	switch {
	case closed && k.Complete() && st.AliceWithdrawn && st.BobWithdrawn:
		return app.P().ID("close-state").Class("notice ok").Text("Closed by agreement: both balances were paid in one transaction.")
	case closed:
		return nil
	case k.Complete():
		return app.Div().Class("row").Body(
			app.Span().ID("close-state").Text("Both of you signed the close: it is being submitted."),
			app.Button().ID("coop-submit").Class("secondary").Text("Submit the close").Disabled(!canAct).OnClick(c.onSubmitClose),
		)
	case w.closeTimedOut[n]:
		fin := uint64(0)
		if ch, ok := w.chain[n]; ok {
			fin = ch.FinalizationBlocks
		}
		at := w.head + 1 + fin
		if st.Status == channel.Closing {
			at = st.ClosesAt
		}
		return app.Div().ID("close-timeout").Class("notice warn").Body(
			app.P().Text("Your peer did not answer the close proposal. You can close alone: "+claimLabel(st, w)+
				" now (button below); after the finalization period of "+strconv.FormatUint(fin, 10)+" blocks you withdraw."),
			app.P().Body(app.Text("Your funds become available at block "), app.Span().ID("unilateral-block").Text(strconv.FormatUint(at, 10)), app.Text(".")),
		)
	case k != nil:
		return app.P().ID("close-state").Class("muted").Text("Close proposed: waiting for your peer to countersign…")
	}
	return nil
}

// OnInit gives the page its turn before the wallet's first mount builds
// this part (root.mountTurn).
func (c *channelScreen) OnInit() { c.W.mountTurn("channel") }

// Render draws the channel.
func (c *channelScreen) Render() app.UI {
	w := c.W
	n := c.num()
	st, ok := w.stateOf(n)
	card := app.Div().Class("card").ID("channel")
	if !ok {
		return card.Body(
			app.H2().Text(fmt.Sprintf("Channel %s", c.ID)),
			app.P().ID("channel-missing").Text("This channel is not in your wallet: join it first."),
		)
	}
	row := func(label, id, value string) app.UI {
		return app.Div().Class("row").Body(app.Span().Class("k").Text(label), app.Span().Class("v").ID(id).Text(value))
	}
	canAct := w.online && w.unlocked
	unit := w.unitOf(st)
	closed := statusText(st, w.head) == "closed"
	myOut, withdrawn := st.MyPayout()
	return card.Body(
		app.H2().Body(app.Text("Channel "), app.Span().ID("channel-id").Text(strconv.FormatUint(n, 10)), app.Text(" · you are "+st.Role.String())),
		app.If(!w.unlocked, app.Div().Class("notice warn").ID("channel-locked").Body(
			app.Text("Your key is locked: "),
			app.A().ID("goto-unlock").Href(PathHome).Text("unlock it"),
			app.Text(" to pay, deposit, claim or withdraw."),
		)),
		row("Status", "status", statusText(st, w.head)),
		row("Current block", "current-block", strconv.FormatUint(w.head, 10)),
		c.peerRow(st),
		c.assetRows(st),
		amountRow("My deposit", "deposit-mine", unit, st.Deposit(st.Role)),
		amountRow("Peer's deposit", "deposit-peer", unit, st.Deposit(st.Role.Peer())),
		amountRow("My balance", "balance-mine", unit, st.Balance()),
		amountRow("Peer's balance", "balance-peer", unit, st.PeerBalance()),
		amountRow("Received", "received", unit, st.Received),
		amountRow("Sent", "sent", unit, st.Sent),
		fundsBar(n, st.Balance(), st.PeerBalance(), func(v *big.Int) string { return coinsIn(unit, v) }),
		// The watchtower's line and its switch on rows of their own: the
		// line changes twice with every payment received ("handing ... to
		// the host", then "protected by the host ..."), and beside the
		// switch a longer text wrapped it to a second line, moving the pay
		// form under the user's pointer each time.
		app.If(!closed, app.Div().Class("row").Body(
			app.Span().Class("k").Text("Watchtower"),
			&protectionView{W: w, Channel: n, Text: w.protectionLine(st)},
		)),
		app.If(!closed && w.cfg.Watchtower != "", app.Div().Class("row").Body(
			app.Label().Class("muted inline").Body(
				app.Input().Type("checkbox").ID("watch-optin").Checked(w.optIn).OnChange(c.onOptIn),
				app.Text(" hand my received payments to the host"),
			),
		)),
		app.If(st.Status == channel.Open, app.Div().Body(
			// Once I signed a close, no more payments either way (the
			// core refuses them): the form gives way to a note.
			app.If(!st.CloseSigned(), app.Form().Class("row").ID("pay-form").Body(
				app.Label().For("pay-amount").Text("Pay ("+unit.Symbol+")"),
				app.Input().ID("pay-amount").Class("short"),
				app.Button().Type("submit").ID("pay-submit").Text("Pay").Disabled(!canAct || c.paying).OnClick(c.onPay),
			), actionError("pay-error", c.payErr)).Else(app.P().ID("pay-stopped").Class("muted").Text("You signed a close of this channel: no more payments are sent or accepted in it.")),
			app.Form().Class("row").ID("deposit-form").Body(
				app.Label().For("deposit-amount").Text("Deposit ("+unit.Symbol+")"),
				app.Input().ID("deposit-amount").Class("short"),
				app.Button().Type("submit").ID("deposit-submit").Text("Deposit").Disabled(!canAct || c.depositing).OnClick(c.onDeposit),
			),
			actionError("deposit-error", c.depositErr),
		)),
		c.closeSection(st, closed, canAct),
		app.If(st.Status == channel.Open && !st.CloseSigned(), newRequestForm(w, n)),
		app.If(!closed, app.Div().Class("row").Body(
			app.If(st.Status == channel.Open, app.Button().ID("close-now").Disabled(!canAct || (!w.closeAsked[n].IsZero() && !w.closeTimedOut[n] && st.Close != nil)).OnClick(c.onCloseNow).Text("Close now")),
			app.Button().ID("claim-submit").Class("secondary").Disabled(!canAct).OnClick(c.onClaim).Text(claimLabel(st, w)),
		)),
		app.If(!closed, c.closeHelp(st)),
		actionError("close-error", c.closeErr),
		app.If(closed, app.Div().Class("row").Body(
			app.Span().Class("k").Text("To withdraw"),
			amountSpan("withdraw-amount", unit, myOut),
			app.Button().ID("withdraw-submit").Text("Withdraw").Disabled(!canAct || withdrawn || myOut.Sign() == 0).OnClick(c.onWithdraw),
			app.If(withdrawn, app.Span().ID("withdrawn").Class("muted").Text("withdrawn")),
		)),
		actionError("withdraw-error", c.withdrawErr),
		app.If(c.err != "", app.Div().Class("notice error").ID("channel-error").Text(c.err)),
		app.H2().Text("History"),
		newHistoryTable(st, unit),
	)
}

// claimLabel names the close action: claim my best received payment, or
// start the finalization period when I hold none.
func claimLabel(st channel.State, w *root) string {
	if st.Received.Sign() == 0 {
		return "Start closing"
	}
	return "Claim " + coinsIn(w.unitOf(st), st.Received)
}
