package ui

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// activity lists the in-app notices and the progress of transactions.
type activity struct {
	app.Compo
	W *root
	// What it shows (copies): go-app renders a component only when its
	// fields change, so a new block does not redraw the notices.
	Notices []notice
	Txs     []txItem
}

func newActivity(w *root) *activity {
	return &activity{W: w, Notices: w.shownNotices(), Txs: append([]txItem(nil), w.txs...)}
}

// OnInit gives the page its turn before the wallet's first mount builds
// this part (root.mountTurn).
func (a *activity) OnInit() { a.W.mountTurn("activity") }

// Render draws notices (newest last) and transactions.
func (a *activity) Render() app.UI {
	w := a.W
	return app.Div().ID("activity").Body(
		w.noticeList(a.Notices),
		app.Div().ID("txs").Body(
			app.Range(a.Txs).Slice(func(i int) app.UI {
				t := a.Txs[i]
				text := fmt.Sprintf("%s: %s", t.Label, t.Stage)
				if t.Hash != "" {
					text += " (" + t.Hash[:10] + "…)"
				}
				if t.Err != "" {
					text += ": " + t.Err
				}
				return app.Div().Class("tx "+t.Stage).ID(fmt.Sprintf("tx-%d", t.N)).DataSet("stage", t.Stage).Text(text)
			}),
		),
	)
}
