package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/amount"
	"paychan/app/browserstore"
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

	// The asset: "" for the chain's coin, a listed token's address, or
	// assetPaste for a token address the user pastes (tokenInput).
	asset      string
	tokenInput string
	// The selected token as read from the chain (symbol, decimals) for
	// the address lookedUp, or the reason it cannot be used.
	token     *channel.Asset
	tokenErr  string
	lookedUp  common.Address
	tokenBusy bool
}

// assetPaste is the asset choice "another token, by its address".
const assetPaste = "paste"

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
		c.err = w.say(err)
		return
	}
	req, err := parseOpen(kind, c.counterparty, c.signer, c.blocks, channel.MinFinalizationBlocks(w.cfg.ChainID, w.cfg.MinFinalizationBlocks))
	if err != nil {
		c.err = w.say(err)
		return
	}
	tok, err := c.selectedAsset()
	if err != nil {
		c.err = w.say(err)
		return
	}
	unit := tok.Unit(w.nativeUnit())
	dep := strings.TrimSpace(c.deposit)
	if dep == "" {
		dep = "0"
	}
	value, err := unit.Parse(dep)
	if err != nil {
		c.err = amountError("Initial deposit", unit, err)
		return
	}
	_, cl, key, eng, _ := w.s.snapshot()
	if key == nil || eng == nil {
		c.err = w.say(errLocked)
		return
	}
	if cl == nil {
		c.err = w.say(errOffline)
		return
	}
	counterparty := c.counterparty
	opened := func(cctx context.Context, id uint64) error {
		st, _, err := eng.Join(cctx, id)
		if err != nil {
			return err
		}
		// The peer is shown by the address the user typed (peer.go).
		w.s.store.SavePeer(st.ID, browserstore.Peer{Address: strings.TrimSpace(counterparty)})
		ctx.Dispatch(func(ctx app.Context) { c.created = id })
		w.apply(func() {
			w.replaceState(st)
			w.noteChannel(id, "ok", fmt.Sprintf("Channel %d is open. Send the invite link to your counterparty.", id))
		})
		return nil
	}
	if tok.IsToken() {
		w.runTokenTx(ctx, "Open channel", tok, value, func(s string) { c.err = s }, func(cctx context.Context, p chainclient.Progress) error {
			id, _, err := cl.OpenToken(cctx, key.PrivateKey(), tok.Token, req.Bob, req.BobSigner, common.Address{}, req.Blocks, value, p)
			if err != nil {
				return err
			}
			return opened(cctx, id)
		})
		return
	}
	w.runTx(ctx, "Open channel", func(cctx context.Context, p chainclient.Progress) error {
		id, _, err := cl.Open(cctx, key.PrivateKey(), req.Bob, req.BobSigner, common.Address{}, req.Blocks, value, p)
		if err != nil {
			return err
		}
		return opened(cctx, id)
	})
}

// selectedAsset is the asset chosen in the form: the chain's coin, or a
// token whose symbol and decimals were read from the chain.
func (c *createForm) selectedAsset() (channel.Asset, error) {
	switch {
	case c.asset == "":
		return channel.Asset{}, nil
	case c.tokenErr != "":
		return channel.Asset{}, errors.New(c.tokenErr)
	case c.token == nil:
		return channel.Asset{}, errors.New("the token's symbol and decimals are still being read from the chain: wait a moment, then create the channel")
	}
	return *c.token, nil
}

// onAsset selects the channel's asset; a token is read from the chain.
func (c *createForm) onAsset(ctx app.Context, e app.Event) {
	c.asset = ctx.JSSrc().Get("value").String()
	c.lookup(ctx)
}

// onTokenInput reads a pasted token address.
func (c *createForm) onTokenInput(ctx app.Context, e app.Event) {
	c.tokenInput = ctx.JSSrc().Get("value").String()
	c.lookup(ctx)
}

// tokenAddress is the address of the selected token: a listed one, or
// the pasted text.
func (c *createForm) tokenAddress() (common.Address, error) {
	s := c.asset
	if s == assetPaste {
		s = strings.TrimSpace(c.tokenInput)
		if s == "" {
			return common.Address{}, errors.New("paste the token's contract address (0x followed by 40 hex digits)")
		}
	}
	if !common.IsHexAddress(s) {
		return common.Address{}, fmt.Errorf("%q is not a token contract address: paste 0x followed by 40 hex digits", s)
	}
	return common.HexToAddress(s), nil
}

