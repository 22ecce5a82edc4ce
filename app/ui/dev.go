package ui

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/hostapi"
)

// devPanel drives the host's embedded chain: mine blocks, fund my address.
// Shown only when /config.json says devTools.
type devPanel struct {
	app.Compo
	W   *root
	Rev int

	blocks string
	fund   string
	busy   bool
}

func newDevPanel(w *root) *devPanel { return &devPanel{W: w, Rev: w.rev} }

func (d *devPanel) post(ctx app.Context, what, path string, in, out any, done func() string) {
	w := d.W
	d.busy = true
	ctx.Async(func() {
		cctx, cancel := context.WithTimeout(w.bg, time.Minute)
		defer cancel()
		err := w.s.postJSON(cctx, path, in, out)
		ctx.Dispatch(func(ctx app.Context) { d.busy = false })
		if err == nil {
			w.tick(w.bg)
		}
		w.apply(func() {
			if err != nil {
				w.note("error", what+" failed. "+w.say(err))
				return
			}
			w.note("info", done())
		})
	})
}

func (d *devPanel) onMine(ctx app.Context, e app.Event) {
	n, err := strconv.Atoi(d.blocksOrDefault())
	if err != nil || n < 1 || n > hostapi.MaxMineBlocks {
		d.W.apply(func() { d.W.note("error", fmt.Sprintf("Mine: enter 1 to %d blocks.", hostapi.MaxMineBlocks)) })
		return
	}
	var res hostapi.MineResponse
	d.post(ctx, "Mine", hostapi.MinePath, hostapi.MineRequest{Blocks: n}, &res, func() string {
		return fmt.Sprintf("Mined %d blocks; head is block %d", res.Blocks, res.Head)
	})
}

func (d *devPanel) onFund(ctx app.Context, e app.Event) {
	w := d.W
	amt := d.fund
	if amt == "" {
		amt = "100"
	}
	v, err := w.parseCoins(amt)
	if err != nil {
		w.apply(func() { w.note("error", "Fund: "+w.say(err)) })
		return
	}
	var res hostapi.FundResponse
	d.post(ctx, "Fund", hostapi.FundPath, hostapi.FundRequest{Address: w.account.Signer, Amount: v.String()}, &res, func() string {
		return fmt.Sprintf("Funded %s with %s", w.account.Signer, w.coins(v))
	})
}

func (d *devPanel) blocksOrDefault() string {
	if d.blocks == "" {
		return "100"
	}
	return d.blocks
}

// OnInit gives the page its turn before the wallet's first mount builds
// this part (root.mountTurn).
func (d *devPanel) OnInit() { d.W.mountTurn("dev") }

// Render draws the panel.
func (d *devPanel) Render() app.UI {
	w := d.W
	card := app.Div().Class("card").ID("dev")
	if !w.cfg.DevTools {
		return card.Body(app.P().Text("This host has no development tools (it uses an external chain)."))
	}
	return card.Body(
		app.H2().Text("Dev tools (embedded chain)"),
		app.Form().Class("row").ID("mine-form").Body(
			app.Label().For("mine-blocks").Text("Blocks to mine"),
			app.Input().ID("mine-blocks").Class("short").Placeholder("100").OnInput(func(ctx app.Context, e app.Event) {
				d.blocks = ctx.JSSrc().Get("value").String()
			}),
			app.Button().Type("submit").ID("mine-submit").Text("Mine").Disabled(!w.online || d.busy).OnClick(d.onMine),
		),
		app.Form().Class("row").ID("fund-form").Body(
			app.Label().For("fund-amount").Text("Fund my address ("+w.cfg.Symbol+")"),
			app.Input().ID("fund-amount").Class("short").Placeholder("100").OnInput(func(ctx app.Context, e app.Event) {
				d.fund = ctx.JSSrc().Get("value").String()
			}),
			app.Button().Type("submit").ID("fund-submit").Text("Fund").Disabled(!w.online || !w.hasKey || d.busy).OnClick(d.onFund),
		),
		app.P().Class("muted").Text(fmt.Sprintf("Current block: %d", w.head)),
	)
}
