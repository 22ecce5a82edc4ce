package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

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

	backupPass  string
	backupURL   string // blob: URL of the last export (revoked on the next)
	backupName  string
	restorePass string
	readFile    app.Func // the pending FileReader callback
	showWIF     bool     // the WIF field shows its text (to check a pasted key)
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
				// The typed key and passphrase stay to be corrected.
				k.err = k.W.say(err)
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

// OnDismount releases the blob URL and a pending file callback.
func (k *keyScreen) OnDismount() {
	if k.backupURL != "" {
		app.Window().Get("URL").Call("revokeObjectURL", k.backupURL)
	}
	if k.readFile != nil {
		k.readFile.Release()
		k.readFile = nil
	}
}

// onExport seals the key and channels with the passphrase and offers the
// file as a download (a Blob link: nothing goes to the host).
func (k *keyScreen) onExport(ctx app.Context, e app.Event) {
	pass := k.backupPass
	k.busy, k.err = true, ""
	ctx.Async(func() {
		sealed, err := k.W.s.exportBackup(pass)
		ctx.Dispatch(func(ctx app.Context) {
			k.busy = false
			if err != nil {
				k.err = k.W.say(err)
				return
			}
			k.backupPass = ""
			setInput("backup-passphrase", "")
			if k.backupURL != "" {
				app.Window().Get("URL").Call("revokeObjectURL", k.backupURL)
			}
			blob := app.Window().Get("Blob").New([]any{string(sealed)}, map[string]any{"type": "application/json"})
			k.backupURL = app.Window().Get("URL").Call("createObjectURL", blob).String()
			k.backupName = fmt.Sprintf("paychan-backup-%s-%s.json", strings.ToLower(k.W.account.Signer[2:10]), time.Now().UTC().Format("20060102-150405"))
			k.W.apply(func() { k.W.note("ok", "Backup ready: download it and keep it with your passphrase.") })
		})
	})
}

// onRestore reads the chosen file and restores it with the passphrase.
func (k *keyScreen) onRestore(ctx app.Context, e app.Event) {
	k.err = ""
	files := app.Window().GetElementByID("restore-file").Get("files")
	if !files.Truthy() || files.Length() == 0 {
		k.err = "Choose a backup file first."
		return
	}
	if k.readFile != nil {
		k.readFile.Release()
	}
	pass := k.restorePass
	k.busy = true
	k.readFile = app.FuncOf(func(this app.Value, args []app.Value) any {
		text := ""
		if len(args) > 0 {
			text = args[0].String()
		}
		ctx.Dispatch(func(ctx app.Context) {
			if k.readFile != nil {
				k.readFile.Release()
				k.readFile = nil
			}
		})
		k.restore(ctx, text, pass)
		return nil
	})
	files.Index(0).Call("text").Call("then", k.readFile)
}

// restore runs the restore off the UI goroutine (scrypt, storage, chain).
func (k *keyScreen) restore(ctx app.Context, text, pass string) {
	ctx.Async(func() {
		cctx, cancel := context.WithTimeout(k.W.bg, 30*time.Second)
		defer cancel()
		b, err := k.W.s.restoreBackup(cctx, []byte(text), pass)
		if err == nil && len(text) == 0 {
			err = errors.New("the backup file is empty")
		}
		ctx.Dispatch(func(ctx app.Context) {
			k.busy = false
			if err != nil {
				k.err = k.W.say(err)
				return
			}
			k.restorePass = ""
			setInput("restore-passphrase", "")
			k.W.apply(func() {
				k.W.onUnlocked(b.Account.Qtum, b.Account.Signer)
				k.W.note("ok", fmt.Sprintf("Restored the key and %d channel(s) from the backup of %s; syncing totals with your peers.",
					len(b.Channels), b.Created.Local().Format("2006-01-02 15:04")))
			})
		})
	})
}

// copyButton copies text. The handler's scope is the text: go-app v9
// keeps an element's handler while its code is the same, so without it a
// button kept for a new text (a second request link) would copy the
// first.
func copyButton(id, text string) app.UI {
	return app.Button().Type("button").ID(id).Class("secondary").Text("Copy").OnClick(func(ctx app.Context, e app.Event) {
		if cb := app.Window().Get("navigator").Get("clipboard"); cb.Truthy() {
			cb.Call("writeText", text)
		}
	}, text)
}

