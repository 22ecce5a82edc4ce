//go:build browser

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/png"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	goqr "github.com/piglig/go-qr"
)

// decodeQR photographs the QR code in the element with id as Chromium drew
// it (a PNG of the element, like a phone's camera sees the screen) and
// decodes it with an independent decoder (github.com/piglig/go-qr).
func (u *user) decodeQR(id string) string {
	u.tb.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, 30*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.ID(id)))
	if err != nil {
		u.tb.Fatalf("%s: screenshot of #%s: %v", u.name, id, err)
	}
	img, _, err := image.Decode(bytes.NewReader(buf))
	if err != nil {
		u.tb.Fatalf("%s: read the screenshot of #%s: %v", u.name, id, err)
	}
	text, err := goqr.Decode(img)
	if err != nil {
		u.shot("failed-qr-" + id)
		u.tb.Fatalf("%s: decode the QR code #%s (%v): %v", u.name, id, img.Bounds(), err)
	}
	return text
}

// ariaLabel returns the aria-label of the element with id.
func (u *user) ariaLabel(id string) string {
	u.tb.Helper()
	s, err := chromedp.Run(u.ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.getElementById(%q)||{getAttribute:()=>"<missing>"}).getAttribute("aria-label")`, id)))
	if err != nil {
		u.tb.Fatalf("%s: aria-label of #%s: %v", u.name, id, err)
	}
	return s
}

// waitAria waits until the element with id has the aria-label want.
func (u *user) waitAria(id, want string) {
	u.tb.Helper()
	u.poll(fmt.Sprintf("#%s labelled %q (now %q)", id, want, u.ariaLabel(id)),
		fmt.Sprintf(`(document.getElementById(%q)||{getAttribute:()=>""}).getAttribute("aria-label") === %q`, id, want))
}

// TestPictures: the invite link's QR code decodes back to the link; the
// funds bar shows both shares; Bob's payment request (link and QR code)
// opens Alice's wallet on the channel with the amount filled in, refuses
// what her channel cannot honour, and pays only on her one click.
func TestPictures(t *testing.T) {
	m, _, alice, bob := mustAliceAndBob(t)

	// Alice opens a channel with Bob: the invite link comes with a QR code.
	alice.click("nav-create")
	alice.fill("create-counterparty", bobSigner)
	alice.waitValue("create-signer", bobSigner)
	alice.fill("create-deposit", "10")
	alice.click("create-submit")
	alice.poll("channel created", `!!document.getElementById("invite-qr")`)
	var id uint64
	fmt.Sscan(alice.text("created-id"), &id)
	invite := alice.text("invite-link")
	if want := fmt.Sprintf("%s/join?id=%d", m.URL(), id); invite != want {
		t.Fatalf("invite link %q; want %q", invite, want)
	}
	if got := alice.decodeQR("invite-qr"); got != invite {
		t.Fatalf("the invite QR code reads %q; want the invite link %q", got, invite)
	}
	alice.shot("invite-qr")

	// Bob joins by the link the QR code holds.
	bob.open(invite)
	bob.waitValue("join-input", fmt.Sprint(id))
	bob.open(m.URL() + "/")
	bob.unlock()
	bob.click("nav-join")
	bob.fill("join-input", invite)
	bob.click("join-submit")
	bob.waitText("deposit-peer", "10 ETH")
	alice.click("goto-created")
	alice.waitText("deposit-mine", "10 ETH")

	// The funds bar: all Alice's at first.
	alice.waitAria("funds-bar", fmt.Sprintf("Funds in channel %d: you 10 ETH (100%%), your peer 0 ETH (0%%)", id))
	bob.waitAria("funds-bar", fmt.Sprintf("Funds in channel %d: you 0 ETH (0%%), your peer 10 ETH (100%%)", id))

	// Bob asks for 2.5 ETH: a link and its QR code.
	bob.fill("request-amount", "0.0000000000000000001")
	bob.click("request-make")
	bob.poll("too many decimals refused", `(document.getElementById("request-error")||{innerText:""}).innerText.includes("ETH has only 18 decimals")`)
	bob.fill("request-amount", "2.50")
	bob.click("request-make")
	bob.poll("request made", `!!document.getElementById("request-qr")`)
	link := bob.text("request-link")
	want := fmt.Sprintf("%s/pay?amount=2.5&channel=%d&to=%s", m.URL(), id, bobSigner)
	if link != want {
		t.Fatalf("request link %q; want %q", link, want)
	}
	if got := bob.decodeQR("request-qr"); got != link {
		t.Fatalf("the request QR code reads %q; want the link %q", got, link)
	}
	bob.docShot("payment-request", "9-funds-bar-and-request-qr")

	// Copy copies the link shown, also once a second request replaced the
	// first: go-app v9 keeps a button's click handler while its code is
	// the same, so copyButton scopes the handler by its text. The page's
	// clipboard records what it is given (headless Chromium has none to
	// read back).
	bob.eval("record the clipboard", `(() => { navigator.clipboard.writeText = (t) => { window.__copied = t; return Promise.resolve(); }; return ""; })()`)
	bob.click("copy-request")
	bob.poll("the link copied", fmt.Sprintf(`window.__copied === %q`, link))
	bob.fill("request-amount", "1.25")
	bob.click("request-make")
	second := fmt.Sprintf("%s/pay?amount=1.25&channel=%d&to=%s", m.URL(), id, bobSigner)
	bob.waitText("request-link", second)
	bob.click("copy-request")
	bob.poll("the second link copied, not the first", fmt.Sprintf(`window.__copied === %q`, second))

	// Links Alice's wallet refuses, in words, with no button to pay.
	other := "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
	for _, c := range []struct{ query, want string }{
		{fmt.Sprintf("amount=2.5&channel=%d&to=%s", id, other), fmt.Sprintf("This request comes from %s, who is not your peer in channel %d", other, id)},
		{fmt.Sprintf("amount=2.5&channel=%d&to=%s", id+41, bobSigner), fmt.Sprintf("This request asks for a payment on channel %d, which is not in your wallet", id+41)},
		{fmt.Sprintf("amount=%s&channel=%d&to=%s", url.QueryEscape("0.0000000000000000001"), id, bobSigner), "but ETH has only 18 decimals"},
		{fmt.Sprintf("amount=11&channel=%d&to=%s", id, bobSigner), fmt.Sprintf("This request asks for 11 ETH, but you have only 10 ETH in channel %d", id)},
		{fmt.Sprintf("amount=1e3&channel=%d&to=%s", id, bobSigner), `This payment request link is not valid: the amount is not a number`},
	} {
		alice.open(m.URL() + "/pay?" + c.query)
		alice.poll("refused: "+c.want, fmt.Sprintf(`(document.getElementById("payreq-error")||{innerText:""}).innerText.includes(%q)`, c.want))
		if ok, _ := chromedp.Run(alice.ctx, chromedp.Evaluate[bool](`!!document.getElementById("payreq-submit")`)); ok {
			t.Errorf("a refused request (%s) still offers to pay", c.query)
		}
	}
	alice.shot("payment-request-refused")

	// Bob's link: who asks, the channel and the amount are filled in.
	alice.open(link)
	alice.waitText("payreq-from", bobSigner)
	alice.waitText("payreq-channel", fmt.Sprint(id))
	alice.waitValue("payreq-amount", "2.5")
	alice.waitText("payreq-summary", fmt.Sprintf("A request to pay 2.5 ETH on channel %d to your peer %s. Anyone can make such a link: pay only if you expect it.", id, bobSigner))
	// A link opens a fresh page: the key is locked; it unlocks in place.
	alice.fill("unlock-passphrase", passphrase)
	alice.click("unlock")
	alice.waitText("payreq-submit", "Pay 2.5 ETH")
	alice.poll("pay enabled (relay connected)", `document.getElementById("payreq-submit").disabled === false`)
	alice.waitAria("funds-bar", fmt.Sprintf("Funds in channel %d: you 10 ETH (100%%), your peer 0 ETH (0%%)", id)) // nothing paid yet
	alice.docShot("payment-request-open", "10-payment-request")
	alice.click("payreq-submit")
	alice.waitText("payreq-done", fmt.Sprintf("Paid 2.5 ETH on channel %d.", id))
	if ok, _ := chromedp.Run(alice.ctx, chromedp.Evaluate[bool](`!!document.getElementById("payreq-submit")`)); ok {
		t.Error("a paid request still offers to pay again")
	}

	// Bob sees it; both funds bars show both shares.
	bob.waitText("received", "2.5 ETH")
	bob.waitAria("funds-bar", fmt.Sprintf("Funds in channel %d: you 2.5 ETH (25%%), your peer 7.5 ETH (75%%)", id))
	alice.waitAria("funds-bar", fmt.Sprintf("Funds in channel %d: you 7.5 ETH (75%%), your peer 2.5 ETH (25%%)", id))
	if got := bob.text("funds-legend-mine"); !strings.Contains(got, "You 2.5 ETH (25%)") {
		t.Errorf("Bob's funds legend %q; want You 2.5 ETH (25%%)", got)
	}
	alice.click("goto-request-channel")
	alice.waitText("sent", "2.5 ETH")
	bob.shot("funds-bar")
}
