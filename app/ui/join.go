package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/channel"
)

// joinForm joins a channel by id or invite link; it refuses a channel I am
// not part of.
type joinForm struct {
	app.Compo
	W       *root
	Rev     int
	Initial string // the ?id= of an invite link

	input string
	err   string
	busy  bool
}

func newJoinForm(w *root, initial string) *joinForm {
	return &joinForm{W: w, Rev: w.rev, Initial: initial}
}

func (j *joinForm) onSubmit(ctx app.Context, e app.Event) {
	w := j.W
	in := j.input
	if in == "" {
		in = j.Initial
	}
	n, err := parseChannelRef(in)
	if err != nil {
		j.err = err.Error()
		return
	}
	_, cl, key, eng, _ := w.s.snapshot()
	if key == nil || eng == nil {
		j.err = errLocked.Error()
		return
	}
	if cl == nil {
		j.err = errOffline.Error()
		return
	}
	j.err, j.busy = "", true
	ctx.Async(func() {
		err := func() error {
			cctx, cancel := context.WithTimeout(w.bg, 20*time.Second)
			defer cancel()
			// The core decides whether I am a party and with which role.
			_, _, err := eng.Join(cctx, n)
			var np *channel.NotPartyError
			if errors.As(err, &np) {
				return fmt.Errorf("you are not part of channel %d: its parties are %s and %s", n, np.Alice.Hex(), np.Bob.Hex())
			}
			return err
		}()
		if err == nil {
			w.tick(w.bg)
		}
		ctx.Dispatch(func(ctx app.Context) {
			j.busy = false
			if err != nil {
				j.err = w.say(err)
				return
			}
			ctx.Navigate(fmt.Sprintf("%s?id=%d", PathChannel, n))
		})
	})
}

// OnInit gives the page its turn before the wallet's first mount builds
// this part (root.mountTurn).
func (j *joinForm) OnInit() { j.W.mountTurn("join") }

// Render draws the form.
func (j *joinForm) Render() app.UI {
	w := j.W
	return app.Form().Class("card").ID("join").Body(
		app.H2().Text("Join a channel"),
		app.Div().Class("row").Body(
			app.Label().For("join-input").Text("Channel number or invite link"),
			app.Input().ID("join-input").Value(j.Initial).OnInput(func(ctx app.Context, e app.Event) {
				j.input = ctx.JSSrc().Get("value").String()
			}),
		),
		app.Div().Class("row").Body(
			app.Button().Type("submit").ID("join-submit").Text("Join").Disabled(!w.online || !w.unlocked || j.busy).OnClick(j.onSubmit),
		),
		app.If(!w.unlocked, app.P().Class("muted").Body(
			app.Text("Unlock your key first: "),
			app.A().ID("goto-unlock-join").Href(PathHome).Text("Key"),
		)),
		app.If(j.err != "", app.Div().Class("notice error").ID("join-error").Text(j.err)),
	)
}
