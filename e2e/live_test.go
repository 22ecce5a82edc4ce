//go:build browser

package e2e

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// resetMarks empties the page's app/perfmark marks (window.paychanTiming).
func (u *user) resetMarks() {
	u.tb.Helper()
	u.do("reset marks", chromedp.Evaluate[chromedp.Void](`(() => { const m = window.paychanTiming; if (m) for (const k in m) delete m[k]; })()`))
}

// amounts is what one side's channel screen shows.
type amounts struct{ mine, peer, sent, received, legendMine, legendPeer string }

// checkAmounts waits until u's channel screen shows a, then checks that
// each amount is one text node (nothing written twice) and that the texts
// are still a after go-app's render: with live set, u received a payment
// since its marks were reset, and the check waits for the payment's live
// write (app/ui live.go) and for go-app's render after it.
func (u *user) checkAmounts(a amounts, live bool) {
	u.tb.Helper()
	want := map[string]string{"balance-mine": a.mine, "balance-peer": a.peer, "sent": a.sent, "received": a.received}
	for id, text := range want {
		u.waitText(id, text)
	}
	u.waitText("funds-legend-mine", a.legendMine)
	u.waitText("funds-legend-peer", a.legendPeer)
	if live {
		u.poll("live write, then go-app's render", `!!window.paychanTiming && window.paychanTiming.live !== undefined && window.paychanTiming.render !== undefined`)
	}
	for id, text := range want {
		expr := fmt.Sprintf(`(() => { const e = document.getElementById(%q); return !!e && e.childNodes.length === 1 && e.firstChild.nodeType === 3 && e.firstChild.nodeValue === %q; })()`, id, text)
		u.poll(fmt.Sprintf("#%s is one text node %q", id, text), expr)
	}
	u.poll("one amount text per legend", `document.querySelectorAll("#funds-legend-mine").length === 1 && document.getElementById("funds-legend-mine").childNodes.length === 2`)
}

