package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/wallet"
)

// createForm opens a channel with a counterparty.
type createForm struct {
	app.Compo
	W   *root
	Rev int

	counterparty string
	signer       string
	signerEdited bool
	deposit      string
	blocks       string
	err          string
	created      uint64
}

func newCreateForm(w *root) *createForm { return &createForm{W: w, Rev: w.rev} }

// openRequest is a validated create form.
type openRequest struct {
	Bob, BobSigner common.Address
	Deposit        string
	Blocks         uint64
}

// parseOpen validates the form. The counterparty is a 0x address or a Qtum
// address; what it means on the host's kind of chain is the one rule of
// wallet.Counterparty (on an EVM chain a Qtum counterparty needs its
// ecrecover address, which becomes the account as well: the Qtum hash160 is
// nobody's account there). The finalization period defaults to
// channel.OpenFinalizationBlocks and must be at least
// minBlocks (channel.MinFinalizationBlocks for the host's chain).
func parseOpen(kind wallet.ChainKind, counterparty, signer, blocks string, minBlocks uint64) (openRequest, error) {
	var r openRequest
	var err error
	if r.Bob, r.BobSigner, err = wallet.Counterparty(kind, counterparty, signer); err != nil {
		return r, err
	}
	if blocks = strings.TrimSpace(blocks); blocks == "" {
		r.Blocks = channel.OpenFinalizationBlocks(minBlocks)
	} else if r.Blocks, err = strconv.ParseUint(blocks, 10, 64); err != nil || r.Blocks == 0 {
		return r, fmt.Errorf("finalization period: %q is not a number of blocks", blocks)
	}
	if err := channel.CheckFinalization(r.Blocks, minBlocks); err != nil {
		return r, fmt.Errorf("finalization period: %w", err)
	}
	return r, nil
}

func (c *createForm) onCounterparty(ctx app.Context, e app.Event) {
	c.counterparty = ctx.JSSrc().Get("value").String()
	if !c.signerEdited {
		if a, err := wallet.ParseAddress(c.counterparty); err == nil && a.Kind == wallet.HexAddress {
			c.signer = a.Address.Hex()
		} else {
			c.signer = ""
		}
		setInput("create-signer", c.signer)
	}
}

func (c *createForm) onSubmit(ctx app.Context, e app.Event) {
	w := c.W
	c.err = ""
	kind, err := wallet.ParseChainKind(w.cfg.ChainKind)
	if err != nil {
		c.err = err.Error()
		return
	}
	req, err := parseOpen(kind, c.counterparty, c.signer, c.blocks, channel.MinFinalizationBlocks(w.cfg.ChainID, w.cfg.MinFinalizationBlocks))
	if err != nil {
		c.err = err.Error()
		return
	}
	dep := strings.TrimSpace(c.deposit)
	if dep == "" {
		dep = "0"
	}
	value, err := w.parseCoins(dep)
	if err != nil {
		c.err = err.Error()
		return
	}
	_, cl, key, eng, _ := w.s.snapshot()
	if key == nil || eng == nil {
		c.err = errLocked.Error()
		return
	}
	if cl == nil {
		c.err = errOffline.Error()
		return
	}
	w.runTx(ctx, "Open channel", func(cctx context.Context, p chainclient.Progress) error {
		id, _, err := cl.Open(cctx, key.PrivateKey(), req.Bob, req.BobSigner, common.Address{}, req.Blocks, value, p)
		if err != nil {
			return err
		}
		st, _, err := eng.Join(cctx, id)
		if err != nil {
			return err
		}
		ctx.Dispatch(func(ctx app.Context) { c.created = id })
		w.apply(func() {
			w.replaceState(st)
			w.note("ok", fmt.Sprintf("Channel %d is open. Send the invite link to your counterparty.", id))
		})
		return nil
	})
}

// Render draws the form and, once created, the id and invite link.
func (c *createForm) Render() app.UI {
	w := c.W
	val := func(f *string) app.EventHandler {
		return func(ctx app.Context, e app.Event) { *f = ctx.JSSrc().Get("value").String() }
	}
	invite := ""
	if c.created != 0 && w.s != nil {
		invite = fmt.Sprintf("%s%s?id=%d", w.s.origin, PathJoin, c.created)
	}
	return app.Form().Class("card").ID("create").Body(
		app.H2().Text("Create a channel"),
		app.Div().Class("row").Body(
			app.Label().For("create-counterparty").Text("Counterparty (Qtum or 0x address)"),
			app.Input().ID("create-counterparty").OnInput(c.onCounterparty),
		),
		app.Div().Class("row").Body(
			app.Label().For("create-signer").Text("Counterparty's ecrecover address"),
			app.Input().ID("create-signer").OnInput(func(ctx app.Context, e app.Event) {
				c.signer = ctx.JSSrc().Get("value").String()
				c.signerEdited = true
			}),
		),
		app.Div().Class("row").Body(
			app.Label().For("create-deposit").Text("Initial deposit ("+w.cfg.Symbol+")"),
			app.Input().ID("create-deposit").Class("short").Placeholder("0").OnInput(val(&c.deposit)),
		),
		app.Div().Class("row").Body(
			app.Label().For("create-finalization").Text("Finalization period (blocks)"),
			app.Input().ID("create-finalization").Class("short").
				Placeholder(strconv.FormatUint(channel.OpenFinalizationBlocks(channel.MinFinalizationBlocks(w.cfg.ChainID, w.cfg.MinFinalizationBlocks)), 10)).OnInput(val(&c.blocks)),
		),
		app.Div().Class("row").Body(
			app.Button().Type("submit").ID("create-submit").Text("Create channel").Disabled(!w.online || !w.unlocked).OnClick(c.onSubmit),
		),
		app.If(!w.unlocked, app.P().Class("muted").Text("Unlock your key first.")),
		app.If(c.err != "", app.Div().Class("notice error").ID("create-error").Text(c.err)),
		app.If(c.created != 0, app.Div().Class("notice ok").Body(
			app.P().Body(app.Text("Channel "), app.Strong().ID("created-id").Text(strconv.FormatUint(c.created, 10)), app.Text(" is open.")),
			app.P().Body(app.Text("Invite link: "), app.Code().ID("invite-link").Text(invite), copyButton("copy-invite", invite)),
			app.A().ID("goto-created").Href(fmt.Sprintf("%s?id=%d", PathChannel, c.created)).Text("Open the channel"),
		)),
	)
}