// OnInit gives the page its turn before the wallet's first mount builds
// this part (root.mountTurn).
func (k *keyScreen) OnInit() { k.W.mountTurn("key") }

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
			app.Form().ID("import-form").Body(
				app.Div().Class("row").Body(
					app.Label().For("wif").Text("Private key (WIF)"),
					app.Input().ID("wif").Type(wifType(k.showWIF)).AutoComplete(false).Attr("spellcheck", "false").OnInput(k.input(&k.wif)),
					app.Button().Type("button").ID("wif-toggle").Class("secondary").Aria("pressed", k.showWIF).Aria("controls", "wif").
						Text(wifToggleText(k.showWIF)).OnClick(func(ctx app.Context, e app.Event) { k.showWIF = !k.showWIF }),
				),
				passField("passphrase", "Passphrase (encrypts the key here)"),
				app.Div().Class("row").Body(
					app.Button().Type("submit").ID("import-key").Text("Import").Disabled(k.busy).OnClick(k.onImport),
					app.Button().Type("button").ID("create-key").Class("secondary").Text("Create a new key").Disabled(k.busy).OnClick(k.onCreate),
				),
			),
			app.P().Class("muted").Text("The key is encrypted with your passphrase and stays in this browser; it is never sent to the host."),
			app.H2().Text("Or restore a backup"),
			app.Form().ID("restore-form").Body(
				app.Div().Class("row").Body(
					app.Label().For("restore-file").Text("Backup file"),
					app.Input().ID("restore-file").Type("file").Accept(".json,application/json"),
				),
				app.Div().Class("row").Body(
					app.Label().For("restore-passphrase").Text("Its passphrase"),
					app.Input().ID("restore-passphrase").Type("password").AutoComplete(false).OnInput(k.input(&k.restorePass)),
				),
				app.Div().Class("row").Body(app.Button().Type("submit").ID("restore-submit").Text("Restore").Disabled(k.busy).OnClick(k.onRestore)),
			),
			app.P().Class("muted").Text("Restoring an older backup is safe: payments are cumulative totals, so the newest one wins. "+
				"After a restore the wallet asks each peer for its latest totals and hands your payments to the host's watchtower again."),
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
			amountSpanPlaces("balance-chain", w.nativeUnit(), w.balance, balancePlaces).Class("big"),
		),
		newTokenBalances(w),
	)
	if !w.unlocked {
		return card.Body(
			app.H2().Text("Unlock your key"),
			addresses,
			app.Form().ID("unlock-form").Body(
				passField("unlock-passphrase", "Passphrase"),
				app.Div().Class("row").Body(
					app.Button().Type("submit").ID("unlock").Text("Unlock").Disabled(k.busy).OnClick(k.onUnlock),
					app.Button().Type("button").ID("forget").Class("danger").Text("Forget this wallet").OnClick(k.onForget),
				),
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
		app.H2().Text("Backup"),
		app.P().Class("muted").Text("An encrypted file with your key and every channel (balances and the payments you can claim). Restore it in any browser with the same passphrase."),
		app.Form().Class("row").ID("backup-form").Body(
			app.Label().For("backup-passphrase").Text("Passphrase"),
			app.Input().ID("backup-passphrase").Type("password").AutoComplete(false).OnInput(k.input(&k.backupPass)),
			app.Button().Type("submit").ID("backup-export").Class("secondary").Text("Export backup").Disabled(k.busy).OnClick(k.onExport),
		),
		app.If(k.backupURL != "", app.Div().Class("row").Body(
			app.A().ID("backup-link").Href(k.backupURL).Attr("download", k.backupName).Text("Download "+k.backupName),
		)),
		app.Div().Class("row").Body(
			app.Button().ID("lock").Class("secondary").Text("Lock").OnClick(k.onLock),
			app.Button().ID("forget").Class("danger").Text("Forget this wallet").OnClick(k.onForget),
		),
		errBox,
	)
}
