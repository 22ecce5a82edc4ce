//go:build browser

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// axePath is axe-core as installed by `make e2e-js` (e2e/js, npm ci, the
// version pinned in e2e/js/package-lock.json).
var axePath = filepath.Join("js", "node_modules", "axe-core", "axe.min.js")

// mustAxe reads axe-core's script.
func mustAxe(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile(axePath)
	if err != nil {
		tb.Fatalf("axe-core is not installed (run `make e2e-js`): %v", err)
	}
	return string(b)
}

// Viewports every page is audited at: a desktop window and a 375 px wide
// phone (iPhone 12 mini class, touch; device pixel ratio 1 keeps the
// docs/img screenshot small).
const (
	desktopWidth, desktopHeight = 1000, 1100
	phoneWidth, phoneHeight     = 375, 812
)

// minTarget is the smallest touch target, in CSS pixels, each way.
const minTarget = 44

// axeViolations runs axe-core on the page and returns its serious and
// critical violations, one line each (rule, impact, help, first targets).
const axeViolations = `(async () => {
  const r = await axe.run(document, {resultTypes: ["violations"]});
  return JSON.stringify(r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v =>
    v.id + " (" + v.impact + "): " + v.help + " at " + v.nodes.slice(0, 4).map(n => n.target.join(" ")).join(", ") +
    (v.nodes.length > 4 ? " and " + (v.nodes.length - 4) + " more" : "")));
})()`

// smallTargets lists the visible controls smaller than minTarget either
// way: buttons, inputs (a checkbox counts by its label), links in the
// navigation bar and links styled as buttons.
const smallTargets = `(() => {
  const out = [];
  const els = document.querySelectorAll('button, input:not([type=checkbox]):not([type=hidden]), label:has(> input[type=checkbox]), header nav a, a.button');
  for (const e of els) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue; // not shown
    if (r.width < %d || r.height < %d) out.push((e.id ? "#" + e.id : e.tagName.toLowerCase() + " " + JSON.stringify(e.innerText.trim().slice(0, 30))) + " " + Math.round(r.width) + "x" + Math.round(r.height));
  }
  return JSON.stringify(out);
})()`

// overflow describes a horizontal overflow of the page (empty when none):
// the page's scroll width against the window's, and the widest elements.
const overflow = `(() => {
  const sw = document.documentElement.scrollWidth, iw = window.innerWidth;
  if (sw <= iw) return "";
  const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > iw + 0.5)
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + String(e.className).split(" ").join(".") : "") + " right=" + Math.round(e.getBoundingClientRect().right));
  return "scrollWidth " + sw + " > innerWidth " + iw + "; wider than the window: " + wide.join(", ");
})()`