// lookup reads the selected token's symbol and decimals from the chain
// (chainclient.TokenInfo), to show them before the user confirms.
func (c *createForm) lookup(ctx app.Context) {
	c.token, c.tokenErr, c.err = nil, "", ""
	if c.asset == "" {
		return
	}
	addr, err := c.tokenAddress()
	if err != nil {
		c.tokenErr = err.Error()
		return
	}
	_, cl, _, _, _ := c.W.s.snapshot()
	if cl == nil {
		c.tokenErr = errOffline.Error()
		return
	}
	c.lookedUp, c.tokenBusy = addr, true
	ctx.Async(func() {
		cctx, cancel := context.WithTimeout(c.W.bg, 20*time.Second)
		defer cancel()
		a, err := cl.TokenInfo(cctx, addr)
		ctx.Dispatch(func(ctx app.Context) {
			if cur, cerr := c.tokenAddress(); cerr != nil || cur != addr || c.asset == "" {
				return // the choice changed meanwhile
			}
			c.tokenBusy = false
			if err != nil {
				c.tokenErr = err.Error()
				return
			}
			c.token = &a
		})
	})
}

// assetChoice draws the asset picker and what was read of the token.
func (c *createForm) assetChoice() app.UI {
	w := c.W
	native := w.nativeUnit()
	opts := []app.UI{app.Option().Value("").Selected(c.asset == "").Text(native.Symbol + " (the chain's coin)")}
	for _, t := range w.cfg.Tokens {
		opts = append(opts, app.Option().Value(t.Address).Selected(c.asset == t.Address).Text(t.Symbol+" (token "+t.Address+")"))
	}
	opts = append(opts, app.Option().Value(assetPaste).Selected(c.asset == assetPaste).Text("Another token: paste its address"))
	var info app.UI
	switch {
	case c.asset == "":
	case c.tokenErr != "":
		info = app.Div().Class("notice error").ID("create-token-error").Text(c.tokenErr)
	case c.token != nil:
		info = app.Div().Class("notice info").ID("create-token-info").Body(
			app.Text("Token "), app.Strong().ID("create-token-symbol").Text(c.token.Symbol),
			app.Text(", "), app.Span().ID("create-token-decimals").Text(fmt.Sprintf("%d decimals", c.token.Decimals)),
			app.Text(", contract "), app.Code().ID("create-token-address").Text(c.token.Token.Hex()),
			app.Text(". Check the address: any token can call itself by any symbol."),
		)
	case c.tokenBusy:
		info = app.P().Class("muted").ID("create-token-reading").Text("Reading the token's symbol and decimals from the chain…")
	}
	return app.Div().Body(
		app.Div().Class("row").Body(
			app.Label().For("create-asset").Text("Asset"),
			app.Select().ID("create-asset").OnChange(c.onAsset).Body(opts...),
		),
		app.If(c.asset == assetPaste, app.Div().Class("row").Body(
			app.Label().For("create-token").Text("Token contract address"),
			app.Input().ID("create-token").Placeholder("0x…").OnInput(c.onTokenInput),
		)),
		info,
	)
}

// depositUnit is the currency the deposit is typed in.
func (c *createForm) depositUnit() amount.Unit {
	if c.asset != "" && c.token != nil {
		return c.token.Unit(c.W.nativeUnit())
	}
	if c.asset != "" {
		return amount.Unit{Symbol: "token"}
	}
	return c.W.nativeUnit()
}

// OnInit gives the page its turn before the wallet's first mount builds
// this part (root.mountTurn).
func (c *createForm) OnInit() { c.W.mountTurn("create") }

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
		c.assetChoice(),
		app.Div().Class("row").Body(
			app.Label().For("create-deposit").ID("create-deposit-label").Text("Initial deposit ("+c.depositUnit().Symbol+")"),
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
			qrImage("invite-qr", invite, "QR code of the invite link"),
			app.A().ID("goto-created").Href(fmt.Sprintf("%s?id=%d", PathChannel, c.created)).Text("Open the channel"),
		)),
	)
}
