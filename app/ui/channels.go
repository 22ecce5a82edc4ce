package ui

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/channel"
)

// channelList shows my channels (found from the contract's events and kept
// in the browser), each with its status and my balance.
type channelList struct {
	app.Compo
	W   *root
	Rev int
}

func newChannelList(w *root) *channelList { return &channelList{W: w, Rev: w.rev} }

// OnInit gives the page its turn before the wallet's first mount builds
// this part (root.mountTurn).
func (c *channelList) OnInit() { c.W.mountTurn("channels") }

// Render draws the table.
func (c *channelList) Render() app.UI {
	w := c.W
	return app.Div().Class("card").ID("channels").Body(
		app.H2().Text("My channels"),
		app.Div().Class("row").Body(
			app.A().Href(PathCreate).Body(app.Button().ID("goto-create").Text("Create")),
			app.A().Href(PathJoin).Body(app.Button().ID("goto-join").Class("secondary").Text("Join")),
		),
		app.If(len(w.states) == 0, app.P().Class("muted").ID("no-channels").Text("No channel yet.")),
		app.If(len(w.states) > 0, app.Table().Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Text("Channel"), app.Th().Text("Peer"), app.Th().Text("Asset"), app.Th().Text("Status"), app.Th().Text("My balance"),
			)),
			app.TBody().Body(app.Range(w.states).Slice(func(i int) app.UI {
				st := w.states[i]
				n := st.ID.Channel
				return app.Tr().ID(fmt.Sprintf("channel-row-%d", n)).Body(
					app.Td().Body(app.A().ID(fmt.Sprintf("open-channel-%d", n)).Href(fmt.Sprintf("%s?id=%d", PathChannel, n)).Text(fmt.Sprintf("#%d (%s)", n, st.Role))),
					app.Td().Class("v").Text(st.Peer().Signer.Hex()),
					c.assetCell(st),
					app.Td().ID(fmt.Sprintf("channel-%d-status", n)).Text(statusText(st, w.head)),
					app.Td().Body(amountSpan(fmt.Sprintf("channel-%d-balance", n), w.unitOf(st), st.Balance())),
				)
			})),
		)),
	)
}

// assetCell names the channel's asset: the chain's coin, or the token's
// symbol with its contract address on hover (tokens choose their symbols
// freely).
func (c *channelList) assetCell(st channel.State) app.UI {
	td := app.Td().ID(fmt.Sprintf("channel-%d-asset", st.ID.Channel))
	if !st.Asset.IsToken() {
		return td.Text(c.W.nativeUnit().Symbol)
	}
	return td.Title("token " + st.Asset.Token.Hex()).Text(st.Asset.Symbol)
}