// audit checks the page u shows, at desktop width and at 375 px: axe-core
// finds no serious or critical violation, and at 375 px the page does not
// scroll sideways and every control is at least 44 px each way. It leaves
// the window at desktop size. phoneShot, when not empty, is the docs/img
// file name the 375 px screenshot is written to (PAYCHAN_DOC_SHOTS=1).
func (u *user) audit(page, axeJS, phoneShot string) {
	u.tb.Helper()
	for _, vp := range []struct {
		name  string
		phone bool
	}{{"desktop", false}, {"375px", true}} {
		what := page + " at " + vp.name
		if vp.phone {
			u.do("phone viewport", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile))
		} else {
			u.do("desktop viewport", chromedp.EmulateViewport(desktopWidth, desktopHeight))
		}
		// The layout has settled at the new width when two animation
		// frames have passed.
		u.do("layout", chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))`,
			func(p *runtime.EvaluateParams) { p.AwaitPromise = ptrTrue() }))
		u.poll("wasm running", wasmReady)

		if vp.phone {
			if s := u.eval(what+": overflow", overflow); s != "" {
				u.shot("overflow-" + page)
				u.tb.Errorf("%s: %s: the page scrolls sideways: %s", u.name, what, s)
			}
			var small []string
			if err := json.Unmarshal([]byte(u.eval(what+": touch targets", fmt.Sprintf(smallTargets, minTarget, minTarget))), &small); err != nil {
				u.tb.Fatalf("%s: %s: touch targets: %v", u.name, what, err)
			}
			if len(small) > 0 {
				u.tb.Errorf("%s: %s: touch targets under %d px: %s", u.name, what, minTarget, strings.Join(small, "; "))
			}
			if phoneShot != "" {
				u.docShot(page+"-375px", phoneShot)
			} else {
				u.shot(page + "-375px")
			}
		}

		if u.eval("axe loaded", `typeof axe === "undefined" ? "" : "yes"`) == "" {
			u.do("load axe-core", chromedp.Evaluate[chromedp.Void](axeJS))
		}
		var found []string
		if err := json.Unmarshal([]byte(u.eval(what+": axe-core", axeViolations)), &found); err != nil {
			u.tb.Fatalf("%s: %s: axe-core result: %v", u.name, what, err)
		}
		for _, v := range found {
			u.tb.Errorf("%s: %s: axe-core: %s", u.name, what, v)
		}
		if len(found) > 0 {
			u.shot("axe-" + page + "-" + vp.name)
		}
	}
	u.do("reset viewport", chromedp.EmulateReset())
}

// eval evaluates a JavaScript expression that returns a string (awaiting
// a promise).
func (u *user) eval(what, expr string) string {
	u.tb.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, 120*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, func(p *runtime.EvaluateParams) { p.AwaitPromise = ptrTrue() }))
	if err != nil {
		u.shot("failed-eval")
		u.tb.Fatalf("%s: %s: %v", u.name, what, err)
	}
	return s
}

// TestAccessibility walks every page of the wallet (the key page before
// and after import and when locked, the channel list, create, join, the
// dev page, and a channel open, paid and closed) at desktop width and at
// 375 px, and audits each with axe-core, the sideways scroll and the
// touch target size. It also checks that Enter submits the forms.
func TestAccessibility(t *testing.T) {
	axeJS := mustAxe(t)
	m := mustHost(t, t.TempDir())
	browser := mustBrowser(t)
	alice := mustUser(t, browser, "alice")
	bob := mustUser(t, browser, "bob")

	alice.open(m.URL() + "/")
	alice.audit("key-import", axeJS, "")
	// Enter in the passphrase field imports the key (the form's submit).
	alice.fill("wif", aliceWIF)
	alice.fill("passphrase", passphrase+"\r")
	alice.waitText("addr-qtum", aliceQtum)
	alice.poll("relay connected", `(document.getElementById("relay-state")||{}).innerText === "connected"`)
	alice.poll("balance shown", `(document.getElementById("balance-chain")||{innerText:""}).innerText.endsWith("ETH")`)
	alice.audit("key", axeJS, "")

	alice.clickUntil("nav-channels", "channel list", `!!document.getElementById("channels")`)
	alice.audit("channels-empty", axeJS, "")
	alice.clickUntil("nav-dev", "dev page", `!!document.getElementById("dev")`)
	alice.audit("dev", axeJS, "")

	bob.open(m.URL() + "/")
	bob.importKey(bobWIF, bobQtum, bobSigner)
	bob.clickUntil("nav-join", "join page", `!!document.getElementById("join-input")`)
	bob.audit("join", axeJS, "")

	// Alice creates a channel, pressing Enter in the deposit field.
	alice.clickUntil("nav-create", "create page", `!!document.getElementById("create-counterparty")`)
	alice.audit("create", axeJS, "")
	alice.fill("create-counterparty", bobSigner)
	alice.waitValue("create-signer", bobSigner)
	alice.fill("create-deposit", "10\r")
	alice.poll("channel created", `!!document.getElementById("created-id")`)
	alice.audit("created", axeJS, "")
	var id uint64
	fmt.Sscan(alice.text("created-id"), &id)
	alice.click("goto-created")
	alice.waitText("deposit-mine", "10 ETH")

	// Bob joins with Enter.
	bob.fill("join-input", fmt.Sprint(id)+"\r")
	bob.waitText("deposit-peer", "10 ETH")

	// Enter in the amount field pays.
	alice.fill("pay-amount", "3\r")
	bob.waitText("received", "3 ETH")
	alice.waitText("sent", "3 ETH")
	alice.audit("channel-open", axeJS, "11-phone-375px")
	bob.audit("channel-open-peer", axeJS, "")
	alice.clickUntil("nav-channels", "channel list", fmt.Sprintf(`!!document.getElementById("open-channel-%d")`, id))
	alice.audit("channels", axeJS, "")

	// Closed by agreement, with the withdrawal waiting.
	alice.gotoChannel(id)
	alice.click("close-now")
	alice.waitText("status", "closed")
	alice.poll("withdraw offered", `!!document.getElementById("withdraw-submit")`)
	alice.audit("channel-closed", axeJS, "")

	// After a reload the key is locked: the channel page and the unlock form.
	alice.do("reload", chromedp.Reload())
	alice.poll("wasm running", wasmReady)
	alice.waitText("channel-id", fmt.Sprint(id))
	alice.audit("channel-locked", axeJS, "")
	alice.clickUntil("goto-unlock", "unlock screen", `!!document.getElementById("unlock-passphrase")`)
	alice.audit("unlock", axeJS, "")
	// Enter unlocks.
	alice.fill("unlock-passphrase", passphrase+"\r")
	alice.poll("relay connected", `(document.getElementById("relay-state")||{}).innerText === "connected"`)
}
