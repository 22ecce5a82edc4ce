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
