package ui

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/browserstore"
)

// TestWarmUpChannel: the worker's channel warm-up renders the whole
// wallet on a channel's page at each of its payments, as the page does:
// the history (newest first, at most historyShown rows), the balance,
// the payments' notices and the runtime's metrics read, and it touches
// no store but the one it is given.
func TestWarmUpChannel(t *testing.T) {
	w := newRoot()
	d := app.NewClientTester(w)
	defer d.Close()
	store := browserstore.Memory()
	w.s = newNode("", browserstore.New(store))
	w.load()
	const rounds = 12 // 9 received, 3 sent
	if err := warmUpChannel(w, d, rounds); err != nil {
		t.Fatal(err)
	}
	page := app.HTMLString(w)
	if got := strings.Count(page, "<tr"); got != historyShown {
		t.Errorf("history rows: %d; want %d", got, historyShown)
	}
	text, _, _ := renderedText(t, page, "balance-mine")
	if want := "1.06 ETH"; text != want { // 1 deposited, 0.09 received, 0.03 sent
		t.Errorf("balance %q; want %q", text, want)
	}
	for _, want := range []string{"Received 0.01 ETH on channel 1 (0.09 ETH in 9 payments)", "Sent 0.01 ETH on channel 1 (0.03 ETH in 3 payments)"} {
		if !strings.Contains(page, want) {
			t.Errorf("no notice %q", want)
		}
	}
	if n := store.Len(); n != 0 {
		t.Errorf("the warm-up stored %d items", n)
	}
}
