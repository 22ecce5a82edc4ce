package ui

import (
	"context"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/amount"
	"paychan/app/channel"
)

// A payment's new amounts reach the page before go-app renders it.
//
// go-app v9.8.0 renders a dispatched update only at its next frame, and
// after an idle spell that frame is 1/120 s away (its engine resets the
// frame ticker on the first dispatch), then it re-renders the channel
// screen with its history. So when a payment is applied (received, or my
// own saved), showLive writes the amounts it changed straight into the
// text nodes go-app already holds, on the UI goroutine, and the page shows
// them as soon as the Go code yields; go-app's render follows as usual.
//
// It only sets the value of an existing text node (and the title of an
// amount, which the render sets too), never adds or replaces a node, and
// it writes exactly what the render of the same state writes (amountTexts,
// newFundsView, claimLabel): go-app's render that follows finds the same
// texts and the same nodes, so nothing is duplicated and nothing stays
// stale. It must always be followed by a render of the root (apply bumps
// rev), so that go-app's record of each text catches up with the page:
// at once, or within liveRenderGap (renderPayment).

// liveText is one text of the channel screen: the element's id, the text
// of its last child (a text node), and, for an amount, its title.
type liveText struct {
	id, text string
	titled   bool   // the element carries the amount's title (or none)
	title    string // "" removes it
}

// liveTexts are the texts of the channel screen that a payment changes,
// as its Render writes them for st in unit u.
func liveTexts(st channel.State, u amount.Unit, claim string) []liveText {
	out := make([]liveText, 0, 10)
	for _, a := range []struct {
		id string
		v  *big.Int
	}{
		{"deposit-mine", st.Deposit(st.Role)},
		{"deposit-peer", st.Deposit(st.Role.Peer())},
		{"balance-mine", st.Balance()},
		{"balance-peer", st.PeerBalance()},
		{"received", st.Received},
		{"sent", st.Sent},
	} {
		text, title := amountTexts(u, a.v, displayPlaces)
		out = append(out, liveText{id: a.id, text: text, titled: true, title: title})
	}
	f := newFundsView(st.ID.Channel, st.Balance(), st.PeerBalance(), func(v *big.Int) string { return coinsIn(u, v) })
	out = append(out,
		liveText{id: "funds-legend-mine", text: f.legendMine},
		liveText{id: "funds-legend-peer", text: f.legendPeer},
		liveText{id: "claim-submit", text: claim},
	)
	return out
}

// showLive writes channel id's amounts into the page if the channel screen
// shows it (UI goroutine, inside apply, after the state was replaced), and
// reports whether it did.
func (w *root) showLive(id channel.ID) bool {
	if !app.IsClient || !w.ready || w.path != PathChannel {
		return false
	}
	n, err := strconv.ParseUint(w.query.Get("id"), 10, 64)
	if err != nil || n != id.Channel {
		return false
	}
	st, ok := w.stateOf(n)
	if !ok || st.ID != id {
		return false
	}
	setLiveTexts(liveTexts(st, w.unitOf(st), claimLabel(st, w)))
	return true
}

// setLiveTexts sets ts as setLiveText does, in one call into the page's
// paychanSetTexts (server/web/appjs.go) when it has it: one crossing from
// WebAssembly into JavaScript instead of about six a text, on the path
// from a received payment to its new balance on the screen.
func setLiveTexts(ts []liveText) {
	if f := app.Window().Get("paychanSetTexts"); !f.Truthy() {
		for _, t := range ts {
			setLiveText(t)
		}
		return
	}
	app.Window().Call("paychanSetTexts", liveTextsArg(ts))
}

// liveTextsArg is paychanSetTexts's argument: per text its id, its text,
// "1" if it is titled (else ""), and its title, all joined by NUL (which
// none of them holds: ids, amounts and labels).
func liveTextsArg(ts []liveText) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(0)
		}
		titled := ""
		if t.titled {
			titled = "1"
		}
		b.WriteString(t.id + "\x00" + t.text + "\x00" + titled + "\x00" + t.title)
	}
	return b.String()
}

// setLiveText sets the value of element t.id's last child if that is a
// text node, and the element's title if t carries one; it does nothing to
// an element that is not in the page or not of that shape.
func setLiveText(t liveText) {
	el := app.Window().GetElementByID(t.id)
	if !el.Truthy() {
		return
	}
	last := el.Get("lastChild")
	if !last.Truthy() || last.Get("nodeType").Int() != 3 { // Node.TEXT_NODE
		return
	}
	if last.Get("nodeValue").String() != t.text {
		last.Set("nodeValue", t.text)
	}
	switch {
	case !t.titled:
	case t.title != "":
		el.Call("setAttribute", "title", t.title)
	default:
		el.Call("removeAttribute", "title")
	}
}

