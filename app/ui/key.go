package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// keyScreen imports, creates, unlocks, locks and forgets the user's key.
type keyScreen struct {
	app.Compo
}

func newKeyScreen() *keyScreen { return &keyScreen{} }

// Render draws the key forms.
func (k *keyScreen) Render() app.UI {
	return app.Div().Class("card").ID("key-screen").Body(
		app.H2().Text("Your key"),
		app.Div().Class("row").Body(
			app.Label().For("wif").Text("Private key (WIF)"),
			app.Input().ID("wif").Type("password").AutoComplete(false),
		),
	)
}
