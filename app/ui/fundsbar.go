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
	part := func(id, color string, width int) app.UI {
		return app.Div().ID(id).Style("width", percent(width)).Style("background", color).Style("height", "100%")
	}
	bar := app.Div().ID("funds-bar").Role("img").Aria("label", fundsBarLabel(n, m, p, share, empty)).
		Style("display", "flex").Style("height", "14px").Style("margin", "8px 0 4px").
		Style("border", "1px solid #57606a").Style("border-radius", "7px").Style("overflow", "hidden").
		Style("background", "#eaeef2").DataSet("mine", share)
	if !empty {
		bar = bar.Body(
			part("funds-bar-mine", "#0969da", share),
			part("funds-bar-peer", "#bf8700", 1000-share),
		)
	}
	swatch := func(color string) app.UI {
		return app.Span().Style("display", "inline-block").Style("width", "10px").Style("height", "10px").
			Style("background", color).Style("margin-right", "4px").Style("border-radius", "2px")
	}
	return app.Div().Class("fundsbar").Body(
		bar,
		app.Div().Aria("hidden", "true").Style("display", "flex").Style("justify-content", "space-between").Style("flex-wrap", "wrap").Body(
			app.Span().ID("funds-legend-mine").Body(swatch("#0969da"), app.Text("You "+m+shareText(share, empty))),
			app.Span().ID("funds-legend-peer").Body(swatch("#bf8700"), app.Text("Peer "+p+shareText(1000-share, empty))),
		),
	)
}

func shareText(permille int, empty bool) string {
	if empty {
		return ""
	}
	return " (" + percent(permille) + ")"
}
