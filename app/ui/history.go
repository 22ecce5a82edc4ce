package ui

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/amount"
	"paychan/app/channel"
)

// historyShown is how many payments the channel page lists until the user
// asks for all of them (the state keeps channel.HistoryLimit).
const historyShown = 10

// historyTable lists a channel's payments, newest first. It is its own
// component so that go-app renders it only when its fields change (a
// payment, not the chain's head each second), and it shows the newest
// historyShown rows unless asked for all: go-app v9 diffs a list by index,
// so a payment prepended rewrites every shown row, and a hundred rows made
// each payment's render several times slower than the rest of the page.
type historyTable struct {
	app.Compo
	Channel uint64          // the channel's number
	Entries []channel.Entry // oldest first, as channel.State.History
	Unit    amount.Unit

	// allOf is the channel whose every entry is shown (the user asked);
	// go-app reuses the table from one channel page to the next, so it
	// is kept with the channel it was asked for.
	allOf   uint64
	showAll bool
}

func newHistoryTable(st channel.State, u amount.Unit) *historyTable {
	return &historyTable{Channel: st.ID.Channel, Entries: st.History, Unit: u}
}

// all reports whether the table lists every entry of its channel.
func (h *historyTable) all() bool { return h.showAll && h.allOf == h.Channel }

// onShowAll lists every entry of the channel shown.
func (h *historyTable) onShowAll(ctx app.Context, e app.Event) {
	h.allOf, h.showAll = h.Channel, true
}

// shownEntries is how many of n entries the table lists.
func shownEntries(n int, all bool) int {
	if all || n <= historyShown {
		return n
	}
	return historyShown
}

// Render draws the table, then a button for the older payments.
func (h *historyTable) Render() app.UI {
	es, u := h.Entries, h.Unit
	shown := shownEntries(len(es), h.all())
	recent := es[len(es)-shown:]
	return app.Div().ID("history-section").Body(
		app.Table().ID("history").Body(app.TBody().Body(
			app.Range(recent).Slice(func(i int) app.UI {
				e := recent[len(recent)-1-i]
				return app.Tr().Class("history-"+e.Dir.String()).Body(
					app.Td().Text(e.At.Local().Format("2006-01-02 15:04:05")),
					app.Td().Text(e.Dir.String()),
					app.Td().Body(amountSpan("", u, e.Amount)),
					app.Td().Class("muted").Body(app.Text("total "), amountSpan("", u, e.Total)),
				)
			}),
		)),
		app.If(shown < len(es), app.Button().ID("history-all").Class("secondary").
			Text(fmt.Sprintf("Show all %d payments", len(es))).
			OnClick(h.onShowAll)),
	)
}
