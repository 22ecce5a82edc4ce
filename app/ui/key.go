package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// keyScreen imports or creates the key, unlocks, locks and forgets it, and
// shows my addresses and on-chain balance.
type keyScreen struct {
	app.Compo
	W   *root
	Rev int

	wif        string
	passphrase string
	busy       bool
	err        string
}

func newKeyScreen(w *root) *keyScreen { return &keyScreen{W: w, Rev: w.rev} }

func (k *keyScreen) input(field *string) app.EventHandler {
	return func(ctx app.Context, e app.Event) { *field = ctx.JSSrc().Get("value").String() }
}

// run does a key operation off the UI goroutine.
func (k *keyScreen) run(ctx app.Context, op func() (qtum, signer, newWIF string, err error)) {
	k.busy, k.err = true, ""
	ctx.Async(func() {
		qtum, signer, newWIF, err := op()
		ctx.Dispatch(func(ctx app.Context) {
			k.busy = false
			if err != nil {
				k.err = err.Error()
				return
			}
			k.wif, k.passphrase = "", ""
			for _, id := range []string{"wif", "passphrase", "unlock-passphrase"} {
				setInput(id, "")
			}
			k.W.apply(func() {
				k.W.newWIF = newWIF
				k.W.onUnlocked(qtum, signer)
			})
		})
	})
}

func (k *keyScreen) onImport(ctx app.Context, e app.Event) {
	wif, pass := k.wif, k.passphrase
	k.run(ctx, func() (string, string, string, error) {
		key, err := k.W.s.importKey(wif, pass)
		if err != nil {
			return "", "", "", err
		}
		return key.QtumAddress(), key.Signer().Hex(), "", nil
	})
}

func (k *keyScreen) onCreate(ctx app.Context, e app.Event) {
	pass := k.passphrase
	k.run(ctx, func() (string, string, string, error) {
		key, err := k.W.s.createKey(pass)
		if err != nil {
			return "", "", "", err
		}
		return key.QtumAddress(), key.Signer().Hex(), key.WIF(), nil
	})
}

func (k *keyScreen) onUnlock(ctx app.Context, e app.Event) {
	pass := k.passphrase
	k.run(ctx, func() (string, string, string, error) {
		key, err := k.W.s.unlock(pass)
		if err != nil {
			return "", "", "", err
		}
		return key.QtumAddress(), key.Signer().Hex(), "", nil
	})
}

func (k *keyScreen) onLock(ctx app.Context, e app.Event) {
	k.W.s.lock()
	k.W.apply(func() { k.W.unlocked, k.W.newWIF, k.W.relay = false, "", "" })
}

func (k *keyScreen) onForget(ctx app.Context, e app.Event) {
	k.W.s.forget()
	k.W.apply(func() {
		w := k.W
		w.unlocked, w.hasKey, w.newWIF = false, false, ""
		w.account.Qtum, w.account.Signer = "", ""
		w.states, w.balance = nil, nil
		w.note("info", "The key and channels were deleted from this browser.")
	})
}

func (k *keyScreen) onSavedWIF(ctx app.Context, e app.Event) {
	k.W.apply(func() { k.W.newWIF = "" })
}

func copyButton(id, text string) app.UI {
	return app.Button().ID(id).Class("secondary").Text("Copy").OnClick(func(ctx app.Context, e app.Event) {
		if cb := app.Window().Get("navigator").Get("clipboard"); cb.Truthy() {
			cb.Call("writeText", text)
		}
	})
}

// Render draws the form for the key's state.
func (k *keyScreen) Render() app.UI {
	w := k.W
	card := app.Div().Class("card").ID("key-screen")
	errBox := app.If(k.err != "", app.Div().Class("notice error").ID("key-error").Text(k.err))
	passField := func(id, label string) app.UI {
		return app.Div().Class("row").Body(
			app.Label().For(id).Text(label),
			app.Input().ID(id).Type("password").AutoComplete(false).OnInput(k.input(&k.passphrase)),
		)
	}
	if !w.hasKey {
		return card.Body(
			app.H2().Text("Import your key"),
			app.Div().Class("row").Body(
				app.Label().For("wif").Text("Private key (WIF)"),
				app.Input().ID("wif").Type("password").AutoComplete(false).OnInput(k.input(&k.wif)),
			),
			passField("passphrase", "Passphrase (encrypts the key here)"),
			app.Div().Class("row").Body(
				app.Button().ID("import-key").Text("Import").Disabled(k.busy).OnClick(k.onImport),
				app.Button().ID("create-key").Class("secondary").Text("Create a new key").Disabled(k.busy).OnClick(k.onCreate),
			),
			app.P().Class("muted").Text("The key is encrypted with your passphrase and stays in this browser; it is never sent to the host."),
			errBox,
		)
	}
	addresses := app.Div().Body(
		app.Div().Class("row").Body(
			app.Span().Class("k").Text("Qtum address"),
			app.Span().Class("v").ID("addr-qtum").Text(w.account.Qtum),
			copyButton("copy-qtum", w.account.Qtum),
		),
		app.Div().Class("row").Body(
			app.Span().Class("k").Text("Signer (ecrecover) address"),
			app.Span().Class("v").ID("addr-signer").Text(w.account.Signer),
			copyButton("copy-signer", w.account.Signer),
		),
		app.Div().Class("row").Body(
			app.Span().Class("k").Text("On-chain balance"),
			app.Span().Class("v big").ID("balance-chain").Text(w.coins(w.balance)),
		),
	)
	if !w.unlocked {
		return card.Body(
			app.H2().Text("Unlock your key"),
			addresses,
			passField("unlock-passphrase", "Passphrase"),
			app.Div().Class("row").Body(
				app.Button().ID("unlock").Text("Unlock").Disabled(k.busy).OnClick(k.onUnlock),
				app.Button().ID("forget").Class("danger").Text("Forget this wallet").OnClick(k.onForget),
			),
			errBox,
		)
	}
	return card.Body(
		app.H2().Text("Your key"),
		app.If(w.newWIF != "", app.Div().Class("secret").Body(
			app.P().Text("Your new private key, shown once: write it down now."),
			app.Code().ID("new-wif").Text(w.newWIF),
			app.Div().Class("row").Body(app.Button().ID("saved-wif").Text("I saved it").OnClick(k.onSavedWIF)),
		)),
		addresses,
		app.Div().Class("row").Body(
			app.Span().Class("k").Text("Relay"),
			app.Span().Class("v").ID("relay-state").Text(w.relay),
		),
		app.Div().Class("row").Body(
			app.Button().ID("lock").Class("secondary").Text("Lock").OnClick(k.onLock),
			app.Button().ID("forget").Class("danger").Text("Forget this wallet").OnClick(k.onForget),
		),
		errBox,
	)
}
