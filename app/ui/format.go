package ui

import (
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/amount"
	"paychan/app/channel"
)

// formatCoins writes wei as coins with the symbol, e.g. "100 ETH".
func formatCoins(v *big.Int, decimals int, symbol string) string {
	if v == nil {
		return "–"
	}
	if decimals == 0 && symbol == "" {
		decimals = 18
	}
	s := amount.Format(v, decimals)
	if symbol != "" {
		s += " " + symbol
	}
	return s
}

// errBadChannelRef is returned by parseChannelRef.
var errBadChannelRef = errors.New("enter a channel number or an invite link")

// parseChannelRef reads a channel id from "5", "#5" or an invite link such
// as http://host/join?id=5.
func parseChannelRef(s string) (uint64, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if s == "" {
		return 0, errBadChannelRef
	}
	if strings.Contains(s, "/") || strings.Contains(s, "?") {
		u, err := url.Parse(s)
		if err != nil {
			return 0, fmt.Errorf("%w: %v", errBadChannelRef, err)
		}
		s = u.Query().Get("id")
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("%w: %q is not a channel number", errBadChannelRef, s)
	}
	return n, nil
}

// statusText describes a channel's status for people.
func statusText(st channel.State, head uint64) string {
	switch st.Status {
	case channel.Open:
		return "open"
	case channel.Closing:
		if head >= st.ClosesAt {
			return "closed"
		}
		return fmt.Sprintf("closing until block %d", st.ClosesAt)
	case channel.Closed:
		return "closed"
	}
	return st.Status.String()
}

// typedIn is what the user typed in input id, read when its form is
// submitted. The amount fields have no input handler: go-app re-renders
// the component of an event's element and every component above it, the
// whole wallet, on each keystroke.
func typedIn(id string) string {
	if !app.IsClient {
		return ""
	}
	if e := app.Window().GetElementByID(id); e.Truthy() {
		return e.Get("value").String()
	}
	return ""
}

// setInput sets the value of the input element id in the page. Inputs are
// not bound with Value(): a re-render while the user types would put back
// a value that lags behind the keystrokes.
func setInput(id, v string) {
	if !app.IsClient {
		return
	}
	if e := app.Window().GetElementByID(id); e.Truthy() {
		e.Set("value", v)
	}
}

// archivedNotice tells the user that the host's chain is not the one the
// stored channels were opened on (checkChain archived them).
func archivedNotice(ids []channel.ID) string {
	nums := make([]string, len(ids))
	for i, id := range ids {
		nums[i] = strconv.FormatUint(id.Channel, 10)
	}
	what, shown := "Channel "+nums[0]+" was", "it is"
	if len(ids) > 1 {
		what, shown = "Channels "+strings.Join(nums, ", ")+" were", "they are"
	}
	return "The host's chain was started again from scratch: it is not the chain your channels were opened on. " +
		what + " set aside in this browser's storage (archived): " + shown + " no longer shown, and nothing on the new chain is affected."
}

// displayPlaces is how many digits after the point an amount shows on
// screen; the exact amount is in the element's title (shown on hover).
// Every tUSD amount (6 decimals) shows exactly; an ETH balance after gas
// does not run to 18 digits.
const displayPlaces = 6

// shortAmount writes v in u with at most places digits after the point,
// cut toward zero: a cut amount ends in "…" ("9999.999873… ETH"), a
// non-zero amount that would show as 0 reads "< 0.000001 ETH". It
// returns the exact amount too, for the title.
func shortAmount(u amount.Unit, v *big.Int, places int) (short, full string) {
	if v == nil {
		return "–", ""
	}
	full = u.Format(v)
	n := amount.Format(v, u.Decimals)
	whole, frac, _ := strings.Cut(n, ".")
	if len(frac) <= places {
		return full, full
	}
	cut := strings.TrimRight(frac[:places], "0")
	switch {
	case cut == "" && strings.Trim(whole, "0-") == "":
		smallest := "1"
		if places > 0 {
			smallest = "0." + strings.Repeat("0", places-1) + "1"
		}
		return "< " + u.Format(mustParse(smallest, u.Decimals)), full
	case cut == "":
		n = whole + "…"
	default:
		n = whole + "." + cut + "…"
	}
	if u.Symbol != "" {
		n += " " + u.Symbol
	}
	return n, full
}

