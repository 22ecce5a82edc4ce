package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/browserstore"
	"paychan/app/channel"
)

// maxPeerName bounds the local name of a peer.
const maxPeerName = 64

// peerAddress is the address the user knows the peer by: the one typed
// when opening the channel (Qtum or 0x), else the peer's signer address.
func peerAddress(st channel.State, p browserstore.Peer) string {
	if p.Address != "" {
		return p.Address
	}
	return st.Peer().Signer.Hex()
}

// loadPeer reads what is stored about st's peer once per channel.
func (c *channelScreen) loadPeer(st channel.State) {
	if c.peerOf == st.ID || c.W.s == nil {
		return
	}
	c.peerOf = st.ID
	c.peer, _, _ = c.W.s.store.LoadPeer(st.ID)
	c.nameInput, c.nameSaved = "", false
}

// peerName is the name typed for a peer as stored: trimmed, and cut to
// maxPeerName bytes at a whole character (a name is text, never half a
// rune).
func peerName(typed string) string {
	name := strings.TrimSpace(typed)
	for len(name) > maxPeerName {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

// onSaveName stores the peer's local name (an empty field removes it).
func (c *channelScreen) onSaveName(ctx app.Context, e app.Event) {
	st, ok := c.W.stateOf(c.num())
	if !ok {
		return
	}
	p := c.peer
	p.Name = peerName(c.nameInput)
	if err := c.W.s.store.SavePeer(st.ID, p); err != nil {
		c.err = c.W.say(err)
		return
	}
	c.peer, c.nameSaved, c.nameInput = p, true, ""
	setInput("peer-name-input", "")
}

// peerRow shows the peer by its name and the address the user knows, with
// the name's editor.
func (c *channelScreen) peerRow(st channel.State) app.UI {
	c.loadPeer(st)
	addr := peerAddress(st, c.peer)
	return app.Div().Body(
		app.Div().Class("row").Body(
			app.Span().Class("k").Text("Peer"),
			app.If(c.peer.Name != "", app.Strong().ID("peer-name").Text(c.peer.Name)),
			app.Span().Class("v").ID("peer").Title("Signs with "+st.Peer().Signer.Hex()).Text(addr),
		),
		app.Form().Class("row").ID("peer-name-form").Body(
			app.Label().For("peer-name-input").Text("Name for your peer (kept in this browser only)"),
			app.Input().ID("peer-name-input").Class("short").MaxLength(maxPeerName).Placeholder(c.peer.Name).
				OnInput(func(ctx app.Context, e app.Event) {
					c.nameInput, c.nameSaved = ctx.JSSrc().Get("value").String(), false
				}),
			app.Button().Type("submit").ID("peer-name-save").Class("secondary").Text("Save name").OnClick(c.onSaveName),
			app.If(c.nameSaved, app.Span().ID("peer-name-saved").Class("muted").Text("saved")),
		),
	)
}
