package ui

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/amount"
	"paychan/app/channel"
	"paychan/app/engine"
	"paychan/app/payreq"
)

// PathPay opens a payment request (payreq.Path): ?channel=N&amount=A&to=0x…
const PathPay = payreq.Path

// channelUnit is the unit a channel's amounts are written in: its token's,
// or the host's native coin.
func channelUnit(w *root, st channel.State) amount.Unit {
	if st.Asset.IsToken() {
		return amount.Unit{Symbol: st.Asset.Symbol, Decimals: int(st.Asset.Decimals)}
	}
	return amount.Unit{Symbol: w.cfg.Symbol, Decimals: w.decimals()}
}

// requestForm, on the channel page, makes a payment request: a link and its
// QR code asking the peer to pay an amount on this channel.
type requestForm struct {
	app.Compo
	W   *root
	Rev int
	N   uint64 // the channel's number

	amt  string
	link string
	err  string
}

func newRequestForm(w *root, n uint64) *requestForm {
	return &requestForm{W: w, Rev: w.rev, N: n}
}

// makeRequest validates the amount typed for channel st and writes the
// request's link on the wallet at origin.
func makeRequest(st channel.State, u amount.Unit, typed, origin string) (string, error) {
	v, err := u.Parse(typed)
	if err != nil {
		return "", err
	}
	if v.Sign() == 0 {
		return "", fmt.Errorf("ask for more than 0 %s", u.Symbol)
	}
	r := payreq.Request{Channel: st.ID.Channel, Amount: amount.Format(v, u.Decimals), To: st.Me().Signer}
	return r.Link(origin), nil
}

func (f *requestForm) onMake(ctx app.Context, e app.Event) {
	w := f.W
	f.err, f.link = "", ""
	st, ok := w.stateOf(f.N)
	if !ok || w.s == nil {
		f.err = "This channel is not in your wallet."
		return
	}
	link, err := makeRequest(st, channelUnit(w, st), f.amt, w.s.origin)
	if err != nil {
		f.err = err.Error()
		return
	}
	f.link = link
}

// Render draws the form and, once made, the link and its QR code.
func (f *requestForm) Render() app.UI {
	w := f.W
	st, _ := w.stateOf(f.N)
	u := channelUnit(w, st)
	return app.Div().ID("request").Body(
		app.H2().Text("Request a payment"),
		app.Form().Class("row").ID("request-form").Body(
			app.Label().For("request-amount").Text("Amount ("+u.Symbol+")"),
			app.Input().ID("request-amount").Class("short").OnInput(func(ctx app.Context, e app.Event) {
				f.amt = ctx.JSSrc().Get("value").String()
			}),
			app.Button().Type("submit").ID("request-make").Class("secondary").Text("Make a request link").OnClick(f.onMake),
		),
		app.If(f.err != "", app.Div().Class("notice error").ID("request-error").Text(f.err)),
		app.If(f.link != "", app.Div().Class("notice info").Body(
			app.P().Text("Send this link to your peer, or let them scan the code with their phone. It opens their wallet on channel "+
				strconv.FormatUint(f.N, 10)+" with the amount filled in; nothing is paid until they confirm."),
			app.P().Body(app.Code().ID("request-link").Text(f.link), copyButton("copy-request", f.link)),
			qrImage("request-qr", f.link, "QR code of the payment request link"),
		)),
	)
}

// payRequestScreen is the page a payment request link opens: who asks, on
// which channel, how much, and one button to pay. It never pays by itself.
type payRequestScreen struct {
	app.Compo
	W     *root
	Rev   int
	Query string // the link's query, as given

	paying bool
	paid   bool
	err    string
}

func newPayRequestScreen(w *root, query string) *payRequestScreen {
	return &payRequestScreen{W: w, Rev: w.rev, Query: query}
}

// check reads the request and checks it against my channel: the request,
// the channel's state and the amount in base units, or the reason to
// refuse in words.
func (p *payRequestScreen) check() (payreq.Request, channel.State, *big.Int, error) {
	w := p.W
	r, err := payreq.Parse("?" + p.Query)
	if err != nil {
		return r, channel.State{}, nil, fmt.Errorf("%w: ask the person who sent it for a new one", err)
	}
	st, ok := w.stateOf(r.Channel)
	if !ok {
		return r, st, nil, fmt.Errorf("this request asks for a payment on channel %d, which is not in your wallet: join the channel first, or check that the link is meant for you", r.Channel)
	}
	v, err := payreq.Check(r, st, channelUnit(w, st))
	return r, st, v, err
}