// liveRenderGap is the least time between a render and the render of a
// received payment whose amounts showLive already wrote into the page. A
// payment renders at go-app's next frame, as any update, unless the root
// rendered less than liveRenderGap ago: then the payments of that time
// share one render, liveRenderGap after the last one. A stream of
// payments so costs the payee's page at most one render of the channel
// screen per liveRenderGap, not one per payment; payments at a person's
// pace each render at once. Only the history, the payment's notice and the
// funds bar wait; the amounts are already shown.
const liveRenderGap = 50 * time.Millisecond

// renderPayment renders the root for a received payment as liveRenderGap
// says, then runs after (UI goroutine). A queued render is left out if the
// root rendered since the last payment that joined it (anything apply
// does renders the state as it then was).
//
// A render at once still waits for the page's turn (afterPageTurn): go-app
// renders at its next frame, and when the payment's own work ran past that
// frame the render came next in the same task, before the page could show
// the amounts showLive had just written (the first payment after a load,
// whose render is the slowest, showed its new balance 35-45 ms late).
func (w *root) renderPayment(after func()) {
	since := w.now().Sub(w.renderedAt)
	if !w.renderQueued && since >= liveRenderGap {
		w.turnAfter = append(w.turnAfter, after)
		if len(w.turnAfter) > 1 {
			return // a render waits for the page's turn: this one shares it
		}
		w.afterPageTurn(func() {
			fns := w.turnAfter
			w.turnAfter = nil
			w.apply(func() {})
			for _, fn := range fns {
				w.afterRender(fn)
			}
		})
		return
	}
	w.renderAfter = append(w.renderAfter, after)
	w.renderRev = w.rev
	if w.renderQueued {
		return
	}
	w.renderQueued = true
	later := w.later
	if later == nil {
		later = func(d time.Duration, f func()) { time.AfterFunc(d, f) }
	}
	// At most liveRenderGap (a clock set back makes since negative).
	later(min(max(liveRenderGap-since, time.Millisecond), liveRenderGap), func() {
		w.applyQuiet(func() {
			w.renderQueued = false
			fns := w.renderAfter
			w.renderAfter = nil
			if w.rev == w.renderRev {
				w.apply(func() {})
			}
			for _, fn := range fns {
				w.afterRender(fn)
			}
		})
	})
}

// afterPageTurn runs f on the UI goroutine once the page has had its turn
// (a JavaScript timeout of 0: the page runs its pending work, the
// MutationObservers included, and may paint), so that what the Go code
// wrote into the page is shown before go-app's next render; outside a
// browser (tests, the host's prerendering) at once. UI goroutine.
func (w *root) afterPageTurn(f func()) {
	switch {
	case w.pageTurn != nil:
		w.pageTurn(f)
	case !app.IsClient, w.disp == nil:
		f() // no page to yield to, or nothing to dispatch f through
	default:
		ctx := w.bg
		if ctx == nil {
			ctx = context.Background()
		}
		go func() {
			yieldToPage(ctx)
			w.applyQuiet(f)
		}()
	}
}

// afterRender runs fn once go-app has rendered the updates dispatched so
// far (a deferred dispatch runs at the end of the next frame, after its
// component updates). UI goroutine.
func (w *root) afterRender(fn func()) {
	if w.disp == nil {
		return
	}
	w.disp.Dispatch(app.Dispatch{Mode: app.Defer, Source: w, Function: func(app.Context) { fn() }})
}

// yieldToPage returns once the page has had its turn (the engine's
// Yield). Go in the browser runs its goroutines one at a time and hands
// the page back only once they all wait: before this, a received
// payment's acknowledgement and its hand-off to the watchtower (each
// sealed, several milliseconds on a loaded machine) and then go-app's
// whole render at its next frame ran before the page could show the new
// balance written by showLive (a timer of a millisecond was not enough:
// it had run out by the time the UI goroutine was done). A JavaScript timeout of 0 runs
// only after Go has handed the page back and the page has run what was
// queued (the MutationObservers of the page's own script included).
func yieldToPage(ctx context.Context) {
	if !app.IsClient {
		return
	}
	done := make(chan struct{})
	f := app.FuncOf(func(app.Value, []app.Value) any {
		close(done)
		return nil
	})
	app.Window().Call("setTimeout", f, 0)
	select {
	case <-done:
		f.Release()
	case <-ctx.Done():
		// The timeout still calls f: it stays (one small function, once,
		// when the wallet's engine stops).
	}
}