// TestLiveBalance: a payment's new amounts are written into the page before
// go-app's next frame (app/ui live.go). Payments go both ways so that each
// balance goes back to a value it showed before (a text go-app still
// believed it had written would then never be corrected); after each one
// both sides show the right amounts, each once, before and after go-app's
// render; the same after Bob reloads, and a deposit (a chain event, no
// live write) shows too.
func TestLiveBalance(t *testing.T) {
	_, _, alice, bob := mustAliceAndBob(t)
	id := openChannel(t, alice, bob, "10")
	// Once a key was unlocked, each page had a worker render the channel
	// screen as at each payment (the second warm-up: app.js
	// paychanWarmChannel, app/ui WarmUpChannel).
	for _, u := range []*user{alice, bob} {
		u.poll("the channel warm-up", `window.paychanWarmChannelDone !== undefined`)
		got := u.eval("the channel warm-up", `JSON.stringify(window.paychanWarmChannelDone)`)
		var done struct {
			Warm string
			Ms   float64
		}
		if err := json.Unmarshal([]byte(got), &done); err != nil || done.Warm != "done" || done.Ms <= 0 {
			t.Errorf("%s: the channel warm-up in a worker ended with %s; want done", u.name, got)
		}
		t.Logf("%s: the channel warm-up in a worker took %.0f ms", u.name, done.Ms)
	}
	// The amounts are written in one call into the page (app.js).
	bob.poll("app.js's paychanSetTexts", `typeof window.paychanSetTexts === "function"`)
	// side is what either side shows with mine of the channel's 10 ETH.
	side := func(mine int) amounts {
		return amounts{fmt.Sprintf("%d ETH", mine), fmt.Sprintf("%d ETH", 10-mine), "", "",
			fmt.Sprintf("You %d ETH (%d%%)", mine, mine*10), fmt.Sprintf("Peer %d ETH (%d%%)", 10-mine, 100-mine*10)}
	}
	totals := func(a amounts, sent, received int) amounts {
		a.sent, a.received = fmt.Sprintf("%d ETH", sent), fmt.Sprintf("%d ETH", received)
		return a
	}
	round := func(i int) {
		// Alice pays 1: Alice 9, Bob 1.
		bob.resetMarks()
		alice.pay("1")
		bob.checkAmounts(totals(side(1), i, i+1), true)
		alice.checkAmounts(totals(side(9), i+1, i), false)
		// Bob pays it back: Alice 10, Bob 0.
		alice.resetMarks()
		bob.pay("1")
		alice.checkAmounts(totals(side(10), i+1, i+1), true)
		bob.checkAmounts(totals(side(0), i+1, i+1), false)
	}
	for i := 0; i < 3; i++ {
		round(i)
	}

	bob.do("reload", chromedp.Reload())
	bob.poll("wasm running", wasmReady)
	bob.waitText("channel-id", fmt.Sprint(id))
	bob.clickUntil("goto-unlock", "unlock screen", `!!document.getElementById("unlock-passphrase")`)
	bob.unlock()
	bob.gotoChannel(id)
	bob.checkAmounts(totals(side(0), 3, 3), false)
	round(3)

	// Bob deposits 10: a chain event, shown by go-app's render alone.
	bob.fill("deposit-amount", "10")
	bob.click("deposit-submit")
	bob.waitText("deposit-mine", "10 ETH")
	bob.checkAmounts(amounts{"10 ETH", "10 ETH", "4 ETH", "4 ETH", "You 10 ETH (50%)", "Peer 10 ETH (50%)"}, false)
	alice.checkAmounts(amounts{"10 ETH", "10 ETH", "4 ETH", "4 ETH", "You 10 ETH (50%)", "Peer 10 ETH (50%)"}, false)
	bob.resetMarks()
	alice.pay("1")
	bob.checkAmounts(amounts{"11 ETH", "9 ETH", "4 ETH", "5 ETH", "You 11 ETH (55%)", "Peer 9 ETH (45%)"}, true)
}

// TestPayFormStaysPut: a received payment changes the watchtower's line
// twice ("handing ... to the host", then "protected by the host"); the
// rest of the channel screen, the pay form under the user's pointer
// included, must not move with it.
func TestPayFormStaysPut(t *testing.T) {
	_, _, alice, bob := mustAliceAndBob(t)
	openChannel(t, alice, bob, "10")
	bob.waitText("protection", "nothing to protect yet")
	// Bob's page records where its pay form is at each change of the line.
	bob.eval("watch the pay form", `(() => {
  window.__formTops = [];
  const rec = () => window.__formTops.push([document.getElementById("protection").innerText.trim(), Math.round(document.getElementById("pay-form").getBoundingClientRect().top + window.scrollY)]);
  rec();
  new MutationObserver(rec).observe(document.getElementById("protection"), {subtree: true, childList: true, characterData: true});
  return "";
})()`)
	for _, amount := range []string{"1", "2.5"} {
		alice.pay(amount)
		bob.poll("the payment protected", `(() => { const t = document.getElementById("protection").innerText; return t.startsWith("protected by the host"); })()`)
	}
	tops := bob.eval("the pay form's positions", `JSON.stringify(window.__formTops)`)
	var seen [][2]any
	if err := json.Unmarshal([]byte(tops), &seen); err != nil {
		t.Fatalf("positions %s: %v", tops, err)
	}
	texts := map[string]bool{}
	for _, p := range seen {
		texts[fmt.Sprint(p[0])] = true
		if p[1] != seen[0][1] {
			bob.shot("pay-form-moved")
			t.Fatalf("the pay form moved when the watchtower's line changed: (line, top) %s", tops)
		}
	}
	// The line did change through its states (else the test saw nothing).
	if len(texts) < 2 {
		t.Fatalf("the watchtower's line showed only %v; want its states before and after a hand-off", texts)
	}
}
