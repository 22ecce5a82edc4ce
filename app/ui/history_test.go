package ui

import (
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/amount"
	"paychan/app/channel"
)

// TestHistoryTable: the channel page lists the newest historyShown
// payments, newest first, with a button for the rest; all of them once
// asked; no button when they all fit.
func TestHistoryTable(t *testing.T) {
	u := amount.Unit{Symbol: "ETH", Decimals: 18}
	at := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	var es []channel.Entry
	for i := 1; i <= 25; i++ {
		dir := channel.Sent
		if i%2 == 0 {
			dir = channel.Received
		}
		v := new(big.Int).Mul(big.NewInt(int64(i)), big.NewInt(1e15))
		es = append(es, channel.Entry{Dir: dir, Amount: v, Total: v, At: at.Add(time.Duration(i) * time.Second)})
	}
	for _, c := range []struct {
		n, all   int
		wantRows int
		button   bool
	}{
		{n: 0, wantRows: 0},
		{n: 3, wantRows: 3},
		{n: historyShown, wantRows: historyShown},
		{n: 25, wantRows: historyShown, button: true},
		{n: 25, all: 1, wantRows: 25},
	} {
		h := &historyTable{Entries: es[:c.n], Unit: u, all: c.all == 1}
		page := app.HTMLString(h)
		if got := strings.Count(page, "<tr"); got != c.wantRows {
			t.Errorf("%d entries (all %v): %d rows; want %d", c.n, c.all == 1, got, c.wantRows)
		}
		if got := strings.Contains(page, `id="history-all"`); got != c.button {
			t.Errorf("%d entries (all %v): button %v; want %v", c.n, c.all == 1, got, c.button)
		}
		if c.button && !strings.Contains(page, "Show all 25 payments") {
			t.Errorf("button text: %s", page)
		}
		if c.n > 1 {
			// Newest first: the last entry's amount before the one before it.
			newest := strings.Index(page, amount.Format(es[c.n-1].Amount, 18))
			older := strings.Index(page, amount.Format(es[c.n-2].Amount, 18)+" ETH")
			if newest < 0 || older < 0 || newest > older {
				t.Errorf("%d entries: not newest first (%d, %d)", c.n, newest, older)
			}
		}
	}
}