// mustParse parses a constant amount.
func mustParse(s string, decimals int) *big.Int {
	v, err := amount.Parse(s, decimals)
	if err != nil {
		return new(big.Int)
	}
	return v
}

// amountSpan shows v in u with displayPlaces digits at most and the exact
// amount on hover.
func amountSpan(id string, u amount.Unit, v *big.Int) app.HTMLSpan {
	return amountSpanPlaces(id, u, v, displayPlaces)
}

// balancePlaces is how many digits after the point the key page's
// on-chain balance shows (the exact balance is on hover).
const balancePlaces = 4

// amountSpanPlaces is amountSpan with places digits at most.
func amountSpanPlaces(id string, u amount.Unit, v *big.Int, places int) app.HTMLSpan {
	text, title := amountTexts(u, v, places)
	s := app.Span().Class("v").Text(text)
	if id != "" {
		s = s.ID(id)
	}
	if title != "" {
		s = s.Title(title)
	}
	return s
}

// amountTexts are an amount span's text and title ("" for none): the
// render and the live update of a payment (live.go) write the same.
func amountTexts(u amount.Unit, v *big.Int, places int) (text, title string) {
	short, full := shortAmount(u, v, places)
	if full != "" && full != short {
		return short, full
	}
	return short, ""
}

// amountRow is a "label: amount" row of the channel page.
func amountRow(label, id string, u amount.Unit, v *big.Int) app.UI {
	return app.Div().Class("row").Body(app.Span().Class("k").Text(label), amountSpan(id, u, v))
}

// nativeUnit is the chain's own coin as the host's configuration names it.
func (w *root) nativeUnit() amount.Unit {
	sym := w.cfg.Symbol
	if sym == "" && w.cfg.Decimals == 0 {
		sym = "ETH"
	}
	return amount.Unit{Symbol: sym, Decimals: w.decimals()}
}

// unitOf is the currency of a channel's amounts: its token, or the
// chain's coin.
func (w *root) unitOf(st channel.State) amount.Unit { return st.Asset.Unit(w.nativeUnit()) }

// unitByID is unitOf for a channel found by id (the chain's coin for a
// channel not shown).
func (w *root) unitByID(id channel.ID) amount.Unit {
	for _, s := range w.states {
		if s.ID == id {
			return w.unitOf(s)
		}
	}
	return w.nativeUnit()
}

// coinsIn writes v exactly in u with its symbol ("20 tUSD"), for notices
// and transaction labels.
func coinsIn(u amount.Unit, v *big.Int) string {
	if v == nil {
		return "–"
	}
	return u.Format(v)
}

// assetRows are the channel page's lines naming what the channel holds:
// the chain's coin, or the token with its contract address (a token
// chooses its symbol freely: the address is what identifies it).
func (c *channelScreen) assetRows(st channel.State) app.UI {
	if !st.Asset.IsToken() {
		return app.Div().Class("row").Body(app.Span().Class("k").Text("Asset"), app.Span().Class("v").ID("asset").Text(c.W.nativeUnit().Symbol))
	}
	return app.Div().Body(
		app.Div().Class("row").Body(app.Span().Class("k").Text("Asset"), app.Span().Class("v").ID("asset").Body(
			app.Span().ID("asset-symbol").Text(st.Asset.Symbol),
			app.Text(fmt.Sprintf(" (token, %d decimals)", st.Asset.Decimals)),
		)),
		app.Div().Class("row").Body(app.Span().Class("k").Text("Token contract"), app.Span().Class("v").ID("asset-token").Text(st.Asset.Token.Hex())),
	)
}

// amountError is the text of an amount the user typed in unit u that
// cannot be used, saying what to do: the number's own words when it has
// too many decimals or none, else words.go's sentence (no package text).
func amountError(what string, u amount.Unit, err error) string {
	if errors.Is(err, amount.ErrEmpty) {
		return what + ": enter an amount"
	}
	var de *amount.DecimalsError
	if errors.As(err, &de) {
		if de.Decimals == 0 {
			return what + ": " + err.Error() + ": enter a whole number"
		}
		return fmt.Sprintf("%s: %v: keep at most %d digits after the point", what, err, de.Decimals)
	}
	return what + ": " + words{Unit: u}.Error(err)
}
