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
		h := &historyTable{Entries: es[:c.n], Unit: u, showAll: c.all == 1}
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

// historyHost renders one channel's history table, as the channel page
// does, so that go-app reuses the table when the channel changes.
type historyHost struct {
	app.Compo
	Ch      uint64
	Entries []channel.Entry
	table   *historyTable // the first table rendered: the one go-app keeps
}

func (c *historyHost) Render() app.UI {
	st := channel.State{ID: channel.ID{Channel: c.Ch}, History: c.Entries}
	h := newHistoryTable(st, amount.Unit{Symbol: "ETH", Decimals: 18})
	if c.table == nil {
		c.table = h
	}
	return app.Div().Body(h)
}

// TestHistoryShowAllPerChannel: "Show all" on one channel's page does not
// carry over to the next channel's page (go-app reuses the table), and
// the shown table still updates with the channel's payments.
func TestHistoryShowAllPerChannel(t *testing.T) {
	var es []channel.Entry
	for i := 1; i <= 25; i++ {
		v := big.NewInt(int64(i))
		es = append(es, channel.Entry{Dir: channel.Sent, Amount: v, Total: v, At: time.Unix(int64(i), 0)})
	}
	c := &historyHost{Ch: 1, Entries: es}
	disp := app.NewClientTester(c)
	defer disp.Close()
	disp.Consume()
	rows := func() int { return strings.Count(app.HTMLString(c.table), "<tr") }
	if got := rows(); got != historyShown {
		t.Fatalf("channel 1: %d rows; want %d", got, historyShown)
	}
	c.table.onShowAll(nil, app.Event{}) // as the button's click, then go-app's update
	c.table.Update()
	disp.Consume()
	if got := rows(); got != 25 {
		t.Fatalf("channel 1 after Show all: %d rows; want 25", got)
	}
	c.Ch, c.Entries = 2, es[:20]
	c.Update()
	disp.Consume()
	if got := rows(); got != historyShown {
		t.Errorf("channel 2 after Show all on channel 1: %d rows; want %d", got, historyShown)
	}
	c.Ch, c.Entries = 1, es
	c.Update()
	disp.Consume()
	if got := rows(); got != 25 {
		t.Errorf("back on channel 1: %d rows; want 25", got)
	}
}
