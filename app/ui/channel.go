package ui

import (
	"context"
	"fmt"
	"math/big"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/chainclient"
	"paychan/app/channel"
)

// channelScreen shows one channel: deposits, balances, totals, status and
// history, with deposit, pay, claim, start close and withdraw.
type channelScreen struct {
	app.Compo
	W   *root
	Rev int
	ID  string // ?id=

	depositAmt string
	payAmt     string
	err        string
	paying     bool
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
	c.err = ""
	v, err := w.parseCoins(c.depositAmt)
	if err != nil {
		c.err = err.Error()
		return
	}
	_, cl, key, _, _ := w.s.snapshot()
	if cl == nil || key == nil {
		c.err = errLocked.Error()
		return
	}
	n := c.num()
	c.depositAmt = ""
	setInput("deposit-amount", "")
	w.runTx(ctx, fmt.Sprintf("Deposit %s", w.coins(v)), func(cctx context.Context, p chainclient.Progress) error {
		_, err := cl.Deposit(cctx, key.PrivateKey(), n, v, p)
		return err
	})
}

func (c *channelScreen) onPay(ctx app.Context, e app.Event) {
	w := c.W
	c.err = ""
	v, err := w.parseCoins(c.payAmt)
	if err != nil {
		c.err = err.Error()
		return
	}
	st, ok := w.stateOf(c.num())
	if !ok {
		c.err = "unknown channel"
		return
	}
	c.payAmt, c.paying = "", true
	setInput("pay-amount", "")
	ctx.Async(func() {
		cctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		newSt, err := w.s.pay(cctx, st.ID, v)
		ctx.Dispatch(func(ctx app.Context) { c.paying = false })
		w.apply(func() {
			if newSt.Sent != nil {
				w.replaceState(newSt)
			}
			if err != nil {
				w.note("error", "Payment: "+err.Error())
				return
			}
			w.note("ok", fmt.Sprintf("Sent %s on channel %d", w.coins(v), st.ID.Channel))
		})
	})
}

func (c *channelScreen) onClaim(ctx app.Context, e app.Event) {
	w := c.W
	st, ok := w.stateOf(c.num())
	_, cl, key, _, _ := w.s.snapshot()
	if !ok || cl == nil || key == nil {
		return
	}
	if st.Received.Sign() == 0 {
		w.runTx(ctx, "Start close", func(cctx context.Context, p chainclient.Progress) error {
			_, err := cl.StartClose(cctx, key.PrivateKey(), st.ID.Channel, p)
			return err
		})
		return
	}
	paid, sig, payer := new(big.Int).Set(st.Received), st.ReceivedSig, st.Peer().Account
	w.runTx(ctx, fmt.Sprintf("Claim %s", w.coins(paid)), func(cctx context.Context, p chainclient.Progress) error {
		_, err := cl.Claim(cctx, key.PrivateKey(), st.ID.Channel, payer, paid, sig[:], p)
		return err
	})
}

func (c *channelScreen) onWithdraw(ctx app.Context, e app.Event) {
	w := c.W
	st, ok := w.stateOf(c.num())
	_, cl, key, _, _ := w.s.snapshot()
	if !ok || cl == nil || key == nil {
		return
	}
	w.runTx(ctx, "Withdraw", func(cctx context.Context, p chainclient.Progress) error {
		got, _, err := cl.Withdraw(cctx, key.PrivateKey(), st.ID.Channel, p)
		if err == nil {
			w.apply(func() { w.note("ok", fmt.Sprintf("Withdrew %s from channel %d", w.coins(got), st.ID.Channel)) })
		}
		return err
	})
}

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
	closed := statusText(st, w.head) == "closed"
	myOut := payout(st)
	val := func(f *string) app.EventHandler {
		return func(ctx app.Context, e app.Event) { *f = ctx.JSSrc().Get("value").String() }
	}
	return card.Body(
		app.H2().Body(app.Text("Channel "), app.Span().ID("channel-id").Text(strconv.FormatUint(n, 10)), app.Text(" · you are "+st.Role.String())),
		app.If(!w.unlocked, app.Div().Class("notice warn").ID("channel-locked").Body(
			app.Text("Your key is locked: "),
			app.A().ID("goto-unlock").Href(PathHome).Text("unlock it"),
			app.Text(" to pay, deposit, claim or withdraw."),
		)),
		row("Status", "status", statusText(st, w.head)),
		row("Current block", "current-block", strconv.FormatUint(w.head, 10)),
		row("Peer", "peer", st.Peer().Signer.Hex()),
		row("My deposit", "deposit-mine", w.coins(st.Deposit(st.Role))),
		row("Peer's deposit", "deposit-peer", w.coins(st.Deposit(st.Role.Peer()))),
		row("My balance", "balance-mine", w.coins(st.Balance())),
		row("Peer's balance", "balance-peer", w.coins(st.PeerBalance())),
		row("Received", "received", w.coins(st.Received)),
		row("Sent", "sent", w.coins(st.Sent)),
		app.If(st.Status == channel.Open, app.Div().Body(
			app.Div().Class("row").Body(
				app.Label().For("pay-amount").Text("Pay ("+w.cfg.Symbol+")"),
				app.Input().ID("pay-amount").Class("short").OnInput(val(&c.payAmt)),
				app.Button().ID("pay-submit").Text("Pay").Disabled(!canAct || c.paying).OnClick(c.onPay),
			),
			app.Div().Class("row").Body(
				app.Label().For("deposit-amount").Text("Deposit ("+w.cfg.Symbol+")"),
				app.Input().ID("deposit-amount").Class("short").OnInput(val(&c.depositAmt)),
				app.Button().ID("deposit-submit").Text("Deposit").Disabled(!canAct).OnClick(c.onDeposit),
			),
		)),
		app.If(!closed, app.Div().Class("row").Body(
			app.Button().ID("claim-submit").Class("secondary").Disabled(!canAct).OnClick(c.onClaim).Text(claimLabel(st, w)),
		)),
		app.If(closed, app.Div().Class("row").Body(
			app.Span().Class("k").Text("To withdraw"),
			app.Span().Class("v").ID("withdraw-amount").Text(w.coins(myOut)),
			app.Button().ID("withdraw-submit").Text("Withdraw").Disabled(!canAct || withdrawn(st) || myOut.Sign() == 0).OnClick(c.onWithdraw),
			app.If(withdrawn(st), app.Span().ID("withdrawn").Class("muted").Text("withdrawn")),
		)),
		app.If(c.err != "", app.Div().Class("notice error").ID("channel-error").Text(c.err)),
		app.H2().Text("History"),
		app.Table().ID("history").Body(app.TBody().Body(
			app.Range(st.History).Slice(func(i int) app.UI {
				h := st.History[len(st.History)-1-i]
				return app.Tr().Class("history-"+h.Dir.String()).Body(
					app.Td().Text(h.At.Local().Format("2006-01-02 15:04:05")),
					app.Td().Text(h.Dir.String()),
					app.Td().Text(w.coins(h.Amount)),
					app.Td().Class("muted").Text("total "+w.coins(h.Total)),
				)
			}),
		)),
	)
}

// claimLabel names the close action: claim my best received payment, or
// start the finalization period when I hold none.
func claimLabel(st channel.State, w *root) string {
	if st.Received.Sign() == 0 {
		return "Start closing"
	}
	return "Claim " + w.coins(st.Received)
}
