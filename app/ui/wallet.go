package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// wallet is the root component: it owns the session (key, config, channels)
// and renders the header and the screen for the current path.
type wallet struct {
	app.Compo

	path  string
	ready bool // mounted in the browser (not prerendered)
}

func newWallet() *wallet { return &wallet{} }

// OnMount starts the session in the browser.
func (w *wallet) OnMount(ctx app.Context) {
	if app.IsServer {
		return
	}
	w.ready = true
}

// OnNav records the path so Render shows the right screen.
func (w *wallet) OnNav(ctx app.Context) {
	w.path = ctx.Page().URL().Path
}

// Render draws the header and the current screen.
func (w *wallet) Render() app.UI {
	root := app.Div().Class("wallet")
	if w.ready {
		root = root.DataSet("ready", "yes")
	}
	return root.Body(
		app.Header().Class("bar").Body(
			app.H1().Text("paychan"),
		),
		app.Div().ID("screen").Body(
			newKeyScreen(),
		),
	)
}