func (p *payRequestScreen) onPay(ctx app.Context, e app.Event) {
	w := p.W
	if p.paying || p.paid {
		// A second click (or a held Enter) before the next frame has
		// disabled the button: one request, one payment.
		return
	}
	p.err = ""
	// Checked again at the click: the channel may have changed since the
	// page was drawn.
	r, st, v, err := p.check()
	if err != nil {
		p.err = err.Error()
		return
	}
	u := channelUnit(w, st)
	p.paying = true
	ctx.Async(func() {
		cctx, cancel := context.WithTimeout(w.bg, 20*time.Second)
		defer cancel()
		newSt, err := w.s.pay(cctx, st.ID, v)
		ctx.Dispatch(func(ctx app.Context) {
			p.paying = false
			var undelivered *engine.UndeliveredError
			if err != nil && !errors.As(err, &undelivered) {
				p.err = wordsFor(st, w.wordsUnit()).Error(err)
				return
			}
			// Paid, or signed and saved and sent again once the relay is
			// back (words says so): either way it must not be paid twice.
			p.paid = true
			if err != nil {
				p.err = wordsFor(st, w.wordsUnit()).Error(err)
			}
		})
		w.apply(func() {
			if newSt.Sent != nil {
				w.replaceState(newSt)
			}
			if err == nil {
				w.note("ok", fmt.Sprintf("Sent %s on channel %d (payment request)", u.Format(v), r.Channel))
			}
		})
	})
}

// OnInit gives the page its turn before the wallet's first mount builds
// this part (root.mountTurn).
func (p *payRequestScreen) OnInit() { p.W.mountTurn("pay") }

// Render draws the request.
func (p *payRequestScreen) Render() app.UI {
	w := p.W
	card := app.Div().Class("card").ID("payreq")
	r, st, v, err := p.check()
	if r.Channel == 0 { // the link itself is not a request
		return card.Body(app.H2().Text("Payment request"), app.P().Class("notice error").ID("payreq-error").Text(capitalize(err.Error())))
	}
	if p.paid {
		err = nil // what is left after paying is not a reason to refuse the paid request
	}
	n := strconv.FormatUint(r.Channel, 10)
	u := channelUnit(w, st) // st is the zero State if the channel is not mine: the native coin
	num := r.Amount
	if v != nil {
		num = amount.Format(v, u.Decimals)
	}
	shown := num + " " + u.Symbol
	row := func(label, id, value string) app.UI {
		return app.Div().Class("row").Body(app.Span().Class("k").Text(label), app.Span().Class("v").ID(id).Text(value))
	}
	var bar app.UI
	if cur, found := w.stateOf(r.Channel); found {
		bar = app.Div().Body(
			fundsBar(r.Channel, cur.Balance(), cur.PeerBalance(), u.Format),
			app.A().ID("goto-request-channel").Href(PathChannel+"?id="+n).Text("Open channel "+n),
		)
	}
	problem := p.err
	if err != nil {
		problem = capitalize(err.Error())
	}
	var unlock app.UI
	if !w.unlocked {
		unlock = newKeyScreen(w)
	}
	return card.Body(
		app.H2().Text("Payment request"),
		app.P().ID("payreq-summary").Text(fmt.Sprintf("A request to pay %s on channel %s to your peer %s. Anyone can make such a link: pay only if you expect it.", shown, n, r.To.Hex())),
		row("Asked by", "payreq-from", r.To.Hex()),
		row("Channel", "payreq-channel", n),
		app.Div().Class("row").Body(
			app.Label().For("payreq-amount").Text("Amount ("+u.Symbol+")"),
			app.Input().ID("payreq-amount").Class("short").ReadOnly(true).Value(num),
		),
		bar,
		app.If(!w.unlocked && err == nil, app.Div().Class("notice warn").ID("payreq-locked").Text("Your key is locked: unlock it below to pay.")),
		app.If(problem != "", app.Div().Class("notice error").ID("payreq-error").Text(problem)),
		app.If(err == nil && !p.paid, app.Div().Class("row").Body(
			// Enabled once the relay is connected: the payment then reaches
			// the payee at once.
			app.Button().ID("payreq-submit").Text("Pay "+shown).Disabled(!w.online || !w.unlocked || w.relay != "connected" || p.paying).OnClick(p.onPay),
			app.Span().Class("muted").Text("Nothing is paid until you click."),
		)),
		app.If(err == nil && w.unlocked && w.relay != "connected", app.P().Class("muted").ID("payreq-relay").Text("Connecting to the relay…")),
		app.If(p.paid, app.P().Class("notice ok").ID("payreq-done").Text("Paid "+shown+" on channel "+n+".")),
		unlock,
	)
}

// capitalize starts a sentence with a capital letter.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
