package ui

import (
	"fmt"
	"math/big"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// fundsShare returns my share of the channel's funds in per mille (0-1000),
// rounded to the nearest; an empty channel is 0. A share that is not zero
// never rounds to an invisible 0 or a full 1000.
func fundsShare(mine, peer *big.Int) int {
	if mine == nil || mine.Sign() < 0 {
		mine = new(big.Int)
	}
	if peer == nil || peer.Sign() < 0 {
		peer = new(big.Int)
	}
	total := new(big.Int).Add(mine, peer)
	if total.Sign() == 0 {
		return 0
	}
	// (mine*1000 + total/2) / total
	p := new(big.Int).Mul(mine, big.NewInt(1000))
	p.Add(p, new(big.Int).Rsh(total, 1))
	s := int(p.Div(p, total).Int64())
	switch {
	case s == 0 && mine.Sign() > 0:
		s = 1
	case s == 1000 && peer.Sign() > 0:
		s = 999
	}
	return s
}

// percent writes a per mille share as a percentage: "70%", "0.5%".
func percent(permille int) string {
	if permille%10 == 0 {
		return strconv.Itoa(permille/10) + "%"
	}
	return fmt.Sprintf("%d.%d%%", permille/10, permille%10)
}

// fundsBarLabel is the bar's text alternative: both amounts and shares.
func fundsBarLabel(n uint64, mine, peer string, permille int, empty bool) string {
	if empty {
		return fmt.Sprintf("Funds in channel %d: none yet (you %s, your peer %s)", n, mine, peer)
	}
	return fmt.Sprintf("Funds in channel %d: you %s (%s), your peer %s (%s)", n, mine, percent(permille), peer, percent(1000-permille))
}

// fundsBar draws the channel's funds as one bar split between me (left)
// and the peer (right), with the two amounts written under it. Screen
// readers read the bar as one image with both amounts (role="img" and its
// aria-label); the written legend repeats them for the eye.
func fundsBar(n uint64, mine, peer *big.Int, format func(*big.Int) string) app.UI {
	share := fundsShare(mine, peer)
	empty := share == 0 && (peer == nil || peer.Sign() <= 0)
	m, p := format(mine), format(peer)
	bar := app.Div().ID("funds-bar").Role("img").Aria("label", fundsBarLabel(n, m, p, share, empty)).
		Attr("style", "display:flex;height:14px;margin:8px 0 4px;border:1px solid #57606a;border-radius:7px;overflow:hidden;background:#eaeef2")
	if !empty {
		bar = bar.Body(
			app.Div().ID("funds-bar-mine").Attr("style", "background:"+colorMine+";width:"+percent(share)),
			app.Div().ID("funds-bar-peer").Attr("style", "background:"+colorPeer+";width:"+percent(1000-share)),
		)
	}
	return app.Div().Class("fundsbar").Body(
		bar,
		app.Div().Aria("hidden", "true").Attr("style", "display:flex;justify-content:space-between;flex-wrap:wrap").Body(
			app.Span().ID("funds-legend-mine").Body(swatch(colorMine), app.Text("You "+m+shareText(share, empty))),
			app.Span().ID("funds-legend-peer").Body(swatch(colorPeer), app.Text("Peer "+p+shareText(1000-share, empty))),
		),
	)
}

// The bar's two colours, each 4.5:1 or more against white and 3:1 against
// the empty bar's grey; the legend's words carry the meaning too.
const (
	colorMine = "#0969da"
	colorPeer = "#9a6700"
)

func swatch(color string) app.UI {
	return app.Span().Attr("style", "display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px;background:"+color)
}

func shareText(permille int, empty bool) string {
	if empty {
		return ""
	}
	return " (" + percent(permille) + ")"
}
