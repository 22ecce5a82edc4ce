package ui

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

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
// and the peer (right), with the two amounts written under it. The bar is
// an inline SVG (the wallet's Content-Security-Policy allows no inline
// styles; SVG attributes are not styles): screen readers read it as one
// image with both amounts (role="img", aria-label and title); the legend
// repeats them for the eye.
func fundsBar(n uint64, mine, peer *big.Int, format func(*big.Int) string) app.UI {
	v := newFundsView(n, mine, peer, format)
	label := xmlEscape(v.label)
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" id="funds-bar" role="img" aria-label="` + label +
		`" width="100%" height="16" viewBox="0 0 1000 16" preserveAspectRatio="none" data-mine="` + strconv.Itoa(v.share) + `"><title>` + label + `</title>` +
		`<rect width="1000" height="16" fill="#eaeef2"/>`)
	if !v.empty {
		b.WriteString(`<rect id="funds-bar-mine" width="` + strconv.Itoa(v.share) + `" height="16" fill="` + colorMine + `"/>` +
			`<rect id="funds-bar-peer" x="` + strconv.Itoa(v.share) + `" width="` + strconv.Itoa(1000-v.share) + `" height="16" fill="` + colorPeer + `"/>`)
	}
	b.WriteString(`<rect width="1000" height="16" fill="none" stroke="#57606a" stroke-width="2" vector-effect="non-scaling-stroke"/></svg>`)
	return app.Div().Class("fundsbar").Body(
		app.Raw(b.String()),
		app.P().Aria("hidden", "true").Body(
			app.Span().ID("funds-legend-mine").Body(swatch(colorMine), app.Text(v.legendMine)),
			app.Text(" · "),
			app.Span().ID("funds-legend-peer").Body(swatch(colorPeer), app.Text(v.legendPeer)),
		),
	)
}

// fundsView is what the bar shows: my share in per mille, whether the
// channel is empty, the text alternative and the legend's two texts (the
// render and the live update of a payment, live.go, use the same).
type fundsView struct {
	share                  int
	empty                  bool
	label                  string
	legendMine, legendPeer string
}

func newFundsView(n uint64, mine, peer *big.Int, format func(*big.Int) string) fundsView {
	share := fundsShare(mine, peer)
	empty := share == 0 && (peer == nil || peer.Sign() <= 0)
	m, p := format(mine), format(peer)
	return fundsView{
		share: share, empty: empty,
		label:      fundsBarLabel(n, m, p, share, empty),
		legendMine: " You " + m + shareText(share, empty),
		legendPeer: " Peer " + p + shareText(1000-share, empty),
	}
}

// The bar's two colours, each 4.5:1 or more against white and 3:1 against
// the empty bar's grey; the legend's words carry the meaning too.
const (
	colorMine = "#0969da"
	colorPeer = "#9a6700"
)

// swatch is a small square of the colour, for the legend.
func swatch(color string) app.UI {
	return app.Raw(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" aria-hidden="true"><rect width="10" height="10" rx="2" fill="` + color + `"/></svg>`)
}

func shareText(permille int, empty bool) string {
	if empty {
		return ""
	}
	return " (" + percent(permille) + ")"
}

// xmlEscape escapes text for an SVG attribute or element.
func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
